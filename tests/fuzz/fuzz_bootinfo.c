// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bootinfo codec and editor.  Input: be16 length, that many bytes of
 * bootinfo list, then edit operations.  A list that parses is edited,
 * serialised, parsed again and serialised again: both serialisations
 * must be byte-exact, and the records must be the ones the edits made.
 * Every record is also described and printed, into buffers of exact size.
 * The bootinfo tool's checker, mk_bi_check(), must refuse whatever the
 * parser refuses, and its report must be consistent; mk_bi_encode() gets
 * text from the input for the record types of the list's machine.
 */
#include <string.h>

#include "fuzz.h"
#include "print.h"

static FILE *devnull;

/* serialise(parse(x)) is x itself, with a short BI_LAST made 4 bytes. */
static void check_first_round(const uint8_t *buf, const struct mk_bootinfo *bi)
{
	size_t need = mk_bi_size(bi), len = 0, body;
	uint8_t *out = malloc(need);
	struct mk_diag d = { 0, "" };

	FUZZ_CHECK(out != NULL, "malloc");
	FUZZ_CHECK(mk_bi_serialize(bi, out, need, &len, &d) == MK_OK, "serialise: %s", d.msg);
	FUZZ_CHECK(len == need, "serialised %zu bytes, size said %zu", len, need);
	body = bi->length - (bi->short_last ? 2 : 4);
	FUZZ_CHECK(len == body + 4, "length %zu vs parsed %zu", len, bi->length);
	FUZZ_CHECK(memcmp(out, buf, body) == 0, "records changed in a plain round trip");
	FUZZ_CHECK(memcmp(out + body, "\0\0\0\4", 4) == 0, "BI_LAST");
	/* One byte short must fail cleanly. */
	FUZZ_CHECK(mk_bi_serialize(bi, out, need - 1, &len, &d) == MK_ERR_BI_TOO_LARGE, "cap");
	free(out);
}

/* The checker is at least as strict as the parser. */
static void check_checker(const uint8_t *buf, size_t len, int parse_err)
{
	static struct mk_bi_report rep;
	int err = mk_bi_check(buf, len, &rep);
	unsigned i, kept;

	kept = rep.nproblems < MK_BI_MAX_PROBLEMS ? rep.nproblems : MK_BI_MAX_PROBLEMS;
	FUZZ_CHECK((err == MK_OK) == (rep.nproblems == 0), "check returned %d with %u problems",
		   err, rep.nproblems);
	if (err)
		FUZZ_CHECK(err == rep.problem[0].code, "returned %d, first problem %d", err,
			   rep.problem[0].code);
	if (parse_err)
		FUZZ_CHECK(err != MK_OK, "the parser refuses (%s), the checker accepts",
			   mk_strerror(parse_err));
	FUZZ_CHECK(rep.length <= len, "report length %zu of %zu", rep.length, len);
	for (i = 0; i < kept; i++) {
		const struct mk_bi_problem *pr = &rep.problem[i];

		FUZZ_CHECK(pr->code < 0 && strcmp(mk_strerror(pr->code), "unknown error") != 0 &&
			   pr->msg[0] && memchr(pr->msg, 0, sizeof(pr->msg)),
			   "problem %u: code %d msg \"%s\"", i, pr->code, pr->msg);
		FUZZ_CHECK(pr->record >= -1 && (pr->record < 0 || (unsigned)pr->record <= rep.nrec),
			   "problem %u names record %d of %u", i, pr->record, rep.nrec);
		FUZZ_CHECK(pr->offset <= len, "problem %u at offset %u of %zu", i, pr->offset, len);
	}
}

/* Text for a record, typed by a user: the encoder must stay in bounds. */
static void encode(const struct mk_bootinfo *bi, struct fuzz_in *in)
{
	uint32_t mach = mk_bi_machine(bi);
	size_t len, got = 0, cap;
	const uint8_t *p = fuzz_bytes(in, fuzz_u8(in), &len);
	char *text = malloc(len + 1);
	uint8_t *out;
	uint16_t tag = bi->nrec ? bi->rec[len % bi->nrec].tag : BI_MEMCHUNK;
	struct mk_diag d = { 0, "" };
	int err;

	FUZZ_CHECK(text != NULL, "malloc");
	memcpy(text, p, len);
	text[len] = '\0';
	cap = fuzz_u8(in);
	out = malloc(cap ? cap : 1);
	FUZZ_CHECK(out != NULL, "malloc");
	err = mk_bi_encode(mach, tag, text, out, cap, &got, &d);
	if (err == MK_OK)
		FUZZ_CHECK(got <= cap, "encoded %zu bytes into %zu", got, cap);
	else
		FUZZ_CHECK_DIAG(err, &d);
	free(out);
	free(text);
}

static void describe_all(const struct mk_bootinfo *bi, size_t n)
{
	uint32_t mach = mk_bi_machine(bi);
	unsigned i;

	for (i = 0; i < bi->nrec; i++) {
		const struct mk_bi_record *r = &bi->rec[i];
		const char *name = mk_bi_tag_name(mach, r->tag);
		char *out = malloc(n ? n : 1);
		size_t want, len;

		FUZZ_CHECK(out != NULL, "malloc");
		want = mk_bi_describe(mach, r, out, n);
		if (n) {
			len = strlen(out);
			FUZZ_CHECK(len < n && (len == want || (want >= n && len == n - 1)),
				   "describe wrote %zu of %zu into %zu", len, want, n);
		}
		free(out);
		out = malloc(n ? n : 1);
		FUZZ_CHECK(out != NULL, "malloc");
		want = mk_bi_describe_full(mach, r, out, n);
		if (n) {
			len = strlen(out);
			FUZZ_CHECK(len < n && (len == want || (want >= n && len == n - 1)),
				   "describe_full wrote %zu of %zu into %zu", len, want, n);
		}
		free(out);
		if (name) {
			uint16_t t = 0;

			FUZZ_CHECK(mk_bi_tag_by_name(mach, name, &t) == MK_OK && t == r->tag,
				   "name %s does not map back to 0x%04x", name, r->tag);
		}
	}
}

static void check_memchunks(const struct mk_bootinfo *bi)
{
	struct mk_memchunk c[MK_MAX_CHUNKS];
	struct mk_diag d = { 0, "" };
	unsigned n = 0, i;
	int err = mk_bi_memchunks(bi, c, MK_MAX_CHUNKS, &n, &d);

	if (err) {
		FUZZ_CHECK_DIAG(err, &d);
		return;
	}
	FUZZ_CHECK(n >= 1 && n <= MK_MAX_CHUNKS, "n %u", n);
	for (i = 0; i < n; i++)
		FUZZ_CHECK(c[i].size && (uint64_t)c[i].addr + c[i].size <= 1ull << 32,
			   "chunk %u: 0x%x + 0x%x", i, c[i].addr, c[i].size);
}

/* The edited list, serialised, parses back to the same records. */
static void check_edited(const struct mk_bootinfo *bi)
{
	size_t need = mk_bi_size(bi), len = 0, len2 = 0;
	uint8_t *out = malloc(need), *out2 = malloc(need);
	struct mk_bootinfo *back = malloc(sizeof(*back));
	struct mk_diag d = { 0, "" };
	unsigned i;

	FUZZ_CHECK(out && out2 && back, "malloc");
	FUZZ_CHECK(mk_bi_serialize(bi, out, need, &len, &d) == MK_OK, "serialise: %s", d.msg);
	FUZZ_CHECK(len == need, "length");
	FUZZ_CHECK(mk_bi_parse(out, len, back, &d) == MK_OK, "reparse: %s", d.msg);
	FUZZ_CHECK(back->nrec == bi->nrec && !back->short_last && back->length == len,
		   "reparse: %u records, %u before", back->nrec, bi->nrec);
	for (i = 0; i < bi->nrec; i++) {
		const struct mk_bi_record *a = &bi->rec[i], *b = &back->rec[i];
		unsigned j;

		FUZZ_CHECK(a->tag == b->tag, "record %u tag", i);
		FUZZ_CHECK(b->size == ((a->size + 3u) & ~3u), "record %u size %u vs %u", i, b->size, a->size);
		FUZZ_CHECK(a->size == 0 || memcmp(a->data, b->data, a->size) == 0, "record %u data", i);
		for (j = a->size; j < b->size; j++)
			FUZZ_CHECK(b->data[j] == 0, "record %u padding", i);
	}
	FUZZ_CHECK(mk_bi_serialize(back, out2, need, &len2, &d) == MK_OK, "serialise again");
	FUZZ_CHECK(len2 == len && memcmp(out, out2, len) == 0, "second round trip not byte-exact");
	free(back);
	free(out2);
	free(out);
}

static void edit(struct mk_bootinfo *bi, struct fuzz_in *in)
{
	unsigned nops = 0;

	while (in->n && nops++ < 64) {
		uint8_t op = fuzz_u8(in);
		uint16_t tag = fuzz_be16(in);
		size_t len;
		const uint8_t *data = fuzz_bytes(in, fuzz_u8(in), &len);
		unsigned before = bi->nrec;
		uint32_t v;
		int err, i;

		switch (op % 6) {
		case 0:
			i = mk_bi_find(bi, tag, 0);
			err = mk_bi_set(bi, tag, data, (uint16_t)len);
			if (tag == BI_LAST)
				FUZZ_CHECK(err == MK_ERR_PARAM, "set BI_LAST");
			else if (i >= 0)
				FUZZ_CHECK(err == MK_OK && bi->nrec == before &&
					   bi->rec[i].data == data && bi->rec[i].size == len, "set in place");
			break;
		case 1:
			i = (int)mk_bi_remove(bi, tag);
			FUZZ_CHECK(bi->nrec + (unsigned)i == before && mk_bi_find(bi, tag, 0) < 0, "remove");
			break;
		case 2:
			err = mk_bi_append(bi, tag, data, (uint16_t)len);
			if (err == MK_OK)
				FUZZ_CHECK(bi->nrec == before + 1 && bi->rec[before].tag == tag, "append");
			else
				FUZZ_CHECK(bi->nrec == before && (tag == BI_LAST ||
					   before == MK_BI_MAX_RECORDS), "append refused: %d", err);
			break;
		case 3:
			mk_bi_remove_at(bi, tag);
			FUZZ_CHECK(bi->nrec == (tag < before ? before - 1 : before), "remove_at");
			break;
		case 4:
			err = mk_bi_get_u32(bi, tag, &v);
			i = mk_bi_find(bi, tag, 0);
			FUZZ_CHECK(i < 0 ? err == MK_ERR_BI_MISSING :
				   bi->rec[i].size < 4 ? err == MK_ERR_BI_VALUE :
				   err == MK_OK && v == mk_be32(bi->rec[i].data), "get_u32");
			break;
		default:
			i = mk_bi_find(bi, tag, (unsigned)len);
			FUZZ_CHECK(i < 0 || ((unsigned)i >= len && bi->rec[i].tag == tag), "find");
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mk_bootinfo bi;
	struct fuzz_in in = { data, size };
	struct mk_diag d = { 0, "" };
	size_t len;
	const uint8_t *src = fuzz_bytes(&in, fuzz_be16(&in), &len);
	uint8_t *buf = malloc(len ? len : 1);
	int err;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	FUZZ_CHECK(buf && devnull, "setup");
	memcpy(buf, src, len);
	err = mk_bi_parse(buf, len, &bi, &d);
	check_checker(buf, len, err);
	if (err) {
		FUZZ_CHECK(err < 0, "error %d", err);
		FUZZ_CHECK_DIAG(err, &d);
		free(buf);
		return 0;
	}
	FUZZ_CHECK(bi.length <= len && bi.nrec <= MK_BI_MAX_RECORDS, "length");
	check_first_round(buf, &bi);
	check_memchunks(&bi);
	describe_all(&bi, in.n ? in.p[0] : 200);
	mk_print_bootinfo(devnull, &bi, "  ");
	mk_print_bootinfo_json(devnull, &bi);
	encode(&bi, &in);
	edit(&bi, &in);
	check_edited(&bi);
	check_memchunks(&bi);
	describe_all(&bi, 1024);
	mk_print_bootinfo_json(devnull, &bi);
	free(buf);
	return 0;
}
