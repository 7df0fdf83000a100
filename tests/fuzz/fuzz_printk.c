// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel log reader (lib/printk.c) on arbitrary dumps.  The input is
 * the dump itself, copied into a buffer of exactly its length so that
 * AddressSanitizer sees any read past the end.  Every record's text must
 * lie inside the dump, every record must format to the length the format
 * announces, the counts must add up, a failure must fill the diagnostic,
 * and the VMCOREINFO lookups and mk_vmcore_phys() must agree with the
 * buffer.  Seeds: tests/fuzz/corpus/printk/ (real dumps cut down by
 * tests/unit/make-printk-fixture.py --tight).
 */
#include <string.h>

#include "fuzz.h"
#include "m68kexec_printk.h"

struct seen {
	const uint8_t *buf;
	size_t len;
	uint64_t records, last_seq;
	char out[4096];
};

static int check_record(const struct mk_printk_record *r, void *arg)
{
	struct seen *s = arg;
	size_t need, got;

	FUZZ_CHECK(r->text != NULL, "record %llu without text", (unsigned long long)r->seq);
	if (r->text_len)
		FUZZ_CHECK(r->text >= s->buf && r->text_len <= s->len &&
			   (size_t)(r->text - s->buf) <= s->len - r->text_len,
			   "record %llu: %u bytes of text outside the dump",
			   (unsigned long long)r->seq, r->text_len);
	need = mk_printk_format(r, NULL, 0);
	got = mk_printk_format(r, s->out, sizeof(s->out));
	FUZZ_CHECK(need == got, "format length %zu then %zu", need, got);
	FUZZ_CHECK(need >= 16 && need <= 48 + (size_t)r->text_len * 48, "format length %zu for %u bytes",
		   need, r->text_len);
	FUZZ_CHECK(strlen(s->out) == (need < sizeof(s->out) ? need : sizeof(s->out) - 1),
		   "formatted text of %zu bytes, %zu announced", strlen(s->out), need);
	FUZZ_CHECK(s->out[0] == '[', "format starts with '%c'", s->out[0]);
	s->records++;
	s->last_seq = r->seq;
	/* Stop a walk now and then: the callback's value comes back. */
	return (r->seq & 0xff) == 0x5a ? 3 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	struct mk_diag d = { 0, "" };
	struct mk_printk_stats st;
	static struct seen s;
	const char *info, *val;
	size_t info_len, n, off;
	uint32_t v;
	int err;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	s.buf = buf;
	s.len = size;
	s.records = 0;

	err = mk_printk_walk(buf, size, check_record, &s, &st, &d);
	FUZZ_CHECK(st.records == s.records, "stats say %llu records, %llu seen",
		   (unsigned long long)st.records, (unsigned long long)s.records);
	if (err == 3) {
		FUZZ_CHECK((s.last_seq & 0xff) == 0x5a, "stopped on seq %llu", (unsigned long long)s.last_seq);
	} else if (err) {
		FUZZ_CHECK(err < 0, "error %d", err);
		FUZZ_CHECK_DIAG(err, &d);
	} else {
		FUZZ_CHECK(st.descs == st.records + st.reused + st.unfinished + st.lost,
			   "%llu descriptors: %llu + %llu + %llu + %llu",
			   (unsigned long long)st.descs, (unsigned long long)st.records,
			   (unsigned long long)st.reused, (unsigned long long)st.unfinished,
			   (unsigned long long)st.lost);
		FUZZ_CHECK(st.descs >= 1 && st.descs <= st.count, "%llu descriptors of %u",
			   (unsigned long long)st.descs, st.count);
	}

	d.code = 0;
	d.msg[0] = '\0';
	err = mk_vmcore_info(buf, size, &info, &info_len, &d);
	if (err) {
		FUZZ_CHECK_DIAG(err, &d);
	} else {
		FUZZ_CHECK((const uint8_t *)info >= buf && info_len <= size &&
			   (size_t)((const uint8_t *)info - buf) <= size - info_len, "note outside the dump");
		if (mk_vmcoreinfo_value(info, info_len, "OSRELEASE", &val, &n))
			FUZZ_CHECK(val >= info && val + n <= info + info_len, "value outside the note");
		d.code = 0;
		d.msg[0] = '\0';
		err = mk_vmcoreinfo_number(info, info_len, "SYMBOL(prb)", &v, &d);
		if (err)
			FUZZ_CHECK_DIAG(err, &d);
		else if (mk_vmcore_phys(buf, size, v, 64, &off) == 1)
			FUZZ_CHECK(off <= size && 64 <= size - off, "phys 0x%x at %zu of %zu", v, off, size);
	}
	free(buf);
	return 0;
}
