/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_NETWORK_H
#define SIXD_NETWORK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "netaddr.h"
#include "store.h"

/*
 * Networks (Docker's bridge driver without a daemon).  Each one is a record
 * <data>/networks/<name>.json: id, bridge name, subnet, gateway, and its
 * endpoints {container id: {name, hostname, ip, ports}}: the address
 * management (IPAM) state.  Every change happens under the flock of
 * <data>/networks/lock and is written atomically.  "bridge" (the default, bridge
 * sixdocker0) is made on first use with the first of Docker's pools that no route
 * and no other network covers, or SIXDOCKER_BRIDGE_SUBNET; "host" and "none" are
 * no records.  The bridge, its address and its nat rules are made when the first
 * container starts on it (in the network namespace sixdocker runs in).
 */

#define SIXD_NETWORK_DEFAULT "bridge"
#define SIXD_BRIDGE_DEFAULT "sixdocker0"

struct sixd_network {
	char *name;
	char id[65];
	char *bridge;
	struct sixd_cidr subnet;
	uint32_t gateway;
	int64_t created;
	json_t *endpoints; /* container id -> {"name", "hostname", "ip", "ports"} */
};

void sixd_network_free(struct sixd_network *n);

/* "host" and "none": no record, no address. */
bool sixd_network_builtin(const char *name);

/* The id of a network sixdocker itself defines (bridge, host, none): sha256 of its name. */
void sixd_network_builtin_id(const char *name, char id[65]);

/* Take the networks' lock (blocking); returns the fd to close to unlock. */
int sixd_network_lock(struct sixd_store *s, struct sixd_error **err);

/* Read a network's record: 1 found, 0 none (n untouched), -1 error. */
int sixd_network_load(struct sixd_store *s, const char *name, struct sixd_network *n,
		      struct sixd_error **err);

/*
 * Write a network's record (the caller holds the lock).  durable: fsync'd, for a
 * new network; a container joining or leaving is not (on the hot path of run;
 * an endpoint whose container's data is gone after a crash is taken back).
 */
int sixd_network_save(struct sixd_store *s, const struct sixd_network *n, bool durable,
		      struct sixd_error **err);

/*
 * Load name, making "bridge" first if it does not exist yet; another missing
 * name fails with 'network NAME not found'.  The caller holds the lock.
 */
int sixd_network_get(struct sixd_store *s, const char *name, struct sixd_network *n,
		     struct sixd_error **err);

/* `network create`: a new network; subnet and gateway may be NULL (picked). */
int sixd_network_create(struct sixd_store *s, const char *name, const char *subnet,
			const char *gateway, char id[65], struct sixd_error **err);

/* Every network record, "bridge" first, then by name; *n entries. */
int sixd_network_list(struct sixd_store *s, struct sixd_network **out, size_t *n,
		      struct sixd_error **err);

/* Release the endpoints whose container data is gone (and their rules); under the lock. */
void sixd_network_drop_stale(struct sixd_store *s, struct sixd_network *n);

/* `network rm`: refused for "bridge", "host", "none" and while a container is on it. */
int sixd_network_remove(struct sixd_store *s, const char *name, struct sixd_error **err);

/* Docker's `network inspect` object for name. */
json_t *sixd_network_inspect(struct sixd_store *s, const char *name, struct sixd_error **err);

/*
 * Make the network's bridge usable if it is not up yet: the bridge with the
 * gateway address, ip_forward and route_localnet, and the nat rules.
 */
int sixd_network_ensure_up(struct sixd_store *s, const struct sixd_network *n,
			   struct sixd_error **err);

/* ---- a container's network (network_container.c) ---- */

struct sixd_net_opts {
	const char *network;	    /* --network; NULL: bridge */
	char *const *publish;	    /* -p specs */
	char *const *expose;	    /* --expose specs */
	bool publish_all;	    /* -P */
	const char *ip;		    /* --ip: this address on a user-defined network */
	char *const *image_exposed; /* the image's ExposedPorts ("80/tcp") */
};

/*
 * At create: fill r->net (mode, address, ports), allocating the address and the
 * host ports under the lock, and write hostname, hosts and resolv.conf in the
 * record's directory (sixd_store_record_dir; on a user-defined network, the
 * hosts files of the others on it gain this one).  The shared init layer
 * <data>/init is made on first use.
 */
int sixd_net_create(struct sixd_store *s, struct sixd_record *r, const struct sixd_net_opts *o,
		    struct sixd_error **err);

/*
 * Before the container's init runs (pid is in its new network namespace): a
 * veth pair on the network's bridge, eth0 with the address and the default
 * route, and the DNAT rules of its published ports.  Nothing for host and none.
 */
int sixd_net_start(struct sixd_store *s, const struct sixd_record *r, pid_t pid,
		   struct sixd_error **err);

/* After the container stopped: delete its DNAT rules (its veth went with its namespace). */
void sixd_net_stop(const struct sixd_record *r);

/* At rm: delete its rules, release its address and ports (by id: orphans too).  Idempotent. */
int sixd_net_release(struct sixd_store *s, const char *id, struct sixd_error **err);

/* sixd_net_release for the container of record r; nothing to do for host and none. */
int sixd_net_release_record(struct sixd_store *s, const struct sixd_record *r,
			    struct sixd_error **err);

/*
 * Make the shared init layer <data>/init (an empty file for each of those /etc
 * files) if it is not there yet: once per data root, atomically (rename).
 */
int sixd_net_init_layer_make(const char *data, struct sixd_error **err);

/*
 * Whether the record's directory dir holds the /etc files of sixd_net_create: then
 * the shared init layer (their mount points) goes on top of the image's layers.
 */
bool sixd_net_init_layer(const char *dir);

/*
 * The bind mounts of <dir>/hostname, hosts and resolv.conf (those that exist)
 * onto /etc, followed by the volumes vols[n]: a new array in *out (free with
 * sixd_net_volumes_free).
 */
int sixd_net_volumes(const char *dir, const struct sixd_volume *vols, size_t n,
		     struct sixd_volume **out, size_t *n_out, struct sixd_error **err);
void sixd_net_volumes_free(struct sixd_volume *v, size_t n);

/* Pure helpers (unit tested). */

struct sixd_host_entry {
	const char *ip;
	const char *names; /* "name" or "hostname name" */
};

/* /etc/hosts: localhost lines, then each entry. */
char *sixd_hosts_text(const struct sixd_host_entry *e, size_t n);

/* The host's resolv.conf without loopback nameservers (Google's when none is left). */
char *sixd_resolv_conf_text(const char *host);

#endif
