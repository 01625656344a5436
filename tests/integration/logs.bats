#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker logs: streams, order, --tail, -t, --since/--until, -f, rotation.

load helpers

@test "logs: stdout to stdout and stderr to stderr, in the order written" {
	local name
	name=$(sixd_name)
	# two pipes carry the streams: pause between writes so the order is the writer's
	sixd run --name "$name" busybox sh -c \
		'echo o1; sleep 0.2; echo e1 >&2; sleep 0.2; echo o2; sleep 0.2; echo e2 >&2' \
		>/dev/null 2>&1
	run --separate-stderr sixd logs "$name"
	assert_success
	[[ "$output" == $'o1\no2' ]] || sixd_fail "stdout"
	[[ "$stderr" == $'e1\ne2' ]] || sixd_fail "stderr"
	run sixd logs "$name"
	assert_output $'o1\ne1\no2\ne2'
}

@test "logs: --tail, -t, --since and --until" {
	local name
	name=$(sixd_name)
	sixd run --name "$name" busybox sh -c 'for i in 1 2 3 4 5; do echo l$i; done' >/dev/null
	run sixd logs --tail 2 "$name"
	assert_output $'l4\nl5'
	run sixd logs --tail 0 "$name"
	assert_output ""
	run sixd logs -n all -t "$name"
	assert_line_count 5
	assert_output_matches '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z l1'
	run sixd logs --since 10m "$name"
	assert_line_count 5
	run sixd logs --since 2099-01-01T00:00:00Z "$name"
	assert_output ""
	run sixd logs --until 2000-01-01T00:00:00Z "$name"
	assert_output ""
	run --separate-stderr sixd logs --since yesterday "$name"
	assert_status 125
	assert_stderr_contains yesterday
}

@test "logs -f: follows until the container exits, across rotations, nothing lost" {
	local name
	name=$(sixd_name)
	local vol=$BATS_TEST_TMPDIR/vol out=$BATS_TEST_TMPDIR/out follower
	mkdir -p "$vol"
	sixd run -d --name "$name" -v "$vol:/v" --log-opt max-size=4k --log-opt max-file=2 \
		busybox sh -c 'echo ready; while [ ! -e /v/go ]; do sleep 0.1; done
			i=0; while [ $i -lt 300 ]; do echo "line-$i-padding-padding"; i=$((i+1)); usleep 5000; done
			sleep 1; echo last' >/dev/null
	timeout 60 "$SIXDOCKER" logs -f "$name" >"$out" 3>&- &
	follower=$!
	retry 10 grep -qs ready "$out"
	touch "$vol/go"
	wait "$follower"
	mapfile -t lines <"$out"
	[[ "${lines[-1]}" == last ]] || sixd_fail "did not follow to the end"
	# rotation kept at most 2 files of about 4k
	local dir
	dir=$(dirname "$(jq -r .log_path "$SIXDOCKER_ROOT/$name/config.json")")
	[[ -f "$dir/container.log.1" && ! -e "$dir/container.log.2" ]] || sixd_fail "rotation"
	[[ $(stat -c %s "$dir/container.log.1") -le 4096 ]]
	# the follower saw every line once, in order, although the files no longer hold them
	# (it keeps up with a writer this pace; one much faster than it outruns two 4k files)
	local i
	for ((i = 0; i < 300; i++)); do
		[[ "${lines[i + 1]}" == "line-$i-padding-padding" ]] || sixd_fail "line $i: ${lines[i + 1]}"
	done
	run sixd logs "$name"
	[[ "${#lines[@]}" -lt 300 ]] || sixd_fail "old files were not dropped"
}

@test "logs: survive the container's exit, go with rm; unknown container is 125" {
	local name dir
	name=$(sixd_name)
	sixd run --name "$name" busybox echo kept >/dev/null
	run sixd logs "$name"
	assert_output kept
	dir=$(dirname "$(jq -r .log_path "$SIXDOCKER_ROOT/$name/config.json")")
	sixd rm "$name" >/dev/null
	[[ ! -e "$dir" ]]
	run --separate-stderr sixd logs "$name"
	assert_status 125
	run --separate-stderr sixd run --rm --log-opt max-size=abc busybox true
	assert_status 125
	run --separate-stderr sixd run --rm --log-opt colour=blue busybox true
	assert_status 125
}
