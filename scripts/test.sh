#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The whole test suite, as CI runs it: host unit tests under ASan/UBSan,
# the Debian integration (tests/dist), then the end-to-end proof on real
# Linux/m68k kernels under QEMU and ARAnyM, kdump, and reboots of a Debian
# root under a real init (tests/e2e/rootfs.sh).  Installs what it needs.
# Prints "=== NAME took N s" after each stage (scripts/cold-run.sh reads
# them) and ends with one line "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
# Every build of our code below (make check, make fuzz, the static m68k
# tools of the e2e and kdump stages) fails on a warning.
export WERROR=1

logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT
passed=0
failed=0
status=0

# Run one stage, keep its output, and add its "N passed, M failed" line.
stage() {
	local name=$1
	shift
	echo "=== $name" >&2
	local t0=$SECONDS
	set +e
	"$@" 2>&1 | tee "$logdir/$name.log"
	local rc=${PIPESTATUS[0]}
	set -e
	echo "=== $name took $((SECONDS - t0)) s" >&2
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logdir/$name.log" | tail -n 1 || true)
	if [ -z "$line" ]; then
		echo "=== $name: no summary line (exit $rc)" >&2
		failed=$((failed + 1))
		status=1
		return
	fi
	passed=$((passed + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
	failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
	[ "$rc" -eq 0 ] || status=1
}

t0=$SECONDS
bash scripts/deps.sh
echo "=== deps took $((SECONDS - t0)) s" >&2
stage scripts bash tests/scripts/run.sh
stage unit make -s check
stage fuzz bash tests/fuzz/run.sh
stage dist bash tests/dist/run.sh
stage plan bash tests/plan/run.sh
stage e2e bash tests/e2e/run.sh
stage kdump bash tests/e2e/kdump.sh
stage rootfs bash tests/e2e/rootfs.sh

echo "all stages: $passed passed, $failed failed" >&2
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit "$status"
