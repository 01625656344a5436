// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The image store, write side: the OCI image config, the store lock, making
 * and naming images, import.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cleanup.h"
#include "image.h"
#include "util.h"

#if defined(__x86_64__)
#define IMAGE_ARCH "amd64"
#elif defined(__aarch64__)
#define IMAGE_ARCH "arm64"
#elif defined(__i386__)
#define IMAGE_ARCH "386"
#elif defined(__arm__)
#define IMAGE_ARCH "arm"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define IMAGE_ARCH "ppc64le"
#elif defined(__s390x__)
#define IMAGE_ARCH "s390x"
#elif defined(__riscv) && __riscv_xlen == 64
#define IMAGE_ARCH "riscv64"
#else
#define IMAGE_ARCH "unknown"
#endif

const char *sixd_image_arch(void)
{
	return IMAGE_ARCH;
}

int sixd_image_lock(const char *data_root, struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_close_ int fd = -1;

	if (sixd_mkdir_p(data_root, 0711, err) < 0)
		return -1;
	if (asprintf(&path, "%s/images.lock", data_root) < 0)
		return sixd_error_set(err, ENOMEM, "cannot lock the image store");
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return sixd_error_set(err, errno, "cannot open '%s'", path);
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return sixd_error_set(err, errno, "cannot lock '%s'", path);
	sixd_image_tmp_sweep(data_root);
	return steal_fd(fd);
}

/* A JSON array of strings; NULL on ENOMEM or a string that is not UTF-8. */
static json_t *strv_to_json(char *const *v)
{
	json_auto_t *arr = json_array();

	if (arr == NULL)
		return NULL;
	for (size_t i = 0; v && v[i]; i++)
		if (json_array_append_new(arr, json_string(v[i])) < 0)
			return NULL;
	return json_incref(arr);
}

/* Set key to the array v when v has entries. */
static int set_strv(json_t *obj, const char *key, char *const *v)
{
	if (v == NULL || v[0] == NULL)
		return 0;
	return json_object_set_new(obj, key, strv_to_json(v));
}

/* Config.ExposedPorts {"80/tcp": {}} when the image exposes ports. */
static int set_exposed(json_t *cfg, char *const *exposed)
{
	json_t *obj;

	if (exposed == NULL || exposed[0] == NULL)
		return 0;
	obj = json_object();
	if (json_object_set_new(cfg, "ExposedPorts", obj) < 0)
		return -1;
	for (size_t i = 0; exposed[i]; i++)
		if (json_object_set_new(obj, exposed[i], json_object()) < 0)
			return -1;
	return 0;
}

static json_t *config_section(const struct sixd_image *img)
{
	json_auto_t *cfg = json_pack("{s:s, s:s}", "WorkingDir", img->workdir ? img->workdir : "",
				     "User", img->user ? img->user : "");

	if (cfg == NULL || set_strv(cfg, "Cmd", img->cmd) < 0 ||
	    set_strv(cfg, "Entrypoint", img->entrypoint) < 0 ||
	    set_strv(cfg, "Env", img->env) < 0 || set_exposed(cfg, img->exposed) < 0)
		return NULL;
	return json_incref(cfg);
}

static json_t *diff_ids(char *const *layers)
{
	json_auto_t *arr = json_array();

	if (arr == NULL)
		return NULL;
	for (size_t i = 0; layers && layers[i]; i++) {
		_cleanup_free_ char *d = NULL;

		if (asprintf(&d, "sha256:%s", layers[i]) < 0 ||
		    json_array_append_new(arr, json_string(d)) < 0)
			return NULL;
	}
	return json_incref(arr);
}

/* Set key to the string v when v is not empty. */
static int set_str(json_t *obj, const char *key, const char *v)
{
	if (v == NULL || *v == '\0')
		return 0;
	return json_object_set_new(obj, key, json_string(v));
}

static json_t *history_entry(int64_t ns, const char *created_by, const char *author,
			     const char *comment, bool empty_layer)
{
	char created[64];
	json_auto_t *h = NULL;

	sixd_format_rfc3339(ns, created, sizeof(created));
	h = json_pack("{s:s, s:s}", "created", created, "created_by", created_by ? created_by : "");
	if (h == NULL || set_str(h, "author", author) < 0 || set_str(h, "comment", comment) < 0 ||
	    (empty_layer && json_object_set_new(h, "empty_layer", json_true()) < 0))
		return NULL;
	return json_incref(h);
}

/* img's history and one new entry made now (img->created). */
static json_t *history_section(const struct sixd_image *img, const char *created_by)
{
	json_auto_t *arr = json_array();

	if (arr == NULL)
		return NULL;
	for (size_t i = 0; i < img->n_history; i++) {
		const struct sixd_history *h = &img->history[i];

		if (json_array_append_new(arr, history_entry(h->created, h->created_by, h->author,
							     h->comment, h->empty_layer)) < 0)
			return NULL;
	}
	if (json_array_append_new(arr, history_entry(img->created, created_by, img->author,
						     img->comment, false)) < 0)
		return NULL;
	return json_incref(arr);
}

char *sixd_image_config_json(const struct sixd_image *img, const char *created_by,
			     struct sixd_error **err)
{
	char created[64];
	json_auto_t *root = NULL;
	char *text;

	sixd_format_rfc3339(img->created, created, sizeof(created));
	root = json_pack("{s:s, s:s, s:s, s:o*, s:{s:s, s:o*}, s:o*}", "created", created,
			 "architecture", IMAGE_ARCH, "os", "linux", "config", config_section(img),
			 "rootfs", "type", "layers", "diff_ids", diff_ids(img->layers), "history",
			 history_section(img, created_by));
	if (root == NULL || !json_is_object(json_object_get(root, "config")) ||
	    !json_is_array(json_object_get(json_object_get(root, "rootfs"), "diff_ids")) ||
	    !json_is_array(json_object_get(root, "history")) ||
	    set_str(root, "author", img->author) < 0) {
		sixd_error_set(err, EINVAL,
			       "cannot make the image config (is every string UTF-8?)");
		return NULL;
	}
	text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
	if (text == NULL)
		sixd_error_set(err, ENOMEM, "cannot make the image config");
	return text;
}

/* A NULL-terminated copy of a JSON array of strings (null or missing: empty). */
static char **json_to_strv(json_t *arr, bool *ok)
{
	_cleanup_strv_ char **v = calloc(1, sizeof(char *));
	size_t i;
	json_t *s;

	*ok = v != NULL && (arr == NULL || json_is_null(arr) || json_is_array(arr));
	if (!*ok)
		return NULL;
	json_array_foreach(arr, i, s)
	{
		if (!json_is_string(s) || sixd_strv_append(&v, json_string_value(s)) < 0) {
			*ok = false;
			return NULL;
		}
	}
	return steal_ptr(v);
}

static char *json_to_str(json_t *s, bool *ok)
{
	char *out;

	if (s != NULL && !json_is_null(s) && !json_is_string(s)) {
		*ok = false;
		return NULL;
	}
	out = strdup(json_is_string(s) ? json_string_value(s) : "");
	*ok = out != NULL;
	return out;
}

/* diff_ids "sha256:<hex>" into bare hex digests. */
static int parse_layers(json_t *rootfs, struct sixd_image *img)
{
	json_t *ids = json_object_get(rootfs, "diff_ids");
	size_t i;
	json_t *d;

	img->layers = calloc(1, sizeof(char *));
	if (img->layers == NULL || !json_is_array(ids))
		return -1;
	json_array_foreach(ids, i, d)
	{
		const char *s = json_string_value(d);

		if (s == NULL || strncmp(s, "sha256:", 7) != 0 || !sixd_valid_id(s + 7) ||
		    sixd_strv_append(&img->layers, s + 7) < 0)
			return -1;
	}
	return 0;
}

/* The "history" array (missing: none); entries with bad types fail. */
static int parse_history(json_t *arr, struct sixd_image *img)
{
	size_t i;
	json_t *h;

	if (arr == NULL || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return -1;
	img->history = calloc(json_array_size(arr) + 1, sizeof(*img->history));
	if (img->history == NULL)
		return -1;
	json_array_foreach(arr, i, h)
	{
		struct sixd_history *e = &img->history[img->n_history++];
		const char *created = json_string_value(json_object_get(h, "created"));
		bool ok[3];

		if (!json_is_object(h))
			return -1;
		if (created == NULL || sixd_parse_rfc3339(created, &e->created) < 0)
			e->created = 0;
		e->created_by = json_to_str(json_object_get(h, "created_by"), &ok[0]);
		e->author = json_to_str(json_object_get(h, "author"), &ok[1]);
		e->comment = json_to_str(json_object_get(h, "comment"), &ok[2]);
		e->empty_layer = json_is_true(json_object_get(h, "empty_layer"));
		if (!ok[0] || !ok[1] || !ok[2])
			return -1;
	}
	return 0;
}

/* The keys of Config.ExposedPorts ({"80/tcp": {}}), an empty array when absent. */
static char **exposed_ports(json_t *obj, bool *ok)
{
	_cleanup_strv_ char **v = calloc(1, sizeof(char *));
	const char *key;
	json_t *val;

	*ok = v != NULL && (obj == NULL || json_is_null(obj) || json_is_object(obj));
	if (!*ok)
		return NULL;
	json_object_foreach(obj, key, val)
	{
		if (sixd_strv_append(&v, key) < 0) {
			*ok = false;
			return NULL;
		}
	}
	return steal_ptr(v);
}

int sixd_image_parse_config(const char *text, struct sixd_image *img, struct sixd_error **err)
{
	json_error_t jerr;
	json_auto_t *root = json_loads(text, 0, &jerr);
	json_t *cfg = json_object_get(root, "config");
	const char *created = json_string_value(json_object_get(root, "created"));
	bool ok[7];

	if (root == NULL)
		return sixd_error_set(err, 0, "invalid image config: %s", jerr.text);
	/* "created" is optional in OCI configs */
	if (created != NULL && sixd_parse_rfc3339(created, &img->created) < 0)
		return sixd_error_set(err, 0, "invalid image config: bad \"created\" time");
	if (parse_layers(json_object_get(root, "rootfs"), img) < 0)
		return sixd_error_set(err, 0, "invalid image config: bad \"rootfs\"");
	img->cmd = json_to_strv(json_object_get(cfg, "Cmd"), &ok[0]);
	img->entrypoint = json_to_strv(json_object_get(cfg, "Entrypoint"), &ok[1]);
	img->env = json_to_strv(json_object_get(cfg, "Env"), &ok[2]);
	img->workdir = json_to_str(json_object_get(cfg, "WorkingDir"), &ok[3]);
	img->user = json_to_str(json_object_get(cfg, "User"), &ok[4]);
	img->exposed = exposed_ports(json_object_get(cfg, "ExposedPorts"), &ok[6]);
	ok[5] = cfg == NULL || json_is_object(cfg) || json_is_null(cfg);
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!ok[i])
			return sixd_error_set(err, 0, "invalid image config: bad \"config\"");
	img->author = json_to_str(json_object_get(root, "author"), &ok[0]);
	if (!ok[0] || parse_history(json_object_get(root, "history"), img) < 0)
		return sixd_error_set(err, 0, "invalid image config: bad \"history\"");
	return 0;
}

int sixd_image_tag_locked(const char *data_root, char *const *names, char *const *ids,
			  struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL, *text = NULL;
	json_auto_t *repos = NULL;
	json_error_t jerr;

	if (asprintf(&path, "%s/repositories.json", data_root) < 0)
		return sixd_error_set(err, ENOMEM, "cannot name images");
	if (access(path, F_OK) == 0) {
		repos = json_load_file(path, 0, &jerr);
		if (!json_is_object(repos))
			return sixd_error_set(err, 0, "cannot read '%s': %s", path,
					      repos ? "not a JSON object" : jerr.text);
	} else {
		repos = json_object();
	}
	if (repos == NULL)
		return sixd_error_set(err, ENOMEM, "cannot name images");
	for (size_t i = 0; names[i]; i++)
		if (json_object_set_new(repos, names[i], json_string(ids[i])) < 0)
			return sixd_error_set(err, ENOMEM, "cannot name image '%s'", names[i]);
	text = json_dumps(repos, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (text == NULL)
		return sixd_error_set(err, ENOMEM, "cannot name images");
	return sixd_write_file_atomic(path, text, strlen(text), 0600, err);
}

/* Point name at id in repositories.json (caller holds the lock). */
static int tag_locked(const char *data_root, const char *name, const char *id,
		      struct sixd_error **err)
{
	return sixd_image_tag_locked(data_root, (char *[]){(char *)name, NULL},
				     (char *[]){(char *)id, NULL}, err);
}

/* Write images/<id>.json; *made tells whether the file is new. */
int sixd_image_store_config_locked(const char *data_root, const char *text, char *id, bool *made,
				   struct sixd_error **err)
{
	_cleanup_free_ char *dir = NULL, *path = NULL;
	unsigned char raw[SHA256_DIGEST_SIZE];
	struct sha256_ctx sha;

	sha256_init(&sha);
	sha256_update(&sha, strlen(text), (const uint8_t *)text);
	sha256_digest(&sha, sizeof(raw), raw);
	sixd_image_hex(raw, sizeof(raw), id);
	if (asprintf(&dir, "%s/images", data_root) < 0 ||
	    asprintf(&path, "%s/%s.json", dir, id) < 0)
		return sixd_error_set(err, ENOMEM, "cannot store image '%s'", id);
	if (sixd_mkdir_p(dir, 0700, err) < 0)
		return -1;
	*made = access(path, F_OK) < 0;
	return sixd_write_file_atomic(path, text, strlen(text), 0600, err);
}

void sixd_image_remove_config_locked(const char *data_root, const char *id)
{
	_cleanup_free_ char *path = NULL;

	if (asprintf(&path, "%s/images/%s.json", data_root, id) >= 0)
		unlink(path);
}

int sixd_image_create_locked(const char *data_root, const struct sixd_image *tmpl,
			     const char *created_by, const char *ref, struct sixd_image **out,
			     struct sixd_error **err)
{
	_cleanup_free_ char *name = NULL, *text = NULL;
	char id[SIXD_ID_LEN + 1];
	struct sixd_image img = *tmpl;
	bool made = false;

	if (ref && sixd_image_normalize_ref(ref, &name, err) < 0)
		return -1;
	if (img.created == 0)
		img.created = sixd_now_ns();
	text = sixd_image_config_json(&img, created_by, err);
	if (text == NULL || sixd_image_store_config_locked(data_root, text, id, &made, err) < 0)
		return -1;
	if (name && tag_locked(data_root, name, id, err) < 0) {
		if (made)
			sixd_image_remove_config_locked(data_root, id);
		return -1;
	}
	if (out && sixd_image_load(data_root, id, out, err) < 0)
		return -1;
	return 0;
}

int sixd_image_import_locked(const char *data_root, const struct sixd_layer_source *src,
			     const struct sixd_image *tmpl, const char *created_by, const char *ref,
			     struct sixd_image **out, struct sixd_error **err)
{
	_cleanup_free_ char *name = NULL;
	char digest[SIXD_ID_LEN + 1];
	char *layers[] = {digest, NULL};
	struct sixd_image img = *tmpl;
	bool made = false;

	/* a bad name fails before anything is unpacked */
	if (ref && sixd_image_normalize_ref(ref, &name, err) < 0)
		return -1;
	if (sixd_layer_import(data_root, src, digest, &made, err) < 0)
		return -1;
	img.layers = layers;
	if (sixd_image_create_locked(data_root, &img, created_by, name, out, err) < 0) {
		if (made)
			sixd_layer_remove(data_root, digest, NULL);
		return -1;
	}
	return 0;
}

int sixd_image_import(const char *data_root, const char *tarball, const char *ref,
		      struct sixd_image **out, struct sixd_error **err)
{
	struct sixd_layer_source src = {.path = tarball};
	struct sixd_image tmpl = {0};
	_cleanup_free_ char *created_by = NULL;
	_cleanup_close_ int lock = -1;

	if (asprintf(&created_by, "sixdocker import %s", tarball) < 0)
		return sixd_error_set(err, ENOMEM, "cannot import '%s'", tarball);
	lock = sixd_image_lock(data_root, err);
	if (lock < 0)
		return -1;
	return sixd_image_import_locked(data_root, &src, &tmpl, created_by, ref, out, err);
}
