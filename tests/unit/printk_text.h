/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For the tests of the kernel log reader (test_printk.c,
 * test_vmcore_dmesg.c): a dump's whole log as mk_printk_format() makes it.
 */
#ifndef MK_TESTS_PRINTK_TEXT_H
#define MK_TESTS_PRINTK_TEXT_H

#include <stdlib.h>

#include "m68kexec_printk.h"

struct text {
	char *s;
	size_t len, cap;
	unsigned calls, stop_after;	/* stop_after: return 7 at that call */
};

/* The mk_printk_walk() callback: appends the record's lines to a text. */
static inline int collect(const struct mk_printk_record *r, void *arg)
{
	struct text *t = arg;
	size_t need = mk_printk_format(r, NULL, 0);

	if (t->len + need + 1 > t->cap) {
		t->cap = (t->len + need + 1) * 2;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			abort();
	}
	if (mk_printk_format(r, t->s + t->len, t->cap - t->len) != need)
		abort();
	t->len += need;
	t->calls++;
	return t->stop_after && t->calls == t->stop_after ? 7 : 0;
}

#endif
