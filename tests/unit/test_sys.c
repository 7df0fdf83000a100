// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The system layer: compression detected from magic bytes; gzip, xz,
 * lzma and zstd files (made here with the libraries) load back to the
 * same bytes; bombs, truncated and corrupt streams are refused with their
 * codes; file errors carry errno; mk_read_small() reads pipes and procfs
 * files to EOF; the syscall layer refuses to load on a host that is not
 * m68k.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef HAVE_LZMA
#include <lzma.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#include "harness.h"
#include "image.h"
#include "sys.h"

static char tmpdir[64];

static const char *tpath(const char *name)
{
	static char buf[8][160];
	static unsigned n;
	char *p = buf[n++ % 8];

	snprintf(p, sizeof(buf[0]), "%s/%s", tmpdir, name);
	return p;
}

static int write_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	const uint8_t *q = p;

	if (fd < 0)
		return -1;
	while (n) {
		ssize_t w = write(fd, q, n);

		if (w <= 0) {
			close(fd);
			return -1;
		}
		q += w;
		n -= (size_t)w;
	}
	return close(fd);
}

/* ------------------------------------------------------------------ */
/* Payloads                                                             */

struct buf {
	uint8_t *p;
	size_t len;
};

/* Bytes that compress well but are not all alike. */
static struct buf payload_text(size_t n)
{
	struct buf b = { malloc(n), n };
	size_t i;

	for (i = 0; i < n; i++)
		b.p[i] = (uint8_t)("m68k kexec bootinfo "[i % 20] + (i / 4096) % 3);
	return b;
}

/* Bytes that do not compress (xorshift). */
static struct buf payload_random(size_t n)
{
	struct buf b = { malloc(n), n };
	uint32_t x = 0x12345678;
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b.p[i] = (uint8_t)x;
	}
	return b;
}

/* ------------------------------------------------------------------ */
/* Encoders                                                             */

enum codec { C_GZIP, C_XZ, C_LZMA, C_ZSTD, C_ZSTD_CHECK, C_COUNT };

static const char *const codec_name[C_COUNT] = { "gzip", "xz", "lzma", "zstd", "zstd-checksum" };
static const enum mk_compression codec_comp[C_COUNT] = {
	MK_COMP_GZIP, MK_COMP_XZ, MK_COMP_LZMA, MK_COMP_ZSTD, MK_COMP_ZSTD,
};

/* Compress in[0..n) into a fresh buffer; 0 when this build cannot. */
static struct buf compress_buf(enum codec c, const uint8_t *in, size_t n)
{
	struct buf out = { NULL, 0 };
	size_t cap = n + n / 2 + 65536;

	out.p = malloc(cap);
	switch (c) {
#ifdef HAVE_ZLIB
	case C_GZIP: {
		z_stream z;

		memset(&z, 0, sizeof(z));
		if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
			break;
		z.next_in = (Bytef *)(uintptr_t)in;
		z.avail_in = (uInt)n;
		z.next_out = out.p;
		z.avail_out = (uInt)cap;
		if (deflate(&z, Z_FINISH) == Z_STREAM_END)
			out.len = z.total_out;
		deflateEnd(&z);
		break;
	}
#endif
#ifdef HAVE_LZMA
	case C_XZ: {
		size_t pos = 0;

		if (lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, NULL, in, n, out.p, &pos, cap) == LZMA_OK)
			out.len = pos;
		break;
	}
	case C_LZMA: {
		lzma_stream s = LZMA_STREAM_INIT;
		lzma_options_lzma opt;

		lzma_lzma_preset(&opt, 1);
		if (lzma_alone_encoder(&s, &opt) != LZMA_OK)
			break;
		s.next_in = in;
		s.avail_in = n;
		s.next_out = out.p;
		s.avail_out = cap;
		if (lzma_code(&s, LZMA_FINISH) == LZMA_STREAM_END)
			out.len = s.total_out;
		lzma_end(&s);
		break;
	}
#endif
#ifdef HAVE_ZSTD
	case C_ZSTD:
	case C_ZSTD_CHECK: {
		ZSTD_CCtx *z = ZSTD_createCCtx();
		size_t r;

		ZSTD_CCtx_setParameter(z, ZSTD_c_compressionLevel, 3);
		ZSTD_CCtx_setParameter(z, ZSTD_c_checksumFlag, c == C_ZSTD_CHECK);
		r = ZSTD_compress2(z, out.p, cap, in, n);
		if (!ZSTD_isError(r))
			out.len = r;
		ZSTD_freeCCtx(z);
		break;
	}
#endif
	default:
		break;
	}
	if (!out.len) {
		free(out.p);
		out.p = NULL;
	}
	return out;
}

/* Stream n zero bytes through a compressor into a file, 1 MiB at a time:
 * a bomb without ever holding it. */
static int write_zero_bomb(enum codec c, const char *path, uint64_t n)
{
	static uint8_t zeros[1 << 20], obuf[1 << 20];
	FILE *fp = fopen(path, "wb");
	int ok = 0;

	if (!fp)
		return -1;
	switch (c) {
#ifdef HAVE_ZLIB
	case C_GZIP: {
		z_stream z;
		int flush;

		memset(&z, 0, sizeof(z));
		if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
			break;
		do {
			uint64_t chunk = n > sizeof(zeros) ? sizeof(zeros) : n;

			n -= chunk;
			flush = n ? Z_NO_FLUSH : Z_FINISH;
			z.next_in = zeros;
			z.avail_in = (uInt)chunk;
			do {
				z.next_out = obuf;
				z.avail_out = sizeof(obuf);
				deflate(&z, flush);
				fwrite(obuf, 1, sizeof(obuf) - z.avail_out, fp);
			} while (z.avail_out == 0);
		} while (flush != Z_FINISH);
		deflateEnd(&z);
		ok = 1;
		break;
	}
#endif
#ifdef HAVE_LZMA
	case C_XZ: {
		lzma_stream s = LZMA_STREAM_INIT;
		lzma_action a;
		lzma_ret r;

		if (lzma_easy_encoder(&s, 1, LZMA_CHECK_CRC32) != LZMA_OK)
			break;
		do {
			uint64_t chunk = n > sizeof(zeros) ? sizeof(zeros) : n;

			n -= chunk;
			a = n ? LZMA_RUN : LZMA_FINISH;
			s.next_in = zeros;
			s.avail_in = (size_t)chunk;
			do {
				s.next_out = obuf;
				s.avail_out = sizeof(obuf);
				r = lzma_code(&s, a);
				fwrite(obuf, 1, sizeof(obuf) - s.avail_out, fp);
			} while (s.avail_in || (a == LZMA_FINISH && r == LZMA_OK));
		} while (a != LZMA_FINISH);
		lzma_end(&s);
		ok = 1;
		break;
	}
#endif
#ifdef HAVE_ZSTD
	case C_ZSTD: {
		ZSTD_CCtx *z = ZSTD_createCCtx();
		ZSTD_EndDirective e;
		size_t rem;

		do {
			uint64_t chunk = n > sizeof(zeros) ? sizeof(zeros) : n;
			ZSTD_inBuffer in = { zeros, (size_t)chunk, 0 };

			n -= chunk;
			e = n ? ZSTD_e_continue : ZSTD_e_end;
			do {
				ZSTD_outBuffer out = { obuf, sizeof(obuf), 0 };

				rem = ZSTD_compressStream2(z, &out, &in, e);
				fwrite(obuf, 1, out.pos, fp);
			} while (in.pos < in.size || (e == ZSTD_e_end && rem != 0));
		} while (e != ZSTD_e_end);
		ZSTD_freeCCtx(z);
		ok = 1;
		break;
	}
#endif
	default:
		break;
	}
	fclose(fp);
	return ok ? 0 : -1;
}

/* ------------------------------------------------------------------ */

static void test_detect(void)
{
	static const struct {
		const char *name;
		const char *bytes;
		size_t len;
		enum mk_compression want;
	} cases[] = {
		{ "gzip", "\x1f\x8b\x08\x00", 4, MK_COMP_GZIP },
		{ "gzip-2-bytes", "\x1f\x8b", 2, MK_COMP_GZIP },
		{ "gzip-1-byte", "\x1f", 1, MK_COMP_NONE },
		{ "xz", "\xfd" "7zXZ\0\0\x04", 8, MK_COMP_XZ },
		{ "xz-5-bytes", "\xfd" "7zXZ", 5, MK_COMP_NONE },
		{ "xz-bad-6th", "\xfd" "7zXZ\x01", 6, MK_COMP_NONE },
		{ "zstd", "\x28\xb5\x2f\xfd\x04", 5, MK_COMP_ZSTD },
		{ "zstd-3-bytes", "\x28\xb5\x2f", 3, MK_COMP_NONE },
		{ "lzma-8m-dict", "\x5d\x00\x00\x80\x00\xff\xff\xff\xff\xff\xff\xff\xff", 13, MK_COMP_LZMA },
		{ "lzma-64k-dict", "\x5d\x00\x00\x01\x00\x10\0\0\0\0\0\0\0", 13, MK_COMP_LZMA },
		{ "lzma-12-bytes", "\x5d\x00\x00\x80\x00\xff\xff\xff\xff\xff\xff\xff", 12, MK_COMP_NONE },
		{ "lzma-dict-0", "\x5d\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff", 13, MK_COMP_NONE },
		{ "lzma-dict-huge", "\x5d\x00\x00\x00\x40\xff\xff\xff\xff\xff\xff\xff\xff", 13, MK_COMP_NONE },
		{ "elf", "\x7f" "ELF\x01\x02\x01", 7, MK_COMP_NONE },
		{ "empty", "", 0, MK_COMP_NONE },
		{ "bzip2", "BZh91AY&SY", 10, MK_COMP_NONE },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *p = dup_prefix((const uint8_t *)cases[i].bytes, cases[i].len);

		BEGIN("sys/detect-%s", cases[i].name);
		CHECK_EQ(mk_detect_compression(p, cases[i].len), cases[i].want);
		END();
		free(p);
	}

	BEGIN("sys/compression-names");
	CHECK_STR(mk_compression_name(MK_COMP_NONE), "none");
	CHECK_STR(mk_compression_name(MK_COMP_GZIP), "gzip");
	CHECK_STR(mk_compression_name(MK_COMP_XZ), "xz");
	CHECK_STR(mk_compression_name(MK_COMP_LZMA), "lzma");
	CHECK_STR(mk_compression_name(MK_COMP_ZSTD), "zstd");
	CHECK(mk_can_decompress(MK_COMP_NONE));
#ifdef HAVE_ZLIB
	CHECK(mk_can_decompress(MK_COMP_GZIP));
#endif
#ifdef HAVE_LZMA
	CHECK(mk_can_decompress(MK_COMP_XZ));
	CHECK(mk_can_decompress(MK_COMP_LZMA));
#endif
#ifdef HAVE_ZSTD
	CHECK(mk_can_decompress(MK_COMP_ZSTD));
#endif
	END();
}

/* Load a file and compare with what it must decompress to. */
static void expect_load(const char *path, uint64_t limit, const struct buf *want,
			enum mk_compression comp, uint64_t file_len)
{
	struct mk_file f;
	struct mk_diag d = { 0, "" };

	if (!CHECK_EQ(mk_file_load(path, limit, &f, &d), 0)) {
		h_fail(__FILE__, __LINE__, "diag %d: %s", d.code, d.msg);
		return;
	}
	CHECK_EQ(f.comp, comp);
	CHECK_EQ(f.file_len, file_len);
	if (CHECK_EQ(f.len, want->len))
		CHECK_MEM(f.data, want->p, want->len);
	CHECK_EQ(mk_file_anon_bytes(&f), comp == MK_COMP_NONE ? 0 : want->len);
	CHECK_STR(f.path, path);
	mk_file_close(&f);
	CHECK(f.data == NULL && f.map == NULL && f.anon == NULL);
}

static void expect_fail(const char *path, uint64_t limit, int code, const char *msg)
{
	struct mk_file f;
	struct mk_diag d = { 0, "" };

	CHECK_EQ(mk_file_load(path, limit, &f, &d), -1);
	CHECK_ERR(d.code, code);
	if (msg)
		CHECK_CONTAINS(d.msg, msg);
	CHECK_CONTAINS(d.msg, path);
	CHECK(f.map == NULL && f.anon == NULL);
}

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
			expect_fail(path, 64u << 20, MK_ERR_ELF_TRUNCATED, "corrupt or truncated");
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
		expect_fail(path, 64u << 20, MK_ERR_ELF_TRUNCATED, "corrupt or truncated");
		END();
		free(z.p);
	}

	/* Two xz streams back to back decode as one file. */
	BEGIN("sys/xz-concatenated");
	{
		struct buf a = compress_buf(C_XZ, texts[0].p, 1000);
		struct buf bb = compress_buf(C_XZ, texts[0].p + 1000, 2000);
		struct buf want = { texts[0].p, 3000 };

		if (!a.p || !bb.p) {
			SKIP("no xz encoder in this build");
		} else {
			uint8_t *cat = malloc(a.len + bb.len);

			memcpy(cat, a.p, a.len);
			memcpy(cat + a.len, bb.p, bb.len);
			write_file(tpath("cat.xz"), cat, a.len + bb.len);
			expect_load(tpath("cat.xz"), 1u << 20, &want, MK_COMP_XZ, a.len + bb.len);
			free(cat);
		}
		free(a.p);
		free(bb.p);
	}
	END();

	/* gzip -d and zcat decode every member of a multi-member file
	 * (cat a.gz b.gz > c.gz); so must the loader, as it does for xz. */
	BEGIN("sys/gzip-concatenated");
	{
		struct buf a = compress_buf(C_GZIP, texts[0].p, 1000);
		struct buf bb = compress_buf(C_GZIP, texts[0].p + 1000, 2000);
		struct buf want = { texts[0].p, 3000 };

		if (!a.p || !bb.p) {
			SKIP("no gzip encoder in this build");
		} else {
			uint8_t *cat = malloc(a.len + bb.len);

			memcpy(cat, a.p, a.len);
			memcpy(cat + a.len, bb.p, bb.len);
			write_file(tpath("cat.gz"), cat, a.len + bb.len);
			expect_load(tpath("cat.gz"), 1u << 20, &want, MK_COMP_GZIP, a.len + bb.len);
			free(cat);
			END();
		}
		free(a.p);
		free(bb.p);
	}

	BEGIN("sys/zstd-concatenated");
	{
		struct buf a = compress_buf(C_ZSTD_CHECK, texts[0].p, 1000);
		struct buf bb = compress_buf(C_ZSTD, texts[0].p + 1000, 2000);
		struct buf want = { texts[0].p, 3000 };

		if (!a.p || !bb.p) {
			SKIP("no zstd encoder in this build");
		} else {
			uint8_t *cat = malloc(a.len + bb.len);

			memcpy(cat, a.p, a.len);
			memcpy(cat + a.len, bb.p, bb.len);
			write_file(tpath("cat.zst"), cat, a.len + bb.len);
			expect_load(tpath("cat.zst"), 1u << 20, &want, MK_COMP_ZSTD, a.len + bb.len);
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

/* ------------------------------------------------------------------ */
/* Bombs                                                                */

static long status_kb(const char *field)
{
	char line[256];
	long v = -1;
	FILE *fp = fopen("/proc/self/status", "r");
	size_t n = strlen(field);

	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp))
		if (strncmp(line, field, n) == 0)
			v = strtol(line + n, NULL, 10);
	fclose(fp);
	return v;
}

/* Reset the peak RSS to the current one (Linux >= 4.0); 0 on success. */
static int reset_peak(void)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, "5", 1) == 1;
	close(fd);
	return ok ? 0 : -1;
}

static void test_bombs(void)
{
	static const struct {
		enum codec c;
		uint64_t size;
	} bombs[] = {
		{ C_GZIP, 64ull << 20 },
		{ C_XZ, 64ull << 20 },
		{ C_ZSTD, 64ull << 20 },
	};
	size_t i;

	for (i = 0; i < sizeof(bombs) / sizeof(bombs[0]); i++) {
		const char *path = tpath("bomb");
		struct mk_file f;
		struct mk_diag d = { 0, "" };
		struct stat st;
		long before, peak;

		BEGIN("sys/bomb-%s-64m-limit-1m", codec_name[bombs[i].c]);
		if (write_zero_bomb(bombs[i].c, path, bombs[i].size)) {
			SKIP("no encoder in this build");
			continue;
		}
		CHECK(stat(path, &st) == 0 && st.st_size < (1 << 20));
		before = reset_peak() == 0 ? status_kb("VmRSS:") : -1;
		CHECK_EQ(mk_file_load(path, 1u << 20, &f, &d), -1);
		CHECK_ERR(d.code, MK_ERR_HALF_RAM);
		CHECK_CONTAINS(d.msg, "more than 1048576 bytes");
		CHECK_CONTAINS(d.msg, "stopped");
		/* The decoder stopped at the limit: the peak grew by about
		 * 1 MiB, nowhere near the 64 MiB the stream holds. */
		if (before >= 0) {
			peak = status_kb("VmHWM:");
			if (!CHECK(peak - before < 16 * 1024))
				h_fail(__FILE__, __LINE__, "peak RSS grew by %ld KiB", peak - before);
		}
		END();
	}
}

/* ------------------------------------------------------------------ */
/* File errors                                                          */

static void test_file_errors(void)
{
	struct mk_file f;
	struct mk_diag d;
	struct buf t = payload_text(10000);

	BEGIN("sys/missing-file-enoent");
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_file_load(tpath("nonexistent"), 1u << 20, &f, &d), -1);
	CHECK_EQ(d.code, ENOENT);
	CHECK_CONTAINS(d.msg, "nonexistent");
	CHECK_CONTAINS(d.msg, strerror(ENOENT));
	END();

	BEGIN("sys/directory-eisdir");
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_file_load(tmpdir, 1u << 20, &f, &d), -1);
	CHECK_EQ(d.code, EISDIR);
	CHECK_CONTAINS(d.msg, "directory");
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_file_map(tmpdir, 1u << 20, &f, &d), -1);
	CHECK_EQ(d.code, EISDIR);
	END();

	BEGIN("sys/char-device-refused");
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_file_load("/dev/null", 1u << 20, &f, &d), -1);
	CHECK_EQ(d.code, EINVAL);
	CHECK_CONTAINS(d.msg, "/dev/null");
	END();

	BEGIN("sys/empty-file-refused");
	write_file(tpath("empty"), "", 0);
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_file_load(tpath("empty"), 1u << 20, &f, &d), -1);
	CHECK_ERR(d.code, MK_ERR_PARAM);
	CHECK_CONTAINS(d.msg, "empty");
	END();

	/* A ramdisk is one segment: refused from its size, unread. */
	BEGIN("sys/plain-file-over-limit");
	write_file(tpath("plain"), t.p, t.len);
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_file_map(tpath("plain"), t.len - 1, &f, &d), -1);
	CHECK_ERR(d.code, MK_ERR_HALF_RAM);
	CHECK_CONTAINS(d.msg, "10000 bytes");
	CHECK_CONTAINS(d.msg, "9999");
	END();

	BEGIN("sys/plain-file-mapped");
	expect_load(tpath("plain"), t.len, &t, MK_COMP_NONE, t.len);
	memset(&d, 0, sizeof(d));
	if (CHECK_EQ(mk_file_map(tpath("plain"), t.len, &f, &d), 0)) {
		CHECK(f.data == f.map);
		CHECK_EQ(f.len, t.len);
		CHECK_EQ(f.blockdev, 0);
		mk_file_close(&f);
	}
	END();

	BEGIN("sys/unreadable-file-eacces");
	if (geteuid() == 0) {
		SKIP("root reads every file");
	} else {
		write_file(tpath("secret"), "x", 1);
		chmod(tpath("secret"), 0);
		memset(&d, 0, sizeof(d));
		CHECK_EQ(mk_file_load(tpath("secret"), 100, &f, &d), -1);
		CHECK_EQ(d.code, EACCES);
		END();
	}
	free(t.p);
}

/* ------------------------------------------------------------------ */
/* mk_read_small                                                        */

static void test_read_small(void)
{
	static uint8_t buf[1 << 20], want[1 << 20];
	struct mk_diag d;
	size_t len;
	int fds[2];
	pid_t pid;
	size_t i;

	/* A pipe holding more than its buffer: a writer feeds it. */
	BEGIN("sys/read-small-pipe-to-eof");
	for (i = 0; i < 300000; i++)
		want[i] = (uint8_t)(i * 7 + (i >> 10));
	if (CHECK(pipe(fds) == 0)) {
		pid = fork();
		if (pid == 0) {
			size_t off = 0;

			close(fds[0]);
			while (off < 300000) {
				ssize_t w = write(fds[1], want + off, 300000 - off > 4096 ? 4096 : 300000 - off);

				if (w <= 0)
					_exit(1);
				off += (size_t)w;
			}
			_exit(0);
		}
		close(fds[1]);
		{
			char path[64];

			snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
			memset(&d, 0, sizeof(d));
			if (CHECK_EQ(mk_read_small(path, buf, sizeof(buf), &len, &d), 0)) {
				CHECK_EQ(len, 300000);
				CHECK_MEM(buf, want, 300000);
			}
		}
		close(fds[0]);
		waitpid(pid, NULL, 0);
	}
	END();

	/* procfs files report size 0: read them to EOF. */
	BEGIN("sys/read-small-procfs");
	{
		FILE *fp = fopen("/proc/self/mounts", "r");
		size_t n = fp ? fread(want, 1, sizeof(want), fp) : 0;

		if (fp)
			fclose(fp);
		memset(&d, 0, sizeof(d));
		if (CHECK(n > 0) && CHECK_EQ(mk_read_small("/proc/self/mounts", buf, sizeof(buf), &len, &d), 0)) {
			CHECK_EQ(len, n);
			CHECK_MEM(buf, want, n);
		}
	}
	END();

	BEGIN("sys/read-small-exact-cap");
	write_file(tpath("small"), "0123456789", 10);
	memset(buf, 0xee, 16);
	CHECK_EQ(mk_read_small(tpath("small"), buf, 10, &len, &d), 0);
	CHECK_EQ(len, 10);
	CHECK_MEM(buf, "0123456789", 10);
	CHECK_EQ(buf[10], 0xee);
	END();

	BEGIN("sys/read-small-over-cap-efbig");
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_read_small(tpath("small"), buf, 9, &len, &d), -1);
	CHECK_EQ(d.code, EFBIG);
	CHECK_CONTAINS(d.msg, "9 bytes");
	END();

	BEGIN("sys/read-small-empty-file");
	CHECK_EQ(mk_read_small(tpath("empty"), buf, 10, &len, &d), 0);
	CHECK_EQ(len, 0);
	END();

	BEGIN("sys/read-small-missing-enoent");
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_read_small(tpath("nonexistent"), buf, 10, &len, &d), -1);
	CHECK_EQ(d.code, ENOENT);
	END();

	BEGIN("sys/read-small-directory-eisdir");
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_read_small(tmpdir, buf, 10, &len, &d), -1);
	CHECK_EQ(d.code, EISDIR);
	CHECK_CONTAINS(d.msg, "directory");
	END();
}

/* ------------------------------------------------------------------ */
/* procfs, sysfs, syscalls                                              */

static void test_host(void)
{
	struct mk_diag d;

	BEGIN("sys/meminfo");
	{
		uint64_t total = 0, avail = 0;

		CHECK_EQ(mk_meminfo(&total, &avail), 0);
		CHECK(total > (16u << 20));
		CHECK(avail <= total);
	}
	END();

	BEGIN("sys/kexec-loaded-matches-sysfs");
	{
		int fd = open("/sys/kernel/kexec_loaded", O_RDONLY);
		int want = -1;
		char c;

		if (fd >= 0) {
			if (read(fd, &c, 1) == 1)
				want = c == '1' ? 1 : c == '0' ? 0 : -1;
			close(fd);
		}
		CHECK_EQ(mk_kexec_loaded(0), want);
	}
	END();

	BEGIN("sys/random-seed");
	{
		uint8_t a[32], b2[32];
		static const uint8_t zero[32];

		memset(a, 0, sizeof(a));
		memset(b2, 0, sizeof(b2));
		int weak = -1;

		CHECK_EQ(mk_random_seed(a, sizeof(a), &weak, &d), 0);
		CHECK_EQ(weak, 0);	/* the host's pool is ready */
		CHECK_EQ(mk_random_seed(b2, sizeof(b2), &weak, &d), 0);
		CHECK(memcmp(a, b2, sizeof(a)) != 0);
		CHECK(memcmp(a, zero, sizeof(a)) != 0);
	}
	END();

	BEGIN("sys/errno-hints");
	CHECK_CONTAINS(mk_kexec_errno_hint(EPERM), "CAP_SYS_BOOT");
	CHECK_CONTAINS(mk_kexec_errno_hint(ENOSYS), "CONFIG_KEXEC");
	CHECK_CONTAINS(mk_kexec_errno_hint(EINVAL), "half of RAM");
	CHECK_CONTAINS(mk_kexec_errno_hint(ENOMEM), "memory");
	CHECK_STR(mk_kexec_errno_hint(ENOENT), strerror(ENOENT));
	END();

#if !defined(__m68k__) && !defined(__mc68000__)
	/* On this host the syscall layer must never reach kexec_load. */
	BEGIN("sys/not-m68k-refuses-load");
	{
		struct mk_segment seg = { "x", 1, 0x1000, 0x1000, MK_SEG_KERNEL };

		CHECK_EQ(mk_host_is_m68k(), 0);
		memset(&d, 0, sizeof(d));
		CHECK_EQ(mk_sys_kexec_load(0x1000, &seg, 1, MK_KEXEC_ARCH_68K, &d), -1);
		CHECK_EQ(d.code, ENOEXEC);
		CHECK_CONTAINS(d.msg, "not m68k");
		memset(&d, 0, sizeof(d));
		CHECK_EQ(mk_sys_kexec_load(0, NULL, 0, MK_KEXEC_ARCH_68K, &d), -1);
		CHECK_EQ(d.code, ENOEXEC);
	}
	END();
#endif
}

static void cleanup(void)
{
	char cmd[128];

	if (!tmpdir[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
}

/*
 * A kernel file with symbols and debug sections after its PT_LOADs: only
 * the ELF extent is kept; the tail is never faulted in (plain) or decoded,
 * checked and dropped (compressed).
 */
static void test_kernel_tail(void)
{
	struct kimg k = kimg_default();
	struct buf tail = payload_random(300000);
	struct buf whole = { malloc(k.len + tail.len), k.len + tail.len };
	struct buf kern = { k.buf, k.len };
	const char *path = tpath("unstripped");
	struct mk_file f;
	struct mk_diag d = { 0, "" };
	uint64_t end = 0;
	unsigned c;

	memcpy(whole.p, k.buf, k.len);
	memcpy(whole.p + k.len, tail.p, tail.len);

	BEGIN("sys/elf-extent");
	CHECK_EQ(mk_elf_extent(whole.p, whole.len, &end), 1);
	CHECK_EQ(end, k.len);
	CHECK_EQ(mk_elf_extent(whole.p, 0, &end), 0);
	CHECK_EQ(end, 52);
	CHECK_EQ(mk_elf_extent(whole.p, 51, &end), 0);
	CHECK_EQ(end, 52);
	CHECK_EQ(mk_elf_extent((const uint8_t *)"\x7f" "ELX", 4, &end), -1);
	CHECK_EQ(mk_elf_extent(tail.p, tail.len, &end), -1);
	END();

	BEGIN("sys/decode-need-plain-and-damaged");
	{
		struct buf z = compress_buf(C_XZ, whole.p, whole.len);

		write_file(path, whole.p, whole.len);
		if (CHECK_EQ(mk_file_open(path, &f, &d), 0)) {
			CHECK_EQ(mk_file_decode_need(&f, 64u << 20), 0);
			mk_file_close(&f);
		}
		if (z.p) {
			/* No stream footer: xz's index cannot be found. */
			z.p[z.len - 1] ^= 0xff;
			write_file(path, z.p, z.len);
			if (CHECK_EQ(mk_file_open(path, &f, &d), 0)) {
				CHECK_EQ(mk_file_decode_need(&f, 64u << 20), 0);
				mk_file_close(&f);
			}
			free(z.p);
		}
	}
	END();

	BEGIN("sys/kernel-tail-plain");
	write_file(path, whole.p, whole.len);
	memset(&d, 0, sizeof(d));
	/* The file is larger than the limit; what a load reads is not. */
	if (CHECK_EQ(mk_file_load(path, k.len, &f, &d), 0)) {
		CHECK_EQ(f.len, k.len);
		CHECK_EQ(f.tail, tail.len);
		CHECK_EQ(f.file_len, whole.len);
		CHECK(f.data == f.map);
		CHECK_EQ(mk_file_anon_bytes(&f), 0);
		mk_file_close(&f);
	}
	END();

	for (c = 0; c < C_COUNT; c++) {
		struct buf z = compress_buf((enum codec)c, whole.p, whole.len);

		BEGIN("sys/kernel-tail-%s", codec_name[c]);
		if (!z.p) {
			SKIP("no encoder in this build");
			continue;
		}
		write_file(path, z.p, z.len);
		memset(&d, 0, sizeof(d));
		if (CHECK_EQ(mk_file_load(path, whole.len, &f, &d), 0)) {
			CHECK_EQ(f.len, kern.len);
			CHECK_EQ(f.tail, tail.len);
			CHECK_MEM(f.data, kern.p, kern.len);
			CHECK_EQ(mk_file_anon_bytes(&f), kern.len);
			mk_file_close(&f);
		} else {
			h_fail(__FILE__, __LINE__, "diag %d: %s", d.code, d.msg);
		}
		END();

		/* What decoding will take, from the stream's own records. */
		BEGIN("sys/decode-need-%s", codec_name[c]);
		memset(&d, 0, sizeof(d));
		if (CHECK_EQ(mk_file_open(path, &f, &d), 0)) {
			uint64_t want = c == C_GZIP || c == C_ZSTD || c == C_ZSTD_CHECK ? whole.len :
					c == C_XZ ? 2 * whole.len : 0;	/* xz -1: 1 MiB dictionary */

			CHECK_EQ(f.comp, codec_comp[c]);
			CHECK_EQ(mk_file_decode_need(&f, 64u << 20), want);
			CHECK_EQ(mk_file_decode_need(&f, 1000), want ? (c == C_XZ ? 2000 : 1000) : 0);
			CHECK(f.anon == NULL);		/* nothing decoded yet */
			if (CHECK_EQ(mk_file_decode(&f, whole.len, &d), 0))
				CHECK_EQ(f.len, kern.len);
			mk_file_close(&f);
		}
		END();

		/* Streaming decoders keep only the extent: a limit below the
		 * whole file is enough.  zstd decodes in one call, tail too. */
		BEGIN("sys/kernel-tail-limit-%s", codec_name[c]);
		if (c == C_ZSTD || c == C_ZSTD_CHECK) {
			expect_fail(path, whole.len - 1, MK_ERR_HALF_RAM, "more than");
		} else {
			CHECK(k.len < tail.len);
			memset(&d, 0, sizeof(d));
			if (CHECK_EQ(mk_file_load(path, tail.len, &f, &d), 0)) {
				CHECK_EQ(f.len, kern.len);
				CHECK_EQ(f.tail, tail.len);
				mk_file_close(&f);
			}
			/* The tail is bounded too: no endless decoding. */
			expect_fail(path, tail.len - 1, MK_ERR_HALF_RAM, "strip the kernel");
			/* And the part a load reads must fit. */
			expect_fail(path, k.len - 1, MK_ERR_HALF_RAM, "loadable part");
		}
		END();

		/* A damaged byte in the tail: the stream's check still sees it.
		 * Random bytes are stored as they are, so the flip changes
		 * output without breaking the stream's structure. */
		BEGIN("sys/kernel-tail-damaged-%s", codec_name[c]);
		if (c == C_ZSTD || c == C_LZMA) {
			SKIP("this stream has no checksum over its content");
		} else {
			z.p[z.len - 2000] ^= 0x20;
			write_file(path, z.p, z.len);
			expect_fail(path, whole.len, MK_ERR_ELF_TRUNCATED, "corrupt");
		}
		END();
		free(z.p);
	}

	/*
	 * The streaming decoders' first window is 4 KiB: an extent smaller
	 * than that (one 256-byte PT_LOAD) must still be kept exactly, the
	 * bytes past it counted as tail.  And an extent of exactly the limit,
	 * with a tail, still loads: only the tail goes to the scratch window.
	 */
	for (c = 0; c < C_COUNT; c++) {
		struct buf small = { malloc(whole.len), whole.len };
		struct buf edge = { whole.p, k.len + k.len / 2 };
		struct buf zs, ze;

		memcpy(small.p, whole.p, whole.len);
		k_put_ph(small.p + MK_ELF32_EHDR_SIZE + (size_t)k.ph0 * MK_ELF32_PHDR_SIZE, MK_ELF_PT_LOAD, 0, 0, 0x100, 0x100);
		zs = compress_buf((enum codec)c, small.p, small.len);
		ze = compress_buf((enum codec)c, edge.p, edge.len);
		BEGIN("sys/kernel-extent-in-first-window-%s", codec_name[c]);
		if (!zs.p || !ze.p) {
			SKIP("no encoder in this build");
		} else {
			write_file(path, zs.p, zs.len);
			memset(&d, 0, sizeof(d));
			if (CHECK_EQ(mk_file_load(path, whole.len, &f, &d), 0)) {
				CHECK_EQ(f.len, 0x100);
				CHECK_EQ(f.tail, small.len - 0x100);
				CHECK_MEM(f.data, small.p, 0x100);
				mk_file_close(&f);
			}
			if (c != C_ZSTD && c != C_ZSTD_CHECK) {	/* zstd needs it all in the limit */
				write_file(path, ze.p, ze.len);
				memset(&d, 0, sizeof(d));
				if (CHECK_EQ(mk_file_load(path, k.len, &f, &d), 0)) {
					CHECK_EQ(f.len, k.len);
					CHECK_EQ(f.tail, k.len / 2);
					mk_file_close(&f);
				} else {
					h_fail(__FILE__, __LINE__, "diag %d: %s", d.code, d.msg);
				}
			}
		}
		END();
		free(zs.p);
		free(ze.p);
		free(small.p);
	}
	free(whole.p);
	free(tail.p);
	free(k.buf);
}

int main(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/mk-unit-sys-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_detect();
	test_codecs();
	test_bombs();
	test_kernel_tail();
	test_file_errors();
	test_read_small();
	test_host();
	cleanup();
	return DONE();
}
