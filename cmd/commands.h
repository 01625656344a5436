/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_COMMANDS_H
#define SIXD_COMMANDS_H

#include "error.h"
#include "store.h"

/* What main.c hands every subcommand: the global options, resolved. */
struct sixd_cli {
	struct sixd_store store;
	const char *root_opt;	   /* --root, or NULL */
	const char *data_root_opt; /* --data-root, or NULL */
};

/*
 * A subcommand parses its own options (getopt_long, "+" optstring, optind = 0
 * set by main), calls lib/, prints its result on stdout and returns its exit
 * code.  On failure it returns -1 with *err filled; main prints the error and
 * exits with err->exit_code or 125.  argv[0] is the subcommand's name.
 */
typedef int (*sixd_cmd_fn)(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);

int cmd_run(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_create(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_start(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_restart(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_stop(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_kill(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_rm(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_logs(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_wait(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_images(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_exec(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_import(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_commit(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_tag(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_rmi(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_save(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_load(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_export(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_image(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_history(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_ps(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_stats(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_inspect(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_container(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_network(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);
int cmd_container_prune(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err);

/*
 * After getopt_long (opterr = 0) returned '?': "CMD: unknown flag: '--x'" or
 * "CMD: flag needs an argument: '-e'"; optstring is the one given to getopt_long.
 */
int sixd_cmd_option_error(struct sixd_error **err, const char *cmd, char **argv,
			  const char *optstring);

/*
 * For commands over several containers: print *err as main would, free it, and
 * return the exit code it asks for, so the command can go on with the next one.
 */
int sixd_cmd_report(struct sixd_error **err);

/*
 * For inspect-like commands that print what they found and then one line for
 * the rest: append the message of *e to the "; "-separated list *msgs (a new
 * string replacing it) and free *e.
 */
void sixd_cmd_add_failure(char **msgs, struct sixd_error **e);

/*
 * Shared by subcommands: report an unknown option or a missing argument as an
 * error naming the command, e.g. "run: unknown flag: --bogus".
 */
int sixd_cmd_usage_error(struct sixd_error **err, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
