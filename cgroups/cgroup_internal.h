/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_CGROUP_INTERNAL_H
#define SIXD_CGROUP_INTERNAL_H

/*
 * Shared between the files of cgroups/ only; callers use cgroup.h.  The
 * cgroups are plain directories of cgroupfs: mkdir, write, rmdir.
 */

#include <errno.h>
#include <stdbool.h>

#include "cgroup.h"
#include "cleanup.h"

/* Where the cgroup filesystems live; a cgroup2 mount here means v2 mode. */
#define SIXD_CGROUP_ROOT "/sys/fs/cgroup"

struct sixd_cgroup {
	enum sixd_cgroup_mode mode;
	char *rel;	    /* "<parent>/<name>", relative to each hierarchy's root */
	char **controllers; /* controllers the cgroup uses (NULL-terminated) */
	char **dirs;	    /* its directories, one per hierarchy (NULL-terminated) */
};

static inline void sixd_cgroup_freep(struct sixd_cgroup **cg)
{
	int saved = errno;

	sixd_cgroup_free(*cg);
	*cg = NULL;
	errno = saved;
}

#define _cleanup_cgroup_ _cleanup_(sixd_cgroup_freep)

/* Write value to <dir>/<file>; the error names both. */
int sixd_cgroup_write(const char *dir, const char *file, const char *value,
		      struct sixd_error **err);

/*
 * The mount point of controller's hierarchy if it is mounted with the kind of
 * filesystem mode uses (cgroup for v1, cgroup2 for v2), else NULL.
 */
char *sixd_cgroup_mount_point(enum sixd_cgroup_mode mode, const char *controller);

/*
 * Use mountinfo (the text of a /proc/<pid>/mountinfo) as the mount table from
 * now on; NULL: read /proc/self/mountinfo again at the next lookup.  The table
 * is otherwise read once per process.  For tests.
 */
void sixd_cgroup_mounts_load(const char *mountinfo);

/* A new handle for "<parent>/<name>" with no controller yet. */
struct sixd_cgroup *sixd_cgroup_alloc(enum sixd_cgroup_mode mode, const char *parent,
				      const char *name, struct sixd_error **err);

/* Add controller (mounted at mnt) to the handle and its directory to cg->dirs. */
int sixd_cgroup_use(struct sixd_cgroup *cg, const char *controller, const char *mnt,
		    struct sixd_error **err);

/* True if the handle uses controller. */
bool sixd_cgroup_uses(const struct sixd_cgroup *cg, const char *controller);

/*
 * Remove the cgroup's directories (and any child cgroup below them), retrying
 * briefly while exiting processes keep one busy; missing directories are fine.
 */
int sixd_cgroup_remove(struct sixd_cgroup *cg, struct sixd_error **err);

#endif
