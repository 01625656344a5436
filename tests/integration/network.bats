#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Networking: the default bridge, user-defined networks, published ports,
# --network none|host, the address pool and the nft rules.  Like every test
# file, this one runs sixdocker inside a network namespace of its own
# (helpers.bash); its "host side" (sixd_in_netns) and a second machine next to
# it (the client namespace below) are namespaces it made too.  No traffic goes
# anywhere else.

load helpers

WWW_TEXT=hello-from-the-container

# A new network namespace held by a sleep: NS_PID, NS_ID (its holders are
# ended by teardown).
new_netns()
{
	local host i pid
	host=$(readlink /proc/self/ns/net)
	unshare --net sleep infinity </dev/null >/dev/null 2>&1 3>&- &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		NS_ID=$(readlink "/proc/$pid/ns/net")
		[[ "$NS_ID" == "$host" ]] || break
		sleep 0.02
	done
	[[ "$NS_ID" != "$host" ]] || sixd_fail "no network namespace was made"
	NS_PID=$pid
	HOLDERS+=("$pid:$(sixd_pid_start "$pid")")
	nsenter --net="/proc/$pid/ns/net" ip link set lo up
}

# A second machine: a network namespace linked to the engine's namespace by a
# veth pair (engine side 10.203.0.1/24, client 10.203.0.2/24).  The client has
# no route to any container's subnet, so what reaches a container from it was
# DNATed, and what it gets from a container was masqueraded.
client_up()
{
	new_netns
	CLIENT_PID=$NS_PID CLIENT_NS=$NS_ID
	sixd_in_netns ip link add ext0 type veth peer name ext1 netns "$CLIENT_PID"
	sixd_in_netns ip addr add 10.203.0.1/24 dev ext0
	sixd_in_netns ip link set ext0 up
	in_client ip addr add 10.203.0.2/24 dev ext1
	in_client ip link set ext1 up
}

in_client()
{
	[[ "$(readlink "/proc/$CLIENT_PID/ns/net")" == "$CLIENT_NS" ]] ||
		sixd_fail "the client namespace is gone"
	nsenter --net="/proc/$CLIENT_PID/ns/net" "$@"
}

HOLDERS=()

teardown()
{
	local h
	sixd_teardown
	for h in "${HOLDERS[@]}"; do
		sixd_kill_verified "${h%%:*}" "${h#*:}"
	done
}

# GET URL from the engine's namespace (busybox wget's -T crashes: timeout instead).
fetch()
{
	sixd_in_netns timeout 10 busybox wget -q -O- "$1"
}

# Start a detached httpd container NAME serving $WWW_TEXT on port 80; run options follow.
start_web()
{
	local name=$1
	shift
	sixd run -d --name "$name" "$@" busybox sh -c \
		"mkdir -p /www && echo $WWW_TEXT >/www/index.html && exec httpd -f -p 80 -h /www" \
		>/dev/null
}

# The address of container NAME on its network.
ip_of()
{
	sixd inspect -f '{{.NetworkSettings.IPAddress}}' "$1"
}

id_of()
{
	sixd inspect -f '{{.Id}}' "$1"
}

# How many nft rules carry the comment of container ID.
rules_of()
{
	sixd_in_netns nft list table ip sixdocker | grep -c "comment \"sixd:$1\"" || true
}

@test "network: the default bridge: eth0 with an address, a default route, two containers talk by address" {
	local a b ip_a
	a=$(sixd_name a)
	b=$(sixd_name b)
	start_web "$a"
	sixd run -d --name "$b" busybox sleep 1000 >/dev/null
	ip_a=$(ip_of "$a")
	[[ "$ip_a" =~ ^172\.17\.0\.[0-9]+$ ]] || sixd_fail "address of $a: $ip_a"
	run sixd exec "$b" sh -c 'ip -o -4 addr show eth0; ip route'
	assert_success
	assert_output_contains "eth0    inet 172.17.0."
	assert_output_contains "default via 172.17.0.1 dev eth0"
	run sixd exec "$b" sh -c "wget -q -O- http://$ip_a/"
	assert_success
	assert_output "$WWW_TEXT"
	# the bridge and the container's veth live in the test's namespace, not on the host
	sixd_in_netns ip -o addr show sixdocker0 | grep -q "inet 172.17.0.1/16"
	sixd_in_netns ip link show "veth$(id_of "$a" | cut -c 1-11)" >/dev/null
	run ip link show "veth$(id_of "$a" | cut -c 1-11)"
	((status != 0)) || sixd_fail "the container's veth is on the host"
}

@test "network: a user-defined network: containers reach each other by name and by address" {
	local net a b ip_a ip_b
	net=$(sixd_name net)
	a=$(sixd_name a)
	b=$(sixd_name b)
	run sixd network create --subnet 10.77.0.0/24 "$net"
	assert_success
	[[ "$output" =~ ^[0-9a-f]{64}$ ]] || sixd_fail "network create printed: $output"
	start_web "$a" --network "$net"
	start_web "$b" --network "$net"
	ip_a=$(ip_of "$a")
	ip_b=$(ip_of "$b")
	[[ "$ip_a" == 10.77.0.2 && "$ip_b" == 10.77.0.3 ]] || sixd_fail "addresses: $ip_a $ip_b"
	# a learns of b, which came later, by name
	run sixd exec "$a" sh -c "wget -q -O- http://$b/"
	assert_success
	assert_output "$WWW_TEXT"
	run sixd exec "$b" sh -c "wget -q -O- http://$a/ && wget -q -O- http://$ip_a/"
	assert_success
	assert_output "$WWW_TEXT"$'\n'"$WWW_TEXT"
	run sixd exec "$a" ping -c 1 -W 5 "$b"
	assert_success
	assert_output_contains "($ip_b)"
	# --ip: a free address of the network, or refused
	run sixd run --rm --network "$net" --ip 10.77.0.50 busybox ip -o -4 addr show eth0
	assert_success
	assert_output_contains "inet 10.77.0.50/24"
	run --separate-stderr sixd run --rm --network "$net" --ip "$ip_b" busybox true
	assert_status 125
	assert_stderr_contains "--ip $ip_b: not a free address of network $net"
	run --separate-stderr sixd run --rm --ip 172.17.0.50 busybox true
	assert_status 125
	assert_stderr_contains "--ip is supported on user-defined networks only"
	# b's removal takes it out of a's /etc/hosts
	sixd rm -f "$b" >/dev/null
	run sixd exec "$a" cat /etc/hosts
	assert_output_not_contains "$b"
	assert_output_contains "$ip_a"
}

@test "network: a published port serves another machine, the host's address and 127.0.0.1; outbound is masqueraded" {
	local name
	name=$(sixd_name)
	client_up
	start_web "$name" -p 8080:80
	run sixd ps --format '{{.Ports}}' -f "name=^$name\$"
	assert_output "0.0.0.0:8080->80/tcp"
	retry 10 fetch http://127.0.0.1:8080/ >/dev/null
	run fetch http://127.0.0.1:8080/
	assert_success
	assert_output "$WWW_TEXT"
	run fetch http://10.203.0.1:8080/
	assert_success
	assert_output "$WWW_TEXT"
	run in_client timeout 10 busybox wget -q -O- http://10.203.0.1:8080/
	assert_success
	assert_output "$WWW_TEXT"
	# the client knows no way to 172.17.0.0/16: the reply finds it only masqueraded
	run in_client ip route get 172.17.0.2
	assert_failure_or_unreachable
	run sixd run --rm busybox ping -c 1 -W 5 10.203.0.2
	assert_success
	assert_output_contains "1 packets received"
}

# `ip route get` to a subnet the client has no route for fails.
assert_failure_or_unreachable()
{
	[[ "$status" != 0 || "$output" == *unreachable* ]] ||
		sixd_fail "the client has a route to the containers"
}

@test "network: -p HOSTIP:HOSTPORT:PORT binds only that address; -P publishes the exposed ports" {
	local a b port
	a=$(sixd_name a)
	b=$(sixd_name b)
	start_web "$a" -p 127.0.0.1:8081:80
	run sixd ps --format '{{.Ports}}' -f "name=^$a\$"
	assert_output "127.0.0.1:8081->80/tcp"
	retry 10 fetch http://127.0.0.1:8081/ >/dev/null
	run fetch http://172.17.0.1:8081/
	((status != 0)) || sixd_fail "the port is published on the bridge's address too"
	start_web "$b" --expose 80 --expose 53/udp -P
	run sixd ps --format '{{.Ports}}' -f "name=^$b\$"
	[[ "$output" =~ ^0\.0\.0\.0:([0-9]+)-\>80/tcp,\ 0\.0\.0\.0:([0-9]+)-\>53/udp$ ]] ||
		sixd_fail "ps PORTS: $output"
	port=${BASH_REMATCH[1]}
	((port >= 32768 && port <= 60999)) || sixd_fail "host port $port"
	retry 10 fetch "http://127.0.0.1:$port/" >/dev/null
	run fetch "http://127.0.0.1:$port/"
	assert_output "$WWW_TEXT"
	run sixd inspect -f '{{json .NetworkSettings.Ports}}' "$b"
	assert_output_contains "\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"$port\"}]"
}

@test "network: --network none has only lo; --network host shares the engine's links" {
	run sixd run --rm --network none busybox sh -c 'ls /sys/class/net; ip route'
	assert_success
	assert_output "lo"
	sixd_in_netns ip link add sixd-h0 type veth peer name sixd-h1
	run sixd run --rm --network host busybox ls /sys/class/net
	assert_success
	assert_output_contains "sixd-h0"
	assert_output_contains "sixd-h1"
	run sixd run --rm --network host busybox hostname
	assert_output "$(hostname)"
	run sixd run --rm --network none busybox cat /etc/hostname /etc/resolv.conf
	assert_success
	assert_output_not_contains "nameserver 127."
}

@test "network: stop deletes the container's rules, start adds them again, rm releases its address" {
	local a b id_a id_b ip_a
	a=$(sixd_name a)
	b=$(sixd_name b)
	start_web "$a" -p 8082:80
	start_web "$b" -p 8083:80
	id_a=$(id_of "$a")
	id_b=$(id_of "$b")
	ip_a=$(ip_of "$a")
	[[ "$(rules_of "$id_a")" == 1 && "$(rules_of "$id_b")" == 1 ]] || sixd_fail "rules"
	sixd stop -t 1 "$a" >/dev/null
	[[ "$(rules_of "$id_a")" == 0 ]] || sixd_fail "a stopped container kept its rule"
	[[ "$(rules_of "$id_b")" == 1 ]] || sixd_fail "another container's rule went too"
	sixd start "$a" >/dev/null
	[[ "$(rules_of "$id_a")" == 1 ]] || sixd_fail "start did not publish the port again"
	[[ "$(ip_of "$a")" == "$ip_a" ]] || sixd_fail "the address changed across a restart"
	retry 10 fetch http://127.0.0.1:8082/ >/dev/null
	sixd rm -f "$a" >/dev/null
	[[ "$(rules_of "$id_a")" == 0 ]] || sixd_fail "rm left the container's rule"
	[[ "$(rules_of "$id_b")" == 1 ]] || sixd_fail "rm took another container's rule"
	run jq -r ".endpoints[\"$id_a\"] // \"gone\"" "$SIXDOCKER_DATA/networks/bridge.json"
	assert_output "gone"
	# the released address is the next one handed out
	sixd run -d --name "$a" busybox sleep 1000 >/dev/null
	[[ "$(ip_of "$a")" == "$ip_a" ]] || sixd_fail "the released address was not reused"
	# a port in use is refused, and nothing is left behind
	run --separate-stderr sixd run -d --name "$(sixd_name c)" -p 8083:81 busybox true
	assert_status 125
	assert_stderr_contains "port is already allocated"
	[[ ! -e "$SIXDOCKER_ROOT/$(sixd_name c)" ]] || sixd_fail "a record was left"
	run jq '.endpoints | length' "$SIXDOCKER_DATA/networks/bridge.json"
	assert_output 2
}

@test "network: a container whose monitor was killed loses its rules on the next read" {
	local name id rec
	name=$(sixd_name)
	start_web "$name" -p 8084:80
	id=$(id_of "$name")
	rec=$SIXDOCKER_ROOT/$name/config.json
	[[ "$(rules_of "$id")" == 1 ]] || sixd_fail "the port was not published"
	sixd_kill_verified "$(jq -r .monitor_pid "$rec")" "$(jq -r .monitor_start "$rec")"
	retry 10 bash -c "[[ \$(sixd inspect -f '{{.State.Status}}' '$name') == exited ]]"
	[[ "$(rules_of "$id")" == 0 ]] || sixd_fail "the dead container kept its rule"
}

@test "network: network rm refuses a network in use; create, ls, inspect and their errors" {
	local net name id
	net=$(sixd_name net)
	name=$(sixd_name)
	id=$(sixd network create "$net")
	run sixd network ls
	assert_success
	assert_output_contains "NETWORK ID     NAME"
	assert_output_matches "${id:0:12} +$net +bridge +local"
	assert_output_matches "host +host +local"
	assert_output_matches "none +null +local"
	run sixd network inspect "$net"
	assert_success
	[[ "$(jq -r '.[0].IPAM.Config[0].Subnet' <<<"$output")" == 172.18.0.0/16 ]] ||
		sixd_fail "subnet: $output"
	sixd run -d --name "$name" --network "$net" busybox sleep 1000 >/dev/null
	run sixd network inspect "$net"
	[[ "$(jq -r ".[0].Containers[\"$(id_of "$name")\"].Name" <<<"$output")" == "$name" ]] ||
		sixd_fail "inspect does not list $name: $output"
	run --separate-stderr sixd network rm "$net"
	assert_status 125
	assert_stderr_contains "network $net has active endpoints"
	sixd_in_netns ip link show "br-${id:0:12}" >/dev/null
	sixd rm -f "$name" >/dev/null
	run sixd network rm "$net"
	assert_success
	assert_output "$net"
	run sixd_in_netns ip link show "br-${id:0:12}"
	((status != 0)) || sixd_fail "network rm left the bridge"
	run sixd network ls
	assert_output_not_contains "$net"
	run sixd_in_netns nft list table ip sixdocker
	assert_output_not_contains "sixd-net:$net"

	run --separate-stderr sixd network create --subnet 10.1.2.3/24 "$net"
	assert_status 125
	assert_stderr_contains "invalid subnet '10.1.2.3/24'"
	run --separate-stderr sixd network create --subnet 10.9.0.0/16 --gateway 10.8.0.1 "$net"
	assert_status 125
	assert_stderr_contains "invalid gateway '10.8.0.1'"
	sixd network create --subnet 10.9.0.0/16 "$net" >/dev/null
	run --separate-stderr sixd network create --subnet 10.9.128.0/17 "$net-2"
	assert_status 125
	assert_stderr_contains "overlaps"
	run --separate-stderr sixd network create "$net"
	assert_status 125
	assert_stderr_contains "network with name $net already exists"
	run --separate-stderr sixd network rm bridge
	assert_status 125
	assert_stderr_contains "pre-defined network"
	run --separate-stderr sixd run --rm --network "$net-nope" busybox true
	assert_status 125
	assert_stderr_contains "network $net-nope not found"
	run --separate-stderr sixd run --rm -p 80:80:80:80 busybox true
	assert_status 125
	assert_stderr_contains "invalid port '80:80:80:80'"
	[[ -z "$(ls "$SIXDOCKER_ROOT")" ]] || sixd_fail "records left: $(ls "$SIXDOCKER_ROOT")"
	[[ -z "$(ls "$SIXDOCKER_DATA/containers")" ]] || sixd_fail "container data left"
}

@test "network: 20 parallel runs get 20 distinct addresses, all released by rm" {
	local -a names ips
	local i
	for ((i = 0; i < 20; i++)); do
		names+=("$(sixd_name "$i")")
	done
	printf '%s\n' "${names[@]}" |
		xargs -P 20 -I{} sixd run -d --name {} busybox sleep 1000 >/dev/null
	mapfile -t ips < <(sixd inspect -f '{{.NetworkSettings.IPAddress}}' "${names[@]}")
	[[ ${#ips[@]} == 20 ]] || sixd_fail "addresses: ${ips[*]}"
	[[ "$(printf '%s\n' "${ips[@]}" | sort -u | grep -c '^172\.17\.0\.')" == 20 ]] ||
		sixd_fail "not 20 distinct addresses: ${ips[*]}"
	# each really holds its address: the last pings the first
	run sixd exec "${names[19]}" ping -c 1 -W 5 "${ips[0]}"
	assert_success
	sixd rm -f "${names[@]}" >/dev/null
	run jq '.endpoints | length' "$SIXDOCKER_DATA/networks/bridge.json"
	assert_output 0
}

# Run the engine with a fresh data root in the namespace NS_PID made by new_netns.
sixd_elsewhere()
{
	local dir=$SIXD_BASE/$1
	shift
	mkdir -p "$dir/run" "$dir/data"
	SIXD_NETNS_PID=$NS_PID SIXD_NETNS_ID=$NS_ID SIXDOCKER_ROOT=$dir/run \
		SIXDOCKER_DATA=$dir/data sixd "$@"
}

@test "network: the default subnet avoids the routes there are; SIXDOCKER_BRIDGE_SUBNET sets it" {
	new_netns
	nsenter --net="/proc/$NS_PID/ns/net" ip route add 172.17.0.0/16 dev lo
	run sixd_elsewhere routes run --rm busybox ip -o -4 addr show eth0
	assert_success
	assert_output_contains "inet 172.18.0.2/16"
	new_netns
	export SIXDOCKER_BRIDGE_SUBNET=10.99.0.0/24
	run sixd_elsewhere subnet run --rm busybox ip route
	unset SIXDOCKER_BRIDGE_SUBNET
	assert_success
	assert_output_contains "default via 10.99.0.1 dev eth0"
	assert_output_contains "10.99.0.0/24 dev eth0"
}
