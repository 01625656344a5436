// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of lib/devices.h: --device specs, node lookup and the cgroup rules. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "devices.h"

static void parse_ok(const char *spec, const char *host, const char *path, unsigned access)
{
	struct sixd_device d;
	struct sixd_error *err = NULL;

	if (sixd_device_parse(spec, &d, &err) != 0)
		fail_msg("'%s' refused: %s", spec, err ? err->msg : "?");
	assert_string_equal(d.host, host);
	assert_string_equal(d.path, path);
	assert_int_equal(d.access, access);
	sixd_device_free(&d);
	assert_null(d.host);
}

static void parse_bad(const char *spec, const char *want)
{
	struct sixd_device d;
	struct sixd_error *err = NULL;

	if (sixd_device_parse(spec, &d, &err) != -1)
		fail_msg("'%s' accepted", spec);
	assert_int_equal(err->status, EINVAL);
	assert_non_null(strstr(err->msg, spec));
	if (strstr(err->msg, want) == NULL)
		fail_msg("'%s' does not say '%s'", err->msg, want);
	assert_null(d.host);
	sixd_error_free(&err);
}

static void test_parse(void **state)
{
	(void)state;
	parse_ok("/dev/sda", "/dev/sda", "/dev/sda", SIXD_DEV_RWM);
	parse_ok("/dev/sda:/dev/xvda", "/dev/sda", "/dev/xvda", SIXD_DEV_RWM);
	parse_ok("/dev/sda:r", "/dev/sda", "/dev/sda", SIXD_DEV_READ);
	parse_ok("/dev/sda:/dev/xvda:rm", "/dev/sda", "/dev/xvda", SIXD_DEV_READ | SIXD_DEV_MKNOD);
	parse_ok("/dev/fuse:/dev/sub/fuse:w", "/dev/fuse", "/dev/sub/fuse", SIXD_DEV_WRITE);
	parse_bad("dev/sda", "absolute");
	parse_bad("/dev/sda:/dev/xvda:rwx", "'rwx'");
	parse_bad("/dev/sda:/mnt/sda", "under /dev");
	parse_bad("/dev/sda:/dev/../etc/x", "under /dev");
	parse_bad("/dev/sda:/dev/", "under /dev");
	parse_bad("/etc/passwd", "under /dev");
}

static void test_lookup_and_rules(void **state)
{
	struct sixd_device d, *v;
	struct sixd_device_rule *rules = NULL;
	struct sixd_devices all = {0};
	struct sixd_error *err = NULL;
	size_t n;

	(void)state;
	assert_int_equal(sixd_device_parse("/dev/null:/dev/other:r", &d, NULL), 0);
	assert_int_equal(sixd_device_lookup(&d, NULL), 0);
	assert_int_equal(d.type, 'c');
	assert_int_equal(d.major, 1);
	assert_int_equal(d.minor, 3);
	v = &d;
	all.v = v;
	all.n = 1;
	assert_int_equal(sixd_devices_rules(&all, &rules, &n, NULL), 0);
	assert_int_equal(n, sixd_cgroup_n_default_devices + 1);
	assert_int_equal(rules[n - 1].type, 'c');
	assert_int_equal(rules[n - 1].major, 1);
	assert_int_equal(rules[n - 1].minor, 3);
	assert_int_equal(rules[n - 1].access, SIXD_DEV_READ);
	free(rules);
	sixd_device_free(&d);
	assert_int_equal(sixd_device_parse("/dev/definitely-not-here", &d, NULL), 0);
	assert_int_equal(sixd_device_lookup(&d, &err), -1);
	assert_int_equal(err->status, ENOENT);
	sixd_error_free(&err);
	sixd_device_free(&d);
	assert_int_equal(sixd_device_parse("/dev/shm", &d, NULL), 0);
	assert_int_equal(sixd_device_lookup(&d, &err), -1);
	assert_non_null(strstr(err->msg, "not a device node"));
	sixd_error_free(&err);
	sixd_device_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_lookup_and_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
