// SPDX-License-Identifier: GPL-2.0-or-later
/* Libraries loaded on first use (see dl.h). */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>

#include "dl.h"
#include "log.h"

int sixd_dl_load(struct sixd_dl *lib, struct sixd_error **err)
{
	if (lib->handle != NULL)
		return 0;
	lib->handle = dlopen(lib->soname, RTLD_LAZY | RTLD_LOCAL);
	if (lib->handle == NULL)
		return sixd_error_set(err, ELIBACC, "cannot load %s (%s)", lib->soname, dlerror());
	return 0;
}

void *sixd_dl_resolve(struct sixd_dl *lib, const char *name)
{
	struct sixd_error *err = NULL;
	void *fn;

	if (sixd_dl_load(lib, &err) < 0) {
		sixd_log_error("%s", err->msg);
		abort();
	}
	fn = dlsym(lib->handle, name);
	if (fn == NULL) {
		sixd_log_error("%s has no '%s'", lib->soname, name);
		abort();
	}
	return fn;
}
