// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Names and words: tag names per machine, machine names, record values
 * in words (exact strings), and the text/JSON printers built on them.
 */
#include "harness.h"
#include "image.h"
#include "print.h"

/* ------------------------------------------------------------------ */
/* Tag and machine names                                                */

static const struct {
	uint32_t mach;
	uint16_t tag;
	const char *name;	/* NULL: no name */
} tag_names[] = {
	{ MACH_VIRT, BI_LAST, "BI_LAST" },
	{ MACH_VIRT, BI_MACHTYPE, "BI_MACHTYPE" },
	{ 0, BI_CPUTYPE, "BI_CPUTYPE" },
	{ MACH_AMIGA, BI_FPUTYPE, "BI_FPUTYPE" },
	{ MACH_MAC, BI_MMUTYPE, "BI_MMUTYPE" },
	{ 0, BI_MEMCHUNK, "BI_MEMCHUNK" },
	{ 0, BI_RAMDISK, "BI_RAMDISK" },
	{ 0, BI_COMMAND_LINE, "BI_COMMAND_LINE" },
	{ 0, BI_RNG_SEED, "BI_RNG_SEED" },
	{ 0, 0x0009, NULL },
	{ 0, 0x7fff, NULL },
	{ 0, 0x8000, NULL },			/* machine tags need a machine */
	{ MACH_AMIGA, 0x8000, "BI_AMIGA_MODEL" },
	{ MACH_AMIGA, 0x8001, "BI_AMIGA_AUTOCON" },
	{ MACH_AMIGA, 0x8002, "BI_AMIGA_CHIP_SIZE" },
	{ MACH_AMIGA, 0x8003, "BI_AMIGA_VBLANK" },
	{ MACH_AMIGA, 0x8004, "BI_AMIGA_PSFREQ" },
	{ MACH_AMIGA, 0x8005, "BI_AMIGA_ECLOCK" },
	{ MACH_AMIGA, 0x8006, "BI_AMIGA_CHIPSET" },
	{ MACH_AMIGA, 0x8007, "BI_AMIGA_SERPER" },
	{ MACH_AMIGA, 0x8008, NULL },
	{ MACH_ATARI, 0x8000, "BI_ATARI_MCH_COOKIE" },
	{ MACH_ATARI, 0x8001, "BI_ATARI_MCH_TYPE" },
	{ MACH_ATARI, 0x8002, NULL },
	{ MACH_MAC, 0x8000, "BI_MAC_MODEL" },
	{ MACH_MAC, 0x8001, "BI_MAC_VADDR" },
	{ MACH_MAC, 0x8004, "BI_MAC_VDIM" },
	{ MACH_MAC, 0x8006, "BI_MAC_SCCBASE" },
	{ MACH_MAC, 0x8009, "BI_MAC_MEMSIZE" },
	{ MACH_MAC, 0x800a, "BI_MAC_CPUID" },
	{ MACH_MAC, 0x800b, "BI_MAC_ROMBASE" },
	{ MACH_MAC, 0x800c, NULL },		/* the gap before VIA1BASE */
	{ MACH_MAC, 0x800f, NULL },
	{ MACH_MAC, 0x8010, "BI_MAC_VIA1BASE" },
	{ MACH_MAC, 0x8021, "BI_MAC_IOP_ADB" },
	{ MACH_MAC, 0x8022, NULL },
	{ MACH_APOLLO, 0x8000, "BI_APOLLO_MODEL" },
	{ MACH_APOLLO, 0x8001, NULL },
	{ MACH_HP300, 0x8000, "BI_HP300_MODEL" },
	{ MACH_HP300, 0x8001, "BI_HP300_UART_SCODE" },
	{ MACH_HP300, 0x8002, "BI_HP300_UART_ADDR" },
	{ MACH_MVME147, 0x8000, "BI_VME_TYPE" },
	{ MACH_MVME16x, 0x8000, "BI_VME_TYPE" },
	{ MACH_BVME6000, 0x8001, "BI_VME_BRDINFO" },
	{ MACH_VIRT, 0x8000, "BI_VIRT_QEMU_VERSION" },
	{ MACH_VIRT, 0x8001, "BI_VIRT_GF_PIC_BASE" },
	{ MACH_VIRT, 0x8002, "BI_VIRT_GF_RTC_BASE" },
	{ MACH_VIRT, 0x8003, "BI_VIRT_GF_TTY_BASE" },
	{ MACH_VIRT, 0x8004, "BI_VIRT_VIRTIO_BASE" },
	{ MACH_VIRT, 0x8005, "BI_VIRT_CTRL_BASE" },
	{ MACH_VIRT, 0x8006, NULL },		/* retired */
	{ MACH_Q40, 0x8000, NULL },
	{ MACH_SUN3, 0x8000, NULL },
	{ 99, 0x8000, NULL },
};

static const struct {
	uint32_t mach;
	const char *name;
	int want;
	uint16_t tag;
} by_name[] = {
	{ MACH_MAC, "BI_MAC_MODEL", MK_OK, 0x8000 },
	{ MACH_MAC, "mac_model", MK_OK, 0x8000 },
	{ MACH_MAC, "Mac_Iop_Adb", MK_OK, 0x8021 },
	{ MACH_VIRT, "MAC_MODEL", MK_ERR_PARAM, 0 },	/* another machine's tag */
	{ MACH_VIRT, "virt_ctrl_base", MK_OK, 0x8005 },
	{ MACH_VIRT, "bi_virt_qemu_version", MK_OK, 0x8000 },
	{ MACH_AMIGA, "AMIGA_CHIP_SIZE", MK_OK, 0x8002 },
	{ MACH_ATARI, "atari_mch_cookie", MK_OK, 0x8000 },
	{ MACH_MVME147, "VME_TYPE", MK_OK, 0x8000 },
	{ MACH_BVME6000, "vme_brdinfo", MK_OK, 0x8001 },
	{ MACH_HP300, "VME_TYPE", MK_ERR_PARAM, 0 },
	{ MACH_HP300, "hp300_uart_addr", MK_OK, 0x8002 },
	{ 0, "command_line", MK_OK, BI_COMMAND_LINE },
	{ MACH_VIRT, "BI_COMMAND_LINE", MK_OK, BI_COMMAND_LINE },
	{ MACH_AMIGA, "bi_rng_seed", MK_OK, BI_RNG_SEED },
	{ 0, "MEMCHUNK", MK_OK, BI_MEMCHUNK },
	{ 0, "ramdisk", MK_OK, BI_RAMDISK },
	{ 0, "machtype", MK_OK, BI_MACHTYPE },
	{ 0, "AMIGA_MODEL", MK_ERR_PARAM, 0 },
	{ MACH_AMIGA, "MODEL", MK_ERR_PARAM, 0 },
	{ 0, "", MK_ERR_PARAM, 0 },
	{ 0, "BI_", MK_ERR_PARAM, 0 },
	{ 0, "NOSUCHTAG", MK_ERR_PARAM, 0 },
	{ 0, "BI_COMMAND_LINE ", MK_ERR_PARAM, 0 },
};

static const struct {
	uint32_t mach;
	const char *name;
} machines[] = {
	{ MACH_AMIGA, "amiga" }, { MACH_ATARI, "atari" }, { MACH_MAC, "mac" },
	{ MACH_APOLLO, "apollo" }, { MACH_SUN3, "sun3" }, { MACH_MVME147, "mvme147" },
	{ MACH_MVME16x, "mvme16x" }, { MACH_BVME6000, "bvme6000" }, { MACH_HP300, "hp300" },
	{ MACH_Q40, "q40" }, { MACH_SUN3X, "sun3x" }, { MACH_M54XX, "m54xx" },
	{ MACH_M5441X, "m5441x" }, { MACH_VIRT, "virt" },
};

static void test_names(void)
{
	size_t i;

	for (i = 0; i < sizeof(tag_names) / sizeof(tag_names[0]); i++) {
		BEGIN("names/tag-%u-0x%04x", tag_names[i].mach, tag_names[i].tag);
		CHECK_STR(mk_bi_tag_name(tag_names[i].mach, tag_names[i].tag), tag_names[i].name);
		END();
	}
	for (i = 0; i < sizeof(by_name) / sizeof(by_name[0]); i++) {
		uint16_t tag = 0xabcd;

		BEGIN("names/by-name-%u-\"%s\"", by_name[i].mach, by_name[i].name);
		CHECK_ERR(mk_bi_tag_by_name(by_name[i].mach, by_name[i].name, &tag), by_name[i].want);
		CHECK_EQ(tag, by_name[i].want ? 0xabcd : by_name[i].tag);
		END();
	}

	BEGIN("names/every-named-tag-round-trips");
	for (i = 0; i < sizeof(machines) / sizeof(machines[0]); i++) {
		uint32_t tag;

		for (tag = 0; tag <= 0x8030; tag = tag == 0x20 ? 0x8000 : tag + 1) {
			const char *n = mk_bi_tag_name(machines[i].mach, (uint16_t)tag);
			uint16_t back = 0;

			if (!n)
				continue;
			CHECK_ERR(mk_bi_tag_by_name(machines[i].mach, n, &back), MK_OK);
			CHECK_EQ(back, tag);
			CHECK(strncmp(n, "BI_", 3) == 0);
		}
	}
	END();

	BEGIN("names/machines");
	for (i = 0; i < sizeof(machines) / sizeof(machines[0]); i++) {
		uint32_t m = 0;
		char upper[16];
		size_t j;

		CHECK_STR(mk_machine_name(machines[i].mach), machines[i].name);
		CHECK_ERR(mk_machine_by_name(machines[i].name, &m), MK_OK);
		CHECK_EQ(m, machines[i].mach);
		for (j = 0; machines[i].name[j] && j < sizeof(upper) - 1; j++)
			upper[j] = (char)(machines[i].name[j] >= 'a' && machines[i].name[j] <= 'z' ?
					  machines[i].name[j] - 32 : machines[i].name[j]);
		upper[j] = '\0';
		m = 0;
		CHECK_ERR(mk_machine_by_name(upper, &m), MK_OK);
		CHECK_EQ(m, machines[i].mach);
	}
	END();

	BEGIN("names/unknown-machines");
	{
		uint32_t m = 77;

		CHECK_STR(mk_machine_name(0), NULL);
		CHECK_STR(mk_machine_name(15), NULL);
		CHECK_STR(mk_machine_name(0xffffffff), NULL);
		CHECK_ERR(mk_machine_by_name("", &m), MK_ERR_PARAM);
		CHECK_ERR(mk_machine_by_name("falcon", &m), MK_ERR_PARAM);
		CHECK_ERR(mk_machine_by_name("virt2", &m), MK_ERR_PARAM);
		CHECK_EQ(m, 77);
	}
	END();
}

/* ------------------------------------------------------------------ */
/* Values in words                                                      */

struct desc_case {
	const char *name;
	uint32_t mach;
	uint16_t tag;
	unsigned size;
	const char *data;
	const char *want;
};

static const struct desc_case descs[] = {
	{ "machtype-virt", 0, BI_MACHTYPE, 4, "\0\0\0\x0e", "virt (14)" },
	{ "machtype-atari", 0, BI_MACHTYPE, 4, "\0\0\0\x02", "atari (2)" },
	{ "machtype-unknown", 0, BI_MACHTYPE, 4, "\0\0\0\x63", "unknown (99)" },
	{ "machtype-short", 0, BI_MACHTYPE, 2, "\0\x0e", "000e" },
	{ "cpu-68040", 0, BI_CPUTYPE, 4, "\0\0\0\x04", "68040" },
	{ "cpu-68020-68030", 0, BI_CPUTYPE, 4, "\0\0\0\x03", "68020|68030" },
	{ "cpu-coldfire", 0, BI_CPUTYPE, 4, "\0\0\0\x10", "ColdFire" },
	{ "cpu-unknown-bit", 0, BI_CPUTYPE, 4, "\0\0\0\x28", "68060|bit5" },
	{ "cpu-none", 0, BI_CPUTYPE, 4, "\0\0\0\0", "none" },
	{ "fpu-68881-68882", 0, BI_FPUTYPE, 4, "\0\0\0\x03", "68881|68882" },
	{ "fpu-sunfpa", 0, BI_FPUTYPE, 4, "\0\0\0\x10", "SunFPA" },
	{ "fpu-coldfire", 0, BI_FPUTYPE, 4, "\0\0\0\x20", "ColdFire" },
	{ "mmu-68851", 0, BI_MMUTYPE, 4, "\0\0\0\x01", "68851" },
	{ "mmu-apollo-sun3", 0, BI_MMUTYPE, 4, "\0\0\0\x30", "Apollo|Sun3" },
	{ "mmu-coldfire-bit31", 0, BI_MMUTYPE, 4, "\x80\0\0\x40", "ColdFire|bit31" },
	{ "memchunk-128m", 0, BI_MEMCHUNK, 8, "\0\0\0\0\x08\0\0\0", "0x00000000 + 0x08000000 (128 MiB)" },
	{ "memchunk-fastram", 0, BI_MEMCHUNK, 8, "\x01\0\0\0\0\xe0\0\0", "0x01000000 + 0x00e00000 (14 MiB)" },
	{ "memchunk-kib", 0, BI_MEMCHUNK, 8, "\x07\0\0\0\0\0\x14\0", "0x07000000 + 0x00001400 (5 KiB)" },
	{ "memchunk-bytes", 0, BI_MEMCHUNK, 8, "\0\0\0\0\0\0\x03\xe8", "0x00000000 + 0x000003e8 (1000 bytes)" },
	{ "memchunk-short", 0, BI_MEMCHUNK, 4, "\0\0\x10\0", "0x00001000" },
	{ "ramdisk", 0, BI_RAMDISK, 8, "\x07\xf0\0\0\0\x10\0\0", "0x07f00000 + 0x00100000 (1 MiB)" },
	{ "ramdisk-odd-size", 0, BI_RAMDISK, 8, "\x07\xf0\0\0\0\x10\0\x01", "0x07f00000 + 0x00100001 (1048577 bytes)" },
	{ "cmdline", 0, BI_COMMAND_LINE, 16, "console=ttyGF0\0\0", "\"console=ttyGF0\"" },
	{ "cmdline-empty", 0, BI_COMMAND_LINE, 4, "\0\0\0\0", "\"\"" },
	{ "cmdline-escapes", 0, BI_COMMAND_LINE, 12, "a\"b\\c\x01\x7f\0\0\0\0\0", "\"a\\\"b\\\\c\\x01\\x7f\"" },
	{ "cmdline-unterminated", 0, BI_COMMAND_LINE, 4, "abcd", "\"abcd\"" },
	{ "rng-seed-32", 0, BI_RNG_SEED, 36, "\0\x20", "32 bytes" },
	{ "rng-seed-0", 0, BI_RNG_SEED, 4, "\0\0\0\0", "0 bytes" },
	{ "qemu-version", MACH_VIRT, 0x8000, 4, "\x07\x02\0\0", "QEMU 7.2.0" },
	{ "qemu-version-8.1.3", MACH_VIRT, 0x8000, 4, "\x08\x01\x03\0", "QEMU 8.1.3" },
	/* Tags no layout is known for: a be32, else hex bytes. */
	{ "unknown-machine-u32", MACH_Q40, 0x8000, 4, "\0\0\0\x23", "0x00000023" },
	{ "unknown-machine-hex", MACH_Q40, 0x8001, 8, "\xff\0\0\0\0\0\0\x01", "ff00000000000001" },
	{ "unknown-machine-odd-size", MACH_Q40, 0x8003, 1, "\x32", "32" },
	{ "no-machine-u32", 0, 0x8000, 4, "\0\0\0\x23", "0x00000023" },
	{ "unknown-empty", MACH_AMIGA, 0x8010, 0, "", "(empty)" },
	{ "unknown-generic-tag", 0, 0x0042, 4, "\xde\xad\xbe\xef", "0xdeadbeef" },
};

static uint8_t seed_rec[36] = { 0, 32 };

static void test_describe(void)
{
	size_t i;

	for (i = 0; i < sizeof(descs) / sizeof(descs[0]); i++) {
		const struct desc_case *c = &descs[i];
		struct mk_bi_record r;
		char out[256];
		size_t n;

		BEGIN("describe/%s", c->name);
		r.tag = c->tag;
		r.size = (uint16_t)c->size;
		r.data = c->tag == BI_RNG_SEED && c->size == 36 ? seed_rec : (const uint8_t *)c->data;
		memset(out, 'X', sizeof(out));
		n = mk_bi_describe(c->mach, &r, out, sizeof(out));
		CHECK_STR(out, c->want);
		CHECK_EQ(n, strlen(c->want));
		END();
	}

	BEGIN("describe/truncated-output");
	{
		struct mk_bi_record r = { BI_MEMCHUNK, 8, (const uint8_t *)"\0\0\0\0\x08\0\0\0" };
		char out[8];
		size_t n;

		memset(out, 'X', sizeof(out));
		n = mk_bi_describe(0, &r, out, sizeof(out));
		CHECK_EQ(n, strlen("0x00000000 + 0x08000000 (128 MiB)"));
		CHECK_STR(out, "0x00000");
		n = mk_bi_describe(0, &r, NULL, 0);
		CHECK_EQ(n, strlen("0x00000000 + 0x08000000 (128 MiB)"));
	}
	END();

	BEGIN("describe/mask-truncated");
	{
		char out[6];
		size_t n = mk_bi_describe_mask(BI_CPUTYPE, 0x0f, out, sizeof(out));

		CHECK_EQ(n, strlen("68020|68030|68040|68060"));
		CHECK_STR(out, "68020");
		n = mk_bi_describe_mask(BI_MMUTYPE, 0, out, 3);
		CHECK_EQ(n, 4);
		CHECK_STR(out, "no");
	}
	END();

	BEGIN("describe/mask-all-bits");
	{
		char out[512];
		size_t n = mk_bi_describe_mask(BI_FPUTYPE, 0xffffffff, out, sizeof(out));

		CHECK_EQ(n, strlen(out));
		CHECK(strncmp(out, "68881|68882|68040|68060|SunFPA|ColdFire|bit6|bit7|", 50) == 0);
		CHECK(strlen(out) > 6 && strcmp(out + strlen(out) - 6, "|bit31") == 0);
	}
	END();
}

/* ------------------------------------------------------------------ */
/* The printers (cli/print.c)                                           */

static char *print_text(const struct mk_bootinfo *bi)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);

	mk_print_bootinfo(fp, bi, "  ");
	fclose(fp);
	return s;
}

static char *print_json(const struct mk_bootinfo *bi)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);

	mk_print_bootinfo_json(fp, bi);
	fclose(fp);
	return s;
}

static char *json_string(const char *in, long len)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);

	mk_json_string(fp, in, len);
	fclose(fp);
	return s;
}

static void test_print(void)
{
	static struct mk_bootinfo bi;
	static struct bib b;
	struct mk_diag d;
	char *s;

	bib_virt(&b, 128u << 20);
	mk_bi_parse(b.buf, b.len, &bi, &d);

	BEGIN("print/text-lines");
	s = print_text(&bi);
	CHECK_CONTAINS(s, "  BI_MACHTYPE               8  virt (14)\n");
	CHECK_CONTAINS(s, "  BI_CPUTYPE                8  68040\n");
	CHECK_CONTAINS(s, "  BI_MEMCHUNK              12  0x00000000 + 0x08000000 (128 MiB)\n");
	CHECK_CONTAINS(s, "  BI_VIRT_QEMU_VERSION      8  QEMU 7.2.0\n");
	CHECK_CONTAINS(s, "  BI_COMMAND_LINE          40  \"console=ttyGF0 BOOT_IMAGE=vmlinux\"\n");
	CHECK_CONTAINS(s, "  BI_RNG_SEED              40  32 bytes\n");
	free(s);
	END();

	BEGIN("print/text-unknown-tag");
	{
		static struct mk_bootinfo u;

		memset(&u, 0, sizeof(u));
		mk_bi_append(&u, 0x9abc, (const uint8_t *)"\1\2\3", 3);
		s = print_text(&u);
		CHECK_STR(s, "  0x9abc                    8  010203\n");
		free(s);
	}
	END();

	BEGIN("print/json");
	s = print_json(&bi);
	CHECK(s[0] == '[' && s[strlen(s) - 1] == ']');
	CHECK_CONTAINS(s, "{\"tag\":1,\"name\":\"BI_MACHTYPE\",\"size\":8,\"value\":\"virt (14)\",\"u32\":14,\"hex\":\"0000000e\"}");
	CHECK_CONTAINS(s, "\"name\":\"BI_MEMCHUNK\",\"size\":12,\"value\":\"0x00000000 + 0x08000000 (128 MiB)\",\"addr\":0,\"length\":134217728");
	CHECK_CONTAINS(s, "\"string\":\"console=ttyGF0 BOOT_IMAGE=vmlinux\"");
	/* the seed stays secret */
	CHECK_CONTAINS(s, "{\"tag\":8,\"name\":\"BI_RNG_SEED\",\"size\":40,\"value\":\"32 bytes\"}");
	CHECK(strstr(s, "a5a6a7") == NULL);
	free(s);
	END();

	BEGIN("print/json-string-escapes");
	s = json_string("a\"b\\c\nd\te\x7f", -1);
	CHECK_STR(s, "\"a\\\"b\\\\c\\nd\\u0009e\\u007f\"");
	free(s);
	s = json_string("ab\0cd", 5);
	CHECK_STR(s, "\"ab\\u0000cd\"");
	free(s);
	END();

	/* JSON text is Unicode: a UTF-8 "é" (c3 a9) must stay "é" (or
	 * become \u00e9), not turn into the two characters "Ã©". */
	BEGIN("print/json-string-utf8");
	s = json_string("caf\xc3\xa9", -1);
	CHECK(strcmp(s, "\"caf\xc3\xa9\"") == 0 || strcmp(s, "\"caf\\u00e9\"") == 0);
	free(s);
	END();
}

int main(void)
{
	test_names();
	test_describe();
	test_print();
	return DONE();
}
