// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the image store: references, config JSON, import, lookup, default image. */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cleanup.h"
#include "image.h"
#include "util.h"

/* One entry of a test tar. */
struct spec {
	const char *path;
	mode_t type; /* AE_IFREG, AE_IFDIR, AE_IFLNK; a hard link when link is set and type 0 */
	mode_t perm;
	const char *content; /* file content, or link target */
	const char *link;    /* hard link target */
};

struct fixture {
	char dir[64]; /* holds data/ and the tarballs */
	char *data;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/sixd-test-image.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_true(asprintf(&f->data, "%s/data", f->dir) > 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(sixd_rm_rf(f->dir, NULL), 0);
	free(f->data);
	free(f);
	return 0;
}

static void add_spec(struct archive *a, const struct spec *s)
{
	struct archive_entry *e = archive_entry_new();
	size_t len = s->type == AE_IFREG && s->content ? strlen(s->content) : 0;

	archive_entry_set_pathname(e, s->path);
	archive_entry_set_uid(e, getuid());
	archive_entry_set_gid(e, getgid());
	archive_entry_set_mtime(e, 1700000000, 0);
	if (s->link) {
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_hardlink(e, s->link);
	} else {
		archive_entry_set_filetype(e, s->type);
		if (s->type == AE_IFLNK)
			archive_entry_set_symlink(e, s->content);
	}
	archive_entry_set_perm(e, s->perm);
	archive_entry_set_size(e, (la_int64_t)len);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	if (len)
		assert_int_equal(archive_write_data(a, s->content, len), (la_ssize_t)len);
	archive_entry_free(e);
}

/* Write specs as a tar into buf (gzip-compressed if gz); returns its length. */
static size_t make_tar(const struct spec *specs, size_t n, bool gz, char *buf, size_t cap)
{
	struct archive *a = archive_write_new();
	size_t used = 0;

	archive_write_set_format_pax_restricted(a);
	if (gz)
		archive_write_add_filter_gzip(a);
	else
		archive_write_add_filter_none(a);
	assert_int_equal(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++)
		add_spec(a, &specs[i]);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	return used;
}

/* Write specs as a tarball file under the fixture; returns its (allocated) path. */
static char *make_tarball(struct fixture *f, const char *name, const struct spec *specs, size_t n,
			  bool gz)
{
	static char buf[1 << 20];
	size_t len = make_tar(specs, n, gz, buf, sizeof(buf));
	char *path = NULL;

	assert_true(asprintf(&path, "%s/%s", f->dir, name) > 0);
	assert_int_equal(sixd_write_file_atomic(path, buf, len, 0600, NULL), 0);
	return path;
}

static void sha256_hex(const void *data, size_t len, char *out)
{
	struct sha256_ctx ctx;
	unsigned char raw[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(raw), raw);
	sixd_image_hex(raw, sizeof(raw), out);
}

/* Entries of a directory, except "." and ".."; -1 if it cannot be opened. */
static int count_entries(const char *parent, const char *sub)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;
	int n = 0;

	assert_true(asprintf(&path, "%s/%s", parent, sub) > 0);
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	return n;
}

static const struct spec sample[] = {
	{"./", AE_IFDIR, 0755, NULL, NULL},
	{"dir", AE_IFDIR, 0750, NULL, NULL},
	{"dir/file", AE_IFREG, 04755, "hello", NULL},
	{"dir/hard", 0, 04755, NULL, "dir/file"},
	{"dir/link", AE_IFLNK, 0777, "file", NULL},
	{"etc/motd", AE_IFREG, 0644, "welcome\n", NULL},
};

#define N_SAMPLE (sizeof(sample) / sizeof(sample[0]))

/* ---- references ---- */

static void check_ref(const char *in, const char *want)
{
	_cleanup_free_ char *out = NULL;
	struct sixd_error *err = NULL;
	int r = sixd_image_normalize_ref(in, &out, &err);

	if (want == NULL) {
		assert_int_equal(r, -1);
		assert_non_null(err);
		assert_int_equal(err->status, EINVAL);
		sixd_error_free(&err);
		return;
	}
	assert_int_equal(r, 0);
	assert_string_equal(out, want);
}

static void test_normalize_ref(void **state)
{
	(void)state;
	check_ref("busybox", "busybox:latest");
	check_ref("busybox:1.36", "busybox:1.36");
	check_ref("library/busybox", "busybox:latest");
	check_ref("docker.io/library/alpine:3", "alpine:3");
	check_ref("docker.io/me/app", "me/app:latest");
	check_ref("localhost:5000/foo/bar", "localhost:5000/foo/bar:latest");
	check_ref("registry.example.com:443/a/b:v1", "registry.example.com:443/a/b:v1");
	check_ref("my_repo/a__b-c.d:Tag_1.0", "my_repo/a__b-c.d:Tag_1.0");
	check_ref("sh", "sh:latest");
	check_ref("", NULL);
	check_ref("Busybox", NULL);
	check_ref("/bin/sh", NULL);
	check_ref("./sh", NULL);
	check_ref("a:", NULL);
	check_ref(":tag", NULL);
	check_ref("a::b", NULL);
	check_ref("a/", NULL);
	check_ref("a//b", NULL);
	check_ref("-a", NULL);
	check_ref("a_", NULL);
	check_ref("a___b", NULL);
	check_ref("a:-x", NULL);
	check_ref("a:b c", NULL);
	check_ref("busybox@sha256:0123", NULL);
}

static void test_normalize_ref_long_tag(void **state)
{
	char ref[200] = "a:";

	(void)state;
	memset(ref + 2, 't', 128);
	check_ref(ref, ref);
	ref[2 + 128] = 't';
	check_ref(ref, NULL);
}

/* ---- config JSON ---- */

static void test_config_round_trip(void **state)
{
	char l1[65], l2[65];
	char *layers[] = {l1, l2, NULL};
	char *cmd[] = {"sh", "-c", "echo hi", NULL};
	char *entry[] = {"/init", NULL};
	char *env[] = {"PATH=/bin", "A=b c", NULL};
	struct sixd_image in = {.layers = layers,
				.cmd = cmd,
				.entrypoint = entry,
				.env = env,
				.workdir = "/srv",
				.user = "nobody",
				.created = 1700000000123456789};
	struct sixd_image *out = calloc(1, sizeof(*out));
	_cleanup_free_ char *text = NULL;

	(void)state;
	memset(l1, 'a', 64), l1[64] = '\0';
	memset(l2, 'b', 64), l2[64] = '\0';
	text = sixd_image_config_json(&in, "test", NULL);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"os\":\"linux\""));
	assert_non_null(strstr(text, "\"rootfs\":{\"diff_ids\":[\"sha256:aaaa"));
	assert_non_null(strstr(text, "\"type\":\"layers\""));
	assert_non_null(strstr(text, "\"created\":\"2023-11-14T22:13:20.123456789Z\""));
	assert_non_null(strstr(text, "\"created_by\":\"test\""));
	assert_int_equal(sixd_image_parse_config(text, out, NULL), 0);
	assert_int_equal(out->created, in.created);
	assert_int_equal(sixd_strv_len(out->layers), 2);
	assert_string_equal(out->layers[1], l2);
	assert_string_equal(out->cmd[2], "echo hi");
	assert_null(out->cmd[3]);
	assert_string_equal(out->entrypoint[0], "/init");
	assert_string_equal(out->env[1], "A=b c");
	assert_string_equal(out->workdir, "/srv");
	assert_string_equal(out->user, "nobody");
	sixd_image_free(out);
}

static void test_config_minimal(void **state)
{
	const char *text = "{\"created\":\"2024-01-02T03:04:05Z\",\"rootfs\":{\"type\":\"layers\","
			   "\"diff_ids\":[]},\"config\":{\"Cmd\":null}}";
	struct sixd_image *img = calloc(1, sizeof(*img));
	struct sixd_error *err = NULL;

	(void)state;
	assert_int_equal(sixd_image_parse_config(text, img, NULL), 0);
	assert_non_null(img->layers);
	assert_null(img->layers[0]);
	assert_non_null(img->cmd);
	assert_null(img->cmd[0]);
	assert_non_null(img->entrypoint);
	assert_non_null(img->env);
	assert_string_equal(img->workdir, "");
	assert_string_equal(img->user, "");
	sixd_image_free(img);

	img = calloc(1, sizeof(*img));
	assert_int_equal(sixd_image_parse_config("{\"created\":\"x\"}", img, &err), -1);
	assert_non_null(err);
	sixd_error_free(&err);
	sixd_image_free(img);
}

/* Config.ExposedPorts: parsed into exposed, written back. */
static void test_config_exposed_ports(void **state)
{
	const char *text = "{\"created\":\"2024-01-02T03:04:05Z\",\"rootfs\":{\"type\":\"layers\","
			   "\"diff_ids\":[]},\"config\":{\"ExposedPorts\":{\"80/tcp\":{},"
			   "\"53/udp\":{}}}}";
	struct sixd_image *img = calloc(1, sizeof(*img));
	_cleanup_free_ char *out = NULL;

	(void)state;
	assert_int_equal(sixd_image_parse_config(text, img, NULL), 0);
	assert_int_equal(sixd_strv_len(img->exposed), 2);
	assert_string_equal(img->exposed[0], "80/tcp");
	assert_string_equal(img->exposed[1], "53/udp");
	out = sixd_image_config_json(img, "test", NULL);
	assert_non_null(strstr(out, "\"ExposedPorts\":{\"53/udp\":{},\"80/tcp\":{}}"));
	sixd_image_free(img);
	img = calloc(1, sizeof(*img));
	assert_int_equal(sixd_image_parse_config("{\"created\":\"2024-01-02T03:04:05Z\","
						 "\"config\":{\"ExposedPorts\":[\"80\"]}}",
						 img, NULL),
			 -1);
	sixd_image_free(img);
}

/* ---- import ---- */

static void test_import(void **state)
{
	struct fixture *f = *state;
	static char plain[1 << 20];
	size_t len = make_tar(sample, N_SAMPLE, false, plain, sizeof(plain));
	_cleanup_free_ char *tarball = make_tarball(f, "sample.tar.gz", sample, N_SAMPLE, true);
	_cleanup_free_ char *diff = NULL, *file = NULL, *hard = NULL, *link = NULL;
	struct sixd_image *img = NULL;
	struct sixd_error *err = NULL;
	char digest[65], target[16] = {0};
	struct stat st, st2;

	sha256_hex(plain, len, digest);
	assert_int_equal(sixd_image_import(f->data, tarball, "test:1", &img, &err), 0);
	assert_true(sixd_valid_id(img->id));
	assert_int_equal(sixd_strv_len(img->layers), 1);
	/* the digest is that of the uncompressed stream */
	assert_string_equal(img->layers[0], digest);
	assert_int_equal(img->size, strlen("hello") + strlen("welcome\n"));
	assert_string_equal(img->names[0], "test:1");
	assert_null(img->names[1]);
	assert_null(img->cmd[0]);

	diff = sixd_image_layer_dir(f->data, digest);
	assert_true(asprintf(&file, "%s/dir/file", diff) > 0);
	assert_true(asprintf(&hard, "%s/dir/hard", diff) > 0);
	assert_true(asprintf(&link, "%s/dir/link", diff) > 0);
	assert_int_equal(lstat(file, &st), 0);
	assert_int_equal(st.st_mode & 07777, 04755);
	assert_int_equal(st.st_size, 5);
	assert_int_equal(st.st_mtime, 1700000000);
	assert_int_equal(lstat(hard, &st2), 0);
	assert_int_equal(st.st_ino, st2.st_ino);
	assert_int_equal(st.st_nlink, 2);
	assert_int_equal(lstat(link, &st2), 0);
	assert_true(S_ISLNK(st2.st_mode));
	assert_int_equal(readlink(link, target, sizeof(target) - 1), 4);
	assert_string_equal(target, "file");
	assert_int_equal(stat(diff, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(count_entries(f->data, "layers"), 1);
	sixd_image_free(img);
}

static void test_import_dedup_and_retag(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *gz = make_tarball(f, "a.tar.gz", sample, N_SAMPLE, true);
	_cleanup_free_ char *tar = make_tarball(f, "a.tar", sample, N_SAMPLE, false);
	struct sixd_image *a = NULL, *b = NULL, *c = NULL, *old = NULL;

	assert_int_equal(sixd_image_import(f->data, gz, "app", &a, NULL), 0);
	assert_int_equal(sixd_image_import(f->data, tar, "app:2", &b, NULL), 0);
	/* same content, compressed or not: one layer */
	assert_string_equal(a->layers[0], b->layers[0]);
	assert_int_equal(count_entries(f->data, "layers"), 1);
	assert_int_equal(count_entries(f->data, "images"), 2);
	/* re-tagging moves the name */
	assert_int_equal(sixd_image_import(f->data, tar, "app:latest", &c, NULL), 0);
	assert_int_equal(sixd_image_load(f->data, a->id, &old, NULL), 0);
	assert_null(old->names[0]);
	assert_string_equal(c->names[0], "app:latest");
	sixd_image_free(a);
	sixd_image_free(b);
	sixd_image_free(c);
	sixd_image_free(old);
}

/* An import of specs must fail naming bad, leaving nothing in the store. */
static void check_refused(struct fixture *f, const struct spec *specs, size_t n, const char *bad)
{
	_cleanup_free_ char *tarball = make_tarball(f, "evil.tar", specs, n, false);
	struct sixd_image *img = NULL;
	struct sixd_error *err = NULL;

	assert_int_equal(sixd_image_import(f->data, tarball, "evil", &img, &err), -1);
	assert_null(img);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, bad));
	assert_null(strchr(err->msg, '\n'));
	sixd_error_free(&err);
	assert_int_equal(count_entries(f->data, "layers"), 0);
	assert_true(count_entries(f->data, "images") <= 0);
	assert_int_equal(sixd_image_lookup(f->data, "evil", &img, NULL), 0);
}

static void test_import_refuses_escapes(void **state)
{
	struct fixture *f = *state;
	const struct spec dotdot[] = {
		{"ok", AE_IFREG, 0644, "fine", NULL},
		{"../x", AE_IFREG, 0644, "evil", NULL},
	};
	const struct spec inner[] = {
		{"a", AE_IFDIR, 0755, NULL, NULL},
		{"a/../../x", AE_IFREG, 0644, "evil", NULL},
	};
	const struct spec absolute[] = {
		{"ok", AE_IFREG, 0644, "fine", NULL},
		{"/abs", AE_IFREG, 0644, "evil", NULL},
	};
	const struct spec hardlink[] = {
		{"ok", AE_IFREG, 0644, "fine", NULL},
		{"h", 0, 0644, NULL, "../../etc/passwd"},
	};
	const struct spec abs_link[] = {
		{"h", 0, 0644, NULL, "/etc/passwd"},
	};

	check_refused(f, dotdot, 2, "'../x'");
	check_refused(f, inner, 2, "'a/../../x'");
	check_refused(f, absolute, 2, "'/abs'");
	check_refused(f, hardlink, 2, "'../../etc/passwd'");
	check_refused(f, abs_link, 1, "'/etc/passwd'");
}

static void test_import_symlink_escape(void **state)
{
	struct fixture *f = *state;
	char outside[128];
	const struct spec through[] = {
		{"l", AE_IFLNK, 0777, f->dir, NULL},
		{"l/escaped", AE_IFREG, 0644, "evil", NULL},
	};
	_cleanup_free_ char *tarball = make_tarball(f, "sym.tar", through, 2, false);
	struct sixd_error *err = NULL;

	snprintf(outside, sizeof(outside), "%s/escaped", f->dir);
	assert_int_equal(sixd_image_import(f->data, tarball, NULL, NULL, &err), -1);
	assert_non_null(err);
	sixd_error_free(&err);
	assert_int_equal(access(outside, F_OK), -1);
	assert_int_equal(count_entries(f->data, "layers"), 0);
}

static void test_import_bad_input(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *junk = NULL, *missing = NULL;
	struct sixd_error *err = NULL;

	assert_true(asprintf(&junk, "%s/junk", f->dir) > 0);
	assert_true(asprintf(&missing, "%s/missing.tar", f->dir) > 0);
	assert_int_equal(sixd_write_file_atomic(junk, "not a tar at all\n", 17, 0600, NULL), 0);
	assert_int_equal(sixd_image_import(f->data, junk, "x", NULL, &err), -1);
	assert_non_null(strstr(err->msg, junk));
	sixd_error_free(&err);
	assert_int_equal(sixd_image_import(f->data, missing, "x", NULL, &err), -1);
	assert_int_equal(err->status, ENOENT);
	sixd_error_free(&err);
	/* a bad name fails before anything is unpacked */
	assert_int_equal(sixd_image_import(f->data, junk, "Bad", NULL, &err), -1);
	assert_int_equal(err->status, EINVAL);
	sixd_error_free(&err);
	assert_true(count_entries(f->data, "layers") <= 0);
}

/* ---- lookup and list ---- */

static void expect_lookup(const char *data, const char *ref, int want, const char *id)
{
	struct sixd_image *img = NULL;
	struct sixd_error *err = NULL;

	assert_int_equal(sixd_image_lookup(data, ref, &img, &err), want);
	if (want == 1)
		assert_string_equal(img->id, id);
	if (want == -1)
		assert_non_null(err);
	sixd_error_free(&err);
	sixd_image_free(img);
}

static void test_lookup(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *tarball = make_tarball(f, "s.tar", sample, N_SAMPLE, false);
	struct sixd_image *img = NULL;
	char ref[80];

	/* an empty store: nothing, and no error */
	expect_lookup(f->data, "busybox", 0, NULL);
	assert_int_equal(sixd_image_import(f->data, tarball, "web:v1", &img, NULL), 0);
	expect_lookup(f->data, "web:v1", 1, img->id);
	expect_lookup(f->data, "docker.io/library/web:v1", 1, img->id);
	expect_lookup(f->data, "web", 0, NULL);
	expect_lookup(f->data, img->id, 1, img->id);
	snprintf(ref, sizeof(ref), "sha256:%s", img->id);
	expect_lookup(f->data, ref, 1, img->id);
	snprintf(ref, sizeof(ref), "%.12s", img->id);
	expect_lookup(f->data, ref, 1, img->id);
	snprintf(ref, sizeof(ref), "%.4s", img->id);
	expect_lookup(f->data, ref, 1, img->id);
	snprintf(ref, sizeof(ref), "%.3s", img->id);
	expect_lookup(f->data, ref, 0, NULL);
	/* what `run` may pass: commands are simply not images */
	expect_lookup(f->data, "sh", 0, NULL);
	expect_lookup(f->data, "/bin/sh", 0, NULL);
	expect_lookup(f->data, "Echo", 0, NULL);
	expect_lookup(f->data, "ls -l", 0, NULL);
	expect_lookup(f->data, "", 0, NULL);
	sixd_image_free(img);
}

static void test_lookup_ambiguous(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *dir = NULL, *a = NULL, *b = NULL;
	char id[65];

	assert_true(asprintf(&dir, "%s/images", f->data) > 0);
	assert_int_equal(sixd_mkdir_p(dir, 0700, NULL), 0);
	memset(id, 'a', 64), id[64] = '\0';
	id[63] = '1';
	assert_true(asprintf(&a, "%s/%s.json", dir, id) > 0);
	id[63] = '2';
	assert_true(asprintf(&b, "%s/%s.json", dir, id) > 0);
	assert_int_equal(sixd_write_file_atomic(a, "{}", 2, 0600, NULL), 0);
	assert_int_equal(sixd_write_file_atomic(b, "{}", 2, 0600, NULL), 0);
	expect_lookup(f->data, "aaaa", -1, NULL);
	expect_lookup(f->data, "bbbb", 0, NULL);
}

static void test_list(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *tarball = make_tarball(f, "s.tar", sample, N_SAMPLE, false);
	struct sixd_image **list = NULL, *a = NULL, *b = NULL;
	size_t n = 99;

	assert_int_equal(sixd_image_list(f->data, &list, &n, NULL), 0);
	assert_int_equal(n, 0);
	sixd_image_list_free(list, n);
	assert_int_equal(sixd_image_import(f->data, tarball, "one", &a, NULL), 0);
	assert_int_equal(sixd_image_import(f->data, tarball, "two", NULL, NULL), 0);
	assert_int_equal(sixd_image_lookup(f->data, "two", &b, NULL), 1);
	assert_int_equal(sixd_image_list(f->data, &list, &n, NULL), 0);
	assert_int_equal(n, 2);
	/* newest first */
	assert_string_equal(list[0]->id, b->id);
	assert_string_equal(list[1]->names[0], "one:latest");
	assert_int_equal(list[1]->size, a->size);
	sixd_image_list_free(list, n);
	sixd_image_free(a);
	sixd_image_free(b);
}

/* ---- the default image ---- */

static void test_default_missing_busybox(void **state)
{
	struct fixture *f = *state;
	struct sixd_image *img = NULL;
	struct sixd_error *err = NULL;

	assert_int_equal(
		sixd_image_ensure_default_from(f->data, "/nonexistent/busybox", &img, &err), -1);
	assert_string_equal(err->msg, "cannot make the default image: '/nonexistent/busybox' "
				      "not found (install busybox-static)");
	sixd_error_free(&err);
	assert_true(count_entries(f->data, "layers") <= 0);
}

static void test_default_not_static(void **state)
{
	struct fixture *f = *state;
	struct sixd_error *err = NULL;

	if (access("/bin/ls", X_OK) < 0)
		skip();
	assert_int_equal(sixd_image_ensure_default_from(f->data, "/bin/ls", NULL, &err), -1);
	assert_non_null(strstr(err->msg, "not statically linked"));
	sixd_error_free(&err);
}

static void check_default(const char *data, const struct sixd_image *img)
{
	_cleanup_free_ char *diff = sixd_image_layer_dir(data, img->layers[0]);
	_cleanup_free_ char *sh = NULL, *tmp = NULL, *root = NULL, *passwd = NULL;
	char target[64] = {0};
	struct stat st;

	assert_string_equal(img->names[0], SIXD_DEFAULT_IMAGE);
	assert_string_equal(img->cmd[0], "sh");
	assert_non_null(strstr(img->env[0], "PATH=/usr/local/sbin:"));
	assert_true(asprintf(&sh, "%s/bin/sh", diff) > 0);
	assert_true(asprintf(&tmp, "%s/tmp", diff) > 0);
	assert_true(asprintf(&root, "%s/root", diff) > 0);
	assert_true(asprintf(&passwd, "%s/etc/passwd", diff) > 0);
	assert_int_equal(readlink(sh, target, sizeof(target) - 1), strlen("/bin/busybox"));
	assert_string_equal(target, "/bin/busybox");
	assert_int_equal(stat(tmp, &st), 0);
	assert_int_equal(st.st_mode & 07777, 01777);
	assert_int_equal(stat(root, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(stat(passwd, &st), 0);
	assert_true(img->size > 100000);
}

static void test_default_image(void **state)
{
	struct fixture *f = *state;
	struct sixd_image *a = NULL, *b = NULL;
	_cleanup_free_ char *other = NULL;

	/* as non-root every entry owned by root would warn: chown needs root */
	if (access("/bin/busybox", X_OK) < 0 || geteuid() != 0)
		skip();
	assert_int_equal(sixd_image_ensure_default(f->data, &a, NULL), 0);
	check_default(f->data, a);
	assert_int_equal(sixd_image_ensure_default(f->data, &b, NULL), 0);
	assert_string_equal(a->id, b->id);
	sixd_image_free(b);
	/* deterministic: another store gets the same layer */
	assert_true(asprintf(&other, "%s/other", f->dir) > 0);
	assert_int_equal(sixd_image_ensure_default(other, &b, NULL), 0);
	assert_string_equal(a->layers[0], b->layers[0]);
	sixd_image_free(a);
	sixd_image_free(b);
}

static void test_default_parallel(void **state)
{
	struct fixture *f = *state;
	struct sixd_image **list = NULL;
	pid_t pids[3];
	size_t n = 0;

	if (access("/bin/busybox", X_OK) < 0 || geteuid() != 0)
		skip();
	for (size_t i = 0; i < 3; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0)
			_exit(sixd_image_ensure_default(f->data, NULL, NULL) == 0 ? 0 : 1);
	}
	for (size_t i = 0; i < 3; i++) {
		int status = -1;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	assert_int_equal(sixd_image_list(f->data, &list, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(count_entries(f->data, "layers"), 1);
	sixd_image_list_free(list, n);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize_ref),
		cmocka_unit_test(test_normalize_ref_long_tag),
		cmocka_unit_test(test_config_round_trip),
		cmocka_unit_test(test_config_minimal),
		cmocka_unit_test(test_config_exposed_ports),
		T(test_import),
		T(test_import_dedup_and_retag),
		T(test_import_refuses_escapes),
		T(test_import_symlink_escape),
		T(test_import_bad_input),
		T(test_lookup),
		T(test_lookup_ambiguous),
		T(test_list),
		T(test_default_missing_busybox),
		T(test_default_not_static),
		T(test_default_image),
		T(test_default_parallel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
