// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static int error_vset(struct sixd_error **err, int exit_code, int status, const char *fmt,
		      va_list ap)
{
	int saved = errno;
	struct sixd_error *e;

	if (err == NULL)
		goto out;
	sixd_error_free(err);
	e = calloc(1, sizeof(*e));
	if (e == NULL)
		goto out;
	e->status = status;
	e->exit_code = exit_code;
	if (vasprintf(&e->msg, fmt, ap) < 0)
		e->msg = NULL;
	*err = e;
out:
	errno = saved;
	return -1;
}

int sixd_error_set(struct sixd_error **err, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, 0, status, fmt, ap);
	va_end(ap);
	return -1;
}

int sixd_error_set_exit(struct sixd_error **err, int exit_code, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, exit_code, status, fmt, ap);
	va_end(ap);
	return -1;
}

int sixd_error_wrap(struct sixd_error **err, const char *fmt, ...)
{
	int saved = errno;
	char *ctx = NULL, *joined = NULL;
	va_list ap;

	if (err == NULL || *err == NULL)
		goto out;
	va_start(ap, fmt);
	if (vasprintf(&ctx, fmt, ap) < 0)
		ctx = NULL;
	va_end(ap);
	if (ctx == NULL)
		goto out;
	if (asprintf(&joined, "%s: %s", ctx, (*err)->msg ? (*err)->msg : "") < 0)
		joined = NULL;
	free(ctx);
	if (joined != NULL) {
		free((*err)->msg);
		(*err)->msg = joined;
	}
out:
	errno = saved;
	return -1;
}

bool sixd_error_no_room(const struct sixd_error *err)
{
	return err && (err->status == ENOSPC || err->status == EDQUOT);
}

void sixd_error_free(struct sixd_error **err)
{
	if (err == NULL || *err == NULL)
		return;
	free((*err)->msg);
	free(*err);
	*err = NULL;
}

char *sixd_error_format(const struct sixd_error *err)
{
	char *out = NULL;
	const char *msg = err && err->msg ? err->msg : "unknown error";

	if (err && err->status > 0) {
		if (asprintf(&out, "%s: %s", msg, strerror(err->status)) < 0)
			return NULL;
		return out;
	}
	return strdup(msg);
}
