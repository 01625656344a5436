/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_CGROUP_INTERNAL_H
#define SIXD_CGROUP_INTERNAL_H

/*
 * Shared between the files of cgroups/ only; callers use cgroup.h.
 *
 * What libcgroup 2.0.2 does on its own and what we add (found by probing a
 * hybrid host and a cgroup2 mount, see the comments at each workaround):
 *   - cgroup_create_cgroup() with no controller creates nothing and returns 0,
 *     so an empty v2 cgroup is made with mkdir(2);
 *   - on v2 it enables a controller in the subtree_control of every level
 *     below the mount root but not in the root itself;
 *   - a failed create leaves the directories it made behind;
 *   - cgroup_delete_cgroup_ext(CGFLAG_DELETE_EMPTY_ONLY) returns 0 when
 *     rmdir(2) failed with EBUSY, and refuses CGFLAG_DELETE_RECURSIVE with it;
 *   - cgroup_attach_task_pid() writes to "tasks" on v1 (one thread).
 */

#include <errno.h>
#include <libcgroup.h>
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
	struct cgroup *lcg; /* libcgroup's handle: rel with the controllers above */
};

static inline void sixd_cgroup_freep(struct sixd_cgroup **cg)
{
	int saved = errno;

	sixd_cgroup_free(*cg);
	*cg = NULL;
	errno = saved;
}

static inline void sixd_lcg_freep(struct cgroup **lcg)
{
	int saved = errno;

	if (*lcg)
		cgroup_free(lcg);
	*lcg = NULL;
	errno = saved;
}

#define _cleanup_cgroup_ _cleanup_(sixd_cgroup_freep)
#define _cleanup_lcg_ _cleanup_(sixd_lcg_freep)

/* Call cgroup_init() once per process; later calls return its first result. */
int sixd_cgroup_lib_init(struct sixd_error **err);

/*
 * Fill *err from a libcgroup return code: ECGOTHER carries an errno, other
 * codes are described by cgroup_strerror().  Returns -1.
 */
int sixd_cgroup_lib_error(struct sixd_error **err, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The mount point of controller's hierarchy if it is mounted with the kind of
 * filesystem mode uses (cgroup for v1, cgroup2 for v2), else NULL.
 */
char *sixd_cgroup_mount_point(enum sixd_cgroup_mode mode, const char *controller);

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
