// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ELF reader on arbitrary bytes.  The input is copied into a buffer of
 * exactly its length so that AddressSanitizer sees any read past the end;
 * a parsed kernel is checked against the raw program headers, and against
 * mk_elf_extent(): the parser must give the same answer from the first
 * "extent" bytes alone, which is all a kernel load keeps.
 */
#include <string.h>

#include "fuzz.h"

static void check_kernel(const uint8_t *buf, size_t len, const struct mk_kernel *k)
{
	unsigned i;

	FUZZ_CHECK(k->nloads >= 1 && k->nloads <= MK_MAX_SEGMENTS, "nloads %u", k->nloads);
	FUZZ_CHECK(k->start < k->end, "start 0x%x end 0x%x", k->start, k->end);
	FUZZ_CHECK(k->entry >= k->start && k->entry < k->end, "entry 0x%x", k->entry);
	FUZZ_CHECK(k->start == k->load[0].vaddr, "start");
	FUZZ_CHECK(k->nbootversions <= MK_MAX_BOOTVERSIONS, "bootversions");
	FUZZ_CHECK(k->has_bootversion || k->nbootversions == 0, "bootversion table");
	for (i = 0; i < k->nloads; i++) {
		const struct mk_elf_load *l = &k->load[i];

		FUZZ_CHECK((uint64_t)l->offset + l->filesz <= len,
			   "load %u: file bytes 0x%x+0x%x past %zu", i, l->offset, l->filesz, len);
		FUZZ_CHECK(l->filesz <= l->memsz, "load %u: filesz > memsz", i);
		FUZZ_CHECK((uint64_t)l->vaddr + l->memsz <= 0xffffffffull + 1, "load %u wraps", i);
		if (i)
			FUZZ_CHECK(l->vaddr >= k->load[i - 1].vaddr + k->load[i - 1].memsz,
				   "load %u overlaps or precedes load %u", i, i - 1);
		/* Nothing from the header page is ever loaded. */
		FUZZ_CHECK(l->offset >= MK_PAGE_SIZE || l->filesz == 0 || !k->dropped_header || i > 0,
			   "load %u still starts in the header page", i);
		/* Touch every byte the loader would copy. */
		if (l->filesz) {
			volatile uint8_t sink = buf[l->offset] ^ buf[l->offset + l->filesz - 1];

			(void)sink;
		}
	}
	FUZZ_CHECK(k->end == k->load[k->nloads - 1].vaddr + k->load[k->nloads - 1].memsz, "end");
	/* Dropping the header page happens exactly when a load starts at 0. */
	if (k->dropped_header)
		FUZZ_CHECK(k->load[0].offset == MK_PAGE_SIZE, "dropped header but offset 0x%x",
			   k->load[0].offset);
	for (i = 0; i < k->nbootversions; i++)
		FUZZ_CHECK(mk_kernel_supports_machine(k, k->bootversion[i].machtype), "lookup");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	struct mk_kernel k;
	struct mk_diag d = { 0, "" };
	int err;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	err = mk_elf_parse(buf, size, &k, &d);
	if (err == MK_OK) {
		check_kernel(buf, size, &k);
		/* The reader is pure: the same bytes, the same answer. */
		{
			struct mk_kernel k2;

			FUZZ_CHECK(mk_elf_parse(buf, size, &k2, NULL) == MK_OK, "second parse");
			FUZZ_CHECK(memcmp(&k, &k2, sizeof(k)) == 0, "second parse differs");
		}
	}
	/* Whatever parses, parses the same from its extent alone. */
	{
		uint64_t end = 0;
		int r = mk_elf_extent(buf, size, &end);

		if (err == MK_OK)
			FUZZ_CHECK(r == 1 && end <= size, "parsed, but extent %d/%llu of %zu",
				   r, (unsigned long long)end, size);
		if (r == 1 && end <= size) {
			uint8_t *cut = malloc(end ? (size_t)end : 1);
			struct mk_kernel k3;
			int err3;

			FUZZ_CHECK(cut != NULL, "malloc");
			memcpy(cut, buf, (size_t)end);
			err3 = mk_elf_parse(cut, (size_t)end, &k3, NULL);
			FUZZ_CHECK(err3 == err, "error %d from the extent, %d from the whole", err3, err);
			if (err == MK_OK)
				FUZZ_CHECK(memcmp(&k, &k3, sizeof(k)) == 0, "the extent parses differently");
			free(cut);
		} else if (r == 0) {
			FUZZ_CHECK(end > size, "more bytes needed, but only %llu of %zu",
				   (unsigned long long)end, size);
		}
	}
	if (err != MK_OK) {
		FUZZ_CHECK(err < 0, "error %d", err);
		FUZZ_CHECK_DIAG(err, &d);
		FUZZ_CHECK(strcmp(mk_strerror(err), "unknown error") != 0, "code %d has no text", err);
	}
	free(buf);
	return 0;
}
