// SPDX-License-Identifier: GPL-2.0-or-later
/* Error codes: one table, one strerror, one way to report details. */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

static const struct {
	int code;
	const char *text;
} mk_errors[] = {
	{ MK_OK, "success" },
	{ MK_ERR_ELF_TRUNCATED, "ELF image truncated" },
	{ MK_ERR_ELF_MAGIC, "not an ELF image" },
	{ MK_ERR_ELF_CLASS, "not a 32-bit big-endian ELF image" },
	{ MK_ERR_ELF_MACHINE, "not an m68k executable" },
	{ MK_ERR_ELF_PHDR, "bad ELF program header table" },
	{ MK_ERR_ELF_SEGMENT, "bad ELF loadable segment" },
	{ MK_ERR_ELF_NOLOAD, "ELF image has nothing to load" },
	{ MK_ERR_BI_RECORD, "bad bootinfo record" },
	{ MK_ERR_BI_UNTERMINATED, "bootinfo list has no BI_LAST" },
	{ MK_ERR_BI_TRAILING, "bytes after the bootinfo's BI_LAST" },
	{ MK_ERR_BI_MISSING, "mandatory bootinfo record missing" },
	{ MK_ERR_BI_VALUE, "bad bootinfo value" },
	{ MK_ERR_BI_TOO_MANY, "too many bootinfo records" },
	{ MK_ERR_CMDLINE_TOO_LONG, "command line too long" },
	{ MK_ERR_BI_TOO_LARGE, "bootinfo too large" },
	{ MK_ERR_PARAM, "invalid argument" },
	{ MK_ERR_NO_SPACE, "no room in memory" },
	{ MK_ERR_OUTSIDE_RAM, "segment outside RAM" },
	{ MK_ERR_OVERLAP, "segments overlap" },
	{ MK_ERR_TOO_MANY_SEGMENTS, "too many segments" },
	{ MK_ERR_HALF_RAM, "more than half of RAM" },
	{ MK_ERR_INITIAL_MAP, "outside the kernel's initial mapping" },
	{ MK_ERR_ALIGN, "segment not page aligned" },
	{ MK_ERR_KERNEL_CHUNK, "kernel not inside the first memory chunk" },
	{ MK_ERR_MEM_WINDOW, "outside --mem-min/--mem-max" },
	{ MK_ERR_ENTRY, "entry point outside the kernel" },
	{ MK_ERR_CRASH_REGION, "no usable crash kernel region" },
	{ MK_ERR_CRASH_VALUE, "bad crash note or vmcoreinfo value" },
	{ MK_ERR_INTERNAL, "internal error" },
};

const char *mk_strerror(int err)
{
	size_t i;

	for (i = 0; i < sizeof(mk_errors) / sizeof(mk_errors[0]); i++)
		if (mk_errors[i].code == err)
			return mk_errors[i].text;
	return "unknown error";
}

int mk_fail(struct mk_diag *d, int err, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return err;
	d->code = err;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return err;
}
