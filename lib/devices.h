/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_DEVICES_H
#define SIXD_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cgroup.h"
#include "error.h"
#include "store.h"

/*
 * Devices of a container: Docker's default set (the nodes lib/rootfs.c makes
 * and the device cgroup rules of cgroups/), --device nodes added to both, and
 * --privileged: every device allowed and the host's nodes in /dev.
 */

struct sixd_device {
	char *host;	 /* the node on the host, "/dev/sda" */
	char *path;	 /* where it appears in the container, under /dev */
	unsigned access; /* SIXD_DEV_READ | SIXD_DEV_WRITE | SIXD_DEV_MKNOD */
	char type;	 /* 'c' or 'b' (sixd_device_lookup) */
	unsigned major, minor;
	mode_t mode; /* the host node's permission bits */
};

struct sixd_devices {
	struct sixd_device *v;
	size_t n;
	bool privileged; /* every device, and the host's nodes */
};

/*
 * Parse a --device spec "HOST[:CONTAINER][:PERMS]" (PERMS: some of r, w, m;
 * default rwm; CONTAINER defaults to HOST and must be under /dev).  Syntax
 * only: sixd_device_lookup reads the node.  EINVAL names the spec.
 */
int sixd_device_parse(const char *spec, struct sixd_device *out, struct sixd_error **err);

/* Fill type, major, minor and mode from the host node; not a device node: EINVAL. */
int sixd_device_lookup(struct sixd_device *d, struct sixd_error **err);

void sixd_device_free(struct sixd_device *d);

/* The container's devices from its record (every --device parsed and looked up). */
int sixd_devices_from_record(const struct sixd_record *r, struct sixd_devices *out,
			     struct sixd_error **err);
void sixd_devices_free(struct sixd_devices *d);

/*
 * The device cgroup rules: Docker's defaults plus one per --device (*rules
 * malloc'd, *n entries).
 */
int sixd_devices_rules(const struct sixd_devices *d, struct sixd_device_rule **rules, size_t *n,
		       struct sixd_error **err);

/* Restrict the container's new cgroup to its devices (all with --privileged). */
int sixd_devices_restrict(struct sixd_cgroup *cg, const struct sixd_record *r,
			  struct sixd_error **err);

/*
 * In the init, once the rootfs's /dev is mounted: make each --device node
 * (replacing a standard one of that name), and with privileged every char
 * and block node of the host's /dev (still visible: before pivot_root) that
 * /dev does not have yet.  Never follows a symlink.
 */
int sixd_devices_create(int rootfd, const struct sixd_devices *d, struct sixd_error **err);

#endif
