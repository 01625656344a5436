// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Seccomp programs for containers: the cache of compiled programs under the
 * data root, the profile a container records, and loading in the init.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <nettle/sha2.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "seccomp_filter.h"
#include "util.h"

/* Bumped whenever the compiler's output for the same inputs changes. */
#define CACHE_FORMAT "sixdocker-seccomp-1"
#define MAX_PROG_SIZE (BPF_MAXINSNS * sizeof(struct sock_filter))

static void hash_str(struct sha256_ctx *sha, const char *s)
{
	sha256_update(sha, strlen(s) + 1, (const uint8_t *)s); /* the NUL separates fields */
}

void sixd_seccomp_cache_name(const char *profile, uint64_t caps, char *name, size_t len)
{
	const struct scmp_version *v = seccomp_version();
	uint8_t digest[SHA256_DIGEST_SIZE];
	struct sha256_ctx sha;
	struct utsname u = {0};
	char extra[128];
	size_t off = 0;

	uname(&u);
	snprintf(extra, sizeof(extra), "%016llx %u %u.%u.%u", (unsigned long long)caps,
		 seccomp_arch_native(), v ? v->major : 0, v ? v->minor : 0, v ? v->micro : 0);
	sha256_init(&sha);
	hash_str(&sha, CACHE_FORMAT);
	hash_str(&sha, profile ? profile : sixd_seccomp_default_profile);
	hash_str(&sha, extra);
	hash_str(&sha, u.release); /* minKernel rules depend on it */
	sha256_digest(&sha, sizeof(digest), digest);
	for (size_t i = 0; i < sizeof(digest) && off + 3 < len; i++, off += 2)
		snprintf(name + off, len - off, "%02x", digest[i]);
	snprintf(name + off, len - off, ".bpf");
}

/* The cached program at path: 1 if found and sound, 0 if not there (or unusable). */
static int cache_read(const char *path, struct sixd_seccomp_filter *out)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0 ||
	    st.st_size % sizeof(struct sock_filter) || (size_t)st.st_size > MAX_PROG_SIZE)
		return 0;
	out->prog = malloc((size_t)st.st_size);
	if (out->prog == NULL)
		return 0;
	out->size = (size_t)st.st_size;
	if (sixd_read_all(fd, out->prog, out->size) != (ssize_t)out->size) {
		sixd_seccomp_filter_free(out);
		return 0;
	}
	return 1;
}

static void cache_write(const char *dir, const char *path, const struct sixd_seccomp_filter *f)
{
	struct sixd_error *err = NULL;

	if (sixd_mkdir_p(dir, 0700, &err) < 0 ||
	    sixd_write_file_atomic(path, f->prog, f->size, 0600, &err) < 0) {
		sixd_log_debug("seccomp cache not written: %s", err->msg);
		sixd_error_free(&err);
	}
}

static int profile_text(const struct sixd_security *sec, char **owned, const char **text,
			struct sixd_error **err)
{
	*text = NULL;
	if (sec->seccomp == SIXD_SECCOMP_PROFILE)
		*text = sec->seccomp_profile;
	if (sec->seccomp != SIXD_SECCOMP_FILE)
		return 0;
	if (sixd_seccomp_read_profile(sec->seccomp_profile, owned, err) < 0)
		return -1;
	*text = *owned;
	return 0;
}

int sixd_seccomp_prepare(const char *data_root, const struct sixd_security *sec,
			 struct sixd_seccomp_filter *out, struct sixd_error **err)
{
	_cleanup_free_ char *owned = NULL, *dir = NULL, *path = NULL;
	const char *profile;
	char name[80];

	out->prog = NULL;
	out->size = 0;
	if (sec->seccomp == SIXD_SECCOMP_UNCONFINED)
		return 0;
	if (profile_text(sec, &owned, &profile, err) < 0)
		return -1;
	sixd_seccomp_cache_name(profile, sec->caps, name, sizeof(name));
	if (asprintf(&dir, "%s/seccomp", data_root) < 0 || asprintf(&path, "%s/%s", dir, name) < 0)
		return sixd_error_set(err, ENOMEM, "cannot build the seccomp cache path");
	if (cache_read(path, out))
		return 0;
	if (sixd_seccomp_compile(profile, sec->caps, out, err) < 0)
		return sixd_error_wrap(err, "invalid seccomp profile");
	cache_write(dir, path, out);
	return 0;
}

int sixd_seccomp_read_profile(const char *path, char **json, struct sixd_error **err)
{
	_cleanup_free_ char *text = sixd_read_file(path, NULL, err);
	struct sixd_seccomp_filter check;
	json_auto_t *root = NULL;
	json_error_t jerr;

	if (text == NULL)
		return sixd_error_wrap(err, "cannot load seccomp profile");
	root = json_loads(text, 0, &jerr);
	if (root == NULL)
		return sixd_error_set(err, EINVAL, "invalid seccomp profile '%s': line %d: %s",
				      path, jerr.line, jerr.text);
	if (!json_is_object(root))
		return sixd_error_set(err, EINVAL,
				      "invalid seccomp profile '%s': not a JSON object", path);
	/* every rule is parsed whatever the capabilities: this finds any mistake */
	if (sixd_seccomp_compile(text, 0, &check, err) < 0)
		return sixd_error_wrap(err, "invalid seccomp profile '%s'", path);
	sixd_seccomp_filter_free(&check);
	*json = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
	if (*json == NULL)
		return sixd_error_set(err, ENOMEM, "cannot load seccomp profile '%s'", path);
	return 0;
}

int sixd_seccomp_resolve_opts(char *const *opts, char ***out, struct sixd_error **err)
{
	_cleanup_strv_ char **copy = NULL;

	for (size_t i = 0; opts && opts[i]; i++) {
		struct sixd_security sec = {0};
		char *const one[] = {opts[i], NULL};
		_cleanup_free_ char *json = NULL, *opt = NULL;

		if (sixd_security_opts_parse(one, &sec, err) < 0)
			return -1;
		if (sec.seccomp == SIXD_SECCOMP_FILE &&
		    (sixd_seccomp_read_profile(sec.seccomp_profile, &json, err) < 0 ||
		     asprintf(&opt, "seccomp=%s", json) < 0))
			return json ? sixd_error_set(err, ENOMEM, "cannot record the profile") : -1;
		if (sixd_strv_append(&copy, opt ? opt : opts[i]) < 0)
			return sixd_error_set(err, ENOMEM, "cannot record the security options");
	}
	*out = steal_ptr(copy);
	return 0;
}

int sixd_seccomp_load(const struct sixd_seccomp_filter *f, struct sixd_error **err)
{
	struct sock_fprog prog = {
		.len = (unsigned short)(f->size / sizeof(struct sock_filter)),
		.filter = f->prog,
	};

	if (f->prog == NULL)
		return 0;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
		return 0;
	if (errno == ENOSYS && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0)
		return 0;
	return sixd_error_set(err, errno, "cannot load the seccomp filter");
}
