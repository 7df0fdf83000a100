/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A dump without its zero pages (lib/dumpfilter.c), on small synthetic
 * ELF32 big-endian ET_CORE EM_68K dumps: the program headers read, the
 * pages counted, the plan header by header and copy by copy (short zero
 * runs kept, long ones left out, skip_zero 0 one to one, the header cap
 * merging the shortest runs first), the output's headers byte for byte,
 * a whole dump written by the plan and read back page by page, and one
 * mangled field per error.
 */
#include "harness.h"
#include "image.h"
#include "m68kexec_kdump.h"
#include "m68kexec_printk.h"

#define PAGE		MK_PAGE_SIZE
#define PAGES(n)	((uint32_t)(n) * PAGE)
#define VOFF		0x01000000u	/* vaddr - paddr in these dumps */

struct seg {
	uint32_t type, offset, paddr, filesz, memsz;
};

/* The headers of a dump: ELF header at 0, program headers at 52. */
static size_t make_dump(uint8_t *buf, size_t cap, const struct seg *s, unsigned n)
{
	size_t len = MK_ELF32_EHDR_SIZE + (size_t)n * MK_ELF32_PHDR_SIZE;
	unsigned i;

	if (len > cap)
		abort();
	memset(buf, 0, len);
	elf32_put_ehdr(buf, MK_ELF_ET_CORE, (uint16_t)n);
	mk_put_be32(buf + MK_ELF_E_FLAGS, 0x1234);
	for (i = 0; i < n; i++) {
		uint8_t *ph = buf + MK_ELF32_EHDR_SIZE + i * MK_ELF32_PHDR_SIZE;
		int load = s[i].type == MK_ELF_PT_LOAD;

		mk_put_be32(ph + MK_ELF_P_TYPE, s[i].type);
		mk_put_be32(ph + MK_ELF_P_OFFSET, s[i].offset);
		mk_put_be32(ph + MK_ELF_P_VADDR, load ? s[i].paddr + VOFF : 0);
		mk_put_be32(ph + MK_ELF_P_PADDR, s[i].paddr);
		mk_put_be32(ph + MK_ELF_P_FILESZ, s[i].filesz);
		mk_put_be32(ph + MK_ELF_P_MEMSZ, s[i].memsz);
		mk_put_be32(ph + MK_ELF_P_FLAGS, load ? MK_ELF_PF_R | MK_ELF_PF_W | MK_ELF_PF_X : 0);
		mk_put_be32(ph + MK_ELF_P_ALIGN, load ? 0 : 4);
	}
	return len;
}

static uint8_t hdr[MK_ELF32_EHDR_SIZE + (MK_DUMP_MAX_PHDRS + 2) * MK_ELF32_PHDR_SIZE];
static uint8_t out_hdr[sizeof(hdr)];
static struct mk_dump_in in;
static struct mk_dump_plan plan;
static uint8_t zero[8192];	/* 65536 pages */

static void set_zero(uint64_t first, uint64_t n)
{
	for (; n; n--, first++)
		zero[first / 8] |= (uint8_t)(1u << (first % 8));
}

static int read_ok(const struct seg *s, unsigned n)
{
	struct mk_diag d = { 0, "" };
	uint64_t need = 0;
	size_t len = make_dump(hdr, sizeof(hdr), s, n);
	int r = mk_dump_read_headers(hdr, len, &in, &need, &d);

	if (r != 1)
		return h_fail(__FILE__, __LINE__, "read_headers gave %d: %s", r, d.msg);
	return CHECK_EQ(need, len);
}

static int plan_ok(const uint8_t *z, int skip)
{
	struct mk_diag d = { 0, "" };
	int err = mk_dump_plan_build(&in, z, skip, &plan, &d);

	if (err)
		return h_fail(__FILE__, __LINE__, "plan gave %d: %s", err, d.msg);
	return 1;
}

#define CHECK_PH(i, typ, off, pa, fsz, msz) __extension__ ({ \
	const struct mk_dump_phdr *ph_ = &plan.ph[i]; \
	CHECK_EQ(ph_->type, typ) && CHECK_EQ(ph_->offset, off) && \
	CHECK_EQ(ph_->paddr, pa) && \
	CHECK_EQ(ph_->vaddr, (typ) == MK_ELF_PT_LOAD ? (uint32_t)(pa) + VOFF : 0u) && \
	CHECK_EQ(ph_->filesz, fsz) && CHECK_EQ(ph_->memsz, msz); })

#define CHECK_COPY(i, from, to, n) __extension__ ({ \
	const struct mk_dump_copy *c_ = &plan.copies[i]; \
	CHECK_EQ(c_->in_off, from) && CHECK_EQ(c_->out_off, to) && CHECK_EQ(c_->len, n); })

/*
 * The dump of most cases: a PT_NOTE of 102 bytes right after the
 * headers, a PT_LOAD of 16 pages at 0x1000 (physical 0) and one of 8 at
 * 0x11000 (physical 0x100000).
 */
#define NOTE_OFF	(52u + 3 * 32u)
#define NOTE_SIZE	102u
static const struct seg basic[] = {
	{ MK_ELF_PT_NOTE, NOTE_OFF, 0, NOTE_SIZE, 0 },
	{ MK_ELF_PT_LOAD, 0x1000, 0, PAGES(16), PAGES(16) },
	{ MK_ELF_PT_LOAD, 0x11000, 0x100000, PAGES(8), PAGES(8) },
};

static void test_read(void)
{
	BEGIN("dumpfilter/read-basic");
	if (read_ok(basic, 3)) {
		CHECK_EQ(in.phnum, 3);
		CHECK_EQ(in.headers_end, NOTE_OFF + NOTE_SIZE);
		CHECK_EQ(in.size, 0x19000);
		CHECK_EQ(in.ph[0].type, MK_ELF_PT_NOTE);
		CHECK_EQ(in.ph[0].offset, NOTE_OFF);
		CHECK_EQ(in.ph[0].filesz, NOTE_SIZE);
		CHECK_EQ(in.ph[0].align, 4);
		CHECK_EQ(in.ph[2].type, MK_ELF_PT_LOAD);
		CHECK_EQ(in.ph[2].offset, 0x11000);
		CHECK_EQ(in.ph[2].vaddr, 0x100000 + VOFF);
		CHECK_EQ(in.ph[2].paddr, 0x100000);
		CHECK_EQ(in.ph[2].filesz, PAGES(8));
		CHECK_EQ(in.ph[2].memsz, PAGES(8));
		CHECK_EQ(in.ph[2].flags, 7);
		CHECK_EQ(mk_dump_pages(&in), 24);
	}
	END();

	BEGIN("dumpfilter/read-in-steps");
	{
		struct mk_diag d = { 0, "" };
		size_t len = make_dump(hdr, sizeof(hdr), basic, 3);
		uint64_t need = 0;

		CHECK_EQ(mk_dump_read_headers(hdr, 0, &in, &need, &d), 0);
		CHECK_EQ(need, 52);
		CHECK_ERR(d.code, MK_ERR_ELF_TRUNCATED);
		CHECK_STR(d.msg, "truncated: the ELF header needs 52 bytes, the dump has 0");
		CHECK_EQ(mk_dump_read_headers(hdr, 20, &in, &need, &d), 0);
		CHECK_EQ(need, 52);
		CHECK_EQ(mk_dump_read_headers(hdr, 52, &in, &need, &d), 0);
		CHECK_EQ(need, len);
		CHECK_ERR(d.code, MK_ERR_ELF_TRUNCATED);
		CHECK_STR(d.msg, "truncated: program headers at offset 0x34..0x94, the dump has 52 bytes");
		CHECK_EQ(mk_dump_read_headers(hdr, len - 1, &in, &need, &d), 0);
		CHECK_EQ(need, len);
		CHECK_EQ(mk_dump_read_headers(hdr, len, &in, &need, &d), 1);
		CHECK_EQ(need, len);
		/* What follows the headers is not read. */
		CHECK_EQ(mk_dump_read_headers(hdr, sizeof(hdr), &in, &need, &d), 1);
	}
	END();

	BEGIN("dumpfilter/read-no-notes-empty-load");
	{
		static const struct seg s[] = {
			{ MK_ELF_PT_LOAD, 0x1000, 0, 0, 0 },
			{ MK_ELF_PT_LOAD, 0x1000, 0x2000, PAGES(1), PAGES(1) },
		};

		if (read_ok(s, 2)) {
			CHECK_EQ(in.headers_end, 52 + 64);
			CHECK_EQ(in.size, 0x2000);
			CHECK_EQ(mk_dump_pages(&in), 1);
		}
	}
	END();

	BEGIN("dumpfilter/read-1024-headers");
	{
		static struct seg s[MK_DUMP_MAX_PHDRS];
		unsigned i;

		for (i = 0; i < MK_DUMP_MAX_PHDRS; i++) {
			s[i].type = MK_ELF_PT_LOAD;
			s[i].offset = PAGES(i + 9);
			s[i].paddr = PAGES(2 * i);
			s[i].filesz = s[i].memsz = PAGES(1);
		}
		if (read_ok(s, MK_DUMP_MAX_PHDRS)) {
			CHECK_EQ(in.phnum, MK_DUMP_MAX_PHDRS);
			CHECK_EQ(mk_dump_pages(&in), MK_DUMP_MAX_PHDRS);
			CHECK_EQ(in.size, PAGES(MK_DUMP_MAX_PHDRS + 9));
		}
	}
	END();
}

/* One byte of the header or of program header i changed, and what it gives. */
struct mangle {
	const char *name;
	int ph;			/* -1: the ELF header */
	unsigned at;		/* byte offset in it */
	unsigned size;		/* 1, 2 or 4 */
	uint32_t value;
	int err;
	const char *msg;	/* the whole message, or NULL */
};

static const struct mangle mangles[] = {
	{ "magic", -1, 0, 1, 0x7e, MK_ERR_ELF_MAGIC,
	  "not an ELF file (no \\177ELF magic at offset 0)" },
	{ "class-64", -1, MK_ELF_EI_CLASS, 1, 2, MK_ERR_ELF_CLASS,
	  "ELF class 2, data encoding 2: an m68k dump is ELF32 (1) big-endian (2)" },
	{ "little-endian", -1, MK_ELF_EI_DATA, 1, 1, MK_ERR_ELF_CLASS,
	  "ELF class 1, data encoding 1: an m68k dump is ELF32 (1) big-endian (2)" },
	{ "machine-i386", -1, MK_ELF_E_MACHINE, 2, 3, MK_ERR_ELF_MACHINE,
	  "ELF machine 3 (i386), want 4 (m68k)" },
	{ "type-exec", -1, MK_ELF_E_TYPE, 2, MK_ELF_ET_EXEC, MK_ERR_ELF_MACHINE,
	  "ELF type 2 (ET_EXEC), want 4 (ET_CORE, a core dump): a dump is a core file" },
	{ "phentsize", -1, MK_ELF_E_PHENTSIZE, 2, 56, MK_ERR_ELF_PHDR,
	  "program header entry size 56, expected 32" },
	{ "phnum-0", -1, MK_ELF_E_PHNUM, 2, 0, MK_ERR_ELF_PHDR,
	  "no program headers: a dump has notes and memory" },
	{ "phnum-1025", -1, MK_ELF_E_PHNUM, 2, 1025, MK_ERR_ELF_PHDR,
	  "1025 program headers, at most 1024 are read" },
	{ "phoff-in-ehdr", -1, MK_ELF_E_PHOFF, 4, 40, MK_ERR_ELF_PHDR,
	  "program headers at offset 0x28, inside the ELF header" },
	{ "filesz-not-memsz", 1, MK_ELF_P_MEMSZ, 4, PAGES(17), MK_ERR_ELF_PHDR,
	  "PT_LOAD 1: file size 0x10000, memory size 0x11000: a dump has every byte" },
	{ "filesz-0-memsz", 2, MK_ELF_P_FILESZ, 4, 0, MK_ERR_ELF_PHDR,
	  "PT_LOAD 2: file size 0x0, memory size 0x8000: a dump has every byte" },
	{ "unaligned-size", 2, MK_ELF_P_FILESZ, 4, PAGES(8) - 4, MK_ERR_ELF_PHDR, NULL },
	{ "unaligned-size-both", -2, 0, 0, 0, MK_ERR_ELF_PHDR,
	  "PT_LOAD 2: size 0x7ffc is not whole 4096-byte pages" },
	{ "overlap", 2, MK_ELF_P_OFFSET, 4, 0x10000, MK_ERR_ELF_PHDR,
	  "program header 2: file bytes 0x10000..0x18000 overlap or precede those of header 1 (up to 0x11000)" },
	{ "out-of-order", 1, MK_ELF_P_OFFSET, 4, 0x20000, MK_ERR_ELF_PHDR,
	  "program header 2: file bytes 0x11000..0x19000 overlap or precede those of header 1 (up to 0x30000)" },
	{ "load-over-note", 1, MK_ELF_P_OFFSET, 4, 0xf0, MK_ERR_ELF_PHDR,
	  "program header 1: file bytes 0xf0..0x100f0 overlap or precede those of header 0 (up to 0xfa)" },
	{ "in-headers", 0, MK_ELF_P_OFFSET, 4, 0x40, MK_ERR_ELF_PHDR,
	  "program header 0: file bytes at 0x40, inside the headers (up to 0x94)" },
	{ "past-4g", 2, MK_ELF_P_OFFSET, 4, 0xffff9000u, MK_ERR_ELF_PHDR,
	  "program header 2: file bytes 0xffff9000..0x100001000 end past 4 GiB" },
	{ "note-after-load-msg", -3, 0, 0, 0, MK_ERR_ELF_PHDR,
	  "program header 2: a PT_NOTE after a PT_LOAD: notes come first" },
	{ "type-phdr", 2, MK_ELF_P_TYPE, 4, 6, MK_ERR_ELF_PHDR,
	  "program header 2: type 6: a dump has PT_NOTE (4) and PT_LOAD (1) only" },
};

static void test_errors(void)
{
	unsigned i;

	for (i = 0; i < sizeof(mangles) / sizeof(mangles[0]); i++) {
		const struct mangle *m = &mangles[i];
		struct mk_diag d = { 0, "" };
		size_t len = make_dump(hdr, sizeof(hdr), basic, 3);
		uint8_t *p = m->ph < 0 ? hdr : hdr + 52 + 32 * m->ph;
		uint64_t need = 0;

		BEGIN("dumpfilter/bad-%s", m->name);
		if (m->ph == -2) {	/* both sizes not whole pages */
			mk_put_be32(hdr + 52 + 64 + MK_ELF_P_FILESZ, PAGES(8) - 4);
			mk_put_be32(hdr + 52 + 64 + MK_ELF_P_MEMSZ, PAGES(8) - 4);
		} else if (m->ph == -3) {	/* note, load, note */
			mk_put_be32(hdr + 52 + 64 + MK_ELF_P_TYPE, MK_ELF_PT_NOTE);
		} else if (m->size == 1) {
			p[m->at] = (uint8_t)m->value;
		} else if (m->size == 2) {
			mk_put_be16(p + m->at, (uint16_t)m->value);
		} else {
			mk_put_be32(p + m->at, m->value);
		}
		if (m->ph == 1 && m->at == MK_ELF_P_OFFSET && m->value == 0x20000)
			mk_put_be32(hdr + 52 + 32 + MK_ELF_P_FILESZ, 0x10000);
		CHECK_ERR(mk_dump_read_headers(hdr, len, &in, &need, &d), m->err);
		CHECK_ERR(d.code, m->err);
		if (m->msg)
			CHECK_STR(d.msg, m->msg);
		else
			CHECK(d.msg[0] != '\0');
		END();
	}

	BEGIN("dumpfilter/bad-magic-short");
	{
		struct mk_diag d = { 0, "" };
		uint64_t need;

		CHECK_ERR(mk_dump_read_headers((const uint8_t *)"\177ELx", 4, &in, &need, &d),
			  MK_ERR_ELF_MAGIC);
		CHECK_ERR(mk_dump_read_headers((const uint8_t *)"MZ", 2, &in, &need, &d),
			  MK_ERR_ELF_MAGIC);
		CHECK_EQ(mk_dump_read_headers((const uint8_t *)"\177E", 2, &in, &need, &d), 0);
		CHECK_EQ(need, 52);
	}
	END();

	BEGIN("dumpfilter/plan-refuses-inconsistent-input");
	{
		struct mk_diag d = { 0, "" };

		if (read_ok(basic, 3)) {
			in.ph[1].memsz += PAGE;
			CHECK_ERR(mk_dump_plan_build(&in, NULL, 1, &plan, &d), MK_ERR_PARAM);
			CHECK_STR(d.msg, "PT_LOAD 1: file size 0x10000, memory size 0x11000: a dump has every byte");
			in.ph[1].memsz -= PAGE;
			in.phnum = MK_DUMP_MAX_PHDRS + 1;
			CHECK_ERR(mk_dump_plan_build(&in, NULL, 1, &plan, &d), MK_ERR_PARAM);
			CHECK_STR(d.msg, "1025 program headers: a dump has 1 to 1024");
			in.phnum = 0;
			CHECK_ERR(mk_dump_plan_build(&in, NULL, 1, &plan, &d), MK_ERR_PARAM);
			CHECK_ERR(mk_dump_plan_build(NULL, NULL, 1, &plan, &d), MK_ERR_PARAM);
		}
	}
	END();
}

/* ------------------------------------------------------------------ */
/* Plans                                                                */

static void test_plan(void)
{
	/* Out: ELF header and 5 headers (212 bytes), notes at 212..314,
	 * data from 316 (the next multiple of 4). */
	BEGIN("dumpfilter/plan-runs");
	memset(zero, 0, sizeof(zero));
	set_zero(2, 3);		/* 3 pages: kept as data */
	set_zero(6, 6);		/* left out */
	set_zero(14, 2);	/* 2 at the end: data */
	set_zero(16, 8);	/* the whole second PT_LOAD */
	if (read_ok(basic, 3) && plan_ok(zero, 1)) {
		CHECK_EQ(plan.phnum, 5);
		CHECK_EQ(plan.headers_len, 212);
		CHECK_PH(0, MK_ELF_PT_NOTE, 212, 0, NOTE_SIZE, 0);
		CHECK_EQ(plan.ph[0].align, 4);
		CHECK_PH(1, MK_ELF_PT_LOAD, 316, 0, PAGES(6), PAGES(6));
		CHECK_PH(2, MK_ELF_PT_LOAD, 316 + PAGES(6), PAGES(6), 0, PAGES(6));
		CHECK_PH(3, MK_ELF_PT_LOAD, 316 + PAGES(6), PAGES(12), PAGES(4), PAGES(4));
		CHECK_PH(4, MK_ELF_PT_LOAD, 316 + PAGES(10), 0x100000, 0, PAGES(8));
		CHECK_EQ(plan.ph[2].flags, 7);
		CHECK_EQ(plan.ph[4].flags, 7);
		CHECK_EQ(plan.ncopies, 3);
		CHECK_COPY(0, NOTE_OFF, 212, NOTE_SIZE);
		CHECK_COPY(1, 0x1000, 316, PAGES(6));
		CHECK_COPY(2, 0x1000 + PAGES(12), 316 + PAGES(6), PAGES(4));
		CHECK_EQ(plan.out_size, 316 + PAGES(10));
		CHECK_EQ(plan.zero_pages, 14);
	}
	END();

	BEGIN("dumpfilter/plan-min-run");
	memset(zero, 0, sizeof(zero));
	set_zero(0, MK_DUMP_MIN_ZERO_RUN);		/* at the start: out */
	set_zero(5, MK_DUMP_MIN_ZERO_RUN - 1);		/* data */
	set_zero(12, MK_DUMP_MIN_ZERO_RUN);		/* at the end: out */
	set_zero(16, 1);
	set_zero(23, 1);
	if (read_ok(basic, 3) && plan_ok(zero, 1)) {
		CHECK_EQ(plan.phnum, 5);
		CHECK_PH(1, MK_ELF_PT_LOAD, 316, 0, 0, PAGES(4));
		CHECK_PH(2, MK_ELF_PT_LOAD, 316, PAGES(4), PAGES(8), PAGES(8));
		CHECK_PH(3, MK_ELF_PT_LOAD, 316 + PAGES(8), PAGES(12), 0, PAGES(4));
		CHECK_PH(4, MK_ELF_PT_LOAD, 316 + PAGES(8), 0x100000, PAGES(8), PAGES(8));
		CHECK_EQ(plan.ncopies, 3);
		CHECK_COPY(1, 0x1000 + PAGES(4), 316, PAGES(8));
		CHECK_COPY(2, 0x11000, 316 + PAGES(8), PAGES(8));
		CHECK_EQ(plan.out_size, 316 + PAGES(16));
		CHECK_EQ(plan.zero_pages, 8);
	}
	END();

	BEGIN("dumpfilter/plan-whole-short-load-is-data");
	{
		static const struct seg s[] = {
			{ MK_ELF_PT_NOTE, 116, 0, 16, 0 },
			{ MK_ELF_PT_LOAD, 0x1000, 0, PAGES(3), PAGES(3) },
		};

		memset(zero, 0, sizeof(zero));
		set_zero(0, 3);
		if (read_ok(s, 2) && plan_ok(zero, 1)) {
			CHECK_EQ(plan.phnum, 2);
			CHECK_PH(1, MK_ELF_PT_LOAD, 116 + 16, 0, PAGES(3), PAGES(3));
			CHECK_EQ(plan.zero_pages, 0);
			CHECK_EQ(plan.out_size, 132 + PAGES(3));
		}
	}
	END();

	BEGIN("dumpfilter/plan-skip-zero-off");
	memset(zero, 0xff, sizeof(zero));	/* all zero, but kept */
	if (read_ok(basic, 3) && plan_ok(zero, 0)) {
		CHECK_EQ(plan.phnum, 3);
		CHECK_EQ(plan.headers_len, 148);
		CHECK_PH(0, MK_ELF_PT_NOTE, 148, 0, NOTE_SIZE, 0);
		CHECK_PH(1, MK_ELF_PT_LOAD, 252, 0, PAGES(16), PAGES(16));
		CHECK_PH(2, MK_ELF_PT_LOAD, 252 + PAGES(16), 0x100000, PAGES(8), PAGES(8));
		CHECK_EQ(plan.ncopies, 3);
		CHECK_COPY(0, NOTE_OFF, 148, NOTE_SIZE);
		CHECK_COPY(1, 0x1000, 252, PAGES(16));
		CHECK_COPY(2, 0x11000, 252 + PAGES(16), PAGES(8));
		CHECK_EQ(plan.out_size, 252 + PAGES(24));
		CHECK_EQ(plan.zero_pages, 0);
	}
	END();

	BEGIN("dumpfilter/plan-zero-null");
	if (read_ok(basic, 3) && plan_ok(NULL, 1)) {
		CHECK_EQ(plan.phnum, 3);
		CHECK_PH(1, MK_ELF_PT_LOAD, 252, 0, PAGES(16), PAGES(16));
		CHECK_EQ(plan.out_size, 252 + PAGES(24));
		CHECK_EQ(plan.zero_pages, 0);
	}
	END();

	BEGIN("dumpfilter/plan-all-zero");
	memset(zero, 0xff, sizeof(zero));
	if (read_ok(basic, 3) && plan_ok(zero, 1)) {
		CHECK_EQ(plan.phnum, 3);
		CHECK_PH(1, MK_ELF_PT_LOAD, 316 - 64, 0, 0, PAGES(16));
		CHECK_PH(2, MK_ELF_PT_LOAD, 252, 0x100000, 0, PAGES(8));
		CHECK_EQ(plan.ncopies, 1);
		CHECK_EQ(plan.out_size, 252);
		CHECK_EQ(plan.zero_pages, 24);
	}
	END();

	/* Two notes with a gap: copied as one, each header moved. */
	BEGIN("dumpfilter/plan-notes-empty-load");
	{
		static const struct seg s[] = {
			{ MK_ELF_PT_NOTE, 220, 0, 40, 0 },
			{ MK_ELF_PT_NOTE, 0, 0, 0, 0 },		/* empty: any offset */
			{ MK_ELF_PT_NOTE, 264, 0, 20, 0 },
			{ MK_ELF_PT_LOAD, 0x1000, 0x4000, 0, 0 },
			{ MK_ELF_PT_LOAD, 0x1000, 0x8000, PAGES(1), PAGES(1) },
		};

		if (read_ok(s, 5) && plan_ok(NULL, 1)) {
			CHECK_EQ(in.headers_end, 284);
			CHECK_EQ(plan.phnum, 5);
			CHECK_EQ(plan.headers_len, 212);
			CHECK_PH(0, MK_ELF_PT_NOTE, 212, 0, 40, 0);
			CHECK_PH(1, MK_ELF_PT_NOTE, 212, 0, 0, 0);
			CHECK_PH(2, MK_ELF_PT_NOTE, 256, 0, 20, 0);
			CHECK_PH(3, MK_ELF_PT_LOAD, 276, 0x4000, 0, 0);
			CHECK_PH(4, MK_ELF_PT_LOAD, 276, 0x8000, PAGE, PAGE);
			CHECK_COPY(0, 220, 212, 64);
			CHECK_EQ(plan.ncopies, 2);
			CHECK_COPY(1, 0x1000, 276, PAGE);
			CHECK_EQ(plan.out_size, 276 + PAGE);
		}
	}
	END();

	BEGIN("dumpfilter/plan-no-notes");
	{
		static const struct seg s[] = {
			{ MK_ELF_PT_LOAD, 0x1000, 0, PAGES(5), PAGES(5) },
		};

		memset(zero, 0, sizeof(zero));
		set_zero(1, 4);
		if (read_ok(s, 1) && plan_ok(zero, 1)) {
			CHECK_EQ(plan.phnum, 2);
			CHECK_COPY(0, 0, 116, 0);
			CHECK_PH(0, MK_ELF_PT_LOAD, 116, 0, PAGE, PAGE);
			CHECK_PH(1, MK_ELF_PT_LOAD, 116 + PAGE, PAGE, 0, PAGES(4));
			CHECK_EQ(plan.out_size, 116 + PAGE);
			CHECK_EQ(plan.zero_pages, 4);
		}
	}
	END();
}

/*
 * The cap: one note and one PT_LOAD of runs "data page, zero run", each
 * zero run in the middle costing two headers.  len(k) gives run k's
 * length; the pages after the last run are data.  1 when the dump's
 * headers read and the plan is made.
 */
static int cap_ok(unsigned runs, unsigned (*len)(unsigned))
{
	struct seg s[2] = {
		{ MK_ELF_PT_NOTE, 116, 0, 8, 0 },
		{ MK_ELF_PT_LOAD, 0x1000, 0, 0, 0 },
	};
	uint64_t page = 0;
	unsigned k;

	memset(zero, 0, sizeof(zero));
	for (k = 0; k < runs; k++) {
		page++;		/* a data page */
		set_zero(page, len(k));
		page += len(k);
	}
	s[1].filesz = s[1].memsz = PAGES((uint32_t)page + 1);
	return read_ok(s, 2) && plan_ok(zero, 1);
}

static unsigned len_600(unsigned k)
{
	return 4 + k % 10;
}

static unsigned len_512(unsigned k)
{
	return k == 100 ? 4 : 5;
}

/* How many zero runs of the plan have n pages. */
static unsigned zero_runs(unsigned pages)
{
	unsigned i, n = 0;

	for (i = 0; i < plan.phnum; i++)
		if (plan.ph[i].type == MK_ELF_PT_LOAD && plan.ph[i].filesz == 0 &&
		    plan.ph[i].memsz == PAGES(pages))
			n++;
	return n;
}

/* The plan's PT_LOADs cover the input's memory, in order, without a gap. */
static void check_cover(void)
{
	uint32_t next = 0;
	uint64_t data = 0, zeros = 0, pos = 0;
	unsigned i, c = 1;

	for (i = 0; i < plan.phnum; i++) {
		const struct mk_dump_phdr *ph = &plan.ph[i];

		if (ph->type != MK_ELF_PT_LOAD)
			continue;
		CHECK_EQ(ph->paddr, next);
		next = ph->paddr + ph->memsz;
		if (ph->filesz) {
			CHECK_EQ(ph->offset, plan.copies[c].out_off);
			CHECK_EQ(plan.copies[c].len, ph->filesz);
			CHECK(pos == 0 || plan.copies[c].out_off == pos);
			pos = plan.copies[c].out_off + ph->filesz;
			CHECK_EQ(ph->offset % 4, 0);
			c++;
			data += ph->filesz;
		} else {
			zeros += ph->memsz;
		}
	}
	CHECK_EQ(c, plan.ncopies);
	CHECK_EQ(zeros, PAGES(plan.zero_pages));
	CHECK_EQ(data + zeros, PAGES(mk_dump_pages(&in)));
}

static void test_cap(void)
{
	BEGIN("dumpfilter/cap-shortest-first");
	/* Unlimited: 2 + 2 * 600 headers.  The 60 runs of 4 pages save 120,
	 * then the first 29 runs of 5 pages save 58. */
	if (cap_ok(600, len_600)) {
		unsigned n;

		CHECK_EQ(plan.phnum, MK_DUMP_MAX_PHDRS);
		CHECK_EQ(zero_runs(4), 0);
		CHECK_EQ(zero_runs(5), 31);
		for (n = 6; n < 14; n++)
			CHECK_EQ(zero_runs(n), 60);
		/* The runs of 5 left out are the last ones (k = 291,
		 * 301, .. 591); the first header of data holds runs 0
		 * (4 pages) and 1 (5 pages), run 2 is left out. */
		CHECK_EQ(plan.headers_len, 52 + 1024 * 32);
		CHECK_PH(1, MK_ELF_PT_LOAD, plan.headers_len + 8, 0, PAGES(12), PAGES(12));
		CHECK_PH(2, MK_ELF_PT_LOAD, plan.headers_len + 8 + PAGES(12), PAGES(12), 0,
			 PAGES(6));
		CHECK_EQ(plan.zero_pages, 31 * 5 + 60 * (6 + 7 + 8 + 9 + 10 + 11 + 12 + 13));
		check_cover();
	}
	END();

	/* 2 + 1024 headers: the one run of 4 pages stays data. */
	BEGIN("dumpfilter/cap-one-too-many");
	if (cap_ok(512, len_512)) {
		CHECK_EQ(plan.phnum, MK_DUMP_MAX_PHDRS);
		CHECK_EQ(zero_runs(4), 0);
		CHECK_EQ(zero_runs(5), 511);
		CHECK_EQ(plan.zero_pages, 511 * 5);
		check_cover();
	}
	END();

	/* 1 + 1023 headers: the page after the last run is data. */
	BEGIN("dumpfilter/cap-exactly");
	if (cap_ok(511, len_512)) {
		CHECK_EQ(plan.phnum, MK_DUMP_MAX_PHDRS);
		CHECK_EQ(zero_runs(4), 1);
		CHECK_EQ(zero_runs(5), 510);
		check_cover();
	}
	END();

	/* Ties of the shortest length go from the first; a run at a
	 * PT_LOAD's edge saves one header, a whole PT_LOAD none. */
	BEGIN("dumpfilter/cap-edges-and-whole");
	{
		static struct seg s[4] = {
			{ MK_ELF_PT_NOTE, 180, 0, 8, 0 },
			{ MK_ELF_PT_LOAD, 0x1000, 0x10000000, PAGES(4), PAGES(4) },
			{ MK_ELF_PT_LOAD, 0x5000, 0, 0, 0 },
			{ MK_ELF_PT_LOAD, 0, 0x20000000, PAGES(6), PAGES(6) },
		};
		uint32_t pages, k;

		/* PT_LOAD 2: starts with a zero run of 4, then 511 runs of 5
		 * "data page, zero run", then a data page: 1 + 2 * 512 + 1.
		 * With the whole zero PT_LOAD 1 and PT_LOAD 3 (6 pages, the
		 * last 5 zero: edge): 1 + 1 + 1024 + 2 = 1028, 4 too many. */
		memset(zero, 0, sizeof(zero));
		set_zero(0, 4);			/* PT_LOAD 1, whole */
		set_zero(4, 4);			/* PT_LOAD 2's first run */
		for (k = 0, pages = 4; k < 511; k++) {
			pages++;
			set_zero(4 + pages, 5);
			pages += 5;
		}
		pages++;
		s[2].filesz = s[2].memsz = PAGES(pages);
		s[3].offset = 0x5000 + PAGES(pages);
		set_zero(4 + pages + 1, 5);	/* PT_LOAD 3: its end */
		if (read_ok(s, 4) && plan_ok(zero, 1)) {
			/* Out go (as data): the run of 4 at the start (1 saved),
			 * then the first two runs of 5 (4 saved: one more than
			 * needed, a run saves two). */
			CHECK_EQ(plan.phnum, 1023);
			CHECK_PH(1, MK_ELF_PT_LOAD, plan.headers_len + 8, 0x10000000, 0, PAGES(4));
			CHECK_PH(2, MK_ELF_PT_LOAD, plan.headers_len + 8, 0, PAGES(4 + 1 + 5 + 1 + 5 + 1),
				 PAGES(17));
			CHECK_PH(3, MK_ELF_PT_LOAD, plan.headers_len + 8 + PAGES(17), PAGES(17), 0,
				 PAGES(5));
			CHECK_EQ(plan.ph[1020].paddr, PAGES(3070));
			CHECK_EQ(plan.ph[1020].filesz, PAGE);
			CHECK_PH(1021, MK_ELF_PT_LOAD, plan.ph[1021].offset, 0x20000000, PAGE, PAGE);
			CHECK_EQ(plan.ph[1021].offset + PAGE, plan.ph[1022].offset);
			CHECK_PH(1022, MK_ELF_PT_LOAD, plan.out_size, 0x20000000 + PAGE, 0, PAGES(5));
			CHECK_EQ(plan.zero_pages, 4 + 509 * 5 + 5);
			CHECK_EQ(plan.out_size, plan.headers_len + 8 + PAGES(3071 - 509 * 5 + 1));
		}
	}
	END();
}

/* ------------------------------------------------------------------ */
/* The output's headers, and a whole dump written and read back         */

static void test_headers(void)
{
	struct mk_diag d = { 0, "" };
	size_t n;

	BEGIN("dumpfilter/headers-bytes");
	memset(zero, 0, sizeof(zero));
	set_zero(10, 6);
	if (read_ok(basic, 3) && plan_ok(zero, 1)) {
		mk_put_be32(hdr + MK_ELF_E_SHOFF, 0x99999);	/* not kept */
		mk_put_be16(hdr + MK_ELF_E_SHNUM, 3);
		CHECK_EQ(plan.phnum, 4);
		memset(out_hdr, 0xee, sizeof(out_hdr));
		CHECK_EQ(mk_dump_headers(&plan, hdr, out_hdr, plan.headers_len - 1), 0);
		n = mk_dump_headers(&plan, hdr, out_hdr, sizeof(out_hdr));
		CHECK_EQ(n, 52 + 4 * 32);
		CHECK_MEM(out_hdr, hdr, 16);			/* e_ident */
		CHECK_EQ(mk_be16(out_hdr + MK_ELF_E_TYPE), MK_ELF_ET_CORE);
		CHECK_EQ(mk_be16(out_hdr + MK_ELF_E_MACHINE), MK_ELF_EM_68K);
		CHECK_EQ(mk_be32(out_hdr + MK_ELF_E_VERSION), 1);
		CHECK_EQ(mk_be32(out_hdr + MK_ELF_E_FLAGS), 0x1234);
		CHECK_EQ(mk_be32(out_hdr + MK_ELF_E_PHOFF), 52);
		CHECK_EQ(mk_be32(out_hdr + MK_ELF_E_SHOFF), 0);
		CHECK_EQ(mk_be16(out_hdr + MK_ELF_E_EHSIZE), 52);
		CHECK_EQ(mk_be16(out_hdr + MK_ELF_E_PHENTSIZE), 32);
		CHECK_EQ(mk_be16(out_hdr + MK_ELF_E_PHNUM), 4);
		CHECK_EQ(mk_be16(out_hdr + MK_ELF_E_SHNUM), 0);
		CHECK_EQ(out_hdr[n], 0xee);
		{
			/* PT_LOAD 2 of the plan: the zero run. */
			static const uint8_t want[32] = {
				0, 0, 0, 1,  0, 0, 0xa1, 0x1c,  0x01, 0, 0xa0, 0,  0, 0, 0xa0, 0,
				0, 0, 0, 0,  0, 0, 0x60, 0,  0, 0, 0, 7,  0, 0, 0, 0,
			};
			static const uint8_t note[32] = {
				0, 0, 0, 4,  0, 0, 0, 0xb4,  0, 0, 0, 0,  0, 0, 0, 0,
				0, 0, 0, NOTE_SIZE,  0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 4,
			};

			CHECK_EQ(plan.ph[2].offset, 284 + PAGES(10));
			CHECK_MEM(out_hdr + 52 + 64, want, 32);
			CHECK_MEM(out_hdr + 52, note, 32);
		}
	}
	END();

	BEGIN("dumpfilter/headers-bad-plan");
	plan.phnum = MK_DUMP_MAX_PHDRS + 1;
	CHECK_EQ(mk_dump_headers(&plan, hdr, out_hdr, sizeof(out_hdr)), 0);
	plan.phnum = 2;		/* headers_len no longer its size */
	CHECK_EQ(mk_dump_headers(&plan, hdr, out_hdr, sizeof(out_hdr)), 0);
	(void)d;
	END();
}

/*
 * A whole dump with a VMCOREINFO note and pages of data: written by the
 * plan as the caller would (headers, then each copy, zeros between), then
 * read back: the notes are found where the headers say, and every page of
 * memory reads as in the input (zeros for the pages left out).
 */
#define WHOLE_PAGES	40u
static uint8_t whole_in[0x2000 + PAGES(WHOLE_PAGES)], whole_out[sizeof(whole_in)];

static void test_whole(void)
{
	static const struct seg s[] = {
		{ MK_ELF_PT_NOTE, 148, 0, 0, 0 },
		{ MK_ELF_PT_LOAD, 0x2000, 0x100000, PAGES(30), PAGES(30) },
		{ MK_ELF_PT_LOAD, 0x2000 + PAGES(30), 0x400000, PAGES(10), PAGES(10) },
	};
	static const char info[] = "OSRELEASE=6.12.0\nPAGESIZE=4096\n";
	struct seg segs[3];
	struct mk_diag d = { 0, "" };
	uint64_t need, pages;
	const char *text;
	size_t text_len, hl, at = 148, i;
	unsigned c, k;

	BEGIN("dumpfilter/whole-dump");
	memcpy(segs, s, sizeof(s));
	memset(whole_in, 0, sizeof(whole_in));
	/* The note: namesz 11, descsz, type 0, "VMCOREINFO\0" padded, text. */
	mk_put_be32(whole_in + at, 11);
	mk_put_be32(whole_in + at + 4, sizeof(info) - 1);
	memcpy(whole_in + at + 12, "VMCOREINFO", 11);
	memcpy(whole_in + at + 24, info, sizeof(info) - 1);
	segs[0].filesz = 24 + ((sizeof(info) - 1 + 3) & ~3u);
	make_dump(whole_in, 148, segs, 3);
	/* Memory: page p holds p + 1 in every byte, except the zero ones. */
	memset(zero, 0, sizeof(zero));
	set_zero(3, 2);		/* short: kept */
	set_zero(8, 12);
	set_zero(26, 4);	/* the end of the first PT_LOAD */
	set_zero(34, 6);	/* the end of the second */
	for (pages = 0; pages < WHOLE_PAGES; pages++)
		if (!((zero[pages / 8] >> (pages % 8)) & 1))
			memset(whole_in + 0x2000 + PAGES(pages), (int)pages + 1, PAGE);
	if (CHECK_EQ(mk_dump_read_headers(whole_in, sizeof(whole_in), &in, &need, &d), 1) &&
	    plan_ok(zero, 1)) {
		CHECK_EQ(plan.zero_pages, 22);
		CHECK_EQ(plan.phnum, 1 + 4 + 2);
		memset(whole_out, 0xaa, sizeof(whole_out));
		hl = mk_dump_headers(&plan, whole_in, whole_out, sizeof(whole_out));
		CHECK_EQ(hl, plan.headers_len);
		for (c = 0; c < plan.ncopies; c++) {
			const struct mk_dump_copy *cp = &plan.copies[c];

			for (i = hl; i < cp->out_off; i++)
				whole_out[i] = 0;	/* the padding */
			memcpy(whole_out + cp->out_off, whole_in + cp->in_off, cp->len);
			hl = cp->out_off + cp->len;
		}
		CHECK_EQ(hl, plan.out_size);
		CHECK(plan.out_size < sizeof(whole_in) - PAGES(20));
		if (CHECK_ERR(mk_vmcore_info(whole_out, plan.out_size, &text, &text_len, &d), MK_OK))
			CHECK(text_len == sizeof(info) - 1 && memcmp(text, info, text_len) == 0);
		/* Every page by its physical address. */
		for (k = 0; k < WHOLE_PAGES; k++) {
			uint32_t pa = k < 30 ? 0x100000 + PAGES(k) : 0x400000 + PAGES(k - 30);
			const uint8_t *want = whole_in + 0x2000 + PAGES(k);
			size_t off;
			int r = mk_vmcore_phys(whole_out, plan.out_size, pa, PAGE, &off);
			unsigned j, found = 0;

			if ((zero[k / 8] >> (k % 8)) & 1) {
				/* Left out, or kept as data and still zero. */
				if (r == 1)
					CHECK(want[0] == 0 && whole_out[off] == 0 &&
					      memcmp(whole_out + off, want, PAGE) == 0);
				for (j = 0; j < plan.phnum; j++)
					if (plan.ph[j].type == MK_ELF_PT_LOAD && pa >= plan.ph[j].paddr &&
					    pa - plan.ph[j].paddr < plan.ph[j].memsz)
						found++;
				CHECK_EQ(found, 1);
			} else if (CHECK_EQ(r, 1)) {
				CHECK_MEM(whole_out + off, want, PAGE);
			}
		}
	}
	END();
}

int main(void)
{
	test_read();
	test_errors();
	test_plan();
	test_cap();
	test_headers();
	test_whole();
	return DONE();
}
