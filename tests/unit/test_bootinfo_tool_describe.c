// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bootinfo tool's words for values: mk_bi_describe_full() on every
 * layout, model names both ways, bitmask names, numbers, and
 * mk_bi_encode() for every --set syntax (encode, then describe: the
 * round trip the tool relies on).
 */
#include "harness.h"

static const char *full(uint32_t mach, uint16_t tag, const void *data, uint16_t size)
{
	static char out[512];
	struct mk_bi_record r = { tag, size, data };
	size_t n;

	memset(out, 'X', sizeof(out));
	n = mk_bi_describe_full(mach, &r, out, sizeof(out));
	if (n != strlen(out))
		return "(length mismatch)";
	return out;
}

static void test_describe_full(void)
{
	static uint8_t configdev[68], brdinfo[32], seed[36] = { 0, 32 };

	BEGIN("describe-full/generic-records-as-before");
	CHECK_STR(full(MACH_MAC, BI_MACHTYPE, "\0\0\0\x03", 4), "mac (3)");
	CHECK_STR(full(0, BI_MEMCHUNK, "\0\0\0\0\x08\0\0\0", 8), "0x00000000 + 0x08000000 (128 MiB)");
	CHECK_STR(full(0, BI_RNG_SEED, seed, 36), "32 bytes");
	CHECK_STR(full(0, BI_COMMAND_LINE, "a\0\0\0", 4), "\"a\"");
	END();

	BEGIN("describe-full/models");
	CHECK_STR(full(MACH_MAC, 0x8000, "\0\0\0\x23", 4), "Quadra 800 (35)");
	CHECK_STR(full(MACH_MAC, 0x8000, "\0\0\0\x01", 4), "unknown (1)");
	CHECK_STR(full(MACH_AMIGA, 0x8000, "\0\0\0\x0b", 4), "A4000 (11)");
	CHECK_STR(full(MACH_AMIGA, 0x8006, "\0\0\0\x03", 4), "AGA (3)");
	CHECK_STR(full(MACH_ATARI, 0x8000, "\0\x03\0\0", 4), "Falcon (0x00030000)");
	CHECK_STR(full(MACH_ATARI, 0x8000, "\0\x01\0\x10", 4), "STE (0x00010010)");
	CHECK_STR(full(MACH_ATARI, 0x8001, "\0\0\0\x01", 4), "Medusa 040 (1)");
	CHECK_STR(full(MACH_APOLLO, 0x8000, "\0\0\0\x05", 4), "DN4500 (5)");
	CHECK_STR(full(MACH_HP300, 0x8000, "\0\0\0\x0b", 4), "HP 9000/425t (11)");
	CHECK_STR(full(MACH_MVME16x, 0x8000, "\0\0\x01\x67", 4), "Motorola MVME167 (0x0167)");
	CHECK_STR(full(MACH_BVME6000, 0x8000, "\0\0\x60\0", 4), "BVM BVME6000 (0x6000)");
	CHECK_STR(full(MACH_MVME147, 0x8000, "\0\0\x99\x99", 4), "unknown (0x9999)");
	END();

	BEGIN("describe-full/numbers-with-units");
	CHECK_STR(full(MACH_AMIGA, 0x8002, "\0\x20\0\0", 4), "0x00200000 (2 MiB)");
	CHECK_STR(full(MACH_AMIGA, 0x8003, "\x32\0\0\0", 4), "50 Hz");
	CHECK_STR(full(MACH_AMIGA, 0x8005, "\0\x0a\xd3\x03", 4), "709379 Hz");
	CHECK_STR(full(MACH_AMIGA, 0x8007, "\x01\x70\0\0", 4), "368");
	CHECK_STR(full(MACH_MAC, 0x8002, "\0\0\0\x08", 4), "8 bits per pixel");
	CHECK_STR(full(MACH_MAC, 0x8004, "\x01\xe0\x02\x80", 4), "640x480");
	CHECK_STR(full(MACH_MAC, 0x8008, "\xff\xff\xf1\xf0", 4), "-3600");
	CHECK_STR(full(MACH_MAC, 0x8009, "\0\0\0\x80", 4), "128 MiB");
	CHECK_STR(full(MACH_MAC, 0x8006, "\x50\xf0\xc0\x20", 4), "0x50f0c020");
	CHECK_STR(full(MACH_HP300, 0x8001, "\0\0\0\x09", 4), "9");
	END();

	BEGIN("describe-full/virt");
	CHECK_STR(full(MACH_VIRT, 0x8000, "\x07\x02\0\0", 4), "QEMU 7.2.0");
	CHECK_STR(full(MACH_VIRT, 0x8003, "\xff\0\x80\0\0\0\0\x27", 8), "0xff008000, irq 39");
	END();

	BEGIN("describe-full/structs");
	mk_put_be16(configdev + 20, 0x0202);	/* manufacturer */
	configdev[17] = 0x0b;			/* product */
	mk_put_be32(configdev + 22, 0x12345678);
	mk_put_be32(configdev + 32, 0x00e90000);
	mk_put_be32(configdev + 36, 0x00010000);
	CHECK_STR(full(MACH_AMIGA, 0x8001, configdev, 68),
		  "manufacturer 514 product 11 serial 0x12345678 at 0x00e90000 + 0x00010000 (64 KiB)");
	memcpy(brdinfo, "!ID!", 4);
	brdinfo[4] = 3;
	brdinfo[5] = 0x05;
	brdinfo[6] = 0x12;
	brdinfo[7] = 0x93;
	mk_put_be16(brdinfo + 12, 0x0167);
	memcpy(brdinfo + 14, "01", 2);
	mk_put_be32(brdinfo + 16, 0x80000001);
	CHECK_STR(full(MACH_MVME16x, 0x8001, brdinfo, 32),
		  "id \"!ID!\", board 0167, suffix \"01\", revision 3, date 93-05-12, options 0x80000001");
	END();

	BEGIN("describe-full/short-or-unknown-falls-back");
	CHECK_STR(full(MACH_VIRT, 0x8003, "\xff\0\x80\0", 4), "0xff008000");
	CHECK_STR(full(MACH_AMIGA, 0x8001, configdev, 8), "0000000000000000");
	CHECK_STR(full(MACH_Q40, 0x8000, "\0\0\0\x01", 4), "0x00000001");
	CHECK_STR(full(MACH_MAC, 0x800c, "\x01\x02", 2), "0102");
	END();

	BEGIN("describe-full/truncated-output");
	{
		struct mk_bi_record r = { 0x8000, 4, (const uint8_t *)"\0\0\0\x23" };
		char out[8];
		size_t n = mk_bi_describe_full(MACH_MAC, &r, out, sizeof(out));

		CHECK_EQ(n, strlen("Quadra 800 (35)"));
		CHECK_STR(out, "Quadra ");
		CHECK_EQ(mk_bi_describe_full(MACH_MAC, &r, NULL, 0), n);
	}
	END();
}

static void test_layouts(void)
{
	BEGIN("layout/types");
	CHECK_EQ(mk_bi_type(0, BI_MACHTYPE), MK_BI_MACHINE);
	CHECK_EQ(mk_bi_type(MACH_AMIGA, BI_MEMCHUNK), MK_BI_MEMINFO);
	CHECK_EQ(mk_bi_type(MACH_AMIGA, 0x8001), MK_BI_CONFIGDEV);
	CHECK_EQ(mk_bi_type(MACH_MAC, 0x8001), MK_BI_HEX32);
	CHECK_EQ(mk_bi_type(MACH_MVME147, 0x8001), MK_BI_VME_BRDINFO);
	CHECK_EQ(mk_bi_type(MACH_VIRT, 0x8005), MK_BI_MMIO_IRQ);
	CHECK_EQ(mk_bi_type(MACH_VIRT, 0x8006), MK_BI_BYTES);	/* retired */
	CHECK_EQ(mk_bi_type(0, 0x8000), MK_BI_BYTES);
	CHECK_EQ(mk_bi_type(MACH_VIRT, 0x0042), MK_BI_BYTES);
	CHECK_STR(mk_bi_unit(MACH_AMIGA, 0x8003), "Hz");
	CHECK_STR(mk_bi_unit(MACH_VIRT, 0x0042), "");
	CHECK_EQ(mk_bi_type_min(MK_BI_CONFIGDEV), 68);
	CHECK_EQ(mk_bi_type_min(MK_BI_SEED), 2);
	CHECK_EQ(mk_bi_type_min(MK_BI_BYTES), 0);
	END();

	/* Every named machine record has a layout. */
	BEGIN("layout/every-named-record");
	{
		uint32_t m;
		unsigned tag;

		for (m = 1; m <= MACH_VIRT; m++)
			for (tag = 0x8000; tag < 0x8030; tag++)
				if (mk_bi_tag_name(m, (uint16_t)tag))
					CHECK(mk_bi_type(m, (uint16_t)tag) != MK_BI_BYTES);
	}
	END();
}

static void test_names(void)
{
	uint32_t v = 77;

	BEGIN("model-by-name");
	CHECK_ERR(mk_bi_model_by_name(MACH_MAC, 0x8000, "Q800", &v), MK_OK);
	CHECK_EQ(v, 35);
	CHECK_ERR(mk_bi_model_by_name(MACH_MAC, 0x8000, "quadra 800", &v), MK_OK);
	CHECK_EQ(v, 35);
	CHECK_ERR(mk_bi_model_by_name(MACH_AMIGA, 0x8000, "A4000", &v), MK_OK);
	CHECK_EQ(v, 11);
	CHECK_ERR(mk_bi_model_by_name(MACH_AMIGA, 0x8000, "4000t", &v), MK_OK);
	CHECK_EQ(v, 12);
	CHECK_ERR(mk_bi_model_by_name(MACH_ATARI, 0x8000, "falcon", &v), MK_OK);
	CHECK_EQ(v, 0x00030000);
	CHECK_ERR(mk_bi_model_by_name(MACH_BVME6000, 0x8000, "MVME167", &v), MK_OK);
	CHECK_EQ(v, 0x0167);
	CHECK_ERR(mk_bi_model_by_name(MACH_HP300, 0x8000, "433S", &v), MK_OK);
	CHECK_EQ(v, 15);
	v = 77;
	CHECK_ERR(mk_bi_model_by_name(MACH_MAC, 0x8000, "Q801", &v), MK_ERR_PARAM);
	CHECK_ERR(mk_bi_model_by_name(MACH_VIRT, 0x8000, "Q800", &v), MK_ERR_PARAM);
	CHECK_ERR(mk_bi_model_by_name(MACH_MAC, 0x8001, "Q800", &v), MK_ERR_PARAM);
	CHECK_EQ(v, 77);
	END();

	BEGIN("model-name");
	CHECK_STR(mk_bi_model_name(MACH_MAC, 0x8000, 115), "PowerBook 150");
	CHECK_STR(mk_bi_model_name(MACH_AMIGA, 0x8000, 15), "DraCo");
	CHECK_STR(mk_bi_model_name(MACH_ATARI, 0x8000, 0x00020000), "TT");
	CHECK_STR(mk_bi_model_name(MACH_MAC, 0x8000, 1), NULL);
	CHECK_STR(mk_bi_model_name(MACH_MAC, 0x8001, 35), NULL);
	END();

	BEGIN("mask-by-names");
	CHECK_ERR(mk_bi_mask_by_names(BI_CPUTYPE, "68040", &v), MK_OK);
	CHECK_EQ(v, 4);
	CHECK_ERR(mk_bi_mask_by_names(BI_FPUTYPE, "68881|68882", &v), MK_OK);
	CHECK_EQ(v, 3);
	CHECK_ERR(mk_bi_mask_by_names(BI_MMUTYPE, "68030+apollo", &v), MK_OK);
	CHECK_EQ(v, 0x12);
	CHECK_ERR(mk_bi_mask_by_names(BI_MMUTYPE, "none", &v), MK_OK);
	CHECK_EQ(v, 0);
	CHECK_ERR(mk_bi_mask_by_names(BI_CPUTYPE, "68881", &v), MK_ERR_PARAM);
	CHECK_ERR(mk_bi_mask_by_names(BI_CPUTYPE, "68040|", &v), MK_ERR_PARAM);
	CHECK_ERR(mk_bi_mask_by_names(BI_MEMCHUNK, "68040", &v), MK_ERR_PARAM);
	END();
}

struct enc_case {
	const char *name;
	uint32_t mach;
	uint16_t tag;
	const char *text;
	unsigned len;
	const char *bytes;
	const char *words;	/* mk_bi_describe_full() of the result */
};

static const struct enc_case encs[] = {
	{ "number", MACH_MAC, 0x8001, "0xf9001000", 4, "\xf9\0\x10\0", "0xf9001000" },
	{ "size-suffix", MACH_AMIGA, 0x8002, "2M", 4, "\0\x20\0\0", "0x00200000 (2 MiB)" },
	{ "machine-name", 0, BI_MACHTYPE, "atari", 4, "\0\0\0\x02", "atari (2)" },
	{ "machine-number", 0, BI_MACHTYPE, "14", 4, "\0\0\0\x0e", "virt (14)" },
	{ "cpu-name-not-number", 0, BI_CPUTYPE, "68040", 4, "\0\0\0\x04", "68040" },
	{ "cpu-mask-number", 0, BI_CPUTYPE, "0x8", 4, "\0\0\0\x08", "68060" },
	{ "fpu-names", 0, BI_FPUTYPE, "68881|68882", 4, "\0\0\0\x03", "68881|68882" },
	{ "mmu-none", 0, BI_MMUTYPE, "none", 4, "\0\0\0\0", "none" },
	{ "memchunk", 0, BI_MEMCHUNK, "0x01000000:64M", 8, "\x01\0\0\0\x04\0\0\0",
	  "0x01000000 + 0x04000000 (64 MiB)" },
	{ "ramdisk-bytes", 0, BI_RAMDISK, "0x07f00000:12345", 8, "\x07\xf0\0\0\0\0\x30\x39",
	  "0x07f00000 + 0x00003039 (12345 bytes)" },
	{ "cmdline-plain", 0, BI_COMMAND_LINE, "console=ttyS0 root=/dev/sda1", 29,
	  "console=ttyS0 root=/dev/sda1", "\"console=ttyS0 root=/dev/sda1\"" },
	{ "cmdline-empty", 0, BI_COMMAND_LINE, "", 1, "", "\"\"" },
	{ "seed", 0, BI_RNG_SEED, "00112233", 6, "\0\x04\0\x11\x22\x33", "4 bytes" },
	{ "model-id", MACH_MAC, 0x8000, "Q800", 4, "\0\0\0\x23", "Quadra 800 (35)" },
	{ "model-number", MACH_MAC, 0x8000, "35", 4, "\0\0\0\x23", "Quadra 800 (35)" },
	{ "amiga-model-name", MACH_AMIGA, 0x8000, "A1200", 4, "\0\0\0\x05", "A1200 (5)" },
	{ "atari-cookie", MACH_ATARI, 0x8000, "TT", 4, "\0\x02\0\0", "TT (0x00020000)" },
	{ "atari-cookie-number", MACH_ATARI, 0x8000, "0x00010010", 4, "\0\x01\0\x10", "STE (0x00010010)" },
	{ "vme-type", MACH_MVME16x, 0x8000, "mvme177", 4, "\0\0\x01\x77", "Motorola MVME177 (0x0177)" },
	{ "hp300-model", MACH_HP300, 0x8000, "425S", 4, "\0\0\0\x0c", "HP 9000/425s (12)" },
	{ "apollo-model", MACH_APOLLO, 0x8000, "dn3000", 4, "\0\0\0\x01", "DN3000 (1)" },
	{ "mmio-irq", MACH_VIRT, 0x8003, "0xff008000,39", 8, "\xff\0\x80\0\0\0\0\x27", "0xff008000, irq 39" },
	{ "qemu-version", MACH_VIRT, 0x8000, "8.1.3", 4, "\x08\x01\x03\0", "QEMU 8.1.3" },
	{ "vdim", MACH_MAC, 0x8004, "640x480", 4, "\x01\xe0\x02\x80", "640x480" },
	{ "vdim-number", MACH_MAC, 0x8004, "0x01e00280", 4, "\x01\xe0\x02\x80", "640x480" },
	{ "gmtbias-negative", MACH_MAC, 0x8008, "-3600", 4, "\xff\xff\xf1\xf0", "-3600" },
	{ "memsize", MACH_MAC, 0x8009, "128", 4, "\0\0\0\x80", "128 MiB" },
	{ "u8-record", MACH_AMIGA, 0x8003, "50", 1, "\x32", "50 Hz" },
	{ "u16-record", MACH_AMIGA, 0x8007, "368", 2, "\x01\x70", "368" },
	{ "unknown-tag-numbers", MACH_VIRT, 0x8010, "1,0x2", 8, "\0\0\0\x01\0\0\0\x02", "0000000100000002" },
	{ "prefix-hex", MACH_VIRT, 0x8010, "hex:00 11ff", 3, "\0\x11\xff", "0011ff" },
	{ "prefix-hex-empty", MACH_VIRT, 0x8010, "hex:", 0, "", "(empty)" },
	{ "prefix-str", MACH_VIRT, 0x8010, "str:a=b", 4, "a=b", "0x613d6200" },
	{ "quoted-str", 0, BI_COMMAND_LINE, "\"a b\"", 4, "a b", "\"a b\"" },
	{ "prefix-u8", MACH_VIRT, 0x8010, "u8:255", 1, "\xff", "ff" },
	{ "prefix-u16", MACH_VIRT, 0x8010, "U16:0x1234", 2, "\x12\x34", "1234" },
	{ "prefix-u32-list", MACH_VIRT, 0x8010, "u32:1K,2", 8, "\0\0\x04\0\0\0\0\x02", "0000040000000002" },
	{ "prefix-overrides-type", MACH_MAC, 0x8000, "u32:0x23", 4, "\0\0\0\x23", "Quadra 800 (35)" },
	{ "configdev-hex", MACH_AMIGA, 0x8001, "0011", 2, "\0\x11", "0011" },
};

static void test_encode(void)
{
	size_t i;

	for (i = 0; i < sizeof(encs) / sizeof(encs[0]); i++) {
		const struct enc_case *c = &encs[i];
		uint8_t out[64];
		struct mk_diag d = { 0, "" };
		size_t len = 99;

		BEGIN("encode/%s", c->name);
		if (CHECK_ERR(mk_bi_encode(c->mach, c->tag, c->text, out, sizeof(out), &len, &d), MK_OK) &&
		    CHECK_EQ(len, c->len) && CHECK_MEM(out, c->bytes, len))
			CHECK_STR(full(c->mach, c->tag, out, (uint16_t)len), c->words);
		END();
	}
}

struct bad_case {
	const char *name;
	uint32_t mach;
	uint16_t tag;
	const char *text;
	int err;
	const char *msg;
};

static const struct bad_case bads[] = {
	{ "number", MACH_MAC, 0x8001, "12x", MK_ERR_PARAM,
	  "BI_MAC_VADDR wants a number (decimal or 0x hex, optional K, M or G), not \"12x\"" },
	{ "machine", 0, BI_MACHTYPE, "pc", MK_ERR_PARAM,
	  "BI_MACHTYPE wants a machine name (virt, amiga, atari, mac, ...) or number, not \"pc\"" },
	{ "cpu", 0, BI_CPUTYPE, "68010", MK_ERR_PARAM,
	  "BI_CPUTYPE wants names like 68040 or 68030|68882, \"none\" or a bitmask, not \"68010\"" },
	{ "memchunk-one-number", 0, BI_MEMCHUNK, "0x1000", MK_ERR_PARAM,
	  "BI_MEMCHUNK wants ADDR:SIZE (numbers, the size may end in K, M or G), not \"0x1000\"" },
	{ "memchunk-three", 0, BI_MEMCHUNK, "1:2:3", MK_ERR_PARAM,
	  "BI_MEMCHUNK wants ADDR:SIZE (numbers, the size may end in K, M or G), not \"1:2:3\"" },
	{ "memchunk-too-big", 0, BI_MEMCHUNK, "0:4G", MK_ERR_PARAM,
	  "BI_MEMCHUNK wants ADDR:SIZE (numbers, the size may end in K, M or G), not \"0:4G\"" },
	{ "model", MACH_MAC, 0x8000, "Q801", MK_ERR_PARAM,
	  "BI_MAC_MODEL wants a model name or number, not \"Q801\"" },
	{ "hex-odd", MACH_VIRT, 0x8010, "hex:abc", MK_ERR_PARAM,
	  "tag 0x8010 wants hex bytes (pairs of hex digits), not \"hex:abc\"" },
	{ "u8-range", MACH_AMIGA, 0x8003, "256", MK_ERR_PARAM,
	  "BI_AMIGA_VBLANK wants a number from 0 to 255, not \"256\"" },
	{ "u16-range", MACH_VIRT, 0x8010, "u16:65536", MK_ERR_PARAM,
	  "tag 0x8010 wants a number from 0 to 65535, not \"u16:65536\"" },
	{ "vdim", MACH_MAC, 0x8004, "640x", MK_ERR_PARAM,
	  "BI_MAC_VDIM wants WIDTHxHEIGHT or a number, not \"640x\"" },
	{ "version", MACH_VIRT, 0x8000, "7.2", MK_ERR_PARAM,
	  "BI_VIRT_QEMU_VERSION wants a version MAJOR.MINOR.MICRO or a number, not \"7.2\"" },
	{ "mmio-irq", MACH_VIRT, 0x8001, "0xff000000", MK_ERR_PARAM,
	  "BI_VIRT_GF_PIC_BASE wants MMIO,IRQ (two numbers), not \"0xff000000\"" },
	{ "s32-range", MACH_MAC, 0x8008, "-2147483649", MK_ERR_PARAM,
	  "BI_MAC_GMTBIAS wants a number from -2147483648 to 4294967295, not \"-2147483649\"" },
	{ "unknown-tag-text", MACH_VIRT, 0x8010, "abc", MK_ERR_PARAM,
	  "tag 0x8010 wants numbers (comma-separated), hex:BYTES or str:TEXT, not \"abc\"" },
	{ "too-long", 0, BI_COMMAND_LINE, "0123456789012345678901234567890123456789", MK_ERR_BI_TOO_LARGE,
	  "BI_COMMAND_LINE: the value needs more than 16 bytes" },
};

static void test_encode_errors(void)
{
	size_t i;

	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		const struct bad_case *c = &bads[i];
		uint8_t out[16];
		struct mk_diag d = { 0, "" };
		size_t len = 99;

		BEGIN("encode-error/%s", c->name);
		CHECK_ERR(mk_bi_encode(c->mach, c->tag, c->text, out, sizeof(out), &len, &d), c->err);
		CHECK_STR(d.msg, c->msg);
		CHECK_EQ(len, 0);
		END();
	}
}

int main(void)
{
	test_describe_full();
	test_layouts();
	test_names();
	test_encode();
	test_encode_errors();
	return DONE();
}
