#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of the shell library every build and test script uses
# (scripts/common.sh), against the real tools:
#   - apt_get waits while another process holds apt's locks (the dpkg
#     frontend lock, the lists lock), then runs; gives up after
#     APT_LOCK_WAIT with one line naming the lock;
#   - fetch_source tries the candidate versions of a source package in
#     order, from a Debian source repository served on 127.0.0.1 in which
#     one version does not verify (its tarball changed) and one is not
#     served (404); takes the first that works, remembers the 404, and
#     fails at once with one line naming every version tried when none
#     works; a script that fetches stops at a failed fetch.
# Ends with "N passed, M failed". Needs root (apt's locks), as CI runs.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LIB=$HERE/../../scripts/common.sh
# shellcheck source=scripts/common.sh
. "$LIB"
set +e

ensure_packages dpkg-dev python3 apt

passed=0
failed=0
ok() { echo "PASS $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

WORK=$(mktemp -d)
holder=
cleanup() {
	[ -z "$holder" ] || kill "$holder" 2>/dev/null
	[ -z "${server:-}" ] || kill "$server" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

# hold SECONDS LOCKFILE...: hold apt's (fcntl) locks as apt and dpkg do,
# in the background; returns once they are held.
hold() {
	local secs=$1; shift
	python3 - "$secs" "$WORK/held" "$@" <<'PY' &
import fcntl, os, sys, time
fds = []
for p in sys.argv[3:]:
    fd = os.open(p, os.O_RDWR | os.O_CREAT, 0o640)
    fcntl.lockf(fd, fcntl.LOCK_EX)
    fds.append(fd)
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[1]))
PY
	holder=$!
	while [ ! -e "$WORK/held" ]; do sleep 0.1; done
	rm -f "$WORK/held"
}

# --- apt_get and the locks -------------------------------------------------

t="apt-waits-for-dpkg-lock"
hold 6 /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock
t0=$SECONDS
bash -c '. "$1"; apt_get install -y -q make' _ "$LIB" >"$WORK/out" 2>&1
rc=$?
took=$((SECONDS - t0))
wait "$holder"; holder=
if [ $rc -ne 0 ]; then
	bad $t "exit $rc: $(tail -n 2 "$WORK/out")"
elif [ $took -lt 5 ]; then
	bad $t "returned after $took s while the lock was held for 6"
elif ! grep -q "waiting for apt's lock (up to 1800 s): .*lock-frontend" "$WORK/out"; then
	bad $t "no waiting message: $(head -n 3 "$WORK/out")"
else
	ok $t
fi

t="apt-waits-for-lists-lock"
hold 5 /var/lib/apt/lists/lock
t0=$SECONDS
bash -c '. "$1"; apt_get update -q' _ "$LIB" >"$WORK/out" 2>&1
rc=$?
took=$((SECONDS - t0))
wait "$holder"; holder=
if [ $rc -ne 0 ]; then
	bad $t "exit $rc: $(tail -n 2 "$WORK/out")"
elif [ $took -lt 4 ] || ! grep -q "waiting for apt's lock.*/var/lib/apt/lists/lock" "$WORK/out"; then
	bad $t "did not wait (took $took s): $(head -n 3 "$WORK/out")"
else
	ok $t
fi

t="apt-gives-up-after-limit"
hold 30 /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock
t0=$SECONDS
APT_LOCK_WAIT=4 bash -c '. "$1"; ensure_packages make-m68k-kexec-absent' _ "$LIB" >"$WORK/out" 2>&1
rc=$?
took=$((SECONDS - t0))
kill "$holder"; wait "$holder" 2>/dev/null; holder=
gave=$(grep -c "gave up after [0-9]* s waiting for apt's lock: .*lock" "$WORK/out")
if [ $rc -ne 1 ] || [ $took -gt 20 ] || [ "$gave" -ne 1 ]; then
	bad $t "exit $rc after $took s, $gave give-up lines: $(cat "$WORK/out")"
else
	ok $t
fi

# --- fetch_source from a repository on 127.0.0.1 ----------------------------

# A source package in format 1.0 (one .dsc, one .tar.gz) in three versions:
# 1.0-3 whose tarball is changed after Sources lists its hash, 1.0-2 whose
# tarball is missing (the server answers 404), 1.0-1 intact.
REPO=$WORK/repo
mkdir -p "$REPO"
for v in 1 2 3; do
	d=$WORK/build/mk-probe-1.0
	rm -rf "$WORK/build"; mkdir -p "$d/debian/source"
	echo "probe $v" >"$d/payload"
	echo "1.0" >"$d/debian/source/format"
	cat >"$WORK/repo-control" <<EOF
Source: mk-probe
Maintainer: m68k-kexec tests <tests@invalid>
Standards-Version: 4.6.2

Package: mk-probe
Architecture: all
Description: test package
 test package
EOF
	cp "$WORK/repo-control" "$d/debian/control"
	cat >"$d/debian/changelog" <<EOF
mk-probe (1.0-$v) unstable; urgency=low

  * Test.

 -- m68k-kexec tests <tests@invalid>  Wed, 02 Dec 2026 00:00:00 +0000
EOF
	(cd "$WORK/build" && dpkg-source -q -b mk-probe-1.0 >/dev/null 2>&1) ||
		bad repo-setup "dpkg-source -b failed for 1.0-$v"
	mv "$WORK/build/mk-probe_1.0-$v".* "$REPO/"
done
# mk-up 2.0-1 in format 3.0 (quilt): its .dsc and Debian tarball are not
# served, only the upstream tarball is (as for Hatari 2.5.0).
d=$WORK/build/mk-up-2.0
rm -rf "$WORK/build"; mkdir -p "$d/debian/source"
echo "upstream 2.0" >"$d/payload"
tar -C "$WORK/build" -czf "$WORK/build/mk-up_2.0.orig.tar.gz" mk-up-2.0
echo "3.0 (quilt)" >"$d/debian/source/format"
sed 's/mk-probe/mk-up/' "$WORK/repo-control" >"$d/debian/control"
printf 'mk-up (2.0-1) unstable; urgency=low\n\n  * Test.\n\n -- m68k-kexec tests <tests@invalid>  Wed, 02 Dec 2026 00:00:00 +0000\n' \
	>"$d/debian/changelog"
(cd "$WORK/build" && dpkg-source -q -b mk-up-2.0 >/dev/null 2>&1) ||
	bad repo-setup "dpkg-source -b failed for mk-up"
mv "$WORK/build"/mk-up_2.0* "$REPO/"
(cd "$REPO" && dpkg-scansources . >Sources 2>/dev/null && gzip -k Sources)
rm -f "$REPO/mk-up_2.0-1.dsc" "$REPO/mk-up_2.0-1.debian.tar."*
# Same size, other bytes: only the hash can tell.
python3 - "$REPO/mk-probe_1.0-3.tar.gz" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 2] ^= 0xff
open(sys.argv[1], "wb").write(b)
PY
rm -f "$REPO/mk-probe_1.0-2.tar.gz"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$REPO" "$port" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
	python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/Sources')" 2>/dev/null && break
	sleep 0.1
done

export M68K_KEXEC_CACHE=$WORK/cache
export SRC_APT_LIST="deb-src [trusted=yes] http://127.0.0.1:$port ./"

t="fetch-takes-first-that-works"
out=$(bash -c '. "$1"; fetch_source mk-probe' _ "$LIB" 2>"$WORK/err")
rc=$?
src=$M68K_KEXEC_CACHE/apt/src/mk-probe-1.0-1
if [ $rc -ne 0 ] || [ "$out" != "$src" ]; then
	bad $t "exit $rc, printed '$out': $(cat "$WORK/err")"
elif [ "$(cat "$src/.source")" != "mk-probe=1.0-1" ] || [ "$(cat "$src/payload")" != "probe 1" ]; then
	bad $t "wrong tree: $(cat "$src/.source" "$src/payload" 2>&1)"
elif ! grep -q "using mk-probe=1.0-1; not served: 1.0-3 (.*Hash Sum mismatch.*), 1.0-2 (.*404 [^)]*)$" "$WORK/err"; then
	bad $t "no line naming what was tried: $(cat "$WORK/err")"
elif [ -n "$(find "$M68K_KEXEC_CACHE/apt/src" -maxdepth 1 -name 'mk-probe-1.0-[23]*')" ]; then
	bad $t "left behind: $(ls "$M68K_KEXEC_CACHE/apt/src")"
else
	ok $t
fi

t="fetch-remembers-404"
bash -c '. "$1"; fetch_source mk-probe' _ "$LIB" >/dev/null 2>"$WORK/err"
rc=$?
if [ $rc -ne 0 ] || grep -q "fetching source package mk-probe=1.0-2" "$WORK/err" ||
	! grep -q "fetching source package mk-probe=1.0-3" "$WORK/err"; then
	bad $t "exit $rc; asked again for the 404 or not for the changed one: $(cat "$WORK/err")"
else
	ok $t
fi

t="fetch-fails-at-once-naming-all"
# Only the two broken versions: the script must stop at the fetch.
bash -c '. "$1"; x=$(fetch_source mk-probe 1.0-3 1.0-2 1.0-9); echo "went on with $x"' \
	_ "$LIB" >"$WORK/out" 2>"$WORK/err"
rc=$?
errs=$(grep -c 'error:' "$WORK/err")
if [ $rc -ne 1 ] || [ -s "$WORK/out" ]; then
	bad $t "exit $rc, went on: $(cat "$WORK/out" "$WORK/err")"
elif [ "$errs" -ne 1 ] || ! grep -q "error: cannot fetch source package mk-probe: tried 1.0-3 (.*Hash Sum mismatch.*), 1.0-2 (.*404 [^)]*), 1.0-9 (Can not find version '1.0-9' of package 'mk-probe')$" "$WORK/err"; then
	bad $t "want one line naming the three versions: $(cat "$WORK/err")"
else
	ok $t
fi

t="fetch-unknown-package"
bash -c '. "$1"; fetch_source mk-absent' _ "$LIB" >/dev/null 2>"$WORK/err"
rc=$?
if [ $rc -ne 1 ] || ! grep -q "error: cannot fetch source package mk-absent: no version of it in the source lists" "$WORK/err"; then
	bad $t "exit $rc: $(cat "$WORK/err")"
else
	ok $t
fi

t="fetch-upstream-only"
bash -c '. "$1"; fetch_source mk-up' _ "$LIB" >/dev/null 2>"$WORK/err"
rc=$?
out=$(bash -c '. "$1"; fetch_source --upstream mk-up' _ "$LIB" 2>>"$WORK/err")
rc2=$?
src=$M68K_KEXEC_CACHE/apt/src/mk-up-2.0-1-upstream
if [ $rc -ne 1 ] || ! grep -q "error: cannot fetch source package mk-up: tried 2.0-1 (.*404 [^)]*)$" "$WORK/err"; then
	bad $t "the whole package should not be served: exit $rc: $(cat "$WORK/err")"
elif [ $rc2 -ne 0 ] || [ "$out" != "$src" ] || [ "$(cat "$src/payload")" != "upstream 2.0" ] ||
	[ "$(cat "$src/.source")" != "mk-up=2.0-1 upstream" ]; then
	bad $t "exit $rc2, printed '$out': $(cat "$WORK/err")"
else
	ok $t
fi

t="fetch-upstream-checks-hash"
rm -rf "$src"
python3 - "$REPO/mk-up_2.0.orig.tar.gz" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 2] ^= 0xff
open(sys.argv[1], "wb").write(b)
PY
bash -c '. "$1"; fetch_source --upstream mk-up' _ "$LIB" >/dev/null 2>"$WORK/err"
rc=$?
if [ $rc -ne 1 ] || [ -e "$src" ] ||
	! grep -q "error: cannot fetch source package mk-up (upstream tarball): tried 2.0-1 (.*Hash Sum mismatch.*)$" "$WORK/err"; then
	bad $t "exit $rc: $(cat "$WORK/err")"
else
	ok $t
fi

echo "$passed passed, $failed failed"

[ $failed -eq 0 ]
