/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_PRUNE_H
#define SIXD_PRUNE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/*
 * container prune, and the removal of orphans: a container whose record
 * vanished (a reboot empties the tmpfs state root) but whose data directory
 * <data>/containers/<id> is still there, perhaps with its cgroup
 * "sixdocker/<id>" and live processes (the record of a running container was
 * deleted behind sixdocker's back).
 *
 * An orphan is always found through its data directory: sixdocker creates the
 * data before the cgroup and removes the cgroup before the data, so a cgroup
 * of this data root never outlives its directory, and a cgroup "sixdocker/<id>"
 * without a directory here belongs to another data root and is left alone.
 */

struct sixd_prune_result {
	char **ids;	   /* full ids removed, records first, then orphans (NULL-terminated) */
	size_t n_records;  /* containers removed through their record */
	size_t n_orphans;  /* orphans removed */
	int64_t reclaimed; /* bytes of the files in the data directories removed */
};

void sixd_prune_result_free(struct sixd_prune_result *res);

/*
 * Remove every container that is not running (created, exited or half
 * removed) as rm does, then every orphan of the data root: its cgroup's
 * processes are killed, the cgroup and the data directory removed.  Goes on
 * after a failure and returns -1 with the first error; *out holds what was
 * removed either way (free it with sixd_prune_result_free).
 */
int sixd_container_prune(struct sixd_store *s, struct sixd_prune_result *out,
			 struct sixd_error **err);

/*
 * The ids of the orphans of the data root, sorted (a NULL-terminated array, free
 * with sixd_strvfreep).  Entries of <data>/containers that are not 64-hex ids
 * are ignored.  No orphan is reported while the state root holds a record that
 * cannot be read (its id is unknown), nor a directory younger than a name
 * reservation of the last minute that has no record yet (a run in progress).
 */
int sixd_prune_find_orphans(struct sixd_store *s, char ***ids, struct sixd_error **err);

/*
 * rm of an orphan named by its full id or a unique id prefix: kill the
 * processes of its cgroup, remove the cgroup and the data directory.  Returns
 * -ENOENT with "no such container: REF" when no orphan matches.
 */
int sixd_container_remove_orphan(struct sixd_store *s, const char *ref, struct sixd_error **err);

#endif
