#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker run: real containers from the default busybox image.

load helpers

# The container id recorded for NAME.
cid()
{
	jq -r .id "$SIXDOCKER_ROOT/$1/config.json"
}

# A cgroup file of container ID: cgfile ID V1-CONTROLLER V1-FILE V2-FILE
cgfile()
{
	if [[ "$(stat -f -c %T /sys/fs/cgroup)" == cgroup2fs ]]; then
		printf '%s\n' "/sys/fs/cgroup/sixdocker/$1/$4"
	else
		printf '%s\n' "/sys/fs/cgroup/$2/sixdocker/$1/$3"
	fi
}

# The sixdocker container cgroups on the host, one per line.
container_cgroups()
{
	find /sys/fs/cgroup -mindepth 2 -maxdepth 3 -path '*/sixdocker/*' -type d 2>/dev/null |
		grep -E '/sixdocker/[0-9a-f]{64}$' | sort || true
}

setup()
{
	sixd_setup
	container_cgroups >"$BATS_TEST_TMPDIR/cgroups.before"
}

# No record, container data or cgroup is left by this test's containers.
assert_nothing_left()
{
	[[ -z "$(ls -A "$SIXDOCKER_ROOT")" ]] || sixd_fail "records left: $(ls -A "$SIXDOCKER_ROOT")"
	[[ -z "$(ls -A "$SIXDOCKER_DATA/containers" 2>/dev/null)" ]] ||
		sixd_fail "container data left: $(ls -A "$SIXDOCKER_DATA/containers")"
	local left
	retry 5 no_new_idle_cgroups || {
		left=$(new_idle_cgroups)
		sixd_fail "cgroups left: $left"
	}
}

# Container cgroups made since setup that hold no process: what a leak looks like.
# (One with processes belongs to a container still running, maybe another test
# run's on the same host; one being removed by its monitor goes within a moment.)
new_idle_cgroups()
{
	local dir
	comm -13 "$BATS_TEST_TMPDIR/cgroups.before" <(container_cgroups) |
		while IFS= read -r dir; do
			# cgroupfs files have no size: read them
			if [[ -d "$dir" && -z "$(cat "$dir/cgroup.procs" 2>/dev/null)" ]]; then
				printf '%s\n' "$dir"
			fi
		done
}

no_new_idle_cgroups()
{
	[[ -z "$(new_idle_cgroups)" ]]
}

@test "run: pid 1 and the container's hostname" {
	run sixd run --rm busybox sh -c 'echo $$; hostname'
	assert_success
	[[ "${lines[0]}" == 1 ]] || sixd_fail "pid is not 1"
	[[ "${lines[1]}" =~ ^[0-9a-f]{12}$ ]] || sixd_fail "hostname is not the short id"
	[[ "${lines[1]}" != "$(hostname)" ]] || sixd_fail "the host's hostname leaked"
	assert_nothing_left
}

@test "run: --hostname, the default image with no image argument, and /bin/sh" {
	run sixd run --rm --hostname box1 hostname
	assert_success
	assert_output box1
	run sixd run --rm /bin/sh -c 'echo via-path'
	assert_success
	assert_output via-path
}

@test "run: exit codes 0, 7, 126, 127 and 137" {
	run sixd run --rm busybox true
	assert_status 0
	run sixd run --rm busybox sh -c 'exit 7'
	assert_status 7
	run -126 --separate-stderr sixd run --rm busybox /etc/passwd
	assert_status 126
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one line on stderr"
	assert_stderr_contains '/etc/passwd'
	run -127 --separate-stderr sixd run --rm busybox no-such-command
	assert_status 127
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one line on stderr"
	assert_stderr_contains 'no-such-command'
	# a signal kills init: 128 + 9 (the kernel ignores pid 1's own kill, so use a child)
	run sixd run --rm busybox sh -c 'sh -c "kill -9 \$\$"; exit $?'
	assert_status 137
	assert_nothing_left
}

@test "run: a detached container killed by SIGKILL from the host exits 137" {
	local name id pid
	name=$(sixd_name)
	id=$(sixd run -d --name "$name" busybox sleep 1000)
	[[ "$id" =~ ^[0-9a-f]{64}$ ]] || sixd_fail "run -d did not print a 64-hex id: $id"
	[[ "$(cid "$name")" == "$id" ]]
	pid=$(jq -r .pid "$SIXDOCKER_ROOT/$name/config.json")
	[[ "$(jq -r .status "$SIXDOCKER_ROOT/$name/config.json")" == running ]]
	kill -KILL "$pid"
	retry 10 bash -c "[[ \$(jq -r .status '$SIXDOCKER_ROOT/$name/config.json') == exited ]]"
	[[ "$(jq -r .exit_code "$SIXDOCKER_ROOT/$name/config.json")" == 137 ]]
	[[ -z "$(sixd_cgroup_dirs "$id")" ]] || sixd_fail "cgroup left after exit"
}

@test "run: writes stay in the container's upper layer" {
	run sixd run --name "$(sixd_name a)" busybox sh -c 'echo sixd-upper-only > /etc/written; cat /etc/written'
	assert_success
	assert_output sixd-upper-only
	run sixd run --rm busybox cat /etc/written
	assert_status 1
	run grep -rl sixd-upper-only "$SIXDOCKER_DATA/layers"
	assert_status 1
	[[ "$(cat "$SIXDOCKER_DATA/containers/$(cid "$(sixd_name a)")/upper/etc/written")" == sixd-upper-only ]]
}

@test "run: volumes: writes reach the host, :ro refuses writes, missing source is created" {
	local dir=$BATS_TEST_TMPDIR/vol
	mkdir -p "$dir"
	echo from-host >"$dir/in"
	run sixd run --rm -v "$dir:/data" busybox sh -c 'cat /data/in; echo from-ctr > /data/out'
	assert_success
	assert_output from-host
	[[ "$(cat "$dir/out")" == from-ctr ]]
	run sixd run --rm -v "$dir:/data:ro" busybox sh -c 'echo x > /data/ro-write'
	assert_status 1
	assert_output_contains "Read-only file system"
	[[ ! -e "$dir/ro-write" ]]
	run sixd run --rm -v "$dir/new/sub:/deep/er" busybox sh -c 'touch /deep/er/f'
	assert_success
	[[ -f "$dir/new/sub/f" ]]
	assert_nothing_left
}

@test "run: a volume target through a symlink stays inside the rootfs" {
	local dir=$BATS_TEST_TMPDIR/vol
	mkdir -p "$dir"
	# /linuxrc -> /bin/busybox inside the image; an absolute symlink must resolve in the rootfs
	run sixd run --rm -v "$dir:/etc/passwd/../x" busybox true
	assert_status 125
	run sixd run --rm -v "$dir:/proc/../../../../x" busybox sh -c 'ls -d /x'
	assert_success
	assert_output /x
	[[ ! -e /x ]] || sixd_fail "a mount point appeared on the host"
}

@test "run: a volume target that is a dangling symlink is made inside the rootfs, as Docker" {
	local src=$BATS_TEST_TMPDIR/src vol=$BATS_TEST_TMPDIR/vol file=$BATS_TEST_TMPDIR/conf img
	local escape=$BATS_TEST_TMPDIR/escape-missing applet
	img=$(sixd_name img)
	mkdir -p "$vol" "$src/bin" "$src/etc"
	echo vol-side >"$vol/marker"
	echo file-side >"$file"
	cp /bin/busybox "$src/bin/busybox"
	for applet in sh ls cat readlink; do
		ln -s busybox "$src/bin/$applet"
	done
	ln -s /srv/missing-$BATS_ROOT_PID/data "$src/data" # absolute, its parents missing too
	ln -s ../var/rel "$src/rel"                        # relative
	ln -s app.conf "$src/etc/conf"                     # a file target
	ln -s /hop "$src/chain"
	ln -s deep/end "$src/hop"                          # a chain of two
	ln -s "../../../../..$escape" "$src/esc"           # up and out: stays in the rootfs
	ln -s /loop2 "$src/loop1"
	ln -s /loop1 "$src/loop2"
	tar -C "$src" -cf "$BATS_TEST_TMPDIR/image.tar" .
	sixd import "$BATS_TEST_TMPDIR/image.tar" "$img" >/dev/null
	run sixd run --rm -v "$vol:/data" -v "$vol:/rel/sub" -v "$file:/etc/conf:ro" \
		-v "$vol:/chain" -v "$vol:/esc" "$img" sh -c \
		"cat /srv/missing-$BATS_ROOT_PID/data/marker /var/rel/sub/marker /etc/app.conf \
			/deep/end/marker $escape/marker; readlink /data"
	assert_success
	assert_output "$(printf 'vol-side\nvol-side\nfile-side\nvol-side\nvol-side\n/srv/missing-%s/data' "$BATS_ROOT_PID")"
	[[ ! -e "/srv/missing-$BATS_ROOT_PID" && ! -e /var/rel && ! -e /deep/end ]] ||
		sixd_fail "a target was made on the host"
	[[ ! -e "$escape" ]] || sixd_fail "the escaping target was made on the host"
	# a symlink loop is still refused
	run --separate-stderr sixd run --rm -v "$vol:/loop1" "$img" true
	assert_status 125
	assert_stderr_contains "'loop1' in the container is a symlink or leaves the rootfs"
	assert_nothing_left
}

@test "run: -m 100m is the memory limit of the container's cgroup" {
	local name id f
	name=$(sixd_name)
	id=$(sixd run -d --name "$name" -m 100m --pids-limit 50 --cpus 0.5 --cpuset-cpus 0 busybox sleep 1000)
	f=$(cgfile "$id" memory memory.limit_in_bytes memory.max)
	[[ "$(cat "$f")" == 104857600 ]] || sixd_fail "memory limit is $(cat "$f")"
	f=$(cgfile "$id" pids pids.max pids.max)
	[[ "$(cat "$f")" == 50 ]]
	if [[ "$(stat -f -c %T /sys/fs/cgroup)" == cgroup2fs ]]; then
		[[ "$(cat "/sys/fs/cgroup/sixdocker/$id/cpu.max")" == "50000 100000" ]]
	else
		[[ "$(cat "/sys/fs/cgroup/cpu/sixdocker/$id/cpu.cfs_quota_us")" == 50000 ]]
	fi
	f=$(cgfile "$id" cpuset cpuset.cpus cpuset.cpus)
	[[ "$(cat "$f")" == 0 ]]
	# the container's init is in that cgroup
	pid=$(jq -r .pid "$SIXDOCKER_ROOT/$name/config.json")
	f=$(cgfile "$id" memory cgroup.procs cgroup.procs)
	grep -qx "$pid" "$f"
}

@test "run: a process allocating past a small limit is OOM-killed: exit 137" {
	local name
	name=$(sixd_name)
	run sixd run --name "$name" -m 8m busybox tail /dev/zero
	assert_status 137
	[[ "$(jq -r .oom_killed "$SIXDOCKER_ROOT/$name/config.json")" == true ]]
	[[ "$(jq -r .exit_code "$SIXDOCKER_ROOT/$name/config.json")" == 137 ]]
}

@test "run -ti: a shell under a real pty" {
	run_in_pty -i $'tty; echo "term=$TERM"; ls /dev/console; exit 5\n' -- \
		"$SIXDOCKER" run --rm -ti busybox sh
	assert_status 5
	assert_output_contains "/dev/pts/0"
	assert_output_contains "term=xterm"
	assert_output_contains "/dev/console"
}

@test "run -t: the window size of the caller's terminal" {
	run_in_pty -- bash -c "stty rows 33 cols 111; exec \"\$0\" run --rm -t busybox stty size" \
		"$SIXDOCKER"
	assert_success
	assert_output_contains "33 111"
}

@test "run -i: stdin is relayed and closed at its end" {
	run bash -c 'printf "one\ntwo\n" | "$0" run --rm -i busybox sh -c "wc -l"' "$SIXDOCKER"
	assert_success
	assert_output 2
	# without -i the container reads nothing
	run bash -c 'printf "one\n" | "$0" run --rm busybox sh -c "cat | wc -c"' "$SIXDOCKER"
	assert_output 0
}

@test "run: stdout and stderr stay apart and reach the log with timestamps" {
	local name log
	name=$(sixd_name)
	run --separate-stderr sixd run --name "$name" busybox sh -c 'echo out; echo err >&2'
	assert_success
	assert_output out
	[[ "$stderr" == err ]]
	log=$(jq -r .log_path "$SIXDOCKER_ROOT/$name/config.json")
	[[ "$log" == "$SIXDOCKER_DATA"/* ]]
	run jq -r '"\(.stream) \(.log)"' "$log"
	assert_output_contains "stdout out"
	assert_output_contains "stderr err"
	run jq -r .time "$log"
	assert_output_matches '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z'
}

@test "run: environment, --env-file, -w and -u" {
	local envf=$BATS_TEST_TMPDIR/env
	printf '# comment\nFROM_FILE=yes\nOVERRIDE=file\n' >"$envf"
	export FROM_CALLER=caller
	run sixd run --rm -e A=1 -e FROM_CALLER -e UNSET_VAR_XYZ --env-file "$envf" -e OVERRIDE=flag \
		busybox env
	assert_success
	assert_output_contains "A=1"
	assert_output_contains "FROM_CALLER=caller"
	assert_output_contains "FROM_FILE=yes"
	assert_output_contains "OVERRIDE=flag"
	assert_output_contains "PATH=/usr/local/sbin"
	assert_output_contains "HOME=/root"
	assert_output_not_contains "UNSET_VAR_XYZ"
	run sixd run --rm -w /made/for/me busybox pwd
	assert_output /made/for/me
	run sixd run --rm -u nobody busybox id
	assert_success
	assert_output_contains "uid=65534(nobody)"
	run sixd run --rm -u 1234:4321 busybox id -u
	assert_output 1234
	run --separate-stderr sixd run --rm -u no-such-user busybox id
	assert_status 125
	assert_stderr_contains "no-such-user"
	assert_nothing_left
}

@test "run: the init holds no host descriptor beyond 0, 1 and 2" {
	# sh is init; the trailing 'true' keeps it from exec'ing ls in its place
	run sixd run --rm busybox sh -c 'ls /proc/1/fd; true'
	assert_success
	[[ "$(echo $output)" == "0 1 2" ]] || sixd_fail "init fds: $output"
}

# Fail if the monitor of container NAME holds a descriptor of the file at PATH.
assert_monitor_not_holding()
{
	local mon fd
	mon=$(jq -r .monitor_pid "$SIXDOCKER_ROOT/$1/config.json")
	[[ -d "/proc/$mon/fd" ]] || sixd_fail "no monitor process $mon"
	for fd in /proc/"$mon"/fd/*; do
		[[ "$(readlink "$fd")" != "$2" ]] || sixd_fail "monitor holds $fd: $2"
	done
}

@test "run: the monitor, detached or not, keeps no descriptor of the caller" {
	local a b
	a=$(sixd_name a)
	b=$(sixd_name b)
	# a caller's pipe held by the monitor would keep $(...) or | waiting for the container
	sixd run -d --name "$a" busybox sleep 1000 >/dev/null 7<"$BATS_TEST_FILENAME"
	assert_monitor_not_holding "$a" "$BATS_TEST_FILENAME"
	sixd run --name "$b" busybox sleep 1000 >/dev/null 2>&1 7<"$BATS_TEST_FILENAME" &
	retry 10 bash -c "[[ \$(jq -r .status '$SIXDOCKER_ROOT/$b/config.json' 2>/dev/null) == running ]]"
	assert_monitor_not_holding "$b" "$BATS_TEST_FILENAME"
}

@test "run: /proc is private, /sys read-only, /dev holds the standard nodes" {
	run sixd run --rm busybox sh -c 'tr "\\0" " " < /proc/1/cmdline; echo; ls -d /proc/[0-9]* | wc -l; ls -d /proc/$0 2>&1' "$BATS_ROOT_PID"
	assert_output_contains "sh -c"
	[[ "${lines[1]}" -le 3 ]] || sixd_fail "more processes than the container's: ${lines[1]}"
	assert_output_contains "No such file"
	run sixd run --rm busybox sh -c 'touch /sys/x'
	assert_status 1
	run sixd run --rm busybox sh -c 'ls /dev'
	for n in null zero full random urandom tty pts shm ptmx; do
		assert_output_contains "$n"
	done
	run sixd run --rm busybox sh -c 'echo ok > /dev/null && head -c 4 /dev/zero | wc -c && ls /dev/sda 2>&1'
	assert_output_contains 4
	assert_output_contains "No such file"
	run sixd run --rm --network none busybox sh -c 'ip link 2>/dev/null | grep -c "^[0-9]"; cat /sys/class/net/lo/operstate'
	assert_output_contains 1
}

@test "run: a random adjective_surname name, and --rm removes everything" {
	local id name
	id=$(sixd run -d busybox sleep 1000)
	name=$(jq -r .name "$SIXDOCKER_ROOT"/*/config.json)
	[[ "$name" =~ ^[a-z]+_[a-z]+$ ]] || sixd_fail "name: $name"
	run sixd run --rm busybox true
	[[ "$(ls "$SIXDOCKER_ROOT")" == "$name" ]]
	[[ "$(ls "$SIXDOCKER_DATA/containers")" == "$id" ]]
}

@test "run: bad input gets one line on stderr, exit 125, and leaves nothing" {
	local name
	name=$(sixd_name)
	for args in "--bogus" "-m 10x" "-m abc" "-v relative:/x" "-v /abs" "-v /a:rel" "-v /a:/b:zz" \
		"--name ../x" "--name a/b" "--cpus abc" "--cpus -1" "--memory-swap 1m" \
		"--cpuset-cpus x" "--pids-limit z" "-w relative" "-e =x"; do
		# shellcheck disable=SC2086 # split on purpose
		run --separate-stderr sixd run --rm $args busybox true
		[[ "$status" == 125 ]] || sixd_fail "args '$args': status $status"
		[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "args '$args': ${#stderr_lines[@]} lines"
		[[ "$stderr" == sixdocker:* ]] || sixd_fail "args '$args': $stderr"
		[[ -z "$output" ]] || sixd_fail "args '$args': stdout: $output"
	done
	run --separate-stderr sixd run --rm -m 10x busybox true
	assert_stderr_contains "10x"
	run --separate-stderr sixd run --rm --name ../x busybox true
	assert_stderr_contains "../x"
	run --separate-stderr sixd run --rm --cpus abc busybox true
	assert_stderr_contains "abc"
	assert_nothing_left
}

@test "run: a cgroup value the kernel refuses leaves nothing behind" {
	run --separate-stderr sixd run --rm --cpuset-cpus 999 busybox true
	assert_status 125
	assert_stderr_contains "999"
	assert_nothing_left
}

@test "run: a monitor killed before the container starts leaves nothing" {
	command -v strace >/dev/null || skip "strace (scripts/install-deps.sh) injects the kill"
	# the detached monitor's setsid() is its first step: SIGKILL it there
	run --separate-stderr sixd_strace -e trace=setsid -e inject=setsid:signal=KILL \
		sixd run -d --name "$(sixd_name)" busybox sleep 1000
	assert_status 125
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one line on stderr"
	assert_stderr_contains "monitor died"
	assert_nothing_left
}

@test "run: the name of a run killed before it wrote its record is taken over later" {
	local name id
	command -v strace >/dev/null || skip "strace (scripts/install-deps.sh) injects the kill"
	name=$(sixd_name)
	sixd run --rm --network none busybox true # the default image is made
	# SIGKILL at the rename that would publish the record
	run sixd_strace -e trace=rename,renameat,renameat2 \
		-e inject=rename,renameat,renameat2:signal=KILL:when=1 \
		sixd run -d --network none --name "$name" busybox sleep 1000
	assert_status 137
	[[ -d "$SIXDOCKER_ROOT/$name" && ! -e "$SIXDOCKER_ROOT/$name/config.json" ]] ||
		sixd_fail "no reservation without a record to test with"
	id=$(ls "$SIXDOCKER_DATA/containers")
	# a run that young may still be writing its record
	run --separate-stderr sixd run --rm --network none --name "$name" busybox true
	assert_status 125
	assert_stderr_contains "already in use"
	touch -d '2 minutes ago' "$SIXDOCKER_ROOT/$name"
	run sixd run --rm --network none --name "$name" busybox echo reclaimed
	assert_success
	assert_output reclaimed
	# what the killed run made is an orphan for prune
	run sixd container prune -f
	assert_success
	assert_output_contains "$id"
	assert_nothing_left
}

@test "run: a run killed while it makes its cgroup leaves nothing prune cannot find" {
	local t=$BATS_TEST_TMPDIR n id
	command -v strace >/dev/null || skip "strace (scripts/install-deps.sh) injects the kill"
	sixd run --rm --network none busybox true # the default image is made
	# the number of the mkdir that makes the first cgroup directory of a run
	sixd_strace -o "$t/dry" -e trace=mkdir,mkdirat sixd run --rm --network none busybox true
	n=$(grep -E 'mkdir(at)?\(' "$t/dry" | grep -n -m1 -E '/sys/fs/cgroup/.*/[0-9a-f]{64}", .*= 0$' |
		cut -d: -f1)
	[[ -n "$n" ]] || sixd_fail "no cgroup made in: $(cat "$t/dry")"
	# SIGKILL at the next mkdir: one cgroup directory made, the run dead
	run sixd_strace -o "$t/trace" -e trace=mkdir,mkdirat \
		-e inject=mkdir,mkdirat:signal=KILL:when=$((n + 1)) \
		sixd run -d --network none --name "$(sixd_name)" busybox sleep 1000
	assert_status 137
	id=$(grep -o -m1 -E '/sys/fs/cgroup/.*/[0-9a-f]{64}' "$t/trace" | grep -o -E '[0-9a-f]{64}$')
	[[ -n "$id" && -n "$(sixd_cgroup_dirs "$id")" ]] || sixd_fail "no cgroup was made"
	[[ -d "$SIXDOCKER_DATA/containers/$id" ]] || {
		sixd_remove_cgroups "$id"
		sixd_fail "a cgroup without its data directory: no prune can find it"
	}
	# once the dead run's reservation is old, prune removes its data and its cgroup
	touch -d '2 minutes ago' "$SIXDOCKER_ROOT/$(sixd_name)"
	run sixd container prune -f
	assert_success
	assert_output_contains "$id"
	[[ -z "$(sixd_cgroup_dirs "$id")" ]] || sixd_fail "cgroup left: $(sixd_cgroup_dirs "$id")"
}

@test "run: a name in use is refused, and two racing runs cannot both win" {
	local name
	name=$(sixd_name)
	sixd run -d --name "$name" busybox sleep 1000 >/dev/null
	run --separate-stderr sixd run --rm --name "$name" busybox true
	assert_status 125
	assert_stderr_contains "already in use"
	[[ "$(ls "$SIXDOCKER_DATA/containers" | wc -l)" == 1 ]]
	local i ok=0
	for i in 1 2 3 4 5 6; do
		sixd run -d --name "$name-race" busybox sleep 1000 >"$BATS_TEST_TMPDIR/r$i" 2>&1 &
	done
	wait
	for i in 1 2 3 4 5 6; do
		grep -qE '^[0-9a-f]{64}$' "$BATS_TEST_TMPDIR/r$i" && ok=$((ok + 1))
	done
	[[ "$ok" == 1 ]] || sixd_fail "$ok racing runs won"
	[[ "$(ls "$SIXDOCKER_DATA/containers" | wc -l)" == 2 ]]
}

@test "run: killing the attached CLI loses neither the exit code nor the log" {
	local name cli
	name=$(sixd_name)
	sixd run --name "$name" busybox sh -c 'echo before; sleep 2; echo after; exit 4' \
		>/dev/null 2>&1 &
	cli=$!
	retry 10 bash -c "[[ \$(jq -r .status '$SIXDOCKER_ROOT/$name/config.json' 2>/dev/null) == running ]]"
	kill -KILL "$cli"
	retry 15 bash -c "[[ \$(jq -r .status '$SIXDOCKER_ROOT/$name/config.json') == exited ]]"
	[[ "$(jq -r .exit_code "$SIXDOCKER_ROOT/$name/config.json")" == 4 ]]
	run jq -r .log "$(jq -r .log_path "$SIXDOCKER_ROOT/$name/config.json")"
	assert_output_contains before
	assert_output_contains after
}

@test "run --rm: a monitor SIGKILLed while the container runs leaves nothing" {
	local name cli mon rc=0
	name=$(sixd_name)
	sixd run --rm --name "$name" busybox sleep 1000 >"$BATS_TEST_TMPDIR/out" 2>&1 &
	cli=$!
	retry 10 bash -c "[[ \$(jq -r .status '$SIXDOCKER_ROOT/$name/config.json' 2>/dev/null) == running ]]"
	mon=$(jq -r .monitor_pid "$SIXDOCKER_ROOT/$name/config.json")
	kill -KILL "$mon"
	wait "$cli" || rc=$?
	[[ "$rc" == 125 ]] || sixd_fail "exit status $rc: $(cat "$BATS_TEST_TMPDIR/out")"
	grep -q "monitor was killed" "$BATS_TEST_TMPDIR/out"
	assert_nothing_left
}

@test "run: signals sent to the attached CLI reach the container" {
	local out=$BATS_TEST_TMPDIR/out cli rc=0
	"$SIXDOCKER" run --rm busybox sh -c \
		'trap "echo got-term; exit 9" TERM; echo ready; sleep 100 & wait' >"$out" 2>&1 3>&- &
	cli=$!
	retry 10 grep -q ready "$out"
	kill -TERM "$cli"
	wait "$cli" || rc=$?
	[[ "$rc" == 9 ]] || sixd_fail "exit status $rc"
	grep -q got-term "$out"
}
