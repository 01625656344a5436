// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker save [-o FILE] IMAGE... */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "commands.h"
#include "image_archive.h"

#define SAVE_OPTSTRING "+o:h"

static const char save_usage[] =
	"Usage:  sixdocker save [OPTIONS] IMAGE [IMAGE...]\n\n"
	"Save one or more images to a tar archive (streamed to STDOUT by default)\n\n"
	"The archive is an OCI image layout (oci-layout, index.json, blobs/sha256/)\n"
	"with a docker-style manifest.json; podman, skopeo and docker read it.\n\n"
	"Options:\n"
	"  -o, --output string   write to a file instead of STDOUT\n"
	"  -h, --help            print this help\n";

/* 1 after --help, 0 to go on, -1 on a usage error. */
static int parse_opts(int argc, char **argv, const char **output, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, SAVE_OPTSTRING, opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			*output = optarg;
			break;
		case 'h':
			fputs(save_usage, stdout);
			return 1;
		default:
			return sixd_cmd_option_error(err, "save", argv, SAVE_OPTSTRING);
		}
	}
	if (argc - optind < 1)
		return sixd_cmd_usage_error(err, "save", "requires at least 1 argument");
	if (*output == NULL && isatty(STDOUT_FILENO))
		return sixd_cmd_usage_error(err, "save",
					    "refusing to write the archive to a terminal: use -o "
					    "FILE or redirect");
	return 0;
}

int cmd_save(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	const char *output = NULL;
	int r = parse_opts(argc, argv, &output, err);

	if (r != 0)
		return r < 0 ? -1 : 0;
	if (sixd_image_save(cli->store.data_root, argv + optind, output ? output : "-", err) < 0)
		return -1;
	return 0;
}
