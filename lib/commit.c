// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * commit: the container's overlay upper directory as an OCI layer.
 *
 * The upper directory is walked by hand (sorted names, so the same tree gives
 * the same tar and so the same digest) and written with libarchive's pax
 * writer in its restricted form (ustar headers, pax records only for xattrs,
 * long names and big values).  libarchive's link resolver turns the second
 * and later names of a file into hard-link entries.
 */
#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "archive_dl.h"
#include "cgroup.h"
#include "cleanup.h"
#include "commit.h"
#include "log.h"
#include "progress.h"
#include "util.h"

#define WH_PREFIX ".wh."
#define WH_OPAQUE ".wh..wh..opq"
#define OVL_XATTR_PREFIX "trusted.overlay."
#define OVL_OPAQUE "trusted.overlay.opaque"

struct tar_walk {
	struct archive *a;
	struct archive_entry_linkresolver *links;
	const char *root;
	struct sixd_progress progress;
	int64_t bytes;
};

static void archive_write_freep(struct archive **a)
{
	int saved = errno;

	if (*a)
		archive_write_free(*a);
	*a = NULL;
	errno = saved;
}

static void entry_freep(struct archive_entry **e)
{
	if (*e)
		archive_entry_free(*e);
	*e = NULL;
}

#define _cleanup_archive_write_ _cleanup_(archive_write_freep)
#define _cleanup_entry_ _cleanup_(entry_freep)

/* ---------------------------------------------------------------- whiteouts */

int sixd_whiteout_parse(const char *path, char **target)
{
	_cleanup_free_ char *p = NULL;
	size_t len;
	char *slash, *base;

	*target = NULL;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	p = strdup(path);
	if (p == NULL)
		return -1;
	len = strlen(p);
	while (len > 0 && p[len - 1] == '/')
		p[--len] = '\0';
	slash = strrchr(p, '/');
	base = slash ? slash + 1 : p;
	if (strncmp(base, WH_PREFIX, strlen(WH_PREFIX)) != 0)
		return SIXD_WHITEOUT_NONE;
	if (strcmp(base, WH_OPAQUE) == 0) {
		*base = '\0';
		if (slash)
			*slash = '\0';
		*target = steal_ptr(p);
		return SIXD_WHITEOUT_OPAQUE;
	}
	base += strlen(WH_PREFIX);
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		errno = EINVAL;
		return -1;
	}
	if (asprintf(target, "%.*s%s", slash ? (int)(slash - p + 1) : 0, p, base) < 0) {
		*target = NULL;
		return -1;
	}
	return SIXD_WHITEOUT_FILE;
}

char *sixd_whiteout_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *out = NULL;

	if (asprintf(&out, "%.*s" WH_PREFIX "%s", (int)(base - path), path, base) < 0)
		return NULL;
	return out;
}

/* ---------------------------------------------------------------- -c changes */

/* A JSON array of strings, or NULL when text is not one. */
static char **parse_json_argv(const char *text)
{
	json_auto_t *arr = json_loads(text, JSON_DECODE_ANY, NULL);
	_cleanup_strv_ char **v = calloc(1, sizeof(char *));
	size_t i;
	json_t *s;

	if (v == NULL || !json_is_array(arr))
		return NULL;
	json_array_foreach(arr, i, s)
	{
		if (!json_is_string(s) || sixd_strv_append(&v, json_string_value(s)) < 0)
			return NULL;
	}
	return steal_ptr(v);
}

/* CMD / ENTRYPOINT: the JSON form, else the shell form /bin/sh -c ARG. */
static char **parse_command(const char *arg)
{
	_cleanup_strv_ char **v = NULL;

	if (*arg == '[')
		return parse_json_argv(arg);
	v = calloc(1, sizeof(char *));
	if (v == NULL || sixd_strv_append(&v, "/bin/sh") < 0 || sixd_strv_append(&v, "-c") < 0 ||
	    sixd_strv_append(&v, arg) < 0)
		return NULL;
	return steal_ptr(v);
}

/* ENV K=V or ENV K V: set K in img->env, replacing an earlier value. */
static int change_env(struct sixd_image *img, const char *arg, struct sixd_error **err)
{
	_cleanup_free_ char *kv = NULL;
	size_t klen = strcspn(arg, "= \t");
	const char *value;

	if (klen == 0 || arg[klen] == '\0')
		return sixd_error_set(err, EINVAL, "invalid ENV change '%s': want ENV KEY=VALUE",
				      arg);
	value = arg[klen] == '=' ? arg + klen + 1 : arg + klen + strspn(arg + klen, " \t");
	if (asprintf(&kv, "%.*s=%s", (int)klen, arg, value) < 0)
		return sixd_error_set(err, ENOMEM, "cannot apply ENV '%s'", arg);
	for (char **e = img->env; e && *e; e++) {
		if (strncmp(*e, kv, klen + 1) == 0) {
			free(*e);
			*e = steal_ptr(kv);
			return 0;
		}
	}
	if (sixd_strv_append(&img->env, kv) < 0)
		return sixd_error_set(err, ENOMEM, "cannot apply ENV '%s'", arg);
	return 0;
}

static int replace_str(char **field, const char *value, struct sixd_error **err)
{
	char *copy = strdup(value);

	if (copy == NULL)
		return sixd_error_set(err, ENOMEM, "cannot apply a change");
	free(*field);
	*field = copy;
	return 0;
}

static int replace_strv(char ***field, char **value, const char *change, struct sixd_error **err)
{
	if (value == NULL)
		return sixd_error_set(err, EINVAL, "invalid change '%s': bad JSON array of strings",
				      change);
	sixd_strvfreep(field);
	*field = value;
	return 0;
}

int sixd_commit_apply_change(struct sixd_image *img, const char *change, struct sixd_error **err)
{
	size_t klen;
	const char *arg;

	change += strspn(change, " \t");
	klen = strcspn(change, " \t");
	arg = change + klen + strspn(change + klen, " \t");
	if (*arg == '\0')
		return sixd_error_set(err, EINVAL, "invalid change '%s': no argument", change);
	if (klen == 3 && strncasecmp(change, "CMD", 3) == 0)
		return replace_strv(&img->cmd, parse_command(arg), change, err);
	if (klen == 10 && strncasecmp(change, "ENTRYPOINT", 10) == 0)
		return replace_strv(&img->entrypoint, parse_command(arg), change, err);
	if (klen == 3 && strncasecmp(change, "ENV", 3) == 0)
		return change_env(img, arg, err);
	if (klen == 7 && strncasecmp(change, "WORKDIR", 7) == 0) {
		if (*arg != '/')
			return sixd_error_set(err, EINVAL,
					      "invalid change '%s': not an absolute path", change);
		return replace_str(&img->workdir, arg, err);
	}
	if (klen == 4 && strncasecmp(change, "USER", 4) == 0)
		return replace_str(&img->user, arg, err);
	return sixd_error_set(err, EINVAL,
			      "unsupported change '%.*s' (CMD, ENTRYPOINT, ENV, WORKDIR, USER)",
			      (int)klen, change);
}

/* ---------------------------------------------------------------- the tar */

static int tar_error(struct sixd_error **err, struct archive *a, const char *path)
{
	return sixd_error_set(err, archive_errno(a) > 0 ? archive_errno(a) : 0,
			      "cannot write the layer entry '%s': %s", path,
			      archive_error_string(a) ?: "unknown archive error");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Copy full's xattrs (sorted, trusted.overlay.* left out) to e; *opaque when it is opaque. */
static int add_xattrs(struct archive_entry *e, const char *full, bool *opaque,
		      struct sixd_error **err)
{
	char list[8192], value[65536];
	ssize_t n = llistxattr(full, list, sizeof(list));
	_cleanup_free_ char **names = NULL;
	size_t count = 0;

	*opaque = false;
	if (n < 0)
		return errno == ENOTSUP
			       ? 0
			       : sixd_error_set(err, errno, "cannot list xattrs of '%s'", full);
	names = calloc((size_t)n + 1, sizeof(char *));
	if (names == NULL)
		return sixd_error_set(err, ENOMEM, "cannot read '%s'", full);
	for (char *p = list; p < list + n; p += strlen(p) + 1)
		names[count++] = p;
	qsort(names, count, sizeof(char *), cmp_str);
	for (size_t i = 0; i < count; i++) {
		ssize_t len = lgetxattr(full, names[i], value, sizeof(value));

		if (len < 0)
			return sixd_error_set(err, errno, "cannot read xattr '%s' of '%s'",
					      names[i], full);
		if (strcmp(names[i], OVL_OPAQUE) == 0)
			*opaque = len == 1 && value[0] == 'y';
		if (strncmp(names[i], OVL_XATTR_PREFIX, strlen(OVL_XATTR_PREFIX)) == 0)
			continue;
		archive_entry_xattr_add_entry(e, names[i], value, (size_t)len);
	}
	return 0;
}

static int copy_file_data(struct tar_walk *w, const char *full, const char *rel,
			  struct sixd_error **err)
{
	struct archive *a = w->a;
	_cleanup_close_ int fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char buf[65536];
	ssize_t n;

	if (fd < 0)
		return sixd_error_set(err, errno, "cannot open '%s'", full);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (archive_write_data(a, buf, (size_t)n) != n)
			return tar_error(err, a, rel);
		w->bytes += n;
		sixd_progress_update(&w->progress, NULL, w->bytes, false);
	}
	if (n < 0)
		return sixd_error_set(err, errno, "cannot read '%s'", full);
	return 0;
}

/* Write e (and its data from full when it keeps a size); e may become a hard link. */
static int write_linked(struct tar_walk *w, struct archive_entry *e, const char *full,
			const char *rel, struct sixd_error **err)
{
	struct archive_entry *spare = NULL;
	bool data;

	archive_entry_linkify(w->links, &e, &spare);
	if (spare)
		archive_entry_free(spare);
	if (e == NULL)
		return 0;
	data = archive_entry_filetype(e) == AE_IFREG && archive_entry_hardlink(e) == NULL &&
	       archive_entry_size(e) > 0;
	if (archive_write_header(w->a, e) < ARCHIVE_WARN)
		return tar_error(err, w->a, rel);
	if (data && copy_file_data(w, full, rel, err) < 0)
		return -1;
	return 0;
}

/* An empty regular file entry named path (a whiteout marker) with st's times. */
static int write_marker(struct tar_walk *w, const char *path, const struct stat *st,
			struct sixd_error **err)
{
	_cleanup_entry_ struct archive_entry *e = archive_entry_new();

	if (e == NULL)
		return sixd_error_set(err, ENOMEM, "cannot write '%s'", path);
	archive_entry_set_pathname(e, path);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0600);
	archive_entry_set_size(e, 0);
	archive_entry_set_mtime(e, st->st_mtim.tv_sec, 0);
	if (archive_write_header(w->a, e) < ARCHIVE_WARN)
		return tar_error(err, w->a, path);
	return 0;
}

/* The header of one file system object; *opaque for an opaque directory. */
static struct archive_entry *make_entry(const char *full, const char *rel, const struct stat *st,
					bool *opaque, struct sixd_error **err)
{
	_cleanup_entry_ struct archive_entry *e = archive_entry_new();
	char target[PATH_MAX];
	ssize_t n;

	if (e == NULL) {
		sixd_error_set(err, ENOMEM, "cannot write '%s'", rel);
		return NULL;
	}
	archive_entry_set_pathname(e, rel);
	archive_entry_set_mode(e, st->st_mode);
	archive_entry_set_uid(e, st->st_uid);
	archive_entry_set_gid(e, st->st_gid);
	archive_entry_set_mtime(e, st->st_mtim.tv_sec, 0);
	archive_entry_set_dev(e, st->st_dev);
	archive_entry_set_ino64(e, st->st_ino);
	archive_entry_set_nlink(e, st->st_nlink);
	if (S_ISREG(st->st_mode))
		archive_entry_set_size(e, st->st_size);
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		archive_entry_set_rdev(e, st->st_rdev);
	if (S_ISLNK(st->st_mode)) {
		n = readlink(full, target, sizeof(target) - 1);
		if (n < 0) {
			sixd_error_set(err, errno, "cannot read the link '%s'", full);
			return NULL;
		}
		target[n] = '\0';
		archive_entry_set_symlink(e, target);
	}
	if (add_xattrs(e, full, opaque, err) < 0)
		return NULL;
	return steal_ptr(e);
}

static int walk_dir(struct tar_walk *w, const char *rel, struct sixd_error **err);

/* One name inside the upper dir: a whiteout marker, or the object (and its subtree). */
static int walk_one(struct tar_walk *w, const char *rel, struct sixd_error **err)
{
	_cleanup_free_ char *full = NULL, *marker = NULL;
	_cleanup_entry_ struct archive_entry *e = NULL;
	struct stat st;
	bool opaque = false;

	if (asprintf(&full, "%s/%s", w->root, rel) < 0)
		return sixd_error_set(err, ENOMEM, "cannot write '%s'", rel);
	if (lstat(full, &st) < 0)
		return sixd_error_set(err, errno, "cannot stat '%s'", full);
	if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(0, 0)) {
		marker = sixd_whiteout_name(rel);
		if (marker == NULL)
			return sixd_error_set(err, ENOMEM, "cannot write '%s'", rel);
		return write_marker(w, marker, &st, err);
	}
	e = make_entry(full, rel, &st, &opaque, err);
	if (e == NULL || write_linked(w, e, full, rel, err) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return 0;
	if (opaque) {
		if (asprintf(&marker, "%s/" WH_OPAQUE, rel) < 0)
			return sixd_error_set(err, ENOMEM, "cannot write '%s'", rel);
		if (write_marker(w, marker, &st, err) < 0)
			return -1;
	}
	return walk_dir(w, rel, err);
}

/* The names in dir, sorted bytewise. */
static char **sorted_names(const char *dir, struct sixd_error **err)
{
	_cleanup_closedir_ DIR *d = opendir(dir);
	_cleanup_strv_ char **names = calloc(1, sizeof(char *));
	struct dirent *de;

	if (d == NULL || names == NULL) {
		sixd_error_set(err, d ? ENOMEM : errno, "cannot open '%s'", dir);
		return NULL;
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (sixd_strv_append(&names, de->d_name) < 0) {
			sixd_error_set(err, ENOMEM, "cannot read '%s'", dir);
			return NULL;
		}
	}
	if (errno != 0) { /* readdir failed: a layer missing entries is no layer */
		sixd_error_set(err, errno, "cannot read '%s'", dir);
		return NULL;
	}
	qsort(names, sixd_strv_len(names), sizeof(char *), cmp_str);
	return steal_ptr(names);
}

/* Every entry below rel ("" is the upper dir itself, which has no entry). */
static int walk_dir(struct tar_walk *w, const char *rel, struct sixd_error **err)
{
	_cleanup_free_ char *dir = NULL;
	_cleanup_strv_ char **names = NULL;

	if (asprintf(&dir, "%s%s%s", w->root, *rel ? "/" : "", rel) < 0)
		return sixd_error_set(err, ENOMEM, "cannot read '%s'", w->root);
	names = sorted_names(dir, err);
	if (names == NULL)
		return -1;
	for (char **n = names; *n; n++) {
		_cleanup_free_ char *child = NULL;

		if (asprintf(&child, "%s%s%s", rel, *rel ? "/" : "", *n) < 0)
			return sixd_error_set(err, ENOMEM, "cannot read '%s'", dir);
		if (walk_one(w, child, err) < 0)
			return -1;
	}
	return 0;
}

int sixd_commit_write_layer(const char *upper, int fd, struct sixd_error **err)
{
	return sixd_commit_write_layer_progress(upper, fd, NULL, err);
}

int sixd_commit_write_layer_progress(const char *upper, int fd, const char *label,
				     struct sixd_error **err)
{
	_cleanup_archive_write_ struct archive *a = NULL;
	struct tar_walk w = {.root = upper};
	int r;

	if (sixd_archive_load(err) < 0)
		return -1;
	w.a = a = archive_write_new();
	sixd_progress_init(&w.progress, label ? label : "");
	w.progress.on = w.progress.on && label != NULL;
	if (a == NULL || (w.links = archive_entry_linkresolver_new()) == NULL)
		return sixd_error_set(err, ENOMEM, "cannot write a layer of '%s'", upper);
	archive_entry_linkresolver_set_strategy(w.links, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED);
	if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
	    archive_write_add_filter_none(a) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
	    archive_write_open_fd(a, fd) != ARCHIVE_OK) {
		archive_entry_linkresolver_free(w.links);
		return tar_error(err, a, upper);
	}
	/* a container that never started has no upper dir yet: an empty layer */
	r = access(upper, F_OK) < 0 && errno == ENOENT ? 0 : walk_dir(&w, "", err);
	sixd_progress_done(&w.progress);
	archive_entry_linkresolver_free(w.links);
	if (r < 0)
		return -1;
	if (archive_write_close(a) != ARCHIVE_OK)
		return tar_error(err, a, upper);
	return 0;
}

/* ---------------------------------------------------------------- the image */

/*
 * The layer tar of upper in a temporary file under data_root that has no name
 * (O_TMPFILE, or unlinked at once), so a crash leaves nothing; returns its fd.
 */
static int layer_to_file(const char *data_root, const char *upper, struct sixd_error **err)
{
	_cleanup_close_ int fd = open(data_root, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	_cleanup_free_ char *path = NULL;

	if (fd < 0) { /* a filesystem without O_TMPFILE */
		if (asprintf(&path, "%s/.commit-XXXXXX", data_root) < 0)
			return sixd_error_set(err, ENOMEM, "cannot commit '%s'", upper);
		fd = mkostemp(path, O_CLOEXEC);
		if (fd < 0)
			return sixd_error_set(err, errno, "cannot create '%s'", path);
		unlink(path);
	}
	if (sixd_commit_write_layer_progress(upper, fd, "Committing", err) < 0)
		return -1;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return sixd_error_set(err, errno, "cannot read the layer of '%s'", upper);
	return steal_fd(fd);
}

/* Freeze cg, write the layer of upper to a temporary file, thaw cg (on every path). */
static int frozen_layer_to_file_blocked(const char *data_root, const char *upper,
					struct sixd_cgroup *cg, struct sixd_error **err)
{
	_cleanup_close_ int fd = -1;

	if (sixd_cgroup_freeze(cg, true, err) < 0) {
		sixd_cgroup_freeze(cg, false, NULL);
		return sixd_error_wrap(err, "cannot pause the container");
	}
	sixd_log_debug("commit: container paused (cgroup frozen) while its layer is taken");
	fd = layer_to_file(data_root, upper, err);
	if (sixd_cgroup_freeze(cg, false, fd < 0 ? NULL : err) < 0 && fd >= 0)
		return sixd_error_wrap(err, "cannot unpause the container");
	sixd_log_debug("commit: container resumed");
	return steal_fd(fd);
}

/*
 * Hold back the signals that end sixdocker from a terminal or `kill` while the
 * container is frozen: they are delivered once it is thawed, so an interrupted
 * commit never leaves it paused.  Returns the mask to restore.
 */
static sigset_t block_stop_signals(void)
{
	sigset_t stop, old;

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGQUIT);
	sigprocmask(SIG_BLOCK, &stop, &old);
	return old;
}

/* A process that thaws cg unless told, before its pipe ends, that the commit thawed it. */
struct thaw_guard {
	pid_t pid;
	int fd; /* write 'd' when done; -1: no guard */
};

/*
 * SIGKILL (or the OOM killer) cannot be held back: a guard in a session of its own waits
 * for the end of a pipe and thaws cg if this process died first.  Without one (fork
 * failed) the commit goes on unguarded.
 */
static struct thaw_guard start_thaw_guard(struct sixd_cgroup *cg)
{
	struct thaw_guard g = {.pid = -1, .fd = -1};
	int p[2];
	char done;

	if (pipe2(p, O_CLOEXEC) < 0)
		return g;
	g.pid = fork();
	if (g.pid == 0) {
		close(p[1]);
		setsid();
		if (p[0] > 0)
			syscall(SYS_close_range, 0, p[0] - 1, 0);
		syscall(SYS_close_range, p[0] + 1, ~0U, 0);
		if (read(p[0], &done, 1) != 1)
			sixd_cgroup_freeze(cg, false, NULL);
		_exit(0);
	}
	close(p[0]);
	if (g.pid < 0)
		close(p[1]);
	else
		g.fd = p[1];
	return g;
}

static void stop_thaw_guard(struct thaw_guard *g)
{
	if (g->fd < 0)
		return;
	if (write(g->fd, "d", 1) != 1)
		sixd_log_debug("commit: the thaw guard will thaw the container again");
	close(g->fd);
	waitpid(g->pid, NULL, 0);
}

/* layer_to_file with cg frozen (unless NULL or frozen already); thawed on every path. */
static int frozen_layer_to_file(const char *data_root, const char *upper, struct sixd_cgroup *cg,
				struct sixd_error **err)
{
	struct thaw_guard guard;
	sigset_t old;
	int fd;

	if (cg == NULL || sixd_cgroup_frozen(cg))
		return layer_to_file(data_root, upper, err);
	old = block_stop_signals();
	guard = start_thaw_guard(cg);
	fd = frozen_layer_to_file_blocked(data_root, upper, cg, err);
	stop_thaw_guard(&guard);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return fd;
}

/* Import the tar in fd as a layer and store base + that layer as the new image. */
static int store_image(const char *data_root, int tar, struct sixd_image *base,
		       const struct sixd_commit_opts *o, struct sixd_image **out,
		       struct sixd_error **err)
{
	struct sixd_layer_source src = {
		.use_fd = true, .fd = tar, .name = "the container's changes"};
	_cleanup_close_ int lock = -1;
	_cleanup_free_ char **layers = NULL;
	struct sixd_image tmpl = *base;
	char digest[SIXD_ID_LEN + 1];
	size_t n = sixd_strv_len(base->layers);
	bool made = false;

	layers = calloc(n + 2, sizeof(char *));
	if (layers == NULL)
		return sixd_error_set(err, ENOMEM, "cannot commit");
	memcpy(layers, base->layers, n * sizeof(char *));
	layers[n] = digest;
	lock = sixd_image_lock(data_root, err);
	if (lock < 0 || sixd_layer_import(data_root, &src, digest, &made, err) < 0)
		return -1;
	tmpl.layers = layers;
	tmpl.created = 0;
	tmpl.author = (char *)(o->author ? o->author : "");
	tmpl.comment = (char *)(o->message ? o->message : "");
	if (sixd_image_create_locked(data_root, &tmpl, o->created_by, o->ref, out, err) < 0) {
		if (made)
			sixd_layer_remove(data_root, digest, NULL);
		return -1;
	}
	return 0;
}

int sixd_commit(const char *data_root, const char *upper, struct sixd_image *base,
		const struct sixd_commit_opts *o, struct sixd_image **out, struct sixd_error **err)
{
	_cleanup_free_ char *name = NULL;
	_cleanup_close_ int tar = -1;

	/* a bad name or change fails before anything is written */
	if (o->ref && sixd_image_normalize_ref(o->ref, &name, err) < 0)
		return -1;
	for (char *const *c = o->changes; c && *c; c++)
		if (sixd_commit_apply_change(base, *c, err) < 0)
			return -1;
	tar = frozen_layer_to_file(data_root, upper, o->freeze, err);
	if (tar < 0)
		return -1;
	return store_image(data_root, tar, base, o, out, err);
}
