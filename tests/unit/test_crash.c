// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Crash (kdump) plans: the capture command line, the ELF core header
 * field by field, the capture bootinfo record by record, the placement
 * rules of a crash load (everything inside the region, the header at its
 * top, the capture chunk below it), Atari ST-RAM, one mangled input per
 * error case, and the parsers of /proc/iomem and the sysfs files.
 */
#include "harness.h"
#include "image.h"

static struct mk_crash_plan cp, cp2;
static struct mk_bootinfo bi, bi2;
static struct bib b;
static struct kimg kimg;
static uint8_t seed[MK_RNG_SEED_LEN];
static uint8_t ramdisk[3 * MK_PAGE_SIZE + 100];

#define MIB(n)		((uint32_t)(n) << 20)
#define NOTE0		0x00500000u	/* where cpu0's crash notes are */
#define NOTE0_SIZE	272u
#define INFO		0x00480000u	/* the vmcoreinfo note */
#define INFO_SIZE	4096u

/* A crash input for a good virt machine: 128 MiB, region 32M@96M. */
static void virt_input(struct mk_crash_input *in, uint32_t ram, uint32_t rstart, uint32_t rsize)
{
	struct mk_diag d;

	bib_virt(&b, ram);
	if (mk_bi_parse(b.buf, b.len, &bi, &d))
		abort();
	memset(in, 0, sizeof(*in));
	in->base.kernel = kimg.buf;
	in->base.kernel_len = kimg.len;
	in->base.bootinfo = &bi;
	in->base.cmdline = "console=ttyGF0 crashkernel=32M";
	in->base.seed = seed;
	in->region_start = rstart;
	in->region_size = rsize;
	in->ncpus = 1;
	in->cpu_note[0].addr = NOTE0;
	in->cpu_note[0].size = NOTE0_SIZE;
	in->vmcoreinfo.addr = INFO;
	in->vmcoreinfo.size = INFO_SIZE;
}

static int build(const struct mk_crash_input *in, struct mk_diag *d)
{
	d->code = 0;
	d->msg[0] = '\0';
	return mk_crash_plan_build(in, &cp, d);
}

/* ------------------------------------------------------------------ */

static void test_cmdline(void)
{
	static const struct {
		const char *name, *in, *out;
	} t[] = {
		{ "plain", "console=ttyGF0", "console=ttyGF0 elfcorehdr=4K@0x07fff000" },
		{ "drops-crashkernel", "console=ttyGF0 crashkernel=32M root=/dev/vda",
		  "console=ttyGF0 root=/dev/vda elfcorehdr=4K@0x07fff000" },
		{ "drops-first-and-last", "crashkernel=64M@16M quiet crashkernel=1M",
		  "quiet elfcorehdr=4K@0x07fff000" },
		{ "drops-old-elfcorehdr", "elfcorehdr=0x1000 a", "a elfcorehdr=4K@0x07fff000" },
		{ "keeps-lookalikes", "xcrashkernel=1 crashkernelx a=crashkernel=2",
		  "xcrashkernel=1 crashkernelx a=crashkernel=2 elfcorehdr=4K@0x07fff000" },
		{ "quoted-word-kept-whole", "a=\"x crashkernel=3\" b",
		  "a=\"x crashkernel=3\" b elfcorehdr=4K@0x07fff000" },
		{ "blank-runs", "  a \t b\n", "a b elfcorehdr=4K@0x07fff000" },
		{ "empty", "", "elfcorehdr=4K@0x07fff000" },
		{ "only-crashkernel", "crashkernel=32M", "elfcorehdr=4K@0x07fff000" },
	};
	char out[MK_CMDLINE_SIZE], line[400];
	struct mk_diag d;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		BEGIN("crash/cmdline-%s", t[i].name);
		if (CHECK_ERR(mk_crash_cmdline(t[i].in, 0x07fff000, 4096, out, sizeof(out), &d), MK_OK))
			CHECK_STR(out, t[i].out);
		END();
	}

	BEGIN("crash/cmdline-null-line");
	if (CHECK_ERR(mk_crash_cmdline(NULL, 0x00100000, 8192, out, sizeof(out), &d), MK_OK))
		CHECK_STR(out, "elfcorehdr=8K@0x00100000");
	END();

	/* 230 + 1 + 24 = 255 characters fit exactly; one more does not. */
	BEGIN("crash/cmdline-255-fits");
	memset(line, 'a', 230);
	line[230] = '\0';
	if (CHECK_ERR(mk_crash_cmdline(line, 0x07fff000, 4096, out, sizeof(out), &d), MK_OK)) {
		CHECK_EQ(strlen(out), MK_CMDLINE_MAX);
		CHECK_STR(out + 231, "elfcorehdr=4K@0x07fff000");
	}
	END();

	BEGIN("crash/cmdline-256-too-long");
	memset(line, 'a', 231);
	line[231] = '\0';
	CHECK_ERR(mk_crash_cmdline(line, 0x07fff000, 4096, out, sizeof(out), &d),
		  MK_ERR_CMDLINE_TOO_LONG);
	CHECK_ERR(d.code, MK_ERR_CMDLINE_TOO_LONG);
	CHECK_CONTAINS(d.msg, "255");
	CHECK_STR(out, "");
	END();

	BEGIN("crash/cmdline-crashkernel-dropped-makes-room");
	memset(line, 'a', 230);
	memcpy(line + 230, " crashkernel=32M", 17);
	CHECK_ERR(mk_crash_cmdline(line, 0x07fff000, 4096, out, sizeof(out), &d), MK_OK);
	END();

	BEGIN("crash/cmdline-small-buffer");
	CHECK_ERR(mk_crash_cmdline("a", 0x07fff000, 4096, out, 10, &d), MK_ERR_CMDLINE_TOO_LONG);
	END();
}

/* ------------------------------------------------------------------ */

static void check_phdr(const uint8_t *h, unsigned i, uint32_t type, uint32_t paddr,
		       uint32_t vaddr, uint32_t size, uint32_t flags)
{
	const uint8_t *ph = h + MK_ELF32_EHDR_SIZE + i * MK_ELF32_PHDR_SIZE;

	CHECK_EQ(mk_be32(ph + MK_ELF_P_TYPE), type);
	CHECK_EQ(mk_be32(ph + MK_ELF_P_OFFSET), paddr);
	CHECK_EQ(mk_be32(ph + MK_ELF_P_VADDR), vaddr);
	CHECK_EQ(mk_be32(ph + MK_ELF_P_PADDR), paddr);
	CHECK_EQ(mk_be32(ph + MK_ELF_P_FILESZ), size);
	CHECK_EQ(mk_be32(ph + MK_ELF_P_MEMSZ), size);
	CHECK_EQ(mk_be32(ph + MK_ELF_P_FLAGS), flags);
	CHECK_EQ(mk_be32(ph + MK_ELF_P_ALIGN), 0);
}

static void check_ehdr(const uint8_t *h, unsigned phnum)
{
	static const uint8_t ident[16] = { 0x7f, 'E', 'L', 'F', 1, 2, 1 };

	CHECK_MEM(h, ident, 16);
	CHECK_EQ(mk_be16(h + MK_ELF_E_TYPE), 4);		/* ET_CORE */
	CHECK_EQ(mk_be16(h + MK_ELF_E_MACHINE), 4);		/* EM_68K */
	CHECK_EQ(mk_be32(h + MK_ELF_E_VERSION), 1);
	CHECK_EQ(mk_be32(h + MK_ELF_E_ENTRY), 0);
	CHECK_EQ(mk_be32(h + MK_ELF_E_PHOFF), 52);
	CHECK_EQ(mk_be32(h + MK_ELF_E_SHOFF), 0);
	CHECK_EQ(mk_be32(h + MK_ELF_E_FLAGS), 0);
	CHECK_EQ(mk_be16(h + MK_ELF_E_EHSIZE), 52);
	CHECK_EQ(mk_be16(h + MK_ELF_E_PHENTSIZE), 32);
	CHECK_EQ(mk_be16(h + MK_ELF_E_PHNUM), phnum);
	CHECK_EQ(mk_be16(h + MK_ELF_E_SHENTSIZE), 0);
	CHECK_EQ(mk_be16(h + MK_ELF_E_SHNUM), 0);
	CHECK_EQ(mk_be16(h + MK_ELF_E_SHSTRNDX), 0);
}

static void test_core_header(void)
{
	struct mk_crash_note notes[MK_CRASH_MAX_CPUS + 1] = {
		{ 0x00500000, 272 }, { 0x00500200, 272 },
	};
	struct mk_crash_note info = { 0x00480000, 4096 }, none = { 0, 0 };
	struct mk_memchunk r[MK_CRASH_MAX_RANGES + 1] = {
		{ 0x01000000, MIB(32) }, { 0x03000000, MIB(30) }, { 0x00000000, MIB(14) },
	};
	uint8_t h[MK_PAGE_SIZE + 1];
	size_t len;

	BEGIN("crash/header-every-field");
	memset(h, 0xee, sizeof(h));
	len = mk_crash_core_header(notes, 2, &info, r, 3, 0x01000000, h, sizeof(h));
	if (CHECK_EQ(len, 52 + 6 * 32)) {
		check_ehdr(h, 6);
		check_phdr(h, 0, MK_ELF_PT_NOTE, 0x00500000, 0, 272, 0);
		check_phdr(h, 1, MK_ELF_PT_NOTE, 0x00500200, 0, 272, 0);
		check_phdr(h, 2, MK_ELF_PT_NOTE, 0x00480000, 0, 4096, 0);
		check_phdr(h, 3, MK_ELF_PT_LOAD, 0x01000000, 0x00000000, MIB(32), 7);
		check_phdr(h, 4, MK_ELF_PT_LOAD, 0x03000000, 0x02000000, MIB(30), 7);
		/* ST-RAM below the first chunk: at the top, no alias. */
		check_phdr(h, 5, MK_ELF_PT_LOAD, 0x00000000, 0xff000000, MIB(14), 7);
		CHECK_EQ(h[len], 0xee);		/* nothing written past it */
	}
	END();

	BEGIN("crash/header-no-vmcoreinfo");
	len = mk_crash_core_header(notes, 1, &none, r, 1, 0, h, sizeof(h));
	if (CHECK_EQ(len, 52 + 2 * 32)) {
		check_ehdr(h, 2);
		check_phdr(h, 0, MK_ELF_PT_NOTE, 0x00500000, 0, 272, 0);
		check_phdr(h, 1, MK_ELF_PT_LOAD, 0x01000000, 0x01000000, MIB(32), 7);
	}
	CHECK_EQ(mk_crash_core_header(notes, 1, NULL, r, 1, 0, h, sizeof(h)), 52 + 2 * 32);
	END();

	BEGIN("crash/header-no-notes");
	len = mk_crash_core_header(NULL, 0, &none, r, 2, 0, h, sizeof(h));
	if (CHECK_EQ(len, 52 + 2 * 32))
		check_phdr(h, 0, MK_ELF_PT_LOAD, 0x01000000, 0x01000000, MIB(32), 7);
	END();

	BEGIN("crash/header-exact-cap");
	CHECK_EQ(mk_crash_core_header(notes, 2, &info, r, 3, 0, h, 52 + 6 * 32), 52 + 6 * 32);
	CHECK_EQ(mk_crash_core_header(notes, 2, &info, r, 3, 0, h, 52 + 6 * 32 - 1), 0);
	END();

	BEGIN("crash/header-limits");
	CHECK_EQ(mk_crash_core_header(notes, MK_CRASH_MAX_CPUS + 1, &info, r, 1, 0, h, sizeof(h)), 0);
	CHECK_EQ(mk_crash_core_header(notes, 1, &info, r, MK_CRASH_MAX_RANGES + 1, 0, h, sizeof(h)), 0);
	CHECK_EQ(mk_crash_core_header(NULL, 1, &info, r, 1, 0, h, sizeof(h)), 0);
	CHECK_EQ(mk_crash_core_header(notes, 1, &info, NULL, 1, 0, h, sizeof(h)), 0);
	CHECK_EQ(mk_crash_core_header(notes, 1, &info, r, 1, 0, NULL, sizeof(h)), 0);
	/* The most there can be still fits the one page. */
	CHECK_EQ(mk_crash_core_header(notes, MK_CRASH_MAX_CPUS, &info, r, MK_CRASH_MAX_RANGES, 0, h,
				      MK_PAGE_SIZE), 52 + MK_CRASH_MAX_PHDRS * 32);
	END();
}

/* ------------------------------------------------------------------ */

/* The segment holding physical address a, or -1. */
static int seg_at(const struct mk_crash_plan *c, uint32_t a)
{
	unsigned i;

	for (i = 0; i < c->plan.nseg; i++)
		if (a >= c->plan.seg[i].mem && a - c->plan.seg[i].mem < c->plan.seg[i].memsz)
			return (int)i;
	return -1;
}

static void test_plan_virt(void)
{
	struct mk_crash_input in;
	struct mk_segment seg[MK_MAX_SEGMENTS];
	struct mk_diag d;
	const uint32_t R = 0x06000000, RS = MIB(32);
	unsigned i, n;
	int k;

	BEGIN("crash/plan-virt-region-at-top");
	virt_input(&in, MIB(128), R, RS);
	in.base.ramdisk = ramdisk;
	in.base.ramdisk_len = sizeof(ramdisk);
	if (CHECK_ERR(build(&in, &d), MK_OK)) {
		const struct mk_plan *p = &cp.plan;
		uint32_t cap_end = R + RS - MK_CRASH_CHUNK_ALIGN;

		CHECK_EQ(cp.region_start, R);
		CHECK_EQ(cp.region_size, RS);
		CHECK_EQ(cp.capture.addr, R);
		CHECK_EQ(cp.capture.size, RS - MK_CRASH_CHUNK_ALIGN);
		CHECK_EQ(cp.stram, 0);
		CHECK_EQ(cp.header_addr, R + RS - MK_PAGE_SIZE);
		CHECK_EQ(cp.header_size, MK_PAGE_SIZE);
		CHECK_EQ(cp.header_len, 52 + 3 * 32);
		CHECK_EQ(cp.vmemoffset, 0);
		CHECK_STR(cp.cmdline, "console=ttyGF0 elfcorehdr=4K@0x07fff000");
		/* The capture kernel's plan: relative to the region. */
		CHECK_EQ(p->memoffset, R);
		CHECK_EQ(p->nchunks, 1);
		CHECK_EQ(p->chunk[0].addr, R);
		CHECK_EQ(p->chunk[0].size, RS - MK_CRASH_CHUNK_ALIGN);
		CHECK_EQ(p->entry, R + K_ENTRY);
		CHECK_EQ(p->kernel_start, R + MK_PAGE_SIZE);
		CHECK_EQ(p->seg[0].role, MK_SEG_KERNEL);
		CHECK_EQ(p->seg[0].mem, R + MK_PAGE_SIZE);
		CHECK_EQ(p->bootinfo_addr, p->kernel_end);
		k = seg_at(&cp, p->bootinfo_addr);
		if (CHECK(k >= 0))
			CHECK_EQ(p->seg[k].role, MK_SEG_BOOTINFO);
		/* The ramdisk at the top of the capture chunk, below the gap. */
		CHECK_EQ(p->ramdisk_addr, cap_end - 4 * MK_PAGE_SIZE);
		CHECK_EQ(p->ramdisk_size, sizeof(ramdisk));
		/* The half-of-RAM rule counts the old RAM less the region. */
		CHECK_EQ(p->ram_total, MIB(96));
		/* The core header. */
		CHECK_EQ(cp.header.mem, R + RS - MK_PAGE_SIZE);
		CHECK_EQ(cp.header.memsz, MK_PAGE_SIZE);
		CHECK_EQ(cp.header.bufsz, 52 + 3 * 32);
		CHECK_EQ(cp.header.buf, cp.header_buf);
		check_ehdr(cp.header_buf, 3);
		check_phdr(cp.header_buf, 0, MK_ELF_PT_NOTE, NOTE0, 0, NOTE0_SIZE, 0);
		check_phdr(cp.header_buf, 1, MK_ELF_PT_NOTE, INFO, 0, INFO_SIZE, 0);
		check_phdr(cp.header_buf, 2, MK_ELF_PT_LOAD, 0, 0, R, 7);
		CHECK_EQ(cp.nranges, 1);
		/* All segments, in order, inside the region. */
		n = mk_crash_segments(&cp, seg, MK_MAX_SEGMENTS);
		CHECK_EQ(n, p->nseg + 1);
		for (i = 0; i < n; i++) {
			CHECK(seg[i].mem >= R);
			CHECK((uint64_t)seg[i].mem + seg[i].memsz <= (uint64_t)R + RS);
			if (i < p->nseg)
				CHECK_MEM(&seg[i], &p->seg[i], sizeof(seg[i]));
		}
		CHECK_MEM(&seg[n - 1], &cp.header, sizeof(cp.header));
		CHECK_EQ(mk_crash_segments(&cp, seg, 2), 2);
		CHECK_ERR(mk_crash_check(&cp, &d), MK_OK);
	}
	END();

	/* Every record of the capture bootinfo, from its serialised form. */
	BEGIN("crash/plan-virt-capture-bootinfo");
	if (CHECK_ERR(build(&in, &d), MK_OK)) {
		const struct mk_plan *p = &cp.plan;
		uint32_t lead = p->bootinfo_addr - mk_page_down(p->bootinfo_addr);
		static const uint16_t tags[] = {
			BI_MACHTYPE, BI_CPUTYPE, BI_FPUTYPE, BI_MMUTYPE, BI_MEMCHUNK,
			0x8000, 0x8001, 0x8002, 0x8003, 0x8004, 0x8005,
			BI_COMMAND_LINE, BI_RAMDISK, BI_RNG_SEED,
		};

		if (CHECK_ERR(mk_bi_parse(p->bootinfo_buf + lead, p->bootinfo_size, &bi2, &d), MK_OK) &&
		    CHECK_EQ(bi2.nrec, sizeof(tags) / sizeof(tags[0]))) {
			for (i = 0; i < bi2.nrec; i++)
				CHECK_EQ(bi2.rec[i].tag, tags[i]);
			CHECK_EQ(mk_be32(bi2.rec[0].data), MACH_VIRT);
			CHECK_EQ(mk_be32(bi2.rec[1].data), 4);
			CHECK_EQ(mk_be32(bi2.rec[2].data), 4);
			CHECK_EQ(mk_be32(bi2.rec[3].data), 4);
			CHECK_EQ(bi2.rec[4].size, 8);
			CHECK_EQ(mk_be32(bi2.rec[4].data), R);
			CHECK_EQ(mk_be32(bi2.rec[4].data + 4), RS - MK_CRASH_CHUNK_ALIGN);
			/* The machine records are the old ones, byte for byte. */
			for (i = 5; i <= 10; i++)
				if (CHECK_EQ(bi2.rec[i].size, bi.rec[i].size))
					CHECK_MEM(bi2.rec[i].data, bi.rec[i].data, bi.rec[i].size);
			CHECK_STR((const char *)bi2.rec[11].data,
				  "console=ttyGF0 elfcorehdr=4K@0x07fff000");
			/* The old ramdisk is gone; the new one is in the chunk. */
			CHECK_EQ(mk_be32(bi2.rec[12].data), p->ramdisk_addr);
			CHECK_EQ(mk_be32(bi2.rec[12].data + 4), sizeof(ramdisk));
			CHECK_EQ(mk_be16(bi2.rec[13].data), MK_RNG_SEED_LEN);
			CHECK_MEM(bi2.rec[13].data + 2, seed, MK_RNG_SEED_LEN);
		}
	}
	END();

	BEGIN("crash/plan-virt-region-in-the-middle");
	virt_input(&in, MIB(128), MIB(16), MIB(16));
	if (CHECK_ERR(build(&in, &d), MK_OK)) {
		CHECK_EQ(cp.nranges, 2);
		CHECK_EQ(cp.range[0].addr, 0);
		CHECK_EQ(cp.range[0].size, MIB(16));
		CHECK_EQ(cp.range[1].addr, MIB(32));
		CHECK_EQ(cp.range[1].size, MIB(96));
		check_ehdr(cp.header_buf, 4);
		check_phdr(cp.header_buf, 2, MK_ELF_PT_LOAD, 0, 0, MIB(16), 7);
		check_phdr(cp.header_buf, 3, MK_ELF_PT_LOAD, MIB(32), MIB(32), MIB(96), 7);
		CHECK_EQ(cp.header_addr, MIB(32) - MK_PAGE_SIZE);
		CHECK_EQ(cp.capture.size, MIB(16) - MK_CRASH_CHUNK_ALIGN);
		/* 16 MiB less 256 KiB: head.S maps 8 MiB. */
		CHECK_EQ(cp.plan.map_size, MIB(8));
	}
	END();

	BEGIN("crash/plan-virt-region-at-0");
	virt_input(&in, MIB(128), 0, MIB(16));
	in.cpu_note[0].addr = MIB(20);
	in.vmcoreinfo.addr = MIB(21);
	if (CHECK_ERR(build(&in, &d), MK_OK)) {
		CHECK_EQ(cp.nranges, 1);
		CHECK_EQ(cp.range[0].addr, MIB(16));
		CHECK_EQ(cp.plan.memoffset, 0);
		CHECK_EQ(cp.plan.entry, K_ENTRY);
	}
	END();

	BEGIN("crash/plan-odd-region-size");
	/* 20 MiB + 12 KiB: the chunk ends on 256 KiB, the header on top. */
	virt_input(&in, MIB(128), MIB(64), MIB(20) + 3 * MK_PAGE_SIZE);
	if (CHECK_ERR(build(&in, &d), MK_OK)) {
		CHECK_EQ(cp.capture.size, MIB(20));
		CHECK_EQ(cp.header_addr, MIB(84) + 2 * MK_PAGE_SIZE);
	}
	END();

	BEGIN("crash/plan-no-notes");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.ncpus = 0;
	in.vmcoreinfo.size = 0;
	if (CHECK_ERR(build(&in, &d), MK_OK)) {
		CHECK_EQ(cp.header_len, 52 + 32);
		check_phdr(cp.header_buf, 0, MK_ELF_PT_LOAD, 0, 0, MIB(96), 7);
	}
	END();

	BEGIN("crash/plan-mem-window-inside-region");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.base.mem_min = MIB(90);
	in.base.mem_max = 0xffffffffu;
	CHECK_ERR(build(&in, &d), MK_OK);
	CHECK_EQ(cp.plan.mem_min, MIB(90));
	END();

	BEGIN("crash/plan-pure");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.base.ramdisk = ramdisk;
	in.base.ramdisk_len = sizeof(ramdisk);
	if (CHECK_ERR(build(&in, &d), MK_OK)) {
		memcpy(&cp2, &cp, sizeof(cp));
		if (CHECK_ERR(build(&in, &d), MK_OK)) {
			CHECK_MEM(cp.header_buf, cp2.header_buf, sizeof(cp.header_buf));
			CHECK_MEM(cp.plan.bootinfo_buf, cp2.plan.bootinfo_buf, sizeof(cp.plan.bootinfo_buf));
			CHECK_MEM(cp.plan.seg, cp2.plan.seg, sizeof(cp.plan.seg));
		}
	}
	END();
}

/* ------------------------------------------------------------------ */

static void aranym_input(struct mk_crash_input *in, const struct mk_memchunk *ch, unsigned n,
			 uint32_t rstart, uint32_t rsize)
{
	struct mk_diag d;

	bib_aranym(&b, ch, n);
	if (mk_bi_parse(b.buf, b.len, &bi, &d))
		abort();
	memset(in, 0, sizeof(*in));
	in->base.kernel = kimg.buf;
	in->base.kernel_len = kimg.len;
	in->base.bootinfo = &bi;
	in->base.cmdline = "console=nfcon crashkernel=16M";
	in->base.seed = seed;
	in->region_start = rstart;
	in->region_size = rsize;
	in->ncpus = 1;
	in->cpu_note[0].addr = ch[0].addr + MIB(5);
	in->cpu_note[0].size = NOTE0_SIZE;
}

static void test_atari(void)
{
	const struct mk_memchunk fast_first[2] = { { 0x01000000, MIB(64) }, { 0, MIB(14) } };
	const struct mk_memchunk st_first[2] = { { 0, MIB(14) }, { 0x01000000, MIB(64) } };
	const struct mk_memchunk st_only[1] = { { 0, MIB(14) } };
	const struct mk_memchunk no_st[1] = { { 0x01000000, MIB(64) } };
	struct mk_crash_input in;
	struct mk_diag d;
	unsigned i;

	BEGIN("crash/atari-fastram-first");
	aranym_input(&in, fast_first, 2, 0x03000000, MIB(16));
	if (CHECK_ERR(build(&in, &d), MK_OK)) {
		const struct mk_plan *p = &cp.plan;
		uint32_t lead = p->bootinfo_addr - mk_page_down(p->bootinfo_addr);

		CHECK_EQ(cp.stram, 1);
		CHECK_EQ(cp.stram_chunk.addr, 0);
		CHECK_EQ(cp.stram_chunk.size, MIB(14));
		CHECK_EQ(cp.vmemoffset, 0x01000000);
		/* Capture chunk first, ST-RAM after it, where the chunks were. */
		CHECK_EQ(p->nchunks, 2);
		CHECK_EQ(p->chunk[0].addr, 0x03000000);
		CHECK_EQ(p->chunk[0].size, MIB(16) - MK_CRASH_CHUNK_ALIGN);
		CHECK_EQ(p->chunk[1].addr, 0);
		CHECK_EQ(p->chunk[1].size, MIB(14));
		CHECK_EQ(p->memoffset, 0x03000000);
		if (CHECK_ERR(mk_bi_parse(p->bootinfo_buf + lead, p->bootinfo_size, &bi2, &d), MK_OK) &&
		    CHECK_EQ(bi2.nrec, 10)) {
			CHECK_EQ(bi2.rec[4].tag, BI_MEMCHUNK);
			CHECK_EQ(mk_be32(bi2.rec[4].data), 0x03000000);
			CHECK_EQ(mk_be32(bi2.rec[4].data + 4), MIB(16) - MK_CRASH_CHUNK_ALIGN);
			CHECK_EQ(bi2.rec[5].tag, BI_MEMCHUNK);
			CHECK_EQ(mk_be32(bi2.rec[5].data), 0);
			CHECK_EQ(mk_be32(bi2.rec[5].data + 4), MIB(14));
			CHECK_EQ(bi2.rec[6].tag, 0x8000);
			CHECK_EQ(bi2.rec[7].tag, 0x8001);
			CHECK_EQ(bi2.rec[8].tag, BI_COMMAND_LINE);
			CHECK_STR((const char *)bi2.rec[8].data,
				  "console=nfcon elfcorehdr=4K@0x03fff000");
			CHECK_EQ(bi2.rec[9].tag, BI_RNG_SEED);
		}
		/* The dump: FastRAM around the region, then ST-RAM at the top
		 * of the virtual space (the old kernel did not map it). */
		if (CHECK_EQ(cp.nranges, 3)) {
			CHECK_EQ(cp.range[0].addr, 0x01000000);
			CHECK_EQ(cp.range[0].size, MIB(32));
			CHECK_EQ(cp.range[1].addr, 0x04000000);
			CHECK_EQ(cp.range[1].size, MIB(16));
			CHECK_EQ(cp.range[2].addr, 0);
			CHECK_EQ(cp.range[2].size, MIB(14));
		}
		check_phdr(cp.header_buf, 1, MK_ELF_PT_LOAD, 0x01000000, 0, MIB(32), 7);
		check_phdr(cp.header_buf, 2, MK_ELF_PT_LOAD, 0x04000000, MIB(48), MIB(16), 7);
		check_phdr(cp.header_buf, 3, MK_ELF_PT_LOAD, 0, 0xff000000, MIB(14), 7);
		for (i = 0; i < cp.plan.nseg; i++)
			CHECK(cp.plan.seg[i].mem >= 0x03000000);
	}
	END();

	BEGIN("crash/atari-fastram-first-region-at-top");
	aranym_input(&in, fast_first, 2, 0x04000000, MIB(16));
	in.region_start = 0x04000000;
	if (CHECK_ERR(build(&in, &d), MK_OK)) {
		/* 0x01000000 + 64 MiB = 0x05000000: the region ends it. */
		CHECK_EQ(cp.nranges, 2);
		CHECK_EQ(cp.range[0].addr, 0x01000000);
		CHECK_EQ(cp.range[0].size, MIB(48));
		CHECK_EQ(cp.range[1].addr, 0);
		CHECK_EQ(cp.range[1].size, MIB(14));
		check_phdr(cp.header_buf, 1, MK_ELF_PT_LOAD, 0x01000000, 0, MIB(48), 7);
		check_phdr(cp.header_buf, 2, MK_ELF_PT_LOAD, 0, 0xff000000, MIB(14), 7);
	}
	END();

	BEGIN("crash/atari-stram-first-region-in-fastram");
	aranym_input(&in, st_first, 2, 0x03000000, MIB(16));
	if (CHECK_ERR(build(&in, &d), MK_OK)) {
		CHECK_EQ(cp.stram, 1);
		CHECK_EQ(cp.vmemoffset, 0);
		CHECK_EQ(cp.plan.chunk[0].addr, 0x03000000);
		CHECK_EQ(cp.plan.chunk[1].addr, 0);
		if (CHECK_EQ(cp.nranges, 3)) {
			CHECK_EQ(cp.range[0].addr, 0);
			CHECK_EQ(cp.range[0].size, MIB(14));
			CHECK_EQ(cp.range[1].addr, 0x01000000);
			CHECK_EQ(cp.range[1].size, MIB(32));
			CHECK_EQ(cp.range[2].addr, 0x04000000);
			CHECK_EQ(cp.range[2].size, MIB(16));
		}
		check_phdr(cp.header_buf, 1, MK_ELF_PT_LOAD, 0, 0, MIB(14), 7);
		check_phdr(cp.header_buf, 2, MK_ELF_PT_LOAD, 0x01000000, 0x01000000, MIB(32), 7);
	}
	END();

	BEGIN("crash/atari-region-in-stram-refused");
	aranym_input(&in, st_first, 2, MIB(8), MIB(4));
	in.cpu_note[0].addr = MIB(1);
	CHECK_ERR(build(&in, &d), MK_ERR_CRASH_REGION);
	CHECK_CONTAINS(d.msg, "ST-RAM");
	END();

	BEGIN("crash/atari-stram-only-refused");
	aranym_input(&in, st_only, 1, MIB(8), MIB(4));
	in.cpu_note[0].addr = MIB(1);
	CHECK_ERR(build(&in, &d), MK_ERR_CRASH_REGION);
	END();

	BEGIN("crash/atari-without-stram-chunk");
	aranym_input(&in, no_st, 1, 0x03000000, MIB(16));
	CHECK_ERR(build(&in, &d), MK_ERR_BI_MISSING);
	CHECK_CONTAINS(d.msg, "ST-RAM");
	END();
}

/* ------------------------------------------------------------------ */

static void test_errors(void)
{
	static const struct {
		const char *name;
		uint32_t rstart, rsize;
		int want;
	} regions[] = {
		{ "region-empty", MIB(96), 0, MK_ERR_CRASH_REGION },
		{ "region-start-not-256k", MIB(96) + MK_PAGE_SIZE, MIB(16), MK_ERR_CRASH_REGION },
		{ "region-size-not-page", MIB(96), MIB(16) + 100, MK_ERR_CRASH_REGION },
		{ "region-past-ram", MIB(120), MIB(16), MK_ERR_CRASH_REGION },
		{ "region-outside-ram", 0x10000000, MIB(16), MK_ERR_CRASH_REGION },
		{ "region-wraps", 0xfff00000, MIB(2), MK_ERR_CRASH_REGION },
		{ "region-one-page", MIB(96), MK_PAGE_SIZE, MK_ERR_CRASH_REGION },
		{ "region-256k-plus-a-page", MIB(96), MK_CRASH_CHUNK_ALIGN, MK_ERR_CRASH_REGION },
	};
	struct mk_crash_input in;
	struct mk_diag d;
	size_t i;

	for (i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
		BEGIN("crash/err-%s", regions[i].name);
		virt_input(&in, MIB(128), regions[i].rstart, regions[i].rsize);
		CHECK_ERR(build(&in, &d), regions[i].want);
		CHECK_ERR(d.code, regions[i].want);
		CHECK(d.msg[0] != '\0');
		END();
	}

	/* Room for a chunk, not for this kernel. */
	BEGIN("crash/err-region-too-small-for-kernel");
	{
		struct kspec ks = KSPEC_DEFAULT;
		struct kimg big;

		ks.bss = MIB(1);
		big = kimg_build(&ks);
		virt_input(&in, MIB(128), MIB(96), 2 * MK_CRASH_CHUNK_ALIGN + MK_PAGE_SIZE);
		in.base.kernel = big.buf;
		in.base.kernel_len = big.len;
		CHECK_ERR(build(&in, &d), MK_ERR_KERNEL_CHUNK);
		free(big.buf);
	}
	END();

	/* The kernel fits the chunk, its early page tables do not. */
	BEGIN("crash/err-region-no-room-for-early-tables");
	virt_input(&in, MIB(128), MIB(96), MK_CRASH_CHUNK_ALIGN + MK_PAGE_SIZE);
	{
		struct kspec ks = KSPEC_DEFAULT;
		struct kimg big;

		ks.bss = MK_CRASH_CHUNK_ALIGN - 0x8000;
		big = kimg_build(&ks);
		in.base.kernel = big.buf;
		in.base.kernel_len = big.len;
		CHECK(build(&in, &d) != MK_OK);
		CHECK_CONTAINS(d.msg, "page tables");
		free(big.buf);
	}
	END();

	BEGIN("crash/err-note-in-region");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.cpu_note[0].addr = MIB(100);
	CHECK_ERR(build(&in, &d), MK_ERR_CRASH_VALUE);
	CHECK_CONTAINS(d.msg, "cpu0");
	END();

	BEGIN("crash/err-note-straddles-region");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.cpu_note[0].addr = MIB(96) - 16;
	CHECK_ERR(build(&in, &d), MK_ERR_CRASH_VALUE);
	END();

	BEGIN("crash/err-note-outside-ram");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.cpu_note[0].addr = 0x20000000;
	CHECK_ERR(build(&in, &d), MK_ERR_CRASH_VALUE);
	END();

	BEGIN("crash/err-note-empty");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.cpu_note[0].size = 0;
	CHECK_ERR(build(&in, &d), MK_ERR_CRASH_VALUE);
	END();

	BEGIN("crash/err-note-wraps");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.cpu_note[0].addr = 0xfffffff0u;
	in.cpu_note[0].size = 0x20;
	CHECK_ERR(build(&in, &d), MK_ERR_CRASH_VALUE);
	END();

	BEGIN("crash/err-vmcoreinfo-in-region");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.vmcoreinfo.addr = MIB(127);
	CHECK_ERR(build(&in, &d), MK_ERR_CRASH_VALUE);
	CHECK_CONTAINS(d.msg, "vmcoreinfo");
	END();

	BEGIN("crash/err-too-many-cpus");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.ncpus = MK_CRASH_MAX_CPUS + 1;
	CHECK_ERR(build(&in, &d), MK_ERR_PARAM);
	END();

	BEGIN("crash/err-missing-kernel");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.base.kernel = NULL;
	CHECK_ERR(build(&in, &d), MK_ERR_PARAM);
	CHECK_ERR(mk_crash_plan_build(NULL, &cp, &d), MK_ERR_PARAM);
	END();

	BEGIN("crash/err-ramdisk-too-big-for-region");
	{
		static uint8_t big[MIB(9)];

		virt_input(&in, MIB(128), MIB(96), MIB(8));
		in.base.ramdisk = big;
		in.base.ramdisk_len = sizeof(big);
		CHECK_ERR(build(&in, &d), MK_ERR_NO_SPACE);
	}
	END();

	BEGIN("crash/err-entry-outside-region");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.base.have_entry = 1;
	in.base.entry = K_ENTRY;
	CHECK_ERR(build(&in, &d), MK_ERR_ENTRY);
	END();

	BEGIN("crash/err-mem-max-below-header");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.base.mem_max = MIB(127) - 1;
	CHECK_ERR(build(&in, &d), MK_ERR_MEM_WINDOW);
	CHECK_CONTAINS(d.msg, "core header");
	END();

	BEGIN("crash/err-mem-min-above-region");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.base.mem_min = MIB(100);
	CHECK_ERR(build(&in, &d), MK_ERR_MEM_WINDOW);
	END();

	BEGIN("crash/err-half-of-ram");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.base.ram_total = 4 * MK_PAGE_SIZE;
	CHECK_ERR(build(&in, &d), MK_ERR_HALF_RAM);
	END();

	BEGIN("crash/err-bad-kernel");
	virt_input(&in, MIB(128), MIB(96), MIB(32));
	in.base.kernel_len = 10;
	CHECK_ERR(build(&in, &d), MK_ERR_ELF_TRUNCATED);
	END();

	BEGIN("crash/err-cmdline-too-long");
	{
		char line[300];

		memset(line, 'x', 240);
		line[240] = '\0';
		virt_input(&in, MIB(128), MIB(96), MIB(32));
		in.base.cmdline = line;
		CHECK_ERR(build(&in, &d), MK_ERR_CMDLINE_TOO_LONG);
	}
	END();
}

/* One field of a good plan mangled per case: mk_crash_check's rules. */
static void test_check(void)
{
	struct mk_crash_input in;
	struct mk_diag d;

	virt_input(&in, MIB(128), MIB(96), MIB(32));
	if (build(&in, &d))
		abort();
	memcpy(&cp2, &cp, sizeof(cp));

	BEGIN("crash/check-good");
	CHECK_ERR(mk_crash_check(&cp2, &d), MK_OK);
	END();

	BEGIN("crash/check-header-in-capture-chunk");
	memcpy(&cp, &cp2, sizeof(cp));
	cp.header.mem = cp.capture.addr + cp.capture.size - MK_PAGE_SIZE;
	CHECK_ERR(mk_crash_check(&cp, &d), MK_ERR_OVERLAP);
	END();

	BEGIN("crash/check-header-outside-region");
	memcpy(&cp, &cp2, sizeof(cp));
	cp.header.mem = cp.region_start + cp.region_size;
	CHECK_ERR(mk_crash_check(&cp, &d), MK_ERR_OUTSIDE_RAM);
	CHECK_CONTAINS(d.msg, "core header");
	END();

	BEGIN("crash/check-header-unaligned");
	memcpy(&cp, &cp2, sizeof(cp));
	cp.header.mem += 8;
	CHECK_ERR(mk_crash_check(&cp, &d), MK_ERR_ALIGN);
	END();

	BEGIN("crash/check-header-bufsz-over-memsz");
	memcpy(&cp, &cp2, sizeof(cp));
	cp.header.bufsz = MK_PAGE_SIZE + 1;
	CHECK_ERR(mk_crash_check(&cp, &d), MK_ERR_ALIGN);
	END();

	BEGIN("crash/check-segment-below-region");
	memcpy(&cp, &cp2, sizeof(cp));
	cp.region_start += MK_CRASH_CHUNK_ALIGN;
	cp.region_size -= MK_CRASH_CHUNK_ALIGN;
	CHECK_ERR(mk_crash_check(&cp, &d), MK_ERR_OUTSIDE_RAM);
	END();

	BEGIN("crash/check-16-segments-refused");
	memcpy(&cp, &cp2, sizeof(cp));
	cp.plan.nseg = MK_MAX_SEGMENTS;
	CHECK(mk_crash_check(&cp, &d) != MK_OK);
	END();

	BEGIN("crash/check-half-of-ram-with-header");
	memcpy(&cp, &cp2, sizeof(cp));
	cp.plan.ram_total = 2 * mk_plan_copy_bytes(&cp.plan) + MK_PAGE_SIZE;
	CHECK_ERR(mk_crash_check(&cp, &d), MK_ERR_HALF_RAM);
	END();
}

/* ------------------------------------------------------------------ */

static void test_parsers(void)
{
	static const char iomem_m68k[] =
		"06000000-07ffffff : Crash kernel\n";
	static const char iomem_nested[] =
		"00000000-07ffffff : System RAM\n"
		"  00001000-004fffff : Kernel code\n"
		"  06000000-07ffffff : Crash kernel\n"
		"ff008000-ff008fff : goldfish_tty\n";
	static const struct {
		const char *name, *text;
		int want;
		uint32_t start, size;
	} io[] = {
		{ "m68k", iomem_m68k, MK_OK, 0x06000000, MIB(32) },
		{ "nested", iomem_nested, MK_OK, 0x06000000, MIB(32) },
		{ "no-newline", "00100000-001fffff : Crash kernel", MK_OK, 0x00100000, MIB(1) },
		{ "crlf", "00100000-001fffff : Crash kernel\r\n", MK_OK, 0x00100000, MIB(1) },
		{ "first-of-two", "00100000-001fffff : Crash kernel\n00300000-003fffff : Crash kernel\n",
		  MK_OK, 0x00100000, MIB(1) },
		{ "top-of-4g", "fff00000-ffffffff : Crash kernel\n", MK_OK, 0xfff00000, MIB(1) },
		{ "none", "00000000-07ffffff : System RAM\n", MK_ERR_CRASH_REGION, 0, 0 },
		{ "empty", "", MK_ERR_CRASH_REGION, 0, 0 },
		{ "other-name", "06000000-07ffffff : Crash kernel low\n", MK_ERR_CRASH_REGION, 0, 0 },
		{ "hidden", "00000000-00000000 : Crash kernel\n", MK_ERR_CRASH_REGION, 0, 0 },
		{ "64-bit", "100000000-107ffffff : Crash kernel\n", MK_ERR_CRASH_REGION, 0, 0 },
		{ "reversed", "07ffffff-06000000 : Crash kernel\n", MK_ERR_CRASH_REGION, 0, 0 },
		{ "all-4g", "00000000-ffffffff : Crash kernel\n", MK_ERR_CRASH_REGION, 0, 0 },
		{ "no-dash", "06000000 07ffffff : Crash kernel\n", MK_ERR_CRASH_REGION, 0, 0 },
		{ "garbage", "zz-yy : Crash kernel\n", MK_ERR_CRASH_REGION, 0, 0 },
		{ "trailing-junk", "06000000-07ffffffq : Crash kernel\n", MK_ERR_CRASH_REGION, 0, 0 },
	};
	struct mk_crash_note n;
	struct mk_diag d;
	uint32_t s, z;
	size_t i;

	for (i = 0; i < sizeof(io) / sizeof(io[0]); i++) {
		char *copy = (char *)dup_prefix((const uint8_t *)io[i].text, strlen(io[i].text));

		BEGIN("crash/iomem-%s", io[i].name);
		s = z = 0xdeadbeef;
		d.msg[0] = '\0';
		if (CHECK_ERR(mk_crash_parse_iomem(copy, strlen(io[i].text), &s, &z, &d), io[i].want) &&
		    io[i].want == MK_OK) {
			CHECK_EQ(s, io[i].start);
			CHECK_EQ(z, io[i].size);
		} else if (io[i].want != MK_OK) {
			CHECK_EQ(s, 0xdeadbeef);
			CHECK(d.msg[0] != '\0');
		}
		END();
		free(copy);
	}

	BEGIN("crash/iomem-hidden-says-root");
	mk_crash_parse_iomem("00000000-00000000 : Crash kernel\n", 33, &s, &z, &d);
	CHECK_CONTAINS(d.msg, "root");
	END();

	BEGIN("crash/note-good");
	if (CHECK_ERR(mk_crash_parse_note("7f1e000\n", 8, "272\n", 4, &n, &d), MK_OK)) {
		CHECK_EQ(n.addr, 0x07f1e000);
		CHECK_EQ(n.size, 272);
	}
	CHECK_ERR(mk_crash_parse_note("0x7f1e000", 9, "272", 3, &n, &d), MK_OK);
	END();

	BEGIN("crash/note-bad");
	CHECK_ERR(mk_crash_parse_note("", 0, "272", 3, &n, &d), MK_ERR_CRASH_VALUE);
	CHECK_ERR(mk_crash_parse_note("xyz\n", 4, "272", 3, &n, &d), MK_ERR_CRASH_VALUE);
	CHECK_ERR(mk_crash_parse_note("1234567890\n", 11, "272", 3, &n, &d), MK_ERR_CRASH_VALUE);
	CHECK_ERR(mk_crash_parse_note("1000", 4, "0\n", 2, &n, &d), MK_ERR_CRASH_VALUE);
	CHECK_ERR(mk_crash_parse_note("1000", 4, "0x10", 4, &n, &d), MK_ERR_CRASH_VALUE);
	CHECK_ERR(mk_crash_parse_note("1000", 4, "12 13", 5, &n, &d), MK_ERR_CRASH_VALUE);
	CHECK_ERR(mk_crash_parse_note(NULL, 0, "12", 2, &n, &d), MK_ERR_CRASH_VALUE);
	CHECK_ERR(mk_crash_parse_note("1000", 4, NULL, 0, &n, &d), MK_ERR_CRASH_VALUE);
	CHECK_CONTAINS(d.msg, "crash_notes_size");
	END();

	BEGIN("crash/vmcoreinfo-good");
	if (CHECK_ERR(mk_crash_parse_vmcoreinfo("0x0051c000 1000\n", 16, &n, &d), MK_OK)) {
		CHECK_EQ(n.addr, 0x0051c000);
		CHECK_EQ(n.size, 0x1000);
	}
	CHECK_ERR(mk_crash_parse_vmcoreinfo("51c000 1000", 11, &n, &d), MK_OK);
	END();

	BEGIN("crash/vmcoreinfo-bad");
	CHECK_ERR(mk_crash_parse_vmcoreinfo("0x0051c000\n", 11, &n, &d), MK_ERR_CRASH_VALUE);
	CHECK_ERR(mk_crash_parse_vmcoreinfo("0x0051c000 0\n", 13, &n, &d), MK_ERR_CRASH_VALUE);
	CHECK_ERR(mk_crash_parse_vmcoreinfo("0x0051c000-1000\n", 16, &n, &d), MK_ERR_CRASH_VALUE);
	CHECK_ERR(mk_crash_parse_vmcoreinfo("0x10051c000 1000\n", 17, &n, &d), MK_ERR_CRASH_VALUE);
	CHECK_ERR(mk_crash_parse_vmcoreinfo("0x0051c000 1000 7\n", 18, &n, &d), MK_ERR_CRASH_VALUE);
	CHECK_ERR(mk_crash_parse_vmcoreinfo("", 0, &n, &d), MK_ERR_CRASH_VALUE);
	END();
}

int main(void)
{
	size_t i;

	kimg = kimg_default();
	for (i = 0; i < sizeof(seed); i++)
		seed[i] = (uint8_t)(0x30 + i);
	for (i = 0; i < sizeof(ramdisk); i++)
		ramdisk[i] = (uint8_t)(i * 7);
	test_cmdline();
	test_core_header();
	test_plan_virt();
	test_atari();
	test_errors();
	test_check();
	test_parsers();
	free(kimg.buf);
	return DONE();
}
