// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of lib/network.h that need no privilege: /etc/hosts and /etc/resolv.conf,
 * and the init layer every container's /etc files are mounted on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "network.h"
#include "store.h"
#include "util.h"

static void test_hosts(void **state)
{
	const struct sixd_host_entry e[] = {
		{"10.77.0.2", "47ecc2aaca3b web"},
		{"10.77.0.3", "db"},
	};
	char *t;

	(void)state;
	t = sixd_hosts_text(e, 2);
	assert_int_equal(strncmp(t, "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost", 46), 0);
	assert_non_null(strstr(t, "\nff02::2\tip6-allrouters\n10.77.0.2\t47ecc2aaca3b web\n"
				  "10.77.0.3\tdb\n"));
	free(t);
	t = sixd_hosts_text(NULL, 0);
	assert_non_null(strstr(t, "ip6-allrouters\n"));
	assert_null(strstr(t, "10."));
	free(t);
}

static void test_resolv_conf(void **state)
{
	char *t;

	(void)state;
	t = sixd_resolv_conf_text("# generated\nnameserver 127.0.0.53\nnameserver 10.0.0.2\n"
				  "  nameserver ::1\nsearch example.org\noptions edns0\n");
	assert_string_equal(t, "# generated\nnameserver 10.0.0.2\nsearch example.org\n"
			       "options edns0\n");
	free(t);
	/* only loopback resolvers (systemd-resolved): Docker's fallback */
	t = sixd_resolv_conf_text("nameserver 127.0.0.53\nsearch lan\n");
	assert_string_equal(t, "search lan\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n");
	free(t);
	t = sixd_resolv_conf_text(NULL);
	assert_string_equal(t, "nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
	free(t);
}

/* The /etc files of a --network none container named name, in its record's directory. */
static void create_none(struct sixd_store *s, const char *name)
{
	struct sixd_net_opts o = {.network = "none"};
	struct sixd_record r = {0};
	struct sixd_error *err = NULL;

	assert_int_equal(sixd_store_reserve(s, name, NULL), 0);
	r.name = strdup(name);
	r.hostname = strdup(name);
	assert_int_equal(sixd_net_create(s, &r, &o, &err), 0);
	assert_null(err);
	sixd_record_free(&r);
}

/*
 * One init layer under the data root serves every container; the files bound on
 * it sit next to each record; nothing temporary is left and nothing else is made
 * under the data root.
 */
static void test_init_layer_shared(void **state)
{
	char tmp[] = "/tmp/sixd-test-net-XXXXXX", path[600], root[300], data[300];
	struct sixd_store s = {0};
	char *text;
	struct stat st;
	struct dirent *e;
	DIR *d;

	(void)state;
	assert_non_null(mkdtemp(tmp));
	snprintf(root, sizeof(root), "%s/state", tmp);
	snprintf(data, sizeof(data), "%s/data", tmp);
	assert_int_equal(sixd_store_init(&s, root, data, NULL), 0);
	create_none(&s, "aa");
	create_none(&s, "bb");
	for (const char *const *f = (const char *const[]){"hostname", "hosts", "resolv.conf", NULL};
	     *f; f++) {
		snprintf(path, sizeof(path), "%s/init/etc/%s", data, *f);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_size, 0);
		snprintf(path, sizeof(path), "%s/bb/%s", root, *f);
		assert_int_equal(stat(path, &st), 0);
		assert_true(st.st_size > 0);
	}
	snprintf(path, sizeof(path), "%s/aa/hostname", root);
	text = sixd_read_file(path, NULL, NULL);
	assert_non_null(text);
	assert_string_equal(text, "aa\n");
	free(text);
	snprintf(path, sizeof(path), "%s/aa", root);
	assert_true(sixd_net_init_layer(path));
	snprintf(path, sizeof(path), "%s/cc", root);
	assert_false(sixd_net_init_layer(path));
	d = opendir(data);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		assert_true(e->d_name[0] == '.' || strcmp(e->d_name, "init") == 0);
	closedir(d);
	sixd_store_fini(&s);
	assert_int_equal(sixd_rm_rf(tmp, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hosts),
		cmocka_unit_test(test_resolv_conf),
		cmocka_unit_test(test_init_layer_shared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
