// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cgroups/: the translation of limits (pure, no root) and, as root on a host
 * with cgroups, the real thing under a test-only parent "sixdocker-test-<pid>".
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_internal.h"
#include "cleanup.h"
#include "error.h"
#include "util.h"

#define MiB (1024LL * 1024)
#define CG_ROOT "/sys/fs/cgroup"

/* ------------------------------------------------------------------ translation */

struct result {
	struct sixd_cgroup_setting s[SIXD_CGROUP_MAX_SETTINGS];
	size_t n;
};

static void translate_ok(const struct sixd_resources *res, enum sixd_cgroup_mode mode,
			 struct result *r)
{
	struct sixd_error *err = NULL;

	memset(r, 0, sizeof(*r));
	assert_int_equal(sixd_cgroup_translate(res, mode, r->s, &r->n, &err), 0);
	assert_null(err);
}

/* Fails with EINVAL in both modes and names what is wrong. */
static void translate_einval(const struct sixd_resources *res, const char *needle)
{
	enum sixd_cgroup_mode modes[] = {SIXD_CGROUP_V1, SIXD_CGROUP_V2};

	for (size_t i = 0; i < 2; i++) {
		struct result r = {.n = 99};
		struct sixd_error *err = NULL;

		assert_int_equal(sixd_cgroup_translate(res, modes[i], r.s, &r.n, &err), -1);
		assert_non_null(err);
		assert_int_equal(err->status, EINVAL);
		assert_non_null(strstr(err->msg, needle));
		assert_int_equal(r.n, 0);
		sixd_error_free(&err);
	}
}

static const struct sixd_cgroup_setting *find(const struct result *r, const char *file)
{
	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(r->s[i].file, file) == 0)
			return &r->s[i];
	}
	return NULL;
}

static void assert_setting(const struct result *r, const char *controller, const char *file,
			   const char *value)
{
	const struct sixd_cgroup_setting *s = find(r, file);

	if (s == NULL)
		fail_msg("no setting for %s", file);
	assert_string_equal(s->controller, controller);
	assert_string_equal(s->value, value);
}

static void test_translate_empty(void **state)
{
	struct sixd_resources res = {0};
	struct result r;

	(void)state;
	translate_ok(&res, SIXD_CGROUP_V1, &r);
	assert_int_equal(r.n, 0);
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_int_equal(r.n, 0);
	res.cpuset_cpus = "";
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_int_equal(r.n, 0);
}

static void test_translate_memory(void **state)
{
	struct sixd_resources res = {.memory = 100 * MiB};
	struct result r;

	(void)state;
	translate_ok(&res, SIXD_CGROUP_V1, &r);
	assert_int_equal(r.n, 1);
	assert_setting(&r, "memory", "memory.limit_in_bytes", "104857600");
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_int_equal(r.n, 1);
	assert_setting(&r, "memory", "memory.max", "104857600");
}

static void test_translate_swap_v1(void **state)
{
	struct sixd_resources res = {.memory = 100 * MiB, .memory_swap = 300 * MiB};
	struct result r;

	(void)state;
	translate_ok(&res, SIXD_CGROUP_V1, &r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.s[0].file, "memory.limit_in_bytes"); /* before memsw */
	assert_setting(&r, "memory", "memory.memsw.limit_in_bytes", "314572800");
	res.memory_swap = -1;
	translate_ok(&res, SIXD_CGROUP_V1, &r);
	assert_setting(&r, "memory", "memory.memsw.limit_in_bytes", "-1");
}

static void test_translate_swap_v2(void **state)
{
	struct sixd_resources res = {.memory = 100 * MiB, .memory_swap = 300 * MiB};
	struct result r;

	(void)state;
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_int_equal(r.n, 2);
	assert_setting(&r, "memory", "memory.max", "104857600");
	assert_setting(&r, "memory", "memory.swap.max", "209715200"); /* swap alone */
	res.memory_swap = -1;
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_setting(&r, "memory", "memory.swap.max", "max");
	res.memory_swap = res.memory;
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_setting(&r, "memory", "memory.swap.max", "0");
}

static void test_translate_bad_memory(void **state)
{
	struct sixd_resources res = {.memory = 100 * MiB, .memory_swap = 50 * MiB};

	(void)state;
	translate_einval(&res, "memory-swap");
	res = (struct sixd_resources){.memory_swap = 50 * MiB};
	translate_einval(&res, "memory-swap");
	res = (struct sixd_resources){.memory = 100 * MiB, .memory_swap = -2};
	translate_einval(&res, "memory-swap");
	res = (struct sixd_resources){.memory = -5};
	translate_einval(&res, "memory");
}

static void test_translate_cpus(void **state)
{
	struct sixd_resources res = {.nano_cpus = 500000000};
	struct result r;

	(void)state;
	translate_ok(&res, SIXD_CGROUP_V1, &r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.s[0].file, "cpu.cfs_period_us"); /* period first */
	assert_setting(&r, "cpu", "cpu.cfs_period_us", "100000");
	assert_setting(&r, "cpu", "cpu.cfs_quota_us", "50000");
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_int_equal(r.n, 1);
	assert_setting(&r, "cpu", "cpu.max", "50000 100000");
	res.nano_cpus = 1500000000;
	translate_ok(&res, SIXD_CGROUP_V1, &r);
	assert_setting(&r, "cpu", "cpu.cfs_quota_us", "150000");
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_setting(&r, "cpu", "cpu.max", "150000 100000");
	res.nano_cpus = 10000000; /* 0.01, the smallest the kernel takes */
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_setting(&r, "cpu", "cpu.max", "1000 100000");
}

static void test_translate_bad_cpus(void **state)
{
	struct sixd_resources res = {.nano_cpus = 1000000};

	(void)state;
	translate_einval(&res, "cpus");
	res.nano_cpus = -1000000000;
	translate_einval(&res, "cpus");
	res = (struct sixd_resources){.cpu_shares = -1};
	translate_einval(&res, "cpu-shares");
}

static void test_translate_shares(void **state)
{
	struct sixd_resources res = {.cpu_shares = 512};
	struct result r;

	(void)state;
	translate_ok(&res, SIXD_CGROUP_V1, &r);
	assert_int_equal(r.n, 1);
	assert_setting(&r, "cpu", "cpu.shares", "512");
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_int_equal(r.n, 1);
	assert_setting(&r, "cpu", "cpu.weight", "20");
	res.cpu_shares = 1024;
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_setting(&r, "cpu", "cpu.weight", "39");
}

static void test_shares_to_weight(void **state)
{
	(void)state;
	assert_int_equal(sixd_cgroup_shares_to_weight(0), 0);
	assert_int_equal(sixd_cgroup_shares_to_weight(1), 1); /* clamped to 2 */
	assert_int_equal(sixd_cgroup_shares_to_weight(2), 1);
	assert_int_equal(sixd_cgroup_shares_to_weight(1024), 39);
	assert_int_equal(sixd_cgroup_shares_to_weight(262144), 10000);
	assert_int_equal(sixd_cgroup_shares_to_weight(1000000), 10000); /* clamped */
	/* monotonic over the whole range */
	for (uint64_t s = 3; s <= 262144; s += 997)
		assert_true(sixd_cgroup_shares_to_weight(s) >= sixd_cgroup_shares_to_weight(s - 1));
}

static void test_translate_cpuset(void **state)
{
	struct sixd_resources res = {.cpuset_cpus = "0-1,3"};
	char big[80];
	struct result r;

	(void)state;
	translate_ok(&res, SIXD_CGROUP_V1, &r);
	assert_int_equal(r.n, 1);
	assert_setting(&r, "cpuset", "cpuset.cpus", "0-1,3");
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_setting(&r, "cpuset", "cpuset.cpus", "0-1,3");
	res.cpuset_cpus = "abc";
	translate_einval(&res, "'abc'");
	res.cpuset_cpus = "0;1";
	translate_einval(&res, "cpuset-cpus");
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	res.cpuset_cpus = big;
	translate_einval(&res, "too long");
}

static void test_translate_pids(void **state)
{
	struct sixd_resources res = {.pids_limit = 50};
	struct result r;

	(void)state;
	translate_ok(&res, SIXD_CGROUP_V1, &r);
	assert_int_equal(r.n, 1);
	assert_setting(&r, "pids", "pids.max", "50");
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_setting(&r, "pids", "pids.max", "50");
	res.pids_limit = -1;
	translate_ok(&res, SIXD_CGROUP_V1, &r);
	assert_setting(&r, "pids", "pids.max", "max");
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_setting(&r, "pids", "pids.max", "max");
	res.pids_limit = -2;
	translate_einval(&res, "pids-limit");
}

static void test_translate_all(void **state)
{
	struct sixd_resources res = {
		.memory = 64 * MiB,
		.memory_swap = 128 * MiB,
		.nano_cpus = 2000000000,
		.cpu_shares = 262144,
		.pids_limit = 7,
		.cpuset_cpus = "0",
	};
	static const char *const v1[] = {
		"memory.limit_in_bytes",
		"memory.memsw.limit_in_bytes",
		"cpu.cfs_period_us",
		"cpu.cfs_quota_us",
		"cpu.shares",
		"cpuset.cpus",
		"pids.max",
	};
	static const char *const v2[] = {
		"memory.max", "memory.swap.max", "cpu.max", "cpu.weight", "cpuset.cpus", "pids.max",
	};
	struct result r;

	(void)state;
	translate_ok(&res, SIXD_CGROUP_V1, &r);
	assert_int_equal(r.n, 7);
	for (size_t i = 0; i < r.n; i++)
		assert_string_equal(r.s[i].file, v1[i]);
	assert_setting(&r, "cpu", "cpu.cfs_quota_us", "200000");
	translate_ok(&res, SIXD_CGROUP_V2, &r);
	assert_int_equal(r.n, 6);
	for (size_t i = 0; i < r.n; i++)
		assert_string_equal(r.s[i].file, v2[i]);
	assert_setting(&r, "memory", "memory.swap.max", "67108864");
	assert_setting(&r, "cpu", "cpu.weight", "10000");
	assert_setting(&r, "pids", "pids.max", "7");
}

static void test_translate_null_err(void **state)
{
	struct sixd_resources res = {.memory = 10 * MiB, .memory_swap = MiB};
	struct result r;

	(void)state;
	assert_int_equal(sixd_cgroup_translate(&res, SIXD_CGROUP_V1, r.s, &r.n, NULL), -1);
}

static void test_mode(void **state)
{
	struct statfs sfs;
	enum sixd_cgroup_mode want = SIXD_CGROUP_V1;

	(void)state;
	if (statfs(CG_ROOT, &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC)
		want = SIXD_CGROUP_V2;
	assert_int_equal(sixd_cgroup_mode(), want);
}

static void test_bad_names(void **state)
{
	const char *bad[][2] = {
		{"sixdocker", "../x"}, {"sixdocker", "a/b"}, {"../etc", "x"},
		{"/abs", "x"},	       {"sixdocker", ""},    {"", "x"},
	};
	struct sixd_cgroup *cg = NULL;
	struct sixd_error *err = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(sixd_cgroup_open(bad[i][0], bad[i][1], &cg, &err), -1);
		assert_int_equal(err->status, EINVAL);
		sixd_error_free(&err);
		assert_int_equal(sixd_cgroup_create(bad[i][0], bad[i][1], NULL, &cg, &err), -1);
		assert_int_equal(err->status, EINVAL);
		sixd_error_free(&err);
	}
	assert_null(cg);
}

/* ------------------------------------------------------------------ real cgroups */

static char test_parent[64];

static bool has_controller(const char *name)
{
	char path[256];
	_cleanup_free_ char *list = NULL;
	size_t len = 0;

	if (sixd_cgroup_mode() == SIXD_CGROUP_V1) {
		snprintf(path, sizeof(path), CG_ROOT "/%s/cgroup.procs", name);
		return access(path, F_OK) == 0;
	}
	list = sixd_read_file(CG_ROOT "/cgroup.controllers", &len, NULL);
	return list && strstr(list, name);
}

static void need_cgroups(void)
{
	if (geteuid() != 0)
		skip();
	if (!has_controller("memory") || !has_controller("pids") || !has_controller("cpu"))
		skip();
}

/* Kill what is left in one directory of the test tree, then remove it. */
static int cleanup_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	char procs[4096];
	_cleanup_free_ char *buf = NULL;

	(void)st;
	(void)ftw;
	if (type != FTW_DP)
		return 0;
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", path);
	buf = sixd_read_file(procs, NULL, NULL);
	for (char *p = buf, *end; p && *p; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		kill((pid_t)pid, SIGKILL);
	}
	for (int i = 0; i < 100 && rmdir(path) < 0 && errno == EBUSY; i++)
		usleep(10000);
	return 0;
}

/* Remove the test parent from every hierarchy, whatever a failed test left in it. */
static void cleanup_parent(void)
{
	_cleanup_closedir_ DIR *d = opendir(CG_ROOT);
	char path[512];
	struct dirent *de;

	snprintf(path, sizeof(path), CG_ROOT "/%s", test_parent);
	nftw(path, cleanup_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	while (d && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), CG_ROOT "/%s/%s", de->d_name, test_parent);
		nftw(path, cleanup_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	}
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(test_parent, sizeof(test_parent), "sixdocker-test-%d", (int)getpid());
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (geteuid() == 0)
		cleanup_parent();
	return 0;
}

static void new_id(char *id)
{
	struct sixd_error *err = NULL;

	assert_int_equal(sixd_gen_id(id, &err), 0);
}

/* A new cgroup under the test parent, no limits, its name in id (skips without cgroups). */
static struct sixd_cgroup *fresh_cgroup(char *id)
{
	struct sixd_cgroup *cg = NULL;
	struct sixd_error *err = NULL;

	need_cgroups();
	new_id(id);
	assert_int_equal(sixd_cgroup_create(test_parent, id, NULL, &cg, &err), 0);
	return cg;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* True if "<parent>/<id>" is left in no hierarchy. */
static bool gone_everywhere(const char *id)
{
	_cleanup_closedir_ DIR *d = opendir(CG_ROOT);
	char path[512];
	struct dirent *de;

	snprintf(path, sizeof(path), CG_ROOT "/%s/%s", test_parent, id);
	if (exists(path))
		return false;
	while (d && (de = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), CG_ROOT "/%s/%s/%s", de->d_name, test_parent, id);
		if (de->d_name[0] != '.' && exists(path))
			return false;
	}
	return true;
}

static void assert_read(struct sixd_cgroup *cg, const char *controller, const char *file,
			const char *want)
{
	struct sixd_error *err = NULL;
	_cleanup_free_ char *got = sixd_cgroup_read(cg, controller, file, &err);

	if (got == NULL)
		fail_msg("cannot read %s: %s", file, err && err->msg ? err->msg : "?");
	assert_string_equal(got, want);
}

static pid_t spawn_pauser(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

/* True if /proc/<pid>/cgroup puts pid in "<parent>/<id>" for the line matching key. */
static bool pid_in(pid_t pid, const char *key, const char *id)
{
	char path[64], want[256];
	_cleanup_free_ char *buf = NULL;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	snprintf(want, sizeof(want), "%s/%s/%s\n", key, test_parent, id);
	buf = sixd_read_file(path, NULL, NULL);
	return buf && strstr(buf, want);
}

static void assert_killed(pid_t pid)
{
	int status = 0;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
}

static void check_limits(struct sixd_cgroup *cg)
{
	if (sixd_cgroup_mode() == SIXD_CGROUP_V2) {
		assert_read(cg, "memory", "memory.max", "104857600");
		assert_read(cg, "cpu", "cpu.max", "50000 100000");
	} else {
		assert_read(cg, "memory", "memory.limit_in_bytes", "104857600");
		assert_read(cg, "cpu", "cpu.cfs_period_us", "100000");
		assert_read(cg, "cpu", "cpu.cfs_quota_us", "50000");
	}
	assert_read(cg, "pids", "pids.max", "50");
}

static void check_path(struct sixd_cgroup *cg, const char *id)
{
	struct sixd_error *err = NULL;
	_cleanup_free_ char *path = sixd_cgroup_path(cg, "memory", &err);
	char want[512];

	assert_non_null(path);
	if (sixd_cgroup_mode() == SIXD_CGROUP_V2)
		snprintf(want, sizeof(want), CG_ROOT "/%s/%s", test_parent, id);
	else
		snprintf(want, sizeof(want), CG_ROOT "/memory/%s/%s", test_parent, id);
	assert_string_equal(path, want);
	assert_true(exists(path));
}

static void check_member(pid_t pid, const char *id)
{
	if (sixd_cgroup_mode() == SIXD_CGROUP_V2) {
		assert_true(pid_in(pid, "0::", id));
		return;
	}
	assert_true(pid_in(pid, ":memory:", id));
	assert_true(pid_in(pid, ":pids:", id));
	assert_true(pid_in(pid, ":cpuset:", id));
}

static void test_lifecycle(void **state)
{
	struct sixd_resources res = {.memory = 100 * MiB, .pids_limit = 50, .nano_cpus = 500000000};
	_cleanup_(sixd_freep) char *path = NULL;
	struct sixd_cgroup *cg = NULL, *again = NULL;
	struct sixd_error *err = NULL;
	char id[SIXD_ID_LEN + 1];
	uint64_t ooms = 99;
	pid_t child;

	(void)state;
	need_cgroups();
	new_id(id);
	assert_int_equal(sixd_cgroup_create(test_parent, id, &res, &cg, &err), 0);
	check_limits(cg);
	check_path(cg, id);
	path = sixd_cgroup_path(cg, "pids", &err);
	child = spawn_pauser();
	assert_int_equal(sixd_cgroup_add_pid(cg, child, &err), 0);
	check_member(child, id);
	assert_int_equal(sixd_cgroup_oom_kills(cg, &ooms, &err), 0);
	assert_int_equal(ooms, 0);
	assert_int_equal(sixd_cgroup_kill(cg, &err), 0);
	assert_killed(child);
	assert_int_equal(sixd_cgroup_destroy(cg, &err), 0);
	assert_false(exists(path));
	assert_true(gone_everywhere(id));
	*strrchr(path, '/') = '\0';
	assert_true(exists(path));			    /* the shared parent stays */
	assert_int_equal(sixd_cgroup_destroy(cg, &err), 0); /* already gone is fine */
	sixd_cgroup_free(cg);
	assert_int_equal(sixd_cgroup_open(test_parent, id, &again, &err), -1);
	assert_int_equal(err->status, ENOENT);
	sixd_error_free(&err);
}

static void test_open_existing(void **state)
{
	struct sixd_cgroup *cg = NULL, *opened = NULL;
	struct sixd_error *err = NULL;
	char id[SIXD_ID_LEN + 1];
	pid_t child;

	(void)state;
	cg = fresh_cgroup(id);
	sixd_cgroup_free(cg);
	assert_int_equal(sixd_cgroup_open(test_parent, id, &opened, &err), 0);
	assert_read(opened, "pids", "pids.max", "max");
	assert_read(opened, "memory", "cgroup.procs", "");
	child = spawn_pauser();
	assert_int_equal(sixd_cgroup_add_pid(opened, child, &err), 0);
	check_member(child, id);
	assert_int_equal(sixd_cgroup_kill(opened, &err), 0);
	assert_killed(child);
	assert_int_equal(sixd_cgroup_destroy(opened, &err), 0);
	assert_true(gone_everywhere(id));
	sixd_cgroup_free(opened);
}

static void test_invalid_cpuset_leaves_nothing(void **state)
{
	struct sixd_resources res = {.memory = 100 * MiB, .cpuset_cpus = "99"};
	struct sixd_cgroup *cg = NULL;
	struct sixd_error *err = NULL;
	char id[SIXD_ID_LEN + 1];

	(void)state;
	need_cgroups();
	if (sysconf(_SC_NPROCESSORS_CONF) > 99 || !has_controller("cpuset"))
		skip();
	new_id(id);
	assert_int_equal(sixd_cgroup_create(test_parent, id, &res, &cg, &err), -1);
	assert_null(cg);
	assert_non_null(strstr(err->msg, "cannot set cpuset.cpus to '99'"));
	assert_true(err->status != 0);
	sixd_error_free(&err);
	assert_true(gone_everywhere(id));
}

static void test_bad_limits_touch_nothing(void **state)
{
	struct sixd_resources res = {.memory = 100 * MiB, .memory_swap = 10 * MiB};
	struct sixd_cgroup *cg = NULL;
	struct sixd_error *err = NULL;
	char id[SIXD_ID_LEN + 1];

	(void)state;
	need_cgroups();
	new_id(id);
	assert_int_equal(sixd_cgroup_create(test_parent, id, &res, &cg, &err), -1);
	assert_int_equal(err->status, EINVAL);
	assert_non_null(strstr(err->msg, "memory-swap"));
	sixd_error_free(&err);
	assert_true(gone_everywhere(id));
}

static void test_create_existing(void **state)
{
	struct sixd_cgroup *cg = NULL, *dup = NULL;
	struct sixd_error *err = NULL;
	char id[SIXD_ID_LEN + 1];

	(void)state;
	cg = fresh_cgroup(id);
	assert_int_equal(sixd_cgroup_create(test_parent, id, NULL, &dup, &err), -1);
	assert_int_equal(err->status, EEXIST);
	sixd_error_free(&err);
	assert_false(gone_everywhere(id)); /* the first one is untouched */
	assert_int_equal(sixd_cgroup_destroy(cg, &err), 0);
	assert_true(gone_everywhere(id));
	sixd_cgroup_free(cg);
}

static void test_add_bad_pid(void **state)
{
	struct sixd_cgroup *cg = NULL;
	struct sixd_error *err = NULL;
	char id[SIXD_ID_LEN + 1];

	(void)state;
	cg = fresh_cgroup(id);
	assert_int_equal(sixd_cgroup_add_pid(cg, 0, &err), -1);
	assert_int_equal(err->status, EINVAL);
	sixd_error_free(&err);
	assert_int_equal(sixd_cgroup_add_pid(cg, 4194304 + 1, &err), -1); /* above pid_max */
	assert_non_null(strstr(err->msg, "cannot add pid"));
	sixd_error_free(&err);
	assert_null(sixd_cgroup_read(cg, "memory", "../escape", &err));
	assert_int_equal(err->status, EINVAL);
	sixd_error_free(&err);
	assert_int_equal(sixd_cgroup_destroy(cg, &err), 0);
	sixd_cgroup_free(cg);
}

/* The child waits for a byte on fd, then touches far more memory than it may. */
static pid_t spawn_hog(int fd)
{
	pid_t pid = fork();
	char c;

	assert_true(pid >= 0);
	if (pid != 0)
		return pid;
	if (read(fd, &c, 1) != 1)
		_exit(2);
	for (int i = 0; i < 256; i++) {
		char *p = malloc(MiB);

		if (p == NULL)
			_exit(3);
		memset(p, i + 1, MiB);
	}
	_exit(0);
}

static void test_oom_kill_counted(void **state)
{
	struct sixd_resources res = {.memory = 16 * MiB, .memory_swap = 16 * MiB};
	struct sixd_cgroup *cg = NULL;
	struct sixd_error *err = NULL;
	char id[SIXD_ID_LEN + 1];
	uint64_t ooms = 0;
	int fds[2];
	pid_t child;

	(void)state;
	need_cgroups();
	new_id(id);
	assert_int_equal(sixd_cgroup_create(test_parent, id, &res, &cg, &err), 0);
	assert_int_equal(pipe(fds), 0);
	child = spawn_hog(fds[0]);
	assert_int_equal(sixd_cgroup_add_pid(cg, child, &err), 0);
	assert_int_equal(write(fds[1], "x", 1), 1);
	close(fds[0]);
	close(fds[1]);
	assert_killed(child);
	assert_int_equal(sixd_cgroup_oom_kills(cg, &ooms, &err), 0);
	assert_true(ooms >= 1);
	assert_int_equal(sixd_cgroup_destroy(cg, &err), 0);
	sixd_cgroup_free(cg);
}

/* A child that forks n pausing grandchildren, then pauses; all in the cgroup. */
static pid_t spawn_family(int fd, int n)
{
	pid_t pid = fork();
	char c;

	assert_true(pid >= 0);
	if (pid != 0)
		return pid;
	if (read(fd, &c, 1) != 1)
		_exit(2);
	for (int i = 0; i < n; i++) {
		if (fork() == 0)
			break;
	}
	for (;;)
		pause();
}

static int count_procs(struct sixd_cgroup *cg)
{
	_cleanup_free_ char *buf = sixd_cgroup_read(cg, "pids", "cgroup.procs", NULL);
	int n = 0;

	for (char *p = buf; p && *p; p++)
		n += *p == '\n' || p[1] == '\0';
	return n;
}

static void test_kill_family(void **state)
{
	struct sixd_cgroup *cg = NULL;
	struct sixd_error *err = NULL;
	char id[SIXD_ID_LEN + 1];
	int fds[2], tries = 0;
	pid_t child;

	(void)state;
	cg = fresh_cgroup(id);
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	assert_int_equal(pipe(fds), 0);
	child = spawn_family(fds[0], 5);
	assert_int_equal(sixd_cgroup_add_pid(cg, child, &err), 0);
	assert_int_equal(write(fds[1], "x", 1), 1);
	close(fds[0]);
	close(fds[1]);
	while (count_procs(cg) < 6 && tries++ < 500)
		usleep(2000);
	assert_int_equal(count_procs(cg), 6);
	assert_int_equal(sixd_cgroup_kill(cg, &err), 0);
	for (int reaped = 0; reaped < 6;) {
		int status;

		assert_true(waitpid(-1, &status, 0) > 0);
		assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		reaped++;
	}
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	assert_int_equal(sixd_cgroup_destroy(cg, &err), 0);
	assert_true(gone_everywhere(id));
	sixd_cgroup_free(cg);
}

static void test_destroy_busy_fails(void **state)
{
	struct sixd_cgroup *cg = NULL;
	struct sixd_error *err = NULL;
	char id[SIXD_ID_LEN + 1];
	pid_t child;

	(void)state;
	cg = fresh_cgroup(id);
	child = spawn_pauser();
	assert_int_equal(sixd_cgroup_add_pid(cg, child, &err), 0);
	/* a live process: destroy gives up with EBUSY and does not migrate it */
	assert_int_equal(sixd_cgroup_destroy(cg, &err), -1);
	assert_int_equal(err->status, EBUSY);
	sixd_error_free(&err);
	check_member(child, id);
	assert_int_equal(sixd_cgroup_remove_if_empty(cg), -1);
	check_member(child, id);
	assert_int_equal(sixd_cgroup_kill(cg, &err), 0);
	assert_killed(child);
	assert_int_equal(sixd_cgroup_destroy(cg, &err), 0);
	sixd_cgroup_free(cg);
}

/* remove_if_empty: at once for an empty cgroup (a busy one: test_destroy_busy_fails). */
static void test_remove_if_empty(void **state)
{
	char id[SIXD_ID_LEN + 1];
	struct sixd_cgroup *cg = fresh_cgroup(id);

	(void)state;
	assert_int_equal(sixd_cgroup_remove_if_empty(cg), 0);
	assert_true(gone_everywhere(id));
	sixd_cgroup_free(cg);
}

static void test_destroy_nested(void **state)
{
	struct sixd_cgroup *cg = NULL;
	struct sixd_error *err = NULL;
	_cleanup_free_ char *path = NULL, *sub = NULL;
	char id[SIXD_ID_LEN + 1];

	(void)state;
	cg = fresh_cgroup(id);
	path = sixd_cgroup_path(cg, "memory", &err);
	assert_true(asprintf(&sub, "%s/sub/subsub", path) > 0);
	assert_int_equal(sixd_mkdir_p(sub, 0755, &err), 0);
	assert_int_equal(sixd_cgroup_destroy(cg, &err), 0);
	assert_true(gone_everywhere(id));
	sixd_cgroup_free(cg);
}

/* The mount points come from mountinfo: v1 hierarchies by their super options, escapes undone. */
static void test_mount_points(void **state)
{
	static const char info[] =
		"25 1 0:22 / /sys/fs/cgroup rw - tmpfs tmpfs ro,mode=755\n"
		"26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid shared:4 - cgroup2 cgroup2 rw\n"
		"27 25 0:24 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n"
		"28 25 0:25 / /sys/fs/cgroup/cpu,cpuacct rw shared:7 - cgroup cgroup rw,cpu,cpuacct\n"
		"29 25 0:26 / /sys/fs/cgroup/mem\\040ory rw - cgroup cgroup rw,memory\n"
		"30 25 0:27 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset,noprefix\n"
		"31 25 0:28 / /mnt/again rw - cgroup cgroup rw,cpuset\n"
		"32 1 8:1 / /cpu rw - ext4 /dev/sda1 rw,cpu\n"
		"bad line\n";
	char *p;

	(void)state;
	sixd_cgroup_mounts_load(info);
	p = sixd_cgroup_mount_point(SIXD_CGROUP_V1, "cpu");
	assert_string_equal(p, "/sys/fs/cgroup/cpu,cpuacct");
	free(p);
	p = sixd_cgroup_mount_point(SIXD_CGROUP_V1, "cpuacct");
	assert_string_equal(p, "/sys/fs/cgroup/cpu,cpuacct");
	free(p);
	p = sixd_cgroup_mount_point(SIXD_CGROUP_V1, "memory");
	assert_string_equal(p, "/sys/fs/cgroup/mem ory");
	free(p);
	p = sixd_cgroup_mount_point(SIXD_CGROUP_V1, "cpuset");
	assert_string_equal(p, "/sys/fs/cgroup/cpuset");
	free(p);
	/* "name=systemd" is no controller, the cgroup2 tree is not v1, ext4 is no cgroup */
	assert_null(sixd_cgroup_mount_point(SIXD_CGROUP_V1, "systemd"));
	assert_null(sixd_cgroup_mount_point(SIXD_CGROUP_V1, "hugetlb"));
	assert_null(sixd_cgroup_mount_point(SIXD_CGROUP_V1, "pids"));
	assert_null(sixd_cgroup_mount_point(SIXD_CGROUP_V1, "cpus"));
	sixd_cgroup_mounts_load(NULL);
}

/* The number of threads of this process, from /proc/self/status. */
static int thread_count(void)
{
	_cleanup_free_ char *status = sixd_read_file("/proc/self/status", NULL, NULL);
	const char *p = status ? strstr(status, "\nThreads:") : NULL;

	return p ? atoi(p + strlen("\nThreads:")) : -1;
}

/* The prewarm moves this process into the cgroups it is in: nothing changes. */
static void test_prewarm_changes_nothing(void **state)
{
	_cleanup_free_ char *before = sixd_read_file("/proc/self/cgroup", NULL, NULL);
	_cleanup_free_ char *after = NULL;
	const struct timespec tick = {.tv_nsec = 10000000};

	(void)state;
	assert_non_null(before);
	sixd_cgroup_prewarm();
	/* its thread ends once the kernel is done (a grace period at most) */
	for (int i = 0; i < 500 && thread_count() > 1; i++)
		nanosleep(&tick, NULL);
	assert_int_equal(thread_count(), 1);
	after = sixd_read_file("/proc/self/cgroup", NULL, NULL);
	assert_non_null(after);
	assert_string_equal(before, after);
}

static void test_freeze_thaw(void **state)
{
	struct sixd_cgroup *cg = NULL;
	struct sixd_error *err = NULL;
	char id[SIXD_ID_LEN + 1];
	pid_t child;

	(void)state;
	need_cgroups();
	if (sixd_cgroup_mode() == SIXD_CGROUP_V1 && !has_controller("freezer"))
		skip();
	new_id(id);
	assert_int_equal(sixd_cgroup_create(test_parent, id, NULL, &cg, &err), 0);
	child = spawn_pauser();
	assert_int_equal(sixd_cgroup_add_pid(cg, child, &err), 0);
	assert_false(sixd_cgroup_frozen(cg));
	assert_int_equal(sixd_cgroup_freeze(cg, true, &err), 0);
	assert_true(sixd_cgroup_frozen(cg));
	/* freezing again is fine */
	assert_int_equal(sixd_cgroup_freeze(cg, true, &err), 0);
	assert_int_equal(sixd_cgroup_freeze(cg, false, &err), 0);
	assert_false(sixd_cgroup_frozen(cg));
	assert_int_equal(sixd_cgroup_kill(cg, &err), 0);
	assert_killed(child);
	assert_int_equal(sixd_cgroup_destroy(cg, &err), 0);
	sixd_cgroup_free(cg);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_translate_empty),
		cmocka_unit_test(test_translate_memory),
		cmocka_unit_test(test_translate_swap_v1),
		cmocka_unit_test(test_translate_swap_v2),
		cmocka_unit_test(test_translate_bad_memory),
		cmocka_unit_test(test_translate_cpus),
		cmocka_unit_test(test_translate_bad_cpus),
		cmocka_unit_test(test_translate_shares),
		cmocka_unit_test(test_shares_to_weight),
		cmocka_unit_test(test_translate_cpuset),
		cmocka_unit_test(test_translate_pids),
		cmocka_unit_test(test_translate_all),
		cmocka_unit_test(test_translate_null_err),
		cmocka_unit_test(test_mode),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_mount_points),
	};
	const struct CMUnitTest real[] = {
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_open_existing),
		cmocka_unit_test(test_invalid_cpuset_leaves_nothing),
		cmocka_unit_test(test_bad_limits_touch_nothing),
		cmocka_unit_test(test_create_existing),
		cmocka_unit_test(test_add_bad_pid),
		cmocka_unit_test(test_oom_kill_counted),
		cmocka_unit_test(test_kill_family),
		cmocka_unit_test(test_destroy_busy_fails),
		cmocka_unit_test(test_remove_if_empty),
		cmocka_unit_test(test_destroy_nested),
		cmocka_unit_test(test_freeze_thaw),
		cmocka_unit_test(test_prewarm_changes_nothing),
	};
	int failed = cmocka_run_group_tests_name("cgroup translation", pure, NULL, NULL);

	failed += cmocka_run_group_tests_name("cgroup (root)", real, group_setup, group_teardown);
	return failed;
}
