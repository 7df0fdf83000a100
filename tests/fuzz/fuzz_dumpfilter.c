/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dump filter (lib/dumpfilter.c) on arbitrary headers.  The input is
 * a byte of options (skip_zero, how the zero pages are drawn), 4 bytes
 * seeding the zero pages, then the dump's first bytes, read as the
 * saved-dump writer reads them: 52 bytes, then as many as asked for.
 * Every plan must describe a file: the headers, the notes and each copy
 * in order without overlap, data at 4-byte aligned offsets, every page of
 * the input's memory once (as data or left out), zero runs of at least
 * MK_DUMP_MIN_ZERO_RUN pages, at most MK_DUMP_MAX_PHDRS headers.
 * Seeds: tests/fuzz/corpus/dumpfilter/.
 */
#include <string.h>

#include "fuzz.h"
#include "m68kexec_kdump.h"

#define MAX_PAGES	(1u << 16)	/* bitmaps drawn at most this long */

static struct mk_dump_in in;
static struct mk_dump_plan plan;
static uint8_t zero[MAX_PAGES / 8];
static uint8_t out_hdr[MK_ELF32_EHDR_SIZE + MK_DUMP_MAX_PHDRS * MK_ELF32_PHDR_SIZE];

/* Zero pages in runs of 1 to 2^bits pages, drawn from the seed. */
static void draw(uint64_t pages, uint32_t seed, unsigned bits)
{
	uint64_t i = 0;
	int z = seed & 1;

	memset(zero, 0, (size_t)((pages + 7) / 8));
	while (i < pages) {
		uint64_t run;

		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		run = 1 + (seed & ((1u << bits) - 1));
		for (; run && i < pages; run--, i++)
			if (z)
				zero[i / 8] |= (uint8_t)(1u << (i % 8));
		z = !z;
	}
}

static int is_zero(const uint8_t *z, uint64_t page)
{
	return (z[page / 8] >> (page % 8)) & 1;
}

/*
 * The output's PT_LOADs against the input's, page by page: each is a
 * piece of one input PT_LOAD, in order; a zero run has only zero pages
 * and is a whole run; a data piece holds no run that should have been
 * left out (when no run was kept as data for the cap).
 */
static void check_runs(const uint8_t *z)
{
	uint64_t base = 0, k = 0, i;
	uint32_t j = 0, o;
	int capped = plan.phnum >= MK_DUMP_MAX_PHDRS - 1;

	for (o = 0; o < plan.phnum; o++) {
		const struct mk_dump_phdr *ph = &plan.ph[o];
		uint64_t m = ph->memsz / MK_PAGE_SIZE, np, run = 0;

		if (ph->type != MK_ELF_PT_LOAD)
			continue;
		while (j < in.phnum && in.ph[j].type != MK_ELF_PT_LOAD)
			j++;
		FUZZ_CHECK(j < in.phnum, "output header %u past the input's", o);
		np = in.ph[j].filesz / MK_PAGE_SIZE;
		if (m == 0) {
			FUZZ_CHECK(np == 0 && k == 0, "empty header %u for input %u", o, j);
			j++;
			continue;
		}
		FUZZ_CHECK(ph->paddr == in.ph[j].paddr + (uint32_t)(k * MK_PAGE_SIZE) &&
			   k + m <= np, "header %u: paddr 0x%x, input %u page %llu", o, ph->paddr, j,
			   (unsigned long long)k);
		if (z && ph->filesz == 0) {
			for (i = 0; i < m; i++)
				FUZZ_CHECK(is_zero(z, base + k + i), "header %u: page %llu not zero", o,
					   (unsigned long long)(k + i));
			FUZZ_CHECK((k == 0 || !is_zero(z, base + k - 1)) &&
				   (k + m == np || !is_zero(z, base + k + m)), "header %u: not a whole run", o);
		} else if (z && !capped) {
			for (i = 0; i <= m; i++) {
				if (i < m && is_zero(z, base + k + i)) {
					run++;
					continue;
				}
				FUZZ_CHECK(run < MK_DUMP_MIN_ZERO_RUN, "header %u: %llu zero pages kept", o,
					   (unsigned long long)run);
				run = 0;
			}
		}
		k += m;
		if (k == np) {
			base += np;
			k = 0;
			j++;
		}
	}
}

static void check_plan(int skip, const uint8_t *z, const uint8_t *buf)
{
	uint64_t in_mem = 0, out_mem = 0, zeros = 0, pos;
	uint32_t i, c = 1;
	size_t n;

	FUZZ_CHECK(plan.phnum >= in.phnum && plan.phnum <= MK_DUMP_MAX_PHDRS, "%u headers for %u",
		   plan.phnum, in.phnum);
	FUZZ_CHECK(plan.headers_len == MK_ELF32_EHDR_SIZE + (uint64_t)plan.phnum * MK_ELF32_PHDR_SIZE,
		   "headers_len %llu", (unsigned long long)plan.headers_len);
	FUZZ_CHECK(plan.ncopies >= 1 && plan.ncopies <= plan.phnum + 1, "%u copies", plan.ncopies);
	FUZZ_CHECK(plan.copies[0].out_off == plan.headers_len, "notes at %llu",
		   (unsigned long long)plan.copies[0].out_off);
	pos = plan.copies[0].out_off + plan.copies[0].len;
	for (i = 0; i < plan.ncopies; i++) {
		const struct mk_dump_copy *cp = &plan.copies[i];

		FUZZ_CHECK(cp->out_off >= pos || i == 0, "copy %u at %llu before %llu", i,
			   (unsigned long long)cp->out_off, (unsigned long long)pos);
		FUZZ_CHECK(cp->in_off + cp->len <= in.size, "copy %u past the input", i);
		if (i) {
			FUZZ_CHECK(cp->out_off % 4 == 0 && cp->out_off - pos < 4, "copy %u at %llu", i,
				   (unsigned long long)cp->out_off);
			FUZZ_CHECK(cp->len && cp->len % MK_PAGE_SIZE == 0, "copy %u of %llu bytes", i,
				   (unsigned long long)cp->len);
			pos = cp->out_off + cp->len;
		}
	}
	FUZZ_CHECK(plan.out_size >= pos && plan.out_size - pos < 4, "out_size %llu, end %llu",
		   (unsigned long long)plan.out_size, (unsigned long long)pos);
	for (i = 0; i < in.phnum; i++)
		if (in.ph[i].type == MK_ELF_PT_LOAD)
			in_mem += in.ph[i].memsz;
	for (i = 0; i < plan.phnum; i++) {
		const struct mk_dump_phdr *ph = &plan.ph[i];

		FUZZ_CHECK(ph->offset <= plan.out_size, "header %u at %llu", i,
			   (unsigned long long)ph->offset);
		if (ph->type != MK_ELF_PT_LOAD)
			continue;
		out_mem += ph->memsz;
		if (ph->filesz) {
			FUZZ_CHECK(ph->filesz == ph->memsz, "header %u", i);
			FUZZ_CHECK(c < plan.ncopies && plan.copies[c].out_off == ph->offset &&
				   plan.copies[c].len == ph->filesz, "header %u without its copy", i);
			c++;
		} else if (ph->memsz) {
			FUZZ_CHECK(ph->memsz >= MK_DUMP_MIN_ZERO_RUN * MK_PAGE_SIZE, "zero run of %u",
				   ph->memsz);
			zeros += ph->memsz / MK_PAGE_SIZE;
		}
	}
	FUZZ_CHECK(c == plan.ncopies, "%u copies for %u data headers", plan.ncopies, c - 1);
	FUZZ_CHECK(in_mem == out_mem, "memory %llu in, %llu out", (unsigned long long)in_mem,
		   (unsigned long long)out_mem);
	FUZZ_CHECK(zeros == plan.zero_pages, "%llu zero pages, %llu counted",
		   (unsigned long long)plan.zero_pages, (unsigned long long)zeros);
	if (!skip || !z)
		FUZZ_CHECK(plan.phnum == in.phnum && plan.zero_pages == 0, "skip_zero off");
	check_runs(skip ? z : NULL);

	n = mk_dump_headers(&plan, buf, out_hdr, sizeof(out_hdr));
	FUZZ_CHECK(n == plan.headers_len, "headers of %zu bytes", n);
	FUZZ_CHECK(mk_be16(out_hdr + MK_ELF_E_PHNUM) == plan.phnum, "e_phnum");
	FUZZ_CHECK(mk_dump_headers(&plan, buf, out_hdr, n - 1) == 0, "short cap");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mk_diag d = { 0, "" };
	struct fuzz_in fi = { data, size };
	uint8_t opt = fuzz_u8(&fi);
	uint32_t seed = fuzz_be32(&fi);
	uint64_t need = 0, prev = 0, pages;
	const uint8_t *z = NULL;
	uint8_t *buf;
	int r, whole;
	size_t len = 0;

	buf = malloc(fi.n ? fi.n : 1);
	if (!buf)
		return 0;
	memcpy(buf, fi.p, fi.n);
	/* As the writer reads: what is asked, while the file has it. */
	for (;;) {
		d.code = 0;
		d.msg[0] = '\0';
		r = mk_dump_read_headers(buf, len, &in, &need, &d);
		if (r != 0)
			break;
		FUZZ_CHECK(need > len && need >= prev, "need %llu after %zu",
			   (unsigned long long)need, len);
		FUZZ_CHECK_DIAG(MK_ERR_ELF_TRUNCATED, &d);
		prev = need;
		if (need > fi.n)
			break;
		len = (size_t)need;
	}
	whole = mk_dump_read_headers(buf, fi.n, &in, &need, &d);
	FUZZ_CHECK(whole == r || (r == 0 && need > fi.n), "read %d in steps, %d at once", r, whole);
	if (r < 0)
		FUZZ_CHECK_DIAG(r, &d);
	if (r != 1) {
		free(buf);
		return 0;
	}
	FUZZ_CHECK(in.phnum >= 1 && in.phnum <= MK_DUMP_MAX_PHDRS, "%u headers", in.phnum);
	FUZZ_CHECK(in.headers_end <= in.size, "headers end %llu, size %llu",
		   (unsigned long long)in.headers_end, (unsigned long long)in.size);
	pages = mk_dump_pages(&in);
	if (pages <= MAX_PAGES && (opt & 2)) {
		draw(pages, seed | 1, 1 + (opt >> 4) % 8);
		z = zero;
	}
	d.code = 0;
	r = mk_dump_plan_build(&in, z, opt & 1, &plan, &d);
	if (r) {
		FUZZ_CHECK(r == MK_ERR_PARAM, "plan error %d: %s", r, d.msg);
		FUZZ_CHECK_DIAG(r, &d);
	} else {
		check_plan(opt & 1, z, buf);
	}
	free(buf);
	return 0;
}
