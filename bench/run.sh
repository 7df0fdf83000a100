#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make bench: what `kexec -l` costs on a small machine, measured in the
# guest on the real kernel (QEMU virt, the e2e kernel), plus binary sizes
# and a host instruction count.  Prints the tables and writes them into
# bench/RESULTS.md between its "bench:begin" and "bench:end" markers.
#
# The files to load sit on a virtio disk with an ext4 filesystem made on
# the host (mke2fs -d), as on a real machine; a small initrd holds only
# the guest program (bench/guest-bench.c) and the stage file the e2e init
# runs (tests/e2e/init.c).  Cases, each RUNS times cold (page cache
# dropped) and RUNS times warm, then once under ptrace for the memory:
#   kernel                 vmlinux (the e2e kernel, stripped)
#   kernel+initrd          + a 16 MiB initrd of random bytes (a cpio
#                          holding /payload and its CRC, padded to 16 MiB)
#   gzip-kernel            vmlinux.gz (gzip -9)
#   gzip-kernel+xz-initrd  vmlinux.gz + the initrd as .xz (crc32 check)
#   unstripped-gzip-kernel the vmlinux as the kernel build leaves it (with
#                          its symbols), gzip -9: only what a load reads is
#                          kept, the symbols are decoded and dropped
#   unstripped-xz-kernel   the same, xz -9 (liblzma's dictionary is extra
#                          anonymous memory while it decodes)
# Then the smallest -m (2 MiB steps, binary search, one boot each with a
# timeout) at which the load works, and at which it works AND the loaded
# kernel boots (and, with the initrd, finds its payload intact), with why
# it fails 2 MiB below; a compressed kernel at a few sizes; how much
# MemAvailable a load really needs (the guest squeezes memory before a
# load); the sizes of the static m68k programs; and, on the host,
# callgrind's instruction count of kexec --dry-run on the same inputs.
# About 30 boots: 20-40 minutes on a busy 2-core host.
#
# Environment: BENCH_RUNS (5), BENCH_RAM (MiB for the cases, 128),
# BENCH_TIMEOUT (s per boot, 600), BENCH_MINRAM=0 skips the RAM searches,
# BENCH_MARGIN=0 the measure of the MemAvailable a load needs,
# BENCH_NO_RESULTS=1 leaves bench/RESULTS.md alone, BENCH_KERNEL=VMLINUX
# boots another kernel than the e2e one (its init must be tests/e2e/init.c).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
# shellcheck source=tests/e2e/common.sh
. tests/e2e/common.sh

RUNS=${BENCH_RUNS:-5}
RAM=${BENCH_RAM:-128}
TIMEOUT=${BENCH_TIMEOUT:-600}
MINRAM=${BENCH_MINRAM:-1}
MARGIN=${BENCH_MARGIN:-1}
W=$REPO/build/bench
CMDLINE="console=ttyGF0"
INITRD_SIZE=$((16 << 20))
COMMAND="make bench${BENCH_RUNS:+ BENCH_RUNS=$RUNS}"

ensure_packages qemu-system-misc e2fsprogs valgrind xz-utils gzip python3 \
	make gcc libc6-dev zlib1g-dev liblzma-dev libzstd-dev

# --- build --------------------------------------------------------------
rm -rf "$W"
mkdir -p "$W/disk"
# quietly LOG CMD...: run CMD with its stderr in LOG, shown when it fails.
quietly() {
	local out=$1; shift
	"$@" 2>"$out" || { tail -n 40 "$out" >&2; die "failed: $* (log: $out)"; }
}
KERNEL=${BENCH_KERNEL:-$(quietly "$W/build-kernel.log" bash tests/e2e/build-kernel.sh)}
DEPS=$(quietly "$W/build-cross-libs.log" bash tests/e2e/build-cross-libs.sh)
[ -f "$KERNEL" ] || die "no kernel: $KERNEL"
log "kernel $KERNEL, m68k libraries $DEPS"
quietly "$W/make-m68k.log" make -s CROSS_COMPILE="$CROSS" STATIC=1 DEPS="$DEPS" BUILD=build/bench-m68k all
# Static on the host too: no dynamic linker in the instruction count.
quietly "$W/make-host.log" make -s CROSS_COMPILE= STATIC=1 BUILD=build/bench-host all

"${CROSS}gcc" -static -Os -Wall -Wextra -o "$W/guest-bench" bench/guest-bench.c
"${CROSS}strip" "$W/guest-bench"

# --- the files to load, on an ext4 disk ---------------------------------
"${CROSS}strip" -o "$W/disk/kexec" build/bench-m68k/kexec
"${CROSS}strip" -o "$W/disk/vmlinux" "$KERNEL"
gzip -9 -n -c "$W/disk/vmlinux" >"$W/disk/vmlinux.gz"
gzip -9 -n -c "$KERNEL" >"$W/disk/vmlinux-unstripped.gz"
xz -T1 -9 --check=crc32 -c "$KERNEL" >"$W/disk/vmlinux-unstripped.xz"
python3 - "$W/payload" "$W/payload.crc" $((INITRD_SIZE - 512)) <<'PY'
import random, sys, zlib
data = random.Random(6).randbytes(int(sys.argv[3]))
open(sys.argv[1], "wb").write(data)
open(sys.argv[2], "w").write("%08x\n" % zlib.crc32(data))
PY
python3 bench/mkcpio.py "$W/disk/initrd.cpio" --pad-to "$INITRD_SIZE" \
	payload="$W/payload" payload.crc="$W/payload.crc"
xz -T1 --check=crc32 --lzma2=dict=1MiB -c "$W/disk/initrd.cpio" >"$W/disk/initrd.cpio.xz"
rm -f "$W/payload"
mke2fs -q -F -t ext4 -L bench -d "$W/disk" "$W/disk.img" \
	$(( $(du -sm "$W/disk" | cut -f1) * 5 / 4 + 16 ))M

size_of() { stat -c %s "$1"; }

# bench_initrd NAME STAGE-LINE...: the guest program and a stage file.
bench_initrd() {
	local name=$1; shift
	printf '%s\n' "$@" >"$W/$name.stage0"
	python3 bench/mkcpio.py "$W/$name.cpio" e2e/stage0="$W/$name.stage0" \
		guest-bench="$W/guest-bench"
}

# boot MIB INITRD LOG: one QEMU virt boot with the disk; 0 unless it
# timed out.  The guest powers off when its init is done.
boot() {
	local mib=$1 initrd=$2 out=$3 rc=0
	timeout "$TIMEOUT" qemu-system-m68k -M virt -m "${mib}M" \
		-display none -monitor none -serial stdio -no-reboot \
		-kernel "$KERNEL" -initrd "$initrd" -append "$CMDLINE" \
		-drive file="$W/disk.img",format=raw,if=none,id=d,readonly=on \
		-device virtio-blk-device,drive=d </dev/null >"$out" 2>&1 || rc=$?
	tr -d '\r' <"$out" >"$out.tmp" && mv "$out.tmp" "$out"
	[ "$rc" -ne 124 ]
}

# bench_lines LOG: the guest program's lines, wherever they start.
bench_lines() { grep -ao 'BENCH .*' "$1" || true; }

# --- the cases ----------------------------------------------------------
CASES=(kernel kernel+initrd gzip-kernel gzip-kernel+xz-initrd unstripped-gzip-kernel
	unstripped-xz-kernel)
declare -A CASE_ARGS=(
	[kernel]="/mnt/vmlinux"
	[kernel+initrd]="/mnt/vmlinux --initrd=/mnt/initrd.cpio"
	[gzip-kernel]="/mnt/vmlinux.gz"
	[gzip-kernel+xz-initrd]="/mnt/vmlinux.gz --initrd=/mnt/initrd.cpio.xz"
	[unstripped-gzip-kernel]="/mnt/vmlinux-unstripped.gz"
	[unstripped-xz-kernel]="/mnt/vmlinux-unstripped.xz"
)
lines=("run /guest-bench mount /dev/vda /mnt")
for c in "${CASES[@]}"; do
	lines+=("run /guest-bench case $c $RUNS /mnt/kexec -l ${CASE_ARGS[$c]} --command-line=$CMDLINE")
done
bench_initrd cases "${lines[@]}"
log "cases: $RUNS cold + $RUNS warm loads each, -m ${RAM}M"
boot "$RAM" "$W/cases.cpio" "$W/cases.log" || die "the cases boot timed out after $TIMEOUT s (log: $W/cases.log)"
bench_lines "$W/cases.log" >"$W/cases.txt"
grep -q "^BENCH mem case=${CASES[-1]} " "$W/cases.txt" ||
	die "the guest did not finish the cases (log: $W/cases.log)"
# The machine's bootinfo, for the host's dry runs.
grep -ao 'E2E bootinfo [0-9a-f]*' "$W/cases.log" | head -n 1 | cut -d' ' -f3 |
	python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read().strip()))' \
	>"$W/bootinfo.bin"
[ -s "$W/bootinfo.bin" ] || die "no /proc/bootinfo in the guest's report"

# stat_ms CASE CACHE: "median / min" of the timed runs, in ms.
stat_ms() {
	sed -n "s/^BENCH run case=$1 cache=$2 i=[0-9]* rc=0 us=\([0-9]*\) .*/\1/p" "$W/cases.txt" |
		sort -n | awk '{ v[NR] = $1 } END {
			if (!NR) { print "failed"; exit }
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.0f / %.0f", m / 1000, v[1] / 1000 }'
}
# maxrss CASE: median ru_maxrss of the timed runs, in KiB.
maxrss() {
	sed -n "s/^BENCH run case=$1 cache=.* rc=0 .* maxrss_kb=\([0-9]*\)$/\1/p" "$W/cases.txt" |
		sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "?" }'
}
# mem CASE FIELD: from the traced run.
mem() { sed -n "s/^BENCH mem case=$1 .*$2=\([0-9-]*\).*/\1/p" "$W/cases.txt" | head -n 1; }
# file_kb CASE: the peak RSS that is not anonymous (mapped file pages).
file_kb() {
	local rss anon
	rss=$(maxrss "$1") anon=$(mem "$1" anon_kb)
	[[ $rss =~ ^[0-9]+$ && $anon =~ ^[0-9]+$ ]] && echo $((rss - anon)) || echo "?"
}
kib() { awk -v k="$1" 'BEGIN { if (k ~ /^[0-9]+$/) printf "%d KiB (%.1f MiB)", k, k / 1024; else print k }'; }

# --- smallest RAM ---------------------------------------------------------
# Two questions per input: the smallest -m at which `kexec -l` succeeds
# (the loader's and the kernel's limits), and the smallest at which it
# succeeds AND the loaded kernel boots (and, with the initrd, unpacks its
# payload intact: the second kernel's own needs count there too).
declare -A RAM_ARGS=(
	[kernel]="/mnt/vmlinux"
	[kernel+initrd]="/mnt/vmlinux --initrd=/mnt/initrd.cpio"
	[gzip-kernel+initrd]="/mnt/vmlinux.gz --initrd=/mnt/initrd.cpio"
)
OOM_RE='Out of memory|oom-kill|invoked oom-killer'
PANIC_RE='Kernel panic|not syncing'
INITRD_RE='rootfs image is not initramfs|Initramfs unpacking failed|incomplete write|initrd overwritten'

# try_ram MIB KIND MODE: MODE load (kexec -l) or boot (kexec -l, then
# kexec -e); sets REASON when it fails.  The log is read in two parts: up
# to the load's result (the first kernel) and after it (the loaded one).
REASON=
try_ram() {
	local mib=$1 kind=$2 mode=$3 name log line first second
	name=$mode-$kind
	log=$W/ram-$name-$mib.log
	first=$W/ram-$name-$mib.first
	second=$W/ram-$name-$mib.second
	if [ ! -f "$W/$name.cpio" ]; then
		bench_initrd "$name" "run /guest-bench mount /dev/vda /mnt" \
			"run /guest-bench $mode /mnt/kexec -l ${RAM_ARGS[$kind]} \"--command-line=$CMDLINE e2e_stage=1\""
	fi
	if ! boot "$mib" "$W/$name.cpio" "$log"; then
		REASON="no answer within $TIMEOUT s; last line: $(grep -av '^$' "$log" | tail -n 1)"
		return 1
	fi
	if grep -aq '^qemu-system-m68k:' "$log"; then
		REASON="qemu: $(grep -a '^qemu-system-m68k:' "$log" | head -n 1 | sed 's/^qemu-system-m68k: //')"
		return 1
	fi
	sed '/BENCH load rc=/q' "$log" >"$first"
	sed -n '/BENCH load rc=/,$p' "$log" | tail -n +2 >"$second"
	if ! grep -aq 'E2E stage 0' "$first"; then
		line=$(grep -aE "$OOM_RE|$PANIC_RE" "$first" | head -n 1 || true)
		REASON="the first kernel does not reach its init: ${line:-$(grep -av '^$' "$first" | tail -n 1)}"
		return 1
	fi
	line=$(grep -aE "$OOM_RE" "$first" | head -n 1 || true)
	if [ -n "$line" ]; then
		REASON="out of memory during the load ($(bench_lines "$first" | grep -a '^BENCH load' |
			sed 's/^BENCH //; s/ maxrss.*//')): ${line#*] }"
		line=$(grep -ao 'boost:[1-9][0-9]*kB' "$first" | head -n 1 || true)
		[ -z "$line" ] || REASON+=" (watermark ${line/:/ })"
		return 1
	fi
	if ! grep -aq 'BENCH load rc=0' "$first"; then
		line=$(bench_lines "$log" | sed -n 's/^BENCH err case=boot //p' | head -n 1)
		REASON="$(bench_lines "$first" | grep -a '^BENCH load' | head -n 1 |
			sed 's/^BENCH //; s/ maxrss.*//'): ${line:-no message}"
		return 1
	fi
	[ "$mode" = load ] && { REASON=; return 0; }
	line=$(grep -aE "$OOM_RE|$PANIC_RE|$INITRD_RE" "$second" | head -n 1 || true)
	if ! grep -aq 'E2E stage 1' "$second"; then
		REASON="the loaded kernel does not reach its init: ${line:-$(grep -av '^$' "$second" | tail -n 1)}"
		return 1
	fi
	if [[ $kind == *initrd ]] && ! grep -aq 'E2E payload .* ok' "$second"; then
		REASON="the loaded kernel did not get the initrd: ${line:-$(grep -a 'E2E payload' "$second" || echo no payload)}"
		return 1
	fi
	if ! grep -aq 'E2E done' "$second"; then
		REASON="the loaded kernel's init did not finish: ${line:-$(grep -av '^$' "$second" | tail -n 1)}"
		return 1
	fi
	REASON=
	return 0
}

# min_ram KIND MODE: binary search over even MiB in [8, 256]; prints
# "MIN<tab>WHY" (WHY: the failure 2 MiB below MIN).
min_ram() {
	local kind=$1 mode=$2 lo=8 hi=256 mid
	declare -A why=()
	try_ram "$hi" "$kind" "$mode" || die "$mode $kind: fails even with ${hi} MiB: $REASON"
	while [ $((hi - lo)) -gt 2 ]; do
		mid=$(( (lo + hi) / 2 / 2 * 2 ))  # an even MiB count
		[ "$mid" -le "$lo" ] && mid=$((lo + 2))
		if try_ram "$mid" "$kind" "$mode"; then
			log "$mode $kind: ${mid} MiB works"
			hi=$mid
		else
			log "$mode $kind: ${mid} MiB fails: $REASON"
			why[$mid]=$REASON
			lo=$mid
		fi
	done
	if [ -z "${why[$lo]:-}" ]; then
		try_ram "$lo" "$kind" "$mode" && die "$mode $kind: ${lo} MiB works after all: not monotonic"
		why[$lo]=$REASON
	fi
	printf '%s\t%s\n' "$hi" "${lo} MiB: ${why[$lo]}"
}

RAM_SEARCHES=("kernel+initrd boot" "kernel boot" "kernel+initrd load" "kernel load" "gzip-kernel+initrd load")
declare -A RAM_MIN RAM_WHY
for s in "${RAM_SEARCHES[@]}"; do
	RAM_MIN[$s]=skipped RAM_WHY[$s]=-
	[ "$MINRAM" = 1 ] || continue
	r=$(min_ram "${s% *}" "${s#* }")
	RAM_MIN[$s]=${r%%$'\t'*} RAM_WHY[$s]=${r#*$'\t'}
done

# A compressed kernel is decompressed into anonymous memory first, so it
# needs about twice the kernel's size; what happens at a few sizes (not a
# search: near the limit the kernel's watermark boost makes the outcome
# depend on more than the size, see RESULTS.md).
PROBE_RAM=(16 18 20 22 24 26)
PROBE=""
if [ "$MINRAM" = 1 ]; then
	RAM_ARGS[gzip-kernel]="/mnt/vmlinux.gz"
	for mib in "${PROBE_RAM[@]}"; do
		if try_ram "$mib" gzip-kernel load; then r="loads"; else r=$REASON; fi
		log "probe gzip-kernel: $mib MiB: $r"
		PROBE+="<br>${mib} MiB: $r"
	done
	PROBE=${PROBE#<br>}
fi

# --- how much must be available -------------------------------------------
# kexec refuses a load when the kernel's copy plus a working margin is more
# than MemAvailable.  Measure what the kernel really needs: the guest holds
# anonymous memory until MemAvailable is the copy plus X KiB, then loads
# with --no-mem-check; X from -768 to +512 KiB, twice each, one boot per
# setting ("kind MiB boost": the kernel's watermark boost left on, or
# switched off with vm.watermark_boost_factor=0; on m68k it is 4 MiB and
# only applies from 16 MiB of managed memory, -m 21M or so).
SQUEEZE_X=(-768 -512 -384 -256 -128 0 128 256 512)
SQUEEZE_SPECS=("kernel 16 on" "kernel 24 on" "kernel 24 off" "kernel+initrd 64 off")
declare -A SQUEEZE
copy_kb() {
	# shellcheck disable=SC2086
	build/bench-host/kexec --dry-run --json --bootinfo="$W/bootinfo.bin" -l \
		${RAM_ARGS[$1]//\/mnt\//$W/disk/} | python3 -c 'import json, sys; print(json.load(sys.stdin)["copy_bytes"] // 1024)'
}
for spec in "${SQUEEZE_SPECS[@]}"; do
	SQUEEZE[$spec]=skipped
	[ "$MARGIN" = 1 ] || continue
	read -r kind mib boost <<<"$spec"
	name="squeeze-$kind-$mib-$boost"
	copy=$(copy_kb "$kind")
	lines=("run /guest-bench mount /dev/vda /mnt")
	[ "$boost" = on ] || lines+=("run /guest-bench write /proc/sys/vm/watermark_boost_factor 0")
	for x in "${SQUEEZE_X[@]}" "${SQUEEZE_X[@]}"; do
		lines+=("run /guest-bench squeeze $((copy + x)) /mnt/kexec -l ${RAM_ARGS[$kind]} --no-mem-check --command-line=$CMDLINE")
	done
	bench_initrd "$name" "${lines[@]}"
	log "margin: $spec, copy $copy KiB"
	# Squeezed to the last pages, a guest sometimes stops answering after
	# an OOM kill: count the loads it did, and say so.
	hung=
	TIMEOUT=$((TIMEOUT < 300 ? TIMEOUT : 300)) boot "$mib" "$W/$name.cpio" "$W/$name.log" ||
		hung="; then the guest stopped answering after an OOM kill (timed out; log $name.log)"
	# Each X as reached (MemAvailable - copy), in order: ok, or how it failed.
	SQUEEZE[$spec]="copy $copy KiB; $(python3 - "$W/$name.log" "$copy" <<'PY'
import re, sys
log, copy = open(sys.argv[1], errors="replace").read(), int(sys.argv[2])
res = []
for p in re.split(r"BENCH squeeze ", log)[1:]:
    m = re.match(r"target_kb=(\d+) available_kb=(-?\d+)", p)
    load = re.search(r"BENCH load rc=(\d+)", p)
    rc = int(load.group(1)) if load else -1
    what = "OOM" if re.search(r"Out of memory|invoked oom-killer", p) else "ok" if rc == 0 else f"rc={rc}"
    res.append((int(m.group(2)) - copy, what))
res.sort()
ok = [x for x, w in res if w == "ok"]
bad = [x for x, w in res if w != "ok"]
if not ok:
    head = "never loaded"
elif not bad:
    head = f"every load worked, down to {min(ok):+d} KiB"
else:
    head = f"every load above {max(bad):+d} KiB worked; {len(bad)} of {len(res)} failed"
print(head + " (each: " + ", ".join(f"{x:+d} {w}" for x, w in res) + ")")
PY
)$hung"
done

# --- sizes ----------------------------------------------------------------
"${CROSS}strip" -o "$W/kexec.stripped" build/bench-m68k/kexec
SIZE_KEXEC=$(size_of "$W/kexec.stripped")
SIZE_BOOTINFO="not built (no cli/bootinfo.c)"
if [ -f build/bench-m68k/bootinfo ]; then
	"${CROSS}strip" -o "$W/bootinfo.stripped" build/bench-m68k/bootinfo
	SIZE_BOOTINFO="$(size_of "$W/bootinfo.stripped") bytes"
fi
printf 'int main(void) { return 0; }\n' >"$W/empty.c"
"${CROSS}gcc" -static -Os -s -o "$W/empty" "$W/empty.c"
SIZE_EMPTY=$(size_of "$W/empty")

# --- host instruction counts ---------------------------------------------
# callgrind_count ARGS...: instructions of one host kexec run.
callgrind_count() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		build/bench-host/kexec --dry-run --bootinfo="$W/bootinfo.bin" \
		--command-line="$CMDLINE" "$@" 2>&1 >/dev/null |
		sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
declare -A IR
for c in "${CASES[@]}"; do
	# shellcheck disable=SC2086
	IR[$c]=$(callgrind_count -l ${CASE_ARGS[$c]//\/mnt\//$W/disk/})
	[ -n "${IR[$c]}" ] || die "callgrind gave no count for $c"
done

# --- the tables -------------------------------------------------------------
COMMIT=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- cli sys lib include Makefile bench 2>/dev/null || COMMIT="$COMMIT + uncommitted changes"
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
declare -A QUOTED=(
	[kernel]="26 ms, 4.9 MB"
	[kernel+initrd]="138 ms, 21.3 MB"
	[gzip-kernel]="-"
	[gzip-kernel+xz-initrd]="-"
	[unstripped-gzip-kernel]="-"
	[unstripped-xz-kernel]="-"
)
declare -A FILES=(
	[kernel]="vmlinux $(size_of "$W/disk/vmlinux")"
	[kernel+initrd]="vmlinux $(size_of "$W/disk/vmlinux") + initrd.cpio $(size_of "$W/disk/initrd.cpio")"
	[gzip-kernel]="vmlinux.gz $(size_of "$W/disk/vmlinux.gz")"
	[gzip-kernel+xz-initrd]="vmlinux.gz $(size_of "$W/disk/vmlinux.gz") + initrd.cpio.xz $(size_of "$W/disk/initrd.cpio.xz")"
	[unstripped-gzip-kernel]="vmlinux-unstripped.gz $(size_of "$W/disk/vmlinux-unstripped.gz") (ELF $(size_of "$KERNEL"))"
	[unstripped-xz-kernel]="vmlinux-unstripped.xz $(size_of "$W/disk/vmlinux-unstripped.xz") (ELF $(size_of "$KERNEL"))"
)

table() {
	echo "Commit $COMMIT, $DATE, QEMU virt -m ${RAM}M (68040), $(nproc) shared host cores."
	echo "Reproduce: \`$COMMAND\` (bench/run.sh)."
	echo
	echo "| kexec -l case | files (bytes) | cold ms, median / min | warm ms, median / min | peak RSS (ru_maxrss) | of which anonymous (peak RssAnon) | of which file pages (the rest) | incumbent, quoted from issue 6 (files in the initramfs; ms, peak RSS) |"
	echo "|---|---|---|---|---|---|---|---|"
	for c in "${CASES[@]}"; do
		echo "| $c | ${FILES[$c]} | $(stat_ms "$c" cold) | $(stat_ms "$c" warm) | $(kib "$(maxrss "$c")") | $(kib "$(mem "$c" anon_kb)") | $(kib "$(file_kb "$c")") | ${QUOTED[$c]} |"
	done
	echo
	echo "| measure | m68k-kexec, measured here | incumbent, quoted from issue 6 |"
	echo "|---|---|---|"
	echo "| smallest RAM (-m): kernel + 16 MiB initrd loads and boots | ${RAM_MIN[kernel+initrd boot]} MiB | 72 MiB |"
	echo "| ... fails 2 MiB below, because | ${RAM_WHY[kernel+initrd boot]} | - |"
	echo "| smallest RAM (-m): kernel alone loads and boots | ${RAM_MIN[kernel boot]} MiB | 22 MiB |"
	echo "| ... fails 2 MiB below, because | ${RAM_WHY[kernel boot]} | - |"
	echo "| smallest RAM (-m): kernel + 16 MiB initrd loads (kexec -l only) | ${RAM_MIN[kernel+initrd load]} MiB | - |"
	echo "| ... fails 2 MiB below, because | ${RAM_WHY[kernel+initrd load]} | - |"
	echo "| smallest RAM (-m): kernel alone loads (kexec -l only) | ${RAM_MIN[kernel load]} MiB | - |"
	echo "| ... fails 2 MiB below, because | ${RAM_WHY[kernel load]} | - |"
	echo "| smallest RAM (-m): gzip kernel + 16 MiB initrd loads (kexec -l only) | ${RAM_MIN[gzip-kernel+initrd load]} MiB | - |"
	echo "| ... fails 2 MiB below, because | ${RAM_WHY[gzip-kernel+initrd load]} | - |"
	echo "| gzip kernel alone, kexec -l at a few sizes (-m) | ${PROBE:-skipped} | - |"
	echo "| static m68k kexec, stripped | $SIZE_KEXEC bytes | 609 KB |"
	echo "| static m68k bootinfo, stripped | $SIZE_BOOTINFO | - |"
	echo "| empty static glibc program (reference) | $SIZE_EMPTY bytes | 453 KB |"
	for spec in "${SQUEEZE_SPECS[@]}"; do
		read -r kind mib boost <<<"$spec"
		echo "| kexec -l $kind --no-mem-check at -m ${mib}M, watermark boost $boost, with MemAvailable = copy + X (kexec itself asks for X >= 0, plus 4096 KiB when the boost is on at 16 MiB or more) | ${SQUEEZE[$spec]} | - |"
	done
	for c in "${CASES[@]}"; do
		echo "| host instructions, kexec --dry-run $c (callgrind) | ${IR[$c]} | - |"
	done
}

table | tee "$W/table.md"
if [ "${BENCH_NO_RESULTS:-0}" != 1 ]; then
	python3 - bench/RESULTS.md "$W/table.md" <<'PY'
import sys
path, table = sys.argv[1], open(sys.argv[2]).read()
begin, end = "<!-- bench:begin -->\n", "<!-- bench:end -->\n"
try:
    text = open(path).read()
except FileNotFoundError:
    text = "# Benchmarks\n\n" + begin + end
if begin not in text or end not in text:
    sys.exit(f"{path}: no bench:begin/bench:end markers")
head, rest = text.split(begin, 1)
tail = rest.split(end, 1)[1]
open(path, "w").write(head + begin + table + end + tail)
PY
	log "tables written into bench/RESULTS.md"
fi
