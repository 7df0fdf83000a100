// SPDX-License-Identifier: GPL-2.0-or-later
/* Bootinfo values in words, for --dry-run, -d and the bootinfo tool. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
