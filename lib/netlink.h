/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_NETLINK_H
#define SIXD_NETLINK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "netaddr.h"

/*
 * Links, addresses and routes over rtnetlink (libmnl).  A socket talks to the
 * network namespace it was opened in: sixd_nl_open for ours, sixd_nl_open_in
 * for a container's.  Addresses are in host byte order.
 */
struct sixd_nl {
	struct mnl_socket *sock;
	unsigned int seq;
	unsigned int portid;
};

int sixd_nl_open(struct sixd_nl *nl, struct sixd_error **err);

/* A socket in the network namespace of process pid (setns there and back). */
int sixd_nl_open_in(struct sixd_nl *nl, pid_t pid, struct sixd_error **err);

void sixd_nl_close(struct sixd_nl *nl);

/* The interface flags (IFF_UP...) of name in our namespace; -1 with errno ENODEV when absent. */
int sixd_nl_link_flags(const char *name, unsigned int *flags);

/* The index of the link named name in the socket's namespace. */
int sixd_nl_link_index(struct sixd_nl *nl, const char *name, unsigned int *index,
		       struct sixd_error **err);

/* Create a bridge named name (down); an existing link of that name is fine. */
int sixd_nl_bridge_add(struct sixd_nl *nl, const char *name, struct sixd_error **err);

/* Bring the link up. */
int sixd_nl_link_up(struct sixd_nl *nl, unsigned int ifindex, struct sixd_error **err);

/* Delete the link named name; a missing one is fine. */
int sixd_nl_link_del(struct sixd_nl *nl, const char *name, struct sixd_error **err);

/* Add addr/prefix to the link; an address it already has is fine. */
int sixd_nl_addr_add(struct sixd_nl *nl, unsigned int ifindex, uint32_t addr, int prefix,
		     struct sixd_error **err);

/*
 * Create a veth pair: name in our namespace, up and enslaved to the bridge
 * master, and peer_name (down) in the network namespace of process peer_pid.
 */
int sixd_nl_veth_add(struct sixd_nl *nl, const char *name, unsigned int master,
		     const char *peer_name, pid_t peer_pid, struct sixd_error **err);

/* Add the default route via gateway on the link ifindex. */
int sixd_nl_route_default(struct sixd_nl *nl, unsigned int ifindex, uint32_t gateway,
			  struct sixd_error **err);

/* The destinations of the IPv4 routes of the main table, the default route left out. */
int sixd_nl_routes(struct sixd_nl *nl, struct sixd_cidr **out, size_t *n, struct sixd_error **err);

#endif
