// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vmcore-dmesg tool as users run it: the log of a real dump (the
 * fixture of test_printk.c) byte for byte, one line naming the file on
 * every error, the exit codes (0 ok, 1 bad input, 2 usage) and --help.
 *
 * The tool is $MK_VMCORE_DMESG, else "vmcore-dmesg" next to $MK_KEXEC
 * (run.sh sets it to BUILD/kexec), else build/host/vmcore-dmesg.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "tool.h"
#include "printk_text.h"
#include "m68kexec_printk.h"

static char tool[4096];
static char dir[64];

#define RUN(r, ...) TOOL_RUN((r), tool, dir, NULL, __VA_ARGS__)

static const char *path(const char *name)
{
	return tool_path(dir, name);
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
	struct tool_run r;
	size_t i;

	for (i = 0; i < 2; i++) {
		struct text t = { 0 };
		size_t len;
		uint8_t *dump = (uint8_t *)tool_slurp(printk_fixture(names[i]), &len);

		BEGIN("vmcore-dmesg/log-%s", names[i]);
		CHECK_ERR(mk_printk_walk(dump, len, collect, &t, NULL, NULL), MK_OK);
		RUN(&r, printk_fixture(names[i]));
		CHECK_EQ(r.status, 0);
		CHECK_STR(r.err, "");
		CHECK_EQ(r.out_len, t.len);
		CHECK(t.s && r.out_len == t.len && memcmp(r.out, t.s, t.len) == 0);
		CHECK(strncmp(r.out, "[    0.000000] Linux version 6.12.118-virt (root@vm) ", 53) == 0);
		CHECK_CONTAINS(r.out, i == 0 ? "\n[    3.190000] sysrq: Trigger a crash\n"
					     : "\n[    3.680000] Oops: 00000000\n");
		tool_run_free(&r);
		free(t.s);
		free(dump);
		END();
	}

	BEGIN("vmcore-dmesg/double-dash");
	RUN(&r, "--", printk_fixture(names[0]));
	CHECK_EQ(r.status, 0);
	CHECK(r.out_len > 5000);
	tool_run_free(&r);
	END();
}

static void test_errors(void)
{
	static const uint8_t junk[64] = "this is not a dump";
	char want[512];
	struct tool_run r;
	size_t len;
	uint8_t *dump;

	BEGIN("vmcore-dmesg/missing-file");
	RUN(&r, path("nothing"));
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want), "vmcore-dmesg: %s: cannot open: No such file or directory\n",
		 path("nothing"));
	CHECK_STR(r.err, want);
	CHECK_EQ(r.out_len, 0);
	tool_run_free(&r);
	END();

	BEGIN("vmcore-dmesg/directory");
	RUN(&r, dir);
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want), "vmcore-dmesg: %s: not a regular file\n", dir);
	CHECK_STR(r.err, want);
	tool_run_free(&r);
	END();

	BEGIN("vmcore-dmesg/empty-file");
	write_file(path("empty"), "", 0);
	RUN(&r, path("empty"));
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want), "vmcore-dmesg: %s: empty\n", path("empty"));
	CHECK_STR(r.err, want);
	tool_run_free(&r);
	END();

	BEGIN("vmcore-dmesg/not-elf");
	write_file(path("junk"), junk, sizeof(junk));
	RUN(&r, path("junk"));
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want), "vmcore-dmesg: %s: not an ELF file (no \\177ELF magic at offset 0)\n",
		 path("junk"));
	CHECK_STR(r.err, want);
	tool_run_free(&r);
	END();

	/* A copy cut short in the text ring: what was read before the cut
	 * is printed, then the error names the file. */
	BEGIN("vmcore-dmesg/truncated");
	dump = (uint8_t *)tool_slurp(printk_fixture("printk-virt-sysrq.core"), &len);
	write_file(path("short"), dump, 0x5c80 + 0xcf0);
	RUN(&r, path("short"));
	CHECK_EQ(r.status, 1);
	snprintf(want, sizeof(want),
		 "vmcore-dmesg: %s: truncated: the text of record 1 at 0x00475cd8 (physical 0x00475cd8) lies past the end of the file (26992 bytes)\n",
		 path("short"));
	CHECK_STR(r.err, want);
	CHECK(strncmp(r.out, "[    0.000000] Linux version", 28) == 0);
	CHECK(strchr(r.out, '\n') == r.out + r.out_len - 1);
	tool_run_free(&r);
	free(dump);
	END();

	BEGIN("vmcore-dmesg/output-error");
	if (access("/dev/full", W_OK) == 0) {
		TOOL_RUN(&r, tool, dir, &(struct tool_opts){ .out_path = "/dev/full" },
			 printk_fixture("printk-virt-sysrq.core"));
		CHECK_EQ(r.status, 1);
		CHECK_STR(r.err, "vmcore-dmesg: cannot write the output: No space left on device\n");
		tool_run_free(&r);
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
	struct tool_run r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		BEGIN("vmcore-dmesg/usage-%s", cases[i].name);
		tool_run(&r, tool, dir, NULL, cases[i].args);
		CHECK_EQ(r.status, 2);
		CHECK_STR(r.err, cases[i].err);
		CHECK_EQ(r.out_len, 0);
		tool_run_free(&r);
		END();
	}

	BEGIN("vmcore-dmesg/help");
	RUN(&r, "-h");
	CHECK_EQ(r.status, 0);
	CHECK(strncmp(r.out, "Usage: vmcore-dmesg [FILE]\n", 27) == 0);
	CHECK_CONTAINS(r.out, "/proc/vmcore");
	CHECK_CONTAINS(r.out, "Exit status: 0 ok, 1 unreadable or bad dump, 2 usage.\n");
	CHECK_STR(r.err, "");
	tool_run_free(&r);
	END();

	BEGIN("vmcore-dmesg/help-long");
	RUN(&r, "--help");
	CHECK_EQ(r.status, 0);
	CHECK(strncmp(r.out, "Usage: vmcore-dmesg [FILE]\n", 27) == 0);
	tool_run_free(&r);
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
