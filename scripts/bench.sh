#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker against its peers on this machine, in one run:
#
#   run    sixdocker run --rm busybox /bin/true     vs  crun run (with and without a
#          seccomp filter), runc run, podman run --rm --network=none
#   exec   sixdocker exec C /bin/true               vs  crun exec, nsenter -t PID -a
#   50 containers started in parallel (wall time / 50) by sixdocker and by crun
#   peak RSS: the largest process on each tool's run path (getrusage of the
#          waited children, GNU time's %M: for sixdocker the CLI, its monitor and
#          the container init; for crun crun itself and its init)
#
#   sudo bash scripts/bench.sh [--quick] [--journal]
#       --quick    (or BENCH_QUICK=1) a few iterations: what CI runs to prove the
#                  script works
#       --journal  data roots and bundles on a fresh ext4 with a journal (an image
#                  file under TMPDIR, loop-mounted in the benchmark's namespace), the
#                  usual file system of a host, whatever TMPDIR is on
#
# The tools take turns within each round, in a new random order each round,
# so a slow spell of a shared machine hits them alike.  Each steady-state sample
# is the second of two runs in a row of the same tool (no tool inherits the
# kernel state another leaves: the first cgroup migration after a pause waits
# for an RCU grace period); run and exec are also timed cold, after a pause.
# Each row is the median of its rounds, with its ratio to `crun run` (run
# rows) or `crun exec` (exec rows), and the mean CPU time (user + system) of a
# sample: the tool's and that of every process it waited for (what the 50
# parallel starts compete for on a small machine; podman's conmon is not
# waited for, so podman's row has none).  Every tool runs the same
# rootfs (the default busybox image's layer): sixdocker from its image store,
# crun and runc as an OCI bundle (`crun spec`: no terminal, a network namespace,
# a writable root), podman after `podman import` of that rootfs into a private
# store (cgroupfs, file events, nofile/nproc ulimits like Docker's).
#
# The benchmark runs in a private mount and network namespace (the host's mounts
# and network are untouched) where the tools keep their state on a tmpfs of its own, as they do
# under /run by default (sixdocker --root, crun and runc --root, podman's
# runroot); images and bundles live under TMPDIR.  On a hybrid cgroup host
# (controllers on the cgroup2 tree) crun refuses to run: there the cgroup2 tree
# is replaced by an empty tmpfs, so every tool sees the same v1 layout.  Needs
# root; installs crun, runc and podman from apt when missing.  Everything it
# makes (containers, bundles, podman storage, cgroups, mounts, the temporary
# directory) is removed at the end, also on failure.  Speed is never asserted:
# the exit status only says the script worked.
#
# DATA ROOT: for each container sixdocker makes and removes its directory with
# the overlay's upper and work directories in its data root (the kernel adds
# work/work, and for --rm the mark of a volatile mount), and overlayfs probes the
# upper file system at each mount; crun and runc make none (their bundle exists
# already).  On some file systems that is most of the difference: ext4 without
# a journal (the VM of the README) frees each directory's block with a
# synchronous discard when mounted with -o discard, and scans past every inode
# deleted in the last minutes for each new one.  So sixdocker is also timed with
# its data root on a tmpfs, and --journal runs everything on a journaled ext4.
#
# Environment: SIXDOCKER (default build/sixdocker), BENCH_ITER (rounds, default
# 30; quick 3), BENCH_PARALLEL (containers started at once, default 50; quick 5).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIXDOCKER=${SIXDOCKER:-$REPO/build/sixdocker}
QUICK=${BENCH_QUICK:-0}
JOURNAL=0
for arg in "$@"; do
	case $arg in
	--quick) QUICK=1 ;;
	--journal) JOURNAL=1 ;;
	*)
		printf 'usage: %s [--quick] [--journal]\n' "$0" >&2
		exit 2
		;;
	esac
done
if [[ "$QUICK" == 1 ]]; then
	ITER=${BENCH_ITER:-3}
	PARALLEL=${BENCH_PARALLEL:-5}
else
	ITER=${BENCH_ITER:-30}
	PARALLEL=${BENCH_PARALLEL:-50}
fi
UNIFIED=/sys/fs/cgroup/unified
HYBRID=
STATE= # the tools' state roots: a tmpfs, as /run is on most hosts
TAG=bench$$
OUTER= # the temporary directory; BASE (everything else) is it or, with --journal, in it
BASE=
SEQ=0
T_US=0
SIXD_RUN=()    # sixdocker run's options besides --rm
SIXD_UNCONF=() # the same without seccomp, when the binary knows the option
EXEC_PID=
CREATED_PARENTS=() # cgroup parents made by this run (podman's, sixdocker's), removed at the end

die()
{
	printf 'bench: %s\n' "$*" >&2
	exit 1
}

note()
{
	printf 'bench: %s\n' "$*" >&2
}

# --- the private mount namespace on hybrid hosts -------------------------------

hybrid()
{
	[[ -n "$(cat "$UNIFIED/cgroup.controllers" 2>/dev/null)" ]]
}

enter_namespace()
{
	if [[ -z "${SIXD_BENCH_NS:-}" ]]; then
		exec unshare -m -n --propagation private env SIXD_BENCH_NS=1 bash "$0" "$@"
	fi
	# podman and its image library write /var/lib/containers/cache and
	# /run/containers whatever its private configuration says: in this namespace
	# both parents are empty tmpfs, so the host's stay untouched
	mount -t tmpfs -o size=64m,mode=0755 sixd-bench-varlib /var/lib
	mount -t tmpfs -o size=64m,mode=0755 sixd-bench-run /run
	if hybrid; then
		HYBRID=1
		umount -l "$UNIFIED"
		mount -t tmpfs -o size=64m,mode=0755 sixd-bench "$UNIFIED" # crun leaves a directory per container here
	fi
}

# --- setup -------------------------------------------------------------------

install_missing()
{
	local -a missing=()
	local t
	for t in crun runc podman; do
		command -v "$t" >/dev/null || missing+=("$t")
	done
	((${#missing[@]})) || return 0
	note "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
		"${missing[@]}" >/dev/null || die "cannot install ${missing[*]}"
}

# sixdocker's options: --network none and seccomp=unconfined only when this binary has them.
probe_sixdocker()
{
	if "$SIXDOCKER" run --help 2>&1 | grep -q -- '--network'; then
		SIXD_RUN+=(--network none)
	fi
	"$SIXDOCKER" run --rm "${SIXD_RUN[@]}" busybox /bin/true ||
		die "sixdocker run --rm busybox /bin/true failed"
	if "$SIXDOCKER" run --rm "${SIXD_RUN[@]}" --security-opt seccomp=unconfined busybox \
		/bin/true >/dev/null 2>&1; then
		SIXD_UNCONF=("${SIXD_RUN[@]}" --security-opt seccomp=unconfined)
	fi
}

# Docker's default seccomp profile (containers-common's copy) as OCI config for x86_64.
seccomp_json()
{
	local profile=/usr/share/containers/seccomp.json
	[[ -r "$profile" ]] || die "no seccomp profile at $profile (package golang-github-containers-common)"
	jq '{defaultAction, defaultErrnoRet: (.defaultErrnoRet // 1),
	     architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
	     syscalls: [.syscalls[]
		| select((.includes.arches // ["amd64"]) | index("amd64"))
		| select((.includes.caps // []) | length == 0)
		| select((.excludes.arches // []) | index("amd64") | not)
		| {names, action, args: (.args // [])}
		  + (if .errnoRet then {errnoRet} else {} end)]}' "$profile"
}

# bundle NAME ARGS_JSON [SECCOMP_FILE]: an OCI bundle over the shared rootfs.
make_bundle()
{
	local dir=$BASE/$1 args=$2 seccomp=${3:-}
	mkdir -p "$dir"
	(cd "$dir" && crun spec)
	jq --argjson args "$args" --slurpfile sc "${seccomp:-/dev/null}" \
		'.process.terminal = false | .process.args = $args | .root.readonly = false
		 | .root.path = "'"$BASE"'/rootfs"
		 | if (.linux.namespaces | map(.type) | index("network")) then .
		   else .linux.namespaces += [{"type": "network"}] end
		 | if ($sc | length) > 0 then .linux.seccomp = $sc[0] else . end' \
		"$dir/config.json" >"$dir/config.json.new"
	mv "$dir/config.json.new" "$dir/config.json"
}

setup_bundles()
{
	local layer
	layer=$(find "$SIXDOCKER_DATA/layers" -mindepth 2 -maxdepth 2 -name diff | head -n 1)
	[[ -n "$layer" ]] || die "no layer of the default image under $SIXDOCKER_DATA/layers"
	cp -a "$layer" "$BASE/rootfs"
	# the same image store on the state tmpfs, for the "data root on a tmpfs" rows
	mkdir -p "$STATE/data"
	cp -a "$SIXDOCKER_DATA/layers" "$SIXDOCKER_DATA/images" "$SIXDOCKER_DATA/repositories.json" \
		"$STATE/data/"
	seccomp_json >"$BASE/seccomp.json"
	make_bundle plain '["/bin/true"]'
	make_bundle seccomp '["/bin/true"]' "$BASE/seccomp.json"
	make_bundle sleeper '["/bin/sleep", "100000"]'
	mkdir -p "$STATE/crun" "$STATE/runc"
}

# podman with a private configuration and store, never the host's.
setup_podman()
{
	local p=$BASE/podman c
	mkdir -p "$p/root" "$p/run" "$p/tmp" "$p/networks"
	cat >"$p/storage.conf" <<-EOF
		[storage]
		driver = "overlay"
		graphroot = "$p/root"
		runroot = "$STATE/podman"
	EOF
	cat >"$p/containers.conf" <<-EOF
		[containers]
		default_ulimits = ["nofile=1024:1024", "nproc=32768:32768"]

		[engine]
		cgroup_manager = "cgroupfs"
		events_logger = "file"
		events_logfile_path = "$p/events.log"
		tmp_dir = "$p/tmp"

		[network]
		network_config_dir = "$p/networks"
	EOF
	export CONTAINERS_CONF=$p/containers.conf CONTAINERS_STORAGE_CONF=$p/storage.conf
	note_new_parents libpod_parent
	tar -C "$BASE/rootfs" -c . | podman import -q - "localhost/$TAG:latest" >/dev/null ||
		die "podman import failed"
	podman run --rm --network=none "localhost/$TAG:latest" /bin/true ||
		die "podman run failed"
}

setup_exec()
{
	"$SIXDOCKER" run -d --name "$TAG-exec" "${SIXD_RUN[@]}" busybox /bin/sleep 100000 >/dev/null
	EXEC_PID=$(jq -r .pid "$SIXDOCKER_ROOT/$TAG-exec/config.json")
	[[ "$EXEC_PID" =~ ^[0-9]+$ ]] || die "no pid for the sixdocker exec container"
	crun --root "$STATE/crun" --cgroup-manager=cgroupfs run -d --bundle "$BASE/sleeper" \
		"$TAG-exec" </dev/null >/dev/null
}

# --- one measurement per call ------------------------------------------------

# C_US = the CPU time (user + system, microseconds) of this shell's waited-for
# children so far: getrusage through the `times` builtin (ms precision).  No
# command substitution: its subshell would be a waited-for child, counted in
# the next sample.
children_cpu()
{
	local children u sys
	times >"$BASE/times"
	{
		read -r _ # the shell's own times
		read -r children
	} <"$BASE/times"
	read -r u sys <<<"$children"
	to_us "$u"
	C_US=$US
	to_us "$sys"
	C_US=$((C_US + US))
}

# to_us 1m2.345s: US=62345000
to_us()
{
	local m=${1%%m*} s=${1#*m}
	s=${s%s}
	US=$((m * 60000000 + 10#${s%.*} * 1000000 + 10#${s#*.} * 1000))
}

# timed CMD...: T_US = the wall time of CMD in microseconds (no fork for the clock),
# T_CPU = the CPU time of CMD and of every process it waited for, in microseconds.
timed()
{
	local t0 t1 c0
	children_cpu
	c0=$C_US
	t0=${EPOCHREALTIME/./}
	"$@" </dev/null >/dev/null 2>"$BASE/last.err" || {
		cat "$BASE/last.err" >&2
		die "failed: $*"
	}
	t1=${EPOCHREALTIME/./}
	T_US=$((t1 - t0))
	children_cpu
	T_CPU=$((C_US - c0))
}

# sample NAME: keep the last call's wall time and CPU time as a sample of NAME.
declare -A CPU RUNS
sample()
{
	printf '%s\n' "$T_US" >>"$BASE/samples.$1"
	CPU[$1]=$((${CPU[$1]:-0} + T_CPU))
	RUNS[$1]=$((${RUNS[$1]:-0} + 1))
}

# cpu_ms NAME [PER]: the mean CPU time of NAME's samples (divided by PER), in ms.
cpu_ms()
{
	awk -v t="${CPU[$1]:-0}" -v n="${RUNS[$1]:-0}" -v per="${2:-1}" \
		'BEGIN { if (n > 0) printf "%.1f ms", t / 1000 / n / per; else print "-" }'
}

run_sixd() { "$SIXDOCKER" run --rm "${SIXD_RUN[@]}" busybox /bin/true; }
run_sixd_unconf() { "$SIXDOCKER" run --rm "${SIXD_UNCONF[@]}" busybox /bin/true; }
run_sixd_tmpfs() { SIXDOCKER_DATA=$STATE/data "$SIXDOCKER" run --rm "${SIXD_RUN[@]}" busybox /bin/true; }
run_crun() { crun --root "$STATE/crun" --cgroup-manager=cgroupfs run --bundle "$BASE/plain" "$TAG-$((SEQ++))"; }
run_crun_seccomp() { crun --root "$STATE/crun" --cgroup-manager=cgroupfs run --bundle "$BASE/seccomp" "$TAG-$((SEQ++))"; }
run_runc() { runc --root "$STATE/runc" run --bundle "$BASE/plain" "$TAG-$((SEQ++))"; }
run_podman() { podman run --rm --network=none "localhost/$TAG:latest" /bin/true; }
exec_sixd() { "$SIXDOCKER" exec "$TAG-exec" /bin/true; }
exec_crun() { crun --root "$STATE/crun" exec "$TAG-exec" /bin/true; }
exec_nsenter() { nsenter -t "$EXEC_PID" -a /bin/true; }

parallel_sixd()
{
	local i
	for ((i = 0; i < PARALLEL; i++)); do
		"$SIXDOCKER" run --rm "${SIXD_RUN[@]}" busybox /bin/true &
	done
	wait_all
}

parallel_sixd_tmpfs()
{
	local i
	for ((i = 0; i < PARALLEL; i++)); do
		SIXDOCKER_DATA=$STATE/data "$SIXDOCKER" run --rm "${SIXD_RUN[@]}" busybox /bin/true &
	done
	wait_all
}

parallel_crun()
{
	local i
	for ((i = 0; i < PARALLEL; i++)); do
		crun --root "$STATE/crun" --cgroup-manager=cgroupfs run --bundle "$BASE/plain" \
			"$TAG-p$SEQ-$i" &
	done
	SEQ=$((SEQ + 1))
	wait_all
}

wait_all()
{
	local rc=0 pid
	for pid in $(jobs -p); do
		wait "$pid" || rc=1
	done
	return "$rc"
}

# rss_kb CMD...: the peak RSS (KiB) of the largest waited-for process of CMD.
rss_kb()
{
	/usr/bin/time -f %M -o "$BASE/rss" "$@" </dev/null >/dev/null 2>&1 || die "failed: $*"
	cat "$BASE/rss"
}

# --- rounds and results --------------------------------------------------------

ROWS=()
declare -A GROUP LABEL

row()
{
	ROWS+=("$1")
	GROUP[$1]=$2
	LABEL[$1]=$3
	: >"$BASE/samples.$1"
}

define_rows()
{
	local net=
	((${#SIXD_RUN[@]})) && net=" ${SIXD_RUN[*]}"
	row run_sixd run "sixdocker run --rm$net busybox /bin/true"
	if ((${#SIXD_UNCONF[@]})); then
		row run_sixd_unconf run "  ... --security-opt seccomp=unconfined"
	fi
	row run_sixd_tmpfs run "  ... with its data root on a tmpfs"
	row run_crun run "crun run (no seccomp)"
	row run_crun_seccomp run "crun run (Docker's default seccomp profile)"
	row run_runc run "runc run (no seccomp)"
	row run_podman run "podman run --rm --network=none"
	row exec_sixd exec "sixdocker exec C /bin/true"
	row exec_crun exec "crun exec C /bin/true"
	row exec_nsenter exec "nsenter -t PID -a /bin/true"
}

rounds()
{
	local i r
	for r in "${ROWS[@]}"; do # warm-up: caches, the podman image, lazy setup
		timed "$r"
	done
	# Steady state: each sample is the second of two runs in a row of one tool,
	# so no tool inherits another's kernel state (the first cgroup migration after
	# a pause waits for an RCU grace period, later ones do not); a new order of
	# the tools each round.
	for ((i = 0; i < ITER; i++)); do
		for r in $(printf '%s\n' "${ROWS[@]}" | shuf); do
			timed "$r"
			timed "$r"
			sample "$r"
		done
	done
}

# Cold: one run after COLD_PAUSE of idle, as a single command typed at a shell.
COLD_ROWS=(run_sixd run_crun exec_sixd exec_crun)
COLD_PAUSE=0.25
cold_rounds()
{
	local i r n=$(((ITER + 1) / 2))
	for r in "${COLD_ROWS[@]}"; do
		: >"$BASE/samples.cold_$r"
	done
	for ((i = 0; i < n; i++)); do
		for r in $(printf '%s\n' "${COLD_ROWS[@]}" | shuf); do
			sleep "$COLD_PAUSE"
			timed "$r"
			sample "cold_$r"
		done
	done
}

cold_report()
{
	local r m base
	for r in "${COLD_ROWS[@]}"; do
		m=$(median_ms "$BASE/samples.cold_$r")
		base=$(median_ms "$BASE/samples.cold_${GROUP[$r]}_crun")
		printf '| %s, after %s s idle | %s ms | %s | %s |\n' "${LABEL[$r]}" "$COLD_PAUSE" "$m" \
			"$(ratio "$m" "$base")" "$(cpu_ms "cold_$r")"
	done
}

median_ms()
{
	sort -n "$1" | awk '{ v[NR] = $1 }
		END { if (NR == 0) { print "-"; exit }
		      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%.2f", m / 1000 }'
}

ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "-" }'
}

parallel_rounds()
{
	local i n=15 r
	((QUICK == 1)) && n=1
	: >"$BASE/samples.parallel_sixd"
	: >"$BASE/samples.parallel_sixd_tmpfs"
	: >"$BASE/samples.parallel_crun"
	for ((i = 0; i < n; i++)); do
		for r in $(printf '%s\n' parallel_sixd parallel_sixd_tmpfs parallel_crun | shuf); do
			timed "$r"
			T_US=$((T_US / PARALLEL))
			sample "$r"
		done
	done
}

# The file system of the data roots and bundles (TMPDIR), and whether ext4 keeps a journal.
data_fs()
{
	local fstype src opts where="${TMPDIR:-/tmp}" journal=
	fstype=$(findmnt -n -o FSTYPE -T "$BASE")
	src=$(findmnt -n -o SOURCE -T "$BASE")
	opts=$(findmnt -n -o OPTIONS -T "$BASE")
	((JOURNAL == 0)) || where="an image file under ${TMPDIR:-/tmp} (--journal)"
	if [[ "$fstype" == ext4 ]]; then
		if compgen -G "/proc/fs/jbd2/${src##*/}-*" >/dev/null; then
			journal=", with a journal"
		else
			journal=", without a journal"
		fi
		[[ ",$opts," == *,discard,* ]] && journal+=", -o discard"
	fi
	printf 'data roots and bundles on %s: %s on %s%s; state on a tmpfs\n' \
		"$where" "$fstype" "$src" "$journal"
}

machine()
{
	local cpu layout
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	if [[ "$(stat -f -c %T /sys/fs/cgroup)" == cgroup2fs ]]; then
		layout="cgroup v2"
	elif [[ -n "$HYBRID" ]]; then
		layout="hybrid (v1 controllers + a cgroup2 tree with controllers; run without the cgroup2 tree)"
	else
		layout="cgroup v1"
	fi
	printf 'machine: %s, %s CPUs (%s), %s MiB RAM, Linux %s, %s\n' "$(uname -m)" "$(nproc)" \
		"${cpu:-unknown CPU}" "$(($(awk '/^MemTotal/ { print $2 }' /proc/meminfo) / 1024))" \
		"$(uname -r)" "$layout"
	printf 'files: %s\n' "$(data_fs)"
	printf 'tools: sixdocker %s (%s), crun %s, runc %s, podman %s\n' \
		"$("$SIXDOCKER" --version | awk '{ print $NF }')" "$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '?')" \
		"$(crun --version | awk 'NR == 1 { print $3 }')" "$(runc --version | awk 'NR == 1 { print $3 }')" \
		"$(podman --version | awk '{ print $3 }')"
}

report()
{
	local r m base run_base exec_base sixd_rss crun_rss cpu
	run_base=$(median_ms "$BASE/samples.run_crun")
	exec_base=$(median_ms "$BASE/samples.exec_crun")
	printf '\nsixdocker benchmark, %s, %d rounds (tools alternating, steady state), %d cold\n' \
		"$(date -u '+%Y-%m-%d %H:%M UTC')" "$ITER" "$(((ITER + 1) / 2))"
	machine
	printf '\n| what | median | vs crun | CPU per run |\n| --- | ---: | ---: | ---: |\n'
	for r in "${ROWS[@]}"; do
		m=$(median_ms "$BASE/samples.$r")
		base=$run_base
		[[ "${GROUP[$r]}" == exec ]] && base=$exec_base
		cpu=$(cpu_ms "$r")
		[[ "$r" == run_podman ]] && cpu="n/a (conmon)"
		printf '| %s | %s ms | %s | %s |\n' "${LABEL[$r]}" "$m" "$(ratio "$m" "$base")" "$cpu"
	done
	cold_report
	m=$(median_ms "$BASE/samples.parallel_sixd")
	base=$(median_ms "$BASE/samples.parallel_crun")
	printf '| %d × sixdocker run in parallel, per container | %s ms | %s | %s |\n' "$PARALLEL" "$m" \
		"$(ratio "$m" "$base")" "$(cpu_ms parallel_sixd "$PARALLEL")"
	m=$(median_ms "$BASE/samples.parallel_sixd_tmpfs")
	printf '|   ... with its data root on a tmpfs | %s ms | %s | %s |\n' "$m" "$(ratio "$m" "$base")" \
		"$(cpu_ms parallel_sixd_tmpfs "$PARALLEL")"
	printf '| %d × crun run in parallel, per container | %s ms | 1.00× | %s |\n' "$PARALLEL" "$base" \
		"$(cpu_ms parallel_crun "$PARALLEL")"
	sixd_rss=$(rss_kb "$SIXDOCKER" run --rm "${SIXD_RUN[@]}" busybox /bin/true)
	crun_rss=$(rss_kb crun --root "$STATE/crun" --cgroup-manager=cgroupfs run --bundle "$BASE/plain" "$TAG-rss")
	printf '| peak RSS, sixdocker run (largest of CLI, monitor, init) | %s KiB | %s | |\n' \
		"$sixd_rss" "$(ratio "$sixd_rss" "$crun_rss")"
	printf '| peak RSS, crun run (largest of crun, init) | %s KiB | 1.00× | |\n' "$crun_rss"
}

# --- cleanup -------------------------------------------------------------------

cleanup_runtime()
{
	local tool=$1 id
	for id in $("$tool" --root "$STATE/$tool" list -q 2>/dev/null); do
		"$tool" --root "$STATE/$tool" kill "$id" KILL 2>/dev/null
		"$tool" --root "$STATE/$tool" delete -f "$id" 2>/dev/null
	done
}

cleanup()
{
	local rc=$? c
	set +e
	[[ -n "$OUTER" ]] || exit "$rc"
	if [[ -n "${SIXDOCKER_ROOT:-}" && -d "$SIXDOCKER_ROOT" ]]; then
		"$SIXDOCKER" ps -aq 2>/dev/null | xargs -r "$SIXDOCKER" rm -f >/dev/null 2>&1
	fi
	if [[ -n "$STATE" ]]; then
		cleanup_runtime crun
		cleanup_runtime runc
	fi
	if [[ -n "${CONTAINERS_CONF:-}" ]]; then
		podman rm -af >/dev/null 2>&1
		podman rmi -af >/dev/null 2>&1
		podman system reset -f >/dev/null 2>&1
	fi
	# the cgroup parents this run made and what is below them (conmon's), deepest first
	for c in "${CREATED_PARENTS[@]}"; do
		[[ -d "$c" ]] && find "$c" -depth -type d -exec rmdir {} + 2>/dev/null
	done
	awk -v b="$OUTER/" 'index($5, b) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
		while IFS= read -r m; do umount -l "$m"; done
	rm -rf --one-file-system "$OUTER"
	exit "$rc"
}

# note_new_parents NAME: the /sys/fs/cgroup/*/NAME that do not exist yet, for cleanup.
note_new_parents()
{
	local c
	for c in /sys/fs/cgroup/*/; do
		[[ -d "$c$1" ]] || CREATED_PARENTS+=("$c$1")
	done
}

# --journal: BASE on a new ext4 (with its default journal) in an image under OUTER,
# loop-mounted here (the loop device goes with the mount: autoclear).
journal_fs()
{
	truncate -s 4G "$OUTER/fs.img"
	mkfs.ext4 -q -F "$OUTER/fs.img" || die "cannot make an ext4 image"
	mkdir "$OUTER/fs"
	mount -o loop "$OUTER/fs.img" "$OUTER/fs" || die "cannot mount the ext4 image"
	BASE=$OUTER/fs
}

main()
{
	((EUID == 0)) || die "run as root"
	[[ -x "$SIXDOCKER" ]] || die "no sixdocker at $SIXDOCKER (bash scripts/build.sh)"
	[[ -n "${SIXD_BENCH_NS:-}" ]] || install_missing
	enter_namespace "$@"
	OUTER=$(mktemp -d "${TMPDIR:-/tmp}/sixd-bench.XXXXXX")
	BASE=$OUTER
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	((JOURNAL == 0)) || journal_fs
	STATE=$BASE/state
	mkdir -p "$STATE"
	mount -t tmpfs -o mode=0755 sixd-bench-state "$STATE"
	export SIXDOCKER_ROOT=$STATE/sixdocker SIXDOCKER_DATA=$BASE/sixd-data
	note_new_parents sixdocker # the engine keeps its parent, as Docker does: not on this host
	probe_sixdocker
	setup_bundles
	setup_podman
	setup_exec
	define_rows
	rounds
	cold_rounds
	parallel_rounds
	report
}

main "$@"
