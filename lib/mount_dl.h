/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_MOUNT_DL_H
#define SIXD_MOUNT_DL_H

#include "error.h"

/*
 * Load libmount (once per process).  sixdocker does not link it: only the
 * parsing of --tmpfs options needs it, and linking it (with libblkid,
 * libselinux and libpcre2) costs every start time and about 1 MiB of memory.
 * The libmount functions the code calls are forwarders (lib/mount_dl.c, see
 * dl.h).  Call this before the first libmount call of an operation, so a
 * missing library is an error instead of an abort.
 */
int sixd_mount_lib_load(struct sixd_error **err);

#endif
