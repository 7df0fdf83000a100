// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Files: plain inputs are mapped, never copied, so their pages stay
 * reclaimable page cache; compressed kernels are decompressed once,
 * straight into the buffer handed to the kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef HAVE_LZMA
#include <lzma.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#include <zstd_errors.h>
#endif

#include "internal.h"
#include "sys.h"

const char *mk_compression_name(enum mk_compression c)
{
	switch (c) {
	case MK_COMP_GZIP:
		return "gzip";
	case MK_COMP_XZ:
		return "xz";
	case MK_COMP_LZMA:
		return "lzma";
	case MK_COMP_ZSTD:
		return "zstd";
	case MK_COMP_NONE:
		break;
	}
	return "none";
}

enum mk_compression mk_detect_compression(const uint8_t *p, size_t len)
{
	static const uint8_t xz[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
	static const uint8_t zstd[4] = { 0x28, 0xb5, 0x2f, 0xfd };

	if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return MK_COMP_GZIP;
	if (len >= 6 && memcmp(p, xz, 6) == 0)
		return MK_COMP_XZ;
	if (len >= 4 && memcmp(p, zstd, 4) == 0)
		return MK_COMP_ZSTD;
	/* .lzma (lzma_alone): properties byte 0x5d, then a little-endian
	 * dictionary size that is a power of two. */
	if (len >= 13 && p[0] == 0x5d && p[1] == 0 && p[4] < 0x20 &&
	    (p[1] | p[2] | p[3] | p[4]) != 0)
		return MK_COMP_LZMA;
	return MK_COMP_NONE;
}

int mk_can_decompress(enum mk_compression c)
{
	switch (c) {
	case MK_COMP_NONE:
		return 1;
#ifdef HAVE_ZLIB
	case MK_COMP_GZIP:
		return 1;
#endif
#ifdef HAVE_LZMA
	case MK_COMP_XZ:
	case MK_COMP_LZMA:
		return 1;
#endif
#ifdef HAVE_ZSTD
	case MK_COMP_ZSTD:
		return 1;
#endif
	default:
		return 0;
	}
}

static int sys_fail(struct mk_diag *d, int err, const char *path, const char *what)
{
	mk_fail(d, err, "%s: %s: %s", path, what, strerror(err));
	return -1;
}

/*
 * Map a file whole.  A ramdisk is one segment: more than limit bytes is
 * refused before anything is read.  A kernel file may be larger than what
 * a load reads of it (symbols, debug sections): it is mapped up to
 * KERNEL_FILE_MAX, which only takes address space, and its ELF extent is
 * checked later.
 */
#define KERNEL_FILE_MAX	((uint64_t)1 << 30)

static int map_file(const char *path, uint64_t limit, int kernel, struct mk_file *f,
		    struct mk_diag *d)
{
	struct stat st;
	uint64_t size;
	int fd;

	memset(f, 0, sizeof(*f));
	f->path = path;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer (it is
	 * refused below); it changes nothing for files and block devices. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return sys_fail(d, errno, path, "cannot open");
	if (fstat(fd, &st) < 0) {
		int e = errno;

		close(fd);
		return sys_fail(d, e, path, "cannot stat");
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		mk_fail(d, EISDIR, "%s: is a directory, not a file", path);
		return -1;
	}
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &size) < 0) {
			int e = errno;

			close(fd);
			return sys_fail(d, e, path, "cannot size the block device");
		}
		f->blockdev = 1;
	} else if (S_ISREG(st.st_mode)) {
		size = (uint64_t)st.st_size;
	} else {
		close(fd);
		mk_fail(d, EINVAL, "%s: not a regular file or block device", path);
		return -1;
	}
	f->file_len = size;
	if (size == 0) {
		close(fd);
		mk_fail(d, MK_ERR_PARAM, "%s: file is empty", path);
		return -1;
	}
	if (kernel && (size > KERNEL_FILE_MAX || size > SIZE_MAX / 2)) {
		close(fd);
		mk_fail(d, MK_ERR_HALF_RAM,
			"%s: %llu bytes, more than the %llu bytes kexec maps of a kernel file",
			path, (unsigned long long)size,
			(unsigned long long)(KERNEL_FILE_MAX < SIZE_MAX / 2 ? KERNEL_FILE_MAX : SIZE_MAX / 2));
		return -1;
	}
	if (!kernel && (size > limit || size > SIZE_MAX)) {
		close(fd);
		mk_fail(d, MK_ERR_HALF_RAM,
			"%s: %llu bytes, more than the %llu bytes a kexec segment may take here (half of RAM)",
			path, (unsigned long long)size, (unsigned long long)limit);
		return -1;
	}
	f->map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (f->map == MAP_FAILED) {
		int e = errno;

		f->map = NULL;
		close(fd);
		return sys_fail(d, e, path, "cannot map");
	}
	close(fd);
	f->map_len = (size_t)size;
	f->data = f->map;
	f->len = size;
	return 0;
}

int mk_file_map(const char *path, uint64_t limit, struct mk_file *f,
		struct mk_diag *d)
{
	return map_file(path, limit, 0, f, d);
}

/* Reserve address space for the output; pages are only used as written. */
static int out_reserve(struct mk_file *f, uint64_t limit, struct mk_diag *d)
{
	size_t n = limit > (64ull << 20) * 16 ? (size_t)(64ull << 20) * 16 : (size_t)limit;

	f->anon = mmap(NULL, n, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (f->anon == MAP_FAILED) {
		f->anon = NULL;
		return sys_fail(d, errno, f->path, "cannot reserve memory to decompress");
	}
	f->anon_len = n;
	return 0;
}

static int __attribute__((unused)) too_big(struct mk_file *f, struct mk_diag *d)
{
	mk_fail(d, MK_ERR_HALF_RAM,
		"%s: decompresses to more than %zu bytes (half of RAM, the most a kexec segment may take); stopped",
		f->path, f->anon_len);
	return -1;
}

static int __attribute__((unused)) too_big_elf(struct mk_file *f, uint64_t end, struct mk_diag *d)
{
	mk_fail(d, MK_ERR_HALF_RAM,
		"%s: the kernel's loadable part decompresses to %llu bytes, more than the %zu a kexec segment may take here (half of RAM); stopped",
		f->path, (unsigned long long)end, f->anon_len);
	return -1;
}

static int __attribute__((unused)) too_big_tail(struct mk_file *f, uint64_t max, struct mk_diag *d)
{
	mk_fail(d, MK_ERR_HALF_RAM,
		"%s: past the %llu bytes a load reads, more than %llu bytes follow (symbols, debug sections); stopped: strip the kernel",
		f->path, (unsigned long long)f->len, (unsigned long long)max);
	return -1;
}

static int __attribute__((unused)) corrupt(struct mk_file *f, struct mk_diag *d, const char *why)
{
	mk_fail(d, MK_ERR_ELF_TRUNCATED, "%s: %s data is corrupt or truncated (%s)",
		f->path, mk_compression_name(f->comp), why);
	return -1;
}

/*
 * Where a streaming decoder writes.  First into the anonymous buffer, a
 * little at a time until the ELF extent (mk_elf_extent) of what came out
 * is known; then up to that extent, the bytes the load reads; then the
 * rest of the stream (symbols, debug sections) into a small scratch
 * window, so that the stream's checksum is still verified, but nothing
 * more is kept.  What is not an ELF kernel is kept whole, up to the limit.
 */
#define SCRATCH		(64u * 1024u)
#define FIRST_BYTES	4096u

static uint8_t scratch[SCRATCH];

struct sink {
	struct mk_file *f;
	enum {
		SINK_HEAD,	/* the extent is not known yet: small windows */
		SINK_ELF,	/* keep up to the extent, then the scratch window */
		SINK_WHOLE,	/* not an ELF kernel: keep it all, up to the limit */
	} state;
	uint64_t keep;		/* the extent, or anon_len */
	uint64_t tail_max;	/* the most bytes to decode past the extent */
};

/* Bytes past end are the ELF's tail: counted, not kept. */
static void cut_at(struct mk_file *f, uint64_t end)
{
	if (end < f->len) {
		f->tail += f->len - end;
		f->len = end;
	}
}

static void sink_init(struct sink *s, struct mk_file *f, uint64_t tail_max)
{
	s->f = f;
	s->state = SINK_HEAD;
	s->keep = f->anon_len;
	s->tail_max = tail_max;
	f->len = 0;
	f->tail = 0;
}

/* The next window to decode into; 0 bytes when the buffer is full. */
static size_t __attribute__((unused)) sink_window(struct sink *s, uint8_t **out)
{
	struct mk_file *f = s->f;
	uint64_t n = s->keep - f->len;

	if (n == 0 && s->state == SINK_ELF) {
		*out = scratch;
		return SCRATCH;
	}
	if (s->state == SINK_HEAD && n > FIRST_BYTES)
		n = FIRST_BYTES;
	*out = (uint8_t *)f->anon + f->len;
	return (size_t)(n > 1u << 30 ? 1u << 30 : n);
}

/* n bytes came out into the last window. */
static int __attribute__((unused)) sink_took(struct sink *s, const uint8_t *out, size_t n,
					     struct mk_diag *d)
{
	struct mk_file *f = s->f;
	uint64_t end;
	int r;

	if (out == scratch) {
		f->tail += n;
		return f->tail > s->tail_max ? too_big_tail(f, s->tail_max, d) : 0;
	}
	f->len += n;
	if (s->state != SINK_HEAD)
		return 0;
	r = mk_elf_extent(f->anon, (size_t)f->len, &end);
	if (r < 0) {
		s->state = SINK_WHOLE;
		return 0;
	}
	if (end > f->anon_len)
		return too_big_elf(f, end, d);
	if (r > 0) {
		/* The first window may have gone past the extent. */
		s->state = SINK_ELF;
		s->keep = end;
		cut_at(f, end);
	}
	return 0;
}

#ifdef HAVE_LZMA
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
static void xz_need(const uint8_t *in, size_t len, uint64_t *out, uint64_t *dict)
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
#endif

uint64_t mk_file_decode_need(const struct mk_file *f, uint64_t limit)
{
	const uint8_t *in = f->map;
	size_t len = f->map_len;
	uint64_t out = 0, dict = 0;

	switch (f->comp) {
	case MK_COMP_GZIP:
		/* ISIZE, the last member's size mod 4 GiB; deflate cannot
		 * expand by more than about 1032 times. */
		if (len >= 18) {
			const uint8_t *z = in + len - 4;

			out = (uint32_t)z[0] | (uint32_t)z[1] << 8 | (uint32_t)z[2] << 16 |
			      (uint32_t)z[3] << 24;
			if (out > (uint64_t)len * 1032)
				out = 0;
		}
		break;
#ifdef HAVE_ZSTD
	case MK_COMP_ZSTD: {
		unsigned long long n = ZSTD_getFrameContentSize(in, len);

		if (n != ZSTD_CONTENTSIZE_UNKNOWN && n != ZSTD_CONTENTSIZE_ERROR)
			out = n;
		break;
	}
#endif
#ifdef HAVE_LZMA
	case MK_COMP_XZ:
		xz_need(in, len, &out, &dict);
		break;
#endif
	default:
		break;
	}
	if (out > limit)
		out = limit;		/* the decoder stops there */
	return out + (dict < out ? dict : out);
}

#ifdef HAVE_ZLIB
static int inflate_gzip(struct mk_file *f, struct sink *k, struct mk_diag *d)
{
	z_stream z;
	int ret;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return corrupt(f, d, "zlib init failed");
	z.next_in = (Bytef *)f->map;
	do {
		/* zlib counts in uInt: feed in slices. */
		size_t in_left = f->map_len - (size_t)((const uint8_t *)z.next_in - (const uint8_t *)f->map);
		uint8_t *out;
		size_t avail = sink_window(k, &out);

		if (avail == 0) {
			inflateEnd(&z);
			return too_big(f, d);
		}
		z.avail_in = in_left > 1u << 30 ? 1u << 30 : (uInt)in_left;
		z.next_out = out;
		z.avail_out = (uInt)avail;
		ret = inflate(&z, Z_NO_FLUSH);
		if (sink_took(k, out, avail - z.avail_out, d)) {
			inflateEnd(&z);
			return -1;
		}
		/* gzip files may hold several members (cat a.gz b.gz): decode
		 * them all, as gzip -d does. */
		if (ret == Z_STREAM_END) {
			const uint8_t *next = z.next_in;
			size_t left = f->map_len - (size_t)(next - (const uint8_t *)f->map);

			if (left >= 2 && next[0] == 0x1f && next[1] == 0x8b && inflateReset(&z) == Z_OK)
				ret = Z_OK;
		}
	} while (ret == Z_OK);
	inflateEnd(&z);
	if (ret != Z_STREAM_END)
		return corrupt(f, d, z.msg ? z.msg : "unexpected end");
	return 0;
}
#endif

#ifdef HAVE_LZMA
static int inflate_xz(struct mk_file *f, struct sink *k, struct mk_diag *d)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret ret;

	s.allocator = &lz_allocator;
	ret = f->comp == MK_COMP_XZ ? lzma_stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED)
				    : lzma_alone_decoder(&s, UINT64_MAX);
	if (ret != LZMA_OK)
		return corrupt(f, d, "liblzma init failed");
	s.next_in = f->map;
	s.avail_in = f->map_len;
	do {
		uint8_t *out;
		size_t avail = sink_window(k, &out);

		if (avail == 0) {
			lzma_end(&s);
			return too_big(f, d);
		}
		s.next_out = out;
		s.avail_out = avail;
		ret = lzma_code(&s, LZMA_FINISH);
		if (sink_took(k, out, avail - s.avail_out, d)) {
			lzma_end(&s);
			return -1;
		}
	} while (ret == LZMA_OK);
	lzma_end(&s);
	if (ret == LZMA_MEM_ERROR) {
		mk_fail(d, MK_ERR_HALF_RAM, "%s: out of memory for liblzma's dictionary while decoding",
			f->path);
		return -1;
	}
	if (ret != LZMA_STREAM_END)
		return corrupt(f, d, ret == LZMA_FORMAT_ERROR ? "bad format" :
				     ret == LZMA_DATA_ERROR ? "bad data" :
				     ret == LZMA_BUF_ERROR ? "unexpected end" : "decoder error");
	return 0;
}
#endif

#ifdef HAVE_ZSTD
/*
 * One call, straight into the bounded buffer: the streaming decoder keeps
 * its own copy of the window (up to 128 MiB with zstd --long), so peak
 * memory was twice the output.  A frame that declares more than the
 * limit is refused before anything is written.
 */
static int inflate_zstd(struct mk_file *f, struct mk_diag *d)
{
	ZSTD_DCtx *z = ZSTD_createDCtx();
	size_t ret;

	if (!z)
		return corrupt(f, d, "libzstd init failed");
	ret = ZSTD_decompressDCtx(z, f->anon, f->anon_len, f->map, f->map_len);
	ZSTD_freeDCtx(z);
	if (ZSTD_isError(ret)) {
		f->len = 0;
		if (ZSTD_getErrorCode(ret) == ZSTD_error_dstSize_tooSmall)
			return too_big(f, d);
		return corrupt(f, d, ZSTD_getErrorName(ret));
	}
	f->len = ret;
	return 0;
}
#endif

/*
 * zstd decodes in one call, tail and all.  Give back the whole pages past
 * the ELF extent afterwards: they hold symbols and debug sections.
 */
static void __attribute__((unused)) trim_tail(struct mk_file *f)
{
	uint64_t end, cut;

	if (mk_elf_extent(f->anon, (size_t)f->len, &end) != 1 || end >= f->len)
		return;
	cut_at(f, end);
	cut = (end + MK_PAGE_SIZE - 1) & ~(uint64_t)(MK_PAGE_SIZE - 1);
	if (cut < f->anon_len)
		munmap((uint8_t *)f->anon + cut, f->anon_len - (size_t)cut);
}

/* bzip2 ("BZh" and a block size 1..9): a format kernels come in that no
 * build reads, named rather than called "not an ELF file". */
static int is_bzip2(const uint8_t *p, size_t len)
{
	return len >= 4 && memcmp(p, "BZh", 3) == 0 && p[3] >= '1' && p[3] <= '9';
}

int mk_file_open(const char *path, struct mk_file *f, struct mk_diag *d)
{
	if (map_file(path, 0, 1, f, d))
		return -1;
	f->comp = mk_detect_compression(f->map, f->map_len);
	if (f->comp == MK_COMP_NONE && is_bzip2(f->map, f->map_len)) {
		char names[64] = "";
		int c;

		/* The formats a kernel may come in, from the list above. */
		for (c = MK_COMP_GZIP; c <= MK_COMP_ZSTD; c++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 c == MK_COMP_GZIP ? "" : c == MK_COMP_ZSTD ? " or " : ", ",
				 mk_compression_name((enum mk_compression)c));
		mk_fail(d, MK_ERR_ELF_MAGIC, "%s: bzip2-compressed, which kexec does not read: give an ELF vmlinux, plain or compressed with %s",
			path, names);
		mk_file_close(f);
		return -1;
	}
	if (f->comp != MK_COMP_NONE && !mk_can_decompress(f->comp)) {
		mk_fail(d, MK_ERR_PARAM, "%s: %s-compressed, and this kexec was built without %s support",
			path, mk_compression_name(f->comp), mk_compression_name(f->comp));
		mk_file_close(f);
		return -1;
	}
	return 0;
}

int mk_file_decode(struct mk_file *f, uint64_t limit, struct mk_diag *d)
{
	struct sink k;
	uint64_t end;
	int ret = -1;

	if (f->comp == MK_COMP_NONE) {
		/* Only the pages a load reads are ever faulted in. */
		if (mk_elf_extent(f->map, f->map_len, &end) == 1)
			cut_at(f, end);
		return 0;
	}
	if (out_reserve(f, limit, d)) {
		mk_file_close(f);
		return -1;
	}
	sink_init(&k, f, limit);
	switch (f->comp) {
#ifdef HAVE_ZLIB
	case MK_COMP_GZIP:
		ret = inflate_gzip(f, &k, d);
		break;
#endif
#ifdef HAVE_LZMA
	case MK_COMP_XZ:
	case MK_COMP_LZMA:
		ret = inflate_xz(f, &k, d);
		break;
#endif
#ifdef HAVE_ZSTD
	case MK_COMP_ZSTD:
		ret = inflate_zstd(f, d);
		if (ret == 0)
			trim_tail(f);
		break;
#endif
	default:
		break;
	}
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

int mk_file_load(const char *path, uint64_t limit, struct mk_file *f,
		 struct mk_diag *d)
{
	if (mk_file_open(path, f, d))
		return -1;
	return mk_file_decode(f, limit, d);
}

uint64_t mk_file_anon_bytes(const struct mk_file *f)
{
	return f->anon ? f->len : 0;
}

void mk_file_close(struct mk_file *f)
{
	if (f->map)
		munmap(f->map, f->map_len);
	if (f->anon)
		munmap(f->anon, f->anon_len);
	memset(f, 0, sizeof(*f));
}
