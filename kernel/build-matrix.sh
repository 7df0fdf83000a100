#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build-test the kernel patch series on more than the configuration we
# boot: for each configuration, Debian's linux-source-6.12 is built
# without the series and with it (kexec on; crash dumps on where the
# architecture can have them), and the warnings of the two builds are
# compared. Prints one Markdown table row per configuration, for
# kernel/README.md, after a line with the date, the commit and the
# command. Slow (two kernel builds a configuration, 5-10 minutes each
# on 2 cores): not part of the test command.
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
DEFAULT_CONFIGS=(
	atari_defconfig amiga_defconfig mac_defconfig sun3_defconfig
	m5475evb_defconfig   # ColdFire with MMU
	m5208evb_defconfig   # ColdFire without MMU
	virt_defconfig+CRASH_DUMP=n
)

ensure_packages gcc-m68k-linux-gnu "$SRC_PKG" make gcc libc6-dev bc bison \
	flex libssl-dev libelf-dev perl xz-utils patch

names=$(series_patches "$PATCHES")
mapfile -t SERIES <<<"$names"
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=("${DEFAULT_CONFIGS[@]}")
WORK=$CACHE/matrix
KMAKE=(make ARCH=m68k "CROSS_COMPILE=$CROSS")

# build CONFIG VARIANT LOG: one build; prints "ok" or "failed" and leaves
# the compiler's warnings (file:line: warning: ...) in LOG.warnings.
build() {
	local config=$1 variant=$2 log=$3 tree=$WORK/tree defconfig opt p
	defconfig=${config%%+*}
	rm -rf "$tree"
	mkdir -p "$tree"
	tar -xJf "$TARBALL" -C "$tree" --strip-components=1
	if [ "$variant" = series ]; then
		for p in "${SERIES[@]}"; do
			apply_patch "$tree" "$PATCHES" "$p"
		done
	fi
	{
		"${KMAKE[@]}" -C "$tree" "$defconfig"
		# kexec and crash dumps on wherever Kconfig allows them; modules
		# off (the series touches only built-in code, and the
		# defconfigs' hundreds of modules would triple the time); the
		# +OPTION=VALUE words of CONFIG go last and win.
		(cd "$tree" && scripts/config --enable KEXEC --enable CRASH_DUMP --disable MODULES)
		for opt in $(tr '+' ' ' <<<"${config#"$defconfig"}"); do
			case ${opt#*=} in
			n) (cd "$tree" && scripts/config --disable "${opt%%=*}") ;;
			*) (cd "$tree" && scripts/config --set-val "${opt%%=*}" "${opt#*=}") ;;
			esac
		done
		"${KMAKE[@]}" -C "$tree" olddefconfig
		grep -E '^(CONFIG_KEXEC|CONFIG_CRASH_DUMP|CONFIG_MMU)[= ]|^# CONFIG_(KEXEC|CRASH_DUMP|MMU) ' "$tree/.config"
		nice "${KMAKE[@]}" -C "$tree" -j2 vmlinux
	} >"$log" 2>&1 && echo ok || echo failed
	grep -E '(warning|error):' "$log" | sed -E "s|$tree/||; s|:[0-9]+:[0-9]+:|:|" |
		sort -u >"$log.warnings" || true
	rm -rf "$tree"
}

matrix() {
	local config stock series new kexec crash
	mkdir -p "$WORK"
	echo "build matrix, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD), $SRC_PKG $(pkg_version "$SRC_PKG"), kernel/build-matrix.sh ${*:-(all)}"
	echo
	echo "| configuration | KEXEC / CRASH_DUMP | without the series | with the series | warnings only with the series |"
	echo "|---|---|---|---|---|"
	for config in "${configs[@]}"; do
		log "building $config without the series"
		stock=$(build "$config" stock "$WORK/$config.stock.log")
		log "building $config with the series"
		series=$(build "$config" series "$WORK/$config.series.log")
		kexec=$(grep -qx 'CONFIG_KEXEC=y' "$WORK/$config.series.log" && echo y || echo n)
		crash=$(grep -qx 'CONFIG_CRASH_DUMP=y' "$WORK/$config.series.log" && echo y || echo n)
		new=$(comm -13 "$WORK/$config.stock.log.warnings" "$WORK/$config.series.log.warnings" |
			tr '\n' ';' | sed 's/;$//')
		echo "| $config | $kexec / $crash | $stock | $series | ${new:-none} |"
	done
	echo
	echo "logs: $WORK"
}

# One kernel build at a time on this machine.
with_lock kernel matrix "$@"
