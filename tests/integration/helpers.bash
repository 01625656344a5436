# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# Shared helpers for the integration tests.  Every .bats file starts with
#
#   load helpers
#
# which gives it, unless the file defines its own (then call ours from yours):
#
#   setup_file     -> sixd_setup_file     private state/data roots for this file,
#                                         its own network namespace (the engine runs
#                                         in it), a snapshot of the host's mount table
#   setup          -> sixd_setup          a unique name prefix for this test ($SIXD_PREFIX)
#   teardown       -> sixd_teardown       force-remove every container the test left
#   teardown_file  -> sixd_teardown_file  remove the roots, end the network namespace, check
#                                         the mount table and the host's network are unchanged
#
# and:
#   sixd ARGS...                 run the sixdocker under test ($SIXDOCKER; bin/sixd)
#   sixd_name [SUFFIX]           a container name unique to this test
#   assert_status N              ...and the other assert_* below, over bats' run results
#   run_in_pty [OPTIONS] -- CMD  run CMD under a real pty (for run -ti)
#   retry SECONDS CMD...         run CMD until it succeeds, at most SECONDS seconds
#   sixd_in_netns CMD...         run CMD in the file's network namespace (clients, ip)
#
# Tests run as root against a private SIXDOCKER_ROOT / SIXDOCKER_DATA under the
# bats temporary directory, never the host's /var/run/sixdocker or /var/lib/sixdocker.
# Tests may use mount, umount, ip and friends themselves; only the engine may not
# leave anything behind.

bats_require_minimum_version 1.5.0

SIXD_REPO=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
SIXDOCKER=${SIXDOCKER:-$SIXD_REPO/build/sixdocker}
if [[ "$SIXDOCKER" != /* ]]; then
	SIXDOCKER=$(cd "${BATS_CWD:-$PWD}" && realpath -m "$SIXDOCKER")
fi
export SIXDOCKER SIXD_REPO

# `sixd ARGS...` runs $SIXDOCKER: bin/sixd, a program (not a function) so that
# `sixd ... &` gives the engine's pid in $! and script/timeout/xargs can run it.
if [[ ":$PATH:" != *":$SIXD_REPO/tests/integration/bin:"* ]]; then
	export PATH="$SIXD_REPO/tests/integration/bin:$PATH"
fi

# A container name unique to this test: "$SIXD_PREFIX" or "$SIXD_PREFIX-SUFFIX".
sixd_name()
{
	printf '%s\n' "${SIXD_PREFIX:?sixd_setup has not run}${1:+-$1}"
}

# ---------------------------------------------------------------------------
# setup and teardown

setup_file()
{
	sixd_setup_file
}

setup()
{
	sixd_setup
}

teardown()
{
	sixd_teardown
}

teardown_file()
{
	sixd_teardown_file
}

# The directory for this file's roots.  Overlay upper and work directories
# cannot live on overlayfs (nor on NFS or FUSE), so fall back to a tmpfs when
# the bats temporary directory is on one of those.
sixd_pick_base()
{
	local fs base
	fs=$(stat -f -c %T "$BATS_FILE_TMPDIR")
	case "$fs" in
	overlayfs | overlay | nfs | fuseblk | fuse | UNKNOWN*)
		if [[ "$(stat -f -c %T /dev/shm 2>/dev/null)" == tmpfs ]]; then
			base=$(mktemp -d /dev/shm/sixd-test.XXXXXX)
		else
			base=$(mktemp -d /var/tmp/sixd-test.XXXXXX)
		fi
		;;
	*)
		base=$BATS_FILE_TMPDIR/sixd
		mkdir -p "$base"
		;;
	esac
	realpath "$base"
}

# Call from setup_file: private roots for this file, and a snapshot of the mount table.
sixd_setup_file()
{
	if ((EUID != 0)); then
		skip "the integration tests need root"
	fi
	if [[ ! -x "$SIXDOCKER" ]]; then
		printf 'sixd_setup_file: no executable at SIXDOCKER=%s (bash scripts/build.sh)\n' \
			"$SIXDOCKER" >&2
		return 1
	fi
	SIXD_BASE=$(sixd_pick_base)
	export SIXD_BASE
	export SIXDOCKER_ROOT=$SIXD_BASE/run
	export SIXDOCKER_DATA=$SIXD_BASE/data
	mkdir -p "$SIXDOCKER_ROOT" "$SIXDOCKER_DATA"
	sixd_mount_snapshot >"$BATS_FILE_TMPDIR/mounts.before"
	"$SIXD_REPO/scripts/host-state.sh" network >"$BATS_FILE_TMPDIR/network.before"
	sixd_netns_create
}

# A network namespace for this test file, pinned by a holder process
# (`unshare --net sleep`: no mount under /run/netns), with lo up.  SIXDOCKER
# becomes bin/sixdocker-in-netns, which runs the engine (SIXD_ENGINE) inside it,
# so the bridges, veths and nft rules of every test live and die there.
sixd_netns_create()
{
	local pid host i
	host=$(readlink /proc/self/ns/net)
	unshare --net sleep infinity </dev/null >/dev/null 2>&1 3>&- &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		SIXD_NETNS_ID=$(readlink "/proc/$pid/ns/net" 2>/dev/null) || break
		[[ "$SIXD_NETNS_ID" == "$host" ]] || break
		sleep 0.02
	done
	if [[ -z "$SIXD_NETNS_ID" || "$SIXD_NETNS_ID" == "$host" ]]; then
		printf 'sixd_setup_file: cannot make a network namespace\n' >&2
		return 1
	fi
	export SIXD_NETNS_PID=$pid SIXD_NETNS_ID
	SIXD_NETNS_START=$(sixd_pid_start "$pid")
	export SIXD_NETNS_START
	sixd_in_netns ip link set lo up
	local wrapper=$SIXD_REPO/tests/integration/bin/sixdocker-in-netns
	if [[ "$SIXDOCKER" != "$wrapper" ]]; then
		export SIXD_ENGINE=$SIXDOCKER SIXDOCKER=$wrapper
	fi
}

# Run CMD ARGS... in this file's network namespace.
sixd_in_netns()
{
	[[ "$(readlink "/proc/${SIXD_NETNS_PID:?}/ns/net")" == "${SIXD_NETNS_ID:?}" ]] || {
		printf 'sixd_in_netns: the network namespace is gone\n' >&2
		return 1
	}
	nsenter --net="/proc/$SIXD_NETNS_PID/ns/net" "$@"
}

# End the holder of the file's network namespace: with the containers gone, the
# namespace and everything in it (links, addresses, routes, nft rules) goes too.
sixd_netns_delete()
{
	[[ -n "${SIXD_NETNS_PID:-}" ]] || return 0
	sixd_kill_verified "$SIXD_NETNS_PID" "${SIXD_NETNS_START:-}"
}

# Call from setup: the unique name prefix of this test.
sixd_setup()
{
	if [[ -z "${SIXDOCKER_ROOT:-}" || -z "${SIXDOCKER_DATA:-}" ]]; then
		printf 'sixd_setup: SIXDOCKER_ROOT/SIXDOCKER_DATA unset: call sixd_setup_file from setup_file\n' >&2
		return 1
	fi
	export SIXD_PREFIX="t${BATS_ROOT_PID}-${BATS_SUITE_TEST_NUMBER}"
}

# Call from teardown: force-remove everything the test made (processes, mounts,
# cgroups, records, container data).  Fails, after cleaning up, when a mount was
# left under the roots that belongs to no container record (a leak of the engine).
sixd_teardown()
{
	local rec rc=0
	local -a ids=() names=()

	[[ -n "${SIXDOCKER_ROOT:-}" && -d "$SIXDOCKER_ROOT" ]] || return 0
	for rec in "$SIXDOCKER_ROOT"/*/; do
		[[ -d "$rec" ]] || continue
		rec=${rec%/}
		names+=("${rec##*/}")
		sixd_force_stop_record "$rec" ids
	done
	sixd_check_orphan_mounts "${#names[@]}" "${names[@]}" "${ids[@]}" || rc=1
	sixd_umount_under "$SIXDOCKER_ROOT"
	sixd_umount_under "$SIXDOCKER_DATA/containers"
	for rec in "${ids[@]}"; do
		sixd_remove_cgroups "$rec"
	done
	rm -rf --one-file-system "${SIXDOCKER_ROOT:?}"/* "${SIXDOCKER_DATA:?}"/containers/*
	return "$rc"
}

# Call from teardown_file: clean up, remove the roots, and fail when the host's
# mount table differs from the one at setup_file.
sixd_teardown_file()
{
	local rc=0
	[[ -n "${SIXD_BASE:-}" ]] || return 0
	sixd_teardown || rc=1
	sixd_netns_delete
	sixd_umount_under "$SIXD_BASE"
	rm -rf --one-file-system "$SIXD_BASE"
	assert_mounts_unchanged || rc=1
	assert_network_unchanged || rc=1
	return "$rc"
}

# ---------------------------------------------------------------------------
# cleanup building blocks

# Start time (field 22 of /proc/PID/stat) of PID; fails when there is no such process.
sixd_pid_start()
{
	local stat rest
	local -a f
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	rest=${stat##*) } # the command name may hold spaces and parentheses
	read -r -a f <<<"$rest"
	printf '%s\n' "${f[19]}"
}

# SIGKILL PID, but only while its start time is still START (no pid reuse).
sixd_kill_verified()
{
	local pid=$1 start=$2 now
	[[ "$pid" =~ ^[0-9]+$ ]] && ((pid > 1)) || return 0
	[[ -n "$start" && "$start" != 0 ]] || return 0
	now=$(sixd_pid_start "$pid") || return 0
	if [[ "$now" == "$start" ]]; then
		kill -KILL "$pid" 2>/dev/null || true
		sixd_wait_pid_gone "$pid" "$start"
	fi
}

sixd_wait_pid_gone()
{
	local pid=$1 start=$2 i
	for ((i = 0; i < 50; i++)); do
		[[ "$(sixd_pid_start "$pid" 2>/dev/null)" == "$start" ]] || return 0
		sleep 0.1
	done
	printf 'sixd_teardown: pid %s survived SIGKILL\n' "$pid" >&2
}

# The cgroup directories of container ID in every hierarchy (v1 and v2).
sixd_cgroup_dirs()
{
	local id=$1 parent=${2:-sixdocker} d
	[[ -n "$id" ]] || return 0
	for d in "/sys/fs/cgroup/$parent/$id" /sys/fs/cgroup/*/"$parent/$id"; do
		# skip the cpu -> cpu,cpuacct style symlinks: each hierarchy once
		if [[ -d "$d" && ! -L "${d%/"$parent/$id"}" ]]; then
			printf '%s\n' "$d"
		fi
	done
}

# Write VALUE to the cgroup file FILE if it exists; errors are ignored.
sixd_write_knob()
{
	if [[ -f "$1" ]]; then
		{ printf '%s\n' "$2" >"$1"; } 2>/dev/null || true
	fi
}

# Thaw and SIGKILL every process in container ID's cgroups, then remove them.
sixd_remove_cgroups()
{
	local id=$1 parent=${2:-sixdocker} d f pid i
	local -a dirs
	mapfile -t dirs < <(sixd_cgroup_dirs "$id" "$parent")
	((${#dirs[@]})) || return 0
	for d in "${dirs[@]}"; do
		# a frozen (paused) task takes SIGKILL only once thawed
		sixd_write_knob "$d/freezer.state" THAWED
		sixd_write_knob "$d/cgroup.freeze" 0
		sixd_write_knob "$d/cgroup.kill" 1
	done
	for ((i = 0; i < 50; i++)); do
		local busy=0
		for d in "${dirs[@]}"; do
			while IFS= read -r f; do
				while read -r pid; do
					busy=1
					kill -KILL "$pid" 2>/dev/null || true
				done <"$f"
			done < <(find "$d" -name cgroup.procs 2>/dev/null)
		done
		((busy)) || break
		sleep 0.1
	done
	for d in "${dirs[@]}"; do
		find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null ||
			printf 'sixd_teardown: cannot remove cgroup %s\n' "$d" >&2
	done
	return 0
}

# Kill the processes of the container record in directory REC (monitor first,
# then init, then whatever is left in its cgroup) and append its id to the
# array named IDS_VAR.
sixd_force_stop_record()
{
	local rec=$1
	local -n ids_ref=$2
	local id pid pid_start mon mon_start parent
	[[ -f "$rec/config.json" ]] || return 0
	IFS=$'\t' read -r id pid pid_start mon mon_start parent < <(
		jq -r '[.id // "", .pid // 0, .pid_start // 0, .monitor_pid // 0,
			.monitor_start // 0, .cgroup_parent // "sixdocker"] | @tsv' \
			"$rec/config.json" 2>/dev/null
	) || true
	[[ -n "${id:-}" ]] || return 0
	ids_ref+=("$id")
	sixd_kill_verified "$mon" "$mon_start"
	sixd_kill_verified "$pid" "$pid_start"
	sixd_remove_cgroups "$id" "${parent:-sixdocker}"
}

# Mount points at or below DIR, deepest first, one per line.
sixd_mounts_under()
{
	local dir=${1%/} m
	[[ -n "$dir" ]] || return 0
	awk -v p="$dir" '$5 == p || index($5, p "/") == 1 { print $5 }' /proc/self/mountinfo |
		LC_ALL=C sort -r -u | while IFS= read -r m; do
		printf '%b\n' "$m" # mountinfo escapes blanks as \040 and the like
	done
}

# Lazily unmount everything at or below DIR (repeated for stacked mounts).
sixd_umount_under()
{
	local dir=$1 m i
	local -a mounts
	for ((i = 0; i < 10; i++)); do
		mapfile -t mounts < <(sixd_mounts_under "$dir")
		((${#mounts[@]})) || return 0
		for m in "${mounts[@]}"; do
			umount -l "$m" 2>/dev/null || true
		done
	done
	printf 'sixd_teardown: mounts left under %s:\n' "$dir" >&2
	sixd_mounts_under "$dir" >&2
}

# Mounts below the roots that belong to none of the records (given as: the
# number of names, the names, then the ids).  Waits a little, as a --rm
# container may still be cleaning up; prints and fails if some remain.
sixd_check_orphan_mounts()
{
	local n=$1 i m k known
	shift
	local -a names=("${@:1:n}") ids=("${@:n+1}") orphans
	for ((i = 0; i < 50; i++)); do
		orphans=()
		while IFS= read -r m; do
			[[ "$m" == "$SIXDOCKER_ROOT" || "$m" == "$SIXDOCKER_DATA" ]] && continue
			known=0
			for k in "${names[@]/#/$SIXDOCKER_ROOT/}" \
				"${ids[@]/#/$SIXDOCKER_DATA/containers/}"; do
				[[ "$m" == "$k" || "$m" == "$k"/* ]] && known=1
			done
			((known)) || orphans+=("$m")
		done < <(sixd_mounts_under "$SIXDOCKER_ROOT"; sixd_mounts_under "$SIXDOCKER_DATA")
		((${#orphans[@]})) || return 0
		sleep 0.1
	done
	printf 'sixd_teardown: mounts leaked by the engine (no container record owns them):\n' >&2
	printf '  %s\n' "${orphans[@]}" >&2
	return 1
}

# ---------------------------------------------------------------------------
# host state

# The host's mount points, sorted; those of other, concurrent test runs are left out.
sixd_mount_snapshot()
{
	SIXD_HOST_STATE_OWN="$BATS_RUN_TMPDIR:${SIXD_BASE:-}" "$SIXD_REPO/scripts/host-state.sh" mounts
}

# Fail, printing the difference, when the mount table differs from the snapshot
# taken by sixd_setup_file.
assert_mounts_unchanged()
{
	local before=$BATS_FILE_TMPDIR/mounts.before diff
	[[ -f "$before" ]] || return 0
	if ! diff=$(diff "$before" <(sixd_mount_snapshot)); then
		printf 'the host mount table changed during %s (< before, > after):\n%s\n' \
			"${BATS_TEST_FILENAME##*/}" "$diff" >&2
		return 1
	fi
}

# Fail, printing the difference, when the links, addresses, routes or nftables
# ruleset of the host's network namespace differ from those at sixd_setup_file.
assert_network_unchanged()
{
	local before=$BATS_FILE_TMPDIR/network.before diff
	[[ -f "$before" ]] || return 0
	if ! diff=$(diff "$before" <("$SIXD_REPO/scripts/host-state.sh" network)); then
		printf 'the host network changed during %s (< before, > after):\n%s\n' \
			"${BATS_TEST_FILENAME##*/}" "$diff" >&2
		return 1
	fi
}

# ---------------------------------------------------------------------------
# asserts over bats' $status, $output, $lines (and $stderr with run --separate-stderr)

sixd_fail()
{
	{
		printf '%s\n' "$@"
		printf -- '-- status: %s\n-- output:\n%s\n' "${status-}" "${output-}"
		if [[ -n "${stderr+set}" ]]; then
			printf -- '-- stderr:\n%s\n' "$stderr"
		fi
		printf -- '--\n'
	} >&2
	return 1
}

assert_status()
{
	[[ "${status-}" == "$1" ]] || sixd_fail "expected exit status $1, got ${status-unset}"
}

assert_success()
{
	assert_status 0
}

assert_output()
{
	[[ "${output-}" == "$1" ]] || sixd_fail "expected output to be exactly: $1"
}

assert_output_contains()
{
	[[ "${output-}" == *"$1"* ]] || sixd_fail "expected output to contain: $1"
}

assert_output_not_contains()
{
	[[ "${output-}" != *"$1"* ]] || sixd_fail "expected output not to contain: $1"
}

assert_output_matches()
{
	[[ "${output-}" =~ $1 ]] || sixd_fail "expected output to match the regex: $1"
}

assert_stderr_contains()
{
	[[ "${stderr-}" == *"$1"* ]] || sixd_fail "expected stderr to contain: $1"
}

assert_line_count()
{
	[[ "${#lines[@]}" == "$1" ]] || sixd_fail "expected $1 lines of output, got ${#lines[@]}"
}

# ---------------------------------------------------------------------------
# ptys and waiting

# run_in_pty [-i INPUT] [-d DELAY] [-t TIMEOUT] [--] CMD ARGS...
#
# bats' run, but with CMD on a real pty (script -qec CMD /dev/null): after
# DELAY seconds (default 0) INPUT is typed, then end of input (^D).  The whole
# run is killed after TIMEOUT seconds (default $SIXD_PTY_TIMEOUT or 60; status
# 124).  Sets $status, $output and $lines like run, with the pty's \r removed;
# the pty echoes the input typed, so it shows in $output too.
run_in_pty()
{
	local input='' delay=0 limit=${SIXD_PTY_TIMEOUT:-60} cmd
	while (($#)); do
		case "$1" in
		-i) input=$2 && shift 2 ;;
		-d) delay=$2 && shift 2 ;;
		-t) limit=$2 && shift 2 ;;
		--) shift && break ;;
		*) break ;;
		esac
	done
	cmd=$(printf '%q ' "$@")
	# shellcheck disable=SC2016 # expanded by the inner bash
	run bash -c '{ sleep "$1"; printf "%s" "$2"; } |
		timeout -k 5 "$3" script -qec "$4" /dev/null 3>&-' \
		run_in_pty "$delay" "$input" "$limit" "$cmd"
	output=${output//$'\r'/}
	if [[ -n "$output" ]]; then
		mapfile -t lines <<<"$output"
	else
		lines=()
	fi
}

# A bare `wait` in a test would also wait for the watchdog that bats starts in
# the test's shell when BATS_TEST_TIMEOUT is set (as scripts/test.sh does), and
# so always time out.  Without arguments, wait for the test's own jobs only.
wait()
{
	local pid
	if (($#)); then
		builtin wait "$@"
		return
	fi
	for pid in $(jobs -p); do
		if [[ "$pid" != "${BATS_killer_pid:-}" ]]; then
			builtin wait "$pid" || true
		fi
	done
}

# sixd_strace STRACE-ARGS... CMD...: CMD and its children under `strace -f` (output
# dropped), to inject faults (-e inject=...).  LeakSanitizer cannot work under ptrace
# and would turn the exit status into 1 in a sanitizer build: it is off there.
sixd_strace()
{
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -o /dev/null "$@"
}

# retry SECONDS CMD ARGS...: run CMD every 0.1 s until it succeeds; fail after SECONDS.
retry()
{
	local limit=$1 deadline
	shift
	deadline=$((SECONDS + limit))
	until "$@"; do
		if ((SECONDS >= deadline)); then
			printf 'retry: gave up after %ss: %s\n' "$limit" "$*" >&2
			return 1
		fi
		sleep 0.1
	done
}
