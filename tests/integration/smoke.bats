#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The binary under test and the helpers themselves.

load helpers

@test "the binary under test exists and prints its version" {
	[[ -x "$SIXDOCKER" ]]
	run sixd --version
	assert_success
	assert_output_matches '^sixdocker version [0-9]+\.[0-9]+\.[0-9]+'
	assert_line_count 1
}

@test "--help prints usage on stdout and exits 0" {
	run --separate-stderr sixd --help
	assert_success
	assert_output_contains "Usage:"
	assert_output_contains "run"
	[[ -z "$stderr" ]] || sixd_fail "unexpected stderr"
}

@test "an unknown global flag exits 125 with one line on stderr" {
	run --separate-stderr sixd --no-such-flag
	assert_status 125
	assert_stderr_contains "no-such-flag"
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one stderr line"
	[[ -z "$output" ]] || sixd_fail "expected nothing on stdout"
}

@test "helpers: private roots on a filesystem that takes an overlay upper" {
	[[ "$SIXDOCKER_ROOT" == "$BATS_FILE_TMPDIR"/* || "$SIXDOCKER_ROOT" == /dev/shm/* ||
		"$SIXDOCKER_ROOT" == /var/tmp/* ]]
	[[ -d "$SIXDOCKER_ROOT" && -d "$SIXDOCKER_DATA" ]]
	run stat -f -c %T "$SIXDOCKER_DATA"
	assert_success
	assert_output_not_contains overlay
	[[ "$(sixd_name web)" =~ ^[a-zA-Z0-9][a-zA-Z0-9_.-]+$ ]]
	[[ "$(sixd_name web)" == "$SIXD_PREFIX-web" ]]
}

@test "helpers: run_in_pty gives the command a terminal and types the input" {
	run_in_pty -i $'hello\n' -- sh -c 'tty; read -r x; echo "got:$x"; exit 3'
	assert_status 3
	assert_output_contains "/dev/pts/"
	assert_output_contains "got:hello"
	assert_output_not_contains $'\r'
}

@test "helpers: sixd_teardown kills a record's processes and unmounts its data" {
	local id name rec pid start mnt
	id=$(printf '%064d' "$BATS_SUITE_TEST_NUMBER")
	name=$(sixd_name fake)
	rec=$SIXDOCKER_ROOT/$name
	mnt=$SIXDOCKER_DATA/containers/$id/merged
	mkdir -p "$rec" "$mnt"
	mount -t tmpfs sixd-smoke "$mnt"
	sleep 1000 3>&- &
	pid=$!
	start=$(sixd_pid_start "$pid")
	jq -n --arg id "$id" --arg name "$name" --argjson pid "$pid" --argjson start "$start" \
		'{id: $id, name: $name, pid: $pid, pid_start: $start, monitor_pid: 0,
		  monitor_start: 0}' >"$rec/config.json"

	sixd_teardown

	[[ ! -e "$rec" ]]
	[[ -z "$(sixd_mounts_under "$SIXDOCKER_DATA")" ]]
	run sixd_pid_start "$pid"
	assert_status 1
}

@test "helpers: sixd_teardown spares a pid whose start time does not match" {
	local name rec pid
	name=$(sixd_name reused)
	rec=$SIXDOCKER_ROOT/$name
	mkdir -p "$rec"
	sleep 1000 3>&- &
	pid=$!
	jq -n --argjson pid "$pid" \
		'{id: "x", pid: $pid, pid_start: 1, monitor_pid: 0, monitor_start: 0}' \
		>"$rec/config.json"
	sixd_teardown
	run sixd_pid_start "$pid"
	kill "$pid"
	assert_success
}

@test "helpers: sixd_teardown fails on a mount no record owns" {
	local mnt=$SIXDOCKER_DATA/containers/orphan/merged
	mkdir -p "$mnt"
	mount -t tmpfs sixd-smoke "$mnt"
	run sixd_teardown
	assert_status 1
	assert_output_contains "$mnt"
	[[ -z "$(sixd_mounts_under "$SIXDOCKER_DATA")" ]]
}

@test "helpers: a bare wait returns although bats' timeout watchdog runs" {
	local start=$SECONDS
	sleep 0.2 3>&- &
	wait
	((SECONDS - start < 5))
}

@test "helpers: sixd is a program: \$! of 'sixd ... &' is the engine itself" {
	local pid
	SIXDOCKER=/bin/sleep sixd 30 &
	pid=$!
	retry 5 grep -qx sleep "/proc/$pid/comm"
	kill "$pid"
	run_in_pty -- sixd --version
	assert_success
	assert_output_contains "sixdocker version"
}
