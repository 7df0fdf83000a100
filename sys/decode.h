/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the decoders (sys/decode*.c): the codec table's row, the sink a
 * streaming decoder writes into, and each decoder's entry points.  Not
 * for the tools: they see sys.h.
 */
#ifndef MK_SYS_DECODE_H
#define MK_SYS_DECODE_H

#include "sys.h"

/*
 * Where a streaming decoder writes.  First into the anonymous buffer, a
 * little at a time until the ELF extent (mk_elf_extent) of what came out
 * is known; then up to that extent, the bytes the load reads; then the
 * rest of the stream (symbols, debug sections) into a small scratch
 * window, so that the stream's checksum is still verified, but nothing
 * more is kept.  What is not an ELF kernel is kept whole, up to the limit.
 */
struct sink {
	struct mk_file *f;
	enum {
		SINK_HEAD,	/* the extent is not known yet: small windows */
		SINK_ELF,	/* keep up to the extent, then the scratch window */
		SINK_WHOLE,	/* not an ELF kernel: keep it all, up to the limit */
	} state;
	uint64_t keep;		/* the extent, or anon_len */
	uint64_t tail_max;	/* the most bytes to decode past the extent */
	uint64_t reported;	/* output when progress was last reported */
};

/* The next window to decode into; 0 bytes when the buffer is full. */
size_t mk_sink_window(struct sink *k, uint8_t **out);
/* n bytes came out into the last window; in: compressed bytes read so
 * far (for the progress line).  Non-zero: stop, the diag says why. */
int mk_sink_took(struct sink *k, const uint8_t *out, size_t n, uint64_t in,
		 struct mk_diag *d);

/* The failures every decoder reports alike; each returns -1. */
int mk_decode_corrupt(struct mk_file *f, struct mk_diag *d, const char *why);
int mk_decode_too_big(struct mk_file *f, struct mk_diag *d);
int mk_decode_no_memory(struct mk_file *f, struct mk_diag *d, const char *what);

/*
 * A format, one row of the table in sys/decode.c.  Detection reads the
 * magic, then detect (when set) for what a magic alone does not say.
 * decode is NULL when this build has no decoder for it (built without
 * the library named by lib); need is NULL when the stream does not say
 * how large its output is.
 */
struct mk_codec {
	enum mk_compression comp;
	const char *name;
	const char *magic;
	size_t magic_len;
	int (*detect)(const uint8_t *p, size_t len);
	const char *lib;	/* the library that decodes it, or NULL: none */
	int (*decode)(struct mk_file *f, struct sink *k, struct mk_diag *d);
	/* The output's size and the decoder's own buffer, from the
	 * stream's records; 0 when they do not say. */
	void (*need)(const uint8_t *in, size_t len, uint64_t *out, uint64_t *dict);
};

/* MK_ERR_NO_DECODER, named, for a format this build cannot decode
 * (f->comp, f->path); 0 when it can. */
int mk_decode_refuse(const struct mk_file *f, struct mk_diag *d);

/* The decoders (sys/decode_gzip.c, decode_xz.c, decode_zstd.c); each
 * file is empty without its library (HAVE_ZLIB, HAVE_LZMA, HAVE_ZSTD). */
int mk_decode_gzip(struct mk_file *f, struct sink *k, struct mk_diag *d);
void mk_need_gzip(const uint8_t *in, size_t len, uint64_t *out, uint64_t *dict);
int mk_decode_xz(struct mk_file *f, struct sink *k, struct mk_diag *d);
void mk_need_xz(const uint8_t *in, size_t len, uint64_t *out, uint64_t *dict);
int mk_decode_zstd(struct mk_file *f, struct sink *k, struct mk_diag *d);
void mk_need_zstd(const uint8_t *in, size_t len, uint64_t *out, uint64_t *dict);

/* zstd decodes in one call, tail and all: give back the whole pages
 * past the ELF extent afterwards. */
void mk_decode_trim_tail(struct mk_file *f);

#endif
