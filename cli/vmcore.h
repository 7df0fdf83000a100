/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A kernel dump for the tools (vmcore-dmesg, kdump-config): the whole
 * file mapped (or read, when it cannot be mapped) and its kernel log
 * written as vmcore-dmesg prints it.
 */
#ifndef MK_VMCORE_H
#define MK_VMCORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "m68kexec.h"
#include "m68kexec_printk.h"

struct mk_dump_map {
	const uint8_t *data;
	size_t len;
	void *map;
	void *heap;
};

/*
 * Map the dump at path, or read it whole when it cannot be mapped.  On
 * failure returns -1 with one line in d ("PATH: cannot open: ...") and
 * d->code one of MK_ERR_FILE_NOT_FOUND, _READ, _TYPE (not a regular
 * file), _EMPTY, _TOO_BIG, MK_ERR_NO_MEMORY.
 */
int mk_dump_map_open(const char *path, struct mk_dump_map *m, struct mk_diag *d);
void mk_dump_map_close(struct mk_dump_map *m);

/*
 * Read len bytes at off of the dump open at fd, again after EINTR: the
 * bytes read (fewer where the file ends), or -1 with errno.
 */
ssize_t mk_dump_pread(int fd, void *buf, size_t len, uint64_t off);

/*
 * Called with each line of the log as written (with its "[time] "
 * prefix, without the newline).
 */
typedef void (*mk_log_line_fn)(const char *line, size_t len, void *arg);

/*
 * Write the kernel log of a dump (buf, len: the whole file) to fp (NULL:
 * nowhere), one formatted record after the other (mk_printk_format()),
 * and give each line to fn (may be NULL).  Returns 0; or -1 with *werr
 * the errno of a failed write (or ENOMEM) and d untouched; or -1 with
 * *werr 0 and d saying why the log could not be read (the records before
 * it were written).
 */
int mk_dump_write_log(FILE *fp, const uint8_t *buf, size_t len, mk_log_line_fn fn,
		      void *arg, int *werr, struct mk_diag *d);

#endif
