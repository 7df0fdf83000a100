#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build (once) the base of the guest root filesystem that rootfs.py boots:
# a real init and the Debian boot scripts, and print its directory on
# stdout. It holds
#   tree/      the root: /bin/busybox (static, m68k) and its applet links,
#              Debian's sysv-rc (/etc/init.d/rc, rcS), initscripts (the
#              runlevel S, 0 and 6 scripts: mountall, sendsigs, umountfs,
#              umountroot, reboot, ...), /bin/startpar (static, m68k:
#              sysv-rc's rc runs the scripts through it, in the order
#              insserv's .depend files give), /etc/insserv.conf, the shell
#              parts of sysvinit-utils (/lib/lsb/init-functions,
#              /lib/init/vars.sh)
#   insserv    Debian's insserv for this host, to order the links in
#              rc?.d from the scripts' LSB headers as update-rc.d does
#
# Where each comes from (tests/e2e/README.md, "A root filesystem with a
# real init", says why):
#   busybox    built from Debian's busybox source package with Debian's own
#              busybox-static configuration (debian/config/pkg/static),
#              plus the applets that Debian takes from other packages and
#              the boot scripts call (mountpoint, killall5, runlevel). Its
#              init is PID 1: Debian's sysvinit source is not served by the
#              package registry, in any version.
#   startpar   built from Debian's startpar source package (its C
#              files; the Makefile's C++ compile test is left out).
#   the rest   Debian's binary packages of this host's release: the boot
#              scripts are architecture-independent shell, the same in
#              every architecture's package; no binary from them is put in
#              the root.
#
# Cache, under ${M68K_KEXEC_CACHE:-~/.cache/m68k-kexec}:
#   rootfs-<key>/  key = busybox's source version, the versions of the
#                  binary packages and this script. Exists => nothing to do.
set -euo pipefail
# shellcheck source=tests/e2e/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DEBS=(sysv-rc initscripts sysvinit-utils insserv)
# On top of Debian's busybox-static configuration: what Debian installs
# from util-linux, e2fsprogs and sysvinit-utils and the scripts in the
# root call (checkfs.sh runs fsck -A, which finds nothing to check).
BUSYBOX_EXTRA=(CONFIG_MOUNTPOINT=y CONFIG_KILLALL5=y CONFIG_RUNLEVEL=y CONFIG_FSCK=y)

ensure_packages gcc-m68k-linux-gnu libc6-dev-m68k-cross make dpkg-dev

# candidate PKG: the version apt would install here (the lists are the
# host's; ensure_packages has made sure they exist).
candidate() {
	apt-cache policy "$1" | awk '$1 == "Candidate:" { print $2 }'
}

build_busybox() {
	local src=$1 b=$2 tree=$3 opt
	mkdir -p "$b"
	# As debian/rules does: the configuration, then oldconfig; later
	# lines win, so ours go last.
	cp "$src/debian/config/pkg/static" "$b/.config"
	for opt in "${BUSYBOX_EXTRA[@]}"; do
		sed -i "/^# ${opt%%=*} is not set\$/d; /^${opt%%=*}=/d" "$b/.config"
		echo "$opt" >>"$b/.config"
	done
	# (yes dies of SIGPIPE when oldconfig is done: not a failure)
	{ yes "" || :; } | make -C "$src" O="$b" CROSS_COMPILE="$CROSS" oldconfig >/dev/null
	for opt in "${BUSYBOX_EXTRA[@]}" CONFIG_STATIC=y CONFIG_INIT=y; do
		grep -qx "$opt" "$b/.config" || die "busybox: $opt did not stay in the configuration"
	done
	make -C "$b" -j2 CROSS_COMPILE="$CROSS" busybox busybox.links >&2
	install -D -m 755 "$b/busybox" "$tree/bin/busybox"
	"${CROSS}strip" "$tree/bin/busybox"
	# The links "busybox --install -s" would make, from the list the
	# build writes (this host cannot run the m68k binary).
	local link
	while read -r link; do
		if [ -e "$tree$link" ] || [ -L "$tree$link" ]; then
			continue
		fi
		mkdir -p "$tree$(dirname "$link")"
		ln -s /bin/busybox "$tree$link"
	done <"$b/busybox.links"
}

build_startpar() {
	local src=$1 b=$2 tree=$3
	cp -a "$src" "$b"
	make -C "$b" CC="${CROSS}gcc" OBJS="startpar.o makeboot.o proc.o" \
		EXTRALDFLAGS=-static startpar >&2
	install -D -m 755 "$b/startpar" "$tree/bin/startpar"
	"${CROSS}strip" "$tree/bin/startpar"
}

# unpack_debs DIR TREE INSSERV: the scripts of the packages, and the host's
# insserv binary.
unpack_debs() {
	local dir=$1 tree=$2 out=$3 x=$1/x deb
	for deb in "$dir"/*.deb; do
		rm -rf "$x"
		dpkg-deb -x "$deb" "$x"
		case ${deb##*/} in
		insserv_*)
			install -m 755 "$x/sbin/insserv" "$out/insserv"
			install -D -m 644 "$x/etc/insserv.conf" "$tree/etc/insserv.conf"
			;;
		sysvinit-utils_*)
			# Shell only: the binaries are this host's architecture.
			mkdir -p "$tree/lib/lsb" "$tree/lib/init"
			cp -a "$x/lib/lsb/." "$tree/lib/lsb/"
			cp -a "$x/lib/init/vars.sh" "$x/lib/init/init-d-script" "$tree/lib/init/"
			;;
		*)
			rm -rf "$x/usr/share/doc" "$x/usr/share/man" "$x/usr/share/lintian"
			cp -a "$x/." "$tree/"
			;;
		esac
	done
	rm -rf "$x"
}

main() {
	local src sp ver pkg vers=() key out tmp
	src=$(fetch_source busybox)
	sp=$(fetch_source startpar)
	for pkg in "${DEBS[@]}"; do
		ver=$(candidate "$pkg")
		if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
			die "no version of the binary package $pkg in this host's apt lists"
		fi
		vers+=("$pkg=$ver")
	done
	key=$(hash_of "$(cat "$src/.source")" "$(cat "$sp/.source")" "${vers[@]}" "$(file_hash "${BASH_SOURCE[0]}")")
	out=$CACHE/rootfs-$key
	if [ -f "$out/.complete" ]; then
		echo "$out"
		return 0
	fi
	rm -rf "$out" "$out.tmp"
	tmp=$out.tmp
	mkdir -p "$tmp/tree" "$tmp/debs"
	log "downloading ${vers[*]}"
	(cd "$tmp/debs" && apt-get download -q "${vers[@]}") >&2 ||
		die "cannot download ${vers[*]}"
	unpack_debs "$tmp/debs" "$tmp/tree" "$tmp"
	log "building busybox ($(cat "$src/.source")) for m68k"
	build_busybox "$src" "$tmp/busybox" "$tmp/tree"
	log "building startpar ($(cat "$sp/.source")) for m68k"
	build_startpar "$sp" "$tmp/startpar" "$tmp/tree"
	rm -rf "$tmp/busybox" "$tmp/startpar" "$tmp/debs"
	printf '%s\n' "$(cat "$src/.source")" "$(cat "$sp/.source")" "${vers[@]}" >"$tmp/.complete"
	mv "$tmp" "$out"
	log "built the root filesystem base: $(tr '\n' ' ' <"$out/.complete")"
	echo "$out"
}

with_lock rootfs main
