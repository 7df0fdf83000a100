#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/dist/run.sh - the Debian/m68k integration: shellcheck on every
# script, the kexec-load and kexec-exec helpers, the shutdown hook,
# coldreboot and the init scripts against a fake root (a fake kexec that
# records its arguments), the kdump-tools init script with a fake
# kdump-config, the shipped defaults files, make install/uninstall file by
# file, the manual pages through man --warnings, the units through
# systemd-analyze verify.
# Prints "PASS name" or "FAIL name: why" per case, then "N passed, M failed".
# Needs shellcheck, man-db and systemd (scripts/deps.sh installs them).
set -u
umask 022
cd "$(dirname "$0")/../.." || exit 1

passed=0
failed=0
pass() {
	echo "PASS $1"
	passed=$((passed + 1))
}
fail() {
	echo "FAIL $1: $2"
	failed=$((failed + 1))
}

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# --- shellcheck on every shell script of the repository -------------------

# Every file git knows (tracked, or new and not ignored) that ends in .sh
# or starts with a shell's #! line; sourced files are followed (-x).
scripts=()
while IFS= read -r f; do
	[ -f "$f" ] || continue
	case $f in
	*.sh) scripts+=("$f") ;;
	*) case $(head -c 128 "$f" | head -n 1) in '#!'*sh*) scripts+=("$f") ;; esac ;;
	esac
done < <({ git ls-files; git ls-files --others --exclude-standard; } | sort -u)
[ ${#scripts[@]} -gt 20 ] || fail shellcheck "found only ${#scripts[@]} shell scripts (is this a git checkout?)"
if ! command -v shellcheck >/dev/null; then
	fail shellcheck "shellcheck is not installed"
else
	for f in "${scripts[@]}"; do
		if out=$(shellcheck -x "$f" 2>&1); then
			pass "shellcheck/$f"
		else
			fail "shellcheck/$f" "$(echo "$out" | grep -m1 -E 'SC[0-9]+' || echo "$out" | head -n 1)"
		fi
	done
fi

# --- the helpers against a fake root ------------------------------------

# An install with real paths under $T/inst, so that the unit's ExecStop,
# the hook and the init scripts point at the helpers installed there.
inst=$T/inst
if ! make -s install install-integration PREFIX="$inst/usr" SYSCONFDIR="$inst/etc" \
	UNITDIR="$inst/lib/systemd/system" SHUTDOWNDIR="$inst/lib/systemd/system-shutdown" \
	>"$T/inst.log" 2>&1; then
	fail install-for-tests "$(tail -n 3 "$T/inst.log")"
fi
libexec=$inst/usr/libexec/m68k-kexec

mkdir -p "$T/bin"
# The fake kexec: one argument per line, "--" after each call.
cat >"$T/bin/kexec" <<'EOF'
#!/bin/sh
printf '%s\n' "$@" -- >>"$FAKE_LOG"
exit "${FAKE_STATUS:-0}"
EOF
# The fake systemctl prints the job list in $FAKE_JOBS, or fails.
cat >"$T/bin/systemctl" <<'EOF'
#!/bin/sh
[ "$1" = list-jobs ] || exit 1
[ -n "${FAKE_JOBS:-}" ] || exit 1
printf '%s\n' "$FAKE_JOBS"
EOF
cp "$T/bin/kexec" "$T/bin/reboot"
# The fake kdump-config records its arguments like the fake kexec, and
# exits $FAKE_STATUS (default 1) when its command is $FAKE_FAIL, else 0.
cat >"$T/bin/kdump-config" <<'EOF'
#!/bin/sh
printf '%s\n' "$@" -- >>"$FAKE_LOG"
[ "$1" = "${FAKE_FAIL:-}" ] && exit "${FAKE_STATUS:-1}"
exit 0
EOF
chmod +x "$T/bin/"*

root=$T/root
kernel=$root/boot/vmlinuz-6.12.0-m68k
initrd=$root/boot/initrd.img-6.12.0-m68k
bootinfo=$root/etc/my.bootinfo
defaults=$root/etc/default/kexec

# Fresh fake root: kernel, initrd and bootinfo files, nothing loaded.
reset_root() {
	rm -rf "$root" "$T/log"
	mkdir -p "$root/boot" "$root/etc/default" "$root/sys/kernel"
	echo kernel >"$kernel"
	echo initrd >"$initrd"
	echo bootinfo >"$bootinfo"
	echo 0 >"$root/sys/kernel/kexec_loaded"
	: >"$T/log"
	unset FAKE_JOBS FAKE_STATUS
}

# run PROGRAM ARGS...: run with the fake root; sets $rc, $err.
run() {
	: >"$T/log"
	env KEXEC="$T/bin/kexec" KEXEC_DEFAULTS="$defaults" KEXEC_ROOT="$root" \
		SYSTEMCTL="$T/bin/systemctl" KEXEC_REBOOT="$T/bin/reboot" FAKE_LOG="$T/log" \
		"$@" >"$T/out" 2>"$T/err"
	rc=$?
	err=$(cat "$T/err")
}

# expect NAME STATUS [ARG...]: the program exited STATUS and kexec ran
# exactly once with exactly ARGs, or (no ARG) kexec did not run at all.
expect() {
	local name=$1 status=$2
	shift 2
	local want=""
	if [ $# -gt 0 ]; then
		want=$(printf '%s\n' "$@" --)
	fi
	local got
	got=$(cat "$T/log")
	if [ "$rc" -ne "$status" ]; then
		fail "$name" "exit status $rc, expected $status (stderr: $err)"
	elif [ "$got" != "$want" ]; then
		fail "$name" "kexec ran [$(echo "$got" | tr '\n' ' ')], expected [$(echo "$want" | tr '\n' ' ')]"
	else
		pass "$name"
	fi
}

load=$libexec/kexec-load

reset_root
printf 'LOAD_KEXEC=false\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
run "$load"
expect load/LOAD_KEXEC-false 0

reset_root
printf 'KERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
run "$load"
expect load/LOAD_KEXEC-unset 0

reset_root
run "$load"
expect load/no-defaults-file 0

reset_root
printf 'LOAD_KEXEC=yes\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
run "$load"
expect load/LOAD_KEXEC-yes-is-not-true 0
case $err in
*"neither true nor false"*) pass load/LOAD_KEXEC-yes-warns ;;
*) fail load/LOAD_KEXEC-yes-warns "stderr: $err" ;;
esac

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\nINITRD=\nAPPEND=""\n' "$kernel" >"$defaults"
run "$load"
expect load/APPEND-empty-reuses-cmdline 0 -l "$kernel" --reuse-cmdline

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\nAPPEND="console=ttyS0 root=/dev/sda1 ro"\n' "$kernel" >"$defaults"
run "$load"
expect load/APPEND-set 0 -l "$kernel" "--append=console=ttyS0 root=/dev/sda1 ro"

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\nINITRD=%s\n' "$kernel" "$initrd" >"$defaults"
run "$load"
expect load/INITRD-set 0 -l "$kernel" --initrd="$initrd" --reuse-cmdline

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\nINITRD=""\nAPPEND="root=/dev/sda1"\n' "$kernel" >"$defaults"
run "$load"
expect load/INITRD-unset 0 -l "$kernel" --append=root=/dev/sda1

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\nBOOTINFO=%s\n' "$kernel" "$bootinfo" >"$defaults"
run "$load"
expect load/BOOTINFO-set 0 -l "$kernel" --reuse-cmdline --bootinfo="$bootinfo"

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\nINITRD=%s\nAPPEND="console=ttyS0"\nBOOTINFO=%s\n' \
	"$kernel" "$initrd" "$bootinfo" >"$defaults"
run "$load"
expect load/everything-set 0 -l "$kernel" --initrd="$initrd" --append=console=ttyS0 --bootinfo="$bootinfo"

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$root/boot/missing" >"$defaults"
run "$load"
expect load/missing-kernel-is-an-error 1
case $err in
*"$root/boot/missing"*) pass load/missing-kernel-named ;;
*) fail load/missing-kernel-named "stderr: $err" ;;
esac

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=\n' >"$defaults"
run "$load"
expect load/empty-KERNEL_IMAGE-is-an-error 1

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$root/boot" >"$defaults"
run "$load"
expect load/directory-as-kernel-is-an-error 1

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\nINITRD=%s\n' "$kernel" "$root/boot/missing" >"$defaults"
run "$load"
expect load/missing-initrd-is-an-error 1

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\nBOOTINFO=%s\n' "$kernel" "$root/missing" >"$defaults"
run "$load"
expect load/missing-bootinfo-is-an-error 1

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
: >"$root/no-kexec-reboot"
run "$load"
expect load/no-kexec-reboot-loads-nothing 0
if [ -e "$root/no-kexec-reboot" ]; then
	fail load/no-kexec-reboot-removed "the flag is still there"
else
	pass load/no-kexec-reboot-removed
fi

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
: >"$root/no-kexec-reboot"
echo 1 >"$root/sys/kernel/kexec_loaded"
run "$load"
expect load/no-kexec-reboot-unloads-a-loaded-kernel 0 -u

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
echo 1 >"$root/sys/kernel/kexec_loaded"
run "$load"
expect load/loaded-kernel-is-kept 0

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
export FAKE_STATUS=3
run "$load"
expect load/kexec-status-passed-on 3 -l "$kernel" --reuse-cmdline

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
run "$load" --now
expect load/usage-error 2

# The environment does not leak into the configuration.
reset_root
printf 'KERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
LOAD_KEXEC=true APPEND=x run "$load"
expect load/environment-ignored 0

# --if-rebooting: only with a reboot.target or kexec.target job queued.
reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
export FAKE_JOBS='1234 reboot.target                start waiting
1301 systemd-reboot.service       start waiting'
run "$load" --if-rebooting
expect load/if-rebooting-reboot 0 -l "$kernel" --reuse-cmdline

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
export FAKE_JOBS='77 kexec.target start waiting'
run "$load" --if-rebooting
expect load/if-rebooting-kexec 0 -l "$kernel" --reuse-cmdline

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
export FAKE_JOBS='1234 poweroff.target start waiting
1300 reboot-helper.service stop running'
run "$load" --if-rebooting
expect load/if-rebooting-poweroff-loads-nothing 0

reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
: >"$root/no-kexec-reboot"
run "$load" --if-rebooting
expect load/if-rebooting-no-systemd-loads-nothing 0
if [ -e "$root/no-kexec-reboot" ]; then
	pass load/if-rebooting-not-rebooting-keeps-flag
else
	fail load/if-rebooting-not-rebooting-keeps-flag "the flag was removed"
fi

# The shipped defaults: the variables kexec-tools has, LOAD_KEXEC=false.
# shellcheck disable=SC2016 # expanded by the inner sh
got=$(env -i sh -c '. ./dist/kexec.default; echo "$LOAD_KEXEC|$KERNEL_IMAGE|$INITRD|$APPEND|$BOOTINFO"')
if [ "$got" = "false|/vmlinuz|/initrd.img||" ]; then
	pass defaults/shipped-values
else
	fail defaults/shipped-values "$got"
fi

# /etc/default/kdump-tools is read by kdump-config, not by a shell: every
# line is a comment, empty, or NAME=VALUE with nothing a shell expands.
bad=$(grep -nEv '^(#.*|[A-Z_]+=("[^"$`\\]*"|'"'[^']*'"'|[^"'"'"'$`\\[:space:]#]*))?$' dist/kdump-tools.default)
if [ -z "$bad" ]; then
	pass defaults/kdump-no-shell-syntax
else
	fail defaults/kdump-no-shell-syntax "$(echo "$bad" | head -n 2 | tr '\n' ' ')"
fi
# Those lines mean the same to sh: the variables and our defaults, exactly.
got=$(env -i sh -c '. ./dist/kdump-tools.default && set' | grep -E '^(USE_|KDUMP_)' | LC_ALL=C sort)
want=$(LC_ALL=C sort <<'EOF'
USE_KDUMP='0'
KDUMP_KERNEL=''
KDUMP_INITRD=''
KDUMP_COREDIR='/var/crash'
KDUMP_CMDLINE=''
KDUMP_CMDLINE_APPEND='panic=10'
KDUMP_DUMP_DMESG='1'
KDUMP_DEVICE=''
KDUMP_FSTYPE=''
KDUMP_SKIP_ZERO='1'
KDUMP_COMPRESS='none'
KDUMP_RETURN='kexec'
KDUMP_RETURN_KERNEL=''
KDUMP_RETURN_INITRD='/initrd.img'
KDUMP_RETURN_CMDLINE_APPEND=''
EOF
)
if [ "$got" = "$want" ]; then
	pass defaults/kdump-shipped-values
else
	fail defaults/kdump-shipped-values "$(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"
fi
# kdump-config, as installed, reads the installed file, and loads nothing
# with it (USE_KDUMP=0).
kc=$inst/usr/sbin/kdump-config
if out=$("$kc" --config "$inst/etc/default/kdump-tools" show 2>&1) &&
	echo "$out" | grep -qx 'USE_KDUMP="*0"*'; then
	pass defaults/kdump-read-by-kdump-config
else
	fail defaults/kdump-read-by-kdump-config "$(echo "$out" | head -n 2 | tr '\n' ' ')"
fi
if out=$("$kc" --config "$inst/etc/default/kdump-tools" --state-dir "$T/kdump-state" load 2>&1) &&
	[ ! -e "$T/kdump-state" ]; then
	pass defaults/kdump-shipped-loads-nothing
else
	fail defaults/kdump-shipped-loads-nothing "$(echo "$out" | head -n 2 | tr '\n' ' ')"
fi

# --- kexec-exec and the systemd-shutdown hook ---------------------------

exe=$libexec/kexec-exec
hook=$inst/lib/systemd/system-shutdown/m68k-kexec

reset_root
printf 'LOAD_KEXEC=true\n' >"$defaults"
echo 1 >"$root/sys/kernel/kexec_loaded"
run "$exe"
# The fake kexec -e returns, which a real one does only when it failed.
expect exec/loaded-runs-kexec-e 1 -e

reset_root
printf 'LOAD_KEXEC=true\n' >"$defaults"
run "$exe"
expect exec/nothing-loaded 0

reset_root
printf 'LOAD_KEXEC=false\n' >"$defaults"
echo 1 >"$root/sys/kernel/kexec_loaded"
run "$exe"
expect exec/LOAD_KEXEC-false-does-nothing 0

reset_root
printf 'LOAD_KEXEC=true\n' >"$defaults"
echo 1 >"$root/sys/kernel/kexec_loaded"
run "$hook" reboot
expect hook/reboot-runs-kexec-e 1 -e

for verb in poweroff halt kexec; do
	reset_root
	printf 'LOAD_KEXEC=true\n' >"$defaults"
	echo 1 >"$root/sys/kernel/kexec_loaded"
	run "$hook" "$verb"
	expect "hook/$verb-does-nothing" 0
done

# --- coldreboot ---------------------------------------------------------

reset_root
run "$inst/usr/sbin/coldreboot" -f
expect coldreboot/runs-reboot-with-its-options 0 -f
if [ -e "$root/no-kexec-reboot" ]; then
	pass coldreboot/creates-flag
else
	fail coldreboot/creates-flag "no $root/no-kexec-reboot"
fi
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
run "$load"
expect coldreboot/then-kexec-load-loads-nothing 0

# --- the LSB init scripts -----------------------------------------------

initd=$inst/etc/init.d
reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
RUNLEVEL=2 run "$initd/kexec-load" stop
expect init/kexec-load-stop-in-runlevel-2-does-nothing 0
RUNLEVEL=6 run "$initd/kexec-load" start
expect init/kexec-load-start-does-nothing 0
RUNLEVEL=6 run "$initd/kexec-load" stop
expect init/kexec-load-stop-in-runlevel-6-loads 0 -l "$kernel" --reuse-cmdline

reset_root
printf 'LOAD_KEXEC=true\n' >"$defaults"
echo 1 >"$root/sys/kernel/kexec_loaded"
RUNLEVEL=2 run "$initd/kexec" stop
expect init/kexec-stop-in-runlevel-2-does-nothing 0
RUNLEVEL=6 run "$initd/kexec" restart
expect init/kexec-restart-does-nothing 0
mkdir -p "$root/run/systemd/system"
RUNLEVEL=6 run "$initd/kexec" stop
expect init/kexec-stop-under-systemd-does-nothing 0
rmdir "$root/run/systemd/system"
RUNLEVEL=6 run "$initd/kexec" stop
expect init/kexec-stop-in-runlevel-6-runs-kexec-e 0 -e
run "$initd/kexec" bogus
expect init/kexec-usage 3

# kdump-tools: each action is kdump-config's, with its exit status.
kd() {
	KDUMP_CONFIG="$T/bin/kdump-config" run "$initd/kdump-tools" "$@"
}
reset_root
kd start
expect init/kdump-tools-start-loads 0 load
FAKE_FAIL=load FAKE_STATUS=4 kd start
expect init/kdump-tools-start-relays-failure 4 load
case $(cat "$T/out" "$T/err") in
*"kdump-config load failed"*) pass init/kdump-tools-start-failure-said ;;
*) fail init/kdump-tools-start-failure-said "output: $(cat "$T/out" "$T/err")" ;;
esac
kd stop
expect init/kdump-tools-stop-unloads 0 unload
FAKE_FAIL=unload FAKE_STATUS=2 kd stop
expect init/kdump-tools-stop-relays-failure 2 unload
kd status
expect init/kdump-tools-status-loaded 0 status
FAKE_FAIL=status FAKE_STATUS=3 kd status
expect init/kdump-tools-status-not-loaded 3 status
FAKE_FAIL=status FAKE_STATUS=4 kd status
expect init/kdump-tools-status-unknown 4 status
kd restart
expect init/kdump-tools-restart 0 unload -- load
kd force-reload
expect init/kdump-tools-force-reload 0 unload -- load
FAKE_FAIL=load kd restart
expect init/kdump-tools-restart-relays-load-failure 1 unload -- load
FAKE_FAIL=unload FAKE_STATUS=5 kd restart
expect init/kdump-tools-restart-unload-failure-loads-nothing 5 unload
kd reload
expect init/kdump-tools-usage 3
kd
expect init/kdump-tools-no-action 3
# Without /lib/lsb/init-functions the script still runs and says so.
sed 's|/lib/lsb/init-functions|/nonexistent/init-functions|g' "$initd/kdump-tools" >"$T/kdump-tools.nolsb"
FAKE_FAIL=load KDUMP_CONFIG="$T/bin/kdump-config" run sh "$T/kdump-tools.nolsb" start
expect init/kdump-tools-without-lsb-functions 1 load
case $err in
*"kdump-config load failed (exit status 1)"*) pass init/kdump-tools-without-lsb-functions-says-failure ;;
*) fail init/kdump-tools-without-lsb-functions-says-failure "stderr: $err" ;;
esac
# The LSB header: after the filesystems at boot, before them at shutdown.
hdr=$(sed -n '/^### BEGIN INIT INFO$/,/^### END INIT INFO$/p' dist/kdump-tools.init.in)
# shellcheck disable=SC2016 # literal $local_fs
if echo "$hdr" | grep -qx '# Provides: *kdump-tools' &&
	echo "$hdr" | grep -qxF '# Required-Start:    $local_fs $remote_fs' &&
	echo "$hdr" | grep -qxF '# Required-Stop:     $local_fs $remote_fs' &&
	echo "$hdr" | grep -qx '# Default-Start: *2 3 4 5' &&
	echo "$hdr" | grep -qx '# Default-Stop: *0 1 6'; then
	pass init/kdump-tools-lsb-header
else
	fail init/kdump-tools-lsb-header "$(echo "$hdr" | tr '\n' ' ')"
fi

# --- make install / uninstall, file by file ------------------------------

# "MODE TYPE PATH" for everything under $1.
listing() {
	(cd "$1" && find . -mindepth 1 -printf '%m %y %P\n' | LC_ALL=C sort -k3)
}

d=$T/destdir
mkdir "$d"
make -s install install-integration DESTDIR="$d" >"$T/make.log" 2>&1 ||
	fail install "make install install-integration failed: $(tail -n 3 "$T/make.log")"

want=()
for dir in etc etc/default etc/init.d lib lib/systemd lib/systemd/system \
	lib/systemd/system-shutdown usr usr/libexec usr/libexec/m68k-kexec usr/sbin \
	usr/share usr/share/m68k-kexec usr/share/man usr/share/man/man8; do
	want+=("755 d $dir")
done
want+=("644 f etc/default/kexec" "755 f etc/init.d/kexec" "755 f etc/init.d/kexec-load"
	"644 f etc/default/kdump-tools" "755 f etc/init.d/kdump-tools"
	"644 f lib/systemd/system/kexec-load.service" "644 f lib/systemd/system/kdump-tools.service"
	"755 f lib/systemd/system-shutdown/m68k-kexec"
	"755 f usr/libexec/m68k-kexec/kexec-exec" "755 f usr/libexec/m68k-kexec/kexec-load"
	"755 f usr/sbin/coldreboot" "755 f usr/sbin/kexec"
	"644 f usr/share/m68k-kexec/kexec.default" "644 f usr/share/m68k-kexec/kdump-tools.default"
	"644 f usr/share/m68k-kexec/manifest"
	"644 f usr/share/man/man8/coldreboot.8")
[ -e cli/bootinfo.c ] && want+=("755 f usr/sbin/bootinfo")
[ -e cli/vmcore-dmesg.c ] && want+=("755 f usr/sbin/vmcore-dmesg")
[ -e cli/kdump-config.c ] && want+=("755 f usr/sbin/kdump-config")
for m in man/*.8; do
	[ -e "$m" ] && want+=("644 f usr/share/man/man8/$(basename "$m")")
done
want_list=$(printf '%s\n' "${want[@]}" | LC_ALL=C sort -k3)
got_list=$(listing "$d")
if [ "$got_list" = "$want_list" ]; then
	pass install/exact-files-and-modes
else
	fail install/exact-files-and-modes "$(diff <(echo "$want_list") <(echo "$got_list") | grep '^[<>]' | tr '\n' ' ')"
fi

# The manifest names every file but itself, and every directory created.
want_manifest=$(printf '%s\n' "${want[@]}" | grep -v 'usr/share/m68k-kexec/manifest$' |
	sed -E 's,^[0-9]+ d (.*),dir /\1,; s,^[0-9]+ f (etc/default/(kexec|kdump-tools))$,config /\1,; s,^[0-9]+ f (.*),file /\1,' |
	LC_ALL=C sort)
got_manifest=$(sed -E 's/^config [0-9]+ [0-9]+ /config /' "$d/usr/share/m68k-kexec/manifest" | LC_ALL=C sort)
if [ "$got_manifest" = "$want_manifest" ]; then
	pass install/manifest
else
	fail install/manifest "$(diff <(echo "$want_manifest") <(echo "$got_manifest") | grep '^[<>]' | tr '\n' ' ')"
fi

if grep -rlI '@[A-Z]*@' "$d" >/dev/null; then
	fail install/placeholders-filled "$(grep -rlI '@[A-Z]*@' "$d" | tr '\n' ' ')"
else
	pass install/placeholders-filled
fi
# shellcheck disable=SC2016 # a literal line of the script
if grep -qx 'ExecStop=/usr/libexec/m68k-kexec/kexec-load --if-rebooting' \
	"$d/lib/systemd/system/kexec-load.service" &&
	grep -qxF 'KEXEC=${KEXEC:-/usr/sbin/kexec}' "$d/usr/libexec/m68k-kexec/kexec-load" &&
	grep -qx 'exec /usr/libexec/m68k-kexec/kexec-exec' "$d/lib/systemd/system-shutdown/m68k-kexec"; then
	pass install/paths-in-installed-files
else
	fail install/paths-in-installed-files "ExecStop, KEXEC or the hook's path is not the installed one"
fi
# shellcheck disable=SC2016 # a literal line of the script
if grep -qx 'ExecStart=/usr/sbin/kdump-config load' "$d/lib/systemd/system/kdump-tools.service" &&
	grep -qx 'ExecStop=/usr/sbin/kdump-config unload' "$d/lib/systemd/system/kdump-tools.service" &&
	grep -qxF 'KDUMP_CONFIG=${KDUMP_CONFIG:-/usr/sbin/kdump-config}' "$d/etc/init.d/kdump-tools"; then
	pass install/kdump-paths-in-installed-files
else
	fail install/kdump-paths-in-installed-files "ExecStart, ExecStop or KDUMP_CONFIG is not /usr/sbin/kdump-config"
fi
if cmp -s dist/kdump-tools.default "$d/etc/default/kdump-tools" &&
	cmp -s dist/kdump-tools.default "$d/usr/share/m68k-kexec/kdump-tools.default"; then
	pass install/kdump-defaults-as-shipped
else
	fail install/kdump-defaults-as-shipped "/etc/default/kdump-tools or the reference copy differs from dist/kdump-tools.default"
fi
# A second install changes nothing and lists nothing twice.
make -s install install-integration DESTDIR="$d" >"$T/make.log" 2>&1
if [ "$(listing "$d")" = "$want_list" ] &&
	[ -z "$(sort "$d/usr/share/m68k-kexec/manifest" | uniq -d)" ]; then
	pass install/twice
else
	fail install/twice "the second install changed the files or the manifest"
fi

make -s uninstall DESTDIR="$d" >"$T/make.log" 2>&1
left=$(listing "$d")
if [ -z "$left" ]; then
	pass uninstall/leaves-nothing
else
	fail uninstall/leaves-nothing "$(echo "$left" | tr '\n' ' ')"
fi

# An existing /etc/default/kexec is neither replaced nor removed.
rm -rf "$d" && mkdir -p "$d/etc/default"
echo 'LOAD_KEXEC=true # mine' >"$d/etc/default/kexec"
make -s install-integration DESTDIR="$d" >"$T/make.log" 2>&1
if [ "$(cat "$d/etc/default/kexec")" = 'LOAD_KEXEC=true # mine' ]; then
	pass install/keeps-existing-defaults
else
	fail install/keeps-existing-defaults "it was replaced"
fi
make -s uninstall DESTDIR="$d" >"$T/make.log" 2>&1
left=$(listing "$d" | tr '\n' ' ')
if [ "$left" = "755 d etc 755 d etc/default 644 f etc/default/kexec " ]; then
	pass uninstall/keeps-existing-defaults
else
	fail uninstall/keeps-existing-defaults "left: $left"
fi

# A defaults file changed since the install is kept by uninstall.
rm -rf "$d" && mkdir "$d"
make -s install-integration DESTDIR="$d" >"$T/make.log" 2>&1
sed -i 's/^LOAD_KEXEC=false/LOAD_KEXEC=true/' "$d/etc/default/kexec"
make -s uninstall DESTDIR="$d" >"$T/make.log" 2>&1
left=$(listing "$d" | tr '\n' ' ')
if [ "$left" = "755 d etc 755 d etc/default 644 f etc/default/kexec " ] &&
	grep -q '^kept .*etc/default/kexec' "$T/make.log"; then
	pass uninstall/keeps-changed-defaults
else
	fail uninstall/keeps-changed-defaults "left: $left"
fi

# The same for /etc/default/kdump-tools, existing and changed.
rm -rf "$d" && mkdir -p "$d/etc/default"
echo 'USE_KDUMP=1 # mine' >"$d/etc/default/kdump-tools"
make -s install-integration DESTDIR="$d" >"$T/make.log" 2>&1
if [ "$(cat "$d/etc/default/kdump-tools")" = 'USE_KDUMP=1 # mine' ] &&
	cmp -s dist/kdump-tools.default "$d/usr/share/m68k-kexec/kdump-tools.default"; then
	pass install/keeps-existing-kdump-defaults
else
	fail install/keeps-existing-kdump-defaults "it was replaced, or the reference copy is missing"
fi
make -s uninstall DESTDIR="$d" >"$T/make.log" 2>&1
left=$(listing "$d" | tr '\n' ' ')
if [ "$left" = "755 d etc 755 d etc/default 644 f etc/default/kdump-tools " ]; then
	pass uninstall/keeps-existing-kdump-defaults
else
	fail uninstall/keeps-existing-kdump-defaults "left: $left"
fi

rm -rf "$d" && mkdir "$d"
make -s install-integration DESTDIR="$d" >"$T/make.log" 2>&1
sed -i 's/^USE_KDUMP=0/USE_KDUMP=1/' "$d/etc/default/kdump-tools"
make -s uninstall DESTDIR="$d" >"$T/make.log" 2>&1
left=$(listing "$d" | tr '\n' ' ')
if [ "$left" = "755 d etc 755 d etc/default 644 f etc/default/kdump-tools " ] &&
	grep -q '^kept .*etc/default/kdump-tools' "$T/make.log"; then
	pass uninstall/keeps-changed-kdump-defaults
else
	fail uninstall/keeps-changed-kdump-defaults "left: $left"
fi

# PREFIX=/usr/local: the helpers run the kexec installed with them.
rm -rf "$d" && mkdir "$d"
make -s install-integration DESTDIR="$d" PREFIX=/usr/local >"$T/make.log" 2>&1
# shellcheck disable=SC2016 # a literal line of the script
if grep -qxF 'KEXEC=${KEXEC:-/usr/local/sbin/kexec}' "$d/usr/local/libexec/m68k-kexec/kexec-load" &&
	grep -qx 'ExecStop=/usr/local/libexec/m68k-kexec/kexec-load --if-rebooting' \
		"$d/lib/systemd/system/kexec-load.service" &&
	grep -qx 'ExecStart=/usr/local/sbin/kdump-config load' "$d/lib/systemd/system/kdump-tools.service" &&
	grep -qxF 'KDUMP_CONFIG=${KDUMP_CONFIG:-/usr/local/sbin/kdump-config}' "$d/etc/init.d/kdump-tools"; then
	pass install/prefix-usr-local
else
	fail install/prefix-usr-local "paths not under /usr/local"
fi

# --- manual pages --------------------------------------------------------

for m in man/kexec.8 man/bootinfo.8 man/vmcore-dmesg.8 man/kdump-config.8 dist/coldreboot.8; do
	if [ ! -e "$m" ]; then
		fail "man/$(basename "$m")" "$m does not exist"
		continue
	fi
	out=$(MANWIDTH=80 man --warnings -l "$m" 2>&1 >/dev/null)
	if [ -z "$out" ]; then
		pass "man/$(basename "$m")"
	else
		fail "man/$(basename "$m")" "$(echo "$out" | head -n 2 | tr '\n' ' ')"
	fi
done

# --- systemd -------------------------------------------------------------

# Verified as installed under $T/inst: ExecStop exists there, and the
# Documentation= pages are looked up in its manual pages.
# kdump-tools.service: ExecStart and ExecStop are the kdump-config that
# make install put there, and man:kdump-config(8) its manual page.
if ! command -v systemd-analyze >/dev/null; then
	fail systemd/verify "systemd-analyze is not installed"
else
	for unit in kexec-load.service kdump-tools.service; do
		out=$(cd "$T" && MANPATH="$inst/usr/share/man" \
			systemd-analyze verify "$inst/lib/systemd/system/$unit" 2>&1)
		vrc=$?
		if [ "$vrc" -eq 0 ] && [ -z "$out" ]; then
			pass "systemd/verify-$unit"
		else
			fail "systemd/verify-$unit" "exit $vrc: $(echo "$out" | head -n 2 | tr '\n' ' ')"
		fi
	done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
