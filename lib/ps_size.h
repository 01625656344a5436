/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_PS_SIZE_H
#define SIXD_PS_SIZE_H

#include <stdint.h>

#include "error.h"
#include "store.h"

/*
 * The bytes of the files below dir as Docker counts a container's size: every
 * non-directory's st_size, a hard-linked inode once, symlinks not followed.
 * A missing dir is 0.
 */
int sixd_ps_dir_size(const char *dir, int64_t *size, struct sixd_error **err);

/*
 * Docker's SIZE cell of container r: "12.3kB (virtual 4.29MB)", the upper
 * directory's size and that plus the image's ("0B" when both are 0).  A new
 * string, or NULL with *err.
 */
char *sixd_ps_size_text(const char *data_root, const struct sixd_record *r,
			struct sixd_error **err);

#endif
