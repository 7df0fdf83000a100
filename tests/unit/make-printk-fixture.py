#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Cut a small test fixture out of a real m68k kernel dump.

    make-printk-fixture.py [--tight] DUMP OUT

DUMP is an ELF32 big-endian ET_CORE file (/proc/vmcore of a capture
kernel, copied off the machine).  OUT is a dump of the same kind that
keeps the ELF header, the PT_NOTE segment as it is (the CPUs' registers
and VMCOREINFO) and, of the old memory, only the pages the printk ring
buffer needs: the page of the prb pointer, the printk_ringbuffer, the
descriptors and printk_infos from tail_id to head_id and the text data
ring from tail_lpos to head_lpos.  Each run of pages becomes one PT_LOAD
(p_paddr the physical address, p_vaddr the kernel's, p_offset where its
bytes are in OUT), so OUT reads like the dump for everything the log
needs, in a few tens of KiB (tests/unit/data/printk-*.core).

The layout is read from VMCOREINFO (SYMBOL(prb), OFFSET(), SIZE(),
NUMBER(PAGE_OFFSET), NUMBER(PHYS_OFFSET)); a long is 4 bytes (m68k).

With --tight, only the bytes read are kept (in 16-byte units) instead of
whole pages: the fuzzer's seeds (tests/fuzz/corpus/printk/), where every
byte is one the reader looks at.
"""
import struct
import sys

PAGE = 4096
UNIT = PAGE
PT_LOAD, PT_NOTE = 1, 4
ID_MASK = 0x3FFFFFFF


def die(msg):
    sys.stderr.write("make-printk-fixture: %s\n" % msg)
    sys.exit(1)


class Dump:
    def __init__(self, data):
        self.data = data
        if data[:4] != b"\x7fELF" or data[4] != 1 or data[5] != 2:
            die("not an ELF32 big-endian file")
        etype, mach = struct.unpack_from(">HH", data, 16)
        if etype != 4 or mach != 4:
            die("not an m68k core (type %u, machine %u)" % (etype, mach))
        phoff, = struct.unpack_from(">I", data, 28)
        phnum, = struct.unpack_from(">H", data, 44)
        self.phdrs = [struct.unpack_from(">8I", data, phoff + 32 * i) for i in range(phnum)]
        self.info = self.vmcoreinfo()
        self.page_offset = self.number("NUMBER(PAGE_OFFSET)")
        self.phys_offset = self.number("NUMBER(PHYS_OFFSET)")

    def notes(self):
        for p in self.phdrs:
            if p[0] == PT_NOTE:
                yield p

    def vmcoreinfo(self):
        for p in self.notes():
            pos, end = p[1], p[1] + p[4]
            while end - pos >= 12:
                namesz, descsz, _ = struct.unpack_from(">III", self.data, pos)
                name = self.data[pos + 12:pos + 12 + namesz].rstrip(b"\0")
                desc = pos + 12 + ((namesz + 3) & ~3)
                if name == b"VMCOREINFO":
                    text = self.data[desc:desc + descsz].split(b"\0")[0].decode()
                    return dict(l.split("=", 1) for l in text.splitlines() if "=" in l)
                pos = desc + ((descsz + 3) & ~3)
        die("no VMCOREINFO note")

    def number(self, key):
        v = self.info[key]
        if key.startswith("SYMBOL(") or v.startswith("0x"):
            return int(v, 16)
        return int(v)

    def phys(self, va):
        return va - self.page_offset + self.phys_offset

    def read(self, va, n):
        pa = self.phys(va)
        for p in self.phdrs:
            if p[0] == PT_LOAD and p[3] <= pa and pa + n <= p[3] + p[4]:
                off = p[1] + pa - p[3]
                return self.data[off:off + n]
        die("0x%08x (%u bytes) is not in the dump" % (va, n))

    def u32(self, va):
        return struct.unpack(">I", self.read(va, 4))[0]


def needed_pages(d):
    """Physical page numbers that the ring buffer's reader touches."""
    o = lambda k: d.number("OFFSET(%s)" % k)
    sz = lambda k: d.number("SIZE(%s)" % k)
    pages = set()

    def want(va, n):
        pa = d.phys(va)
        for pg in range(pa // UNIT, (pa + n - 1) // UNIT + 1):
            pages.add(pg)

    prb = d.number("SYMBOL(prb)")
    want(prb, 4)
    rb = d.u32(prb)
    want(rb, sz("printk_ringbuffer"))
    dr = rb + o("printk_ringbuffer.desc_ring")
    tr = rb + o("printk_ringbuffer.text_data_ring")
    count_bits = d.u32(dr + o("prb_desc_ring.count_bits"))
    descs = d.u32(dr + o("prb_desc_ring.descs"))
    infos = d.u32(dr + o("prb_desc_ring.infos"))
    head = d.u32(dr + o("prb_desc_ring.head_id"))
    tail = d.u32(dr + o("prb_desc_ring.tail_id"))
    size_bits = d.u32(tr + o("prb_data_ring.size_bits"))
    data = d.u32(tr + o("prb_data_ring.data"))
    head_lpos = d.u32(tr + o("prb_data_ring.head_lpos"))
    tail_lpos = d.u32(tr + o("prb_data_ring.tail_lpos"))
    count, dsize = 1 << count_bits, 1 << size_bits
    n = ((head - tail) & ID_MASK) + 1
    for i in range(n):
        slot = ((tail + i) & ID_MASK) % count
        want(descs + slot * sz("prb_desc"), sz("prb_desc"))
        want(infos + slot * sz("printk_info"), sz("printk_info"))
    used = (head_lpos - tail_lpos) & 0xFFFFFFFF
    start = tail_lpos % dsize
    if used >= dsize:
        want(data, dsize)
    elif start + used <= dsize:
        want(data + start, max(used, 1))
    else:
        want(data + start, dsize - start)
        want(data, start + used - dsize)
    sys.stderr.write("ring: %u descriptors of %u, %u text bytes of %u, %u units\n"
                     % (n, count, used, dsize, len(pages)))
    return sorted(pages)


def runs(pages):
    out = []
    for pg in pages:
        if out and out[-1][1] == pg:
            out[-1][1] = pg + 1
        else:
            out.append([pg, pg + 1])
    return out


def main():
    global UNIT
    args = sys.argv[1:]
    if args and args[0] == "--tight":
        UNIT = 16
        args = args[1:]
    if len(args) != 2:
        die("usage: make-printk-fixture.py [--tight] DUMP OUT")
    sys.argv[1:] = args
    with open(sys.argv[1], "rb") as f:
        d = Dump(f.read())
    loads = runs(needed_pages(d))
    notes = list(d.notes())
    nph = len(notes) + len(loads)
    pos = 52 + 32 * nph
    phdrs, blobs = [], []
    for p in notes:
        pos = (pos + 3) & ~3
        phdrs.append((PT_NOTE, pos, p[2], p[3], p[4], p[5], p[6], p[7]))
        blobs.append((pos, d.data[p[1]:p[1] + p[4]]))
        pos += p[4]
    for first, end in loads:
        pa, n = first * UNIT, (end - first) * UNIT
        va = pa - d.phys_offset + d.page_offset
        pos = (pos + 15) & ~15
        body = d.read(va, n)
        phdrs.append((PT_LOAD, pos, va & 0xFFFFFFFF, pa, n, n, 7, 0))
        blobs.append((pos, body))
        pos += n
    out = bytearray(pos)
    out[0:52] = d.data[0:52]
    struct.pack_into(">I", out, 28, 52)            # e_phoff
    struct.pack_into(">I", out, 32, 0)             # e_shoff
    struct.pack_into(">HHHH", out, 44, nph, 0, 0, 0)  # e_phnum, e_shentsize, e_shnum, e_shstrndx
    for i, p in enumerate(phdrs):
        struct.pack_into(">8I", out, 52 + 32 * i, *p)
    for off, b in blobs:
        out[off:off + len(b)] = b
    with open(sys.argv[2], "wb") as f:
        f.write(out)
    sys.stderr.write("%s: %u bytes, %u PT_LOADs\n" % (sys.argv[2], len(out), len(loads)))


if __name__ == "__main__":
    main()
