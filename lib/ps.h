/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_PS_H
#define SIXD_PS_H

#include <jansson.h>
#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/* Docker's default `ps` table (-s adds "\t{{.Size}}" to the body). */
#define SIXD_PS_DEFAULT_FORMAT_BODY                                                                \
	"{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
#define SIXD_PS_DEFAULT_FORMAT "table " SIXD_PS_DEFAULT_FORMAT_BODY

/* Docker's command column: at most this many characters, the last one "…". */
#define SIXD_PS_COMMAND_WIDTH 20

enum sixd_ps_filter_key {
	SIXD_PS_FILTER_NAME,   /* a regular expression (ERE) matched against NAME and /NAME */
	SIXD_PS_FILTER_STATUS, /* created, restarting, running, removing, paused, exited, dead */
	SIXD_PS_FILTER_ID,     /* a prefix of the 64-hex id */
};

struct sixd_ps_filter {
	enum sixd_ps_filter_key key;
	char *value;
	regex_t re; /* name only */
};

struct sixd_ps_opts {
	bool all;	       /* -a: not only running containers */
	bool quiet;	       /* -q: ids only */
	bool no_trunc;	       /* --no-trunc: full ids and commands */
	long last;	       /* -n N: the N newest (all states); <= 0: no limit */
	const char *format;    /* --format: NULL or "" for the default table, "table ...", "json" */
	bool size;	       /* -s: the SIZE column (also computed when a template reads .Size) */
	const char *data_root; /* where the upper dirs and images are (needed for sizes) */
	struct sixd_ps_filter *filters;
	size_t n_filters;
};

/*
 * Add a --filter "key=value" to o.  Keys name, status and id; filters of one
 * key OR, of different keys AND (as Docker).  Anything else fails with
 * "invalid filter '...'" (status 0, so it prints as one line).
 */
int sixd_ps_filter_add(struct sixd_ps_opts *o, const char *spec, struct sixd_error **err);

void sixd_ps_filters_free(struct sixd_ps_opts *o);

/* True when r passes o's filters and states (-a, -n, a status filter: every state). */
bool sixd_ps_shown(const struct sixd_ps_opts *o, const struct sixd_record *r);

/*
 * The COMMAND cell: argv joined by spaces (an argument holding a space in
 * single quotes, as Docker's daemon does), with trunc cut to
 * SIXD_PS_COMMAND_WIDTH characters ending in "…", quoted as Go's
 * strconv.Quote does ("\"sleep 1000\"").  NULL on ENOMEM.
 */
char *sixd_ps_command(char *const *argv, bool trunc);

/* The STATUS cell at time now (ns): "Up 5 minutes", "Exited (3) 2 seconds ago", "Created". */
void sixd_ps_status(const struct sixd_record *r, int64_t now, char *buf, size_t len);

/* Docker's CreatedAt (Go's time.String in local time): "2026-11-23 13:02:25 +0000 UTC". */
void sixd_ps_created_at(int64_t ns, char *buf, size_t len);

/*
 * The row of r as a JSON object with Docker's keys, sorted (what `--format
 * json` prints and every placeholder reads): Command, CreatedAt, ID, Image,
 * Labels, LocalVolumes, Mounts, Names, Networks, Ports, RunningFor, Size,
 * State, Status.  NULL on ENOMEM.
 */
json_t *sixd_ps_row(const struct sixd_record *r, bool trunc, int64_t now);

/*
 * The whole output of `ps` for the records in list (newest first, as
 * sixd_container_list gives them) at time now: the shown ones, at most
 * o->last, rendered through o's format (a "table" format gets a header row
 * and aligned columns).  With o->size, or a template reading .Size, each
 * shown container's upper dir is walked for its size (see ps_size.h);
 * otherwise Size is "0B", as Docker.  Returns a new string or NULL with *err (a bad
 * template, ENOMEM).
 */
char *sixd_ps_render(const struct sixd_ps_opts *o, const struct sixd_record *list, size_t n,
		     int64_t now, struct sixd_error **err);

#endif
