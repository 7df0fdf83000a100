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

/* The list as a JSON array of {"tag","name","size","value",...}. */
void mk_print_bootinfo_json(FILE *fp, const struct mk_bootinfo *bi);

#endif
