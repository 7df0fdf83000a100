// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command-line composer.  It fixes the incumbent's m68k quirks:
 * --append appends (to --command-line or to the reused line) instead of
 * replacing; BOOT_IMAGE= words, which bootloaders add, are dropped from a
 * reused line without leaving stray blanks; the limit is enforced here
 * rather than by the kernel's silent truncation.
 */
#include <string.h>

#include "internal.h"

struct builder {
	char *out;
	size_t cap;
	size_t len;		/* may exceed cap - 1: we keep counting */
};

static void put_char(struct builder *b, char c)
{
	if (b->len + 1 < b->cap)
		b->out[b->len] = c;
	b->len++;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Add the words of s, blank-separated (quotes keep blanks in a word). */
static void put_words(struct builder *b, const char *s, int drop_boot_image)
{
	while (*s) {
		const char *w;
		int quoted = 0;

		while (is_blank(*s))
			s++;
		if (!*s)
			break;
		w = s;
		while (*s && (quoted || !is_blank(*s))) {
			if (*s == '"')
				quoted = !quoted;
			s++;
		}
		if (drop_boot_image && strncmp(w, "BOOT_IMAGE=", 11) == 0)
			continue;
		if (b->len)
			put_char(b, ' ');
		while (w < s)
			put_char(b, *w++);
	}
}

int mk_cmdline_compose(const struct mk_cmdline_opts *o, char *out,
		       size_t outsz, struct mk_diag *d)
{
	struct builder b = { out, outsz, 0 };
	unsigned i;

	if (!out || outsz == 0 || o->nappend > sizeof(o->append) / sizeof(o->append[0]))
		return mk_fail(d, MK_ERR_PARAM, "bad command-line composer arguments");
	if (o->command_line && o->reuse)
		return mk_fail(d, MK_ERR_PARAM,
			       "--command-line and --reuse-cmdline both set the base command line: use one, and --append to add words");
	if (o->command_line)
		put_words(&b, o->command_line, 0);
	else if (o->reuse && o->current)
		put_words(&b, o->current, 1);
	for (i = 0; i < o->nappend; i++)
		if (o->append[i])
			put_words(&b, o->append[i], 0);
	out[b.len < outsz ? b.len : outsz - 1] = '\0';
	if (b.len > MK_CMDLINE_MAX || b.len >= outsz)
		return mk_fail(d, MK_ERR_CMDLINE_TOO_LONG,
			       "command line is %zu characters, the m68k kernel keeps at most %u",
			       b.len, MK_CMDLINE_MAX);
	return MK_OK;
}
