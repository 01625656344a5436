/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_EXPORT_H
#define SIXD_EXPORT_H

#include "error.h"

/*
 * Write the merged filesystem of container id (its upper directory over the
 * image's layers, bottom first in layers) to file ("-": stdout) as a tar.
 * The view is a read-only overlay with no upper or work directory, so it
 * never writes to the container and is safe while it runs; it is mounted in
 * a child process's private mount namespace, never on the host's table, and
 * goes away with that process.  file is written under a temporary name and
 * renamed into place; on failure nothing is left.
 */
int sixd_export(const char *data_root, const char *id, char *const *layers, const char *file,
		struct sixd_error **err);

#endif
