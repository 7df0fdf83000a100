// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A kernel dump for the tools: mapped or read whole, and its kernel log
 * written as dmesg prints it (cli/vmcore.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmcore.h"

ssize_t mk_dump_pread(int fd, void *buf, size_t len, uint64_t off)
{
	uint8_t *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, p + got, len - got, (off_t)(off + got));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static int fail(struct mk_diag *d, int code, const char *path, const char *what)
{
	d->code = code;
	snprintf(d->msg, sizeof(d->msg), "%s: %s", path, what);
	return -1;
}

int mk_dump_map_open(const char *path, struct mk_dump_map *m, struct mk_diag *d)
{
	struct stat st;
	char what[120];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(m, 0, sizeof(*m));
	if (fd < 0) {
		int e = errno;

		snprintf(what, sizeof(what), "cannot open: %s", strerror(e));
		return fail(d, e == ENOENT ? MK_ERR_FILE_NOT_FOUND : MK_ERR_FILE_READ, path, what);
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (uint64_t)st.st_size > SIZE_MAX) {
		int e = errno;

		if (e && !S_ISREG(st.st_mode))
			e = 0;
		close(fd);
		return fail(d, e ? MK_ERR_FILE_READ : !S_ISREG(st.st_mode) ? MK_ERR_FILE_TYPE :
			    st.st_size <= 0 ? MK_ERR_FILE_EMPTY : MK_ERR_FILE_TOO_BIG, path,
			    e ? strerror(e) : !S_ISREG(st.st_mode) ? "not a regular file" :
			    st.st_size <= 0 ? "empty" : "too large for this host's address space");
	}
	m->len = (size_t)st.st_size;
	m->map = mmap(NULL, m->len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m->map != MAP_FAILED) {
		m->data = m->map;
		close(fd);
		return 0;
	}
	/* Some /proc/vmcore cannot be mapped: read it whole. */
	m->map = NULL;
	m->heap = malloc(m->len);
	n = m->heap ? mk_dump_pread(fd, m->heap, m->len, 0) : -1;
	if (n != (ssize_t)m->len) {
		int e = !m->heap ? ENOMEM : n < 0 ? errno : EIO;

		snprintf(what, sizeof(what), "cannot map or read its %zu bytes: %s", m->len,
			 strerror(e));
		free(m->heap);
		m->heap = NULL;
		close(fd);
		return fail(d, e == ENOMEM ? MK_ERR_NO_MEMORY : MK_ERR_FILE_READ, path, what);
	}
	m->data = m->heap;
	close(fd);
	return 0;
}

void mk_dump_map_close(struct mk_dump_map *m)
{
	if (m->map)
		munmap(m->map, m->len);
	free(m->heap);
	memset(m, 0, sizeof(*m));
}

struct writer {
	FILE *fp;
	mk_log_line_fn fn;
	void *arg;
	char *buf;
	size_t cap;
	int err;		/* errno of a failed write or allocation */
};

static int write_record(const struct mk_printk_record *r, void *arg)
{
	struct writer *w = arg;
	size_t need = mk_printk_format(r, NULL, 0);

	if (need + 1 > w->cap) {
		char *b = realloc(w->buf, need + 1);

		if (!b) {
			w->err = ENOMEM;
			return MK_ERR_INTERNAL;
		}
		w->buf = b;
		w->cap = need + 1;
	}
	mk_printk_format(r, w->buf, w->cap);
	if (w->fp && fwrite(w->buf, 1, need, w->fp) != need) {
		w->err = errno ? errno : EIO;
		return MK_ERR_INTERNAL;
	}
	if (w->fn) {
		const char *s = w->buf, *end = w->buf + need;

		while (s < end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

			w->fn(s, n, w->arg);
			s += n + 1;
		}
	}
	return 0;
}

int mk_dump_write_log(FILE *fp, const uint8_t *buf, size_t len, mk_log_line_fn fn,
		      void *arg, int *werr, struct mk_diag *d)
{
	struct writer w = { fp, fn, arg, NULL, 0, 0 };
	int rc;

	*werr = 0;
	errno = 0;
	rc = mk_printk_walk(buf, len, write_record, &w, NULL, d);
	free(w.buf);
	if (rc && w.err) {
		*werr = w.err;
		return -1;
	}
	if (fp && (fflush(fp) || ferror(fp))) {
		*werr = errno ? errno : EIO;
		return -1;
	}
	return rc ? -1 : 0;
}
