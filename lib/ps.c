// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `ps`: which containers to show, their rows as Docker prints them, and the
 * output through a --format template (see ps.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cleanup.h"
#include "format.h"
#include "netaddr.h"
#include "ps.h"
#include "ps_size.h"
#include "util.h"

/* Docker's tabwriter: minimum cell width 10, padding 3. */
#define TABLE_MIN_WIDTH 10
#define TABLE_PADDING 3
#define MOUNT_WIDTH 15

static const char *const filter_keys[] = {
	[SIXD_PS_FILTER_NAME] = "name",
	[SIXD_PS_FILTER_STATUS] = "status",
	[SIXD_PS_FILTER_ID] = "id",
};

static const char *const docker_states[] = {"created", "restarting", "running", "removing",
					    "paused",  "exited",     "dead"};

static int parse_key(const char *spec, size_t len, enum sixd_ps_filter_key *key)
{
	for (size_t i = 0; i < sizeof(filter_keys) / sizeof(filter_keys[0]); i++) {
		if (strlen(filter_keys[i]) == len && strncmp(filter_keys[i], spec, len) == 0) {
			*key = (enum sixd_ps_filter_key)i;
			return 0;
		}
	}
	return -1;
}

static bool valid_state(const char *s)
{
	for (size_t i = 0; i < sizeof(docker_states) / sizeof(docker_states[0]); i++)
		if (strcmp(docker_states[i], s) == 0)
			return true;
	return false;
}

/* Check the value of a filter and compile a name's regular expression. */
static int prepare_filter(struct sixd_ps_filter *f, const char *spec, struct sixd_error **err)
{
	if (f->key == SIXD_PS_FILTER_STATUS && !valid_state(f->value))
		return sixd_error_set(err, 0,
				      "invalid filter '%s': the status must be one of created, "
				      "restarting, running, removing, paused, exited, dead",
				      spec);
	if (f->key == SIXD_PS_FILTER_ID && f->value[strspn(f->value, "0123456789abcdef")])
		return sixd_error_set(err, 0, "invalid filter '%s': not a hexadecimal id", spec);
	if (f->key == SIXD_PS_FILTER_NAME &&
	    regcomp(&f->re, f->value, REG_EXTENDED | REG_NOSUB) != 0)
		return sixd_error_set(err, 0, "invalid filter '%s': bad regular expression", spec);
	return 0;
}

int sixd_ps_filter_add(struct sixd_ps_opts *o, const char *spec, struct sixd_error **err)
{
	const char *eq = strchr(spec, '=');
	struct sixd_ps_filter f = {0}, *grown;

	if (eq == NULL)
		return sixd_error_set(err, 0, "bad format of filter '%s' (expected name=value)",
				      spec);
	if (parse_key(spec, (size_t)(eq - spec), &f.key) < 0)
		return sixd_error_set(err, 0, "invalid filter '%.*s' (known: name, status, id)",
				      (int)(eq - spec), spec);
	f.value = strdup(eq + 1);
	grown = f.value ? realloc(o->filters, (o->n_filters + 1) * sizeof(*grown)) : NULL;
	if (grown == NULL) {
		free(f.value);
		return sixd_error_set(err, ENOMEM, "cannot add filter '%s'", spec);
	}
	o->filters = grown;
	if (prepare_filter(&f, spec, err) < 0) {
		free(f.value);
		return -1;
	}
	o->filters[o->n_filters++] = f;
	return 0;
}

void sixd_ps_filters_free(struct sixd_ps_opts *o)
{
	for (size_t i = 0; i < o->n_filters; i++) {
		if (o->filters[i].key == SIXD_PS_FILTER_NAME)
			regfree(&o->filters[i].re);
		free(o->filters[i].value);
	}
	free(o->filters);
	o->filters = NULL;
	o->n_filters = 0;
}

static bool filter_matches(const struct sixd_ps_filter *f, const struct sixd_record *r)
{
	char slashed[256];

	switch (f->key) {
	case SIXD_PS_FILTER_NAME:
		snprintf(slashed, sizeof(slashed), "/%s", r->name);
		return regexec(&f->re, r->name, 0, NULL, 0) == 0 ||
		       regexec(&f->re, slashed, 0, NULL, 0) == 0;
	case SIXD_PS_FILTER_STATUS:
		return strcmp(f->value, sixd_status_name(r->status)) == 0;
	case SIXD_PS_FILTER_ID:
		return strncmp(r->id, f->value, strlen(f->value)) == 0;
	}
	return false;
}

/* True when r matches one of the filters of key, or there is none of that key. */
static bool key_matches(const struct sixd_ps_opts *o, enum sixd_ps_filter_key key,
			const struct sixd_record *r)
{
	bool any = false;

	for (size_t i = 0; i < o->n_filters; i++) {
		if (o->filters[i].key != key)
			continue;
		if (filter_matches(&o->filters[i], r))
			return true;
		any = true;
	}
	return !any;
}

static bool has_key(const struct sixd_ps_opts *o, enum sixd_ps_filter_key key)
{
	for (size_t i = 0; i < o->n_filters; i++)
		if (o->filters[i].key == key)
			return true;
	return false;
}

bool sixd_ps_shown(const struct sixd_ps_opts *o, const struct sixd_record *r)
{
	bool every_state = o->all || o->last > 0 || has_key(o, SIXD_PS_FILTER_STATUS);

	if (!every_state && r->status != SIXD_STATUS_RUNNING)
		return false;
	return key_matches(o, SIXD_PS_FILTER_NAME, r) && key_matches(o, SIXD_PS_FILTER_STATUS, r) &&
	       key_matches(o, SIXD_PS_FILTER_ID, r);
}

/* s cut to width characters, the last one "…", when longer (a new string). */
static char *ellipsis(const char *s, size_t width)
{
	size_t len = strlen(s), chars = 0, i;
	char *out = NULL;

	if (width == 0 || sixd_format_width(s, len) <= width)
		return strdup(s);
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars == width)
			break;
	/* s[i] starts character number width: keep the width - 1 before it */
	if (asprintf(&out, "%.*s…", (int)i, s) < 0)
		return NULL;
	return out;
}

/* Write s double-quoted with Go's strconv.Quote escapes (UTF-8 text is kept). */
static void quote(FILE *f, const char *s)
{
	static const char from[] = "\a\b\f\n\r\t\v\\\"", to[] = "abfnrtv\\\"";

	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		const char *esc = strchr(from, *p);

		if (esc)
			fprintf(f, "\\%c", to[esc - from]);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* Docker's command line: path and arguments joined by spaces, an argument with a space in '...'. */
static char *join_command(char *const *argv)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return NULL;
	for (size_t i = 0; argv && argv[i]; i++) {
		bool spaced = i > 0 && strchr(argv[i], ' ');

		fprintf(f, "%s%s%s%s", i ? " " : "", spaced ? "'" : "", argv[i], spaced ? "'" : "");
	}
	fclose(f);
	return buf;
}

char *sixd_ps_command(char *const *argv, bool trunc)
{
	_cleanup_free_ char *joined = join_command(argv);
	_cleanup_free_ char *cut = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	cut = joined ? ellipsis(joined, trunc ? SIXD_PS_COMMAND_WIDTH : 0) : NULL;
	f = cut ? open_memstream(&buf, &len) : NULL;
	if (f == NULL)
		return NULL;
	quote(f, cut);
	fclose(f);
	return buf;
}

static void ago(int64_t now, int64_t then, char *buf, size_t len)
{
	sixd_human_duration((now - then) / 1000000000LL, buf, len);
}

void sixd_ps_status(const struct sixd_record *r, int64_t now, char *buf, size_t len)
{
	char d[64];

	if (r->status == SIXD_STATUS_RUNNING) {
		ago(now, r->started, d, sizeof(d));
		snprintf(buf, len, "Up %s", d);
	} else if (r->status == SIXD_STATUS_REMOVING) {
		snprintf(buf, len, "Removal In Progress");
	} else if (r->status == SIXD_STATUS_CREATED || r->started == 0) {
		snprintf(buf, len, "Created");
	} else if (r->finished == 0) {
		snprintf(buf, len, "%s", "");
	} else {
		ago(now, r->finished, d, sizeof(d));
		snprintf(buf, len, "Exited (%d) %s ago", r->exit_code, d);
	}
}

void sixd_ps_created_at(int64_t ns, char *buf, size_t len)
{
	time_t sec = (time_t)(ns / 1000000000LL);
	struct tm tm;

	localtime_r(&sec, &tm);
	if (strftime(buf, len, "%Y-%m-%d %H:%M:%S %z %Z", &tm) == 0 && len > 0)
		buf[0] = '\0';
}

/* The MOUNTS cell: the volumes' sources, comma-separated, each cut to 15 with trunc. */
static char *mounts_cell(const struct sixd_record *r, bool trunc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return NULL;
	for (size_t i = 0; i < r->n_volumes; i++) {
		_cleanup_free_ char *cut = ellipsis(r->volumes[i].source, trunc ? MOUNT_WIDTH : 0);

		fprintf(f, "%s%s", i ? "," : "", cut ? cut : "");
	}
	fclose(f);
	return buf;
}

json_t *sixd_ps_row(const struct sixd_record *r, bool trunc, int64_t now)
{
	_cleanup_free_ char *command = sixd_ps_command(r->argv, trunc);
	_cleanup_free_ char *mounts = mounts_cell(r, trunc);
	_cleanup_free_ char *ports = r->status == SIXD_STATUS_RUNNING
					     ? sixd_ports_text(r->net.ports, r->net.expose)
					     : strdup("");
	char created_at[80], running_for[80], status[96], d[64];

	if (command == NULL || mounts == NULL || ports == NULL)
		return NULL;
	sixd_ps_created_at(r->created, created_at, sizeof(created_at));
	ago(now, r->created, d, sizeof(d));
	snprintf(running_for, sizeof(running_for), "%s ago", d);
	sixd_ps_status(r, now, status, sizeof(status));
	return json_pack("{s:s, s:s, s:s%, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			 "Command", command, "CreatedAt", created_at, "ID", r->id,
			 (size_t)(trunc ? SIXD_SHORT_ID_LEN : SIXD_ID_LEN), "Image",
			 r->image ? r->image : "", "Labels", "", "LocalVolumes", "0", "Mounts",
			 mounts, "Names", r->name, "Networks", r->net.mode ?: "", "Ports", ports,
			 "RunningFor", running_for, "Size", "0B", "State",
			 sixd_status_name(r->status), "Status", status);
}

/* The header row's data: each placeholder's column title. */
static json_t *header_row(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			 "Command", "COMMAND", "CreatedAt", "CREATED AT", "ID", "CONTAINER ID",
			 "Image", "IMAGE", "Labels", "LABELS", "LocalVolumes", "LOCAL VOLUMES",
			 "Mounts", "MOUNTS", "Names", "NAMES", "Networks", "NETWORKS", "Ports",
			 "PORTS", "RunningFor", "CREATED", "Size", "SIZE", "State", "STATE",
			 "Status", "STATUS");
}

/* The template text for o (a new string; NULL on ENOMEM) and whether it is a table. */
static char *pick_format(const struct sixd_ps_opts *o, bool *table)
{
	const char *f = o->format;

	*table = false;
	if (o->quiet)
		return strdup("{{.ID}}");
	if ((f == NULL || *f == '\0' || strcmp(f, "table") == 0) && o->size) {
		*table = true;
		return strdup(SIXD_PS_DEFAULT_FORMAT_BODY "\t{{.Size}}");
	}
	return sixd_format_pick(f, SIXD_PS_DEFAULT_FORMAT, table);
}

/* Set the Size of row (of record r) to the container's size, as -s asks. */
static int add_size(const struct sixd_ps_opts *o, const struct sixd_record *r, json_t *row,
		    struct sixd_error **err)
{
	_cleanup_free_ char *size = NULL;

	if (row == NULL)
		return 0; /* sixd_format_line reports it */
	size = sixd_ps_size_text(o->data_root, r, err);
	if (size == NULL)
		return -1;
	if (json_object_set_new(row, "Size", json_string(size)) < 0)
		return sixd_error_set(err, ENOMEM, "cannot list the containers");
	return 0;
}

static int render_rows(FILE *f, const struct sixd_template *t, bool table,
		       const struct sixd_ps_opts *o, const struct sixd_record *list, size_t n,
		       int64_t now, struct sixd_error **err)
{
	bool size = !o->quiet && (o->size || sixd_template_uses(t, "Size"));
	size_t shown = 0;

	if (table) {
		json_auto_t *header = header_row();

		if (sixd_format_line(f, t, header, "list the containers", err) < 0)
			return -1;
	}
	for (size_t i = 0; i < n && (o->last <= 0 || shown < (size_t)o->last); i++) {
		json_auto_t *row = NULL;

		if (!sixd_ps_shown(o, &list[i]))
			continue;
		row = sixd_ps_row(&list[i], !o->no_trunc, now);
		if ((size && o->data_root && add_size(o, &list[i], row, err) < 0) ||
		    sixd_format_line(f, t, row, "list the containers", err) < 0)
			return -1;
		shown++;
	}
	return 0;
}

char *sixd_ps_render(const struct sixd_ps_opts *o, const struct sixd_record *list, size_t n,
		     int64_t now, struct sixd_error **err)
{
	_cleanup_free_ char *text = NULL, *buf = NULL;
	struct sixd_template *t = NULL;
	char *out = NULL;
	size_t len = 0;
	bool table;
	FILE *f;
	int r;

	text = pick_format(o, &table);
	if (text == NULL)
		return sixd_error_set(err, ENOMEM, "cannot list the containers"), NULL;
	if (sixd_template_parse(text, &t, err) < 0)
		return NULL;
	f = open_memstream(&buf, &len);
	r = f ? render_rows(f, t, table, o, list, n, now, err)
	      : sixd_error_set(err, errno, "cannot list the containers");
	if (f)
		fclose(f);
	sixd_template_free(t);
	if (r < 0)
		return NULL;
	if (!table)
		return steal_ptr(buf);
	out = sixd_format_align(buf, TABLE_MIN_WIDTH, TABLE_PADDING);
	if (out == NULL)
		sixd_error_set(err, ENOMEM, "cannot list the containers");
	return out;
}
