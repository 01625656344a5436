/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_RUN_OPTIONS_H
#define SIXD_RUN_OPTIONS_H

#include "container.h"
#include "error.h"

/* The options of run and create, and what they own. */
struct run_args {
	struct sixd_run_opts o;
	char **env_args;
	char **env_files;
	char **cap_add;
	char **cap_drop;
	char **security_opt;
	char **tmpfs;
	char **ulimits;
	char **devices;
	char **publish;
	char **expose;
	struct sixd_volume *volumes;
	const char *memory_swap;
};

extern const char sixd_run_usage[];

/*
 * Parse run's / create's argv (argv[0] the command's name) into a, which must
 * start as {.o.stop_timeout = -1}.  Returns 0, 1 when --help was printed, or -1.
 */
int sixd_run_args_parse(struct run_args *a, int argc, char **argv, struct sixd_error **err);

void sixd_run_args_free(struct run_args *a);

#endif
