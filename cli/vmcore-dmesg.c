// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmcore-dmesg: the kernel log of an m68k kernel dump, as dmesg prints
 * it.  The dump is /proc/vmcore in a capture kernel, or a copy of it in a
 * file, here or on any other host.  The core (lib/printk.c) reads the
 * ring buffer from the mapped file; this file maps it and prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "m68kexec.h"
#include "m68kexec_printk.h"

#ifndef MK_VERSION
#define MK_VERSION "0.1"
#endif

/* Exit codes (documented in vmcore-dmesg.8). */
enum {
	EXIT_OK = 0,
	EXIT_BAD = 1,		/* unreadable or bad dump, output not written */
	EXIT_USAGE = 2,
};

#define DEFAULT_FILE	"/proc/vmcore"

static const char *prog = "vmcore-dmesg";

static void usage(FILE *fp)
{
	fprintf(fp,
"Usage: vmcore-dmesg [FILE]\n"
"Print the kernel log kept in an m68k kernel dump, as dmesg prints it:\n"
"one line per line of each record, after [seconds.microseconds].\n"
"FILE is the dump, an ELF core as /proc/vmcore gives it (the default)\n"
"or a copy of it.  The old kernel is Linux 6.12 or close, with\n"
"CONFIG_VMCORE_INFO: the log is found through its VMCOREINFO note.\n"
"\n"
"  -h, --help     this text\n"
"  -V, --version  the version\n"
"\n"
"Exit status: 0 ok, 1 unreadable or bad dump, 2 usage.\n");
}

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "%s: %s%s%s\nTry '%s --help'.\n", prog, arg ? arg : "",
		arg ? ": " : "", what, prog);
	return EXIT_USAGE;
}

/* ------------------------------------------------------------------ */
/* The dump: mapped, or read when the file cannot be mapped             */

struct dump {
	const uint8_t *data;
	size_t len;
	void *map;
	void *heap;
};

static int read_all(int fd, uint8_t *p, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, p + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return got == len ? 0 : (errno = EIO, -1);
}

static int open_dump(const char *path, struct dump *du)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(du, 0, sizeof(*du));
	if (fd < 0) {
		int e = errno;

		if (e == ENOENT && strcmp(path, DEFAULT_FILE) == 0)
			fprintf(stderr, "%s: %s does not exist: this is not a capture kernel after a crash; name a FILE\n",
				prog, path);
		else
			fprintf(stderr, "%s: %s: cannot open: %s\n", prog, path, strerror(e));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (uint64_t)st.st_size > SIZE_MAX) {
		int e = errno;

		if (e && !S_ISREG(st.st_mode))
			e = 0;
		fprintf(stderr, "%s: %s: %s\n", prog, path,
			e ? strerror(e) : !S_ISREG(st.st_mode) ? "not a regular file" :
			st.st_size <= 0 ? "empty" : "too large for this host's address space");
		close(fd);
		return -1;
	}
	du->len = (size_t)st.st_size;
	du->map = mmap(NULL, du->len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (du->map != MAP_FAILED) {
		du->data = du->map;
		close(fd);
		return 0;
	}
	/* Some /proc/vmcore cannot be mapped: read it whole. */
	du->map = NULL;
	du->heap = malloc(du->len);
	if (!du->heap || read_all(fd, du->heap, du->len)) {
		int e = du->heap ? errno : ENOMEM;

		fprintf(stderr, "%s: %s: cannot map or read its %zu bytes: %s\n", prog, path,
			du->len, strerror(e));
		free(du->heap);
		close(fd);
		return -1;
	}
	du->data = du->heap;
	close(fd);
	return 0;
}

static void close_dump(struct dump *du)
{
	if (du->map)
		munmap(du->map, du->len);
	free(du->heap);
}

/* ------------------------------------------------------------------ */
/* Printing                                                             */

struct printer {
	char *buf;
	size_t cap;
	int err;		/* errno of a failed allocation */
};

static int print_record(const struct mk_printk_record *r, void *arg)
{
	struct printer *pr = arg;
	size_t need = mk_printk_format(r, NULL, 0);

	if (need + 1 > pr->cap) {
		char *b = realloc(pr->buf, need + 1);

		if (!b) {
			pr->err = ENOMEM;
			return MK_ERR_INTERNAL;
		}
		pr->buf = b;
		pr->cap = need + 1;
	}
	mk_printk_format(r, pr->buf, pr->cap);
	if (fwrite(pr->buf, 1, need, stdout) != need) {
		pr->err = errno ? errno : EIO;
		return MK_ERR_INTERNAL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct mk_diag d = { 0, "" };
	struct printer pr = { NULL, 0, 0 };
	struct dump du;
	const char *path = NULL;
	int i, rc, opts = 1;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (opts && strcmp(a, "--") == 0) {
			opts = 0;
		} else if (opts && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
			usage(stdout);
			return EXIT_OK;
		} else if (opts && (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0)) {
			printf("vmcore-dmesg (m68k-kexec) %s\n", MK_VERSION);
			return EXIT_OK;
		} else if (opts && a[0] == '-' && a[1] != '\0') {
			return usage_error("unknown option", a);
		} else if (path) {
			return usage_error("one dump at most", a);
		} else {
			path = a;
		}
	}
	if (!path)
		path = DEFAULT_FILE;

	if (open_dump(path, &du))
		return EXIT_BAD;
	rc = mk_printk_walk(du.data, du.len, print_record, &pr, NULL, &d);
	close_dump(&du);
	free(pr.buf);
	if (rc && pr.err) {
		fprintf(stderr, "%s: cannot write the output: %s\n", prog, strerror(pr.err));
		return EXIT_BAD;
	}
	if (rc) {
		fflush(stdout);
		fprintf(stderr, "%s: %s: %s\n", prog, path, d.msg);
		return EXIT_BAD;
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write the output: %s\n", prog, strerror(errno));
		return EXIT_BAD;
	}
	return EXIT_OK;
}
