#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The long fuzz run (make fuzz-long): every target in turn, RUNS executions
# each (default 10 million), at the lowest priority, one job, starting
# from the committed seeds.  Prints one Markdown table row per target with
# what tests/fuzz/RESULTS.md records: executions, coverage (cov: edges,
# ft: features), corpus size, crashes and seconds.
#
# Usage: tests/fuzz/long.sh [target...]     RUNS=N to change the count
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

runs=${RUNS:-10000000}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(elf bootinfo plan cmdline file crash args)
out=build/fuzz/long
mkdir -p "$out"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain -- lib sys cli include tests/fuzz 2>/dev/null)" ] || commit="$commit+changes"

echo "| date | commit | target | executions | cov | ft | corpus | crashes | seconds |"
echo "|---|---|---|---|---|---|---|---|---|"
status=0
for t in "${targets[@]}"; do
	work=$out/corpus-$t
	mkdir -p "$work" "$out/crashes-$t"
	start=$(date +%s)
	nice -n 19 "build/fuzz/fuzz-$t" -runs="$runs" -print_final_stats=1 \
		-artifact_prefix="$out/crashes-$t/" "$work" "tests/fuzz/corpus/$t" \
		>"$out/$t.log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log" | tail -n 1)
	last=$(grep -E '^#[0-9]+' "$out/$t.log" | tail -n 1)
	cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
	ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
	corp=$(sed -nE 's/.* corp: ([^ ]+).*/\1/p' <<<"$last")
	crashes=$(find "$out/crashes-$t" -type f | wc -l)
	[ "$rc" -eq 0 ] || status=1
	echo "| $(date -u +%F) | $commit | $t | ${execs:-?} | ${cov:-?} | ${ft:-?} | ${corp:-?} | $crashes | $secs |"
done
exit "$status"
