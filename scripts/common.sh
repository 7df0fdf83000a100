# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# The one shell library of the build and test scripts (sourced, never run):
# messages, the cache, Debian packages (installed with apt-get, waiting for
# the dpkg lock; source packages fetched through a private apt setup,
# trying every candidate version), hashes for cache keys, and locks.
#
# A failure anywhere stops the script: errexit also holds inside command
# substitutions, so `x=$(fetch ...)` never goes on with half a result.
set -euo pipefail
shopt -s inherit_errexit

CACHE=${M68K_KEXEC_CACHE:-$HOME/.cache/m68k-kexec}

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# as_root CMD...: run CMD as root (sudo when we are not).
as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt_get ARGS...: apt-get, waiting while another apt-get or dpkg holds
# one of its locks (the dpkg frontend lock, the lists lock) for up to
# $APT_LOCK_WAIT seconds (default 1800), with a message every minute.
# Output goes to stderr. Any other failure is returned at once.
apt_get() {
	local wait=${APT_LOCK_WAIT:-1800} t0=$SECONDS next=0 err rc
	err=$(mktemp)
	while :; do
		rc=0
		as_root env DEBIAN_FRONTEND=noninteractive apt-get "$@" >&2 2>"$err" || rc=$?
		if [ "$rc" -eq 0 ] || ! grep -qE 'Could not get lock|Unable to (acquire the dpkg frontend lock|lock)' "$err"; then
			cat "$err" >&2
			rm -f "$err"
			return "$rc"
		fi
		if [ $((SECONDS - t0)) -ge "$wait" ]; then
			log "gave up after $((SECONDS - t0)) s waiting for apt's lock: $(grep -m1 'Could not get lock' "$err" || grep -m1 '^E:' "$err")"
			rm -f "$err"
			return "$rc"
		fi
		if [ "$SECONDS" -ge "$next" ]; then
			log "waiting for apt's lock (up to ${wait} s): $(grep -m1 'Could not get lock' "$err" || grep -m1 '^E:' "$err")"
			next=$((SECONDS + 60))
		fi
		sleep 2
	done
}

# ensure_packages PKG...: install whatever is not installed yet.
# apt-get update runs at most once per script, and only when needed.
_apt_updated=
ensure_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	if [ -z "$_apt_updated" ]; then
		apt_get update -q || die "apt-get update failed"
		_apt_updated=1
	fi
	apt_get install -y -q --no-install-recommends "${missing[@]}" ||
		die "cannot install ${missing[*]}"
}

# pkg_version PKG: the installed version of a Debian package.
pkg_version() { dpkg-query -W -f='${Version}' "$1"; }

# hash_of STRING...: short stable hash of the arguments (file contents are
# passed by the caller as "$(cat FILE)" or via sha256sum of the file).
hash_of() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }

# file_hash FILE: sha256 of a file's contents.
file_hash() { sha256sum "$1" | cut -d' ' -f1; }

# with_lock NAME CMD...: run CMD holding an exclusive lock in the cache, so
# two runs never build the same thing (or two kernels) at once.
with_lock() {
	local name=$1; shift
	mkdir -p "$CACHE"
	(
		flock 9
		"$@"
	) 9>"$CACHE/$name.lock"
}

# --- Debian source packages ------------------------------------------------
#
# Sources come from `apt-get source` through a private apt setup in
# $SRC_APT (default $CACHE/apt): its own sources.list, lists and archives;
# /etc/apt and the system's lists are never touched. The sources.list has a
# deb-src line for every enabled Debian "deb" entry of the system, or, with
# SRC_APT_SUITES set (e.g. "trixie"), for those suites of the same archive.
# Unpacked trees are kept in $SRC_APT/src/PKG-VERSION.

# src_apt_setup: write the private sources.list (and make the directories).
src_apt_setup() {
	local apt=${SRC_APT:-$CACHE/apt}
	mkdir -p "$apt/parts" "$apt/state/lists/partial" \
		"$apt/cache/archives/partial" "$apt/src"
	[ -n "${SRC_APT_LIST:-}" ] && { printf '%s\n' "$SRC_APT_LIST" >"$apt/sources.list"; return 0; }
	python3 - "$apt/sources.list" "${SRC_APT_SUITES:-}" <<'PY'
import glob, sys
out = []
extra = sys.argv[2].split()
def add(uris, suites, comps, signed):
    for u in uris:
        if "debian" not in u or (extra and "security" in u):
            continue
        for s in (extra or suites):
            opt = f" [signed-by={signed}]" if signed else ""
            line = f"deb-src{opt} {u} {s} {' '.join(comps)}"
            if line not in out:
                out.append(line)
for path in ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*.list")):
    try:
        lines = open(path).read().splitlines()
    except OSError:
        continue
    for line in lines:
        w = line.split("#")[0].split()
        if not w or w[0] != "deb":
            continue
        w = w[1:]
        signed = ""
        if w and w[0].startswith("["):
            opts = []
            while w:
                opts.append(w.pop(0))
                if opts[-1].endswith("]"):
                    break
            for o in " ".join(opts).strip("[]").split():
                if o.startswith("signed-by="):
                    signed = o.split("=", 1)[1]
        if len(w) >= 2:
            add([w[0]], [w[1]], w[2:], signed)
for path in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
    for stanza in open(path).read().split("\n\n"):
        f = {}
        for line in stanza.splitlines():
            if line.startswith("#") or ":" not in line:
                continue
            k, v = line.split(":", 1)
            f[k.strip().lower()] = v.split()
        if "deb" not in f.get("types", []) or f.get("enabled", ["yes"])[0] == "no":
            continue
        add(f.get("uris", []), f.get("suites", []), f.get("components", []),
            (f.get("signed-by") or [""])[0])
if not out:
    sys.exit("no Debian apt sources found to derive deb-src lines from")
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
}

# src_apt apt-get|apt-cache ARGS...: run with the private setup.
src_apt() {
	local tool=$1 apt=${SRC_APT:-$CACHE/apt}; shift
	"$tool" -o Dir::Etc::SourceList="$apt/sources.list" \
		-o Dir::Etc::SourceParts="$apt/parts" \
		-o Dir::State="$apt/state" -o Dir::Cache="$apt/cache" \
		-o Debug::NoLocking=1 -o APT::Sandbox::User=root "$@"
}

# src_lists: the private lists, refreshed when missing, older than a week
# or made for another sources.list; with old lists and no network, go on
# with what we have.
src_lists() {
	local apt=${SRC_APT:-$CACHE/apt} stamp want
	src_apt_setup
	stamp=$apt/state/updated
	want=$(file_hash "$apt/sources.list")
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
		[ -n "$(find "$stamp" -mtime -7)" ]; then
		return 0
	fi
	log "updating the private apt source lists"
	if src_apt apt-get update >&2; then
		echo "$want" >"$stamp"
		rm -f "$apt/state/unserved"
	elif [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
		die "apt-get update of the private source lists ($apt/sources.list) failed"
	fi
}

# src_candidates PKG: the versions of source package PKG to try, one a
# line, best first: the version of its binary packages installed here,
# then every other version the lists offer, newest first.
src_candidates() {
	local pkg=$1
	{
		dpkg-query -W -f='${source:Package} ${source:Version}\n' 2>/dev/null |
			awk -v p="$pkg" '$1 == p { print $2 }' | sort -rV
		src_apt apt-cache showsrc "$pkg" 2>/dev/null |
			awk -v p="$pkg" '$1 == "Package:" { ok = ($2 == p) } ok && $1 == "Version:" { print $2 }' |
			sort -rV
	} | awk '!seen[$0]++'
}

# _src_get MODE PKG VERSION DIR: download PKG=VERSION into DIR (empty) and
# unpack it as DIR/tree; on failure say why on stdout and return 1.
# MODE full: the whole source package (apt-get source, dpkg-source -x,
# both checking the archive's hashes). MODE upstream: only the upstream
# tarball(s) (*.orig*.tar.*), for a version whose Debian files the
# archive does not serve; each is checked against the SHA256 the signed
# source lists give, and unpacked with its top directory stripped.
_src_get() {
	local mode=$1 pkg=$2 ver=$3 dir=$4 uri name size hash n=0
	if [ "$mode" = full ]; then
		if ! (cd "$dir" && src_apt apt-get source -q --download-only "$pkg=$ver") >"$dir/log" 2>&1; then
			grep -m1 -E '^E: ' "$dir/log" | sed -E 's/^E: //; s/ \[IP: [^]]*\]//' || echo "apt-get source failed"
			return 1
		fi
		if ! (cd "$dir" && dpkg-source -x ./*.dsc tree) >>"$dir/log" 2>&1; then
			echo "does not unpack: $(grep -m1 -E 'error|failed' "$dir/log" || echo "dpkg-source -x failed")"
			return 1
		fi
		return 0
	fi
	if ! src_apt apt-get source -q --print-uris "$pkg=$ver" >"$dir/uris" 2>"$dir/log"; then
		grep -m1 -E '^E: ' "$dir/log" | sed -E 's/^E: //' || echo "apt-get source --print-uris failed"
		return 1
	fi
	mkdir -p "$dir/tree"
	while read -r uri name size hash; do
		case $name in
		*.asc) continue ;;
		*.orig.tar.* | *.orig-*.tar.*) ;;
		*) continue ;;
		esac
		uri=${uri#\'}; uri=${uri%\'}
		if ! /usr/lib/apt/apt-helper -o APT::Sandbox::User=root download-file \
			"$uri" "$dir/$name" "$hash" >>"$dir/log" 2>&1; then
			grep -m1 -E '^E: ' "$dir/log" | sed -E 's/^E: //; s/ \[IP: [^]]*\]//' || echo "download of $name failed"
			return 1
		fi
		[ "$(stat -c %s "$dir/$name")" = "$size" ] || { echo "$name: size is not $size"; return 1; }
		tar -xf "$dir/$name" -C "$dir/tree" --strip-components=1 2>>"$dir/log" ||
			{ echo "$name does not unpack"; return 1; }
		n=$((n + 1))
	done <"$dir/uris"
	[ "$n" -gt 0 ] || { echo "no upstream tarball in the source package"; return 1; }
}

# fetch_source [--upstream] PKG [VERSION...]: the unpacked source tree of
# PKG, printed. Tries VERSION... (default: src_candidates) in order and
# takes the first already unpacked or that downloads, verifies against
# the lists' hashes and unpacks (--upstream: only its upstream tarball,
# see _src_get). The tree's .source file says "PKG=VERSION" (plus
# " upstream"). A version the registry answered "404 Not Found" for is
# noted in state/unserved and not asked for again until the lists are
# refreshed. When no version works, stops with one line naming PKG and
# every version tried, with why.
fetch_source() {
	local mode=full suffix="" apt=${SRC_APT:-$CACHE/apt} pkg ver dir why tried="" vers=()
	if [ "${1:-}" = --upstream ]; then
		mode=upstream suffix=" upstream"
		shift
	fi
	pkg=$1
	shift
	src_lists
	if [ $# -gt 0 ]; then
		vers=("$@")
	else
		mapfile -t vers < <(src_candidates "$pkg")
	fi
	[ ${#vers[@]} -gt 0 ] || die "cannot fetch source package $pkg: no version of it in the source lists ($apt/sources.list)"
	for ver in "${vers[@]}"; do
		dir=$apt/src/$pkg-${ver//:/_}${suffix:+-$mode}
		if [ -f "$dir/.source" ]; then
			echo "$dir"
			return 0
		fi
		why=$(awk -F '\t' -v v="$pkg=$ver$suffix" '$1 == v { print $2; exit }' \
			"$apt/state/unserved" 2>/dev/null || true)
		if [ -n "$why" ]; then
			tried+="${tried:+, }$ver ($why)"
			continue
		fi
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp"
		log "fetching source package $pkg=$ver${suffix:+ (upstream tarball only)}"
		if ! why=$(_src_get "$mode" "$pkg" "$ver" "$dir.tmp"); then
			tried+="${tried:+, }$ver ($why)"
			case $why in
			*" 404 "*) printf '%s\t%s\n' "$pkg=$ver$suffix" "$why" >>"$apt/state/unserved" ;;
			esac
			rm -rf "$dir.tmp"
			continue
		fi
		mv "$dir.tmp/tree" "$dir"
		rm -rf "$dir.tmp"
		echo "$pkg=$ver$suffix" >"$dir/.source"
		[ -z "$tried" ] || log "using $pkg=$ver$suffix; not served: $tried"
		echo "$dir"
		return 0
	done
	die "cannot fetch source package $pkg${suffix:+ (upstream tarball)}: tried $tried"
}
