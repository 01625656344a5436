// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Network records, their address pools and their bridges (see network.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "ipam.h"
#include "log.h"
#include "netlink.h"
#include "network.h"
#include "nft.h"
#include "util.h"

void sixd_network_free(struct sixd_network *n)
{
	if (n == NULL)
		return;
	free(n->name);
	free(n->bridge);
	json_decref(n->endpoints);
	memset(n, 0, sizeof(*n));
}

bool sixd_network_builtin(const char *name)
{
	return strcmp(name, "host") == 0 || strcmp(name, "none") == 0;
}

static char *net_path(struct sixd_store *s, const char *name)
{
	char *p = NULL;

	if (asprintf(&p, "%s/networks%s%s%s", s->data_root, name ? "/" : "", name ? name : "",
		     name && strcmp(name, "lock") != 0 ? ".json" : "") < 0)
		return NULL;
	return p;
}

int sixd_network_lock(struct sixd_store *s, struct sixd_error **err)
{
	_cleanup_free_ char *dir = net_path(s, NULL), *path = net_path(s, "lock");
	int fd;

	if (dir == NULL || path == NULL)
		return sixd_error_set(err, ENOMEM, "cannot lock the networks");
	if (sixd_mkdir_p(dir, 0700, err) < 0)
		return -1;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return sixd_error_set(err, errno, "cannot open '%s'", path);
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			int saved = errno;

			close(fd);
			return sixd_error_set(err, saved, "cannot lock '%s'", path);
		}
	}
	return fd;
}

/* The id of a network made by sixdocker itself: sha256 of its name, as hex. */
void sixd_network_builtin_id(const char *name, char id[65])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, strlen(name), (const uint8_t *)name);
	sha256_digest(&ctx, sizeof(digest), digest);
	for (size_t i = 0; i < sizeof(digest); i++)
		snprintf(id + 2 * i, 3, "%02x", digest[i]);
}

static int from_json(json_t *root, struct sixd_network *n)
{
	const char *name = json_string_value(json_object_get(root, "name"));
	const char *id = json_string_value(json_object_get(root, "id"));
	const char *bridge = json_string_value(json_object_get(root, "bridge"));
	const char *subnet = json_string_value(json_object_get(root, "subnet"));
	const char *gw = json_string_value(json_object_get(root, "gateway"));
	const char *created = json_string_value(json_object_get(root, "created"));
	json_t *eps = json_object_get(root, "endpoints");

	if (!name || !id || !sixd_valid_id(id) || !bridge || !subnet || !gw ||
	    sixd_cidr_parse(subnet, &n->subnet, false, NULL) < 0 ||
	    sixd_ipv4_parse(gw, &n->gateway) < 0 || !json_is_object(eps))
		return -1;
	n->name = strdup(name);
	n->bridge = strdup(bridge);
	memcpy(n->id, id, sizeof(n->id));
	if (created == NULL || sixd_parse_rfc3339(created, &n->created) < 0)
		n->created = 0;
	n->endpoints = json_incref(eps);
	return n->name && n->bridge ? 0 : -1;
}

int sixd_network_load(struct sixd_store *s, const char *name, struct sixd_network *n,
		      struct sixd_error **err)
{
	_cleanup_free_ char *path = net_path(s, name);
	json_auto_t *root = NULL;
	json_error_t jerr;

	if (path == NULL)
		return sixd_error_set(err, ENOMEM, "cannot read network '%s'", name);
	if (!sixd_valid_name(name) || access(path, F_OK) < 0)
		return 0;
	root = json_load_file(path, 0, &jerr);
	memset(n, 0, sizeof(*n));
	if (root == NULL || from_json(root, n) < 0) {
		sixd_network_free(n);
		return sixd_error_set(err, EINVAL, "corrupt network record '%s'", path);
	}
	return 1;
}

/*
 * On a full data root (ENOSPC, EDQUOT) a network file that shrinks (an endpoint
 * released) is rewritten in place, which takes no new block: rm on a full disk
 * still releases the container's address.  Not atomic, so only then.
 */
static int save_in_place(const char *path, const char *text)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(text);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0 || (off_t)len > st.st_size)
		return -1;
	if (pwrite(fd, text, len, 0) != (ssize_t)len || ftruncate(fd, (off_t)len) < 0)
		return -1;
	return 0;
}

int sixd_network_save(struct sixd_store *s, const struct sixd_network *n, bool durable,
		      struct sixd_error **err)
{
	_cleanup_free_ char *path = net_path(s, n->name), *text = NULL;
	struct sixd_error *werr = NULL;
	char subnet[SIXD_CIDR_LEN], gw[SIXD_IPV4_LEN], created[64];
	json_auto_t *root = NULL;

	sixd_cidr_format(&n->subnet, subnet);
	sixd_ipv4_format(n->gateway, gw);
	sixd_format_rfc3339(n->created, created, sizeof(created));
	root = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:O}", "name", n->name, "id", n->id,
			 "driver", "bridge", "bridge", n->bridge, "subnet", subnet, "gateway", gw,
			 "created", created, "endpoints", n->endpoints);
	if (path == NULL || root == NULL ||
	    (text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS)) == NULL)
		return sixd_error_set(err, ENOMEM, "cannot write network '%s'", n->name);
	if (durable)
		return sixd_write_file_atomic(path, text, strlen(text), 0600, err);
	if (sixd_write_file_replace(path, text, strlen(text), 0600, &werr) == 0)
		return 0;
	if (sixd_error_no_room(werr) && save_in_place(path, text) == 0) {
		sixd_error_free(&werr);
		return 0;
	}
	if (err)
		*err = steal_ptr(werr);
	sixd_error_free(&werr);
	return -1;
}

/* Every subnet in use: the other networks', and (for a picked one) the routes. */
static int taken_subnets(struct sixd_store *s, bool routes, struct sixd_cidr **out, size_t *n,
			 struct sixd_error **err)
{
	struct sixd_network *list = NULL;
	size_t count = 0;
	struct sixd_nl nl = {0};

	*out = NULL;
	*n = 0;
	if (routes) {
		if (sixd_nl_open(&nl, err) < 0)
			return -1;
		int rc = sixd_nl_routes(&nl, out, n, err);

		sixd_nl_close(&nl);
		if (rc < 0)
			return -1;
	}
	if (sixd_network_list(s, &list, &count, err) < 0)
		return free(*out), -1;
	for (size_t i = 0; i < count; i++) {
		struct sixd_cidr *grown = realloc(*out, (*n + 1) * sizeof(*grown));

		if (grown)
			grown[(*n)++] = list[i].subnet, *out = grown;
		sixd_network_free(&list[i]);
	}
	free(list);
	return 0;
}

/* Subnet and gateway of a new network: given (checked), or picked. */
static int plan_subnet(struct sixd_store *s, struct sixd_network *n, const char *subnet,
		       const char *gateway, struct sixd_error **err)
{
	_cleanup_free_ struct sixd_cidr *taken = NULL;
	size_t nt = 0;

	if (subnet && sixd_cidr_parse(subnet, &n->subnet, true, err) < 0)
		return -1;
	if (taken_subnets(s, subnet == NULL, &taken, &nt, err) < 0)
		return -1;
	if (subnet == NULL && sixd_ipam_pick_subnet(taken, nt, &n->subnet) < 0)
		return sixd_error_set(err, 0, "no free subnet left for network '%s'", n->name);
	for (size_t i = 0; subnet && i < nt; i++)
		if (sixd_cidr_overlap(&n->subnet, &taken[i]))
			return sixd_error_set(err, 0,
					      "invalid subnet '%s': it overlaps another network's",
					      subnet);
	n->gateway = sixd_ipam_gateway(&n->subnet);
	if (gateway == NULL)
		return 0;
	if (sixd_ipv4_parse(gateway, &n->gateway) < 0 ||
	    !sixd_cidr_contains(&n->subnet, n->gateway) || n->gateway == n->subnet.addr ||
	    n->gateway == sixd_cidr_last(&n->subnet))
		return sixd_error_set(err, EINVAL, "invalid gateway '%s' for subnet %s", gateway,
				      subnet ? subnet : "(picked)");
	return 0;
}

/* A new network record in *n (not saved); the caller holds the lock. */
static int make_network(struct sixd_store *s, const char *name, const char *subnet,
			const char *gateway, struct sixd_network *n, struct sixd_error **err)
{
	bool dflt = strcmp(name, SIXD_NETWORK_DEFAULT) == 0;

	memset(n, 0, sizeof(*n));
	if (dflt && subnet == NULL)
		subnet = getenv("SIXDOCKER_BRIDGE_SUBNET");
	if (dflt && subnet && *subnet == '\0')
		subnet = NULL;
	n->name = strdup(name);
	n->endpoints = json_object();
	n->created = sixd_now_ns();
	if (dflt)
		sixd_network_builtin_id(name, n->id);
	else if (sixd_gen_id(n->id, err) < 0)
		return -1;
	if (dflt)
		n->bridge = strdup(SIXD_BRIDGE_DEFAULT);
	else if (asprintf(&n->bridge, "br-%.12s", n->id) < 0)
		n->bridge = NULL;
	if (!n->name || !n->endpoints || !n->bridge)
		return sixd_error_set(err, ENOMEM, "cannot make network '%s'", name);
	return plan_subnet(s, n, subnet, gateway, err);
}

int sixd_network_get(struct sixd_store *s, const char *name, struct sixd_network *n,
		     struct sixd_error **err)
{
	int found = sixd_network_load(s, name, n, err);

	if (found != 0)
		return found < 0 ? -1 : 0;
	if (strcmp(name, SIXD_NETWORK_DEFAULT) != 0)
		return sixd_error_set(err, 0, "network %s not found", name);
	if (make_network(s, name, NULL, NULL, n, err) < 0 ||
	    sixd_network_save(s, n, true, err) < 0) {
		sixd_network_free(n);
		return sixd_error_wrap(err, "default network");
	}
	return 0;
}

int sixd_network_create(struct sixd_store *s, const char *name, const char *subnet,
			const char *gateway, char id[65], struct sixd_error **err)
{
	_cleanup_close_ int lock = -1;
	struct sixd_network n = {0};
	int rc;

	if (!sixd_valid_name(name))
		return sixd_error_set(err, EINVAL,
				      "invalid network name \"%s\": only [a-zA-Z0-9][a-zA-Z0-9_.-] "
				      "are allowed",
				      name);
	if (sixd_network_builtin(name) || strcmp(name, SIXD_NETWORK_DEFAULT) == 0)
		return sixd_error_set(err, 0, "network with name %s already exists", name);
	lock = sixd_network_lock(s, err);
	if (lock < 0)
		return -1;
	/* the default network takes its subnet first, as Docker's bridge has 172.17.0.0/16 */
	rc = sixd_network_get(s, SIXD_NETWORK_DEFAULT, &n, err);
	sixd_network_free(&n);
	if (rc == 0)
		rc = sixd_network_load(s, name, &n, err);
	if (rc != 0) {
		sixd_network_free(&n);
		return rc < 0 ? -1
			      : sixd_error_set(err, 0, "network with name %s already exists", name);
	}
	rc = make_network(s, name, subnet, gateway, &n, err);
	if (rc == 0)
		rc = sixd_network_save(s, &n, true, err);
	if (rc == 0)
		memcpy(id, n.id, 65);
	sixd_network_free(&n);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	const struct sixd_network *x = a, *y = b;
	int dx = strcmp(x->name, SIXD_NETWORK_DEFAULT) == 0;
	int dy = strcmp(y->name, SIXD_NETWORK_DEFAULT) == 0;

	return dx != dy ? dy - dx : strcmp(x->name, y->name);
}

static int list_add(struct sixd_store *s, const char *name, struct sixd_network **out, size_t *n,
		    struct sixd_error **err)
{
	struct sixd_network *grown = realloc(*out, (*n + 1) * sizeof(*grown));

	if (grown == NULL)
		return sixd_error_set(err, ENOMEM, "cannot list the networks");
	*out = grown;
	if (sixd_network_load(s, name, &grown[*n], err) < 0)
		return -1;
	(*n)++;
	return 0;
}

int sixd_network_list(struct sixd_store *s, struct sixd_network **out, size_t *n,
		      struct sixd_error **err)
{
	_cleanup_free_ char *dir = net_path(s, NULL);
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *e;

	*out = NULL;
	*n = 0;
	if (dir == NULL)
		return sixd_error_set(err, ENOMEM, "cannot list the networks");
	d = opendir(dir);
	if (d == NULL)
		return errno == ENOENT ? 0 : sixd_error_set(err, errno, "cannot read '%s'", dir);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		_cleanup_free_ char *name = NULL;

		if (len <= 5 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		name = strndup(e->d_name, len - 5);
		if (name == NULL || list_add(s, name, out, n, err) < 0) {
			for (size_t i = 0; i < *n; i++)
				sixd_network_free(&(*out)[i]);
			free(*out);
			*out = NULL;
			*n = 0;
			return name ? -1 : sixd_error_set(err, ENOMEM, "cannot list the networks");
		}
	}
	if (*n > 1) /* *out is NULL when there is none */
		qsort(*out, *n, sizeof(**out), by_name);
	return 0;
}

void sixd_network_drop_stale(struct sixd_store *s, struct sixd_network *n)
{
	const char *id;
	json_t *ep;
	void *tmp;

	json_object_foreach_safe(n->endpoints, tmp, id, ep)
	{
		_cleanup_free_ char *dir = sixd_store_container_dir(s, id), *tag = NULL;

		if (dir == NULL || access(dir, F_OK) == 0 || errno != ENOENT)
			continue;
		if (json_array_size(json_object_get(ep, "ports")) > 0 &&
		    asprintf(&tag, "sixd:%s", id) >= 0)
			sixd_nft_delete_tagged("ports", tag, NULL);
		json_object_del(n->endpoints, id);
	}
}

int sixd_network_remove(struct sixd_store *s, const char *name, struct sixd_error **err)
{
	_cleanup_close_ int lock = -1;
	_cleanup_free_ char *path = net_path(s, name), *tag = NULL;
	struct sixd_network n = {0};
	struct sixd_nl nl = {0};
	int rc;

	if (sixd_network_builtin(name) || strcmp(name, SIXD_NETWORK_DEFAULT) == 0)
		return sixd_error_set(err, 0, "%s is a pre-defined network and cannot be removed",
				      name);
	lock = sixd_network_lock(s, err);
	if (lock < 0)
		return -1;
	rc = sixd_network_load(s, name, &n, err);
	if (rc <= 0)
		return rc < 0 ? -1 : sixd_error_set(err, 0, "network %s not found", name);
	sixd_network_drop_stale(s, &n);
	if (json_object_size(n.endpoints) > 0) {
		rc = sixd_error_set(err, 0,
				    "error while removing network: network %s has active endpoints",
				    name);
	} else if (asprintf(&tag, "sixd-net:%s", name) < 0 || path == NULL) {
		rc = sixd_error_set(err, ENOMEM, "cannot remove network %s", name);
	} else if (sixd_nft_delete_tagged("postrouting", tag, err) < 0 ||
		   sixd_nl_open(&nl, err) < 0 || sixd_nl_link_del(&nl, n.bridge, err) < 0) {
		rc = -1;
	} else if (unlink(path) < 0 && errno != ENOENT) {
		rc = sixd_error_set(err, errno, "cannot remove '%s'", path);
	} else {
		rc = 0;
	}
	sixd_nl_close(&nl);
	sixd_network_free(&n);
	return rc;
}

static json_t *containers_json(const struct sixd_network *n)
{
	json_t *out = json_object(), *ep;
	const char *id;

	json_object_foreach(n->endpoints, id, ep)
	{
		_cleanup_free_ char *cidr = NULL;

		if (asprintf(&cidr, "%s/%d", json_string_value(json_object_get(ep, "ip")) ?: "",
			     n->subnet.prefix) < 0)
			continue;
		json_object_set_new(out, id,
				    json_pack("{s:O, s:s}", "Name", json_object_get(ep, "name"),
					      "IPv4Address", cidr));
	}
	return out;
}

/* Load name; "bridge" is made on first use (under the lock). */
static int load_or_default(struct sixd_store *s, const char *name, struct sixd_network *n,
			   struct sixd_error **err)
{
	_cleanup_close_ int lock = -1;
	int found = sixd_network_load(s, name, n, err);

	if (found != 0 || strcmp(name, SIXD_NETWORK_DEFAULT) != 0)
		return found < 0 ? -1
		       : found	 ? 0
				 : sixd_error_set(err, 0, "network %s not found", name);
	lock = sixd_network_lock(s, err);
	return lock < 0 ? -1 : sixd_network_get(s, name, n, err);
}

json_t *sixd_network_inspect(struct sixd_store *s, const char *name, struct sixd_error **err)
{
	struct sixd_network n = {0};
	char subnet[SIXD_CIDR_LEN], gw[SIXD_IPV4_LEN], created[64];
	json_t *obj;

	if (load_or_default(s, name, &n, err) < 0)
		return NULL;
	sixd_cidr_format(&n.subnet, subnet);
	sixd_ipv4_format(n.gateway, gw);
	sixd_format_rfc3339(n.created, created, sizeof(created));
	obj = json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:[{s:s, s:s}]}, s:b, s:o, s:{s:s}}",
			"Name", n.name, "Id", n.id, "Created", created, "Scope", "local", "Driver",
			"bridge", "IPAM", "Driver", "default", "Config", "Subnet", subnet,
			"Gateway", gw, "Internal", 0, "Containers", containers_json(&n), "Options",
			"com.docker.network.bridge.name", n.bridge);
	sixd_network_free(&n);
	if (obj == NULL)
		sixd_error_set(err, ENOMEM, "cannot inspect network %s", name);
	return obj;
}

/* The bridge with its address, forwarding, route_localnet, the nat rules, then up. */
static int bring_up(const struct sixd_network *n, struct sixd_error **err)
{
	_cleanup_free_ char *localnet = NULL, *rules = NULL, *tag = NULL;
	struct sixd_nl nl = {0};
	unsigned int index;
	int rc = -1;

	if (asprintf(&localnet, "/proc/sys/net/ipv4/conf/%s/route_localnet", n->bridge) < 0 ||
	    asprintf(&tag, "sixd-net:%s", n->name) < 0 ||
	    (rules = sixd_nft_network_text(n->name, n->bridge, &n->subnet)) == NULL)
		return sixd_error_set(err, ENOMEM, "cannot set up network %s", n->name);
	if (sixd_nl_open(&nl, err) < 0)
		return -1;
	if (sixd_nl_bridge_add(&nl, n->bridge, err) < 0)
		goto out;
	index = if_nametoindex(n->bridge);
	if (index == 0) {
		sixd_error_set(err, errno, "cannot find the bridge '%s'", n->bridge);
		goto out;
	}
	if (sixd_nl_addr_add(&nl, index, n->gateway, n->subnet.prefix, err) < 0 ||
	    sixd_write_string("/proc/sys/net/ipv4/ip_forward", "1", err) < 0 ||
	    sixd_write_string(localnet, "1", err) < 0 || sixd_nft_ensure_base(err) < 0 ||
	    sixd_nft_delete_tagged("postrouting", tag, err) < 0 || sixd_nft_run(rules, err) < 0 ||
	    sixd_nl_link_up(&nl, index, err) < 0)
		goto out;
	rc = 0;
out:
	sixd_nl_close(&nl);
	return rc < 0 ? sixd_error_wrap(err, "network %s", n->name) : 0;
}

static bool bridge_up(const char *name)
{
	unsigned int flags;

	return sixd_nl_link_flags(name, &flags) == 0 && (flags & IFF_UP);
}

int sixd_network_ensure_up(struct sixd_store *s, const struct sixd_network *n,
			   struct sixd_error **err)
{
	_cleanup_close_ int lock = -1;

	if (bridge_up(n->bridge))
		return 0;
	lock = sixd_network_lock(s, err);
	if (lock < 0)
		return -1;
	if (bridge_up(n->bridge))
		return 0;
	return bring_up(n, err);
}
