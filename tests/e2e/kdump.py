#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The kdump proof: boot the patched Linux/m68k kernel with crashkernel=
under QEMU (virt, q800) or ARAnyM, load a capture kernel with our
kexec -p, fill free memory with a pattern, crash (sysrq c, or an oops with
panic_on_oops=1 through LKDTM), and check what the capture kernel sees in
/proc/vmcore, in the guest and (copied to a disk) on the host.

kdump.sh builds the inputs and calls this. Each check prints "PASS name"
or "FAIL name: why"; the last line is "N passed, M failed".
"""
import argparse
import os
import re
import struct
import subprocess
import sys
import time

import e2e
import kdump_check

MiB = 1 << 20
HERE = os.path.dirname(os.path.abspath(__file__))

passed = failed = 0


def check(name, ok, why=""):
    global passed, failed
    if ok:
        passed += 1
        print("PASS %s" % name)
    else:
        failed += 1
        print("FAIL %s: %s" % (name, why))
    sys.stdout.flush()
    return ok


def note(text):
    print("note: %s" % text)
    sys.stdout.flush()


# ------------------------------------------------------------------ machines

# The machines are e2e.py's; this is what a crash on each needs: the
# crashkernel= size, the guest's disk for the dump copy (QEMU virt only:
# the dump is also checked on the host), and how long boot, crash and
# capture may take. An Atari's region must lie outside ST-RAM, so every
# Atari here has FastRAM; Hatari has no disk, so the check is in the guest.
KDUMP = {
    "virt": dict(dump_disk="/dev/vda"),
    "q800": dict(),
    "aranym-fast": dict(crashkernel="24M", timeout=600),
    "aranym-fastfirst": dict(crashkernel="24M", timeout=600),
    "hatari-030-tt": dict(crashkernel="24M", timeout=600),
    "hatari-030-ttfirst": dict(crashkernel="24M", timeout=600),
    "hatari-060-tt": dict(crashkernel="24M", timeout=600),
    "hatari-060-ttfirst": dict(crashkernel="24M", timeout=600),
}


def machine(name):
    """e2e.py's machine with its KDUMP settings and its RAM in bytes."""
    m = e2e.machines()[name]
    settings = dict(crashkernel="32M", dump_disk=None, timeout=300)
    settings.update(KDUMP[name])
    for k, v in settings.items():
        setattr(m, k, v)
    m.ram = sum(size for _, size in m.chunks)
    return m


def run_emulator(m, opts, kernel, cmdline, initrd, disk_img, log_path, timeout):
    """Boot; return the console lines, (host seconds, text). A powered-off
    q800 or ARAnyM may stay up: stop after the capture kernel's init is
    done (the second "E2E done")."""
    dones = []

    def stop(s):
        if "E2E done" in s:
            dones.append(s)
        return len(dones) == 2

    return e2e.run_console(m, kernel, cmdline, initrd, disk_img, log_path, timeout,
                           opts.hatari, stop)[0]


# ------------------------------------------------------------------ the log

class Boot:
    """The E2E lines of one kernel's init."""

    def __init__(self):
        self.origin = None
        self.stage = None
        self.cmdline = ""
        self.bootinfo = None
        self.meminfo = {}
        self.runs = []      # (argv, rc, out lines)
        self.start = None


def split_boots(lines):
    boots, run = [], None
    for t, s in lines:
        i = s.find("E2E ")
        if i < 0:
            continue
        word, _, rest = s[i + 4:].partition(" ")
        if word == "origin":
            boots.append(Boot())
            boots[-1].origin = rest
            boots[-1].start = t
            continue
        if not boots:
            continue
        b = boots[-1]
        if word == "stage":
            b.stage = int(rest)
        elif word == "cmdline":
            b.cmdline = rest
        elif word == "bootinfo":
            b.bootinfo = None if rest == "none" else bytes.fromhex(rest)
        elif word == "meminfo":
            k, v = rest.split()[:2]
            b.meminfo[k] = int(v)
        elif word == "begin":
            run = [rest[len("argv="):], None, []]
            b.runs.append(run)
        elif word in ("out", "err") and run is not None:
            run[2].append(rest)
        elif word == "run" and run is not None:
            mm = re.match(r"rc=(-?\d+)", rest)
            run[1] = int(mm.group(1)) if mm else None
            run = None
    return boots


def find_run(boot, prefix, nth=0):
    hits = [r for r in boot.runs if r[0].startswith(prefix)]
    return hits[nth] if len(hits) > nth else (None, None, [])


def memchunks(bi):
    out, o = [], 0
    while bi and o + 4 <= len(bi):
        tag, size = struct.unpack(">HH", bi[o:o + 4])
        if tag == 0 or size < 4:
            break
        if tag == 5:
            out.append(struct.unpack(">II", bi[o + 4:o + 12]))
        o += size
    return out


def kv_line(lines, prefix):
    """key=value pairs of the first output line starting with prefix."""
    for line in lines:
        if line.startswith(prefix):
            return dict(w.split("=", 1) for w in line[len(prefix):].split() if "=" in w)
    return None


# ------------------------------------------------------------------ scenarios

def parse_size(s):
    if s[-1] in "KM":
        return int(s[:-1]) << (10 if s[-1] == "K" else 20)
    return int(s, 0)


def host_check(opts, m, dump, prefix, crash, region, pat, extra=()):
    """kdump_check.py on a dump on the host (a disk image or a saved
    file), its PASS and FAIL lines counted as ours."""
    args = [sys.executable, os.path.join(HERE, "kdump_check.py"), dump,
            "--system-map", opts.system_map, "--vmlinux", opts.kernel,
            "--region", "0x%x:0x%x" % region, "--ram", str(m.ram), "--crash", crash,
            "--prefix", prefix, "--memoffset", str(m.chunks[0][0]),
            "--chunks", ",".join("0x%x:0x%x" % c for c in m.chunks)] + list(extra)
    if pat:
        args += ["--pattern", "%s:%s:%s" % (pat["pages"], pat["nonce"], pat["pfn_hash"])]
    r = subprocess.run(args, stdout=subprocess.PIPE, text=True)
    for line in r.stdout.splitlines():
        if line.startswith("PASS "):
            check(line[5:], True)
        elif line.startswith("FAIL "):
            n, _, why = line[5:].partition(": ")
            check(n, False, why)
        else:
            print(line)
    if r.returncode not in (0, 1):
        check(prefix + "/checker-ran", False, "exit %d" % r.returncode)


def crash_scenario(opts, m, crash, name, region_size=None, fill=True, copy=True):
    """One crash and its dump. Returns True when the capture kernel ran."""
    tag = "kdump/%s" % name
    wd = os.path.join(opts.workdir, name)
    os.makedirs(wd, exist_ok=True)
    ck = region_size or m.crashkernel
    cap_cmd = "console=%s e2e_stage=1 panic=1" % m.console
    stage0 = "\n".join([
        "run /kdump-helper cat /proc/iomem",
        "run /kexec -S -p",
        "run /kexec -d -p /vmlinux --initrd=/capture.cpio --command-line=\"%s\"" % cap_cmd,
        "run /kexec -S -p",
        "run /kexec -u -p",
        "run /kexec -S -p",
        "run /kexec -p /vmlinux --initrd=/capture.cpio --command-line=\"%s\"" % cap_cmd,
        "run /kdump-helper cat /sys/kernel/kexec_crash_loaded /sys/kernel/kexec_crash_size",
        "run /kdump-helper crash %s%s" % (crash, "" if fill else " 1"),
    ]) + "\n"
    # vmcore-dmesg maps /proc/vmcore; the reads and the copy after it
    # show that the unmap left the dump intact (kernel patch 0011).
    stage1 = ["run /kdump-helper cat /proc/iomem", "run /vmcore-dmesg",
              "run /kdump-helper check /proc/vmcore"]
    if m.dump_disk and copy:
        stage1.append("run /kdump-helper copy /proc/vmcore %s" % m.dump_disk)
    capture = os.path.join(wd, "capture.cpio")
    e2e.make_cpio(capture, {"e2e/stage1": (("\n".join(stage1) + "\n").encode(), 0o644),
                            "kdump-helper": (opts.helper, 0o755),
                            "vmcore-dmesg": (opts.vmcore_dmesg, 0o755)})
    initrd = os.path.join(wd, "initrd.cpio")
    e2e.make_cpio(initrd, {"e2e/stage0": (stage0.encode(), 0o644),
                  "kexec": (opts.kexec, 0o755),
                  "kdump-helper": (opts.helper, 0o755),
                  "vmlinux": (opts.stripped, 0o755),
                  "capture.cpio": (capture, 0o644)})
    disk = None
    if m.dump_disk and copy:
        disk = os.path.join(wd, "dump.img")
        with open(disk, "wb") as f:
            f.truncate(m.ram + 16 * MiB)
    cmdline = "console=%s crashkernel=%s e2e_stage=0 panic=1" % (m.console, ck)
    lines = run_emulator(m, opts, opts.kernel, cmdline, initrd, disk,
                         os.path.join(wd, "console.log"), m.timeout)
    boots = split_boots(lines)
    first = next((b for b in boots if b.stage == 0), None)
    cap = next((b for b in boots if b.stage == 1), None)
    if not check(tag + "/first-kernel-runs", first is not None,
                 "no stage 0 in %s" % os.path.join(wd, "console.log")):
        return False

    # The region, and the loader's -p, -S -p and -u -p.
    iomem = find_run(first, "/kdump-helper cat /proc/iomem")[2]
    region = None
    for line in iomem:
        mm = re.match(r"\s*([0-9a-f]+)-([0-9a-f]+) : Crash kernel$", line)
        if mm:
            region = (int(mm.group(1), 16), int(mm.group(2), 16) + 1 - int(mm.group(1), 16))
    if not check(tag + "/region-in-iomem", region is not None and region[1] == parse_size(ck),
                 "iomem: %s" % iomem):
        return False
    note("%s: crash region 0x%08x..0x%08x (%d MiB)" %
         (name, region[0], region[0] + region[1], region[1] >> 20))
    st = [find_run(first, "/kexec -S -p", i)[1] for i in range(3)]
    check(tag + "/status-before-load", st[0] == 1, "kexec -S -p gave %s" % st[0])
    load = find_run(first, "/kexec -d -p")
    check(tag + "/load", load[1] == 0, "kexec -d -p gave %s: %s" % (load[1], load[2][-3:]))
    check(tag + "/status-after-load", st[1] == 0, "kexec -S -p gave %s" % st[1])
    unl = find_run(first, "/kexec -u -p")
    check(tag + "/unload", unl[1] == 0 and st[2] == 1,
          "kexec -u -p gave %s, then -S -p %s" % (unl[1], st[2]))
    reload = find_run(first, "/kexec -p /vmlinux")
    loaded = find_run(first, "/kdump-helper cat /sys/kernel/kexec_crash_loaded")[2]
    check(tag + "/reload", reload[1] == 0 and loaded[:1] == ["1"],
          "kexec -p gave %s, kexec_crash_loaded %s" % (reload[1], loaded))
    crashrun = find_run(first, "/kdump-helper crash")[2]
    pat = kv_line(crashrun, "kdump pattern ")
    if fill:
        check(tag + "/pattern-written", pat is not None and int(pat["pages"]) > 0,
              "helper said %s" % crashrun[-3:])
        if pat:
            note("%s: pattern over %d MiB of the first kernel's %d KiB MemAvailable" %
                 (name, int(pat["pages"]) * 4096 >> 20, first.meminfo.get("MemAvailable", 0)))

    # The capture kernel.
    if not check(tag + "/capture-kernel-boots", cap is not None,
                 "no stage 1 after the crash; see %s" % os.path.join(wd, "console.log")):
        return False
    panic_t = next((t for t, s in lines if "sysrq: Trigger a crash" in s or
                    "Unable to handle kernel" in s or "Kernel panic" in s), None)
    if panic_t is not None:
        linux_t = next((t for t, s in lines if t > panic_t and "Linux version" in s), None)
        if linux_t is not None:
            note("%s: capture kernel's first line %.0f ms after the crash (host clock), "
                 "its init %.1f s after" % (name, (linux_t - panic_t) * 1000, cap.start - panic_t))
    chunks = memchunks(cap.bootinfo)
    rs, re_ = region
    cap_ram = [c for c in chunks if rs <= c[0] and c[0] + c[1] <= rs + re_]
    check(tag + "/capture-memory-inside-region",
          chunks and chunks[0] == (rs, (re_ - 4096) & ~(256 * 1024 - 1)) and
          all(c in cap_ram or c[0] == 0 for c in chunks),
          "capture chunks %s, region %s" % ([(hex(a), hex(b)) for a, b in chunks],
                                            (hex(rs), hex(re_))))
    check(tag + "/capture-cmdline-elfcorehdr",
          "elfcorehdr=4K@0x%08x" % (rs + re_ - 4096) in cap.cmdline and
          "crashkernel=" not in cap.cmdline, "cmdline %r" % cap.cmdline)
    memtotal = cap.meminfo.get("MemTotal", 0)
    check(tag + "/capture-memtotal-within-region", 0 < memtotal * 1024 <= re_,
          "MemTotal %d kB" % memtotal)
    note("%s: capture kernel MemTotal %d kB, MemAvailable %d kB" %
         (name, memtotal, cap.meminfo.get("MemAvailable", 0)))

    # /proc/vmcore in the guest.
    chk = find_run(cap, "/kdump-helper check")[2]
    elf = kv_line(chk, "kdump elf ")
    check(tag + "/vmcore-elf32-m68k-core",
          elf is not None and (elf["class"], elf["data"], elf["type"], elf["machine"]) ==
          ("1", "2", "4", "4"), "helper said %s" % chk[:3])
    prs = kv_line(chk, "kdump note prstatus ")
    check(tag + "/vmcore-prstatus-note", prs is not None, "no NT_PRSTATUS: %s" % chk)
    if prs:
        want = "lkdtm_EXCEPTION" if crash == "oops" else "__crash_kexec"
        fn = kdump_check.symbol_at(opts.syms, int(prs["pc"], 16))
        check(tag + "/vmcore-pc-in-" + want, fn == want, "pc %s is in %s" % (prs["pc"], fn))
    info = [line for line in chk if line.startswith("kdump vmcoreinfo ")]
    # PAGE_OFFSET maps the crashed kernel's first memory chunk.
    first_chunks = memchunks(first.bootinfo)
    want_info = ["kdump vmcoreinfo NUMBER(PAGE_OFFSET)=0x0",
                 "kdump vmcoreinfo NUMBER(PHYS_OFFSET)=0x%x" %
                 (first_chunks[0][0] if first_chunks else -1)]
    check(tag + "/vmcore-vmcoreinfo-note",
          all(w in info for w in want_info) and not any("m68k" in x for x in info),
          "vmcoreinfo lines %s, want %s" % (info, want_info))
    scan = kv_line(chk, "kdump scan ")
    check(tag + "/vmcore-read-in-guest", scan is not None and int(scan["pages"]) > 0,
          "helper said %s" % chk[-3:])
    if fill:
        check(tag + "/vmcore-pattern-in-guest",
              scan is not None and pat is not None and scan["pattern"] == pat["pages"] and
              scan["bad"] == "0" and scan["nonce"] == pat["nonce"],
              "scan %s, written %s" % (scan, pat))
    # The crashed kernel's log, read from /proc/vmcore by vmcore-dmesg.
    vd = find_run(cap, "/vmcore-dmesg")
    crash_line = ("sysrq: Trigger a crash" if crash == "sysrq" else
                  "lkdtm: Performing direct entry EXCEPTION")
    stamped = [ln for ln in vd[2] if re.match(r"\[ *\d+\.\d{6}\] ", ln)]
    check(tag + "/vmcore-dmesg-log",
          vd[1] == 0 and len(stamped) == len(vd[2]) > 50 and
          "Linux version 6.12" in stamped[0] and
          any(ln.endswith("] " + crash_line) for ln in stamped),
          "vmcore-dmesg gave %s, %d lines: %s ... %s" %
          (vd[1], len(vd[2]), vd[2][:1], vd[2][-2:]))
    if not (m.dump_disk and copy):
        return True

    # The dump on the host.
    cp = kv_line(find_run(cap, "/kdump-helper copy")[2], "kdump copied ")
    size = kv_line(chk, "kdump vmcore ")
    check(tag + "/copy-to-virtio-disk", cp is not None and size is not None and
          cp["bytes"] == size["size"], "copy %s, vmcore %s" % (cp, size))
    if cp:
        note("%s: copied %d MiB of /proc/vmcore in %.1f s" %
             (name, int(cp["bytes"]) >> 20, int(cp["ms"]) / 1000))
    elf_out = os.path.join(wd, "vmcore.elf")
    host_check(opts, m, disk, tag + "/host", crash, region, pat, ["--out-elf", elf_out])
    if opts.gdb and os.path.exists(elf_out):
        gdb_backtrace(opts, tag, crash, elf_out, wd)
    return True


def gdb_backtrace(opts, tag, crash, core, wd):
    """Can gdb-multiarch open the dump with vmlinux and unwind the crash?"""
    # The dump's ELF header says ELFOSABI_NONE and vmlinux has no ABI note:
    # without "set osabi GNU/Linux" gdb has no reader for m68k Linux
    # register notes ("Core file format not supported").
    cmd = ["gdb-multiarch", "-nx", "-batch", "-ex", "set pagination off",
           "-ex", "set architecture m68k:68040", "-ex", "set osabi GNU/Linux",
           "-ex", "file " + opts.kernel, "-ex", "core-file " + core,
           "-ex", "info registers pc sp", "-ex", "bt 16"]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=300)
    with open(os.path.join(wd, "gdb.txt"), "w") as f:
        f.write(" ".join(cmd) + "\n" + r.stdout)
    # The backtrace: from the last "#0" on (loading the core prints one too).
    bt = r.stdout[r.stdout.rfind("\n#0 "):]
    frames = re.findall(r"^#\d+\s+(?:0x[0-9a-f]+ in )?([A-Za-z_][A-Za-z0-9_.]*)", bt, re.M)
    note("%s: gdb backtrace: %s" % (tag, " <- ".join(frames) or r.stdout.strip()[-300:]))
    if crash == "oops":
        want = ["lkdtm_EXCEPTION", "lkdtm_do_action"]
    else:
        want = ["crash_setup_regs", "__crash_kexec", "panic", "sysrq_handle_crash"]
    check(tag + "/gdb-backtrace", frames[:1] == want[:1] and all(w in frames for w in want),
          "frames %s, want %s (gdb.txt)" % (frames, want))


# ------------------------------------------------------------------ the service

# kdump as a user switches it on (issue 14): the machine boots from an
# ext4 disk holding /etc/default/kdump-tools, kdump-config, kexec and the
# kernel in /boot; "kdump-config load" (what the init script and the unit
# run) loads the capture kernel with our initramfs; the crash; the capture
# kernel's /init (kdump-config) saves the dump, its log and a summary to
# the disk and kexecs the normal kernel again, whose init (stage 2, from
# KDUMP_RETURN_CMDLINE_APPEND) loads the capture kernel again. The host
# then reads the disk.
SERVICE_DISK = {"virt": "/dev/vda", "aranym-fast": "/dev/nfhd8"}

# name: (configuration lines, disk free MiB, what must happen)
SERVICE = {
    "service": ("", 160, "saved"),
    "service-oops": ("", 160, "saved"),
    "service-zstd": ('KDUMP_COMPRESS="zstd"\nKDUMP_SKIP_ZERO=0\n', 160, "saved"),
    "service-full": ("", 6, "full"),
    "service-nodev": ('KDUMP_DEVICE="LABEL=nosuch"\n', 16, "nodev"),
}


def service_scenario(opts, m, name, extra=None, fill=True):
    """One crash through the service; returns what the capture kernel
    said (its "kdump: ..." console lines, from "kdump:" on)."""
    tag = "kdump/%s@%s" % (name, m.name)
    if extra is None:
        extra, free_mib, expect = SERVICE[name]
    else:
        free_mib, expect = 160, "saved"
    crash = "oops" if name.endswith("-oops") else "sysrq"
    wd = os.path.join(opts.workdir, "%s-%s" % (name, m.name))
    os.makedirs(wd, exist_ok=True)
    dev = SERVICE_DISK[m.name]
    conf = ("# written by the test, as a user would\n"
            "USE_KDUMP=1\nKDUMP_KERNEL=/boot/vmlinux\n"
            "KDUMP_RETURN_CMDLINE_APPEND=\"e2e_stage=2\"\n" + extra)
    stage0 = ("run /sbin/kdump-config status\n"
              "run /sbin/kdump-config load\n"
              "run /sbin/kdump-config status\n"
              "run /kdump-helper crash %s%s\n" % (crash, "" if fill else " 1"))
    stage2 = ("run /kdump-helper cat /proc/cmdline\n"
              "run /sbin/kdump-config load\n"
              "run /sbin/kdump-config status\n")
    disk = os.path.join(wd, "root.img")
    e2e.make_disk(disk, {
        "e2e/stage0": (stage0.encode(), 0o644), "e2e/stage2": (stage2.encode(), 0o644),
        "etc/default/kdump-tools": (conf.encode(), 0o644),
        "sbin/kdump-config": (opts.kdump_config, 0o755), "sbin/kexec": (os.path.join(os.path.dirname(opts.kdump_config), "kexec"), 0o755),
        "kdump-helper": (opts.helper, 0o755), "boot/vmlinux": (opts.stripped, 0o644),
        "var/lib/.keep": (b"", 0o644)}, free_mib=free_mib, label="root")
    # No e2e_stage= here: the way back appends e2e_stage=2.
    cmdline = "console=%s crashkernel=%s e2e_disk=%s root=%s panic=1" % (
        m.console, m.crashkernel, dev, dev)
    t0 = time.monotonic()
    lines = run_emulator(m, opts, opts.kernel, cmdline, None, disk,
                         os.path.join(wd, "console.log"), m.timeout)
    note("%s: boot, crash, save and back in %.0f s" % (tag, time.monotonic() - t0))
    boots = split_boots(lines)
    first = next((b for b in boots if b.stage == 0), None)
    back = next((b for b in boots if b.stage == 2), None)
    log = os.path.join(wd, "console.log")
    if not check(tag + "/first-kernel-runs", first is not None, "no stage 0 in " + log):
        return []
    st = [find_run(first, "/sbin/kdump-config status", i) for i in range(2)]
    ld = find_run(first, "/sbin/kdump-config load")
    check(tag + "/status-before-load", st[0][1] == 3 and
          any("not ready" in x for x in st[0][2]), "status gave %s: %s" % tuple(st[0][1:]))
    check(tag + "/load", ld[1] == 0, "load gave %s: %s" % tuple(ld[1:]))
    check(tag + "/status-after-load", st[1][1] == 0 and
          any("ready to kdump" in x for x in st[1][2]), "status gave %s: %s" % tuple(st[1][1:]))
    pat = kv_line(find_run(first, "/kdump-helper crash")[2], "kdump pattern ")
    if fill:
        check(tag + "/pattern-written", pat is not None, "no pattern line")
    said = [s[s.find("kdump: "):] for _, s in lines if "kdump: " in s]
    note("%s: the capture kernel said: %s" % (tag, " | ".join(said)))
    if not check(tag + "/back-in-normal-kernel", back is not None,
                 "no stage 2 after the crash: " + log):
        return said
    check(tag + "/back-without-firmware",
          back.origin == "builtin" and "e2e_stage=2" in back.cmdline and
          "elfcorehdr" not in back.cmdline and
          memchunks(back.bootinfo) == memchunks(first.bootinfo),
          "cmdline %r, chunks %s vs %s" % (back.cmdline, memchunks(back.bootinfo),
                                           memchunks(first.bootinfo)))
    rl = find_run(back, "/sbin/kdump-config load")
    rs = find_run(back, "/sbin/kdump-config status")
    check(tag + "/loaded-again", rl[1] == 0 and rs[1] == 0,
          "load %s, status %s: %s" % (rl[1], rs[1], rs[2]))

    # The disk, on the host: the journal replayed and checked first.
    fsck = subprocess.run(["e2fsck", "-fy", disk], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    check(tag + "/disk-consistent", fsck.returncode in (0, 1),
          "e2fsck exit %d: %s" % (fsck.returncode, fsck.stdout[-300:]))
    out = os.path.join(wd, "crash")
    subprocess.run(["rm", "-rf", out])
    os.makedirs(out)
    subprocess.run(["debugfs", "-R", "rdump /var/crash %s" % out, disk],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    top = os.path.join(out, "crash")
    entries = sorted(os.listdir(top)) if os.path.isdir(top) else []
    if expect != "saved":
        why = {"full": "No space left on device", "nodev": "no device LABEL=nosuch"}[expect]
        check(tag + "/said-why", any(why in s for s in said), "console: %s" % said)
        check(tag + "/nothing-half-written", entries == [], "/var/crash holds %s" % entries)
        return said
    if not check(tag + "/one-crash-directory",
                 len(entries) == 1 and re.fullmatch(r"\d{12}", entries[0]) is not None,
                 "/var/crash holds %s" % entries):
        return said
    ts = entries[0]
    d = os.path.join(top, ts)
    files = sorted(os.listdir(d))
    mc = re.search(r'KDUMP_COMPRESS="(\w+)"', extra)
    comp = {"gzip": ".gz", "zstd": ".zst"}.get(mc.group(1) if mc else "", "")
    want = sorted(["dump.%s%s" % (ts, comp), "dmesg.%s" % ts, "summary.%s" % ts])
    check(tag + "/files", files == want, "%s holds %s, want %s" % (d, files, want))
    dump = os.path.join(d, "dump.%s%s" % (ts, comp))
    if comp and os.path.exists(dump):
        elf = dump[:-len(comp)]
        subprocess.run(["gzip" if comp == ".gz" else "zstd", "-q", "-d", "-f", "-k", dump], check=False)
        note("%s: dump %d MiB compressed, %d MiB as ELF" % (
            tag, os.path.getsize(dump) >> 20, os.path.getsize(elf) >> 20))
        dump = elf
    elif os.path.exists(dump):
        note("%s: dump file %d MiB, %d MiB of disk" % (
            tag, os.path.getsize(dump) >> 20, os.stat(dump).st_blocks * 512 >> 20))
    dmesg = open(os.path.join(d, "dmesg." + ts), errors="replace").read() \
        if "dmesg." + ts in files else ""
    crash_line = ("] sysrq: Trigger a crash" if crash == "sysrq" else
                  "] lkdtm: Performing direct entry EXCEPTION")
    check(tag + "/dmesg-has-crash", crash_line in dmesg and
          "Linux version 6.12" in dmesg, "%d bytes: %r" % (len(dmesg), dmesg[-200:]))
    summ = open(os.path.join(d, "summary." + ts), errors="replace").read() \
        if "summary." + ts in files else ""
    keys = dict(ln.split(": ", 1) for ln in summ.splitlines() if ": " in ln)
    check(tag + "/summary", keys.get("kernel", "").startswith("6.12") and
          ("sysrq" if crash == "sysrq" else "Unable to handle kernel") in keys.get("panic", "") and
          keys.get("time", "")[:4] >= "2024",
          "summary %r" % summ)
    if not os.path.exists(dump):
        return said
    host_check(opts, m, dump, tag + "/saved", crash, crash_region(first), pat)
    return said


# What each way of saving costs, on a crash without the pattern (the
# first kernel's free memory as the kernel left it): bench/kdump-sizes.sh.
SIZES = [("plain", "KDUMP_SKIP_ZERO=0\n"), ("skip-zero", ""),
         ("gzip", 'KDUMP_COMPRESS="gzip"\n'), ("zstd", 'KDUMP_COMPRESS="zstd"\n')]


def sizes(opts, m):
    print("| machine | KDUMP_ settings | /proc/vmcore | saved | seconds |")
    print("|---|---|---|---|---|")
    for name, extra in SIZES:
        said = " ".join(service_scenario(opts, m, "sizes-" + name, extra, fill=False))
        mm = re.search(r"saved (\d+) bytes(?: \(\w+ of (\d+)\))? .*? in ([\d.]+) s", said)
        total = re.search(r"saving (\d+ MiB)", said)
        print("| %s | %s | %s | %s | %s |" % (
            m.name, extra.strip().replace("\n", " ") or "(defaults)",
            total.group(1) if total else "?",
            "%.1f MiB" % (int(mm.group(1)) / MiB) if mm else "FAILED: " + said,
            mm.group(3) if mm else "-"))
        sys.stdout.flush()


def crash_region(boot):
    """(start, size) of the crash region, from the first kernel's status."""
    for line in find_run(boot, "/sbin/kdump-config status", 1)[2]:
        mm = re.search(r"(\d+) MiB reserved at 0x([0-9a-f]+)", line)
        if mm:
            return int(mm.group(2), 16), int(mm.group(1)) << 20
    return (0, 0)


def unsupported(opts):
    """kexec -p says what is missing: CONFIG_CRASH_DUMP, crashkernel=, a region."""
    m = machine("virt")
    cases = [
        ("stock-kernel", opts.stock, "", "CONFIG_CRASH_DUMP"),
        ("no-crashkernel", opts.kernel, "", "boot the running kernel with crashkernel="),
        ("crashkernel-too-big", opts.kernel, " crashkernel=512M", "reserved nothing"),
    ]
    for name, kernel, extra, want in cases:
        if not kernel:
            continue
        tag = "kdump/unsupported-%s" % name
        wd = os.path.join(opts.workdir, "unsupported-" + name)
        os.makedirs(wd, exist_ok=True)
        stage0 = ("run /kexec -p /vmlinux --command-line=console=ttyGF0\n"
                  "run /kexec -S -p\n")
        initrd = os.path.join(wd, "initrd.cpio")
        e2e.make_cpio(initrd, {"e2e/stage0": (stage0.encode(), 0o644), "kexec": (opts.kexec, 0o755),
                      "vmlinux": (opts.stripped, 0o755)})
        lines = run_emulator(m, opts, kernel, "console=ttyGF0 e2e_stage=0" + extra, initrd,
                             None, os.path.join(wd, "console.log"), 120)
        boots = split_boots(lines)
        b = boots[0] if boots else None
        r = find_run(b, "/kexec -p") if b else (None, None, [])
        s = find_run(b, "/kexec -S -p") if b else (None, None, [])
        text = " ".join(r[2])
        check(tag, r[1] == 5 and want in text and s[1] == 1,
              "kexec -p gave %s: %r; -S -p gave %s" % (r[1], text, s[1]))


def measure(opts, m):
    """The smallest crashkernel= with which the capture kernel boots and
    reads all of /proc/vmcore (no pattern, no copy)."""
    results = []
    for size in opts.measure.split(","):
        ok = crash_scenario(opts, m, "sysrq", "%s-region-%s" % (m.name, size), size,
                            fill=False, copy=False)
        results.append((size, ok))
        note("%s: crashkernel=%s: capture kernel %s" % (m.name, size, "works" if ok else "FAILS"))
    note("%s: working sizes: %s" % (m.name, " ".join(s for s, ok in results if ok) or "none"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True, help="patched vmlinux (with DWARF)")
    ap.add_argument("--stripped", required=True, help="the same, for the guest")
    ap.add_argument("--system-map", required=True)
    ap.add_argument("--stock", help="stock vmlinux (no crash support)")
    ap.add_argument("--kexec", required=True, help="static m68k kexec")
    ap.add_argument("--helper", required=True, help="static m68k kdump-helper")
    ap.add_argument("--vmcore-dmesg", required=True, help="static m68k vmcore-dmesg")
    ap.add_argument("--kdump-config", help="static m68k kdump-config (the service)")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--machines", default="virt")
    ap.add_argument("--hatari", help="the Hatari binary (build-hatari.sh)")
    ap.add_argument("--gdb", action="store_true")
    ap.add_argument("--measure", help="comma-separated MiB sizes to try, smallest first")
    ap.add_argument("--sizes", action="store_true",
                    help="the saved dump's size and time for each way of saving")
    ap.add_argument("--only", default="sysrq,oops,unsupported,service")
    opts = ap.parse_args()
    opts.syms = kdump_check.load_map(opts.system_map)
    only = opts.only.split(",")
    for name in opts.machines.split(","):
        m = machine(name)
        if opts.measure:
            measure(opts, m)
            continue
        if opts.sizes:
            sizes(opts, m)
            continue
        if "sysrq" in only:
            crash_scenario(opts, m, "sysrq", m.name + "-sysrq")
        if "oops" in only:
            crash_scenario(opts, m, "oops", m.name + "-oops")
        if "service" in only and opts.kdump_config and m.name in SERVICE_DISK:
            for name in SERVICE if m.name == "virt" else ["service"]:
                service_scenario(opts, m, name)
    if "unsupported" in only and not (opts.measure or opts.sizes):
        unsupported(opts)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
