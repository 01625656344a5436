// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The image store, read side: references, lookup by name or id, listing.
 * Readers take no lock: every file of the store is replaced by rename, and an
 * image's config is written before any name points at it.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "image.h"
#include "util.h"

#define REF_NAME_MAX 255
#define REF_TAG_MAX 128
#define ID_PREFIX_MIN 4

static bool is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* A path component: [a-z0-9]+ joined by ".", "_", "__" or "-"+. */
static bool valid_path_component(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t start = i;

		while (i < len && is_lower_alnum(s[i]))
			i++;
		if (i == start)
			return false;
		if (i == len)
			return true;
		if (s[i] == '.')
			i++;
		else if (s[i] == '_')
			i += (i + 1 < len && s[i + 1] == '_') ? 2 : 1;
		else if (s[i] == '-')
			while (i < len && s[i] == '-')
				i++;
		else
			return false;
	}
	return false;
}

/* A registry host: dot-separated [a-zA-Z0-9-] labels, an optional ":port". */
static bool valid_domain(const char *s, size_t len)
{
	const char *colon = memchr(s, ':', len);
	size_t host = colon ? (size_t)(colon - s) : len;

	for (size_t i = 0; i < host; i++) {
		bool edge = i == 0 || i + 1 == host || s[i - 1] == '.' || s[i + 1] == '.';

		if (s[i] == '.' ? edge : !(isalnum((unsigned char)s[i]) || (s[i] == '-' && !edge)))
			return false;
	}
	if (host == 0 || (colon && colon + 1 == s + len))
		return false;
	for (size_t i = host + 1; colon && i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static bool valid_tag(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > REF_TAG_MAX || s[0] == '.' || s[0] == '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '.' && s[i] != '-')
			return false;
	return true;
}

/* Validate a repository name (without tag); the first of several parts may be a domain. */
static bool valid_repo(const char *name)
{
	const char *p = name;
	const char *slash = strchr(name, '/');

	if (*name == '\0' || strlen(name) > REF_NAME_MAX)
		return false;
	if (slash && (memchr(name, '.', slash - name) || memchr(name, ':', slash - name) ||
		      (slash - name == 9 && strncmp(name, "localhost", 9) == 0))) {
		if (!valid_domain(name, slash - name))
			return false;
		p = slash + 1;
	}
	for (;;) {
		size_t len = strcspn(p, "/");

		if (!valid_path_component(p, len))
			return false;
		if (p[len] == '\0')
			return true;
		p += len + 1;
	}
}

/* Docker's familiar form: "docker.io/library/x" and "library/x" are "x". */
static const char *familiar_repo(const char *name)
{
	if (strncmp(name, "docker.io/", 10) == 0)
		name += 10;
	else if (strncmp(name, "index.docker.io/", 16) == 0)
		name += 16;
	if (strncmp(name, "library/", 8) == 0 && strchr(name + 8, '/') == NULL)
		name += 8;
	return name;
}

static bool has_upper(const char *s)
{
	for (; *s; s++)
		if (isupper((unsigned char)*s))
			return true;
	return false;
}

int sixd_image_normalize_ref(const char *ref, char **out, struct sixd_error **err)
{
	_cleanup_free_ char *repo = NULL;
	const char *slash, *colon, *tag = "latest";

	if (ref == NULL || *ref == '\0')
		return sixd_error_set(err, EINVAL, "invalid reference format: empty name");
	if (strchr(ref, '@'))
		return sixd_error_set(err, EINVAL, "digest references are not supported: '%s'",
				      ref);
	slash = strrchr(ref, '/');
	colon = strchr(slash ? slash : ref, ':');
	repo = colon ? strndup(ref, colon - ref) : strdup(ref);
	if (repo == NULL)
		return sixd_error_set(err, ENOMEM, "invalid reference format: '%s'", ref);
	if (colon)
		tag = colon + 1;
	if (!valid_repo(repo) || !valid_tag(tag))
		return sixd_error_set(err, EINVAL, "invalid reference format: '%s'%s", ref,
				      has_upper(strrchr(repo, '/') ?: repo)
					      ? " (repository names must be lowercase)"
					      : "");
	if (asprintf(out, "%s:%s", familiar_repo(repo), tag) < 0)
		return sixd_error_set(err, ENOMEM, "invalid reference format: '%s'", ref);
	return 0;
}

static void image_clear(struct sixd_image *img)
{
	sixd_strvfreep(&img->layers);
	sixd_strvfreep(&img->cmd);
	sixd_strvfreep(&img->entrypoint);
	sixd_strvfreep(&img->env);
	sixd_strvfreep(&img->names);
	sixd_strvfreep(&img->exposed);
	sixd_freep(&img->workdir);
	sixd_freep(&img->user);
	sixd_freep(&img->author);
	sixd_freep(&img->comment);
	for (size_t i = 0; i < img->n_history; i++) {
		free(img->history[i].created_by);
		free(img->history[i].author);
		free(img->history[i].comment);
	}
	sixd_freep(&img->history);
	img->n_history = 0;
}

void sixd_image_free(struct sixd_image *img)
{
	if (img == NULL)
		return;
	image_clear(img);
	free(img);
}

void sixd_image_list_free(struct sixd_image **list, size_t n)
{
	for (size_t i = 0; list && i < n; i++)
		sixd_image_free(list[i]);
	free(list);
}

static void image_freep(struct sixd_image **img)
{
	sixd_image_free(*img);
	*img = NULL;
}

#define _cleanup_image_ _cleanup_(image_freep)

/* repositories.json as a JSON object; an empty one when the file is missing. */
static json_t *read_repositories(const char *data_root, struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;
	json_error_t jerr;
	json_t *repos;

	if (asprintf(&path, "%s/repositories.json", data_root) < 0) {
		sixd_error_set(err, ENOMEM, "cannot read the image names");
		return NULL;
	}
	if (access(path, F_OK) < 0 && errno == ENOENT)
		return json_object();
	repos = json_load_file(path, 0, &jerr);
	if (repos == NULL || !json_is_object(repos)) {
		json_decref(repos);
		sixd_error_set(err, 0, "cannot read '%s': %s", path,
			       repos ? "not a JSON object" : jerr.text);
		return NULL;
	}
	return repos;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in repos that point at id, sorted; never NULL on success. */
static char **names_of(json_t *repos, const char *id)
{
	_cleanup_strv_ char **names = calloc(1, sizeof(char *));
	const char *key;
	json_t *v;

	if (names == NULL)
		return NULL;
	json_object_foreach(repos, key, v)
	{
		if (json_is_string(v) && strcmp(json_string_value(v), id) == 0 &&
		    sixd_strv_append(&names, key) < 0)
			return NULL;
	}
	qsort(names, sixd_strv_len(names), sizeof(char *), cmp_str);
	return steal_ptr(names);
}

static int image_size(const char *data_root, struct sixd_image *img, struct sixd_error **err)
{
	img->size = 0;
	for (char **l = img->layers; *l; l++) {
		int64_t size;

		if (sixd_layer_size(data_root, *l, &size, err) < 0)
			return sixd_error_wrap(err, "image '%.12s'", img->id);
		img->size += size;
	}
	return 0;
}

/* Load image id into *out (out may be NULL: only check that it loads). */
static int load_with(const char *data_root, const char *id, json_t *repos, struct sixd_image **out,
		     struct sixd_error **err)
{
	_cleanup_image_ struct sixd_image *img = calloc(1, sizeof(*img));
	_cleanup_free_ char *path = NULL, *text = NULL;

	if (img == NULL || asprintf(&path, "%s/images/%s.json", data_root, id) < 0)
		return sixd_error_set(err, ENOMEM, "cannot load image '%s'", id);
	text = sixd_read_file(path, NULL, err);
	if (text == NULL)
		return -1;
	if (sixd_image_parse_config(text, img, err) < 0)
		return sixd_error_wrap(err, "image '%.12s'", id);
	snprintf(img->id, sizeof(img->id), "%s", id);
	img->names = names_of(repos, id);
	if (img->names == NULL)
		return sixd_error_set(err, ENOMEM, "cannot load image '%s'", id);
	if (image_size(data_root, img, err) < 0)
		return -1;
	if (out)
		*out = steal_ptr(img);
	return 0;
}

int sixd_image_load(const char *data_root, const char *id, struct sixd_image **out,
		    struct sixd_error **err)
{
	json_auto_t *repos = read_repositories(data_root, err);

	if (repos == NULL)
		return -1;
	return load_with(data_root, id, repos, out, err);
}

static bool is_hex(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return false;
	return true;
}

/* The id of an images/ entry named "<64 hex>.json", or false. */
static bool entry_id(const char *name, char *id)
{
	if (strlen(name) != SIXD_ID_LEN + 5 || strcmp(name + SIXD_ID_LEN, ".json") != 0 ||
	    !is_hex(name, SIXD_ID_LEN))
		return false;
	memcpy(id, name, SIXD_ID_LEN);
	id[SIXD_ID_LEN] = '\0';
	return true;
}

/* Find the one id starting with prefix: 1 found, 0 none, -1 ambiguous or error. */
static int find_prefix(const char *data_root, const char *prefix, char *id, struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_closedir_ DIR *dir = NULL;
	struct dirent *de;
	char cand[SIXD_ID_LEN + 1];
	int found = 0;

	if (asprintf(&path, "%s/images", data_root) < 0)
		return sixd_error_set(err, ENOMEM, "cannot look up image '%s'", prefix);
	dir = opendir(path);
	if (dir == NULL)
		return errno == ENOENT ? 0 : sixd_error_set(err, errno, "cannot open '%s'", path);
	while ((de = readdir(dir)) != NULL) {
		if (!entry_id(de->d_name, cand) || strncmp(cand, prefix, strlen(prefix)) != 0)
			continue;
		if (found++)
			return sixd_error_set(err, 0, "image id prefix '%s' is ambiguous", prefix);
		memcpy(id, cand, sizeof(cand));
	}
	return found;
}

static int lookup_id(const char *data_root, const char *ref, json_t *repos, struct sixd_image **out,
		     struct sixd_error **err)
{
	const char *hex = strncmp(ref, "sha256:", 7) == 0 ? ref + 7 : ref;
	size_t len = strlen(hex);
	char id[SIXD_ID_LEN + 1];
	int r;

	if (len < ID_PREFIX_MIN || len > SIXD_ID_LEN || !is_hex(hex, len))
		return 0;
	r = find_prefix(data_root, hex, id, err);
	if (r <= 0)
		return r;
	return load_with(data_root, id, repos, out, err) < 0 ? -1 : 1;
}

int sixd_image_lookup(const char *data_root, const char *ref, struct sixd_image **out,
		      struct sixd_error **err)
{
	json_auto_t *repos = NULL;
	_cleanup_free_ char *name = NULL;
	json_t *id;

	if (ref == NULL || *ref == '\0')
		return 0;
	repos = read_repositories(data_root, err);
	if (repos == NULL)
		return -1;
	if (sixd_image_normalize_ref(ref, &name, NULL) == 0) {
		id = json_object_get(repos, name);
		if (json_is_string(id) && sixd_valid_id(json_string_value(id)))
			return load_with(data_root, json_string_value(id), repos, out, err) < 0 ? -1
												: 1;
	}
	return lookup_id(data_root, ref, repos, out, err);
}

static int cmp_newest(const void *a, const void *b)
{
	const struct sixd_image *x = *(struct sixd_image *const *)a;
	const struct sixd_image *y = *(struct sixd_image *const *)b;

	if (x->created != y->created)
		return x->created > y->created ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Append img to the growing list *v of *n images. */
static int list_push(struct sixd_image ***v, size_t *n, struct sixd_image *img)
{
	struct sixd_image **grown = realloc(*v, (*n + 1) * sizeof(*grown));

	if (grown == NULL)
		return -1;
	grown[(*n)++] = img;
	*v = grown;
	return 0;
}

static int list_dir(const char *data_root, DIR *dir, json_t *repos, struct sixd_image ***v,
		    size_t *n, struct sixd_error **err)
{
	struct dirent *de;
	char id[SIXD_ID_LEN + 1];

	while ((de = readdir(dir)) != NULL) {
		struct sixd_image *img = NULL;

		if (!entry_id(de->d_name, id))
			continue;
		if (load_with(data_root, id, repos, &img, err) < 0)
			return -1;
		if (list_push(v, n, img) < 0) {
			sixd_image_free(img);
			return sixd_error_set(err, ENOMEM, "cannot list images");
		}
	}
	return 0;
}

int sixd_image_list(const char *data_root, struct sixd_image ***out, size_t *n,
		    struct sixd_error **err)
{
	json_auto_t *repos = read_repositories(data_root, err);
	_cleanup_free_ char *path = NULL;
	_cleanup_closedir_ DIR *dir = NULL;
	struct sixd_image **v = NULL;
	size_t count = 0;

	*out = NULL;
	*n = 0;
	if (repos == NULL)
		return -1;
	if (asprintf(&path, "%s/images", data_root) < 0)
		return sixd_error_set(err, ENOMEM, "cannot list images");
	dir = opendir(path);
	if (dir == NULL)
		return errno == ENOENT ? 0 : sixd_error_set(err, errno, "cannot open '%s'", path);
	if (list_dir(data_root, dir, repos, &v, &count, err) < 0) {
		sixd_image_list_free(v, count);
		return -1;
	}
	if (count)
		qsort(v, count, sizeof(*v), cmp_newest);
	*out = v;
	*n = count;
	return 0;
}
