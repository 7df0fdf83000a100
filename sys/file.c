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

int mk_file_map(const char *path, uint64_t limit, struct mk_file *f,
		struct mk_diag *d)
{
	struct stat st;
	uint64_t size;
	int fd;

	memset(f, 0, sizeof(*f));
	f->path = path;
	fd = open(path, O_RDONLY | O_CLOEXEC);
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
	if (size > limit || size > SIZE_MAX) {
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

static int __attribute__((unused)) corrupt(struct mk_file *f, struct mk_diag *d, const char *why)
{
	mk_fail(d, MK_ERR_ELF_TRUNCATED, "%s: %s data is corrupt or truncated (%s)",
		f->path, mk_compression_name(f->comp), why);
	return -1;
}

#ifdef HAVE_ZLIB
static int inflate_gzip(struct mk_file *f, struct mk_diag *d)
{
	z_stream z;
	int ret;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return corrupt(f, d, "zlib init failed");
	z.next_in = (Bytef *)f->map;
	z.next_out = f->anon;
	do {
		/* zlib counts in uInt: feed and drain in slices. */
		size_t in_left = f->map_len - (size_t)((const uint8_t *)z.next_in - (const uint8_t *)f->map);
		size_t out_left = f->anon_len - (size_t)((uint8_t *)z.next_out - (uint8_t *)f->anon);

		z.avail_in = in_left > 1u << 30 ? 1u << 30 : (uInt)in_left;
		z.avail_out = out_left > 1u << 30 ? 1u << 30 : (uInt)out_left;
		if (z.avail_out == 0) {
			inflateEnd(&z);
			return too_big(f, d);
		}
		ret = inflate(&z, Z_NO_FLUSH);
		/* gzip files may hold several members (cat a.gz b.gz): decode
		 * them all, as gzip -d does. */
		if (ret == Z_STREAM_END) {
			const uint8_t *next = z.next_in;
			size_t left = f->map_len - (size_t)(next - (const uint8_t *)f->map);

			if (left >= 2 && next[0] == 0x1f && next[1] == 0x8b && inflateReset(&z) == Z_OK)
				ret = Z_OK;
		}
	} while (ret == Z_OK);
	f->len = (uint64_t)((uint8_t *)z.next_out - (uint8_t *)f->anon);
	inflateEnd(&z);
	if (ret == Z_BUF_ERROR && f->len == f->anon_len)
		return too_big(f, d);
	if (ret != Z_STREAM_END)
		return corrupt(f, d, z.msg ? z.msg : "unexpected end");
	return 0;
}
#endif

#ifdef HAVE_LZMA
static int inflate_xz(struct mk_file *f, struct mk_diag *d)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret ret;

	ret = f->comp == MK_COMP_XZ ? lzma_stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED)
				    : lzma_alone_decoder(&s, UINT64_MAX);
	if (ret != LZMA_OK)
		return corrupt(f, d, "liblzma init failed");
	s.next_in = f->map;
	s.avail_in = f->map_len;
	s.next_out = f->anon;
	s.avail_out = f->anon_len;
	do {
		ret = lzma_code(&s, LZMA_FINISH);
	} while (ret == LZMA_OK && s.avail_out);
	f->len = s.total_out;
	lzma_end(&s);
	if (ret == LZMA_OK || (ret == LZMA_BUF_ERROR && s.avail_out == 0))
		return too_big(f, d);
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

int mk_file_load(const char *path, uint64_t limit, struct mk_file *f,
		 struct mk_diag *d)
{
	int ret = -1;

	if (mk_file_map(path, limit, f, d))
		return -1;
	f->comp = mk_detect_compression(f->map, f->map_len);
	if (f->comp == MK_COMP_NONE)
		return 0;
	if (!mk_can_decompress(f->comp)) {
		mk_fail(d, MK_ERR_PARAM, "%s: %s-compressed, and this kexec was built without %s support",
			path, mk_compression_name(f->comp), mk_compression_name(f->comp));
		mk_file_close(f);
		return -1;
	}
	if (out_reserve(f, limit, d)) {
		mk_file_close(f);
		return -1;
	}
	switch (f->comp) {
#ifdef HAVE_ZLIB
	case MK_COMP_GZIP:
		ret = inflate_gzip(f, d);
		break;
#endif
#ifdef HAVE_LZMA
	case MK_COMP_XZ:
	case MK_COMP_LZMA:
		ret = inflate_xz(f, d);
		break;
#endif
#ifdef HAVE_ZSTD
	case MK_COMP_ZSTD:
		ret = inflate_zstd(f, d);
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
