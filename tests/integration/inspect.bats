#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker inspect: Docker's JSON of containers, and -f templates.

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

# jq FILTER over $output, which must be a JSON array.
q()
{
	jq -r "$1" <<<"$output"
}

@test "inspect: state, limits, mounts and config of a running container" {
	local name id vol
	name=$(sixd_name)
	vol=$BATS_TEST_TMPDIR/vol
	mkdir -p "$vol"
	start "$name" -m 64m -v "$vol:/data:ro" -e FOO=bar-baz -w /tmp
	id=$(field "$name" id)
	run sixd inspect "$name"
	assert_success
	[[ "$(q 'length')" == 1 ]] || sixd_fail "not an array of one"
	[[ "$(q '.[0].Id')" == "$id" ]] || sixd_fail "Id"
	[[ "$(q '.[0].Name')" == "/$name" ]] || sixd_fail "Name"
	[[ "$(q '.[0].State.Status')" == running ]] || sixd_fail "State.Status"
	[[ "$(q '.[0].State.Running')" == true ]] || sixd_fail "State.Running"
	[[ "$(q '.[0].State.Pid')" == "$(field "$name" pid)" ]] || sixd_fail "State.Pid"
	[[ "$(q '.[0].State.FinishedAt')" == 0001-01-01T00:00:00Z ]] || sixd_fail "FinishedAt"
	[[ "$(q '.[0].State.StartedAt')" =~ ^[0-9-]{10}T[0-9:]{8}(\.[0-9]+)?Z$ ]] || sixd_fail "StartedAt"
	[[ "$(q '.[0].Created')" =~ ^[0-9-]{10}T[0-9:]{8}(\.[0-9]+)?Z$ ]] || sixd_fail "Created"
	[[ "$(q '.[0].Image')" =~ ^sha256:[0-9a-f]{64}$ ]] || sixd_fail "Image"
	[[ "$(q '.[0].Path') $(q '.[0].Args | join(" ")')" == "sleep 1000" ]] || sixd_fail "Path/Args"
	[[ "$(q '.[0].HostConfig.Memory')" == $((64 * 1024 * 1024)) ]] || sixd_fail "Memory"
	[[ "$(q '.[0].HostConfig.PidsLimit')" == null ]] || sixd_fail "PidsLimit"
	[[ "$(q '.[0].HostConfig.Binds[0]')" == "$vol:/data:ro" ]] || sixd_fail "Binds"
	[[ "$(q '.[0].Mounts[0].Destination')" == /data ]] || sixd_fail "Mounts.Destination"
	[[ "$(q '.[0].Mounts[0].Source')" == "$vol" ]] || sixd_fail "Mounts.Source"
	[[ "$(q '.[0].Mounts[0].RW')" == false ]] || sixd_fail "Mounts.RW"
	[[ "$(q '.[0].Config.Env | index("FOO=bar-baz")')" != null ]] || sixd_fail "Config.Env"
	[[ "$(q '.[0].Config.Cmd | join(" ")')" == "sleep 1000" ]] || sixd_fail "Config.Cmd"
	[[ "$(q '.[0].Config.Image')" == busybox ]] || sixd_fail "Config.Image"
	[[ "$(q '.[0].Config.WorkingDir')" == /tmp ]] || sixd_fail "Config.WorkingDir"
	[[ "$(q '.[0].Config.Hostname')" == "${id:0:12}" ]] || sixd_fail "Config.Hostname"
	[[ -f "$(q '.[0].LogPath')" ]] || sixd_fail "LogPath is not a file"
	# indented by 4 spaces, as docker
	[[ "${lines[1]}" == '    {' && "${lines[2]}" == '        "Id": "'"$id"'",' ]] ||
		sixd_fail "not indented as docker"
}

@test "inspect: -f templates, by name, id and id prefix" {
	local name id
	name=$(sixd_name)
	start "$name"
	id=$(field "$name" id)
	run sixd inspect -f '{{.State.Status}}' "$name"
	assert_success
	assert_output running
	run sixd inspect --format '{{ .Name }} {{.State.Running}} {{json .Config.Cmd}}' "$id"
	assert_output "/$name true [\"sleep\",\"1000\"]"
	run sixd inspect -f '{{.Id}}\t{{.NoSuchField}}' "${id:0:10}"
	assert_output "$id"$'\t<no value>'
	run sixd inspect -f '{{json .State}}' "$name"
	[[ "$(jq -r .Pid <<<"$output")" == "$(field "$name" pid)" ]] || sixd_fail "json .State"
}

@test "inspect: -f control actions: range over the mounts, if/else, with, variables" {
	local name rw ro
	name=$(sixd_name)
	rw=$BATS_TEST_TMPDIR/rw
	ro=$BATS_TEST_TMPDIR/ro
	mkdir -p "$rw" "$ro"
	start "$name" -v "$rw:/data" -v "$ro:/ro:ro" -e FOO=bar
	run sixd inspect -f '{{range .Mounts}}{{.Destination}} {{end}}' "$name"
	assert_success
	assert_output "/data /ro "
	run sixd inspect -f '{{range $i, $m := .Mounts}}{{if $i}},{{end}}{{$m.Destination}}:{{if $m.RW}}rw{{else}}ro{{end}}{{end}}' "$name"
	assert_output "/data:rw,/ro:ro"
	run sixd inspect -f '{{with .State}}{{if and .Running (gt .Pid 0)}}{{.Status}}{{end}}{{end}} {{len .Mounts}} {{range .Config.Env}}{{if eq . "FOO=bar"}}{{printf "%q" .}}{{end}}{{end}}' "$name"
	assert_output 'running 2 "FOO=bar"'
	run sixd inspect -f '{{range .NoSuch}}x{{else}}none{{end}} {{$.Name}}' "$name"
	assert_output "none /$name"
	run --separate-stderr sixd inspect -f '{{if .State.Running}}up' "$name"
	assert_status 125
	assert_stderr_contains "{{if}} has no {{end}}"
	[[ -z "$output" ]] || sixd_fail "output despite a bad template"
	run --separate-stderr sixd inspect -f '{{.Name}}{{end}}' "$name"
	assert_status 125
	assert_stderr_contains "unexpected {{end}}"
}

@test "inspect: an exited container, its exit code, and several at once" {
	local a b
	a=$(sixd_name a)
	b=$(sixd_name b)
	run sixd run --name "$a" busybox sh -c 'exit 4'
	assert_status 4
	start "$b"
	run sixd inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{.State.Pid}}' "$a" "$b"
	assert_success
	assert_line_count 2
	[[ "${lines[0]}" == "/$a exited 4 0" ]] || sixd_fail "first line"
	[[ "${lines[1]}" =~ ^/$b\ running\ 0\ [1-9][0-9]*$ ]] || sixd_fail "second line"
	run sixd inspect "$a" "$b"
	[[ "$(q 'map(.Name) | join(",")')" == "/$a,/$b" ]] || sixd_fail "both, in order"
	[[ "$(q '.[0].State.FinishedAt')" != 0001-01-01T00:00:00Z ]] || sixd_fail "FinishedAt"
}

@test "inspect: a container killed behind sixdocker's back is reported exited" {
	local name mon pid
	name=$(sixd_name)
	start "$name"
	mon=$(field "$name" monitor_pid)
	pid=$(field "$name" pid)
	kill -KILL "$mon"
	kill -KILL "$pid" 2>/dev/null || true
	retry 10 test ! -e "/proc/$pid"
	run sixd inspect -f '{{.State.Status}} {{.State.Running}} {{.State.Pid}}' "$name"
	assert_success
	assert_output "exited false 0"
}

@test "inspect: an unknown container fails with one line on stderr" {
	local name
	name=$(sixd_name)
	start "$name"
	run --separate-stderr sixd inspect "$name-nope"
	assert_status 125
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one line on stderr"
	assert_stderr_contains "no such container: $name-nope"
	assert_output "[]"
	# the ones found are printed, then the error
	run --separate-stderr sixd inspect -f '{{.Name}}' "$name" "$name-nope"
	assert_status 125
	assert_output "/$name"
	assert_stderr_contains "no such container: $name-nope"
	run --separate-stderr sixd inspect -f '{{.Name' "$name"
	assert_status 125
	assert_stderr_contains "unclosed action"
	[[ -z "$output" ]] || sixd_fail "output despite a bad template"
	run sixd inspect
	assert_status 125
}
