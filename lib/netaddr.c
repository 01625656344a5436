// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IPv4 addresses, subnets and ports as text (see netaddr.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "netaddr.h"
#include "util.h"

/* A decimal number of at most 5 digits ending at *end; -1 when there is none. */
static long parse_num(const char *s, const char **end)
{
	long n = 0;
	int digits = 0;

	while (*s >= '0' && *s <= '9' && digits < 6) {
		n = n * 10 + (*s++ - '0');
		digits++;
	}
	*end = s;
	return digits == 0 || digits > 5 ? -1 : n;
}

int sixd_ipv4_parse(const char *s, uint32_t *out)
{
	uint32_t addr = 0;
	const char *end;

	for (int i = 0; i < 4; i++) {
		long n = parse_num(s, &end);

		if (n < 0 || n > 255 || *end != (i == 3 ? '\0' : '.'))
			return -1;
		addr = addr << 8 | (uint32_t)n;
		s = end + 1;
	}
	*out = addr;
	return 0;
}

void sixd_ipv4_format(uint32_t addr, char buf[SIXD_IPV4_LEN])
{
	snprintf(buf, SIXD_IPV4_LEN, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff,
		 (addr >> 8) & 0xff, addr & 0xff);
}

uint32_t sixd_prefix_mask(int prefix)
{
	return prefix <= 0 ? 0 : (uint32_t)(0xffffffffULL << (32 - prefix));
}

int sixd_cidr_parse(const char *s, struct sixd_cidr *out, bool strict, struct sixd_error **err)
{
	const char *slash = strchr(s, '/'), *end;
	_cleanup_free_ char *ip = NULL;
	long prefix;
	uint32_t addr;

	if (slash == NULL || (ip = strndup(s, (size_t)(slash - s))) == NULL ||
	    sixd_ipv4_parse(ip, &addr) < 0)
		return sixd_error_set(err, EINVAL, "invalid subnet '%s': not A.B.C.D/N", s);
	prefix = parse_num(slash + 1, &end);
	if (prefix < 0 || *end != '\0' || prefix > 32 || (strict && (prefix < 8 || prefix > 30)))
		return sixd_error_set(err, EINVAL, "invalid subnet '%s': the prefix must be %s", s,
				      strict ? "8 to 30" : "0 to 32");
	if (addr & ~sixd_prefix_mask((int)prefix))
		return sixd_error_set(err, EINVAL, "invalid subnet '%s': host bits are set", s);
	out->addr = addr;
	out->prefix = (int)prefix;
	return 0;
}

void sixd_cidr_format(const struct sixd_cidr *c, char buf[SIXD_CIDR_LEN])
{
	char ip[SIXD_IPV4_LEN];

	sixd_ipv4_format(c->addr, ip);
	snprintf(buf, SIXD_CIDR_LEN, "%s/%d", ip, c->prefix);
}

bool sixd_cidr_contains(const struct sixd_cidr *c, uint32_t addr)
{
	return (addr & sixd_prefix_mask(c->prefix)) == c->addr;
}

bool sixd_cidr_overlap(const struct sixd_cidr *a, const struct sixd_cidr *b)
{
	int p = a->prefix < b->prefix ? a->prefix : b->prefix;

	return ((a->addr ^ b->addr) & sixd_prefix_mask(p)) == 0;
}

uint32_t sixd_cidr_last(const struct sixd_cidr *c)
{
	return c->addr | ~sixd_prefix_mask(c->prefix);
}

static int port_number(const char *s, bool zero_ok, uint16_t *out)
{
	const char *end;
	long n = parse_num(s, &end);

	if (*s == '\0' && zero_ok) {
		*out = 0;
		return 0;
	}
	if (n < (zero_ok ? 0 : 1) || n > 65535 || *end != '\0')
		return -1;
	*out = (uint16_t)n;
	return 0;
}

/* Split "SPEC/PROTO" into spec (*body, new string) and proto. */
static int split_proto(const char *spec, char **body, char proto[4])
{
	const char *slash = strrchr(spec, '/');

	snprintf(proto, 4, "tcp");
	if (slash) {
		if (strcmp(slash + 1, "tcp") != 0 && strcmp(slash + 1, "udp") != 0)
			return -1;
		snprintf(proto, 4, "%s", slash + 1);
	}
	*body = slash ? strndup(spec, (size_t)(slash - spec)) : strdup(spec);
	return *body ? 0 : -1;
}

int sixd_port_parse(const char *spec, struct sixd_port *out, struct sixd_error **err)
{
	_cleanup_free_ char *body = NULL;
	char *parts[3] = {NULL, NULL, NULL}, *p, *colon;
	int n = 0;

	memset(out, 0, sizeof(*out));
	if (split_proto(spec, &body, out->proto) < 0)
		goto bad;
	for (p = body;; p = colon + 1) {
		if (n == 3)
			goto bad;
		parts[n++] = p;
		colon = strchr(p, ':');
		if (colon == NULL)
			break;
		*colon = '\0';
	}
	if (port_number(parts[n - 1], false, &out->port) < 0)
		goto bad;
	if (n >= 2 && port_number(parts[n - 2], true, &out->host_port) < 0)
		goto bad;
	if (n == 3 && *parts[0] && sixd_ipv4_parse(parts[0], &out->host_ip) < 0)
		goto bad;
	return 0;
bad:
	return sixd_error_set(err, EINVAL,
			      "invalid port '%s': [HOSTIP:][HOSTPORT:]PORT[/tcp|/udp] expected",
			      spec);
}

void sixd_port_format(const struct sixd_port *p, char *buf, size_t len)
{
	char ip[SIXD_IPV4_LEN];

	sixd_ipv4_format(p->host_ip, ip);
	snprintf(buf, len, "%s:%u:%u/%s", ip, p->host_port, p->port, p->proto);
}

bool sixd_port_conflict(const struct sixd_port *a, const struct sixd_port *b)
{
	return a->host_port == b->host_port && strcmp(a->proto, b->proto) == 0 &&
	       (a->host_ip == 0 || b->host_ip == 0 || a->host_ip == b->host_ip);
}

int sixd_expose_parse(const char *spec, uint16_t *port, char proto[4], struct sixd_error **err)
{
	_cleanup_free_ char *body = NULL;

	if (split_proto(spec, &body, proto) < 0 || port_number(body, false, port) < 0)
		return sixd_error_set(err, EINVAL, "invalid exposed port '%s': PORT[/tcp|/udp]",
				      spec);
	return 0;
}

static bool published(char *const *pub, uint16_t port, const char *proto)
{
	struct sixd_port p;

	for (size_t i = 0; pub && pub[i]; i++)
		if (sixd_port_parse(pub[i], &p, NULL) == 0 && p.port == port &&
		    strcmp(p.proto, proto) == 0)
			return true;
	return false;
}

char *sixd_ports_text(char *const *pub, char *const *exposed)
{
	char *buf = NULL, ip[SIXD_IPV4_LEN], proto[4];
	const char *sep = "";
	size_t len = 0;
	struct sixd_port p;
	uint16_t port = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return NULL;
	for (size_t i = 0; pub && pub[i]; i++) {
		if (sixd_port_parse(pub[i], &p, NULL) < 0)
			continue;
		sixd_ipv4_format(p.host_ip, ip);
		fprintf(f, "%s%s:%u->%u/%s", sep, ip, p.host_port, p.port, p.proto);
		sep = ", ";
	}
	for (size_t i = 0; exposed && exposed[i]; i++) {
		if (sixd_expose_parse(exposed[i], &port, proto, NULL) < 0 ||
		    published(pub, port, proto))
			continue;
		fprintf(f, "%s%u/%s", sep, port, proto);
		sep = ", ";
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
