#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Devices: only the standard nodes in /dev, the device cgroup (v1 devices
# controller or a v2 BPF program) refusing every other device even after a
# mknod, --device, --privileged, exec, and errors.  Nothing here writes to a
# host device: reads are denied, and /dev/loop-control is only opened.

load helpers

assert_failure()
{
	((status != 0)) || sixd_fail "expected a failure"
}

@test "devices: /dev holds only the standard nodes" {
	run sixd run --rm busybox sh -c 'cd /dev && for f in *; do [ ! -L "$f" ] && { [ -c "$f" ] || [ -b "$f" ]; } && echo "$f"; done'
	assert_success
	assert_output "$(printf '%s\n' full null random tty urandom zero)"
}

@test "devices: a mknod'd disk or kmsg cannot be opened; a mknod'd null can" {
	run sixd run --rm busybox sh -c 'mknod /dev/sda b 8 0 && dd if=/dev/sda of=/dev/null bs=512 count=1'
	assert_failure
	assert_output_contains "Operation not permitted"
	run sixd run --rm busybox sh -c 'mknod /dev/k c 1 11 && exec 3</dev/k'
	assert_failure
	assert_output_contains "Operation not permitted"
	run sixd run --rm busybox sh -c 'mknod /dev/n2 c 1 3 && echo hi >/dev/n2 && echo written'
	assert_success
	assert_output written
}

@test "devices: the v1 devices cgroup lists exactly Docker's rules" {
	local id dir
	[[ -d /sys/fs/cgroup/devices ]] || skip "no v1 devices controller"
	run sixd run -d --name "$(sixd_name)" busybox sleep 100
	assert_success
	id=$output
	dir=/sys/fs/cgroup/devices/sixdocker/$id
	run sort "$dir/devices.list"
	assert_output "$(printf '%s\n' 'b *:* m' 'c *:* m' 'c 1:3 rwm' 'c 1:5 rwm' 'c 1:7 rwm' \
		'c 1:8 rwm' 'c 1:9 rwm' 'c 136:* rwm' 'c 5:0 rwm' 'c 5:1 rwm' 'c 5:2 rwm' | sort)"
}

@test "devices: --device adds the node and allows it with its permissions" {
	[[ -c /dev/loop-control ]] || skip "no /dev/loop-control"
	run sixd run --rm --device /dev/loop-control:/dev/lc:r busybox sh -c \
		'stat -c "%F %t:%T" /dev/lc; exec 3</dev/lc && echo read-ok; exec 4>/dev/lc'
	assert_failure
	assert_output_contains "character special file a:ed"
	assert_output_contains "read-ok"
	assert_output_contains "Operation not permitted"
	run sixd run --rm --device /dev/loop-control busybox sh -c \
		'exec 3<>/dev/loop-control && echo rw-ok; mknod /dev/again c 10 237 && exec 4</dev/again && echo again-ok'
	assert_success
	assert_output "$(printf 'rw-ok\nagain-ok')"
	run sixd run --rm --device /dev/loop-control:/dev/sub/dir/lc:rw busybox sh -c 'exec 3<>/dev/sub/dir/lc && echo nested-ok'
	assert_output nested-ok
}

@test "devices: --privileged allows every device and shows the host's nodes" {
	[[ -c /dev/loop-control ]] || skip "no /dev/loop-control"
	run sixd run --rm --privileged busybox sh -c 'exec 3</dev/loop-control && echo host-node; mknod /dev/k c 1 11 && exec 4</dev/k && echo kmsg-ok'
	assert_success
	assert_output "$(printf 'host-node\nkmsg-ok')"
}

@test "devices: exec'd processes are held by the device cgroup; create and start keep --device" {
	local name
	name=$(sixd_name)
	[[ -c /dev/loop-control ]] || skip "no /dev/loop-control"
	run sixd create --name "$name" --device /dev/loop-control:/dev/lc:r busybox sleep 100
	assert_success
	run sixd start "$name"
	assert_success
	run sixd exec "$name" sh -c 'mknod /dev/k c 1 11 && exec 3</dev/k'
	assert_failure
	assert_output_contains "Operation not permitted"
	run sixd exec "$name" sh -c 'exec 3</dev/lc && echo lc-ok'
	assert_output lc-ok
	run sixd rm -f "$name"
	assert_success
}

@test "devices: a bad --device is one line, exit 125, nothing left" {
	local spec
	for spec in /dev/no-such-device /etc/passwd /dev/null:/etc/null /dev/null:/dev/x:rwx relative; do
		run --separate-stderr sixd run --rm --device "$spec" busybox true
		assert_status 125
		[[ "$(wc -l <<<"$stderr")" == 1 ]] || sixd_fail "more than one line on stderr for $spec"
	done
	run --separate-stderr sixd run --rm --device /dev/no-such-device busybox true
	assert_stderr_contains "'/dev/no-such-device'"
	run --separate-stderr sixd run --rm --device /dev/null:/dev/x:rwx busybox true
	assert_stderr_contains "'rwx'"
	[[ -z "$(ls -A "$SIXDOCKER_ROOT")" ]] || sixd_fail "records left"
	[[ -z "$(ls -A "$SIXDOCKER_DATA/containers" 2>/dev/null)" ]] || sixd_fail "data left"
}
