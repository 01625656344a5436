/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_PROGRESS_H
#define SIXD_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A progress line for long work (save, load, commit): redrawn in place on
 * stderr, at most a few times a second, and only when stderr is a terminal;
 * when it is not, nothing is ever written.
 */
struct sixd_progress {
	bool on;	 /* stderr is a terminal */
	bool drawn;	 /* a line is on the screen */
	int64_t last_ns; /* when it was last drawn */
	const char *what;
};

/* Start a progress line labelled what ("Loading", "Saving"...); not drawn yet. */
void sixd_progress_init(struct sixd_progress *p, const char *what);

/* Show "what: step, N.NNMB" (step may be NULL); throttled unless force. */
void sixd_progress_update(struct sixd_progress *p, const char *step, int64_t bytes, bool force);

/* Erase the line (if one was drawn). */
void sixd_progress_done(struct sixd_progress *p);

#endif
