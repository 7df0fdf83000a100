#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build (once) the Linux/m68k kernel the e2e tests boot, and print the path
# of its vmlinux on stdout. Progress goes to stderr.
#
# The kernel is virt_defconfig + kernel.config, built from Debian's
# linux-source-6.12 with the fixes to the kexec path applied (the patches
# of kernel/patches/series before its "# kdump" line), with a built-in
# initramfs holding only the static test init (init.c) as /init.
#
#   build-kernel.sh           that kernel
#   build-kernel.sh --stock   the same without the fixes: what they fix
#                             is measured against this one
# An external initrd (QEMU -initrd, ARAnyM Ramdisk,
# kexec --initrd) is unpacked over it, so a kernel kexec'ed without an
# initrd still runs /init and reports what it received.
#
# Cache (outside the repository), under ${M68K_KEXEC_CACHE:-~/.cache/m68k-kexec}:
#   kernel-tree-<k1>/  unpacked, patched, configured build tree; k1 =
#                      source version, fragment, the fixes (names and
#                      contents) and this script. Kept, so that a change to
#                      init.c only rebuilds the initramfs and relinks. One
#                      tree of each variant (fixed, stock) is kept.
#   kernel-<k2>/       vmlinux, System.map, .config, init, initramfs.list,
#                      PATCHES; k2 = k1 + init.c. A run whose k2 exists
#                      costs nothing.
set -euo pipefail
# shellcheck source=tests/e2e/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=tests/e2e/builtin-init.sh
. "$E2E_DIR/builtin-init.sh"

SRC_PKG=linux-source-6.12
TARBALL=/usr/src/linux-source-6.12.tar.xz
FRAGMENT=$E2E_DIR/kernel.config
INIT_C=$E2E_DIR/init.c
PATCHES=$(cd "$E2E_DIR/../../kernel/patches" && pwd)
KMAKE=(make ARCH=m68k "CROSS_COMPILE=$CROSS")

variant=fixed
case ${1:-} in
--stock) variant=stock ;;
"") ;;
*) die "usage: ${0##*/} [--stock]" ;;
esac

ensure_packages gcc-m68k-linux-gnu libc6-dev-m68k-cross "$SRC_PKG" make gcc \
	libc6-dev bc bison flex libssl-dev libelf-dev perl cpio xz-utils util-linux patch

# The fixes: the series up to its "# kdump" line.
SERIES=() SERIES_KEYS=()
[ "$variant" != fixed ] || load_series "$PATCHES" kdump

key1=$(hash_of "$SRC_PKG $(pkg_version "$SRC_PKG")" "$(file_hash "$FRAGMENT")" \
	"${SERIES_KEYS[@]}" "$(file_hash "${BASH_SOURCE[0]}")")
key2=$(hash_of "$key1" "$(file_hash "$INIT_C")" "$(file_hash "$E2E_DIR/builtin-init.sh")")
if [ "$variant" = fixed ]; then
	name=kernel
else
	name=kernel-stock
fi
TREE=$CACHE/$name-tree-$key1
OUT=$CACHE/$name-$key2

if [ -f "$OUT/vmlinux" ]; then
	echo "$OUT/vmlinux"
	exit 0
fi

# configure_tree: unpack and configure once; .configured marks success.
configure_tree() {
	[ -f "$TREE/.configured" ] && return 0
	# A tree is about 2 GB: keep only the current one of this variant.
	rm -rf "$CACHE/$name-tree-"*
	mkdir -p "$TREE"
	log "unpacking $TARBALL into $TREE"
	tar -xJf "$TARBALL" -C "$TREE" --strip-components=1
	local p
	for p in "${SERIES[@]}"; do
		apply_patch "$TREE" "$PATCHES" "$p"
	done
	log "configuring: virt_defconfig + ${FRAGMENT##*/}"
	"${KMAKE[@]}" -C "$TREE" virt_defconfig >&2
	# The initramfs source is set per init.c later; an empty list for now.
	(cd "$TREE" && ARCH=m68k CROSS_COMPILE=$CROSS \
		scripts/kconfig/merge_config.sh -m .config "$FRAGMENT" >&2)
	"${KMAKE[@]}" -C "$TREE" olddefconfig >&2
	verify_config
	touch "$TREE/.configured"
}

# verify_config: every option of the fragment must be exactly as asked.
verify_config() {
	local bad=0 line opt
	while IFS= read -r line; do
		case $line in
		CONFIG_*=y)
			grep -qx "$line" "$TREE/.config" || {
				log "option not set: $line (got: $(grep -E "^(# )?${line%%=*}[= ]" "$TREE/.config" || echo absent))"
				bad=1
			}
			;;
		"# CONFIG_"*" is not set")
			opt=${line#\# }; opt=${opt%% *}
			if grep -qE "^$opt=[ym]" "$TREE/.config"; then
				log "option should be off: $opt"
				bad=1
			fi
			;;
		esac
	done <"$FRAGMENT"
	[ $bad -eq 0 ] || die "the kernel configuration does not have what kernel.config asks"
}

build_init() {
	builtin_init "$OUT.tmp" "$OUT"
}

build_kernel() {
	[ -f "$OUT/vmlinux" ] && return 0
	configure_tree
	rm -rf "$OUT.tmp"
	build_init
	# The list names $OUT/init: move the init there before the build reads it.
	mkdir -p "$OUT"
	cp "$OUT.tmp/init" "$OUT.tmp/initramfs.list" "$OUT/"
	(cd "$TREE" && scripts/config --set-str INITRAMFS_SOURCE "$OUT/initramfs.list" \
		--enable INITRAMFS_COMPRESSION_NONE)
	"${KMAKE[@]}" -C "$TREE" olddefconfig >&2
	verify_config
	grep -qx "CONFIG_INITRAMFS_SOURCE=\"$OUT/initramfs.list\"" "$TREE/.config" ||
		die "CONFIG_INITRAMFS_SOURCE did not stick"
	log "building vmlinux in $TREE (make -j2)"
	local t0=$SECONDS
	nice "${KMAKE[@]}" -C "$TREE" -j2 vmlinux >&2
	log "kernel built in $((SECONDS - t0)) s"
	cp "$TREE/vmlinux" "$TREE/System.map" "$OUT.tmp/"
	cp "$TREE/.config" "$OUT.tmp/config"
	printf '%s\n' "${SERIES[@]}" >"$OUT.tmp/PATCHES"
	# vmlinux last: its presence marks a complete output directory.
	cp "$OUT.tmp/System.map" "$OUT.tmp/config" "$OUT.tmp/PATCHES" "$OUT/"
	cp "$OUT.tmp/vmlinux" "$OUT/vmlinux.part"
	mv "$OUT/vmlinux.part" "$OUT/vmlinux"
	rm -rf "$OUT.tmp"
}

# One kernel build at a time on this machine, whoever asks.
with_lock kernel build_kernel
[ -f "$OUT/vmlinux" ] || die "no vmlinux in $OUT"
echo "$OUT/vmlinux"
