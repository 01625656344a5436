#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker images [-q] [--no-trunc] [REPOSITORY[:TAG]]
#
# The images come from `import` of a busybox root filesystem made here with
# tar (the tests may shell out; the engine may not).

load helpers

HEADER_RE='^REPOSITORY +TAG +IMAGE ID +CREATED +SIZE$'

# A minimal busybox root filesystem as a tarball at $1.
make_busybox_tar()
{
	local dir=$BATS_TEST_TMPDIR/rootfs
	mkdir -p "$dir/bin" "$dir/etc" "$dir/tmp"
	cp /bin/busybox "$dir/bin/busybox"
	ln -s /bin/busybox "$dir/bin/sh"
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$dir/etc/passwd"
	tar -C "$dir" -cf "$1" .
}

# Import a fresh busybox tarball as $1; prints the image id (sha256:...).
import_busybox()
{
	local tarball=$BATS_TEST_TMPDIR/busybox.tar
	[[ -f "$tarball" ]] || make_busybox_tar "$tarball"
	sixd import "$tarball" "$1"
}

# Docker's human size with 3 significant digits and decimal units (4.27MB, 100B).
human_size()
{
	awk -v b="$1" 'BEGIN {
		split("B kB MB GB TB", u, " "); i = 1
		while (b >= 1000 && i < 5) { b /= 1000; i++ }
		printf "%.3g%s\n", b, u[i] }'
}

# The 0-based offset of the first occurrence of $2 in $1.
offset_of()
{
	local prefix=${1%%"$2"*}
	printf '%s\n' "${#prefix}"
}

@test "images on an empty store prints only the header" {
	run --separate-stderr sixd --data-root "$BATS_TEST_TMPDIR/empty" images
	assert_success
	assert_line_count 1
	assert_output "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE"
}

@test "images lists an imported busybox:latest with docker's columns" {
	local id row header size short created human
	id=$(import_busybox busybox:latest)
	run --separate-stderr sixd images busybox
	assert_success
	assert_line_count 2
	header=${lines[0]}
	row=${lines[1]}
	[[ "$header" =~ $HEADER_RE ]] || sixd_fail "bad header"
	[[ "$row" =~ ^busybox\ +latest\ +([0-9a-f]{12})\ +([A-Za-z0-9 ]+\ ago)\ +([0-9.]+[kMG]?B)$ ]] ||
		sixd_fail "bad row: $row"
	short=${BASH_REMATCH[1]} created=${BASH_REMATCH[2]} human=${BASH_REMATCH[3]}
	[[ "$short" == "${id:7:12}" ]] || sixd_fail "id $short is not $id"
	[[ "$created" =~ ^(Less\ than\ a\ second|[0-9]+\ seconds|About\ a\ minute)\ ago$ ]] ||
		sixd_fail "bad CREATED: $created"
	# SIZE: the sum of the regular files (busybox and etc/passwd)
	size=$(($(stat -c %s /bin/busybox) + $(stat -c %s "$BATS_TEST_TMPDIR/rootfs/etc/passwd")))
	[[ "$human" == "$(human_size "$size")" ]] || sixd_fail "SIZE $human is not $(human_size "$size")"
	# aligned like docker's tabwriter: every column starts where its header does
	[[ "$(offset_of "$header" TAG)" == "$(offset_of "$row" latest)" ]] || sixd_fail "TAG column"
	[[ "$(offset_of "$header" "IMAGE ID")" == "$(offset_of "$row" "$short")" ]] ||
		sixd_fail "IMAGE ID column"
	[[ "$(offset_of "$header" CREATED)" == "$(offset_of "$row" "$created")" ]] ||
		sixd_fail "CREATED column"
	[[ "$(offset_of "$header" SIZE)" == "$(offset_of "$row" "$human")" ]] || sixd_fail "SIZE column"
	# columns are padded with at least 3 spaces, and at least 10 wide
	[[ "$header" == "REPOSITORY   TAG       IMAGE ID       CREATED"* ]] || sixd_fail "widths"
}

@test "images -q prints each image's 12-hex id once" {
	local id data=$SIXDOCKER_DATA
	id=$(import_busybox "$(sixd_name):v1")
	# a second name for the same image (no `tag` command yet: edit the store)
	jq --arg n "$(sixd_name)-alias:latest" --arg id "${id#sha256:}" '. + {($n): $id}' \
		"$data/repositories.json" >"$BATS_TEST_TMPDIR/repos.json"
	mv "$BATS_TEST_TMPDIR/repos.json" "$data/repositories.json"

	run --separate-stderr sixd images -q
	assert_success
	for line in "${lines[@]}"; do
		[[ "$line" =~ ^[0-9a-f]{12}$ ]] || sixd_fail "not a short id: $line"
	done
	[[ "$(printf '%s\n' "${lines[@]}" | grep -c "^${id:7:12}$")" == 1 ]] ||
		sixd_fail "expected ${id:7:12} exactly once"
	[[ "$(printf '%s\n' "${lines[@]}" | sort -u | wc -l)" == "${#lines[@]}" ]] ||
		sixd_fail "repeated ids"

	run --separate-stderr sixd images
	assert_success
	assert_output_matches "$(sixd_name) +v1 +${id:7:12} "
	assert_output_matches "$(sixd_name)-alias +latest +${id:7:12} "
}

@test "images --no-trunc shows full ids, the filter selects names" {
	local id
	id=$(import_busybox "$(sixd_name):1.0")
	run --separate-stderr sixd images --no-trunc "$(sixd_name)"
	assert_success
	assert_line_count 2
	assert_output_matches "$(sixd_name) +1\\.0 +sha256:${id#sha256:} "

	run --separate-stderr sixd images -q --no-trunc "$(sixd_name):1.0"
	assert_success
	assert_output "$id"

	run --separate-stderr sixd images "$(sixd_name):2.0"
	assert_success
	assert_line_count 1
	run --separate-stderr sixd images -q "$(sixd_name)-nosuch"
	assert_success
	assert_output ""
}

@test "an image whose name moved on shows as <none>" {
	local old new
	old=$(import_busybox "$(sixd_name)")
	new=$(import_busybox "$(sixd_name)")
	[[ "$old" != "$new" ]]
	run --separate-stderr sixd images
	assert_success
	assert_output_matches "<none> +<none> +${old:7:12} "
	assert_output_matches "$(sixd_name) +latest +${new:7:12} "
}

@test "images --help prints usage and exits 0" {
	run --separate-stderr sixd images --help
	assert_success
	assert_output_contains "Usage:  sixdocker images"
	assert_output_contains "--no-trunc"
}

@test "images with an unknown flag exits 125 with one line" {
	run --separate-stderr sixd images --bogus
	assert_status 125
	assert_output ""
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one stderr line"
	assert_stderr_contains "unknown flag: --bogus"
}

@test "images with two arguments exits 125" {
	run --separate-stderr sixd images a b
	assert_status 125
	assert_stderr_contains "at most 1 argument"
}

@test "images -a lists every image, as images does" {
	local id
	id=$(import_busybox "$(sixd_name)")
	run --separate-stderr sixd images -a -q --no-trunc
	assert_success
	assert_output_contains "$id"
	[[ "$output" == "$(sixd images -q --no-trunc)" ]] || sixd_fail "-a differs"
}

@test "image inspect shows Id, RepoTags, Config, RootFS and Size like docker" {
	local img id
	img=$(sixd_name)
	sixd run --name "$(sixd_name 1)" busybox sh -c 'echo x >/x'
	sixd commit -m "a message" -a "Jane" -c 'ENV K=V' -c 'CMD ["cat","/x"]' \
		"$(sixd_name 1)" "$img:v1" >/dev/null
	id=$(sixd images -q --no-trunc "$img:v1")
	run --separate-stderr sixd image inspect "$img:v1"
	assert_success
	[[ "$(jq length <<<"$output")" == 1 ]] || sixd_fail "not one object"
	[[ "$(jq -r '.[0].Id' <<<"$output")" == "$id" ]] || sixd_fail "Id"
	[[ "$(jq -c '.[0].RepoTags' <<<"$output")" == "[\"$img:v1\"]" ]] || sixd_fail "RepoTags"
	[[ "$(jq -c '.[0].Config.Cmd' <<<"$output")" == '["cat","/x"]' ]] || sixd_fail "Cmd"
	[[ "$(jq -r '.[0].Config.Env[]' <<<"$output")" == *K=V* ]] || sixd_fail "Env"
	[[ "$(jq -r '.[0].Comment' <<<"$output")" == "a message" ]] || sixd_fail "Comment"
	[[ "$(jq -r '.[0].Author' <<<"$output")" == "Jane" ]] || sixd_fail "Author"
	[[ "$(jq -r '.[0].Os' <<<"$output")" == linux ]] || sixd_fail "Os"
	[[ "$(jq '.[0].Size > 0' <<<"$output")" == true ]] || sixd_fail "Size"
	[[ "$(jq -c '.[0].RootFS.Layers' <<<"$output")" == \
		"$(jq -c '.rootfs.diff_ids' "$SIXDOCKER_DATA/images/${id#sha256:}.json")" ]] ||
		sixd_fail "RootFS.Layers"

	run --separate-stderr sixd image inspect -f '{{.Id}} {{len .RootFS.Layers}}' "$img:v1" \
		"$(sixd_name)-nosuch"
	assert_status 125
	[[ "$output" =~ ^$id\ [0-9]+$ ]] || sixd_fail "template line"
	assert_stderr_contains "no such image: $(sixd_name)-nosuch"
}

@test "image ls, image rm and image tag are the images, rmi and tag commands" {
	local id
	id=$(import_busybox "$(sixd_name)")
	run --separate-stderr sixd image tag "$(sixd_name)" "$(sixd_name)-two:v2"
	assert_success
	run --separate-stderr sixd image ls "$(sixd_name)-two"
	assert_success
	assert_output_matches "$(sixd_name)-two +v2 +${id:7:12} "
	run --separate-stderr sixd image rm "$(sixd_name)-two:v2"
	assert_success
	assert_output "Untagged: $(sixd_name)-two:v2"
	run --separate-stderr sixd image bogus
	assert_status 125
	assert_stderr_contains "unknown command: 'bogus'"
}
