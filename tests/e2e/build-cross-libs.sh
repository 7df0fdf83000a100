#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build (once) static m68k zlib, liblzma and libzstd from Debian's source
# packages, and print the install prefix (include/, lib/) on stdout.
#
# The sources come from fetch_source (scripts/common.sh): a private apt
# setup under the cache; for each library the version installed on this
# machine first, then every other version the lists offer, the first that
# downloads and verifies is used (the registry does not serve every
# version of every source, e.g. a security update's).
#
# Cache, under ${M68K_KEXEC_CACHE:-~/.cache/m68k-kexec}:
#   apt/           private apt configuration, lists and unpacked sources
#   cross-<key>/   include/ lib/{libz,liblzma,libzstd}.a; key = the source
#                  versions actually used + this script. Exists => nothing
#                  to do.
set -euo pipefail
# shellcheck source=tests/e2e/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PKGS=(zlib xz-utils libzstd)

ensure_packages gcc-m68k-linux-gnu libc6-dev-m68k-cross make dpkg-dev \
	python3 xz-utils

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
		# Single-threaded, with the size options zstd documents (one
		# Huffman and one sequence decoder, no forced inlining: every
		# valid frame still decodes, more slowly; see zstd's
		# lib/README.md). The encoder is in too, for kdump-config's
		# KDUMP_COMPRESS=zstd; a static kexec links only the decoder
		# (--gc-sections).
		# CFLAGS goes in the environment: libzstd.mk appends the -D
		# options of these variables to it, which a CFLAGS given on
		# make's command line would override.
		local opts=(CC="$CC" AR="${CROSS}ar" ZSTD_LEGACY_SUPPORT=0
			ZSTD_LIB_DICTBUILDER=0
			ZSTD_LIB_DEPRECATED=0 HUF_FORCE_DECOMPRESS_X1=1
			ZSTD_FORCE_DECOMPRESS_SEQUENCES_SHORT=1 ZSTD_NO_INLINE=1)
		CFLAGS=$CFLAGS_CROSS make -j2 "${opts[@]}" libzstd.a-nomt >&2 ||
		CFLAGS=$CFLAGS_CROSS make -j2 "${opts[@]}" libzstd.a >&2
		install -m 644 zstd.h zdict.h zstd_errors.h "$prefix/include/"
		install -m 644 libzstd.a "$prefix/lib/"
	)
}

main() {
	local pkg srcs=() versions=() key prefix a
	for pkg in "${PKGS[@]}"; do
		srcs+=("$(fetch_source "$pkg")")
		versions+=("$(cat "${srcs[-1]}/.source")")
	done
	key=$(hash_of "${versions[@]}" "$(file_hash "${BASH_SOURCE[0]}")")
	prefix=$CACHE/cross-$key
	if [ -f "$prefix/.complete" ]; then
		echo "$prefix"
		return 0
	fi
	rm -rf "$prefix"
	mkdir -p "$prefix/include" "$prefix/lib"
	log "building zlib";    build_zlib "${srcs[0]}" "$prefix"
	log "building liblzma"; build_xz "${srcs[1]}" "$prefix"
	log "building libzstd"; build_zstd "${srcs[2]}" "$prefix"
	for a in libz.a liblzma.a libzstd.a; do
		[ -f "$prefix/lib/$a" ] || die "$a was not built"
	done
	printf '%s\n' "${versions[@]}" >"$prefix/.complete"
	log "built ${versions[*]}"
	echo "$prefix"
}

with_lock cross main
