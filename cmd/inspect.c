// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sixdocker inspect [-f FORMAT] CONTAINER...
 *
 * As docker: the containers found are printed (a JSON array, or one line per
 * container with -f); then, if some were not found, one line naming them and
 * exit status 125, like every failure of sixdocker itself.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "commands.h"
#include "format.h"
#include "inspect.h"

static const char inspect_usage[] =
	"Usage:  sixdocker inspect [OPTIONS] CONTAINER [CONTAINER...]\n\n"
	"Display detailed information on containers (a JSON array)\n\n"
	"Options:\n"
	"  -f, --format FORMAT   render each container through a Go template,\n"
	"                        e.g. '{{.State.Status}}' or '{{json .Config.Env}}'\n"
	"  -h, --help            print this help\n";

/* Returns 0 to go on, 1 after --help, -1 on error. */
static int parse_opts(int argc, char **argv, const char **format, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			*format = optarg;
			break;
		case 'h':
			fputs(inspect_usage, stdout);
			return 1;
		default:
			return sixd_cmd_usage_error(err, "inspect",
						    "unknown flag or missing argument: %s",
						    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return sixd_cmd_usage_error(err, "inspect", "requires at least 1 argument");
	return 0;
}

/* The inspect objects of the containers named in argv; the failures' messages in *failed. */
static json_t *collect(struct sixd_cli *cli, int argc, char **argv, char **failed)
{
	json_t *arr = json_array();

	for (int i = 0; arr && i < argc; i++) {
		struct sixd_error *e = NULL;
		json_t *obj = sixd_inspect_container(&cli->store, argv[i], &e);

		if (obj == NULL)
			sixd_cmd_add_failure(failed, &e);
		else
			json_array_append_new(arr, obj);
	}
	return arr;
}

static int print_templated(const struct sixd_template *t, json_t *arr, struct sixd_error **err)
{
	size_t i;
	json_t *obj;

	json_array_foreach(arr, i, obj)
	{
		_cleanup_free_ char *line = sixd_template_render(t, obj, err);

		if (line == NULL)
			return -1;
		printf("%s\n", line);
	}
	return 0;
}

static int print_json(json_t *arr, struct sixd_error **err)
{
	_cleanup_free_ char *text = json_dumps(arr, JSON_INDENT(4));

	if (text == NULL)
		return sixd_error_set(err, ENOMEM, "cannot encode the inspect output");
	printf("%s\n", text);
	return 0;
}

int cmd_inspect(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	struct sixd_template *t = NULL;
	_cleanup_free_ char *failed = NULL;
	const char *format = NULL;
	json_auto_t *arr = NULL;
	int r;

	r = parse_opts(argc, argv, &format, err);
	if (r != 0)
		return r < 0 ? -1 : 0;
	/* a malformed template fails before anything is printed */
	if (format && sixd_template_parse(format, &t, err) < 0)
		return -1;
	arr = collect(cli, argc - optind, argv + optind, &failed);
	if (arr == NULL)
		r = sixd_error_set(err, ENOMEM, "cannot inspect containers");
	else
		r = t ? print_templated(t, arr, err) : print_json(arr, err);
	sixd_template_free(t);
	if (r == 0 && failed)
		r = sixd_error_set(err, 0, "%s", failed);
	return r < 0 ? -1 : 0;
}
