// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker network create|ls|rm|inspect */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "commands.h"
#include "format.h"
#include "network.h"

static const char usage[] = "Usage:  sixdocker network COMMAND\n\n"
			    "Manage networks.\n\n"
			    "Commands:\n"
			    "  create      Create a network\n"
			    "  inspect     Display detailed information on one or more networks\n"
			    "  ls          List networks\n"
			    "  rm          Remove one or more networks\n\n"
			    "Run 'sixdocker network COMMAND --help' for more information.\n";

static const char create_usage[] =
	"Usage:  sixdocker network create [OPTIONS] NETWORK\n\n"
	"Create a bridge network.\n\n"
	"Options:\n"
	"      --subnet CIDR    subnet (default: the first free of 172.17-31.0.0/16, 192.168.*.0/20)\n"
	"      --gateway IP     gateway (default: the subnet's first address)\n"
	"  -d, --driver NAME    bridge (the only driver)\n"
	"      --help           print this help\n";

static int network_create(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"subnet", required_argument, NULL, 's'},
		{"gateway", required_argument, NULL, 'g'},
		{"driver", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'H'},
		{NULL, 0, NULL, 0},
	};
	const char *subnet = NULL, *gateway = NULL;
	char id[65];
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+d:", opts, NULL)) != -1) {
		if (c == 'H')
			return fputs(create_usage, stdout), 0;
		if (c == 's')
			subnet = optarg;
		else if (c == 'g')
			gateway = optarg;
		else if (c == 'd' && strcmp(optarg, "bridge") != 0)
			return sixd_error_set(err, 0, "network create: unsupported driver '%s'",
					      optarg);
		else if (c != 'd')
			return sixd_cmd_option_error(err, "network create", argv, "+d:");
	}
	if (optind + 1 != argc)
		return sixd_cmd_usage_error(err, "network create", "requires exactly 1 argument");
	if (gateway && subnet == NULL)
		return sixd_error_set(err, 0, "network create: --gateway needs --subnet");
	if (sixd_network_create(&cli->store, argv[optind], subnet, gateway, id, err) < 0)
		return -1;
	printf("%s\n", id);
	return 0;
}

static void ls_row(FILE *f, const char *id, const char *name, const char *driver, bool quiet)
{
	if (quiet)
		fprintf(f, "%.12s\n", id);
	else
		fprintf(f, "%.12s\t%s\t%s\tlocal\n", id, name, driver);
}

static int print_list(struct sixd_network *list, size_t n, bool quiet, struct sixd_error **err)
{
	_cleanup_free_ char *buf = NULL, *out = NULL;
	size_t len = 0;
	char id[65];
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return sixd_error_set(err, ENOMEM, "cannot list the networks");
	if (!quiet)
		fprintf(f, "NETWORK ID\tNAME\tDRIVER\tSCOPE\n");
	if (n == 0 || strcmp(list[0].name, SIXD_NETWORK_DEFAULT) != 0) {
		sixd_network_builtin_id(SIXD_NETWORK_DEFAULT, id);
		ls_row(f, id, SIXD_NETWORK_DEFAULT, "bridge", quiet);
	}
	for (size_t i = 0; i < n; i++)
		ls_row(f, list[i].id, list[i].name, "bridge", quiet);
	sixd_network_builtin_id("host", id);
	ls_row(f, id, "host", "host", quiet);
	sixd_network_builtin_id("none", id);
	ls_row(f, id, "none", "null", quiet);
	fclose(f);
	out = quiet ? strdup(buf) : sixd_format_align(buf, 10, 3);
	if (out == NULL)
		return sixd_error_set(err, ENOMEM, "cannot list the networks");
	fputs(out, stdout);
	return 0;
}

static int network_ls(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	struct sixd_network *list = NULL;
	bool quiet = argc == 2 && (strcmp(argv[1], "-q") == 0 || strcmp(argv[1], "--quiet") == 0);
	size_t n = 0;
	int rc;

	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		return fputs("Usage:  sixdocker network ls [-q]\n\nList networks.\n", stdout), 0;
	if (argc > 2 || (argc == 2 && !quiet))
		return sixd_cmd_usage_error(err, "network ls", "unknown argument: '%s'", argv[1]);
	if (sixd_network_list(&cli->store, &list, &n, err) < 0)
		return -1;
	rc = print_list(list, n, quiet, err);
	for (size_t i = 0; i < n; i++)
		sixd_network_free(&list[i]);
	free(list);
	return rc;
}

static int network_rm(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	int rc = 0;

	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		return fputs("Usage:  sixdocker network rm NETWORK [NETWORK...]\n\n"
			     "Remove one or more networks.\n",
			     stdout),
		       0;
	if (argc < 2)
		return sixd_cmd_usage_error(err, "network rm", "requires at least 1 network");
	for (int i = 1; i < argc; i++) {
		if (sixd_network_remove(&cli->store, argv[i], err) < 0)
			rc = sixd_cmd_report(err);
		else
			printf("%s\n", argv[i]);
	}
	return rc;
}

static int network_inspect(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	json_auto_t *arr = json_array();
	_cleanup_free_ char *text = NULL;
	int rc = 0;

	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		return fputs("Usage:  sixdocker network inspect NETWORK [NETWORK...]\n\n"
			     "Display detailed information on one or more networks.\n",
			     stdout),
		       0;
	if (argc < 2)
		return sixd_cmd_usage_error(err, "network inspect", "requires at least 1 network");
	for (int i = 1; i < argc; i++) {
		json_t *obj = sixd_network_inspect(&cli->store, argv[i], err);

		if (obj == NULL)
			rc = sixd_cmd_report(err);
		else
			json_array_append_new(arr, obj);
	}
	text = json_dumps(arr, JSON_INDENT(4));
	if (text)
		printf("%s\n", text);
	return rc;
}

static const struct {
	const char *name;
	sixd_cmd_fn fn;
} subcommands[] = {
	{"create", network_create}, {"ls", network_ls},	    {"list", network_ls},
	{"rm", network_rm},	    {"remove", network_rm}, {"inspect", network_inspect},
};

int cmd_network(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	if (argc < 2)
		return sixd_cmd_usage_error(err, "network", "requires a command");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (strcmp(argv[1], subcommands[i].name) == 0) {
			optind = 0;
			return subcommands[i].fn(cli, argc - 1, argv + 1, err);
		}
	return sixd_cmd_usage_error(err, "network", "unknown command: '%s'", argv[1]);
}
