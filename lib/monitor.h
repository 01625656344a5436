/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_MONITOR_H
#define SIXD_MONITOR_H

#include "container.h"
#include "error.h"

/*
 * Fork the container's monitor, which starts the init (sixd_spawn) and
 * supervises it: stdio relay (a pty for -t), the log, the exit status, OOM,
 * --rm.  The monitor is a separate process so that killing the CLI loses
 * neither the exit status nor the logs.  For a detached container the monitor
 * starts its own session and this returns as soon as the command runs; for an
 * attached one it returns when the container has exited, with *exit_code set.
 * A start failure comes back as an error after the monitor has removed
 * everything the container owned.
 */
int sixd_monitor_start(struct sixd_container *c, int *exit_code, struct sixd_error **err);

#endif
