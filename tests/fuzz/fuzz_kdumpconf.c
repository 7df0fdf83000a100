/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kdump configuration reader (lib/kdumpconf.c) on arbitrary text,
 * copied into a buffer of exactly its length (no NUL) so that
 * AddressSanitizer sees any read past the end.  A refused file fills the
 * diagnostic with a "line N:" message and leaves the configuration as it
 * was; an accepted one is written, and what is written reads back to the
 * same configuration and is written again to the same bytes.  The text
 * is also a kernel command line for mk_cmdline_value().
 * Seeds: tests/fuzz/corpus/kdumpconf/.
 */
#include <string.h>

#include "fuzz.h"
#include "m68kexec_kdump.h"

static void check_value(const char *line, const char *key, size_t cap)
{
	char out[MK_CMDLINE_SIZE];
	int r;

	memset(out, 'X', sizeof(out));
	r = mk_cmdline_value(line, key, out, cap);
	FUZZ_CHECK(r >= -1 && r <= 1, "mk_cmdline_value gave %d", r);
	if (cap == 0)
		return;
	if (r == 1) {
		FUZZ_CHECK(strnlen(out, cap) < cap, "value not terminated in %zu bytes", cap);
		FUZZ_CHECK(strstr(line, out) != NULL, "value \"%s\" not in the line", out);
	} else {
		FUZZ_CHECK(out[0] == '\0', "out not empty after %d", r);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mk_kdump_conf c, before, r;
	static char text1[16384], text2[16384];
	struct mk_diag d = { 0, "" };
	char *buf = malloc(size ? size : 1), *line;
	size_t n1, n2;
	int err;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	mk_kdump_conf_default(&c);
	before = c;
	err = mk_kdump_conf_parse(&c, buf, size, &d);
	if (err) {
		FUZZ_CHECK(err == MK_ERR_CONFIG || err == MK_ERR_PARAM, "error %d", err);
		FUZZ_CHECK_DIAG(err, &d);
		FUZZ_CHECK(err != MK_ERR_CONFIG || strncmp(d.msg, "line ", 5) == 0,
			   "message without its line: \"%s\"", d.msg);
		FUZZ_CHECK(memcmp(&c, &before, sizeof(c)) == 0, "configuration changed on error %d", err);
	} else {
		n1 = mk_kdump_conf_write(&c, text1, sizeof(text1));
		FUZZ_CHECK(n1 < sizeof(text1) && n1 == strlen(text1), "written %zu bytes", n1);
		FUZZ_CHECK(mk_kdump_conf_write(&c, NULL, 0) == n1, "length asked differs");
		/* Read back over something else than the defaults. */
		memset(&r, 0, sizeof(r));
		r.use_kdump = 7;
		r.compress = (enum mk_kdump_compress)2;
		strcpy(r.kernel, "not this");
		err = mk_kdump_conf_parse(&r, text1, n1, &d);
		FUZZ_CHECK(err == MK_OK, "written file refused: %s\n%s", d.msg, text1);
		n2 = mk_kdump_conf_write(&r, text2, sizeof(text2));
		FUZZ_CHECK(n1 == n2 && memcmp(text1, text2, n1) == 0, "read back differs:\n%s\n%s",
			   text1, text2);
		FUZZ_CHECK(r.use_kdump == c.use_kdump && r.skip_zero == c.skip_zero &&
			   r.dump_dmesg == c.dump_dmesg && r.compress == c.compress &&
			   r.after == c.after && strcmp(r.cmdline, c.cmdline) == 0,
			   "read back differs");
		FUZZ_CHECK((c.use_kdump | c.skip_zero | c.dump_dmesg) <= 1, "a yes/no is not 0 or 1");
		check_value(c.cmdline, "root", sizeof(c.cmdline));
	}

	/* The text as a command line. */
	line = malloc(size + 1);
	if (line) {
		memcpy(line, data, size);
		line[size] = '\0';
		check_value(line, "root", size ? data[0] % 64 : 0);
		check_value(line, "a", MK_CMDLINE_SIZE);
		free(line);
	}
	free(buf);
	return 0;
}
