// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * export: a container's merged filesystem as a tar.
 *
 * A child process unshares its mount namespace, makes every mount in it
 * private, and mounts a read-only overlay of the container's upper directory
 * over the image's layers (lowerdirs only: overlayfs then writes nothing, and
 * reads the upper's whiteouts and opaque directories as it reads a layer's).
 * It walks that view with the deterministic tar writer of commit and exits;
 * the mount dies with its namespace.  Errors come back over a pipe as text.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "commit.h"
#include "export.h"
#include "image.h"
#include "image_archive.h"
#include "util.h"

#define EXPORT_ERROR_MAX 4096

/* "lowerdir=containers/<id>/upper:l/<top>:...:l/<bottom>" (relative to the data root). */
static char *lower_options(const char *upper, char *const *layers, struct sixd_error **err)
{
	_cleanup_free_ char *opts = NULL;
	size_t n = sixd_strv_len(layers);

	if (asprintf(&opts, "lowerdir=%s", upper ? upper : "") < 0)
		goto oom;
	for (size_t i = n; i-- > 0;) {
		char *next = NULL;

		if (sixd_layer_repeated(layers, i))
			continue;
		if (asprintf(&next, "%s%sl/%.*s", opts, opts[strlen("lowerdir=")] ? ":" : "",
			     SIXD_LAYER_LINK_LEN, layers[i]) < 0)
			goto oom;
		free(opts);
		opts = next;
	}
	if (strlen(opts) >= (size_t)sysconf(_SC_PAGESIZE)) {
		sixd_error_set(err, E2BIG, "too many image layers for one overlay mount (%zu)", n);
		return NULL;
	}
	return steal_ptr(opts);
oom:
	sixd_error_set(err, ENOMEM, "cannot build the overlay options");
	return NULL;
}

/* In the child: mount the view on mnt (absolute) and write the tar of it to fd. */
static int child_export(const char *data_root, const char *id, char *const *layers, const char *mnt,
			int fd, struct sixd_error **err)
{
	_cleanup_free_ char *upper = NULL, *opts = NULL, *dir = NULL;
	size_t dirs;

	if (unshare(CLONE_NEWNS) < 0)
		return sixd_error_set(err, errno, "cannot make a mount namespace");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return sixd_error_set(err, errno, "cannot make the mounts private");
	if (chdir(data_root) < 0)
		return sixd_error_set(err, errno, "cannot enter the data root '%s'", data_root);
	if (asprintf(&upper, "containers/%s/upper", id) < 0)
		return sixd_error_set(err, ENOMEM, "cannot export");
	if (access(upper, F_OK) < 0)
		sixd_freep(&upper); /* never started: the image alone */
	for (char *const *l = layers; *l; l++)
		if (sixd_layer_link(".", *l, err) < 0)
			return -1;
	dirs = upper ? 1 : 0;
	for (size_t i = 0; layers[i]; i++)
		dirs += !sixd_layer_repeated(layers, i);
	if (dirs == 1) /* overlayfs wants two lowerdirs without an upper: the one layer as is */
		dir = upper ? strdup(upper)
			    : sixd_layer_link_name(layers[sixd_strv_len(layers) - 1]);
	else if ((opts = lower_options(upper, layers, err)) == NULL)
		return -1;
	if (dirs == 1)
		return dir ? sixd_commit_write_layer(dir, fd, err)
			   : sixd_error_set(err, ENOMEM, "cannot export");
	if (mount("overlay", mnt, "overlay", MS_RDONLY | MS_NODEV, opts) < 0)
		return sixd_error_set(err, errno, "cannot mount the container's filesystem");
	return sixd_commit_write_layer(mnt, fd, err);
}

/* Run child_export in a child; its error text comes back through a pipe. */
static int run_child(const char *data_root, const char *id, char *const *layers, const char *mnt,
		     int fd, struct sixd_error **err)
{
	int pipefd[2], status;
	char msg[EXPORT_ERROR_MAX];
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return sixd_error_set(err, errno, "cannot export");
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return sixd_error_set(err, errno, "cannot export");
	}
	if (pid == 0) {
		struct sixd_error *e = NULL;
		_cleanup_free_ char *text = NULL;

		close(pipefd[0]);
		if (child_export(data_root, id, layers, mnt, fd, &e) == 0)
			_exit(0);
		text = sixd_error_format(e);
		if (text)
			sixd_write_all(pipefd[1], text, strlen(text));
		_exit(1);
	}
	close(pipefd[1]);
	n = sixd_read_all(pipefd[0], msg, sizeof(msg) - 1);
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return sixd_error_set(err, errno, "cannot export");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	msg[n > 0 ? n : 0] = '\0';
	return sixd_error_set(err, 0, "cannot export '%.12s': %s", id,
			      n > 0 ? msg : "the export process failed");
}

int sixd_export(const char *data_root, const char *id, char *const *layers, const char *file,
		struct sixd_error **err)
{
	_cleanup_free_ char *mnt = NULL, *tmp = NULL, *real = NULL;
	_cleanup_close_ int fd = -1, hold = -1;
	int r;

	if (layers == NULL || layers[0] == NULL)
		return sixd_error_set(err, EINVAL, "cannot export '%.12s': its image has no layers",
				      id);
	real = realpath(data_root, NULL);
	if (real == NULL)
		return sixd_error_set(err, errno, "cannot resolve '%s'", data_root);
	data_root = real;
	if (asprintf(&mnt, "%s/.export-XXXXXX", data_root) < 0)
		return sixd_error_set(err, ENOMEM, "cannot export");
	if (mkdtemp(mnt) == NULL)
		return sixd_error_set(err, errno, "cannot create a directory in '%s'", data_root);
	/* held (flock) while in use: no sweep removes it (sixd_image_tmp_sweep) */
	hold = sixd_image_tmp_hold(mnt, err);
	fd = hold < 0 ? -1 : sixd_output_open(file, &tmp, err);
	r = fd < 0 ? -1 : run_child(data_root, id, layers, mnt, fd, err);
	if (fd >= 0)
		r = sixd_output_finish(fd, tmp, file, r == 0, err);
	rmdir(mnt);
	return r;
}
