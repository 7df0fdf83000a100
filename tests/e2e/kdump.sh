#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The kdump proof (see kdump.py): builds the patched kernel
# (build-kdump-kernel.sh), a static m68k kexec and the guest helper, then
# crashes the patched kernel under QEMU and checks its dump. Ends with one
# line "N passed, M failed".
#
#   kdump.sh                       sysrq c and an oops on QEMU virt (dump
#                                  copied to a disk, checked on the host,
#                                  gdb backtrace), QEMU q800, ARAnyM and
#                                  Hatari's Falcon with a 68030 and a 68060
#                                  (ST-RAM or FastRAM first; checked in the
#                                  guest), what -p says on kernels
#                                  without crash support, and kdump as
#                                  a service (kdump-config: load, crash,
#                                  save to the disk, kexec back) on QEMU
#                                  virt and ARAnyM
#   KDUMP_MACHINES=virt kdump.sh   only some machines
#   KDUMP_ONLY=service kdump.sh    only some scenarios (sysrq, oops,
#                                  unsupported, service)
#   kdump.sh --measure 9728K,10M,12M  which crashkernel= sizes work
#   kdump.sh --sizes               the service's dump size and time for
#                                  each way of saving (bench/kdump-sizes.sh)
#   KDUMP_KEEP=1                   keep the work directory (logs, dumps)
set -euo pipefail
# shellcheck source=tests/e2e/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ROOT=$(cd "$E2E_DIR/../.." && pwd)

measure=
sizes=
if [ "${1:-}" = --measure ]; then
	measure=${2:?--measure wants sizes, e.g. 9728K,10M,12M}
elif [ "${1:-}" = --sizes ]; then
	sizes=1
fi
machines=${KDUMP_MACHINES:-virt,q800,aranym-fast,aranym-fastfirst,hatari-030-tt,hatari-030-ttfirst,hatari-060-tt,hatari-060-ttfirst}

ensure_packages qemu-system-misc python3 gdb-multiarch gcc-m68k-linux-gnu libc6-dev-m68k-cross \
	e2fsprogs zstd
case $machines in
*aranym*) ensure_packages aranym ;;
esac
hatari=
case $machines in
*hatari*) hatari=$(bash "$E2E_DIR/build-hatari.sh") ;;
esac

VMLINUX=$(bash "$E2E_DIR/build-kdump-kernel.sh")
KDIR=$(dirname "$VMLINUX")
# The stock kernel shows what -p says without crash support; optional.
STOCK=$(bash "$E2E_DIR/build-kernel.sh" 2>/dev/null) || STOCK=

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kdump.XXXXXX")
if [ -z "${KDUMP_KEEP:-}" ]; then
	trap 'rm -rf "$WORK"' EXIT
else
	log "keeping $WORK"
fi

log "building a static m68k kexec, vmcore-dmesg, kdump-config and kdump-helper"
make -s -C "$ROOT" CROSS_COMPILE="$CROSS" STATIC=1 NO_ZLIB=1 NO_LZMA=1 NO_ZSTD=1 \
	BUILD="$WORK/m68k" "$WORK/m68k/kexec" "$WORK/m68k/vmcore-dmesg" >&2
"${CROSS}strip" "$WORK/m68k/kexec" "$WORK/m68k/vmcore-dmesg"
# The service as a user installs it: with zlib and libzstd (KDUMP_COMPRESS).
deps=$("$E2E_DIR/build-cross-libs.sh")
make -s -C "$ROOT" CROSS_COMPILE="$CROSS" STATIC=1 DEPS="$deps" BUILD="$WORK/m68k-deps" \
	"$WORK/m68k-deps/kdump-config" "$WORK/m68k-deps/kexec" >&2
"${CROSS}strip" "$WORK/m68k-deps/kdump-config" "$WORK/m68k-deps/kexec"
"${CROSS}gcc" -static -Os -Wall -Wextra -o "$WORK/kdump-helper" "$E2E_DIR/kdump-helper.c"
"${CROSS}strip" "$WORK/kdump-helper"

args=(--kernel "$VMLINUX" --stripped "$KDIR/vmlinux.stripped"
	--system-map "$KDIR/System.map" --kexec "$WORK/m68k/kexec"
	--helper "$WORK/kdump-helper" --vmcore-dmesg "$WORK/m68k/vmcore-dmesg"
	--kdump-config "$WORK/m68k-deps/kdump-config"
	--workdir "$WORK" --machines "$machines")
[ -n "$STOCK" ] && args+=(--stock "$STOCK")
[ -n "$hatari" ] && args+=(--hatari "$hatari")
[ -n "${KDUMP_ONLY:-}" ] && args+=(--only "$KDUMP_ONLY")
if [ -n "$measure" ]; then
	args+=(--measure "$measure")
elif [ -n "$sizes" ]; then
	args+=(--sizes)
else
	args+=(--gdb)
fi
python3 "$E2E_DIR/kdump.py" "${args[@]}"
