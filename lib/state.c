// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Truthful state without a daemon: records are reconciled with the kernel on
 * every read (see state.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "lookup.h"
#include "network.h"
#include "state.h"
#include "util.h"

bool sixd_record_monitor_alive(const struct sixd_record *r)
{
	return r->monitor_pid > 0 && r->monitor_start != 0 &&
	       sixd_pid_start_time(r->monitor_pid) == r->monitor_start;
}

static bool needs_reconcile(const struct sixd_record *r)
{
	return r->status == SIXD_STATUS_RUNNING && !sixd_record_running(r) &&
	       !sixd_record_monitor_alive(r);
}

int sixd_container_reconcile(struct sixd_store *s, struct sixd_record *r, struct sixd_error **err)
{
	_cleanup_close_ int lock = -1;
	struct sixd_record fresh;

	if (!needs_reconcile(r))
		return 0;
	lock = sixd_store_lock(s, r->name, err);
	if (lock < 0)
		return -1;
	/* under the lock: the monitor may have written the real end meanwhile */
	if (sixd_store_read(s, r->name, &fresh, err) < 0)
		return -1;
	sixd_record_free(r);
	*r = fresh;
	if (!needs_reconcile(r))
		return 1;
	r->status = SIXD_STATUS_EXITED;
	r->exit_code = r->monitor_pid > 0 ? SIXD_EXIT_MONITOR_DIED : SIXD_EXIT_UNKNOWN;
	r->finished = sixd_now_ns();
	/* a full state root: the next read derives the same end from the dead pid */
	if (sixd_store_write_if_room(s, r, err) < 0)
		return -1;
	sixd_net_stop(r); /* the monitor that would have deleted its port rules is gone */
	return 1;
}

static int by_created_desc(const void *a, const void *b)
{
	const struct sixd_record *ra = a, *rb = b;

	return ra->created < rb->created ? 1 : ra->created > rb->created ? -1 : 0;
}

static int list_append(struct sixd_record **list, size_t *n, size_t *cap, struct sixd_record *r)
{
	if (*n == *cap) {
		size_t grown_cap = *cap ? *cap * 2 : 16;
		struct sixd_record *grown = realloc(*list, grown_cap * sizeof(**list));

		if (grown == NULL)
			return -1;
		*list = grown;
		*cap = grown_cap;
	}
	(*list)[(*n)++] = *r;
	return 0;
}

int sixd_container_list(struct sixd_store *s, struct sixd_record **out, size_t *n,
			struct sixd_error **err)
{
	_cleanup_closedir_ DIR *dir = opendir(s->root);
	struct sixd_record *list = NULL;
	size_t count = 0, cap = 0;
	struct dirent *de;

	*out = NULL;
	*n = 0;
	if (dir == NULL)
		return sixd_error_set(err, errno, "cannot read the state root '%s'", s->root);
	while ((de = readdir(dir)) != NULL) {
		struct sixd_record r;

		if (de->d_name[0] == '.' || sixd_store_read(s, de->d_name, &r, NULL) < 0)
			continue;
		/* a record that cannot be reconciled now is still listed as it is */
		sixd_container_reconcile(s, &r, NULL);
		if (list_append(&list, &count, &cap, &r) < 0) {
			sixd_record_free(&r);
			sixd_record_list_free(list, count);
			return sixd_error_set(err, ENOMEM, "cannot list the containers");
		}
	}
	if (count > 1) /* list is NULL when there is none */
		qsort(list, count, sizeof(*list), by_created_desc);
	*out = list;
	*n = count;
	return 0;
}

void sixd_record_list_free(struct sixd_record *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sixd_record_free(&list[i]);
	free(list);
}
