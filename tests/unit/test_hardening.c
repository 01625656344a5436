// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of lib/hardening.h that need no privilege: --tmpfs, --ulimit, --oom-score-adj. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include <cmocka.h>

#include "hardening.h"

static void assert_tmpfs(const char *spec, const char *target, unsigned long flags,
			 const char *data)
{
	struct sixd_error *err = NULL;
	struct sixd_tmpfs t;

	if (sixd_tmpfs_parse(spec, &t, &err) != 0)
		fail_msg("'%s' rejected: %s", spec, err ? err->msg : "?");
	assert_string_equal(t.target, target);
	assert_int_equal(t.flags, flags);
	assert_string_equal(t.data, data);
	sixd_tmpfs_free(&t);
}

static void assert_tmpfs_bad(const char *spec)
{
	struct sixd_error *err = NULL;
	struct sixd_tmpfs t;

	if (sixd_tmpfs_parse(spec, &t, &err) != -1)
		fail_msg("'%s' accepted", spec);
	assert_non_null(err);
	assert_int_equal(err->status, EINVAL);
	assert_non_null(strstr(err->msg, spec));
	assert_null(t.target);
	assert_null(t.data);
	sixd_error_free(&err);
}

static void test_tmpfs_parse(void **state)
{
	const unsigned long def = MS_NOSUID | MS_NODEV | MS_NOEXEC;

	(void)state;
	assert_tmpfs("/tmp", "/tmp", def, "size=65536k");
	assert_tmpfs("/tmp:", "/tmp", def, "size=65536k");
	assert_tmpfs("/scratch:size=1m,mode=1777", "/scratch", def, "size=1m,mode=1777");
	assert_tmpfs("/run:mode=755", "/run", def, "size=65536k,mode=755");
	assert_tmpfs("/x:exec", "/x", MS_NOSUID | MS_NODEV, "size=65536k");
	assert_tmpfs("/x:ro,suid,dev,size=50%", "/x", MS_RDONLY | MS_NOEXEC, "size=50%");
	assert_tmpfs("/x:rw,noatime,uid=1000,gid=1000,nr_inodes=1k", "/x", def | MS_NOATIME,
		     "size=65536k,uid=1000,gid=1000,nr_inodes=1k");
	assert_tmpfs_bad("tmp");
	assert_tmpfs_bad("/");
	assert_tmpfs_bad("//");
	assert_tmpfs_bad(":size=1m");
	assert_tmpfs_bad("/x:bind");
	assert_tmpfs_bad("/x:remount");
	assert_tmpfs_bad("/x:shared");
	assert_tmpfs_bad("/x:size=lots");
	assert_tmpfs_bad("/x:size=");
	assert_tmpfs_bad("/x:mode=999");
	assert_tmpfs_bad("/x:mode=17777");
	assert_tmpfs_bad("/x:uid=root");
	assert_tmpfs_bad("/x:lowerdir=/etc");
	assert_tmpfs_bad("/x:noauto");
}

static void assert_ulimit(const char *spec, int resource, rlim_t soft, rlim_t hard)
{
	struct sixd_error *err = NULL;
	struct sixd_ulimit u;

	if (sixd_ulimit_parse(spec, &u, &err) != 0)
		fail_msg("'%s' rejected: %s", spec, err ? err->msg : "?");
	assert_int_equal(u.resource, resource);
	assert_int_equal(u.lim.rlim_cur, soft);
	assert_int_equal(u.lim.rlim_max, hard);
}

static void assert_ulimit_bad(const char *spec)
{
	struct sixd_error *err = NULL;
	struct sixd_ulimit u;

	if (sixd_ulimit_parse(spec, &u, &err) != -1)
		fail_msg("'%s' accepted", spec);
	assert_non_null(err);
	assert_int_equal(err->status, EINVAL);
	assert_non_null(strstr(err->msg, spec));
	sixd_error_free(&err);
}

static void test_ulimit_parse(void **state)
{
	(void)state;
	assert_ulimit("nofile=100:200", RLIMIT_NOFILE, 100, 200);
	assert_ulimit("nofile=100", RLIMIT_NOFILE, 100, 100);
	assert_ulimit("nproc=10", RLIMIT_NPROC, 10, 10);
	assert_ulimit("core=-1", RLIMIT_CORE, RLIM_INFINITY, RLIM_INFINITY);
	assert_ulimit("stack=8192:-1", RLIMIT_STACK, 8192, RLIM_INFINITY);
	assert_ulimit("as=0", RLIMIT_AS, 0, 0);
	assert_ulimit("rttime=1:2", RLIMIT_RTTIME, 1, 2);
	assert_ulimit("sigpending=5", RLIMIT_SIGPENDING, 5, 5);
	assert_ulimit("msgqueue=5", RLIMIT_MSGQUEUE, 5, 5);
	assert_ulimit_bad("nofile");
	assert_ulimit_bad("nofile=");
	assert_ulimit_bad("nofile=abc");
	assert_ulimit_bad("nofile=-2");
	assert_ulimit_bad("nofile=200:100");
	assert_ulimit_bad("nofile=-1:100");
	assert_ulimit_bad("nofile=1:2:3");
	assert_ulimit_bad("NOFILE=1");
	assert_ulimit_bad("files=1");
	assert_ulimit_bad("=1");
}

static void test_oom_score_adj_parse(void **state)
{
	static const char *const bad[] = {"1001", "-1001", "", "-", "x", "1.5", "+5", "--5"};
	struct sixd_error *err = NULL;
	int v = 7;

	(void)state;
	assert_int_equal(sixd_oom_score_adj_parse("500", &v, &err), 0);
	assert_int_equal(v, 500);
	assert_int_equal(sixd_oom_score_adj_parse("-1000", &v, &err), 0);
	assert_int_equal(v, -1000);
	assert_int_equal(sixd_oom_score_adj_parse("1000", &v, &err), 0);
	assert_int_equal(v, 1000);
	assert_int_equal(sixd_oom_score_adj_parse("0", &v, &err), 0);
	assert_int_equal(v, 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (sixd_oom_score_adj_parse(bad[i], &v, &err) != -1)
			fail_msg("'%s' accepted", bad[i]);
		assert_int_equal(err->status, EINVAL);
		sixd_error_free(&err);
	}
}

/* The record's specs again: a later ulimit of the same name replaces the earlier one. */
static void test_from_record(void **state)
{
	char *tmpfs[] = {"/tmp", "/run:exec", NULL};
	char *ulimits[] = {"nofile=10:20", "nproc=5", "nofile=30:40", NULL};
	struct sixd_record r = {
		.tmpfs = tmpfs, .ulimits = ulimits, .read_only = true, .oom_score_adj = -3};
	struct sixd_error *err = NULL;
	struct sixd_hardening h;

	(void)state;
	assert_int_equal(sixd_hardening_from_record(&r, &h, &err), 0);
	assert_true(h.read_only);
	assert_int_equal(h.oom_score_adj, -3);
	assert_int_equal(h.n_tmpfs, 2);
	assert_string_equal(h.tmpfs[1].target, "/run");
	assert_int_equal(h.tmpfs[1].flags, MS_NOSUID | MS_NODEV);
	assert_int_equal(h.n_ulimits, 2);
	assert_int_equal(h.ulimits[0].resource, RLIMIT_NOFILE);
	assert_int_equal(h.ulimits[0].lim.rlim_cur, 30);
	assert_int_equal(h.ulimits[0].lim.rlim_max, 40);
	sixd_hardening_free(&h);

	r.oom_score_adj = 2000;
	assert_int_equal(sixd_hardening_from_record(&r, &h, &err), -1);
	sixd_error_free(&err);
	r.oom_score_adj = 0;
	ulimits[1] = "bogus=1";
	assert_int_equal(sixd_hardening_from_record(&r, &h, &err), -1);
	assert_null(h.tmpfs);
	sixd_error_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tmpfs_parse),
		cmocka_unit_test(test_ulimit_parse),
		cmocka_unit_test(test_oom_score_adj_parse),
		cmocka_unit_test(test_from_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
