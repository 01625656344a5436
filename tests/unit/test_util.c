// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of lib/util.h and lib/error.h: parsing, names, ids, formatting, files, errors. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cleanup.h"
#include "error.h"
#include "util.h"

/* A private temporary directory per test. */
static int setup_dir(void **state)
{
	char *dir = strdup("/tmp/sixd-test-util.XXXXXX");

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	*state = dir;
	return 0;
}

static int teardown_dir(void **state)
{
	char *dir = *state;

	assert_int_equal(sixd_rm_rf(dir, NULL), 0);
	free(dir);
	return 0;
}

static char *path_in(const char *dir, const char *name)
{
	char *p = NULL;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Number of entries in dir other than "." and "..". */
static size_t count_entries(const char *dir)
{
	_cleanup_closedir_ DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	return n;
}

/* An error must exist, carry status and mention every one of the given words. */
static void assert_error(struct sixd_error *err, int status, const char *word)
{
	assert_non_null(err);
	assert_non_null(err->msg);
	assert_int_equal(err->status, status);
	if (word && strstr(err->msg, word) == NULL)
		fail_msg("error '%s' does not mention '%s'", err->msg, word);
}

/* ---- sizes, cpus, integers ---- */

static void test_parse_size_ok(void **state)
{
	static const struct {
		const char *in;
		int64_t want;
	} cases[] = {
		{"100m", 104857600LL},
		{"1g", 1073741824LL},
		{"512k", 524288LL},
		{"1.5g", 1610612736LL},
		{"4096", 4096LL},
		{"0", 0},
		{"100MB", 104857600LL},
		{"10mib", 10485760LL},
		{"10MiB", 10485760LL},
		{"2t", 2199023255552LL},
		{"7b", 7},
		{"64KB", 65536LL},
		{"0.5k", 512},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sixd_error *err = NULL;
		int64_t v = -42;

		if (sixd_parse_size(cases[i].in, &v, &err) != 0)
			fail_msg("'%s' rejected: %s", cases[i].in, err ? err->msg : "?");
		if (v != cases[i].want)
			fail_msg("'%s' gave %lld, want %lld", cases[i].in, (long long)v,
				 (long long)cases[i].want);
		assert_null(err);
	}
}

static void test_parse_size_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"abc",
		"-1",
		"10x",
		"1e400",
		"99999999999999999999999",
		"8796093022208t",
		"8388608t",
		"0x10",
		"1e3",
		"m",
		" 1",
		"1m ",
		"1.5.5g",
		"10kk",
		"inf",
		"nan",
		"+1",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sixd_error *err = NULL;
		int64_t v = -42;
		_cleanup_free_ char *quoted = NULL;

		if (sixd_parse_size(bad[i], &v, &err) != -1)
			fail_msg("'%s' accepted as %lld", bad[i], (long long)v);
		assert_int_equal(v, -42);
		assert_true(asprintf(&quoted, "'%s'", bad[i]) > 0);
		assert_error(err, EINVAL, quoted);
		sixd_error_free(&err);
		assert_null(err);
	}
}

static void test_parse_cpus(void **state)
{
	static const struct {
		const char *in;
		int64_t want;
	} ok[] = {
		{"1.5", 1500000000LL}, {"0.5", 500000000LL},	  {"2", 2000000000LL},
		{"0.01", 10000000LL},  {"1024", 1024000000000LL}, {"0.25", 250000000LL},
	};
	static const char *const bad[] = {"abc", "0", "-1", "", "1025", "0.001", "1.5x", "0.0"};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct sixd_error *err = NULL;
		int64_t v = 0;

		if (sixd_parse_cpus(ok[i].in, &v, &err) != 0)
			fail_msg("'%s' rejected: %s", ok[i].in, err ? err->msg : "?");
		assert_int_equal(v, ok[i].want);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sixd_error *err = NULL;
		int64_t v = 0;
		_cleanup_free_ char *quoted = NULL;

		if (sixd_parse_cpus(bad[i], &v, &err) != -1)
			fail_msg("'%s' accepted as %lld", bad[i], (long long)v);
		assert_true(asprintf(&quoted, "'%s'", bad[i]) > 0);
		assert_error(err, EINVAL, quoted);
		sixd_error_free(&err);
	}
}

static void test_parse_int64(void **state)
{
	int64_t v = 0;

	(void)state;
	assert_int_equal(sixd_parse_int64("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(sixd_parse_int64("12345", &v), 0);
	assert_int_equal(v, 12345);
	assert_int_equal(sixd_parse_int64("9223372036854775807", &v), 0);
	assert_true(v == INT64_MAX);
	v = 7;
	assert_int_equal(sixd_parse_int64("9223372036854775808", &v), -1);
	assert_int_equal(sixd_parse_int64("-1", &v), -1);
	assert_int_equal(sixd_parse_int64("", &v), -1);
	assert_int_equal(sixd_parse_int64(NULL, &v), -1);
	assert_int_equal(sixd_parse_int64("12a", &v), -1);
	assert_int_equal(sixd_parse_int64(" 1", &v), -1);
	assert_int_equal(v, 7);
}

/* ---- names and ids ---- */

static void test_valid_name(void **state)
{
	static const char *const ok[] = {"web", "a1", "my_app.v2-x", "AB", "0x", "a.", "z-_"};
	static const char *const bad[] = {"",	 "a",	"../x", "-x",	"_x", ".x",
					  "a/b", "a b", "a:b",	"a\nb", "é1", "ab\t"};
	char longest[130];

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!sixd_valid_name(ok[i]))
			fail_msg("'%s' should be a valid name", ok[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (sixd_valid_name(bad[i]))
			fail_msg("'%s' should not be a valid name", bad[i]);
	assert_false(sixd_valid_name(NULL));
	memset(longest, 'a', sizeof(longest));
	longest[128] = '\0';
	assert_true(sixd_valid_name(longest));
	longest[128] = 'a';
	longest[129] = '\0';
	assert_false(sixd_valid_name(longest));
}

static void test_valid_id(void **state)
{
	char id[SIXD_ID_LEN + 2];

	(void)state;
	memset(id, 'a', SIXD_ID_LEN);
	id[SIXD_ID_LEN] = '\0';
	assert_true(sixd_valid_id(id));
	memcpy(id, "0123456789abcdef", 16);
	assert_true(sixd_valid_id(id));
	id[3] = 'A';
	assert_false(sixd_valid_id(id));
	id[3] = 'g';
	assert_false(sixd_valid_id(id));
	id[3] = '3';
	id[SIXD_ID_LEN - 1] = '\0';
	assert_false(sixd_valid_id(id)); /* 63 */
	id[SIXD_ID_LEN - 1] = 'f';
	id[SIXD_ID_LEN] = '0';
	id[SIXD_ID_LEN + 1] = '\0';
	assert_false(sixd_valid_id(id)); /* 65 */
	assert_false(sixd_valid_id(""));
	assert_false(sixd_valid_id(NULL));
}

static void test_gen_id(void **state)
{
	char a[SIXD_ID_LEN + 1], b[SIXD_ID_LEN + 1];

	(void)state;
	memset(a, 'X', sizeof(a));
	memset(b, 'X', sizeof(b));
	assert_int_equal(sixd_gen_id(a, NULL), 0);
	assert_int_equal(sixd_gen_id(b, NULL), 0);
	assert_int_equal(strlen(a), SIXD_ID_LEN);
	assert_int_equal(strspn(a, "0123456789abcdef"), SIXD_ID_LEN);
	assert_int_equal(strspn(b, "0123456789abcdef"), SIXD_ID_LEN);
	assert_true(sixd_valid_id(a));
	assert_string_not_equal(a, b);
}

static void test_random_name(void **state)
{
	_cleanup_free_ char *first = sixd_random_name();
	bool differs = false;

	(void)state;
	assert_non_null(first);
	for (int i = 0; i < 200; i++) {
		_cleanup_free_ char *name = sixd_random_name();
		const char *us;

		assert_non_null(name);
		us = strchr(name, '_');
		assert_non_null(us);
		assert_null(strchr(us + 1, '_'));
		assert_true(us > name);
		assert_true(us[1] != '\0');
		assert_int_equal(strspn(name, "abcdefghijklmnopqrstuvwxyz"), (size_t)(us - name));
		assert_int_equal(strspn(us + 1, "abcdefghijklmnopqrstuvwxyz"), strlen(us + 1));
		assert_true(sixd_valid_name(name));
		differs |= strcmp(name, first) != 0;
	}
	assert_true(differs);
}

/* ---- human formats and times ---- */

static void test_human_duration(void **state)
{
	const int64_t min = 60, hour = 3600, day = 24 * hour, week = 7 * day, month = 30 * day,
		      year = 365 * day;
	/* go-units' own test table (duration_test.go), in seconds */
	const struct {
		int64_t secs;
		const char *want;
	} cases[] = {
		{-5, "Less than a second"},
		{0, "Less than a second"},
		{1, "1 second"},
		{2, "2 seconds"},
		{45, "45 seconds"},
		{59, "59 seconds"},
		{60, "About a minute"},
		{90, "About a minute"},
		{119, "About a minute"},
		{120, "2 minutes"},
		{3 * min, "3 minutes"},
		{35 * min, "35 minutes"},
		{35 * min + 40, "35 minutes"},
		{45 * min + 40, "45 minutes"},
		{59 * min, "59 minutes"},
		{59 * min + 59, "59 minutes"},
		{hour, "About an hour"},
		{hour + 29 * min, "About an hour"},
		{hour + 31 * min, "2 hours"},
		{2 * hour, "2 hours"},
		{3 * hour + 29 * min, "3 hours"},
		{3 * hour + 31 * min, "4 hours"},
		{4 * hour, "4 hours"},
		{day, "24 hours"},
		{day + 12 * hour, "36 hours"},
		{2 * day, "2 days"},
		{3 * day, "3 days"},
		{13 * day + 5 * hour, "13 days"},
		{2 * week, "2 weeks"},
		{2 * week + 4 * day, "2 weeks"},
		{4 * week + 3 * day, "4 weeks"},
		{month, "4 weeks"},
		{month + 2 * week, "6 weeks"},
		{2 * month, "2 months"},
		{3 * month + week, "3 months"},
		{13 * month, "13 months"},
		{24 * month, "24 months"},
		{24 * month + 2 * week, "2 years"},
		{2 * year - 1, "1 years"},
		{3 * year + 2 * month, "3 years"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[64];

		memset(buf, 'X', sizeof(buf));
		sixd_human_duration(cases[i].secs, buf, sizeof(buf));
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("%lld seconds gave '%s', want '%s'", (long long)cases[i].secs, buf,
				 cases[i].want);
	}
}

static void test_human_size(void **state)
{
	static const struct {
		int64_t bytes;
		const char *want;
	} cases[] = {
		{0, "0B"},
		{100, "100B"},
		{999, "999B"},
		{1000, "1kB"},
		{1234, "1.23kB"},
		{4270000, "4.27MB"},
		{2000000000, "2GB"},
		{1500000, "1.5MB"},
		{5000000000000LL, "5TB"},
		{12345678, "12.3MB"},
		{123456789, "123MB"},
	};
	char small[4];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[32];

		sixd_human_size(cases[i].bytes, buf, sizeof(buf));
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("%lld bytes gave '%s', want '%s'", (long long)cases[i].bytes, buf,
				 cases[i].want);
	}
	/* a short buffer is truncated, never overrun */
	sixd_human_size(4270000, small, sizeof(small));
	assert_string_equal(small, "4.2");
}

static void test_rfc3339(void **state)
{
	char buf[64];
	int64_t ns = 0, now;

	(void)state;
	sixd_format_rfc3339(1700000000123456789LL, buf, sizeof(buf));
	assert_string_equal(buf, "2023-11-14T22:13:20.123456789Z");
	assert_int_equal(sixd_parse_rfc3339(buf, &ns), 0);
	assert_true(ns == 1700000000123456789LL);

	sixd_format_rfc3339(5, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00.000000005Z");
	assert_int_equal(sixd_parse_rfc3339(buf, &ns), 0);
	assert_int_equal(ns, 5);

	now = sixd_now_ns();
	assert_true(now > 1700000000000000000LL);
	sixd_format_rfc3339(now, buf, sizeof(buf));
	assert_int_equal(strlen(buf), strlen("2023-11-14T22:13:20.123456789Z"));
	assert_int_equal(sixd_parse_rfc3339(buf, &ns), 0);
	assert_true(ns == now);

	/* other RFC 3339 UTC spellings: no fraction, a short or a long one */
	assert_int_equal(sixd_parse_rfc3339("2023-11-14T22:13:20Z", &ns), 0);
	assert_true(ns == 1700000000000000000LL);
	assert_int_equal(sixd_parse_rfc3339("2023-11-14T22:13:20.5Z", &ns), 0);
	assert_true(ns == 1700000000500000000LL);
	assert_int_equal(sixd_parse_rfc3339("2023-11-14T22:13:20.1234567891Z", &ns), 0);
	assert_true(ns == 1700000000123456789LL);

	ns = 77;
	assert_int_equal(sixd_parse_rfc3339("garbage", &ns), -1);
	assert_int_equal(sixd_parse_rfc3339("", &ns), -1);
	assert_int_equal(sixd_parse_rfc3339("2023-11-14T22:13:20", &ns), -1);
	assert_int_equal(sixd_parse_rfc3339("2023-11-14T22:13:20.1Zjunk", &ns), -1);
	assert_int_equal(sixd_parse_rfc3339("2023-11-14T22:13:20+01:00", &ns), -1);
	assert_int_equal(ns, 77);
}

/* ---- files ---- */

static void test_write_file_atomic(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *path = path_in(dir, "config.json");
	_cleanup_free_ char *missing = path_in(dir, "nodir/config.json");
	_cleanup_free_ char *text = NULL;
	struct sixd_error *err = NULL;
	mode_t old_umask = umask(022);
	struct stat st;
	size_t len = 0;

	assert_int_equal(sixd_write_file_atomic(path, "hello\0world", 11, 0640, &err), 0);
	assert_null(err);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0640);
	text = sixd_read_file(path, &len, &err);
	assert_non_null(text);
	assert_int_equal(len, 11);
	assert_memory_equal(text, "hello\0world", 11);
	free(text);

	/* replacing: new content and mode, shorter than before, still no temp file */
	assert_int_equal(sixd_write_file_atomic(path, "bye", 3, 0600, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	text = sixd_read_file(path, &len, &err);
	assert_non_null(text);
	assert_int_equal(len, 3);
	assert_string_equal(text, "bye");
	assert_int_equal(count_entries(dir), 1);

	/* an empty file */
	assert_int_equal(sixd_write_file_atomic(path, "", 0, 0600, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);

	/* failure: the directory is missing; nothing is left behind */
	assert_int_equal(sixd_write_file_atomic(missing, "x", 1, 0600, &err), -1);
	assert_error(err, ENOENT, "nodir");
	sixd_error_free(&err);
	assert_int_equal(count_entries(dir), 1);
	umask(old_umask);
}

static void test_read_file(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *big = path_in(dir, "big");
	_cleanup_free_ char *empty = path_in(dir, "empty");
	_cleanup_free_ char *missing = path_in(dir, "missing");
	_cleanup_free_ char *data = malloc(100003);
	_cleanup_free_ char *text = NULL, *text2 = NULL, *none = NULL;
	struct sixd_error *err = NULL;
	size_t len = 1;

	assert_non_null(data);
	for (size_t i = 0; i < 100003; i++)
		data[i] = (char)('a' + i % 26);
	assert_int_equal(sixd_write_file_atomic(big, data, 100003, 0600, NULL), 0);
	text = sixd_read_file(big, &len, &err);
	assert_non_null(text);
	assert_null(err);
	assert_int_equal(len, 100003);
	assert_memory_equal(text, data, 100003);
	assert_int_equal(text[100003], '\0');

	write_text(empty, "");
	text2 = sixd_read_file(empty, &len, &err);
	assert_non_null(text2);
	assert_int_equal(len, 0);
	assert_string_equal(text2, "");

	none = sixd_read_file(missing, NULL, &err);
	assert_null(none);
	assert_error(err, ENOENT, missing);
	sixd_error_free(&err);
}

static void test_write_string(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *knob = path_in(dir, "knob");
	_cleanup_free_ char *missing = path_in(dir, "missing");
	_cleanup_free_ char *text = NULL;
	struct sixd_error *err = NULL;

	write_text(knob, "");
	assert_int_equal(sixd_write_string(knob, "max 100000", &err), 0);
	text = sixd_read_file(knob, NULL, NULL);
	assert_string_equal(text, "max 100000");
	/* it never creates a file */
	assert_int_equal(sixd_write_string(missing, "1", &err), -1);
	assert_error(err, ENOENT, missing);
	sixd_error_free(&err);
	assert_false(exists(missing));
}

static void test_mkdir_p(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *deep = path_in(dir, "a/b/c/");
	_cleanup_free_ char *c = path_in(dir, "a/b/c");
	_cleanup_free_ char *file = path_in(dir, "file");
	_cleanup_free_ char *under_file = path_in(dir, "file/sub");
	struct sixd_error *err = NULL;
	mode_t old_umask = umask(022);
	struct stat st;

	assert_int_equal(sixd_mkdir_p(deep, 0750, &err), 0);
	assert_null(err);
	assert_int_equal(stat(c, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0750);
	/* an existing directory is fine, and its mode is left alone */
	assert_int_equal(sixd_mkdir_p(c, 0700, &err), 0);
	assert_int_equal(stat(c, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0750);
	assert_int_equal(sixd_mkdir_p(dir, 0700, &err), 0);

	write_text(file, "x");
	assert_int_equal(sixd_mkdir_p(under_file, 0755, &err), -1);
	assert_error(err, ENOTDIR, under_file);
	sixd_error_free(&err);

	assert_int_equal(sixd_mkdir_p("", 0755, &err), -1);
	assert_error(err, ENOENT, NULL);
	sixd_error_free(&err);
	umask(old_umask);
}

static void test_rm_rf(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *tree = path_in(dir, "tree");
	_cleanup_free_ char *sub = path_in(dir, "tree/sub/deeper");
	_cleanup_free_ char *outside = path_in(dir, "outside");
	_cleanup_free_ char *keep = path_in(dir, "outside/keep");
	_cleanup_free_ char *f1 = path_in(dir, "tree/f1");
	_cleanup_free_ char *f2 = path_in(dir, "tree/sub/f2");
	_cleanup_free_ char *f3 = path_in(dir, "tree/sub/deeper/f3");
	_cleanup_free_ char *dlink = path_in(dir, "tree/sub/to-outside");
	_cleanup_free_ char *flink = path_in(dir, "tree/to-keep");
	_cleanup_free_ char *dangling = path_in(dir, "tree/dangling");
	_cleanup_free_ char *toplink = path_in(dir, "toplink");
	struct sixd_error *err = NULL;

	assert_int_equal(sixd_mkdir_p(sub, 0755, NULL), 0);
	assert_int_equal(sixd_mkdir_p(outside, 0755, NULL), 0);
	write_text(keep, "precious");
	write_text(f1, "1");
	write_text(f2, "2");
	write_text(f3, "3");
	assert_int_equal(symlink(outside, dlink), 0);
	assert_int_equal(symlink(keep, flink), 0);
	assert_int_equal(symlink("/nonexistent/target", dangling), 0);
	assert_int_equal(chmod(f3, 0), 0);

	assert_int_equal(sixd_rm_rf(tree, &err), 0);
	assert_null(err);
	assert_false(exists(tree));
	/* the symlinks were removed, not followed */
	assert_true(exists(outside));
	assert_true(exists(keep));

	/* a symlink given as the path: the link goes, its target stays */
	assert_int_equal(symlink(outside, toplink), 0);
	assert_int_equal(sixd_rm_rf(toplink, &err), 0);
	assert_false(exists(toplink));
	assert_true(exists(keep));

	/* a missing path is fine; so is a plain file */
	assert_int_equal(sixd_rm_rf(tree, &err), 0);
	assert_int_equal(sixd_rm_rf(keep, &err), 0);
	assert_false(exists(keep));
	assert_null(err);
}

/* ---- processes, string vectors, fd helpers ---- */

static void test_pid_start_time(void **state)
{
	uint64_t self = sixd_pid_start_time(getpid());
	char name[16] = "";
	int fds[2];
	char c;
	pid_t pid;

	(void)state;
	assert_true(self > 0);
	assert_int_equal(sixd_pid_start_time(getpid()), self);
	assert_int_equal(sixd_pid_start_time(INT_MAX - 1), 0);
	assert_int_equal(sixd_pid_start_time(0), 0);
	assert_int_equal(sixd_pid_start_time(-1), 0);

	/* a comm with spaces and parentheses does not shift the fields */
	assert_int_equal(prctl(PR_GET_NAME, name), 0);
	assert_int_equal(prctl(PR_SET_NAME, "a) b ) 1 2 3"), 0);
	assert_int_equal(sixd_pid_start_time(getpid()), self);
	assert_int_equal(prctl(PR_SET_NAME, name), 0);

	/* a child started after us, gone once reaped */
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[1]);
		(void)!read(fds[0], &c, 1);
		_exit(0);
	}
	close(fds[0]);
	assert_true(sixd_pid_start_time(pid) >= self);
	close(fds[1]);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	assert_int_equal(sixd_pid_start_time(pid), 0);
}

static void test_strv(void **state)
{
	_cleanup_strv_ char **v = NULL;
	char *const words[] = {"a", "b c", "", "d", NULL};
	char *const none[] = {NULL};
	char buf[8] = "first";
	_cleanup_free_ char *j1 = NULL, *j2 = NULL, *j3 = NULL, *j4 = NULL, *j5 = NULL;

	(void)state;
	j1 = sixd_strv_join(words, " ");
	assert_string_equal(j1, "a b c  d");
	j2 = sixd_strv_join(words, ", ");
	assert_string_equal(j2, "a, b c, , d");
	j3 = sixd_strv_join(none, " ");
	assert_string_equal(j3, "");
	j4 = sixd_strv_join(NULL, " ");
	assert_string_equal(j4, "");
	assert_int_equal(sixd_strv_len(words), 4);
	assert_int_equal(sixd_strv_len(none), 0);
	assert_int_equal(sixd_strv_len(NULL), 0);

	assert_int_equal(sixd_strv_append(&v, buf), 0);
	snprintf(buf, sizeof(buf), "second");
	assert_int_equal(sixd_strv_append(&v, buf), 0);
	assert_int_equal(sixd_strv_append(&v, ""), 0);
	assert_int_equal(sixd_strv_len(v), 3);
	assert_string_equal(v[0], "first"); /* a copy, not the caller's buffer */
	assert_string_equal(v[1], "second");
	assert_string_equal(v[2], "");
	assert_null(v[3]);
	j5 = sixd_strv_join(v, ":");
	assert_string_equal(j5, "first:second:");
}

static void test_write_read_all(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *path = path_in(dir, "data");
	_cleanup_close_ int fd = -1;
	const size_t len = 300000;
	_cleanup_free_ char *out = malloc(len), *in = malloc(len + 10);

	assert_non_null(out);
	assert_non_null(in);
	for (size_t i = 0; i < len; i++)
		out[i] = (char)(i * 7);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(sixd_write_all(fd, out, len), len);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	/* EOF before len: what there was */
	assert_int_equal(sixd_read_all(fd, in, len + 10), len);
	assert_memory_equal(in, out, len);
	assert_int_equal(sixd_read_all(fd, in, 10), 0);
	assert_int_equal(sixd_write_all(-1, out, 1), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(sixd_read_all(-1, in, 1), -1);
}

/* ---- errors ---- */

static void test_error_set(void **state)
{
	struct sixd_error *err = NULL;

	(void)state;
	errno = EBADF;
	assert_int_equal(sixd_error_set(&err, ENOENT, "cannot open '%s' (%d)", "x", 3), -1);
	assert_int_equal(errno, EBADF);
	assert_non_null(err);
	assert_string_equal(err->msg, "cannot open 'x' (3)");
	assert_int_equal(err->status, ENOENT);
	assert_int_equal(err->exit_code, 0);

	/* a second error replaces the first (ASan catches a leak) */
	assert_int_equal(sixd_error_set_exit(&err, SIXD_EXIT_NOT_FOUND, 0, "not %s", "found"), -1);
	assert_string_equal(err->msg, "not found");
	assert_int_equal(err->status, 0);
	assert_int_equal(err->exit_code, 127);
	assert_int_equal(errno, EBADF);
	sixd_error_free(&err);
	assert_null(err);
	sixd_error_free(&err);
	sixd_error_free(NULL);

	/* no error wanted: dropped, still -1, errno kept */
	errno = EPERM;
	assert_int_equal(sixd_error_set(NULL, EIO, "dropped"), -1);
	assert_int_equal(errno, EPERM);
}

static void test_error_wrap(void **state)
{
	struct sixd_error *err = NULL;

	(void)state;
	errno = EAGAIN;
	assert_int_equal(sixd_error_wrap(&err, "context"), -1);
	assert_null(err);
	assert_int_equal(sixd_error_wrap(NULL, "context"), -1);

	sixd_error_set_exit(&err, 126, EACCES, "cannot exec '%s'", "/bin/sh");
	assert_int_equal(sixd_error_wrap(&err, "container '%s'", "web"), -1);
	assert_string_equal(err->msg, "container 'web': cannot exec '/bin/sh'");
	assert_int_equal(sixd_error_wrap(&err, "run"), -1);
	assert_string_equal(err->msg, "run: container 'web': cannot exec '/bin/sh'");
	assert_int_equal(err->status, EACCES);
	assert_int_equal(err->exit_code, 126);
	assert_int_equal(errno, EAGAIN);
	sixd_error_free(&err);
}

static void test_error_format(void **state)
{
	struct sixd_error *err = NULL;
	_cleanup_free_ char *want = NULL, *s1 = NULL, *s2 = NULL, *s3 = NULL;

	(void)state;
	sixd_error_set(&err, ENOENT, "cannot open '%s'", "/x");
	sixd_error_wrap(&err, "ctx");
	s1 = sixd_error_format(err);
	assert_true(asprintf(&want, "ctx: cannot open '/x': %s", strerror(ENOENT)) > 0);
	assert_string_equal(s1, want);
	/* no system call failed: the message alone */
	sixd_error_set(&err, 0, "container name \"%s\" is already in use", "web");
	s2 = sixd_error_format(err);
	assert_string_equal(s2, "container name \"web\" is already in use");
	sixd_error_free(&err);
	s3 = sixd_error_format(NULL);
	assert_string_equal(s3, "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_size_ok),
		cmocka_unit_test(test_parse_size_bad),
		cmocka_unit_test(test_parse_cpus),
		cmocka_unit_test(test_parse_int64),
		cmocka_unit_test(test_valid_name),
		cmocka_unit_test(test_valid_id),
		cmocka_unit_test(test_gen_id),
		cmocka_unit_test(test_random_name),
		cmocka_unit_test(test_human_duration),
		cmocka_unit_test(test_human_size),
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test_setup_teardown(test_write_file_atomic, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_read_file, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_write_string, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_mkdir_p, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_rm_rf, setup_dir, teardown_dir),
		cmocka_unit_test(test_pid_start_time),
		cmocka_unit_test(test_strv),
		cmocka_unit_test_setup_teardown(test_write_read_all, setup_dir, teardown_dir),
		cmocka_unit_test(test_error_set),
		cmocka_unit_test(test_error_wrap),
		cmocka_unit_test(test_error_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
