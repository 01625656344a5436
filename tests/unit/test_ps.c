// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of `ps` rows, filters and output (lib/ps.c) and inspect's JSON (lib/inspect.c). */
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
#include "inspect.h"
#include "ps.h"
#include "ps_size.h"
#include "util.h"

#define SEC 1000000000LL
/* 2026-11-23 13:02:25 UTC */
#define T0 (1795438945LL * SEC)
#define ID_WEB "abc1230000000000000000000000000000000000000000000000000000000001"
#define ID_DB "def4560000000000000000000000000000000000000000000000000000000002"
#define ID_NEW "abc7890000000000000000000000000000000000000000000000000000000003"

static char *sleep_argv[] = {"sleep", "1000", NULL};
static char *sh_argv[] = {"sh", "-c", "echo hello world; exit 3", NULL};
static char *env[] = {"PATH=/bin", "FOO=bar", NULL};
static struct sixd_volume vols[] = {{"/srv/data", "/data", true}, {"/tmp/x", "/x", false}};

/* Three containers, newest first: new (created), db (exited 3), web (running). */
static struct sixd_record list[3];

static void fill(struct sixd_record *r, const char *id, const char *name, char **argv,
		 enum sixd_status st, int64_t created)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%s", id);
	r->name = (char *)name;
	r->image = "busybox";
	r->image_id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	r->argv = argv;
	r->env = env;
	r->status = st;
	r->created = created;
}

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	fill(&list[0], ID_NEW, "new", sleep_argv, SIXD_STATUS_CREATED, T0 + 50 * SEC);
	fill(&list[1], ID_DB, "db", sh_argv, SIXD_STATUS_EXITED, T0 + 10 * SEC);
	list[1].started = T0 + 11 * SEC;
	list[1].finished = T0 + 57 * SEC;
	list[1].exit_code = 3;
	fill(&list[2], ID_WEB, "web", sleep_argv, SIXD_STATUS_RUNNING, T0);
	list[2].started = T0 + 1 * SEC;
	list[2].pid = 4242;
	list[2].volumes = vols;
	list[2].n_volumes = 2;
	list[2].resources.memory = 64 << 20;
	list[2].hostname = "abc123000000";
	list[2].workdir = "/";
	return 0;
}

static void check_command(char **argv, bool trunc, const char *want)
{
	_cleanup_free_ char *got = sixd_ps_command(argv, trunc);

	assert_non_null(got);
	assert_string_equal(got, want);
}

static void test_command(void **state)
{
	char *quotes[] = {"echo", "say \"hi\"\\", "a\tb", NULL};
	char *exact[] = {"12345678901234567890", NULL};

	(void)state;
	check_command(sleep_argv, true, "\"sleep 1000\"");
	check_command(sh_argv, true, "\"sh -c 'echo hello w…\"");
	check_command(sh_argv, false, "\"sh -c 'echo hello world; exit 3'\"");
	check_command(quotes, false, "\"echo 'say \\\"hi\\\"\\\\' a\\tb\"");
	check_command(exact, true, "\"12345678901234567890\"");
}

static void check_status(const struct sixd_record *r, int64_t now, const char *want)
{
	char buf[128];

	sixd_ps_status(r, now, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_status(void **state)
{
	struct sixd_record removing = list[1];

	(void)state;
	check_status(&list[2], T0 + 301 * SEC, "Up 5 minutes");
	check_status(&list[2], T0 + SEC, "Up Less than a second");
	check_status(&list[1], T0 + 60 * SEC, "Exited (3) 3 seconds ago");
	check_status(&list[0], T0 + 60 * SEC, "Created");
	removing.status = SIXD_STATUS_REMOVING;
	check_status(&removing, T0 + 60 * SEC, "Removal In Progress");
}

static void test_created_at(void **state)
{
	char buf[80];

	(void)state;
	sixd_ps_created_at(T0 + 123456789, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-23 13:02:25 +0000 UTC");
}

/* The output of ps with o over the three containers at T0 + 60 s. */
static char *render(struct sixd_ps_opts *o)
{
	struct sixd_error *err = NULL;
	char *out = sixd_ps_render(o, list, 3, T0 + 60 * SEC, &err);

	if (out == NULL)
		fail_msg("render failed: %s", err ? err->msg : "?");
	return out;
}

static void test_default_table(void **state)
{
	struct sixd_ps_opts o = {.all = true};
	_cleanup_free_ char *out = NULL;

	(void)state;
	out = render(&o);
	assert_string_equal(
		out,
		"CONTAINER ID   IMAGE     COMMAND                  CREATED              STATUS"
		"                     PORTS     NAMES\n"
		"abc789000000   busybox   \"sleep 1000\"             10 seconds ago       Created"
		"                              new\n"
		"def456000000   busybox   \"sh -c 'echo hello w…\"   50 seconds ago       Exited (3)"
		" 3 seconds ago             db\n"
		"abc123000000   busybox   \"sleep 1000\"             About a minute ago   Up 59 "
		"seconds                        web\n");
}

static void test_running_only_quiet_last(void **state)
{
	struct sixd_ps_opts o = {.quiet = true};
	_cleanup_free_ char *running = NULL, *last = NULL, *full = NULL;

	(void)state;
	running = render(&o);
	assert_string_equal(running, "abc123000000\n");
	o.last = 2;
	last = render(&o);
	assert_string_equal(last, "abc789000000\ndef456000000\n");
	o.last = 1;
	o.no_trunc = true;
	full = render(&o);
	assert_string_equal(full, ID_NEW "\n");
}

/* The names ps shows with the given filters (and -a when all). */
static char *names_with(bool all, const char *const *filters)
{
	struct sixd_ps_opts o = {.all = all, .format = "{{.Names}}"};
	char *out;

	for (; *filters; filters++)
		assert_int_equal(sixd_ps_filter_add(&o, *filters, NULL), 0);
	out = render(&o);
	sixd_ps_filters_free(&o);
	return out;
}

static void check_filters(bool all, const char *const *filters, const char *want)
{
	_cleanup_free_ char *got = names_with(all, filters);

	assert_string_equal(got, want);
}

static void test_filters(void **state)
{
	(void)state;
	check_filters(true, (const char *const[]){"name=e", NULL}, "new\nweb\n");
	check_filters(true, (const char *const[]){"name=^we", NULL}, "web\n");
	check_filters(true, (const char *const[]){"name=^/db$", NULL}, "db\n");
	check_filters(false, (const char *const[]){"status=exited", NULL}, "db\n");
	check_filters(false, (const char *const[]){"status=exited", "status=created", NULL},
		      "new\ndb\n");
	check_filters(true, (const char *const[]){"id=abc", NULL}, "new\nweb\n");
	check_filters(true, (const char *const[]){"id=abc", "name=w", NULL}, "new\nweb\n");
	check_filters(true, (const char *const[]){"id=abc", "name=we", NULL}, "web\n");
	check_filters(false, (const char *const[]){"name=new", NULL}, "");
	check_filters(true, (const char *const[]){"status=paused", NULL}, "");
}

static void check_bad_filter(const char *spec, const char *want)
{
	struct sixd_ps_opts o = {0};
	struct sixd_error *err = NULL;

	assert_int_equal(sixd_ps_filter_add(&o, spec, &err), -1);
	assert_non_null(err);
	if (strstr(err->msg, want) == NULL)
		fail_msg("'%s': message '%s' lacks '%s'", spec, err->msg, want);
	assert_int_equal(err->status, 0);
	sixd_error_free(&err);
	assert_int_equal(o.n_filters, 0);
	sixd_ps_filters_free(&o);
}

static void test_bad_filters(void **state)
{
	(void)state;
	check_bad_filter("bogus=1", "invalid filter 'bogus'");
	check_bad_filter("name", "bad format of filter 'name'");
	check_bad_filter("status=sleeping", "invalid filter 'status=sleeping'");
	check_bad_filter("id=xyz", "invalid filter 'id=xyz'");
	check_bad_filter("name=[", "bad regular expression");
}

static void test_formats(void **state)
{
	struct sixd_ps_opts o = {.format = "{{.Names}} {{.Status}} {{.State}} {{.CreatedAt}}"};
	_cleanup_free_ char *plain = NULL, *table = NULL, *json = NULL, *mounts = NULL;
	struct sixd_error *err = NULL;

	(void)state;
	plain = render(&o);
	assert_string_equal(plain, "web Up 59 seconds running 2026-11-23 13:02:25 +0000 UTC\n");
	o.format = "table {{.ID}}\\t{{.Names}}\\t{{.CreatedAt}}\\t{{.Ports}}";
	table = render(&o);
	assert_string_equal(table,
			    "CONTAINER ID   NAMES     CREATED AT                      PORTS\n"
			    "abc123000000   web       2026-11-23 13:02:25 +0000 UTC   \n");
	o.format = "json";
	json = render(&o);
	assert_string_equal(json, "{\"Command\":\"\\\"sleep 1000\\\"\",\"CreatedAt\":\"2026-11-23 "
				  "13:02:25 +0000 UTC\",\"ID\":\"abc123000000\",\"Image\":"
				  "\"busybox\",\"Labels\":\"\",\"LocalVolumes\":\"0\",\"Mounts\":"
				  "\"/srv/data,/tmp/x\",\"Names\":\"web\",\"Networks\":\"\","
				  "\"Ports\":\"\",\"RunningFor\":\"About a minute ago\",\"Size\":"
				  "\"0B\",\"State\":\"running\",\"Status\":\"Up 59 seconds\"}\n");
	o.format = "{{.Mounts}}";
	mounts = render(&o);
	assert_string_equal(mounts, "/srv/data,/tmp/x\n");
	o.format = "{{.Names";
	assert_null(sixd_ps_render(&o, list, 3, T0, &err));
	assert_non_null(strstr(err->msg, "unclosed action"));
	sixd_error_free(&err);
}

/* The value at a path of object keys and array indexes: "/State/Pid", "/Mounts/0/RW". */
/* Write a file of size bytes at root/rel. */
static void write_file(const char *root, const char *rel, size_t size)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_free_ char *data = calloc(1, size + 1);
	FILE *f;

	assert_true(asprintf(&path, "%s/%s", root, rel) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, size, f), size);
	fclose(f);
}

/* A data root where web's upper dir holds 1234 bytes: 12 + 1219 (linked twice) + a symlink of 3. */
static char *make_upper(void)
{
	char *root = strdup("/tmp/test_ps_size.XXXXXX");
	_cleanup_free_ char *upper = NULL, *a = NULL, *b = NULL, *l = NULL;

	assert_non_null(mkdtemp(root));
	assert_true(asprintf(&upper, "%s/containers/%s/upper", root, ID_WEB) > 0);
	assert_int_equal(sixd_mkdir_p(upper, 0755, NULL), 0);
	write_file(upper, "small", 12);
	assert_true(asprintf(&a, "%s/deep", upper) > 0);
	assert_int_equal(mkdir(a, 0755), 0);
	write_file(upper, "deep/big", 1219);
	free(a);
	assert_true(asprintf(&a, "%s/deep/big", upper) > 0);
	assert_true(asprintf(&b, "%s/big-link", upper) > 0);
	assert_int_equal(link(a, b), 0);
	assert_true(asprintf(&l, "%s/sym", upper) > 0);
	assert_int_equal(symlink("abc", l), 0);
	return root;
}

static void test_size(void **state)
{
	_cleanup_free_ char *root = make_upper(), *upper = NULL, *out = NULL, *table = NULL;
	_cleanup_free_ char *plain = NULL;
	struct sixd_ps_opts o = {.all = true, .size = true, .format = "{{.Names}} {{.Size}}"};
	int64_t size = -1;

	(void)state;
	assert_true(asprintf(&upper, "%s/containers/%s/upper", root, ID_WEB) > 0);
	assert_int_equal(sixd_ps_dir_size(upper, &size, NULL), 0);
	assert_int_equal(size, 1234);
	assert_int_equal(sixd_ps_dir_size("/nonexistent/upper", &size, NULL), 0);
	assert_int_equal(size, 0);
	/* the image cannot be found here: the virtual size is the upper dir's alone */
	o.data_root = root;
	out = render(&o);
	assert_string_equal(out, "new 0B\ndb 0B\nweb 1.23kB (virtual 1.23kB)\n");
	/* a template reading .Size gets the size without -s */
	o.size = false;
	o.format = "{{if eq .Names \"web\"}}{{.Size}}{{end}}";
	plain = render(&o);
	assert_string_equal(plain, "\n\n1.23kB (virtual 1.23kB)\n");
	/* -s with the default table adds Docker's SIZE column */
	o.size = true;
	o.format = NULL;
	table = render(&o);
	assert_non_null(strstr(table, "PORTS     NAMES     SIZE\n"));
	assert_non_null(strstr(table, "web       1.23kB (virtual 1.23kB)\n"));
	assert_int_equal(sixd_rm_rf(root, NULL), 0);
}

static json_t *json_pointer(json_t *v, const char *path)
{
	_cleanup_free_ char *copy = strdup(path);
	char *save = NULL;

	assert_non_null(copy);
	for (char *k = strtok_r(copy, "/", &save); k && v; k = strtok_r(NULL, "/", &save))
		v = json_is_array(v) ? json_array_get(v, strtoul(k, NULL, 10))
				     : json_object_get(v, k);
	return v;
}

static void test_inspect(void **state)
{
	json_auto_t *web = sixd_inspect_record(&list[2], NULL);
	json_auto_t *db = sixd_inspect_record(&list[1], NULL);
	char buf[64];

	(void)state;
	assert_non_null(web);
	assert_non_null(db);
	assert_string_equal(json_string_value(json_object_get(web, "Name")), "/web");
	assert_string_equal(json_string_value(json_object_get(web, "Path")), "sleep");
	assert_int_equal(json_integer_value(json_pointer(web, "/State/Pid")), 4242);
	assert_int_equal(json_integer_value(json_pointer(db, "/State/Pid")), 0);
	assert_int_equal(json_integer_value(json_pointer(db, "/State/ExitCode")), 3);
	assert_string_equal(json_string_value(json_pointer(web, "/State/FinishedAt")),
			    "0001-01-01T00:00:00Z");
	assert_string_equal(json_string_value(json_pointer(web, "/HostConfig/Binds/0")),
			    "/srv/data:/data:ro");
	assert_string_equal(json_string_value(json_pointer(web, "/HostConfig/Binds/1")),
			    "/tmp/x:/x");
	assert_true(json_is_null(json_pointer(web, "/HostConfig/PidsLimit")));
	assert_true(json_is_null(json_pointer(db, "/HostConfig/Binds")));
	assert_int_equal(json_integer_value(json_pointer(web, "/HostConfig/Memory")), 64 << 20);
	assert_string_equal(json_string_value(json_pointer(web, "/Mounts/0/Mode")), "ro");
	assert_true(json_is_false(json_pointer(web, "/Mounts/0/RW")));
	assert_string_equal(json_string_value(json_pointer(web, "/Config/Env/1")), "FOO=bar");
	assert_string_equal(json_string_value(json_pointer(db, "/Args/1")),
			    "echo hello world; exit 3");
	sixd_inspect_time(T0 + 100000000, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-23T13:02:25.1Z");
	sixd_inspect_time(T0, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-23T13:02:25Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_command),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_created_at),
		cmocka_unit_test(test_default_table),
		cmocka_unit_test(test_running_only_quiet_last),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_bad_filters),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_inspect),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
