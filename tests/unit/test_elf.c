// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ELF reader: a good crafted vmlinux parses to the expected loads and
 * bootversion table; each mangled field gives its exact error code, and
 * every prefix of a good image is refused without reading past it.
 */
#include "harness.h"
#include "image.h"

static struct mk_kernel kern;

/* Parse an exact-size copy of img[0..len). */
static int parse_len(const struct kimg *img, size_t len, struct mk_diag *d)
{
	uint8_t *p = dup_prefix(img->buf, len);
	int err;

	d->code = 0;
	d->msg[0] = '\0';
	err = mk_elf_parse(p, len, &kern, d);
	free(p);
	return err;
}

static int parse(const struct kimg *img, struct mk_diag *d)
{
	return parse_len(img, img->len, d);
}

/* ------------------------------------------------------------------ */

static void test_good(void)
{
	struct kimg k = kimg_default();
	struct mk_diag d;

	BEGIN("elf/good-default");
	if (CHECK_ERR(parse(&k, &d), MK_OK)) {
		CHECK_EQ(kern.nloads, 1);
		CHECK_EQ(kern.entry, 0x2000);
		CHECK_EQ(kern.dropped_header, 1);
		CHECK_EQ(kern.load[0].offset, 0x1000);
		CHECK_EQ(kern.load[0].vaddr, 0x1000);
		CHECK_EQ(kern.load[0].filesz, 0x2000);
		CHECK_EQ(kern.load[0].memsz, 0x5000);
		CHECK_EQ(kern.start, 0x1000);
		CHECK_EQ(kern.end, 0x6000);
	}
	END();

	BEGIN("elf/bootversion-parsed");
	if (CHECK_ERR(parse(&k, &d), MK_OK)) {
		CHECK_EQ(kern.has_bootversion, 1);
		CHECK_EQ(kern.nbootversions, 3);
		CHECK_EQ(kern.bootversion[0].machtype, MACH_AMIGA);
		CHECK_EQ(kern.bootversion[0].version, 0x20000);
		CHECK_EQ(kern.bootversion[1].machtype, MACH_ATARI);
		CHECK_EQ(kern.bootversion[1].version, 0x20001);
		CHECK_EQ(kern.bootversion[2].machtype, MACH_MAC);
		CHECK(mk_kernel_supports_machine(&kern, MACH_AMIGA));
		CHECK(mk_kernel_supports_machine(&kern, MACH_ATARI));
		CHECK(mk_kernel_supports_machine(&kern, MACH_MAC));
		CHECK(!mk_kernel_supports_machine(&kern, MACH_VIRT));
		CHECK(!mk_kernel_supports_machine(&kern, MACH_Q40));
		CHECK(!mk_kernel_supports_machine(&kern, 0));
	}
	END();
	free(k.buf);
}

static void test_bootversion(void)
{
	struct mk_diag d;
	struct kimg k;
	unsigned i;

	BEGIN("elf/no-bootversion-table");
	{
		struct kspec s = KSPEC_DEFAULT;

		s.nbv = -1;
		k = kimg_build(&s);
		if (CHECK_ERR(parse(&k, &d), MK_OK)) {
			CHECK_EQ(kern.has_bootversion, 0);
			CHECK_EQ(kern.nbootversions, 0);
			CHECK(!mk_kernel_supports_machine(&kern, MACH_AMIGA));
		}
		free(k.buf);
	}
	END();

	BEGIN("elf/bootversion-bad-magic");
	k = kimg_default();
	k.buf[0x1002] ^= 0x01;
	if (CHECK_ERR(parse(&k, &d), MK_OK)) {
		CHECK_EQ(kern.has_bootversion, 0);
		CHECK_EQ(kern.nbootversions, 0);
	}
	free(k.buf);
	END();

	BEGIN("elf/bootversion-empty-table");
	{
		struct kspec s = KSPEC_DEFAULT;

		s.nbv = 0;
		k = kimg_build(&s);
		if (CHECK_ERR(parse(&k, &d), MK_OK)) {
			CHECK_EQ(kern.has_bootversion, 1);
			CHECK_EQ(kern.nbootversions, 0);
		}
		free(k.buf);
	}
	END();

	/* The table is read only from the first load's file bytes. */
	BEGIN("elf/bootversion-cut-by-filesz");
	{
		struct kspec s = KSPEC_DEFAULT;

		s.text = 6 + 8 + 4;	/* magic, one pair and half of the next */
		s.bss = 0x2000;
		s.nbv = -1;
		k = kimg_build(&s);
		mk_put_be16(k.buf + 0x1000, 0x6000);
		mk_put_be32(k.buf + 0x1002, MK_BOOTINFOV_MAGIC);
		mk_put_be32(k.buf + 0x1006, MACH_MAC);
		mk_put_be32(k.buf + 0x100a, 0x20000);
		mk_put_be32(k.buf + 0x100e, MACH_AMIGA);
		if (CHECK_ERR(parse(&k, &d), MK_OK)) {
			CHECK_EQ(kern.has_bootversion, 1);
			CHECK_EQ(kern.nbootversions, 1);
			CHECK_EQ(kern.bootversion[0].machtype, MACH_MAC);
		}
		free(k.buf);
	}
	END();

	BEGIN("elf/bootversion-capped-at-%u", MK_MAX_BOOTVERSIONS);
	{
		struct kspec s = KSPEC_DEFAULT;

		s.nbv = 40;
		for (i = 0; i < 40; i++) {
			s.bv[i][0] = 100 + i;
			s.bv[i][1] = 0x20000;
		}
		k = kimg_build(&s);
		if (CHECK_ERR(parse(&k, &d), MK_OK)) {
			CHECK_EQ(kern.nbootversions, MK_MAX_BOOTVERSIONS);
			CHECK_EQ(kern.bootversion[MK_MAX_BOOTVERSIONS - 1].machtype,
				 100 + MK_MAX_BOOTVERSIONS - 1);
		}
		free(k.buf);
	}
	END();
}

/* ------------------------------------------------------------------ */
/* Truncations                                                          */

static void test_truncations(void)
{
	static const size_t lens[] = { 0, 1, 3, 4, 5, 51, 52, 53, 52 + 31, 52 + 32 + 31,
				       0x1000, 0x1000 + 100, 0x2fff };
	struct kspec s = KSPEC_DEFAULT;
	struct mk_diag d;
	struct kimg k;
	size_t i, n;
	int bad;

	s.note = 1;	/* two program headers: 52 + 64 bytes of headers */
	k = kimg_build(&s);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		BEGIN("elf/truncated-at-%zu", lens[i]);
		/* An empty file is no ELF at all; any other prefix of the
		 * magic is an ELF file cut short. */
		CHECK_ERR(parse_len(&k, lens[i], &d),
			  lens[i] == 0 ? MK_ERR_ELF_MAGIC : MK_ERR_ELF_TRUNCATED);
		if (lens[i] > 0)
			CHECK_CONTAINS(d.msg, "truncated");
		END();
	}

	BEGIN("elf/truncated-header-names-sizes");
	CHECK_ERR(parse_len(&k, 51, &d), MK_ERR_ELF_TRUNCATED);
	CHECK_CONTAINS(d.msg, "52");
	CHECK_CONTAINS(d.msg, "51");
	END();

	BEGIN("elf/truncated-phdrs-names-offset");
	CHECK_ERR(parse_len(&k, 100, &d), MK_ERR_ELF_TRUNCATED);
	CHECK_CONTAINS(d.msg, "program headers at offset 0x34");
	END();

	BEGIN("elf/truncated-segment-names-header");
	CHECK_ERR(parse_len(&k, 0x2000, &d), MK_ERR_ELF_TRUNCATED);
	CHECK_CONTAINS(d.msg, "program header 1");
	CHECK_CONTAINS(d.msg, "0x3000");
	END();

	/* Every prefix, under ASan: refused, and never read past its end. */
	BEGIN("elf/every-prefix-refused");
	bad = 0;
	for (n = 0; n < k.len; n++) {
		int want = n == 0 ? MK_ERR_ELF_MAGIC : MK_ERR_ELF_TRUNCATED;

		if (!CHECK_ERR(parse_len(&k, n, &d), want) && ++bad > 3)
			break;
	}
	CHECK_ERR(parse_len(&k, k.len, &d), MK_OK);
	END();
	free(k.buf);
}

/* ------------------------------------------------------------------ */
/* One mangled field per case                                           */

enum { F_BYTE, F_BE16, F_BE32 };

struct mangle {
	const char *name;
	int width;		/* F_BYTE, F_BE16, F_BE32 */
	int ph;			/* -1: ELF header; else program header index */
	unsigned off;
	uint32_t value;
	int want;
	const char *msg;	/* the diag must contain this (or NULL) */
};

/* Offsets in the default image (one PT_LOAD: offset 0, vaddr 0,
 * filesz 0x3000, memsz 0x6000; entry 0x2000). */
static const struct mangle mangles[] = {
	{ "magic-byte0", F_BYTE, -1, 0, 0x00, MK_ERR_ELF_MAGIC, "magic" },
	{ "magic-byte3", F_BYTE, -1, 3, 'G', MK_ERR_ELF_MAGIC, "magic" },
	{ "class-64", F_BYTE, -1, MK_ELF_EI_CLASS, 2, MK_ERR_ELF_CLASS, "class 2" },
	{ "class-none", F_BYTE, -1, MK_ELF_EI_CLASS, 0, MK_ERR_ELF_CLASS, NULL },
	{ "data-little-endian", F_BYTE, -1, MK_ELF_EI_DATA, 1, MK_ERR_ELF_CLASS, "encoding 1" },
	{ "machine-sparc", F_BE16, -1, MK_ELF_E_MACHINE, 2, MK_ERR_ELF_MACHINE, "machine 2" },
	{ "machine-x86", F_BE16, -1, MK_ELF_E_MACHINE, 3, MK_ERR_ELF_MACHINE, NULL },
	{ "machine-byteswapped", F_BE16, -1, MK_ELF_E_MACHINE, 0x0400, MK_ERR_ELF_MACHINE, NULL },
	{ "type-rel", F_BE16, -1, MK_ELF_E_TYPE, 1, MK_ERR_ELF_MACHINE, "type 1" },
	{ "type-dyn", F_BE16, -1, MK_ELF_E_TYPE, 3, MK_ERR_ELF_MACHINE, NULL },
	{ "type-core", F_BE16, -1, MK_ELF_E_TYPE, 4, MK_ERR_ELF_MACHINE, NULL },
	{ "phentsize-56", F_BE16, -1, MK_ELF_E_PHENTSIZE, 56, MK_ERR_ELF_PHDR, "56" },
	{ "phentsize-0", F_BE16, -1, MK_ELF_E_PHENTSIZE, 0, MK_ERR_ELF_PHDR, NULL },
	{ "phentsize-31", F_BE16, -1, MK_ELF_E_PHENTSIZE, 31, MK_ERR_ELF_PHDR, NULL },
	{ "phnum-0", F_BE16, -1, MK_ELF_E_PHNUM, 0, MK_ERR_ELF_NOLOAD, NULL },
	{ "phnum-beyond-file", F_BE16, -1, MK_ELF_E_PHNUM, 0xffff, MK_ERR_ELF_TRUNCATED, NULL },
	{ "phoff-beyond-file", F_BE32, -1, MK_ELF_E_PHOFF, 0x3000, MK_ERR_ELF_TRUNCATED, "0x3000" },
	{ "phoff-straddles-end", F_BE32, -1, MK_ELF_E_PHOFF, 0x3000 - 16, MK_ERR_ELF_TRUNCATED, NULL },
	{ "phoff-wraps", F_BE32, -1, MK_ELF_E_PHOFF, 0xfffffff0, MK_ERR_ELF_TRUNCATED, NULL },
	{ "entry-0", F_BE32, -1, MK_ELF_E_ENTRY, 0, MK_ERR_ENTRY, "0x0" },
	{ "entry-in-header-page", F_BE32, -1, MK_ELF_E_ENTRY, 0xfff, MK_ERR_ENTRY, NULL },
	{ "entry-at-end", F_BE32, -1, MK_ELF_E_ENTRY, 0x6000, MK_ERR_ENTRY, "0x6000" },
	{ "entry-far", F_BE32, -1, MK_ELF_E_ENTRY, 0xc0000000, MK_ERR_ENTRY, NULL },
	{ "no-pt-load-note", F_BE32, 0, MK_ELF_P_TYPE, MK_ELF_PT_NOTE, MK_ERR_ELF_NOLOAD, "PT_LOAD" },
	{ "no-pt-load-null", F_BE32, 0, MK_ELF_P_TYPE, 0, MK_ERR_ELF_NOLOAD, NULL },
	{ "only-load-memsz-0", F_BE32, 0, MK_ELF_P_MEMSZ, 0, MK_ERR_ELF_NOLOAD, NULL },
	{ "filesz-gt-memsz", F_BE32, 0, MK_ELF_P_MEMSZ, 0x2fff, MK_ERR_ELF_SEGMENT, "file size" },
	{ "filesz-beyond-file", F_BE32, 0, MK_ELF_P_FILESZ, 0x3001, MK_ERR_ELF_TRUNCATED, "program header 0" },
	{ "offset-beyond-file", F_BE32, 0, MK_ELF_P_OFFSET, 0x3000, MK_ERR_ELF_TRUNCATED, NULL },
	{ "offset-plus-filesz-wraps", F_BE32, 0, MK_ELF_P_OFFSET, 0xfffff000, MK_ERR_ELF_TRUNCATED, NULL },
	{ "vaddr-plus-memsz-wraps", F_BE32, 0, MK_ELF_P_VADDR, 0xffffd000, MK_ERR_ELF_SEGMENT, "wraps" },
	{ "vaddr-plus-memsz-reaches-4g", F_BE32, 0, MK_ELF_P_VADDR, 0xffffa000, MK_ERR_ELF_SEGMENT, "wraps" },
	{ "first-page-short-file", F_BE32, 0, MK_ELF_P_FILESZ, 0x800, MK_ERR_ELF_SEGMENT, "header page" },
	{ "first-page-short-both", F_BE32, 0, MK_ELF_P_MEMSZ, 0x800, MK_ERR_ELF_SEGMENT, NULL },
};

static void apply(struct kimg *k, const struct mangle *m)
{
	uint8_t *p = m->ph < 0 ? k->buf : k_ph(k, (unsigned)m->ph);

	switch (m->width) {
	case F_BYTE:
		p[m->off] = (uint8_t)m->value;
		break;
	case F_BE16:
		mk_put_be16(p + m->off, (uint16_t)m->value);
		break;
	default:
		mk_put_be32(p + m->off, m->value);
		break;
	}
}

static void test_mangles(void)
{
	struct mk_diag d;
	size_t i;

	for (i = 0; i < sizeof(mangles) / sizeof(mangles[0]); i++) {
		struct kimg k = kimg_default();

		BEGIN("elf/mangle-%s", mangles[i].name);
		/* first-page-short-both: filesz and memsz both below a page */
		if (strcmp(mangles[i].name, "first-page-short-both") == 0)
			mk_put_be32(k_ph(&k, 0) + MK_ELF_P_FILESZ, 0x800);
		apply(&k, &mangles[i]);
		CHECK_ERR(parse(&k, &d), mangles[i].want);
		CHECK_ERR(d.code, mangles[i].want);
		if (mangles[i].msg)
			CHECK_CONTAINS(d.msg, mangles[i].msg);
		END();
		free(k.buf);
	}
}

/* ------------------------------------------------------------------ */
/* Two loads                                                            */

static struct kimg two_loads(uint32_t off, uint32_t vaddr, uint32_t filesz, uint32_t memsz)
{
	struct kspec s = KSPEC_DEFAULT;

	s.second = 1;
	s.s_offset = off;
	s.s_vaddr = vaddr;
	s.s_filesz = filesz;
	s.s_memsz = memsz;
	return kimg_build(&s);
}

static void test_two_loads(void)
{
	struct mk_diag d;
	struct kimg k;
	unsigned i;

	BEGIN("elf/two-loads");
	k = two_loads(0x3000, 0x5000, 0x1000, 0x2800);
	if (CHECK_ERR(parse(&k, &d), MK_OK)) {
		CHECK_EQ(kern.nloads, 2);
		CHECK_EQ(kern.load[1].offset, 0x3000);
		CHECK_EQ(kern.load[1].vaddr, 0x5000);
		CHECK_EQ(kern.load[1].filesz, 0x1000);
		CHECK_EQ(kern.load[1].memsz, 0x2800);
		CHECK_EQ(kern.start, 0x1000);
		CHECK_EQ(kern.end, 0x7800);
	}
	free(k.buf);
	END();

	BEGIN("elf/two-loads-touching");
	k = two_loads(0x3000, 0x3000, 0x1000, 0x1000);
	CHECK_ERR(parse(&k, &d), MK_OK);
	CHECK_EQ(kern.end, 0x4000);
	free(k.buf);
	END();

	BEGIN("elf/overlapping-loads");
	k = two_loads(0x3000, 0x2fff, 0x1000, 0x1000);
	CHECK_ERR(parse(&k, &d), MK_ERR_ELF_SEGMENT);
	CHECK_CONTAINS(d.msg, "program header 1");
	CHECK_CONTAINS(d.msg, "overlaps");
	free(k.buf);
	END();

	BEGIN("elf/second-load-below-first");
	k = two_loads(0x3000, 0x0, 0x1000, 0x1000);
	CHECK_ERR(parse(&k, &d), MK_ERR_ELF_SEGMENT);
	free(k.buf);
	END();

	BEGIN("elf/second-load-wraps");
	k = two_loads(0x3000, 0xfffff000, 0x1000, 0x2000);
	CHECK_ERR(parse(&k, &d), MK_ERR_ELF_SEGMENT);
	CHECK_CONTAINS(d.msg, "wraps");
	free(k.buf);
	END();

	BEGIN("elf/second-load-filesz-gt-memsz");
	k = two_loads(0x3000, 0x5000, 0x1000, 0x800);
	CHECK_ERR(parse(&k, &d), MK_ERR_ELF_SEGMENT);
	CHECK_CONTAINS(d.msg, "program header 1");
	free(k.buf);
	END();

	BEGIN("elf/second-load-bytes-cut");
	k = two_loads(0x3000, 0x5000, 0x1000, 0x2000);
	CHECK_ERR(parse_len(&k, 0x3800, &d), MK_ERR_ELF_TRUNCATED);
	CHECK_CONTAINS(d.msg, "program header 1");
	free(k.buf);
	END();

	/* Only the first PT_LOAD may hold the header page. */
	BEGIN("elf/offset-0-not-first");
	k = two_loads(0x0, 0x10000, 0x1000, 0x1000);
	CHECK_ERR(parse(&k, &d), MK_ERR_ELF_SEGMENT);
	CHECK_CONTAINS(d.msg, "segment 1");
	free(k.buf);
	END();

	BEGIN("elf/empty-second-load-ignored");
	k = two_loads(0x3000, 0x100, 0, 0);
	if (CHECK_ERR(parse(&k, &d), MK_OK))
		CHECK_EQ(kern.nloads, 1);
	free(k.buf);
	END();

	/* A kernel already stripped of its header page loads as it is. */
	BEGIN("elf/no-header-page");
	k = kimg_default();
	mk_put_be32(k_ph(&k, 0) + MK_ELF_P_OFFSET, 0x1000);
	mk_put_be32(k_ph(&k, 0) + MK_ELF_P_VADDR, 0x1000);
	mk_put_be32(k_ph(&k, 0) + MK_ELF_P_FILESZ, 0x2000);
	mk_put_be32(k_ph(&k, 0) + MK_ELF_P_MEMSZ, 0x5000);
	if (CHECK_ERR(parse(&k, &d), MK_OK)) {
		CHECK_EQ(kern.dropped_header, 0);
		CHECK_EQ(kern.start, 0x1000);
		CHECK_EQ(kern.end, 0x6000);
		CHECK_EQ(kern.has_bootversion, 1);
	}
	free(k.buf);
	END();

	BEGIN("elf/only-header-page");
	k = kimg_default();
	mk_put_be32(k_ph(&k, 0) + MK_ELF_P_FILESZ, 0x1000);
	mk_put_be32(k_ph(&k, 0) + MK_ELF_P_MEMSZ, 0x1000);
	CHECK_ERR(parse(&k, &d), MK_ERR_ELF_NOLOAD);
	free(k.buf);
	END();

	/* Headers of other types are skipped. */
	BEGIN("elf/note-before-load");
	{
		struct kspec s = KSPEC_DEFAULT;

		s.note = 1;
		k = kimg_build(&s);
		if (CHECK_ERR(parse(&k, &d), MK_OK)) {
			CHECK_EQ(kern.nloads, 1);
			CHECK_EQ(kern.end, 0x6000);
		}
		free(k.buf);
	}
	END();

	/* 16 loads are the most a kexec can take; the 17th is refused. */
	for (i = 16; i <= 17; i++) {
		struct kspec s = KSPEC_DEFAULT;
		unsigned j;

		BEGIN("elf/%u-loads", i);
		s.text = 0x1000 * i;
		s.bss = 0;
		k = kimg_build(&s);
		mk_put_be16(k.buf + MK_ELF_E_PHNUM, (uint16_t)i);
		/* Header page + 1 page, then one page per further load. */
		k_put_ph(k_ph(&k, 0), MK_ELF_PT_LOAD, 0, 0, 0x2000, 0x2000);
		for (j = 1; j < i; j++)
			k_put_ph(k_ph(&k, j), MK_ELF_PT_LOAD, 0x1000 + 0x1000 * j, 0x10000 * j,
				 0x1000, 0x1000);
		if (i == 16) {
			if (CHECK_ERR(parse(&k, &d), MK_OK)) {
				CHECK_EQ(kern.nloads, 16);
				CHECK_EQ(kern.end, 0xf1000);
			}
		} else {
			CHECK_ERR(parse(&k, &d), MK_ERR_ELF_SEGMENT);
			CHECK_CONTAINS(d.msg, "16");
		}
		free(k.buf);
		END();
	}
}

static void test_strerror(void)
{
	static const int codes[] = {
		MK_OK, MK_ERR_ELF_TRUNCATED, MK_ERR_ELF_MAGIC, MK_ERR_ELF_CLASS,
		MK_ERR_ELF_MACHINE, MK_ERR_ELF_PHDR, MK_ERR_ELF_SEGMENT, MK_ERR_ELF_NOLOAD,
		MK_ERR_BI_RECORD, MK_ERR_BI_UNTERMINATED, MK_ERR_BI_TRAILING,
		MK_ERR_BI_MISSING, MK_ERR_BI_VALUE, MK_ERR_BI_TOO_MANY,
		MK_ERR_CMDLINE_TOO_LONG, MK_ERR_BI_TOO_LARGE, MK_ERR_PARAM,
		MK_ERR_NO_SPACE, MK_ERR_OUTSIDE_RAM, MK_ERR_OVERLAP,
		MK_ERR_TOO_MANY_SEGMENTS, MK_ERR_HALF_RAM, MK_ERR_INITIAL_MAP,
		MK_ERR_ALIGN, MK_ERR_KERNEL_CHUNK, MK_ERR_MEM_WINDOW, MK_ERR_ENTRY,
		MK_ERR_INTERNAL,
	};
	size_t i, j;

	BEGIN("error/strerror-every-code-distinct");
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		CHECK(strcmp(mk_strerror(codes[i]), "unknown error") != 0);
		for (j = 0; j < i; j++)
			CHECK(strcmp(mk_strerror(codes[i]), mk_strerror(codes[j])) != 0);
	}
	CHECK_STR(mk_strerror(-9999), "unknown error");
	CHECK_STR(mk_strerror(1), "unknown error");
	CHECK_STR(mk_strerror(MK_ERR_HALF_RAM), "more than half of RAM");
	END();

	BEGIN("error/null-diag-accepted");
	{
		struct kimg k = kimg_default();

		k.buf[MK_ELF_EI_CLASS] = 2;
		CHECK_ERR(mk_elf_parse(k.buf, k.len, &kern, NULL), MK_ERR_ELF_CLASS);
		free(k.buf);
	}
	END();
}

int main(void)
{
	test_good();
	test_bootversion();
	test_truncations();
	test_mangles();
	test_two_loads();
	test_strerror();
	return DONE();
}
