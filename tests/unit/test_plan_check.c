// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mk_plan_check(): a good plan passes; each hand-mangled plan (one field
 * per case) is refused with its exact code, naming the segment.
 */
#include "plan_util.h"

static struct mk_plan good_virt, good_fast, p;
static struct mk_bootinfo bi_virt, bi_fast;
static struct bib b_virt, b_fast;
static struct kimg kern;
static const uint8_t *ramdisk;
#define RD_LEN	0x100064u

/* virt, 128 MiB at 0: kernel 0x1000+0x5000, bootinfo 0x6000+0x1000,
 * ramdisk 0x07eff000+0x101000. */
static int build_bases(void)
{
	struct mk_memchunk fast[2] = { { 0x01000000, 128u << 20 }, { 0, 14u << 20 } };
	struct mk_plan_input in;
	struct mk_diag d;

	kern = kimg_default();
	ramdisk = rd_alloc(RD_LEN);
	bib_virt(&b_virt, 128u << 20);
	bib_aranym(&b_fast, fast, 2);
	if (mk_bi_parse(b_virt.buf, b_virt.len, &bi_virt, &d) ||
	    mk_bi_parse(b_fast.buf, b_fast.len, &bi_fast, &d))
		return -1;
	input_init(&in, &kern, &bi_virt, "console=ttyGF0");
	in.ramdisk = ramdisk;
	in.ramdisk_len = RD_LEN;
	if (mk_plan_build(&in, &good_virt, &d))
		return -1;
	in.bootinfo = &bi_fast;
	if (mk_plan_build(&in, &good_fast, &d))
		return -1;
	return 0;
}

enum base { VIRT, FAST };

struct check_case {
	const char *name;
	enum base base;
	void (*mangle)(struct mk_plan *p);
	int want;
	const char *msg;
};

#define M(fn, body) static void fn(struct mk_plan *q) { body; }

M(m_kernel_mem_unaligned, q->seg[0].mem += 0x800)
M(m_kernel_memsz_unaligned, q->seg[0].memsz -= 0x10)
M(m_ramdisk_mem_unaligned, q->seg[2].mem += 4)
M(m_ramdisk_memsz_unaligned, q->seg[2].memsz += 1)
M(m_memsz_zero, q->seg[2].memsz = 0; q->seg[2].bufsz = 0)
M(m_bufsz_gt_memsz, q->seg[2].bufsz = q->seg[2].memsz + 1)
M(m_overlap_kernel, q->seg[2].mem = 0x4000; q->seg[2].memsz = 0x1000; q->seg[2].bufsz = 0x1000)
M(m_overlap_bootinfo, q->seg[2].mem = 0x6000; q->seg[2].memsz = 0x1000; q->seg[2].bufsz = 0x1000)
M(m_in_early_tables, q->seg[2].mem = 0x8000; q->seg[2].memsz = 0x1000; q->seg[2].bufsz = 0x1000)
M(m_last_early_table_page, q->seg[2].mem = 0x16000; q->seg[2].memsz = 0x1000; q->seg[2].bufsz = 0x1000)
M(m_17_segments, q->nseg = 17)
M(m_outside_ram, q->seg[2].mem = 0x10000000)
M(m_straddles_ram_end, q->seg[2].mem = 0x08000000 - 0x1000)
M(m_wraps_4g, q->seg[2].mem = 0xfffff000; q->seg[2].memsz = 0x2000; q->seg[2].bufsz = 0)
M(m_below_first_chunk, q->seg[2].mem = 0x00100000)
M(m_half_ram_segment, q->ram_total = 2 * 0x100000)
M(m_half_ram_total, q->ram_total = 2 * 0x104000)
M(m_mem_min, q->mem_min = 0x2000)
M(m_mem_max, q->mem_max = 0x07000000)
M(m_entry_bootinfo, q->entry = 0x6000)
M(m_entry_ramdisk, q->entry = 0x07eff000)
M(m_entry_below, q->entry = 0x0fff)
M(m_no_bootinfo, q->seg[1].role = MK_SEG_OTHER)
M(m_two_bootinfos, q->seg[2].mem = 0x20000; q->seg[2].memsz = 0x1000; q->seg[2].bufsz = 0x1000;
  q->seg[2].role = MK_SEG_BOOTINFO)
M(m_bootinfo_addr, q->bootinfo_addr += 4)
M(m_bootinfo_seg_moved, q->seg[1].mem = 0x7000)
M(m_bootinfo_bufsz, q->seg[1].bufsz -= 4)
M(m_kernel_end, q->kernel_end += 0x1000)
M(m_no_chunks, q->nchunks = 0)
M(m_map_too_small, q->map_size = 0x10000)
M(m_tables_past_chunk0, q->nseg = 2; q->chunk[0].size = 0x7000;
  q->chunk[1].addr = 0x7000; q->chunk[1].size = (128u << 20) - 0x7000; q->nchunks = 2)
M(m_kernel_in_chunk1, q->chunk[1].addr = 0x10000000; q->chunk[1].size = 16u << 20;
  q->nchunks = 2; q->seg[2].mem = 0x10000000; q->seg[2].role = MK_SEG_KERNEL)
M(m_kernel_past_map, q->seg[2].mem = 0x02000000; q->seg[2].role = MK_SEG_KERNEL)
M(m_bootinfo_in_chunk1, q->chunk[1].addr = 0x10000000; q->chunk[1].size = 16u << 20;
  q->nchunks = 2; q->seg[2].mem = 0x10000000; q->seg[2].role = MK_SEG_BOOTINFO;
  q->seg[1].role = MK_SEG_OTHER)

static const struct check_case cases[] = {
	{ "kernel-mem-unaligned", VIRT, m_kernel_mem_unaligned, MK_ERR_ALIGN, "segment 0 (kernel" },
	{ "kernel-memsz-unaligned", VIRT, m_kernel_memsz_unaligned, MK_ERR_ALIGN, "4096" },
	{ "ramdisk-mem-unaligned", VIRT, m_ramdisk_mem_unaligned, MK_ERR_ALIGN, "segment 2 (ramdisk" },
	{ "ramdisk-memsz-unaligned", VIRT, m_ramdisk_memsz_unaligned, MK_ERR_ALIGN, NULL },
	{ "memsz-zero", VIRT, m_memsz_zero, MK_ERR_ALIGN, "non-empty" },
	{ "bufsz-gt-memsz", VIRT, m_bufsz_gt_memsz, MK_ERR_PARAM, "exceed" },
	{ "overlaps-kernel", VIRT, m_overlap_kernel, MK_ERR_OVERLAP,
	  "segment 2 (ramdisk, 0x00004000..0x00005000) overlaps segment 0 (kernel" },
	{ "overlaps-bootinfo", VIRT, m_overlap_bootinfo, MK_ERR_OVERLAP, "overlaps segment 1 (bootinfo" },
	{ "in-early-tables", VIRT, m_in_early_tables, MK_ERR_OVERLAP, "page tables" },
	{ "in-last-early-table-page", VIRT, m_last_early_table_page, MK_ERR_OVERLAP, "64 KiB" },
	{ "17-segments", VIRT, m_17_segments, MK_ERR_TOO_MANY_SEGMENTS, "17 segments" },
	{ "outside-ram", VIRT, m_outside_ram, MK_ERR_OUTSIDE_RAM, "not inside any memory chunk" },
	{ "straddles-ram-end", VIRT, m_straddles_ram_end, MK_ERR_OUTSIDE_RAM, NULL },
	{ "wraps-4g", VIRT, m_wraps_4g, MK_ERR_OUTSIDE_RAM, "wraps" },
	{ "below-first-chunk", FAST, m_below_first_chunk, MK_ERR_OUTSIDE_RAM,
	  "below the first memory chunk at 0x01000000" },
	{ "segment-over-half-ram", VIRT, m_half_ram_segment, MK_ERR_HALF_RAM, "1024 KiB" },
	{ "total-over-half-ram", VIRT, m_half_ram_total, MK_ERR_HALF_RAM, "segments total 1052 KiB" },
	{ "below-mem-min", VIRT, m_mem_min, MK_ERR_MEM_WINDOW, "segment 0" },
	{ "above-mem-max", VIRT, m_mem_max, MK_ERR_MEM_WINDOW, "segment 2" },
	{ "entry-in-bootinfo", VIRT, m_entry_bootinfo, MK_ERR_ENTRY, "0x00006000" },
	{ "entry-in-ramdisk", VIRT, m_entry_ramdisk, MK_ERR_ENTRY, NULL },
	{ "entry-below-kernel", VIRT, m_entry_below, MK_ERR_ENTRY, NULL },
	{ "no-bootinfo-segment", VIRT, m_no_bootinfo, MK_ERR_PARAM, "no bootinfo segment" },
	{ "two-bootinfo-segments", VIRT, m_two_bootinfos, MK_ERR_PARAM, "two bootinfo segments" },
	{ "bootinfo-not-at-end", VIRT, m_bootinfo_addr, MK_ERR_PARAM, "exactly at the kernel's _end" },
	{ "bootinfo-segment-moved", VIRT, m_bootinfo_seg_moved, MK_ERR_PARAM, "_end" },
	{ "bootinfo-bufsz-wrong", VIRT, m_bootinfo_bufsz, MK_ERR_PARAM, "_end" },
	{ "kernel-end-moved", VIRT, m_kernel_end, MK_ERR_PARAM, "_end (0x00007000)" },
	{ "no-chunks", VIRT, m_no_chunks, MK_ERR_BI_MISSING, NULL },
	{ "initial-map-too-small", VIRT, m_map_too_small, MK_ERR_INITIAL_MAP, "0x00017000" },
	{ "early-tables-past-first-chunk", VIRT, m_tables_past_chunk0, MK_ERR_KERNEL_CHUNK, "0x00007000" },
	{ "kernel-segment-in-second-chunk", VIRT, m_kernel_in_chunk1, MK_ERR_KERNEL_CHUNK,
	  "first memory chunk" },
	{ "kernel-segment-past-initial-mapping", VIRT, m_kernel_past_map, MK_ERR_INITIAL_MAP,
	  "segment 2 (kernel" },
	{ "bootinfo-segment-in-second-chunk", VIRT, m_bootinfo_in_chunk1, MK_ERR_KERNEL_CHUNK, NULL },
};

int main(void)
{
	struct mk_diag d;
	size_t i;

	BEGIN("check/bases-build");
	if (!CHECK(build_bases() == 0))
		return DONE();
	CHECK_EQ(good_virt.nseg, 3);
	CHECK_EQ(good_virt.seg[0].mem, 0x1000);
	CHECK_EQ(good_virt.seg[1].mem, 0x6000);
	CHECK_EQ(good_virt.seg[2].mem, 0x07eff000);
	CHECK_EQ(good_virt.seg[2].memsz, 0x101000);
	CHECK_EQ(good_fast.seg[2].mem, 0x08eff000);
	END();

	BEGIN("check/good-plans-pass");
	CHECK_ERR(mk_plan_check(&good_virt, &d), MK_OK);
	CHECK_ERR(mk_plan_check(&good_fast, &d), MK_OK);
	END();

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		BEGIN("check/%s", cases[i].name);
		p = cases[i].base == VIRT ? good_virt : good_fast;
		cases[i].mangle(&p);
		memset(&d, 0, sizeof(d));
		CHECK_ERR(mk_plan_check(&p, &d), cases[i].want);
		CHECK_ERR(d.code, cases[i].want);
		if (cases[i].msg)
			CHECK_CONTAINS(d.msg, cases[i].msg);
		END();
	}

	/* The checker never writes to the plan. */
	BEGIN("check/plan-untouched");
	{
		static struct mk_plan copy;

		copy = good_virt;
		mk_plan_check(&good_virt, &d);
		CHECK(memcmp(&copy, &good_virt, sizeof(copy)) == 0);
	}
	END();

	rd_free(ramdisk, RD_LEN);
	free(kern.buf);
	return DONE();
}
