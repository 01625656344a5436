// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker logs [-f] [-t] [--tail N] [--since T] [--until T] CONTAINER */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "logs.h"
#include "util.h"

static const char usage[] =
	"Usage:  sixdocker logs [OPTIONS] CONTAINER\n\n"
	"Print a container's output: stdout to stdout, stderr to stderr, in order.\n\n"
	"Options:\n"
	"  -f, --follow         follow new output until the container exits\n"
	"  -t, --timestamps     prefix each line with its RFC 3339 time\n"
	"  -n, --tail N         only the last N lines (\"all\" for every line)\n"
	"      --since TIME     lines from TIME on (RFC 3339, Unix time, or 10m ago)\n"
	"      --until TIME     lines up to TIME\n"
	"      --help           print this help\n";

struct printer {
	bool timestamps;
};

static void print_entry(void *data, const struct sixd_log_entry *e)
{
	struct printer *p = data;
	int fd = e->is_stderr ? STDERR_FILENO : STDOUT_FILENO;

	if (p->timestamps) {
		char ts[64], prefix[72];

		sixd_format_rfc3339(e->time, ts, sizeof(ts));
		snprintf(prefix, sizeof(prefix), "%s ", ts);
		sixd_write_all(fd, prefix, strlen(prefix));
	}
	sixd_write_all(fd, e->text, e->len);
}

static int parse_tail(const char *v, int64_t *tail, struct sixd_error **err)
{
	if (strcmp(v, "all") == 0) {
		*tail = -1;
		return 0;
	}
	if (sixd_parse_int64(v, tail) < 0)
		return sixd_error_set(err, 0, "logs: invalid --tail '%s'", v);
	return 0;
}

int cmd_logs(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"follow", no_argument, NULL, 'f'},
		{"timestamps", no_argument, NULL, 't'},
		{"tail", required_argument, NULL, 'n'},
		{"since", required_argument, NULL, 'S'},
		{"until", required_argument, NULL, 'U'},
		{"help", no_argument, NULL, 'H'},
		{NULL, 0, NULL, 0},
	};
	struct printer p = {0};
	struct sixd_logs_opts o = {.tail = -1, .emit = print_entry, .data = &p};
	int64_t now = sixd_now_ns();
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+ftn:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			o.follow = true;
			break;
		case 't':
			p.timestamps = true;
			break;
		case 'n':
			if (parse_tail(optarg, &o.tail, err) < 0)
				return -1;
			break;
		case 'S':
		case 'U':
			if (sixd_parse_time_arg(optarg, now, c == 'S' ? &o.since : &o.until, err) <
			    0)
				return -1;
			break;
		case 'H':
			fputs(usage, stdout);
			return 0;
		default:
			return sixd_cmd_usage_error(err, "logs", "unknown flag: '%s'",
						    argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return sixd_cmd_usage_error(err, "logs", "requires exactly 1 container");
	return sixd_container_logs(&cli->store, argv[optind], &o, err);
}
