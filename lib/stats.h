/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_STATS_H
#define SIXD_STATS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "cgroup.h"
#include "error.h"
#include "store.h"

/* Docker's default `stats` table. */
#define SIXD_STATS_DEFAULT_FORMAT                                                                  \
	"table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t"        \
	"{{.BlockIO}}\t{{.PIDs}}"

/* One reading of a container and of the host, at one moment. */
struct sixd_stats_sample {
	bool running;		     /* false: the counters are all 0 */
	struct sixd_cgroup_stats cg; /* the container's cgroup */
	uint64_t net_rx, net_tx;     /* bytes over the container's interfaces but lo */
	uint64_t system_ns;	     /* the host's CPU time since boot, all CPUs (/proc/stat) */
};

/* The host's facts the percentages need. */
struct sixd_stats_host {
	unsigned int cpus;  /* online CPUs */
	uint64_t mem_total; /* bytes: the limit shown for a container without one */
};

int sixd_stats_host(struct sixd_stats_host *h, struct sixd_error **err);

/*
 * Read r's counters now: its cgroup (libcgroup), the network of its init
 * (/proc/PID/net/dev) and the host's CPU time.  A container that does not run
 * gives a sample with running false and no error.
 */
int sixd_stats_sample(const struct sixd_record *r, struct sixd_stats_sample *out,
		      struct sixd_error **err);

/*
 * The row of r from two samples (prev taken before now) with Docker's keys:
 * BlockIO, CPUPerc, Container, ID, MemPerc, MemUsage, Name, NetIO, PIDs.
 * CPU % is the container's share of the host's CPU time between the samples
 * times the CPUs, as `docker stats`.  NULL on ENOMEM.
 */
json_t *sixd_stats_row(const struct sixd_record *r, const struct sixd_stats_sample *prev,
		       const struct sixd_stats_sample *now, const struct sixd_stats_host *h,
		       bool trunc);

/*
 * Render rows (a JSON array of sixd_stats_row objects) through format: NULL
 * or "" or "table" for Docker's table, "table TEMPLATE", "json" or a template.
 */
char *sixd_stats_render(const char *format, json_t *rows, struct sixd_error **err);

/*
 * The rows of one `stats` reading: the containers refs names (each must exist:
 * "no such container: REF"), or with no refs the running ones (all with all),
 * each read twice interval_ms apart.  *rows is a new JSON array.
 */
int sixd_stats_collect(struct sixd_store *s, char *const *refs, bool all, bool trunc,
		       int interval_ms, json_t **rows, struct sixd_error **err);

#endif
