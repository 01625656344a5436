// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sixdocker image COMMAND: the image commands under Docker's management
 * command (image ls, rm, tag, save, load, import, history), and image inspect.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "commands.h"
#include "format.h"
#include "image.h"

#define INSPECT_OPTSTRING "+f:h"

static const char usage[] =
	"Usage:  sixdocker image COMMAND\n\n"
	"Manage images.\n\n"
	"Commands:\n"
	"  history     Show the history of an image\n"
	"  import      Import a root filesystem tarball as an image\n"
	"  inspect     Display detailed information on images\n"
	"  load        Load images from a tar archive\n"
	"  ls          List images\n"
	"  rm          Remove one or more images\n"
	"  save        Save images to a tar archive\n"
	"  tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE\n\n"
	"Run 'sixdocker image COMMAND --help' for more information.\n";

static const char inspect_usage[] =
	"Usage:  sixdocker image inspect [OPTIONS] IMAGE [IMAGE...]\n\n"
	"Display detailed information on images (a JSON array)\n\n"
	"Options:\n"
	"  -f, --format FORMAT   render each image through a Go template,\n"
	"                        e.g. '{{.Id}}' or '{{json .RootFS.Layers}}'\n"
	"  -h, --help            print this help\n";

/* Returns 0 to go on, 1 after --help, -1 on error. */
static int parse_inspect(int argc, char **argv, const char **format, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, INSPECT_OPTSTRING, opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			*format = optarg;
			break;
		case 'h':
			fputs(inspect_usage, stdout);
			return 1;
		default:
			return sixd_cmd_option_error(err, "image inspect", argv, INSPECT_OPTSTRING);
		}
	}
	if (optind >= argc)
		return sixd_cmd_usage_error(err, "image inspect", "requires at least 1 argument");
	return 0;
}

static int print_all(json_t *arr, const struct sixd_template *t, struct sixd_error **err)
{
	_cleanup_free_ char *text = NULL;
	size_t i;
	json_t *obj;

	if (t == NULL) {
		text = json_dumps(arr, JSON_INDENT(4));
		if (text == NULL)
			return sixd_error_set(err, ENOMEM, "cannot encode the inspect output");
		printf("%s\n", text);
		return 0;
	}
	json_array_foreach(arr, i, obj)
	{
		_cleanup_free_ char *line = sixd_template_render(t, obj, err);

		if (line == NULL)
			return -1;
		printf("%s\n", line);
	}
	return 0;
}

/* As docker: the images found are printed, then one line naming those not found (125). */
static int cmd_image_inspect(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	struct sixd_template *t = NULL;
	_cleanup_free_ char *failed = NULL;
	json_auto_t *arr = json_array();
	const char *format = NULL;
	int r = parse_inspect(argc, argv, &format, err);

	if (r != 0)
		return r < 0 ? -1 : 0;
	if (arr == NULL)
		return sixd_error_set(err, ENOMEM, "cannot inspect");
	if (format && sixd_template_parse(format, &t, err) < 0)
		return -1;
	for (int i = optind; i < argc; i++) {
		struct sixd_error *e = NULL;
		json_t *obj = sixd_image_inspect(cli->store.data_root, argv[i], &e);

		if (obj == NULL)
			sixd_cmd_add_failure(&failed, &e);
		else if (json_array_append_new(arr, obj) < 0)
			r = sixd_error_set(err, ENOMEM, "cannot inspect");
	}
	if (r == 0)
		r = print_all(arr, t, err);
	sixd_template_free(t);
	if (r == 0 && failed)
		return sixd_error_set(err, 0, "%s", failed);
	return r;
}

static const struct {
	const char *name;
	sixd_cmd_fn fn;
} subcommands[] = {
	{"history", cmd_history}, {"import", cmd_import}, {"inspect", cmd_image_inspect},
	{"load", cmd_load},	  {"ls", cmd_images},	  {"list", cmd_images},
	{"rm", cmd_rmi},	  {"save", cmd_save},	  {"tag", cmd_tag},
};

int cmd_image(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	if (argc < 2)
		return sixd_cmd_usage_error(err, "image", "requires a command");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			return subcommands[i].fn(cli, argc - 1, argv + 1, err);
	return sixd_cmd_usage_error(err, "image", "unknown command: '%s'", argv[1]);
}
