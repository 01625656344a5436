/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_IMAGE_H
#define SIXD_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "error.h"

/*
 * The image store under the data root:
 *   <data>/layers/<hex>/diff/         an unpacked layer, <hex> = sha256 of its uncompressed tar
 *   <data>/layers/<hex>/layer.json    {"size": bytes}
 *   <data>/l/<hex[:16]>               symlink to ../layers/<hex>/diff (short overlay paths)
 *   <data>/images/<id>.json           the image config (OCI image config JSON); id = its sha256
 *   <data>/repositories.json          {"busybox:latest": "<id>", ...}
 *   <data>/images.lock                flock taken for every change of the store
 * Every change is written to a temporary name and renamed into place under the lock.
 */

#define SIXD_DEFAULT_IMAGE "busybox:latest"

/* One entry of an image config's history (OCI "history"). */
struct sixd_history {
	int64_t created;  /* ns since epoch, 0 when unknown */
	char *created_by; /* never NULL after parsing ("" when unset) */
	char *author;
	char *comment;
	bool empty_layer; /* true: the step made no layer */
};

struct sixd_image {
	char id[65];	   /* 64 hex */
	char **layers;	   /* layer hex digests, bottom first, NULL-terminated */
	char **cmd;	   /* default command (Config.Cmd), NULL-terminated, may be empty */
	char **entrypoint; /* Config.Entrypoint, NULL-terminated, may be empty */
	char **env;	   /* Config.Env */
	char *workdir;	   /* Config.WorkingDir ("" when unset) */
	char *user;	   /* Config.User ("" when unset) */
	char **exposed;	   /* the keys of Config.ExposedPorts ("80/tcp"), NULL-terminated */
	int64_t created;   /* ns since epoch */
	int64_t size;	   /* bytes, sum of the layers */
	char **names;	   /* "repo:tag" names pointing at this image, sorted */
	struct sixd_history *history; /* the config's history, oldest first */
	size_t n_history;
	char *author;  /* top-level "author"; on write, also the new history entry's */
	char *comment; /* on write: the comment of the new history entry (may be NULL) */
};
/* In an image from sixd_image_lookup/list/load no array is NULL (but may be empty). */

/*
 * Split "repo[:tag]" into a normalised "repo:tag" (tag defaults to "latest").
 * Rejects empty, upper-case or otherwise invalid references with EINVAL.
 */
int sixd_image_normalize_ref(const char *ref, char **out, struct sixd_error **err);

/*
 * Find an image by "repo[:tag]", full id, "sha256:<id>" or a unique id prefix
 * (at least 4 characters).  Returns 1 and *out when found, 0 when no image
 * matches, -1 on error (including an ambiguous prefix).  A string that is not
 * a valid reference or id ("/bin/sh", "Echo") is simply not found.  out may be
 * NULL.
 */
int sixd_image_lookup(const char *data_root, const char *ref, struct sixd_image **out,
		      struct sixd_error **err);

/*
 * Return the default image (busybox:latest), making it first from the host's
 * static busybox if the store does not have it.  Safe against parallel callers.
 * Returns 0 and *out (out may be NULL), or -1.
 */
int sixd_image_ensure_default(const char *data_root, struct sixd_image **out,
			      struct sixd_error **err);

/* All images, one entry per image (names gathered, sorted), newest first. */
int sixd_image_list(const char *data_root, struct sixd_image ***out, size_t *n,
		    struct sixd_error **err);

/*
 * Make a one-layer image from a root filesystem tarball (optionally compressed;
 * "-" reads stdin) and name it ref (NULL: no name).  Entries with absolute paths
 * or ".." components are refused; nothing is left behind on failure.  The
 * image has no Cmd and no Env, as with `docker import`.
 */
int sixd_image_import(const char *data_root, const char *tarball, const char *ref,
		      struct sixd_image **out, struct sixd_error **err);

/*
 * The image ref as `docker image inspect` shows it (Id, RepoTags, RepoDigests,
 * Parent, Comment, Created, Author, Config, Architecture, Os, Size, RootFS),
 * Config taken as the image's config holds it.  ENOENT "no such image: REF".
 */
json_t *sixd_image_inspect(const char *data_root, const char *ref, struct sixd_error **err);

/* Name the image that source names (any form sixd_image_lookup takes) target too. */
int sixd_image_tag(const char *data_root, const char *source, const char *target,
		   struct sixd_error **err);

/*
 * rmi: remove the name ref ("repo:tag"), or, for an id, every name of the
 * image; the image goes with its last name, and each of its layers that no
 * other image lists goes with it.  in_use holds the ids (64 hex) of the images
 * containers use (NULL-terminated, may be NULL): such an image is never
 * deleted; removing its last name, or naming it by id, is refused unless
 * force, which then only untags it.  An id with several names also needs
 * force.  What was done is appended to *report as docker prints it:
 * "Untagged: busybox:latest", "Deleted: sha256:<hex>".  Takes the store lock.
 */
int sixd_image_remove(const char *data_root, const char *ref, bool force, char *const *in_use,
		      char ***report, struct sixd_error **err);

/* The directory of a layer's content: <data>/layers/<hex>/diff (newly allocated). */
char *sixd_image_layer_dir(const char *data_root, const char *layer);

void sixd_image_free(struct sixd_image *img);
void sixd_image_list_free(struct sixd_image **list, size_t n);

/*
 * Below: the image module's building blocks, shared by its files (image.c,
 * image_store.c, image_default.c, layer.c), by `commit` and by the unit tests.
 */

/* Where a layer's tar stream comes from: a file ("-" is stdin), an open fd or a buffer. */
struct sixd_layer_source {
	const char *path; /* file name, "-" for stdin, or NULL to read fd or buf/len */
	bool use_fd;	  /* read fd (not closed; read from its current offset) */
	int fd;
	const void *buf;
	size_t len;
	const char *name;   /* for messages; defaults to path */
	const char *expect; /* the sha256 (hex) the stream must have, or NULL */
};

/* Lowercase hex of n raw bytes into out (2 * n + 1 bytes). */
void sixd_image_hex(const unsigned char *raw, size_t n, char *out);

/*
 * Unpack a tar stream (plain, gzip, xz, zstd, bzip2...) into
 * <data>/layers/<hex>/diff, where hex (written to digest) is the sha256 of the
 * uncompressed stream.  Ownership, modes, times, links, device nodes, xattrs
 * and ACLs are kept.  An entry whose path or hard-link target is absolute or
 * has a ".." component fails the whole import.  The layer is extracted into
 * <data>/layers/.tmp-XXXXXX and renamed into place; when the layer already
 * exists the copy is discarded and *created is false.  With src->expect set,
 * a stream of another digest fails (EINVAL) and stores nothing.  Nothing is
 * left behind on failure.  The caller should hold the store lock (sixd_image_lock).
 */
int sixd_layer_import(const char *data_root, const struct sixd_layer_source *src, char *digest,
		      bool *created, struct sixd_error **err);

/*
 * Short names for the overlay's lowerdir option, which must fit one page:
 * <data>/l/<first 16 hex of the digest> is a symlink to ../layers/<hex>/diff,
 * made when the layer is stored (and again before a mount, for layers stored
 * before the links existed), removed with the layer.
 */
#define SIXD_LAYER_LINK_LEN 16

/*
 * True when layers[i] comes again higher in the stack (layers is bottom first).
 * overlayfs refuses a directory twice (ELOOP); the topmost copy alone gives the
 * same merged view, so the lower ones are left out of the mount.
 */
bool sixd_layer_repeated(char *const *layers, size_t i);

/* "l/<16 hex>": the link's path relative to the data root (newly allocated). */
char *sixd_layer_link_name(const char *layer);

/* Make the link of layer if missing; EEXIST when it names another layer. */
int sixd_layer_link(const char *data_root, const char *layer, struct sixd_error **err);

/* Size in bytes of a layer (sum of its regular files), from its layer.json. */
int sixd_layer_size(const char *data_root, const char *layer, int64_t *size,
		    struct sixd_error **err);

/* Remove <data>/layers/<hex> (caller holds the store lock); a missing layer is fine. */
int sixd_layer_remove(const char *data_root, const char *layer, struct sixd_error **err);

/* This machine's architecture as OCI names it ("amd64", "arm64"...). */
const char *sixd_image_arch(void);

/*
 * Hold the temporary file or directory path of the store as in use by this
 * process (an flock on a new fd of it): returns the fd, to close when done.
 */
int sixd_image_tmp_hold(const char *path, struct sixd_error **err);

/*
 * Remove the store's temporary entries (<data>/.load-*, .save-*, .export-*,
 * .commit-*, layers/.tmp-*) that no process holds and that are older than a
 * minute: what a crashed or killed process left.  Errors are ignored.
 */
void sixd_image_tmp_sweep(const char *data_root);

/*
 * Take <data>/images.lock (flock, blocking); returns the fd to close to unlock.
 * Sweeps the store's abandoned temporary entries (sixd_image_tmp_sweep) once
 * it has the lock.
 */
int sixd_image_lock(const char *data_root, struct sixd_error **err);

/*
 * The OCI image config of img (layers, cmd, entrypoint, env, workdir, user,
 * created, author), with img's history followed by one new history entry
 * created_by (with img->author and img->comment when set), as compact JSON
 * with sorted keys (newly allocated).  The image id is the sha256 of exactly
 * these bytes.
 */
char *sixd_image_config_json(const struct sixd_image *img, const char *created_by,
			     struct sixd_error **err);

/*
 * Parse an image config into img (which must be zeroed): layers, cmd,
 * entrypoint, env, workdir, user, created, author, history.  Arrays are never
 * NULL afterwards.  id, size, names and comment are left alone.
 */
int sixd_image_parse_config(const char *text, struct sixd_image *img, struct sixd_error **err);

/* Read images/<id>.json with its size and names into a new image; ENOENT if missing. */
int sixd_image_load(const char *data_root, const char *id, struct sixd_image **out,
		    struct sixd_error **err);

/*
 * Store a new image from tmpl's config (see sixd_image_config_json; created 0
 * means now), name it ref (normalised; NULL for none, an existing name moves to
 * this image) and load it into *out (out may be NULL).  The caller holds the
 * store lock.
 */
int sixd_image_create_locked(const char *data_root, const struct sixd_image *tmpl,
			     const char *created_by, const char *ref, struct sixd_image **out,
			     struct sixd_error **err);

/*
 * Import src as a one-layer image with tmpl's config (its layers are ignored)
 * and name it ref (may be NULL).  The caller holds the store lock; a layer
 * made here is removed again if the image cannot be stored.
 */
int sixd_image_import_locked(const char *data_root, const struct sixd_layer_source *src,
			     const struct sixd_image *tmpl, const char *created_by, const char *ref,
			     struct sixd_image **out, struct sixd_error **err);

/*
 * Store text as images/<id>.json, id (65 bytes) = its sha256; *made tells
 * whether the file is new.  The caller holds the store lock.
 */
int sixd_image_store_config_locked(const char *data_root, const char *text, char *id, bool *made,
				   struct sixd_error **err);

/* Remove images/<id>.json (caller holds the store lock); errors are ignored. */
void sixd_image_remove_config_locked(const char *data_root, const char *id);

/*
 * Point each names[i] (normalised "repo:tag") at ids[i] in one write of
 * repositories.json (NULL-terminated names).  The caller holds the store lock.
 */
int sixd_image_tag_locked(const char *data_root, char *const *names, char *const *ids,
			  struct sixd_error **err);

/* As sixd_image_ensure_default, from the static busybox at the path busybox. */
int sixd_image_ensure_default_from(const char *data_root, const char *busybox,
				   struct sixd_image **out, struct sixd_error **err);

#endif
