#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Configure and build sixdocker with cmake; warnings are errors.
#
#   bash scripts/build.sh                  RelWithDebInfo build in build/
#   SIXD_SANITIZE=1 bash scripts/build.sh  ASan+UBSan (Debug) build in build-asan/
#
# Extra arguments are passed to cmake at configure time (e.g. -DSIXD_TESTS=OFF).
# SIXD_BUILD_DIR overrides the build directory, SIXD_JOBS the parallelism.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${SIXD_SANITIZE:-0}" == 1 ]]; then
	build_dir=${SIXD_BUILD_DIR:-build-asan}
	config=(-DCMAKE_BUILD_TYPE=Debug -DSIXD_SANITIZE=ON)
else
	build_dir=${SIXD_BUILD_DIR:-build}
	config=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIXD_SANITIZE=OFF)
fi
jobs=${SIXD_JOBS:-$(nproc)}

printf 'build: configuring %s (%s)\n' "$build_dir" "${config[*]}" >&2
cmake -S . -B "$build_dir" "${config[@]}" -DCMAKE_COMPILE_WARNING_AS_ERROR=ON "$@"
printf 'build: building %s with %s jobs\n' "$build_dir" "$jobs" >&2
cmake --build "$build_dir" --parallel "$jobs"
