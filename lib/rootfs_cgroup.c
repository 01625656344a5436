// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /sys/fs/cgroup inside a container, as Docker mounts it, so that programs
 * reading their limits there (JVMs, Go's runtime, systemd) find them: the
 * container's own cgroups, seen from its cgroup namespace, read-only unless
 * privileged.  cgroup v2: the cgroup2 file system.  v1 (and hybrid hosts): a
 * tmpfs with one mount per hierarchy the init belongs to, named as on the
 * host (memory, cpu,cpuacct, name=systemd as systemd).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "rootfs.h"

#define CGROUP_DIR "/sys/fs/cgroup"
#define CGROUP_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)

/* One v1 hierarchy "N:ctrls:/path" of /proc/self/cgroup at CGROUP_DIR/<name>. */
static int mount_hierarchy(char *line, unsigned long ro, struct sixd_error **err)
{
	char *ctrls = strchr(line, ':'), *end, path[256], opts[128];
	const char *name;

	if (ctrls == NULL || (end = strchr(++ctrls, ':')) == NULL || end == ctrls)
		return 0; /* "0::/": the v2 tree of a hybrid host stays out, as in Docker */
	*end = '\0';
	name = strncmp(ctrls, "name=", 5) == 0 ? ctrls + 5 : ctrls;
	snprintf(opts, sizeof(opts), "%s%s", name != ctrls ? "none," : "", ctrls);
	snprintf(path, sizeof(path), CGROUP_DIR "/%s", name);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return sixd_error_set(err, errno, "cannot create '%s'", path);
	if (mount("cgroup", path, "cgroup", CGROUP_FLAGS | ro, opts) < 0)
		return sixd_error_set(err, errno, "cannot mount the cgroup hierarchy '%s'", ctrls);
	return 0;
}

static int mount_v1(unsigned long ro, struct sixd_error **err)
{
	_cleanup_fclose_ FILE *f = NULL;
	char line[512];

	if (mount("tmpfs", CGROUP_DIR, "tmpfs", CGROUP_FLAGS, "mode=755,size=64k") < 0)
		return sixd_error_set(err, errno, "cannot mount a tmpfs on '" CGROUP_DIR "'");
	f = fopen("/proc/self/cgroup", "re");
	if (f == NULL)
		return sixd_error_set(err, errno, "cannot read '/proc/self/cgroup'");
	while (fgets(line, sizeof(line), f))
		if (mount_hierarchy(line, ro, err) < 0)
			return -1;
	if (ro && mount(NULL, CGROUP_DIR, NULL, MS_REMOUNT | MS_BIND | CGROUP_FLAGS | MS_RDONLY,
			NULL) < 0)
		return sixd_error_set(err, errno, "cannot make '" CGROUP_DIR "' read-only");
	return 0;
}

int sixd_rootfs_mount_cgroups(bool v2, bool writable, struct sixd_error **err)
{
	unsigned long ro = writable ? 0 : MS_RDONLY;

	if (v2) {
		if (mount("cgroup2", CGROUP_DIR, "cgroup2", CGROUP_FLAGS | ro, NULL) < 0)
			return sixd_error_set(err, errno,
					      "cannot mount cgroup2 on '" CGROUP_DIR "'");
		return 0;
	}
	return mount_v1(ro, err);
}
