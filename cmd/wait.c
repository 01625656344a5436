// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker wait CONTAINER... */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "lifecycle.h"

static const char usage[] = "Usage:  sixdocker wait CONTAINER [CONTAINER...]\n\n"
			    "Block until the containers stop, then print their exit codes.\n";

int cmd_wait(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'H'},
		{NULL, 0, NULL, 0},
	};
	int c, rc = 0, code;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (c == 'H') {
			fputs(usage, stdout);
			return 0;
		}
		return sixd_cmd_usage_error(err, "wait", "unknown flag: '%s'", argv[optind - 1]);
	}
	if (optind >= argc)
		return sixd_cmd_usage_error(err, "wait", "requires at least 1 container");
	for (int i = optind; i < argc; i++) {
		if (sixd_container_wait(&cli->store, argv[i], &code, err) < 0)
			rc = sixd_cmd_report(err);
		else
			printf("%d\n", code);
	}
	return rc;
}
