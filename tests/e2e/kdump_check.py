#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check a Linux/m68k crash dump (the capture kernel's /proc/vmcore, copied
to a disk image) on the host, and print one "PASS name" or "FAIL name: why"
line per check.

    kdump_check.py DUMP --system-map MAP --vmlinux VMLINUX
        --region START:SIZE --ram SIZE [--chunks START:SIZE,...] --crash sysrq|oops
        [--pattern PAGES:NONCE:PFN_HASH] [--out-elf FILE]

DUMP is the disk image or file: the ELF core from offset 0 (a PT_LOAD
with fewer file bytes than memory, as kdump-config saves one without its
zero pages, reads as zeros past them). The checks: the ELF
header (ELF32, big-endian, ET_CORE, EM_68K); the notes (NT_PRSTATUS with
the crashing CPU's registers, its pc in the function that faulted:
lkdtm_EXCEPTION for the oops, the crash path for sysrq c; VMCOREINFO
with m68k's memory layout); the PT_LOADs (old RAM less the crash region,
virtual = physical - memoffset); the kernel's text in the dump equals
vmlinux's; and the pattern the first kernel wrote, every page intact at
the physical address it was written to. --out-elf writes the core alone
(for gdb).
"""
import argparse
import bisect
import struct
import sys

PAGE = 4096
MAGIC = b"KDUMPPAT"
HDR_WORDS = 6

results = []


def check(name, ok, why=""):
    results.append(ok)
    print(("PASS %s" % name) if ok else ("FAIL %s: %s" % (name, why)))
    sys.stdout.flush()
    return ok


def word(seq, nonce, i):
    x = ((seq * 0x9E3779B1) ^ nonce ^ (i * 0x85EBCA77)) & 0xFFFFFFFF
    x ^= x >> 15
    return (x * 0x2C1B3C6D) & 0xFFFFFFFF


def page_words(seq, nonce):
    return struct.pack(">%dI" % (PAGE // 4 - HDR_WORDS),
                       *[word(seq, nonce, i) for i in range(HDR_WORDS, PAGE // 4)])


class Core:
    def __init__(self, path):
        self.f = open(path, "rb")
        self.eh = self.f.read(52)
        (self.type, self.machine, _, _, self.phoff, _, _, _, _,
         self.phnum) = struct.unpack(">HHIIIIIHHH", self.eh[16:46])
        self.f.seek(self.phoff)
        self.ph = [struct.unpack(">8I", self.f.read(32)) for _ in range(self.phnum)]
        self.loads = [p for p in self.ph if p[0] == 1]
        self.notes = [p for p in self.ph if p[0] == 4]
        self.size = max(p[1] + p[4] for p in self.ph) if self.ph else 52

    def read(self, off, n):
        self.f.seek(off)
        return self.f.read(n)

    def phys(self, addr, n):
        """n bytes at a physical address of the old memory, or None. A
        PT_LOAD's memory past its file bytes reads as zeros (a dump saved
        without its zero pages, kdump-config's KDUMP_SKIP_ZERO)."""
        for _, off, _, paddr, filesz, memsz, _, _ in self.loads:
            if paddr <= addr and addr + n <= paddr + memsz:
                o = addr - paddr
                data = self.read(off + o, max(0, min(n, filesz - o)))
                return data + bytes(n - len(data))
        return None

    def ram(self):
        """(paddr, size, vaddr) of the old memory: PT_LOADs that follow
        each other in memory and in virtual address are one range."""
        out = []
        for _, _, vaddr, paddr, _, memsz, _, _ in sorted(self.loads, key=lambda p: p[3]):
            if out and out[-1][0] + out[-1][1] == paddr and out[-1][2] + out[-1][1] == vaddr:
                out[-1] = (out[-1][0], out[-1][1] + memsz, out[-1][2])
            else:
                out.append((paddr, memsz, vaddr))
        return out


def parse_notes(blob):
    out = []
    o = 0
    while o + 12 <= len(blob):
        nsz, dsz, typ = struct.unpack(">III", blob[o:o + 12])
        if nsz == 0:
            break
        name = blob[o + 12:o + 12 + nsz].rstrip(b"\0").decode("ascii", "replace")
        d = o + 12 + ((nsz + 3) & ~3)
        out.append((name, typ, blob[d:d + dsz]))
        o = d + ((dsz + 3) & ~3)
    return out


def load_map(path):
    syms = []
    for line in open(path):
        parts = line.split()
        if len(parts) >= 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
        elif len(parts) >= 3 and parts[2] in ("_stext", "_etext", "_end"):
            syms.append((int(parts[0], 16), parts[2]))
    syms.sort()
    return syms


def symbol_at(syms, addr):
    i = bisect.bisect_right([s[0] for s in syms], addr) - 1
    return syms[i][1] if i >= 0 else None


def sym_addr(syms, name):
    for a, n in syms:
        if n == name:
            return a
    return None


def elf_text(vmlinux):
    """(vaddr, bytes) of vmlinux's .text section."""
    with open(vmlinux, "rb") as f:
        eh = f.read(52)
        shoff, = struct.unpack(">I", eh[32:36])
        shentsize, shnum, shstrndx = struct.unpack(">HHH", eh[46:52])
        f.seek(shoff)
        sh = [struct.unpack(">10I", f.read(shentsize)[:40]) for _ in range(shnum)]
        f.seek(sh[shstrndx][4])
        names = f.read(sh[shstrndx][5])
        for s in sh:
            n = names[s[0]:names.index(b"\0", s[0])]
            if n == b".text":
                f.seek(s[4])
                return s[3], f.read(s[5])
    return None, b""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dump")
    ap.add_argument("--system-map", required=True)
    ap.add_argument("--vmlinux")
    ap.add_argument("--region", required=True)
    ap.add_argument("--ram", required=True)
    ap.add_argument("--memoffset", default="0")
    ap.add_argument("--chunks", help="START:SIZE,... of the old kernel's memory "
                    "(default: one chunk, --memoffset and --ram)")
    ap.add_argument("--crash", choices=("sysrq", "oops"), required=True)
    ap.add_argument("--pattern")
    ap.add_argument("--out-elf")
    ap.add_argument("--prefix", default="dump")
    a = ap.parse_args()
    rstart, rsize = (int(x, 0) for x in a.region.split(":"))
    ram = int(a.ram, 0)
    memoffset = int(a.memoffset, 0)
    p = a.prefix

    core = Core(a.dump)
    ident = core.eh[:7]
    if not check(p + "/elf-header", ident == b"\x7fELF\x01\x02\x01" and core.type == 4
                 and core.machine == 4,
                 "ident %r type %d machine %d" % (ident, core.type, core.machine)):
        return 1
    if a.out_elf:
        with open(a.out_elf, "wb") as out:
            left, off = core.size, 0
            while left:
                chunk = core.read(off, min(left, 1 << 22))
                out.write(chunk)
                off += len(chunk)
                left -= len(chunk)

    # Notes: the capture kernel merges them into one PT_NOTE.
    notes = []
    for ph in core.notes:
        notes += parse_notes(core.read(ph[1], ph[4]))
    prs = [n for n in notes if n[0] == "CORE" and n[1] == 1]
    info = [n for n in notes if n[0] == "VMCOREINFO"]
    check(p + "/note-prstatus", len(prs) == 1, "%d NT_PRSTATUS notes" % len(prs))
    check(p + "/note-vmcoreinfo", len(info) == 1, "%d VMCOREINFO notes" % len(info))
    syms = load_map(a.system_map)
    stext, etext = sym_addr(syms, "_stext"), sym_addr(syms, "_etext")
    if prs:
        # elf_prstatus on m68k (ints aligned to 2): pr_reg at 70, after
        # pr_info, pr_cursig, pr_sigpend, pr_sighold, 4 ids, 4 timevals.
        desc = prs[0][2]
        regs = struct.unpack(">20I", desc[70:150])
        pc, sp, sr = regs[18], regs[15], regs[17] & 0xFFFF
        fn = symbol_at(syms, pc)
        print("note: pc=%08x (%s) sp=%08x sr=%04x d0=%08x a6=%08x" %
              (pc, fn, sp, sr, regs[14], regs[13]))
        check(p + "/regs-pc-in-kernel-text", stext <= pc < etext,
              "pc %08x outside _stext..%08x" % (pc, etext))
        want = "lkdtm_EXCEPTION" if a.crash == "oops" else "__crash_kexec"
        check(p + "/regs-pc-in-" + want, fn == want, "pc %08x is in %s" % (pc, fn))
        check(p + "/regs-supervisor-mode", sr & 0x2000 != 0, "sr %04x" % sr)
        sp_phys = sp + memoffset
        check(p + "/regs-sp-in-old-ram", core.phys(sp_phys & ~3, 4) is not None and sp % 2 == 0,
              "sp %08x" % sp)
        # The whole register set is there: not all zero past d0..a2.
        check(p + "/regs-callee-saved-present", any(regs[5:7] + regs[10:14]),
              "d6 d7 a3-a6 all zero")
    if info:
        text = info[0][2].decode("ascii", "replace")
        kv = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
        check(p + "/vmcoreinfo-osrelease", kv.get("OSRELEASE", "").startswith("6.12"),
              "OSRELEASE=%s" % kv.get("OSRELEASE"))
        check(p + "/vmcoreinfo-pagesize", kv.get("PAGESIZE") == "4096",
              "PAGESIZE=%s" % kv.get("PAGESIZE"))
        # PAGE_OFFSET maps PHYS_OFFSET, the first chunk; nothing per chunk.
        layout = (int(kv.get("NUMBER(PAGE_OFFSET)", "-1"), 0) == 0 and
                  int(kv.get("NUMBER(PHYS_OFFSET)", "-1"), 0) == memoffset and
                  not any("m68k" in k for k in kv))
        check(p + "/vmcoreinfo-m68k-layout", layout,
              "; ".join("%s=%s" % (k, v) for k, v in kv.items()
                        if "m68k" in k or "_OFFSET" in k))

    # PT_LOADs: the old RAM, the crash region left out.
    rend = rstart + rsize
    loads = core.ram()
    # Each memory chunk, less the part the region takes.
    chunks = ([tuple(int(x, 0) for x in c.split(":")) for c in a.chunks.split(",")]
              if a.chunks else [(memoffset, ram)])
    want = []
    for cs, cn in sorted(chunks):
        ce = cs + cn
        pieces = [(cs, min(ce, rstart)), (max(cs, rend), ce)] if rstart < ce and cs < rend \
            else [(cs, ce)]
        want += [(b, e - b) for b, e in pieces if e > b]
    check(p + "/loads-old-ram-less-region", [(l[0], l[1]) for l in loads] == want,
          "loads %s, expected %s" % ([(hex(l[0]), hex(l[1])) for l in loads],
                                     [(hex(w[0]), hex(w[1])) for w in want]))
    check(p + "/loads-virtual-addresses", all(l[2] == l[0] - memoffset for l in loads),
          "vaddr != paddr - memoffset")

    # The kernel's text, from vmlinux, at its physical address in the dump.
    if a.vmlinux:
        vaddr, text = elf_text(a.vmlinux)
        n = min(len(text), 256 * 1024)
        got = core.phys(vaddr + memoffset, n)
        diff = sum(1 for i in range(0, n, 4) if got is None or got[i:i + 4] != text[i:i + 4])
        check(p + "/kernel-text-matches-vmlinux", got is not None and diff <= n // 4 // 100,
              "%d of %d words differ" % (diff, n // 4))

    # The pattern: every page intact, where it was written.
    if a.pattern:
        pages, nonce, pfn_hash = a.pattern.split(":")
        pages, nonce, pfn_hash = int(pages), int(nonce, 16), int(pfn_hash, 16)
        found = {}
        bad = 0
        for _, off, _, paddr, filesz, _, _, _ in core.loads:
            for o in range(0, filesz - PAGE + 1, PAGE):
                head = core.read(off + o, 24)
                if head[:8] != MAGIC:
                    continue
                seq, pfn, n2, cnt = struct.unpack(">IIII", head[8:24])
                if n2 != nonce:
                    continue
                pg = core.read(off + o, PAGE)
                if pfn != (paddr + o) // PAGE or cnt != pages or pg[HDR_WORDS * 4:] != page_words(seq, nonce):
                    bad += 1
                    continue
                if seq in found:
                    bad += 1
                found[seq] = pfn
        h = 1469598103934665603
        for s in range(pages):
            h = ((h ^ found.get(s, 0)) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
        print("note: pattern %d of %d pages found intact, %d bad" % (len(found), pages, bad))
        check(p + "/pattern-all-pages-intact", len(found) == pages and bad == 0,
              "%d of %d pages intact, %d bad" % (len(found), pages, bad))
        check(p + "/pattern-at-written-addresses", h == pfn_hash,
              "frame numbers hash %016x, the first kernel wrote %016x" % (h, pfn_hash))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
