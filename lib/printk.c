// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel log from an m68k kernel dump: the VMCOREINFO note, the old
 * kernel's memory through the dump's PT_LOADs, and the printk ring buffer
 * of Linux 6.12 walked from its tail to its head.
 *
 * Facts honoured (Linux 6.12, kernel/printk/printk_ringbuffer.h and .c,
 * printk.c): VMCOREINFO is a note named "VMCOREINFO" holding "KEY=VALUE"
 * lines; SYMBOL() values are hex without a prefix, SIZE() and OFFSET()
 * decimal, and this port's NUMBER(PAGE_OFFSET) and NUMBER(PHYS_OFFSET)
 * 0x hex.  SYMBOL(prb) is the address of a pointer to the ring buffer in
 * use.  On m68k a long is 32 bits, so a descriptor's state_var holds the
 * state in its top 2 bits and the id in the 30 below; an id's slot is
 * id mod 2^count_bits.  Only a descriptor whose id is the one expected
 * and whose state is finalized (2) describes a record to read; reserved
 * (0) and committed (1) ones are still being written, reusable (3) ones
 * are free.  A text block is given by the logical positions begin and
 * next: odd values mean no block (3 and 3: an empty line; anything else:
 * the text was lost); when both lie in the same wrap of the data ring
 * (lpos >> size_bits) and begin < next the block is at begin mod the ring
 * size, when next is one wrap ahead the block was put at the ring's start
 * and ends at next mod the ring size; both are 4-byte aligned; a block
 * starts with its descriptor's id (a long) and its text follows.  The
 * kernel keeps at most 2^31 bytes of log (LOG_BUF_LEN_MAX) and a
 * descriptor per 32 bytes (PRB_AVGBITS 5), so count_bits is at most 26.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "m68kexec_printk.h"

#define NOTE_NAME		"VMCOREINFO"
#define NOTE_NAME_LEN		10u
#define SV_STATE_SHIFT		30u		/* BITS_PER_LONG - 2 */
#define SV_ID_MASK		0x3fffffffu
#define STATE_FINALIZED		2u
#define STATE_REUSABLE		3u
#define LPOS_EMPTY_LINE		3u
#define LONG_SIZE		4u
#define MAX_COUNT_BITS		26u
#define MIN_SIZE_BITS		3u
#define MAX_SIZE_BITS		31u

/* ------------------------------------------------------------------ */
/* The dump and its VMCOREINFO                                          */

static int check_core(const uint8_t *buf, size_t len, struct mk_diag *d)
{
	uint32_t phoff;
	unsigned phnum;
	int err = mk_elf_core_header(buf, len, &phoff, &phnum, d);

	if (err)
		return err;
	if (!mk_in_bounds(phoff, (size_t)phnum * MK_ELF32_PHDR_SIZE, len))
		return mk_fail(d, MK_ERR_ELF_TRUNCATED,
			       "truncated: program headers at offset 0x%x..0x%zx, the file has %zu bytes",
			       phoff, (size_t)phoff + (size_t)phnum * MK_ELF32_PHDR_SIZE, len);
	return MK_OK;
}

static const uint8_t *phdr(const uint8_t *buf, unsigned i)
{
	return buf + mk_be32(buf + MK_ELF_E_PHOFF) + (size_t)i * MK_ELF32_PHDR_SIZE;
}

static unsigned phnum(const uint8_t *buf)
{
	return mk_be16(buf + MK_ELF_E_PHNUM);
}

/* The VMCOREINFO note in the notes of one PT_NOTE: 1 found, 0 not. */
static int find_note(const uint8_t *buf, size_t len, unsigned i, const char **info,
		     size_t *info_len, struct mk_diag *d)
{
	const uint8_t *ph = phdr(buf, i);
	uint32_t off = mk_be32(ph + MK_ELF_P_OFFSET), size = mk_be32(ph + MK_ELF_P_FILESZ);
	size_t pos = off, end;

	if (!mk_in_bounds(off, size, len))
		return mk_fail(d, MK_ERR_ELF_TRUNCATED,
			       "truncated: PT_NOTE %u at 0x%x..0x%llx, the file has %zu bytes",
			       i, off, (unsigned long long)off + size, len);
	end = (size_t)off + size;
	while (end - pos >= 12) {
		uint32_t namesz = mk_be32(buf + pos), descsz = mk_be32(buf + pos + 4);
		uint64_t name_pad = ((uint64_t)namesz + 3) & ~3ull;
		uint64_t desc_pad = ((uint64_t)descsz + 3) & ~3ull;
		const uint8_t *name = buf + pos + 12;

		/* The last note's padding may be left out. */
		if (name_pad > end - pos - 12 || descsz > end - pos - 12 - name_pad)
			return mk_fail(d, MK_ERR_ELF_PHDR,
				       "PT_NOTE %u: the note at offset 0x%zx (name %u bytes, data %u) overruns its segment",
				       i, pos, namesz, descsz);
		if ((namesz == NOTE_NAME_LEN || (namesz == NOTE_NAME_LEN + 1 && name[NOTE_NAME_LEN] == 0)) &&
		    memcmp(name, NOTE_NAME, NOTE_NAME_LEN) == 0) {
			const char *text = (const char *)(name + name_pad);

			*info = text;
			*info_len = strnlen(text, descsz);
			return 1;
		}
		if (desc_pad > end - pos - 12 - name_pad)
			break;
		pos += 12 + (size_t)name_pad + (size_t)desc_pad;
	}
	return 0;
}

int mk_vmcore_info(const uint8_t *buf, size_t len, const char **info,
		   size_t *info_len, struct mk_diag *d)
{
	unsigned i, notes = 0;
	int err;

	err = check_core(buf, len, d);
	if (err)
		return err;
	for (i = 0; i < phnum(buf); i++) {
		if (mk_be32(phdr(buf, i) + MK_ELF_P_TYPE) != MK_ELF_PT_NOTE)
			continue;
		notes++;
		err = find_note(buf, len, i, info, info_len, d);
		if (err < 0)
			return err;
		if (err > 0)
			return MK_OK;
	}
	return mk_fail(d, MK_ERR_CRASH_VALUE,
		       "no VMCOREINFO note in the dump's %u PT_NOTE segment%s: the old kernel lacks CONFIG_VMCORE_INFO",
		       notes, notes == 1 ? "" : "s");
}

int mk_vmcoreinfo_value(const char *info, size_t info_len, const char *key,
			const char **val, size_t *val_len)
{
	const char *p = info, *end = info + info_len;
	size_t klen = strlen(key);

	if (!info)
		return 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > klen && memcmp(p, key, klen) == 0 && p[klen] == '=') {
			*val = p + klen + 1;
			*val_len = (size_t)(eol - p) - klen - 1;
			return 1;
		}
		p = eol + 1;
	}
	return 0;
}

int mk_vmcoreinfo_number(const char *info, size_t info_len, const char *key,
			 uint32_t *v, struct mk_diag *d)
{
	const char *val, *p;
	size_t n;
	unsigned base = strncmp(key, "SYMBOL(", 7) == 0 ? 16 : 10;

	if (!mk_vmcoreinfo_value(info, info_len, key, &val, &n))
		return mk_fail(d, MK_ERR_CRASH_VALUE, "VMCOREINFO has no %.60s", key);
	p = val;
	if (n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		base = 16;
	}
	if (p == val + n || mk_scan_digits(p, val + n, base, v) != (size_t)(val + n - p))
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "VMCOREINFO %.60s=%.*s is not a 32-bit %s number",
			       key, (int)(n > 40 ? 40 : n), val, base == 16 ? "hex" : "decimal");
	return MK_OK;
}

/*
 * mk_vmcore_phys() starting at PT_LOAD *hint (the one that held the last
 * range asked for: a walk reads neighbouring addresses), which it updates.
 */
static int phys_at(const uint8_t *buf, size_t len, uint32_t paddr, uint32_t size,
		   size_t *off, unsigned *hint)
{
	unsigned i, k, n = phnum(buf);
	int short_file = 0;

	for (k = 0; k < n; k++) {
		const uint8_t *ph;
		uint32_t start;
		uint64_t o;

		i = (*hint + k) % n;
		ph = phdr(buf, i);
		start = mk_be32(ph + MK_ELF_P_PADDR);
		if (mk_be32(ph + MK_ELF_P_TYPE) != MK_ELF_PT_LOAD || paddr < start ||
		    (uint64_t)paddr + size > (uint64_t)start + mk_be32(ph + MK_ELF_P_FILESZ))
			continue;
		o = (uint64_t)mk_be32(ph + MK_ELF_P_OFFSET) + (paddr - start);
		if (o > len || size > len - o) {
			short_file = 1;
			continue;
		}
		*off = (size_t)o;
		*hint = i;
		return 1;
	}
	return short_file ? -1 : 0;
}

int mk_vmcore_phys(const uint8_t *buf, size_t len, uint32_t paddr,
		   uint32_t size, size_t *off)
{
	unsigned hint = 0;

	return phys_at(buf, len, paddr, size, off, &hint);
}

/* ------------------------------------------------------------------ */
/* The ring buffer's description                                        */

struct layout {
	uint32_t page_offset, phys_offset, prb;
	uint32_t rb_size, rb_desc_ring, rb_text_ring, rb_fail;
	uint32_t dr_size, dr_count_bits, dr_descs, dr_infos, dr_head_id, dr_tail_id;
	uint32_t desc_size, desc_state_var, desc_lpos;
	uint32_t lpos_size, lpos_begin, lpos_next;
	uint32_t info_size, info_seq, info_ts_nsec, info_text_len, info_caller_id;
	uint32_t tr_size, tr_size_bits, tr_data, tr_head_lpos, tr_tail_lpos;
};

#define L(f)	offsetof(struct layout, f)

static const struct {
	const char *key;
	size_t field;
} keys[] = {
	{ "SYMBOL(prb)", L(prb) },
	{ "NUMBER(PAGE_OFFSET)", L(page_offset) },
	{ "NUMBER(PHYS_OFFSET)", L(phys_offset) },
	{ "SIZE(printk_ringbuffer)", L(rb_size) },
	{ "OFFSET(printk_ringbuffer.desc_ring)", L(rb_desc_ring) },
	{ "OFFSET(printk_ringbuffer.text_data_ring)", L(rb_text_ring) },
	{ "OFFSET(printk_ringbuffer.fail)", L(rb_fail) },
	{ "SIZE(prb_desc_ring)", L(dr_size) },
	{ "OFFSET(prb_desc_ring.count_bits)", L(dr_count_bits) },
	{ "OFFSET(prb_desc_ring.descs)", L(dr_descs) },
	{ "OFFSET(prb_desc_ring.infos)", L(dr_infos) },
	{ "OFFSET(prb_desc_ring.head_id)", L(dr_head_id) },
	{ "OFFSET(prb_desc_ring.tail_id)", L(dr_tail_id) },
	{ "SIZE(prb_desc)", L(desc_size) },
	{ "OFFSET(prb_desc.state_var)", L(desc_state_var) },
	{ "OFFSET(prb_desc.text_blk_lpos)", L(desc_lpos) },
	{ "SIZE(prb_data_blk_lpos)", L(lpos_size) },
	{ "OFFSET(prb_data_blk_lpos.begin)", L(lpos_begin) },
	{ "OFFSET(prb_data_blk_lpos.next)", L(lpos_next) },
	{ "SIZE(printk_info)", L(info_size) },
	{ "OFFSET(printk_info.seq)", L(info_seq) },
	{ "OFFSET(printk_info.ts_nsec)", L(info_ts_nsec) },
	{ "OFFSET(printk_info.text_len)", L(info_text_len) },
	{ "OFFSET(printk_info.caller_id)", L(info_caller_id) },
	{ "SIZE(prb_data_ring)", L(tr_size) },
	{ "OFFSET(prb_data_ring.size_bits)", L(tr_size_bits) },
	{ "OFFSET(prb_data_ring.data)", L(tr_data) },
	{ "OFFSET(prb_data_ring.head_lpos)", L(tr_head_lpos) },
	{ "OFFSET(prb_data_ring.tail_lpos)", L(tr_tail_lpos) },
};

/* Every field read lies inside its structure, as VMCOREINFO sizes it. */
static const struct {
	size_t off, size;	/* fields of struct layout */
	uint32_t width;		/* bytes read at off; 0: the size of width_of */
	size_t width_of;
	const char *off_key, *size_key;
} fields[] = {
	{ L(rb_desc_ring), L(rb_size), 0, L(dr_size),
	  "OFFSET(printk_ringbuffer.desc_ring)", "SIZE(printk_ringbuffer)" },
	{ L(rb_text_ring), L(rb_size), 0, L(tr_size),
	  "OFFSET(printk_ringbuffer.text_data_ring)", "SIZE(printk_ringbuffer)" },
	{ L(rb_fail), L(rb_size), LONG_SIZE, 0,
	  "OFFSET(printk_ringbuffer.fail)", "SIZE(printk_ringbuffer)" },
	{ L(dr_count_bits), L(dr_size), 4, 0,
	  "OFFSET(prb_desc_ring.count_bits)", "SIZE(prb_desc_ring)" },
	{ L(dr_descs), L(dr_size), LONG_SIZE, 0, "OFFSET(prb_desc_ring.descs)", "SIZE(prb_desc_ring)" },
	{ L(dr_infos), L(dr_size), LONG_SIZE, 0, "OFFSET(prb_desc_ring.infos)", "SIZE(prb_desc_ring)" },
	{ L(dr_head_id), L(dr_size), LONG_SIZE, 0, "OFFSET(prb_desc_ring.head_id)", "SIZE(prb_desc_ring)" },
	{ L(dr_tail_id), L(dr_size), LONG_SIZE, 0, "OFFSET(prb_desc_ring.tail_id)", "SIZE(prb_desc_ring)" },
	{ L(desc_state_var), L(desc_size), LONG_SIZE, 0, "OFFSET(prb_desc.state_var)", "SIZE(prb_desc)" },
	{ L(desc_lpos), L(desc_size), 0, L(lpos_size), "OFFSET(prb_desc.text_blk_lpos)", "SIZE(prb_desc)" },
	{ L(lpos_begin), L(lpos_size), LONG_SIZE, 0,
	  "OFFSET(prb_data_blk_lpos.begin)", "SIZE(prb_data_blk_lpos)" },
	{ L(lpos_next), L(lpos_size), LONG_SIZE, 0,
	  "OFFSET(prb_data_blk_lpos.next)", "SIZE(prb_data_blk_lpos)" },
	{ L(info_seq), L(info_size), 8, 0, "OFFSET(printk_info.seq)", "SIZE(printk_info)" },
	{ L(info_ts_nsec), L(info_size), 8, 0, "OFFSET(printk_info.ts_nsec)", "SIZE(printk_info)" },
	{ L(info_text_len), L(info_size), 2, 0, "OFFSET(printk_info.text_len)", "SIZE(printk_info)" },
	{ L(info_caller_id), L(info_size), 4, 0, "OFFSET(printk_info.caller_id)", "SIZE(printk_info)" },
	{ L(tr_size_bits), L(tr_size), 4, 0, "OFFSET(prb_data_ring.size_bits)", "SIZE(prb_data_ring)" },
	{ L(tr_data), L(tr_size), LONG_SIZE, 0, "OFFSET(prb_data_ring.data)", "SIZE(prb_data_ring)" },
	{ L(tr_head_lpos), L(tr_size), LONG_SIZE, 0,
	  "OFFSET(prb_data_ring.head_lpos)", "SIZE(prb_data_ring)" },
	{ L(tr_tail_lpos), L(tr_size), LONG_SIZE, 0,
	  "OFFSET(prb_data_ring.tail_lpos)", "SIZE(prb_data_ring)" },
};

#undef L

static uint32_t lget(const struct layout *l, size_t field)
{
	uint32_t v;

	memcpy(&v, (const char *)l + field, sizeof(v));
	return v;
}

static int read_layout(const char *info, size_t info_len, struct layout *l,
		       struct mk_diag *d)
{
	const char *val;
	size_t i, n;
	uint32_t v;
	int err;

	if (!mk_vmcoreinfo_value(info, info_len, "SYMBOL(prb)", &val, &n))
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "VMCOREINFO has no SYMBOL(prb): the old kernel has no printk ring buffer to read (CONFIG_PRINTK off, or older than 5.10)");
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		err = mk_vmcoreinfo_number(info, info_len, keys[i].key, &v, d);
		if (err)
			return err;
		memcpy((char *)l + keys[i].field, &v, sizeof(v));
	}
	/* A long is 4 bytes on m68k: the ids, lpos and pointers read so. */
	if (mk_vmcoreinfo_value(info, info_len, "SIZE(atomic_long_t)", &val, &n) &&
	    (n != 1 || val[0] != '0' + LONG_SIZE))
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "VMCOREINFO SIZE(atomic_long_t)=%.*s: an m68k kernel's long has %u bytes",
			       (int)(n > 20 ? 20 : n), val, LONG_SIZE);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		uint64_t off = lget(l, fields[i].off);
		uint64_t w = fields[i].width ? fields[i].width : lget(l, fields[i].width_of);

		if (off + w > lget(l, fields[i].size))
			return mk_fail(d, MK_ERR_CRASH_VALUE,
				       "VMCOREINFO %s=%" PRIu64 ": a %" PRIu64 "-byte field there ends past %s=%u",
				       fields[i].off_key, off, w, fields[i].size_key,
				       lget(l, fields[i].size));
	}
	return MK_OK;
}

/* ------------------------------------------------------------------ */
/* The old kernel's memory                                              */

struct dump {
	const uint8_t *buf;
	size_t len;
	struct layout l;
	unsigned hint;		/* the PT_LOAD of the last read */
};

/* Is [va, va + size) in the linear map, below 4 GiB physical? */
static int in_map(const struct dump *du, uint32_t va, uint64_t size)
{
	return va >= du->l.page_offset && (uint64_t)va + size <= 0x100000000ull &&
	       (uint64_t)va - du->l.page_offset + du->l.phys_offset + size <= 0x100000000ull;
}

static int not_mapped(const struct dump *du, uint32_t va, uint64_t size, const char *what,
		      struct mk_diag *d)
{
	return mk_fail(d, MK_ERR_CRASH_VALUE,
		       "%s at 0x%08x, %" PRIu64 " bytes, is not in the linear map (PAGE_OFFSET 0x%08x, PHYS_OFFSET 0x%08x)",
		       what, va, size, du->l.page_offset, du->l.phys_offset);
}

/*
 * size bytes at kernel virtual address va, in the linear map.  What is
 * read is named in messages as what, followed by n unless n is NO_N.
 */
#define NO_N	UINT64_MAX

static int vread(struct dump *du, uint32_t va, uint32_t size, const char *what, uint64_t n,
		 const uint8_t **p, struct mk_diag *d)
{
	uint32_t pa = va - du->l.page_offset + du->l.phys_offset;
	size_t off = 0;
	char name[64];
	int r = 0;

	if (in_map(du, va, size)) {
		r = phys_at(du->buf, du->len, pa, size, &off, &du->hint);
		if (r > 0) {
			*p = du->buf + off;
			return MK_OK;
		}
	}
	if (n == NO_N)
		snprintf(name, sizeof(name), "%s", what);
	else
		snprintf(name, sizeof(name), "%s %" PRIu64, what, n);
	if (!in_map(du, va, size))
		return not_mapped(du, va, size, name, d);
	if (r == 0)
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "%s at 0x%08x (physical 0x%08x, %u bytes) is not in the dump's memory",
			       name, va, pa, size);
	return mk_fail(d, MK_ERR_ELF_TRUNCATED,
		       "truncated: %s at 0x%08x (physical 0x%08x) lies past the end of the file (%zu bytes)",
		       name, va, pa, du->len);
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)mk_be32(p) << 32 | mk_be32(p + 4);
}

/* The ring's description: its arrays are read an element at a time, so
 * that a dump without the pages no record uses still reads. */
struct ring {
	uint32_t addr, descs, infos, data;
	uint32_t count_bits, size_bits, head_id, tail_id, fail;
	uint32_t count, data_size;
};

static int read_ring(struct dump *du, struct ring *r, struct mk_diag *d)
{
	const struct layout *l = &du->l;
	const uint8_t *p = NULL, *rb = NULL, *dr, *tr;
	int err;

	err = vread(du, l->prb, LONG_SIZE, "SYMBOL(prb)", NO_N, &p, d);
	if (err)
		return err;
	r->addr = mk_be32(p);
	err = vread(du, r->addr, l->rb_size, "the printk_ringbuffer", NO_N, &rb, d);
	if (err)
		return err;
	dr = rb + l->rb_desc_ring;
	tr = rb + l->rb_text_ring;
	r->count_bits = mk_be32(dr + l->dr_count_bits);
	r->descs = mk_be32(dr + l->dr_descs);
	r->infos = mk_be32(dr + l->dr_infos);
	r->head_id = mk_be32(dr + l->dr_head_id);
	r->tail_id = mk_be32(dr + l->dr_tail_id);
	r->size_bits = mk_be32(tr + l->tr_size_bits);
	r->data = mk_be32(tr + l->tr_data);
	r->fail = mk_be32(rb + l->rb_fail);

	if (r->count_bits > MAX_COUNT_BITS)
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "printk_ringbuffer at 0x%08x: count_bits %u, the kernel makes at most %u",
			       r->addr, r->count_bits, MAX_COUNT_BITS);
	if (r->size_bits < MIN_SIZE_BITS || r->size_bits > MAX_SIZE_BITS)
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "printk_ringbuffer at 0x%08x: text data ring size_bits %u, not %u..%u",
			       r->addr, r->size_bits, MIN_SIZE_BITS, MAX_SIZE_BITS);
	if ((r->head_id | r->tail_id) & ~SV_ID_MASK)
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "printk_ringbuffer at 0x%08x: head_id 0x%08x or tail_id 0x%08x has more than %u bits",
			       r->addr, r->head_id, r->tail_id, SV_STATE_SHIFT);
	r->count = 1u << r->count_bits;
	r->data_size = 1u << r->size_bits;
	if (((r->head_id - r->tail_id) & SV_ID_MASK) >= r->count)
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "printk_ringbuffer at 0x%08x: tail_id %u to head_id %u spans %u descriptors, the ring has %u",
			       r->addr, r->tail_id, r->head_id,
			       ((r->head_id - r->tail_id) & SV_ID_MASK) + 1, r->count);
	if (!in_map(du, r->descs, (uint64_t)r->count * l->desc_size))
		return not_mapped(du, r->descs, (uint64_t)r->count * l->desc_size,
				  "the descriptor array", d);
	if (!in_map(du, r->infos, (uint64_t)r->count * l->info_size))
		return not_mapped(du, r->infos, (uint64_t)r->count * l->info_size,
				  "the printk_info array", d);
	if (!in_map(du, r->data, r->data_size))
		return not_mapped(du, r->data, r->data_size, "the text data ring", d);
	return MK_OK;
}

/* ------------------------------------------------------------------ */
/* The walk                                                             */

/*
 * The text of a finalized record: 1 with rec->text set, 0 when the text
 * was lost, or an error for a block description that cannot be.
 */
static int get_text(struct dump *du, const struct ring *r, uint32_t id, uint32_t begin,
		    uint32_t next, struct mk_printk_record *rec, struct mk_diag *d)
{
	uint32_t mask = r->data_size - 1, at, size;
	const uint8_t *blk = NULL;
	int err;

	if ((begin & 1) && (next & 1)) {
		if (begin != LPOS_EMPTY_LINE || next != LPOS_EMPTY_LINE)
			return 0;
		if (rec->text_len)
			return mk_fail(d, MK_ERR_CRASH_VALUE,
				       "record %" PRIu64 " (descriptor %u): text_len %u for an empty line",
				       rec->seq, id, rec->text_len);
		rec->text = (const uint8_t *)"";
		return 1;
	}
	if ((begin >> r->size_bits) == (next >> r->size_bits) && begin < next) {
		at = begin & mask;
		size = next - begin;
	} else if (((begin + r->data_size) >> r->size_bits) == (next >> r->size_bits)) {
		at = 0;
		size = next & mask;
	} else {
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "record %" PRIu64 " (descriptor %u): lpos 0x%08x..0x%08x is not a block of the %u-byte text ring",
			       rec->seq, id, begin, next, r->data_size);
	}
	if (begin % LONG_SIZE || next % LONG_SIZE)
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "record %" PRIu64 " (descriptor %u): lpos 0x%08x..0x%08x is not aligned to %u bytes",
			       rec->seq, id, begin, next, LONG_SIZE);
	if (size < LONG_SIZE || (uint64_t)at + size > r->data_size)
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "record %" PRIu64 " (descriptor %u): a %u-byte text block at 0x%x does not fit the %u-byte text ring with its id",
			       rec->seq, id, size, at, r->data_size);
	if ((uint64_t)rec->text_len + LONG_SIZE > size)
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "record %" PRIu64 " (descriptor %u): text_len %u is beyond its %u-byte text block",
			       rec->seq, id, rec->text_len, size - LONG_SIZE);
	err = vread(du, r->data + at, LONG_SIZE + rec->text_len, "the text of record", rec->seq,
		    &blk, d);
	if (err)
		return err;
	if (mk_be32(blk) != id)
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "record %" PRIu64 " (descriptor %u): its text block at lpos 0x%08x belongs to descriptor %u",
			       rec->seq, id, begin, mk_be32(blk));
	rec->text = blk + LONG_SIZE;
	return 1;
}

int mk_printk_walk(const uint8_t *buf, size_t len, mk_printk_fn fn, void *arg,
		   struct mk_printk_stats *st, struct mk_diag *d)
{
	static const struct mk_printk_stats zero;
	struct mk_printk_stats s = zero;
	struct dump du;
	struct ring r;
	const char *info;
	size_t info_len;
	uint32_t n, i;
	int err;

	if (st)
		*st = zero;
	memset(&du, 0, sizeof(du));
	memset(&r, 0, sizeof(r));
	du.buf = buf;
	du.len = len;
	err = mk_vmcore_info(buf, len, &info, &info_len, d);
	if (!err)
		err = read_layout(info, info_len, &du.l, d);
	if (!err)
		err = read_ring(&du, &r, d);
	if (err)
		return err;
	s.count = r.count;
	s.data_size = r.data_size;
	s.fail = r.fail;
	n = ((r.head_id - r.tail_id) & SV_ID_MASK) + 1;
	for (i = 0; i < n && !err; i++) {
		const struct layout *l = &du.l;
		uint32_t id = (r.tail_id + i) & SV_ID_MASK;
		uint32_t slot = id & (r.count - 1);
		struct mk_printk_record rec;
		const uint8_t *desc = NULL, *inf = NULL;
		uint32_t sv, begin, next;

		s.descs++;
		err = vread(&du, r.descs + slot * l->desc_size, l->desc_size, "descriptor", slot,
			    &desc, d);
		if (err)
			break;
		sv = mk_be32(desc + l->desc_state_var);
		if ((sv & SV_ID_MASK) != id || sv >> SV_STATE_SHIFT == STATE_REUSABLE) {
			s.reused++;
			continue;
		}
		if (sv >> SV_STATE_SHIFT != STATE_FINALIZED) {
			s.unfinished++;
			continue;
		}
		begin = mk_be32(desc + l->desc_lpos + l->lpos_begin);
		next = mk_be32(desc + l->desc_lpos + l->lpos_next);
		err = vread(&du, r.infos + slot * l->info_size, l->info_size, "printk_info", slot,
			    &inf, d);
		if (err)
			break;
		rec.seq = be64(inf + l->info_seq);
		rec.ts_nsec = be64(inf + l->info_ts_nsec);
		rec.text_len = mk_be16(inf + l->info_text_len);
		rec.caller_id = mk_be32(inf + l->info_caller_id);
		rec.text = NULL;
		err = get_text(&du, &r, id, begin, next, &rec, d);
		if (err < 0)
			break;
		if (err == 0) {
			s.lost++;
			continue;
		}
		s.records++;
		err = fn ? fn(&rec, arg) : MK_OK;
	}
	if (st)
		*st = s;
	return err;
}

/* ------------------------------------------------------------------ */
/* As dmesg prints it                                                   */

struct out {
	char *p;
	size_t n, len;
};

static void put(struct out *o, const char *s, size_t k)
{
	if (o->len < o->n) {
		size_t room = o->n - o->len;

		memcpy(o->p + o->len, s, k < room ? k : room);
	}
	o->len += k;
}

size_t mk_printk_format(const struct mk_printk_record *r, char *out, size_t n)
{
	struct out o = { out, n ? n - 1 : 0, 0 };
	char prefix[48];
	size_t plen, i;

	plen = (size_t)snprintf(prefix, sizeof(prefix), "[%5" PRIu64 ".%06" PRIu64 "] ",
				r->ts_nsec / 1000000000u, r->ts_nsec % 1000000000u / 1000u);
	put(&o, prefix, plen);
	for (i = 0; i < r->text_len; i++) {
		unsigned char c = r->text[i];

		if (c == '\n') {
			put(&o, "\n", 1);
			put(&o, prefix, plen);
		} else if ((c < 0x20 && c != '\t') || c == 0x7f) {
			char esc[5];

			snprintf(esc, sizeof(esc), "\\x%02x", c);
			put(&o, esc, 4);
		} else {
			put(&o, (const char *)&c, 1);
		}
	}
	put(&o, "\n", 1);
	if (n)
		out[o.len < n - 1 ? o.len : n - 1] = '\0';
	return o.len;
}
