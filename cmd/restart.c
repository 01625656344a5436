// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker restart [-t N] CONTAINER...: stop, then start again. */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "container.h"
#include "lifecycle.h"
#include "util.h"

static const char restart_usage[] =
	"Usage:  sixdocker restart [OPTIONS] CONTAINER [CONTAINER...]\n\n"
	"Stop (if running) and start containers again.\n\n"
	"Options:\n"
	"  -t, --time SECONDS  seconds to wait for stop before killing\n"
	"      --help          print this help\n";

int cmd_restart(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"time", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'H'},
		{NULL, 0, NULL, 0},
	};
	struct sixd_run_result res;
	int64_t timeout = -1;
	int c, rc = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+t:", opts, NULL)) != -1) {
		if (c == 't' && sixd_parse_int64(optarg, &timeout) == 0)
			continue;
		if (c == 't')
			return sixd_error_set(err, 0, "restart: invalid --time '%s'", optarg);
		if (c == 'H') {
			fputs(restart_usage, stdout);
			return 0;
		}
		return sixd_cmd_usage_error(err, "restart", "unknown flag: '%s'", argv[optind - 1]);
	}
	if (optind >= argc)
		return sixd_cmd_usage_error(err, "restart", "requires at least 1 container");
	for (int i = optind; i < argc; i++) {
		if (sixd_container_stop(&cli->store, argv[i], (int)timeout, err) < 0 ||
		    sixd_container_start(&cli->store, argv[i], false, false, &res, err) < 0)
			rc = sixd_cmd_report(err);
		else
			printf("%s\n", argv[i]);
	}
	return rc;
}
