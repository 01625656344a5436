// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker history [--no-trunc] IMAGE */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "commands.h"
#include "image.h"
#include "util.h"

#define HISTORY_OPTSTRING "+h"
#define N_COLS 5
#define COL_PADDING 3
#define COL_MIN_WIDTH 10
#define CREATED_BY_MAX 45 /* docker's truncation, "…" included */

static const char history_usage[] = "Usage:  sixdocker history [OPTIONS] IMAGE\n\n"
				    "Show the history of an image\n\n"
				    "Options:\n"
				    "      --no-trunc    don't truncate output\n"
				    "  -h, --help        print this help\n";

/* 1 after --help, 0 to go on, -1 on a usage error. */
static int parse_opts(int argc, char **argv, bool *no_trunc, struct sixd_error **err)
{
	static const struct option opts[] = {
		{"no-trunc", no_argument, NULL, 'T'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, HISTORY_OPTSTRING, opts, NULL)) != -1) {
		switch (c) {
		case 'T':
			*no_trunc = true;
			break;
		case 'h':
			fputs(history_usage, stdout);
			return 1;
		default:
			return sixd_cmd_option_error(err, "history", argv, HISTORY_OPTSTRING);
		}
	}
	if (argc - optind != 1)
		return sixd_cmd_usage_error(err, "history", "requires exactly 1 argument");
	return 0;
}

/* One row's cells, newly allocated; the caller frees each. */
static int history_row(const char *data_root, const struct sixd_image *img, size_t i, size_t layer,
		       bool no_trunc, char *cells[N_COLS], struct sixd_error **err)
{
	const struct sixd_history *h = &img->history[i];
	char ago[64], size[32] = "0B";
	int64_t bytes = 0;
	size_t len = strlen(h->created_by);
	bool cut = !no_trunc && len > CREATED_BY_MAX;

	if (!h->empty_layer && img->layers[layer] &&
	    sixd_layer_size(data_root, img->layers[layer], &bytes, err) < 0)
		return -1;
	sixd_human_size(bytes, size, sizeof(size));
	sixd_human_duration((sixd_now_ns() - h->created) / 1000000000LL, ago, sizeof(ago));
	if (i + 1 != img->n_history)
		cells[0] = strdup("<missing>");
	else if (asprintf(&cells[0], no_trunc ? "sha256:%s" : "%.12s", img->id) < 0)
		cells[0] = NULL;
	if (asprintf(&cells[1], "%s ago", ago) < 0)
		cells[1] = NULL;
	if (asprintf(&cells[2], "%.*s%s", cut ? CREATED_BY_MAX - 1 : (int)len, h->created_by,
		     cut ? "…" : "") < 0)
		cells[2] = NULL;
	cells[3] = strdup(size);
	cells[4] = strdup(h->comment);
	for (size_t c = 0; c < N_COLS; c++)
		if (cells[c] == NULL)
			return sixd_error_set(err, ENOMEM, "cannot show the history");
	return 0;
}

/* Display width: UTF-8 continuation bytes take no column. */
static size_t width_of(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static void print_rows(char *(*rows)[N_COLS], size_t n)
{
	size_t width[N_COLS] = {0};

	for (size_t r = 0; r < n; r++)
		for (size_t c = 0; c < N_COLS; c++)
			if (width_of(rows[r][c]) + COL_PADDING > width[c])
				width[c] = width_of(rows[r][c]) + COL_PADDING;
	for (size_t r = 0; r < n; r++) {
		for (size_t c = 0; c + 1 < N_COLS; c++) {
			size_t w = width[c] < COL_MIN_WIDTH ? COL_MIN_WIDTH : width[c];

			printf("%s%*s", rows[r][c], (int)(w - width_of(rows[r][c])), "");
		}
		printf("%s\n", rows[r][N_COLS - 1]);
	}
}

static int print_history(const char *data_root, const struct sixd_image *img, bool no_trunc,
			 struct sixd_error **err)
{
	static const char *const header[N_COLS] = {"IMAGE", "CREATED", "CREATED BY", "SIZE",
						   "COMMENT"};
	size_t n = img->n_history + 1, layer = 0;
	char *(*rows)[N_COLS] = calloc(n, sizeof(*rows));
	int r = 0;

	if (rows == NULL)
		return sixd_error_set(err, ENOMEM, "cannot show the history");
	memcpy(rows[0], header, sizeof(header));
	/* rows newest first; layers are consumed oldest first by the non-empty steps */
	for (size_t i = 0; i < img->n_history && r == 0; i++) {
		r = history_row(data_root, img, i, layer, no_trunc, rows[n - 1 - i], err);
		if (!img->history[i].empty_layer && img->layers[layer])
			layer++;
	}
	if (r == 0)
		print_rows(rows, n);
	for (size_t i = 1; i < n; i++)
		for (size_t c = 0; c < N_COLS; c++)
			free(rows[i][c]);
	free(rows);
	return r;
}

int cmd_history(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	struct sixd_image *img = NULL;
	bool no_trunc = false;
	int r;

	r = parse_opts(argc, argv, &no_trunc, err);
	if (r != 0)
		return r < 0 ? -1 : 0;
	r = sixd_image_lookup(cli->store.data_root, argv[optind], &img, err);
	if (r == 0)
		return sixd_error_set(err, ENOENT, "no such image: %s", argv[optind]);
	if (r < 0)
		return -1;
	r = print_history(cli->store.data_root, img, no_trunc, err);
	sixd_image_free(img);
	return r;
}
