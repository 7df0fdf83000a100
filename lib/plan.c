// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The plan: where kernel, bootinfo and ramdisk go in physical memory, and
 * the checker of every rule the kernel imposes on a kexec load.
 *
 * Facts honoured (see doc/load-rules.md): physical = virtual + start
 * of the first memory chunk; the kernel lives in the first chunk; the
 * bootinfo starts exactly at the physical _end; the pages after it stay
 * free for the new kernel's early page tables; the ramdisk sits page
 * aligned at the top of a chunk at or above the first one.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static uint64_t page_up64(uint64_t v)
{
	return (v + MK_PAGE_SIZE - 1) & ~(uint64_t)(MK_PAGE_SIZE - 1);
}

const char *mk_seg_role_name(enum mk_seg_role r)
{
	switch (r) {
	case MK_SEG_KERNEL:
		return "kernel";
	case MK_SEG_BOOTINFO:
		return "bootinfo";
	case MK_SEG_RAMDISK:
		return "ramdisk";
	case MK_SEG_OTHER:
		break;
	}
	return "other";
}

uint32_t mk_initial_map_size(uint32_t first_chunk_size)
{
	if (first_chunk_size >= 16u << 20)
		return 16u << 20;
	if (first_chunk_size >= 8u << 20)
		return 8u << 20;
	return 4u << 20;
}

/* The window as the user gave it: no --mem-max (0) is not named. */
int mk_window_fail(struct mk_diag *d, const char *what, uint32_t mem_min, uint32_t mem_max)
{
	if (!mem_max)
		return mk_fail(d, MK_ERR_MEM_WINDOW, "%s: below --mem-min 0x%08x", what, mem_min);
	return mk_fail(d, MK_ERR_MEM_WINDOW, "%s: outside --mem-min 0x%08x / --mem-max 0x%08x",
		       what, mem_min, mem_max);
}

uint64_t mk_plan_copy_bytes(const struct mk_plan *p)
{
	uint64_t n = 0;
	unsigned i;

	for (i = 0; i < p->nseg; i++)
		n += p->seg[i].memsz;
	return n;
}

static int add_segment(struct mk_plan *p, enum mk_seg_role role,
		       const void *buf, uint32_t bufsz, uint32_t mem,
		       uint32_t memsz, struct mk_diag *d)
{
	if (p->nseg == MK_MAX_SEGMENTS)
		return mk_fail(d, MK_ERR_TOO_MANY_SEGMENTS,
			       "%s segment: the kernel takes at most %u segments",
			       mk_seg_role_name(role), MK_MAX_SEGMENTS);
	p->seg[p->nseg].buf = buf;
	p->seg[p->nseg].bufsz = bufsz;
	p->seg[p->nseg].mem = mem;
	p->seg[p->nseg].memsz = memsz;
	p->seg[p->nseg].role = role;
	p->nseg++;
	return MK_OK;
}

/*
 * Kernel segments: PT_LOADs contiguous in file and memory are merged (no
 * copy needed); each segment starts on a page, taking the file bytes
 * before it when its address is not page aligned.  The last page, which
 * _end may share with the bootinfo, is cut off and copied into the
 * bootinfo segment by place_bootinfo().
 */
static int place_kernel(const struct mk_plan_input *in, struct mk_plan *p,
			struct mk_diag *d)
{
	const struct mk_kernel *k = &p->kernel;
	uint32_t end_page = mk_page_down(k->end + p->memoffset);
	unsigned i = 0;

	if ((uint64_t)k->end + p->memoffset > 0xffffffffu)
		return mk_fail(d, MK_ERR_OUTSIDE_RAM,
			       "kernel 0x%x..0x%x moved to RAM at 0x%08x wraps past 4 GiB",
			       k->start, k->end, p->memoffset);
	while (i < k->nloads) {
		const struct mk_elf_load *l = &k->load[i];
		uint32_t vaddr = l->vaddr, offset = l->offset;
		uint32_t filesz = l->filesz, memsz = l->memsz;
		uint32_t phys, mem, lead, top;
		int err;

		/* Merge the following loads that continue this one exactly. */
		while (++i < k->nloads && filesz == memsz &&
		       k->load[i].vaddr == vaddr + memsz &&
		       k->load[i].offset == offset + filesz) {
			filesz += k->load[i].filesz;
			memsz += k->load[i].memsz;
		}
		phys = vaddr + p->memoffset;
		mem = mk_page_down(phys);
		lead = phys - mem;
		if (offset < lead)
			return mk_fail(d, MK_ERR_ALIGN,
				       "kernel segment at 0x%08x is not page aligned and has no file bytes before it",
				       phys);
		top = phys + memsz;
		if (top > end_page)
			top = end_page;		/* the rest goes with the bootinfo */
		if (top <= mem)
			continue;
		if (filesz > top - phys)
			filesz = top - phys;
		err = add_segment(p, MK_SEG_KERNEL, in->kernel + offset - lead,
				  filesz + lead, mem,
				  (uint32_t)page_up64(top) - mem, d);
		if (err)
			return err;
		if (p->nseg > 1 && p->seg[p->nseg - 2].role == MK_SEG_KERNEL &&
		    p->seg[p->nseg - 2].mem + p->seg[p->nseg - 2].memsz > mem)
			return mk_fail(d, MK_ERR_OVERLAP,
				       "kernel segments share the page at 0x%08x", mem);
	}
	p->kernel_start = k->start + p->memoffset;
	p->kernel_end = k->end + p->memoffset;
	return MK_OK;
}

/* Kernel bytes of the page that holds _end, up to _end (zeros for bss). */
static void copy_end_page(const struct mk_plan_input *in, struct mk_plan *p,
			  uint32_t lead)
{
	const struct mk_kernel *k = &p->kernel;
	uint32_t page_v = mk_page_down(k->end);
	unsigned i;

	memset(p->bootinfo_buf, 0, lead);
	for (i = 0; i < k->nloads; i++) {
		const struct mk_elf_load *l = &k->load[i];
		uint32_t from = l->vaddr > page_v ? l->vaddr : page_v;
		uint32_t to = l->vaddr + l->filesz;

		if (to > k->end)
			to = k->end;
		if (from < to)
			memcpy(p->bootinfo_buf + (from - page_v),
			       in->kernel + l->offset + (from - l->vaddr), to - from);
	}
}

static int build_bootinfo(const struct mk_plan_input *in, struct mk_plan *p,
			  struct mk_diag *d)
{
	const struct mk_bootinfo *old = in->bootinfo;
	size_t cmdlen = strlen(in->cmdline ? in->cmdline : "");
	unsigned i;
	int err;

	if (cmdlen > MK_CMDLINE_MAX)
		return mk_fail(d, MK_ERR_CMDLINE_TOO_LONG,
			       "command line is %zu characters, the m68k kernel keeps at most %u",
			       cmdlen, MK_CMDLINE_MAX);
	memset(&p->bi, 0, sizeof(p->bi));
	for (i = 0; i < old->nrec; i++) {
		const struct mk_bi_record *r = &old->rec[i];

		if (r->tag == BI_COMMAND_LINE || r->tag == BI_RAMDISK ||
		    r->tag == BI_RNG_SEED)
			continue;
		err = mk_bi_append(&p->bi, r->tag, r->data, r->size);
		if (err)
			return mk_fail(d, err, "bootinfo record %u: cannot copy it", i);
	}
	memset(p->cmdline_rec, 0, sizeof(p->cmdline_rec));
	memcpy(p->cmdline_rec, in->cmdline ? in->cmdline : "", cmdlen);
	err = mk_bi_append(&p->bi, BI_COMMAND_LINE, p->cmdline_rec, (uint16_t)(cmdlen + 1));
	if (!err && in->ramdisk) {
		memset(p->ramdisk_rec, 0, sizeof(p->ramdisk_rec));	/* set later */
		err = mk_bi_append(&p->bi, BI_RAMDISK, p->ramdisk_rec, sizeof(p->ramdisk_rec));
	}
	if (!err && in->seed) {
		mk_put_be16(p->seed_rec, MK_RNG_SEED_LEN);
		memcpy(p->seed_rec + 2, in->seed, MK_RNG_SEED_LEN);
		err = mk_bi_append(&p->bi, BI_RNG_SEED, p->seed_rec, 2 + MK_RNG_SEED_LEN);
	}
	if (err)
		return mk_fail(d, err, "bootinfo: no room for the new records");
	p->bootinfo_size = (uint32_t)mk_bi_size(&p->bi);
	if (p->bootinfo_size > MK_BI_MAX_SIZE)
		return mk_fail(d, MK_ERR_BI_TOO_LARGE,
			       "new bootinfo is %u bytes, the kernel keeps at most %u",
			       p->bootinfo_size, MK_BI_MAX_SIZE);
	return MK_OK;
}

/* The bootinfo segment: _end's page (kernel bytes up to _end), then the list. */
static int place_bootinfo(struct mk_plan *p, struct mk_diag *d)
{
	uint32_t mem = mk_page_down(p->kernel_end);
	uint32_t lead = p->kernel_end - mem;

	p->bootinfo_addr = p->kernel_end;
	return add_segment(p, MK_SEG_BOOTINFO, p->bootinfo_buf,
			   lead + p->bootinfo_size, mem,
			   (uint32_t)page_up64(lead + p->bootinfo_size), d);
}

/* Fill the bootinfo segment once every address in the list is known. */
static int write_bootinfo(const struct mk_plan_input *in, struct mk_plan *p,
			  struct mk_diag *d)
{
	uint32_t lead = p->kernel_end - mk_page_down(p->kernel_end);
	size_t len;
	int err;

	copy_end_page(in, p, lead);
	err = mk_bi_serialize(&p->bi, p->bootinfo_buf + lead,
			      sizeof(p->bootinfo_buf) - lead, &len, d);
	if (!err && len != p->bootinfo_size)
		err = mk_fail(d, MK_ERR_INTERNAL, "bootinfo size changed while writing it");
	return err;
}

static int range_overlaps(uint64_t a, uint64_t aend, uint64_t b, uint64_t bend)
{
	return a < bend && b < aend;
}

/* Does [start, end) collide with a segment or the early-table pages? */
static int collides(const struct mk_plan *p, uint64_t start, uint64_t end)
{
	unsigned i;

	for (i = 0; i < p->nseg; i++) {
		uint64_t s = p->seg[i].mem, e = s + p->seg[i].memsz;

		if (p->seg[i].role == MK_SEG_BOOTINFO)
			e += MK_EARLY_TABLES;
		if (range_overlaps(start, end, s, e))
			return 1;
	}
	return 0;
}

static int place_ramdisk(const struct mk_plan_input *in, struct mk_plan *p,
			 uint32_t mem_min, uint64_t mem_top, struct mk_diag *d)
{
	uint64_t memsz;
	unsigned i;

	if (!in->ramdisk)
		return MK_OK;
	if (in->ramdisk_len == 0)
		return mk_fail(d, MK_ERR_PARAM, "ramdisk is empty");
	memsz = page_up64(in->ramdisk_len);
	if (memsz > 0xffffffffu)
		return mk_fail(d, MK_ERR_NO_SPACE,
			       "ramdisk is %llu bytes, more than m68k's 4 GiB address space",
			       (unsigned long long)in->ramdisk_len);
	/* The first chunk first (as QEMU does), then the others above it. */
	for (i = 0; i < p->nchunks; i++) {
		const struct mk_memchunk *c = &p->chunk[i];
		uint64_t lo = c->addr, hi = (uint64_t)c->addr + c->size;

		if (c->addr < p->chunk[0].addr)
			continue;	/* Linux does not map chunks below the first */
		if (lo < mem_min)
			lo = mem_min;
		if (hi > mem_top)
			hi = mem_top;
		hi &= ~(uint64_t)(MK_PAGE_SIZE - 1);
		lo = page_up64(lo);
		if (hi < lo || hi - lo < memsz || collides(p, hi - memsz, hi))
			continue;
		p->ramdisk_addr = (uint32_t)(hi - memsz);
		p->ramdisk_size = (uint32_t)in->ramdisk_len;
		mk_put_be32(p->ramdisk_rec, p->ramdisk_addr);
		mk_put_be32(p->ramdisk_rec + 4, p->ramdisk_size);
		return add_segment(p, MK_SEG_RAMDISK, in->ramdisk,
				   (uint32_t)in->ramdisk_len, p->ramdisk_addr,
				   (uint32_t)memsz, d);
	}
	return mk_fail(d, MK_ERR_NO_SPACE,
		       "ramdisk (%llu bytes) fits at the top of no memory chunk at or above 0x%08x%s",
		       (unsigned long long)in->ramdisk_len, p->chunk[0].addr,
		       (mem_min || mem_top <= 0xffffffffu) ? " inside --mem-min/--mem-max" : "");
}

int mk_plan_build(const struct mk_plan_input *in, struct mk_plan *p,
		  struct mk_diag *d)
{
	uint64_t mem_top = in->mem_max ? (uint64_t)in->mem_max + 1 : 1ull << 32;
	unsigned i;
	int err;

	memset(p, 0, sizeof(*p));
	if (!in->kernel || !in->bootinfo || (in->ramdisk_len && !in->ramdisk))
		return mk_fail(d, MK_ERR_PARAM, "plan: missing kernel or bootinfo");
	if (in->mem_max && in->mem_max < in->mem_min)
		return mk_fail(d, MK_ERR_PARAM, "--mem-max 0x%x is below --mem-min 0x%x",
			       in->mem_max, in->mem_min);
	err = mk_elf_parse(in->kernel, in->kernel_len, &p->kernel, d);
	if (err)
		return err;
	err = mk_bi_memchunks(in->bootinfo, p->chunk, MK_MAX_CHUNKS, &p->nchunks, d);
	if (err)
		return err;
	p->memoffset = p->chunk[0].addr;
	/* The MMU maps pages: physical = virtual + memoffset only works for
	 * a page-aligned offset (and the end page copy assumes it). */
	if (p->memoffset % MK_PAGE_SIZE)
		return mk_fail(d, MK_ERR_BI_VALUE,
			       "first memory chunk starts at 0x%08x, not on a %u-byte page: the kernel cannot be mapped there",
			       p->memoffset, MK_PAGE_SIZE);
	p->map_size = mk_initial_map_size(p->chunk[0].size);
	p->mem_min = in->mem_min;
	p->mem_max = in->mem_max;
	p->ram_total = in->ram_total;
	if (!p->ram_total)
		for (i = 0; i < p->nchunks; i++)
			p->ram_total += p->chunk[i].size;

	err = place_kernel(in, p, d);
	if (!err)
		err = build_bootinfo(in, p, d);
	if (!err)
		err = place_bootinfo(p, d);
	if (!err)
		err = place_ramdisk(in, p, in->mem_min, mem_top, d);
	if (!err)
		err = write_bootinfo(in, p, d);
	if (err)
		return err;
	p->entry = in->have_entry ? in->entry : p->kernel.entry + p->memoffset;

	if (mk_bi_machine(in->bootinfo) != MACH_VIRT) {
		if (!p->kernel.has_bootversion)
			p->warnings |= MK_WARN_NO_BOOTVERSION;
		else if (!mk_kernel_supports_machine(&p->kernel, mk_bi_machine(in->bootinfo)))
			p->warnings |= MK_WARN_BOOTVERSION;
	}
	return mk_plan_check(p, d);
}

static const char *seg_name(const struct mk_plan *p, unsigned i, char *buf, size_t n)
{
	snprintf(buf, n, "segment %u (%s, 0x%08x..0x%08llx)", i,
		 mk_seg_role_name(p->seg[i].role), p->seg[i].mem,
		 (unsigned long long)p->seg[i].mem + p->seg[i].memsz);
	return buf;
}

static int inside_chunk(const struct mk_memchunk *c, uint64_t s, uint64_t e)
{
	return s >= c->addr && e <= (uint64_t)c->addr + c->size;
}

static int check_segment(const struct mk_plan *p, unsigned i, struct mk_diag *d)
{
	const struct mk_segment *s = &p->seg[i];
	uint64_t end = (uint64_t)s->mem + s->memsz;
	uint64_t half = p->ram_total / 2;
	char name[96];
	unsigned c;

	seg_name(p, i, name, sizeof(name));
	if (s->mem % MK_PAGE_SIZE || s->memsz % MK_PAGE_SIZE || s->memsz == 0)
		return mk_fail(d, MK_ERR_ALIGN, "%s: start and size must be non-empty multiples of %u",
			       name, MK_PAGE_SIZE);
	if (s->bufsz > s->memsz)
		return mk_fail(d, MK_ERR_PARAM, "%s: %u bytes of data exceed its %u bytes of memory",
			       name, s->bufsz, s->memsz);
	if (end > 0xffffffffu)
		return mk_fail(d, MK_ERR_OUTSIDE_RAM, "%s: wraps past 4 GiB", name);
	/* The kernel's own rule first: it names the real problem. */
	if ((s->role == MK_SEG_KERNEL || s->role == MK_SEG_BOOTINFO) &&
	    !inside_chunk(&p->chunk[0], s->mem, end))
		return mk_fail(d, MK_ERR_KERNEL_CHUNK,
			       "%s: the kernel and its bootinfo must lie in the first memory chunk 0x%08x..0x%08llx",
			       name, p->chunk[0].addr,
			       (unsigned long long)p->chunk[0].addr + p->chunk[0].size);
	for (c = 0; c < p->nchunks; c++)
		if (inside_chunk(&p->chunk[c], s->mem, end))
			break;
	if (c == p->nchunks)
		return mk_fail(d, MK_ERR_OUTSIDE_RAM, "%s: not inside any memory chunk", name);
	if (p->chunk[c].addr < p->chunk[0].addr)
		return mk_fail(d, MK_ERR_OUTSIDE_RAM,
			       "%s: below the first memory chunk at 0x%08x, which Linux does not map",
			       name, p->chunk[0].addr);
	if (s->memsz > half)
		return mk_fail(d, MK_ERR_HALF_RAM,
			       "%s: %u KiB, the kernel accepts at most half of RAM (%llu KiB)",
			       name, s->memsz >> 10, (unsigned long long)(half >> 10));
	if (s->mem < p->mem_min || (p->mem_max && end - 1 > p->mem_max))
		return mk_window_fail(d, name, p->mem_min, p->mem_max);
	/* Not only the bootinfo's end: any kernel page head.S does not map
	 * would be lost. */
	if ((s->role == MK_SEG_KERNEL || s->role == MK_SEG_BOOTINFO) &&
	    end > (uint64_t)p->chunk[0].addr + p->map_size)
		return mk_fail(d, MK_ERR_INITIAL_MAP,
			       "%s: past the initial mapping 0x%08x..0x%08llx (%u MiB)",
			       name, p->chunk[0].addr,
			       (unsigned long long)p->chunk[0].addr + p->map_size, p->map_size >> 20);
	return MK_OK;
}

int mk_plan_check(const struct mk_plan *p, struct mk_diag *d)
{
	uint64_t total = 0, map_end, tables_end = 0;
	const struct mk_segment *bi = NULL;
	int entry_ok = 0;
	unsigned i, j;
	char a[96], b[96];

	if (p->nchunks == 0 || p->nchunks > MK_MAX_CHUNKS)
		return mk_fail(d, MK_ERR_BI_MISSING, "plan has no memory chunks");
	if (p->nseg > MK_MAX_SEGMENTS)
		return mk_fail(d, MK_ERR_TOO_MANY_SEGMENTS, "%u segments, the kernel takes at most %u",
			       p->nseg, MK_MAX_SEGMENTS);
	for (i = 0; i < p->nseg; i++) {
		int err = check_segment(p, i, d);

		if (err)
			return err;
		total += p->seg[i].memsz;
		for (j = 0; j < i; j++)
			if (range_overlaps(p->seg[i].mem, (uint64_t)p->seg[i].mem + p->seg[i].memsz,
					   p->seg[j].mem, (uint64_t)p->seg[j].mem + p->seg[j].memsz))
				return mk_fail(d, MK_ERR_OVERLAP, "%s overlaps %s",
					       seg_name(p, i, a, sizeof(a)), seg_name(p, j, b, sizeof(b)));
		if (p->seg[i].role == MK_SEG_BOOTINFO) {
			if (bi)
				return mk_fail(d, MK_ERR_PARAM, "plan has two bootinfo segments");
			bi = &p->seg[i];
		}
		if (p->seg[i].role == MK_SEG_KERNEL && p->entry >= p->seg[i].mem &&
		    p->entry - p->seg[i].mem < p->seg[i].memsz)
			entry_ok = 1;
	}
	if (total > p->ram_total / 2)
		return mk_fail(d, MK_ERR_HALF_RAM,
			       "segments total %llu KiB, the kernel accepts at most half of RAM (%llu KiB)",
			       (unsigned long long)(total >> 10),
			       (unsigned long long)(p->ram_total / 2 >> 10));
	if (!entry_ok)
		return mk_fail(d, MK_ERR_ENTRY, "entry point 0x%08x is not inside a kernel segment",
			       p->entry);
	if (!bi)
		return mk_fail(d, MK_ERR_PARAM, "plan has no bootinfo segment");
	if (p->bootinfo_addr != p->kernel_end ||
	    bi->mem != mk_page_down(p->kernel_end) ||
	    bi->bufsz != p->kernel_end - bi->mem + p->bootinfo_size)
		return mk_fail(d, MK_ERR_PARAM,
			       "bootinfo must start exactly at the kernel's _end (0x%08x), not 0x%08x",
			       p->kernel_end, p->bootinfo_addr);
	/* head.S maps map_size bytes from the first chunk's start; its early
	 * page tables follow the bootinfo and must be mapped and free. */
	tables_end = (uint64_t)bi->mem + bi->memsz + MK_EARLY_TABLES;
	map_end = (uint64_t)p->chunk[0].addr + p->map_size;
	if (tables_end > map_end)
		return mk_fail(d, MK_ERR_INITIAL_MAP,
			       "kernel, bootinfo and early page tables end at 0x%08llx, past the initial mapping 0x%08x..0x%08llx (%u MiB)",
			       (unsigned long long)tables_end, p->chunk[0].addr,
			       (unsigned long long)map_end, p->map_size >> 20);
	if (tables_end > (uint64_t)p->chunk[0].addr + p->chunk[0].size)
		return mk_fail(d, MK_ERR_KERNEL_CHUNK,
			       "kernel, bootinfo and early page tables end at 0x%08llx, past the first memory chunk's end 0x%08llx",
			       (unsigned long long)tables_end,
			       (unsigned long long)p->chunk[0].addr + p->chunk[0].size);
	for (i = 0; i < p->nseg; i++)
		if (&p->seg[i] != bi &&
		    range_overlaps(p->seg[i].mem, (uint64_t)p->seg[i].mem + p->seg[i].memsz,
				   (uint64_t)bi->mem + bi->memsz, tables_end))
			return mk_fail(d, MK_ERR_OVERLAP,
				       "%s lies in the %u KiB after the bootinfo that the new kernel needs for its page tables",
				       seg_name(p, i, a, sizeof(a)), MK_EARLY_TABLES >> 10);
	return MK_OK;
}
