#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build-test the kernel patch series on more than the configuration we
# boot: for each configuration, Debian's linux-source-6.12 is built
# without the series and with it (kexec on; crash dumps on where the
# architecture can have them), and the warnings of the two builds are
# compared. Prints one Markdown table row per configuration, for
# kernel/README.md, after a line with the date, the commit and the
# command. Slow (a kernel build a configuration, then the files the
# series touches; 5-15 minutes each on 2 cores): not part of the test
# command.
#
# Usage: kernel/build-matrix.sh [CONFIG...]
#   CONFIG is a defconfig name, optionally with +OPTION=VALUE... to set
#   on top, e.g. virt_defconfig+CRASH_DUMP=n. Default: all of
#   $DEFAULT_CONFIGS below.
# Scratch trees go to ${M68K_KEXEC_CACHE:-~/.cache/m68k-kexec}/matrix
# and are removed after each build.
set -euo pipefail
# shellcheck source=tests/e2e/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tests/e2e/common.sh"

REPO=$(cd "$E2E_DIR/../.." && pwd)
PATCHES=$REPO/kernel/patches
SRC_PKG=linux-source-6.12
TARBALL=/usr/src/linux-source-6.12.tar.xz
# Small ones first.
DEFAULT_CONFIGS=(
	virt_defconfig+CRASH_DUMP=n
	m5208evb_defconfig   # ColdFire without MMU
	m5475evb_defconfig   # ColdFire with MMU
	sun3_defconfig mac_defconfig amiga_defconfig atari_defconfig
)

ensure_packages gcc-m68k-linux-gnu "$SRC_PKG" make gcc libc6-dev bc bison \
	flex libssl-dev libelf-dev perl xz-utils patch ccache

names=$(series_patches "$PATCHES")
mapfile -t SERIES <<<"$names"
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=("${DEFAULT_CONFIGS[@]}")
WORK=$CACHE/matrix
# ccache: most files compile the same under every defconfig (ccache
# compares the preprocessed source), so each configuration after the
# first reuses most of the one before.
export CCACHE_DIR=$CACHE/matrix-ccache CCACHE_MAXSIZE=4G
KMAKE=(make ARCH=m68k "CROSS_COMPILE=$CROSS" "CC=ccache ${CROSS}gcc")

# configure TREE CONFIG: the defconfig, KEXEC and CRASH_DUMP on wherever
# Kconfig allows them, then the +OPTION=VALUE words of CONFIG, which win.
# What the defconfig builds as modules is left out (=m becomes off): the
# series touches only built-in code, and the defconfigs' hundreds of
# modules would triple the time.
configure() {
	local tree=$1 config=$2 defconfig=${2%%+*} opt
	"${KMAKE[@]}" -C "$tree" "$defconfig"
	(cd "$tree" && scripts/config --enable KEXEC --enable CRASH_DUMP)
	for opt in $(tr '+' ' ' <<<"${config#"$defconfig"}"); do
		case ${opt#*=} in
		n) (cd "$tree" && scripts/config --disable "${opt%%=*}") ;;
		*) (cd "$tree" && scripts/config --set-val "${opt%%=*}" "${opt#*=}") ;;
		esac
	done
	"${KMAKE[@]}" -C "$tree" olddefconfig
	sed -i -E 's/^(CONFIG_[A-Za-z0-9_]+)=m$/# \1 is not set/' "$tree/.config"
	"${KMAKE[@]}" -C "$tree" olddefconfig
	grep -E '^(CONFIG_KEXEC|CONFIG_CRASH_DUMP|CONFIG_MMU)[= ]|^# CONFIG_(KEXEC|CRASH_DUMP|MMU) ' "$tree/.config"
}

# build TREE LOG: make vmlinux; prints "ok" or "failed" and leaves the
# compiler's warnings and errors (file: warning: ...) in LOG.warnings.
build() {
	local tree=$1 log=$2 t0=$SECONDS
	if nice "${KMAKE[@]}" -C "$tree" -j2 vmlinux >>"$log" 2>&1; then
		echo "ok ($((SECONDS - t0)) s)"
	else
		echo failed
	fi
	grep -E '(warning|error):' "$log" | sed -E "s|$tree/||; s|:[0-9]+:[0-9]+:|:|" |
		sort -u >"$log.warnings" || true
}

# one CONFIG: built without the series, then with it in the same tree
# (kbuild rebuilds only what the patches and the options they make
# selectable touch), the warnings of the two compared.
one() {
	local config=$1 tree=$WORK/tree p stock series new kexec crash
	rm -rf "$tree"
	mkdir -p "$tree"
	tar -xJf "$TARBALL" -C "$tree" --strip-components=1
	configure "$tree" "$config" >"$WORK/$config.stock.log" 2>&1
	stock=$(build "$tree" "$WORK/$config.stock.log")
	: >"$WORK/$config.series.log"
	for p in "${SERIES[@]}"; do
		apply_patch "$tree" "$PATCHES" "$p" 2>>"$WORK/$config.series.log"
	done
	configure "$tree" "$config" >>"$WORK/$config.series.log" 2>&1
	series=$(build "$tree" "$WORK/$config.series.log")
	kexec=$(grep -qx 'CONFIG_KEXEC=y' "$WORK/$config.series.log" && echo y || echo n)
	crash=$(grep -qx 'CONFIG_CRASH_DUMP=y' "$WORK/$config.series.log" && echo y || echo n)
	new=$(comm -13 "$WORK/$config.stock.log.warnings" "$WORK/$config.series.log.warnings" |
		tr '\n' ';' | sed 's/;$//')
	echo "| $config | $kexec / $crash | $stock | $series | ${new:-none} |"
	rm -rf "$tree"
}

matrix() {
	local config
	mkdir -p "$WORK"
	echo "build matrix, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD), $SRC_PKG $(pkg_version "$SRC_PKG"), kernel/build-matrix.sh ${*:-(all)}"
	echo
	echo "| configuration | KEXEC / CRASH_DUMP | without the series | with the series | warnings only with the series |"
	echo "|---|---|---|---|---|"
	for config in "${configs[@]}"; do
		log "building $config without the series, then with it"
		one "$config"
	done
	echo
	echo "logs: $WORK"
}

# One kernel build at a time on this machine.
with_lock kernel matrix "$@"
