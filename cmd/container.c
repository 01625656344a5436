// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker container COMMAND: management commands of containers (for now: prune). */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const char usage[] = "Usage:  sixdocker container COMMAND\n\n"
			    "Manage containers.\n\n"
			    "Commands:\n"
			    "  prune       Remove all stopped containers and orphans\n\n"
			    "Run 'sixdocker container COMMAND --help' for more information.\n";

static const struct {
	const char *name;
	sixd_cmd_fn fn;
} subcommands[] = {
	{"prune", cmd_container_prune},
};

int cmd_container(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	if (argc < 2)
		return sixd_cmd_usage_error(err, "container", "requires a command");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			return subcommands[i].fn(cli, argc - 1, argv + 1, err);
	return sixd_cmd_usage_error(err, "container", "unknown command: '%s'", argv[1]);
}
