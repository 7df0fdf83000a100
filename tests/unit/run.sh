#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run.sh BUILD - run every unit-test program in BUILD/unit-tests (or in
# BUILD itself), add up their "N passed, M failed" lines and end with one
# such line.  A program that dies before its summary (a sanitizer report,
# a crash) or exits non-zero with no failed case counts as one failure.
# The CLI tests find the kexec under test in $MK_KEXEC (BUILD/kexec).
set -u

build=${1:-build/asan}
if [ -d "$build/unit-tests" ]; then
	dir=$build/unit-tests
else
	dir=$build
fi
MK_KEXEC=${MK_KEXEC:-$build/kexec}
export MK_KEXEC

log=$(mktemp) || exit 1
trap 'rm -f "$log"' EXIT INT TERM

passed=0
failed=0
status=0
found=0
for t in "$dir"/test_*; do
	if [ ! -f "$t" ] || [ ! -x "$t" ]; then continue; fi
	found=1
	name=$(basename "$t")
	echo "== $name"
	"$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $name: no summary line (exit status $rc)"
		failed=$((failed + 1))
		status=1
		continue
	fi
	p=${line%% passed*}
	f=${line#*, }
	f=${f%% failed*}
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ]; then
		status=1
		if [ "$f" -eq 0 ]; then
			echo "FAIL $name: exit status $rc with no failed case"
			failed=$((failed + 1))
		fi
	fi
done
if [ "$found" -eq 0 ]; then
	echo "FAIL run.sh: no test programs in $dir"
	failed=$((failed + 1))
	status=1
fi
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit "$status"
