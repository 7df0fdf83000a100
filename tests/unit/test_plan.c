// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mk_plan_build(): every address of the plan on each machine layout
 * (QEMU virt, q800, ARAnyM with ST-RAM or FastRAM first, an Amiga with
 * RAM at 0x07000000), the new bootinfo, and each error with its code.
 */
#include "plan_util.h"

static struct mk_plan plan;
static struct mk_bootinfo bi;
static struct bib b;

/* ------------------------------------------------------------------ */
/* Layouts: every address                                               */

#define BI_SEG	0xffffffffu	/* bufsz of the bootinfo segment: _end's lead + list */

struct seg_want {
	enum mk_seg_role role;
	uint32_t mem, memsz, bufsz;
	uint32_t file_off;	/* kernel: where buf points into the image */
};

struct layout {
	const char *name;
	void (*bootinfo)(struct bib *b);
	struct kspec k;
	uint64_t ramdisk_len;	/* 0: none */
	const char *cmdline;
	/* expected */
	uint32_t entry, memoffset, map_size;
	uint32_t kernel_start, kernel_end;
	uint32_t ramdisk_addr;
	unsigned warnings;
	unsigned nseg;
	struct seg_want seg[4];
};

static void bi_virt128(struct bib *p)
{
	bib_virt(p, 128u << 20);
}

static void bi_q800_64(struct bib *p)
{
	bib_q800(p, 64u << 20);
}

static void bi_aranym_st_first(struct bib *p)
{
	struct mk_memchunk c[2] = { { 0, 14u << 20 }, { 0x01000000, 64u << 20 } };

	bib_aranym(p, c, 2);
}

static void bi_aranym_fast_first(struct bib *p)
{
	struct mk_memchunk c[2] = { { 0x01000000, 128u << 20 }, { 0, 14u << 20 } };

	bib_aranym(p, c, 2);
}

static void bi_amiga(struct bib *p)
{
	bib_amiga(p);
}

#define K_DEFAULT KSPEC_DEFAULT

static const struct layout layouts[] = {
	{
		"virt-128m", bi_virt128, K_DEFAULT, 0x100064, "console=ttyGF0",
		0x2000, 0, 16u << 20, 0x1000, 0x6000, 0x07eff000, 0, 3, {
			{ MK_SEG_KERNEL, 0x1000, 0x5000, 0x2000, 0x1000 },
			{ MK_SEG_BOOTINFO, 0x6000, 0x1000, BI_SEG, 0 },
			{ MK_SEG_RAMDISK, 0x07eff000, 0x101000, 0x100064, 0 },
		},
	},
	{
		"virt-128m-no-ramdisk", bi_virt128, K_DEFAULT, 0, "",
		0x2000, 0, 16u << 20, 0x1000, 0x6000, 0, 0, 2, {
			{ MK_SEG_KERNEL, 0x1000, 0x5000, 0x2000, 0x1000 },
			{ MK_SEG_BOOTINFO, 0x6000, 0x1000, BI_SEG, 0 },
		},
	},
	{
		"q800-64m", bi_q800_64, K_DEFAULT, 4u << 20, "console=ttyS0",
		0x2000, 0, 16u << 20, 0x1000, 0x6000, 0x03c00000, 0, 3, {
			{ MK_SEG_KERNEL, 0x1000, 0x5000, 0x2000, 0x1000 },
			{ MK_SEG_BOOTINFO, 0x6000, 0x1000, BI_SEG, 0 },
			{ MK_SEG_RAMDISK, 0x03c00000, 0x400000, 4u << 20, 0 },
		},
	},
	/* ST-RAM first: physical = virtual; a small ramdisk at the top of ST-RAM. */
	{
		"aranym-st-first-small-ramdisk", bi_aranym_st_first, K_DEFAULT, 1u << 20, "console=nfcon",
		0x2000, 0, 8u << 20, 0x1000, 0x6000, 0x00d00000, 0, 3, {
			{ MK_SEG_KERNEL, 0x1000, 0x5000, 0x2000, 0x1000 },
			{ MK_SEG_BOOTINFO, 0x6000, 0x1000, BI_SEG, 0 },
			{ MK_SEG_RAMDISK, 0x00d00000, 0x100000, 1u << 20, 0 },
		},
	},
	/* A ramdisk too big for 14 MiB of ST-RAM goes to the top of FastRAM. */
	{
		"aranym-st-first-16m-ramdisk", bi_aranym_st_first, K_DEFAULT, 16u << 20, "console=nfcon",
		0x2000, 0, 8u << 20, 0x1000, 0x6000, 0x04000000, 0, 3, {
			{ MK_SEG_KERNEL, 0x1000, 0x5000, 0x2000, 0x1000 },
			{ MK_SEG_BOOTINFO, 0x6000, 0x1000, BI_SEG, 0 },
			{ MK_SEG_RAMDISK, 0x04000000, 0x1000000, 16u << 20, 0 },
		},
	},
	/* FastRAM first: physical = virtual + 0x01000000. */
	{
		"aranym-fast-first", bi_aranym_fast_first, K_DEFAULT, 1u << 20, "console=nfcon",
		0x01002000, 0x01000000, 16u << 20, 0x01001000, 0x01006000, 0x08f00000, 0, 3, {
			{ MK_SEG_KERNEL, 0x01001000, 0x5000, 0x2000, 0x1000 },
			{ MK_SEG_BOOTINFO, 0x01006000, 0x1000, BI_SEG, 0 },
			{ MK_SEG_RAMDISK, 0x08f00000, 0x100000, 1u << 20, 0 },
		},
	},
	{
		"amiga-0x07000000", bi_amiga, K_DEFAULT, 2u << 20, "root=/dev/ram0",
		0x07002000, 0x07000000, 16u << 20, 0x07001000, 0x07006000, 0x07e00000, 0, 3, {
			{ MK_SEG_KERNEL, 0x07001000, 0x5000, 0x2000, 0x1000 },
			{ MK_SEG_BOOTINFO, 0x07006000, 0x1000, BI_SEG, 0 },
			{ MK_SEG_RAMDISK, 0x07e00000, 0x200000, 2u << 20, 0 },
		},
	},
	/* _end mid-page: the kernel segment stops at the page below _end;
	 * the bootinfo segment starts there with the kernel's bytes of that
	 * page (file bytes to 0x3400, bss zeros to 0x3800), then the list. */
	{
		"virt-end-mid-page", bi_virt128,
		{ .text = 0x2400, .bss = 0x400, .nbv = 0 }, 0x1000, "",
		0x2000, 0, 16u << 20, 0x1000, 0x3800, 0x07fff000, 0, 3, {
			{ MK_SEG_KERNEL, 0x1000, 0x2000, 0x2000, 0x1000 },
			{ MK_SEG_BOOTINFO, 0x3000, 0x1000, BI_SEG, 0 },
			{ MK_SEG_RAMDISK, 0x07fff000, 0x1000, 0x1000, 0 },
		},
	},
	{
		"amiga-end-mid-page", bi_amiga,
		{ .text = 0x2400, .bss = 0x404, .nbv = 1, .bv = { { MACH_AMIGA, 0x20000 } } }, 0, "",
		0x07002000, 0x07000000, 16u << 20, 0x07001000, 0x07003804, 0, 0, 2, {
			{ MK_SEG_KERNEL, 0x07001000, 0x2000, 0x2000, 0x1000 },
			{ MK_SEG_BOOTINFO, 0x07003000, 0x1000, BI_SEG, 0 },
		},
	},
	/* _end mid-page with file bytes right up to _end (no bss at all). */
	{
		"virt-end-mid-page-no-bss", bi_virt128,
		{ .text = 0x2a00, .bss = 0, .nbv = 0 }, 0, "",
		0x2000, 0, 16u << 20, 0x1000, 0x3a00, 0, 0, 2, {
			{ MK_SEG_KERNEL, 0x1000, 0x2000, 0x2000, 0x1000 },
			{ MK_SEG_BOOTINFO, 0x3000, 0x1000, BI_SEG, 0 },
		},
	},
	/* A bootinfo that straddles a page: its segment takes two pages. */
	{
		"virt-end-near-page-end", bi_virt128,
		{ .text = 0x2f00, .bss = 0xf8, .nbv = 0 }, 0, "",
		0x2000, 0, 16u << 20, 0x1000, 0x3ff8, 0, 0, 2, {
			{ MK_SEG_KERNEL, 0x1000, 0x2000, 0x2000, 0x1000 },
			{ MK_SEG_BOOTINFO, 0x3000, 0x2000, BI_SEG, 0 },
		},
	},
	/* Two loads with a gap: two kernel segments. */
	{
		"virt-two-loads-gap", bi_virt128,
		{ .text = 0x2000, .nbv = 0, .second = 1, .s_offset = 0x3000, .s_vaddr = 0x5000,
		  .s_filesz = 0x1000, .s_memsz = 0x2000 }, 0, "",
		0x2000, 0, 16u << 20, 0x1000, 0x7000, 0, 0, 3, {
			{ MK_SEG_KERNEL, 0x1000, 0x2000, 0x2000, 0x1000 },
			{ MK_SEG_KERNEL, 0x5000, 0x2000, 0x1000, 0x3000 },
			{ MK_SEG_BOOTINFO, 0x7000, 0x1000, BI_SEG, 0 },
		},
	},
	/* Two loads back to back in file and memory: one segment. */
	{
		"virt-two-loads-merged", bi_virt128,
		{ .text = 0x2000, .nbv = 0, .second = 1, .s_offset = 0x3000, .s_vaddr = 0x3000,
		  .s_filesz = 0x1000, .s_memsz = 0x3000 }, 0, "",
		0x2000, 0, 16u << 20, 0x1000, 0x6000, 0, 0, 2, {
			{ MK_SEG_KERNEL, 0x1000, 0x5000, 0x3000, 0x1000 },
			{ MK_SEG_BOOTINFO, 0x6000, 0x1000, BI_SEG, 0 },
		},
	},
	/* A second load that starts mid-page takes the file bytes before it. */
	{
		"virt-second-load-mid-page", bi_virt128,
		{ .text = 0x2000, .nbv = 0, .second = 1, .s_offset = 0x3800, .s_vaddr = 0x4800,
		  .s_filesz = 0x800, .s_memsz = 0x1800 }, 0, "",
		0x2000, 0, 16u << 20, 0x1000, 0x6000, 0, 0, 3, {
			{ MK_SEG_KERNEL, 0x1000, 0x2000, 0x2000, 0x1000 },
			{ MK_SEG_KERNEL, 0x4000, 0x2000, 0x1000, 0x3000 },
			{ MK_SEG_BOOTINFO, 0x6000, 0x1000, BI_SEG, 0 },
		},
	},
};

static void run_layout(const struct layout *L)
{
	struct mk_plan_input in;
	struct mk_diag d = { 0, "" };
	struct kimg k;
	const uint8_t *rd = NULL;
	unsigned s;
	int err;

	BEGIN("plan/layout-%s", L->name);
	k = kimg_build(&L->k);
	L->bootinfo(&b);
	if (!CHECK_ERR(mk_bi_parse(b.buf, b.len, &bi, &d), MK_OK))
		goto out;
	input_init(&in, &k, &bi, L->cmdline);
	if (L->ramdisk_len) {
		rd = rd_alloc(L->ramdisk_len);
		in.ramdisk = rd;
		in.ramdisk_len = L->ramdisk_len;
	}
	err = mk_plan_build(&in, &plan, &d);
	if (!CHECK_ERR(err, MK_OK)) {
		h_fail(__FILE__, __LINE__, "diag: %s", d.msg);
		goto out;
	}
	CHECK_EQ(plan.entry, L->entry);
	CHECK_EQ(plan.memoffset, L->memoffset);
	CHECK_EQ(plan.map_size, L->map_size);
	CHECK_EQ(plan.kernel_start, L->kernel_start);
	CHECK_EQ(plan.kernel_end, L->kernel_end);
	CHECK_EQ(plan.bootinfo_addr, L->kernel_end);
	CHECK_EQ(plan.ramdisk_addr, L->ramdisk_addr);
	CHECK_EQ(plan.ramdisk_size, L->ramdisk_len);
	CHECK_EQ(plan.warnings, L->warnings);
	CHECK_EQ(plan.chunk[0].addr, L->memoffset);
	if (CHECK_EQ(plan.nseg, L->nseg)) {
		for (s = 0; s < L->nseg; s++) {
			const struct seg_want *w = &L->seg[s];
			const struct mk_segment *g = &plan.seg[s];

			CHECK_EQ(g->role, w->role);
			CHECK_EQ(g->mem, w->mem);
			CHECK_EQ(g->memsz, w->memsz);
			if (w->bufsz == BI_SEG) {
				CHECK_EQ(g->bufsz, (L->kernel_end - w->mem) + plan.bootinfo_size);
				CHECK(g->buf == plan.bootinfo_buf);
			} else {
				CHECK_EQ(g->bufsz, w->bufsz);
			}
			if (w->role == MK_SEG_KERNEL)
				CHECK_EQ((const uint8_t *)g->buf - k.buf, w->file_off);
		}
	}
	/* The list's size, from the inputs: inherited records + new ones. */
	{
		size_t want = 4, cl = strlen(L->cmdline) + 1;

		for (s = 0; s < bi.nrec; s++)
			if (bi.rec[s].tag != BI_COMMAND_LINE && bi.rec[s].tag != BI_RAMDISK &&
			    bi.rec[s].tag != BI_RNG_SEED)
				want += 4 + bi.rec[s].size;
		want += 4 + ((cl + 3) & ~(size_t)3);
		want += L->ramdisk_len ? 12 : 0;
		want += 40;
		CHECK_EQ(plan.bootinfo_size, want);
	}
	check_plan_invariants(&plan, &in, &k);
out:
	END();
	rd_free(rd, L->ramdisk_len);
	free(k.buf);
}

/* The bytes of _end's page in front of the list, spelled out. */
static void test_end_page_bytes(void)
{
	struct kspec ks = { .text = 0x2400, .bss = 0x400, .nbv = 0 };
	struct mk_plan_input in;
	struct mk_diag d;
	struct kimg k = kimg_build(&ks);
	const uint8_t *seg;
	static const uint8_t zeros[0x400];

	BEGIN("plan/end-mid-page-lead-bytes");
	bib_virt(&b, 128u << 20);
	mk_bi_parse(b.buf, b.len, &bi, &d);
	input_init(&in, &k, &bi, "x");
	if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK) && CHECK_EQ(plan.nseg, 2)) {
		seg = plan.seg[1].buf;
		CHECK_EQ(plan.seg[1].mem, 0x3000);
		CHECK_MEM(seg, k.buf + 0x3000, 0x400);		/* file bytes */
		CHECK_MEM(seg + 0x400, zeros, 0x400);		/* bss */
		CHECK_EQ(mk_be16(seg + 0x800), BI_MACHTYPE);	/* the list at _end */
		CHECK_EQ(mk_be16(seg + 0x802), 8);
		CHECK_EQ(mk_be32(seg + 0x804), MACH_VIRT);
		CHECK_EQ(mk_be16(seg + plan.seg[1].bufsz - 4), BI_LAST);
		CHECK_EQ(mk_be16(seg + plan.seg[1].bufsz - 2), 4);
	}
	END();
	free(k.buf);
}

/* ------------------------------------------------------------------ */
/* The new bootinfo                                                     */

static void test_new_bootinfo(void)
{
	struct kimg k = kimg_default();
	struct mk_plan_input in;
	struct mk_diag d;
	static struct mk_bootinfo nb;
	const uint8_t *rd = rd_alloc(0x3000);
	int i;

	bib_virt(&b, 128u << 20);
	mk_bi_parse(b.buf, b.len, &bi, &d);

	BEGIN("plan/bi-old-ramdisk-dropped-without-ramdisk");
	input_init(&in, &k, &bi, "console=ttyGF0");
	if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK)) {
		CHECK_EQ(mk_bi_find(&plan.bi, BI_RAMDISK, 0), -1);
		CHECK_EQ(plan.ramdisk_addr, 0);
		CHECK_EQ(plan.ramdisk_size, 0);
		check_new_bootinfo(&plan, &in);
	}
	END();

	BEGIN("plan/bi-ramdisk-record-equals-plan");
	in.ramdisk = rd;
	in.ramdisk_len = 0x2345;
	if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK)) {
		const struct mk_segment *bs = &plan.seg[1];

		CHECK_EQ(plan.ramdisk_addr, 0x08000000 - 0x3000);
		CHECK_EQ(plan.ramdisk_size, 0x2345);
		CHECK_ERR(mk_bi_parse((const uint8_t *)bs->buf, bs->bufsz, &nb, &d), MK_OK);
		i = mk_bi_find(&nb, BI_RAMDISK, 0);
		if (CHECK(i >= 0)) {
			CHECK_EQ(mk_be32(nb.rec[i].data), 0x07ffd000);
			CHECK_EQ(mk_be32(nb.rec[i].data + 4), 0x2345);
		}
		CHECK_EQ(mk_bi_find(&nb, BI_RAMDISK, (unsigned)i + 1), -1);
	}
	END();

	BEGIN("plan/bi-seed-replaced");
	if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK)) {
		const struct mk_segment *bs = &plan.seg[1];

		mk_bi_parse((const uint8_t *)bs->buf, bs->bufsz, &nb, &d);
		i = mk_bi_find(&nb, BI_RNG_SEED, 0);
		if (CHECK(i >= 0)) {
			CHECK_EQ(nb.rec[i].size, 36);
			CHECK_EQ(mk_be16(nb.rec[i].data), 32);
			CHECK_MEM(nb.rec[i].data + 2, test_seed, 32);
			CHECK_MEM(nb.rec[i].data + 34, "\0\0", 2);
		}
		CHECK_EQ(mk_bi_find(&nb, BI_RNG_SEED, (unsigned)i + 1), -1);
	}
	END();

	BEGIN("plan/bi-no-seed-given-old-one-dropped");
	in.seed = NULL;
	if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK)) {
		CHECK_EQ(mk_bi_find(&plan.bi, BI_RNG_SEED, 0), -1);
		check_new_bootinfo(&plan, &in);
	}
	in.seed = test_seed;
	END();

	BEGIN("plan/bi-empty-cmdline-record");
	in.cmdline = "";
	if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK)) {
		i = mk_bi_find(&plan.bi, BI_COMMAND_LINE, 0);
		if (CHECK(i >= 0)) {
			CHECK_EQ(plan.bi.rec[i].size, 1);
			CHECK_EQ(plan.bi.rec[i].data[0], 0);
		}
		check_new_bootinfo(&plan, &in);
	}
	END();

	BEGIN("plan/bi-null-cmdline-is-empty");
	in.cmdline = NULL;
	if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK))
		check_new_bootinfo(&plan, &in);
	END();

	BEGIN("plan/bi-255-char-cmdline");
	{
		char line[256];

		memset(line, 'c', 255);
		line[255] = '\0';
		in.cmdline = line;
		if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK)) {
			i = mk_bi_find(&plan.bi, BI_COMMAND_LINE, 0);
			CHECK_EQ(plan.bi.rec[i].size, 256);
			check_new_bootinfo(&plan, &in);
		}
		line[255] = 'c';
		line[255] = '\0';
	}
	END();

	/* Old records are copied however many there are, in order. */
	BEGIN("plan/bi-keeps-duplicate-and-unknown-records");
	{
		bib_init(&b);
		bib_cpu(&b, MACH_VIRT, 4, 4, 4);
		bib_chunk(&b, 0, 64u << 20);
		bib_u32(&b, 0x8123, 0xabcdef01);
		bib_str(&b, BI_COMMAND_LINE, "a");
		bib_chunk(&b, 0x10000000, 16u << 20);
		bib_str(&b, BI_COMMAND_LINE, "b");
		bib_u32x2(&b, BI_RAMDISK, 0x1000000, 0x1000);
		bib_u32x2(&b, BI_RAMDISK, 0x2000000, 0x1000);
		bib_rec(&b, 0x7000, "xyz", 3);
		bib_last(&b, 1);
		mk_bi_parse(b.buf, b.len, &bi, &d);
		input_init(&in, &k, &bi, "new");
		if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK)) {
			CHECK_EQ(plan.bi.nrec, 10);
			CHECK_EQ(plan.nchunks, 2);
			check_new_bootinfo(&plan, &in);
		}
	}
	END();

	BEGIN("plan/deterministic");
	{
		static struct mk_plan p2;

		bib_virt(&b, 128u << 20);
		mk_bi_parse(b.buf, b.len, &bi, &d);
		input_init(&in, &k, &bi, "console=ttyGF0");
		in.ramdisk = rd;
		in.ramdisk_len = 0x3000;
		CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK);
		CHECK_ERR(mk_plan_build(&in, &p2, &d), MK_OK);
		CHECK_EQ(p2.nseg, plan.nseg);
		CHECK_EQ(p2.entry, plan.entry);
		for (i = 0; i < (int)plan.nseg; i++) {
			CHECK_EQ(p2.seg[i].mem, plan.seg[i].mem);
			CHECK_EQ(p2.seg[i].memsz, plan.seg[i].memsz);
			CHECK_EQ(p2.seg[i].bufsz, plan.seg[i].bufsz);
		}
		CHECK_MEM(p2.bootinfo_buf, plan.bootinfo_buf, plan.seg[1].bufsz);
	}
	END();

	rd_free(rd, 0x3000);
	free(k.buf);
}

/* ------------------------------------------------------------------ */
/* Warnings                                                             */

static void test_warnings(void)
{
	struct mk_plan_input in;
	struct mk_diag d;
	struct kimg k = kimg_default();
	struct kspec nobv = KSPEC_DEFAULT;
	struct kimg k2;

	nobv.nbv = -1;
	k2 = kimg_build(&nobv);

	BEGIN("plan/warn-machine-not-in-bootversion");
	bib_virt(&b, 128u << 20);
	mk_put_be32(b.buf + 4, MACH_Q40);
	mk_bi_parse(b.buf, b.len, &bi, &d);
	input_init(&in, &k, &bi, "");
	CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK);
	CHECK_EQ(plan.warnings, MK_WARN_BOOTVERSION);
	END();

	BEGIN("plan/warn-no-bootversion-table");
	bib_q800(&b, 64u << 20);
	mk_bi_parse(b.buf, b.len, &bi, &d);
	input_init(&in, &k2, &bi, "");
	CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK);
	CHECK_EQ(plan.warnings, MK_WARN_NO_BOOTVERSION);
	END();

	/* Linux has no bootversion entry for virt: no warning there. */
	BEGIN("plan/no-warning-on-virt");
	bib_virt(&b, 128u << 20);
	mk_bi_parse(b.buf, b.len, &bi, &d);
	input_init(&in, &k2, &bi, "");
	CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK);
	CHECK_EQ(plan.warnings, 0);
	input_init(&in, &k, &bi, "");
	CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK);
	CHECK_EQ(plan.warnings, 0);
	END();

	free(k.buf);
	free(k2.buf);
}

/* ------------------------------------------------------------------ */
/* Errors                                                               */

struct err_case {
	const char *name;
	void (*bootinfo)(struct bib *b);
	struct kspec k;
	uint64_t ramdisk_len;
	uint32_t mem_min, mem_max;
	int have_entry;
	uint32_t entry;
	uint64_t ram_total;
	int want;
	const char *msg;	/* the diag contains this */
};

static void bi_two_chunks_2m(struct bib *p)
{
	bib_init(p);
	bib_cpu(p, MACH_AMIGA, 4, 4, 4);
	bib_chunk(p, 0, 2u << 20);
	bib_chunk(p, 0x01000000, 64u << 20);
	bib_last(p, 0);
}

static void bi_four_chunks_4m(struct bib *p)
{
	unsigned i;

	bib_init(p);
	bib_cpu(p, MACH_ATARI, 4, 4, 4);
	for (i = 0; i < 4; i++)
		bib_chunk(p, i << 24, 4u << 20);
	bib_last(p, 0);
}

static void bi_chunk_below(struct bib *p)
{
	bib_init(p);
	bib_cpu(p, MACH_AMIGA, 4, 4, 4);
	bib_chunk(p, 0x07000000, 16u << 20);
	bib_chunk(p, 0x00200000, 64u << 20);
	bib_last(p, 0);
}

static void bi_st14_first_fast16(struct bib *p)
{
	struct mk_memchunk c[2] = { { 0, 14u << 20 }, { 0x01000000, 16u << 20 } };

	bib_aranym(p, c, 2);
}

static void bi_no_memchunk(struct bib *p)
{
	bib_init(p);
	bib_cpu(p, MACH_VIRT, 4, 4, 4);
	bib_str(p, BI_COMMAND_LINE, "x");
	bib_last(p, 0);
}

static void bi_unaligned_chunk(struct bib *p)
{
	bib_init(p);
	bib_cpu(p, MACH_AMIGA, 4, 4, 4);
	bib_chunk(p, 0x07000800, 16u << 20);
	bib_last(p, 0);
}

static void bi_bad_memchunk(struct bib *p)
{
	bib_init(p);
	bib_cpu(p, MACH_VIRT, 4, 4, 4);
	bib_chunk(p, 0xfff00000, 0x00200000);
	bib_last(p, 0);
}

static void bi_top_chunk(struct bib *p)
{
	bib_init(p);
	bib_cpu(p, MACH_VIRT, 4, 4, 4);
	bib_chunk(p, 0xfff00000, 0x00100000);
	bib_last(p, 0);
}

static void bi_many_big_records(struct bib *p)
{
	static const uint8_t big[400];
	unsigned i;

	bib_virt(p, 128u << 20);
	p->len -= 4;	/* reopen the list */
	for (i = 0; i < 4; i++)
		bib_rec(p, 0x8100, big, sizeof(big));
	bib_last(p, 0);
}

#define KS(t, z) { .text = (t), .bss = (z), .nbv = 0 }

static const struct err_case errs[] = {
	{ "no-memchunk", bi_no_memchunk, K_DEFAULT, 0, 0, 0, 0, 0, 0, MK_ERR_BI_MISSING, "BI_MEMCHUNK" },
	/* physical = virtual + first chunk: the MMU needs that on a page */
	{ "first-chunk-not-on-a-page", bi_unaligned_chunk, K_DEFAULT, 0, 0, 0, 0, 0, 0,
	  MK_ERR_BI_VALUE, "0x07000800" },
	{ "memchunk-wraps", bi_bad_memchunk, K_DEFAULT, 0, 0, 0, 0, 0, 0, MK_ERR_BI_VALUE, "wraps" },
	{ "bootinfo-over-1536", bi_many_big_records, K_DEFAULT, 0, 0, 0, 0, 0, 0,
	  MK_ERR_BI_TOO_LARGE, "1536" },
	/* 64 MiB of 128: the ramdisk alone is half, with the kernel more. */
	{ "ramdisk-over-half-ram", bi_virt128, K_DEFAULT, 65u << 20, 0, 0, 0, 0, 0,
	  MK_ERR_HALF_RAM, "ramdisk" },
	{ "ramdisk-plus-kernel-over-half-ram", bi_virt128, K_DEFAULT, (64u << 20) - 0x5000, 0, 0, 0, 0, 0,
	  MK_ERR_HALF_RAM, "segments total" },
	/* Four 4 MiB chunks: a 5 MiB ramdisk fits none (and is under half). */
	{ "ramdisk-fits-nowhere", bi_four_chunks_4m, K_DEFAULT, 5u << 20, 0, 0, 0, 0, 0,
	  MK_ERR_NO_SPACE, "fits at the top of no memory chunk" },
	/* FastRAM first, --mem-max 0x017fffff: 8 MiB do not fit under it in
	 * FastRAM, and ST-RAM below the first chunk is never used. */
	{ "ramdisk-never-below-first-chunk", bi_aranym_fast_first, K_DEFAULT, 8u << 20,
	  0, 0x017fffff, 0, 0, 0, MK_ERR_NO_SPACE, "at or above 0x01000000 inside" },
	/* Amiga-like: a 13 MiB ramdisk does not fit above a 4 MiB kernel in
	 * the 16 MiB first chunk; the 64 MiB chunk below it is never used. */
	{ "ramdisk-never-below-first-chunk-amiga", bi_chunk_below, KS(0x2000, 0x400000), 13u << 20,
	  0, 0, 0, 0, 0, MK_ERR_NO_SPACE, "at or above 0x07000000" },
	{ "kernel-past-initial-mapping", bi_virt128, KS(0x2000, 0xfed000), 0, 0, 0, 0, 0, 0,
	  MK_ERR_INITIAL_MAP, "16 MiB" },
	{ "kernel-far-past-initial-mapping", bi_virt128, KS(0x2000, 17u << 20), 0, 0, 0, 0, 0, 0,
	  MK_ERR_INITIAL_MAP, "initial mapping" },
	/* 2 MiB first chunk (4 MiB mapping): the early tables run past it. */
	{ "early-tables-past-first-chunk", bi_two_chunks_2m, KS(0x2000, 0x1ed000), 0, 0, 0, 0, 0, 0,
	  MK_ERR_KERNEL_CHUNK, "first memory chunk" },
	/* A kernel bigger than its 2 MiB first chunk: not in the first chunk. */
	{ "kernel-bigger-than-first-chunk", bi_two_chunks_2m, KS(0x2000, 3u << 20), 0, 0, 0, 0, 0, 0,
	  MK_ERR_KERNEL_CHUNK, "first memory chunk" },
	{ "kernel-wraps-past-4g", bi_top_chunk, KS(0x2000, 2u << 20), 0, 0, 0, 0, 0, 0,
	  MK_ERR_OUTSIDE_RAM, "4 GiB" },
	/* MemTotal 8 MiB: a 5 MiB kernel is more than half. */
	{ "kernel-over-half-of-memtotal", bi_virt128, KS(0x2000, 5u << 20), 0, 0, 0, 0, 0, 8u << 20,
	  MK_ERR_HALF_RAM, "4096 KiB" },
	{ "mem-min-above-kernel", bi_virt128, K_DEFAULT, 0, 0x100000, 0, 0, 0, 0,
	  MK_ERR_MEM_WINDOW, "--mem-min 0x00100000" },
	{ "mem-max-below-kernel-end", bi_virt128, K_DEFAULT, 0, 0, 0x4fff, 0, 0, 0,
	  MK_ERR_MEM_WINDOW, "--mem-max 0x00004fff" },
	{ "mem-max-below-mem-min", bi_virt128, K_DEFAULT, 0, 0x200000, 0x100000, 0, 0, 0,
	  MK_ERR_PARAM, "--mem-max" },
	{ "mem-window-leaves-ramdisk-no-room", bi_virt128, K_DEFAULT, 1u << 20, 0, 0x000fffff, 0, 0, 0,
	  MK_ERR_NO_SPACE, "--mem-min/--mem-max" },
	{ "entry-outside-kernel", bi_virt128, K_DEFAULT, 0, 0, 0, 1, 0x07000000, 0,
	  MK_ERR_ENTRY, "0x07000000" },
	{ "entry-in-header-page", bi_virt128, K_DEFAULT, 0, 0, 0, 1, 0x0800, 0, MK_ERR_ENTRY, NULL },
	{ "entry-at-end", bi_virt128, K_DEFAULT, 0, 0, 0, 1, 0x6000, 0, MK_ERR_ENTRY, NULL },
	{ "elf-entry-outside-image", bi_virt128, { .text = 0x2000, .entry = 0x100000 }, 0, 0, 0, 0, 0, 0,
	  MK_ERR_ENTRY, "outside the loaded image" },
};

static void run_err(const struct err_case *c)
{
	struct mk_plan_input in;
	struct mk_diag d = { 0, "" };
	struct kimg k;
	const uint8_t *rd = NULL;

	BEGIN("plan/error-%s", c->name);
	k = kimg_build(&c->k);
	c->bootinfo(&b);
	if (CHECK_ERR(mk_bi_parse(b.buf, b.len, &bi, &d), MK_OK)) {
		input_init(&in, &k, &bi, "console=ttyS0");
		if (c->ramdisk_len) {
			rd = rd_alloc(c->ramdisk_len);
			in.ramdisk = rd;
			in.ramdisk_len = c->ramdisk_len;
		}
		in.mem_min = c->mem_min;
		in.mem_max = c->mem_max;
		in.have_entry = c->have_entry;
		in.entry = c->entry;
		in.ram_total = c->ram_total;
		CHECK_ERR(mk_plan_build(&in, &plan, &d), c->want);
		CHECK_ERR(d.code, c->want);
		if (c->msg)
			CHECK_CONTAINS(d.msg, c->msg);
	}
	END();
	rd_free(rd, c->ramdisk_len);
	free(k.buf);
}

/* Boundaries: one step inside is accepted, one step outside refused. */
static void test_boundaries(void)
{
	struct mk_plan_input in;
	struct mk_diag d;
	struct kimg k = kimg_default();
	uint32_t base;

	/* The bootinfo limit: build a list of exactly 1536 bytes. */
	bib_virt(&b, 128u << 20);
	mk_bi_parse(b.buf, b.len, &bi, &d);
	input_init(&in, &k, &bi, "console=ttyGF0");
	mk_plan_build(&in, &plan, &d);
	base = plan.bootinfo_size;
	{
		static const uint8_t pad[2048];
		static struct bib b2;
		uint32_t extra = MK_BI_MAX_SIZE - base;	/* one record of this size */

		BEGIN("plan/bootinfo-exactly-1536");
		b2 = b;
		b2.len -= 4;
		bib_rec(&b2, 0x8100, pad, extra - 4);
		bib_last(&b2, 0);
		mk_bi_parse(b2.buf, b2.len, &bi, &d);
		if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK))
			CHECK_EQ(plan.bootinfo_size, MK_BI_MAX_SIZE);
		END();

		BEGIN("plan/bootinfo-1540");
		b2 = b;
		b2.len -= 4;
		bib_rec(&b2, 0x8100, pad, extra);
		bib_last(&b2, 0);
		mk_bi_parse(b2.buf, b2.len, &bi, &d);
		CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_ERR_BI_TOO_LARGE);
		CHECK_CONTAINS(d.msg, "1540 bytes");
		CHECK_CONTAINS(d.msg, "1536");
		END();
	}

	bib_virt(&b, 128u << 20);
	mk_bi_parse(b.buf, b.len, &bi, &d);

	BEGIN("plan/cmdline-256-refused");
	{
		char line[300];

		memset(line, 'x', 256);
		line[256] = '\0';
		input_init(&in, &k, &bi, line);
		CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_ERR_CMDLINE_TOO_LONG);
		CHECK_CONTAINS(d.msg, "256 characters");
		CHECK_CONTAINS(d.msg, "255");
	}
	END();

	/* The segments may total exactly half of RAM. */
	BEGIN("plan/segments-exactly-half-ram");
	{
		uint64_t len = (64u << 20) - 0x6000;	/* kernel 0x5000 + bootinfo 0x1000 */
		const uint8_t *rd = rd_alloc(len);

		input_init(&in, &k, &bi, "");
		in.ramdisk = rd;
		in.ramdisk_len = len;
		if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK)) {
			CHECK_EQ(mk_plan_copy_bytes(&plan), 64u << 20);
			CHECK_EQ(plan.ramdisk_addr, (128u << 20) - len);
		}
		in.ramdisk_len = len + 1;
		CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_ERR_HALF_RAM);
		rd_free(rd, len);
	}
	END();

	BEGIN("plan/kernel-at-initial-mapping-limit");
	{
		struct kspec s = KS(0x2000, 0xfec000);	/* _end 0xfef000: tables end at 16 MiB */
		struct kimg big = kimg_build(&s);

		input_init(&in, &big, &bi, "");
		if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK))
			CHECK_EQ(plan.kernel_end, 0xfef000);
		free(big.buf);
	}
	END();

	BEGIN("plan/mem-max-places-ramdisk-under-it");
	{
		const uint8_t *rd = rd_alloc(0x1800);

		input_init(&in, &k, &bi, "");
		in.ramdisk = rd;
		in.ramdisk_len = 0x1800;
		in.mem_max = 0x00ffffff;
		if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK)) {
			CHECK_EQ(plan.ramdisk_addr, 0x00ffe000);
			CHECK_EQ(plan.mem_max, 0x00ffffff);
		}
		/* an unaligned --mem-max: the ramdisk ends on the page below */
		in.mem_max = 0x00ffff00;
		if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK))
			CHECK_EQ(plan.ramdisk_addr, 0x00ffd000);
		rd_free(rd, 0x1800);
	}
	END();

	BEGIN("plan/mem-min-at-kernel-start");
	input_init(&in, &k, &bi, "");
	in.mem_min = 0x1000;
	CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK);
	in.mem_min = 0x1001;
	CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_ERR_MEM_WINDOW);
	END();

	BEGIN("plan/entry-given-inside-kernel");
	input_init(&in, &k, &bi, "");
	in.have_entry = 1;
	in.entry = 0x1000;
	if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK))
		CHECK_EQ(plan.entry, 0x1000);
	in.entry = 0x5fff;
	if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK))
		CHECK_EQ(plan.entry, 0x5fff);
	END();

	/* A ramdisk of 13 MiB fits when the bigger chunk lies above. */
	BEGIN("plan/ramdisk-in-higher-chunk");
	{
		struct kspec s = KS(0x2000, 0x100000);
		struct kimg big = kimg_build(&s);
		const uint8_t *rd = rd_alloc(13u << 20);

		bi_st14_first_fast16(&b);
		mk_bi_parse(b.buf, b.len, &bi, &d);
		input_init(&in, &big, &bi, "");
		in.ramdisk = rd;
		in.ramdisk_len = 13u << 20;
		if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK))
			CHECK_EQ(plan.ramdisk_addr, 0x01300000);
		rd_free(rd, 13u << 20);
		free(big.buf);
	}
	END();

	BEGIN("plan/bad-parameters");
	bib_virt(&b, 128u << 20);
	mk_bi_parse(b.buf, b.len, &bi, &d);
	input_init(&in, &k, &bi, "");
	in.kernel = NULL;
	CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_ERR_PARAM);
	input_init(&in, &k, &bi, "");
	in.bootinfo = NULL;
	CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_ERR_PARAM);
	input_init(&in, &k, &bi, "");
	in.ramdisk_len = 100;
	CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_ERR_PARAM);
	input_init(&in, &k, &bi, "");
	in.ramdisk = k.buf;
	in.ramdisk_len = 0;
	CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_ERR_PARAM);
	CHECK_CONTAINS(d.msg, "empty");
	END();

	BEGIN("plan/ramdisk-over-4g");
	input_init(&in, &k, &bi, "");
	in.ramdisk = k.buf;	/* never read */
	in.ramdisk_len = 1ull << 32;
	CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_ERR_NO_SPACE);
	END();

	free(k.buf);
}

static void test_segment_count(void)
{
	struct mk_plan_input in;
	struct mk_diag d;
	unsigned n;

	bib_virt(&b, 128u << 20);
	mk_bi_parse(b.buf, b.len, &bi, &d);
	/* n separate loads: n kernel segments + bootinfo (+ ramdisk). */
	for (n = 15; n <= 16; n++) {
		struct kspec s = KS(0x1000 * n, 0);
		const uint8_t *rd = rd_alloc(0x1000);
		struct kimg k;
		unsigned j;

		s.entry = 0x1800;	/* inside the first load */
		k = kimg_build(&s);
		mk_put_be16(k.buf + MK_ELF_E_PHNUM, (uint16_t)n);
		k_put_ph(k_ph(&k, 0), MK_ELF_PT_LOAD, 0, 0, 0x2000, 0x2000);
		for (j = 1; j < n; j++)
			k_put_ph(k_ph(&k, j), MK_ELF_PT_LOAD, 0x1000 + 0x1000 * j, 0x10000 * j, 0x1000, 0x1000);

		BEGIN("plan/%u-loads-no-ramdisk", n);
		input_init(&in, &k, &bi, "");
		if (n == 15) {
			if (CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_OK)) {
				CHECK_EQ(plan.nseg, 16);
				check_plan_invariants(&plan, &in, &k);
			}
		} else {
			CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_ERR_TOO_MANY_SEGMENTS);
			CHECK_CONTAINS(d.msg, "bootinfo");
		}
		END();

		BEGIN("plan/%u-loads-with-ramdisk", n);
		in.ramdisk = rd;
		in.ramdisk_len = 0x1000;
		CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_ERR_TOO_MANY_SEGMENTS);
		CHECK_CONTAINS(d.msg, "16");
		END();
		rd_free(rd, 0x1000);
		free(k.buf);
	}
}

/* A load whose bss ends mid-page and a load starting in that same page:
 * the two kernel segments would share a page, which the kernel refuses. */
static void test_shared_page(void)
{
	struct kspec s = { .text = 0x1000, .nbv = 0, .second = 1, .s_offset = 0x2000,
			   .s_vaddr = 0x2800, .s_filesz = 0x800, .s_memsz = 0x800 };
	struct mk_plan_input in;
	struct mk_diag d;
	struct kimg k;

	BEGIN("plan/loads-sharing-a-page-refused");
	k = kimg_build(&s);
	mk_put_be32(k_ph(&k, 0) + MK_ELF_P_MEMSZ, 0x2800);	/* 0x800 of bss up to 0x2800 */
	bib_virt(&b, 128u << 20);
	mk_bi_parse(b.buf, b.len, &bi, &d);
	input_init(&in, &k, &bi, "");
	CHECK_ERR(mk_plan_build(&in, &plan, &d), MK_ERR_OVERLAP);
	CHECK_CONTAINS(d.msg, "share the page at 0x00002000");
	free(k.buf);
	END();
}

static void test_misc(void)
{
	static const struct {
		uint32_t chunk, map;
	} maps[] = {
		{ 0, 4u << 20 }, { 1, 4u << 20 }, { (8u << 20) - 1, 4u << 20 },
		{ 8u << 20, 8u << 20 }, { (16u << 20) - 1, 8u << 20 },
		{ 16u << 20, 16u << 20 }, { 0xffffffff, 16u << 20 },
	};
	size_t i;

	BEGIN("plan/initial-map-size");
	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		CHECK_EQ(mk_initial_map_size(maps[i].chunk), maps[i].map);
	END();

	BEGIN("plan/role-names");
	CHECK_STR(mk_seg_role_name(MK_SEG_KERNEL), "kernel");
	CHECK_STR(mk_seg_role_name(MK_SEG_BOOTINFO), "bootinfo");
	CHECK_STR(mk_seg_role_name(MK_SEG_RAMDISK), "ramdisk");
	CHECK_STR(mk_seg_role_name(MK_SEG_OTHER), "other");
	CHECK_STR(mk_seg_role_name((enum mk_seg_role)42), "other");
	END();
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		run_layout(&layouts[i]);
	test_end_page_bytes();
	test_new_bootinfo();
	test_warnings();
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		run_err(&errs[i]);
	test_boundaries();
	test_segment_count();
	test_shared_page();
	test_misc();
	return DONE();
}
