/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_CGROUP_H
#define SIXD_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

/*
 * A small cgroup API for containers over cgroupfs, for cgroup v1 (one
 * hierarchy per controller, as on hybrid hosts) and the unified v2 hierarchy.
 * Each container gets one cgroup "<parent>/<id>" (parent "sixdocker").
 */

/* Resource limits as the CLI takes them; 0 / NULL means "not set". */
struct sixd_resources {
	int64_t memory;	     /* bytes, -m */
	int64_t memory_swap; /* bytes of memory+swap, --memory-swap; -1 = unlimited */
	int64_t nano_cpus;   /* --cpus * 1e9 */
	int64_t cpu_shares;  /* --cpu-shares (v1 units, 2..262144) */
	int64_t pids_limit;  /* --pids-limit; -1 = unlimited */
	char *cpuset_cpus;   /* --cpuset-cpus, e.g. "0-1,3" */
};

enum sixd_cgroup_mode {
	SIXD_CGROUP_V1 = 1, /* legacy or hybrid: controllers on v1 hierarchies */
	SIXD_CGROUP_V2 = 2, /* unified: /sys/fs/cgroup is cgroup2 */
};

/* One value to write: controller name, file name, value. */
struct sixd_cgroup_setting {
	const char *controller;
	const char *file;
	char value[64];
};

#define SIXD_CGROUP_MAX_SETTINGS 16

/*
 * Translate resources into the files and values of the given mode (pure; unit
 * tested).  Fills out[] (SIXD_CGROUP_MAX_SETTINGS entries) and *n.  Rejects
 * values the kernel would refuse (e.g. memory-swap below memory) with EINVAL.
 */
int sixd_cgroup_translate(const struct sixd_resources *res, enum sixd_cgroup_mode mode,
			  struct sixd_cgroup_setting *out, size_t *n, struct sixd_error **err);

/* Convert cpu shares (2..262144) to a v2 cpu.weight (1..10000). */
uint64_t sixd_cgroup_shares_to_weight(uint64_t shares);

/* The mode of this host (statfs of /sys/fs/cgroup). */
enum sixd_cgroup_mode sixd_cgroup_mode(void);

struct sixd_cgroup;

/*
 * Create the cgroup "<parent>/<name>" in every controller sixdocker uses and write
 * the limits.  On failure nothing is left behind.  *out is freed with
 * sixd_cgroup_free (which does not remove the cgroup).  res may be NULL (no
 * limits).  Controllers the host lacks are skipped unless a limit needs one
 * (ENODEV); an existing cgroup of that name is EEXIST; a value the kernel
 * refuses fails as "cannot set <file> to '<value>'".  Without swap accounting
 * a memory-swap limit is dropped with a warning.  The shared parent stays.
 */
int sixd_cgroup_create(const char *parent, const char *name, const struct sixd_resources *res,
		       struct sixd_cgroup **out, struct sixd_error **err);

/*
 * Load an existing cgroup "<parent>/<name>" (for stats, kill, destroy); ENOENT if
 * it exists in no hierarchy.
 */
int sixd_cgroup_open(const char *parent, const char *name, struct sixd_cgroup **out,
		     struct sixd_error **err);

/*
 * Move pid's process (all its threads) into the cgroup, in every hierarchy
 * (cgroup.procs).
 */
int sixd_cgroup_add_pid(struct sixd_cgroup *cg, pid_t pid, struct sixd_error **err);

/*
 * The number of OOM kills in the cgroup so far (memory.oom_control / memory.events);
 * 0 when the cgroup has no memory controller.
 */
int sixd_cgroup_oom_kills(struct sixd_cgroup *cg, uint64_t *count, struct sixd_error **err);

/*
 * Read the effective value of a controller file, e.g. ("memory", "memory.limit_in_bytes"),
 * without its trailing newline.  Newly allocated.
 */
char *sixd_cgroup_read(struct sixd_cgroup *cg, const char *controller, const char *file,
		       struct sixd_error **err);

/*
 * The path of the cgroup in a controller's hierarchy, e.g. /sys/fs/cgroup/memory/sixdocker/ID
 * (newly allocated).  On v2 the controller does not matter and may be NULL.
 */
char *sixd_cgroup_path(struct sixd_cgroup *cg, const char *controller, struct sixd_error **err);

/* Usage counters of a container's cgroup, as `stats` shows them. */
struct sixd_cgroup_stats {
	uint64_t cpu_ns;    /* CPU time used, all CPUs */
	uint64_t mem_usage; /* bytes, without the inactive file cache (as docker stats) */
	uint64_t mem_limit; /* bytes; 0: no limit */
	uint64_t pids;	    /* tasks */
	uint64_t blk_read;  /* bytes read from block devices */
	uint64_t blk_write; /* bytes written */
};

/*
 * Read the counters of the cgroup "<parent>/<name>" through libcgroup (v1 or
 * v2); a counter whose controller is missing stays 0.  ENOENT when the cgroup
 * exists in no hierarchy.
 */
int sixd_cgroup_stats(const char *parent, const char *name, struct sixd_cgroup_stats *out,
		      struct sixd_error **err);

/*
 * Freeze (frozen true) or thaw every process in the cgroup, and wait until it
 * is done: the v1 freezer controller, or cgroup.freeze on v2.  ENODEV when a
 * v1 cgroup has no freezer; EBUSY when the state does not settle in 5 s.
 */
int sixd_cgroup_freeze(struct sixd_cgroup *cg, bool frozen, struct sixd_error **err);

/* True when the cgroup is frozen (paused) now. */
bool sixd_cgroup_frozen(struct sixd_cgroup *cg);

/* SIGKILL every process in the cgroup (does not wait): cgroup.kill on v2 if present. */
int sixd_cgroup_kill(struct sixd_cgroup *cg, struct sixd_error **err);

/*
 * Remove the cgroup at once if no process is left in it: 0, else -1 (what
 * could be removed is gone; no wait, no error message).  Cheaper than
 * sixd_cgroup_kill and sixd_cgroup_destroy when the processes are known to be
 * gone, as after the end of the container's pid namespace.
 */
int sixd_cgroup_remove_if_empty(struct sixd_cgroup *cg);

/*
 * Remove the cgroup (and any child cgroup) from every hierarchy; a cgroup already
 * gone is fine, the parent stays.  Waits at most about half a second for killed
 * processes to leave, then fails with EBUSY.
 */
int sixd_cgroup_destroy(struct sixd_cgroup *cg, struct sixd_error **err);

/*
 * Device access.  A rule allows (never denies) access to devices of a type
 * ('a' all, 'c' char, 'b' block) and numbers (-1: any); everything no rule
 * allows is denied.  The access bits are those of the kernel's BPF device
 * programs (BPF_DEVCG_ACC_*).
 */
enum {
	SIXD_DEV_MKNOD = 1,
	SIXD_DEV_READ = 2,
	SIXD_DEV_WRITE = 4,
	SIXD_DEV_RWM = 7,
};

struct sixd_device_rule {
	char type;	 /* 'a', 'c' or 'b' */
	int64_t major;	 /* -1: any */
	int64_t minor;	 /* -1: any */
	unsigned access; /* SIXD_DEV_* bits */
};

/*
 * Docker's default: mknod of any device, and /dev/null, zero, full, random,
 * urandom, tty, console, ptmx and the pts.
 */
extern const struct sixd_device_rule sixd_cgroup_default_devices[];
extern const size_t sixd_cgroup_n_default_devices;

/* A rule in the v1 devices.allow syntax: "c 1:3 rwm", "b *:* m", "a". */
void sixd_device_rule_format(const struct sixd_device_rule *r, char *buf, size_t len);

/*
 * The BPF_PROG_TYPE_CGROUP_DEVICE program allowing the rules and denying the
 * rest (pure; unit tested): *insns (struct bpf_insn, malloc'd) and *n.
 */
int sixd_cgroup_device_program(const struct sixd_device_rule *rules, size_t n_rules, void **insns,
			       size_t *n, struct sixd_error **err);

/* Load the program of the rules and attach it to the cgroup2 directory dir. */
int sixd_cgroup_device_attach(const char *dir, const struct sixd_device_rule *rules, size_t n_rules,
			      struct sixd_error **err);

/*
 * Restrict the cgroup's devices to the rules: on v1 "a" into devices.deny,
 * then each rule into devices.allow (skipped with a warning when the host
 * mounts no devices controller); on v2 a BPF device program.  all: allow
 * every device instead (--privileged).  Call before any process joins.
 */
int sixd_cgroup_set_devices(struct sixd_cgroup *cg, const struct sixd_device_rule *rules,
			    size_t n_rules, bool all, struct sixd_error **err);

/*
 * Make the kernel start now the wait the first cgroup migration after a quiet
 * spell pays (an RCU grace period, milliseconds), so that moving the container
 * init into its new cgroup a moment later does not wait for all of it: a
 * background thread moves this process into the cgroup it is already in.  Best
 * effort; nothing changes, nothing fails.
 */
void sixd_cgroup_prewarm(void);

/* Free the handle (the cgroup stays); accepts NULL. */
void sixd_cgroup_free(struct sixd_cgroup *cg);

#endif
