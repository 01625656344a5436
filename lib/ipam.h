/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_IPAM_H
#define SIXD_IPAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netaddr.h"

/*
 * Address management, the pure part (unit tested): which subnet a new network
 * gets, and which address a new container gets.  The state it works on (the
 * addresses in use, under a lock) is kept by network.c.
 */

/* The gateway of a subnet: its first host address. */
uint32_t sixd_ipam_gateway(const struct sixd_cidr *subnet);

/*
 * The lowest host address of subnet that is neither the gateway nor in used[n]
 * (the network and broadcast addresses are never given).  0 when the subnet is full.
 */
uint32_t sixd_ipam_next(const struct sixd_cidr *subnet, uint32_t gateway, const uint32_t *used,
			size_t n);

/* Whether addr is a host address of subnet that is neither the gateway nor in used[n] (--ip). */
bool sixd_ipam_usable(const struct sixd_cidr *subnet, uint32_t gateway, const uint32_t *used,
		      size_t n, uint32_t addr);

/*
 * The first subnet of Docker's default pools (172.17.0.0/16 ... 172.31.0.0/16,
 * then 192.168.0.0/20 ... 192.168.240.0/20) that overlaps none of taken[n]
 * (routes of the host and the subnets of other networks).  -1 when all are taken.
 */
int sixd_ipam_pick_subnet(const struct sixd_cidr *taken, size_t n, struct sixd_cidr *out);

#endif
