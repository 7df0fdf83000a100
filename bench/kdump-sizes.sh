#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What kdump-config's ways of saving a dump cost: for each of a plain copy
# (KDUMP_SKIP_ZERO=0), zero pages left out (the default), gzip and zstd,
# one crash (sysrq c, no pattern written: free memory as the kernel left
# it) through the service on each machine, saved to the machine's disk;
# prints the size of the saved dump and the capture kernel's time for the
# save, after a line with the date, the commit and the command. Figures
# go into bench/RESULTS.md by hand. About a minute a machine.
#
#   bench/kdump-sizes.sh                    QEMU virt and ARAnyM
#   KDUMP_MACHINES=virt bench/kdump-sizes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
echo "kdump sizes, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with changes)'), KDUMP_MACHINES=${KDUMP_MACHINES:-virt,aranym-fast} bench/kdump-sizes.sh"
KDUMP_MACHINES=${KDUMP_MACHINES:-virt,aranym-fast} bash tests/e2e/kdump.sh --sizes |
	grep -E '^\||FAIL'
