// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * load: the images of an OCI image layout archive or a docker-save archive.
 *
 * 1. Stage: the archive is unpacked into <data>/.load-XXXXXX by hand, never
 *    with archive_write_disk: only directories, regular files, symlinks and
 *    hard links; every path relative and free of ".."; each parent directory
 *    opened component by component with O_NOFOLLOW, so nothing is written
 *    through a link; every file under blobs/ is a regular file whose sha256 is
 *    its name.  Files named by the manifests are opened later with
 *    openat2(RESOLVE_IN_ROOT), so a link cannot lead out of the stage.
 * 2. Read: index.json (OCI) or manifest.json (docker) names the images; each
 *    config is parsed and must list one diff_id per layer.
 * 3. Store, under the store lock: each layer not yet in the store is unpacked
 *    through sixd_layer_import, which fails unless its content has the diff_id
 *    the config gives; then the configs, then all names in one write.  On any
 *    failure, the layers and configs made so far are removed again.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <linux/openat2.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "archive_dl.h"
#include "cleanup.h"
#include "image.h"
#include "image_archive.h"
#include "log.h"
#include "progress.h"
#include "util.h"

#define LOAD_BLOCK (64 * 1024)
#define JSON_MAX (16 * 1024 * 1024) /* no manifest or config is bigger */
#define INDEX_DEPTH_MAX 4
#define MEDIA_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"
#define MEDIA_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"

struct load_ctx {
	const char *data_root;
	const char *name; /* the archive, for messages */
	char *stage;	  /* <data>/.load-XXXXXX */
	int root;	  /* fd of the stage */
	struct sixd_progress progress;
	int64_t bytes;
};

/* One image of the archive. */
struct load_item {
	char *config;		  /* the config's bytes */
	char id[SIXD_ID_LEN + 1]; /* its sha256 */
	char **layers;		  /* the staged paths of its layers, bottom first */
	char **names;		  /* normalised names */
	struct sixd_image *img;	  /* the parsed config: img->layers are the diff_ids */
};

struct load_items {
	struct load_item *v;
	size_t n;
};

/* What the store has gained so far (removed again on failure). */
struct load_made {
	char **layers;
	char **configs;
};

static void archive_read_freep(struct archive **a)
{
	int saved = errno;

	if (*a)
		archive_read_free(*a);
	*a = NULL;
	errno = saved;
}

#define _cleanup_archive_read_ _cleanup_(archive_read_freep)

static int load_error(struct load_ctx *c, struct sixd_error **err, struct archive *a)
{
	int status = archive_errno(a);

	return sixd_error_set(err, status > 0 && status != EINVAL && status != EILSEQ ? status : 0,
			      "cannot load '%s': %s", c->name,
			      archive_error_string(a) ?: "unknown archive error");
}

/* ------------------------------------------------------------ stage */

/*
 * path in canonical form: its components joined by single slashes, without
 * "." ones ("." for the top), newly allocated; NULL when it is absolute or has
 * a ".." component (errno EINVAL) or on ENOMEM.
 */
static char *canonical_path(const char *path)
{
	_cleanup_free_ char *out = NULL;
	size_t len = 0;

	errno = EINVAL;
	if (path == NULL || *path == '/' || (out = malloc(strlen(path) + 2)) == NULL)
		return NULL;
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return NULL;
		if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (len)
				out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
		}
		p += n;
		p += strspn(p, "/");
	}
	if (len == 0)
		out[len++] = '.';
	out[len] = '\0';
	return steal_ptr(out);
}

/* Is path (canonical) blobs/ or below it? */
static bool under_blobs(const char *path)
{
	return strcmp(path, "blobs") == 0 || strncmp(path, "blobs/", 6) == 0;
}

/*
 * Open the parent directory of path in the stage (made when missing), never
 * following a symlink; *base points at the last component.  dir: path is a
 * directory to make too.
 */
static int open_parent(struct load_ctx *c, const char *path, bool dir, const char **base,
		       struct sixd_error **err)
{
	_cleanup_free_ char *copy = strdup(path);
	_cleanup_close_ int fd = fcntl(c->root, F_DUPFD_CLOEXEC, 3);
	char *save = NULL, *comp, *next;

	if (copy == NULL || fd < 0)
		return sixd_error_set(err, copy ? errno : ENOMEM, "cannot load '%s'", c->name);
	*base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	for (comp = strtok_r(copy, "/", &save); comp; comp = next) {
		int sub;

		next = strtok_r(NULL, "/", &save);
		if (next == NULL && !dir)
			break;
		if (strcmp(comp, ".") == 0)
			continue;
		if (mkdirat(fd, comp, 0700) < 0 && errno != EEXIST)
			return sixd_error_set(err, errno, "cannot load '%s': cannot create '%s'",
					      c->name, path);
		sub = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			return sixd_error_set(err, errno == ELOOP ? 0 : errno,
					      "cannot load '%s': '%s' is written through a link",
					      c->name, path);
		sixd_closep(&fd);
		fd = sub;
	}
	return steal_fd(fd);
}

/* "blobs/sha256/<64 hex>": the hex, else NULL. */
static const char *blob_digest(const char *path)
{
	const char *hex = path + strlen("blobs/sha256/");

	if (strncmp(path, "blobs/sha256/", strlen("blobs/sha256/")) != 0 || !sixd_valid_id(hex))
		return NULL;
	return hex;
}

/* Copy the entry's data to fd, hashing it; a blob must hash to its name. */
static int stage_data(struct load_ctx *c, struct archive *a, int fd, const char *path,
		      struct sixd_error **err)
{
	_cleanup_free_ char *buf = malloc(LOAD_BLOCK);
	unsigned char raw[SHA256_DIGEST_SIZE];
	char hex[SIXD_ID_LEN + 1];
	const char *want = blob_digest(path);
	struct sha256_ctx sha;
	la_ssize_t n;

	if (buf == NULL)
		return sixd_error_set(err, ENOMEM, "cannot load '%s'", c->name);
	sha256_init(&sha);
	while ((n = archive_read_data(a, buf, LOAD_BLOCK)) > 0) {
		if (sixd_write_all(fd, buf, (size_t)n) < 0)
			return sixd_error_set(err, errno, "cannot load '%s': cannot write '%s'",
					      c->name, path);
		sha256_update(&sha, (size_t)n, (const uint8_t *)buf);
		c->bytes += n;
		sixd_progress_update(&c->progress, NULL, c->bytes, false);
	}
	if (n < 0)
		return load_error(c, err, a);
	sha256_digest(&sha, sizeof(raw), raw);
	sixd_image_hex(raw, sizeof(raw), hex);
	if (want && strcmp(want, hex) != 0)
		return sixd_error_set(err, 0,
				      "cannot load '%s': blob sha256:%s is corrupt (its "
				      "content is sha256:%s)",
				      c->name, want, hex);
	return 0;
}

static int stage_file(struct load_ctx *c, struct archive *a, int dir, const char *base,
		      const char *path, struct sixd_error **err)
{
	_cleanup_close_ int fd = -1;

	if (unlinkat(dir, base, 0) < 0 && errno != ENOENT)
		return sixd_error_set(err, errno, "cannot load '%s': cannot replace '%s'", c->name,
				      path);
	fd = openat(dir, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return sixd_error_set(err, errno, "cannot load '%s': cannot create '%s'", c->name,
				      path);
	return stage_data(c, a, fd, path, err);
}

static int stage_link(struct load_ctx *c, struct archive_entry *e, int dir, const char *base,
		      const char *path, struct sixd_error **err)
{
	_cleanup_free_ char *target = canonical_path(archive_entry_hardlink(e));
	const char *tbase;
	_cleanup_close_ int tdir = -1;

	if (target == NULL)
		return sixd_error_set(err, 0, "cannot load '%s': unsafe hard link '%s' -> '%s'",
				      c->name, path, archive_entry_hardlink(e));
	tdir = open_parent(c, target, false, &tbase, err);
	if (tdir < 0)
		return -1;
	if (linkat(tdir, tbase, dir, base, 0) < 0)
		return sixd_error_set(err, errno, "cannot load '%s': cannot link '%s' to '%s'",
				      c->name, path, target);
	return 0;
}

static int stage_entry(struct load_ctx *c, struct archive *a, struct archive_entry *e,
		       struct sixd_error **err)
{
	const char *raw = archive_entry_pathname(e), *base;
	_cleanup_free_ char *path = canonical_path(raw);
	mode_t type = archive_entry_filetype(e);
	bool link = archive_entry_hardlink(e) != NULL;
	_cleanup_close_ int dir = -1;

	if (path == NULL)
		return sixd_error_set(err, errno == ENOMEM ? ENOMEM : 0,
				      "cannot load '%s': unsafe path '%s' in the archive", c->name,
				      raw ? raw : "");
	/* blobs are files whose content is checked against their name: never links */
	if ((type == AE_IFLNK || link) && under_blobs(path))
		return sixd_error_set(err, 0, "cannot load '%s': '%s' is a link, not a blob",
				      c->name, path);
	if (!link && type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK)
		return sixd_error_set(err, 0, "cannot load '%s': '%s' is not a file or directory",
				      c->name, path);
	dir = open_parent(c, path, !link && type == AE_IFDIR, &base, err);
	if (dir < 0 || (!link && type == AE_IFDIR))
		return dir < 0 ? -1 : 0;
	if (link)
		return stage_link(c, e, dir, base, path, err);
	if (type == AE_IFREG)
		return stage_file(c, a, dir, base, path, err);
	if (symlinkat(archive_entry_symlink(e) ?: "", dir, base) < 0)
		return sixd_error_set(err, errno, "cannot load '%s': cannot create the link '%s'",
				      c->name, path);
	return 0;
}

static int open_archive(struct load_ctx *c, struct archive *a, const char *file,
			struct sixd_error **err)
{
	archive_read_support_format_tar(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_zstd(a);
	if (strcmp(file, "-") == 0 ? archive_read_open_fd(a, STDIN_FILENO, LOAD_BLOCK)
				   : archive_read_open_filename(a, file, LOAD_BLOCK))
		return load_error(c, err, a);
	return 0;
}

static int stage(struct load_ctx *c, const char *file, struct sixd_error **err)
{
	_cleanup_archive_read_ struct archive *a = archive_read_new();
	struct archive_entry *e;
	int r, entries = 0;

	if (a == NULL)
		return sixd_error_set(err, ENOMEM, "cannot load '%s'", c->name);
	if (open_archive(c, a, file, err) < 0)
		return -1;
	while ((r = archive_read_next_header(a, &e)) != ARCHIVE_EOF) {
		if (r < ARCHIVE_WARN)
			return load_error(c, err, a);
		if (stage_entry(c, a, e, err) < 0)
			return -1;
		entries++;
	}
	if (entries == 0)
		return sixd_error_set(err, 0, "cannot load '%s': the archive is empty", c->name);
	return 0;
}

/* ------------------------------------------------------------ read */

/*
 * Open path inside the stage: links resolve inside it, and a blob's path may
 * hold no link at all (blobs were checked against their names when staged).
 */
static int open_staged(struct load_ctx *c, const char *path, struct sixd_error **err)
{
	struct open_how how = {.flags = O_RDONLY | O_CLOEXEC,
			       .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	_cleanup_free_ char *clean = canonical_path(path);
	int fd;

	if (clean == NULL)
		return sixd_error_set(err, 0, "cannot load '%s': unsafe path '%s' in a manifest",
				      c->name, path);
	if (under_blobs(clean))
		how.resolve |= RESOLVE_NO_SYMLINKS;
	fd = (int)syscall(SYS_openat2, c->root, clean, &how, sizeof(how));
	if (fd < 0)
		return sixd_error_set(err, errno, "cannot load '%s': '%s'", c->name, path);
	return fd;
}

/* A staged file's bytes (at most JSON_MAX), NUL-terminated. */
static char *read_staged(struct load_ctx *c, const char *path, size_t *len, struct sixd_error **err)
{
	_cleanup_close_ int fd = open_staged(c, path, err);
	_cleanup_free_ char *buf = NULL;
	struct stat st;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > JSON_MAX) {
		sixd_error_set(err, 0, "cannot load '%s': '%s' is not a small regular file",
			       c->name, path);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL || sixd_read_all(fd, buf, (size_t)st.st_size) != st.st_size) {
		sixd_error_set(err, buf ? errno : ENOMEM, "cannot read '%s'", path);
		return NULL;
	}
	buf[st.st_size] = '\0';
	*len = (size_t)st.st_size;
	return steal_ptr(buf);
}

static json_t *read_json(struct load_ctx *c, const char *path, struct sixd_error **err)
{
	size_t len;
	_cleanup_free_ char *text = read_staged(c, path, &len, err);
	json_error_t jerr;
	json_t *v;

	if (text == NULL)
		return NULL;
	v = json_loadb(text, len, 0, &jerr);
	if (v == NULL)
		sixd_error_set(err, 0, "cannot load '%s': '%s' is not valid JSON: %s", c->name,
			       path, jerr.text);
	return v;
}

/* The staged path of the blob a descriptor names ("blobs/sha256/<hex>"). */
static char *blob_path(struct load_ctx *c, json_t *desc, struct sixd_error **err)
{
	const char *d = json_string_value(json_object_get(desc, "digest"));
	char *path = NULL;

	if (d == NULL || strncmp(d, "sha256:", 7) != 0 || !sixd_valid_id(d + 7)) {
		sixd_error_set(err, 0, "cannot load '%s': bad digest '%s' in a descriptor", c->name,
			       d ? d : "");
		return NULL;
	}
	if (asprintf(&path, "blobs/sha256/%s", d + 7) < 0) {
		sixd_error_set(err, ENOMEM, "cannot load '%s'", c->name);
		return NULL;
	}
	return path;
}

/* A descriptor's blob, checked against its size (its digest was checked on staging). */
static char *read_blob(struct load_ctx *c, json_t *desc, size_t *len, struct sixd_error **err)
{
	_cleanup_free_ char *path = blob_path(c, desc, err);
	json_t *size = json_object_get(desc, "size");
	char *text;

	if (path == NULL || (text = read_staged(c, path, len, err)) == NULL)
		return NULL;
	if (json_is_integer(size) && json_integer_value(size) != (json_int_t)*len) {
		free(text);
		sixd_error_set(err, 0, "cannot load '%s': blob '%s' has the wrong size", c->name,
			       path);
		return NULL;
	}
	return text;
}

static struct load_item *item_new(struct load_items *items)
{
	struct load_item *grown = realloc(items->v, (items->n + 1) * sizeof(*grown));

	if (grown == NULL)
		return NULL;
	items->v = grown;
	memset(&grown[items->n], 0, sizeof(*grown));
	grown[items->n].layers = calloc(1, sizeof(char *));
	grown[items->n].names = calloc(1, sizeof(char *));
	if (grown[items->n].layers == NULL || grown[items->n].names == NULL)
		return NULL;
	return &grown[items->n++];
}

/* Add name (normalised) to it; an invalid one fails. */
static int add_name(struct load_ctx *c, struct load_item *it, const char *name,
		    struct sixd_error **err)
{
	_cleanup_free_ char *norm = NULL;

	if (sixd_image_normalize_ref(name, &norm, err) < 0)
		return sixd_error_wrap(err, "cannot load '%s'", c->name);
	for (char **n = it->names; *n; n++)
		if (strcmp(*n, norm) == 0)
			return 0;
	if (sixd_strv_append(&it->names, norm) < 0)
		return sixd_error_set(err, ENOMEM, "cannot load '%s'", c->name);
	return 0;
}

/* The item of config text (the same config twice is one item). */
static struct load_item *item_for(struct load_ctx *c, struct load_items *items, char *config,
				  struct sixd_error **err)
{
	unsigned char raw[SHA256_DIGEST_SIZE];
	char id[SIXD_ID_LEN + 1];
	struct sha256_ctx sha;
	struct load_item *it;

	sha256_init(&sha);
	sha256_update(&sha, strlen(config), (const uint8_t *)config);
	sha256_digest(&sha, sizeof(raw), raw);
	sixd_image_hex(raw, sizeof(raw), id);
	for (size_t i = 0; i < items->n; i++)
		if (strcmp(items->v[i].id, id) == 0) {
			free(config);
			return &items->v[i];
		}
	it = item_new(items);
	if (it == NULL) {
		free(config);
		sixd_error_set(err, ENOMEM, "cannot load '%s'", c->name);
		return NULL;
	}
	memcpy(it->id, id, sizeof(id));
	it->config = config;
	return it;
}

/* An OCI (or docker v2) manifest blob: its config and layers become an item. */
static int oci_manifest(struct load_ctx *c, json_t *desc, const char *name,
			struct load_items *items, struct sixd_error **err)
{
	size_t len, i;
	_cleanup_free_ char *text = read_blob(c, desc, &len, err);
	json_auto_t *m = text ? json_loadb(text, len, 0, NULL) : NULL;
	json_t *layers = json_object_get(m, "layers"), *l;
	struct load_item *it;
	char *config;

	if (text == NULL)
		return -1;
	if (!json_is_object(json_object_get(m, "config")) || !json_is_array(layers))
		return sixd_error_set(
			err, 0, "cannot load '%s': a manifest has no config or layers", c->name);
	config = read_blob(c, json_object_get(m, "config"), &len, err);
	if (config == NULL || (it = item_for(c, items, config, err)) == NULL)
		return -1;
	if (it->layers[0] == NULL)
		json_array_foreach(layers, i, l)
		{
			_cleanup_free_ char *path = blob_path(c, l, err);

			if (path == NULL || sixd_strv_append(&it->layers, path) < 0)
				return path ? sixd_error_set(err, ENOMEM, "cannot load") : -1;
		}
	return name ? add_name(c, it, name, err) : 0;
}

/* A name from an index entry: ref.name when it is a whole reference, not a bare tag. */
static const char *ref_name(json_t *desc)
{
	json_t *ann = json_object_get(desc, "annotations");
	const char *name = json_string_value(json_object_get(ann, "io.containerd.image.name"));

	if (name == NULL)
		name = json_string_value(json_object_get(ann, SIXD_ANNOTATION_REF));
	if (name == NULL || (strchr(name, ':') == NULL && strchr(name, '/') == NULL))
		return NULL;
	return name;
}

static int oci_index(struct load_ctx *c, json_t *index, int depth, struct load_items *items,
		     struct sixd_error **err);

static int oci_descriptor(struct load_ctx *c, json_t *desc, int depth, struct load_items *items,
			  struct sixd_error **err)
{
	const char *media = json_string_value(json_object_get(desc, "mediaType"));
	json_t *platform = json_object_get(desc, "platform");
	const char *os = json_string_value(json_object_get(platform, "os"));
	const char *arch = json_string_value(json_object_get(platform, "architecture"));
	size_t len;

	/* a multi-platform index: this machine's image only */
	if ((os && strcmp(os, "linux") != 0) || (arch && strcmp(arch, sixd_image_arch()) != 0))
		return 0;
	if (media &&
	    (strcmp(media, SIXD_MEDIA_INDEX) == 0 || strcmp(media, MEDIA_DOCKER_LIST) == 0)) {
		_cleanup_free_ char *text = read_blob(c, desc, &len, err);
		json_auto_t *sub = text ? json_loadb(text, len, 0, NULL) : NULL;

		if (text == NULL)
			return -1;
		return oci_index(c, sub, depth + 1, items, err);
	}
	if (media && strcmp(media, SIXD_MEDIA_MANIFEST) != 0 &&
	    strcmp(media, MEDIA_DOCKER_MANIFEST) != 0)
		return sixd_error_set(err, 0, "cannot load '%s': unknown manifest type '%s'",
				      c->name, media);
	return oci_manifest(c, desc, ref_name(desc), items, err);
}

static int oci_index(struct load_ctx *c, json_t *index, int depth, struct load_items *items,
		     struct sixd_error **err)
{
	json_t *list = json_object_get(index, "manifests"), *desc;
	size_t i;

	if (depth > INDEX_DEPTH_MAX || !json_is_array(list))
		return sixd_error_set(err, 0, "cannot load '%s': bad image index", c->name);
	json_array_foreach(list, i, desc)
	{
		if (oci_descriptor(c, desc, depth, items, err) < 0)
			return -1;
	}
	return 0;
}

/* One manifest.json entry: Config, RepoTags, Layers (paths in the archive). */
static int docker_entry(struct load_ctx *c, json_t *entry, struct load_items *items,
			struct sixd_error **err)
{
	const char *cfg = json_string_value(json_object_get(entry, "Config"));
	json_t *layers = json_object_get(entry, "Layers"), *v;
	size_t len, i;
	struct load_item *it;
	char *config;

	if (cfg == NULL || !json_is_array(layers))
		return sixd_error_set(err, 0, "cannot load '%s': bad manifest.json entry", c->name);
	config = read_staged(c, cfg, &len, err);
	if (config == NULL || (it = item_for(c, items, config, err)) == NULL)
		return -1;
	if (it->layers[0] == NULL)
		json_array_foreach(layers, i, v)
		{
			_cleanup_free_ char *clean = canonical_path(json_string_value(v));

			if (clean == NULL)
				return sixd_error_set(err, 0,
						      "cannot load '%s': unsafe layer path '%s'",
						      c->name, json_string_value(v) ?: "");
			if (sixd_strv_append(&it->layers, json_string_value(v)) < 0)
				return sixd_error_set(err, ENOMEM, "cannot load '%s'", c->name);
		}
	json_array_foreach(json_object_get(entry, "RepoTags"), i, v)
	{
		if (!json_is_string(v) || add_name(c, it, json_string_value(v), err) < 0)
			return json_is_string(v) ? -1
						 : sixd_error_set(err, 0,
								  "cannot load '%s': bad "
								  "RepoTags",
								  c->name);
	}
	return 0;
}

static bool staged_exists(struct load_ctx *c, const char *path)
{
	return faccessat(c->root, path, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

/* Find the images: index.json (OCI) first, else manifest.json (docker). */
static int read_items(struct load_ctx *c, struct load_items *items, struct sixd_error **err)
{
	json_auto_t *top = NULL;
	size_t i;
	json_t *entry;

	if (staged_exists(c, "index.json")) {
		top = read_json(c, "index.json", err);
		return top ? oci_index(c, top, 0, items, err) : -1;
	}
	if (!staged_exists(c, "manifest.json"))
		return sixd_error_set(err, 0,
				      "cannot load '%s': not an image archive (no index.json or "
				      "manifest.json)",
				      c->name);
	top = read_json(c, "manifest.json", err);
	if (top == NULL)
		return -1;
	if (!json_is_array(top))
		return sixd_error_set(err, 0, "cannot load '%s': manifest.json is not a list",
				      c->name);
	json_array_foreach(top, i, entry)
	{
		if (docker_entry(c, entry, items, err) < 0)
			return -1;
	}
	return 0;
}

/* Parse each config; one diff_id per layer. */
static int check_items(struct load_ctx *c, struct load_items *items, struct sixd_error **err)
{
	if (items->n == 0)
		return sixd_error_set(err, 0, "cannot load '%s': the archive holds no image",
				      c->name);
	for (size_t i = 0; i < items->n; i++) {
		struct load_item *it = &items->v[i];
		size_t want;

		it->img = calloc(1, sizeof(*it->img));
		if (it->img == NULL)
			return sixd_error_set(err, ENOMEM, "cannot load '%s'", c->name);
		if (sixd_image_parse_config(it->config, it->img, err) < 0)
			return sixd_error_wrap(err, "cannot load '%s'", c->name);
		want = sixd_strv_len(it->img->layers);
		if (want == 0 || want != sixd_strv_len(it->layers))
			return sixd_error_set(err, 0,
					      "cannot load '%s': image %.12s has %zu layers but "
					      "%zu diff_ids",
					      c->name, it->id, sixd_strv_len(it->layers), want);
	}
	return 0;
}

/* ------------------------------------------------------------ store */

static bool layer_stored(const char *data_root, const char *layer)
{
	_cleanup_free_ char *path = NULL;

	if (asprintf(&path, "%s/layers/%s/layer.json", data_root, layer) < 0)
		return false;
	return access(path, F_OK) == 0;
}

static int store_layer(struct load_ctx *c, const char *path, const char *diff_id,
		       struct load_made *made, struct sixd_error **err)
{
	_cleanup_close_ int fd = -1;
	struct sixd_layer_source src = {.use_fd = true, .name = path, .expect = diff_id};
	char digest[SIXD_ID_LEN + 1];
	bool created = false;

	if (layer_stored(c->data_root, diff_id))
		return 0;
	fd = open_staged(c, path, err);
	if (fd < 0)
		return -1;
	src.fd = fd;
	if (sixd_layer_import(c->data_root, &src, digest, &created, err) < 0)
		return sixd_error_wrap(err, "cannot load '%s'", c->name);
	if (created && sixd_strv_append(&made->layers, digest) < 0)
		return sixd_error_set(err, ENOMEM, "cannot load '%s'", c->name);
	return 0;
}

static int store_item(struct load_ctx *c, struct load_item *it, struct load_made *made,
		      struct sixd_error **err)
{
	size_t n = sixd_strv_len(it->layers);
	char id[SIXD_ID_LEN + 1];
	bool created = false;

	for (size_t i = 0; i < n; i++) {
		char step[128];

		snprintf(step, sizeof(step), "image %.12s, layer %zu/%zu", it->id, i + 1, n);
		sixd_progress_update(&c->progress, step, c->bytes, true);
		if (store_layer(c, it->layers[i], it->img->layers[i], made, err) < 0)
			return -1;
	}
	if (sixd_image_store_config_locked(c->data_root, it->config, id, &created, err) < 0)
		return -1;
	if (created && sixd_strv_append(&made->configs, id) < 0)
		return sixd_error_set(err, ENOMEM, "cannot load '%s'", c->name);
	return 0;
}

/* Every name of every item, in one write of repositories.json. */
static int name_items(struct load_ctx *c, struct load_items *items, struct sixd_error **err)
{
	_cleanup_free_ char **names = NULL, **ids = NULL;
	size_t n = 0, max = 0;

	for (size_t i = 0; i < items->n; i++)
		max += sixd_strv_len(items->v[i].names);
	names = calloc(max + 1, sizeof(char *));
	ids = calloc(max + 1, sizeof(char *));
	if (names == NULL || ids == NULL)
		return sixd_error_set(err, ENOMEM, "cannot load '%s'", c->name);
	for (size_t i = 0; i < items->n; i++)
		for (char **name = items->v[i].names; *name; name++) {
			names[n] = *name;
			ids[n++] = items->v[i].id;
		}
	return n ? sixd_image_tag_locked(c->data_root, names, ids, err) : 0;
}

static void undo(struct load_ctx *c, struct load_made *made)
{
	for (char **id = made->configs; id && *id; id++)
		sixd_image_remove_config_locked(c->data_root, *id);
	for (char **l = made->layers; l && *l; l++)
		sixd_layer_remove(c->data_root, *l, NULL);
}

static int store_items(struct load_ctx *c, struct load_items *items, struct sixd_error **err)
{
	struct load_made made = {0};
	_cleanup_close_ int lock = sixd_image_lock(c->data_root, err);
	int r = 0;

	if (lock < 0)
		return -1;
	for (size_t i = 0; i < items->n && r == 0; i++)
		r = store_item(c, &items->v[i], &made, err);
	if (r == 0)
		r = name_items(c, items, err);
	if (r < 0)
		undo(c, &made);
	sixd_strvfreep(&made.layers);
	sixd_strvfreep(&made.configs);
	return r;
}

static int report_items(struct load_items *items, char ***report, struct sixd_error **err)
{
	for (size_t i = 0; i < items->n; i++) {
		struct load_item *it = &items->v[i];
		_cleanup_free_ char *line = NULL;

		if (it->names[0] == NULL &&
		    asprintf(&line, "Loaded image ID: sha256:%s", it->id) < 0)
			return sixd_error_set(err, ENOMEM, "cannot load");
		if (line && sixd_strv_append(report, line) < 0)
			return sixd_error_set(err, ENOMEM, "cannot load");
		for (char **n = it->names; *n; n++) {
			_cleanup_free_ char *named = NULL;

			if (asprintf(&named, "Loaded image: %s", *n) < 0 ||
			    sixd_strv_append(report, named) < 0)
				return sixd_error_set(err, ENOMEM, "cannot load");
		}
	}
	return 0;
}

/* ------------------------------------------------------------ the whole load */

static int make_stage(struct load_ctx *c, struct sixd_error **err)
{
	if (sixd_mkdir_p(c->data_root, 0711, err) < 0)
		return -1;
	if (asprintf(&c->stage, "%s/.load-XXXXXX", c->data_root) < 0) {
		c->stage = NULL;
		return sixd_error_set(err, ENOMEM, "cannot load '%s'", c->name);
	}
	if (mkdtemp(c->stage) == NULL) {
		sixd_freep(&c->stage);
		return sixd_error_set(err, errno, "cannot create a directory in '%s'",
				      c->data_root);
	}
	/* held (flock) while in use: no sweep removes it (sixd_image_tmp_sweep) */
	c->root = sixd_image_tmp_hold(c->stage, err);
	return c->root < 0 ? -1 : 0;
}

static void items_free(struct load_items *items)
{
	for (size_t i = 0; i < items->n; i++) {
		struct load_item *it = &items->v[i];

		free(it->config);
		sixd_strvfreep(&it->layers);
		sixd_strvfreep(&it->names);
		sixd_image_free(it->img);
	}
	free(items->v);
}

int sixd_image_load_archive(const char *data_root, const char *file, char ***report,
			    struct sixd_error **err)
{
	struct load_ctx c = {.data_root = data_root, .root = -1};
	struct load_items items = {0};
	int r = -1;

	c.name = strcmp(file, "-") == 0 ? "standard input" : file;
	sixd_progress_init(&c.progress, "Loading");
	if (sixd_archive_load(err) < 0 || make_stage(&c, err) < 0 || stage(&c, file, err) < 0 ||
	    read_items(&c, &items, err) < 0 || check_items(&c, &items, err) < 0 ||
	    store_items(&c, &items, err) < 0 || report_items(&items, report, err) < 0)
		goto out;
	r = 0;
out:
	sixd_progress_done(&c.progress);
	sixd_closep(&c.root);
	if (c.stage)
		sixd_rm_rf(c.stage, NULL);
	free(c.stage);
	items_free(&items);
	return r;
}
