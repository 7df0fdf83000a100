/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plan_util.h - building plans from crafted inputs and checking a plan
 * against the machine's memory image byte by byte.
 */
#ifndef MK_TEST_PLAN_UTIL_H
#define MK_TEST_PLAN_UTIL_H

#include <sys/mman.h>

#include "harness.h"
#include "image.h"

static const uint8_t test_seed[MK_RNG_SEED_LEN] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98,
	0x76, 0x54, 0x32, 0x10, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x42,
};

/* Ramdisk bytes: address space only (the plan never reads them). */
static inline const uint8_t *rd_alloc(uint64_t len)
{
	void *p = mmap(NULL, (size_t)len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		       -1, 0);

	if (p == MAP_FAILED)
		abort();
	return p;
}

static inline void rd_free(const uint8_t *p, uint64_t len)
{
	if (p)
		munmap((void *)(uintptr_t)p, (size_t)len);
}

static inline uint64_t page_up(uint64_t v)
{
	return (v + MK_PAGE_SIZE - 1) & ~(uint64_t)(MK_PAGE_SIZE - 1);
}

static inline void input_init(struct mk_plan_input *in, const struct kimg *k,
			      const struct mk_bootinfo *bi, const char *cmdline)
{
	memset(in, 0, sizeof(*in));
	in->kernel = k->buf;
	in->kernel_len = k->len;
	in->bootinfo = bi;
	in->cmdline = cmdline;
	in->seed = test_seed;
}

/* The byte the ELF image puts at virtual address v (0 for bss or gaps);
 * *inside says whether v belongs to a load's memory image at all. */
static inline uint8_t image_byte(const struct mk_kernel *k, const uint8_t *img, uint32_t v,
				 int *inside)
{
	unsigned i;

	*inside = 0;
	for (i = 0; i < k->nloads; i++) {
		const struct mk_elf_load *l = &k->load[i];

		if (v < l->vaddr || v - l->vaddr >= l->memsz)
			continue;
		*inside = 1;
		return v - l->vaddr < l->filesz ? img[l->offset + (v - l->vaddr)] : 0;
	}
	return 0;
}

/*
 * What the new kernel finds in RAM after the copy: for every address of
 * every load, the segment that covers it holds the image's byte there
 * (zero-filled beyond bufsz).  Kernel buffers stay inside the image.
 */
static inline void check_memory_image(const struct mk_plan *p, const struct kimg *img)
{
	const struct mk_kernel *k = &p->kernel;
	unsigned i, s, bad = 0;

	for (s = 0; s < p->nseg; s++) {
		const struct mk_segment *g = &p->seg[s];

		if (g->role != MK_SEG_KERNEL)
			continue;
		CHECK((const uint8_t *)g->buf >= img->buf &&
		      (const uint8_t *)g->buf + g->bufsz <= img->buf + img->len);
	}
	for (i = 0; i < k->nloads && bad < 3; i++) {
		const struct mk_elf_load *l = &k->load[i];
		uint32_t v;

		for (v = l->vaddr; v - l->vaddr < l->memsz && bad < 3; v++) {
			uint32_t phys = v + p->memoffset;
			int inside;
			uint8_t want = image_byte(k, img->buf, v, &inside), got = 0;

			for (s = 0; s < p->nseg; s++)
				if (phys >= p->seg[s].mem && phys - p->seg[s].mem < p->seg[s].memsz)
					break;
			if (s == p->nseg) {
				h_fail(__FILE__, __LINE__, "kernel address 0x%08x is in no segment", phys);
				bad++;
				continue;
			}
			if (phys - p->seg[s].mem < p->seg[s].bufsz)
				got = ((const uint8_t *)p->seg[s].buf)[phys - p->seg[s].mem];
			if (got != want) {
				h_fail(__FILE__, __LINE__,
				       "RAM at 0x%08x (segment %u) would hold 0x%02x, the image has 0x%02x",
				       phys, s, got, want);
				bad++;
			}
		}
	}
}

/*
 * The new bootinfo inside the plan: it parses, it sits at _end, it keeps
 * the machine's records in order minus the replaced ones, then carries
 * the command line, the ramdisk (as placed) and the seed.
 */
static inline void check_new_bootinfo(const struct mk_plan *p, const struct mk_plan_input *in)
{
	static struct mk_bootinfo nb;
	const struct mk_bootinfo *old = in->bootinfo;
	const struct mk_segment *bs = NULL;
	struct mk_diag d;
	uint32_t lead;
	unsigned i, j = 0, s;
	const char *cmd = in->cmdline ? in->cmdline : "";

	for (s = 0; s < p->nseg; s++)
		if (p->seg[s].role == MK_SEG_BOOTINFO) {
			if (!CHECK(bs == NULL))
				return;
			bs = &p->seg[s];
		}
	if (!CHECK(bs != NULL))
		return;
	CHECK_EQ(p->bootinfo_addr, p->kernel_end);
	CHECK_EQ(bs->mem, mk_page_down(p->kernel_end));
	lead = p->kernel_end - bs->mem;
	CHECK_EQ(bs->bufsz, lead + p->bootinfo_size);
	CHECK_EQ(bs->memsz, page_up(bs->bufsz));
	CHECK(p->bootinfo_size <= MK_BI_MAX_SIZE);
	if (!CHECK_ERR(mk_bi_parse((const uint8_t *)bs->buf + lead, bs->bufsz - lead, &nb, &d), MK_OK))
		return;
	CHECK_EQ(nb.short_last, 0);
	CHECK_EQ(nb.length, p->bootinfo_size);
	for (i = 0; i < old->nrec; i++) {
		const struct mk_bi_record *r = &old->rec[i];

		if (r->tag == BI_COMMAND_LINE || r->tag == BI_RAMDISK || r->tag == BI_RNG_SEED)
			continue;
		if (!CHECK(j < nb.nrec))
			return;
		CHECK_EQ(nb.rec[j].tag, r->tag);
		CHECK_EQ(nb.rec[j].size, (r->size + 3u) & ~3u);
		CHECK_MEM(nb.rec[j].data, r->data, r->size);
		j++;
	}
	if (!CHECK(j < nb.nrec) || !CHECK_EQ(nb.rec[j].tag, BI_COMMAND_LINE))
		return;
	CHECK_EQ(nb.rec[j].size, (strlen(cmd) + 1 + 3) & ~(size_t)3);
	CHECK_STR((const char *)nb.rec[j].data, cmd);
	j++;
	if (in->ramdisk) {
		if (!CHECK(j < nb.nrec) || !CHECK_EQ(nb.rec[j].tag, BI_RAMDISK))
			return;
		CHECK_EQ(nb.rec[j].size, 8);
		CHECK_EQ(mk_be32(nb.rec[j].data), p->ramdisk_addr);
		CHECK_EQ(mk_be32(nb.rec[j].data + 4), p->ramdisk_size);
		CHECK_EQ(p->ramdisk_size, in->ramdisk_len);
		j++;
	}
	if (in->seed) {
		if (!CHECK(j < nb.nrec) || !CHECK_EQ(nb.rec[j].tag, BI_RNG_SEED))
			return;
		CHECK_EQ(nb.rec[j].size, 36);
		CHECK_EQ(mk_be16(nb.rec[j].data), MK_RNG_SEED_LEN);
		CHECK_MEM(nb.rec[j].data + 2, in->seed, MK_RNG_SEED_LEN);
		j++;
	}
	CHECK_EQ(nb.nrec, j);
	CHECK_EQ(mk_bi_find(&nb, BI_RAMDISK, 0) >= 0, in->ramdisk != NULL);
	CHECK_EQ(mk_bi_find(&nb, BI_RNG_SEED, 0) >= 0, in->seed != NULL);
}

/* Everything every good plan satisfies. */
static inline void check_plan_invariants(const struct mk_plan *p, const struct mk_plan_input *in,
					 const struct kimg *img)
{
	struct mk_diag d;
	uint64_t copy = 0;
	unsigned s;

	for (s = 0; s < p->nseg; s++) {
		CHECK_EQ(p->seg[s].mem % MK_PAGE_SIZE, 0);
		CHECK_EQ(p->seg[s].memsz % MK_PAGE_SIZE, 0);
		CHECK(p->seg[s].bufsz <= p->seg[s].memsz);
		copy += p->seg[s].memsz;
		if (p->seg[s].role == MK_SEG_RAMDISK) {
			CHECK(p->seg[s].buf == in->ramdisk);
			CHECK_EQ(p->seg[s].bufsz, in->ramdisk_len);
			CHECK_EQ(p->seg[s].memsz, page_up(in->ramdisk_len));
			CHECK_EQ(p->seg[s].mem, p->ramdisk_addr);
		}
	}
	CHECK_EQ(mk_plan_copy_bytes(p), copy);
	CHECK_ERR(mk_plan_check(p, &d), MK_OK);
	check_new_bootinfo(p, in);
	check_memory_image(p, img);
}

#endif
