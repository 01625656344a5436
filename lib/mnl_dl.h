/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_MNL_DL_H
#define SIXD_MNL_DL_H

#include "error.h"

/*
 * Load libmnl now (it is loaded on the first mnl_* call otherwise), so that a
 * missing library is an error naming it rather than an abort.
 */
int sixd_mnl_lib_load(struct sixd_error **err);

#endif
