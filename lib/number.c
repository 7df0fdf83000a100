// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Numbers: the one syntax of both tools (kexec's addresses and sizes,
 * bootinfo's values) and the digit scanner under it, which also reads
 * what the running kernel reports (lib/crash.c).
 */
#include <string.h>

#include "internal.h"

size_t mk_scan_digits(const char *p, const char *end, unsigned base, uint32_t *v)
{
	const char *start = p;
	uint64_t x = 0;

	for (; p < end; p++) {
		unsigned digit;

		if (*p >= '0' && *p <= '9')
			digit = (unsigned)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			digit = (unsigned)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			digit = (unsigned)(*p - 'A' + 10);
		else
			break;
		x = x * base + digit;
		if (x > 0xffffffffull)
			return 0;
	}
	*v = (uint32_t)x;
	return (size_t)(p - start);
}

int mk_parse_u32(const char *s, int suffix, uint32_t *v)
{
	int hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	const char *p = hex ? s + 2 : s, *end = p + strlen(p);
	size_t n;
	unsigned shift = 0;
	uint32_t x;

	n = mk_scan_digits(p, end, hex ? 16 : 10, &x);
	if (n == 0)
		return MK_ERR_PARAM;
	p += n;
	if (suffix && p + 1 == end) {
		switch (*p) {
		case 'k':
		case 'K':
			shift = 10;
			break;
		case 'm':
		case 'M':
			shift = 20;
			break;
		case 'g':
		case 'G':
			shift = 30;
			break;
		default:
			return MK_ERR_PARAM;
		}
		p++;
	}
	if (p != end || x > 0xffffffffu >> shift)
		return MK_ERR_PARAM;
	*v = x << shift;
	return MK_OK;
}
