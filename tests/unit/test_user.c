// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of lib/user.h: -u resolution from a container's own passwd and group files. */
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
#include "user.h"
#include "util.h"

static const char passwd_text[] = "root:x:0:0:root:/root:/bin/sh\n"
				  "daemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
				  "# a comment\n"
				  "\n"
				  "broken line\n"
				  "badid:x:abc:1:bad uid:/bad:/bin/sh\n"
				  "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"
				  "alice:x:1001:1001:Alice:/home/alice:/bin/sh\n"
				  "bob:x:1002:100::/home/bob:/bin/sh\n"
				  "2000:x:3000:3000:a numeric name:/home/n:/bin/sh\n"
				  "big:x:4294967294:4294967294::/big:/bin/sh\n"
				  "many:x:1500:1500::/home/many:/bin/sh";

static const char group_text[] = "root:x:0:root\n"
				 "wheel:x:10:root,alice\n"
				 "staff:x:50:alice,bob\n"
				 "users:x:100:\n"
				 "alice:x:1001:\n"
				 "video:x:44:bob,alicex,xalice,carol\n"
				 "broken\n"
				 "dup:x:60:\n"
				 "dup:x:61:\n"
				 "nogroup:x:65534:\n";

struct fixture {
	char *dir, *passwd, *group, *missing;
};

static char *path_in(const char *dir, const char *name)
{
	char *p = NULL;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

static void write_text(const char *path, const char *text)
{
	assert_int_equal(sixd_write_file_atomic(path, text, strlen(text), 0644, NULL), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	FILE *g;

	assert_non_null(f);
	f->dir = strdup("/tmp/sixd-test-user.XXXXXX");
	assert_non_null(f->dir);
	assert_non_null(mkdtemp(f->dir));
	f->passwd = path_in(f->dir, "passwd");
	f->group = path_in(f->dir, "group");
	f->missing = path_in(f->dir, "missing");
	write_text(f->passwd, passwd_text);
	/* the group file, then "many" in more groups than fit */
	g = fopen(f->group, "w");
	assert_non_null(g);
	fputs(group_text, g);
	for (int i = 0; i < SIXD_MAX_GROUPS + 10; i++)
		fprintf(g, "g%d:x:%d:other,many\n", i, 2000 + i);
	assert_int_equal(fclose(g), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(sixd_rm_rf(f->dir, NULL), 0);
	free(f->dir);
	free(f->passwd);
	free(f->group);
	free(f->missing);
	free(f);
	return 0;
}

/* Resolve spec and check uid, gid, home and the supplementary groups (n_groups of them). */
static void assert_user(struct fixture *f, const char *spec, uid_t uid, gid_t gid, const char *home,
			size_t n_groups, const gid_t *groups)
{
	struct sixd_user u;
	struct sixd_error *err = NULL;

	memset(&u, 0xa5, sizeof(u));
	if (sixd_user_resolve(spec, f->passwd, f->group, &u, &err) != 0)
		fail_msg("'%s' rejected: %s", spec, err ? err->msg : "?");
	assert_null(err);
	if (u.uid != uid || u.gid != gid)
		fail_msg("'%s' gave %u:%u, want %u:%u", spec, u.uid, u.gid, uid, gid);
	assert_string_equal(u.home, home);
	if (u.n_groups != n_groups)
		fail_msg("'%s' gave %zu supplementary groups, want %zu", spec, u.n_groups,
			 n_groups);
	for (size_t i = 0; i < n_groups; i++)
		assert_int_equal(u.groups[i], groups[i]);
}

static void assert_user_bad(const char *spec, const char *passwd, const char *group,
			    const char *word)
{
	struct sixd_user u;
	struct sixd_error *err = NULL;

	if (sixd_user_resolve(spec, passwd, group, &u, &err) != -1)
		fail_msg("'%s' accepted as %u:%u", spec, u.uid, u.gid);
	assert_non_null(err);
	if (strstr(err->msg, word) == NULL)
		fail_msg("error '%s' does not name '%s'", err->msg, word);
	sixd_error_free(&err);
}

static void test_root(void **state)
{
	struct fixture *f = *state;
	/* as Docker: root's own supplementary groups (busybox `id` shows 10(wheel)) */
	const gid_t root_groups[] = {0, 10};

	assert_user(f, "", 0, 0, "/root", 2, root_groups);
	assert_user(f, NULL, 0, 0, "/root", 2, root_groups);
	assert_user(f, "root", 0, 0, "/root", 2, root_groups);
	assert_user(f, "0", 0, 0, "/root", 2, root_groups);
	assert_user(f, "0:0", 0, 0, "/root", 0, NULL);
	assert_user(f, "root:wheel", 0, 10, "/root", 0, NULL);
}

static void test_by_name(void **state)
{
	struct fixture *f = *state;
	const gid_t alice_groups[] = {10, 50};
	const gid_t bob_groups[] = {50, 44};

	assert_user(f, "nobody", 65534, 65534, "/nonexistent", 0, NULL);
	assert_user(f, "daemon", 1, 1, "/usr/sbin", 0, NULL);
	/* member lists are matched whole: "alicex" and "xalice" are not alice */
	assert_user(f, "alice", 1001, 1001, "/home/alice", 2, alice_groups);
	assert_user(f, "bob", 1002, 100, "/home/bob", 2, bob_groups);
	assert_user(f, "big", 4294967294U, 4294967294U, "/big", 0, NULL);
}

static void test_by_uid(void **state)
{
	struct fixture *f = *state;
	const gid_t alice_groups[] = {10, 50};

	/* a uid with an entry is that user, supplementary groups included */
	assert_user(f, "1001", 1001, 1001, "/home/alice", 2, alice_groups);
	assert_user(f, "65534", 65534, 65534, "/nonexistent", 0, NULL);
	/* a uid without one: gid 0, home "/" */
	assert_user(f, "1000", 1000, 0, "/", 0, NULL);
	/* a number is always a uid, never the name of the user "2000" (uid 3000) */
	assert_user(f, "2000", 2000, 0, "/", 0, NULL);
	assert_user(f, "3000", 3000, 3000, "/home/n", 0, NULL);
}

static void test_explicit_group(void **state)
{
	struct fixture *f = *state;

	assert_user(f, "1000:1000", 1000, 1000, "/", 0, NULL);
	/* by name; an explicit group means no supplementary groups (as runc) */
	assert_user(f, "alice:staff", 1001, 50, "/home/alice", 0, NULL);
	assert_user(f, "alice:44", 1001, 44, "/home/alice", 0, NULL);
	assert_user(f, "alice:4242", 1001, 4242, "/home/alice", 0, NULL);
	assert_user(f, "1000:staff", 1000, 50, "/", 0, NULL);
	assert_user(f, "nobody:nogroup", 65534, 65534, "/nonexistent", 0, NULL);
	/* the first entry of a name wins */
	assert_user(f, "nobody:dup", 65534, 60, "/nonexistent", 0, NULL);
}

static void test_many_groups(void **state)
{
	struct fixture *f = *state;
	struct sixd_user u;

	assert_int_equal(sixd_user_resolve("many", f->passwd, f->group, &u, NULL), 0);
	assert_int_equal(u.uid, 1500);
	assert_int_equal(u.n_groups, SIXD_MAX_GROUPS);
	assert_int_equal(u.groups[0], 2000);
	assert_int_equal(u.groups[SIXD_MAX_GROUPS - 1], 2000 + SIXD_MAX_GROUPS - 1);
}

static void test_errors(void **state)
{
	struct fixture *f = *state;
	struct sixd_user u;
	struct sixd_error *err = NULL;

	assert_user_bad("carol", f->passwd, f->group, "carol");
	assert_user_bad("carol:staff", f->passwd, f->group, "carol");
	assert_user_bad("alice:nosuchgroup", f->passwd, f->group, "nosuchgroup");
	assert_user_bad("1000:nosuchgroup", f->passwd, f->group, "nosuchgroup");
	/* a group is not a user, and broken lines name nobody */
	assert_user_bad("wheel", f->passwd, f->group, "wheel");
	assert_user_bad("broken", f->passwd, f->group, "broken");
	assert_user_bad("badid", f->passwd, f->group, "badid");
	/* out of range: not a uid, so a name nobody has */
	assert_user_bad("4294967295", f->passwd, f->group, "4294967295");
	assert_user_bad("-1", f->passwd, f->group, "-1");

	assert_int_equal(sixd_user_resolve("alice:", f->passwd, f->group, &u, &err), -1);
	assert_non_null(err);
	assert_int_equal(err->status, EINVAL);
	assert_non_null(strstr(err->msg, "'alice:'"));
	sixd_error_free(&err);
}

static void test_missing_files(void **state)
{
	struct fixture *f = *state;
	struct sixd_user u;

	memset(&u, 0xa5, sizeof(u));
	assert_int_equal(sixd_user_resolve("", f->missing, f->missing, &u, NULL), 0);
	assert_int_equal(u.uid, 0);
	assert_int_equal(u.gid, 0);
	assert_string_equal(u.home, "/");
	assert_int_equal(u.n_groups, 0);
	assert_int_equal(sixd_user_resolve("1000:1000", f->missing, f->missing, &u, NULL), 0);
	assert_int_equal(u.uid, 1000);
	assert_int_equal(u.gid, 1000);
	assert_string_equal(u.home, "/");
	/* passwd present, group missing: no supplementary groups, named groups unknown */
	assert_int_equal(sixd_user_resolve("alice", f->passwd, f->missing, &u, NULL), 0);
	assert_int_equal(u.uid, 1001);
	assert_int_equal(u.gid, 1001);
	assert_int_equal(u.n_groups, 0);
	assert_user_bad("alice", f->missing, f->group, "alice");
	assert_user_bad("0:staff", f->passwd, f->missing, "staff");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_by_uid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explicit_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_files, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
