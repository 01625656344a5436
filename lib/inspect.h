/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIXD_INSPECT_H
#define SIXD_INSPECT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/*
 * Docker's `inspect` object of a container record: Id, Created, Path, Args,
 * State{Status, Running, Paused, Restarting, OOMKilled, Dead, Pid, ExitCode,
 * Error, StartedAt, FinishedAt}, Image ("sha256:<id>"), LogPath, Name
 * ("/<name>"), RestartCount, Driver, Platform, HostConfig{Binds, Memory,
 * MemorySwap, NanoCpus, CpuShares, CpusetCpus, PidsLimit (null when unset),
 * AutoRemove, and sixd_inspect_security's fields}, Mounts[{Type, Source, Destination, Mode, RW,
 * Propagation}], Config{Hostname, User, Tty, OpenStdin, Env, Cmd, Image, WorkingDir}.  Pid is 0
 * unless running.  NULL with *err on ENOMEM.
 */
json_t *sixd_inspect_record(const struct sixd_record *r, struct sixd_error **err);

/*
 * Look ref up (name, id or unique id prefix), reconcile its record with the
 * kernel so the state is true, and return its inspect object.  NULL with *err
 * as sixd_store_lookup ("no such container: REF") or on failure.
 */
json_t *sixd_inspect_container(struct sixd_store *s, const char *ref, struct sixd_error **err);

/*
 * A time as Go's RFC3339Nano prints it: UTC, the fraction without trailing
 * zeros ("2026-11-23T13:02:25.1Z", "2026-11-23T13:02:25Z"); 0 gives Docker's
 * zero time "0001-01-01T00:00:00Z".
 */
void sixd_inspect_time(int64_t ns, char *buf, size_t len);

/*
 * HostConfig's security and hardening fields: Privileged, CapAdd, CapDrop,
 * SecurityOpt (null when empty; a seccomp profile shows as its JSON, as in
 * Docker), ReadonlyRootfs, Devices[{PathOnHost, PathInContainer,
 * CgroupPermissions}], Tmpfs ({path: options}, null when none),
 * Ulimits[{Name, Hard, Soft}] (-1 unlimited), OomScoreAdj.  NULL on ENOMEM.
 */
json_t *sixd_inspect_security(const struct sixd_record *r);

#endif
