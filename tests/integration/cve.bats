#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Regression tests for runc's CVEs, as they apply to sixdocker (run, and exec's
# re-exec of /proc/self/exe + setns).  The malicious images are made here with
# tar from the host's static busybox and imported with `sixd import` (the tests
# may shell out; the engine may not).

load helpers

# A minimal rootfs in DIR: the host's static busybox and a link per applet.
make_rootfs()
{
	local dir=$1 applet
	mkdir -p "$dir/bin" "$dir/etc" "$dir/tmp" "$dir/root"
	cp /bin/busybox "$dir/bin/busybox"
	for applet in $(/bin/busybox --list); do
		[[ "$applet" == busybox ]] || ln -sf busybox "$dir/bin/$applet"
	done
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' \
		>"$dir/etc/passwd"
	printf 'root:x:0:\nnobody:x:65534:\n' >"$dir/etc/group"
}

# Import rootfs DIR as image NAME.
import_rootfs()
{
	tar -C "$1" -cf "$BATS_TEST_TMPDIR/image.tar" .
	sixd import "$BATS_TEST_TMPDIR/image.tar" "$2" >/dev/null
}

# A run of an image that must be refused: exit 125, one line on stderr, nothing started.
assert_run_refused()
{
	run --separate-stderr sixd run --rm "$@"
	assert_status 125
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one line on stderr"
}

# Fail when DIR is a mount point or holds anything.
assert_untouched_dir()
{
	! mountpoint -q "$1" || sixd_fail "something was mounted on the host's $1"
	[[ -z "$(ls -A "$1")" ]] || sixd_fail "the host's $1 is not empty: $(ls -A "$1")"
}

@test "CVE-2019-5736: a container racing on /proc/<pid>/exe cannot write the host binary" {
	local name hash i
	name=$(sixd_name)
	hash=$(sha256sum <"${SIXD_ENGINE:-$SIXDOCKER}")
	sixd run -d --name "$name" busybox sleep 1000 >/dev/null
	# every process the container can see, opened for writing (appending: a
	# success changes the hash without breaking the binary), over and over
	sixd exec -d "$name" sh -c 'while :; do
		echo round >>/rounds
		for f in /proc/[0-9]*/exe; do
			{ echo x >>"$f"; } 2>/dev/null && echo "$f" >>/wrote
			(exec 3<>"$f") 2>/dev/null && echo "$f rw" >>/wrote
		done
	done'
	for ((i = 0; i < 60; i++)); do
		sixd exec "$name" true || sixd_fail "exec $i failed"
	done
	[[ "$(sha256sum <"${SIXD_ENGINE:-$SIXDOCKER}")" == "$hash" ]] || sixd_fail "the host binary changed"
	run sixd exec "$name" sh -c 'cat /wrote 2>/dev/null; true'
	assert_output ""
	# the loop really ran all along
	run sixd exec "$name" sh -c 'wc -l </rounds'
	[[ "$output" -ge 10 ]] || sixd_fail "the racing loop hardly ran"
}

# CVE-2016-9962: exec.bats covers the joiner being non-dumpable (PTRACE_ATTACH
# fails on it), invisible inside the container, and the command holding only
# fds 0, 1 and 2.  What is left: nothing inside can reach a host fd of a
# running exec through /proc.
@test "CVE-2016-9962: no fd of a running exec leads to the host from inside" {
	local name
	name=$(sixd_name)
	sixd run -d --name "$name" busybox sleep 1000 >/dev/null
	sixd exec "$name" sleep 100 7<"$BATS_TEST_DIRNAME" 8</ &
	retry 5 sixd exec "$name" sh -c 'pidof sleep | grep -q " "'
	run sixd exec "$name" sh -c 'for f in /proc/[0-9]*/fd/*; do readlink "$f"; done 2>/dev/null
		ls /proc/[0-9]*/cwd/ 2>/dev/null; true'
	assert_success
	assert_output_not_contains "$BATS_TEST_DIRNAME"
	assert_output_not_contains "$SIXDOCKER_ROOT"
	assert_output_not_contains "sixd-exec-request"
	assert_output_not_contains "cve.bats"
	kill -TERM $!
	wait $! || true
}

@test "CVE-2024-21626: -w /proc/self/fd/N on run and exec never lands on a host directory" {
	local name n marker hostdir=$BATS_TEST_TMPDIR/hostdir
	name=$(sixd_name)
	marker=host-marker-$SIXD_PREFIX
	mkdir -p "$hostdir"
	touch "$hostdir/$marker"
	for n in 0 1 2 3 4 5 6 7 8 9; do
		run sixd run --rm -w "/proc/self/fd/$n" busybox sh -c 'ls -a; ls /proc/$$/fd' \
			7<"$hostdir" 8<"$hostdir" 9</
		assert_output_not_contains "$marker"
		assert_output_not_contains "cve.bats"
		((status == 0 || status == 125)) || sixd_fail "run -w /proc/self/fd/$n: $status"
	done
	sixd run -d --name "$name" busybox sleep 1000 >/dev/null
	for n in 0 1 2 3 4 5 6 7 8 9; do
		run sixd exec -w "/proc/self/fd/$n" "$name" sh -c 'ls -a; ls /proc/$$/fd' \
			7<"$hostdir" 8<"$hostdir" 9</
		assert_output_not_contains "$marker"
		# 126: a working directory that cannot be entered, as Docker (exec.bats)
		((status == 0 || status == 125 || status == 126)) ||
			sixd_fail "exec -w /proc/self/fd/$n: $status"
	done
	# no host fd reaches the command of run or exec (`; true`: sh must not exec ls)
	run sixd run --rm busybox sh -c 'ls /proc/$$/fd; true' 7<"$hostdir" 8</
	assert_success
	[[ "$(echo $output)" == "0 1 2" ]] || sixd_fail "run fds: $output"
	run sixd exec "$name" sh -c 'ls /proc/$$/fd; true' 7<"$hostdir" 8</
	assert_success
	[[ "$(echo $output)" == "0 1 2" ]] || sixd_fail "exec fds: $output"
}

@test "CVE-2019-16884 / CVE-2023-27561: an image whose /proc is a symlink is refused" {
	local src=$BATS_TEST_TMPDIR/src img target=$BATS_TEST_TMPDIR/hostproc before
	img=$(sixd_name)
	mkdir -p "$target"
	before=$(sixd_mount_snapshot)
	make_rootfs "$src"
	ln -s "$target" "$src/proc"
	import_rootfs "$src" "$img-abs"
	assert_run_refused "$img-abs" true
	assert_stderr_contains "'proc'"
	rm "$src/proc"
	ln -s ../../etc "$src/proc"
	import_rootfs "$src" "$img-rel"
	assert_run_refused "$img-rel" true
	assert_stderr_contains "'proc'"
	assert_untouched_dir "$target"
	[[ "$(sixd_mount_snapshot)" == "$before" ]] || sixd_fail "the host's mount table changed"
	[[ ! -d /etc/sys && ! -e /etc/self ]] || sixd_fail "proc was mounted on the host's /etc"
}

@test "CVE-2021-30465: a volume target that is a symlink out of the rootfs mounts inside it" {
	local src=$BATS_TEST_TMPDIR/src img vol=$BATS_TEST_TMPDIR/vol before
	local hostdir=$BATS_TEST_TMPDIR/host-marker-dir
	img=$(sixd_name)
	mkdir -p "$vol" "$hostdir"
	touch "$vol/vol-side"
	before=$(sixd_mount_snapshot)
	make_rootfs "$src"
	# /data leads, through .., to the host's $hostdir; the image also has that path
	mkdir -p "$src$hostdir"
	ln -s "/../../../..$hostdir" "$src/data"
	ln -s "/../../../..$hostdir-missing" "$src/dangling"
	import_rootfs "$src" "$img"
	run sixd run --rm -v "$vol:/data" "$img" sh -c "ls /data; ls $hostdir"
	assert_success
	[[ "$(echo $output)" == "vol-side vol-side" ]] || sixd_fail "the bind is not inside"
	assert_untouched_dir "$hostdir"
	# a dangling one: refused, or made inside the rootfs; never on the host
	run sixd run --rm -v "$vol:/dangling" "$img" sh -c "ls $hostdir-missing"
	if ((status == 0)); then
		assert_output vol-side
	else
		assert_status 125
	fi
	[[ ! -e "$hostdir-missing" ]] || sixd_fail "the target was made on the host"
	[[ "$(sixd_mount_snapshot)" == "$before" ]] || sixd_fail "the host's mount table changed"
}

@test "CVE-2021-30465: a volume target swapped to a symlink to / during many starts never mounts outside" {
	local share=$BATS_TEST_TMPDIR/share vol=$BATS_TEST_TMPDIR/vol attacker marker i
	local before
	attacker=$(sixd_name attacker)
	marker=vol-side-$BATS_ROOT_PID-$BATS_SUITE_TEST_NUMBER
	mkdir -p "$share" "$vol"
	touch "$vol/$marker"
	before=$(sixd_mount_snapshot)
	# the attacker shares /share with the victims and swaps share/mnt between a
	# directory and a symlink to / (on the host that is the host's root)
	run sixd run -d --name "$attacker" -v "$share:/share" busybox sh -c \
		'while :; do mkdir /share/mnt; rmdir /share/mnt; ln -s / /share/mnt; rm /share/mnt; echo >>/share/swaps; done'
	assert_success
	retry 10 test -s "$share/swaps"
	for ((i = 0; i < 25; i++)); do
		# refused or mounted inside the rootfs; either way never on the host
		run sixd run --rm -v "$share:/share" -v "$vol:/share/mnt" busybox true
		((status == 0 || status == 125)) || sixd_fail "unexpected status $status: $output"
		[[ ! -e "/$marker" ]] || sixd_fail "the volume was mounted on the host's /"
	done
	run sixd rm -f "$attacker"
	assert_success
	[[ $(wc -l <"$share/swaps") -gt 1 ]] || sixd_fail "the attacker never swapped"
	[[ ! -e "/$marker" ]] || sixd_fail "the volume was mounted on the host's /"
	! grep -q "$vol" /proc/self/mountinfo || sixd_fail "the volume is still mounted on the host"
	[[ "$(sixd_mount_snapshot)" == "$before" ]] || sixd_fail "the host's mount table changed"
}

@test "CVE-2022-29162: no inheritable capabilities after run and exec" {
	local name
	name=$(sixd_name)
	run setpriv --inh-caps=+net_admin,+sys_admin "$SIXDOCKER" run --rm busybox \
		grep -E '^CapInh' /proc/self/status
	assert_success
	assert_output $'CapInh:\t0000000000000000'
	setpriv --inh-caps=+net_admin,+sys_admin "$SIXDOCKER" run -d --name "$name" \
		busybox sleep 1000 >/dev/null
	for u in root nobody; do
		run setpriv --inh-caps=+net_admin,+sys_admin "$SIXDOCKER" exec -u "$u" "$name" \
			grep -E '^CapInh' /proc/self/status
		assert_success
		assert_output $'CapInh:\t0000000000000000'
	done
	run sixd exec "$name" grep -E '^CapInh' /proc/1/status
	assert_output $'CapInh:\t0000000000000000'
}

@test "an image whose /dev is a symlink to the host creates no device on the host" {
	local src=$BATS_TEST_TMPDIR/src img target=$BATS_TEST_TMPDIR/hostdev before
	img=$(sixd_name)
	mkdir -p "$target"
	before=$(sixd_mount_snapshot)
	make_rootfs "$src"
	ln -s "$target" "$src/dev"
	import_rootfs "$src" "$img"
	run sixd run --rm "$img" sh -c 'ls /dev'
	if ((status == 125)); then
		assert_output_contains "'dev'"
	else
		assert_success
	fi
	assert_untouched_dir "$target"
	[[ "$(sixd_mount_snapshot)" == "$before" ]] || sixd_fail "the host's mount table changed"
}

@test "an image whose /etc/passwd is a symlink to a host file does not leak it through -u" {
	local src=$BATS_TEST_TMPDIR/src img name user secret=$BATS_TEST_TMPDIR/shadow-like
	img=$(sixd_name)
	name=$(sixd_name c)
	user=leak${BATS_ROOT_PID}x$BATS_SUITE_TEST_NUMBER
	printf '%s:x:4242:4242:%s:/:/bin/sh\n' "$user" "$user" >"$secret"
	make_rootfs "$src"
	rm "$src/etc/passwd"
	ln -s "$secret" "$src/etc/passwd"
	import_rootfs "$src" "$img"
	run --separate-stderr sixd run --rm -u "$user" "$img" id
	assert_status 125
	assert_stderr_contains "unable to find user $user"
	sixd run -d --name "$name" "$img" sleep 1000 >/dev/null
	run --separate-stderr sixd exec -u "$user" "$name" id
	assert_status 125
	assert_stderr_contains "unable to find user $user"
	[[ "$(echo $output)" != *4242* ]] || sixd_fail "the host's entry was used"
}
