#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The whole test suite, as root, from any directory:
#
#   bash scripts/test.sh
#
#   1. install the dependencies (scripts/install-deps.sh; quick when present)
#   2. build into build/ with warnings as errors (scripts/build.sh)
#   3. unit tests: ctest (cmocka)
#   4. the unit tests again, built with ASan/UBSan into build-asan/
#   5. integration tests: bats tests/integration/*.bats with the fresh build/sixdocker,
#      checking that the host's mount table, sixdocker cgroups and network (links,
#      addresses, routes, nftables) are as before
#   6. the benchmark in quick mode (scripts/bench.sh --quick): one check that
#      fails only when the script fails, never because of a timing
#   7. lint (scripts/lint.sh)
#
# Ends with one line "N passed, N failed" (", N skipped" when some were): the unit
# and integration tests that passed and failed, plus one failure for each check
# that failed (a build, lint, or a change of the host's mounts or cgroups).
# Exits 1 when anything failed.
#
# Environment: SIXD_BATS_TIMEOUT (whole bats run, default 900 s), BATS_TEST_TIMEOUT
# (one test, default 120 s), SIXD_BATS_FILTER (bats --filter REGEX),
# SIXD_SKIP_DEPS=1 (skip step 1), SIXD_SKIP_ASAN=1 (skip step 4).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD

passed=0
failed=0
skipped=0
failures=()
details=()
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sixd-test.XXXXXX")

section()
{
	printf '\n==> %s\n' "$*"
}

# A check (not a test) failed: it counts as one failure.
check_failed()
{
	failed=$((failed + 1))
	failures+=("$1")
	printf 'test: FAILED: %s\n' "$1" >&2
}

# Count the tests of one stage: NAME PASSED FAILED [SKIPPED].
count()
{
	passed=$((passed + $2))
	failed=$((failed + $3))
	skipped=$((skipped + ${4:-0}))
	local line
	line=$(printf '%-22s %d passed, %d failed' "$1:" "$2" "$3")
	if ((${4:-0})); then
		line+=", $4 skipped"
	fi
	details+=("$line")
	if (($3)); then
		failures+=("$1 ($3)")
	fi
}

# Run ctest in build directory DIR and count its results as NAME.
run_ctest()
{
	local dir=$1 name=$2 log rc=0 line total=0 nfail=0
	log=$WORK/ctest-${dir##*/}.log
	ctest --test-dir "$dir" --output-on-failure --timeout 300 2>&1 | tee "$log" ||
		rc=${PIPESTATUS[0]}
	line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" |
		tail -n 1 || true)
	if [[ "$line" =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
		nfail=${BASH_REMATCH[1]}
		total=${BASH_REMATCH[2]}
	fi
	count "$name" $((total - nfail)) "$nfail"
	if ((rc != 0 && nfail == 0)); then
		check_failed "$name: ctest exited with status $rc"
	fi
}

# The host state the integration tests must not change.
snapshot()
{
	SIXD_HOST_STATE_OWN=$WORK bash scripts/host-state.sh mounts >"$WORK/mounts.$1"
	bash scripts/host-state.sh cgroups >"$WORK/cgroups.$1"
	bash scripts/host-state.sh network >"$WORK/network.$1"
}

compare_host_state()
{
	local diff
	if ! diff=$(diff "$WORK/mounts.before" "$WORK/mounts.after"); then
		printf 'test: the host mount table changed (< before, > after):\n%s\n' "$diff" >&2
		check_failed "host mount table changed"
	fi
	if ! diff=$(diff "$WORK/network.before" "$WORK/network.after"); then
		printf 'test: the host network changed (< before, > after):\n%s\n' "$diff" >&2
		check_failed "host network changed"
	fi
	if [[ -n "$(comm -13 "$WORK/cgroups.before" "$WORK/cgroups.after")" ]]; then
		printf 'test: cgroups left behind:\n' >&2
		comm -13 "$WORK/cgroups.before" "$WORK/cgroups.after" | sed 's/^/  /' >&2
		check_failed "sixdocker cgroups left behind"
	fi
	if [[ -n "$(comm -23 "$WORK/cgroups.before" "$WORK/cgroups.after")" ]]; then
		# not a leak: another run's container may have ended meanwhile
		printf 'test: warning: sixdocker cgroups that existed before are gone:\n' >&2
		comm -23 "$WORK/cgroups.before" "$WORK/cgroups.after" | sed 's/^/  /' >&2
	fi
}

run_bats()
{
	local log=$WORK/bats.log rc=0 nok nnotok nskip
	local -a files filter=()
	shopt -s nullglob
	files=(tests/integration/*.bats)
	shopt -u nullglob
	if ((${#files[@]} == 0)); then
		printf 'test: no integration tests\n'
		return
	fi
	if ((EUID != 0)); then
		check_failed "integration tests need root"
		return
	fi
	if [[ -n "${SIXD_BATS_FILTER:-}" ]]; then
		filter=(--filter "$SIXD_BATS_FILTER")
	fi
	mkdir -p "$WORK/tmp"
	snapshot before
	SIXDOCKER=$REPO/build/sixdocker TMPDIR=$WORK/tmp \
		BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120} \
		timeout -k 30 "${SIXD_BATS_TIMEOUT:-900}" \
		bats --tap --print-output-on-failure "${filter[@]}" "${files[@]}" \
		</dev/null 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
	snapshot after
	nok=$(grep -cE '^ok [0-9]+' "$log" || true)
	nskip=$(grep -cE '^ok [0-9]+ .*# skip' "$log" || true)
	nnotok=$(grep -cE '^not ok [0-9]+' "$log" || true)
	count "integration (bats)" $((nok - nskip)) "$nnotok" "$nskip"
	if ((rc == 124 || rc == 137)); then
		check_failed "integration: bats timed out after ${SIXD_BATS_TIMEOUT:-900}s"
	elif ((rc != 0 && nnotok == 0)); then
		check_failed "integration: bats exited with status $rc"
	fi
	compare_host_state
}

run_bench()
{
	if ((EUID != 0)); then
		check_failed "the benchmark needs root"
	elif SIXDOCKER=$REPO/build/sixdocker TMPDIR=$WORK bash scripts/bench.sh --quick </dev/null; then
		count "benchmark (quick)" 1 0
	else
		check_failed "benchmark: scripts/bench.sh --quick failed"
	fi
}

cleanup()
{
	if [[ -n "$(awk -v w="$WORK/" 'index($5, w) == 1' /proc/self/mountinfo)" ]]; then
		printf 'test: mounts remain under %s; not removing it\n' "$WORK" >&2
	elif ((failed)); then
		printf 'test: logs kept in %s\n' "$WORK" >&2
	else
		rm -rf --one-file-system "$WORK"
	fi
}

summary()
{
	local d
	section "summary"
	for d in "${details[@]}"; do
		printf '  %s\n' "$d"
	done
	if ((${#failures[@]})); then
		printf '  failed: %s\n' "${failures[@]}"
	fi
	if ((skipped)); then
		printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
	else
		printf '%d passed, %d failed\n' "$passed" "$failed"
	fi
}

main()
{
	local built=0
	trap cleanup EXIT

	if [[ "${SIXD_SKIP_DEPS:-0}" != 1 ]]; then
		section "dependencies"
		if ! bash scripts/install-deps.sh; then
			check_failed "install-deps"
			summary
			exit 1
		fi
	fi

	section "build (build/, warnings are errors)"
	if bash scripts/build.sh; then
		built=1
		section "unit tests"
		run_ctest build "unit (ctest)"
	else
		check_failed "build"
	fi

	if [[ "${SIXD_SKIP_ASAN:-0}" != 1 ]]; then
		section "build with ASan/UBSan (build-asan/)"
		if SIXD_SANITIZE=1 bash scripts/build.sh; then
			section "unit tests under ASan/UBSan"
			ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1} \
				UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
				run_ctest build-asan "unit (ASan/UBSan)"
		else
			check_failed "build (ASan/UBSan)"
		fi
	fi

	if ((built)); then
		section "integration tests (bats)"
		run_bats
		section "benchmark, quick mode (proves the script works; timings are not judged)"
		run_bench
	fi

	section "lint"
	if ! bash scripts/lint.sh; then
		check_failed "lint"
	fi

	summary
	((failed == 0))
}

main "$@"
