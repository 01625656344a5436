/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_ROOTFS_H
#define SIXD_ROOTFS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "devices.h"
#include "hardening.h"
#include "store.h"

/*
 * The container's root filesystem.  Everything here runs in the container's
 * init, after clone(CLONE_NEWNS) and before exec: the mounts live only in the
 * container's mount namespace, so none of them can outlive it on the host.
 */
struct sixd_rootfs_config {
	const char *data_root; /* layer and container paths are relative to it */
	const struct sixd_volume *volumes;
	size_t n_volumes;
	const struct sixd_tmpfs *tmpfs; /* --tmpfs mounts, after the volumes */
	size_t n_tmpfs;
	const char *workdir; /* created inside the rootfs (before read_only) if missing */
	bool read_only;	     /* the root read-only once every mount is made */
	bool tty;	     /* make /dev/console from a pty of the new devpts */
	bool mask_paths;     /* Docker's masked and read-only /proc and /sys paths */
	const struct sixd_devices *devices; /* --device nodes, --privileged host nodes */
	int overlay_fd; /* the container's overlay, detached (sixd_rootfs_overlay_detached) */
};

/* Under the data root: the shared init layer, and the one mount point of every container's root. */
#define SIXD_ROOTFS_INIT "init"
#define SIXD_ROOTFS_MNT "mnt"

/* A container's overlay (paths relative to data_root). */
struct sixd_overlay {
	const char *data_root;
	char *const *layers;	   /* layer digests, bottom first */
	const char *container_dir; /* "containers/<id>": its upper and work directories */
	bool init_layer;	   /* the shared init layer <data_root>/init on top */
	bool volatile_upper;	   /* never sync the upper file system (--rm: it goes at exit) */
};

/*
 * The container's overlay as a detached mount (fsopen, fsmount; nodev): the
 * image's layers, under the shared init layer if o->init_layer (the mount
 * points of the /etc files the engine binds), the upper and work directories
 * of o->container_dir.  Returns the mount's fd (close-on-exec) or -1.  The
 * layers go one by one ("lowerdir+", Linux 6.8); an older kernel takes them as
 * one string of at most 255 bytes, and beyond that they go through
 * sixd_rootfs_overlay_by_mount.  With o->volatile_upper ("volatile", as podman
 * mounts --rm containers), unmounting skips the sync of the whole upper file
 * system and its cache flush.  Changes the working directory to data_root:
 * call it from a thread of its own file system context (unshare(CLONE_FS)).
 */
int sixd_rootfs_overlay_detached(const struct sixd_overlay *o, struct sixd_error **err);

/*
 * The same overlay through mount(2) (whose options may fill a page) on
 * <data_root>/mnt, in a mount namespace the calling thread makes for itself,
 * and a detached clone of it (open_tree) as the result.  Call it from a thread
 * that ends afterwards.
 */
int sixd_rootfs_overlay_by_mount(const struct sixd_overlay *o, struct sixd_error **err);

/*
 * Make mount propagation private, attach cfg->overlay_fd on <data_root>/mnt (in
 * the caller's own mount namespace: every container mounts there),
 * bind the volumes, mount the --tmpfs ones, mount /proc, /sys (read-only), /dev (tmpfs with the
 * standard nodes, devpts, shm, mqueue).  With cfg->mask_paths, Docker's masked paths
 * (/proc/kcore, /sys/firmware, ...: /dev/null over files, an empty read-only
 * tmpfs over directories; skipped when absent) and read-only paths (/proc/sys,
 * /proc/sysrq-trigger, ...).  With cfg->tty, *pty_master and *pty_slave get the
 * console pty (from the container's own devpts), else -1.  With cfg->read_only,
 * last, the overlay root alone becomes read-only (not recursive: the mounts on
 * it keep their modes).  Every mount target is
 * resolved inside the rootfs without following symlinks out of it; an image
 * whose /proc, /sys or /dev is a symlink is refused.
 */
int sixd_rootfs_prepare(const struct sixd_rootfs_config *cfg, int *pty_master, int *pty_slave,
			struct sixd_error **err);

/* pivot_root into <data_root>/mnt and detach the old root. */
int sixd_rootfs_pivot(const struct sixd_rootfs_config *cfg, struct sixd_error **err);

/*
 * Mount the container's cgroups on /sys/fs/cgroup, after pivot_root and
 * unshare(CLONE_NEWCGROUP) (so they are seen from the container's namespace):
 * cgroup2 when v2, else a tmpfs holding each v1 hierarchy of /proc/self/cgroup.
 * Read-only unless writable (--privileged).
 */
int sixd_rootfs_mount_cgroups(bool v2, bool writable, struct sixd_error **err);

/*
 * Parse a -v spec "/host:/ctr[:ro|rw]".  Both paths must be absolute; the
 * target must not be "/".  Fills out (strings newly allocated).
 */
int sixd_volume_parse(const char *spec, struct sixd_volume *out, struct sixd_error **err);

/* Build the overlay option string for the given layers (unit tested). */
char *sixd_rootfs_overlay_options(char *const *layers, const char *container_dir,
				  struct sixd_error **err);

#endif
