// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -u resolution from the container's /etc/passwd and /etc/group, parsed by hand
 * (no NSS: the host's name services must never answer for a container).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "user.h"
#include "util.h"

static bool parse_id(const char *s, unsigned long *out)
{
	int64_t v;

	if (sixd_parse_int64(s, &v) < 0 || v > 0xfffffffeLL)
		return false;
	*out = (unsigned long)v;
	return true;
}

/* Split a colon-separated line into at most max fields (in place). */
static size_t split_fields(char *line, char **fields, size_t max)
{
	size_t n = 0;

	line[strcspn(line, "\n")] = '\0';
	while (n < max) {
		fields[n++] = line;
		line = strchr(line, ':');
		if (line == NULL)
			break;
		*line++ = '\0';
	}
	return n;
}

/*
 * Find the passwd entry of name: by uid when it is a number (as runc), else by
 * name.  The entry's name goes to matched, for its supplementary groups.
 */
static int find_passwd(FILE *f, const char *name, struct sixd_user *u, char *matched,
		       size_t matched_len, bool *found)
{
	char line[1024], *fld[7];
	unsigned long uid, gid, want = 0;
	bool by_uid = parse_id(name, &want);

	while (f && fgets(line, sizeof(line), f)) {
		if (split_fields(line, fld, 7) < 7 || !parse_id(fld[2], &uid) ||
		    !parse_id(fld[3], &gid))
			continue;
		if (by_uid ? want != uid : strcmp(fld[0], name) != 0)
			continue;
		if (strlen(fld[0]) >= matched_len)
			continue; /* longer than matched holds: never a name sixdocker resolved */
		u->uid = (uid_t)uid;
		u->gid = (gid_t)gid;
		snprintf(u->home, sizeof(u->home), "%s", fld[5]);
		memcpy(matched, fld[0], strlen(fld[0]) + 1);
		*found = true;
		return 0;
	}
	return 0;
}

static bool list_has(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; *p;) {
		size_t l = strcspn(p, ",");

		if (l == len && strncmp(p, name, len) == 0)
			return true;
		p += l + (p[l] == ',');
	}
	return false;
}

/* Resolve a group spec (name or number) and gather supplementary groups of user. */
static int scan_groups(FILE *f, const char *group, const char *user, struct sixd_user *u,
		       bool *group_found)
{
	char line[4096], *fld[4];
	unsigned long gid;

	while (f && fgets(line, sizeof(line), f)) {
		if (split_fields(line, fld, 4) < 4 || !parse_id(fld[2], &gid))
			continue;
		if (group && !*group_found && strcmp(fld[0], group) == 0) {
			u->gid = (gid_t)gid;
			*group_found = true;
		}
		if (user && list_has(fld[3], user) && u->n_groups < SIXD_MAX_GROUPS)
			u->groups[u->n_groups++] = (gid_t)gid;
	}
	return 0;
}

int sixd_user_resolve(const char *spec, const char *passwd_path, const char *group_path,
		      struct sixd_user *out, struct sixd_error **err)
{
	_cleanup_free_ char *copy = strdup(spec ? spec : "");
	_cleanup_fclose_ FILE *pw = NULL, *gr = NULL;
	unsigned long num;
	bool found = false, group_found = false, implicit_group;
	char *user, *group, matched[256] = "";

	memset(out, 0, sizeof(*out));
	snprintf(out->home, sizeof(out->home), "/");
	if (copy == NULL)
		return sixd_error_set(err, ENOMEM, "cannot resolve user '%s'", spec);
	user = copy[0] ? copy : (char *)"0";
	group = strchr(copy, ':');
	if (group)
		*group++ = '\0';
	if (*user == '\0' || (group && *group == '\0'))
		return sixd_error_set(err, EINVAL, "invalid user '%s'", spec);
	pw = fopen(passwd_path, "re");
	gr = fopen(group_path, "re");
	find_passwd(pw, user, out, matched, sizeof(matched), &found);
	if (!found && !parse_id(user, &num))
		return sixd_error_set(
			err, 0, "unable to find user %s: no matching entries in passwd file", user);
	if (!found)
		out->uid = (uid_t)num;
	implicit_group = group == NULL;
	if (group && parse_id(group, &num)) {
		out->gid = (gid_t)num;
		group = NULL;
		group_found = true;
	}
	/* as runc: the matched user's supplementary groups, only for "user" (not "user:group") */
	scan_groups(gr, group, implicit_group && matched[0] ? matched : NULL, out, &group_found);
	if (group && !group_found)
		return sixd_error_set(err, 0,
				      "unable to find group %s: no matching entries in group file",
				      group);
	return 0;
}
