#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The end-to-end suite: boot Linux/m68k under QEMU (virt, q800), ARAnyM
# and Hatari (68030, 68040, 68060), run our kexec in the guest, check what
# every kernel reports.
#
# Usage: tests/e2e/run.sh [--list] [REGEX...]   (REGEX over SCENARIO@MACHINE)
#        E2E_STOCK=kernel|hatari|both tests/e2e/run.sh ...   unpatched
# Builds what is missing (kernel, m68k libraries, m68k kexec), then prints
# "PASS name" / "FAIL name: reason" per test and "N passed, M failed".
# Logs: $CACHE/logs/ (one per test, the whole console).
set -euo pipefail
# shellcheck source=tests/e2e/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
REPO=$(cd "$E2E_DIR/../.." && pwd)

ensure_packages qemu-system-misc aranym cpio gzip xz-utils zstd python3 coreutils \
	findutils e2fsprogs gcc-m68k-linux-gnu libc6-dev-m68k-cross binutils-m68k-linux-gnu make

t0=$SECONDS
# E2E_STOCK=kernel, hatari or both: without our patches (the measurements
# that show what the patches fix, tests/e2e/README.md).
kstock=() hstock=()
case ${E2E_STOCK:-} in
"") ;;
kernel) kstock=(--stock) ;;
hatari) hstock=(--stock) ;;
both) kstock=(--stock) hstock=(--stock) ;;
*) die "E2E_STOCK is kernel, hatari or both, not '$E2E_STOCK'" ;;
esac
kernel=$("$E2E_DIR/build-kernel.sh" "${kstock[@]}")
hatari=$("$E2E_DIR/build-hatari.sh" "${hstock[@]}")
deps=$("$E2E_DIR/build-cross-libs.sh")

# The loader and the bootinfo tool, static for m68k, with the decoders.
kexec=$REPO/build/m68k/kexec
bootinfo=$REPO/build/m68k/bootinfo
if ! make -C "$REPO" CROSS_COMPILE="$CROSS" STATIC=1 DEPS="$deps" >&2; then
	log "the m68k build of kexec failed: only the plain boots can run"
	kexec=
fi
[ -z "$kexec" ] || [ -x "$kexec" ] || kexec=
[ -n "$kexec" ] && [ -x "$bootinfo" ] || bootinfo=

work=$CACHE/e2e-work
logs=$CACHE/logs
rm -rf "$work" "$logs"
mkdir -p "$work" "$logs"

# The same init, as the /init of the initrds given to second kernels.
"${CROSS}gcc" -static -Os -Wall -Wextra -o "$work/init-initrd" "$E2E_DIR/init.c" \
	-DE2E_ORIGIN='"initrd"'
"${CROSS}strip" "$work/init-initrd"
log "inputs ready in $((SECONDS - t0)) s"

set +e
python3 "$E2E_DIR/e2e.py" --kernel "$kernel" --hatari "$hatari" ${kexec:+--kexec "$kexec"} \
	${bootinfo:+--bootinfo "$bootinfo"} \
	--init-initrd "$work/init-initrd" --workdir "$work" --logdir "$logs" "$@"
rc=$?
set -e
log "suite took $((SECONDS - t0)) s"
exit $rc
