/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_SECCOMP_FILTER_H
#define SIXD_SECCOMP_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "security.h"

/*
 * Seccomp: a profile in Docker's JSON format (the built-in default,
 * lib/profiles/seccomp_default.json, or the user's) compiled with libseccomp
 * for a capability set into a classic BPF program.  Compiling takes tens of
 * milliseconds, so programs are cached under <data-root>/seccomp/, keyed by
 * the profile, the capability set, the architecture, the kernel release and
 * the libseccomp version; a start only reads the file.  The parent compiles
 * (or reads) and hands the bytes to the container's init or to exec's
 * nsenter constructor, which only load them.
 */

/* The built-in default profile's JSON text (generated from lib/profiles/seccomp_default.json). */
extern const char sixd_seccomp_default_profile[];

/* A compiled program: size bytes of struct sock_filter, ready for SECCOMP_SET_MODE_FILTER. */
struct sixd_seccomp_filter {
	void *prog; /* NULL: no filter (unconfined) */
	size_t size;
};

/*
 * Compile profile (a Docker-format JSON text; NULL: the built-in default) for
 * the capability set caps on this machine: the native architecture and those
 * of the profile's "architectures" and of its "archMap" entry for the native
 * one; each rule kept only when its "includes" hold (every listed capability
 * in caps, the native architecture listed, the kernel at least "minKernel")
 * and its "excludes" do not (any listed capability in caps, the native
 * architecture listed, the kernel at least "minKernel").  Unknown syscall
 * names are skipped (newer or other-architecture calls); a rule whose action
 * is the default action is redundant and skipped.  Conditions on the same
 * argument are alternatives (one rule each), others all apply.  A malformed
 * profile fails with EINVAL naming what is wrong.
 */
int sixd_seccomp_compile(const char *profile, uint64_t caps, struct sixd_seccomp_filter *out,
			 struct sixd_error **err);

/*
 * The program of a container's security settings: none for
 * SIXD_SECCOMP_UNCONFINED, else from <data_root>/seccomp/<key>.bpf when it is
 * there, else compiled and stored there atomically (a cache that cannot be
 * written is only a slower start).  SIXD_SECCOMP_FILE reads the file.
 */
int sixd_seccomp_prepare(const char *data_root, const struct sixd_security *sec,
			 struct sixd_seccomp_filter *out, struct sixd_error **err);

/*
 * The cache file name of a program: <64 hex>.bpf into name (at least 70
 * bytes).  A pure function of its inputs (see above).
 */
void sixd_seccomp_cache_name(const char *profile, uint64_t caps, char *name, size_t len);

/*
 * Read the profile at path for the record: its JSON, validated (it must
 * compile) and rewritten compact with sorted keys, into *json.
 */
int sixd_seccomp_read_profile(const char *path, char **json, struct sixd_error **err);

/*
 * A copy of the --security-opt values for the record, with seccomp=PATH
 * replaced by seccomp=<the profile's JSON> (as the Docker CLI does): the
 * container keeps its profile when the file changes or goes.
 */
int sixd_seccomp_resolve_opts(char *const *opts, char ***out, struct sixd_error **err);

/*
 * Install f in the calling thread (no-op without a program).  The caller has
 * no_new_privs set or holds CAP_SYS_ADMIN.
 */
int sixd_seccomp_load(const struct sixd_seccomp_filter *f, struct sixd_error **err);

void sixd_seccomp_filter_free(struct sixd_seccomp_filter *f);

#endif
