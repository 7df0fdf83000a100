#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check kexec --dry-run --json plans of a REAL vmlinux against the kernel's
rules, computed independently of the C code: from the ELF program headers,
System.map (_start, _end) and the bootinfo each layout gives.

Usage: check_plans.py KEXEC VMLINUX SYSTEM_MAP WORKDIR
Prints PASS/FAIL per case and "N passed, M failed".
"""
import gzip
import json
import lzma
import os
import struct
import subprocess
import sys

PAGE = 4096
EARLY_TABLES = 64 * 1024
KEXEC, VMLINUX, SYSMAP, WORK = sys.argv[1:5]
results = []


def rec(tag, data):
    data += b"\0" * (-len(data) % 4)
    return struct.pack(">HH", tag, len(data) + 4) + data


def u32(v):
    return struct.pack(">I", v)


def bootinfo(mach, chunks, extra=b"", cmdline=b"console=ttyGF0 BOOT_IMAGE=vmlinux"):
    b = rec(1, u32(mach)) + rec(2, u32(4)) + rec(3, u32(4)) + rec(4, u32(4))
    for a, s in chunks:
        b += rec(5, u32(a) + u32(s))
    b += extra + rec(7, cmdline + b"\0") + rec(8, struct.pack(">H", 32) + bytes(32))
    return b + struct.pack(">H", 0)


def symbols():
    syms = {}
    with open(SYSMAP) as f:
        for line in f:
            a, _, name = line.split()
            syms[name] = int(a, 16)
    return syms


def elf_loads(path):
    with open(path, "rb") as f:
        d = f.read()
    assert d[:4] == b"\x7fELF" and d[4] == 1 and d[5] == 2
    entry, phoff = struct.unpack(">II", d[24:32])
    phentsize, phnum = struct.unpack(">HH", d[42:46])
    loads = []
    for i in range(phnum):
        p = d[phoff + i * phentsize: phoff + (i + 1) * phentsize]
        typ, off, va, pa, fsz, msz = struct.unpack(">IIIIII", p[:24])
        if typ == 1 and msz:
            loads.append((off, va, fsz, msz))
    return entry, loads


def check(name, layout, extra_args, expect_ramdisk_chunk=None):
    errs = []
    chunks = layout["chunks"]
    path = os.path.join(WORK, name + ".bi")
    with open(path, "wb") as f:
        f.write(bootinfo(layout["mach"], chunks, layout.get("extra", b"")))
    kernel = layout.get("kernel", VMLINUX)
    cmd = [KEXEC, "--dry-run", "--json", "-l", kernel, "--bootinfo=" + path] + extra_args
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        results.append((name, "exit %d: %s" % (p.returncode, p.stderr.strip())))
        return None
    plan = json.loads(p.stdout)
    off = chunks[0][0]
    syms = symbols()
    entry, loads = elf_loads(VMLINUX)
    end_phys = syms["_end"] + off
    # Entry, offset, _end.
    if plan["memoffset"] != off:
        errs.append("memoffset %#x != first chunk %#x" % (plan["memoffset"], off))
    if plan["entry"] != syms["_start"] + off or plan["entry"] != entry + off:
        errs.append("entry %#x != _start %#x + %#x" % (plan["entry"], syms["_start"], off))
    if plan["bootinfo_addr"] != end_phys:
        errs.append("bootinfo at %#x, _end is %#x" % (plan["bootinfo_addr"], end_phys))
    segs = plan["segments"]
    if len(segs) > 16:
        errs.append("%d segments" % len(segs))
    total = 0
    ram = sum(s for _, s in chunks)
    for i, s in enumerate(segs):
        a, n = s["mem"], s["memsz"]
        total += n
        if a % PAGE or n % PAGE or s["bufsz"] > n:
            errs.append("segment %d misaligned or bufsz > memsz" % i)
        inside = [c for c in chunks if c[0] <= a and a + n <= c[0] + c[1]]
        if not inside:
            errs.append("segment %d %#x+%#x outside RAM" % (i, a, n))
        elif inside[0][0] < off:
            errs.append("segment %d below the first chunk" % i)
        if n > ram // 2:
            errs.append("segment %d above half of RAM" % i)
        for j in range(i):
            b, m = segs[j]["mem"], segs[j]["memsz"]
            if a < b + m and b < a + n:
                errs.append("segments %d and %d overlap" % (i, j))
    if total > ram // 2:
        errs.append("total above half of RAM")
    # The kernel: every PT_LOAD byte (header page dropped) inside a kernel
    # segment of the first chunk, none of them loading physical 'off'.
    ksegs = [s for s in segs if s["role"] == "kernel"]
    c0 = chunks[0]
    for s in ksegs:
        if not (c0[0] <= s["mem"] and s["mem"] + s["memsz"] <= c0[0] + c0[1]):
            errs.append("kernel segment outside the first chunk")
        if s["mem"] < off + PAGE:
            errs.append("kernel segment loads the ELF header page")
    for (o, va, fsz, msz) in loads:
        start = max(va, PAGE) + off
        stop = va + msz + off
        if not any(s["mem"] <= start and stop <= s["mem"] + s["memsz"] + PAGE for s in ksegs):
            errs.append("PT_LOAD %#x..%#x not covered" % (start, stop))
    bis = [s for s in segs if s["role"] == "bootinfo"]
    if len(bis) != 1 or bis[0]["mem"] != end_phys - end_phys % PAGE:
        errs.append("bootinfo segment not at _end's page")
    else:
        tables_end = bis[0]["mem"] + bis[0]["memsz"] + EARLY_TABLES
        mapped = 16 << 20 if c0[1] >= 16 << 20 else 8 << 20 if c0[1] >= 8 << 20 else 4 << 20
        if tables_end > off + mapped:
            errs.append("early tables past the initial mapping")
        for s in segs:
            if s is not bis[0] and s["mem"] < tables_end and bis[0]["mem"] < s["mem"] + s["memsz"]:
                errs.append("a segment sits on the early page tables")
    # The new bootinfo: chunks kept, command line, ramdisk record == plan.
    bi = plan["bootinfo"]
    got_chunks = [(r["addr"], r["length"]) for r in bi if r["name"] == "BI_MEMCHUNK"]
    if got_chunks != [tuple(c) for c in chunks]:
        errs.append("memory chunks changed: %r" % got_chunks)
    rd = [r for r in bi if r["name"] == "BI_RAMDISK"]
    rsegs = [s for s in segs if s["role"] == "ramdisk"]
    if expect_ramdisk_chunk is None:
        if rd or rsegs or plan["ramdisk"] is not None:
            errs.append("unexpected ramdisk")
    else:
        if len(rd) != 1 or len(rsegs) != 1:
            errs.append("ramdisk record/segment missing")
        else:
            c = chunks[expect_ramdisk_chunk]
            if rd[0]["addr"] != rsegs[0]["mem"] or rd[0]["addr"] != plan["ramdisk"]["addr"]:
                errs.append("BI_RAMDISK %#x != segment %#x" % (rd[0]["addr"], rsegs[0]["mem"]))
            if rsegs[0]["mem"] + rsegs[0]["memsz"] != c[0] + c[1]:
                errs.append("ramdisk not at the top of chunk %d" % expect_ramdisk_chunk)
            if rd[0]["length"] != rsegs[0]["bufsz"]:
                errs.append("BI_RAMDISK size != file size")
    seeds = [r for r in bi if r["name"] == "BI_RNG_SEED"]
    if len(seeds) != 1 or seeds[0]["value"] != "32 bytes":
        errs.append("RNG seed record wrong")
    if plan["bootinfo_size"] > 1536:
        errs.append("bootinfo over 1536 bytes")
    results.append((name, "; ".join(errs)))
    return plan


def main():
    os.makedirs(WORK, exist_ok=True)
    with open(VMLINUX, "rb") as f:
        raw = f.read()
    gz = os.path.join(WORK, "vmlinuz.gz")
    with gzip.open(gz, "wb", compresslevel=6) as f:
        f.write(raw)
    xz = os.path.join(WORK, "vmlinux.xz")
    with lzma.open(xz, "wb", preset=1, check=lzma.CHECK_CRC32) as f:
        f.write(raw)
    rd16 = os.path.join(WORK, "initrd16")
    with open(rd16, "wb") as f:
        f.write(os.urandom(16 << 20))
    rd1 = os.path.join(WORK, "initrd1")
    with open(rd1, "wb") as f:
        f.write(os.urandom((1 << 20) + 123))
    M = 1 << 20
    virt = {"mach": 14, "chunks": [(0, 128 * M)]}
    q800 = {"mach": 3, "chunks": [(0, 128 * M)], "extra": rec(0x8000, u32(35))}
    st_first = {"mach": 2, "chunks": [(0, 14 * M), (0x01000000, 64 * M)]}
    fast_first = {"mach": 2, "chunks": [(0x01000000, 128 * M), (0, 14 * M)]}
    amiga = {"mach": 1, "chunks": [(0x07000000, 16 * M), (0x08000000, 112 * M)]}
    check("virt-kernel", virt, ["--reuse-cmdline"])
    check("virt-initrd", virt, ["--reuse-cmdline", "--initrd=" + rd16], 0)
    check("virt-gzip", dict(virt, kernel=gz), ["--reuse-cmdline"])
    check("virt-xz", dict(virt, kernel=xz), ["--initrd=" + rd1], 0)
    check("q800-initrd", q800, ["--initrd=" + rd1], 0)
    check("aranym-stram-first-initrd16", st_first, ["--initrd=" + rd16], 1)
    check("aranym-stram-first-initrd1", st_first, ["--initrd=" + rd1], 0)
    check("aranym-fastram-first-initrd16", fast_first, ["--initrd=" + rd16], 0)
    check("amiga-07000000-initrd", amiga, ["--initrd=" + rd1], 0)
    check("amiga-07000000-initrd16", amiga, ["--initrd=" + rd16], 1)
    # The compressed kernel gives the same segments as the plain one.
    plain = check("virt-plain-again", virt, [])
    packed = check("virt-gzip-again", dict(virt, kernel=gz), [])
    if plain and packed:
        same = [(s["mem"], s["memsz"], s["bufsz"]) for s in plain["segments"]] == \
               [(s["mem"], s["memsz"], s["bufsz"]) for s in packed["segments"]]
        results.append(("gzip-equals-plain", "" if same else "segments differ"))
    failed = 0
    for name, err in results:
        if err:
            failed += 1
            print("FAIL plan-%s: %s" % (name, err))
        else:
            print("PASS plan-%s" % name)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
