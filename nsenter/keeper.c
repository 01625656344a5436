// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exec -d -t: the pty's master must stay open while the command runs (its
 * last close hangs the terminal up) and be drained (else the command blocks
 * once the pty's buffer is full), after the joiner has returned to its caller.
 * A keeper forked before the joiner enters the pid namespace does that from
 * outside the container (nothing in it sees a sixdocker process): it gets the
 * master over a socket once the command runs and reads it until the last
 * slave closes.  libc only.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsenter.h"

/* The fd sent over sock, or -1 (the joiner failed before sending one). */
static int receive_fd(int sock)
{
	char data, control[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = &data, .iov_len = 1};
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control,
		.msg_controllen = sizeof(control),
	};
	struct cmsghdr *cm;
	int fd;
	ssize_t n;

	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	cm = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
	if (cm == NULL || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int)))
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	return fd;
}

/* The keeper: own session, no caller's stdio, default signals; drain the master. */
static __attribute__((noreturn)) void keep(int sock)
{
	char buf[4096];
	sigset_t none;
	int null, master;
	ssize_t n;

	setsid();
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* only the socket is kept: no namespace fd, and not the caller's stdio */
	if (sock > 3)
		syscall(SYS_close_range, 3, sock - 1, 0);
	syscall(SYS_close_range, sock + 1, ~0U, 0);
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	for (int i = 0; i < 3; i++)
		if (null < 0 || dup2(null, i) < 0)
			close(i);
	master = receive_fd(sock);
	close(sock);
	while (master >= 0) {
		n = read(master, buf, sizeof(buf));
		if (n == 0 || (n < 0 && errno != EINTR))
			break; /* EIO: the last slave closed */
	}
	_exit(0);
}

int sixd_nsenter_keeper_start(void)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		keep(sv[1]);
	}
	close(sv[1]);
	return sv[0];
}

int sixd_nsenter_keeper_give(int sock, int master)
{
	char data = 'm', control[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = &data, .iov_len = 1};
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control,
		.msg_controllen = sizeof(control),
	};
	struct cmsghdr *cm;
	ssize_t n;

	memset(control, 0, sizeof(control));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &master, sizeof(master));
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : -1;
}
