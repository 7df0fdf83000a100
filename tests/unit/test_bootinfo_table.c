// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one table of machines and records (lib/bootinfo.c): its rows are
 * consistent (one row per record of a machine, names and values unique,
 * a layout for every named record, every machine with a preset), the
 * facts where the copies it replaced disagreed are pinned (the bits the
 * kernel knows in a CPU, FPU and MMU record, checked, shown and parsed
 * alike; the VME records on the three VME machines and no other), and
 * every reader gives the same words for the same record.
 */
#include "harness.h"

static unsigned nrows(void)
{
	unsigned n = 0;

	while (mk_bi_row_at(n))
		n++;
	return n;
}

static unsigned nmachines(void)
{
	unsigned n = 0;

	while (mk_machine_at(n))
		n++;
	return n;
}

/* A set of machines with no bit outside the machine table. */
static uint32_t all_machines(void)
{
	uint32_t all = 0;
	unsigned k;

	for (k = 0; k < nmachines(); k++)
		all |= MK_MACH_BIT(mk_machine_at(k)->id);
	return all;
}

static void test_machines(void)
{
	unsigned i, j;

	BEGIN("table/machines");
	CHECK_EQ(nmachines(), 14);
	for (i = 0; i < nmachines(); i++) {
		const struct mk_machine *m = mk_machine_at(i);

		CHECK(m->id >= 1 && m->id < 32);	/* a bit in a row's set */
		CHECK(mk_machine(m->id) == m);
		CHECK(m->cpu && m->fpu && m->mmu && m->memchunk);
		for (j = 0; j < i; j++) {
			CHECK(mk_machine_at(j)->id < m->id);	/* in id order */
			CHECK(strcmp(mk_machine_at(j)->name, m->name) != 0);
		}
	}
	CHECK(mk_machine(0) == NULL);
	CHECK(mk_machine(15) == NULL);
	CHECK(mk_machine_at(14) == NULL);
	END();
}

static int same_machine(const struct mk_bi_row *a, const struct mk_bi_row *b)
{
	return a->machines == 0 || b->machines == 0 || (a->machines & b->machines);
}

static void test_rows(void)
{
	uint32_t all = all_machines();
	unsigned i, j;

	BEGIN("table/rows");
	CHECK(nrows() > 60);
	for (i = 0; i < nrows(); i++) {
		const struct mk_bi_row *r = mk_bi_row_at(i);
		const struct mk_bi_value_name *v, *w;

		CHECK(strncmp(r->name, "BI_", 3) == 0);
		/* Generic tags are every machine's, the others a machine's. */
		CHECK((r->tag < BI_MACH_FIRST) == (r->machines == 0));
		CHECK((r->machines & ~all) == 0);
		CHECK(r->unit != NULL);
		CHECK(r->tag == BI_LAST || r->type != MK_BI_BYTES);
		CHECK((r->type == MK_BI_MASK || r->type == MK_BI_MODEL ||
		       r->type == MK_BI_ATARI_COOKIE) == (r->names != NULL));
		CHECK(r->hex == 0 || r->type == MK_BI_MODEL || r->type == MK_BI_ATARI_COOKIE);
		for (j = 0; j < i; j++) {
			const struct mk_bi_row *o = mk_bi_row_at(j);

			if (!same_machine(r, o))
				continue;
			if (r->tag == o->tag || strcasecmp(r->name, o->name) == 0)
				CHECK_STR(r->name, "(a record twice for one machine)");
		}
		for (v = r->names; v && v->id; v++) {
			if (r->type == MK_BI_MASK)
				CHECK(v->value < 32);
			for (w = r->names; w != v; w++)
				if (w->value == v->value || strcasecmp(w->id, v->id) == 0)
					CHECK_STR(v->id, "(a value named twice)");
		}
	}
	END();

	BEGIN("table/lookups-find-the-rows");
	for (i = 0; i < nrows(); i++) {
		const struct mk_bi_row *r = mk_bi_row_at(i);
		unsigned k;

		for (k = 0; k < nmachines(); k++) {
			uint32_t m = mk_machine_at(k)->id;
			uint16_t tag = 0;

			if (!mk_bi_row_has(r, m))
				continue;
			CHECK(mk_bi_row(m, r->tag) == r);
			CHECK_STR(mk_bi_tag_name(m, r->tag), r->name);
			CHECK_EQ(mk_bi_type(m, r->tag), r->type);
			CHECK_ERR(mk_bi_tag_by_name(m, r->name + 3, &tag), MK_OK);
			CHECK_EQ(tag, r->tag);
		}
	}
	END();

	BEGIN("table/mandatory-and-single");
	{
		static const char *const want[] = {
			"BI_MACHTYPE", "BI_CPUTYPE", "BI_FPUTYPE", "BI_MMUTYPE", "BI_MEMCHUNK",
		};
		unsigned n = 0;

		for (i = 0; i < nrows(); i++) {
			const struct mk_bi_row *r = mk_bi_row_at(i);

			if (r->flags & MK_BI_MANDATORY) {
				if (CHECK(n < 5))
					CHECK_STR(r->name, want[n]);
				n++;
			}
		}
		CHECK_EQ(n, 5);
		CHECK(mk_bi_row(0, BI_MEMCHUNK)->flags == MK_BI_MANDATORY);	/* up to four */
		CHECK(mk_bi_row(0, BI_RAMDISK)->flags == MK_BI_SINGLE);
		CHECK(mk_bi_row(0, BI_COMMAND_LINE)->flags == MK_BI_SINGLE);
		CHECK(mk_bi_row(0, BI_RNG_SEED)->flags == MK_BI_SINGLE);
	}
	END();
}

/*
 * The bits the kernel knows (bootinfo.h: CPUB_68020..CPUB_COLDFIRE,
 * FPUB_68881..FPUB_COLDFIRE, MMUB_68851..MMUB_COLDFIRE): the checker,
 * the words and --set read them from one row each.  --set used to take
 * any number up to 0x7f for all three, so CPUTYPE=0x20 was accepted and
 * then refused by the check.
 */
static void test_mask_bits(void)
{
	static const struct {
		uint16_t tag;
		const char *name;
		uint32_t known;
		const char *all;
	} masks[] = {
		{ BI_CPUTYPE, "BI_CPUTYPE", 0x1f, "68020|68030|68040|68060|ColdFire" },
		{ BI_FPUTYPE, "BI_FPUTYPE", 0x3f, "68881|68882|68040|68060|SunFPA|ColdFire" },
		{ BI_MMUTYPE, "BI_MMUTYPE", 0x7f, "68851|68030|68040|68060|Apollo|Sun3|ColdFire" },
	};
	unsigned i;

	for (i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		uint32_t next = masks[i].known + 1;
		uint8_t out[8];
		char text[16], words[80], msg[160];
		struct mk_diag d = { 0, "" };
		size_t len = 99;
		uint32_t v = 0;

		BEGIN("table/mask-bits-%s", masks[i].name);
		CHECK_EQ(mk_bi_mask_known(masks[i].tag), masks[i].known);
		mk_bi_describe_mask(masks[i].tag, masks[i].known, words, sizeof(words));
		CHECK_STR(words, masks[i].all);
		CHECK_ERR(mk_bi_mask_by_names(masks[i].tag, masks[i].all, &v), MK_OK);
		CHECK_EQ(v, masks[i].known);
		/* The highest known bits as a number are taken ... */
		snprintf(text, sizeof(text), "0x%x", masks[i].known);
		CHECK_ERR(mk_bi_encode(0, masks[i].tag, text, out, sizeof(out), &len, &d), MK_OK);
		CHECK_EQ(len, 4);
		CHECK_EQ(mk_be32(out), masks[i].known);
		/* ... the next bit is refused, as the checker refuses it. */
		snprintf(text, sizeof(text), "0x%x", next);
		CHECK_ERR(mk_bi_encode(0, masks[i].tag, text, out, sizeof(out), &len, &d), MK_ERR_PARAM);
		snprintf(msg, sizeof(msg),
			 "%s wants names like 68040 or 68030|68882, \"none\" or a bitmask, not \"0x%x\"",
			 masks[i].name, next);
		CHECK_STR(d.msg, msg);
		CHECK_EQ(len, 0);
		mk_bi_describe_mask(masks[i].tag, next, words, sizeof(words));
		snprintf(msg, sizeof(msg), "bit%u", (unsigned)__builtin_ctz(next));
		CHECK_STR(words, msg);
		END();
	}
	BEGIN("table/mask-bits-other-tags");
	CHECK_EQ(mk_bi_mask_known(BI_MEMCHUNK), 0);
	CHECK_EQ(mk_bi_mask_known(0x8000), 0);
	END();
}

/* bootinfo-vme.h: BI_VME_TYPE and BI_VME_BRDINFO are the records of
 * MVME147, MVME16x and BVME6000, a VME board type is shown in hex. */
static void test_vme(void)
{
	static const uint8_t brdinfo[32] = "!ID!";
	unsigned k;

	BEGIN("table/vme-machines");
	for (k = 0; k < nmachines(); k++) {
		uint32_t m = mk_machine_at(k)->id;
		int vme = m == MACH_MVME147 || m == MACH_MVME16x || m == MACH_BVME6000;
		struct mk_bi_record r = { 0x8000, 4, (const uint8_t *)"\0\0\x01\x47" };
		struct mk_bi_record b = { 0x8001, 32, brdinfo };
		char out[160];

		mk_bi_describe(m, &r, out, sizeof(out));
		if (vme) {
			CHECK_STR(mk_bi_tag_name(m, 0x8000), "BI_VME_TYPE");
			CHECK_STR(mk_bi_tag_name(m, 0x8001), "BI_VME_BRDINFO");
			CHECK_STR(out, "Motorola MVME147 (0x0147)");
			mk_bi_describe(m, &b, out, sizeof(out));
			CHECK_STR(out, "id \"!ID!\", board 0000, suffix \"\", revision 0, date 00-00-00, options 0x00000000");
		} else {
			CHECK(mk_bi_tag_name(m, 0x8000) == NULL ||
			      strcmp(mk_bi_tag_name(m, 0x8000), "BI_VME_TYPE") != 0);
			CHECK(mk_bi_tag_name(m, 0x8001) == NULL ||
			      strcmp(mk_bi_tag_name(m, 0x8001), "BI_VME_BRDINFO") != 0);
			CHECK(strstr(out, "MVME147") == NULL);
		}
	}
	END();
}

static const char *words(uint32_t mach, uint16_t tag, const void *data, uint16_t size)
{
	static char out[256];
	struct mk_bi_record r = { tag, size, data };

	mk_bi_describe(mach, &r, out, sizeof(out));
	return out;
}

/*
 * mk_bi_describe() reads the rows for machine records too: it used to
 * show them as numbers (but for virt's QEMU version), and the decoding
 * lived in a second describer, mk_bi_describe_full(), whose words
 * test_bootinfo_tool_describe.c pins.
 */
static void test_one_describer(void)
{
	static const uint8_t seed[36] = { 0, 32 };
	unsigned i;

	BEGIN("table/describe-full-is-describe");
	for (i = 0; i < nrows(); i++) {
		const struct mk_bi_row *r = mk_bi_row_at(i);
		uint32_t m = r->machines ? (uint32_t)__builtin_ctz(r->machines) : MACH_VIRT;
		struct mk_bi_record rec = { r->tag, 36, seed };
		char a[256], b[256];

		mk_bi_describe(m, &rec, a, sizeof(a));
		mk_bi_describe_full(m, &rec, b, sizeof(b));
		CHECK_STR(a, b);
	}
	CHECK_STR(words(MACH_MAC, 0x8000, "\0\0\0\x23", 4), "Quadra 800 (35)");
	END();
}

/*
 * A size is in words by one rule wherever it is shown: the largest of
 * MiB, KiB and bytes that counts it whole.
 */
static void test_size_words(void)
{
	static const struct {
		uint32_t size;
		const char *words;
	} sizes[] = {
		{ 0x00e00000, "14 MiB" },
		{ 0x00001400, "5 KiB" },
		{ 0x00100001, "1048577 bytes" },
	};
	unsigned i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint8_t mem[8], cd[68] = { 0 };
		char want[128];

		BEGIN("table/size-words-%s", sizes[i].words);
		mk_put_be32(mem, 0x01000000);
		mk_put_be32(mem + 4, sizes[i].size);
		snprintf(want, sizeof(want), "0x01000000 + 0x%08x (%s)", sizes[i].size, sizes[i].words);
		CHECK_STR(words(MACH_AMIGA, BI_MEMCHUNK, mem, 8), want);
		CHECK_STR(words(MACH_AMIGA, BI_RAMDISK, mem, 8), want);
		snprintf(want, sizeof(want), "0x%08x (%s)", sizes[i].size, sizes[i].words);
		CHECK_STR(words(MACH_AMIGA, 0x8002, mem + 4, 4), want);
		mk_put_be32(cd + 32, 0x01000000);
		mk_put_be32(cd + 36, sizes[i].size);
		snprintf(want, sizeof(want), "manufacturer 0 product 0 serial 0x00000000 at 0x01000000 + 0x%08x (%s)",
			 sizes[i].size, sizes[i].words);
		CHECK_STR(words(MACH_AMIGA, 0x8001, cd, 68), want);
		END();
	}
}

/* bootinfo.8 names every machine of the table, in "new" and NEW LISTS. */
static void test_man_page(void)
{
	static char text[64 * 1024];
	FILE *fp = fopen("man/bootinfo.8", "r");
	size_t n = fp ? fread(text, 1, sizeof(text) - 1, fp) : 0;
	const char *news, *end;
	unsigned k;

	if (fp)
		fclose(fp);
	text[n] = '\0';
	BEGIN("table/man-page-names-every-machine");
	news = strstr(text, "\n.SH NEW LISTS\n");
	end = news ? strstr(news, "\n.SH WRITING\n") : NULL;
	if (!n) {
		SKIP("no man/bootinfo.8 here (run from the top of the tree)");
		return;
	}
	if (CHECK(news && end))
		for (k = 0; k < nmachines(); k++) {
			char bold[32];
			const char *hit;

			/* ".B virt" or ".BR mvme147 \", \" ..." or "\" mvme16x \"" */
			snprintf(bold, sizeof(bold), " %s", mk_machine_at(k)->name);
			hit = strstr(news, bold);
			if (!CHECK(hit && hit < end))
				CHECK_STR(mk_machine_at(k)->name, "(in NEW LISTS)");
			snprintf(bold, sizeof(bold), " %s ", mk_machine_at(k)->name);
			hit = strstr(text, ".BI \"new \\-\\-machine ");
			CHECK(hit && strstr(hit, bold) && strstr(hit, bold) < news);
		}
	END();
}

int main(void)
{
	test_machines();
	test_rows();
	test_mask_bits();
	test_vme();
	test_one_describer();
	test_size_words();
	test_man_page();
	return DONE();
}
