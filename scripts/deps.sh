#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the host packages the build and the unit and dist tests need
# (Debian).
# Usage: scripts/deps.sh [extra-package...]
# shellcheck source=scripts/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_packages make gcc libc6-dev zlib1g-dev liblzma-dev libzstd-dev gzip xz-utils \
	zstd python3 clang libclang-rt-14-dev valgrind shellcheck systemd man-db bash-completion \
	cpio e2fsprogs "$@"
