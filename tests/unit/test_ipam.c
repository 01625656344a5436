// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of lib/ipam.h: the subnet of a new network, the address of a new container. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ipam.h"

static struct sixd_cidr cidr(const char *s)
{
	struct sixd_cidr c;

	assert_int_equal(sixd_cidr_parse(s, &c, false, NULL), 0);
	return c;
}

static uint32_t ip(const char *s)
{
	uint32_t a;

	assert_int_equal(sixd_ipv4_parse(s, &a), 0);
	return a;
}

static void test_next(void **state)
{
	struct sixd_cidr net = cidr("10.0.0.0/29"); /* hosts .1 to .6 */
	uint32_t gw = sixd_ipam_gateway(&net);
	uint32_t used[6] = {0};
	size_t n = 0;

	(void)state;
	assert_int_equal(gw, ip("10.0.0.1"));
	/* .2 to .6, in order, each once */
	for (int i = 2; i <= 6; i++) {
		uint32_t a = sixd_ipam_next(&net, gw, used, n);

		assert_int_equal(a, ip("10.0.0.0") + (uint32_t)i);
		used[n++] = a;
	}
	/* full: neither the network, nor the gateway, nor the broadcast address */
	assert_int_equal(sixd_ipam_next(&net, gw, used, n), 0);
	/* a released address is the next one given */
	used[1] = 0;
	assert_int_equal(sixd_ipam_next(&net, gw, used, n), ip("10.0.0.3"));
	/* a gateway that is not the first address is skipped where it is */
	assert_int_equal(sixd_ipam_next(&net, ip("10.0.0.2"), NULL, 0), ip("10.0.0.1"));
}

static void test_usable(void **state)
{
	struct sixd_cidr net = cidr("10.77.0.0/24");
	uint32_t used[] = {ip("10.77.0.2")};

	(void)state;
	assert_true(sixd_ipam_usable(&net, ip("10.77.0.1"), used, 1, ip("10.77.0.50")));
	assert_true(sixd_ipam_usable(&net, ip("10.77.0.1"), used, 1, ip("10.77.0.254")));
	assert_false(sixd_ipam_usable(&net, ip("10.77.0.1"), used, 1, ip("10.77.0.2")));
	assert_false(sixd_ipam_usable(&net, ip("10.77.0.1"), used, 1, ip("10.77.0.1")));
	assert_false(sixd_ipam_usable(&net, ip("10.77.0.1"), used, 1, ip("10.77.0.0")));
	assert_false(sixd_ipam_usable(&net, ip("10.77.0.1"), used, 1, ip("10.77.0.255")));
	assert_false(sixd_ipam_usable(&net, ip("10.77.0.1"), used, 1, ip("10.78.0.5")));
}

static void test_pick_subnet(void **state)
{
	struct sixd_cidr taken[20], out;
	size_t n = 0;

	(void)state;
	assert_int_equal(sixd_ipam_pick_subnet(NULL, 0, &out), 0);
	assert_int_equal(out.addr, cidr("172.17.0.0/16").addr);
	assert_int_equal(out.prefix, 16);
	/* a host route inside 172.17/16 and a network on 172.18/16 push it to 172.19 */
	taken[n++] = cidr("172.17.5.0/24");
	taken[n++] = cidr("172.18.0.0/16");
	assert_int_equal(sixd_ipam_pick_subnet(taken, n, &out), 0);
	assert_int_equal(out.addr, cidr("172.19.0.0/16").addr);
	/* 172.16/12 covers every 172 pool: 192.168.0.0/20 next, then /20 steps */
	n = 0;
	taken[n++] = cidr("172.16.0.0/12");
	assert_int_equal(sixd_ipam_pick_subnet(taken, n, &out), 0);
	assert_int_equal(out.addr, cidr("192.168.0.0/20").addr);
	assert_int_equal(out.prefix, 20);
	taken[n++] = cidr("192.168.1.0/24");
	assert_int_equal(sixd_ipam_pick_subnet(taken, n, &out), 0);
	assert_int_equal(out.addr, cidr("192.168.16.0/20").addr);
	taken[n++] = cidr("192.168.0.0/16");
	assert_int_equal(sixd_ipam_pick_subnet(taken, n, &out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_usable),
		cmocka_unit_test(test_pick_subnet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
