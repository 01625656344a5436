// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `stats`: CPU, memory, network, block I/O and pids of running containers,
 * computed as `docker stats` does from two readings.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "format.h"
#include "lookup.h"
#include "stats.h"
#include "state.h"
#include "util.h"

#define TABLE_MIN_WIDTH 10
#define TABLE_PADDING 3

int sixd_stats_host(struct sixd_stats_host *h, struct sixd_error **err)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);

	if (cpus < 1 || pages < 1 || page < 1)
		return sixd_error_set(err, errno ? errno : EINVAL,
				      "cannot read the host's CPUs and memory");
	h->cpus = (unsigned int)cpus;
	h->mem_total = (uint64_t)pages * (uint64_t)page;
	return 0;
}

/* The first line of /proc/stat ("cpu  user nice system idle iowait irq softirq steal") in ns. */
static int system_cpu_ns(uint64_t *out, struct sixd_error **err)
{
	_cleanup_free_ char *text = sixd_read_file("/proc/stat", NULL, err);
	long tick = sysconf(_SC_CLK_TCK);
	uint64_t sum = 0, v;
	char *p, *end;

	if (text == NULL)
		return -1;
	if (strncmp(text, "cpu ", 4) != 0 || tick <= 0)
		return sixd_error_set(err, EINVAL, "cannot parse '/proc/stat'");
	p = text + 4;
	for (int i = 0; i < 8; i++, p = end) {
		v = strtoull(p, &end, 10);
		if (end == p)
			break;
		sum += v;
	}
	*out = sum * (1000000000ULL / (uint64_t)tick);
	return 0;
}

/* Bytes over every interface of pid's network namespace but lo (/proc/PID/net/dev). */
static void net_bytes(pid_t pid, uint64_t *rx, uint64_t *tx)
{
	char path[64], name[64];
	_cleanup_fclose_ FILE *f = NULL;
	char line[512];
	uint64_t r, t;

	snprintf(path, sizeof(path), "/proc/%d/net/dev", (int)pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f)) {
		/* "  eth0: RXbytes packets errs drop fifo frame compressed multicast TXbytes" */
		if (sscanf(line, " %63[^:]: %" SCNu64 " %*u %*u %*u %*u %*u %*u %*u %" SCNu64, name,
			   &r, &t) == 3 &&
		    strcmp(name, "lo") != 0) {
			*rx += r;
			*tx += t;
		}
	}
}

int sixd_stats_sample(const struct sixd_record *r, struct sixd_stats_sample *out,
		      struct sixd_error **err)
{
	struct sixd_error *cg_err = NULL;

	memset(out, 0, sizeof(*out));
	if (system_cpu_ns(&out->system_ns, err) < 0)
		return -1;
	if (r->status != SIXD_STATUS_RUNNING)
		return 0;
	if (sixd_cgroup_stats(r->cgroup_parent ? r->cgroup_parent : "sixdocker", r->id, &out->cg,
			      &cg_err) < 0) {
		/* gone since the record was read: it stopped */
		bool gone = cg_err->status == ENOENT;

		if (!gone && err)
			*err = steal_ptr(cg_err);
		sixd_error_free(&cg_err);
		return gone ? 0 : -1;
	}
	net_bytes(r->pid, &out->net_rx, &out->net_tx);
	out->running = true;
	return 0;
}

/* Docker's BytesSize: binary units, 4 significant digits ("1.367MiB", "100MiB", "0B"). */
static void binary_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
	double v = (double)bytes;
	size_t i = 0;

	while (v >= 1024.0 && i + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024.0;
		i++;
	}
	snprintf(buf, len, "%.4g%s", v, units[i]);
}

/* "A / B" with decimal sizes (NET I/O, BLOCK I/O). */
static void io_pair(uint64_t a, uint64_t b, char *buf, size_t len)
{
	char x[32], y[32];

	sixd_human_size((int64_t)a, x, sizeof(x));
	sixd_human_size((int64_t)b, y, sizeof(y));
	snprintf(buf, len, "%s / %s", x, y);
}

static double cpu_percent(const struct sixd_stats_sample *prev, const struct sixd_stats_sample *now,
			  unsigned int cpus)
{
	double used, total;

	if (!prev->running || !now->running || now->cg.cpu_ns < prev->cg.cpu_ns ||
	    now->system_ns <= prev->system_ns)
		return 0.0;
	used = (double)(now->cg.cpu_ns - prev->cg.cpu_ns);
	total = (double)(now->system_ns - prev->system_ns);
	return used / total * cpus * 100.0;
}

json_t *sixd_stats_row(const struct sixd_record *r, const struct sixd_stats_sample *prev,
		       const struct sixd_stats_sample *now, const struct sixd_stats_host *h,
		       bool trunc)
{
	uint64_t limit = now->cg.mem_limit && now->cg.mem_limit < h->mem_total ? now->cg.mem_limit
									       : h->mem_total;
	char cpu[32], mem[32], usage[32], lim[32], mem_usage[80], net[80], blk[80], pids[32];
	const char *id = r->id;

	if (!now->running)
		limit = 0;
	snprintf(cpu, sizeof(cpu), "%.2f%%", cpu_percent(prev, now, h->cpus));
	snprintf(mem, sizeof(mem), "%.2f%%",
		 limit ? (double)now->cg.mem_usage / (double)limit * 100.0 : 0.0);
	binary_size(now->cg.mem_usage, usage, sizeof(usage));
	binary_size(limit, lim, sizeof(lim));
	snprintf(mem_usage, sizeof(mem_usage), "%s / %s", usage, lim);
	io_pair(now->net_rx, now->net_tx, net, sizeof(net));
	io_pair(now->cg.blk_read, now->cg.blk_write, blk, sizeof(blk));
	snprintf(pids, sizeof(pids), "%" PRIu64, now->cg.pids);
	return json_pack("{s:s, s:s, s:s, s:s#, s:s, s:s, s:s, s:s, s:s}", "BlockIO", blk,
			 "CPUPerc", cpu, "Container", trunc ? r->name : id, "ID", id,
			 (size_t)(trunc ? SIXD_SHORT_ID_LEN : SIXD_ID_LEN), "MemPerc", mem,
			 "MemUsage", mem_usage, "Name", r->name, "NetIO", net, "PIDs", pids);
}

static json_t *header_row(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "BlockIO", "BLOCK I/O",
			 "CPUPerc", "CPU %", "Container", "CONTAINER", "ID", "CONTAINER ID",
			 "MemPerc", "MEM %", "MemUsage", "MEM USAGE / LIMIT", "Name", "NAME",
			 "NetIO", "NET I/O", "PIDs", "PIDS");
}

static int render_all(FILE *f, const struct sixd_template *t, bool table, json_t *rows,
		      struct sixd_error **err)
{
	json_t *row;
	size_t i;

	if (table) {
		json_auto_t *header = header_row();

		if (sixd_format_line(f, t, header, "show the statistics", err) < 0)
			return -1;
	}
	json_array_foreach(rows, i, row)
	{
		if (sixd_format_line(f, t, row, "show the statistics", err) < 0)
			return -1;
	}
	return 0;
}

char *sixd_stats_render(const char *format, json_t *rows, struct sixd_error **err)
{
	_cleanup_free_ char *buf = NULL, *text = NULL;
	struct sixd_template *t = NULL;
	char *aligned;
	size_t len = 0;
	bool table;
	FILE *f;
	int rc;

	text = sixd_format_pick(format, SIXD_STATS_DEFAULT_FORMAT, &table);
	if (text == NULL)
		return sixd_error_set(err, ENOMEM, "cannot show the statistics"), NULL;
	if (sixd_template_parse(text, &t, err) < 0)
		return NULL;
	f = open_memstream(&buf, &len);
	rc = f ? render_all(f, t, table, rows, err)
	       : sixd_error_set(err, errno, "cannot show the statistics");
	if (f)
		fclose(f);
	sixd_template_free(t);
	if (rc < 0)
		return NULL;
	if (!table)
		return steal_ptr(buf);
	aligned = sixd_format_align(buf, TABLE_MIN_WIDTH, TABLE_PADDING);
	if (aligned == NULL)
		sixd_error_set(err, ENOMEM, "cannot show the statistics");
	return aligned;
}

/* The records to show: those refs names, or the running ones (every one with all). */
static int pick(struct sixd_store *s, char *const *refs, bool all, struct sixd_record **out,
		size_t *n, struct sixd_error **err)
{
	struct sixd_record *list = NULL;
	size_t count = 0, kept = 0;

	if (refs == NULL || refs[0] == NULL) {
		if (sixd_container_list(s, &list, &count, err) < 0)
			return -1;
		for (size_t i = 0; i < count; i++) {
			if (all || list[i].status == SIXD_STATUS_RUNNING)
				list[kept++] = list[i];
			else
				sixd_record_free(&list[i]);
		}
		*out = list;
		*n = kept;
		return 0;
	}
	count = sixd_strv_len(refs);
	list = calloc(count, sizeof(*list));
	if (list == NULL)
		return sixd_error_set(err, ENOMEM, "cannot show the statistics");
	for (; kept < count; kept++) {
		if (sixd_store_lookup(s, refs[kept], &list[kept], err) < 0 ||
		    sixd_container_reconcile(s, &list[kept], err) < 0) {
			sixd_record_list_free(list, kept + 1);
			return -1;
		}
	}
	*out = list;
	*n = count;
	return 0;
}

static int sample_all(const struct sixd_record *list, size_t n, struct sixd_stats_sample *out,
		      struct sixd_error **err)
{
	for (size_t i = 0; i < n; i++)
		if (sixd_stats_sample(&list[i], &out[i], err) < 0)
			return -1;
	return 0;
}

static int build_rows(const struct sixd_record *list, size_t n,
		      const struct sixd_stats_sample *prev, const struct sixd_stats_sample *now,
		      bool trunc, json_t *rows, struct sixd_error **err)
{
	struct sixd_stats_host h;

	if (sixd_stats_host(&h, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(
			    rows, sixd_stats_row(&list[i], &prev[i], &now[i], &h, trunc)) < 0)
			return sixd_error_set(err, ENOMEM, "cannot show the statistics");
	return 0;
}

int sixd_stats_collect(struct sixd_store *s, char *const *refs, bool all, bool trunc,
		       int interval_ms, json_t **rows, struct sixd_error **err)
{
	struct timespec pause = {interval_ms / 1000, (long)(interval_ms % 1000) * 1000000L};
	_cleanup_free_ struct sixd_stats_sample *prev = NULL, *now = NULL;
	json_auto_t *out = json_array();
	struct sixd_record *list = NULL;
	size_t n = 0;
	int rc;

	if (out == NULL)
		return sixd_error_set(err, ENOMEM, "cannot show the statistics");
	if (pick(s, refs, all, &list, &n, err) < 0)
		return -1;
	prev = calloc(n + 1, sizeof(*prev));
	now = calloc(n + 1, sizeof(*now));
	rc = prev && now ? 0 : sixd_error_set(err, ENOMEM, "cannot show the statistics");
	if (rc == 0)
		rc = sample_all(list, n, prev, err);
	while (rc == 0 && n > 0 && nanosleep(&pause, &pause) < 0 && errno == EINTR)
		;
	if (rc == 0)
		rc = sample_all(list, n, now, err);
	if (rc == 0)
		rc = build_rows(list, n, prev, now, trunc, out, err);
	sixd_record_list_free(list, n);
	if (rc == 0)
		*rows = steal_ptr(out);
	return rc;
}
