// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bootinfo codec: parse, edit and serialise the list of big-endian
 * records the m68k kernel is booted with.  Records are kept as
 * (tag, size, pointer) triples into caller-owned buffers: no allocation.
 * Then the one table of what is known about machines and their records,
 * which every reader of a record's name, layout or values reads.
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
/* The machines and their records: one table.  Tags, names, model       */
/* numbers and the kernel's short names (AMI_4000, ATARI_MCH_FALCON,    */
/* MAC_MODEL_Q800, HP_425T, ...) are those of Linux 6.12's              */
/* arch/m68k/include/uapi/asm/bootinfo*.h; layouts are what the         */
/* machines' *_parse_bootinfo() read.                                   */

#define M(m)	MK_MACH_BIT(MACH_##m)
/* MVME147, MVME16x and BVME6000 share the VME tags (bootinfo-vme.h). */
#define VME	(M(MVME147) | M(MVME16x) | M(BVME6000))
#define ONE	(MK_BI_MANDATORY | MK_BI_SINGLE)

/* CPU, FPU and MMU bits: CPUB_*, FPUB_*, MMUB_*. */
static const struct mk_bi_value_name cpu_bits[] = {
	{ 0, "68020", NULL }, { 1, "68030", NULL }, { 2, "68040", NULL },
	{ 3, "68060", NULL }, { 4, "ColdFire", NULL }, { 0, NULL, NULL },
};

static const struct mk_bi_value_name fpu_bits[] = {
	{ 0, "68881", NULL }, { 1, "68882", NULL }, { 2, "68040", NULL },
	{ 3, "68060", NULL }, { 4, "SunFPA", NULL }, { 5, "ColdFire", NULL },
	{ 0, NULL, NULL },
};

static const struct mk_bi_value_name mmu_bits[] = {
	{ 0, "68851", NULL }, { 1, "68030", NULL }, { 2, "68040", NULL },
	{ 3, "68060", NULL }, { 4, "Apollo", NULL }, { 5, "Sun3", NULL },
	{ 6, "ColdFire", NULL }, { 0, NULL, NULL },
};

static const struct mk_bi_value_name amiga_models[] = {
	{ 0, "UNKNOWN", "unknown Amiga" },
	{ 1, "500", "A500" },
	{ 2, "500PLUS", "A500+" },
	{ 3, "600", "A600" },
	{ 4, "1000", "A1000" },
	{ 5, "1200", "A1200" },
	{ 6, "2000", "A2000" },
	{ 7, "2500", "A2500" },
	{ 8, "3000", "A3000" },
	{ 9, "3000T", "A3000T" },
	{ 10, "3000PLUS", "A3000+" },
	{ 11, "4000", "A4000" },
	{ 12, "4000T", "A4000T" },
	{ 13, "CDTV", "CDTV" },
	{ 14, "CD32", "CD32" },
	{ 15, "DRACO", "DraCo" },
	{ 0, NULL, NULL },
};

static const struct mk_bi_value_name amiga_chipsets[] = {
	{ 0, "STONEAGE", "no known chipset" },
	{ 1, "OCS", "OCS" },
	{ 2, "ECS", "ECS" },
	{ 3, "AGA", "AGA" },
	{ 0, NULL, NULL },
};

/* The _MCH cookie: these are its upper 16 bits. */
static const struct mk_bi_value_name atari_mch[] = {
	{ 0, "ST", "ST" },
	{ 1, "STE", "STE" },
	{ 2, "TT", "TT" },
	{ 3, "FALCON", "Falcon" },
	{ 0, NULL, NULL },
};

static const struct mk_bi_value_name atari_mach_types[] = {
	{ 0, "NORMAL", "no special machine type" },
	{ 1, "MEDUSA", "Medusa 040" },
	{ 2, "HADES", "Hades 040 or 060" },
	{ 3, "AB40", "Afterburner040 on Falcon" },
	{ 0, NULL, NULL },
};

/* Gestalt ids. */
static const struct mk_bi_value_name mac_models[] = {
	{ 6, "II", "Macintosh II" },
	{ 7, "IIX", "Macintosh IIx" },
	{ 8, "IICX", "Macintosh IIcx" },
	{ 9, "SE30", "Macintosh SE/30" },
	{ 11, "IICI", "Macintosh IIci" },
	{ 13, "IIFX", "Macintosh IIfx" },
	{ 18, "IISI", "Macintosh IIsi" },
	{ 19, "LC", "Macintosh LC" },
	{ 20, "Q900", "Quadra 900" },
	{ 21, "PB170", "PowerBook 170" },
	{ 22, "Q700", "Quadra 700" },
	{ 23, "CLII", "Classic II" },
	{ 25, "PB140", "PowerBook 140" },
	{ 26, "Q950", "Quadra 950" },
	{ 27, "LCIII", "LC III" },
	{ 29, "PB210", "PowerBook Duo 210" },
	{ 30, "C650", "Centris 650" },
	{ 32, "PB230", "PowerBook Duo 230" },
	{ 33, "PB180", "PowerBook 180" },
	{ 34, "PB160", "PowerBook 160" },
	{ 35, "Q800", "Quadra 800" },
	{ 36, "Q650", "Quadra 650" },
	{ 37, "LCII", "LC II" },
	{ 38, "PB250", "PowerBook Duo 250" },
	{ 44, "IIVI", "Macintosh IIvi" },
	{ 45, "P600", "Performa 600" },
	{ 48, "IIVX", "Macintosh IIvx" },
	{ 49, "CCL", "Color Classic" },
	{ 50, "PB165C", "PowerBook 165c" },
	{ 52, "C610", "Centris 610" },
	{ 53, "Q610", "Quadra 610" },
	{ 54, "PB145", "PowerBook 145" },
	{ 56, "P520", "Performa 520" },
	{ 60, "C660", "Centris 660AV" },
	{ 62, "P460", "Performa 460" },
	{ 71, "PB180C", "PowerBook 180c" },
	{ 72, "PB520", "PowerBook 520" },
	{ 77, "PB270C", "PowerBook Duo 270c" },
	{ 78, "Q840", "Quadra 840AV" },
	{ 80, "P550", "Performa 550" },
	{ 83, "CCLII", "Color Classic II" },
	{ 84, "PB165", "PowerBook 165" },
	{ 85, "PB190", "PowerBook 190" },
	{ 88, "TV", "Macintosh TV" },
	{ 89, "P475", "Performa 475" },
	{ 90, "P475F", "Performa 475 with FPU" },
	{ 92, "P575", "Performa 575" },
	{ 94, "Q605", "Quadra 605" },
	{ 95, "Q605_ACC", "Quadra 605 at 33 MHz" },
	{ 98, "Q630", "Quadra 630" },
	{ 99, "P588", "Performa 580" },
	{ 102, "PB280", "PowerBook 280" },
	{ 103, "PB280C", "PowerBook 280c" },
	{ 115, "PB150", "PowerBook 150" },
	{ 0, NULL, NULL },
};

static const struct mk_bi_value_name apollo_models[] = {
	{ 0, "UNKNOWN", "unknown Apollo" },
	{ 1, "DN3000", "DN3000" },
	{ 2, "DN3010", "DN3010" },
	{ 3, "DN3500", "DN3500" },
	{ 4, "DN4000", "DN4000" },
	{ 5, "DN4500", "DN4500" },
	{ 0, NULL, NULL },
};

static const struct mk_bi_value_name hp300_models[] = {
	{ 0, "320", "HP 9000/320" },
	{ 1, "330", "HP 9000/330" },
	{ 2, "340", "HP 9000/340" },
	{ 3, "345", "HP 9000/345" },
	{ 4, "350", "HP 9000/350" },
	{ 5, "360", "HP 9000/360" },
	{ 6, "370", "HP 9000/370" },
	{ 7, "375", "HP 9000/375" },
	{ 8, "380", "HP 9000/380" },
	{ 9, "385", "HP 9000/385" },
	{ 10, "400", "HP 9000/400" },
	{ 11, "425T", "HP 9000/425t" },
	{ 12, "425S", "HP 9000/425s" },
	{ 13, "425E", "HP 9000/425e" },
	{ 14, "433T", "HP 9000/433t" },
	{ 15, "433S", "HP 9000/433s" },
	{ 0, NULL, NULL },
};

static const struct mk_bi_value_name vme_types[] = {
	{ 0x0034, "TP34V", "Tadpole TP34V" },
	{ 0x0147, "MVME147", "Motorola MVME147" },
	{ 0x0162, "MVME162", "Motorola MVME162" },
	{ 0x0166, "MVME166", "Motorola MVME166" },
	{ 0x0167, "MVME167", "Motorola MVME167" },
	{ 0x0172, "MVME172", "Motorola MVME172" },
	{ 0x0177, "MVME177", "Motorola MVME177" },
	{ 0x4000, "BVME4000", "BVM BVME4000" },
	{ 0x6000, "BVME6000", "BVM BVME6000" },
	{ 0, NULL, NULL },
};

/* Mac: every tag is a be32. */
#define MAC_HEX(tag, name)	{ M(MAC), tag, name, MK_BI_HEX32, "", 0, 0, NULL }

static const struct mk_bi_row rows[] = {
	/* Every machine's (bootinfo.h; setup_mm.c reads them). */
	{ 0, BI_LAST, "BI_LAST", MK_BI_BYTES, "", 0, 0, NULL },
	{ 0, BI_MACHTYPE, "BI_MACHTYPE", MK_BI_MACHINE, "", ONE, 0, NULL },
	{ 0, BI_CPUTYPE, "BI_CPUTYPE", MK_BI_MASK, "", ONE, 0, cpu_bits },
	{ 0, BI_FPUTYPE, "BI_FPUTYPE", MK_BI_MASK, "", ONE, 0, fpu_bits },
	{ 0, BI_MMUTYPE, "BI_MMUTYPE", MK_BI_MASK, "", ONE, 0, mmu_bits },
	{ 0, BI_MEMCHUNK, "BI_MEMCHUNK", MK_BI_MEMINFO, "", MK_BI_MANDATORY, 0, NULL },
	{ 0, BI_RAMDISK, "BI_RAMDISK", MK_BI_MEMINFO, "", MK_BI_SINGLE, 0, NULL },
	{ 0, BI_COMMAND_LINE, "BI_COMMAND_LINE", MK_BI_STRING, "", MK_BI_SINGLE, 0, NULL },
	{ 0, BI_RNG_SEED, "BI_RNG_SEED", MK_BI_SEED, "", MK_BI_SINGLE, 0, NULL },
	/* Amiga: amiga_parse_bootinfo() reads VBLANK and PSFREQ as bytes. */
	{ M(AMIGA), 0x8000, "BI_AMIGA_MODEL", MK_BI_MODEL, "", 0, 0, amiga_models },
	{ M(AMIGA), 0x8001, "BI_AMIGA_AUTOCON", MK_BI_CONFIGDEV, "", 0, 0, NULL },
	{ M(AMIGA), 0x8002, "BI_AMIGA_CHIP_SIZE", MK_BI_SIZE32, "", 0, 0, NULL },
	{ M(AMIGA), 0x8003, "BI_AMIGA_VBLANK", MK_BI_U8, "Hz", 0, 0, NULL },
	{ M(AMIGA), 0x8004, "BI_AMIGA_PSFREQ", MK_BI_U8, "Hz", 0, 0, NULL },
	{ M(AMIGA), 0x8005, "BI_AMIGA_ECLOCK", MK_BI_DEC32, "Hz", 0, 0, NULL },
	{ M(AMIGA), 0x8006, "BI_AMIGA_CHIPSET", MK_BI_MODEL, "", 0, 0, amiga_chipsets },
	{ M(AMIGA), 0x8007, "BI_AMIGA_SERPER", MK_BI_U16, "", 0, 0, NULL },
	{ M(ATARI), 0x8000, "BI_ATARI_MCH_COOKIE", MK_BI_ATARI_COOKIE, "", 0, 8, atari_mch },
	{ M(ATARI), 0x8001, "BI_ATARI_MCH_TYPE", MK_BI_MODEL, "", 0, 0, atari_mach_types },
	{ M(MAC), 0x8000, "BI_MAC_MODEL", MK_BI_MODEL, "", 0, 0, mac_models },
	MAC_HEX(0x8001, "BI_MAC_VADDR"),
	{ M(MAC), 0x8002, "BI_MAC_VDEPTH", MK_BI_DEC32, "bits per pixel", 0, 0, NULL },
	{ M(MAC), 0x8003, "BI_MAC_VROW", MK_BI_DEC32, "bytes per row", 0, 0, NULL },
	{ M(MAC), 0x8004, "BI_MAC_VDIM", MK_BI_VDIM, "", 0, 0, NULL },
	MAC_HEX(0x8005, "BI_MAC_VLOGICAL"),
	MAC_HEX(0x8006, "BI_MAC_SCCBASE"),
	MAC_HEX(0x8007, "BI_MAC_BTIME"),
	{ M(MAC), 0x8008, "BI_MAC_GMTBIAS", MK_BI_S32, "", 0, 0, NULL },
	{ M(MAC), 0x8009, "BI_MAC_MEMSIZE", MK_BI_MIB32, "", 0, 0, NULL },
	MAC_HEX(0x800a, "BI_MAC_CPUID"),
	MAC_HEX(0x800b, "BI_MAC_ROMBASE"),
	MAC_HEX(0x8010, "BI_MAC_VIA1BASE"),
	MAC_HEX(0x8011, "BI_MAC_VIA2BASE"),
	MAC_HEX(0x8012, "BI_MAC_VIA2TYPE"),
	MAC_HEX(0x8013, "BI_MAC_ADBTYPE"),
	MAC_HEX(0x8014, "BI_MAC_ASCBASE"),
	MAC_HEX(0x8015, "BI_MAC_SCSI5380"),
	MAC_HEX(0x8016, "BI_MAC_SCSIDMA"),
	MAC_HEX(0x8017, "BI_MAC_SCSI5396"),
	MAC_HEX(0x8018, "BI_MAC_IDETYPE"),
	MAC_HEX(0x8019, "BI_MAC_IDEBASE"),
	MAC_HEX(0x801a, "BI_MAC_NUBUS"),
	MAC_HEX(0x801b, "BI_MAC_SLOTMASK"),
	MAC_HEX(0x801c, "BI_MAC_SCCTYPE"),
	MAC_HEX(0x801d, "BI_MAC_ETHTYPE"),
	MAC_HEX(0x801e, "BI_MAC_ETHBASE"),
	MAC_HEX(0x801f, "BI_MAC_PMU"),
	MAC_HEX(0x8020, "BI_MAC_IOP_SWIM"),
	MAC_HEX(0x8021, "BI_MAC_IOP_ADB"),
	{ M(APOLLO), 0x8000, "BI_APOLLO_MODEL", MK_BI_MODEL, "", 0, 0, apollo_models },
	{ M(HP300), 0x8000, "BI_HP300_MODEL", MK_BI_MODEL, "", 0, 0, hp300_models },
	{ M(HP300), 0x8001, "BI_HP300_UART_SCODE", MK_BI_DEC32, "", 0, 0, NULL },
	{ M(HP300), 0x8002, "BI_HP300_UART_ADDR", MK_BI_HEX32, "", 0, 0, NULL },
	{ VME, 0x8000, "BI_VME_TYPE", MK_BI_MODEL, "", 0, 4, vme_types },
	{ VME, 0x8001, "BI_VME_BRDINFO", MK_BI_VME_BRDINFO, "", 0, 0, NULL },
	/* virt: virt_parse_bootinfo() reads an MMIO base and an IRQ. */
	{ M(VIRT), 0x8000, "BI_VIRT_QEMU_VERSION", MK_BI_QEMU_VERSION, "", 0, 0, NULL },
	{ M(VIRT), 0x8001, "BI_VIRT_GF_PIC_BASE", MK_BI_MMIO_IRQ, "", 0, 0, NULL },
	{ M(VIRT), 0x8002, "BI_VIRT_GF_RTC_BASE", MK_BI_MMIO_IRQ, "", 0, 0, NULL },
	{ M(VIRT), 0x8003, "BI_VIRT_GF_TTY_BASE", MK_BI_MMIO_IRQ, "", 0, 0, NULL },
	{ M(VIRT), 0x8004, "BI_VIRT_VIRTIO_BASE", MK_BI_MMIO_IRQ, "", 0, 0, NULL },
	{ M(VIRT), 0x8005, "BI_VIRT_CTRL_BASE", MK_BI_MMIO_IRQ, "", 0, 0, NULL },
};

#define NROWS	(sizeof(rows) / sizeof(rows[0]))

/*
 * The machines, in id order.  The presets: the CPU and RAM of the
 * machine as emulators and common boards have it, and the records a
 * kernel of that machine cannot do without where they are the same on
 * every such machine (QEMU virt's device addresses, from QEMU's
 * hw/m68k/virt.c).  The rest is the user's to add.
 */
static const struct mk_machine machines[] = {
	{ MACH_AMIGA, "amiga", "68040", "68040", "68040", "0x07000000:16M",
	  { "AMIGA_MODEL=A4000", "AMIGA_CHIPSET=AGA" } },
	{ MACH_ATARI, "atari", "68040", "68040", "68040", "0:14M",
	  { "ATARI_MCH_COOKIE=Falcon" } },
	{ MACH_MAC, "mac", "68040", "68040", "68040", "0:128M", { "MAC_MODEL=Q800" } },
	{ MACH_APOLLO, "apollo", "68030", "68882", "68030", "0:16M", { NULL } },
	{ MACH_SUN3, "sun3", "68020", "68881", "Sun3", "0:16M", { NULL } },
	{ MACH_MVME147, "mvme147", "68030", "68882", "68030", "0:16M", { "VME_TYPE=MVME147" } },
	{ MACH_MVME16x, "mvme16x", "68040", "68040", "68040", "0:16M", { "VME_TYPE=MVME167" } },
	{ MACH_BVME6000, "bvme6000", "68040", "68040", "68040", "0:16M", { "VME_TYPE=BVME6000" } },
	{ MACH_HP300, "hp300", "68030", "68882", "68030", "0:16M", { NULL } },
	{ MACH_Q40, "q40", "68040", "68040", "68040", "0:32M", { NULL } },
	{ MACH_SUN3X, "sun3x", "68030", "68882", "68030", "0:16M", { NULL } },
	{ MACH_M54XX, "m54xx", "ColdFire", "ColdFire", "ColdFire", "0:64M", { NULL } },
	{ MACH_M5441X, "m5441x", "ColdFire", "ColdFire", "ColdFire", "0:64M", { NULL } },
	{ MACH_VIRT, "virt", "68040", "68040", "68040", "0:128M",
	  { "VIRT_QEMU_VERSION=7.2.0", "VIRT_GF_PIC_BASE=0xff000000,1",
	    "VIRT_GF_RTC_BASE=0xff006000,168", "VIRT_GF_TTY_BASE=0xff008000,39",
	    "VIRT_CTRL_BASE=0xff009000,8", "VIRT_VIRTIO_BASE=0xff010000,40" } },
};

#define NMACH	(sizeof(machines) / sizeof(machines[0]))

const struct mk_bi_row *mk_bi_row(uint32_t machtype, uint16_t tag)
{
	size_t i;

	for (i = 0; i < NROWS; i++)
		if (rows[i].tag == tag && mk_bi_row_has(&rows[i], machtype))
			return &rows[i];
	return NULL;
}

const struct mk_bi_row *mk_bi_row_at(unsigned i)
{
	return i < NROWS ? &rows[i] : NULL;
}

const struct mk_machine *mk_machine(uint32_t machtype)
{
	size_t i;

	for (i = 0; i < NMACH; i++)
		if (machines[i].id == machtype)
			return &machines[i];
	return NULL;
}

const struct mk_machine *mk_machine_at(unsigned i)
{
	return i < NMACH ? &machines[i] : NULL;
}

const char *mk_bi_tag_name(uint32_t machtype, uint16_t tag)
{
	const struct mk_bi_row *r = mk_bi_row(machtype, tag);

	return r ? r->name : NULL;
}

int mk_bi_tag_by_name(uint32_t machtype, const char *name, uint16_t *tag)
{
	size_t i;

	for (i = 0; i < NROWS; i++) {
		const char *n = rows[i].name;

		if (!mk_bi_row_has(&rows[i], machtype))
			continue;
		if (strcasecmp(n, name) == 0 || strcasecmp(n + 3, name) == 0) {
			*tag = rows[i].tag;
			return MK_OK;
		}
	}
	return MK_ERR_PARAM;
}

const char *mk_machine_name(uint32_t machtype)
{
	const struct mk_machine *m = mk_machine(machtype);

	return m ? m->name : NULL;
}

int mk_machine_by_name(const char *name, uint32_t *machtype)
{
	size_t i;

	for (i = 0; i < NMACH; i++)
		if (strcasecmp(machines[i].name, name) == 0) {
			*machtype = machines[i].id;
			return MK_OK;
		}
	return MK_ERR_PARAM;
}

enum mk_bi_type mk_bi_type(uint32_t machtype, uint16_t tag)
{
	const struct mk_bi_row *r = mk_bi_row(machtype, tag);

	return r ? r->type : MK_BI_BYTES;
}

const char *mk_bi_unit(uint32_t machtype, uint16_t tag)
{
	const struct mk_bi_row *r = mk_bi_row(machtype, tag);

	return r ? r->unit : "";
}

unsigned mk_bi_type_min(enum mk_bi_type t)
{
	switch (t) {
	case MK_BI_BYTES:
		return 0;
	case MK_BI_STRING:
	case MK_BI_U8:
		return 1;
	case MK_BI_SEED:
	case MK_BI_U16:
		return 2;
	case MK_BI_MEMINFO:
	case MK_BI_MMIO_IRQ:
		return 8;
	case MK_BI_VME_BRDINFO:
		return 32;	/* t_bdid */
	case MK_BI_CONFIGDEV:
		return 68;	/* struct ConfigDev */
	default:
		return 4;
	}
}

uint32_t mk_bi_mask_known(uint16_t tag)
{
	const struct mk_bi_row *r = mk_bi_row(0, tag);
	const struct mk_bi_value_name *v;
	uint32_t known = 0;

	if (!r || r->type != MK_BI_MASK)
		return 0;
	for (v = r->names; v->id; v++)
		known |= 1u << v->value;
	return known;
}
