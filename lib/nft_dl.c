// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libnftables, loaded when a bridge network's rules are changed (see dl.h):
 * linked, it and what it pulls in (libnftnl, libxtables, libgmp, libjansson)
 * cost every sixdocker start, also `--network none` runs and exec.  Each
 * libnftables function the code calls is defined here as a forwarder; calling
 * one that is missing is a link error: add it to the list below.
 */
#include <nftables/libnftables.h>

#include "dl.h"
#include "nft_dl.h"

static struct sixd_dl nft_lib = {.soname = "libnftables.so.1"};

int sixd_nft_lib_load(struct sixd_error **err)
{
	return sixd_dl_load(&nft_lib, err);
}

#define FORWARD(ret, name, params, args) SIXD_DL_FORWARD(nft_lib, ret, name, params, args)
#define FORWARD_VOID(name, params, args) SIXD_DL_FORWARD_VOID(nft_lib, name, params, args)

/* the list is kept as written: clang-format takes "struct x * a" for a product */
/* clang-format off */
FORWARD(struct nft_ctx *, nft_ctx_new, (uint32_t flags), (flags))
FORWARD_VOID(nft_ctx_free, (struct nft_ctx *ctx), (ctx))
FORWARD_VOID(nft_ctx_output_set_flags, (struct nft_ctx *ctx, unsigned int flags), (ctx, flags))
FORWARD(int, nft_ctx_buffer_output, (struct nft_ctx *ctx), (ctx))
FORWARD(const char *, nft_ctx_get_output_buffer, (struct nft_ctx *ctx), (ctx))
FORWARD(int, nft_ctx_buffer_error, (struct nft_ctx *ctx), (ctx))
FORWARD(const char *, nft_ctx_get_error_buffer, (struct nft_ctx *ctx), (ctx))
FORWARD(int, nft_run_cmd_from_buffer, (struct nft_ctx *nft, const char *buf), (nft, buf))
/* clang-format on */
