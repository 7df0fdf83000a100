/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The memory bounds of a decompression: bombs stop at the limit with
 * the half-of-RAM rule and the peak RSS stays near it; of an unstripped
 * kernel only the ELF extent is kept, the tail decoded (its checksum
 * checked) and dropped, and bounded too; what decoding will take, read
 * from the stream's own records before it starts.
 */
#include "sys_util.h"

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
			expect_fail(path, tail.len - 1, MK_ERR_FILE_TOO_BIG, "strip the kernel");
			/* And the part a load reads must fit. */
			expect_fail(path, k.len - 1, MK_ERR_HALF_RAM, "loadable part");
		}
		END();

		/* A damaged byte in the tail: the stream's check still sees it.
		 * Random bytes are stored as they are, so the flip changes
		 * output without breaking the stream's structure. */
		BEGIN("sys/kernel-tail-damaged-%s", codec_name[c]);
		z.p[z.len - 2000] ^= 0x20;
		write_file(path, z.p, z.len);
		if (c == C_ZSTD) {
			/* A zstd frame without its optional checksum: the
			 * flip changes a stored byte of the tail, unseen;
			 * what a load reads is still exact, the tail still
			 * counted, never kept. */
			memset(&d, 0, sizeof(d));
			if (CHECK_EQ(mk_file_load(path, whole.len, &f, &d), 0)) {
				CHECK_EQ(f.len, kern.len);
				CHECK_EQ(f.tail, tail.len);
				CHECK_MEM(f.data, kern.p, kern.len);
				mk_file_close(&f);
			}
		} else {
			/* The stream's check sees it: xz's CRC64, gzip's
			 * CRC32, zstd's optional checksum; .lzma has none,
			 * but its range coder goes astray and misses the
			 * end of its data. */
			expect_fail(path, whole.len, MK_ERR_DECODE, "corrupt");
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
	if (setup("sys-limits"))
		return 1;
	test_bombs();
	test_kernel_tail();
	cleanup();
	return DONE();
}
