// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `ps -s`: a container's size as Docker counts it, the bytes of the files in
 * its overlay upper directory (each hard-linked inode once, directories not
 * counted) and that plus its image ("12B (virtual 4.27MB)").
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "image.h"
#include "ps_size.h"
#include "util.h"

/* The inodes with more than one link already counted. */
struct seen {
	ino_t *inodes;
	size_t n;
};

/* True when st's inode was counted already; else remember it. */
static bool seen_before(struct seen *s, const struct stat *st)
{
	ino_t *grown;

	if (st->st_nlink < 2)
		return false;
	for (size_t i = 0; i < s->n; i++)
		if (s->inodes[i] == st->st_ino)
			return true;
	grown = realloc(s->inodes, (s->n + 1) * sizeof(*grown));
	if (grown != NULL) {
		s->inodes = grown;
		s->inodes[s->n++] = st->st_ino;
	}
	return false;
}

/* Add the sizes of the files below the directory dfd (consumed) to *total. */
static int walk(int dfd, const char *path, struct seen *s, int64_t *total, struct sixd_error **err)
{
	_cleanup_closedir_ DIR *d = fdopendir(dfd);
	struct dirent *e;

	if (d == NULL) {
		close(dfd);
		return sixd_error_set(err, errno, "cannot read '%s'", path);
	}
	while ((errno = 0, e = readdir(d)) != NULL) {
		struct stat st;
		int sub;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return sixd_error_set(err, errno, "cannot stat '%s/%s'", path, e->d_name);
		if (!S_ISDIR(st.st_mode)) {
			if (st.st_size > 0 && !seen_before(s, &st))
				*total += st.st_size;
			continue;
		}
		sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			return sixd_error_set(err, errno, "cannot open '%s/%s'", path, e->d_name);
		if (walk(sub, e->d_name, s, total, err) < 0)
			return -1;
	}
	return errno ? sixd_error_set(err, errno, "cannot read '%s'", path) : 0;
}

int sixd_ps_dir_size(const char *dir, int64_t *size, struct sixd_error **err)
{
	struct seen s = {0};
	int fd, r;

	*size = 0;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0; /* never started: no upper dir yet */
	if (fd < 0)
		return sixd_error_set(err, errno, "cannot open '%s'", dir);
	r = walk(fd, dir, &s, size, err);
	free(s.inodes);
	return r;
}

char *sixd_ps_size_text(const char *data_root, const struct sixd_record *r, struct sixd_error **err)
{
	_cleanup_free_ char *upper = NULL;
	struct sixd_image *img = NULL;
	char rw[32], virt[32];
	int64_t size, image = 0;
	char *out = NULL;

	if (asprintf(&upper, "%s/containers/%s/upper", data_root, r->id) < 0)
		return sixd_error_set(err, ENOMEM, "cannot size container '%s'", r->name), NULL;
	if (sixd_ps_dir_size(upper, &size, err) < 0)
		return sixd_error_wrap(err, "cannot size container '%s'", r->name), NULL;
	/* an image removed since (rmi -f) only leaves the upper dir to count */
	if (r->image_id && sixd_image_lookup(data_root, r->image_id, &img, NULL) == 1) {
		image = img->size;
		sixd_image_free(img);
	}
	sixd_human_size(size, rw, sizeof(rw));
	sixd_human_size(size + image, virt, sizeof(virt));
	if (size + image > 0 ? asprintf(&out, "%s (virtual %s)", rw, virt) < 0
			     : (out = strdup(rw)) == NULL)
		return sixd_error_set(err, ENOMEM, "cannot size container '%s'", r->name), NULL;
	return out;
}
