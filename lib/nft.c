// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sixdocker nftables table (see nft.h).
 */
#include <errno.h>
#include <jansson.h>
#include <nftables/libnftables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "nft.h"
#include "nft_dl.h"

char *sixd_nft_base_text(void)
{
	char *text = NULL;

	if (asprintf(&text, "create table ip " SIXD_NFT_TABLE "\n"
			    "table ip " SIXD_NFT_TABLE " {\n"
			    "\tchain ports {\n\t}\n"
			    "\tchain prerouting {\n"
			    "\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
			    "\t\tfib daddr type local jump ports\n\t}\n"
			    "\tchain output {\n"
			    "\t\ttype nat hook output priority -100; policy accept;\n"
			    "\t\tfib daddr type local jump ports\n\t}\n"
			    "\tchain postrouting {\n"
			    "\t\ttype nat hook postrouting priority srcnat; policy accept;\n\t}\n"
			    "}\n") < 0)
		return NULL;
	return text;
}

char *sixd_nft_network_text(const char *name, const char *bridge, const struct sixd_cidr *subnet)
{
	char cidr[SIXD_CIDR_LEN], *text = NULL;

	sixd_cidr_format(subnet, cidr);
	if (asprintf(&text,
		     "add rule ip " SIXD_NFT_TABLE " postrouting ip saddr %s oifname != \"%s\" "
		     "masquerade comment \"sixd-net:%s\"\n"
		     "add rule ip " SIXD_NFT_TABLE " postrouting ip saddr 127.0.0.0/8 oifname "
		     "\"%s\" masquerade comment \"sixd-net:%s\"\n",
		     cidr, bridge, name, bridge, name) < 0)
		return NULL;
	return text;
}

char *sixd_nft_ports_text(const char *id, uint32_t addr, char *const *ports)
{
	char *buf = NULL, ip[SIXD_IPV4_LEN], to[SIXD_IPV4_LEN];
	size_t len = 0;
	struct sixd_port p;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return NULL;
	sixd_ipv4_format(addr, to);
	for (size_t i = 0; ports && ports[i]; i++) {
		if (sixd_port_parse(ports[i], &p, NULL) < 0)
			continue;
		sixd_ipv4_format(p.host_ip, ip);
		fprintf(f,
			"add rule ip " SIXD_NFT_TABLE " ports %s%s%s%s dport %u dnat to %s:%u "
			"comment \"sixd:%s\"\n",
			p.host_ip ? "ip daddr " : "", p.host_ip ? ip : "", p.host_ip ? " " : "",
			p.proto, p.host_port, to, p.port, id);
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int sixd_nft_find_handles(const char *json, const char *chain, const char *comment, uint64_t **out,
			  size_t *n)
{
	json_auto_t *root = json_loads(json, 0, NULL);
	json_t *items = json_object_get(root, "nftables"), *item;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!json_is_array(items))
		return errno = EINVAL, -1;
	json_array_foreach(items, i, item)
	{
		json_t *rule = json_object_get(item, "rule");
		uint64_t *grown;

		if (rule == NULL ||
		    strcmp(json_string_value(json_object_get(rule, "chain")) ?: "", chain) != 0 ||
		    strcmp(json_string_value(json_object_get(rule, "comment")) ?: "", comment) != 0)
			continue;
		grown = realloc(*out, (*n + 1) * sizeof(**out));
		if (grown == NULL)
			return free(*out), *out = NULL, errno = ENOMEM, -1;
		*out = grown;
		(*out)[(*n)++] = (uint64_t)json_integer_value(json_object_get(rule, "handle"));
	}
	return 0;
}

static void ctx_freep(struct nft_ctx **ctx)
{
	if (*ctx)
		nft_ctx_free(*ctx);
}

/* A libnftables context (the library is loaded on first use: nft_dl.c). */
static struct nft_ctx *ctx_new(unsigned int flags, struct sixd_error **err)
{
	struct nft_ctx *ctx;

	if (sixd_nft_lib_load(err) < 0)
		return NULL;
	ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	if (ctx && (nft_ctx_buffer_output(ctx) < 0 || nft_ctx_buffer_error(ctx) < 0)) {
		nft_ctx_free(ctx);
		ctx = NULL;
	}
	if (ctx == NULL)
		sixd_error_set(err, ENOMEM, "cannot set up libnftables");
	else
		nft_ctx_output_set_flags(ctx, flags);
	return ctx;
}

/* The first line of libnftables' error text. */
static int nft_error(struct nft_ctx *ctx, struct sixd_error **err, const char *what)
{
	const char *text = nft_ctx_get_error_buffer(ctx);
	size_t len = text ? strcspn(text, "\n") : 0;

	if (len >= 7 && strncmp(text, "Error: ", 7) == 0)
		text += 7, len -= 7;
	return sixd_error_set(err, 0, "cannot %s: nftables: %.*s", what, (int)len,
			      len ? text : "failed");
}

int sixd_nft_run(const char *cmds, struct sixd_error **err)
{
	struct nft_ctx *ctx __attribute__((cleanup(ctx_freep))) = ctx_new(0, err);

	if (ctx == NULL)
		return -1;
	if (nft_run_cmd_from_buffer(ctx, cmds) != 0)
		return nft_error(ctx, err, "set up the nat rules");
	return 0;
}

static bool table_exists(struct nft_ctx *ctx)
{
	return nft_run_cmd_from_buffer(ctx, "list table ip " SIXD_NFT_TABLE) == 0;
}

int sixd_nft_ensure_base(struct sixd_error **err)
{
	struct nft_ctx *ctx __attribute__((cleanup(ctx_freep))) = ctx_new(0, err);
	_cleanup_free_ char *text = sixd_nft_base_text();

	if (ctx == NULL)
		return -1;
	if (text == NULL)
		return sixd_error_set(err, ENOMEM, "cannot set up libnftables");
	if (table_exists(ctx))
		return 0;
	if (nft_run_cmd_from_buffer(ctx, text) != 0 && !table_exists(ctx))
		return nft_error(ctx, err, "create the nftables table '" SIXD_NFT_TABLE "'");
	return 0;
}

int sixd_nft_delete_tagged(const char *chain, const char *comment, struct sixd_error **err)
{
	struct nft_ctx *ctx __attribute__((cleanup(ctx_freep))) =
		ctx_new(NFT_CTX_OUTPUT_JSON | NFT_CTX_OUTPUT_HANDLE, err);
	_cleanup_free_ uint64_t *handles = NULL;
	_cleanup_free_ char *cmds = NULL;
	size_t n = 0, len = 0;
	FILE *f;

	if (ctx == NULL)
		return -1;
	if (nft_run_cmd_from_buffer(ctx, "list table ip " SIXD_NFT_TABLE) != 0)
		return 0; /* no table: no rules */
	if (sixd_nft_find_handles(nft_ctx_get_output_buffer(ctx), chain, comment, &handles, &n) < 0)
		return sixd_error_set(err, errno, "cannot read the nftables rules");
	if (n == 0)
		return 0;
	f = open_memstream(&cmds, &len);
	if (f == NULL)
		return sixd_error_set(err, errno, "cannot delete the rules '%s'", comment);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "delete rule ip " SIXD_NFT_TABLE " %s handle %llu\n", chain,
			(unsigned long long)handles[i]);
	fclose(f);
	if (nft_run_cmd_from_buffer(ctx, cmds) != 0)
		return nft_error(ctx, err, "delete the nat rules");
	return 0;
}
