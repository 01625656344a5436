// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Usage counters of a container's cgroup for `stats`, read through libcgroup
 * (its value and stat iterators find each controller's hierarchy, v1 or v2).
 * Off the start path on purpose: cgroup_init() costs about 0.8 ms and 1.3 MiB
 * of touched memory per process, which create/join/destroy (cgroup.c,
 * cgroup_ops.c) do not pay.
 */
#include <errno.h>
#include <inttypes.h>
#include <libcgroup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "cgroup_internal.h"

static int lib_init(struct sixd_error **err)
{
	static bool ready;
	int rc;

	if (ready)
		return 0;
	rc = cgroup_init();
	if (rc != 0)
		return sixd_error_set(err, ENODEV, "cannot initialise libcgroup: %s",
				      cgroup_strerror(rc));
	ready = true;
	return 0;
}

/* "123\n" or "max" (0: no limit) into *out; false when the file cannot be read. */
static bool read_u64(const char *ctrl, const char *path, const char *file, uint64_t *out)
{
	char buf[64] = "", name[FILENAME_MAX];
	void *h = NULL;
	int rc;

	snprintf(name, sizeof(name), "%s", file);
	rc = cgroup_read_value_begin(ctrl, path, name, &h, buf, sizeof(buf));
	if (h)
		cgroup_read_value_end(&h);
	if (rc != 0)
		return false;
	*out = strncmp(buf, "max", 3) == 0 ? 0 : strtoull(buf, NULL, 10);
	return true;
}

/* The value of key in "<ctrl>.stat" (memory.stat, cpu.stat); false when absent. */
static bool read_stat(const char *ctrl, const char *path, const char *key, uint64_t *out)
{
	struct cgroup_stat st;
	void *h = NULL;
	bool found = false;
	int rc;

	for (rc = cgroup_read_stats_begin(ctrl, path, &h, &st); rc == 0 && !found;
	     rc = cgroup_read_stats_next(&h, &st)) {
		if (strcmp(st.name, key) == 0) {
			*out = strtoull(st.value, NULL, 10);
			found = true;
		}
	}
	if (h)
		cgroup_read_stats_end(&h);
	return found;
}

/*
 * Bytes read and written: v1 blkio.throttle.io_service_bytes ("8:0 Read 4096"),
 * v2 io.stat ("8:0 rbytes=4096 wbytes=0 ..."), summed over devices.
 */
static void read_blkio(bool v2, const char *path, struct sixd_cgroup_stats *out)
{
	char line[512], file[FILENAME_MAX];
	void *h = NULL;
	uint64_t v;
	char op[16];
	int rc;

	snprintf(file, sizeof(file), "%s", v2 ? "io.stat" : "blkio.throttle.io_service_bytes");
	for (rc = cgroup_read_value_begin(v2 ? "io" : "blkio", path, file, &h, line, sizeof(line));
	     rc == 0; rc = cgroup_read_value_next(&h, line, sizeof(line))) {
		if (v2) {
			char *r = strstr(line, "rbytes="), *w = strstr(line, "wbytes=");

			out->blk_read += r ? strtoull(r + 7, NULL, 10) : 0;
			out->blk_write += w ? strtoull(w + 7, NULL, 10) : 0;
		} else if (sscanf(line, "%*s %15s %" SCNu64, op, &v) == 2) {
			if (strcmp(op, "Read") == 0)
				out->blk_read += v;
			else if (strcmp(op, "Write") == 0)
				out->blk_write += v;
		}
	}
	if (h)
		cgroup_read_value_end(&h);
}

/* Memory as `docker stats` counts it: usage without the inactive file cache. */
static void read_memory(bool v2, const char *path, struct sixd_cgroup_stats *out)
{
	uint64_t inactive = 0;

	if (v2) {
		read_u64("memory", path, "memory.current", &out->mem_usage);
		read_u64("memory", path, "memory.max", &out->mem_limit);
		read_stat("memory", path, "inactive_file", &inactive);
	} else {
		read_u64("memory", path, "memory.usage_in_bytes", &out->mem_usage);
		read_u64("memory", path, "memory.limit_in_bytes", &out->mem_limit);
		read_stat("memory", path, "total_inactive_file", &inactive);
		/* v1 reports "no limit" as the largest page-aligned value */
		if (out->mem_limit >= (UINT64_C(1) << 62))
			out->mem_limit = 0;
	}
	if (inactive < out->mem_usage)
		out->mem_usage -= inactive;
}

int sixd_cgroup_stats(const char *parent, const char *name, struct sixd_cgroup_stats *out,
		      struct sixd_error **err)
{
	_cleanup_cgroup_ struct sixd_cgroup *cg = NULL;
	char path[FILENAME_MAX];
	bool v2;

	memset(out, 0, sizeof(*out));
	if (sixd_cgroup_open(parent, name, &cg, err) < 0 || lib_init(err) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/%s", parent, name);
	v2 = sixd_cgroup_mode() == SIXD_CGROUP_V2;
	if (v2) {
		if (read_stat("cpu", path, "usage_usec", &out->cpu_ns))
			out->cpu_ns *= 1000;
	} else {
		read_u64("cpuacct", path, "cpuacct.usage", &out->cpu_ns);
	}
	read_memory(v2, path, out);
	read_u64("pids", path, "pids.current", &out->pids);
	read_blkio(v2, path, out);
	return 0;
}
