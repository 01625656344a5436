// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The exec constructor: runs before main in every sixdocker process and does
 * nothing unless SIXD_NSENTER_ENV names a request fd (see protocol.h).  Then,
 * still single-threaded, it enters the container and never returns to main:
 *
 *   joiner (this process)                       command (its child)
 *   read the request, close every other fd
 *   open every /proc/<pid>/ns/<type>, check the pid
 *   non-dumpable, join the cgroup
 *   -d -t: fork a keeper for the pty (keeper.c), still outside the pid namespace
 *   setns ipc uts net cgroup pid, mnt last
 *   a pty from the container's devpts (-t)
 *   fork ---------------------------------->   setsid, stdio, close host fds
 *                                              bounding set, seccomp (without
 *                                              no_new_privs), user, caps,
 *                                              no_new_privs, -w (inside the root
 *                                              only), seccomp (with
 *                                              no_new_privs), execve
 *   EOF: it runs; or <---- reply {errno, exit code, text}
 *   relay the pty and signals, exit with its status (128+N for signal N)
 *
 * libc only: no lib/ code.  Errors print one line naming the step and exit 125.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <linux/openat2.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsenter.h"
#include "protocol.h"

#define EXIT_FAILURE_OWN 125

struct request {
	struct sixd_nsenter_header h;
	char *buf;
	void *seccomp; /* h.seccomp_len bytes of BPF, or NULL */
	const char *name, *user, *cwd;
	char **cgroups, **argv, **env; /* into buf; env has room for HOME */
};

/* setns order: mount last, so the paths of the others still resolve on the host. */
static const struct {
	const char *name;
	int type;
} namespaces[] = {
	{"ipc", CLONE_NEWIPC},	     {"uts", CLONE_NEWUTS}, {"net", CLONE_NEWNET},
	{"cgroup", CLONE_NEWCGROUP}, {"pid", CLONE_NEWPID}, {"mnt", CLONE_NEWNS},
};
#define N_NS (sizeof(namespaces) / sizeof(namespaces[0]))

/* Signals the joiner forwards to the command. */
static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};

static __attribute__((noreturn, format(printf, 2, 3))) void die(int status, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (status > 0)
		dprintf(STDERR_FILENO, "sixdocker: %s: %s\n", msg, strerror(status));
	else
		dprintf(STDERR_FILENO, "sixdocker: %s\n", msg);
	_exit(EXIT_FAILURE_OWN);
}

/* Point n entries of v at the next strings of buf[*off..len). */
static int take_strings(struct request *q, char **v, uint32_t n, size_t *off)
{
	for (uint32_t i = 0; i < n; i++) {
		if (*off >= q->h.strings_len)
			return -1;
		v[i] = q->buf + *off;
		*off += strlen(v[i]) + 1;
	}
	v[n] = NULL;
	return 0;
}

static void parse_request(struct request *q)
{
	size_t off = 0, n = (size_t)q->h.n_cgroups + q->h.n_argv + q->h.n_env;
	char *head[4];

	if (q->h.strings_len == 0 || q->buf[q->h.strings_len - 1] != '\0' || q->h.n_argv == 0 ||
	    n > q->h.strings_len)
		die(0, "invalid exec request");
	q->cgroups = calloc(n + 4, sizeof(char *));
	if (q->cgroups == NULL)
		die(ENOMEM, "cannot read the exec request");
	q->argv = q->cgroups + q->h.n_cgroups + 1;
	q->env = q->argv + q->h.n_argv + 1;
	if (take_strings(q, head, 3, &off) < 0 ||
	    take_strings(q, q->cgroups, q->h.n_cgroups, &off) ||
	    take_strings(q, q->argv, q->h.n_argv, &off) < 0 ||
	    take_strings(q, q->env, q->h.n_env, &off) < 0 || off != q->h.strings_len)
		die(0, "invalid exec request");
	q->name = head[0];
	q->user = head[1];
	q->cwd = head[2];
}

static void read_request(const char *marker, struct request *q)
{
	char *end;
	long fd = strtol(marker, &end, 10);
	struct stat st;

	if (*marker == '\0' || *end != '\0' || fd < 3 || fd > INT32_MAX)
		die(0, "invalid %s '%s'", SIXD_NSENTER_ENV, marker);
	if (fstat((int)fd, &st) < 0 ||
	    pread((int)fd, &q->h, sizeof(q->h), 0) != (ssize_t)sizeof(q->h))
		die(errno, "cannot read the exec request");
	if (q->h.magic != SIXD_NSENTER_MAGIC || q->h.version != SIXD_NSENTER_VERSION ||
	    q->h.strings_len > SIXD_NSENTER_MAX_REQUEST ||
	    q->h.seccomp_len > SIXD_NSENTER_MAX_SECCOMP || q->h.seccomp_len % 8 != 0 ||
	    (uint64_t)st.st_size !=
		    sizeof(q->h) + (uint64_t)q->h.strings_len + (uint64_t)q->h.seccomp_len)
		die(0, "invalid exec request");
	q->buf = malloc(q->h.strings_len + 1);
	q->seccomp = q->h.seccomp_len ? malloc(q->h.seccomp_len) : NULL;
	if (q->buf == NULL || (q->h.seccomp_len && q->seccomp == NULL))
		die(ENOMEM, "cannot read the exec request");
	if (pread((int)fd, q->buf, q->h.strings_len, sizeof(q->h)) != (ssize_t)q->h.strings_len ||
	    (q->seccomp &&
	     pread((int)fd, q->seccomp, q->h.seccomp_len,
		   (off_t)(sizeof(q->h) + q->h.strings_len)) != (ssize_t)q->h.seccomp_len))
		die(errno, "cannot read the exec request");
	close((int)fd);
	parse_request(q);
}

/* Field 22 of /proc/<pid>/stat, 0 if the process is gone. */
static uint64_t start_time(pid_t pid)
{
	char path[64], buf[1024], *p;
	int fd, field;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	for (field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	return p ? strtoull(p + 1, NULL, 10) : 0;
}

/* Open every namespace before joining any; then make sure pid was not reused meanwhile. */
static void open_namespaces(const struct request *q, int fds[N_NS])
{
	char path[64];

	for (size_t i = 0; i < N_NS; i++) {
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)q->h.pid, namespaces[i].name);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0)
			die(errno, "cannot open the %s namespace of %d", namespaces[i].name,
			    (int)q->h.pid);
	}
	if (start_time(q->h.pid) != q->h.pid_start)
		die(0, "container %s is not running", q->name);
}

/* Before any setns: the host's cgroup mounts are still ours to see. */
static void join_cgroups(const struct request *q)
{
	char pid[32];
	int len = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());

	for (uint32_t i = 0; i < q->h.n_cgroups; i++) {
		int fd = open(q->cgroups[i], O_WRONLY | O_CLOEXEC);

		if (fd < 0 || write(fd, pid, (size_t)len) != len)
			die(errno, "cannot join the cgroup '%s'", q->cgroups[i]);
		close(fd);
	}
}

static void join_namespaces(const struct request *q, int fds[N_NS])
{
	for (size_t i = 0; i < N_NS; i++) {
		if (setns(fds[i], namespaces[i].type) < 0)
			die(errno, "cannot join the %s namespace of %d", namespaces[i].name,
			    (int)q->h.pid);
		close(fds[i]);
	}
	if (chdir("/") < 0)
		die(errno, "cannot enter the root of container %s", q->name);
}

/* A pty from the container's own devpts (after setns: /dev is the container's). */
static void open_pty(int *master, int *slave)
{
	struct winsize ws;
	int unlock = 0;

	*master = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*master < 0)
		die(errno, "cannot open '/dev/pts/ptmx' in the container");
	if (ioctl(*master, TIOCSPTLCK, &unlock) < 0)
		die(errno, "cannot unlock the pty");
	*slave = ioctl(*master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*slave < 0)
		die(errno, "cannot open the pty's slave");
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(*master, TIOCSWINSZ, &ws);
}

static void build_sigset(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(set, forwarded[i]);
}

/* 0 once the command runs (EOF on the sync socket); else its exit code, after one line. */
static int await_exec(int syncfd, pid_t pid)
{
	struct sixd_nsenter_reply r;
	ssize_t n;

	do
		n = read(syncfd, &r, sizeof(r));
	while (n < 0 && errno == EINTR);
	close(syncfd);
	if (n == 0)
		return 0;
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof(r)) {
		dprintf(STDERR_FILENO, "sixdocker: the command died before it started\n");
		return EXIT_FAILURE_OWN;
	}
	r.text[sizeof(r.text) - 1] = '\0';
	if (r.status > 0)
		dprintf(STDERR_FILENO, "sixdocker: %s: %s\n", r.text, strerror(r.status));
	else
		dprintf(STDERR_FILENO, "sixdocker: %s\n", r.text);
	return r.exit_code > 0 ? r.exit_code : EXIT_FAILURE_OWN;
}

/*
 * Without a pty, an attached command whose caller's stdio includes a terminal
 * gets pipes instead: never the caller's terminal itself (TIOCSTI).  mine[]
 * gets the joiner's ends (stdin's write end, stdout's and stderr's read ends),
 * theirs[] the command's.
 */
static void open_pipes(const struct request *q, int mine[3], int theirs[3])
{
	for (int i = 0; i < 3; i++) {
		int p[2];

		mine[i] = theirs[i] = -1;
		if (i == 0 && !(q->h.flags & SIXD_NSENTER_INTERACTIVE))
			continue;
		if (pipe2(p, O_CLOEXEC) < 0)
			die(errno, "cannot create the stdio pipes");
		mine[i] = i == 0 ? p[1] : p[0];
		theirs[i] = i == 0 ? p[0] : p[1];
	}
}

static bool caller_has_terminal(void)
{
	return isatty(STDIN_FILENO) || isatty(STDOUT_FILENO) || isatty(STDERR_FILENO);
}

static int joiner(struct request *q)
{
	bool detach = q->h.flags & SIXD_NSENTER_DETACH, tty = q->h.flags & SIXD_NSENTER_TTY;
	int ns[N_NS], master = -1, slave = -1, sync[2], sigfd, rc, keeper = -1;
	int mine[3] = {-1, -1, -1}, theirs[3] = {-1, -1, -1};
	sigset_t set;
	pid_t pid;

	syscall(SYS_close_range, 3, ~0U, 0); /* no host fd but stdio goes further */
	open_namespaces(q, ns);
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		die(errno, "cannot make the joining process non-dumpable");
	join_cgroups(q);
	if (tty && detach && (keeper = sixd_nsenter_keeper_start()) < 0)
		die(errno, "cannot start the keeper of the pty");
	join_namespaces(q, ns);
	if (tty)
		open_pty(&master, &slave);
	else if (!detach && caller_has_terminal())
		open_pipes(q, mine, theirs);
	build_sigset(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	/* a proxy forwards what it is sent, even a signal its caller ignored (nohup, &) */
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		signal(forwarded[i], SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sync) < 0)
		die(errno, "cannot create the sync socket");
	pid = fork();
	if (pid < 0)
		die(errno, "cannot fork into the pid namespace of %d", (int)q->h.pid);
	if (pid == 0) {
		close(sync[0]);
		if (master >= 0)
			close(master);
		if (keeper >= 0)
			close(keeper);
		sixd_nsenter_child(
			&(struct sixd_nsenter_cmd){.flags = q->h.flags,
						   .caps = q->h.caps,
						   .seccomp = q->seccomp,
						   .seccomp_len = q->h.seccomp_len,
						   .user = q->user,
						   .cwd = q->cwd,
						   .argv = q->argv,
						   .env = q->env,
						   .slave = slave,
						   .stdio = {theirs[0], theirs[1], theirs[2]},
						   .syncfd = sync[1]});
	}
	close(sync[1]);
	if (slave >= 0)
		close(slave);
	for (int i = 0; i < 3; i++)
		if (theirs[i] >= 0)
			close(theirs[i]);
	rc = await_exec(sync[0], pid);
	if (rc == 0 && keeper >= 0 && sixd_nsenter_keeper_give(keeper, master) < 0)
		die(errno, "cannot hand the pty to its keeper");
	if (rc != 0 || detach)
		return rc; /* -d: the command runs on, its pty (-t) held by the keeper */
	sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sigfd < 0)
		die(errno, "cannot watch signals");
	return sixd_nsenter_relay(pid, sigfd,
				  &(struct sixd_nsenter_stdio){
					  .master = master,
					  .in = mine[0],
					  .out = mine[1],
					  .err = mine[2],
					  .interactive = q->h.flags & SIXD_NSENTER_INTERACTIVE,
				  });
}

__attribute__((constructor)) static void sixd_nsenter(void)
{
	const char *marker = getenv(SIXD_NSENTER_ENV);
	struct request q = {0};

	if (marker == NULL)
		return;
	read_request(marker, &q);
	unsetenv(SIXD_NSENTER_ENV);
	_exit(joiner(&q));
}
