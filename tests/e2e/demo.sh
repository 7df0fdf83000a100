#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# For a person to watch: boot Linux/m68k under QEMU virt, load a second
# kernel with our kexec, boot into it. demo.py shows the steps (the first
# kernel's banner and command line, `kexec -d -l` with its plan, `kexec -e`,
# the second kernel's banner and command line) and ends with one line that
# says whether it worked; its exit status says the same. The whole console
# is kept in a log file (named at the end).
#
# Usage: tests/e2e/demo.sh [EXTRA WORDS FOR THE SECOND KERNEL'S COMMAND LINE]
set -euo pipefail
# shellcheck source=tests/e2e/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
REPO=$(cd "$E2E_DIR/../.." && pwd)

ensure_packages qemu-system-misc cpio python3 gcc-m68k-linux-gnu libc6-dev-m68k-cross \
	binutils-m68k-linux-gnu make
kernel=$("$E2E_DIR/build-kernel.sh")
deps=$("$E2E_DIR/build-cross-libs.sh")
make -C "$REPO" CROSS_COMPILE="$CROSS" STATIC=1 DEPS="$deps" >&2
extra=${*:-demo=second-kernel}

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/files/e2e"
cp "$REPO/build/m68k/kexec" "$root/files/kexec"
cp "$kernel" "$root/files/vmlinux"
"${CROSS}strip" "$root/files/kexec" "$root/files/vmlinux"
cat >"$root/files/e2e/stage0" <<STAGE
run /kexec -d -l /vmlinux --reuse-cmdline "--append=$extra"
run /kexec -e
STAGE
(cd "$root/files" && find . -mindepth 1 | sort | cpio --quiet -o -H newc -R 0:0) >"$root/initrd.cpio"

echo "demo: booting Linux/m68k on QEMU virt; it will kexec into a second kernel" >&2
mkdir -p "$CACHE/logs"
python3 "$E2E_DIR/demo.py" --extra "$extra" --log "$CACHE/logs/demo.log" -- \
	timeout 120 qemu-system-m68k -M virt -m 128M -nographic -monitor none -no-reboot \
	-kernel "$kernel" -initrd "$root/initrd.cpio" -append "console=ttyGF0 e2e=demo"
