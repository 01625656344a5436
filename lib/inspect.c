// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `inspect`: a container record as Docker's inspect JSON (see inspect.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "inspect.h"
#include "lookup.h"
#include "netaddr.h"
#include "state.h"
#include "util.h"

#define ZERO_TIME "0001-01-01T00:00:00Z"

void sixd_inspect_time(int64_t ns, char *buf, size_t len)
{
	char full[64], *dot, *end;

	if (ns == 0) {
		snprintf(buf, len, "%s", ZERO_TIME);
		return;
	}
	sixd_format_rfc3339(ns, full, sizeof(full));
	dot = strchr(full, '.');
	end = dot ? strchr(dot, 'Z') : NULL;
	if (end) {
		while (end[-1] == '0')
			end--;
		if (end == dot + 1)
			end = dot;
		snprintf(end, sizeof(full) - (size_t)(end - full), "Z");
	}
	snprintf(buf, len, "%s", full);
}

static json_t *time_json(int64_t ns)
{
	char buf[64];

	sixd_inspect_time(ns, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *strv_json(char *const *v)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && v && v[i]; i++)
		if (json_array_append_new(arr, json_string(v[i])) < 0)
			return json_decref(arr), NULL;
	return arr;
}

static json_t *state_json(const struct sixd_record *r)
{
	bool running = r->status == SIXD_STATUS_RUNNING;

	return json_pack("{s:s, s:b, s:b, s:b, s:b, s:b, s:i, s:i, s:s, s:o, s:o}", "Status",
			 sixd_status_name(r->status), "Running", running, "Paused", 0, "Restarting",
			 0, "OOMKilled", r->oom_killed, "Dead", 0, "Pid", running ? (int)r->pid : 0,
			 "ExitCode", r->exit_code, "Error", "", "StartedAt", time_json(r->started),
			 "FinishedAt", time_json(r->finished));
}

/* HostConfig.Binds: "src:dst" or "src:dst:ro", null when there is none (as Docker). */
static json_t *binds_json(const struct sixd_record *r)
{
	json_t *arr;

	if (r->n_volumes == 0)
		return json_null();
	arr = json_array();
	for (size_t i = 0; arr && i < r->n_volumes; i++) {
		_cleanup_free_ char *bind = NULL;
		const struct sixd_volume *v = &r->volumes[i];

		if (asprintf(&bind, "%s:%s%s", v->source, v->target, v->readonly ? ":ro" : "") <
			    0 ||
		    json_array_append_new(arr, json_string(bind)) < 0)
			return json_decref(arr), NULL;
	}
	return arr;
}

static json_t *host_config_json(const struct sixd_record *r)
{
	const struct sixd_resources *res = &r->resources;
	json_t *hc = json_pack("{s:o, s:I, s:I, s:I, s:I, s:s, s:o, s:b}", "Binds", binds_json(r),
			       "Memory", (json_int_t)res->memory, "MemorySwap",
			       (json_int_t)res->memory_swap, "NanoCpus", (json_int_t)res->nano_cpus,
			       "CpuShares", (json_int_t)res->cpu_shares, "CpusetCpus",
			       res->cpuset_cpus ? res->cpuset_cpus : "", "PidsLimit",
			       res->pids_limit ? json_integer(res->pids_limit) : json_null(),
			       "AutoRemove", r->auto_remove);

	if (hc && json_object_update_new(hc, sixd_inspect_security(r)) < 0)
		return json_decref(hc), NULL;
	return hc;
}

static json_t *mounts_json(const struct sixd_record *r)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < r->n_volumes; i++) {
		const struct sixd_volume *v = &r->volumes[i];

		if (json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:b, s:s}", "Type",
							 "bind", "Source", v->source, "Destination",
							 v->target, "Mode", v->readonly ? "ro" : "",
							 "RW", !v->readonly, "Propagation",
							 "rprivate")) < 0)
			return json_decref(arr), NULL;
	}
	return arr;
}

static json_t *config_json(const struct sixd_record *r)
{
	return json_pack("{s:s, s:s, s:b, s:b, s:o, s:o, s:s, s:s}", "Hostname",
			 r->hostname ? r->hostname : "", "User", r->user ? r->user : "", "Tty",
			 r->tty, "OpenStdin", r->interactive, "Env", strv_json(r->env), "Cmd",
			 strv_json(r->argv), "Image", r->image ? r->image : "", "WorkingDir",
			 r->workdir ? r->workdir : "");
}

/* {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}: for NetworkSettings.Ports (when
 * running) and HostConfig.PortBindings. */
static json_t *ports_json(const struct sixd_record *r, bool with_exposed)
{
	json_t *obj = json_object();
	struct sixd_port p;
	char key[16], ip[SIXD_IPV4_LEN], port[8];

	for (size_t i = 0; obj && with_exposed && r->net.expose && r->net.expose[i]; i++)
		json_object_set_new(obj, r->net.expose[i], json_null());
	for (size_t i = 0; obj && r->net.ports && r->net.ports[i]; i++) {
		if (sixd_port_parse(r->net.ports[i], &p, NULL) < 0)
			continue;
		snprintf(key, sizeof(key), "%u/%s", p.port, p.proto);
		snprintf(port, sizeof(port), "%u", p.host_port);
		sixd_ipv4_format(p.host_ip, ip);
		if (!json_is_array(json_object_get(obj, key)))
			json_object_set_new(obj, key, json_array());
		json_array_append_new(json_object_get(obj, key),
				      json_pack("{s:s, s:s}", "HostIp", ip, "HostPort", port));
	}
	return obj;
}

static json_t *network_settings_json(const struct sixd_record *r)
{
	bool up = r->status == SIXD_STATUS_RUNNING && r->net.ip;
	const char *ip = up ? r->net.ip : "", *gw = up && r->net.gateway ? r->net.gateway : "";
	int prefix = up ? r->net.prefix_len : 0;
	json_t *nets = json_object();

	if (nets && r->net.mode && strcmp(r->net.mode, "none") != 0)
		json_object_set_new(nets, r->net.mode,
				    json_pack("{s:s, s:s, s:i}", "IPAddress", ip, "Gateway", gw,
					      "IPPrefixLen", prefix));
	return json_pack("{s:s, s:s, s:i, s:o, s:o}", "IPAddress", ip, "Gateway", gw, "IPPrefixLen",
			 prefix, "Ports", up ? ports_json(r, true) : json_object(), "Networks",
			 nets);
}

/* Config.ExposedPorts: {"80/tcp": {}}. */
static json_t *exposed_json(const struct sixd_record *r)
{
	json_t *obj = json_object();

	for (size_t i = 0; obj && r->net.expose && r->net.expose[i]; i++)
		json_object_set_new(obj, r->net.expose[i], json_object());
	return obj;
}

/* NetworkSettings, HostConfig.NetworkMode and .PortBindings, Config.ExposedPorts. */
static int add_network(json_t *obj, const struct sixd_record *r)
{
	json_t *hc = json_object_get(obj, "HostConfig"), *cfg = json_object_get(obj, "Config");

	if (json_object_set_new(obj, "NetworkSettings", network_settings_json(r)) < 0 ||
	    json_object_set_new(hc, "NetworkMode", json_string(r->net.mode ?: "none")) < 0 ||
	    json_object_set_new(hc, "PortBindings", ports_json(r, false)) < 0 ||
	    json_object_set_new(cfg, "ExposedPorts", exposed_json(r)) < 0)
		return -1;
	return 0;
}

json_t *sixd_inspect_record(const struct sixd_record *r, struct sixd_error **err)
{
	_cleanup_free_ char *name = NULL, *image = NULL;
	const char *path = r->argv && r->argv[0] ? r->argv[0] : "";
	json_t *obj;

	if (asprintf(&name, "/%s", r->name) < 0 ||
	    asprintf(&image, "sha256:%s", r->image_id ? r->image_id : "") < 0) {
		sixd_error_set(err, ENOMEM, "cannot inspect '%s'", r->name);
		return NULL;
	}
	obj = json_pack("{s:s, s:o, s:s, s:o, s:o, s:s, s:s, s:s, s:i, s:s, s:s, s:o, s:o, s:o}",
			"Id", r->id, "Created", time_json(r->created), "Path", path, "Args",
			strv_json(r->argv && r->argv[0] ? r->argv + 1 : NULL), "State",
			state_json(r), "Image", image, "LogPath", r->log_path ? r->log_path : "",
			"Name", name, "RestartCount", 0, "Driver", "overlay", "Platform", "linux",
			"HostConfig", host_config_json(r), "Mounts", mounts_json(r), "Config",
			config_json(r));
	if (obj && add_network(obj, r) < 0)
		json_decref(obj), obj = NULL;
	if (obj == NULL)
		sixd_error_set(err, ENOMEM, "cannot inspect '%s'", r->name);
	return obj;
}

json_t *sixd_inspect_container(struct sixd_store *s, const char *ref, struct sixd_error **err)
{
	struct sixd_record r;
	json_t *obj = NULL;

	if (sixd_store_lookup(s, ref, &r, err) < 0)
		return NULL;
	if (sixd_container_reconcile(s, &r, err) >= 0)
		obj = sixd_inspect_record(&r, err);
	sixd_record_free(&r);
	return obj;
}
