// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kdump-helper: the guest side of the kdump proof (static, m68k; run by
 * the e2e init's "run" stage command).
 *
 *   cat FILE...            print files (/proc/iomem, /sys/kernel/...)
 *   crash sysrq|oops [MB]  fill MB MiB (default: MemAvailable less an
 *                          eighth, at least 6 MiB)
 *                          with the pattern, then crash the kernel: sysrq c
 *                          through /proc/sysrq-trigger, or an oops with
 *                          panic_on_oops=1 through LKDTM's DIRECT file
 *   check [FILE [0]]       read the ELF core in FILE (/proc/vmcore): its
 *                          header, notes, loads, and (unless 0) every page,
 *                          counting and checking the pattern's
 *   copy SRC DST           copy SRC to DST (the dump to /dev/vda), timed
 *
 * The pattern: every 4 KiB page starts with "KDUMPPAT", be32 sequence
 * number, be32 the page's own physical frame number (from
 * /proc/self/pagemap), be32 a run nonce, be32 the number of pages; the
 * rest of the page is be32 words computed from the sequence number, the
 * nonce and the word's index.  A page found at physical address P in the
 * dump is intact when all its words match and its frame number is P/4096.
 *
 * Output lines start with "kdump " so that the host can find them among
 * the init's "E2E out" lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PAGE		4096u
#define MAGIC		"KDUMPPAT"
#define HDR_WORDS	6u	/* magic (2), seq, pfn, nonce, count */

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t word(uint32_t seq, uint32_t nonce, uint32_t i)
{
	uint32_t x = seq * 0x9e3779b1u ^ nonce ^ i * 0x85ebca77u;

	x ^= x >> 15;
	return x * 0x2c1b3c6du;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		printf("kdump error open %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = write(fd, s, strlen(s));
	close(fd);
	if (n != (ssize_t)strlen(s)) {
		printf("kdump error write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int cmd_cat(int argc, char **argv)
{
	char buf[4096];
	int i;

	for (i = 0; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY | O_CLOEXEC);
		ssize_t n;

		if (fd < 0) {
			printf("kdump cat %s: %s\n", argv[i], strerror(errno));
			continue;
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			fwrite(buf, 1, (size_t)n, stdout);
		close(fd);
	}
	return 0;
}

static long mem_available_mib(void)
{
	char line[128];
	FILE *fp = fopen("/proc/meminfo", "re");
	long kb = -1;

	while (fp && fgets(line, sizeof(line), fp))
		if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1)
			break;
	if (fp)
		fclose(fp);
	return kb < 0 ? -1 : kb / 1024;
}

/* Fill n pages at buf with the pattern, each page naming its frame. */
static int fill(uint8_t *buf, uint32_t n, uint32_t nonce)
{
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	uint64_t hash = 1469598103934665603ull, first = 0, last = 0;
	uint32_t i, w;

	if (fd < 0) {
		printf("kdump error pagemap: %s\n", strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		uint8_t *p = buf + (size_t)i * PAGE;
		uint64_t e;
		off_t off = (off_t)((uintptr_t)p / PAGE) * 8;

		p[0] = 1;	/* make sure the page exists before asking */
		if (pread(fd, &e, sizeof(e), off) != sizeof(e) || !(e >> 63)) {
			printf("kdump error pagemap entry of page %u\n", i);
			close(fd);
			return -1;
		}
		e &= (1ull << 55) - 1;
		memcpy(p, MAGIC, 8);
		put32(p + 8, i);
		put32(p + 12, (uint32_t)e);
		put32(p + 16, nonce);
		put32(p + 20, n);
		for (w = HDR_WORDS; w < PAGE / 4; w++)
			put32(p + 4 * w, word(i, nonce, w));
		hash = (hash ^ e) * 1099511628211ull;
		if (i == 0 || e < first)
			first = e;
		if (e > last)
			last = e;
	}
	close(fd);
	printf("kdump pattern pages=%u nonce=%08x pfn_min=%05" PRIx64 " pfn_max=%05" PRIx64
	       " pfn_hash=%016" PRIx64 "\n", n, nonce, first, last, hash);
	return 0;
}

static int cmd_crash(int argc, char **argv)
{
	long avail = mem_available_mib();
	long mib = argc > 1 ? atol(argv[1]) : avail - (avail / 8 > 6 ? avail / 8 : 6);
	uint32_t nonce = (uint32_t)time(NULL) ^ (uint32_t)getpid() * 2654435761u;
	uint8_t *buf;

	if (argc < 1 || (strcmp(argv[0], "sysrq") && strcmp(argv[0], "oops"))) {
		printf("kdump error crash wants sysrq or oops\n");
		return 2;
	}
	if (mib < 1) {
		printf("kdump error no memory to fill (%ld MiB)\n", mib);
		return 1;
	}
	buf = mmap(NULL, (size_t)mib << 20, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (buf == MAP_FAILED) {
		printf("kdump error mmap %ld MiB: %s\n", mib, strerror(errno));
		return 1;
	}
	if (mlock(buf, (size_t)mib << 20))
		printf("kdump note mlock: %s\n", strerror(errno));
	if (fill(buf, (uint32_t)(((size_t)mib << 20) / PAGE), nonce))
		return 1;
	fflush(stdout);
	sync();
	/* Let the init pass our lines on before the kernel stops. */
	sleep(1);
	if (!strcmp(argv[0], "sysrq")) {
		printf("kdump crashing sysrq\n");
		fflush(stdout);
		sleep(1);
		write_file("/proc/sysrq-trigger", "c");
	} else {
		mkdir("/sys/kernel/debug", 0755);
		if (mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) && errno != EBUSY)
			printf("kdump note mount debugfs: %s\n", strerror(errno));
		if (write_file("/proc/sys/kernel/panic_on_oops", "1"))
			return 1;
		printf("kdump crashing oops\n");
		fflush(stdout);
		sleep(1);
		write_file("/sys/kernel/debug/provoke-crash/DIRECT", "EXCEPTION");
	}
	printf("kdump error still alive after the crash\n");
	return 1;
}

/* ------------------------------------------------------------------ */
/* The dump                                                            */

struct load {
	uint32_t offset, paddr, vaddr, size;
};

static int pread_all(int fd, void *buf, size_t n, uint64_t off)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = pread(fd, (uint8_t *)buf + done, n - done, (off_t)(off + done));

		if (r <= 0)
			return -1;
		done += (size_t)r;
	}
	return 0;
}

/*
 * NT_PRSTATUS on m68k (ints aligned to 2 bytes): pr_pid at 22, pr_reg at
 * 70: d1-d7, a0-a6, d0, a7, orig_d0, sr, pc, format/vector.
 */
static void show_notes(const uint8_t *p, size_t len)
{
	size_t off = 0;

	while (off + 12 <= len) {
		uint32_t nsz = be32(p + off), dsz = be32(p + off + 4), type = be32(p + off + 8);
		size_t name = off + 12, desc = name + ((nsz + 3) & ~3u);
		size_t next = desc + ((dsz + 3) & ~3u);

		if (nsz == 0 || next > len)
			break;
		if (type == 1 && dsz >= 70 + 80 && !memcmp(p + name, "CORE", 4)) {
			const uint8_t *r = p + desc + 70;

			printf("kdump note prstatus pid=%u pc=%08x sr=%04x sp=%08x a6=%08x d0=%08x\n",
			       be32(p + desc + 22), be32(r + 18 * 4), be32(r + 17 * 4) & 0xffff,
			       be32(r + 15 * 4), be32(r + 13 * 4), be32(r + 14 * 4));
		} else if (!memcmp(p + name, "VMCOREINFO", 10)) {
			char line[200];
			const char *s = (const char *)p + desc, *e = s + dsz;

			while (s < e && *s) {
				const char *nl = memchr(s, '\n', (size_t)(e - s));
				size_t n = nl ? (size_t)(nl - s) : (size_t)(e - s);

				if (n >= sizeof(line))
					n = sizeof(line) - 1;
				memcpy(line, s, n);
				line[n] = '\0';
				if (!strncmp(line, "OSRELEASE", 9) || !strncmp(line, "PAGESIZE", 8) ||
				    strstr(line, "m68k") || strstr(line, "_OFFSET)") ||
				    !strncmp(line, "CRASHTIME", 9))
					printf("kdump vmcoreinfo %s\n", line);
				s = nl ? nl + 1 : e;
			}
		} else {
			printf("kdump note name=%.*s type=%u size=%u\n", (int)(nsz ? nsz - 1 : 0),
			       (const char *)p + name, type, dsz);
		}
		off = next;
	}
}

static int cmd_check(int argc, char **argv)
{
	const char *path = argc > 0 ? argv[0] : "/proc/vmcore";
	int scan = !(argc > 1 && !strcmp(argv[1], "0"));
	static uint8_t page[PAGE];
	uint8_t eh[52], *ph = NULL, *notes = NULL;
	struct load loads[64];
	unsigned nloads = 0, i, phnum, bad = 0;
	uint64_t pattern = 0, scanned = 0;
	uint32_t nonce = 0, count = 0;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		printf("kdump error open %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (fstat(fd, &st) == 0)
		printf("kdump vmcore size=%lld\n", (long long)st.st_size);
	if (pread_all(fd, eh, sizeof(eh), 0) || memcmp(eh, "\x7f" "ELF", 4)) {
		printf("kdump error %s: not an ELF file\n", path);
		return 1;
	}
	phnum = be16(eh + 44);
	printf("kdump elf class=%u data=%u type=%u machine=%u phnum=%u\n",
	       eh[4], eh[5], be16(eh + 16), be16(eh + 18), phnum);
	ph = malloc((size_t)phnum * 32);
	if (!ph || pread_all(fd, ph, (size_t)phnum * 32, be32(eh + 28)))
		return 1;
	for (i = 0; i < phnum; i++) {
		const uint8_t *h = ph + i * 32;
		uint32_t type = be32(h), off = be32(h + 4), size = be32(h + 16);

		if (type == 4) {
			notes = realloc(notes, size);
			if (!notes || pread_all(fd, notes, size, off))
				return 1;
			printf("kdump phdr note offset=%08x size=%u\n", off, size);
			show_notes(notes, size);
		} else if (type == 1 && nloads < 64) {
			loads[nloads].offset = off;
			loads[nloads].vaddr = be32(h + 8);
			loads[nloads].paddr = be32(h + 12);
			loads[nloads].size = size;
			printf("kdump phdr load paddr=%08x vaddr=%08x size=%08x\n",
			       loads[nloads].paddr, loads[nloads].vaddr, size);
			nloads++;
		}
	}
	/* Every page of every load: count the pattern's pages and check them. */
	for (i = 0; scan && i < nloads; i++) {
		uint32_t o;

		for (o = 0; o + PAGE <= loads[i].size; o += PAGE) {
			uint32_t w, seq, pfn;

			if (pread_all(fd, page, PAGE, (uint64_t)loads[i].offset + o))
				return 1;
			scanned++;
			if (memcmp(page, MAGIC, 8))
				continue;
			seq = be32(page + 8);
			pfn = be32(page + 12);
			if (!pattern) {
				nonce = be32(page + 16);
				count = be32(page + 20);
			}
			pattern++;
			if (pfn != (loads[i].paddr + o) / PAGE || be32(page + 16) != nonce) {
				bad++;
				continue;
			}
			for (w = HDR_WORDS; w < PAGE / 4; w++)
				if (be32(page + 4 * w) != word(seq, nonce, w))
					break;
			if (w != PAGE / 4)
				bad++;
		}
	}
	printf("kdump scan pages=%" PRIu64 " pattern=%" PRIu64 " expected=%u bad=%u nonce=%08x\n",
	       scanned, pattern, count, bad, nonce);
	free(ph);
	free(notes);
	close(fd);
	return 0;
}

static int cmd_copy(int argc, char **argv)
{
	static uint8_t buf[1 << 16];
	struct timespec t0, t1;
	uint64_t total = 0;
	int in, out;
	ssize_t n;

	if (argc < 2)
		return 2;
	in = open(argv[0], O_RDONLY | O_CLOEXEC);
	out = open(argv[1], O_WRONLY | O_CLOEXEC);
	if (in < 0 || out < 0) {
		printf("kdump error copy: %s\n", strerror(errno));
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			printf("kdump error copy write: %s\n", strerror(errno));
			return 1;
		}
		total += (uint64_t)n;
	}
	if (n < 0) {
		printf("kdump error copy read at %" PRIu64 ": %s\n", total, strerror(errno));
		return 1;
	}
	fsync(out);
	close(out);
	close(in);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("kdump copied bytes=%" PRIu64 " ms=%ld\n", total,
	       (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000));
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		fprintf(stderr, "usage: kdump-helper cat|crash|check|copy ...\n");
		return 2;
	}
	if (!strcmp(argv[1], "cat"))
		return cmd_cat(argc - 2, argv + 2);
	if (!strcmp(argv[1], "crash"))
		return cmd_crash(argc - 2, argv + 2);
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 2, argv + 2);
	if (!strcmp(argv[1], "copy"))
		return cmd_copy(argc - 2, argv + 2);
	fprintf(stderr, "kdump-helper: unknown command %s\n", argv[1]);
	return 2;
}
