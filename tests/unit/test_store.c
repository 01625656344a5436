// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of lib/store.h: the record <-> JSON, the state root, names, locks, env fallback. */
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
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cleanup.h"
#include "store.h"
#include "util.h"

#define ID1 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID2 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

struct fixture {
	char *dir; /* realpath of a fresh temporary directory */
	char *root, *data;
};

static char *path_in(const char *dir, const char *name)
{
	char *p = NULL;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char tmpl[] = "/tmp/sixd-test-store.XXXXXX";

	assert_non_null(f);
	assert_non_null(mkdtemp(tmpl));
	f->dir = realpath(tmpl, NULL);
	assert_non_null(f->dir);
	f->root = path_in(f->dir, "state/nested");
	f->data = path_in(f->dir, "data");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(sixd_rm_rf(f->dir, NULL), 0);
	free(f->dir);
	free(f->root);
	free(f->data);
	free(f);
	return 0;
}

static void add(char ***v, const char *s)
{
	assert_int_equal(sixd_strv_append(v, s), 0);
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	assert_non_null(p);
	return p;
}

/* A record with every field set; flip inverts every boolean, to catch swapped keys. */
static void fill_record(struct sixd_record *r, bool flip)
{
	memset(r, 0, sizeof(*r));
	memcpy(r->id, ID1, sizeof(r->id));
	r->name = xstrdup("web-1");
	r->image = xstrdup("busybox:latest");
	r->image_id = xstrdup(ID2);
	add(&r->argv, "sh");
	add(&r->argv, "-c");
	add(&r->argv, "echo \"quoted\" 'single' \\ tab\there \xc3\xbcn\xc3\xaf"
		      "code");
	add(&r->argv, "");
	add(&r->env, "PATH=/usr/bin:/bin");
	add(&r->env, "EMPTY=");
	add(&r->env, "EQ=a=b");
	r->workdir = xstrdup("/srv/app");
	r->user = xstrdup("1000:1000");
	r->hostname = xstrdup("0123456789ab");
	r->tty = !flip;
	r->interactive = flip;
	r->detach = !flip;
	r->auto_remove = flip;
	r->created = 1700000000123456789LL;
	r->started = 1700000001000000001LL;
	r->finished = 1700000123999999999LL;
	r->status = SIXD_STATUS_EXITED;
	r->pid = 4242;
	r->pid_start = 123456789012ULL;
	r->monitor_pid = 4241;
	r->monitor_start = 123456789000ULL;
	r->exit_code = 137;
	r->oom_killed = !flip;
	r->resources.memory = 104857600;
	r->resources.memory_swap = -1;
	r->resources.nano_cpus = 1500000000;
	r->resources.cpu_shares = 512;
	r->resources.pids_limit = 100;
	r->resources.cpuset_cpus = xstrdup("0-1,3");
	r->volumes = calloc(2, sizeof(*r->volumes));
	assert_non_null(r->volumes);
	r->volumes[0] = (struct sixd_volume){xstrdup("/host/a"), xstrdup("/ctr/a"), !flip};
	r->volumes[1] = (struct sixd_volume){xstrdup("/host/b b"), xstrdup("/ctr/b"), flip};
	r->n_volumes = 2;
	r->cgroup_parent = xstrdup("sixdocker");
	r->log_path = xstrdup("/var/lib/sixdocker/containers/" ID1 "/container.log");
	if (flip) { /* else as in a record from before networks: none */
		r->net.mode = xstrdup("appnet");
		r->net.ip = xstrdup("172.18.0.2");
		r->net.prefix_len = 16;
		r->net.gateway = xstrdup("172.18.0.1");
		assert_int_equal(sixd_strv_append(&r->net.ports, "0.0.0.0:8080:80/tcp"), 0);
		assert_int_equal(sixd_strv_append(&r->net.expose, "80/tcp"), 0);
		assert_int_equal(sixd_strv_append(&r->net.expose, "53/udp"), 0);
	}
}

static void assert_str_or_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_strv_equal(char *const *a, char *const *b)
{
	assert_int_equal(sixd_strv_len(a), sixd_strv_len(b));
	for (size_t i = 0; a && a[i]; i++)
		assert_string_equal(a[i], b[i]);
}

static void assert_record_equal(const struct sixd_record *a, const struct sixd_record *b)
{
	assert_string_equal(a->id, b->id);
	assert_str_or_null(a->name, b->name);
	assert_str_or_null(a->image, b->image);
	assert_str_or_null(a->image_id, b->image_id);
	assert_strv_equal(a->argv, b->argv);
	assert_strv_equal(a->env, b->env);
	assert_str_or_null(a->workdir, b->workdir);
	assert_str_or_null(a->user, b->user);
	assert_str_or_null(a->hostname, b->hostname);
	assert_int_equal(a->tty, b->tty);
	assert_int_equal(a->interactive, b->interactive);
	assert_int_equal(a->detach, b->detach);
	assert_int_equal(a->auto_remove, b->auto_remove);
	assert_true(a->created == b->created);
	assert_true(a->started == b->started);
	assert_true(a->finished == b->finished);
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->pid, b->pid);
	assert_true(a->pid_start == b->pid_start);
	assert_int_equal(a->monitor_pid, b->monitor_pid);
	assert_true(a->monitor_start == b->monitor_start);
	assert_int_equal(a->exit_code, b->exit_code);
	assert_int_equal(a->oom_killed, b->oom_killed);
	assert_true(a->resources.memory == b->resources.memory);
	assert_true(a->resources.memory_swap == b->resources.memory_swap);
	assert_true(a->resources.nano_cpus == b->resources.nano_cpus);
	assert_true(a->resources.cpu_shares == b->resources.cpu_shares);
	assert_true(a->resources.pids_limit == b->resources.pids_limit);
	assert_str_or_null(a->resources.cpuset_cpus, b->resources.cpuset_cpus);
	assert_int_equal(a->n_volumes, b->n_volumes);
	for (size_t i = 0; i < a->n_volumes; i++) {
		assert_string_equal(a->volumes[i].source, b->volumes[i].source);
		assert_string_equal(a->volumes[i].target, b->volumes[i].target);
		assert_int_equal(a->volumes[i].readonly, b->volumes[i].readonly);
	}
	assert_str_or_null(a->cgroup_parent, b->cgroup_parent);
	assert_str_or_null(a->log_path, b->log_path);
	assert_str_or_null(a->net.mode, b->net.mode);
	assert_str_or_null(a->net.ip, b->net.ip);
	assert_int_equal(a->net.prefix_len, b->net.prefix_len);
	assert_str_or_null(a->net.gateway, b->net.gateway);
	assert_strv_equal(a->net.ports, b->net.ports);
	assert_strv_equal(a->net.expose, b->net.expose);
}

static void round_trip(const struct sixd_record *in)
{
	struct sixd_record out;
	struct sixd_error *err = NULL;
	_cleanup_free_ char *text = sixd_record_to_json(in, &err);

	assert_non_null(text);
	assert_null(err);
	memset(&out, 0xa5, sizeof(out));
	if (sixd_record_from_json(text, &out, &err) != 0)
		fail_msg("cannot parse %s: %s", text, err ? err->msg : "?");
	assert_record_equal(in, &out);
	sixd_record_free(&out);
}

/* ---- records ---- */

static void test_record_round_trip(void **state)
{
	struct sixd_record r;

	(void)state;
	fill_record(&r, false);
	round_trip(&r);
	sixd_record_free(&r);
	assert_null(r.name);
	assert_null(r.volumes);

	fill_record(&r, true);
	for (int st = SIXD_STATUS_CREATED; st <= SIXD_STATUS_REMOVING; st++) {
		r.status = (enum sixd_status)st;
		round_trip(&r);
	}
	sixd_record_free(&r);
}

/* The JSON holds Docker-style times and the status by name. */
static void test_record_json_format(void **state)
{
	struct sixd_record r;
	_cleanup_free_ char *text = NULL;

	(void)state;
	fill_record(&r, false);
	text = sixd_record_to_json(&r, NULL);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"2023-11-14T22:13:20.123456789Z\""));
	assert_non_null(strstr(text, "\"exited\""));
	assert_non_null(strstr(text, "\"" ID1 "\""));
	sixd_record_free(&r);
}

/* Unset optional fields and zero times survive as unset. */
static void test_record_minimal(void **state)
{
	struct sixd_record r, out;
	_cleanup_free_ char *text = NULL;

	(void)state;
	memset(&r, 0, sizeof(r));
	memcpy(r.id, ID2, sizeof(r.id));
	r.name = xstrdup("min");
	r.status = SIXD_STATUS_CREATED;
	text = sixd_record_to_json(&r, NULL);
	assert_non_null(text);
	assert_int_equal(sixd_record_from_json(text, &out, NULL), 0);
	assert_string_equal(out.id, ID2);
	assert_string_equal(out.name, "min");
	assert_null(out.image);
	assert_null(out.workdir);
	assert_null(out.resources.cpuset_cpus);
	assert_null(out.log_path);
	assert_non_null(out.argv);
	assert_null(out.argv[0]);
	assert_non_null(out.env);
	assert_null(out.env[0]);
	assert_int_equal(out.created, 0);
	assert_int_equal(out.started, 0);
	assert_int_equal(out.finished, 0);
	assert_int_equal(out.n_volumes, 0);
	assert_int_equal(out.status, SIXD_STATUS_CREATED);
	sixd_record_free(&out);
	sixd_record_free(&r);
}

static void test_record_corrupt(void **state)
{
	static const char *const bad[] = {
		"",
		"{",
		"[]",
		"null",
		"\"text\"",
		"{\"name\": \"web\"}",
		"{\"id\": \"abc\", \"name\": \"web\", \"command\": [], \"env\": []}",
		"{\"id\": 5, \"name\": \"web\"}",
		"{\"id\": \"" ID1 "0\", \"name\": \"web\", \"command\": [], \"env\": []}",
		"{\"id\": \"0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef\", "
		"\"name\": \"web\"}",
		"{\"id\": \"" ID1 "\", \"command\": [], \"env\": []}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sixd_record r;
		struct sixd_error *err = NULL;

		memset(&r, 0xa5, sizeof(r));
		if (sixd_record_from_json(bad[i], &r, &err) != -1)
			fail_msg("corrupt record accepted: %s", bad[i]);
		assert_non_null(err);
		assert_int_equal(err->status, EINVAL);
		assert_non_null(strstr(err->msg, "corrupt container record"));
		/* nothing left to free */
		assert_null(r.name);
		assert_null(r.argv);
		assert_null(r.volumes);
		sixd_error_free(&err);
	}
}

static void test_status_names(void **state)
{
	enum sixd_status st = SIXD_STATUS_EXITED;

	(void)state;
	assert_string_equal(sixd_status_name(SIXD_STATUS_CREATED), "created");
	assert_string_equal(sixd_status_name(SIXD_STATUS_RUNNING), "running");
	assert_string_equal(sixd_status_name(SIXD_STATUS_EXITED), "exited");
	assert_string_equal(sixd_status_name(SIXD_STATUS_REMOVING), "removing");
	assert_string_equal(sixd_status_name((enum sixd_status)42), "unknown");
	assert_int_equal(sixd_status_parse("running", &st), 0);
	assert_int_equal(st, SIXD_STATUS_RUNNING);
	assert_int_equal(sixd_status_parse("removing", &st), 0);
	assert_int_equal(st, SIXD_STATUS_REMOVING);
	assert_int_equal(sixd_status_parse("Running", &st), -1);
	assert_int_equal(sixd_status_parse("", &st), -1);
	assert_int_equal(sixd_status_parse(NULL, &st), -1);
	assert_int_equal(st, SIXD_STATUS_REMOVING);
}

/* ---- the state root ---- */

static void test_store_init(void **state)
{
	struct fixture *f = *state;
	struct sixd_store s;
	struct sixd_error *err = NULL;
	mode_t old_umask = umask(022);
	_cleanup_free_ char *dir = NULL;
	struct stat st;

	assert_int_equal(sixd_store_init(&s, f->root, f->data, &err), 0);
	assert_null(err);
	assert_string_equal(s.root, f->root);
	assert_string_equal(s.data_root, f->data);
	assert_int_equal(stat(f->root, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(f->data, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0711);
	dir = sixd_store_container_dir(&s, ID1);
	assert_non_null(dir);
	assert_true(strncmp(dir, f->data, strlen(f->data)) == 0);
	assert_string_equal(dir + strlen(f->data), "/containers/" ID1);
	sixd_store_fini(&s);
	assert_null(s.root);
	assert_null(s.data_root);

	/* an existing path is canonicalised: "<dir>/data/../data" names the same directory */
	{
		_cleanup_free_ char *dotted = path_in(f->data, "../data");

		assert_int_equal(sixd_store_init(&s, f->root, dotted, &err), 0);
		assert_string_equal(s.data_root, f->data);
		sixd_store_fini(&s);
	}

	/* relative paths are refused before anything is created */
	assert_int_equal(sixd_store_init(&s, "sixd-no-such-relative-dir/x", f->data, &err), -1);
	assert_non_null(err);
	assert_int_equal(err->status, EINVAL);
	assert_non_null(strstr(err->msg, "sixd-no-such-relative-dir/x"));
	assert_non_null(strstr(err->msg, "absolute"));
	sixd_error_free(&err);
	sixd_store_fini(&s);
	assert_int_equal(access("sixd-no-such-relative-dir", F_OK), -1);
	umask(old_umask);
}

static char *save_env(const char *name)
{
	const char *v = getenv(name);

	return v ? xstrdup(v) : NULL;
}

static void restore_env(const char *name, const char *value)
{
	if (value)
		assert_int_equal(setenv(name, value, 1), 0);
	else
		assert_int_equal(unsetenv(name), 0);
}

static void test_store_env_fallback(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *old_root = save_env("SIXDOCKER_ROOT");
	_cleanup_free_ char *old_data = save_env("SIXDOCKER_DATA");
	_cleanup_free_ char *env_root = path_in(f->dir, "env-root");
	_cleanup_free_ char *env_data = path_in(f->dir, "env-data");
	struct sixd_store s;

	assert_int_equal(setenv("SIXDOCKER_ROOT", env_root, 1), 0);
	assert_int_equal(setenv("SIXDOCKER_DATA", env_data, 1), 0);

	assert_int_equal(sixd_store_init(&s, NULL, NULL, NULL), 0);
	assert_string_equal(s.root, env_root);
	assert_string_equal(s.data_root, env_data);
	assert_int_equal(access(env_root, F_OK), 0);
	assert_int_equal(access(env_data, F_OK), 0);
	sixd_store_fini(&s);

	/* an empty option is no option */
	assert_int_equal(sixd_store_init(&s, "", "", NULL), 0);
	assert_string_equal(s.root, env_root);
	assert_string_equal(s.data_root, env_data);
	sixd_store_fini(&s);

	/* an option wins over the environment, each root on its own */
	assert_int_equal(sixd_store_init(&s, f->root, NULL, NULL), 0);
	assert_string_equal(s.root, f->root);
	assert_string_equal(s.data_root, env_data);
	sixd_store_fini(&s);
	assert_int_equal(sixd_store_init(&s, NULL, f->data, NULL), 0);
	assert_string_equal(s.root, env_root);
	assert_string_equal(s.data_root, f->data);
	sixd_store_fini(&s);

	restore_env("SIXDOCKER_ROOT", old_root);
	restore_env("SIXDOCKER_DATA", old_data);
}

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

static void test_store_reserve(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *web = path_in(f->root, "web");
	struct sixd_store s;
	struct sixd_error *err = NULL;
	struct stat st;

	assert_int_equal(sixd_store_init(&s, f->root, f->data, NULL), 0);
	assert_int_equal(sixd_store_reserve(&s, "web", &err), 0);
	assert_null(err);
	assert_int_equal(stat(web, &st), 0);
	assert_true(S_ISDIR(st.st_mode));

	assert_int_equal(sixd_store_reserve(&s, "web", &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "is already in use"));
	assert_non_null(strstr(err->msg, "\"web\""));
	sixd_error_free(&err);

	/* another name is independent */
	assert_int_equal(sixd_store_reserve(&s, "db", &err), 0);
	assert_int_equal(count_entries(f->root), 2);

	/* release frees the name, and a missing one is fine */
	assert_int_equal(sixd_store_release(&s, "web", &err), 0);
	assert_int_equal(stat(web, &st), -1);
	assert_int_equal(sixd_store_release(&s, "web", &err), 0);
	assert_null(err);
	assert_int_equal(sixd_store_reserve(&s, "web", &err), 0);
	assert_int_equal(count_entries(f->root), 2);
	sixd_store_fini(&s);
}

/* Make <root>/name as a run that died would have left it: no record, mtime age seconds ago. */
static void leave_reservation(const char *root, const char *name, time_t age, bool record)
{
	_cleanup_free_ char *dir = path_in(root, name);
	_cleanup_free_ char *rec = path_in(dir, "config.json");
	_cleanup_free_ char *tmp = path_in(dir, "config.json.tmp-1");
	struct timeval tv[2] = {{.tv_sec = time(NULL) - age}, {.tv_sec = time(NULL) - age}};
	int fd;

	assert_int_equal(mkdir(dir, 0700), 0);
	fd = open(record ? rec : tmp, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(utimes(dir, tv), 0);
}

static void test_store_reserve_stale(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *tmp = path_in(f->root, "dead/config.json.tmp-1");
	struct sixd_store s;
	struct sixd_error *err = NULL;

	assert_int_equal(sixd_store_init(&s, f->root, f->data, NULL), 0);
	/* a run killed between the reservation and its record: the name is free again */
	leave_reservation(f->root, "dead", SIXD_RESERVATION_GRACE_S + 60, false);
	assert_int_equal(sixd_store_reserve(&s, "dead", &err), 0);
	assert_null(err);
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(count_entries(f->root), 1);
	/* a run still writing its record keeps its name */
	leave_reservation(f->root, "young", 0, false);
	assert_int_equal(sixd_store_reserve(&s, "young", &err), -1);
	assert_non_null(strstr(err->msg, "is already in use"));
	sixd_error_free(&err);
	/* an old container with its record keeps its name */
	leave_reservation(f->root, "old", SIXD_RESERVATION_GRACE_S + 60, true);
	assert_int_equal(sixd_store_reserve(&s, "old", &err), -1);
	assert_non_null(strstr(err->msg, "is already in use"));
	sixd_error_free(&err);
	assert_int_equal(count_entries(f->root), 3);
	sixd_store_fini(&s);
}

static void test_store_lock(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *lock = path_in(f->root, "web/lock");
	struct sixd_store s;
	struct sixd_error *err = NULL;
	int fd, other;

	assert_int_equal(sixd_store_init(&s, f->root, f->data, NULL), 0);
	/* no reserved name, no lock */
	assert_int_equal(sixd_store_lock(&s, "web", &err), -1);
	assert_non_null(err);
	assert_int_equal(err->status, ENOENT);
	sixd_error_free(&err);

	assert_int_equal(sixd_store_reserve(&s, "web", NULL), 0);
	fd = sixd_store_lock(&s, "web", &err);
	assert_true(fd >= 0);
	assert_null(err);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);

	/* another open file description cannot take it while fd holds it */
	other = open(lock, O_RDWR | O_CLOEXEC);
	assert_true(other >= 0);
	assert_int_equal(flock(other, LOCK_EX | LOCK_NB), -1);
	assert_int_equal(errno, EWOULDBLOCK);
	close(fd);
	assert_int_equal(flock(other, LOCK_EX | LOCK_NB), 0);
	close(other);

	/* and it can be taken again once released */
	fd = sixd_store_lock(&s, "web", &err);
	assert_true(fd >= 0);
	close(fd);
	sixd_store_fini(&s);
}

static void test_store_write_read(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *dir = path_in(f->root, "web-1");
	_cleanup_free_ char *config = path_in(f->root, "web-1/config.json");
	struct sixd_store s;
	struct sixd_record r, back;
	struct sixd_error *err = NULL;
	struct stat st;
	int fd;

	assert_int_equal(sixd_store_init(&s, f->root, f->data, NULL), 0);
	fill_record(&r, false);
	assert_int_equal(sixd_store_reserve(&s, r.name, NULL), 0);

	/* nothing written yet */
	assert_int_equal(sixd_store_read(&s, r.name, &back, &err), -1);
	assert_non_null(err);
	assert_int_equal(err->status, ENOENT);
	sixd_error_free(&err);

	fd = sixd_store_lock(&s, r.name, &err);
	assert_true(fd >= 0);
	assert_int_equal(sixd_store_write(&s, &r, &err), 0);
	assert_null(err);
	assert_int_equal(stat(config, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(sixd_store_read(&s, r.name, &back, &err), 0);
	assert_record_equal(&r, &back);
	sixd_record_free(&back);

	/* a rewrite replaces the record; only config.json and lock remain */
	r.status = SIXD_STATUS_RUNNING;
	r.exit_code = 0;
	assert_int_equal(sixd_store_write(&s, &r, &err), 0);
	close(fd);
	assert_int_equal(sixd_store_read(&s, r.name, &back, &err), 0);
	assert_int_equal(back.status, SIXD_STATUS_RUNNING);
	assert_int_equal(back.exit_code, 0);
	assert_record_equal(&r, &back);
	sixd_record_free(&back);
	assert_int_equal(count_entries(dir), 2);

	/* a damaged record is an error, not a half-filled struct */
	assert_int_equal(sixd_write_file_atomic(config, "{\"id\":", 6, 0600, NULL), 0);
	assert_int_equal(sixd_store_read(&s, r.name, &back, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "corrupt container record"));
	sixd_error_free(&err);

	/* release takes the directory with the record and the lock */
	assert_int_equal(sixd_store_release(&s, r.name, &err), 0);
	assert_int_equal(access(dir, F_OK), -1);
	assert_int_equal(sixd_store_read(&s, r.name, &back, &err), -1);
	assert_int_equal(err->status, ENOENT);
	sixd_error_free(&err);
	sixd_record_free(&r);
	sixd_store_fini(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_round_trip),
		cmocka_unit_test(test_record_json_format),
		cmocka_unit_test(test_record_minimal),
		cmocka_unit_test(test_record_corrupt),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test_setup_teardown(test_store_init, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_env_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_reserve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_reserve_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_write_read, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
