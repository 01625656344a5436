// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker stats [-a] [--no-stream] [--no-trunc] [--format F] [CONTAINER...] */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cleanup.h"
#include "commands.h"
#include "stats.h"

/* Docker's daemon reads every second; CPU % is the share over that interval. */
#define STATS_INTERVAL_MS 1000

static const char stats_usage[] =
	"Usage:  sixdocker stats [OPTIONS] [CONTAINER...]\n\n"
	"Display a live stream of container(s) resource usage statistics\n\n"
	"Options:\n"
	"  -a, --all             show all containers (default shows just running)\n"
	"      --format FORMAT   'table', 'table TEMPLATE', 'json' or a Go template\n"
	"      --no-stream       print one reading and exit\n"
	"      --no-trunc        don't truncate output\n"
	"  -h, --help            print this help\n\n"
	"Placeholders: .Container .Name .ID .CPUPerc .MemUsage .MemPerc .NetIO .BlockIO .PIDs\n";

enum { OPT_FORMAT = 256, OPT_NO_STREAM, OPT_NO_TRUNC };

struct stats_opts {
	bool all, no_stream, no_trunc;
	const char *format;
};

/* Returns 0 to go on, 1 after --help, -1 on error. */
static int parse_opts(int argc, char **argv, struct stats_opts *o, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"all", no_argument, NULL, 'a'},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"no-stream", no_argument, NULL, OPT_NO_STREAM},
		{"no-trunc", no_argument, NULL, OPT_NO_TRUNC},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+ah", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(stats_usage, stdout);
			return 1;
		case 'a':
			o->all = true;
			break;
		case OPT_FORMAT:
			o->format = optarg;
			break;
		case OPT_NO_STREAM:
			o->no_stream = true;
			break;
		case OPT_NO_TRUNC:
			o->no_trunc = true;
			break;
		default:
			return sixd_cmd_usage_error(err, "stats",
						    "unknown flag or missing argument: %s",
						    argv[optind - 1]);
		}
	}
	return 0;
}

/* One reading, printed; on a terminal a stream redraws the screen. */
static int show(struct sixd_cli *cli, char *const *refs, const struct stats_opts *o, bool clear,
		struct sixd_error **err)
{
	_cleanup_free_ char *out = NULL;
	json_auto_t *rows = NULL;

	if (sixd_stats_collect(&cli->store, refs, o->all, !o->no_trunc, STATS_INTERVAL_MS, &rows,
			       err) < 0)
		return -1;
	out = sixd_stats_render(o->format, rows, err);
	if (out == NULL)
		return -1;
	if (clear)
		fputs("\033[2J\033[H", stdout);
	fputs(out, stdout);
	return fflush(stdout) == 0 ? 0 : sixd_error_set(err, errno, "cannot write the statistics");
}

int cmd_stats(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	struct stats_opts o = {0};
	bool tty = isatty(STDOUT_FILENO);
	int r;

	r = parse_opts(argc, argv, &o, err);
	if (r != 0)
		return r < 0 ? -1 : 0;
	do
		r = show(cli, argv + optind, &o, tty && !o.no_stream, err);
	while (r == 0 && !o.no_stream);
	return r;
}
