/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_EXEC_H
#define SIXD_EXEC_H

#include <stdbool.h>

#include "error.h"
#include "store.h"

/* What `exec` was asked to do, as parsed by cmd/exec.c. */
struct sixd_exec_opts {
	const char *container;	/* name, id or id prefix */
	char *const *argv;	/* the command, at least one word */
	char *const *env_args;	/* -e K=V or K */
	char *const *env_files; /* --env-file */
	const char *workdir;	/* -w (default: the container's) */
	const char *user;	/* -u (default: the container's) */
	bool tty, interactive, detach, privileged;
};

/*
 * Run a command in a running container.  Finds the container (sixd_store_lookup),
 * checks that its init is alive and the same process (125, "container X is not
 * running" otherwise), builds the request (pid, cgroup.procs paths, argv, the
 * container's environment plus -e / --env-file, cwd, user, flags, the
 * container's capability set and no-new-privileges; every capability with
 * privileged), and replaces
 * this process with /proc/self/exe carrying the request to the nsenter
 * constructor, which joins the container, runs the command and exits with its
 * status.  Returns only on failure, with *err filled.
 */
int sixd_exec_enter(struct sixd_store *s, const struct sixd_exec_opts *o, struct sixd_error **err);

#endif
