/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kdump configuration (/etc/default/kdump-tools), read without a
 * shell: one table of the known variables drives the defaults, the parser
 * and the writer, so a variable cannot be read without being written.
 *
 * Facts honoured (POSIX sh, "Quoting" and "Word Expansions"): inside
 * single quotes every character stands for itself; inside double quotes
 * '$' and '`' expand and a backslash escapes only $ ` " \ (and newline),
 * otherwise it stays; an unquoted word ends at a blank, undergoes tilde
 * expansion at its start (and after ':' in an assignment), parameter and
 * command substitution, and ; & | < > ( ) end it.  '#' starts a comment
 * only at the start of a word.
 */
#include <stddef.h>
#include <string.h>

#include "internal.h"
#include "m68kexec_kdump.h"

enum var_kind { VAR_BOOL, VAR_STRING, VAR_COMPRESS, VAR_AFTER };

struct var {
	const char *name;
	enum var_kind kind;
	size_t off;		/* of the field in struct mk_kdump_conf */
	size_t size;		/* of a string field, with the NUL */
};

#define FIELD(f)	offsetof(struct mk_kdump_conf, f)
#define FSIZE(f)	sizeof(((struct mk_kdump_conf *)0)->f)
#define BOOL(n, f)	{ n, VAR_BOOL, FIELD(f), FSIZE(f) }
#define STRING(n, f)	{ n, VAR_STRING, FIELD(f), FSIZE(f) }

/* In the order of the structure, which is the order of a written file. */
static const struct var vars[] = {
	BOOL("USE_KDUMP", use_kdump),
	STRING("KDUMP_KERNEL", kernel),
	STRING("KDUMP_INITRD", initrd),
	STRING("KDUMP_COREDIR", coredir),
	STRING("KDUMP_CMDLINE", cmdline),
	STRING("KDUMP_CMDLINE_APPEND", cmdline_append),
	BOOL("KDUMP_DUMP_DMESG", dump_dmesg),
	STRING("KDUMP_DEVICE", device),
	STRING("KDUMP_FSTYPE", fstype),
	BOOL("KDUMP_SKIP_ZERO", skip_zero),
	{ "KDUMP_COMPRESS", VAR_COMPRESS, FIELD(compress), FSIZE(compress) },
	{ "KDUMP_RETURN", VAR_AFTER, FIELD(after), FSIZE(after) },
	STRING("KDUMP_RETURN_KERNEL", return_kernel),
	STRING("KDUMP_RETURN_INITRD", return_initrd),
	STRING("KDUMP_RETURN_CMDLINE_APPEND", return_append),
};

#define NVARS		(sizeof(vars) / sizeof(vars[0]))
#define VALUE_MAX	MK_CMDLINE_SIZE	/* the largest field, with the NUL */

/* The spellings of the choices, in enum order. */
static const char *const compress_names[] = { "none", "gzip", "zstd" };
static const char *const after_names[] = { "kexec", "reboot", "poweroff" };

/* Yes/no: the spellings of 1 and of 0, in pairs. */
static const char *const bool_names[][2] = {
	{ "1", "0" }, { "yes", "no" }, { "true", "false" },
};

#define COUNT(a)	(sizeof(a) / sizeof(a[0]))

static void *field(struct mk_kdump_conf *c, const struct var *v)
{
	return (char *)c + v->off;
}

static const void *cfield(const struct mk_kdump_conf *c, const struct var *v)
{
	return (const char *)c + v->off;
}

void mk_kdump_conf_default(struct mk_kdump_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->use_kdump = 0;
	strcpy(c->coredir, "/var/crash");
	strcpy(c->cmdline_append, "panic=10");
	c->dump_dmesg = 1;
	c->skip_zero = 1;
	c->compress = MK_KDUMP_COMPRESS_NONE;
	c->after = MK_KDUMP_AFTER_KEXEC;
	strcpy(c->return_initrd, "/initrd.img");
}

const char *mk_kdump_after_name(enum mk_kdump_after a)
{
	return (unsigned)a < COUNT(after_names) ? after_names[a] : "unknown";
}

const char *mk_kdump_compress_name(enum mk_kdump_compress c)
{
	return (unsigned)c < COUNT(compress_names) ? compress_names[c] : "unknown";
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static int is_name_char(char ch, int first)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_' ||
	       (!first && ch >= '0' && ch <= '9');
}

/* A value as it is read: its bytes up to the field's room, its length. */
struct value {
	char s[VALUE_MAX];
	size_t len;		/* may exceed the room: counting goes on */
};

static void value_put(struct value *v, char ch)
{
	if (v->len < sizeof(v->s) - 1)
		v->s[v->len] = ch;
	v->len++;
}

/* Where a line is read: for the messages. */
struct where {
	unsigned line;
	const char *name;	/* the variable, as the line spells it */
	int name_len;
	int strict;		/* a known variable: refuse what a shell expands */
	struct mk_diag *d;
};

/* An unquoted word: up to a blank or the end of the line. */
static int read_bare(const char **pp, const char *end, struct value *v,
		     const struct where *w)
{
	const char *p = *pp, *start = p;

	for (; p < end && !is_blank(*p); p++) {
		char ch = *p;

		if (ch == '"' || ch == '\'' || ch == '\\')
			return mk_fail(w->d, MK_ERR_CONFIG,
				       "line %u: %.*s: '%c' inside an unquoted value: quote the whole value",
				       w->line, w->name_len, w->name, ch);
		if (strchr(";&|<>()", ch))
			return mk_fail(w->d, MK_ERR_CONFIG,
				       "line %u: %.*s: '%c' in an unquoted value is shell syntax: put the value in single quotes",
				       w->line, w->name_len, w->name, ch);
		if (w->strict && (strchr("$`*?[", ch) ||
				  (ch == '~' && (p == start || p[-1] == ':'))))
			return mk_fail(w->d, MK_ERR_CONFIG,
				       "line %u: %.*s: '%c' in an unquoted value would be expanded by a shell: put the value in single quotes",
				       w->line, w->name_len, w->name, ch);
		value_put(v, ch);
	}
	*pp = p;
	return MK_OK;
}

static int read_single(const char **pp, const char *end, struct value *v,
		       const struct where *w)
{
	const char *p = *pp + 1;

	for (; p < end && *p != '\''; p++)
		value_put(v, *p);
	if (p == end)
		return mk_fail(w->d, MK_ERR_CONFIG, "line %u: %.*s: unterminated single quote",
			       w->line, w->name_len, w->name);
	*pp = p + 1;
	return MK_OK;
}

static int read_double(const char **pp, const char *end, struct value *v,
		       const struct where *w)
{
	const char *p = *pp + 1;

	for (; p < end && *p != '"'; p++) {
		if (*p == '\\' && p + 1 < end && strchr("\"\\$`", p[1])) {
			value_put(v, *++p);
			continue;
		}
		if (w->strict && (*p == '$' || *p == '`'))
			return mk_fail(w->d, MK_ERR_CONFIG,
				       "line %u: %.*s: '%c' inside double quotes would be expanded by a shell: write \\%c",
				       w->line, w->name_len, w->name, *p, *p);
		value_put(v, *p);
	}
	if (p == end)
		return mk_fail(w->d, MK_ERR_CONFIG, "line %u: %.*s: unterminated double quote",
			       w->line, w->name_len, w->name);
	*pp = p + 1;
	return MK_OK;
}

/* "a, b or c" */
static void join_choices(const char *const *names, size_t n, char *out, size_t cap)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < n && len < cap; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		size_t k = strlen(sep) + strlen(names[i]);

		if (len + k + 1 > cap)
			break;
		strcat(strcat(out + len, sep), names[i]);
		len += k;
	}
}

static int set_choice(int *dst, const char *const *names, size_t n,
		      const struct value *v, const struct where *w)
{
	char list[64];
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v->s, names[i]) == 0) {
			*dst = (int)i;
			return MK_OK;
		}
	join_choices(names, n, list, sizeof(list));
	return mk_fail(w->d, MK_ERR_CONFIG, "line %u: %s is \"%.40s\": use %s",
		       w->line, w->name, v->s, list);
}

static int set_var(struct mk_kdump_conf *c, const struct var *var,
		   const struct value *v, const struct where *w)
{
	size_t i;
	int x;

	switch (var->kind) {
	case VAR_STRING:
		if (v->len > var->size - 1)
			return mk_fail(w->d, MK_ERR_CONFIG,
				       "line %u: %s is longer than %zu bytes",
				       w->line, var->name, var->size - 1);
		memcpy(field(c, var), v->s, v->len + 1);
		return MK_OK;
	case VAR_BOOL:
		for (i = 0; i < COUNT(bool_names); i++) {
			if (strcmp(v->s, bool_names[i][0]) == 0) {
				*(int *)field(c, var) = 1;
				return MK_OK;
			}
			if (strcmp(v->s, bool_names[i][1]) == 0) {
				*(int *)field(c, var) = 0;
				return MK_OK;
			}
		}
		return mk_fail(w->d, MK_ERR_CONFIG,
			       "line %u: %s is \"%.40s\": use yes or no (1 or 0, true or false)",
			       w->line, var->name, v->s);
	case VAR_COMPRESS:
		if (set_choice(&x, compress_names, COUNT(compress_names), v, w))
			return MK_ERR_CONFIG;
		c->compress = (enum mk_kdump_compress)x;
		return MK_OK;
	case VAR_AFTER:
		if (set_choice(&x, after_names, COUNT(after_names), v, w))
			return MK_ERR_CONFIG;
		c->after = (enum mk_kdump_after)x;
		return MK_OK;
	}
	return mk_fail(w->d, MK_ERR_INTERNAL, "line %u: %s: no such kind of variable",
		       w->line, var->name);
}

static const struct var *find_var(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NVARS; i++)
		if (strlen(vars[i].name) == len && memcmp(vars[i].name, name, len) == 0)
			return &vars[i];
	return NULL;
}

static int parse_line(struct mk_kdump_conf *c, const char *p, const char *end,
		      unsigned line, struct mk_diag *d)
{
	struct where w = { line, NULL, 0, 0, d };
	const struct var *var;
	struct value v;
	const char *name;
	int err;

	if (memchr(p, '\0', (size_t)(end - p)))
		return mk_fail(d, MK_ERR_CONFIG, "line %u: a NUL byte: not a text file", line);
	if (end > p && end[-1] == '\r')	/* a file written on DOS */
		end--;
	while (p < end && is_blank(*p))
		p++;
	if (p == end || *p == '#')
		return MK_OK;
	if (end - p > 7 && memcmp(p, "export", 6) == 0 && is_blank(p[6])) {
		p += 6;
		while (p < end && is_blank(*p))
			p++;
	}
	name = p;
	while (p < end && is_name_char(*p, p == name))
		p++;
	if (p == name || p == end || *p != '=')
		return mk_fail(d, MK_ERR_CONFIG,
			       "line %u: not NAME=VALUE (a name, '=' and the value, no blank around '=')",
			       line);
	var = find_var(name, (size_t)(p - name));
	w.name = name;
	w.name_len = (int)(p - name);
	w.strict = var != NULL;
	p++;

	v.len = 0;
	if (p < end && *p == '"')
		err = read_double(&p, end, &v, &w);
	else if (p < end && *p == '\'')
		err = read_single(&p, end, &v, &w);
	else
		err = read_bare(&p, end, &v, &w);
	if (err)
		return err;
	if (p < end && !is_blank(*p))
		return mk_fail(d, MK_ERR_CONFIG,
			       "line %u: %.*s: text after the closing quote: quote the whole value",
			       line, w.name_len, w.name);
	while (p < end && is_blank(*p))
		p++;
	if (p < end && *p != '#')
		return mk_fail(d, MK_ERR_CONFIG,
			       "line %u: %.*s: text after the value: quote a value with blanks",
			       line, w.name_len, w.name);
	if (!var)
		return MK_OK;	/* kdump-tools' own, or someone else's */
	v.s[v.len < sizeof(v.s) ? v.len : sizeof(v.s) - 1] = '\0';
	w.name = var->name;
	return set_var(c, var, &v, &w);
}

int mk_kdump_conf_parse(struct mk_kdump_conf *c, const char *text, size_t len,
			struct mk_diag *d)
{
	struct mk_kdump_conf t;
	const char *p = text, *end = text + len;
	unsigned line = 0;

	if (len > MK_KDUMP_CONF_MAX)
		return mk_fail(d, MK_ERR_PARAM,
			       "the configuration is %zu bytes, at most %u are read",
			       len, MK_KDUMP_CONF_MAX);
	if (!c || (!text && len))
		return mk_fail(d, MK_ERR_PARAM, "no configuration to read");
	t = *c;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		int err;

		if (!eol)
			eol = end;
		err = parse_line(&t, p, eol, ++line, d);
		if (err)
			return err;
		p = eol + 1;
	}
	*c = t;
	return MK_OK;
}

/* ------------------------------------------------------------------ */
/* Writing                                                              */

struct out {
	char *s;
	size_t cap, len;	/* len may exceed cap: counting goes on */
};

static void put(struct out *o, char ch)
{
	if (o->len + 1 < o->cap)
		o->s[o->len] = ch;
	o->len++;
}

static void put_str(struct out *o, const char *s)
{
	while (*s)
		put(o, *s++);
}

size_t mk_kdump_conf_write(const struct mk_kdump_conf *c, char *out, size_t cap)
{
	struct out o = { out, cap, 0 };
	size_t i;

	put_str(&o, "# kdump-config(8) configuration: read line by line, not by a shell\n");
	for (i = 0; i < NVARS; i++) {
		const struct var *v = &vars[i];
		const char *s = "";

		switch (v->kind) {
		case VAR_BOOL:
			s = *(const int *)cfield(c, v) ? "1" : "0";
			break;
		case VAR_STRING:
			s = cfield(c, v);
			break;
		case VAR_COMPRESS:
			s = mk_kdump_compress_name(c->compress);
			break;
		case VAR_AFTER:
			s = mk_kdump_after_name(c->after);
			break;
		}
		put_str(&o, v->name);
		put_str(&o, "=\"");
		/* A string field is read up to its size even without a NUL. */
		for (; *s && (v->kind != VAR_STRING || s < (const char *)cfield(c, v) + v->size);
		     s++) {
			if (strchr("\"\\$`", *s))
				put(&o, '\\');
			put(&o, *s == '\n' ? ' ' : *s);	/* the parser never gives one */
		}
		put_str(&o, "\"\n");
	}
	if (cap)
		out[o.len < cap ? o.len : cap - 1] = '\0';
	return o.len;
}

/* ------------------------------------------------------------------ */
/* A kernel command line                                                */

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* Drop a '"' at the start of [*b, *e) and, with it, one at the end. */
static void unquote(const char **b, const char **e)
{
	if (*b < *e && **b == '"') {
		(*b)++;
		if (*e > *b && (*e)[-1] == '"')
			(*e)--;
	}
}

int mk_cmdline_value(const char *line, const char *key, char *out, size_t cap)
{
	const char *s = line, *val = NULL, *val_end = NULL;
	size_t klen;

	if (cap)
		out[0] = '\0';
	if (!line || !key || !*key || strchr(key, '='))
		return 0;
	klen = strlen(key);
	while (*s) {
		const char *b, *e;
		int quoted = 0;

		while (is_space(*s))
			s++;
		if (!*s)
			break;
		b = s;
		for (; *s && (quoted || !is_space(*s)); s++)
			if (*s == '"')
				quoted = !quoted;
		e = s;
		if (e - b == 2 && b[0] == '-' && b[1] == '-')
			break;	/* the rest is for init */
		unquote(&b, &e);
		if ((size_t)(e - b) > klen && memcmp(b, key, klen) == 0 && b[klen] == '=') {
			val = b + klen + 1;
			val_end = e;
			unquote(&val, &val_end);
		}
	}
	if (!val)
		return 0;
	if ((size_t)(val_end - val) >= cap)
		return -1;
	memcpy(out, val, (size_t)(val_end - val));
	out[val_end - val] = '\0';
	return 1;
}
