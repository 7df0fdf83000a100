/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * procfs, sysfs and the syscalls (sys/kexec.c): meminfo, the loaded
 * flag, a seed that does not block, the words for kexec_load's errnos,
 * and a host that is not m68k never reaching kexec_load
 * (MK_ERR_NOT_M68K).
 */
#include "sys_util.h"

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
		CHECK_ERR(d.code, MK_ERR_NOT_M68K);
		CHECK_STR(d.msg, "this kexec runs on a host that is not m68k: loading would hand an m68k kernel to another architecture (use --dry-run here)");
		memset(&d, 0, sizeof(d));
		CHECK_EQ(mk_sys_kexec_load(0, NULL, 0, MK_KEXEC_ARCH_68K, &d), -1);
		CHECK_ERR(d.code, MK_ERR_NOT_M68K);
	}
	END();
#endif
}

int main(void)
{
	test_host();
	return DONE();
}
