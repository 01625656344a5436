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

/* Make <data>/containers/<id> and its files for --network none; its init layer link. */
static void create_none(const char *data, const char *id, char *link, size_t len)
{
	struct sixd_net_opts o = {.network = "none"};
	struct sixd_record r = {0};
	struct sixd_error *err = NULL;
	char dir[512];
	ssize_t n;

	snprintf(dir, sizeof(dir), "%s/containers/%s", data, id);
	assert_int_equal(sixd_mkdir_p(dir, 0755, NULL), 0);
	r.hostname = strdup(id);
	assert_int_equal(sixd_net_create(NULL, &r, &o, dir, &err), 0);
	sixd_record_free(&r);
	snprintf(dir, sizeof(dir), "%s/containers/%s/init", data, id);
	n = readlink(dir, link, len - 1);
	assert_true(n > 0);
	link[n] = '\0';
}

/* One init layer under the data root serves every container; nothing temporary is left. */
static void test_init_layer_shared(void **state)
{
	char data[] = "/tmp/sixd-test-net-XXXXXX", path[600], link_a[64], link_b[64];
	struct stat st;
	struct dirent *e;
	DIR *d;

	(void)state;
	assert_non_null(mkdtemp(data));
	create_none(data, "a", link_a, sizeof(link_a));
	create_none(data, "b", link_b, sizeof(link_b));
	assert_string_equal(link_a, "../../init");
	assert_string_equal(link_b, "../../init");
	for (const char *const *f = (const char *const[]){"hostname", "hosts", "resolv.conf", NULL};
	     *f; f++) {
		snprintf(path, sizeof(path), "%s/init/etc/%s", data, *f);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_size, 0);
	}
	snprintf(path, sizeof(path), "%s/containers/a/hosts", data);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 0);
	d = opendir(data);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		assert_null(strstr(e->d_name, "init.tmp"));
	closedir(d);
	assert_int_equal(sixd_rm_rf(data, NULL), 0);
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
