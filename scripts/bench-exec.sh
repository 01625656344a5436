#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Exec latency on this machine, in one run: the median wall time of
#   sixdocker exec C true      (this build, a private state and data root)
#   crun exec C true           (the same busybox rootfs as an OCI bundle)
#   nsenter -t PID -a true     (util-linux, into the sixdocker container)
#
#   sudo bash scripts/bench-exec.sh [ITERATIONS]     (default 100)
#
# Needs root; installs crun from apt when missing.  Everything it makes (the
# containers, the bundle, the roots) is removed at the end, also on failure.
set -euo pipefail

ITER=${1:-100}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIXDOCKER=${SIXDOCKER:-$REPO/build/sixdocker}
NAME=bench-exec-$$
BASE=
CRUN_STARTED=
UNIFIED=
if [[ -n "$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null)" ]]; then
	UNIFIED=/sys/fs/cgroup/unified
fi

# crun refuses hybrid hosts whose cgroup2 mount holds controllers; on those it
# runs in a private mount namespace without /sys/fs/cgroup/unified (the host's
# mounts are untouched), and that wrapper's own cost is measured and reported.
crun_w()
{
	if [[ -n "$UNIFIED" ]]; then
		# shellcheck disable=SC2016 # expanded by the inner sh
		unshare -m --propagation private sh -c 'umount -l "$0" && exec crun "$@"' \
			"$UNIFIED" --root "$BASE/crun-state" --cgroup-manager=disabled "$@"
	else
		crun --root "$BASE/crun-state" --cgroup-manager=disabled "$@"
	fi
}

wrapper_only()
{
	# shellcheck disable=SC2016 # expanded by the inner sh
	unshare -m --propagation private sh -c 'umount -l "$0" && exec true' "$UNIFIED"
}

die()
{
	printf 'bench-exec: %s\n' "$*" >&2
	exit 1
}

cleanup()
{
	set +e
	if [[ -n "$CRUN_STARTED" ]]; then
		crun_w kill "$NAME" KILL 2>/dev/null
		crun_w delete -f "$NAME" 2>/dev/null
	fi
	if [[ -n "$BASE" && -f "$BASE/run/$NAME/config.json" ]]; then
		local pid mon
		mon=$(jq -r .monitor_pid "$BASE/run/$NAME/config.json")
		pid=$(jq -r .pid "$BASE/run/$NAME/config.json")
		# the monitor records the exit and removes the container (--rm)
		[[ "$pid" =~ ^[0-9]+$ ]] && ((pid > 1)) && kill -KILL "$pid" 2>/dev/null
		for _ in $(seq 100); do
			[[ -d "$BASE/run/$NAME" ]] || kill -0 "$mon" 2>/dev/null || break
			sleep 0.1
		done
		[[ -d "$BASE/run/$NAME" ]] &&
			printf 'bench-exec: the container %s was not removed\n' "$NAME" >&2
	fi
	if [[ -n "$BASE" ]]; then
		grep -q " $BASE/" /proc/self/mounts && umount -R -l "$BASE"/* 2>/dev/null
		rm -rf --one-file-system "$BASE"
	fi
}

now_ns()
{
	date +%s%N
}

# median_ms CMD...: run CMD $ITER times (after 3 warm-ups), print the median in ms.
median_ms()
{
	local i t0 t1
	local -a times=()
	for ((i = 0; i < 3; i++)); do
		"$@" >/dev/null 2>&1 || die "failed: $*"
	done
	for ((i = 0; i < ITER; i++)); do
		t0=$(now_ns)
		"$@" >/dev/null 2>&1 || die "failed: $*"
		t1=$(now_ns)
		times+=($((t1 - t0)))
	done
	printf '%s\n' "${times[@]}" | sort -n |
		awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f", m / 1e6 }'
}

setup_sixdocker()
{
	export SIXDOCKER_ROOT=$BASE/run SIXDOCKER_DATA=$BASE/data
	"$SIXDOCKER" run -d --rm --name "$NAME" busybox sleep 100000 >/dev/null
	PID=$(jq -r .pid "$SIXDOCKER_ROOT/$NAME/config.json")
}

setup_crun()
{
	local layer bundle=$BASE/bundle
	if ! command -v crun >/dev/null; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q crun >/dev/null ||
			die "cannot install crun"
	fi
	layer=$(find "$SIXDOCKER_DATA/layers" -mindepth 2 -maxdepth 2 -name diff | head -n 1)
	[[ -n "$layer" ]] || die "no layer of the default image under $SIXDOCKER_DATA/layers"
	mkdir -p "$bundle"
	cp -a "$layer" "$bundle/rootfs"
	(cd "$bundle" && crun spec)
	jq '.process.terminal = false | .process.args = ["sleep", "100000"] | .root.readonly = false | .mounts |= map(select(.destination != "/sys/fs/cgroup"))' \
		"$bundle/config.json" >"$bundle/config.json.new"
	mv "$bundle/config.json.new" "$bundle/config.json"
	CRUN_STARTED=1
	crun_w run -d --bundle "$bundle" "$NAME" </dev/null >/dev/null
}

main()
{
	local sixd crun_ms ns wrap
	((EUID == 0)) || die "run as root"
	[[ -x "$SIXDOCKER" ]] || die "no sixdocker at $SIXDOCKER (bash scripts/build.sh)"
	if [[ "$(stat -f -c %T /dev/shm 2>/dev/null)" == tmpfs ]]; then
		BASE=$(mktemp -d /dev/shm/sixd-bench.XXXXXX)
	else
		BASE=$(mktemp -d /var/tmp/sixd-bench.XXXXXX)
	fi
	trap cleanup EXIT
	setup_sixdocker
	setup_crun
	sixd=$(median_ms "$SIXDOCKER" exec "$NAME" true)
	crun_ms=$(median_ms crun_w exec "$NAME" true)
	ns=$(median_ms nsenter -t "$PID" -a true)
	if [[ -n "$UNIFIED" ]]; then
		wrap=$(median_ms wrapper_only)
	fi
	printf 'exec latency, median of %d runs (%s, %s)\n' "$ITER" "$(uname -r)" "$(nproc) cpus"
	printf '  %-28s %8s ms\n' "sixdocker exec C true" "$sixd" \
		"crun exec C true" "$crun_ms" "nsenter -t PID -a true" "$ns"
	if [[ -n "$UNIFIED" ]]; then
		printf '  (crun ran in a private mount namespace without %s: that wrapper alone takes %s ms of its time)\n' \
			"$UNIFIED" "$wrap"
	fi
}

main "$@"
