#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker commit / tag / rmi / history: layered commits on the default
# busybox image, OCI whiteouts, layer dedup, images in use.

load helpers

# The number of layers in the store.
layer_count()
{
	find "$SIXDOCKER_DATA/layers" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l
}

# Run a container named $1 that changes the busybox filesystem: an added, a
# modified and a deleted file, and a replaced directory.
make_changes()
{
	sixd run --name "$1" busybox sh -c '
		mkdir -p /etc/x && touch /etc/x/old
		echo added >/added
		echo modified >>/etc/passwd
		rm /etc/group'
}

@test "commit round trip: added, modified, deleted files and a replaced directory" {
	local c1 c2 img1 img2 id
	c1=$(sixd_name 1) c2=$(sixd_name 2) img1=$(sixd_name)-one img2=$(sixd_name)-two
	run --separate-stderr sixd run --name "$(sixd_name 0)" busybox cat /etc/group
	assert_success
	make_changes "$c1"
	run --separate-stderr sixd commit "$c1" "$img1"
	assert_success
	[[ "$output" =~ ^sha256:[0-9a-f]{64}$ ]] || sixd_fail "not an image id"

	run --separate-stderr sixd run --name "$(sixd_name 3)" "$img1" sh -c \
		'cat /added; tail -n 1 /etc/passwd; ls /etc/x; test -e /etc/group || echo gone'
	assert_success
	assert_output $'added\nmodified\nold\ngone'

	# replace the directory in a container of the committed image, commit again
	sixd run --name "$c2" "$img1" sh -c 'rm -rf /etc/x; mkdir /etc/x; touch /etc/x/new'
	run --separate-stderr sixd commit "$c2" "$img2"
	assert_success
	id=$output
	run --separate-stderr sixd run --name "$(sixd_name 4)" "$id" sh -c \
		'ls /etc/x; cat /added; test -e /etc/group || echo gone'
	assert_success
	assert_output $'new\nadded\ngone'
}

@test "a two-commit stack has the parent's layers plus one" {
	local img1 img2
	img1=$(sixd_name)-one img2=$(sixd_name)-two
	sixd run --name "$(sixd_name 1)" busybox sh -c 'echo one >/one'
	sixd commit -m "first step" -a "Jane <jane@example.com>" "$(sixd_name 1)" "$img1:v1"
	sixd run --name "$(sixd_name 2)" "$img1:v1" sh -c 'echo two >/two'
	sixd commit -c 'CMD ["cat","/one","/two"]' -c 'ENV GREETING=hello' -c 'WORKDIR /etc' \
		"$(sixd_name 2)" "$img2"
	run --separate-stderr sixd run --name "$(sixd_name 3)" "$img2"
	assert_success
	assert_output $'one\ntwo'
	run --separate-stderr sixd run --name "$(sixd_name 4)" "$img2" sh -c 'echo $GREETING; pwd'
	assert_success
	assert_output $'hello\n/etc'

	local base one two
	base=$(jq '.rootfs.diff_ids | length' "$SIXDOCKER_DATA/images/$(sixd images -q --no-trunc busybox | cut -c8-).json")
	one=$(jq -c '.rootfs.diff_ids' "$SIXDOCKER_DATA/images/$(sixd images -q --no-trunc "$img1:v1" | cut -c8-).json")
	two=$(jq -c '.rootfs.diff_ids' "$SIXDOCKER_DATA/images/$(sixd images -q --no-trunc "$img2" | cut -c8-).json")
	[[ "$(jq length <<<"$one")" == $((base + 1)) ]] || sixd_fail "one: $one"
	[[ "$(jq length <<<"$two")" == $((base + 2)) ]] || sixd_fail "two: $two"
	[[ "$(jq -c '.[:-1]' <<<"$two")" == "$one" ]] || sixd_fail "two does not stack on one"
}

@test "history shows the commits newest first with docker's columns" {
	local img
	img=$(sixd_name)
	sixd run --name "$(sixd_name 1)" busybox sh -c 'echo one >/one'
	sixd commit -m "first step" "$(sixd_name 1)" "$img"
	run --separate-stderr sixd history "$img"
	assert_success
	[[ "${lines[0]}" =~ ^IMAGE\ +CREATED\ +CREATED\ BY\ +SIZE\ +COMMENT$ ]] || sixd_fail "header"
	[[ "${lines[1]}" =~ ^[0-9a-f]{12}\ +.*\ ago\ +sh\ -c\ echo\ one\ \>/one\ +4B\ +first\ step$ ]] ||
		sixd_fail "newest row: ${lines[1]}"
	[[ "${lines[2]}" =~ ^\<missing\>\ +.*\ ago\ +.*\ [0-9.]+[kMG]?B\ *$ ]] ||
		sixd_fail "base row: ${lines[2]}"
	[[ "${lines[1]:0:12}" == "$(sixd images -q "$img")" ]] || sixd_fail "IMAGE column"
}

@test "committing the same container twice gives the same layer on disk" {
	local before c
	c=$(sixd_name 1)
	make_changes "$c"
	sixd commit "$c" "$(sixd_name)-a"
	before=$(layer_count)
	sixd commit "$c" "$(sixd_name)-b"
	[[ "$(layer_count)" == "$before" ]] || sixd_fail "a second layer was stored"
	[[ "$(sixd images -q "$(sixd_name)-a")" != "$(sixd images -q "$(sixd_name)-b")" ]] ||
		sixd_fail "the images should differ (created time)"
}

@test "rmi refuses an image in use, -f untags it, rmi after rm deletes it and its layer" {
	local c img id before
	c=$(sixd_name 1) img=$(sixd_name)
	sixd run --name "$c" busybox sh -c "echo $img >/unique"
	sixd commit "$c" "$img"
	sixd run --name "$(sixd_name 2)" "$img" true
	id=$(sixd images -q --no-trunc "$img")
	before=$(layer_count)

	run --separate-stderr sixd rmi "$img"
	assert_status 1
	assert_stderr_contains "must force"
	assert_stderr_contains "${id:7:12}"
	run --separate-stderr sixd images -q "$img"
	assert_output "${id:7:12}"

	run --separate-stderr sixd rmi -f "$img"
	assert_success
	assert_output "Untagged: $img:latest"
	[[ -f "$SIXDOCKER_DATA/images/${id#sha256:}.json" ]] || sixd_fail "the image went"

	sixd rm "$(sixd_name 2)"
	run --separate-stderr sixd rmi "$id"
	assert_success
	assert_line_count 2
	[[ "${lines[0]}" == "Deleted: $id" ]] || sixd_fail "first line"
	[[ "${lines[1]}" =~ ^Deleted:\ sha256:[0-9a-f]{64}$ ]] || sixd_fail "layer line"
	[[ "$(layer_count)" == $((before - 1)) ]] || sixd_fail "the layer stayed"
	[[ ! -e "$SIXDOCKER_DATA/images/${id#sha256:}.json" ]] || sixd_fail "the image stayed"
	# the base image is untouched
	run --separate-stderr sixd run --name "$(sixd_name 3)" busybox true
	assert_success
}

@test "tag names an image again; rmi of one name only untags" {
	local img id
	img=$(sixd_name)
	sixd run --name "$(sixd_name 1)" busybox true
	sixd commit "$(sixd_name 1)" "$img:v1"
	id=$(sixd images -q "$img:v1")
	run --separate-stderr sixd tag "$img:v1" "$img-other:v2"
	assert_success
	assert_output ""
	run --separate-stderr sixd images
	assert_output_matches "$img +v1 +$id "
	assert_output_matches "$img-other +v2 +$id "

	run --separate-stderr sixd rmi "$id"
	assert_status 1
	assert_stderr_contains "referenced in multiple repositories"
	run --separate-stderr sixd rmi "$img:v1"
	assert_success
	assert_output "Untagged: $img:v1"
	run --separate-stderr sixd images -q "$img-other"
	assert_output "$id"

	run --separate-stderr sixd rmi "$img-nosuch" "$img-other:v2"
	assert_status 1
	assert_stderr_contains "no such image: $img-nosuch"
	assert_output_contains "Untagged: $img-other:v2"
	run --separate-stderr sixd rmi --bogus "$img"
	assert_status 125
	run --separate-stderr sixd tag "$img-nosuch" "$img:v3"
	assert_status 125
	assert_stderr_contains "no such image"
	run --separate-stderr sixd tag "$id" "Bad:Name"
	assert_status 125
	assert_stderr_contains "invalid reference format"
}

# The freezer state of container $1's cgroup: FROZEN/THAWED (v1) or 1/0 (v2).
freezer_state()
{
	local id
	id=$(sixd inspect -f '{{.Id}}' "$1")
	if [[ -f /sys/fs/cgroup/freezer/sixdocker/$id/freezer.state ]]; then
		cat "/sys/fs/cgroup/freezer/sixdocker/$id/freezer.state"
	else
		cat "/sys/fs/cgroup/sixdocker/$id/cgroup.freeze"
	fi
}

# The counter a running container $1 writes (renamed into place: never seen half written).
counter()
{
	sixd exec "$1" cat /counter
}

@test "commit of a running container pauses it, and it runs on, not frozen" {
	local c img a
	c=$(sixd_name 1) img=$(sixd_name)
	sixd run -d --name "$c" busybox sh -c \
		'i=0; while :; do i=$((i + 1)); echo $i >/c.tmp; mv /c.tmp /counter; usleep 10000; done' \
		>/dev/null
	retry 10 counter "$c"
	run --separate-stderr sixd --log-level debug commit "$c" "$img:v1"
	assert_success
	assert_output_matches '^sha256:[0-9a-f]{64}$'
	assert_stderr_contains "container paused (cgroup frozen)"
	assert_stderr_contains "container resumed"
	run freezer_state "$c"
	assert_output_matches '^(THAWED|0)$'
	run --separate-stderr sixd inspect -f '{{.State.Status}}' "$c"
	assert_output running
	# it goes on writing
	a=$(counter "$c")
	retry 10 bash -c "(( \$('$SIXDOCKER' exec '$c' cat /counter) > $a ))"
	# the image holds what the container had written
	run --separate-stderr sixd run --name "$(sixd_name 2)" "$img:v1" cat /counter
	assert_success
	assert_output_matches '^[0-9]+$'

	# --pause=false and -p=false leave it running through the commit
	run --separate-stderr sixd --log-level debug commit --pause=false "$c" "$img:v2"
	assert_success
	[[ "$stderr" != *"container paused"* ]] || sixd_fail "paused with --pause=false"
	run --separate-stderr sixd --log-level debug commit -p=false "$c" "$img:v3"
	assert_success
	[[ "$stderr" != *"container paused"* ]] || sixd_fail "paused with -p=false"
	run --separate-stderr sixd commit --pause=maybe "$c" "$img:v4"
	assert_status 125
	assert_stderr_contains "invalid boolean value 'maybe'"
}

@test "a commit killed while the container is paused leaves it running, not frozen" {
	local c pid state i
	c=$(sixd_name 1)
	# a big upper dir, so that reading it takes a while
	sixd run -d --name "$c" busybox sh -c 'head -c 268435456 /dev/zero >/big; touch /ready; exec sleep 300' \
		>/dev/null
	retry 60 sixd exec "$c" test -e /ready
	sixd commit "$c" "$(sixd_name)" >/dev/null 2>&1 3>&- &
	pid=$!
	for ((i = 0; i < 2000; i++)); do
		state=$(freezer_state "$c")
		[[ "$state" == FROZEN || "$state" == 1 ]] && break
		kill -0 "$pid" 2>/dev/null || sixd_fail "the commit ended before the container was seen frozen"
		sleep 0.005
	done
	kill -TERM "$pid"
	builtin wait "$pid" || true
	run freezer_state "$c"
	assert_output_matches '^(THAWED|0)$'
	run --separate-stderr sixd exec "$c" echo alive
	assert_success
	assert_output alive
}

@test "a commit SIGKILLed while the container is paused leaves it thawed" {
	local c i
	command -v strace >/dev/null || skip "strace (scripts/install-deps.sh) injects the kill"
	c=$(sixd_name 1)
	sixd run -d --name "$c" busybox sh -c 'head -c 3000000 /dev/urandom >/blob; touch /ready; exec sleep 300' \
		>/dev/null
	retry 30 sixd exec "$c" test -e /ready
	# SIGKILL cannot be held back: killed while writing the layer, the container frozen
	run sixd_strace -e trace=write -e inject=write:signal=KILL:when=10 sixd commit "$c" "$(sixd_name)"
	assert_status 137
	for ((i = 0; i < 50; i++)); do
		[[ "$(freezer_state "$c")" =~ ^(THAWED|0)$ ]] && break
		sleep 0.1 # the guard thaws it once the commit is gone
	done
	run freezer_state "$c"
	assert_output_matches '^(THAWED|0)$'
	run --separate-stderr timeout -k 1 10 "$SIXDOCKER" exec "$c" echo alive
	assert_success
	assert_output alive
}

@test "commit of an upper dir that cannot be read fails and makes no image" {
	local c img
	command -v strace >/dev/null || skip "strace (scripts/install-deps.sh) injects the error"
	c=$(sixd_name 1) img=$(sixd_name)
	sixd run --name "$c" busybox sh -c 'mkdir /d && echo x >/d/f'
	# an I/O error listing a directory of the container's changes
	run --separate-stderr sixd_strace -e trace=getdents64 -e inject=getdents64:error=EIO:when=1 \
		sixd commit "$c" "$img"
	assert_status 125
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one line on stderr"
	assert_stderr_contains "upper"
	assert_stderr_contains "Input/output error"
	run sixd images -q "$img"
	assert_output ""
}

@test "commit refuses a bad change" {
	local c
	c=$(sixd_name 1)
	sixd run --name "$c" busybox true
	run --separate-stderr sixd commit -c 'EXPOSE 80' "$c" "$(sixd_name)"
	assert_status 125
	assert_stderr_contains "unsupported change 'EXPOSE'"
}
