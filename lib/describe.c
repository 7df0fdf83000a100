// SPDX-License-Identifier: GPL-2.0-or-later
/* Bootinfo values in words, for --dry-run, -d and the bootinfo tool. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

struct out {
	char *p;
	size_t n;
	size_t len;
};

static void add(struct out *o, const char *fmt, ...) MK_PRINTF(2, 3);

static void add(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(o->len < o->n ? o->p + o->len : NULL,
		      o->len < o->n ? o->n - o->len : 0, fmt, ap);
	va_end(ap);
	if (r > 0)
		o->len += (size_t)r;
}

static void add_size(struct out *o, uint32_t size)
{
	if (size >= 1u << 20 && size % (1u << 20) == 0)
		add(o, "%u MiB", size >> 20);
	else if (size >= 1u << 10 && size % (1u << 10) == 0)
		add(o, "%u KiB", size >> 10);
	else
		add(o, "%u bytes", size);
}

static const char *const cpu_bits[] = { "68020", "68030", "68040", "68060", "ColdFire" };
static const char *const fpu_bits[] = { "68881", "68882", "68040", "68060", "SunFPA", "ColdFire" };
static const char *const mmu_bits[] = { "68851", "68030", "68040", "68060", "Apollo", "Sun3", "ColdFire" };

size_t mk_bi_describe_mask(uint16_t tag, uint32_t mask, char *outp, size_t n)
{
	const char *const *names = tag == BI_CPUTYPE ? cpu_bits : tag == BI_FPUTYPE ? fpu_bits : mmu_bits;
	unsigned count = tag == BI_CPUTYPE ? 5 : tag == BI_FPUTYPE ? 6 : 7;
	struct out o = { outp, n, 0 };
	unsigned i;

	if (n)
		outp[0] = '\0';
	for (i = 0; i < 32; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (o.len)
			add(&o, "|");
		if (i < count)
			add(&o, "%s", names[i]);
		else
			add(&o, "bit%u", i);
	}
	if (!mask)
		add(&o, "none");
	return o.len;
}

static void add_hex(struct out *o, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		add(o, "%02x", p[i]);
	if (!len)
		add(o, "(empty)");
}

static void add_string(struct out *o, const uint8_t *p, size_t len)
{
	size_t i;

	add(o, "\"");
	for (i = 0; i < len && p[i]; i++) {
		if (p[i] == '"' || p[i] == '\\')
			add(o, "\\%c", p[i]);
		else if (p[i] < 0x20 || p[i] >= 0x7f)
			add(o, "\\x%02x", p[i]);
		else
			add(o, "%c", p[i]);
	}
	add(o, "\"");
}

size_t mk_bi_describe(uint32_t mach, const struct mk_bi_record *r, char *outp,
		      size_t n)
{
	struct out o = { outp, n, 0 };
	uint32_t v = r->size >= 4 ? mk_be32(r->data) : 0;
	const char *name;

	if (n)
		outp[0] = '\0';
	switch (r->tag) {
	case BI_MACHTYPE:
		if (r->size < 4)
			break;
		name = mk_machine_name(v);
		add(&o, "%s (%u)", name ? name : "unknown", v);
		return o.len;
	case BI_CPUTYPE:
	case BI_FPUTYPE:
	case BI_MMUTYPE:
		if (r->size < 4)
			break;
		o.len = mk_bi_describe_mask(r->tag, v, outp, n);
		return o.len;
	case BI_MEMCHUNK:
	case BI_RAMDISK:
		if (r->size < 8)
			break;
		add(&o, "0x%08x + 0x%08x (", v, mk_be32(r->data + 4));
		add_size(&o, mk_be32(r->data + 4));
		add(&o, ")");
		return o.len;
	case BI_COMMAND_LINE:
		add_string(&o, r->data, r->size);
		return o.len;
	case BI_RNG_SEED:
		if (r->size < 2)
			break;
		add(&o, "%u bytes", mk_be16(r->data));
		return o.len;
	default:
		break;
	}
	if (r->tag >= BI_MACH_FIRST && mach == MACH_VIRT && r->tag == 0x8000 && r->size >= 4) {
		add(&o, "QEMU %u.%u.%u", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff);
		return o.len;
	}
	if (r->size == 4)
		add(&o, "0x%08x", v);
	else
		add_hex(&o, r->data, r->size);
	return o.len;
}

/* ------------------------------------------------------------------ */
/* Record layouts, from arch/m68k/include/uapi/asm/bootinfo*.h and the  */
/* kernel's readers of each record.                                    */

#define VME_ANY	0xffffffffu	/* MVME147, MVME16x and BVME6000 share tags */

static int machine_is(uint32_t entry, uint32_t mach)
{
	if (entry == VME_ANY)
		return mach == MACH_MVME147 || mach == MACH_MVME16x || mach == MACH_BVME6000;
	return entry == mach;
}

struct layout {
	uint32_t mach;		/* 0: a generic tag */
	uint16_t tag;
	uint8_t type;		/* enum mk_bi_type */
	const char *unit;
};

static const struct layout layouts[] = {
	{ 0, BI_MACHTYPE, MK_BI_MACHINE, "" },
	{ 0, BI_CPUTYPE, MK_BI_MASK, "" },
	{ 0, BI_FPUTYPE, MK_BI_MASK, "" },
	{ 0, BI_MMUTYPE, MK_BI_MASK, "" },
	{ 0, BI_MEMCHUNK, MK_BI_MEMINFO, "" },
	{ 0, BI_RAMDISK, MK_BI_MEMINFO, "" },
	{ 0, BI_COMMAND_LINE, MK_BI_STRING, "" },
	{ 0, BI_RNG_SEED, MK_BI_SEED, "" },
	/* Amiga: amiga_parse_bootinfo() reads VBLANK and PSFREQ as bytes. */
	{ MACH_AMIGA, 0x8000, MK_BI_MODEL, "" },
	{ MACH_AMIGA, 0x8001, MK_BI_CONFIGDEV, "" },
	{ MACH_AMIGA, 0x8002, MK_BI_SIZE32, "" },
	{ MACH_AMIGA, 0x8003, MK_BI_U8, "Hz" },
	{ MACH_AMIGA, 0x8004, MK_BI_U8, "Hz" },
	{ MACH_AMIGA, 0x8005, MK_BI_DEC32, "Hz" },
	{ MACH_AMIGA, 0x8006, MK_BI_MODEL, "" },
	{ MACH_AMIGA, 0x8007, MK_BI_U16, "" },
	{ MACH_ATARI, 0x8000, MK_BI_ATARI_COOKIE, "" },
	{ MACH_ATARI, 0x8001, MK_BI_MODEL, "" },
	/* Mac: every tag is a be32. */
	{ MACH_MAC, 0x8000, MK_BI_MODEL, "" },
	{ MACH_MAC, 0x8001, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8002, MK_BI_DEC32, "bits per pixel" },
	{ MACH_MAC, 0x8003, MK_BI_DEC32, "bytes per row" },
	{ MACH_MAC, 0x8004, MK_BI_VDIM, "" },
	{ MACH_MAC, 0x8005, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8006, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8007, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8008, MK_BI_S32, "" },
	{ MACH_MAC, 0x8009, MK_BI_MIB32, "" },
	{ MACH_MAC, 0x800a, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x800b, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8010, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8011, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8012, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8013, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8014, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8015, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8016, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8017, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8018, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8019, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x801a, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x801b, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x801c, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x801d, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x801e, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x801f, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8020, MK_BI_HEX32, "" },
	{ MACH_MAC, 0x8021, MK_BI_HEX32, "" },
	{ MACH_APOLLO, 0x8000, MK_BI_MODEL, "" },
	{ MACH_HP300, 0x8000, MK_BI_MODEL, "" },
	{ MACH_HP300, 0x8001, MK_BI_DEC32, "" },
	{ MACH_HP300, 0x8002, MK_BI_HEX32, "" },
	{ VME_ANY, 0x8000, MK_BI_MODEL, "" },
	{ VME_ANY, 0x8001, MK_BI_VME_BRDINFO, "" },
	/* virt: virt_parse_bootinfo() reads an MMIO base and an IRQ. */
	{ MACH_VIRT, 0x8000, MK_BI_QEMU_VERSION, "" },
	{ MACH_VIRT, 0x8001, MK_BI_MMIO_IRQ, "" },
	{ MACH_VIRT, 0x8002, MK_BI_MMIO_IRQ, "" },
	{ MACH_VIRT, 0x8003, MK_BI_MMIO_IRQ, "" },
	{ MACH_VIRT, 0x8004, MK_BI_MMIO_IRQ, "" },
	{ MACH_VIRT, 0x8005, MK_BI_MMIO_IRQ, "" },
};

static const struct layout *find_layout(uint32_t mach, uint16_t tag)
{
	size_t i;

	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		const struct layout *l = &layouts[i];

		if (l->tag != tag)
			continue;
		if (tag < BI_MACH_FIRST ? l->mach == 0 : machine_is(l->mach, mach))
			return l;
	}
	return NULL;
}

enum mk_bi_type mk_bi_type(uint32_t machtype, uint16_t tag)
{
	const struct layout *l = find_layout(machtype, tag);

	return l ? (enum mk_bi_type)l->type : MK_BI_BYTES;
}

const char *mk_bi_unit(uint32_t machtype, uint16_t tag)
{
	const struct layout *l = find_layout(machtype, tag);

	return l ? l->unit : "";
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
		return 32;
	case MK_BI_CONFIGDEV:
		return 68;
	default:
		return 4;
	}
}

/* ------------------------------------------------------------------ */
/* Model names.  Numbers and short ids are the kernel headers' macros   */
/* (AMI_4000, ATARI_MCH_FALCON, MAC_MODEL_Q800, HP_425T, ...); the      */
/* names spell them out.                                               */

struct model {
	uint32_t mach;
	uint16_t tag;
	uint32_t value;
	const char *id;
	const char *name;
};

static const struct model models[] = {
	{ MACH_AMIGA, 0x8000, 0, "UNKNOWN", "unknown Amiga" },
	{ MACH_AMIGA, 0x8000, 1, "500", "A500" },
	{ MACH_AMIGA, 0x8000, 2, "500PLUS", "A500+" },
	{ MACH_AMIGA, 0x8000, 3, "600", "A600" },
	{ MACH_AMIGA, 0x8000, 4, "1000", "A1000" },
	{ MACH_AMIGA, 0x8000, 5, "1200", "A1200" },
	{ MACH_AMIGA, 0x8000, 6, "2000", "A2000" },
	{ MACH_AMIGA, 0x8000, 7, "2500", "A2500" },
	{ MACH_AMIGA, 0x8000, 8, "3000", "A3000" },
	{ MACH_AMIGA, 0x8000, 9, "3000T", "A3000T" },
	{ MACH_AMIGA, 0x8000, 10, "3000PLUS", "A3000+" },
	{ MACH_AMIGA, 0x8000, 11, "4000", "A4000" },
	{ MACH_AMIGA, 0x8000, 12, "4000T", "A4000T" },
	{ MACH_AMIGA, 0x8000, 13, "CDTV", "CDTV" },
	{ MACH_AMIGA, 0x8000, 14, "CD32", "CD32" },
	{ MACH_AMIGA, 0x8000, 15, "DRACO", "DraCo" },
	{ MACH_AMIGA, 0x8006, 0, "STONEAGE", "no known chipset" },
	{ MACH_AMIGA, 0x8006, 1, "OCS", "OCS" },
	{ MACH_AMIGA, 0x8006, 2, "ECS", "ECS" },
	{ MACH_AMIGA, 0x8006, 3, "AGA", "AGA" },
	/* The _MCH cookie: these are its upper 16 bits. */
	{ MACH_ATARI, 0x8000, 0, "ST", "ST" },
	{ MACH_ATARI, 0x8000, 1, "STE", "STE" },
	{ MACH_ATARI, 0x8000, 2, "TT", "TT" },
	{ MACH_ATARI, 0x8000, 3, "FALCON", "Falcon" },
	{ MACH_ATARI, 0x8001, 0, "NORMAL", "no special machine type" },
	{ MACH_ATARI, 0x8001, 1, "MEDUSA", "Medusa 040" },
	{ MACH_ATARI, 0x8001, 2, "HADES", "Hades 040 or 060" },
	{ MACH_ATARI, 0x8001, 3, "AB40", "Afterburner040 on Falcon" },
	{ MACH_MAC, 0x8000, 6, "II", "Macintosh II" },
	{ MACH_MAC, 0x8000, 7, "IIX", "Macintosh IIx" },
	{ MACH_MAC, 0x8000, 8, "IICX", "Macintosh IIcx" },
	{ MACH_MAC, 0x8000, 9, "SE30", "Macintosh SE/30" },
	{ MACH_MAC, 0x8000, 11, "IICI", "Macintosh IIci" },
	{ MACH_MAC, 0x8000, 13, "IIFX", "Macintosh IIfx" },
	{ MACH_MAC, 0x8000, 18, "IISI", "Macintosh IIsi" },
	{ MACH_MAC, 0x8000, 19, "LC", "Macintosh LC" },
	{ MACH_MAC, 0x8000, 20, "Q900", "Quadra 900" },
	{ MACH_MAC, 0x8000, 21, "PB170", "PowerBook 170" },
	{ MACH_MAC, 0x8000, 22, "Q700", "Quadra 700" },
	{ MACH_MAC, 0x8000, 23, "CLII", "Classic II" },
	{ MACH_MAC, 0x8000, 25, "PB140", "PowerBook 140" },
	{ MACH_MAC, 0x8000, 26, "Q950", "Quadra 950" },
	{ MACH_MAC, 0x8000, 27, "LCIII", "LC III" },
	{ MACH_MAC, 0x8000, 29, "PB210", "PowerBook Duo 210" },
	{ MACH_MAC, 0x8000, 30, "C650", "Centris 650" },
	{ MACH_MAC, 0x8000, 32, "PB230", "PowerBook Duo 230" },
	{ MACH_MAC, 0x8000, 33, "PB180", "PowerBook 180" },
	{ MACH_MAC, 0x8000, 34, "PB160", "PowerBook 160" },
	{ MACH_MAC, 0x8000, 35, "Q800", "Quadra 800" },
	{ MACH_MAC, 0x8000, 36, "Q650", "Quadra 650" },
	{ MACH_MAC, 0x8000, 37, "LCII", "LC II" },
	{ MACH_MAC, 0x8000, 38, "PB250", "PowerBook Duo 250" },
	{ MACH_MAC, 0x8000, 44, "IIVI", "Macintosh IIvi" },
	{ MACH_MAC, 0x8000, 45, "P600", "Performa 600" },
	{ MACH_MAC, 0x8000, 48, "IIVX", "Macintosh IIvx" },
	{ MACH_MAC, 0x8000, 49, "CCL", "Color Classic" },
	{ MACH_MAC, 0x8000, 50, "PB165C", "PowerBook 165c" },
	{ MACH_MAC, 0x8000, 52, "C610", "Centris 610" },
	{ MACH_MAC, 0x8000, 53, "Q610", "Quadra 610" },
	{ MACH_MAC, 0x8000, 54, "PB145", "PowerBook 145" },
	{ MACH_MAC, 0x8000, 56, "P520", "Performa 520" },
	{ MACH_MAC, 0x8000, 60, "C660", "Centris 660AV" },
	{ MACH_MAC, 0x8000, 62, "P460", "Performa 460" },
	{ MACH_MAC, 0x8000, 71, "PB180C", "PowerBook 180c" },
	{ MACH_MAC, 0x8000, 72, "PB520", "PowerBook 520" },
	{ MACH_MAC, 0x8000, 77, "PB270C", "PowerBook Duo 270c" },
	{ MACH_MAC, 0x8000, 78, "Q840", "Quadra 840AV" },
	{ MACH_MAC, 0x8000, 80, "P550", "Performa 550" },
	{ MACH_MAC, 0x8000, 83, "CCLII", "Color Classic II" },
	{ MACH_MAC, 0x8000, 84, "PB165", "PowerBook 165" },
	{ MACH_MAC, 0x8000, 85, "PB190", "PowerBook 190" },
	{ MACH_MAC, 0x8000, 88, "TV", "Macintosh TV" },
	{ MACH_MAC, 0x8000, 89, "P475", "Performa 475" },
	{ MACH_MAC, 0x8000, 90, "P475F", "Performa 475 with FPU" },
	{ MACH_MAC, 0x8000, 92, "P575", "Performa 575" },
	{ MACH_MAC, 0x8000, 94, "Q605", "Quadra 605" },
	{ MACH_MAC, 0x8000, 95, "Q605_ACC", "Quadra 605 at 33 MHz" },
	{ MACH_MAC, 0x8000, 98, "Q630", "Quadra 630" },
	{ MACH_MAC, 0x8000, 99, "P588", "Performa 580" },
	{ MACH_MAC, 0x8000, 102, "PB280", "PowerBook 280" },
	{ MACH_MAC, 0x8000, 103, "PB280C", "PowerBook 280c" },
	{ MACH_MAC, 0x8000, 115, "PB150", "PowerBook 150" },
	{ MACH_APOLLO, 0x8000, 0, "UNKNOWN", "unknown Apollo" },
	{ MACH_APOLLO, 0x8000, 1, "DN3000", "DN3000" },
	{ MACH_APOLLO, 0x8000, 2, "DN3010", "DN3010" },
	{ MACH_APOLLO, 0x8000, 3, "DN3500", "DN3500" },
	{ MACH_APOLLO, 0x8000, 4, "DN4000", "DN4000" },
	{ MACH_APOLLO, 0x8000, 5, "DN4500", "DN4500" },
	{ MACH_HP300, 0x8000, 0, "320", "HP 9000/320" },
	{ MACH_HP300, 0x8000, 1, "330", "HP 9000/330" },
	{ MACH_HP300, 0x8000, 2, "340", "HP 9000/340" },
	{ MACH_HP300, 0x8000, 3, "345", "HP 9000/345" },
	{ MACH_HP300, 0x8000, 4, "350", "HP 9000/350" },
	{ MACH_HP300, 0x8000, 5, "360", "HP 9000/360" },
	{ MACH_HP300, 0x8000, 6, "370", "HP 9000/370" },
	{ MACH_HP300, 0x8000, 7, "375", "HP 9000/375" },
	{ MACH_HP300, 0x8000, 8, "380", "HP 9000/380" },
	{ MACH_HP300, 0x8000, 9, "385", "HP 9000/385" },
	{ MACH_HP300, 0x8000, 10, "400", "HP 9000/400" },
	{ MACH_HP300, 0x8000, 11, "425T", "HP 9000/425t" },
	{ MACH_HP300, 0x8000, 12, "425S", "HP 9000/425s" },
	{ MACH_HP300, 0x8000, 13, "425E", "HP 9000/425e" },
	{ MACH_HP300, 0x8000, 14, "433T", "HP 9000/433t" },
	{ MACH_HP300, 0x8000, 15, "433S", "HP 9000/433s" },
	{ VME_ANY, 0x8000, 0x0034, "TP34V", "Tadpole TP34V" },
	{ VME_ANY, 0x8000, 0x0147, "MVME147", "Motorola MVME147" },
	{ VME_ANY, 0x8000, 0x0162, "MVME162", "Motorola MVME162" },
	{ VME_ANY, 0x8000, 0x0166, "MVME166", "Motorola MVME166" },
	{ VME_ANY, 0x8000, 0x0167, "MVME167", "Motorola MVME167" },
	{ VME_ANY, 0x8000, 0x0172, "MVME172", "Motorola MVME172" },
	{ VME_ANY, 0x8000, 0x0177, "MVME177", "Motorola MVME177" },
	{ VME_ANY, 0x8000, 0x4000, "BVME4000", "BVM BVME4000" },
	{ VME_ANY, 0x8000, 0x6000, "BVME6000", "BVM BVME6000" },
};

#define NMODELS (sizeof(models) / sizeof(models[0]))

const char *mk_bi_model_name(uint32_t machtype, uint16_t tag, uint32_t value)
{
	enum mk_bi_type t = mk_bi_type(machtype, tag);
	size_t i;

	if (t == MK_BI_ATARI_COOKIE)
		value >>= 16;
	else if (t != MK_BI_MODEL)
		return NULL;
	for (i = 0; i < NMODELS; i++)
		if (models[i].tag == tag && models[i].value == value &&
		    machine_is(models[i].mach, machtype))
			return models[i].name;
	return NULL;
}

int mk_bi_model_by_name(uint32_t machtype, uint16_t tag, const char *name,
			uint32_t *value)
{
	enum mk_bi_type t = mk_bi_type(machtype, tag);
	size_t i;

	if (t != MK_BI_MODEL && t != MK_BI_ATARI_COOKIE)
		return MK_ERR_PARAM;
	for (i = 0; i < NMODELS; i++) {
		const struct model *m = &models[i];

		if (m->tag != tag || !machine_is(m->mach, machtype))
			continue;
		if (strcasecmp(m->id, name) == 0 || strcasecmp(m->name, name) == 0) {
			*value = t == MK_BI_ATARI_COOKIE ? m->value << 16 : m->value;
			return MK_OK;
		}
	}
	return MK_ERR_PARAM;
}

int mk_bi_mask_by_names(uint16_t tag, const char *names, uint32_t *mask)
{
	const char *const *table = tag == BI_CPUTYPE ? cpu_bits : tag == BI_FPUTYPE ? fpu_bits : mmu_bits;
	unsigned count = tag == BI_CPUTYPE ? 5 : tag == BI_FPUTYPE ? 6 : 7;
	const char *p = names;
	uint32_t m = 0;

	if (tag != BI_CPUTYPE && tag != BI_FPUTYPE && tag != BI_MMUTYPE)
		return MK_ERR_PARAM;
	if (strcasecmp(names, "none") == 0) {
		*mask = 0;
		return MK_OK;
	}
	for (;;) {
		size_t n = strcspn(p, "|,+");
		unsigned i;

		for (i = 0; i < count; i++)
			if (strlen(table[i]) == n && strncasecmp(table[i], p, n) == 0)
				break;
		if (i == count)
			return MK_ERR_PARAM;
		m |= 1u << i;
		if (!p[n])
			break;
		p += n + 1;
	}
	*mask = m;
	return MK_OK;
}

/* ------------------------------------------------------------------ */
/* Values from words (bootinfo --set)                                  */

struct enc {
	uint8_t *out;
	size_t cap;
	size_t len;
	uint32_t mach;
	uint16_t tag;
	struct mk_diag *d;
};

static const char *enc_name(const struct enc *e, char *buf, size_t n)
{
	const char *name = mk_bi_tag_name(e->mach, e->tag);

	if (name)
		return name;
	snprintf(buf, n, "tag 0x%04x", e->tag);
	return buf;
}

static int enc_room(struct enc *e, size_t n)
{
	char nb[16];

	if (n > e->cap - e->len)
		return mk_fail(e->d, MK_ERR_BI_TOO_LARGE, "%s: the value needs more than %zu bytes",
			       enc_name(e, nb, sizeof(nb)), e->cap);
	return MK_OK;
}

static int enc_bad(struct enc *e, const char *want, const char *text)
{
	char nb[16];

	return mk_fail(e->d, MK_ERR_PARAM, "%s wants %s, not \"%.80s\"",
		       enc_name(e, nb, sizeof(nb)), want, text);
}

static int enc_be32(struct enc *e, uint32_t v)
{
	int err = enc_room(e, 4);

	if (err)
		return err;
	mk_put_be32(e->out + e->len, v);
	e->len += 4;
	return MK_OK;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Pairs of hex digits, blanks allowed between the pairs. */
static int enc_hex(struct enc *e, const char *s, const char *text)
{
	while (*s) {
		int hi, lo, err;

		if (*s == ' ' || *s == '\t') {
			s++;
			continue;
		}
		hi = hexval(s[0]);
		lo = hi < 0 ? -1 : hexval(s[1]);
		if (lo < 0)
			return enc_bad(e, "hex bytes (pairs of hex digits)", text);
		err = enc_room(e, 1);
		if (err)
			return err;
		e->out[e->len++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	return MK_OK;
}

static int enc_str(struct enc *e, const char *s, size_t n)
{
	int err = enc_room(e, n + 1);

	if (err)
		return err;
	memcpy(e->out + e->len, s, n);
	e->out[e->len + n] = '\0';
	e->len += n + 1;
	return MK_OK;
}

/* Comma-separated numbers, each written as a be32. */
static int enc_u32_list(struct enc *e, const char *s, const char *text, const char *want)
{
	char num[32];

	for (;;) {
		size_t n = strcspn(s, ",");
		uint32_t v;
		int err;

		if (n >= sizeof(num))
			return enc_bad(e, want, text);
		memcpy(num, s, n);
		num[n] = '\0';
		if (mk_parse_u32(num, 1, &v))
			return enc_bad(e, want, text);
		err = enc_be32(e, v);
		if (err)
			return err;
		if (!s[n])
			return MK_OK;
		s += n + 1;
	}
}

static int enc_small(struct enc *e, const char *s, const char *text, unsigned bytes)
{
	uint32_t v;
	int err;

	if (mk_parse_u32(s, 1, &v) || v > (bytes == 1 ? 0xffu : 0xffffu))
		return enc_bad(e, bytes == 1 ? "a number from 0 to 255" : "a number from 0 to 65535", text);
	err = enc_room(e, bytes);
	if (err)
		return err;
	if (bytes == 1)
		e->out[e->len] = (uint8_t)v;
	else
		mk_put_be16(e->out + e->len, (uint16_t)v);
	e->len += bytes;
	return MK_OK;
}

/* "A:B" or "AxB" or "A.B.C": numbers split at sep, at most max of them. */
static int split_nums(const char *s, char sep, uint32_t *v, unsigned max, int suffix)
{
	char num[32];
	unsigned k = 0;

	for (;;) {
		size_t n = strchr(s, sep) ? (size_t)(strchr(s, sep) - s) : strlen(s);

		if (k == max || n >= sizeof(num))
			return -1;
		memcpy(num, s, n);
		num[n] = '\0';
		if (mk_parse_u32(num, suffix, &v[k++]))
			return -1;
		if (!s[n])
			return (int)k;
		s += n + 1;
	}
}

static int has_prefix(const char *s, const char *p)
{
	return strncasecmp(s, p, strlen(p)) == 0;
}

static int enc_typed(struct enc *e, enum mk_bi_type t, const char *s)
{
	uint32_t v[3];
	int n, err;

	switch (t) {
	case MK_BI_STRING:
		return enc_str(e, s, strlen(s));
	case MK_BI_CONFIGDEV:
	case MK_BI_VME_BRDINFO:
		return enc_hex(e, s, s);
	case MK_BI_SEED: {
		size_t start = e->len;

		err = enc_room(e, 2);
		if (err)
			return err;
		e->len += 2;
		err = enc_hex(e, s, s);
		if (err)
			return err;
		if (e->len - start - 2 > 0xffff)
			return enc_bad(e, "at most 65535 seed bytes", s);
		mk_put_be16(e->out + start, (uint16_t)(e->len - start - 2));
		return MK_OK;
	}
	case MK_BI_MACHINE:
		if (mk_machine_by_name(s, &v[0]) && mk_parse_u32(s, 0, &v[0]))
			return enc_bad(e, "a machine name (virt, amiga, atari, mac, ...) or number", s);
		return enc_be32(e, v[0]);
	case MK_BI_MASK:
		/* A number is a bitmask of known bits only: "68010" is a typo
		 * for a name, not the mask 0x10a8a. */
		if (mk_bi_mask_by_names(e->tag, s, &v[0]) &&
		    (mk_parse_u32(s, 0, &v[0]) || v[0] > 0x7f))
			return enc_bad(e, "names like 68040 or 68030|68882, \"none\" or a bitmask", s);
		return enc_be32(e, v[0]);
	case MK_BI_MODEL:
	case MK_BI_ATARI_COOKIE:
		if (mk_bi_model_by_name(e->mach, e->tag, s, &v[0]) && mk_parse_u32(s, 0, &v[0]))
			return enc_bad(e, "a model name or number", s);
		return enc_be32(e, v[0]);
	case MK_BI_MEMINFO:
		if (split_nums(s, ':', v, 2, 1) != 2)
			return enc_bad(e, "ADDR:SIZE (numbers, the size may end in K, M or G)", s);
		err = enc_be32(e, v[0]);
		return err ? err : enc_be32(e, v[1]);
	case MK_BI_MMIO_IRQ:
		if (split_nums(s, ',', v, 2, 0) != 2)
			return enc_bad(e, "MMIO,IRQ (two numbers)", s);
		err = enc_be32(e, v[0]);
		return err ? err : enc_be32(e, v[1]);
	case MK_BI_QEMU_VERSION:
		n = split_nums(s, '.', v, 3, 0);
		if (n == 1)
			return enc_be32(e, v[0]);
		if (n != 3 || v[0] > 255 || v[1] > 255 || v[2] > 255)
			return enc_bad(e, "a version MAJOR.MINOR.MICRO or a number", s);
		return enc_be32(e, v[0] << 24 | v[1] << 16 | v[2] << 8);
	case MK_BI_VDIM:
		if (has_prefix(s, "0x") || !strchr(s, 'x')) {
			if (mk_parse_u32(s, 0, &v[0]))
				return enc_bad(e, "WIDTHxHEIGHT or a number", s);
			return enc_be32(e, v[0]);
		}
		n = split_nums(s, 'x', v, 2, 0);
		if (n != 2 || v[0] > 0xffff || v[1] > 0xffff)
			return enc_bad(e, "WIDTHxHEIGHT or a number", s);
		return enc_be32(e, v[1] << 16 | v[0]);
	case MK_BI_U8:
		return enc_small(e, s, s, 1);
	case MK_BI_U16:
		return enc_small(e, s, s, 2);
	case MK_BI_S32:
		if (s[0] == '-') {
			if (mk_parse_u32(s + 1, 0, &v[0]) || v[0] > 0x80000000u)
				return enc_bad(e, "a number from -2147483648 to 4294967295", s);
			return enc_be32(e, (uint32_t)(0u - v[0]));
		}
		if (mk_parse_u32(s, 0, &v[0]))
			return enc_bad(e, "a number from -2147483648 to 4294967295", s);
		return enc_be32(e, v[0]);
	case MK_BI_BYTES:
		return enc_u32_list(e, s, s, "numbers (comma-separated), hex:BYTES or str:TEXT");
	default:
		if (mk_parse_u32(s, 1, &v[0]))
			return enc_bad(e, "a number (decimal or 0x hex, optional K, M or G)", s);
		return enc_be32(e, v[0]);
	}
}

int mk_bi_encode(uint32_t machtype, uint16_t tag, const char *text,
		 uint8_t *out, size_t cap, size_t *len, struct mk_diag *d)
{
	struct enc e = { out, cap, 0, machtype, tag, d };
	size_t n = strlen(text);
	int err;

	*len = 0;
	if (has_prefix(text, "hex:"))
		err = enc_hex(&e, text + 4, text);
	else if (has_prefix(text, "str:"))
		err = enc_str(&e, text + 4, n - 4);
	else if (n >= 2 && text[0] == '"' && text[n - 1] == '"')
		err = enc_str(&e, text + 1, n - 2);
	else if (has_prefix(text, "u8:"))
		err = enc_small(&e, text + 3, text, 1);
	else if (has_prefix(text, "u16:"))
		err = enc_small(&e, text + 4, text, 2);
	else if (has_prefix(text, "u32:"))
		err = enc_u32_list(&e, text + 4, text, "numbers after u32: (comma-separated)");
	else
		err = enc_typed(&e, mk_bi_type(machtype, tag), text);
	if (err)
		return err;
	*len = e.len;
	return MK_OK;
}

/* ------------------------------------------------------------------ */
/* Machine-specific records in words                                   */

/* AmigaOS struct ConfigDev (include/uapi/linux/zorro.h): the board's
 * expansion ROM at 16, its address and size at 32 and 36. */
static void describe_configdev(struct out *o, const uint8_t *p)
{
	uint32_t size = mk_be32(p + 36);

	add(o, "manufacturer %u product %u serial 0x%08x at 0x%08x + 0x%08x (",
	    mk_be16(p + 20), p[17], mk_be32(p + 22), mk_be32(p + 32), size);
	add_size(o, size);
	add(o, ")");
}

/* The VMEbug board id (t_bdid in bootinfo-vme.h): "!ID!", revision,
 * date, board number (BCD) and suffix. */
static void describe_brdinfo(struct out *o, const uint8_t *p)
{
	add(o, "id ");
	add_string(o, p, 4);
	add(o, ", board %04x", mk_be16(p + 12));
	add(o, ", suffix ");
	add_string(o, p + 14, 2);
	add(o, ", revision %u, date %02x-%02x-%02x, options 0x%08x",
	    p[4], p[7], p[5], p[6], mk_be32(p + 16));
}

static int describe_machine(struct out *o, uint32_t mach, const struct mk_bi_record *r)
{
	enum mk_bi_type t = mk_bi_type(mach, r->tag);
	const char *unit = mk_bi_unit(mach, r->tag);
	const char *name;
	uint32_t v;

	if (t == MK_BI_BYTES || r->size < mk_bi_type_min(t))
		return 0;
	v = r->size >= 4 ? mk_be32(r->data) : 0;
	switch (t) {
	case MK_BI_MODEL:
	case MK_BI_ATARI_COOKIE:
		name = mk_bi_model_name(mach, r->tag, v);
		if (mach == MACH_MVME147 || mach == MACH_MVME16x || mach == MACH_BVME6000 ||
		    t == MK_BI_ATARI_COOKIE)
			add(o, "%s (0x%0*x)", name ? name : "unknown", t == MK_BI_ATARI_COOKIE ? 8 : 4, v);
		else
			add(o, "%s (%u)", name ? name : "unknown", v);
		return 1;
	case MK_BI_HEX32:
		add(o, "0x%08x", v);
		return 1;
	case MK_BI_DEC32:
		add(o, "%u%s%s", v, *unit ? " " : "", unit);
		return 1;
	case MK_BI_S32:
		add(o, "%d", v > 0x7fffffffu ? -(int)(~v) - 1 : (int)v);
		return 1;
	case MK_BI_SIZE32:
		add(o, "0x%08x (", v);
		add_size(o, v);
		add(o, ")");
		return 1;
	case MK_BI_MIB32:
		add(o, "%u MiB", v);
		return 1;
	case MK_BI_U8:
		add(o, "%u%s%s", r->data[0], *unit ? " " : "", unit);
		return 1;
	case MK_BI_U16:
		add(o, "%u%s%s", mk_be16(r->data), *unit ? " " : "", unit);
		return 1;
	case MK_BI_MMIO_IRQ:
		add(o, "0x%08x, irq %u", v, mk_be32(r->data + 4));
		return 1;
	case MK_BI_QEMU_VERSION:
		add(o, "QEMU %u.%u.%u", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff);
		return 1;
	case MK_BI_VDIM:
		add(o, "%ux%u", v & 0xffff, v >> 16);
		return 1;
	case MK_BI_CONFIGDEV:
		describe_configdev(o, r->data);
		return 1;
	case MK_BI_VME_BRDINFO:
		describe_brdinfo(o, r->data);
		return 1;
	default:
		return 0;
	}
}

size_t mk_bi_describe_full(uint32_t mach, const struct mk_bi_record *r,
			   char *outp, size_t n)
{
	struct out o = { outp, n, 0 };

	if (r->tag < BI_MACH_FIRST)
		return mk_bi_describe(mach, r, outp, n);
	if (n)
		outp[0] = '\0';
	if (describe_machine(&o, mach, r))
		return o.len;
	return mk_bi_describe(mach, r, outp, n);
}
