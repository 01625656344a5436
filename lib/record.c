// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The container record <-> JSON (jansson).
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "store.h"
#include "util.h"

static void net_free(struct sixd_record_net *n)
{
	_cleanup_strv_ char **ports = n->ports, **expose = n->expose;

	free(n->mode);
	free(n->ip);
	free(n->gateway);
}

void sixd_record_free(struct sixd_record *r)
{
	_cleanup_strv_ char **argv = r->argv, **env = r->env;
	_cleanup_strv_ char **cap_add = r->cap_add, **cap_drop = r->cap_drop;
	_cleanup_strv_ char **security_opt = r->security_opt;
	_cleanup_strv_ char **tmpfs = r->tmpfs, **ulimits = r->ulimits, **devices = r->devices;

	free(r->name);
	free(r->image);
	free(r->image_id);
	free(r->workdir);
	free(r->user);
	free(r->hostname);
	free(r->resources.cpuset_cpus);
	for (size_t i = 0; i < r->n_volumes; i++) {
		free(r->volumes[i].source);
		free(r->volumes[i].target);
	}
	free(r->volumes);
	free(r->cgroup_parent);
	free(r->log_path);
	net_free(&r->net);
	memset(r, 0, sizeof(*r));
}

static json_t *strv_to_json(char *const *v)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && v && v[i]; i++)
		json_array_append_new(arr, json_string(v[i]));
	return arr;
}

static json_t *time_to_json(int64_t ns)
{
	char buf[64];

	if (ns == 0)
		return json_null();
	sixd_format_rfc3339(ns, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *volumes_to_json(const struct sixd_record *r)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < r->n_volumes; i++)
		json_array_append_new(
			arr, json_pack("{s:s, s:s, s:b}", "source", r->volumes[i].source, "target",
				       r->volumes[i].target, "readonly", r->volumes[i].readonly));
	return arr;
}

static json_t *resources_to_json(const struct sixd_resources *res)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:s?}", "memory", (json_int_t)res->memory,
			 "memory_swap", (json_int_t)res->memory_swap, "nano_cpus",
			 (json_int_t)res->nano_cpus, "cpu_shares", (json_int_t)res->cpu_shares,
			 "pids_limit", (json_int_t)res->pids_limit, "cpuset_cpus",
			 res->cpuset_cpus);
}

static json_t *net_to_json(const struct sixd_record_net *n)
{
	return json_pack("{s:s?, s:s?, s:i, s:s?, s:o, s:o}", "mode", n->mode, "ip", n->ip,
			 "prefix_len", n->prefix_len, "gateway", n->gateway, "ports",
			 strv_to_json(n->ports), "expose", strv_to_json(n->expose));
}

char *sixd_record_to_json(const struct sixd_record *r, struct sixd_error **err)
{
	json_auto_t *root = NULL;
	json_error_t jerr;
	char *text;

	root = json_pack_ex(
		&jerr, 0,
		"{s:s, s:s, s:s?, s:s?, s:o, s:o, s:s?, s:s?, s:s?, s:b, s:b, s:b, s:b, s:o, s:o, "
		"s:o, s:s, s:i, s:I, s:i, s:I, s:i, s:b, s:i, s:i, s:o, s:o, s:s?, s:s?, s:I, s:i, "
		"s:o, s:o, s:o, s:b, s:b, s:o, s:o, s:i, s:o}",
		"id", r->id, "name", r->name, "image", r->image, "image_id", r->image_id, "command",
		strv_to_json(r->argv), "env", strv_to_json(r->env), "workdir", r->workdir, "user",
		r->user, "hostname", r->hostname, "tty", r->tty, "interactive", r->interactive,
		"detach", r->detach, "auto_remove", r->auto_remove, "created",
		time_to_json(r->created), "started", time_to_json(r->started), "finished",
		time_to_json(r->finished), "status", sixd_status_name(r->status), "pid",
		(int)r->pid, "pid_start", (json_int_t)r->pid_start, "monitor_pid",
		(int)r->monitor_pid, "monitor_start", (json_int_t)r->monitor_start, "exit_code",
		r->exit_code, "oom_killed", r->oom_killed, "stop_signal", r->stop_signal,
		"stop_timeout", r->stop_timeout, "resources", resources_to_json(&r->resources),
		"volumes", volumes_to_json(r), "cgroup_parent", r->cgroup_parent, "log_path",
		r->log_path, "log_max_size", (json_int_t)r->log_max_size, "log_max_file",
		r->log_max_file, "cap_add", strv_to_json(r->cap_add), "cap_drop",
		strv_to_json(r->cap_drop), "security_opt", strv_to_json(r->security_opt),
		"privileged", r->privileged, "read_only", r->read_only, "tmpfs",
		strv_to_json(r->tmpfs), "ulimits", strv_to_json(r->ulimits), "oom_score_adj",
		r->oom_score_adj, "devices", strv_to_json(r->devices));
	if (root == NULL || json_object_set_new(root, "network", net_to_json(&r->net)) < 0) {
		sixd_error_set(err, EINVAL, "cannot encode the record of '%s': %s", r->name,
			       root ? "network" : jerr.text);
		return NULL;
	}
	text = json_dumps(root, JSON_INDENT(2));
	if (text == NULL)
		sixd_error_set(err, ENOMEM, "cannot encode the record of '%s'", r->name);
	return text;
}

static char *dup_str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? strdup(s) : NULL;
}

static char **dup_strv(json_t *arr)
{
	char **v = calloc(json_array_size(arr) + 1, sizeof(char *));
	size_t i;
	json_t *item;

	if (v == NULL)
		return NULL;
	json_array_foreach(arr, i, item) v[i] = strdup(json_string_value(item) ?: "");
	return v;
}

static int64_t get_time(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	int64_t ns = 0;

	if (s && sixd_parse_rfc3339(s, &ns) < 0)
		ns = 0;
	return ns;
}

static int64_t get_int(json_t *obj, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(obj, key));
}

static void resources_from_json(json_t *res, struct sixd_resources *out)
{
	out->memory = get_int(res, "memory");
	out->memory_swap = get_int(res, "memory_swap");
	out->nano_cpus = get_int(res, "nano_cpus");
	out->cpu_shares = get_int(res, "cpu_shares");
	out->pids_limit = get_int(res, "pids_limit");
	out->cpuset_cpus = dup_str(res, "cpuset_cpus");
}

static int volumes_from_json(json_t *arr, struct sixd_record *r)
{
	size_t i;
	json_t *v;

	r->volumes = calloc(json_array_size(arr) + 1, sizeof(*r->volumes));
	if (r->volumes == NULL)
		return -1;
	json_array_foreach(arr, i, v)
	{
		r->volumes[i].source = dup_str(v, "source");
		r->volumes[i].target = dup_str(v, "target");
		r->volumes[i].readonly = json_is_true(json_object_get(v, "readonly"));
		r->n_volumes++;
	}
	return 0;
}

static int net_from_json(json_t *obj, struct sixd_record_net *n)
{
	n->mode = dup_str(obj, "mode");
	n->ip = dup_str(obj, "ip");
	n->prefix_len = (int)get_int(obj, "prefix_len");
	n->gateway = dup_str(obj, "gateway");
	n->ports = dup_strv(json_object_get(obj, "ports"));
	n->expose = dup_strv(json_object_get(obj, "expose"));
	return n->ports && n->expose ? 0 : -1;
}

int sixd_record_from_json(const char *text, struct sixd_record *r, struct sixd_error **err)
{
	json_auto_t *root = NULL;
	json_error_t jerr;
	const char *id;

	memset(r, 0, sizeof(*r));
	root = json_loads(text, 0, &jerr);
	if (root == NULL || !json_is_object(root))
		return sixd_error_set(err, EINVAL, "corrupt container record: %s",
				      root ? "not an object" : jerr.text);
	id = json_string_value(json_object_get(root, "id"));
	if (id == NULL || !sixd_valid_id(id))
		return sixd_error_set(err, EINVAL, "corrupt container record: bad id");
	memcpy(r->id, id, SIXD_ID_LEN + 1);
	r->name = dup_str(root, "name");
	r->image = dup_str(root, "image");
	r->image_id = dup_str(root, "image_id");
	r->argv = dup_strv(json_object_get(root, "command"));
	r->env = dup_strv(json_object_get(root, "env"));
	r->workdir = dup_str(root, "workdir");
	r->user = dup_str(root, "user");
	r->hostname = dup_str(root, "hostname");
	r->tty = json_is_true(json_object_get(root, "tty"));
	r->interactive = json_is_true(json_object_get(root, "interactive"));
	r->detach = json_is_true(json_object_get(root, "detach"));
	r->auto_remove = json_is_true(json_object_get(root, "auto_remove"));
	r->created = get_time(root, "created");
	r->started = get_time(root, "started");
	r->finished = get_time(root, "finished");
	if (sixd_status_parse(json_string_value(json_object_get(root, "status")), &r->status) < 0)
		r->status = SIXD_STATUS_CREATED;
	r->pid = (pid_t)get_int(root, "pid");
	r->pid_start = (uint64_t)get_int(root, "pid_start");
	r->monitor_pid = (pid_t)get_int(root, "monitor_pid");
	r->monitor_start = (uint64_t)get_int(root, "monitor_start");
	r->exit_code = (int)get_int(root, "exit_code");
	r->oom_killed = json_is_true(json_object_get(root, "oom_killed"));
	r->stop_signal = (int)get_int(root, "stop_signal");
	r->stop_timeout =
		json_object_get(root, "stop_timeout") ? (int)get_int(root, "stop_timeout") : -1;
	resources_from_json(json_object_get(root, "resources"), &r->resources);
	r->cgroup_parent = dup_str(root, "cgroup_parent");
	r->log_path = dup_str(root, "log_path");
	r->log_max_size = get_int(root, "log_max_size");
	r->log_max_file = (int)get_int(root, "log_max_file");
	r->cap_add = dup_strv(json_object_get(root, "cap_add"));
	r->cap_drop = dup_strv(json_object_get(root, "cap_drop"));
	r->security_opt = dup_strv(json_object_get(root, "security_opt"));
	r->privileged = json_is_true(json_object_get(root, "privileged"));
	r->read_only = json_is_true(json_object_get(root, "read_only"));
	r->tmpfs = dup_strv(json_object_get(root, "tmpfs"));
	r->ulimits = dup_strv(json_object_get(root, "ulimits"));
	r->oom_score_adj = (int)get_int(root, "oom_score_adj");
	r->devices = dup_strv(json_object_get(root, "devices"));
	if (r->name == NULL || r->argv == NULL || r->env == NULL || r->cap_add == NULL ||
	    r->cap_drop == NULL || r->security_opt == NULL || r->tmpfs == NULL ||
	    r->ulimits == NULL || r->devices == NULL ||
	    volumes_from_json(json_object_get(root, "volumes"), r) < 0 ||
	    net_from_json(json_object_get(root, "network"), &r->net) < 0) {
		sixd_record_free(r);
		return sixd_error_set(err, EINVAL, "corrupt container record of '%s'", id);
	}
	return 0;
}
