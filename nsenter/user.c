// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -u for exec, from the container's /etc/passwd and /etc/group, parsed by hand:
 * a libc-only twin of lib/user.c (nsenter links no lib/ code).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsenter.h"

static bool parse_id(const char *s, unsigned long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	*out = strtoul(s, &end, 10);
	return *end == '\0' && *out <= 0xfffffffeUL;
}

/* Split a colon-separated line into exactly n fields (in place); false if fewer. */
static bool split(char *line, char **f, size_t n)
{
	line[strcspn(line, "\n")] = '\0';
	for (size_t i = 0; i < n; i++) {
		f[i] = line;
		line = strchr(line, ':');
		if (line == NULL)
			return i == n - 1;
		*line++ = '\0';
	}
	return true;
}

static bool member_of(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',')) {
		if (strcspn(p, ",") == len && strncmp(p, name, len) == 0)
			return true;
	}
	return false;
}

/* The passwd entry of name (or uid): fills u and who (the entry's name); false if none. */
static bool find_passwd(const char *name, struct sixd_nsenter_user *u, char *who, size_t len)
{
	FILE *f = fopen("/etc/passwd", "re");
	unsigned long uid, gid, want = 0;
	bool by_uid = parse_id(name, &want), found = false;
	char line[1024], *fld[7];

	while (f && !found && fgets(line, sizeof(line), f)) {
		if (!split(line, fld, 7) || !parse_id(fld[2], &uid) || !parse_id(fld[3], &gid))
			continue;
		if (strcmp(fld[0], name) != 0 && !(by_uid && uid == want))
			continue;
		if (strlen(fld[0]) >= len)
			continue; /* longer than who holds: never a name sixdocker resolved */
		u->uid = (uid_t)uid;
		u->gid = (gid_t)gid;
		snprintf(u->home, sizeof(u->home), "%s", fld[5]);
		memcpy(who, fld[0], strlen(fld[0]) + 1);
		found = true;
	}
	if (f)
		fclose(f);
	return found;
}

/* Resolve group (a name; NULL: none) and gather who's supplementary groups. */
static bool scan_groups(const char *group, const char *who, struct sixd_nsenter_user *u)
{
	FILE *f = fopen("/etc/group", "re");
	bool found = group == NULL;
	char line[4096], *fld[4];
	unsigned long gid;

	while (f && fgets(line, sizeof(line), f)) {
		if (!split(line, fld, 4) || !parse_id(fld[2], &gid))
			continue;
		if (group && strcmp(fld[0], group) == 0) {
			u->gid = (gid_t)gid;
			found = true;
		}
		if (*who && member_of(fld[3], who) && u->n_groups < SIXD_NSENTER_MAX_GROUPS)
			u->groups[u->n_groups++] = (gid_t)gid;
	}
	if (f)
		fclose(f);
	return found;
}

int sixd_nsenter_user_resolve(const char *spec, struct sixd_nsenter_user *u, char *msg, size_t len)
{
	char copy[512], who[256] = "", *user, *group;
	unsigned long num;

	memset(u, 0, sizeof(*u));
	snprintf(u->home, sizeof(u->home), "/");
	snprintf(copy, sizeof(copy), "%s", spec);
	user = copy[0] ? copy : (char *)"0";
	group = strchr(copy, ':');
	if (group)
		*group++ = '\0';
	if (strlen(spec) >= sizeof(copy) || *user == '\0' || (group && *group == '\0')) {
		snprintf(msg, len, "invalid user '%s'", spec);
		return -1;
	}
	if (!find_passwd(user, u, who, sizeof(who))) {
		if (!parse_id(user, &num)) {
			snprintf(msg, len,
				 "unable to find user %s: no matching entries in passwd file",
				 user);
			return -1;
		}
		u->uid = (uid_t)num;
	}
	if (group && parse_id(group, &num)) {
		u->gid = (gid_t)num;
		group = NULL;
	}
	if (!scan_groups(group, who, u)) {
		snprintf(msg, len, "unable to find group %s: no matching entries in group file",
			 group);
		return -1;
	}
	return 0;
}
