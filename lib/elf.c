// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ELF reader: an m68k vmlinux (ELF32, big-endian, EM_68K, ET_EXEC).
 * Every stage takes (buf, len); every range is checked before it is used,
 * with tests written so that they cannot wrap.
 */
#include <string.h>

#include "internal.h"

/* Names for the e_machine and e_type values a wrong file is likely to have. */
struct elf_name {
	uint16_t value;
	const char *name;
};

static const struct elf_name elf_machines[] = {
	{ 0, "none" }, { 2, "SPARC" }, { 3, "i386" }, { MK_ELF_EM_68K, "m68k" },
	{ 8, "MIPS" }, { 15, "PA-RISC" }, { 18, "SPARC32PLUS" }, { 20, "PowerPC" },
	{ 21, "PowerPC64" }, { 22, "S/390" }, { 40, "ARM" }, { 42, "SuperH" },
	{ 43, "SPARC64" }, { 50, "IA-64" }, { 52, "ColdFire" }, { 62, "x86-64" },
	{ 92, "OpenRISC" }, { 183, "AArch64" }, { 243, "RISC-V" }, { 258, "LoongArch" },
	{ 0, NULL },
};

static const struct elf_name elf_types[] = {
	{ 0, "ET_NONE" }, { 1, "ET_REL, an object file" }, { MK_ELF_ET_EXEC, "ET_EXEC" },
	{ 3, "ET_DYN, a shared object" }, { MK_ELF_ET_CORE, "ET_CORE, a core dump" },
	{ 0, NULL },
};

static const char *elf_name(const struct elf_name *t, unsigned value)
{
	for (; t->name; t++)
		if (t->value == value)
			return t->name;
	return "unknown";
}

/*
 * The ELF header of an m68k file of ELF type "type": ELF32, big-endian,
 * EM_68K. "what" names the file in the messages ("kernel", "dump") and
 * "is" says what such a file is ("an executable", "a core file").
 * The kernel reader and the dump reader (printk.c) share it.
 */
int mk_elf_check_header(const uint8_t *buf, size_t len, unsigned type, const char *what,
			const char *is, struct mk_diag *d)
{
	size_t n = len < MK_ELF_MAGIC_LEN ? len : MK_ELF_MAGIC_LEN;
	unsigned machine, got;

	if (len == 0 || memcmp(buf, MK_ELF_MAGIC, n) != 0)
		return mk_fail(d, MK_ERR_ELF_MAGIC, "not an ELF file (no \\177ELF magic at offset 0)");
	if (len < MK_ELF32_EHDR_SIZE)
		return mk_fail(d, MK_ERR_ELF_TRUNCATED,
			       "truncated: the ELF header needs %u bytes, the file has %zu",
			       MK_ELF32_EHDR_SIZE, len);
	if (buf[MK_ELF_EI_CLASS] != MK_ELF_CLASS32 || buf[MK_ELF_EI_DATA] != MK_ELF_DATA2MSB)
		return mk_fail(d, MK_ERR_ELF_CLASS,
			       "ELF class %u, data encoding %u: an m68k %s is ELF32 (%u) big-endian (%u)",
			       buf[MK_ELF_EI_CLASS], buf[MK_ELF_EI_DATA], what, MK_ELF_CLASS32,
			       MK_ELF_DATA2MSB);
	machine = mk_be16(buf + MK_ELF_E_MACHINE);
	if (machine != MK_ELF_EM_68K)
		return mk_fail(d, MK_ERR_ELF_MACHINE, "ELF machine %u (%s), want %u (%s)",
			       machine, elf_name(elf_machines, machine),
			       MK_ELF_EM_68K, elf_name(elf_machines, MK_ELF_EM_68K));
	got = mk_be16(buf + MK_ELF_E_TYPE);
	if (got != type)
		return mk_fail(d, MK_ERR_ELF_MACHINE, "ELF type %u (%s), want %u (%s): a %s is %s",
			       got, elf_name(elf_types, got), type, elf_name(elf_types, type),
			       what, is);
	return MK_OK;
}

/*
 * The ELF header of a dump and where its program header table is: an
 * m68k ET_CORE, 32-byte program headers, at least one of them.  Whether
 * the table lies inside the bytes given is the caller's question (a
 * reader of a whole file and a reader that fetches more differ there).
 * The dump reader (printk.c) and the dump filter (dumpfilter.c) share it.
 */
int mk_elf_core_header(const uint8_t *buf, size_t len, uint32_t *phoff, unsigned *phnum,
		       struct mk_diag *d)
{
	unsigned phentsize;
	int err = mk_elf_check_header(buf, len, MK_ELF_ET_CORE, "dump", "a core file", d);

	if (err)
		return err;
	*phoff = mk_be32(buf + MK_ELF_E_PHOFF);
	*phnum = mk_be16(buf + MK_ELF_E_PHNUM);
	phentsize = mk_be16(buf + MK_ELF_E_PHENTSIZE);
	if (phentsize != MK_ELF32_PHDR_SIZE)
		return mk_fail(d, MK_ERR_ELF_PHDR, "program header entry size %u, expected %u",
			       phentsize, MK_ELF32_PHDR_SIZE);
	if (*phnum == 0)
		return mk_fail(d, MK_ERR_ELF_PHDR, "no program headers: a dump has notes and memory");
	return MK_OK;
}

/* A program header the loader reads: a PT_LOAD that takes memory. */
static int ph_loads(const uint8_t *ph)
{
	return mk_be32(ph + MK_ELF_P_TYPE) == MK_ELF_PT_LOAD && mk_be32(ph + MK_ELF_P_MEMSZ) != 0;
}

static int read_loads(const uint8_t *buf, size_t len, struct mk_kernel *k,
		      struct mk_diag *d)
{
	uint32_t phoff = mk_be32(buf + MK_ELF_E_PHOFF);
	unsigned phentsize = mk_be16(buf + MK_ELF_E_PHENTSIZE);
	unsigned phnum = mk_be16(buf + MK_ELF_E_PHNUM);
	unsigned i;

	if (phentsize != MK_ELF32_PHDR_SIZE)
		return mk_fail(d, MK_ERR_ELF_PHDR,
			       "program header entry size %u, expected %u", phentsize, MK_ELF32_PHDR_SIZE);
	if (phnum == 0)
		return mk_fail(d, MK_ERR_ELF_NOLOAD, "no program headers");
	if (!mk_in_bounds(phoff, (size_t)phnum * MK_ELF32_PHDR_SIZE, len))
		return mk_fail(d, MK_ERR_ELF_TRUNCATED,
			       "truncated: program headers at offset 0x%x..0x%zx, the file has %zu bytes",
			       phoff, (size_t)phoff + (size_t)phnum * MK_ELF32_PHDR_SIZE, len);

	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = buf + phoff + (size_t)i * MK_ELF32_PHDR_SIZE;
		struct mk_elf_load l;

		if (!ph_loads(ph))
			continue;
		l.offset = mk_be32(ph + MK_ELF_P_OFFSET);
		l.vaddr = mk_be32(ph + MK_ELF_P_VADDR);
		l.filesz = mk_be32(ph + MK_ELF_P_FILESZ);
		l.memsz = mk_be32(ph + MK_ELF_P_MEMSZ);
		if (!mk_in_bounds(l.offset, l.filesz, len))
			return mk_fail(d, MK_ERR_ELF_TRUNCATED,
				       "truncated: program header %u needs file bytes 0x%x..0x%llx, the file has %zu",
				       i, l.offset, (unsigned long long)l.offset + l.filesz, len);
		if (l.filesz > l.memsz)
			return mk_fail(d, MK_ERR_ELF_SEGMENT,
				       "program header %u: file size 0x%x exceeds memory size 0x%x",
				       i, l.filesz, l.memsz);
		if (l.vaddr + l.memsz < l.vaddr)
			return mk_fail(d, MK_ERR_ELF_SEGMENT,
				       "program header %u: 0x%x + 0x%x wraps past 4 GiB",
				       i, l.vaddr, l.memsz);
		if (k->nloads && l.vaddr < k->load[k->nloads - 1].vaddr + k->load[k->nloads - 1].memsz)
			return mk_fail(d, MK_ERR_ELF_SEGMENT,
				       "program header %u: address 0x%x overlaps or precedes the previous segment",
				       i, l.vaddr);
		if (k->nloads == MK_MAX_SEGMENTS)
			return mk_fail(d, MK_ERR_ELF_SEGMENT,
				       "more than %u loadable segments", MK_MAX_SEGMENTS);
		k->load[k->nloads++] = l;
	}
	if (k->nloads == 0)
		return mk_fail(d, MK_ERR_ELF_NOLOAD, "no loadable (PT_LOAD) segment");
	return MK_OK;
}

/*
 * The first PT_LOAD of a vmlinux starts at file offset 0: its first page
 * holds only the ELF headers.  Bootloaders skip it, and writing it to RAM
 * kills an Atari (ARAnyM treats the first bytes of ST-RAM as ROM).
 */
static int drop_header_page(struct mk_kernel *k, struct mk_diag *d)
{
	unsigned i;

	for (i = 0; i < k->nloads; i++) {
		struct mk_elf_load *l = &k->load[i];

		if (l->offset != 0)
			continue;
		if (i != 0)
			return mk_fail(d, MK_ERR_ELF_SEGMENT,
				       "segment %u at file offset 0 is not the first one", i);
		if (l->filesz < MK_PAGE_SIZE || l->memsz < MK_PAGE_SIZE)
			return mk_fail(d, MK_ERR_ELF_SEGMENT,
				       "first segment (0x%x file bytes) is smaller than the %u-byte header page to drop",
				       l->filesz, MK_PAGE_SIZE);
		l->offset += MK_PAGE_SIZE;
		l->vaddr += MK_PAGE_SIZE;
		l->filesz -= MK_PAGE_SIZE;
		l->memsz -= MK_PAGE_SIZE;
		k->dropped_header = 1;
	}
	return MK_OK;
}

/* be16 branch; be32 magic; {be32 machtype, be32 version}[]; be32 0 */
static void read_bootversion(const uint8_t *buf, struct mk_kernel *k)
{
	const struct mk_elf_load *l = &k->load[0];
	const uint8_t *p = buf + l->offset;
	uint32_t avail = l->filesz, pos = 6;

	if (avail < 6 || mk_be32(p + 2) != MK_BOOTINFOV_MAGIC)
		return;
	k->has_bootversion = 1;
	while (avail >= 8 && pos <= avail - 8 &&
	       k->nbootversions < MK_MAX_BOOTVERSIONS) {
		uint32_t mach = mk_be32(p + pos);

		if (mach == 0)
			break;
		k->bootversion[k->nbootversions].machtype = mach;
		k->bootversion[k->nbootversions].version = mk_be32(p + pos + 4);
		k->nbootversions++;
		pos += 8;
	}
}

int mk_elf_parse(const uint8_t *buf, size_t len, struct mk_kernel *k,
		 struct mk_diag *d)
{
	int err;

	memset(k, 0, sizeof(*k));
	err = mk_elf_check_header(buf, len, MK_ELF_ET_EXEC, "kernel", "an executable", d);
	if (err)
		return err;
	err = read_loads(buf, len, k, d);
	if (err)
		return err;
	err = drop_header_page(k, d);
	if (err)
		return err;
	k->entry = mk_be32(buf + MK_ELF_E_ENTRY);
	k->start = k->load[0].vaddr;
	k->end = k->load[k->nloads - 1].vaddr + k->load[k->nloads - 1].memsz;
	if (k->start >= k->end)
		return mk_fail(d, MK_ERR_ELF_NOLOAD, "nothing left to load after the header page");
	if (k->entry < k->start || k->entry >= k->end)
		return mk_fail(d, MK_ERR_ENTRY,
			       "entry point 0x%x lies outside the loaded image 0x%x..0x%x",
			       k->entry, k->start, k->end);
	read_bootversion(buf, k);
	return MK_OK;
}

/* Do the first len bytes agree with a 32-bit big-endian ELF ident? */
static int ident_prefix(const uint8_t *buf, size_t len)
{
	uint8_t want[MK_ELF_EI_DATA + 1];

	memcpy(want, MK_ELF_MAGIC, MK_ELF_MAGIC_LEN);
	want[MK_ELF_EI_CLASS] = MK_ELF_CLASS32;
	want[MK_ELF_EI_DATA] = MK_ELF_DATA2MSB;
	return memcmp(buf, want, len < sizeof(want) ? len : sizeof(want)) == 0;
}

int mk_elf_extent(const uint8_t *buf, size_t len, uint64_t *end)
{
	uint64_t phoff, phend, e = MK_ELF32_EHDR_SIZE;
	unsigned phnum, i;

	*end = MK_ELF32_EHDR_SIZE;
	if (len < MK_ELF32_EHDR_SIZE)
		return len && !ident_prefix(buf, len) ? -1 : 0;
	if (!ident_prefix(buf, len) || mk_be16(buf + MK_ELF_E_PHENTSIZE) != MK_ELF32_PHDR_SIZE)
		return -1;
	phoff = mk_be32(buf + MK_ELF_E_PHOFF);
	phnum = mk_be16(buf + MK_ELF_E_PHNUM);
	if (phnum == 0)
		return -1;
	phend = phoff + (uint64_t)phnum * MK_ELF32_PHDR_SIZE;
	if (phend > len) {
		*end = phend;
		return 0;
	}
	if (phend > e)
		e = phend;
	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = buf + phoff + (size_t)i * MK_ELF32_PHDR_SIZE;
		uint64_t last = (uint64_t)mk_be32(ph + MK_ELF_P_OFFSET) + mk_be32(ph + MK_ELF_P_FILESZ);

		if (ph_loads(ph) && last > e)
			e = last;
	}
	*end = e;
	return 1;
}

int mk_kernel_supports_machine(const struct mk_kernel *k, uint32_t machtype)
{
	unsigned i;

	for (i = 0; i < k->nbootversions; i++)
		if (k->bootversion[i].machtype == machtype)
			return 1;
	return 0;
}
