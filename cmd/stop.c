// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker stop [-t SECONDS] CONTAINER... */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "lifecycle.h"
#include "util.h"

static const char usage[] =
	"Usage:  sixdocker stop [OPTIONS] CONTAINER [CONTAINER...]\n\n"
	"Stop one or more running containers: the stop signal (SIGTERM unless\n"
	"run with --stop-signal), then SIGKILL after the timeout.\n\n"
	"Options:\n"
	"  -t, --time SECONDS   seconds to wait before killing (default 10, or\n"
	"                       the container's --stop-timeout)\n"
	"      --help           print this help\n";

int cmd_stop(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"time", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'H'},
		{NULL, 0, NULL, 0},
	};
	int64_t timeout = -1;
	int c, rc = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+t:", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (sixd_parse_int64(optarg, &timeout) < 0 || timeout > 86400)
				return sixd_error_set(err, 0, "stop: invalid --time '%s'", optarg);
			break;
		case 'H':
			fputs(usage, stdout);
			return 0;
		default:
			return sixd_cmd_usage_error(err, "stop", "unknown flag: '%s'",
						    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return sixd_cmd_usage_error(err, "stop", "requires at least 1 container");
	for (int i = optind; i < argc; i++) {
		if (sixd_container_stop(&cli->store, argv[i], (int)timeout, err) < 0)
			rc = sixd_cmd_report(err);
		else
			printf("%s\n", argv[i]);
	}
	return rc;
}
