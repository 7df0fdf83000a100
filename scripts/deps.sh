#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the host packages the build and the unit and dist tests need
# (Debian).
# Usage: scripts/deps.sh [extra-package...]
set -euo pipefail

pkgs=(make gcc libc6-dev zlib1g-dev liblzma-dev libzstd-dev gzip xz-utils zstd python3
	clang libclang-rt-14-dev valgrind
	shellcheck systemd man-db "$@")
missing=()
for p in "${pkgs[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >&2
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
