// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The exec'd command's side of the nsenter constructor (see nsenter.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsenter.h"
#include "protocol.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static __attribute__((noreturn, format(printf, 4, 5))) void
fail(const struct sixd_nsenter_cmd *c, int status, int exit_code, const char *fmt, ...)
{
	struct sixd_nsenter_reply r = {.status = status, .exit_code = exit_code};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r.text, sizeof(r.text), fmt, ap);
	va_end(ap);
	send(c->syncfd, &r, sizeof(r), MSG_NOSIGNAL);
	_exit(exit_code);
}

static void reset_signals(void)
{
	sigset_t none;

	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static void setup_stdio(const struct sixd_nsenter_cmd *c)
{
	bool detach = c->flags & SIXD_NSENTER_DETACH;
	int null = -1;

	if (c->slave >= 0) {
		if (ioctl(c->slave, TIOCSCTTY, 0) < 0)
			fail(c, errno, 125, "cannot make the pty the controlling terminal");
		for (int i = 0; i < 3; i++)
			if (dup2(c->slave, i) < 0)
				fail(c, errno, 125, "cannot attach the pty");
		close(c->slave);
		return;
	}
	for (int i = 0; i < 3; i++)
		if (c->stdio[i] >= 0 && dup2(c->stdio[i], i) < 0)
			fail(c, errno, 125, "cannot attach the stdio pipes");
	if ((c->flags & SIXD_NSENTER_INTERACTIVE) && !detach)
		return; /* attached -i: the caller's stdin, or our pipe */
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		fail(c, errno, 125, "cannot open '/dev/null' in the container");
	for (int i = 0; i < 3; i++)
		if ((i == 0 || detach) && dup2(null, i) < 0)
			fail(c, errno, 125, "cannot set up stdio");
	close(null);
}

/* Every fd but 0, 1, 2 and the (CLOEXEC) sync socket. */
static void close_fds(const struct sixd_nsenter_cmd *c)
{
	if (c->syncfd > 3)
		syscall(SYS_close_range, 3, c->syncfd - 1, 0);
	syscall(SYS_close_range, c->syncfd + 1, ~0U, 0);
}

/* The kernel's highest capability number; 63 (drops past it fail with EINVAL) if unknown. */
static int last_cap(void)
{
	char buf[16] = "";
	int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	int last = n > 0 ? atoi(buf) : 63;

	if (fd >= 0)
		close(fd);
	return last > 0 && last < 64 ? last : 63;
}

/* While still root with CAP_SETPCAP: the bounding set down to c->caps, no ambient. */
static void drop_bounding_caps(const struct sixd_nsenter_cmd *c)
{
	int last = last_cap();

	for (int cap = 0; cap <= last; cap++) {
		if (c->caps & (1ULL << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			fail(c, errno, 125, "cannot drop capability %d from the bounding set", cap);
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
		fail(c, errno, 125, "cannot clear the ambient capabilities");
}

/*
 * After the user switch: permitted = effective = c->caps within what is still
 * held (nothing once a non-root uid took over), no inheritable; then
 * no_new_privs if the container has it.
 */
static void apply_caps(const struct sixd_nsenter_cmd *c)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &hdr, data) < 0)
		fail(c, errno, 125, "cannot read the capabilities");
	for (size_t i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
		data[i].permitted &= (uint32_t)(c->caps >> (32 * i));
		data[i].effective = data[i].permitted;
		data[i].inheritable = 0;
	}
	if (syscall(SYS_capset, &hdr, data) < 0)
		fail(c, errno, 125, "cannot set the capabilities");
	if ((c->flags & SIXD_NSENTER_NO_NEW_PRIVS) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		fail(c, errno, 125, "cannot set no_new_privs");
}

/*
 * Install the container's seccomp program.  The kernel wants no_new_privs or
 * CAP_SYS_ADMIN: without no_new_privs this runs while root still holds its
 * capabilities, with it as the last step before execve.
 */
static void load_seccomp(const struct sixd_nsenter_cmd *c)
{
	struct sock_fprog prog = {
		.len = (unsigned short)(c->seccomp_len / sizeof(struct sock_filter)),
		.filter = (struct sock_filter *)c->seccomp,
	};

	if (c->seccomp == NULL)
		return;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0 &&
	    (errno != ENOSYS || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0))
		fail(c, errno, 125, "cannot load the seccomp filter");
}

static void become_user(const struct sixd_nsenter_cmd *c, struct sixd_nsenter_user *u)
{
	char msg[512];

	if (sixd_nsenter_user_resolve(c->user, u, msg, sizeof(msg)) < 0)
		fail(c, 0, 125, "%s", msg);
	if (c->slave >= 0 && fchown(STDIN_FILENO, u->uid, (gid_t)-1) < 0)
		fail(c, errno, 125, "cannot hand the pty to user '%s'", c->user);
	if (setgroups(u->n_groups, u->groups) < 0 || setresgid(u->gid, u->gid, u->gid) < 0 ||
	    setresuid(u->uid, u->uid, u->uid) < 0)
		fail(c, errno, 125, "cannot switch to user '%s'", c->user);
}

/* cwd resolved inside the root, as the user, never through a magic link. */
static void enter_workdir(const struct sixd_nsenter_cmd *c)
{
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC), fd;

	if (root < 0)
		fail(c, errno, 125, "cannot open the container's root");
	fd = (int)syscall(SYS_openat2, root, c->cwd, &how, sizeof(how));
	/* as Docker: the command cannot be invoked there, 126 */
	if (fd < 0 || fchdir(fd) < 0)
		fail(c, errno, 126, "cannot enter the working directory '%s'", c->cwd);
	close(fd);
	close(root);
}

static const char *env_get(char **env, const char *key)
{
	size_t len = strlen(key);

	for (size_t i = 0; env[i]; i++)
		if (strncmp(env[i], key, len) == 0 && env[i][len] == '=')
			return env[i] + len + 1;
	return NULL;
}

static __attribute__((noreturn)) void exec_error(const struct sixd_nsenter_cmd *c, const char *cmd,
						 int e)
{
	if (e == ENOENT || e == ENOTDIR)
		fail(c, 0, 127, "exec: \"%s\": no such file or directory", cmd);
	fail(c, e, 126, "exec: \"%s\"", cmd);
}

/* execve argv[0], searched in the container's PATH unless it holds a slash. */
static __attribute__((noreturn)) void exec_command(const struct sixd_nsenter_cmd *c)
{
	const char *path = env_get(c->env, "PATH") ?: DEFAULT_PATH;
	int denied = 0;

	if (strchr(c->argv[0], '/')) {
		execve(c->argv[0], c->argv, c->env);
		exec_error(c, c->argv[0], errno);
	}
	while (*path) {
		size_t len = strcspn(path, ":");
		char full[4096];

		snprintf(full, sizeof(full), "%.*s/%s", len ? (int)len : 1, len ? path : ".",
			 c->argv[0]);
		execve(full, c->argv, c->env);
		if (errno == EACCES)
			denied = EACCES;
		else if (errno != ENOENT && errno != ENOTDIR)
			exec_error(c, full, errno);
		path += len + (path[len] == ':');
	}
	if (denied)
		exec_error(c, c->argv[0], denied);
	fail(c, 0, 127, "exec: \"%s\": executable file not found in $PATH", c->argv[0]);
}

void sixd_nsenter_child(const struct sixd_nsenter_cmd *c)
{
	struct sixd_nsenter_user u;
	static char home[300];

	reset_signals();
	if (setsid() < 0)
		fail(c, errno, 125, "cannot create a session");
	setup_stdio(c);
	close_fds(c);
	drop_bounding_caps(c);
	if (!(c->flags & SIXD_NSENTER_NO_NEW_PRIVS))
		load_seccomp(c);
	become_user(c, &u);
	apply_caps(c);
	enter_workdir(c);
	if (c->flags & SIXD_NSENTER_NO_NEW_PRIVS)
		load_seccomp(c);
	if (env_get(c->env, "HOME") == NULL) {
		size_t n = 0;

		while (c->env[n])
			n++;
		snprintf(home, sizeof(home), "HOME=%s", u.home[0] ? u.home : "/");
		c->env[n] = home;
		c->env[n + 1] = NULL;
	}
	exec_command(c);
}
