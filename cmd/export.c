// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker export [-o FILE] CONTAINER */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "commands.h"
#include "export.h"
#include "image.h"
#include "lookup.h"

#define EXPORT_OPTSTRING "+o:h"

static const char export_usage[] =
	"Usage:  sixdocker export [OPTIONS] CONTAINER\n\n"
	"Export a container's filesystem as a tar archive (to STDOUT by default)\n\n"
	"The container may be running or stopped; volumes and /proc, /sys, /dev\n"
	"are not part of it.\n\n"
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
	while ((c = getopt_long(argc, argv, EXPORT_OPTSTRING, opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			*output = optarg;
			break;
		case 'h':
			fputs(export_usage, stdout);
			return 1;
		default:
			return sixd_cmd_option_error(err, "export", argv, EXPORT_OPTSTRING);
		}
	}
	if (argc - optind != 1)
		return sixd_cmd_usage_error(err, "export", "requires exactly 1 argument");
	if (*output == NULL && isatty(STDOUT_FILENO))
		return sixd_cmd_usage_error(err, "export",
					    "refusing to write the archive to a terminal: use -o "
					    "FILE or redirect");
	return 0;
}

int cmd_export(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	struct sixd_record rec = {0};
	struct sixd_image *img = NULL;
	const char *output = NULL;
	int r = parse_opts(argc, argv, &output, err);

	if (r != 0)
		return r < 0 ? -1 : 0;
	if (sixd_store_lookup(&cli->store, argv[optind], &rec, err) < 0)
		return -1;
	r = sixd_image_load(cli->store.data_root, rec.image_id, &img, err);
	if (r < 0)
		sixd_error_wrap(err, "cannot export '%s': its image is gone", rec.name);
	else
		r = sixd_export(cli->store.data_root, rec.id, img->layers, output ? output : "-",
				err);
	sixd_image_free(img);
	sixd_record_free(&rec);
	return r < 0 ? -1 : 0;
}
