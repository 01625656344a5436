// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of lib/nft.h that need no privilege: the rules' text and finding rules by comment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nft.h"

static void test_base(void **state)
{
	char *t = sixd_nft_base_text();

	(void)state;
	/* "create": the whole transaction fails rather than adding the jumps twice */
	assert_int_equal(strncmp(t, "create table ip sixdocker\n", 26), 0);
	assert_non_null(strstr(t, "type nat hook prerouting priority dstnat;"));
	assert_non_null(strstr(t, "type nat hook output priority -100;"));
	assert_non_null(strstr(t, "type nat hook postrouting priority srcnat;"));
	assert_non_null(strstr(t, "fib daddr type local jump ports"));
	free(t);
}

static void test_network(void **state)
{
	struct sixd_cidr c;
	char *t;

	(void)state;
	assert_int_equal(sixd_cidr_parse("172.18.0.0/16", &c, true, NULL), 0);
	t = sixd_nft_network_text("appnet", "br-0123456789ab", &c);
	assert_string_equal(t,
			    "add rule ip sixdocker postrouting ip saddr 172.18.0.0/16 oifname != "
			    "\"br-0123456789ab\" masquerade comment \"sixd-net:appnet\"\n"
			    "add rule ip sixdocker postrouting ip saddr 127.0.0.0/8 oifname "
			    "\"br-0123456789ab\" masquerade comment \"sixd-net:appnet\"\n");
	free(t);
}

static void test_ports(void **state)
{
	char *ports[] = {"0.0.0.0:8080:80/tcp", "127.0.0.1:5353:53/udp", NULL};
	char *t;

	(void)state;
	t = sixd_nft_ports_text("abc", 0xac110002, ports);
	assert_string_equal(t, "add rule ip sixdocker ports tcp dport 8080 dnat to 172.17.0.2:80 "
			       "comment \"sixd:abc\"\n"
			       "add rule ip sixdocker ports ip daddr 127.0.0.1 udp dport 5353 "
			       "dnat to 172.17.0.2:53 comment \"sixd:abc\"\n");
	free(t);
	t = sixd_nft_ports_text("abc", 0xac110002, NULL);
	assert_string_equal(t, "");
	free(t);
}

static void test_find_handles(void **state)
{
	static const char json[] =
		"{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}},"
		"{\"table\": {\"family\": \"ip\", \"name\": \"sixdocker\", \"handle\": 1}},"
		"{\"chain\": {\"family\": \"ip\", \"table\": \"sixdocker\", \"name\": \"ports\"}},"
		"{\"rule\": {\"chain\": \"ports\", \"handle\": 7, \"comment\": \"sixd:aaa\"}},"
		"{\"rule\": {\"chain\": \"ports\", \"handle\": 8, \"comment\": \"sixd:bbb\"}},"
		"{\"rule\": {\"chain\": \"ports\", \"handle\": 9, \"comment\": \"sixd:aaa\"}},"
		"{\"rule\": {\"chain\": \"postrouting\", \"handle\": 3, \"comment\": \"sixd:aaa\"}},"
		"{\"rule\": {\"chain\": \"ports\", \"handle\": 10}}]}";
	uint64_t *h = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(sixd_nft_find_handles(json, "ports", "sixd:aaa", &h, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(h[0], 7);
	assert_int_equal(h[1], 9);
	free(h);
	/* a prefix of another container's id matches nothing */
	assert_int_equal(sixd_nft_find_handles(json, "ports", "sixd:aa", &h, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(sixd_nft_find_handles(json, "postrouting", "sixd:aaa", &h, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(h[0], 3);
	free(h);
	assert_int_equal(sixd_nft_find_handles("not json", "ports", "x", &h, &n), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base),
		cmocka_unit_test(test_network),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_find_handles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
