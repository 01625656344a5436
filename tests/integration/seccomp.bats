#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Seccomp: the default profile (Docker's behaviour), capabilities that unlock
# calls, seccomp=unconfined, custom profiles, --privileged, exec, the cache of
# compiled programs, and errors.  Each property is checked from inside a real
# container; probe/probe.c (built here, static) makes the calls busybox cannot.

load helpers

setup_file()
{
	sixd_setup_file
	mkdir -p "$BATS_FILE_TMPDIR/probe"
	cc -static -O2 -o "$BATS_FILE_TMPDIR/probe/probe" "$BATS_TEST_DIRNAME/probe/probe.c"
}

# Run the probe with ARGS in a fresh container made with the options before "--".
probe()
{
	local -a opts=()
	while [[ "$1" != -- ]]; do
		opts+=("$1")
		shift
	done
	shift
	run sixd run --rm "${opts[@]}" -v "$BATS_FILE_TMPDIR/probe:/probe:ro" busybox /probe/probe "$@"
}

assert_failure()
{
	((status != 0)) || sixd_fail "expected a failure"
}

# The Seccomp: field of /proc/self/status in $output.
seccomp_field()
{
	awk '$1 == "Seccomp:" { print $2 }' <<<"$output"
}

@test "seccomp: a default container is filtered (Seccomp: 2); unconfined and --privileged are not" {
	run sixd run --rm busybox grep Seccomp: /proc/self/status
	assert_success
	[[ "$(seccomp_field)" == 2 ]] || sixd_fail "not filtered by default"
	run sixd run --rm --security-opt seccomp=unconfined busybox grep Seccomp: /proc/self/status
	assert_success
	[[ "$(seccomp_field)" == 0 ]] || sixd_fail "filtered with seccomp=unconfined"
	run sixd run --rm --security-opt seccomp:unconfined busybox grep Seccomp: /proc/self/status
	[[ "$(seccomp_field)" == 0 ]] || sixd_fail "filtered with seccomp:unconfined"
	run sixd run --rm --privileged busybox grep Seccomp: /proc/self/status
	assert_success
	[[ "$(seccomp_field)" == 0 ]] || sixd_fail "filtered with --privileged"
}

@test "seccomp: namespaces: unshare and clone(CLONE_NEWUSER) denied by default, allowed unconfined or with CAP_SYS_ADMIN" {
	# a user namespace needs no capability: only the filter stops it
	run sixd run --rm busybox unshare -U true
	assert_failure
	assert_output_contains "Operation not permitted"
	run sixd run --rm --security-opt seccomp=unconfined busybox unshare -U true
	assert_success
	run sixd run --rm --cap-add SYS_ADMIN busybox unshare -U -n true
	assert_success
	probe -- clone-userns
	assert_output EPERM
	probe --cap-add SYS_ADMIN -- clone-userns
	assert_output ok
	probe --security-opt seccomp=unconfined -- clone-userns
	assert_output ok
	# plain fork (clone without CLONE_NEW*) works: the shell runs commands
	run sixd run --rm busybox sh -c '/bin/true && echo forked'
	assert_output forked
}

@test "seccomp: the default profile denies clone-userns, keyctl, io_uring, AF_VSOCK, AF_ALG; clone3 is ENOSYS; ptrace works" {
	probe -- clone-userns
	assert_output EPERM
	probe -- clone3
	assert_output ENOSYS
	probe --security-opt seccomp=unconfined -- clone3
	assert_output EINVAL
	probe -- keyctl
	assert_output EPERM
	probe -- io_uring
	assert_output EPERM
	probe -- socket 40
	assert_output EPERM
	probe -- socket 38
	assert_output EPERM
	probe --security-opt seccomp=unconfined -- socket 40
	assert_output_not_contains EPERM
	probe --security-opt seccomp=unconfined -- socket 38
	assert_output_not_contains EPERM
	probe -- socket 1
	assert_output ok
	probe -- ptrace
	assert_output ok
	probe -- personality 0xffffffff
	assert_output ok
	probe -- personality 0x400000
	assert_output EPERM
}

@test "seccomp: mount, clock setting and modules need their capability in the filter too" {
	run sixd run --rm --cap-add SYS_ADMIN busybox sh -c 'mount -t tmpfs none /tmp && echo mounted'
	assert_success
	assert_output mounted
	# the kernel refuses both calls itself once the filter lets them through
	probe -- clock_settime
	assert_output EPERM
	probe --cap-add SYS_TIME -- clock_settime
	assert_output EINVAL
	probe --cap-add SYS_TIME --security-opt seccomp=unconfined -- clock_settime
	assert_output EINVAL
	probe -- finit_module
	assert_output EPERM
	probe --cap-add SYS_MODULE -- finit_module
	assert_success
	assert_output_not_contains EPERM # EBADF, or ENOSYS from a kernel without modules
}

@test "seccomp: a custom profile (Docker's format) denies mkdir with its errno; the rest runs" {
	cat >"$BATS_TEST_TMPDIR/p.json" <<-'JSON'
		{
		  "defaultAction": "SCMP_ACT_ALLOW",
		  "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
		  "syscalls": [
		    {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
		    {"names": ["not_a_syscall"], "action": "SCMP_ACT_ERRNO"}
		  ]
		}
	JSON
	run sixd run --rm --security-opt "seccomp=$BATS_TEST_TMPDIR/p.json" busybox \
		sh -c 'mkdir /x; grep Seccomp: /proc/self/status; touch /y && echo touched'
	assert_output_contains "Permission denied"
	assert_output_contains "touched"
	[[ "$(seccomp_field)" == 2 ]] || sixd_fail "not filtered"
	# an allowlist profile: only what it names
	run sixd run --rm --security-opt "seccomp=$BATS_TEST_TMPDIR/p.json" busybox mkdir /z
	assert_failure
	assert_output_contains "Permission denied"
}

@test "seccomp: the record keeps the profile: create, change the file, start; exec uses it too" {
	local name
	name=$(sixd_name)
	printf '%s\n' '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]}' \
		>"$BATS_TEST_TMPDIR/p.json"
	run sixd create --name "$name" --security-opt "seccomp=$BATS_TEST_TMPDIR/p.json" busybox sleep 100
	assert_success
	rm "$BATS_TEST_TMPDIR/p.json"
	run sixd start "$name"
	assert_success
	run sixd exec "$name" mkdir /x
	assert_failure
	assert_output_contains "Operation not permitted"
	run sixd exec "$name" sh -c 'grep Seccomp: /proc/self/status'
	[[ "$(seccomp_field)" == 2 ]] || sixd_fail "exec not filtered"
	run sixd rm -f "$name"
	assert_success
}

@test "seccomp: exec'd processes are filtered like the container (and not with unconfined)" {
	local name
	name=$(sixd_name)
	run sixd run -d --name "$name" busybox sleep 100
	assert_success
	run sixd exec "$name" grep Seccomp: /proc/self/status
	[[ "$(seccomp_field)" == 2 ]] || sixd_fail "exec not filtered"
	run sixd exec "$name" unshare -U true
	assert_failure
	run sixd exec -u 1000 "$name" grep Seccomp: /proc/self/status
	[[ "$(seccomp_field)" == 2 ]] || sixd_fail "exec -u not filtered"
	run sixd exec --privileged "$name" grep Seccomp: /proc/self/status
	[[ "$(seccomp_field)" == 2 ]] || sixd_fail "exec --privileged escaped the container's filter"
	run sixd run -d --name "$name-nnp" --security-opt no-new-privileges busybox sleep 100
	assert_success
	run sixd exec "$name-nnp" grep -E 'Seccomp:|NoNewPrivs:' /proc/self/status
	[[ "$(seccomp_field)" == 2 ]] || sixd_fail "exec with no-new-privileges not filtered"
	run sixd run -d --name "$name-u" --security-opt seccomp=unconfined busybox sleep 100
	assert_success
	run sixd exec "$name-u" grep Seccomp: /proc/self/status
	[[ "$(seccomp_field)" == 0 ]] || sixd_fail "exec filtered in an unconfined container"
	run sixd rm -f "$name" "$name-nnp" "$name-u"
	assert_success
}

@test "seccomp: a non-root user and no-new-privileges containers are filtered" {
	run sixd run --rm -u 1000 busybox grep Seccomp: /proc/self/status
	[[ "$(seccomp_field)" == 2 ]] || sixd_fail "-u 1000 not filtered"
	run sixd run --rm -u 1000 --security-opt no-new-privileges busybox grep Seccomp: /proc/self/status
	[[ "$(seccomp_field)" == 2 ]] || sixd_fail "no-new-privileges not filtered"
}

@test "seccomp: the compiled program is cached once per profile and capability set, then reused" {
	local dir=$SIXDOCKER_DATA/seccomp before after
	rm -rf "$dir"
	run sixd run --rm busybox true
	assert_success
	run ls "$dir"
	assert_line_count 1
	[[ "$output" =~ ^[0-9a-f]{64}\.bpf$ ]] || sixd_fail "unexpected cache file"
	before=$(stat -c '%i %Y %s' "$dir"/*.bpf)
	run sixd run --rm busybox true
	assert_success
	after=$(stat -c '%i %Y %s' "$dir"/*.bpf)
	[[ "$before" == "$after" ]] || sixd_fail "the cached program was written again"
	run sixd run --rm --cap-add SYS_ADMIN busybox true
	run ls "$dir"
	assert_line_count 2
	run sixd run --rm --security-opt seccomp=unconfined busybox true
	run ls "$dir"
	assert_line_count 2
}

@test "seccomp: a damaged cache file is compiled again, never loaded" {
	local dir=$SIXDOCKER_DATA/seccomp
	rm -rf "$dir"
	run sixd run --rm busybox true
	printf 'junk' >"$(ls -d "$dir"/*.bpf)"
	run sixd run --rm busybox grep Seccomp: /proc/self/status
	assert_success
	[[ "$(seccomp_field)" == 2 ]] || sixd_fail "not filtered"
	[[ $(stat -c %s "$dir"/*.bpf) -gt 8 ]] || sixd_fail "the damaged file was kept"
}

@test "seccomp: a bad profile is one line, exit 125, nothing left" {
	printf '{"defaultAction": "SCMP_ACT_NOTIFY"}\n' >"$BATS_TEST_TMPDIR/notify.json"
	printf '{"defaultAction": ' >"$BATS_TEST_TMPDIR/broken.json"
	printf '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":9,"value":0,"op":"SCMP_CMP_EQ"}]}]}\n' \
		>"$BATS_TEST_TMPDIR/index.json"
	local f
	for f in notify broken index missing; do
		run --separate-stderr sixd run --rm --security-opt "seccomp=$BATS_TEST_TMPDIR/$f.json" busybox true
		assert_status 125
		[[ "$(wc -l <<<"$stderr")" == 1 ]] || sixd_fail "more than one line on stderr"
		assert_stderr_contains "'$BATS_TEST_TMPDIR/$f.json'"
	done
	run --separate-stderr sixd run --rm --security-opt "seccomp=$BATS_TEST_TMPDIR/notify.json" busybox true
	assert_stderr_contains "SCMP_ACT_NOTIFY"
	run --separate-stderr sixd run --rm --security-opt "seccomp=$BATS_TEST_TMPDIR/index.json" busybox true
	assert_stderr_contains "syscalls[0]"
	run --separate-stderr sixd create --security-opt "seccomp=" busybox true
	assert_status 125
	assert_stderr_contains "'seccomp='"
	[[ -z "$(ls -A "$SIXDOCKER_ROOT")" ]] || sixd_fail "records left"
	[[ -z "$(ls -A "$SIXDOCKER_DATA/containers" 2>/dev/null)" ]] || sixd_fail "data left"
}
