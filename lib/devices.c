// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --device and --privileged devices: parsing, the device cgroup rules and the
 * nodes made in the container's /dev.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cleanup.h"
#include "devices.h"
#include "util.h"

/* Host /dev entries a privileged container does not get (its own, or not devices). */
static const char *const host_skip[] = {"pts",	"shm", "mqueue", "fd",	  "console",
					"ptmx", "tty", ".lxc",	 ".udev", NULL};
#define HOST_DEPTH 4

static bool perms_parse(const char *s, unsigned *access)
{
	*access = 0;
	if (*s == '\0' || strspn(s, "rwm") != strlen(s))
		return false;
	*access = (strchr(s, 'r') ? SIXD_DEV_READ : 0) | (strchr(s, 'w') ? SIXD_DEV_WRITE : 0) |
		  (strchr(s, 'm') ? SIXD_DEV_MKNOD : 0);
	return true;
}

static bool under_dev(const char *p)
{
	return strncmp(p, "/dev/", 5) == 0 && p[5] != '\0' && strstr(p, "/../") == NULL &&
	       strcmp(p + strlen(p) - 3, "/..") != 0 && p[strlen(p) - 1] != '/';
}

int sixd_device_parse(const char *spec, struct sixd_device *out, struct sixd_error **err)
{
	_cleanup_free_ char *copy = strdup(spec);
	char *host = copy, *path = NULL, *perms = NULL;

	memset(out, 0, sizeof(*out));
	if (copy == NULL)
		return sixd_error_set(err, ENOMEM, "cannot parse --device '%s'", spec);
	if ((path = strchr(host, ':')) != NULL) {
		*path++ = '\0';
		if ((perms = strchr(path, ':')) != NULL)
			*perms++ = '\0';
		else if (perms_parse(path, &out->access))
			perms = steal_ptr(path);
	}
	out->access = SIXD_DEV_RWM;
	if (perms && !perms_parse(perms, &out->access))
		return sixd_error_set(err, EINVAL, "invalid --device '%s': bad permissions '%s'",
				      spec, perms);
	if (host[0] != '/')
		return sixd_error_set(
			err, EINVAL, "invalid --device '%s': the host path must be absolute", spec);
	if (!under_dev(path && *path ? path : host))
		return sixd_error_set(
			err, EINVAL, "invalid --device '%s': the container path must be under /dev",
			spec);
	out->host = strdup(host);
	out->path = strdup(path && *path ? path : host);
	if (out->host == NULL || out->path == NULL) {
		sixd_device_free(out);
		return sixd_error_set(err, ENOMEM, "cannot parse --device '%s'", spec);
	}
	return 0;
}

int sixd_device_lookup(struct sixd_device *d, struct sixd_error **err)
{
	struct stat st;

	if (stat(d->host, &st) < 0)
		return sixd_error_set(err, errno, "cannot use device '%s'", d->host);
	if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
		return sixd_error_set(err, EINVAL, "cannot use device '%s': not a device node",
				      d->host);
	d->type = S_ISCHR(st.st_mode) ? 'c' : 'b';
	d->major = major(st.st_rdev);
	d->minor = minor(st.st_rdev);
	d->mode = st.st_mode & 07777;
	return 0;
}

void sixd_device_free(struct sixd_device *d)
{
	free(steal_ptr(d->host));
	free(steal_ptr(d->path));
}

void sixd_devices_free(struct sixd_devices *d)
{
	for (size_t i = 0; i < d->n; i++)
		sixd_device_free(&d->v[i]);
	free(steal_ptr(d->v));
	d->n = 0;
}

int sixd_devices_from_record(const struct sixd_record *r, struct sixd_devices *out,
			     struct sixd_error **err)
{
	size_t n = sixd_strv_len(r->devices);

	memset(out, 0, sizeof(*out));
	out->privileged = r->privileged;
	if (n == 0)
		return 0;
	out->v = calloc(n, sizeof(*out->v));
	if (out->v == NULL)
		return sixd_error_set(err, ENOMEM, "cannot read the devices");
	for (size_t i = 0; i < n; i++, out->n++) {
		if (sixd_device_parse(r->devices[i], &out->v[i], err) < 0 ||
		    sixd_device_lookup(&out->v[i], err) < 0) {
			out->n += out->v[i].host != NULL;
			sixd_devices_free(out);
			return -1;
		}
	}
	return 0;
}

int sixd_devices_rules(const struct sixd_devices *d, struct sixd_device_rule **rules, size_t *n,
		       struct sixd_error **err)
{
	size_t k = sixd_cgroup_n_default_devices;

	*rules = calloc(k + d->n, sizeof(**rules));
	if (*rules == NULL)
		return sixd_error_set(err, ENOMEM, "cannot build the device rules");
	memcpy(*rules, sixd_cgroup_default_devices, k * sizeof(**rules));
	for (size_t i = 0; i < d->n; i++, k++)
		(*rules)[k] = (struct sixd_device_rule){d->v[i].type, d->v[i].major, d->v[i].minor,
							d->v[i].access};
	*n = k;
	return 0;
}

int sixd_devices_restrict(struct sixd_cgroup *cg, const struct sixd_record *r,
			  struct sixd_error **err)
{
	_cleanup_free_ struct sixd_device_rule *rules = NULL;
	struct sixd_devices d;
	size_t n = 0;
	int rc;

	if (sixd_devices_from_record(r, &d, err) < 0)
		return -1;
	rc = d.privileged ? 0 : sixd_devices_rules(&d, &rules, &n, err);
	if (rc == 0)
		rc = sixd_cgroup_set_devices(cg, rules, n, d.privileged, err);
	sixd_devices_free(&d);
	return rc;
}

/* The directory of path (under dev, "a/b/c": "a/b"), made as needed, never through a symlink. */
static int open_parent(int devfd, char *rel, char **last)
{
	int dir = fcntl(devfd, F_DUPFD_CLOEXEC, 3);
	char *save = NULL, *comp = strtok_r(rel, "/", &save), *next;

	while (dir >= 0 && comp && (next = strtok_r(NULL, "/", &save)) != NULL) {
		int sub;

		if (mkdirat(dir, comp, 0755) < 0 && errno != EEXIST)
			sub = -1;
		else
			sub = openat(dir, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(dir);
		dir = sub;
		comp = next;
	}
	*last = comp;
	return dir;
}

/* mknod path (under /dev) in the container as a copy of the host's node. */
static int make_node(int devfd, const char *path, char type, dev_t rdev, mode_t mode,
		     struct sixd_error **err)
{
	_cleanup_free_ char *rel = strdup(path + 5);
	_cleanup_close_ int dir = -1;
	char *last = NULL;

	if (rel == NULL)
		return sixd_error_set(err, ENOMEM, "cannot create device '%s'", path);
	dir = open_parent(devfd, rel, &last);
	if (dir < 0 || last == NULL)
		return sixd_error_set(err, dir < 0 ? errno : EINVAL,
				      "cannot create device '%s' in the container", path);
	if (unlinkat(dir, last, 0) < 0 && errno != ENOENT)
		return sixd_error_set(err, errno, "cannot replace '%s' in the container", path);
	if (mknodat(dir, last, (type == 'c' ? S_IFCHR : S_IFBLK) | mode, rdev) < 0 ||
	    fchmodat(dir, last, mode, 0) < 0)
		return sixd_error_set(err, errno, "cannot create device '%s' in the container",
				      path);
	return 0;
}

static bool skipped(const char *name)
{
	for (size_t i = 0; host_skip[i]; i++)
		if (strcmp(name, host_skip[i]) == 0)
			return true;
	return false;
}

/* Every char and block node under the host's dir (a path under /dev) not in the container. */
static int copy_host_dir(int devfd, const char *dir, int depth, struct sixd_error **err)
{
	_cleanup_closedir_ DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return 0; /* unreadable or gone: nothing to expose */
	while ((e = readdir(d)) != NULL) {
		_cleanup_free_ char *path = NULL;
		struct stat st;

		if (e->d_name[0] == '.' || (depth == 0 && skipped(e->d_name)) ||
		    asprintf(&path, "%s/%s", dir, e->d_name) < 0 || lstat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth + 1 < HOST_DEPTH &&
		    copy_host_dir(devfd, path, depth + 1, err) < 0)
			return -1;
		if ((!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode)) ||
		    fstatat(devfd, path + 5, &st, AT_SYMLINK_NOFOLLOW) == 0)
			continue;
		if (make_node(devfd, path, S_ISCHR(st.st_mode) ? 'c' : 'b', st.st_rdev,
			      st.st_mode & 07777, err) < 0)
			return -1;
	}
	return 0;
}

int sixd_devices_create(int rootfd, const struct sixd_devices *d, struct sixd_error **err)
{
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	_cleanup_close_ int devfd = -1;

	if (d->n == 0 && !d->privileged)
		return 0;
	devfd = (int)syscall(SYS_openat2, rootfd, "dev", &how, sizeof(how));
	if (devfd < 0)
		return sixd_error_set(err, errno, "cannot open '/dev' in the container");
	for (size_t i = 0; i < d->n; i++)
		if (make_node(devfd, d->v[i].path, d->v[i].type,
			      makedev(d->v[i].major, d->v[i].minor), d->v[i].mode, err) < 0)
			return -1;
	return d->privileged ? copy_host_dir(devfd, "/dev", 0, err) : 0;
}
