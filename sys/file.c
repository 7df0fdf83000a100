// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Files: opened with the checks a kexec input needs (a regular file or
 * block device, not empty, not too large), mapped, never copied, so
 * their pages stay reclaimable page cache; small files (procfs, sysfs,
 * a bootinfo) read whole.  Compressed kernels are handed to
 * sys/decode.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "decode.h"

/* The code for a failed open, stat or read: a missing file is told
 * apart (the tools fall back or explain), the rest is unreadable. */
static int errno_code(int e)
{
	return e == ENOENT ? MK_ERR_FILE_NOT_FOUND : e == EISDIR ? MK_ERR_FILE_TYPE : MK_ERR_FILE_READ;
}

static int sys_fail(struct mk_diag *d, int e, const char *path, const char *what)
{
	mk_fail(d, errno_code(e), "%s: %s: %s", path, what, strerror(e));
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
	uint64_t map_max = KERNEL_FILE_MAX < SIZE_MAX / 2 ? KERNEL_FILE_MAX : SIZE_MAX / 2;
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
		mk_fail(d, MK_ERR_FILE_TYPE, "%s: is a directory, not a file", path);
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
		mk_fail(d, MK_ERR_FILE_TYPE, "%s: not a regular file or block device", path);
		return -1;
	}
	f->file_len = size;
	if (size == 0) {
		close(fd);
		mk_fail(d, MK_ERR_FILE_EMPTY, "%s: file is empty", path);
		return -1;
	}
	if (kernel && size > map_max) {
		close(fd);
		mk_fail(d, MK_ERR_FILE_TOO_BIG,
			"%s: %llu bytes, more than the %llu bytes kexec maps of a kernel file",
			path, (unsigned long long)size, (unsigned long long)map_max);
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

int mk_file_open(const char *path, struct mk_file *f, struct mk_diag *d)
{
	if (map_file(path, 0, 1, f, d))
		return -1;
	f->comp = mk_detect_compression(f->map, f->map_len);
	if (mk_decode_refuse(f, d)) {
		mk_file_close(f);
		return -1;
	}
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

/* ------------------------------------------------------------------ */
/* Small files                                                          */

/* mk_read_file; *err the errno behind a failure (EFBIG over cap). */
static int read_whole(const char *path, uint8_t *buf, size_t cap, size_t *len,
		      int *err, struct mk_diag *d)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0;

	if (fd < 0) {
		*err = errno;
		return sys_fail(d, *err, path, "cannot open");
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {
			uint8_t extra;

			r = read(fd, &extra, 1);
			if (r == 0)
				break;
			close(fd);
			*err = EFBIG;
			mk_fail(d, MK_ERR_FILE_CAP, "%s: larger than the %zu bytes accepted", path, cap);
			return -1;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			close(fd);
			*err = e;
			mk_fail(d, errno_code(e), "%s: cannot read: %s", path,
				e == EISDIR ? "is a directory, not a file" : strerror(e));
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*len = n;
	return 0;
}

int mk_read_file(const char *path, uint8_t *buf, size_t cap, size_t *len,
		 struct mk_diag *d)
{
	int err;

	return read_whole(path, buf, cap, len, &err, d);
}
