// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bootinfo values in words, for --dry-run and the bootinfo tool, and
 * from words, for bootinfo --set: both by the record's row in the table
 * of lib/bootinfo.c (its layout, unit and value names).
 */
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

/* ------------------------------------------------------------------ */
/* Names of values: models and CPU, FPU and MMU bits, from the rows     */

static const char *spelled(const struct mk_bi_value_name *v)
{
	return v->name ? v->name : v->id;
}

/* The model number in a value: the upper half of the Atari _MCH cookie. */
static uint32_t model_number(const struct mk_bi_row *row, uint32_t value)
{
	return row->type == MK_BI_ATARI_COOKIE ? value >> 16 : value;
}

static const struct mk_bi_value_name *value_by_number(const struct mk_bi_row *row,
						      uint32_t value)
{
	const struct mk_bi_value_name *v;

	for (v = row && row->names ? row->names : NULL; v && v->id; v++)
		if (v->value == value)
			return v;
	return NULL;
}

/* By the short id or the spelled-out name, case-insensitive: the first n
 * characters of text. */
static const struct mk_bi_value_name *value_by_name(const struct mk_bi_row *row,
						    const char *text, size_t n)
{
	const struct mk_bi_value_name *v;

	for (v = row && row->names ? row->names : NULL; v && v->id; v++)
		if ((strlen(v->id) == n && strncasecmp(v->id, text, n) == 0) ||
		    (v->name && strlen(v->name) == n && strncasecmp(v->name, text, n) == 0))
			return v;
	return NULL;
}

static int is_model(const struct mk_bi_row *row)
{
	return row && (row->type == MK_BI_MODEL || row->type == MK_BI_ATARI_COOKIE);
}

static void add_mask(struct out *o, const struct mk_bi_row *row, uint32_t mask)
{
	size_t start = o->len;
	unsigned i;

	for (i = 0; i < 32; i++) {
		const struct mk_bi_value_name *v;

		if (!(mask & (1u << i)))
			continue;
		if (o->len > start)
			add(o, "|");
		v = value_by_number(row, i);
		if (v)
			add(o, "%s", spelled(v));
		else
			add(o, "bit%u", i);
	}
	if (!mask)
		add(o, "none");
}

size_t mk_bi_describe_mask(uint16_t tag, uint32_t mask, char *outp, size_t n)
{
	struct out o = { outp, n, 0 };

	if (n)
		outp[0] = '\0';
	add_mask(&o, mk_bi_row(0, tag), mask);
	return o.len;
}

const char *mk_bi_model_name(uint32_t machtype, uint16_t tag, uint32_t value)
{
	const struct mk_bi_row *row = mk_bi_row(machtype, tag);
	const struct mk_bi_value_name *v;

	if (!is_model(row))
		return NULL;
	v = value_by_number(row, model_number(row, value));
	return v ? spelled(v) : NULL;
}

int mk_bi_model_by_name(uint32_t machtype, uint16_t tag, const char *name,
			uint32_t *value)
{
	const struct mk_bi_row *row = mk_bi_row(machtype, tag);
	const struct mk_bi_value_name *v;

	if (!is_model(row) || !(v = value_by_name(row, name, strlen(name))))
		return MK_ERR_PARAM;
	*value = row->type == MK_BI_ATARI_COOKIE ? v->value << 16 : v->value;
	return MK_OK;
}

int mk_bi_mask_by_names(uint16_t tag, const char *names, uint32_t *mask)
{
	const struct mk_bi_row *row = mk_bi_row(0, tag);
	const char *p = names;
	uint32_t m = 0;

	if (!row || row->type != MK_BI_MASK)
		return MK_ERR_PARAM;
	if (strcasecmp(names, "none") == 0) {
		*mask = 0;
		return MK_OK;
	}
	for (;;) {
		size_t n = strcspn(p, "|,+");
		const struct mk_bi_value_name *v = value_by_name(row, p, n);

		if (!v)
			return MK_ERR_PARAM;
		m |= 1u << v->value;
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
		/* A number is a bitmask of the record's known bits only:
		 * "68010" is a typo for a name, not the mask 0x10a8a. */
		if (mk_bi_mask_by_names(e->tag, s, &v[0]) &&
		    (mk_parse_u32(s, 0, &v[0]) || (v[0] & ~mk_bi_mask_known(e->tag))))
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
/* Records in words                                                    */

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

static void add_number(struct out *o, uint32_t v, const char *unit)
{
	add(o, "%u%s%s", v, *unit ? " " : "", unit);
}

/* A record at least as long as its row's layout needs. */
static void describe_typed(struct out *o, const struct mk_bi_row *row,
			   const struct mk_bi_record *r)
{
	uint32_t v = r->size >= 4 ? mk_be32(r->data) : 0;
	const struct mk_bi_value_name *model;
	const char *name;

	switch (row->type) {
	case MK_BI_MACHINE:
		name = mk_machine_name(v);
		add(o, "%s (%u)", name ? name : "unknown", v);
		break;
	case MK_BI_MASK:
		add_mask(o, row, v);
		break;
	case MK_BI_MEMINFO:
		add(o, "0x%08x + 0x%08x (", v, mk_be32(r->data + 4));
		add_size(o, mk_be32(r->data + 4));
		add(o, ")");
		break;
	case MK_BI_STRING:
		add_string(o, r->data, r->size);
		break;
	case MK_BI_SEED:
		add(o, "%u bytes", mk_be16(r->data));
		break;
	case MK_BI_MODEL:
	case MK_BI_ATARI_COOKIE:
		model = value_by_number(row, model_number(row, v));
		name = model ? spelled(model) : "unknown";
		if (row->hex)
			add(o, "%s (0x%0*x)", name, (int)row->hex, v);
		else
			add(o, "%s (%u)", name, v);
		break;
	case MK_BI_HEX32:
		add(o, "0x%08x", v);
		break;
	case MK_BI_DEC32:
		add_number(o, v, row->unit);
		break;
	case MK_BI_S32:
		add(o, "%d", v > 0x7fffffffu ? -(int)(~v) - 1 : (int)v);
		break;
	case MK_BI_SIZE32:
		add(o, "0x%08x (", v);
		add_size(o, v);
		add(o, ")");
		break;
	case MK_BI_MIB32:
		add(o, "%u MiB", v);
		break;
	case MK_BI_U8:
		add_number(o, r->data[0], row->unit);
		break;
	case MK_BI_U16:
		add_number(o, mk_be16(r->data), row->unit);
		break;
	case MK_BI_MMIO_IRQ:
		add(o, "0x%08x, irq %u", v, mk_be32(r->data + 4));
		break;
	case MK_BI_QEMU_VERSION:
		add(o, "QEMU %u.%u.%u", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff);
		break;
	case MK_BI_VDIM:
		add(o, "%ux%u", v & 0xffff, v >> 16);
		break;
	case MK_BI_CONFIGDEV:
		describe_configdev(o, r->data);
		break;
	case MK_BI_VME_BRDINFO:
		describe_brdinfo(o, r->data);
		break;
	case MK_BI_BYTES:
		add_hex(o, r->data, r->size);
		break;
	}
}

size_t mk_bi_describe(uint32_t mach, const struct mk_bi_record *r, char *outp,
		      size_t n)
{
	const struct mk_bi_row *row = mk_bi_row(mach, r->tag);
	enum mk_bi_type t = row ? row->type : MK_BI_BYTES;
	struct out o = { outp, n, 0 };

	if (n)
		outp[0] = '\0';
	/* A string is shown up to its NUL, however short the record. */
	if (t != MK_BI_BYTES && (t == MK_BI_STRING || r->size >= mk_bi_type_min(t)))
		describe_typed(&o, row, r);
	else if (r->size == 4)
		add(&o, "0x%08x", mk_be32(r->data));
	else
		add_hex(&o, r->data, r->size);
	return o.len;
}

size_t mk_bi_describe_full(uint32_t mach, const struct mk_bi_record *r,
			   char *outp, size_t n)
{
	return mk_bi_describe(mach, r, outp, n);
}
