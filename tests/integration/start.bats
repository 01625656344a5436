#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker create, start and restart: the same rootfs and record, started again.

load helpers

@test "create: a container that exists but has not started" {
	local name id
	name=$(sixd_name)
	run sixd create --name "$name" -e GREETING=hi busybox sh -c 'echo $GREETING'
	assert_success
	id=$output
	[[ "$id" =~ ^[0-9a-f]{64}$ ]] || sixd_fail "create did not print an id"
	[[ "$(jq -r .status "$SIXDOCKER_ROOT/$name/config.json")" == created ]]
	[[ -z "$(sixd_cgroup_dirs "$id")" ]] || sixd_fail "a created container has a cgroup"
	run --separate-stderr sixd create --name "$name" busybox true
	assert_status 125
	assert_stderr_contains "already in use"
	run --separate-stderr sixd create --bogus busybox true
	assert_status 125
}

@test "start: -a runs a created container attached, with its exit code" {
	local name
	name=$(sixd_name)
	sixd create --name "$name" -e GREETING=hi busybox sh -c 'echo $GREETING; exit 4' >/dev/null
	run sixd start -a "$name"
	assert_status 4
	assert_output hi
	[[ "$(jq -r .status "$SIXDOCKER_ROOT/$name/config.json")" == exited ]]
	[[ "$(jq -r .exit_code "$SIXDOCKER_ROOT/$name/config.json")" == 4 ]]
}

@test "start and restart keep the rootfs, the record and the log" {
	local name id
	name=$(sixd_name)
	id=$(sixd run -d --name "$name" busybox sh -c 'echo x >> /count; echo "runs=$(wc -l < /count)"')
	sixd wait "$name" >/dev/null
	run sixd start "$name"
	assert_success
	assert_output "$name"
	sixd wait "$name" >/dev/null
	run sixd restart -t 1 "$name"
	assert_success
	sixd wait "$name" >/dev/null
	run sixd logs "$name"
	assert_output $'runs=1\nruns=2\nruns=3'
	[[ "$(jq -r .id "$SIXDOCKER_ROOT/$name/config.json")" == "$id" ]]
}

@test "restart: a running container is stopped and started again" {
	local name pid1 pid2
	name=$(sixd_name)
	sixd run -d --name "$name" busybox sleep 1000 >/dev/null
	pid1=$(jq -r .pid "$SIXDOCKER_ROOT/$name/config.json")
	run sixd restart -t 0 "$name"
	assert_success
	pid2=$(jq -r .pid "$SIXDOCKER_ROOT/$name/config.json")
	[[ "$pid1" != "$pid2" ]] || sixd_fail "same init"
	[[ "$(jq -r .status "$SIXDOCKER_ROOT/$name/config.json")" == running ]]
	# start of a running container changes nothing
	run sixd start "$name"
	assert_success
	[[ "$(jq -r .pid "$SIXDOCKER_ROOT/$name/config.json")" == "$pid2" ]]
}

@test "start: a command that cannot run keeps the container, exited 127, no cgroup" {
	local name id
	name=$(sixd_name)
	id=$(sixd create --name "$name" busybox no-such-command)
	run -127 --separate-stderr sixd start "$name"
	assert_status 127
	assert_stderr_contains no-such-command
	[[ "$(jq -r .status "$SIXDOCKER_ROOT/$name/config.json")" == exited ]]
	[[ "$(jq -r .exit_code "$SIXDOCKER_ROOT/$name/config.json")" == 127 ]]
	[[ -z "$(sixd_cgroup_dirs "$id")" ]] || sixd_fail "cgroup left"
	run --separate-stderr sixd start no-such-container
	assert_status 125
}

@test "start: a monitor killed before the container starts leaves no process or cgroup" {
	local name id
	command -v strace >/dev/null || skip "strace (scripts/install-deps.sh) injects the kill"
	name=$(sixd_name)
	id=$(sixd create --name "$name" busybox sleep 1000)
	run --separate-stderr sixd_strace -e trace=setsid -e inject=setsid:signal=KILL \
		sixd start "$name"
	assert_status 125
	assert_stderr_contains "monitor died"
	[[ "$(jq -r .status "$SIXDOCKER_ROOT/$name/config.json")" != running ]] ||
		sixd_fail "the record says running"
	[[ -z "$(sixd_cgroup_dirs "$id")" ]] || sixd_fail "cgroup left: $(sixd_cgroup_dirs "$id")"
	run sixd start "$name"
	assert_success
	[[ "$(jq -r .status "$SIXDOCKER_ROOT/$name/config.json")" == running ]]
}
