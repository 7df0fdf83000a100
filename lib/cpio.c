/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A newc cpio archive, the format of an initramfs.
 *
 * Facts honoured (cpio(5), "New ASCII Format"; the kernel's
 * init/initramfs.c reads it): the magic "070701", then thirteen fields of
 * 8 hexadecimal digits: c_ino, c_mode, c_uid, c_gid, c_nlink, c_mtime,
 * c_filesize, c_devmajor, c_devminor, c_rdevmajor, c_rdevminor,
 * c_namesize (the name's length with its NUL) and c_check (0 without a
 * CRC); the name follows, then NULs up to a multiple of 4 counted from
 * the header's start; the data follows, padded the same way; the entry
 * "TRAILER!!!" ends the archive.
 */
#include <string.h>

#include "internal.h"
#include "m68kexec_kdump.h"

#define CPIO_MAGIC	"070701"
#define CPIO_NAME_MAX	255u
#define CPIO_S_IFMT	0170000u	/* the type bits of c_mode */
#define CPIO_S_IFDIR	0040000u

static void put_hex8(uint8_t *p, uint32_t v)
{
	static const char digits[] = "0123456789ABCDEF";
	int i;

	for (i = 7; i >= 0; i--, v >>= 4)
		p[i] = (uint8_t)digits[v & 0xf];
}

uint32_t mk_cpio_pad(uint64_t len)
{
	return (uint32_t)((4u - (len & 3u)) & 3u);
}

size_t mk_cpio_header(uint8_t *out, size_t cap, const char *name, uint32_t mode,
		      uint32_t size, uint32_t ino)
{
	size_t namesize = name ? strnlen(name, CPIO_NAME_MAX + 1) + 1 : 1;
	size_t total = MK_CPIO_HEADER + namesize + mk_cpio_pad(MK_CPIO_HEADER + namesize);
	uint32_t field[13] = {
		ino, mode, 0, 0,
		(mode & CPIO_S_IFMT) == CPIO_S_IFDIR ? 2u : 1u,	/* "." and its name */
		0, size, 0, 0, 0, 0, (uint32_t)namesize, 0,
	};
	unsigned i;

	if (namesize < 2 || namesize > CPIO_NAME_MAX + 1 || !out || cap < total)
		return 0;
	memcpy(out, CPIO_MAGIC, 6);
	for (i = 0; i < 13; i++)
		put_hex8(out + 6 + 8 * i, field[i]);
	memcpy(out + MK_CPIO_HEADER, name, namesize);	/* with the NUL */
	memset(out + MK_CPIO_HEADER + namesize, 0, total - MK_CPIO_HEADER - namesize);
	return total;
}
