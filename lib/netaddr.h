/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_NETADDR_H
#define SIXD_NETADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/*
 * IPv4 addresses, subnets and published ports: parsing and formatting only (no
 * system calls), unit tested.  Addresses are in host byte order.
 */

#define SIXD_IPV4_LEN 16 /* "255.255.255.255" and its NUL */
#define SIXD_CIDR_LEN 19 /* ... "/32" */

struct sixd_cidr {
	uint32_t addr; /* the network address (host bits zero) */
	int prefix;    /* 0..32 */
};

/* Parse a dotted quad ("10.0.0.1", exactly four decimal parts); -1 when invalid. */
int sixd_ipv4_parse(const char *s, uint32_t *out);
void sixd_ipv4_format(uint32_t addr, char buf[SIXD_IPV4_LEN]);

/* The netmask of a prefix length (0 for /0). */
uint32_t sixd_prefix_mask(int prefix);

/*
 * Parse "A.B.C.D/N" (N 8..30 for a network of containers when strict, 0..32
 * else).  Host bits must be zero: "10.0.0.1/24" is refused, naming the subnet.
 */
int sixd_cidr_parse(const char *s, struct sixd_cidr *out, bool strict, struct sixd_error **err);
void sixd_cidr_format(const struct sixd_cidr *c, char buf[SIXD_CIDR_LEN]);
bool sixd_cidr_contains(const struct sixd_cidr *c, uint32_t addr);
bool sixd_cidr_overlap(const struct sixd_cidr *a, const struct sixd_cidr *b);
/* The broadcast address of c. */
uint32_t sixd_cidr_last(const struct sixd_cidr *c);

/* A published port (-p): host address (0: any), host port (0: pick one), container port. */
struct sixd_port {
	uint32_t host_ip;
	uint16_t host_port;
	uint16_t port;
	char proto[4]; /* "tcp" or "udp" */
};

/*
 * Parse Docker's -p forms: "80", "8080:80", "127.0.0.1:8080:80", "127.0.0.1::80",
 * each with an optional "/tcp" or "/udp" (default tcp).  Ranges are refused.
 */
int sixd_port_parse(const char *spec, struct sixd_port *out, struct sixd_error **err);

/* The record's form of a published port: "HOSTIP:HOSTPORT:PORT/PROTO" (sixd_port_parse reads it).
 */
void sixd_port_format(const struct sixd_port *p, char *buf, size_t len);

/* Two bindings that cannot both hold: same protocol and port, and one address covers the other. */
bool sixd_port_conflict(const struct sixd_port *a, const struct sixd_port *b);

/* Parse an exposed port ("80", "53/udp") into port and protocol. */
int sixd_expose_parse(const char *spec, uint16_t *port, char proto[4], struct sixd_error **err);

/*
 * Docker's PORTS cell from the record's published ("HOSTIP:HOSTPORT:PORT/PROTO")
 * and exposed ("PORT/PROTO") ports: "0.0.0.0:8080->80/tcp, 443/tcp" (an exposed
 * port that is also published shows once).  A new string; NULL on ENOMEM.
 */
char *sixd_ports_text(char *const *published, char *const *exposed);

#endif
