/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kdump configuration (lib/kdumpconf.c): the defaults, every
 * variable, the quoting and escapes, comments and "export", the shell
 * syntax refused with its line, the limits, the yes/no and choice values,
 * unknown names, the later line winning, *c untouched on error, the
 * written file byte for byte and read back; and mk_cmdline_value().
 */
#include <stddef.h>

#include "harness.h"
#include "m68kexec_kdump.h"

/* The fields by their variable's name, to say what a case expects. */
enum { F_STR, F_INT };
#define STR(n, f)	{ n, F_STR, offsetof(struct mk_kdump_conf, f) }
#define INT(n, f)	{ n, F_INT, offsetof(struct mk_kdump_conf, f) }
static const struct {
	const char *name;
	int kind;
	size_t off;
} fields[] = {
	INT("USE_KDUMP", use_kdump),
	STR("KDUMP_KERNEL", kernel),
	STR("KDUMP_INITRD", initrd),
	STR("KDUMP_COREDIR", coredir),
	STR("KDUMP_CMDLINE", cmdline),
	STR("KDUMP_CMDLINE_APPEND", cmdline_append),
	INT("KDUMP_DUMP_DMESG", dump_dmesg),
	STR("KDUMP_DEVICE", device),
	STR("KDUMP_FSTYPE", fstype),
	INT("KDUMP_SKIP_ZERO", skip_zero),
	INT("KDUMP_COMPRESS", compress),
	INT("KDUMP_RETURN", after),
	STR("KDUMP_RETURN_KERNEL", return_kernel),
	STR("KDUMP_RETURN_INITRD", return_initrd),
	STR("KDUMP_RETURN_CMDLINE_APPEND", return_append),
};
#define NFIELDS		(sizeof(fields) / sizeof(fields[0]))

/* The field as text: a string, or an int in decimal. */
static const char *get(const struct mk_kdump_conf *c, const char *name, char *buf, size_t n)
{
	unsigned i;

	for (i = 0; i < NFIELDS; i++) {
		const char *p = (const char *)c + fields[i].off;

		if (strcmp(fields[i].name, name) != 0)
			continue;
		if (fields[i].kind == F_STR)
			return p;
		snprintf(buf, n, "%d", *(const int *)p);
		return buf;
	}
	return "(no such field)";
}

static int parse(struct mk_kdump_conf *c, const char *text, struct mk_diag *d)
{
	d->code = 0;
	d->msg[0] = '\0';
	return mk_kdump_conf_parse(c, text, strlen(text), d);
}

/* ------------------------------------------------------------------ */

static void test_defaults(void)
{
	static const struct {
		const char *name, *value;
	} want[] = {
		{ "USE_KDUMP", "0" }, { "KDUMP_KERNEL", "" }, { "KDUMP_INITRD", "" },
		{ "KDUMP_COREDIR", "/var/crash" }, { "KDUMP_CMDLINE", "" },
		{ "KDUMP_CMDLINE_APPEND", "panic=10" }, { "KDUMP_DUMP_DMESG", "1" },
		{ "KDUMP_DEVICE", "" }, { "KDUMP_FSTYPE", "" }, { "KDUMP_SKIP_ZERO", "1" },
		{ "KDUMP_COMPRESS", "0" }, { "KDUMP_RETURN", "0" },
		{ "KDUMP_RETURN_KERNEL", "" }, { "KDUMP_RETURN_INITRD", "/initrd.img" },
		{ "KDUMP_RETURN_CMDLINE_APPEND", "" },
	};
	struct mk_kdump_conf c;
	struct mk_diag d;
	char buf[32];
	unsigned i;

	BEGIN("kdumpconf/defaults");
	memset(&c, 0x5a, sizeof(c));
	mk_kdump_conf_default(&c);
	CHECK_EQ(sizeof(want) / sizeof(want[0]), NFIELDS);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK_STR(get(&c, want[i].name, buf, sizeof(buf)), want[i].value);
	CHECK_EQ(c.compress, MK_KDUMP_COMPRESS_NONE);
	CHECK_EQ(c.after, MK_KDUMP_AFTER_KEXEC);
	END();

	BEGIN("kdumpconf/empty-file-keeps-defaults");
	{
		struct mk_kdump_conf def;

		mk_kdump_conf_default(&def);
		mk_kdump_conf_default(&c);
		CHECK_ERR(mk_kdump_conf_parse(&c, NULL, 0, &d), MK_OK);
		CHECK_ERR(parse(&c, "", &d), MK_OK);
		CHECK_ERR(parse(&c, "\n\n   \n\t\n# only comments\n  # here\n", &d), MK_OK);
		CHECK_MEM(&c, &def, sizeof(c));
	}
	END();
}

/* One line (or a few) and what one variable is after it. */
struct conf_case {
	const char *name;
	const char *text;
	const char *var;	/* the field to look at */
	const char *want;	/* its value */
};

static const struct conf_case good[] = {
	/* Every variable. */
	{ "use-kdump", "USE_KDUMP=1\n", "USE_KDUMP", "1" },
	{ "kernel", "KDUMP_KERNEL=/boot/vmlinux-6.12\n", "KDUMP_KERNEL", "/boot/vmlinux-6.12" },
	{ "initrd", "KDUMP_INITRD=/boot/kdump.img\n", "KDUMP_INITRD", "/boot/kdump.img" },
	{ "coredir", "KDUMP_COREDIR=/srv/dumps\n", "KDUMP_COREDIR", "/srv/dumps" },
	{ "cmdline", "KDUMP_CMDLINE=\"console=ttyS0 root=/dev/sda1\"\n", "KDUMP_CMDLINE",
	  "console=ttyS0 root=/dev/sda1" },
	{ "cmdline-append", "KDUMP_CMDLINE_APPEND=\"panic=5 nousb\"\n", "KDUMP_CMDLINE_APPEND",
	  "panic=5 nousb" },
	{ "dump-dmesg", "KDUMP_DUMP_DMESG=0\n", "KDUMP_DUMP_DMESG", "0" },
	{ "device-uuid", "KDUMP_DEVICE=UUID=0b8e-11aa\n", "KDUMP_DEVICE", "UUID=0b8e-11aa" },
	{ "device-label", "KDUMP_DEVICE=\"LABEL=my dumps\"\n", "KDUMP_DEVICE", "LABEL=my dumps" },
	{ "fstype", "KDUMP_FSTYPE=ext4\n", "KDUMP_FSTYPE", "ext4" },
	{ "skip-zero", "KDUMP_SKIP_ZERO=no\n", "KDUMP_SKIP_ZERO", "0" },
	{ "compress-none", "KDUMP_COMPRESS=gzip\nKDUMP_COMPRESS=none\n", "KDUMP_COMPRESS", "0" },
	{ "compress-gzip", "KDUMP_COMPRESS=gzip\n", "KDUMP_COMPRESS", "1" },
	{ "compress-zstd", "KDUMP_COMPRESS=zstd\n", "KDUMP_COMPRESS", "2" },
	{ "return-kexec", "KDUMP_RETURN=reboot\nKDUMP_RETURN=kexec", "KDUMP_RETURN", "0" },
	{ "return-reboot", "KDUMP_RETURN=reboot\n", "KDUMP_RETURN", "1" },
	{ "return-poweroff", "KDUMP_RETURN=poweroff\n", "KDUMP_RETURN", "2" },
	{ "return-kernel", "KDUMP_RETURN_KERNEL=/vmlinux\n", "KDUMP_RETURN_KERNEL", "/vmlinux" },
	{ "return-initrd-empty", "KDUMP_RETURN_INITRD=\"\"\n", "KDUMP_RETURN_INITRD", "" },
	{ "return-initrd-bare-empty", "KDUMP_RETURN_INITRD=\n", "KDUMP_RETURN_INITRD", "" },
	{ "return-initrd", "KDUMP_RETURN_INITRD=/boot/initrd.img-6.12\n", "KDUMP_RETURN_INITRD",
	  "/boot/initrd.img-6.12" },
	{ "return-append", "KDUMP_RETURN_CMDLINE_APPEND='quiet splash'\n",
	  "KDUMP_RETURN_CMDLINE_APPEND", "quiet splash" },
	/* Yes/no spellings. */
	{ "bool-1", "KDUMP_SKIP_ZERO=0\nKDUMP_SKIP_ZERO=1", "KDUMP_SKIP_ZERO", "1" },
	{ "bool-yes", "USE_KDUMP=yes", "USE_KDUMP", "1" },
	{ "bool-true", "USE_KDUMP=true", "USE_KDUMP", "1" },
	{ "bool-no", "KDUMP_DUMP_DMESG=no", "KDUMP_DUMP_DMESG", "0" },
	{ "bool-false", "KDUMP_DUMP_DMESG=false", "KDUMP_DUMP_DMESG", "0" },
	{ "bool-quoted", "USE_KDUMP=\"1\"", "USE_KDUMP", "1" },
	{ "bool-single-quoted", "USE_KDUMP='yes'", "USE_KDUMP", "1" },
	/* Quoting and escapes. */
	{ "dq-blanks", "KDUMP_KERNEL=\"/my kernels/vm linux\"", "KDUMP_KERNEL", "/my kernels/vm linux" },
	{ "dq-tab", "KDUMP_KERNEL=\"a\tb\"", "KDUMP_KERNEL", "a\tb" },
	{ "dq-escaped-quote", "KDUMP_KERNEL=\"a\\\"b\"", "KDUMP_KERNEL", "a\"b" },
	{ "dq-escaped-backslash", "KDUMP_KERNEL=\"a\\\\b\"", "KDUMP_KERNEL", "a\\b" },
	{ "dq-escaped-dollar", "KDUMP_KERNEL=\"\\$HOME\"", "KDUMP_KERNEL", "$HOME" },
	{ "dq-escaped-backquote", "KDUMP_KERNEL=\"\\`x\\`\"", "KDUMP_KERNEL", "`x`" },
	{ "dq-other-backslash-stays", "KDUMP_KERNEL=\"a\\nb\\\\\"", "KDUMP_KERNEL", "a\\nb\\" },
	{ "dq-glob-literal", "KDUMP_KERNEL=\"/boot/*.img?[0]\"", "KDUMP_KERNEL", "/boot/*.img?[0]" },
	{ "dq-single-quote", "KDUMP_KERNEL=\"it's\"", "KDUMP_KERNEL", "it's" },
	{ "dq-hash", "KDUMP_KERNEL=\"a #b\" # c", "KDUMP_KERNEL", "a #b" },
	{ "dq-tilde", "KDUMP_KERNEL=\"~/k\"", "KDUMP_KERNEL", "~/k" },
	{ "sq-literal", "KDUMP_KERNEL='$HOME/`x` \\\" *'", "KDUMP_KERNEL", "$HOME/`x` \\\" *" },
	{ "sq-double-quote", "KDUMP_KERNEL='a\"b'", "KDUMP_KERNEL", "a\"b" },
	{ "bare-hash-inside", "KDUMP_KERNEL=/a#b", "KDUMP_KERNEL", "/a#b" },
	{ "bare-equals", "KDUMP_DEVICE=LABEL=dumps", "KDUMP_DEVICE", "LABEL=dumps" },
	{ "bare-braces", "KDUMP_KERNEL=/a{b,c}", "KDUMP_KERNEL", "/a{b,c}" },
	{ "bare-tilde-inside", "KDUMP_KERNEL=/a~b", "KDUMP_KERNEL", "/a~b" },
	/* Comments, blanks, export, line ends. */
	{ "comment-after-bare", "KDUMP_KERNEL=/k # the kernel", "KDUMP_KERNEL", "/k" },
	{ "comment-after-tab", "KDUMP_KERNEL=/k\t#x", "KDUMP_KERNEL", "/k" },
	{ "comment-after-quote", "KDUMP_KERNEL=\"/k\"   # x", "KDUMP_KERNEL", "/k" },
	{ "comment-line-ignored", "# KDUMP_KERNEL=/no\nKDUMP_KERNEL=/yes", "KDUMP_KERNEL", "/yes" },
	{ "comment-indented", "   #KDUMP_KERNEL=/no", "KDUMP_KERNEL", "" },
	{ "leading-blanks", "  \t KDUMP_KERNEL=/k", "KDUMP_KERNEL", "/k" },
	{ "trailing-blanks", "KDUMP_KERNEL=/k  \t ", "KDUMP_KERNEL", "/k" },
	{ "empty-then-comment", "KDUMP_KERNEL= # none", "KDUMP_KERNEL", "" },
	{ "export", "export KDUMP_KERNEL=/k", "KDUMP_KERNEL", "/k" },
	{ "export-tab-blanks", "  export\t  KDUMP_KERNEL=\"/k\"", "KDUMP_KERNEL", "/k" },
	{ "crlf", "KDUMP_KERNEL=/k\r\nKDUMP_FSTYPE=\"ext2\"\r\n", "KDUMP_FSTYPE", "ext2" },
	{ "crlf-bare", "KDUMP_KERNEL=/k\r\n", "KDUMP_KERNEL", "/k" },
	{ "no-final-newline", "KDUMP_FSTYPE=vfat", "KDUMP_FSTYPE", "vfat" },
	/* A later line wins; unknown names are ignored. */
	{ "later-wins", "KDUMP_COREDIR=/a\nKDUMP_COREDIR=/b\n", "KDUMP_COREDIR", "/b" },
	{ "later-wins-export", "export KDUMP_COREDIR=/a\nKDUMP_COREDIR='/b'\n", "KDUMP_COREDIR", "/b" },
	{ "unknown-ignored", "MAKEDUMP_ARGS=\"-c -d 31\"\nKDUMP_COREDIR=/c\n", "KDUMP_COREDIR", "/c" },
	{ "unknown-may-expand", "KDUMP_SYSCTL=\"kernel.panic=$X `y`\"\nFOO=$BAR*\nKDUMP_FSTYPE=xfs",
	  "KDUMP_FSTYPE", "xfs" },
	{ "unknown-lowercase", "use_kdump=1", "USE_KDUMP", "0" },
	{ "unknown-prefix", "USE_KDUMPX=1\nXUSE_KDUMP=1", "USE_KDUMP", "0" },
	{ "unknown-long-value", "FOO=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
	  "KDUMP_KERNEL", "" },
	{ "export-as-a-name", "export=1\nKDUMP_FSTYPE=f", "KDUMP_FSTYPE", "f" },
};

/* A line refused: the code and the whole message. */
struct bad_case {
	const char *name;
	const char *text;
	int err;
	const char *msg;
};

static const struct bad_case bad[] = {
	/* Not an assignment. */
	{ "no-equals", "USE_KDUMP 1", MK_ERR_CONFIG,
	  "line 1: not NAME=VALUE (a name, '=' and the value, no blank around '=')" },
	{ "blank-before-equals", "\n\nUSE_KDUMP =1", MK_ERR_CONFIG,
	  "line 3: not NAME=VALUE (a name, '=' and the value, no blank around '=')" },
	{ "no-name", "=1", MK_ERR_CONFIG,
	  "line 1: not NAME=VALUE (a name, '=' and the value, no blank around '=')" },
	{ "digit-first", "1USE=1", MK_ERR_CONFIG,
	  "line 1: not NAME=VALUE (a name, '=' and the value, no blank around '=')" },
	{ "export-alone", "export", MK_ERR_CONFIG,
	  "line 1: not NAME=VALUE (a name, '=' and the value, no blank around '=')" },
	{ "export-name-only", "export USE_KDUMP", MK_ERR_CONFIG,
	  "line 1: not NAME=VALUE (a name, '=' and the value, no blank around '=')" },
	{ "command", "# ok\nsystemctl start kdump", MK_ERR_CONFIG,
	  "line 2: not NAME=VALUE (a name, '=' and the value, no blank around '=')" },
	/* Shell expansion in a known variable. */
	{ "bare-dollar", "#\n#\nKDUMP_KERNEL=$HOME/vmlinux", MK_ERR_CONFIG,
	  "line 3: KDUMP_KERNEL: '$' in an unquoted value would be expanded by a shell: put the value in single quotes" },
	{ "bare-backquote", "KDUMP_KERNEL=`uname`", MK_ERR_CONFIG,
	  "line 1: KDUMP_KERNEL: '`' in an unquoted value would be expanded by a shell: put the value in single quotes" },
	{ "bare-star", "KDUMP_INITRD=/boot/initrd*", MK_ERR_CONFIG,
	  "line 1: KDUMP_INITRD: '*' in an unquoted value would be expanded by a shell: put the value in single quotes" },
	{ "bare-question", "KDUMP_INITRD=/boot/initrd?", MK_ERR_CONFIG,
	  "line 1: KDUMP_INITRD: '?' in an unquoted value would be expanded by a shell: put the value in single quotes" },
	{ "bare-bracket", "KDUMP_INITRD=/boot/[ab]", MK_ERR_CONFIG,
	  "line 1: KDUMP_INITRD: '[' in an unquoted value would be expanded by a shell: put the value in single quotes" },
	{ "bare-tilde", "KDUMP_COREDIR=~/crash", MK_ERR_CONFIG,
	  "line 1: KDUMP_COREDIR: '~' in an unquoted value would be expanded by a shell: put the value in single quotes" },
	{ "bare-tilde-after-colon", "KDUMP_COREDIR=/a:~b", MK_ERR_CONFIG,
	  "line 1: KDUMP_COREDIR: '~' in an unquoted value would be expanded by a shell: put the value in single quotes" },
	{ "dq-dollar", "KDUMP_CMDLINE=\"root=$ROOT\"", MK_ERR_CONFIG,
	  "line 1: KDUMP_CMDLINE: '$' inside double quotes would be expanded by a shell: write \\$" },
	{ "dq-backquote", "\nKDUMP_CMDLINE=\"a `b`\"", MK_ERR_CONFIG,
	  "line 2: KDUMP_CMDLINE: '`' inside double quotes would be expanded by a shell: write \\`" },
	{ "export-dollar", "export KDUMP_FSTYPE=$FS", MK_ERR_CONFIG,
	  "line 1: KDUMP_FSTYPE: '$' in an unquoted value would be expanded by a shell: put the value in single quotes" },
	/* Shell syntax. */
	{ "bare-semicolon", "KDUMP_KERNEL=/k;reboot", MK_ERR_CONFIG,
	  "line 1: KDUMP_KERNEL: ';' in an unquoted value is shell syntax: put the value in single quotes" },
	{ "bare-pipe", "KDUMP_KERNEL=a|b", MK_ERR_CONFIG,
	  "line 1: KDUMP_KERNEL: '|' in an unquoted value is shell syntax: put the value in single quotes" },
	{ "bare-amp", "KDUMP_KERNEL=a&", MK_ERR_CONFIG,
	  "line 1: KDUMP_KERNEL: '&' in an unquoted value is shell syntax: put the value in single quotes" },
	{ "bare-paren", "KDUMP_KERNEL=(a)", MK_ERR_CONFIG,
	  "line 1: KDUMP_KERNEL: '(' in an unquoted value is shell syntax: put the value in single quotes" },
	{ "bare-redirect", "KDUMP_KERNEL=a>b", MK_ERR_CONFIG,
	  "line 1: KDUMP_KERNEL: '>' in an unquoted value is shell syntax: put the value in single quotes" },
	{ "bare-inner-quote", "KDUMP_KERNEL=a\"b c\"", MK_ERR_CONFIG,
	  "line 1: KDUMP_KERNEL: '\"' inside an unquoted value: quote the whole value" },
	{ "bare-inner-squote", "KDUMP_KERNEL=it's", MK_ERR_CONFIG,
	  "line 1: KDUMP_KERNEL: ''' inside an unquoted value: quote the whole value" },
	{ "bare-backslash", "KDUMP_KERNEL=a\\ b", MK_ERR_CONFIG,
	  "line 1: KDUMP_KERNEL: '\\' inside an unquoted value: quote the whole value" },
	{ "unknown-semicolon", "FOO=a;b", MK_ERR_CONFIG,
	  "line 1: FOO: ';' in an unquoted value is shell syntax: put the value in single quotes" },
	/* Quotes. */
	{ "unterminated-double", "KDUMP_CMDLINE=\"console=ttyS0\nKDUMP_KERNEL=/k\"", MK_ERR_CONFIG,
	  "line 1: KDUMP_CMDLINE: unterminated double quote" },
	{ "unterminated-single", "\n\nKDUMP_CMDLINE='a", MK_ERR_CONFIG,
	  "line 3: KDUMP_CMDLINE: unterminated single quote" },
	{ "unterminated-escaped", "KDUMP_CMDLINE=\"a\\\"", MK_ERR_CONFIG,
	  "line 1: KDUMP_CMDLINE: unterminated double quote" },
	{ "unknown-unterminated", "MAKEDUMP_ARGS=\"-c", MK_ERR_CONFIG,
	  "line 1: MAKEDUMP_ARGS: unterminated double quote" },
	{ "after-quote", "KDUMP_KERNEL=\"/k\"x", MK_ERR_CONFIG,
	  "line 1: KDUMP_KERNEL: text after the closing quote: quote the whole value" },
	{ "after-quote-hash", "KDUMP_KERNEL='/k'#x", MK_ERR_CONFIG,
	  "line 1: KDUMP_KERNEL: text after the closing quote: quote the whole value" },
	{ "two-words", "KDUMP_CMDLINE=a b", MK_ERR_CONFIG,
	  "line 1: KDUMP_CMDLINE: text after the value: quote a value with blanks" },
	{ "word-after-quote", "KDUMP_CMDLINE=\"a\" b", MK_ERR_CONFIG,
	  "line 1: KDUMP_CMDLINE: text after the value: quote a value with blanks" },
	{ "unknown-two-words", "FOO=a b", MK_ERR_CONFIG,
	  "line 1: FOO: text after the value: quote a value with blanks" },
	/* Yes/no and choices. */
	{ "bool-maybe", "USE_KDUMP=maybe", MK_ERR_CONFIG,
	  "line 1: USE_KDUMP is \"maybe\": use yes or no (1 or 0, true or false)" },
	{ "bool-empty", "KDUMP_SKIP_ZERO=", MK_ERR_CONFIG,
	  "line 1: KDUMP_SKIP_ZERO is \"\": use yes or no (1 or 0, true or false)" },
	{ "bool-upper", "KDUMP_DUMP_DMESG=Yes", MK_ERR_CONFIG,
	  "line 1: KDUMP_DUMP_DMESG is \"Yes\": use yes or no (1 or 0, true or false)" },
	{ "bool-2", "USE_KDUMP=2", MK_ERR_CONFIG,
	  "line 1: USE_KDUMP is \"2\": use yes or no (1 or 0, true or false)" },
	{ "bool-hash-glued", "USE_KDUMP=1#on", MK_ERR_CONFIG,
	  "line 1: USE_KDUMP is \"1#on\": use yes or no (1 or 0, true or false)" },
	{ "compress-xz", "KDUMP_COMPRESS=xz", MK_ERR_CONFIG,
	  "line 1: KDUMP_COMPRESS is \"xz\": use none, gzip or zstd" },
	{ "compress-upper", "KDUMP_COMPRESS=\"GZIP\"", MK_ERR_CONFIG,
	  "line 1: KDUMP_COMPRESS is \"GZIP\": use none, gzip or zstd" },
	{ "compress-empty", "KDUMP_COMPRESS=", MK_ERR_CONFIG,
	  "line 1: KDUMP_COMPRESS is \"\": use none, gzip or zstd" },
	{ "return-halt", "USE_KDUMP=1\nKDUMP_RETURN=halt", MK_ERR_CONFIG,
	  "line 2: KDUMP_RETURN is \"halt\": use kexec, reboot or poweroff" },
	/* Not text. */
	{ "nul-byte", "USE_KDUMP=1\nKDUMP_KERNEL=/k\0x", MK_ERR_CONFIG,
	  "line 2: a NUL byte: not a text file" },
};

static void test_good(void)
{
	unsigned i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const struct conf_case *t = &good[i];
		struct mk_kdump_conf c;
		struct mk_diag d;
		char buf[32];

		BEGIN("kdumpconf/%s", t->name);
		mk_kdump_conf_default(&c);
		if (CHECK_ERR(parse(&c, t->text, &d), MK_OK))
			CHECK_STR(get(&c, t->var, buf, sizeof(buf)), t->want);
		else
			h_fail(__FILE__, __LINE__, "%s", d.msg);
		END();
	}
}

static void test_bad(void)
{
	unsigned i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct bad_case *t = &bad[i];
		struct mk_kdump_conf c, before;
		struct mk_diag d = { 0, "" };
		/* The text of a case may hold a NUL: its length is the literal's. */
		size_t len = strlen(t->text);

		if (strcmp(t->name, "nul-byte") == 0)
			len = sizeof("USE_KDUMP=1\nKDUMP_KERNEL=/k\0x") - 1;
		BEGIN("kdumpconf/bad-%s", t->name);
		mk_kdump_conf_default(&c);
		before = c;
		CHECK_ERR(mk_kdump_conf_parse(&c, t->text, len, &d), t->err);
		CHECK_ERR(d.code, t->err);
		CHECK_STR(d.msg, t->msg);
		CHECK_MEM(&c, &before, sizeof(c));	/* *c as it was */
		END();
	}
}

static void fill(char *s, size_t n, char ch)
{
	memset(s, ch, n);
	s[n] = '\0';
}

static void test_limits(void)
{
	static char text[MK_KDUMP_CONF_MAX + 2], v[600];
	struct mk_kdump_conf c, before;
	struct mk_diag d;

	/* Every path holds 255 bytes, the file system type 31. */
	static const struct {
		const char *var;
		size_t max;
	} lim[] = {
		{ "KDUMP_KERNEL", 255 }, { "KDUMP_INITRD", 255 }, { "KDUMP_COREDIR", 255 },
		{ "KDUMP_CMDLINE", 255 }, { "KDUMP_CMDLINE_APPEND", 255 }, { "KDUMP_DEVICE", 255 },
		{ "KDUMP_FSTYPE", 31 }, { "KDUMP_RETURN_KERNEL", 255 },
		{ "KDUMP_RETURN_INITRD", 255 }, { "KDUMP_RETURN_CMDLINE_APPEND", 255 },
	};
	unsigned i;

	for (i = 0; i < sizeof(lim) / sizeof(lim[0]); i++) {
		char want[120], buf[8];

		BEGIN("kdumpconf/limit-%s", lim[i].var);
		mk_kdump_conf_default(&c);
		fill(v, lim[i].max, 'k');
		snprintf(text, sizeof(text), "# x\n%s=\"%s\"\n", lim[i].var, v);
		if (CHECK_ERR(parse(&c, text, &d), MK_OK))
			CHECK_STR(get(&c, lim[i].var, buf, sizeof(buf)), v);
		before = c;
		fill(v, lim[i].max + 1, 'k');
		snprintf(text, sizeof(text), "# x\n%s=%s\n", lim[i].var, v);
		CHECK_ERR(parse(&c, text, &d), MK_ERR_CONFIG);
		snprintf(want, sizeof(want), "line 2: %s is longer than %zu bytes", lim[i].var,
			 lim[i].max);
		CHECK_STR(d.msg, want);
		CHECK_MEM(&c, &before, sizeof(c));
		/* Escapes count once: 255 escaped characters fit. */
		if (lim[i].max == 255) {
			size_t k;

			for (k = 0; k < 255; k++)
				memcpy(v + 2 * k, "\\$", 2);
			v[510] = '\0';
			snprintf(text, sizeof(text), "%s=\"%s\"", lim[i].var, v);
			CHECK_ERR(parse(&c, text, &d), MK_OK);
			CHECK_EQ(strlen(get(&c, lim[i].var, buf, sizeof(buf))), 255);
		}
		END();
	}

	BEGIN("kdumpconf/limit-message");
	mk_kdump_conf_default(&c);
	fill(v, 300, 'a');
	snprintf(text, sizeof(text), "KDUMP_KERNEL='%s'", v);
	CHECK_ERR(parse(&c, text, &d), MK_ERR_CONFIG);
	CHECK_STR(d.msg, "line 1: KDUMP_KERNEL is longer than 255 bytes");
	END();

	BEGIN("kdumpconf/file-size");
	mk_kdump_conf_default(&c);
	before = c;
	memset(text, '\n', sizeof(text));
	CHECK_ERR(mk_kdump_conf_parse(&c, text, MK_KDUMP_CONF_MAX, &d), MK_OK);
	d.code = 0;
	CHECK_ERR(mk_kdump_conf_parse(&c, text, MK_KDUMP_CONF_MAX + 1, &d), MK_ERR_PARAM);
	CHECK_ERR(d.code, MK_ERR_PARAM);
	CHECK_STR(d.msg, "the configuration is 65537 bytes, at most 65536 are read");
	CHECK_MEM(&c, &before, sizeof(c));
	END();

	BEGIN("kdumpconf/error-after-good-lines-keeps-all");
	mk_kdump_conf_default(&c);
	before = c;
	CHECK_ERR(parse(&c, "USE_KDUMP=1\nKDUMP_COREDIR=/x\nKDUMP_COMPRESS=gzip\nKDUMP_RETURN=off\n",
			&d), MK_ERR_CONFIG);
	CHECK_STR(d.msg, "line 4: KDUMP_RETURN is \"off\": use kexec, reboot or poweroff");
	CHECK_MEM(&c, &before, sizeof(c));
	END();

	BEGIN("kdumpconf/over-an-earlier-file");
	mk_kdump_conf_default(&c);
	CHECK_ERR(parse(&c, "USE_KDUMP=1\nKDUMP_COREDIR=/x\n", &d), MK_OK);
	CHECK_ERR(parse(&c, "KDUMP_COREDIR=/y\n", &d), MK_OK);
	CHECK_EQ(c.use_kdump, 1);
	CHECK_STR(c.coredir, "/y");
	END();

	BEGIN("kdumpconf/null-diag");
	mk_kdump_conf_default(&c);
	CHECK_ERR(mk_kdump_conf_parse(&c, "USE_KDUMP=x", 11, NULL), MK_ERR_CONFIG);
	CHECK_ERR(mk_kdump_conf_parse(&c, "USE_KDUMP=1", 11, NULL), MK_OK);
	CHECK_EQ(c.use_kdump, 1);
	END();
}

/* ------------------------------------------------------------------ */
/* Writing                                                              */

static const char default_file[] =
	"# kdump-config(8) configuration: read line by line, not by a shell\n"
	"USE_KDUMP=\"0\"\n"
	"KDUMP_KERNEL=\"\"\n"
	"KDUMP_INITRD=\"\"\n"
	"KDUMP_COREDIR=\"/var/crash\"\n"
	"KDUMP_CMDLINE=\"\"\n"
	"KDUMP_CMDLINE_APPEND=\"panic=10\"\n"
	"KDUMP_DUMP_DMESG=\"1\"\n"
	"KDUMP_DEVICE=\"\"\n"
	"KDUMP_FSTYPE=\"\"\n"
	"KDUMP_SKIP_ZERO=\"1\"\n"
	"KDUMP_COMPRESS=\"none\"\n"
	"KDUMP_RETURN=\"kexec\"\n"
	"KDUMP_RETURN_KERNEL=\"\"\n"
	"KDUMP_RETURN_INITRD=\"/initrd.img\"\n"
	"KDUMP_RETURN_CMDLINE_APPEND=\"\"\n";

/* Two configurations are the same: every field, strings up to the NUL. */
static void check_same(const struct mk_kdump_conf *a, const struct mk_kdump_conf *b)
{
	char x[32], y[32];
	unsigned i;

	for (i = 0; i < NFIELDS; i++)
		CHECK_STR(get(a, fields[i].name, x, sizeof(x)), get(b, fields[i].name, y, sizeof(y)));
}

/* c written and parsed back over the defaults: c again. */
static void check_round_trip(const struct mk_kdump_conf *c)
{
	static char out[8192];
	struct mk_kdump_conf r;
	struct mk_diag d;
	size_t n = mk_kdump_conf_write(c, out, sizeof(out));

	mk_kdump_conf_default(&r);
	if (CHECK_ERR(mk_kdump_conf_parse(&r, out, n, &d), MK_OK))
		check_same(&r, c);
	else
		h_fail(__FILE__, __LINE__, "%s", d.msg);
}

static void test_write(void)
{
	static char out[8192];
	struct mk_kdump_conf c, r;
	struct mk_diag d;
	size_t n, full;

	BEGIN("kdumpconf/write-defaults-exact");
	mk_kdump_conf_default(&c);
	n = mk_kdump_conf_write(&c, out, sizeof(out));
	CHECK_EQ(n, sizeof(default_file) - 1);
	CHECK_STR(out, default_file);
	END();

	BEGIN("kdumpconf/write-every-value");
	mk_kdump_conf_default(&c);
	c.use_kdump = 1;
	c.dump_dmesg = 0;
	c.skip_zero = 0;
	c.compress = MK_KDUMP_COMPRESS_ZSTD;
	c.after = MK_KDUMP_AFTER_POWEROFF;
	strcpy(c.kernel, "/k");
	strcpy(c.fstype, "ext4");
	n = mk_kdump_conf_write(&c, out, sizeof(out));
	CHECK_CONTAINS(out, "\nUSE_KDUMP=\"1\"\n");
	CHECK_CONTAINS(out, "\nKDUMP_DUMP_DMESG=\"0\"\n");
	CHECK_CONTAINS(out, "\nKDUMP_SKIP_ZERO=\"0\"\n");
	CHECK_CONTAINS(out, "\nKDUMP_COMPRESS=\"zstd\"\n");
	CHECK_CONTAINS(out, "\nKDUMP_RETURN=\"poweroff\"\n");
	CHECK_CONTAINS(out, "\nKDUMP_KERNEL=\"/k\"\n");
	CHECK_CONTAINS(out, "\nKDUMP_FSTYPE=\"ext4\"\n");
	CHECK_EQ(n, strlen(out));
	END();

	BEGIN("kdumpconf/write-escapes");
	mk_kdump_conf_default(&c);
	strcpy(c.cmdline, "a\"b\\c$d`e'f #g\th");
	n = mk_kdump_conf_write(&c, out, sizeof(out));
	CHECK_CONTAINS(out, "\nKDUMP_CMDLINE=\"a\\\"b\\\\c\\$d\\`e'f #g\th\"\n");
	END();

	BEGIN("kdumpconf/write-round-trip");
	mk_kdump_conf_default(&c);
	c.use_kdump = 1;
	c.dump_dmesg = 0;
	c.skip_zero = 0;
	c.compress = MK_KDUMP_COMPRESS_GZIP;
	c.after = MK_KDUMP_AFTER_REBOOT;
	strcpy(c.kernel, "/boot/vm linux \"quoted\"");
	strcpy(c.initrd, "back\\slash\\");
	strcpy(c.coredir, "$HOME/`crash`");
	strcpy(c.cmdline, "root=\"LABEL=a b\" init='/bin/sh' # not a comment");
	strcpy(c.cmdline_append, "\\$\\`\\\\\\\"");
	strcpy(c.device, "LABEL=*?[x]~");
	strcpy(c.fstype, "");
	strcpy(c.return_kernel, "\t tabs \t");
	strcpy(c.return_initrd, "");
	strcpy(c.return_append, "'single' \"double\"");
	check_round_trip(&c);
	END();

	BEGIN("kdumpconf/write-round-trip-longest");
	mk_kdump_conf_default(&c);
	fill(c.kernel, 255, '"');
	fill(c.cmdline, 255, '$');
	fill(c.fstype, 31, '\\');
	check_round_trip(&c);
	END();

	BEGIN("kdumpconf/write-newline-as-blank");
	mk_kdump_conf_default(&c);
	strcpy(c.kernel, "a\nb");
	n = mk_kdump_conf_write(&c, out, sizeof(out));
	CHECK_CONTAINS(out, "\nKDUMP_KERNEL=\"a b\"\n");
	CHECK_ERR(mk_kdump_conf_parse(&r, out, n, &d), MK_OK);
	END();

	BEGIN("kdumpconf/write-short-buffer");
	mk_kdump_conf_default(&c);
	full = mk_kdump_conf_write(&c, NULL, 0);
	CHECK_EQ(full, sizeof(default_file) - 1);
	memset(out, 'X', 64);
	CHECK_EQ(mk_kdump_conf_write(&c, out, 10), full);
	CHECK_STR(out, "# kdump-c");
	CHECK_EQ(mk_kdump_conf_write(&c, out, full), full);	/* no room for the NUL */
	CHECK_EQ(strlen(out), full - 1);
	CHECK_EQ(mk_kdump_conf_write(&c, out, full + 1), full);
	CHECK_STR(out, default_file);
	out[0] = 'X';
	CHECK_EQ(mk_kdump_conf_write(&c, out, 1), full);
	CHECK_EQ(out[0], '\0');
	END();

	BEGIN("kdumpconf/names");
	CHECK_STR(mk_kdump_after_name(MK_KDUMP_AFTER_KEXEC), "kexec");
	CHECK_STR(mk_kdump_after_name(MK_KDUMP_AFTER_REBOOT), "reboot");
	CHECK_STR(mk_kdump_after_name(MK_KDUMP_AFTER_POWEROFF), "poweroff");
	CHECK_STR(mk_kdump_after_name((enum mk_kdump_after)3), "unknown");
	CHECK_STR(mk_kdump_after_name((enum mk_kdump_after)-1), "unknown");
	CHECK_STR(mk_kdump_compress_name(MK_KDUMP_COMPRESS_NONE), "none");
	CHECK_STR(mk_kdump_compress_name(MK_KDUMP_COMPRESS_GZIP), "gzip");
	CHECK_STR(mk_kdump_compress_name(MK_KDUMP_COMPRESS_ZSTD), "zstd");
	CHECK_STR(mk_kdump_compress_name((enum mk_kdump_compress)7), "unknown");
	END();
}

/* ------------------------------------------------------------------ */
/* mk_cmdline_value()                                                   */

static void test_cmdline_value(void)
{
	static const struct {
		const char *name, *line, *key;
		size_t cap;
		int ret;
		const char *want;
	} cases[] = {
		{ "found", "console=ttyS0 root=/dev/sda1 ro", "root", 256, 1, "/dev/sda1" },
		{ "first-word", "root=/dev/sda1 ro", "root", 256, 1, "/dev/sda1" },
		{ "last-word", "ro root=/dev/sda1", "root", 256, 1, "/dev/sda1" },
		{ "last-wins", "root=/dev/sda1 ro root=/dev/sdb2 quiet", "root", 256, 1, "/dev/sdb2" },
		{ "absent", "console=ttyS0 ro", "root", 256, 0, "" },
		{ "empty-line", "", "root", 256, 0, "" },
		{ "blanks-only", " \t\n", "root", 256, 0, "" },
		{ "no-equals", "root ro", "root", 256, 0, "" },
		{ "prefix-not-key", "rootfstype=ext4 xroot=/x", "root", 256, 0, "" },
		{ "empty-value", "root= ro", "root", 256, 1, "" },
		{ "value-with-equals", "root=LABEL=root", "root", 256, 1, "LABEL=root" },
		{ "blanks-around", "  \troot=/dev/sda1\n", "root", 256, 1, "/dev/sda1" },
		{ "quoted-value", "a root=\"LABEL=my root\" b", "root", 256, 1, "LABEL=my root" },
		{ "quoted-word", "a \"root=/dev/sda1\" b", "root", 256, 1, "/dev/sda1" },
		{ "quoted-other-word", "dyndbg=\"root=x y\" ro", "root", 256, 0, "" },
		{ "after-dashes", "ro -- root=/dev/sdb", "root", 256, 0, "" },
		{ "before-dashes", "root=/a -- root=/b", "root", 256, 1, "/a" },
		{ "dotted-key", "printk.time=1", "printk.time", 256, 1, "1" },
		{ "fits-exactly", "root=abcdefg", "root", 8, 1, "abcdefg" },
		{ "too-long", "root=abcdefgh", "root", 8, -1, "" },
		{ "last-too-long", "root=a root=abcdefgh", "root", 8, -1, "" },
		{ "last-fits", "root=abcdefgh root=a", "root", 8, 1, "a" },
		{ "cap-0-found", "root=", "root", 0, -1, NULL },
		{ "cap-0-absent", "ro", "root", 0, 0, NULL },
		{ "empty-key", "=x", "", 256, 0, "" },
		{ "key-with-equals", "root=x", "root=", 256, 0, "" },
	};
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[256];
		int ret;

		BEGIN("cmdline-value/%s", cases[i].name);
		memset(out, 'X', sizeof(out));
		ret = mk_cmdline_value(cases[i].line, cases[i].key, out, cases[i].cap);
		CHECK_EQ(ret, cases[i].ret);
		if (cases[i].want)
			CHECK_STR(out, cases[i].want);
		else
			CHECK_EQ(out[0], 'X');	/* cap 0: untouched */
		END();
	}

	BEGIN("cmdline-value/null-line");
	{
		char out[8] = "X";

		CHECK_EQ(mk_cmdline_value(NULL, "root", out, sizeof(out)), 0);
		CHECK_STR(out, "");
	}
	END();
}

int main(void)
{
	test_defaults();
	test_good();
	test_bad();
	test_limits();
	test_write();
	test_cmdline_value();
	return DONE();
}
