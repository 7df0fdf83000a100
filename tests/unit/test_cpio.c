/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The newc cpio writer (lib/cpio.c): a header byte for byte, the name's
 * padding for every length modulo 4, the data's padding, the limits, and
 * a small archive walked back field by field (and listed by cpio -it when
 * cpio is installed).
 */
#include <unistd.h>

#include "harness.h"
#include "m68kexec_kdump.h"

static uint8_t buf[4096];

static void test_header(void)
{
	static const char want[] =
		"070701"	/* magic */
		"00000001"	/* ino */
		"000081ED"	/* mode 0100755 */
		"00000000"	/* uid */
		"00000000"	/* gid */
		"00000001"	/* nlink */
		"00000000"	/* mtime */
		"000004D2"	/* filesize 1234 */
		"00000000"	/* devmajor */
		"00000000"	/* devminor */
		"00000000"	/* rdevmajor */
		"00000000"	/* rdevminor */
		"00000005"	/* namesize: "init" and its NUL */
		"00000000"	/* check */
		"init\0"	/* 115 bytes: one NUL more to 116 */
		"\0";
	static const char dir[] =
		"070701" "0000002A" "000041ED" "00000000" "00000000" "00000002" "00000000"
		"00000000" "00000000" "00000000" "00000000" "00000000" "00000004" "00000000"
		"dev\0" "\0\0";
	static const char trailer[] =
		"070701" "00000000" "00000000" "00000000" "00000000" "00000001" "00000000"
		"00000000" "00000000" "00000000" "00000000" "00000000" "0000000B" "00000000"
		"TRAILER!!!\0" "\0\0\0";
	size_t n;

	BEGIN("cpio/file-header-bytes");
	memset(buf, 0xee, sizeof(buf));
	n = mk_cpio_header(buf, sizeof(buf), "init", 0100755, 1234, 1);
	CHECK_EQ(n, 116);
	CHECK_EQ(sizeof(want) - 1, 116);
	CHECK_MEM(buf, want, 116);
	CHECK_EQ(buf[116], 0xee);
	END();

	BEGIN("cpio/directory-header-bytes");
	n = mk_cpio_header(buf, sizeof(buf), "dev", 040755, 0, 42);
	CHECK_EQ(n, 116);
	CHECK_MEM(buf, dir, 116);
	END();

	BEGIN("cpio/trailer-bytes");
	n = mk_cpio_header(buf, sizeof(buf), MK_CPIO_TRAILER, 0, 0, 0);
	CHECK_EQ(n, 124);
	CHECK_MEM(buf, trailer, 124);
	END();

	BEGIN("cpio/largest-fields");
	n = mk_cpio_header(buf, sizeof(buf), "x", 0xffffffffu, 0xfedcba98u, 0x89abcdefu);
	CHECK_EQ(n, 112);
	CHECK_MEM(buf + 6, "89ABCDEF" "FFFFFFFF", 16);
	CHECK_MEM(buf + 6 + 6 * 8, "FEDCBA98", 8);
	CHECK_MEM(buf + 6 + 11 * 8, "00000002", 8);
	CHECK_MEM(buf + 110, "x\0", 2);
	END();
}

static void test_padding(void)
{
	static const struct {
		const char *name;
		size_t len;	/* header, name, NUL, padding */
	} names[] = {
		{ "a", 112 }, { "ab", 116 }, { "abc", 116 }, { "abcd", 116 },
		{ "abcde", 116 }, { "abcdef", 120 }, { "bin/busybox", 124 },
	};
	static const struct {
		uint64_t len;
		uint32_t pad;
	} pads[] = {
		{ 0, 0 }, { 1, 3 }, { 2, 2 }, { 3, 1 }, { 4, 0 }, { 5, 3 }, { 110, 2 },
		{ 4096, 0 }, { 0xffffffffull, 1 }, { 0x200000001ull, 3 },
	};
	unsigned i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n, k, nl = strlen(names[i].name);

		BEGIN("cpio/name-padding-%zu", nl);
		memset(buf, 0xee, sizeof(buf));
		n = mk_cpio_header(buf, sizeof(buf), names[i].name, 0100644, 0, 1);
		CHECK_EQ(n, names[i].len);
		CHECK_EQ(n % 4, 0);
		CHECK_MEM(buf + 110, names[i].name, nl);
		for (k = 110 + nl; k < n; k++)
			CHECK_EQ(buf[k], 0);
		CHECK_EQ(buf[n], 0xee);
		END();
	}

	BEGIN("cpio/pad");
	for (i = 0; i < sizeof(pads) / sizeof(pads[0]); i++)
		CHECK_EQ(mk_cpio_pad(pads[i].len), pads[i].pad);
	END();
}

static void test_limits(void)
{
	char name[300];
	size_t n;

	BEGIN("cpio/name-255");
	memset(name, 'n', 255);
	name[255] = '\0';
	n = mk_cpio_header(buf, sizeof(buf), name, 0100644, 0, 1);
	CHECK_EQ(n, 368);	/* 110 + 256 + 2 */
	CHECK_MEM(buf + 6 + 11 * 8, "00000100", 8);
	END();

	BEGIN("cpio/name-256-refused");
	name[255] = 'n';
	name[256] = '\0';
	CHECK_EQ(mk_cpio_header(buf, sizeof(buf), name, 0100644, 0, 1), 0);
	END();

	BEGIN("cpio/empty-or-null-name-refused");
	CHECK_EQ(mk_cpio_header(buf, sizeof(buf), "", 0100644, 0, 1), 0);
	CHECK_EQ(mk_cpio_header(buf, sizeof(buf), NULL, 0100644, 0, 1), 0);
	END();

	BEGIN("cpio/cap");
	memset(buf, 0xee, sizeof(buf));
	CHECK_EQ(mk_cpio_header(buf, 115, "init", 0100755, 0, 1), 0);
	CHECK_EQ(buf[0], 0xee);		/* nothing written */
	CHECK_EQ(mk_cpio_header(buf, 0, "init", 0100755, 0, 1), 0);
	CHECK_EQ(mk_cpio_header(NULL, 1000, "init", 0100755, 0, 1), 0);
	CHECK_EQ(mk_cpio_header(buf, 116, "init", 0100755, 0, 1), 116);
	END();
}

/* ------------------------------------------------------------------ */
/* An archive, written and walked back                                  */

struct entry {
	const char *name;
	uint32_t mode;
	const char *data;
};

static const struct entry entries[] = {
	{ "dev", 040755, "" },
	{ "bin", 040755, "" },
	{ "init", 0100755, "#!/bin/sh\necho captured\n" },
	{ "bin/sh", 0120777, "busybox" },
	{ "etc/kdump.conf", 0100644, "USE_KDUMP=1\n" },
	{ MK_CPIO_TRAILER, 0, "" },
};
#define NENTRIES	(sizeof(entries) / sizeof(entries[0]))

static size_t archive(uint8_t *out, size_t cap)
{
	size_t len = 0;
	unsigned i;

	for (i = 0; i < NENTRIES; i++) {
		const struct entry *e = &entries[i];
		uint32_t size = (uint32_t)strlen(e->data);
		size_t n = mk_cpio_header(out + len, cap - len, e->name, e->mode, size,
					  e->mode ? i + 1 : 0);

		if (!n || cap - len - n < size + 3)
			return 0;
		len += n;
		memcpy(out + len, e->data, size);
		len += size;
		memset(out + len, 0, mk_cpio_pad(len));
		len += mk_cpio_pad(len);
	}
	return len;
}

static uint32_t hex8(const uint8_t *p)
{
	uint32_t v = 0;
	unsigned i;

	for (i = 0; i < 8; i++) {
		char c = (char)p[i];

		v = v << 4 | (uint32_t)(c <= '9' ? c - '0' : c - 'A' + 10);
	}
	return v;
}

static void test_archive(void)
{
	size_t len, pos = 0;
	unsigned i;

	BEGIN("cpio/archive-walk");
	len = archive(buf, sizeof(buf));
	CHECK(len > 0);
	CHECK_EQ(len % 4, 0);
	for (i = 0; i < NENTRIES && pos + 110 <= len; i++) {
		const struct entry *e = &entries[i];
		uint32_t namesize = hex8(buf + pos + 6 + 11 * 8);
		uint32_t size = hex8(buf + pos + 6 + 6 * 8);

		CHECK_EQ(pos % 4, 0);
		CHECK_MEM(buf + pos, "070701", 6);
		CHECK_EQ(hex8(buf + pos + 6 + 8), e->mode);
		CHECK_EQ(hex8(buf + pos + 6 + 5 * 8), 0);		/* mtime */
		CHECK_EQ(namesize, strlen(e->name) + 1);
		CHECK_EQ(size, strlen(e->data));
		CHECK_STR((const char *)buf + pos + 110, e->name);
		pos += 110 + namesize;
		pos += mk_cpio_pad(pos);
		CHECK_MEM(buf + pos, e->data, size);
		pos += size;
		pos += mk_cpio_pad(pos);
	}
	CHECK_EQ(i, NENTRIES);
	CHECK_EQ(pos, len);
	END();

	BEGIN("cpio/archive-same-bytes-twice");
	{
		static uint8_t again[sizeof(buf)];

		CHECK_EQ(archive(again, sizeof(again)), len);
		CHECK_MEM(again, buf, len);
	}
	END();

	/* cpio(1) itself, when this host has it. */
	BEGIN("cpio/archive-cpio-it");
	if (access("/usr/bin/cpio", X_OK) != 0 && access("/bin/cpio", X_OK) != 0) {
		SKIP("cpio is not installed");
	} else {
		char path[] = "/tmp/mk-cpio-XXXXXX", cmd[200], list[400];
		int fd = mkstemp(path);
		FILE *p;
		size_t got;

		if (CHECK(fd >= 0)) {
			CHECK_EQ(write(fd, buf, len), len);
			close(fd);
			snprintf(cmd, sizeof(cmd), "cpio -it --quiet < %s 2>&1", path);
			p = popen(cmd, "r");
			if (CHECK(p != NULL)) {
				got = fread(list, 1, sizeof(list) - 1, p);
				list[got] = '\0';
				CHECK_EQ(pclose(p), 0);
				CHECK_STR(list, "dev\nbin\ninit\nbin/sh\netc/kdump.conf\n");
			}
			unlink(path);
		}
	}
	END();
}

int main(void)
{
	test_header();
	test_padding();
	test_limits();
	test_archive();
	return DONE();
}
