#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the fuzzers' seed corpora into tests/fuzz/corpus/<target>/.

Every seed is made here from doc/load-rules.md and doc/emulators.md: tiny m68k vmlinux
images laid out like the real one (linked at 0, first PT_LOAD at file
offset 0 with the headers in its first page, bootversion table at _stext,
_start at 0x2000), their gzip/xz/zstd forms, and the bootinfo lists of the
emulated machines (QEMU virt and q800, ARAnyM with ST-RAM only, with
FastRAM, and FastRAM first).  Deterministic: running it twice gives the
same bytes, so the committed corpus can be checked against it.

Usage: gen-corpus.py [OUTDIR]   (default: the corpus/ beside this script)
"""
import gzip
import lzma
import os
import shutil
import struct
import subprocess
import sys

PAGE = 4096
MACH = dict(amiga=1, atari=2, mac=3, virt=14)


# ---------------------------------------------------------------- ELF

def elf(loads, entry=0x2000, extra_phdrs=(), bootversion=True, text=b""):
    """An ELF32 big-endian EM_68K ET_EXEC image.

    loads: (offset, vaddr, filesz, memsz) per PT_LOAD; the file is as long
    as the furthest file byte.  The header page (offset 0) holds the ELF
    header and the program headers; the bytes at 0x1000 (_stext) are the
    bootversion table; the rest is a pattern that differs per page.
    """
    phdrs = [(1, o, v, fs, ms) for (o, v, fs, ms) in loads] + list(extra_phdrs)
    size = max(o + fs for (_, o, _, fs, _) in phdrs)
    size = max(size, 52 + 32 * len(phdrs))
    img = bytearray((i * 7 + (i >> 12)) & 0xff for i in range(size))
    ehdr = struct.pack(">4sBBBB8xHHIIIIIHHHHHH", b"\x7fELF", 1, 2, 1, 0,
                       2, 4, 1, entry, 52, 0, 0, 52, 32, len(phdrs), 40, 0, 0)
    img[0:52] = ehdr
    for i, (t, o, v, fs, ms) in enumerate(phdrs):
        img[52 + 32 * i:84 + 32 * i] = struct.pack(
            ">IIIIIIII", t, o, v, v, fs, ms, 7, PAGE)
    # zero the rest of the header page, as a linker does
    hdr_end = 52 + 32 * len(phdrs)
    img[hdr_end:min(PAGE, size)] = bytes(min(PAGE, size) - hdr_end)
    if bootversion and size >= PAGE + 64:
        bv = struct.pack(">HI", 0x6000, 0x4249561A)
        for m, ver in ((MACH["amiga"], 0x20000), (MACH["atari"], 0x20001),
                       (MACH["mac"], 0x20000), (6, 0x20000), (0, 0)):
            bv += struct.pack(">II", m, ver)
        img[PAGE:PAGE + len(bv)] = bv
    if text:
        img[0x2000:0x2000 + len(text)] = text
    return bytes(img)


def kernels():
    nops = b"\x4e\x71" * 8 + b"\x60\xfe"        # nop x8; bra.s .
    k = {}
    # Like vmlinux: text+data from 0 (headers in page 0), then bss.
    k["tiny"] = elf([(0, 0, 0x4000, 0x6000)], text=nops)
    # Two PT_LOADs (text, then data+bss), _end page aligned.
    k["two-loads"] = elf([(0, 0, 0x3000, 0x3000), (0x3000, 0x3000, 0x800, 0x2000)],
                         text=nops)
    # _end not page aligned: the bootinfo shares _end's page.
    k["end-unaligned"] = elf([(0, 0, 0x3000, 0x3000), (0x3000, 0x3000, 0x900, 0x1e10)],
                             text=nops)
    # A PT_NOTE and a PT_GNU_STACK besides the loads.
    k["notes"] = elf([(0, 0, 0x3000, 0x5000)], text=nops,
                     extra_phdrs=[(4, 0x2f00, 0x2f00, 0x40, 0x40),
                                  (0x6474e551, 0, 0, 0, 0)])
    # No bootversion table (the machine is then unknown to the kernel).
    k["no-bootversion"] = elf([(0, 0, 0x3000, 0x4000)], bootversion=False, text=nops)
    # A load that does not start at file offset 0 (no header page to drop).
    k["no-header-page"] = elf([(0x1000, 0x1000, 0x2000, 0x3000)], text=nops)
    # Damaged ones: truncated, bad magic, big-endian x86 machine, filesz > memsz.
    k["truncated"] = k["two-loads"][:0x2800]
    k["bad-magic"] = b"\x7fELV" + k["tiny"][4:0x1100]
    bad = bytearray(k["tiny"][:0x1100])
    bad[18:20] = b"\x00\x03"
    k["wrong-machine"] = bytes(bad)
    k["filesz-gt-memsz"] = elf([(0, 0, 0x3000, 0x2000)], text=nops)
    return k


# ---------------------------------------------------------------- bootinfo

def rec(tag, data):
    data = bytes(data)
    data += bytes(-len(data) % 4)
    return struct.pack(">HH", tag, 4 + len(data)) + data


def u32(*v):
    return struct.pack(">" + "I" * len(v), *v)


def string(s):
    return s.encode() + b"\0"


def seed(zeroed):
    return struct.pack(">H", 32) + (bytes(32) if zeroed else bytes(range(0x40, 0x60)))


def last(short):
    return b"\0\0" if short else b"\0\0\0\4"


def bootinfos():
    b = {}
    cpu = [rec(2, u32(4)), rec(3, u32(4)), rec(4, u32(4))]      # 68040 everything
    # QEMU virt: QEMU's own list (4-byte BI_LAST), ramdisk at the top of RAM.
    virt = ([rec(1, u32(MACH["virt"]))] + cpu +
            [rec(5, u32(0, 128 << 20)),
             rec(0x8000, u32(0x07020000)),                   # QEMU_VERSION 7.2
             rec(0x8001, u32(0xff000000, 1)),                # GF_PIC_BASE
             rec(0x8002, u32(0xff006000, 6)),                # GF_RTC_BASE
             rec(0x8003, u32(0xff008000, 1)),                # GF_TTY_BASE
             rec(0x8004, u32(0xff010000, 32)),               # VIRTIO_BASE
             rec(0x8005, u32(0xff009000, 1)),                # CTRL_BASE
             rec(7, string("console=ttyGF0 root=/dev/ram0")),
             rec(8, seed(False)),
             rec(6, u32((128 << 20) - (1 << 20), 1 << 20))])
    b["qemu-virt"] = b"".join(virt) + last(False)
    # The same as /proc/bootinfo shows it: 2-byte BI_LAST, seed zeroed.
    b["qemu-virt-proc"] = b"".join(virt[:-3] + [virt[-3], rec(8, seed(True)), virt[-1]]) + last(True)
    # QEMU q800 (Macintosh Quadra 800, 68040).
    q800 = ([rec(1, u32(MACH["mac"]))] + cpu +
            [rec(5, u32(0, 128 << 20)),
             rec(0x8000, u32(35)),                           # MAC_MODEL
             rec(0x8001, u32(0xf9001000)),                   # VADDR
             rec(0x8002, u32(8)),                            # VDEPTH
             rec(0x8003, u32(640)),                          # VROW
             rec(0x8004, u32((480 << 16) | 640)),            # VDIM
             rec(0x8006, u32(0x50f0c020)),                   # SCCBASE
             rec(0x8009, u32(128)),                          # MEMSIZE (MiB)
             rec(0x800a, u32(0xa55a2bad)),                   # CPUID
             rec(0x800b, u32(0x40800000)),                   # ROMBASE
             rec(7, string("console=ttyS0")),
             rec(8, seed(True))])
    b["qemu-q800"] = b"".join(q800) + last(True)
    # ARAnyM (Atari Falcon, 68040): chunks rounded to 256 KiB.
    atari = [rec(1, u32(MACH["atari"]))] + cpu
    mch = [rec(0x8000, u32(0x00030000)), rec(0x8001, u32(0))]   # Falcon cookie
    cmd = [rec(7, string("console=nfcon BOOT_IMAGE=vmlinux")), rec(8, seed(True))]
    st = rec(5, u32(0, 14 << 20))
    fast = rec(5, u32(0x01000000, 64 << 20))
    b["aranym-st"] = b"".join(atari + [st] + mch + cmd) + last(True)
    b["aranym-st-fast"] = b"".join(atari + [st, fast] + mch + cmd) + last(True)
    b["aranym-fast-first"] = b"".join(atari + [fast, st] + mch + cmd) + last(True)
    # A small machine (8 MiB): the half-of-RAM rule bites.
    b["amiga-8m"] = b"".join([rec(1, u32(MACH["amiga"])), rec(2, u32(2)), rec(3, u32(1)),
                              rec(4, u32(2)), rec(5, u32(0x07800000, 8 << 20)),
                              rec(0x8002, u32(2 << 20)), rec(0x8006, u32(4)),
                              rec(7, string("root=/dev/sda1"))]) + last(True)
    # Damaged ones.
    b["unterminated"] = b"".join(virt[:6])
    b["bad-size"] = b"".join(virt[:3]) + struct.pack(">HH", 5, 6) + bytes(8) + last(True)
    b["trailing"] = b["qemu-q800"] + b"\x12\x34"
    b["no-memchunk"] = b"".join([rec(1, u32(MACH["virt"]))] + cpu) + last(False)
    return b


# ---------------------------------------------------------------- plan input

def plan_input(kernel, bi, cmdline=b"console=ttyGF0", ramdisk_len=0, flags=0x2,
               mem_min=0, mem_max=0, entry=0, ram_total=0, mutate=b""):
    """tests/fuzz/fuzz_plan.c's input: a header, then the parts."""
    if ramdisk_len:
        flags |= 0x1
    hdr = struct.pack(">BBHIIIQQ", flags, len(cmdline), len(bi), mem_min, mem_max,
                      entry, ram_total, ramdisk_len)
    hdr += mutate.ljust(8, b"\0")
    return hdr + cmdline + bi + kernel


def cmdline_input(flags, command_line, current, appends, outsz=256):
    """tests/fuzz/fuzz_cmdline.c's input: flags, outsz, NUL-separated strings."""
    parts = [command_line or b"", current or b""] + list(appends)
    return struct.pack(">BH", flags | (len(appends) << 2), outsz) + b"\0".join(parts)


def compress(data, what):
    """Small windows (64 KiB, 4 KiB for zstd): the decoders allocate what
    the header asks for, and the fuzzer mutates these headers rarely, so
    small ones keep it fast.  Real-size windows are tested by run.sh with
    the command-line tools' defaults."""
    if what == "gz":
        return gzip.compress(data, 9, mtime=0)
    if what == "xz":
        return lzma.compress(data, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32,
                             filters=[{"id": lzma.FILTER_LZMA2, "dict_size": 1 << 16}])
    if what == "lzma":
        return lzma.compress(data, format=lzma.FORMAT_ALONE,
                             filters=[{"id": lzma.FILTER_LZMA1, "dict_size": 1 << 16}])
    if what == "zst":
        if not shutil.which("zstd"):
            return None
        return subprocess.run(["zstd", "-q", "-19", "--zstd=wlog=12", "-c"], input=data,
                              stdout=subprocess.PIPE, check=True).stdout
    raise ValueError(what)


def write(outdir, target, name, data):
    d = os.path.join(outdir, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "corpus")
    ks = kernels()
    bis = bootinfos()

    for name, k in ks.items():
        write(outdir, "elf", name, k)
    for name, b in bis.items():
        # fuzz_bootinfo.c: be16 length, the list, then edit operations
        write(outdir, "bootinfo", name, struct.pack(">H", len(b)) + b)
    virt = bis["qemu-virt"]
    edits = (bytes([0, 0, 7, 12]) + b"console=ttyS" +          # set BI_COMMAND_LINE
             bytes([1, 0, 8, 0]) +                            # remove BI_RNG_SEED
             bytes([2, 0x80, 0x10, 5]) + b"\x01\x02\x03\x04\x05" +  # append, odd size
             bytes([3, 0, 2, 0]) + bytes([4, 0, 5, 0]))        # remove_at 2, get_u32
    write(outdir, "bootinfo", "qemu-virt-edits", struct.pack(">H", len(virt)) + virt + edits)

    good = {n: ks[n] for n in ("tiny", "two-loads", "end-unaligned", "notes",
                               "no-bootversion", "no-header-page")}
    machines = ("qemu-virt", "qemu-virt-proc", "qemu-q800", "aranym-st",
                "aranym-st-fast", "aranym-fast-first", "amiga-8m")
    for m in machines:
        write(outdir, "plan", m + "-tiny", plan_input(ks["tiny"], bis[m]))
        write(outdir, "plan", m + "-initrd", plan_input(ks["two-loads"], bis[m],
                                                      ramdisk_len=3 << 20))
    for n, k in good.items():
        write(outdir, "plan", "virt-" + n, plan_input(k, bis["qemu-virt"], b"", 0x2))
    write(outdir, "plan", "st-16m-initrd", plan_input(ks["tiny"], bis["aranym-st-fast"],
                                                      ramdisk_len=16 << 20))
    write(outdir, "plan", "virt-window", plan_input(ks["end-unaligned"], bis["qemu-virt"],
                                                    ramdisk_len=100000, flags=0x12,
                                                    mem_min=0x100000, mem_max=0x3ffffff))
    write(outdir, "plan", "virt-entry", plan_input(ks["tiny"], bis["qemu-virt"], flags=0x6,
                                                   entry=0x2000))
    write(outdir, "plan", "virt-ramtotal", plan_input(ks["tiny"], bis["qemu-virt"],
                                                      flags=0xa, ram_total=16 << 20,
                                                      ramdisk_len=5 << 20))
    write(outdir, "plan", "virt-mutate", plan_input(ks["two-loads"], bis["qemu-virt"],
                                                    ramdisk_len=1 << 20,
                                                    mutate=b"\x01\x00\x10\x00\x00\x00\x00\x00"))
    write(outdir, "plan", "cmdline-255", plan_input(ks["tiny"], bis["qemu-virt"],
                                                         b"x" * 255))

    # Decompression front end: the tiny kernels and a bootinfo, compressed.
    for n in ("tiny", "two-loads", "end-unaligned"):
        write(outdir, "file", n, ks[n])
        for c in ("gz", "xz", "lzma", "zst"):
            z = compress(ks[n], c)
            if z is not None:
                write(outdir, "file", n + "." + c, z)
    # Unstripped: symbols after the PT_LOADs, within and beyond the limit.
    for n, size in (("tiny-symbols", 8 << 10), ("tiny-symbols-100k", 100 << 10)):
        syms = bytes((i * 7 + (i >> 8)) & 0xff for i in range(size))
        if size < 64 << 10:     # a plain seed this large would slow the fuzzer
            write(outdir, "file", n, ks["tiny"] + syms)
        for c in ("gz", "xz", "zst"):
            z = compress(ks["tiny"] + syms, c)
            if z is not None:
                write(outdir, "file", n + "." + c, z)
    # Bombs in small form: 1 MiB of zeros, more than the fuzzer's limit.
    zeros = bytes(1 << 20)
    for c in ("gz", "xz", "zst"):
        z = compress(zeros, c)
        if z is not None:
            write(outdir, "file", "zeros-1m." + c, z)
    write(outdir, "file", "truncated.gz", compress(ks["tiny"], "gz")[:200])
    write(outdir, "file", "truncated.xz", compress(ks["tiny"], "xz")[:200])
    write(outdir, "file", "concat.gz", compress(b"abc", "gz") + compress(b"def", "gz"))

    # kexec's own command lines, NUL-separated (fuzz_args.c).
    for n, args in (("load", ["-l", "/boot/vmlinux", "--initrd=/boot/initrd.img", "--reuse-cmdline",
                              "--append=quiet"]),
                    ("debian", ["-l", "/vmlinuz", "--command-line=root=/dev/sda1 ro", "--initrd=/initrd.img"]),
                    ("dry-run-json", ["--dry-run", "--json", "--bootinfo=/tmp/bi", "--mem-min=0x100000",
                                      "--mem-max=0x4000000", "--entry=0x2000", "vmlinux"]),
                    ("crash", ["-p", "--dry-run", "--crash-region=16M@0x1000000", "-d", "vmlinux"]),
                    ("exec", ["-e", "-x", "-y"]),
                    ("short", ["-t", "elf-m68k", "-c", "-l", "k"]),
                    ("conflict", ["--command-line=a", "--reuse-cmdline", "k"]),
                    ("status", ["-S"])):
        write(outdir, "args", n, b"\0".join(a.encode() for a in args))

    cl = [
        ("command-line", cmdline_input(1, b"console=ttyGF0  root=/dev/ram0", b"", [])),
        ("reuse", cmdline_input(2, b"", b"console=nfcon BOOT_IMAGE=vmlinux\n", [b"single"])),
        ("append-only", cmdline_input(0, b"", b"", [b"init=/bin/sh", b" quiet "])),
        ("quotes", cmdline_input(1, b'a="b  c" d\t e', b"", [b'"unbalanced  x'])),
        ("both", cmdline_input(3, b"a", b"b", [])),
        ("long", cmdline_input(1, b"x" * 250, b"", [b"yyyyyyy"])),
        ("small-out", cmdline_input(1, b"console=ttyS0", b"", [], outsz=5)),
    ]
    for name, data in cl:
        write(outdir, "cmdline", name, data)

    # Crash (kdump): what /proc/iomem, crash_notes and vmcoreinfo say,
    # the capture command line, and crash plans (fuzz_crash.c, op 0..4).
    iomem = (b"00000000-07ffffff : System RAM\n  00001000-0054ffff : Kernel code\n"
             b"  04000000-05ffffff : Crash kernel\nff008000-ff008fff : goldfish_tty\n")
    write(outdir, "crash", "iomem", b"\0" + iomem)
    write(outdir, "crash", "iomem-hidden", b"\0" + iomem.replace(b"04000000-05ffffff", b"00000000-00000000"))
    write(outdir, "crash", "note", b"\1" + b"7f5c1a40\n\0" + b"1348\n")
    write(outdir, "crash", "vmcoreinfo", b"\2" + b"5a7000 1024\n")
    write(outdir, "crash", "cmdline", b"\3" + struct.pack(">IIH", 0x05fc0000, 0x1000, 256) +
          b"console=ttyGF0 crashkernel=32M root=/dev/ram0")

    def crash_plan(bi, start, size, ncpus=1, ramdisk=0):
        notes = b"".join(struct.pack(">II", 0x01234000 + 0x400 * i, 1348) for i in range(ncpus))
        cmd = b"console=ttyGF0 crashkernel=32M"
        return (b"\4" + struct.pack(">BBHIIB", 1 if ramdisk else 0, len(cmd), len(bi), start, size, ncpus) +
                notes + struct.pack(">IIQ", 0x005a7000, 1024, ramdisk) + cmd + bi + ks["tiny"])
    write(outdir, "crash", "plan-virt", crash_plan(bis["qemu-virt"], 0x04000000, 32 << 20))
    write(outdir, "crash", "plan-virt-initrd", crash_plan(bis["qemu-virt"], 0x04000000, 32 << 20,
                                                          ramdisk=1 << 20))
    write(outdir, "crash", "plan-aranym-fast", crash_plan(bis["aranym-st-fast"], 0x03000000, 16 << 20, 2))
    write(outdir, "crash", "plan-fast-first", crash_plan(bis["aranym-fast-first"], 0x03000000, 16 << 20))


if __name__ == "__main__":
    main()
