// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of container prune (lib/prune.c) on a temporary state and data
 * root: orphan detection by id, names that are no ids, runs in progress,
 * unreadable records, rm of an orphan by prefix, and prune itself.  No root
 * needed: the fake ids have no cgroup.
 */
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
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cleanup.h"
#include "prune.h"
#include "util.h"

#define ID_A "a000000000000000000000000000000000000000000000000000000000000001"
#define ID_B "b000000000000000000000000000000000000000000000000000000000000002"
#define ID_D "d000000000000000000000000000000000000000000000000000000000000004"
#define ID_E "de00000000000000000000000000000000000000000000000000000000000005"
#define ID_UPPER "F000000000000000000000000000000000000000000000000000000000000006"

struct fixture {
	char dir[64];
	struct sixd_store store;
};

static void add_record(struct sixd_store *s, const char *name, const char *id,
		       enum sixd_status status)
{
	char *argv[] = {"sh", NULL};
	struct sixd_record r = {
		.name = (char *)name,
		.image = "busybox",
		.argv = argv,
		.workdir = "/",
		.user = "",
		.hostname = "h",
		.status = status,
		.cgroup_parent = "sixdocker",
	};

	snprintf(r.id, sizeof(r.id), "%s", id);
	if (status == SIXD_STATUS_RUNNING) {
		/* this very process: alive, so never reconciled away */
		r.pid = r.monitor_pid = getpid();
		r.pid_start = r.monitor_start = sixd_pid_start_time(getpid());
	}
	assert_int_equal(sixd_store_reserve(s, name, NULL), 0);
	assert_int_equal(sixd_store_write(s, &r, NULL), 0);
}

/* <data>/containers/<name> with a file of size bytes; its mtime age seconds ago. */
static void add_data(struct sixd_store *s, const char *name, size_t size, int age)
{
	_cleanup_free_ char *dir = sixd_store_container_dir(s, name);
	_cleanup_free_ char *file = NULL;
	_cleanup_free_ char *buf = calloc(1, size + 1);
	struct timespec ts[2] = {{.tv_sec = time(NULL) - age}, {.tv_sec = time(NULL) - age}};

	assert_non_null(dir);
	assert_non_null(buf);
	assert_int_equal(sixd_mkdir_p(dir, 0710, NULL), 0);
	assert_true(asprintf(&file, "%s/container.log", dir) > 0);
	assert_int_equal(sixd_write_file_atomic(file, buf, size, 0640, NULL), 0);
	assert_int_equal(utimensat(AT_FDCWD, dir, ts, 0), 0);
}

static bool data_exists(struct sixd_store *s, const char *id)
{
	_cleanup_free_ char *dir = sixd_store_container_dir(s, id);

	return access(dir, F_OK) == 0;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char run[128], data[128];

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/sixd-test-prune.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(run, sizeof(run), "%s/run", f->dir);
	snprintf(data, sizeof(data), "%s/data", f->dir);
	assert_int_equal(sixd_store_init(&f->store, run, data, NULL), 0);
	add_record(&f->store, "web", ID_A, SIXD_STATUS_RUNNING);
	add_record(&f->store, "db", ID_B, SIXD_STATUS_EXITED);
	add_data(&f->store, ID_A, 10, 3600);
	add_data(&f->store, ID_B, 20, 3600);
	add_data(&f->store, ID_D, 300, 3600);
	add_data(&f->store, ID_E, 4000, 0);
	add_data(&f->store, "not-an-id", 1, 3600);
	add_data(&f->store, ID_UPPER, 1, 3600);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(sixd_rm_rf(f->dir, NULL), 0);
	sixd_store_fini(&f->store);
	free(f);
	return 0;
}

static void test_find_orphans(void **state)
{
	struct fixture *f = *state;
	_cleanup_strv_ char **ids = NULL;

	assert_int_equal(sixd_prune_find_orphans(&f->store, &ids, NULL), 0);
	assert_int_equal(sixd_strv_len(ids), 2);
	assert_string_equal(ids[0], ID_D);
	assert_string_equal(ids[1], ID_E);
}

static void test_run_in_progress(void **state)
{
	struct fixture *f = *state;
	_cleanup_strv_ char **ids = NULL;
	_cleanup_free_ char *half = NULL;
	struct timespec old[2] = {{.tv_sec = time(NULL) - 600}, {.tv_sec = time(NULL) - 600}};

	/* a name just reserved, no record yet: the fresh ID_E may be its data */
	assert_int_equal(sixd_store_reserve(&f->store, "half", NULL), 0);
	assert_int_equal(sixd_prune_find_orphans(&f->store, &ids, NULL), 0);
	assert_int_equal(sixd_strv_len(ids), 1);
	assert_string_equal(ids[0], ID_D);
	sixd_strvfreep(&ids);
	/* a reservation left by a crash long ago holds nothing back */
	assert_true(asprintf(&half, "%s/half", f->store.root) > 0);
	assert_int_equal(utimensat(AT_FDCWD, half, old, 0), 0);
	assert_int_equal(sixd_prune_find_orphans(&f->store, &ids, NULL), 0);
	assert_int_equal(sixd_strv_len(ids), 2);
}

static void test_unreadable_record(void **state)
{
	struct fixture *f = *state;
	_cleanup_strv_ char **ids = NULL;
	_cleanup_free_ char *path = NULL;

	assert_int_equal(sixd_store_reserve(&f->store, "bad", NULL), 0);
	assert_true(asprintf(&path, "%s/bad/config.json", f->store.root) > 0);
	assert_int_equal(sixd_write_file_atomic(path, "{", 1, 0600, NULL), 0);
	/* its id is unknown: it might be any of them */
	assert_int_equal(sixd_prune_find_orphans(&f->store, &ids, NULL), 0);
	assert_null(ids);
}

static void test_remove_orphan(void **state)
{
	struct fixture *f = *state;
	struct sixd_error *err = NULL;

	/* "d" prefixes both orphans */
	assert_int_equal(sixd_container_remove_orphan(&f->store, "d", &err), -1);
	assert_non_null(strstr(err->msg, "multiple containers"));
	sixd_error_free(&err);
	/* the data of a container with a record is no orphan */
	assert_int_equal(sixd_container_remove_orphan(&f->store, "a0", &err), -ENOENT);
	assert_string_equal(err->msg, "no such container: a0");
	sixd_error_free(&err);
	assert_true(data_exists(&f->store, ID_A));
	assert_int_equal(sixd_container_remove_orphan(&f->store, "not-an-id", NULL), -ENOENT);
	assert_int_equal(sixd_container_remove_orphan(&f->store, "F0", NULL), -ENOENT);
	assert_int_equal(sixd_container_remove_orphan(&f->store, "d0", NULL), 0);
	assert_false(data_exists(&f->store, ID_D));
	assert_true(data_exists(&f->store, ID_E));
	assert_int_equal(sixd_container_remove_orphan(&f->store, ID_E, NULL), 0);
	assert_false(data_exists(&f->store, ID_E));
}

static void test_prune(void **state)
{
	struct fixture *f = *state;
	struct sixd_prune_result res;
	struct sixd_record r;

	assert_int_equal(sixd_container_prune(&f->store, &res, NULL), 0);
	assert_int_equal(res.n_records, 1);
	assert_int_equal(res.n_orphans, 2);
	assert_int_equal(sixd_strv_len(res.ids), 3);
	assert_string_equal(res.ids[0], ID_B);
	assert_string_equal(res.ids[1], ID_D);
	assert_string_equal(res.ids[2], ID_E);
	assert_int_equal(res.reclaimed, 20 + 300 + 4000);
	sixd_prune_result_free(&res);
	/* the running one stays, with its data; invalid names are never touched */
	assert_int_equal(sixd_store_read(&f->store, "web", &r, NULL), 0);
	sixd_record_free(&r);
	assert_true(data_exists(&f->store, ID_A));
	assert_true(data_exists(&f->store, "not-an-id"));
	assert_true(data_exists(&f->store, ID_UPPER));
	assert_false(data_exists(&f->store, ID_B));
	assert_int_equal(sixd_store_read(&f->store, "db", &r, NULL), -1);
	/* nothing left to prune */
	assert_int_equal(sixd_container_prune(&f->store, &res, NULL), 0);
	assert_null(res.ids);
	assert_int_equal(res.reclaimed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find_orphans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_in_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_orphan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
