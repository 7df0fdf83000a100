/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sys_util.h - what the system layer's tests (test_sys_*.c) share: a
 * temporary directory, files written into it, payloads, encoders that
 * make gzip, xz, lzma and zstd files with the libraries, and the two
 * checks of a load (it gives these bytes; it fails with this code).
 */
#ifndef MK_TEST_SYS_UTIL_H
#define MK_TEST_SYS_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
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

#define SYS_UTIL __attribute__((unused)) static

static char tmpdir[64];

SYS_UTIL const char *tpath(const char *name)
{
	static char buf[8][160];
	static unsigned n;
	char *p = buf[n++ % 8];

	snprintf(p, sizeof(buf[0]), "%s/%s", tmpdir, name);
	return p;
}

SYS_UTIL int write_file(const char *path, const void *p, size_t n)
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
SYS_UTIL struct buf payload_text(size_t n)
{
	struct buf b = { malloc(n), n };
	size_t i;

	for (i = 0; i < n; i++)
		b.p[i] = (uint8_t)("m68k kexec bootinfo "[i % 20] + (i / 4096) % 3);
	return b;
}

/* Bytes that do not compress (xorshift). */
SYS_UTIL struct buf payload_random(size_t n)
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

__attribute__((unused)) static const char *const codec_name[C_COUNT] = { "gzip", "xz", "lzma", "zstd", "zstd-checksum" };
__attribute__((unused)) static const enum mk_compression codec_comp[C_COUNT] = {
	MK_COMP_GZIP, MK_COMP_XZ, MK_COMP_LZMA, MK_COMP_ZSTD, MK_COMP_ZSTD,
};

/* Compress in[0..n) into a fresh buffer; 0 when this build cannot. */
SYS_UTIL struct buf compress_buf(enum codec c, const uint8_t *in, size_t n)
{
	struct buf out = { NULL, 0 };
	size_t cap = n + n / 2 + 65536;

	(void)in;		/* a build without encoders */
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
SYS_UTIL int write_zero_bomb(enum codec c, const char *path, uint64_t n)
{
	__attribute__((unused)) static uint8_t zeros[1 << 20], obuf[1 << 20];
	FILE *fp = fopen(path, "wb");
	int ok = 0;

	(void)n;		/* a build without encoders */

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

/* Load a file and compare with what it must decompress to. */
SYS_UTIL void expect_load(const char *path, uint64_t limit, const struct buf *want,
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

SYS_UTIL void expect_fail(const char *path, uint64_t limit, int code, const char *msg)
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

SYS_UTIL void cleanup(void)
{
	char cmd[128];

	if (!tmpdir[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
}

/* The temporary directory, made under $TMPDIR; 0 when it is there. */
SYS_UTIL int setup(const char *name)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/mk-unit-%s-XXXXXX", base && *base ? base : "/tmp", name);
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return -1;
	}
	return 0;
}

#endif
