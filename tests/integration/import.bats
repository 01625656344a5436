#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker import FILE|- [REPOSITORY[:TAG]]
#
# The tarballs are made here with tar (the tests may shell out; the engine may not).

load helpers

# The unpacked layer of image $1 (a name or id), from the store's own files.
layer_dir()
{
	local id diff
	id=$(jq -r --arg n "$1" '.[$n] // empty' "$SIXDOCKER_DATA/repositories.json")
	diff=$(jq -r '.rootfs.diff_ids[0]' "$SIXDOCKER_DATA/images/${id:-$1}.json")
	printf '%s\n' "$SIXDOCKER_DATA/layers/${diff#sha256:}/diff"
}

# Everything under the data root's layers/ and images/, to compare before and after.
store_listing()
{
	find "$SIXDOCKER_DATA/layers" "$SIXDOCKER_DATA/images" -mindepth 1 -maxdepth 1 \
		2>/dev/null | sort
	cat "$SIXDOCKER_DATA/repositories.json" 2>/dev/null || true
}

# An import of tarball $1 must fail with 125, one line naming $2, and change nothing.
assert_refused()
{
	local before
	before=$(store_listing)
	run --separate-stderr sixd import "$1" "$(sixd_name)-evil"
	assert_status 125
	assert_output ""
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one stderr line"
	assert_stderr_contains "$2"
	[[ "$(store_listing)" == "$before" ]] || sixd_fail "the store changed"
	[[ -z "$(find "$SIXDOCKER_DATA/layers" -mindepth 1 -maxdepth 1 -name '.tmp-*')" ]] ||
		sixd_fail "a temporary directory was left in layers/"
}

@test "import prints the image id and names the image" {
	local src=$BATS_TEST_TMPDIR/src id
	mkdir -p "$src/etc"
	echo hello >"$src/etc/motd"
	tar -C "$src" -cf "$BATS_TEST_TMPDIR/a.tar" .
	run --separate-stderr sixd import "$BATS_TEST_TMPDIR/a.tar" "$(sixd_name):v1"
	assert_success
	assert_output_matches '^sha256:[0-9a-f]{64}$'
	id=$output
	[[ -f "$SIXDOCKER_DATA/images/${id#sha256:}.json" ]]
	[[ "$(cat "$(layer_dir "$(sixd_name):v1")/etc/motd")" == hello ]]

	run --separate-stderr sixd images "$(sixd_name)"
	assert_success
	assert_output_matches "$(sixd_name) +v1 +${id:7:12} "
}

@test "import keeps owners, modes, links, device nodes and xattrs" {
	local src=$BATS_TEST_TMPDIR/src diff
	mkdir -p "$src/bin" "$src/dev" "$src/tmp"
	chmod 1777 "$src/tmp"
	printf 'x' >"$src/bin/su"
	chown 1234:5678 "$src/bin/su"
	chmod 4755 "$src/bin/su"
	ln "$src/bin/su" "$src/bin/hard"
	ln -s su "$src/bin/soft"
	mknod "$src/dev/null" c 1 3
	mkfifo "$src/dev/fifo"
	printf 'data' >"$src/attr"
	# GNU tar has no way to set an xattr, but can write one into the pax header
	tar --format=pax --pax-option='SCHILY.xattr.user.sixd:=hello' -C "$src" \
		-cf "$BATS_TEST_TMPDIR/x.tar" attr
	tar -C "$src" -rf "$BATS_TEST_TMPDIR/x.tar" bin dev tmp

	run --separate-stderr sixd import "$BATS_TEST_TMPDIR/x.tar" "$(sixd_name)"
	assert_success
	diff=$(layer_dir "$(sixd_name):latest")
	[[ "$(stat -c '%a %u:%g' "$diff/bin/su")" == "4755 1234:5678" ]]
	[[ "$(stat -c %i "$diff/bin/su")" == "$(stat -c %i "$diff/bin/hard")" ]]
	[[ "$(readlink "$diff/bin/soft")" == su ]]
	[[ "$(stat -c '%F %t:%T' "$diff/dev/null")" == "character special file 1:3" ]]
	[[ -p "$diff/dev/fifo" ]]
	[[ "$(stat -c %a "$diff/tmp")" == 1777 ]]
	# read the xattr back through tar: the pax record carries name and value
	tar --xattrs --xattrs-include='user.*' --format=pax -C "$diff" -cf - attr |
		grep -a -q 'SCHILY.xattr.user.sixd=hello'
}

@test "import reads compressed tarballs and stdin; the same content is one layer" {
	local src=$BATS_TEST_TMPDIR/src a b c layers
	mkdir -p "$src"
	echo "$BATS_TEST_NAME" >"$src/file"
	tar -C "$src" -cf "$BATS_TEST_TMPDIR/c.tar" file
	gzip -k "$BATS_TEST_TMPDIR/c.tar"
	layers=$(find "$SIXDOCKER_DATA/layers" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)

	a=$(sixd import "$BATS_TEST_TMPDIR/c.tar" "$(sixd_name):plain")
	b=$(sixd import "$BATS_TEST_TMPDIR/c.tar.gz" "$(sixd_name):gz")
	c=$(sixd import - "$(sixd_name):stdin" <"$BATS_TEST_TMPDIR/c.tar.gz")
	[[ "$a" != "$b" && "$b" != "$c" ]]
	[[ "$(layer_dir "$(sixd_name):plain")" == "$(layer_dir "$(sixd_name):gz")" ]]
	[[ "$(layer_dir "$(sixd_name):gz")" == "$(layer_dir "$(sixd_name):stdin")" ]]
	[[ "$(find "$SIXDOCKER_DATA/layers" -mindepth 1 -maxdepth 1 | wc -l)" == $((layers + 1)) ]]
	# the layer is named by the sha256 of the uncompressed tar
	[[ "$(layer_dir "$(sixd_name):gz")" == */"$(sha256sum <"$BATS_TEST_TMPDIR/c.tar" | cut -d' ' -f1)"/diff ]]
}

@test "import without a name makes an untagged image" {
	local src=$BATS_TEST_TMPDIR/src id
	mkdir -p "$src"
	echo "$BATS_TEST_NAME" >"$src/f"
	tar -C "$src" -cf "$BATS_TEST_TMPDIR/n.tar" f
	id=$(sixd import "$BATS_TEST_TMPDIR/n.tar")
	run --separate-stderr sixd images
	assert_output_matches "<none> +<none> +${id:7:12} "
}

@test "import refuses a tarball with a '..' entry and leaves nothing behind" {
	local dir=$BATS_TEST_TMPDIR/evil
	mkdir -p "$dir/a/b"
	echo ok >"$dir/a/b/ok"
	echo evil >"$dir/a/x"
	(cd "$dir/a/b" && tar -P -cf "$dir/dotdot.tar" ok ../x)
	assert_refused "$dir/dotdot.tar" "'../x'"
	[[ ! -e "$SIXDOCKER_DATA/x" && ! -e "$SIXDOCKER_DATA/layers/x" ]]
}

@test "import refuses absolute paths and escaping hard links" {
	local dir=$BATS_TEST_TMPDIR/evil
	mkdir -p "$dir"
	echo evil >"$dir/x"
	tar -P -cf "$dir/abs.tar" "$dir/x"
	assert_refused "$dir/abs.tar" "'$dir/x'"

	echo f >"$dir/f"
	ln "$dir/f" "$dir/g"
	(cd "$dir" && tar -P --transform='s,^f$,../../etc/passwd,R' -cf hard.tar f g)
	assert_refused "$dir/hard.tar" "'../../etc/passwd'"
}

@test "import refuses a file that is not a tarball" {
	echo "not a tarball" >"$BATS_TEST_TMPDIR/junk"
	assert_refused "$BATS_TEST_TMPDIR/junk" "junk"
	assert_refused "$BATS_TEST_TMPDIR/missing.tar" "No such file or directory"
}

@test "import refuses an invalid name before unpacking" {
	local src=$BATS_TEST_TMPDIR/src
	mkdir -p "$src"
	echo x >"$src/f"
	tar -C "$src" -cf "$BATS_TEST_TMPDIR/f.tar" f
	run --separate-stderr sixd import "$BATS_TEST_TMPDIR/f.tar" Bad:Name
	assert_status 125
	assert_stderr_contains "invalid reference format"
}

@test "import usage: --help, missing and extra arguments" {
	run --separate-stderr sixd import --help
	assert_success
	assert_output_contains "Usage:  sixdocker import"
	run --separate-stderr sixd import
	assert_status 125
	assert_stderr_contains "requires at least 1 and at most 2 arguments"
	run --separate-stderr sixd import a b c
	assert_status 125
	run --separate-stderr sixd import --bogus x
	assert_status 125
	assert_stderr_contains "unknown flag: --bogus"
}
