// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the environment of init: sixd_env_build and sixd_env_set (lib/container.h). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cleanup.h"
#include "container.h"
#include "util.h"

#define DEFAULT_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define PASS "SIXD_TEST_PASS_THROUGH"
#define UNSET "SIXD_TEST_NEVER_SET"

static int setup(void **state)
{
	char *dir = strdup("/tmp/sixd-test-container.XXXXXX");

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(setenv(PASS, "from the host, with spaces", 1), 0);
	assert_int_equal(unsetenv(UNSET), 0);
	*state = dir;
	return 0;
}

static int teardown(void **state)
{
	char *dir = *state;

	assert_int_equal(sixd_rm_rf(dir, NULL), 0);
	unsetenv(PASS);
	free(dir);
	return 0;
}

/* Write text to <dir>/name and return the path. */
static char *env_file(const char *dir, const char *name, const char *text)
{
	char *p = NULL;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	assert_int_equal(sixd_write_file_atomic(p, text, strlen(text), 0644, NULL), 0);
	return p;
}

/* env must be exactly want (NULL-terminated), in that order. */
static void assert_env(char *const *env, const char *const *want)
{
	size_t n = 0;

	while (want[n])
		n++;
	for (size_t i = 0; i < n || (env && env[i]); i++) {
		const char *got = env && i < sixd_strv_len(env) ? env[i] : "(end)";
		const char *exp = i < n ? want[i] : "(end)";

		if (strcmp(got, exp) != 0)
			fail_msg("env[%zu] is '%s', want '%s'", i, got, exp);
	}
}

static void test_defaults(void **state)
{
	_cleanup_strv_ char **env = NULL, **tty_env = NULL;
	const char *const want[] = {DEFAULT_PATH, "HOSTNAME=0123456789ab", NULL};
	const char *const want_tty[] = {DEFAULT_PATH, "HOSTNAME=web", "TERM=xterm", NULL};

	(void)state;
	assert_int_equal(sixd_env_build(&env, NULL, "0123456789ab", false, NULL, NULL, NULL), 0);
	assert_env(env, want);
	assert_int_equal(sixd_env_build(&tty_env, NULL, "web", true, NULL, NULL, NULL), 0);
	assert_env(tty_env, want_tty);
}

static void test_image_env(void **state)
{
	_cleanup_strv_ char **env = NULL;
	char *const image[] = {"PATH=/opt/bin:/bin", "FOO=image", "TERM=vt100", "EQ=a=b", NULL};
	const char *const want[] = {"PATH=/opt/bin:/bin", "HOSTNAME=h1", "TERM=vt100",
				    "FOO=image",	  "EQ=a=b",	 NULL};

	(void)state;
	assert_int_equal(sixd_env_build(&env, image, "h1", true, NULL, NULL, NULL), 0);
	assert_env(env, want);
}

static void test_args_override(void **state)
{
	_cleanup_strv_ char **env = NULL;
	char *const image[] = {"FOO=image", "KEEP=image", NULL};
	char *const args[] = {"FOO=cli",   "NEW=1",	    "EMPTY=", "PATH=/cli",
			      "FO=prefix", "HOSTNAME=mine", "NEW=2",  NULL};
	const char *const want[] = {"PATH=/cli", "HOSTNAME=mine", "FOO=cli",   "KEEP=image",
				    "NEW=2",	 "EMPTY=",	  "FO=prefix", NULL};

	(void)state;
	assert_int_equal(sixd_env_build(&env, image, "h1", false, args, NULL, NULL), 0);
	assert_env(env, want);
}

static void test_pass_through(void **state)
{
	_cleanup_strv_ char **env = NULL;
	char *const args[] = {PASS, UNSET, "LAST=1", NULL};
	const char *const want[] = {DEFAULT_PATH, "HOSTNAME=h1", PASS "=from the host, with spaces",
				    "LAST=1", NULL};

	(void)state;
	assert_int_equal(sixd_env_build(&env, NULL, "h1", false, args, NULL, NULL), 0);
	assert_env(env, want);
}

static void test_pass_through_empty(void **state)
{
	_cleanup_strv_ char **env = NULL;
	char *const args[] = {PASS, NULL};
	const char *const want[] = {DEFAULT_PATH, "HOSTNAME=h1", PASS "=", NULL};

	(void)state;
	assert_int_equal(setenv(PASS, "", 1), 0);
	assert_int_equal(sixd_env_build(&env, NULL, "h1", false, args, NULL, NULL), 0);
	assert_env(env, want);
}

static void test_env_files(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *f1 = env_file(dir, "one.env",
					   "# a comment\n"
					   "\n"
					   "   \n"
					   "FILE1=one\n"
					   "  FILE2=two words  \n"
					   "\t# an indented comment\n" PASS "\n" UNSET "\n"
					   "FOO=file\n"
					   "CRLF=yes\r\n"
					   "SHARED=first\n"
					   "NOEOL=last");
	_cleanup_free_ char *f2 = env_file(dir, "two.env", "SHARED=second\nEQ==x=\n");
	_cleanup_strv_ char **env = NULL;
	char *const image[] = {"FOO=image", NULL};
	char *const files[] = {f1, f2, NULL};
	char *const args[] = {"FOO=cli", NULL};
	const char *const want[] = {DEFAULT_PATH,
				    "HOSTNAME=h1",
				    "FOO=cli",
				    "FILE1=one",
				    "FILE2=two words  ",
				    PASS "=from the host, with spaces",
				    "CRLF=yes",
				    "SHARED=second",
				    "NOEOL=last",
				    "EQ==x=",
				    NULL};

	assert_int_equal(sixd_env_build(&env, image, "h1", false, args, files, NULL), 0);
	assert_env(env, want);
}

/* -e comes after the files whatever the order on the command line. */
static void test_args_after_files(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *f = env_file(dir, "a.env", "K=file\n");
	_cleanup_strv_ char **env = NULL;
	char *const files[] = {f, NULL};
	char *const args[] = {"K=cli", NULL};
	const char *const want[] = {DEFAULT_PATH, "HOSTNAME=h", "K=cli", NULL};

	assert_int_equal(sixd_env_build(&env, NULL, "h", false, args, files, NULL), 0);
	assert_env(env, want);
}

static void assert_bad_arg(const char *arg)
{
	_cleanup_strv_ char **env = NULL;
	char *const args[] = {"OK=1", (char *)arg, NULL};
	struct sixd_error *err = NULL;
	_cleanup_free_ char *quoted = NULL;

	if (sixd_env_build(&env, NULL, "h", false, args, NULL, &err) != -1)
		fail_msg("-e '%s' accepted", arg);
	assert_non_null(err);
	assert_int_equal(err->status, EINVAL);
	assert_true(asprintf(&quoted, "'%s'", arg) > 0);
	if (strstr(err->msg, quoted) == NULL)
		fail_msg("error '%s' does not name %s", err->msg, quoted);
	sixd_error_free(&err);
}

static void test_invalid(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *bad = env_file(dir, "bad.env", "GOOD=1\nBAD KEY=1\n");
	_cleanup_strv_ char **env = NULL;
	char *const files[] = {bad, NULL};
	struct sixd_error *err = NULL;

	assert_bad_arg("=x");
	assert_bad_arg("a b=c");
	assert_bad_arg("a\tb=c");
	assert_bad_arg("");
	assert_bad_arg("=");

	assert_int_equal(sixd_env_build(&env, NULL, "h", false, NULL, files, &err), -1);
	assert_non_null(err);
	assert_int_equal(err->status, EINVAL);
	assert_non_null(strstr(err->msg, "'BAD KEY=1'"));
	assert_non_null(strstr(err->msg, bad));
	sixd_error_free(&err);
}

static void test_missing_file(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *missing = NULL;
	_cleanup_strv_ char **env = NULL;
	char *files[] = {NULL, NULL};
	struct sixd_error *err = NULL;

	assert_true(asprintf(&missing, "%s/no-such.env", dir) > 0);
	files[0] = missing;
	assert_int_equal(sixd_env_build(&env, NULL, "h", false, NULL, files, &err), -1);
	assert_non_null(err);
	assert_int_equal(err->status, ENOENT);
	assert_non_null(strstr(err->msg, "env file"));
	assert_non_null(strstr(err->msg, missing));
	sixd_error_free(&err);
}

static void test_env_set(void **state)
{
	_cleanup_strv_ char **env = NULL;
	const char *const want[] = {"A=3", "AB=2", "B=", "C=x=y", NULL};

	(void)state;
	assert_int_equal(sixd_env_set(&env, "A=1"), 0);
	assert_int_equal(sixd_env_set(&env, "AB=2"), 0);
	assert_int_equal(sixd_env_set(&env, "B=old"), 0);
	/* replaced in place; a key that is a prefix of another is its own key */
	assert_int_equal(sixd_env_set(&env, "A=3"), 0);
	assert_int_equal(sixd_env_set(&env, "B="), 0);
	assert_int_equal(sixd_env_set(&env, "C=x=y"), 0);
	assert_env(env, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_image_env, setup, teardown),
		cmocka_unit_test_setup_teardown(test_args_override, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pass_through, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pass_through_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_args_after_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_set, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
