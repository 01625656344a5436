// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The per-container monitor (see monitor.h).
 *
 *   CLI ──fork──> monitor ──clone──> init (the container)
 *    ^               │
 *    └── report ─────┘  STARTED {pid} | ERROR {errno, exit code, text}; EOF at exit
 *
 * The monitor relays stdio and writes the log (Docker's json-file lines), reaps
 * init, records the exit code, finish time and OOM kill, forwards signals
 * (sig-proxy), and for --rm removes the container.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "cleanup.h"
#include "monitor.h"
#include "network.h"
#include "overlay_job.h"
#include "spawn.h"
#include "util.h"

enum report_type {
	REPORT_STARTED = 1,
	REPORT_ERROR,
};

struct report {
	int32_t type;
	int32_t status;
	int32_t exit_code;
	int32_t pid;
	char text[1024];
};

/* Signals the monitor forwards to the container (and the CLI to the monitor). */
static const int proxied_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

enum { OUT_STDOUT, OUT_STDERR, N_OUTS };

struct monitor {
	int overlay_fd; /* the container's overlay (detached), until the init has it */
	struct sixd_container *c;
	int report_fd;
	int sig_fd;
	int log_fd;
	int64_t log_size;
	int in_src;	     /* our stdin when relaying it, else -1 */
	int in_dst;	     /* the container's stdin pipe or the pty master, else -1 */
	int out_src[N_OUTS]; /* container stdout/stderr pipes (the pty master as stdout) */
	bool out_ok[N_OUTS]; /* still writing to our stdout/stderr (false after EPIPE) */
	pid_t pid;
	int wait_status;
	bool exited;
	bool raw;
	struct termios saved_termios;
};

static void build_sigset(sigset_t *set, bool with_chld)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof(proxied_signals) / sizeof(proxied_signals[0]); i++)
		sigaddset(set, proxied_signals[i]);
	if (with_chld) {
		sigaddset(set, SIGCHLD);
		sigaddset(set, SIGWINCH);
	}
}

static void send_report(int fd, enum report_type type, pid_t pid, const struct sixd_error *err)
{
	struct report r = {.type = type, .pid = pid};

	if (err) {
		r.status = err->status;
		r.exit_code = err->exit_code;
		snprintf(r.text, sizeof(r.text), "%s", err->msg ? err->msg : "");
	}
	sixd_write_all(fd, &r, sizeof(r));
}

/* container.log -> .1 -> .2 ...; the oldest beyond max_file goes. */
static void log_rotate(struct monitor *m)
{
	const struct sixd_record *r = &m->c->rec;
	char from[4096], to[4096];
	int fd;

	if (r->log_max_file <= 1) {
		if (ftruncate(m->log_fd, 0) == 0)
			m->log_size = 0;
		return;
	}
	for (int i = r->log_max_file - 1; i >= 1; i--) {
		if (i == 1)
			snprintf(from, sizeof(from), "%s", r->log_path);
		else
			snprintf(from, sizeof(from), "%s.%d", r->log_path, i - 1);
		snprintf(to, sizeof(to), "%s.%d", r->log_path, i);
		rename(from, to);
	}
	fd = open(r->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0)
		return; /* keep writing to the renamed file rather than lose the output */
	close(m->log_fd);
	m->log_fd = fd;
	m->log_size = 0;
}

static void log_append(struct monitor *m, const char *text, size_t len)
{
	if (m->log_size > 0 && m->log_size + (int64_t)len > m->c->rec.log_max_size)
		log_rotate(m);
	if (sixd_write_all(m->log_fd, text, len) > 0)
		m->log_size += (int64_t)len;
}

/* Append one Docker json-file line per line of buf to the log. */
static void log_write(struct monitor *m, const char *stream, const char *buf, size_t len)
{
	char now[64];

	if (m->log_fd < 0)
		return;
	sixd_format_rfc3339(sixd_now_ns(), now, sizeof(now));
	while (len > 0) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) + 1 : len;
		json_auto_t *line = json_object();
		_cleanup_free_ char *text = NULL;

		if (line == NULL)
			return;
		json_object_set_new(line, "log", json_stringn_nocheck(buf, n));
		json_object_set_new(line, "stream", json_string(stream));
		json_object_set_new(line, "time", json_string(now));
		text = json_dumps(line, JSON_COMPACT);
		if (text) {
			size_t tl = strlen(text);

			text[tl] = '\n';
			log_append(m, text, tl + 1);
		}
		buf += n;
		len -= n;
	}
}

static void copy_winsize(struct monitor *m)
{
	struct winsize ws;

	if (m->c->rec.tty && m->out_src[OUT_STDOUT] >= 0 &&
	    (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 ||
	     ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0))
		ioctl(m->out_src[OUT_STDOUT], TIOCSWINSZ, &ws);
}

/* The caller's terminal in raw mode while a -ti container runs. */
static void terminal_raw(struct monitor *m)
{
	struct termios raw;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &m->saved_termios) < 0)
		return;
	raw = m->saved_termios;
	cfmakeraw(&raw);
	raw.c_oflag |= OPOST; /* keep "\n" -> "\r\n" for our own output */
	if (tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) == 0)
		m->raw = true;
}

static void terminal_restore(struct monitor *m)
{
	if (m->raw)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &m->saved_termios);
	m->raw = false;
}

/* Pipes (or /dev/null) for a container without a tty; stdio[] gets the child's ends. */
static int make_pipes(struct monitor *m, int stdio[3], struct sixd_error **err)
{
	int p[2];

	if (m->c->rec.interactive && !m->c->rec.detach) {
		if (pipe2(p, O_CLOEXEC) < 0)
			return sixd_error_set(err, errno, "cannot create the stdin pipe");
		stdio[0] = p[0];
		m->in_dst = p[1];
		m->in_src = STDIN_FILENO;
	} else {
		stdio[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (stdio[0] < 0)
			return sixd_error_set(err, errno, "cannot open '/dev/null'");
	}
	for (int i = 0; i < N_OUTS; i++) {
		if (pipe2(p, O_CLOEXEC) < 0)
			return sixd_error_set(err, errno, "cannot create the output pipes");
		m->out_src[i] = p[0];
		stdio[i + 1] = p[1];
	}
	return 0;
}

/* Before the init goes on: its cgroup, then its network. */
static int join_cgroup(pid_t pid, void *data, struct sixd_error **err)
{
	struct sixd_container *c = data;

	if (sixd_cgroup_add_pid(c->cg, pid, err) < 0)
		return -1;
	return sixd_net_start(c->store, &c->rec, pid, err);
}

/* What start_init makes for sixd_spawn and releases after it. */
struct init_setup {
	struct sixd_spawn_config cfg;
	struct sixd_hardening hard;
	struct sixd_devices devices;
	struct sixd_volume *vols;
	size_t n_vols;
};

static void release_init(struct init_setup *st)
{
	sixd_hardening_free(&st->hard);
	sixd_devices_free(&st->devices);
	sixd_seccomp_filter_free(&st->cfg.seccomp);
	sixd_net_volumes_free(st->vols, st->n_vols);
	for (int i = 0; i < 3; i++)
		if (st->cfg.stdio[i] >= 0)
			close(st->cfg.stdio[i]);
}

/* Security, seccomp, hardening, devices, network files and stdio for the init (the caller releases
 * st). */
static int prepare_init(struct monitor *m, struct init_setup *st, struct sixd_error **err)
{
	struct sixd_container *c = m->c;
	struct sixd_spawn_config *cfg = &st->cfg;
	_cleanup_free_ char *etc = sixd_store_record_dir(c->store, c->rec.name);

	cfg->host_network = c->rec.net.mode && strcmp(c->rec.net.mode, "host") == 0;
	if (etc == NULL)
		return sixd_error_set(err, ENOMEM, "cannot prepare the mounts");
	if (sixd_net_volumes(etc, c->rec.volumes, c->rec.n_volumes, &st->vols, &st->n_vols, err) <
	    0)
		return -1;
	cfg->rootfs.volumes = st->vols;
	cfg->rootfs.n_volumes = st->n_vols;
	if (sixd_security_from_record(&c->rec, &cfg->security, err) < 0 ||
	    sixd_seccomp_prepare(c->store->data_root, &cfg->security, &cfg->seccomp, err) < 0 ||
	    sixd_hardening_from_record(&c->rec, &st->hard, err) < 0 ||
	    sixd_devices_from_record(&c->rec, &st->devices, err) < 0)
		return -1;
	cfg->rootfs.devices = &st->devices;
	cfg->rootfs.tmpfs = st->hard.tmpfs;
	cfg->rootfs.n_tmpfs = st->hard.n_tmpfs;
	cfg->rootfs.read_only = st->hard.read_only;
	if (!c->rec.tty && make_pipes(m, cfg->stdio, err) < 0)
		return -1;
	if (c->rec.tty && ioctl(STDIN_FILENO, TIOCGWINSZ, &cfg->winsize) < 0)
		ioctl(STDOUT_FILENO, TIOCGWINSZ, &cfg->winsize);
	return 0;
}

static int start_init(struct monitor *m, struct sixd_error **err)
{
	struct sixd_container *c = m->c;
	struct init_setup st = {
		.cfg =
			{
				.rootfs =
					{
						.data_root = c->store->data_root,
						.overlay_fd = m->overlay_fd,
						.workdir = c->rec.workdir,
						.tty = c->rec.tty,
						.mask_paths = !c->rec.privileged,
					},
				.argv = c->rec.argv,
				.env = c->rec.env,
				.workdir = c->rec.workdir,
				.user = c->rec.user,
				.hostname = c->rec.hostname,
				.stdio = {-1, -1, -1},
				.before_start = join_cgroup,
				.data = c,
			},
	};
	struct sixd_spawn_result res;
	int rc;

	st.cfg.hardening = &st.hard;
	rc = prepare_init(m, &st, err);
	if (rc == 0)
		rc = sixd_spawn(&st.cfg, &res, err);
	release_init(&st);
	close(m->overlay_fd); /* the init has it (or failed) */
	m->overlay_fd = -1;
	if (rc < 0)
		return -1;
	m->pid = res.pid;
	if (c->rec.tty) {
		m->out_src[OUT_STDOUT] = res.pty_master;
		if (c->rec.interactive && !c->rec.detach) {
			m->in_src = STDIN_FILENO;
			m->in_dst = res.pty_master;
		}
	}
	return 0;
}

static int record_running(struct monitor *m, struct sixd_error **err)
{
	struct sixd_record *r = &m->c->rec;

	r->status = SIXD_STATUS_RUNNING;
	r->pid = m->pid;
	r->pid_start = sixd_pid_start_time(m->pid);
	r->monitor_pid = getpid();
	r->monitor_start = sixd_pid_start_time(r->monitor_pid);
	r->started = sixd_now_ns();
	return sixd_container_save(m->c, err);
}

static void close_output(struct monitor *m, int i)
{
	if (m->c->rec.tty && m->in_dst == m->out_src[i])
		m->in_dst = -1, m->in_src = -1;
	close(m->out_src[i]);
	m->out_src[i] = -1;
}

static void relay_output(struct monitor *m, int i)
{
	char buf[32768];
	ssize_t n = read(m->out_src[i], buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) { /* EOF, or EIO from a pty whose last slave closed */
		close_output(m, i);
		return;
	}
	log_write(m, i == OUT_STDERR ? "stderr" : "stdout", buf, (size_t)n);
	if (!m->c->rec.detach && m->out_ok[i] && sixd_write_all(i + 1, buf, (size_t)n) < 0)
		m->out_ok[i] = false; /* the reader went away: keep logging */
}

static void relay_input(struct monitor *m)
{
	char buf[8192];
	ssize_t n = read(m->in_src, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0 || sixd_write_all(m->in_dst, buf, (size_t)n) < 0) {
		m->in_src = -1;
		if (!m->c->rec.tty && m->in_dst >= 0) {
			close(m->in_dst); /* the container sees EOF on stdin */
			m->in_dst = -1;
		}
	}
}

static void handle_signal(struct monitor *m)
{
	struct signalfd_siginfo si;
	int status;
	pid_t p;

	if (read(m->sig_fd, &si, sizeof(si)) != sizeof(si))
		return;
	switch (si.ssi_signo) {
	case SIGCHLD:
		while ((p = waitpid(-1, &status, WNOHANG)) > 0) {
			if (p == m->pid) {
				m->exited = true;
				m->wait_status = status;
			}
		}
		break;
	case SIGWINCH:
		copy_winsize(m);
		break;
	default:
		if (!m->exited)
			kill(m->pid, (int)si.ssi_signo);
	}
}

static void relay_loop(struct monitor *m)
{
	while (!m->exited || m->out_src[OUT_STDOUT] >= 0 || m->out_src[OUT_STDERR] >= 0) {
		struct pollfd fds[4];
		nfds_t n = 0;

		fds[n++] = (struct pollfd){.fd = m->sig_fd, .events = POLLIN};
		for (int i = 0; i < N_OUTS; i++)
			fds[n++] = (struct pollfd){.fd = m->out_src[i], .events = POLLIN};
		fds[n++] = (struct pollfd){.fd = m->exited ? -1 : m->in_src, .events = POLLIN};
		if (poll(fds, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[0].revents)
			handle_signal(m);
		for (int i = 0; i < N_OUTS; i++)
			if (fds[i + 1].revents && m->out_src[i] >= 0)
				relay_output(m, i);
		if (fds[3].revents && m->in_src >= 0)
			relay_input(m);
	}
}

static int exit_code_of(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return SIXD_EXIT_FAILURE;
}

/* Record the exit, release the cgroup, and for --rm remove the container. */
static int finish(struct monitor *m)
{
	struct sixd_container *c = m->c;
	struct sixd_record *r = &c->rec;
	uint64_t ooms = 0;

	r->exit_code = exit_code_of(m->wait_status);
	r->oom_killed = WIFSIGNALED(m->wait_status) && WTERMSIG(m->wait_status) == SIGKILL &&
			sixd_cgroup_oom_kills(c->cg, &ooms, NULL) == 0 && ooms > 0;
	r->status = SIXD_STATUS_EXITED;
	r->finished = sixd_now_ns();
	sixd_container_save(c, NULL);
	/* the init's end took its pid namespace's processes; not one that joined from outside
	 * (exec -d -t's keeper): those are killed */
	if (sixd_cgroup_remove_if_empty(c->cg) == 0 ||
	    (sixd_cgroup_kill(c->cg, NULL) == 0 && sixd_cgroup_destroy(c->cg, NULL) == 0)) {
		sixd_cgroup_free(c->cg);
		c->cg = NULL;
	}
	sixd_net_stop(r);
	if (r->auto_remove)
		sixd_container_destroy(c, NULL);
	return r->exit_code;
}

/*
 * No fd of the caller but stdio, report_fd and the overlay's: the monitor may
 * outlive the CLI, and a pipe the caller holds open (`x=$(sixdocker run -d ...)`)
 * must end with the CLI.
 */
static void close_inherited(int keep_a, int keep_b)
{
	int lo = keep_a < keep_b ? keep_a : keep_b, hi = keep_a < keep_b ? keep_b : keep_a;
	unsigned int from = 3;

	for (int keep = lo, i = 0; i < 2; keep = hi, i++) {
		if (keep < 3 || (unsigned int)keep < from)
			continue;
		if ((unsigned int)keep > from)
			syscall(SYS_close_range, from, keep - 1, 0);
		from = keep + 1;
	}
	syscall(SYS_close_range, from, ~0U, 0);
}

/* Detached: a session of its own, stdio on /dev/null. */
static int detach_stdio(struct sixd_error **err)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (null < 0)
		return sixd_error_set(err, errno, "cannot open '/dev/null'");
	if (setsid() < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0) {
		close(null);
		return sixd_error_set(err, errno, "cannot detach the monitor");
	}
	close(null);
	return 0;
}

static __attribute__((noreturn)) void monitor_main(struct sixd_container *c, int overlay_fd,
						   int report_fd)
{
	struct monitor m = {
		.overlay_fd = overlay_fd,
		.c = c,
		.report_fd = report_fd,
		.sig_fd = -1,
		.log_fd = -1,
		.in_src = -1,
		.in_dst = -1,
		.out_src = {-1, -1},
		.out_ok = {true, true},
	};
	struct sixd_error *err = NULL;
	sigset_t set;

	close_inherited(report_fd, overlay_fd);
	if (c->rec.detach && detach_stdio(&err) < 0)
		goto fail;
	signal(SIGPIPE, SIG_IGN);
	build_sigset(&set, true);
	sigprocmask(SIG_BLOCK, &set, NULL);
	m.sig_fd = signalfd(-1, &set, SFD_CLOEXEC);
	m.log_fd = open(c->rec.log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (m.log_fd >= 0)
		m.log_size = lseek(m.log_fd, 0, SEEK_END);
	if (m.sig_fd < 0 || m.log_fd < 0) {
		sixd_error_set(&err, errno, "cannot open the log '%s'", c->rec.log_path);
		goto fail;
	}
	if (start_init(&m, &err) < 0)
		goto fail;
	if (record_running(&m, &err) < 0) {
		kill(m.pid, SIGKILL);
		waitpid(m.pid, NULL, 0);
		goto fail;
	}
	if (c->rec.tty && m.in_src >= 0)
		terminal_raw(&m);
	copy_winsize(&m);
	send_report(report_fd, REPORT_STARTED, m.pid, NULL);
	if (c->rec.detach)
		close(report_fd);
	relay_loop(&m);
	terminal_restore(&m);
	_exit(finish(&m));
fail:
	send_report(report_fd, REPORT_ERROR, 0, err);
	sixd_container_abort(c, err);
	_exit(SIXD_EXIT_FAILURE);
}

/* In the CLI: forward signals sent to us (not the terminal's, which reach the monitor too). */
static void forward_signal(int sig_fd, pid_t monitor)
{
	struct signalfd_siginfo si;

	if (read(sig_fd, &si, sizeof(si)) == sizeof(si) && si.ssi_code != SI_KERNEL)
		kill(monitor, (int)si.ssi_signo);
}

/* In the CLI, attached: wait for the monitor's EOF, then its exit status. */
static int wait_attached(pid_t monitor, int report_fd, int sig_fd, int *exit_code,
			 struct sixd_error **err)
{
	int status;

	for (;;) {
		struct pollfd fds[2] = {{.fd = report_fd, .events = POLLIN},
					{.fd = sig_fd, .events = POLLIN}};
		char byte;

		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			break;
		if (fds[1].revents)
			forward_signal(sig_fd, monitor);
		if (fds[0].revents && read(report_fd, &byte, 1) <= 0)
			break;
	}
	while (waitpid(monitor, &status, 0) < 0)
		if (errno != EINTR)
			return sixd_error_set(err, errno, "cannot wait for the container monitor");
	if (!WIFEXITED(status))
		return sixd_error_set(err, 0, "the container monitor was killed by signal %d",
				      WTERMSIG(status));
	*exit_code = WEXITSTATUS(status);
	return 0;
}

/* The attached monitor died (SIGKILL) and its init with it (PDEATHSIG): the CLI does what the
 * monitor's finish would have done but record the end (every read reconciles it). */
static void monitor_lost(struct sixd_container *c)
{
	if (c->cg && sixd_cgroup_kill(c->cg, NULL) == 0 && sixd_cgroup_destroy(c->cg, NULL) == 0) {
		sixd_cgroup_free(c->cg);
		c->cg = NULL;
	}
	sixd_net_stop(&c->rec);
	if (c->rec.auto_remove)
		sixd_container_destroy(c, NULL);
}

static int cli_wait(struct sixd_container *c, pid_t monitor, int report_fd, int *exit_code,
		    struct sixd_error **err)
{
	_cleanup_close_ int sig_fd = -1;
	struct report r;
	sigset_t set, old;
	int rc;

	build_sigset(&set, false);
	sigprocmask(SIG_BLOCK, &set, &old);
	sig_fd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sixd_read_all(report_fd, &r, sizeof(r)) != (ssize_t)sizeof(r)) {
		waitpid(monitor, NULL, 0);
		rc = sixd_error_set(err, 0,
				    "the container monitor died before the container started");
		sixd_container_abort(c, err ? *err : NULL); /* it could not clean up */
	} else if (r.type == REPORT_ERROR) {
		waitpid(monitor, NULL, 0); /* it has cleaned up once it exits */
		r.text[sizeof(r.text) - 1] = '\0';
		rc = sixd_error_set_exit(err, r.exit_code, r.status, "%s", r.text);
	} else if (c->rec.detach) {
		rc = 0;
	} else if ((rc = wait_attached(monitor, report_fd, sig_fd, exit_code, err)) < 0) {
		monitor_lost(c);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* The container's overlay: made by the thread run started, or now (start); -1 on failure. */
static int overlay_mount(struct sixd_container *c, struct sixd_error **err)
{
	if (c->overlay == NULL) {
		_cleanup_free_ char *etc = sixd_store_record_dir(c->store, c->rec.name);

		if (etc == NULL) {
			sixd_error_set(err, ENOMEM, "cannot prepare the overlay");
			return -1;
		}
		if (sixd_container_start_overlay(c, sixd_net_init_layer(etc), err) < 0)
			return -1;
	}
	return sixd_overlay_job_finish(steal_ptr(c->overlay), err);
}

int sixd_monitor_start(struct sixd_container *c, int *exit_code, struct sixd_error **err)
{
	_cleanup_close_ int report_fd = -1, overlay_fd = -1;
	int p[2];
	pid_t pid;

	*exit_code = 0;
	overlay_fd = overlay_mount(c, err);
	if (overlay_fd < 0) {
		sixd_container_abort(c, err ? *err : NULL);
		return -1;
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		sixd_error_set(err, errno, "cannot create the monitor pipe");
		sixd_container_abort(c, err ? *err : NULL);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		int saved = errno;

		close(p[0]);
		close(p[1]);
		sixd_error_set(err, saved, "cannot fork the container monitor");
		sixd_container_abort(c, err ? *err : NULL);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		monitor_main(c, overlay_fd, p[1]);
	}
	close(p[1]);
	report_fd = p[0];
	return cli_wait(c, pid, report_fd, exit_code, err);
}
