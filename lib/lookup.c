// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Container lookup by name, id or id prefix (see lookup.h).
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>

#include "cleanup.h"
#include "lookup.h"
#include "util.h"

static bool is_hex_prefix(const char *s)
{
	size_t len = strspn(s, "0123456789abcdef");

	return len > 0 && len <= SIXD_ID_LEN && s[len] == '\0';
}

/* Read name's record as a candidate: 1 if its id starts with prefix, 0 if not or unreadable. */
static int match_record(struct sixd_store *s, const char *name, const char *prefix,
			struct sixd_record *r)
{
	memset(r, 0, sizeof(*r));
	if (sixd_store_read(s, name, r, NULL) < 0)
		return 0;
	if (strncmp(r->id, prefix, strlen(prefix)) == 0)
		return 1;
	sixd_record_free(r);
	return 0;
}

/* Scan every record for ids starting with prefix; 1 found, 0 none, -1 error. */
static int scan_ids(struct sixd_store *s, const char *prefix, struct sixd_record *r,
		    struct sixd_error **err)
{
	_cleanup_closedir_ DIR *dir = opendir(s->root);
	struct sixd_record cand;
	struct dirent *de;
	int found = 0;

	if (dir == NULL)
		return sixd_error_set(err, errno, "cannot read the state root '%s'", s->root);
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.' || !match_record(s, de->d_name, prefix, &cand))
			continue;
		if (found) {
			sixd_record_free(&cand);
			sixd_record_free(r);
			return sixd_error_set(
				err, 0, "multiple containers match the id prefix '%s'", prefix);
		}
		*r = cand;
		found = 1;
	}
	return found;
}

int sixd_store_lookup(struct sixd_store *s, const char *ref, struct sixd_record *r,
		      struct sixd_error **err)
{
	struct sixd_error *read_err = NULL;
	int found;

	memset(r, 0, sizeof(*r));
	if (ref == NULL || *ref == '\0')
		return sixd_error_set(err, EINVAL, "no container given");
	if (sixd_valid_name(ref)) {
		if (sixd_store_read(s, ref, r, &read_err) == 0)
			return 0;
		sixd_record_free(r);
		if (read_err && read_err->status != ENOENT && read_err->status != ENOTDIR) {
			if (err)
				*err = steal_ptr(read_err);
			sixd_error_free(&read_err);
			return -1;
		}
		sixd_error_free(&read_err);
	}
	found = is_hex_prefix(ref) ? scan_ids(s, ref, r, err) : 0;
	if (found < 0)
		return -1;
	if (found == 0) {
		sixd_error_set(err, 0, "no such container: %s", ref);
		return -ENOENT;
	}
	return 0;
}

bool sixd_record_running(const struct sixd_record *r)
{
	if (r->status != SIXD_STATUS_RUNNING || r->pid <= 0 || r->pid_start == 0)
		return false;
	return sixd_pid_start_time(r->pid) == r->pid_start;
}
