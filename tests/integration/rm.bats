#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker rm: refuses a running container without -f; removes everything; resumable.

load helpers

@test "rm: refuses a running container, -f kills it, everything is removed" {
	local name id
	name=$(sixd_name)
	id=$(sixd run -d --name "$name" busybox sleep 1000)
	run --separate-stderr sixd rm "$name"
	assert_status 125
	assert_stderr_contains "running"
	[[ -d "$SIXDOCKER_ROOT/$name" ]]
	run sixd rm -f "$name"
	assert_success
	assert_output "$name"
	[[ ! -e "$SIXDOCKER_ROOT/$name" ]] || sixd_fail "record left"
	[[ ! -e "$SIXDOCKER_DATA/containers/$id" ]] || sixd_fail "data left"
	[[ -z "$(sixd_cgroup_dirs "$id")" ]] || sixd_fail "cgroup left"
	# the name is free again
	run sixd run --rm --name "$name" busybox true
	assert_success
}

@test "rm: an exited container, by id; several at once; unknown ones fail with 125" {
	local a b ida
	a=$(sixd_name a)
	b=$(sixd_name b)
	ida=$(sixd run -d --name "$a" busybox true)
	sixd run --name "$b" busybox true
	sixd wait "$a" >/dev/null
	run sixd rm "$ida" "$b"
	assert_success
	[[ -z "$(ls -A "$SIXDOCKER_ROOT")" ]]
	[[ -z "$(ls -A "$SIXDOCKER_DATA/containers")" ]]
	run --separate-stderr sixd rm nope-1 nope-2
	assert_status 125
	[[ "${#stderr_lines[@]}" -eq 2 ]] || sixd_fail "expected a line per container"
}

@test "rm: finishes the removal of a half-removed container" {
	local name id
	name=$(sixd_name)
	id=$(sixd run --name "$name" -d busybox true)
	sixd wait "$name" >/dev/null
	# a crash in the middle of rm: marked removing, data half gone
	jq '.status = "removing"' "$SIXDOCKER_ROOT/$name/config.json" >"$BATS_TEST_TMPDIR/rec"
	cp "$BATS_TEST_TMPDIR/rec" "$SIXDOCKER_ROOT/$name/config.json"
	rm -rf "$SIXDOCKER_DATA/containers/$id/upper"
	run sixd rm "$name"
	assert_success
	[[ ! -e "$SIXDOCKER_ROOT/$name" && ! -e "$SIXDOCKER_DATA/containers/$id" ]]
}

@test "rm -f: a full data root does not keep a container, and its address is released" {
	local name id data=$SIXD_BASE/full-$SIXD_PREFIX
	mkdir -p "$data"
	mount -t tmpfs -o size=16m tmpfs "$data"
	export SIXDOCKER_DATA=$data # sixd_teardown_file unmounts it if the test fails
	name=$(sixd_name)
	id=$(sixd run -d --name "$name" busybox sleep 1000)
	dd if=/dev/zero of="$data/fill" bs=4k 2>/dev/null || true
	run sixd run --rm busybox true
	assert_status 125 # full indeed
	run --separate-stderr sixd rm -f "$name"
	assert_success
	[[ ! -e "$SIXDOCKER_ROOT/$name" ]] || sixd_fail "record left"
	[[ ! -e "$data/containers/$id" ]] || sixd_fail "data left"
	run jq -r '.endpoints | length' "$data/networks/bridge.json"
	assert_output 0
	umount "$data"
}

@test "stop and rm: a full state root does not keep a container" {
	local a b ida idb root=$SIXD_BASE/fullroot-$SIXD_PREFIX
	mkdir -p "$root"
	mount -t tmpfs -o size=1m tmpfs "$root"
	export SIXDOCKER_ROOT=$root # sixd_teardown_file unmounts it if the test fails
	a=$(sixd_name a)
	b=$(sixd_name b)
	ida=$(sixd run -d --name "$a" busybox sleep 1000)
	idb=$(sixd run -d --name "$b" busybox true)
	sixd wait "$b" >/dev/null
	dd if=/dev/zero of="$root/fill" bs=4k 2>/dev/null || true
	run sixd stop -t 0 "$a"
	assert_success
	run --separate-stderr sixd rm "$a" "$b"
	assert_success
	[[ ! -e "$root/$a" && ! -e "$root/$b" ]] || sixd_fail "records left: $(ls "$root")"
	[[ ! -e "$SIXDOCKER_DATA/containers/$ida" ]] || sixd_fail "data left"
	[[ ! -e "$SIXDOCKER_DATA/containers/$idb" ]] || sixd_fail "data left"
	rm "$root/fill"
	umount "$root"
}
