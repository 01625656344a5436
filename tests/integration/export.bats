#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker export [-o FILE] CONTAINER: the merged filesystem as a tar, for
# stopped, running and never started containers, mounted only in a private
# mount namespace (the helpers' teardown checks the host's mount table).

load helpers

# No mount of the engine's under the data root (export mounts only in its own namespace).
assert_no_export_mount()
{
	[[ -z "$(sixd_mounts_under "$SIXDOCKER_DATA" | grep -v '/containers/')" ]] ||
		sixd_fail "a mount was left under the data root"
	[[ -z "$(find "$SIXDOCKER_DATA" -maxdepth 1 -name '.export-*')" ]] ||
		sixd_fail "a temporary directory was left"
}

@test "export of a stopped container: added, modified, deleted files, a replaced directory" {
	local c t=$BATS_TEST_TMPDIR
	c=$(sixd_name 1)
	sixd run --name "$c" busybox sh -c '
		echo added >/added; echo modified >>/etc/passwd; rm /etc/group
		rm -rf /etc/x; mkdir -p /etc/x; touch /etc/x/new'
	run --separate-stderr sixd export -o "$t/c.tar" "$c"
	assert_success
	assert_output ""
	run tar -tf "$t/c.tar"
	assert_success
	assert_output_contains "bin/busybox"
	assert_output_contains "etc/x/new"
	assert_output_not_contains "etc/group"
	assert_output_not_contains ".wh."
	[[ "$(tar -xOf "$t/c.tar" added)" == added ]] || sixd_fail "added"
	[[ "$(tar -xOf "$t/c.tar" etc/passwd | tail -n 1)" == modified ]] || sixd_fail "modified"
	assert_no_export_mount

	# the export imports as an image that runs
	sixd import "$t/c.tar" "$(sixd_name)-imported" >/dev/null
	run --separate-stderr sixd run --name "$(sixd_name 2)" "$(sixd_name)-imported" \
		sh -c 'cat /added; test -e /etc/group || echo gone'
	assert_success
	assert_output $'added\ngone'
}

@test "export of a running container to stdout; it keeps running" {
	local c
	c=$(sixd_name 1)
	sixd run -d --name "$c" busybox sh -c 'echo live >/live; exec sleep 60' >/dev/null
	retry 10 bash -c "'$SIXDOCKER' exec '$c' test -e /live"
	run bash -c "'$SIXDOCKER' export '$c' | tar -t"
	assert_success
	assert_output_contains "live"
	assert_output_not_contains "proc/self"
	run --separate-stderr sixd inspect -f '{{.State.Status}}' "$c"
	assert_output running
	assert_no_export_mount
}

@test "export of a container that never started holds the image" {
	local c
	c=$(sixd_name 1)
	sixd create --name "$c" busybox true >/dev/null
	run bash -c "'$SIXDOCKER' export '$c' | tar -t"
	assert_success
	assert_output_contains "bin/busybox"
	assert_no_export_mount
}

@test "export errors: unknown container, unwritable output, terminal" {
	local c t=$BATS_TEST_TMPDIR
	c=$(sixd_name 1)
	run --separate-stderr sixd export -o "$t/x.tar" "$(sixd_name)-nosuch"
	assert_status 125
	assert_stderr_contains "no such container"
	[[ ! -e "$t/x.tar" ]] || sixd_fail "an output file was made"
	sixd run --name "$c" busybox true
	run --separate-stderr sixd export -o "$t/missing/x.tar" "$c"
	assert_status 125
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one stderr line"
	assert_stderr_contains "$t/missing/x.tar"
	run_in_pty -- sixd export "$c"
	assert_status 125
	assert_output_contains "terminal"
	[[ -z "$(find "$t" -name '*.tmp-*')" ]] || sixd_fail "a temporary file was left"
}
