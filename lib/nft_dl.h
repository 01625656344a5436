/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_NFT_DL_H
#define SIXD_NFT_DL_H

#include "error.h"

/*
 * Load libnftables now (it is loaded on the first nft_* call otherwise), so
 * that a missing library is an error naming it rather than an abort.
 */
int sixd_nft_lib_load(struct sixd_error **err);

#endif
