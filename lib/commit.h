/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_COMMIT_H
#define SIXD_COMMIT_H

#include <stdbool.h>

#include "error.h"
#include "image.h"

/*
 * commit: a container's overlay upper directory becomes a layer tar (OCI
 * whiteouts for overlayfs' 0/0 character devices and opaque directories),
 * stored through sixd_layer_import and stacked on its image's layers.
 */

struct sixd_cgroup;

struct sixd_commit_opts {
	const char *message;	    /* -m, the history comment (may be NULL) */
	const char *author;	    /* -a (may be NULL) */
	char *const *changes;	    /* -c instructions, NULL-terminated (may be NULL) */
	const char *ref;	    /* REPOSITORY[:TAG] to name the image (may be NULL) */
	const char *created_by;	    /* the history's created_by, e.g. the container's command */
	struct sixd_cgroup *freeze; /* a running container's cgroup, frozen while the layer is
				       taken (NULL: none) */
};

/* What an OCI layer entry's path means (sixd_whiteout_parse). */
enum sixd_whiteout {
	SIXD_WHITEOUT_NONE = 0, /* an ordinary entry */
	SIXD_WHITEOUT_FILE,	/* "dir/.wh.name": delete dir/name */
	SIXD_WHITEOUT_OPAQUE, /* "dir/.wh..wh..opq": hide everything below dir from lower layers */
};

/*
 * Classify a layer entry's path (relative, "./" and a trailing "/" allowed).
 * For a whiteout *target gets the path it acts on, newly allocated, without
 * "./": "a/b" for "a/.wh.b", "a" for "a/.wh..wh..opq", "" for the root.
 * Returns the enum sixd_whiteout, or -1 (ENOMEM, or a whiteout of "." / "..").
 */
int sixd_whiteout_parse(const char *path, char **target);

/* The OCI whiteout path of a deleted path: "a/b" -> "a/.wh.b" (newly allocated, NULL on ENOMEM). */
char *sixd_whiteout_name(const char *path);

/*
 * Apply one -c instruction to img's config: "CMD [\"a\",\"b\"]" or "CMD a b"
 * (shell form: /bin/sh -c), "ENTRYPOINT ..." likewise, "ENV K=V" (or "ENV K V";
 * replaces K), "WORKDIR /x", "USER u".  Anything else fails with EINVAL and a
 * message naming the instruction.
 */
int sixd_commit_apply_change(struct sixd_image *img, const char *change, struct sixd_error **err);

/*
 * Write the directory upper (an overlayfs upper dir) to fd as a tar: entries
 * sorted by name, modes, owners, mtimes, xattrs (except trusted.overlay.*),
 * hard links kept; a 0/0 character device becomes "dir/.wh.name" and an opaque
 * directory gets "dir/.wh..wh..opq".  The same tree gives the same bytes.
 */
int sixd_commit_write_layer(const char *upper, int fd, struct sixd_error **err);

/* As sixd_commit_write_layer, with a progress line "label: N MB" on a terminal (NULL: none). */
int sixd_commit_write_layer_progress(const char *upper, int fd, const char *label,
				     struct sixd_error **err);

/*
 * Make a new image from base (the container's image; its config is changed by
 * o->changes) plus a layer made of upper, name it o->ref, and load it into
 * *out.  With o->freeze, that cgroup is frozen while upper is read (unless it
 * already is: a paused container stays paused) and always thawed again.
 * Takes the store lock; a layer made here is removed again on failure.
 */
int sixd_commit(const char *data_root, const char *upper, struct sixd_image *base,
		const struct sixd_commit_opts *o, struct sixd_image **out, struct sixd_error **err);

#endif
