// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker exec: parse the options, hand them to sixd_exec_enter. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "commands.h"
#include "exec.h"
#include "util.h"

static const char usage[] =
	"Usage:  sixdocker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\n"
	"Run a command in a running container (by name, id or id prefix).\n\n"
	"Options:\n"
	"  -d, --detach               run the command in the background\n"
	"  -e, --env K=V|K            set an environment variable (K alone: from here)\n"
	"      --env-file FILE        read environment variables from a file\n"
	"  -i, --interactive          keep stdin open\n"
	"  -t, --tty                  allocate a pseudo-TTY\n"
	"  -u, --user USER[:GROUP]    run as this user (from the container's /etc/passwd)\n"
	"  -w, --workdir DIR          working directory inside the container\n"
	"      --privileged           give the command every capability (seccomp stays)\n"
	"      --help                 print this help\n";

enum {
	OPT_ENV_FILE = 256,
	OPT_PRIVILEGED,
	OPT_HELP,
};

static const struct option exec_options[] = {
	{"detach", no_argument, NULL, 'd'},
	{"env", required_argument, NULL, 'e'},
	{"env-file", required_argument, NULL, OPT_ENV_FILE},
	{"interactive", no_argument, NULL, 'i'},
	{"tty", no_argument, NULL, 't'},
	{"user", required_argument, NULL, 'u'},
	{"workdir", required_argument, NULL, 'w'},
	{"privileged", no_argument, NULL, OPT_PRIVILEGED},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

struct exec_args {
	struct sixd_exec_opts o;
	char **env_args;
	char **env_files;
};

static int parse_option(struct exec_args *a, int c, struct sixd_error **err)
{
	switch (c) {
	case 'd':
		a->o.detach = true;
		return 0;
	case 'i':
		a->o.interactive = true;
		return 0;
	case 't':
		a->o.tty = true;
		return 0;
	case 'u':
		a->o.user = optarg;
		return 0;
	case 'w':
		a->o.workdir = optarg;
		return 0;
	case OPT_PRIVILEGED:
		a->o.privileged = true;
		return 0;
	case 'e':
		return sixd_strv_append(&a->env_args, optarg) < 0
			       ? sixd_error_set(err, ENOMEM, "-e")
			       : 0;
	case OPT_ENV_FILE:
		return sixd_strv_append(&a->env_files, optarg) < 0
			       ? sixd_error_set(err, ENOMEM, "--env-file")
			       : 0;
	}
	return sixd_cmd_usage_error(err, "exec", "unknown flag");
}

/* Parse argv into a; returns 1 when --help was printed. */
static int parse_exec(struct exec_args *a, int argc, char **argv, struct sixd_error **err)
{
	int c;

	opterr = 0;
	static const char optstring[] = "+de:itu:w:";

	while ((c = getopt_long(argc, argv, optstring, exec_options, NULL)) != -1) {
		if (c == OPT_HELP) {
			fputs(usage, stdout);
			return 1;
		}
		if (c == '?' || c == ':')
			return sixd_cmd_option_error(err, "exec", argv, optstring);
		if (parse_option(a, c, err) < 0)
			return -1;
	}
	if (argc - optind < 2)
		return sixd_cmd_usage_error(err, "exec", "requires at least 2 arguments");
	if (a->o.tty && a->o.interactive && !a->o.detach && !isatty(STDIN_FILENO))
		return sixd_error_set(err, 0, "the input device is not a TTY");
	a->o.container = argv[optind];
	a->o.argv = argv + optind + 1;
	a->o.env_args = a->env_args;
	a->o.env_files = a->env_files;
	return 0;
}

int cmd_exec(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	struct exec_args a = {0};
	int rc;

	rc = parse_exec(&a, argc, argv, err);
	if (rc == 0)
		rc = sixd_exec_enter(&cli->store, &a.o, err); /* returns only on failure */
	else if (rc == 1)
		rc = 0;
	sixd_strvfreep(&a.env_args);
	sixd_strvfreep(&a.env_files);
	return rc;
}
