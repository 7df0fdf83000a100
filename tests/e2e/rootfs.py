#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Reboot the way a Debian user does: a root filesystem with a real init
(busybox's, PID 1) running Debian's boot scripts (sysv-rc, initscripts;
the rc?.d links made by insserv from the LSB headers), with m68k-kexec
installed into it by "make install install-integration DESTDIR=" and
/etc/default/kexec edited as a user would. The test's own part of the
root is /sbin/e2e-boot, run by init once runlevel 2 is up: it counts the
boots on the disk, says what this kernel got (command line, initrd,
bootinfo) and runs what the scenario wants of this boot, usually a
plain "reboot".

rootfs.sh builds the inputs and calls this (tests/e2e/README.md, "A root
filesystem with a real init"). Each check prints "PASS name" or
"FAIL name: reason"; the last line is "N passed, M failed".
"""
import argparse
import concurrent.futures
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time

import e2e

MiB = 1 << 20

_lock = threading.Lock()
RESULTS = {"passed": 0, "failed": 0}


def check(name, ok, why=""):
    with _lock:
        if ok:
            RESULTS["passed"] += 1
            print("PASS " + name, flush=True)
        else:
            RESULTS["failed"] += 1
            print("FAIL %s: %s" % (name, why), flush=True)
    return ok


def note(text):
    with _lock:
        print("# " + text, flush=True)


# The disk each machine's kernel sees, and a bootinfo edit that shows: the
# memory the second kernel gets (bootinfo edit's options, doc/bootinfo.md).
ROOTFS = {
    "virt": dict(dev="/dev/vda", timeout=240,
                 edit=["--del-memchunk", "0", "--memchunk", "0:96M"],
                 chunks=[(0, 96 * MiB)]),
    "aranym-fast": dict(dev="/dev/nfhd8", timeout=480,
                        edit=["--del-memchunk", "1", "--memchunk", "0x01000000:48M"],
                        chunks=[(0, 14 * MiB), (0x01000000, 48 * MiB)]),
}

# The guest's init: busybox init reads this. Debian's sysvinit inittab runs
# "rc S" at sysinit and "rc N" on entering runlevel N, with RUNLEVEL and
# PREVLEVEL in the environment (the init scripts ask for them); busybox's
# init has no runlevels, so the entries say which. It has one action for
# every way down: this root goes down through runlevel 6.
INITTAB = """\
# busybox init, with the entries Debian's sysvinit inittab has for these
::sysinit:/etc/init.d/rcS
::wait:/bin/sh -c 'RUNLEVEL=2 PREVLEVEL=N exec /etc/init.d/rc 2'
::once:/sbin/e2e-boot
::shutdown:/bin/sh -c 'RUNLEVEL=6 PREVLEVEL=2 exec /etc/init.d/rc 6'
"""

DRIVER = """\
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The test's part of this root (tests/e2e/rootfs.py), run by init once the
# runlevel 2 scripts are done: count this boot on the disk, say what this
# kernel got, then run what the test wants of this boot.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
run() {
	"$@"
	echo "E2E rc $? $*"
}
n=$(($(cat /var/lib/e2e/boots 2>/dev/null || echo 0) + 1))
echo "$n" >/var/lib/e2e/boots
sync
echo "E2E boot $n"
echo "E2E cmdline $(cat /proc/cmdline)"
if [ -r /sys/firmware/initrd ]; then
	echo "E2E initrd $(wc -c </sys/firmware/initrd) $(sha256sum </sys/firmware/initrd)"
else
	echo "E2E initrd none"
fi
echo "E2E bootinfo $(od -An -v -tx1 /proc/bootinfo | tr -d ' \\n')"
if [ -f "/etc/e2e/boot.$n" ]; then
	. "/etc/e2e/boot.$n"
else
	echo "E2E unexpected boot $n"
	poweroff -f
fi
"""

# The end of a scenario. "poweroff -f": busybox's init would go down
# through runlevel 6, which kexecs when LOAD_KEXEC=true.
DONE = 'sync\necho "E2E done"\npoweroff -f\n'


class Boot:
    """What /sbin/e2e-boot said in one boot, and where."""

    def __init__(self, n, run, index):
        self.n = n
        self.run = run          # which emulator run it was in
        self.index = index      # its line in that run's console
        self.cmdline = None
        self.initrd = None
        self.bi = e2e.Boot("rootfs")
        self.rcs = []           # (rc, command)


def parse(runs):
    """runs: each emulator run's console lines; returns the boots."""
    boots = []
    for r, lines in enumerate(runs):
        for i, (_, s) in enumerate(lines):
            m = re.search(r"E2E (\w+) ?(.*)", s)
            if not m:
                continue
            what, rest = m.groups()
            if what == "boot":
                boots.append(Boot(int(rest), r, i))
            elif not boots:
                continue
            elif what == "cmdline":
                boots[-1].cmdline = rest
            elif what == "initrd":
                w = rest.split()
                boots[-1].initrd = None if w == ["none"] else (int(w[0]), w[1])
            elif what == "bootinfo":
                boots[-1].bi.bootinfo = e2e.decode_bootinfo(rest)
            elif what == "rc":
                rc, cmd = rest.split(" ", 1)
                boots[-1].rcs.append((int(rc), cmd))
    return boots


def between(runs, a, b):
    """The console lines after boot a's report up to boot b's (b None: to
    the end), across emulator runs."""
    out = []
    for r, lines in enumerate(runs):
        for i, (_, s) in enumerate(lines):
            if (r, i) <= (a.run, a.index):
                continue
            if b is not None and (r, i) >= (b.run, b.index):
                return out
            out.append(s)
    return out


def in_order(lines, wanted):
    """Each of wanted (substrings, or compiled patterns) in lines, in this
    order; returns the first missing one or None."""
    i = 0
    for w in wanted:
        def seen(s):
            return w.search(s) if isinstance(w, re.Pattern) else w in s
        while i < len(lines) and not seen(lines[i]):
            i += 1
        if i == len(lines):
            return w if isinstance(w, str) else w.pattern
        i += 1
    return None


class Root:
    """One scenario's root filesystem, as a user would set it up."""

    def __init__(self, opts, m, wd):
        self.opts, self.m, self.wd = opts, m, wd
        self.dir = os.path.join(wd, "root")
        self.dev = ROOTFS[m.name]["dev"]
        shutil.rmtree(self.dir, ignore_errors=True)
        shutil.copytree(opts.base, self.dir, symlinks=True)
        # make install install-integration DESTDIR=: copied as installed.
        shutil.copytree(opts.install, self.dir, symlinks=True, dirs_exist_ok=True)
        for d in ("dev", "proc", "sys", "run", "tmp", "root", "var/lib/e2e",
                  "var/crash", "etc/e2e", "etc/default/kexec.d"):
            os.makedirs(self.path(d), exist_ok=True)
        os.chmod(self.path("tmp"), 0o1777)
        self.write("etc/inittab", INITTAB)
        self.write("etc/fstab", "%s / ext4 defaults 0 0\n" % self.dev)
        self.write("etc/hostname", "m68k\n")
        self.write("sbin/e2e-boot", DRIVER, 0o755)
        vmlinux = open(opts.stripped, "rb").read()
        self.write("boot/vmlinux-6.12", vmlinux)
        with open(self.path("boot/vmlinuz-6.12"), "wb") as f:
            f.write(gzip.compress(vmlinux, 6))
        # A truncated ELF: what a half-finished kernel copy leaves.
        self.write("boot/vmlinux-broken", vmlinux[:len(vmlinux) // 3])
        e2e.make_cpio(self.path("boot/initrd.img-6.12"),
                      {"e2e-initrd": (b"the initrd of the kexec reboot\n", 0o644)})
        self.initrd = open(self.path("boot/initrd.img-6.12"), "rb").read()

    def path(self, rel):
        return os.path.join(self.dir, rel)

    def write(self, rel, data, mode=0o644):
        os.makedirs(os.path.dirname(self.path(rel)), exist_ok=True)
        with open(self.path(rel), "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        os.chmod(self.path(rel), mode)

    def edit(self, rel, settings):
        """Set NAME=VALUE lines in an installed defaults file, where the
        shipped file has them, as a user does with an editor."""
        text = open(self.path(rel)).read()
        for name, value in settings.items():
            text, n = re.subn(r"^%s=.*$" % name, "%s=%s" % (name, value), text,
                              flags=re.M)
            if n != 1:
                raise RuntimeError("%s: %d lines set %s, want 1" % (rel, n, name))
        self.write(rel, text)

    def boots(self, scripts):
        """The script of each boot, from the first."""
        for i, text in enumerate(scripts, 1):
            self.write("etc/e2e/boot.%d" % i, text)

    def disk(self):
        """Order the rc?.d links as update-rc.d does when each package is
        installed (insserv NAME), then make the disk. insserv writes
        /etc (its .depend files even with -p), so it runs in a mount
        namespace of its own where the root's etc is /etc."""
        names = sorted(n for n in os.listdir(self.path("etc/init.d"))
                       if n not in ("README", "rc", "rcS") and not n.startswith("."))
        r = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                            'mount --bind "$0" /etc && exec "$@"', self.path("etc"),
                            self.opts.insserv] + names,
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("insserv: " + (r.stderr or r.stdout).strip())
        img = os.path.join(self.wd, "root.img")
        e2e.make_disk_of(img, self.dir, free_mib=160, label="root")
        return img


# The kernel's last words before it restarts or powers off the machine.
THE_END = ("reboot: Restarting system", "reboot: Power down", "reboot: System halted")


def boot_all(opts, m, img, cmdline, max_runs, wd):
    """Start the emulator until a boot says "E2E done" (or max_runs runs).
    A cold reboot ends the run: QEMU exits (-no-reboot), ARAnyM's reset
    would start its TOS, so the run is stopped at the kernel's last line.
    The next run is the firmware booting Linux again, from the same disk."""
    runs = []
    for r in range(max_runs):
        lines, rc, timed_out = e2e.run_console(
            m, opts.kernel, cmdline, None, img, os.path.join(wd, "console.%d.log" % r),
            ROOTFS[m.name]["timeout"], opts.hatari,
            stop=lambda s: any(w in s for w in THE_END))
        runs.append(lines)
        if timed_out or any("E2E done" in s for _, s in lines):
            break
    return runs


# The test kernel carries the e2e init (init.c) as its built-in initramfs;
# rdinit= naming a program it does not hold makes the kernel mount root=
# and run its /sbin/init, as a kernel without one does. via= says who
# booted the kernel; retain_initrd keeps the initrd for the driver to read
# (/sys/firmware/initrd).
def firmware_cmdline(m, extra=""):
    dev = ROOTFS[m.name]["dev"]
    return "console=%s root=%s rw rdinit=/none via=firmware%s" % (m.console, dev, extra)


def kexec_append(m):
    dev = ROOTFS[m.name]["dev"]
    return "console=%s root=%s rw rdinit=/none retain_initrd via=kexec" % (m.console, dev)


KEXEC_SET = {"LOAD_KEXEC": "true", "KERNEL_IMAGE": '"/boot/vmlinuz-6.12"',
             "INITRD": '"/boot/initrd.img-6.12"'}


def transitions(runs, boots, m, append):
    """How each boot after the first came: "kexec" (the same emulator
    run, the configured command line), "kdump" (the same run and the
    same command line: the capture kernel's way back) or "cold" (the
    firmware again: a new run under QEMU, the emulator's command line)."""
    out = []
    for a, b in zip(boots, boots[1:]):
        if b.run == a.run and b.cmdline == a.cmdline:
            out.append("kdump")
        elif b.cmdline == append and b.run == a.run:
            out.append("kexec")
        elif b.cmdline is not None and "via=firmware" in b.cmdline:
            out.append("cold")
        else:
            out.append("? (cmdline %r)" % b.cmdline)
    return out


def run_scenario(opts, m, name, setup, scripts, want, extra_checks=None,
                 cmdline_extra=""):
    tag = "rootfs/%s@%s" % (name, m.name)
    wd = os.path.join(opts.workdir, "%s-%s" % (name, m.name))
    os.makedirs(wd, exist_ok=True)
    root = Root(opts, m, wd)
    append = kexec_append(m)
    setup(root, append)
    root.boots(scripts)
    img = root.disk()
    t0 = time.monotonic()
    runs = boot_all(opts, m, img, firmware_cmdline(m, cmdline_extra), len(scripts) + 1, wd)
    boots = parse(runs)
    note("%s: %d boots in %d emulator runs, %.0f s" % (tag, len(boots), len(runs),
                                                     time.monotonic() - t0))
    logs = os.path.join(wd, "console.*.log")
    if not check(tag + "/boots", [b.n for b in boots] == list(range(1, len(scripts) + 1)),
                 "boots %s, want 1..%d: %s" % ([b.n for b in boots], len(scripts), logs)):
        return
    got = transitions(runs, boots, m, append)
    check(tag + "/reboots", got == want, "got %s, want %s: %s" % (got, want, logs))
    check(tag + "/first-boot-from-firmware",
          boots[0].cmdline == firmware_cmdline(m, cmdline_extra) +
          (" BOOT_IMAGE=vmlinux" if m.boot_image else ""),
          "cmdline %r" % boots[0].cmdline)
    for a, b, how in zip(boots, boots[1:], want):
        said = between(runs, a, b)
        if how == "kexec":
            miss = in_order(said, [
                "kexec-load: kexec -l ",
                # initscripts' umountroot (the kernel says it), then
                # ours, as insserv ordered them
                re.compile(r"EXT4-fs \(\w+\): re-mounted \S+ ro\.$"),
                # kexec -e (kexec-exec's own line is lost: startpar
                # holds a script's output until it ends)
                "kexec_core: Starting new kernel",
                "Linux version"])
            check("%s/boot%d-kexec-after-umountroot" % (tag, b.n), miss is None,
                  "no %r between boots %d and %d" % (miss, a.n, b.n))
            check("%s/boot%d-no-firmware" % (tag, b.n),
                  not any("reboot: Restarting system" in s for s in said),
                  "the kernel restarted the machine")
            check("%s/boot%d-initrd" % (tag, b.n),
                  b.initrd == (len(root.initrd), hashlib.sha256(root.initrd).hexdigest())
                  and b.bi.ramdisk() is not None and b.bi.ramdisk()[1] == len(root.initrd),
                  "initrd %s, BI_RAMDISK %s, want %d bytes" % (b.initrd, b.bi.ramdisk(),
                                                               len(root.initrd)))
        elif how == "cold":
            check("%s/boot%d-cold" % (tag, b.n),
                  in_order(said, ["reboot: Restarting system"]) is None and
                  not any("kexec_core: Starting new kernel" in s for s in said),
                  "between boots %d and %d: %s" % (a.n, b.n, said[-5:]))
    if extra_checks:
        extra_checks(tag, root, runs, boots, img, wd)


# ------------------------------------------------------------ the scenarios

def kexec(opts, m):
    """LOAD_KEXEC=true, reboot: the configured kernel, command line and
    initrd; its init comes up (boot 2 reports)."""
    def setup(root, append):
        root.edit("etc/default/kexec", dict(KEXEC_SET, APPEND='"%s"' % append))

    def extra(tag, root, runs, boots, img, wd):
        said = between(runs, boots[0], boots[1])
        want = ("kexec-load: kexec -l /boot/vmlinuz-6.12 --initrd=/boot/initrd.img-6.12 "
                "--append=%s" % kexec_append(m))
        check(tag + "/loaded-as-configured", any(s.endswith(want) for s in said),
              "no %r" % want)
    run_scenario(opts, m, "kexec", setup, ["reboot\n", DONE], ["kexec"], extra)


def no_kexec(opts, m):
    """LOAD_KEXEC=false (as shipped): reboot goes through the firmware."""
    def setup(root, append):
        root.edit("etc/default/kexec", {"KERNEL_IMAGE": '"/boot/vmlinuz-6.12"',
                                        "APPEND": '"%s"' % append})

    def extra(tag, root, runs, boots, img, wd):
        said = between(runs, boots[0], boots[1])
        check(tag + "/nothing-loaded", not any("kexec-load: kexec" in s for s in said),
              "kexec-load ran kexec")
    run_scenario(opts, m, "no-kexec", setup, ["reboot\n", DONE], ["cold"], extra)


def coldreboot(opts, m):
    """coldreboot, then /no-kexec-reboot: that one reboot is cold, the
    next one is a kexec again."""
    def setup(root, append):
        root.edit("etc/default/kexec", dict(KEXEC_SET, APPEND='"%s"' % append))

    def extra(tag, root, runs, boots, img, wd):
        for a, b in ((0, 1), (2, 3)):
            said = between(runs, boots[a], boots[b])
            check("%s/boot%d-said-cold" % (tag, boots[b].n),
                  any("kexec-load: /no-kexec-reboot: cold reboot, no kernel loaded" in s
                      for s in said), "no word of /no-kexec-reboot")
    run_scenario(opts, m, "coldreboot", setup,
                 ["coldreboot\n", "reboot\n", ": >/no-kexec-reboot\nreboot\n",
                  "reboot\n", DONE],
                 ["cold", "kexec", "cold", "kexec"], extra)


def bad_kernel(opts, m, name, image, why):
    """A kernel that is missing or broken: the reboot still happens,
    cold, and the console says why."""
    def setup(root, append):
        root.edit("etc/default/kexec", dict(KEXEC_SET, KERNEL_IMAGE='"%s"' % image,
                                            APPEND='"%s"' % append))

    def extra(tag, root, runs, boots, img, wd):
        said = between(runs, boots[0], boots[1])
        check(tag + "/said-why", any(re.search(why, s) for s in said),
              "no line matching %r: %s" % (why, [s for s in said if "kexec" in s]))
    run_scenario(opts, m, name, setup, ["reboot\n", DONE], ["cold"], extra)


def missing(opts, m):
    bad_kernel(opts, m, "missing", "/boot/vmlinuz-nosuch",
               r"kexec-load: /boot/vmlinuz-nosuch \(from /etc/default/kexec\): "
               r"not a readable file, nothing loaded")


def broken(opts, m):
    bad_kernel(opts, m, "broken", "/boot/vmlinux-broken",
               r"^kexec: /boot/vmlinux-broken: ")


def bootinfo(opts, m):
    """BOOTINFO= naming a list made with bootinfo edit reaches the second
    kernel: less memory than the machine has."""
    edit = ROOTFS[m.name]["edit"]

    def setup(root, append):
        root.edit("etc/default/kexec", dict(KEXEC_SET, APPEND='"%s"' % append))

    script = ("run bootinfo edit /proc/bootinfo -o /etc/kexec.bootinfo %s\n"
              "echo 'BOOTINFO=\"/etc/kexec.bootinfo\"' >/etc/default/kexec.d/bootinfo\n"
              "reboot\n" % " ".join(edit))

    def extra(tag, root, runs, boots, img, wd):
        check(tag + "/edited", boots[0].rcs[:1] == [(0, "bootinfo edit /proc/bootinfo -o "
                                                     "/etc/kexec.bootinfo " + " ".join(edit))],
              "boot 1 ran %s" % boots[0].rcs)
        check(tag + "/memory-as-edited", boots[1].bi.memchunks() == ROOTFS[m.name]["chunks"],
              "second kernel's chunks %s, first's %s" % (
                  [(hex(a), s >> 20) for a, s in boots[1].bi.memchunks()],
                  [(hex(a), s >> 20) for a, s in boots[0].bi.memchunks()]))
    run_scenario(opts, m, "bootinfo", setup, [script, DONE], ["kexec"], extra)


def kdump(opts, m):
    """USE_KDUMP=1: the init script loads the capture kernel at boot; a
    crash is saved on the root and the machine comes back."""
    def setup(root, append):
        # The capture kernel's own command line: the running one has
        # rdinit=/none, which would skip the capture initramfs's /init.
        root.edit("etc/default/kdump-tools", {
            "USE_KDUMP": "1", "KDUMP_KERNEL": "/boot/vmlinux-6.12",
            "KDUMP_CMDLINE": '"console=%s root=%s"' % (m.console, root.dev)})

    first = "run kdump-config status\nsync\necho c >/proc/sysrq-trigger\n"
    second = "run kdump-config status\necho \"E2E crashes $(ls /var/crash)\"\n" + DONE

    def extra(tag, root, runs, boots, img, wd):
        rc2 = between(runs, boots[0], boots[1])
        check(tag + "/loaded-at-boot", boots[0].rcs[:1] == [(0, "kdump-config status")],
              "boot 1: %s" % boots[0].rcs)
        check(tag + "/saved", in_order(rc2, ["sysrq: Trigger a crash", "kdump: saved ",
                                             "Linux version"]) is None,
              "no crash, save and return: %s" % [s for s in rc2 if "kdump" in s][-5:])
        check(tag + "/back-and-loaded-again",
              boots[1].cmdline == boots[0].cmdline and
              boots[1].rcs[:1] == [(0, "kdump-config status")],
              "boot 2: cmdline %r, %s" % (boots[1].cmdline, boots[1].rcs))
        said = " ".join(s for r in runs for _, s in r if "E2E crashes" in s)
        check(tag + "/one-crash-on-disk", re.search(r"E2E crashes \d{12}$", said) is not None,
              "said %r" % said)
    run_scenario(opts, m, "kdump", setup, [first, second], ["kdump"], extra,
                 cmdline_extra=" crashkernel=32M")


SCENARIOS = {"kexec": kexec, "no-kexec": no_kexec, "coldreboot": coldreboot,
             "missing": missing, "broken": broken, "bootinfo": bootinfo, "kdump": kdump}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--stripped", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--insserv", required=True)
    ap.add_argument("--install", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--machines", default="virt,aranym-fast")
    ap.add_argument("--only", default="")
    ap.add_argument("--hatari", default=None)
    opts = ap.parse_args()
    all_m = e2e.machines()
    names = [n for n in opts.only.split(",") if n] or list(SCENARIOS)
    for n in names:
        if n not in SCENARIOS:
            sys.exit("unknown scenario %s (%s)" % (n, " ".join(SCENARIOS)))
    jobs = [(SCENARIOS[n], all_m[mn]) for mn in opts.machines.split(",") for n in names]
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        for f in [ex.submit(fn, opts, m) for fn, m in jobs]:
            try:
                f.result()
            except Exception as e:      # a scenario that breaks is a failure
                check("rootfs/error", False, "%s: %s" % (type(e).__name__, e))
    print("%d passed, %d failed" % (RESULTS["passed"], RESULTS["failed"]))
    return 1 if RESULTS["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
