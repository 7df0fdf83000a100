// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel log from a dump (lib/printk.c): the log of two real dumps
 * (QEMU virt, Linux 6.12, after sysrq c and after an LKDTM oops; cut down
 * to the pages the ring buffer uses by tests/unit/make-printk-fixture.py)
 * line by line; the VMCOREINFO lookups; the dmesg format; and one mangled
 * field per case, each with its exact error or the record it leaves out.
 */
#include "harness.h"
#include "printk_text.h"
#include "m68kexec_printk.h"

#define FIX_MAX		(256u * 1024u)

struct fixture {
	uint8_t buf[FIX_MAX];
	size_t len;
};

static struct fixture sysrq, oops, m;

static int load(struct fixture *f, const char *name)
{
	const char *path = printk_fixture(name);
	FILE *fp = fopen(path, "rb");

	if (!fp) {
		fprintf(stderr, "cannot open %s\n", path);
		return -1;
	}
	f->len = fread(f->buf, 1, sizeof(f->buf), fp);
	fclose(fp);
	return f->len ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* The whole log as text                                               */

static int walk(const struct fixture *f, struct text *t, struct mk_printk_stats *st,
		struct mk_diag *d)
{
	memset(t, 0, sizeof(*t));
	d->code = 0;
	d->msg[0] = '\0';
	return mk_printk_walk(f->buf, f->len, collect, t, st, d);
}

/* Line i (0 is the first) of s, into out. */
static const char *line(const struct text *t, unsigned i, char *out, size_t n)
{
	const char *p = t->s, *end = t->s + t->len, *eol;

	out[0] = '\0';
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if (i-- == 0) {
			snprintf(out, n, "%.*s", (int)(eol - p), p);
			return out;
		}
		p = eol + 1;
	}
	return out;
}

static unsigned nlines(const struct text *t)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < t->len; i++)
		n += t->s[i] == '\n';
	return n;
}

/* The first line that contains needle, or "". */
static const char *find_line(const struct text *t, const char *needle, char *out, size_t n)
{
	unsigned i, k = nlines(t);

	for (i = 0; i < k; i++)
		if (strstr(line(t, i, out, n), needle))
			return out;
	out[0] = '\0';
	return out;
}

/* ------------------------------------------------------------------ */
/* The two real dumps                                                  */

static void test_sysrq(void)
{
	struct mk_printk_stats st;
	struct mk_diag d;
	struct text t;
	char l[400];

	BEGIN("printk/sysrq-log");
	if (CHECK_ERR(walk(&sysrq, &t, &st, &d), MK_OK)) {
		CHECK_EQ(st.descs, 90);
		CHECK_EQ(st.records, 89);
		CHECK_EQ(st.reused, 1);		/* the bootstrap descriptor at the tail */
		CHECK_EQ(st.unfinished, 0);
		CHECK_EQ(st.lost, 0);
		CHECK_EQ(st.count, 4096);
		CHECK_EQ(st.data_size, 128 * 1024);
		CHECK_EQ(st.fail, 0);
		CHECK_EQ(t.calls, 89);
		CHECK_EQ(nlines(&t), 95);
		CHECK_STR(line(&t, 0, l, sizeof(l)),
			  "[    0.000000] Linux version 6.12.118-virt (root@vm) (m68k-linux-gnu-gcc (Debian 12.2.0-13) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 Wed Dec  2 13:06:46 UTC 2026");
		CHECK_STR(line(&t, 1, l, sizeof(l)), "[    0.000000] random: crng init done");
		CHECK_STR(line(&t, 2, l, sizeof(l)), "[    0.000000] Saving 222 bytes of bootinfo");
		CHECK_STR(line(&t, 12, l, sizeof(l)),
			  "[    0.000000] crashkernel reserved: 0x0000000005800000 - 0x0000000007800000 (32 MB)");
		CHECK_STR(line(&t, 16, l, sizeof(l)),
			  "[    0.000000] Kernel command line: console=ttyGF0 crashkernel=32M e2e_stage=0 panic=1");
		CHECK_STR(find_line(&t, "Console:", l, sizeof(l)), "[    0.010000] Console: colour dummy device 80x25");
		CHECK_STR(line(&t, 64, l, sizeof(l)), "[    3.190000] sysrq: Trigger a crash");
		CHECK_STR(line(&t, 65, l, sizeof(l)),
			  "[    3.190000] Kernel panic - not syncing: sysrq triggered crash");
		CHECK_STR(line(&t, 66, l, sizeof(l)),
			  "[    3.190000] CPU: 0 UID: 0 PID: 26 Comm: kdump-helper Kdump: loaded Not tainted 6.12.118-virt #1 ");
		CHECK_STR(line(&t, 74, l, sizeof(l)),
			  "[    3.190000] Call Trace: [<00338672>] dump_stack+0xc/0x10");
		CHECK_STR(line(&t, 93, l, sizeof(l)), "[    3.190000] ");
		CHECK_STR(line(&t, 94, l, sizeof(l)),
			  "[    3.190000] Will call new kernel at 0x05802000. Bye...");
		CHECK(t.len > 0 && t.s[t.len - 1] == '\n');
	}
	free(t.s);
	END();
}

static void test_oops(void)
{
	struct mk_printk_stats st;
	struct mk_diag d;
	struct text t;
	char l[400];

	BEGIN("printk/oops-log");
	if (CHECK_ERR(walk(&oops, &t, &st, &d), MK_OK)) {
		CHECK_EQ(st.descs, 96);
		CHECK_EQ(st.records, 95);
		CHECK_EQ(st.reused, 1);
		CHECK_EQ(nlines(&t), 101);
		CHECK_STR(line(&t, 0, l, sizeof(l)),
			  "[    0.000000] Linux version 6.12.118-virt (root@vm) (m68k-linux-gnu-gcc (Debian 12.2.0-13) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 Wed Dec  2 13:06:46 UTC 2026");
		CHECK_STR(line(&t, 57, l, sizeof(l)), "[    0.750000] Run /init as init process");
		CHECK_STR(line(&t, 64, l, sizeof(l)),
			  "[    3.680000] lkdtm: Performing direct entry EXCEPTION");
		CHECK_STR(line(&t, 65, l, sizeof(l)),
			  "[    3.680000] Unable to handle kernel NULL pointer dereference at virtual address 00000000");
		CHECK_STR(line(&t, 66, l, sizeof(l)), "[    3.680000] Oops: 00000000");
		CHECK_STR(line(&t, 67, l, sizeof(l)),
			  "[    3.680000] PC: [<002cd024>] lkdtm_EXCEPTION+0x0/0x6");
		CHECK_STR(find_line(&t, "Process ", l, sizeof(l)),
			  "[    3.680000] Process kdump-helper (pid: 26, task=bf0f9dc1)");
		CHECK_STR(find_line(&t, "Code: ", l, sizeof(l)),
			  "[    3.680000] Code: fff4 4e5e 4e75 70f4 242e fff4 4e5e 4e75 <42b8> 0000 4e75 60fe 60fe 007c 0700 60fe 4e75 598f 48e7 001c 42af 000c 4878 0010");
		CHECK_STR(line(&t, 100, l, sizeof(l)),
			  "[    3.680000] Will call new kernel at 0x05802000. Bye...");
	}
	free(t.s);
	END();
}

/* A callback's non-zero return stops the walk and is returned. */
static void test_stop(void)
{
	struct mk_printk_stats st;
	struct mk_diag d;
	struct text t;

	BEGIN("printk/callback-stops-the-walk");
	memset(&t, 0, sizeof(t));
	t.stop_after = 3;
	CHECK_EQ(mk_printk_walk(sysrq.buf, sysrq.len, collect, &t, &st, &d), 7);
	CHECK_EQ(t.calls, 3);
	CHECK_EQ(st.records, 3);
	free(t.s);
	END();

	BEGIN("printk/no-callback-counts");
	CHECK_ERR(mk_printk_walk(sysrq.buf, sysrq.len, NULL, NULL, &st, NULL), MK_OK);
	CHECK_EQ(st.records, 89);
	END();
}

/* ------------------------------------------------------------------ */
/* VMCOREINFO and the dump's memory                                    */

static void test_vmcoreinfo(void)
{
	const char *info, *val;
	size_t info_len, n, off = 0;
	struct mk_diag d = { 0, "" };
	uint32_t v = 0;

	BEGIN("printk/vmcoreinfo-note");
	if (CHECK_ERR(mk_vmcore_info(sysrq.buf, sysrq.len, &info, &info_len, &d), MK_OK)) {
		CHECK_EQ(info_len, 2783);
		CHECK(mk_vmcoreinfo_value(info, info_len, "OSRELEASE", &val, &n));
		CHECK_EQ(n, 13);
		CHECK(strncmp(val, "6.12.118-virt", 13) == 0);
		CHECK(!mk_vmcoreinfo_value(info, info_len, "OSRELEAS", &val, &n));
		CHECK(!mk_vmcoreinfo_value(info, info_len, "SYMBOL(prb_x)", &val, &n));
		CHECK(!mk_vmcoreinfo_value(info, info_len, "", &val, &n));
	}
	END();

	BEGIN("printk/vmcoreinfo-numbers");
	if (CHECK_ERR(mk_vmcore_info(sysrq.buf, sysrq.len, &info, &info_len, &d), MK_OK)) {
		CHECK_ERR(mk_vmcoreinfo_number(info, info_len, "SYMBOL(prb)", &v, &d), MK_OK);
		CHECK_EQ(v, 0x3f440e);
		CHECK_ERR(mk_vmcoreinfo_number(info, info_len, "SIZE(printk_info)", &v, &d), MK_OK);
		CHECK_EQ(v, 88);
		CHECK_ERR(mk_vmcoreinfo_number(info, info_len, "NUMBER(VMALLOC_START)", &v, &d), MK_OK);
		CHECK_EQ(v, 0x8001000);
		CHECK_ERR(mk_vmcoreinfo_number(info, info_len, "NUMBER(PHYS_OFFSET)", &v, &d), MK_OK);
		CHECK_EQ(v, 0);
		CHECK_ERR(mk_vmcoreinfo_number(info, info_len, "NUMBER(PG_head_mask)", &v, &d), MK_OK);
		CHECK_EQ(v, 64);
		CHECK_ERR(mk_vmcoreinfo_number(info, info_len, "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)", &v, &d),
			  MK_ERR_CRASH_VALUE);
		CHECK_STR(d.msg, "VMCOREINFO NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-268435456 is not a 32-bit decimal number");
		CHECK_ERR(mk_vmcoreinfo_number(info, info_len, "OSRELEASE", &v, &d), MK_ERR_CRASH_VALUE);
		CHECK_STR(d.msg, "VMCOREINFO OSRELEASE=6.12.118-virt is not a 32-bit decimal number");
		CHECK_ERR(mk_vmcoreinfo_number(info, info_len, "SIZE(nothing)", &v, &d), MK_ERR_CRASH_VALUE);
		CHECK_STR(d.msg, "VMCOREINFO has no SIZE(nothing)");
	}
	END();

	BEGIN("printk/vmcoreinfo-number-forms");
	{
		static const char t[] = "A=0x\nB=12a\nC=0x1g\nSYMBOL(x)=ffffffff\nSYMBOL(y)=100000000\nD=\nE=4294967295\nF=0X1F";

		CHECK_ERR(mk_vmcoreinfo_number(t, sizeof(t) - 1, "A", &v, &d), MK_ERR_CRASH_VALUE);
		CHECK_STR(d.msg, "VMCOREINFO A=0x is not a 32-bit decimal number");
		CHECK_ERR(mk_vmcoreinfo_number(t, sizeof(t) - 1, "B", &v, &d), MK_ERR_CRASH_VALUE);
		CHECK_ERR(mk_vmcoreinfo_number(t, sizeof(t) - 1, "C", &v, &d), MK_ERR_CRASH_VALUE);
		CHECK_STR(d.msg, "VMCOREINFO C=0x1g is not a 32-bit hex number");
		CHECK_ERR(mk_vmcoreinfo_number(t, sizeof(t) - 1, "SYMBOL(x)", &v, &d), MK_OK);
		CHECK_EQ(v, 0xffffffffu);
		CHECK_ERR(mk_vmcoreinfo_number(t, sizeof(t) - 1, "SYMBOL(y)", &v, &d), MK_ERR_CRASH_VALUE);
		CHECK_ERR(mk_vmcoreinfo_number(t, sizeof(t) - 1, "D", &v, &d), MK_ERR_CRASH_VALUE);
		CHECK_ERR(mk_vmcoreinfo_number(t, sizeof(t) - 1, "E", &v, &d), MK_OK);
		CHECK_EQ(v, 0xffffffffu);
		CHECK_ERR(mk_vmcoreinfo_number(t, sizeof(t) - 1, "F", &v, &d), MK_OK);
		CHECK_EQ(v, 0x1f);
	}
	END();

	/* The fixture keeps physical 0x3f4000..0x3f7000 at file offset 0xc80. */
	BEGIN("printk/phys");
	CHECK_EQ(mk_vmcore_phys(sysrq.buf, sysrq.len, 0x3f4000, 0x3000, &off), 1);
	CHECK_EQ(off, 0xc80);
	CHECK_EQ(mk_vmcore_phys(sysrq.buf, sysrq.len, 0x3f440e, 4, &off), 1);
	CHECK_EQ(off, 0xc80 + 0x40e);
	CHECK_EQ(mk_vmcore_phys(sysrq.buf, sysrq.len, 0x3f6fff, 2, &off), 0);	/* crosses the end */
	CHECK_EQ(mk_vmcore_phys(sysrq.buf, sysrq.len, 0x3f3fff, 1, &off), 0);
	CHECK_EQ(mk_vmcore_phys(sysrq.buf, sysrq.len, 0, 1, &off), 0);
	CHECK_EQ(mk_vmcore_phys(sysrq.buf, 0x1000, 0x3f5000, 1, &off), -1);	/* truncated copy */
	END();
}

/* ------------------------------------------------------------------ */
/* The format                                                          */

static void test_format(void)
{
	static const struct {
		const char *name;
		uint64_t ts;
		const char *text;
		const char *want;
	} t[] = {
		{ "plain", 0, "Linux version 6.12", "[    0.000000] Linux version 6.12\n" },
		{ "time", 3190000123ull, "sysrq: Trigger a crash", "[    3.190000] sysrq: Trigger a crash\n" },
		{ "time-rounds-down", 999999999ull, "x", "[    0.999999] x\n" },
		{ "wide-seconds", 123456789000000000ull, "x", "[123456789.000000] x\n" },
		{ "empty", 1000, "", "[    0.000001] \n" },
		{ "multi-line", 5000000000ull, "one\ntwo\n\nfour",
		  "[    5.000000] one\n[    5.000000] two\n[    5.000000] \n[    5.000000] four\n" },
		{ "trailing-newline", 0, "a\n", "[    0.000000] a\n[    0.000000] \n" },
		{ "control-bytes", 0, "a\tb\033[2Jc\177d\001", "[    0.000000] a\tb\\x1b[2Jc\\x7fd\\x01\n" },
		{ "utf8-kept", 0, "caf\303\251", "[    0.000000] caf\303\251\n" },
		{ "backslash-kept", 0, "a\\b", "[    0.000000] a\\b\n" },
	};
	struct mk_printk_record r;
	char out[256];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		BEGIN("printk/format-%s", t[i].name);
		memset(&r, 0, sizeof(r));
		r.ts_nsec = t[i].ts;
		r.text = (const uint8_t *)t[i].text;
		r.text_len = (uint16_t)strlen(t[i].text);
		CHECK_EQ(mk_printk_format(&r, out, sizeof(out)), strlen(t[i].want));
		CHECK_STR(out, t[i].want);
		CHECK_EQ(mk_printk_format(&r, NULL, 0), strlen(t[i].want));
		END();
	}

	BEGIN("printk/format-nul-in-text");
	memset(&r, 0, sizeof(r));
	r.text = (const uint8_t *)"a\0b";
	r.text_len = 3;
	CHECK_EQ(mk_printk_format(&r, out, sizeof(out)), 22);
	CHECK_STR(out, "[    0.000000] a\\x00b\n");
	END();

	BEGIN("printk/format-cut-short");
	memset(&r, 0, sizeof(r));
	r.text = (const uint8_t *)"abc\ndef";
	r.text_len = 7;
	memset(out, 'X', sizeof(out));
	CHECK_EQ(mk_printk_format(&r, out, 20), 38);
	CHECK_STR(out, "[    0.000000] abc\n");
	CHECK_EQ(out[20], 'X');
	CHECK_EQ(mk_printk_format(&r, out, 1), 38);
	CHECK_STR(out, "");
	END();
}

/* ------------------------------------------------------------------ */
/* One mangled field per case                                          */

/* Where things are in the sysrq fixture (PAGE_OFFSET = PHYS_OFFSET = 0). */
#define RB		0x003f4412u	/* printk_rb_static, *prb */
#define RB_COUNT_BITS	(RB + 0)
#define RB_DESCS	(RB + 4)
#define RB_INFOS	(RB + 8)
#define RB_HEAD_ID	(RB + 12)
#define RB_TAIL_ID	(RB + 16)
#define RB_SIZE_BITS	(RB + 24)
#define RB_DATA		(RB + 28)
#define DESCS		0x0044c43eu
#define INFOS		0x003f443eu
#define DATA		0x00475c34u
#define DESC(slot)	(DESCS + (slot) * 12u)
#define INFO(slot)	(INFOS + (slot) * 88u)
/* Record 0 (slot 0, id 0x3ffff000): "Linux version ...", lpos begin is
 * the data ring's start. */
#define ID0		0x3ffff000u

static uint8_t *at(uint32_t va)
{
	size_t off = 0;

	if (mk_vmcore_phys(m.buf, m.len, va, 4, &off) != 1)
		abort();
	return m.buf + off;
}

static void set32(uint32_t va, uint32_t v)
{
	mk_put_be32(at(va), v);
}

static uint32_t get32(uint32_t va)
{
	return mk_be32(at(va));
}

/* Replace the first occurrence of from in the VMCOREINFO text by to (same length). */
static void info_edit(const char *from, const char *to)
{
	const char *info;
	size_t n, k = strlen(from), i;

	if (strlen(to) != k || mk_vmcore_info(m.buf, m.len, &info, &n, NULL))
		abort();
	for (i = 0; i + k <= n; i++)
		if (memcmp(info + i, from, k) == 0) {
			memcpy((char *)info + i, to, k);
			return;
		}
	abort();
}

static void m_short_header(void) { m.len = 40; }
static void m_empty(void) { m.len = 0; }
static void m_magic(void) { m.buf[1] = 'e'; }
static void m_class64(void) { m.buf[MK_ELF_EI_CLASS] = 2; }
static void m_little(void) { m.buf[MK_ELF_EI_DATA] = 1; }
static void m_machine(void) { mk_put_be16(m.buf + MK_ELF_E_MACHINE, 62); }
static void m_exec(void) { mk_put_be16(m.buf + MK_ELF_E_TYPE, MK_ELF_ET_EXEC); }
static void m_phentsize(void) { mk_put_be16(m.buf + MK_ELF_E_PHENTSIZE, 56); }
static void m_phnum0(void) { mk_put_be16(m.buf + MK_ELF_E_PHNUM, 0); }
static void m_phoff(void) { mk_put_be32(m.buf + MK_ELF_E_PHOFF, 35900); }
static void m_note_size(void) { mk_put_be32(m.buf + 52 + MK_ELF_P_FILESZ, 0x10000); }
/* The VMCOREINFO note's descsz (the second note, after CORE's 154 bytes). */
static void m_note_overrun(void) { mk_put_be32(m.buf + 0xd4 + 12 + 8 + 156 + 4, 0x1000); }
static void m_no_info(void) { m.buf[0xd4 + 12 + 8 + 156 + 12 + 9] = 'X'; }
static void m_no_prb(void) { info_edit("SYMBOL(prb)=", "SYMBOL(prx)="); }
static void m_prb_elsewhere(void) { info_edit("SYMBOL(prb)=3f440e", "SYMBOL(prb)=9f440e"); }
static void m_prb_not_hex(void) { info_edit("SYMBOL(prb)=3f440e", "SYMBOL(prb)=3f44g0"); }
static void m_no_phys_offset(void) { info_edit("NUMBER(PHYS_OFFSET)", "NUMBER(PHYS_OFFSEX)"); }
static void m_page_offset(void) { info_edit("NUMBER(PAGE_OFFSET)=0x0", "NUMBER(PAGE_OFFSET)=0x8"); }
static void m_info_size(void) { info_edit("SIZE(printk_info)=88", "SIZE(printk_info)=18"); }
static void m_desc_size_nan(void) { info_edit("SIZE(prb_desc)=12", "SIZE(prb_desc)=1x"); }
static void m_no_state_var(void) { info_edit("OFFSET(prb_desc.state_var)", "OFFSET(prb_desc.state_vax)"); }
static void m_lpos_off(void) { info_edit("OFFSET(prb_desc.text_blk_lpos)=4", "OFFSET(prb_desc.text_blk_lpos)=8"); }
static void m_long8(void) { info_edit("SIZE(atomic_long_t)=4", "SIZE(atomic_long_t)=8"); }
static void m_rb_elsewhere(void) { set32(0x3f440e, 0x00900000); }
static void m_rb_unmapped(void) { set32(0x3f440e, 0xfffffff0); }
static void m_count_bits(void) { set32(RB_COUNT_BITS, 27); }
static void m_size_bits_small(void) { set32(RB_SIZE_BITS, 2); }
static void m_size_bits_big(void) { set32(RB_SIZE_BITS, 32); }
static void m_head_state(void) { set32(RB_HEAD_ID, get32(RB_HEAD_ID) | 0x80000000u); }
static void m_span(void) { set32(RB_TAIL_ID, get32(RB_HEAD_ID) - 4096); }
static void m_descs_elsewhere(void) { set32(RB_DESCS, 0x00800000); }
static void m_descs_unmapped(void) { set32(RB_DESCS, 0xfffff000); }
static void m_infos_elsewhere(void) { set32(RB_INFOS, 0x00800000); }
static void m_data_unmapped(void) { set32(RB_DATA, 0xffff0000); }
static void m_data_elsewhere(void) { set32(RB_DATA, 0x00800000); }
static void m_lpos_backwards(void) { set32(DESC(0) + 4, get32(DESC(0) + 8) + 4); }
static void m_lpos_two_wraps(void) { set32(DESC(0) + 8, get32(DESC(0) + 4) + 0x40000); }
static void m_lpos_unaligned(void) { set32(DESC(0) + 4, get32(DESC(0) + 4) + 2); }
static void m_lpos_one_odd(void) { set32(DESC(0) + 8, get32(DESC(0) + 8) | 1); }
static void m_lpos_tiny(void) { set32(DESC(0) + 4, 0xfffdfffc); set32(DESC(0) + 8, 0xfffe0000); }
static void m_text_len(void) { mk_put_be16(at(INFO(0) + 16), 0xffff); }
static void m_text_len_block(void) { mk_put_be16(at(INFO(0) + 16), 161); }
static void m_block_id(void) { set32(DATA, ID0 + 1); }
static void m_empty_line_text(void) { set32(DESC(0) + 4, 3); set32(DESC(0) + 8, 3); }
static void m_text_outside(void) { set32(RB_DATA, 0x003f4c00); }

static const struct mangle {
	const char *name;
	void (*fn)(void);
	int want;
	const char *msg;
} mangles[] = {
	{ "empty", m_empty, MK_ERR_ELF_MAGIC, "not an ELF file (no \\177ELF magic at offset 0)" },
	{ "short-header", m_short_header, MK_ERR_ELF_TRUNCATED,
	  "truncated: the ELF header needs 52 bytes, the file has 40" },
	{ "magic", m_magic, MK_ERR_ELF_MAGIC, "not an ELF file (no \\177ELF magic at offset 0)" },
	{ "class64", m_class64, MK_ERR_ELF_CLASS,
	  "ELF class 2, data encoding 2: an m68k dump is ELF32 (1) big-endian (2)" },
	{ "little-endian", m_little, MK_ERR_ELF_CLASS,
	  "ELF class 1, data encoding 1: an m68k dump is ELF32 (1) big-endian (2)" },
	{ "machine", m_machine, MK_ERR_ELF_MACHINE, "ELF machine 62 (x86-64), want 4 (m68k)" },
	{ "not-a-core", m_exec, MK_ERR_ELF_MACHINE,
	  "ELF type 2 (ET_EXEC), want 4 (ET_CORE, a core dump): a dump is a core file" },
	{ "phentsize", m_phentsize, MK_ERR_ELF_PHDR, "program header entry size 56, expected 32" },
	{ "no-phdrs", m_phnum0, MK_ERR_ELF_PHDR, "no program headers: a dump has notes and memory" },
	{ "phdrs-past-end", m_phoff, MK_ERR_ELF_TRUNCATED,
	  "truncated: program headers at offset 0x8c3c..0x8cdc, the file has 35968 bytes" },
	{ "note-past-end", m_note_size, MK_ERR_ELF_TRUNCATED,
	  "truncated: PT_NOTE 0 at 0xd4..0x100d4, the file has 35968 bytes" },
	{ "note-overruns", m_note_overrun, MK_ERR_ELF_PHDR,
	  "PT_NOTE 0: the note at offset 0x184 (name 11 bytes, data 4096) overruns its segment" },
	{ "no-vmcoreinfo", m_no_info, MK_ERR_CRASH_VALUE,
	  "no VMCOREINFO note in the dump's 1 PT_NOTE segment: the old kernel lacks CONFIG_VMCORE_INFO" },
	{ "no-prb", m_no_prb, MK_ERR_CRASH_VALUE,
	  "VMCOREINFO has no SYMBOL(prb): the old kernel has no printk ring buffer to read (CONFIG_PRINTK off, or older than 5.10)" },
	{ "prb-not-in-dump", m_prb_elsewhere, MK_ERR_CRASH_VALUE,
	  "SYMBOL(prb) at 0x009f440e (physical 0x009f440e, 4 bytes) is not in the dump's memory" },
	{ "prb-not-hex", m_prb_not_hex, MK_ERR_CRASH_VALUE,
	  "VMCOREINFO SYMBOL(prb)=3f44g0 is not a 32-bit hex number" },
	{ "no-phys-offset", m_no_phys_offset, MK_ERR_CRASH_VALUE, "VMCOREINFO has no NUMBER(PHYS_OFFSET)" },
	{ "page-offset-above-prb", m_page_offset, MK_ERR_CRASH_VALUE, NULL },
	{ "info-size-short", m_info_size, MK_ERR_CRASH_VALUE,
	  "VMCOREINFO OFFSET(printk_info.caller_id)=20: a 4-byte field there ends past SIZE(printk_info)=18" },
	{ "desc-size-not-a-number", m_desc_size_nan, MK_ERR_CRASH_VALUE,
	  "VMCOREINFO SIZE(prb_desc)=1x is not a 32-bit decimal number" },
	{ "no-state-var-offset", m_no_state_var, MK_ERR_CRASH_VALUE,
	  "VMCOREINFO has no OFFSET(prb_desc.state_var)" },
	{ "lpos-offset-past-desc", m_lpos_off, MK_ERR_CRASH_VALUE,
	  "VMCOREINFO OFFSET(prb_desc.text_blk_lpos)=8: a 8-byte field there ends past SIZE(prb_desc)=12" },
	{ "long-8-bytes", m_long8, MK_ERR_CRASH_VALUE,
	  "VMCOREINFO SIZE(atomic_long_t)=8: an m68k kernel's long has 4 bytes" },
	{ "ringbuffer-not-in-dump", m_rb_elsewhere, MK_ERR_CRASH_VALUE,
	  "the printk_ringbuffer at 0x00900000 (physical 0x00900000, 44 bytes) is not in the dump's memory" },
	{ "ringbuffer-wraps", m_rb_unmapped, MK_ERR_CRASH_VALUE,
	  "the printk_ringbuffer at 0xfffffff0, 44 bytes, is not in the linear map (PAGE_OFFSET 0x00000000, PHYS_OFFSET 0x00000000)" },
	{ "count-bits", m_count_bits, MK_ERR_CRASH_VALUE,
	  "printk_ringbuffer at 0x003f4412: count_bits 27, the kernel makes at most 26" },
	{ "size-bits-small", m_size_bits_small, MK_ERR_CRASH_VALUE,
	  "printk_ringbuffer at 0x003f4412: text data ring size_bits 2, not 3..31" },
	{ "size-bits-big", m_size_bits_big, MK_ERR_CRASH_VALUE,
	  "printk_ringbuffer at 0x003f4412: text data ring size_bits 32, not 3..31" },
	{ "head-id-state-bits", m_head_state, MK_ERR_CRASH_VALUE,
	  "printk_ringbuffer at 0x003f4412: head_id 0xbffff058 or tail_id 0x3fffefff has more than 30 bits" },
	{ "ids-span-more-than-ring", m_span, MK_ERR_CRASH_VALUE,
	  "printk_ringbuffer at 0x003f4412: tail_id 1073733720 to head_id 1073737816 spans 4097 descriptors, the ring has 4096" },
	{ "descriptor-not-in-dump", m_descs_elsewhere, MK_ERR_CRASH_VALUE,
	  "descriptor 4095 at 0x0080bff4 (physical 0x0080bff4, 12 bytes) is not in the dump's memory" },
	{ "descriptors-not-mapped", m_descs_unmapped, MK_ERR_CRASH_VALUE,
	  "the descriptor array at 0xfffff000, 49152 bytes, is not in the linear map (PAGE_OFFSET 0x00000000, PHYS_OFFSET 0x00000000)" },
	{ "info-not-in-dump", m_infos_elsewhere, MK_ERR_CRASH_VALUE,
	  "printk_info 0 at 0x00800000 (physical 0x00800000, 88 bytes) is not in the dump's memory" },
	{ "data-ring-not-mapped", m_data_unmapped, MK_ERR_CRASH_VALUE,
	  "the text data ring at 0xffff0000, 131072 bytes, is not in the linear map (PAGE_OFFSET 0x00000000, PHYS_OFFSET 0x00000000)" },
	{ "text-not-in-dump", m_data_elsewhere, MK_ERR_CRASH_VALUE,
	  "the text of record 0 at 0x00800000 (physical 0x00800000, 159 bytes) is not in the dump's memory" },
	{ "text-outside-kept-pages", m_text_outside, MK_ERR_CRASH_VALUE, NULL },
	{ "lpos-backwards", m_lpos_backwards, MK_ERR_CRASH_VALUE,
	  "record 0 (descriptor 1073737728): lpos 0xfffe00a8..0xfffe00a4 is not a block of the 131072-byte text ring" },
	{ "lpos-two-wraps", m_lpos_two_wraps, MK_ERR_CRASH_VALUE,
	  "record 0 (descriptor 1073737728): lpos 0xfffe0000..0x00020000 is not a block of the 131072-byte text ring" },
	{ "lpos-unaligned", m_lpos_unaligned, MK_ERR_CRASH_VALUE,
	  "record 0 (descriptor 1073737728): lpos 0xfffe0002..0xfffe00a4 is not aligned to 4 bytes" },
	{ "lpos-one-odd", m_lpos_one_odd, MK_ERR_CRASH_VALUE,
	  "record 0 (descriptor 1073737728): lpos 0xfffe0000..0xfffe00a5 is not aligned to 4 bytes" },
	{ "wrapped-block-too-small", m_lpos_tiny, MK_ERR_CRASH_VALUE,
	  "record 0 (descriptor 1073737728): a 0-byte text block at 0x0 does not fit the 131072-byte text ring with its id" },
	{ "text-len-65535", m_text_len, MK_ERR_CRASH_VALUE,
	  "record 0 (descriptor 1073737728): text_len 65535 is beyond its 160-byte text block" },
	{ "text-len-past-block", m_text_len_block, MK_ERR_CRASH_VALUE,
	  "record 0 (descriptor 1073737728): text_len 161 is beyond its 160-byte text block" },
	{ "block-of-another-descriptor", m_block_id, MK_ERR_CRASH_VALUE,
	  "record 0 (descriptor 1073737728): its text block at lpos 0xfffe0000 belongs to descriptor 1073737729" },
	{ "empty-line-with-text", m_empty_line_text, MK_ERR_CRASH_VALUE,
	  "record 0 (descriptor 1073737728): text_len 155 for an empty line" },
};

static void test_mangles(void)
{
	struct mk_printk_stats st;
	struct mk_diag d;
	struct text t;
	size_t i;

	for (i = 0; i < sizeof(mangles) / sizeof(mangles[0]); i++) {
		BEGIN("printk/mangle-%s", mangles[i].name);
		m = sysrq;
		mangles[i].fn();
		CHECK_ERR(walk(&m, &t, &st, &d), mangles[i].want);
		CHECK_ERR(d.code, mangles[i].want);
		if (mangles[i].msg)
			CHECK_STR(d.msg, mangles[i].msg);
		else
			CHECK(d.msg[0] != '\0');
		free(t.s);
		END();
	}
}

/* The copy cut short: everything before the cut is read, then it stops. */
static void test_truncated(void)
{
	struct mk_printk_stats st;
	struct mk_diag d;
	struct text t;

	BEGIN("printk/truncated-copy");
	m = sysrq;
	m.len = 0x5c80 + 0xc34;	/* up to the text of record 0 */
	CHECK_ERR(walk(&m, &t, &st, &d), MK_ERR_ELF_TRUNCATED);
	CHECK_STR(d.msg, "truncated: the text of record 0 at 0x00475c34 (physical 0x00475c34) lies past the end of the file (26804 bytes)");
	free(t.s);
	END();

	BEGIN("printk/truncated-after-phdrs");
	m = sysrq;
	m.len = 200;
	CHECK_ERR(walk(&m, &t, &st, &d), MK_ERR_ELF_TRUNCATED);
	CHECK_STR(d.msg, "truncated: program headers at offset 0x34..0xd4, the file has 200 bytes");
	free(t.s);
	END();
}

/* Descriptors a reader leaves out: counted, never printed, no error. */
static void test_skipped(void)
{
	struct mk_printk_stats st;
	struct mk_diag d;
	struct text t;
	char l[400];

	BEGIN("printk/skip-committed");
	m = sysrq;
	set32(DESC(0), (1u << 30) | ID0);
	if (CHECK_ERR(walk(&m, &t, &st, &d), MK_OK)) {
		CHECK_EQ(st.records, 88);
		CHECK_EQ(st.unfinished, 1);
		CHECK_STR(line(&t, 0, l, sizeof(l)), "[    0.000000] random: crng init done");
	}
	free(t.s);
	END();

	BEGIN("printk/skip-reserved");
	m = sysrq;
	set32(DESC(0), ID0);
	if (CHECK_ERR(walk(&m, &t, &st, &d), MK_OK)) {
		CHECK_EQ(st.records, 88);
		CHECK_EQ(st.unfinished, 1);
	}
	free(t.s);
	END();

	BEGIN("printk/skip-reusable");
	m = sysrq;
	set32(DESC(0), (3u << 30) | ID0);
	if (CHECK_ERR(walk(&m, &t, &st, &d), MK_OK)) {
		CHECK_EQ(st.records, 88);
		CHECK_EQ(st.reused, 2);
	}
	free(t.s);
	END();

	BEGIN("printk/skip-reused-slot");
	m = sysrq;
	set32(DESC(0), (2u << 30) | (ID0 + 4096));	/* the id of the next wrap */
	if (CHECK_ERR(walk(&m, &t, &st, &d), MK_OK)) {
		CHECK_EQ(st.records, 88);
		CHECK_EQ(st.reused, 2);
	}
	free(t.s);
	END();

	BEGIN("printk/skip-lost-text");
	m = sysrq;
	set32(DESC(0) + 4, 1);
	set32(DESC(0) + 8, 1);
	if (CHECK_ERR(walk(&m, &t, &st, &d), MK_OK)) {
		CHECK_EQ(st.records, 88);
		CHECK_EQ(st.lost, 1);
	}
	free(t.s);
	END();

	BEGIN("printk/empty-line");
	m = sysrq;
	set32(DESC(0) + 4, 3);
	set32(DESC(0) + 8, 3);
	mk_put_be16(at(INFO(0) + 16), 0);
	if (CHECK_ERR(walk(&m, &t, &st, &d), MK_OK)) {
		CHECK_EQ(st.records, 89);
		CHECK_STR(line(&t, 0, l, sizeof(l)), "[    0.000000] ");
		CHECK_STR(line(&t, 1, l, sizeof(l)), "[    0.000000] random: crng init done");
	}
	free(t.s);
	END();

	/* text_len may take the whole block (the kernel pads to 4 bytes). */
	BEGIN("printk/text-len-fills-block");
	m = sysrq;
	mk_put_be16(at(INFO(0) + 16), 160);
	if (CHECK_ERR(walk(&m, &t, &st, &d), MK_OK))
		CHECK_EQ(st.records, 89);
	free(t.s);
	END();

	/* A data ring that ends at 4 GiB is still in the map (the text is
	 * then not in the dump). */
	BEGIN("printk/data-ring-at-the-top");
	m = sysrq;
	set32(RB_DATA, 0xfffe0000);
	CHECK_ERR(walk(&m, &t, &st, &d), MK_ERR_CRASH_VALUE);
	CHECK_STR(d.msg, "the text of record 0 at 0xfffe0000 (physical 0xfffe0000, 159 bytes) is not in the dump's memory");
	free(t.s);
	END();

	/* A block that wraps is kept at the data ring's start: move record
	 * 0's text block there by giving it lpos one wrap ahead. */
	BEGIN("printk/wrapped-block");
	m = sysrq;
	set32(DESC(0) + 4, get32(DESC(0) + 4) - 0x100);	/* 0xfffdff00..0xfffe00a4 */
	if (CHECK_ERR(walk(&m, &t, &st, &d), MK_OK)) {
		CHECK_EQ(st.records, 89);
		CHECK_STR(line(&t, 0, l, sizeof(l)),
			  "[    0.000000] Linux version 6.12.118-virt (root@vm) (m68k-linux-gnu-gcc (Debian 12.2.0-13) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 Wed Dec  2 13:06:46 UTC 2026");
	}
	free(t.s);
	END();
}

int main(void)
{
	if (load(&sysrq, "printk-virt-sysrq.core") || load(&oops, "printk-virt-oops.core")) {
		BEGIN("printk/fixtures");
		CHECK(!"the fixtures in tests/unit/data can be read");
		END();
		return DONE();
	}
	test_sysrq();
	test_oops();
	test_stop();
	test_vmcoreinfo();
	test_format();
	test_mangles();
	test_truncated();
	test_skipped();
	return DONE();
}
