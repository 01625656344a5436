// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The libcgroup glue and the sixd_cgroup handle: one cgroup_init() per process,
 * error conversion, mount points, the controllers and directories of a cgroup.
 */
#include <errno.h>
#include <linux/magic.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>

#include "cgroup_internal.h"
#include "util.h"

static pthread_once_t lib_once = PTHREAD_ONCE_INIT;
static int lib_ret;

static void lib_init(void)
{
	lib_ret = cgroup_init();
}

int sixd_cgroup_lib_init(struct sixd_error **err)
{
	pthread_once(&lib_once, lib_init);
	if (lib_ret != 0)
		return sixd_cgroup_lib_error(err, lib_ret, "cannot initialize libcgroup");
	return 0;
}

int sixd_cgroup_lib_error(struct sixd_error **err, int ret, const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL;
	int status;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (ret == ECGOTHER) {
		status = cgroup_get_last_errno();
		return sixd_error_set(err, status ? status : EIO, "%s", msg ? msg : "libcgroup");
	}
	return sixd_error_set(err, 0, "%s: %s", msg ? msg : "libcgroup", cgroup_strerror(ret));
}

/* The host's mode, from the filesystem type of SIXD_CGROUP_ROOT. */
enum sixd_cgroup_mode sixd_cgroup_mode(void)
{
	struct statfs sfs;

	if (statfs(SIXD_CGROUP_ROOT, &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC)
		return SIXD_CGROUP_V2;
	return SIXD_CGROUP_V1;
}

char *sixd_cgroup_mount_point(enum sixd_cgroup_mode mode, const char *controller)
{
	long want = mode == SIXD_CGROUP_V2 ? CGROUP2_SUPER_MAGIC : CGROUP_SUPER_MAGIC;
	_cleanup_free_ char *mnt = NULL;
	struct statfs sfs;

	/*
	 * On a hybrid host libcgroup also maps the controllers of the unified
	 * tree (e.g. hugetlb); in v1 mode only v1 hierarchies count.
	 */
	if (cgroup_get_subsys_mount_point(controller, &mnt) != 0 || mnt == NULL)
		return NULL;
	if (statfs(mnt, &sfs) < 0 || sfs.f_type != want)
		return NULL;
	return steal_ptr(mnt);
}

static bool valid_part(const char *s, bool slash_ok)
{
	if (s == NULL || *s == '\0' || *s == '/' || strstr(s, "..") != NULL)
		return false;
	return slash_ok || strchr(s, '/') == NULL;
}

struct sixd_cgroup *sixd_cgroup_alloc(enum sixd_cgroup_mode mode, const char *parent,
				      const char *name, struct sixd_error **err)
{
	_cleanup_cgroup_ struct sixd_cgroup *cg = NULL;
	_cleanup_free_ char *dir = NULL;

	if (!valid_part(parent, true) || !valid_part(name, false)) {
		sixd_error_set(err, EINVAL, "invalid cgroup name '%s/%s'", parent ? parent : "",
			       name ? name : "");
		return NULL;
	}
	cg = calloc(1, sizeof(*cg));
	if (cg == NULL || asprintf(&cg->rel, "%s/%s", parent, name) < 0)
		goto nomem;
	cg->mode = mode;
	cg->lcg = cgroup_new_cgroup(cg->rel);
	if (cg->lcg == NULL)
		goto nomem;
	/* v2 has one directory whatever the controllers */
	if (mode == SIXD_CGROUP_V2) {
		if (asprintf(&dir, "%s/%s", SIXD_CGROUP_ROOT, cg->rel) < 0 ||
		    sixd_strv_append(&cg->dirs, dir) < 0)
			goto nomem;
	}
	return steal_ptr(cg);
nomem:
	sixd_error_set(err, ENOMEM, "cannot allocate cgroup '%s/%s'", parent, name);
	return NULL;
}

static bool strv_contains(char *const *v, const char *s)
{
	for (; v && *v; v++) {
		if (strcmp(*v, s) == 0)
			return true;
	}
	return false;
}

bool sixd_cgroup_uses(const struct sixd_cgroup *cg, const char *controller)
{
	return strv_contains(cg->controllers, controller);
}

int sixd_cgroup_use(struct sixd_cgroup *cg, const char *controller, const char *mnt,
		    struct sixd_error **err)
{
	_cleanup_free_ char *dir = NULL;

	if (cgroup_add_controller(cg->lcg, controller) == NULL)
		return sixd_error_set(err, ENOMEM, "cannot add controller '%s' to cgroup '%s'",
				      controller, cg->rel);
	if (sixd_strv_append(&cg->controllers, controller) < 0)
		return sixd_error_set(err, ENOMEM, "cannot add controller '%s'", controller);
	if (cg->mode == SIXD_CGROUP_V2)
		return 0;
	/* co-mounted controllers (cpu,cpuacct) share one directory */
	if (asprintf(&dir, "%s/%s", mnt, cg->rel) < 0)
		return sixd_error_set(err, ENOMEM, "cannot add controller '%s'", controller);
	if (!strv_contains(cg->dirs, dir) && sixd_strv_append(&cg->dirs, dir) < 0)
		return sixd_error_set(err, ENOMEM, "cannot add controller '%s'", controller);
	return 0;
}

/* Release the handle (the cgroup itself stays); accepts NULL. */
void sixd_cgroup_free(struct sixd_cgroup *cg)
{
	if (cg == NULL)
		return;
	if (cg->lcg)
		cgroup_free(&cg->lcg);
	sixd_strvfreep(&cg->controllers);
	sixd_strvfreep(&cg->dirs);
	free(cg->rel);
	free(cg);
}
