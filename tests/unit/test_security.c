// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of lib/security.h that need no privilege: capability names, sets, options. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "security.h"

#define BIT(n) (1ULL << (n))

static void assert_cap(const char *name, int expected)
{
	struct sixd_error *err = NULL;
	int cap = -1;

	if (sixd_cap_parse(name, &cap, &err) != 0)
		fail_msg("'%s' rejected: %s", name, err ? err->msg : "?");
	assert_null(err);
	assert_int_equal(cap, expected);
}

static void assert_cap_bad(const char *name)
{
	struct sixd_error *err = NULL;
	int cap = -1;

	if (sixd_cap_parse(name, &cap, &err) != -1)
		fail_msg("'%s' accepted as %d", name, cap);
	assert_non_null(err);
	assert_int_equal(err->status, EINVAL);
	assert_non_null(strstr(err->msg, name));
	sixd_error_free(&err);
}

static void test_cap_parse(void **state)
{
	(void)state;
	assert_cap("CHOWN", 0);
	assert_cap("CAP_CHOWN", 0);
	assert_cap("cap_sys_admin", 21);
	assert_cap("Sys_Admin", 21);
	assert_cap("NET_RAW", 13);
	assert_cap("cap_audit_write", 29);
	assert_cap_bad("FOO");
	assert_cap_bad("CAP_");
	assert_cap_bad("");
	assert_cap_bad("21");
	assert_cap_bad("ALL");
	assert_cap_bad("SYS_ADMIN ");
}

static uint64_t compute(char *const *add, char *const *drop, bool privileged)
{
	struct sixd_error *err = NULL;
	uint64_t mask = 0;

	if (sixd_caps_compute(add, drop, privileged, &mask, &err) != 0)
		fail_msg("rejected: %s", err ? err->msg : "?");
	return mask;
}

static void test_caps_compute(void **state)
{
	char *none[] = {NULL};
	char *all[] = {"ALL", NULL};
	char *sys_admin[] = {"sys_admin", NULL};
	char *net_raw[] = {"CAP_NET_RAW", NULL};
	char *two[] = {"NET_RAW", "chown", NULL};

	(void)state;
	assert_int_equal(compute(NULL, NULL, false), 0xa80425fbULL);
	assert_int_equal(compute(none, none, false), SIXD_CAPS_DEFAULT);
	assert_int_equal(compute(sys_admin, NULL, false), SIXD_CAPS_DEFAULT | BIT(21));
	assert_int_equal(compute(NULL, net_raw, false), SIXD_CAPS_DEFAULT & ~BIT(13));
	assert_int_equal(compute(NULL, two, false), SIXD_CAPS_DEFAULT & ~(BIT(13) | BIT(0)));
	assert_int_equal(compute(NULL, all, false), 0);
	assert_int_equal(compute(sys_admin, all, false), BIT(21));
	assert_int_equal(compute(all, NULL, false), SIXD_CAPS_ALL);
	assert_int_equal(compute(all, net_raw, false), SIXD_CAPS_ALL & ~BIT(13));
	assert_int_equal(compute(NULL, all, true), SIXD_CAPS_ALL);
	assert_int_equal(compute(NULL, NULL, true), SIXD_CAPS_ALL);
}

static void test_caps_compute_bad(void **state)
{
	char *bad[] = {"NET_RAW", "BOGUS", NULL};
	struct sixd_error *err = NULL;
	uint64_t mask = 7;

	(void)state;
	assert_int_equal(sixd_caps_compute(bad, NULL, false, &mask, &err), -1);
	assert_non_null(strstr(err->msg, "--cap-add"));
	assert_non_null(strstr(err->msg, "'BOGUS'"));
	sixd_error_free(&err);
	assert_int_equal(sixd_caps_compute(NULL, bad, false, &mask, &err), -1);
	assert_non_null(strstr(err->msg, "--cap-drop"));
	sixd_error_free(&err);
	/* even with --privileged a bad name is an error */
	assert_int_equal(sixd_caps_compute(bad, NULL, true, &mask, &err), -1);
	sixd_error_free(&err);
}

static void test_security_opts(void **state)
{
	char *nnp[] = {"no-new-privileges", NULL};
	char *nnp_true[] = {"no-new-privileges:true", NULL};
	char *nnp_false[] = {"no-new-privileges=true", "no-new-privileges=false", NULL};
	char *other[] = {"apparmor=unconfined", NULL};
	char *junk[] = {"no-new-privileges=maybe", NULL};
	struct sixd_security sec = {.no_new_privs = true};
	struct sixd_error *err = NULL;

	(void)state;
	assert_int_equal(sixd_security_opts_parse(NULL, &sec, NULL), 0);
	assert_false(sec.no_new_privs);
	assert_int_equal(sec.seccomp, SIXD_SECCOMP_DEFAULT);
	assert_int_equal(sixd_security_opts_parse(nnp, &sec, NULL), 0);
	assert_true(sec.no_new_privs);
	assert_int_equal(sixd_security_opts_parse(nnp_true, &sec, NULL), 0);
	assert_true(sec.no_new_privs);
	assert_int_equal(sixd_security_opts_parse(nnp_false, &sec, NULL), 0);
	assert_false(sec.no_new_privs);
	assert_int_equal(sixd_security_opts_parse(other, &sec, &err), -1);
	assert_non_null(strstr(err->msg, "'apparmor=unconfined'"));
	sixd_error_free(&err);
	assert_int_equal(sixd_security_opts_parse(junk, &sec, &err), -1);
	assert_non_null(strstr(err->msg, "'no-new-privileges=maybe'"));
	sixd_error_free(&err);
}

static void test_security_opts_seccomp(void **state)
{
	char *unconfined[] = {"seccomp=unconfined", NULL};
	char *colon[] = {"seccomp:unconfined", NULL};
	char *file[] = {"no-new-privileges", "seccomp=/etc/p.json", NULL};
	char *json[] = {"seccomp=unconfined", "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}",
			NULL};
	char *empty[] = {"seccomp=", NULL};
	char *bare[] = {"seccomp", NULL};
	struct sixd_security sec;
	struct sixd_error *err = NULL;

	(void)state;
	assert_int_equal(sixd_security_opts_parse(unconfined, &sec, NULL), 0);
	assert_int_equal(sec.seccomp, SIXD_SECCOMP_UNCONFINED);
	assert_null(sec.seccomp_profile);
	assert_int_equal(sixd_security_opts_parse(colon, &sec, NULL), 0);
	assert_int_equal(sec.seccomp, SIXD_SECCOMP_UNCONFINED);
	assert_int_equal(sixd_security_opts_parse(file, &sec, NULL), 0);
	assert_int_equal(sec.seccomp, SIXD_SECCOMP_FILE);
	assert_string_equal(sec.seccomp_profile, "/etc/p.json");
	assert_true(sec.no_new_privs);
	assert_int_equal(sixd_security_opts_parse(json, &sec, NULL), 0);
	assert_int_equal(sec.seccomp, SIXD_SECCOMP_PROFILE);
	assert_string_equal(sec.seccomp_profile, "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}");
	assert_int_equal(sixd_security_opts_parse(empty, &sec, &err), -1);
	assert_non_null(strstr(err->msg, "'seccomp='"));
	sixd_error_free(&err);
	assert_int_equal(sixd_security_opts_parse(bare, &sec, &err), -1);
	assert_non_null(strstr(err->msg, "'seccomp'"));
	sixd_error_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cap_parse),
		cmocka_unit_test(test_caps_compute),
		cmocka_unit_test(test_caps_compute_bad),
		cmocka_unit_test(test_security_opts),
		cmocka_unit_test(test_security_opts_seccomp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
