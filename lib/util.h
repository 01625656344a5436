/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_UTIL_H
#define SIXD_UTIL_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

#define SIXD_ID_LEN 64
#define SIXD_SHORT_ID_LEN 12

/* Fill id (SIXD_ID_LEN + 1 bytes) with 64 random lowercase hex characters. */
int sixd_gen_id(char *id, struct sixd_error **err);

/* True if s is a valid container name: [a-zA-Z0-9][a-zA-Z0-9_.-]+ (at most 128 bytes). */
bool sixd_valid_name(const char *s);

/* True if s is exactly 64 lowercase hex characters. */
bool sixd_valid_id(const char *s);

/* A Docker-style "adjective_surname" name, newly allocated. */
char *sixd_random_name(void);

/*
 * Parse a size such as "100m", "1.5g", "512k", "4096", "100MB" (binary units b, k, m,
 * g, t; case-insensitive; an optional trailing "b"/"ib").  Fails with EINVAL and a
 * message naming the value on anything else or on overflow.
 */
int sixd_parse_size(const char *s, int64_t *out, struct sixd_error **err);

/* Parse "--cpus" ("1.5", "0.25") into nano-CPUs; > 0 and at most 1024 CPUs. */
int sixd_parse_cpus(const char *s, int64_t *nanocpus, struct sixd_error **err);

/* Parse a non-negative decimal integer that fits in int64_t; -1 on error. */
int sixd_parse_int64(const char *s, int64_t *out);

/* Current time in nanoseconds since the epoch (CLOCK_REALTIME). */
int64_t sixd_now_ns(void);

/* Format ns-since-epoch as RFC 3339 with nanoseconds, UTC ("2026-11-23T12:00:00.123456789Z"). */
void sixd_format_rfc3339(int64_t ns, char *buf, size_t len);

/* Parse the output of sixd_format_rfc3339 (or any RFC 3339 UTC time); -1 on error. */
int sixd_parse_rfc3339(const char *s, int64_t *ns);

/* Docker's human duration: "Less than a second", "3 seconds", "About a minute", "2 hours"... */
void sixd_human_duration(int64_t seconds, char *buf, size_t len);

/* Docker's human size with 3 significant digits, decimal units: "4.27MB", "100B". */
void sixd_human_size(int64_t bytes, char *buf, size_t len);

/* mkdir -p with the given mode; an existing directory is fine. */
int sixd_mkdir_p(const char *path, mode_t mode, struct sixd_error **err);

/* Remove a directory tree without crossing mount points; a missing path is fine. */
int sixd_rm_rf(const char *path, struct sixd_error **err);

/*
 * Write data to path atomically: a temp file in the same directory, then rename.
 * The file gets the given mode.
 */
int sixd_write_file_atomic(const char *path, const void *data, size_t len, mode_t mode,
			   struct sixd_error **err);

/*
 * The same without the fsync, for files that do not outlive a reboot anyway:
 * the container records in the state root (a tmpfs by default).  Readers still
 * see the old file or the new one, whole.
 */
int sixd_write_file_replace(const char *path, const void *data, size_t len, mode_t mode,
			    struct sixd_error **err);

/* Read a whole (small) file into a NUL-terminated buffer; *len gets its size. */
char *sixd_read_file(const char *path, size_t *len, struct sixd_error **err);

/* Write a string to an existing file (e.g. a cgroup or /proc knob). */
int sixd_write_string(const char *path, const char *value, struct sixd_error **err);

/* The start time (field 22 of /proc/<pid>/stat) of pid, or 0 if it does not exist or is a zombie.
 */
uint64_t sixd_pid_start_time(pid_t pid);

/* Join argv with spaces into a new string. */
char *sixd_strv_join(char *const *argv, const char *sep);

/* Number of entries in a NULL-terminated string array. */
size_t sixd_strv_len(char *const *v);

/* Append a copy of s to the NULL-terminated array *v; -1 on ENOMEM. */
int sixd_strv_append(char ***v, const char *s);

/* Append copies of every string of src (may be NULL) to *v; -1 on ENOMEM. */
int sixd_strv_extend(char ***v, char *const *src);

/*
 * The CPUs this process may use but the one it is on, false if none.  A new
 * thread is queued on its creator's CPU, where it may wait a millisecond for the
 * creator's time slice while another CPU idles: given the others
 * (pthread_attr_setaffinity_np), a helper thread runs at once.
 */
bool sixd_other_cpus(cpu_set_t *set);

/* Write all of buf to fd, retrying on EINTR and short writes. */
ssize_t sixd_write_all(int fd, const void *buf, size_t len);

/* Read exactly len bytes from fd unless EOF comes first; returns bytes read or -1. */
ssize_t sixd_read_all(int fd, void *buf, size_t len);

#endif
