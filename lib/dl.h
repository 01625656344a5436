/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_DL_H
#define SIXD_DL_H

#include "error.h"

/*
 * Libraries loaded on first use instead of linked: every shared object
 * sixdocker links is mapped and relocated at each start, also by the commands
 * that never call it.  A library used off the hot path (libarchive for tars,
 * libmount for --tmpfs options) gets a forwarder per function it is called
 * for, with the library's own prototype from its header (the compiler checks
 * it), which resolves the real function on its first call.
 */
struct sixd_dl {
	const char *soname;
	void *handle;
};

/* dlopen lib once; an error names the library. */
int sixd_dl_load(struct sixd_dl *lib, struct sixd_error **err);

/* The address of name in lib, loading it first; a library without it aborts. */
void *sixd_dl_resolve(struct sixd_dl *lib, const char *name);

/* Define function name as a forwarder to lib's. */
#define SIXD_DL_FORWARD(lib, ret, name, params, args)                                              \
	ret name params                                                                            \
	{                                                                                          \
		static ret(*real) params;                                                          \
		if (real == NULL)                                                                  \
			real = (ret(*) params)sixd_dl_resolve(&(lib), #name);                      \
		return real args;                                                                  \
	}

#define SIXD_DL_FORWARD_VOID(lib, name, params, args)                                              \
	void name params                                                                           \
	{                                                                                          \
		static void(*real) params;                                                         \
		if (real == NULL)                                                                  \
			real = (void(*) params)sixd_dl_resolve(&(lib), #name);                     \
		real args;                                                                         \
	}

#endif
