// SPDX-License-Identifier: GPL-2.0-or-later
/* The options run and create share: parsed into struct sixd_run_opts. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "commands.h"
#include "run_options.h"
#include "container.h"
#include "hardening.h"
#include "lifecycle.h"
#include "netaddr.h"
#include "rootfs.h"
#include "util.h"

#define MIN_MEMORY (6LL << 20) /* Docker's minimum */

const char sixd_run_usage[] =
	"Usage:  sixdocker run|create [OPTIONS] [IMAGE] [COMMAND [ARG...]]\n\n"
	"Create (and with run, start) a new container. If the first argument names no image, the\n"
	"default image (" SIXD_DEFAULT_IMAGE ") runs every argument as the command.\n\n"
	"Options:\n"
	"  -d, --detach               run in the background and print the container id\n"
	"  -e, --env K=V|K            set an environment variable (K alone: from here)\n"
	"      --env-file FILE        read environment variables from a file\n"
	"  -h, --hostname NAME        container hostname (default: the short id)\n"
	"  -i, --interactive          keep stdin open\n"
	"  -t, --tty                  allocate a pseudo-TTY\n"
	"      --name NAME            name the container\n"
	"      --rm                   remove the container when it exits\n"
	"  -u, --user USER[:GROUP]    run as this user (name or uid, from the image's /etc/passwd)\n"
	"  -v, --volume SRC:DST[:ro]  bind mount a host directory (absolute paths)\n"
	"  -w, --workdir DIR          working directory inside the container\n"
	"  -m, --memory SIZE          memory limit (b, k, m, g)\n"
	"      --memory-swap SIZE     memory + swap limit (-1: unlimited)\n"
	"      --cpus N               number of CPUs (fractional, CFS quota)\n"
	"  -c, --cpu-shares N         relative CPU weight\n"
	"      --cpuset-cpus LIST     CPUs allowed (0-3, 0,1)\n"
	"      --pids-limit N         maximum number of processes (-1: unlimited)\n"
	"      --stop-signal SIGNAL   signal 'stop' sends first (default SIGTERM)\n"
	"      --stop-timeout SECONDS how long 'stop' waits before SIGKILL (default 10)\n"
	"      --log-opt max-size=SIZE,max-file=N  log rotation (default 10m, 3 files)\n"
	"      --cap-add CAP          add a capability (NET_ADMIN, CAP_SYS_TIME, ALL)\n"
	"      --cap-drop CAP         drop a capability (NET_RAW, ALL)\n"
	"      --privileged           every capability and device, no masked paths, no seccomp\n"
	"      --security-opt OPT     no-new-privileges, seccomp=unconfined, seccomp=PROFILE.json\n"
	"      --device HOST[:CTR][:rwm]  give the container a host device\n"
	"      --read-only            mount the container's root read-only\n"
	"      --tmpfs PATH[:OPTS]    mount a tmpfs (default nosuid,nodev,noexec,size=65536k)\n"
	"      --ulimit NAME=SOFT[:HARD]  set a resource limit (nofile=1024:2048, -1: unlimited)\n"
	"      --oom-score-adj N      the OOM killer's score adjustment (-1000 to 1000)\n"
	"      --network NET          bridge (default), host, none or a network's name\n"
	"  -p, --publish [IP:][HOSTPORT:]PORT[/udp]  publish a container port on the host\n"
	"  -P, --publish-all          publish every exposed port on a free host port\n"
	"      --expose PORT[/udp]    expose a port (for -P)\n"
	"      --ip ADDRESS           the container's address on a user-defined network\n"
	"      --help                 print this help\n";

enum {
	OPT_NAME = 256,
	OPT_RM,
	OPT_ENV_FILE,
	OPT_MEMORY_SWAP,
	OPT_CPUS,
	OPT_CPUSET,
	OPT_PIDS,
	OPT_STOP_SIGNAL,
	OPT_STOP_TIMEOUT,
	OPT_LOG_OPT,
	OPT_CAP_ADD,
	OPT_CAP_DROP,
	OPT_PRIVILEGED,
	OPT_SECURITY_OPT,
	OPT_READ_ONLY,
	OPT_TMPFS,
	OPT_ULIMIT,
	OPT_OOM_SCORE_ADJ,
	OPT_DEVICE,
	OPT_NETWORK,
	OPT_EXPOSE,
	OPT_IP,
	OPT_HELP,
};

static const struct option run_options[] = {
	{"detach", no_argument, NULL, 'd'},
	{"env", required_argument, NULL, 'e'},
	{"env-file", required_argument, NULL, OPT_ENV_FILE},
	{"hostname", required_argument, NULL, 'h'},
	{"interactive", no_argument, NULL, 'i'},
	{"tty", no_argument, NULL, 't'},
	{"name", required_argument, NULL, OPT_NAME},
	{"rm", no_argument, NULL, OPT_RM},
	{"user", required_argument, NULL, 'u'},
	{"volume", required_argument, NULL, 'v'},
	{"workdir", required_argument, NULL, 'w'},
	{"memory", required_argument, NULL, 'm'},
	{"memory-swap", required_argument, NULL, OPT_MEMORY_SWAP},
	{"cpus", required_argument, NULL, OPT_CPUS},
	{"cpu-shares", required_argument, NULL, 'c'},
	{"cpuset-cpus", required_argument, NULL, OPT_CPUSET},
	{"pids-limit", required_argument, NULL, OPT_PIDS},
	{"stop-signal", required_argument, NULL, OPT_STOP_SIGNAL},
	{"stop-timeout", required_argument, NULL, OPT_STOP_TIMEOUT},
	{"log-opt", required_argument, NULL, OPT_LOG_OPT},
	{"cap-add", required_argument, NULL, OPT_CAP_ADD},
	{"cap-drop", required_argument, NULL, OPT_CAP_DROP},
	{"privileged", no_argument, NULL, OPT_PRIVILEGED},
	{"security-opt", required_argument, NULL, OPT_SECURITY_OPT},
	{"read-only", no_argument, NULL, OPT_READ_ONLY},
	{"tmpfs", required_argument, NULL, OPT_TMPFS},
	{"ulimit", required_argument, NULL, OPT_ULIMIT},
	{"oom-score-adj", required_argument, NULL, OPT_OOM_SCORE_ADJ},
	{"device", required_argument, NULL, OPT_DEVICE},
	{"network", required_argument, NULL, OPT_NETWORK},
	{"net", required_argument, NULL, OPT_NETWORK},
	{"publish", required_argument, NULL, 'p'},
	{"publish-all", no_argument, NULL, 'P'},
	{"expose", required_argument, NULL, OPT_EXPOSE},
	{"ip", required_argument, NULL, OPT_IP},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

void sixd_run_args_free(struct run_args *a)
{
	sixd_strvfreep(&a->env_args);
	sixd_strvfreep(&a->env_files);
	sixd_strvfreep(&a->cap_add);
	sixd_strvfreep(&a->cap_drop);
	sixd_strvfreep(&a->security_opt);
	sixd_strvfreep(&a->tmpfs);
	sixd_strvfreep(&a->ulimits);
	sixd_strvfreep(&a->devices);
	sixd_strvfreep(&a->publish);
	sixd_strvfreep(&a->expose);
	for (size_t i = 0; i < a->o.n_volumes; i++) {
		free(a->volumes[i].source);
		free(a->volumes[i].target);
	}
	free(a->volumes);
}

/* "0-3,5": digits, ranges and commas only. */
static bool valid_cpuset(const char *s)
{
	bool need_digit = true;

	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			need_digit = false;
		else if ((*s == ',' || *s == '-') && !need_digit)
			need_digit = true;
		else
			return false;
	}
	return !need_digit;
}

static bool valid_hostname(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > 63)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '.' && *s != '_')
			return false;
	return true;
}

static int add_volume(struct run_args *a, const char *spec, struct sixd_error **err)
{
	struct sixd_volume *grown = realloc(a->volumes, (a->o.n_volumes + 1) * sizeof(*grown));

	if (grown == NULL)
		return sixd_error_set(err, ENOMEM, "too many volumes");
	a->volumes = grown;
	if (sixd_volume_parse(spec, &a->volumes[a->o.n_volumes], err) < 0)
		return -1;
	a->o.n_volumes++;
	return 0;
}

static int parse_resource(struct run_args *a, int c, const char *v, struct sixd_error **err)
{
	struct sixd_resources *r = &a->o.resources;
	int64_t n;

	switch (c) {
	case 'm':
		if (sixd_parse_size(v, &r->memory, err) < 0)
			return sixd_error_wrap(err, "invalid --memory");
		if (r->memory < MIN_MEMORY)
			return sixd_error_set(err, EINVAL,
					      "invalid --memory '%s': the minimum is 6MB", v);
		return 0;
	case OPT_MEMORY_SWAP:
		a->memory_swap = v;
		if (strcmp(v, "-1") == 0)
			r->memory_swap = -1;
		else if (sixd_parse_size(v, &r->memory_swap, err) < 0)
			return sixd_error_wrap(err, "invalid --memory-swap");
		return 0;
	case OPT_CPUS:
		return sixd_parse_cpus(v, &r->nano_cpus, err);
	case 'c':
		if (sixd_parse_int64(v, &n) < 0 || n > 262144)
			return sixd_error_set(err, EINVAL, "invalid --cpu-shares '%s'", v);
		r->cpu_shares = n < 2 && n > 0 ? 2 : n;
		return 0;
	case OPT_CPUSET:
		if (!valid_cpuset(v))
			return sixd_error_set(err, EINVAL, "invalid --cpuset-cpus '%s'", v);
		r->cpuset_cpus = (char *)v;
		return 0;
	case OPT_PIDS:
		if (strcmp(v, "-1") == 0)
			n = -1;
		else if (sixd_parse_int64(v, &n) < 0)
			return sixd_error_set(err, EINVAL, "invalid --pids-limit '%s'", v);
		r->pids_limit = n == 0 ? -1 : n;
		return 0;
	}
	return sixd_error_set(err, EINVAL, "unknown resource option");
}

/* --read-only, --tmpfs, --ulimit, --oom-score-adj: checked here, kept as given. */
static int parse_hardening(struct run_args *a, int c, const char *v, struct sixd_error **err)
{
	struct sixd_tmpfs t;
	struct sixd_ulimit u;

	switch (c) {
	case OPT_READ_ONLY:
		a->o.read_only = true;
		return 0;
	case OPT_TMPFS:
		if (sixd_tmpfs_parse(v, &t, err) < 0)
			return -1;
		sixd_tmpfs_free(&t);
		return sixd_strv_append(&a->tmpfs, v) < 0 ? sixd_error_set(err, ENOMEM, "--tmpfs")
							  : 0;
	case OPT_ULIMIT:
		if (sixd_ulimit_parse(v, &u, err) < 0)
			return -1;
		return sixd_strv_append(&a->ulimits, v) < 0
			       ? sixd_error_set(err, ENOMEM, "--ulimit")
			       : 0;
	case OPT_OOM_SCORE_ADJ:
		return sixd_oom_score_adj_parse(v, &a->o.oom_score_adj, err);
	}
	return parse_resource(a, c, v, err);
}

/* --network, -p, -P, --expose: checked here, kept as given. */
static int parse_network(struct run_args *a, int c, const char *v, struct sixd_error **err)
{
	struct sixd_port port;
	char proto[4];
	uint32_t addr;
	uint16_t n;

	switch (c) {
	case OPT_NETWORK:
		a->o.network = v;
		return 0;
	case 'P':
		a->o.publish_all = true;
		return 0;
	case OPT_IP:
		if (sixd_ipv4_parse(v, &addr) < 0)
			return sixd_error_set(err, EINVAL, "invalid --ip '%s'", v);
		a->o.ip = v;
		return 0;
	case 'p':
		if (sixd_port_parse(v, &port, err) < 0)
			return -1;
		return sixd_strv_append(&a->publish, v) < 0 ? sixd_error_set(err, ENOMEM, "-p") : 0;
	case OPT_EXPOSE:
		if (sixd_expose_parse(v, &n, proto, err) < 0)
			return -1;
		return sixd_strv_append(&a->expose, v) < 0 ? sixd_error_set(err, ENOMEM, "--expose")
							   : 0;
	}
	return parse_hardening(a, c, v, err);
}

static int parse_security(struct run_args *a, int c, const char *v, struct sixd_error **err)
{
	switch (c) {
	case OPT_PRIVILEGED:
		a->o.privileged = true;
		return 0;
	case OPT_CAP_ADD:
		return sixd_strv_append(&a->cap_add, v) < 0
			       ? sixd_error_set(err, ENOMEM, "--cap-add")
			       : 0;
	case OPT_CAP_DROP:
		return sixd_strv_append(&a->cap_drop, v) < 0
			       ? sixd_error_set(err, ENOMEM, "--cap-drop")
			       : 0;
	case OPT_SECURITY_OPT:
		return sixd_strv_append(&a->security_opt, v) < 0
			       ? sixd_error_set(err, ENOMEM, "--security-opt")
			       : 0;
	case OPT_DEVICE:
		return sixd_strv_append(&a->devices, v) < 0
			       ? sixd_error_set(err, ENOMEM, "--device")
			       : 0;
	}
	return parse_network(a, c, v, err);
}

static int parse_option(struct run_args *a, int c, struct sixd_error **err)
{
	struct sixd_run_opts *o = &a->o;

	switch (c) {
	case 'd':
		o->detach = true;
		return 0;
	case 'i':
		o->interactive = true;
		return 0;
	case 't':
		o->tty = true;
		return 0;
	case OPT_RM:
		o->auto_remove = true;
		return 0;
	case OPT_NAME:
		o->name = optarg;
		return 0;
	case 'u':
		o->user = optarg;
		return 0;
	case 'w':
		o->workdir = optarg;
		return 0;
	case 'h':
		if (!valid_hostname(optarg))
			return sixd_error_set(err, EINVAL, "invalid hostname '%s'", optarg);
		o->hostname = optarg;
		return 0;
	case 'e':
		return sixd_strv_append(&a->env_args, optarg) < 0
			       ? sixd_error_set(err, ENOMEM, "-e")
			       : 0;
	case OPT_ENV_FILE:
		return sixd_strv_append(&a->env_files, optarg) < 0
			       ? sixd_error_set(err, ENOMEM, "--env-file")
			       : 0;
	case 'v':
		return add_volume(a, optarg, err);
	case OPT_LOG_OPT:
		return sixd_log_opt_parse(optarg, &o->log_max_size, &o->log_max_file, err);
	case OPT_STOP_SIGNAL:
		o->stop_signal = sixd_signal_parse(optarg);
		return o->stop_signal < 0
			       ? sixd_error_set(err, EINVAL, "invalid --stop-signal '%s'", optarg)
			       : 0;
	case OPT_STOP_TIMEOUT: {
		int64_t t;

		if (sixd_parse_int64(optarg, &t) < 0 || t > 86400)
			return sixd_error_set(err, EINVAL, "invalid --stop-timeout '%s'", optarg);
		o->stop_timeout = (int)t;
		return 0;
	}
	default:
		return parse_security(a, c, optarg, err);
	}
}

int sixd_run_args_parse(struct run_args *a, int argc, char **argv, struct sixd_error **err)
{
	int c;

	opterr = 0;
	static const char optstring[] = "+de:h:itu:v:w:m:c:p:P";

	while ((c = getopt_long(argc, argv, optstring, run_options, NULL)) != -1) {
		if (c == OPT_HELP) {
			fputs(sixd_run_usage, stdout);
			return 1;
		}
		if (c == '?' || c == ':')
			return sixd_cmd_option_error(err, argv[0], argv, optstring);
		if (parse_option(a, c, err) < 0)
			return -1;
	}
	if (a->memory_swap && a->o.resources.memory == 0 && a->o.resources.memory_swap != -1)
		return sixd_error_set(err, EINVAL, "--memory-swap needs --memory to be set too");
	if (a->memory_swap && a->o.resources.memory_swap > 0 &&
	    a->o.resources.memory_swap < a->o.resources.memory)
		return sixd_error_set(
			err, EINVAL,
			"invalid --memory-swap '%s': it must be at least the --memory limit",
			a->memory_swap);
	if (a->o.tty && a->o.interactive && !a->o.detach && !isatty(STDIN_FILENO))
		return sixd_error_set(err, 0, "the input device is not a TTY");
	a->o.positional = argv + optind;
	a->o.env_args = a->env_args;
	a->o.env_files = a->env_files;
	a->o.volumes = a->volumes;
	a->o.cap_add = a->cap_add;
	a->o.cap_drop = a->cap_drop;
	a->o.security_opt = a->security_opt;
	a->o.tmpfs = a->tmpfs;
	a->o.ulimits = a->ulimits;
	a->o.devices = a->devices;
	a->o.publish = a->publish;
	a->o.expose = a->expose;
	return 0;
}
