/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xz and .lzma, with liblzma (HAVE_LZMA): the decoder, its allocator,
 * and the size an .xz file's index and first block header say.
 */
#ifdef HAVE_LZMA
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "decode.h"

/*
 * liblzma allocates its whole dictionary at once (64 MiB for xz -9) and
 * fills it as it decodes.  From malloc, that is an allocation larger than
 * RAM on a small machine, which the kernel's overcommit check refuses:
 * large blocks come from MAP_NORESERVE mappings instead, whose pages are
 * only taken as they are written (the memory check counts those).
 */
#define LZ_HDR		16u
#define LZ_MAP_MIN	(256u * 1024u)

static void *lz_alloc(void *opaque, size_t nmemb, size_t size)
{
	size_t n;
	uint8_t *p;

	(void)opaque;
	if (size && nmemb > (SIZE_MAX - LZ_HDR) / size)
		return NULL;
	n = nmemb * size + LZ_HDR;
	if (n >= LZ_MAP_MIN) {
		p = mmap(NULL, n, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
	} else {
		p = malloc(n);
		if (!p)
			return NULL;
	}
	memcpy(p, &n, sizeof(n));
	return p + LZ_HDR;
}

static void lz_free(void *opaque, void *ptr)
{
	uint8_t *p;
	size_t n;

	(void)opaque;
	if (!ptr)
		return;
	p = (uint8_t *)ptr - LZ_HDR;
	memcpy(&n, p, sizeof(n));
	if (n >= LZ_MAP_MIN)
		munmap(p, n);
	else
		free(p);
}

static const lzma_allocator lz_allocator = { lz_alloc, lz_free, NULL };

/* An .xz file's uncompressed size (its index) and its first block's
 * dictionary: 0 when they cannot be read. */
void mk_need_xz(const uint8_t *in, size_t len, uint64_t *out, uint64_t *dict)
{
	lzma_stream_flags hdr, foot;
	lzma_index *idx = NULL;
	lzma_filter filters[LZMA_FILTERS_MAX + 1];
	lzma_block block;
	uint64_t memlimit = 16u << 20;
	size_t pos, i;

	*out = *dict = 0;
	if (len < 2 * LZMA_STREAM_HEADER_SIZE + 8 ||
	    lzma_stream_header_decode(&hdr, in) != LZMA_OK ||
	    lzma_stream_footer_decode(&foot, in + len - LZMA_STREAM_HEADER_SIZE) != LZMA_OK ||
	    foot.backward_size > len - 2 * LZMA_STREAM_HEADER_SIZE)
		return;
	pos = len - LZMA_STREAM_HEADER_SIZE - (size_t)foot.backward_size;
	if (lzma_index_buffer_decode(&idx, &memlimit, &lz_allocator, in, &pos,
				     len - LZMA_STREAM_HEADER_SIZE) != LZMA_OK)
		return;
	/* One stream: its index covers the whole file. */
	if (lzma_index_file_size(idx) == len)
		*out = lzma_index_uncompressed_size(idx);
	lzma_index_end(idx, &lz_allocator);
	memset(&block, 0, sizeof(block));
	block.version = 1;
	block.check = hdr.check;
	block.filters = filters;
	block.header_size = lzma_block_header_size_decode(in[LZMA_STREAM_HEADER_SIZE]);
	if (in[LZMA_STREAM_HEADER_SIZE] == 0 ||
	    block.header_size > len - 2 * LZMA_STREAM_HEADER_SIZE ||
	    lzma_block_header_decode(&block, &lz_allocator, in + LZMA_STREAM_HEADER_SIZE) != LZMA_OK)
		return;
	for (i = 0; filters[i].id != LZMA_VLI_UNKNOWN; i++) {
		if (filters[i].id == LZMA_FILTER_LZMA2 && filters[i].options)
			*dict = ((const lzma_options_lzma *)filters[i].options)->dict_size;
		lz_free(NULL, filters[i].options);
	}
}

/* Both formats: .xz (several streams back to back, as xz -d reads
 * them) and .lzma (lzma_alone). */
int mk_decode_xz(struct mk_file *f, struct sink *k, struct mk_diag *d)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret ret;

	s.allocator = &lz_allocator;
	ret = f->comp == MK_COMP_XZ ? lzma_stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED)
				    : lzma_alone_decoder(&s, UINT64_MAX);
	if (ret != LZMA_OK)
		return mk_decode_no_memory(f, d, "liblzma");
	s.next_in = f->map;
	s.avail_in = f->map_len;
	do {
		uint8_t *out;
		size_t avail = mk_sink_window(k, &out);

		if (avail == 0) {
			lzma_end(&s);
			return mk_decode_too_big(f, d);
		}
		s.next_out = out;
		s.avail_out = avail;
		ret = lzma_code(&s, LZMA_FINISH);
		if (mk_sink_took(k, out, avail - s.avail_out, s.total_in, d)) {
			lzma_end(&s);
			return -1;
		}
	} while (ret == LZMA_OK);
	lzma_end(&s);
	if (ret == LZMA_MEM_ERROR)
		return mk_decode_no_memory(f, d, "liblzma's dictionary");
	if (ret != LZMA_STREAM_END)
		return mk_decode_corrupt(f, d, ret == LZMA_FORMAT_ERROR ? "bad format" :
					 ret == LZMA_DATA_ERROR ? "bad data" :
					 ret == LZMA_BUF_ERROR ? "unexpected end" : "decoder error");
	return 0;
}
#endif
