// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker start [-a] [-i] CONTAINER... */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "commands.h"
#include "container.h"

static const char start_usage[] =
	"Usage:  sixdocker start [OPTIONS] CONTAINER [CONTAINER...]\n\n"
	"Start created or stopped containers, with the same rootfs and record.\n\n"
	"Options:\n"
	"  -a, --attach        attach stdout/stderr and exit with the container's code\n"
	"  -i, --interactive   attach stdin too\n"
	"      --help          print this help\n";

int cmd_start(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"attach", no_argument, NULL, 'a'},
		{"interactive", no_argument, NULL, 'i'},
		{"help", no_argument, NULL, 'H'},
		{NULL, 0, NULL, 0},
	};
	bool attach = false, interactive = false;
	struct sixd_run_result res;
	int c, rc = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+ai", opts, NULL)) != -1) {
		if (c == 'a' || c == 'i') {
			attach = true;
			interactive |= c == 'i';
		} else if (c == 'H') {
			fputs(start_usage, stdout);
			return 0;
		} else {
			return sixd_cmd_usage_error(err, "start", "unknown flag: '%s'",
						    argv[optind - 1]);
		}
	}
	if (optind >= argc || (attach && optind + 1 != argc))
		return sixd_cmd_usage_error(err, "start",
					    "requires 1 container (with -a), or more");
	for (int i = optind; i < argc; i++) {
		if (sixd_container_start(&cli->store, argv[i], attach, interactive, &res, err) < 0)
			rc = sixd_cmd_report(err);
		else if (attach)
			rc = res.exit_code;
		else
			printf("%s\n", argv[i]);
	}
	return rc;
}
