#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Reboot the way a Debian user does (see rootfs.py): a root filesystem
# with a real init and Debian's boot scripts (build-rootfs.sh), our files
# installed into it by "make install install-integration DESTDIR=", the
# patched kernel (build-kdump-kernel.sh); then reboots under QEMU virt and
# ARAnyM, each checked by what the next kernel saw. Ends with one line
# "N passed, M failed".
#
#   rootfs.sh                       every scenario on virt and aranym-fast
#   ROOTFS_MACHINES=virt rootfs.sh  only some machines
#   ROOTFS_ONLY=kexec,kdump         only some scenarios
#   ROOTFS_KEEP=1                   keep the work directory (logs, disks)
set -euo pipefail
# shellcheck source=tests/e2e/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ROOT=$(cd "$E2E_DIR/../.." && pwd)

machines=${ROOTFS_MACHINES:-virt,aranym-fast}
ensure_packages qemu-system-misc python3 gcc-m68k-linux-gnu libc6-dev-m68k-cross \
	e2fsprogs cpio
case $machines in
*aranym*) ensure_packages aranym ;;
esac

BASE=$(bash "$E2E_DIR/build-rootfs.sh")
VMLINUX=$(bash "$E2E_DIR/build-kdump-kernel.sh")
KDIR=$(dirname "$VMLINUX")
DEPS=$(bash "$E2E_DIR/build-cross-libs.sh")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rootfs.XXXXXX")
if [ -z "${ROOTFS_KEEP:-}" ]; then
	trap 'rm -rf "$WORK"' EXIT
else
	log "keeping $WORK"
fi

# What a user on m68k does: build, then install the programs and the
# integration into the root.
log "installing m68k-kexec into the root (make install install-integration)"
make -s -C "$ROOT" CROSS_COMPILE="$CROSS" STATIC=1 DEPS="$DEPS" BUILD="$WORK/m68k" \
	DESTDIR="$WORK/install" install install-integration >"$WORK/install.log"
for f in kexec bootinfo vmcore-dmesg kdump-config; do
	"${CROSS}strip" "$WORK/install/usr/sbin/$f"
done

args=(--kernel "$VMLINUX" --stripped "$KDIR/vmlinux.stripped"
	--base "$BASE/tree" --insserv "$BASE/insserv" --install "$WORK/install"
	--workdir "$WORK" --machines "$machines")
[ -n "${ROOTFS_ONLY:-}" ] && args+=(--only "$ROOTFS_ONLY")
python3 "$E2E_DIR/rootfs.py" "${args[@]}"
