// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Inputs the fuzzers (tests/fuzz/) found crashing an invariant, kept as
 * unit tests.  Each case names the fixing commit's subject.  The raw
 * crashing inputs are in tests/fuzz/regress/ and replayed by the fuzz
 * stage as well.
 */
#include <errno.h>

#include "harness.h"
#include "sys.h"

/* A vmlinux as the linker makes it: one PT_LOAD from file offset 0
 * (headers in its first page), _stext at 0x1000, _start at 0x2000. */
static uint8_t kernel[0x3000];

static void make_kernel(void)
{
	uint8_t *e = kernel, *ph = kernel + 52;
	size_t i;

	for (i = 0x1000; i < sizeof(kernel); i++)
		kernel[i] = (uint8_t)(i * 7 + 1);
	memcpy(e, "\177ELF\1\2\1", 7);
	mk_put_be16(e + 16, 2);			/* ET_EXEC */
	mk_put_be16(e + 18, 4);			/* EM_68K */
	mk_put_be32(e + 20, 1);
	mk_put_be32(e + 24, 0x2000);		/* e_entry */
	mk_put_be32(e + 28, 52);		/* e_phoff */
	mk_put_be16(e + 40, 52);
	mk_put_be16(e + 42, 32);
	mk_put_be16(e + 44, 1);
	mk_put_be32(ph, 1);			/* PT_LOAD */
	mk_put_be32(ph + 4, 0);
	mk_put_be32(ph + 8, 0);
	mk_put_be32(ph + 16, 0x3000);
	mk_put_be32(ph + 20, 0x5000);		/* bss to 0x5000 = _end */
}

/* A virt bootinfo with one memory chunk. */
static size_t make_bootinfo(uint8_t *b, uint32_t addr, uint32_t size)
{
	size_t n = 0;

	mk_put_be16(b + n, BI_MACHTYPE);
	mk_put_be16(b + n + 2, 8);
	mk_put_be32(b + n + 4, MACH_VIRT);
	n += 8;
	mk_put_be16(b + n, BI_MEMCHUNK);
	mk_put_be16(b + n + 2, 12);
	mk_put_be32(b + n + 4, addr);
	mk_put_be32(b + n + 8, size);
	n += 12;
	mk_put_be16(b + n, BI_LAST);
	mk_put_be16(b + n + 2, 4);
	return n + 4;
}

static struct mk_plan plan;

static int build(uint32_t chunk_addr, uint32_t chunk_size, const uint8_t *ramdisk,
		 uint64_t ramdisk_len, struct mk_diag *d)
{
	static uint8_t bibuf[64];
	static struct mk_bootinfo bi;
	struct mk_plan_input in;
	size_t n = make_bootinfo(bibuf, chunk_addr, chunk_size);

	if (mk_bi_parse(bibuf, n, &bi, d))
		return -1000;
	memset(&in, 0, sizeof(in));
	in.kernel = kernel;
	in.kernel_len = sizeof(kernel);
	in.bootinfo = &bi;
	in.cmdline = "console=ttyGF0";
	in.ramdisk = ramdisk;
	in.ramdisk_len = ramdisk_len;
	return mk_plan_build(&in, &plan, d);
}

int main(void)
{
	static const uint8_t ramdisk[7] = "initrd";
	struct mk_diag d = { 0, "" };

	make_kernel();

	/* fuzz-plan: a first chunk at 0x00fffeff put the kernel at an
	 * unaligned physical address and filled _end's page with zeros
	 * instead of kernel bytes.  Fix: "plan: refuse a first memory chunk
	 * that does not start on a page". */
	BEGIN("regress: first memory chunk not page aligned is refused");
	CHECK_ERR(build(0x00fffeff, 0xff000000u, NULL, 0, &d), MK_ERR_BI_VALUE);
	CHECK_CONTAINS(d.msg, "0x00fffeff");
	CHECK_ERR(build(0x01000000, 64u << 20, NULL, 0, &d), MK_OK);
	CHECK_EQ(plan.kernel_end, 0x01005000);
	END();

	/* fuzz-plan mutation: a kernel segment above head.S's initial
	 * mapping passed mk_plan_check() (only the bootinfo's end was
	 * compared with the mapping).  Fix: "plan: the checker keeps every
	 * kernel segment inside the initial mapping". */
	BEGIN("regress: kernel segment past the initial mapping is refused");
	if (CHECK_ERR(build(0, 160u << 20, ramdisk, sizeof(ramdisk), &d), MK_OK)) {
		unsigned i;

		for (i = 0; i < plan.nseg; i++)
			if (plan.seg[i].role == MK_SEG_RAMDISK)
				plan.seg[i].role = MK_SEG_KERNEL;
		CHECK(plan.ramdisk_addr >= 16u << 20);
		CHECK_ERR(mk_plan_check(&plan, &d), MK_ERR_INITIAL_MAP);
		CHECK_CONTAINS(d.msg, "initial mapping");
	}
	END();
	/* Non-root: what the kexec_load failure says (the CLI prints it
	 * after "kexec_load failed: Operation not permitted"). */
	BEGIN("faults: the EPERM hint names every cause");
	CHECK_CONTAINS(mk_kexec_errno_hint(EPERM), "root");
	CHECK_CONTAINS(mk_kexec_errno_hint(EPERM), "CAP_SYS_BOOT");
	CHECK_CONTAINS(mk_kexec_errno_hint(EPERM), "kexec_load_disabled");
	CHECK_CONTAINS(mk_kexec_errno_hint(EPERM), "lockdown");
	CHECK_CONTAINS(mk_kexec_errno_hint(ENOSYS), "CONFIG_KEXEC");
	END();
	/* EINVAL has several causes in the kernel, and only its log names
	 * the one (on m68k: a control page the MMU-off window cannot cover,
	 * kernel/README.md, patch 4). */
	BEGIN("faults: the EINVAL hint sends the user to the kernel log");
	CHECK_CONTAINS(mk_kexec_errno_hint(EINVAL), "more than half of RAM");
	CHECK_CONTAINS(mk_kexec_errno_hint(EINVAL), "the kernel log (dmesg) says which");
	END();
	return DONE();
}
