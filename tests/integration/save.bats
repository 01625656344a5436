#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker save / load: OCI image layout archives and docker-save archives,
# interoperable with podman and skopeo, and what load refuses.
#
# podman runs with a private configuration only: CONTAINERS_CONF and
# CONTAINERS_STORAGE_CONF under this file's temporary directory (vfs storage,
# no network, runc, cgroupfs with its own cgroup parent), and inside a private
# mount namespace where /var/lib and /run are directories of ours, so it never
# touches the host's /var/lib/containers or /run.  Archives and rootfs trees are made
# here with tar (the tests may shell out; the engine may not).

load helpers

setup_file()
{
	sixd_setup_file
	export PM_DIR=$SIXD_BASE/podman
	export PM_CGROUP=sixdtest-podman-$$
	export CONTAINERS_CONF=$PM_DIR/containers.conf
	export CONTAINERS_STORAGE_CONF=$PM_DIR/storage.conf
	mkdir -p "$PM_DIR/varlib" "$PM_DIR/hostrun" "$PM_DIR/tmp" "$PM_DIR/net"
	cat >"$CONTAINERS_CONF" <<-EOF
		[containers]
		default_ulimits = ["nofile=1024:1024", "nproc=32768:32768"]
		netns = "none"
		[engine]
		cgroup_manager = "cgroupfs"
		events_logger = "file"
		runtime = "runc"
		tmp_dir = "$PM_DIR/tmp"
		[network]
		network_backend = "cni"
		network_config_dir = "$PM_DIR/net"
	EOF
	cat >"$CONTAINERS_STORAGE_CONF" <<-EOF
		[storage]
		driver = "vfs"
		graphroot = "$PM_DIR/graph"
		runroot = "$PM_DIR/run"
	EOF
	export PODMAN_SKIP=
	podman_base_image || true
}

teardown_file()
{
	local d
	if [[ -n "${PM_DIR:-}" ]]; then
		sixd_umount_under "$PM_DIR"
		rm -rf --one-file-system "$PM_DIR"
	fi
	for d in /sys/fs/cgroup/*/"${PM_CGROUP:-none}" /sys/fs/cgroup/"${PM_CGROUP:-none}"; do
		[[ -d "$d" && ! -L "${d%/*}" ]] || continue
		find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
	done
	sixd_teardown_file
}

# podman ARGS...: podman in a mount namespace of its own, where /var/lib and /run
# (runc's state, netavark's) are directories of ours.
pm()
{
	# shellcheck disable=SC2016 # expanded by the inner bash
	unshare --mount --propagation private -- bash -c \
		'mount --bind "$1/varlib" /var/lib && mount --bind "$1/hostrun" /run && shift &&
		exec podman "$@"' pm "$PM_DIR" "$@" 3>&-
}

# pm_run ARGS...: podman run --rm without network, in our cgroup parent.
pm_run()
{
	pm run --rm --network=none --cgroup-parent="/$PM_CGROUP" "$@"
}

# A rootfs tree at $1: the host's static busybox with a few commands, /hello, /del, /dir/old.
make_rootfs()
{
	local root=$1 c
	mkdir -p "$root/bin" "$root/dir" "$root/etc"
	cp /bin/busybox "$root/bin/busybox"
	for c in sh cat ls echo rm mkdir test true; do
		ln -s busybox "$root/bin/$c"
	done
	echo hi >"$root/hello"
	echo del >"$root/del"
	echo old >"$root/dir/old"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
}

# In podman: localhost/sixdtest-base (imported) and localhost/sixdtest-two:v1, its
# commit of a container that deleted /del, replaced /dir and added /two.
# Sets PODMAN_SKIP to the reason when podman cannot do that here.
podman_base_image()
{
	local out
	if ! command -v podman >/dev/null; then
		PODMAN_SKIP="podman is not installed"
		return 1
	fi
	make_rootfs "$PM_DIR/rootfs"
	tar -C "$PM_DIR/rootfs" -cf "$PM_DIR/base.tar" .
	if ! out=$(pm import "$PM_DIR/base.tar" localhost/sixdtest-base 2>&1) ||
		! out=$(pm_run --name sixdtest-c1 localhost/sixdtest-base /bin/true 2>&1); then
		PODMAN_SKIP="podman cannot run a container here: ${out##*$'\n'}"
		return 1
	fi
	pm run --name sixdtest-c1 --network=none --cgroup-parent="/$PM_CGROUP" \
		localhost/sixdtest-base /bin/sh -c \
		'rm /del; rm -r /dir; mkdir /dir; echo new >/dir/new; echo two >/two' >/dev/null &&
		pm commit sixdtest-c1 localhost/sixdtest-two:v1 >/dev/null 2>&1 &&
		pm rm sixdtest-c1 >/dev/null
}

need_podman()
{
	if [[ -n "$PODMAN_SKIP" ]]; then
		skip "$PODMAN_SKIP"
	fi
}

# The number of layers in the store.
layer_count()
{
	find "$SIXDOCKER_DATA/layers" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l
}

# Commit image $2 from a container $1 that adds /committed and deletes /etc/group.
commit_image()
{
	sixd run --name "$1" busybox sh -c 'echo committed >/committed; rm /etc/group'
	sixd commit "$1" "$2" >/dev/null
}

@test "save writes an OCI image layout archive; load reads it back" {
	local img archive=$BATS_TEST_TMPDIR/img.tar layers id
	img=$(sixd_name)-img
	commit_image "$(sixd_name 1)" "$img:v1"
	run --separate-stderr sixd save -o "$archive" "$img:v1"
	assert_success
	assert_output ""
	[[ -z "$stderr" ]] || sixd_fail "save printed on stderr without a terminal"
	run tar -tf "$archive"
	assert_success
	assert_output_contains "oci-layout"
	assert_output_contains "index.json"
	assert_output_matches "blobs/sha256/[0-9a-f]{64}"
	run bash -c "tar -xOf '$archive' index.json | jq -r '.manifests[0].annotations[\"org.opencontainers.image.ref.name\"]'"
	assert_output "$img:v1"
	run bash -c "tar -xOf '$archive' oci-layout | jq -r .imageLayoutVersion"
	assert_output "1.0.0"
	# the config is saved as stored: its digest is the image id, and load keeps it
	id=$(sixd images -q --no-trunc "$img:v1")
	run bash -c "tar -xOf '$archive' manifest.json | jq -r '.[0].Config'"
	assert_output "blobs/sha256/${id#sha256:}"

	# the same image round-trips: remove it, load it, run it
	layers=$(layer_count)
	sixd rm "$(sixd_name 1)"
	sixd rmi "$img:v1" >/dev/null
	[[ "$(layer_count)" == $((layers - 1)) ]] || sixd_fail "the committed layer stayed"
	run --separate-stderr sixd load -i "$archive"
	assert_success
	assert_output "Loaded image: $img:v1"
	[[ "$(sixd images -q --no-trunc "$img:v1")" == "$id" ]] || sixd_fail "the id changed"
	run --separate-stderr sixd run --name "$(sixd_name 2)" "$img:v1" sh -c \
		'cat /committed; test -e /etc/group || echo gone'
	assert_success
	assert_output $'committed\ngone'
	# loading again stores no layer twice
	layers=$(layer_count)
	sixd load -i "$archive" >/dev/null
	[[ "$(layer_count)" == "$layers" ]] || sixd_fail "a layer was stored twice"
	[[ -z "$(find "$SIXDOCKER_DATA" -maxdepth 1 -name '.load-*' -o -maxdepth 1 -name '.save-*')" ]] ||
		sixd_fail "a temporary directory was left"
}

@test "save by id writes no name; load names it by id" {
	local img id archive=$BATS_TEST_TMPDIR/byid.tar
	img=$(sixd_name)-img
	commit_image "$(sixd_name 1)" "$img"
	id=$(sixd images -q --no-trunc "$img")
	sixd save -o "$archive" "${id:7:12}"
	run bash -c "tar -xOf '$archive' index.json | jq -c '.manifests[0].annotations'"
	assert_output null
	sixd rm "$(sixd_name 1)"
	sixd rmi "$img" >/dev/null
	run --separate-stderr sixd load -i "$archive"
	assert_success
	assert_output "Loaded image ID: $id"
	run --separate-stderr sixd images -q --no-trunc
	assert_output_contains "$id"
	run --separate-stderr sixd save -o "$archive" "$(sixd_name)-nosuch"
	assert_status 125
	assert_stderr_contains "no such image: $(sixd_name)-nosuch"
}

@test "load of a multi-platform index takes this machine's image only" {
	local img id t=$BATS_TEST_TMPDIR arch
	img=$(sixd_name)-img
	commit_image "$(sixd_name 1)" "$img"
	id=$(sixd images -q --no-trunc "$img")
	arch=$(jq -r .architecture "$SIXDOCKER_DATA/images/${id#sha256:}.json")
	sixd save -o "$t/one.tar" "$img"
	mkdir -p "$t/x"
	tar -C "$t/x" -xf "$t/one.tar"
	rm "$t/x/manifest.json"
	# another platform's manifest, whose blob is not even there: it must not be read
	jq --arg a "$arch" '.manifests[0].platform = {os: "linux", architecture: $a}
		| .manifests += [{mediaType: .manifests[0].mediaType, size: 10,
			digest: "sha256:\("0" * 64)",
			platform: {os: "linux", architecture: "other-\($a)"}},
			{mediaType: .manifests[0].mediaType, size: 10,
			digest: "sha256:\("1" * 64)", platform: {os: "windows"}}]' \
		"$t/x/index.json" >"$t/index.json"
	mv "$t/index.json" "$t/x/index.json"
	tar -C "$t/x" -cf "$t/multi.tar" .
	sixd rm "$(sixd_name 1)"
	sixd rmi "$img" >/dev/null
	run --separate-stderr sixd load -i "$t/multi.tar"
	assert_success
	assert_output "Loaded image: $img:latest"
	[[ "$(sixd images -q --no-trunc "$img")" == "$id" ]] || sixd_fail "another image"
}

@test "skopeo inspects what save writes" {
	local img archive=$BATS_TEST_TMPDIR/img.tar
	img=$(sixd_name)-img
	command -v skopeo >/dev/null || skip "skopeo is not installed"
	commit_image "$(sixd_name 1)" "$img"
	sixd save -o "$archive" "$img"
	run --separate-stderr skopeo inspect "oci-archive:$archive"
	assert_success
	[[ "$(jq '.Layers | length' <<<"$output")" == 2 ]] || sixd_fail "not two layers"
	[[ "$(jq -r .Os <<<"$output")" == linux ]] || sixd_fail "no os"
	run --separate-stderr skopeo inspect --config "oci-archive:$archive"
	assert_success
	[[ "$(jq '.rootfs.diff_ids | length' <<<"$output")" == 2 ]] || sixd_fail "not two diff_ids"
}

@test "save -> podman load -> podman run sees the committed files" {
	need_podman
	local img archive=$BATS_TEST_TMPDIR/img.tar
	img=$(sixd_name)-img
	commit_image "$(sixd_name 1)" "$img:v1"
	sixd save -o "$archive" "$img:v1"
	run pm load -i "$archive"
	assert_success
	assert_output_contains "Loaded image: localhost/$img:v1"
	# the same image id in podman
	run pm image inspect --format '{{.Id}}' "localhost/$img:v1"
	assert_success
	assert_output "$(sixd images -q --no-trunc "$img:v1" | cut -c8-)"
	run pm_run "localhost/$img:v1" sh -c 'cat /committed; test -e /etc/group || echo gone'
	assert_success
	assert_output $'committed\ngone'
	pm rmi "localhost/$img:v1" >/dev/null
}

# podman save --format $1, then load and run it here.
podman_round_trip()
{
	local archive=$BATS_TEST_TMPDIR/podman-$1.tar
	pm save --format "$1" -o "$archive" localhost/sixdtest-two:v1 >/dev/null 2>&1
	run --separate-stderr sixd load -i "$archive"
	assert_success
	assert_output "Loaded image: localhost/sixdtest-two:v1"
	run --separate-stderr sixd run --name "$(sixd_name 1)" localhost/sixdtest-two:v1 sh -c \
		'cat /hello /two; ls /dir; test -e /del || echo del-gone'
	assert_success
	assert_output $'hi\ntwo\nnew\ndel-gone'
	# both layers are kept
	run jq '.rootfs.diff_ids | length' \
		"$SIXDOCKER_DATA/images/$(sixd images -q --no-trunc localhost/sixdtest-two:v1 | cut -c8-).json"
	assert_output 2
	sixd rm "$(sixd_name 1)"
	sixd rmi localhost/sixdtest-two:v1 >/dev/null
}

@test "podman save --format oci-archive -> load -> run: layers kept, whiteouts applied" {
	need_podman
	podman_round_trip oci-archive
}

@test "podman save --format docker-archive -> load -> run: layers kept, whiteouts applied" {
	need_podman
	podman_round_trip docker-archive
}

@test "an image of 70 layers loads and runs (short lowerdir paths)" {
	local t=$BATS_TEST_TMPDIR/many i digest img diff_ids= layers=
	img=$(sixd_name)-many
	mkdir -p "$t/archive" "$t/0/bin" "$t/0/layers"
	cp /bin/busybox "$t/0/bin/busybox"
	ln -s busybox "$t/0/bin/sh"
	ln -s busybox "$t/0/bin/ls"
	ln -s busybox "$t/0/bin/cat"
	ln -s busybox "$t/0/bin/wc"
	for ((i = 1; i < 70; i++)); do
		mkdir -p "$t/$i/layers"
		echo "$i" >"$t/$i/layers/$i"
	done
	touch "$t/35/layers/.wh.10"  # layer 35 deletes layer 10's file
	echo top >"$t/69/top"
	for ((i = 0; i < 70; i++)); do
		tar -C "$t/$i" -cf "$t/archive/$i.tar" .
		digest=$(sha256sum "$t/archive/$i.tar" | cut -d' ' -f1)
		printf '%s"sha256:%s"' "${diff_ids:+$diff_ids,}" "$digest" >"$t/ids"
		diff_ids=$(cat "$t/ids")
		layers="${layers:+$layers,}\"$i.tar\""
	done
	printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":[%s]}}' \
		"$diff_ids" >"$t/archive/config.json"
	printf '[{"Config":"config.json","RepoTags":["%s"],"Layers":[%s]}]' "$img" "$layers" \
		>"$t/archive/manifest.json"
	(cd "$t/archive" && tar -cf "$t/many.tar" ./*)
	run --separate-stderr sixd load -i "$t/many.tar"
	assert_success
	assert_output "Loaded image: $img:latest"
	run --separate-stderr sixd run --name "$(sixd_name 1)" "$img" sh -c \
		'cat /top; ls /layers | wc -l; test -e /layers/10 || echo 10-gone'
	assert_success
	assert_output $'top\n68\n10-gone'
}

@test "an image that lists a layer twice loads, runs and exports" {
	local t=$BATS_TEST_TMPDIR/dup img d0 d1
	img=$(sixd_name)-dup
	mkdir -p "$t/a" "$t/0/bin" "$t/1"
	cp /bin/busybox "$t/0/bin/busybox"
	ln -s busybox "$t/0/bin/sh"
	echo x >"$t/1/x"
	tar -C "$t/0" -cf "$t/a/0.tar" .
	tar -C "$t/1" -cf "$t/a/1.tar" .
	d0=$(sha256sum "$t/a/0.tar" | cut -d' ' -f1)
	d1=$(sha256sum "$t/a/1.tar" | cut -d' ' -f1)
	printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["sha256:%s","sha256:%s","sha256:%s"]}}' \
		"$d0" "$d1" "$d1" >"$t/a/c.json"
	printf '[{"Config":"c.json","RepoTags":["%s"],"Layers":["0.tar","1.tar","1.tar"]}]' "$img" \
		>"$t/a/manifest.json"
	tar -C "$t/a" -cf "$t/dup.tar" .
	sixd load -i "$t/dup.tar" >/dev/null
	# overlayfs refuses a directory twice: the mount names it once
	run --separate-stderr sixd run --name "$(sixd_name 1)" "$img" /bin/sh -c 'cat /x'
	assert_success
	assert_output x
	run bash -c "'$SIXDOCKER' export '$(sixd_name 1)' | tar -xO x"
	assert_success
	assert_output x
}

@test "save, load and commit show a progress line on a terminal only" {
	local img t=$BATS_TEST_TMPDIR
	img=$(sixd_name)-img
	sixd run --name "$(sixd_name 1)" busybox sh -c 'head -c 3000000 /dev/zero >/big'
	run_in_pty -- sixd commit "$(sixd_name 1)" "$img"
	assert_success
	assert_output_contains "Committing"
	run --separate-stderr sixd commit "$(sixd_name 1)" "$img"
	assert_success
	[[ -z "$stderr" ]] || sixd_fail "commit printed on stderr without a terminal"

	run_in_pty -- sixd save -o "$t/img.tar" "$img"
	assert_success
	assert_output_contains "Saving"
	# the line is erased at the end
	[[ "$output" == *$'\e[K' ]] || sixd_fail "the progress line was not erased"
	run_in_pty -- sixd load -i "$t/img.tar"
	assert_success
	assert_output_contains "Loading"
	assert_output_contains "Loaded image: $img:latest"
	run --separate-stderr sixd load -i "$t/img.tar"
	assert_success
	[[ -z "$stderr" ]] || sixd_fail "load printed on stderr without a terminal"
}

@test "parallel commits and loads keep the store consistent" {
	local t=$BATS_TEST_TMPDIR i n name pid
	local -a pids=()
	for i in 1 2 3 4; do
		sixd run --name "$(sixd_name "$i")" busybox sh -c "echo $i >/file$i"
	done
	commit_image "$(sixd_name 5)" "$(sixd_name)-saved-a"
	commit_image "$(sixd_name 6)" "$(sixd_name)-saved-b"
	sixd save -o "$t/a.tar" "$(sixd_name)-saved-a"
	sixd save -o "$t/b.tar" "$(sixd_name)-saved-b"
	sixd rmi "$(sixd_name)-saved-a" "$(sixd_name)-saved-b" >/dev/null 2>&1 || true
	for i in 1 2 3 4; do
		sixd commit "$(sixd_name "$i")" "$(sixd_name)-p$i" >"$t/commit$i.out" 2>&1 3>&- &
		pids+=("$!")
	done
	sixd load -i "$t/a.tar" >"$t/load-a.out" 2>&1 3>&- &
	pids+=("$!")
	sixd load -i "$t/b.tar" >"$t/load-b.out" 2>&1 3>&- &
	pids+=("$!")
	sixd load -i "$t/a.tar" >"$t/load-a2.out" 2>&1 3>&- &
	pids+=("$!")
	for pid in "${pids[@]}"; do
		builtin wait "$pid" || sixd_fail "a parallel job failed: $(cat "$t"/*.out)"
	done
	# (not $i across bats' run: bats 1.8's run sets a global i)
	for n in 1 2 3 4; do
		name=$(sixd_name)-p$n
		run --separate-stderr sixd run --name "$(sixd_name "r$n")" "$name" cat "/file$n"
		assert_success
		assert_output "$n"
	done
	for name in a b; do
		run --separate-stderr sixd run --name "$(sixd_name "r$name")" "$(sixd_name)-saved-$name" \
			cat /committed
		assert_success
		assert_output committed
	done
	run --separate-stderr sixd images -q
	assert_success
	[[ "${#lines[@]}" -ge 7 ]] || sixd_fail "not every image is listed"
	jq -e . "$SIXDOCKER_DATA/repositories.json" >/dev/null || sixd_fail "repositories.json"
	[[ -z "$(find "$SIXDOCKER_DATA" -maxdepth 2 -name '.load-*' -o -maxdepth 2 -name '.tmp-*' \
		-o -maxdepth 2 -name '*.tmp-*')" ]] || sixd_fail "temporary files were left"
}

# ---------------------------------------------------------------------------
# what load refuses

store_listing()
{
	find "$SIXDOCKER_DATA/layers" "$SIXDOCKER_DATA/images" -mindepth 1 -maxdepth 1 \
		2>/dev/null | sort
	cat "$SIXDOCKER_DATA/repositories.json" 2>/dev/null || true
}

# A load of archive $1 fails with 125, one line naming $2, and changes nothing.
assert_load_refused()
{
	local before
	before=$(store_listing)
	run --separate-stderr sixd load -i "$1"
	assert_status 125
	assert_output ""
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one stderr line"
	assert_stderr_contains "$2"
	[[ "$(store_listing)" == "$before" ]] || sixd_fail "the store changed"
	[[ -z "$(find "$SIXDOCKER_DATA" -maxdepth 2 -name '.load-*' -o -maxdepth 2 -name '.tmp-*')" ]] ||
		sixd_fail "a temporary directory was left"
}

# A docker-save archive $1 of one layer, the tar $2 (its diff_id computed here),
# made in $BATS_TEST_TMPDIR/docker-archive.
docker_archive()
{
	local out=$1 dir=$BATS_TEST_TMPDIR/docker-archive digest
	rm -rf "$dir" && mkdir -p "$dir"
	cp "$2" "$dir/layer.tar"
	digest=$(sha256sum "$dir/layer.tar" | cut -d' ' -f1)
	printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
		"$digest" >"$dir/config.json"
	printf '[{"Config":"config.json","RepoTags":["%s:evil"],"Layers":["layer.tar"]}]' \
		"$(sixd_name)" >"$dir/manifest.json"
	tar -C "$dir" -cf "$out" manifest.json config.json layer.tar
}

@test "load refuses archives whose entries escape with .., absolute paths or links" {
	local t=$BATS_TEST_TMPDIR
	mkdir -p "$t/a/b" "$t/src"
	echo evil >"$t/a/outside"
	(cd "$t/a/b" && tar -cPf "$t/dotdot.tar" ../outside)
	assert_load_refused "$t/dotdot.tar" "unsafe path '../outside'"
	tar -cPf "$t/abs.tar" "$t/a/outside"
	assert_load_refused "$t/abs.tar" "unsafe path '$t/a/outside'"
	ln -s "$t/a" "$t/src/l"
	echo evil >"$t/src/x"
	tar -C "$t/src" -cf "$t/through.tar" l
	tar -C "$t/src" -rf "$t/through.tar" --transform 's,^x$,l/escaped,' x
	assert_load_refused "$t/through.tar" "'l/escaped' is written through a link"
	[[ ! -e "$t/a/escaped" ]] || sixd_fail "a file was written outside"

	# the same inside a layer: the image's own tar escapes
	(cd "$t/a/b" && tar -cPf "$t/l1.tar" ../outside)
	docker_archive "$t/layer-dotdot.tar" "$t/l1.tar"
	assert_load_refused "$t/layer-dotdot.tar" "unsafe path '../outside'"
	tar -cPf "$t/l2.tar" "$t/a/outside"
	docker_archive "$t/layer-abs.tar" "$t/l2.tar"
	assert_load_refused "$t/layer-abs.tar" "unsafe path '$t/a/outside'"
	cp "$t/through.tar" "$t/l3.tar"
	docker_archive "$t/layer-through.tar" "$t/l3.tar"
	assert_load_refused "$t/layer-through.tar" "symlink"
	[[ ! -e "$t/a/escaped" ]] || sixd_fail "a file was written outside"
}

@test "load refuses a truncated archive, a corrupt layer and what is not an image" {
	local t=$BATS_TEST_TMPDIR img size
	img=$(sixd_name)-img
	commit_image "$(sixd_name 1)" "$img"
	sixd save -o "$t/good.tar" "$img"
	sixd rm "$(sixd_name 1)"
	sixd rmi "$img" >/dev/null
	size=$(stat -c %s "$t/good.tar")
	head -c $((size / 2)) "$t/good.tar" >"$t/cut.tar"
	assert_load_refused "$t/cut.tar" "cannot load '$t/cut.tar'"

	echo hello >"$t/hello"
	tar -C "$t" -cf "$t/plain.tar" hello
	assert_load_refused "$t/plain.tar" "not an image archive"
	echo "not a tar" >"$t/junk"
	assert_load_refused "$t/junk" "cannot load '$t/junk'"
	: >"$t/empty"
	assert_load_refused "$t/empty" "cannot load '$t/empty'"
	assert_load_refused "$t/missing" "cannot load '$t/missing'"

	# a layer whose content is not the diff_id its config names
	mkdir -p "$t/src"
	echo content >"$t/src/file"
	tar -C "$t/src" -cf "$t/l.tar" file
	docker_archive "$t/wrong.tar" "$t/l.tar"
	echo other >"$t/src/file"
	tar -C "$t/src" -cf "$t/docker-archive/layer.tar" file
	tar -C "$t/docker-archive" -cf "$t/wrong.tar" manifest.json config.json layer.tar
	assert_load_refused "$t/wrong.tar" "as the image says"
}

@test "save and export interrupted by a signal leave no half-written output" {
	local t=$BATS_TEST_TMPDIR/out c sig
	command -v strace >/dev/null || skip "strace (scripts/install-deps.sh) injects the signal"
	c=$(sixd_name)
	mkdir -p "$t"
	sixd run --name "$c" busybox true
	for sig in INT TERM; do
		# the signal arrives in the middle of writing the archive, as ^C would
		run sixd_strace -e trace=write -e inject=write:signal="$sig":when=5 \
			sixd save -o "$t/image.tar" busybox
		((status > 128)) || sixd_fail "save went on after SIG$sig"
		# export's own process waits for the one that writes the archive
		run sixd_strace -e trace=wait4 -e inject=wait4:signal="$sig":when=1 \
			sixd export -o "$t/rootfs.tar" "$c"
		((status > 128)) || sixd_fail "export went on after SIG$sig"
		[[ -z "$(ls -A "$t")" ]] || sixd_fail "left after SIG$sig: $(ls -A "$t")"
	done
	sixd save -o "$t/image.tar" busybox
	[[ "$(ls -A "$t")" == image.tar ]]
}
