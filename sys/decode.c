/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Compressed kernels: the table of formats (one row each), detection,
 * and the decoding step, straight into the buffer handed to the kernel
 * and bounded by the limit.  The decoders themselves are in
 * sys/decode_*.c, one file per library.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"
#include "decode.h"

/* .lzma (lzma_alone): properties byte 0x5d, then a little-endian
 * dictionary size that is a power of two. */
static int detect_lzma(const uint8_t *p, size_t len)
{
	return len >= 13 && p[1] == 0 && p[4] < 0x20 && (p[1] | p[2] | p[3] | p[4]) != 0;
}

/* bzip2: "BZh" and a block size 1..9. */
static int detect_bzip2(const uint8_t *p, size_t len)
{
	return len >= 4 && p[3] >= '1' && p[3] <= '9';
}

/*
 * A format is one row.  Adding one: its enum mk_compression value in
 * sys.h, a row here, its decoder in sys/decode_NAME.c, and the probe for
 * its library in the Makefile.  Detection, the names in messages and
 * usage texts, mk_can_decompress and the decoding step all read this.
 */
static const struct mk_codec codecs[] = {
	{
		.comp = MK_COMP_GZIP, .name = "gzip", .magic = "\x1f\x8b", .magic_len = 2,
		.lib = "zlib",
#ifdef HAVE_ZLIB
		.decode = mk_decode_gzip, .need = mk_need_gzip,
#endif
	},
	{
		.comp = MK_COMP_XZ, .name = "xz", .magic = "\xfd" "7zXZ", .magic_len = 6,
		.lib = "liblzma",
#ifdef HAVE_LZMA
		.decode = mk_decode_xz, .need = mk_need_xz,
#endif
	},
	{
		.comp = MK_COMP_LZMA, .name = "lzma", .magic = "\x5d", .magic_len = 1,
		.detect = detect_lzma, .lib = "liblzma",
#ifdef HAVE_LZMA
		.decode = mk_decode_xz,
#endif
	},
	{
		.comp = MK_COMP_ZSTD, .name = "zstd", .magic = "\x28\xb5\x2f\xfd", .magic_len = 4,
		.lib = "libzstd",
#ifdef HAVE_ZSTD
		.decode = mk_decode_zstd, .need = mk_need_zstd,
#endif
	},
	/* Kernels come in it, but no build reads it: named, not "not an ELF". */
	{
		.comp = MK_COMP_BZIP2, .name = "bzip2", .magic = "BZh", .magic_len = 3,
		.detect = detect_bzip2,
	},
};

#define NCODECS	(sizeof(codecs) / sizeof(codecs[0]))

static const struct mk_codec *codec(enum mk_compression c)
{
	size_t i;

	for (i = 0; i < NCODECS; i++)
		if (codecs[i].comp == c)
			return &codecs[i];
	return NULL;
}

const char *mk_compression_name(enum mk_compression c)
{
	const struct mk_codec *k = codec(c);

	return k ? k->name : "none";
}

enum mk_compression mk_detect_compression(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < NCODECS; i++) {
		const struct mk_codec *k = &codecs[i];

		if (len >= k->magic_len && memcmp(p, k->magic, k->magic_len) == 0 &&
		    (!k->detect || k->detect(p, len)))
			return k->comp;
	}
	return MK_COMP_NONE;
}

int mk_can_decompress(enum mk_compression c)
{
	const struct mk_codec *k = codec(c);

	return c == MK_COMP_NONE || (k && k->decode);
}

const char *mk_compression_names(char *buf, size_t n, const char *sep, const char *last)
{
	size_t i, count = 0, seen = 0, used = 0;

	for (i = 0; i < NCODECS; i++)
		count += codecs[i].decode != NULL;
	if (n)
		buf[0] = '\0';
	for (i = 0; i < NCODECS && n; i++) {
		int w;

		if (!codecs[i].decode)
			continue;
		w = snprintf(buf + used, n - used, "%s%s",
			     seen == 0 ? "" : seen + 1 == count ? last : sep, codecs[i].name);
		seen++;
		if (w < 0 || (size_t)w >= n - used)
			break;		/* cut short, still a string */
		used += (size_t)w;
	}
	return buf;
}

/*
 * A format kexec knows but cannot decode here.  bzip2 is read by no
 * build; a format whose library was not linked in is named with it.
 */
int mk_decode_refuse(const struct mk_file *f, struct mk_diag *d)
{
	const struct mk_codec *k = codec(f->comp);
	char names[64];

	if (!k || k->decode)
		return 0;
	if (!k->lib && mk_compression_names(names, sizeof(names), ", ", " or ")[0])
		mk_fail(d, MK_ERR_NO_DECODER,
			"%s: %s-compressed, which kexec does not read: give an ELF vmlinux, plain or compressed with %s",
			f->path, k->name, names);
	else if (!k->lib)	/* a build with no decoder at all */
		mk_fail(d, MK_ERR_NO_DECODER,
			"%s: %s-compressed, which kexec does not read: give a plain ELF vmlinux",
			f->path, k->name);
	else
		mk_fail(d, MK_ERR_NO_DECODER, "%s: %s-compressed, and this kexec was built without %s support",
			f->path, k->name, k->name);
	return -1;
}

/* ------------------------------------------------------------------ */
/* The sink                                                             */

#define SCRATCH		(64u * 1024u)
#define FIRST_BYTES	4096u
/* The most a decoder writes in one call: the progress line's step. */
#define WINDOW_MAX	(1u << 20)

static uint8_t scratch[SCRATCH];

/* Bytes past end are the ELF's tail: counted, not kept. */
static void cut_at(struct mk_file *f, uint64_t end)
{
	if (end < f->len) {
		f->tail += f->len - end;
		f->len = end;
	}
}

static void sink_init(struct sink *k, struct mk_file *f, uint64_t tail_max)
{
	memset(k, 0, sizeof(*k));
	k->f = f;
	k->state = SINK_HEAD;
	k->keep = f->anon_len;
	k->tail_max = tail_max;
	f->len = 0;
	f->tail = 0;
}

size_t mk_sink_window(struct sink *k, uint8_t **out)
{
	struct mk_file *f = k->f;
	uint64_t n = k->keep - f->len;

	if (n == 0 && k->state == SINK_ELF) {
		*out = scratch;
		return SCRATCH;
	}
	if (k->state == SINK_HEAD && n > FIRST_BYTES)
		n = FIRST_BYTES;
	*out = (uint8_t *)f->anon + f->len;
	return (size_t)(n > WINDOW_MAX ? WINDOW_MAX : n);
}

static int too_big_elf(struct mk_file *f, uint64_t end, struct mk_diag *d)
{
	mk_fail(d, MK_ERR_HALF_RAM,
		"%s: the kernel's loadable part decompresses to %llu bytes, more than the %zu a kexec segment may take here (half of RAM); stopped",
		f->path, (unsigned long long)end, f->anon_len);
	return -1;
}

static int too_big_tail(struct mk_file *f, uint64_t max, struct mk_diag *d)
{
	mk_fail(d, MK_ERR_FILE_TOO_BIG,
		"%s: past the %llu bytes a load reads, more than %llu bytes follow (symbols, debug sections); stopped: strip the kernel",
		f->path, (unsigned long long)f->len, (unsigned long long)max);
	return -1;
}

static void progress(struct sink *k, uint64_t in)
{
	struct mk_file *f = k->f;
	uint64_t out = f->len + f->tail;

	if (f->progress && out - k->reported >= WINDOW_MAX) {
		k->reported = out;
		f->progress(f->progress_arg, in, f->map_len, 0);
	}
}

int mk_sink_took(struct sink *k, const uint8_t *out, size_t n, uint64_t in,
		 struct mk_diag *d)
{
	struct mk_file *f = k->f;
	uint64_t end;
	int r;

	if (out == scratch) {
		f->tail += n;
		progress(k, in);
		return f->tail > k->tail_max ? too_big_tail(f, k->tail_max, d) : 0;
	}
	f->len += n;
	progress(k, in);
	if (k->state != SINK_HEAD)
		return 0;
	r = mk_elf_extent(f->anon, (size_t)f->len, &end);
	if (r < 0) {
		k->state = SINK_WHOLE;
		return 0;
	}
	if (end > f->anon_len)
		return too_big_elf(f, end, d);
	if (r > 0) {
		/* The first window may have gone past the extent. */
		k->state = SINK_ELF;
		k->keep = end;
		cut_at(f, end);
	}
	return 0;
}

int mk_decode_corrupt(struct mk_file *f, struct mk_diag *d, const char *why)
{
	mk_fail(d, MK_ERR_DECODE, "%s: %s data is corrupt or truncated (%s)",
		f->path, mk_compression_name(f->comp), why);
	return -1;
}

int mk_decode_too_big(struct mk_file *f, struct mk_diag *d)
{
	mk_fail(d, MK_ERR_HALF_RAM,
		"%s: decompresses to more than %zu bytes (half of RAM, the most a kexec segment may take); stopped",
		f->path, f->anon_len);
	return -1;
}

int mk_decode_no_memory(struct mk_file *f, struct mk_diag *d, const char *what)
{
	mk_fail(d, MK_ERR_NO_MEMORY, "%s: out of memory for %s while decoding", f->path, what);
	return -1;
}

void mk_decode_trim_tail(struct mk_file *f)
{
	uint64_t end, cut;

	if (mk_elf_extent(f->anon, (size_t)f->len, &end) != 1 || end >= f->len)
		return;
	cut_at(f, end);
	cut = (end + MK_PAGE_SIZE - 1) & ~(uint64_t)(MK_PAGE_SIZE - 1);
	if (cut < f->anon_len)
		munmap((uint8_t *)f->anon + cut, f->anon_len - (size_t)cut);
}

/* ------------------------------------------------------------------ */
/* The decoding step                                                    */

uint64_t mk_file_decode_need(const struct mk_file *f, uint64_t limit)
{
	const struct mk_codec *k = codec(f->comp);
	uint64_t out = 0, dict = 0;

	if (k && k->need && f->map)
		k->need(f->map, f->map_len, &out, &dict);
	if (out > limit)
		out = limit;		/* the decoder stops there */
	return out + (dict < out ? dict : out);
}

/* Reserve address space for the output; pages are only used as written. */
static int out_reserve(struct mk_file *f, uint64_t limit, struct mk_diag *d)
{
	size_t n = limit > (64ull << 20) * 16 ? (size_t)(64ull << 20) * 16 : (size_t)limit;

	f->anon = mmap(NULL, n, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (f->anon == MAP_FAILED) {
		f->anon = NULL;
		return mk_decode_no_memory(f, d, "the decompressed kernel");
	}
	f->anon_len = n;
	return 0;
}

int mk_file_decode(struct mk_file *f, uint64_t limit, struct mk_diag *d)
{
	const struct mk_codec *k = codec(f->comp);
	struct sink sk;
	uint64_t end;
	int ret;

	if (f->comp == MK_COMP_NONE) {
		/* Only the pages a load reads are ever faulted in. */
		if (mk_elf_extent(f->map, f->map_len, &end) == 1)
			cut_at(f, end);
		return 0;
	}
	if (!k || !k->decode) {		/* mk_file_open refused it */
		mk_fail(d, MK_ERR_INTERNAL, "%s: no decoder for %s", f->path, mk_compression_name(f->comp));
		mk_file_close(f);
		return -1;
	}
	if (out_reserve(f, limit, d)) {
		mk_file_close(f);
		return -1;
	}
	sink_init(&sk, f, limit);
	ret = k->decode(f, &sk, d);
	if (f->progress)
		f->progress(f->progress_arg, ret ? 0 : f->map_len, f->map_len, 1);
	/* The compressed bytes are not needed any more. */
	munmap(f->map, f->map_len);
	f->map = NULL;
	f->map_len = 0;
	if (ret) {
		mk_file_close(f);
		return -1;
	}
	f->data = f->anon;
	return 0;
}
