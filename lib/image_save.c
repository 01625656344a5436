// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * save: images as an OCI image layout archive (image-spec v1.0): oci-layout,
 * index.json, blobs/sha256/<digest> for every manifest, config and gzip layer,
 * and a docker-style manifest.json beside it, as docker 25 writes.
 *
 * A layer is written back out from its unpacked directory with the same
 * deterministic writer commit uses (OCI whiteouts for overlayfs' ones), to a
 * temporary tar, then gzip-compressed (no timestamp, so the same layer gives
 * the same blob) into a second temporary file, both hashed on the way: the tar
 * gives the diff_id, the gzip stream the blob digest the manifest names.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <nettle/sha2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive_dl.h"
#include "cleanup.h"
#include "commit.h"
#include "image.h"
#include "image_archive.h"
#include "log.h"
#include "progress.h"
#include "util.h"

#define SAVE_BLOCK (64 * 1024)

/* A layer already in the archive. */
struct saved_layer {
	char layer[SIXD_ID_LEN + 1];   /* the store's name: the image's diff_id */
	char diff_id[SIXD_ID_LEN + 1]; /* the digest of the tar written */
	char blob[SIXD_ID_LEN + 1];    /* the digest of its gzip stream */
	int64_t size;		       /* bytes of the gzip stream */
};

struct save_ctx {
	const char *data_root;
	char *tmpdir; /* <data>/.save-XXXXXX */
	int hold;     /* its fd, flock()ed while in use */
	struct archive *out;
	struct sixd_progress progress;
	int64_t written;
	struct saved_layer *layers;
	size_t n_layers;
	char **blobs;		 /* digests of the blobs in the archive */
	json_t *index;		 /* index.json's "manifests" */
	json_t *docker_manifest; /* manifest.json */
};

/* An image to save and the names it is saved under. */
struct save_item {
	struct sixd_image *img;
	char **names;
};

struct hash_sink {
	int fd;
	struct sha256_ctx sha;
	int64_t size;
};

static void archive_write_freep(struct archive **a)
{
	int saved = errno;

	if (*a)
		archive_write_free(*a);
	*a = NULL;
	errno = saved;
}

#define _cleanup_archive_write_ _cleanup_(archive_write_freep)

static int write_error(struct sixd_error **err, struct archive *a, const char *what)
{
	int status = archive_errno(a);

	return sixd_error_set(err, status > 0 && status != EINVAL ? status : 0,
			      "cannot write %s: %s", what,
			      archive_error_string(a) ?: "unknown archive error");
}

static void digest_of(const void *buf, size_t len, char *hex)
{
	unsigned char raw[SHA256_DIGEST_SIZE];
	struct sha256_ctx sha;

	sha256_init(&sha);
	sha256_update(&sha, len, buf);
	sha256_digest(&sha, sizeof(raw), raw);
	sixd_image_hex(raw, sizeof(raw), hex);
}

/* ------------------------------------------------------------ archive entries */

static int add_header(struct save_ctx *c, const char *path, mode_t mode, int64_t size,
		      struct sixd_error **err)
{
	struct archive_entry *e = archive_entry_new();
	int r;

	if (e == NULL)
		return sixd_error_set(err, ENOMEM, "cannot write '%s'", path);
	archive_entry_set_pathname(e, path);
	archive_entry_set_mode(e, mode);
	archive_entry_set_size(e, S_ISREG(mode) ? size : 0);
	archive_entry_set_mtime(e, 0, 0);
	r = archive_write_header(c->out, e);
	archive_entry_free(e);
	return r < ARCHIVE_WARN ? write_error(err, c->out, path) : 0;
}

static int add_buffer(struct save_ctx *c, const char *path, const char *buf, size_t len,
		      struct sixd_error **err)
{
	if (add_header(c, path, S_IFREG | 0644, (int64_t)len, err) < 0)
		return -1;
	if (len && archive_write_data(c->out, buf, len) != (la_ssize_t)len)
		return write_error(err, c->out, path);
	c->written += (int64_t)len;
	return 0;
}

/* The whole file fd (size bytes, read from offset 0) as the entry path. */
static int add_fd(struct save_ctx *c, const char *path, int fd, int64_t size,
		  struct sixd_error **err)
{
	_cleanup_free_ char *buf = malloc(SAVE_BLOCK);
	int64_t off = 0;

	if (buf == NULL)
		return sixd_error_set(err, ENOMEM, "cannot write '%s'", path);
	if (add_header(c, path, S_IFREG | 0644, size, err) < 0)
		return -1;
	while (off < size) {
		ssize_t n = pread(fd, buf, SAVE_BLOCK, off);

		if (n <= 0)
			return sixd_error_set(err, n < 0 ? errno : EIO,
					      "cannot read the copy of '%s'", path);
		if (archive_write_data(c->out, buf, (size_t)n) != n)
			return write_error(err, c->out, path);
		off += n;
		c->written += n;
		sixd_progress_update(&c->progress, NULL, c->written, false);
	}
	return 0;
}

static bool has_blob(struct save_ctx *c, const char *digest)
{
	for (char **b = c->blobs; b && *b; b++)
		if (strcmp(*b, digest) == 0)
			return true;
	return false;
}

static int note_blob(struct save_ctx *c, const char *digest, struct sixd_error **err)
{
	if (sixd_strv_append(&c->blobs, digest) < 0)
		return sixd_error_set(err, ENOMEM, "cannot save");
	return 0;
}

/* Add text as a blob (once); its digest goes to digest. */
static int add_text_blob(struct save_ctx *c, const char *text, char *digest,
			 struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;

	digest_of(text, strlen(text), digest);
	if (has_blob(c, digest))
		return 0;
	if (asprintf(&path, "blobs/sha256/%s", digest) < 0)
		return sixd_error_set(err, ENOMEM, "cannot save");
	if (add_buffer(c, path, text, strlen(text), err) < 0)
		return -1;
	return note_blob(c, digest, err);
}

/* ------------------------------------------------------------ layers */

/* An unlinked temporary file in the context's directory. */
static int tmp_file(struct save_ctx *c, struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;
	int fd;

	if (asprintf(&path, "%s/blob-XXXXXX", c->tmpdir) < 0)
		return sixd_error_set(err, ENOMEM, "cannot save");
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return sixd_error_set(err, errno, "cannot create '%s'", path);
	unlink(path);
	return fd;
}

static la_ssize_t sink_write(struct archive *a, void *data, const void *buf, size_t len)
{
	struct hash_sink *s = data;

	if (sixd_write_all(s->fd, buf, len) < 0) {
		archive_set_error(a, errno, "cannot write the compressed layer");
		return -1;
	}
	sha256_update(&s->sha, len, buf);
	s->size += (la_ssize_t)len;
	return (la_ssize_t)len;
}

static int open_gzip(struct archive *a, struct hash_sink *sink, int64_t size,
		     struct sixd_error **err)
{
	struct archive_entry *e = archive_entry_new();
	int r;

	if (e == NULL)
		return sixd_error_set(err, ENOMEM, "cannot compress a layer");
	/* no time in the gzip header: the same layer always gives the same blob */
	if (archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
	    archive_write_set_filter_option(a, "gzip", "timestamp", NULL) < ARCHIVE_WARN ||
	    archive_write_set_format_raw(a) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
	    archive_write_open(a, sink, NULL, sink_write, NULL) != ARCHIVE_OK) {
		archive_entry_free(e);
		return write_error(err, a, "a compressed layer");
	}
	archive_entry_set_pathname(e, "layer.tar");
	archive_entry_set_mode(e, S_IFREG | 0644);
	archive_entry_set_size(e, size);
	r = archive_write_header(a, e);
	archive_entry_free(e);
	return r < ARCHIVE_WARN ? write_error(err, a, "a compressed layer") : 0;
}

/* gzip the tar in plain into gz: the tar's digest to l->diff_id, the blob's to l->blob. */
static int compress_layer(int plain, int gz, struct saved_layer *l, struct sixd_error **err)
{
	_cleanup_archive_write_ struct archive *a = archive_write_new();
	_cleanup_free_ char *buf = malloc(SAVE_BLOCK);
	struct hash_sink sink = {.fd = gz};
	struct sha256_ctx diff;
	unsigned char raw[SHA256_DIGEST_SIZE];
	struct stat st;
	ssize_t n;

	if (a == NULL || buf == NULL)
		return sixd_error_set(err, ENOMEM, "cannot compress layer '%s'", l->layer);
	if (fstat(plain, &st) < 0 || lseek(plain, 0, SEEK_SET) < 0)
		return sixd_error_set(err, errno, "cannot read the tar of layer '%s'", l->layer);
	sha256_init(&sink.sha);
	sha256_init(&diff);
	if (open_gzip(a, &sink, st.st_size, err) < 0)
		return -1;
	while ((n = read(plain, buf, SAVE_BLOCK)) > 0) {
		sha256_update(&diff, (size_t)n, (const uint8_t *)buf);
		if (archive_write_data(a, buf, (size_t)n) != n)
			return write_error(err, a, "a compressed layer");
	}
	if (n < 0)
		return sixd_error_set(err, errno, "cannot read the tar of layer '%s'", l->layer);
	if (archive_write_close(a) != ARCHIVE_OK)
		return write_error(err, a, "a compressed layer");
	sha256_digest(&diff, sizeof(raw), raw);
	sixd_image_hex(raw, sizeof(raw), l->diff_id);
	sha256_digest(&sink.sha, sizeof(raw), raw);
	sixd_image_hex(raw, sizeof(raw), l->blob);
	l->size = sink.size;
	return 0;
}

static const struct saved_layer *find_layer(struct save_ctx *c, const char *layer)
{
	for (size_t i = 0; i < c->n_layers; i++)
		if (strcmp(c->layers[i].layer, layer) == 0)
			return &c->layers[i];
	return NULL;
}

/* Make the blob of layer and add it to the archive (once); *out describes it. */
static int save_layer(struct save_ctx *c, const char *layer, const struct saved_layer **out,
		      struct sixd_error **err)
{
	_cleanup_free_ char *dir = sixd_image_layer_dir(c->data_root, layer), *path = NULL;
	_cleanup_close_ int plain = -1, gz = -1;
	struct saved_layer l = {0}, *grown;

	*out = find_layer(c, layer);
	if (*out)
		return 0;
	if (dir == NULL)
		return sixd_error_set(err, ENOMEM, "cannot save layer '%s'", layer);
	if (access(dir, F_OK) < 0)
		return sixd_error_set(err, errno, "cannot save layer '%s'", layer);
	snprintf(l.layer, sizeof(l.layer), "%s", layer);
	plain = tmp_file(c, err);
	gz = plain < 0 ? -1 : tmp_file(c, err);
	if (gz < 0 || sixd_commit_write_layer(dir, plain, err) < 0 ||
	    compress_layer(plain, gz, &l, err) < 0)
		return -1;
	if (asprintf(&path, "blobs/sha256/%s", l.blob) < 0)
		return sixd_error_set(err, ENOMEM, "cannot save layer '%s'", layer);
	if (!has_blob(c, l.blob) &&
	    (add_fd(c, path, gz, l.size, err) < 0 || note_blob(c, l.blob, err) < 0))
		return -1;
	grown = realloc(c->layers, (c->n_layers + 1) * sizeof(*grown));
	if (grown == NULL)
		return sixd_error_set(err, ENOMEM, "cannot save layer '%s'", layer);
	c->layers = grown;
	c->layers[c->n_layers] = l;
	*out = &c->layers[c->n_layers++];
	return 0;
}

/* ------------------------------------------------------------ images */

/* The image's stored config, with diff_ids replaced when the layers written differ. */
static char *config_text(struct save_ctx *c, const struct sixd_image *img, json_t *diff_ids,
			 bool same, struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL, *text = NULL;
	json_auto_t *root = NULL;
	json_t *rootfs;
	char *out;

	if (asprintf(&path, "%s/images/%s.json", c->data_root, img->id) < 0) {
		sixd_error_set(err, ENOMEM, "cannot save image '%.12s'", img->id);
		return NULL;
	}
	text = sixd_read_file(path, NULL, err);
	if (text == NULL || same)
		return steal_ptr(text);
	sixd_log_debug("image %.12s: a layer's tar differs from its diff_id, saving new diff_ids",
		       img->id);
	root = json_loads(text, 0, NULL);
	rootfs = json_object_get(root, "rootfs");
	if (!json_is_object(rootfs) || json_object_set(rootfs, "diff_ids", diff_ids) < 0 ||
	    (out = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS)) == NULL) {
		sixd_error_set(err, EINVAL, "cannot save image '%.12s': bad config", img->id);
		return NULL;
	}
	return out;
}

static json_t *descriptor(const char *media, const char *digest, int64_t size)
{
	char d[SIXD_ID_LEN + 8];

	snprintf(d, sizeof(d), "sha256:%s", digest);
	return json_pack("{s:s, s:s, s:I}", "mediaType", media, "digest", d, "size",
			 (json_int_t)size);
}

/* The layers of img into the archive; their descriptors, diff_ids and blob paths. */
static int save_layers(struct save_ctx *c, const struct sixd_image *img, json_t *descs,
		       json_t *diff_ids, json_t *paths, bool *same, struct sixd_error **err)
{
	*same = true;
	for (size_t i = 0; img->layers[i]; i++) {
		const struct saved_layer *l;
		char d[SIXD_ID_LEN + 16];

		if (save_layer(c, img->layers[i], &l, err) < 0)
			return sixd_error_wrap(err, "cannot save image '%.12s'", img->id);
		*same = *same && strcmp(l->diff_id, l->layer) == 0;
		snprintf(d, sizeof(d), "sha256:%s", l->diff_id);
		if (json_array_append_new(diff_ids, json_string(d)) < 0 ||
		    json_array_append_new(
			    descs, descriptor(SIXD_MEDIA_LAYER_GZIP, l->blob, l->size)) < 0 ||
		    json_array_append_new(paths, json_sprintf("blobs/sha256/%s", l->blob)) < 0)
			return sixd_error_set(err, ENOMEM, "cannot save image '%.12s'", img->id);
	}
	return 0;
}

/* The manifest of img (config and layers) as a blob; its descriptor to *desc. */
static int save_manifest(struct save_ctx *c, const char *config, json_t *layers, json_t **desc,
			 struct sixd_error **err)
{
	char cfg[SIXD_ID_LEN + 1], man[SIXD_ID_LEN + 1];
	_cleanup_free_ char *text = NULL;
	json_auto_t *m = NULL;

	if (add_text_blob(c, config, cfg, err) < 0)
		return -1;
	m = json_pack("{s:i, s:s, s:o, s:O}", "schemaVersion", 2, "mediaType", SIXD_MEDIA_MANIFEST,
		      "config", descriptor(SIXD_MEDIA_CONFIG, cfg, (int64_t)strlen(config)),
		      "layers", layers);
	if (m == NULL || (text = json_dumps(m, JSON_COMPACT)) == NULL)
		return sixd_error_set(err, ENOMEM, "cannot save");
	if (add_text_blob(c, text, man, err) < 0)
		return -1;
	*desc = descriptor(SIXD_MEDIA_MANIFEST, man, (int64_t)strlen(text));
	return *desc ? 0 : sixd_error_set(err, ENOMEM, "cannot save");
}

/* One index entry per name (none: one without a name), and the manifest.json entry. */
static int index_image(struct save_ctx *c, const struct save_item *it, json_t *desc,
		       const char *config, json_t *paths, struct sixd_error **err)
{
	json_auto_t *tags = json_array();
	char cfg[SIXD_ID_LEN + 1];

	digest_of(config, strlen(config), cfg);
	for (size_t i = 0; it->names[i] || i == 0; i++) {
		json_auto_t *entry = json_deep_copy(desc);

		if (entry == NULL ||
		    (it->names[i] &&
		     (json_object_set_new(entry, "annotations",
					  json_pack("{s:s}", SIXD_ANNOTATION_REF, it->names[i])) <
			      0 ||
		      json_array_append_new(tags, json_string(it->names[i])) < 0)) ||
		    json_array_append(c->index, entry) < 0)
			return sixd_error_set(err, ENOMEM, "cannot save");
		if (it->names[i] == NULL)
			break;
	}
	if (json_array_append_new(c->docker_manifest,
				  json_pack("{s:s+, s:O, s:O}", "Config", "blobs/sha256/", cfg,
					    "RepoTags", tags, "Layers", paths)) < 0)
		return sixd_error_set(err, ENOMEM, "cannot save");
	return 0;
}

static int save_image(struct save_ctx *c, const struct save_item *it, struct sixd_error **err)
{
	json_auto_t *descs = json_array(), *diff_ids = json_array(), *paths = json_array();
	json_auto_t *desc = NULL;
	_cleanup_free_ char *config = NULL;
	bool same;

	if (descs == NULL || diff_ids == NULL || paths == NULL)
		return sixd_error_set(err, ENOMEM, "cannot save");
	if (save_layers(c, it->img, descs, diff_ids, paths, &same, err) < 0)
		return -1;
	config = config_text(c, it->img, diff_ids, same, err);
	if (config == NULL || save_manifest(c, config, descs, &desc, err) < 0)
		return -1;
	return index_image(c, it, desc, config, paths, err);
}

/* ------------------------------------------------------------ the whole archive */

static int add_json(struct save_ctx *c, const char *path, json_t *v, struct sixd_error **err)
{
	_cleanup_free_ char *text = json_dumps(v, JSON_COMPACT);

	if (text == NULL)
		return sixd_error_set(err, ENOMEM, "cannot write '%s'", path);
	return add_buffer(c, path, text, strlen(text), err);
}

static int save_all(struct save_ctx *c, struct save_item *items, size_t n, struct sixd_error **err)
{
	json_auto_t *index = NULL;
	static const char layout[] = "{\"imageLayoutVersion\":\"1.0.0\"}";

	if (add_buffer(c, "oci-layout", layout, strlen(layout), err) < 0 ||
	    add_header(c, "blobs/", S_IFDIR | 0755, 0, err) < 0 ||
	    add_header(c, "blobs/sha256/", S_IFDIR | 0755, 0, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (save_image(c, &items[i], err) < 0)
			return -1;
	index = json_pack("{s:i, s:s, s:O}", "schemaVersion", 2, "mediaType", SIXD_MEDIA_INDEX,
			  "manifests", c->index);
	if (index == NULL)
		return sixd_error_set(err, ENOMEM, "cannot save");
	if (add_json(c, "index.json", index, err) < 0 ||
	    add_json(c, "manifest.json", c->docker_manifest, err) < 0)
		return -1;
	if (archive_write_close(c->out) != ARCHIVE_OK)
		return write_error(err, c->out, "the archive");
	return 0;
}

/* Add ref's image to items (once per image) and the name ref gives, if any. */
static int resolve(const char *data_root, const char *ref, struct save_item *items, size_t *n,
		   struct sixd_error **err)
{
	struct sixd_image *img = NULL;
	_cleanup_free_ char *name = NULL;
	size_t i;
	int found = sixd_image_lookup(data_root, ref, &img, err);

	if (found <= 0)
		return found < 0 ? -1 : sixd_error_set(err, ENOENT, "no such image: %s", ref);
	for (i = 0; i < *n && strcmp(items[i].img->id, img->id) != 0; i++)
		;
	if (i == *n) {
		items[(*n)++].img = img;
		items[i].names = calloc(1, sizeof(char *));
		if (items[i].names == NULL)
			return sixd_error_set(err, ENOMEM, "cannot save");
	} else {
		sixd_image_free(img);
	}
	img = items[i].img;
	if (sixd_image_normalize_ref(ref, &name, NULL) == 0) {
		bool named = false, dup = false;

		for (char **s = img->names; *s; s++)
			named = named || strcmp(*s, name) == 0;
		for (char **s = items[i].names; *s; s++)
			dup = dup || strcmp(*s, name) == 0;
		if (named && !dup && sixd_strv_append(&items[i].names, name) < 0)
			return sixd_error_set(err, ENOMEM, "cannot save");
	}
	return 0;
}

static void items_free(struct save_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sixd_image_free(items[i].img);
		sixd_strvfreep(&items[i].names);
	}
	free(items);
}

/* The temporary output file of this process, removed when ^C or a kill ends it half-written. */
static const char *volatile output_tmp;
static const int output_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void output_interrupted(int sig)
{
	const char *tmp = output_tmp;

	if (tmp)
		unlink(tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Catch the signals that end the CLI (those it ignores stay ignored), or give them back. */
static void output_guard(const char *tmp)
{
	struct sigaction sa = {.sa_handler = tmp ? output_interrupted : SIG_DFL}, old;

	output_tmp = tmp;
	for (size_t i = 0; i < sizeof(output_signals) / sizeof(output_signals[0]); i++) {
		sigaction(output_signals[i], NULL, &old);
		if (old.sa_handler == (tmp ? SIG_DFL : output_interrupted))
			sigaction(output_signals[i], &sa, NULL);
	}
}

int sixd_output_open(const char *file, char **tmp, struct sixd_error **err)
{
	int fd;

	*tmp = NULL;
	if (strcmp(file, "-") == 0) {
		fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
		return fd < 0 ? sixd_error_set(err, errno, "cannot write to stdout") : fd;
	}
	if (asprintf(tmp, "%s.tmp-XXXXXX", file) < 0) {
		*tmp = NULL;
		return sixd_error_set(err, ENOMEM, "cannot write '%s'", file);
	}
	fd = mkostemp(*tmp, O_CLOEXEC);
	if (fd < 0) {
		sixd_error_set(err, errno, "cannot write '%s'", file);
		sixd_freep(tmp);
		return -1;
	}
	if (fchmod(fd, 0644) < 0)
		sixd_log_debug("cannot chmod '%s': %m", *tmp);
	output_guard(*tmp);
	return fd;
}

int sixd_output_finish(int fd, const char *tmp, const char *file, bool ok, struct sixd_error **err)
{
	if (tmp == NULL)
		return ok ? 0 : -1;
	if (ok && fsync(fd) < 0) {
		sixd_error_set(err, errno, "cannot write '%s'", file);
		ok = false;
	}
	if (ok && rename(tmp, file) < 0) {
		sixd_error_set(err, errno, "cannot rename '%s' to '%s'", tmp, file);
		ok = false;
	}
	if (!ok)
		unlink(tmp);
	output_guard(NULL);
	return ok ? 0 : -1;
}

static int write_archive(struct save_ctx *c, int fd, struct save_item *items, size_t n,
			 struct sixd_error **err)
{
	_cleanup_archive_write_ struct archive *a = archive_write_new();
	int r;

	if (a == NULL)
		return sixd_error_set(err, ENOMEM, "cannot save");
	if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
	    archive_write_add_filter_none(a) != ARCHIVE_OK ||
	    archive_write_open_fd(a, fd) != ARCHIVE_OK)
		return write_error(err, a, "the archive");
	c->out = a;
	sixd_progress_init(&c->progress, "Saving");
	r = save_all(c, items, n, err);
	sixd_progress_done(&c->progress);
	c->out = NULL;
	return r;
}

/* Make the context's temporary directory under the data root. */
static int make_tmpdir(struct save_ctx *c, struct sixd_error **err)
{
	if (sixd_mkdir_p(c->data_root, 0711, err) < 0)
		return -1;
	if (asprintf(&c->tmpdir, "%s/.save-XXXXXX", c->data_root) < 0) {
		c->tmpdir = NULL;
		return sixd_error_set(err, ENOMEM, "cannot save");
	}
	if (mkdtemp(c->tmpdir) == NULL) {
		sixd_freep(&c->tmpdir);
		return sixd_error_set(err, errno, "cannot create a directory in '%s'",
				      c->data_root);
	}
	/* held (flock) while in use: no sweep removes it (sixd_image_tmp_sweep) */
	c->hold = sixd_image_tmp_hold(c->tmpdir, err);
	return c->hold < 0 ? -1 : 0;
}

static void ctx_free(struct save_ctx *c)
{
	if (c->tmpdir)
		sixd_rm_rf(c->tmpdir, NULL);
	sixd_closep(&c->hold);
	free(c->tmpdir);
	free(c->layers);
	sixd_strvfreep(&c->blobs);
	json_decref(c->index);
	json_decref(c->docker_manifest);
}

static int save_to(struct save_ctx *c, const char *file, struct save_item *items, size_t n,
		   struct sixd_error **err)
{
	_cleanup_free_ char *tmp = NULL;
	_cleanup_close_ int fd = sixd_output_open(file, &tmp, err);

	if (fd < 0)
		return -1;
	return sixd_output_finish(fd, tmp, file, write_archive(c, fd, items, n, err) == 0, err);
}

int sixd_image_save(const char *data_root, char *const *refs, const char *file,
		    struct sixd_error **err)
{
	struct save_ctx c = {.data_root = data_root, .hold = -1};
	size_t n = 0, max = sixd_strv_len(refs);
	struct save_item *items = calloc(max + 1, sizeof(*items));
	int r = -1;

	if (sixd_archive_load(err) < 0)
		goto out;
	c.index = json_array();
	c.docker_manifest = json_array();
	if (items == NULL || c.index == NULL || c.docker_manifest == NULL) {
		sixd_error_set(err, ENOMEM, "cannot save");
		goto out;
	}
	for (size_t i = 0; i < max; i++)
		if (resolve(data_root, refs[i], items, &n, err) < 0)
			goto out;
	if (make_tmpdir(&c, err) < 0)
		goto out;
	r = save_to(&c, file, items, n, err);
out:
	ctx_free(&c);
	items_free(items, n);
	return r;
}
