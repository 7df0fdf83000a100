// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bootinfo checker: every way a list can be wrong for the kernel that
 * reads it (arch/m68k/kernel/setup_mm.c, bootinfo_proc.c and the machines'
 * *_parse_bootinfo()), each reported as one line that names the record,
 * its offset and the limit.  mk_bi_parse() stops at the first broken
 * record; this keeps going so that a user sees every problem at once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

struct rec {
	uint16_t tag;
	uint16_t size;		/* data bytes */
	uint32_t off;		/* of the header */
};

struct checker {
	const uint8_t *buf;
	struct mk_bi_report *rep;
	uint32_t mach;
	int first;		/* code of the first problem */
	unsigned nrec;
	struct rec rec[MK_BI_MAX_RECORDS];
};

static void problem(struct checker *c, int code, int record, size_t off,
		    const char *fmt, ...) MK_PRINTF(5, 6);

static void problem(struct checker *c, int code, int record, size_t off,
		    const char *fmt, ...)
{
	struct mk_bi_report *rep = c->rep;
	va_list ap;

	if (!c->first)
		c->first = code;
	if (rep->nproblems++ >= MK_BI_MAX_PROBLEMS)
		return;
	rep->problem[rep->nproblems - 1].code = code;
	rep->problem[rep->nproblems - 1].record = record;
	rep->problem[rep->nproblems - 1].offset = (uint32_t)off;
	va_start(ap, fmt);
	vsnprintf(rep->problem[rep->nproblems - 1].msg,
		  sizeof(rep->problem[0].msg), fmt, ap);
	va_end(ap);
}

/* "record 3 at offset 0x1c (BI_MEMCHUNK)" */
static const char *where(const struct checker *c, unsigned i, char *buf, size_t n)
{
	const char *name = mk_bi_tag_name(c->mach, c->rec[i].tag);
	char tagbuf[16];

	if (!name) {
		snprintf(tagbuf, sizeof(tagbuf), "tag 0x%04x", c->rec[i].tag);
		name = tagbuf;
	}
	snprintf(buf, n, "record %u at offset 0x%x (%s)", i, c->rec[i].off, name);
	return buf;
}

#define REC_PROBLEM(c, code, i, fmt, ...) do { \
		char w_[80]; \
		problem((c), (code), (int)(i), (c)->rec[i].off, "%s: " fmt, \
			where((c), (i), w_, sizeof(w_)), __VA_ARGS__); \
	} while (0)

/*
 * Walk the records as mk_bi_parse() does.  Returns 1 when the list is
 * whole (BI_LAST found), 0 when a record ends the walk; that problem is
 * left in *walk_problem for the caller to report after the records.
 */
static int walk(struct checker *c, size_t len, struct mk_bi_problem *wp)
{
	const uint8_t *buf = c->buf;
	size_t off = 0, i;

	wp->code = 0;
	for (;;) {
		uint16_t tag, size;

		if (!mk_in_bounds(off, 2, len)) {
			wp->code = MK_ERR_BI_UNTERMINATED;
			snprintf(wp->msg, sizeof(wp->msg),
				 "no BI_LAST: the list ends at offset 0x%zx after %u records",
				 off, c->nrec);
			break;
		}
		tag = mk_be16(buf + off);
		if (tag == BI_LAST) {
			if (mk_in_bounds(off, 4, len) && mk_be16(buf + off + 2) == 4)
				c->rep->length = off + 4;
			else
				c->rep->length = off + 2;
			break;
		}
		if (!mk_in_bounds(off, 4, len)) {
			wp->code = MK_ERR_BI_RECORD;
			snprintf(wp->msg, sizeof(wp->msg),
				 "record %u at offset 0x%zx (tag 0x%04x): header cut off at the end of the list (%zu bytes)",
				 c->nrec, off, tag, len);
			break;
		}
		size = mk_be16(buf + off + 2);
		if (size < 4 || size % 4 != 0) {
			wp->code = MK_ERR_BI_RECORD;
			snprintf(wp->msg, sizeof(wp->msg),
				 "record %u at offset 0x%zx (tag 0x%04x): size %u is not a multiple of 4 of at least 4",
				 c->nrec, off, tag, size);
			break;
		}
		if (!mk_in_bounds(off, size, len)) {
			wp->code = MK_ERR_BI_RECORD;
			snprintf(wp->msg, sizeof(wp->msg),
				 "record %u at offset 0x%zx (tag 0x%04x): size %u runs past the end of the list (%zu bytes)",
				 c->nrec, off, tag, size, len);
			break;
		}
		if (c->nrec == MK_BI_MAX_RECORDS) {
			wp->code = MK_ERR_BI_TOO_MANY;
			snprintf(wp->msg, sizeof(wp->msg),
				 "record %u at offset 0x%zx: more than %u records",
				 c->nrec, off, MK_BI_MAX_RECORDS);
			break;
		}
		c->rec[c->nrec].tag = tag;
		c->rec[c->nrec].size = (uint16_t)(size - 4);
		c->rec[c->nrec].off = (uint32_t)off;
		c->nrec++;
		off += size;
	}
	wp->record = (int)c->nrec;
	wp->offset = (uint32_t)off;
	c->rep->nrec = c->nrec;
	if (wp->code)
		return 0;
	for (i = c->rep->length; i < len; i++)
		if (buf[i] != 0) {
			wp->code = MK_ERR_BI_TRAILING;
			wp->record = -1;
			wp->offset = (uint32_t)c->rep->length;
			snprintf(wp->msg, sizeof(wp->msg),
				 "%zu bytes after BI_LAST at offset 0x%zx are not all zero (first non-zero at 0x%zx)",
				 len - c->rep->length, off, i);
			break;
		}
	return 1;
}

static const uint8_t *data(const struct checker *c, unsigned i)
{
	return c->buf + c->rec[i].off + 4;
}

static void check_mask(struct checker *c, unsigned i, uint32_t v)
{
	uint16_t tag = c->rec[i].tag;
	uint32_t known = mk_bi_mask_known(tag);
	char names[80];

	if (v & ~known) {
		REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "unknown bits 0x%x (known: 0x%x)", v & ~known, known);
		return;
	}
	if (tag == BI_CPUTYPE && v == 0)
		REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "%s", "names no CPU");
	if (tag == BI_CPUTYPE && (v & (v - 1))) {
		mk_bi_describe_mask(tag, v, names, sizeof(names));
		REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "names more than one CPU (%s)", names);
	}
	if (tag == BI_MMUTYPE && v == 0)
		REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "%s", "names no MMU (Linux/m68k with kexec needs one)");
}

/* Is [addr, addr+size) non-empty and below 4 GiB? */
static int range_ok(uint32_t addr, uint32_t size)
{
	return size != 0 && addr + size - 1 >= addr;
}

static void check_memchunk(struct checker *c, unsigned i, unsigned nth)
{
	uint32_t addr = mk_be32(data(c, i)), size = mk_be32(data(c, i) + 4);
	unsigned j;

	if (size == 0) {
		REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "0x%08x + 0x%08x is empty", addr, size);
		return;
	}
	if (!range_ok(addr, size)) {
		REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "0x%08x + 0x%08x runs past 4 GiB", addr, size);
		return;
	}
	if ((addr | size) & (MK_PAGE_SIZE - 1))
		REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "0x%08x + 0x%08x is not page aligned (%u bytes)",
			    addr, size, MK_PAGE_SIZE);
	if (nth >= MK_NUM_MEMINFO)
		REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "memory chunk %u: the kernel uses only the first %u",
			    nth, MK_NUM_MEMINFO);
	for (j = 0; j < i; j++) {
		uint32_t a, s;

		if (c->rec[j].tag != BI_MEMCHUNK || c->rec[j].size < 8)
			continue;
		a = mk_be32(data(c, j));
		s = mk_be32(data(c, j) + 4);
		if (!range_ok(a, s))
			continue;
		if (addr <= a + s - 1 && a <= addr + size - 1) {
			REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "0x%08x-0x%08x overlaps record %u (0x%08x-0x%08x)",
				    addr, addr + size - 1, j, a, a + s - 1);
			break;
		}
	}
}

static void check_ramdisk(struct checker *c, unsigned i)
{
	uint32_t addr = mk_be32(data(c, i)), size = mk_be32(data(c, i) + 4);
	unsigned j;

	if (size == 0)		/* the kernel ignores an empty ramdisk */
		return;
	if (!range_ok(addr, size)) {
		REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "0x%08x + 0x%08x runs past 4 GiB", addr, size);
		return;
	}
	/* No alignment rule: ARAnyM passes an unaligned ramdisk and Linux
	 * boots from it (kexec itself always places it on a page). */
	for (j = 0; j < c->nrec; j++) {
		uint32_t a, s;

		if (c->rec[j].tag != BI_MEMCHUNK || c->rec[j].size < 8)
			continue;
		a = mk_be32(data(c, j));
		s = mk_be32(data(c, j) + 4);
		if (range_ok(a, s) && addr >= a && addr + size - 1 <= a + s - 1)
			return;
	}
	REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "0x%08x + 0x%08x is not inside a memory chunk", addr, size);
}

/* The lowest and highest machine id of the table. */
static void machine_ids(uint32_t *lo, uint32_t *hi)
{
	const struct mk_machine *m;
	unsigned k;

	*lo = 0xffffffffu;
	*hi = 0;
	for (k = 0; (m = mk_machine_at(k)) != NULL; k++) {
		*lo = m->id < *lo ? m->id : *lo;
		*hi = m->id > *hi ? m->id : *hi;
	}
}

static void check_record(struct checker *c, unsigned i, unsigned nth_chunk)
{
	const struct rec *r = &c->rec[i];
	const struct mk_bi_row *row = mk_bi_row(c->mach, r->tag);
	unsigned min = mk_bi_type_min(row ? row->type : MK_BI_BYTES);
	const uint8_t *p = data(c, i);
	const uint8_t *nul;
	uint32_t lo, hi;
	unsigned j;

	if (r->size < min) {
		REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "%u data bytes, needs at least %u", r->size, min);
		return;
	}
	if (row && (row->flags & MK_BI_SINGLE))
		for (j = 0; j < i; j++)
			if (c->rec[j].tag == r->tag) {
				REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "duplicate of record %u (the kernel reads only one)", j);
				break;
			}
	switch (r->tag) {
	case BI_MACHTYPE:
		machine_ids(&lo, &hi);
		if (!mk_machine_name(mk_be32(p)))
			REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "machine %u is not one the kernel knows (%u to %u)",
				    mk_be32(p), lo, hi);
		break;
	case BI_CPUTYPE:
	case BI_FPUTYPE:
	case BI_MMUTYPE:
		check_mask(c, i, mk_be32(p));
		break;
	case BI_MEMCHUNK:
		check_memchunk(c, i, nth_chunk);
		break;
	case BI_RAMDISK:
		check_ramdisk(c, i);
		break;
	case BI_COMMAND_LINE:
		nul = memchr(p, 0, r->size);
		if (!nul)
			REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "no NUL within its %u data bytes", r->size);
		else if ((size_t)(nul - p) > MK_CMDLINE_MAX)
			REC_PROBLEM(c, MK_ERR_CMDLINE_TOO_LONG, i, "%zu characters, the kernel keeps at most %u",
				    (size_t)(nul - p), MK_CMDLINE_MAX);
		break;
	case BI_RNG_SEED:
		if (2u + mk_be16(p) > r->size)
			REC_PROBLEM(c, MK_ERR_BI_VALUE, i, "seed length %u needs %u data bytes, the record has %u",
				    mk_be16(p), 2u + mk_be16(p), r->size);
		break;
	default:
		break;
	}
}

int mk_bi_check(const uint8_t *buf, size_t len, struct mk_bi_report *rep)
{
	struct checker c;
	struct mk_bi_problem wp;
	const struct mk_bi_row *row;
	unsigned i, k, nth_chunk = 0;
	int whole;
	size_t bytes = 4;

	memset(rep, 0, sizeof(*rep));
	memset(&c, 0, sizeof(c));
	c.buf = buf;
	c.rep = rep;
	whole = walk(&c, len, &wp);
	for (i = 0; i < c.nrec; i++)
		if (c.rec[i].tag == BI_MACHTYPE && c.rec[i].size >= 4) {
			c.mach = mk_be32(data(&c, i));
			break;
		}
	for (i = 0; i < c.nrec; i++) {
		check_record(&c, i, nth_chunk);
		if (c.rec[i].tag == BI_MEMCHUNK)
			nth_chunk++;
		bytes += 4u + c.rec[i].size;
	}
	if (wp.code)
		problem(&c, wp.code, wp.record, wp.offset, "%s", wp.msg);
	if (!whole)
		return c.first;
	if (bytes > MK_BI_MAX_SIZE)
		problem(&c, MK_ERR_BI_TOO_LARGE, -1, 0,
			"the list is %zu bytes with a 4-byte BI_LAST, over the %u bytes the kernel keeps for /proc/bootinfo",
			bytes, MK_BI_MAX_SIZE);
	for (k = 0; (row = mk_bi_row_at(k)) != NULL; k++) {
		if (!(row->flags & MK_BI_MANDATORY) || !mk_bi_row_has(row, c.mach))
			continue;
		for (i = 0; i < c.nrec; i++)
			if (c.rec[i].tag == row->tag)
				break;
		if (i == c.nrec)
			problem(&c, MK_ERR_BI_MISSING, -1, 0, "no %s record (mandatory)", row->name);
	}
	return c.first;
}
