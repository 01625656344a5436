/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_NSENTER_H
#define SIXD_NSENTER_H

/*
 * Shared between the files of nsenter/ only (libc only, no lib/ code).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SIXD_NSENTER_MAX_GROUPS 64

/* A -u spec resolved against the container's own /etc/passwd and /etc/group. */
struct sixd_nsenter_user {
	uid_t uid;
	gid_t gid;
	gid_t groups[SIXD_NSENTER_MAX_GROUPS];
	size_t n_groups;
	char home[256];
};

/*
 * Resolve spec ("", "uid", "uid:gid", "name", "name:group") from the files of
 * the current root (no NSS).  A numeric uid without an entry gets gid 0 and
 * home "/".  On failure returns -1 with a message in msg.
 */
int sixd_nsenter_user_resolve(const char *spec, struct sixd_nsenter_user *u, char *msg, size_t len);

/* The command to start, in the joiner's child (already in every namespace). */
struct sixd_nsenter_cmd {
	unsigned flags;	      /* enum sixd_nsenter_flags */
	uint64_t caps;	      /* the container's set: bit N for capability N */
	const void *seccomp;  /* the container's seccomp program (struct sock_filter), or NULL */
	uint32_t seccomp_len; /* its size in bytes */
	const char *user;
	const char *cwd;
	char **argv;
	char **env;   /* room for one more entry (HOME) */
	int slave;    /* the pty's slave with a tty, else -1 */
	int stdio[3]; /* pipes from the joiner for 0, 1, 2, or -1: see sixd_nsenter_stdio */
	int syncfd;   /* CLOEXEC: EOF at exec, or one struct sixd_nsenter_reply */
};

/*
 * Set up and exec the command: own session, stdio (the pty as controlling
 * terminal; /dev/null for stdin without -i and for everything with -d), every
 * other fd closed, user and groups, the working directory resolved inside the
 * root (never through a magic link), the bounding set cut to caps,
 * permitted = effective = caps for root (none for another user), no
 * inheritable or ambient capabilities, no_new_privs if flagged, the seccomp program (while
 * still root without no_new_privs, else last), HOME from passwd if unset, PATH lookup in the
 * container's environment.  A failure goes back over syncfd; never returns.
 */
void sixd_nsenter_child(const struct sixd_nsenter_cmd *c) __attribute__((noreturn));

/*
 * What the attached joiner relays: the pty's master with -t; without -t, when
 * the caller's stdio is a terminal, pipes (so the command never holds the
 * caller's terminal, where TIOCSTI could type into it); each -1 when unused.
 */
struct sixd_nsenter_stdio {
	int master; /* the pty: its output to our stdout, our stdin to it */
	int out;    /* the command's stdout pipe */
	int err;    /* the command's stderr pipe */
	int in;	    /* the command's stdin pipe (-i) */
	bool interactive;
};

/*
 * The attached joiner's part after the command started: relay io (the pty in
 * raw mode with the window size, or the pipes), forward signals (sigfd: a
 * signalfd of the forwarded signals and SIGCHLD) to pid, and return its exit
 * status (128+N for signal N).
 */
int sixd_nsenter_relay(pid_t pid, int sigfd, const struct sixd_nsenter_stdio *io);

/*
 * exec -d -t (keeper.c): fork, still outside the container's pid namespace, a
 * keeper in its own session with /dev/null for stdio that holds and drains the
 * pty master given to it until the command's last slave closes.  Returns the
 * socket to give the master on (-1 with errno); closing it unsent ends the keeper.
 */
int sixd_nsenter_keeper_start(void);

/* Hand master to the keeper behind sock; 0 or -1 with errno. */
int sixd_nsenter_keeper_give(int sock, int master);

#endif
