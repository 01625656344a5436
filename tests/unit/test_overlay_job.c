// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of lib/overlay_job.h (root: it makes real overlays, as detached
 * mounts that never enter a mount namespace; skipped otherwise).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cleanup.h"
#include "overlay_job.h"
#include "rootfs.h"
#include "util.h"

#define LAYER_A "aaaa000000000000000000000000000000000000000000000000000000000000"
#define LAYER_B "bbbb000000000000000000000000000000000000000000000000000000000000"
#define CDIR "containers/cccc000000000000000000000000000000000000000000000000000000000000"

struct fixture {
	char data[64];
	char cwd[4096];
};

static void write_at(const char *data, const char *rel, const char *text)
{
	_cleanup_free_ char *path = NULL;
	FILE *out;

	assert_true(asprintf(&path, "%s/%s", data, rel) > 0);
	out = fopen(path, "w");
	assert_non_null(out);
	assert_true(fputs(text, out) >= 0);
	assert_int_equal(fclose(out), 0);
}

static void mkdir_at(const char *data, const char *rel)
{
	_cleanup_free_ char *path = NULL;

	assert_true(asprintf(&path, "%s/%s", data, rel) > 0);
	assert_int_equal(sixd_mkdir_p(path, 0755, NULL), 0);
}

/* A data root with two layers (b over a) and a container's upper and work. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || getcwd(f->cwd, sizeof(f->cwd)) == NULL)
		return -1;
	snprintf(f->data, sizeof(f->data), "/tmp/sixd-test-ovl-XXXXXX");
	if (mkdtemp(f->data) == NULL)
		return -1;
	mkdir_at(f->data, "layers/" LAYER_A "/diff/etc");
	mkdir_at(f->data, "layers/" LAYER_B "/diff");
	mkdir_at(f->data, CDIR "/upper");
	mkdir_at(f->data, CDIR "/work");
	write_at(f->data, "layers/" LAYER_A "/diff/etc/a", "from a\n");
	write_at(f->data, "layers/" LAYER_A "/diff/both", "a\n");
	write_at(f->data, "layers/" LAYER_B "/diff/both", "b\n");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	sixd_rm_rf(f->data, NULL);
	free(f);
	return 0;
}

static int start(struct sixd_overlay_job **job, const struct fixture *f, char *const *layers,
		 bool init_layer, bool volatile_upper, struct sixd_error **err)
{
	const struct sixd_overlay o = {
		.data_root = f->data,
		.layers = layers,
		.container_dir = CDIR,
		.init_layer = init_layer,
		.volatile_upper = volatile_upper,
	};

	return sixd_overlay_job_start(job, &o, err);
}

static char *read_in(int mnt, const char *rel)
{
	_cleanup_close_ int fd = openat(mnt, rel, O_RDONLY | O_CLOEXEC);
	char buf[64];
	ssize_t n;

	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

/* The mount shows the layers in order, with the init layer on top, and writes go to upper. */
static void test_overlay_made_by_thread(void **state)
{
	struct fixture *f = *state;
	char *const layers[] = {LAYER_A, LAYER_B, NULL};
	struct sixd_overlay_job *job = NULL;
	struct sixd_error *err = NULL;
	_cleanup_close_ int mnt = -1, out = -1;
	_cleanup_free_ char *a = NULL, *both = NULL, *host = NULL, *written = NULL, *upper = NULL;
	char cwd[4096];
	struct stat st;

	if (geteuid() != 0)
		skip();
	assert_int_equal(start(&job, f, layers, true, false, &err), 0);
	mnt = sixd_overlay_job_finish(job, &err);
	if (mnt < 0)
		fail_msg("no overlay: %s", err ? err->msg : "?");
	a = read_in(mnt, "etc/a");
	both = read_in(mnt, "both");
	assert_string_equal(a, "from a\n");
	assert_string_equal(both, "b\n");
	/* the shared init layer was made, and its mount points show */
	assert_int_equal(fstatat(mnt, "etc/hostname", &st, 0), 0);
	host = read_in(mnt, "etc/hostname");
	assert_string_equal(host, "");
	out = openat(mnt, "new", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	assert_true(out >= 0);
	assert_int_equal(write(out, "x", 1), 1);
	assert_true(asprintf(&upper, "%s/" CDIR "/upper/new", f->data) > 0);
	written = sixd_read_file(upper, NULL, NULL);
	assert_non_null(written);
	assert_string_equal(written, "x");
	/* the thread's working directory was its own */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_string_equal(cwd, f->cwd);
	sixd_error_free(&err);
}

/* A layer missing from the data root: an error naming the container's directory. */
static void test_overlay_missing_layer(void **state)
{
	struct fixture *f = *state;
	char *const layers[] = {
		LAYER_A, "dddd000000000000000000000000000000000000000000000000000000000000", NULL};
	struct sixd_overlay_job *job = NULL;
	struct sixd_error *err = NULL;

	if (geteuid() != 0)
		skip();
	assert_int_equal(start(&job, f, layers, false, false, &err), 0);
	assert_int_equal(sixd_overlay_job_finish(job, &err), -1);
	assert_non_null(err);
	if (strstr(err->msg, CDIR) == NULL)
		fail_msg("error '%s' does not name the container's directory", err->msg);
	sixd_error_free(&err);
}

/* A job never finished is waited for and its mount closed by cancel. */
static void test_overlay_cancel(void **state)
{
	struct fixture *f = *state;
	char *const layers[] = {LAYER_A, NULL};
	struct sixd_overlay_job *job = NULL;

	if (geteuid() != 0)
		skip();
	assert_int_equal(start(&job, f, layers, false, false, NULL), 0);
	sixd_overlay_job_cancel(job);
	sixd_overlay_job_cancel(NULL);
}

struct by_mount {
	const char *data;
	int fd;
	struct sixd_error *err;
};

static void *by_mount_thread(void *arg)
{
	struct by_mount *b = arg;
	char *const layers[] = {LAYER_A, LAYER_B, NULL};

	const struct sixd_overlay o = {
		.data_root = b->data, .layers = layers, .container_dir = CDIR};

	if (unshare(CLONE_FS) == 0)
		b->fd = sixd_rootfs_overlay_by_mount(&o, &b->err);
	return NULL;
}

/*
 * The route of kernels before 6.8 for many layers: mount(2) in the thread's own
 * mount namespace and a detached clone; nothing is mounted where the process is.
 */
static void test_overlay_by_mount(void **state)
{
	struct fixture *f = *state;
	struct by_mount b = {.data = f->data, .fd = -1};
	_cleanup_free_ char *both = NULL, *mounts = NULL;
	pthread_t t;

	if (geteuid() != 0)
		skip();
	assert_int_equal(pthread_create(&t, NULL, by_mount_thread, &b), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	if (b.fd < 0)
		fail_msg("no overlay: %s", b.err ? b.err->msg : "?");
	both = read_in(b.fd, "both");
	assert_string_equal(both, "b\n");
	mounts = sixd_read_file("/proc/self/mountinfo", NULL, NULL);
	assert_non_null(mounts);
	assert_null(strstr(mounts, f->data));
	close(b.fd);
}

/* 70 layers: more than one fsconfig string holds, one by one ("lowerdir+"). */
static void test_overlay_many_layers(void **state)
{
	struct fixture *f = *state;
	char *layers[71] = {0}, name[65];
	struct sixd_overlay_job *job = NULL;
	struct sixd_error *err = NULL;
	_cleanup_close_ int mnt = -1;
	_cleanup_free_ char *both = NULL;

	if (geteuid() != 0)
		skip();
	layers[0] = strdup(LAYER_A); /* the bottom one has files */
	for (int i = 1; i < 70; i++) {
		_cleanup_free_ char *dir = NULL;

		snprintf(name, sizeof(name), "%016x%048d", i + 0x1000, 0);
		assert_true(asprintf(&dir, "layers/%s/diff", name) > 0);
		mkdir_at(f->data, dir);
		layers[i] = strdup(name);
	}
	assert_int_equal(start(&job, f, layers, false, false, &err), 0);
	mnt = sixd_overlay_job_finish(job, &err);
	if (mnt < 0)
		fail_msg("no overlay: %s", err ? err->msg : "?");
	both = read_in(mnt, "both");
	assert_string_equal(both, "a\n");
	for (int i = 0; i < 70; i++)
		free(layers[i]);
}

/* volatile (--rm): the kernel's mark of it does not keep the container from a second start. */
static void test_overlay_volatile_twice(void **state)
{
	struct fixture *f = *state;
	char *const layers[] = {LAYER_A, NULL};
	struct sixd_overlay_job *job = NULL;
	struct sixd_error *err = NULL;
	_cleanup_free_ char *mark = NULL;
	int mnt;

	if (geteuid() != 0)
		skip();
	assert_true(asprintf(&mark, "%s/" CDIR "/work/work/incompat/volatile", f->data) > 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(start(&job, f, layers, false, true, &err), 0);
		mnt = sixd_overlay_job_finish(job, &err);
		if (mnt < 0)
			fail_msg("mount %d: %s", i + 1, err ? err->msg : "?");
		assert_int_equal(access(mark, F_OK), 0);
		close(mnt);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_overlay_made_by_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlay_missing_layer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlay_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlay_by_mount, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlay_many_layers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlay_volatile_twice, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
