/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output shared by the tools (kexec, bootinfo, kdump-config): text, JSON, bytes. */
#ifndef MK_PRINT_H
#define MK_PRINT_H

#include <stdio.h>

#include "m68kexec.h"

/*
 * Write len bytes to fd, again after EINTR and a short write: the bytes
 * written, all of them, or fewer with *err the errno (EIO: nothing
 * written and no error).
 */
size_t mk_write_full(int fd, const void *buf, size_t len, int *err);

/* A JSON string literal for s (len bytes; stops at NUL when len is -1). */
void mk_json_string(FILE *fp, const char *s, long len);

/*
 * Exit statuses the tools share (kexec.8, kdump-config.8, EXIT STATUS):
 * each tool names them in its own enum with these values.
 */
enum {
	MK_EXIT_OK = 0,
	MK_EXIT_INPUT = 1,	/* bad or unreadable input */
	MK_EXIT_USAGE = 2,
	MK_EXIT_NOFIT = 3,	/* kexec: the plan does not fit the machine */
	MK_EXIT_KERNEL = 4,	/* the kernel refused (or not permitted) */
	MK_EXIT_UNSUPPORTED = 5,	/* not possible on this host or kernel */
};

/*
 * A usage error on stderr, "PROG: ARG: WHAT" (arg NULL: "PROG: WHAT") and
 * "Try 'PROG --help'.": MK_EXIT_USAGE.  Inline: vmcore-dmesg links no
 * cli/print.c.
 */
static inline int mk_usage_error(const char *prog, const char *what, const char *arg)
{
	fprintf(stderr, "%s: %s%s%s\nTry '%s --help'.\n", prog, arg ? arg : "",
		arg ? ": " : "", what, prog);
	return MK_EXIT_USAGE;
}

/*
 * The exit status for a failure the core or the system layer reported,
 * by the class the core gives its code (no case is left out: a new
 * class is a compiler warning in cli/print.c).  The system layer
 * reports a file it cannot read by its errno, which is no code of the
 * core's: unreadable input.  An internal error has no status of its own.
 */
int mk_exit_for(int code);

/* The list, one record a line: "  BI_NAME  size  value". */
void mk_print_bootinfo(FILE *fp, const struct mk_bootinfo *bi, const char *indent);

#define MK_PRINT_INDEX	0x1	/* start each line with the record's index */
#define MK_PRINT_DECODE	0x2	/* machine records by name: mk_bi_describe_full() */

/* The same, with options (MK_PRINT_*). */
void mk_print_bootinfo_ex(FILE *fp, const struct mk_bootinfo *bi,
			  const char *indent, unsigned flags);

/* The list as a JSON array of {"tag","name","size","value",...}. */
void mk_print_bootinfo_json(FILE *fp, const struct mk_bootinfo *bi);
void mk_print_bootinfo_json_ex(FILE *fp, const struct mk_bootinfo *bi, unsigned flags);

#endif
