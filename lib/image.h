/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_IMAGE_H
#define SIXD_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/*
 * The image store under the data root:
 *   <data>/layers/<hex>/diff/         an unpacked layer, <hex> = sha256 of its uncompressed tar
 *   <data>/layers/<hex>/layer.json    {"size": bytes}
 *   <data>/images/<id>.json           the image config (OCI image config JSON); id = its sha256
 *   <data>/repositories.json          {"busybox:latest": "<id>", ...}
 *   <data>/images.lock                flock taken for every change of the store
 * Every change is written to a temporary name and renamed into place under the lock.
 */

#define SIXD_DEFAULT_IMAGE "busybox:latest"

struct sixd_image {
	char id[65];	   /* 64 hex */
	char **layers;	   /* layer hex digests, bottom first, NULL-terminated */
	char **cmd;	   /* default command (Config.Cmd), NULL-terminated, may be empty */
	char **entrypoint; /* Config.Entrypoint, NULL-terminated, may be empty */
	char **env;	   /* Config.Env */
	char *workdir;	   /* Config.WorkingDir ("" when unset) */
	char *user;	   /* Config.User ("" when unset) */
	int64_t created;   /* ns since epoch */
	int64_t size;	   /* bytes, sum of the layers */
	char **names;	   /* "repo:tag" names pointing at this image */
};

/*
 * Split "repo[:tag]" into a normalised "repo:tag" (tag defaults to "latest").
 * Rejects empty, upper-case or otherwise invalid references with EINVAL.
 */
int sixd_image_normalize_ref(const char *ref, char **out, struct sixd_error **err);

/*
 * Find an image by "repo[:tag]", full id, "sha256:<id>" or a unique id prefix
 * (at least 4 characters).  Returns 1 and *out when found, 0 when no image
 * matches, -1 on error (including an ambiguous prefix).
 */
int sixd_image_lookup(const char *data_root, const char *ref, struct sixd_image **out,
		      struct sixd_error **err);

/*
 * Return the default image (busybox:latest), making it first from the host's
 * static busybox if the store does not have it.  Safe against parallel callers.
 */
int sixd_image_ensure_default(const char *data_root, struct sixd_image **out,
			      struct sixd_error **err);

/* All images, one entry per image (names gathered), newest first. */
int sixd_image_list(const char *data_root, struct sixd_image ***out, size_t *n,
		    struct sixd_error **err);

/*
 * Make a one-layer image from a root filesystem tarball (optionally compressed)
 * and name it ref.  Entries with absolute paths or ".." components are refused;
 * nothing is left behind on failure.
 */
int sixd_image_import(const char *data_root, const char *tarball, const char *ref,
		      struct sixd_image **out, struct sixd_error **err);

/* The directory of a layer's content: <data>/layers/<hex>/diff (newly allocated). */
char *sixd_image_layer_dir(const char *data_root, const char *layer);

void sixd_image_free(struct sixd_image *img);
void sixd_image_list_free(struct sixd_image **list, size_t n);

#endif
