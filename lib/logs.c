// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading and following container logs (see logs.h).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "logs.h"
#include "lookup.h"
#include "state.h"
#include "util.h"

static int64_t parse_duration(const char *s)
{
	static const struct {
		const char *unit;
		int64_t ns;
	} units[] = {{"ms", 1000000LL},
		     {"h", 3600000000000LL},
		     {"m", 60000000000LL},
		     {"s", 1000000000LL}};
	int64_t total = 0;

	while (*s) {
		char *end;
		double v;
		size_t i;

		if (!isdigit((unsigned char)*s) && *s != '.')
			return -1;
		v = strtod(s, &end);
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (strncmp(end, units[i].unit, strlen(units[i].unit)) == 0)
				break;
		if (end == s || i == sizeof(units) / sizeof(units[0]))
			return -1;
		total += (int64_t)(v * (double)units[i].ns);
		s = end + strlen(units[i].unit);
	}
	return total;
}

int sixd_parse_time_arg(const char *s, int64_t now, int64_t *ns, struct sixd_error **err)
{
	int64_t d;
	char *end;
	double v;

	if (s && sixd_parse_rfc3339(s, ns) == 0)
		return 0;
	if (s && *s && strspn(s, "0123456789.") == strlen(s)) {
		v = strtod(s, &end);
		*ns = (int64_t)(v * 1e9);
		return 0;
	}
	d = s && *s ? parse_duration(s) : -1;
	if (d < 0)
		return sixd_error_set(
			err, EINVAL,
			"invalid time '%s': use RFC 3339, a Unix time or a duration like 10m",
			s ? s : "");
	*ns = now - d;
	return 0;
}

/* Reads an fd line by line, keeping a partial last line for the next pump. */
struct reader {
	int fd;
	char *buf;
	size_t len, cap;
};

typedef void (*line_fn)(void *ctx, const char *line, size_t len);

/* Read what fd has now; call fn per complete line.  0 at EOF, -1 on error. */
static int reader_pump(struct reader *r, line_fn fn, void *ctx)
{
	for (;;) {
		char *nl;
		ssize_t n;

		if (r->cap - r->len < 65536) {
			char *grown = realloc(r->buf, r->cap + 65536);

			if (grown == NULL)
				return -1;
			r->buf = grown;
			r->cap += 65536;
		}
		n = read(r->fd, r->buf + r->len, r->cap - r->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : 0;
		r->len += (size_t)n;
		size_t start = 0;

		while ((nl = memchr(r->buf + start, '\n', r->len - start)) != NULL) {
			fn(ctx, r->buf + start, (size_t)(nl - (r->buf + start)));
			start = (size_t)(nl - r->buf) + 1;
		}
		memmove(r->buf, r->buf + start, r->len - start);
		r->len -= start;
	}
}

struct walk {
	const struct sixd_logs_opts *o;
	int64_t skip;  /* lines still to skip (tail) */
	int64_t count; /* lines that pass the filters */
	bool emit;
};

/* One json-file line: filter, count, and (when emitting) hand it on. */
static void on_line(void *ctx, const char *line, size_t len)
{
	struct walk *w = ctx;
	json_auto_t *j = json_loadb(line, len, 0, NULL);
	struct sixd_log_entry e = {0};
	const char *stream, *time;

	if (j == NULL)
		return;
	stream = json_string_value(json_object_get(j, "stream"));
	time = json_string_value(json_object_get(j, "time"));
	e.text = json_string_value(json_object_get(j, "log"));
	e.len = json_string_length(json_object_get(j, "log"));
	if (e.text == NULL || time == NULL || sixd_parse_rfc3339(time, &e.time) < 0)
		return;
	if ((w->o->since && e.time < w->o->since) || (w->o->until && e.time > w->o->until))
		return;
	w->count++;
	if (!w->emit)
		return;
	if (w->skip > 0) {
		w->skip--;
		return;
	}
	e.is_stderr = stream && strcmp(stream, "stderr") == 0;
	w->o->emit(w->o->data, &e);
}

/* The log file of index i: 0 the current one, i > 0 the rotated ones. */
static void log_file(const struct sixd_record *r, int i, char *buf, size_t len)
{
	if (i == 0)
		snprintf(buf, len, "%s", r->log_path);
	else
		snprintf(buf, len, "%s.%d", r->log_path, i);
}

static void reader_close(struct reader *rd)
{
	if (rd->fd >= 0)
		close(rd->fd);
	free(rd->buf);
	*rd = (struct reader){.fd = -1};
}

/* One pass over every file, oldest first; with cur, the current file stays open there. */
static void walk_files(const struct sixd_record *r, struct walk *w, struct reader *cur)
{
	int files = r->log_max_file > 0 ? r->log_max_file : 1;
	char path[PATH_MAX];

	for (int i = files - 1; i >= 0; i--) {
		struct reader rd = {.fd = -1};

		log_file(r, i, path, sizeof(path));
		rd.fd = open(path, O_RDONLY | O_CLOEXEC);
		if (rd.fd < 0)
			continue;
		reader_pump(&rd, on_line, w);
		if (i == 0 && cur)
			*cur = rd;
		else
			reader_close(&rd);
	}
}

static bool same_file(const char *path, const struct stat *st)
{
	struct stat now;

	return stat(path, &now) == 0 && now.st_ino == st->st_ino && now.st_dev == st->st_dev;
}

/* Read a whole (rotated) log file. */
static void read_file(const char *path, struct walk *w)
{
	struct reader rd = {.fd = open(path, O_RDONLY | O_CLOEXEC)};

	if (rd.fd >= 0)
		reader_pump(&rd, on_line, w);
	reader_close(&rd);
}

/*
 * Read what is new.  After rotations, finish the file we had, then read the
 * generations written since (now at .N ... .1), then go on with the current
 * one: our file sits at some .K (or is gone, and then everything left is newer).
 */
static void drain(const struct sixd_record *r, struct walk *w, struct reader *cur)
{
	int files = r->log_max_file > 0 ? r->log_max_file : 1, newer = files - 1;
	char path[PATH_MAX];
	struct stat ours;

	if (cur->fd >= 0) {
		reader_pump(cur, on_line, w);
		if (fstat(cur->fd, &ours) < 0)
			return;
		/* a deleted file's inode number may already name a newer file */
		if (ours.st_nlink > 0 && same_file(r->log_path, &ours))
			return;
		for (int i = 1; ours.st_nlink > 0 && i < files; i++) {
			log_file(r, i, path, sizeof(path));
			if (same_file(path, &ours)) {
				newer = i - 1;
				break;
			}
		}
	} else {
		newer = 0;
	}
	reader_close(cur);
	for (int i = newer; i >= 1; i--) {
		log_file(r, i, path, sizeof(path));
		read_file(path, w);
	}
	cur->fd = open(r->log_path, O_RDONLY | O_CLOEXEC);
	if (cur->fd >= 0)
		reader_pump(cur, on_line, w);
}

/* Follow the current log until the monitor (which writes it) has exited. */
static int follow(const struct sixd_record *r, struct walk *w, struct reader *cur,
		  struct sixd_error **err)
{
	_cleanup_close_ int mon = -1, ino = -1;
	_cleanup_free_ char *dir = strdup(r->log_path);
	char events[4096];

	if (!sixd_record_monitor_alive(r))
		return 0;
	mon = pidfd_open(r->monitor_pid, 0);
	if (mon < 0 || !sixd_record_monitor_alive(r))
		return 0;
	ino = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (dir == NULL || ino < 0)
		return sixd_error_set(err, errno, "cannot follow the log");
	*strrchr(dir, '/') = '\0';
	if (inotify_add_watch(ino, dir, IN_MODIFY | IN_CREATE | IN_MOVED_TO) < 0)
		return sixd_error_set(err, errno, "cannot watch '%s'", dir);
	for (;;) {
		struct pollfd fds[2] = {{.fd = ino, .events = POLLIN},
					{.fd = mon, .events = POLLIN}};

		drain(r, w, cur);
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			return sixd_error_set(err, errno, "cannot follow the log");
		while (read(ino, events, sizeof(events)) > 0)
			;
		if (fds[1].revents) {
			drain(r, w, cur);
			return 0;
		}
	}
}

int sixd_container_logs(struct sixd_store *s, const char *ref, const struct sixd_logs_opts *o,
			struct sixd_error **err)
{
	struct reader cur = {.fd = -1};
	struct walk w = {.o = o};
	struct sixd_record r;
	int rc = 0;

	if (sixd_store_lookup(s, ref, &r, err) < 0)
		return -1;
	sixd_container_reconcile(s, &r, NULL);
	if (r.log_path == NULL) {
		sixd_record_free(&r);
		return sixd_error_set(err, 0, "container %s has no log", ref);
	}
	if (o->tail >= 0) {
		walk_files(&r, &w, NULL);
		w.skip = w.count > o->tail ? w.count - o->tail : 0;
	}
	w.emit = true;
	walk_files(&r, &w, o->follow ? &cur : NULL);
	if (o->follow)
		rc = follow(&r, &w, &cur, err);
	reader_close(&cur);
	sixd_record_free(&r);
	return rc;
}
