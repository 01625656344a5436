/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_NSENTER_PROTOCOL_H
#define SIXD_NSENTER_PROTOCOL_H

/*
 * The wire format between `sixdocker exec` (lib/exec.c) and the nsenter
 * constructor (nsenter/nsenter.c).  libc only: both sides include this file.
 *
 * lib/exec.c writes one request into an fd without FD_CLOEXEC (a memfd, read
 * from offset 0), names it in the environment as SIXD_NSENTER_ENV=<fd> and
 * re-executes /proc/self/exe.  The request is a header followed by
 * strings_len bytes of NUL-terminated strings in this order:
 *
 *   container name (for messages), user spec, working directory,
 *   n_cgroups cgroup.procs paths (host paths, joined before any setns),
 *   n_argv arguments, n_env "K=V" entries.
 *
 * Then seccomp_len bytes: the container's compiled seccomp program (struct
 * sock_filter instructions, compiled by the CLI; none when unconfined), which
 * the command's process loads just before execve.
 *
 * caps is the container's capability set (lib/security.c's rules, all with
 * exec --privileged): the command's bounding set, and its permitted and
 * effective sets when it runs as root (none for another user).
 *
 * Inside, the joiner forks the command; the command's setup or exec failure
 * comes back over a CLOEXEC socket as one struct sixd_nsenter_reply (EOF with
 * no reply means the exec succeeded), like lib/spawn.c's ERROR message.
 */

#include <stdint.h>

#define SIXD_NSENTER_ENV "_SIXD_NSENTER"
#define SIXD_NSENTER_MAGIC 0x36786e73u /* "snx6" */
#define SIXD_NSENTER_VERSION 3u	       /* 2: caps, NO_NEW_PRIVS; 3: seccomp */
#define SIXD_NSENTER_MAX_REQUEST (16u << 20)
#define SIXD_NSENTER_MAX_SECCOMP (4096u * 8u) /* BPF_MAXINSNS instructions */

enum sixd_nsenter_flags {
	SIXD_NSENTER_TTY = 1 << 0,	    /* -t: a pty from the container's devpts */
	SIXD_NSENTER_INTERACTIVE = 1 << 1,  /* -i: keep stdin open */
	SIXD_NSENTER_DETACH = 1 << 2,	    /* -d: return once the command runs */
	SIXD_NSENTER_PRIVILEGED = 1 << 3,   /* --privileged: caps is every capability */
	SIXD_NSENTER_NO_NEW_PRIVS = 1 << 4, /* the container's no-new-privileges */
};

struct sixd_nsenter_header {
	uint32_t magic;
	uint32_t version;
	int32_t pid;	    /* the container's init, host pid */
	uint32_t flags;	    /* enum sixd_nsenter_flags */
	uint64_t pid_start; /* its start time (field 22 of /proc/<pid>/stat) */
	uint32_t n_cgroups;
	uint32_t n_argv; /* at least 1 */
	uint32_t n_env;
	uint32_t strings_len;
	uint64_t caps;	      /* bounding, and permitted = effective for root: bit N for cap N */
	uint32_t seccomp_len; /* bytes of seccomp program after the strings, 0: none */
	uint32_t reserved;
};

struct sixd_nsenter_reply {
	int32_t status;	   /* errno, 0 if none */
	int32_t exit_code; /* 125, 126 or 127 */
	char text[1024];   /* "exec: \"foo\": executable file not found in $PATH" */
};

#endif
