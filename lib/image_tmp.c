// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Temporary entries of the image store: <data>/.load-*, .save-*, .export-*,
 * .commit-* and <data>/layers/.tmp-*.  The process that makes one holds an
 * flock on it for as long as it uses it; an entry nobody holds, older than a
 * minute (so that one just made and not yet locked is safe), was left by a
 * process that died (a crash, SIGKILL, a reboot) and is removed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "image.h"
#include "log.h"
#include "util.h"

#define TMP_MIN_AGE 60 /* seconds */

static const char *const tmp_prefixes[] = {".load-",   ".save-", ".export-",
					   ".commit-", ".tmp-",	 NULL};

int sixd_image_tmp_hold(const char *path, struct sixd_error **err)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return sixd_error_set(err, errno, "cannot open '%s'", path);
	if (flock(fd, LOCK_EX | LOCK_NB) < 0)
		return sixd_error_set(err, errno, "cannot lock '%s'", path);
	return steal_fd(fd);
}

static bool is_tmp_name(const char *name)
{
	for (const char *const *p = tmp_prefixes; *p; p++)
		if (strncmp(name, *p, strlen(*p)) == 0)
			return true;
	return false;
}

/* Remove dir/name if it is old and nobody holds it. */
static void sweep_one(int dirfd, const char *dir, const char *name)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_close_ int fd = -1;
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	    st.st_mtime > time(NULL) - TMP_MIN_AGE || !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)))
		return;
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) < 0)
		return;
	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return;
	sixd_log_debug("removing '%s', left by a process that is gone", path);
	if (S_ISDIR(st.st_mode))
		sixd_rm_rf(path, NULL);
	else
		unlink(path);
}

static void sweep_dir(const char *dir)
{
	_cleanup_closedir_ DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d)) != NULL)
		if (is_tmp_name(de->d_name))
			sweep_one(dirfd(d), dir, de->d_name);
}

void sixd_image_tmp_sweep(const char *data_root)
{
	_cleanup_free_ char *layers = NULL;

	sweep_dir(data_root);
	if (asprintf(&layers, "%s/layers", data_root) >= 0)
		sweep_dir(layers);
}
