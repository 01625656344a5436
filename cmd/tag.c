// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG] */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "image.h"

#define TAG_OPTSTRING "+h"

static const char tag_usage[] = "Usage:  sixdocker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\n"
				"Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE\n\n"
				"Options:\n"
				"  -h, --help    print this help\n";

int cmd_tag(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, TAG_OPTSTRING, opts, NULL)) != -1) {
		if (c != 'h')
			return sixd_cmd_option_error(err, "tag", argv, TAG_OPTSTRING);
		fputs(tag_usage, stdout);
		return 0;
	}
	if (argc - optind != 2)
		return sixd_cmd_usage_error(err, "tag", "requires exactly 2 arguments");
	return sixd_image_tag(cli->store.data_root, argv[optind], argv[optind + 1], err);
}
