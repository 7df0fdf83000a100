// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bootinfo: show, check, edit and make the bootinfo list a Linux/m68k
 * kernel boots with (for kexec --bootinfo).  The core library reads,
 * describes, encodes and checks; this file reads and writes files,
 * applies the edits in the order given and prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "m68kexec.h"
#include "print.h"
#include "sys.h"

#ifndef MK_VERSION
#define MK_VERSION "0.1"
#endif

/* Exit codes (documented in bootinfo.8). */
enum {
	EXIT_OK = 0,
	EXIT_BAD = 1,		/* bad or unreadable input, check failed, not written */
	EXIT_USAGE = 2,
};

#define FILE_MAX	(64u * 1024u)	/* more than any list a kernel takes */
#define ARENA_SIZE	(64u * 1024u)	/* data of the records the edits make */
#define MAX_OPS		256u
#define DEFAULT_FILE	"/proc/bootinfo"
/* show --json: the version of its shape (bootinfo.8, JSON). */
#define JSON_FORMAT	1u

static const char *prog = "bootinfo";

static void usage(FILE *fp)
{
	const struct mk_machine *m;
	size_t col;
	unsigned i;

	fprintf(fp,
"Usage: bootinfo show [FILE] [--json]\n"
"       bootinfo check [FILE] [-q]\n"
"       bootinfo edit IN -o OUT [--force] [EDIT...]\n"
"       bootinfo new --machine NAME -o OUT [--force] [EDIT...]\n"
"Show, check, edit or make the bootinfo list a Linux/m68k kernel boots with.\n"
"FILE defaults to /proc/bootinfo.\n"
"\n"
"Edits, applied in the order given:\n"
"  --cmdline S            set the command line\n"
"  --append-cmdline S     add S to the command line after a space\n"
"  --ramdisk ADDR:SIZE    set the ramdisk record\n"
"  --no-ramdisk           remove the ramdisk record\n"
"  --memchunk ADDR:SIZE   add a memory chunk after the others\n"
"  --del-memchunk N       remove memory chunk N (0 is the first)\n"
"  --set NAME=VALUE       set a record (NAME or TAG number); VALUE is a\n"
"                         number, a name, ADDR:SIZE, str:TEXT, \"TEXT\",\n"
"                         hex:BYTES, u8:N, u16:N or u32:N,N...\n"
"  --del NAME             remove every record with this name or tag\n"
MK_NUMBER_SYNTAX "\n"
"An edited list is checked before it is written, then written to a\n"
"temporary file that replaces OUT (OUT may be IN), keeping its owner,\n"
"group and mode; a symbolic link's target is replaced.  An OUT that is\n"
"neither a bootinfo list nor empty is replaced only with -f, --force;\n"
"a directory, FIFO or device never is.\n"
"\n"
"show --json prints {\"format\":%u,\"machine\":ID,\"machine_name\":NAME,\n"
"\"records\":[...]} (bootinfo.8, JSON).\n", JSON_FORMAT);
	/* The machines, as many to a line as fit in 72 columns. */
	fputs("Machines for new:", fp);
	col = strlen("Machines for new:");
	for (i = 0; (m = mk_machine_at(i)) != NULL; i++) {
		if (col + 1 + strlen(m->name) + 1 > 72) {
			fputc('\n', fp);
			col = 0;
		}
		col += (unsigned)fprintf(fp, "%s%s", col ? " " : "", m->name);
	}
	fprintf(fp, ".\n"
"Exit status: 0 ok, 1 bad input, check failed or not written, 2 usage.\n");
}

static int usage_error(const char *what, const char *arg)
{
	return mk_usage_error(prog, what, arg);
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */

struct list {
	const char *path;
	uint8_t file[FILE_MAX];
	size_t len;
	struct mk_bootinfo bi;
	uint8_t arena[ARENA_SIZE];	/* data of records made by edits */
	size_t used;
};

static int read_list(struct list *l, const char *path)
{
	struct mk_diag d = { 0, "" };

	l->path = path;
	if (mk_read_file(path, l->file, sizeof(l->file), &l->len, &d)) {
		if (d.code == MK_ERR_FILE_NOT_FOUND && strcmp(path, DEFAULT_FILE) == 0)
			fprintf(stderr, "%s: %s does not exist: the running kernel lacks CONFIG_BOOTINFO_PROC (or is not m68k); name a FILE\n",
				prog, path);
		else
			fprintf(stderr, "%s: %s\n", prog, d.msg);
		return EXIT_BAD;
	}
	return EXIT_OK;
}

static int parse_list(struct list *l)
{
	struct mk_diag d = { 0, "" };

	if (mk_bi_parse(l->file, l->len, &l->bi, &d)) {
		fprintf(stderr, "%s: %s: %s (bootinfo check lists every problem)\n",
			prog, l->path, d.msg);
		return EXIT_BAD;
	}
	return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* show and check                                                      */

/*
 * show --json: the format version, the machine as its number and its
 * name (each null when the list has no BI_MACHTYPE of 4 bytes or more;
 * the name null for a number no machine has), then the records.
 */
static void print_json(FILE *fp, const struct mk_bootinfo *bi)
{
	uint32_t mach = 0;
	int known = mk_bi_get_u32(bi, BI_MACHTYPE, &mach) == MK_OK;
	const char *name = known ? mk_machine_name(mach) : NULL;

	fprintf(fp, "{\"format\":%u,\"machine\":", JSON_FORMAT);
	if (known)
		fprintf(fp, "%u", mach);
	else
		fputs("null", fp);
	fputs(",\"machine_name\":", fp);
	if (name)
		mk_json_string(fp, name, -1);
	else
		fputs("null", fp);
	fputs(",\"records\":", fp);
	mk_print_bootinfo_json_ex(fp, bi, MK_PRINT_DECODE);
	fputs("}\n", fp);
}

static int cmd_show(const char *path, int json)
{
	static struct list l;
	int rc = read_list(&l, path);

	if (rc || (rc = parse_list(&l)))
		return rc;
	if (json) {
		print_json(stdout, &l.bi);
	} else {
		mk_print_bootinfo_ex(stdout, &l.bi, "", MK_PRINT_INDEX | MK_PRINT_DECODE);
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write the output: %s\n", prog, strerror(errno));
		return EXIT_BAD;
	}
	return EXIT_OK;
}

/* Print a report's problems, each prefixed; returns how many there were. */
static unsigned print_problems(FILE *fp, const char *prefix, const struct mk_bi_report *rep)
{
	unsigned i, kept = rep->nproblems < MK_BI_MAX_PROBLEMS ? rep->nproblems : MK_BI_MAX_PROBLEMS;

	for (i = 0; i < kept; i++)
		fprintf(fp, "%s%s\n", prefix, rep->problem[i].msg);
	if (rep->nproblems > kept)
		fprintf(fp, "%sand %u more problems\n", prefix, rep->nproblems - kept);
	return rep->nproblems;
}

static int cmd_check(const char *path, int quiet)
{
	static struct list l;
	static struct mk_bi_report rep;
	char prefix[PATH_MAX + 4];
	int rc = read_list(&l, path);

	if (rc)
		return rc;
	snprintf(prefix, sizeof(prefix), "%s: ", path);
	if (mk_bi_check(l.file, l.len, &rep)) {
		print_problems(stdout, prefix, &rep);
		return EXIT_BAD;
	}
	if (!quiet)
		printf("%sok (%u records, %zu bytes)\n", prefix, rep.nrec, rep.length);
	return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Edits                                                               */

enum op_kind {
	OP_CMDLINE, OP_APPEND_CMDLINE, OP_RAMDISK, OP_NO_RAMDISK, OP_MEMCHUNK,
	OP_DEL_MEMCHUNK, OP_SET, OP_DEL,
};

static const char *const op_names[] = {
	"--cmdline", "--append-cmdline", "--ramdisk", "--no-ramdisk", "--memchunk",
	"--del-memchunk", "--set", "--del",
};

struct op {
	enum op_kind kind;
	const char *arg;
};

static uint8_t *arena_take(struct list *l, size_t n)
{
	uint8_t *p;

	if (n > sizeof(l->arena) - l->used)
		return NULL;
	p = l->arena + l->used;
	l->used += n;
	return p;
}

/* An edit failed: one line naming the option, its argument and why. */
static int op_fail(const struct list *l, const struct op *op, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int op_fail(const struct list *l, const struct op *op, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: %s%s%s: ", prog, l->path, op_names[op->kind],
		op->arg ? " " : "", op->arg ? op->arg : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_BAD;
}

/* Encode text as the data of tag into the arena and set or add the record. */
static int put_record(struct list *l, const struct op *op, uint16_t tag,
		      const char *text, int add)
{
	struct mk_diag d = { 0, "" };
	size_t room = sizeof(l->arena) - l->used, len;
	uint8_t *p = l->arena + l->used;
	int err;

	if (room > 0xfff8)
		room = 0xfff8;	/* the most a record can carry */
	err = mk_bi_encode(mk_bi_machine(&l->bi), tag, text, p, room, &len, &d);
	if (err)
		return op_fail(l, op, "%s", d.msg);
	arena_take(l, len);
	err = add ? mk_bi_append(&l->bi, tag, p, (uint16_t)len)
		  : mk_bi_set(&l->bi, tag, p, (uint16_t)len);
	if (err == MK_ERR_BI_TOO_MANY)
		return op_fail(l, op, "the list would have more than %u records", MK_BI_MAX_RECORDS);
	if (err)
		return op_fail(l, op, "%s", mk_strerror(err));
	return EXIT_OK;
}

/* The names of a row's machines: "virt", "mvme147, mvme16x and bvme6000". */
static const char *machines_of(const struct mk_bi_row *row, char *buf, size_t n)
{
	const struct mk_machine *m;
	unsigned i, count = 0, k = 0;
	size_t len = 0;

	for (i = 0; (m = mk_machine_at(i)) != NULL; i++)
		count += mk_bi_row_has(row, m->id);
	buf[0] = '\0';
	for (i = 0; (m = mk_machine_at(i)) != NULL && len < n; i++)
		if (mk_bi_row_has(row, m->id)) {
			k++;
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						k == 1 ? "" : k == count ? " and " : ", ", m->name);
		}
	return buf;
}

/* A record named by NAME (with or without BI_) or by its tag number. */
static int resolve_tag(const struct list *l, const struct op *op, const char *name,
		       uint16_t *tag)
{
	uint32_t mach = mk_bi_machine(&l->bi), v;
	const char *mname = mk_machine_name(mach);
	const struct mk_machine *m;
	char whose[256];
	unsigned i;

	if (mk_bi_tag_by_name(mach, name, tag) == MK_OK)
		return EXIT_OK;
	if (mk_parse_u32(name, 0, &v) == MK_OK) {
		if (v == BI_LAST || v > 0xffff)
			return op_fail(l, op, "tag %s is not a record tag (0x0001 to 0xffff)", name);
		*tag = (uint16_t)v;
		return EXIT_OK;
	}
	for (i = 0; (m = mk_machine_at(i)) != NULL; i++)
		if (mk_bi_tag_by_name(m->id, name, tag) == MK_OK)
			return op_fail(l, op, "%s is a record of %s machines, this list is for %s", name,
				       machines_of(mk_bi_row(m->id, *tag), whose, sizeof(whose)),
				       mname ? mname : "no known machine");
	return op_fail(l, op, "no record is named %s (see bootinfo.8, or give a tag number)", name);
}

static int nth_memchunk(const struct mk_bootinfo *bi, unsigned n)
{
	int i = -1;

	do
		i = mk_bi_find(bi, BI_MEMCHUNK, (unsigned)(i + 1));
	while (i >= 0 && n--);
	return i;
}

static unsigned count_tag(const struct mk_bootinfo *bi, uint16_t tag)
{
	unsigned i, n = 0;

	for (i = 0; i < bi->nrec; i++)
		n += bi->rec[i].tag == tag;
	return n;
}

static int op_cmdline(struct list *l, const struct op *op, int append)
{
	int i = mk_bi_find(&l->bi, BI_COMMAND_LINE, 0);
	size_t old = 0, add = strlen(op->arg), n;
	uint8_t *p;

	if (append && i >= 0)
		old = strnlen((const char *)l->bi.rec[i].data, l->bi.rec[i].size);
	n = old + (old && add ? 1 : 0) + add + 1;
	if (n > 0xfff8 || !(p = arena_take(l, n)))
		return op_fail(l, op, "a command line of %zu bytes does not fit a record", n);
	if (old)
		memcpy(p, l->bi.rec[i].data, old);
	if (old && add)
		p[old] = ' ';
	memcpy(p + n - 1 - add, op->arg, add);
	p[n - 1] = '\0';
	if (mk_bi_set(&l->bi, BI_COMMAND_LINE, p, (uint16_t)n))
		return op_fail(l, op, "the list would have more than %u records", MK_BI_MAX_RECORDS);
	return EXIT_OK;
}

static int apply(struct list *l, const struct op *op)
{
	char name[64];
	const char *eq;
	uint16_t tag;
	uint32_t n;
	int i, rc;

	switch (op->kind) {
	case OP_CMDLINE:
		return op_cmdline(l, op, 0);
	case OP_APPEND_CMDLINE:
		return op_cmdline(l, op, 1);
	case OP_RAMDISK:
		return put_record(l, op, BI_RAMDISK, op->arg, 0);
	case OP_NO_RAMDISK:
		mk_bi_remove(&l->bi, BI_RAMDISK);
		return EXIT_OK;
	case OP_MEMCHUNK:
		return put_record(l, op, BI_MEMCHUNK, op->arg, 1);
	case OP_DEL_MEMCHUNK:
		if (mk_parse_u32(op->arg, 0, &n))
			return op_fail(l, op, "wants a chunk number (0 is the first)");
		i = n < MK_BI_MAX_RECORDS ? nth_memchunk(&l->bi, n) : -1;
		if (i < 0)
			return op_fail(l, op, "no such memory chunk: the list has %u, numbered from 0",
				       count_tag(&l->bi, BI_MEMCHUNK));
		mk_bi_remove_at(&l->bi, (unsigned)i);
		return EXIT_OK;
	case OP_SET:
		eq = strchr(op->arg, '=');
		if (!eq || eq == op->arg || (size_t)(eq - op->arg) >= sizeof(name))
			return op_fail(l, op, "wants NAME=VALUE");
		memcpy(name, op->arg, (size_t)(eq - op->arg));
		name[eq - op->arg] = '\0';
		rc = resolve_tag(l, op, name, &tag);
		return rc ? rc : put_record(l, op, tag, eq + 1, 0);
	case OP_DEL:
		rc = resolve_tag(l, op, op->arg, &tag);
		if (!rc)
			mk_bi_remove(&l->bi, tag);
		return rc;
	}
	return EXIT_USAGE;
}

/* ------------------------------------------------------------------ */
/* new: a starting list for a machine, from its row (lib/bootinfo.c)   */

static int start_list(struct list *l, const char *machine, int own_memchunk)
{
	const struct mk_machine *p;
	struct op op = { OP_SET, NULL };
	char text[64];
	uint32_t mach;
	size_t i;
	int rc;

	if (mk_machine_by_name(machine, &mach) || !(p = mk_machine(mach)))
		return usage_error("unknown machine (see --help)", machine);
	l->path = "new list";
	memset(&l->bi, 0, sizeof(l->bi));
	snprintf(text, sizeof(text), "%u", mach);
	op.arg = text;
	rc = put_record(l, &op, BI_MACHTYPE, text, 0);
	if (!rc)
		rc = put_record(l, &op, BI_CPUTYPE, p->cpu, 0);
	if (!rc)
		rc = put_record(l, &op, BI_FPUTYPE, p->fpu, 0);
	if (!rc)
		rc = put_record(l, &op, BI_MMUTYPE, p->mmu, 0);
	if (!rc && !own_memchunk)
		rc = put_record(l, &op, BI_MEMCHUNK, p->memchunk, 1);
	for (i = 0; !rc && i < sizeof(p->set) / sizeof(p->set[0]) && p->set[i]; i++) {
		op.arg = p->set[i];
		rc = apply(l, &op);
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Writing: check, then temporary file, fsync, rename                  */

/*
 * What -o OUT names now.  A symbolic link is followed, as editors do: its
 * target is replaced and the link kept; a link that leads nowhere is
 * refused.  An existing OUT must be a regular file (never a directory,
 * FIFO or device, even with --force) and, unless force, a bootinfo list
 * (mk_bi_parse) or empty: anything else may be a file the user meant to
 * keep.  Its owner, group and mode go to the file that replaces it.
 */
struct dest {
	char path[PATH_MAX];	/* the file replaced: OUT or the link's target */
	int exists;
	struct stat st;		/* when it exists */
};

static int not_a_list(const char *out, const char *why, int err)
{
	if (err)
		fprintf(stderr, "%s: %s: %s: %s; use --force to replace it\n",
			prog, out, why, strerror(err));
	else
		fprintf(stderr, "%s: %s: %s; use --force to replace it\n", prog, out, why);
	return EXIT_BAD;
}

static int look_at_out(const char *out, int force, struct dest *t)
{
	static uint8_t buf[FILE_MAX + 1];
	static struct mk_bootinfo bi;
	struct mk_diag d = { 0, "" };
	struct stat st;
	size_t len = 0;
	ssize_t r;
	int fd;

	t->exists = 0;
	if (strlen(out) >= sizeof(t->path)) {
		fprintf(stderr, "%s: %s: path too long\n", prog, out);
		return EXIT_BAD;
	}
	strcpy(t->path, out);
	if (lstat(out, &st))
		return EXIT_OK;	/* a new file; creating it says what is wrong */
	if (S_ISLNK(st.st_mode) && (!realpath(out, t->path) || stat(t->path, &st))) {
		fprintf(stderr, "%s: %s: a symbolic link that cannot be followed: %s; not replaced\n",
			prog, out, strerror(errno));
		return EXIT_BAD;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "%s: %s: not a regular file, not replaced\n", prog, out);
		return EXIT_BAD;
	}
	t->exists = 1;
	t->st = st;
	if (force)
		return EXIT_OK;
	/* O_NONBLOCK: should it have become a FIFO since, do not wait. */
	fd = open(t->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return not_a_list(out, "exists and cannot be read to see whether it is a bootinfo list",
				  errno);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		fprintf(stderr, "%s: %s: not a regular file, not replaced\n", prog, out);
		return EXIT_BAD;
	}
	t->st = st;
	while (len < sizeof(buf) && (r = read(fd, buf + len, sizeof(buf) - len)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			close(fd);
			return not_a_list(out, "exists and cannot be read to see whether it is a bootinfo list",
					  e);
		}
		len += (size_t)r;
	}
	close(fd);
	/* An empty file holds nothing to lose (mktemp's, or touch's). */
	if (len && (len > FILE_MAX || mk_bi_parse(buf, len, &bi, &d)))
		return not_a_list(out, "exists and is not a bootinfo list", 0);
	return EXIT_OK;
}

/*
 * Replace OUT with the bytes: they go to a new file in the same
 * directory, which is synced and renamed over OUT, so that a reader (or
 * a crash) sees the old file or the new one, never a part.  The new file
 * keeps the owner, group and mode of the one it replaces; a new OUT gets
 * 0666 less the umask, and the user's owner and group.
 */
static int write_atomic(const char *out, int force, const uint8_t *p, size_t n)
{
	static struct dest t;
	char tmp[PATH_MAX + 16], dir[PATH_MAX];
	const char *base, *slash;
	mode_t mode, mask;
	int fd, e, dfd;

	e = look_at_out(out, force, &t);
	if (e)
		return e;
	slash = strrchr(t.path, '/');
	if (slash) {
		memcpy(dir, t.path, (size_t)(slash - t.path + 1));
		dir[slash - t.path + 1] = '\0';
		base = slash + 1;
	} else {
		strcpy(dir, "./");
		base = t.path;
	}
	if (!*base) {
		fprintf(stderr, "%s: %s: not a file name\n", prog, out);
		return EXIT_BAD;
	}
	if (t.exists) {
		mode = t.st.st_mode & 07777;
	} else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.%s.XXXXXX", dir, base) >= (int)sizeof(tmp)) {
		fprintf(stderr, "%s: %s: path too long\n", prog, out);
		return EXIT_BAD;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: cannot create a temporary file in %s: %s\n",
			prog, out, dir, strerror(errno));
		return EXIT_BAD;
	}
	/*
	 * The owner first (a chown clears set-id bits), then the mode.  Not
	 * root, we cannot give a file away: another user's file is left to
	 * them; ours, whose group we are not in, takes our group.
	 */
	if (t.exists && fchown(fd, t.st.st_uid, t.st.st_gid) && t.st.st_uid != geteuid()) {
		e = errno;
		close(fd);
		unlink(tmp);
		fprintf(stderr, "%s: %s: owned by uid %u, which the new file cannot keep: %s; not replaced\n",
			prog, out, (unsigned)t.st.st_uid, strerror(e));
		return EXIT_BAD;
	}
	e = 0;
	if (fchmod(fd, mode) || mk_write_full(fd, p, n, &e) != n || fsync(fd)) {
		e = e ? e : errno;
		close(fd);
		unlink(tmp);
		fprintf(stderr, "%s: %s: cannot write %s: %s\n", prog, out, tmp, strerror(e));
		return EXIT_BAD;
	}
	if (close(fd) || rename(tmp, t.path)) {
		e = errno;
		unlink(tmp);
		fprintf(stderr, "%s: %s: cannot replace it: %s\n", prog, out, strerror(e));
		return EXIT_BAD;
	}
	/* The rename itself is durable once the directory is synced. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return EXIT_OK;
}

static int finish(struct list *l, const char *out, int force)
{
	static uint8_t buf[FILE_MAX];
	static struct mk_bi_report rep;
	char prefix[PATH_MAX + 32];
	struct mk_diag d = { 0, "" };
	size_t len;

	if (mk_bi_serialize(&l->bi, buf, sizeof(buf), &len, &d)) {
		fprintf(stderr, "%s: %s: not written: %s\n", prog, out, d.msg);
		return EXIT_BAD;
	}
	if (mk_bi_check(buf, len, &rep)) {
		snprintf(prefix, sizeof(prefix), "%s: %s: not written: ", prog, out);
		print_problems(stderr, prefix, &rep);
		return EXIT_BAD;
	}
	return write_atomic(out, force, buf, len);
}

/* ------------------------------------------------------------------ */
/* Options                                                             */

enum {
	OPT_JSON = 256, OPT_MACHINE, OPT_CMDLINE, OPT_APPEND_CMDLINE, OPT_RAMDISK,
	OPT_NO_RAMDISK, OPT_MEMCHUNK, OPT_DEL_MEMCHUNK, OPT_SET, OPT_DEL,
};

static const struct option long_opts[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, 'f' },
	{ "machine", required_argument, NULL, OPT_MACHINE },
	{ "cmdline", required_argument, NULL, OPT_CMDLINE },
	{ "append-cmdline", required_argument, NULL, OPT_APPEND_CMDLINE },
	{ "ramdisk", required_argument, NULL, OPT_RAMDISK },
	{ "no-ramdisk", no_argument, NULL, OPT_NO_RAMDISK },
	{ "memchunk", required_argument, NULL, OPT_MEMCHUNK },
	{ "del-memchunk", required_argument, NULL, OPT_DEL_MEMCHUNK },
	{ "set", required_argument, NULL, OPT_SET },
	{ "del", required_argument, NULL, OPT_DEL },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'v' },
	{ NULL, 0, NULL, 0 },
};

struct options {
	const char *cmd;
	const char *file;
	const char *out;
	const char *machine;
	int json, quiet, force;
	unsigned nops;
	struct op ops[MAX_OPS];
};

/* Returns -1 to go on, or an exit code. */
static int parse_options(int argc, char **argv, struct options *o)
{
	int c, editing;

	memset(o, 0, sizeof(*o));
	if (argc < 2)
		return usage_error("a command is needed: show, check, edit or new", NULL);
	o->cmd = argv[1];
	if (!strcmp(o->cmd, "-h") || !strcmp(o->cmd, "--help") || !strcmp(o->cmd, "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(o->cmd, "-v") || !strcmp(o->cmd, "--version")) {
		printf("bootinfo (m68k-kexec) %s\n", MK_VERSION);
		return EXIT_OK;
	}
	if (strcmp(o->cmd, "show") && strcmp(o->cmd, "check") && strcmp(o->cmd, "edit") &&
	    strcmp(o->cmd, "new"))
		return usage_error("unknown command (show, check, edit, new)", o->cmd);
	editing = !strcmp(o->cmd, "edit") || !strcmp(o->cmd, "new");
	optind = 2;
	while ((c = getopt_long(argc, argv, "qo:fhv", long_opts, NULL)) != -1) {
		enum op_kind kind;

		switch (c) {
		case OPT_JSON:
			if (strcmp(o->cmd, "show"))
				return usage_error("--json goes with show", NULL);
			o->json = 1;
			continue;
		case 'q':
			if (strcmp(o->cmd, "check"))
				return usage_error("-q goes with check", NULL);
			o->quiet = 1;
			continue;
		case 'o':
			if (!editing)
				return usage_error("-o goes with edit and new", NULL);
			o->out = optarg;
			continue;
		case 'f':
			if (!editing)
				return usage_error("--force goes with edit and new", NULL);
			o->force = 1;
			continue;
		case OPT_MACHINE:
			if (strcmp(o->cmd, "new"))
				return usage_error("--machine goes with new", NULL);
			o->machine = optarg;
			continue;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'v':
			printf("bootinfo (m68k-kexec) %s\n", MK_VERSION);
			return EXIT_OK;
		case OPT_CMDLINE:
			kind = OP_CMDLINE;
			break;
		case OPT_APPEND_CMDLINE:
			kind = OP_APPEND_CMDLINE;
			break;
		case OPT_RAMDISK:
			kind = OP_RAMDISK;
			break;
		case OPT_NO_RAMDISK:
			kind = OP_NO_RAMDISK;
			break;
		case OPT_MEMCHUNK:
			kind = OP_MEMCHUNK;
			break;
		case OPT_DEL_MEMCHUNK:
			kind = OP_DEL_MEMCHUNK;
			break;
		case OPT_SET:
			kind = OP_SET;
			break;
		case OPT_DEL:
			kind = OP_DEL;
			break;
		default:
			fprintf(stderr, "Try '%s --help'.\n", prog);
			return EXIT_USAGE;
		}
		if (!editing)
			return usage_error("edits go with edit and new", op_names[kind]);
		if (o->nops == MAX_OPS)
			return usage_error("too many edits", NULL);
		o->ops[o->nops].kind = kind;
		o->ops[o->nops].arg = kind == OP_NO_RAMDISK ? NULL : optarg;
		o->nops++;
	}
	if (optind < argc && strcmp(o->cmd, "new"))
		o->file = argv[optind++];
	if (optind < argc)
		return usage_error("unexpected argument", argv[optind]);
	if (!strcmp(o->cmd, "edit") && !o->file)
		return usage_error("edit needs an input file", NULL);
	if (!strcmp(o->cmd, "new") && !o->machine)
		return usage_error("new needs --machine", NULL);
	if (editing && !o->out)
		return usage_error("-o OUT is needed: where to write the list", NULL);
	if (!o->file)
		o->file = DEFAULT_FILE;
	return -1;
}

static int cmd_edit(const struct options *o)
{
	static struct list l;
	unsigned i;
	int rc, own_memchunk = 0;

	if (!strcmp(o->cmd, "new")) {
		for (i = 0; i < o->nops; i++)
			own_memchunk |= o->ops[i].kind == OP_MEMCHUNK;
		rc = start_list(&l, o->machine, own_memchunk);
	} else {
		rc = read_list(&l, o->file);
		if (!rc)
			rc = parse_list(&l);
	}
	for (i = 0; !rc && i < o->nops; i++)
		rc = apply(&l, &o->ops[i]);
	return rc ? rc : finish(&l, o->out, o->force);
}

int main(int argc, char **argv)
{
	static struct options o;
	int rc = parse_options(argc, argv, &o);

	if (rc >= 0)
		return rc;
	if (!strcmp(o.cmd, "show"))
		return cmd_show(o.file, o.json);
	if (!strcmp(o.cmd, "check"))
		return cmd_check(o.file, o.quiet);
	return cmd_edit(&o);
}
