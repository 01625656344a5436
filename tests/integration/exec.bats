#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sixdocker exec: commands in running containers of the default busybox image.

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

# The cgroup.procs file of container ID (the memory hierarchy on v1).
procs_file()
{
	if [[ "$(stat -f -c %T /sys/fs/cgroup)" == cgroup2fs ]]; then
		printf '%s\n' "/sys/fs/cgroup/sixdocker/$1/cgroup.procs"
	else
		printf '%s\n' "/sys/fs/cgroup/memory/sixdocker/$1/cgroup.procs"
	fi
}

# Host pids in container ID's cgroup whose command line is exactly WORDS.
cgroup_pids_running()
{
	local id=$1 pid
	shift
	while read -r pid; do
		if [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" == "$* " ]]; then
			printf '%s\n' "$pid"
		fi
	done <"$(procs_file "$id")"
}

has_cgroup_pid()
{
	[[ -n "$(cgroup_pids_running "$@")" ]]
}

# No keeper of an exec -d -t pty left in container ID (named NAME).
no_keeper()
{
	! has_cgroup_pid "$1" sixdocker exec-nsenter "$2"
}

@test "exec: sees the container's pid 1, hostname, processes and files" {
	local name id
	name=$(sixd_name)
	start "$name"
	id=$(field "$name" id)
	run sixd exec "$name" sh -c 'tr "\0" " " </proc/1/cmdline; echo; hostname; echo $$'
	assert_success
	[[ "${lines[0]}" == "sleep 1000 " ]] || sixd_fail "pid 1 is not the container's init"
	[[ "${lines[1]}" == "${id:0:12}" ]] || sixd_fail "not the container's hostname"
	[[ "${lines[2]}" =~ ^[0-9]+$ && "${lines[2]}" -lt 100 ]] ||
		sixd_fail "not in the container's pid namespace"
	run sixd exec "$name" sh -c 'ls -d /proc/$0 2>&1' "$BATS_ROOT_PID"
	assert_output_contains "No such file"
	run sixd exec "$name" sh -c 'echo made-inside >/exec-file'
	assert_success
	run sixd exec "$name" cat /exec-file
	assert_output made-inside
	[[ ! -e /exec-file ]] || sixd_fail "the file reached the host's root"
	[[ "$(cat "$SIXDOCKER_DATA/containers/$id/upper/exec-file")" == made-inside ]] ||
		sixd_fail "the file is not in the container's upper layer"
}

@test "exec: by full id and by a unique id prefix" {
	local name id
	name=$(sixd_name)
	start "$name"
	id=$(field "$name" id)
	run sixd exec "$id" echo by-id
	assert_success
	assert_output by-id
	run sixd exec "${id:0:10}" echo by-prefix
	assert_success
	assert_output by-prefix
}

@test "exec: the command joins the container's cgroup; -d returns at once" {
	local name id
	name=$(sixd_name)
	start "$name"
	id=$(field "$name" id)
	run sixd exec -d "$name" sleep 77
	assert_success
	assert_output ""
	retry 5 has_cgroup_pid "$id" sleep 77
	# and an attached exec's command, too
	sixd exec "$name" sleep 78 &
	retry 5 has_cgroup_pid "$id" sleep 78
	kill -TERM $!
	wait $! || true
}

@test "exec: the environment of run, -e and --env-file" {
	local name envf=$BATS_TEST_TMPDIR/env
	name=$(sixd_name)
	printf '# comment\nFROM_FILE=yes\n' >"$envf"
	start "$name" -e RUNVAR=r -e OVER=run
	export FROM_CALLER=caller
	run sixd exec -e EXECVAR=e -e OVER=exec -e FROM_CALLER --env-file "$envf" "$name" env
	assert_success
	assert_output_contains "RUNVAR=r"
	assert_output_contains "EXECVAR=e"
	assert_output_contains "OVER=exec"
	assert_output_contains "FROM_CALLER=caller"
	assert_output_contains "FROM_FILE=yes"
	assert_output_contains "HOME=/root"
	assert_output_contains "PATH=/usr/local/sbin"
	assert_output_contains "HOSTNAME=$(field "$name" id | cut -c1-12)"
	assert_output_not_contains "_SIXD_NSENTER"
	assert_output_not_contains "BATS_"
}

@test "exec: exit codes 0, 3, 126, 127 and 125 for an unknown container" {
	local name
	name=$(sixd_name)
	start "$name"
	run sixd exec "$name" true
	assert_status 0
	run sixd exec "$name" sh -c 'exit 3'
	assert_status 3
	run -126 --separate-stderr sixd exec "$name" /etc/passwd
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one line on stderr"
	assert_stderr_contains /etc/passwd
	run -127 --separate-stderr sixd exec "$name" no-such-command
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one line on stderr"
	assert_stderr_contains no-such-command
	run -127 sixd exec "$name" /no/such/path
	run -125 --separate-stderr sixd exec "$name-nope" true
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one line on stderr"
	assert_stderr_contains "no such container: $name-nope"
	run -125 sixd exec "$name"
	run -125 sixd exec -w relative "$name" true
}

@test "exec: a stopped container, and one whose init died behind the record, fail with 125" {
	local name
	name=$(sixd_name)
	sixd run --name "$name" busybox true
	run -125 --separate-stderr sixd exec "$name" true
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one line on stderr"
	assert_stderr_contains "container $name is not running"
	# the record still says running, but its init is gone
	name=$(sixd_name dead)
	start "$name"
	sixd_kill_verified "$(field "$name" monitor_pid)" "$(field "$name" monitor_start)"
	sixd_kill_verified "$(field "$name" pid)" "$(field "$name" pid_start)"
	[[ "$(field "$name" status)" == running ]]
	run -125 --separate-stderr sixd exec "$name" true
	[[ "${#stderr_lines[@]}" -eq 1 ]] || sixd_fail "expected one line on stderr"
	assert_stderr_contains "container $name is not running"
}

@test "exec -ti: a shell under a real pty from the container's devpts" {
	local name
	name=$(sixd_name)
	start "$name"
	run_in_pty -d 1 -i $'t=$(tty); echo "tty=$t"; ls -l "$t"; echo "term=$TERM"; exit 5\n' -- \
		"$SIXDOCKER" exec -ti "$name" sh
	assert_status 5
	assert_output_matches 'tty=/dev/pts/[0-9]+'
	assert_output_matches 'crw[^ ]* +1 root'
	assert_output_contains "term=xterm"
	# the caller's window size, and the pty belongs to -u's user
	run_in_pty -- bash -c "stty rows 33 cols 111; exec \"\$0\" exec -t -u nobody \"\$1\" sh -c 'stty size; ls -l \$(tty)'" \
		"$SIXDOCKER" "$name"
	assert_success
	assert_output_contains "33 111"
	assert_output_matches 'crw[^ ]* +1 nobody'
}

@test "exec -d -t: a pty as Docker, nothing printed, back at once; the pty is drained, then let go" {
	local name id
	name=$(sixd_name)
	start "$name"
	id=$(field "$name" id)
	# back at once even with the caller's stdout a pipe (timeout: fail rather than hang)
	run timeout 20 sixd exec -d -t "$name" sh -c \
		'tty >/tmp/tty; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo "$TERM" >/tmp/term; exec sleep 1001'
	assert_success
	assert_output ""
	retry 10 sixd exec "$name" test -s /tmp/term
	run sixd exec "$name" cat /tmp/tty /tmp/term
	assert_output_matches '^/dev/pts/[0-9]+'$'\n''xterm$'
	# without -t: no terminal, as before
	run timeout 20 sixd exec -d "$name" sh -c 'tty >/tmp/notty 2>&1; exec sleep 1002'
	assert_success
	assert_output ""
	retry 10 sixd exec "$name" test -s /tmp/notty
	run sixd exec "$name" cat /tmp/notty
	assert_output "not a tty"
	# the keeper of the pty stays out of the container's view
	run sixd exec "$name" sh -c 'cat /proc/[0-9]*/cmdline | tr "\0" " "'
	assert_output_contains "sleep 1001"
	assert_output_not_contains "sixdocker"
	# a command writing far more than a pty buffers still runs to its end (the pty is drained)
	run timeout 20 sixd exec -dt "$name" sh -c 'head -c 2000000 /dev/zero | od; echo done >/tmp/done'
	assert_success
	retry 20 sixd exec "$name" test -s /tmp/done
	# the keeper holds the pty while sleep 1001 runs; once the command is gone, so is it
	has_cgroup_pid "$id" sixdocker exec-nsenter "$name" || sixd_fail "no keeper of the pty"
	sixd exec "$name" sh -c 'kill $(pidof sleep)' # pid 1 ignores SIGTERM
	retry 10 no_keeper "$id" "$name"
	# rm -f while a -d -t command runs: the keeper goes with the container, nothing is left
	run timeout 20 sixd exec -dt "$name" sleep 1003
	assert_success
	retry 10 has_cgroup_pid "$id" sixdocker exec-nsenter "$name"
	run sixd rm -f "$name"
	assert_success
	[[ -z "$(sixd_cgroup_dirs "$id")" ]] || sixd_fail "cgroup left after rm -f"
	! pgrep -f "^sixdocker exec-nsenter $name\$" >/dev/null || sixd_fail "a keeper outlived rm -f"
}

@test "exec: without -t the command never holds the caller's terminal (pipes instead)" {
	local name
	name=$(sixd_name)
	start "$name"
	# a terminal as stdout could be typed into with TIOCSTI: the command gets a pipe
	run_in_pty -- "$SIXDOCKER" exec "$name" sh -c 'for f in 0 1 2; do readlink /proc/self/fd/$f; done; exit 6'
	assert_status 6
	assert_output_not_contains "/dev/pts"
	assert_output_contains "pipe:"
	# -i relays the terminal's input through a pipe, and its end becomes EOF
	run_in_pty -d 1 -i $'typed\n' -- "$SIXDOCKER" exec -i "$name" sh -c \
		'read -r x; echo "got:$x"; readlink /proc/self/fd/0; cat >/dev/null; echo eof'
	assert_success
	assert_output_contains "got:typed"
	assert_output_contains "eof"
	assert_output_not_contains "/dev/pts"
}

@test "exec: the command holds only fds 0, 1 and 2, even when the caller holds more" {
	local name
	name=$(sixd_name)
	start "$name"
	run sixd exec "$name" sh -c 'ls /proc/$$/fd; true' 5</etc/hostname 7<"$BATS_TEST_DIRNAME"
	assert_success
	[[ "$(echo $output)" == "0 1 2" ]] || sixd_fail "exec fds: $output"
	run_in_pty -- "$SIXDOCKER" exec -t "$name" sh -c 'ls /proc/$$/fd; true'
	[[ "$(echo $output)" == "0 1 2" ]] || sixd_fail "exec -t fds: $output"
}

@test "exec: no inheritable or ambient capabilities, even from a caller that has some" {
	local name
	name=$(sixd_name)
	start "$name"
	run setpriv --inh-caps=+net_admin --ambient-caps=+net_admin \
		"$SIXDOCKER" exec "$name" grep -E '^Cap(Inh|Amb)' /proc/self/status
	assert_success
	assert_output_contains $'CapInh:\t0000000000000000'
	assert_output_contains $'CapAmb:\t0000000000000000'
}

# The value of FIELD (CapEff, CapBnd, NoNewPrivs...) in $output of `grep ... /proc/self/status`.
status_field()
{
	awk -v f="$1:" '$1 == f { print $2 }' <<<"$output"
}

@test "exec: root gets the container's capability set, a non-root user none" {
	local name
	name=$(sixd_name)
	start "$name"
	run sixd exec "$name" grep -E '^(Cap|NoNewPrivs)' /proc/self/status
	assert_success
	[[ "$(status_field CapEff)" == 00000000a80425fb ]] || sixd_fail "CapEff"
	[[ "$(status_field CapPrm)" == 00000000a80425fb ]] || sixd_fail "CapPrm"
	[[ "$(status_field CapBnd)" == 00000000a80425fb ]] || sixd_fail "CapBnd"
	[[ "$(status_field NoNewPrivs)" == 0 ]] || sixd_fail "NoNewPrivs set by default"
	run sixd exec -u nobody "$name" grep Cap /proc/self/status
	assert_success
	[[ "$(status_field CapEff)" == 0000000000000000 ]] || sixd_fail "CapEff of nobody"
	[[ "$(status_field CapPrm)" == 0000000000000000 ]] || sixd_fail "CapPrm of nobody"
	[[ "$(status_field CapBnd)" == 00000000a80425fb ]] || sixd_fail "CapBnd of nobody"
}

@test "exec: --cap-drop ALL, --cap-add and no-new-privileges of run hold for exec" {
	local name
	name=$(sixd_name)
	start "$name" --cap-drop ALL --security-opt no-new-privileges
	run sixd exec "$name" grep -E '^(Cap|NoNewPrivs)' /proc/self/status
	assert_success
	[[ "$(status_field CapEff)" == 0000000000000000 ]] || sixd_fail "CapEff"
	[[ "$(status_field CapBnd)" == 0000000000000000 ]] || sixd_fail "CapBnd"
	[[ "$(status_field NoNewPrivs)" == 1 ]] || sixd_fail "NoNewPrivs"
	name=$(sixd_name add)
	start "$name" --cap-drop ALL --cap-add KILL
	run sixd exec "$name" grep -E '^Cap' /proc/self/status
	assert_success
	[[ "$(status_field CapEff)" == 0000000000000020 ]] || sixd_fail "CapEff is not KILL"
	[[ "$(status_field CapBnd)" == 0000000000000020 ]] || sixd_fail "CapBnd is not KILL"
}

@test "exec --privileged: the host's bounding set, like Docker" {
	local name host_bnd
	name=$(sixd_name)
	host_bnd=$(awk '$1 == "CapBnd:" { print $2 }' /proc/self/status)
	start "$name"
	run sixd exec --privileged "$name" grep -E '^Cap' /proc/self/status
	assert_success
	[[ "$(status_field CapBnd)" == "$host_bnd" ]] || sixd_fail "CapBnd is not $host_bnd"
	[[ "$(status_field CapEff)" == "$host_bnd" ]] || sixd_fail "CapEff is not $host_bnd"
	[[ "$(status_field CapInh)" == 0000000000000000 ]] || sixd_fail "CapInh"
}

@test "exec: cannot undo the masks or mount (no CAP_SYS_ADMIN)" {
	local name
	[[ -n "$(head -c 1 /proc/interrupts)" ]] || skip "the host's /proc/interrupts is empty"
	name=$(sixd_name)
	start "$name"
	run sixd exec "$name" umount /proc/interrupts
	[[ "$status" -ne 0 ]] || sixd_fail "umount of a mask succeeded"
	run sixd exec "$name" sh -c 'umount -l /proc/kcore'
	[[ "$status" -ne 0 ]] || sixd_fail "umount -l of a mask succeeded"
	run sixd exec "$name" sh -c 'mkdir -p /m && mount -t tmpfs x /m'
	[[ "$status" -ne 0 ]] || sixd_fail "mount succeeded"
	run sixd exec "$name" sh -c 'wc -c </proc/interrupts'
	assert_success
	assert_output 0
}

@test "exec: -w stays inside the container: /proc/self/fd/N never leads to a host directory" {
	local name n
	name=$(sixd_name)
	start "$name"
	run sixd exec -w /tmp "$name" pwd
	assert_success
	assert_output /tmp
	sixd exec "$name" sh -c 'touch /in-container; ln -s ../../../../../../../tmp /up'
	run sixd exec -w /up "$name" pwd
	assert_output /tmp
	for n in 0 1 2 3 4 5 6 7 8 9; do
		run sixd exec -w "/proc/self/fd/$n" "$name" sh -c 'ls /in-container' \
			7<"$BATS_TEST_DIRNAME" 8</
		if ((status == 0)); then
			assert_output /in-container
		else
			assert_status 126
			assert_output_contains "working directory"
		fi
	done
	run -126 sixd exec -w /no/such/dir "$name" pwd
	assert_output_contains "/no/such/dir"
}

@test "exec: -u by name, by uid:gid, and an unknown user" {
	local name
	name=$(sixd_name)
	start "$name"
	run sixd exec -u nobody "$name" id
	assert_success
	assert_output_contains "uid=65534(nobody)"
	run sixd exec -u 1234:4321 "$name" sh -c 'id -u; id -g'
	assert_success
	[[ "$(echo $output)" == "1234 4321" ]] || sixd_fail "wrong ids"
	run -125 --separate-stderr sixd exec -u no-such-user "$name" id
	assert_stderr_contains no-such-user
}

@test "exec: the joining process is non-dumpable and invisible inside the container" {
	local name
	command -v python3 >/dev/null || skip "python3 is needed for ptrace"
	name=$(sixd_name)
	start "$name"
	# From a process with every capability but CAP_SYS_PTRACE in its effective
	# set, PTRACE_ATTACH works on a dumpable root process (its own child sleep)
	# and must fail on the joiner (also its child), which is non-dumpable.
	run python3 - "$SIXDOCKER" "$name" <<'PY'
import ctypes, os, subprocess, sys, time
libc = ctypes.CDLL(None, use_errno=True)
class Hdr(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]
class Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]
def attach(pid):
    if libc.ptrace(16, pid, None, None) == 0:  # PTRACE_ATTACH
        os.waitpid(pid, 0)
        libc.ptrace(17, pid, None, None)  # PTRACE_DETACH
        return "attached"
    return os.strerror(ctypes.get_errno())
plain = subprocess.Popen(["sleep", "100"])
joiner = subprocess.Popen([sys.argv[1], "exec", sys.argv[2], "sleep", "100"])
mine = os.readlink("/proc/self/ns/mnt")
for _ in range(100):  # until the joiner has entered the mount namespace
    try:
        if os.readlink("/proc/%d/ns/mnt" % joiner.pid) != mine:
            break
    except OSError:
        pass
    time.sleep(0.05)
hdr, data = Hdr(0x20080522, 0), (Data * 2)()
libc.capget(ctypes.byref(hdr), data)
data[0].effective &= ~(1 << 19)  # CAP_SYS_PTRACE
assert libc.capset(ctypes.byref(hdr), data) == 0
print("plain", attach(plain.pid))
print("joiner", attach(joiner.pid))
for p in (plain, joiner):
    p.terminate()
    p.wait()
PY
	assert_success
	assert_output_contains "plain attached"
	assert_output_contains "joiner Operation not permitted"
	# nothing in the container sees a sixdocker process while an exec runs
	sixd exec "$name" sleep 100 &
	retry 5 has_cgroup_pid "$(field "$name" id)" sleep 100
	run sixd exec "$name" sh -c 'cat /proc/[0-9]*/cmdline | tr "\0" " "'
	assert_output_contains "sleep 100"
	assert_output_not_contains "sixdocker"
	kill -TERM $!
	wait $! || true
}

@test "exec: SIGTERM, SIGINT and SIGWINCH sent to exec reach the command" {
	local name id pid rc
	name=$(sixd_name)
	start "$name"
	id=$(field "$name" id)
	sixd exec "$name" sleep 101 &
	pid=$!
	retry 5 has_cgroup_pid "$id" sleep 101
	kill -TERM "$pid"
	rc=0 && wait "$pid" || rc=$?
	((rc == 143)) || sixd_fail "SIGTERM: exit status $rc"
	# a background job ignores SIGINT; exec forwards it all the same
	sixd exec "$name" sleep 102 &
	pid=$!
	retry 5 has_cgroup_pid "$id" sleep 102
	kill -INT "$pid"
	rc=0 && wait "$pid" || rc=$?
	((rc == 130)) || sixd_fail "SIGINT: exit status $rc"
	sixd exec "$name" sh -c 'trap "echo got-winch; exit 7" WINCH; touch /ready; while :; do sleep 0.1; done' \
		>"$BATS_TEST_TMPDIR/out" &
	pid=$!
	retry 5 sixd exec "$name" test -f /ready
	kill -WINCH "$pid"
	rc=0 && wait "$pid" || rc=$?
	((rc == 7)) || sixd_fail "SIGWINCH: exit status $rc"
	[[ "$(cat "$BATS_TEST_TMPDIR/out")" == got-winch ]] || sixd_fail "no got-winch"
}

@test "exec: 20 parallel execs into one container all succeed" {
	local name i
	local -a pids=()
	name=$(sixd_name)
	start "$name"
	for ((i = 0; i < 20; i++)); do
		sixd exec "$name" sh -c "echo run-$i" >"$BATS_TEST_TMPDIR/out.$i" 2>&1 &
		pids+=($!)
	done
	for ((i = 0; i < 20; i++)); do
		wait "${pids[i]}" || sixd_fail "exec $i failed: $(cat "$BATS_TEST_TMPDIR/out.$i")"
		[[ "$(cat "$BATS_TEST_TMPDIR/out.$i")" == "run-$i" ]] ||
			sixd_fail "exec $i printed: $(cat "$BATS_TEST_TMPDIR/out.$i")"
	done
}
