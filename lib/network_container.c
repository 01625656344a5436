// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A container's network: its endpoint at create, its veth at start, its rules
 * at stop and rm, and its /etc/hostname, /etc/hosts, /etc/resolv.conf (see network.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cleanup.h"
#include "ipam.h"
#include "log.h"
#include "netlink.h"
#include "network.h"
#include "nft.h"
#include "rootfs.h"
#include "util.h"

#define HOST_PORT_FIRST 32768
#define HOST_PORT_LAST 60999

static const char hosts_header[] = "127.0.0.1\tlocalhost\n"
				   "::1\tlocalhost ip6-localhost ip6-loopback\n"
				   "fe00::0\tip6-localnet\n"
				   "ff00::0\tip6-mcastprefix\n"
				   "ff02::1\tip6-allnodes\n"
				   "ff02::2\tip6-allrouters\n";

char *sixd_hosts_text(const struct sixd_host_entry *e, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return NULL;
	fputs(hosts_header, f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\t%s\n", e[i].ip, e[i].names);
	if (fclose(f) != 0)
		return free(buf), NULL;
	return buf;
}

/* A nameserver line naming a loopback address (127.0.0.0/8, ::1): useless in a container. */
static bool loopback_nameserver(const char *line)
{
	char addr[64];

	if (sscanf(line, " nameserver %63s", addr) != 1)
		return false;
	return strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0;
}

char *sixd_resolv_conf_text(const char *host)
{
	_cleanup_free_ char *copy = strdup(host ? host : "");
	char *buf = NULL, *save = NULL;
	bool servers = false;
	size_t len = 0;
	FILE *f;

	if (copy == NULL || (f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (loopback_nameserver(l))
			continue;
		servers |= strncmp(l + strspn(l, " \t"), "nameserver", 10) == 0;
		fprintf(f, "%s\n", l);
	}
	if (!servers)
		fputs("nameserver 8.8.8.8\nnameserver 8.8.4.4\n", f);
	if (fclose(f) != 0)
		return free(buf), NULL;
	return buf;
}

static bool user_defined(const char *mode)
{
	return strcmp(mode, SIXD_NETWORK_DEFAULT) != 0 && !sixd_network_builtin(mode);
}

/* Write a file in place (a bind mount pins the inode: no rename); a missing directory is fine. */
static int write_in_place(const char *path, const char *text, struct sixd_error **err)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return errno == ENOENT ? 0 : sixd_error_set(err, errno, "cannot write '%s'", path);
	if (sixd_write_all(fd, text, strlen(text)) < 0)
		return sixd_error_set(err, errno, "cannot write '%s'", path);
	return 0;
}

static int write_dir_file(const char *dir, const char *name, const char *text,
			  struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;

	if (text == NULL || asprintf(&path, "%s/%s", dir, name) < 0)
		return sixd_error_set(err, ENOMEM, "cannot write the container's %s", name);
	return write_in_place(path, text, err);
}

/* The hosts file of endpoint self of network n: itself by hostname and name, the others by name. */
static char *hosts_for(const struct sixd_network *n, const char *self)
{
	size_t count = json_object_size(n->endpoints), i = 0;
	_cleanup_free_ struct sixd_host_entry *e = calloc(count + 1, sizeof(*e));
	_cleanup_strv_ char **names = calloc(count + 1, sizeof(char *));
	const char *id;
	json_t *ep;

	if (e == NULL || names == NULL)
		return NULL;
	json_object_foreach(n->endpoints, id, ep)
	{
		const char *name = json_string_value(json_object_get(ep, "name")) ?: "";
		const char *host = json_string_value(json_object_get(ep, "hostname")) ?: name;
		bool me = strcmp(id, self) == 0;

		if (me && strcmp(host, name) != 0 && asprintf(&names[i], "%s %s", host, name) < 0)
			return NULL;
		if (names[i] == NULL && (names[i] = strdup(me ? host : name)) == NULL)
			return NULL;
		e[i].ip = json_string_value(json_object_get(ep, "ip")) ?: "";
		e[i].names = names[i];
		i++;
	}
	return sixd_hosts_text(e, i);
}

/*
 * On a user-defined network every endpoint's hosts file names all the others
 * (each in its record's directory; one whose record is gone is skipped).
 */
static int rewrite_hosts(struct sixd_store *s, const struct sixd_network *n,
			 struct sixd_error **err)
{
	const char *id;
	json_t *ep;

	json_object_foreach(n->endpoints, id, ep)
	{
		const char *name = json_string_value(json_object_get(ep, "name"));
		_cleanup_free_ char *dir = NULL, *text = NULL;

		if (name == NULL || *name == '\0')
			continue;
		dir = sixd_store_record_dir(s, name);
		text = hosts_for(n, id);
		if (dir == NULL || write_dir_file(dir, "hosts", text, err) < 0)
			return -1;
	}
	return 0;
}

static const char *const etc_files[] = {"hostname", "hosts", "resolv.conf"};

bool sixd_net_init_layer(const char *dir)
{
	_cleanup_free_ char *probe = NULL;

	return asprintf(&probe, "%s/hostname", dir) >= 0 && access(probe, F_OK) == 0;
}

/*
 * The init layer (see rootfs.h, init_layer): etc/ with an empty file for each
 * bind mount.  It is the same for every container and never written (a lower
 * layer), so one copy at <data>/init serves them all, made once in a
 * temporary directory (named by thread: run's overlay thread may make it too)
 * and renamed into place; a start makes and removes every
 * inode it needs, and on some file systems (ext4 without a journal) each new
 * inode costs more the more were deleted lately.
 */
int sixd_net_init_layer_make(const char *data, struct sixd_error **err)
{
	_cleanup_free_ char *layer = NULL, *probe = NULL, *tmp = NULL, *etc = NULL;

	if (asprintf(&layer, "%s/" SIXD_ROOTFS_INIT, data) < 0 ||
	    asprintf(&probe, "%s/etc/resolv.conf", layer) < 0 ||
	    asprintf(&tmp, "%s/" SIXD_ROOTFS_INIT ".tmp-%d", data, (int)gettid()) < 0 ||
	    asprintf(&etc, "%s/etc", tmp) < 0)
		return sixd_error_set(err, ENOMEM, "cannot make the init layer");
	if (access(probe, F_OK) == 0)
		return 0;
	if (sixd_rm_rf(tmp, err) < 0 || sixd_mkdir_p(etc, 0755, err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(etc_files) / sizeof(etc_files[0]); i++)
		if (write_dir_file(etc, etc_files[i], "", err) < 0)
			return -1;
	if (rename(tmp, layer) < 0 && errno != EEXIST && errno != ENOTEMPTY) {
		sixd_error_set(err, errno, "cannot make the init layer '%s'", layer);
		sixd_rm_rf(tmp, NULL);
		return -1;
	}
	return sixd_rm_rf(tmp, err); /* another start made it first: ours goes */
}

/*
 * The shared init layer, and in the record's directory hostname, resolv.conf,
 * and hosts unless a user-defined network writes it.
 */
static int write_etc(struct sixd_store *s, const struct sixd_record *r, struct sixd_error **err)
{
	_cleanup_free_ char *dir = sixd_store_record_dir(s, r->name);
	_cleanup_free_ char *host_resolv = sixd_read_file("/etc/resolv.conf", NULL, NULL);
	_cleanup_free_ char *resolv = NULL, *hosts = NULL, *hostname = NULL;
	bool host_mode = strcmp(r->net.mode, "host") == 0;
	struct sixd_host_entry self = {.ip = r->net.ip, .names = r->hostname};

	resolv = host_mode ? strdup(host_resolv ? host_resolv : "")
			   : sixd_resolv_conf_text(host_resolv);
	if (host_mode)
		hosts = sixd_read_file("/etc/hosts", NULL, NULL);
	if (hosts == NULL)
		hosts = sixd_hosts_text(&self, r->net.ip ? 1 : 0);
	if (asprintf(&hostname, "%s\n", r->hostname) < 0)
		hostname = NULL;
	if (dir == NULL)
		return sixd_error_set(err, ENOMEM, "cannot write the container's /etc files");
	if (sixd_net_init_layer_make(s->data_root, err) < 0 ||
	    write_dir_file(dir, "hostname", hostname, err) < 0 ||
	    write_dir_file(dir, "resolv.conf", resolv, err) < 0)
		return -1;
	if (user_defined(r->net.mode))
		return 0;
	return write_dir_file(dir, "hosts", hosts, err);
}

/* The exposed ports: the image's (those sixdocker can publish) and --expose, as "PORT/PROTO", each
 * once. */
static int collect_exposed(struct sixd_record *r, const struct sixd_net_opts *o,
			   struct sixd_error **err)
{
	char *const *lists[2] = {o->image_exposed, o->expose};

	r->net.expose = calloc(1, sizeof(char *));
	if (r->net.expose == NULL)
		return sixd_error_set(err, ENOMEM, "cannot record the exposed ports");
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; lists[l] && lists[l][i]; i++) {
			char text[16], proto[4];
			uint16_t port;
			bool dup = false;

			if (sixd_expose_parse(lists[l][i], &port, proto, l ? err : NULL) < 0) {
				if (l)
					return -1;
				continue; /* the image's 5000/sctp: not for -P */
			}
			snprintf(text, sizeof(text), "%u/%s", port, proto);
			for (size_t k = 0; r->net.expose[k]; k++)
				dup |= strcmp(r->net.expose[k], text) == 0;
			if (!dup && sixd_strv_append(&r->net.expose, text) < 0)
				return sixd_error_set(err, ENOMEM,
						      "cannot record the exposed ports");
		}
	return 0;
}

struct port_plan {
	struct sixd_port *v; /* the bindings of every other container, then the new ones */
	size_t n, taken;     /* all, and how many of them are the others' */
};

static int plan_add(struct port_plan *p, const struct sixd_port *port)
{
	struct sixd_port *grown = realloc(p->v, (p->n + 1) * sizeof(*grown));

	if (grown == NULL)
		return -1;
	p->v = grown;
	p->v[p->n++] = *port;
	return 0;
}

/* The ports every network's endpoints hold now. */
static int plan_taken(struct sixd_store *s, struct port_plan *p, struct sixd_error **err)
{
	struct sixd_network *list = NULL;
	size_t count = 0;
	int rc = 0;

	if (sixd_network_list(s, &list, &count, err) < 0)
		return -1;
	for (size_t i = 0; i < count; i++) {
		const char *id;
		json_t *ep, *item;
		size_t k;

		json_object_foreach(list[i].endpoints, id, ep)
		{
			json_array_foreach(json_object_get(ep, "ports"), k, item)
			{
				struct sixd_port port;

				if (sixd_port_parse(json_string_value(item) ?: "", &port, NULL) ==
					    0 &&
				    plan_add(p, &port) < 0)
					rc = sixd_error_set(err, ENOMEM, "cannot plan the ports");
			}
		}
		sixd_network_free(&list[i]);
	}
	free(list);
	p->taken = p->n;
	return rc;
}

static bool plan_conflict(const struct port_plan *p, const struct sixd_port *port)
{
	for (size_t i = 0; i < p->n; i++)
		if (sixd_port_conflict(&p->v[i], port))
			return true;
	return false;
}

/* Whether the host port can be bound now (no other program holds it). */
static bool host_port_free(const struct sixd_port *port)
{
	bool udp = strcmp(port->proto, "udp") == 0;
	_cleanup_close_ int fd =
		socket(AF_INET, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons(port->host_port),
				 .sin_addr.s_addr = htonl(port->host_ip)};

	return fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
}

/* A free host port for port (-P, or -p without one), from the ephemeral range. */
static int pick_host_port(struct port_plan *p, struct sixd_port *port, struct sixd_error **err)
{
	const unsigned span = HOST_PORT_LAST - HOST_PORT_FIRST + 1;
	unsigned start = (unsigned)(sixd_now_ns() / 1000) % span;

	for (unsigned i = 0; i < span; i++) {
		port->host_port = (uint16_t)(HOST_PORT_FIRST + (start + i) % span);
		if (!plan_conflict(p, port) && host_port_free(port))
			return 0;
	}
	return sixd_error_set(err, 0, "no free host port left for %u/%s", port->port, port->proto);
}

static int plan_one(struct port_plan *p, struct sixd_port *port, struct sixd_error **err)
{
	char ip[SIXD_IPV4_LEN];

	if (port->host_port == 0 && pick_host_port(p, port, err) < 0)
		return -1;
	if (plan_conflict(p, port)) {
		sixd_ipv4_format(port->host_ip, ip);
		return sixd_error_set(err, 0, "cannot publish %s:%u/%s: port is already allocated",
				      ip, port->host_port, port->proto);
	}
	return plan_add(p, port) < 0 ? sixd_error_set(err, ENOMEM, "cannot plan the ports") : 0;
}

/* Whether a new binding already publishes the container port of port (-p before -P). */
static bool plan_has(const struct port_plan *p, const struct sixd_port *port)
{
	for (size_t k = p->taken; k < p->n; k++)
		if (p->v[k].port == port->port && strcmp(p->v[k].proto, port->proto) == 0)
			return true;
	return false;
}

/* -p bindings, then -P's for the exposed ports -p did not publish; into r->net.ports. */
static int plan_ports(struct sixd_store *s, struct sixd_record *r, const struct sixd_net_opts *o,
		      struct sixd_error **err)
{
	struct port_plan p = {0};
	struct sixd_port port;
	int rc = -1;

	r->net.ports = calloc(1, sizeof(char *));
	if (r->net.ports == NULL)
		return sixd_error_set(err, ENOMEM, "cannot plan the ports");
	if (!(o->publish && o->publish[0]) && !(o->publish_all && r->net.expose[0]))
		return 0;
	if (plan_taken(s, &p, err) < 0)
		goto out;
	for (size_t i = 0; o->publish && o->publish[i]; i++)
		if (sixd_port_parse(o->publish[i], &port, err) < 0 || plan_one(&p, &port, err) < 0)
			goto out;
	for (size_t i = 0; o->publish_all && r->net.expose[i]; i++) {
		memset(&port, 0, sizeof(port));
		if (sixd_expose_parse(r->net.expose[i], &port.port, port.proto, err) < 0)
			goto out;
		if (!plan_has(&p, &port) && plan_one(&p, &port, err) < 0)
			goto out;
	}
	for (size_t k = p.taken; k < p.n; k++) {
		char text[48];

		sixd_port_format(&p.v[k], text, sizeof(text));
		if (sixd_strv_append(&r->net.ports, text) < 0) {
			sixd_error_set(err, ENOMEM, "cannot plan the ports");
			goto out;
		}
	}
	rc = 0;
out:
	free(p.v);
	return rc;
}

/* The address of a new endpoint on n: the lowest free one, or --ip's if it is free. */
static int pick_address(const struct sixd_network *n, const char *want, uint32_t *addr,
			struct sixd_error **err)
{
	_cleanup_free_ uint32_t *used = calloc(json_object_size(n->endpoints) + 1, sizeof(*used));
	size_t count = 0;
	const char *id;
	json_t *ep;

	if (used == NULL)
		return sixd_error_set(err, ENOMEM, "cannot allocate an address");
	json_object_foreach(n->endpoints, id, ep)
	{
		if (sixd_ipv4_parse(json_string_value(json_object_get(ep, "ip")) ?: "",
				    &used[count]) == 0)
			count++;
	}
	if (want == NULL) {
		*addr = sixd_ipam_next(&n->subnet, n->gateway, used, count);
		return *addr ? 0 : sixd_error_set(err, 0, "no address left on network %s", n->name);
	}
	if (sixd_ipv4_parse(want, addr) < 0)
		return sixd_error_set(err, EINVAL, "invalid --ip '%s'", want);
	if (!sixd_ipam_usable(&n->subnet, n->gateway, used, count, *addr))
		return sixd_error_set(err, 0, "--ip %s: not a free address of network %s", want,
				      n->name);
	return 0;
}

/* Address and endpoint on network n (loaded under the lock); r->net filled. */
static int join(struct sixd_store *s, struct sixd_network *n, struct sixd_record *r,
		const struct sixd_net_opts *o, struct sixd_error **err)
{
	char ip[SIXD_IPV4_LEN], gw[SIXD_IPV4_LEN];
	uint32_t addr;
	json_t *ep;

	if (pick_address(n, o->ip, &addr, err) < 0 || plan_ports(s, r, o, err) < 0)
		return -1;
	sixd_ipv4_format(addr, ip);
	sixd_ipv4_format(n->gateway, gw);
	r->net.ip = strdup(ip);
	r->net.gateway = strdup(gw);
	r->net.prefix_len = n->subnet.prefix;
	ep = json_pack("{s:s, s:s, s:s, s:o}", "name", r->name, "hostname", r->hostname, "ip", ip,
		       "ports", json_array());
	for (size_t k = 0; ep && r->net.ports[k]; k++)
		json_array_append_new(json_object_get(ep, "ports"), json_string(r->net.ports[k]));
	if (!r->net.ip || !r->net.gateway || !ep ||
	    json_object_set_new(n->endpoints, r->id, ep) < 0)
		return sixd_error_set(err, ENOMEM, "cannot allocate an address");
	return 0;
}

static int create_on_network(struct sixd_store *s, struct sixd_record *r,
			     const struct sixd_net_opts *o, struct sixd_error **err)
{
	_cleanup_close_ int lock = sixd_network_lock(s, err);
	struct sixd_network n = {0};
	int rc = -1;

	if (lock < 0 || sixd_network_get(s, r->net.mode, &n, err) < 0)
		return -1;
	sixd_network_drop_stale(s, &n);
	if (join(s, &n, r, o, err) < 0 || sixd_network_save(s, &n, false, err) < 0)
		goto out;
	if (write_etc(s, r, err) < 0 || (user_defined(n.name) && rewrite_hosts(s, &n, err) < 0))
		goto out;
	rc = 0;
out:
	sixd_network_free(&n);
	return rc;
}

int sixd_net_create(struct sixd_store *s, struct sixd_record *r, const struct sixd_net_opts *o,
		    struct sixd_error **err)
{
	const char *mode = o->network && *o->network ? o->network : SIXD_NETWORK_DEFAULT;

	if (strcmp(mode, "default") == 0)
		mode = SIXD_NETWORK_DEFAULT;
	if (strncmp(mode, "container:", 10) == 0)
		return sixd_error_set(err, EINVAL, "--network %s is not supported", mode);
	if (o->ip && !user_defined(mode))
		return sixd_error_set(err, 0, "--ip is supported on user-defined networks only");
	r->net.mode = strdup(mode);
	if (r->net.mode == NULL)
		return sixd_error_set(err, ENOMEM, "cannot record the network");
	if (collect_exposed(r, o, err) < 0)
		return -1;
	if (!sixd_network_builtin(mode))
		return create_on_network(s, r, o, err);
	if ((o->publish && o->publish[0]) || o->publish_all)
		sixd_log_warn("published ports are discarded with --network %s", mode);
	r->net.ports = calloc(1, sizeof(char *));
	if (r->net.ports == NULL)
		return sixd_error_set(err, ENOMEM, "cannot record the network");
	return write_etc(s, r, err);
}

static bool on_bridge(const struct sixd_record *r)
{
	return r->net.mode && r->net.ip && !sixd_network_builtin(r->net.mode);
}

/* The veth pair (a stale one of an earlier start goes first) and eth0 inside. */
static int plug(const struct sixd_network *n, const struct sixd_record *r, pid_t pid,
		struct sixd_error **err)
{
	char veth[IFNAMSIZ];
	struct sixd_nl nl = {0}, in = {0};
	unsigned int master = if_nametoindex(n->bridge), eth0;
	uint32_t ip, gw;
	int rc = -1;

	snprintf(veth, sizeof(veth), "veth%.11s", r->id);
	if (master == 0)
		return sixd_error_set(err, errno, "cannot find the bridge '%s'", n->bridge);
	if (sixd_ipv4_parse(r->net.ip, &ip) < 0 || sixd_ipv4_parse(r->net.gateway ?: "", &gw) < 0)
		return sixd_error_set(err, EINVAL, "corrupt address of container %s", r->name);
	if (sixd_nl_open(&nl, err) < 0)
		return -1;
	if (sixd_nl_veth_add(&nl, veth, master, "eth0", pid, NULL) < 0 &&
	    (sixd_nl_link_del(&nl, veth, err) < 0 ||
	     sixd_nl_veth_add(&nl, veth, master, "eth0", pid, err) < 0))
		goto out;
	if (sixd_nl_open_in(&in, pid, err) < 0 || sixd_nl_link_index(&in, "eth0", &eth0, err) < 0 ||
	    sixd_nl_link_up(&in, eth0, err) < 0 ||
	    sixd_nl_addr_add(&in, eth0, ip, r->net.prefix_len, err) < 0 ||
	    sixd_nl_route_default(&in, eth0, gw, err) < 0)
		goto out;
	rc = 0;
out:
	sixd_nl_close(&in);
	sixd_nl_close(&nl);
	return rc;
}

static int add_port_rules(const struct sixd_record *r, struct sixd_error **err)
{
	_cleanup_free_ char *tag = NULL, *rules = NULL;
	uint32_t ip;

	if (r->net.ports == NULL || r->net.ports[0] == NULL)
		return 0;
	if (sixd_ipv4_parse(r->net.ip, &ip) < 0)
		return sixd_error_set(err, EINVAL, "corrupt address of container %s", r->name);
	if (asprintf(&tag, "sixd:%s", r->id) < 0 ||
	    (rules = sixd_nft_ports_text(r->id, ip, r->net.ports)) == NULL)
		return sixd_error_set(err, ENOMEM, "cannot publish the ports");
	/* rules a killed monitor could not delete go first */
	if (sixd_nft_delete_tagged("ports", tag, err) < 0 || sixd_nft_run(rules, err) < 0)
		return sixd_error_wrap(err, "cannot publish the ports of %s", r->name);
	return 0;
}

int sixd_net_start(struct sixd_store *s, const struct sixd_record *r, pid_t pid,
		   struct sixd_error **err)
{
	struct sixd_network n = {0};
	int found, rc = -1;

	if (!on_bridge(r))
		return 0;
	found = sixd_network_load(s, r->net.mode, &n, err);
	if (found <= 0)
		return found < 0 ? -1 : sixd_error_set(err, 0, "network %s not found", r->net.mode);
	if (sixd_network_ensure_up(s, &n, err) == 0 && plug(&n, r, pid, err) == 0 &&
	    add_port_rules(r, err) == 0)
		rc = 0;
	sixd_network_free(&n);
	return rc;
}

static void delete_port_rules(const char *id)
{
	_cleanup_free_ char *tag = NULL;
	struct sixd_error *err = NULL;

	if (asprintf(&tag, "sixd:%s", id) < 0)
		return;
	if (sixd_nft_delete_tagged("ports", tag, &err) < 0)
		sixd_log_warn("%s", err->msg);
	sixd_error_free(&err);
}

void sixd_net_stop(const struct sixd_record *r)
{
	if (on_bridge(r) && r->net.ports && r->net.ports[0])
		delete_port_rules(r->id);
}

/* Drop id's endpoint from network n (loaded under the lock); 1 if it had one. */
static int leave(struct sixd_store *s, struct sixd_network *n, const char *id, bool *had_ports,
		 struct sixd_error **err)
{
	json_t *ep = json_object_get(n->endpoints, id);

	if (ep == NULL)
		return 0;
	*had_ports |= json_array_size(json_object_get(ep, "ports")) > 0;
	json_object_del(n->endpoints, id);
	if (sixd_network_save(s, n, false, err) < 0)
		return -1;
	if (user_defined(n->name) && rewrite_hosts(s, n, err) < 0)
		return -1;
	return 1;
}

int sixd_net_release(struct sixd_store *s, const char *id, struct sixd_error **err)
{
	_cleanup_close_ int lock = sixd_network_lock(s, err);
	struct sixd_network *list = NULL;
	bool had_ports = false;
	size_t count = 0;
	int rc = 0;

	if (lock < 0 || sixd_network_list(s, &list, &count, err) < 0)
		return -1;
	for (size_t i = 0; i < count; i++) {
		if (rc == 0 && leave(s, &list[i], id, &had_ports, err) < 0)
			rc = -1;
		sixd_network_free(&list[i]);
	}
	free(list);
	if (had_ports)
		delete_port_rules(id);
	return rc;
}

int sixd_net_release_record(struct sixd_store *s, const struct sixd_record *r,
			    struct sixd_error **err)
{
	if (r->net.mode && sixd_network_builtin(r->net.mode))
		return 0;
	return sixd_net_release(s, r->id, err);
}

void sixd_net_volumes_free(struct sixd_volume *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].source);
		free(v[i].target);
	}
	free(v);
}

int sixd_net_volumes(const char *dir, const struct sixd_volume *vols, size_t n,
		     struct sixd_volume **out, size_t *n_out, struct sixd_error **err)
{
	struct sixd_volume *v = calloc(n + 3, sizeof(*v));
	size_t k = 0;

	if (v == NULL)
		return sixd_error_set(err, ENOMEM, "cannot prepare the mounts");
	for (size_t i = 0; i < 3; i++) {
		if (asprintf(&v[k].source, "%s/%s", dir, etc_files[i]) < 0 ||
		    asprintf(&v[k].target, "/etc/%s", etc_files[i]) < 0)
			goto oom;
		if (access(v[k].source, F_OK) == 0)
			k++;
		else
			free(v[k].source), free(v[k].target), v[k].source = v[k].target = NULL;
	}
	for (size_t i = 0; i < n; i++, k++) {
		v[k].source = strdup(vols[i].source);
		v[k].target = strdup(vols[i].target);
		v[k].readonly = vols[i].readonly;
		if (!v[k].source || !v[k].target)
			goto oom;
	}
	*out = v;
	*n_out = k;
	return 0;
oom:
	sixd_net_volumes_free(v, n + 3);
	return sixd_error_set(err, ENOMEM, "cannot prepare the mounts");
}
