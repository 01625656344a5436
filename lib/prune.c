// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * container prune and the removal of orphans (see prune.h).
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cleanup.h"
#include "lifecycle.h"
#include "log.h"
#include "lookup.h"
#include "network.h"
#include "prune.h"
#include "state.h"
#include "util.h"

/* A name reservation without a record younger than this is a run in progress. */
#define PENDING_GRACE_S 60
/* Slack between a reservation's mtime and the data directory the run makes next. */
#define PENDING_SLACK_S 2

/* What the state root says: the ids that have a record, and runs in progress. */
struct known {
	char **ids;
	time_t pending_since; /* mtime of the oldest recent reservation without a record; 0: none */
	bool unsure;	      /* a record could not be read: its id is unknown */
};

static void known_free(struct known *k)
{
	sixd_strvfreep(&k->ids);
}

static void note_pending(struct sixd_store *s, const char *name, struct known *k)
{
	_cleanup_free_ char *path = NULL;
	struct stat st;

	if (asprintf(&path, "%s/%s", s->root, name) < 0 || stat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode) || time(NULL) - st.st_mtime > PENDING_GRACE_S)
		return;
	if (k->pending_since == 0 || st.st_mtime < k->pending_since)
		k->pending_since = st.st_mtime;
}

/* Read one entry of the state root into k. */
static int know_entry(struct sixd_store *s, const char *name, struct known *k,
		      struct sixd_error **err)
{
	struct sixd_error *read_err = NULL;
	struct sixd_record r;
	int rc = 0;

	if (sixd_store_read(s, name, &r, &read_err) == 0) {
		rc = sixd_strv_append(&k->ids, r.id);
		sixd_record_free(&r);
		return rc < 0 ? sixd_error_set(err, ENOMEM, "cannot list the containers") : 0;
	}
	if (read_err && read_err->status == ENOENT) {
		note_pending(s, name, k);
	} else if (!read_err || read_err->status != ENOTDIR) {
		sixd_log_warn("cannot read the record of '%s', orphans are left alone", name);
		k->unsure = true;
	}
	sixd_error_free(&read_err);
	return 0;
}

static int scan_known(struct sixd_store *s, struct known *k, struct sixd_error **err)
{
	_cleanup_closedir_ DIR *dir = opendir(s->root);
	struct dirent *de;

	memset(k, 0, sizeof(*k));
	if (dir == NULL)
		return sixd_error_set(err, errno, "cannot read the state root '%s'", s->root);
	while ((de = readdir(dir)) != NULL)
		if (de->d_name[0] != '.' && know_entry(s, de->d_name, k, err) < 0)
			return -1;
	return 0;
}

static bool strv_has(char *const *v, const char *s)
{
	for (; v && *v; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

/* Could this data directory belong to a container whose record is still being written? */
static bool maybe_in_progress(const struct known *k, const char *dir)
{
	struct stat st;

	if (k->pending_since == 0)
		return false;
	return stat(dir, &st) < 0 || st.st_mtime + PENDING_SLACK_S >= k->pending_since;
}

static bool is_orphan(struct sixd_store *s, const struct known *k, const char *name)
{
	_cleanup_free_ char *dir = NULL;

	if (!sixd_valid_id(name) || strv_has(k->ids, name))
		return false;
	dir = sixd_store_container_dir(s, name);
	if (dir == NULL || maybe_in_progress(k, dir)) {
		sixd_log_debug("'%s' may belong to a run in progress, left alone", name);
		return false;
	}
	return true;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int sixd_prune_find_orphans(struct sixd_store *s, char ***ids, struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_closedir_ DIR *dir = NULL;
	_cleanup_strv_ char **found = NULL;
	_cleanup_(known_free) struct known k = {0};
	struct dirent *de;

	*ids = NULL;
	if (asprintf(&path, "%s/containers", s->data_root) < 0)
		return sixd_error_set(err, ENOMEM, "cannot look for orphans");
	dir = opendir(path);
	if (dir == NULL)
		return errno == ENOENT ? 0 : sixd_error_set(err, errno, "cannot read '%s'", path);
	if (scan_known(s, &k, err) < 0)
		return -1;
	while (!k.unsure && (de = readdir(dir)) != NULL) {
		if (is_orphan(s, &k, de->d_name) && sixd_strv_append(&found, de->d_name) < 0)
			return sixd_error_set(err, ENOMEM, "cannot look for orphans");
	}
	if (found && !k.unsure)
		qsort(found, sixd_strv_len(found), sizeof(*found), by_name);
	*ids = k.unsure ? NULL : steal_ptr(found);
	return 0;
}

static int64_t du_total;

static int du_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)path;
	(void)ftw;
	if (type == FTW_F && S_ISREG(st->st_mode))
		du_total += st->st_size;
	return 0;
}

/* The bytes of the regular files below dir (0 if it is gone). */
static int64_t dir_bytes(const char *dir)
{
	du_total = 0;
	if (access(dir, F_OK) == 0)
		nftw(dir, du_entry, 32, FTW_PHYS | FTW_MOUNT);
	return du_total;
}

/* Kill what runs in the cgroup "sixdocker/<id>" and remove it; a missing cgroup is fine. */
static int remove_cgroup(const char *id, struct sixd_error **err)
{
	struct sixd_cgroup *cg = NULL;
	int rc;

	if (sixd_cgroup_open("sixdocker", id, &cg, NULL) < 0)
		return 0;
	rc = sixd_cgroup_kill(cg, err) < 0 ? -1 : sixd_cgroup_destroy(cg, err);
	sixd_cgroup_free(cg);
	return rc;
}

/* True if a record with this id exists now (looked up again, just before removing). */
static bool has_record(struct sixd_store *s, const char *id)
{
	struct sixd_record r;

	if (sixd_store_lookup(s, id, &r, NULL) < 0)
		return false;
	sixd_record_free(&r);
	return true;
}

/* Remove one orphan: cgroup first, then data, as rm does; *bytes gets the data's size. */
static int remove_orphan_id(struct sixd_store *s, const char *id, int64_t *bytes,
			    struct sixd_error **err)
{
	_cleanup_free_ char *dir = sixd_store_container_dir(s, id);

	*bytes = 0;
	if (dir == NULL)
		return sixd_error_set(err, ENOMEM, "cannot remove orphan '%s'", id);
	if (has_record(s, id))
		return sixd_error_set(err, EEXIST, "'%s' is no orphan: it has a record now", id);
	if (remove_cgroup(id, err) < 0 || sixd_net_release(s, id, err) < 0)
		return sixd_error_wrap(err, "orphan '%s'", id);
	*bytes = dir_bytes(dir);
	if (sixd_rm_rf(dir, NULL) < 0) {
		/* a dying monitor may still have been writing the log */
		usleep(100 * 1000);
		if (sixd_rm_rf(dir, err) < 0)
			return sixd_error_wrap(err, "orphan '%s'", id);
	}
	return 0;
}

/* Keep the first error in *err, drop the later ones. */
static void keep_first(struct sixd_error **err, struct sixd_error **e)
{
	if (err && *err == NULL)
		*err = steal_ptr(*e);
	sixd_error_free(e);
}

static int add_removed(struct sixd_prune_result *out, const char *id, int64_t bytes,
		       struct sixd_error **err)
{
	if (sixd_strv_append(&out->ids, id) < 0)
		return sixd_error_set(err, ENOMEM, "cannot record the removal of '%s'", id);
	out->reclaimed += bytes;
	return 0;
}

static int prune_one_record(struct sixd_store *s, const struct sixd_record *r,
			    struct sixd_prune_result *out, struct sixd_error **err)
{
	_cleanup_free_ char *dir = sixd_store_container_dir(s, r->id);
	int64_t bytes = dir ? dir_bytes(dir) : 0;

	if (sixd_container_remove(s, r->name, false, err) < 0)
		return -1;
	out->n_records++;
	return add_removed(out, r->id, bytes, err);
}

static int prune_records(struct sixd_store *s, struct sixd_prune_result *out,
			 struct sixd_error **err)
{
	struct sixd_record *list = NULL;
	size_t n = 0;
	int rc = 0;

	if (sixd_container_list(s, &list, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct sixd_error *e = NULL;

		if (list[i].status == SIXD_STATUS_RUNNING)
			continue;
		if (prune_one_record(s, &list[i], out, &e) < 0) {
			keep_first(err, &e);
			rc = -1;
		}
	}
	sixd_record_list_free(list, n);
	return rc;
}

static int prune_orphans(struct sixd_store *s, struct sixd_prune_result *out,
			 struct sixd_error **err)
{
	_cleanup_strv_ char **ids = NULL;
	int rc = 0;

	if (sixd_prune_find_orphans(s, &ids, err) < 0)
		return -1;
	for (char **id = ids; id && *id; id++) {
		struct sixd_error *e = NULL;
		int64_t bytes;

		if (remove_orphan_id(s, *id, &bytes, &e) < 0 ||
		    add_removed(out, *id, bytes, &e) < 0) {
			keep_first(err, &e);
			rc = -1;
			continue;
		}
		out->n_orphans++;
	}
	return rc;
}

int sixd_container_prune(struct sixd_store *s, struct sixd_prune_result *out,
			 struct sixd_error **err)
{
	struct sixd_error *e = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (prune_records(s, out, err) < 0)
		rc = -1;
	if (prune_orphans(s, out, &e) < 0) {
		keep_first(err, &e);
		rc = -1;
	}
	return rc;
}

void sixd_prune_result_free(struct sixd_prune_result *res)
{
	if (res == NULL)
		return;
	sixd_strvfreep(&res->ids);
	memset(res, 0, sizeof(*res));
}

int sixd_container_remove_orphan(struct sixd_store *s, const char *ref, struct sixd_error **err)
{
	_cleanup_strv_ char **ids = NULL;
	const char *match = NULL;
	size_t len = ref ? strlen(ref) : 0;
	int64_t bytes;

	if (len == 0 || len > SIXD_ID_LEN || strspn(ref, "0123456789abcdef") != len)
		goto none;
	if (sixd_prune_find_orphans(s, &ids, err) < 0)
		return -1;
	for (char **id = ids; id && *id; id++) {
		if (strncmp(*id, ref, len) != 0)
			continue;
		if (match)
			return sixd_error_set(err, 0,
					      "multiple containers match the id prefix '%s'", ref);
		match = *id;
	}
	if (match == NULL)
		goto none;
	return remove_orphan_id(s, match, &bytes, err);
none:
	sixd_error_set(err, 0, "no such container: %s", ref ? ref : "");
	return -ENOENT;
}
