/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For the tests of the kernel log reader (test_printk.c,
 * test_vmcore_dmesg.c, test_kdump_config.c): where the committed dumps
 * are, and a dump's whole log as mk_printk_format() makes it.
 */
#ifndef MK_TESTS_PRINTK_TEXT_H
#define MK_TESTS_PRINTK_TEXT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m68kexec_printk.h"

/*
 * The fixture name (a dump in data/ beside this file: make check runs from
 * the top of the tree; $MK_TESTDATA overrides). The last four stay valid.
 */
static inline const char *printk_fixture(const char *name)
{
	static char buf[4][600];
	static unsigned k;
	const char *env = getenv("MK_TESTDATA"), *slash = strrchr(__FILE__, '/');

	k = (k + 1) % 4;
	if (env)
		snprintf(buf[k], sizeof(buf[k]), "%s/%s", env, name);
	else
		snprintf(buf[k], sizeof(buf[k]), "%.*s/data/%s", slash ? (int)(slash - __FILE__) : 1,
			 slash ? __FILE__ : ".", name);
	return buf[k];
}

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
