#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write a newc cpio archive (an initramfs) from host files.

    mkcpio.py OUT [--pad-to BYTES] NAME=HOSTFILE...

Each NAME (e.g. e2e/stage0) gets HOSTFILE's bytes and permission bits,
owned by root; the directories above it are created first.  --pad-to
appends zeros after the trailer up to exactly BYTES (the kernel skips
zeros between and after archives), so an initrd can have a round size.
"""
import os
import sys


def header(ino, mode, nlink, size, name):
    fields = (ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, len(name) + 1, 0)
    return b"070701" + b"".join(b"%08X" % f for f in fields) + name.encode() + b"\0"


def pad4(out):
    out.write(b"\0" * (-out.tell() % 4))


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    out_path, args, pad_to = argv[0], argv[1:], None
    if args[0] == "--pad-to":
        pad_to, args = int(args[1]), args[2:]
    entries, dirs = [], []
    for a in args:
        name, src = a.split("=", 1)
        name = name.strip("/")
        parts = name.split("/")
        for i in range(1, len(parts)):
            d = "/".join(parts[:i])
            if d not in dirs:
                dirs.append(d)
        entries.append((name, src))
    ino = 1
    with open(out_path, "wb") as out:
        for d in dirs:
            out.write(header(ino, 0o40755, 2, 0, d))
            pad4(out)
            ino += 1
        for name, src in entries:
            st = os.stat(src)
            out.write(header(ino, 0o100000 | (st.st_mode & 0o7777), 1, st.st_size, name))
            pad4(out)
            with open(src, "rb") as f:
                while True:
                    block = f.read(1 << 20)
                    if not block:
                        break
                    out.write(block)
            pad4(out)
            ino += 1
        out.write(header(0, 0, 1, 0, "TRAILER!!!"))
        pad4(out)
        if pad_to is not None:
            if out.tell() > pad_to:
                sys.exit(f"mkcpio: {out_path}: {out.tell()} bytes, more than --pad-to {pad_to}")
            out.write(b"\0" * (pad_to - out.tell()))


if __name__ == "__main__":
    main(sys.argv[1:])
