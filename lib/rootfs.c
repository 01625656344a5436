// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Mechanism of the container's root filesystem: overlay, volumes, /proc, /sys,
 * /dev and pivot_root.  Runs in the container's init, in its own mount
 * namespace, before exec.
 *
 * Every mount target is opened inside the rootfs with openat2(RESOLVE_IN_ROOT)
 * and mounted through its /proc/self/fd/N magic link (or move_mount onto the
 * fd), so a symlink in the image, or one swapped in during start, can never
 * redirect a mount to the host.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include "cleanup.h"
#include "image.h"
#include "rootfs.h"
#include "util.h"

/* Resolution for the engine's own mounts: no symlinks at all. */
#define RESOLVE_STRICT (RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)
/* Resolution for user volumes: symlinks followed, but never out of the rootfs. */
#define RESOLVE_SCOPED (RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)

static int open_in_root(int rootfd, const char *path, int flags, uint64_t resolve)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = resolve,
	};

	return (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
}

static int path_error(struct sixd_error **err, const char *path, const char *what)
{
	if (errno == ELOOP || errno == EXDEV)
		return sixd_error_set(
			err, 0,
			"'%s' in the container is a symlink or leaves the rootfs: refusing to %s it",
			path, what);
	return sixd_error_set(err, errno, "cannot %s '%s' in the container", what, path);
}

/* Create the last component of path (a directory, or an empty file) under parent. */
static int create_component(int parent, const char *name, bool dir)
{
	if (dir)
		return mkdirat(parent, name, 0755) < 0 && errno != EEXIST ? -1 : 0;
	int fd = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);

	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	close(fd);
	return 0;
}

/* Symlinks a missing target may go through before it is refused (the kernel's limit). */
#define MAX_LINK_HOPS 40

/*
 * The component name (ending at copy + end) of path copy is a symlink under
 * parent: store in *next the path with it replaced by its target, which
 * openat2(RESOLVE_IN_ROOT) then resolves inside the rootfs (an absolute target
 * from the rootfs, ".." stopping at it).  -1 with errno on failure.
 */
static int replace_link(int parent, char *copy, size_t start, size_t end, char **next)
{
	char target[PATH_MAX];
	ssize_t n;
	char saved = copy[end];
	int r;

	copy[end] = '\0';
	n = readlinkat(parent, copy + start, target, sizeof(target) - 1);
	copy[end] = saved;
	if (n < 0)
		return -1;
	target[n] = '\0';
	if (target[0] == '/')
		r = asprintf(next, "%s%s", target, copy + end);
	else
		r = asprintf(next, "%.*s%s%s", (int)start, copy, target, copy + end);
	return r < 0 ? (errno = ENOMEM, -1) : 0;
}

/*
 * Create the missing components of copy (relative to the rootfs): directories,
 * and for the last one a directory or an empty file.  Returns 0 when done, 1
 * with *next when a component is a symlink to follow (only when resolve allows
 * symlinks), -1 with errno.
 */
static int create_missing(int rootfd, char *copy, bool dir, uint64_t resolve, char **next)
{
	size_t end = 0;

	while (copy[end += strspn(copy + end, "/")] != '\0') {
		size_t start = end;
		struct stat st;
		char saved;
		bool last;
		int rc;

		end += strcspn(copy + end, "/");
		last = copy[end + strspn(copy + end, "/")] == '\0';
		saved = copy[start];
		copy[start] = '\0';
		_cleanup_close_ int parent =
			open_in_root(rootfd, start ? copy : ".", O_PATH | O_DIRECTORY, resolve);
		copy[start] = saved;
		if (parent < 0)
			return -1;
		saved = copy[end];
		copy[end] = '\0';
		rc = fstatat(parent, copy + start, &st, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
		if (rc == 0 && S_ISLNK(st.st_mode) && !(resolve & RESOLVE_NO_SYMLINKS)) {
			copy[end] = saved;
			return replace_link(parent, copy, start, end, next) < 0 ? -1 : 1;
		}
		rc = create_component(parent, copy + start, !last || dir);
		copy[end] = saved;
		if (rc < 0)
			return -1;
	}
	return 0;
}

/*
 * Open path (relative to the rootfs) as an O_PATH fd, creating missing
 * components: directories, and for the last one a directory or an empty file.
 * With symlinks allowed (RESOLVE_SCOPED), a dangling symlink on the way is
 * followed inside the rootfs and its target made there, as Docker and runc do;
 * every lookup stays under RESOLVE_IN_ROOT, so nothing is made outside.
 */
static int ensure_path(int rootfd, const char *path, bool dir, uint64_t resolve,
		       struct sixd_error **err)
{
	_cleanup_free_ char *cur = strdup(path);

	if (cur == NULL)
		return sixd_error_set(err, ENOMEM, "cannot create '%s'", path);
	for (int hops = 0;; hops++) {
		char *next = NULL;
		int fd = open_in_root(rootfd, cur, O_PATH, resolve), r;

		if (fd >= 0 || errno != ENOENT)
			return fd >= 0 ? fd : path_error(err, path, "mount on");
		if (hops > MAX_LINK_HOPS) {
			errno = ELOOP;
			return path_error(err, path, "create");
		}
		r = create_missing(rootfd, cur, dir, resolve, &next);
		if (r < 0)
			return path_error(err, path, "create");
		if (r == 1) {
			free(cur);
			cur = next;
		}
	}
}

static int mount_on_fd(const char *source, int fd, const char *fstype, unsigned long flags,
		       const char *data)
{
	char target[64];

	snprintf(target, sizeof(target), "/proc/self/fd/%d", fd);
	return mount(source, target, fstype, flags, data);
}

/* Mount a filesystem at path inside the rootfs (created if missing, no symlinks). */
static int mount_in_root(int rootfd, const char *path, const char *source, const char *fstype,
			 unsigned long flags, const char *data, struct sixd_error **err)
{
	_cleanup_close_ int fd = ensure_path(rootfd, path, true, RESOLVE_STRICT, err);

	if (fd < 0)
		return -1;
	if (mount_on_fd(source, fd, fstype, flags, data) < 0)
		return sixd_error_set(err, errno, "cannot mount %s on '/%s'", fstype, path);
	return 0;
}

char *sixd_rootfs_overlay_options(char *const *layers, const char *container_dir,
				  struct sixd_error **err)
{
	_cleanup_free_ char *lower = NULL, *upper = NULL, *work = NULL;
	char *opts = NULL;
	size_t n = sixd_strv_len(layers);

	if (n == 0) {
		sixd_error_set(err, EINVAL, "the image has no layers");
		return NULL;
	}
	/* overlayfs wants the top layer first */
	for (size_t i = n; i-- > 0;) {
		char *next = NULL;

		if (sixd_layer_repeated(layers, i))
			continue;

		if (asprintf(&next, "%s%sl/%.*s", lower ? lower : "", lower ? ":" : "",
			     SIXD_LAYER_LINK_LEN, layers[i]) < 0)
			goto oom;
		free(lower);
		lower = next;
	}
	if (asprintf(&upper, "%s/upper", container_dir) < 0 ||
	    asprintf(&work, "%s/work", container_dir) < 0)
		goto oom;
	if (asprintf(&opts, "lowerdir=%s,upperdir=%s,workdir=%s", lower, upper, work) < 0) {
		opts = NULL;
		goto oom;
	}
	if (strlen(opts) >= (size_t)sysconf(_SC_PAGESIZE)) {
		sixd_error_set(err, E2BIG, "too many image layers for one overlay mount (%zu)", n);
		free(opts);
		return NULL;
	}
	return opts;
oom:
	free(opts);
	sixd_error_set(err, ENOMEM, "cannot build the overlay options");
	return NULL;
}

/*
 * Docker's init layer: <data_root>/init, shared by every container, above the
 * image's layers holds the mount points the engine binds (/etc/hosts...), so they
 * never land in the upper dir (nor in a commit).
 */
static int add_init_layer(char **opts, struct sixd_error **err)
{
	static const char key[] = "lowerdir=";
	char *with = NULL;

	if (strncmp(*opts, key, strlen(key)) != 0 ||
	    asprintf(&with, "%s%s:%s", key, SIXD_ROOTFS_INIT, *opts + strlen(key)) < 0)
		return sixd_error_set(err, ENOMEM, "cannot build the overlay options");
	free(*opts);
	*opts = with;
	return 0;
}

/* " (<the kernel's own words>)" on a failed fsconfig, from its "e overlayfs: ..." log line, or "".
 */
static const char *overlay_kernel_message(int fsfd, char *buf, size_t size)
{
	int saved = errno;
	char line[200];
	ssize_t n = read(fsfd, line, sizeof(line) - 1);

	errno = saved;
	if (n <= 2 || line[1] != ' ')
		return "";
	line[n] = '\0';
	line[strcspn(line, "\n")] = '\0';
	snprintf(buf, size, " (%s)", line + 2);
	return buf;
}

/* fsconfig's strings are at most 256 bytes with the NUL (the kernel's strndup_user) */
#define FSCONFIG_STRING_MAX 255

/*
 * The layers of lowers ("a:b:c", top first) one by one ("lowerdir+"); 1 when
 * the kernel takes no "lowerdir+" (before 6.8) and lowers is too long for one
 * "lowerdir".
 */
static int set_lowers(int fsfd, const char *lowers, const char *what, struct sixd_error **err)
{
	char layer[PATH_MAX], msg[256];

	for (const char *l = lowers; *l; l += strcspn(l, ":") + (l[strcspn(l, ":")] == ':')) {
		snprintf(layer, sizeof(layer), "%.*s", (int)strcspn(l, ":"), l);
		if (fsconfig(fsfd, FSCONFIG_SET_STRING, "lowerdir+", layer, 0) == 0)
			continue;
		if (l != lowers || errno != EINVAL)
			return sixd_error_set(
				err, errno, "cannot add the layer '%s' to the overlay of %s%s",
				layer, what, overlay_kernel_message(fsfd, msg, sizeof(msg)));
		/* an older kernel: the whole list at once, if it fits */
		if (strlen(lowers) > FSCONFIG_STRING_MAX)
			return 1;
		if (fsconfig(fsfd, FSCONFIG_SET_STRING, "lowerdir", lowers, 0) < 0)
			return sixd_error_set(
				err, errno, "cannot set the layers of the overlay of %s to '%s'%s",
				what, lowers, overlay_kernel_message(fsfd, msg, sizeof(msg)));
		return 0;
	}
	return 0;
}

/*
 * fsconfig() each "key=value" of the comma-separated opts (relative paths: no
 * commas) and create the super block; 1 when the layers need mount(2) instead.
 */
static int overlay_configure(int fsfd, char *opts, const char *what, struct sixd_error **err)
{
	char *save = NULL, msg[256];

	/* the source /proc/mounts shows, as Docker's */
	if (fsconfig(fsfd, FSCONFIG_SET_STRING, "source", "overlay", 0) < 0)
		return sixd_error_set(err, errno, "cannot name the overlay of %s", what);
	for (char *kv = strtok_r(opts, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *value = strchr(kv, '=');
		int rc;

		if (value == NULL) { /* a flag: volatile */
			if (fsconfig(fsfd, FSCONFIG_SET_FLAG, kv, NULL, 0) < 0)
				return sixd_error_set(
					err, errno, "cannot make the overlay of %s %s%s", what, kv,
					overlay_kernel_message(fsfd, msg, sizeof(msg)));
			continue;
		}
		*value++ = '\0';
		if (strcmp(kv, "lowerdir") == 0) {
			if ((rc = set_lowers(fsfd, value, what, err)) != 0)
				return rc;
			continue;
		}
		if (fsconfig(fsfd, FSCONFIG_SET_STRING, kv, value, 0) < 0)
			return sixd_error_set(
				err, errno, "cannot set the %s of the overlay of %s to '%s'%s", kv,
				what, value, overlay_kernel_message(fsfd, msg, sizeof(msg)));
	}
	if (fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return sixd_error_set(err, errno, "cannot create the overlay of %s%s", what,
				      overlay_kernel_message(fsfd, msg, sizeof(msg)));
	return 0;
}

/*
 * The kernel leaves work/work/incompat/volatile after a volatile mount and
 * refuses the next mount while it is there (after a crash the upper may be
 * torn).  The container's record lives on a tmpfs: if it is there to be
 * started again, the machine did not crash since.
 */
static int clear_volatile_mark(const char *container_dir, struct sixd_error **err)
{
	_cleanup_free_ char *mark = NULL;

	if (asprintf(&mark, "%s/work/work/incompat", container_dir) < 0)
		return sixd_error_set(err, ENOMEM, "cannot build the overlay");
	return sixd_rm_rf(mark, err); /* nothing to do if it is not there */
}

/*
 * Layer links and the mount point <data_root>/mnt made, the cwd the data root:
 * the mount options and the name for errors.
 */
static int overlay_prepare(const struct sixd_overlay *o, char **opts, char **what,
			   struct sixd_error **err)
{
	if (asprintf(what, "'%s/%s'", o->data_root, o->container_dir) < 0) {
		*what = NULL;
		return sixd_error_set(err, ENOMEM, "cannot build the overlay");
	}
	if (chdir(o->data_root) < 0)
		return sixd_error_set(err, errno, "cannot enter the data root '%s'", o->data_root);
	if (mkdir(SIXD_ROOTFS_MNT, 0700) < 0 && errno != EEXIST)
		return sixd_error_set(err, errno, "cannot create '%s/%s'", o->data_root,
				      SIXD_ROOTFS_MNT);
	/* short lowerdir paths (l/<16 hex>), so that many layers fit the page */
	for (char *const *l = o->layers; l && *l; l++)
		if (sixd_layer_link(".", *l, err) < 0)
			return -1;
	if (clear_volatile_mark(o->container_dir, err) < 0)
		return -1;
	*opts = sixd_rootfs_overlay_options(o->layers, o->container_dir, err);
	if (*opts == NULL || (o->init_layer && add_init_layer(opts, err) < 0))
		return -1;
	if (o->volatile_upper) {
		char *with = NULL;

		if (asprintf(&with, "%s,volatile", *opts) < 0)
			return sixd_error_set(err, ENOMEM, "cannot build the overlay options");
		free(*opts);
		*opts = with;
	}
	return 0;
}

/* mount(2) on <data_root>/mnt in a mount namespace of the caller's own, then a detached clone. */
static int overlay_cloned(const char *opts, const char *what, struct sixd_error **err)
{
	int fd;

	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return sixd_error_set(err, errno,
				      "cannot make a mount namespace for the overlay of %s", what);
	if (mount("overlay", SIXD_ROOTFS_MNT, "overlay", MS_NODEV, opts) < 0)
		return sixd_error_set(err, errno, "cannot mount the overlay of %s", what);
	fd = open_tree(AT_FDCWD, SIXD_ROOTFS_MNT, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (fd < 0)
		sixd_error_set(err, errno, "cannot clone the overlay of %s", what);
	umount2(SIXD_ROOTFS_MNT, MNT_DETACH);
	return fd;
}

int sixd_rootfs_overlay_by_mount(const struct sixd_overlay *o, struct sixd_error **err)
{
	_cleanup_free_ char *opts = NULL, *what = NULL;

	if (overlay_prepare(o, &opts, &what, err) < 0)
		return -1;
	return overlay_cloned(opts, what, err);
}

int sixd_rootfs_overlay_detached(const struct sixd_overlay *o, struct sixd_error **err)
{
	_cleanup_free_ char *opts = NULL, *what = NULL, *copy = NULL;
	_cleanup_close_ int fsfd = -1;
	int mnt, rc;

	if (overlay_prepare(o, &opts, &what, err) < 0)
		return -1;
	copy = strdup(opts);
	if (copy == NULL)
		return sixd_error_set(err, ENOMEM, "cannot build the overlay");
	fsfd = fsopen("overlay", FSOPEN_CLOEXEC);
	if (fsfd < 0)
		return sixd_error_set(err, errno, "cannot create an overlay");
	rc = overlay_configure(fsfd, copy, what, err);
	if (rc == 1)
		return overlay_cloned(opts, what, err);
	if (rc < 0)
		return -1;
	mnt = fsmount(fsfd, FSMOUNT_CLOEXEC, MOUNT_ATTR_NODEV);
	if (mnt < 0)
		return sixd_error_set(err, errno, "cannot mount the overlay of %s", what);
	return mnt;
}

/*
 * Attach the container's overlay (sixd_rootfs_overlay_detached) on
 * <data_root>/mnt.  Every container mounts its root on that one directory, each
 * in its own mount namespace, so a start makes no mount point of its own (the
 * overlay's maker makes it once).
 */
static int attach_overlay(const struct sixd_rootfs_config *cfg, struct sixd_error **err)
{
	if (chdir(cfg->data_root) < 0)
		return sixd_error_set(err, errno, "cannot enter the data root '%s'",
				      cfg->data_root);
	if (move_mount(cfg->overlay_fd, "", AT_FDCWD, SIXD_ROOTFS_MNT, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return sixd_error_set(err, errno, "cannot mount the overlay on '%s/%s'",
				      cfg->data_root, SIXD_ROOTFS_MNT);
	return 0;
}

static bool same_inode(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* Bind a host path onto a target in the rootfs, race-free, with the new mount API. */
static int mount_volume(int rootfd, const struct sixd_volume *v, struct sixd_error **err)
{
	struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY};
	_cleanup_close_ int tree = -1, target = -1;
	struct stat st;

	tree = open_tree(AT_FDCWD, v->source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (tree < 0 || fstat(tree, &st) < 0)
		return sixd_error_set(err, errno, "cannot open volume source '%s'", v->source);
	if (v->readonly &&
	    mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) < 0)
		return sixd_error_set(err, errno, "cannot make volume '%s' read-only", v->source);
	target = ensure_path(rootfd, v->target + 1, S_ISDIR(st.st_mode), RESOLVE_SCOPED, err);
	if (target < 0)
		return sixd_error_wrap(err, "volume '%s'", v->target);
	if (same_inode(target, rootfd)) /* a symlink to "/", maybe swapped in during start */
		return sixd_error_set(err, EINVAL, "volume '%s' resolves to the container's root",
				      v->target);
	if (move_mount(tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return sixd_error_set(err, errno, "cannot mount volume '%s' on '%s'", v->source,
				      v->target);
	return 0;
}

/* A --tmpfs at its target in the rootfs (symlinks followed, never out of it). */
static int mount_tmpfs(int rootfd, const struct sixd_tmpfs *t, struct sixd_error **err)
{
	_cleanup_close_ int fd = ensure_path(rootfd, t->target + 1, true, RESOLVE_SCOPED, err);

	if (fd < 0)
		return sixd_error_wrap(err, "tmpfs '%s'", t->target);
	if (mount_on_fd("tmpfs", fd, "tmpfs", t->flags, t->data) < 0)
		return sixd_error_set(err, errno, "cannot mount tmpfs on '%s' (%s)", t->target,
				      t->data ? t->data : "");
	return 0;
}

/* --read-only: the overlay root alone (/proc, /dev, volumes, tmpfs keep their modes). */
static int make_root_readonly(int rootfd, struct sixd_error **err)
{
	struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY};

	if (mount_setattr(rootfd, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0)
		return sixd_error_set(err, errno, "cannot make the rootfs read-only");
	return 0;
}

static const struct {
	const char *name;
	unsigned int major, minor;
} std_devices[] = {
	{"null", 1, 3},	  {"zero", 1, 5},    {"full", 1, 7},
	{"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
};

static const struct {
	const char *name, *target;
} std_links[] = {
	{"fd", "/proc/self/fd"},       {"stdin", "/proc/self/fd/0"}, {"stdout", "/proc/self/fd/1"},
	{"stderr", "/proc/self/fd/2"}, {"ptmx", "pts/ptmx"},	     {"core", "/proc/kcore"},
};

/* /dev: a tmpfs with the standard nodes and links, devpts (newinstance), shm and mqueue. */
static int setup_dev(int rootfd, struct sixd_error **err)
{
	_cleanup_close_ int devfd = -1;

	if (mount_in_root(rootfd, "dev", "tmpfs", "tmpfs", MS_NOSUID | MS_STRICTATIME,
			  "mode=755,size=65536k", err) < 0)
		return -1;
	devfd = open_in_root(rootfd, "dev", O_DIRECTORY | O_RDONLY, RESOLVE_STRICT);
	if (devfd < 0)
		return path_error(err, "/dev", "open");
	for (size_t i = 0; i < sizeof(std_devices) / sizeof(std_devices[0]); i++) {
		if (mknodat(devfd, std_devices[i].name, S_IFCHR | 0666,
			    makedev(std_devices[i].major, std_devices[i].minor)) < 0)
			return sixd_error_set(err, errno, "cannot create device '/dev/%s'",
					      std_devices[i].name);
	}
	for (size_t i = 0; i < sizeof(std_links) / sizeof(std_links[0]); i++) {
		if (symlinkat(std_links[i].target, devfd, std_links[i].name) < 0)
			return sixd_error_set(err, errno, "cannot create '/dev/%s'",
					      std_links[i].name);
	}
	if (mount_in_root(rootfd, "dev/pts", "devpts", "devpts", MS_NOSUID | MS_NOEXEC,
			  "newinstance,ptmxmode=0666,mode=0620,gid=5", err) < 0 ||
	    mount_in_root(rootfd, "dev/shm", "shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
			  "mode=1777,size=65536k", err) < 0 ||
	    mount_in_root(rootfd, "dev/mqueue", "mqueue", "mqueue",
			  MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, err) < 0)
		return -1;
	return 0;
}

/* Docker's defaults (moby oci/defaults.go), relative to the rootfs. */
static const char *const masked_paths[] = {
	"proc/acpi",	   "proc/asound",	 "proc/interrupts",  "proc/kcore",
	"proc/keys",	   "proc/latency_stats", "proc/sched_debug", "proc/scsi",
	"proc/timer_list", "proc/timer_stats",	 "sys/firmware",     "sys/devices/virtual/powercap",
};

static const char *const readonly_paths[] = {
	"proc/bus", "proc/fs", "proc/irq", "proc/sys", "proc/sysrq-trigger",
};

/* Hide path: /dev/null (nullfd) over a file, an empty read-only tmpfs over a directory. */
static int mask_path(int rootfd, int nullfd, const char *path, struct sixd_error **err)
{
	_cleanup_close_ int fd = open_in_root(rootfd, path, O_PATH, RESOLVE_STRICT);
	char source[64];
	struct stat st;

	if (fd < 0)
		return errno == ENOENT ? 0 : path_error(err, path, "mask");
	if (fstat(fd, &st) < 0)
		return sixd_error_set(err, errno, "cannot mask '/%s'", path);
	snprintf(source, sizeof(source), "/proc/self/fd/%d", nullfd);
	if (S_ISDIR(st.st_mode) ? mount_on_fd("tmpfs", fd, "tmpfs",
					      MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
					      "size=0,mode=755") < 0
				: mount_on_fd(source, fd, NULL, MS_BIND, NULL) < 0)
		return sixd_error_set(err, errno, "cannot mask '/%s'", path);
	return 0;
}

/* Make path read-only: a bind of itself, read-only, moved onto it. */
static int readonly_path(int rootfd, const char *path, struct sixd_error **err)
{
	struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
					      MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC};
	_cleanup_close_ int fd = open_in_root(rootfd, path, O_PATH, RESOLVE_STRICT);
	_cleanup_close_ int tree = -1;

	if (fd < 0)
		return errno == ENOENT ? 0 : path_error(err, path, "make read-only");
	tree = open_tree(fd, "",
			 OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);
	if (tree < 0 ||
	    mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) < 0 ||
	    move_mount(tree, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return sixd_error_set(err, errno, "cannot make '/%s' read-only", path);
	return 0;
}

/* /sys/devices/system/cpu/cpu<N>/thermal_throttle, for every cpu. */
static int mask_thermal_throttle(int rootfd, int nullfd, struct sixd_error **err)
{
	_cleanup_closedir_ DIR *dir = NULL;
	struct dirent *de;
	int fd;

	fd = open_in_root(rootfd, "sys/devices/system/cpu", O_RDONLY | O_DIRECTORY, RESOLVE_STRICT);
	if (fd < 0)
		return errno == ENOENT ? 0 : path_error(err, "/sys/devices/system/cpu", "mask");
	dir = fdopendir(fd);
	if (dir == NULL) {
		close(fd);
		return sixd_error_set(err, errno, "cannot read '/sys/devices/system/cpu'");
	}
	while ((de = readdir(dir)) != NULL) {
		char path[300];

		if (strncmp(de->d_name, "cpu", 3) != 0 || de->d_name[3] < '0' ||
		    de->d_name[3] > '9' || de->d_name[strspn(de->d_name + 3, "0123456789") + 3])
			continue;
		snprintf(path, sizeof(path), "sys/devices/system/cpu/%s/thermal_throttle",
			 de->d_name);
		if (mask_path(rootfd, nullfd, path, err) < 0)
			return -1;
	}
	return 0;
}

/* Docker's masked and read-only paths; after /proc, /sys and /dev are mounted. */
static int mask_paths(int rootfd, struct sixd_error **err)
{
	_cleanup_close_ int nullfd = open_in_root(rootfd, "dev/null", O_PATH, RESOLVE_STRICT);

	if (nullfd < 0)
		return path_error(err, "/dev/null", "open");
	for (size_t i = 0; i < sizeof(masked_paths) / sizeof(masked_paths[0]); i++)
		if (mask_path(rootfd, nullfd, masked_paths[i], err) < 0)
			return -1;
	if (mask_thermal_throttle(rootfd, nullfd, err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(readonly_paths) / sizeof(readonly_paths[0]); i++)
		if (readonly_path(rootfd, readonly_paths[i], err) < 0)
			return -1;
	return 0;
}

/* A pty from the container's own devpts; its slave is bound onto /dev/console. */
static int setup_console(int rootfd, int *master_out, int *slave_out, struct sixd_error **err)
{
	_cleanup_close_ int master = -1, slave = -1, console = -1;
	char source[64];
	int unlock = 0;

	master = open_in_root(rootfd, "dev/pts/ptmx", O_RDWR | O_NOCTTY, RESOLVE_STRICT);
	if (master < 0)
		return sixd_error_set(err, errno, "cannot open '/dev/pts/ptmx' in the container");
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0)
		return sixd_error_set(err, errno, "cannot unlock the console pty");
	slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		return sixd_error_set(err, errno, "cannot open the console pty");
	console = ensure_path(rootfd, "dev/console", false, RESOLVE_STRICT, err);
	if (console < 0)
		return -1;
	snprintf(source, sizeof(source), "/proc/self/fd/%d", slave);
	if (mount_on_fd(source, console, NULL, MS_BIND, NULL) < 0)
		return sixd_error_set(err, errno, "cannot bind the pty onto '/dev/console'");
	*master_out = steal_fd(master);
	*slave_out = steal_fd(slave);
	return 0;
}

int sixd_rootfs_prepare(const struct sixd_rootfs_config *cfg, int *pty_master, int *pty_slave,
			struct sixd_error **err)
{
	_cleanup_close_ int rootfd = -1;

	*pty_master = *pty_slave = -1;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return sixd_error_set(err, errno, "cannot make mount propagation private");
	if (attach_overlay(cfg, err) < 0)
		return -1;
	rootfd = open(SIXD_ROOTFS_MNT, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return sixd_error_set(err, errno, "cannot open the rootfs '%s/%s'", cfg->data_root,
				      SIXD_ROOTFS_MNT);
	for (size_t i = 0; i < cfg->n_volumes; i++)
		if (mount_volume(rootfd, &cfg->volumes[i], err) < 0)
			return -1;
	for (size_t i = 0; i < cfg->n_tmpfs; i++)
		if (mount_tmpfs(rootfd, &cfg->tmpfs[i], err) < 0)
			return -1;
	if (mount_in_root(rootfd, "proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL,
			  err) < 0 ||
	    mount_in_root(rootfd, "sys", "sysfs", "sysfs",
			  MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, err) < 0 ||
	    setup_dev(rootfd, err) < 0)
		return -1;
	if (cfg->devices && sixd_devices_create(rootfd, cfg->devices, err) < 0)
		return -1;
	if (cfg->mask_paths && mask_paths(rootfd, err) < 0)
		return -1;
	if (cfg->tty && setup_console(rootfd, pty_master, pty_slave, err) < 0)
		return -1;
	if (cfg->workdir && strspn(cfg->workdir, "/") < strlen(cfg->workdir)) {
		/* as Docker, a missing working directory is made, in the rootfs, before --read-only
		 */
		_cleanup_close_ int wd =
			ensure_path(rootfd, cfg->workdir, true, RESOLVE_SCOPED, err);

		if (wd < 0)
			return sixd_error_wrap(err, "working directory '%s'", cfg->workdir);
	}
	if (cfg->read_only && make_root_readonly(rootfd, err) < 0)
		return -1;
	return 0;
}

int sixd_rootfs_pivot(const struct sixd_rootfs_config *cfg, struct sixd_error **err)
{
	_cleanup_free_ char *merged = NULL;

	if (asprintf(&merged, "%s/%s", cfg->data_root, SIXD_ROOTFS_MNT) < 0)
		return sixd_error_set(err, ENOMEM, "cannot pivot_root");
	if (chdir(merged) < 0)
		return sixd_error_set(err, errno, "cannot enter the rootfs '%s'", merged);
	/* stack the old root under the new one, then detach it (no temporary directory) */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return sixd_error_set(err, errno, "cannot pivot_root to '%s'", merged);
	if (umount2(".", MNT_DETACH) < 0)
		return sixd_error_set(err, errno, "cannot detach the old root");
	if (chdir("/") < 0)
		return sixd_error_set(err, errno, "cannot enter the new root");
	return 0;
}

int sixd_volume_parse(const char *spec, struct sixd_volume *out, struct sixd_error **err)
{
	_cleanup_free_ char *copy = strdup(spec);
	char *src, *dst, *mode;

	memset(out, 0, sizeof(*out));
	if (copy == NULL)
		return sixd_error_set(err, ENOMEM, "cannot parse volume '%s'", spec);
	src = copy;
	dst = strchr(src, ':');
	if (dst == NULL)
		return sixd_error_set(
			err, EINVAL,
			"invalid volume '%s': expected /host/path:/container/path[:ro|rw]", spec);
	*dst++ = '\0';
	mode = strchr(dst, ':');
	if (mode)
		*mode++ = '\0';
	if (src[0] != '/')
		return sixd_error_set(err, EINVAL,
				      "invalid volume '%s': the host path '%s' must be absolute",
				      spec, src);
	if (dst[0] != '/' || strspn(dst, "/") == strlen(dst))
		return sixd_error_set(
			err, EINVAL,
			"invalid volume '%s': the container path '%s' must be absolute and not '/'",
			spec, dst);
	if (mode && strcmp(mode, "ro") != 0 && strcmp(mode, "rw") != 0)
		return sixd_error_set(err, EINVAL, "invalid volume '%s': unknown mode '%s'", spec,
				      mode);
	out->source = strdup(src);
	out->target = strdup(dst);
	out->readonly = mode && strcmp(mode, "ro") == 0;
	if (out->source == NULL || out->target == NULL) {
		free(steal_ptr(out->source));
		free(steal_ptr(out->target));
		return sixd_error_set(err, ENOMEM, "cannot parse volume '%s'", spec);
	}
	return 0;
}
