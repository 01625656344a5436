/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_ERROR_H
#define SIXD_ERROR_H

#include <stdarg.h>
#include <stdbool.h>

/*
 * An error travels up the call chain in a struct sixd_error.  A function that
 * can fail returns < 0 (or NULL) and fills *err; only cmd/main.c prints it.
 *
 * status is an errno value (0 when no system call failed), exit_code the exit
 * status the CLI should use (0 means "sixdocker's own failure", i.e. 125).
 */
struct sixd_error {
	int status;
	int exit_code;
	char *msg;
};

/* Exit codes of the Docker CLI. */
enum {
	SIXD_EXIT_FAILURE = 125,
	SIXD_EXIT_CANNOT_EXEC = 126,
	SIXD_EXIT_NOT_FOUND = 127,
};

/*
 * Fill *err with errno value status and a printf-style message; returns -1 so
 * a caller can write `return sixd_error_set(err, errno, "cannot open '%s'", p)`.
 * err may be NULL (the error is dropped).  errno is preserved.
 */
int sixd_error_set(struct sixd_error **err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* As sixd_error_set, with an explicit exit code (126, 127, ...). */
int sixd_error_set_exit(struct sixd_error **err, int exit_code, int status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Prefix the message of *err with context: "context: old message".  Returns -1. */
int sixd_error_wrap(struct sixd_error **err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Whether err is a full file system (ENOSPC, EDQUOT); false for NULL. */
bool sixd_error_no_room(const struct sixd_error *err);

/* Free *err and set it to NULL; accepts NULL. */
void sixd_error_free(struct sixd_error **err);

/* Render "message: strerror" into a newly allocated string (NULL on ENOMEM). */
char *sixd_error_format(const struct sixd_error *err);

#endif
