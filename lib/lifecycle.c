// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kill, stop, rm and wait of existing containers (see lifecycle.h).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/pidfd.h>
#include <unistd.h>

#include "cgroup.h"
#include "cleanup.h"
#include "lifecycle.h"
#include "lookup.h"
#include "network.h"
#include "state.h"
#include "util.h"

/* How long to wait for a monitor to record an exit it has seen. */
#define MONITOR_GRACE_MS 15000

static const struct {
	const char *name;
	int sig;
} signal_names[] = {
	{"HUP", SIGHUP},       {"INT", SIGINT},	  {"QUIT", SIGQUIT},	 {"ILL", SIGILL},
	{"TRAP", SIGTRAP},     {"ABRT", SIGABRT}, {"IOT", SIGIOT},	 {"BUS", SIGBUS},
	{"FPE", SIGFPE},       {"KILL", SIGKILL}, {"USR1", SIGUSR1},	 {"SEGV", SIGSEGV},
	{"USR2", SIGUSR2},     {"PIPE", SIGPIPE}, {"ALRM", SIGALRM},	 {"TERM", SIGTERM},
	{"STKFLT", SIGSTKFLT}, {"CHLD", SIGCHLD}, {"CONT", SIGCONT},	 {"STOP", SIGSTOP},
	{"TSTP", SIGTSTP},     {"TTIN", SIGTTIN}, {"TTOU", SIGTTOU},	 {"URG", SIGURG},
	{"XCPU", SIGXCPU},     {"XFSZ", SIGXFSZ}, {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF},
	{"WINCH", SIGWINCH},   {"IO", SIGIO},	  {"PWR", SIGPWR},	 {"SYS", SIGSYS},
};

int sixd_signal_parse(const char *s)
{
	const char *name;
	int64_t n;

	if (s == NULL || *s == '\0')
		return -1;
	if (sixd_parse_int64(s, &n) == 0)
		return n > 0 && n < NSIG ? (int)n : -1;
	name = strncasecmp(s, "SIG", 3) == 0 ? s + 3 : s;
	for (size_t i = 0; i < sizeof(signal_names) / sizeof(signal_names[0]); i++)
		if (strcasecmp(name, signal_names[i].name) == 0)
			return signal_names[i].sig;
	return -1;
}

/* A pidfd of pid if it is still the process that started at start, else -1 (ESRCH). */
static int open_verified(pid_t pid, uint64_t start)
{
	int fd;

	if (pid <= 0 || start == 0) {
		errno = ESRCH;
		return -1;
	}
	fd = pidfd_open(pid, 0);
	if (fd < 0)
		return -1;
	/* the pidfd pins the process: if the start time matches now, it is ours */
	if (sixd_pid_start_time(pid) != start) {
		close(fd);
		errno = ESRCH;
		return -1;
	}
	return fd;
}

/* Wait until the process behind pidfd exits; at most timeout_ms (-1: no limit).  True if it did. */
static bool wait_exit(int pidfd, int timeout_ms)
{
	struct pollfd p = {.fd = pidfd, .events = POLLIN};
	int64_t deadline = sixd_now_ns() + (int64_t)timeout_ms * 1000000;
	int rc;

	for (;;) {
		rc = poll(&p, 1, timeout_ms);
		if (rc >= 0 || errno != EINTR)
			return rc > 0;
		if (timeout_ms >= 0) {
			int64_t left = (deadline - sixd_now_ns()) / 1000000;

			timeout_ms = left > 0 ? (int)left : 0;
		}
	}
}

/*
 * Let the monitor record the end (it exits right after), then read the record
 * again: 0, or 1 when the record is gone (r is then empty), or -1.
 */
static int await_recorded(struct sixd_store *s, struct sixd_record *r, struct sixd_error **err)
{
	_cleanup_close_ int mon = open_verified(r->monitor_pid, r->monitor_start);
	_cleanup_free_ char *name = strdup(r->name);
	struct sixd_error *read_err = NULL;

	if (name == NULL)
		return sixd_error_set(err, ENOMEM, "cannot wait for '%s'", r->name);
	if (mon >= 0)
		wait_exit(mon, MONITOR_GRACE_MS);
	sixd_record_free(r);
	if (sixd_store_read(s, name, r, &read_err) < 0) {
		bool gone = read_err && read_err->status == ENOENT;

		if (!gone && err)
			*err = steal_ptr(read_err);
		sixd_error_free(&read_err);
		return gone ? 1 : -1; /* gone: a --rm container removed itself */
	}
	return sixd_container_reconcile(s, r, err) < 0 ? -1 : 0;
}

/* Look ref up and reconcile it; -ENOENT when nothing matches, as sixd_store_lookup. */
static int load(struct sixd_store *s, const char *ref, struct sixd_record *r,
		struct sixd_error **err)
{
	int rc = sixd_store_lookup(s, ref, r, err);

	if (rc < 0)
		return rc;
	if (sixd_container_reconcile(s, r, err) < 0) {
		sixd_record_free(r);
		return -1;
	}
	return 0;
}

static int init_pidfd(const struct sixd_record *r)
{
	if (r->status != SIXD_STATUS_RUNNING) {
		errno = ESRCH;
		return -1;
	}
	return open_verified(r->pid, r->pid_start);
}

int sixd_container_kill(struct sixd_store *s, const char *ref, int sig, struct sixd_error **err)
{
	struct sixd_record r;
	_cleanup_close_ int fd = -1;
	int rc = 0;

	if (load(s, ref, &r, err) < 0)
		return -1;
	fd = init_pidfd(&r);
	if (fd < 0)
		rc = sixd_error_set(err, 0, "cannot kill container %s: container is not running",
				    ref);
	else if (pidfd_send_signal(fd, sig, NULL, 0) < 0)
		rc = sixd_error_set(err, errno, "cannot send signal %d to container %s", sig, ref);
	sixd_record_free(&r);
	return rc;
}

/* Signal, wait up to timeout_s, then SIGKILL and wait for the end. */
static int terminate(int fd, int sig, int timeout_s, const char *ref, struct sixd_error **err)
{
	if (pidfd_send_signal(fd, sig, NULL, 0) < 0 && errno != ESRCH)
		return sixd_error_set(err, errno, "cannot send signal %d to container %s", sig,
				      ref);
	if (timeout_s > 0 && wait_exit(fd, timeout_s * 1000))
		return 0;
	if (pidfd_send_signal(fd, SIGKILL, NULL, 0) < 0 && errno != ESRCH)
		return sixd_error_set(err, errno, "cannot kill container %s", ref);
	wait_exit(fd, -1);
	return 0;
}

int sixd_container_stop(struct sixd_store *s, const char *ref, int timeout, struct sixd_error **err)
{
	struct sixd_record r;
	_cleanup_close_ int fd = -1;
	int rc = 0;

	if (load(s, ref, &r, err) < 0)
		return -1;
	if (timeout < 0)
		timeout = r.stop_timeout >= 0 ? r.stop_timeout : SIXD_DEFAULT_STOP_TIMEOUT;
	fd = init_pidfd(&r);
	if (fd >= 0)
		rc = terminate(fd, r.stop_signal > 0 ? r.stop_signal : SIGTERM, timeout, ref, err);
	if (rc == 0 && r.status == SIXD_STATUS_RUNNING && await_recorded(s, &r, err) < 0)
		rc = -1;
	sixd_record_free(&r);
	return rc;
}

/* Undo a container, each step idempotent: a later rm resumes where a crash stopped it. */
static int remove_parts(struct sixd_store *s, struct sixd_record *r, struct sixd_error **err)
{
	_cleanup_free_ char *dir = sixd_store_container_dir(s, r->id);
	struct sixd_cgroup *cg = NULL;
	_cleanup_close_ int lock = sixd_store_lock(s, r->name, err);

	if (lock < 0 || dir == NULL)
		return lock < 0 ? -1 : sixd_error_set(err, ENOMEM, "cannot remove '%s'", r->name);
	r->status = SIXD_STATUS_REMOVING;
	/* a full state root must not keep the container: removal stays resumable */
	if (sixd_store_write_if_room(s, r, err) < 0)
		return -1;
	if (sixd_cgroup_open(r->cgroup_parent ? r->cgroup_parent : "sixdocker", r->id, &cg, NULL) ==
	    0) {
		int rc = sixd_cgroup_kill(cg, err) < 0 ? -1 : sixd_cgroup_destroy(cg, err);

		sixd_cgroup_free(cg);
		if (rc < 0)
			return -1;
	}
	/* the data first: on a full data root it frees the space the network record needs */
	if (sixd_rm_rf(dir, err) < 0 || sixd_net_release_record(s, r, err) < 0)
		return -1;
	return sixd_store_release(s, r->name, err);
}

int sixd_container_remove(struct sixd_store *s, const char *ref, bool force,
			  struct sixd_error **err)
{
	struct sixd_record r;
	_cleanup_close_ int fd = -1;
	int rc = load(s, ref, &r, err);

	if (rc < 0)
		return rc; /* -ENOENT: no record, perhaps an orphan (prune.h) */
	rc = -1;
	fd = init_pidfd(&r);
	if (fd >= 0 && !force) {
		sixd_error_set(
			err, 0,
			"cannot remove container %s: container is running: stop the container before removing or force remove",
			ref);
		goto out;
	}
	if (fd >= 0 && terminate(fd, SIGKILL, 0, ref, err) < 0)
		goto out;
	/* a monitor still finishing (log drain, --rm) goes first */
	rc = await_recorded(s, &r, err);
	if (rc == 0)
		rc = remove_parts(s, &r, err);
	else if (rc == 1)
		rc = 0; /* it removed itself (--rm) */
out:
	sixd_record_free(&r);
	return rc;
}

int sixd_container_wait(struct sixd_store *s, const char *ref, int *exit_code,
			struct sixd_error **err)
{
	struct sixd_record r;
	_cleanup_close_ int fd = -1;
	int rc = 0;

	if (load(s, ref, &r, err) < 0)
		return -1;
	fd = init_pidfd(&r);
	if (fd >= 0)
		wait_exit(fd, -1);
	if (r.status == SIXD_STATUS_RUNNING)
		rc = await_recorded(s, &r, err);
	if (rc == 1)
		rc = sixd_error_set(err, 0,
				    "container %s was removed before its exit code was read", ref);
	*exit_code = r.exit_code;
	sixd_record_free(&r);
	return rc;
}
