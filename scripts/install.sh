#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build (if needed) and install sixdocker to /usr/local/bin, as root.
#
#   bash scripts/install.sh            installs into /usr/local
#   PREFIX=/opt/sixd bash scripts/install.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/build.sh
cmake --install build --prefix "${PREFIX:-/usr/local}"
