/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_LOGS_H
#define SIXD_LOGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/* One log line as the monitor wrote it (Docker's json-file format). */
struct sixd_log_entry {
	bool is_stderr;
	int64_t time;	  /* ns since the epoch */
	const char *text; /* the line, with its "\n" when it had one */
	size_t len;
};

typedef void (*sixd_log_emit_fn)(void *data, const struct sixd_log_entry *e);

struct sixd_logs_opts {
	bool follow;   /* -f: go on until the container exits */
	int64_t tail;  /* --tail N; -1: all */
	int64_t since; /* ns; 0: unset */
	int64_t until; /* ns; 0: unset */
	sixd_log_emit_fn emit;
	void *data;
};

/*
 * Hand the container's log lines, oldest first (across rotated files), to
 * o->emit.  With o->follow, keep following new lines, across rotations, until
 * the container's monitor has exited.
 */
int sixd_container_logs(struct sixd_store *s, const char *ref, const struct sixd_logs_opts *o,
			struct sixd_error **err);

/*
 * Parse a --since/--until value: RFC 3339 ("2026-11-23T12:00:00Z"), a Unix time
 * ("1700000000" or with a fraction), or a duration before now ("10m", "1h30m",
 * "45s").  Fails with a message naming the value.
 */
int sixd_parse_time_arg(const char *s, int64_t now, int64_t *ns, struct sixd_error **err);

#endif
