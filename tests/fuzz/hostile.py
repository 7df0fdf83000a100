#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hostile inputs and faults, through the kexec command line.

Run by tests/fuzz/run.sh; prints "PASS name" / "FAIL name: why" /
"SKIP name: why" per case.

  bombs      gzip/zstd/xz kernels that decompress far beyond the limit
             stop early, with a clear message and a small ru_maxrss
  sparse     a 4 GiB sparse kernel or initrd is refused without being read
  nonroot    as nobody: unreadable files, directories, a missing
             /proc/bootinfo, the load on a non-m68k host, EPERM
  nothing    on every error path nothing reaches kexec_load (a test
             double, build/fuzz/kexec-record, records the calls instead)
  rules      the plans that do reach kexec_load obey the kernel's rules
  valgrind   memcheck over --dry-run on real inputs: no errors, no leaks

Usage: hostile.py KEXEC KEXEC_RECORD WORKDIR
"""
import glob
import importlib.util
import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = 4096
EXIT_INPUT, EXIT_USAGE, EXIT_NOFIT, EXIT_KERNEL, EXIT_UNSUPPORTED = 1, 2, 3, 4, 5

spec = importlib.util.spec_from_file_location("gen", os.path.join(HERE, "gen-corpus.py"))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

results = {"pass": 0, "fail": 0}


def report(name, ok, why=""):
    if ok:
        results["pass"] += 1
        print("PASS " + name, flush=True)
    else:
        results["fail"] += 1
        print("FAIL %s: %s" % (name, why), flush=True)


def skip(name, why):
    print("SKIP %s: %s" % (name, why), flush=True)


def run(argv, env=None, user=None, timeout=600):
    """Run argv; returns (exit code, stdout, stderr, seconds, maxrss KiB)."""
    if user:
        argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + argv
    e = dict(os.environ)
    e.pop("MK_TEST_KEXEC_ERRNO", None)
    if env:
        e.update(env)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        p = subprocess.Popen(argv, stdout=out, stderr=err, env=e)
        _, status, ru = os.wait4(p.pid, 0)
        secs = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (p.returncode, out.read().decode(errors="replace"),
                err.read().decode(errors="replace"), secs, ru.ru_maxrss)


def write(path, data, mode=0o644):
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, mode)
    return path


def compressed(src, dst, cmd):
    """dst = cmd < src, made once and kept (the bombs take seconds)."""
    if not os.path.exists(dst):
        with open(src, "rb") as i, open(dst + ".tmp", "wb") as o:
            subprocess.run(cmd, stdin=i, stdout=o, check=True)
        os.rename(dst + ".tmp", dst)
    return dst


def zeros_compressed(work, mib, ext, cmd):
    dst = os.path.join(work, "zeros-%dm.%s" % (mib, ext))
    if not os.path.exists(dst):
        with open(dst + ".tmp", "wb") as o:
            head = subprocess.Popen(["head", "-c", "%dM" % mib, "/dev/zero"], stdout=subprocess.PIPE)
            subprocess.run(cmd, stdin=head.stdout, stdout=o, check=True)
            head.wait()
        os.rename(dst + ".tmp", dst)
    return dst


def elf_then_zeros(work, kernel, mib, ext, cmd):
    """A small valid kernel followed by mib MiB of zeros, compressed: an
    "unstripped" kernel whose tail is a bomb."""
    dst = os.path.join(work, "elf-zeros-%dm.%s" % (mib, ext))
    if not os.path.exists(dst):
        with open(dst + ".tmp", "wb") as o:
            feed = subprocess.Popen("cat %s; head -c %dM /dev/zero" % (shlex.quote(kernel), mib),
                                    shell=True, stdout=subprocess.PIPE)
            subprocess.run(cmd, stdin=feed.stdout, stdout=o, check=True)
            feed.wait()
        os.rename(dst + ".tmp", dst)
    return dst


def bootinfo_64m():
    """A virt list with one 64 MiB chunk: the limit is then 32 MiB."""
    r = gen.rec
    return b"".join([r(1, gen.u32(14)), r(2, gen.u32(4)), r(3, gen.u32(4)), r(4, gen.u32(4)),
                     r(5, gen.u32(0, 64 << 20)), r(7, gen.string("console=ttyGF0"))]) + gen.last(False)


# ------------------------------------------------------------------ bombs

def test_bombs(kexec, work, files):
    """The limit is 32 MiB.  The output buffer is touched up to it; zlib's
    window is 32 KiB and zstd decodes straight into the buffer, so the
    peak stays near the limit.  liblzma keeps its own dictionary (64 MiB
    for xz -9) and fills it as it decodes: up to twice the limit."""
    bi = files["bi64"]
    mib = 1024
    bombs = [("gzip-1g", zeros_compressed(work, 1024, "gz", ["gzip", "-1"]), 48 * mib),
             ("zstd-1g", zeros_compressed(work, 1024, "zst", ["zstd", "-q", "-1", "-T1"]), 48 * mib),
             ("zstd-long-window-64m", zeros_compressed(work, 64, "long.zst",
                                                       ["zstd", "-q", "-3", "--long=27", "-T1"]), 48 * mib),
             ("xz-256m", zeros_compressed(work, 256, "xz", ["xz", "-0", "-T1"]), 48 * mib),
             ("xz-9-64m", zeros_compressed(work, 64, "9.xz", ["xz", "-9", "-T1"]), 80 * mib)]
    for name, path, bound in bombs:
        rc, out, err, secs, rss = run([kexec, "--dry-run", "-l", path, "--bootinfo=" + bi])
        why = []
        if rc != EXIT_NOFIT:
            why.append("exit %d, expected %d" % (rc, EXIT_NOFIT))
        if "decompresses to more than" not in err or path not in err:
            why.append("message %r" % err.strip())
        if rss > bound:
            why.append("ru_maxrss %d KiB, more than %d KiB for a 32 MiB limit" % (rss, bound))
        report("bomb-%s (maxrss %d KiB, %.1f s)" % (name, rss, secs), not why, "; ".join(why))

    # Behind a small kernel: only its extent is kept, the tail is decoded
    # into a small window (its checksum verified) and stopped at the same
    # limit, so the peak stays small and decoding stops early.  (A child's
    # ru_maxrss includes the forked Python before exec, about 18 MiB here;
    # kexec itself peaks at about 2 MiB on these.)
    tails = [("gzip", elf_then_zeros(work, files["tiny"], 1024, "gz", ["gzip", "-1"]), 24 * mib),
             ("xz", elf_then_zeros(work, files["tiny"], 256, "xz", ["xz", "-0", "-T1"]), 24 * mib),
             ("zstd", elf_then_zeros(work, files["tiny"], 1024, "zst", ["zstd", "-q", "-1", "-T1"]), 48 * mib)]
    for name, path, bound in tails:
        rc, out, err, secs, rss = run([kexec, "--dry-run", "-l", path, "--bootinfo=" + bi])
        why = []
        if rc != EXIT_NOFIT:
            why.append("exit %d, expected %d" % (rc, EXIT_NOFIT))
        # zstd decodes in one call into the buffer: its message is the
        # plain one; the streaming decoders name the tail.
        want = "decompresses to more than" if name == "zstd" else \
            "more than 33554432 bytes follow (symbols, debug sections); stopped: strip the kernel"
        if want not in err or path not in err:
            why.append("message %r" % err.strip())
        if rss > bound:
            why.append("ru_maxrss %d KiB, more than %d KiB" % (rss, bound))
        report("bomb-elf-tail-%s (maxrss %d KiB, %.1f s)" % (name, rss, secs), not why, "; ".join(why))


# ------------------------------------------------------------------ sparse

def test_sparse(kexec, work, files):
    big = os.path.join(work, "sparse-4g")
    if not os.path.exists(big):
        with open(big, "wb") as f:
            f.truncate(4 << 30)
    cases = [("kernel", [kexec, "--dry-run", "-l", big, "--bootinfo=" + files["virt"]]),
             ("initrd", [kexec, "--dry-run", "-l", files["tiny"], "--initrd=" + big,
                         "--bootinfo=" + files["virt"]])]
    for name, argv in cases:
        rc, out, err, secs, rss = run(argv)
        why = []
        if rc != EXIT_NOFIT:
            why.append("exit %d, expected %d" % (rc, EXIT_NOFIT))
        if big not in err or "4294967296 bytes, more than" not in err:
            why.append("message %r" % err.strip())
        if secs > 2:
            why.append("took %.1f s: was it read?" % secs)
        if rss > 32 * 1024:
            why.append("ru_maxrss %d KiB" % rss)
        report("sparse-4g-%s (%.2f s, maxrss %d KiB)" % (name, secs, rss), not why, "; ".join(why))


# ------------------------------------------------------------------ FIFOs

def test_fifo(kexec, work, files):
    """A FIFO given as kernel or ramdisk (which kexec maps): refused at
    once with one line naming it (opening one used to wait for a writer
    forever); `timeout` turns a hang into exit 124. A bootinfo may come
    from a pipe (--bootinfo=<(...)): it is read, not mapped."""
    fifo = os.path.join(work, "a-fifo")
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    cases = [
        ("kernel", ["-l", fifo, "--bootinfo=" + files["virt"]],
         "%s: not a regular file or block device" % fifo),
        ("initrd", ["-l", files["tiny"], "--initrd=" + fifo, "--bootinfo=" + files["virt"]],
         "%s: not a regular file or block device" % fifo),
    ]
    for name, args, want in cases:
        rc, out, err, secs, _ = run(["timeout", "10", kexec, "--dry-run"] + args)
        why = []
        if rc != EXIT_INPUT:
            why.append("exit %d, expected %d%s" % (rc, EXIT_INPUT, " (it hung)" if rc == 124 else ""))
        lines = err.strip().splitlines()
        if lines != ["kexec: " + want]:
            why.append("stderr %r" % err.strip())
        if out:
            why.append("printed a plan: %r" % out[:80])
        report("fifo-%s (%.2f s)" % (name, secs), not why, "; ".join(why))


# ------------------------------------------------------------------ non-root

def test_nonroot(kexec, record, files):
    if os.getuid() != 0 or not shutil.which("setpriv"):
        skip("nonroot", "needs root (to become nobody) and setpriv")
        return
    d = tempfile.mkdtemp(prefix="mk-nonroot-")
    os.chmod(d, 0o755)
    try:
        kern = write(os.path.join(d, "vmlinux"), open(files["tiny"], "rb").read(), 0o644)
        bi = write(os.path.join(d, "bootinfo"), open(files["virt"], "rb").read(), 0o644)
        secret = write(os.path.join(d, "secret-vmlinux"), open(files["tiny"], "rb").read(), 0o600)
        secret_bi = write(os.path.join(d, "secret-bootinfo"), open(files["virt"], "rb").read(), 0o600)
        # The binaries too: the checkout may be where nobody cannot go.
        kexec = shutil.copy2(kexec, os.path.join(d, "kexec"))
        record = shutil.copy2(record, os.path.join(d, "kexec-record"))
        sub = os.path.join(d, "a-directory")
        os.mkdir(sub)
        os.chmod(sub, 0o755)
        cases = [
            ("unreadable-kernel-eacces", [kexec, "-l", secret, "--bootinfo=" + bi], {},
             EXIT_INPUT, [secret, "Permission denied"]),
            ("unreadable-initrd-eacces", [kexec, "-l", kern, "--initrd=" + secret, "--bootinfo=" + bi], {},
             EXIT_INPUT, [secret, "Permission denied"]),
            ("unreadable-bootinfo-eacces", [kexec, "-l", kern, "--bootinfo=" + secret_bi], {},
             EXIT_INPUT, [secret_bi, "Permission denied"]),
            ("directory-kernel-eisdir", [kexec, "-l", sub, "--bootinfo=" + bi], {},
             EXIT_INPUT, [sub, "is a directory"]),
            ("directory-initrd-eisdir", [kexec, "-l", kern, "--initrd=" + sub, "--bootinfo=" + bi], {},
             EXIT_INPUT, [sub, "is a directory"]),
            ("directory-bootinfo-eisdir", [kexec, "-l", kern, "--bootinfo=" + sub], {},
             EXIT_INPUT, [sub, "is a directory"]),
            ("missing-kernel-enoent", [kexec, "-l", os.path.join(d, "nope"), "--bootinfo=" + bi], {},
             EXIT_INPUT, [os.path.join(d, "nope"), "No such file"]),
            ("load-on-non-m68k-host", [kexec, "-l", kern, "--bootinfo=" + bi], {},
             EXIT_UNSUPPORTED, ["not m68k", "--dry-run"]),
            ("eperm-names-cap-sys-boot-and-kexec-load-disabled",
             [record, "-l", kern, "--bootinfo=" + bi, "--command-line=console=ttyGF0"],
             {"MK_TEST_KEXEC_ERRNO": "1"}, EXIT_KERNEL,
             ["Operation not permitted", "root", "CAP_SYS_BOOT", "kexec_load_disabled"]),
        ]
        if not os.path.exists("/proc/bootinfo"):
            cases.append(("missing-proc-bootinfo", [kexec, "-l", kern], {}, EXIT_UNSUPPORTED,
                          ["/proc/bootinfo", "CONFIG_BOOTINFO_PROC", "--bootinfo"]))
        else:
            skip("nonroot/missing-proc-bootinfo", "this kernel has /proc/bootinfo")
        for name, argv, env, want, words in cases:
            rc, out, err, secs, rss = run(argv, env=env, user=True)
            why = []
            if rc != want:
                why.append("exit %d, expected %d" % (rc, want))
            for w in words:
                if w not in err:
                    why.append("no %r in %r" % (w, err.strip()))
            if err.count("\n") != 1:
                why.append("not one line: %r" % err)
            report("nonroot/" + name, not why, "; ".join(why))
    finally:
        shutil.rmtree(d)


# ------------------------------------------------------------------ the double

def recorded(record, argv, log, env=None):
    if os.path.exists(log):
        os.unlink(log)
    rc, out, err, secs, rss = run([record] + argv, env=dict(env or {}, MK_TEST_KEXEC_LOG=log))
    calls = []
    if os.path.exists(log):
        for line in open(log):
            w = line.split()
            kv = dict(x.split("=", 1) for x in w[1:])
            if w[0] == "load":
                calls.append({"entry": int(kv["entry"]), "nseg": int(kv["nseg"]),
                              "flags": int(kv["flags"]), "seg": []})
            else:
                calls[-1]["seg"].append({"mem": int(kv["mem"]), "memsz": int(kv["memsz"]),
                                         "bufsz": int(kv["bufsz"]), "role": kv["role"]})
    return rc, err, calls


def check_rules(plan, call):
    """doc/load-rules.md on what kexec_load received."""
    segs = call["seg"]
    chunks = plan["chunks"]
    c0 = chunks[0]
    half = plan["ram_total"] // 2
    map_end = c0["addr"] + plan["map_size"]
    if call["flags"] != 4 << 16:
        return "flags %#x" % call["flags"]
    if not 1 <= len(segs) <= 16 or call["nseg"] != len(segs):
        return "%d segments" % len(segs)
    total = 0
    for i, s in enumerate(segs):
        e = s["mem"] + s["memsz"]
        if s["mem"] % PAGE or s["memsz"] % PAGE or not s["memsz"] or s["bufsz"] > s["memsz"]:
            return "segment %d alignment or size" % i
        if not any(c["addr"] <= s["mem"] and e <= c["addr"] + c["size"] and c["addr"] >= c0["addr"]
                   for c in chunks):
            return "segment %d outside RAM" % i
        if s["role"] in ("kernel", "bootinfo") and not (c0["addr"] <= s["mem"] and e <= map_end):
            return "segment %d outside the first chunk's initial mapping" % i
        for t in segs[:i]:
            if s["mem"] < t["mem"] + t["memsz"] and t["mem"] < e:
                return "segment %d overlaps" % i
        if s["memsz"] > half:
            return "segment %d above half of RAM" % i
        total += s["memsz"]
    if total > half:
        return "total above half of RAM"
    if not any(s["role"] == "kernel" and s["mem"] <= call["entry"] < s["mem"] + s["memsz"] for s in segs):
        return "entry outside the kernel"
    bis = [s for s in segs if s["role"] == "bootinfo"]
    if len(bis) != 1 or bis[0]["mem"] + bis[0]["bufsz"] - plan["bootinfo_size"] != plan["kernel_end"]:
        return "bootinfo not at _end"
    tables = bis[0]["mem"] + bis[0]["memsz"] + 64 * 1024
    if tables > map_end or any(s is not bis[0] and s["mem"] < tables and bis[0]["mem"] < s["mem"] + s["memsz"]
                               for s in segs):
        return "early page tables not free or not mapped"
    return None


def test_double(record, work, files):
    log = os.path.join(work, "kexec-calls")
    cmd = ["--command-line=console=ttyGF0 root=/dev/ram0"]
    bis = gen.bootinfos()
    ks = gen.kernels()
    good_bi = ["qemu-virt", "qemu-virt-proc", "qemu-q800", "aranym-st", "aranym-st-fast",
               "aranym-fast-first", "amiga-8m"]
    for m in good_bi:
        bpath = write(os.path.join(work, "bi-" + m), bis[m])
        for kname in ("tiny", "two-loads", "end-unaligned", "notes"):
            kpath = write(os.path.join(work, "k-" + kname), ks[kname])
            for initrd in ([], ["--initrd=" + files["initrd"]]):
                argv = ["-l", kpath, "--bootinfo=" + bpath] + cmd + initrd
                name = "rules/%s-%s%s" % (m, kname, "-initrd" if initrd else "")
                rc, err, calls = recorded(record, argv, log)
                jrc, jout, jerr, _, _ = run([record, "--dry-run", "--json"] + argv)
                if rc != 0 or jrc != 0 or len(calls) != 1:
                    report(name, False, "exit %d (dry run %d), %d calls: %s%s" %
                           (rc, jrc, len(calls), err.strip(), jerr.strip()))
                    continue
                plan = json.loads(jout)
                same = [(s["mem"], s["memsz"], s["bufsz"], s["role"]) for s in plan["segments"]] == \
                       [(s["mem"], s["memsz"], s["bufsz"], s["role"]) for s in calls[0]["seg"]] and \
                    plan["entry"] == calls[0]["entry"]
                broken = check_rules(plan, calls[0])
                report(name, same and not broken,
                       broken or "kexec_load got another plan than --dry-run printed")

    # Error paths: a non-zero exit, and kexec_load never called.
    bad = []
    for kname in ("truncated", "bad-magic", "wrong-machine", "filesz-gt-memsz"):
        bad.append(("kernel-" + kname, ["-l", write(os.path.join(work, "k-" + kname), ks[kname]),
                                        "--bootinfo=" + files["virt"]] + cmd))
    for bname in ("unterminated", "bad-size", "trailing", "no-memchunk"):
        bad.append(("bootinfo-" + bname, ["-l", files["tiny"], "--bootinfo=" +
                                          write(os.path.join(work, "bi-" + bname), bis[bname])] + cmd))
    r = gen.rec
    unaligned = b"".join([r(1, gen.u32(14)), r(5, gen.u32(0x00fffeff, 64 << 20))]) + gen.last(False)
    eight_mib = os.path.join(work, "initrd-20m")
    if not os.path.exists(eight_mib):
        with open(eight_mib, "wb") as f:
            f.truncate(20 << 20)
    bad += [
        ("first-chunk-unaligned", ["-l", files["tiny"], "--bootinfo=" +
                                   write(os.path.join(work, "bi-unaligned"), unaligned)] + cmd),
        ("cmdline-300", ["-l", files["tiny"], "--bootinfo=" + files["virt"], "--command-line=" + "x" * 300]),
        ("cmdline-and-reuse", ["-l", files["tiny"], "--bootinfo=" + files["virt"], "--command-line=a",
                               "--reuse-cmdline"]),
        ("kernel-bomb", ["-l", os.path.join(work, "zeros-1024m.gz"), "--bootinfo=" + files["bi64"]] + cmd),
        ("kernel-sparse-4g", ["-l", os.path.join(work, "sparse-4g"), "--bootinfo=" + files["virt"]] + cmd),
        ("initrd-sparse-4g", ["-l", files["tiny"], "--initrd=" + os.path.join(work, "sparse-4g"),
                              "--bootinfo=" + files["virt"]] + cmd),
        ("initrd-bigger-than-ram", ["-l", files["tiny"], "--initrd=" + eight_mib, "--bootinfo=" +
                                  write(os.path.join(work, "bi-aranym-st"), bis["aranym-st"])] + cmd),
        ("initrd-empty", ["-l", files["tiny"], "--initrd=/dev/null", "--bootinfo=" + files["virt"]] + cmd),
        ("kernel-missing", ["-l", os.path.join(work, "no-such-file"), "--bootinfo=" + files["virt"]] + cmd),
        ("kernel-directory", ["-l", work, "--bootinfo=" + files["virt"]] + cmd),
        ("bootinfo-missing", ["-l", files["tiny"], "--bootinfo=" + os.path.join(work, "nope")] + cmd),
        ("mem-max-below-kernel", ["-l", files["tiny"], "--bootinfo=" + files["virt"], "--mem-max=0x1000"] + cmd),
        ("mem-min-above-ram", ["-l", files["tiny"], "--initrd=" + files["initrd"], "--bootinfo=" + files["virt"],
                               "--mem-min=0x10000000"] + cmd),
        ("entry-outside-kernel", ["-l", files["tiny"], "--bootinfo=" + files["virt"], "--entry=0x7000000"] + cmd),
        ("bad-address-option", ["-l", files["tiny"], "--bootinfo=" + files["virt"], "--mem-max=0x1ffffffff"] + cmd),
    ]
    # Every damaged or crashing input the fuzzers keep, as a kernel.
    for f in sorted(glob.glob(os.path.join(HERE, "corpus", "file", "*")) +
                    glob.glob(os.path.join(HERE, "regress", "*", "*"))):
        data = open(f, "rb").read()
        if data[:4] != b"\x7fELF" and b"zeros" not in f.encode() and not f.endswith(
                (".gz", ".xz", ".lzma", ".zst")):
            bad.append(("fuzz-input-" + os.path.basename(f), ["-l", f, "--bootinfo=" + files["virt"]] + cmd))
    for name, argv in bad:
        rc, err, calls = recorded(record, argv, log)
        why = []
        if rc == 0:
            why.append("exit 0")
        if calls:
            why.append("kexec_load was called %d times" % len(calls))
        if not err.strip():
            why.append("no message")
        report("nothing-loaded/" + name, not why, "; ".join(why) + " " + err.strip())


# ------------------------------------------------------------------ small machine

def test_small_machine(record, work, files):
    """Decoding takes anonymous memory before kexec can check anything
    after it: a compressed kernel whose stream says it needs more than
    MemAvailable is refused before decoding (the test double reads a
    small machine's meminfo from $MK_TEST_MEMINFO); with enough, or with
    --no-mem-check, it loads.  The kernel is a tiny one followed by 6 MiB
    of "symbols": decoding keeps 16 KiB, but gzip's ISIZE and xz's index
    say 6 MiB, and xz's dictionary (8 MiB at -6) takes as much again."""
    log = os.path.join(work, "kexec-calls")
    r = gen.rec
    bi = write(os.path.join(work, "bi-virt-32m"), b"".join([
        r(1, gen.u32(14)), r(2, gen.u32(4)), r(3, gen.u32(4)), r(4, gen.u32(4)),
        r(5, gen.u32(0, 32 << 20))]) + gen.last(False))
    big = os.path.join(work, "k-tiny-6m-symbols")
    if not os.path.exists(big):
        with open(big, "wb") as f:
            f.write(open(files["tiny"], "rb").read())
            f.write(bytes(range(256)) * (6 << 12))
    kernels = {"gzip": compressed(big, big + ".gz", ["gzip", "-6"]),
               "xz": compressed(big, big + ".xz", ["xz", "-6", "-T1", "--check=crc32"])}

    def meminfo(avail_mib):
        return write(os.path.join(work, "meminfo-%d" % avail_mib),
                     ("MemTotal:          30000 kB\nMemFree:    %d kB\nMemAvailable:   %d kB\n" %
                      (avail_mib << 10, avail_mib << 10)).encode())

    for comp, path in sorted(kernels.items()):
        argv = ["-l", path, "--bootinfo=" + bi, "--command-line=console=ttyGF0"]
        rc, err, calls = recorded(record, argv, log, {"MK_TEST_MEMINFO": meminfo(4)})
        want = "%s: not enough memory to decompress: decoding takes %d KiB" % (
            path, (6 << 10) + 16 + ((6 << 10) + 16 if comp == "xz" else 0))
        why = []
        if rc != EXIT_NOFIT:
            why.append("exit %d, expected %d" % (rc, EXIT_NOFIT))
        if calls:
            why.append("kexec_load was called")
        if want not in err or "MemAvailable is 4096 KiB" not in err or \
                (comp == "xz") != ("liblzma's dictionary" in err):
            why.append("message %r, wanted %r" % (err.strip(), want))
        report("small-machine/%s-refused-before-decoding" % comp, not why, "; ".join(why))

        for name, extra, avail in (("enough-memory", [], 24), ("no-mem-check", ["--no-mem-check"], 4)):
            rc, err, calls = recorded(record, argv + extra, log, {"MK_TEST_MEMINFO": meminfo(avail)})
            ok = rc == 0 and len(calls) == 1
            report("small-machine/%s-%s-loads" % (comp, name), ok,
                   "exit %d, %d calls: %s" % (rc, len(calls), err.strip()))


# ------------------------------------------------------------------ valgrind

def test_valgrind(kexec, work, files):
    if not shutil.which("valgrind"):
        report("valgrind", False, "valgrind is not installed (scripts/deps.sh installs it)")
        return
    cache = os.environ.get("M68K_KEXEC_CACHE", os.path.expanduser("~/.cache/m68k-kexec"))
    real = sorted(glob.glob(os.path.join(cache, "kernel-*", "vmlinux")), key=os.path.getmtime)
    kernel = real[-1] if real else files["tiny"]
    what = "real vmlinux" if real else "generated vmlinux"
    gz = compressed(kernel, os.path.join(work, "vmlinux-%d.gz" % os.path.getsize(kernel)), ["gzip", "-6"])
    xz = compressed(kernel, os.path.join(work, "vmlinux-%d.xz" % os.path.getsize(kernel)),
                    ["xz", "-6", "-T1", "--check=crc32"])
    vg = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
          "--errors-for-leak-kinds=definite,indirect", "--show-leak-kinds=definite,indirect"]
    bis = gen.bootinfos()
    fastfirst = write(os.path.join(work, "bi-aranym-fast-first"), bis["aranym-fast-first"])
    q800 = write(os.path.join(work, "bi-qemu-q800"), bis["qemu-q800"])
    cases = [
        ("plain", [kernel, "--bootinfo=" + files["virt"], "--initrd=" + files["initrd"],
                   "--command-line=console=ttyGF0"]),
        ("gzip", [gz, "--bootinfo=" + files["virt"], "--initrd=" + files["initrd"], "--append=quiet"]),
        ("xz-json", [xz, "--bootinfo=" + q800, "--initrd=" + files["initrd"], "--json",
                     "--command-line=console=ttyS0"]),
        ("fastram-first", [kernel, "--bootinfo=" + fastfirst, "--initrd=" + files["initrd"],
                           "--reuse-cmdline"]),
        ("error-path", [files["tiny"][:-1] + "-missing", "--bootinfo=" + files["virt"]]),
        ("bomb", [os.path.join(work, "zeros-1024m.gz"), "--bootinfo=" + files["bi64"]]),
    ]
    for name, args in cases:
        rc, out, err, secs, rss = run(vg + [kexec, "--dry-run", "-l"] + args)
        want_ok = name not in ("error-path", "bomb")
        ok = rc != 99 and "==" not in err and ((rc == 0) == want_ok)
        report("valgrind/%s (%s, %.0f s)" % (name, what, secs), ok,
               "exit %d: %s" % (rc, err.strip()[-600:]))


def main():
    kexec, record, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    ks = gen.kernels()
    files = {
        "tiny": write(os.path.join(work, "k-tiny"), ks["tiny"]),
        "virt": write(os.path.join(work, "bi-qemu-virt"), gen.bootinfos()["qemu-virt"]),
        "bi64": write(os.path.join(work, "bi-virt-64m"), bootinfo_64m()),
        "initrd": write(os.path.join(work, "initrd"), bytes(range(256)) * 4096),
    }
    test_bombs(kexec, work, files)
    test_sparse(kexec, work, files)
    test_fifo(kexec, work, files)
    test_nonroot(kexec, record, files)
    test_double(record, work, files)
    test_small_machine(record, work, files)
    test_valgrind(kexec, work, files)
    print("hostile: %d passed, %d failed" % (results["pass"], results["fail"]))
    return 1 if results["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
