// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mk_parse_u32(), the one number syntax of kexec and bootinfo: decimal
 * (a leading 0 too: never octal) or 0x hex, K/M/G only where a size is
 * allowed, 32 bits at most, nothing before or after.  One row per case;
 * a refused one leaves the output untouched.
 */
#include "harness.h"

#define REFUSED		MK_ERR_PARAM
#define UNTOUCHED	0xdeadbeefu

static const struct {
	const char *text;
	int suffix;		/* sizes allowed */
	int err;
	uint32_t want;
} cases[] = {
	/* decimal */
	{ "0", 0, MK_OK, 0 },
	{ "123", 0, MK_OK, 123 },
	{ "010", 0, MK_OK, 10 },			/* never octal */
	{ "0100000", 0, MK_OK, 100000 },
	{ "00", 0, MK_OK, 0 },
	{ "4294967295", 0, MK_OK, 0xffffffffu },
	{ "000004294967295", 0, MK_OK, 0xffffffffu },
	{ "08", 0, MK_OK, 8 },
	/* hex */
	{ "0x7f", 0, MK_OK, 0x7f },
	{ "0X7F", 0, MK_OK, 0x7f },
	{ "0xDeadBeef", 0, MK_OK, 0xdeadbeefu },
	{ "0xffffffff", 0, MK_OK, 0xffffffffu },
	{ "0x000000000001", 0, MK_OK, 1 },
	/* sizes */
	{ "128M", 1, MK_OK, 128u << 20 },
	{ "3g", 1, MK_OK, 3u << 30 },
	{ "0x10k", 1, MK_OK, 16u << 10 },
	{ "16K", 1, MK_OK, 16u << 10 },
	{ "4095M", 1, MK_OK, 4095u << 20 },
	{ "4194303K", 1, MK_OK, 4194303u << 10 },
	{ "0G", 1, MK_OK, 0 },
	{ "123", 1, MK_OK, 123 },			/* a suffix may be left out */
	{ "0x7f", 1, MK_OK, 0x7f },
	/* overflow */
	{ "4294967296", 0, REFUSED, UNTOUCHED },
	{ "99999999999999999999999", 0, REFUSED, UNTOUCHED },
	{ "0x100000000", 0, REFUSED, UNTOUCHED },
	{ "0x1ffffffff", 0, REFUSED, UNTOUCHED },
	/* suffix overflow */
	{ "4G", 1, REFUSED, UNTOUCHED },
	{ "4096M", 1, REFUSED, UNTOUCHED },
	{ "4194304K", 1, REFUSED, UNTOUCHED },
	{ "0x400000k", 1, REFUSED, UNTOUCHED },
	/* a suffix where no size is allowed, or not a suffix */
	{ "128M", 0, REFUSED, UNTOUCHED },
	{ "1MB", 1, REFUSED, UNTOUCHED },
	{ "1KK", 1, REFUSED, UNTOUCHED },
	{ "1T", 1, REFUSED, UNTOUCHED },
	{ "1b", 1, REFUSED, UNTOUCHED },
	{ "K", 1, REFUSED, UNTOUCHED },
	/* empty */
	{ "", 0, REFUSED, UNTOUCHED },
	{ "", 1, REFUSED, UNTOUCHED },
	/* 0x with no digits */
	{ "0x", 0, REFUSED, UNTOUCHED },
	{ "0X", 0, REFUSED, UNTOUCHED },
	{ "0xk", 1, REFUSED, UNTOUCHED },
	{ "0xg", 0, REFUSED, UNTOUCHED },
	/* negative, signed */
	{ "-1", 0, REFUSED, UNTOUCHED },
	{ "-0", 0, REFUSED, UNTOUCHED },
	{ "-0x10", 0, REFUSED, UNTOUCHED },
	{ "+1", 0, REFUSED, UNTOUCHED },
	/* trailing junk, blanks */
	{ "12abc", 0, REFUSED, UNTOUCHED },
	{ "0x12g", 0, REFUSED, UNTOUCHED },
	{ "12 ", 0, REFUSED, UNTOUCHED },
	{ "12\n", 0, REFUSED, UNTOUCHED },
	{ " 1", 0, REFUSED, UNTOUCHED },
	{ "1,2", 0, REFUSED, UNTOUCHED },
	{ "1.5M", 1, REFUSED, UNTOUCHED },
	{ "0b101", 0, REFUSED, UNTOUCHED },
	{ "0x0x1", 0, REFUSED, UNTOUCHED },
	{ "12M ", 1, REFUSED, UNTOUCHED },
	/* hex digits without 0x */
	{ "ff", 0, REFUSED, UNTOUCHED },
	{ "1f", 0, REFUSED, UNTOUCHED },
};

/* The text as a C string literal would show it, for the case's name. */
static const char *shown(const char *s, char *out, size_t n)
{
	size_t k = 0;

	for (; *s && k + 3 < n; s++) {
		if (*s == '\n') {
			out[k++] = '\\';
			out[k++] = 'n';
		} else {
			out[k++] = *s;
		}
	}
	out[k] = '\0';
	return out;
}

int main(void)
{
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t v = UNTOUCHED;
		char name[64];

		BEGIN("number/\"%s\"%s", shown(cases[i].text, name, sizeof(name)),
		      cases[i].suffix ? "-size" : "");
		CHECK_ERR(mk_parse_u32(cases[i].text, cases[i].suffix, &v), cases[i].err);
		CHECK_EQ(v, cases[i].want);
		END();
	}
	return DONE();
}
