/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_LOG_H
#define SIXD_LOG_H

enum sixd_log_level {
	SIXD_LOG_ERROR = 0,
	SIXD_LOG_WARN,
	SIXD_LOG_INFO,
	SIXD_LOG_DEBUG,
};

/* Set the level from a name ("error", "warn", "info", "debug"); -1 if unknown. */
int sixd_log_set_level(const char *name);

/* Write one line "sixdocker: <level>: <message>" to stderr if level is enabled. */
void sixd_log(enum sixd_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define sixd_log_error(...) sixd_log(SIXD_LOG_ERROR, __VA_ARGS__)
#define sixd_log_warn(...) sixd_log(SIXD_LOG_WARN, __VA_ARGS__)
#define sixd_log_info(...) sixd_log(SIXD_LOG_INFO, __VA_ARGS__)
#define sixd_log_debug(...) sixd_log(SIXD_LOG_DEBUG, __VA_ARGS__)

#endif
