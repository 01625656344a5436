// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `inspect`: the security and hardening fields of HostConfig, as Docker shows
 * them (see inspect.h).
 */
#include <string.h>
#include <sys/resource.h>

#include "cleanup.h"
#include "devices.h"
#include "hardening.h"
#include "inspect.h"

/* A list, or null when empty (Docker's CapAdd, CapDrop, SecurityOpt). */
static json_t *strv_or_null(char *const *v)
{
	json_t *arr;

	if (v == NULL || v[0] == NULL)
		return json_null();
	arr = json_array();
	for (size_t i = 0; arr && v[i]; i++)
		if (json_array_append_new(arr, json_string(v[i])) < 0)
			return json_decref(arr), NULL;
	return arr;
}

static const char *perms_string(unsigned access, char buf[4])
{
	size_t k = 0;

	if (access & SIXD_DEV_READ)
		buf[k++] = 'r';
	if (access & SIXD_DEV_WRITE)
		buf[k++] = 'w';
	if (access & SIXD_DEV_MKNOD)
		buf[k++] = 'm';
	buf[k] = '\0';
	return buf;
}

static json_t *devices_json(const struct sixd_record *r)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && r->devices && r->devices[i]; i++) {
		struct sixd_device d;
		char perms[4];
		int rc;

		if (sixd_device_parse(r->devices[i], &d, NULL) < 0)
			continue; /* checked when the container was made */
		rc = json_array_append_new(
			arr, json_pack("{s:s, s:s, s:s}", "PathOnHost", d.host, "PathInContainer",
				       d.path, "CgroupPermissions", perms_string(d.access, perms)));
		sixd_device_free(&d);
		if (rc < 0)
			return json_decref(arr), NULL;
	}
	return arr;
}

/* {"/run": "rw,noexec"}: the options as given, null without any --tmpfs. */
static json_t *tmpfs_json(const struct sixd_record *r)
{
	json_t *obj;

	if (r->tmpfs == NULL || r->tmpfs[0] == NULL)
		return json_null();
	obj = json_object();
	for (size_t i = 0; obj && r->tmpfs[i]; i++) {
		_cleanup_free_ char *path = strdup(r->tmpfs[i]);
		char *opts = path ? strchr(path, ':') : NULL;

		if (opts)
			*opts++ = '\0';
		if (path == NULL || json_object_set_new(obj, path, json_string(opts ? opts : "")))
			return json_decref(obj), NULL;
	}
	return obj;
}

static json_int_t limit_json(rlim_t v)
{
	return v == RLIM_INFINITY ? -1 : (json_int_t)v;
}

static json_t *ulimits_json(const struct sixd_record *r)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && r->ulimits && r->ulimits[i]; i++) {
		_cleanup_free_ char *name = strndup(r->ulimits[i], strcspn(r->ulimits[i], "="));
		struct sixd_ulimit u;

		if (name == NULL || sixd_ulimit_parse(r->ulimits[i], &u, NULL) < 0)
			continue;
		if (json_array_append_new(arr, json_pack("{s:s, s:I, s:I}", "Name", name, "Hard",
							 limit_json(u.lim.rlim_max), "Soft",
							 limit_json(u.lim.rlim_cur))) < 0)
			return json_decref(arr), NULL;
	}
	return arr;
}

json_t *sixd_inspect_security(const struct sixd_record *r)
{
	return json_pack("{s:b, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:i}", "Privileged",
			 r->privileged, "CapAdd", strv_or_null(r->cap_add), "CapDrop",
			 strv_or_null(r->cap_drop), "SecurityOpt", strv_or_null(r->security_opt),
			 "ReadonlyRootfs", r->read_only, "Devices", devices_json(r), "Tmpfs",
			 tmpfs_json(r), "Ulimits", ulimits_json(r), "OomScoreAdj",
			 r->oom_score_adj);
}
