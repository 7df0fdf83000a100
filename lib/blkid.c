// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which filesystem a device holds: the UUID and label of an ext2/3/4
 * superblock, and whether a UUID= or LABEL= spec names it.
 */
#include <string.h>

#include "m68kexec_kdump.h"

#define EXT_MAGIC_AT	56u
#define EXT_UUID_AT	104u
#define EXT_LABEL_AT	120u
#define EXT_MAGIC	0xef53u

int mk_ext_superblock(const uint8_t *sb, size_t len, struct mk_fs_id *id)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	memset(id, 0, sizeof(*id));
	if (len < MK_EXT_SB_LEN ||
	    (unsigned)(sb[EXT_MAGIC_AT] | (sb[EXT_MAGIC_AT + 1] << 8)) != EXT_MAGIC)
		return 0;
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			id->uuid[o++] = '-';
		id->uuid[o++] = hex[sb[EXT_UUID_AT + i] >> 4];
		id->uuid[o++] = hex[sb[EXT_UUID_AT + i] & 15];
	}
	for (i = 0; i < 16 && sb[EXT_LABEL_AT + i]; i++)
		id->label[i] = (char)sb[EXT_LABEL_AT + i];
	return 1;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int mk_fs_id_match(const struct mk_fs_id *id, const char *spec)
{
	size_t i;

	if (strncmp(spec, "LABEL=", 6) == 0)
		return id->label[0] && strcmp(id->label, spec + 6) == 0;
	if (strncmp(spec, "UUID=", 5) != 0)
		return -1;
	spec += 5;
	for (i = 0; id->uuid[i] && spec[i]; i++)
		if (lower((unsigned char)spec[i]) != id->uuid[i])
			return 0;
	return id->uuid[0] && !id->uuid[i] && !spec[i];
}
