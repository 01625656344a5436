// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker container prune [-f] */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "commands.h"
#include "prune.h"
#include "util.h"

static const char usage[] =
	"Usage:  sixdocker container prune [OPTIONS]\n\n"
	"Remove all stopped containers, and the data and cgroups of containers whose\n"
	"record vanished (orphans, e.g. after a reboot).\n\n"
	"Options:\n"
	"  -f, --force   do not prompt for confirmation\n"
	"      --help    print this help\n";

/* Ask on the terminal; true for "y" or "yes". */
static bool confirm(void)
{
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;

	fputs("WARNING! This will remove all stopped containers.\n"
	      "Are you sure you want to continue? [y/N] ",
	      stderr);
	if (getline(&line, &cap, stdin) < 0)
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return strcasecmp(line, "y") == 0 || strcasecmp(line, "yes") == 0;
}

static void print_result(const struct sixd_prune_result *res)
{
	char size[32];

	if (res->ids && res->ids[0]) {
		printf("Deleted Containers:\n");
		for (char **id = res->ids; *id; id++)
			printf("%s\n", *id);
		printf("\n");
	}
	sixd_human_size(res->reclaimed, size, sizeof(size));
	printf("Total reclaimed space: %s\n", size);
}

int cmd_container_prune(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"force", no_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'H'},
		{NULL, 0, NULL, 0},
	};
	struct sixd_prune_result res;
	bool force = false;
	int c, rc;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "+f", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			force = true;
			break;
		case 'H':
			fputs(usage, stdout);
			return 0;
		default:
			return sixd_cmd_usage_error(err, "container prune", "unknown flag: '%s'",
						    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return sixd_cmd_usage_error(err, "container prune", "accepts no arguments");
	if (!force && !isatty(STDIN_FILENO))
		return sixd_error_set(
			err, 0, "container prune: stdin is not a terminal to confirm on: use -f");
	if (!force && !confirm())
		return 0;
	rc = sixd_container_prune(&cli->store, &res, err);
	print_result(&res);
	sixd_prune_result_free(&res);
	return rc;
}
