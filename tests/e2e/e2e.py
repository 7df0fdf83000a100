#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""End-to-end scenarios: boot Linux/m68k under QEMU and ARAnyM, let the
guest's test init (init.c) run our kexec, and assert on its "E2E " lines.

run.sh builds the inputs and calls this; see README.md. Every test is a
scenario on a machine variant, named SCENARIO@MACHINE; each prints
"PASS name" or "FAIL name: reason", and the last line is
"N passed, M failed".
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

MiB = 1 << 20

# Bootinfo tags (doc/bootinfo.md, Tags)
BI_LAST, BI_MACHTYPE, BI_MEMCHUNK, BI_RAMDISK, BI_COMMAND_LINE = 0, 1, 5, 6, 7
MACH_ATARI, MACH_MAC, MACH_VIRT = 2, 3, 14
BI_ATARI_MCH_COOKIE = 0x8000

ARANYM_ST = (0, 14 * MiB)
ARANYM_FAST = (0x01000000, 64 * MiB)
# Hatari's Falcon: 14 MiB of ST-RAM, 64 MiB of TT-RAM at 0x01000000
HATARI_ST = (0, 14 * MiB)
HATARI_TT = (0x01000000, 64 * MiB)
# Hatari's CPU options per CPU: the 68030 with a 68882, the 040 and 060
# with their own FPU; cache and prefetch emulation off, as Hatari's
# doc/m68k-linux.txt says a Linux boot needs.
HATARI_CPU = {
    "030": ["--cpulevel", "3", "--fpu", "68882"],
    "040": ["--cpulevel", "4", "--fpu", "internal"],
    "060": ["--cpulevel", "6", "--fpu", "internal"],
}


class Machine:
    """One emulator configuration."""

    def __init__(self, name, kind, console, machtype, chunks, qemu_args=(),
                 fastram=0, load_to_fastram=False, boot_image=False, disk=None,
                 cpu=None):
        self.name = name
        self.kind = kind                # "qemu", "aranym" or "hatari"
        self.cpu = cpu                  # hatari: "030", "040" or "060"
        self.console = console
        self.machtype = machtype
        self.chunks = list(chunks)      # BI_MEMCHUNKs the emulator passes
        self.qemu_args = list(qemu_args)
        self.fastram = fastram
        self.load_to_fastram = load_to_fastram
        self.boot_image = boot_image    # ARAnyM appends BOOT_IMAGE=vmlinux
        self.disk = disk                # files on this ext4 disk, not an initrd


def machines():
    return {m.name: m for m in [
        Machine("virt", "qemu", "ttyGF0", MACH_VIRT, [(0, 128 * MiB)],
                ["-M", "virt", "-m", "128M"]),
        Machine("virt-32M", "qemu", "ttyGF0", MACH_VIRT, [(0, 32 * MiB)],
                ["-M", "virt", "-m", "32M"]),
        Machine("virt-m68060", "qemu", "ttyGF0", MACH_VIRT, [(0, 128 * MiB)],
                ["-M", "virt", "-cpu", "m68060", "-m", "128M"]),
        Machine("q800", "qemu", "ttyS0", MACH_MAC, [(0, 128 * MiB)],
                ["-M", "q800", "-m", "128M"]),
        Machine("aranym-st", "aranym", "nfcon", MACH_ATARI, [ARANYM_ST],
                boot_image=True, disk="/dev/nfhd8"),
        Machine("aranym-fast", "aranym", "nfcon", MACH_ATARI,
                [ARANYM_ST, ARANYM_FAST], fastram=64, boot_image=True),
        Machine("aranym-fastfirst", "aranym", "nfcon", MACH_ATARI,
                [ARANYM_FAST, ARANYM_ST], fastram=64, load_to_fastram=True,
                boot_image=True),
    ] + hatari_machines()}


def hatari_machines():
    """A Falcon under Hatari for each CPU: ST-RAM only (-st), with TT-RAM
    and the kernel in ST-RAM (-tt), and with the kernel in TT-RAM
    (-ttfirst: Hatari then lists TT-RAM first, physical != virtual)."""
    out = []
    for cpu in HATARI_CPU:
        out += [
            Machine(f"hatari-{cpu}-st", "hatari", "nfcon", MACH_ATARI, [HATARI_ST],
                    boot_image=True, cpu=cpu),
            Machine(f"hatari-{cpu}-tt", "hatari", "nfcon", MACH_ATARI,
                    [HATARI_ST, HATARI_TT], fastram=64, boot_image=True, cpu=cpu),
            Machine(f"hatari-{cpu}-ttfirst", "hatari", "nfcon", MACH_ATARI,
                    [HATARI_TT, HATARI_ST], fastram=64, load_to_fastram=True,
                    boot_image=True, cpu=cpu),
        ]
    return out


# Which scenarios run where. Every machine runs plain, classic and initrd.
MATRIX = {
    "virt": ["plain", "classic", "append", "cmdline", "initrd", "compressed",
             "compressed-xz", "compressed-zstd", "faults", "unload", "chain", "bootinfo"],
    "virt-32M": ["plain", "smallmem", "compressed-xz"],
    "q800": ["plain", "classic", "append", "cmdline", "initrd",
             "compressed", "faults", "chain", "bootinfo"],
    # ST-RAM only: the kernel's 5.2 MB image is more than half of the RAM
    # this kernel leaves (MemTotal 8.5 MB), which kexec_load refuses; the
    # loader must say so before the syscall (smallmem).
    "aranym-st": ["plain", "smallmem"],
    "aranym-fast": ["plain", "classic", "initrd", "compressed", "bootinfo"],
    "aranym-fastfirst": ["plain", "classic", "initrd", "fastram", "chain"],
    # Hatari's Falcon (README.md, "Hatari"): the 68030 and the 68060 in
    # full, the 68040 for comparison. ST-RAM only: the kernel's image is
    # more than half of what this kernel leaves of 14 MiB (as on ARAnyM),
    # and Hatari has no NatFeats disk to bring a kernel from.
    "hatari-030-st": ["plain"],
    "hatari-030-tt": ["plain", "classic", "append", "initrd", "compressed",
                      "faults", "chain", "bootinfo", "window"],
    "hatari-030-ttfirst": ["plain", "classic", "initrd", "fastram", "chain"],
    "hatari-040-st": ["plain"],
    "hatari-040-tt": ["plain", "classic", "initrd"],
    "hatari-040-ttfirst": ["plain", "classic", "fastram"],
    "hatari-060-st": ["plain"],
    "hatari-060-tt": ["plain", "classic", "append", "initrd", "compressed",
                      "faults", "chain", "bootinfo", "window"],
    "hatari-060-ttfirst": ["plain", "classic", "initrd", "fastram", "chain"],
}

# Known failures outside the loader, run only with E2E_KNOWN=1 (README.md).
# None now: chain@aranym-fastfirst passes with kernel patch 0005.
KNOWN = {}


class Fail(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def check_eq(what, got, want):
    if got != want:
        raise Fail(f"{what}: got {got!r}, want {want!r}")


# ---------------------------------------------------------------- parsing

def decode_bootinfo(hexstr):
    """List of (tag, payload bytes) up to BI_LAST."""
    data = bytes.fromhex(hexstr)
    recs, off = [], 0
    while off + 2 <= len(data):
        tag = int.from_bytes(data[off:off + 2], "big")
        if tag == BI_LAST:
            break
        check(off + 4 <= len(data), "bootinfo: record header past the end")
        size = int.from_bytes(data[off + 2:off + 4], "big")
        check(size >= 4 and off + size <= len(data),
              f"bootinfo: bad record size {size} at {off}")
        recs.append((tag, data[off + 4:off + size]))
        off += size
    return recs


class Run:
    def __init__(self, argv):
        self.argv = argv
        self.rc = None
        self.out = []
        self.err = []
        self.pending = {"out": "", "err": ""}

    def __repr__(self):
        return f"Run({self.argv!r}, rc={self.rc})"


class Boot:
    """What one kernel's init reported."""

    def __init__(self, origin):
        self.origin = origin
        self.cmdline = None
        self.stage = None
        self.bootinfo = None
        self.meminfo = {}
        self.loaded = []            # every kexec_loaded report, in order
        self.payload = None
        self.events = []            # Run objects and ("mkcpio", text)
        self.notes = []
        self.done = False

    def runs(self):
        return [e for e in self.events if isinstance(e, Run)]

    def records(self, tag):
        return [d for t, d in (self.bootinfo or []) if t == tag]

    def memchunks(self):
        return [(int.from_bytes(d[0:4], "big"), int.from_bytes(d[4:8], "big"))
                for d in self.records(BI_MEMCHUNK)]

    def ramdisk(self):
        r = self.records(BI_RAMDISK)
        check(len(r) <= 1, "more than one BI_RAMDISK")
        if not r:
            return None
        return (int.from_bytes(r[0][0:4], "big"), int.from_bytes(r[0][4:8], "big"))

    def bi_cmdline(self):
        r = self.records(BI_COMMAND_LINE)
        return r[0].split(b"\0")[0].decode() if r else None

    def machtype(self):
        r = self.records(BI_MACHTYPE)
        return int.from_bytes(r[0][0:4], "big") if r else None


E2E_RE = re.compile(r"E2E (.*)")


def parse(text):
    boots, run = [], None
    for raw in text.splitlines():
        m = E2E_RE.search(raw.rstrip("\r"))
        if not m:
            continue
        word, _, rest = m.group(1).partition(" ")
        if word == "origin":
            boots.append(Boot(rest))
            run = None
            continue
        if not boots:
            continue
        b = boots[-1]
        if word == "cmdline":
            b.cmdline = rest
        elif word == "stage":
            b.stage = int(rest)
        elif word == "bootinfo":
            b.bootinfo = None if rest == "none" else decode_bootinfo(rest)
        elif word == "meminfo":
            k, v = rest.split()
            b.meminfo[k] = int(v)
        elif word == "kexec_loaded":
            b.loaded.append(rest)
        elif word == "payload":
            b.payload = rest
        elif word == "begin":
            run = Run(rest[len("argv="):])
            b.events.append(run)
        elif word in ("out+", "err+") and run is not None:
            run.pending[word[:-1]] += rest
        elif word in ("out", "err") and run is not None:
            getattr(run, word).append(run.pending[word] + rest)
            run.pending[word] = ""
        elif word == "run":
            mm = re.match(r"rc=(-?\d+) argv=(.*)", rest)
            if mm and run is not None:
                run.rc = int(mm.group(1))
            run = None
        elif word == "mkcpio":
            b.events.append(("mkcpio", rest))
        elif word == "note":
            b.notes.append(rest)
        elif word == "done":
            b.done = True
    return boots


# ---------------------------------------------------------------- emulators

def headless_env(workdir):
    """The environment of an SDL emulator (ARAnyM, Hatari) with no display
    and no sound; HOME in the work directory, where they keep settings."""
    return dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                HOME=workdir)


def emulator_command(machine, kernel, cmdline, initrd, disk, workdir, hatari=None):
    """The command line and environment that boot kernel on machine.
    disk: an image the guest sees as its disk (ARAnyM: NatFeats IDE,
    QEMU: virtio-blk). The one place that knows each emulator's options;
    kdump.py boots through it too."""
    if machine.kind == "qemu":
        cmd = ["qemu-system-m68k"] + machine.qemu_args + [
            "-nographic", "-monitor", "none", "-no-reboot",
            "-kernel", kernel, "-append", cmdline]
        if initrd:
            cmd += ["-initrd", initrd]
        if disk:
            cmd += ["-drive", f"file={disk},if=none,id=d,format=raw",
                    "-device", "virtio-blk-device,drive=d"]
        return cmd, None
    if machine.kind == "aranym":
        cfg = os.path.join(workdir, "aranym.cfg")
        with open(cfg, "w") as f:
            f.write("[GLOBAL]\n"
                    f"FastRAM = {machine.fastram}\n"
                    "[LILO]\n"
                    f"Kernel = {kernel}\n"
                    f"Args = {cmdline}\n"
                    f"Ramdisk = {initrd or ''}\n"
                    f"LoadToFastRAM = {'Yes' if machine.load_to_fastram else 'No'}\n")
            if disk:
                # ByteSwap: without it Linux's nfhd reads the image
                # with every 16-bit word swapped.
                f.write("[IDE0]\nPresent = Yes\nIsCDROM = No\nByteSwap = Yes\n"
                        f"ReadOnly = No\nPath = {disk}\n")
        return ["aranym-mmu", "-c", cfg, "-l"], headless_env(workdir)
    if machine.kind == "hatari":
        if disk:
            raise ValueError("Hatari has no NatFeats disk: no disk on " + machine.name)
        return hatari_command(machine, kernel, cmdline, initrd, workdir, hatari)
    raise ValueError("unknown emulator kind " + machine.kind)


def hatari_command(machine, kernel, cmdline, initrd, workdir, hatari):
    """Hatari's command line: a Falcon booted by its LILO (no TOS), the
    console on NatFeats (nfcon goes to Hatari's stderr), no display, no
    sound; --fast-forward runs the emulation as fast as it goes."""
    cfg = os.path.join(workdir, "hatari.cfg")
    with open(cfg, "w") as f:
        f.write("[LILO]\n"
                f"Kernel = {kernel}\n"
                "Symbols =\n"
                f"Ramdisk = {initrd or ''}\n"
                f"Args = {cmdline}\n"
                f"KernelToFastRam = {'TRUE' if machine.load_to_fastram else 'FALSE'}\n"
                f"RamdiskToFastRam = {'TRUE' if machine.fastram else 'FALSE'}\n")
    cmd = [hatari, "--configfile", cfg, "--machine", "falcon",
           *HATARI_CPU[machine.cpu], "--mmu", "on",
           "--cpu-exact", "off", "--compatible", "off", "--cpuclock", "32",
           "--addr24", "off", "-s", "14", "--ttram", str(machine.fastram),
           "--dsp", "none", "--natfeats", "on", "--sound", "off",
           "--fast-forward", "on", "--statusbar", "off", "--drive-led", "off",
           "--confirm-quit", "off", "--log-level", "error",
           # The command line is Args in the file: --lilo WORDS puts a
           # blank before them. An empty --lilo only selects LILO.
           "--lilo", ""]
    return cmd, headless_env(workdir)


class Emulator:
    def __init__(self, opts):
        self.opts = opts

    def boot(self, machine, cmdline, initrd, disk, log_path, workdir, timeout):
        cmd, env = emulator_command(machine, self.opts.kernel, cmdline, initrd, disk,
                                    workdir, self.opts.hatari)
        cmd = ["timeout", "-k", "5", str(timeout)] + cmd
        with open(log_path, "w") as log:
            log.write("# " + " ".join(cmd) + "\n")
            log.flush()
            return self._watch(cmd, env, log, timeout)

    @staticmethod
    def _watch(cmd, env, log, timeout):
        """Run the emulator; stop it a little after "E2E done" or a panic
        (a powered-off q800 may stay up; a panicked kernel hangs)."""
        # Own process group: killing it also kills the emulator under timeout.
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=env, start_new_session=True)

        def kill():
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        chunks, deadline, state = [], [None], {"why": None}

        def reader():
            for line in iter(p.stdout.readline, b""):
                s = line.decode("utf-8", "replace")
                chunks.append(s)
                log.write(s)
                if deadline[0] is None and ("E2E done" in s or "Kernel panic" in s):
                    deadline[0] = time.monotonic() + 3
                    state["why"] = "panic" if "Kernel panic" in s else "done"

        t = threading.Thread(target=reader, daemon=True)
        t.start()
        start = time.monotonic()
        while p.poll() is None:
            time.sleep(0.1)
            if deadline[0] is not None and time.monotonic() > deadline[0]:
                break
            if time.monotonic() - start > timeout + 10:
                break
        kill()
        p.wait()
        t.join(5)
        text = "".join(chunks)
        timed_out = p.returncode == 124 or (state["why"] is None and p.returncode < 0)
        log.write(f"\n# exit {p.returncode}{' (timeout)' if timed_out else ''}"
                  f" after {time.monotonic() - start:.1f} s\n")
        return text, timed_out, state["why"] == "panic"


def run_console(machine, kernel, cmdline, initrd, disk, log_path, timeout,
                hatari=None, stop=None):
    """Boot once and keep every console line with the host time it came
    at. Ends when the emulator exits (a poweroff; a reset under QEMU's
    -no-reboot), when stop(line) says so, or after timeout seconds.
    Returns ([(seconds, text)], the emulator's exit status, timed out)."""
    cmd, env = emulator_command(machine, kernel, cmdline, initrd, disk,
                                os.path.dirname(log_path), hatari)
    cmd = ["timeout", "-k", "5", str(timeout)] + cmd
    t0 = time.monotonic()
    lines = []
    with open(log_path, "w") as log:
        log.write("# " + " ".join(cmd) + "\n")
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=env, start_new_session=True)
        stopped = False
        for raw in iter(p.stdout.readline, b""):
            s = raw.decode("utf-8", "replace").rstrip("\r\n")
            t = time.monotonic() - t0
            lines.append((t, s))
            log.write("%8.3f %s\n" % (t, s))
            log.flush()
            if stop is not None and stop(s):
                stopped = True
                break
        if stopped:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        p.wait()
        log.write("# exit %s after %.1f s\n" % (p.returncode, time.monotonic() - t0))
    return lines, p.returncode, p.returncode == 124


# ---------------------------------------------------------------- guest files

class Files:
    """Host files put into the guest's initramfs archives."""

    def __init__(self, opts, workdir):
        self.opts = opts
        self.dir = os.path.join(workdir, "files")
        os.makedirs(self.dir, exist_ok=True)
        self.kexec = self._stripped(opts.kexec, "kexec")
        self.vmlinux = self._stripped(opts.kernel, "vmlinux")
        self._cache = {}
        # Tests run in threads: a derived file is made by one of them
        # while the others wait, never twice at once.
        self._lock = threading.RLock()  # make() may need another derived file

    def _stripped(self, src, name):
        dst = os.path.join(self.dir, name)
        shutil.copyfile(src, dst)
        subprocess.run([self.opts.strip, dst], check=True)
        os.chmod(dst, 0o755)
        return dst

    def path(self, name, make):
        """A derived file, made once per run."""
        with self._lock:
            if name not in self._cache:
                dst = os.path.join(self.dir, name)
                make(dst)
                self._cache[name] = dst
            return self._cache[name]

    # The kernel as distributions and kernel builds compress it: Debian's
    # m68k vmlinuz is gzip (stripped); xz with the kernel's CRC32 check and
    # a large dictionary, zstd at its highest ordinary level, both of the
    # unstripped vmlinux as a kernel build leaves it (symbols after the
    # loadable segments, which kexec decodes but does not keep).
    COMPRESSORS = {
        "vmlinuz": (["gzip", "-9", "-n", "-c"], False),
        "vmlinux.xz": (["xz", "-9", "--check=crc32", "-c"], True),
        "vmlinux.zst": (["zstd", "-19", "-q", "-c"], True),
    }

    def compressed_kernel(self, name):
        cmd, unstripped = self.COMPRESSORS[name]

        def make(dst):
            with open(dst, "wb") as f:
                subprocess.run(cmd + [self.opts.kernel if unstripped else self.vmlinux],
                               stdout=f, check=True)
        return self.path(name, make)

    def vmlinuz(self):
        return self.compressed_kernel("vmlinuz")

    def second_cpio(self, payload_size=256 * 1024, name="second.cpio"):
        """Initramfs for the second kernel: its own /init (origin initrd)
        and a payload whose CRC-32 the init checks."""
        def make(dst):
            tree = {"init": (self.opts.init_initrd, 0o755),
                    "payload": (deterministic_bytes(payload_size), 0o644)}
            crc = zlib.crc32(tree["payload"][0])
            tree["payload.crc"] = (f"{crc:08x}\n".encode(), 0o644)
            make_cpio(dst, tree)
        return self.path(name, make)

    def second_cpio_xz(self):
        def make(dst):
            with open(dst, "wb") as f:
                subprocess.run(["xz", "--check=crc32", "-c", self.second_cpio()],
                               stdout=f, check=True)
        return self.path("second.cpio.xz", make)


def deterministic_bytes(n):
    out, x = bytearray(), 0x12345678
    while len(out) < n:
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        out += x.to_bytes(4, "big")
    return bytes(out[:n])


def fill_dir(d, tree):
    """tree: {path: (host path or bytes, mode)}, written under d."""
    for rel, (src, mode) in tree.items():
        full = os.path.join(d, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if isinstance(src, bytes):
            with open(full, "wb") as f:
                f.write(src)
        else:
            shutil.copyfile(src, full)
        os.chmod(full, mode)


def make_disk(dst, tree, free_mib=16, label=None):
    """An ext4 image holding tree (mke2fs -d: no root, no mount), with
    about free_mib MiB free, and a volume label if given."""
    with tempfile.TemporaryDirectory() as d:
        fill_dir(d, tree)
        make_disk_of(dst, d, free_mib, label)


def make_disk_of(dst, d, free_mib=16, label=None):
    """An ext4 image holding the directory d as its root (owners, modes and
    symbolic links as they are), with about free_mib MiB free."""
    size = sum(os.lstat(os.path.join(r, f)).st_size
               for r, _, fs in os.walk(d) for f in fs)
    mib = size // MiB + free_mib
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext4", "-d", d] +
                   (["-L", label] if label else []) + [dst, f"{mib}M"], check=True)


def make_cpio(dst, tree):
    """tree: {path: (host path or bytes, mode)}; written with cpio -H newc."""
    with tempfile.TemporaryDirectory() as d:
        fill_dir(d, tree)
        names = subprocess.run(["find", ".", "-mindepth", "1"], cwd=d, check=True,
                               capture_output=True, text=True).stdout
        names = "\n".join(sorted(names.split())) + "\n"
        with open(dst, "wb") as f:
            subprocess.run(["cpio", "--quiet", "-o", "-H", "newc", "-R", "0:0"], cwd=d,
                           input=names.encode(), stdout=f, check=True)


# ---------------------------------------------------------------- scenarios

def base_cmdline(machine, name, extra=""):
    return f"console={machine.console} e2e={name}" + (f" {extra}" if extra else "")


def reused(cmdline):
    """What --reuse-cmdline must give: the line minus BOOT_IMAGE= words."""
    return " ".join(w for w in cmdline.split(" ") if w and not w.startswith("BOOT_IMAGE="))


def stage_file(*lines):
    return ("\n".join(lines) + "\n").encode()


def first_initrd(files, stages, extra=None):
    tree = {"kexec": (files.kexec, 0o755), "vmlinux": (files.vmlinux, 0o644)}
    for i, text in enumerate(stages):
        tree[f"e2e/stage{i}"] = (text, 0o644)
    tree.update(extra or {})
    return tree


def run_of(boot, i, argv_start=None):
    runs = boot.runs()
    check(len(runs) > i, f"command {i + 1} of stage {boot.stage} did not run "
          f"(ran {len(runs)}: {[r.argv for r in runs]})")
    r = runs[i]
    if argv_start:
        check(r.argv.startswith(argv_start), f"command {i + 1} is {r.argv!r}")
    return r


def check_rc(boot, i, rc):
    r = run_of(boot, i)
    if r.rc != rc:
        msg = "; ".join(r.err[-3:] + r.out[-2:])
        raise Fail(f"'{r.argv}' exited {r.rc}, want {rc} ({msg})")
    return r


def check_boots(boots, n):
    check(len(boots) >= 1, "the first kernel's init never reported")
    if len(boots) != n:
        last = boots[-1]
        runs = [f"'{r.argv}' rc={r.rc} {'; '.join(r.err[-2:])}" for r in last.runs()]
        raise Fail(f"{len(boots)} kernel(s) reported, want {n}; last one ran: {runs}")


def check_plain_boot(machine, b, cmdline):
    want = cmdline + (" BOOT_IMAGE=vmlinux" if machine.boot_image else "")
    check_eq("cmdline", b.cmdline, want)
    check(b.bootinfo is not None, "no /proc/bootinfo")
    check_eq("BI_MACHTYPE", b.machtype(), machine.machtype)
    if machine.machtype == MACH_ATARI:
        # Both emulate a Falcon: _MCH 0x00030000 (the machine in the
        # upper word; Hatari passed 3 before our patch, README.md)
        check_eq("BI_ATARI_MCH_COOKIE", [d.hex() for d in b.records(BI_ATARI_MCH_COOKIE)],
                 ["00030000"])
    check_eq("BI_MEMCHUNKs", b.memchunks(), machine.chunks)
    check_eq("BI_COMMAND_LINE", b.bi_cmdline(), want)


def check_second(first, second, cmdline, origin="builtin"):
    """What every kexec'ed kernel must show."""
    check_eq("second kernel's init", second.origin, origin)
    check_eq("second kernel's cmdline", second.cmdline, cmdline)
    check(second.bootinfo is not None, "second kernel has no /proc/bootinfo")
    check_eq("second kernel's BI_COMMAND_LINE", second.bi_cmdline(), cmdline)
    check_eq("second kernel's BI_MACHTYPE", second.machtype(), first.machtype())
    check_eq("second kernel's BI_MEMCHUNKs", second.memchunks(), first.memchunks())
    check_eq("second kernel's kexec_loaded", second.loaded[:1], ["0"])


class Scenario:
    """A named test: the first kernel's command line, its initrd and the
    checks on what every kernel reported."""
    timeout = 60

    def __init__(self, machine, files):
        self.m = machine
        self.files = files
        self.cmdline = base_cmdline(machine, self.name)

    def initrd(self):
        return None

    def check(self, boots):
        raise NotImplementedError


class Plain(Scenario):
    name = "plain"

    def check(self, boots):
        check_boots(boots, 1)
        b = boots[0]
        check_plain_boot(self.m, b, self.cmdline)
        check_eq("BI_RAMDISK", b.ramdisk(), None)
        check_eq("kexec_loaded", b.loaded, ["0"])
        check(b.done, "no E2E done")


class Classic(Scenario):
    name = "classic"
    load = "run /kexec -d -l /vmlinux --reuse-cmdline"

    def initrd(self):
        return first_initrd(self.files, [stage_file(self.load, "loaded", "run /kexec -e")])

    def expected(self, first):
        return reused(first.cmdline)

    def check(self, boots):
        check(boots, "the first kernel's init never reported")
        check_plain_boot(self.m, boots[0], self.cmdline)
        check_rc(boots[0], 0, 0)
        check_eq("kexec_loaded after the load", boots[0].loaded, ["0", "1"])
        check_boots(boots, 2)
        check_second(boots[0], boots[1], self.expected(boots[0]))
        check_eq("second kernel's BI_RAMDISK", boots[1].ramdisk(), None)
        check(boots[1].done, "no E2E done from the second kernel")


class Append(Classic):
    name = "append"
    load = 'run /kexec -l /vmlinux --reuse-cmdline "--append=e2e_append=yes x=1"'

    def expected(self, first):
        return reused(first.cmdline) + " e2e_append=yes x=1"


class Cmdline(Classic):
    name = "cmdline"

    @property
    def replaced(self):
        return f"console={self.m.console} e2e=replaced e2e_word=yes"

    @property
    def load(self):
        return f'run /kexec -l /vmlinux "--command-line={self.replaced}"'

    def expected(self, first):
        return self.replaced


class Initrd(Scenario):
    """--initrd: the second kernel runs the initrd's /init, which checks a
    payload; BI_RAMDISK is where the dry run's plan said."""
    name = "initrd"
    kernel = "/vmlinux"
    ramdisk_name = "second.cpio"

    def ramdisk_file(self):
        return self.files.second_cpio()

    def initrd(self):
        args = f"-l {self.kernel} --initrd=/{self.ramdisk_name} --reuse-cmdline"
        extra = {self.ramdisk_name: (self.ramdisk_file(), 0o644)}
        if self.kernel != "/vmlinux":
            extra[self.kernel[1:]] = (self.files.compressed_kernel(self.kernel[1:]), 0o644)
        tree = first_initrd(self.files, [stage_file(
            f"run /kexec --dry-run --json {args}", "loaded",
            f"run /kexec -d {args}", "loaded", "run /kexec -e")], extra)
        if self.kernel != "/vmlinux":
            del tree["vmlinux"]
        return tree

    def check(self, boots):
        check(boots, "the first kernel's init never reported")
        first = boots[0]
        check_plain_boot(self.m, first, self.cmdline)
        dry = check_rc(first, 0, 0)
        try:
            plan = json.loads("\n".join(dry.out))
        except ValueError as e:
            raise Fail(f"--dry-run --json printed no JSON ({e}): {dry.out[:3]}")
        check_rc(first, 1, 0)
        check_eq("kexec_loaded after the dry run and the load", first.loaded, ["0", "0", "1"])
        check_boots(boots, 2)
        second = boots[1]
        check_second(first, second, reused(first.cmdline), origin="initrd")
        check(plan.get("ramdisk"), f"the plan has no ramdisk: {plan.get('ramdisk')!r}")
        want = (plan["ramdisk"]["addr"], plan["ramdisk"]["size"])
        check_eq("second kernel's BI_RAMDISK vs the plan", second.ramdisk(), want)
        rsize = os.path.getsize(self.ramdisk_file())
        check_eq("BI_RAMDISK size vs the file", want[1], rsize)
        segs = [s for s in plan.get("segments", []) if s.get("role") == "ramdisk"]
        check(len(segs) == 1 and segs[0]["mem"] == want[0],
              f"the plan's ramdisk segment {segs} does not start at {want[0]:#x}")
        check(second.payload and second.payload.endswith(" ok"),
              f"payload check in the second kernel: {second.payload!r}")
        check(second.done, "no E2E done from the second kernel")
        self.extra_checks(first, second, plan)

    def extra_checks(self, first, second, plan):
        pass


class Compressed(Initrd):
    """A gzip'ed kernel and an xz initramfs (the kernel unpacks it: RD_XZ)."""
    name = "compressed"
    kernel = "/vmlinuz"
    ramdisk_name = "second.cpio.xz"

    def ramdisk_file(self):
        return self.files.second_cpio_xz()


def elf_extent(path):
    """How far into an ELF file a load reads: headers and PT_LOAD bytes."""
    with open(path, "rb") as f:
        data = f.read()
    phoff, = struct.unpack_from(">I", data, 28)
    phentsize, phnum = struct.unpack_from(">HH", data, 42)
    end = max(52, phoff + phnum * phentsize)
    for i in range(phnum):
        typ, off, _, _, filesz, memsz = struct.unpack_from(">6I", data, phoff + i * phentsize)
        if typ == 1 and memsz:
            end = max(end, off + filesz)
    return end


class CompressedXz(Initrd):
    """An unstripped xz kernel (xz -9: a 64 MiB dictionary, decoded by the
    static m68k liblzma built decoders-only) and a plain initramfs: kexec
    keeps the loadable part, decodes and checks the symbols after it."""
    name = "compressed-xz"
    kernel = "/vmlinux.xz"

    def extra_checks(self, first, second, plan):
        size = os.path.getsize(self.files.opts.kernel)
        check_eq("plan's kernel_size (the unstripped ELF)", plan.get("kernel_size"), size)
        check_eq("plan's kernel_read (headers and PT_LOADs)", plan.get("kernel_read"),
                 elf_extent(self.files.opts.kernel))
        check(plan["kernel_read"] < size, "the unstripped kernel has no symbols after its segments")


class CompressedZstd(CompressedXz):
    """The same with zstd (the static m68k libzstd built
    decompression-only)."""
    name = "compressed-zstd"
    kernel = "/vmlinux.zst"


class FastRAM(Initrd):
    """The kernel in FastRAM (ARAnyM) or TT-RAM (Hatari): the first memory
    chunk is at 0x01000000, physical != virtual."""
    name = "fastram"

    def extra_checks(self, first, second, plan):
        fast = self.m.chunks[0]
        check(fast[0] != 0, f"{self.m.name} does not run its kernel in FastRAM")
        check_eq("first memory chunk", first.memchunks()[0], fast)
        check_eq("plan chunks", [(c["addr"], c["size"]) for c in plan["chunks"]],
                 first.memchunks())
        check(plan["entry"] == fast[0] + 0x2000,
              f"entry {plan['entry']:#x}, want {fast[0] + 0x2000:#x}")
        rd = second.ramdisk()
        check(rd[0] >= fast[0] and rd[0] + rd[1] <= sum(fast),
              f"ramdisk at {rd[0]:#x} is not in FastRAM")


class Faults(Scenario):
    """Bad loads are refused, the earlier image stays loaded and boots."""
    name = "faults"

    def initrd(self):
        with open(self.files.vmlinux, "rb") as f:
            trunc = f.read(1 * MiB)
        long_line = "e2e_long=" + "x" * 291
        assert len(long_line) == 300
        self.long_line = long_line
        return first_initrd(self.files, [stage_file(
            'run /kexec -l /vmlinux --reuse-cmdline --append=e2e_first=1',
            "run /kexec -S",
            "run /kexec -l /bad/truncated --reuse-cmdline",
            "loaded",
            "run /kexec -l /bad/notelf --reuse-cmdline",
            "loaded",
            f'run /kexec -l /vmlinux "--command-line={long_line}"',
            "loaded",
            "run /kexec -S",
            "run /kexec -e")], {
                "bad/truncated": (trunc, 0o644),
                "bad/notelf": (b"this is not an ELF kernel\n" * 64, 0o644)})

    def check(self, boots):
        check(boots, "the first kernel's init never reported")
        first = boots[0]
        check_rc(first, 0, 0)
        check_rc(first, 1, 0)
        for i, what in ((2, "truncated kernel"), (3, "non-ELF file"),
                        (4, "300-character command line")):
            r = check_rc(first, i, 1)
            check(r.err and r.err[-1].startswith("kexec: "),
                  f"{what}: no 'kexec: ...' message on stderr: {r.err}")
        check_eq("kexec_loaded through the faults", first.loaded, ["0", "1", "1", "1"])
        check_rc(first, 5, 0)
        check_boots(boots, 2)
        check_second(first, boots[1], reused(first.cmdline) + " e2e_first=1")
        check(boots[1].done, "no E2E done from the second kernel")


class Unload(Scenario):
    """-u unloads; -S says so; -e with nothing loaded fails and the
    machine goes on."""
    name = "unload"

    def initrd(self):
        return first_initrd(self.files, [stage_file(
            "run /kexec -S",
            "run /kexec -l /vmlinux --reuse-cmdline",
            "run /kexec -S",
            "run /kexec -u",
            "loaded",
            "run /kexec -S",
            "run /kexec -e")])

    def check(self, boots):
        check(boots, "the first kernel's init never reported")
        first = boots[0]
        for i, rc in enumerate([1, 0, 0, 0, 1, 1]):
            check_rc(first, i, rc)
        check_eq("kexec_loaded after -u", first.loaded, ["0", "0"])
        check(first.done, "the first kernel did not go on after the failed -e")
        check_boots(boots, 1)


class Chain(Scenario):
    """Five kexecs in a row; each stage hands the same files to the next."""
    name = "chain"
    count = 5

    def next_cmdline(self, k):
        return f"console={self.m.console} e2e=chain e2e_stage={k}"

    def initrd(self):
        stages = []
        for k in range(self.count):
            stages.append(stage_file(
                "mkcpio /tmp/next.cpio /kexec /vmlinux /e2e",
                "run /kexec -l /vmlinux --initrd=/tmp/next.cpio "
                f'"--command-line={self.next_cmdline(k + 1)}"',
                "run /kexec -e"))
        return first_initrd(self.files, stages)

    def check(self, boots):
        check(boots, "the first kernel's init never reported")
        for k, b in enumerate(boots[:-1]):
            check_rc(b, 0, 0)
        check_boots(boots, self.count + 1)
        for k, b in enumerate(boots):
            check_eq(f"kernel {k}'s stage", b.stage, k)
            if k:
                check_second(boots[k - 1], b, self.next_cmdline(k))
                check(b.ramdisk() is not None, f"kernel {k} has no BI_RAMDISK")
        check(boots[-1].done, "no E2E done from the last kernel")


class SmallMem(Scenario):
    """Little memory: kernel + small initrd. On QEMU virt -m 32M it must
    boot; on ARAnyM's 14 MiB ST-RAM it may instead refuse before the
    syscall with a message about memory, but never die in it."""
    name = "smallmem"

    def initrd(self):
        kernel = "vmlinux"
        extra = {"small.cpio": (self.files.second_cpio(16 * 1024, "small.cpio"), 0o644)}
        tree = first_initrd(self.files, [stage_file(
            f"run /kexec -l /{kernel} --initrd=/small.cpio --reuse-cmdline",
            "loaded", "run /kexec -e")], extra)
        return tree

    def check(self, boots):
        check(boots, "the first kernel's init never reported")
        first = boots[0]
        r = run_of(first, 0)
        may_refuse = self.m.kind == "aranym"
        if r.rc != 0 and may_refuse:
            check(r.rc == 3, f"refused with exit {r.rc}, want 3 (does not fit): {r.err}")
            check(any(w in e for e in r.err for w in ("MemAvailable", "memory", "half of RAM")),
                  f"refused without a message about memory: {r.err}")
            check_boots(boots, 1)
            check(first.done, "the first kernel did not go on")
            return
        check_rc(first, 0, 0)
        check_boots(boots, 2)
        check_second(first, boots[1], reused(first.cmdline), origin="initrd")
        check(boots[1].payload and boots[1].payload.endswith(" ok"),
              f"payload: {boots[1].payload!r}")


def bootinfo_tool(files, machine):
    """The m68k bootinfo tool, stripped, for the guest."""
    src = getattr(files.opts, "bootinfo", None)
    check(src and os.path.exists(src), f"no m68k bootinfo binary ({src!r})")

    def make(dst):
        shutil.copyfile(src, dst)
        subprocess.run([files.opts.strip, dst], check=True)
        os.chmod(dst, 0o755)
    # One copy per machine: two tests must not strip the same file.
    return files.path(f"bootinfo-{machine.name}", make)


class BootinfoTool(Scenario):
    """The bootinfo tool in the guest: show the running list, edit it to
    less memory, check it, kexec with it (--bootinfo=); the second kernel
    must have exactly the edited chunks and less memory. A broken edit
    (a 300-character command line) is refused and writes nothing."""
    name = "bootinfo"
    machine_words = {MACH_VIRT: "virt", MACH_MAC: "mac", MACH_ATARI: "atari"}

    def edits(self):
        """(the edit options, the chunks they must give from the machine's).
        --no-ramdisk: /proc/bootinfo names the first kernel's initrd, at the
        top of RAM, outside the smaller chunk (and on ARAnyM not page
        aligned): the tool would rightly refuse to write it."""
        opts, want = self._edits()
        return "--no-ramdisk " + opts, want

    def _edits(self):
        chunks = list(self.m.chunks)
        if self.m.machtype == MACH_ATARI:
            # ARAnyM and Hatari: keep ST-RAM (at 0), shrink FastRAM or
            # TT-RAM to 16 MiB.
            check_eq("machine chunks", len(chunks), 2)
            fast = 1 if chunks[0][0] == 0 else 0
            addr = chunks[fast][0]
            del chunks[fast]
            chunks.append((addr, 16 * MiB))
            return f"--del-memchunk {fast} --memchunk {addr:#x}:16M", chunks
        # QEMU: one chunk at 0; half of it.
        check_eq("machine chunks", len(chunks), 1)
        return f"--del-memchunk 0 --memchunk 0:{chunks[0][1] // 2 // MiB}M", \
            [(0, chunks[0][1] // 2)]

    @property
    def second_line(self):
        return f"{self.cmdline} e2e_bi=1"

    def initrd(self):
        tool = bootinfo_tool(self.files, self.m)
        self.long_line = "e2e_long=" + "x" * 291
        assert len(self.long_line) == 300
        edits, _ = self.edits()
        return first_initrd(self.files, [stage_file(
            "run /bootinfo show",
            f"run /bootinfo edit /proc/bootinfo -o /tmp/bi {edits}",
            "run /bootinfo check /tmp/bi",
            "run /bootinfo show /tmp/bi --json",
            f'run /bootinfo edit /proc/bootinfo -o /tmp/bad "--cmdline={self.long_line}"',
            "run /bootinfo check /tmp/bad",
            f'run /kexec -d -l /vmlinux --bootinfo=/tmp/bi "--command-line={self.second_line}"',
            "loaded",
            "run /kexec -e")], {"bootinfo": (tool, 0o755)})

    def check(self, boots):
        check(boots, "the first kernel's init never reported")
        first = boots[0]
        check_plain_boot(self.m, first, self.cmdline)
        r = check_rc(first, 0, 0)
        word = self.machine_words[self.m.machtype]
        check(any(re.search(rf"BI_MACHTYPE\s.*\b{word} \({self.m.machtype}\)", o)
                  for o in r.out),
              f"'bootinfo show' does not name the machine {word!r}: {r.out[:3]}")
        check_rc(first, 1, 0)
        r = check_rc(first, 2, 0)
        check(len(r.out) == 1 and re.fullmatch(r"/tmp/bi: ok \(\d+ records, \d+ bytes\)",
                                               r.out[0]),
              f"'bootinfo check /tmp/bi' printed {r.out}")
        r = check_rc(first, 3, 0)
        try:
            shown = json.loads("\n".join(r.out))
        except ValueError as e:
            raise Fail(f"'bootinfo show --json' printed no JSON ({e}): {r.out[:3]}")
        # bootinfo(8), JSON: format 1 is an object around the records.
        check_eq("bootinfo --json format and machine",
                 (shown.get("format"), shown.get("machine"), shown.get("machine_name")),
                 (1, self.m.machtype, self.machine_words[self.m.machtype]))
        edited = shown["records"]
        _, want = self.edits()
        got = [(e["addr"], e["length"]) for e in edited if e["tag"] == BI_MEMCHUNK]
        check_eq("memory chunks of the edited list", got, want)
        r = check_rc(first, 4, 1)
        check(r.err and r.err[-1].startswith("bootinfo: /tmp/bad: not written: ")
              and "300 characters" in r.err[-1],
              f"the 300-character --cmdline: message {r.err}")
        r = check_rc(first, 5, 1)
        check(r.err and "/tmp/bad: cannot open: No such file" in r.err[-1],
              f"the refused edit left /tmp/bad behind? 'check /tmp/bad' said {r.err}")
        check_rc(first, 6, 0)
        check_eq("kexec_loaded after the load", first.loaded, ["0", "1"])
        check_boots(boots, 2)
        second = boots[1]
        check_eq("second kernel's init", second.origin, "builtin")
        check_eq("second kernel's cmdline", second.cmdline, self.second_line)
        check(second.bootinfo is not None, "second kernel has no /proc/bootinfo")
        check_eq("second kernel's BI_COMMAND_LINE", second.bi_cmdline(), self.second_line)
        check_eq("second kernel's BI_MACHTYPE", second.machtype(), first.machtype())
        check_eq("second kernel's BI_MEMCHUNKs", second.memchunks(), want)
        # Every other record as the edited list has it (kexec only puts in
        # its command line and a fresh RNG seed; BI_RNG_SEED is tag 0x0008).
        skip = (BI_COMMAND_LINE, BI_RAMDISK, 8)
        check_eq("second kernel's other records",
                 [(t, d.hex()) for t, d in second.bootinfo if t not in skip],
                 [(e["tag"], e["hex"]) for e in edited if e["tag"] not in skip])
        check_eq("second kernel's kexec_loaded", second.loaded[:1], ["0"])
        total = sum(size for _, size in want)
        removed = sum(size for _, size in self.m.chunks) - total
        mt1, mt2 = first.meminfo.get("MemTotal"), second.meminfo.get("MemTotal")
        check(mt1 and mt2, f"MemTotal not reported: first {mt1}, second {mt2}")
        check(mt2 * 1024 < total,
              f"second kernel's MemTotal {mt2} kB is not below the edited {total // 1024} kB")
        check(mt1 - mt2 >= removed // 1024 * 9 // 10,
              f"second kernel's MemTotal {mt2} kB is not well below the first's "
              f"{mt1} kB (the edit removed {removed // 1024} kB)")
        check(second.done, "no E2E done from the second kernel")


class Window(Scenario):
    """Kernel patch 0004 (kernel/README.md): with the first memory chunk at
    2 MiB, a page's kernel virtual address is its physical address less
    2 MiB, in the same 16 MiB. The transparent window relocate_new_kernel()
    opens around the control page's physical address would then also cover
    the virtual address the code runs at, and kexec -e would crash. The
    first kernel kexecs a second one with such a list (ST-RAM from 2 MiB,
    TT-RAM from 18 MiB, where every page is in the same 16 MiB as its
    virtual address; ST-RAM's first 2 MiB last, for the ST-RAM pool). In
    the second kernel kexec -l must be refused at load time with the
    kernel's message, and nothing is loaded."""
    name = "window"
    timeout = 120
    edits = ("--no-ramdisk --del-memchunk 1 --del-memchunk 0 --memchunk 0x200000:12M "
             "--memchunk 0x1200000:14M --memchunk 0:2M")
    chunks = [(0x200000, 12 * MiB), (0x1200000, 14 * MiB), (0, 2 * MiB)]

    def next_cmdline(self, k):
        return f"console={self.m.console} e2e=window e2e_stage={k}"

    def initrd(self):
        check_eq("machine chunks", self.m.chunks, [HATARI_ST, HATARI_TT])
        tool = bootinfo_tool(self.files, self.m)
        return first_initrd(self.files, [
            stage_file(
                "mkcpio /tmp/next.cpio /kexec /vmlinux /e2e",
                f"run /bootinfo edit /proc/bootinfo -o /tmp/bi {self.edits}",
                "run /kexec -l /vmlinux --bootinfo=/tmp/bi --initrd=/tmp/next.cpio "
                f'"--command-line={self.next_cmdline(1)}"',
                "run /kexec -e"),
            stage_file(
                f'run /kexec -l /vmlinux "--command-line={self.next_cmdline(2)}"',
                "loaded",
                "run /kexec -e")], {"bootinfo": (tool, 0o755)})

    def check(self, boots):
        check(boots, "the first kernel's init never reported")
        first = boots[0]
        check_rc(first, 0, 0)
        check_rc(first, 1, 0)
        check_boots(boots, 2)
        second = boots[1]
        check_eq("second kernel's BI_MEMCHUNKs", second.memchunks(), self.chunks)
        r = check_rc(second, 0, 4)
        check(r.err and r.err[-1].startswith("kexec: kexec_load failed: Invalid argument")
              and r.err[-1].endswith("the kernel log (dmesg) says which)"),
              f"the refused load said {r.err}")
        said = re.findall(r"kexec: control page at (0x[0-9a-f]+) \(physical (0x[0-9a-f]+)\): "
                          r"cannot turn the MMU off from there", self.console)
        check(len(said) == 1, f"the kernel's message, once: {said}")
        virt, phys = (int(x, 16) for x in said[0])
        check(phys - virt == self.chunks[0][0] and virt >> 24 == phys >> 24,
              f"control page {virt:#x} (physical {phys:#x}): not 2 MiB apart in one 16 MiB")
        check_eq("kexec_loaded before and after the refused load", second.loaded, ["0", "0"])
        r = check_rc(second, 1, 1)
        check(r.err and "no kernel is loaded" in r.err[-1], f"kexec -e said {r.err}")
        check(second.done, "no E2E done from the second kernel")


SCENARIOS = {c.name: c for c in [Plain, Classic, Append, Cmdline, Initrd, Compressed,
                                  CompressedXz, CompressedZstd,
                                 FastRAM, Faults, Unload, Chain, SmallMem,
                                 BootinfoTool, Window]}


# ---------------------------------------------------------------- driver

def run_test(opts, emu, files, mname, sname):
    name = f"{sname}@{mname}"
    machine = machines()[mname]
    sc = SCENARIOS[sname](machine, files)
    workdir = os.path.join(opts.workdir, name)
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    log = os.path.join(opts.logdir, name + ".log")
    start = time.monotonic()
    try:
        tree = sc.initrd()
        initrd = disk = None
        if tree is not None and machine.disk:
            disk = os.path.join(workdir, "disk.img")
            make_disk(disk, tree)
            sc.cmdline += f" e2e_disk={machine.disk}"
        elif tree is not None:
            initrd = os.path.join(workdir, "initrd.cpio")
            make_cpio(initrd, tree)
        text, timed_out, panicked = emu.boot(machine, sc.cmdline, initrd, disk, log,
                                             workdir, opts.timeout or sc.timeout)
        boots = parse(text)
        sc.console = text
        try:
            sc.check(boots)
        except Fail as e:
            why = " (the emulator timed out)" if timed_out else ""
            why += " (kernel panic)" if panicked else ""
            raise Fail(f"{e}{why}")
        result = (True, "")
    except Fail as e:
        result = (False, str(e))
    except Exception as e:  # a bug here must not hide the other tests
        result = (False, f"{type(e).__name__}: {e}")
    secs = time.monotonic() - start
    return name, result, secs, log


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kernel", required=True, help="vmlinux")
    ap.add_argument("--kexec", help="static m68k kexec (none: only plain boots)")
    ap.add_argument("--bootinfo", help="static m68k bootinfo tool "
                    "(default: next to --kexec)")
    ap.add_argument("--init-initrd", required=True, help="init.c built with origin initrd")
    ap.add_argument("--hatari", help="the hatari binary (build-hatari.sh)")
    ap.add_argument("--strip", default="m68k-linux-gnu-strip")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--logdir", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=0)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("patterns", nargs="*", help="regexes over SCENARIO@MACHINE")
    opts = ap.parse_args()
    if not opts.bootinfo and opts.kexec:
        opts.bootinfo = os.path.join(os.path.dirname(opts.kexec), "bootinfo")

    tests = [(m, s) for m, ss in MATRIX.items() for s in ss]
    if os.environ.get("E2E_KNOWN") == "1":
        tests += [(m, s) for m, ss in KNOWN.items() for s in ss]
    if opts.patterns:
        tests = [(m, s) for m, s in tests
                 if any(re.search(p, f"{s}@{m}") for p in opts.patterns)]
    if opts.list:
        for m, s in tests:
            print(f"{s}@{m}")
        return 0
    if not opts.hatari and any(machines()[m].kind == "hatari" for m, _ in tests):
        ap.error("the Hatari machines need --hatari")
    os.makedirs(opts.workdir, exist_ok=True)
    os.makedirs(opts.logdir, exist_ok=True)
    emu = Emulator(opts)
    passed = failed = 0
    results = {}
    if opts.kexec:
        files = Files(opts, opts.workdir)
    else:
        files = None
    with concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        futs = {}
        for m, s in tests:
            if files is None and s != "plain":
                results[(m, s)] = (f"{s}@{m}", (False, "no m68k kexec binary was built"), 0, "")
                continue
            futs[pool.submit(run_test, opts, emu, files, m, s)] = (m, s)
        for fut in concurrent.futures.as_completed(futs):
            results[futs[fut]] = fut.result()
            name, (ok, why), secs, log = results[futs[fut]]
            print(f"{'PASS' if ok else 'FAIL'} {name}" + ("" if ok else f": {why}"),
                  flush=True)
            print(f"  {name}: {secs:.1f} s, log {log}", file=sys.stderr, flush=True)
    for key in tests:
        ok = results[key][1][0]
        passed += ok
        failed += not ok
    if failed:
        print(f"logs: {opts.logdir}", file=sys.stderr)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
