#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker stop: the stop signal, then SIGKILL after the timeout.

load helpers

rec()
{
	jq -r "$2" "$SIXDOCKER_ROOT/$1/config.json"
}

@test "stop: SIGKILL after the timeout when the init ignores SIGTERM; exit 137 recorded" {
	local name
	name=$(sixd_name)
	sixd run -d --name "$name" busybox sleep 1000 >/dev/null
	run sixd stop -t 1 "$name"
	assert_success
	assert_output "$name"
	[[ "$(rec "$name" .status)" == exited ]]
	[[ "$(rec "$name" .exit_code)" == 137 ]]
	[[ -z "$(sixd_cgroup_dirs "$(rec "$name" .id)")" ]] || sixd_fail "cgroup left after stop"
}

@test "stop: a trapped SIGTERM ends the container with its own exit code" {
	local name
	name=$(sixd_name)
	sixd run -d --name "$name" busybox sh -c 'trap "exit 3" TERM; while :; do sleep 1; done' >/dev/null
	sleep 0.5 # let the shell install its trap
	run sixd stop -t 30 "$name"
	assert_success
	[[ "$(rec "$name" .exit_code)" == 3 ]]
}

@test "stop: --stop-signal and --stop-timeout given to run" {
	local name
	name=$(sixd_name)
	sixd run -d --name "$name" --stop-signal USR1 --stop-timeout 30 busybox \
		sh -c 'trap "exit 5" USR1; while :; do sleep 1; done' >/dev/null
	sleep 0.5
	run sixd stop "$name"
	assert_success
	[[ "$(rec "$name" .exit_code)" == 5 ]]
}

@test "stop: by id prefix; a stopped container is fine; unknown is 125 with one line" {
	local name id
	name=$(sixd_name)
	id=$(sixd run -d --name "$name" busybox sleep 1000)
	run sixd stop -t 0 "${id:0:8}"
	assert_success
	run sixd stop "$name"
	assert_success
	run --separate-stderr sixd stop no-such-container
	assert_status 125
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one line"
	assert_stderr_contains "no-such-container"
	run --separate-stderr sixd stop -t abc "$name"
	assert_status 125
}
