// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of lib/seccomp_filter.h: profiles compiled (and refused), the
 * cache, the options a record keeps, and compiled programs run in a child
 * (no_new_privs: no privilege needed).
 */
#include <errno.h>
#include <linux/filter.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cleanup.h"
#include "seccomp_filter.h"
#include "util.h"

#define CAP_SYS_ADMIN_BIT (1ULL << 21)

static void compile_ok(const char *profile, uint64_t caps, struct sixd_seccomp_filter *f)
{
	struct sixd_error *err = NULL;

	if (sixd_seccomp_compile(profile, caps, f, &err) != 0)
		fail_msg("profile refused: %s", err ? err->msg : "?");
	assert_non_null(f->prog);
	assert_true(f->size > 0);
	assert_int_equal(f->size % sizeof(struct sock_filter), 0);
}

static void compile_bad(const char *profile, const char *want)
{
	struct sixd_seccomp_filter f;
	struct sixd_error *err = NULL;

	if (sixd_seccomp_compile(profile, 0, &f, &err) != -1)
		fail_msg("profile accepted: %s", profile);
	assert_null(f.prog);
	assert_int_equal(err->status, EINVAL);
	if (strstr(err->msg, want) == NULL)
		fail_msg("'%s' does not name '%s'", err->msg, want);
	sixd_error_free(&err);
}

static void test_default_profile(void **state)
{
	struct sixd_seccomp_filter plain, admin;

	(void)state;
	compile_ok(NULL, 0xa80425fbULL, &plain);
	compile_ok(NULL, 0xa80425fbULL | CAP_SYS_ADMIN_BIT, &admin);
	/* CAP_SYS_ADMIN unlocks calls: another program */
	assert_true(plain.size != admin.size || memcmp(plain.prog, admin.prog, plain.size) != 0);
	sixd_seccomp_filter_free(&plain);
	sixd_seccomp_filter_free(&admin);
	assert_null(plain.prog);
}

static void test_bad_profiles(void **state)
{
	(void)state;
	compile_bad("[1]", "not a JSON object");
	compile_bad("{", "invalid JSON");
	compile_bad("{}", "no action");
	compile_bad("{\"defaultAction\":\"SCMP_ACT_NOTIFY\"}", "'SCMP_ACT_NOTIFY'");
	compile_bad("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":\"x\"}", "errnoRet");
	compile_bad("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_VAX\"]}",
		    "'SCMP_ARCH_VAX'");
	compile_bad("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"action\":"
		    "\"SCMP_ACT_ERRNO\"}]}",
		    "syscalls[0]");
	compile_bad("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"read\"],"
		    "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":6,\"value\":1,"
		    "\"op\":\"SCMP_CMP_EQ\"}]}]}",
		    "index");
	compile_bad("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"read\"],"
		    "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":1,"
		    "\"op\":\"SCMP_CMP_ALMOST\"}]}]}",
		    "'SCMP_CMP_ALMOST'");
	compile_bad("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/x.sock\"}",
		    "listenerPath");
}

/*
 * In a child: no_new_privs, the program, then personality(arg); the child's
 * exit status is the call's errno (0: allowed).
 */
static int run_personality(const struct sixd_seccomp_filter *f, unsigned long arg)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || sixd_seccomp_load(f, NULL) < 0)
			_exit(255);
		_exit(syscall(SYS_personality, arg) < 0 ? errno : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* Two conditions on one argument are alternatives; masked equality; errnoRet. */
static void test_rules_run(void **state)
{
	const char *profile =
		"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
		"{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":18,"
		"\"args\":[{\"index\":0,\"value\":4660,\"op\":\"SCMP_CMP_EQ\"},"
		"{\"index\":0,\"value\":22136,\"op\":\"SCMP_CMP_EQ\"}]},"
		"{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":33,"
		"\"args\":[{\"index\":0,\"value\":983040,\"valueTwo\":655360,"
		"\"op\":\"SCMP_CMP_MASKED_EQ\"}]},"
		"{\"names\":[\"no_such_call_anywhere\"],\"action\":\"SCMP_ACT_ERRNO\"},"
		"{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1,"
		"\"includes\":{\"caps\":[\"CAP_SYS_ADMIN\"]},"
		"\"args\":[{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]}]}";
	struct sixd_seccomp_filter f;

	(void)state;
	compile_ok(profile, 0, &f);
	assert_int_equal(run_personality(&f, 0x1234), EXDEV);
	assert_int_equal(run_personality(&f, 0x5678), EXDEV);
	assert_int_equal(run_personality(&f, 0xa1234), EDOM); /* (0xa1234 & 0xf0000) == 0xa0000 */
	assert_int_equal(run_personality(&f, 0xffffffff), 0);
	assert_int_equal(run_personality(&f, 8), 0); /* needs CAP_SYS_ADMIN, not held */
	sixd_seccomp_filter_free(&f);
	compile_ok(profile, CAP_SYS_ADMIN_BIT, &f);
	assert_int_equal(run_personality(&f, 8), EPERM);
	sixd_seccomp_filter_free(&f);
}

static void test_default_profile_runs(void **state)
{
	struct sixd_seccomp_filter f;

	(void)state;
	compile_ok(NULL, 0xa80425fbULL, &f);
	assert_int_equal(run_personality(&f, 0xffffffff), 0);
	assert_int_equal(run_personality(&f, 0x0400000), EPERM); /* READ_IMPLIES_EXEC */
	sixd_seccomp_filter_free(&f);
}

static void test_cache_name(void **state)
{
	char a[80], b[80], c[80], d[80];

	(void)state;
	sixd_seccomp_cache_name(NULL, 1, a, sizeof(a));
	sixd_seccomp_cache_name(NULL, 1, b, sizeof(b));
	sixd_seccomp_cache_name(NULL, 3, c, sizeof(c));
	sixd_seccomp_cache_name("{}", 1, d, sizeof(d));
	assert_int_equal(strlen(a), 68);
	assert_string_equal(a + 64, ".bpf");
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
}

static char *make_tmpdir(void)
{
	char tmpl[] = "/tmp/sixd-test-seccomp-XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return strdup(tmpl);
}

static void test_prepare_cache(void **state)
{
	char *root = make_tmpdir(), *path = NULL, name[80];
	struct sixd_security sec = {.caps = 0xa80425fbULL};
	struct sixd_seccomp_filter first, second;
	struct stat st1, st2;

	(void)state;
	assert_int_equal(sixd_seccomp_prepare(root, &sec, &first, NULL), 0);
	sixd_seccomp_cache_name(NULL, sec.caps, name, sizeof(name));
	assert_true(asprintf(&path, "%s/seccomp/%s", root, name) > 0);
	assert_int_equal(stat(path, &st1), 0);
	assert_int_equal((size_t)st1.st_size, first.size);
	assert_int_equal(sixd_seccomp_prepare(root, &sec, &second, NULL), 0);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino); /* read, not written again */
	assert_memory_equal(first.prog, second.prog, first.size);
	sixd_seccomp_filter_free(&second);
	/* a damaged cache file is not used: compiled again and replaced */
	assert_int_equal(truncate(path, 12), 0);
	assert_int_equal(sixd_seccomp_prepare(root, &sec, &second, NULL), 0);
	assert_memory_equal(first.prog, second.prog, first.size);
	sec.seccomp = SIXD_SECCOMP_UNCONFINED;
	sixd_seccomp_filter_free(&second);
	assert_int_equal(sixd_seccomp_prepare(root, &sec, &second, NULL), 0);
	assert_null(second.prog);
	sixd_seccomp_filter_free(&first);
	assert_int_equal(sixd_rm_rf(root, NULL), 0);
	free(path);
	free(root);
}

static void test_resolve_opts(void **state)
{
	const char *text = "{ \"syscalls\": [],\n \"defaultAction\": \"SCMP_ACT_ALLOW\" }";
	char *root = make_tmpdir(), *path = NULL, *bad = NULL, *file_opt = NULL;
	char *opts[] = {"no-new-privileges", NULL, NULL};
	char **out = NULL;
	struct sixd_error *err = NULL;
	struct sixd_security sec;

	(void)state;
	assert_true(asprintf(&path, "%s/p.json", root) > 0);
	assert_true(asprintf(&bad, "%s/bad.json", root) > 0);
	assert_int_equal(sixd_write_file_atomic(path, text, strlen(text), 0644, NULL), 0);
	assert_int_equal(sixd_write_file_atomic(bad, "{\"syscalls\":7}", 14, 0644, NULL), 0);

	assert_true(asprintf(&file_opt, "seccomp=%s", path) > 0);
	opts[1] = file_opt;
	assert_int_equal(sixd_seccomp_resolve_opts(opts, &out, NULL), 0);
	assert_string_equal(out[0], "no-new-privileges");
	assert_string_equal(out[1],
			    "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[]}");
	assert_null(out[2]);
	assert_int_equal(sixd_security_opts_parse(out, &sec, NULL), 0);
	assert_int_equal(sec.seccomp, SIXD_SECCOMP_PROFILE);
	sixd_strvfreep(&out);
	free(file_opt);
	assert_true(asprintf(&file_opt, "seccomp=%s", bad) > 0);
	opts[1] = file_opt;
	assert_int_equal(sixd_seccomp_resolve_opts(opts, &out, &err), -1);
	assert_null(out);
	assert_non_null(strstr(err->msg, bad));
	sixd_error_free(&err);
	free(file_opt);
	assert_int_equal(sixd_rm_rf(root, NULL), 0);
	free(path);
	free(bad);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_profile), cmocka_unit_test(test_bad_profiles),
		cmocka_unit_test(test_rules_run),	cmocka_unit_test(test_default_profile_runs),
		cmocka_unit_test(test_cache_name),	cmocka_unit_test(test_prepare_cache),
		cmocka_unit_test(test_resolve_opts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
