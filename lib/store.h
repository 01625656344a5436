/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_STORE_H
#define SIXD_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cgroup.h"
#include "error.h"

/*
 * The state root (/var/run/sixdocker, --root, SIXDOCKER_ROOT) holds one
 * directory per container name with its record and lock:
 *   <root>/<name>/config.json   the record, replaced atomically (temp + rename)
 *   <root>/<name>/lock          flock(2) held while the record changes
 * The data root (/var/lib/sixdocker, --data-root, SIXDOCKER_DATA) holds images
 * and, per container, <data>/containers/<id>/{upper,work,container.log}.
 */

#define SIXD_DEFAULT_ROOT "/var/run/sixdocker"
#define SIXD_DEFAULT_DATA_ROOT "/var/lib/sixdocker"

struct sixd_store {
	char *root;
	char *data_root;
};

/* Fill s from the given paths, falling back to the environment and the defaults; mkdir both. */
int sixd_store_init(struct sixd_store *s, const char *root, const char *data_root,
		    struct sixd_error **err);
void sixd_store_fini(struct sixd_store *s);

enum sixd_status {
	SIXD_STATUS_CREATED = 0,
	SIXD_STATUS_RUNNING,
	SIXD_STATUS_EXITED,
	SIXD_STATUS_REMOVING,
};

const char *sixd_status_name(enum sixd_status st);
int sixd_status_parse(const char *s, enum sixd_status *out);

struct sixd_volume {
	char *source;
	char *target;
	bool readonly;
};

/* A container's network (lib/network.h). */
struct sixd_record_net {
	char *mode; /* "bridge", "host", "none" or a network's name; NULL (older records): none */
	char *ip;   /* its address on a bridge network, else NULL */
	int prefix_len; /* of the network's subnet */
	char *gateway;
	char **ports;  /* published ports "HOSTIP:HOSTPORT:PORT/PROTO", NULL-terminated */
	char **expose; /* exposed ports "PORT/PROTO" (the image's and --expose) */
};

/* The container record: everything later commands need to know. */
struct sixd_record {
	char id[65];
	char *name;
	char *image;	/* as the user named it, e.g. "busybox" */
	char *image_id; /* 64 hex */
	char **argv;	/* the command, NULL-terminated */
	char **env;	/* the full environment of init */
	char *workdir;
	char *user;
	char *hostname;
	bool tty;
	bool interactive;
	bool detach;
	bool auto_remove;
	int64_t created; /* ns since epoch */
	int64_t started;
	int64_t finished;
	enum sixd_status status;
	pid_t pid;	    /* init, in the host pid namespace */
	uint64_t pid_start; /* its start time, field 22 of /proc/<pid>/stat */
	pid_t monitor_pid;
	uint64_t monitor_start;
	int exit_code;
	bool oom_killed;
	int stop_signal;  /* 0: SIGTERM */
	int stop_timeout; /* seconds; -1: the default */
	struct sixd_resources resources;
	struct sixd_volume *volumes;
	size_t n_volumes;
	char *cgroup_parent; /* "sixdocker" */
	char *log_path;
	int64_t log_max_size; /* bytes before the log rotates */
	int log_max_file;     /* log files kept, the current one included */
	char **cap_add;	      /* --cap-add names, NULL-terminated */
	char **cap_drop;      /* --cap-drop names */
	char **security_opt;  /* --security-opt values */
	bool privileged;      /* all capabilities, no masked paths */
	bool read_only;	      /* --read-only: the root mounted read-only */
	char **tmpfs;	      /* --tmpfs specs "/path[:opts]" */
	char **ulimits;	      /* --ulimit specs "name=soft[:hard]" */
	int oom_score_adj;    /* --oom-score-adj; 0: inherited */
	char **devices;	      /* --device specs "HOST[:CONTAINER][:PERMS]" */
	struct sixd_record_net net;
};

void sixd_record_free(struct sixd_record *r);

/* Serialise / parse a record (unit tested round trip). */
char *sixd_record_to_json(const struct sixd_record *r, struct sixd_error **err);
int sixd_record_from_json(const char *text, struct sixd_record *r, struct sixd_error **err);

/* A name reserved this long ago without a record was left by a run that died (SIGKILL, crash). */
#define SIXD_RESERVATION_GRACE_S 60

/*
 * Reserve name: mkdir <root>/<name>.  Fails with EEXIST and the message
 * 'container name "<name>" is already in use' when another container holds it.
 * A stale reservation (no record, older than SIXD_RESERVATION_GRACE_S) is taken over.
 */
int sixd_store_reserve(struct sixd_store *s, const char *name, struct sixd_error **err);

/* Remove <root>/<name> and everything in it; a missing one is fine. */
int sixd_store_release(struct sixd_store *s, const char *name, struct sixd_error **err);

/* Take the container's lock (blocking); returns the fd to close to unlock. */
int sixd_store_lock(struct sixd_store *s, const char *name, struct sixd_error **err);

/* Write the record atomically (temp + rename).  The caller holds the lock. */
int sixd_store_write(struct sixd_store *s, const struct sixd_record *r, struct sixd_error **err);

/*
 * sixd_store_write where a full state root (ENOSPC, EDQUOT) is not an error: for
 * records whose truth the next read derives anyway (an exited init, a removal
 * under way), so that a full tmpfs never keeps a container.
 */
int sixd_store_write_if_room(struct sixd_store *s, const struct sixd_record *r,
			     struct sixd_error **err);

/* Read the record of name into r; ENOENT status if there is none. */
int sixd_store_read(struct sixd_store *s, const char *name, struct sixd_record *r,
		    struct sixd_error **err);

/* <data>/containers/<id> (newly allocated). */
char *sixd_store_container_dir(struct sixd_store *s, const char *id);

/*
 * <root>/<name> (newly allocated): the record's directory, which also holds the
 * container's hostname, hosts and resolv.conf (the state root is a tmpfs, and
 * they live exactly as long as the record).
 */
char *sixd_store_record_dir(struct sixd_store *s, const char *name);

#endif
