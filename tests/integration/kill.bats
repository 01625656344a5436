#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker kill: signals by name and number; never a reused pid.

load helpers

@test "kill: -s by name (USR1, SIGHUP) and by number (1), then the default SIGKILL" {
	local name log
	name=$(sixd_name)
	sixd run -d --name "$name" busybox sh -c \
		'trap "echo got-usr1" USR1; trap "echo got-hup" HUP; while :; do sleep 0.2; done' \
		>/dev/null
	sleep 0.5
	run sixd kill -s USR1 "$name"
	assert_success
	run sixd kill -s SIGHUP "$name"
	assert_success
	log=$(jq -r .log_path "$SIXDOCKER_ROOT/$name/config.json")
	retry 10 grep -q got-usr1 "$log"
	retry 10 grep -q got-hup "$log"
	run sixd kill -s 1 "$name"
	assert_success
	retry 10 bash -c "[[ \$(grep -c got-hup '$log') == 2 ]]"
	run sixd kill "$name"
	assert_success
	run sixd wait "$name"
	assert_output 137
	run --separate-stderr sixd kill -s NOSUCH "$name"
	assert_status 125
	assert_stderr_contains NOSUCH
	run --separate-stderr sixd kill "$name"
	assert_status 125
	assert_stderr_contains "not running"
}

@test "kill: a pid the kernel reused for another process is never signalled" {
	local name victim start
	name=$(sixd_name)
	sixd run -d --name "$name" busybox sleep 1000 >/dev/null
	sixd kill "$name" >/dev/null
	sixd wait "$name" >/dev/null
	# forge the record: status running, pid of an unrelated process, a start time that is not its
	sleep 1000 3>&- &
	victim=$!
	start=$(sixd_pid_start "$victim")
	jq --argjson p "$victim" --argjson s $((start + 1)) \
		'.status = "running" | .pid = $p | .pid_start = $s | .monitor_pid = 0' \
		"$SIXDOCKER_ROOT/$name/config.json" >"$BATS_TEST_TMPDIR/rec"
	cp "$BATS_TEST_TMPDIR/rec" "$SIXDOCKER_ROOT/$name/config.json"
	run sixd kill "$name"
	assert_status 125
	[[ "$(sixd_pid_start "$victim")" == "$start" ]] || sixd_fail "the unrelated process died"
	kill "$victim"
	# and the record was reconciled: exited, code unknown
	[[ "$(jq -r .status "$SIXDOCKER_ROOT/$name/config.json")" == exited ]]
	[[ "$(jq -r .exit_code "$SIXDOCKER_ROOT/$name/config.json")" == 255 ]]
}

@test "kill: SIGKILL of a detached monitor takes the container with it, recorded as 137" {
	local name mon pid start
	name=$(sixd_name)
	sixd run -d --name "$name" busybox sleep 1000 >/dev/null
	mon=$(jq -r .monitor_pid "$SIXDOCKER_ROOT/$name/config.json")
	pid=$(jq -r .pid "$SIXDOCKER_ROOT/$name/config.json")
	start=$(jq -r .pid_start "$SIXDOCKER_ROOT/$name/config.json")
	kill -KILL "$mon"
	retry 10 bash -c "[[ \$(awk '{print \$3}' /proc/$pid/stat 2>/dev/null) != S ]]"
	run sixd wait "$name"
	assert_success
	assert_output 137
	[[ "$(jq -r .status "$SIXDOCKER_ROOT/$name/config.json")" == exited ]]
	[[ "$(sixd_pid_start "$pid" 2>/dev/null)" != "$start" ]] ||
		[[ "$(awk '{print $3}' "/proc/$pid/stat")" == Z ]] || sixd_fail "the init survived"
}
