#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# build-deb.sh [OUTDIR] - build the Debian package (make deb).
#
# Builds in a copy of the tree (without build/, .git and what .gitignore
# names), so "debian/rules clean" cannot touch your build/ and nothing is
# left in the checkout; runs lintian on the result and copies the .deb,
# .buildinfo and .changes to OUTDIR (default: the checkout's parent).
# Needs dpkg-dev, debhelper, lintian and the Build-Depends.

set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
out=$(cd "${1:-$src/..}" && pwd)
version=$(cd "$src" && dpkg-parsechangelog -S Version)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
tree=$work/m68k-kexec-$version
mkdir "$tree"
tar -C "$src" --exclude=./build --exclude-vcs --exclude-vcs-ignores -cf - . |
	tar -C "$tree" -xf -

(cd "$tree" && dpkg-buildpackage -us -uc -b)

changes=$(ls "$work"/*.changes)
lintian -I --fail-on error,warning "$changes"

for f in "$work"/*.deb "$work"/*.buildinfo "$changes"; do
	cp "$f" "$out/"
	echo "build-deb.sh: $out/$(basename "$f")"
done
