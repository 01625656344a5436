#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Lint the C sources under cmd lib nsenter cgroups tests:
#   1. no call to sprintf, strcpy, strcat, system, alloca or gets (snprintf,
#      asprintf, vsnprintf, vasprintf, strncpy... are fine);
#   2. an SPDX-License-Identifier line within the first 2 lines of every .c/.h;
#   3. clang-format --dry-run --Werror against the repo's .clang-format.
# Also shellcheck on the scripts when shellcheck is installed (not a project dep).
# Exits non-zero and names every violation.
#
#   bash scripts/lint.sh            check
#   bash scripts/lint.sh --fix      rewrite the C files with clang-format -i first
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

C_DIRS=(cmd lib nsenter cgroups tests)
BANNED='sprintf|strcpy|strcat|system|alloca|gets'
failed=0

problem()
{
	printf 'lint: %s\n' "$*" >&2
	failed=1
}

c_files()
{
	local -a dirs=()
	local d
	for d in "${C_DIRS[@]}"; do
		[[ -d "$d" ]] && dirs+=("$d")
	done
	((${#dirs[@]})) || return 0
	find "${dirs[@]}" -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort
}

find_clang_format()
{
	local c
	for c in clang-format clang-format-14 clang-format-15 clang-format-16; do
		if command -v "$c" >/dev/null; then
			printf '%s\n' "$c"
			return 0
		fi
	done
	return 1
}

# Calls of banned functions, ignoring comment lines and trailing comments.  A
# name preceded by a letter, digit or underscore (snprintf, fgets) does not count.
check_banned()
{
	local f hits
	for f in "$@"; do
		hits=$(sed -e 's|//.*$||' -e 's|/\*.*\*/||g' "$f" |
			grep -nE "(^|[^[:alnum:]_])($BANNED)\(" |
			grep -vE '^[0-9]+:[[:space:]]*(\*|/\*)' || true)
		if [[ -n "$hits" ]]; then
			while IFS= read -r line; do
				problem "$f:${line%%:*}: banned call: ${line#*:}"
			done <<<"$hits"
		fi
	done
}

check_spdx()
{
	local f
	for f in "$@"; do
		if ! head -n 2 "$f" | grep -q 'SPDX-License-Identifier:'; then
			problem "$f: no SPDX-License-Identifier line in the first 2 lines"
		fi
	done
}

check_format()
{
	local cf
	if ! cf=$(find_clang_format); then
		problem "clang-format not found (bash scripts/install-deps.sh installs it)"
		return
	fi
	if [[ "${1:-}" == --fix ]]; then
		shift
		"$cf" -i --style=file "$@"
	fi
	if ! "$cf" --dry-run --Werror --style=file "$@"; then
		problem "clang-format: the files above differ from .clang-format (fix: bash scripts/lint.sh --fix)"
	fi
}

check_shell()
{
	local -a files
	command -v shellcheck >/dev/null || return 0
	mapfile -t files < <(ls scripts/*.sh .ci/run tests/integration/*.bash tests/integration/bin/* \
		tests/run-integration.sh 2>/dev/null || true)
	((${#files[@]})) || return 0
	if ! shellcheck -x "${files[@]}"; then
		problem "shellcheck found problems in the scripts"
	fi
}

main()
{
	local fix=
	local -a files
	if [[ "${1:-}" == --fix ]]; then
		fix=--fix
	fi
	mapfile -t files < <(c_files)
	if ((${#files[@]})); then
		check_banned "${files[@]}"
		check_spdx "${files[@]}"
		check_format ${fix:+"$fix"} "${files[@]}"
	fi
	check_shell
	if ((failed)); then
		printf 'lint: FAILED\n' >&2
		exit 1
	fi
	printf 'lint: %d C files ok\n' "${#files[@]}" >&2
}

main "$@"
