// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Freezing a cgroup: the v1 freezer controller (freezer.state FROZEN/THAWED,
 * "FREEZING" until every task is stopped) or v2's cgroup.freeze (done when
 * cgroup.events says "frozen 1").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cgroup_internal.h"
#include "util.h"

#define FREEZE_TRIES 500	 /* polls of the state while tasks stop: at most 5 s */
#define FREEZE_WAIT_NS 10000000L /* 10 ms */

/* The state file of the mode: freezer.state (v1) or cgroup.freeze (v2). */
static char *freeze_file(struct sixd_cgroup *cg, const char *file, struct sixd_error **err)
{
	_cleanup_free_ char *dir = NULL;
	char *path = NULL;

	if (cg->mode == SIXD_CGROUP_V1 && !sixd_cgroup_uses(cg, "freezer")) {
		sixd_error_set(err, ENODEV, "cgroup '%s' has no freezer controller", cg->rel);
		return NULL;
	}
	dir = sixd_cgroup_path(cg, "freezer", err);
	if (dir == NULL)
		return NULL;
	if (asprintf(&path, "%s/%s", dir, file) < 0) {
		sixd_error_set(err, ENOMEM, "cannot freeze cgroup '%s'", cg->rel);
		return NULL;
	}
	return path;
}

/* True when the cgroup has reached the state asked for. */
static bool reached(struct sixd_cgroup *cg, bool frozen)
{
	_cleanup_free_ char *text = NULL;

	if (cg->mode == SIXD_CGROUP_V1) {
		text = sixd_cgroup_read(cg, "freezer", "freezer.state", NULL);
		return text && strcmp(text, frozen ? "FROZEN" : "THAWED") == 0;
	}
	text = sixd_cgroup_read(cg, NULL, "cgroup.events", NULL);
	return text && strstr(text, frozen ? "frozen 1" : "frozen 0") != NULL;
}

bool sixd_cgroup_frozen(struct sixd_cgroup *cg)
{
	return (cg->mode == SIXD_CGROUP_V2 || sixd_cgroup_uses(cg, "freezer")) && reached(cg, true);
}

int sixd_cgroup_freeze(struct sixd_cgroup *cg, bool frozen, struct sixd_error **err)
{
	const bool v1 = cg->mode == SIXD_CGROUP_V1;
	_cleanup_free_ char *path = freeze_file(cg, v1 ? "freezer.state" : "cgroup.freeze", err);
	const char *value = v1 ? (frozen ? "FROZEN" : "THAWED") : (frozen ? "1" : "0");
	struct timespec wait = {.tv_nsec = FREEZE_WAIT_NS};

	if (path == NULL)
		return -1;
	for (int i = 0; i < FREEZE_TRIES; i++) {
		/* v1 may need the write again while a task was forking */
		if ((i == 0 || v1) && sixd_write_string(path, value, err) < 0)
			return sixd_error_wrap(err, "cannot %s cgroup '%s'",
					       frozen ? "freeze" : "thaw", cg->rel);
		if (reached(cg, frozen))
			return 0;
		nanosleep(&wait, NULL);
	}
	return sixd_error_set(err, EBUSY, "cannot %s cgroup '%s': it does not settle",
			      frozen ? "freeze" : "thaw", cg->rel);
}
