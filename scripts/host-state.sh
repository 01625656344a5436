#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Print the parts of the host's state that sixdocker must leave as it found
# them, one sorted entry per line, so two snapshots can be compared with diff:
#
#   host-state.sh mounts    the mount points of /proc/self/mountinfo
#   host-state.sh cgroups   every cgroup named sixdocker* (v1 and v2, depth <= 3) and
#                           all cgroups below it, except the "sixdocker" parents
#                           themselves: the engine may create those once and keep
#                           them, as Docker keeps /sys/fs/cgroup/*/docker
#   host-state.sh network   the links, addresses and routes of this network namespace
#                           and its nftables ruleset (the tests run sixdocker in
#                           network namespaces of their own: none of this may change);
#                           what a container started elsewhere changes for a moment
#                           (veth links and routes, a bridge's carrier, the DNAT rules
#                           of its ports) is left out
#
# Mounts made by other, concurrent test runs on the same host (under other bats
# or sixd-test temporary directories) are left out; set SIXD_HOST_STATE_OWN to
# this run's temporary directories (separated by ':') to keep the mounts under
# them in the listing.
set -euo pipefail

mounts()
{
	awk -v own="${SIXD_HOST_STATE_OWN:-}" '
		BEGIN { n = split(own, mine, ":") }
		function foreign(p,    i, d) {
			for (i = 1; i <= n; i++) {
				d = mine[i]
				sub(/\/+$/, "", d)
				if (d != "" && (p == d || index(p, d "/") == 1))
					return 0
			}
			return p ~ /\/(bats-run-[^\/]*|sixd-test\.[^\/]*)(\/|$)/
		}
		!foreign($5) { print $5 }' /proc/self/mountinfo | LC_ALL=C sort
}

cgroups()
{
	local dir
	find /sys/fs/cgroup -mindepth 1 -maxdepth 3 -type d -name 'sixdocker*' -prune -print 2>/dev/null |
		while IFS= read -r dir; do
			# a parent named exactly "sixdocker" may stay; anything else is a leak
			if [[ "${dir##*/}" == sixdocker ]]; then
				find "$dir" -mindepth 1 -type d 2>/dev/null || true
			else
				find "$dir" -type d 2>/dev/null || true
			fi
		done | LC_ALL=C sort
}

network()
{
	ip -br link | awk '$1 !~ /^veth/ { sub(/@.*/, "", $1); print "link", $1 }' | LC_ALL=C sort
	ip -br addr | awk '$1 !~ /^veth/ { $2 = ""; sub(/@[^ ]*/, "", $1); print "addr", $0 }' |
		LC_ALL=C sort
	{
		ip route
		ip -6 route
	} | awk '!/ dev veth/ { sub(/ linkdown/, ""); print }' | LC_ALL=C sort
	if command -v nft >/dev/null; then
		nft list ruleset | awk '!/comment "sixd:/'
	fi
}

case "${1:-}" in
mounts) mounts ;;
cgroups) cgroups ;;
network) network ;;
*)
	printf 'usage: %s mounts|cgroups|network\n' "$0" >&2
	exit 2
	;;
esac
