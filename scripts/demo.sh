#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job, for a person to watch: boot Linux/m68k under QEMU, kexec
# into a second kernel, show its banner and command line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
exec bash tests/e2e/demo.sh "$@"
