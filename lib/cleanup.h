/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_CLEANUP_H
#define SIXD_CLEANUP_H

/*
 * Scope-bound cleanup, after lxc's memory_utils.h and crun's utils.h.
 * Every cleaner accepts NULL / -1, is idempotent and preserves errno.
 */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define _cleanup_(f) __attribute__((cleanup(f)))

static inline void sixd_freep(void *p)
{
	int saved = errno;
	void **pp = (void **)p;

	free(*pp);
	*pp = NULL;
	errno = saved;
}

static inline void sixd_closep(int *fd)
{
	int saved = errno;

	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	errno = saved;
}

static inline void sixd_fclosep(FILE **f)
{
	int saved = errno;

	if (*f)
		fclose(*f);
	*f = NULL;
	errno = saved;
}

static inline void sixd_closedirp(DIR **d)
{
	int saved = errno;

	if (*d)
		closedir(*d);
	*d = NULL;
	errno = saved;
}

/* Free a NULL-terminated array of strings and the array itself. */
static inline void sixd_strvfreep(char ***p)
{
	int saved = errno;

	if (*p) {
		for (char **s = *p; *s; s++)
			free(*s);
		free(*p);
	}
	*p = NULL;
	errno = saved;
}

#define _cleanup_free_ _cleanup_(sixd_freep)
#define _cleanup_close_ _cleanup_(sixd_closep)
#define _cleanup_fclose_ _cleanup_(sixd_fclosep)
#define _cleanup_closedir_ _cleanup_(sixd_closedirp)
#define _cleanup_strv_ _cleanup_(sixd_strvfreep)

/* Hand ownership on: return the value and leave NULL / -1 behind. */
#define steal_ptr(p)                                                                               \
	({                                                                                         \
		__typeof__(p) _tmp = (p);                                                          \
		(p) = NULL;                                                                        \
		_tmp;                                                                              \
	})

#define steal_fd(fd)                                                                               \
	({                                                                                         \
		int _tmp = (fd);                                                                   \
		(fd) = -1;                                                                         \
		_tmp;                                                                              \
	})

#endif
