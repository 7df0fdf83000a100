// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kdump-config as users and the capture initramfs run it, on this host:
 * show and status, a bad configuration line, load with a recording
 * kexec, the capture initramfs listed with cpio(1), and savecore on the
 * committed dumps (tests/unit/data/printk-virt-*.core and a sparse one
 * made from them): the saved dump holds the same memory, dmesg.TS is
 * vmcore-dmesg's output, the summary's keys, a full file system, a
 * device that never comes, a filesystem found by LABEL= and UUID= on a
 * loop device.
 *
 * The tool is $MK_KDUMP_CONFIG, else "kdump-config" next to $MK_KEXEC
 * (run.sh sets it to BUILD/kexec), else build/host/kdump-config.
 */
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#include "harness.h"
#include "tool.h"
#include "printk_text.h"
#include "m68kexec_printk.h"
#include "sys.h"

static char tool[4096];
static char dir[64];

#define RUN(r, ...) TOOL_RUN((r), tool, dir, NULL, __VA_ARGS__)

static const char *path(const char *name)
{
	return tool_path(dir, name);
}

static void write_file(const char *p, const void *b, size_t n, mode_t mode)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0 || write(fd, b, n) != (ssize_t)n || close(fd))
		abort();
	chmod(p, mode);
}

static void write_text(const char *p, const char *s)
{
	write_file(p, s, strlen(s), 0644);
}

/* The dump of a sysrq crash, the one most cases save. */
static const char *sysrq_core(void)
{
	return printk_fixture("printk-virt-sysrq.core");
}

/* savecore of vmcore with conf as the configuration, the options after. */
static void savecore_v(struct tool_run *r, const char *conf, const char *vmcore,
		       const char *const *more)
{
	const char *args[16] = { "--config", path("save.conf"), "savecore", "--vmcore", vmcore };
	size_t i;

	write_text(args[1], conf);
	for (i = 0; more[i] && i < 10; i++)
		args[5 + i] = more[i];
	tool_run(r, tool, dir, NULL, args);
}

#define SAVECORE(r, conf, vmcore, ...) \
	savecore_v((r), (conf), (vmcore), (const char *const[]){ __VA_ARGS__, NULL })

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	fflush(stdout);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * A static-looking ELF program: an ELF64 header and one PT_LOAD, for a
 * machine that does not exist (exec fails with ENOEXEC).
 */
static void fake_static_elf(const char *p)
{
	uint8_t b[64 + 56 + 16];

	memset(b, 0, sizeof(b));
	memcpy(b, "\177ELF\2\1\1", 7);
	b[16] = 2;			/* ET_EXEC */
	b[18] = 0x34;			/* machine 0x1234: no kernel runs it */
	b[19] = 0x12;
	b[20] = 1;
	b[32] = 64;			/* e_phoff */
	b[52] = 64;			/* e_ehsize */
	b[54] = 56;			/* e_phentsize */
	b[56] = 1;			/* e_phnum */
	b[64] = 1;			/* PT_LOAD */
	memcpy(b + 120, "static program", 15);
	write_file(p, b, sizeof(b), 0755);
}

/* ------------------------------------------------------------------ */
/* show, status, a bad line                                             */

static const char want_conf[] =
	"# kdump-config(8) configuration: read line by line, not by a shell\n"
	"USE_KDUMP=\"1\"\n"
	"KDUMP_KERNEL=\"/boot/vmlinux-test\"\n"
	"KDUMP_INITRD=\"%s/initrd.img\"\n"
	"KDUMP_COREDIR=\"/var/crash\"\n"
	"KDUMP_CMDLINE=\"\"\n"
	"KDUMP_CMDLINE_APPEND=\"panic=10 nmi_watchdog=0\"\n"
	"KDUMP_DUMP_DMESG=\"1\"\n"
	"KDUMP_DEVICE=\"LABEL=dumps\"\n"
	"KDUMP_FSTYPE=\"\"\n"
	"KDUMP_SKIP_ZERO=\"1\"\n"
	"KDUMP_COMPRESS=\"none\"\n"
	"KDUMP_RETURN=\"reboot\"\n"
	"KDUMP_RETURN_KERNEL=\"\"\n"
	"KDUMP_RETURN_INITRD=\"/initrd.img\"\n"
	"KDUMP_RETURN_CMDLINE_APPEND=\"\"\n";

static const char *not_ready(void)
{
	return mk_host_is_m68k() ? NULL : "kdump-config: not ready: this host is not m68k\n";
}

static void test_show_status(void)
{
	char want[4096], st[128];
	struct tool_run r;

	snprintf(st, sizeof(st), "%s/state", dir);
	write_text(path("show.conf"),
		   "# kdump-tools' file, with one of its own variables\n"
		   "USE_KDUMP=1\n"
		   "export KDUMP_KERNEL=/boot/vmlinux-test\n"
		   "KDUMP_CMDLINE_APPEND=\"panic=10 nmi_watchdog=0\"\n"
		   "MAKEDUMP_ARGS=\"-c -d 31\"\n"
		   "KDUMP_DEVICE='LABEL=dumps'\n"
		   "KDUMP_RETURN=reboot\n");

	BEGIN("kdump-config/show");
	RUN(&r, "--config", path("show.conf"), "--state-dir", st, "show");
	CHECK_EQ(r.status, 0);
	snprintf(want, sizeof(want), want_conf, st);
	if (not_ready()) {
		strcat(want, "\n");
		strcat(want, not_ready());
		CHECK_STR(r.out, want);
	} else {
		CHECK(strncmp(r.out, want, strlen(want)) == 0);
	}
	CHECK_STR(r.err, "");
	tool_run_free(&r);
	END();

	BEGIN("kdump-config/status");
	RUN(&r, "status");
	if (not_ready()) {
		CHECK_EQ(r.status, 3);
		CHECK_STR(r.out, not_ready());
	} else {
		CHECK(r.status == 0 || r.status == 3);
		CHECK(strncmp(r.out, "kdump-config: ", 14) == 0);
	}
	CHECK_STR(r.err, "");
	tool_run_free(&r);
	END();

	BEGIN("kdump-config/bad-line");
	write_text(path("bad.conf"), "USE_KDUMP=1\n\nKDUMP_RETURN=sometimes\n");
	RUN(&r, "--config", path("bad.conf"), "show");
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want),
		 "kdump-config: %s: line 3: KDUMP_RETURN is \"sometimes\": use kexec, reboot or poweroff\n",
		 path("bad.conf"));
	CHECK_STR(r.err, want);
	CHECK_EQ(r.out_len, 0);
	tool_run_free(&r);
	RUN(&r, "--config", path("bad.conf"), "load");
	CHECK_EQ(r.status, 1);
	CHECK_STR(r.err, want);
	tool_run_free(&r);
	END();

	BEGIN("kdump-config/missing-config");
	RUN(&r, "--config", path("nothing.conf"), "show");
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want), "kdump-config: %s: cannot open: No such file or directory\n",
		 path("nothing.conf"));
	CHECK_STR(r.err, want);
	tool_run_free(&r);
	END();

	BEGIN("kdump-config/usage");
	RUN(&r, "--config", path("show.conf"));
	CHECK_EQ(r.status, 2);
	CHECK_STR(r.err, "kdump-config: no command (show, status, load, unload, mkinitrd OUT, savecore)\n"
		  "Try 'kdump-config --help'.\n");
	tool_run_free(&r);
	RUN(&r, "reload");
	CHECK_EQ(r.status, 2);
	CHECK_STR(r.err, "kdump-config: reload: unknown command (show, status, load, unload, mkinitrd OUT, savecore)\n"
		  "Try 'kdump-config --help'.\n");
	tool_run_free(&r);
	RUN(&r, "mkinitrd");
	CHECK_EQ(r.status, 2);
	tool_run_free(&r);
	RUN(&r, "--frobnicate", "show");
	CHECK_EQ(r.status, 2);
	CHECK_STR(r.err, "kdump-config: --frobnicate: unknown option\nTry 'kdump-config --help'.\n");
	tool_run_free(&r);
	RUN(&r, "--help");
	CHECK_EQ(r.status, 0);
	CHECK(strncmp(r.out, "Usage: kdump-config [options] COMMAND\n", 38) == 0);
	tool_run_free(&r);
	END();
}

/* ------------------------------------------------------------------ */
/* load, unload: kexec's arguments, its status relayed                  */

/* kdump-config COMMAND with the recording kexec: what kexec was given. */
static const struct kexec_case {
	const char *name;
	const char *conf;	/* NULL: no --config */
	const char *command;
	const char *kc_exit;	/* the fake kexec's exit status; NULL: 0 */
	int status;
	const char *args;	/* kexec's arguments, one a line */
	const char *out, *err;	/* NULL: not looked at */
} kexec_cases[] = {
	{ "load-reuse", "USE_KDUMP=1\nKDUMP_KERNEL=/k/vmlinux\nKDUMP_INITRD=/k/capture.img\n",
	  "load", NULL, 0,
	  "-p\n/k/vmlinux\n--initrd=/k/capture.img\n--reuse-cmdline\n--append=panic=10\n",
	  "kdump-config: loaded the capture kernel /k/vmlinux with /k/capture.img\n",
	  "kexec: refused by the test\n" },
	{ "load-command-line-relay",
	  "USE_KDUMP=1\nKDUMP_KERNEL=/k/vmlinux\nKDUMP_INITRD=/k/capture.img\n"
	  "KDUMP_CMDLINE='console=ttyS0 root=/dev/sda1'\nKDUMP_CMDLINE_APPEND=\n", "load", "4", 4,
	  "-p\n/k/vmlinux\n--initrd=/k/capture.img\n--command-line=console=ttyS0 root=/dev/sda1\n",
	  "", "kexec: refused by the test\n" },
	{ "unload", NULL, "unload", "5", 5, "-p\n-u\n", NULL, NULL },
};

static void test_load(void)
{
	char want[2048], kx[256], st[256];
	struct tool_run r;
	char *args;
	size_t i;

	snprintf(kx, sizeof(kx), "%s", path("kexec-rec"));
	snprintf(want, sizeof(want),
		 "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done > %s/kexec.args\n"
		 "echo 'kexec: refused by the test' >&2\nexit ${KC_EXIT:-0}\n", dir);
	write_file(kx, want, strlen(want), 0755);

	BEGIN("kdump-config/load-off");
	write_text(path("off.conf"), "USE_KDUMP=0\n");
	RUN(&r, "--config", path("off.conf"), "--kexec", kx, "load");
	CHECK_EQ(r.status, 0);
	snprintf(want, sizeof(want), "kdump-config: kdump is off: USE_KDUMP is not 1 in %s; nothing loaded\n",
		 path("off.conf"));
	CHECK_STR(r.out, want);
	CHECK_STR(r.err, "");
	CHECK(access(path("kexec.args"), F_OK) != 0);
	tool_run_free(&r);
	END();

	for (i = 0; i < sizeof(kexec_cases) / sizeof(kexec_cases[0]); i++) {
		const struct kexec_case *c = &kexec_cases[i];
		const char *argv[6];
		unsigned n = 0;

		BEGIN("kdump-config/%s", c->name);
		if (c->conf) {
			write_text(path("load.conf"), c->conf);
			argv[n++] = "--config";
			argv[n++] = path("load.conf");
		}
		argv[n++] = "--kexec";
		argv[n++] = kx;
		argv[n++] = c->command;
		argv[n] = NULL;
		if (c->kc_exit)
			setenv("KC_EXIT", c->kc_exit, 1);
		tool_run(&r, tool, dir, NULL, argv);
		unsetenv("KC_EXIT");
		CHECK_EQ(r.status, c->status);
		args = tool_slurp(path("kexec.args"), NULL);
		CHECK_STR(args, c->args);
		free(args);
		if (c->out)
			CHECK_STR(r.out, c->out);
		if (c->err)
			CHECK_STR(r.err, c->err);
		tool_run_free(&r);
		END();
	}

	/* KDUMP_INITRD "": the initramfs is built into --state-dir first. */
	BEGIN("kdump-config/load-builds-initrd");
	fake_static_elf(path("self-static"));
	fake_static_elf(path("kexec-static"));
	write_text(path("cmdline"), "root=/dev/vda console=ttyGF0 crashkernel=32M\n");
	write_file(path("bootinfo"), "\0\1\0\10\0\0\0\16\0\0\0\0", 12, 0644);
	write_text(path("build.conf"), "USE_KDUMP=1\nKDUMP_KERNEL=/k/vmlinux\n");
	snprintf(st, sizeof(st), "%s/var/lib/kdump", dir);
	RUN(&r, "--config", path("build.conf"), "--state-dir", st, "--self", path("self-static"),
	    "--kexec", path("kexec-static"), "--bootinfo-file", path("bootinfo"),
	    "--cmdline-file", path("cmdline"), "load");
	/* the fake kexec is no program: exec fails, status 5 */
	CHECK_EQ(r.status, 5);
	snprintf(want, sizeof(want), "kdump-config: cannot run %s: Exec format error\n",
		 path("kexec-static"));
	CHECK_STR(r.err, want);
	{
		struct stat sb;

		CHECK(stat(st, &sb) == 0 && (sb.st_mode & 07777) == 0700);
		snprintf(want, sizeof(want), "%s/initrd.img", st);
		CHECK(stat(want, &sb) == 0 && sb.st_size > 512);
		snprintf(want, sizeof(want), "%s/initrd.img.tmp", st);
		CHECK(access(want, F_OK) != 0);
	}
	tool_run_free(&r);
	END();
}

/* ------------------------------------------------------------------ */
/* mkinitrd                                                             */

static void test_mkinitrd(void)
{
	char want[4096 + 200], out[256];
	struct tool_run r;
	char *s, *t;
	size_t len, tlen;

	fake_static_elf(path("self-static"));
	fake_static_elf(path("kexec-static"));
	write_text(path("cmdline"), "root=/dev/vda console=ttyGF0 crashkernel=32M\n");
	write_file(path("bootinfo"), "\0\1\0\10\0\0\0\16\0\0\0\0", 12, 0644);
	write_text(path("mk.conf"), "USE_KDUMP=1\nKDUMP_KERNEL=/boot/vmlinux-6.12\nKDUMP_COMPRESS=none\n");
	snprintf(out, sizeof(out), "%s", path("capture.img"));

	BEGIN("kdump-config/mkinitrd");
	RUN(&r, "--config", path("mk.conf"), "--state-dir", path("st"), "--self", path("self-static"),
	    "--kexec", path("kexec-static"), "--bootinfo-file", path("bootinfo"),
	    "--cmdline-file", path("cmdline"), "mkinitrd", out);
	CHECK_EQ(r.status, 0);
	snprintf(want, sizeof(want), "kdump-config: wrote the capture initramfs %s\n", out);
	CHECK_STR(r.out, want);
	CHECK_STR(r.err, "");
	tool_run_free(&r);
	CHECK(access(path("capture.img.tmp"), F_OK) != 0);
	CHECK_EQ(sh("cd %s && cpio -it --quiet < capture.img > list 2>&1", dir), 0);
	s = tool_slurp(path("list"), NULL);
	CHECK_STR(s, "dev\nproc\nsys\nmnt\nmnt/root\nsbin\netc\ninit\nsbin/kexec\n"
		  "etc/kdump.conf\netc/bootinfo\netc/cmdline\n");
	free(s);
	CHECK_EQ(sh("cd %s && cpio -itv --quiet < capture.img | cut -c1-10 | tr '\\n' ' ' > modes", dir), 0);
	s = tool_slurp(path("modes"), NULL);
	CHECK_STR(s, "drwxr-xr-x drwxr-xr-x drwxr-xr-x drwxr-xr-x drwxr-xr-x drwxr-xr-x drwxr-xr-x "
		  "-rwxr-xr-x -rwxr-xr-x -rw-r--r-- -rw-r--r-- -rw-r--r-- ");
	free(s);
	CHECK_EQ(sh("mkdir -p %s/x && cd %s/x && cpio -id --quiet < ../capture.img", dir, dir), 0);
	s = tool_slurp(path("x/etc/cmdline"), NULL);
	CHECK_STR(s, "root=/dev/vda console=ttyGF0 crashkernel=32M\n");
	free(s);
	s = tool_slurp(path("x/etc/bootinfo"), &len);
	CHECK(len == 12 && memcmp(s, "\0\1\0\10\0\0\0\16\0\0\0\0", 12) == 0);
	free(s);
	s = tool_slurp(path("x/init"), &len);
	t = tool_slurp(path("self-static"), &tlen);
	CHECK(len == tlen && memcmp(s, t, len) == 0);
	free(s);
	free(t);
	s = tool_slurp(path("x/sbin/kexec"), &len);
	CHECK_EQ(len, 136);
	free(s);
	s = tool_slurp(path("x/etc/kdump.conf"), NULL);
	CHECK_CONTAINS(s, "\nUSE_KDUMP=\"1\"\nKDUMP_KERNEL=\"/boot/vmlinux-6.12\"\n");
	snprintf(want, sizeof(want), "\nKDUMP_INITRD=\"%s/initrd.img\"\n", path("st"));
	CHECK_CONTAINS(s, want);
	free(s);
	END();

	BEGIN("kdump-config/mkinitrd-dynamic");
	RUN(&r, "--config", path("mk.conf"), "--self", tool, "--kexec", path("kexec-static"),
	    "--bootinfo-file", path("bootinfo"), "--cmdline-file", path("cmdline"), "mkinitrd",
	    path("dyn.img"));
	/* the tool under test is built with the sanitizers: dynamic */
	CHECK_EQ(r.status, 5);
	snprintf(want, sizeof(want),
		 "kdump-config: %s is dynamically linked; the capture initramfs needs static programs (make STATIC=1)\n",
		 tool);
	CHECK_STR(r.err, want);
	CHECK(access(path("dyn.img"), F_OK) != 0 && access(path("dyn.img.tmp"), F_OK) != 0);
	tool_run_free(&r);
	RUN(&r, "--config", path("mk.conf"), "--self", path("self-static"), "--kexec", path("cmdline"),
	    "--bootinfo-file", path("bootinfo"), "--cmdline-file", path("cmdline"), "mkinitrd",
	    path("dyn.img"));
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want),
		 "kdump-config: %s: not an ELF program; the capture initramfs needs static programs\n",
		 path("cmdline"));
	CHECK_STR(r.err, want);
	tool_run_free(&r);
	RUN(&r, "--config", path("mk.conf"), "--self", path("self-static"), "--kexec",
	    path("kexec-static"), "--bootinfo-file", path("no-bootinfo"), "--cmdline-file",
	    path("cmdline"), "mkinitrd", path("dyn.img"));
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want), "kdump-config: %s: cannot open: No such file or directory\n",
		 path("no-bootinfo"));
	CHECK_STR(r.err, want);
	tool_run_free(&r);
	END();
}

/* ------------------------------------------------------------------ */
/* savecore                                                             */

/* The old memory at paddr (n bytes) as a dump holds it; -1 if absent. */
static int phys_read(const uint8_t *d, size_t len, uint32_t paddr, uint8_t *out, uint32_t n)
{
	uint32_t phoff = mk_be32(d + 28), i;
	uint16_t phnum = mk_be16(d + 44);

	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = d + phoff + 32 * i;
		uint32_t off = mk_be32(ph + 4), pa = mk_be32(ph + 12);
		uint32_t filesz = mk_be32(ph + 16), memsz = mk_be32(ph + 20);

		if (mk_be32(ph) != 1 || paddr < pa || paddr + n > pa + memsz)
			continue;
		if (paddr - pa >= filesz) {
			if (paddr + n > pa + filesz + (memsz - filesz))
				return -1;
			memset(out, 0, n);
			return 0;
		}
		if (paddr + n > pa + filesz || (size_t)off + filesz > len)
			return -1;
		memcpy(out, d + off + (paddr - pa), n);
		return 0;
	}
	return -1;
}

/* Same memory, page by page, in both dumps; *loads: PT_LOADs of b. */
static int same_memory(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
		       unsigned *loads)
{
	uint32_t phoff = mk_be32(a + 28), i, p;
	uint16_t phnum = mk_be16(a + 44);
	uint8_t pa[4096], pb[4096];
	uint64_t ma = 0, mb = 0;

	*loads = 0;
	for (i = 0; i < mk_be16(b + 44); i++)
		if (mk_be32(b + mk_be32(b + 28) + 32 * i) == 1) {
			(*loads)++;
			mb += mk_be32(b + mk_be32(b + 28) + 32 * i + 20);
		}
	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = a + phoff + 32 * i;

		if (mk_be32(ph) != 1)
			continue;
		ma += mk_be32(ph + 20);
		for (p = 0; p < mk_be32(ph + 20); p += 4096) {
			if (phys_read(a, alen, mk_be32(ph + 12) + p, pa, 4096) ||
			    phys_read(b, blen, mk_be32(ph + 12) + p, pb, 4096) || memcmp(pa, pb, 4096))
				return 0;
		}
	}
	return ma == mb;
}

/*
 * A dump with zero pages: the fixture plus a PT_LOAD of 16 pages at
 * 16 MiB, pages 2 to 11 zero, the others a pattern.
 */
static void make_sparse(const char *src, const char *dst)
{
	size_t len, i, o;
	uint8_t *d = (uint8_t *)tool_slurp(src, &len), *out;
	uint32_t phoff = mk_be32(d + 28);
	uint16_t phnum = mk_be16(d + 44);
	uint32_t nph = phnum + 1u, data;

	out = calloc(1, len + 17 * 4096 + 64);
	memcpy(out, d, 52);
	mk_put_be16(out + 44, (uint16_t)nph);
	o = 52 + 32 * nph;
	/* the notes, then each PT_LOAD's bytes, at new offsets */
	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = d + phoff + 32 * i;
		uint8_t *nph_ = out + 52 + 32 * i;
		uint32_t filesz = mk_be32(ph + 16);

		memcpy(nph_, ph, 32);
		if (mk_be32(ph) == 1)
			o = (o + 4095) & ~(size_t)4095;
		mk_put_be32(nph_ + 4, (uint32_t)o);
		memcpy(out + o, d + mk_be32(ph + 4), filesz);
		o += filesz;
	}
	o = (o + 4095) & ~(size_t)4095;
	data = (uint32_t)o;
	{
		uint8_t *ph = out + 52 + 32 * phnum;

		mk_put_be32(ph, 1);
		mk_put_be32(ph + 4, data);
		mk_put_be32(ph + 8, 0x01000000);
		mk_put_be32(ph + 12, 0x01000000);
		mk_put_be32(ph + 16, 16 * 4096);
		mk_put_be32(ph + 20, 16 * 4096);
		mk_put_be32(ph + 24, 7);
	}
	for (i = 0; i < 16 * 4096; i++)
		out[data + i] = (i / 4096 >= 2 && i / 4096 <= 11) ? 0 : (uint8_t)(i * 7 + 1);
	write_file(dst, out, data + 16 * 4096, 0644);
	free(out);
	free(d);
}

/* The one directory savecore made under t/var/crash; its name in ts. */
static int saved_dir(const char *t, char *ts, size_t cap)
{
	char p[512];
	DIR *dd;
	struct dirent *e;
	int n = 0;

	snprintf(p, sizeof(p), "%s/var/crash", t);
	dd = opendir(p);
	while (dd && (e = readdir(dd))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(ts, cap, "%s", e->d_name);
		n++;
	}
	if (dd)
		closedir(dd);
	return n;
}

static int name_ok(const char *ts)
{
	regex_t re;
	int ok;

	if (regcomp(&re, "^[0-9]{12}(-[0-9]+)?$", REG_EXTENDED))
		abort();
	ok = regexec(&re, ts, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

static uint8_t *decompress(const char *name, const uint8_t *in, size_t len, size_t *outlen)
{
	size_t cap = 4u << 20;
	uint8_t *out = malloc(cap);

	*outlen = 0;
#ifdef HAVE_ZLIB
	if (strstr(name, ".gz")) {
		z_stream z;

		memset(&z, 0, sizeof(z));
		if (inflateInit2(&z, 15 + 16) != Z_OK)
			abort();
		z.next_in = (Bytef *)(uintptr_t)in;
		z.avail_in = (uInt)len;
		z.next_out = out;
		z.avail_out = (uInt)cap;
		if (inflate(&z, Z_FINISH) == Z_STREAM_END && z.avail_in == 0)
			*outlen = z.total_out;
		inflateEnd(&z);
		return out;
	}
#endif
#ifdef HAVE_ZSTD
	if (strstr(name, ".zst")) {
		size_t r = ZSTD_decompress(out, cap, in, len);

		if (!ZSTD_isError(r))
			*outlen = r;
		return out;
	}
#endif
	memcpy(out, in, len);
	*outlen = len;
	return out;
}

struct save_case {
	const char *fixture;	/* in tests/unit/data, or "sparse" */
	const char *conf;
	const char *suffix;	/* of the dump file */
	const char *compression;
	int zero_pages;		/* pages left out */
	int same_bytes;		/* the dump is the input, byte for byte */
	const char *panic;
};

static void test_savecore_case(const struct save_case *c, const char *sparse)
{
	char t[256], ts[64], p[600], want[1024];
	const char *in = strcmp(c->fixture, "sparse") ? printk_fixture(c->fixture) : sparse;
	struct text log = { 0 };
	uint8_t *orig, *saved, *mem;
	size_t olen, slen, mlen;
	unsigned loads;
	struct tool_run r;
	char *s;

	BEGIN("kdump-config/savecore-%s-%s-%s", c->fixture, c->compression,
	      strstr(c->conf, "SKIP_ZERO=0") ? "whole" : "skip-zero");
	sh("rm -rf %s/t", dir);
	snprintf(t, sizeof(t), "%s/t", dir);
	mkdir(t, 0755);
	SAVECORE(&r, c->conf, in, "--target", t, "--no-return");
	CHECK_EQ(r.status, 0);
	CHECK_STR(r.err, "");
	if (!CHECK_EQ(saved_dir(t, ts, sizeof(ts)), 1) || !CHECK(name_ok(ts))) {
		tool_run_free(&r);
		END();
		return;
	}
	orig = (uint8_t *)tool_slurp(in, &olen);
	snprintf(want, sizeof(want), "kdump: saving %s of the crashed kernel's memory to %s:/var/crash/%s\n",
		 strcmp(c->fixture, "sparse") ? "32 KiB" : "96 KiB", t, ts);
	CHECK(strncmp(r.out, want, strlen(want)) == 0);
	snprintf(want, sizeof(want), " to %s:/var/crash/%s in ", t, ts);
	CHECK_CONTAINS(r.out, "\nkdump: saved ");
	CHECK_CONTAINS(r.out, want);
	tool_run_free(&r);

	/* the dump: the same memory */
	snprintf(p, sizeof(p), "%s/var/crash/%s/dump.%s%s", t, ts, ts, c->suffix);
	saved = (uint8_t *)tool_slurp(p, &slen);
	mem = decompress(c->suffix, saved, slen, &mlen);
	CHECK(mlen > 52);
	if (c->same_bytes) {
		CHECK_EQ(mlen, olen);
		CHECK(mlen == olen && memcmp(mem, orig, olen) == 0);
	}
	CHECK(mlen > 52 && same_memory(orig, olen, mem, mlen, &loads));
	if (c->zero_pages)
		CHECK(mlen + (size_t)c->zero_pages * 4096 <= olen);

	/* dmesg.TS: vmcore-dmesg's output */
	CHECK_ERR(mk_printk_walk(orig, olen, collect, &log, NULL, NULL), MK_OK);
	snprintf(p, sizeof(p), "%s/var/crash/%s/dmesg.%s", t, ts, ts);
	s = tool_slurp(p, &slen);
	CHECK(log.s && slen == log.len && memcmp(s, log.s, slen) == 0);
	free(s);

	/* summary.TS */
	snprintf(p, sizeof(p), "%s/var/crash/%s/summary.%s", t, ts, ts);
	s = tool_slurp(p, NULL);
	CHECK(strncmp(s, "time: 20", 8) == 0);
	CHECK_CONTAINS(s, "\nkernel: 6.12.118-virt\n");
	snprintf(want, sizeof(want), "\npanic: %s\n", c->panic);
	CHECK_CONTAINS(s, want);
	if (strcmp(c->compression, "none")) {
		size_t fsz = 0;

		snprintf(p, sizeof(p), "%s/var/crash/%s/dump.%s%s", t, ts, ts, c->suffix);
		free(tool_slurp(p, &fsz));
		snprintf(want, sizeof(want),
			 "\ndump: dump.%s%s, %zu bytes (%zu uncompressed), %d pages left out, compression %s\n",
			 ts, c->suffix, fsz, mlen, c->zero_pages, c->compression);
	} else {
		snprintf(want, sizeof(want), "\ndump: dump.%s, %zu bytes, %d pages left out, compression none\n",
			 ts, mlen, c->zero_pages);
	}
	CHECK_CONTAINS(s, want);
	snprintf(want, sizeof(want), "\ndmesg: dmesg.%s\nseconds: ", ts);
	CHECK_CONTAINS(s, want);
	free(s);
	free(log.s);
	free(mem);
	free(saved);
	free(orig);
	END();
}

/* The KDUMP_COMPRESS values this build writes, as -V says. */
static char compressions[128];

static int can_compress(const char *name)
{
	char w[40];

	snprintf(w, sizeof(w), " %s ", name);
	return strstr(compressions, w) != NULL;
}

/* A value the build cannot write: refused at load, uncompressed at savecore. */
static void test_no_encoder(const char *sparse)
{
	static const char *const names[] = { "gzip", "zstd" };
	static const char *const libs[] = { "zlib", "libzstd" };
	char want[1024], conf[128], t[256], ts[64];
	struct tool_run r;
	size_t i;

	for (i = 0; i < 2; i++) {
		if (can_compress(names[i]))
			continue;
		BEGIN("kdump-config/no-encoder-%s", names[i]);
		snprintf(conf, sizeof(conf), "USE_KDUMP=1\nKDUMP_KERNEL=/k\nKDUMP_INITRD=/i\nKDUMP_COMPRESS=%s\n",
			 names[i]);
		write_text(path("enc.conf"), conf);
		RUN(&r, "--config", path("enc.conf"), "--kexec", "/bin/false", "load");
		CHECK_EQ(r.status, 5);
		snprintf(want, sizeof(want),
			 "kdump-config: %s: KDUMP_COMPRESS=%s: this kdump-config was built without %s; set KDUMP_COMPRESS=none or build with %s\n",
			 path("enc.conf"), names[i], libs[i], libs[i]);
		CHECK_STR(r.err, want);
		tool_run_free(&r);
		sh("rm -rf %s/t", dir);
		snprintf(t, sizeof(t), "%s/t", dir);
		mkdir(t, 0755);
		RUN(&r, "--config", path("enc.conf"), "savecore", "--vmcore", sparse, "--target", t,
		    "--no-return");
		CHECK_EQ(r.status, 0);
		snprintf(want, sizeof(want),
			 "kdump: KDUMP_COMPRESS=%s: this kdump-config was built without %s: saving the dump uncompressed\n",
			 names[i], libs[i]);
		CHECK_STR(r.err, want);
		CHECK_EQ(saved_dir(t, ts, sizeof(ts)), 1);
		snprintf(want, sizeof(want), "%s/var/crash/%s/dump.%s", t, ts, ts);
		CHECK(access(want, R_OK) == 0);
		tool_run_free(&r);
		END();
	}
}

static void test_savecore(void)
{
	static const struct save_case cases[] = {
		{ "printk-virt-sysrq.core", "KDUMP_SKIP_ZERO=0\n", "", "none", 0, 1,
		  "Kernel panic - not syncing: sysrq triggered crash" },
		{ "printk-virt-oops.core", "KDUMP_SKIP_ZERO=1\n", "", "none", 0, 0,
		  "Unable to handle kernel NULL pointer dereference at virtual address 00000000" },
		{ "sparse", "KDUMP_SKIP_ZERO=1\n", "", "none", 10, 0,
		  "Kernel panic - not syncing: sysrq triggered crash" },
		{ "sparse", "KDUMP_SKIP_ZERO=0\n", "", "none", 0, 1,
		  "Kernel panic - not syncing: sysrq triggered crash" },
		{ "sparse", "KDUMP_COMPRESS=gzip\n", ".gz", "gzip", 10, 0,
		  "Kernel panic - not syncing: sysrq triggered crash" },
		{ "printk-virt-sysrq.core", "KDUMP_COMPRESS=gzip\nKDUMP_SKIP_ZERO=0\n", ".gz", "gzip", 0, 1,
		  "Kernel panic - not syncing: sysrq triggered crash" },
		{ "sparse", "KDUMP_COMPRESS=zstd\n", ".zst", "zstd", 10, 0,
		  "Kernel panic - not syncing: sysrq triggered crash" },
		{ "printk-virt-oops.core", "KDUMP_COMPRESS=zstd\nKDUMP_SKIP_ZERO=0\n", ".zst", "zstd", 0, 1,
		  "Unable to handle kernel NULL pointer dereference at virtual address 00000000" },
	};
	char sparse[256], t[256], ts[64], ts2[64], want[1024];
	struct tool_run r;
	size_t i;

	snprintf(sparse, sizeof(sparse), "%s", path("sparse.core"));
	make_sparse(sysrq_core(), sparse);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (can_compress(cases[i].compression))
			test_savecore_case(&cases[i], sparse);
	test_no_encoder(sparse);

	snprintf(t, sizeof(t), "%s/t", dir);

	/* Taken names: TS-1 (both the minute now and the next one are taken). */
	BEGIN("kdump-config/savecore-name-taken");
	sh("rm -rf %s/t", dir);
	{
		time_t now = time(NULL), k;
		struct tm tm;

		for (k = 0; k < 2; k++) {
			time_t w = now + 60 * k;

			gmtime_r(&w, &tm);
			strftime(ts, sizeof(ts), "%Y%m%d%H%M", &tm);
			sh("mkdir -p %s/var/crash/%s", t, ts);
		}
	}
	SAVECORE(&r, "\n", sysrq_core(), "--target", t, "--no-return");
	CHECK_EQ(r.status, 0);
	CHECK_EQ(saved_dir(t, ts2, sizeof(ts2)), 3);
	CHECK_EQ(sh("ls %s/var/crash | grep -Eqx '[0-9]{12}-1'", t), 0);
	tool_run_free(&r);
	END();

	/* A full file system: one line, nothing left under COREDIR. */
	BEGIN("kdump-config/savecore-disk-full");
	sh("rm -rf %s/t", dir);
	mkdir(t, 0755);
	if (!CHECK(mount("tmpfs", t, "tmpfs", 0, "size=16k") == 0)) {
		END();
		return;
	}
	SAVECORE(&r, "KDUMP_SKIP_ZERO=0\n", sysrq_core(), "--target", t, "--no-return");
	CHECK_EQ(r.status, 1);
	{
		char *line = strchr(r.out, '\n');
		const char *stamp = line ? line - 12 : r.out;

		snprintf(ts, sizeof(ts), "%.12s", line && line - r.out > 12 ? stamp : "");
	}
	snprintf(want, sizeof(want),
		 "kdump: cannot save the dump to %s:/var/crash/%s: No space left on device (wrote 16384 of 35968 bytes)\n",
		 t, ts);
	CHECK_STR(r.err, want);
	snprintf(want, sizeof(want), "kdump: saving 32 KiB of the crashed kernel's memory to %s:/var/crash/%s\n",
		 t, ts);
	CHECK_STR(r.out, want);
	CHECK_EQ(saved_dir(t, ts2, sizeof(ts2)), 0);
	tool_run_free(&r);
	umount(t);
	END();

	/* A device that never comes. */
	BEGIN("kdump-config/savecore-no-device");
	SAVECORE(&r, "KDUMP_DEVICE=LABEL=nosuch-kdump-test\n", sysrq_core(),
		 "--device-timeout", "1", "--mount-dir", path("mnt"), "--no-return");
	CHECK_EQ(r.status, 1);
	CHECK_STR(r.err, "kdump: cannot save the dump: no device LABEL=nosuch-kdump-test after 1 s\n");
	CHECK_STR(r.out, "");
	tool_run_free(&r);
	SAVECORE(&r, "KDUMP_DEVICE=PARTUUID=1234\n", sysrq_core(), "--no-return");
	CHECK_EQ(r.status, 1);
	CHECK_STR(r.err, "kdump: cannot save the dump: PARTUUID=1234: a device is /dev/NAME, UUID=... or LABEL=...\n");
	tool_run_free(&r);
	END();

	/* Not a capture kernel: saved, but no way back (no reboot of this host). */
	BEGIN("kdump-config/savecore-no-way-back-here");
	sh("rm -rf %s/t", dir);
	mkdir(t, 0755);
	SAVECORE(&r, "KDUMP_RETURN=reboot\n", sysrq_core(), "--target", t);
	CHECK_EQ(r.status, 0);
	CHECK_STR(r.err, "kdump: no /proc/vmcore: this is not a capture kernel; not going back (--no-return)\n");
	CHECK_EQ(saved_dir(t, ts2, sizeof(ts2)), 1);
	tool_run_free(&r);
	END();

	/* A bad dump: one line, nothing saved. */
	BEGIN("kdump-config/savecore-missing-vmcore");
	RUN(&r, "--config", path("save.conf"), "savecore", "--vmcore", path("nothing.core"),
	    "--target", t, "--no-return");
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want), "kdump: cannot save the dump: %s: cannot open: No such file or directory\n",
		 path("nothing.core"));
	CHECK_STR(r.err, want);
	tool_run_free(&r);
	END();
}

/* LABEL= and UUID= on a loop device with ext4: found, mounted, saved. */
static void test_label(void)
{
	char img[256], mnt[256], loop[64] = "", ts[64], want[512], conf[256];
	static const char uuid[] = "0c1d2e3f-4a5b-4c6d-8e7f-a1b2c3d4e5f6";
	struct tool_run r;
	FILE *fp;
	int k;

	BEGIN("kdump-config/savecore-label-uuid");
	snprintf(img, sizeof(img), "%s", path("fs.img"));
	snprintf(mnt, sizeof(mnt), "%s", path("mnt"));
	if (!CHECK_EQ(sh("truncate -s 4M %s && mkfs.ext4 -q -F -L kdtest-%d -U %s %s",
			 img, (int)getpid(), uuid, img), 0)) {
		END();
		return;
	}
	snprintf(want, sizeof(want), "losetup --find --show %s", img);
	fp = popen(want, "r");
	if (fp) {
		if (!fgets(loop, sizeof(loop), fp))
			loop[0] = '\0';
		pclose(fp);
	}
	loop[strcspn(loop, "\n")] = '\0';
	if (!CHECK(strncmp(loop, "/dev/loop", 9) == 0)) {
		END();
		return;
	}
	for (k = 0; k < 2; k++) {
		if (k == 0)
			snprintf(conf, sizeof(conf), "KDUMP_DEVICE=LABEL=kdtest-%d\nKDUMP_COREDIR=/dumps\n",
				 (int)getpid());
		else
			snprintf(conf, sizeof(conf), "KDUMP_DEVICE=UUID=%s\nKDUMP_COREDIR=/dumps\nKDUMP_FSTYPE=ext4\n",
				 "0C1D2E3F-4A5B-4C6D-8E7F-A1B2C3D4E5F6");
		SAVECORE(&r, conf, sysrq_core(), "--mount-dir", mnt, "--device-timeout", "2",
			 "--no-return");
		CHECK_EQ(r.status, 0);
		CHECK_STR(r.err, "");
		snprintf(want, sizeof(want), k ? "to UUID=0C1D2E3F-4A5B-4C6D-8E7F-A1B2C3D4E5F6:/dumps/"
			 : "to LABEL=kdtest-%d:/dumps/", (int)getpid());
		CHECK_CONTAINS(r.out, want);
		tool_run_free(&r);
		/* unmounted afterwards */
		CHECK(sh("mountpoint -q %s", mnt) != 0);
	}
	CHECK_EQ(sh("mount -o ro %s %s", loop, mnt), 0);
	CHECK_EQ(sh("ls %s/dumps | wc -l | grep -qx 2", mnt), 0);
	snprintf(want, sizeof(want), "%s/dumps", mnt);
	{
		DIR *dd = opendir(want);
		struct dirent *e;
		int n = 0;

		while (dd && (e = readdir(dd)))
			if (e->d_name[0] != '.' && name_ok(e->d_name) && ++n)
				snprintf(ts, sizeof(ts), "%.63s", e->d_name);
		if (dd)
			closedir(dd);
		CHECK_EQ(n, 2);
	}
	sh("umount %s", mnt);
	sh("losetup -d %s", loop);
	END();
}

int main(void)
{
	strcpy(dir, "/tmp/kdump-config.XXXXXX");
	BEGIN("kdump-config/found");
	if (!CHECK(tool_find(tool, sizeof(tool), "MK_KDUMP_CONFIG", "kdump-config")) ||
	    !CHECK(mkdtemp(dir) != NULL)) {
		fprintf(stderr, "no kdump-config tool at %s (set MK_KDUMP_CONFIG)\n", tool);
		return DONE();
	}
	END();
	{
		char abs[PATH_MAX];

		if (realpath(tool, abs))
			snprintf(tool, sizeof(tool), "%s", abs);
	}
	{
		struct tool_run r;

		BEGIN("kdump-config/version");
		RUN(&r, "-V");
		CHECK_EQ(r.status, 0);
		CHECK(strncmp(r.out, "kdump-config (m68k-kexec) ", 26) == 0);
		CHECK_CONTAINS(r.out, "\nKDUMP_COMPRESS: none");
		{
			const char *c = strstr(r.out, "KDUMP_COMPRESS:");

			snprintf(compressions, sizeof(compressions), "%s ", c ? c + 15 : "");
			compressions[strcspn(compressions, "\n")] = ' ';
		}
		tool_run_free(&r);
		END();
	}
	test_show_status();
	test_load();
	test_mkinitrd();
	test_savecore();
	test_label();
	sh("rm -rf %s", dir);
	return DONE();
}
