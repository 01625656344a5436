// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The default image, busybox:latest, made on first need from the host's static
 * busybox: a deterministic tar (sorted entries, fixed times, owner root) built
 * in memory and imported through the ordinary layer code, so its digest is the
 * tar's sha256 and the same busybox always gives the same layer.
 */
#include <archive.h>
#include <archive_entry.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "archive_dl.h"
#include "cleanup.h"
#include "image.h"
#include "util.h"

#define DEFAULT_BUSYBOX "/bin/busybox"
#define IMAGE_BUSYBOX "/bin/busybox" /* where it lives inside the image */
#define DEFAULT_MTIME 0
#define DEFAULT_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

enum item_kind { ITEM_DIR, ITEM_FILE, ITEM_SYMLINK };

/* One entry of the tar: a directory, a file with content, or a symlink. */
struct tar_item {
	char *path;
	enum item_kind kind;
	mode_t perm;
	const char *data; /* file content or symlink target; not owned */
	size_t len;
};

struct tar_items {
	struct tar_item *v;
	size_t n;
};

/* A growing buffer the tar is written into. */
struct membuf {
	char *data;
	size_t len, cap;
};

static const char etc_passwd[] = "root:x:0:0:root:/root:/bin/sh\n"
				 "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
static const char etc_group[] = "root:x:0:\n"
				"nogroup:x:65534:\n";

static const struct {
	const char *path;
	mode_t perm;
} base_dirs[] = {
	{"bin", 0755},	{"dev", 0755},	   {"etc", 0755},      {"proc", 0755},
	{"root", 0700}, {"sbin", 0755},	   {"sys", 0755},      {"tmp", 01777},
	{"usr", 0755},	{"usr/bin", 0755}, {"usr/sbin", 0755},
};

static void items_free(struct tar_items *items)
{
	for (size_t i = 0; i < items->n; i++)
		free(items->v[i].path);
	free(items->v);
	items->v = NULL;
	items->n = 0;
}

static int items_add(struct tar_items *items, const char *path, enum item_kind kind, mode_t perm,
		     const char *data, size_t len)
{
	struct tar_item *grown = realloc(items->v, (items->n + 1) * sizeof(*grown));
	char *copy = strdup(path);

	if (grown)
		items->v = grown;
	if (grown == NULL || copy == NULL) {
		free(copy);
		return -1;
	}
	items->v[items->n++] = (struct tar_item){copy, kind, perm, data, len};
	return 0;
}

/* Add the directories above path (usr, usr/local, ... for usr/local/bin/x). */
static int items_add_parents(struct tar_items *items, const char *path)
{
	_cleanup_free_ char *copy = strdup(path);

	if (copy == NULL)
		return -1;
	for (char *p = strchr(copy, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (items_add(items, copy, ITEM_DIR, 0755, NULL, 0) < 0)
			return -1;
		*p = '/';
	}
	return 0;
}

/* An applet path from busybox we are willing to put in the image. */
static bool applet_ok(const char *path)
{
	return *path && *path != '/' && strstr(path, "..") == NULL &&
	       path[strlen(path) - 1] != '/' && strcmp(path, IMAGE_BUSYBOX + 1) != 0;
}

/* One symlink to /bin/busybox per line of `busybox --list-full`. */
static int add_applets(struct tar_items *items, char *list)
{
	char *save = NULL;

	for (char *line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!applet_ok(line))
			continue;
		if (items_add_parents(items, line) < 0 ||
		    items_add(items, line, ITEM_SYMLINK, 0777, IMAGE_BUSYBOX, 0) < 0)
			return -1;
	}
	return 0;
}

static int cmp_item(const void *a, const void *b)
{
	return strcmp(((const struct tar_item *)a)->path, ((const struct tar_item *)b)->path);
}

/* Sort by path and drop repeated paths, keeping the first one added. */
static void items_sort(struct tar_items *items)
{
	size_t out = 0;

	qsort(items->v, items->n, sizeof(*items->v), cmp_item);
	for (size_t i = 0; i < items->n; i++) {
		if (out > 0 && strcmp(items->v[out - 1].path, items->v[i].path) == 0) {
			free(items->v[i].path);
			continue;
		}
		items->v[out++] = items->v[i];
	}
	items->n = out;
}

static int fill_items(struct tar_items *items, const char *busybox, size_t busybox_len,
		      char *applets)
{
	for (size_t i = 0; i < sizeof(base_dirs) / sizeof(base_dirs[0]); i++)
		if (items_add(items, base_dirs[i].path, ITEM_DIR, base_dirs[i].perm, NULL, 0) < 0)
			return -1;
	if (items_add(items, IMAGE_BUSYBOX + 1, ITEM_FILE, 0755, busybox, busybox_len) < 0 ||
	    items_add(items, "etc/passwd", ITEM_FILE, 0644, etc_passwd, strlen(etc_passwd)) < 0 ||
	    items_add(items, "etc/group", ITEM_FILE, 0644, etc_group, strlen(etc_group)) < 0 ||
	    add_applets(items, applets) < 0)
		return -1;
	items_sort(items);
	return 0;
}

static la_ssize_t membuf_write(struct archive *a, void *data, const void *buf, size_t len)
{
	struct membuf *m = data;

	if (m->cap - m->len < len) {
		size_t cap = m->cap ? m->cap : 1 << 20;
		char *grown;

		while (cap - m->len < len)
			cap *= 2;
		grown = realloc(m->data, cap);
		if (grown == NULL) {
			archive_set_error(a, ENOMEM, "out of memory");
			return -1;
		}
		m->data = grown;
		m->cap = cap;
	}
	memcpy(m->data + m->len, buf, len);
	m->len += len;
	return (la_ssize_t)len;
}

static int write_item(struct archive *a, struct archive_entry *e, const struct tar_item *it)
{
	static const mode_t types[] = {
		[ITEM_DIR] = AE_IFDIR, [ITEM_FILE] = AE_IFREG, [ITEM_SYMLINK] = AE_IFLNK};

	archive_entry_clear(e);
	archive_entry_set_pathname(e, it->path);
	archive_entry_set_filetype(e, types[it->kind]);
	archive_entry_set_perm(e, it->perm);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_mtime(e, DEFAULT_MTIME, 0);
	archive_entry_set_size(e, it->kind == ITEM_FILE ? (la_int64_t)it->len : 0);
	if (it->kind == ITEM_SYMLINK)
		archive_entry_set_symlink(e, it->data);
	if (archive_write_header(a, e) != ARCHIVE_OK)
		return -1;
	if (it->kind == ITEM_FILE &&
	    archive_write_data(a, it->data, it->len) != (la_ssize_t)it->len)
		return -1;
	return 0;
}

/* Write items as a pax tar into m. */
static int write_tar(const struct tar_items *items, struct membuf *m, struct sixd_error **err)
{
	struct archive *a = NULL;
	struct archive_entry *e = NULL;
	int r = -1;

	if (sixd_archive_load(err) < 0)
		return -1;
	a = archive_write_new();
	e = archive_entry_new();
	if (a == NULL || e == NULL) {
		sixd_error_set(err, ENOMEM, "cannot build the default image");
		goto out;
	}
	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_none(a);
	/* as commit and save write layers, so that save gives back this very tar */
	archive_write_set_bytes_in_last_block(a, 1);
	if (archive_write_open(a, m, NULL, membuf_write, NULL) != ARCHIVE_OK)
		goto fail;
	for (size_t i = 0; i < items->n; i++)
		if (write_item(a, e, &items->v[i]) < 0)
			goto fail;
	if (archive_write_close(a) != ARCHIVE_OK)
		goto fail;
	r = 0;
	goto out;
fail:
	sixd_error_set(err, archive_errno(a) > 0 ? archive_errno(a) : 0,
		       "cannot build the default image: %s",
		       archive_error_string(a) ?: "tar error");
out:
	archive_entry_free(e);
	archive_write_free(a);
	return r;
}

/* Read all of fd into a NUL-terminated buffer. */
static char *read_fd(int fd)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;

	do {
		if (cap - len < 4096) {
			char *grown = realloc(buf, cap + 16384);

			if (grown == NULL)
				return NULL;
			buf = grown;
			cap += 16384;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return NULL;
		len += (size_t)n;
	} while (n != 0);
	buf[len] = '\0';
	return steal_ptr(buf);
}

/* In the child: stdin from /dev/null, stdout to fd, exec busybox --list-full. */
static void __attribute__((noreturn)) exec_list(const char *busybox, int fd)
{
	char *argv[] = {"busybox", "--list-full", NULL};
	char *envp[] = {NULL};
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(fd, STDOUT_FILENO) < 0)
		_exit(127);
	execve(busybox, argv, envp);
	_exit(127);
}

/*
 * Run busybox with stdout on a pipe; *pid gets the child, returns the read end.
 * (fork and execve: lib/spawn.h hides <spawn.h> on the include path.)
 */
static int spawn_list(const char *busybox, pid_t *pid, struct sixd_error **err)
{
	int fds[2];

	if (access(busybox, X_OK) < 0)
		return sixd_error_set(err, errno, "cannot run '%s'", busybox);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return sixd_error_set(err, errno, "cannot create a pipe");
	*pid = fork();
	if (*pid < 0) {
		int saved = errno;

		close(fds[0]);
		close(fds[1]);
		return sixd_error_set(err, saved, "cannot run '%s'", busybox);
	}
	if (*pid == 0)
		exec_list(busybox, fds[1]);
	close(fds[1]);
	return fds[0];
}

/* The applet paths from `busybox --list-full`, one a line. */
static char *list_applets(const char *busybox, struct sixd_error **err)
{
	_cleanup_free_ char *out = NULL;
	_cleanup_close_ int fd = -1;
	int saved, status = 0;
	pid_t pid = -1;

	fd = spawn_list(busybox, &pid, err);
	if (fd < 0)
		return NULL;
	out = read_fd(fd);
	saved = errno;
	sixd_closep(&fd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (out == NULL) {
		sixd_error_set(err, saved, "cannot read the output of '%s --list-full'", busybox);
		return NULL;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || *out == '\0') {
		sixd_error_set(err, 0, "'%s --list-full' failed", busybox);
		return NULL;
	}
	return steal_ptr(out);
}

/* True if the ELF file has a PT_INTERP program header (needs a dynamic loader). */
static bool elf_is_dynamic(const char *data, size_t len)
{
	const unsigned char *id = (const unsigned char *)data;
	uint64_t phoff;
	size_t phentsize, phnum;

	if (len < sizeof(Elf64_Ehdr) || memcmp(id, ELFMAG, SELFMAG) != 0)
		return false;
	if (id[EI_CLASS] == ELFCLASS64) {
		const Elf64_Ehdr *eh = (const Elf64_Ehdr *)data;

		phoff = eh->e_phoff, phentsize = eh->e_phentsize, phnum = eh->e_phnum;
	} else {
		const Elf32_Ehdr *eh = (const Elf32_Ehdr *)data;

		phoff = eh->e_phoff, phentsize = eh->e_phentsize, phnum = eh->e_phnum;
	}
	for (size_t i = 0; i < phnum; i++) {
		uint32_t type; /* p_type opens both Elf32_Phdr and Elf64_Phdr */
		uint64_t off = phoff + i * phentsize;

		if (off > len || len - off < sizeof(type))
			return false;
		memcpy(&type, data + off, sizeof(type));
		if (type == PT_INTERP)
			return true;
	}
	return false;
}

/* Read the busybox binary, checking it exists and can run without a loader. */
static char *read_busybox(const char *busybox, size_t *len, struct sixd_error **err)
{
	_cleanup_free_ char *data = NULL;
	struct stat st;

	if (stat(busybox, &st) < 0 && errno == ENOENT) {
		sixd_error_set(err, 0, "'%s' not found (install busybox-static)", busybox);
		return NULL;
	}
	data = sixd_read_file(busybox, len, err);
	if (data == NULL)
		return NULL;
	if (elf_is_dynamic(data, *len)) {
		sixd_error_set(err, 0, "'%s' is not statically linked (install busybox-static)",
			       busybox);
		return NULL;
	}
	return steal_ptr(data);
}

/* Build the default image's tar in memory into m. */
static int build_tar(const char *busybox, struct membuf *m, struct sixd_error **err)
{
	_cleanup_free_ char *bin = NULL, *applets = NULL;
	struct tar_items items = {0};
	size_t len = 0;
	int r;

	bin = read_busybox(busybox, &len, err);
	if (bin == NULL || (applets = list_applets(busybox, err)) == NULL)
		return -1;
	if (fill_items(&items, bin, len, applets) < 0) {
		items_free(&items);
		return sixd_error_set(err, ENOMEM, "cannot build the default image");
	}
	r = write_tar(&items, m, err);
	items_free(&items);
	return r;
}

/* Make busybox:latest; the caller holds the store lock. */
static int make_default(const char *data_root, const char *busybox, struct sixd_image **out,
			struct sixd_error **err)
{
	char *cmd[] = {"sh", NULL};
	char *env[] = {DEFAULT_PATH, NULL};
	struct sixd_image tmpl = {.cmd = cmd, .env = env, .workdir = "", .user = ""};
	struct membuf m = {0};
	struct sixd_layer_source src = {.name = "the default image"};
	_cleanup_free_ char *created_by = NULL;
	int r;

	if (asprintf(&created_by, "sixdocker: default image from '%s'", busybox) < 0)
		return sixd_error_set(err, ENOMEM, "cannot build the default image");
	if (build_tar(busybox, &m, err) < 0) {
		free(m.data);
		return -1;
	}
	src.buf = m.data;
	src.len = m.len;
	r = sixd_image_import_locked(data_root, &src, &tmpl, created_by, SIXD_DEFAULT_IMAGE, out,
				     err);
	free(m.data);
	return r;
}

int sixd_image_ensure_default_from(const char *data_root, const char *busybox,
				   struct sixd_image **out, struct sixd_error **err)
{
	_cleanup_close_ int lock = -1;
	int r;

	r = sixd_image_lookup(data_root, SIXD_DEFAULT_IMAGE, out, err);
	if (r != 0)
		return r < 0 ? -1 : 0;
	lock = sixd_image_lock(data_root, err);
	if (lock < 0)
		return -1;
	/* another caller may have made it while we waited for the lock */
	r = sixd_image_lookup(data_root, SIXD_DEFAULT_IMAGE, out, err);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (make_default(data_root, busybox, out, err) < 0)
		return sixd_error_wrap(err, "cannot make the default image");
	return 0;
}

int sixd_image_ensure_default(const char *data_root, struct sixd_image **out,
			      struct sixd_error **err)
{
	return sixd_image_ensure_default_from(data_root, DEFAULT_BUSYBOX, out, err);
}
