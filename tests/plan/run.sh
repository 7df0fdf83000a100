#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Plans of the REAL e2e kernel (built and cached by tests/e2e/build-kernel.sh)
# for the memory layouts of every machine, checked against the kernel's
# rules by an independent script.
set -euo pipefail
cd "$(dirname "$0")/../.."
make -s
vmlinux=$(bash tests/e2e/build-kernel.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tests/plan/check_plans.py build/host/kexec "$vmlinux" "$(dirname "$vmlinux")/System.map" "$work"
