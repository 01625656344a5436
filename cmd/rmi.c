// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker rmi [-f] IMAGE... */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "cleanup.h"
#include "commands.h"
#include "image.h"
#include "state.h"
#include "util.h"

#define RMI_OPTSTRING "+fh"
#define SIXD_EXIT_RMI_FAILED 1

static const char rmi_usage[] =
	"Usage:  sixdocker rmi [OPTIONS] IMAGE [IMAGE...]\n\n"
	"Remove one or more images\n\n"
	"An image that a container uses is kept: removing its last name (or naming\n"
	"it by id) needs --force, which then only removes its names.  The exit\n"
	"status is 1 when an image could not be removed, as with docker.\n\n"
	"Options:\n"
	"  -f, --force   remove the names even when a container uses the image, or\n"
	"                all names of an image given by id\n"
	"  -h, --help    print this help\n";

/* 1 after --help, 0 to go on, -1 on a usage error. */
static int parse_opts(int argc, char **argv, bool *force, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"force", no_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, RMI_OPTSTRING, opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			*force = true;
			break;
		case 'h':
			fputs(rmi_usage, stdout);
			return 1;
		default:
			return sixd_cmd_option_error(err, "rmi", argv, RMI_OPTSTRING);
		}
	}
	if (argc - optind < 1)
		return sixd_cmd_usage_error(err, "rmi", "requires at least 1 argument");
	return 0;
}

/* The image ids of every container record. */
static char **images_in_use(struct sixd_cli *cli, struct sixd_error **err)
{
	_cleanup_strv_ char **ids = calloc(1, sizeof(char *));
	struct sixd_record *list = NULL;
	size_t n = 0;
	int r = 0;

	if (ids == NULL) {
		sixd_error_set(err, ENOMEM, "rmi: out of memory");
		return NULL;
	}
	if (sixd_container_list(&cli->store, &list, &n, err) < 0)
		return NULL;
	for (size_t i = 0; i < n && r == 0; i++)
		if (list[i].image_id && (r = sixd_strv_append(&ids, list[i].image_id)) < 0)
			sixd_error_set(err, ENOMEM, "rmi: out of memory");
	sixd_record_list_free(list, n);
	return r < 0 ? NULL : steal_ptr(ids);
}

int cmd_rmi(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	_cleanup_strv_ char **in_use = NULL;
	bool force = false;
	int r, rc = 0;

	r = parse_opts(argc, argv, &force, err);
	if (r != 0)
		return r < 0 ? -1 : 0;
	in_use = images_in_use(cli, err);
	if (in_use == NULL)
		return -1;
	for (int i = optind; i < argc; i++) {
		_cleanup_strv_ char **report = NULL;

		r = sixd_image_remove(cli->store.data_root, argv[i], force, in_use, &report, err);
		for (char **l = report; l && *l; l++)
			printf("%s\n", *l);
		if (r < 0) {
			/* like docker: an image that cannot be removed is exit status 1 */
			if (*err && (*err)->exit_code == 0)
				(*err)->exit_code = SIXD_EXIT_RMI_FAILED;
			rc = sixd_cmd_report(err);
		}
	}
	return rc;
}
