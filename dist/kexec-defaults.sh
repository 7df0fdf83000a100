# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# kexec-defaults.sh - read /etc/default/kexec as Debian's kexec-tools does,
# sourced by kexec-load and kexec-exec.
#
# read_kexec_defaults FILE: source FILE, when readable, then every snippet
# in the directory FILE.d (/etc/default/kexec.d) in the order and by the
# rule of "run-parts --list", which kexec-tools uses: names made only of
# letters, digits, "_" and "-" (so no "x.conf", "x.dpkg-old" or "x~"),
# regular files (or links to them), sorted bytewise (the C locale).  A
# snippet that cannot be read is skipped with a message on stderr.
# Sets kexec_sources to what was read, "FILE, FILE.d/NAME, ...", for
# messages (or FILE alone when nothing was read).

read_kexec_defaults() {
	kexec_sources=
	if [ -r "$1" ]; then
		# shellcheck source=/dev/null
		. "$1"
		kexec_sources=$1
	fi
	[ -d "$1.d" ] || {
		kexec_sources=${kexec_sources:-$1}
		return 0
	}
	# The names have no blanks, so one per line is safe; read in this
	# shell (not a pipe) so that the variables the snippets set stay.
	_kd_list=$(
		for _kd_f in "$1.d"/*; do
			case ${_kd_f##*/} in
			"" | *[!ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-]*) continue ;;
			esac
			[ -f "$_kd_f" ] && printf '%s\n' "${_kd_f##*/}"
		done | LC_ALL=C sort
	)
	for _kd_name in $_kd_list; do
		_kd_f=$1.d/$_kd_name
		if [ ! -r "$_kd_f" ]; then
			echo "${0##*/}: $_kd_f: not readable, skipped" >&2
			continue
		fi
		# shellcheck source=/dev/null
		. "$_kd_f"
		kexec_sources="${kexec_sources:+$kexec_sources, }$_kd_f"
	done
	kexec_sources=${kexec_sources:-$1}
	unset _kd_list _kd_f _kd_name
}
