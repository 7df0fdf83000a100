#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The README's two commands as a new user meets them: in a fresh clone of
# this checkout's HEAD (with ../shared beside it when this checkout has
# one), with an empty cache (M68K_KEXEC_CACHE=$(mktemp -d)), run the demo
# and then the test command. Prints how long each took and each test
# stage took from cold, with the date and commit, and exits non-zero when
# either command failed. A warm cache hides missing steps: run this before
# submitting a change to any build, fetch or install step.
#
# Usage: scripts/cold-run.sh [--keep]    (--keep: leave clone and cache)
# The clone, the cache and the logs are in one temporary directory, named
# at the start.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
keep=
[ "${1:-}" = --keep ] && keep=1

top=$(mktemp -d "${TMPDIR:-/tmp}/m68k-kexec-cold.XXXXXX")
[ -n "$keep" ] || trap 'rm -rf "$top"' EXIT
git clone -q "$REPO" "$top/main"
[ -d "$REPO/../shared" ] && cp -r "$REPO/../shared" "$top/shared"
export M68K_KEXEC_CACHE=$top/cache
mkdir -p "$M68K_KEXEC_CACHE"
commit=$(git -C "$top/main" rev-parse --short HEAD)
echo "cold run of $commit in $top (cache $M68K_KEXEC_CACHE)" >&2

# timed NAME CMD...: run CMD in the clone, output to $top/NAME.log (and
# the terminal), its exit status and seconds into the globals.
timed() {
	local name=$1 t0=$SECONDS
	shift
	set +e
	(cd "$top/main" && "$@") 2>&1 | tee "$top/$name.log"
	rc=${PIPESTATUS[0]}
	set -e
	secs=$((SECONDS - t0))
}

timed demo bash scripts/demo.sh
demo_rc=$rc demo_secs=$secs
timed test bash scripts/test.sh
test_rc=$rc test_secs=$secs

echo
echo "cold run, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, $(nproc) cores:"
echo "  command: M68K_KEXEC_CACHE=\$(mktemp -d) in a fresh clone: scripts/demo.sh, then scripts/test.sh"
printf '  %-26s %6s s  exit %s  %s\n' "scripts/demo.sh" "$demo_secs" "$demo_rc" \
	"$(grep -E '^demo: (it worked|FAILED)' "$top/demo.log" | tail -n 1 || true)"
printf '  %-26s %6s s  exit %s  %s\n' "scripts/test.sh" "$test_secs" "$test_rc" \
	"$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$top/test.log" | tail -n 1 || true)"
sed -nE 's/^=== ([a-z0-9-]+) took ([0-9]+) s$/    stage \1\t\2 s/p' "$top/test.log" |
	while IFS=$'\t' read -r what t; do printf '  %-26s %8s\n' "$what" "$t"; done
[ "$demo_rc" -eq 0 ] && [ "$test_rc" -eq 0 ]
