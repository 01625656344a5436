/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_CONTAINER_H
#define SIXD_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>

#include "cgroup.h"
#include "error.h"
#include "image.h"
#include "store.h"

struct sixd_overlay_job;

/* What `run` was asked to do, as parsed by cmd/run.c. */
struct sixd_run_opts {
	const char *name;
	char *const *positional; /* [IMAGE] [COMMAND [ARG...]] */
	char *const *env_args;	 /* -e K=V or K */
	char *const *env_files;	 /* --env-file */
	const char *workdir;
	const char *user;
	const char *hostname;
	bool tty, interactive, detach, auto_remove;
	int stop_signal;      /* 0: SIGTERM */
	int stop_timeout;     /* -1: the default */
	int64_t log_max_size; /* --log-opt max-size; 0: the default */
	int log_max_file;     /* --log-opt max-file; 0: the default */
	struct sixd_resources resources;
	const struct sixd_volume *volumes;
	size_t n_volumes;
	char *const *cap_add;	   /* --cap-add names (or ALL) */
	char *const *cap_drop;	   /* --cap-drop names (or ALL) */
	char *const *security_opt; /* --security-opt values */
	bool privileged;	   /* all capabilities, no masked paths */
	bool read_only;		   /* --read-only */
	char *const *tmpfs;	   /* --tmpfs specs */
	char *const *ulimits;	   /* --ulimit specs */
	int oom_score_adj;	   /* --oom-score-adj (0: inherited) */
	char *const *devices;	   /* --device specs */
	const char *network;	   /* --network (NULL: bridge) */
	char *const *publish;	   /* -p specs */
	char *const *expose;	   /* --expose specs */
	bool publish_all;	   /* -P */
	const char *ip;		   /* --ip */
};

#define SIXD_LOG_MAX_SIZE (10LL << 20)
#define SIXD_LOG_MAX_FILE 3

/* Parse one --log-opt value: "max-size=10m", "max-file=3", or both comma-separated. */
int sixd_log_opt_parse(const char *opt, int64_t *max_size, int *max_file, struct sixd_error **err);

struct sixd_run_result {
	char id[65];
	int exit_code; /* attached runs: the container's exit code (128+N for signal N) */
};

/*
 * Create and start a container: resolve the image, reserve the name, write the
 * record, prepare the container's directories and cgroup, then hand it to its
 * monitor.  Attached: returns when the container has exited, with its exit code.
 * Detached: returns once the command runs.  On failure nothing is left behind.
 */
int sixd_container_run(struct sixd_store *s, const struct sixd_run_opts *o,
		       struct sixd_run_result *res, struct sixd_error **err);

/* A container being created or supervised (lib-internal; used by the monitor). */
struct sixd_container {
	struct sixd_store *store;
	struct sixd_record rec;
	struct sixd_image *image;
	struct sixd_cgroup *cg;
	char *dir;     /* <data>/containers/<id> */
	char *rel_dir; /* "containers/<id>", relative to the data root */
	bool name_reserved;
	bool created_here; /* made by this command (run, create): a failed start removes it */
	struct sixd_overlay_job *overlay; /* run: its overlay in the making (monitor.c takes it) */
};

/*
 * Start making the container's overlay in c->overlay (a thread, overlay_job.h;
 * sixd_monitor_start takes it), with the shared init layer on top if init_layer,
 * volatile for --rm.
 */
int sixd_container_start_overlay(struct sixd_container *c, bool init_layer,
				 struct sixd_error **err);

/* Write the record under the container's lock. */
int sixd_container_save(struct sixd_container *c, struct sixd_error **err);

/* Remove everything the container owns: cgroup, data directory, record.  Resumable. */
int sixd_container_destroy(struct sixd_container *c, struct sixd_error **err);

/*
 * After a failed start: a container this command created is removed whole; an
 * existing one (start) loses its cgroup and is recorded as exited with the
 * failure's exit code (125 when it names none).
 */
void sixd_container_abort(struct sixd_container *c, const struct sixd_error *cause);

/*
 * Create a container as run would, without starting it: status "created", no
 * cgroup yet.  res->id gets its id.
 */
int sixd_container_create(struct sixd_store *s, const struct sixd_run_opts *o,
			  struct sixd_run_result *res, struct sixd_error **err);

/*
 * Start a created or exited container again, with the same rootfs and record.
 * attach: wait for it and set res->exit_code (interactive: relay stdin); else
 * return once it runs.  A running container is left as it is.
 */
int sixd_container_start(struct sixd_store *s, const char *ref, bool attach, bool interactive,
			 struct sixd_run_result *res, struct sixd_error **err);

/* Free the in-memory container (not what it owns on disk). */
void sixd_container_free(struct sixd_container *c);

/*
 * Build the environment of init: defaults (PATH, HOSTNAME, TERM for a tty), then
 * the image's, then -e values ("K=V", or "K" taken from the caller's environment
 * when set) and --env-file lines, later ones replacing earlier keys.
 */
int sixd_env_build(char ***env, char *const *image_env, const char *hostname, bool tty,
		   char *const *env_args, char *const *env_files, struct sixd_error **err);

/* Set "K=V" in *env, replacing an existing K. */
int sixd_env_set(char ***env, const char *kv);

#endif
