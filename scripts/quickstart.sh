#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# From a fresh Debian 12 machine to a shell in a container, as root:
# install the dependencies, build, install to /usr/local/bin, then run an
# interactive busybox shell limited to 100 MB of memory.
#
#   bash scripts/quickstart.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh
bash scripts/install.sh

if [[ ! -t 0 ]]; then
	printf 'quickstart: stdin is not a terminal; run "sixdocker run -ti -m 100m sh" from one\n' >&2
	exit 1
fi
exec /usr/local/bin/sixdocker run -ti -m 100m sh
