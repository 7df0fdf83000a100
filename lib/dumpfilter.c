/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A dump without its zero pages: read the program headers of an m68k
 * ELF core (/proc/vmcore), then plan an ELF core that leaves the long
 * runs of zero pages out.
 *
 * Facts honoured (System V ABI, "Program Header"): a segment's p_memsz
 * bytes past its p_filesz read as zeros, so a PT_LOAD with p_filesz 0 is
 * memory that is all zero and has no bytes in the file; program headers
 * of loadable segments are in ascending p_vaddr order.  Linux's
 * /proc/vmcore gives one PT_NOTE (the notes of every CPU and VMCOREINFO,
 * merged) before the PT_LOADs, each PT_LOAD with p_filesz == p_memsz.
 */
#include <string.h>

#include "internal.h"
#include "m68kexec_kdump.h"

#define ELF32_MAX	0xffffffffull	/* an ELF32 offset or size */

static int is_load(const struct mk_dump_phdr *ph)
{
	return ph->type == MK_ELF_PT_LOAD;
}

/*
 * The rules a dump's program headers follow, for mk_dump_read_headers()
 * (err MK_ERR_ELF_PHDR) and mk_dump_plan_build() (err MK_ERR_PARAM):
 * PT_NOTEs then PT_LOADs, each PT_LOAD whole pages in the file and in
 * memory, the segments' file bytes in header order without overlap and
 * inside 4 GiB.  *notes_start and *notes_end: the notes' file bytes
 * (those of the PT_NOTEs that have some, and what lies between them).
 */
static int check_phdrs(const struct mk_dump_in *in, int err, uint64_t *notes_start,
		       uint64_t *notes_end, struct mk_diag *d)
{
	uint64_t prev_end = 0;
	unsigned i, prev = 0, loads = 0, notes = 0;

	if (in->phnum == 0 || in->phnum > MK_DUMP_MAX_PHDRS)
		return mk_fail(d, err, "%u program headers: a dump has 1 to %u",
			       in->phnum, MK_DUMP_MAX_PHDRS);
	*notes_start = *notes_end = 0;
	for (i = 0; i < in->phnum; i++) {
		const struct mk_dump_phdr *ph = &in->ph[i];
		uint64_t end = ph->offset + ph->filesz;

		if (ph->type != MK_ELF_PT_LOAD && ph->type != MK_ELF_PT_NOTE)
			return mk_fail(d, err,
				       "program header %u: type %u: a dump has PT_NOTE (%u) and PT_LOAD (%u) only",
				       i, ph->type, MK_ELF_PT_NOTE, MK_ELF_PT_LOAD);
		if (ph->offset > ELF32_MAX || end > ELF32_MAX)
			return mk_fail(d, err,
				       "program header %u: file bytes 0x%llx..0x%llx end past 4 GiB",
				       i, (unsigned long long)ph->offset, (unsigned long long)end);
		if (is_load(ph)) {
			if (ph->filesz != ph->memsz)
				return mk_fail(d, err,
					       "PT_LOAD %u: file size 0x%x, memory size 0x%x: a dump has every byte",
					       i, ph->filesz, ph->memsz);
			if (ph->filesz % MK_PAGE_SIZE)
				return mk_fail(d, err,
					       "PT_LOAD %u: size 0x%x is not whole %u-byte pages",
					       i, ph->filesz, MK_PAGE_SIZE);
			loads++;
		} else {
			if (loads)
				return mk_fail(d, err,
					       "program header %u: a PT_NOTE after a PT_LOAD: notes come first",
					       i);
			if (ph->filesz && notes++ == 0)
				*notes_start = ph->offset;
			if (ph->filesz)
				*notes_end = end;
		}
		if (ph->filesz == 0)
			continue;	/* no file bytes: no place to keep */
		if (ph->offset < prev_end)
			return mk_fail(d, err,
				       "program header %u: file bytes 0x%llx..0x%llx overlap or precede those of header %u (up to 0x%llx)",
				       i, (unsigned long long)ph->offset, (unsigned long long)end, prev,
				       (unsigned long long)prev_end);
		prev_end = end;
		prev = i;
	}
	return MK_OK;
}

int mk_dump_read_headers(const uint8_t *buf, size_t len, struct mk_dump_in *in,
			 uint64_t *need, struct mk_diag *d)
{
	uint64_t table_end, notes_start, notes_end;
	uint32_t phoff;
	unsigned i, phnum;
	int err;

	*need = MK_ELF32_EHDR_SIZE;
	if (len < MK_ELF32_EHDR_SIZE &&
	    (len == 0 || memcmp(buf, MK_ELF_MAGIC, len < MK_ELF_MAGIC_LEN ? len : MK_ELF_MAGIC_LEN) == 0)) {
		mk_fail(d, MK_ERR_ELF_TRUNCATED,
			"truncated: the ELF header needs %u bytes, the dump has %zu",
			MK_ELF32_EHDR_SIZE, len);
		return 0;
	}
	err = mk_elf_core_header(buf, len, &phoff, &phnum, d);
	if (err)
		return err;
	if (phnum > MK_DUMP_MAX_PHDRS)
		return mk_fail(d, MK_ERR_ELF_PHDR, "%u program headers, at most %u are read",
			       phnum, MK_DUMP_MAX_PHDRS);
	if (phoff < MK_ELF32_EHDR_SIZE)
		return mk_fail(d, MK_ERR_ELF_PHDR,
			       "program headers at offset 0x%llx, inside the ELF header",
			       (unsigned long long)phoff);
	table_end = phoff + (uint64_t)phnum * MK_ELF32_PHDR_SIZE;
	if (len < table_end) {
		*need = table_end;
		mk_fail(d, MK_ERR_ELF_TRUNCATED,
			"truncated: program headers at offset 0x%llx..0x%llx, the dump has %zu bytes",
			(unsigned long long)phoff, (unsigned long long)table_end, len);
		return 0;
	}

	in->phnum = phnum;
	in->size = table_end;
	for (i = 0; i < phnum; i++) {
		const uint8_t *p = buf + phoff + (size_t)i * MK_ELF32_PHDR_SIZE;
		struct mk_dump_phdr *ph = &in->ph[i];

		ph->type = mk_be32(p + MK_ELF_P_TYPE);
		ph->offset = mk_be32(p + MK_ELF_P_OFFSET);
		ph->vaddr = mk_be32(p + MK_ELF_P_VADDR);
		ph->paddr = mk_be32(p + MK_ELF_P_PADDR);
		ph->filesz = mk_be32(p + MK_ELF_P_FILESZ);
		ph->memsz = mk_be32(p + MK_ELF_P_MEMSZ);
		ph->flags = mk_be32(p + MK_ELF_P_FLAGS);
		ph->align = mk_be32(p + MK_ELF_P_ALIGN);
		if (ph->filesz && ph->offset < table_end)
			return mk_fail(d, MK_ERR_ELF_PHDR,
				       "program header %u: file bytes at 0x%llx, inside the headers (up to 0x%llx)",
				       i, (unsigned long long)ph->offset, (unsigned long long)table_end);
		if (ph->offset + ph->filesz > in->size)
			in->size = ph->offset + ph->filesz;
	}
	err = check_phdrs(in, MK_ERR_ELF_PHDR, &notes_start, &notes_end, d);
	if (err)
		return err;
	in->headers_end = notes_end > table_end ? notes_end : table_end;
	*need = table_end;
	return 1;
}

uint64_t mk_dump_pages(const struct mk_dump_in *in)
{
	uint64_t n = 0;
	unsigned i;

	for (i = 0; i < in->phnum && i < MK_DUMP_MAX_PHDRS; i++)
		if (is_load(&in->ph[i]))
			n += in->ph[i].filesz / MK_PAGE_SIZE;
	return n;
}

/* ------------------------------------------------------------------ */
/* The plan                                                             */

/*
 * Which zero runs become headers: a run of at least MK_DUMP_MIN_ZERO_RUN
 * pages that is a whole PT_LOAD always (keeping it as data would not save
 * a header), a run that is part of one when it has at least keep_min
 * pages, except the first runs of exactly tie_len pages, kept as data
 * while the plan has excess headers too many.
 */
struct cut {
	const uint8_t *zero;
	int skip_zero;
	uint64_t keep_min;
	uint64_t tie_len;
	uint64_t excess;
	uint64_t longest;	/* out: the longest run that is part of a PT_LOAD */
};

/* Where the output goes as it is laid out; p NULL: count only. */
struct layout {
	struct mk_dump_plan *p;
	uint32_t n;		/* headers so far */
	uint64_t pos;		/* the next data byte of the output */
	uint64_t zero_pages;
	int overflow;		/* more headers than the plan holds */
};

static int page_zero(const uint8_t *zero, uint64_t i)
{
	return (zero[i / 8] >> (i % 8)) & 1;
}

static void emit(struct layout *l, const struct mk_dump_phdr *in_ph, uint64_t first,
		 uint64_t pages, int data)
{
	struct mk_dump_phdr *ph;
	uint32_t shift = (uint32_t)(first * MK_PAGE_SIZE);
	uint32_t size = (uint32_t)(pages * MK_PAGE_SIZE);

	if (!l->p) {
		l->n++;
		return;
	}
	if (l->n >= MK_DUMP_MAX_PHDRS) {
		l->overflow = 1;
		return;
	}
	ph = &l->p->ph[l->n++];
	*ph = *in_ph;
	ph->vaddr += shift;
	ph->paddr += shift;
	ph->offset = l->pos;
	ph->memsz = size;
	ph->filesz = data ? size : 0;
	if (data) {
		struct mk_dump_copy *cp = &l->p->copies[l->p->ncopies++];

		cp->in_off = in_ph->offset + shift;
		cp->out_off = l->pos;
		cp->len = size;
		l->pos += size;
	} else {
		l->zero_pages += pages;
	}
}

/* One PT_LOAD: its data and zero runs, in order. */
static void lay_load(struct layout *l, const struct mk_dump_phdr *ph, uint64_t base,
		     struct cut *c)
{
	uint64_t npages = ph->filesz / MK_PAGE_SIZE, data = 0, i = 0;

	if (npages == 0) {
		emit(l, ph, 0, 0, 0);	/* a header, nothing to copy */
		return;
	}
	while (c->skip_zero && c->zero && i < npages) {
		uint64_t start, len;
		int whole, keep;

		if (!page_zero(c->zero, base + i)) {
			/* Eight pages at a time where none is zero. */
			if ((base + i) % 8 == 0 && npages - i >= 8 && c->zero[(base + i) / 8] == 0)
				i += 8;
			else
				i++;
			continue;
		}
		start = i;
		while (i < npages && page_zero(c->zero, base + i))
			i++;
		len = i - start;
		whole = len == npages;
		if (!whole && len > c->longest)
			c->longest = len;
		keep = len >= MK_DUMP_MIN_ZERO_RUN && (whole || len >= c->keep_min);
		if (keep && !whole && len == c->tie_len && c->excess) {
			/* Kept as data, it joins the data on either side. */
			unsigned saved = (start > 0) + (i < npages);

			c->excess = c->excess > saved ? c->excess - saved : 0;
			keep = 0;
		}
		if (!keep)
			continue;
		if (start > data)
			emit(l, ph, data, start - data, 1);
		emit(l, ph, start, len, 0);
		data = i;
	}
	if (data < npages)
		emit(l, ph, data, npages - data, 1);
}

/*
 * Lay out the output: the notes right after the program header table,
 * then the data.  The data starts on a multiple of 4, and every piece is
 * whole pages, so each PT_LOAD's bytes are at a 4-byte aligned offset: a
 * reader that maps the saved dump reads the old kernel's 32-bit words in
 * place (printk.c's walk, a debugger) as aligned as they were in memory.
 * A page boundary is not needed: the core header's p_align is 0.
 */
static uint32_t lay_out(const struct mk_dump_in *in, struct cut *c, uint64_t notes_start,
			uint64_t notes_end, struct mk_dump_plan *p, struct layout *l)
{
	uint64_t base = 0;
	unsigned i;

	memset(l, 0, sizeof(*l));
	l->p = p;
	if (p) {
		p->headers_len = MK_ELF32_EHDR_SIZE + (uint64_t)p->phnum * MK_ELF32_PHDR_SIZE;
		p->copies[0].in_off = notes_start;
		p->copies[0].out_off = p->headers_len;
		p->copies[0].len = notes_end - notes_start;
		p->ncopies = 1;
		l->pos = (p->headers_len + p->copies[0].len + 3) & ~3ull;
	}
	for (i = 0; i < in->phnum; i++) {
		const struct mk_dump_phdr *ph = &in->ph[i];

		if (!is_load(ph)) {
			if (p && l->n < MK_DUMP_MAX_PHDRS) {
				p->ph[l->n] = *ph;
				/* An empty note may say any offset: keep it in range. */
				p->ph[l->n].offset = p->headers_len;
				if (ph->filesz)
					p->ph[l->n].offset += ph->offset - notes_start;
			}
			l->n++;
			continue;
		}
		lay_load(l, ph, base, c);
		base += ph->filesz / MK_PAGE_SIZE;
	}
	return l->n;
}

/* Headers needed when partial runs of fewer than keep_min pages stay data. */
static uint64_t count_headers(const struct mk_dump_in *in, struct cut *c, uint64_t keep_min,
			      uint64_t ns, uint64_t ne)
{
	struct layout l;

	c->keep_min = keep_min;
	c->tie_len = 0;
	c->excess = 0;
	return lay_out(in, c, ns, ne, NULL, &l);
}

int mk_dump_plan_build(const struct mk_dump_in *in, const uint8_t *zero,
		       int skip_zero, struct mk_dump_plan *p, struct mk_diag *d)
{
	struct cut c = { zero, skip_zero, MK_DUMP_MIN_ZERO_RUN, 0, 0, 0 };
	uint64_t ns, ne, n, lo, hi;
	struct layout l;
	int err;

	if (!in || !p)
		return mk_fail(d, MK_ERR_PARAM, "no dump or no plan");
	err = check_phdrs(in, MK_ERR_PARAM, &ns, &ne, d);
	if (err)
		return err;
	n = count_headers(in, &c, MK_DUMP_MIN_ZERO_RUN, ns, ne);
	if (n > MK_DUMP_MAX_PHDRS) {
		/*
		 * Too many: the shortest partial runs stay data.  With every
		 * partial run as data there is one header per input header,
		 * so the smallest keep_min that fits is in (MIN, longest + 1].
		 * T = keep_min - 1; runs of T pages are kept as data from the
		 * first, until the plan fits.
		 */
		lo = MK_DUMP_MIN_ZERO_RUN + 1;
		hi = c.longest + 1;
		while (lo < hi) {
			uint64_t mid = lo + (hi - lo) / 2;

			if (count_headers(in, &c, mid, ns, ne) <= MK_DUMP_MAX_PHDRS)
				hi = mid;
			else
				lo = mid + 1;
		}
		n = count_headers(in, &c, lo - 1, ns, ne);
		c.tie_len = lo - 1;
		c.excess = n - MK_DUMP_MAX_PHDRS;
		{
			struct cut t = c;

			n = lay_out(in, &t, ns, ne, NULL, &l);
		}
		if (n > MK_DUMP_MAX_PHDRS)
			return mk_fail(d, MK_ERR_INTERNAL,
				       "the dump plan needs %llu program headers, at most %u",
				       (unsigned long long)n, MK_DUMP_MAX_PHDRS);
	}
	memset(p, 0, sizeof(*p));
	p->phnum = (uint32_t)n;
	lay_out(in, &c, ns, ne, p, &l);
	if (l.overflow || l.n != n)
		return mk_fail(d, MK_ERR_INTERNAL, "the dump plan has %u program headers, %llu planned",
			       l.n, (unsigned long long)n);
	p->out_size = l.pos;
	p->zero_pages = l.zero_pages;
	if (p->out_size > ELF32_MAX)
		return mk_fail(d, MK_ERR_PARAM,
			       "the saved dump would be 0x%llx bytes: an ELF32 file ends within 4 GiB",
			       (unsigned long long)p->out_size);
	return MK_OK;
}

size_t mk_dump_headers(const struct mk_dump_plan *p, const uint8_t *in_ehdr,
		       uint8_t *out, size_t cap)
{
	uint32_t i;

	if (p->phnum > MK_DUMP_MAX_PHDRS ||
	    p->headers_len != MK_ELF32_EHDR_SIZE + (uint64_t)p->phnum * MK_ELF32_PHDR_SIZE ||
	    cap < p->headers_len)
		return 0;
	memcpy(out, in_ehdr, MK_ELF32_EHDR_SIZE);
	mk_put_be32(out + MK_ELF_E_PHOFF, MK_ELF32_EHDR_SIZE);
	mk_put_be32(out + MK_ELF_E_SHOFF, 0);
	mk_put_be16(out + MK_ELF_E_EHSIZE, MK_ELF32_EHDR_SIZE);
	mk_put_be16(out + MK_ELF_E_PHENTSIZE, MK_ELF32_PHDR_SIZE);
	mk_put_be16(out + MK_ELF_E_PHNUM, (uint16_t)p->phnum);
	mk_put_be16(out + MK_ELF_E_SHENTSIZE, 0);
	mk_put_be16(out + MK_ELF_E_SHNUM, 0);
	mk_put_be16(out + MK_ELF_E_SHSTRNDX, 0);
	for (i = 0; i < p->phnum; i++) {
		const struct mk_dump_phdr *ph = &p->ph[i];
		uint8_t *o = out + MK_ELF32_EHDR_SIZE + (size_t)i * MK_ELF32_PHDR_SIZE;

		mk_put_be32(o + MK_ELF_P_TYPE, ph->type);
		mk_put_be32(o + MK_ELF_P_OFFSET, (uint32_t)ph->offset);
		mk_put_be32(o + MK_ELF_P_VADDR, ph->vaddr);
		mk_put_be32(o + MK_ELF_P_PADDR, ph->paddr);
		mk_put_be32(o + MK_ELF_P_FILESZ, ph->filesz);
		mk_put_be32(o + MK_ELF_P_MEMSZ, ph->memsz);
		mk_put_be32(o + MK_ELF_P_FLAGS, ph->flags);
		mk_put_be32(o + MK_ELF_P_ALIGN, ph->align);
	}
	return (size_t)p->headers_len;
}
