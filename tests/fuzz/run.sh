#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The fuzz stage of scripts/test.sh: builds the fuzzers (make fuzz), runs
# each for FUZZ_SECONDS (default 20) from the committed seeds and kept
# crash inputs (tests/fuzz/corpus/, tests/fuzz/regress/), then the hostile
# input and fault tests (hostile.py: bombs, sparse files, non-root
# messages, nothing reaches kexec_load on errors, valgrind).  Prints
# "PASS name" / "FAIL name: why" per case and ends with "N passed, M failed".
# New crash inputs are kept in build/fuzz/crashes/ to be added to regress/.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

secs=${FUZZ_SECONDS:-20}
targets=(elf bootinfo plan cmdline file crash args printk kdumpconf dumpfilter)
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

if ! make -s fuzz all >"$tmp/build.log" 2>&1; then
	fail fuzz-build "$(tail -n 20 "$tmp/build.log")"
	finish
fi

mkdir -p build/fuzz/crashes
for t in "${targets[@]}"; do
	dirs=("tests/fuzz/corpus/$t")
	[ -d "tests/fuzz/regress/$t" ] && dirs+=("tests/fuzz/regress/$t")
	mkdir -p "$tmp/$t"
	# Every seed and kept crash runs first, then new inputs for $secs s.
	nice -n 10 "build/fuzz/fuzz-$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="build/fuzz/crashes/$t-" \
		"$tmp/$t" "${dirs[@]}" >"$tmp/$t.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$t.log" | tail -n 1)
	cov=$(grep -E '^#[0-9]+' "$tmp/$t.log" | tail -n 1 | sed -nE 's/.* (cov: [0-9]+ ft: [0-9]+).*/\1/p')
	if [ "$rc" -eq 0 ]; then
		pass "fuzz-$t ($runs runs, $cov)"
	else
		fail "fuzz-$t" "exit $rc after ${runs:-?} runs: $(grep -E 'invariant broken|ERROR|SUMMARY|Test unit written' "$tmp/$t.log" | head -n 4 | tr '\n' ' ')"
	fi
done

python3 tests/fuzz/hostile.py build/host/kexec build/fuzz/kexec-record build/fuzz/hostile \
	>"$tmp/hostile.log" 2>&1
rc=$?
cat "$tmp/hostile.log"
passed=$((passed + $(grep -c '^PASS ' "$tmp/hostile.log")))
failed=$((failed + $(grep -c '^FAIL ' "$tmp/hostile.log")))
if [ "$rc" -ne 0 ] && ! grep -q '^FAIL ' "$tmp/hostile.log"; then
	fail hostile "exit $rc: $(tail -n 5 "$tmp/hostile.log" | tr '\n' ' ')"
fi
finish
