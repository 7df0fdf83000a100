/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the core's files; not part of the public API. */
#ifndef MK_INTERNAL_H
#define MK_INTERNAL_H

#include "m68kexec.h"

#if defined(__GNUC__)
#define MK_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define MK_PRINTF(a, b)
#endif

/* Record err and a one-line message in d (may be NULL); returns err. */
int mk_fail(struct mk_diag *d, int err, const char *fmt, ...) MK_PRINTF(3, 4);
/* The ELF header of an m68k file of ELF type "type" (lib/elf.c). */
int mk_elf_check_header(const uint8_t *buf, size_t len, unsigned type, const char *what,
			const char *is, struct mk_diag *d);
/* The ELF header of a dump, its program header table's offset and count (lib/elf.c). */
int mk_elf_core_header(const uint8_t *buf, size_t len, uint32_t *phoff, unsigned *phnum,
		       struct mk_diag *d);

/* MK_ERR_MEM_WINDOW for what, naming the bounds given (mem_max 0: none). */
int mk_window_fail(struct mk_diag *d, const char *what, uint32_t mem_min, uint32_t mem_max);

/*
 * The digits in base 10 or 16 (no prefix, no sign) at p, up to end or
 * the first other character: their value in *v and how many there are;
 * 0 when there is none or the value is over 32 bits.  mk_parse_u32() and
 * the parsers of what the kernel reports are made of it.
 */
size_t mk_scan_digits(const char *p, const char *end, unsigned base, uint32_t *v);

/* Overflow-safe range test: is [off, off+size) inside [0, len)? */
static inline int mk_in_bounds(size_t off, size_t size, size_t len)
{
	return off <= len && size <= len - off;
}

#endif
