// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * clone() of the container init and the parent<->child handshake (see spawn.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "spawn.h"
#include "user.h"
#include "util.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

enum sync_type {
	SYNC_GO = 1,
	SYNC_PTY,
	SYNC_EXEC,
	SYNC_ERROR,
};

struct sync_msg {
	int32_t type;
	int32_t status;
	int32_t exit_code;
	char text[1024];
};

static int send_msg(int fd, enum sync_type type, int fd_to_pass)
{
	struct sync_msg msg = {.type = type};
	char cbuf[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov = {.iov_base = &msg, .iov_len = sizeof(msg)};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};

	if (fd_to_pass >= 0) {
		struct cmsghdr *c;

		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd_to_pass, sizeof(int));
	}
	return sendmsg(fd, &mh, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

/* Receive one message; *fd gets a passed descriptor or -1.  0 on EOF. */
static ssize_t recv_msg(int fd, struct sync_msg *msg, int *passed, int flags)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = msg, .iov_len = sizeof(*msg)};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *c;
	ssize_t n;

	*passed = -1;
	do
		n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC | flags);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return n;
	c = CMSG_FIRSTHDR(&mh);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
		memcpy(passed, CMSG_DATA(c), sizeof(int));
	return n;
}

/* In the child: report err over the sync socket and exit. */
static __attribute__((noreturn)) void child_fail(int syncfd, struct sixd_error *err)
{
	struct sync_msg msg = {.type = SYNC_ERROR};

	if (err) {
		msg.status = err->status;
		msg.exit_code = err->exit_code;
		snprintf(msg.text, sizeof(msg.text), "%s", err->msg ? err->msg : "");
	}
	if (send(syncfd, &msg, sizeof(msg), MSG_NOSIGNAL) < 0)
		_exit(SIXD_EXIT_FAILURE);
	_exit(SIXD_EXIT_FAILURE);
}

static int loopback_up(struct sixd_error **err)
{
	_cleanup_close_ int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = {0};

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return sixd_error_set(err, errno, "cannot read the flags of 'lo'");
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		return sixd_error_set(err, errno, "cannot bring up 'lo'");
	return 0;
}

static const char *env_get(char *const *env, const char *key)
{
	size_t len = strlen(key);

	for (size_t i = 0; env && env[i]; i++)
		if (strncmp(env[i], key, len) == 0 && env[i][len] == '=')
			return env[i] + len + 1;
	return NULL;
}

/* The init's environment: cfg->env plus HOME from the user's passwd entry if unset. */
static char **build_env(char *const *env, const struct sixd_user *u)
{
	_cleanup_strv_ char **out = NULL;
	char home[300];

	if (sixd_strv_extend(&out, env) < 0)
		return NULL;
	if (env_get(env, "HOME") == NULL) {
		snprintf(home, sizeof(home), "HOME=%s", u->home[0] ? u->home : "/");
		if (sixd_strv_append(&out, home) < 0)
			return NULL;
	}
	return steal_ptr(out);
}

static int exec_error(struct sixd_error **err, const char *cmd, int e)
{
	if (e == ENOENT || e == ENOTDIR)
		return sixd_error_set_exit(err, SIXD_EXIT_NOT_FOUND, 0,
					   "exec: \"%s\": no such file or directory", cmd);
	return sixd_error_set_exit(err, SIXD_EXIT_CANNOT_EXEC, e, "exec: \"%s\"", cmd);
}

/* execve argv[0], searched in the container's PATH unless it holds a slash. */
static int exec_command(char *const *argv, char *const *envp, struct sixd_error **err)
{
	const char *path = env_get(envp, "PATH") ?: DEFAULT_PATH;
	_cleanup_free_ char *dirs = strdup(path);
	int denied = 0;

	if (strchr(argv[0], '/')) {
		execve(argv[0], argv, envp);
		return exec_error(err, argv[0], errno);
	}
	for (char *save = NULL, *dir = strtok_r(dirs, ":", &save); dir;
	     dir = strtok_r(NULL, ":", &save)) {
		char full[4096];

		snprintf(full, sizeof(full), "%s/%s", *dir ? dir : ".", argv[0]);
		execve(full, argv, envp);
		if (errno == EACCES)
			denied = EACCES;
		else if (errno != ENOENT && errno != ENOTDIR)
			return exec_error(err, full, errno);
	}
	if (denied)
		return exec_error(err, argv[0], denied);
	return sixd_error_set_exit(err, SIXD_EXIT_NOT_FOUND, 0,
				   "exec: \"%s\": executable file not found in $PATH", argv[0]);
}

static int become_user(const struct sixd_spawn_config *cfg, struct sixd_user *u,
		       struct sixd_error **err)
{
	if (sixd_user_resolve(cfg->user, "/etc/passwd", "/etc/group", u, err) < 0)
		return -1;
	if (cfg->workdir && *cfg->workdir && sixd_mkdir_p(cfg->workdir, 0755, err) < 0)
		return sixd_error_wrap(err, "cannot create the working directory");
	/*
	 * The bounding set shrinks while we still hold CAP_SETPCAP; setresuid to a
	 * non-zero uid (no PR_SET_KEEPCAPS) then clears permitted and effective, so
	 * a root command keeps exactly the set and any other user gets none.
	 */
	if (sixd_security_drop_bounding(&cfg->security, err) < 0)
		return -1;
	/*
	 * Loading a filter needs no_new_privs or CAP_SYS_ADMIN: without
	 * no_new_privs (setuid binaries must keep working, as in Docker) load it
	 * while root still holds every capability; what follows until execve
	 * (setgroups, setres[ug]id, capset, prctl, chdir, sendmsg, execve) is in
	 * Docker's profile.  With no_new_privs it is the last step (child_setup).
	 */
	if (!cfg->security.no_new_privs && sixd_seccomp_load(&cfg->seccomp, err) < 0)
		return -1;
	if (setgroups(u->n_groups, u->groups) < 0 || setresgid(u->gid, u->gid, u->gid) < 0 ||
	    setresuid(u->uid, u->uid, u->uid) < 0)
		return sixd_error_set(err, errno, "cannot switch to user '%s'", cfg->user);
	if (sixd_security_apply(&cfg->security, err) < 0)
		return -1;
	if (chdir(cfg->workdir && *cfg->workdir ? cfg->workdir : "/") < 0)
		return sixd_error_set(err, errno, "cannot enter the working directory '%s'",
				      cfg->workdir);
	return 0;
}

/* Close every fd but 0, 1, 2 and keep: no host descriptor reaches the command. */
static void close_fds_except(int keep)
{
	if (keep > 3)
		syscall(SYS_close_range, 3, keep - 1, 0);
	syscall(SYS_close_range, keep + 1, ~0U, 0);
}

static int setup_stdio(const struct sixd_spawn_config *cfg, int pty_slave, struct sixd_error **err)
{
	if (pty_slave >= 0) {
		if (cfg->winsize.ws_row && ioctl(pty_slave, TIOCSWINSZ, &cfg->winsize) < 0)
			return sixd_error_set(err, errno, "cannot set the console size");
		if (ioctl(pty_slave, TIOCSCTTY, 0) < 0)
			return sixd_error_set(err, errno,
					      "cannot make the console the controlling terminal");
		for (int i = 0; i < 3; i++)
			if (dup2(pty_slave, i) < 0)
				return sixd_error_set(err, errno, "cannot attach the console");
		if (pty_slave > 2)
			close(pty_slave);
		return 0;
	}
	for (int i = 0; i < 3; i++) {
		if (cfg->stdio[i] != i && dup2(cfg->stdio[i], i) < 0)
			return sixd_error_set(err, errno, "cannot set up stdio");
	}
	return 0;
}

static int child_setup(const struct sixd_spawn_config *cfg, int syncfd, struct sixd_error **err)
{
	struct sixd_user user;
	struct sync_msg msg;
	int master = -1, slave = -1, passed;
	_cleanup_strv_ char **env = NULL;

	if (setsid() < 0)
		return sixd_error_set(err, errno, "cannot create a session");
	umask(022);
	if (sixd_rootfs_prepare(&cfg->rootfs, &master, &slave, err) < 0)
		return -1;
	if (master >= 0 && (send_msg(syncfd, SYNC_PTY, master) < 0 || close(master) < 0))
		return sixd_error_set(err, errno, "cannot pass the console to the monitor");
	if (sixd_rootfs_pivot(&cfg->rootfs, err) < 0)
		return -1;
	if (setup_stdio(cfg, slave, err) < 0)
		return -1;
	close_fds_except(syncfd);
	if (sethostname(cfg->hostname, strlen(cfg->hostname)) < 0)
		return sixd_error_set(err, errno, "cannot set the hostname '%s'", cfg->hostname);
	if (!cfg->host_network && loopback_up(err) < 0)
		return -1;
	/*
	 * Meanwhile the parent put us into the cgroup: the first cgroup v1
	 * migration after a quiet spell waits for an RCU grace period (5-15 ms
	 * here), which the work above overlaps.  Nothing the command can run
	 * happens before GO.
	 */
	if (recv_msg(syncfd, &msg, &passed, 0) <= 0 || msg.type != SYNC_GO)
		_exit(SIXD_EXIT_FAILURE); /* the parent is gone or refused: nobody to tell */
	if (unshare(CLONE_NEWCGROUP) < 0)
		return sixd_error_set(err, errno, "cannot create the cgroup namespace");
	if (sixd_rootfs_mount_cgroups(sixd_cgroup_mode() == SIXD_CGROUP_V2, !cfg->rootfs.mask_paths,
				      err) < 0)
		return -1;
	if (cfg->hardening && sixd_hardening_apply(cfg->hardening, err) < 0)
		return -1;
	if (become_user(cfg, &user, err) < 0)
		return -1;
	env = build_env(cfg->env, &user);
	if (env == NULL)
		return sixd_error_set(err, ENOMEM, "cannot build the environment");
	if (cfg->security.no_new_privs && sixd_seccomp_load(&cfg->seccomp, err) < 0)
		return -1;
	if (send_msg(syncfd, SYNC_EXEC, -1) < 0)
		_exit(SIXD_EXIT_FAILURE);
	return exec_command(cfg->argv, env, err);
}

static __attribute__((noreturn)) void child_main(const struct sixd_spawn_config *cfg, int syncfd)
{
	struct sixd_error *err = NULL;

	sigset_t none;

	/* the monitor's blocked signals and SIG_IGN dispositions must not reach the command */
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/*
	 * The container dies with its monitor (the setting survives execve): never
	 * a container nobody supervises, and its exit status is known even then,
	 * 137, which a later read of the record fills in (lib/state.c).
	 */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	child_setup(cfg, syncfd, &err);
	child_fail(syncfd, err);
}

static void kill_and_reap(pid_t pid)
{
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* Read the child's messages until EOF; fills out->pty_master. */
static int await_exec(int syncfd, struct sixd_spawn_result *out, struct sixd_error **err)
{
	bool exec_seen = false;
	struct sync_msg msg;
	int passed;
	ssize_t n;

	while ((n = recv_msg(syncfd, &msg, &passed, 0)) > 0) {
		switch (msg.type) {
		case SYNC_PTY:
			out->pty_master = passed;
			break;
		case SYNC_EXEC:
			exec_seen = true;
			break;
		case SYNC_ERROR:
			msg.text[sizeof(msg.text) - 1] = '\0';
			return sixd_error_set_exit(err, msg.exit_code, msg.status, "%s", msg.text);
		default:
			if (passed >= 0)
				close(passed);
			return sixd_error_set(err, EPROTO,
					      "unexpected message from the container init");
		}
	}
	if (n < 0)
		return sixd_error_set(err, errno, "cannot read from the container init");
	if (!exec_seen)
		return sixd_error_set(err, 0, "the container init died during setup");
	return 0;
}

/*
 * before_start or GO failed: if the child failed first (it sets up while the
 * parent works), its own report names the cause, e.g. a bad volume rather than
 * a dead process that cannot join the cgroup.
 */
static void prefer_child_error(int syncfd, struct sixd_error **err)
{
	struct sync_msg msg;
	int passed;

	while (recv_msg(syncfd, &msg, &passed, MSG_DONTWAIT) > 0) {
		if (passed >= 0)
			close(passed);
		if (msg.type == SYNC_ERROR) {
			msg.text[sizeof(msg.text) - 1] = '\0';
			sixd_error_set_exit(err, msg.exit_code, msg.status, "%s", msg.text);
			return;
		}
	}
}

int sixd_spawn(const struct sixd_spawn_config *cfg, struct sixd_spawn_result *out,
	       struct sixd_error **err)
{
	const unsigned long flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC |
				    (cfg->host_network ? 0 : CLONE_NEWNET);
	_cleanup_close_ int parent_fd = -1;
	int sv[2];
	pid_t pid;

	out->pid = -1;
	out->pty_master = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return sixd_error_set(err, errno, "cannot create the sync socket");
	pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);
	if (pid < 0) {
		int saved = errno;

		close(sv[0]);
		close(sv[1]);
		return sixd_error_set(err, saved, "cannot clone the container init");
	}
	if (pid == 0) {
		close(sv[0]);
		child_main(cfg, sv[1]);
	}
	close(sv[1]);
	parent_fd = sv[0];
	if (cfg->before_start && cfg->before_start(pid, cfg->data, err) < 0) {
		prefer_child_error(parent_fd, err);
		goto fail;
	}
	if (send_msg(parent_fd, SYNC_GO, -1) < 0) {
		sixd_error_set(err, errno, "cannot start the container init");
		prefer_child_error(parent_fd, err);
		goto fail;
	}
	if (await_exec(parent_fd, out, err) < 0)
		goto fail;
	out->pid = pid;
	return 0;
fail:
	if (out->pty_master >= 0)
		close(steal_fd(out->pty_master));
	kill_and_reap(pid);
	return -1;
}
