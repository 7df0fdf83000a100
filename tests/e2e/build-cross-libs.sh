#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build (once) static m68k zlib, liblzma and libzstd from Debian's source
# packages, and print the install prefix (include/, lib/) on stdout.
#
# The sources come from `apt-get source` through a private apt setup under
# the cache (its own sources.list with deb-src lines derived from the
# system's Debian sources, its own lists and archives): /etc/apt and the
# system's package lists are never touched.
#
# Cache, under ${M68K_KEXEC_CACHE:-~/.cache/m68k-kexec}:
#   apt/           private apt configuration, lists and downloaded sources
#   cross-<key>/   include/ lib/{libz,liblzma,libzstd}.a; key = source
#                  package versions + this script. Exists => nothing to do.
set -euo pipefail
# shellcheck source=tests/e2e/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PKGS=(zlib xz-utils libzstd)
APT=$CACHE/apt
SRC=$APT/src

ensure_packages gcc-m68k-linux-gnu libc6-dev-m68k-cross make dpkg-dev \
	python3 xz-utils

# private_apt_setup: sources.list with a deb-src line for every enabled
# Debian "deb" entry of the system (one-line and deb822 formats).
private_apt_setup() {
	mkdir -p "$APT/parts" "$APT/state/lists/partial" \
		"$APT/cache/archives/partial" "$SRC"
	python3 - "$APT/sources.list" <<'PY'
import glob, sys
out = []
def add(uris, suites, comps, signed):
    for u in uris:
        if "debian" not in u:
            continue
        for s in suites:
            opt = f" [signed-by={signed}]" if signed else ""
            out.append(f"deb-src{opt} {u} {s} {' '.join(comps)}")
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

# apt_private apt-get|apt-cache ARGS...: run with the private setup.
apt_private() {
	local tool=$1; shift
	"$tool" -o Dir::Etc::SourceList="$APT/sources.list" \
		-o Dir::Etc::SourceParts="$APT/parts" \
		-o Dir::State="$APT/state" -o Dir::Cache="$APT/cache" \
		-o Debug::NoLocking=1 "$@"
}

# Refresh the private lists when missing or older than a week; with old
# lists and no network, go on with what we have.
refresh_lists() {
	private_apt_setup
	local stamp=$APT/state/updated
	if [ -f "$stamp" ] && [ -n "$(find "$stamp" -mtime -7)" ]; then
		return 0
	fi
	log "updating the private apt source lists"
	if apt_private apt-get update >&2; then
		touch "$stamp"
	elif [ ! -f "$stamp" ]; then
		die "apt-get update (private source lists) failed"
	fi
}

# src_version PKG: the source version apt-get source will fetch.
src_version() {
	apt_private apt-cache showsrc "$1" |
		awk -v p="$1" '$1=="Package:"{ok=($2==p)} ok&&$1=="Version:"{print $2}' |
		sort -V | tail -1
}

# fetch PKG VERSION: unpacked source tree in $SRC, printed.
fetch() {
	local pkg=$1 ver=$2 dir
	dir=$SRC/$pkg-$ver
	if [ ! -f "$dir/.unpacked" ]; then
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp"
		log "fetching source package $pkg=$ver"
		(cd "$dir.tmp" && apt_private apt-get source --download-only "$pkg=$ver" >&2)
		(cd "$dir.tmp" && dpkg-source --no-check -x ./*.dsc tree >&2)
		mv "$dir.tmp/tree" "$dir"
		rm -rf "$dir.tmp"
		touch "$dir/.unpacked"
	fi
	echo "$dir"
}

CC=${CROSS}gcc
# Small: every function and object in its own section, so the loader's
# --gc-sections link keeps only what it calls; only decoders are built.
CFLAGS_CROSS="-Os -fno-stack-protector -ffunction-sections -fdata-sections"

build_zlib() {
	local src=$1 prefix=$2
	(
		cd "$src"
		CC=$CC CFLAGS=$CFLAGS_CROSS CHOST=m68k-linux-gnu \
			./configure --static --prefix="$prefix" >&2
		make -j2 libz.a >&2
		install -m 644 zlib.h zconf.h "$prefix/include/"
		install -m 644 libz.a "$prefix/lib/"
	)
}

build_xz() {
	local src=$1 prefix=$2 b=$1/build-m68k
	[ -x "$src/configure" ] || (cd "$src" && autoreconf -fi >&2)
	rm -rf "$b"; mkdir -p "$b"
	(
		cd "$b"
		CC=$CC CFLAGS=$CFLAGS_CROSS "$src/configure" --host=m68k-linux-gnu \
			--prefix="$prefix" --disable-shared --enable-static \
			--disable-xz --disable-xzdec --disable-lzmadec \
			--disable-lzmainfo --disable-lzma-links --disable-scripts \
			--disable-doc --disable-nls --disable-threads \
			--disable-encoders --disable-match-finders \
			--disable-lzip-decoder --disable-microlzma --enable-small >&2
		make -j2 -C src/liblzma >&2
		make -C src/liblzma install >&2
	)
}

build_zstd() {
	local src=$1 prefix=$2
	(
		cd "$src/lib"
		make clean >/dev/null
		# Single-threaded and decompression only, with the size options
		# zstd documents (one Huffman and one sequence decoder, no
		# forced inlining: every valid frame still decodes, more slowly;
		# see zstd's lib/README.md).
		# CFLAGS goes in the environment: libzstd.mk appends the -D
		# options of these variables to it, which a CFLAGS given on
		# make's command line would override.
		local opts=(CC="$CC" AR="${CROSS}ar" ZSTD_LEGACY_SUPPORT=0
			ZSTD_LIB_COMPRESSION=0 ZSTD_LIB_DICTBUILDER=0
			ZSTD_LIB_DEPRECATED=0 HUF_FORCE_DECOMPRESS_X1=1
			ZSTD_FORCE_DECOMPRESS_SEQUENCES_SHORT=1 ZSTD_NO_INLINE=1)
		CFLAGS=$CFLAGS_CROSS make -j2 "${opts[@]}" libzstd.a-nomt >&2 ||
		CFLAGS=$CFLAGS_CROSS make -j2 "${opts[@]}" libzstd.a >&2
		install -m 644 zstd.h zdict.h zstd_errors.h "$prefix/include/"
		install -m 644 libzstd.a "$prefix/lib/"
	)
}

main() {
	refresh_lists
	local pkg ver versions=() srcs=()
	for pkg in "${PKGS[@]}"; do
		ver=$(src_version "$pkg")
		[ -n "$ver" ] || die "no source package $pkg in the private apt lists"
		versions+=("$pkg=$ver")
	done
	local key prefix
	key=$(hash_of "${versions[@]}" "$(file_hash "${BASH_SOURCE[0]}")")
	prefix=$CACHE/cross-$key
	if [ -f "$prefix/.complete" ]; then
		echo "$prefix"
		return 0
	fi
	for pkg in "${versions[@]}"; do
		srcs+=("$(fetch "${pkg%%=*}" "${pkg#*=}")")
	done
	rm -rf "$prefix"
	mkdir -p "$prefix/include" "$prefix/lib"
	log "building zlib";    build_zlib "${srcs[0]}" "$prefix"
	log "building liblzma"; build_xz "${srcs[1]}" "$prefix"
	log "building libzstd"; build_zstd "${srcs[2]}" "$prefix"
	local a
	for a in libz.a liblzma.a libzstd.a; do
		[ -f "$prefix/lib/$a" ] || die "$a was not built"
	done
	printf '%s\n' "${versions[@]}" >"$prefix/.complete"
	log "built ${versions[*]}"
	echo "$prefix"
}

with_lock cross main
