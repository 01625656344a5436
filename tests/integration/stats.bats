#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# stats: the counters of a container's cgroup (read through libcgroup), its
# network and the host's, as `docker stats` shows them.

load helpers

@test "stats --no-stream: a running container's memory limit, pids and table" {
	local name
	name=$(sixd_name)
	sixd run -d --name "$name" -m 64m --network none busybox sh -c 'sleep 1000 & sleep 1000 & wait' >/dev/null
	retry 10 sh -c "[ \"\$(sixd stats --no-stream --format '{{.PIDs}}' $name)\" = 3 ]"
	run sixd stats --no-stream
	assert_success
	[[ "${lines[0]}" =~ ^CONTAINER\ ID\ +NAME\ +CPU\ %\ +MEM\ USAGE\ /\ LIMIT\ +MEM\ %\ +NET\ I/O\ +BLOCK\ I/O\ +PIDS$ ]] ||
		sixd_fail "not Docker's header"
	assert_output_contains "$name"
	run sixd stats --no-stream --format '{{.Name}}|{{.MemUsage}}|{{.NetIO}}|{{.PIDs}}' "$name"
	assert_success
	[[ "$output" =~ ^"$name"\|[0-9.]+(B|KiB|MiB)\ /\ 64MiB\|0B\ /\ 0B\|3$ ]] ||
		sixd_fail "unexpected row: $output"
}

@test "stats: a busy container uses CPU, its memory use shows, json has Docker's keys" {
	local name
	name=$(sixd_name)
	sixd run -d --name "$name" busybox sh -c 'head -c 20000000 /dev/zero > /dev/shm/x; while :; do :; done' >/dev/null
	retry 10 sh -c "sixd stats --no-stream --format '{{.MemUsage}}' $name | grep -q MiB"
	run sixd stats --no-stream --format json "$name"
	assert_success
	[[ $(jq -r 'keys | join(",")' <<<"$output") == BlockIO,CPUPerc,Container,ID,MemPerc,MemUsage,Name,NetIO,PIDs ]] ||
		sixd_fail "keys: $output"
	[[ $(jq -r .CPUPerc <<<"$output") != 0.00% ]] || sixd_fail "a busy loop shows no CPU: $output"
	local usage
	usage=$(jq -r .MemUsage <<<"$output")
	[[ "$usage" =~ ^(19|2[0-9])\.[0-9]*MiB ]] || sixd_fail "20 MB in /dev/shm not counted: $usage"
}

@test "stats: -a shows stopped containers with zeros, the default only running ones" {
	local name
	name=$(sixd_name)
	sixd run --name "$name" busybox true
	run sixd stats --no-stream --format '{{.Name}}'
	assert_success
	assert_output_not_contains "$name"
	run sixd stats --no-stream -a --format '{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}'
	assert_success
	assert_output_contains "$name 0.00% 0B / 0B 0"
}

@test "stats: an unknown container or flag is one line and a failure" {
	run sixd stats --no-stream no-such-ctr
	((status != 0)) || sixd_fail "an unknown container succeeded"
	assert_output "sixdocker: no such container: no-such-ctr"
	run sixd stats --no-stream --bogus
	assert_status 125
	assert_output_contains "--bogus"
	run sixd stats --no-stream --format '{{.Name'
	assert_status 125
	[[ ${#lines[@]} -le 1 ]] || sixd_fail "more than one line: $output"
}

@test "stats: without --no-stream it keeps reading until stopped" {
	local name
	name=$(sixd_name)
	sixd run -d --name "$name" --network none busybox sleep 1000 >/dev/null
	run timeout 3.5 "$SIXDOCKER" stats --format '{{.Name}}' "$name"
	assert_status 124
	[[ $(grep -c "^$name\$" <<<"$output") -ge 2 ]] || sixd_fail "one reading only: $output"
}
