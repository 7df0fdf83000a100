// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "print.h"

size_t mk_write_full(int fd, const void *buf, size_t len, int *err)
{
	const uint8_t *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*err = n < 0 ? errno : EIO;
			break;
		}
		done += (size_t)n;
	}
	return done;
}

/* Length of a valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static int utf8_len(const unsigned char *s, long n)
{
	int len, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;	/* overlong, surrogate or beyond U+10FFFF */
	return len;
}

void mk_json_string(FILE *fp, const char *s, long len)
{
	const unsigned char *u = (const unsigned char *)s;
	long i, n = len < 0 ? (long)strlen(s) : len;

	fputc('"', fp);
	for (i = 0; i < n; i++) {
		unsigned char c = u[i];
		int k;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\u%04x", c);
		else if (c < 0x80)
			fputc(c, fp);
		else if ((k = utf8_len(u + i, n - i)) > 0) {
			fwrite(u + i, 1, (size_t)k, fp);	/* valid UTF-8 as it is */
			i += k - 1;
		} else {
			fprintf(fp, "\\u%04x", c);	/* a stray byte, as Latin-1 */
		}
	}
	fputc('"', fp);
}

static const char *tag_name(uint32_t mach, uint16_t tag, char *buf, size_t n)
{
	const char *name = mk_bi_tag_name(mach, tag);

	if (name)
		return name;
	snprintf(buf, n, "0x%04x", tag);
	return buf;
}

/*
 * A record's value in words; in buf when it fits, else in memory from
 * malloc() that *heap holds for the caller to free (a record can carry
 * 64 KiB of hex).  Never NULL.
 */
static const char *describe(uint32_t mach, const struct mk_bi_record *r,
			    unsigned flags, char *buf, size_t n, char **heap)
{
	size_t (*fn)(uint32_t, const struct mk_bi_record *, char *, size_t) =
		flags & MK_PRINT_DECODE ? mk_bi_describe_full : mk_bi_describe;
	size_t need = fn(mach, r, buf, n);

	*heap = NULL;
	if (need < n)
		return buf;
	*heap = malloc(need + 1);
	if (!*heap)
		return buf;	/* cut short, still a string */
	fn(mach, r, *heap, need + 1);
	return *heap;
}

void mk_print_bootinfo_ex(FILE *fp, const struct mk_bootinfo *bi,
			  const char *indent, unsigned flags)
{
	uint32_t mach = mk_bi_machine(bi);
	char value[1024], nbuf[16];
	unsigned i;

	for (i = 0; i < bi->nrec; i++) {
		const struct mk_bi_record *r = &bi->rec[i];
		char *heap;
		const char *v = describe(mach, r, flags, value, sizeof(value), &heap);

		fputs(indent, fp);
		if (flags & MK_PRINT_INDEX)
			fprintf(fp, "%3u  ", i);
		fprintf(fp, "%-22s %4u  %s\n", tag_name(mach, r->tag, nbuf, sizeof(nbuf)),
			4u + ((r->size + 3u) & ~3u), v);
		free(heap);
	}
}

void mk_print_bootinfo(FILE *fp, const struct mk_bootinfo *bi, const char *indent)
{
	mk_print_bootinfo_ex(fp, bi, indent, 0);
}

void mk_print_bootinfo_json(FILE *fp, const struct mk_bootinfo *bi)
{
	mk_print_bootinfo_json_ex(fp, bi, 0);
}

void mk_print_bootinfo_json_ex(FILE *fp, const struct mk_bootinfo *bi, unsigned flags)
{
	uint32_t mach = mk_bi_machine(bi);
	char value[1024];
	unsigned i;

	fputc('[', fp);
	for (i = 0; i < bi->nrec; i++) {
		const struct mk_bi_record *r = &bi->rec[i];
		const char *name = mk_bi_tag_name(mach, r->tag);
		char *heap;
		const char *v = describe(mach, r, flags, value, sizeof(value), &heap);
		unsigned j;

		fprintf(fp, "%s{\"tag\":%u,\"name\":", i ? "," : "", r->tag);
		if (name)
			mk_json_string(fp, name, -1);
		else
			fputs("null", fp);
		fprintf(fp, ",\"size\":%u,\"value\":", 4u + ((r->size + 3u) & ~3u));
		mk_json_string(fp, v, -1);
		free(heap);
		if (r->tag == BI_COMMAND_LINE) {
			fputs(",\"string\":", fp);
			mk_json_string(fp, (const char *)r->data, (long)strnlen((const char *)r->data, r->size));
		}
		if ((r->tag == BI_MEMCHUNK || r->tag == BI_RAMDISK) && r->size >= 8)
			fprintf(fp, ",\"addr\":%u,\"length\":%u", mk_be32(r->data), mk_be32(r->data + 4));
		else if (r->size == 4 && r->tag != BI_RNG_SEED)
			fprintf(fp, ",\"u32\":%u", mk_be32(r->data));
		/* The seed is a secret until the kernel has used it. */
		if (r->tag != BI_RNG_SEED) {
			fputs(",\"hex\":\"", fp);
			for (j = 0; j < r->size; j++)
				fprintf(fp, "%02x", r->data[j]);
			fputc('"', fp);
		}
		fputc('}', fp);
	}
	fputc(']', fp);
}

int mk_exit_for(int code)
{
	switch (mk_error_class(code)) {
	case MK_CLASS_OK:
		return MK_EXIT_OK;
	case MK_CLASS_NOFIT:
		return MK_EXIT_NOFIT;
	case MK_CLASS_REFUSED:
		return MK_EXIT_KERNEL;
	case MK_CLASS_UNSUPPORTED:
		return MK_EXIT_UNSUPPORTED;
	case MK_CLASS_INPUT:
	case MK_CLASS_UNKNOWN:
	case MK_CLASS_INTERNAL:
		break;
	}
	return MK_EXIT_INPUT;
}
