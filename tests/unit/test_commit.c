// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of commit's pure parts: OCI whiteout names and -c changes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cleanup.h"
#include "commit.h"
#include "image.h"

static void check_parse(const char *path, int kind, const char *target)
{
	_cleanup_free_ char *t = NULL;

	assert_int_equal(sixd_whiteout_parse(path, &t), kind);
	if (target)
		assert_string_equal(t, target);
	else
		assert_null(t);
}

static void test_whiteout_parse(void **state)
{
	char *t = NULL;

	(void)state;
	check_parse("etc/passwd", SIXD_WHITEOUT_NONE, NULL);
	check_parse("etc/", SIXD_WHITEOUT_NONE, NULL);
	check_parse("etc/.whx", SIXD_WHITEOUT_NONE, NULL);
	check_parse("etc/.wh.group", SIXD_WHITEOUT_FILE, "etc/group");
	check_parse("./etc/.wh.group", SIXD_WHITEOUT_FILE, "etc/group");
	check_parse(".wh.top", SIXD_WHITEOUT_FILE, "top");
	check_parse("a/b/.wh..hidden", SIXD_WHITEOUT_FILE, "a/b/.hidden");
	check_parse("etc/x/.wh..wh..opq", SIXD_WHITEOUT_OPAQUE, "etc/x");
	check_parse("./etc/x/.wh..wh..opq/", SIXD_WHITEOUT_OPAQUE, "etc/x");
	check_parse(".wh..wh..opq", SIXD_WHITEOUT_OPAQUE, "");
	assert_int_equal(sixd_whiteout_parse("etc/.wh.", &t), -1);
	assert_int_equal(sixd_whiteout_parse("etc/.wh..", &t), -1);
	assert_null(t);
}

static void test_whiteout_name(void **state)
{
	_cleanup_free_ char *a = sixd_whiteout_name("etc/group");
	_cleanup_free_ char *b = sixd_whiteout_name("top");
	_cleanup_free_ char *back = NULL;

	(void)state;
	assert_string_equal(a, "etc/.wh.group");
	assert_string_equal(b, ".wh.top");
	assert_int_equal(sixd_whiteout_parse(a, &back), SIXD_WHITEOUT_FILE);
	assert_string_equal(back, "etc/group");
}

static struct sixd_image *base_image(void)
{
	struct sixd_image *img = calloc(1, sizeof(*img));

	assert_non_null(img);
	img->env = calloc(3, sizeof(char *));
	img->env[0] = strdup("PATH=/bin");
	img->env[1] = strdup("FOO=old");
	img->cmd = calloc(1, sizeof(char *));
	img->entrypoint = calloc(1, sizeof(char *));
	img->workdir = strdup("");
	img->user = strdup("");
	return img;
}

static void apply_ok(struct sixd_image *img, const char *change)
{
	struct sixd_error *err = NULL;

	assert_int_equal(sixd_commit_apply_change(img, change, &err), 0);
	assert_null(err);
}

static void apply_fails(struct sixd_image *img, const char *change, const char *msg)
{
	struct sixd_error *err = NULL;

	assert_int_equal(sixd_commit_apply_change(img, change, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, msg));
	sixd_error_free(&err);
}

static void test_changes(void **state)
{
	struct sixd_image *img = base_image();

	(void)state;
	apply_ok(img, "CMD [\"echo\", \"a b\"]");
	assert_string_equal(img->cmd[0], "echo");
	assert_string_equal(img->cmd[1], "a b");
	assert_null(img->cmd[2]);
	apply_ok(img, "cmd echo hi there");
	assert_string_equal(img->cmd[0], "/bin/sh");
	assert_string_equal(img->cmd[1], "-c");
	assert_string_equal(img->cmd[2], "echo hi there");
	apply_ok(img, "ENTRYPOINT [\"/bin/env\"]");
	assert_string_equal(img->entrypoint[0], "/bin/env");
	apply_ok(img, "ENV FOO=new=x");
	apply_ok(img, "ENV BAR baz");
	assert_string_equal(img->env[0], "PATH=/bin");
	assert_string_equal(img->env[1], "FOO=new=x");
	assert_string_equal(img->env[2], "BAR=baz");
	assert_null(img->env[3]);
	apply_ok(img, "  WORKDIR /srv");
	assert_string_equal(img->workdir, "/srv");
	apply_ok(img, "USER nobody");
	assert_string_equal(img->user, "nobody");

	apply_fails(img, "EXPOSE 80", "unsupported change 'EXPOSE'");
	apply_fails(img, "CMD [1, 2]", "bad JSON array");
	apply_fails(img, "WORKDIR rel", "not an absolute path");
	apply_fails(img, "ENV", "no argument");
	apply_fails(img, "ENV =x", "invalid ENV");
	assert_string_equal(img->cmd[2], "echo hi there");
	sixd_image_free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whiteout_parse),
		cmocka_unit_test(test_whiteout_name),
		cmocka_unit_test(test_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
