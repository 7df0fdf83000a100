// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kexec program, run as users run it (fork + exec, path from argv[1]
 * or $MK_KEXEC): --dry-run --json prints the numbers mk_plan_build()
 * computes; exit codes for usage errors, bad input, things this host
 * cannot do; a load on a host that is not m68k loads nothing and never
 * runs shutdown (a fake one in PATH would notice).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef HAVE_ZLIB
#include <zlib.h>
#endif

#include "plan_util.h"
#include "tool.h"

static const char *kexec_bin;
static char tmpdir[64];
static char path_env[4096];

/* A path in the test's directory; kept until exit (freed with the lot). */
static char *paths[64];
static unsigned npaths;

static const char *tpath(const char *name)
{
	char *p = malloc(strlen(tmpdir) + strlen(name) + 2);
	unsigned i;

	sprintf(p, "%s/%s", tmpdir, name);
	for (i = 0; i < npaths; i++)
		if (strcmp(paths[i], p) == 0) {
			free(p);
			return paths[i];
		}
	if (npaths == sizeof(paths) / sizeof(paths[0]))
		abort();
	paths[npaths++] = p;
	return p;
}

static int write_file(const char *path, const void *p, size_t n, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	int ok;

	if (fd < 0)
		return -1;
	ok = n == 0 || write(fd, p, n) == (ssize_t)n;
	return close(fd) == 0 && ok ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Running kexec                                                        */

/* stdin is /dev/null; $PATH has the fake shutdown first. */
static const struct tool_opts opts = { .null_stdin = 1, .path_env = path_env };

#define RUN(r, ...) TOOL_RUN((r), kexec_bin, tmpdir, &opts, __VA_ARGS__)

#define CHECK_EXIT(r, want) __extension__ ({ \
	int h_s_ = (r)->status, h_w_ = (want); \
	h_s_ == h_w_ ? 1 : h_fail(__FILE__, __LINE__, "exit status %d, expected %d; stderr: %.200s", \
				   h_s_, h_w_, (r)->err); })

/* ------------------------------------------------------------------ */
/* A little JSON reading: the number after "key": (from p on).         */

static int json_num(const char *p, const char *key, uint64_t *v)
{
	char pat[64];
	const char *q;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	q = p ? strstr(p, pat) : NULL;
	if (!q)
		return 0;
	*v = strtoull(q + strlen(pat), NULL, 10);
	return 1;
}

#define CHECK_JSON(json, key, want) __extension__ ({ \
	uint64_t h_v_ = 0; \
	json_num((json), (key), &h_v_) ? CHECK_EQ(h_v_, (want)) : \
		h_fail(__FILE__, __LINE__, "no \"%s\" in the JSON", (key)); })

/* ------------------------------------------------------------------ */
/* Inputs                                                               */

static struct kimg kern;
static struct bib bib_v;
static uint8_t initrd[0x2345];

static const char *K, *KGZ, *KUN, *KENTRY, *BI, *RD, *BAD, *TRUNC, *MARK, *BI_SMALL;
static const char *KBZ2, *KPPC, *KREL;

#define UNSTRIPPED_TAIL	100000u

static int make_inputs(void)
{
	struct bib small;
	unsigned i;
	int err = 0;

	kern = kimg_default();
	bib_virt(&bib_v, 128u << 20);
	for (i = 0; i < sizeof(initrd); i++)
		initrd[i] = (uint8_t)(i ^ 0x5a);
	K = tpath("vmlinux");
	KGZ = tpath("vmlinux.gz");
	BI = tpath("bootinfo.virt");
	RD = tpath("initrd.img");
	BAD = tpath("not-a-kernel");
	TRUNC = tpath("vmlinux.cut");
	MARK = tpath("shutdown-ran");
	BI_SMALL = tpath("bootinfo.8m");
	err |= write_file(K, kern.buf, kern.len, 0644);
	/* An unstripped kernel: symbols after what a load reads. */
	KUN = tpath("vmlinux.unstripped");
	{
		size_t n = kern.len + UNSTRIPPED_TAIL;
		uint8_t *u = malloc(n);

		memcpy(u, kern.buf, kern.len);
		for (i = kern.len; i < n; i++)
			u[i] = (uint8_t)(i * 7);
		err |= write_file(KUN, u, n, 0644);
		free(u);
	}
	err |= write_file(BI, bib_v.buf, bib_v.len, 0644);
	err |= write_file(RD, initrd, sizeof(initrd), 0644);
	err |= write_file(BAD, "this is not an ELF file\n", 24, 0644);
	err |= write_file(TRUNC, kern.buf, 100, 0644);
	/* Entry 0x6000: _end, one past the image 0x1000..0x6000. */
	KENTRY = tpath("vmlinux.entry-outside");
	{
		struct kspec s = KSPEC_DEFAULT;
		struct kimg k;

		s.entry = 0x6000;
		k = kimg_build(&s);
		err |= write_file(KENTRY, k.buf, k.len, 0644);
		free(k.buf);
	}
	/* A bzip2 file (magic, block size, then anything) and ELF files
	 * for another machine and of another type. */
	KBZ2 = tpath("vmlinux.bz2");
	err |= write_file(KBZ2, "BZh91AY&SY\x01\x02", 12, 0644);
	KPPC = tpath("vmlinux.ppc");
	KREL = tpath("vmlinux.o");
	{
		uint8_t *c = malloc(kern.len);

		memcpy(c, kern.buf, kern.len);
		mk_put_be16(c + MK_ELF_E_MACHINE, 20);
		err |= write_file(KPPC, c, kern.len, 0644);
		memcpy(c, kern.buf, kern.len);
		mk_put_be16(c + MK_ELF_E_TYPE, 1);
		err |= write_file(KREL, c, kern.len, 0644);
		free(c);
	}
	bib_init(&small);
	bib_cpu(&small, MACH_VIRT, 4, 4, 4);
	bib_chunk(&small, 0, 8u << 20);
	bib_last(&small, 0);
	err |= write_file(BI_SMALL, small.buf, small.len, 0644);
#ifdef HAVE_ZLIB
	{
		uLongf n = compressBound(kern.len) + 64;
		uint8_t *z = malloc(n);
		z_stream s;

		memset(&s, 0, sizeof(s));
		deflateInit2(&s, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
		s.next_in = kern.buf;
		s.avail_in = (uInt)kern.len;
		s.next_out = z;
		s.avail_out = (uInt)n;
		deflate(&s, Z_FINISH);
		err |= write_file(KGZ, z, s.total_out, 0644);
		deflateEnd(&s);
		free(z);
	}
#endif
	/* A shutdown that tells on itself: plain loads must never reach it. */
	{
		char script[300], dir[200];

		snprintf(dir, sizeof(dir), "%s/bin", tmpdir);
		mkdir(dir, 0755);
		snprintf(script, sizeof(script), "#!/bin/sh\necho \"$@\" > '%s'\nexit 0\n", MARK);
		err |= write_file(tpath("bin/shutdown"), script, strlen(script), 0755);
		snprintf(path_env, sizeof(path_env), "%s:%s", dir,
			 getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	}
	return err;
}

static int kexec_loaded_now(void)
{
	int fd = open("/sys/kernel/kexec_loaded", O_RDONLY);
	char c = 0;

	if (fd < 0)
		return -1;
	if (read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c == '1' ? 1 : c == '0' ? 0 : -1;
}

/* ------------------------------------------------------------------ */

static struct mk_plan plan;
static struct mk_bootinfo bi;

/* The plan the library makes of the same inputs. */
static int library_plan(const char *cmdline, int with_ramdisk)
{
	struct mk_plan_input in;
	struct mk_diag d;

	if (mk_bi_parse(bib_v.buf, bib_v.len, &bi, &d))
		return -1;
	input_init(&in, &kern, &bi, cmdline);
	if (with_ramdisk) {
		in.ramdisk = initrd;
		in.ramdisk_len = sizeof(initrd);
	}
	return mk_plan_build(&in, &plan, &d);
}

static void check_json_plan(const char *json)
{
	const char *p;
	unsigned i;

	CHECK_JSON(json, "machine", MACH_VIRT);
	CHECK_JSON(json, "entry", plan.entry);
	CHECK_JSON(json, "memoffset", plan.memoffset);
	CHECK_JSON(json, "map_size", plan.map_size);
	CHECK_JSON(json, "kernel_start", plan.kernel_start);
	CHECK_JSON(json, "kernel_end", plan.kernel_end);
	CHECK_JSON(json, "bootinfo_addr", plan.bootinfo_addr);
	CHECK_JSON(json, "bootinfo_size", plan.bootinfo_size);
	CHECK_JSON(json, "copy_bytes", mk_plan_copy_bytes(&plan));
	CHECK_JSON(json, "ram_total", 128u << 20);
	CHECK_JSON(strstr(json, "\"chunks\":["), "addr", 0);
	CHECK_JSON(strstr(json, "\"chunks\":["), "size", 128u << 20);
	p = strstr(json, "\"segments\":[");
	if (!CHECK(p != NULL))
		return;
	for (i = 0; i < plan.nseg; i++) {
		char role[40];

		snprintf(role, sizeof(role), "{\"role\":\"%s\"", mk_seg_role_name(plan.seg[i].role));
		p = strstr(p, role);
		if (!CHECK(p != NULL))
			return;
		CHECK_JSON(p, "mem", plan.seg[i].mem);
		CHECK_JSON(p, "memsz", plan.seg[i].memsz);
		CHECK_JSON(p, "bufsz", plan.seg[i].bufsz);
		p++;
	}
	if (plan.ramdisk_size) {
		p = strstr(json, "\"ramdisk\":{");
		if (CHECK(p != NULL)) {
			CHECK_JSON(p, "addr", plan.ramdisk_addr);
			CHECK_JSON(p, "size", plan.ramdisk_size);
		}
	} else {
		CHECK_CONTAINS(json, "\"ramdisk\":null");
	}
}

static void test_dry_run(void)
{
	struct tool_run r;
	char opt_bi[256], opt_rd[256];

	snprintf(opt_bi, sizeof(opt_bi), "--bootinfo=%s", BI);
	snprintf(opt_rd, sizeof(opt_rd), "--initrd=%s", RD);

	BEGIN("cli/dry-run-json-numbers-equal-plan");
	{
		const char *args[] = { "--dry-run", "--json", opt_bi, opt_rd,
				       "--command-line=console=ttyGF0", K, NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		if (CHECK_EXIT(&r, 0) && CHECK_ERR(library_plan("console=ttyGF0", 1), MK_OK)) {
			CHECK_EQ(plan.nseg, 3);
			check_json_plan(r.out);
			CHECK_CONTAINS(r.out, "\"compression\":\"none\"");
			CHECK_CONTAINS(r.out, "\"cmdline\":\"console=ttyGF0\"");
			CHECK_JSON(r.out, "kernel_size", kern.len);
			CHECK(r.out[0] == '{');
			CHECK(strlen(r.out) > 2 && strcmp(r.out + strlen(r.out) - 2, "}\n") == 0);
		}
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/dry-run-unstripped-kernel");
	{
		const char *args[] = { "--dry-run", "--json", opt_bi, opt_rd,
				       "--command-line=console=ttyGF0", KUN, NULL };
		const char *text[] = { "--dry-run", opt_bi, KUN, NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		if (CHECK_EXIT(&r, 0) && CHECK_ERR(library_plan("console=ttyGF0", 1), MK_OK)) {
			check_json_plan(r.out);
			CHECK_JSON(r.out, "kernel_size", kern.len + UNSTRIPPED_TAIL);
			CHECK_JSON(r.out, "kernel_read", kern.len);
		}
		tool_run_free(&r);
		tool_run(&r, kexec_bin, tmpdir, &opts, text);
		if (CHECK_EXIT(&r, 0)) {
			char want[160];

			snprintf(want, sizeof(want), "(ELF, %zu bytes; the load reads %zu, the %u after (symbols, section headers) are not kept)",
				 kern.len + UNSTRIPPED_TAIL, kern.len, UNSTRIPPED_TAIL);
			CHECK_CONTAINS(r.out, want);
		}
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/dry-run-json-no-ramdisk");
	{
		const char *args[] = { "--dry-run", "--json", opt_bi, "--append=quiet", K, NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		if (CHECK_EXIT(&r, 0) && CHECK_ERR(library_plan("quiet", 0), MK_OK)) {
			check_json_plan(r.out);
			CHECK_CONTAINS(r.out, "\"cmdline\":\"quiet\"");
		}
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/dry-run-json-gzip-kernel");
#ifdef HAVE_ZLIB
	{
		const char *args[] = { "--dry-run", "--json", opt_bi, KGZ, NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		if (CHECK_EXIT(&r, 0) && CHECK_ERR(library_plan("", 0), MK_OK)) {
			check_json_plan(r.out);
			CHECK_CONTAINS(r.out, "\"compression\":\"gzip\"");
			CHECK_JSON(r.out, "kernel_size", kern.len);
		}
		tool_run_free(&r);
	}
	END();
#else
	SKIP("built without zlib");
#endif

	/* On a host that is not m68k the bootinfo's line stands for
	 * /proc/cmdline; BOOT_IMAGE= goes, --append adds. */
	BEGIN("cli/reuse-cmdline-append");
	{
		const char *args[] = { "--dry-run", "--json", opt_bi, "--reuse-cmdline",
				       "--append=quiet", K, NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		if (CHECK_EXIT(&r, 0))
			CHECK_CONTAINS(r.out, "\"cmdline\":\"console=ttyGF0 quiet\"");
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/dry-run-text");
	{
		const char *args[] = { "--dry-run", opt_bi, opt_rd, K, NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		if (CHECK_EXIT(&r, 0)) {
			CHECK_CONTAINS(r.out, "entry:     0x00002000");
			CHECK_CONTAINS(r.out, "kernel   0x00001000..0x00006000");
			CHECK_CONTAINS(r.out, "bootinfo 0x00006000..0x00007000");
			CHECK_CONTAINS(r.out, "ramdisk:   0x07ffd000, 9029 bytes");
			CHECK_CONTAINS(r.out, "empty");
		}
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/debug-says-empty-cmdline");
	{
		const char *args[] = { "-d", "-l", opt_bi, K, NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		CHECK_EXIT(&r, 5);
		CHECK_CONTAINS(r.err, "cmdline:");
		CHECK_CONTAINS(r.err, "empty");
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/debug-with-cmdline-not-empty");
	{
		const char *args[] = { "-d", "-l", opt_bi, "--append=console=ttyGF0", K, NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		CHECK_EXIT(&r, 5);
		CHECK_CONTAINS(r.err, "\"console=ttyGF0\"");
		CHECK(strstr(r.err, "(empty") == NULL);
		tool_run_free(&r);
	}
	END();
}

static void test_exit_codes(void)
{
	struct tool_run r;
	char opt_bi[256], opt_small[256], opt_rd[256];
	int loaded = kexec_loaded_now();

	snprintf(opt_bi, sizeof(opt_bi), "--bootinfo=%s", BI);
	snprintf(opt_small, sizeof(opt_small), "--bootinfo=%s", BI_SMALL);
	snprintf(opt_rd, sizeof(opt_rd), "--initrd=%s", RD);

	BEGIN("cli/usage-unknown-option");
	RUN(&r, "--bogus");
	CHECK_EXIT(&r, 2);
	CHECK_CONTAINS(r.err, "--help");
	tool_run_free(&r);
	END();

	BEGIN("cli/usage-json-without-dry-run");
	RUN(&r, "--json", "-l", "/nonexistent");
	CHECK_EXIT(&r, 2);
	tool_run_free(&r);
	END();

	BEGIN("cli/usage-two-actions");
	RUN(&r, "-l", "-u", "/nonexistent");
	CHECK_EXIT(&r, 2);
	tool_run_free(&r);
	END();

	BEGIN("cli/usage-no-kernel");
	RUN(&r, "-l");
	CHECK_EXIT(&r, 2);
	CHECK_CONTAINS(r.err, "no kernel");
	tool_run_free(&r);
	END();

	BEGIN("cli/usage-extra-argument");
	RUN(&r, "-l", "a", "b");
	CHECK_EXIT(&r, 2);
	tool_run_free(&r);
	END();

	BEGIN("cli/usage-bad-address");
	RUN(&r, "--mem-min=banana", "-l", "x");
	CHECK_EXIT(&r, 2);
	CHECK_CONTAINS(r.err, "--mem-min");
	tool_run_free(&r);
	RUN(&r, "--mem-max=0x100000000", "-l", "x");
	CHECK_EXIT(&r, 2);
	tool_run_free(&r);
	RUN(&r, "--entry=-1", "-l", "x");
	CHECK_EXIT(&r, 2);
	tool_run_free(&r);
	END();

	/* One number syntax in both tools: decimal (a leading 0 too) or 0x
	 * hex; sizes may end in K, M or G.  --mem-max=010000 is 10000, so
	 * the kernel (up to 0x6000) is outside it; octal would say 0x1000. */
	BEGIN("cli/numbers-decimal-or-hex");
	{
		const char *mem_max[] = { "--dry-run", opt_bi, "--mem-max=010000", K, NULL };
		const char *region[] = { "-p", "--dry-run", "--json", opt_bi,
					 "--crash-region=010M@0100663296", K, NULL };
		static const char want_region[] =
			"{\"crash\":{\"region\":{\"addr\":100663296,\"size\":10485760},";

		tool_run(&r, kexec_bin, tmpdir, &opts, mem_max);
		CHECK_EXIT(&r, 3);
		CHECK_STR(r.err, "kexec: segment 0 (kernel, 0x00001000..0x00006000): outside --mem-min 0x00000000 / --mem-max 0x00002710\n");
		tool_run_free(&r);
		tool_run(&r, kexec_bin, tmpdir, &opts, region);
		CHECK_EXIT(&r, 0);
		CHECK(strncmp(r.out, want_region, strlen(want_region)) == 0);
		tool_run_free(&r);
		RUN(&r, "--mem-min=0x", "-l", "x");
		CHECK_EXIT(&r, 2);
		CHECK_STR(r.err, "kexec: 0x: --mem-min wants a 32-bit address\nTry 'kexec --help'.\n");
		tool_run_free(&r);
		RUN(&r, "-p", "--dry-run", "--crash-region=4G@0", "x");
		CHECK_EXIT(&r, 2);
		CHECK_STR(r.err, "kexec: 4G@0: --crash-region wants SIZE@ADDR (SIZE may end in K, M or G)\nTry 'kexec --help'.\n");
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/usage-bad-type");
	RUN(&r, "-t", "bzImage", "-l", "x");
	CHECK_EXIT(&r, 2);
	CHECK_CONTAINS(r.err, "elf-m68k");
	tool_run_free(&r);
	END();

	BEGIN("cli/version-and-help");
	RUN(&r, "-v");
	CHECK_EXIT(&r, 0);
	CHECK_CONTAINS(r.out, "kexec (m68k-kexec)");
	tool_run_free(&r);
	RUN(&r, "--help");
	CHECK_EXIT(&r, 0);
	CHECK_CONTAINS(r.out, "Usage: kexec");
	tool_run_free(&r);
	END();

	BEGIN("cli/bad-kernel-names-file");
	{
		const char *args[] = { "-l", opt_bi, BAD, NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		CHECK_EXIT(&r, 1);
		CHECK_CONTAINS(r.err, BAD);
		CHECK_CONTAINS(r.err, "ELF");
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/truncated-kernel-names-file");
	{
		const char *args[] = { "--dry-run", opt_bi, TRUNC, NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		CHECK_EXIT(&r, 1);
		CHECK_CONTAINS(r.err, TRUNC);
		CHECK_CONTAINS(r.err, "truncated");
		tool_run_free(&r);
	}
	END();

	/* An entry point outside the kernel is bad input (1), whether the
	 * kernel's own or --entry's, not a plan that does not fit (3). */
	BEGIN("cli/entry-outside-kernel-exit-1");
	{
		const char *args[] = { "--dry-run", opt_bi, KENTRY, NULL };
		const char *given[] = { "--dry-run", opt_bi, "--entry=0x7000000", K, NULL };
		char want[300];

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		snprintf(want, sizeof(want),
			 "kexec: %s: entry point 0x6000 lies outside the loaded image 0x1000..0x6000\n",
			 KENTRY);
		CHECK_EXIT(&r, 1);
		CHECK_STR(r.err, want);
		CHECK_STR(r.out, "");
		tool_run_free(&r);
		tool_run(&r, kexec_bin, tmpdir, &opts, given);
		CHECK_EXIT(&r, 1);
		CHECK_STR(r.err, "kexec: entry point 0x07000000 is not inside a kernel segment\n");
		CHECK_STR(r.out, "");
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/missing-kernel");
	{
		const char *args[] = { "--dry-run", opt_bi, tpath("no-such-vmlinux"), NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		CHECK_EXIT(&r, 1);
		CHECK_CONTAINS(r.err, "no-such-vmlinux");
		CHECK_CONTAINS(r.err, strerror(ENOENT));
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/missing-bootinfo-file");
	{
		const char *args[] = { "--dry-run", "--bootinfo=/nonexistent/bootinfo", K, NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		CHECK_EXIT(&r, 1);
		CHECK_CONTAINS(r.err, "/nonexistent/bootinfo");
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/bad-bootinfo-file-names-it");
	{
		const char *args[] = { "--dry-run", "--bootinfo", BAD, K, NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		CHECK_EXIT(&r, 1);
		CHECK_CONTAINS(r.err, BAD);
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/no-proc-bootinfo");
	if (access("/proc/bootinfo", F_OK) == 0) {
		SKIP("this host has /proc/bootinfo");
	} else {
		const char *args[] = { "--dry-run", K, NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		CHECK_EXIT(&r, 5);
		CHECK_CONTAINS(r.err, "CONFIG_BOOTINFO_PROC");
		tool_run_free(&r);
		END();
	}

	BEGIN("cli/file-syscall-unsupported");
	RUN(&r, "-s", "-l", "x");
	CHECK_EXIT(&r, 5);
	CHECK_CONTAINS(r.err, "kexec_file_load");
	tool_run_free(&r);
	END();

	BEGIN("cli/load-panic-unsupported");
	RUN(&r, "-p", "-l", "x");
	CHECK_EXIT(&r, 5);
	tool_run_free(&r);
	END();

	BEGIN("cli/cmdline-too-long");
	{
		char opt[400];
		const char *args[] = { "--dry-run", opt_bi, opt, K, NULL };

		snprintf(opt, sizeof(opt), "--command-line=");
		memset(opt + strlen(opt), 'x', 300);
		opt[strlen("--command-line=") + 300] = '\0';
		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		CHECK_EXIT(&r, 1);
		CHECK_CONTAINS(r.err, "300 characters");
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/command-line-with-reuse");
	{
		const char *args[] = { "--dry-run", opt_bi, "--command-line=a", "--reuse-cmdline", K, NULL };

		/* Two options that exclude each other: a usage error, found
		 * before any file is read. */
		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		CHECK_EXIT(&r, 2);
		CHECK_CONTAINS(r.err, "--reuse-cmdline");
		tool_run_free(&r);
	}
	END();

	/* 8 MiB of RAM: a 5 MiB ramdisk is more than half: does not fit. */
	BEGIN("cli/does-not-fit-exit-3");
	{
		static uint8_t big[5u << 20];
		char opt_big[256];
		const char *args[] = { "--dry-run", opt_small, opt_big, K, NULL };

		write_file(tpath("big.img"), big, sizeof(big), 0644);
		snprintf(opt_big, sizeof(opt_big), "--initrd=%s", tpath("big.img"));
		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		CHECK_EXIT(&r, 3);
		CHECK_CONTAINS(r.err, "half");
		tool_run_free(&r);
	}
	END();

	/* A real load on this host: refused, nothing loaded, no shutdown. */
	BEGIN("cli/load-on-non-m68k-host");
	{
		const char *args[] = { "-l", opt_bi, opt_rd, K, NULL };

		unlink(MARK);
		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		CHECK_EXIT(&r, 5);
		CHECK_CONTAINS(r.err, "not m68k");
		CHECK_EQ(kexec_loaded_now(), loaded);
		CHECK(access(MARK, F_OK) != 0);
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/default-action-never-reaches-shutdown");
	{
		const char *args[] = { opt_bi, K, NULL };

		unlink(MARK);
		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		CHECK_EXIT(&r, 5);
		CHECK(access(MARK, F_OK) != 0);
		CHECK_EQ(kexec_loaded_now(), loaded);
		tool_run_free(&r);
	}
	END();

	BEGIN("cli/unload-on-non-m68k-host");
	RUN(&r, "-u");
	CHECK_EXIT(&r, 5);
	CHECK_EQ(kexec_loaded_now(), loaded);
	tool_run_free(&r);
	END();

	/* One action per call: "-l -S" is now a usage error (it was -S). */
	BEGIN("cli/status");
	RUN(&r, "-S");
	CHECK_EXIT(&r, loaded == 1 ? 0 : 1);
	tool_run_free(&r);
	RUN(&r, "-l", "-S");
	CHECK_EXIT(&r, 2);
	tool_run_free(&r);
	END();
}

/* ------------------------------------------------------------------ */
/* Exact messages and exit statuses, one row a case.  In args and in   */
/* the expected texts, @BI stands for --bootinfo=(the virt bootinfo),  */
/* @K for the kernel, @BZ2, @PPC and @REL for the bad kernels.         */

#define TRY_HELP	"Try 'kexec --help'.\n"
#define ONE_ACTION	"kexec: give only one action: -l, -e, -f, -u, -S or --print-ckr-size\n" TRY_HELP

struct cli_case {
	const char *name;
	const char *args[12];
	int exit;
	const char *err;	/* exact stderr */
	const char *out;	/* NULL: not checked */
};

static const struct cli_case cli_cases[] = {
	/* Messages that mislead no more. */
	{ "msg/mem-min-alone-no-phantom-max", { "--dry-run", "@BI", "--mem-min=0x7000000", "@K" }, 3,
	  "kexec: segment 0 (kernel, 0x00001000..0x00006000): below --mem-min 0x07000000\n", "" },
	{ "msg/nine-appends-name-the-limit",
	  { "--append=1", "--append=2", "--append=3", "--append=4", "--append=5", "--append=6",
	    "--append=7", "--append=8", "--append=9", "-l", "x" }, 2,
	  "kexec: --append=9: at most 8 --append options may be given\n" TRY_HELP, "" },
	{ "msg/mem-min-above-mem-max-is-usage", { "--mem-min=0x2000", "--mem-max=0x1000", "-l", "x" }, 2,
	  "kexec: --mem-min 0x00002000 is above --mem-max 0x00001000\n" TRY_HELP, "" },
	{ "msg/mem-min-banana-is-usage", { "--mem-min=banana", "-l", "x" }, 2,
	  "kexec: banana: --mem-min wants a 32-bit address\n" TRY_HELP, "" },
	{ "msg/bzip2-kernel-named", { "--dry-run", "@BI", "@BZ2" }, 1,
	  "kexec: @BZ2: bzip2-compressed, which kexec does not read: give an ELF vmlinux, plain or compressed with gzip, xz, lzma or zstd\n", "" },
	{ "msg/elf-machine-named", { "--dry-run", "@BI", "@PPC" }, 1,
	  "kexec: @PPC: ELF machine 20 (PowerPC), want 4 (m68k)\n", "" },
	{ "msg/elf-type-named", { "--dry-run", "@BI", "@REL" }, 1,
	  "kexec: @REL: ELF type 1 (ET_REL, an object file), want 2 (ET_EXEC): a kernel is an executable\n", "" },
	/* One action per call; an action that takes no kernel takes none. */
	{ "mode/load-and-status", { "-l", "-S", "x" }, 2, ONE_ACTION, "" },
	{ "mode/status-and-load", { "-S", "-l", "x" }, 2, ONE_ACTION, "" },
	{ "mode/load-and-exec", { "-l", "-e", "x" }, 2, ONE_ACTION, "" },
	{ "mode/status-and-unload", { "-S", "-u" }, 2, ONE_ACTION, "" },
	{ "mode/exec-and-force", { "-e", "-f", "x" }, 2, ONE_ACTION, "" },
	{ "mode/print-ckr-size-and-load", { "--print-ckr-size", "-l", "x" }, 2, ONE_ACTION, "" },
	{ "mode/same-action-twice", { "-l", "-l", "--dry-run", "@BI", "@K" }, 0, "", NULL },
	{ "mode/unload-with-kernel", { "-u", "vmlinux" }, 2, "kexec: vmlinux: -u takes no kernel\n" TRY_HELP, "" },
	{ "mode/status-with-kernel", { "-S", "vmlinux" }, 2, "kexec: vmlinux: -S takes no kernel\n" TRY_HELP, "" },
	{ "mode/exec-with-kernel", { "-e", "vmlinux" }, 2, "kexec: vmlinux: -e takes no kernel\n" TRY_HELP, "" },
	{ "mode/panic-status-with-kernel", { "-p", "-S", "vmlinux" }, 2, "kexec: vmlinux: -S takes no kernel\n" TRY_HELP, "" },
	{ "mode/print-ckr-size-with-kernel", { "--print-ckr-size", "vmlinux" }, 2,
	  "kexec: vmlinux: --print-ckr-size takes no kernel\n" TRY_HELP, "" },
	{ "mode/panic-exec", { "-p", "-e" }, 2,
	  "kexec: -p loads a kernel that runs only on a panic; -e and -f boot the one loaded with -l\n" TRY_HELP, "" },
	/* kexec-tools' options: honoured, or refused by name. */
	{ "kt/no-checks-short", { "-i", "--dry-run", "@BI", "@K" }, 0, "", NULL },
	{ "kt/no-checks-long", { "--no-checks", "--dry-run", "@BI", "@K" }, 0, "", NULL },
	{ "kt/reuseinitrd", { "--reuseinitrd", "-l", "x" }, 5, "kexec: --reuseinitrd: not supported on m68k\n", "" },
	{ "kt/load-preserve-context", { "--load-preserve-context", "-l", "x" }, 5,
	  "kexec: --load-preserve-context: not supported on m68k\n", "" },
	{ "kt/load-jump-back-helper", { "--load-jump-back-helper=0x1000" }, 5,
	  "kexec: --load-jump-back-helper: not supported on m68k\n", "" },
	{ "kt/load-live-update", { "--load-live-update", "-l", "x" }, 5,
	  "kexec: --load-live-update: not supported on m68k\n", "" },
	{ "kt/exec-live-update", { "--exec-live-update" }, 5,
	  "kexec: --exec-live-update: not supported on m68k\n", "" },
	{ "kt/hotplug", { "--hotplug", "-l", "x" }, 5, "kexec: --hotplug: not supported on m68k\n", "" },
};

/* s with every @TOKEN replaced; freed by the caller. */
static char *expand(const char *s)
{
	char opt_bi[300];
	const struct { const char *tok, *val; } t[] = {
		{ "@BI", opt_bi }, { "@BZ2", KBZ2 }, { "@PPC", KPPC }, { "@REL", KREL }, { "@K", K },
	};
	size_t cap = strlen(s) * 4 + 1024, n = 0;
	char *out = malloc(cap);

	snprintf(opt_bi, sizeof(opt_bi), "--bootinfo=%s", BI);
	while (*s) {
		size_t i, len = 0;

		for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
			if (strncmp(s, t[i].tok, strlen(t[i].tok)) == 0 &&
			    !(s[strlen(t[i].tok)] >= 'A' && s[strlen(t[i].tok)] <= 'Z')) {
				len = strlen(t[i].tok);
				n += (size_t)snprintf(out + n, cap - n, "%s", t[i].val);
				break;
			}
		if (!len) {
			out[n++] = *s;
			len = 1;
		}
		s += len;
	}
	out[n] = '\0';
	return out;
}

static void test_cli_cases(void)
{
	unsigned i, j;

	for (i = 0; i < sizeof(cli_cases) / sizeof(cli_cases[0]); i++) {
		const struct cli_case *c = &cli_cases[i];
		char *args[13];
		struct tool_run r;

		BEGIN("cli/%s", c->name);
		for (j = 0; c->args[j]; j++)
			args[j] = expand(c->args[j]);
		args[j] = NULL;
		tool_run(&r, kexec_bin, tmpdir, &opts, (const char *const *)args);
		CHECK_EXIT(&r, c->exit);
		{
			char *err = expand(c->err);

			CHECK_STR(r.err, err);
			free(err);
		}
		if (c->out)
			CHECK_STR(r.out, c->out);
		tool_run_free(&r);
		while (j)
			free(args[--j]);
		END();
	}
}

/* The empty line asked for is passed, and said to be asked for. */
static void test_empty_cmdline(void)
{
	struct tool_run r;
	char opt_bi[300];

	snprintf(opt_bi, sizeof(opt_bi), "--bootinfo=%s", BI);
	BEGIN("cli/empty-command-line-text");
	{
		const char *args[] = { "--dry-run", opt_bi, "--command-line=", K, NULL };
		const char *none[] = { "--dry-run", opt_bi, K, NULL };
		const char *json[] = { "--dry-run", "--json", opt_bi, "--command-line=", K, NULL };

		tool_run(&r, kexec_bin, tmpdir, &opts, args);
		CHECK_EXIT(&r, 0);
		CHECK_CONTAINS(r.out, "\ncmdline:   \"\" (empty, as --command-line= asked)\n");
		tool_run_free(&r);
		tool_run(&r, kexec_bin, tmpdir, &opts, none);
		CHECK_EXIT(&r, 0);
		CHECK_CONTAINS(r.out, "\ncmdline:   \"\" (empty: no --command-line, --reuse-cmdline or --append was given)\n");
		tool_run_free(&r);
		tool_run(&r, kexec_bin, tmpdir, &opts, json);
		CHECK_EXIT(&r, 0);
		CHECK_CONTAINS(r.out, ",\"cmdline\":\"\",");
		tool_run_free(&r);
	}
	END();
}

/* -? is --help; --print-ckr-size says what /proc/iomem says. */
static void test_kexec_tools_options(void)
{
	struct tool_run r, h;
	static char iomem[256 * 1024];
	struct mk_diag d;
	uint32_t start, size;
	size_t len = 0;
	FILE *fp;

	BEGIN("cli/question-mark-is-help");
	RUN(&r, "-?");
	RUN(&h, "--help");
	CHECK_EXIT(&r, 0);
	CHECK_STR(r.out, h.out);
	CHECK_STR(r.err, "");
	CHECK_CONTAINS(r.out, "Usage: kexec");
	tool_run_free(&r);
	tool_run_free(&h);
	END();

	BEGIN("cli/print-ckr-size");
	fp = fopen("/proc/iomem", "r");
	if (!fp) {
		SKIP("no /proc/iomem");
	} else {
		len = fread(iomem, 1, sizeof(iomem), fp);
		fclose(fp);
		RUN(&r, "--print-ckr-size");
		if (!memmem(iomem, len, "Crash kernel", 12)) {
			CHECK_EXIT(&r, 0);
			CHECK_STR(r.out, "0\n");
		} else if (mk_crash_parse_iomem(iomem, len, &start, &size, &d) == MK_OK) {
			char want[32];

			snprintf(want, sizeof(want), "%u\n", size);
			CHECK_EXIT(&r, 0);
			CHECK_STR(r.out, want);
		} else {
			char want[300];

			snprintf(want, sizeof(want), "kexec: %s\n", d.msg);
			CHECK_EXIT(&r, 1);
			CHECK_STR(r.err, want);
		}
		tool_run_free(&r);
		END();
	}
}

static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
}

int main(int argc, char **argv)
{
	const char *base = getenv("TMPDIR");

	kexec_bin = argc > 1 ? argv[1] : getenv("MK_KEXEC");
	if (!kexec_bin || !*kexec_bin)
		kexec_bin = "build/asan/kexec";
	snprintf(tmpdir, sizeof(tmpdir), "%s/mk-unit-cli-XXXXXX", base && *base ? base : "/tmp");
	BEGIN("cli/setup");
	if (!CHECK(access(kexec_bin, X_OK) == 0) || !CHECK(mkdtemp(tmpdir) != NULL) ||
	    !CHECK(make_inputs() == 0)) {
		h_fail(__FILE__, __LINE__, "kexec under test: %s", kexec_bin);
		return DONE();
	}
	END();
	test_dry_run();
	test_exit_codes();
	test_cli_cases();
	test_empty_cmdline();
	test_kexec_tools_options();
	cleanup();
	free(kern.buf);
	while (npaths)
		free(paths[--npaths]);
	return DONE();
}
