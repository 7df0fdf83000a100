/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output shared by the kexec and bootinfo tools: text and JSON. */
#ifndef MK_PRINT_H
#define MK_PRINT_H

#include <stdio.h>

#include "m68kexec.h"

/* A JSON string literal for s (len bytes; stops at NUL when len is -1). */
void mk_json_string(FILE *fp, const char *s, long len);

/* The list, one record a line: "  BI_NAME  size  value". */
void mk_print_bootinfo(FILE *fp, const struct mk_bootinfo *bi, const char *indent);

#define MK_PRINT_INDEX	0x1	/* start each line with the record's index */
#define MK_PRINT_DECODE	0x2	/* machine records by name: mk_bi_describe_full() */

/* The same, with options (MK_PRINT_*). */
void mk_print_bootinfo_ex(FILE *fp, const struct mk_bootinfo *bi,
			  const char *indent, unsigned flags);

/* The list as a JSON array of {"tag","name","size","value",...}. */
void mk_print_bootinfo_json(FILE *fp, const struct mk_bootinfo *bi);
void mk_print_bootinfo_json_ex(FILE *fp, const struct mk_bootinfo *bi, unsigned flags);

#endif
