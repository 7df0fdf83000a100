/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The codec table (sys/decode.c): which format the first bytes announce,
 * the formats' names, which ones this build decodes, the list the
 * messages give, and a known format kexec cannot decode (bzip2) refused
 * with MK_ERR_NO_DECODER and its own words, never "not an ELF".
 */
#include "sys_util.h"

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
		{ "bzip2", "BZh91AY&SY", 10, MK_COMP_BZIP2 },
		{ "bzip2-4-bytes", "BZh1", 4, MK_COMP_BZIP2 },
		{ "bzip2-3-bytes", "BZh", 3, MK_COMP_NONE },
		{ "bzip2-block-0", "BZh01AY&SY", 10, MK_COMP_NONE },
		{ "bzip2-no-h", "BZ091AY&SY", 10, MK_COMP_NONE },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *p = dup_prefix((const uint8_t *)cases[i].bytes, cases[i].len);

		BEGIN("sys/detect-%s", cases[i].name);
		CHECK_EQ(mk_detect_compression(p, cases[i].len), cases[i].want);
		END();
		free(p);
	}
}

static void test_names(void)
{
	char buf[64];

	BEGIN("sys/compression-names");
	CHECK_STR(mk_compression_name(MK_COMP_NONE), "none");
	CHECK_STR(mk_compression_name(MK_COMP_GZIP), "gzip");
	CHECK_STR(mk_compression_name(MK_COMP_XZ), "xz");
	CHECK_STR(mk_compression_name(MK_COMP_LZMA), "lzma");
	CHECK_STR(mk_compression_name(MK_COMP_ZSTD), "zstd");
	CHECK_STR(mk_compression_name(MK_COMP_BZIP2), "bzip2");
	CHECK_STR(mk_compression_name((enum mk_compression)99), "none");
	END();

	/* Each decoder is there exactly when its library was linked in;
	 * bzip2 never is. */
	BEGIN("sys/can-decompress");
	CHECK_EQ(mk_can_decompress(MK_COMP_NONE), 1);
#ifdef HAVE_ZLIB
	CHECK_EQ(mk_can_decompress(MK_COMP_GZIP), 1);
#else
	CHECK_EQ(mk_can_decompress(MK_COMP_GZIP), 0);
#endif
#ifdef HAVE_LZMA
	CHECK_EQ(mk_can_decompress(MK_COMP_XZ), 1);
	CHECK_EQ(mk_can_decompress(MK_COMP_LZMA), 1);
#else
	CHECK_EQ(mk_can_decompress(MK_COMP_XZ), 0);
	CHECK_EQ(mk_can_decompress(MK_COMP_LZMA), 0);
#endif
#ifdef HAVE_ZSTD
	CHECK_EQ(mk_can_decompress(MK_COMP_ZSTD), 1);
#else
	CHECK_EQ(mk_can_decompress(MK_COMP_ZSTD), 0);
#endif
	CHECK_EQ(mk_can_decompress(MK_COMP_BZIP2), 0);
	CHECK_EQ(mk_can_decompress((enum mk_compression)99), 0);
	END();

#if defined(HAVE_ZLIB) && defined(HAVE_LZMA) && defined(HAVE_ZSTD)
	BEGIN("sys/compression-names-list");
	CHECK_STR(mk_compression_names(buf, sizeof(buf), ", ", " or "), "gzip, xz, lzma or zstd");
	CHECK_STR(mk_compression_names(buf, sizeof(buf), "/", "/"), "gzip/xz/lzma/zstd");
	/* Too small a buffer: cut short, still a string. */
	CHECK_STR(mk_compression_names(buf, 9, ", ", " or "), "gzip, xz");
	CHECK_STR(mk_compression_names(buf, 1, ", ", " or "), "");
	END();
#endif
	(void)buf;
}

/* A file in a format kexec knows but does not decode. */
static void test_refused(void)
{
	struct mk_file f;
	struct mk_diag d;
	char want[512], names[64];

	BEGIN("sys/bzip2-no-decoder");
	write_file(tpath("vmlinux.bz2"), "BZh91AY&SY\x01\x02\x03\x04", 14);
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_file_open(tpath("vmlinux.bz2"), &f, &d), -1);
	CHECK_ERR(d.code, MK_ERR_NO_DECODER);
	if (mk_compression_names(names, sizeof(names), ", ", " or ")[0])
		snprintf(want, sizeof(want),
			 "%s: bzip2-compressed, which kexec does not read: give an ELF vmlinux, plain or compressed with %s",
			 tpath("vmlinux.bz2"), names);
	else		/* a build without any decoder */
		snprintf(want, sizeof(want),
			 "%s: bzip2-compressed, which kexec does not read: give a plain ELF vmlinux",
			 tpath("vmlinux.bz2"));
	CHECK_STR(d.msg, want);
	CHECK(f.map == NULL && f.anon == NULL);
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_file_load(tpath("vmlinux.bz2"), 1u << 20, &f, &d), -1);
	CHECK_ERR(d.code, MK_ERR_NO_DECODER);
	END();

	/* Exit 1, as any input kexec cannot read. */
	BEGIN("sys/no-decoder-class");
	CHECK_EQ(mk_error_class(MK_ERR_NO_DECODER), MK_CLASS_INPUT);
	END();
}

int main(void)
{
	if (setup("sys-codec"))
		return 1;
	test_detect();
	test_names();
	test_refused();
	cleanup();
	return DONE();
}
