// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Crash kernel (kdump) plans: the capture kernel's bootinfo, its place
 * inside the reserved region, and the ELF core header that describes the
 * old kernel's memory to its /proc/vmcore.
 *
 * Facts honoured (Linux 6.12): every segment of a crash load and its
 * entry must lie inside the "Crash kernel" region (kexec_load gives
 * EADDRNOTAVAIL otherwise); the kernel copies the segments there at load
 * time and takes one more free page of the region for its control code;
 * the capture kernel uses only the memory chunks its bootinfo lists and
 * takes physical - virtual from the first one; an Atari kernel needs a
 * chunk at physical 0 (ST-RAM) and ignores it as RAM when it is not the
 * first; elfcorehdr= is read with memparse() (numbers in 0x hex or
 * decimal with K, M, G); /proc/vmcore reads each PT_NOTE and PT_LOAD at
 * its p_offset, a physical address in the old memory.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* ------------------------------------------------------------------ */
/* The capture kernel's command line                                   */

static int drop_word(const char *w, size_t n)
{
	static const char *const drop[] = { "crashkernel=", "elfcorehdr=" };
	size_t i;

	for (i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
		if (n >= strlen(drop[i]) && strncmp(w, drop[i], strlen(drop[i])) == 0)
			return 1;
	return 0;
}

int mk_crash_cmdline(const char *line, uint32_t header_addr,
		     uint32_t header_size, char *out, size_t outsz,
		     struct mk_diag *d)
{
	char tail[64];
	size_t len = 0, tlen;
	const char *p = line ? line : "";

	if (!out || outsz == 0)
		return mk_fail(d, MK_ERR_PARAM, "command line: no output buffer");
	out[0] = '\0';
	while (*p) {
		const char *w;
		int quoted = 0;
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		/* A word ends at a blank outside double quotes, as the
		 * kernel's next_arg() splits it. */
		for (w = p; *p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n')); p++)
			if (*p == '"')
				quoted = !quoted;
		n = (size_t)(p - w);
		if (drop_word(w, n))
			continue;
		if (len + (len ? 1 : 0) + n >= outsz || len + (len ? 1 : 0) + n > MK_CMDLINE_MAX)
			goto too_long;
		if (len)
			out[len++] = ' ';
		memcpy(out + len, w, n);
		len += n;
		out[len] = '\0';
	}
	tlen = (size_t)snprintf(tail, sizeof(tail), "%selfcorehdr=%uK@0x%08x",
				len ? " " : "", header_size >> 10, header_addr);
	if (len + tlen >= outsz || len + tlen > MK_CMDLINE_MAX)
		goto too_long;
	memcpy(out + len, tail, tlen + 1);
	return MK_OK;

too_long:
	out[0] = '\0';
	return mk_fail(d, MK_ERR_CMDLINE_TOO_LONG,
		       "capture kernel's command line with elfcorehdr= is over the %u characters the m68k kernel keeps",
		       MK_CMDLINE_MAX);
}

/* ------------------------------------------------------------------ */
/* The ELF core header                                                 */

static void put_phdr(uint8_t *ph, uint32_t type, uint32_t paddr, uint32_t vaddr,
		     uint32_t size, uint32_t flags)
{
	mk_put_be32(ph + MK_ELF_P_TYPE, type);
	mk_put_be32(ph + MK_ELF_P_OFFSET, paddr);	/* where /proc/vmcore reads */
	mk_put_be32(ph + MK_ELF_P_VADDR, vaddr);
	mk_put_be32(ph + MK_ELF_P_PADDR, paddr);
	mk_put_be32(ph + MK_ELF_P_FILESZ, size);
	mk_put_be32(ph + MK_ELF_P_MEMSZ, size);
	mk_put_be32(ph + MK_ELF_P_FLAGS, flags);
	mk_put_be32(ph + MK_ELF_P_ALIGN, 0);
}

size_t mk_crash_core_header(const struct mk_crash_note *cpu_note,
			    unsigned ncpus,
			    const struct mk_crash_note *vmcoreinfo,
			    const struct mk_memchunk *range, unsigned nranges,
			    uint32_t vmemoffset, uint8_t *out, size_t cap)
{
	unsigned have_info = vmcoreinfo && vmcoreinfo->size ? 1u : 0u;
	unsigned nphdr, i;
	size_t len;
	uint8_t *ph;

	if (ncpus > MK_CRASH_MAX_CPUS || nranges > MK_CRASH_MAX_RANGES ||
	    (ncpus && !cpu_note) || (nranges && !range) || !out)
		return 0;
	nphdr = ncpus + have_info + nranges;
	len = MK_ELF32_EHDR_SIZE + (size_t)nphdr * MK_ELF32_PHDR_SIZE;
	if (len > cap)
		return 0;
	memset(out, 0, len);
	memcpy(out, MK_ELF_MAGIC, MK_ELF_MAGIC_LEN);
	out[MK_ELF_EI_CLASS] = MK_ELF_CLASS32;
	out[MK_ELF_EI_DATA] = MK_ELF_DATA2MSB;
	out[MK_ELF_EI_VERSION] = MK_ELF_EV_CURRENT;
	mk_put_be16(out + MK_ELF_E_TYPE, MK_ELF_ET_CORE);
	mk_put_be16(out + MK_ELF_E_MACHINE, MK_ELF_EM_68K);
	mk_put_be32(out + MK_ELF_E_VERSION, MK_ELF_EV_CURRENT);
	mk_put_be32(out + MK_ELF_E_PHOFF, MK_ELF32_EHDR_SIZE);
	mk_put_be16(out + MK_ELF_E_EHSIZE, MK_ELF32_EHDR_SIZE);
	mk_put_be16(out + MK_ELF_E_PHENTSIZE, MK_ELF32_PHDR_SIZE);
	mk_put_be16(out + MK_ELF_E_PHNUM, (uint16_t)nphdr);

	ph = out + MK_ELF32_EHDR_SIZE;
	for (i = 0; i < ncpus; i++, ph += MK_ELF32_PHDR_SIZE)
		put_phdr(ph, MK_ELF_PT_NOTE, cpu_note[i].addr, 0, cpu_note[i].size, 0);
	if (have_info) {
		put_phdr(ph, MK_ELF_PT_NOTE, vmcoreinfo->addr, 0, vmcoreinfo->size, 0);
		ph += MK_ELF32_PHDR_SIZE;
	}
	/* Virtual = physical - the old first chunk's start, in 32 bits: a
	 * chunk below the first one (Atari ST-RAM behind FastRAM), which
	 * the old kernel did not map, lands at the top of the address
	 * space instead of aliasing its linear map. */
	for (i = 0; i < nranges; i++, ph += MK_ELF32_PHDR_SIZE)
		put_phdr(ph, MK_ELF_PT_LOAD, range[i].addr, range[i].addr - vmemoffset,
			 range[i].size, MK_ELF_PF_R | MK_ELF_PF_W | MK_ELF_PF_X);
	return len;
}

/* ------------------------------------------------------------------ */
/* The plan                                                            */

static int overlaps(uint64_t a, uint64_t aend, uint64_t b, uint64_t bend)
{
	return a < bend && b < aend;
}

static int inside(uint64_t s, uint64_t e, uint64_t lo, uint64_t hi)
{
	return s >= lo && e <= hi;
}

/* A note must lie in old RAM: inside a chunk, outside the region. */
static int check_note(const struct mk_crash_plan *c, const struct mk_memchunk *chunk,
		      unsigned nchunks, const struct mk_crash_note *n,
		      const char *what, struct mk_diag *d)
{
	uint64_t s = n->addr, e = s + n->size;
	unsigned i;

	if (n->size == 0 || e > 0x100000000ull)
		return mk_fail(d, MK_ERR_CRASH_VALUE, "%s at 0x%08x, %u bytes: empty or past 4 GiB",
			       what, n->addr, n->size);
	if (overlaps(s, e, c->region_start, (uint64_t)c->region_start + c->region_size))
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "%s at 0x%08x..0x%08llx lies in the crash region, which the capture kernel overwrites",
			       what, n->addr, (unsigned long long)e);
	for (i = 0; i < nchunks; i++)
		if (inside(s, e, chunk[i].addr, (uint64_t)chunk[i].addr + chunk[i].size))
			return MK_OK;
	return mk_fail(d, MK_ERR_CRASH_VALUE, "%s at 0x%08x..0x%08llx is not inside any memory chunk",
		       what, n->addr, (unsigned long long)e);
}

/* The region: page aligned, inside one chunk, room for a capture chunk. */
static int check_region(const struct mk_crash_input *in, const struct mk_memchunk *chunk,
			unsigned nchunks, struct mk_diag *d)
{
	uint64_t s = in->region_start, e = s + in->region_size;
	unsigned i;

	if (in->region_size == 0)
		return mk_fail(d, MK_ERR_CRASH_REGION, "the crash region is empty");
	if (e > 0x100000000ull)
		return mk_fail(d, MK_ERR_CRASH_REGION, "the crash region 0x%08x + 0x%x wraps past 4 GiB",
			       in->region_start, in->region_size);
	if (s % MK_CRASH_CHUNK_ALIGN || in->region_size % MK_PAGE_SIZE)
		return mk_fail(d, MK_ERR_CRASH_REGION,
			       "the crash region 0x%08x..0x%08llx must start on %u KiB and end on a page",
			       in->region_start, (unsigned long long)e, MK_CRASH_CHUNK_ALIGN >> 10);
	for (i = 0; i < nchunks; i++)
		if (inside(s, e, chunk[i].addr, (uint64_t)chunk[i].addr + chunk[i].size))
			break;
	if (i == nchunks)
		return mk_fail(d, MK_ERR_CRASH_REGION,
			       "the crash region 0x%08x..0x%08llx is not inside any memory chunk of the bootinfo",
			       in->region_start, (unsigned long long)e);
	if (in->region_size < MK_PAGE_SIZE + MK_CRASH_CHUNK_ALIGN)
		return mk_fail(d, MK_ERR_CRASH_REGION,
			       "the crash region is %u KiB: too small for a capture kernel",
			       in->region_size >> 10);
	return MK_OK;
}

/*
 * Atari: the capture kernel panics without a chunk at physical 0, where it
 * finds its ST-RAM pool; passed after the capture chunk it is not used as
 * RAM.  A region inside ST-RAM would be handed out again by that pool.
 */
static int atari_stram(const struct mk_crash_input *in, struct mk_crash_plan *c,
		       const struct mk_memchunk *chunk, unsigned nchunks,
		       struct mk_diag *d)
{
	unsigned i;

	if (mk_bi_machine(in->base.bootinfo) != MACH_ATARI)
		return MK_OK;
	for (i = 0; i < nchunks; i++)
		if (chunk[i].addr == 0)
			break;
	if (i == nchunks)
		return mk_fail(d, MK_ERR_BI_MISSING,
			       "Atari bootinfo without a memory chunk at 0: the capture kernel needs ST-RAM");
	if (overlaps(in->region_start, (uint64_t)in->region_start + in->region_size,
		     0, chunk[i].size))
		return mk_fail(d, MK_ERR_CRASH_REGION,
			       "the crash region 0x%08x..0x%08llx lies in ST-RAM (0x00000000..0x%08x), which the capture kernel's ST-RAM pool uses: reserve it in FastRAM",
			       in->region_start,
			       (unsigned long long)in->region_start + in->region_size, chunk[i].size);
	c->stram = 1;
	c->stram_chunk = chunk[i];
	return MK_OK;
}

/* The old memory in the dump: every chunk, the region cut out. */
static void old_ranges(struct mk_crash_plan *c, const struct mk_memchunk *chunk,
		       unsigned nchunks)
{
	uint64_t rs = c->region_start, re = rs + c->region_size;
	unsigned i;

	for (i = 0; i < nchunks; i++) {
		uint64_t s = chunk[i].addr, e = s + chunk[i].size;

		if (!overlaps(s, e, rs, re)) {
			c->range[c->nranges++] = chunk[i];
			continue;
		}
		if (s < rs) {
			c->range[c->nranges].addr = (uint32_t)s;
			c->range[c->nranges++].size = (uint32_t)(rs - s);
		}
		if (re < e) {
			c->range[c->nranges].addr = (uint32_t)re;
			c->range[c->nranges++].size = (uint32_t)(e - re);
		}
	}
}

/* The running list with its memory chunks replaced by the capture ones,
 * put where the first chunk was. */
static int capture_bootinfo(const struct mk_bootinfo *old, struct mk_crash_plan *c,
			    struct mk_diag *d)
{
	int placed = 0, err = MK_OK;
	unsigned i;

	mk_put_be32(c->chunk_rec[0], c->capture.addr);
	mk_put_be32(c->chunk_rec[0] + 4, c->capture.size);
	mk_put_be32(c->chunk_rec[1], c->stram_chunk.addr);
	mk_put_be32(c->chunk_rec[1] + 4, c->stram_chunk.size);
	memset(&c->bi, 0, sizeof(c->bi));
	for (i = 0; i < old->nrec && !err; i++) {
		const struct mk_bi_record *r = &old->rec[i];

		if (r->tag != BI_MEMCHUNK) {
			err = mk_bi_append(&c->bi, r->tag, r->data, r->size);
			continue;
		}
		if (placed)
			continue;
		placed = 1;
		err = mk_bi_append(&c->bi, BI_MEMCHUNK, c->chunk_rec[0], 8);
		if (!err && c->stram)
			err = mk_bi_append(&c->bi, BI_MEMCHUNK, c->chunk_rec[1], 8);
	}
	if (err)
		return mk_fail(d, err, "capture bootinfo: cannot copy record %u", i - 1);
	return MK_OK;
}

int mk_crash_plan_build(const struct mk_crash_input *in,
			struct mk_crash_plan *c, struct mk_diag *d)
{
	struct mk_memchunk chunk[MK_MAX_CHUNKS];
	struct mk_plan_input pin;
	uint64_t old_total = 0, cap_end;
	unsigned nchunks, i;
	int err;

	memset(c, 0, sizeof(*c));
	if (!in || !in->base.kernel || !in->base.bootinfo)
		return mk_fail(d, MK_ERR_PARAM, "crash plan: missing kernel or bootinfo");
	if (in->ncpus > MK_CRASH_MAX_CPUS)
		return mk_fail(d, MK_ERR_PARAM, "crash plan: %u CPUs, at most %u",
			       in->ncpus, MK_CRASH_MAX_CPUS);
	err = mk_bi_memchunks(in->base.bootinfo, chunk, MK_MAX_CHUNKS, &nchunks, d);
	if (!err)
		err = check_region(in, chunk, nchunks, d);
	if (err)
		return err;
	c->region_start = in->region_start;
	c->region_size = in->region_size;
	c->vmemoffset = chunk[0].addr;
	err = atari_stram(in, c, chunk, nchunks, d);
	if (err)
		return err;
	c->ncpus = in->ncpus;
	for (i = 0; i < in->ncpus && !err; i++) {
		char what[40];

		snprintf(what, sizeof(what), "cpu%u crash notes", i);
		c->cpu_note[i] = in->cpu_note[i];
		err = check_note(c, chunk, nchunks, &in->cpu_note[i], what, d);
	}
	if (!err && in->vmcoreinfo.size) {
		c->vmcoreinfo = in->vmcoreinfo;
		err = check_note(c, chunk, nchunks, &in->vmcoreinfo, "vmcoreinfo note", d);
	}
	if (err)
		return err;
	old_ranges(c, chunk, nchunks);

	/* The header takes the region's top page; the capture chunk ends
	 * on the 256 KiB boundary below it. */
	c->header_size = MK_PAGE_SIZE;
	c->header_addr = c->region_start + c->region_size - MK_PAGE_SIZE;
	c->capture.addr = c->region_start;
	c->capture.size = (c->region_size - MK_PAGE_SIZE) & ~(MK_CRASH_CHUNK_ALIGN - 1);
	cap_end = (uint64_t)c->capture.addr + c->capture.size;

	err = mk_crash_cmdline(in->base.cmdline, c->header_addr, c->header_size,
			       c->cmdline, sizeof(c->cmdline), d);
	if (!err)
		err = capture_bootinfo(in->base.bootinfo, c, d);
	if (err)
		return err;

	/* The capture kernel's own plan, inside its chunk.  The half-of-RAM
	 * rule is the running kernel's: without MemTotal, its RAM is the
	 * old chunks less the reserved region. */
	pin = in->base;
	pin.bootinfo = &c->bi;
	pin.cmdline = c->cmdline;
	if (pin.mem_min < c->capture.addr)
		pin.mem_min = c->capture.addr;
	if (!pin.mem_max || pin.mem_max > cap_end - 1)
		pin.mem_max = (uint32_t)(cap_end - 1);
	if (!pin.ram_total) {
		for (i = 0; i < nchunks; i++)
			old_total += chunk[i].size;
		pin.ram_total = old_total - c->region_size;
	}
	err = mk_plan_build(&pin, &c->plan, d);
	if (err == MK_ERR_OUTSIDE_RAM || err == MK_ERR_KERNEL_CHUNK || err == MK_ERR_INITIAL_MAP ||
	    err == MK_ERR_NO_SPACE) {
		char why[sizeof(d->msg)];

		if (!d)
			return err;
		memcpy(why, d->msg, sizeof(why));
		return mk_fail(d, err, "the capture kernel does not fit its %u KiB in the crash region: %.150s",
			       c->capture.size >> 10, why);
	}
	if (err)
		return err;
	/* mk_plan_build() recorded the clamped window; keep the user's. */
	c->plan.mem_min = in->base.mem_min;
	c->plan.mem_max = in->base.mem_max;

	c->header_len = (uint32_t)mk_crash_core_header(c->cpu_note, c->ncpus, &c->vmcoreinfo,
						       c->range, c->nranges, c->vmemoffset,
						       c->header_buf, sizeof(c->header_buf));
	if (c->header_len == 0)
		return mk_fail(d, MK_ERR_INTERNAL, "core header does not fit its page");
	c->header.buf = c->header_buf;
	c->header.bufsz = c->header_len;
	c->header.mem = c->header_addr;
	c->header.memsz = c->header_size;
	c->header.role = MK_SEG_OTHER;
	return mk_crash_check(c, d);
}

unsigned mk_crash_segments(const struct mk_crash_plan *c,
			   struct mk_segment *seg, unsigned cap)
{
	unsigned i, n = 0;

	for (i = 0; i < c->plan.nseg && n < cap; i++)
		seg[n++] = c->plan.seg[i];
	if (n < cap)
		seg[n++] = c->header;
	return n;
}

int mk_crash_check(const struct mk_crash_plan *c, struct mk_diag *d)
{
	const struct mk_plan *p = &c->plan;
	uint64_t rs = c->region_start, re = rs + c->region_size, total = 0;
	uint64_t hs = c->header.mem, he = hs + c->header.memsz;
	uint64_t cs = c->capture.addr, ce = cs + c->capture.size;
	struct mk_segment seg[MK_MAX_SEGMENTS + 1];
	unsigned n, i;
	int err;

	err = mk_plan_check(p, d);
	if (err)
		return err;
	if (p->nseg + 1 > MK_MAX_SEGMENTS)
		return mk_fail(d, MK_ERR_TOO_MANY_SEGMENTS,
			       "%u segments and the core header: the kernel takes at most %u",
			       p->nseg, MK_MAX_SEGMENTS);
	if (c->header.memsz == 0 || hs % MK_PAGE_SIZE || c->header.memsz % MK_PAGE_SIZE ||
	    c->header.bufsz > c->header.memsz)
		return mk_fail(d, MK_ERR_ALIGN, "core header segment 0x%08x + 0x%x: bad size or alignment",
			       c->header.mem, c->header.memsz);
	if (overlaps(hs, he, cs, ce))
		return mk_fail(d, MK_ERR_OVERLAP,
			       "core header 0x%08x..0x%08llx lies in the capture kernel's memory 0x%08llx..0x%08llx",
			       c->header.mem, (unsigned long long)he,
			       (unsigned long long)cs, (unsigned long long)ce);
	if (!inside(cs, ce, rs, re))
		return mk_fail(d, MK_ERR_OUTSIDE_RAM, "capture chunk is not inside the crash region");
	if ((c->plan.mem_min && hs < c->plan.mem_min) ||
	    (c->plan.mem_max && he - 1 > c->plan.mem_max)) {
		char what[80];

		snprintf(what, sizeof(what), "core header 0x%08x..0x%08llx (the region's top page)",
			 c->header.mem, (unsigned long long)he);
		return mk_window_fail(d, what, c->plan.mem_min, c->plan.mem_max);
	}
	n = mk_crash_segments(c, seg, MK_MAX_SEGMENTS + 1);
	for (i = 0; i < n; i++) {
		uint64_t s = seg[i].mem, e = s + seg[i].memsz;

		if (!inside(s, e, rs, re))
			return mk_fail(d, MK_ERR_OUTSIDE_RAM,
				       "segment %u (%s, 0x%08x..0x%08llx) is outside the crash region 0x%08x..0x%08llx",
				       i, i + 1 == n ? "core header" : mk_seg_role_name(seg[i].role),
				       seg[i].mem, (unsigned long long)e, c->region_start,
				       (unsigned long long)re);
		if (i + 1 < n && overlaps(s, e, hs, he))
			return mk_fail(d, MK_ERR_OVERLAP, "segment %u overlaps the core header", i);
		total += seg[i].memsz;
	}
	if (p->entry < rs || p->entry >= re)
		return mk_fail(d, MK_ERR_ENTRY, "entry 0x%08x is outside the crash region", p->entry);
	if (total > p->ram_total / 2)
		return mk_fail(d, MK_ERR_HALF_RAM,
			       "segments total %llu KiB, the kernel accepts at most half of RAM (%llu KiB)",
			       (unsigned long long)(total >> 10),
			       (unsigned long long)(p->ram_total / 2 >> 10));
	/* kexec_load also takes a free page of the region for the code
	 * that jumps to the capture kernel: the page below the kernel's
	 * first segment (its dropped ELF header page) and the early-table
	 * pages that mk_plan_check() keeps free are always there. */
	return MK_OK;
}

/* ------------------------------------------------------------------ */
/* What the running kernel reports                                     */

/* A number in base 10 or 16 (optional 0x), at most 32 bits, after blanks. */
static int scan_u32(const char **pp, const char *end, int base, uint32_t *v)
{
	const char *p = *pp;
	size_t n;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (base == 16 && end - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	n = mk_scan_digits(p, end, (unsigned)base, v);
	if (n == 0)
		return -1;
	*pp = p + n;
	return 0;
}

/* Only blanks and newlines may follow. */
static int at_end(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\0'))
		p++;
	return p == end;
}

int mk_crash_parse_iomem(const char *text, size_t len, uint32_t *start,
			 uint32_t *size, struct mk_diag *d)
{
	static const char name[] = "Crash kernel";
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *line = p, *q = p, *colon, *ns, *ne;
		uint32_t s, e;

		if (!eol)
			eol = end;
		colon = memchr(p, ':', (size_t)(eol - p));
		p = eol + (eol < end);
		if (!colon)
			continue;
		/* The name, blanks trimmed. */
		ns = colon + 1;
		ne = eol;
		while (ns < ne && *ns == ' ')
			ns++;
		while (ne > ns && (ne[-1] == ' ' || ne[-1] == '\r'))
			ne--;
		if ((size_t)(ne - ns) != sizeof(name) - 1 || memcmp(ns, name, sizeof(name) - 1))
			continue;
		if (scan_u32(&q, colon, 16, &s) || q >= colon || *q != '-' ||
		    (q++, scan_u32(&q, colon, 16, &e)) || !at_end(q, colon))
			return mk_fail(d, MK_ERR_CRASH_REGION,
				       "/proc/iomem: cannot read \"%.*s\" (32-bit hex START-END expected)",
				       (int)(eol - line > 80 ? 80 : eol - line), line);
		if (s == 0 && e == 0)
			return mk_fail(d, MK_ERR_CRASH_REGION,
				       "/proc/iomem shows the crash region as 0-0: its addresses are hidden from users other than root");
		if (e < s || (s == 0 && e == 0xffffffffu))
			return mk_fail(d, MK_ERR_CRASH_REGION,
				       "/proc/iomem: crash region %08x-%08x is not a range", s, e);
		*start = s;
		*size = e - s + 1;
		return MK_OK;
	}
	return mk_fail(d, MK_ERR_CRASH_REGION, "no \"Crash kernel\" line in /proc/iomem");
}

int mk_crash_parse_note(const char *addr_text, size_t addr_len,
			const char *size_text, size_t size_len,
			struct mk_crash_note *n, struct mk_diag *d)
{
	const char *p = addr_text, *q = size_text;
	uint32_t a, s;

	if (!addr_text || scan_u32(&p, addr_text + addr_len, 16, &a) ||
	    !at_end(p, addr_text + addr_len))
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "crash_notes: \"%.*s\" is not a 32-bit hex address",
			       (int)(addr_len > 40 ? 40 : addr_len), addr_text ? addr_text : "");
	if (!size_text || scan_u32(&q, size_text + size_len, 10, &s) ||
	    !at_end(q, size_text + size_len) || s == 0)
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "crash_notes_size: \"%.*s\" is not a decimal size",
			       (int)(size_len > 40 ? 40 : size_len), size_text ? size_text : "");
	n->addr = a;
	n->size = s;
	return MK_OK;
}

int mk_crash_parse_vmcoreinfo(const char *text, size_t len,
			      struct mk_crash_note *n, struct mk_diag *d)
{
	const char *p = text, *end = text + len;
	uint32_t a, s;

	if (!text || scan_u32(&p, end, 16, &a) || p == end || (*p != ' ' && *p != '\t') ||
	    scan_u32(&p, end, 16, &s) || !at_end(p, end) || s == 0)
		return mk_fail(d, MK_ERR_CRASH_VALUE,
			       "vmcoreinfo: \"%.*s\" is not \"ADDR SIZE\" in hex",
			       (int)(len > 40 ? 40 : len), text ? text : "");
	n->addr = a;
	n->size = s;
	return MK_OK;
}
