/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * m68kexec_printk.h - the kernel log from an m68k kernel dump.
 *
 * A dump is an ELF32 big-endian ET_CORE file for EM_68K, as /proc/vmcore
 * gives it in a capture kernel or as it was copied to a file: PT_NOTEs
 * (the CPUs' registers, the VMCOREINFO text) and one PT_LOAD per range of
 * the old kernel's RAM, p_paddr its physical address and p_offset where
 * its bytes are in the file.
 *
 * The log is the printk ring buffer of Linux 6.12
 * (kernel/printk/printk_ringbuffer.h), found through what VMCOREINFO
 * exports about it: SYMBOL(prb), the offsets and sizes of the structures
 * printk_ringbuffer, prb_desc_ring, prb_desc, prb_data_blk_lpos,
 * prb_data_ring and printk_info, and NUMBER(PAGE_OFFSET) with
 * NUMBER(PHYS_OFFSET): a kernel virtual address v in the linear map is at
 * physical v - PAGE_OFFSET + PHYS_OFFSET.
 *
 * Like the rest of the core, nothing here opens, prints or allocates:
 * the caller gives the whole dump as one buffer (a mapped file) and gets
 * records back through a callback.  Every read is checked against the
 * buffer; inconsistent data ends the walk with one line in struct mk_diag.
 */
#ifndef M68KEXEC_PRINTK_H
#define M68KEXEC_PRINTK_H

#include <stddef.h>
#include <stdint.h>

#include "m68kexec.h"

/* ------------------------------------------------------------------ */
/* The dump and its VMCOREINFO                                          */

/*
 * Find the VMCOREINFO note of a dump: checks the ELF header (ELF32,
 * big-endian, ET_CORE, EM_68K) and the program header table, then walks
 * every PT_NOTE.  On success *info points at the note's text inside buf
 * (*info_len bytes, not NUL-terminated).
 * Errors: MK_ERR_ELF_TRUNCATED, _MAGIC, _CLASS, _MACHINE, _PHDR (the
 * header, the table or a note outside the file), MK_ERR_CRASH_VALUE (no
 * VMCOREINFO note).
 */
int mk_vmcore_info(const uint8_t *buf, size_t len, const char **info,
		   size_t *info_len, struct mk_diag *d);

/*
 * The value of "KEY=VALUE" in VMCOREINFO text: key is the whole left side
 * ("SYMBOL(prb)", "OSRELEASE").  Returns 1 with *val and *val_len (the
 * rest of the line, inside info), 0 when the key is absent.
 */
int mk_vmcoreinfo_value(const char *info, size_t info_len, const char *key,
			const char **val, size_t *val_len);

/*
 * A number of VMCOREINFO, as the kernel writes it: SYMBOL() in hex
 * without a prefix, NUMBER() of this port in 0x hex, SIZE(), OFFSET(),
 * LENGTH() and other NUMBER()s in decimal; at most 32 bits, no sign.
 * Errors: MK_ERR_CRASH_VALUE, naming the key (absent, or not a number).
 */
int mk_vmcoreinfo_number(const char *info, size_t info_len, const char *key,
			 uint32_t *v, struct mk_diag *d);

/*
 * Where size bytes of the old kernel's physical memory at paddr are in
 * the dump: *off, a file offset, when one PT_LOAD holds all of them.
 * Returns 1 when found, 0 when no PT_LOAD holds the whole range, -1 when
 * one does but the file ends before it (a truncated copy).  The ELF
 * header must have passed mk_vmcore_info().
 */
int mk_vmcore_phys(const uint8_t *buf, size_t len, uint32_t paddr,
		   uint32_t size, size_t *off);

/* ------------------------------------------------------------------ */
/* The printk ring buffer                                               */

/* One record of the log, as the kernel stored it. */
struct mk_printk_record {
	uint64_t seq;		/* sequence number */
	uint64_t ts_nsec;	/* time since boot, in nanoseconds */
	uint32_t caller_id;	/* thread or CPU id (not printed) */
	uint16_t text_len;
	const uint8_t *text;	/* text_len bytes inside the dump buffer:
				 * no trailing newline, no NUL; lines of a
				 * multi-line record split by '\n' */
};

/* What a walk saw: every descriptor from the tail to the head. */
struct mk_printk_stats {
	uint64_t descs;		/* descriptors walked */
	uint64_t records;	/* finalized records given to the callback */
	uint64_t reused;	/* reused or free descriptors, left out */
	uint64_t unfinished;	/* reserved or committed, not finalized: left out */
	uint64_t lost;		/* finalized without text (data lost): left out */
	uint32_t count;		/* descriptors in the ring (2^count_bits) */
	uint32_t data_size;	/* bytes in the text data ring */
	uint32_t fail;		/* printk_ringbuffer.fail: records never stored */
};

/*
 * Called for each record, oldest first.  A non-zero return stops the walk
 * and mk_printk_walk() returns that value (d is left as it is).
 */
typedef int (*mk_printk_fn)(const struct mk_printk_record *r, void *arg);

/*
 * Walk the log of a dump (the whole file in buf[0..len)): find the
 * VMCOREINFO note, read the ring buffer's description from it, then every
 * descriptor from tail_id to head_id; each finalized record goes to fn
 * (may be NULL, to count).  Reused, free, reserved and committed-only
 * descriptors and records whose text was lost are left out and counted
 * in *st (may be NULL).
 * Errors: those of mk_vmcore_info(); MK_ERR_CRASH_VALUE for a missing or
 * bad VMCOREINFO entry, an address that is not in the dump, and
 * inconsistent ring data (a descriptor outside its ring, a text block
 * outside the data ring or shorter than its text, an lpos pair that does
 * not make a block, a block whose id is not its descriptor's);
 * MK_ERR_ELF_TRUNCATED when what is needed lies past the end of a
 * truncated copy.
 */
int mk_printk_walk(const uint8_t *buf, size_t len, mk_printk_fn fn, void *arg,
		   struct mk_printk_stats *st, struct mk_diag *d);

/*
 * A record as the kernel's own dmesg prints it (the syslog format of
 * record_print_text(), without the level and caller id): every line of
 * the record is "[%5lu.%06lu] " (seconds.microseconds of ts_nsec), the
 * line, then a newline.  Control bytes other than tab are written as
 * \xNN, so that a dump cannot drive a terminal; bytes from 0x80 up are
 * kept (UTF-8).  Writes at most n bytes, NUL included, to out (may be
 * NULL when n is 0) and returns the length of the whole text, as
 * snprintf() does.
 */
size_t mk_printk_format(const struct mk_printk_record *r, char *out, size_t n);

#endif /* M68KEXEC_PRINTK_H */
