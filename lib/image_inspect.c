// SPDX-License-Identifier: GPL-2.0-or-later
/* image inspect: an image as `docker image inspect` shows it, from its stored config. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "cleanup.h"
#include "image.h"
#include "util.h"

static void image_freep(struct sixd_image **img)
{
	sixd_image_free(*img);
	*img = NULL;
}

#define _cleanup_image_ _cleanup_(image_freep)

static json_t *strv_json(char *const *v)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && v && v[i]; i++)
		if (json_array_append_new(arr, json_string(v[i])) < 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

/* The string member key of obj, or "". */
static const char *str_or_empty(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

/* Docker's fields from the config (kept as it is: labels and the like stay). */
static json_t *inspect_object(const struct sixd_image *img, json_t *cfg)
{
	json_t *config = json_object_get(cfg, "config");
	json_t *diff_ids = json_object_get(json_object_get(cfg, "rootfs"), "diff_ids");
	const char *comment = img->n_history ? img->history[img->n_history - 1].comment : "";

	return json_pack("{s:s+, s:o, s:[], s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:I, "
			 "s:{s:s, s:o}}",
			 "Id", "sha256:", img->id, "RepoTags", strv_json(img->names), "RepoDigests",
			 "Parent", "", "Comment", comment ? comment : "", "Created",
			 str_or_empty(cfg, "created"), "Author", str_or_empty(cfg, "author"),
			 "Config", json_is_object(config) ? json_incref(config) : json_object(),
			 "Architecture", str_or_empty(cfg, "architecture"), "Os",
			 str_or_empty(cfg, "os"), "Size", (json_int_t)img->size, "RootFS", "Type",
			 "layers", "Layers",
			 json_is_array(diff_ids) ? json_incref(diff_ids) : json_array());
}

json_t *sixd_image_inspect(const char *data_root, const char *ref, struct sixd_error **err)
{
	_cleanup_image_ struct sixd_image *img = NULL;
	_cleanup_free_ char *path = NULL;
	json_auto_t *cfg = NULL;
	json_error_t jerr;
	json_t *obj;
	int found = sixd_image_lookup(data_root, ref, &img, err);

	if (found <= 0) {
		if (found == 0)
			sixd_error_set(err, 0, "no such image: %s", ref);
		return NULL;
	}
	if (asprintf(&path, "%s/images/%s.json", data_root, img->id) < 0) {
		sixd_error_set(err, ENOMEM, "cannot inspect image '%s'", ref);
		return NULL;
	}
	cfg = json_load_file(path, 0, &jerr);
	if (cfg == NULL) {
		sixd_error_set(err, 0, "cannot read '%s': %s", path, jerr.text);
		return NULL;
	}
	obj = inspect_object(img, cfg);
	if (obj == NULL)
		sixd_error_set(err, ENOMEM, "cannot inspect image '%s'", ref);
	return obj;
}
