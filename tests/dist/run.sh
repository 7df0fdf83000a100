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
	*) case $(head -c 128 "$f" | tr -d '\0' | head -n 1) in '#!'*sh*) scripts+=("$f") ;; esac ;;
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
	# The bash completion: no #! line, as bash-completion sources it.
	for f in dist/completion/*.bash; do
		if out=$(shellcheck -s bash "$f" 2>&1); then
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
if ! make -s install install-integration install-host PREFIX="$inst/usr" SYSCONFDIR="$inst/etc" \
	UNITDIR="$inst/usr/lib/systemd/system" SHUTDOWNDIR="$inst/usr/lib/systemd/system-shutdown" \
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

# /etc/default/kexec.d/: read after /etc/default/kexec, as kexec-tools reads
# it ("run-parts --list": names of letters, digits, _ and -, in C order).
snippets=$defaults.d
reset_root
printf 'LOAD_KEXEC=false\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
mkdir -p "$snippets"
echo 'LOAD_KEXEC=true' >"$snippets/local"
run "$load"
expect kexec.d/snippet-overrides-the-file 0 -l "$kernel" --reuse-cmdline

reset_root
mkdir -p "$snippets"
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\nINITRD=%s\n' "$kernel" "$initrd" >"$snippets/50-kexec"
run "$load"
expect kexec.d/snippets-without-the-file 0 -l "$kernel" --initrd="$initrd" --reuse-cmdline

# C order: "Z" before "a" before "b", whatever the locale.
reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\nAPPEND=file\n' "$kernel" >"$defaults"
mkdir -p "$snippets"
echo 'APPEND=Z' >"$snippets/Z"
# shellcheck disable=SC2016 # expanded by kexec-load
echo 'APPEND="$APPEND a"' >"$snippets/a"
# shellcheck disable=SC2016 # expanded by kexec-load
echo 'APPEND="$APPEND b_1"' >"$snippets/b_1"
run "$load"
expect kexec.d/run-parts-order 0 -l "$kernel" "--append=Z a b_1"

# Names run-parts leaves out, and what is not a file, are not read.
reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
mkdir -p "$snippets/dir"
for n in x.conf x.dpkg-old x.dpkg-dist 'x~' .hidden 'a b'; do
	echo 'APPEND=wrong' >"$snippets/$n"
done
run "$load"
expect kexec.d/other-names-ignored 0 -l "$kernel" --reuse-cmdline
# The same files, in the same order, as Debian's run-parts lists.
for n in Z a b_1 10-x; do echo ": $n" >"$snippets/$n"; done
if command -v run-parts >/dev/null; then
	# shellcheck disable=SC2016 # expanded by the inner sh
	ours=$(sh -c '. "$1"; read_kexec_defaults "$2"; echo "$kexec_sources"' sh \
		"$libexec/kexec-defaults.sh" "$defaults" | sed 's/, /\n/g')
	theirs=$(printf '%s\n' "$defaults"; run-parts --list "$snippets")
	if [ "$ours" = "$theirs" ]; then
		pass kexec.d/same-as-run-parts
	else
		fail kexec.d/same-as-run-parts "ours: $(echo "$ours" | tr '\n' ' ') run-parts: $(echo "$theirs" | tr '\n' ' ')"
	fi
else
	fail kexec.d/same-as-run-parts "run-parts (debianutils) is not installed"
fi

# A snippet's own file is named when what it sets is wrong.
reset_root
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=%s\n' "$kernel" >"$defaults"
mkdir -p "$snippets"
printf 'KERNEL_IMAGE=%s\n' "$root/boot/missing" >"$snippets/20-kernel"
run "$load"
expect kexec.d/bad-snippet-loads-nothing 1
case $err in
*"$snippets/20-kernel"*) pass kexec.d/bad-snippet-named ;;
*) fail kexec.d/bad-snippet-named "stderr: $err" ;;
esac

# kexec-exec reads them too: a snippet that turns kexec reboots on makes
# the last step boot the loaded kernel, one that turns them off stops it.
reset_root
printf 'LOAD_KEXEC=false\n' >"$defaults"
mkdir -p "$snippets"
echo 'LOAD_KEXEC=true' >"$snippets/on"
echo 1 >"$root/sys/kernel/kexec_loaded"
run "$libexec/kexec-exec"
expect kexec.d/exec-snippet-turns-on 1 -e
echo 'LOAD_KEXEC=false' >"$snippets/zz-off"
run "$libexec/kexec-exec"
expect kexec.d/exec-later-snippet-turns-off 0

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
hook=$inst/usr/lib/systemd/system-shutdown/m68k-kexec

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
for dir in etc etc/default etc/init.d usr usr/lib usr/lib/systemd usr/lib/systemd/system \
	usr/lib/systemd/system-shutdown usr/libexec usr/libexec/m68k-kexec usr/sbin \
	usr/share usr/share/m68k-kexec usr/share/man usr/share/man/man8 \
	usr/share/bash-completion usr/share/bash-completion/completions; do
	want+=("755 d $dir")
done
want+=("644 f etc/default/kexec" "755 f etc/init.d/kexec" "755 f etc/init.d/kexec-load"
	"644 f etc/default/kdump-tools" "755 f etc/init.d/kdump-tools"
	"644 f usr/lib/systemd/system/kexec-load.service" "644 f usr/lib/systemd/system/kdump-tools.service"
	"755 f usr/lib/systemd/system-shutdown/m68k-kexec"
	"755 f usr/libexec/m68k-kexec/kexec-exec" "755 f usr/libexec/m68k-kexec/kexec-load"
	"644 f usr/libexec/m68k-kexec/kexec-defaults.sh" "644 f usr/share/bash-completion/completions/kexec"
	"755 f usr/sbin/coldreboot" "755 f usr/sbin/kexec"
	"644 f usr/share/m68k-kexec/kexec.default" "644 f usr/share/m68k-kexec/kdump-tools.default"
	"644 f usr/share/m68k-kexec/manifest"
	"644 f usr/share/man/man8/coldreboot.8")
for p in bootinfo vmcore-dmesg kdump-config; do
	[ -e "cli/$p.c" ] && want+=("755 f usr/sbin/$p" "644 f usr/share/bash-completion/completions/$p")
done
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
	"$d/usr/lib/systemd/system/kexec-load.service" &&
	grep -qxF 'KEXEC=${KEXEC:-/usr/sbin/kexec}' "$d/usr/libexec/m68k-kexec/kexec-load" &&
	grep -qxF '. /usr/libexec/m68k-kexec/kexec-defaults.sh' "$d/usr/libexec/m68k-kexec/kexec-load" &&
	grep -qxF '. /usr/libexec/m68k-kexec/kexec-defaults.sh' "$d/usr/libexec/m68k-kexec/kexec-exec" &&
	grep -qx 'exec /usr/libexec/m68k-kexec/kexec-exec' "$d/usr/lib/systemd/system-shutdown/m68k-kexec"; then
	pass install/paths-in-installed-files
else
	fail install/paths-in-installed-files "ExecStop, KEXEC or the hook's path is not the installed one"
fi
# shellcheck disable=SC2016 # a literal line of the script
if grep -qx 'ExecStart=/usr/sbin/kdump-config load' "$d/usr/lib/systemd/system/kdump-tools.service" &&
	grep -qx 'ExecStop=/usr/sbin/kdump-config unload' "$d/usr/lib/systemd/system/kdump-tools.service" &&
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
		"$d/usr/lib/systemd/system/kexec-load.service" &&
	grep -qx 'ExecStart=/usr/local/sbin/kdump-config load' "$d/usr/lib/systemd/system/kdump-tools.service" &&
	grep -qxF 'KDUMP_CONFIG=${KDUMP_CONFIG:-/usr/local/sbin/kdump-config}' "$d/etc/init.d/kdump-tools"; then
	pass install/prefix-usr-local
else
	fail install/prefix-usr-local "paths not under /usr/local"
fi

# --- install-host: the tools for any host (the m68k-bootinfo package) ---

d=$T/hostdir
mkdir "$d"
make -s install-host DESTDIR="$d" >"$T/make.log" 2>&1 ||
	fail install-host "make install-host failed: $(tail -n 3 "$T/make.log")"
want=()
for dir in usr usr/libexec usr/libexec/m68k-kexec usr/sbin usr/share usr/share/m68k-kexec \
	usr/share/man usr/share/man/man8 usr/share/bash-completion usr/share/bash-completion/completions; do
	want+=("755 d $dir")
done
want+=("755 f usr/libexec/m68k-kexec/kexec" "755 f usr/sbin/bootinfo"
	"755 f usr/sbin/m68k-kexec-plan" "755 f usr/sbin/m68k-vmcore-dmesg"
	"644 f usr/share/m68k-kexec/manifest" "644 f usr/share/man/man8/bootinfo.8"
	"644 f usr/share/man/man8/m68k-kexec-plan.8" "644 f usr/share/man/man8/m68k-vmcore-dmesg.8"
	"644 f usr/share/bash-completion/completions/bootinfo"
	"644 f usr/share/bash-completion/completions/m68k-kexec-plan"
	"644 f usr/share/bash-completion/completions/m68k-vmcore-dmesg")
want_list=$(printf '%s\n' "${want[@]}" | LC_ALL=C sort -k3)
got_list=$(listing "$d")
if [ "$got_list" = "$want_list" ]; then
	pass install-host/exact-files-and-modes
else
	fail install-host/exact-files-and-modes "$(diff <(echo "$want_list") <(echo "$got_list") | grep '^[<>]' | tr '\n' ' ')"
fi
make -s uninstall DESTDIR="$d" >"$T/make.log" 2>&1
left=$(listing "$d")
if [ -z "$left" ]; then
	pass install-host/uninstall-leaves-nothing
else
	fail install-host/uninstall-leaves-nothing "$(echo "$left" | tr '\n' ' ')"
fi

# m68k-kexec-plan is kexec --dry-run: --json (which needs --dry-run) is
# taken, and -u, -e and -S change nothing.
plan=$inst/usr/sbin/m68k-kexec-plan
if grep -qx "exec $inst/usr/libexec/m68k-kexec/kexec --dry-run \"\$@\"" "$plan" &&
	[ "$("$plan" --version)" = "$("$inst/usr/libexec/m68k-kexec/kexec" --version)" ]; then
	pass install-host/plan-runs-kexec-dry-run
else
	fail install-host/plan-runs-kexec-dry-run "$(tail -n 1 "$plan")"
fi
"$plan" -u --json >"$T/out" 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then
	pass install-host/plan-never-unloads
else
	fail install-host/plan-never-unloads "m68k-kexec-plan -u --json: exit $rc: $(head -n 1 "$T/out")"
fi
"$plan" -l "$T/missing-kernel" --bootinfo="$T/missing-bootinfo" >"$T/out" 2>&1
rc=$?
if [ "$rc" -eq 1 ] && grep -q "$T/missing-bootinfo" "$T/out"; then
	pass install-host/plan-names-missing-file
else
	fail install-host/plan-names-missing-file "exit $rc: $(head -n 1 "$T/out")"
fi
# m68k-vmcore-dmesg(8) is vmcore-dmesg(8) under its name.
page=$inst/usr/share/man/man8/m68k-vmcore-dmesg.8
if grep -q '^\.TH M68K-VMCORE-DMESG 8 ' "$page" && grep -qx 'm68k-vmcore-dmesg \\- .*' "$page" &&
	! grep -q '[^-]vmcore-dmesg' <(sed 's/m68k-vmcore-dmesg//g' "$page"); then
	pass install-host/m68k-vmcore-dmesg-page
else
	fail install-host/m68k-vmcore-dmesg-page "name, title or a command in $page is not m68k-vmcore-dmesg"
fi

# --- the Debian packages -------------------------------------------------

# debian/rules installs each package's files; with BUILT naming both it
# does so on any host, which shows both lists here (DPKG_EXPORT_BUILDFLAGS=
# keeps build/host's flags, so nothing is built again).
deb=$T/deb
if make -s -f debian/rules override_dh_auto_install BUILT="m68k-kexec m68k-bootinfo" \
	DEBROOT="$deb" DPKG_EXPORT_BUILDFLAGS= >"$T/deb.log" 2>&1; then
	pass deb/install
else
	fail deb/install "$(tail -n 3 "$T/deb.log")"
fi
files() {
	(cd "$1" && find . -mindepth 1 ! -type d -printf '%m %P\n' | LC_ALL=C sort -k2)
}
pkg_want=$(cat <<'LIST'
755 etc/init.d/kdump-tools
755 etc/init.d/kexec
755 etc/init.d/kexec-load
755 usr/lib/systemd/system-shutdown/m68k-kexec
644 usr/lib/systemd/system/kdump-tools.service
644 usr/lib/systemd/system/kexec-load.service
644 usr/libexec/m68k-kexec/kexec-defaults.sh
755 usr/libexec/m68k-kexec/kexec-exec
755 usr/libexec/m68k-kexec/kexec-load
755 usr/sbin/coldreboot
755 usr/sbin/kdump-config
755 usr/sbin/kexec
755 usr/sbin/vmcore-dmesg
644 usr/share/bash-completion/completions/kdump-config
644 usr/share/bash-completion/completions/kexec
644 usr/share/bash-completion/completions/vmcore-dmesg
644 usr/share/m68k-kexec/kdump-tools.default
644 usr/share/m68k-kexec/kexec.default
644 usr/share/man/man8/coldreboot.8
644 usr/share/man/man8/kdump-config.8
644 usr/share/man/man8/kexec.8
644 usr/share/man/man8/vmcore-dmesg.8
LIST
)
got=$(files "$deb/m68k-kexec")
if [ "$got" = "$pkg_want" ]; then
	pass deb/m68k-kexec-files
else
	fail deb/m68k-kexec-files "$(diff <(echo "$pkg_want") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"
fi
pkg_want=$(cat <<'LIST'
755 usr/libexec/m68k-kexec/kexec
755 usr/sbin/bootinfo
755 usr/sbin/m68k-kexec-plan
755 usr/sbin/m68k-vmcore-dmesg
644 usr/share/bash-completion/completions/bootinfo
644 usr/share/bash-completion/completions/m68k-kexec-plan
644 usr/share/bash-completion/completions/m68k-vmcore-dmesg
644 usr/share/man/man8/bootinfo.8
644 usr/share/man/man8/m68k-kexec-plan.8
644 usr/share/man/man8/m68k-vmcore-dmesg.8
LIST
)
got=$(files "$deb/m68k-bootinfo")
if [ "$got" = "$pkg_want" ]; then
	pass deb/m68k-bootinfo-files
else
	fail deb/m68k-bootinfo-files "$(diff <(echo "$pkg_want") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"
fi
both=$(comm -12 <(files "$deb/m68k-kexec" | cut -d' ' -f2) <(files "$deb/m68k-bootinfo" | cut -d' ' -f2))
if [ -z "$both" ]; then
	pass deb/no-file-in-both
else
	fail deb/no-file-in-both "$(echo "$both" | tr '\n' ' ')"
fi
# m68k-bootinfo installs on every architecture: nothing kexec-tools or
# kdump-tools has there (commands, pages, /etc, units, completions).
clash=$(files "$deb/m68k-bootinfo" | cut -d' ' -f2 | grep -E \
	'^(etc/|(usr/)?lib/systemd/|(usr/)?s?bin/(kexec|vmcore-dmesg|coldreboot|kdump-config)$|usr/share/man/man8/(kexec|vmcore-dmesg|coldreboot|kdump-config)\.8|usr/share/bash-completion/completions/(kexec|vmcore-dmesg|kdump-config)$)')
if [ -z "$clash" ]; then
	pass deb/m68k-bootinfo-takes-no-kexec-tools-name
else
	fail deb/m68k-bootinfo-takes-no-kexec-tools-name "$(echo "$clash" | tr '\n' ' ')"
fi

# debian/control: the loader and what replaces kexec-tools are m68k's only.
field() { # field PACKAGE NAME: the value of NAME in PACKAGE's paragraph
	awk -v p="$1" -v f="$2" '
		/^Package:/ { inp = ($2 == p) }
		inp && tolower($0) ~ "^" tolower(f) ":" { sub(/^[^:]*:[ \t]*/, ""); v = $0; cont = 1; next }
		inp && cont && /^[ \t]/ { v = v " " $0; next }
		{ cont = 0 }
		END { gsub(/[ \t]+/, " ", v); sub(/ ?,? ?$/, "", v); print v }' debian/control
}
if [ "$(field m68k-kexec Architecture)" = m68k ] && [ "$(field m68k-bootinfo Architecture)" = any ]; then
	pass deb/control-architectures
else
	fail deb/control-architectures "m68k-kexec: $(field m68k-kexec Architecture), m68k-bootinfo: $(field m68k-bootinfo Architecture)"
fi
if [ "$(field m68k-kexec Conflicts)" = "kdump-tools, kexec-tools" ] &&
	[ "$(field m68k-kexec Replaces)" = "kdump-tools, kexec-tools" ] &&
	[ "$(field m68k-kexec Provides)" = "kexec-tools (= 1:2.0.32)" ] &&
	[ -z "$(field m68k-bootinfo Conflicts)$(field m68k-bootinfo Provides)" ] &&
	[ "$(field m68k-bootinfo Replaces)" = "m68k-kexec (<< 0.2~)" ]; then
	pass deb/control-relations
else
	fail deb/control-relations "m68k-kexec: C: $(field m68k-kexec Conflicts) R: $(field m68k-kexec Replaces) P: $(field m68k-kexec Provides); m68k-bootinfo: C: $(field m68k-bootinfo Conflicts) P: $(field m68k-bootinfo Provides) R: $(field m68k-bootinfo Replaces)"
fi

# --- bash completion -------------------------------------------------------

# comp FILE WORD...: source FILE in a plain bash (no bash-completion), set
# COMP_WORDS to the WORDs (the last is the one completed; bash splits
# "--a=b" into "--a" "=" "b"), run the function registered for WORD 1 and
# print COMPREPLY on one line.
comp() {
	local file=$1
	shift
	# shellcheck disable=SC2016 # expanded by the inner bash
	PATH="$inst/usr/sbin:$PATH" bash --norc --noprofile -c '
		. "$1" || exit 1
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		f=$(complete -p "$1" 2>/dev/null | sed -nE "s/.* -F ([^ ]+) .*/\1/p")
		[ -n "$f" ] || { echo "no completion for $1"; exit 1; }
		"$f" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		echo "${COMPREPLY[*]}"' comp "$file" "$@" 2>&1
}
# expect_comp NAME WANT WORD...: COMPREPLY is WANT exactly.
expect_comp() {
	local name=$1 reply=$2 got
	shift 2
	got=$(comp "$inst/usr/share/bash-completion/completions/$1" "$@")
	if [ "$got" = "$reply" ]; then
		pass "completion/$name"
	else
		fail "completion/$name" "got [$got], expected [$reply]"
	fi
}
expect_comp kexec-append --append= kexec --app
expect_comp kexec-type-value elf-m68k kexec --type = ""
expect_comp kexec-t-value elf-m68k kexec -t ""
expect_comp kexec-reuse-not-reuseinitrd --reuse-cmdline kexec --reuse
expect_comp kexec-load-options "--load --load-panic" kexec --lo
expect_comp kexec-no-options "--no-mem-check --no-checks --no-ifdown --no-sync" kexec --no
mkdir -p "$T/comp/boot" && : >"$T/comp/bootinfo.bin" && : >"$T/comp/boot/vmlinux"
expect_comp kexec-initrd-file "$T/comp/boot/vmlinux" kexec --initrd = "$T/comp/boot/vm"
expect_comp kexec-initrd-whole-word "--initrd=$T/comp/boot/vmlinux" kexec "--initrd=$T/comp/boot/vm"
expect_comp kexec-kernel-file "$T/comp/bootinfo.bin" kexec -l "$T/comp/booti"
expect_comp kdump-config-commands "show status load unload mkinitrd savecore" kdump-config ""
expect_comp kdump-config-commands-after-option "show status load unload mkinitrd savecore" \
	kdump-config --config /etc/default/kdump-tools ""
expect_comp kdump-config-one-command "" kdump-config load ""
expect_comp kdump-config-option --state-dir kdump-config --st
expect_comp kdump-config-mkinitrd-file "$T/comp/bootinfo.bin" kdump-config mkinitrd "$T/comp/booti"
expect_comp bootinfo-commands "show check edit new" bootinfo ""
expect_comp bootinfo-help "--help" bootinfo --h
expect_comp bootinfo-show-json --json bootinfo show --j
expect_comp bootinfo-check-quiet "-q --quiet" bootinfo check -
expect_comp bootinfo-new-machine "amiga atari apollo" bootinfo new --machine a
expect_comp bootinfo-edit-options "--output --force --cmdline --append-cmdline --ramdisk --no-ramdisk --memchunk --del-memchunk --set --del" \
	bootinfo edit in --
expect_comp vmcore-dmesg-options "-h --help -V --version" vmcore-dmesg -
expect_comp m68k-kexec-plan --dry-run m68k-kexec-plan --dry
expect_comp m68k-vmcore-dmesg --version m68k-vmcore-dmesg --v

# Installed under a command's name, the file completes that command only;
# sourced under its own name, every one.
got=$(bash --norc --noprofile -c '. "$1" && complete -p' sh "$inst/usr/share/bash-completion/completions/kexec")
if [ "$got" = "complete -F _m68k_kexec kexec" ]; then
	pass completion/registers-its-command-only
else
	fail completion/registers-its-command-only "$(echo "$got" | tr '\n' ';')"
fi
got=$(bash --norc --noprofile -c '. "$1" && complete -p' sh dist/completion/m68k-kexec.bash | awk '{ print $NF }' | sort | tr '\n' ' ')
if [ "$got" = "bootinfo kdump-config kexec m68k-kexec-plan m68k-vmcore-dmesg vmcore-dmesg " ]; then
	pass completion/sourced-registers-all
else
	fail completion/sourced-registers-all "$got"
fi

# Every option each --help names is offered, and nothing else (kexec: not
# the kexec-tools options m68k refuses; bootinfo: its help names a part).
opts() { tr ' ' '\n' | sed -n 's/=$//; /^--/p' | LC_ALL=C sort -u; }
help_kexec=$("$inst/usr/sbin/kexec" --help | grep -o -- '--[a-z][a-z-]*' | LC_ALL=C sort -u |
	grep -vxE -- '--(reuseinitrd|load-preserve-context|load-jump-back-helper|load-live-update|exec-live-update|hotplug)')
comp_kexec=$(comp "$inst/usr/share/bash-completion/completions/kexec" kexec -- | opts)
if [ -n "$help_kexec" ] && [ "$help_kexec" = "$comp_kexec" ]; then
	pass completion/kexec-options-as-help
else
	fail completion/kexec-options-as-help "$(diff <(echo "$help_kexec") <(echo "$comp_kexec") | grep '^[<>]' | tr '\n' ' ')"
fi
help_kc=$("$inst/usr/sbin/kdump-config" --help | grep -o -- '--[a-z][a-z-]*' | LC_ALL=C sort -u)
comp_kc=$(comp "$inst/usr/share/bash-completion/completions/kdump-config" kdump-config -- | opts)
if [ -n "$help_kc" ] && [ "$help_kc" = "$comp_kc" ]; then
	pass completion/kdump-config-options-as-help
else
	fail completion/kdump-config-options-as-help "$(diff <(echo "$help_kc") <(echo "$comp_kc") | grep '^[<>]' | tr '\n' ' ')"
fi
help_vd=$("$inst/usr/sbin/vmcore-dmesg" --help | grep -o -- '--[a-z][a-z-]*' | LC_ALL=C sort -u)
comp_vd=$(comp "$inst/usr/share/bash-completion/completions/vmcore-dmesg" vmcore-dmesg -- | opts)
if [ -n "$help_vd" ] && [ "$help_vd" = "$comp_vd" ]; then
	pass completion/vmcore-dmesg-options-as-help
else
	fail completion/vmcore-dmesg-options-as-help "$(diff <(echo "$help_vd") <(echo "$comp_vd") | grep '^[<>]' | tr '\n' ' ')"
fi
help_bi=$("$inst/usr/sbin/bootinfo" --help | grep -o -- ' --[a-z][a-z-]*' | tr -d ' ' | LC_ALL=C sort -u)
comp_bi=$({
	comp "$inst/usr/share/bash-completion/completions/bootinfo" bootinfo new --
	comp "$inst/usr/share/bash-completion/completions/bootinfo" bootinfo show --
} | opts)
missing=$(comm -23 <(echo "$help_bi") <(echo "$comp_bi"))
if [ -n "$help_bi" ] && [ -z "$missing" ]; then
	pass completion/bootinfo-options-from-help
else
	fail completion/bootinfo-options-from-help "not offered: $(echo "$missing" | tr '\n' ' ')"
fi

# With bash-completion itself: its loader finds the file by the command's
# name and the option is split at "=" as bash-completion splits it.
bc=/usr/share/bash-completion/bash_completion
if [ -r "$bc" ]; then
	# shellcheck disable=SC2016 # expanded by the inner bash
	got=$(XDG_DATA_DIRS="$inst/usr/share" bash --norc --noprofile -c '
		. "$1" >/dev/null 2>&1
		_completion_loader kdump-config
		COMP_WORDS=(kdump-config ""); COMP_CWORD=1
		COMP_LINE="kdump-config "; COMP_POINT=${#COMP_LINE}
		_m68k_kdump_config kdump-config "" kdump-config
		echo "$(complete -p kdump-config) | ${COMPREPLY[*]}"' sh "$bc" 2>&1)
	if [ "$got" = "complete -F _m68k_kdump_config kdump-config | show status load unload mkinitrd savecore" ]; then
		pass completion/bash-completion-loads-it
	else
		fail completion/bash-completion-loads-it "$got"
	fi
else
	fail completion/bash-completion-loads-it "bash-completion is not installed (scripts/deps.sh installs it)"
fi

# --- manual pages --------------------------------------------------------

for m in man/kexec.8 man/bootinfo.8 man/vmcore-dmesg.8 man/kdump-config.8 dist/coldreboot.8 \
	dist/m68k-kexec-plan.8 "$inst/usr/share/man/man8/m68k-vmcore-dmesg.8"; do
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
			systemd-analyze verify "$inst/usr/lib/systemd/system/$unit" 2>&1)
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
