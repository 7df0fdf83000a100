#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The demo's view: run the emulator given after "--", follow its console
and show a person the steps (first kernel up, the loader's plan, kexec -e,
the second kernel's banner and command line), then one line that says
whether it worked. The whole console goes to --log.

demo.sh builds the inputs and calls this. The guest's test init (init.c)
reports in "E2E " lines; they are read with e2e.parse, as the tests read
them, and the verdict uses the same checks as the e2e scenarios.
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (the tests' parser and checks)


def say(text=""):
    print(text, flush=True)


class View:
    """Turns console lines into the demo's steps, as they come."""

    def __init__(self, extra):
        self.extra = extra
        self.kernels = 0
        self.cmd = None

    def line(self, raw):
        s = raw.rstrip("\r\n")
        if "Linux version" in s:
            self.kernels += 1
            which = "first" if self.kernels == 1 else "second"
            say()
            say(f"== the {which} kernel boots")
            say("   " + s[s.index("Linux version"):])
            return
        if "Kernel panic" in s or "Oops" in s:
            say("   kernel: " + s.strip())
            return
        m = e2e.E2E_RE.search(s)
        if not m:
            return
        word, _, rest = m.group(1).partition(" ")
        if word == "origin":
            say("== its init runs" + (" (from the initrd)" if rest == "initrd" else ""))
        elif word == "cmdline":
            say(f"   command line: {rest}")
        elif word == "begin":
            self.cmd = rest[len("argv="):]
            say()
            say(f"$ {self.cmd.lstrip('/')}")
        elif word in ("out", "err") and self.cmd:
            say(f"   {rest}")
        elif word == "run" and self.cmd:
            rc = rest.split()[0]
            if rc != "rc=0":
                say(f"   ({self.cmd.lstrip('/')}: exit status {rc[3:]})")
            self.cmd = None
        elif word == "note":
            say(f"   note: {rest}")


def verdict(text, extra):
    """(ok, one line) from the whole console."""
    boots = e2e.parse(text)
    try:
        e2e.check(len(boots) >= 1, "the first kernel's init never reported")
        first = boots[0]
        e2e.check(len(first.runs()) >= 1, "the first kernel ran no kexec")
        load = first.runs()[0]
        if load.rc != 0:
            raise e2e.Fail(f"kexec -l exited {load.rc}: {'; '.join(load.err[-2:])}")
        e2e.check(len(boots) == 2, f"{len(boots)} kernel(s) reported, want 2 "
                  "(kexec -e did not boot the second kernel)")
        want = e2e.reused(first.cmdline) + " " + extra
        e2e.check_second(first, boots[1], want)
        e2e.check(text.count("Linux version") == 2, "not two kernel banners")
    except e2e.Fail as why:
        return False, f"demo: FAILED: {why}"
    return True, ("demo: it worked: the first kernel kexec'ed into a second one, "
                  f"which booted with \"{boots[1].cmdline}\"")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--extra", required=True, help="words --append gave kernel 2")
    ap.add_argument("--log", required=True, help="the whole console goes here")
    ap.add_argument("cmd", nargs=argparse.REMAINDER, help="-- emulator command")
    opts = ap.parse_args()
    cmd = opts.cmd[1:] if opts.cmd[:1] == ["--"] else opts.cmd
    view = View(opts.extra)
    chunks = []
    with open(opts.log, "w") as log, subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT) as p:
        for raw in iter(p.stdout.readline, b""):
            s = raw.decode("utf-8", "replace")
            chunks.append(s)
            log.write(s)
            view.line(s)
    ok, line = verdict("".join(chunks), opts.extra)
    say()
    say(f"   (the whole console: {opts.log})")
    say(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
