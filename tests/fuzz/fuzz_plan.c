// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The whole plan builder.  Input (tests/fuzz/gen-corpus.py writes seeds):
 *
 *   u8 flags   1 ramdisk, 2 RNG seed, 4 --entry, 8 MemTotal, 0x10 window
 *   u8 cmdlen; be16 bilen; be32 mem_min, mem_max, entry; be64 ram_total,
 *   ramdisk_len; u8 mutation[8]; cmdline[cmdlen]; bootinfo[bilen]; kernel
 *
 * Every plan built must pass mk_plan_check() and this file's own checks,
 * written from doc/load-rules.md rather than from plan.c: segments page
 * aligned, inside a chunk at or above the first, no overlap, half of RAM,
 * the kernel's bytes at physical = virtual + first chunk, the bootinfo at
 * _end with exactly the records it should have, the early-table pages
 * free and mapped.  Then the plan is mutated: whenever mk_plan_check()
 * still accepts it, the rules checked here must hold too.
 */
#include <string.h>
#include <sys/mman.h>

#include "fuzz.h"

#define RAMDISK_SPAN	(5ull << 30)	/* more than m68k can address */
#define PAGE		4096ull
#define FLAG_RAMDISK	0x01
#define FLAG_SEED	0x02
#define FLAG_ENTRY	0x04
#define FLAG_RAMTOTAL	0x08
#define FLAG_WINDOW	0x10

static const uint8_t *ramdisk_area;	/* reserved, never touched */

/* The kernel as doc/load-rules.md describes it, read straight from the ELF. */
struct raw_load {
	uint64_t offset, vaddr, filesz, memsz;
};

struct raw_kernel {
	unsigned n;
	struct raw_load l[MK_MAX_SEGMENTS];
	uint64_t end;
	uint32_t entry;
};

static void raw_elf(const uint8_t *k, size_t len, struct raw_kernel *rk)
{
	uint32_t phoff = mk_be32(k + MK_ELF_E_PHOFF);
	unsigned phnum = mk_be16(k + MK_ELF_E_PHNUM), i;

	memset(rk, 0, sizeof(*rk));
	rk->entry = mk_be32(k + MK_ELF_E_ENTRY);
	FUZZ_CHECK((uint64_t)phoff + (uint64_t)phnum * MK_ELF32_PHDR_SIZE <= len,
		   "phdrs outside a parsed ELF");
	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = k + phoff + i * MK_ELF32_PHDR_SIZE;
		struct raw_load l = { mk_be32(ph + MK_ELF_P_OFFSET), mk_be32(ph + MK_ELF_P_VADDR),
				      mk_be32(ph + MK_ELF_P_FILESZ), mk_be32(ph + MK_ELF_P_MEMSZ) };

		if (mk_be32(ph + MK_ELF_P_TYPE) != MK_ELF_PT_LOAD || l.memsz == 0)
			continue;
		if (l.offset == 0) {	/* the header page is never loaded */
			l.offset += PAGE;
			l.vaddr += PAGE;
			l.filesz -= PAGE;
			l.memsz -= PAGE;
		}
		FUZZ_CHECK(rk->n < MK_MAX_SEGMENTS, "more loads than the parser allows");
		rk->l[rk->n++] = l;
		if (l.vaddr + l.memsz > rk->end)
			rk->end = l.vaddr + l.memsz;
	}
}

static uint32_t map_size_for(uint32_t first_chunk)
{
	return first_chunk >= 16u << 20 ? 16u << 20 : first_chunk >= 8u << 20 ? 8u << 20 : 4u << 20;
}

static int overlaps(uint64_t a, uint64_t ae, uint64_t b, uint64_t be)
{
	return a < be && b < ae;
}

/*
 * The load rules of doc/load-rules.md, on the plan's segments and
 * facts (chunks, RAM, _end, window).  Returns 0 or the number of the
 * broken rule.
 */
static int rules(const struct mk_plan *p)
{
	const struct mk_segment *bi = NULL;
	uint64_t total = 0, half = p->ram_total / 2, c0 = p->chunk[0].addr;
	uint64_t c0end = c0 + p->chunk[0].size, map_end = c0 + map_size_for(p->chunk[0].size);
	uint64_t tables;
	int entry_ok = 0, nkernel = 0;
	unsigned i, j, c;

	if (p->nseg == 0 || p->nseg > MK_MAX_SEGMENTS)
		return 1;
	for (i = 0; i < p->nseg; i++) {
		const struct mk_segment *s = &p->seg[i];
		uint64_t e = (uint64_t)s->mem + s->memsz;

		if (s->mem % PAGE || s->memsz % PAGE || s->memsz == 0 || s->bufsz > s->memsz)
			return 2;
		for (c = 0; c < p->nchunks; c++)
			if (s->mem >= p->chunk[c].addr &&
			    e <= (uint64_t)p->chunk[c].addr + p->chunk[c].size &&
			    p->chunk[c].addr >= c0)
				break;
		if (c == p->nchunks)
			return 3;
		for (j = 0; j < i; j++)
			if (overlaps(s->mem, e, p->seg[j].mem, (uint64_t)p->seg[j].mem + p->seg[j].memsz))
				return 4;
		if (s->memsz > half)
			return 5;
		total += s->memsz;
		if (s->mem < p->mem_min || (p->mem_max && e - 1 > p->mem_max))
			return 6;
		if (s->role == MK_SEG_KERNEL || s->role == MK_SEG_BOOTINFO) {
			if (s->mem < c0 || e > c0end || e > map_end)
				return 7;
		}
		if (s->role == MK_SEG_KERNEL) {
			nkernel++;
			if (p->entry >= s->mem && p->entry < e)
				entry_ok = 1;
		}
		if (s->role == MK_SEG_BOOTINFO) {
			if (bi)
				return 8;
			bi = s;
		}
	}
	if (total > half)
		return 9;
	if (!nkernel || !entry_ok)
		return 10;
	if (!bi || p->bootinfo_addr != p->kernel_end ||
	    (uint64_t)bi->mem + bi->bufsz != (uint64_t)p->kernel_end + p->bootinfo_size ||
	    p->kernel_end < bi->mem)
		return 11;
	tables = (uint64_t)bi->mem + bi->memsz + MK_EARLY_TABLES;
	if (tables > c0end || tables > map_end)
		return 12;
	for (i = 0; i < p->nseg; i++)
		if (&p->seg[i] != bi &&
		    overlaps(p->seg[i].mem, (uint64_t)p->seg[i].mem + p->seg[i].memsz,
			     (uint64_t)bi->mem + bi->memsz, tables))
			return 13;
	return 0;
}

/* Byte at physical x as the kernel would write it from segment s. */
static int zero_range(const uint8_t *p, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* Every byte of every PT_LOAD is written, at physical = virtual + chunk 0. */
static void check_kernel_bytes(const struct mk_plan_input *in, const struct mk_plan *p,
			       const struct raw_kernel *rk)
{
	uint64_t off = p->chunk[0].addr;
	unsigned i, j;

	for (i = 0; i < rk->n; i++) {
		const struct raw_load *l = &rk->l[i];
		uint64_t ls = l->vaddr + off, le = ls + l->memsz, lf = ls + l->filesz;
		uint64_t covered = 0;

		for (j = 0; j < p->nseg; j++) {
			const struct mk_segment *s = &p->seg[j];
			uint64_t ss = s->mem, se = ss + s->memsz, sb = ss + s->bufsz;
			uint64_t a = ls > ss ? ls : ss, b = le < se ? le : se;
			/* [a, b) splits at the ends of the explicit bytes. */
			uint64_t cut1 = sb < lf ? sb : lf, cut2 = sb < lf ? lf : sb, x;

			if (a >= b)
				continue;
			FUZZ_CHECK(s->role == MK_SEG_KERNEL || s->role == MK_SEG_BOOTINFO,
				   "%s segment over the kernel image", mk_seg_role_name(s->role));
			covered += b - a;
			x = a;
			if (x < cut1 && x < b) {	/* both explicit */
				uint64_t e = cut1 < b ? cut1 : b;

				FUZZ_CHECK(memcmp((const uint8_t *)s->buf + (x - ss),
						  in->kernel + l->offset + (x - ls), e - x) == 0,
					   "kernel bytes at 0x%llx..0x%llx differ from the ELF",
					   (unsigned long long)x, (unsigned long long)e);
				x = e;
			}
			if (x < cut2 && x < b) {	/* one side explicit, the other zero */
				uint64_t e = cut2 < b ? cut2 : b;

				if (sb > lf)
					FUZZ_CHECK(zero_range((const uint8_t *)s->buf + (x - ss), e - x),
						   "bss at 0x%llx not zero", (unsigned long long)x);
				else
					FUZZ_CHECK(zero_range(in->kernel + l->offset + (x - ls), e - x),
						   "file bytes at 0x%llx dropped", (unsigned long long)x);
			}
		}
		FUZZ_CHECK(covered == le - ls, "PT_LOAD %u: %llu of %llu bytes written", i,
			   (unsigned long long)covered, (unsigned long long)(le - ls));
	}
	/* Kernel segments hold the image and nothing else. */
	for (j = 0; j < p->nseg; j++)
		if (p->seg[j].role == MK_SEG_KERNEL)
			FUZZ_CHECK(p->seg[j].mem >= (off + rk->l[0].vaddr) / PAGE * PAGE &&
				   (uint64_t)p->seg[j].mem + p->seg[j].memsz <= p->kernel_end,
				   "kernel segment %u outside the kernel's image", j);
}

static int count_tag(const struct mk_bootinfo *bi, uint16_t tag)
{
	unsigned i;
	int n = 0;

	for (i = 0; i < bi->nrec; i++)
		n += bi->rec[i].tag == tag;
	return n;
}

/* The list at _end: the old records, a new line, ramdisk and seed. */
static void check_bootinfo(const struct mk_plan_input *in, const struct mk_plan *p,
			   const struct mk_segment *bs)
{
	static struct mk_bootinfo nb;
	const struct mk_bootinfo *old = in->bootinfo;
	const uint8_t *list = (const uint8_t *)bs->buf + (p->kernel_end - bs->mem);
	struct mk_diag d = { 0, "" };
	unsigned i, k = 0;
	int r;

	FUZZ_CHECK(p->bootinfo_size <= MK_BI_MAX_SIZE, "bootinfo %u bytes", p->bootinfo_size);
	FUZZ_CHECK(mk_bi_parse(list, p->bootinfo_size, &nb, &d) == MK_OK, "new list: %s", d.msg);
	FUZZ_CHECK(!nb.short_last && nb.length == p->bootinfo_size, "new list length");
	FUZZ_CHECK(count_tag(&nb, BI_COMMAND_LINE) == 1, "command lines");
	r = mk_bi_find(&nb, BI_COMMAND_LINE, 0);
	FUZZ_CHECK(nb.rec[r].size >= strlen(in->cmdline) + 1 &&
		   memcmp(nb.rec[r].data, in->cmdline, strlen(in->cmdline) + 1) == 0, "command line");
	FUZZ_CHECK(count_tag(&nb, BI_RNG_SEED) == (in->seed ? 1 : 0), "seeds");
	if (in->seed) {
		r = mk_bi_find(&nb, BI_RNG_SEED, 0);
		FUZZ_CHECK(nb.rec[r].size >= 2 + MK_RNG_SEED_LEN &&
			   mk_be16(nb.rec[r].data) == MK_RNG_SEED_LEN &&
			   memcmp(nb.rec[r].data + 2, in->seed, MK_RNG_SEED_LEN) == 0, "seed");
	}
	FUZZ_CHECK(count_tag(&nb, BI_RAMDISK) == (in->ramdisk ? 1 : 0), "ramdisks");
	if (in->ramdisk) {
		r = mk_bi_find(&nb, BI_RAMDISK, 0);
		FUZZ_CHECK(nb.rec[r].size >= 8 && mk_be32(nb.rec[r].data) == p->ramdisk_addr &&
			   mk_be32(nb.rec[r].data + 4) == in->ramdisk_len, "BI_RAMDISK record");
	}
	/* Every other old record, in order, unchanged. */
	for (i = 0; i < old->nrec; i++) {
		const struct mk_bi_record *o = &old->rec[i];

		if (o->tag == BI_COMMAND_LINE || o->tag == BI_RAMDISK || o->tag == BI_RNG_SEED)
			continue;
		while (k < nb.nrec && nb.rec[k].tag != o->tag)
			k++;
		FUZZ_CHECK(k < nb.nrec && nb.rec[k].size == o->size &&
			   memcmp(nb.rec[k].data, o->data, o->size) == 0,
			   "old record %u (tag 0x%04x) lost or changed", i, o->tag);
		k++;
	}
}

static void check_plan(const struct mk_plan_input *in, const struct mk_plan *p)
{
	struct raw_kernel rk;
	const struct mk_segment *bs = NULL, *rs = NULL;
	struct mk_memchunk c[MK_MAX_CHUNKS];
	struct mk_diag d = { 0, "" };
	unsigned n = 0, i;
	int rule;

	FUZZ_CHECK(mk_plan_check(p, &d) == MK_OK, "mk_plan_check refuses a built plan: %s", d.msg);
	rule = rules(p);
	FUZZ_CHECK(rule == 0, "built plan breaks rule %d", rule);
	FUZZ_CHECK(mk_bi_memchunks(in->bootinfo, c, MK_MAX_CHUNKS, &n, NULL) == MK_OK &&
		   n == p->nchunks && memcmp(c, p->chunk, n * sizeof(c[0])) == 0, "chunks");
	FUZZ_CHECK(p->memoffset == c[0].addr, "memoffset");
	FUZZ_CHECK(p->map_size == map_size_for(c[0].size), "map size");
	if (in->ram_total)
		FUZZ_CHECK(p->ram_total == in->ram_total, "ram_total");
	raw_elf(in->kernel, in->kernel_len, &rk);
	FUZZ_CHECK(rk.n >= 1, "no loads");
	FUZZ_CHECK(p->kernel_end == c[0].addr + rk.end, "_end 0x%x, ELF says 0x%llx + 0x%x",
		   p->kernel_end, (unsigned long long)rk.end, c[0].addr);
	FUZZ_CHECK(p->entry == (in->have_entry ? in->entry : rk.entry + c[0].addr), "entry");
	for (i = 0; i < p->nseg; i++) {
		if (p->seg[i].role == MK_SEG_BOOTINFO)
			bs = &p->seg[i];
		if (p->seg[i].role == MK_SEG_RAMDISK) {
			FUZZ_CHECK(!rs, "two ramdisks");
			rs = &p->seg[i];
		}
	}
	FUZZ_CHECK(bs && bs->mem <= p->kernel_end &&
		   bs->mem + bs->bufsz == (uint64_t)p->kernel_end + p->bootinfo_size, "bootinfo segment");
	check_kernel_bytes(in, p, &rk);
	check_bootinfo(in, p, bs);
	if (in->ramdisk) {
		FUZZ_CHECK(rs && rs->buf == in->ramdisk && rs->bufsz == in->ramdisk_len &&
			   rs->mem == p->ramdisk_addr && p->ramdisk_size == in->ramdisk_len,
			   "ramdisk segment");
	} else {
		FUZZ_CHECK(!rs && !p->ramdisk_addr && !p->ramdisk_size, "ramdisk without one");
	}
}

/* Change the plan; if mk_plan_check still accepts it, it must obey the rules. */
static void mutate(const struct mk_plan *good, const uint8_t m[8])
{
	static struct mk_plan p;
	unsigned i = good->nseg ? m[1] % good->nseg : 0;
	uint32_t v = mk_be32(m + 4);
	int err, rule;

	if (!m[0])
		return;
	p = *good;
	switch (m[0] % 10) {
	case 0:
		p.seg[i].mem += v;
		break;
	case 1:
		p.seg[i].memsz += v;
		break;
	case 2:
		p.seg[i].bufsz += v;
		break;
	case 3:
		p.entry = v;
		break;
	case 4:
		p.bootinfo_addr += v;
		break;
	case 5: {	/* order does not matter: still valid */
		struct mk_segment t = p.seg[i];
		unsigned j = m[2] % p.nseg;

		p.seg[i] = p.seg[j];
		p.seg[j] = t;
		break;
	}
	case 6:
		if (p.nseg < MK_MAX_SEGMENTS)
			p.seg[p.nseg++] = p.seg[i];
		break;
	case 7:
		p.seg[i] = p.seg[--p.nseg];
		break;
	case 8:
		p.seg[i].role = (enum mk_seg_role)(m[2] % 4);
		break;
	default:
		p.seg[i].mem += v & ~(MK_PAGE_SIZE - 1);
		p.seg[i].memsz += (uint32_t)m[2] << 12;
		break;
	}
	err = mk_plan_check(&p, NULL);
	rule = rules(&p);
	if (err == MK_OK)
		FUZZ_CHECK(rule == 0, "mk_plan_check accepts a plan that breaks rule %d (mutation %u)",
			   rule, m[0] % 10);
	if (m[0] % 10 == 5)
		FUZZ_CHECK(err == MK_OK && rule == 0, "reordering the segments broke the plan");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mk_plan plan, again;
	static struct mk_bootinfo bi;
	static uint8_t seed[MK_RNG_SEED_LEN];
	struct fuzz_in in = { data, size };
	struct mk_plan_input pi;
	struct mk_diag d = { 0, "" };
	char cmdline[300];
	uint8_t flags, cmdlen, mut[8];
	uint16_t bilen;
	uint32_t mem_min, mem_max, entry;
	uint64_t ram_total, ramdisk_len;
	const uint8_t *p;
	uint8_t *bibuf, *kernel;
	size_t len, klen;
	int err;

	if (!ramdisk_area) {
		void *a = mmap(NULL, RAMDISK_SPAN, PROT_READ,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		FUZZ_CHECK(a != MAP_FAILED, "cannot reserve the ramdisk area");
		ramdisk_area = a;
		memset(seed, 0xa5, sizeof(seed));
	}
	flags = fuzz_u8(&in);
	cmdlen = fuzz_u8(&in);
	bilen = fuzz_be16(&in);
	mem_min = fuzz_be32(&in);
	mem_max = fuzz_be32(&in);
	entry = fuzz_be32(&in);
	ram_total = fuzz_be64(&in);
	ramdisk_len = fuzz_be64(&in);
	memcpy(mut, fuzz_bytes(&in, 8, &len), len);
	memset(mut + len, 0, sizeof(mut) - len);
	p = fuzz_bytes(&in, cmdlen, &len);
	memcpy(cmdline, p, len);
	cmdline[len] = '\0';
	p = fuzz_bytes(&in, bilen, &len);
	bibuf = malloc(len ? len : 1);
	memcpy(bibuf, p, len);
	err = mk_bi_parse(bibuf, len, &bi, NULL);
	if (err) {
		free(bibuf);
		return 0;
	}
	klen = in.n;
	kernel = malloc(klen ? klen : 1);
	memcpy(kernel, in.p, klen);

	memset(&pi, 0, sizeof(pi));
	pi.kernel = kernel;
	pi.kernel_len = klen;
	pi.bootinfo = &bi;
	pi.cmdline = cmdline;
	if (flags & FLAG_RAMDISK) {
		pi.ramdisk = ramdisk_area;
		pi.ramdisk_len = ramdisk_len % RAMDISK_SPAN;
	}
	pi.seed = flags & FLAG_SEED ? seed : NULL;
	if (flags & FLAG_WINDOW) {
		pi.mem_min = mem_min;
		pi.mem_max = mem_max;
	}
	pi.have_entry = !!(flags & FLAG_ENTRY);
	pi.entry = entry;
	pi.ram_total = flags & FLAG_RAMTOTAL ? ram_total & 0xffffffffffull : 0;

	err = mk_plan_build(&pi, &plan, &d);
	if (err == MK_OK) {
		check_plan(&pi, &plan);
		/* Pure: the same input gives the same plan, byte for byte (built
		 * into the same object: the plan points into itself). */
		again = plan;
		FUZZ_CHECK(mk_plan_build(&pi, &plan, NULL) == MK_OK &&
			   memcmp(&plan, &again, sizeof(plan)) == 0, "second build differs");
		mutate(&plan, mut);
	} else {
		FUZZ_CHECK(err < 0, "error %d", err);
		FUZZ_CHECK_DIAG(err, &d);
	}
	free(kernel);
	free(bibuf);
	return 0;
}
