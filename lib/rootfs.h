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
	const char *data_root;	   /* layer and container paths are relative to it */
	char *const *layers;	   /* layer digests, bottom first */
	const char *container_dir; /* "containers/<id>", relative to data_root */
	const struct sixd_volume *volumes;
	size_t n_volumes;
	const struct sixd_tmpfs *tmpfs; /* --tmpfs mounts, after the volumes */
	size_t n_tmpfs;
	const char *workdir; /* created inside the rootfs (before read_only) if missing */
	bool read_only;	     /* the root read-only once every mount is made */
	bool tty;	     /* make /dev/console from a pty of the new devpts */
	bool mask_paths;     /* Docker's masked and read-only /proc and /sys paths */
	const struct sixd_devices *devices; /* --device nodes, --privileged host nodes */
	bool init_layer; /* <data_root>/init is the top lower layer (mount points) */
};

/* Under the data root: the shared init layer, and the one mount point of every container's root. */
#define SIXD_ROOTFS_INIT "init"
#define SIXD_ROOTFS_MNT "mnt"

/*
 * Make mount propagation private, mount the overlay on <data_root>/mnt (in the
 * caller's own mount namespace: every container mounts there),
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
