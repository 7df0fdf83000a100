// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command-line composer.  Input: u8 flags (1 --command-line,
 * 2 --reuse-cmdline, bits 2..5 the number of --append), be16 size of the
 * output buffer, then NUL-separated strings: command line, current line,
 * appends.  The output buffer is allocated at exactly its size.
 */
#include <string.h>

#include "fuzz.h"

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int balanced(const char *s)
{
	unsigned n = 0;

	for (; s && *s; s++)
		n += *s == '"';
	return n % 2 == 0;
}

static int all_balanced(const struct mk_cmdline_opts *o)
{
	unsigned i;

	for (i = 0; i < o->nappend && i < 8; i++)
		if (!balanced(o->append[i]))
			return 0;
	return 1;
}

static const char *next_string(struct fuzz_in *in, char **store)
{
	const uint8_t *nul = memchr(in->p, 0, in->n);
	size_t n = nul ? (size_t)(nul - in->p) : in->n;
	char *s = malloc(n + 1);

	FUZZ_CHECK(s != NULL, "malloc");
	memcpy(s, in->p, n);
	s[n] = '\0';
	in->p += nul ? n + 1 : n;
	in->n -= nul ? n + 1 : n;
	*store = s;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct mk_cmdline_opts o;
	struct mk_diag d = { 0, "" };
	char *strings[10] = { NULL };
	char big[8192], *out;
	uint8_t flags = fuzz_u8(&in);
	size_t outsz = fuzz_be16(&in) % 600, len;
	unsigned i, ns = 0;
	int err, err_big;

	memset(&o, 0, sizeof(o));
	if (flags & 1)
		o.command_line = next_string(&in, &strings[ns++]);
	else
		next_string(&in, &strings[ns++]);
	o.reuse = !!(flags & 2);
	o.current = next_string(&in, &strings[ns++]);
	o.nappend = (flags >> 2) & 15;
	for (i = 0; i < o.nappend && i < 8; i++)
		o.append[i] = next_string(&in, &strings[ns++]);

	out = malloc(outsz ? outsz : 1);
	FUZZ_CHECK(out != NULL, "malloc");
	err = mk_cmdline_compose(&o, outsz ? out : NULL, outsz, &d);
	err_big = mk_cmdline_compose(&o, big, sizeof(big), NULL);
	if (o.nappend > 8 || outsz == 0 || (o.command_line && o.reuse)) {
		FUZZ_CHECK(err == MK_ERR_PARAM, "bad arguments accepted: %d", err);
		FUZZ_CHECK_DIAG(err, &d);
		goto out;
	}
	len = strlen(big);
	if (err == MK_OK) {
		FUZZ_CHECK(strlen(out) <= MK_CMDLINE_MAX && strlen(out) < outsz, "too long");
		FUZZ_CHECK(strcmp(out, big) == 0, "result depends on the buffer size");
	} else {
		FUZZ_CHECK(err == MK_ERR_CMDLINE_TOO_LONG, "error %d", err);
		FUZZ_CHECK_DIAG(err, &d);
		FUZZ_CHECK(len > MK_CMDLINE_MAX || len >= outsz, "refused a %zu-byte line", len);
		FUZZ_CHECK(strlen(out) < outsz, "unterminated");
		goto out;
	}
	/* No blank at either end, never an empty word. */
	if (len) {
		FUZZ_CHECK(!blank(out[0]), "leading blank");
		FUZZ_CHECK(!strstr(out, "  ") || strchr(out, '"'), "double blank outside quotes");
	}
	/* BOOT_IMAGE= words of the reused line are gone. */
	if (o.reuse && o.nappend == 0 && !strchr(o.current, '"'))
		FUZZ_CHECK(strncmp(out, "BOOT_IMAGE=", 11) != 0 && !strstr(out, " BOOT_IMAGE="),
			   "BOOT_IMAGE= kept");
	/* Normalising again changes nothing, when no string leaves a quote
	 * open (quotes do not carry from one option to the next). */
	if (balanced(o.command_line) && balanced(o.reuse ? o.current : NULL) &&
	    all_balanced(&o)) {
		struct mk_cmdline_opts again;
		char twice[MK_CMDLINE_SIZE];

		memset(&again, 0, sizeof(again));
		again.command_line = out;
		FUZZ_CHECK(mk_cmdline_compose(&again, twice, sizeof(twice), NULL) == MK_OK &&
			   strcmp(twice, out) == 0, "not idempotent: \"%s\" -> \"%s\"", out, twice);
	}
out:
	(void)err_big;
	free(out);
	for (i = 0; i < ns; i++)
		free(strings[i]);
	return 0;
}
