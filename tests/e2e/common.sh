# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash disable=SC2034
# Helpers shared by the e2e scripts (sourced, never run).

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${M68K_KEXEC_CACHE:-$HOME/.cache/m68k-kexec}
CROSS=m68k-linux-gnu-

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ensure_packages PKG...: apt-get install whatever is not installed yet.
# apt-get update runs at most once per process, and only when needed.
_e2e_apt_updated=
ensure_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	if [ -z "$_e2e_apt_updated" ]; then
		$sudo apt-get update >&2 || die "apt-get update failed"
		_e2e_apt_updated=1
	fi
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
		die "cannot install ${missing[*]}"
}

# pkg_version PKG: the installed version of a Debian package.
pkg_version() { dpkg-query -W -f='${Version}' "$1"; }

# hash_of STRING...: short stable hash of the arguments (file contents are
# passed by the caller as "$(cat FILE)" or via sha256sum of the file).
hash_of() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }

# file_hash FILE: sha256 of a file's contents.
file_hash() { sha256sum "$1" | cut -d' ' -f1; }

# with_lock NAME CMD...: run CMD holding an exclusive lock in the cache, so
# two runs never build the same thing (or two kernels) at once.
with_lock() {
	local name=$1; shift
	mkdir -p "$CACHE"
	(
		flock 9
		"$@"
	) 9>"$CACHE/$name.lock"
}
