// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bootinfo codec: the lists each machine passes parse; one mangled
 * record per case gives its exact error; parse -> edit -> serialise ->
 * parse round-trips byte for byte; memory chunks and the edit helpers.
 */
#include "harness.h"
#include "image.h"

static struct mk_bootinfo bi, bi2;
static struct bib b;

/* Parse an exact-size heap copy of buf[0..len) (freed by the caller). */
static uint8_t *last_copy;

static int parse_len(const uint8_t *buf, size_t len, struct mk_bootinfo *out, struct mk_diag *d)
{
	free(last_copy);
	last_copy = dup_prefix(buf, len);
	d->code = 0;
	d->msg[0] = '\0';
	return mk_bi_parse(last_copy, len, out, d);
}

/* ------------------------------------------------------------------ */

static void test_machines(void)
{
	struct mk_diag d;
	struct mk_memchunk ch[4] = { { 0, 14u << 20 }, { 0x01000000, 64u << 20 } };
	unsigned i;

	BEGIN("bi/parse-virt-4-byte-last");
	bib_virt(&b, 128u << 20);
	if (CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_OK)) {
		CHECK_EQ(bi.nrec, 14);
		CHECK_EQ(bi.short_last, 0);
		CHECK_EQ(bi.length, b.len);
		CHECK_EQ(mk_bi_machine(&bi), MACH_VIRT);
		CHECK_EQ(bi.rec[0].tag, BI_MACHTYPE);
		CHECK_EQ(bi.rec[0].size, 4);
		CHECK_EQ(bi.rec[0].data, last_copy + 4);
		CHECK_EQ(bi.rec[11].tag, BI_COMMAND_LINE);
		CHECK_EQ(bi.rec[11].size, 36);	/* 33 + NUL, padded */
		CHECK_STR((const char *)bi.rec[11].data, VIRT_CMDLINE);
		CHECK_EQ(bi.rec[12].tag, BI_RNG_SEED);
		CHECK_EQ(bi.rec[12].size, 36);
		CHECK_EQ(mk_be16(bi.rec[12].data), 32);
		CHECK_EQ(bi.rec[13].tag, BI_RAMDISK);
	}
	END();

	BEGIN("bi/parse-aranym-2-byte-last");
	bib_aranym(&b, ch, 2);
	if (CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_OK)) {
		CHECK_EQ(bi.nrec, 9);
		CHECK_EQ(bi.short_last, 1);
		CHECK_EQ(bi.length, b.len);
		CHECK_EQ(mk_bi_machine(&bi), MACH_ATARI);
	}
	END();

	BEGIN("bi/parse-q800");
	bib_q800(&b, 64u << 20);
	if (CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_OK)) {
		CHECK_EQ(mk_bi_machine(&bi), MACH_MAC);
		CHECK_EQ(bi.nrec, 15);
	}
	END();

	BEGIN("bi/parse-amiga");
	bib_amiga(&b);
	if (CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_OK)) {
		CHECK_EQ(mk_bi_machine(&bi), MACH_AMIGA);
		i = (unsigned)mk_bi_find(&bi, 0x8001, 0);
		CHECK_EQ(bi.rec[i].size, 32);
		i = (unsigned)mk_bi_find(&bi, 0x8003, 0);
		CHECK_EQ(bi.rec[i].size, 4);	/* 1 byte, padded */
	}
	END();

	/* A list read from RAM (or a page) ends in zeros: harmless. */
	BEGIN("bi/zero-padding-after-last-accepted");
	bib_virt(&b, 128u << 20);
	if (CHECK_ERR(parse_len(b.buf, 4096, &bi, &d), MK_OK)) {
		CHECK_EQ(bi.length, b.len);
		CHECK_EQ(bi.nrec, 14);
	}
	END();

	BEGIN("bi/zero-padding-after-short-last");
	bib_aranym(&b, ch, 2);
	if (CHECK_ERR(parse_len(b.buf, b.len + 6, &bi, &d), MK_OK)) {
		CHECK_EQ(bi.short_last, 1);
		CHECK_EQ(bi.length, b.len);
	}
	END();

	BEGIN("bi/only-last-short");
	CHECK_ERR(parse_len((const uint8_t *)"\0\0", 2, &bi, &d), MK_OK);
	CHECK_EQ(bi.nrec, 0);
	CHECK_EQ(bi.length, 2);
	CHECK_EQ(bi.short_last, 1);
	END();

	BEGIN("bi/only-last-long");
	CHECK_ERR(parse_len((const uint8_t *)"\0\0\0\4", 4, &bi, &d), MK_OK);
	CHECK_EQ(bi.nrec, 0);
	CHECK_EQ(bi.length, 4);
	CHECK_EQ(bi.short_last, 0);
	END();
}

/* ------------------------------------------------------------------ */
/* Bad lists                                                            */

static void test_bad(void)
{
	struct mk_diag d;
	unsigned i;

	BEGIN("bi/empty-buffer");
	CHECK_ERR(parse_len(b.buf, 0, &bi, &d), MK_ERR_BI_UNTERMINATED);
	END();

	BEGIN("bi/one-byte");
	CHECK_ERR(parse_len((const uint8_t *)"\0", 1, &bi, &d), MK_ERR_BI_UNTERMINATED);
	END();

	/* Mangle the size of record 1 (BI_CPUTYPE, at offset 8). */
	{
		static const struct {
			uint16_t size;
			int want;
			const char *msg;
		} sizes[] = {
			{ 0, MK_ERR_BI_RECORD, "size 0" },
			{ 2, MK_ERR_BI_RECORD, "size 2" },
			{ 3, MK_ERR_BI_RECORD, "size 3" },
			{ 6, MK_ERR_BI_RECORD, "size 6" },
			{ 10, MK_ERR_BI_RECORD, "size 10" },
			{ 0xfffc, MK_ERR_BI_RECORD, "runs past the end" },
			{ 0xffff, MK_ERR_BI_RECORD, NULL },
		};

		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			BEGIN("bi/record-size-%u", sizes[i].size);
			bib_virt(&b, 128u << 20);
			mk_put_be16(b.buf + 8 + 2, sizes[i].size);
			CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), sizes[i].want);
			CHECK_ERR(d.code, sizes[i].want);
			CHECK_CONTAINS(d.msg, "offset 0x8");
			CHECK_CONTAINS(d.msg, "tag 0x0002");
			if (sizes[i].msg)
				CHECK_CONTAINS(d.msg, sizes[i].msg);
			END();
		}
	}

	BEGIN("bi/record-past-end-by-4");
	bib_init(&b);
	bib_u32(&b, BI_MACHTYPE, MACH_VIRT);
	bib_last(&b, 0);
	mk_put_be16(b.buf + 2, 16);	/* swallows BI_LAST and 4 more */
	CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_ERR_BI_RECORD);
	CHECK_CONTAINS(d.msg, "size 16 runs past the end of the list (12 bytes)");
	END();

	/* A size that swallows BI_LAST exactly leaves the list unterminated. */
	BEGIN("bi/record-swallows-last");
	mk_put_be16(b.buf + 2, 12);
	CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_ERR_BI_UNTERMINATED);
	CHECK_CONTAINS(d.msg, "offset 0xc");
	END();

	BEGIN("bi/header-cut-2-bytes");
	bib_init(&b);
	bib_u32(&b, BI_MACHTYPE, MACH_VIRT);
	mk_put_be16(b.buf + 8, BI_MEMCHUNK);
	CHECK_ERR(parse_len(b.buf, 10, &bi, &d), MK_ERR_BI_RECORD);
	CHECK_CONTAINS(d.msg, "offset 0x8");
	CHECK_CONTAINS(d.msg, "header cut off");
	END();

	BEGIN("bi/header-cut-3-bytes");
	CHECK_ERR(parse_len(b.buf, 11, &bi, &d), MK_ERR_BI_RECORD);
	END();

	BEGIN("bi/missing-last");
	bib_virt(&b, 128u << 20);
	CHECK_ERR(parse_len(b.buf, b.len - 4, &bi, &d), MK_ERR_BI_UNTERMINATED);
	CHECK_CONTAINS(d.msg, "no BI_LAST");
	END();

	BEGIN("bi/missing-last-one-byte-left");
	CHECK_ERR(parse_len(b.buf, b.len - 3, &bi, &d), MK_ERR_BI_UNTERMINATED);
	END();

	BEGIN("bi/trailing-nonzero-after-last");
	bib_virt(&b, 128u << 20);
	b.buf[b.len + 5] = 0x42;
	CHECK_ERR(parse_len(b.buf, b.len + 8, &bi, &d), MK_ERR_BI_TRAILING);
	{
		char want[64];

		snprintf(want, sizeof(want), "first non-zero at 0x%zx", b.len + 5);
		CHECK_CONTAINS(d.msg, want);
		snprintf(want, sizeof(want), "BI_LAST at offset 0x%zx", b.len - 4);
		CHECK_CONTAINS(d.msg, want);
	}
	END();

	BEGIN("bi/trailing-after-short-last");
	{
		struct mk_memchunk c = { 0, 64u << 20 };

		bib_aranym(&b, &c, 1);
		b.buf[b.len] = 0x01;
		CHECK_ERR(parse_len(b.buf, b.len + 2, &bi, &d), MK_ERR_BI_TRAILING);
	}
	END();

	/* tag 0 with a size other than 4 is the 2-byte form, then junk. */
	BEGIN("bi/last-with-size-8");
	CHECK_ERR(parse_len((const uint8_t *)"\0\0\0\x08", 4, &bi, &d), MK_ERR_BI_TRAILING);
	END();

	BEGIN("bi/%u-records-accepted", MK_BI_MAX_RECORDS);
	bib_init(&b);
	for (i = 0; i < MK_BI_MAX_RECORDS; i++)
		bib_rec(&b, 0x8000, NULL, 0);
	bib_last(&b, 0);
	if (CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_OK))
		CHECK_EQ(bi.nrec, MK_BI_MAX_RECORDS);
	END();

	BEGIN("bi/too-many-records");
	bib_init(&b);
	for (i = 0; i < MK_BI_MAX_RECORDS + 1; i++)
		bib_rec(&b, 0x8000, NULL, 0);
	bib_last(&b, 0);
	CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_ERR_BI_TOO_MANY);
	CHECK_CONTAINS(d.msg, "512");
	CHECK_CONTAINS(d.msg, "offset 0x800");
	END();

	/* Every prefix of a good list is refused, without reading past it. */
	BEGIN("bi/every-prefix-refused");
	{
		int bad = 0;
		size_t n;

		bib_virt(&b, 128u << 20);
		for (n = 0; n < b.len - 2; n++) {
			int err = parse_len(b.buf, n, &bi, &d);

			if (!CHECK(err == MK_ERR_BI_UNTERMINATED || err == MK_ERR_BI_RECORD) &&
			    ++bad > 3)
				break;
		}
		/* Cut inside the 4-byte BI_LAST: its 2-byte form remains. */
		CHECK_ERR(parse_len(b.buf, b.len - 2, &bi, &d), MK_OK);
		CHECK_EQ(bi.short_last, 1);
	}
	END();
}

/* ------------------------------------------------------------------ */
/* Serialise and edit                                                   */

static uint8_t out[BI_MAX_TEST], out2[BI_MAX_TEST];

static void test_roundtrip(void)
{
	struct mk_memchunk ch[2] = { { 0x01000000, 128u << 20 }, { 0, 14u << 20 } };
	struct mk_diag d;
	size_t len, len2;
	int i;

	BEGIN("bi/roundtrip-virt-byte-exact");
	bib_virt(&b, 128u << 20);
	CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_OK);
	CHECK_EQ(mk_bi_size(&bi), b.len);
	if (CHECK_ERR(mk_bi_serialize(&bi, out, sizeof(out), &len, &d), MK_OK)) {
		CHECK_EQ(len, b.len);
		CHECK_MEM(out, b.buf, b.len);
	}
	END();

	BEGIN("bi/roundtrip-amiga-byte-exact");
	bib_amiga(&b);
	CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_OK);
	if (CHECK_ERR(mk_bi_serialize(&bi, out, sizeof(out), &len, &d), MK_OK)) {
		CHECK_EQ(len, b.len);
		CHECK_MEM(out, b.buf, b.len);
	}
	END();

	/* The 2-byte BI_LAST comes back as the 4-byte form. */
	BEGIN("bi/roundtrip-aranym-short-last");
	bib_aranym(&b, ch, 2);
	CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_OK);
	CHECK_EQ(mk_bi_size(&bi), b.len + 2);
	if (CHECK_ERR(mk_bi_serialize(&bi, out, sizeof(out), &len, &d), MK_OK)) {
		CHECK_EQ(len, b.len + 2);
		CHECK_MEM(out, b.buf, b.len);
		CHECK_EQ(mk_be16(out + b.len), 4);
	}
	END();

	/* Padding bytes inside a record are data: kept as they are. */
	BEGIN("bi/roundtrip-keeps-bytes-after-nul");
	bib_init(&b);
	bib_str(&b, BI_COMMAND_LINE, "ab");	/* 'a' 'b' 0 pad */
	b.buf[7] = 0x77;
	bib_last(&b, 0);
	CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_OK);
	if (CHECK_ERR(mk_bi_serialize(&bi, out, sizeof(out), &len, &d), MK_OK))
		CHECK_MEM(out, b.buf, b.len);
	END();

	BEGIN("bi/edit-set-remove-append-roundtrip");
	bib_virt(&b, 128u << 20);
	CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_OK);
	{
		static const uint8_t cmd[] = "root=/dev/vda";	/* 14 bytes: padded to 16 */
		static const uint8_t extra[5] = { 1, 2, 3, 4, 5 };
		unsigned nrec = bi.nrec;

		CHECK_ERR(mk_bi_set(&bi, BI_COMMAND_LINE, cmd, sizeof(cmd)), MK_OK);
		CHECK_EQ(mk_bi_remove(&bi, BI_RNG_SEED), 1);
		CHECK_EQ(mk_bi_remove(&bi, BI_RNG_SEED), 0);
		CHECK_ERR(mk_bi_append(&bi, 0x8010, extra, sizeof(extra)), MK_OK);
		CHECK_EQ(bi.nrec, nrec);
		CHECK_EQ(mk_bi_size(&bi), b.len - 40 + 20 /* cmd */ - 40 /* seed */ + 12);
		if (CHECK_ERR(mk_bi_serialize(&bi, out, sizeof(out), &len, &d), MK_OK) &&
		    CHECK_EQ(len, mk_bi_size(&bi)) &&
		    CHECK_ERR(mk_bi_parse(out, len, &bi2, &d), MK_OK)) {
			CHECK_EQ(bi2.nrec, nrec);
			i = mk_bi_find(&bi2, BI_COMMAND_LINE, 0);
			if (CHECK(i == 11)) {
				CHECK_EQ(bi2.rec[i].size, 16);
				CHECK_MEM(bi2.rec[i].data, "root=/dev/vda\0\0\0", 16);
			}
			CHECK_EQ(mk_bi_find(&bi2, BI_RNG_SEED, 0), -1);
			CHECK_EQ(bi2.rec[bi2.nrec - 1].tag, 0x8010);
			CHECK_EQ(bi2.rec[bi2.nrec - 1].size, 8);
			CHECK_MEM(bi2.rec[bi2.nrec - 1].data, "\1\2\3\4\5\0\0\0", 8);
			/* and the second trip changes nothing */
			if (CHECK_ERR(mk_bi_serialize(&bi2, out2, sizeof(out2), &len2, &d), MK_OK)) {
				CHECK_EQ(len2, len);
				CHECK_MEM(out2, out, len);
			}
		}
	}
	END();

	BEGIN("bi/set-appends-when-absent");
	bib_amiga(&b);
	CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_OK);
	{
		uint8_t v[8] = { 0, 0, 0x10, 0, 0, 0x10, 0, 0 };
		unsigned n = bi.nrec;

		CHECK_ERR(mk_bi_set(&bi, BI_RAMDISK, v, 8), MK_OK);
		CHECK_EQ(bi.nrec, n + 1);
		CHECK_EQ(bi.rec[n].tag, BI_RAMDISK);
		CHECK_ERR(mk_bi_set(&bi, BI_RAMDISK, v, 4), MK_OK);
		CHECK_EQ(bi.nrec, n + 1);
		CHECK_EQ(bi.rec[n].size, 4);
	}
	END();

	BEGIN("bi/serialize-cap");
	bib_virt(&b, 128u << 20);
	CHECK_ERR(parse_len(b.buf, b.len, &bi, &d), MK_OK);
	CHECK_ERR(mk_bi_serialize(&bi, out, b.len, &len, &d), MK_OK);
	CHECK_ERR(mk_bi_serialize(&bi, out, b.len - 1, &len, &d), MK_ERR_BI_TOO_LARGE);
	CHECK_ERR(d.code, MK_ERR_BI_TOO_LARGE);
	{
		char want[64];

		snprintf(want, sizeof(want), "needs %zu bytes, the limit is %zu", b.len, b.len - 1);
		CHECK_CONTAINS(d.msg, want);
	}
	END();

	BEGIN("bi/serialize-empty-list");
	memset(&bi, 0, sizeof(bi));
	CHECK_EQ(mk_bi_size(&bi), 4);
	if (CHECK_ERR(mk_bi_serialize(&bi, out, 4, &len, &d), MK_OK)) {
		CHECK_EQ(len, 4);
		CHECK_MEM(out, "\0\0\0\4", 4);
	}
	END();

	BEGIN("bi/serialize-largest-record");
	{
		static uint8_t big[0xfff8];

		memset(&bi, 0, sizeof(bi));
		memset(big, 0x5a, sizeof(big));
		CHECK_ERR(mk_bi_append(&bi, 0x8000, big, 0xfff8), MK_OK);
		CHECK_ERR(mk_bi_append(&bi, 0x8000, big, 0xfff9), MK_ERR_PARAM);
		CHECK_EQ(mk_bi_size(&bi), 0xfffc + 4);
		{
			uint8_t *o = malloc(0x10000);

			if (CHECK_ERR(mk_bi_serialize(&bi, o, 0x10000, &len, &d), MK_OK)) {
				CHECK_EQ(mk_be16(o + 2), 0xfffc);
				CHECK_ERR(mk_bi_parse(o, len, &bi2, &d), MK_OK);
				CHECK_EQ(bi2.rec[0].size, 0xfff8);
			}
			free(o);
		}
	}
	END();
}

/* A record edited in place past the 16-bit size field cannot be written. */
static void test_serialize_oversized(void)
{
	static uint8_t big[0xfffa];
	static uint8_t o[0x20000];
	struct mk_diag d;
	size_t len = 0;

	BEGIN("bi/serialize-record-too-big");
	memset(&bi, 0, sizeof(bi));
	CHECK_ERR(mk_bi_append(&bi, BI_MACHTYPE, big, 4), MK_OK);
	CHECK_ERR(mk_bi_append(&bi, 0x8000, big, 4), MK_OK);
	bi.rec[1].size = 0xfffa;	/* bypasses mk_bi_append's check */
	memset(&d, 0, sizeof(d));
	CHECK_ERR(mk_bi_serialize(&bi, o, sizeof(o), &len, &d), MK_ERR_BI_VALUE);
	CHECK_CONTAINS(d.msg, "record 1 (tag 0x8000)");
	END();
}

static void test_edit(void)
{
	struct mk_diag d;
	uint32_t v;
	unsigned i;

	bib_virt(&b, 128u << 20);
	parse_len(b.buf, b.len, &bi, &d);

	BEGIN("bi/find");
	CHECK_EQ(mk_bi_find(&bi, BI_MACHTYPE, 0), 0);
	CHECK_EQ(mk_bi_find(&bi, BI_MACHTYPE, 1), -1);
	CHECK_EQ(mk_bi_find(&bi, BI_MEMCHUNK, 0), 4);
	CHECK_EQ(mk_bi_find(&bi, BI_MEMCHUNK, 4), 4);
	CHECK_EQ(mk_bi_find(&bi, BI_MEMCHUNK, 5), -1);
	CHECK_EQ(mk_bi_find(&bi, 0x1234, 0), -1);
	CHECK_EQ(mk_bi_find(&bi, BI_MACHTYPE, 1000), -1);
	END();

	BEGIN("bi/get-u32");
	CHECK_ERR(mk_bi_get_u32(&bi, BI_CPUTYPE, &v), MK_OK);
	CHECK_EQ(v, 4);
	CHECK_ERR(mk_bi_get_u32(&bi, 0x8000, &v), MK_OK);
	CHECK_EQ(v, 0x07020000);
	CHECK_ERR(mk_bi_get_u32(&bi, 0x1234, &v), MK_ERR_BI_MISSING);
	END();

	BEGIN("bi/get-u32-short-record");
	bib_init(&b);
	bib_rec(&b, BI_MACHTYPE, NULL, 0);
	bib_last(&b, 1);
	parse_len(b.buf, b.len, &bi, &d);
	CHECK_ERR(mk_bi_get_u32(&bi, BI_MACHTYPE, &v), MK_ERR_BI_VALUE);
	CHECK_EQ(mk_bi_machine(&bi), 0);
	END();

	BEGIN("bi/remove-every-memchunk");
	{
		struct mk_memchunk ch[3] = { { 0, 14u << 20 }, { 0x01000000, 64u << 20 },
					     { 0x02000000, 1u << 20 } };

		bib_aranym(&b, ch, 3);
		parse_len(b.buf, b.len, &bi, &d);
		CHECK_EQ(mk_bi_remove(&bi, BI_MEMCHUNK), 3);
		CHECK_EQ(bi.nrec, 7);
		CHECK_EQ(bi.rec[4].tag, 0x8000);	/* the rest moved up, in order */
		CHECK_EQ(bi.rec[6].tag, BI_COMMAND_LINE);
	}
	END();

	BEGIN("bi/remove-at");
	i = bi.nrec;
	mk_bi_remove_at(&bi, 0);
	CHECK_EQ(bi.nrec, i - 1);
	CHECK_EQ(bi.rec[0].tag, BI_CPUTYPE);
	mk_bi_remove_at(&bi, bi.nrec);		/* out of range: nothing */
	mk_bi_remove_at(&bi, 9999);
	CHECK_EQ(bi.nrec, i - 1);
	mk_bi_remove_at(&bi, bi.nrec - 1);
	CHECK_EQ(bi.rec[bi.nrec - 1].tag, 0x8001);
	END();

	BEGIN("bi/append-bad-arguments");
	memset(&bi, 0, sizeof(bi));
	CHECK_ERR(mk_bi_append(&bi, BI_LAST, NULL, 0), MK_ERR_PARAM);
	CHECK_ERR(mk_bi_append(&bi, BI_MACHTYPE, NULL, 4), MK_ERR_PARAM);
	CHECK_ERR(mk_bi_append(&bi, BI_MACHTYPE, NULL, 0), MK_OK);
	CHECK_ERR(mk_bi_set(&bi, BI_MACHTYPE, NULL, 4), MK_ERR_PARAM);
	CHECK_ERR(mk_bi_set(&bi, BI_MACHTYPE, (const uint8_t *)"", 0xfff9), MK_ERR_PARAM);
	CHECK_EQ(bi.nrec, 1);
	END();

	BEGIN("bi/append-too-many");
	memset(&bi, 0, sizeof(bi));
	for (i = 0; i < MK_BI_MAX_RECORDS; i++)
		if (!CHECK_ERR(mk_bi_append(&bi, 0x8000, NULL, 0), MK_OK))
			break;
	CHECK_ERR(mk_bi_append(&bi, 0x8000, NULL, 0), MK_ERR_BI_TOO_MANY);
	CHECK_ERR(mk_bi_set(&bi, 0x8001, NULL, 0), MK_ERR_BI_TOO_MANY);
	CHECK_ERR(mk_bi_set(&bi, 0x8000, NULL, 0), MK_OK);	/* replaces */
	CHECK_EQ(bi.nrec, MK_BI_MAX_RECORDS);
	END();
}

/* ------------------------------------------------------------------ */
/* Memory chunks                                                        */

static void test_memchunks(void)
{
	struct mk_memchunk c[MK_MAX_CHUNKS + 2];
	struct mk_diag d;
	unsigned n, i;

	BEGIN("bi/memchunks-in-list-order");
	{
		struct mk_memchunk ch[2] = { { 0x01000000, 128u << 20 }, { 0, 14u << 20 } };

		bib_aranym(&b, ch, 2);
		parse_len(b.buf, b.len, &bi, &d);
		if (CHECK_ERR(mk_bi_memchunks(&bi, c, MK_MAX_CHUNKS, &n, &d), MK_OK)) {
			CHECK_EQ(n, 2);
			CHECK_EQ(c[0].addr, 0x01000000);
			CHECK_EQ(c[0].size, 128u << 20);
			CHECK_EQ(c[1].addr, 0);
			CHECK_EQ(c[1].size, 14u << 20);
		}
	}
	END();

	BEGIN("bi/memchunks-none");
	bib_init(&b);
	bib_u32(&b, BI_MACHTYPE, MACH_VIRT);
	bib_last(&b, 0);
	parse_len(b.buf, b.len, &bi, &d);
	CHECK_ERR(mk_bi_memchunks(&bi, c, MK_MAX_CHUNKS, &n, &d), MK_ERR_BI_MISSING);
	CHECK_EQ(n, 0);
	CHECK_CONTAINS(d.msg, "no BI_MEMCHUNK");
	END();

	{
		static const struct {
			const char *name;
			unsigned datasz;
			uint32_t addr, size;
			int want;
			const char *msg;
		} cases[] = {
			{ "size-4-bytes", 4, 0, 0x100000, MK_ERR_BI_VALUE, "4 data bytes, needs 8" },
			{ "empty-record", 0, 0, 0, MK_ERR_BI_VALUE, "0 data bytes" },
			{ "size-0", 8, 0x1000, 0, MK_ERR_BI_VALUE, "empty or wraps" },
			{ "wraps", 8, 0xfff00000, 0x00200000, MK_ERR_BI_VALUE, "0xfff00000" },
			{ "wraps-by-one", 8, 0xfff00000, 0x00100001, MK_ERR_BI_VALUE, NULL },
			{ "ends-at-4g", 8, 0xfff00000, 0x00100000, MK_OK, NULL },
			{ "whole-4g-less-one", 8, 0x1, 0xffffffff, MK_OK, NULL },
			{ "longer-record-ok", 12, 0x0, 0x01000000, MK_OK, NULL },
		};

		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			uint8_t data[12] = { 0 };

			BEGIN("bi/memchunk-%s", cases[i].name);
			mk_put_be32(data, cases[i].addr);
			mk_put_be32(data + 4, cases[i].size);
			bib_init(&b);
			bib_u32(&b, BI_MACHTYPE, MACH_VIRT);
			bib_chunk(&b, 0, 1u << 20);
			bib_rec(&b, BI_MEMCHUNK, data, cases[i].datasz);
			bib_last(&b, 0);
			parse_len(b.buf, b.len, &bi, &d);
			CHECK_ERR(mk_bi_memchunks(&bi, c, MK_MAX_CHUNKS, &n, &d), cases[i].want);
			if (cases[i].want) {
				CHECK_ERR(d.code, cases[i].want);
				CHECK_CONTAINS(d.msg, "BI_MEMCHUNK record 2");
			} else {
				CHECK_EQ(n, 2);
				CHECK_EQ(c[1].addr, cases[i].addr);
				CHECK_EQ(c[1].size, cases[i].size);
			}
			if (cases[i].msg)
				CHECK_CONTAINS(d.msg, cases[i].msg);
			END();
		}
	}

	BEGIN("bi/memchunks-%u-accepted", MK_MAX_CHUNKS);
	bib_init(&b);
	for (i = 0; i < MK_MAX_CHUNKS; i++)
		bib_chunk(&b, i << 24, 1u << 20);
	bib_last(&b, 0);
	parse_len(b.buf, b.len, &bi, &d);
	CHECK_ERR(mk_bi_memchunks(&bi, c, MK_MAX_CHUNKS, &n, &d), MK_OK);
	CHECK_EQ(n, MK_MAX_CHUNKS);
	CHECK_EQ(c[MK_MAX_CHUNKS - 1].addr, (MK_MAX_CHUNKS - 1) << 24);
	END();

	BEGIN("bi/memchunks-too-many");
	bib_init(&b);
	for (i = 0; i < MK_MAX_CHUNKS + 1; i++)
		bib_chunk(&b, i << 24, 1u << 20);
	bib_last(&b, 0);
	parse_len(b.buf, b.len, &bi, &d);
	CHECK_ERR(mk_bi_memchunks(&bi, c, MK_MAX_CHUNKS, &n, &d), MK_ERR_BI_TOO_MANY);
	CHECK_CONTAINS(d.msg, "more than 16");
	END();

	BEGIN("bi/memchunks-cap-respected");
	c[2].addr = 0xdeadbeef;
	CHECK_ERR(mk_bi_memchunks(&bi, c, 2, &n, &d), MK_ERR_BI_TOO_MANY);
	CHECK_EQ(c[2].addr, 0xdeadbeef);
	CHECK_EQ(n, 2);
	END();
}

int main(void)
{
	test_machines();
	test_bad();
	test_roundtrip();
	test_serialize_oversized();
	test_edit();
	test_memchunks();
	free(last_copy);
	return DONE();
}
