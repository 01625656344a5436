// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Creating and opening a container's cgroup "<parent>/<name>".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "log.h"
#include "util.h"

/* The controllers sixdocker uses, per mode. */
static const char *const v1_controllers[] = {
	"memory", "cpu", "cpuacct", "cpuset", "pids", "freezer", "devices", "blkio", NULL,
};
static const char *const v2_controllers[] = {"memory", "cpu", "cpuset", "pids", NULL};

static const char *const *wanted_controllers(enum sixd_cgroup_mode mode)
{
	return mode == SIXD_CGROUP_V2 ? v2_controllers : v1_controllers;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Read a one-line cgroup file without its trailing newline. */
static char *read_value(const char *dir, const char *file, struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;
	size_t len = 0;
	char *buf;

	if (asprintf(&path, "%s/%s", dir, file) < 0) {
		sixd_error_set(err, ENOMEM, "cannot read '%s'", file);
		return NULL;
	}
	buf = sixd_read_file(path, &len, err);
	while (buf && len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	return buf;
}

static bool has_word(const char *list, const char *word)
{
	size_t len = strlen(word);

	for (const char *p = list; p && (p = strstr(p, word)) != NULL; p += len) {
		if ((p == list || p[-1] == ' ') &&
		    (p[len] == '\0' || p[len] == ' ' || p[len] == '\n'))
			return true;
	}
	return false;
}

static bool needed(const struct sixd_cgroup_setting *s, size_t n, const char *controller)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(s[i].controller, controller) == 0)
			return true;
	}
	return false;
}

/* Use every wanted controller that is mounted; a missing one a limit needs is an error. */
static int pick_controllers(struct sixd_cgroup *cg, const struct sixd_cgroup_setting *s, size_t n,
			    struct sixd_error **err)
{
	for (const char *const *c = wanted_controllers(cg->mode); *c; c++) {
		_cleanup_free_ char *mnt = sixd_cgroup_mount_point(cg->mode, *c);

		if (mnt == NULL && needed(s, n, *c))
			return sixd_error_set(err, ENODEV,
					      "cgroup controller '%s' is not available", *c);
		if (mnt == NULL) {
			sixd_log_debug("cgroup controller '%s' is not mounted, skipped", *c);
			continue;
		}
		if (sixd_cgroup_use(cg, *c, mnt, err) < 0)
			return -1;
	}
	if (cg->dirs == NULL)
		return sixd_error_set(err, ENODEV, "no cgroup controller is mounted");
	return 0;
}

static int check_absent(const struct sixd_cgroup *cg, struct sixd_error **err)
{
	for (char **d = cg->dirs; *d; d++) {
		if (access(*d, F_OK) == 0)
			return sixd_error_set(err, EEXIST, "cgroup '%s' already exists", *d);
	}
	return 0;
}

/*
 * A v1 cpuset cgroup starts with empty cpuset.cpus and cpuset.mems, and no
 * task can join it until both are set: copy them from the level above if
 * they are empty.  create makes the level (a parent) if it is missing.
 */
static int cpuset_fill(const char *mnt, const char *rel, bool create, struct sixd_error **err)
{
	_cleanup_free_ char *dir = NULL, *up = NULL, *cpus = NULL, *mems = NULL;
	_cleanup_free_ char *c0 = NULL, *m0 = NULL;

	if (asprintf(&dir, "%s/%s", mnt, rel) < 0 || (up = strdup(dir)) == NULL)
		return sixd_error_set(err, ENOMEM, "cannot prepare cpuset cgroup '%s'", rel);
	*strrchr(up, '/') = '\0';
	if (create && mkdir(dir, 0755) < 0 && errno != EEXIST)
		return sixd_error_set(err, errno, "cannot create cgroup '%s'", dir);
	c0 = read_value(dir, "cpuset.cpus", NULL);
	m0 = read_value(dir, "cpuset.mems", NULL);
	if (c0 && *c0 && m0 && *m0)
		return 0;
	cpus = read_value(up, "cpuset.cpus", err);
	mems = cpus ? read_value(up, "cpuset.mems", err) : NULL;
	if (mems == NULL)
		return -1;
	if (sixd_cgroup_write(dir, "cpuset.cpus", cpus, err) < 0 ||
	    sixd_cgroup_write(dir, "cpuset.mems", mems, err) < 0)
		return sixd_error_wrap(err, "cannot set up cpuset cgroup '%s'", rel);
	return 0;
}

/* Fill (and make) each level of the parent path, top down. */
static int cpuset_prepare_parents(const struct sixd_cgroup *cg, struct sixd_error **err)
{
	_cleanup_free_ char *mnt = sixd_cgroup_mount_point(SIXD_CGROUP_V1, "cpuset");
	_cleanup_free_ char *prefix = strdup(cg->rel);
	char *slash;

	if (mnt == NULL)
		return sixd_error_set(err, ENODEV, "cgroup controller 'cpuset' is not available");
	if (prefix == NULL)
		return sixd_error_set(err, ENOMEM, "cannot prepare cpuset cgroup '%s'", cg->rel);
	for (slash = strchr(prefix, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (cpuset_fill(mnt, prefix, true, err) < 0)
			return -1;
		*slash = '/';
	}
	return 0;
}

static int cpuset_prepare_leaf(const struct sixd_cgroup *cg, struct sixd_error **err)
{
	_cleanup_free_ char *mnt = sixd_cgroup_mount_point(SIXD_CGROUP_V1, "cpuset");

	if (mnt == NULL)
		return sixd_error_set(err, ENODEV, "cgroup controller 'cpuset' is not available");
	return cpuset_fill(mnt, cg->rel, false, err);
}

/* On v2 a cgroup gets a controller when every level above enables it in cgroup.subtree_control. */
static int enable_controllers(const struct sixd_cgroup *cg, const char *dir,
			      struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL, *cur = NULL;

	if (asprintf(&path, "%s/cgroup.subtree_control", dir) < 0)
		return sixd_error_set(err, ENOMEM, "cannot enable cgroup controllers");
	cur = sixd_read_file(path, NULL, err);
	if (cur == NULL)
		return -1;
	for (char **c = cg->controllers; c && *c; c++) {
		char value[64];

		if (has_word(cur, *c))
			continue;
		snprintf(value, sizeof(value), "+%s", *c);
		if (sixd_write_string(path, value, err) < 0)
			return sixd_error_wrap(err, "cannot enable cgroup controller '%s'", *c);
	}
	return 0;
}

/* v2: make each level of the parent path and enable the controllers from the root down. */
static int v2_prepare_parents(const struct sixd_cgroup *cg, struct sixd_error **err)
{
	_cleanup_free_ char *dir = strdup(cg->dirs[0]);
	size_t root = strlen(SIXD_CGROUP_ROOT);
	char *slash;

	if (dir == NULL)
		return sixd_error_set(err, ENOMEM, "cannot create cgroup '%s'", cg->rel);
	for (slash = dir + root; slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (slash > dir + root && mkdir(dir, 0755) < 0 && errno != EEXIST)
			return sixd_error_set(err, errno, "cannot create cgroup '%s'", dir);
		if (enable_controllers(cg, dir, err) < 0)
			return -1;
		*slash = '/';
	}
	return 0;
}

static int prepare_parents(const struct sixd_cgroup *cg, struct sixd_error **err)
{
	if (cg->mode == SIXD_CGROUP_V2)
		return v2_prepare_parents(cg, err);
	if (sixd_cgroup_uses(cg, "cpuset"))
		return cpuset_prepare_parents(cg, err);
	return 0;
}

/* Remove a half-made cgroup; the error being returned matters more than this one. */
static void undo_create(struct sixd_cgroup *cg)
{
	struct sixd_error *err = NULL;

	if (sixd_cgroup_remove(cg, &err) < 0)
		sixd_log_warn("%s", err && err->msg ? err->msg : "cannot remove cgroup");
	sixd_error_free(&err);
}

/* One directory per hierarchy (its parents exist); what was made goes again on failure. */
static int make_dirs(struct sixd_cgroup *cg, struct sixd_error **err)
{
	for (char **d = cg->dirs; *d; d++) {
		_cleanup_free_ char *up = strdup(*d);

		if (up == NULL)
			return sixd_error_set(err, ENOMEM, "cannot create cgroup '%s'", cg->rel);
		*strrchr(up, '/') = '\0';
		/* the parent exists but on the first start */
		if (mkdir(*d, 0755) < 0 &&
		    (errno != ENOENT || sixd_mkdir_p(up, 0755, err) < 0 || mkdir(*d, 0755) < 0)) {
			if (err && *err == NULL)
				sixd_error_set(err, errno, "cannot create cgroup '%s'", *d);
			undo_create(cg);
			return -1;
		}
	}
	return 0;
}

static bool is_swap_setting(const struct sixd_cgroup_setting *s)
{
	return strcmp(s->file, "memory.memsw.limit_in_bytes") == 0 ||
	       strcmp(s->file, "memory.swap.max") == 0;
}

/* The swap files exist only with swap accounting; without it the limit is dropped. */
static bool swap_supported(struct sixd_cgroup *cg, const struct sixd_cgroup_setting *s)
{
	_cleanup_free_ char *dir = sixd_cgroup_path(cg, "memory", NULL);
	_cleanup_free_ char *path = NULL;

	if (dir == NULL || asprintf(&path, "%s/%s", dir, s->file) < 0)
		return false;
	return access(path, F_OK) == 0;
}

/* Write one limit; a failure names its file and value. */
static int write_setting(struct sixd_cgroup *cg, const struct sixd_cgroup_setting *s,
			 struct sixd_error **err)
{
	_cleanup_free_ char *dir = sixd_cgroup_path(cg, s->controller, err);
	_cleanup_free_ char *path = NULL;
	_cleanup_close_ int fd = -1;

	if (dir == NULL)
		return -1;
	if (asprintf(&path, "%s/%s", dir, s->file) < 0)
		return sixd_error_set(err, ENOMEM, "cannot set %s to '%s'", s->file, s->value);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || sixd_write_all(fd, s->value, strlen(s->value)) < 0)
		return sixd_error_set(err, errno, "cannot set %s to '%s'", s->file, s->value);
	return 0;
}

static int write_settings(struct sixd_cgroup *cg, const struct sixd_cgroup_setting *s, size_t n,
			  struct sixd_error **err)
{
	if (cg->mode == SIXD_CGROUP_V1 && sixd_cgroup_uses(cg, "cpuset") &&
	    cpuset_prepare_leaf(cg, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (is_swap_setting(&s[i]) && !swap_supported(cg, &s[i])) {
			if (strcmp(s[i].value, "-1") != 0 && strcmp(s[i].value, "max") != 0)
				sixd_log_warn("no swap limit support in the kernel, "
					      "memory-swap ignored");
			continue;
		}
		if (write_setting(cg, &s[i], err) < 0)
			return -1;
	}
	return 0;
}

int sixd_cgroup_create(const char *parent, const char *name, const struct sixd_resources *res,
		       struct sixd_cgroup **out, struct sixd_error **err)
{
	static const struct sixd_resources none;
	struct sixd_cgroup_setting settings[SIXD_CGROUP_MAX_SETTINGS];
	_cleanup_cgroup_ struct sixd_cgroup *cg = NULL;
	size_t n = 0;

	/* names and limits are checked before anything touches the host */
	cg = sixd_cgroup_alloc(sixd_cgroup_mode(), parent, name, err);
	if (cg == NULL || sixd_cgroup_translate(res ? res : &none, cg->mode, settings, &n, err) < 0)
		return -1;
	if (pick_controllers(cg, settings, n, err) < 0 || check_absent(cg, err) < 0 ||
	    prepare_parents(cg, err) < 0 || make_dirs(cg, err) < 0)
		return -1;
	if (write_settings(cg, settings, n, err) < 0) {
		undo_create(cg);
		return -1;
	}
	*out = steal_ptr(cg);
	return 0;
}

/* Does the existing cgroup use controller (mounted at mnt)? */
static bool present(const struct sixd_cgroup *cg, const char *controller, const char *mnt)
{
	_cleanup_free_ char *dir = NULL, *list = NULL;

	if (cg->mode == SIXD_CGROUP_V2) {
		list = read_value(cg->dirs[0], "cgroup.controllers", NULL);
		return list && has_word(list, controller);
	}
	return asprintf(&dir, "%s/%s", mnt, cg->rel) >= 0 && is_dir(dir);
}

static int find_controllers(struct sixd_cgroup *cg, struct sixd_error **err)
{
	for (const char *const *c = wanted_controllers(cg->mode); *c; c++) {
		_cleanup_free_ char *mnt = sixd_cgroup_mount_point(cg->mode, *c);

		if (mnt && present(cg, *c, mnt) && sixd_cgroup_use(cg, *c, mnt, err) < 0)
			return -1;
	}
	if (cg->dirs == NULL || (cg->mode == SIXD_CGROUP_V2 && !is_dir(cg->dirs[0])))
		return sixd_error_set(err, ENOENT, "cgroup '%s' does not exist", cg->rel);
	return 0;
}

int sixd_cgroup_open(const char *parent, const char *name, struct sixd_cgroup **out,
		     struct sixd_error **err)
{
	_cleanup_cgroup_ struct sixd_cgroup *cg = NULL;

	cg = sixd_cgroup_alloc(sixd_cgroup_mode(), parent, name, err);
	if (cg == NULL || find_controllers(cg, err) < 0)
		return -1;
	*out = steal_ptr(cg);
	return 0;
}
