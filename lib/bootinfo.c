// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bootinfo codec: parse, edit and serialise the list of big-endian
 * records the m68k kernel is booted with.  Records are kept as
 * (tag, size, pointer) triples into caller-owned buffers: no allocation.
 */
#include <string.h>
#include <strings.h>

#include "internal.h"

int mk_bi_parse(const uint8_t *buf, size_t len, struct mk_bootinfo *bi,
		struct mk_diag *d)
{
	size_t off = 0, i;

	memset(bi, 0, sizeof(*bi));
	for (;;) {
		uint16_t tag, size;

		if (!mk_in_bounds(off, 2, len))
			return mk_fail(d, MK_ERR_BI_UNTERMINATED,
				       "no BI_LAST: the list ends at offset 0x%zx without one", off);
		tag = mk_be16(buf + off);
		if (tag == BI_LAST) {
			if (mk_in_bounds(off, 4, len) && mk_be16(buf + off + 2) == 4) {
				bi->length = off + 4;
			} else {
				bi->length = off + 2;
				bi->short_last = 1;
			}
			break;
		}
		if (!mk_in_bounds(off, 4, len))
			return mk_fail(d, MK_ERR_BI_RECORD,
				       "record at offset 0x%zx (tag 0x%04x): header cut off at the end of the list (%zu bytes)",
				       off, tag, len);
		size = mk_be16(buf + off + 2);
		if (size < 4 || size % 4 != 0)
			return mk_fail(d, MK_ERR_BI_RECORD,
				       "record at offset 0x%zx (tag 0x%04x): size %u is not a multiple of 4 of at least 4",
				       off, tag, size);
		if (!mk_in_bounds(off, size, len))
			return mk_fail(d, MK_ERR_BI_RECORD,
				       "record at offset 0x%zx (tag 0x%04x): size %u runs past the end of the list (%zu bytes)",
				       off, tag, size, len);
		if (bi->nrec == MK_BI_MAX_RECORDS)
			return mk_fail(d, MK_ERR_BI_TOO_MANY,
				       "record at offset 0x%zx: more than %u records", off, MK_BI_MAX_RECORDS);
		bi->rec[bi->nrec].tag = tag;
		bi->rec[bi->nrec].size = (uint16_t)(size - 4);
		bi->rec[bi->nrec].data = buf + off + 4;
		bi->nrec++;
		off += size;
	}
	/* Zero padding after BI_LAST is harmless (a list read from RAM). */
	for (i = bi->length; i < len; i++)
		if (buf[i] != 0)
			return mk_fail(d, MK_ERR_BI_TRAILING,
				       "%zu bytes follow BI_LAST at offset 0x%zx (first non-zero at 0x%zx)",
				       len - bi->length, bi->length - (bi->short_last ? 2 : 4), i);
	return MK_OK;
}

static size_t rec_bytes(const struct mk_bi_record *r)
{
	return 4 + (((size_t)r->size + 3) & ~(size_t)3);
}

size_t mk_bi_size(const struct mk_bootinfo *bi)
{
	size_t n = 4;
	unsigned i;

	for (i = 0; i < bi->nrec; i++)
		n += rec_bytes(&bi->rec[i]);
	return n;
}

int mk_bi_serialize(const struct mk_bootinfo *bi, uint8_t *out, size_t cap,
		    size_t *outlen, struct mk_diag *d)
{
	size_t need = mk_bi_size(bi), off = 0;
	unsigned i;

	if (need > cap)
		return mk_fail(d, MK_ERR_BI_TOO_LARGE,
			       "bootinfo needs %zu bytes, the limit is %zu", need, cap);
	for (i = 0; i < bi->nrec; i++) {
		const struct mk_bi_record *r = &bi->rec[i];
		size_t n = rec_bytes(r);

		if (n > 0xfffc)
			return mk_fail(d, MK_ERR_BI_VALUE,
				       "record %u (tag 0x%04x): %u bytes do not fit a record", i, r->tag, r->size);
		mk_put_be16(out + off, r->tag);
		mk_put_be16(out + off + 2, (uint16_t)n);
		if (r->size)
			memcpy(out + off + 4, r->data, r->size);
		memset(out + off + 4 + r->size, 0, n - 4 - r->size);
		off += n;
	}
	mk_put_be16(out + off, BI_LAST);
	mk_put_be16(out + off + 2, 4);
	*outlen = off + 4;
	return MK_OK;
}

int mk_bi_find(const struct mk_bootinfo *bi, uint16_t tag, unsigned from)
{
	unsigned i;

	for (i = from; i < bi->nrec; i++)
		if (bi->rec[i].tag == tag)
			return (int)i;
	return -1;
}

void mk_bi_remove_at(struct mk_bootinfo *bi, unsigned i)
{
	if (i >= bi->nrec)
		return;
	memmove(&bi->rec[i], &bi->rec[i + 1], (bi->nrec - i - 1) * sizeof(bi->rec[0]));
	bi->nrec--;
}

unsigned mk_bi_remove(struct mk_bootinfo *bi, uint16_t tag)
{
	unsigned n = 0;
	int i;

	while ((i = mk_bi_find(bi, tag, 0)) >= 0) {
		mk_bi_remove_at(bi, (unsigned)i);
		n++;
	}
	return n;
}

int mk_bi_append(struct mk_bootinfo *bi, uint16_t tag, const uint8_t *data,
		 uint16_t size)
{
	if (tag == BI_LAST || size > 0xfff8 || (size && !data))
		return MK_ERR_PARAM;
	if (bi->nrec == MK_BI_MAX_RECORDS)
		return MK_ERR_BI_TOO_MANY;
	bi->rec[bi->nrec].tag = tag;
	bi->rec[bi->nrec].size = size;
	bi->rec[bi->nrec].data = data;
	bi->nrec++;
	return MK_OK;
}

int mk_bi_set(struct mk_bootinfo *bi, uint16_t tag, const uint8_t *data,
	      uint16_t size)
{
	int i = mk_bi_find(bi, tag, 0);

	if (i < 0)
		return mk_bi_append(bi, tag, data, size);
	if (size > 0xfff8 || (size && !data))
		return MK_ERR_PARAM;
	bi->rec[i].size = size;
	bi->rec[i].data = data;
	return MK_OK;
}

int mk_bi_get_u32(const struct mk_bootinfo *bi, uint16_t tag, uint32_t *v)
{
	int i = mk_bi_find(bi, tag, 0);

	if (i < 0)
		return MK_ERR_BI_MISSING;
	if (bi->rec[i].size < 4)
		return MK_ERR_BI_VALUE;
	*v = mk_be32(bi->rec[i].data);
	return MK_OK;
}

uint32_t mk_bi_machine(const struct mk_bootinfo *bi)
{
	uint32_t v = 0;

	return mk_bi_get_u32(bi, BI_MACHTYPE, &v) == MK_OK ? v : 0;
}

int mk_bi_memchunks(const struct mk_bootinfo *bi, struct mk_memchunk *c,
		    unsigned cap, unsigned *n, struct mk_diag *d)
{
	unsigned i;

	*n = 0;
	for (i = 0; i < bi->nrec; i++) {
		const struct mk_bi_record *r = &bi->rec[i];
		uint32_t addr, size;

		if (r->tag != BI_MEMCHUNK)
			continue;
		if (r->size < 8)
			return mk_fail(d, MK_ERR_BI_VALUE,
				       "BI_MEMCHUNK record %u: %u data bytes, needs 8", i, r->size);
		addr = mk_be32(r->data);
		size = mk_be32(r->data + 4);
		if (size == 0 || addr + size - 1 < addr)
			return mk_fail(d, MK_ERR_BI_VALUE,
				       "BI_MEMCHUNK record %u: 0x%08x + 0x%x is empty or wraps past 4 GiB",
				       i, addr, size);
		if (*n == cap)
			return mk_fail(d, MK_ERR_BI_TOO_MANY,
				       "BI_MEMCHUNK record %u: more than %u memory chunks", i, cap);
		c[*n].addr = addr;
		c[*n].size = size;
		(*n)++;
	}
	if (*n == 0)
		return mk_fail(d, MK_ERR_BI_MISSING, "no BI_MEMCHUNK record: the list describes no RAM");
	return MK_OK;
}

/* ------------------------------------------------------------------ */
/* Names                                                               */

struct tag_name {
	uint32_t mach;		/* 0: generic */
	uint16_t tag;
	const char *name;
};

#define VME_MACHINES 0xffffffffu	/* stands for MVME147, MVME16x, BVME6000 */

static const struct tag_name tag_names[] = {
	{ 0, BI_LAST, "BI_LAST" },
	{ 0, BI_MACHTYPE, "BI_MACHTYPE" },
	{ 0, BI_CPUTYPE, "BI_CPUTYPE" },
	{ 0, BI_FPUTYPE, "BI_FPUTYPE" },
	{ 0, BI_MMUTYPE, "BI_MMUTYPE" },
	{ 0, BI_MEMCHUNK, "BI_MEMCHUNK" },
	{ 0, BI_RAMDISK, "BI_RAMDISK" },
	{ 0, BI_COMMAND_LINE, "BI_COMMAND_LINE" },
	{ 0, BI_RNG_SEED, "BI_RNG_SEED" },
	{ MACH_AMIGA, 0x8000, "BI_AMIGA_MODEL" },
	{ MACH_AMIGA, 0x8001, "BI_AMIGA_AUTOCON" },
	{ MACH_AMIGA, 0x8002, "BI_AMIGA_CHIP_SIZE" },
	{ MACH_AMIGA, 0x8003, "BI_AMIGA_VBLANK" },
	{ MACH_AMIGA, 0x8004, "BI_AMIGA_PSFREQ" },
	{ MACH_AMIGA, 0x8005, "BI_AMIGA_ECLOCK" },
	{ MACH_AMIGA, 0x8006, "BI_AMIGA_CHIPSET" },
	{ MACH_AMIGA, 0x8007, "BI_AMIGA_SERPER" },
	{ MACH_ATARI, 0x8000, "BI_ATARI_MCH_COOKIE" },
	{ MACH_ATARI, 0x8001, "BI_ATARI_MCH_TYPE" },
	{ MACH_MAC, 0x8000, "BI_MAC_MODEL" },
	{ MACH_MAC, 0x8001, "BI_MAC_VADDR" },
	{ MACH_MAC, 0x8002, "BI_MAC_VDEPTH" },
	{ MACH_MAC, 0x8003, "BI_MAC_VROW" },
	{ MACH_MAC, 0x8004, "BI_MAC_VDIM" },
	{ MACH_MAC, 0x8005, "BI_MAC_VLOGICAL" },
	{ MACH_MAC, 0x8006, "BI_MAC_SCCBASE" },
	{ MACH_MAC, 0x8007, "BI_MAC_BTIME" },
	{ MACH_MAC, 0x8008, "BI_MAC_GMTBIAS" },
	{ MACH_MAC, 0x8009, "BI_MAC_MEMSIZE" },
	{ MACH_MAC, 0x800a, "BI_MAC_CPUID" },
	{ MACH_MAC, 0x800b, "BI_MAC_ROMBASE" },
	{ MACH_MAC, 0x8010, "BI_MAC_VIA1BASE" },
	{ MACH_MAC, 0x8011, "BI_MAC_VIA2BASE" },
	{ MACH_MAC, 0x8012, "BI_MAC_VIA2TYPE" },
	{ MACH_MAC, 0x8013, "BI_MAC_ADBTYPE" },
	{ MACH_MAC, 0x8014, "BI_MAC_ASCBASE" },
	{ MACH_MAC, 0x8015, "BI_MAC_SCSI5380" },
	{ MACH_MAC, 0x8016, "BI_MAC_SCSIDMA" },
	{ MACH_MAC, 0x8017, "BI_MAC_SCSI5396" },
	{ MACH_MAC, 0x8018, "BI_MAC_IDETYPE" },
	{ MACH_MAC, 0x8019, "BI_MAC_IDEBASE" },
	{ MACH_MAC, 0x801a, "BI_MAC_NUBUS" },
	{ MACH_MAC, 0x801b, "BI_MAC_SLOTMASK" },
	{ MACH_MAC, 0x801c, "BI_MAC_SCCTYPE" },
	{ MACH_MAC, 0x801d, "BI_MAC_ETHTYPE" },
	{ MACH_MAC, 0x801e, "BI_MAC_ETHBASE" },
	{ MACH_MAC, 0x801f, "BI_MAC_PMU" },
	{ MACH_MAC, 0x8020, "BI_MAC_IOP_SWIM" },
	{ MACH_MAC, 0x8021, "BI_MAC_IOP_ADB" },
	{ MACH_APOLLO, 0x8000, "BI_APOLLO_MODEL" },
	{ MACH_HP300, 0x8000, "BI_HP300_MODEL" },
	{ MACH_HP300, 0x8001, "BI_HP300_UART_SCODE" },
	{ MACH_HP300, 0x8002, "BI_HP300_UART_ADDR" },
	{ VME_MACHINES, 0x8000, "BI_VME_TYPE" },
	{ VME_MACHINES, 0x8001, "BI_VME_BRDINFO" },
	{ MACH_VIRT, 0x8000, "BI_VIRT_QEMU_VERSION" },
	{ MACH_VIRT, 0x8001, "BI_VIRT_GF_PIC_BASE" },
	{ MACH_VIRT, 0x8002, "BI_VIRT_GF_RTC_BASE" },
	{ MACH_VIRT, 0x8003, "BI_VIRT_GF_TTY_BASE" },
	{ MACH_VIRT, 0x8004, "BI_VIRT_VIRTIO_BASE" },
	{ MACH_VIRT, 0x8005, "BI_VIRT_CTRL_BASE" },
};

#define NTAGS (sizeof(tag_names) / sizeof(tag_names[0]))

static int mach_matches(uint32_t entry, uint32_t mach)
{
	if (entry == VME_MACHINES)
		return mach == MACH_MVME147 || mach == MACH_MVME16x || mach == MACH_BVME6000;
	return entry == mach;
}

const char *mk_bi_tag_name(uint32_t machtype, uint16_t tag)
{
	size_t i;

	for (i = 0; i < NTAGS; i++)
		if (tag_names[i].tag == tag &&
		    (tag < BI_MACH_FIRST ? tag_names[i].mach == 0
					 : mach_matches(tag_names[i].mach, machtype)))
			return tag_names[i].name;
	return NULL;
}

int mk_bi_tag_by_name(uint32_t machtype, const char *name, uint16_t *tag)
{
	size_t i;

	for (i = 0; i < NTAGS; i++) {
		const char *n = tag_names[i].name;

		if (tag_names[i].mach && !mach_matches(tag_names[i].mach, machtype))
			continue;
		if (strcasecmp(n, name) == 0 || strcasecmp(n + 3, name) == 0) {
			*tag = tag_names[i].tag;
			return MK_OK;
		}
	}
	return MK_ERR_PARAM;
}

static const char *const machine_names[] = {
	NULL, "amiga", "atari", "mac", "apollo", "sun3", "mvme147", "mvme16x",
	"bvme6000", "hp300", "q40", "sun3x", "m54xx", "m5441x", "virt",
};

#define NMACH (sizeof(machine_names) / sizeof(machine_names[0]))

const char *mk_machine_name(uint32_t machtype)
{
	return machtype < NMACH ? machine_names[machtype] : NULL;
}

int mk_machine_by_name(const char *name, uint32_t *machtype)
{
	uint32_t i;

	for (i = 1; i < NMACH; i++)
		if (strcasecmp(machine_names[i], name) == 0) {
			*machtype = i;
			return MK_OK;
		}
	return MK_ERR_PARAM;
}
