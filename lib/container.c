// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Container policy: what `run` makes of its options, and the container's
 * lifetime on disk (record, data directory, cgroup).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "container.h"
#include "devices.h"
#include "hardening.h"
#include "lookup.h"
#include "state.h"
#include "monitor.h"
#include "seccomp_filter.h"
#include "network.h"
#include "overlay_job.h"
#include "security.h"
#include "util.h"

#define DEFAULT_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define CGROUP_PARENT "sixdocker"
#define RANDOM_NAME_TRIES 16

int sixd_env_set(char ***env, const char *kv)
{
	size_t klen = strcspn(kv, "=");
	char *copy;

	for (size_t i = 0; *env && (*env)[i]; i++) {
		if (strncmp((*env)[i], kv, klen) == 0 && (*env)[i][klen] == '=') {
			copy = strdup(kv);
			if (copy == NULL)
				return -1;
			free((*env)[i]);
			(*env)[i] = copy;
			return 0;
		}
	}
	return sixd_strv_append(env, kv);
}

/* One -e value or env-file line: "K=V", or "K" taken from our environment if set. */
static int env_add(char ***env, const char *item, const char *origin, struct sixd_error **err)
{
	size_t klen = strcspn(item, "=");
	_cleanup_free_ char *kv = NULL;
	const char *val;

	if (klen == 0 || strcspn(item, " \t") < klen)
		return sixd_error_set(err, EINVAL, "invalid environment variable '%s'%s%s", item,
				      origin ? " in " : "", origin ? origin : "");
	if (item[klen] == '=')
		return sixd_env_set(env, item) < 0 ? sixd_error_set(err, ENOMEM, "env") : 0;
	val = getenv(item);
	if (val == NULL)
		return 0;
	if (asprintf(&kv, "%s=%s", item, val) < 0 || sixd_env_set(env, kv) < 0)
		return sixd_error_set(err, ENOMEM, "cannot build the environment");
	return 0;
}

static int env_file_add(char ***env, const char *path, struct sixd_error **err)
{
	_cleanup_free_ char *text = sixd_read_file(path, NULL, err);
	char *save = NULL;

	if (text == NULL)
		return sixd_error_wrap(err, "cannot read env file");
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		line += strspn(line, " \t");
		line[strcspn(line, "\r")] = '\0';
		if (*line == '\0' || *line == '#')
			continue;
		if (env_add(env, line, path, err) < 0)
			return -1;
	}
	return 0;
}

int sixd_env_build(char ***env, char *const *image_env, const char *hostname, bool tty,
		   char *const *env_args, char *const *env_files, struct sixd_error **err)
{
	_cleanup_free_ char *host = NULL;

	if (asprintf(&host, "HOSTNAME=%s", hostname) < 0 || sixd_env_set(env, DEFAULT_PATH) < 0 ||
	    sixd_env_set(env, host) < 0 || (tty && sixd_env_set(env, "TERM=xterm") < 0))
		return sixd_error_set(err, ENOMEM, "cannot build the environment");
	for (size_t i = 0; image_env && image_env[i]; i++)
		if (sixd_env_set(env, image_env[i]) < 0)
			return sixd_error_set(err, ENOMEM, "cannot build the environment");
	for (size_t i = 0; env_files && env_files[i]; i++)
		if (env_file_add(env, env_files[i], err) < 0)
			return -1;
	for (size_t i = 0; env_args && env_args[i]; i++)
		if (env_add(env, env_args[i], NULL, err) < 0)
			return -1;
	return 0;
}

int sixd_log_opt_parse(const char *opt, int64_t *max_size, int *max_file, struct sixd_error **err)
{
	_cleanup_free_ char *copy = strdup(opt);
	char *save = NULL;
	int64_t n;

	if (copy == NULL)
		return sixd_error_set(err, ENOMEM, "cannot parse --log-opt");
	for (char *kv = strtok_r(copy, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		if (strncmp(kv, "max-size=", 9) == 0) {
			if (sixd_parse_size(kv + 9, max_size, err) < 0 || *max_size < 4096)
				return sixd_error_set(
					err, EINVAL,
					"invalid --log-opt '%s': max-size must be at least 4k", kv);
		} else if (strncmp(kv, "max-file=", 9) == 0) {
			if (sixd_parse_int64(kv + 9, &n) < 0 || n < 1 || n > 100)
				return sixd_error_set(
					err, EINVAL,
					"invalid --log-opt '%s': max-file must be 1 to 100", kv);
			*max_file = (int)n;
		} else {
			return sixd_error_set(err, EINVAL,
					      "unknown --log-opt '%s' (max-size=SIZE, max-file=N)",
					      kv);
		}
	}
	return 0;
}

/* "busybox" and its spellings name the default image, made on first use. */
static bool names_default_image(const char *ref)
{
	_cleanup_free_ char *norm = NULL;

	return sixd_image_normalize_ref(ref, &norm, NULL) == 0 &&
	       strcmp(norm, SIXD_DEFAULT_IMAGE) == 0;
}

/* The first positional names an image, or the default image runs all positionals. */
static int resolve_image(struct sixd_container *c, const struct sixd_run_opts *o, char *const **cmd,
			 struct sixd_error **err)
{
	char *const *pos = o->positional;
	int found = 0;

	*cmd = pos;
	if (pos && pos[0] && names_default_image(pos[0])) {
		if (sixd_image_ensure_default(c->store->data_root, &c->image, err) < 0)
			return -1;
		found = 1;
	} else if (pos && pos[0]) {
		found = sixd_image_lookup(c->store->data_root, pos[0], &c->image, err);
		if (found < 0)
			return -1;
	}
	if (found) {
		c->rec.image = strdup(pos[0]);
		*cmd = pos + 1;
	} else {
		if (sixd_image_ensure_default(c->store->data_root, &c->image, err) < 0)
			return -1;
		c->rec.image = strdup(SIXD_DEFAULT_IMAGE);
	}
	c->rec.image_id = strdup(c->image->id);
	if (c->rec.image == NULL || c->rec.image_id == NULL)
		return sixd_error_set(err, ENOMEM, "cannot resolve the image");
	return 0;
}

/* The command: entrypoint + (the given command, or the image's default). */
static int build_command(struct sixd_container *c, char *const *cmd, struct sixd_error **err)
{
	char *const *tail = cmd && cmd[0] ? cmd : c->image->cmd;

	if (sixd_strv_extend(&c->rec.argv, c->image->entrypoint) < 0 ||
	    sixd_strv_extend(&c->rec.argv, tail) < 0)
		return sixd_error_set(err, ENOMEM, "cannot build the command");
	if (c->rec.argv == NULL || c->rec.argv[0][0] == '\0')
		return sixd_error_set(err, EINVAL,
				      "no command specified and image '%s' has no default",
				      c->rec.image);
	return 0;
}

static char *pick(const char *opt, const char *image_value, const char *def)
{
	if (opt && *opt)
		return strdup(opt);
	if (image_value && *image_value)
		return strdup(image_value);
	return def ? strdup(def) : NULL;
}

static int copy_volumes(struct sixd_record *r, const struct sixd_run_opts *o,
			struct sixd_error **err)
{
	r->volumes = calloc(o->n_volumes + 1, sizeof(*r->volumes));
	if (r->volumes == NULL)
		return sixd_error_set(err, ENOMEM, "cannot record the volumes");
	for (size_t i = 0; i < o->n_volumes; i++) {
		r->volumes[i].source = strdup(o->volumes[i].source);
		r->volumes[i].target = strdup(o->volumes[i].target);
		r->volumes[i].readonly = o->volumes[i].readonly;
		r->n_volumes++;
		if (!r->volumes[i].source || !r->volumes[i].target)
			return sixd_error_set(err, ENOMEM, "cannot record the volumes");
	}
	return 0;
}

/*
 * Capabilities and security options, checked here so a bad name fails before
 * anything exists; the record keeps a seccomp profile's JSON, and compiling it
 * (into the cache) checks it.
 */
static int copy_security(struct sixd_record *r, const struct sixd_run_opts *o,
			 const char *data_root, struct sixd_error **err)
{
	struct sixd_seccomp_filter filter;
	struct sixd_devices devices;
	struct sixd_security sec;

	if (sixd_strv_extend(&r->cap_add, o->cap_add) < 0 ||
	    sixd_strv_extend(&r->cap_drop, o->cap_drop) < 0)
		return sixd_error_set(err, ENOMEM, "cannot record the security options");
	if (sixd_seccomp_resolve_opts(o->security_opt, &r->security_opt, err) < 0)
		return -1;
	r->privileged = o->privileged;
	if (sixd_strv_extend(&r->devices, o->devices) < 0)
		return sixd_error_set(err, ENOMEM, "cannot record the devices");
	if (sixd_devices_from_record(r, &devices, err) < 0)
		return -1;
	sixd_devices_free(&devices);
	if (sixd_security_from_record(r, &sec, err) < 0 ||
	    sixd_seccomp_prepare(data_root, &sec, &filter, err) < 0)
		return -1;
	sixd_seccomp_filter_free(&filter);
	return 0;
}

/* --read-only, --tmpfs, --ulimit, --oom-score-adj, checked before anything exists. */
static int copy_hardening(struct sixd_record *r, const struct sixd_run_opts *o,
			  struct sixd_error **err)
{
	struct sixd_hardening hard;

	if (sixd_strv_extend(&r->tmpfs, o->tmpfs) < 0 ||
	    sixd_strv_extend(&r->ulimits, o->ulimits) < 0)
		return sixd_error_set(err, ENOMEM, "cannot record the tmpfs mounts and ulimits");
	r->read_only = o->read_only;
	r->oom_score_adj = o->oom_score_adj;
	if (sixd_hardening_from_record(r, &hard, err) < 0)
		return -1;
	sixd_hardening_free(&hard);
	return 0;
}

/* With --network host the hostname defaults to the host's, as in Docker. */
static const char *host_network_name(const struct sixd_run_opts *o, char *buf, size_t len)
{
	if (o->network == NULL || strcmp(o->network, "host") != 0 || gethostname(buf, len) < 0)
		return NULL;
	buf[len - 1] = '\0';
	return buf;
}

static int build_record(struct sixd_container *c, const struct sixd_run_opts *o, char *const *cmd,
			struct sixd_error **err)
{
	struct sixd_record *r = &c->rec;
	char shortid[SIXD_SHORT_ID_LEN + 1], host[256];

	if (sixd_gen_id(r->id, err) < 0 || build_command(c, cmd, err) < 0 ||
	    copy_security(r, o, c->store->data_root, err) < 0 || copy_hardening(r, o, err) < 0)
		return -1;
	memcpy(shortid, r->id, SIXD_SHORT_ID_LEN);
	shortid[SIXD_SHORT_ID_LEN] = '\0';
	r->hostname = pick(o->hostname, host_network_name(o, host, sizeof(host)), shortid);
	r->workdir = pick(o->workdir, c->image->workdir, "/");
	r->user = pick(o->user, c->image->user, "");
	r->cgroup_parent = strdup(CGROUP_PARENT);
	if (!r->hostname || !r->workdir || !r->user || !r->cgroup_parent)
		return sixd_error_set(err, ENOMEM, "cannot build the record");
	if (r->workdir[0] != '/')
		return sixd_error_set(
			err, EINVAL,
			"the working directory '%s' is invalid, it needs to be an absolute path",
			r->workdir);
	if (sixd_env_build(&r->env, c->image->env, r->hostname, o->tty, o->env_args, o->env_files,
			   err) < 0)
		return -1;
	r->tty = o->tty;
	r->interactive = o->interactive;
	r->detach = o->detach;
	r->auto_remove = o->auto_remove;
	r->stop_signal = o->stop_signal;
	r->stop_timeout = o->stop_timeout;
	r->log_max_size = o->log_max_size > 0 ? o->log_max_size : SIXD_LOG_MAX_SIZE;
	r->log_max_file = o->log_max_file > 0 ? o->log_max_file : SIXD_LOG_MAX_FILE;
	r->created = sixd_now_ns();
	r->status = SIXD_STATUS_CREATED;
	r->resources = o->resources;
	r->resources.cpuset_cpus =
		o->resources.cpuset_cpus ? strdup(o->resources.cpuset_cpus) : NULL;
	return copy_volumes(r, o, err);
}

/* Reserve the given name, or a random one (retrying on collisions). */
static int reserve_name(struct sixd_container *c, const char *name, struct sixd_error **err)
{
	if (name) {
		if (!sixd_valid_name(name))
			return sixd_error_set(
				err, EINVAL,
				"invalid container name \"%s\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed",
				name);
		c->rec.name = strdup(name);
		if (c->rec.name == NULL || sixd_store_reserve(c->store, name, err) < 0)
			return -1;
		c->name_reserved = true;
		return 0;
	}
	for (int i = 0; i < RANDOM_NAME_TRIES; i++) {
		free(c->rec.name);
		c->rec.name = sixd_random_name();
		if (c->rec.name == NULL)
			return sixd_error_set(err, ENOMEM, "cannot name the container");
		if (sixd_store_reserve(c->store, c->rec.name, NULL) == 0) {
			c->name_reserved = true;
			return 0;
		}
	}
	/* a crowded host: fall back to the short id, unique by construction */
	free(c->rec.name);
	c->rec.name = strndup(c->rec.id, SIXD_SHORT_ID_LEN);
	if (c->rec.name == NULL || sixd_store_reserve(c->store, c->rec.name, err) < 0)
		return -1;
	c->name_reserved = true;
	return 0;
}

/*
 * Mark <data>/containers a top of directory hierarchies (ext4's FS_TOPDIR_FL),
 * so that the allocator spreads the container directories, and the inodes made
 * in them, over the block groups: on ext4 without a journal, a new inode skips
 * every inode of its group deleted in the last minutes, and containers made and
 * removed in one place make each start slower than the last.  Best effort.
 */
static void spread_containers(const char *dir)
{
	_cleanup_close_ int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int flags;

	if (fd < 0 || ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0 || (flags & FS_TOPDIR_FL))
		return;
	flags |= FS_TOPDIR_FL;
	ioctl(fd, FS_IOC_SETFLAGS, &flags);
}

static int prepare_dirs(struct sixd_container *c, struct sixd_error **err)
{
	static const char *const subdirs[] = {"upper", "work"};
	struct sixd_record *r = &c->rec;
	_cleanup_free_ char *parent = NULL;

	if (asprintf(&parent, "%s/containers", c->store->data_root) < 0 ||
	    asprintf(&c->rel_dir, "containers/%s", r->id) < 0 ||
	    asprintf(&c->dir, "%s/%s", c->store->data_root, c->rel_dir) < 0 ||
	    asprintf(&r->log_path, "%s/container.log", c->dir) < 0)
		return sixd_error_set(err, ENOMEM, "cannot prepare the container directory");
	if (sixd_mkdir_p(parent, 0710, err) < 0)
		return -1;
	spread_containers(parent);
	if (mkdir(c->dir, 0710) < 0)
		return sixd_error_set(err, errno, "cannot create '%s'", c->dir);
	for (size_t i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
		_cleanup_free_ char *p = NULL;

		if (asprintf(&p, "%s/%s", c->dir, subdirs[i]) < 0)
			return sixd_error_set(err, ENOMEM,
					      "cannot prepare the container directory");
		if (mkdir(p, 0755) < 0)
			return sixd_error_set(err, errno, "cannot create '%s'", p);
	}
	/* Docker creates a missing volume source on the host */
	for (size_t i = 0; i < r->n_volumes; i++)
		if (sixd_mkdir_p(r->volumes[i].source, 0755, err) < 0)
			return sixd_error_wrap(err, "volume '%s'", r->volumes[i].source);
	return 0;
}

int sixd_container_save(struct sixd_container *c, struct sixd_error **err)
{
	_cleanup_close_ int lock = sixd_store_lock(c->store, c->rec.name, err);

	if (lock < 0)
		return -1;
	return sixd_store_write(c->store, &c->rec, err);
}

/* Containers of --network none or host hold no endpoint in any network. */
int sixd_container_destroy(struct sixd_container *c, struct sixd_error **err)
{
	int rc = 0;

	sixd_overlay_job_cancel(steal_ptr(c->overlay)); /* it works in c->dir */
	if (c->cg) {
		if (sixd_cgroup_kill(c->cg, err) < 0 || sixd_cgroup_destroy(c->cg, err) < 0)
			rc = -1;
		sixd_cgroup_free(c->cg);
		c->cg = NULL;
	}
	if (c->rec.net.mode && sixd_net_release_record(c->store, &c->rec, rc < 0 ? NULL : err) < 0)
		rc = -1;
	if (c->dir && sixd_rm_rf(c->dir, rc < 0 ? NULL : err) < 0)
		rc = -1;
	if (c->name_reserved && sixd_store_release(c->store, c->rec.name, rc < 0 ? NULL : err) < 0)
		rc = -1;
	c->name_reserved = false;
	return rc;
}

void sixd_container_free(struct sixd_container *c)
{
	if (c == NULL)
		return;
	sixd_overlay_job_cancel(c->overlay);
	sixd_record_free(&c->rec);
	sixd_image_free(c->image);
	sixd_cgroup_free(c->cg);
	free(c->dir);
	free(c->rel_dir);
	memset(c, 0, sizeof(*c));
}

void sixd_container_abort(struct sixd_container *c, const struct sixd_error *cause)
{
	if (c->created_here) {
		sixd_container_destroy(c, NULL);
		return;
	}
	if (c->cg && sixd_cgroup_kill(c->cg, NULL) == 0 && sixd_cgroup_destroy(c->cg, NULL) == 0) {
		sixd_cgroup_free(c->cg);
		c->cg = NULL;
	}
	sixd_net_stop(&c->rec);
	c->rec.status = SIXD_STATUS_EXITED;
	c->rec.exit_code = cause && cause->exit_code ? cause->exit_code : SIXD_EXIT_FAILURE;
	c->rec.finished = sixd_now_ns();
	sixd_container_save(c, NULL);
}

static int prepare_network(struct sixd_container *c, const struct sixd_run_opts *o,
			   struct sixd_error **err)
{
	const struct sixd_net_opts net = {
		.network = o->network,
		.publish = o->publish,
		.expose = o->expose,
		.publish_all = o->publish_all,
		.ip = o->ip,
		.image_exposed = c->image->exposed,
	};

	return sixd_net_create(c->store, &c->rec, &net, err);
}

static int create_cgroup(struct sixd_container *c, struct sixd_error **err);

int sixd_container_start_overlay(struct sixd_container *c, bool init_layer, struct sixd_error **err)
{
	const struct sixd_overlay o = {
		.data_root = c->store->data_root,
		.layers = c->image->layers,
		.container_dir = c->rel_dir,
		.init_layer = init_layer,
		.volatile_upper = c->rec.auto_remove,
	};

	return sixd_overlay_job_start(&c->overlay, &o, err);
}

/*
 * Everything run and create share: image, record, name, directories, network.  run
 * starts making the overlay (under the init layer of the /etc files it is about
 * to write) and makes the cgroup before
 * the network: the kernel's wait for the init's migration into it starts then
 * (sixd_cgroup_prewarm) and passes while the rest is made.  The
 * data directory comes first, so a run killed meanwhile leaves no cgroup that prune
 * cannot find through its directory (prune.h).
 */
static int prepare(struct sixd_container *c, const struct sixd_run_opts *o, bool cgroup,
		   struct sixd_error **err)
{
	char *const *cmd = NULL;

	c->created_here = true;
	if (resolve_image(c, o, &cmd, err) < 0 || build_record(c, o, cmd, err) < 0 ||
	    reserve_name(c, o->name, err) < 0)
		return -1;
	if (prepare_dirs(c, err) < 0 ||
	    (cgroup && sixd_container_start_overlay(c, true, err) < 0) ||
	    (cgroup && create_cgroup(c, err) < 0) || prepare_network(c, o, err) < 0) {
		sixd_container_destroy(c, NULL);
		return -1;
	}
	return 0;
}

int sixd_container_create(struct sixd_store *s, const struct sixd_run_opts *o,
			  struct sixd_run_result *res, struct sixd_error **err)
{
	struct sixd_container c = {.store = s};
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (prepare(&c, o, false, err) < 0)
		goto out;
	if (sixd_container_save(&c, err) < 0) {
		sixd_container_destroy(&c, NULL);
		goto out;
	}
	memcpy(res->id, c.rec.id, sizeof(res->id));
	rc = 0;
out:
	sixd_container_free(&c);
	return rc;
}

/* The container's cgroup with its limits and device rules; nothing left on failure. */
static int create_cgroup(struct sixd_container *c, struct sixd_error **err)
{
	if (sixd_cgroup_create(c->rec.cgroup_parent, c->rec.id, &c->rec.resources, &c->cg, err) < 0)
		return -1;
	if (sixd_devices_restrict(c->cg, &c->rec, err) == 0) {
		sixd_cgroup_prewarm(); /* the init joins it in a moment */
		return 0;
	}
	sixd_cgroup_destroy(c->cg, NULL);
	sixd_cgroup_free(c->cg);
	c->cg = NULL;
	return -1;
}

int sixd_container_run(struct sixd_store *s, const struct sixd_run_opts *o,
		       struct sixd_run_result *res, struct sixd_error **err)
{
	struct sixd_container c = {.store = s};
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (prepare(&c, o, true, err) < 0)
		goto out;
	if (sixd_container_save(&c, err) < 0) {
		sixd_container_destroy(&c, NULL);
		goto out;
	}
	memcpy(res->id, c.rec.id, sizeof(res->id));
	/* from here on the monitor owns the container, and cleans up after a failed start */
	rc = sixd_monitor_start(&c, &res->exit_code, err);
out:
	sixd_container_free(&c);
	return rc;
}

/* A fresh cgroup for a container started again (a stale one from a crash goes first). */
static int recreate_cgroup(struct sixd_container *c, struct sixd_error **err)
{
	struct sixd_cgroup *stale = NULL;

	if (sixd_cgroup_open(c->rec.cgroup_parent, c->rec.id, &stale, NULL) == 0) {
		int rc = sixd_cgroup_kill(stale, err) < 0 ? -1 : sixd_cgroup_destroy(stale, err);

		sixd_cgroup_free(stale);
		if (rc < 0)
			return -1;
	}
	return create_cgroup(c, err);
}

/* Load an existing container for start: its record, image and paths. */
static int load_existing(struct sixd_container *c, const char *ref, struct sixd_error **err)
{
	int found;

	if (sixd_store_lookup(c->store, ref, &c->rec, err) < 0 ||
	    sixd_container_reconcile(c->store, &c->rec, err) < 0)
		return -1;
	found = sixd_image_lookup(c->store->data_root, c->rec.image_id, &c->image, err);
	if (found <= 0)
		return found < 0 ? -1
				 : sixd_error_set(err, 0, "the image of container %s is gone", ref);
	if (asprintf(&c->rel_dir, "containers/%s", c->rec.id) < 0 ||
	    asprintf(&c->dir, "%s/%s", c->store->data_root, c->rel_dir) < 0)
		return sixd_error_set(err, ENOMEM, "cannot start container %s", ref);
	c->name_reserved = true; /* its record is its own: --rm removes it */
	return 0;
}

int sixd_container_start(struct sixd_store *s, const char *ref, bool attach, bool interactive,
			 struct sixd_run_result *res, struct sixd_error **err)
{
	struct sixd_container c = {.store = s};
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (load_existing(&c, ref, err) < 0)
		goto out;
	memcpy(res->id, c.rec.id, sizeof(res->id));
	if (c.rec.status == SIXD_STATUS_RUNNING) {
		rc = 0;
		goto out;
	}
	if (c.rec.status == SIXD_STATUS_REMOVING) {
		sixd_error_set(err, 0, "container %s is being removed", ref);
		goto out;
	}
	c.rec.detach = !attach;
	c.rec.interactive = attach && interactive;
	c.rec.exit_code = 0;
	c.rec.oom_killed = false;
	c.rec.finished = 0;
	if (recreate_cgroup(&c, err) < 0)
		goto out;
	rc = sixd_monitor_start(&c, &res->exit_code, err);
out:
	sixd_container_free(&c);
	return rc;
}
