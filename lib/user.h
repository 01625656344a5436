/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_USER_H
#define SIXD_USER_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

#define SIXD_MAX_GROUPS 64

struct sixd_user {
	uid_t uid;
	gid_t gid;
	gid_t groups[SIXD_MAX_GROUPS]; /* supplementary groups from the group file */
	size_t n_groups;
	char home[256];
};

/*
 * Resolve a -u spec ("", "uid", "uid:gid", "name", "name:group") by reading the
 * given passwd and group files (the container's own: never NSS).  A numeric uid
 * without a passwd entry gets gid 0 and home "/"; an unknown name is an error
 * naming it.  Missing files are treated as empty.
 */
int sixd_user_resolve(const char *spec, const char *passwd_path, const char *group_path,
		      struct sixd_user *out, struct sixd_error **err);

#endif
