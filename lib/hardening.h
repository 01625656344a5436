/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_HARDENING_H
#define SIXD_HARDENING_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/resource.h>

#include "error.h"
#include "store.h"

/*
 * Docker's --read-only, --tmpfs, --ulimit and --oom-score-adj: the parsers
 * (pure, unit tested) and what the container's init applies before exec.
 */

/* Docker's options for a --tmpfs given without any. */
#define SIXD_TMPFS_DEFAULT "nosuid,nodev,noexec,size=65536k"

struct sixd_tmpfs {
	char *target;	     /* absolute, not "/" */
	unsigned long flags; /* MS_NOSUID, MS_NOEXEC, MS_RDONLY, ... */
	char *data;	     /* tmpfs options: "size=1m,mode=1777" */
};

struct sixd_ulimit {
	int resource; /* RLIMIT_NOFILE, ... */
	struct rlimit lim;
};

struct sixd_hardening {
	bool read_only; /* the root read-only (volumes, tmpfs, /dev, /proc keep theirs) */
	struct sixd_tmpfs *tmpfs;
	size_t n_tmpfs;
	struct sixd_ulimit *ulimits; /* one per resource, the last given wins */
	size_t n_ulimits;
	int oom_score_adj; /* 0: left as inherited */
};

/*
 * Parse a --tmpfs spec "/path[:opts]".  The options are merged over
 * SIXD_TMPFS_DEFAULT: "exec" clears noexec, "size=1m" replaces the size.  Mount
 * flags (ro, nosuid, noexec, ...) go to out->flags, tmpfs options (size, mode,
 * uid, gid, nr_inodes, nr_blocks, huge, mpol, inode32, inode64, noswap) to
 * out->data.  Anything else fails with EINVAL naming the spec.
 */
int sixd_tmpfs_parse(const char *spec, struct sixd_tmpfs *out, struct sixd_error **err);
void sixd_tmpfs_free(struct sixd_tmpfs *t);

/*
 * Parse a --ulimit spec "NAME=SOFT[:HARD]" with Docker's names (core, cpu,
 * data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio,
 * rttime, sigpending, stack, as); -1 is unlimited; HARD defaults to SOFT.  A
 * soft limit above the hard one fails with EINVAL.
 */
int sixd_ulimit_parse(const char *spec, struct sixd_ulimit *out, struct sixd_error **err);

/* Parse --oom-score-adj: an integer from -1000 to 1000. */
int sixd_oom_score_adj_parse(const char *s, int *out, struct sixd_error **err);

/* The container's hardening from its record (validated again); free with sixd_hardening_free. */
int sixd_hardening_from_record(const struct sixd_record *r, struct sixd_hardening *out,
			       struct sixd_error **err);
void sixd_hardening_free(struct sixd_hardening *h);

/*
 * In the container's init, before exec: set the ulimits and oom_score_adj.
 * Raising a hard limit or lowering oom_score_adj needs CAP_SYS_RESOURCE: the
 * error says so.
 */
int sixd_hardening_apply(const struct sixd_hardening *h, struct sixd_error **err);

#endif
