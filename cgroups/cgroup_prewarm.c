// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Starting the kernel's wait for a cgroup migration early (see cgroup.h).
 *
 * Moving a process between cgroups takes cgroup_threadgroup_rwsem for
 * writing; the first writer after a quiet spell waits for an RCU grace period
 * (5-15 ms on a small VM), later ones within the next grace period do not.  A
 * container start migrates its init a few milliseconds after its cgroup
 * exists: a thread that moves this process into the cgroup it is already in
 * (which changes nothing) makes the kernel start that wait at once, while the
 * start goes on.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "util.h"

/*
 * The thread owns the fd and makes two system calls (no allocation, no lock),
 * so the main thread may fork meanwhile; it ends once the kernel is done.
 */
static void *self_migrate(void *arg)
{
	int fd = (int)(intptr_t)arg;
	char pid[32];
	int len = snprintf(pid, sizeof(pid), "%d", (int)getpid());

	/* best effort: if this fails, the init's migration waits instead */
	if (write(fd, pid, (size_t)len) < 0)
		len = 0;
	close(fd);
	return NULL;
}

/* cgroup.procs of the cgroup this process is in, in one hierarchy of mode; NULL if unknown. */
static char *own_procs(enum sixd_cgroup_mode mode)
{
	_cleanup_free_ char *text = sixd_read_file("/proc/self/cgroup", NULL, NULL);
	char *save = NULL, *path = NULL;

	for (char *l = text ? strtok_r(text, "\n", &save) : NULL; l && path == NULL;
	     l = strtok_r(NULL, "\n", &save)) {
		char *ctrl = strchr(l, ':'), *rel = ctrl ? strchr(ctrl + 1, ':') : NULL;
		_cleanup_free_ char *mnt = NULL;

		if (rel == NULL)
			continue;
		*rel++ = '\0';
		ctrl++;
		if (mode == SIXD_CGROUP_V2 && *ctrl == '\0')
			mnt = strdup(SIXD_CGROUP_ROOT);
		else if (mode == SIXD_CGROUP_V1 && *ctrl && strncmp(ctrl, "name=", 5) != 0)
			mnt = sixd_cgroup_mount_point(mode, strsep(&ctrl, ","));
		if (mnt &&
		    asprintf(&path, "%s%s/cgroup.procs", mnt, strcmp(rel, "/") ? rel : "") < 0)
			path = NULL;
	}
	return path;
}

void sixd_cgroup_prewarm(void)
{
	_cleanup_free_ char *procs = own_procs(sixd_cgroup_mode());
	pthread_attr_t attr;
	cpu_set_t others;
	sigset_t all, old;
	pthread_t thread;
	int fd;

#ifdef __SANITIZE_ADDRESS__
	/* ASan's allocator (GCC 12) is not fork-safe: the thread's exit takes an allocator lock,
	 * and a monitor forked meanwhile would inherit it held and hang in its first malloc */
	return;
#endif
	if (procs == NULL)
		return;
	fd = open(procs, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (pthread_attr_init(&attr) != 0) {
		close(fd);
		return;
	}
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	if (sixd_other_cpus(&others))
		pthread_attr_setaffinity_np(&attr, sizeof(others), &others);
	/* every signal stays with the main thread (signalfd, sig-proxy) */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&thread, &attr, self_migrate, (void *)(intptr_t)fd) != 0)
		close(fd);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
}
