/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_FORMAT_INTERNAL_H
#define SIXD_FORMAT_INTERNAL_H

/* Shared by the template engine (format.c) and its functions (format_funcs.c). */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

#define SIXD_FMT_NO_VALUE "<no value>"
#define SIXD_FMT_VARIADIC ((size_t)-1)

/*
 * A template function: called with n arguments (an argument may be NULL: no
 * value), it stores a new reference in *out (NULL for no value) or fails with
 * "template 'SOURCE': NAME: ..." in *err.
 */
struct sixd_fmt_func {
	const char *name;
	size_t min_args, max_args;
	int (*call)(const char *source, json_t **args, size_t n, json_t **out,
		    struct sixd_error **err);
};

/* The function called name[0..len), or NULL. */
const struct sixd_fmt_func *sixd_fmt_find_func(const char *name, size_t len);

/* Fill *err with "template 'SOURCE': message" (status 0); returns -1. */
int sixd_fmt_error(struct sixd_error **err, const char *source, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Go's name of the type of v: string, int, float64, bool, slice, map, nil. */
const char *sixd_fmt_type_name(const json_t *v);

/* Go's truth: false, 0, nil, "" and empty arrays and objects are false. */
bool sixd_fmt_truth(const json_t *v);

/* Print v as the template prints a value (strings raw, "<no value>" for nil, else JSON). */
int sixd_fmt_print(FILE *f, const json_t *v);

#endif
