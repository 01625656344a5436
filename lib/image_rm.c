// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The image store's names and removal: tag, rmi, and the layers that go with
 * the last image using them.  Everything happens under the store lock; names
 * go first (repositories.json replaced by rename), then the image config, then
 * the layers no remaining image lists, so a crash in between leaves at worst
 * an unnamed image or an unused layer, never a name without its image.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "image.h"
#include "util.h"

static void image_freep(struct sixd_image **img)
{
	sixd_image_free(*img);
	*img = NULL;
}

#define _cleanup_image_ _cleanup_(image_freep)

/* repositories.json as an object (empty when missing); *path gets its path. */
static json_t *repos_read(const char *data_root, char **path, struct sixd_error **err)
{
	json_error_t jerr;
	json_t *repos;

	if (asprintf(path, "%s/repositories.json", data_root) < 0) {
		*path = NULL;
		sixd_error_set(err, ENOMEM, "cannot read the image names");
		return NULL;
	}
	if (access(*path, F_OK) < 0 && errno == ENOENT)
		return json_object();
	repos = json_load_file(*path, 0, &jerr);
	if (!json_is_object(repos)) {
		sixd_error_set(err, 0, "cannot read '%s': %s", *path,
			       repos ? "not a JSON object" : jerr.text);
		json_decref(repos);
		return NULL;
	}
	return repos;
}

static int repos_write(const char *path, json_t *repos, struct sixd_error **err)
{
	_cleanup_free_ char *text = json_dumps(repos, JSON_INDENT(2) | JSON_SORT_KEYS);

	if (text == NULL)
		return sixd_error_set(err, ENOMEM, "cannot write '%s'", path);
	return sixd_write_file_atomic(path, text, strlen(text), 0600, err);
}

/* Point (set) or unpoint (id NULL) each of names. */
static int rename_locked(const char *data_root, char *const *names, const char *id,
			 struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;
	json_auto_t *repos = repos_read(data_root, &path, err);

	if (repos == NULL)
		return -1;
	for (char *const *n = names; *n; n++) {
		int r = id ? json_object_set_new(repos, *n, json_string(id))
			   : json_object_del(repos, *n);

		if (id && r < 0)
			return sixd_error_set(err, ENOMEM, "cannot name image '%s'", *n);
	}
	return repos_write(path, repos, err);
}

int sixd_image_tag(const char *data_root, const char *source, const char *target,
		   struct sixd_error **err)
{
	_cleanup_image_ struct sixd_image *img = NULL;
	_cleanup_free_ char *name = NULL;
	_cleanup_close_ int lock = -1;
	int found;

	if (sixd_image_normalize_ref(target, &name, err) < 0)
		return -1;
	lock = sixd_image_lock(data_root, err);
	if (lock < 0)
		return -1;
	found = sixd_image_lookup(data_root, source, &img, err);
	if (found <= 0)
		return found < 0 ? -1 : sixd_error_set(err, ENOENT, "no such image: %s", source);
	return rename_locked(data_root, (char *[]){name, NULL}, img->id, err);
}

static int report_add(char ***report, const char *verb, const char *what)
{
	_cleanup_free_ char *line = NULL;

	if (asprintf(&line, "%s: %s", verb, what) < 0)
		return -1;
	return sixd_strv_append(report, line);
}

/* Is layer listed by one of the images? */
static bool layer_used(const char *layer, struct sixd_image **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (char **l = list[i]->layers; *l; l++)
			if (strcmp(*l, layer) == 0)
				return true;
	return false;
}

/* Does *at appear in v before at? */
static bool strv_has_before(char *const *v, char *const *at)
{
	for (char *const *p = v; p < at; p++)
		if (strcmp(*p, *at) == 0)
			return true;
	return false;
}

/* Remove images/<id>.json, then each of its layers no other image lists. */
static int delete_locked(const char *data_root, const struct sixd_image *img, char ***report,
			 struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL, *deleted = NULL;
	struct sixd_image **list = NULL;
	size_t n = 0;
	int r = 0;

	if (asprintf(&path, "%s/images/%s.json", data_root, img->id) < 0 ||
	    asprintf(&deleted, "sha256:%s", img->id) < 0)
		return sixd_error_set(err, ENOMEM, "cannot remove image '%.12s'", img->id);
	if (unlink(path) < 0 && errno != ENOENT)
		return sixd_error_set(err, errno, "cannot remove '%s'", path);
	if (report_add(report, "Deleted", deleted) < 0)
		return sixd_error_set(err, ENOMEM, "cannot remove image '%.12s'", img->id);
	if (sixd_image_list(data_root, &list, &n, err) < 0)
		return -1;
	for (char **l = img->layers; *l && r == 0; l++) {
		_cleanup_free_ char *digest = NULL;

		if (layer_used(*l, list, n) || strv_has_before(img->layers, l))
			continue;
		if (asprintf(&digest, "sha256:%s", *l) < 0)
			r = sixd_error_set(err, ENOMEM, "cannot remove layer '%s'", *l);
		else if (sixd_layer_remove(data_root, *l, err) < 0)
			r = -1;
		else if (report_add(report, "Deleted", digest) < 0)
			r = sixd_error_set(err, ENOMEM, "cannot remove layer '%s'", *l);
	}
	sixd_image_list_free(list, n);
	return r;
}

static bool strv_has(char *const *v, const char *s)
{
	for (; v && *v; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

/* Untag names (report each), and delete the image too when delete is set. */
static int untag_locked(const char *data_root, const struct sixd_image *img, char *const *names,
			bool delete, char ***report, struct sixd_error **err)
{
	if (names[0] && rename_locked(data_root, names, NULL, err) < 0)
		return -1;
	for (char *const *n = names; *n; n++)
		if (report_add(report, "Untagged", *n) < 0)
			return sixd_error_set(err, ENOMEM, "cannot remove image '%.12s'", img->id);
	return delete ? delete_locked(data_root, img, report, err) : 0;
}

/* rmi REPO:TAG: untag; the image goes with its last name unless a container uses it. */
static int remove_name(const char *data_root, const struct sixd_image *img, const char *name,
		       bool force, bool used, char ***report, struct sixd_error **err)
{
	bool last = img->names[0] && !img->names[1];

	if (last && used && !force)
		return sixd_error_set(
			err, 0,
			"conflict: unable to remove repository reference \"%s\" "
			"(must force) - a container is using its referenced image %.12s",
			name, img->id);
	return untag_locked(data_root, img, (char *[]){(char *)name, NULL}, last && !used, report,
			    err);
}

/* rmi ID: every name and the image, refused for several names or a user unless forced. */
static int remove_id(const char *data_root, const struct sixd_image *img, bool force, bool used,
		     char ***report, struct sixd_error **err)
{
	if (!force && used)
		return sixd_error_set(
			err, 0,
			"conflict: unable to delete %.12s (must be forced) - image is "
			"being used by a container",
			img->id);
	if (!force && img->names[0] && img->names[1])
		return sixd_error_set(
			err, 0,
			"conflict: unable to delete %.12s (must be forced) - image is "
			"referenced in multiple repositories",
			img->id);
	return untag_locked(data_root, img, img->names, !used, report, err);
}

int sixd_image_remove(const char *data_root, const char *ref, bool force, char *const *in_use,
		      char ***report, struct sixd_error **err)
{
	_cleanup_image_ struct sixd_image *img = NULL;
	_cleanup_free_ char *name = NULL;
	_cleanup_close_ int lock = sixd_image_lock(data_root, err);
	int found;
	bool used;

	if (lock < 0)
		return -1;
	found = sixd_image_lookup(data_root, ref, &img, err);
	if (found <= 0)
		return found < 0 ? -1 : sixd_error_set(err, ENOENT, "no such image: %s", ref);
	used = strv_has(in_use, img->id);
	if (sixd_image_normalize_ref(ref, &name, NULL) == 0 && strv_has(img->names, name))
		return remove_name(data_root, img, name, force, used, report, err);
	return remove_id(data_root, img, force, used, report, err);
}
