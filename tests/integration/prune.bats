#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker container prune, and rm of orphans: stopped containers go, running
# ones stay; data and cgroups whose record vanished (a reboot empties the state
# root) are found and removed, with the processes still in such a cgroup.

load helpers

# An orphan's record is gone, so sixd_teardown cannot find it: keep a copy of
# the record (saved_record) and clean up from the copies too.
teardown()
{
	local rec
	# shellcheck disable=SC2034 # filled by sixd_force_stop_record through a nameref
	local -a ids=()
	for rec in "$BATS_TEST_TMPDIR"/saved-*; do
		[[ -d "$rec" ]] && sixd_force_stop_record "$rec" ids
	done
	sixd_teardown
}

# Turn container NAME into an orphan: save its record, then delete it.
make_orphan()
{
	local name=$1
	cp -r "$SIXDOCKER_ROOT/$name" "$BATS_TEST_TMPDIR/saved-$name"
	rm -rf "${SIXDOCKER_ROOT:?}/$name"
}

record_field()
{
	jq -r ".$2" "$BATS_TEST_TMPDIR/saved-$1/config.json"
}

pid_gone()
{
	[[ "$(sixd_pid_start "$1" 2>/dev/null)" != "$2" ]]
}

@test "container prune: exited and created containers go, running ones stay" {
	local a b c ida idb idc
	a=$(sixd_name exited)
	b=$(sixd_name running)
	c=$(sixd_name created)
	ida=$(sixd run -d --name "$a" busybox sh -c 'head -c 100000 /dev/zero >/x')
	idb=$(sixd run -d --name "$b" busybox sleep 1000)
	idc=$(sixd create --name "$c" busybox true)
	sixd wait "$a" >/dev/null
	run sixd container prune -f
	assert_success
	[[ "${lines[0]}" == "Deleted Containers:" ]] || sixd_fail "no header"
	[[ "$output" == *$'\n'"$ida"$'\n'* && "$output" == *$'\n'"$idc"$'\n'* ]] ||
		sixd_fail "pruned ids missing"
	assert_output_not_contains "$idb"
	# Docker's layout: the ids, a blank line, the total (the 100 kB file of $a)
	[[ "${lines[-1]}" == "Total reclaimed space: 100kB" ]] || sixd_fail "wrong total"
	[[ "$output" == *$'\n\nTotal reclaimed space: '* ]] || sixd_fail "no blank line"
	[[ ! -e "$SIXDOCKER_ROOT/$a" && ! -e "$SIXDOCKER_DATA/containers/$ida" ]]
	[[ ! -e "$SIXDOCKER_ROOT/$c" && ! -e "$SIXDOCKER_DATA/containers/$idc" ]]
	[[ -z "$(sixd_cgroup_dirs "$ida")$(sixd_cgroup_dirs "$idc")" ]] || sixd_fail "cgroup left"
	run sixd inspect -f '{{.State.Status}}' "$b"
	assert_output "running"
	# nothing left to prune: no header, a zero total
	run sixd container prune --force
	assert_success
	assert_output "Total reclaimed space: 0B"
}

@test "container prune: the data of a stopped container whose record vanished" {
	local name id
	name=$(sixd_name)
	id=$(sixd run -d --name "$name" busybox sh -c 'head -c 100000 /dev/zero >/x')
	sixd wait "$name" >/dev/null
	[[ -d "$SIXDOCKER_DATA/containers/$id" ]]
	make_orphan "$name"
	run sixd ps -a -q --no-trunc
	assert_output_not_contains "$id"
	run sixd container prune -f
	assert_success
	assert_output "Deleted Containers:
$id

Total reclaimed space: 100kB"
	[[ ! -e "$SIXDOCKER_DATA/containers/$id" ]] || sixd_fail "data left"
}

@test "container prune: a running orphan is killed, its cgroup and data removed" {
	local name id pid pid_start mon mon_start
	name=$(sixd_name)
	id=$(sixd run -d --name "$name" busybox sleep 1000)
	make_orphan "$name"
	pid=$(record_field "$name" pid)
	pid_start=$(record_field "$name" pid_start)
	mon=$(record_field "$name" monitor_pid)
	mon_start=$(record_field "$name" monitor_start)
	# still running, in its cgroup, with no record
	[[ -n "$(sixd_cgroup_dirs "$id")" ]] || sixd_fail "no cgroup to start with"
	! pid_gone "$pid" "$pid_start" || sixd_fail "the container is not running"
	run sixd container prune -f
	assert_success
	assert_output_contains "$id"
	retry 5 pid_gone "$pid" "$pid_start"
	[[ -z "$(sixd_cgroup_dirs "$id")" ]] || sixd_fail "cgroup left: $(sixd_cgroup_dirs "$id")"
	[[ ! -e "$SIXDOCKER_DATA/containers/$id" ]] || sixd_fail "data left"
	# its monitor sees the end and leaves without recreating anything
	retry 20 pid_gone "$mon" "$mon_start"
	[[ -z "$(ls -A "$SIXDOCKER_ROOT")" && -z "$(ls -A "$SIXDOCKER_DATA/containers")" ]] ||
		sixd_fail "something was left: $(ls -A "$SIXDOCKER_ROOT" "$SIXDOCKER_DATA/containers")"
}

@test "rm: an orphan by id prefix, running or not; then it is gone" {
	local a b ida idb pid pid_start
	a=$(sixd_name a)
	b=$(sixd_name b)
	ida=$(sixd run -d --name "$a" busybox sleep 1000)
	idb=$(sixd run -d --name "$b" busybox true)
	sixd wait "$b" >/dev/null
	make_orphan "$a"
	make_orphan "$b"
	pid=$(record_field "$a" pid)
	pid_start=$(record_field "$a" pid_start)
	run sixd rm "${ida:0:12}" "$idb"
	assert_success
	assert_output "${ida:0:12}
$idb"
	retry 5 pid_gone "$pid" "$pid_start"
	[[ -z "$(sixd_cgroup_dirs "$ida")$(sixd_cgroup_dirs "$idb")" ]] || sixd_fail "cgroup left"
	[[ ! -e "$SIXDOCKER_DATA/containers/$ida" && ! -e "$SIXDOCKER_DATA/containers/$idb" ]] ||
		sixd_fail "data left"
	run --separate-stderr sixd rm "$idb"
	assert_status 125
	assert_stderr_contains "no such container: $idb"
}

@test "container prune: never touches a container that has its record" {
	local name id
	name=$(sixd_name)
	id=$(sixd run -d --name "$name" busybox sleep 1000)
	run sixd rm "$id"
	assert_status 125
	run sixd container prune -f
	assert_success
	assert_output "Total reclaimed space: 0B"
	[[ -n "$(sixd_cgroup_dirs "$id")" && -d "$SIXDOCKER_DATA/containers/$id" ]]
	run sixd inspect -f '{{.State.Status}}' "$name"
	assert_output "running"
}

@test "container prune: asks first; without -f and no terminal it refuses with 125" {
	local name id
	name=$(sixd_name)
	id=$(sixd run -d --name "$name" busybox true)
	sixd wait "$name" >/dev/null
	run --separate-stderr sixd container prune </dev/null
	assert_status 125
	assert_stderr_contains "use -f"
	[[ -z "$output" && -e "$SIXDOCKER_ROOT/$name" ]] || sixd_fail "pruned without -f"
	run_in_pty -d 1 -i $'n\n' -- sixd container prune
	assert_success
	assert_output_contains "Are you sure you want to continue? [y/N]"
	[[ -e "$SIXDOCKER_ROOT/$name" ]] || sixd_fail "pruned after 'n'"
	run_in_pty -d 1 -i $'y\n' -- sixd container prune
	assert_success
	assert_output_contains "$id"
	[[ ! -e "$SIXDOCKER_ROOT/$name" ]] || sixd_fail "not pruned after 'y'"
}

@test "container: --help, and an unknown subcommand is exit 125" {
	run sixd container --help
	assert_success
	assert_output_contains "prune"
	run sixd container prune --help
	assert_success
	assert_output_contains "-f, --force"
	run --separate-stderr sixd container bogus
	assert_status 125
	assert_stderr_contains "unknown command: 'bogus'"
	run --separate-stderr sixd container
	assert_status 125
	run --separate-stderr sixd container prune --bogus
	assert_status 125
}
