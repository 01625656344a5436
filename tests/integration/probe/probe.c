// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A static probe the integration tests mount into containers (busybox has no
 * way to make these calls): each command makes one system call and prints
 * "ok" or the errno's name (EPERM, ENOSYS...), exit status 0 either way.
 *
 *   probe socket FAMILY        socket(FAMILY, SOCK_SEQPACKET or SOCK_STREAM, 0)
 *   probe clone-userns         clone(CLONE_NEWUSER | SIGCHLD), the child exits at once
 *   probe clone3               clone3(NULL, 0): EINVAL from the kernel, ENOSYS from seccomp
 *   probe ptrace               ptrace(PTRACE_TRACEME)
 *   probe keyctl               keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 1)
 *   probe personality HEX      personality(HEX)
 *   probe io_uring             io_uring_setup(1, {0})
 *   probe clock_settime        clock_settime(CLOCK_MONOTONIC): EINVAL from the kernel (harmless)
 *   probe finit_module         finit_module(-1): EBADF from the kernel (harmless)
 *
 * Built by the tests with `cc -static`; not part of sixdocker.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int report(long rc)
{
	if (rc < 0)
		printf("%s\n", strerrorname_np(errno));
	else
		printf("ok\n");
	return 0;
}

static long clone_userns(void)
{
	long pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, 0);

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid((pid_t)pid, NULL, 0);
	return pid;
}

static long io_uring(void)
{
	char params[120] = {0}; /* struct io_uring_params */
	long fd = syscall(SYS_io_uring_setup, 1, params);

	if (fd >= 0)
		close((int)fd);
	return fd;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	long arg = argc > 2 ? strtol(argv[2], NULL, 0) : 0;

	if (strcmp(what, "socket") == 0) {
		int type = arg == 40 ? SOCK_STREAM : SOCK_SEQPACKET;

		return report(socket((int)arg, type, 0));
	}
	if (strcmp(what, "clone-userns") == 0)
		return report(clone_userns());
	if (strcmp(what, "clone3") == 0)
		return report(syscall(SYS_clone3, NULL, 0));
	if (strcmp(what, "ptrace") == 0)
		return report(ptrace(PTRACE_TRACEME, 0, NULL, NULL));
	if (strcmp(what, "keyctl") == 0)
		return report(syscall(SYS_keyctl, 0 /* GET_KEYRING_ID */, -3 /* session */, 1));
	if (strcmp(what, "personality") == 0)
		return report(syscall(SYS_personality, (unsigned long)arg));
	if (strcmp(what, "io_uring") == 0)
		return report(io_uring());
	if (strcmp(what, "clock_settime") == 0) {
		struct timespec ts = {0};

		return report(syscall(SYS_clock_settime, CLOCK_MONOTONIC, &ts));
	}
	if (strcmp(what, "finit_module") == 0)
		return report(syscall(SYS_finit_module, -1, "", 0));
	fprintf(stderr,
		"usage: probe socket|clone-userns|clone3|ptrace|keyctl|personality|io_uring\n");
	return 2;
}
