# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash disable=SC2034
# What the e2e scripts share (sourced, never run): the project's shell
# library (scripts/common.sh: log, die, packages, sources, hashes, locks)
# plus the e2e directory and the cross compiler's prefix.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/common.sh
. "$E2E_DIR/../../scripts/common.sh"
CROSS=m68k-linux-gnu-
