// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command-line composer: --reuse-cmdline drops BOOT_IMAGE= words
 * without stray blanks, quotes keep blanks, --append appends, the limit
 * is 255 characters, and --command-line with --reuse-cmdline is refused.
 */
#include "harness.h"

struct cl_case {
	const char *name;
	const char *command_line;
	int reuse;
	const char *current;
	const char *append[4];
	const char *want;	/* the composed line */
	int err;
};

static const struct cl_case cases[] = {
	{ "nothing-at-all", NULL, 0, NULL, { NULL }, "", MK_OK },
	{ "current-ignored-without-reuse", NULL, 0, "console=ttyS0", { NULL }, "", MK_OK },
	{ "reuse", NULL, 1, "console=ttyS0 root=/dev/sda", { NULL }, "console=ttyS0 root=/dev/sda", MK_OK },
	{ "reuse-null-current", NULL, 1, NULL, { NULL }, "", MK_OK },
	{ "reuse-empty-current", NULL, 1, "", { NULL }, "", MK_OK },
	{ "reuse-boot-image-start", NULL, 1, "BOOT_IMAGE=/vmlinux console=ttyS0 ro", { NULL },
	  "console=ttyS0 ro", MK_OK },
	{ "reuse-boot-image-middle", NULL, 1, "console=ttyS0 BOOT_IMAGE=/vmlinux ro", { NULL },
	  "console=ttyS0 ro", MK_OK },
	{ "reuse-boot-image-end", NULL, 1, "console=ttyS0 ro BOOT_IMAGE=/vmlinux", { NULL },
	  "console=ttyS0 ro", MK_OK },
	{ "reuse-boot-image-end-newline", NULL, 1, "console=ttyS0 BOOT_IMAGE=/vmlinux\n", { NULL },
	  "console=ttyS0", MK_OK },
	{ "reuse-boot-image-only-word", NULL, 1, "BOOT_IMAGE=vmlinux", { NULL }, "", MK_OK },
	{ "reuse-boot-image-only-word-blanks", NULL, 1, "  BOOT_IMAGE=vmlinux  ", { NULL }, "", MK_OK },
	{ "reuse-boot-image-twice", NULL, 1, "BOOT_IMAGE=a x BOOT_IMAGE=b y BOOT_IMAGE=c", { NULL },
	  "x y", MK_OK },
	{ "reuse-boot-image-quoted", NULL, 1, "a BOOT_IMAGE=\"/my kernels/vmlinux\" b", { NULL },
	  "a b", MK_OK },
	{ "reuse-keeps-lookalikes", NULL, 1, "XBOOT_IMAGE=1 boot_image=2 BOOT_IMAGE x=BOOT_IMAGE=3",
	  { NULL }, "XBOOT_IMAGE=1 boot_image=2 BOOT_IMAGE x=BOOT_IMAGE=3", MK_OK },
	{ "reuse-aranym", NULL, 1, "console=nfcon BOOT_IMAGE=vmlinux", { NULL }, "console=nfcon", MK_OK },
	{ "blank-runs-collapse", "  a   b\t\tc \n d  ", 0, NULL, { NULL }, "a b c d", MK_OK },
	{ "quotes-keep-blanks", "a=\"x  y\"   b", 0, NULL, { NULL }, "a=\"x  y\" b", MK_OK },
	{ "quotes-keep-tabs", "init=/bin/sh \"opt=\tz\"", 0, NULL, { NULL }, "init=/bin/sh \"opt=\tz\"", MK_OK },
	{ "unterminated-quote", "a \"b  c", 0, NULL, { NULL }, "a \"b  c", MK_OK },
	{ "reuse-quotes-keep-blanks", NULL, 1, "dyndbg=\"file x.c  +p\" BOOT_IMAGE=k", { NULL },
	  "dyndbg=\"file x.c  +p\"", MK_OK },
	{ "command-line", "root=/dev/sda1", 0, NULL, { NULL }, "root=/dev/sda1", MK_OK },
	{ "command-line-keeps-boot-image", "BOOT_IMAGE=x root=/dev/sda1", 0, NULL, { NULL },
	  "BOOT_IMAGE=x root=/dev/sda1", MK_OK },
	{ "command-line-empty", "", 0, NULL, { NULL }, "", MK_OK },
	{ "append-after-reuse", NULL, 1, "console=ttyS0 BOOT_IMAGE=vmlinux", { "single" },
	  "console=ttyS0 single", MK_OK },
	{ "append-after-reuse-only-boot-image", NULL, 1, "BOOT_IMAGE=vmlinux", { "single" },
	  "single", MK_OK },
	{ "append-after-command-line", "root=/dev/sda1", 0, NULL, { "quiet" },
	  "root=/dev/sda1 quiet", MK_OK },
	{ "append-twice-in-order", "root=/dev/sda1", 0, NULL, { "quiet", "init=/bin/sh" },
	  "root=/dev/sda1 quiet init=/bin/sh", MK_OK },
	{ "append-alone", NULL, 0, NULL, { "console=ttyGF0" }, "console=ttyGF0", MK_OK },
	{ "append-alone-with-current", NULL, 0, "console=ttyS0", { "quiet" }, "quiet", MK_OK },
	{ "append-blanks-trimmed", NULL, 0, NULL, { "  a  ", "", "   ", " b" }, "a b", MK_OK },
	{ "append-keeps-boot-image", NULL, 1, "x", { "BOOT_IMAGE=y" }, "x BOOT_IMAGE=y", MK_OK },
	{ "append-empty-to-reuse", NULL, 1, "console=ttyS0", { "" }, "console=ttyS0", MK_OK },
	{ "command-line-with-reuse", "root=/dev/sda1", 1, "console=ttyS0", { NULL }, "",
	  MK_ERR_PARAM },
	{ "empty-command-line-with-reuse", "", 1, "console=ttyS0", { NULL }, "", MK_ERR_PARAM },
};

static void compose_case(const struct cl_case *c)
{
	struct mk_cmdline_opts o;
	struct mk_diag d = { 0, "" };
	char out[MK_CMDLINE_SIZE];
	unsigned i;
	int err;

	memset(&o, 0, sizeof(o));
	o.command_line = c->command_line;
	o.reuse = c->reuse;
	o.current = c->current;
	for (i = 0; i < 4 && c->append[i]; i++)
		o.append[o.nappend++] = c->append[i];
	memset(out, 'X', sizeof(out));
	err = mk_cmdline_compose(&o, out, sizeof(out), &d);
	CHECK_ERR(err, c->err);
	if (c->err == MK_OK)
		CHECK_STR(out, c->want);
	else
		CHECK_ERR(d.code, c->err);
}

static void fill(char *s, size_t n, char ch)
{
	memset(s, ch, n);
	s[n] = '\0';
}

static void test_limits(void)
{
	static char big[4096], big2[8192];
	struct mk_cmdline_opts o;
	struct mk_diag d;
	char out[MK_CMDLINE_SIZE];

	BEGIN("cmdline/255-accepted");
	memset(&o, 0, sizeof(o));
	fill(big, 255, 'a');
	o.command_line = big;
	if (CHECK_ERR(mk_cmdline_compose(&o, out, sizeof(out), &d), MK_OK))
		CHECK_STR(out, big);
	END();

	BEGIN("cmdline/256-refused");
	fill(big, 256, 'a');
	CHECK_ERR(mk_cmdline_compose(&o, out, sizeof(out), &d), MK_ERR_CMDLINE_TOO_LONG);
	CHECK_ERR(d.code, MK_ERR_CMDLINE_TOO_LONG);
	CHECK_CONTAINS(d.msg, "256 characters");
	CHECK_CONTAINS(d.msg, "at most 255");
	CHECK_EQ(strlen(out), 255);	/* cut, but a string */
	END();

	BEGIN("cmdline/300-refused-names-length");
	fill(big, 300, 'b');
	CHECK_ERR(mk_cmdline_compose(&o, out, sizeof(out), &d), MK_ERR_CMDLINE_TOO_LONG);
	CHECK_CONTAINS(d.msg, "300 characters");
	END();

	BEGIN("cmdline/4000-refused");
	fill(big, 4000, 'c');
	CHECK_ERR(mk_cmdline_compose(&o, out, sizeof(out), &d), MK_ERR_CMDLINE_TOO_LONG);
	CHECK_CONTAINS(d.msg, "4000 characters");
	END();

	/* 250 + " " + 4 = 255: fits; one more character does not. */
	BEGIN("cmdline/append-reaches-255");
	fill(big, 250, 'a');
	o.nappend = 1;
	o.append[0] = "abcd";
	if (CHECK_ERR(mk_cmdline_compose(&o, out, sizeof(out), &d), MK_OK))
		CHECK_EQ(strlen(out), 255);
	END();

	BEGIN("cmdline/append-reaches-256");
	o.append[0] = "abcde";
	CHECK_ERR(mk_cmdline_compose(&o, out, sizeof(out), &d), MK_ERR_CMDLINE_TOO_LONG);
	CHECK_CONTAINS(d.msg, "256 characters");
	END();

	/* The limit counts the composed line: a reused line over 255
	 * characters fits once BOOT_IMAGE= and blank runs are gone. */
	BEGIN("cmdline/reuse-fits-after-dropping-boot-image");
	memset(&o, 0, sizeof(o));
	fill(big, 250, 'r');
	snprintf(big2, sizeof(big2), "%s    BOOT_IMAGE=/boot/vmlinux-6.12.0-m68k", big);
	o.reuse = 1;
	o.current = big2;
	CHECK(strlen(big2) > 256);
	if (CHECK_ERR(mk_cmdline_compose(&o, out, sizeof(out), &d), MK_OK))
		CHECK_STR(out, big);
	END();

	BEGIN("cmdline/small-output-buffer");
	{
		char small[8];

		memset(&o, 0, sizeof(o));
		o.command_line = "abcdefgh";
		CHECK_ERR(mk_cmdline_compose(&o, small, sizeof(small), &d), MK_ERR_CMDLINE_TOO_LONG);
		CHECK_STR(small, "abcdefg");
		o.command_line = "abcdefg";
		CHECK_ERR(mk_cmdline_compose(&o, small, sizeof(small), &d), MK_OK);
		CHECK_STR(small, "abcdefg");
	}
	END();

	BEGIN("cmdline/bad-arguments");
	memset(&o, 0, sizeof(o));
	CHECK_ERR(mk_cmdline_compose(&o, NULL, 10, &d), MK_ERR_PARAM);
	CHECK_ERR(mk_cmdline_compose(&o, out, 0, &d), MK_ERR_PARAM);
	o.nappend = 9;
	CHECK_ERR(mk_cmdline_compose(&o, out, sizeof(out), &d), MK_ERR_PARAM);
	END();

	BEGIN("cmdline/eight-appends");
	{
		static const char *const w[8] = { "1", "2", "3", "4", "5", "6", "7", "8" };
		unsigned i;

		memset(&o, 0, sizeof(o));
		for (i = 0; i < 8; i++)
			o.append[o.nappend++] = w[i];
		if (CHECK_ERR(mk_cmdline_compose(&o, out, sizeof(out), &d), MK_OK))
			CHECK_STR(out, "1 2 3 4 5 6 7 8");
	}
	END();

	BEGIN("cmdline/param-message-names-options");
	memset(&o, 0, sizeof(o));
	o.command_line = "a";
	o.reuse = 1;
	CHECK_ERR(mk_cmdline_compose(&o, out, sizeof(out), &d), MK_ERR_PARAM);
	CHECK_CONTAINS(d.msg, "--command-line");
	CHECK_CONTAINS(d.msg, "--reuse-cmdline");
	END();
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		BEGIN("cmdline/%s", cases[i].name);
		compose_case(&cases[i]);
		END();
	}
	test_limits();
	return DONE();
}
