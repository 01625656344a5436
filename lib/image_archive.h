/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_IMAGE_ARCHIVE_H
#define SIXD_IMAGE_ARCHIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

/*
 * Image archives: save writes an OCI image layout as a tar, load reads one, or
 * a docker-save archive (manifest.json and layer tars).
 */

#define SIXD_MEDIA_INDEX "application/vnd.oci.image.index.v1+json"
#define SIXD_MEDIA_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define SIXD_MEDIA_CONFIG "application/vnd.oci.image.config.v1+json"
#define SIXD_MEDIA_LAYER_GZIP "application/vnd.oci.image.layer.v1.tar+gzip"
#define SIXD_ANNOTATION_REF "org.opencontainers.image.ref.name"

/*
 * Write the images refs (names, ids or id prefixes) to file ("-": stdout) as
 * an OCI image layout archive: oci-layout, index.json (one manifest per name,
 * annotated with org.opencontainers.image.ref.name), blobs/sha256/ holding each
 * manifest, config and gzip layer once, and a docker-style manifest.json.  A
 * layer is written back out as sixdocker's tar of it; when that tar's digest
 * differs from the image's diff_id (a layer made by another tool), the saved
 * config carries the new diff_ids.  file is written under a temporary name and
 * renamed into place, so a failure leaves nothing.  A progress line shows on
 * stderr when it is a terminal.
 */
int sixd_image_save(const char *data_root, char *const *refs, const char *file,
		    struct sixd_error **err);

/*
 * Load the images of an archive (file, "-": stdin): an OCI image layout tar or
 * a docker-save tar, plain or compressed.  Every blob is checked against its
 * digest and every layer against the config's diff_ids; a layer the store has
 * is not unpacked again.  Names come from the index's ref.name annotations or
 * manifest.json's RepoTags.  An entry that is not a file, directory or link, or
 * whose path is absolute or has "..", fails the load, as does a link that leads
 * outside the archive.  Nothing is left behind on failure.  *report gets
 * "Loaded image: NAME" or "Loaded image ID: sha256:ID" lines.  Takes the store
 * lock while storing.
 */
int sixd_image_load_archive(const char *data_root, const char *file, char ***report,
			    struct sixd_error **err);

/*
 * Where save and export write: for file "-" a duplicate of stdout (*tmp NULL),
 * else a new temporary file beside file (its path in *tmp).  Returns the fd.
 */
int sixd_output_open(const char *file, char **tmp, struct sixd_error **err);

/*
 * Finish what sixd_output_open began: when ok, fsync and rename the temporary
 * file to file; otherwise (or if that fails) remove it.  Returns 0 only when
 * ok and done.  The caller still closes fd.
 */
int sixd_output_finish(int fd, const char *tmp, const char *file, bool ok, struct sixd_error **err);

#endif
