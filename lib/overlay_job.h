/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_OVERLAY_JOB_H
#define SIXD_OVERLAY_JOB_H

#include <stdbool.h>

#include "error.h"
#include "rootfs.h"

/*
 * The container's overlay, made by a thread of the command (run, start) while
 * it goes on creating the cgroup, the /etc files and the record: creating an
 * overlay super block is the costliest mount of a start (the kernel makes
 * work/work and probes tmpfile, xattr and whiteout support in the upper file
 * system), and made here it is off the init's path.  The init attaches the
 * detached mount in its own mount namespace (rootfs.h, overlay_fd).
 */
struct sixd_overlay_job;

/*
 * Start making the overlay o (sixd_rootfs_overlay_detached; with o->init_layer,
 * the shared init layer is made first if missing).  o is copied.
 */
int sixd_overlay_job_start(struct sixd_overlay_job **out, const struct sixd_overlay *o,
			   struct sixd_error **err);

/* Wait for the job and free it: the mount's fd (close-on-exec), or -1 with *err set. */
int sixd_overlay_job_finish(struct sixd_overlay_job *job, struct sixd_error **err);

/* Wait for the job (if any), close its mount and free it. */
void sixd_overlay_job_cancel(struct sixd_overlay_job *job);

#endif
