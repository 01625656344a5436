// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker images [-a] [-q] [--no-trunc] [REPOSITORY[:TAG]] */
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "commands.h"
#include "image.h"
#include "util.h"

/* Docker's tabwriter: cells padded by 3 spaces, at least 10 wide, the last one unpadded. */
#define COL_PADDING 3
#define COL_MIN_WIDTH 10
#define N_COLS 5

struct images_opts {
	bool quiet;
	bool no_trunc;
	const char *filter;
};

/* One line of the table: repository, tag, image id, created, size. */
struct row {
	char *cells[N_COLS];
};

struct table {
	struct row *rows;
	size_t n;
	size_t width[N_COLS];
};

static const char images_usage[] = "Usage:  sixdocker images [OPTIONS] [REPOSITORY[:TAG]]\n\n"
				   "List images\n\n"
				   "Options:\n"
				   "  -a, --all         show all images (the same list: sixdocker\n"
				   "                    makes no intermediate images)\n"
				   "  -q, --quiet       only show image IDs\n"
				   "      --no-trunc    don't truncate output\n"
				   "  -h, --help        print this help\n";

static int parse_opts(int argc, char **argv, struct images_opts *o, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"all", no_argument, NULL, 'a'},
		{"quiet", no_argument, NULL, 'q'},
		{"no-trunc", no_argument, NULL, 'T'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+aqh", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			/* every image is listed: there are no intermediate build images */
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'T':
			o->no_trunc = true;
			break;
		case 'h':
			fputs(images_usage, stdout);
			return 1;
		default:
			return sixd_cmd_usage_error(err, "images", "unknown flag: %s",
						    argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return sixd_cmd_usage_error(err, "images", "requires at most 1 argument");
	o->filter = optind < argc ? argv[optind] : NULL;
	return 0;
}

/* Split "repo:tag" at the colon after the last slash (a registry port has one too). */
static const char *split_tag(const char *name, size_t *repo_len)
{
	const char *slash = strrchr(name, '/');
	const char *colon = strchr(slash ? slash : name, ':');

	*repo_len = colon ? (size_t)(colon - name) : strlen(name);
	return colon ? colon + 1 : NULL;
}

/* Docker's REPOSITORY[:TAG] filter, with shell patterns ("busy*", "*:1.*"). */
static bool name_matches(const char *name, const char *filter)
{
	_cleanup_free_ char *repo = NULL, *want_repo = NULL;
	size_t len, want_len;
	const char *tag = split_tag(name, &len);
	const char *want_tag = split_tag(filter, &want_len);

	repo = strndup(name, len);
	want_repo = strndup(filter, want_len);
	if (repo == NULL || want_repo == NULL || fnmatch(want_repo, repo, FNM_PATHNAME) != 0)
		return false;
	return want_tag == NULL || (tag && fnmatch(want_tag, tag, 0) == 0);
}

static void format_id(const struct sixd_image *img, bool no_trunc, char *buf, size_t len)
{
	if (no_trunc)
		snprintf(buf, len, "sha256:%s", img->id);
	else
		snprintf(buf, len, "%.*s", SIXD_SHORT_ID_LEN, img->id);
}

/* Add a row of copies of cells. */
static int table_add(struct table *t, const char *const cells[N_COLS])
{
	struct row *grown = realloc(t->rows, (t->n + 1) * sizeof(*grown));
	struct row *row;

	if (grown == NULL)
		return -1;
	t->rows = grown;
	row = &t->rows[t->n];
	for (size_t i = 0; i < N_COLS; i++) {
		size_t w = strlen(cells[i]) + COL_PADDING;

		row->cells[i] = strdup(cells[i]);
		if (row->cells[i] == NULL) {
			while (i > 0)
				free(row->cells[--i]);
			return -1;
		}
		if (w > t->width[i])
			t->width[i] = w;
	}
	t->n++;
	return 0;
}

/* Add the row of img under name ("<none>  <none>" when NULL). */
static int add_image_row(struct table *t, const struct sixd_image *img, const char *name,
			 bool no_trunc)
{
	char id[80], ago[64], created[80], size[32];
	_cleanup_free_ char *repo = NULL;
	const char *tag = NULL;
	size_t repo_len = 0;

	if (name) {
		tag = split_tag(name, &repo_len);
		repo = strndup(name, repo_len);
		if (repo == NULL)
			return -1;
	}
	format_id(img, no_trunc, id, sizeof(id));
	sixd_human_duration((sixd_now_ns() - img->created) / 1000000000LL, ago, sizeof(ago));
	snprintf(created, sizeof(created), "%s ago", ago);
	sixd_human_size(img->size, size, sizeof(size));
	return table_add(t, (const char *const[N_COLS]){repo ? repo : "<none>",
							tag ? tag : "<none>", id, created, size});
}

/* The rows of one image: one per matching name, or <none> when untagged and unfiltered. */
static int add_image(struct table *t, const struct sixd_image *img, const struct images_opts *o)
{
	if (img->names[0] == NULL)
		return o->filter ? 0 : add_image_row(t, img, NULL, o->no_trunc);
	for (char **n = img->names; *n; n++)
		if ((o->filter == NULL || name_matches(*n, o->filter)) &&
		    add_image_row(t, img, *n, o->no_trunc) < 0)
			return -1;
	return 0;
}

static void table_print(const struct table *t)
{
	for (size_t r = 0; r < t->n; r++) {
		for (size_t c = 0; c + 1 < N_COLS; c++) {
			size_t w = t->width[c] < COL_MIN_WIDTH ? COL_MIN_WIDTH : t->width[c];

			printf("%-*s", (int)w, t->rows[r].cells[c]);
		}
		printf("%s\n", t->rows[r].cells[N_COLS - 1]);
	}
}

static void table_free(struct table *t)
{
	for (size_t r = 0; r < t->n; r++)
		for (size_t c = 0; c < N_COLS; c++)
			free(t->rows[r].cells[c]);
	free(t->rows);
}

static int print_table(struct sixd_image **list, size_t n, const struct images_opts *o,
		       struct sixd_error **err)
{
	static const char *const header[N_COLS] = {"REPOSITORY", "TAG", "IMAGE ID", "CREATED",
						   "SIZE"};
	struct table t = {0};
	int r = table_add(&t, header);

	for (size_t i = 0; i < n && r == 0; i++)
		r = add_image(&t, list[i], o);
	if (r == 0)
		table_print(&t);
	table_free(&t);
	return r < 0 ? sixd_error_set(err, ENOMEM, "cannot list images") : 0;
}

/* -q: each image's id once, newest first. */
static void print_ids(struct sixd_image **list, size_t n, const struct images_opts *o)
{
	char id[80];

	for (size_t i = 0; i < n; i++) {
		bool shown = o->filter == NULL;

		for (char **name = list[i]->names; !shown && *name; name++)
			shown = name_matches(*name, o->filter);
		if (!shown)
			continue;
		format_id(list[i], o->no_trunc, id, sizeof(id));
		printf("%s\n", id);
	}
}

int cmd_images(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	struct images_opts o = {0};
	struct sixd_image **list = NULL;
	size_t n = 0;
	int r;

	r = parse_opts(argc, argv, &o, err);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (sixd_image_list(cli->store.data_root, &list, &n, err) < 0)
		return -1;
	if (o.quiet)
		print_ids(list, n, &o);
	else
		r = print_table(list, n, &o, err);
	sixd_image_list_free(list, n);
	return r < 0 ? -1 : 0;
}
