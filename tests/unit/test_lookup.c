// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of container lookup (lib/lookup.c): name, full id, id prefix, running check. */
#include <errno.h>
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
#include "lookup.h"
#include "util.h"

#define ID_A "abc1230000000000000000000000000000000000000000000000000000000001"
#define ID_B "abc4560000000000000000000000000000000000000000000000000000000002"
#define ID_C "def0000000000000000000000000000000000000000000000000000000000003"

struct fixture {
	char dir[64];
	struct sixd_store store;
};

static void add_record(struct sixd_store *s, const char *name, const char *id)
{
	char *argv[] = {"sh", NULL};
	struct sixd_record r = {
		.name = (char *)name,
		.image = "busybox",
		.argv = argv,
		.workdir = "/",
		.user = "",
		.hostname = "h",
		.status = SIXD_STATUS_RUNNING,
		.cgroup_parent = "sixdocker",
	};

	snprintf(r.id, sizeof(r.id), "%s", id);
	assert_int_equal(sixd_store_reserve(s, name, NULL), 0);
	assert_int_equal(sixd_store_write(s, &r, NULL), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char run[128], data[128];

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/sixd-test-lookup.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(run, sizeof(run), "%s/run", f->dir);
	snprintf(data, sizeof(data), "%s/data", f->dir);
	assert_int_equal(sixd_store_init(&f->store, run, data, NULL), 0);
	add_record(&f->store, "web", ID_A);
	add_record(&f->store, "db", ID_B);
	add_record(&f->store, "abc", ID_C); /* a name that is also a hex prefix */
	/* a name being reserved: a directory without a record */
	assert_int_equal(sixd_store_reserve(&f->store, "half", NULL), 0);
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

/* Look ref up and return the name found (static buffer), or NULL with *rc set. */
static const char *lookup(struct fixture *f, const char *ref, int *rc, struct sixd_error **err)
{
	static char name[64];
	struct sixd_record r;

	*rc = sixd_store_lookup(&f->store, ref, &r, err);
	if (*rc < 0)
		return NULL;
	snprintf(name, sizeof(name), "%s", r.name);
	sixd_record_free(&r);
	return name;
}

static void test_by_name_and_id(void **state)
{
	struct fixture *f = *state;
	int rc;

	assert_string_equal(lookup(f, "web", &rc, NULL), "web");
	assert_string_equal(lookup(f, ID_B, &rc, NULL), "db");
	assert_string_equal(lookup(f, "abc4", &rc, NULL), "db");
	assert_string_equal(lookup(f, "d", &rc, NULL), "abc");
	/* a name wins over an id prefix */
	assert_string_equal(lookup(f, "abc", &rc, NULL), "abc");
}

static void test_not_found(void **state)
{
	struct fixture *f = *state;
	struct sixd_error *err = NULL;
	int rc;

	assert_null(lookup(f, "nope", &rc, &err));
	assert_int_equal(rc, -ENOENT);
	assert_string_equal(err->msg, "no such container: nope");
	assert_int_equal(err->status, 0);
	sixd_error_free(&err);
	assert_null(lookup(f, "half", &rc, NULL));
	assert_int_equal(rc, -ENOENT);
	assert_null(lookup(f, "0123", &rc, NULL));
	assert_int_equal(rc, -ENOENT);
	/* uppercase is no id prefix */
	assert_null(lookup(f, "ABC4", &rc, NULL));
	assert_int_equal(rc, -ENOENT);
	assert_null(lookup(f, "", &rc, NULL));
	assert_true(rc < 0);
}

static void test_ambiguous(void **state)
{
	struct fixture *f = *state;
	struct sixd_error *err = NULL;
	int rc;

	/* "ab" is no name; it prefixes ID_A and ID_B */
	assert_null(lookup(f, "ab", &rc, &err));
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err->msg, "multiple containers"));
	sixd_error_free(&err);
}

static void test_running(void **state)
{
	struct sixd_record r = {.status = SIXD_STATUS_RUNNING, .pid = getpid()};

	(void)state;
	r.pid_start = sixd_pid_start_time(r.pid);
	assert_true(r.pid_start > 0);
	assert_true(sixd_record_running(&r));
	r.pid_start++; /* a reused pid */
	assert_false(sixd_record_running(&r));
	r.pid_start--;
	r.status = SIXD_STATUS_EXITED;
	assert_false(sixd_record_running(&r));
	r.status = SIXD_STATUS_RUNNING;
	r.pid = 0;
	assert_false(sixd_record_running(&r));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_by_name_and_id),
		T(test_not_found),
		T(test_ambiguous),
		cmocka_unit_test(test_running),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
