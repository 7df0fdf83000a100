// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmcore-dmesg: the kernel log of an m68k kernel dump, as dmesg prints
 * it.  The dump is /proc/vmcore in a capture kernel, or a copy of it in a
 * file, here or on any other host.  The core (lib/printk.c) reads the
 * ring buffer from the mapped file; cli/vmcore.c maps it and writes the
 * log (kdump-config writes dmesg.TS with it too).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "print.h"
#include "vmcore.h"

#ifndef MK_VERSION
#define MK_VERSION "0.1"
#endif

/* Exit codes (documented in vmcore-dmesg.8). */
enum {
	EXIT_OK = 0,
	EXIT_BAD = 1,		/* unreadable or bad dump, output not written */
	EXIT_USAGE = 2,
};

#define DEFAULT_FILE	"/proc/vmcore"

static const char *prog = "vmcore-dmesg";

static void usage(FILE *fp)
{
	fprintf(fp,
"Usage: vmcore-dmesg [FILE]\n"
"Print the kernel log kept in an m68k kernel dump, as dmesg prints it:\n"
"one line per line of each record, after [seconds.microseconds].\n"
"FILE is the dump, an ELF core as /proc/vmcore gives it (the default)\n"
"or a copy of it.  The old kernel is Linux 6.12 or close, with\n"
"CONFIG_VMCORE_INFO: the log is found through its VMCOREINFO note.\n"
"\n"
"  -h, --help     this text\n"
"  -V, --version  the version\n"
"\n"
"Exit status: 0 ok, 1 unreadable or bad dump, 2 usage.\n");
}

static int usage_error(const char *what, const char *arg)
{
	return mk_usage_error(prog, what, arg);
}

int main(int argc, char **argv)
{
	struct mk_diag d = { 0, "" };
	struct mk_dump_map du;
	const char *path = NULL;
	int i, rc, werr, opts = 1;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (opts && strcmp(a, "--") == 0) {
			opts = 0;
		} else if (opts && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
			usage(stdout);
			return EXIT_OK;
		} else if (opts && (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0)) {
			printf("vmcore-dmesg (m68k-kexec) %s\n", MK_VERSION);
			return EXIT_OK;
		} else if (opts && a[0] == '-' && a[1] != '\0') {
			return usage_error("unknown option", a);
		} else if (path) {
			return usage_error("one dump at most", a);
		} else {
			path = a;
		}
	}
	if (!path)
		path = DEFAULT_FILE;

	if (mk_dump_map_open(path, &du, &d)) {
		if (d.code == MK_ERR_FILE_NOT_FOUND && strcmp(path, DEFAULT_FILE) == 0)
			fprintf(stderr, "%s: %s does not exist: this is not a capture kernel after a crash; name a FILE\n",
				prog, path);
		else
			fprintf(stderr, "%s: %s\n", prog, d.msg);
		return EXIT_BAD;
	}
	rc = mk_dump_write_log(stdout, du.data, du.len, NULL, NULL, &werr, &d);
	mk_dump_map_close(&du);
	if (rc && werr) {
		fprintf(stderr, "%s: cannot write the output: %s\n", prog, strerror(werr));
		return EXIT_BAD;
	}
	if (rc) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, d.msg);
		return EXIT_BAD;
	}
	return EXIT_OK;
}
