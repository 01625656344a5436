// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Capabilities (libcap) and security options of the container's init.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "security.h"

int sixd_cap_parse(const char *name, int *cap, struct sixd_error **err)
{
	char lower[64] = "cap_";
	const char *bare = strncasecmp(name, "cap_", 4) == 0 ? name + 4 : name;
	size_t len = strlen(bare);
	cap_value_t value;

	if (len == 0 || len + 5 > sizeof(lower) || !isalpha((unsigned char)bare[0]) ||
	    strspn(bare, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") != len)
		return sixd_error_set(err, EINVAL, "unknown capability '%s'", name);
	for (size_t i = 0; i <= len; i++)
		lower[4 + i] = (char)tolower((unsigned char)bare[i]);
	if (cap_from_name(lower, &value) < 0 || value < 0 || value > 63)
		return sixd_error_set(err, EINVAL, "unknown capability '%s'", name);
	*cap = (int)value;
	return 0;
}

static bool is_all(const char *name)
{
	return strcasecmp(name, "ALL") == 0 || strcasecmp(name, "CAP_ALL") == 0;
}

static bool has_all(char *const *names)
{
	for (size_t i = 0; names && names[i]; i++)
		if (is_all(names[i]))
			return true;
	return false;
}

/* The mask of names (ALL skipped); an unknown name is an error naming option. */
static int names_mask(char *const *names, const char *option, uint64_t *mask,
		      struct sixd_error **err)
{
	*mask = 0;
	for (size_t i = 0; names && names[i]; i++) {
		int cap;

		if (is_all(names[i]))
			continue;
		if (sixd_cap_parse(names[i], &cap, err) < 0)
			return sixd_error_wrap(err, "invalid %s", option);
		*mask |= 1ULL << cap;
	}
	return 0;
}

int sixd_caps_compute(char *const *add, char *const *drop, bool privileged, uint64_t *mask,
		      struct sixd_error **err)
{
	uint64_t add_mask, drop_mask;

	if (names_mask(add, "--cap-add", &add_mask, err) < 0 ||
	    names_mask(drop, "--cap-drop", &drop_mask, err) < 0)
		return -1;
	if (privileged)
		*mask = SIXD_CAPS_ALL;
	else if (has_all(add))
		*mask = SIXD_CAPS_ALL & ~drop_mask;
	else if (has_all(drop))
		*mask = add_mask;
	else
		*mask = (SIXD_CAPS_DEFAULT & ~drop_mask) | add_mask;
	return 0;
}

static int parse_bool_suffix(const char *s, bool *value)
{
	if (*s == '\0') {
		*value = true;
		return 0;
	}
	if (*s != ':' && *s != '=')
		return -1;
	if (strcmp(s + 1, "true") == 0)
		*value = true;
	else if (strcmp(s + 1, "false") == 0)
		*value = false;
	else
		return -1;
	return 0;
}

/* "seccomp=X" or "seccomp:X": sec->seccomp and sec->seccomp_profile from X. */
static int parse_seccomp(const char *opt, struct sixd_security *sec, struct sixd_error **err)
{
	const char *v = opt + 8;

	if (*v == '\0')
		return sixd_error_set(err, EINVAL,
				      "invalid --security-opt '%s': no seccomp profile", opt);
	sec->seccomp_profile = NULL;
	if (strcmp(v, "unconfined") == 0)
		sec->seccomp = SIXD_SECCOMP_UNCONFINED;
	else if (*v == '{')
		sec->seccomp = SIXD_SECCOMP_PROFILE;
	else
		sec->seccomp = SIXD_SECCOMP_FILE;
	if (sec->seccomp != SIXD_SECCOMP_UNCONFINED)
		sec->seccomp_profile = v;
	return 0;
}

int sixd_security_opts_parse(char *const *opts, struct sixd_security *sec, struct sixd_error **err)
{
	static const char nnp[] = "no-new-privileges";

	sec->no_new_privs = false;
	sec->seccomp = SIXD_SECCOMP_DEFAULT;
	sec->seccomp_profile = NULL;
	for (size_t i = 0; opts && opts[i]; i++) {
		const char *o = opts[i];

		if (strncmp(o, nnp, sizeof(nnp) - 1) == 0 &&
		    parse_bool_suffix(o + sizeof(nnp) - 1, &sec->no_new_privs) == 0)
			continue;
		if (strncmp(o, "seccomp", 7) == 0 && (o[7] == '=' || o[7] == ':')) {
			if (parse_seccomp(o, sec, err) < 0)
				return -1;
			continue;
		}
		return sixd_error_set(
			err, EINVAL,
			"unsupported --security-opt '%s' (supported: no-new-privileges, "
			"seccomp=unconfined, seccomp=PROFILE.json)",
			o);
	}
	return 0;
}

int sixd_security_from_record(const struct sixd_record *r, struct sixd_security *out,
			      struct sixd_error **err)
{
	if (sixd_caps_compute(r->cap_add, r->cap_drop, r->privileged, &out->caps, err) < 0 ||
	    sixd_security_opts_parse(r->security_opt, out, err) < 0)
		return -1;
	if (r->privileged) /* as Docker: a privileged container has no seccomp filter */
		out->seccomp = SIXD_SECCOMP_UNCONFINED;
	return 0;
}

int sixd_security_drop_bounding(const struct sixd_security *sec, struct sixd_error **err)
{
	int last = (int)cap_max_bits();

	for (int cap = 0; cap < last && cap < 64; cap++) {
		if (sec->caps & (1ULL << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			return sixd_error_set(
				err, errno, "cannot drop capability %d from the bounding set", cap);
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return sixd_error_set(err, errno, "cannot clear the ambient capabilities");
	return 0;
}

int sixd_security_apply(const struct sixd_security *sec, struct sixd_error **err)
{
	cap_t now = cap_get_proc(), next = cap_init();
	int rc = 0;

	if (now == NULL || next == NULL) {
		rc = sixd_error_set(err, errno, "cannot read the capabilities");
		goto out;
	}
	for (cap_value_t cap = 0; cap < 64 && cap < cap_max_bits(); cap++) {
		cap_flag_value_t held = CAP_CLEAR;

		if (!(sec->caps & (1ULL << cap)) ||
		    cap_get_flag(now, cap, CAP_PERMITTED, &held) < 0 || held != CAP_SET)
			continue;
		if (cap_set_flag(next, CAP_PERMITTED, 1, &cap, CAP_SET) < 0 ||
		    cap_set_flag(next, CAP_EFFECTIVE, 1, &cap, CAP_SET) < 0) {
			rc = sixd_error_set(err, errno, "cannot build the capability set");
			goto out;
		}
	}
	if (cap_set_proc(next) < 0) {
		rc = sixd_error_set(err, errno, "cannot set the capabilities");
		goto out;
	}
	if (sec->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		rc = sixd_error_set(err, errno, "cannot set no_new_privs");
out:
	cap_free(now);
	cap_free(next);
	return rc;
}
