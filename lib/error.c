// SPDX-License-Identifier: GPL-2.0-or-later
/* Error codes: one table, one strerror, one class, one way to report details. */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

/* One row per code, made from MK_ERRORS (m68kexec.h). */
#define MK_ERROR_ROW(name, value, cls, subject, text) \
	{ name, MK_CLASS_##cls, MK_SUBJECT_##subject, text },
static const struct {
	int code;
	enum mk_error_class cls;
	enum mk_error_subject subject;
	const char *text;
} mk_errors[] = {
	MK_ERRORS(MK_ERROR_ROW)
};
#undef MK_ERROR_ROW

static int row(int err)
{
	int i;

	for (i = 0; i < (int)(sizeof(mk_errors) / sizeof(mk_errors[0])); i++)
		if (mk_errors[i].code == err)
			return i;
	return -1;
}

const char *mk_strerror(int err)
{
	int i = row(err);

	return i < 0 ? "unknown error" : mk_errors[i].text;
}

enum mk_error_class mk_error_class(int err)
{
	int i = row(err);

	return i < 0 ? MK_CLASS_UNKNOWN : mk_errors[i].cls;
}

int mk_fail(struct mk_diag *d, int err, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return err;
	d->code = err;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return err;
}

enum mk_error_subject mk_error_subject(int err)
{
	int i = row(err);

	return i < 0 ? MK_SUBJECT_NONE : mk_errors[i].subject;
}
