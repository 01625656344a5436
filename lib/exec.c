// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exec: the CLI half.  Everything that needs the container record happens here;
 * everything that happens inside the container's namespaces is the nsenter
 * constructor's (nsenter/nsenter.c), reached by re-executing ourselves.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../nsenter/protocol.h"
#include "cgroup.h"
#include "cleanup.h"
#include "container.h"
#include "exec.h"
#include "lookup.h"
#include "seccomp_filter.h"
#include "security.h"
#include "util.h"

/* The controllers whose cgroup the command joins (each hierarchy once). */
static const char *const v1_controllers[] = {
	"memory", "cpu", "cpuacct", "cpuset", "pids", "freezer", "devices", "blkio", NULL,
};

struct request {
	struct sixd_nsenter_header h;
	char **cgroups; /* cgroup.procs paths */
	char **env;
	const char *workdir;
	const char *user;
	struct sixd_seccomp_filter seccomp; /* the container's program, after the strings */
};

static void request_free(struct request *q)
{
	sixd_strvfreep(&q->cgroups);
	sixd_strvfreep(&q->env);
	sixd_seccomp_filter_free(&q->seccomp);
}

static bool strv_has(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* Add <dir>/cgroup.procs of controller (NULL on v2) if the cgroup has that directory. */
static int add_cgroup(struct request *q, struct sixd_cgroup *cg, const char *controller,
		      struct sixd_error **err)
{
	_cleanup_free_ char *dir = sixd_cgroup_path(cg, controller, NULL);
	_cleanup_free_ char *procs = NULL;

	if (dir == NULL)
		return 0; /* a controller this host does not mount */
	if (asprintf(&procs, "%s/cgroup.procs", dir) < 0)
		return sixd_error_set(err, ENOMEM, "cannot build the cgroup paths");
	if (access(procs, F_OK) < 0 || strv_has(q->cgroups, procs))
		return 0;
	if (sixd_strv_append(&q->cgroups, procs) < 0)
		return sixd_error_set(err, ENOMEM, "cannot build the cgroup paths");
	return 0;
}

static int find_cgroups(struct request *q, const struct sixd_record *r, struct sixd_error **err)
{
	struct sixd_cgroup *cg = NULL;
	int rc = 0;

	if (sixd_cgroup_open(r->cgroup_parent ? r->cgroup_parent : "sixdocker", r->id, &cg, err) <
	    0)
		return sixd_error_wrap(err, "cannot find the cgroup of container '%s'", r->name);
	if (sixd_cgroup_mode() == SIXD_CGROUP_V2)
		rc = add_cgroup(q, cg, NULL, err);
	for (size_t i = 0; rc == 0 && sixd_cgroup_mode() == SIXD_CGROUP_V1 && v1_controllers[i];
	     i++)
		rc = add_cgroup(q, cg, v1_controllers[i], err);
	sixd_cgroup_free(cg);
	if (rc == 0 && q->cgroups == NULL)
		return sixd_error_set(err, ENOENT, "container '%s' has no cgroup", r->name);
	return rc;
}

/*
 * The container's capability set (every one with --privileged), no_new_privs
 * and seccomp program (the container's even with --privileged, as in Docker).
 */
static int add_security(struct sixd_store *s, struct request *q, const struct sixd_record *r,
			const struct sixd_exec_opts *o, struct sixd_error **err)
{
	struct sixd_security sec = {0};

	if (sixd_security_from_record(r, &sec, err) < 0 ||
	    sixd_seccomp_prepare(s->data_root, &sec, &q->seccomp, err) < 0)
		return sixd_error_wrap(err, "invalid security settings of container '%s'", r->name);
	q->h.seccomp_len = (uint32_t)q->seccomp.size;
	q->h.caps = o->privileged ? SIXD_CAPS_ALL : sec.caps;
	if (sec.no_new_privs)
		q->h.flags |= SIXD_NSENTER_NO_NEW_PRIVS;
	return 0;
}

static int build_request(struct sixd_store *s, struct request *q, const struct sixd_record *r,
			 const struct sixd_exec_opts *o, struct sixd_error **err)
{
	q->h = (struct sixd_nsenter_header){
		.magic = SIXD_NSENTER_MAGIC,
		.version = SIXD_NSENTER_VERSION,
		.pid = r->pid,
		.pid_start = r->pid_start,
	};
	q->h.flags = (o->tty ? SIXD_NSENTER_TTY : 0) |
		     (o->interactive ? SIXD_NSENTER_INTERACTIVE : 0) |
		     (o->detach ? SIXD_NSENTER_DETACH : 0) |
		     (o->privileged ? SIXD_NSENTER_PRIVILEGED : 0);
	q->workdir = o->workdir && *o->workdir	 ? o->workdir
		     : r->workdir && *r->workdir ? r->workdir
						 : "/";
	q->user = o->user && *o->user ? o->user : r->user ? r->user : "";
	if (q->workdir[0] != '/')
		return sixd_error_set(
			err, EINVAL,
			"the working directory '%s' is invalid, it needs to be an absolute path",
			q->workdir);
	if (sixd_env_build(&q->env, r->env, r->hostname ? r->hostname : "", o->tty, o->env_args,
			   o->env_files, err) < 0)
		return -1;
	if (add_security(s, q, r, o, err) < 0)
		return -1;
	return find_cgroups(q, r, err);
}

static int write_strv(int fd, char *const *v, uint32_t *count)
{
	for (size_t i = 0; v && v[i]; i++, (*count)++)
		if (sixd_write_all(fd, v[i], strlen(v[i]) + 1) < 0)
			return -1;
	return 0;
}

/* The request into a memfd; returns the fd (not CLOEXEC), positioned at 0. */
static int write_request(struct request *q, const struct sixd_record *r, char *const *argv,
			 struct sixd_error **err)
{
	_cleanup_close_ int fd = memfd_create("sixd-exec-request", MFD_CLOEXEC);
	const char *head[] = {r->name, q->user, q->workdir};
	off_t end;

	if (fd < 0)
		return sixd_error_set(err, errno, "cannot create the exec request");
	if (lseek(fd, sizeof(q->h), SEEK_SET) < 0)
		return sixd_error_set(err, errno, "cannot write the exec request");
	for (size_t i = 0; i < 3; i++)
		if (sixd_write_all(fd, head[i], strlen(head[i]) + 1) < 0)
			return sixd_error_set(err, errno, "cannot write the exec request");
	if (write_strv(fd, q->cgroups, &q->h.n_cgroups) < 0 ||
	    write_strv(fd, argv, &q->h.n_argv) < 0 || write_strv(fd, q->env, &q->h.n_env) < 0)
		return sixd_error_set(err, errno, "cannot write the exec request");
	end = lseek(fd, 0, SEEK_CUR);
	if (end < 0 || (uint64_t)end > SIXD_NSENTER_MAX_REQUEST)
		return sixd_error_set(err, E2BIG, "the exec request is too large");
	q->h.strings_len = (uint32_t)(end - (off_t)sizeof(q->h));
	if (q->seccomp.size && sixd_write_all(fd, q->seccomp.prog, q->seccomp.size) < 0)
		return sixd_error_set(err, errno, "cannot write the exec request");
	if (pwrite(fd, &q->h, sizeof(q->h), 0) != (ssize_t)sizeof(q->h) ||
	    lseek(fd, 0, SEEK_SET) < 0 || fcntl(fd, F_SETFD, 0) < 0)
		return sixd_error_set(err, errno, "cannot write the exec request");
	return steal_fd(fd);
}

/* Replace this process with ourselves, the request on fd; returns only on failure. */
static int reexec(int fd, const char *name, struct sixd_error **err)
{
	char marker[32];
	char *const argv[] = {"sixdocker", "exec-nsenter", (char *)name, NULL};

	snprintf(marker, sizeof(marker), "%d", fd);
	if (setenv(SIXD_NSENTER_ENV, marker, 1) < 0)
		return sixd_error_set(err, errno, "cannot pass the exec request");
	fflush(NULL);
	execve("/proc/self/exe", argv, environ);
	unsetenv(SIXD_NSENTER_ENV);
	return sixd_error_set(err, errno, "cannot execute '/proc/self/exe'");
}

int sixd_exec_enter(struct sixd_store *s, const struct sixd_exec_opts *o, struct sixd_error **err)
{
	struct sixd_record r = {0};
	struct request q = {0};
	_cleanup_close_ int fd = -1;
	int rc = -1;

	if (o->argv == NULL || o->argv[0] == NULL || o->argv[0][0] == '\0')
		return sixd_error_set(err, EINVAL, "no command given");
	if (sixd_store_lookup(s, o->container, &r, err) < 0)
		return -1;
	if (!sixd_record_running(&r)) {
		sixd_error_set(err, 0, "container %s is not running", o->container);
		goto out;
	}
	/*
	 * The constructor joins the container's cgroups after the re-exec: the kernel's
	 * wait before a migration after a quiet spell (cgroup.h) starts now, while the
	 * request is built (the execve waits for the thread, then the joins are free).
	 */
	sixd_cgroup_prewarm();
	if (build_request(s, &q, &r, o, err) < 0)
		goto out;
	fd = write_request(&q, &r, o->argv, err);
	if (fd >= 0)
		rc = reexec(fd, r.name, err);
out:
	request_free(&q);
	sixd_record_free(&r);
	return rc;
}
