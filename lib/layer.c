// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Layers: a tar stream, perhaps compressed, unpacked into
 * <data>/layers/<hex>/diff where hex is the sha256 of the uncompressed stream
 * (the OCI diff_id).
 *
 * Two libarchive readers are chained: the outer one (gzip, bzip2, xz, zstd...;
 * "raw" format) yields the decompressed bytes, which are hashed on their way into
 * the inner tar reader.  Entries are written with archive_write_disk under a
 * temporary directory; the process never changes its working directory, so
 * every entry's path (and hard-link target) is rewritten to an absolute path
 * below that directory once it has been checked to be relative and free of
 * "..".  SECURE_NOABSOLUTEPATHS cannot be used for that reason; the check here
 * replaces it, and SECURE_SYMLINKS still stops writes through symlinks.
 * FFLAGS is left out on purpose: an immutable file in a layer could not be
 * removed again.
 *
 * OCI whiteouts become what overlayfs reads in a lower layer: "dir/.wh.name"
 * a 0/0 character device "dir/name", "dir/.wh..wh..opq" the xattr
 * trusted.overlay.opaque=y on "dir".  They are made with *at() calls from a
 * directory fd opened component by component with O_NOFOLLOW, so a symlink in
 * the layer cannot send them outside it.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "archive_dl.h"
#include "cleanup.h"
#include "commit.h"
#include "image.h"
#include "log.h"
#include "util.h"

#define LAYER_BLOCK (64 * 1024)
#define OVL_XATTR_PREFIX "trusted.overlay."

#define EXTRACT_FLAGS                                                                              \
	(ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME |                     \
	 ARCHIVE_EXTRACT_XATTR | ARCHIVE_EXTRACT_ACL | ARCHIVE_EXTRACT_SECURE_NODOTDOT |           \
	 ARCHIVE_EXTRACT_SECURE_SYMLINKS)

/* The decompressing reader and the hash of what it yields. */
struct layer_stream {
	struct archive *outer;
	int fd;
	struct sha256_ctx sha;
	unsigned char buf[LAYER_BLOCK];
};

/* One extraction: the inner tar reader, the disk writer and where it writes. */
struct layer_extract {
	struct archive *in;
	struct archive *disk;
	const char *root; /* absolute <tmp>/diff */
	const char *name; /* the source, for messages */
	int64_t size;
};

static void archive_read_freep(struct archive **a)
{
	int saved = errno;

	if (*a)
		archive_read_free(*a);
	*a = NULL;
	errno = saved;
}

static void archive_write_freep(struct archive **a)
{
	int saved = errno;

	if (*a)
		archive_write_free(*a);
	*a = NULL;
	errno = saved;
}

/* Remove a temporary directory that was not handed on. */
static void tmpdir_removep(char **path)
{
	int saved = errno;

	if (*path) {
		sixd_rm_rf(*path, NULL);
		free(*path);
	}
	*path = NULL;
	errno = saved;
}

#define _cleanup_archive_read_ _cleanup_(archive_read_freep)
#define _cleanup_archive_write_ _cleanup_(archive_write_freep)
#define _cleanup_tmpdir_ _cleanup_(tmpdir_removep)

void sixd_image_hex(const unsigned char *raw, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 0xf];
	}
	out[2 * n] = '\0';
}

/* An error from libarchive: its errno when it is a system error, and its text. */
static int archive_error(struct sixd_error **err, struct archive *a, const char *what,
			 const char *name)
{
	int status = archive_errno(a);
	const char *text = archive_error_string(a);

	if (status < 0 || status == EILSEQ || status == EINVAL) /* libarchive's own codes */
		status = 0;
	return sixd_error_set(err, status, "cannot %s '%s': %s", what, name,
			      text ? text : "unknown archive error");
}

static const char *source_name(const struct sixd_layer_source *src)
{
	if (src->name)
		return src->name;
	if (src->path == NULL)
		return src->use_fd ? "layer" : "buffer";
	return strcmp(src->path, "-") == 0 ? "standard input" : src->path;
}

char *sixd_image_layer_dir(const char *data_root, const char *layer)
{
	char *out = NULL;

	if (asprintf(&out, "%s/layers/%s/diff", data_root, layer) < 0)
		return NULL;
	return out;
}

static int stream_open(struct layer_stream *s, const struct sixd_layer_source *src,
		       struct sixd_error **err)
{
	struct archive_entry *raw;
	int r;

	if (sixd_archive_load(err) < 0)
		return -1;
	s->outer = archive_read_new();
	if (s->outer == NULL)
		return sixd_error_set(err, ENOMEM, "cannot read '%s'", source_name(src));
	sha256_init(&s->sha);
	/* the compressions docker reads; filter_all would also run external programs */
	archive_read_support_filter_gzip(s->outer);
	archive_read_support_filter_bzip2(s->outer);
	archive_read_support_filter_xz(s->outer);
	archive_read_support_filter_lzma(s->outer);
	archive_read_support_filter_zstd(s->outer);
	archive_read_support_filter_compress(s->outer);
	archive_read_support_format_raw(s->outer);
	if (src->use_fd) {
		r = archive_read_open_fd(s->outer, src->fd, LAYER_BLOCK);
	} else if (src->path == NULL) {
		r = archive_read_open_memory(s->outer, src->buf, src->len);
	} else if (strcmp(src->path, "-") == 0) {
		r = archive_read_open_fd(s->outer, STDIN_FILENO, LAYER_BLOCK);
	} else {
		s->fd = open(src->path, O_RDONLY | O_CLOEXEC);
		if (s->fd < 0)
			return sixd_error_set(err, errno, "cannot open '%s'", src->path);
		r = archive_read_open_fd(s->outer, s->fd, LAYER_BLOCK);
	}
	if (r == ARCHIVE_OK)
		r = archive_read_next_header(s->outer, &raw);
	if (r == ARCHIVE_EOF)
		return sixd_error_set(err, 0, "cannot import '%s': it is empty", source_name(src));
	if (r != ARCHIVE_OK)
		return archive_error(err, s->outer, "read", source_name(src));
	return 0;
}

static void stream_close(struct layer_stream *s)
{
	archive_read_freep(&s->outer);
	sixd_closep(&s->fd);
}

/* The inner reader's read callback: decompressed bytes, hashed on the way. */
static la_ssize_t stream_read(struct archive *inner, void *data, const void **buf)
{
	struct layer_stream *s = data;
	la_ssize_t n = archive_read_data(s->outer, s->buf, sizeof(s->buf));

	if (n < 0) {
		archive_set_error(inner, archive_errno(s->outer), "%s",
				  archive_error_string(s->outer));
		return -1;
	}
	sha256_update(&s->sha, (size_t)n, s->buf);
	*buf = s->buf;
	return n;
}

/* Hash what the tar reader left unread (the end-of-archive padding), then finish. */
static int stream_digest(struct layer_stream *s, char *digest, const char *name,
			 struct sixd_error **err)
{
	unsigned char raw[SHA256_DIGEST_SIZE];
	la_ssize_t n;

	while ((n = archive_read_data(s->outer, s->buf, sizeof(s->buf))) > 0)
		sha256_update(&s->sha, (size_t)n, s->buf);
	if (n < 0)
		return archive_error(err, s->outer, "read", name);
	sha256_digest(&s->sha, sizeof(raw), raw);
	sixd_image_hex(raw, sizeof(raw), digest);
	return 0;
}

/* True if path is relative and no component of it is "..". */
static bool path_is_contained(const char *path)
{
	const char *p = path;

	if (path == NULL || *path == '\0' || *path == '/')
		return false;
	while (*p) {
		size_t len = strcspn(p, "/");

		if (len == 2 && p[0] == '.' && p[1] == '.')
			return false;
		p += len;
		p += strspn(p, "/");
	}
	return true;
}

/* Check the entry's path and hard-link target and move both below ex->root. */
static int rebase_entry(struct layer_extract *ex, struct archive_entry *e, struct sixd_error **err)
{
	const char *path = archive_entry_pathname(e);
	const char *link = archive_entry_hardlink(e);
	_cleanup_free_ char *new_path = NULL, *new_link = NULL;

	if (path == NULL || *path == '\0')
		return sixd_error_set(err, 0, "cannot import '%s': an entry has no name", ex->name);
	if (!path_is_contained(path))
		return sixd_error_set(err, 0, "cannot import '%s': unsafe path '%s' in the archive",
				      ex->name, path);
	if (link && !path_is_contained(link))
		return sixd_error_set(
			err, 0, "cannot import '%s': unsafe hard link '%s' -> '%s' in the archive",
			ex->name, path, link);
	if (asprintf(&new_path, "%s/%s", ex->root, path) < 0 ||
	    (link && asprintf(&new_link, "%s/%s", ex->root, link) < 0))
		return sixd_error_set(err, ENOMEM, "cannot import '%s'", ex->name);
	archive_entry_copy_pathname(e, new_path);
	if (link)
		archive_entry_copy_hardlink(e, new_link);
	return 0;
}

static int copy_data(struct layer_extract *ex, const char *path, struct sixd_error **err)
{
	const void *buf;
	size_t len;
	la_int64_t off;
	int r;

	while ((r = archive_read_data_block(ex->in, &buf, &len, &off)) == ARCHIVE_OK) {
		if (archive_write_data_block(ex->disk, buf, len, off) < ARCHIVE_WARN)
			return archive_error(err, ex->disk, "extract", path);
	}
	if (r != ARCHIVE_EOF)
		return archive_error(err, ex->in, "read", path);
	return 0;
}

/* Write one entry (already rebased) and its data to disk. */
static int write_entry(struct layer_extract *ex, struct archive_entry *e, const char *path,
		       struct sixd_error **err)
{
	int r = archive_write_header(ex->disk, e);

	if (r < ARCHIVE_WARN)
		return archive_error(err, ex->disk, "extract", path);
	if (r == ARCHIVE_WARN)
		sixd_log_warn("%s: %s", path, archive_error_string(ex->disk));
	if (archive_entry_size(e) > 0 && copy_data(ex, path, err) < 0)
		return -1;
	r = archive_write_finish_entry(ex->disk);
	if (r < ARCHIVE_WARN)
		return archive_error(err, ex->disk, "extract", path);
	if (r == ARCHIVE_WARN)
		sixd_log_warn("%s: %s", path, archive_error_string(ex->disk));
	return 0;
}

/* Open the directory rel below root (rel made when missing), never following a symlink. */
static int open_below(const char *root, const char *rel, struct sixd_error **err)
{
	_cleanup_free_ char *copy = strdup(rel);
	_cleanup_close_ int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char *save = NULL;

	if (copy == NULL || fd < 0)
		return sixd_error_set(err, copy ? errno : ENOMEM, "cannot open '%s'", root);
	for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		int next;

		if (strcmp(c, ".") == 0)
			continue;
		if (mkdirat(fd, c, 0755) < 0 && errno != EEXIST)
			return sixd_error_set(err, errno, "cannot create '%s' in the layer", rel);
		next = openat(fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0)
			return sixd_error_set(err, errno, "cannot open '%s' in the layer", rel);
		sixd_closep(&fd);
		fd = next;
	}
	return steal_fd(fd);
}

/* "dir/name" deleted: a 0/0 character device in place of whatever is there. */
static int apply_file_whiteout(struct layer_extract *ex, const char *target, time_t mtime,
			       struct sixd_error **err)
{
	struct timespec times[2] = {{.tv_sec = mtime}, {.tv_sec = mtime}};
	const char *slash = strrchr(target, '/');
	const char *name = slash ? slash + 1 : target;
	_cleanup_free_ char *dir = strndup(target, slash ? (size_t)(slash - target) : 0);
	_cleanup_free_ char *full = NULL;
	_cleanup_close_ int fd = -1;
	struct stat st;

	if (dir == NULL || asprintf(&full, "%s/%s", ex->root, target) < 0)
		return sixd_error_set(err, ENOMEM, "cannot apply the whiteout of '%s'", target);
	fd = open_below(ex->root, dir, err);
	if (fd < 0)
		return -1;
	if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		/* the parent has no symlink (open_below), so the path stays inside */
		if (S_ISDIR(st.st_mode) ? sixd_rm_rf(full, err) < 0 : unlinkat(fd, name, 0) < 0)
			return sixd_error_set(err, errno, "cannot remove '%s'", full);
	}
	if (mknodat(fd, name, S_IFCHR, makedev(0, 0)) < 0)
		return sixd_error_set(err, errno, "cannot create the whiteout '%s'", full);
	/* the marker's time, so that the layer written back out is the same tar */
	if (utimensat(fd, name, times, AT_SYMLINK_NOFOLLOW) < 0)
		return sixd_error_set(err, errno, "cannot set the time of '%s'", full);
	return 0;
}

static int apply_opaque(struct layer_extract *ex, const char *target, struct sixd_error **err)
{
	_cleanup_close_ int fd = open_below(ex->root, target, err);

	if (fd < 0)
		return -1;
	if (fsetxattr(fd, "trusted.overlay.opaque", "y", 1, 0) < 0)
		return sixd_error_set(err, errno, "cannot mark '%s/%s' opaque", ex->root, target);
	return 0;
}

/* 1 when the entry was an OCI whiteout and is applied, 0 for an ordinary entry, -1 on error. */
static int apply_whiteout(struct layer_extract *ex, const char *path, time_t mtime,
			  struct sixd_error **err)
{
	_cleanup_free_ char *target = NULL;
	int kind = sixd_whiteout_parse(path, &target);

	if (kind == SIXD_WHITEOUT_NONE)
		return 0;
	if (kind < 0 || !path_is_contained(path))
		return sixd_error_set(err, kind < 0 ? errno : 0,
				      "cannot import '%s': bad whiteout '%s' in the archive",
				      ex->name, path);
	if (kind == SIXD_WHITEOUT_FILE ? apply_file_whiteout(ex, target, mtime, err) < 0
				       : apply_opaque(ex, target, err) < 0)
		return sixd_error_wrap(err, "cannot import '%s'", ex->name);
	return 1;
}

/* One extended attribute, copied out of an entry. */
struct xattr_copy {
	char *name;
	void *value;
	size_t size;
};

/*
 * Drop the entry's trusted.overlay.* xattrs: OCI layers express whiteouts and
 * opaque directories with .wh. files only, and such an xattr (opaque,
 * redirect, origin...) from an archive would change how overlayfs reads the
 * layer.  The other xattrs stay, in their order.
 */
static int drop_overlay_xattrs(struct archive_entry *e)
{
	int n = archive_entry_xattr_reset(e), kept = 0, r = 0;
	_cleanup_free_ struct xattr_copy *v = NULL;
	const char *name;
	const void *value;
	size_t size;

	if (n <= 0)
		return 0;
	v = calloc((size_t)n, sizeof(*v));
	if (v == NULL)
		return -1;
	while (kept < n && archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
		if (strncmp(name, OVL_XATTR_PREFIX, strlen(OVL_XATTR_PREFIX)) == 0)
			continue;
		v[kept].name = strdup(name);
		v[kept].value = malloc(size ? size : 1);
		v[kept].size = size;
		if (v[kept].name == NULL || v[kept].value == NULL)
			r = -1;
		else
			memcpy(v[kept].value, value, size);
		kept++;
	}
	if (r == 0 && kept < n) {
		archive_entry_xattr_clear(e);
		for (int i = 0; i < kept; i++)
			archive_entry_xattr_add_entry(e, v[i].name, v[i].value, v[i].size);
	}
	for (int i = 0; i < kept; i++) {
		free(v[i].name);
		free(v[i].value);
	}
	return r;
}

static int extract_entry(struct layer_extract *ex, struct archive_entry *e, struct sixd_error **err)
{
	_cleanup_free_ char *path = strdup(archive_entry_pathname(e) ?: "");
	int r;

	if (path == NULL)
		return sixd_error_set(err, ENOMEM, "cannot import '%s'", ex->name);
	r = apply_whiteout(ex, path, archive_entry_mtime(e), err);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (rebase_entry(ex, e, err) < 0)
		return -1;
	if (drop_overlay_xattrs(e) < 0)
		return sixd_error_set(err, ENOMEM, "cannot import '%s'", ex->name);
	if (archive_entry_filetype(e) == AE_IFREG && archive_entry_hardlink(e) == NULL)
		ex->size += archive_entry_size(e);
	if (write_entry(ex, e, path, err) < 0)
		return sixd_error_wrap(err, "cannot import '%s'", ex->name);
	return 0;
}

static int extract_all(struct layer_extract *ex, struct sixd_error **err)
{
	struct archive_entry *e;
	int r;

	for (;;) {
		r = archive_read_next_header(ex->in, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN)
			return archive_error(err, ex->in, "read", ex->name);
		if (extract_entry(ex, e, err) < 0)
			return -1;
	}
	/* directory modes and times are fixed up on close */
	if (archive_write_close(ex->disk) < ARCHIVE_WARN)
		return archive_error(err, ex->disk, "extract", ex->name);
	return 0;
}

/* Unpack the stream s into root (absolute), hashing it; the size goes to *size. */
static int unpack(struct layer_stream *s, const char *root, const char *name, int64_t *size,
		  struct sixd_error **err)
{
	_cleanup_archive_read_ struct archive *in = archive_read_new();
	_cleanup_archive_write_ struct archive *disk = archive_write_disk_new();
	struct layer_extract ex = {.in = in, .disk = disk, .root = root, .name = name};

	if (in == NULL || disk == NULL)
		return sixd_error_set(err, ENOMEM, "cannot import '%s'", name);
	archive_read_support_format_tar(in);
	archive_write_disk_set_options(disk, EXTRACT_FLAGS);
	if (archive_read_open(in, s, NULL, stream_read, NULL) != ARCHIVE_OK)
		return archive_error(err, in, "read", name);
	if (extract_all(&ex, err) < 0)
		return -1;
	*size = ex.size;
	return 0;
}

static int write_layer_json(const char *dir, int64_t size, struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL, *text = NULL;
	json_auto_t *obj = json_pack("{s:I}", "size", (json_int_t)size);

	if (obj == NULL || asprintf(&path, "%s/layer.json", dir) < 0 ||
	    (text = json_dumps(obj, JSON_COMPACT)) == NULL)
		return sixd_error_set(err, ENOMEM, "cannot write the layer metadata in '%s'", dir);
	return sixd_write_file_atomic(path, text, strlen(text), 0600, err);
}

/* mkdtemp <data>/layers/.tmp-XXXXXX with an empty diff/ inside; absolute path. */
static char *make_tmp(const char *layers, struct sixd_error **err)
{
	_cleanup_tmpdir_ char *tmp = NULL;
	_cleanup_free_ char *diff = NULL;

	if (asprintf(&tmp, "%s/.tmp-XXXXXX", layers) < 0) {
		sixd_error_set(err, ENOMEM, "cannot create a directory in '%s'", layers);
		return NULL;
	}
	if (mkdtemp(tmp) == NULL) {
		int saved = errno;

		free(steal_ptr(tmp));
		sixd_error_set(err, saved, "cannot create a directory in '%s'", layers);
		return NULL;
	}
	if (asprintf(&diff, "%s/diff", tmp) < 0) {
		diff = NULL;
		sixd_error_set(err, ENOMEM, "cannot create a directory in '%s'", tmp);
		return NULL;
	}
	if (mkdir(diff, 0755) < 0) {
		sixd_error_set(err, errno, "cannot create '%s'", diff);
		return NULL;
	}
	return steal_ptr(tmp);
}

/* The absolute, symlink-free <data>/layers (made if missing). */
static char *layers_dir(const char *data_root, struct sixd_error **err)
{
	_cleanup_free_ char *real = NULL;
	char *out = NULL;

	if (sixd_mkdir_p(data_root, 0711, err) < 0)
		return NULL;
	real = realpath(data_root, NULL);
	if (real == NULL) {
		sixd_error_set(err, errno, "cannot resolve '%s'", data_root);
		return NULL;
	}
	if (asprintf(&out, "%s/layers", real) < 0) {
		sixd_error_set(err, ENOMEM, "cannot resolve '%s'", data_root);
		return NULL;
	}
	if (sixd_mkdir_p(out, 0700, err) < 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* Rename tmp to <layers>/<digest>; an existing layer wins (dedup). */
static int commit_tmp(char **tmp, const char *layers, const char *digest, bool *created,
		      struct sixd_error **err)
{
	_cleanup_free_ char *dest = NULL;

	if (asprintf(&dest, "%s/%s", layers, digest) < 0)
		return sixd_error_set(err, ENOMEM, "cannot store layer '%s'", digest);
	*created = true;
	if (rename(*tmp, dest) < 0) {
		if (errno != EEXIST && errno != ENOTEMPTY)
			return sixd_error_set(err, errno, "cannot rename '%s' to '%s'", *tmp, dest);
		*created = false;
		return sixd_rm_rf(*tmp, err);
	}
	free(steal_ptr(*tmp));
	return 0;
}

int sixd_layer_import(const char *data_root, const struct sixd_layer_source *src, char *digest,
		      bool *created, struct sixd_error **err)
{
	_cleanup_free_ char *layers = layers_dir(data_root, err);
	_cleanup_tmpdir_ char *tmp = NULL;
	_cleanup_close_ int hold = -1;
	_cleanup_free_ char *root = NULL;
	struct layer_stream s = {.fd = -1};
	int64_t size = 0;
	bool made = false;
	int r = -1;

	if (layers == NULL || (tmp = make_tmp(layers, err)) == NULL)
		return -1;
	/* in use: no sweep removes it (sixd_image_tmp_sweep) */
	hold = sixd_image_tmp_hold(tmp, err);
	if (hold < 0)
		return -1;
	if (asprintf(&root, "%s/diff", tmp) < 0)
		return sixd_error_set(err, ENOMEM, "cannot import '%s'", source_name(src));
	if (stream_open(&s, src, err) < 0 || unpack(&s, root, source_name(src), &size, err) < 0 ||
	    stream_digest(&s, digest, source_name(src), err) < 0)
		goto out;
	if (src->expect && strcmp(src->expect, digest) != 0) {
		sixd_error_set(err, EINVAL,
			       "cannot import '%s': its content is sha256:%s, not sha256:%s as the "
			       "image says",
			       source_name(src), digest, src->expect);
		goto out;
	}
	if (write_layer_json(tmp, size, err) < 0 ||
	    commit_tmp(&tmp, layers, digest, &made, err) < 0)
		goto out;
	if (sixd_layer_link(data_root, digest, err) < 0) {
		if (made)
			sixd_layer_remove(data_root, digest, NULL);
		goto out;
	}
	if (created)
		*created = made;
	r = 0;
out:
	stream_close(&s);
	return r;
}

bool sixd_layer_repeated(char *const *layers, size_t i)
{
	for (size_t j = i + 1; layers[j]; j++)
		if (strcmp(layers[j], layers[i]) == 0)
			return true;
	return false;
}

char *sixd_layer_link_name(const char *layer)
{
	char *out = NULL;

	if (asprintf(&out, "l/%.*s", SIXD_LAYER_LINK_LEN, layer) < 0)
		return NULL;
	return out;
}

int sixd_layer_link(const char *data_root, const char *layer, struct sixd_error **err)
{
	_cleanup_free_ char *dir = NULL, *path = NULL, *target = NULL;
	char have[PATH_MAX];
	ssize_t n;

	if (asprintf(&dir, "%s/l", data_root) < 0 ||
	    asprintf(&path, "%s/l/%.*s", data_root, SIXD_LAYER_LINK_LEN, layer) < 0 ||
	    asprintf(&target, "../layers/%s/diff", layer) < 0)
		return sixd_error_set(err, ENOMEM, "cannot link layer '%s'", layer);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return sixd_error_set(err, errno, "cannot create '%s'", dir);
	if (symlink(target, path) == 0)
		return 0;
	if (errno != EEXIST)
		return sixd_error_set(err, errno, "cannot create the layer link '%s'", path);
	n = readlink(path, have, sizeof(have) - 1);
	if (n < 0)
		return sixd_error_set(err, errno, "cannot read the layer link '%s'", path);
	have[n] = '\0';
	if (strcmp(have, target) != 0)
		return sixd_error_set(err, EEXIST, "the layer link '%s' names another layer ('%s')",
				      path, have);
	return 0;
}

/* Remove the short link of layer if it names that layer. */
static void unlink_layer_link(const char *data_root, const char *layer)
{
	_cleanup_free_ char *path = NULL, *target = NULL;
	char have[PATH_MAX];
	ssize_t n;

	if (asprintf(&path, "%s/l/%.*s", data_root, SIXD_LAYER_LINK_LEN, layer) < 0 ||
	    asprintf(&target, "../layers/%s/diff", layer) < 0)
		return;
	n = readlink(path, have, sizeof(have) - 1);
	if (n < 0)
		return;
	have[n] = '\0';
	if (strcmp(have, target) == 0)
		unlink(path);
}

int sixd_layer_size(const char *data_root, const char *layer, int64_t *size,
		    struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;
	json_auto_t *obj = NULL;
	json_error_t jerr;
	json_t *v;

	if (asprintf(&path, "%s/layers/%s/layer.json", data_root, layer) < 0)
		return sixd_error_set(err, ENOMEM, "cannot read layer '%s'", layer);
	obj = json_load_file(path, 0, &jerr);
	if (obj == NULL)
		return sixd_error_set(err, 0, "cannot read layer metadata: %s", jerr.text);
	v = json_object_get(obj, "size");
	if (!json_is_integer(v))
		return sixd_error_set(err, 0, "invalid layer metadata in '%s'", path);
	*size = json_integer_value(v);
	return 0;
}

int sixd_layer_remove(const char *data_root, const char *layer, struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;

	if (asprintf(&path, "%s/layers/%s", data_root, layer) < 0)
		return sixd_error_set(err, ENOMEM, "cannot remove layer '%s'", layer);
	unlink_layer_link(data_root, layer);
	return sixd_rm_rf(path, err);
}
