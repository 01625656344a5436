#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# --read-only, --tmpfs, --ulimit and --oom-score-adj, each checked from inside
# a real container; bad values fail with 125 before anything exists.

load helpers

# Succeed when this root holds CAP_SYS_RESOURCE (bit 24 of CapEff).
has_cap_sys_resource()
{
	local eff
	eff=$(awk '$1 == "CapEff:" { print $2 }' /proc/self/status)
	(((0x$eff >> 24) & 1))
}

# Fail unless the state root holds no container record.
assert_no_containers()
{
	local left
	left=$(ls -A "$SIXDOCKER_ROOT")
	[[ -z "$left" ]] || sixd_fail "left behind: $left"
}

@test "hardening: --read-only root; volumes, --tmpfs /tmp and /dev/shm stay writable" {
	local vol=$BATS_TEST_TMPDIR/vol
	mkdir -p "$vol"
	run sixd run --rm --read-only -v "$vol:/vol" --tmpfs /tmp busybox sh -c '
		touch /x 2>&1; echo "root=$?"
		touch /vol/a && echo vol=ok
		touch /tmp/a && echo tmp=ok
		touch /dev/shm/a && echo shm=ok
		grep " / " /proc/mounts'
	assert_success
	assert_output_contains "Read-only file system"
	assert_output_contains "root=1"
	assert_output_contains "vol=ok"
	assert_output_contains "tmp=ok"
	assert_output_contains "shm=ok"
	assert_output_matches "overlay / overlay ro,"
	[[ -f "$vol/a" ]] || sixd_fail "the volume write did not reach the host"
}

@test "hardening: without --read-only the root is writable" {
	run sixd run --rm busybox sh -c 'touch /x && echo root=ok'
	assert_success
	assert_output "root=ok"
}

@test "hardening: --read-only keeps /proc, /sys and /dev as they are" {
	run sixd run --rm --read-only busybox sh -c '
		grep -E " /(proc|sys|dev|dev/shm) " /proc/mounts; echo x >/dev/null && echo null=ok'
	assert_success
	assert_output_matches "proc /proc proc rw,"
	assert_output_matches "sysfs /sys sysfs ro,"
	assert_output_matches "tmpfs /dev tmpfs rw,"
	assert_output_matches "shm /dev/shm tmpfs rw,"
	assert_output_contains "null=ok"
}

@test "hardening: --tmpfs with options, and Docker's defaults without" {
	run sixd run --rm --tmpfs /scratch:size=1m,mode=1700 --tmpfs /plain busybox \
		grep -E " /(scratch|plain) " /proc/mounts
	assert_success
	assert_output_matches "tmpfs /scratch tmpfs rw,nosuid,nodev,noexec,[a-z,]*size=1024k,mode=1700"
	assert_output_matches "tmpfs /plain tmpfs rw,nosuid,nodev,noexec,[a-z,]*size=65536k"

	run sixd run --rm --tmpfs /scratch:exec,size=2m busybox sh -c '
		grep " /scratch " /proc/mounts
		printf "#!/bin/sh\necho ran\n" >/scratch/s && chmod +x /scratch/s && /scratch/s'
	assert_success
	assert_output_not_contains "noexec"
	assert_output_contains "size=2048k"
	assert_output_contains "ran"
}

@test "hardening: a --tmpfs size limit holds" {
	run sixd run --rm --tmpfs /s:size=1m busybox sh -c \
		'dd if=/dev/zero of=/s/f bs=1k count=2048 2>&1; echo "dd=$?"'
	assert_success
	assert_output_contains "No space left on device"
	assert_output_contains "dd=1"
}

@test "hardening: --ulimit nofile and nproc show in ulimit and /proc/self/limits" {
	run sixd run --rm --ulimit nofile=100:200 --ulimit nproc=10 busybox sh -c '
		echo "soft=$(ulimit -n) hard=$(ulimit -Hn) nproc=$(ulimit -u)"
		grep -E "^Max (open files|processes)" /proc/self/limits'
	assert_success
	assert_output_contains "soft=100 hard=200 nproc=10"
	assert_output_matches "Max processes +10 +10 "
	assert_output_matches "Max open files +100 +200 "
}

@test "hardening: --ulimit nofile is enforced" {
	# a failed redirection of exec ends the shell: fd 9 is the last one allowed
	run sixd run --rm --ulimit nofile=10 busybox sh -c \
		'exec 9</dev/null && echo fd9=ok; exec 10</dev/null; echo fd10=ok'
	[[ "$status" -ne 0 ]] || sixd_fail "the shell went on"
	assert_output_contains "fd9=ok"
	assert_output_not_contains "fd10=ok"
	run sixd run --rm busybox sh -c 'exec 10</dev/null; echo fd10=ok'
	assert_success
	assert_output "fd10=ok"
}

@test "hardening: --ulimit with -1 is unlimited; a later one of the same name wins" {
	run sixd run --rm --ulimit core=-1 --ulimit nofile=50 --ulimit nofile=60:70 busybox sh -c \
		'grep -E "^Max (core file size|open files)" /proc/self/limits'
	assert_success
	assert_output_matches "Max core file size +unlimited +unlimited "
	assert_output_matches "Max open files +60 +70 "
}

@test "hardening: bad --ulimit, --tmpfs and --oom-score-adj values fail with 125 and leave nothing" {
	local spec name
	name=$(sixd_name)
	for spec in --ulimit=bogus=1 --ulimit=nofile --ulimit=nofile=abc --ulimit=nofile=200:100 \
		--ulimit=nofile=-5 --oom-score-adj=1001 --oom-score-adj=-1001 --oom-score-adj=x \
		--tmpfs=relative --tmpfs=/ --tmpfs=/x:bind --tmpfs=/x:size=lots --tmpfs=/x:mode=999; do
		run --separate-stderr sixd run --rm --name "$name" "$spec" busybox true
		assert_status 125
		[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "$spec: not one line of error"
		assert_stderr_contains "${spec%%=*}"
		assert_stderr_contains "${spec#*=}"
		assert_no_containers
	done
	run --separate-stderr sixd create --name "$name" --ulimit nofile=2:1 busybox true
	assert_status 125
	assert_no_containers
}

@test "hardening: raising a hard ulimit above the engine's fails clearly at start" {
	local hard
	hard=$(ulimit -Hn)
	if has_cap_sys_resource; then
		skip "this root holds CAP_SYS_RESOURCE"
	fi
	[[ "$hard" != unlimited ]] || skip "the hard nofile limit is unlimited"
	run --separate-stderr sixd run --rm --ulimit "nofile=10:$((hard + 1))" busybox true
	assert_status 125
	assert_stderr_contains "--ulimit nofile"
	assert_stderr_contains "CAP_SYS_RESOURCE"
	assert_no_containers
}

@test "hardening: --oom-score-adj 500 shows in /proc/self/oom_score_adj" {
	run sixd run --rm --oom-score-adj 500 busybox cat /proc/self/oom_score_adj
	assert_success
	assert_output "500"
	run sixd run --rm busybox cat /proc/self/oom_score_adj
	assert_success
	assert_output "$(cat /proc/self/oom_score_adj)"
}

@test "hardening: lowering oom_score_adj without CAP_SYS_RESOURCE fails clearly" {
	if has_cap_sys_resource; then
		skip "this root holds CAP_SYS_RESOURCE"
	fi
	run --separate-stderr sixd run --rm --oom-score-adj -500 busybox true
	assert_status 125
	assert_stderr_contains "--oom-score-adj -500"
	assert_stderr_contains "CAP_SYS_RESOURCE"
	assert_no_containers
}

@test "hardening: create + start keeps --read-only, --tmpfs, --ulimit, --oom-score-adj" {
	local name
	name=$(sixd_name)
	run sixd create --name "$name" --read-only --tmpfs /scratch:size=1m --ulimit nofile=77:88 \
		--oom-score-adj 321 busybox sh -c '
		touch /x 2>&1; grep " /scratch " /proc/mounts; cat /proc/self/oom_score_adj
		grep "^Max open files" /proc/self/limits'
	assert_success
	run jq -c '[.read_only, .tmpfs, .ulimits, .oom_score_adj]' "$SIXDOCKER_ROOT/$name/config.json"
	assert_success
	assert_output '[true,["/scratch:size=1m"],["nofile=77:88"],321]'
	run sixd start -a "$name"
	assert_success
	assert_output_contains "Read-only file system"
	assert_output_contains "size=1024k"
	assert_output_contains "321"
	assert_output_matches "Max open files +77 +88 "
	# and again, from the record written by the first start
	run sixd start -a "$name"
	assert_success
	assert_output_contains "Read-only file system"
	assert_output_matches "Max open files +77 +88 "
}

@test "hardening: --read-only with a missing -w: the directory is made before the root turns read-only" {
	run sixd run --rm --read-only -w /made/for/me busybox sh -c 'pwd; touch x 2>&1'
	assert_output_contains /made/for/me
	assert_output_contains "Read-only file system"
	# and a working directory through a symlink out of the rootfs stays inside it
	run sixd run --rm -w /proc/../../../../../work-escape busybox pwd
	assert_success
	assert_output /work-escape
	[[ ! -e /work-escape ]] || sixd_fail "created on the host"
}

@test "hardening: inspect shows HostConfig's security fields as Docker does" {
	local name
	name=$(sixd_name)
	printf '{"defaultAction":"SCMP_ACT_ALLOW"}\n' >"$BATS_TEST_TMPDIR/p.json"
	run sixd create --name "$name" --cap-add NET_ADMIN --cap-drop MKNOD \
		--security-opt no-new-privileges --security-opt "seccomp=$BATS_TEST_TMPDIR/p.json" \
		--read-only --device /dev/null:/dev/n2:r --tmpfs /run:exec --tmpfs /x \
		--ulimit nofile=1024:2048 --ulimit core=-1 --oom-score-adj 100 busybox true
	assert_success
	run sixd inspect "$name"
	assert_success
	run jq -c '.[0].HostConfig | [.Privileged, .CapAdd, .CapDrop, .SecurityOpt, .ReadonlyRootfs,
		.Devices, .Tmpfs, .Ulimits, .OomScoreAdj]' <<<"$output"
	assert_output '[false,["NET_ADMIN"],["MKNOD"],["no-new-privileges","seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}"],true,[{"PathOnHost":"/dev/null","PathInContainer":"/dev/n2","CgroupPermissions":"r"}],{"/run":"exec","/x":""},[{"Name":"nofile","Hard":2048,"Soft":1024},{"Name":"core","Hard":-1,"Soft":-1}],100]'
	run sixd create --name "$name-plain" --privileged busybox true
	assert_success
	run sixd inspect "$name-plain"
	run jq -c '.[0].HostConfig | [.Privileged, .CapAdd, .CapDrop, .SecurityOpt, .ReadonlyRootfs,
		.Devices, .Tmpfs, .Ulimits, .OomScoreAdj]' <<<"$output"
	assert_output '[true,null,null,null,false,[],null,[],0]'
	run sixd rm "$name" "$name-plain"
	assert_success
}

@test "hardening: /sys/fs/cgroup shows the container's own cgroups, read-only (rw with --privileged)" {
	local name
	name=$(sixd_name)
	run sixd run --rm --name "$name" -m 100m --pids-limit 50 --network none busybox sh -c '
		if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
			cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max
		else
			cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max
		fi
		cat /proc/self/cgroup | grep -c ":/$"
		mkdir /sys/fs/cgroup/x 2>&1; touch /sys/fs/cgroup/pids/x /sys/fs/cgroup/x 2>&1; true'
	assert_success
	[[ "${lines[0]}" == 104857600 ]] || sixd_fail "the memory limit is not visible"
	[[ "${lines[1]}" == 50 ]] || sixd_fail "the pids limit is not visible"
	[[ "${lines[2]}" -ge 1 ]] || sixd_fail "the cgroup namespace does not start at the container"
	assert_output_contains "Read-only file system"
	run sixd run --rm --privileged --network none busybox sh -c '
		d=/sys/fs/cgroup; [ -d $d/pids ] && d=$d/pids
		mkdir $d/sub && rmdir $d/sub && echo writable'
	assert_success
	assert_output_contains writable
}
