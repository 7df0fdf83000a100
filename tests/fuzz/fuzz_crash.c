// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The crash (kdump) side: the parsers of what the running kernel reports
 * (/proc/iomem, crash_notes, vmcoreinfo), the capture command line and the
 * whole crash plan.  The first byte picks one; text is passed in buffers
 * of exactly its length, without a NUL.  A crash plan that builds must pass
 * mk_crash_check() and mk_plan_check(), and every segment must lie page
 * aligned inside the crash region, without overlap.
 *
 * Plan input (op 4): u8 flags (1 ramdisk), u8 cmdlen, be16 bilen,
 * be32 region start, region size, u8 ncpus, ncpus x (be32 addr, be32 size),
 * be32 vmcoreinfo addr, size, be64 ramdisk_len, cmdline, bootinfo, kernel.
 */
#include <string.h>
#include <sys/mman.h>

#include "fuzz.h"

static char *exact(const uint8_t *p, size_t n)
{
	char *s = malloc(n ? n : 1);

	FUZZ_CHECK(s != NULL, "malloc");
	memcpy(s, p, n);
	return s;
}

static void parsers(uint8_t op, struct fuzz_in *in)
{
	struct mk_diag d = { 0, "" };
	struct mk_crash_note n = { 0, 0 };
	uint32_t start = 0, size = 0;
	const uint8_t *nul = memchr(in->p, 0, in->n);
	size_t alen = nul ? (size_t)(nul - in->p) : in->n;
	char *a = exact(in->p, in->n), *b;
	int err;

	switch (op) {
	case 0:
		err = mk_crash_parse_iomem(a, in->n, &start, &size, &d);
		if (!err)
			FUZZ_CHECK(size && (uint64_t)start + size <= 1ull << 32, "region %x+%x", start, size);
		break;
	case 1:
		b = exact(in->p + (nul ? alen + 1 : alen), in->n - (nul ? alen + 1 : alen));
		err = mk_crash_parse_note(a, alen, b, in->n - (nul ? alen + 1 : alen), &n, &d);
		if (!err)
			FUZZ_CHECK(n.size != 0, "empty note");
		free(b);
		break;
	default:
		err = mk_crash_parse_vmcoreinfo(a, in->n, &n, &d);
		if (!err)
			FUZZ_CHECK(n.size != 0, "empty vmcoreinfo");
		break;
	}
	if (err)
		FUZZ_CHECK_DIAG(err, &d);
	free(a);
}

static void cmdline(struct fuzz_in *in)
{
	struct mk_diag d = { 0, "" };
	uint32_t addr = fuzz_be32(in), size = fuzz_be32(in);
	size_t outsz = fuzz_be16(in) % 600;
	char *line = malloc(in->n + 1), *out = malloc(outsz ? outsz : 1);
	const char *last;
	int err;

	FUZZ_CHECK(line && out, "malloc");
	memcpy(line, in->p, in->n);
	line[in->n] = '\0';
	err = mk_crash_cmdline(line, addr, size, outsz ? out : NULL, outsz, &d);
	if (err) {
		FUZZ_CHECK_DIAG(err, &d);
	} else {
		FUZZ_CHECK(strlen(out) < outsz && strlen(out) <= MK_CMDLINE_MAX, "length");
		last = strrchr(out, ' ');
		last = last ? last + 1 : out;
		FUZZ_CHECK(strncmp(last, "elfcorehdr=", 11) == 0, "line ends with \"%s\"", last);
		FUZZ_CHECK(strncmp(out, "crashkernel=", 12) != 0 &&
			   (strchr(line, '"') || !strstr(out, " crashkernel=")), "crashkernel= kept");
	}
	free(out);
	free(line);
}

static void plan(struct fuzz_in *in)
{
	static struct mk_crash_plan c;
	static struct mk_bootinfo bi;
	static uint8_t seed[MK_RNG_SEED_LEN];
	static const uint8_t *ramdisk_area;
	struct mk_segment seg[MK_MAX_SEGMENTS + 1];
	struct mk_crash_input ci;
	struct mk_diag d = { 0, "" };
	char line[300];
	uint8_t flags = fuzz_u8(in), cmdlen = fuzz_u8(in);
	uint16_t bilen = fuzz_be16(in);
	uint64_t ramdisk_len;
	const uint8_t *p;
	uint8_t *bibuf, *kernel;
	size_t len;
	unsigned i, j, n;
	int err;

	if (!ramdisk_area) {
		void *m = mmap(NULL, 1ull << 32, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		FUZZ_CHECK(m != MAP_FAILED, "mmap");
		ramdisk_area = m;
	}
	memset(&ci, 0, sizeof(ci));
	ci.region_start = fuzz_be32(in);
	ci.region_size = fuzz_be32(in);
	ci.ncpus = fuzz_u8(in) % (MK_CRASH_MAX_CPUS + 2);
	for (i = 0; i < ci.ncpus && i < MK_CRASH_MAX_CPUS; i++) {
		ci.cpu_note[i].addr = fuzz_be32(in);
		ci.cpu_note[i].size = fuzz_be32(in);
	}
	ci.vmcoreinfo.addr = fuzz_be32(in);
	ci.vmcoreinfo.size = fuzz_be32(in);
	ramdisk_len = fuzz_be64(in) % (1ull << 32);
	p = fuzz_bytes(in, cmdlen, &len);
	memcpy(line, p, len);
	line[len] = '\0';
	p = fuzz_bytes(in, bilen, &len);
	bibuf = (uint8_t *)exact(p, len);
	if (mk_bi_parse(bibuf, len, &bi, NULL)) {
		free(bibuf);
		return;
	}
	kernel = (uint8_t *)exact(in->p, in->n);
	ci.base.kernel = kernel;
	ci.base.kernel_len = in->n;
	ci.base.bootinfo = &bi;
	ci.base.cmdline = line;
	ci.base.seed = seed;
	if (flags & 1) {
		ci.base.ramdisk = ramdisk_area;
		ci.base.ramdisk_len = ramdisk_len;
	}
	err = mk_crash_plan_build(&ci, &c, &d);
	if (err) {
		FUZZ_CHECK(err < 0, "error %d", err);
		FUZZ_CHECK_DIAG(err, &d);
	} else {
		uint64_t rs = c.region_start, re = rs + c.region_size;

		FUZZ_CHECK(mk_crash_check(&c, &d) == MK_OK, "mk_crash_check refuses a built plan: %s", d.msg);
		FUZZ_CHECK(mk_plan_check(&c.plan, &d) == MK_OK, "mk_plan_check refuses it: %s", d.msg);
		n = mk_crash_segments(&c, seg, MK_MAX_SEGMENTS + 1);
		FUZZ_CHECK(n >= 2 && n <= MK_MAX_SEGMENTS, "%u segments", n);
		FUZZ_CHECK(c.plan.entry >= rs && c.plan.entry < re, "entry outside the region");
		for (i = 0; i < n; i++) {
			uint64_t s = seg[i].mem, e = s + seg[i].memsz;

			FUZZ_CHECK(s % MK_PAGE_SIZE == 0 && seg[i].memsz % MK_PAGE_SIZE == 0 &&
				   seg[i].memsz && seg[i].bufsz <= seg[i].memsz, "segment %u shape", i);
			FUZZ_CHECK(s >= rs && e <= re, "segment %u 0x%llx..0x%llx outside the region 0x%llx..0x%llx",
				   i, (unsigned long long)s, (unsigned long long)e,
				   (unsigned long long)rs, (unsigned long long)re);
			for (j = 0; j < i; j++)
				FUZZ_CHECK(e <= seg[j].mem || (uint64_t)seg[j].mem + seg[j].memsz <= s,
					   "segments %u and %u overlap", i, j);
		}
	}
	free(kernel);
	free(bibuf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint8_t op = fuzz_u8(&in) % 5;

	if (op < 3)
		parsers(op, &in);
	else if (op == 3)
		cmdline(&in);
	else
		plan(&in);
	return 0;
}
