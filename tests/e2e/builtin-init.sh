# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# The built-in initramfs of the test kernels (sourced by build-kernel.sh and
# build-kdump-kernel.sh, whose second cache key includes this file): the
# static test init (init.c) and the gen_init_cpio list that holds it.
#
# The list has what the kernel's own default initramfs has (/dev,
# /dev/console, /root: where root= is mounted when the initramfs has no
# init to run, as with rdinit=/none in rootfs.py) and /proc, /sys and
# /tmp for the test init.

# builtin_init DIR FINAL: write DIR/init and DIR/initramfs.list; the list
# names the init as FINAL/init, where DIR ends up.
builtin_init() {
	local dir=$1 final=$2
	mkdir -p "$dir"
	"${CROSS}gcc" -static -Os -Wall -Wextra -o "$dir/init" "$INIT_C" \
		-DE2E_ORIGIN='"builtin"'
	"${CROSS}strip" "$dir/init"
	cat >"$dir/initramfs.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /root 0700 0 0
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /tmp 1777 0 0
file /init $final/init 0755 0 0
LIST
}
