/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gzip, with zlib (HAVE_ZLIB): the decoder and the size its trailer says. */
#ifdef HAVE_ZLIB
#include <string.h>
#include <zlib.h>

#include "decode.h"

/* ISIZE, the last member's size mod 4 GiB; deflate cannot expand by more
 * than about 1032 times, so a larger figure is not believed. */
void mk_need_gzip(const uint8_t *in, size_t len, uint64_t *out, uint64_t *dict)
{
	*out = *dict = 0;
	if (len >= 18) {
		const uint8_t *z = in + len - 4;

		*out = (uint32_t)z[0] | (uint32_t)z[1] << 8 | (uint32_t)z[2] << 16 |
		       (uint32_t)z[3] << 24;
		if (*out > (uint64_t)len * 1032)
			*out = 0;
	}
}

int mk_decode_gzip(struct mk_file *f, struct sink *k, struct mk_diag *d)
{
	const uint8_t *start = f->map;
	z_stream z;
	int ret;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return mk_decode_no_memory(f, d, "zlib");
	z.next_in = (Bytef *)f->map;
	do {
		/* zlib counts in uInt: feed in slices. */
		size_t in_left = f->map_len - (size_t)((const uint8_t *)z.next_in - start);
		uint8_t *out;
		size_t avail = mk_sink_window(k, &out);

		if (avail == 0) {
			inflateEnd(&z);
			return mk_decode_too_big(f, d);
		}
		z.avail_in = in_left > 1u << 30 ? 1u << 30 : (uInt)in_left;
		z.next_out = out;
		z.avail_out = (uInt)avail;
		ret = inflate(&z, Z_NO_FLUSH);
		if (mk_sink_took(k, out, avail - z.avail_out,
				 (uint64_t)((const uint8_t *)z.next_in - start), d)) {
			inflateEnd(&z);
			return -1;
		}
		/* gzip files may hold several members (cat a.gz b.gz): decode
		 * them all, as gzip -d does. */
		if (ret == Z_STREAM_END) {
			const uint8_t *next = z.next_in;
			size_t left = f->map_len - (size_t)(next - start);

			if (left >= 2 && next[0] == 0x1f && next[1] == 0x8b && inflateReset(&z) == Z_OK)
				ret = Z_OK;
		}
	} while (ret == Z_OK);
	inflateEnd(&z);
	if (ret == Z_MEM_ERROR)
		return mk_decode_no_memory(f, d, "zlib");
	if (ret != Z_STREAM_END)
		return mk_decode_corrupt(f, d, z.msg ? z.msg : "unexpected end");
	return 0;
}
#endif
