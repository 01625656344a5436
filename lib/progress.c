// SPDX-License-Identifier: GPL-2.0-or-later
/* A progress line on stderr, drawn only when stderr is a terminal. */
#include <stdio.h>
#include <unistd.h>

#include "progress.h"
#include "util.h"

#define PROGRESS_INTERVAL_NS 200000000LL /* redraw at most five times a second */

void sixd_progress_init(struct sixd_progress *p, const char *what)
{
	p->on = isatty(STDERR_FILENO) == 1;
	p->drawn = false;
	p->last_ns = 0;
	p->what = what;
}

void sixd_progress_update(struct sixd_progress *p, const char *step, int64_t bytes, bool force)
{
	int64_t now;
	char size[32];

	if (!p->on)
		return;
	now = sixd_now_ns();
	if (!force && p->drawn && now - p->last_ns < PROGRESS_INTERVAL_NS)
		return;
	sixd_human_size(bytes, size, sizeof(size));
	/* \r and "erase to the end of the line" redraw in place */
	fprintf(stderr, "\r%s%s%s: %s\033[K", p->what, step ? " " : "", step ? step : "", size);
	fflush(stderr);
	p->drawn = true;
	p->last_ns = now;
}

void sixd_progress_done(struct sixd_progress *p)
{
	if (!p->on || !p->drawn)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->drawn = false;
}
