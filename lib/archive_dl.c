// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libarchive, loaded only when a tar is read or written (see archive_dl.h and
 * dl.h): linked, it and its dependencies (libxml2, ICU, libstdc++, the
 * compressors: about 15 shared objects) cost every sixdocker start
 * milliseconds, although only the image commands use it.  Each libarchive
 * function the code calls is defined here as a forwarder; calling one that is
 * missing is a link error: add it to the list below.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdarg.h>
#include <stdio.h>

#include "archive_dl.h"
#include "dl.h"

static struct sixd_dl archive_lib = {.soname = "libarchive.so.13"};

int sixd_archive_load(struct sixd_error **err)
{
	return sixd_dl_load(&archive_lib, err);
}

#define FORWARD(ret, name, params, args) SIXD_DL_FORWARD(archive_lib, ret, name, params, args)
#define FORWARD_VOID(name, params, args) SIXD_DL_FORWARD_VOID(archive_lib, name, params, args)

/* the list is kept as written: clang-format takes "struct archive * a" for a product */
/* clang-format off */
/* struct archive: reading */
FORWARD(struct archive *, archive_read_new, (void), ())
FORWARD(int, archive_read_free, (struct archive *a), (a))
FORWARD(int, archive_read_support_filter_bzip2, (struct archive *a), (a))
FORWARD(int, archive_read_support_filter_compress, (struct archive *a), (a))
FORWARD(int, archive_read_support_filter_gzip, (struct archive *a), (a))
FORWARD(int, archive_read_support_filter_lzma, (struct archive *a), (a))
FORWARD(int, archive_read_support_filter_xz, (struct archive *a), (a))
FORWARD(int, archive_read_support_filter_zstd, (struct archive *a), (a))
FORWARD(int, archive_read_support_format_raw, (struct archive *a), (a))
FORWARD(int, archive_read_support_format_tar, (struct archive *a), (a))
FORWARD(int, archive_read_open,
	(struct archive *a, void *data, archive_open_callback *o, archive_read_callback *r,
	 archive_close_callback *c),
	(a, data, o, r, c))
FORWARD(int, archive_read_open_fd, (struct archive *a, int fd, size_t block), (a, fd, block))
FORWARD(int, archive_read_open_filename, (struct archive *a, const char *path, size_t block),
	(a, path, block))
FORWARD(int, archive_read_open_memory, (struct archive *a, const void *buf, size_t size),
	(a, buf, size))
FORWARD(int, archive_read_next_header, (struct archive *a, struct archive_entry **e), (a, e))
FORWARD(la_ssize_t, archive_read_data, (struct archive *a, void *buf, size_t size), (a, buf, size))
FORWARD(int, archive_read_data_block,
	(struct archive *a, const void **buf, size_t *size, la_int64_t *offset),
	(a, buf, size, offset))

/* struct archive: writing, to a stream or to disk */
FORWARD(struct archive *, archive_write_new, (void), ())
FORWARD(struct archive *, archive_write_disk_new, (void), ())
FORWARD(int, archive_write_disk_set_options, (struct archive *a, int flags), (a, flags))
FORWARD(int, archive_write_free, (struct archive *a), (a))
FORWARD(int, archive_write_close, (struct archive *a), (a))
FORWARD(int, archive_write_add_filter_gzip, (struct archive *a), (a))
FORWARD(int, archive_write_add_filter_none, (struct archive *a), (a))
FORWARD(int, archive_write_set_format_pax_restricted, (struct archive *a), (a))
FORWARD(int, archive_write_set_format_raw, (struct archive *a), (a))
FORWARD(int, archive_write_set_filter_option,
	(struct archive *a, const char *m, const char *o, const char *v), (a, m, o, v))
FORWARD(int, archive_write_set_bytes_in_last_block, (struct archive *a, int n), (a, n))
FORWARD(int, archive_write_open,
	(struct archive *a, void *data, archive_open_callback *o, archive_write_callback *w,
	 archive_close_callback *c),
	(a, data, o, w, c))
FORWARD(int, archive_write_open_fd, (struct archive *a, int fd), (a, fd))
FORWARD(int, archive_write_open_filename, (struct archive *a, const char *path), (a, path))
FORWARD(int, archive_write_open_memory, (struct archive *a, void *buf, size_t size, size_t *used),
	(a, buf, size, used))
FORWARD(int, archive_write_header, (struct archive *a, struct archive_entry *e), (a, e))
FORWARD(la_ssize_t, archive_write_data, (struct archive *a, const void *buf, size_t size),
	(a, buf, size))
FORWARD(la_ssize_t, archive_write_data_block,
	(struct archive *a, const void *buf, size_t size, la_int64_t offset),
	(a, buf, size, offset))
FORWARD(int, archive_write_finish_entry, (struct archive *a), (a))

/* struct archive: errors */
FORWARD(int, archive_errno, (struct archive *a), (a))
FORWARD(const char *, archive_error_string, (struct archive *a), (a))

void archive_set_error(struct archive *a, int code, const char *fmt, ...)
{
	static void (*real)(struct archive *, int, const char *, ...);
	char msg[1024];
	va_list ap;

	if (real == NULL)
		real = (void (*)(struct archive *, int, const char *, ...))sixd_dl_resolve(
			&archive_lib, "archive_set_error");
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	real(a, code, "%s", msg);
}

/* struct archive_entry */
FORWARD(struct archive_entry *, archive_entry_new, (void), ())
FORWARD(struct archive_entry *, archive_entry_clear, (struct archive_entry *e), (e))
FORWARD_VOID(archive_entry_free, (struct archive_entry *e), (e))
FORWARD(__LA_MODE_T, archive_entry_filetype, (struct archive_entry *e), (e))
FORWARD(const char *, archive_entry_hardlink, (struct archive_entry *e), (e))
FORWARD(const char *, archive_entry_pathname, (struct archive_entry *e), (e))
FORWARD(const char *, archive_entry_symlink, (struct archive_entry *e), (e))
FORWARD(time_t, archive_entry_mtime, (struct archive_entry *e), (e))
FORWARD(la_int64_t, archive_entry_size, (struct archive_entry *e), (e))
FORWARD_VOID(archive_entry_copy_hardlink, (struct archive_entry *e, const char *s), (e, s))
FORWARD_VOID(archive_entry_copy_pathname, (struct archive_entry *e, const char *s), (e, s))
FORWARD_VOID(archive_entry_set_dev, (struct archive_entry *e, dev_t d), (e, d))
FORWARD_VOID(archive_entry_set_filetype, (struct archive_entry *e, unsigned int t), (e, t))
FORWARD_VOID(archive_entry_set_gid, (struct archive_entry *e, la_int64_t id), (e, id))
FORWARD_VOID(archive_entry_set_gname, (struct archive_entry *e, const char *s), (e, s))
FORWARD_VOID(archive_entry_set_hardlink, (struct archive_entry *e, const char *s), (e, s))
FORWARD_VOID(archive_entry_set_ino64, (struct archive_entry *e, la_int64_t ino), (e, ino))
FORWARD_VOID(archive_entry_set_mode, (struct archive_entry *e, __LA_MODE_T m), (e, m))
FORWARD_VOID(archive_entry_set_mtime, (struct archive_entry *e, time_t t, long ns), (e, t, ns))
FORWARD_VOID(archive_entry_set_nlink, (struct archive_entry *e, unsigned int n), (e, n))
FORWARD_VOID(archive_entry_set_pathname, (struct archive_entry *e, const char *s), (e, s))
FORWARD_VOID(archive_entry_set_perm, (struct archive_entry *e, __LA_MODE_T m), (e, m))
FORWARD_VOID(archive_entry_set_rdev, (struct archive_entry *e, dev_t d), (e, d))
FORWARD_VOID(archive_entry_set_size, (struct archive_entry *e, la_int64_t s), (e, s))
FORWARD_VOID(archive_entry_set_symlink, (struct archive_entry *e, const char *s), (e, s))
FORWARD_VOID(archive_entry_set_uid, (struct archive_entry *e, la_int64_t id), (e, id))
FORWARD_VOID(archive_entry_set_uname, (struct archive_entry *e, const char *s), (e, s))
FORWARD_VOID(archive_entry_xattr_add_entry,
	     (struct archive_entry *e, const char *name, const void *value, size_t size),
	     (e, name, value, size))
FORWARD_VOID(archive_entry_xattr_clear, (struct archive_entry *e), (e))
FORWARD(int, archive_entry_xattr_reset, (struct archive_entry *e), (e))
FORWARD(int, archive_entry_xattr_next,
	(struct archive_entry *e, const char **name, const void **value, size_t *size),
	(e, name, value, size))

/* hard links while writing */
FORWARD(struct archive_entry_linkresolver *, archive_entry_linkresolver_new, (void), ())
FORWARD_VOID(archive_entry_linkresolver_free, (struct archive_entry_linkresolver *r), (r))
FORWARD_VOID(archive_entry_linkresolver_set_strategy,
	     (struct archive_entry_linkresolver *r, int format), (r, format))
FORWARD_VOID(archive_entry_linkify,
	     (struct archive_entry_linkresolver *r, struct archive_entry **e,
	      struct archive_entry **spare),
	     (r, e, spare))
/* clang-format on */
