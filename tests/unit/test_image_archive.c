// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of image archives: save and load round trip, and what load refuses. */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cleanup.h"
#include "image.h"
#include "image_archive.h"
#include "util.h"

/*
 * One entry of a test tar: a file (content, len bytes, or a string when len is
 * 0), a directory, or a symlink (content = target).
 */
struct spec {
	const char *path;
	mode_t type;
	const char *content;
	size_t len;
};

struct fixture {
	char dir[64]; /* holds data/, data2/ and the archives */
	char *data, *data2;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/sixd-test-archive.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_true(asprintf(&f->data, "%s/data", f->dir) > 0);
	assert_true(asprintf(&f->data2, "%s/data2", f->dir) > 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(sixd_rm_rf(f->dir, NULL), 0);
	free(f->data);
	free(f->data2);
	free(f);
	return 0;
}

/* Write specs as a tar file dir/name; returns its (allocated) path. */
static char *make_tar(struct fixture *f, const char *name, const struct spec *specs, size_t n)
{
	struct archive *a = archive_write_new();
	char *path = NULL;

	assert_true(asprintf(&path, "%s/%s", f->dir, name) > 0);
	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_none(a);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		size_t len = specs[i].type != AE_IFREG ? 0
			     : specs[i].len	       ? specs[i].len
						       : strlen(specs[i].content);

		archive_entry_set_pathname(e, specs[i].path);
		archive_entry_set_filetype(e, specs[i].type);
		archive_entry_set_perm(e, specs[i].type == AE_IFDIR ? 0755 : 0644);
		archive_entry_set_mtime(e, 1700000000, 0);
		archive_entry_set_size(e, (la_int64_t)len);
		if (specs[i].type == AE_IFLNK)
			archive_entry_set_symlink(e, specs[i].content);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (len)
			assert_int_equal(archive_write_data(a, specs[i].content, len),
					 (la_ssize_t)len);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	return path;
}

/* Entries of data/sub that do not start with a dot (-1 when it does not exist). */
static int count_entries(const char *data, const char *sub)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;
	int n = 0;

	assert_true(asprintf(&path, "%s/%s", data, sub) > 0);
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	return n;
}

/* Anything named .load-* or .save-* left in data. */
static bool leftovers(const char *data)
{
	_cleanup_closedir_ DIR *d = opendir(data);
	struct dirent *de;

	while (d && (de = readdir(d)) != NULL)
		if (strncmp(de->d_name, ".load-", 6) == 0 || strncmp(de->d_name, ".save-", 6) == 0)
			return true;
	return false;
}

/* An image "rt:v1" of two layers in f->data: a file, then its deletion and a new file. */
static void make_image(struct fixture *f)
{
	const struct spec one[] = {{"etc", AE_IFDIR, NULL, 0},
				   {"etc/keep", AE_IFREG, "keep\n", 0},
				   {"etc/gone", AE_IFREG, "gone\n", 0}};
	const struct spec two[] = {{"etc/.wh.gone", AE_IFREG, "", 0},
				   {"new", AE_IFREG, "new\n", 0}};
	_cleanup_free_ char *t1 = make_tar(f, "one.tar", one, 3);
	_cleanup_free_ char *t2 = make_tar(f, "two.tar", two, 2);
	struct sixd_layer_source src = {.path = t2};
	struct sixd_image *img = NULL;
	char digest[SIXD_ID_LEN + 1];
	char **orig;

	assert_int_equal(sixd_image_import(f->data, t1, "base", &img, NULL), 0);
	assert_int_equal(sixd_layer_import(f->data, &src, digest, NULL, NULL), 0);
	orig = img->layers;
	img->layers = (char *[]){orig[0], digest, NULL};
	img->created = 0;
	assert_int_equal(sixd_image_create_locked(f->data, img, "test", "rt:v1", NULL, NULL), 0);
	img->layers = orig;
	sixd_image_free(img);
}

static void read_layer_file(const char *data, const char *layer, const char *rel, char *buf,
			    size_t len)
{
	_cleanup_free_ char *path = NULL;
	FILE *fp;

	assert_true(asprintf(&path, "%s/layers/%s/diff/%s", data, layer, rel) > 0);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(fgets(buf, (int)len, fp));
	fclose(fp);
}

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *out = NULL, *out2 = NULL, *a = NULL, *b = NULL;
	_cleanup_strv_ char **report = NULL;
	struct sixd_image *img = NULL;
	struct stat st;
	char buf[64];
	size_t la, lb;

	make_image(f);
	assert_true(asprintf(&out, "%s/rt.tar", f->dir) > 0);
	assert_true(asprintf(&out2, "%s/rt2.tar", f->dir) > 0);
	assert_int_equal(sixd_image_save(f->data, (char *[]){"rt:v1", NULL}, out, NULL), 0);
	assert_false(leftovers(f->data));
	/* the same image saves to the same bytes */
	assert_int_equal(sixd_image_save(f->data, (char *[]){"rt:v1", NULL}, out2, NULL), 0);
	a = sixd_read_file(out, &la, NULL);
	b = sixd_read_file(out2, &lb, NULL);
	assert_true(la == lb && memcmp(a, b, la) == 0);

	assert_int_equal(sixd_image_load_archive(f->data2, out, &report, NULL), 0);
	assert_string_equal(report[0], "Loaded image: rt:v1");
	assert_null(report[1]);
	assert_false(leftovers(f->data2));
	assert_int_equal(sixd_image_lookup(f->data2, "rt:v1", &img, NULL), 1);
	assert_int_equal(sixd_strv_len(img->layers), 2);
	read_layer_file(f->data2, img->layers[0], "etc/keep", buf, sizeof(buf));
	assert_string_equal(buf, "keep\n");
	read_layer_file(f->data2, img->layers[1], "new", buf, sizeof(buf));
	assert_string_equal(buf, "new\n");
	/* the whiteout is an overlayfs one again */
	free(a);
	assert_true(asprintf(&a, "%s/layers/%s/diff/etc/gone", f->data2, img->layers[1]) > 0);
	sixd_image_free(img);
	assert_int_equal(lstat(a, &st), 0);
	assert_true(S_ISCHR(st.st_mode) && st.st_rdev == 0);
}

static void test_save_unknown_image(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *out = NULL;
	struct sixd_error *err = NULL;

	assert_true(asprintf(&out, "%s/none.tar", f->dir) > 0);
	assert_int_equal(sixd_image_save(f->data, (char *[]){"nosuch", NULL}, out, &err), -1);
	assert_string_equal(err->msg, "no such image: nosuch");
	sixd_error_free(&err);
	assert_int_equal(access(out, F_OK), -1);
}

/* load of path fails with a message holding want, and leaves the store empty. */
static void check_refused(struct fixture *f, const char *path, const char *want)
{
	_cleanup_strv_ char **report = NULL;
	struct sixd_error *err = NULL;

	assert_int_equal(sixd_image_load_archive(f->data2, path, &report, &err), -1);
	assert_non_null(err);
	if (strstr(err->msg, want) == NULL)
		fail_msg("'%s' does not hold '%s'", err->msg, want);
	sixd_error_free(&err);
	assert_true(count_entries(f->data2, "layers") <= 0);
	assert_true(count_entries(f->data2, "images") <= 0);
	assert_false(leftovers(f->data2));
}

static void test_load_refuses_bad_paths(void **state)
{
	struct fixture *f = *state;
	char outside[128];
	const struct spec dotdot[] = {{"../evil", AE_IFREG, "x", 0}};
	const struct spec absolute[] = {{"/tmp/evil", AE_IFREG, "x", 0}};
	const struct spec through[] = {{"l", AE_IFLNK, f->dir, 0}, {"l/escaped", AE_IFREG, "x", 0}};
	const struct spec blob_link[] = {
		{"blobs/sha256/"
		 "0000000000000000000000000000000000000000000000000000000000000000",
		 AE_IFLNK, "/etc/passwd", 0}};
	_cleanup_free_ char *p1 = make_tar(f, "dotdot.tar", dotdot, 1);
	_cleanup_free_ char *p2 = make_tar(f, "abs.tar", absolute, 1);
	_cleanup_free_ char *p3 = make_tar(f, "through.tar", through, 2);
	_cleanup_free_ char *p4 = make_tar(f, "bloblink.tar", blob_link, 1);

	check_refused(f, p1, "unsafe path '../evil'");
	check_refused(f, p2, "unsafe path '/tmp/evil'");
	check_refused(f, p3, "'l/escaped' is written through a link");
	snprintf(outside, sizeof(outside), "%s/escaped", f->dir);
	assert_int_equal(access(outside, F_OK), -1);
	check_refused(f, p4, "is a link, not a blob");
}

#define H2 "2222222222222222222222222222222222222222222222222222222222222222"
#define INDEX_H2                                                                                   \
	"{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"                                      \
	"\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" H2 "\"}]}"

static void test_load_refuses_unchecked_blobs(void **state)
{
	struct fixture *f = *state;
	/* "blobs" a link to a tree whose files were never checked */
	const struct spec linked_dir[] = {{"x/sha256/" H2, AE_IFREG, "{}", 0},
					  {"blobs", AE_IFLNK, "x", 0},
					  {"index.json", AE_IFREG, INDEX_H2, 0}};
	/* a blob under a path spelled otherwise is checked all the same */
	const struct spec spelled[] = {{"blobs//sha256/./" H2, AE_IFREG, "{}", 0},
				       {"index.json", AE_IFREG, INDEX_H2, 0}};
	_cleanup_free_ char *p1 = make_tar(f, "linkeddir.tar", linked_dir, 3);
	_cleanup_free_ char *p2 = make_tar(f, "spelled.tar", spelled, 2);

	check_refused(f, p1, "'blobs' is a link, not a blob");
	check_refused(f, p2, "blob sha256:" H2 " is corrupt");
}

static void test_load_refuses_link_out_of_archive(void **state)
{
	struct fixture *f = *state;
	const struct spec cfg_link[] = {
		{"manifest.json", AE_IFREG,
		 "[{\"Config\":\"c.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"l.tar\"]}]", 0},
		{"c.json", AE_IFLNK, "/etc/hostname", 0},
		{"l.tar", AE_IFREG, "", 0}};
	const struct spec cfg_path[] = {
		{"manifest.json", AE_IFREG,
		 "[{\"Config\":\"../../etc/hostname\",\"RepoTags\":[],\"Layers\":[]}]", 0}};
	_cleanup_free_ char *p1 = make_tar(f, "cfglink.tar", cfg_link, 3);
	_cleanup_free_ char *p2 = make_tar(f, "cfgpath.tar", cfg_path, 1);

	/* the link resolves inside the archive, where there is no etc/hostname */
	check_refused(f, p1, "'c.json'");
	check_refused(f, p2, "unsafe path '../../etc/hostname'");
}

static void test_load_refuses_not_an_image(void **state)
{
	struct fixture *f = *state;
	const struct spec plain[] = {{"hello", AE_IFREG, "hello\n", 0}};
	_cleanup_free_ char *p1 = make_tar(f, "plain.tar", plain, 1);
	_cleanup_free_ char *junk = NULL, *empty = NULL;

	assert_true(asprintf(&junk, "%s/junk", f->dir) > 0);
	assert_true(asprintf(&empty, "%s/empty", f->dir) > 0);
	assert_int_equal(sixd_write_file_atomic(junk, "not a tar at all\n", 17, 0600, NULL), 0);
	assert_int_equal(sixd_write_file_atomic(empty, "", 0, 0600, NULL), 0);
	check_refused(f, p1, "not an image archive (no index.json or manifest.json)");
	check_refused(f, junk, "cannot load '");
	check_refused(f, empty, "cannot load '");
}

static void test_load_refuses_truncated_and_corrupt(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *out = NULL, *cut = NULL, *text = NULL;
	size_t len;
	char *blob;

	make_image(f);
	assert_true(asprintf(&out, "%s/rt.tar", f->dir) > 0);
	assert_true(asprintf(&cut, "%s/cut.tar", f->dir) > 0);
	assert_int_equal(sixd_image_save(f->data, (char *[]){"rt:v1", NULL}, out, NULL), 0);
	text = sixd_read_file(out, &len, NULL);
	assert_non_null(text);
	assert_int_equal(sixd_write_file_atomic(cut, text, len / 2, 0600, NULL), 0);
	check_refused(f, cut, "cannot load '");

	/* flip a byte of the first blob's content (the first file after the two dirs) */
	blob = memmem(text, len, "blobs/sha256/", 13);
	assert_non_null(blob);
	blob = memmem(blob + 13, len - (size_t)(blob + 13 - text), "blobs/sha256/", 13);
	blob = memmem(blob + 13, len - (size_t)(blob + 13 - text), "blobs/sha256/", 13);
	assert_non_null(blob);
	/* its data starts at the next 512-byte block after its header */
	blob = text + (((size_t)(blob - text) / 512) + 1) * 512;
	blob[10] ^= 0xff;
	assert_int_equal(sixd_write_file_atomic(cut, text, len, 0600, NULL), 0);
	check_refused(f, cut, "is corrupt");
}

static void test_load_refuses_wrong_diff_id(void **state)
{
	struct fixture *f = *state;
	const struct spec layer[] = {{"file", AE_IFREG, "content\n", 0}};
	_cleanup_free_ char *lt = make_tar(f, "layer.tar", layer, 1);
	_cleanup_free_ char *ltext = NULL, *p = NULL;
	size_t llen;

	ltext = sixd_read_file(lt, &llen, NULL);
	assert_non_null(ltext);
	{
		const struct spec docker[] = {
			{"manifest.json", AE_IFREG,
			 "[{\"Config\":\"c.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"l.tar\"]}]",
			 0},
			{"c.json", AE_IFREG,
			 "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":"
			 "\"layers\",\"diff_ids\":[\"sha256:"
			 "1111111111111111111111111111111111111111111111111111111111111111\"]}}",
			 0},
			{"l.tar", AE_IFREG, ltext, llen}};

		p = make_tar(f, "wrong.tar", docker, 3);
	}
	check_refused(
		f, p,
		"not sha256:1111111111111111111111111111111111111111111111111111111111111111");
}

static void test_import_drops_overlay_xattrs(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *path = NULL, *dir = NULL;
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	struct sixd_image *img = NULL;
	char value[8];

	assert_true(asprintf(&path, "%s/xattrs.tar", f->dir) > 0);
	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_none(a);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	archive_entry_set_pathname(e, "d");
	archive_entry_set_filetype(e, AE_IFDIR);
	archive_entry_set_perm(e, 0755);
	archive_entry_xattr_add_entry(e, "trusted.overlay.opaque", "y", 1);
	archive_entry_xattr_add_entry(e, "trusted.overlay.redirect", "/etc", 4);
	archive_entry_xattr_add_entry(e, "user.keep", "1", 1);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_entry_free(e);
	archive_write_free(a);

	assert_int_equal(sixd_image_import(f->data, path, "x", &img, NULL), 0);
	dir = sixd_image_layer_dir(f->data, img->layers[0]);
	sixd_image_free(img);
	free(path);
	assert_true(asprintf(&path, "%s/d", dir) > 0);
	assert_int_equal(lgetxattr(path, "trusted.overlay.opaque", value, sizeof(value)), -1);
	assert_int_equal(lgetxattr(path, "trusted.overlay.redirect", value, sizeof(value)), -1);
	if (lgetxattr(path, "user.keep", value, sizeof(value)) < 0 && errno == ENOTSUP)
		return; /* a filesystem without user xattrs */
	assert_int_equal(lgetxattr(path, "user.keep", value, sizeof(value)), 1);
}

/* Make data/rel (a directory, or a file when file), dated an hour ago when old. */
static char *make_tmp_entry(struct fixture *f, const char *rel, bool file, bool old)
{
	struct timespec t[2] = {{.tv_sec = time(NULL) - 3600}, {.tv_sec = time(NULL) - 3600}};
	char *path = NULL;

	assert_true(asprintf(&path, "%s/%s", f->data, rel) > 0);
	if (file)
		assert_int_equal(sixd_write_file_atomic(path, "x", 1, 0600, NULL), 0);
	else
		assert_int_equal(sixd_mkdir_p(path, 0700, NULL), 0);
	if (old)
		assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
	return path;
}

static void test_tmp_sweep(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *dead = make_tmp_entry(f, ".load-dead", false, true);
	_cleanup_free_ char *file = make_tmp_entry(f, ".commit-dead", true, true);
	_cleanup_free_ char *layer = make_tmp_entry(f, "layers/.tmp-dead/diff", false, false);
	_cleanup_free_ char *held = make_tmp_entry(f, ".save-held", false, true);
	_cleanup_free_ char *fresh = make_tmp_entry(f, ".export-fresh", false, false);
	_cleanup_free_ char *other = make_tmp_entry(f, "images", false, true);
	_cleanup_free_ char *ltmp = NULL;
	_cleanup_close_ int hold = sixd_image_tmp_hold(held, NULL);
	struct timespec t[2] = {{.tv_sec = time(NULL) - 3600}, {.tv_sec = time(NULL) - 3600}};

	assert_true(hold >= 0);
	assert_true(asprintf(&ltmp, "%s/layers/.tmp-dead", f->data) > 0);
	assert_int_equal(utimensat(AT_FDCWD, ltmp, t, 0), 0);
	/* a second hold of a held entry fails */
	assert_int_equal(sixd_image_tmp_hold(held, NULL), -1);
	sixd_image_tmp_sweep(f->data);
	assert_int_equal(access(dead, F_OK), -1);
	assert_int_equal(access(file, F_OK), -1);
	assert_int_equal(access(ltmp, F_OK), -1);
	assert_int_equal(access(held, F_OK), 0);
	assert_int_equal(access(fresh, F_OK), 0);
	assert_int_equal(access(other, F_OK), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_round_trip),
		T(test_save_unknown_image),
		T(test_load_refuses_bad_paths),
		T(test_load_refuses_link_out_of_archive),
		T(test_load_refuses_unchecked_blobs),
		T(test_load_refuses_not_an_image),
		T(test_load_refuses_truncated_and_corrupt),
		T(test_load_refuses_wrong_diff_id),
		T(test_tmp_sweep),
		T(test_import_drops_overlay_xattrs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
