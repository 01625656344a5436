#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker wait: blocks until the container exits and prints its code.

load helpers

@test "wait: prints the exit code once the container exits" {
	local name
	name=$(sixd_name)
	sixd run -d --name "$name" busybox sh -c 'sleep 1; exit 42' >/dev/null
	run sixd wait "$name"
	assert_success
	assert_output 42
	# an exited container answers at once
	run sixd wait "$name"
	assert_output 42
	run --separate-stderr sixd wait no-such
	assert_status 125
}
