// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of `stats` rows and output (lib/stats.c): Docker's units and percentages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cleanup.h"
#include "stats.h"

#define ID "abc1230000000000000000000000000000000000000000000000000000000001"
#define MIB (1024ULL * 1024ULL)
#define GIB (1024ULL * MIB)

static const struct sixd_stats_host host = {.cpus = 2, .mem_total = 8 * GIB};

static void fill(struct sixd_record *r)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%s", ID);
	r->name = "web";
	r->status = SIXD_STATUS_RUNNING;
}

static const char *field(json_t *row, const char *key)
{
	return json_string_value(json_object_get(row, key));
}

/* Half of one CPU's time over the interval, on 2 CPUs: 50% of one CPU = "50.00%". */
static void test_running_row(void **state)
{
	struct sixd_stats_sample prev = {.running = true, .system_ns = 1000000000ULL};
	struct sixd_stats_sample now = {.running = true, .system_ns = 3000000000ULL};
	struct sixd_record r;
	json_auto_t *row = NULL;

	(void)state;
	fill(&r);
	prev.cg.cpu_ns = 100;
	now.cg.cpu_ns = 100 + 500000000ULL;
	now.cg.mem_usage = 1434 * 1024; /* 1.400 MiB */
	now.cg.mem_limit = 64 * MIB;
	now.cg.pids = 3;
	now.cg.blk_read = 4096;
	now.cg.blk_write = 2500000;
	now.net_rx = 1330;
	now.net_tx = 266;
	row = sixd_stats_row(&r, &prev, &now, &host, true);
	assert_non_null(row);
	assert_string_equal(field(row, "CPUPerc"), "50.00%");
	assert_string_equal(field(row, "MemUsage"), "1.4MiB / 64MiB");
	assert_string_equal(field(row, "MemPerc"), "2.19%");
	assert_string_equal(field(row, "NetIO"), "1.33kB / 266B");
	assert_string_equal(field(row, "BlockIO"), "4.1kB / 2.5MB");
	assert_string_equal(field(row, "PIDs"), "3");
	assert_string_equal(field(row, "ID"), "abc123000000");
	assert_string_equal(field(row, "Container"), "web");
	assert_string_equal(field(row, "Name"), "web");
}

/* No limit (or one above the host's memory): the host's memory is the limit. */
static void test_no_limit(void **state)
{
	struct sixd_stats_sample prev = {.running = true}, now = {.running = true};
	struct sixd_record r;
	json_auto_t *row = NULL, *full = NULL;

	(void)state;
	fill(&r);
	now.cg.mem_usage = 2 * GIB;
	now.cg.mem_limit = 0;
	row = sixd_stats_row(&r, &prev, &now, &host, true);
	assert_string_equal(field(row, "MemUsage"), "2GiB / 8GiB");
	assert_string_equal(field(row, "MemPerc"), "25.00%");
	assert_string_equal(field(row, "CPUPerc"), "0.00%"); /* no time passed */
	full = sixd_stats_row(&r, &prev, &now, &host, false);
	assert_string_equal(field(full, "ID"), ID);
	assert_string_equal(field(full, "Container"), ID);
}

/* A container that does not run: zeros, as docker stats -a shows it. */
static void test_stopped(void **state)
{
	struct sixd_stats_sample prev = {0}, now = {0};
	struct sixd_record r;
	json_auto_t *row = NULL;

	(void)state;
	fill(&r);
	r.status = SIXD_STATUS_EXITED;
	row = sixd_stats_row(&r, &prev, &now, &host, true);
	assert_string_equal(field(row, "CPUPerc"), "0.00%");
	assert_string_equal(field(row, "MemUsage"), "0B / 0B");
	assert_string_equal(field(row, "MemPerc"), "0.00%");
	assert_string_equal(field(row, "NetIO"), "0B / 0B");
	assert_string_equal(field(row, "PIDs"), "0");
}

static void test_render(void **state)
{
	struct sixd_stats_sample prev = {.running = true}, now = {.running = true};
	struct sixd_record r;
	struct sixd_error *err = NULL;
	json_auto_t *rows = json_array();
	_cleanup_free_ char *table = NULL, *custom = NULL, *json = NULL;

	(void)state;
	fill(&r);
	now.cg.pids = 1;
	now.cg.mem_limit = 64 * MIB;
	json_array_append_new(rows, sixd_stats_row(&r, &prev, &now, &host, true));
	table = sixd_stats_render(NULL, rows, &err);
	assert_non_null(table);
	assert_non_null(strstr(table, "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %"
				      "     NET I/O   BLOCK I/O   PIDS\n"));
	assert_non_null(
		strstr(table, "abc123000000   web       0.00%     0B / 64MiB          0.00%"));
	custom = sixd_stats_render("{{.Name}}: {{.PIDs}}", rows, &err);
	assert_string_equal(custom, "web: 1\n");
	json = sixd_stats_render("json", rows, &err);
	assert_non_null(strstr(json, "\"PIDs\":\"1\""));
	assert_null(sixd_stats_render("{{.Name", rows, &err));
	assert_non_null(err);
	sixd_error_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_running_row),
		cmocka_unit_test(test_no_limit),
		cmocka_unit_test(test_stopped),
		cmocka_unit_test(test_render),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
