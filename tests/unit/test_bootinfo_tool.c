// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bootinfo tool as users run it: crafted lists of every machine shown
 * record by record, check's lines and exit codes, edits read back with
 * show --json, edits refused, and the atomic write (IN untouched on
 * failure, no temporary file left behind).
 *
 * The tool is $MK_BOOTINFO, else "bootinfo" next to $MK_KEXEC (run.sh
 * sets it to BUILD/kexec), else build/host/bootinfo.
 */
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "tool.h"

static char tool[4096];
static char dir[64];
static struct tool_opts opts;	/* .fsize_limit, for a full disk */

#define RUN(r, ...) TOOL_RUN((r), tool, dir, &opts, __VA_ARGS__)

static const char *path(const char *name)
{
	return tool_path(dir, name);
}

/* ------------------------------------------------------------------ */
/* Crafted lists                                                       */

struct blob {
	uint8_t b[4096];
	size_t n;
};

static void put(struct blob *b, uint16_t tag, const void *data, size_t n)
{
	size_t padded = (n + 3) & ~(size_t)3;

	mk_put_be16(b->b + b->n, tag);
	mk_put_be16(b->b + b->n + 2, (uint16_t)(4 + padded));
	memset(b->b + b->n + 4, 0, padded);
	if (n)
		memcpy(b->b + b->n + 4, data, n);
	b->n += 4 + padded;
}

static void put32(struct blob *b, uint16_t tag, uint32_t v)
{
	uint8_t d[4];

	mk_put_be32(d, v);
	put(b, tag, d, 4);
}

static void put2x32(struct blob *b, uint16_t tag, uint32_t x, uint32_t y)
{
	uint8_t d[8];

	mk_put_be32(d, x);
	mk_put_be32(d + 4, y);
	put(b, tag, d, 8);
}

static void start(struct blob *b, uint32_t mach, uint32_t cpu)
{
	b->n = 0;
	put32(b, BI_MACHTYPE, mach);
	put32(b, BI_CPUTYPE, cpu);
	put32(b, BI_FPUTYPE, cpu);
	put32(b, BI_MMUTYPE, cpu);
	put2x32(b, BI_MEMCHUNK, 0, 16u << 20);
}

static void finish(struct blob *b, int short_last)
{
	memset(b->b + b->n, 0, 4);
	if (!short_last)
		mk_put_be16(b->b + b->n + 2, 4);
	b->n += short_last ? 2 : 4;
}

static int save(const char *name, const void *p, size_t n)
{
	int fd = open(path(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int ok = fd >= 0 && write(fd, p, n) == (ssize_t)n;

	if (fd >= 0)
		close(fd);
	return ok;
}

static size_t load(const char *name, uint8_t *p, size_t cap)
{
	int fd = open(path(name), O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, p, cap);

	if (fd >= 0)
		close(fd);
	return n < 0 ? 0 : (size_t)n;
}

static void craft_amiga(struct blob *b)
{
	uint8_t cd[68] = { 0 };

	start(b, MACH_AMIGA, 4);
	put32(b, 0x8000, 11);
	cd[17] = 0x0b;
	mk_put_be16(cd + 20, 0x0202);
	mk_put_be32(cd + 22, 0x12345678);
	mk_put_be32(cd + 32, 0x00e90000);
	mk_put_be32(cd + 36, 0x00010000);
	put(b, 0x8001, cd, sizeof(cd));
	put32(b, 0x8002, 2u << 20);
	put(b, 0x8003, "\x32", 1);
	put(b, 0x8004, "\x32", 1);
	put32(b, 0x8005, 709379);
	put32(b, 0x8006, 3);
	put(b, 0x8007, "\x01\x70", 2);
	finish(b, 0);
}

static void craft_atari(struct blob *b)
{
	start(b, MACH_ATARI, 4);
	put32(b, 0x8000, 0x00030000);
	put32(b, 0x8001, 3);
	finish(b, 1);		/* as ARAnyM and /proc/bootinfo end it */
}

static void craft_mac(struct blob *b)
{
	static const uint32_t vals[] = {
		35, 0xf9001000, 8, 0x280, 0x01e00280, 0xf9001000, 0x50f0c020,
		0xb5b0c0de, 0xfffff1f0, 128, 0x0304, 0x40800000,
	};
	unsigned i;

	start(b, MACH_MAC, 4);
	for (i = 0; i < 12; i++)
		put32(b, (uint16_t)(0x8000 + i), vals[i]);
	for (i = 0x8010; i <= 0x8021; i++)
		put32(b, (uint16_t)i, 0x50f00000 + (i - 0x8010) * 0x100);
	finish(b, 0);
}

static void craft_virt(struct blob *b)
{
	start(b, MACH_VIRT, 4);
	put32(b, 0x8000, 0x07020000);
	put2x32(b, 0x8001, 0xff000000, 1);
	put2x32(b, 0x8002, 0xff006000, 168);
	put2x32(b, 0x8003, 0xff008000, 39);
	put2x32(b, 0x8004, 0xff010000, 40);
	put2x32(b, 0x8005, 0xff009000, 8);
	put(b, BI_COMMAND_LINE, "console=ttyGF0", 15);
	{
		uint8_t seed[34] = { 0, 32, 0xde, 0xad };

		put(b, BI_RNG_SEED, seed, sizeof(seed));
	}
	put2x32(b, BI_RAMDISK, 0x00f00000, 123456);
	finish(b, 0);
}

static void craft_apollo(struct blob *b)
{
	start(b, MACH_APOLLO, 2);
	put32(b, 0x8000, 3);
	finish(b, 0);
}

static void craft_hp300(struct blob *b)
{
	start(b, MACH_HP300, 2);
	put32(b, 0x8000, 11);
	put32(b, 0x8001, 9);
	put32(b, 0x8002, 0xf0820000);
	finish(b, 0);
}

static void craft_vme(struct blob *b, uint32_t mach, uint32_t type)
{
	uint8_t id[32] = { '!', 'I', 'D', '!', 3, 0x05, 0x12, 0x93 };

	start(b, mach, 4);
	put32(b, 0x8000, type);
	mk_put_be16(id + 12, 0x0167);
	memcpy(id + 14, "01", 2);
	mk_put_be32(id + 16, 0x80000001);
	put(b, 0x8001, id, sizeof(id));
	put(b, 0x8002, "\x01\x02\x03", 3);	/* unknown: hex */
	finish(b, 0);
}

/* ------------------------------------------------------------------ */
/* show: every named record of every machine                           */

struct shown {
	const char *machine;
	void (*craft)(struct blob *);
	const char *text;
	const char *check;	/* after "PATH: " */
};

static void craft_mvme16x(struct blob *b)
{
	craft_vme(b, MACH_MVME16x, 0x0167);
}

static void craft_mvme147(struct blob *b)
{
	craft_vme(b, MACH_MVME147, 0x0147);
}

static void craft_bvme6000(struct blob *b)
{
	craft_vme(b, MACH_BVME6000, 0x6000);
}

#define HEAD(mach, cpu, fpu, mmu) \
	"  0  BI_MACHTYPE               8  " mach "\n" \
	"  1  BI_CPUTYPE                8  " cpu "\n" \
	"  2  BI_FPUTYPE                8  " fpu "\n" \
	"  3  BI_MMUTYPE                8  " mmu "\n" \
	"  4  BI_MEMCHUNK              12  0x00000000 + 0x01000000 (16 MiB)\n"

#define VME_TAIL \
	"  6  BI_VME_BRDINFO           36  id \"!ID!\", board 0167, suffix \"01\", revision 3, date 93-05-12, options 0x80000001\n" \
	"  7  0x8002                    8  0x01020300\n"

static const struct shown shown[] = {
	{ "amiga", craft_amiga,
	  HEAD("amiga (1)", "68040", "68040", "68040")
	  "  5  BI_AMIGA_MODEL            8  A4000 (11)\n"
	  "  6  BI_AMIGA_AUTOCON         72  manufacturer 514 product 11 serial 0x12345678 at 0x00e90000 + 0x00010000 (64 KiB)\n"
	  "  7  BI_AMIGA_CHIP_SIZE        8  0x00200000 (2 MiB)\n"
	  "  8  BI_AMIGA_VBLANK           8  50 Hz\n"
	  "  9  BI_AMIGA_PSFREQ           8  50 Hz\n"
	  " 10  BI_AMIGA_ECLOCK           8  709379 Hz\n"
	  " 11  BI_AMIGA_CHIPSET          8  AGA (3)\n"
	  " 12  BI_AMIGA_SERPER           8  368\n",
	  "ok (13 records, 176 bytes)\n" },
	{ "atari", craft_atari,
	  HEAD("atari (2)", "68040", "68040", "68040")
	  "  5  BI_ATARI_MCH_COOKIE       8  Falcon (0x00030000)\n"
	  "  6  BI_ATARI_MCH_TYPE         8  Afterburner040 on Falcon (3)\n",
	  "ok (7 records, 62 bytes)\n" },
	{ "mac", craft_mac,
	  HEAD("mac (3)", "68040", "68040", "68040")
	  "  5  BI_MAC_MODEL              8  Quadra 800 (35)\n"
	  "  6  BI_MAC_VADDR              8  0xf9001000\n"
	  "  7  BI_MAC_VDEPTH             8  8 bits per pixel\n"
	  "  8  BI_MAC_VROW               8  640 bytes per row\n"
	  "  9  BI_MAC_VDIM               8  640x480\n"
	  " 10  BI_MAC_VLOGICAL           8  0xf9001000\n"
	  " 11  BI_MAC_SCCBASE            8  0x50f0c020\n"
	  " 12  BI_MAC_BTIME              8  0xb5b0c0de\n"
	  " 13  BI_MAC_GMTBIAS            8  -3600\n"
	  " 14  BI_MAC_MEMSIZE            8  128 MiB\n"
	  " 15  BI_MAC_CPUID              8  0x00000304\n"
	  " 16  BI_MAC_ROMBASE            8  0x40800000\n"
	  " 17  BI_MAC_VIA1BASE           8  0x50f00000\n"
	  " 18  BI_MAC_VIA2BASE           8  0x50f00100\n"
	  " 19  BI_MAC_VIA2TYPE           8  0x50f00200\n"
	  " 20  BI_MAC_ADBTYPE            8  0x50f00300\n"
	  " 21  BI_MAC_ASCBASE            8  0x50f00400\n"
	  " 22  BI_MAC_SCSI5380           8  0x50f00500\n"
	  " 23  BI_MAC_SCSIDMA            8  0x50f00600\n"
	  " 24  BI_MAC_SCSI5396           8  0x50f00700\n"
	  " 25  BI_MAC_IDETYPE            8  0x50f00800\n"
	  " 26  BI_MAC_IDEBASE            8  0x50f00900\n"
	  " 27  BI_MAC_NUBUS              8  0x50f00a00\n"
	  " 28  BI_MAC_SLOTMASK           8  0x50f00b00\n"
	  " 29  BI_MAC_SCCTYPE            8  0x50f00c00\n"
	  " 30  BI_MAC_ETHTYPE            8  0x50f00d00\n"
	  " 31  BI_MAC_ETHBASE            8  0x50f00e00\n"
	  " 32  BI_MAC_PMU                8  0x50f00f00\n"
	  " 33  BI_MAC_IOP_SWIM           8  0x50f01000\n"
	  " 34  BI_MAC_IOP_ADB            8  0x50f01100\n",
	  "ok (35 records, 288 bytes)\n" },
	{ "virt", craft_virt,
	  HEAD("virt (14)", "68040", "68040", "68040")
	  "  5  BI_VIRT_QEMU_VERSION      8  QEMU 7.2.0\n"
	  "  6  BI_VIRT_GF_PIC_BASE      12  0xff000000, irq 1\n"
	  "  7  BI_VIRT_GF_RTC_BASE      12  0xff006000, irq 168\n"
	  "  8  BI_VIRT_GF_TTY_BASE      12  0xff008000, irq 39\n"
	  "  9  BI_VIRT_VIRTIO_BASE      12  0xff010000, irq 40\n"
	  " 10  BI_VIRT_CTRL_BASE        12  0xff009000, irq 8\n"
	  " 11  BI_COMMAND_LINE          20  \"console=ttyGF0\"\n"
	  " 12  BI_RNG_SEED              40  32 bytes\n"
	  " 13  BI_RAMDISK               12  0x00f00000 + 0x0001e240 (123456 bytes)\n",
	  "ok (14 records, 188 bytes)\n" },
	{ "apollo", craft_apollo,
	  HEAD("apollo (4)", "68030", "68882", "68030")
	  "  5  BI_APOLLO_MODEL           8  DN3500 (3)\n",
	  "ok (6 records, 56 bytes)\n" },
	{ "hp300", craft_hp300,
	  HEAD("hp300 (9)", "68030", "68882", "68030")
	  "  5  BI_HP300_MODEL            8  HP 9000/425t (11)\n"
	  "  6  BI_HP300_UART_SCODE       8  9\n"
	  "  7  BI_HP300_UART_ADDR        8  0xf0820000\n",
	  "ok (8 records, 72 bytes)\n" },
	{ "mvme16x", craft_mvme16x,
	  HEAD("mvme16x (7)", "68040", "68040", "68040")
	  "  5  BI_VME_TYPE               8  Motorola MVME167 (0x0167)\n" VME_TAIL,
	  "ok (8 records, 100 bytes)\n" },
	{ "mvme147", craft_mvme147,
	  HEAD("mvme147 (6)", "68040", "68040", "68040")
	  "  5  BI_VME_TYPE               8  Motorola MVME147 (0x0147)\n" VME_TAIL,
	  "ok (8 records, 100 bytes)\n" },
	{ "bvme6000", craft_bvme6000,
	  HEAD("bvme6000 (8)", "68040", "68040", "68040")
	  "  5  BI_VME_TYPE               8  BVM BVME6000 (0x6000)\n" VME_TAIL,
	  "ok (8 records, 100 bytes)\n" },
};

static void test_show_machines(void)
{
	size_t i;

	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		const struct shown *s = &shown[i];
		struct blob b;
		struct tool_run r;
		char want[256];

		BEGIN("show/%s", s->machine);
		s->craft(&b);
		if (CHECK(save(s->machine, b.b, b.n))) {
			RUN(&r, "show", path(s->machine));
			CHECK_EQ(r.status, 0);
			CHECK_STR(r.out, s->text);
			CHECK_STR(r.err, "");
			tool_run_free(&r);
			RUN(&r, "check", path(s->machine));
			snprintf(want, sizeof(want), "%s: %s", path(s->machine), s->check);
			CHECK_EQ(r.status, 0);
			CHECK_STR(r.out, want);
			tool_run_free(&r);
		}
		END();
	}
}

/* The records in b, ended with a 4-byte BI_LAST, through show --json. */
static void show_json(struct blob *b, const char *want)
{
	struct tool_run r;

	finish(b, 0);
	save("j", b->b, b->n);
	RUN(&r, "show", "--json", path("j"));
	CHECK_EQ(r.status, 0);
	CHECK_STR(r.out, want);
	CHECK_STR(r.err, "");
	tool_run_free(&r);
}

static void test_show_misc(void)
{
	struct tool_run r;
	struct blob b;

	BEGIN("show/json-seed-length-only");
	craft_virt(&b);
	save("virt", b.b, b.n);
	RUN(&r, "show", "--json", path("virt"));
	CHECK_EQ(r.status, 0);
	CHECK_CONTAINS(r.out, "{\"tag\":8,\"name\":\"BI_RNG_SEED\",\"size\":40,\"value\":\"32 bytes\"}");
	CHECK(strstr(r.out, "dead") == NULL);
	CHECK_CONTAINS(r.out, "\"value\":\"0xff008000, irq 39\"");
	{
		static const char head[] = "{\"format\":1,\"machine\":14,\"machine_name\":\"virt\",\"records\":[{";

		CHECK(strncmp(r.out, head, strlen(head)) == 0);
	}
	CHECK(strcmp(r.out + strlen(r.out) - 3, "]}\n") == 0);
	tool_run_free(&r);
	END();

	/* The envelope: format, the machine as a number and a name (null
	 * where the list has none), the records as the array of before. */
	BEGIN("show/json-envelope-exact");
	b.n = 0;
	put32(&b, BI_MACHTYPE, MACH_MAC);
	put(&b, BI_COMMAND_LINE, "q\0", 2);
	show_json(&b, "{\"format\":1,\"machine\":3,\"machine_name\":\"mac\",\"records\":["
		  "{\"tag\":1,\"name\":\"BI_MACHTYPE\",\"size\":8,\"value\":\"mac (3)\",\"u32\":3,\"hex\":\"00000003\"},"
		  "{\"tag\":7,\"name\":\"BI_COMMAND_LINE\",\"size\":8,\"value\":\"\\\"q\\\"\",\"string\":\"q\",\"u32\":1895825408,\"hex\":\"71000000\"}]}\n");
	b.n = 0;
	put32(&b, BI_MACHTYPE, 99);
	show_json(&b, "{\"format\":1,\"machine\":99,\"machine_name\":null,\"records\":["
		  "{\"tag\":1,\"name\":\"BI_MACHTYPE\",\"size\":8,\"value\":\"unknown (99)\",\"u32\":99,\"hex\":\"00000063\"}]}\n");
	b.n = 0;
	put2x32(&b, BI_MEMCHUNK, 0, 4096);
	show_json(&b, "{\"format\":1,\"machine\":null,\"machine_name\":null,\"records\":["
		  "{\"tag\":5,\"name\":\"BI_MEMCHUNK\",\"size\":12,\"value\":\"0x00000000 + 0x00001000 (4 KiB)\","
		  "\"addr\":0,\"length\":4096,\"hex\":\"0000000000001000\"}]}\n");
	b.n = 0;
	show_json(&b, "{\"format\":1,\"machine\":null,\"machine_name\":null,\"records\":[]}\n");
	END();

	BEGIN("show/long-unknown-record-in-full");
	{
		static uint8_t big[1200];
		const char *line;

		memset(big, 0xab, sizeof(big));
		start(&b, MACH_VIRT, 4);
		put(&b, 0x8010, big, sizeof(big));
		finish(&b, 0);
		save("big", b.b, b.n);
		RUN(&r, "show", path("big"));
		CHECK_EQ(r.status, 0);
		line = strstr(r.out, "  5  0x8010");
		if (CHECK(line != NULL))
			CHECK_EQ(strlen(line), strlen("  5  0x8010                 1204  ") + 2400 + 1);
		tool_run_free(&r);
	}
	END();

	BEGIN("show/unreadable-or-broken");
	RUN(&r, "show", path("missing"));
	CHECK_EQ(r.status, 1);
	CHECK_CONTAINS(r.err, "missing: cannot open: No such file or directory");
	tool_run_free(&r);
	craft_apollo(&b);
	save("cut", b.b, b.n - 4);
	RUN(&r, "show", path("cut"));
	CHECK_EQ(r.status, 1);
	CHECK_STR(r.out, "");
	CHECK_CONTAINS(r.err, "cut: no BI_LAST: the list ends at offset 0x34 without one (bootinfo check lists every problem)\n");
	tool_run_free(&r);
	END();

	BEGIN("show/default-is-proc-bootinfo");
	if (access("/proc/bootinfo", F_OK) == 0) {
		SKIP("this machine has a /proc/bootinfo");
	} else {
		RUN(&r, "show");
		CHECK_EQ(r.status, 1);
		CHECK_STR(r.err, "bootinfo: /proc/bootinfo does not exist: the running kernel lacks CONFIG_BOOTINFO_PROC (or is not m68k); name a FILE\n");
		tool_run_free(&r);
		END();
	}
}

/* ------------------------------------------------------------------ */
/* check                                                               */

static void test_check(void)
{
	struct tool_run r;
	struct blob b;
	char want[1024];

	BEGIN("check/problems-one-line-each");
	start(&b, MACH_VIRT, 6);			/* 68030|68040 */
	put2x32(&b, BI_MEMCHUNK, 0x00800000, 0x800);	/* overlaps, unaligned */
	put(&b, BI_COMMAND_LINE, "abcd", 4);		/* no NUL */
	finish(&b, 0);
	save("bad", b.b, b.n);
	RUN(&r, "check", path("bad"));
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want),
		 "%s: record 1 at offset 0x8 (BI_CPUTYPE): names more than one CPU (68030|68040)\n"
		 "%s: record 5 at offset 0x2c (BI_MEMCHUNK): 0x00800000 + 0x00000800 is not page aligned (4096 bytes)\n"
		 "%s: record 5 at offset 0x2c (BI_MEMCHUNK): 0x00800000-0x008007ff overlaps record 4 (0x00000000-0x00ffffff)\n"
		 "%s: record 6 at offset 0x38 (BI_COMMAND_LINE): no NUL within its 4 data bytes\n",
		 path("bad"), path("bad"), path("bad"), path("bad"));
	CHECK_STR(r.out, want);
	CHECK_STR(r.err, "");
	tool_run_free(&r);
	END();

	BEGIN("check/more-than-32-problems");
	{
		unsigned i;

		start(&b, MACH_VIRT, 4);
		for (i = 0; i < 40; i++)
			put32(&b, BI_CPUTYPE, 4);
		finish(&b, 0);
		save("many", b.b, b.n);
		RUN(&r, "check", path("many"));
		CHECK_EQ(r.status, 1);
		snprintf(want, sizeof(want), "\n%s: and 8 more problems\n", path("many"));
		CHECK_CONTAINS(r.out, want);
		tool_run_free(&r);
	}
	END();

	BEGIN("check/quiet");
	craft_mac(&b);
	save("mac", b.b, b.n);
	RUN(&r, "check", "-q", path("mac"));
	CHECK_EQ(r.status, 0);
	CHECK_STR(r.out, "");
	tool_run_free(&r);
	RUN(&r, "check", "--quiet", path("bad"));
	CHECK_EQ(r.status, 1);
	CHECK(r.out[0] != '\0');
	tool_run_free(&r);
	END();

	BEGIN("check/structure-and-size");
	craft_apollo(&b);
	save("cut", b.b, b.n - 4);
	RUN(&r, "check", path("cut"));
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want), "%s: no BI_LAST: the list ends at offset 0x34 after 6 records\n", path("cut"));
	CHECK_STR(r.out, want);
	tool_run_free(&r);
	{
		static uint8_t huge[64 * 1024 + 1];

		save("huge", huge, sizeof(huge));
		RUN(&r, "check", path("huge"));
		CHECK_EQ(r.status, 1);
		CHECK_CONTAINS(r.err, "huge: larger than the 65536 bytes accepted\n");
		tool_run_free(&r);
	}
	END();
}

/* ------------------------------------------------------------------ */
/* edit and new: read back with show --json                            */

static const char new_virt_json[] =
	"{\"format\":1,\"machine\":14,\"machine_name\":\"virt\",\"records\":"
	"[{\"tag\":1,\"name\":\"BI_MACHTYPE\",\"size\":8,\"value\":\"virt (14)\",\"u32\":14,\"hex\":\"0000000e\"},"
	"{\"tag\":2,\"name\":\"BI_CPUTYPE\",\"size\":8,\"value\":\"68040\",\"u32\":4,\"hex\":\"00000004\"},"
	"{\"tag\":3,\"name\":\"BI_FPUTYPE\",\"size\":8,\"value\":\"68040\",\"u32\":4,\"hex\":\"00000004\"},"
	"{\"tag\":4,\"name\":\"BI_MMUTYPE\",\"size\":8,\"value\":\"68040\",\"u32\":4,\"hex\":\"00000004\"},"
	"{\"tag\":32768,\"name\":\"BI_VIRT_QEMU_VERSION\",\"size\":8,\"value\":\"QEMU 8.1.3\",\"u32\":134284032,\"hex\":\"08010300\"},"
	"{\"tag\":32769,\"name\":\"BI_VIRT_GF_PIC_BASE\",\"size\":12,\"value\":\"0xff000000, irq 1\",\"hex\":\"ff00000000000001\"},"
	"{\"tag\":32770,\"name\":\"BI_VIRT_GF_RTC_BASE\",\"size\":12,\"value\":\"0xff006000, irq 168\",\"hex\":\"ff006000000000a8\"},"
	"{\"tag\":32771,\"name\":\"BI_VIRT_GF_TTY_BASE\",\"size\":12,\"value\":\"0xff008000, irq 39\",\"hex\":\"ff00800000000027\"},"
	"{\"tag\":32773,\"name\":\"BI_VIRT_CTRL_BASE\",\"size\":12,\"value\":\"0xff009000, irq 8\",\"hex\":\"ff00900000000008\"},"
	"{\"tag\":32772,\"name\":\"BI_VIRT_VIRTIO_BASE\",\"size\":12,\"value\":\"0xff010000, irq 40\",\"hex\":\"ff01000000000028\"},"
	"{\"tag\":7,\"name\":\"BI_COMMAND_LINE\",\"size\":36,\"value\":\"\\\"console=ttyGF0 root=/dev/vda\\\"\","
	"\"string\":\"console=ttyGF0 root=/dev/vda\","
	"\"hex\":\"636f6e736f6c653d74747947463020726f6f743d2f6465762f76646100000000\"},"
	"{\"tag\":6,\"name\":\"BI_RAMDISK\",\"size\":12,\"value\":\"0x13000000 + 0x01000000 (16 MiB)\","
	"\"addr\":318767104,\"length\":16777216,\"hex\":\"1300000001000000\"},"
	"{\"tag\":5,\"name\":\"BI_MEMCHUNK\",\"size\":12,\"value\":\"0x10000000 + 0x04000000 (64 MiB)\","
	"\"addr\":268435456,\"length\":67108864,\"hex\":\"1000000004000000\"}]}\n";

static void test_new(void)
{
	static const char *const machines[] = {
		"amiga", "atari", "mac", "apollo", "sun3", "mvme147", "mvme16x",
		"bvme6000", "hp300", "q40", "sun3x", "m54xx", "m5441x", "virt",
	};
	struct tool_run r;
	size_t i;

	BEGIN("new/virt-with-edits-round-trip");
	RUN(&r, "new", "--machine", "virt", "-o", path("n.bi"),
	    "--cmdline", "console=ttyGF0 root=/dev/vda", "--ramdisk", "0x13000000:16M",
	    "--memchunk", "0x10000000:64M", "--set", "VIRT_QEMU_VERSION=8.1.3");
	CHECK_EQ(r.status, 0);
	CHECK_STR(r.out, "");
	CHECK_STR(r.err, "");
	tool_run_free(&r);
	RUN(&r, "show", "--json", path("n.bi"));
	CHECK_STR(r.out, new_virt_json);
	tool_run_free(&r);
	END();

	for (i = 0; i < sizeof(machines) / sizeof(machines[0]); i++) {
		char want[128];
		uint32_t id = 0;

		BEGIN("new/%s-passes-check", machines[i]);
		mk_machine_by_name(machines[i], &id);
		RUN(&r, "new", "--machine", machines[i], "-o", path("m.bi"));
		CHECK_EQ(r.status, 0);
		tool_run_free(&r);
		RUN(&r, "check", "-q", path("m.bi"));
		CHECK_EQ(r.status, 0);
		tool_run_free(&r);
		RUN(&r, "show", path("m.bi"));
		snprintf(want, sizeof(want), "  0  BI_MACHTYPE               8  %s (%u)\n", machines[i], id);
		CHECK(strncmp(r.out, want, strlen(want)) == 0);
		tool_run_free(&r);
		END();
	}

	BEGIN("new/refused");
	unlink(path("m.bi"));
	RUN(&r, "new", "--machine", "amiga", "-o", path("m.bi"), "--set", "VIRT_CTRL_BASE=1,2");
	CHECK_EQ(r.status, 1);
	CHECK_STR(r.err, "bootinfo: new list: --set VIRT_CTRL_BASE=1,2: VIRT_CTRL_BASE is a record of virt machines, this list is for amiga\n");
	CHECK(access(path("m.bi"), F_OK) != 0);
	tool_run_free(&r);
	/* The VME records are the three VME machines' (one row says so). */
	RUN(&r, "new", "--machine", "q40", "-o", path("m.bi"), "--del", "vme_type");
	CHECK_EQ(r.status, 1);
	CHECK_STR(r.err, "bootinfo: new list: --del vme_type: vme_type is a record of mvme147, mvme16x and bvme6000 machines, this list is for q40\n");
	tool_run_free(&r);
	CHECK(access(path("m.bi"), F_OK) != 0);
	RUN(&r, "new", "--machine", "amiga", "-o", path("m.bi"), "--del", "FPUTYPE");
	CHECK_EQ(r.status, 1);
	{
		char want[256];

		snprintf(want, sizeof(want), "bootinfo: %s: not written: no BI_FPUTYPE record (mandatory)\n", path("m.bi"));
		CHECK_STR(r.err, want);
	}
	tool_run_free(&r);
	CHECK(access(path("m.bi"), F_OK) != 0);
	END();

	BEGIN("new/documented-presets");
	RUN(&r, "new", "--machine", "mac", "-o", path("m.bi"));
	tool_run_free(&r);
	RUN(&r, "show", path("m.bi"));
	CHECK_STR(r.out,
		  "  0  BI_MACHTYPE               8  mac (3)\n"
		  "  1  BI_CPUTYPE                8  68040\n"
		  "  2  BI_FPUTYPE                8  68040\n"
		  "  3  BI_MMUTYPE                8  68040\n"
		  "  4  BI_MEMCHUNK              12  0x00000000 + 0x08000000 (128 MiB)\n"
		  "  5  BI_MAC_MODEL              8  Quadra 800 (35)\n");
	tool_run_free(&r);
	END();
}

struct edit_case {
	const char *name;
	const char *args[10];
	const char *want;	/* in show --json of the result */
	const char *gone;	/* not in it */
};

static const struct edit_case edits[] = {
	{ "cmdline", { "--cmdline", "quiet" },
	  "{\"tag\":7,\"name\":\"BI_COMMAND_LINE\",\"size\":12,\"value\":\"\\\"quiet\\\"\",\"string\":\"quiet\",\"hex\":\"7175696574000000\"}",
	  "ttyGF0" },
	{ "append-cmdline", { "--append-cmdline", "init=/bin/sh" },
	  "\"string\":\"console=ttyGF0 init=/bin/sh\"", NULL },
	{ "edits-in-order", { "--cmdline", "a", "--append-cmdline", "b", "--cmdline", "c", "--append-cmdline", "d" },
	  "\"string\":\"c d\"", "\"a b\"" },
	{ "set-cmdline-quoted", { "--set", "COMMAND_LINE=\"x  y\"" }, "\"string\":\"x  y\"", NULL },
	{ "set-cmdline-str", { "--set", "bi_command_line=str:z" }, "\"string\":\"z\"", NULL },
	{ "ramdisk", { "--ramdisk", "0x00e00000:1M" },
	  "\"name\":\"BI_RAMDISK\",\"size\":12,\"value\":\"0x00e00000 + 0x00100000 (1 MiB)\",\"addr\":14680064,\"length\":1048576", NULL },
	{ "no-ramdisk", { "--no-ramdisk" }, "\"BI_COMMAND_LINE\"", "BI_RAMDISK" },
	{ "memchunk", { "--memchunk", "0x10000000:64M" },
	  "\"addr\":268435456,\"length\":67108864", NULL },
	{ "memchunk-then-del", { "--memchunk", "0x10000000:64M", "--memchunk", "0x20000000:4K", "--del-memchunk", "1" },
	  "\"addr\":536870912,\"length\":4096", "268435456" },
	{ "set-by-name", { "--set", "VIRT_GF_TTY_BASE=0xff008000,40" },
	  "\"value\":\"0xff008000, irq 40\"", "irq 39" },
	{ "set-by-tag", { "--set", "0x8010=hex:0011" },
	  "{\"tag\":32784,\"name\":null,\"size\":8,\"value\":\"0x00110000\",\"u32\":1114112,\"hex\":\"00110000\"}", NULL },
	{ "set-names", { "--set", "CPUTYPE=68060", "--set", "FPUTYPE=68060", "--set", "MMUTYPE=68060" },
	  "\"name\":\"BI_MMUTYPE\",\"size\":8,\"value\":\"68060\"", "68040" },
	{ "set-seed", { "--set", "RNG_SEED=00112233" },
	  "{\"tag\":8,\"name\":\"BI_RNG_SEED\",\"size\":12,\"value\":\"4 bytes\"}", "dead" },
	{ "del-by-name", { "--del", "VIRT_CTRL_BASE", "--del", "0x8004" }, "BI_VIRT_GF_TTY_BASE", "0xff009000" },
	{ "del-absent-is-fine", { "--del", "RAMDISK", "--del", "RAMDISK" }, "BI_MEMCHUNK", "BI_RAMDISK" },
};

static void test_edits(void)
{
	struct blob b;
	size_t i;

	craft_virt(&b);
	for (i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		const struct edit_case *c = &edits[i];
		const char *args[16] = { "edit", path("virt"), "-o", path("e.bi") };
		struct tool_run r;
		unsigned k;

		BEGIN("edit/%s", c->name);
		save("virt", b.b, b.n);
		for (k = 0; c->args[k]; k++)
			args[4 + k] = c->args[k];
		args[4 + k] = NULL;
		tool_run(&r, tool, dir, &opts, args);
		CHECK_EQ(r.status, 0);
		CHECK_STR(r.err, "");
		tool_run_free(&r);
		RUN(&r, "show", "--json", path("e.bi"));
		CHECK_EQ(r.status, 0);
		CHECK_CONTAINS(r.out, c->want);
		if (c->gone && strstr(r.out, c->gone))
			CHECK_STR(c->gone, "(not in the output)");
		tool_run_free(&r);
		unlink(path("e.bi"));
		END();
	}

	BEGIN("edit/no-edits-normalises");
	{
		uint8_t out[4096];
		struct tool_run r;
		size_t n;

		craft_atari(&b);	/* 2-byte BI_LAST */
		save("atari", b.b, b.n);
		RUN(&r, "edit", path("atari"), "-o", path("e.bi"));
		CHECK_EQ(r.status, 0);
		tool_run_free(&r);
		n = load("e.bi", out, sizeof(out));
		CHECK_EQ(n, b.n + 2);
		CHECK_MEM(out, b.b, b.n - 2);
		CHECK_MEM(out + n - 4, "\0\0\0\x04", 4);
	}
	END();
}

/* ------------------------------------------------------------------ */
/* Refusals and the atomic write                                       */

static int same_file(const char *name, const struct blob *b)
{
	static uint8_t buf[8192];
	size_t n = load(name, buf, sizeof(buf));

	return n == b->n && memcmp(buf, b->b, n) == 0;
}

/* A temporary file left in the directory ("." names; tool_run()'s are gone). */
static int temp_left(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int left = 0;

	while (d && (e = readdir(d)))
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			left = 1;
	if (d)
		closedir(d);
	return left;
}

struct refusal {
	const char *name;
	const char *args[6];
	int status;
	const char *err;	/* "%s" stands for OUT's path, "@IN@" for IN's */
};

static const struct refusal refusals[] = {
	{ "unaligned-overlapping-chunk", { "--memchunk", "0x1000:0x800" }, 1,
	  "bootinfo: %s: not written: record 14 at offset 0xb8 (BI_MEMCHUNK): 0x00001000 + 0x00000800 is not page aligned (4096 bytes)\n"
	  "bootinfo: %s: not written: record 14 at offset 0xb8 (BI_MEMCHUNK): 0x00001000-0x000017ff overlaps record 4 (0x00000000-0x00ffffff)\n" },
	{ "cmdline-too-long",
	  { "--cmdline", "0123456789012345678901234567890123456789012345678901234567890123456789"
			 "0123456789012345678901234567890123456789012345678901234567890123456789"
			 "0123456789012345678901234567890123456789012345678901234567890123456789"
			 "0123456789012345678901234567890123456789012345678901234567890123456789" }, 1,
	  "bootinfo: %s: not written: record 11 at offset 0x70 (BI_COMMAND_LINE): 280 characters, the kernel keeps at most 255\n" },
	{ "mandatory-deleted", { "--del", "MACHTYPE", "--del", "BI_MEMCHUNK" }, 1,
	  "bootinfo: %s: not written: record 11 at offset 0x98 (BI_RAMDISK): 0x00f00000 + 0x0001e240 is not inside a memory chunk\n"
	  "bootinfo: %s: not written: no BI_MACHTYPE record (mandatory)\n"
	  "bootinfo: %s: not written: no BI_MEMCHUNK record (mandatory)\n" },
	{ "ramdisk-outside", { "--ramdisk", "0x01000000:1M" }, 1,
	  "bootinfo: %s: not written: record 13 at offset 0xac (BI_RAMDISK): 0x01000000 + 0x00100000 is not inside a memory chunk\n" },
	{ "first-chunk-deleted", { "--memchunk", "0x10000000:64M", "--del-memchunk", "0" }, 1,
	  "bootinfo: %s: not written: record 12 at offset 0xa0 (BI_RAMDISK): 0x00f00000 + 0x0001e240 is not inside a memory chunk\n" },
	{ "over-1536", { "--set", "0x8010=u32:1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,"
					"31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,"
					"61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,"
					"91,92,93,94,95,96,97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,"
					"121,122,123,124,125,126,127,128,129,130,131,132,133,134,135,136,137,138,139,140,141,142,143,144,145,146,147,148,149,150,"
					"151,152,153,154,155,156,157,158,159,160,161,162,163,164,165,166,167,168,169,170,171,172,173,174,175,176,177,178,179,180,"
					"181,182,183,184,185,186,187,188,189,190,191,192,193,194,195,196,197,198,199,200,201,202,203,204,205,206,207,208,209,210,"
					"211,212,213,214,215,216,217,218,219,220,221,222,223,224,225,226,227,228,229,230,231,232,233,234,235,236,237,238,239,240,"
					"241,242,243,244,245,246,247,248,249,250,251,252,253,254,255,256,257,258,259,260,261,262,263,264,265,266,267,268,269,270,"
					"271,272,273,274,275,276,277,278,279,280,281,282,283,284,285,286,287,288,289,290,291,292,293,294,295,296,297,298,299,300,"
					"301,302,303,304,305,306,307,308,309,310,311,312,313,314,315,316,317,318,319,320,321,322,323,324,325,326,327,328,329,330,"
					"331,332,333,334,335,336,337,338,339,340,341,342,343,344,345,346,347,348,349,350" }, 1,
	  "bootinfo: %s: not written: the list is 1592 bytes with a 4-byte BI_LAST, over the 1536 bytes the kernel keeps for /proc/bootinfo\n" },
	{ "del-memchunk-missing", { "--del-memchunk", "1" }, 1,
	  "bootinfo: @IN@: --del-memchunk 1: no such memory chunk: the list has 1, numbered from 0\n" },
	{ "del-memchunk-not-number", { "--del-memchunk", "first" }, 1,
	  "bootinfo: @IN@: --del-memchunk first: wants a chunk number (0 is the first)\n" },
	{ "set-unknown-name", { "--set", "FOO=1" }, 1,
	  "bootinfo: @IN@: --set FOO=1: no record is named FOO (see bootinfo.8, or give a tag number)\n" },
	{ "set-other-machine", { "--set", "MAC_MODEL=Q800" }, 1,
	  "bootinfo: @IN@: --set MAC_MODEL=Q800: MAC_MODEL is a record of mac machines, this list is for virt\n" },
	{ "set-bad-value", { "--set", "CPUTYPE=68010" }, 1,
	  "bootinfo: @IN@: --set CPUTYPE=68010: BI_CPUTYPE wants names like 68040 or 68030|68882, \"none\" or a bitmask, not \"68010\"\n" },
	{ "set-no-equals", { "--set", "CPUTYPE" }, 1, "bootinfo: @IN@: --set CPUTYPE: wants NAME=VALUE\n" },
	{ "set-tag-zero", { "--set", "0=1" }, 1,
	  "bootinfo: @IN@: --set 0=1: tag 0 is not a record tag (0x0001 to 0xffff)\n" },
	{ "bad-memchunk", { "--memchunk", "16M" }, 1,
	  "bootinfo: @IN@: --memchunk 16M: BI_MEMCHUNK wants ADDR:SIZE (numbers, the size may end in K, M or G), not \"16M\"\n" },
	{ "two-cpus", { "--set", "CPUTYPE=68030|68040" }, 1,
	  "bootinfo: %s: not written: record 1 at offset 0x8 (BI_CPUTYPE): names more than one CPU (68030|68040)\n" },
};

/* tmpl with every "%s" replaced by out_path and "@IN@" by in_path. */
static void subst(char *out, size_t n, const char *tmpl, const char *out_path,
		  const char *in_path)
{
	size_t len = 0;

	while (*tmpl && len + 1 < n) {
		if (tmpl[0] == '%' && tmpl[1] == 's') {
			len += (size_t)snprintf(out + len, n - len, "%s", out_path);
			tmpl += 2;
		} else if (strncmp(tmpl, "@IN@", 4) == 0) {
			len += (size_t)snprintf(out + len, n - len, "%s", in_path);
			tmpl += 4;
		} else {
			out[len++] = *tmpl++;
		}
		if (len >= n)
			len = n - 1;
	}
	out[len] = '\0';
}

static void test_refusals(void)
{
	struct blob b;
	size_t i;

	craft_virt(&b);
	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		const struct refusal *c = &refusals[i];
		const char *args[16] = { "edit", path("in.bi"), "-o", path("out.bi") };
		char want[2048];
		struct tool_run r;
		unsigned k;

		BEGIN("refuse/%s", c->name);
		save("in.bi", b.b, b.n);
		unlink(path("out.bi"));
		for (k = 0; c->args[k]; k++)
			args[4 + k] = c->args[k];
		args[4 + k] = NULL;
		tool_run(&r, tool, dir, &opts, args);
		subst(want, sizeof(want), c->err, path("out.bi"), path("in.bi"));
		CHECK_EQ(r.status, c->status);
		CHECK_STR(r.err, want);
		CHECK_STR(r.out, "");
		tool_run_free(&r);
		CHECK(access(path("out.bi"), F_OK) != 0);
		CHECK(same_file("in.bi", &b));
		CHECK(!temp_left());
		/* In place: IN stays as it was. */
		args[3] = path("in.bi");
		tool_run(&r, tool, dir, &opts, args);
		CHECK_EQ(r.status, c->status);
		CHECK(same_file("in.bi", &b));
		tool_run_free(&r);
		CHECK(!temp_left());
		END();
	}

	BEGIN("refuse/broken-input");
	{
		struct tool_run r;
		char want[512];

		save("cut", b.b, b.n - 4);
		RUN(&r, "edit", path("cut"), "-o", path("out.bi"), "--cmdline", "x");
		CHECK_EQ(r.status, 1);
		snprintf(want, sizeof(want),
			 "bootinfo: %s: no BI_LAST: the list ends at offset 0xb8 without one (bootinfo check lists every problem)\n",
			 path("cut"));
		CHECK_STR(r.err, want);
		tool_run_free(&r);
		CHECK(access(path("out.bi"), F_OK) != 0);
	}
	END();
}

static void test_atomic(void)
{
	struct blob b;
	struct tool_run r;
	struct stat st;

	craft_virt(&b);

	BEGIN("atomic/in-place");
	save("in.bi", b.b, b.n);
	RUN(&r, "edit", path("in.bi"), "-o", path("in.bi"), "--cmdline", "x");
	CHECK_EQ(r.status, 0);
	tool_run_free(&r);
	CHECK(!same_file("in.bi", &b));
	RUN(&r, "show", path("in.bi"));
	CHECK_CONTAINS(r.out, " 11  BI_COMMAND_LINE           8  \"x\"\n");
	tool_run_free(&r);
	CHECK(!temp_left());
	END();

	BEGIN("atomic/keeps-mode");
	save("in.bi", b.b, b.n);
	chmod(path("in.bi"), 0640);
	RUN(&r, "edit", path("in.bi"), "-o", path("in.bi"), "--cmdline", "y");
	CHECK_EQ(r.status, 0);
	tool_run_free(&r);
	CHECK(stat(path("in.bi"), &st) == 0 && (st.st_mode & 07777) == 0640);
	END();

	BEGIN("atomic/new-file-mode-from-umask");
	unlink(path("new.bi"));
	umask(027);
	RUN(&r, "new", "--machine", "atari", "-o", path("new.bi"));
	umask(022);
	CHECK_EQ(r.status, 0);
	tool_run_free(&r);
	CHECK(stat(path("new.bi"), &st) == 0 && (st.st_mode & 07777) == 0640);
	END();

	BEGIN("atomic/through-a-symlink");
	save("target.bi", b.b, b.n);
	unlink(path("link.bi"));
	if (CHECK(symlink("target.bi", path("link.bi")) == 0)) {
		RUN(&r, "edit", path("link.bi"), "-o", path("link.bi"), "--no-ramdisk");
		CHECK_EQ(r.status, 0);
		tool_run_free(&r);
		CHECK(lstat(path("link.bi"), &st) == 0 && S_ISLNK(st.st_mode));
		CHECK(!same_file("target.bi", &b));
		RUN(&r, "show", path("target.bi"));
		CHECK(strstr(r.out, "BI_RAMDISK") == NULL);
		tool_run_free(&r);
	}
	END();

	BEGIN("atomic/out-not-a-file");
	save("in.bi", b.b, b.n);
	mkdir(path("adir"), 0755);
	RUN(&r, "edit", path("in.bi"), "-o", path("adir"), "--cmdline", "z");
	CHECK_EQ(r.status, 1);
	CHECK_CONTAINS(r.err, "adir: not a regular file, not replaced\n");
	tool_run_free(&r);
	CHECK(same_file("in.bi", &b));
	CHECK(!temp_left());
	rmdir(path("adir"));
	END();

	BEGIN("atomic/no-such-directory");
	RUN(&r, "edit", path("in.bi"), "-o", path("nodir/out.bi"), "--cmdline", "z");
	CHECK_EQ(r.status, 1);
	CHECK_CONTAINS(r.err, "nodir/out.bi: cannot create a temporary file in ");
	tool_run_free(&r);
	CHECK(same_file("in.bi", &b));
	END();

	/* A full disk: writing the temporary file fails half way (the file
	 * size limit stands in for ENOSPC); IN stays, no temporary file. */
	BEGIN("atomic/write-fails-half-way");
	save("in.bi", b.b, b.n);
	opts.fsize_limit = 160;	/* under the 188-byte list, over the message */
	RUN(&r, "edit", path("in.bi"), "-o", path("in.bi"), "--cmdline", "z");
	opts.fsize_limit = 0;
	CHECK_EQ(r.status, 1);
	CHECK_CONTAINS(r.err, "in.bi: cannot write ");
	CHECK_CONTAINS(r.err, ": File too large\n");
	tool_run_free(&r);
	CHECK(same_file("in.bi", &b));
	CHECK(!temp_left());
	END();
}

/* ------------------------------------------------------------------ */
/* What -o OUT may replace                                             */

/* What OUT is before the run; the links point at "target". */
enum out_kind {
	OUT_LIST, OUT_EMPTY, OUT_TEXT, OUT_CUT_LIST, OUT_DIR, OUT_FIFO,
	OUT_LINK_LIST, OUT_LINK_TEXT, OUT_LINK_DIR, OUT_LINK_DEVICE, OUT_LINK_NOWHERE,
};

struct out_case {
	const char *name;
	enum out_kind kind;
	const char *force;	/* NULL, "-f" or "--force" */
	int status;
	const char *err;	/* "%s" stands for OUT's path */
};

#define NOT_A_LIST	"bootinfo: %s: exists and is not a bootinfo list; use --force to replace it\n"
#define NOT_A_FILE	"bootinfo: %s: not a regular file, not replaced\n"
#define LINK_NOWHERE	"bootinfo: %s: a symbolic link that cannot be followed: No such file or directory; not replaced\n"

static const struct out_case out_cases[] = {
	{ "list-replaced", OUT_LIST, NULL, 0, "" },
	{ "empty-file-replaced", OUT_EMPTY, NULL, 0, "" },
	{ "text-refused", OUT_TEXT, NULL, 1, NOT_A_LIST },
	{ "text-forced", OUT_TEXT, "--force", 0, "" },
	{ "text-forced-short", OUT_TEXT, "-f", 0, "" },
	{ "broken-list-refused", OUT_CUT_LIST, NULL, 1, NOT_A_LIST },
	{ "broken-list-forced", OUT_CUT_LIST, "--force", 0, "" },
	{ "directory-refused", OUT_DIR, NULL, 1, NOT_A_FILE },
	{ "directory-refused-forced", OUT_DIR, "--force", 1, NOT_A_FILE },
	{ "fifo-refused", OUT_FIFO, NULL, 1, NOT_A_FILE },
	{ "fifo-refused-forced", OUT_FIFO, "--force", 1, NOT_A_FILE },
	{ "link-to-list-replaces-target", OUT_LINK_LIST, NULL, 0, "" },
	{ "link-to-text-refused", OUT_LINK_TEXT, NULL, 1, NOT_A_LIST },
	{ "link-to-text-forced", OUT_LINK_TEXT, "--force", 0, "" },
	{ "link-to-directory-refused", OUT_LINK_DIR, "--force", 1, NOT_A_FILE },
	{ "link-to-device-refused", OUT_LINK_DEVICE, "--force", 1, NOT_A_FILE },
	{ "link-to-nothing-refused", OUT_LINK_NOWHERE, NULL, 1, LINK_NOWHERE },
	{ "link-to-nothing-refused-forced", OUT_LINK_NOWHERE, "--force", 1, LINK_NOWHERE },
};

static const char text[] = "not a bootinfo list\n";

static void out_clear(void)
{
	unlink(path("out"));
	rmdir(path("out"));
	unlink(path("target"));
	rmdir(path("target"));
}

/* Make OUT (and its target) as kind says; 1 when done. */
static int out_make(enum out_kind kind, const struct blob *list)
{
	const char *what = kind == OUT_LINK_LIST || kind == OUT_LINK_TEXT ||
			   kind == OUT_LINK_DIR ? path("target") : path("out");

	out_clear();
	switch (kind) {
	case OUT_LIST:
	case OUT_LINK_LIST:
		if (!save(kind == OUT_LIST ? "out" : "target", list->b, list->n))
			return 0;
		break;
	case OUT_EMPTY:
		if (!save("out", "", 0))
			return 0;
		break;
	case OUT_TEXT:
	case OUT_LINK_TEXT:
		if (!save(kind == OUT_TEXT ? "out" : "target", text, strlen(text)))
			return 0;
		break;
	case OUT_CUT_LIST:
		if (!save("out", list->b, list->n - 4))
			return 0;
		break;
	case OUT_DIR:
	case OUT_LINK_DIR:
		if (mkdir(what, 0755))
			return 0;
		break;
	case OUT_FIFO:
		if (mkfifo(what, 0644))
			return 0;
		break;
	case OUT_LINK_DEVICE:
		return symlink("/dev/null", path("out")) == 0;
	case OUT_LINK_NOWHERE:
		return symlink("target", path("out")) == 0;
	}
	return kind < OUT_LINK_LIST || symlink("target", path("out")) == 0;
}

/* OUT is still as out_make() made it. */
static int out_kept(enum out_kind kind, const struct blob *list)
{
	struct stat st;
	struct blob b = *list;

	switch (kind) {
	case OUT_TEXT:
		return load("out", b.b, sizeof(b.b)) == strlen(text) && !memcmp(b.b, text, strlen(text));
	case OUT_CUT_LIST:
		b.n -= 4;
		return same_file("out", &b);
	case OUT_DIR:
		return stat(path("out"), &st) == 0 && S_ISDIR(st.st_mode);
	case OUT_FIFO:
		return lstat(path("out"), &st) == 0 && S_ISFIFO(st.st_mode);
	case OUT_LINK_TEXT:
		return lstat(path("out"), &st) == 0 && S_ISLNK(st.st_mode) &&
		       load("target", b.b, sizeof(b.b)) == strlen(text) &&
		       !memcmp(b.b, text, strlen(text));
	case OUT_LINK_DIR:
		return lstat(path("out"), &st) == 0 && S_ISLNK(st.st_mode) &&
		       stat(path("target"), &st) == 0 && S_ISDIR(st.st_mode);
	case OUT_LINK_DEVICE:
	case OUT_LINK_NOWHERE:
		return lstat(path("out"), &st) == 0 && S_ISLNK(st.st_mode) &&
		       access(path("target"), F_OK) != 0;
	default:
		return 0;
	}
}

static void test_out(void)
{
	struct blob list, want;
	struct tool_run r;
	struct stat st;
	size_t i;

	craft_virt(&list);
	/* What "new --machine atari" writes, to compare with. */
	unlink(path("atari.bi"));
	RUN(&r, "new", "--machine", "atari", "-o", path("atari.bi"));
	tool_run_free(&r);
	want.n = load("atari.bi", want.b, sizeof(want.b));
	/* A FIFO that the tool opened would stop the test here: not forever. */
	alarm(60);
	for (i = 0; i < sizeof(out_cases) / sizeof(out_cases[0]); i++) {
		const struct out_case *c = &out_cases[i];
		int link = c->kind >= OUT_LINK_LIST;
		char err[512];

		BEGIN("out/%s", c->name);
		if (!CHECK(out_make(c->kind, &list))) {
			END();
			continue;
		}
		if (c->force)
			RUN(&r, "new", "--machine", "atari", "-o", path("out"), c->force);
		else
			RUN(&r, "new", "--machine", "atari", "-o", path("out"));
		subst(err, sizeof(err), c->err, path("out"), "");
		CHECK_EQ(r.status, c->status);
		CHECK_STR(r.err, err);
		CHECK_STR(r.out, "");
		tool_run_free(&r);
		if (c->status == 0) {
			/* The new list, where the link points, the link kept. */
			CHECK(same_file(link ? "target" : "out", &want));
			CHECK(lstat(path("out"), &st) == 0 && (link ? S_ISLNK(st.st_mode) :
							       S_ISREG(st.st_mode)));
		} else {
			CHECK(out_kept(c->kind, &list));
		}
		CHECK(!temp_left());
		END();
	}
	alarm(0);
	out_clear();

	/* In place, the list already there is replaced without --force. */
	BEGIN("out/edit-in-place-no-force");
	save("in.bi", list.b, list.n);
	RUN(&r, "edit", path("in.bi"), "-o", path("in.bi"), "--cmdline", "q");
	CHECK_EQ(r.status, 0);
	CHECK_STR(r.err, "");
	tool_run_free(&r);
	END();

	BEGIN("out/force-goes-with-edit-and-new");
	RUN(&r, "show", path("in.bi"), "--force");
	CHECK_EQ(r.status, 2);
	CHECK_STR(r.err, "bootinfo: --force goes with edit and new\nTry 'bootinfo --help'.\n");
	tool_run_free(&r);
	END();
}

/* The file that replaces OUT keeps its owner, group and mode. */
static void test_owner(void)
{
	static const struct {
		mode_t mask, mode;
	} fresh[] = { { 022, 0644 }, { 002, 0664 }, { 077, 0600 } };
	struct blob b;
	struct tool_run r;
	struct stat st;
	size_t i;
	pid_t pid;
	int ws;

	craft_virt(&b);
	BEGIN("owner/mode-0600-kept");
	save("in.bi", b.b, b.n);
	chmod(path("in.bi"), 0600);
	RUN(&r, "edit", path("in.bi"), "-o", path("in.bi"), "--cmdline", "m");
	CHECK_EQ(r.status, 0);
	tool_run_free(&r);
	CHECK(!same_file("in.bi", &b));
	CHECK(stat(path("in.bi"), &st) == 0 && (st.st_mode & 07777) == 0600);
	END();

	for (i = 0; i < sizeof(fresh) / sizeof(fresh[0]); i++) {
		BEGIN("owner/new-file-mode-umask-%03o", (unsigned)fresh[i].mask);
		unlink(path("new.bi"));
		umask(fresh[i].mask);
		RUN(&r, "new", "--machine", "virt", "-o", path("new.bi"));
		umask(022);
		CHECK_EQ(r.status, 0);
		tool_run_free(&r);
		CHECK(stat(path("new.bi"), &st) == 0 && (st.st_mode & 07777) == fresh[i].mode);
		CHECK(st.st_uid == geteuid());
		END();
	}

	BEGIN("owner/uid-gid-kept");
	if (geteuid() != 0) {
		/* The test command runs as root (it installs with apt-get). */
		h_fail(__FILE__, __LINE__, "needs root: cannot make a file of uid 65534");
		END();
	} else {
		save("in.bi", b.b, b.n);
		CHECK(chown(path("in.bi"), 65534, 65534) == 0);
		chmod(path("in.bi"), 0640);
		RUN(&r, "edit", path("in.bi"), "-o", path("in.bi"), "--cmdline", "u");
		CHECK_EQ(r.status, 0);
		CHECK_STR(r.err, "");
		tool_run_free(&r);
		CHECK(!same_file("in.bi", &b));
		CHECK(stat(path("in.bi"), &st) == 0);
		CHECK_EQ(st.st_uid, 65534);
		CHECK_EQ(st.st_gid, 65534);
		CHECK_EQ(st.st_mode & 07777, 0640);
		CHECK(!temp_left());
		END();
	}

	/*
	 * Not root, a file of another user (here root's, in a directory
	 * anyone may write) cannot keep its owner: it is left alone.
	 */
	BEGIN("owner/other-users-file-refused");
	if (geteuid() != 0) {
		/* The test command runs as root (it installs with apt-get). */
		h_fail(__FILE__, __LINE__, "needs root: cannot run as uid 65534");
		END();
	} else {
		char want[512];

		unlink(path("in.bi"));	/* root's, not the last case's */
		save("in.bi", b.b, b.n);
		chmod(path("in.bi"), 0666);
		chmod(dir, 0777);
		snprintf(want, sizeof(want),
			 "bootinfo: %s: owned by uid 0, which the new file cannot keep: Operation not permitted; not replaced\n",
			 path("in.bi"));
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			if (setgid(65534) || setuid(65534))
				_exit(3);
			RUN(&r, "edit", path("in.bi"), "-o", path("in.bi"), "--cmdline", "o");
			_exit(r.status != 1 ? 4 : strcmp(r.err, want) ? 5 : 0);
		}
		CHECK(pid > 0 && waitpid(pid, &ws, 0) == pid);
		CHECK(WIFEXITED(ws));
		CHECK_EQ(WEXITSTATUS(ws), 0);
		chmod(dir, 0700);
		CHECK(same_file("in.bi", &b));
		CHECK(stat(path("in.bi"), &st) == 0 && st.st_uid == 0);
		CHECK(!temp_left());
		END();
	}
}

static void test_usage(void)
{
	static const struct {
		const char *name;
		const char *args[6];
		const char *err;
	} cases[] = {
		{ "no-command", { NULL }, "bootinfo: a command is needed: show, check, edit or new\n" },
		{ "unknown-command", { "frob" }, "bootinfo: frob: unknown command (show, check, edit, new)\n" },
		{ "edit-without-out", { "edit", "x" }, "bootinfo: -o OUT is needed: where to write the list\n" },
		{ "edit-without-in", { "edit", "-o", "x" }, "bootinfo: edit needs an input file\n" },
		{ "new-without-machine", { "new", "-o", "x" }, "bootinfo: new needs --machine\n" },
		{ "new-unknown-machine", { "new", "--machine", "pc", "-o", "x" },
		  "bootinfo: pc: unknown machine (see --help)\n" },
		{ "show-with-edit", { "show", "--cmdline", "x" }, "bootinfo: --cmdline: edits go with edit and new\n" },
		{ "check-with-json", { "check", "--json" }, "bootinfo: --json goes with show\n" },
		{ "show-with-out", { "show", "-o", "x" }, "bootinfo: -o goes with edit and new\n" },
		{ "two-files", { "show", "a", "b" }, "bootinfo: b: unexpected argument\n" },
		{ "unknown-option", { "show", "--bogus" }, "" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tool_run r;

		BEGIN("usage/%s", cases[i].name);
		tool_run(&r, tool, dir, &opts, cases[i].args);
		CHECK_EQ(r.status, 2);
		CHECK(strncmp(r.err, cases[i].err, strlen(cases[i].err)) == 0);
		CHECK_CONTAINS(r.err, "Try 'bootinfo --help'.\n");
		tool_run_free(&r);
		END();
	}

	BEGIN("usage/help-and-version");
	{
		struct tool_run r;

		RUN(&r, "--help");
		CHECK_EQ(r.status, 0);
		CHECK(strncmp(r.out, "Usage: bootinfo show", 20) == 0);
		/* The machines come from the table, the JSON shape is named. */
		CHECK_CONTAINS(r.out,
			       "\nshow --json prints {\"format\":1,\"machine\":ID,\"machine_name\":NAME,\n"
			       "\"records\":[...]} (bootinfo.8, JSON).\n"
			       "Machines for new: amiga atari mac apollo sun3 mvme147 mvme16x bvme6000\n"
			       "hp300 q40 sun3x m54xx m5441x virt.\n"
			       "Exit status: 0 ok, 1 bad input, check failed or not written, 2 usage.\n");
		tool_run_free(&r);
		RUN(&r, "edit", "--help");
		CHECK_EQ(r.status, 0);
		tool_run_free(&r);
		RUN(&r, "--version");
		CHECK_EQ(r.status, 0);
		CHECK(strncmp(r.out, "bootinfo (m68k-kexec) ", 22) == 0);
		tool_run_free(&r);
	}
	END();
}

int main(void)
{
	strcpy(dir, "/tmp/bootinfo-tool.XXXXXX");
	BEGIN("tool/found");
	if (!CHECK(tool_find(tool, sizeof(tool), "MK_BOOTINFO", "bootinfo")) ||
	    !CHECK(mkdtemp(dir) != NULL)) {
		fprintf(stderr, "no bootinfo tool at %s (set MK_BOOTINFO)\n", tool);
		return DONE();
	}
	END();
	umask(022);
	test_show_machines();
	test_show_misc();
	test_check();
	test_new();
	test_edits();
	test_refusals();
	test_atomic();
	test_out();
	test_owner();
	test_usage();
	tool_remove_dir(dir);
	return DONE();
}
