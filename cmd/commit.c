// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker commit [-m MSG] [-a AUTHOR] [-c CHANGE]... [-p[=BOOL]] CONTAINER [REPOSITORY[:TAG]] */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "cleanup.h"
#include "commands.h"
#include "commit.h"
#include "image.h"
#include "lookup.h"
#include "util.h"

#define COMMIT_OPTSTRING "+m:a:c:p::h"

static const char commit_usage[] =
	"Usage:  sixdocker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]\n\n"
	"Create a new image from a container's changes\n\n"
	"A running container is paused (frozen in its cgroup) while its changes are\n"
	"read, and resumes afterwards; --pause=false reads them while it runs.\n\n"
	"Options:\n"
	"  -a, --author string    author (e.g. \"Jane <jane@example.com>\")\n"
	"  -c, --change list      apply an instruction to the image config:\n"
	"                         CMD, ENTRYPOINT, ENV, WORKDIR or USER\n"
	"  -m, --message string   commit message\n"
	"  -p, --pause[=bool]     pause the container during commit (default true;\n"
	"                         -p=false or --pause=false to leave it running)\n"
	"  -h, --help             print this help\n";

struct commit_args {
	struct sixd_commit_opts o;
	char **changes;
	const char *container;
	bool no_pause;
};

/* --pause[=VALUE] / -p[=VALUE]: Go's boolean spellings. */
static int parse_pause(const char *arg, bool *no_pause, struct sixd_error **err)
{
	static const char *const yes[] = {"1", "t", "T", "true", "TRUE", "True"};
	static const char *const no[] = {"0", "f", "F", "false", "FALSE", "False"};

	if (arg && *arg == '=')
		arg++;
	*no_pause = false;
	if (arg == NULL)
		return 0;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(arg, yes[i]) == 0)
			return 0;
		if (strcmp(arg, no[i]) == 0) {
			*no_pause = true;
			return 0;
		}
	}
	return sixd_cmd_usage_error(err, "commit", "invalid boolean value '%s' for --pause", arg);
}

/* 1 after --help, 0 to go on, -1 on a usage error. */
static int parse_opts(int argc, char **argv, struct commit_args *a, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"message", required_argument, NULL, 'm'}, {"author", required_argument, NULL, 'a'},
		{"change", required_argument, NULL, 'c'},  {"pause", optional_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},	   {NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, COMMIT_OPTSTRING, opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			a->o.message = optarg;
			break;
		case 'a':
			a->o.author = optarg;
			break;
		case 'c':
			if (sixd_strv_append(&a->changes, optarg) < 0)
				return sixd_error_set(err, ENOMEM, "commit: out of memory");
			break;
		case 'p':
			if (parse_pause(optarg, &a->no_pause, err) < 0)
				return -1;
			break;
		case 'h':
			fputs(commit_usage, stdout);
			return 1;
		default:
			return sixd_cmd_option_error(err, "commit", argv, COMMIT_OPTSTRING);
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		return sixd_cmd_usage_error(err, "commit",
					    "requires at least 1 and at most 2 arguments");
	a->container = argv[optind];
	a->o.ref = optind + 1 < argc ? argv[optind + 1] : NULL;
	a->o.changes = a->changes;
	return 0;
}

static int commit_record(struct sixd_cli *cli, struct sixd_record *rec, struct commit_args *a,
			 struct sixd_image **out, struct sixd_error **err)
{
	_cleanup_free_ char *dir = NULL, *upper = NULL, *created_by = NULL;
	struct sixd_image *base = NULL;
	struct sixd_cgroup *cg = NULL;
	int r;

	if (sixd_record_running(rec) && !a->no_pause &&
	    sixd_cgroup_open(rec->cgroup_parent ? rec->cgroup_parent : "sixdocker", rec->id, &cg,
			     err) < 0)
		return sixd_error_wrap(err, "cannot pause '%s'", rec->name);
	a->o.freeze = cg;
	dir = sixd_store_container_dir(&cli->store, rec->id);
	created_by = sixd_strv_join(rec->argv, " ");
	if (dir == NULL || created_by == NULL || asprintf(&upper, "%s/upper", dir) < 0)
		r = sixd_error_set(err, ENOMEM, "cannot commit '%s'", rec->name);
	else if ((r = sixd_image_load(cli->store.data_root, rec->image_id, &base, err)) < 0)
		sixd_error_wrap(err, "cannot commit '%s': its image is gone", rec->name);
	if (r == 0) {
		a->o.created_by = created_by;
		r = sixd_commit(cli->store.data_root, upper, base, &a->o, out, err);
	}
	sixd_image_free(base);
	sixd_cgroup_free(cg);
	return r;
}

int cmd_commit(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	struct commit_args a = {0};
	struct sixd_record rec = {0};
	struct sixd_image *img = NULL;
	int r;

	r = parse_opts(argc, argv, &a, err);
	if (r == 0)
		r = sixd_store_lookup(&cli->store, a.container, &rec, err) < 0 ? -1 : 0;
	if (r == 0) {
		r = commit_record(cli, &rec, &a, &img, err);
		sixd_record_free(&rec);
	}
	if (r == 0)
		printf("sha256:%s\n", img->id);
	sixd_image_free(img);
	sixd_strvfreep(&a.changes);
	return r < 0 ? -1 : 0;
}
