// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of lib/netaddr.h: addresses, subnets, -p and --expose specs, the PORTS cell. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "netaddr.h"

static void test_ipv4(void **state)
{
	char buf[SIXD_IPV4_LEN];
	uint32_t a;

	(void)state;
	assert_int_equal(sixd_ipv4_parse("10.1.2.3", &a), 0);
	assert_int_equal(a, 0x0a010203);
	sixd_ipv4_format(a, buf);
	assert_string_equal(buf, "10.1.2.3");
	assert_int_equal(sixd_ipv4_parse("255.255.255.255", &a), 0);
	assert_int_equal(a, 0xffffffff);
	static const char *const bad[] = {"",	       "1.2.3",	   "1.2.3.4.5",
					  "256.1.1.1", "1..2.3",   "1.2.3.4 ",
					  "a.b.c.d",   "1.2.3.-4", "1.2.3.04444"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (sixd_ipv4_parse(bad[i], &a) != -1)
			fail_msg("'%s' accepted", bad[i]);
}

static void test_cidr(void **state)
{
	struct sixd_error *err = NULL;
	struct sixd_cidr c, d;
	char buf[SIXD_CIDR_LEN];

	(void)state;
	assert_int_equal(sixd_cidr_parse("172.18.0.0/16", &c, true, &err), 0);
	assert_int_equal(c.addr, 0xac120000);
	assert_int_equal(c.prefix, 16);
	sixd_cidr_format(&c, buf);
	assert_string_equal(buf, "172.18.0.0/16");
	assert_int_equal(sixd_cidr_last(&c), 0xac12ffff);
	assert_true(sixd_cidr_contains(&c, 0xac120a01));
	assert_false(sixd_cidr_contains(&c, 0xac130001));
	assert_int_equal(sixd_cidr_parse("172.18.128.0/17", &d, true, &err), 0);
	assert_true(sixd_cidr_overlap(&c, &d));
	assert_true(sixd_cidr_overlap(&d, &c));
	assert_int_equal(sixd_cidr_parse("172.19.0.0/24", &d, true, &err), 0);
	assert_false(sixd_cidr_overlap(&c, &d));
	assert_int_equal(sixd_cidr_parse("0.0.0.0/0", &d, false, &err), 0);
	assert_true(sixd_cidr_overlap(&c, &d));
	assert_int_equal(sixd_prefix_mask(0), 0);
	assert_int_equal(sixd_prefix_mask(32), 0xffffffff);
	assert_int_equal(sixd_prefix_mask(24), 0xffffff00);

	static const char *const bad[] = {"10.0.0.0",  "10.0.0.1/24", "10.0.0.0/31", "10.0.0.0/7",
					  "10.0.0.0/", "10.0.0.0/x",  "300.0.0.0/8", "0.0.0.0/0"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (sixd_cidr_parse(bad[i], &c, true, &err) != -1)
			fail_msg("'%s' accepted", bad[i]);
		assert_non_null(strstr(err->msg, bad[i]));
		sixd_error_free(&err);
	}
}

static void assert_port(const char *spec, const char *canonical)
{
	struct sixd_error *err = NULL;
	struct sixd_port p, q;
	char buf[48];

	if (sixd_port_parse(spec, &p, &err) != 0)
		fail_msg("'%s' rejected: %s", spec, err ? err->msg : "?");
	sixd_port_format(&p, buf, sizeof(buf));
	assert_string_equal(buf, canonical);
	/* the record's form reads back the same */
	assert_int_equal(sixd_port_parse(buf, &q, NULL), 0);
	assert_memory_equal(&p, &q, sizeof(p));
}

static void test_port_parse(void **state)
{
	struct sixd_error *err = NULL;
	struct sixd_port p;

	(void)state;
	assert_port("80", "0.0.0.0:0:80/tcp");
	assert_port("8080:80", "0.0.0.0:8080:80/tcp");
	assert_port("8080:80/udp", "0.0.0.0:8080:80/udp");
	assert_port("127.0.0.1:8080:80", "127.0.0.1:8080:80/tcp");
	assert_port("127.0.0.1::53/udp", "127.0.0.1:0:53/udp");
	assert_port(":8080:80", "0.0.0.0:8080:80/tcp");
	static const char *const bad[] = {"",	     "0",	 "65536",      "80/sctp",
					  "8080:0",  "x:80",	 "1.2.3:8:80", "8080-8090:80",
					  "1:2:3:4", "8080:80/", "/tcp",       "-1:80"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (sixd_port_parse(bad[i], &p, &err) != -1)
			fail_msg("'%s' accepted", bad[i]);
		assert_int_equal(err->status, EINVAL);
		sixd_error_free(&err);
	}
}

static void test_port_conflict(void **state)
{
	struct sixd_port any, lo, lo2, udp, other;

	(void)state;
	assert_int_equal(sixd_port_parse("8080:80", &any, NULL), 0);
	assert_int_equal(sixd_port_parse("127.0.0.1:8080:81", &lo, NULL), 0);
	assert_int_equal(sixd_port_parse("127.0.0.2:8080:81", &lo2, NULL), 0);
	assert_int_equal(sixd_port_parse("8080:80/udp", &udp, NULL), 0);
	assert_int_equal(sixd_port_parse("8081:80", &other, NULL), 0);
	assert_true(sixd_port_conflict(&any, &lo));
	assert_true(sixd_port_conflict(&lo, &any));
	assert_false(sixd_port_conflict(&lo, &lo2));
	assert_false(sixd_port_conflict(&any, &udp));
	assert_false(sixd_port_conflict(&any, &other));
}

static void test_expose_and_ports_text(void **state)
{
	char *pub[] = {"0.0.0.0:8080:80/tcp", "127.0.0.1:5353:53/udp", NULL};
	char *exposed[] = {"80/tcp", "443/tcp", "53/tcp", NULL};
	char *text, proto[4];
	uint16_t port;

	(void)state;
	assert_int_equal(sixd_expose_parse("53/udp", &port, proto, NULL), 0);
	assert_int_equal(port, 53);
	assert_string_equal(proto, "udp");
	assert_int_equal(sixd_expose_parse("8000", &port, proto, NULL), 0);
	assert_string_equal(proto, "tcp");
	assert_int_equal(sixd_expose_parse("80:80", &port, proto, NULL), -1);
	text = sixd_ports_text(pub, exposed);
	assert_string_equal(text, "0.0.0.0:8080->80/tcp, 127.0.0.1:5353->53/udp, 443/tcp, 53/tcp");
	free(text);
	text = sixd_ports_text(NULL, NULL);
	assert_string_equal(text, "");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_cidr),
		cmocka_unit_test(test_port_parse),
		cmocka_unit_test(test_port_conflict),
		cmocka_unit_test(test_expose_and_ports_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
