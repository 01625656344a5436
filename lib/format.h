/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_FORMAT_H
#define SIXD_FORMAT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

/*
 * Go's text/template for `--format` and `inspect -f` as Docker users write
 * them (without define/template/block/break/continue).  The data is a jansson value.
 *
 *   text               literal; the two characters \t and \n become a tab and a
 *                      newline, as Docker's CLI does for --format
 *   {{.}} {{.A.B}}     the value of dot, a field of an object, nested
 *   {{$}} {{$x.A}}     the whole value; a variable (set by := or range)
 *   {{"s"}} {{`s`}} 1 2.5 true false nil    literals (Go escapes in "...")
 *   {{fn ARG...}}      json join upper lower title split len eq ne lt le gt ge
 *                      and or not index printf (see format_funcs.c)
 *   {{ARG | fn ...}}   a pipeline: the value becomes the last argument of fn
 *   (PIPELINE)         a pipeline as an operand, fields may follow: (index .X 0).Name
 *   {{$x := P}}        set a variable, in scope up to the {{end}} around it
 *   {{if P}} A {{else if P}} B {{else}} C {{end}}
 *   {{with P}} A {{else with P}} B {{else}} C {{end}}    A with dot = P's value
 *   {{range [$i, ][$v :=] P}} A {{else}} B {{end}}
 *                      A for each element of an array, value of an object (by sorted
 *                      key) or 0..n-1 of a count, with dot = the element; B if none
 *   {{- x -}}          trim the white space before / after the action
 *   {{/ * c * /}}      a comment (without the spaces)
 *
 * Truth is Go's: false, 0, nil and empty strings, arrays and objects are false.
 * Printing follows Go for scalars: strings raw, numbers and booleans as JSON,
 * a missing field or a JSON null as "<no value>".  Arrays and objects print
 * as compact JSON, where Go would print [a b] and map[k:v] (a deliberate
 * difference: JSON is what scripts can parse).  A malformed template (an
 * unclosed {{ or {{if}}, a stray {{end}} or {{else}}, an undefined variable,
 * an unknown function, a wrong number of arguments) fails to parse with
 * "template 'TEXT': ...".
 */
struct sixd_template;

/* Parse text into *out (free with sixd_template_free); -1 with *err on a malformed template. */
int sixd_template_parse(const char *text, struct sixd_template **out, struct sixd_error **err);

/*
 * Render t against data (borrowed) into a new string.  Fails only on an
 * execution error: a field of a scalar ("cannot evaluate field X in type
 * string"), a function given the wrong type, a range over a scalar, or ENOMEM.
 */
char *sixd_template_render(const struct sixd_template *t, json_t *data, struct sixd_error **err);

void sixd_template_free(struct sixd_template *t);

/* True when t reads a field called name anywhere ({{.Size}}, {{if .A.Size}}, {{$x.Size}}). */
bool sixd_template_uses(const struct sixd_template *t, const char *name);

/* Parse and render once. */
char *sixd_format_render(const char *text, json_t *data, struct sixd_error **err);

/*
 * Align tab-separated cells as Go's tabwriter does for Docker's tables
 * (minwidth min_width, padding, pad with spaces): every cell that a tab ends
 * is padded to the widest such cell of its column + padding, at least
 * min_width; the text after the last tab of a line is left as is.  Widths
 * count UTF-8 characters, so "…" is one.  Returns a new string or NULL (ENOMEM).
 */
char *sixd_format_align(const char *text, size_t min_width, size_t padding);

/*
 * The template text of a list command's --format, as Docker reads it: NULL, ""
 * or "table" is default_table (itself "table TEMPLATE"), "json" one JSON object
 * per line, "table TEMPLATE" a table (*table set: a header row, then aligned),
 * anything else a template per row; spaces around the template do not count.
 * A new string, NULL on ENOMEM.
 */
char *sixd_format_pick(const char *format, const char *default_table, bool *table);

/*
 * Render data through t as one line of f; data NULL (it could not be made) is
 * ENOMEM with "cannot <what>".
 */
int sixd_format_line(FILE *f, const struct sixd_template *t, json_t *data, const char *what,
		     struct sixd_error **err);

/* Number of UTF-8 characters in the first len bytes of s. */
size_t sixd_format_width(const char *s, size_t len);

#endif
