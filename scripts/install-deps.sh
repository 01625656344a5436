#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Install everything sixdocker needs to build and test on Debian 12, as root.
# Idempotent: when every package is already installed it does nothing (no
# apt-get update), so repeated runs take a fraction of a second.
#
#   bash scripts/install-deps.sh
set -euo pipefail

PACKAGES=(
	# build
	build-essential cmake pkg-config
	# libraries
	libjansson-dev libmount-dev libcgroup-dev libarchive-dev nettle-dev libcap-dev
	libseccomp-dev libmnl-dev libnftables-dev
	# unit tests
	libcmocka-dev
	# the default image is made from the host's static busybox
	busybox-static
	# integration tests and their helpers: bats, jq (records), script (bsdutils, ptys),
	# findmnt/mount (util-linux, mount), ps/pgrep (procps), ip (iproute2), tmux,
	# nft (nftables: network.bats reads the rules the engine made in its namespace)
	bats jq bsdutils util-linux mount procps iproute2 tmux nftables
	# strace: faults injected into the engine (a monitor killed mid-start)
	strace
	# save/load interoperability tests (save.bats): podman (runc as its runtime), skopeo
	podman runc skopeo
	# lint
	clang-format
)

log()
{
	printf 'install-deps: %s\n' "$*" >&2
}

missing_packages()
{
	local pkg status
	for pkg in "${PACKAGES[@]}"; do
		status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
		if [[ "$status" != installed ]]; then
			printf '%s\n' "$pkg"
		fi
	done
}

main()
{
	local -a missing sudo=()

	if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
		log "this script needs a Debian-like system (dpkg-query and apt-get)"
		exit 1
	fi
	mapfile -t missing < <(missing_packages)
	if ((${#missing[@]} == 0)); then
		log "all ${#PACKAGES[@]} packages are installed"
		return 0
	fi
	if ((EUID != 0)); then
		if ! command -v sudo >/dev/null; then
			log "must run as root to install: ${missing[*]}"
			exit 1
		fi
		sudo=(sudo)
	fi
	log "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update
	"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends \
		"${missing[@]}"

	mapfile -t missing < <(missing_packages)
	if ((${#missing[@]} != 0)); then
		log "still missing after apt-get install: ${missing[*]}"
		exit 1
	fi
	log "done"
}

main "$@"
