/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_FORMAT_H
#define SIXD_FORMAT_H

#include <jansson.h>
#include <stddef.h>

#include "error.h"

/*
 * A small subset of Go's text/template, enough for `ps --format` and
 * `inspect -f` as Docker users write them.  The data is a jansson value.
 *
 *   text               literal; the two characters \t and \n become a tab and a
 *                      newline, as Docker's CLI does for --format
 *   {{.}}              the whole value
 *   {{.A.B}}           a field of an object, nested; whitespace inside the braces is fine
 *   {{"s"}} {{`s`}}    a string literal (Go escapes \" \\ \n \t \r in "...")
 *   {{json ARG}}       ARG as compact JSON ("null" for a missing field)
 *   {{join ARG "sep"}} an array joined by sep; {{upper ARG}}, {{lower ARG}}, {{len ARG}}
 *   {{ARG | fn ...}}   a pipeline: the value becomes the last argument of fn
 *   {{- x -}}          trim the white space before / after the action
 *   {{/ * c * /}}      a comment (without the spaces)
 *
 * Printing follows Go for scalars: strings raw, numbers and booleans as JSON,
 * a missing field or a JSON null as "<no value>".  Arrays and objects print
 * as compact JSON, where Go would print [a b] and map[k:v] (a deliberate
 * difference: JSON is what scripts can parse).  Control actions ({{if}},
 * {{range}}...), unknown functions, a wrong number of arguments or an
 * unclosed {{ are errors "template 'TEXT': ...".
 */
struct sixd_template;

/* Parse text into *out (free with sixd_template_free); -1 with *err on a malformed template. */
int sixd_template_parse(const char *text, struct sixd_template **out, struct sixd_error **err);

/*
 * Render t against data (borrowed) into a new string.  Fails only on an
 * execution error: a field of a scalar ("cannot evaluate field X in type
 * string"), a function given the wrong type, or ENOMEM.
 */
char *sixd_template_render(const struct sixd_template *t, json_t *data, struct sixd_error **err);

void sixd_template_free(struct sixd_template *t);

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

/* Number of UTF-8 characters in the first len bytes of s. */
size_t sixd_format_width(const char *s, size_t len);

#endif
