#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# What seccomp costs a container start on this machine, in one run: the
# median wall time of
#   sixdocker run --rm --network none busybox true           (the default profile, cached)
#   sixdocker run --rm --security-opt seccomp=unconfined ... (no filter)
#   sixdocker run --rm busybox true, the cache emptied first (compiled at each start)
#   crun run (a bundle of the same busybox rootfs) with the same default profile
#   crun run without seccomp
#
#   sudo bash scripts/bench-seccomp.sh [ITERATIONS]     (default 50)
#
# crun gets sixdocker's default profile (lib/profiles/seccomp_default.json)
# turned into the OCI form for Docker's default capabilities: the rules that
# need no other capability, without includes/excludes.  Needs root and jq;
# installs crun from apt when missing.  Everything it makes (the containers,
# the bundles, the roots) is removed at the end, also on failure.
set -euo pipefail

ITER=${1:-50}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIXDOCKER=${SIXDOCKER:-$REPO/build/sixdocker}
PROFILE=$REPO/lib/profiles/seccomp_default.json
NAME=bench-seccomp-$$
BASE=
UNIFIED=
if [[ -n "$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null)" ]]; then
	UNIFIED=/sys/fs/cgroup/unified
fi

# crun refuses hybrid hosts whose cgroup2 mount holds controllers; on those it
# runs in a private mount namespace without /sys/fs/cgroup/unified (the host's
# mounts are untouched), as scripts/bench.sh does; that wrapper's cost is reported.
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
	printf 'bench-seccomp: %s\n' "$*" >&2
	exit 1
}

cleanup()
{
	set +e
	if [[ -n "$BASE" ]]; then
		crun_w delete -f "$NAME" >/dev/null 2>&1
		grep -q " $BASE/" /proc/self/mounts && umount -R -l "$BASE"/* 2>/dev/null
		rm -rf --one-file-system "$BASE"
	fi
}

now_ns()
{
	date +%s%N
}

# time_one KEY CMD...: the wall time of one run of CMD (ns), appended to $BASE/times.KEY.
time_one()
{
	local key=$1 t0 t1
	shift
	t0=$(now_ns)
	"$@" >/dev/null 2>&1 || die "failed: $*"
	t1=$(now_ns)
	printf '%s\n' $((t1 - t0)) >>"$BASE/times.$key"
}

median_ms()
{
	sort -n "$BASE/times.$1" |
		awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f", m / 1e6 }'
}

# Each variant once per round, $ITER rounds after one warm-up round: a passing
# load on the machine slows them all alike.
measure()
{
	local i
	for ((i = 0; i <= ITER; i++)); do
		time_one default "$SIXDOCKER" run --rm --network none busybox true
		time_one unconfined "$SIXDOCKER" run --rm --network none --security-opt seccomp=unconfined busybox true
		time_one cold sixd_cold
		time_one crun_filtered crun_run filtered
		time_one crun_plain crun_run plain
		[[ -z "$UNIFIED" ]] || time_one wrapper wrapper_only
		if ((i == 0)); then
			rm -f "$BASE"/times.*
		fi
	done
}

# A start whose program is compiled again: the cache emptied first (rm is a few
# hundred microseconds of the time, the compilation tens of milliseconds).
sixd_cold()
{
	rm -rf "$SIXDOCKER_DATA/seccomp"
	"$SIXDOCKER" run --rm --network none busybox true
}

crun_run()
{
	crun_w run --bundle "$BASE/$1" "$NAME" </dev/null
}

# The OCI seccomp section for Docker's default capabilities (none of those the
# profile's includes.caps names) on x86_64, from the Docker-format profile.
oci_seccomp()
{
	jq '{defaultAction, defaultErrnoRet,
	     architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
	     syscalls: [.syscalls[]
	                | select(((.includes.caps // []) | length) == 0)
	                | select(((.includes.arches // []) | length) == 0
	                         or ((.includes.arches // []) | index("amd64")) != null)
	                | del(.includes, .excludes, .comment)]}' "$PROFILE"
}

# Bundles $BASE/plain (no seccomp) and $BASE/filtered (the default profile).
setup_crun()
{
	local layer seccomp
	if ! command -v crun >/dev/null; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q crun >/dev/null ||
			die "cannot install crun"
	fi
	layer=$(find "$SIXDOCKER_DATA/layers" -mindepth 2 -maxdepth 2 -name diff | head -n 1)
	[[ -n "$layer" ]] || die "no layer of the default image under $SIXDOCKER_DATA/layers"
	mkdir -p "$BASE/plain"
	cp -a "$layer" "$BASE/plain/rootfs"
	(cd "$BASE/plain" && crun spec)
	jq '.process.terminal = false | .process.args = ["true"] | .root.readonly = false | .mounts |= map(select(.destination != "/sys/fs/cgroup"))' \
		"$BASE/plain/config.json" >"$BASE/plain/config.json.new"
	mv "$BASE/plain/config.json.new" "$BASE/plain/config.json"
	mkdir -p "$BASE/filtered"
	ln -s ../plain/rootfs "$BASE/filtered/rootfs"
	seccomp=$(oci_seccomp)
	jq --argjson s "$seccomp" '.linux.seccomp = $s' "$BASE/plain/config.json" \
		>"$BASE/filtered/config.json"
}

main()
{
	((EUID == 0)) || die "run as root"
	[[ -x "$SIXDOCKER" ]] || die "no sixdocker at $SIXDOCKER (bash scripts/build.sh)"
	command -v jq >/dev/null || die "needs jq"
	if [[ "$(stat -f -c %T /dev/shm 2>/dev/null)" == tmpfs ]]; then
		BASE=$(mktemp -d /dev/shm/sixd-bench.XXXXXX)
	else
		BASE=$(mktemp -d /var/tmp/sixd-bench.XXXXXX)
	fi
	trap cleanup EXIT
	export SIXDOCKER_ROOT=$BASE/run SIXDOCKER_DATA=$BASE/data
	"$SIXDOCKER" run --rm --network none busybox true >/dev/null # the default image, and the cache
	setup_crun
	measure
	printf 'start time, median of %d runs (%s, %s cpus)\n' "$ITER" "$(uname -r)" "$(nproc)"
	printf '  %-58s %8s ms\n' \
		"sixdocker run --rm busybox true (default seccomp, cached)" "$(median_ms default)" \
		"sixdocker run --rm --security-opt seccomp=unconfined" "$(median_ms unconfined)" \
		"sixdocker run --rm busybox true (compiled at each start)" "$(median_ms cold)" \
		"crun run (the same default profile)" "$(median_ms crun_filtered)" \
		"crun run (no seccomp)" "$(median_ms crun_plain)"
	if [[ -n "$UNIFIED" ]]; then
		printf '  (crun ran in a private mount namespace without %s: that wrapper alone takes %s ms of its time)\n' \
			"$UNIFIED" "$(median_ms wrapper)"
	fi
}

main "$@"
