// SPDX-License-Identifier: GPL-2.0-or-later
/* procfs, sysfs and the kexec syscalls. */
#include <errno.h>
#include <fcntl.h>
#include <linux/reboot.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"
#include "sys.h"

/* "Name:   N kB" in /proc/meminfo text, in bytes; 0 when absent. */
static uint64_t meminfo_field(const char *text, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, name, n) == 0 && p[n] == ':')
			return (uint64_t)strtoull(p + n + 1, NULL, 10) * 1024;
	return 0;
}

/* Read without stdio's scanf, which alone would add 50 KB to a static kexec. */
int mk_meminfo(uint64_t *total, uint64_t *available)
{
	char buf[4096];
	size_t len = 0;
	const char *path = "/proc/meminfo";
	int fd;

#if defined(MK_TEST_RECORD_KEXEC)
	/* The test double's machine: a small one, described by a file. */
	if (getenv("MK_TEST_MEMINFO"))
		path = getenv("MK_TEST_MEMINFO");
#endif
	fd = open(path, O_RDONLY | O_CLOEXEC);
	*total = *available = 0;
	if (fd < 0)
		return -1;
	/* The fields wanted are among the first lines: the rest may be cut. */
	while (len < sizeof(buf) - 1) {
		ssize_t r = read(fd, buf + len, sizeof(buf) - 1 - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	*total = meminfo_field(buf, "MemTotal");
	*available = meminfo_field(buf, "MemAvailable");
	return 0;
}

int mk_kexec_loaded(int crash)
{
	const char *path = crash ? "/sys/kernel/kexec_crash_loaded" : "/sys/kernel/kexec_loaded";
	char c = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c == '1' ? 1 : c == '0' ? 0 : -1;
}

#ifndef GRND_INSECURE
#define GRND_INSECURE 0x0004
#endif

/*
 * getrandom() blocks until the kernel's pool is initialised, and on m68k
 * machines with no entropy source (ARAnyM, many real ones early after
 * boot) that may be never.  A seed is still worth passing: take the best
 * the kernel has without blocking, and say when it was not ready.
 */
static ssize_t random_bytes(uint8_t *p, size_t n, int *weak)
{
	ssize_t r = getrandom(p, n, GRND_NONBLOCK);

	if (r >= 0 || errno != EAGAIN)
		return r;
	*weak = 1;
	r = getrandom(p, n, GRND_INSECURE);
	if (r >= 0 || errno != EINVAL)
		return r;
	{
		/* Kernels before 5.6 lack GRND_INSECURE; urandom never blocks. */
		int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			return -1;
		r = read(fd, p, n);
		close(fd);
		return r;
	}
}

int mk_random_seed(uint8_t *seed, size_t len, int *weak, struct mk_diag *d)
{
	size_t n = 0;

	*weak = 0;
	while (n < len) {
		ssize_t r = random_bytes(seed + n, len - n, weak);

		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			mk_fail(d, MK_ERR_RANDOM, "cannot get random bytes for the RNG seed: %s",
				strerror(r < 0 ? errno : EIO));
			return -1;
		}
		n += (size_t)r;
	}
	return 0;
}

/*
 * MK_TEST_RECORD_KEXEC: a test double, for host tests of the CLI only
 * (tests/fuzz/run.sh builds build/fuzz/kexec-record with it; no rule of
 * the Makefile defines it).  The host then passes for m68k, and
 * kexec_load is not called: the call is appended to the file named by
 * $MK_TEST_KEXEC_LOG, or fails with errno $MK_TEST_KEXEC_ERRNO;
 * $MK_TEST_MEMINFO names a file read instead of /proc/meminfo.
 */
int mk_host_is_m68k(void)
{
#if defined(__m68k__) || defined(__mc68000__) || defined(MK_TEST_RECORD_KEXEC)
	return 1;
#else
	return 0;
#endif
}

const char *mk_kexec_errno_hint(int err)
{
	switch (err) {
	case EPERM:
		return "not permitted: kexec needs root (CAP_SYS_BOOT), and kernel.kexec_load_disabled=0 and no lockdown";
	case ENOSYS:
		return "the running kernel was built without kexec (CONFIG_KEXEC)";
	case EINVAL:
		return "the kernel rejected the image (bad alignment, overlap, more than half of RAM, or a memory layout it cannot kexec from); the kernel log (dmesg) says which";
	case EBUSY:
		return "a kexec is already being loaded or executed";
	case ENOMEM:
		return "the kernel has not enough free memory to copy the segments";
	case EADDRNOTAVAIL:
		return "a segment lies outside the memory the kernel can use";
	default:
		return strerror(err);
	}
}

/* A kernel without kexec, or one that refused this load. */
static int __attribute__((unused)) load_code(int e)
{
	return e == ENOSYS ? MK_ERR_NO_KEXEC : MK_ERR_KEXEC_REFUSED;
}

int mk_sys_kexec_load(uint32_t entry, const struct mk_segment *seg,
		      unsigned nseg, unsigned long flags, struct mk_diag *d)
{
#if defined(MK_TEST_RECORD_KEXEC)
	const char *log = getenv("MK_TEST_KEXEC_LOG");
	const char *fail = getenv("MK_TEST_KEXEC_ERRNO");
	FILE *fp;
	unsigned i;

	if (fail && atoi(fail) > 0) {
		int e = atoi(fail);

		mk_fail(d, load_code(e), "kexec_load failed: %s (%s)", strerror(e), mk_kexec_errno_hint(e));
		return -1;
	}
	fp = log ? fopen(log, "ae") : NULL;
	if (!fp)
		return mk_fail(d, MK_ERR_INTERNAL, "test double: cannot open $MK_TEST_KEXEC_LOG"), -1;
	fprintf(fp, "load entry=%u nseg=%u flags=%lu\n", entry, nseg, flags);
	for (i = 0; i < nseg; i++) {
		uint32_t sum = 0, j;

		for (j = 0; j < seg[i].bufsz; j++)	/* every byte is readable */
			sum = sum * 31 + ((const uint8_t *)seg[i].buf)[j];
		fprintf(fp, "seg mem=%u memsz=%u bufsz=%u role=%s sum=%u\n", seg[i].mem,
			seg[i].memsz, seg[i].bufsz, mk_seg_role_name(seg[i].role), sum);
	}
	fclose(fp);
	return 0;
#elif defined(__m68k__) || defined(__mc68000__)
	struct {
		const void *buf;
		size_t bufsz;
		const void *mem;
		size_t memsz;
	} ks[MK_MAX_SEGMENTS];
	unsigned i;

	if (nseg > MK_MAX_SEGMENTS)
		return mk_fail(d, MK_ERR_TOO_MANY_SEGMENTS, "too many segments"), -1;
	for (i = 0; i < nseg; i++) {
		ks[i].buf = seg[i].buf;
		ks[i].bufsz = seg[i].bufsz;
		ks[i].mem = (const void *)(uintptr_t)seg[i].mem;
		ks[i].memsz = seg[i].memsz;
	}
	if (syscall(SYS_kexec_load, (unsigned long)entry, (unsigned long)nseg,
		    nseg ? ks : NULL, flags) != 0) {
		int e = errno;

		mk_fail(d, load_code(e), "kexec_load failed: %s (%s)", strerror(e), mk_kexec_errno_hint(e));
		return -1;
	}
	return 0;
#else
	(void)entry;
	(void)seg;
	(void)nseg;
	(void)flags;
	mk_fail(d, MK_ERR_NOT_M68K,
		"this kexec runs on a host that is not m68k: loading would hand an m68k kernel to another architecture (use --dry-run here)");
	return -1;
#endif
}

void mk_ifdown(void)
{
	struct if_nameindex *ifs, *i;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return;		/* a kernel without networking: nothing to do */
	ifs = if_nameindex();
	for (i = ifs; i && i->if_index; i++) {
		struct ifreq ifr;

		if (strcmp(i->if_name, "lo") == 0)
			continue;
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", i->if_name);
		if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0 || !(ifr.ifr_flags & IFF_UP))
			continue;
		ifr.ifr_flags &= ~IFF_UP;
		ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	if (ifs)
		if_freenameindex(ifs);
	close(s);
}

int mk_sys_reboot_kexec(struct mk_diag *d)
{
	int e;

	syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
		LINUX_REBOOT_CMD_KEXEC, NULL);
	e = errno;
	mk_fail(d, e == EINVAL ? MK_ERR_NOT_LOADED : MK_ERR_KEXEC_REFUSED,
		"reboot into the loaded kernel failed: %s%s", strerror(e),
		e == EINVAL ? " (no kernel is loaded)" : e == EPERM ?
		" (needs root / CAP_SYS_BOOT)" : "");
	return -1;
}
