// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vmcore-dmesg tool as users run it: the log of a real dump (the
 * fixture of test_printk.c) byte for byte, one line naming the file on
 * every error, the exit codes (0 ok, 1 bad input, 2 usage) and --help.
 *
 * The tool is $MK_VMCORE_DMESG, else "vmcore-dmesg" next to $MK_KEXEC
 * (run.sh sets it to BUILD/kexec), else build/host/vmcore-dmesg.
 */
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "tool.h"
#include "printk_text.h"
#include "m68kexec_printk.h"

static char tool[4096];
static char dir[64];

struct run {
	int status;		/* exit status, or 128 + signal */
	char *out;
	size_t out_len;
	char err[8192];
};

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *b = NULL;
	size_t cap = 0, n = 0, k;

	if (fp) {
		do {
			if (n + 65536 + 1 > cap) {
				cap = (n + 65536 + 1) * 2;
				b = realloc(b, cap);
				if (!b)
					abort();
			}
			k = fread(b + n, 1, cap - n - 1, fp);
			n += k;
		} while (k);
		fclose(fp);
	}
	if (!b)
		b = calloc(1, 1);
	b[n] = '\0';
	if (len)
		*len = n;
	return b;
}

/* Run the tool with args (NULL-terminated), stdout to out_path or a file. */
static void run_to(struct run *r, const char *out_path, const char *const *args)
{
	char outp[128], errp[128];
	const char *argv[16];
	int st = 0;
	size_t i;
	pid_t pid;
	char *e;

	snprintf(outp, sizeof(outp), "%s/.stdout", dir);
	snprintf(errp, sizeof(errp), "%s/.stderr", dir);
	argv[0] = tool;
	for (i = 0; args[i] && i < 14; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int o = open(out_path ? out_path : outp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int ef = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (o < 0 || ef < 0 || dup2(o, 1) < 0 || dup2(ef, 2) < 0)
			_exit(126);
		execv(tool, (char *const *)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		st = 0xff00;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r->out = slurp(outp, &r->out_len);
	e = slurp(errp, NULL);
	snprintf(r->err, sizeof(r->err), "%s", e);
	free(e);
	unlink(outp);
	unlink(errp);
}

#define RUN(r, ...) run_to((r), NULL, (const char *const[]){ __VA_ARGS__, NULL })

static const char *path(const char *name)
{
	static char buf[4][128];
	static unsigned k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

static const char *fixture(const char *name)
{
	static char buf[600];
	const char *env = getenv("MK_TESTDATA"), *slash = strrchr(__FILE__, '/');

	if (env)
		snprintf(buf, sizeof(buf), "%s/%s", env, name);
	else
		snprintf(buf, sizeof(buf), "%.*s/data/%s", slash ? (int)(slash - __FILE__) : 1,
			 slash ? __FILE__ : ".", name);
	return buf;
}

static void write_file(const char *p, const void *b, size_t n)
{
	FILE *fp = fopen(p, "wb");

	if (!fp || fwrite(b, 1, n, fp) != n || fclose(fp))
		abort();
}

/* ------------------------------------------------------------------ */

static void test_logs(void)
{
	static const char *const names[] = { "printk-virt-sysrq.core", "printk-virt-oops.core" };
	struct run r;
	size_t i;

	for (i = 0; i < 2; i++) {
		struct text t = { 0 };
		size_t len;
		uint8_t *dump = (uint8_t *)slurp(fixture(names[i]), &len);

		BEGIN("vmcore-dmesg/log-%s", names[i]);
		CHECK_ERR(mk_printk_walk(dump, len, collect, &t, NULL, NULL), MK_OK);
		RUN(&r, fixture(names[i]));
		CHECK_EQ(r.status, 0);
		CHECK_STR(r.err, "");
		CHECK_EQ(r.out_len, t.len);
		CHECK(t.s && r.out_len == t.len && memcmp(r.out, t.s, t.len) == 0);
		CHECK(strncmp(r.out, "[    0.000000] Linux version 6.12.118-virt (root@vm) ", 53) == 0);
		CHECK_CONTAINS(r.out, i == 0 ? "\n[    3.190000] sysrq: Trigger a crash\n"
					     : "\n[    3.680000] Oops: 00000000\n");
		free(r.out);
		free(t.s);
		free(dump);
		END();
	}

	BEGIN("vmcore-dmesg/double-dash");
	RUN(&r, "--", fixture(names[0]));
	CHECK_EQ(r.status, 0);
	CHECK(r.out_len > 5000);
	free(r.out);
	END();
}

static void test_errors(void)
{
	static const uint8_t junk[64] = "this is not a dump";
	char want[512];
	struct run r;
	size_t len;
	uint8_t *dump;

	BEGIN("vmcore-dmesg/missing-file");
	RUN(&r, path("nothing"));
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want), "vmcore-dmesg: %s: cannot open: No such file or directory\n",
		 path("nothing"));
	CHECK_STR(r.err, want);
	CHECK_EQ(r.out_len, 0);
	free(r.out);
	END();

	BEGIN("vmcore-dmesg/directory");
	RUN(&r, dir);
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want), "vmcore-dmesg: %s: not a regular file\n", dir);
	CHECK_STR(r.err, want);
	free(r.out);
	END();

	BEGIN("vmcore-dmesg/empty-file");
	write_file(path("empty"), "", 0);
	RUN(&r, path("empty"));
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want), "vmcore-dmesg: %s: empty\n", path("empty"));
	CHECK_STR(r.err, want);
	free(r.out);
	END();

	BEGIN("vmcore-dmesg/not-elf");
	write_file(path("junk"), junk, sizeof(junk));
	RUN(&r, path("junk"));
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want), "vmcore-dmesg: %s: not an ELF file (no \\177ELF magic at offset 0)\n",
		 path("junk"));
	CHECK_STR(r.err, want);
	free(r.out);
	END();

	/* A copy cut short in the text ring: what was read before the cut
	 * is printed, then the error names the file. */
	BEGIN("vmcore-dmesg/truncated");
	dump = (uint8_t *)slurp(fixture("printk-virt-sysrq.core"), &len);
	write_file(path("short"), dump, 0x5c80 + 0xcf0);
	RUN(&r, path("short"));
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want),
		 "vmcore-dmesg: %s: truncated: the text of record 1 at 0x00475cd8 (physical 0x00475cd8) lies past the end of the file (26992 bytes)\n",
		 path("short"));
	CHECK_STR(r.err, want);
	CHECK(strncmp(r.out, "[    0.000000] Linux version", 28) == 0);
	CHECK(strchr(r.out, '\n') == r.out + r.out_len - 1);
	free(r.out);
	free(dump);
	END();

	BEGIN("vmcore-dmesg/output-error");
	if (access("/dev/full", W_OK) == 0) {
		run_to(&r, "/dev/full", (const char *const[]){ fixture("printk-virt-sysrq.core"), NULL });
		CHECK_EQ(r.status, 1);
		CHECK_STR(r.err, "vmcore-dmesg: cannot write the output: No space left on device\n");
		free(r.out);
		END();
	} else {
		SKIP("no /dev/full");
	}
}

static void test_usage(void)
{
	static const struct {
		const char *name;
		const char *args[4];
		const char *err;
	} cases[] = {
		{ "two-files", { "a", "b" }, "vmcore-dmesg: b: one dump at most\nTry 'vmcore-dmesg --help'.\n" },
		{ "unknown-option", { "-x" }, "vmcore-dmesg: -x: unknown option\nTry 'vmcore-dmesg --help'.\n" },
		{ "unknown-long-option", { "--json" },
		  "vmcore-dmesg: --json: unknown option\nTry 'vmcore-dmesg --help'.\n" },
	};
	struct run r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		BEGIN("vmcore-dmesg/usage-%s", cases[i].name);
		run_to(&r, NULL, cases[i].args);
		CHECK_EQ(r.status, 2);
		CHECK_STR(r.err, cases[i].err);
		CHECK_EQ(r.out_len, 0);
		free(r.out);
		END();
	}

	BEGIN("vmcore-dmesg/help");
	RUN(&r, "-h");
	CHECK_EQ(r.status, 0);
	CHECK(strncmp(r.out, "Usage: vmcore-dmesg [FILE]\n", 27) == 0);
	CHECK_CONTAINS(r.out, "/proc/vmcore");
	CHECK_CONTAINS(r.out, "Exit status: 0 ok, 1 unreadable or bad dump, 2 usage.\n");
	CHECK_STR(r.err, "");
	free(r.out);
	END();

	BEGIN("vmcore-dmesg/help-long");
	RUN(&r, "--help");
	CHECK_EQ(r.status, 0);
	CHECK(strncmp(r.out, "Usage: vmcore-dmesg [FILE]\n", 27) == 0);
	free(r.out);
	END();
}

int main(void)
{
	strcpy(dir, "/tmp/vmcore-dmesg.XXXXXX");
	BEGIN("vmcore-dmesg/found");
	if (!CHECK(tool_find(tool, sizeof(tool), "MK_VMCORE_DMESG", "vmcore-dmesg")) ||
	    !CHECK(mkdtemp(dir) != NULL)) {
		fprintf(stderr, "no vmcore-dmesg tool at %s (set MK_VMCORE_DMESG)\n", tool);
		return DONE();
	}
	END();
	test_logs();
	test_errors();
	test_usage();
	tool_remove_dir(dir);
	return DONE();
}
