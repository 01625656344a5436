// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for --since/--until times (lib/logs.h) and --log-opt (lib/container.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "container.h"
#include "logs.h"

#define SEC 1000000000LL

static void test_time_forms(void **state)
{
	const int64_t now = 1800000000LL * SEC;
	int64_t ns = 0;

	(void)state;
	assert_int_equal(sixd_parse_time_arg("2026-11-23T12:00:00Z", now, &ns, NULL), 0);
	assert_int_equal(ns, 1795435200LL * SEC);
	assert_int_equal(sixd_parse_time_arg("2026-11-23T12:00:00.5Z", now, &ns, NULL), 0);
	assert_int_equal(ns, 1795435200LL * SEC + SEC / 2);
	assert_int_equal(sixd_parse_time_arg("1700000000", now, &ns, NULL), 0);
	assert_int_equal(ns, 1700000000LL * SEC);
	assert_int_equal(sixd_parse_time_arg("10m", now, &ns, NULL), 0);
	assert_int_equal(ns, now - 600 * SEC);
	assert_int_equal(sixd_parse_time_arg("1h30m", now, &ns, NULL), 0);
	assert_int_equal(ns, now - 5400 * SEC);
	assert_int_equal(sixd_parse_time_arg("45s", now, &ns, NULL), 0);
	assert_int_equal(ns, now - 45 * SEC);
	assert_int_equal(sixd_parse_time_arg("250ms", now, &ns, NULL), 0);
	assert_int_equal(ns, now - SEC / 4);
}

static void test_time_rejects(void **state)
{
	struct sixd_error *err = NULL;
	int64_t ns;

	(void)state;
	assert_int_equal(sixd_parse_time_arg("yesterday", 0, &ns, &err), -1);
	assert_non_null(strstr(err->msg, "yesterday"));
	sixd_error_free(&err);
	assert_int_equal(sixd_parse_time_arg("", 0, &ns, NULL), -1);
	assert_int_equal(sixd_parse_time_arg("10x", 0, &ns, NULL), -1);
	assert_int_equal(sixd_parse_time_arg("m10", 0, &ns, NULL), -1);
	assert_int_equal(sixd_parse_time_arg("2026-13-45T99:00:00Z", 0, &ns, NULL), -1);
}

static void test_log_opts(void **state)
{
	int64_t size = 0;
	int files = 0;
	struct sixd_error *err = NULL;

	(void)state;
	assert_int_equal(sixd_log_opt_parse("max-size=10m", &size, &files, NULL), 0);
	assert_int_equal(size, 10LL << 20);
	assert_int_equal(sixd_log_opt_parse("max-file=5", &size, &files, NULL), 0);
	assert_int_equal(files, 5);
	assert_int_equal(sixd_log_opt_parse("max-size=4k,max-file=2", &size, &files, NULL), 0);
	assert_int_equal(size, 4096);
	assert_int_equal(files, 2);
	assert_int_equal(sixd_log_opt_parse("max-size=1k", &size, &files, NULL), -1);
	assert_int_equal(sixd_log_opt_parse("max-file=0", &size, &files, NULL), -1);
	assert_int_equal(sixd_log_opt_parse("max-file=x", &size, &files, NULL), -1);
	assert_int_equal(sixd_log_opt_parse("colour=blue", &size, &files, &err), -1);
	assert_non_null(strstr(err->msg, "colour=blue"));
	sixd_error_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_forms),
		cmocka_unit_test(test_time_rejects),
		cmocka_unit_test(test_log_opts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
