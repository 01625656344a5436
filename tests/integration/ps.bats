#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker ps: Docker's container table, its options, and state that stays true.

load helpers

# Start a detached container NAME running sleep; extra run options come first.
start()
{
	local name=$1
	shift
	sixd run -d --name "$name" "$@" busybox sleep 1000 >/dev/null
}

# The record field F of container NAME.
field()
{
	jq -r ".$2" "$SIXDOCKER_ROOT/$1/config.json"
}

# The line of $output whose last column is NAME.
line_of()
{
	local l
	for l in "${lines[@]}"; do
		if [[ "$l" =~ [[:space:]]$1$ ]]; then
			printf '%s\n' "$l"
			return 0
		fi
	done
	return 1
}

@test "ps: a running container in Docker's columns, Up" {
	local name id row
	name=$(sixd_name)
	start "$name"
	id=$(field "$name" id)
	run sixd ps
	assert_success
	[[ "${lines[0]}" =~ ^CONTAINER\ ID\ {3}IMAGE\ +COMMAND\ +CREATED\ +STATUS\ +PORTS\ +NAMES$ ]] ||
		sixd_fail "not Docker's header"
	row=$(line_of "$name") || sixd_fail "no row for $name"
	[[ "$row" =~ ^${id:0:12}\ {3}busybox\ +\"sleep\ 1000\"\ +([0-9]+\ seconds?|Less\ than\ a\ second)\ ago\ +Up\ [^\ ].*\ {3}$name$ ]] ||
		sixd_fail "bad row: $row"
	# the columns line up: each header title starts where its cells start
	local hdr=${lines[0]} prefix
	prefix=${hdr%%STATUS*}
	[[ "${row:${#prefix}:3}" == "Up " ]] || sixd_fail "STATUS is not aligned"
	prefix=${hdr%%NAMES*}
	[[ "${row:${#prefix}}" == "$name" ]] || sixd_fail "NAMES is not aligned"
}

@test "ps: an exited container only with -a, with its exit code" {
	local name
	name=$(sixd_name)
	run sixd run --name "$name" busybox sh -c 'exit 3'
	assert_status 3
	run sixd ps
	assert_success
	assert_output_not_contains "$name"
	run sixd ps -a
	assert_success
	line_of "$name" >/dev/null || sixd_fail "no row for $name"
	[[ "$(line_of "$name")" =~ \"sh\ -c\ \'exit\ 3\'\"\ .*\ Exited\ \(3\)\ ([0-9]+\ seconds?|Less\ than\ a\ second)\ ago\  ]] ||
		sixd_fail "bad row: $(line_of "$name")"
}

@test "ps: -q, --no-trunc and a long command" {
	local name id
	name=$(sixd_name)
	sixd run -d --name "$name" busybox sh -c 'echo a rather long command line; sleep 1000' >/dev/null
	id=$(field "$name" id)
	run sixd ps -q
	assert_success
	assert_output "${id:0:12}"
	run sixd ps -q --no-trunc
	assert_success
	assert_output "$id"
	run sixd ps
	assert_output_contains "\"sh -c 'echo a rathe…\""
	run sixd ps --no-trunc
	assert_output_contains "$id   busybox   \"sh -c 'echo a rather long command line; sleep 1000'\""
}

@test "ps: -n 1 and -l show the newest container, whatever its state" {
	local a b
	a=$(sixd_name a)
	b=$(sixd_name b)
	start "$a"
	sixd run --name "$b" busybox true
	run sixd ps -n 1 --format '{{.Names}}'
	assert_success
	assert_output "$b"
	run sixd ps -l --format '{{.Names}}'
	assert_output "$b"
	run sixd ps --last 2 --format '{{.Names}}'
	assert_output "$b"$'\n'"$a"
	run sixd ps --format '{{.Names}}'
	assert_output "$a"
}

@test "ps: --filter name=, status=, id=; repeated keys OR, different keys AND" {
	local a b c ida
	a=$(sixd_name web)
	b=$(sixd_name db)
	c=$(sixd_name done)
	start "$a"
	start "$b"
	sixd run --name "$c" busybox true
	ida=$(field "$a" id)
	run sixd ps -a --filter "name=$a" --format '{{.Names}}'
	assert_output "$a"
	run sixd ps --filter status=exited --format '{{.Names}}'
	assert_output "$c"
	run sixd ps -a -f status=exited -f status=running --format '{{.Names}}'
	assert_line_count 3
	run sixd ps -a -f "id=${ida:0:8}" --format '{{.Names}}'
	assert_output "$a"
	run sixd ps -a -f "name=$a" -f "name=$b" -f status=running --format '{{.Names}}'
	assert_output "$b"$'\n'"$a"
	run sixd ps -a -f "name=$c" -f status=running --format '{{.Names}}'
	assert_output ""
	run --separate-stderr sixd ps -f color=blue
	assert_status 125
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one line on stderr"
	assert_stderr_contains "invalid filter 'color'"
	run --separate-stderr sixd ps -f status=sleeping
	assert_status 125
	assert_stderr_contains "status=sleeping"
}

@test "ps: --format templates, table and json" {
	local name id
	name=$(sixd_name)
	start "$name"
	id=$(field "$name" id)
	run sixd ps --format '{{.Names}} {{.Status}}'
	assert_success
	assert_output_matches "^$name Up "
	run sixd ps --format '{{.ID}}\t{{.Image}}\t{{.State}}\t{{.Command}}'
	assert_output "${id:0:12}"$'\t'"busybox"$'\t'"running"$'\t'"\"sleep 1000\""
	run sixd ps --format '{{.CreatedAt}}'
	assert_output_matches '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4} [A-Z]+$'
	run sixd ps --format 'table {{.Names}}\t{{.Status}}\t{{.CreatedAt}}'
	assert_success
	assert_line_count 2
	[[ "${lines[0]}" =~ ^NAMES\ +STATUS\ +CREATED\ AT$ ]] || sixd_fail "bad header"
	[[ "${lines[1]}" =~ ^$name\ +Up\  ]] || sixd_fail "bad row"
	run sixd ps --format json
	assert_success
	assert_line_count 1
	[[ "$(jq -r .Names <<<"$output")" == "$name" ]] || sixd_fail "json Names"
	[[ "$(jq -r .ID <<<"$output")" == "${id:0:12}" ]] || sixd_fail "json ID"
	[[ "$(jq -r .State <<<"$output")" == running ]] || sixd_fail "json State"
	[[ "$(jq -r .Command <<<"$output")" == '"sleep 1000"' ]] || sixd_fail "json Command"
	run --separate-stderr sixd ps --format '{{.Names'
	assert_status 125
	assert_stderr_contains "unclosed action"
	[[ -z "$output" ]] || sixd_fail "output despite a bad template"
	run sixd ps --format '{{bogus .Names}}'
	assert_status 125
	assert_output_contains 'function "bogus" not defined'
}

@test "ps: --format with if/else, range and functions" {
	local up down
	up=$(sixd_name up)
	down=$(sixd_name down)
	start "$up"
	run sixd run --name "$down" busybox true
	assert_success
	run sixd ps -a --format '{{.Names}} {{if eq .State "running"}}up{{else}}down{{end}}'
	assert_success
	assert_line_count 2
	grep -qxF "$up up" <<<"$output" || sixd_fail "running one not up"
	grep -qxF "$down down" <<<"$output" || sixd_fail "exited one not down"
	run sixd ps --format '{{if ne .State "running"}}{{.Names}}{{end}}{{range split .Names "-"}}{{end}}{{len .Names | printf "%d"}}'
	assert_success
	assert_output "${#up}"
	run sixd ps -a --format '{{.Names}} {{if eq .State "exited"}}{{.Status | lower}}{{else if eq .State "running"}}{{upper .State}}{{end}}'
	grep -qxF "$up RUNNING" <<<"$output" || sixd_fail "else if branch"
	grep -qE "^$down exited \(0\) " <<<"$output" || sixd_fail "if branch"
	run --separate-stderr sixd ps --format '{{range .Names}}'
	assert_status 125
	assert_stderr_contains "{{range}} has no {{end}}"
}

# Docker's human size: 3 significant digits, decimal units.
human()
{
	awk -v n="$1" 'BEGIN { split("B kB MB GB TB", u, " "); i = 1;
		while (n >= 1000 && i < 5) { n /= 1000; i++ }; printf "%.3g%s\n", n, u[i] }'
}

@test "ps: -s/--size shows the upper dir's size and the virtual size, as Docker" {
	local name fresh img
	name=$(sixd_name)
	fresh=$(sixd_name fresh)
	sixd run -d --name "$name" busybox sh -c 'head -c 12345 /dev/zero > /big; sleep 1000' >/dev/null
	sixd create --name "$fresh" busybox true >/dev/null
	retry 20 sixd exec "$name" test -s /big
	img=$(sixd image inspect -f '{{.Size}}' busybox)
	run sixd ps -a -s --format '{{.Names}}={{.Size}}'
	assert_success
	grep -qxF "$name=$(human 12345) (virtual $(human $((12345 + img))))" <<<"$output" ||
		sixd_fail "size of $name"
	# never started: no upper dir, the image alone
	grep -qxF "$fresh=0B (virtual $(human "$img"))" <<<"$output" || sixd_fail "size of $fresh"
	# the default table gets Docker's SIZE column
	run sixd ps --size
	assert_success
	[[ "${lines[0]}" =~ \ NAMES\ +SIZE$ ]] || sixd_fail "no SIZE header"
	[[ "$(line_of "$name" || true)" == "" ]] || sixd_fail "the size must follow the name"
	[[ "${lines[1]}" =~ \ $name\ +12\.3kB\ \(virtual\ [0-9.]+[kMG]?B\)$ ]] || sixd_fail "bad row"
	# a template reading .Size computes it without -s; otherwise Size is 0B
	run sixd ps --format '{{.Size}}'
	assert_output "12.3kB (virtual $(human $((12345 + img))))"
	run sixd ps --format json
	[[ "$(jq -r .Size <<<"$output")" == 0B ]] || sixd_fail "json Size without -s"
}

# Nobody saw the end: the next read reconciles the record (lib/state.c), with
# 137 as the exit code, since the init dies by SIGKILL with its monitor.
@test "ps: a container whose monitor and init were SIGKILLed shows as Exited (137)" {
	local name mon pid
	name=$(sixd_name)
	start "$name"
	mon=$(field "$name" monitor_pid)
	pid=$(field "$name" pid)
	[[ "$mon" -gt 1 && "$pid" -gt 1 ]] || sixd_fail "no monitor or init pid in the record"
	kill -KILL "$mon"
	kill -KILL "$pid" 2>/dev/null || true # its death signal may have been first
	# the init is reaped by whoever inherits it; until then it is a zombie
	retry 10 test ! -e "/proc/$pid"
	run sixd ps
	assert_success
	assert_output_not_contains "$name"
	run sixd ps -a --format '{{.Names}} {{.State}} {{.Status}}'
	assert_output_matches "^$name exited Exited \(137\) "
	[[ "$(field "$name" status)" == exited ]] || sixd_fail "the record was not reconciled"
}
