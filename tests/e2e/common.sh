# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash disable=SC2034
# What the e2e scripts share (sourced, never run): the project's shell
# library (scripts/common.sh: log, die, packages, sources, hashes, locks)
# plus the e2e directory and the cross compiler's prefix.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/common.sh
. "$E2E_DIR/../../scripts/common.sh"
CROSS=m68k-linux-gnu-

# series_patches DIR [STOP]: the patches DIR/series names, in order, one a
# line (comments and blank lines skipped; with STOP, only those before
# the first line that starts with "# STOP"). Dies when the series names
# none or a file that is not in DIR: call it as x=$(series_patches ...),
# never in a process substitution, which would hide that.
series_patches() {
	local dir=$1 stop=${2:-} names p
	[ -f "$dir/series" ] || die "no series file in $dir"
	names=$(awk -v stop="${stop:+# $stop}" '
		stop != "" && index($0, stop) == 1 { exit }
		{ sub(/#.*/, ""); if ($1 != "") print $1 }' "$dir/series")
	[ -n "$names" ] || die "no patches in $dir/series${stop:+ before \"# $stop\"}"
	for p in $names; do
		[ -f "$dir/$p" ] || die "$dir/series names $p, which is not in $dir"
	done
	echo "$names"
}

# patch_keys DIR NAME...: "NAME SHA256" per patch, for a cache key.
patch_keys() {
	local dir=$1 p
	shift
	for p in "$@"; do
		echo "$p $(file_hash "$dir/$p")"
	done
}

# load_series DIR [STOP]: the patches DIR/series names (up to the line
# "# STOP") in the array SERIES, and "NAME SHA256" of each in SERIES_KEYS,
# for a cache key.
load_series() {
	local names keys
	names=$(series_patches "$@")
	mapfile -t SERIES <<<"$names"
	keys=$(patch_keys "$1" "${SERIES[@]}")
	mapfile -t SERIES_KEYS <<<"$keys"
}

# apply_patch TREE DIR NAME: one patch, refusing fuzz; dies when it does
# not apply.
apply_patch() {
	log "applying $3"
	patch -d "$1" -p1 --batch --forward --fuzz=0 --quiet <"$2/$3" >&2 ||
		die "$3 does not apply to $1"
}
