/* SPDX-License-Identifier: GPL-2.0-or-later */
/* zstd, with libzstd (HAVE_ZSTD): the decoder and the size a frame says. */
#ifdef HAVE_ZSTD
#include <zstd.h>
#include <zstd_errors.h>

#include "decode.h"

void mk_need_zstd(const uint8_t *in, size_t len, uint64_t *out, uint64_t *dict)
{
	unsigned long long n = ZSTD_getFrameContentSize(in, len);

	*dict = 0;
	*out = n != ZSTD_CONTENTSIZE_UNKNOWN && n != ZSTD_CONTENTSIZE_ERROR ? n : 0;
}

/*
 * One call, straight into the bounded buffer: the streaming decoder keeps
 * its own copy of the window (up to 128 MiB with zstd --long), so peak
 * memory was twice the output.  A frame that declares more than the
 * limit is refused before anything is written.  The sink is not used:
 * the whole output is kept, then trimmed to the ELF extent.
 */
int mk_decode_zstd(struct mk_file *f, struct sink *k, struct mk_diag *d)
{
	ZSTD_DCtx *z = ZSTD_createDCtx();
	size_t ret;

	(void)k;
	if (!z)
		return mk_decode_no_memory(f, d, "libzstd");
	ret = ZSTD_decompressDCtx(z, f->anon, f->anon_len, f->map, f->map_len);
	ZSTD_freeDCtx(z);
	if (ZSTD_isError(ret)) {
		f->len = 0;
		if (ZSTD_getErrorCode(ret) == ZSTD_error_dstSize_tooSmall)
			return mk_decode_too_big(f, d);
		if (ZSTD_getErrorCode(ret) == ZSTD_error_memory_allocation)
			return mk_decode_no_memory(f, d, "libzstd");
		return mk_decode_corrupt(f, d, ZSTD_getErrorName(ret));
	}
	f->len = ret;
	mk_decode_trim_tail(f);
	return 0;
}
#endif
