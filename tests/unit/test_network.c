// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of lib/network.h that need no privilege: /etc/hosts and /etc/resolv.conf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "network.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hosts),
		cmocka_unit_test(test_resolv_conf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
