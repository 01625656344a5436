// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker rm [-f] [-v] CONTAINER... */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "commands.h"
#include "lifecycle.h"
#include "prune.h"

static const char usage[] =
	"Usage:  sixdocker rm [OPTIONS] CONTAINER [CONTAINER...]\n\n"
	"Remove one or more containers: cgroup, data, log and record.\n\n"
	"Options:\n"
	"  -f, --force     kill a running container first\n"
	"  -v, --volumes   accepted for Docker compatibility (bind mounts stay)\n"
	"      --help      print this help\n";

/* A container, or else an orphan: data and cgroup whose record vanished. */
static int remove_one(struct sixd_store *s, const char *ref, bool force, struct sixd_error **err)
{
	int rc = sixd_container_remove(s, ref, force, err);

	if (rc != -ENOENT)
		return rc;
	sixd_error_free(err);
	return sixd_container_remove_orphan(s, ref, err);
}

int cmd_rm(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"force", no_argument, NULL, 'f'},
		{"volumes", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'H'},
		{NULL, 0, NULL, 0},
	};
	bool force = false;
	int c, rc = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+fv", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			force = true;
			break;
		case 'v':
			break;
		case 'H':
			fputs(usage, stdout);
			return 0;
		default:
			return sixd_cmd_usage_error(err, "rm", "unknown flag: '%s'",
						    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return sixd_cmd_usage_error(err, "rm", "requires at least 1 container");
	for (int i = optind; i < argc; i++) {
		if (remove_one(&cli->store, argv[i], force, err) < 0)
			rc = sixd_cmd_report(err);
		else
			printf("%s\n", argv[i]);
	}
	return rc;
}
