// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mk_bi_check(): one good list (what QEMU virt passes), mangled one field
 * per case, with the exact lines the bootinfo tool prints for it.
 */
#include "harness.h"

struct blob {
	uint8_t b[8192];
	size_t n;
};

static void put(struct blob *b, uint16_t tag, const void *data, size_t n)
{
	size_t padded = (n + 3) & ~(size_t)3;

	mk_put_be16(b->b + b->n, tag);
	mk_put_be16(b->b + b->n + 2, (uint16_t)(4 + padded));
	memset(b->b + b->n + 4, 0, padded);
	if (n)
		memcpy(b->b + b->n + 4, data, n);
	b->n += 4 + padded;
}

static void put32(struct blob *b, uint16_t tag, uint32_t v)
{
	uint8_t d[4];

	mk_put_be32(d, v);
	put(b, tag, d, 4);
}

static void put2x32(struct blob *b, uint16_t tag, uint32_t x, uint32_t y)
{
	uint8_t d[8];

	mk_put_be32(d, x);
	mk_put_be32(d + 4, y);
	put(b, tag, d, 8);
}

static void last4(struct blob *b)
{
	mk_put_be32(b->b + b->n, 0x00000004);
	b->n += 4;
}

/* Which record of the good list to leave out or replace. */
enum {
	R_MACH, R_CPU, R_FPU, R_MMU, R_MEM, R_CMDLINE, R_SEED, R_RAMDISK, R_NONE = 99,
};

/*
 * The good list, records at:
 *   0 MACHTYPE 0x00, 1 CPUTYPE 0x08, 2 FPUTYPE 0x10, 3 MMUTYPE 0x18,
 *   4 MEMCHUNK 0x20, 5 COMMAND_LINE 0x2c, 6 RNG_SEED 0x40, 7 RAMDISK 0x68,
 *   BI_LAST 0x74, 120 bytes.
 */
static void good_except(struct blob *b, int skip, int last)
{
	static const uint8_t seed[34] = { 0, 32, 1, 2, 3 };

	b->n = 0;
	if (skip != R_MACH)
		put32(b, BI_MACHTYPE, MACH_VIRT);
	if (skip != R_CPU)
		put32(b, BI_CPUTYPE, 4);
	if (skip != R_FPU)
		put32(b, BI_FPUTYPE, 4);
	if (skip != R_MMU)
		put32(b, BI_MMUTYPE, 4);
	if (skip != R_MEM)
		put2x32(b, BI_MEMCHUNK, 0, 128u << 20);
	if (skip != R_CMDLINE)
		put(b, BI_COMMAND_LINE, "console=ttyGF0", 15);
	if (skip != R_SEED)
		put(b, BI_RNG_SEED, seed, sizeof(seed));
	if (skip != R_RAMDISK)
		put2x32(b, BI_RAMDISK, 0x07f00000, 1u << 20);
	if (last)
		last4(b);
}

static void good(struct blob *b)
{
	good_except(b, R_NONE, 1);
}

/* Check b and compare every problem line (NULL-terminated list). */
static void expect(const struct blob *b, int code, const char *const *lines)
{
	struct mk_bi_report rep;
	unsigned i, n = 0;
	int err;

	while (lines[n])
		n++;
	err = mk_bi_check(b->b, b->n, &rep);
	CHECK_ERR(err, code);
	CHECK_EQ(rep.nproblems, n);
	for (i = 0; i < n && i < rep.nproblems && i < MK_BI_MAX_PROBLEMS; i++)
		CHECK_STR(rep.problem[i].msg, lines[i]);
	if (rep.nproblems > n && rep.nproblems)
		CHECK_STR(rep.problem[n < MK_BI_MAX_PROBLEMS ? n : 0].msg, "(no more problems)");
}

#define LINES(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NO_LINES ((const char *const[]){ NULL })

static void test_good(void)
{
	struct blob b;
	struct mk_bi_report rep;

	BEGIN("check/good");
	good(&b);
	CHECK_EQ(b.n, 120);
	CHECK_ERR(mk_bi_check(b.b, b.n, &rep), MK_OK);
	CHECK_EQ(rep.nproblems, 0);
	CHECK_EQ(rep.nrec, 8);
	CHECK_EQ(rep.length, 120);
	END();

	/* /proc/bootinfo ends with the 2-byte BI_LAST; a copy from RAM may
	 * carry zeros after it. */
	BEGIN("check/short-last-and-zero-padding");
	good_except(&b, R_NONE, 0);
	b.b[b.n] = 0;
	b.b[b.n + 1] = 0;
	memset(b.b + b.n + 2, 0, 30);
	b.n += 32;
	CHECK_ERR(mk_bi_check(b.b, b.n, &rep), MK_OK);
	CHECK_EQ(rep.length, 118);
	END();

	/* The kernel zeroes the seed and its length after use. */
	BEGIN("check/used-seed");
	{
		static const uint8_t zero[34];

		good_except(&b, R_SEED, 0);
		put(&b, BI_RNG_SEED, zero, sizeof(zero));
		last4(&b);
		CHECK_ERR(mk_bi_check(b.b, b.n, &rep), MK_OK);
	}
	END();

	BEGIN("check/cmdline-255");
	{
		char line[256];

		memset(line, 'a', 255);
		line[255] = '\0';
		good_except(&b, R_CMDLINE, 0);
		put(&b, BI_COMMAND_LINE, line, 256);
		last4(&b);
		CHECK_ERR(mk_bi_check(b.b, b.n, &rep), MK_OK);
	}
	END();

	BEGIN("check/four-chunks-fastram-first");
	good_except(&b, R_NONE, 0);
	put2x32(&b, BI_MEMCHUNK, 0x10000000, 64u << 20);
	put2x32(&b, BI_MEMCHUNK, 0x20000000, 256u << 10);
	put2x32(&b, BI_MEMCHUNK, 0x08000000, 4096);
	last4(&b);
	CHECK_ERR(mk_bi_check(b.b, b.n, &rep), MK_OK);
	END();

	BEGIN("check/empty-ramdisk");
	good_except(&b, R_RAMDISK, 0);
	put2x32(&b, BI_RAMDISK, 0x12345678, 0);
	last4(&b);
	CHECK_ERR(mk_bi_check(b.b, b.n, &rep), MK_OK);
	END();

	BEGIN("check/unknown-records-are-fine");
	good_except(&b, R_NONE, 0);
	put(&b, 0x0042, "abc", 3);
	put32(&b, 0x8010, 7);
	last4(&b);
	CHECK_ERR(mk_bi_check(b.b, b.n, &rep), MK_OK);
	END();
}

static void test_structure(void)
{
	struct blob b;

	BEGIN("check/unterminated");
	good_except(&b, R_NONE, 0);
	expect(&b, MK_ERR_BI_UNTERMINATED,
	       LINES("no BI_LAST: the list ends at offset 0x74 after 8 records"));
	END();

	BEGIN("check/empty-file");
	b.n = 0;
	expect(&b, MK_ERR_BI_UNTERMINATED,
	       LINES("no BI_LAST: the list ends at offset 0x0 after 0 records"));
	END();

	BEGIN("check/trailing-bytes");
	good(&b);
	memcpy(b.b + b.n, "\0\0\xff\0", 4);
	b.n += 4;
	expect(&b, MK_ERR_BI_TRAILING,
	       LINES("4 bytes after BI_LAST at offset 0x74 are not all zero (first non-zero at 0x7a)"));
	END();

	BEGIN("check/header-cut-off");
	good_except(&b, R_NONE, 0);
	mk_put_be16(b.b + b.n, BI_MEMCHUNK);
	b.n += 2;
	expect(&b, MK_ERR_BI_RECORD,
	       LINES("record 8 at offset 0x74 (tag 0x0005): header cut off at the end of the list (118 bytes)"));
	END();

	BEGIN("check/size-not-multiple-of-4");
	good(&b);
	mk_put_be16(b.b + 0x22, 10);
	expect(&b, MK_ERR_BI_RECORD,
	       LINES("record 4 at offset 0x20 (tag 0x0005): size 10 is not a multiple of 4 of at least 4"));
	END();

	BEGIN("check/size-zero");
	good(&b);
	mk_put_be16(b.b + 0x0a, 0);
	expect(&b, MK_ERR_BI_RECORD,
	       LINES("record 1 at offset 0x8 (tag 0x0002): size 0 is not a multiple of 4 of at least 4"));
	END();

	BEGIN("check/size-past-end");
	good(&b);
	mk_put_be16(b.b + 0x6a, 0x100);
	expect(&b, MK_ERR_BI_RECORD,
	       LINES("record 7 at offset 0x68 (tag 0x0006): size 256 runs past the end of the list (120 bytes)"));
	END();

	/* The records before a broken one are still checked. */
	BEGIN("check/problems-before-a-broken-record");
	good(&b);
	mk_put_be32(b.b + 0x0c, 0);		/* no CPU */
	mk_put_be16(b.b + 0x6a, 0x100);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 1 at offset 0x8 (BI_CPUTYPE): names no CPU",
		     "record 7 at offset 0x68 (tag 0x0006): size 256 runs past the end of the list (120 bytes)"));
	END();

	BEGIN("check/too-many-records");
	{
		unsigned i;

		good_except(&b, R_NONE, 0);
		for (i = 8; i < MK_BI_MAX_RECORDS + 1; i++)
			put(&b, 0x0042, NULL, 0);
		last4(&b);
		expect(&b, MK_ERR_BI_TOO_MANY,
		       LINES("record 512 at offset 0x854: more than 512 records"));
	}
	END();
}

static void test_lists(void)
{
	struct blob b;

	BEGIN("check/missing-each-mandatory");
	good_except(&b, R_MACH, 1);
	expect(&b, MK_ERR_BI_MISSING, LINES("no BI_MACHTYPE record (mandatory)"));
	good_except(&b, R_CPU, 1);
	expect(&b, MK_ERR_BI_MISSING, LINES("no BI_CPUTYPE record (mandatory)"));
	good_except(&b, R_FPU, 1);
	expect(&b, MK_ERR_BI_MISSING, LINES("no BI_FPUTYPE record (mandatory)"));
	good_except(&b, R_MMU, 1);
	expect(&b, MK_ERR_BI_MISSING, LINES("no BI_MMUTYPE record (mandatory)"));
	END();

	BEGIN("check/missing-memchunk");
	good_except(&b, R_MEM, 1);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 6 at offset 0x5c (BI_RAMDISK): 0x07f00000 + 0x00100000 is not inside a memory chunk",
		     "no BI_MEMCHUNK record (mandatory)"));
	END();

	BEGIN("check/empty-list");
	b.n = 0;
	last4(&b);
	expect(&b, MK_ERR_BI_MISSING,
	       LINES("no BI_MACHTYPE record (mandatory)", "no BI_CPUTYPE record (mandatory)",
		     "no BI_FPUTYPE record (mandatory)", "no BI_MMUTYPE record (mandatory)",
		     "no BI_MEMCHUNK record (mandatory)"));
	END();

	BEGIN("check/duplicates");
	good_except(&b, R_NONE, 0);
	put32(&b, BI_CPUTYPE, 4);
	put32(&b, BI_MACHTYPE, MACH_VIRT);
	put(&b, BI_COMMAND_LINE, "x", 2);
	put2x32(&b, BI_RAMDISK, 0x07f00000, 4096);
	last4(&b);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 8 at offset 0x74 (BI_CPUTYPE): duplicate of record 1 (the kernel reads only one)",
		     "record 9 at offset 0x7c (BI_MACHTYPE): duplicate of record 0 (the kernel reads only one)",
		     "record 10 at offset 0x84 (BI_COMMAND_LINE): duplicate of record 5 (the kernel reads only one)",
		     "record 11 at offset 0x8c (BI_RAMDISK): duplicate of record 7 (the kernel reads only one)"));
	END();

	BEGIN("check/1536-limit");
	{
		static uint8_t fill[1536];

		/* 120 + 4 + 1412 = 1536: at the limit. */
		good_except(&b, R_NONE, 0);
		put(&b, 0x0042, fill, 1412);
		last4(&b);
		expect(&b, MK_OK, NO_LINES);
		good_except(&b, R_NONE, 0);
		put(&b, 0x0042, fill, 1416);
		last4(&b);
		expect(&b, MK_ERR_BI_TOO_LARGE,
		       LINES("the list is 1540 bytes with a 4-byte BI_LAST, over the 1536 bytes the kernel keeps for /proc/bootinfo"));
	}
	END();

	BEGIN("check/problems-kept-and-counted");
	{
		struct mk_bi_report rep;
		unsigned i;

		good_except(&b, R_NONE, 0);
		for (i = 0; i < 40; i++)
			put32(&b, BI_FPUTYPE, 4);
		last4(&b);
		CHECK_ERR(mk_bi_check(b.b, b.n, &rep), MK_ERR_BI_VALUE);
		CHECK_EQ(rep.nproblems, 40);
		CHECK_STR(rep.problem[MK_BI_MAX_PROBLEMS - 1].msg,
			  "record 39 at offset 0x16c (BI_FPUTYPE): duplicate of record 2 (the kernel reads only one)");
		CHECK_EQ(rep.problem[0].record, 8);
		CHECK_EQ(rep.problem[0].offset, 0x74);
		CHECK_EQ(rep.problem[0].code, MK_ERR_BI_VALUE);
	}
	END();
}

static void test_values(void)
{
	struct blob b;

	BEGIN("check/machine-unknown");
	good(&b);
	mk_put_be32(b.b + 4, 99);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 0 at offset 0x0 (BI_MACHTYPE): machine 99 is not one the kernel knows (1 to 14)"));
	END();

	BEGIN("check/cpu-bits");
	good(&b);
	mk_put_be32(b.b + 0x0c, 0x24);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 1 at offset 0x8 (BI_CPUTYPE): unknown bits 0x20 (known: 0x1f)"));
	mk_put_be32(b.b + 0x0c, 0x06);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 1 at offset 0x8 (BI_CPUTYPE): names more than one CPU (68030|68040)"));
	END();

	BEGIN("check/fpu-and-mmu-bits");
	good(&b);
	mk_put_be32(b.b + 0x14, 0);		/* no FPU is fine */
	mk_put_be32(b.b + 0x1c, 0);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 3 at offset 0x18 (BI_MMUTYPE): names no MMU (Linux/m68k with kexec needs one)"));
	mk_put_be32(b.b + 0x14, 0x40);
	mk_put_be32(b.b + 0x1c, 0x80);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 2 at offset 0x10 (BI_FPUTYPE): unknown bits 0x40 (known: 0x3f)",
		     "record 3 at offset 0x18 (BI_MMUTYPE): unknown bits 0x80 (known: 0x7f)"));
	END();

	BEGIN("check/value-sizes");
	good_except(&b, R_MEM, 0);
	put(&b, BI_MEMCHUNK, "\0\0\0\0", 4);
	put2x32(&b, BI_MEMCHUNK, 0, 128u << 20);
	put(&b, BI_RNG_SEED, NULL, 0);
	put32(&b, 0x8003, 0xff008000);		/* virt's TTY wants MMIO and IRQ */
	last4(&b);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 7 at offset 0x68 (BI_MEMCHUNK): 4 data bytes, needs at least 8",
		     "record 9 at offset 0x7c (BI_RNG_SEED): 0 data bytes, needs at least 2",
		     "record 10 at offset 0x80 (BI_VIRT_GF_TTY_BASE): 4 data bytes, needs at least 8"));
	END();

	BEGIN("check/machtype-too-short");
	b.n = 0;
	put(&b, BI_MACHTYPE, NULL, 0);
	put32(&b, BI_CPUTYPE, 4);
	put32(&b, BI_FPUTYPE, 4);
	put32(&b, BI_MMUTYPE, 4);
	put2x32(&b, BI_MEMCHUNK, 0, 128u << 20);
	last4(&b);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 0 at offset 0x0 (BI_MACHTYPE): 0 data bytes, needs at least 4"));
	END();

	BEGIN("check/machine-records-sizes");
	{
		static const struct {
			uint32_t mach;
			uint16_t tag;
			const char *line;
		} cases[] = {
			{ MACH_AMIGA, 0x8001, "record 5 at offset 0x2c (BI_AMIGA_AUTOCON): 64 data bytes, needs at least 68" },
			{ MACH_MVME16x, 0x8001, "record 5 at offset 0x2c (BI_VME_BRDINFO): 28 data bytes, needs at least 32" },
			{ MACH_ATARI, 0x8000, "record 5 at offset 0x2c (BI_ATARI_MCH_COOKIE): 0 data bytes, needs at least 4" },
		};
		static const uint8_t zero[64];
		size_t i;

		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			b.n = 0;
			put32(&b, BI_MACHTYPE, cases[i].mach);
			put32(&b, BI_CPUTYPE, 4);
			put32(&b, BI_FPUTYPE, 4);
			put32(&b, BI_MMUTYPE, 4);
			put2x32(&b, BI_MEMCHUNK, 0, 16u << 20);
			put(&b, cases[i].tag, zero, cases[i].tag == 0x8000 ? 0 : i == 0 ? 64 : 28);
			last4(&b);
			expect(&b, MK_ERR_BI_VALUE, LINES(cases[i].line));
		}
	}
	END();
}

static void test_memory(void)
{
	struct blob b;

	BEGIN("check/memchunk-not-aligned");
	good_except(&b, R_MEM, 0);
	put2x32(&b, BI_MEMCHUNK, 0x800, 128u << 20);
	last4(&b);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 7 at offset 0x68 (BI_MEMCHUNK): 0x00000800 + 0x08000000 is not page aligned (4096 bytes)"));
	good_except(&b, R_MEM, 0);
	put2x32(&b, BI_MEMCHUNK, 0, (128u << 20) + 1024);
	last4(&b);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 7 at offset 0x68 (BI_MEMCHUNK): 0x00000000 + 0x08000400 is not page aligned (4096 bytes)"));
	END();

	BEGIN("check/memchunk-overlap");
	good_except(&b, R_NONE, 0);
	put2x32(&b, BI_MEMCHUNK, 0x07000000, 32u << 20);
	last4(&b);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 8 at offset 0x74 (BI_MEMCHUNK): 0x07000000-0x08ffffff overlaps record 4 (0x00000000-0x07ffffff)"));
	END();

	BEGIN("check/memchunk-same-twice");
	good_except(&b, R_NONE, 0);
	put2x32(&b, BI_MEMCHUNK, 0, 128u << 20);
	last4(&b);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 8 at offset 0x74 (BI_MEMCHUNK): 0x00000000-0x07ffffff overlaps record 4 (0x00000000-0x07ffffff)"));
	END();

	BEGIN("check/memchunk-empty-and-wrapping");
	good_except(&b, R_NONE, 0);
	put2x32(&b, BI_MEMCHUNK, 0x10000000, 0);
	put2x32(&b, BI_MEMCHUNK, 0xff000000, 0x02000000);
	put2x32(&b, BI_MEMCHUNK, 0xff000000, 0x01000000);	/* ends at 4 GiB: fine */
	last4(&b);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 8 at offset 0x74 (BI_MEMCHUNK): 0x10000000 + 0x00000000 is empty",
		     "record 9 at offset 0x80 (BI_MEMCHUNK): 0xff000000 + 0x02000000 runs past 4 GiB"));
	END();

	BEGIN("check/memchunk-more-than-4");
	good_except(&b, R_NONE, 0);
	put2x32(&b, BI_MEMCHUNK, 0x10000000, 4096);
	put2x32(&b, BI_MEMCHUNK, 0x20000000, 4096);
	put2x32(&b, BI_MEMCHUNK, 0x30000000, 4096);
	put2x32(&b, BI_MEMCHUNK, 0x40000000, 4096);
	last4(&b);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 11 at offset 0x98 (BI_MEMCHUNK): memory chunk 4: the kernel uses only the first 4"));
	END();

	/* ARAnyM passes such a ramdisk and Linux boots from it. */
	BEGIN("check/ramdisk-not-aligned-is-fine");
	good_except(&b, R_RAMDISK, 0);
	put2x32(&b, BI_RAMDISK, 0x07f00800, 12345);
	last4(&b);
	expect(&b, MK_OK, NO_LINES);
	END();

	BEGIN("check/ramdisk-outside-ram");
	good_except(&b, R_RAMDISK, 0);
	put2x32(&b, BI_RAMDISK, 0x07f00000, 2u << 20);
	last4(&b);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 7 at offset 0x68 (BI_RAMDISK): 0x07f00000 + 0x00200000 is not inside a memory chunk"));
	good_except(&b, R_RAMDISK, 0);
	put2x32(&b, BI_RAMDISK, 0xfff00000, 2u << 20);
	last4(&b);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 7 at offset 0x68 (BI_RAMDISK): 0xfff00000 + 0x00200000 runs past 4 GiB"));
	END();

	/* A ramdisk in a later chunk is fine (ARAnyM puts it in FastRAM). */
	BEGIN("check/ramdisk-in-second-chunk");
	good_except(&b, R_RAMDISK, 0);
	put2x32(&b, BI_RAMDISK, 0x01f00000, 1u << 20);
	put2x32(&b, BI_MEMCHUNK, 0x01000000, 16u << 20);
	mk_put_be32(b.b + 0x28, 16u << 20);	/* first chunk: 0 + 16 MiB */
	last4(&b);
	expect(&b, MK_OK, NO_LINES);
	END();
}

static void test_strings(void)
{
	struct blob b;

	BEGIN("check/cmdline-256");
	{
		char line[257];

		memset(line, 'a', 256);
		line[256] = '\0';
		good_except(&b, R_CMDLINE, 0);
		put(&b, BI_COMMAND_LINE, line, 257);
		last4(&b);
		expect(&b, MK_ERR_CMDLINE_TOO_LONG,
		       LINES("record 7 at offset 0x60 (BI_COMMAND_LINE): 256 characters, the kernel keeps at most 255"));
	}
	END();

	BEGIN("check/cmdline-no-nul");
	good(&b);
	memset(b.b + 0x30, 'x', 16);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 5 at offset 0x2c (BI_COMMAND_LINE): no NUL within its 16 data bytes"));
	END();

	BEGIN("check/seed-length");
	good(&b);
	mk_put_be16(b.b + 0x44, 40);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 6 at offset 0x40 (BI_RNG_SEED): seed length 40 needs 42 data bytes, the record has 36"));
	END();

	/* The first problem's code is returned, the others are listed. */
	BEGIN("check/several-kinds-in-order");
	good(&b);
	mk_put_be16(b.b + 0x44, 40);
	mk_put_be32(b.b + 0x24, 0x800);
	expect(&b, MK_ERR_BI_VALUE,
	       LINES("record 4 at offset 0x20 (BI_MEMCHUNK): 0x00000800 + 0x08000000 is not page aligned (4096 bytes)",
		     "record 6 at offset 0x40 (BI_RNG_SEED): seed length 40 needs 42 data bytes, the record has 36"));
	END();
}

/* Whatever mk_bi_parse() refuses, the check refuses too. */
static void test_agrees_with_parse(void)
{
	static struct mk_bootinfo bi;
	struct mk_bi_report rep;
	struct blob b;
	size_t off;

	BEGIN("check/agrees-with-parse");
	for (off = 0; off < 120; off += 2) {
		uint16_t v;

		good(&b);
		v = mk_be16(b.b + off);
		mk_put_be16(b.b + off, (uint16_t)(v ^ 0x0102));
		if (mk_bi_parse(b.b, b.n, &bi, NULL) != MK_OK)
			CHECK(mk_bi_check(b.b, b.n, &rep) != MK_OK);
	}
	END();
}

int main(void)
{
	test_good();
	test_structure();
	test_lists();
	test_values();
	test_memory();
	test_strings();
	test_agrees_with_parse();
	return DONE();
}
