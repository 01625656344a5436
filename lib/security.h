/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_SECURITY_H
#define SIXD_SECURITY_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/*
 * Capabilities and security options: the pure policy (names, sets) and what
 * the container's init applies just before exec.  A capability set is a mask,
 * bit N for capability N (CAP_CHOWN = bit 0).
 */

/* Docker's default set: CapEff 00000000a80425fb. */
#define SIXD_CAPS_DEFAULT 0xa80425fbULL
/* Every capability, those this libcap or kernel knows of and any newer one. */
#define SIXD_CAPS_ALL UINT64_MAX

/* --security-opt seccomp=...: the built-in default, none, or a Docker-format JSON profile. */
enum sixd_seccomp_mode {
	SIXD_SECCOMP_DEFAULT = 0,
	SIXD_SECCOMP_UNCONFINED,
	SIXD_SECCOMP_PROFILE, /* seccomp_profile: the profile's JSON text */
	SIXD_SECCOMP_FILE,    /* seccomp_profile: a path, as given to run (the record holds JSON) */
};

/* What the init applies before exec (see sixd_security_apply). */
struct sixd_security {
	uint64_t caps;	   /* bounding = permitted = effective for root; none for others */
	bool no_new_privs; /* PR_SET_NO_NEW_PRIVS */
	enum sixd_seccomp_mode seccomp;
	const char *seccomp_profile; /* into the options parsed: JSON text or a path */
};

/*
 * Parse one capability name: "NET_RAW", "CAP_NET_RAW", "cap_net_raw" (case
 * insensitive).  *cap gets its number.  "ALL" is no capability here: EINVAL.
 */
int sixd_cap_parse(const char *name, int *cap, struct sixd_error **err);

/*
 * Docker's rules for the set: --privileged: all; --cap-add ALL: all but the
 * drops; --cap-drop ALL: only the adds; else the default set minus the drops
 * plus the adds.  Unknown names fail with EINVAL naming the option and name.
 */
int sixd_caps_compute(char *const *add, char *const *drop, bool privileged, uint64_t *mask,
		      struct sixd_error **err);

/*
 * Parse --security-opt values into sec->no_new_privs, sec->seccomp and
 * sec->seccomp_profile: "no-new-privileges" (or ":true", "=true", ":false",
 * "=false"), "seccomp=unconfined", "seccomp=PATH" or "seccomp={JSON}" (":" for
 * "=" too; the last seccomp option wins).  Anything else fails with EINVAL
 * naming the value.  sec->caps is left alone.
 */
int sixd_security_opts_parse(char *const *opts, struct sixd_security *sec, struct sixd_error **err);

/* The container's security settings from its record (validated again); --privileged: no seccomp. */
int sixd_security_from_record(const struct sixd_record *r, struct sixd_security *out,
			      struct sixd_error **err);

/*
 * In the container's init, after every mount and before exec: drop from the
 * bounding set every capability not in sec->caps and clear the ambient set.
 * Call before switching user (it needs CAP_SETPCAP).
 */
int sixd_security_drop_bounding(const struct sixd_security *sec, struct sixd_error **err);

/*
 * After the switch to the command's user: permitted = effective = sec->caps
 * (within what the process still holds: nothing once a non-root uid took
 * over), inheritable empty; then no_new_privs if asked.
 */
int sixd_security_apply(const struct sixd_security *sec, struct sixd_error **err);

#endif
