#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build (once) the Linux/m68k kernel patched for kdump and print the path
# of its vmlinux on stdout. Progress goes to stderr.
#
#   build-kdump-kernel.sh               the patched kernel (cached)
#   build-kdump-kernel.sh --each-patch  bisect check: build after each
#                                       patch of the series in turn, print
#                                       PASS/FAIL per patch and a summary
#
# The kernel is Debian's linux-source-6.12 with kernel/patches/series
# applied, configured as the stock e2e kernel (virt_defconfig +
# kernel.config, built by build-kernel.sh) plus kdump-kernel.config, with
# the same built-in initramfs (the static test init, init.c). One vmlinux
# is both the kernel that crashes and the capture kernel. The stock kernel
# and its cache are not touched.
#
# Cache, under ${M68K_KEXEC_CACHE:-~/.cache/m68k-kexec} (names that
# build-kernel.sh never removes):
#   kdump-tree/         the build tree: patched and configured for key k1
#                       (source version, both fragments, the series and
#                       every patch in it, this script), kept in
#                       .kdump-key. For a new k1 the patches it has
#                       (.kdump-applied/) are reverted and the new ones
#                       applied, so that only what they touch is rebuilt.
#   kdump-kernel-<k2>/  vmlinux (with DWARF), vmlinux.stripped (for the
#                       guest), System.map, config, init, initramfs.list;
#                       k2 = k1 + init.c
set -euo pipefail
# shellcheck source=tests/e2e/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=tests/e2e/builtin-init.sh
. "$E2E_DIR/builtin-init.sh"

SRC_PKG=linux-source-6.12
TARBALL=/usr/src/linux-source-6.12.tar.xz
FRAGMENTS=("$E2E_DIR/kernel.config" "$E2E_DIR/kdump-kernel.config")
PATCHES=$(cd "$E2E_DIR/../../kernel/patches" && pwd)
INIT_C=$E2E_DIR/init.c
KMAKE=(make ARCH=m68k "CROSS_COMPILE=$CROSS")

mode=build
case ${1:-} in
--each-patch) mode=each ;;
"") ;;
*) die "usage: ${0##*/} [--each-patch]" ;;
esac

ensure_packages gcc-m68k-linux-gnu libc6-dev-m68k-cross "$SRC_PKG" make gcc \
	libc6-dev bc bison flex libssl-dev libelf-dev perl cpio xz-utils util-linux patch

load_series "$PATCHES"

key1=$(hash_of "$SRC_PKG $(pkg_version "$SRC_PKG")" \
	"$(file_hash "${FRAGMENTS[0]}")" "$(file_hash "${FRAGMENTS[1]}")" \
	"${SERIES_KEYS[@]}" "$(file_hash "${BASH_SOURCE[0]}")")
key2=$(hash_of "$key1" "$(file_hash "$INIT_C")" "$(file_hash "$E2E_DIR/builtin-init.sh")")
TREE=$CACHE/kdump-tree
OUT=$CACHE/kdump-kernel-$key2

if [ "$mode" = build ] && [ -f "$OUT/vmlinux" ]; then
	echo "$OUT/vmlinux"
	exit 0
fi

# unpack DIR: a pristine source tree.
unpack() {
	mkdir -p "$1"
	log "unpacking $TARBALL into $1"
	tar -xJf "$TARBALL" -C "$1" --strip-components=1
}

# configure DIR: virt_defconfig + both fragments, initramfs from $OUT.
configure() {
	"${KMAKE[@]}" -C "$1" virt_defconfig >&2
	(cd "$1" && ARCH=m68k CROSS_COMPILE=$CROSS \
		scripts/kconfig/merge_config.sh -m .config "${FRAGMENTS[@]}" >&2)
	(cd "$1" && scripts/config --set-str INITRAMFS_SOURCE "$OUT/initramfs.list" \
		--enable INITRAMFS_COMPRESSION_NONE)
	"${KMAKE[@]}" -C "$1" olddefconfig >&2
}

# verify_config DIR [FRAGMENT...]: every "=y" line is set, every
# "is not set" line is off.
verify_config() {
	local dir=$1 bad=0 line opt f
	shift
	for f in "$@"; do
		while IFS= read -r line; do
			case $line in
			CONFIG_*=y)
				grep -qx "$line" "$dir/.config" || {
					log "option not set: $line"
					bad=1
				}
				;;
			"# CONFIG_"*" is not set")
				opt=${line#\# }
				opt=${opt%% *}
				if grep -qE "^$opt=[ym]" "$dir/.config"; then
					log "option should be off: $opt"
					bad=1
				fi
				;;
			esac
		done <"$f"
	done
	return $bad
}

build_init() {
	builtin_init "$OUT" "$OUT"
}

# patch_tree: bring $TREE to the current series, reverting the one it
# has; unpack afresh when there is no tree or a revert fails.
patch_tree() {
	local applied=$TREE/.kdump-applied p i
	[ "$(cat "$TREE/.kdump-key" 2>/dev/null)" = "$key1" ] && return 0
	rm -f "$TREE/.kdump-key"
	if [ -f "$applied/series" ]; then
		mapfile -t old < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$applied/series")
		for ((i = ${#old[@]} - 1; i >= 0; i--)); do
			log "reverting ${old[i]}"
			patch -d "$TREE" -p1 -R --batch --fuzz=0 --quiet <"$applied/${old[i]}" >&2 || {
				log "cannot revert ${old[i]}: starting from a fresh tree"
				rm -rf "$TREE"
				break
			}
		done
	else
		rm -rf "$TREE"
	fi
	[ -d "$TREE" ] || unpack "$TREE"
	rm -rf "$applied"
	mkdir -p "$applied"
	cp "$PATCHES/series" "$applied/"
	for p in "${SERIES[@]}"; do
		apply_patch "$TREE" "$PATCHES" "$p"
		cp "$PATCHES/$p" "$applied/"
	done
	build_init
	configure "$TREE"
	verify_config "$TREE" "${FRAGMENTS[@]}" ||
		die "the kernel configuration does not have what the fragments ask"
	echo "$key1" >"$TREE/.kdump-key"
}

build_kernel() {
	[ -f "$OUT/vmlinux" ] && return 0
	patch_tree
	build_init
	(cd "$TREE" && scripts/config --set-str INITRAMFS_SOURCE "$OUT/initramfs.list")
	"${KMAKE[@]}" -C "$TREE" olddefconfig >&2
	grep -qx "CONFIG_INITRAMFS_SOURCE=\"$OUT/initramfs.list\"" "$TREE/.config" ||
		die "CONFIG_INITRAMFS_SOURCE did not stick"
	log "building the patched vmlinux in $TREE (make -j2)"
	local t0=$SECONDS
	nice "${KMAKE[@]}" -C "$TREE" -j2 vmlinux >&2
	log "kernel built in $((SECONDS - t0)) s"
	rm -rf "$OUT.tmp"
	mkdir -p "$OUT.tmp"
	cp "$TREE/System.map" "$OUT.tmp/"
	cp "$TREE/.config" "$OUT.tmp/config"
	"${CROSS}strip" --strip-debug -o "$OUT.tmp/vmlinux.stripped" "$TREE/vmlinux"
	cp "$OUT.tmp/System.map" "$OUT.tmp/config" "$OUT.tmp/vmlinux.stripped" "$OUT/"
	# vmlinux last: its presence marks a complete output directory.
	cp "$TREE/vmlinux" "$OUT/vmlinux.part"
	mv "$OUT/vmlinux.part" "$OUT/vmlinux"
	rm -rf "$OUT.tmp"
	# Each output holds a 60 MB vmlinux: keep only this one.
	local d
	for d in "$CACHE"/kdump-kernel-*; do
		[ "$d" = "$OUT" ] || rm -rf "$d"
	done
}

# The bisect check works in a scratch tree, one locked step at a time so
# that other kernel builds can run in between.
SCRATCH=$CACHE/kdump-bisect

bisect_prepare() {
	rm -rf "$SCRATCH" "$SCRATCH.warnings"
	unpack "$SCRATCH"
	build_init
	configure "$SCRATCH"
}

# bisect_build I PATCH: apply PATCH (unless "(none)"), merge the fragments
# again (a patch may make options selectable), build; print PASS or FAIL.
# A build fails on an error or on more compiler warnings than before the
# series.
bisect_build() {
	local i=$1 p=$2 t0=$SECONDS warnings base
	if [ "$p" != "(none)" ]; then
		apply_patch "$SCRATCH" "$PATCHES" "$p"
		configure "$SCRATCH" 2>/dev/null
	fi
	if ! nice "${KMAKE[@]}" -C "$SCRATCH" -j2 vmlinux >"$SCRATCH.log" 2>&1; then
		echo "FAIL build $i $p: $(grep -m1 -E 'error|Error' "$SCRATCH.log")"
		return 1
	fi
	warnings=$(grep -c 'warning:' "$SCRATCH.log" || true)
	[ "$p" = "(none)" ] && echo "$warnings" >"$SCRATCH.warnings"
	base=$(cat "$SCRATCH.warnings")
	if [ "$warnings" -gt "$base" ]; then
		echo "FAIL build $i $p: $((warnings - base)) new compiler warnings: $(grep -m1 'warning:' "$SCRATCH.log")"
		return 1
	fi
	echo "PASS build $i $p ($((SECONDS - t0)) s)"
}

bisect_config() {
	if verify_config "$SCRATCH" "${FRAGMENTS[@]}"; then
		echo "PASS config after the series"
	else
		echo "FAIL config after the series"
		return 1
	fi
}

# each_patch: the full configuration, built before the series and after
# each patch of it.
each_patch() {
	local passed=0 failed=0 i=0 p
	with_lock kernel bisect_prepare
	for p in "(none)" "${SERIES[@]}"; do
		[ "$p" = "(none)" ] || i=$((i + 1))
		if with_lock kernel bisect_build "$i" "$p"; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
		fi
	done
	if bisect_config; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	rm -rf "$SCRATCH" "$SCRATCH.log" "$SCRATCH.warnings"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# One kernel build at a time on this machine, whoever asks.
if [ "$mode" = each ]; then
	each_patch
	exit
fi
with_lock kernel build_kernel
[ -f "$OUT/vmlinux" ] || die "no vmlinux in $OUT"
echo "$OUT/vmlinux"
