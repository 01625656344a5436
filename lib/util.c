// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h> /* isfinite, a builtin: no libm */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "util.h"

int sixd_gen_id(char *id, struct sixd_error **err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[SIXD_ID_LEN / 2];

	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return sixd_error_set(err, errno, "cannot generate a container id");
	for (size_t i = 0; i < sizeof(raw); i++) {
		id[2 * i] = hex[raw[i] >> 4];
		id[2 * i + 1] = hex[raw[i] & 0xf];
	}
	id[SIXD_ID_LEN] = '\0';
	return 0;
}

bool sixd_valid_name(const char *s)
{
	size_t len = s ? strlen(s) : 0;

	if (len < 2 || len > 128 || !isalnum((unsigned char)s[0]))
		return false;
	for (size_t i = 1; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '_' && c != '.' && c != '-')
			return false;
	}
	return true;
}

bool sixd_valid_id(const char *s)
{
	size_t i;

	for (i = 0; s && s[i]; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return false;
	return i == SIXD_ID_LEN;
}

/* Words of our own choosing: adjectives, and surnames of scientists and engineers. */
static const char *const adjectives[] = {
	"agile",    "amber",   "ardent", "bold",    "brave",   "bright", "busy",   "calm",
	"candid",   "clever",  "cosmic", "crisp",   "daring",  "deft",	 "eager",  "earnest",
	"fearless", "festive", "fond",	 "gentle",  "glad",    "golden", "happy",  "hardy",
	"honest",   "humble",  "jolly",	 "keen",    "kind",    "lively", "lucid",  "merry",
	"mellow",   "modest",  "nimble", "noble",   "patient", "plucky", "polite", "proud",
	"quiet",    "quirky",  "rapid",	 "serene",  "sharp",   "shy",	 "silent", "sleepy",
	"steady",   "sunny",   "swift",	 "tender",  "tidy",    "upbeat", "vivid",  "warm",
	"wise",	    "witty",   "young",	 "zealous",
};

static const char *const surnames[] = {
	"agnesi",   "babbage",	 "bardeen",  "bell",	"bohr",	    "boole",	"brahe",
	"cannon",   "carson",	 "cerf",     "curie",	"darwin",   "dijkstra", "einstein",
	"euler",    "faraday",	 "fermat",   "fermi",	"feynman",  "franklin", "galileo",
	"gauss",    "goodall",	 "hamilton", "hawking", "hopper",   "hypatia",	"joliot",
	"kepler",   "knuth",	 "lamarr",   "leakey",	"lovelace", "maxwell",	"meitner",
	"mendel",   "newton",	 "nobel",    "noether", "pascal",   "pasteur",	"planck",
	"ptolemy",  "ramanujan", "ritchie",  "sagan",	"shannon",  "tesla",	"thompson",
	"torvalds", "turing",	 "volta",    "wiles",	"wozniak",  "wright",	"yalow",
};

char *sixd_random_name(void)
{
	uint32_t r[2] = {0, 0};
	char *out = NULL;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r[0] = (uint32_t)getpid(), r[1] = (uint32_t)time(NULL);
	if (asprintf(&out, "%s_%s", adjectives[r[0] % (sizeof(adjectives) / sizeof(*adjectives))],
		     surnames[r[1] % (sizeof(surnames) / sizeof(*surnames))]) < 0)
		return NULL;
	return out;
}

int sixd_parse_int64(const char *s, int64_t *out)
{
	char *end = NULL;
	long long v;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

static int64_t unit_multiplier(const char *unit)
{
	static const struct {
		const char *name;
		int64_t mult;
	} units[] = {
		{"", 1},	   {"b", 1},	       {"k", 1LL << 10},
		{"kb", 1LL << 10}, {"kib", 1LL << 10}, {"m", 1LL << 20},
		{"mb", 1LL << 20}, {"mib", 1LL << 20}, {"g", 1LL << 30},
		{"gb", 1LL << 30}, {"gib", 1LL << 30}, {"t", 1LL << 40},
		{"tb", 1LL << 40}, {"tib", 1LL << 40},
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcasecmp(unit, units[i].name) == 0)
			return units[i].mult;
	return -1;
}

int sixd_parse_size(const char *s, int64_t *out, struct sixd_error **err)
{
	char *end = NULL;
	int64_t mult;
	double v;

	if (s == NULL || !isdigit((unsigned char)*s))
		goto bad;
	errno = 0;
	v = strtod(s, &end);
	/* digits and a point only: strtod would also take "0x10", "1e3" and "1p4" */
	if (errno != 0 || end != s + strspn(s, "0123456789."))
		goto bad;
	mult = unit_multiplier(end);
	if (mult < 0 || !isfinite(v) || v * (double)mult >= 9.2e18)
		goto bad;
	*out = (int64_t)(v * (double)mult);
	return 0;
bad:
	return sixd_error_set(err, EINVAL, "invalid size: '%s'", s ? s : "");
}

int sixd_parse_cpus(const char *s, int64_t *nanocpus, struct sixd_error **err)
{
	char *end = NULL;
	double v;

	if (s == NULL || !(isdigit((unsigned char)*s) || *s == '.'))
		goto bad;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !isfinite(v) || v <= 0 || v > 1024)
		goto bad;
	*nanocpus = (int64_t)(v * 1e9 + 0.5); /* rounded; v > 0 (no libm to load) */
	if (*nanocpus < 10000000)
		return sixd_error_set(err, EINVAL, "invalid --cpus '%s': the minimum is 0.01", s);
	return 0;
bad:
	return sixd_error_set(err, EINVAL, "invalid --cpus '%s': not a positive number of CPUs",
			      s ? s : "");
}

int64_t sixd_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void sixd_format_rfc3339(int64_t ns, char *buf, size_t len)
{
	time_t sec = (time_t)(ns / 1000000000LL);
	struct tm tm;
	char base[32];

	gmtime_r(&sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%09" PRId64 "Z", base, (int64_t)(ns % 1000000000LL));
}

int sixd_parse_rfc3339(const char *s, int64_t *ns)
{
	struct tm tm = {0};
	const char *p;
	int64_t frac = 0;
	int digits = 0;

	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (p == NULL)
		return -1;
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++) {
			if (digits < 9) {
				frac = frac * 10 + (*p - '0');
				digits++;
			}
		}
		for (; digits < 9; digits++)
			frac *= 10;
	}
	if (strcmp(p, "Z") != 0)
		return -1;
	*ns = (int64_t)timegm(&tm) * 1000000000LL + frac;
	return 0;
}

void sixd_human_duration(int64_t seconds, char *buf, size_t len)
{
	/* as go-units: whole minutes, rounded hours, whole hours for years */
	int64_t minutes = seconds / 60;
	int64_t hours = (seconds + 1800) / 3600; /* rounded */

	if (seconds < 1)
		snprintf(buf, len, "Less than a second");
	else if (seconds == 1)
		snprintf(buf, len, "1 second");
	else if (seconds < 60)
		snprintf(buf, len, "%" PRId64 " seconds", seconds);
	else if (minutes == 1)
		snprintf(buf, len, "About a minute");
	else if (minutes < 60)
		snprintf(buf, len, "%" PRId64 " minutes", minutes);
	else if (hours == 1)
		snprintf(buf, len, "About an hour");
	else if (hours < 48)
		snprintf(buf, len, "%" PRId64 " hours", hours);
	else if (hours < 24 * 7 * 2)
		snprintf(buf, len, "%" PRId64 " days", hours / 24);
	else if (hours < 24 * 30 * 2)
		snprintf(buf, len, "%" PRId64 " weeks", hours / 24 / 7);
	else if (hours < 24 * 365 * 2)
		snprintf(buf, len, "%" PRId64 " months", hours / 24 / 30);
	else
		snprintf(buf, len, "%" PRId64 " years", seconds / 3600 / 24 / 365);
}

void sixd_human_size(int64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
	double v = (double)bytes;
	size_t i = 0;

	while (v >= 1000.0 && i + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1000.0;
		i++;
	}
	snprintf(buf, len, "%.3g%s", v, units[i]);
}

int sixd_mkdir_p(const char *path, mode_t mode, struct sixd_error **err)
{
	_cleanup_free_ char *copy = strdup(path);
	char *p;

	if (copy == NULL)
		return sixd_error_set(err, ENOMEM, "cannot create directory '%s'", path);
	/* skip a leading '/'; "" fails in mkdir() instead of reading past the end */
	for (p = copy + (copy[0] == '/');; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;

		*p = '\0';
		if (mkdir(copy, mode) < 0 && errno != EEXIST)
			return sixd_error_set(err, errno, "cannot create directory '%s'", copy);
		*p = saved;
		if (saved == '\0')
			break;
	}
	return 0;
}

static int rm_rf_errno;

static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if ((type == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT) {
		rm_rf_errno = errno;
		return 1;
	}
	return 0;
}

int sixd_rm_rf(const char *path, struct sixd_error **err)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return sixd_error_set(err, errno, "cannot remove '%s'", path);
	}
	rm_rf_errno = 0;
	if (nftw(path, rm_entry, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) != 0)
		return sixd_error_set(err, rm_rf_errno ? rm_rf_errno : errno, "cannot remove '%s'",
				      path);
	return 0;
}

static int write_file(const char *path, const void *data, size_t len, mode_t mode, bool sync,
		      struct sixd_error **err)
{
	_cleanup_free_ char *tmp = NULL;
	_cleanup_close_ int fd = -1;

	if (asprintf(&tmp, "%s.tmp-%d", path, (int)getpid()) < 0)
		return sixd_error_set(err, ENOMEM, "cannot write '%s'", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return sixd_error_set(err, errno, "cannot create '%s'", tmp);
	/* fsync before the rename: after a crash the file is the old or the new one, whole */
	if (sixd_write_all(fd, data, len) < 0 || (sync && fsync(fd) < 0) ||
	    close(steal_fd(fd)) < 0) {
		int saved = errno;

		unlink(tmp);
		return sixd_error_set(err, saved, "cannot write '%s'", tmp);
	}
	if (rename(tmp, path) < 0) {
		int saved = errno;

		unlink(tmp);
		return sixd_error_set(err, saved, "cannot rename '%s' to '%s'", tmp, path);
	}
	return 0;
}

int sixd_write_file_atomic(const char *path, const void *data, size_t len, mode_t mode,
			   struct sixd_error **err)
{
	return write_file(path, data, len, mode, true, err);
}

int sixd_write_file_replace(const char *path, const void *data, size_t len, mode_t mode,
			    struct sixd_error **err)
{
	return write_file(path, data, len, mode, false, err);
}

char *sixd_read_file(const char *path, size_t *len, struct sixd_error **err)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	_cleanup_free_ char *buf = NULL;
	size_t size = 0, cap = 0;

	if (fd < 0) {
		sixd_error_set(err, errno, "cannot open '%s'", path);
		return NULL;
	}
	for (;;) {
		ssize_t n;

		if (cap - size < 4096) {
			char *grown = realloc(buf, cap ? cap * 2 : 8192);

			if (grown == NULL) {
				sixd_error_set(err, ENOMEM, "cannot read '%s'", path);
				return NULL;
			}
			buf = grown;
			cap = cap ? cap * 2 : 8192;
		}
		n = read(fd, buf + size, cap - size - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			sixd_error_set(err, errno, "cannot read '%s'", path);
			return NULL;
		}
		if (n == 0)
			break;
		size += (size_t)n;
	}
	buf[size] = '\0';
	if (len)
		*len = size;
	return steal_ptr(buf);
}

int sixd_write_string(const char *path, const char *value, struct sixd_error **err)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return sixd_error_set(err, errno, "cannot open '%s'", path);
	if (sixd_write_all(fd, value, strlen(value)) < 0)
		return sixd_error_set(err, errno, "cannot write '%s' to '%s'", value, path);
	return 0;
}

uint64_t sixd_pid_start_time(pid_t pid)
{
	char path[64], buf[1024];
	_cleanup_close_ int fd = -1;
	unsigned long long start = 0;
	const char *p;
	ssize_t n;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* comm may hold spaces and parentheses: fields restart after the last ')' */
	p = strrchr(buf, ')');
	if (p == NULL)
		return 0;
	/* after ") " come field 3 (state) ... field 22 (starttime): skip 19 fields */
	p += 2;
	if (*p == 'Z' || *p == 'X')
		return 0; /* dead, only not reaped yet */
	for (int field = 3; field < 22 && p; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (p == NULL || sscanf(p, "%llu", &start) != 1)
		return 0;
	return start;
}

char *sixd_strv_join(char *const *argv, const char *sep)
{
	size_t len = 1, seplen = strlen(sep);
	char *out, *p;

	for (size_t i = 0; argv && argv[i]; i++)
		len += strlen(argv[i]) + seplen;
	out = malloc(len);
	if (out == NULL)
		return NULL;
	p = out;
	for (size_t i = 0; argv && argv[i]; i++) {
		size_t l = strlen(argv[i]);

		if (i) {
			memcpy(p, sep, seplen);
			p += seplen;
		}
		memcpy(p, argv[i], l);
		p += l;
	}
	*p = '\0';
	return out;
}

size_t sixd_strv_len(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

int sixd_strv_append(char ***v, const char *s)
{
	size_t n = sixd_strv_len(*v);
	char **grown;
	char *copy = strdup(s);

	if (copy == NULL)
		return -1;
	grown = realloc(*v, (n + 2) * sizeof(char *));
	if (grown == NULL) {
		free(copy);
		return -1;
	}
	grown[n] = copy;
	grown[n + 1] = NULL;
	*v = grown;
	return 0;
}

int sixd_strv_extend(char ***v, char *const *src)
{
	for (size_t i = 0; src && src[i]; i++)
		if (sixd_strv_append(v, src[i]) < 0)
			return -1;
	return 0;
}

ssize_t sixd_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

ssize_t sixd_read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, p + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

bool sixd_other_cpus(cpu_set_t *set)
{
	int cpu = sched_getcpu();

	if (cpu < 0 || sched_getaffinity(0, sizeof(*set), set) < 0)
		return false;
	CPU_CLR(cpu, set);
	return CPU_COUNT(set) > 0;
}
