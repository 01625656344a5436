#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Default hardening of run: capabilities, no-new-privileges, masked and
# read-only /proc and /sys paths, each checked from inside a real container.

load helpers

DEFAULT_CAPS=00000000a80425fb

# The value of FIELD (CapEff, CapBnd, NoNewPrivs...) in OUTPUT of `grep ... /proc/self/status`.
field()
{
	awk -v f="$1:" '$1 == f { print $2 }' <<<"$output"
}

# Fail unless capability bit N is set (want=1) or clear (want=0) in hex mask MASK.
assert_cap_bit()
{
	local mask=$1 bit=$2 want=$3
	((((0x$mask >> bit) & 1) == want)) ||
		sixd_fail "capability bit $bit of $mask is not $want"
}

@test "security: root gets Docker's default set, no inheritable or ambient capabilities" {
	run sixd run --rm busybox grep Cap /proc/self/status
	assert_success
	[[ "$(field CapEff)" == "$DEFAULT_CAPS" ]] || sixd_fail "CapEff"
	[[ "$(field CapPrm)" == "$DEFAULT_CAPS" ]] || sixd_fail "CapPrm"
	[[ "$(field CapBnd)" == "$DEFAULT_CAPS" ]] || sixd_fail "CapBnd"
	[[ "$(field CapInh)" == 0000000000000000 ]] || sixd_fail "CapInh"
	[[ "$(field CapAmb)" == 0000000000000000 ]] || sixd_fail "CapAmb"
}

@test "security: a non-root user gets no capabilities" {
	run sixd run --rm -u nobody busybox grep Cap /proc/self/status
	assert_success
	[[ "$(field CapEff)" == 0000000000000000 ]] || sixd_fail "CapEff"
	[[ "$(field CapPrm)" == 0000000000000000 ]] || sixd_fail "CapPrm"
	[[ "$(field CapBnd)" == "$DEFAULT_CAPS" ]] || sixd_fail "CapBnd"
}

@test "security: --cap-drop ALL, --cap-add SYS_ADMIN, --cap-drop NET_RAW" {
	run sixd run --rm --cap-drop ALL busybox grep Cap /proc/self/status
	assert_success
	[[ "$(field CapEff)" == 0000000000000000 ]] || sixd_fail "CapEff with --cap-drop ALL"
	[[ "$(field CapBnd)" == 0000000000000000 ]] || sixd_fail "CapBnd with --cap-drop ALL"

	run sixd run --rm --cap-add sys_admin busybox grep Cap /proc/self/status
	assert_success
	assert_cap_bit "$(field CapEff)" 21 1
	assert_cap_bit "$(field CapBnd)" 21 1
	[[ "$(field CapEff)" == 00000000a82425fb ]] || sixd_fail "only SYS_ADMIN added"

	run sixd run --rm --cap-drop CAP_NET_RAW busybox grep Cap /proc/self/status
	assert_success
	assert_cap_bit "$(field CapEff)" 13 0
	assert_cap_bit "$(field CapBnd)" 13 0
	assert_cap_bit "$(field CapEff)" 0 1

	run sixd run --rm --cap-drop ALL --cap-add CHOWN busybox grep CapEff /proc/self/status
	assert_success
	[[ "$(field CapEff)" == 0000000000000001 ]] || sixd_fail "only CHOWN"
}

@test "security: without CAP_SYS_ADMIN mount fails; --cap-add SYS_ADMIN allows it" {
	run sixd run --rm busybox sh -c 'mkdir -p /m && mount -t tmpfs x /m'
	[[ "$status" -ne 0 ]] || sixd_fail "mount succeeded without CAP_SYS_ADMIN"
	run sixd run --rm --cap-add SYS_ADMIN busybox sh -c 'mkdir -p /m && mount -t tmpfs x /m'
	assert_success
}

@test "security: --privileged gets the host's bounding set and no masks" {
	local host_bnd
	host_bnd=$(awk '$1 == "CapBnd:" { print $2 }' /proc/self/status)
	run sixd run --rm --privileged busybox grep Cap /proc/self/status
	assert_success
	[[ "$(field CapBnd)" == "$host_bnd" ]] || sixd_fail "CapBnd is not the host's $host_bnd"
	[[ "$(field CapEff)" == "$host_bnd" ]] || sixd_fail "CapEff is not the host's $host_bnd"
	[[ "$(field CapInh)" == 0000000000000000 ]] || sixd_fail "CapInh"

	run sixd run --rm --privileged busybox sh -c \
		'wc -c </proc/interrupts; grep -c " /proc/sys " /proc/self/mountinfo'
	[[ "${lines[0]}" -gt 0 ]] || sixd_fail "/proc/interrupts is masked under --privileged"
	[[ "${lines[1]}" == 0 ]] || sixd_fail "/proc/sys is read-only under --privileged"
}

@test "security: masked paths read empty or are absent" {
	[[ -n "$(head -c 1 /proc/interrupts)" ]] || skip "the host's /proc/interrupts is empty"
	run sixd run --rm busybox sh -c '
		for p in /proc/acpi /proc/asound /proc/interrupts /proc/kcore /proc/keys \
			/proc/latency_stats /proc/sched_debug /proc/scsi /proc/timer_list \
			/proc/timer_stats /sys/firmware /sys/devices/virtual/powercap \
			/sys/devices/system/cpu/cpu*/thermal_throttle; do
			[ -e "$p" ] || continue
			if [ -d "$p" ]; then
				[ -z "$(ls -A "$p")" ] || echo "not empty: $p"
			else
				[ -z "$(cat "$p" 2>/dev/null)" ] || echo "not empty: $p"
			fi
		done
		echo masked'
	assert_success
	assert_output masked
	# the masks exist as mounts (and would catch a change of their paths)
	run sixd run --rm busybox sh -c 'wc -c </proc/interrupts; ls -A /sys/firmware | wc -l;
		grep -c -E " /proc/interrupts | /sys/firmware " /proc/self/mountinfo'
	assert_success
	[[ "${lines[0]}" == 0 ]] || sixd_fail "/proc/interrupts is not masked"
	[[ "${lines[1]}" == 0 ]] || sixd_fail "/sys/firmware is not masked"
	if [[ -d /sys/firmware ]]; then
		[[ "${lines[2]}" == 2 ]] || sixd_fail "expected 2 mask mounts"
	fi
}

@test "security: read-only /proc paths refuse writes" {
	run sixd run --rm busybox sh -c '
		echo sixd > /proc/sys/kernel/domainname && echo wrote domainname
		if [ -e /proc/sysrq-trigger ]; then echo > /proc/sysrq-trigger && echo wrote sysrq; fi
		for p in /proc/bus /proc/fs /proc/irq /proc/sys /proc/sysrq-trigger; do
			[ -e "$p" ] || continue
			grep -q " $p ro," /proc/self/mountinfo || echo "not read-only: $p"
		done
		echo done'
	assert_output_not_contains wrote
	assert_output_not_contains "not read-only"
	assert_output_contains "Read-only file system"
	# stdout and stderr travel in two pipes: "done" need not be the last line
	printf '%s\n' "${lines[@]}" | grep -qx done || sixd_fail "the script did not finish"
}

@test "security: --security-opt no-new-privileges sets NoNewPrivs" {
	run sixd run --rm busybox grep NoNewPrivs /proc/self/status
	assert_success
	[[ "$(field NoNewPrivs)" == 0 ]] || sixd_fail "NoNewPrivs set by default"
	run sixd run --rm --security-opt no-new-privileges busybox grep NoNewPrivs /proc/self/status
	assert_success
	[[ "$(field NoNewPrivs)" == 1 ]] || sixd_fail "NoNewPrivs not set"
}

@test "security: create and start keep the capabilities and options" {
	local name
	name=$(sixd_name)
	run sixd create --name "$name" --cap-drop ALL --cap-add KILL \
		--security-opt no-new-privileges busybox grep -E 'CapEff|NoNewPrivs' /proc/self/status
	assert_success
	run sixd start -a "$name"
	assert_success
	[[ "$(field CapEff)" == 0000000000000020 ]] || sixd_fail "CapEff is not KILL only"
	[[ "$(field NoNewPrivs)" == 1 ]] || sixd_fail "NoNewPrivs not kept"
	run jq -c '[.cap_add, .cap_drop, .security_opt, .privileged]' \
		"$SIXDOCKER_ROOT/$name/config.json"
	assert_output '[["KILL"],["ALL"],["no-new-privileges"],false]'
}

@test "security: a bad capability or --security-opt is one line, exit 125, nothing left" {
	run --separate-stderr sixd run --rm --cap-add NOT_A_CAP busybox true
	assert_status 125
	[[ "$(wc -l <<<"$stderr")" == 1 ]] || sixd_fail "more than one line on stderr"
	assert_stderr_contains "'NOT_A_CAP'"
	run --separate-stderr sixd run --rm --cap-drop 21 busybox true
	assert_status 125
	assert_stderr_contains "--cap-drop"
	run --separate-stderr sixd run --rm --security-opt seccomp=/nonexistent/x.json busybox true
	assert_status 125
	[[ "$(wc -l <<<"$stderr")" == 1 ]] || sixd_fail "more than one line on stderr"
	assert_stderr_contains "'/nonexistent/x.json'"
	run --separate-stderr sixd run --rm --security-opt label=disable busybox true
	assert_status 125
	assert_stderr_contains "'label=disable'"
	[[ -z "$(ls -A "$SIXDOCKER_ROOT")" ]] || sixd_fail "records left"
	[[ -z "$(ls -A "$SIXDOCKER_DATA/containers" 2>/dev/null)" ]] || sixd_fail "data left"
}
