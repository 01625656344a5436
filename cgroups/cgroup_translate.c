// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Resource limits -> cgroup files: pure functions, no I/O.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cgroup.h"

#define CFS_PERIOD_US 100000
#define MIN_NANO_CPUS 10000000LL /* 0.01 CPU: the kernel's 1ms minimum quota */
#define MIN_SHARES 2
#define MAX_SHARES 262144

struct settings {
	struct sixd_cgroup_setting *v;
	size_t n;
};

static int add(struct settings *s, const char *controller, const char *file, const char *value,
	       struct sixd_error **err)
{
	struct sixd_cgroup_setting *out;

	if (s->n >= SIXD_CGROUP_MAX_SETTINGS)
		return sixd_error_set(err, E2BIG, "too many cgroup settings");
	out = &s->v[s->n];
	if ((size_t)snprintf(out->value, sizeof(out->value), "%s", value) >= sizeof(out->value))
		return sixd_error_set(err, EINVAL, "value '%s' for %s is too long", value, file);
	out->controller = controller;
	out->file = file;
	s->n++;
	return 0;
}

static int add_int(struct settings *s, const char *controller, const char *file, int64_t value,
		   struct sixd_error **err)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRId64, value);
	return add(s, controller, file, buf, err);
}

static int check_memory(const struct sixd_resources *res, struct sixd_error **err)
{
	if (res->memory < 0)
		return sixd_error_set(err, EINVAL, "invalid memory limit %" PRId64, res->memory);
	if (res->memory_swap < -1)
		return sixd_error_set(err, EINVAL, "invalid memory-swap limit %" PRId64,
				      res->memory_swap);
	if (res->memory_swap > 0 && res->memory == 0)
		return sixd_error_set(err, EINVAL,
				      "memory-swap limit %" PRId64 " needs a memory limit too",
				      res->memory_swap);
	if (res->memory_swap > 0 && res->memory_swap < res->memory)
		return sixd_error_set(err, EINVAL,
				      "memory-swap limit %" PRId64
				      " must not be below the memory limit %" PRId64,
				      res->memory_swap, res->memory);
	return 0;
}

static bool valid_cpu_list(const char *s)
{
	if (*s == '\0')
		return false;
	return strspn(s, "0123456789,-") == strlen(s);
}

static int check_others(const struct sixd_resources *res, struct sixd_error **err)
{
	if (res->nano_cpus < 0 || (res->nano_cpus > 0 && res->nano_cpus < MIN_NANO_CPUS))
		return sixd_error_set(err, EINVAL,
				      "invalid cpus %" PRId64 " nano-CPUs (minimum 0.01)",
				      res->nano_cpus);
	if (res->cpu_shares < 0)
		return sixd_error_set(err, EINVAL, "invalid cpu-shares %" PRId64, res->cpu_shares);
	if (res->pids_limit < -1)
		return sixd_error_set(err, EINVAL, "invalid pids-limit %" PRId64, res->pids_limit);
	if (res->cpuset_cpus && *res->cpuset_cpus && !valid_cpu_list(res->cpuset_cpus))
		return sixd_error_set(err, EINVAL, "invalid cpuset-cpus '%s'", res->cpuset_cpus);
	return 0;
}

static int translate_v1(const struct sixd_resources *res, struct settings *s,
			struct sixd_error **err)
{
	if (res->memory && add_int(s, "memory", "memory.limit_in_bytes", res->memory, err) < 0)
		return -1;
	if (res->memory_swap &&
	    add_int(s, "memory", "memory.memsw.limit_in_bytes", res->memory_swap, err) < 0)
		return -1;
	if (res->nano_cpus) {
		if (add_int(s, "cpu", "cpu.cfs_period_us", CFS_PERIOD_US, err) < 0 ||
		    add_int(s, "cpu", "cpu.cfs_quota_us", res->nano_cpus / 10000, err) < 0)
			return -1;
	}
	if (res->cpu_shares && add_int(s, "cpu", "cpu.shares", res->cpu_shares, err) < 0)
		return -1;
	return 0;
}

static int translate_v2(const struct sixd_resources *res, struct settings *s,
			struct sixd_error **err)
{
	char buf[64];

	if (res->memory && add_int(s, "memory", "memory.max", res->memory, err) < 0)
		return -1;
	if (res->memory_swap == -1 && add(s, "memory", "memory.swap.max", "max", err) < 0)
		return -1;
	if (res->memory_swap > 0 &&
	    add_int(s, "memory", "memory.swap.max", res->memory_swap - res->memory, err) < 0)
		return -1;
	if (res->nano_cpus) {
		snprintf(buf, sizeof(buf), "%" PRId64 " %d", res->nano_cpus / 10000, CFS_PERIOD_US);
		if (add(s, "cpu", "cpu.max", buf, err) < 0)
			return -1;
	}
	if (res->cpu_shares &&
	    add_int(s, "cpu", "cpu.weight",
		    (int64_t)sixd_cgroup_shares_to_weight((uint64_t)res->cpu_shares), err) < 0)
		return -1;
	return 0;
}

/* Settings that read the same in both modes: cpuset.cpus and pids.max. */
static int translate_common(const struct sixd_resources *res, struct settings *s,
			    struct sixd_error **err)
{
	if (res->cpuset_cpus && *res->cpuset_cpus &&
	    add(s, "cpuset", "cpuset.cpus", res->cpuset_cpus, err) < 0)
		return -1;
	if (res->pids_limit == -1)
		return add(s, "pids", "pids.max", "max", err);
	if (res->pids_limit > 0)
		return add_int(s, "pids", "pids.max", res->pids_limit, err);
	return 0;
}

int sixd_cgroup_translate(const struct sixd_resources *res, enum sixd_cgroup_mode mode,
			  struct sixd_cgroup_setting *out, size_t *n, struct sixd_error **err)
{
	struct settings s = {.v = out, .n = 0};
	int ret;

	*n = 0;
	if (check_memory(res, err) < 0 || check_others(res, err) < 0)
		return -1;
	if (mode == SIXD_CGROUP_V2)
		ret = translate_v2(res, &s, err);
	else
		ret = translate_v1(res, &s, err);
	if (ret < 0 || translate_common(res, &s, err) < 0)
		return -1;
	*n = s.n;
	return 0;
}

/* crun's conversion, with shares clamped to the range the v1 kernel accepts. */
uint64_t sixd_cgroup_shares_to_weight(uint64_t shares)
{
	if (shares == 0)
		return 0;
	if (shares < MIN_SHARES)
		shares = MIN_SHARES;
	if (shares > MAX_SHARES)
		shares = MAX_SHARES;
	return 1 + ((shares - 2) * 9999) / 262142;
}
