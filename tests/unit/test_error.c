// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every error code of the core and the system layer, its class, its
 * subject (the input kexec names in the message) and its text, in one
 * table.
 * The tools give an exit status by class (kexec.8: 1 bad input, 3 does
 * not fit), so the class of each code is part of what a user sees.  The
 * codes come from MK_ERRORS, the list enum mk_error is made from: a code
 * added there without a row here fails error/every-code-has-a-row.
 */
#include "harness.h"
#include "print.h"

static const struct {
	int code;
	enum mk_error_class cls;
	enum mk_error_subject subject;	/* the file kexec names */
	const char *text;
} rows[] = {
	{ MK_OK, MK_CLASS_OK, MK_SUBJECT_NONE, "success" },
	{ MK_ERR_ELF_TRUNCATED, MK_CLASS_INPUT, MK_SUBJECT_KERNEL, "ELF image truncated" },
	{ MK_ERR_ELF_MAGIC, MK_CLASS_INPUT, MK_SUBJECT_KERNEL, "not an ELF image" },
	{ MK_ERR_ELF_CLASS, MK_CLASS_INPUT, MK_SUBJECT_KERNEL, "not a 32-bit big-endian ELF image" },
	{ MK_ERR_ELF_MACHINE, MK_CLASS_INPUT, MK_SUBJECT_KERNEL, "not an m68k executable" },
	{ MK_ERR_ELF_PHDR, MK_CLASS_INPUT, MK_SUBJECT_KERNEL, "bad ELF program header table" },
	{ MK_ERR_ELF_SEGMENT, MK_CLASS_INPUT, MK_SUBJECT_KERNEL, "bad ELF loadable segment" },
	{ MK_ERR_ELF_NOLOAD, MK_CLASS_INPUT, MK_SUBJECT_KERNEL, "ELF image has nothing to load" },
	{ MK_ERR_BI_RECORD, MK_CLASS_INPUT, MK_SUBJECT_BOOTINFO, "bad bootinfo record" },
	{ MK_ERR_BI_UNTERMINATED, MK_CLASS_INPUT, MK_SUBJECT_BOOTINFO, "bootinfo list has no BI_LAST" },
	{ MK_ERR_BI_TRAILING, MK_CLASS_INPUT, MK_SUBJECT_BOOTINFO, "bytes after the bootinfo's BI_LAST" },
	{ MK_ERR_BI_MISSING, MK_CLASS_INPUT, MK_SUBJECT_BOOTINFO, "mandatory bootinfo record missing" },
	{ MK_ERR_BI_VALUE, MK_CLASS_INPUT, MK_SUBJECT_BOOTINFO, "bad bootinfo value" },
	{ MK_ERR_BI_TOO_MANY, MK_CLASS_INPUT, MK_SUBJECT_BOOTINFO, "too many bootinfo records" },
	{ MK_ERR_CMDLINE_TOO_LONG, MK_CLASS_INPUT, MK_SUBJECT_NONE, "command line too long" },
	{ MK_ERR_BI_TOO_LARGE, MK_CLASS_INPUT, MK_SUBJECT_NONE, "bootinfo too large" },
	{ MK_ERR_PARAM, MK_CLASS_INPUT, MK_SUBJECT_NONE, "invalid argument" },
	{ MK_ERR_NO_SPACE, MK_CLASS_NOFIT, MK_SUBJECT_NONE, "no room in memory" },
	{ MK_ERR_OUTSIDE_RAM, MK_CLASS_NOFIT, MK_SUBJECT_NONE, "segment outside RAM" },
	{ MK_ERR_OVERLAP, MK_CLASS_NOFIT, MK_SUBJECT_NONE, "segments overlap" },
	{ MK_ERR_TOO_MANY_SEGMENTS, MK_CLASS_NOFIT, MK_SUBJECT_NONE, "too many segments" },
	{ MK_ERR_HALF_RAM, MK_CLASS_NOFIT, MK_SUBJECT_NONE, "more than half of RAM" },
	{ MK_ERR_INITIAL_MAP, MK_CLASS_NOFIT, MK_SUBJECT_NONE, "outside the kernel's initial mapping" },
	{ MK_ERR_ALIGN, MK_CLASS_NOFIT, MK_SUBJECT_NONE, "segment not page aligned" },
	{ MK_ERR_KERNEL_CHUNK, MK_CLASS_NOFIT, MK_SUBJECT_NONE, "kernel not inside the first memory chunk" },
	{ MK_ERR_MEM_WINDOW, MK_CLASS_NOFIT, MK_SUBJECT_NONE, "outside --mem-min/--mem-max" },
	/* A kernel whose entry point is outside its image is bad input,
	 * not a plan that does not fit (exit 1, not 3). */
	{ MK_ERR_ENTRY, MK_CLASS_INPUT, MK_SUBJECT_ENTRY, "entry point outside the kernel" },
	{ MK_ERR_CRASH_REGION, MK_CLASS_INPUT, MK_SUBJECT_NONE, "no usable crash kernel region" },
	{ MK_ERR_CRASH_VALUE, MK_CLASS_INPUT, MK_SUBJECT_NONE, "bad crash note or vmcoreinfo value" },
	{ MK_ERR_CONFIG, MK_CLASS_INPUT, MK_SUBJECT_NONE, "bad kdump configuration line" },
	{ MK_ERR_INTERNAL, MK_CLASS_INTERNAL, MK_SUBJECT_NONE, "internal error" },
	/* The system layer: its messages name the file (subject NONE).
	 * Unreadable, the wrong kind, empty or corrupt is bad input (exit
	 * 1); what is too large for this machine to map or decode does
	 * not fit it (exit 3), as a bomb stopped at half of RAM does. */
	{ MK_ERR_FILE_NOT_FOUND, MK_CLASS_INPUT, MK_SUBJECT_NONE, "no such file" },
	{ MK_ERR_FILE_READ, MK_CLASS_INPUT, MK_SUBJECT_NONE, "cannot read the file" },
	{ MK_ERR_FILE_TYPE, MK_CLASS_INPUT, MK_SUBJECT_NONE, "not a regular file or block device" },
	{ MK_ERR_FILE_EMPTY, MK_CLASS_INPUT, MK_SUBJECT_NONE, "file is empty" },
	{ MK_ERR_FILE_CAP, MK_CLASS_INPUT, MK_SUBJECT_NONE, "file larger than accepted" },
	{ MK_ERR_FILE_TOO_BIG, MK_CLASS_NOFIT, MK_SUBJECT_NONE, "file too large for this machine" },
	{ MK_ERR_NO_MEMORY, MK_CLASS_NOFIT, MK_SUBJECT_NONE, "not enough memory to decode" },
	{ MK_ERR_DECODE, MK_CLASS_INPUT, MK_SUBJECT_NONE, "corrupt compressed data" },
	/* A format this build cannot decode is input it cannot read
	 * (exit 1), as kexec(8) documents for a bzip2 kernel. */
	{ MK_ERR_NO_DECODER, MK_CLASS_INPUT, MK_SUBJECT_NONE, "compression format not supported by this build" },
	/* The running kernel: not m68k or no kexec is "not supported"
	 * (exit 5), a refusal exit 4; NOT_LOADED and RANDOM are exit 1. */
	{ MK_ERR_NOT_M68K, MK_CLASS_UNSUPPORTED, MK_SUBJECT_NONE, "this host is not m68k" },
	{ MK_ERR_NO_KEXEC, MK_CLASS_UNSUPPORTED, MK_SUBJECT_NONE, "the running kernel has no kexec" },
	{ MK_ERR_KEXEC_REFUSED, MK_CLASS_REFUSED, MK_SUBJECT_NONE, "the kernel refused" },
	{ MK_ERR_NOT_LOADED, MK_CLASS_INPUT, MK_SUBJECT_NONE, "no kernel is loaded" },
	{ MK_ERR_RANDOM, MK_CLASS_INPUT, MK_SUBJECT_NONE, "no random bytes for the RNG seed" },
};

#define NROWS	(sizeof(rows) / sizeof(rows[0]))

/* Every code of the list the enum is made from, with its name. */
#define LISTED(name, value, cls, subject, text)	{ name, #name },
static const struct {
	int code;
	const char *name;
} listed[] = {
	MK_ERRORS(LISTED)
};
#undef LISTED

#define NLISTED	(sizeof(listed) / sizeof(listed[0]))

static int row_of(int code)
{
	unsigned i;

	for (i = 0; i < NROWS; i++)
		if (rows[i].code == code)
			return (int)i;
	return -1;
}

int main(void)
{
	unsigned i, j;

	BEGIN("error/every-code-has-a-row");
	for (i = 0; i < NLISTED; i++)
		if (row_of(listed[i].code) < 0)
			h_fail(__FILE__, __LINE__, "%s (%d) has no row here: give it a class and a text",
			       listed[i].name, listed[i].code);
	CHECK_EQ(NLISTED, NROWS);
	END();

	BEGIN("error/every-row-is-a-code");
	for (i = 0; i < NROWS; i++) {
		for (j = 0; j < NLISTED && listed[j].code != rows[i].code; j++)
			;
		if (j == NLISTED)
			h_fail(__FILE__, __LINE__, "row %u: %d is not in MK_ERRORS", i, rows[i].code);
	}
	END();

	BEGIN("error/codes-distinct");
	for (i = 0; i < NLISTED; i++)
		for (j = 0; j < i; j++)
			if (listed[i].code == listed[j].code)
				h_fail(__FILE__, __LINE__, "%s and %s are both %d", listed[i].name,
				       listed[j].name, listed[i].code);
	END();

	for (i = 0; i < NLISTED; i++) {
		int k = row_of(listed[i].code);

		if (k < 0)
			continue;	/* failed above */
		BEGIN("error/class-and-text/%s", listed[i].name);
		CHECK_EQ(mk_error_class(listed[i].code), rows[k].cls);
		CHECK_EQ(mk_error_subject(listed[i].code), rows[k].subject);
		CHECK_STR(mk_strerror(listed[i].code), rows[k].text);
		if (listed[i].code != MK_OK)
			CHECK(listed[i].code < 0);
		END();
	}

	BEGIN("error/unknown-codes");
	{
		/* Positive numbers (an errno) are never codes. */
		static const int unknown[] = { 1, 2, 13, -8, -9, -23, -42, -51, -59, -69, -75,
					       -9999, 0x7fffffff };

		for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
			CHECK_EQ(mk_error_class(unknown[i]), MK_CLASS_UNKNOWN);
			CHECK_EQ(mk_error_subject(unknown[i]), MK_SUBJECT_NONE);
			CHECK_STR(mk_strerror(unknown[i]), "unknown error");
		}
	}
	END();

	/* The tools' exit status comes from the class alone (cli/print.c):
	 * the statuses kexec(8) and kdump-config(8) document. */
	BEGIN("error/exit-status-by-class");
	{
		static const struct {
			enum mk_error_class cls;
			int exit;
		} exits[] = {
			{ MK_CLASS_OK, MK_EXIT_OK },
			{ MK_CLASS_INPUT, MK_EXIT_INPUT },
			{ MK_CLASS_NOFIT, MK_EXIT_NOFIT },
			{ MK_CLASS_REFUSED, MK_EXIT_KERNEL },
			{ MK_CLASS_UNSUPPORTED, MK_EXIT_UNSUPPORTED },
			{ MK_CLASS_INTERNAL, MK_EXIT_INPUT },
			{ MK_CLASS_UNKNOWN, MK_EXIT_INPUT },
		};

		for (i = 0; i < NLISTED; i++) {
			for (j = 0; j < sizeof(exits) / sizeof(exits[0]); j++)
				if (exits[j].cls == mk_error_class(listed[i].code))
					break;
			if (j == sizeof(exits) / sizeof(exits[0]))
				h_fail(__FILE__, __LINE__, "%s: class %d has no exit status here",
				       listed[i].name, mk_error_class(listed[i].code));
			else
				CHECK_EQ(mk_exit_for(listed[i].code), exits[j].exit);
		}
		CHECK_EQ(mk_exit_for(MK_ERR_NOT_M68K), 5);
		CHECK_EQ(mk_exit_for(MK_ERR_KEXEC_REFUSED), 4);
		CHECK_EQ(mk_exit_for(MK_ERR_HALF_RAM), 3);
		CHECK_EQ(mk_exit_for(MK_ERR_ENTRY), 1);
		CHECK_EQ(mk_exit_for(42), 1);
	}
	END();
	return DONE();
}
