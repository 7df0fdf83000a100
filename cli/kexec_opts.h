/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kexec's options (cli/kexec_opts.c) and its printers (cli/kexec_print.c):
 * what the file that runs the load (cli/kexec.c) shares with them.
 */
#ifndef MK_KEXEC_OPTS_H
#define MK_KEXEC_OPTS_H

#include <stdint.h>
#include <stdio.h>

#include "m68kexec.h"
#include "print.h"
#include "sys.h"

/* The program's name in its messages. */
extern const char prog[];

/* Exit codes (documented in kexec.8 and the README; print.h). */
enum {
	EXIT_OK = MK_EXIT_OK,
	EXIT_INPUT = MK_EXIT_INPUT,	/* bad or unreadable input; -S: not loaded */
	EXIT_USAGE = MK_EXIT_USAGE,
	EXIT_NOFIT = MK_EXIT_NOFIT,	/* the plan does not fit the machine */
	EXIT_KERNEL = MK_EXIT_KERNEL,	/* the kernel refused (or not permitted) */
	EXIT_UNSUPPORTED = MK_EXIT_UNSUPPORTED,	/* not possible on this host or kernel */
};

enum action {
	ACT_DEFAULT,	/* load, then shutdown -r now */
	ACT_LOAD,
	ACT_EXEC,
	ACT_FORCE,	/* load and exec at once */
	ACT_UNLOAD,
	ACT_STATUS,
	ACT_PRINT_CKR_SIZE,	/* print the crash region's size */
};

struct options {
	enum action action;
	int panic;
	int debug;
	int dry_run;
	int json;
	int no_ifdown;
	int no_sync;
	int no_mem_check;
	const char *kernel;
	const char *initrd;
	const char *bootinfo;
	struct mk_cmdline_opts cmd;
	uint32_t mem_min, mem_max;
	int have_mem_min, have_mem_max;
	int have_entry;
	uint32_t entry;
	int have_crash_region;		/* --crash-region */
	uint32_t crash_start, crash_size;
};

/*
 * Parse the command line into o.  Returns -1 to go on, or an exit code:
 * EXIT_OK after --help or --version, EXIT_USAGE (message printed),
 * EXIT_UNSUPPORTED for an option m68k cannot honour.
 */
int parse_options(int argc, char **argv, struct options *o);

/* "PROG: ARG: WHAT" and a pointer to --help on stderr; EXIT_USAGE. */
int usage_error(const char *what, const char *arg);

/* The plan as text (--dry-run, -d) or JSON (--dry-run --json).
 * mem_available: MemAvailable in bytes, 0 when unknown. */
void print_plan_text(FILE *fp, const struct options *o, const struct mk_plan *p,
		     const struct mk_file *kf, const struct mk_file *rf,
		     uint64_t mem_available);
void print_plan_json(FILE *fp, const struct options *o, const struct mk_plan *p,
		     const struct mk_file *kf, const struct mk_file *rf,
		     uint64_t mem_available);
/* Warnings about the plan (bootversion table), on stderr. */
void warn_plan(const struct mk_plan *p);
/* A crash plan: what comes before the capture kernel's plan, and after. */
void print_crash_text(FILE *fp, const struct mk_crash_plan *c);
void print_crash_tail(FILE *fp, const struct mk_crash_plan *c);
void print_crash_json(FILE *fp, const struct mk_crash_plan *c);

#endif
