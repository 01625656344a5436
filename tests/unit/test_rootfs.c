// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of lib/rootfs.h that need no privilege: -v parsing and the overlay options. */
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
#include "image.h"
#include "rootfs.h"
#include "util.h"

#define CDIR "containers/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void volume_free(struct sixd_volume *v)
{
	free(v->source);
	free(v->target);
	v->source = v->target = NULL;
}

static void assert_volume(const char *spec, const char *source, const char *target, bool ro)
{
	struct sixd_volume v;
	struct sixd_error *err = NULL;

	if (sixd_volume_parse(spec, &v, &err) != 0)
		fail_msg("'%s' rejected: %s", spec, err ? err->msg : "?");
	assert_null(err);
	assert_string_equal(v.source, source);
	assert_string_equal(v.target, target);
	assert_int_equal(v.readonly, ro);
	volume_free(&v);
}

/* Rejected with EINVAL, a message quoting the spec and, if given, the part at fault. */
static void assert_volume_bad(const char *spec, const char *part)
{
	struct sixd_volume v;
	struct sixd_error *err = NULL;
	_cleanup_free_ char *quoted = NULL;

	memset(&v, 0xa5, sizeof(v));
	if (sixd_volume_parse(spec, &v, &err) != -1)
		fail_msg("'%s' accepted as '%s' -> '%s'", spec, v.source, v.target);
	assert_non_null(err);
	assert_int_equal(err->status, EINVAL);
	assert_true(asprintf(&quoted, "'%s'", spec) > 0);
	if (strstr(err->msg, quoted) == NULL)
		fail_msg("error '%s' does not name the spec %s", err->msg, quoted);
	if (part && strstr(err->msg, part) == NULL)
		fail_msg("error '%s' does not name '%s'", err->msg, part);
	/* nothing for the caller to free */
	assert_null(v.source);
	assert_null(v.target);
	sixd_error_free(&err);
}

static void test_volume_parse_ok(void **state)
{
	(void)state;
	assert_volume("/a:/b", "/a", "/b", false);
	assert_volume("/a:/b:ro", "/a", "/b", true);
	assert_volume("/a:/b:rw", "/a", "/b", false);
	assert_volume("/srv/data dir:/var/lib/app", "/srv/data dir", "/var/lib/app", false);
	assert_volume("/:/host:ro", "/", "/host", true);
}

static void test_volume_parse_bad(void **state)
{
	(void)state;
	assert_volume_bad("a:/b", "'a'");
	assert_volume_bad("./a:/b", "'./a'");
	assert_volume_bad(":/b", NULL);
	assert_volume_bad("/a:b", "'b'");
	assert_volume_bad("/a:", NULL);
	assert_volume_bad("/a", NULL);
	assert_volume_bad("/a:/", NULL);
	assert_volume_bad("/a://", NULL);
	assert_volume_bad("/a:/b:xx", "'xx'");
	assert_volume_bad("/a:/b:", NULL);
	assert_volume_bad("/a:/b:RO", "'RO'");
	assert_volume_bad("/a:/b:ro:rw", NULL);
	assert_volume_bad("", NULL);
}

static void test_overlay_options(void **state)
{
	char *const two[] = {"l1", "l2", NULL};
	char *const one[] = {"base", NULL};
	char *const three[] = {"bottom", "middle", "top", NULL};
	_cleanup_free_ char *o2 = NULL, *o1 = NULL, *o3 = NULL;
	struct sixd_error *err = NULL;

	(void)state;
	o2 = sixd_rootfs_overlay_options(two, CDIR, &err);
	assert_non_null(o2);
	assert_null(err);
	assert_string_equal(o2, "lowerdir=l/l2:l/l1,upperdir=" CDIR "/upper,workdir=" CDIR "/work");
	o1 = sixd_rootfs_overlay_options(one, "c", &err);
	assert_string_equal(o1, "lowerdir=l/base,upperdir=c/upper,workdir=c/work");
	o3 = sixd_rootfs_overlay_options(three, "c", &err);
	assert_string_equal(o3, "lowerdir=l/top:l/middle:l/bottom,upperdir=c/upper,workdir=c/work");
}

static void test_overlay_repeated_layer(void **state)
{
	char *const dup[] = {"base", "a", "b", "a", NULL};
	char *const same[] = {"x", "x", NULL};
	_cleanup_free_ char *o1 = NULL, *o2 = NULL;

	(void)state;
	/* overlayfs refuses a directory twice: the topmost copy alone */
	o1 = sixd_rootfs_overlay_options(dup, "c", NULL);
	assert_string_equal(o1, "lowerdir=l/a:l/b:l/base,upperdir=c/upper,workdir=c/work");
	o2 = sixd_rootfs_overlay_options(same, "c", NULL);
	assert_string_equal(o2, "lowerdir=l/x,upperdir=c/upper,workdir=c/work");
	assert_false(sixd_layer_repeated(dup, 0));
	assert_true(sixd_layer_repeated(dup, 1));
	assert_false(sixd_layer_repeated(dup, 3));
}

static void test_overlay_no_layers(void **state)
{
	char *const none[] = {NULL};
	struct sixd_error *err = NULL;

	(void)state;
	assert_null(sixd_rootfs_overlay_options(none, CDIR, &err));
	assert_non_null(err);
	assert_int_equal(err->status, EINVAL);
	sixd_error_free(&err);
	assert_null(sixd_rootfs_overlay_options(NULL, CDIR, &err));
	assert_non_null(err);
	assert_int_equal(err->status, EINVAL);
	sixd_error_free(&err);
}

/* n layers of 64 hex characters each, all different in their first 16. */
static char **hex_layers(size_t n)
{
	char **v = calloc(n + 1, sizeof(char *));

	assert_non_null(v);
	for (size_t i = 0; i < n; i++) {
		v[i] = malloc(SIXD_ID_LEN + 1);
		assert_non_null(v[i]);
		snprintf(v[i], SIXD_ID_LEN + 1, "%016zx%048d", i + 1, 0);
	}
	return v;
}

static void test_overlay_too_many_layers(void **state)
{
	const size_t page = (size_t)sysconf(_SC_PAGESIZE);
	/* each layer takes 19 bytes (":l/" and 16 hex): this never fits in one page */
	const size_t n = page / 16 + 1;
	_cleanup_strv_ char **many = hex_layers(n);
	_cleanup_strv_ char **fits = hex_layers(150);
	_cleanup_free_ char *ok = NULL;
	struct sixd_error *err = NULL;
	char want[128];

	(void)state;
	assert_null(sixd_rootfs_overlay_options(many, CDIR, &err));
	assert_non_null(err);
	assert_int_equal(err->status, E2BIG);
	snprintf(want, sizeof(want), "(%zu)", n);
	assert_non_null(strstr(err->msg, want));
	sixd_error_free(&err);

	/* 150 layers (about 2.9 kB) still fit a page: top first, bottom last */
	ok = sixd_rootfs_overlay_options(fits, CDIR, &err);
	assert_non_null(ok);
	assert_null(err);
	assert_true(strlen(ok) < page);
	snprintf(want, sizeof(want), "lowerdir=l/%.16s:", fits[149]);
	assert_true(strncmp(ok, want, strlen(want)) == 0);
	snprintf(want, sizeof(want), ":l/%.16s,upperdir=", fits[0]);
	assert_non_null(strstr(ok, want));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_volume_parse_ok),
		cmocka_unit_test(test_volume_parse_bad),
		cmocka_unit_test(test_overlay_options),
		cmocka_unit_test(test_overlay_repeated_layer),
		cmocka_unit_test(test_overlay_no_layers),
		cmocka_unit_test(test_overlay_too_many_layers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
