// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Operations on an existing cgroup: paths, reads, adding a pid, OOM count,
 * kill and destroy.
 */
#include <errno.h>
#include <dirent.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "log.h"
#include "util.h"

#define KILL_PASSES 16		 /* rounds of cgroup.procs reads to catch forking processes */
#define REMOVE_TRIES 50		 /* rmdir attempts while killed processes finish exiting */
#define REMOVE_WAIT_NS 10000000L /* 10ms between them: at most half a second */

char *sixd_cgroup_path(struct sixd_cgroup *cg, const char *controller, struct sixd_error **err)
{
	_cleanup_free_ char *mnt = NULL;
	char *path = NULL;

	if (cg->mode == SIXD_CGROUP_V2) {
		path = strdup(cg->dirs[0]);
		goto out;
	}
	if (controller == NULL || *controller == '\0') {
		sixd_error_set(err, EINVAL, "a cgroup v1 path needs a controller");
		return NULL;
	}
	mnt = sixd_cgroup_mount_point(SIXD_CGROUP_V1, controller);
	if (mnt == NULL) {
		sixd_error_set(err, ENODEV, "cgroup controller '%s' is not mounted", controller);
		return NULL;
	}
	if (asprintf(&path, "%s/%s", mnt, cg->rel) < 0)
		path = NULL;
out:
	if (path == NULL)
		sixd_error_set(err, ENOMEM, "cannot build the path of cgroup '%s'", cg->rel);
	return path;
}

static char *file_path(struct sixd_cgroup *cg, const char *controller, const char *file,
		       struct sixd_error **err)
{
	_cleanup_free_ char *dir = NULL;
	char *path = NULL;

	if (file == NULL || *file == '\0' || strchr(file, '/') || strcmp(file, "..") == 0) {
		sixd_error_set(err, EINVAL, "invalid cgroup file name '%s'", file ? file : "");
		return NULL;
	}
	dir = sixd_cgroup_path(cg, controller, err);
	if (dir == NULL)
		return NULL;
	if (asprintf(&path, "%s/%s", dir, file) < 0) {
		sixd_error_set(err, ENOMEM, "cannot build the path of '%s'", file);
		return NULL;
	}
	return path;
}

char *sixd_cgroup_read(struct sixd_cgroup *cg, const char *controller, const char *file,
		       struct sixd_error **err)
{
	_cleanup_free_ char *path = file_path(cg, controller, file, err);
	size_t len = 0;
	char *buf;

	if (path == NULL)
		return NULL;
	buf = sixd_read_file(path, &len, err);
	while (buf && len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	return buf;
}

/* cgroup.procs in every hierarchy (v1 too): the whole thread group moves. */
int sixd_cgroup_add_pid(struct sixd_cgroup *cg, pid_t pid, struct sixd_error **err)
{
	char buf[32];

	if (pid <= 0)
		return sixd_error_set(err, EINVAL, "invalid pid %d", (int)pid);
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	for (char **d = cg->dirs; *d; d++) {
		if (sixd_cgroup_write(*d, "cgroup.procs", buf, err) < 0)
			return sixd_error_wrap(err, "cannot add pid %d to cgroup '%s'", (int)pid,
					       cg->rel);
	}
	return 0;
}

/* The value of "key N" in a flat-keyed file such as memory.events; -1 if absent. */
static int find_key(const char *buf, const char *key, uint64_t *value)
{
	size_t len = strlen(key);

	for (const char *line = buf; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (strncmp(line, key, len) == 0 && line[len] == ' ') {
			*value = strtoull(line + len + 1, NULL, 10);
			return 0;
		}
	}
	return -1;
}

int sixd_cgroup_oom_kills(struct sixd_cgroup *cg, uint64_t *count, struct sixd_error **err)
{
	const char *file = cg->mode == SIXD_CGROUP_V2 ? "memory.events" : "memory.oom_control";
	_cleanup_free_ char *buf = NULL;

	*count = 0;
	/* without the memory controller there is no OOM accounting (and no limit) */
	if (!sixd_cgroup_uses(cg, "memory"))
		return 0;
	buf = sixd_cgroup_read(cg, "memory", file, err);
	if (buf == NULL)
		return -1;
	if (find_key(buf, "oom_kill", count) < 0)
		return sixd_error_set(err, ENOTSUP, "no oom_kill counter in %s of cgroup '%s'",
				      file, cg->rel);
	return 0;
}

struct pid_set {
	pid_t *v;
	size_t n, cap;
};

static bool pid_set_add(struct pid_set *s, pid_t pid)
{
	pid_t *grown;

	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i] == pid)
			return false;
	}
	if (s->n == s->cap) {
		grown = realloc(s->v, (s->cap ? s->cap * 2 : 64) * sizeof(*grown));
		if (grown == NULL)
			return true; /* signal it again next time rather than fail */
		s->v = grown;
		s->cap = s->cap ? s->cap * 2 : 64;
	}
	s->v[s->n++] = pid;
	return true;
}

/* SIGKILL the processes of one cgroup.procs not signalled yet; *fresh counts them. */
static int kill_listed(const char *dir, struct pid_set *seen, int *fresh, struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL, *buf = NULL;
	_cleanup_(sixd_error_free) struct sixd_error *rerr = NULL;
	char *p, *end;

	if (asprintf(&path, "%s/cgroup.procs", dir) < 0)
		return sixd_error_set(err, ENOMEM, "cannot kill the processes of '%s'", dir);
	buf = sixd_read_file(path, NULL, &rerr);
	if (buf == NULL && rerr && rerr->status == ENOENT)
		return 0; /* the cgroup is gone: nothing to kill */
	if (buf == NULL) {
		sixd_error_set(err, rerr ? rerr->status : EIO, "%s",
			       rerr && rerr->msg ? rerr->msg : path);
		return -1;
	}
	for (p = buf; *p; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (pid <= 0 || !pid_set_add(seen, (pid_t)pid))
			continue;
		(*fresh)++;
		if (kill((pid_t)pid, SIGKILL) < 0 && errno != ESRCH)
			return sixd_error_set(err, errno, "cannot kill process %ld of cgroup '%s'",
					      pid, dir);
	}
	return 0;
}

static int kill_procs(struct sixd_cgroup *cg, struct sixd_error **err)
{
	struct pid_set seen = {0};
	int ret = 0;

	for (int pass = 0; pass < KILL_PASSES && ret == 0; pass++) {
		int fresh = 0;

		for (char **d = cg->dirs; *d && ret == 0; d++)
			ret = kill_listed(*d, &seen, &fresh, err);
		if (fresh == 0)
			break;
	}
	free(seen.v);
	return ret;
}

/* v2's cgroup.kill (Linux 5.14+) kills the whole subtree atomically; 1 if missing. */
static int kill_v2(struct sixd_cgroup *cg, struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;

	if (asprintf(&path, "%s/cgroup.kill", cg->dirs[0]) < 0)
		return sixd_error_set(err, ENOMEM, "cannot kill cgroup '%s'", cg->rel);
	if (access(path, F_OK) < 0)
		return 1;
	if (sixd_write_string(path, "1", err) < 0)
		return sixd_error_wrap(err, "cannot kill cgroup '%s'", cg->rel);
	return 0;
}

/*
 * cgroup.kill on v2 when the kernel has it, else
 * SIGKILL for every pid listed in cgroup.procs of each hierarchy, re-read until
 * no new pid shows up.
 */
int sixd_cgroup_kill(struct sixd_cgroup *cg, struct sixd_error **err)
{
	if (cg->mode == SIXD_CGROUP_V2) {
		int ret = kill_v2(cg, err);

		if (ret <= 0)
			return ret;
	}
	return kill_procs(cg, err);
}

/*
 * rmdir dir, its child cgroups first when it has some (only directories are
 * looked at: a cgroup's files go with it).  A cgroup still holding a process
 * is EBUSY: its processes are never migrated to the parent.  0 or an errno.
 */
static int remove_tree(const char *dir)
{
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *e;

	if (rmdir(dir) == 0 || errno == ENOENT)
		return 0;
	if (errno != EBUSY && errno != ENOTEMPTY)
		return errno;
	d = opendir(dir);
	if (d == NULL)
		return errno == ENOENT ? 0 : errno;
	while ((e = readdir(d)) != NULL) {
		_cleanup_free_ char *sub = NULL;
		int ret;

		if (e->d_type != DT_DIR || strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0)
			continue;
		if (asprintf(&sub, "%s/%s", dir, e->d_name) < 0)
			return ENOMEM;
		ret = remove_tree(sub);
		if (ret != 0)
			return ret;
	}
	if (rmdir(dir) < 0 && errno != ENOENT)
		return errno;
	return 0;
}

/* Remove every directory of the cgroup; 0 or an errno (*failed names the directory). */
static int remove_left(char **dirs, const char **failed)
{
	for (char **d = dirs; *d; d++) {
		int ret = remove_tree(*d);

		if (ret != 0) {
			*failed = *d;
			return ret;
		}
	}
	return 0;
}

int sixd_cgroup_remove(struct sixd_cgroup *cg, struct sixd_error **err)
{
	const struct timespec wait = {.tv_sec = 0, .tv_nsec = REMOVE_WAIT_NS};
	const char *failed = NULL;
	int ret;

	for (int try = 1;; try++) {
		ret = remove_left(cg->dirs, &failed);
		if (ret == 0)
			return 0;
		if (ret != EBUSY || try >= REMOVE_TRIES)
			break;
		nanosleep(&wait, NULL);
	}
	return sixd_error_set(err, ret, "cannot remove cgroup '%s'", failed);
}

int sixd_cgroup_remove_if_empty(struct sixd_cgroup *cg)
{
	const char *failed = NULL;

	return remove_left(cg->dirs, &failed) == 0 ? 0 : -1;
}

int sixd_cgroup_destroy(struct sixd_cgroup *cg, struct sixd_error **err)
{
	return sixd_cgroup_remove(cg, err);
}
