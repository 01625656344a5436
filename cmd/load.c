// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker load [-i FILE] [-q] */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "cleanup.h"
#include "commands.h"
#include "image_archive.h"

#define LOAD_OPTSTRING "+i:qh"

static const char load_usage[] =
	"Usage:  sixdocker load [OPTIONS]\n\n"
	"Load images from a tar archive or STDIN\n\n"
	"Reads OCI image layout archives (podman save --format oci-archive, sixdocker\n"
	"save) and docker-save archives (manifest.json and layer tars), plain or\n"
	"compressed.  Every layer is checked against its digest.\n\n"
	"Options:\n"
	"  -i, --input string   read from a tar archive file, instead of STDIN\n"
	"  -q, --quiet          suppress the load output\n"
	"  -h, --help           print this help\n";

struct load_args {
	const char *input;
	bool quiet;
};

/* 1 after --help, 0 to go on, -1 on a usage error. */
static int parse_opts(int argc, char **argv, struct load_args *a, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"input", required_argument, NULL, 'i'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, LOAD_OPTSTRING, opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			a->input = optarg;
			break;
		case 'q':
			a->quiet = true;
			break;
		case 'h':
			fputs(load_usage, stdout);
			return 1;
		default:
			return sixd_cmd_option_error(err, "load", argv, LOAD_OPTSTRING);
		}
	}
	if (argc - optind > 0)
		return sixd_cmd_usage_error(err, "load", "accepts no arguments (use -i FILE)");
	if (a->input == NULL && isatty(STDIN_FILENO))
		return sixd_cmd_usage_error(err, "load",
					    "requested load from stdin, but stdin is empty: use "
					    "-i FILE");
	return 0;
}

int cmd_load(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	_cleanup_strv_ char **report = NULL;
	struct load_args a = {0};
	int r = parse_opts(argc, argv, &a, err);

	if (r != 0)
		return r < 0 ? -1 : 0;
	if (sixd_image_load_archive(cli->store.data_root, a.input ? a.input : "-", &report, err) <
	    0)
		return -1;
	for (char **l = report; !a.quiet && l && *l; l++)
		printf("%s\n", *l);
	return 0;
}
