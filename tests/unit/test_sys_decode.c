/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Decoding (sys/decode*.c): gzip, xz, lzma and zstd files made here with
 * the libraries load back to the same bytes; output of exactly the limit
 * loads and one byte more is refused with the half-of-RAM rule;
 * truncated and corrupt streams are MK_ERR_DECODE; concatenated streams
 * decode whole; the progress callback sees the compressed bytes read,
 * rising, and one end.
 */
#include "sys_util.h"

/*
 * Two streams in one file: xz; gzip, as gzip -d and zcat decode every
 * member of a multi-member file (cat a.gz b.gz > c.gz); zstd, a checked
 * frame then a plain one.
 */
static const struct concatenated {
	const char *name, *file, *skip;
	enum codec first, second;
} cats[] = {
	{ "xz", "cat.xz", "no xz encoder in this build", C_XZ, C_XZ },
	{ "gzip", "cat.gz", "no gzip encoder in this build", C_GZIP, C_GZIP },
	{ "zstd", "cat.zst", "no zstd encoder in this build", C_ZSTD_CHECK, C_ZSTD },
};

static void test_codecs(void)
{
	struct buf texts[2] = { payload_text(300000), payload_random(200000) };
	struct kimg k = kimg_default();
	struct buf kb = { k.buf, k.len };
	unsigned c, t;

	for (c = 0; c < C_COUNT; c++) {
		for (t = 0; t < 3; t++) {
			const struct buf *in = t == 0 ? &kb : &texts[t - 1];
			static const char *const what[3] = { "kernel", "text", "random" };
			struct buf z = compress_buf((enum codec)c, in->p, in->len);
			const char *path = tpath("roundtrip");

			BEGIN("sys/load-%s-%s", codec_name[c], what[t]);
			if (!z.p) {
				SKIP("no encoder in this build");
				continue;
			}
			if (CHECK(write_file(path, z.p, z.len) == 0))
				expect_load(path, 64u << 20, in, codec_comp[c], z.len);
			END();
			free(z.p);
		}
	}

	/* Output of exactly the limit is accepted; one byte more is not. */
	for (c = 0; c < C_COUNT; c++) {
		struct buf z = compress_buf((enum codec)c, texts[0].p, texts[0].len);
		const char *path = tpath("limit");
		char msg[64];

		BEGIN("sys/limit-exact-%s", codec_name[c]);
		if (!z.p) {
			SKIP("no encoder in this build");
			continue;
		}
		write_file(path, z.p, z.len);
		expect_load(path, texts[0].len, &texts[0], codec_comp[c], z.len);
		END();

		BEGIN("sys/limit-minus-one-%s", codec_name[c]);
		snprintf(msg, sizeof(msg), "more than %zu bytes", texts[0].len - 1);
		expect_fail(path, texts[0].len - 1, MK_ERR_HALF_RAM, msg);
		END();
		free(z.p);
	}

	/* Truncated streams: cut in the middle, and just before the end. */
	for (c = 0; c < C_COUNT; c++) {
		struct buf z = compress_buf((enum codec)c, texts[0].p, texts[0].len);
		static const char *const where[3] = { "half", "last-byte", "header-only" };
		unsigned w;

		for (w = 0; w < 3; w++) {
			const char *path = tpath("cut");
			size_t n;

			BEGIN("sys/truncated-%s-%s", codec_name[c], where[w]);
			if (!z.p) {
				SKIP("no encoder in this build");
				continue;
			}
			n = w == 0 ? z.len / 2 : w == 1 ? z.len - 1 : (c == C_LZMA ? 13 : c == C_XZ ? 12 : 6);
			write_file(path, z.p, n);
			expect_fail(path, 64u << 20, MK_ERR_DECODE, "corrupt or truncated");
			END();
		}
		free(z.p);
	}

	/* A flipped byte in the middle of a checked stream. */
	for (c = 0; c < C_COUNT; c++) {
		struct buf z;
		const char *path = tpath("corrupt");

		if (c == C_ZSTD || c == C_LZMA)
			continue;	/* no checksum: a flipped literal may go unseen */
		z = compress_buf((enum codec)c, texts[1].p, texts[1].len);
		BEGIN("sys/corrupt-%s", codec_name[c]);
		if (!z.p) {
			SKIP("no encoder in this build");
			continue;
		}
		z.p[z.len / 2] ^= 0x55;
		write_file(path, z.p, z.len);
		expect_fail(path, 64u << 20, MK_ERR_DECODE, "corrupt or truncated");
		END();
		free(z.p);
	}

	/* Two streams back to back decode as one file. */
	for (c = 0; c < sizeof(cats) / sizeof(cats[0]); c++) {
		const struct concatenated *cc = &cats[c];
		struct buf a = compress_buf(cc->first, texts[0].p, 1000);
		struct buf bb = compress_buf(cc->second, texts[0].p + 1000, 2000);
		struct buf want = { texts[0].p, 3000 };

		BEGIN("sys/%s-concatenated", cc->name);
		if (!a.p || !bb.p) {
			SKIP(cc->skip);
		} else {
			uint8_t *cat = malloc(a.len + bb.len);

			memcpy(cat, a.p, a.len);
			memcpy(cat + a.len, bb.p, bb.len);
			write_file(tpath(cc->file), cat, a.len + bb.len);
			expect_load(tpath(cc->file), 1u << 20, &want, codec_comp[cc->first],
				    a.len + bb.len);
			free(cat);
			END();
		}
		free(a.p);
		free(bb.p);
	}

	free(texts[0].p);
	free(texts[1].p);
	free(k.buf);
}


/* What the progress callback was told. */
struct seen {
	unsigned calls, ends;
	uint64_t last, total;
	int rising, end_last;
};

static void record(void *arg, uint64_t done, uint64_t total, int end)
{
	struct seen *s = arg;

	if (s->ends)
		s->end_last = 0;	/* a call after the end */
	if (end) {
		s->ends++;
		s->end_last = 1;
	} else {
		s->calls++;
		if (done < s->last || done > total)
			s->rising = 0;
		s->last = done;
	}
	s->total = total;
}

static void test_progress(void)
{
	struct buf big = payload_random(5u << 20);
	struct buf small = payload_text(1000);
	unsigned c;

	for (c = 0; c < C_COUNT; c++) {
		struct buf z = compress_buf((enum codec)c, big.p, big.len);
		struct buf zs = compress_buf((enum codec)c, small.p, small.len);
		const char *path = tpath("progress");
		struct seen s = { .rising = 1 };
		struct mk_file f;
		struct mk_diag d = { 0, "" };

		BEGIN("sys/progress-%s", codec_name[c]);
		if (!z.p || !zs.p) {
			SKIP("no encoder in this build");
			free(z.p);
			free(zs.p);
			continue;
		}
		write_file(path, z.p, z.len);
		if (CHECK_EQ(mk_file_open(path, &f, &d), 0)) {
			f.progress = record;
			f.progress_arg = &s;
			if (CHECK_EQ(mk_file_decode(&f, 64u << 20, &d), 0))
				CHECK_MEM(f.data, big.p, big.len);
			mk_file_close(&f);
		}
		/* The streaming decoders report every 1 MiB of output;
		 * zstd decodes in one call and only ends. */
		if (c == C_ZSTD || c == C_ZSTD_CHECK)
			CHECK_EQ(s.calls, 0);
		else
			CHECK(s.calls >= 4 && s.calls <= 5);
		CHECK(s.rising);
		CHECK_EQ(s.ends, 1);
		CHECK(s.end_last);
		CHECK_EQ(s.total, z.len);

		/* A failed decode ends the line too. */
		memset(&s, 0, sizeof(s));
		s.rising = 1;
		if (CHECK_EQ(mk_file_open(path, &f, &d), 0)) {
			f.progress = record;
			f.progress_arg = &s;
			CHECK_EQ(mk_file_decode(&f, 1u << 20, &d), -1);
			CHECK_ERR(d.code, MK_ERR_HALF_RAM);
		}
		CHECK_EQ(s.ends, 1);
		CHECK(s.end_last);

		/* A small file: no update, one end.  mk_file_load sets no
		 * callback at all. */
		memset(&s, 0, sizeof(s));
		write_file(path, zs.p, zs.len);
		if (CHECK_EQ(mk_file_open(path, &f, &d), 0)) {
			CHECK(f.progress == NULL);
			f.progress = record;
			f.progress_arg = &s;
			CHECK_EQ(mk_file_decode(&f, 1u << 20, &d), 0);
			mk_file_close(&f);
		}
		CHECK_EQ(s.calls, 0);
		CHECK_EQ(s.ends, 1);
		END();
		free(z.p);
		free(zs.p);
	}
	free(big.p);
	free(small.p);
}

int main(void)
{
	if (setup("sys-decode"))
		return 1;
	test_codecs();
	test_progress();
	cleanup();
	return DONE();
}
