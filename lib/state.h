/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_STATE_H
#define SIXD_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "store.h"

/* The exit code recorded for a container whose end nobody saw and no monitor ever watched. */
#define SIXD_EXIT_UNKNOWN 255
/* The exit code of a container whose monitor died: the kernel SIGKILLs the init then. */
#define SIXD_EXIT_MONITOR_DIED (128 + 9)

/*
 * Bring r in line with the kernel.  A record that says running, whose init is
 * gone or whose pid now belongs to another process (start time differs), and
 * whose monitor is gone too (so nobody will record the end), becomes exited
 * with exit code SIXD_EXIT_MONITOR_DIED (the init has PR_SET_PDEATHSIG SIGKILL
 * on its monitor, so that is how it ended) or, for a record that names no
 * monitor, SIXD_EXIT_UNKNOWN, and the finish time of now; the change is
 * written under the container's lock (re-reading the record first, so a
 * monitor's own update is never overwritten).  While the monitor lives it is
 * left to the monitor.  Returns 1 when r changed, 0 when not, -1 on error.
 */
int sixd_container_reconcile(struct sixd_store *s, struct sixd_record *r, struct sixd_error **err);

/* True when the monitor recorded in r is still that process. */
bool sixd_record_monitor_alive(const struct sixd_record *r);

/*
 * Every container record of the state root, reconciled, newest first.  Names
 * being reserved (no record yet) are skipped.  Free with sixd_record_list_free.
 */
int sixd_container_list(struct sixd_store *s, struct sixd_record **out, size_t *n,
			struct sixd_error **err);

void sixd_record_list_free(struct sixd_record *list, size_t n);

#endif
