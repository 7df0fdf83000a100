#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build (once) Hatari, the Atari ST/TT/Falcon emulator, from Debian's
# source and print the path of its binary on stdout. Progress goes to
# stderr.
#
#   build-hatari.sh           with our patches (hatari/series)
#   build-hatari.sh --stock   without them: what the patches fix is
#                             measured against this one
#
# Hatari 2.5.0 is the version of Debian 13 ("trixie"), the first to run
# Linux on the 68040 and 68060 as well as the 68030; Debian 12 has 2.4.1.
# The archive serves its upstream tarball but not its Debian files, so
# only the tarball is fetched (fetch_source --upstream, checked against
# the SHA256 of trixie's signed source lists) and built with cmake and
# Debian 12's build dependencies. Only the emulator binary is built.
#
# Cache, under ${M68K_KEXEC_CACHE:-~/.cache/m68k-kexec}:
#   apt-trixie/          private apt setup for trixie's source lists
#   hatari-<key>/hatari  key = source version, every patch applied, this
#                        script. Exists => nothing to do.
set -euo pipefail
# shellcheck source=tests/e2e/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

HATARI_VERSION=2.5.0+dfsg-1
PATCHES=$E2E_DIR/hatari

stock=
case ${1:-} in
--stock) stock=1 ;;
"") ;;
*) die "usage: ${0##*/} [--stock]" ;;
esac

ensure_packages cmake make gcc libc6-dev libsdl2-dev zlib1g-dev libpng-dev \
	python3 patch xz-utils

SERIES=() SERIES_KEYS=()
[ -n "$stock" ] || load_series "$PATCHES"

src=$(SRC_APT=$CACHE/apt-trixie SRC_APT_SUITES=trixie \
	fetch_source --upstream hatari "$HATARI_VERSION")
source_id=$(cat "$src/.source")
key=$(hash_of "$source_id" "${SERIES_KEYS[@]}" \
	"$(file_hash "${BASH_SOURCE[0]}")")
OUT=$CACHE/hatari-$key

if [ -x "$OUT/hatari" ]; then
	echo "$OUT/hatari"
	exit 0
fi

build() {
	[ -x "$OUT/hatari" ] && return 0
	local tree=$OUT.build t0=$SECONDS p
	rm -rf "$tree" "$OUT"
	mkdir -p "$tree"
	cp -a "$src/." "$tree/src"
	for p in "${SERIES[@]}"; do
		apply_patch "$tree/src" "$PATCHES" "$p"
	done
	log "building hatari $HATARI_VERSION${stock:+ (stock)} (make -j2)"
	cmake -S "$tree/src" -B "$tree/build" -DCMAKE_BUILD_TYPE=Release >&2
	nice make -C "$tree/build" -j2 hatari >&2
	mkdir -p "$OUT.tmp"
	cp "$tree/build/src/hatari" "$OUT.tmp/hatari"
	printf '%s\n' "$source_id" "${SERIES[@]}" >"$OUT.tmp/BUILT"
	rm -rf "$tree"
	mv "$OUT.tmp" "$OUT"
	log "hatari built in $((SECONDS - t0)) s"
}

# One kernel or emulator build at a time on this machine.
with_lock kernel build
[ -x "$OUT/hatari" ] || die "no hatari binary in $OUT"
echo "$OUT/hatari"
