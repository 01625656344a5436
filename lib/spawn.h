/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_SPAWN_H
#define SIXD_SPAWN_H

#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/types.h>

#include "error.h"
#include "rootfs.h"
#include "seccomp_filter.h"
#include "security.h"

/*
 * Start a container's init: clone with new mount, pid, uts, ipc and net
 * (unless host_network) namespaces, then a handshake over a SOCK_SEQPACKET pair:
 *
 *   parent                          child (pid 1 of the new pid namespace)
 *   before_start(pid) (cgroup,      rootfs, pivot_root, stdio, hostname, lo
 *   network)            <------     PTY (the console master, SCM_RIGHTS) if tty
 *   GO                  ------>     (waits for GO) unshare(cgroup ns), ulimits,
 *                                   oom_score_adj, bounding set, seccomp (without
 *                                   no_new_privs), user, capabilities, no_new_privs,
 *                                   cwd, seccomp (with no_new_privs)
 *                       <------     EXEC, then execve; the CLOEXEC socket closes
 *                       <------     or ERROR {errno, exit code, text}
 *
 * EOF after EXEC means the command runs; ERROR becomes a normal sixd_error in
 * the parent (exit code 126/127 for exec failures); EOF before EXEC means the
 * child died in setup.  A failed child is killed and reaped.  The child sets up
 * its root while the parent runs before_start (a cgroup migration can wait
 * milliseconds in the kernel); nothing of the command runs before GO.
 */
struct sixd_spawn_config {
	struct sixd_rootfs_config rootfs;
	char *const *argv;
	char *const *env;
	const char *workdir;
	const char *user;
	const char *hostname;
	struct sixd_security security; /* capabilities and no_new_privs, applied before exec */
	/* the compiled seccomp program (prog NULL: none), loaded last (see spawn.c) */
	struct sixd_seccomp_filter seccomp;
	/* ulimits and oom_score_adj, applied before the user switch (rootfs.tmpfs: its mounts) */
	const struct sixd_hardening *hardening;
	int stdio[3];		/* the init's stdin, stdout, stderr (unused with rootfs.tty) */
	struct winsize winsize; /* the console's initial size with rootfs.tty (0x0: unset) */
	bool host_network;	/* --network host: no network namespace of its own */
	/* called in the parent after clone, before GO: e.g. join the cgroup */
	int (*before_start)(pid_t pid, void *data, struct sixd_error **err);
	void *data;
};

struct sixd_spawn_result {
	pid_t pid;
	int pty_master; /* -1 unless tty */
};

int sixd_spawn(const struct sixd_spawn_config *cfg, struct sixd_spawn_result *out,
	       struct sixd_error **err);

#endif
