// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libmount, loaded when --tmpfs options are parsed (see mount_dl.h and dl.h).
 * Each libmount function the code calls is defined here as a forwarder;
 * calling one that is missing is a link error: add it to the list below.
 */
#include <libmount.h>

#include "dl.h"
#include "mount_dl.h"

static struct sixd_dl mount_lib = {.soname = "libmount.so.1"};

int sixd_mount_lib_load(struct sixd_error **err)
{
	return sixd_dl_load(&mount_lib, err);
}

#define FORWARD(ret, name, params, args) SIXD_DL_FORWARD(mount_lib, ret, name, params, args)

/* the list is kept as written: clang-format takes "struct x * a" for a product */
/* clang-format off */
FORWARD(int, mnt_optstr_next_option,
	(char **optstr, char **name, size_t *namesz, char **value, size_t *valuesz),
	(optstr, name, namesz, value, valuesz))
FORWARD(int, mnt_optstr_prepend_option, (char **optstr, const char *name, const char *value),
	(optstr, name, value))
FORWARD(int, mnt_optstr_get_option,
	(const char *optstr, const char *name, char **value, size_t *valsz),
	(optstr, name, value, valsz))
FORWARD(int, mnt_split_optstr,
	(const char *optstr, char **user, char **vfs, char **fs, int ignore_user, int ignore_vfs),
	(optstr, user, vfs, fs, ignore_user, ignore_vfs))
FORWARD(int, mnt_optstr_get_flags,
	(const char *optstr, unsigned long *flags, const struct libmnt_optmap *map),
	(optstr, flags, map))
FORWARD(const struct libmnt_optmap *, mnt_get_builtin_optmap, (int id), (id))
/* clang-format on */
