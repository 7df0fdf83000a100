#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# install.sh DESTDIR MANIFEST COMMAND ... - install files and remember them,
# for the Makefile's install, install-integration and uninstall rules.
#
#   file MODE DIR SRC...  install each SRC into DIR
#   as MODE PATH SRC      install SRC as PATH
#   new MODE PATH SRC     the same unless PATH exists already (a
#                         configuration file: then left alone, not recorded)
#   uninstall             remove what the manifest lists, then the manifest
#
# A SRC ending in .in is installed without the suffix, with @SBINDIR@,
# @PKGLIBEXECDIR@ and @SYSCONFDIR@ replaced by the environment's SBINDIR,
# PKGLIBEXECDIR and SYSCONFDIR.
#
# PATH, DIR and MANIFEST are absolute and without DESTDIR.  The manifest,
# DESTDIR/MANIFEST, has one line per thing installed: "file PATH",
# "dir PATH" for a directory the install created, "config CRC SIZE PATH"
# (cksum) for a configuration file.  uninstall removes the files, the
# configuration files still as installed (a changed one is kept, and said
# so), then the manifest, then the directories it created that are empty.

set -eu

die() {
	echo "install.sh: $*" >&2
	exit 1
}

[ $# -ge 3 ] || die "usage: install.sh DESTDIR MANIFEST COMMAND ..."
destdir=$1
manifest=$2
cmd=$3
shift 3

case $manifest in
/*) ;;
*) die "MANIFEST must be absolute: $manifest" ;;
esac

record() {
	if [ ! -e "$destdir$manifest" ] || ! grep -qxF "$1" "$destdir$manifest"; then
		echo "$1" >>"$destdir$manifest"
		chmod 0644 "$destdir$manifest"
	fi
}

# Print "dir PATH" for each directory it creates, parents first; DESTDIR
# itself is made when missing but is not the install's.
mkdirs() {
	[ -d "$destdir$1" ] && return 0
	if [ "$1" = / ]; then
		mkdir -p "$destdir/"
		return
	fi
	mkdirs "$(dirname "$1")" || return 1
	mkdir -m 0755 "$destdir$1" || return 1
	echo "dir $1"
}

ensure_dir() {
	created=$(mkdirs "$1") || die "cannot create $destdir$1"
	if [ -n "$created" ]; then
		printf '%s\n' "$created" | while read -r line; do
			record "$line"
		done
	fi
}

# put MODE PATH SRC: install SRC as DESTDIR/PATH, filling in a .in file.
put() {
	case $2 in
	/*[[:space:]]*) die "no blanks in installed paths: $2" ;;
	/*) ;;
	*) die "not absolute: $2" ;;
	esac
	ensure_dir "$(dirname "$2")"
	echo "install -m $1 $3 $destdir$2"
	case $3 in
	*.in)
		: "${SBINDIR:?}" "${PKGLIBEXECDIR:?}" "${SYSCONFDIR:?}"
		tmp=$destdir$2.tmp.$$
		sed -e "s|@SBINDIR@|$SBINDIR|g" -e "s|@PKGLIBEXECDIR@|$PKGLIBEXECDIR|g" \
			-e "s|@SYSCONFDIR@|$SYSCONFDIR|g" "$3" >"$tmp"
		left=$(grep -o '@[A-Z]*@' "$tmp" | sort -u | tr '\n' ' ')
		if [ -n "$left" ]; then
			rm -f "$tmp"
			die "$3: placeholders left: $left"
		fi
		chmod "$1" "$tmp"
		mv -f "$tmp" "$destdir$2"
		;;
	*)
		install -m "$1" "$3" "$destdir$2"
		;;
	esac
}

installed_name() {
	basename "$1" .in
}

if [ "$cmd" = uninstall ]; then
	[ $# -eq 0 ] || die "usage: install.sh DESTDIR MANIFEST uninstall"
	m=$destdir$manifest
	if [ ! -f "$m" ]; then
		echo "install.sh: no $m: nothing to uninstall" >&2
		exit 0
	fi
	while read -r kind a b c; do
		case $kind in
		file)
			echo "rm -f $destdir$a"
			rm -f "$destdir$a"
			;;
		config)
			if [ -e "$destdir$c" ] && [ "$(cksum <"$destdir$c")" != "$a $b" ]; then
				echo "kept $destdir$c: changed since it was installed"
			else
				echo "rm -f $destdir$c"
				rm -f "$destdir$c"
			fi
			;;
		dir) ;;
		*) echo "install.sh: $m: skipping unknown line: $kind $a" >&2 ;;
		esac
	done <"$m"
	dirs=$(sed -n 's/^dir //p' "$m" | sort -r)
	echo "rm -f $m"
	rm -f "$m"
	for d in $dirs; do
		rmdir "$destdir$d" 2>/dev/null || true
	done
	exit 0
fi

ensure_dir "$(dirname "$manifest")"
case $cmd in
file)
	[ $# -ge 2 ] || die "usage: install.sh DESTDIR MANIFEST file MODE DIR [SRC...]"
	mode=$1
	dir=$2
	shift 2
	for src in "$@"; do
		path=$dir/$(installed_name "$src")
		put "$mode" "$path" "$src"
		record "file $path"
	done
	;;
as)
	[ $# -eq 3 ] || die "usage: install.sh DESTDIR MANIFEST as MODE PATH SRC"
	put "$1" "$2" "$3"
	record "file $2"
	;;
new)
	[ $# -eq 3 ] || die "usage: install.sh DESTDIR MANIFEST new MODE PATH SRC"
	if [ -e "$destdir$2" ] || [ -L "$destdir$2" ]; then
		echo "kept $destdir$2: it exists"
	else
		put "$1" "$2" "$3"
		record "config $(cksum <"$destdir$2") $2"
	fi
	;;
*)
	die "unknown command: $cmd"
	;;
esac
