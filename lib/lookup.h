/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_LOOKUP_H
#define SIXD_LOOKUP_H

#include <stdbool.h>

#include "error.h"
#include "store.h"

/*
 * Find the container that ref names and read its record into r (free it with
 * sixd_record_free).  ref is tried as a name first, then as a full 64-hex id
 * or a unique prefix of one (lowercase hex) by scanning every record of the
 * state root; directories without a readable record (a name being reserved)
 * are skipped.  Returns 0, or -ENOENT with "no such container: REF" (no errno
 * in *err, so it prints as one clean line) when nothing matches, or -1 on any
 * other failure, e.g. "multiple containers match the id prefix 'REF'".
 */
int sixd_store_lookup(struct sixd_store *s, const char *ref, struct sixd_record *r,
		      struct sixd_error **err);

/*
 * True when the record says running and its init is still that process: the
 * pid is alive and its start time (/proc/<pid>/stat) equals pid_start, so a
 * reused pid does not count.  Reads /proc, changes nothing.
 */
bool sixd_record_running(const struct sixd_record *r);

#endif
