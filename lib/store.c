// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The state root: container records, their locks, and name reservation.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "store.h"
#include "util.h"

static const char *const status_names[] = {
	[SIXD_STATUS_CREATED] = "created",
	[SIXD_STATUS_RUNNING] = "running",
	[SIXD_STATUS_EXITED] = "exited",
	[SIXD_STATUS_REMOVING] = "removing",
};

const char *sixd_status_name(enum sixd_status st)
{
	if ((size_t)st >= sizeof(status_names) / sizeof(status_names[0]))
		return "unknown";
	return status_names[st];
}

int sixd_status_parse(const char *s, enum sixd_status *out)
{
	for (size_t i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++) {
		if (s && strcmp(s, status_names[i]) == 0) {
			*out = (enum sixd_status)i;
			return 0;
		}
	}
	return -1;
}

static char *pick_path(const char *opt, const char *env, const char *def)
{
	const char *v = opt;

	if (v == NULL || *v == '\0')
		v = getenv(env);
	if (v == NULL || *v == '\0')
		v = def;
	return realpath(v, NULL) ?: strdup(v);
}

int sixd_store_init(struct sixd_store *s, const char *root, const char *data_root,
		    struct sixd_error **err)
{
	memset(s, 0, sizeof(*s));
	s->root = pick_path(root, "SIXDOCKER_ROOT", SIXD_DEFAULT_ROOT);
	s->data_root = pick_path(data_root, "SIXDOCKER_DATA", SIXD_DEFAULT_DATA_ROOT);
	if (s->root == NULL || s->data_root == NULL)
		return sixd_error_set(err, ENOMEM, "cannot initialise the store");
	if (s->root[0] != '/' || s->data_root[0] != '/')
		return sixd_error_set(
			err, EINVAL,
			"the state root '%s' and data root '%s' must be absolute paths", s->root,
			s->data_root);
	if (sixd_mkdir_p(s->root, 0700, err) < 0 || sixd_mkdir_p(s->data_root, 0711, err) < 0)
		return -1;
	return 0;
}

void sixd_store_fini(struct sixd_store *s)
{
	free(s->root);
	free(s->data_root);
	s->root = s->data_root = NULL;
}

static char *record_path(struct sixd_store *s, const char *name, const char *file)
{
	char *p = NULL;

	if (asprintf(&p, "%s/%s%s%s", s->root, name, file ? "/" : "", file ? file : "") < 0)
		return NULL;
	return p;
}

/* A reservation without a record, older than a run takes to write one: its run died. */
static bool stale_reservation(struct sixd_store *s, const char *name)
{
	_cleanup_free_ char *dir = record_path(s, name, NULL);
	_cleanup_free_ char *rec = record_path(s, name, "config.json");
	struct stat st;

	if (dir == NULL || rec == NULL || lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    time(NULL) - st.st_mtime <= SIXD_RESERVATION_GRACE_S)
		return false;
	return access(rec, F_OK) < 0 && errno == ENOENT;
}

/* Move a stale reservation of name out of the way (under an flock of the state root, so two
 * runs cannot both take it); 1 when done. */
static int reclaim_stale(struct sixd_store *s, const char *name, const char *dir)
{
	_cleanup_close_ int root = -1;
	_cleanup_free_ char *grave = NULL;
	int rc = 0;

	if (stale_reservation(s, name)) {
		if (asprintf(&grave, "%s/.stale-%s-%d", s->root, name, (int)getpid()) < 0)
			grave = NULL;
		root = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (grave && root >= 0 && flock(root, LOCK_EX) == 0 && stale_reservation(s, name) &&
		    rename(dir, grave) == 0) {
			sixd_rm_rf(grave, NULL);
			rc = 1;
		}
	}
	errno = EEXIST; /* for the caller's message when nothing was reclaimed */
	return rc;
}

int sixd_store_reserve(struct sixd_store *s, const char *name, struct sixd_error **err)
{
	_cleanup_free_ char *dir = record_path(s, name, NULL);

	if (dir == NULL)
		return sixd_error_set(err, ENOMEM, "cannot reserve name '%s'", name);
	if (mkdir(dir, 0700) < 0 &&
	    (errno != EEXIST || reclaim_stale(s, name, dir) != 1 || mkdir(dir, 0700) < 0)) {
		if (errno == EEXIST)
			return sixd_error_set(
				err, 0,
				"container name \"%s\" is already in use; remove that container or choose another name",
				name);
		return sixd_error_set(err, errno, "cannot reserve name '%s'", name);
	}
	return 0;
}

int sixd_store_release(struct sixd_store *s, const char *name, struct sixd_error **err)
{
	_cleanup_free_ char *dir = record_path(s, name, NULL);

	if (dir == NULL)
		return sixd_error_set(err, ENOMEM, "cannot release name '%s'", name);
	return sixd_rm_rf(dir, err);
}

int sixd_store_lock(struct sixd_store *s, const char *name, struct sixd_error **err)
{
	_cleanup_free_ char *path = record_path(s, name, "lock");
	_cleanup_close_ int fd = -1;

	if (path == NULL)
		return sixd_error_set(err, ENOMEM, "cannot lock container '%s'", name);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return sixd_error_set(err, errno, "cannot open lock '%s'", path);
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR)
			return sixd_error_set(err, errno, "cannot lock '%s'", path);
	}
	return steal_fd(fd);
}

char *sixd_store_container_dir(struct sixd_store *s, const char *id)
{
	char *p = NULL;

	if (asprintf(&p, "%s/containers/%s", s->data_root, id) < 0)
		return NULL;
	return p;
}

char *sixd_store_record_dir(struct sixd_store *s, const char *name)
{
	return record_path(s, name, NULL);
}

int sixd_store_write(struct sixd_store *s, const struct sixd_record *r, struct sixd_error **err)
{
	_cleanup_free_ char *path = record_path(s, r->name, "config.json");
	_cleanup_free_ char *text = NULL;

	if (path == NULL)
		return sixd_error_set(err, ENOMEM, "cannot write record of '%s'", r->name);
	text = sixd_record_to_json(r, err);
	if (text == NULL)
		return -1;
	return sixd_write_file_replace(path, text, strlen(text), 0600, err);
}

int sixd_store_read(struct sixd_store *s, const char *name, struct sixd_record *r,
		    struct sixd_error **err)
{
	_cleanup_free_ char *path = record_path(s, name, "config.json");
	_cleanup_free_ char *text = NULL;

	if (path == NULL)
		return sixd_error_set(err, ENOMEM, "cannot read record of '%s'", name);
	text = sixd_read_file(path, NULL, err);
	if (text == NULL)
		return -1;
	return sixd_record_from_json(text, r, err);
}

int sixd_store_write_if_room(struct sixd_store *s, const struct sixd_record *r,
			     struct sixd_error **err)
{
	struct sixd_error *werr = NULL;

	if (sixd_store_write(s, r, &werr) == 0)
		return 0;
	if (sixd_error_no_room(werr)) {
		sixd_error_free(&werr);
		return 0;
	}
	if (err)
		*err = steal_ptr(werr);
	sixd_error_free(&werr);
	return -1;
}
