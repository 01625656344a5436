/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_NFT_H
#define SIXD_NFT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "netaddr.h"

/*
 * NAT for the bridge networks through libnftables, in the table "ip sixdocker"
 * of the network namespace sixdocker runs in:
 *
 *   prerouting, output (nat, dstnat):  fib daddr type local jump ports
 *   ports:        one DNAT rule per published port, comment "sixd:<container id>"
 *   postrouting (nat, srcnat):  per network, comment "sixd-net:<name>": masquerade
 *                 its subnet going out elsewhere, and 127.0.0.0/8 going into its
 *                 bridge (127.0.0.1:PORT reaches a container; route_localnet)
 *
 * Every rule carries its owner's comment, so removing an owner deletes exactly
 * its rules (found by comment, deleted by handle).  The text builders are pure.
 */

#define SIXD_NFT_TABLE "sixdocker"

/* The table with its chains and jumps, for "create table" (fails when it exists). */
char *sixd_nft_base_text(void);

/* The postrouting rules of a network. */
char *sixd_nft_network_text(const char *name, const char *bridge, const struct sixd_cidr *subnet);

/* The DNAT rules of a container at addr, one per published port ("HOSTIP:HOSTPORT:PORT/PROTO"). */
char *sixd_nft_ports_text(const char *id, uint32_t addr, char *const *ports);

/*
 * The handles of the rules of chain whose comment is comment, from the JSON of
 * `list table` (handles on).  *out is malloc'd; 0 or -1 (not JSON: EINVAL).
 */
int sixd_nft_find_handles(const char *json, const char *chain, const char *comment, uint64_t **out,
			  size_t *n);

/* Run nft commands (one transaction). */
int sixd_nft_run(const char *cmds, struct sixd_error **err);

/* Create the table and its chains unless it exists. */
int sixd_nft_ensure_base(struct sixd_error **err);

/* Delete the rules whose comment is comment from chain; none (or no table) is fine. */
int sixd_nft_delete_tagged(const char *chain, const char *comment, struct sixd_error **err);

#endif
