// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Subnet and address choice (see ipam.h).
 */
#include <stdbool.h>

#include "ipam.h"

uint32_t sixd_ipam_gateway(const struct sixd_cidr *subnet)
{
	return subnet->addr + 1;
}

static bool in_use(uint32_t addr, const uint32_t *used, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (used[i] == addr)
			return true;
	return false;
}

uint32_t sixd_ipam_next(const struct sixd_cidr *subnet, uint32_t gateway, const uint32_t *used,
			size_t n)
{
	uint32_t last = sixd_cidr_last(subnet);

	for (uint32_t a = subnet->addr + 1; a < last; a++)
		if (a != gateway && !in_use(a, used, n))
			return a;
	return 0;
}

bool sixd_ipam_usable(const struct sixd_cidr *subnet, uint32_t gateway, const uint32_t *used,
		      size_t n, uint32_t addr)
{
	return sixd_cidr_contains(subnet, addr) && addr != subnet->addr &&
	       addr != sixd_cidr_last(subnet) && addr != gateway && !in_use(addr, used, n);
}

static bool overlaps_any(const struct sixd_cidr *c, const struct sixd_cidr *taken, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (sixd_cidr_overlap(c, &taken[i]))
			return true;
	return false;
}

int sixd_ipam_pick_subnet(const struct sixd_cidr *taken, size_t n, struct sixd_cidr *out)
{
	struct sixd_cidr c;

	for (uint32_t b = 17; b <= 31; b++) {
		c = (struct sixd_cidr){.addr = 172u << 24 | b << 16, .prefix = 16};
		if (!overlaps_any(&c, taken, n))
			return *out = c, 0;
	}
	for (uint32_t b = 0; b < 256; b += 16) {
		c = (struct sixd_cidr){.addr = 192u << 24 | 168u << 16 | b << 8, .prefix = 20};
		if (!overlaps_any(&c, taken, n))
			return *out = c, 0;
	}
	return -1;
}
