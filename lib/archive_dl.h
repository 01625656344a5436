/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_ARCHIVE_DL_H
#define SIXD_ARCHIVE_DL_H

#include "error.h"

/*
 * Load libarchive (once per process).  sixdocker does not link it: the
 * libarchive functions the code calls are forwarders (lib/archive_dl.c) that
 * resolve the real ones on first use, so only the commands that read or write
 * a tar pay for loading it.  Call this before the first libarchive call of an
 * operation, so a missing library is an error instead of an abort.
 */
int sixd_archive_load(struct sixd_error **err);

#endif
