/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_LIFECYCLE_H
#define SIXD_LIFECYCLE_H

#include <stdbool.h>

#include "error.h"
#include "store.h"

/*
 * Lifecycle of existing containers, named by name, full id or unique id prefix.
 * Processes are signalled through pidfds opened and checked against the start
 * time in the record, so a pid the kernel reused is never signalled.
 */

#define SIXD_DEFAULT_STOP_TIMEOUT 10

/* Parse "TERM", "SIGTERM", "sigterm" or "15" into a signal number; -1 if unknown. */
int sixd_signal_parse(const char *s);

/* Send sig to the container's init; fails with "container X is not running". */
int sixd_container_kill(struct sixd_store *s, const char *ref, int sig, struct sixd_error **err);

/*
 * Send the stop signal (SIGTERM unless the container was run with another),
 * wait up to timeout seconds (< 0: the container's --stop-timeout, else 10) for
 * the init to exit, then SIGKILL; return once the exit is recorded.  A container
 * that is not running is not an error.
 */
int sixd_container_stop(struct sixd_store *s, const char *ref, int timeout,
			struct sixd_error **err);

/*
 * Remove the container: its cgroup, data (upper, work, log) and record, in an
 * order that a later rm can resume after a crash.  A running container is
 * refused unless force, which kills it first.
 */
int sixd_container_remove(struct sixd_store *s, const char *ref, bool force,
			  struct sixd_error **err);

/* Block until the container has exited; *exit_code gets its recorded exit code. */
int sixd_container_wait(struct sixd_store *s, const char *ref, int *exit_code,
			struct sixd_error **err);

#endif
