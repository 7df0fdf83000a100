/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * image.h - crafted inputs, built byte by byte: an m68k vmlinux as the
 * kernel's linker script makes it, and the bootinfo lists that QEMU virt,
 * QEMU q800, ARAnyM and an Amiga pass.  Tests take a good one and mangle
 * one field per case.
 */
#ifndef MK_TEST_IMAGE_H
#define MK_TEST_IMAGE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "m68kexec.h"

/* ------------------------------------------------------------------ */
/* ELF                                                                 */

#define K_ENTRY		0x2000u

struct kspec {
	uint32_t text;		/* file bytes after the header page (first PT_LOAD) */
	uint32_t bss;		/* first PT_LOAD: memsz - filesz (when no second) */
	uint32_t entry;		/* 0: 0x2000 */
	int nbv;		/* bootversion pairs; -1: no table at all */
	uint32_t bv[40][2];
	int note;		/* a PT_NOTE before the loads */
	int second;		/* a second PT_LOAD: */
	uint32_t s_offset, s_vaddr, s_filesz, s_memsz;
};

/* Linux 6.12 lists these (no VIRT, APOLLO, SUN3, SUN3X). */
#define KSPEC_DEFAULT { .text = 0x2000, .bss = 0x3000, .nbv = 3, \
	.bv = { { MACH_AMIGA, 0x20000 }, { MACH_ATARI, 0x20001 }, { MACH_MAC, 0x20000 } } }

struct kimg {
	uint8_t *buf;		/* exactly len bytes of heap: ASan sees overreads */
	size_t len;
	unsigned ph0;		/* index of the first PT_LOAD's header */
};

/* The byte a crafted kernel holds at file offset off (after its header page). */
static inline uint8_t k_pattern(size_t off)
{
	return (uint8_t)(off * 131u + (off >> 8) * 7u + 1u);
}

/*
 * The ELF header of an m68k ELF32 file of the given type (MK_ELF_ET_EXEC,
 * MK_ELF_ET_CORE) whose phnum program headers follow it; the rest 0.
 */
static inline void elf32_put_ehdr(uint8_t *p, uint16_t type, uint16_t phnum)
{
	memset(p, 0, MK_ELF32_EHDR_SIZE);
	memcpy(p, MK_ELF_MAGIC, MK_ELF_MAGIC_LEN);
	p[MK_ELF_EI_CLASS] = MK_ELF_CLASS32;
	p[MK_ELF_EI_DATA] = MK_ELF_DATA2MSB;
	p[MK_ELF_EI_VERSION] = MK_ELF_EV_CURRENT;
	mk_put_be16(p + MK_ELF_E_TYPE, type);
	mk_put_be16(p + MK_ELF_E_MACHINE, MK_ELF_EM_68K);
	mk_put_be32(p + MK_ELF_E_VERSION, MK_ELF_EV_CURRENT);
	mk_put_be32(p + MK_ELF_E_PHOFF, MK_ELF32_EHDR_SIZE);
	mk_put_be16(p + MK_ELF_E_EHSIZE, MK_ELF32_EHDR_SIZE);
	mk_put_be16(p + MK_ELF_E_PHENTSIZE, MK_ELF32_PHDR_SIZE);
	mk_put_be16(p + MK_ELF_E_PHNUM, phnum);
}

static inline uint8_t *k_ph(struct kimg *k, unsigned i)
{
	return k->buf + MK_ELF32_EHDR_SIZE + (size_t)i * MK_ELF32_PHDR_SIZE;
}

static inline void k_put_ph(uint8_t *ph, uint32_t type, uint32_t off, uint32_t vaddr,
			    uint32_t filesz, uint32_t memsz)
{
	mk_put_be32(ph + MK_ELF_P_TYPE, type);
	mk_put_be32(ph + MK_ELF_P_OFFSET, off);
	mk_put_be32(ph + MK_ELF_P_VADDR, vaddr);
	mk_put_be32(ph + MK_ELF_P_PADDR, vaddr);
	mk_put_be32(ph + MK_ELF_P_FILESZ, filesz);
	mk_put_be32(ph + MK_ELF_P_MEMSZ, memsz);
	mk_put_be32(ph + MK_ELF_P_FLAGS, MK_ELF_PF_R | MK_ELF_PF_W | MK_ELF_PF_X);
	mk_put_be32(ph + MK_ELF_P_ALIGN, MK_PAGE_SIZE);
}

static inline struct kimg kimg_build(const struct kspec *s)
{
	struct kimg k;
	size_t len = MK_PAGE_SIZE + s->text, i, bv;
	unsigned nph = 0;
	uint8_t *p;

	if (s->second && (size_t)s->s_offset + s->s_filesz > len)
		len = (size_t)s->s_offset + s->s_filesz;
	k.len = len;
	k.buf = malloc(len);
	if (!k.buf)
		abort();
	memset(k.buf, 0, MK_PAGE_SIZE);
	for (i = MK_PAGE_SIZE; i < len; i++)
		k.buf[i] = k_pattern(i);
	p = k.buf;
	elf32_put_ehdr(p, MK_ELF_ET_EXEC, 0);
	mk_put_be32(p + MK_ELF_E_ENTRY, s->entry ? s->entry : K_ENTRY);
	k.ph0 = 0;
	if (s->note) {
		k_put_ph(k_ph(&k, nph++), MK_ELF_PT_NOTE, 0x1000, 0x1000, 0x20, 0x20);
		k.ph0 = 1;
	}
	k_put_ph(k_ph(&k, nph++), MK_ELF_PT_LOAD, 0, 0, MK_PAGE_SIZE + s->text,
		 MK_PAGE_SIZE + s->text + (s->second ? 0 : s->bss));
	if (s->second)
		k_put_ph(k_ph(&k, nph++), MK_ELF_PT_LOAD, s->s_offset, s->s_vaddr, s->s_filesz, s->s_memsz);
	mk_put_be16(p + MK_ELF_E_PHNUM, (uint16_t)nph);

	/* The bootversion table at _stext: bra; magic; pairs; 0. */
	if (s->nbv >= 0 && s->text >= 10 + 8u * (unsigned)s->nbv) {
		uint8_t *t = k.buf + MK_PAGE_SIZE;

		mk_put_be16(t, 0x6000);
		mk_put_be32(t + 2, MK_BOOTINFOV_MAGIC);
		for (bv = 0; bv < (size_t)s->nbv; bv++) {
			mk_put_be32(t + 6 + 8 * bv, s->bv[bv][0]);
			mk_put_be32(t + 10 + 8 * bv, s->bv[bv][1]);
		}
		mk_put_be32(t + 6 + 8 * bv, 0);
	}
	return k;
}

static inline struct kimg kimg_default(void)
{
	struct kspec s = KSPEC_DEFAULT;

	return kimg_build(&s);
}

/* An exact-size heap copy of the first n bytes (n may be 0). */
static inline uint8_t *dup_prefix(const uint8_t *buf, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);

	if (!p)
		abort();
	if (n)
		memcpy(p, buf, n);
	return p;
}

/* ------------------------------------------------------------------ */
/* Bootinfo                                                            */

#define BI_MAX_TEST	16384

struct bib {
	uint8_t buf[BI_MAX_TEST];
	size_t len;
};

static inline void bib_init(struct bib *b)
{
	memset(b->buf, 0, sizeof(b->buf));
	b->len = 0;
}

/* A record with n data bytes, padded with zeros to a multiple of 4. */
static inline void bib_rec(struct bib *b, uint16_t tag, const void *data, size_t n)
{
	size_t size = 4 + ((n + 3) & ~(size_t)3);

	if (b->len + size + 4 > sizeof(b->buf))
		abort();
	mk_put_be16(b->buf + b->len, tag);
	mk_put_be16(b->buf + b->len + 2, (uint16_t)size);
	memset(b->buf + b->len + 4, 0, size - 4);
	if (n)
		memcpy(b->buf + b->len + 4, data, n);
	b->len += size;
}

static inline void bib_u32(struct bib *b, uint16_t tag, uint32_t v)
{
	uint8_t d[4];

	mk_put_be32(d, v);
	bib_rec(b, tag, d, 4);
}

static inline void bib_u32x2(struct bib *b, uint16_t tag, uint32_t v1, uint32_t v2)
{
	uint8_t d[8];

	mk_put_be32(d, v1);
	mk_put_be32(d + 4, v2);
	bib_rec(b, tag, d, 8);
}

static inline void bib_chunk(struct bib *b, uint32_t addr, uint32_t size)
{
	bib_u32x2(b, BI_MEMCHUNK, addr, size);
}

static inline void bib_str(struct bib *b, uint16_t tag, const char *s)
{
	bib_rec(b, tag, s, strlen(s) + 1);
}

/* BI_RNG_SEED as QEMU writes it: be16 length, bytes (0xa5, 0xa6, ...). */
static inline void bib_seed(struct bib *b, unsigned n)
{
	uint8_t d[2 + 255];
	unsigned i;

	mk_put_be16(d, (uint16_t)n);
	for (i = 0; i < n; i++)
		d[2 + i] = (uint8_t)(0xa5 + i);
	bib_rec(b, BI_RNG_SEED, d, 2 + n);
}

/* BI_LAST: the 2-byte form (Linux, ARAnyM) or tag + size 4 (QEMU). */
static inline void bib_last(struct bib *b, int short_form)
{
	mk_put_be16(b->buf + b->len, BI_LAST);
	b->len += 2;
	if (!short_form) {
		mk_put_be16(b->buf + b->len, 4);
		b->len += 2;
	}
}

static inline void bib_cpu(struct bib *b, uint32_t mach, uint32_t cpu, uint32_t fpu, uint32_t mmu)
{
	bib_u32(b, BI_MACHTYPE, mach);
	bib_u32(b, BI_CPUTYPE, cpu);
	bib_u32(b, BI_FPUTYPE, fpu);
	bib_u32(b, BI_MMUTYPE, mmu);
}

#define VIRT_CMDLINE	"console=ttyGF0 BOOT_IMAGE=vmlinux"

/* QEMU 7.2 virt with ram bytes at 0 (and an initrd 1 MiB below the top). */
static inline void bib_virt(struct bib *b, uint32_t ram)
{
	bib_init(b);
	bib_cpu(b, MACH_VIRT, 4, 4, 4);
	bib_chunk(b, 0, ram);
	bib_u32(b, 0x8000, 0x07020000);			/* QEMU_VERSION */
	bib_u32x2(b, 0x8001, 0xff000000, 1);		/* GF_PIC_BASE */
	bib_u32x2(b, 0x8002, 0xff006000, 6);		/* GF_RTC_BASE */
	bib_u32x2(b, 0x8003, 0xff008000, 32);		/* GF_TTY_BASE */
	bib_u32x2(b, 0x8004, 0xff010000, 32);		/* VIRTIO_BASE */
	bib_u32x2(b, 0x8005, 0xff020000, 1);		/* CTRL_BASE */
	bib_str(b, BI_COMMAND_LINE, VIRT_CMDLINE);
	bib_seed(b, 32);
	bib_u32x2(b, BI_RAMDISK, ram - 0x100000, 0x100000);
	bib_last(b, 0);
}

/* QEMU 7.2 q800: the Mac records and the generic ones. */
static inline void bib_q800(struct bib *b, uint32_t ram)
{
	bib_init(b);
	bib_cpu(b, MACH_MAC, 4, 4, 4);
	bib_chunk(b, 0, ram);
	bib_u32(b, 0x8000, 35);				/* MAC_MODEL: Quadra 800 */
	bib_u32(b, 0x8001, 0xf9001000);			/* MAC_VADDR */
	bib_u32(b, 0x8002, 8);				/* MAC_VDEPTH */
	bib_u32(b, 0x8003, 640);			/* MAC_VROW */
	bib_u32(b, 0x8004, (480u << 16) | 640u);	/* MAC_VDIM */
	bib_u32(b, 0x8006, 0x50c0c000);			/* MAC_SCCBASE */
	bib_u32(b, 0x8009, ram >> 20);			/* MAC_MEMSIZE */
	bib_u32(b, 0x800a, 2);				/* MAC_CPUID */
	bib_str(b, BI_COMMAND_LINE, "console=ttyS0");
	bib_seed(b, 32);
	bib_last(b, 0);
}

#define ARANYM_CMDLINE	"console=nfcon BOOT_IMAGE=vmlinux"

/* ARAnyM: its chunks in its order, a 2-byte BI_LAST. */
static inline void bib_aranym(struct bib *b, const struct mk_memchunk *c, unsigned n)
{
	unsigned i;

	bib_init(b);
	bib_cpu(b, MACH_ATARI, 4, 4, 4);
	for (i = 0; i < n; i++)
		bib_chunk(b, c[i].addr, c[i].size);
	bib_u32(b, 0x8000, 0x00030000);			/* ATARI_MCH_COOKIE: Falcon */
	bib_u32(b, 0x8001, 0);				/* ATARI_MCH_TYPE */
	bib_str(b, BI_COMMAND_LINE, ARANYM_CMDLINE);
	bib_last(b, 1);
}

/* An Amiga 4000 with 16 MiB of motherboard Fast RAM at 0x07000000. */
static inline void bib_amiga(struct bib *b)
{
	uint8_t cd[32];
	unsigned i;

	for (i = 0; i < sizeof(cd); i++)
		cd[i] = (uint8_t)(0x10 + i);
	bib_init(b);
	bib_cpu(b, MACH_AMIGA, 4, 4, 4);
	bib_chunk(b, 0x07000000, 16u << 20);
	bib_u32(b, 0x8000, 10);				/* AMIGA_MODEL */
	bib_rec(b, 0x8001, cd, sizeof(cd));		/* AMIGA_AUTOCON */
	bib_u32(b, 0x8002, 2u << 20);			/* AMIGA_CHIP_SIZE */
	bib_rec(b, 0x8003, "\x32", 1);			/* AMIGA_VBLANK: 50 */
	bib_rec(b, 0x8004, "\x32", 1);			/* AMIGA_PSFREQ */
	bib_u32(b, 0x8005, 709379);			/* AMIGA_ECLOCK */
	bib_u32(b, 0x8006, 4);				/* AMIGA_CHIPSET: AGA */
	bib_rec(b, 0x8007, "\x00\x00", 2);		/* AMIGA_SERPER */
	bib_str(b, BI_COMMAND_LINE, "root=/dev/sda1 video=amifb:ntsc");
	bib_last(b, 0);
}

#endif
