// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sixd_cgroup handle, the cgroup mount points (from /proc/self/mountinfo,
 * read once per process) and writing a cgroup file.
 *
 * sixdocker drives cgroupfs with plain mkdir, write and rmdir.  It used
 * libcgroup before; its cgroup_init() alone parsed the mount table again for
 * every cgroup it created and touched about 2 MiB of tables in each process,
 * on the path of every container start.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include "cgroup_internal.h"
#include "util.h"

struct cg_mount {
	char *path;
	char *opts; /* super options: the controllers of a v1 hierarchy */
	bool v2;
};

static struct cg_mount *mounts;
static size_t n_mounts;
static bool mounts_read;

/* The host's mode, from the filesystem type of SIXD_CGROUP_ROOT. */
enum sixd_cgroup_mode sixd_cgroup_mode(void)
{
	struct statfs sfs;

	if (statfs(SIXD_CGROUP_ROOT, &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC)
		return SIXD_CGROUP_V2;
	return SIXD_CGROUP_V1;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* One mountinfo line: "id parent maj:min root mountpoint opts [tags] - fstype source super". */
static void add_mount(char *line)
{
	char *fields[5], *sep = strstr(line, " - "), *save = NULL, *fstype, *super;
	struct cg_mount *grown;
	size_t i = 0;

	if (sep == NULL)
		return;
	*sep = '\0';
	for (char *f = strtok_r(line, " ", &save); f && i < 5; f = strtok_r(NULL, " ", &save))
		fields[i++] = f;
	fstype = strtok_r(sep + 3, " ", &save);
	if (i < 5 || fstype == NULL || strtok_r(NULL, " ", &save) == NULL)
		return;
	super = strtok_r(NULL, " \n", &save);
	if (strcmp(fstype, "cgroup") != 0 && strcmp(fstype, "cgroup2") != 0)
		return;
	grown = realloc(mounts, (n_mounts + 1) * sizeof(*mounts));
	if (grown == NULL)
		return;
	mounts = grown;
	unescape(fields[4]);
	mounts[n_mounts] = (struct cg_mount){.path = strdup(fields[4]),
					     .opts = strdup(super ? super : ""),
					     .v2 = strcmp(fstype, "cgroup2") == 0};
	if (mounts[n_mounts].path && mounts[n_mounts].opts)
		n_mounts++;
}

static void parse_mounts(char *text)
{
	char *save = NULL;

	for (char *l = text ? strtok_r(text, "\n", &save) : NULL; l;
	     l = strtok_r(NULL, "\n", &save))
		add_mount(l);
}

void sixd_cgroup_mounts_load(const char *mountinfo)
{
	_cleanup_free_ char *copy = mountinfo ? strdup(mountinfo) : NULL;

	for (size_t i = 0; i < n_mounts; i++) {
		free(mounts[i].path);
		free(mounts[i].opts);
	}
	free(mounts);
	mounts = NULL;
	n_mounts = 0;
	mounts_read = mountinfo != NULL;
	parse_mounts(copy);
}

static void read_mounts(void)
{
	_cleanup_free_ char *text = NULL;

	if (mounts_read)
		return;
	mounts_read = true;
	text = sixd_read_file("/proc/self/mountinfo", NULL, NULL);
	parse_mounts(text);
}

static bool has_token(const char *list, const char *word, char sep)
{
	size_t len = strlen(word);

	for (const char *p = list; p && *p;) {
		if (strncmp(p, word, len) == 0 && (p[len] == '\0' || p[len] == sep))
			return true;
		p = strchr(p, sep);
		if (p)
			p++;
	}
	return false;
}

/* A cgroup2 mount offers the controllers listed in its root's cgroup.controllers. */
static bool v2_offers(const char *mnt, const char *controller)
{
	_cleanup_free_ char *path = NULL, *list = NULL;

	if (asprintf(&path, "%s/cgroup.controllers", mnt) < 0)
		return false;
	list = sixd_read_file(path, NULL, NULL);
	if (list)
		list[strcspn(list, "\n")] = '\0';
	return list && has_token(list, controller, ' ');
}

/*
 * v1: the first cgroup hierarchy with controller among its super options; a
 * hybrid host's cgroup2 tree does not count.  v2: the cgroup2 mount at
 * SIXD_CGROUP_ROOT if it offers controller.
 */
char *sixd_cgroup_mount_point(enum sixd_cgroup_mode mode, const char *controller)
{
	read_mounts();
	for (size_t i = 0; i < n_mounts; i++) {
		const struct cg_mount *m = &mounts[i];

		if (mode == SIXD_CGROUP_V1 && !m->v2 && has_token(m->opts, controller, ','))
			return strdup(m->path);
		if (mode == SIXD_CGROUP_V2 && m->v2 && strcmp(m->path, SIXD_CGROUP_ROOT) == 0)
			return v2_offers(m->path, controller) ? strdup(m->path) : NULL;
	}
	return NULL;
}

int sixd_cgroup_write(const char *dir, const char *file, const char *value, struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_close_ int fd = -1;

	if (asprintf(&path, "%s/%s", dir, file) < 0)
		return sixd_error_set(err, ENOMEM, "cannot write '%s'", file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || sixd_write_all(fd, value, strlen(value)) < 0)
		return sixd_error_set(err, errno, "cannot write '%s' to '%s'", value, path);
	return 0;
}

static bool valid_part(const char *s, bool slash_ok)
{
	if (s == NULL || *s == '\0' || *s == '/' || strstr(s, "..") != NULL)
		return false;
	return slash_ok || strchr(s, '/') == NULL;
}

struct sixd_cgroup *sixd_cgroup_alloc(enum sixd_cgroup_mode mode, const char *parent,
				      const char *name, struct sixd_error **err)
{
	_cleanup_cgroup_ struct sixd_cgroup *cg = NULL;
	_cleanup_free_ char *dir = NULL;

	if (!valid_part(parent, true) || !valid_part(name, false)) {
		sixd_error_set(err, EINVAL, "invalid cgroup name '%s/%s'", parent ? parent : "",
			       name ? name : "");
		return NULL;
	}
	cg = calloc(1, sizeof(*cg));
	if (cg == NULL || asprintf(&cg->rel, "%s/%s", parent, name) < 0)
		goto nomem;
	cg->mode = mode;
	/* v2 has one directory whatever the controllers */
	if (mode == SIXD_CGROUP_V2) {
		if (asprintf(&dir, "%s/%s", SIXD_CGROUP_ROOT, cg->rel) < 0 ||
		    sixd_strv_append(&cg->dirs, dir) < 0)
			goto nomem;
	}
	return steal_ptr(cg);
nomem:
	sixd_error_set(err, ENOMEM, "cannot allocate cgroup '%s/%s'", parent, name);
	return NULL;
}

static bool strv_contains(char *const *v, const char *s)
{
	for (; v && *v; v++) {
		if (strcmp(*v, s) == 0)
			return true;
	}
	return false;
}

bool sixd_cgroup_uses(const struct sixd_cgroup *cg, const char *controller)
{
	return strv_contains(cg->controllers, controller);
}

int sixd_cgroup_use(struct sixd_cgroup *cg, const char *controller, const char *mnt,
		    struct sixd_error **err)
{
	_cleanup_free_ char *dir = NULL;

	if (sixd_strv_append(&cg->controllers, controller) < 0)
		return sixd_error_set(err, ENOMEM, "cannot add controller '%s'", controller);
	if (cg->mode == SIXD_CGROUP_V2)
		return 0;
	/* co-mounted controllers (cpu,cpuacct) share one directory */
	if (asprintf(&dir, "%s/%s", mnt, cg->rel) < 0)
		return sixd_error_set(err, ENOMEM, "cannot add controller '%s'", controller);
	if (!strv_contains(cg->dirs, dir) && sixd_strv_append(&cg->dirs, dir) < 0)
		return sixd_error_set(err, ENOMEM, "cannot add controller '%s'", controller);
	return 0;
}

/* Release the handle (the cgroup itself stays); accepts NULL. */
void sixd_cgroup_free(struct sixd_cgroup *cg)
{
	if (cg == NULL)
		return;
	sixd_strvfreep(&cg->controllers);
	sixd_strvfreep(&cg->dirs);
	free(cg->rel);
	free(cg);
}
