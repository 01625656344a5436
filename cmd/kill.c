// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker kill [-s SIGNAL] CONTAINER... */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>

#include "commands.h"
#include "lifecycle.h"

static const char usage[] =
	"Usage:  sixdocker kill [OPTIONS] CONTAINER [CONTAINER...]\n\n"
	"Send a signal to the init of one or more running containers.\n\n"
	"Options:\n"
	"  -s, --signal SIGNAL  a name (KILL, SIGUSR1) or number (default KILL)\n"
	"      --help           print this help\n";

int cmd_kill(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"signal", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'H'},
		{NULL, 0, NULL, 0},
	};
	int sig = SIGKILL, c, rc = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+s:", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sig = sixd_signal_parse(optarg);
			if (sig < 0)
				return sixd_error_set(err, 0, "kill: invalid signal '%s'", optarg);
			break;
		case 'H':
			fputs(usage, stdout);
			return 0;
		default:
			return sixd_cmd_usage_error(err, "kill", "unknown flag: '%s'",
						    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return sixd_cmd_usage_error(err, "kill", "requires at least 1 container");
	for (int i = optind; i < argc; i++) {
		if (sixd_container_kill(&cli->store, argv[i], sig, err) < 0)
			rc = sixd_cmd_report(err);
		else
			printf("%s\n", argv[i]);
	}
	return rc;
}
