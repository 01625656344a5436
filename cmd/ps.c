// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker ps [-a] [-q] [-s] [--no-trunc] [-n N | -l] [--filter K=V]... [--format F] */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cleanup.h"
#include "commands.h"
#include "ps.h"
#include "state.h"
#include "util.h"

static const char ps_usage[] =
	"Usage:  sixdocker ps [OPTIONS]\n\n"
	"List containers\n\n"
	"Options:\n"
	"  -a, --all             show all containers (default shows just running)\n"
	"  -f, --filter FILTER   filter output: name=REGEX, status=STATE, id=PREFIX\n"
	"                        (repeatable: the same key ORs, different keys AND)\n"
	"      --format FORMAT   'table', 'table TEMPLATE', 'json' or a Go template,\n"
	"                        e.g. '{{.ID}}\\t{{.Names}}\\t{{.Status}}'\n"
	"  -n, --last N          show the N last created containers (all states)\n"
	"  -l, --latest          show the latest created container (all states)\n"
	"      --no-trunc        don't truncate output\n"
	"  -q, --quiet           only display container IDs\n"
	"  -s, --size            display total file sizes\n"
	"  -h, --help            print this help\n\n"
	"Placeholders: .ID .Image .Command .CreatedAt .RunningFor .Status .State .Ports\n"
	".Names .Mounts .Size\n";

enum { OPT_FORMAT = 256, OPT_NO_TRUNC };

static int parse_last(const char *v, struct sixd_ps_opts *o, struct sixd_error **err)
{
	int64_t n;

	if (sixd_parse_int64(v, &n) < 0 || n > 1000000000)
		return sixd_cmd_usage_error(err, "ps", "invalid value '%s' for --last", v);
	o->last = (long)n;
	return 0;
}

static int parse_option(int c, struct sixd_ps_opts *o, bool *latest, struct sixd_error **err)
{
	switch (c) {
	case 'a':
		o->all = true;
		return 0;
	case 'q':
		o->quiet = true;
		return 0;
	case 's':
		o->size = true;
		return 0;
	case 'l':
		*latest = true;
		return 0;
	case OPT_NO_TRUNC:
		o->no_trunc = true;
		return 0;
	case OPT_FORMAT:
		o->format = optarg;
		return 0;
	case 'n':
		return parse_last(optarg, o, err);
	case 'f':
		return sixd_ps_filter_add(o, optarg, err);
	}
	return sixd_cmd_usage_error(err, "ps", "unknown flag");
}

/* Returns 0 to go on, 1 after --help, -1 on error. */
static int parse_opts(int argc, char **argv, struct sixd_ps_opts *o, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"all", no_argument, NULL, 'a'},
		{"filter", required_argument, NULL, 'f'},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"last", required_argument, NULL, 'n'},
		{"latest", no_argument, NULL, 'l'},
		{"no-trunc", no_argument, NULL, OPT_NO_TRUNC},
		{"quiet", no_argument, NULL, 'q'},
		{"size", no_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool latest = false;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+af:n:lqsh", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(ps_usage, stdout);
			return 1;
		}
		if (c == '?' || c == ':')
			return sixd_cmd_usage_error(err, "ps",
						    "unknown flag or missing argument: %s",
						    argv[optind - 1]);
		if (parse_option(c, o, &latest, err) < 0)
			return -1;
	}
	if (optind < argc)
		return sixd_cmd_usage_error(err, "ps", "accepts no arguments");
	if (latest && o->last <= 0)
		o->last = 1;
	return 0;
}

static int list_containers(struct sixd_cli *cli, const struct sixd_ps_opts *o,
			   struct sixd_error **err)
{
	_cleanup_free_ char *out = NULL;
	struct sixd_record *list = NULL;
	size_t n = 0;

	if (sixd_container_list(&cli->store, &list, &n, err) < 0)
		return -1;
	out = sixd_ps_render(o, list, n, sixd_now_ns(), err);
	sixd_record_list_free(list, n);
	if (out == NULL)
		return -1;
	fputs(out, stdout);
	return 0;
}

int cmd_ps(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	struct sixd_ps_opts o = {.data_root = cli->store.data_root};
	int r;

	r = parse_opts(argc, argv, &o, err);
	if (r == 0)
		r = list_containers(cli, &o, err);
	sixd_ps_filters_free(&o);
	return r < 0 ? -1 : 0;
}
