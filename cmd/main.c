// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sixdocker: global options, the command table, and the one place that prints
 * errors and chooses the exit code.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "commands.h"
#include "log.h"

enum {
	CMD_NEEDS_STORE = 1 << 0, /* the command reads or writes the state or data root */
};

struct command {
	const char *name;
	sixd_cmd_fn fn;
	unsigned flags;
	const char *summary;
};

static const struct command commands[] = {
	{"run", cmd_run, CMD_NEEDS_STORE, "Create and run a new container from an image"},
	{"exec", cmd_exec, CMD_NEEDS_STORE, "Run a command in a running container"},
	{"create", cmd_create, CMD_NEEDS_STORE, "Create a new container without starting it"},
	{"start", cmd_start, CMD_NEEDS_STORE, "Start one or more created or stopped containers"},
	{"restart", cmd_restart, CMD_NEEDS_STORE, "Restart one or more containers"},
	{"stop", cmd_stop, CMD_NEEDS_STORE, "Stop one or more running containers"},
	{"kill", cmd_kill, CMD_NEEDS_STORE, "Send a signal to one or more running containers"},
	{"rm", cmd_rm, CMD_NEEDS_STORE, "Remove one or more containers"},
	{"logs", cmd_logs, CMD_NEEDS_STORE, "Print the output of a container"},
	{"wait", cmd_wait, CMD_NEEDS_STORE,
	 "Wait for containers to stop and print their exit codes"},
	{"images", cmd_images, CMD_NEEDS_STORE, "List images"},
	{"import", cmd_import, CMD_NEEDS_STORE, "Import a root filesystem tarball as an image"},
	{"commit", cmd_commit, CMD_NEEDS_STORE, "Create a new image from a container's changes"},
	{"tag", cmd_tag, CMD_NEEDS_STORE, "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE"},
	{"rmi", cmd_rmi, CMD_NEEDS_STORE, "Remove one or more images"},
	{"history", cmd_history, CMD_NEEDS_STORE, "Show the history of an image"},
	{"image", cmd_image, CMD_NEEDS_STORE,
	 "Manage images (image ls, rm, tag, save, load, inspect, history)"},
	{"export", cmd_export, CMD_NEEDS_STORE, "Export a container's filesystem as a tar archive"},
	{"save", cmd_save, CMD_NEEDS_STORE, "Save images to a tar archive (OCI image layout)"},
	{"load", cmd_load, CMD_NEEDS_STORE, "Load images from a tar archive (OCI or docker-save)"},
	{"ps", cmd_ps, CMD_NEEDS_STORE, "List containers"},
	{"stats", cmd_stats, CMD_NEEDS_STORE,
	 "Display a live stream of containers' resource usage"},
	{"inspect", cmd_inspect, CMD_NEEDS_STORE, "Display detailed information on containers"},
	{"container", cmd_container, CMD_NEEDS_STORE, "Manage containers (container prune)"},
	{"network", cmd_network, CMD_NEEDS_STORE, "Manage networks"},
};

static void usage(FILE *out)
{
	fprintf(out, "Usage:  sixdocker [OPTIONS] COMMAND\n\n"
		     "A daemonless container engine\n\n"
		     "Options:\n"
		     "      --root DIR         state root (default " SIXD_DEFAULT_ROOT
		     ", env SIXDOCKER_ROOT)\n"
		     "      --data-root DIR    data root (default " SIXD_DEFAULT_DATA_ROOT
		     ", env SIXDOCKER_DATA)\n"
		     "      --log-level LEVEL  error, warn, info or debug (env SIXDOCKER_LOG)\n"
		     "  -h, --help             print this help\n"
		     "  -v, --version          print the version\n\n"
		     "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'sixdocker COMMAND --help' for more information on a command.\n");
}

int sixd_cmd_usage_error(struct sixd_error **err, const char *cmd, const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	return sixd_error_set(err, 0, "%s: %s (see 'sixdocker %s --help')", cmd,
			      msg ? msg : "invalid usage", cmd);
}

int sixd_cmd_option_error(struct sixd_error **err, const char *cmd, char **argv,
			  const char *optstring)
{
	const char *arg = argv[optind - 1], *p;
	bool missing;

	/* optopt: 0 for an unknown long option, else the option that lacks its argument */
	if (optopt >= 128)
		missing = true;
	else if (optopt > 0)
		missing = (p = strchr(optstring, optopt)) != NULL && p[1] == ':';
	else
		missing = false;
	if (missing)
		return sixd_cmd_usage_error(err, cmd, "flag needs an argument: '%s'", arg);
	return sixd_cmd_usage_error(err, cmd, "unknown flag: '%s'", arg);
}

static int print_error(struct sixd_error *err)
{
	_cleanup_free_ char *text = sixd_error_format(err);

	fprintf(stderr, "sixdocker: %s\n", text ? text : "out of memory");
	return err && err->exit_code ? err->exit_code : SIXD_EXIT_FAILURE;
}

int sixd_cmd_report(struct sixd_error **err)
{
	int code = print_error(err ? *err : NULL);

	sixd_error_free(err);
	return code;
}

void sixd_cmd_add_failure(char **msgs, struct sixd_error **e)
{
	_cleanup_free_ char *text = sixd_error_format(*e);
	char *joined = NULL;

	if (asprintf(&joined, "%s%s%s", *msgs ? *msgs : "", *msgs ? "; " : "",
		     text ? text : "out of memory") >= 0) {
		free(*msgs);
		*msgs = joined;
	}
	sixd_error_free(e);
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int parse_global(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, 'R'},
		{"data-root", required_argument, NULL, 'D'},
		{"log-level", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	const char *env_level = getenv("SIXDOCKER_LOG");
	int c;

	if (env_level && *env_level && sixd_log_set_level(env_level) < 0)
		return sixd_error_set(err, 0, "invalid SIXDOCKER_LOG level '%s'", env_level);
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "+hv", opts, NULL)) != -1) {
		switch (c) {
		case 'R':
			cli->root_opt = optarg;
			break;
		case 'D':
			cli->data_root_opt = optarg;
			break;
		case 'l':
			if (sixd_log_set_level(optarg) < 0)
				return sixd_error_set(err, 0, "invalid log level '%s'", optarg);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'v':
			printf("sixdocker version %s\n", SIXD_VERSION);
			exit(0);
		default:
			return sixd_error_set(err, 0, "unknown flag: '%s' (see 'sixdocker --help')",
					      argv[optind - 1]);
		}
	}
	return optind;
}

int main(int argc, char **argv)
{
	struct sixd_cli cli = {0};
	struct sixd_error *err = NULL;
	const struct command *cmd;
	int first, rc;

	first = parse_global(&cli, argc, argv, &err);
	if (first < 0)
		return sixd_cmd_report(&err);
	if (first >= argc) {
		usage(stderr);
		return SIXD_EXIT_FAILURE;
	}
	cmd = find_command(argv[first]);
	if (cmd == NULL) {
		fprintf(stderr,
			"sixdocker: '%s' is not a sixdocker command (see 'sixdocker --help')\n",
			argv[first]);
		return SIXD_EXIT_FAILURE;
	}
	if ((cmd->flags & CMD_NEEDS_STORE) &&
	    sixd_store_init(&cli.store, cli.root_opt, cli.data_root_opt, &err) < 0) {
		rc = sixd_cmd_report(&err);
		sixd_store_fini(&cli.store);
		return rc;
	}
	optind = 0;
	rc = cmd->fn(&cli, argc - first, argv + first, &err);
	if (rc < 0)
		rc = print_error(err);
	fflush(stdout);
	sixd_error_free(&err);
	sixd_store_fini(&cli.store);
	return rc;
}
