// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec's command-line parsing: the input is split at NUL bytes into
 * arguments (at most 64) and given to the CLI's own parse_options()
 * (cli/kexec_opts.c, linked in).  Whatever it accepts must be consistent: the kernel
 * is one of the arguments, the --append list within its array, --json only
 * with --dry-run, --crash-region only with -p --dry-run, --command-line
 * never with --reuse-cmdline; whatever it refuses is a usage error or an
 * early exit (--help, --version, -s).  Nothing is loaded: only parsing runs.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kexec_opts.h"

#define MAX_ARGS	64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	char *buf = malloc(size + 1);
	char *argv[MAX_ARGS + 2];
	struct options o;
	FILE *saved_out = stdout, *saved_err = stderr;
	size_t i, start = 0;
	int argc = 1, ret;

	if (!buf)
		return 0;
	if (!null)
		null = fopen("/dev/null", "w");
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = (char *)"kexec";
	for (i = 0; i <= size && argc <= MAX_ARGS; i++) {
		if (i == size || buf[i] == '\0') {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;

	/* getopt keeps its place between calls: start it afresh.  The
	 * messages of refused options go to /dev/null (sanitizer reports
	 * write to fd 2 directly and still show). */
	optind = 0;
	opterr = 0;
	stdout = stderr = null;
	ret = parse_options(argc, argv, &o);
	stdout = saved_out;
	stderr = saved_err;

	FUZZ_CHECK(ret == -1 || ret == EXIT_OK || ret == EXIT_USAGE || ret == EXIT_UNSUPPORTED,
		   "parse_options returned %d", ret);
	if (ret == -1) {
		int found = o.kernel == NULL;

		for (i = 1; i < (size_t)argc && !found; i++)
			found = o.kernel == argv[i];
		FUZZ_CHECK(found, "the kernel is not one of the arguments");
		FUZZ_CHECK(o.cmd.nappend <= sizeof(o.cmd.append) / sizeof(o.cmd.append[0]),
			   "%u appends", o.cmd.nappend);
		FUZZ_CHECK(!o.json || o.dry_run, "--json without --dry-run");
		FUZZ_CHECK(!(o.cmd.command_line && o.cmd.reuse), "--command-line with --reuse-cmdline");
		FUZZ_CHECK(!o.have_crash_region || (o.panic && o.dry_run && o.crash_size),
			   "--crash-region without -p --dry-run, or empty");
		FUZZ_CHECK(o.bootinfo != NULL, "no bootinfo path");
		FUZZ_CHECK(o.action <= ACT_PRINT_CKR_SIZE, "action %d", (int)o.action);
		FUZZ_CHECK(!o.kernel || o.action == ACT_DEFAULT || o.action == ACT_LOAD ||
			   o.action == ACT_FORCE, "a kernel with action %d", (int)o.action);
		FUZZ_CHECK(!o.panic || o.action == ACT_DEFAULT || o.action == ACT_LOAD ||
			   o.action == ACT_UNLOAD || o.action == ACT_STATUS, "-p with action %d", (int)o.action);
		FUZZ_CHECK(!(o.have_mem_min && o.have_mem_max) || o.mem_min <= o.mem_max,
			   "--mem-min above --mem-max");
	}
	free(buf);
	return 0;
}
