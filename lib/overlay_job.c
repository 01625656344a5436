// SPDX-License-Identifier: GPL-2.0-or-later
/* The container's overlay made by a thread of the command (see overlay_job.h). */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "network.h"
#include "overlay_job.h"
#include "rootfs.h"
#include "util.h"

struct sixd_overlay_job {
	pthread_t thread;
	struct sixd_overlay o; /* its strings are the three below */
	char *data_root;
	char **layers;
	char *container_dir;
	int fd;
	struct sixd_error *err;
};

static void job_free(struct sixd_overlay_job *job)
{
	if (job->fd >= 0)
		close(job->fd);
	sixd_error_free(&job->err);
	free(job->data_root);
	sixd_strvfreep(&job->layers);
	free(job->container_dir);
	free(job);
}

/* The thread changes its working directory: its own file system context first. */
static void *job_main(void *arg)
{
	struct sixd_overlay_job *job = arg;

	if (unshare(CLONE_FS) < 0) {
		sixd_error_set(&job->err, errno, "cannot make the overlay");
		return NULL;
	}
	if (job->o.init_layer && sixd_net_init_layer_make(job->data_root, &job->err) < 0)
		return NULL;
	job->fd = sixd_rootfs_overlay_detached(&job->o, &job->err);
	return NULL;
}

int sixd_overlay_job_start(struct sixd_overlay_job **out, const struct sixd_overlay *o,
			   struct sixd_error **err)
{
	struct sixd_overlay_job *job = calloc(1, sizeof(*job));
	pthread_attr_t attr;
	sigset_t all, old;
	int rc;

	*out = NULL;
	if (job == NULL)
		return sixd_error_set(err, ENOMEM, "cannot make the overlay");
	job->fd = -1;
	job->data_root = strdup(o->data_root);
	job->container_dir = strdup(o->container_dir);
	if (job->data_root == NULL || job->container_dir == NULL ||
	    sixd_strv_extend(&job->layers, o->layers) < 0) {
		job_free(job);
		return sixd_error_set(err, ENOMEM, "cannot make the overlay");
	}
	job->o = (struct sixd_overlay){
		.data_root = job->data_root,
		.layers = job->layers,
		.container_dir = job->container_dir,
		.init_layer = o->init_layer,
		.volatile_upper = o->volatile_upper,
	};
	/* every signal stays with the main thread (signalfd, sig-proxy) */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_attr_init(&attr);
	if (rc == 0) {
		cpu_set_t others;

		pthread_attr_setstacksize(&attr, 256 * 1024);
		if (sixd_other_cpus(&others))
			pthread_attr_setaffinity_np(&attr, sizeof(others), &others);
		rc = pthread_create(&job->thread, &attr, job_main, job);
		pthread_attr_destroy(&attr);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		job_free(job);
		return sixd_error_set(err, rc, "cannot start making the overlay");
	}
	*out = job;
	return 0;
}

int sixd_overlay_job_finish(struct sixd_overlay_job *job, struct sixd_error **err)
{
	int fd;

	pthread_join(job->thread, NULL);
	fd = job->fd;
	job->fd = -1;
	if (fd < 0 && err)
		*err = steal_ptr(job->err);
	job_free(job);
	return fd;
}

void sixd_overlay_job_cancel(struct sixd_overlay_job *job)
{
	if (job == NULL)
		return;
	pthread_join(job->thread, NULL);
	job_free(job);
}
