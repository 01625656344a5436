// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --read-only, --tmpfs, --ulimit and --oom-score-adj: parsing (libmount's
 * optstr helpers split mount flags from tmpfs options) and the init's part.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libmount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "cleanup.h"
#include "hardening.h"
#include "mount_dl.h"
#include "util.h"

/* The mount flags a --tmpfs may set or clear; bind, remount, propagation are refused. */
#define TMPFS_FLAGS                                                                                \
	(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS | MS_DIRSYNC | MS_NOATIME | \
	 MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME | MS_LAZYTIME | MS_NOSYMFOLLOW)

static const struct {
	const char *name;
	int resource;
} ulimit_names[] = {
	{"as", RLIMIT_AS},
	{"core", RLIMIT_CORE},
	{"cpu", RLIMIT_CPU},
	{"data", RLIMIT_DATA},
	{"fsize", RLIMIT_FSIZE},
	{"locks", RLIMIT_LOCKS},
	{"memlock", RLIMIT_MEMLOCK},
	{"msgqueue", RLIMIT_MSGQUEUE},
	{"nice", RLIMIT_NICE},
	{"nofile", RLIMIT_NOFILE},
	{"nproc", RLIMIT_NPROC},
	{"rss", RLIMIT_RSS},
	{"rtprio", RLIMIT_RTPRIO},
	{"rttime", RLIMIT_RTTIME},
	{"sigpending", RLIMIT_SIGPENDING},
	{"stack", RLIMIT_STACK},
};

#define N_ULIMITS (sizeof(ulimit_names) / sizeof(ulimit_names[0]))

static const char *ulimit_name(int resource)
{
	for (size_t i = 0; i < N_ULIMITS; i++)
		if (ulimit_names[i].resource == resource)
			return ulimit_names[i].name;
	return "?";
}

/* digits, then at most one of the kernel's memparse suffixes (or % for size) */
static bool valid_amount(const char *v, bool percent)
{
	size_t digits = strspn(v, "0123456789");

	if (digits == 0)
		return false;
	v += digits;
	return *v == '\0' ||
	       (v[1] == '\0' && (strchr("kKmMgGtTpPeE", *v) || (percent && *v == '%')));
}

/* One tmpfs option (name of namesz bytes, value or NULL): known, with a sane value? */
static bool valid_tmpfs_option(const char *name, size_t namesz, const char *value)
{
	static const char *const free_form[] = {"huge", "mpol", "inode32", "inode64", "noswap"};
	char key[32];

	if (namesz == 0 || namesz >= sizeof(key))
		return false;
	memcpy(key, name, namesz);
	key[namesz] = '\0';
	if (strcmp(key, "size") == 0 || strcmp(key, "nr_blocks") == 0 ||
	    strcmp(key, "nr_inodes") == 0)
		return value && valid_amount(value, strcmp(key, "size") == 0);
	if (strcmp(key, "mode") == 0)
		return value && *value && strspn(value, "01234567") == strlen(value) &&
		       strtoul(value, NULL, 8) <= 07777;
	if (strcmp(key, "uid") == 0 || strcmp(key, "gid") == 0)
		return value && *value && strspn(value, "0123456789") == strlen(value);
	for (size_t i = 0; i < sizeof(free_form) / sizeof(free_form[0]); i++)
		if (strcmp(key, free_form[i]) == 0)
			return true;
	return false;
}

/* Check every option of fs (tmpfs options); the first bad one is named in err. */
static int check_tmpfs_data(const char *spec, char *fs, struct sixd_error **err)
{
	char *p = fs, *name, *value;
	size_t namesz, valuesz;

	while (p && mnt_optstr_next_option(&p, &name, &namesz, &value, &valuesz) == 0) {
		char saved = value ? value[valuesz] : '\0';
		bool ok;

		if (value)
			value[valuesz] = '\0';
		ok = valid_tmpfs_option(name, namesz, value);
		if (value)
			value[valuesz] = saved;
		if (!ok)
			return sixd_error_set(
				err, EINVAL, "invalid --tmpfs '%s': bad option '%.*s'", spec,
				value ? (int)(value + valuesz - name) : (int)namesz, name);
	}
	return 0;
}

/* Merge opts over the defaults into out->flags and out->data. */
static int tmpfs_options(const char *spec, const char *opts, struct sixd_tmpfs *out,
			 struct sixd_error **err)
{
	_cleanup_free_ char *user = NULL, *vfs = NULL, *fs = NULL;
	char *size = NULL;
	size_t sizesz;

	if (sixd_mount_lib_load(err) < 0)
		return sixd_error_wrap(err, "cannot parse --tmpfs '%s'", spec);
	out->flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	if (opts && *opts && mnt_split_optstr(opts, &user, &vfs, &fs, 0, 0) != 0)
		return sixd_error_set(err, EINVAL, "invalid --tmpfs '%s': bad options", spec);
	if (user && *user)
		return sixd_error_set(err, EINVAL, "invalid --tmpfs '%s': bad option '%s'", spec,
				      user);
	if (vfs && *vfs &&
	    (mnt_optstr_get_flags(vfs, &out->flags, mnt_get_builtin_optmap(MNT_LINUX_MAP)) != 0 ||
	     (out->flags & ~(unsigned long)TMPFS_FLAGS)))
		return sixd_error_set(err, EINVAL, "invalid --tmpfs '%s': bad option in '%s'", spec,
				      vfs);
	if (check_tmpfs_data(spec, fs, err) < 0)
		return -1;
	if ((fs == NULL || mnt_optstr_get_option(fs, "size", &size, &sizesz) != 0) &&
	    mnt_optstr_prepend_option(&fs, "size", "65536k") != 0)
		return sixd_error_set(err, ENOMEM, "cannot parse --tmpfs '%s'", spec);
	out->data = steal_ptr(fs);
	return 0;
}

int sixd_tmpfs_parse(const char *spec, struct sixd_tmpfs *out, struct sixd_error **err)
{
	_cleanup_free_ char *copy = strdup(spec);
	char *opts;

	memset(out, 0, sizeof(*out));
	if (copy == NULL)
		return sixd_error_set(err, ENOMEM, "cannot parse --tmpfs '%s'", spec);
	opts = strchr(copy, ':');
	if (opts)
		*opts++ = '\0';
	if (copy[0] != '/' || strspn(copy, "/") == strlen(copy))
		return sixd_error_set(err, EINVAL,
				      "invalid --tmpfs '%s': the path must be absolute and not '/'",
				      spec);
	if (tmpfs_options(spec, opts, out, err) < 0)
		return -1;
	out->target = steal_ptr(copy);
	return 0;
}

void sixd_tmpfs_free(struct sixd_tmpfs *t)
{
	free(steal_ptr(t->target));
	free(steal_ptr(t->data));
}

/* "-1" (unlimited) or a non-negative integer. */
static int parse_limit(const char *s, rlim_t *out)
{
	int64_t n;

	if (strcmp(s, "-1") == 0) {
		*out = RLIM_INFINITY;
		return 0;
	}
	if (sixd_parse_int64(s, &n) < 0)
		return -1;
	*out = (rlim_t)n;
	return 0;
}

int sixd_ulimit_parse(const char *spec, struct sixd_ulimit *out, struct sixd_error **err)
{
	_cleanup_free_ char *copy = strdup(spec);
	char *value, *hard;
	size_t i;

	if (copy == NULL)
		return sixd_error_set(err, ENOMEM, "cannot parse --ulimit '%s'", spec);
	value = strchr(copy, '=');
	if (value == NULL)
		return sixd_error_set(err, EINVAL,
				      "invalid --ulimit '%s': expected NAME=SOFT[:HARD]", spec);
	*value++ = '\0';
	for (i = 0; i < N_ULIMITS && strcmp(copy, ulimit_names[i].name) != 0; i++)
		;
	if (i == N_ULIMITS)
		return sixd_error_set(err, EINVAL, "invalid --ulimit '%s': unknown limit '%s'",
				      spec, copy);
	hard = strchr(value, ':');
	if (hard)
		*hard++ = '\0';
	out->resource = ulimit_names[i].resource;
	if (parse_limit(value, &out->lim.rlim_cur) < 0 ||
	    parse_limit(hard ? hard : value, &out->lim.rlim_max) < 0)
		return sixd_error_set(err, EINVAL, "invalid --ulimit '%s': bad value", spec);
	if (out->lim.rlim_cur > out->lim.rlim_max)
		return sixd_error_set(
			err, EINVAL,
			"invalid --ulimit '%s': the soft limit is above the hard limit", spec);
	return 0;
}

int sixd_oom_score_adj_parse(const char *s, int *out, struct sixd_error **err)
{
	bool negative = s[0] == '-';
	int64_t n;

	if (sixd_parse_int64(s + negative, &n) < 0 || n > 1000)
		return sixd_error_set(err, EINVAL,
				      "invalid --oom-score-adj '%s': expected -1000 to 1000", s);
	*out = (int)(negative ? -n : n);
	return 0;
}

/* Add u, replacing an earlier limit of the same resource. */
static int add_ulimit(struct sixd_hardening *h, const struct sixd_ulimit *u)
{
	struct sixd_ulimit *grown;

	for (size_t i = 0; i < h->n_ulimits; i++)
		if (h->ulimits[i].resource == u->resource) {
			h->ulimits[i] = *u;
			return 0;
		}
	grown = realloc(h->ulimits, (h->n_ulimits + 1) * sizeof(*grown));
	if (grown == NULL)
		return -1;
	h->ulimits = grown;
	h->ulimits[h->n_ulimits++] = *u;
	return 0;
}

int sixd_hardening_from_record(const struct sixd_record *r, struct sixd_hardening *out,
			       struct sixd_error **err)
{
	size_t n_tmpfs = sixd_strv_len(r->tmpfs);

	memset(out, 0, sizeof(*out));
	out->read_only = r->read_only;
	if (r->oom_score_adj < -1000 || r->oom_score_adj > 1000)
		return sixd_error_set(err, EINVAL, "invalid --oom-score-adj '%d'",
				      r->oom_score_adj);
	out->oom_score_adj = r->oom_score_adj;
	out->tmpfs = calloc(n_tmpfs + 1, sizeof(*out->tmpfs));
	if (out->tmpfs == NULL)
		return sixd_error_set(err, ENOMEM, "cannot read the tmpfs mounts");
	for (; out->n_tmpfs < n_tmpfs; out->n_tmpfs++)
		if (sixd_tmpfs_parse(r->tmpfs[out->n_tmpfs], &out->tmpfs[out->n_tmpfs], err) < 0)
			goto fail;
	for (size_t i = 0; r->ulimits && r->ulimits[i]; i++) {
		struct sixd_ulimit u;

		if (sixd_ulimit_parse(r->ulimits[i], &u, err) < 0)
			goto fail;
		if (add_ulimit(out, &u) < 0) {
			sixd_error_set(err, ENOMEM, "cannot read the ulimits");
			goto fail;
		}
	}
	return 0;
fail:
	sixd_hardening_free(out);
	return -1;
}

void sixd_hardening_free(struct sixd_hardening *h)
{
	for (size_t i = 0; h->tmpfs && i < h->n_tmpfs; i++)
		sixd_tmpfs_free(&h->tmpfs[i]);
	free(h->tmpfs);
	free(h->ulimits);
	memset(h, 0, sizeof(*h));
}

static int set_ulimit(const struct sixd_ulimit *u, struct sixd_error **err)
{
	struct rlimit now;

	if (setrlimit(u->resource, &u->lim) == 0)
		return 0;
	if (errno == EPERM && getrlimit(u->resource, &now) == 0 && u->lim.rlim_max > now.rlim_max)
		return sixd_error_set(
			err, EPERM,
			"cannot set --ulimit %s: raising the hard limit above %llu needs CAP_SYS_RESOURCE",
			ulimit_name(u->resource), (unsigned long long)now.rlim_max);
	return sixd_error_set(err, errno, "cannot set --ulimit %s", ulimit_name(u->resource));
}

static int set_oom_score_adj(int adj, struct sixd_error **err)
{
	_cleanup_close_ int fd = open("/proc/self/oom_score_adj", O_RDWR | O_CLOEXEC);
	char now[16] = "", value[16];
	int len = snprintf(value, sizeof(value), "%d", adj);

	if (fd < 0 || read(fd, now, sizeof(now) - 1) < 0)
		return sixd_error_set(err, errno, "cannot read '/proc/self/oom_score_adj'");
	now[strcspn(now, "\n")] = '\0';
	if (lseek(fd, 0, SEEK_SET) == 0 && write(fd, value, (size_t)len) == len)
		return 0;
	if (errno == EACCES || errno == EPERM)
		return sixd_error_set(
			err, errno,
			"cannot set --oom-score-adj %d: lowering it below %s needs CAP_SYS_RESOURCE",
			adj, now);
	return sixd_error_set(err, errno, "cannot set --oom-score-adj %d", adj);
}

int sixd_hardening_apply(const struct sixd_hardening *h, struct sixd_error **err)
{
	for (size_t i = 0; i < h->n_ulimits; i++)
		if (set_ulimit(&h->ulimits[i], err) < 0)
			return -1;
	if (h->oom_score_adj != 0 && set_oom_score_adj(h->oom_score_adj, err) < 0)
		return -1;
	return 0;
}
