// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

static enum sixd_log_level log_level = SIXD_LOG_WARN;
static const char *const level_names[] = {"error", "warn", "info", "debug"};

int sixd_log_set_level(const char *name)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strcmp(name, level_names[i]) == 0) {
			log_level = (enum sixd_log_level)i;
			return 0;
		}
	}
	if (strcmp(name, "warning") == 0) {
		log_level = SIXD_LOG_WARN;
		return 0;
	}
	return -1;
}

void sixd_log(enum sixd_log_level level, const char *fmt, ...)
{
	int saved = errno;
	char line[1024];
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "sixdocker: %s: %s\n", level_names[level], line);
	errno = saved;
}
