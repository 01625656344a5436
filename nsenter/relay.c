// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The attached joiner after the command started: the pty relay, signal
 * forwarding and the exit status (see nsenter.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "nsenter.h"

struct relay {
	pid_t pid;
	int sigfd;
	int master; /* -1 without a tty, or once the last slave closed */
	int src[2]; /* the command's output for our stdout, stderr: the master or pipes */
	int in_src; /* our stdin while relayed, else -1 */
	int in_dst; /* the master or the command's stdin pipe */
	bool exited;
	int status;
	bool raw;
	struct termios saved;
};

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static void copy_winsize(struct relay *r)
{
	struct winsize ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(r->master, TIOCSWINSZ, &ws);
}

static void terminal_raw(struct relay *r)
{
	struct termios raw;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &r->saved) < 0)
		return;
	raw = r->saved;
	cfmakeraw(&raw);
	raw.c_oflag |= OPOST;
	r->raw = tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) == 0;
}

static void handle_signal(struct relay *r)
{
	struct signalfd_siginfo si;
	int status;

	if (read(r->sigfd, &si, sizeof(si)) != sizeof(si))
		return;
	if (si.ssi_signo == SIGCHLD) {
		if (!r->exited && waitpid(r->pid, &status, WNOHANG) == r->pid) {
			r->exited = true;
			r->status = status;
		}
	} else if (si.ssi_signo == SIGWINCH && r->master >= 0) {
		copy_winsize(r); /* the kernel signals the pty's foreground group */
	} else if (!r->exited) {
		kill(r->pid, (int)si.ssi_signo);
	}
}

/* Copy one read from src to dst; false at EOF or on an error (EIO: no slave left). */
static bool pump(int src, int dst)
{
	char buf[16384];
	ssize_t n = read(src, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	return n > 0 && write_all(dst, buf, (size_t)n) == 0;
}

static void close_src(struct relay *r, int i)
{
	if (r->src[i] == r->master) {
		r->master = -1;
		r->in_src = r->in_dst = -1;
	}
	close(r->src[i]);
	r->src[i] = -1;
}

static void close_in(struct relay *r)
{
	if (r->in_dst >= 0 && r->in_dst != r->master)
		close(r->in_dst); /* the command sees EOF on stdin */
	r->in_src = r->in_dst = -1;
}

static void relay_loop(struct relay *r)
{
	while (!r->exited) {
		struct pollfd fds[4] = {
			{.fd = r->sigfd, .events = POLLIN},
			{.fd = r->src[0], .events = POLLIN},
			{.fd = r->src[1], .events = POLLIN},
			{.fd = r->in_src, .events = POLLIN},
		};

		if (poll(fds, 4, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[0].revents)
			handle_signal(r);
		for (int i = 0; i < 2; i++)
			if (fds[i + 1].revents && r->src[i] >= 0 &&
			    !pump(r->src[i], STDOUT_FILENO + i))
				close_src(r, i);
		if (fds[3].revents && r->in_src >= 0 && !pump(r->in_src, r->in_dst))
			close_in(r);
	}
}

/* What the command wrote before it exited and is still buffered (never waits). */
static void drain(struct relay *r)
{
	for (int i = 0; i < 2; i++) {
		if (r->src[i] < 0)
			continue;
		fcntl(r->src[i], F_SETFL, fcntl(r->src[i], F_GETFL) | O_NONBLOCK);
		for (;;) {
			char buf[16384];
			ssize_t n = read(r->src[i], buf, sizeof(buf));

			if (n <= 0 || write_all(STDOUT_FILENO + i, buf, (size_t)n) < 0)
				break;
		}
		close_src(r, i);
	}
	close_in(r);
}

int sixd_nsenter_relay(pid_t pid, int sigfd, const struct sixd_nsenter_stdio *io)
{
	struct relay r = {.pid = pid,
			  .sigfd = sigfd,
			  .master = io->master,
			  .src = {io->out, io->err},
			  .in_src = -1,
			  .in_dst = -1};

	if (io->master >= 0) {
		terminal_raw(&r);
		r.src[0] = io->master;
		r.in_dst = io->interactive ? io->master : -1;
	} else {
		r.in_dst = io->in;
	}
	if (r.in_dst >= 0)
		r.in_src = STDIN_FILENO;
	relay_loop(&r);
	while (!r.exited) { /* poll failed: still reap the command */
		if (waitpid(pid, &r.status, 0) == pid)
			r.exited = true;
		else if (errno != EINTR)
			return 125;
	}
	drain(&r);
	if (r.raw)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &r.saved);
	if (WIFEXITED(r.status))
		return WEXITSTATUS(r.status);
	if (WIFSIGNALED(r.status))
		return 128 + WTERMSIG(r.status);
	return 125;
}
