// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker import FILE|- [REPOSITORY[:TAG]] */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "image.h"

static const char import_usage[] =
	"Usage:  sixdocker import [OPTIONS] FILE|- [REPOSITORY[:TAG]]\n\n"
	"Import the contents from a tarball to create a filesystem image\n\n"
	"FILE is a tar archive, plain or compressed (gzip, bzip2, xz, zstd...);\n"
	"\"-\" reads it from the standard input.\n\n"
	"Options:\n"
	"  -h, --help    print this help\n";

/* 1 after --help, 0 to go on, -1 on a usage error. */
static int parse_opts(int argc, char **argv, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(import_usage, stdout);
			return 1;
		default:
			return sixd_cmd_usage_error(err, "import", "unknown flag: %s",
						    argv[optind - 1]);
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		return sixd_cmd_usage_error(err, "import",
					    "requires at least 1 and at most 2 arguments");
	return 0;
}

int cmd_import(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	struct sixd_image *img = NULL;
	const char *file, *ref;
	int r;

	r = parse_opts(argc, argv, err);
	if (r != 0)
		return r < 0 ? -1 : 0;
	file = argv[optind];
	ref = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (sixd_image_import(cli->store.data_root, file, ref, &img, err) < 0)
		return -1;
	printf("sha256:%s\n", img->id);
	sixd_image_free(img);
	return 0;
}
