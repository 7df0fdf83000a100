// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kdump-config savecore: the capture step, what the capture initramfs'
 * /init does.  Find the target filesystem, mount it, save the dump
 * (without its zero pages, compressed as configured), then its kernel
 * log and a summary, all under COREDIR/TS.partial renamed to COREDIR/TS
 * when complete; then the way back: the normal kernel by kexec, or a
 * reboot.
 *
 * Every read of /proc/vmcore is a pread until the dump is saved; the
 * log is read last through a mapping (cli/vmcore.c): on an m68k kernel
 * without kernel patch 0011, unmapping a mapping of /proc/vmcore breaks
 * later reads of its ELF headers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#include "kdump_config.h"
#include "m68kexec_printk.h"
#include "sys.h"
#include "vmcore.h"

#define CHUNK		(64u * 1024u)
#define HEADERS_MAX	(1024u * 1024u)	/* ELF headers and notes read */
#define CMDLINE_FILE_MAX	4096u
#define PT_LOAD		1u

/* The filesystem the dump goes to. */
struct target {
	char spec[MK_KDUMP_PATH_SIZE];	/* KDUMP_DEVICE, root= or --target */
	char dev[PATH_MAX];		/* the device found */
	char dir[PATH_MAX];		/* where it is mounted */
	int mounted;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nap(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static const char *cmdline_file(const struct kc_opts *o)
{
	if (o->cmdline_file)
		return o->cmdline_file;
	return access("/etc/cmdline", F_OK) == 0 ? "/etc/cmdline" : "/proc/cmdline";
}

static const char *mount_dir(const struct kc_opts *o)
{
	return o->mount_dir ? o->mount_dir : "/mnt";
}


/* ------------------------------------------------------------------ */
/* The device: /dev/NAME, UUID= or LABEL=                               */

/* One look through /sys/class/block for the filesystem spec names. */
static int scan_block(const char *spec, char *dev, size_t cap)
{
	DIR *dir = opendir("/sys/class/block");
	struct dirent *e;
	int found = 0;

	while (dir && !found && (e = readdir(dir))) {
		uint8_t sb[MK_EXT_SB_LEN];
		struct mk_fs_id id;
		char p[300];
		int fd;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/dev/%s", e->d_name);
		fd = open(p, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			continue;
		if (pread(fd, sb, sizeof(sb), MK_EXT_SB_OFFSET) == (ssize_t)sizeof(sb) &&
		    mk_ext_superblock(sb, sizeof(sb), &id) && mk_fs_id_match(&id, spec) == 1) {
			snprintf(dev, cap, "%s", p);
			found = 1;
		}
		close(fd);
	}
	if (dir)
		closedir(dir);
	return found;
}

/*
 * The device spec names, waiting up to timeout seconds for it to appear
 * (the capture kernel finds its disks while /init runs).  -1 after one
 * line when it never does or spec is no form we read.
 */
static int find_device(const char *spec, int timeout, char *dev, size_t cap, const char *what)
{
	double start = now();
	struct stat st;
	int is_path = spec[0] == '/';

	if (!is_path && strncmp(spec, "UUID=", 5) && strncmp(spec, "LABEL=", 6)) {
		kc_err("%s: %s: a device is /dev/NAME, UUID=... or LABEL=...", what, spec);
		return -1;
	}
	for (;;) {
		if (is_path ? stat(spec, &st) == 0 : scan_block(spec, dev, cap)) {
			if (is_path)
				snprintf(dev, cap, "%s", spec);
			return 0;
		}
		if (now() - start >= timeout)
			break;
		nap(250);
	}
	kc_err("%s: no device %s after %d s", what, spec, timeout);
	return -1;
}

/*
 * Mount dev on dir: as fstype, or as each filesystem of
 * /proc/filesystems that needs a device, in order.
 */
static int mount_dev(const char *dev, const char *dir, const char *fstype, unsigned long flags,
		     const char *what)
{
	static char fs[8192];
	struct mk_diag d = { 0, "" };
	char tried[300] = "";
	size_t len = 0;
	char *line, *save = NULL;
	int err = 0;

	if (kc_mkdirs(dir, 0755)) {
		kc_err("%s: cannot create %s: %s", what, dir, strerror(errno));
		return -1;
	}
	if (fstype && fstype[0]) {
		if (mount(dev, dir, fstype, flags, NULL) == 0)
			return 0;
		kc_err("%s: cannot mount %s on %s as %s: %s", what, dev, dir, fstype, strerror(errno));
		return -1;
	}
	if (mk_read_file("/proc/filesystems", (uint8_t *)fs, sizeof(fs) - 1, &len, &d)) {
		kc_err("%s: %s", what, d.msg);
		return -1;
	}
	fs[len] = '\0';
	for (line = strtok_r(fs, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *name = line + strspn(line, " \t");

		if (strncmp(line, "nodev", 5) == 0 || !*name)
			continue;
		if (mount(dev, dir, name, flags, NULL) == 0)
			return 0;
		if (errno != EINVAL && errno != ENODEV)
			err = errno;
		snprintf(tried + strlen(tried), sizeof(tried) - strlen(tried), "%s%s",
			 tried[0] ? " " : "", name);
	}
	if (err)
		kc_err("%s: cannot mount %s on %s: %s", what, dev, dir, strerror(err));
	else
		kc_err("%s: cannot mount %s on %s: no filesystem of /proc/filesystems mounts it (tried %s)",
		       what, dev, dir, tried[0] ? tried : "none");
	return -1;
}

static void release(struct target *t)
{
	if (!t->mounted)
		return;
	sync();
	if (umount(t->dir) < 0)
		kc_err("cannot unmount %s: %s", t->dir, strerror(errno));
	t->mounted = 0;
}

/* ------------------------------------------------------------------ */
/* The dump file: plain, gzip or zstd, every write checked              */

struct sink {
	int fd;
	enum mk_kdump_compress comp;
	uint64_t in;		/* bytes of the dump taken */
	uint64_t out;		/* bytes written to the file */
	int err;		/* errno of the first failure */
	const char *why;	/* or the encoder's words */
	uint8_t *obuf;
#ifdef HAVE_ZLIB
	z_stream z;
#endif
#ifdef HAVE_ZSTD
	ZSTD_CCtx *zc;
#endif
};

static int raw_write(struct sink *k, const uint8_t *p, size_t len)
{
	if (!k->err)
		k->out += mk_write_full(k->fd, p, len, &k->err);
	return k->err ? -1 : 0;
}

static int sink_open(struct sink *k, int fd, enum mk_kdump_compress comp)
{
	memset(k, 0, sizeof(*k));
	k->fd = fd;
	k->comp = comp;
	if (comp == MK_KDUMP_COMPRESS_NONE)
		return 0;
	k->obuf = malloc(CHUNK);
	if (!k->obuf) {
		k->err = ENOMEM;
		return -1;
	}
#ifdef HAVE_ZLIB
	if (comp == MK_KDUMP_COMPRESS_GZIP) {
		/* 15 + 16: a gzip header and trailer around the deflate stream */
		if (deflateInit2(&k->z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
			k->err = ENOMEM;
			return -1;
		}
		return 0;
	}
#endif
#ifdef HAVE_ZSTD
	if (comp == MK_KDUMP_COMPRESS_ZSTD) {
		k->zc = ZSTD_createCCtx();
		/* a small window: the capture kernel has little memory */
		if (!k->zc || ZSTD_isError(ZSTD_CCtx_setParameter(k->zc, ZSTD_c_compressionLevel, 1)) ||
		    ZSTD_isError(ZSTD_CCtx_setParameter(k->zc, ZSTD_c_windowLog, 18)) ||
		    ZSTD_isError(ZSTD_CCtx_setParameter(k->zc, ZSTD_c_checksumFlag, 1))) {
			k->err = ENOMEM;
			return -1;
		}
		return 0;
	}
#endif
	k->err = ENOSYS;
	return -1;
}

/* Feed len bytes (end: and finish the stream). */
static int sink_feed(struct sink *k, const uint8_t *p, size_t len, int end)
{
	(void)end;	/* unused when built without an encoder */
	if (k->err)
		return -1;
	switch (k->comp) {
	case MK_KDUMP_COMPRESS_NONE:
		if (raw_write(k, p, len))
			return -1;
		break;
	case MK_KDUMP_COMPRESS_GZIP:
#ifdef HAVE_ZLIB
		k->z.next_in = (Bytef *)(uintptr_t)p;
		k->z.avail_in = (uInt)len;
		for (;;) {
			int r;

			k->z.next_out = k->obuf;
			k->z.avail_out = CHUNK;
			r = deflate(&k->z, end ? Z_FINISH : Z_NO_FLUSH);
			if (r == Z_STREAM_ERROR) {
				k->err = EIO;
				k->why = "zlib's deflate failed";
				return -1;
			}
			if (raw_write(k, k->obuf, CHUNK - k->z.avail_out))
				return -1;
			if (end ? r == Z_STREAM_END : k->z.avail_in == 0 && k->z.avail_out != 0)
				break;
		}
		break;
#else
		k->err = ENOSYS;
		return -1;
#endif
	case MK_KDUMP_COMPRESS_ZSTD:
#ifdef HAVE_ZSTD
	{
		ZSTD_inBuffer in = { p, len, 0 };

		for (;;) {
			ZSTD_outBuffer out = { k->obuf, CHUNK, 0 };
			size_t r = ZSTD_compressStream2(k->zc, &out, &in,
							end ? ZSTD_e_end : ZSTD_e_continue);

			if (ZSTD_isError(r)) {
				k->err = EIO;
				k->why = ZSTD_getErrorName(r);
				return -1;
			}
			if (raw_write(k, k->obuf, out.pos))
				return -1;
			if (end ? r == 0 : in.pos == in.size)
				break;
		}
		break;
	}
#else
		k->err = ENOSYS;
		return -1;
#endif
	}
	k->in += len;
	return 0;
}

static int sink_put(struct sink *k, const void *p, size_t len)
{
	return sink_feed(k, p, len, 0);
}

static int sink_zeros(struct sink *k, uint64_t len)
{
	static const uint8_t zero[4096];

	while (len) {
		size_t n = len < sizeof(zero) ? (size_t)len : sizeof(zero);

		if (sink_put(k, zero, n))
			return -1;
		len -= n;
	}
	return 0;
}

/* Finish the stream, fsync and close (the file system may say ENOSPC only now). */
static int sink_close(struct sink *k)
{
	if (k->comp != MK_KDUMP_COMPRESS_NONE)
		sink_feed(k, NULL, 0, 1);
	if (!k->err && fsync(k->fd) < 0)
		k->err = errno;
	if (close(k->fd) < 0 && !k->err)
		k->err = errno;
	k->fd = -1;
#ifdef HAVE_ZLIB
	if (k->comp == MK_KDUMP_COMPRESS_GZIP)
		deflateEnd(&k->z);
#endif
#ifdef HAVE_ZSTD
	ZSTD_freeCCtx(k->zc);
	k->zc = NULL;
#endif
	free(k->obuf);
	k->obuf = NULL;
	return k->err ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Saving                                                               */

struct save {
	const struct mk_kdump_conf *c;
	const struct kc_opts *o;
	enum mk_kdump_compress comp;
	const char *vmcore;
	int fd;				/* /proc/vmcore */
	uint64_t vmcore_size;
	uint8_t *hbuf;			/* its ELF header, program headers, notes */
	size_t hlen;
	int have_headers;		/* mk_dump_read_headers() took them */
	char why_raw[200];		/* why not, when not */
	char ts[32];			/* the directory's name */
	char base[PATH_MAX];		/* MOUNT/COREDIR */
	char partial[PATH_MAX + 40];	/* MOUNT/COREDIR/TS.partial */
	char where[PATH_MAX + 300];	/* SPEC:COREDIR/TS, for messages */
	char dump_name[64];
	uint64_t dump_size;		/* uncompressed */
	uint64_t dump_file;		/* bytes of the file */
	uint64_t zero_pages;
	uint64_t memory;		/* bytes of the old memory */
	char read_err[200];		/* a failed read of /proc/vmcore */
};

static struct mk_dump_in in;
static struct mk_dump_plan plan;

/* Read len bytes at off of the dump, or say why in s->read_err. */
static int dump_read(struct save *s, uint8_t *p, size_t len, uint64_t off)
{
	ssize_t n = mk_dump_pread(s->fd, p, len, off);

	if (n == (ssize_t)len)
		return 0;
	snprintf(s->read_err, sizeof(s->read_err), "%s: cannot read %zu bytes at offset %" PRIu64 ": %s",
		 s->vmcore, len, off, n < 0 ? strerror(errno) : "the file ends before");
	return -1;
}

/*
 * The ELF header, program headers and notes, read with pread.  When the
 * core cannot plan a dump from them, the dump is copied whole.
 */
static int read_headers(struct save *s)
{
	struct mk_diag d = { 0, "" };
	uint64_t need = 52;
	struct stat st;
	int rc;

	if (fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode))
		s->vmcore_size = (uint64_t)st.st_size;
	for (;;) {
		uint8_t *b;

		if (need > HEADERS_MAX) {
			snprintf(s->why_raw, sizeof(s->why_raw), "its headers are over %u bytes",
				 HEADERS_MAX);
			return 0;
		}
		b = realloc(s->hbuf, (size_t)need);
		if (!b) {
			kc_err("cannot save the dump: out of memory");
			return -1;
		}
		s->hbuf = b;
		s->hlen = (size_t)need;
		if (dump_read(s, s->hbuf, s->hlen, 0)) {
			kc_err("cannot save the dump: %s", s->read_err);
			return -1;
		}
		rc = mk_dump_read_headers(s->hbuf, s->hlen, &in, &need, &d);
		if (rc == 1)
			break;
		if (rc < 0 || need <= s->hlen) {
			snprintf(s->why_raw, sizeof(s->why_raw), "%s", rc < 0 ? d.msg : "bad headers");
			return 0;
		}
	}
	if (in.headers_end > s->hlen) {
		need = in.headers_end;
		if (need > HEADERS_MAX) {
			snprintf(s->why_raw, sizeof(s->why_raw), "its notes are over %u bytes", HEADERS_MAX);
			return 0;
		}
		s->hbuf = realloc(s->hbuf, (size_t)need);
		if (!s->hbuf) {
			kc_err("cannot save the dump: out of memory");
			return -1;
		}
		s->hlen = (size_t)need;
		if (dump_read(s, s->hbuf, s->hlen, 0)) {
			kc_err("cannot save the dump: %s", s->read_err);
			return -1;
		}
	}
	s->have_headers = 1;
	if (!s->vmcore_size)
		s->vmcore_size = in.size;
	return 0;
}

static int page_is_zero(const uint8_t *p)
{
	return p[0] == 0 && memcmp(p, p + 1, MK_PAGE_SIZE - 1) == 0;
}

/* Copy len bytes at off of the dump into the sink. */
static int copy_range(struct save *s, struct sink *k, uint8_t *buf, uint64_t off, uint64_t len)
{
	while (len) {
		size_t n = len < CHUNK ? (size_t)len : CHUNK;

		if (dump_read(s, buf, n, off) || sink_put(k, buf, n))
			return -1;
		off += n;
		len -= n;
	}
	return 0;
}

/*
 * Without its zero pages: a first pass reads every page of the PT_LOADs
 * and marks the zero ones, the core plans the output, a second pass
 * copies what the plan says.
 */
static int write_filtered(struct save *s, struct sink *k, uint8_t *buf)
{
	struct mk_diag d = { 0, "" };
	uint64_t pages = mk_dump_pages(&in), page = 0, pos;
	uint8_t *zero = calloc((size_t)((pages + 7) / 8) + 1, 1), *hdr = NULL;
	uint32_t i;
	int rc = -1;

	if (!zero) {
		k->err = ENOMEM;
		return -1;
	}
	for (i = 0; i < in.phnum; i++) {
		uint64_t off;

		if (in.ph[i].type != PT_LOAD)
			continue;
		for (off = 0; off < in.ph[i].filesz; ) {
			size_t n = in.ph[i].filesz - off < CHUNK ? (size_t)(in.ph[i].filesz - off) : CHUNK;
			size_t p;

			if (dump_read(s, buf, n, in.ph[i].offset + off))
				goto out;
			for (p = 0; p < n; p += MK_PAGE_SIZE, page++)
				if (page_is_zero(buf + p))
					zero[page / 8] |= (uint8_t)(1u << (page % 8));
			off += n;
		}
	}
	if (mk_dump_plan_build(&in, zero, 1, &plan, &d)) {
		snprintf(s->read_err, sizeof(s->read_err), "%.40s: %.150s", s->vmcore, d.msg);
		goto out;
	}
	s->dump_size = plan.out_size;
	s->zero_pages = plan.zero_pages;
	hdr = malloc((size_t)plan.headers_len);
	if (!hdr || mk_dump_headers(&plan, s->hbuf, hdr, (size_t)plan.headers_len) != plan.headers_len) {
		snprintf(s->read_err, sizeof(s->read_err), "%s: cannot build the dump's headers",
			 s->vmcore);
		goto out;
	}
	if (sink_put(k, hdr, (size_t)plan.headers_len))
		goto out;
	pos = plan.headers_len;
	for (i = 0; i < plan.ncopies; i++) {
		const struct mk_dump_copy *cp = &plan.copies[i];

		if (cp->out_off < pos) {
			snprintf(s->read_err, sizeof(s->read_err), "the plan's copy %u goes backwards", i);
			goto out;
		}
		if (sink_zeros(k, cp->out_off - pos) || copy_range(s, k, buf, cp->in_off, cp->len))
			goto out;
		pos = cp->out_off + cp->len;
	}
	if (pos < plan.out_size && sink_zeros(k, plan.out_size - pos))
		goto out;
	rc = 0;
out:
	free(hdr);
	free(zero);
	return rc;
}

static const char *comp_suffix(enum mk_kdump_compress c)
{
	return c == MK_KDUMP_COMPRESS_GZIP ? ".gz" : c == MK_KDUMP_COMPRESS_ZSTD ? ".zst" : "";
}

/* dump.TS: the whole dump, or without its zero pages; compressed as asked. */
static int write_dump(struct save *s)
{
	char path[sizeof(s->partial) + 80];
	uint8_t *buf = malloc(CHUNK);
	struct sink k;
	int fd, rc;

	snprintf(s->dump_name, sizeof(s->dump_name), "dump.%s%s", s->ts, comp_suffix(s->comp));
	snprintf(path, sizeof(path), "%s/%s", s->partial, s->dump_name);
	if (!buf) {
		kc_err("cannot save the dump to %s: out of memory", s->where);
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		kc_err("cannot save the dump to %s: %s: %s", s->where, s->dump_name, strerror(errno));
		free(buf);
		return -1;
	}
	s->dump_size = s->vmcore_size;
	if (sink_open(&k, fd, s->comp)) {
		close(fd);
		kc_err("cannot save the dump to %s: %s", s->where, strerror(k.err));
		free(buf);
		return -1;
	}
	if (s->have_headers && s->c->skip_zero)
		rc = write_filtered(s, &k, buf);
	else
		rc = copy_range(s, &k, buf, 0, s->vmcore_size);
	if (sink_close(&k))
		rc = -1;
	free(buf);
	if (rc == 0) {
		s->dump_file = k.out;
		return 0;
	}
	if (k.err)
		kc_err("cannot save the dump to %s: %s (wrote %" PRIu64 " of %" PRIu64 " bytes)", s->where,
		       k.why ? k.why : strerror(k.err),
		       k.comp == MK_KDUMP_COMPRESS_NONE ? k.out : k.in, s->dump_size);
	else
		kc_err("cannot save the dump to %s: %s", s->where, s->read_err);
	return -1;
}

/* What the log says about the crash, for the summary. */
struct scan {
	char panic[200];	/* the last "Kernel panic - not syncing" line */
	char oops[200];		/* the first oops, bad access or sysrq crash */
	unsigned long lines;
};

static void keep(char *out, size_t cap, const char *s, size_t len)
{
	if (len >= cap)
		len = cap - 1;
	memcpy(out, s, len);
	out[len] = '\0';
}

static void scan_line(const char *line, size_t len, void *arg)
{
	static const char *const oops[] = {
		"Oops", "Unable to handle kernel", "sysrq: Trigger a crash",
	};
	struct scan *sc = arg;
	const char *rb = line[0] == '[' ? memchr(line, ']', len) : NULL;
	size_t i;

	sc->lines++;
	if (rb && (size_t)(rb - line) + 2 <= len) {	/* after "[time] " */
		len -= (size_t)(rb - line) + 2;
		line = rb + 2;
	}
	if (memmem(line, len, "Kernel panic - not syncing", 26)) {
		keep(sc->panic, sizeof(sc->panic), line, len);
		return;
	}
	for (i = 0; !sc->oops[0] && i < sizeof(oops) / sizeof(oops[0]); i++)
		if (memmem(line, len, oops[i], strlen(oops[i])))
			keep(sc->oops, sizeof(sc->oops), line, len);
}

/*
 * dmesg.TS (when KDUMP_DUMP_DMESG=1) and the crash lines for the
 * summary, from a mapping of the dump: the last read of /proc/vmcore.
 * A log that cannot be read costs the log, not the dump; a write error
 * costs the save.
 */
static int write_dmesg(struct save *s, struct scan *sc, char *note, size_t cap)
{
	char path[sizeof(s->partial) + 80];
	struct mk_diag d = { 0, "" };
	struct mk_dump_map m;
	FILE *fp = NULL;
	int werr = 0, rc;

	snprintf(note, cap, "dmesg.%s", s->ts);
	if (!s->c->dump_dmesg)
		snprintf(note, cap, "not saved (KDUMP_DUMP_DMESG=0)");
	if (mk_dump_map_open(s->vmcore, &m, &d)) {
		kc_err("no kernel log: %s", d.msg);
		if (s->c->dump_dmesg)
			snprintf(note, cap, "not saved (%s)", d.msg);
		return 0;
	}
	if (s->c->dump_dmesg) {
		int fd;

		snprintf(path, sizeof(path), "%s/dmesg.%s", s->partial, s->ts);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		fp = fd < 0 ? NULL : fdopen(fd, "w");
		if (!fp) {
			kc_err("cannot save the dump to %s: dmesg.%s: %s", s->where, s->ts, strerror(errno));
			if (fd >= 0)
				close(fd);
			mk_dump_map_close(&m);
			return -1;
		}
	}
	rc = mk_dump_write_log(fp, m.data, m.len, scan_line, sc, &werr, &d);
	mk_dump_map_close(&m);
	if (fp) {
		if (!werr && (fflush(fp) || fsync(fileno(fp)) < 0))
			werr = errno;
		if (fclose(fp) && !werr)
			werr = errno;
	}
	if (werr) {
		kc_err("cannot save the dump to %s: dmesg.%s: %s", s->where, s->ts, strerror(werr));
		return -1;
	}
	if (rc) {
		kc_err("the kernel log is incomplete: %s", d.msg);
		snprintf(note + strlen(note), cap - strlen(note), ", incomplete (%s)", d.msg);
	}
	return 0;
}

static int write_summary(struct save *s, const struct scan *sc, const char *dmesg_note,
			 time_t when, double start)
{
	char path[sizeof(s->partial) + 80], iso[40], osrel[80] = "unknown", size[120];
	const char *info, *val;
	size_t info_len, val_len;
	struct tm tm;
	FILE *fp;
	int fd, err = 0;

	if (s->have_headers && mk_vmcore_info(s->hbuf, s->hlen, &info, &info_len, NULL) == 0 &&
	    mk_vmcoreinfo_value(info, info_len, "OSRELEASE", &val, &val_len))
		keep(osrel, sizeof(osrel), val, val_len);
	gmtime_r(&when, &tm);
	strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (s->comp == MK_KDUMP_COMPRESS_NONE)
		snprintf(size, sizeof(size), "%" PRIu64 " bytes", s->dump_file);
	else
		snprintf(size, sizeof(size), "%" PRIu64 " bytes (%" PRIu64 " uncompressed)",
			 s->dump_file, s->dump_size);
	snprintf(path, sizeof(path), "%s/summary.%s", s->partial, s->ts);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	fp = fd < 0 ? NULL : fdopen(fd, "w");
	if (!fp) {
		err = errno;
		if (fd >= 0)
			close(fd);
	} else {
		fprintf(fp, "time: %s\n", iso);
		fprintf(fp, "kernel: %s\n", osrel);
		fprintf(fp, "panic: %s\n", sc->panic[0] ? sc->panic : sc->oops[0] ? sc->oops : "unknown");
		fprintf(fp, "dump: %s, %s, %" PRIu64 " pages left out, compression %s\n", s->dump_name,
			size, s->zero_pages, mk_kdump_compress_name(s->comp));
		fprintf(fp, "dmesg: %s\n", dmesg_note);
		fprintf(fp, "seconds: %.1f\n", now() - start);
		if (fflush(fp) || ferror(fp) || fsync(fd) < 0)
			err = errno ? errno : EIO;
		if (fclose(fp) && !err)
			err = errno;
	}
	if (err) {
		kc_err("cannot save the dump to %s: summary.%s: %s", s->where, s->ts, strerror(err));
		return -1;
	}
	return 0;
}

static void remove_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char p[PATH_MAX + 300];

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	if (rmdir(path) < 0 && errno != ENOENT)
		kc_err("cannot remove %s: %s", path, strerror(errno));
}

static int exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* COREDIR/TS: UTC YYYYMMDDHHMM, then TS-1, TS-2 ... when taken. */
static int pick_name(struct save *s, time_t when)
{
	char stamp[20], p[sizeof(s->partial)];
	struct tm tm;
	unsigned k;

	gmtime_r(&when, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M", &tm);
	for (k = 0; k < 1000; k++) {
		if (k)
			snprintf(s->ts, sizeof(s->ts), "%s-%u", stamp, k);
		else
			snprintf(s->ts, sizeof(s->ts), "%s", stamp);
		if ((size_t)snprintf(p, sizeof(p), "%s/%s", s->base, s->ts) >= sizeof(p) ||
		    (size_t)snprintf(s->partial, sizeof(s->partial), "%s.partial", p) >= sizeof(s->partial))
			return -1;
		if (!exists(p) && !exists(s->partial))
			return 0;
	}
	return -1;
}

static void fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* The size of memory, in the start line's words. */
static void mem_text(uint64_t v, char *out, size_t cap)
{
	if (v >= 1024 * 1024 && v % (1024 * 1024) == 0)
		snprintf(out, cap, "%" PRIu64 " MiB", v >> 20);
	else if (v >= 1024 && v % 1024 == 0)
		snprintf(out, cap, "%" PRIu64 " KiB", v >> 10);
	else
		snprintf(out, cap, "%" PRIu64 " bytes", v);
}

/* Find and mount the target filesystem (or take --target). */
static int open_target(const struct mk_kdump_conf *c, const struct kc_opts *o, struct target *t)
{
	static char cmdline[CMDLINE_FILE_MAX];
	struct mk_diag d = { 0, "" };
	const char *cf = cmdline_file(o);

	if (o->target) {
		snprintf(t->spec, sizeof(t->spec), "%s", o->target);
		snprintf(t->dir, sizeof(t->dir), "%s", o->target);
		return 0;
	}
	if (c->device[0]) {
		snprintf(t->spec, sizeof(t->spec), "%s", c->device);
	} else {
		if (kc_read_text(cf, cmdline, sizeof(cmdline), &d)) {
			kc_err("cannot save the dump: %s", d.msg);
			return -1;
		}
		if (mk_cmdline_value(cmdline, "root", t->spec, sizeof(t->spec)) != 1) {
			kc_err("cannot save the dump: KDUMP_DEVICE is empty and %s has no root=", cf);
			return -1;
		}
	}
	if (find_device(t->spec, o->device_timeout, t->dev, sizeof(t->dev), "cannot save the dump"))
		return -1;
	snprintf(t->dir, sizeof(t->dir), "%s", mount_dir(o));
	if (mount_dev(t->dev, t->dir, c->fstype, 0, "cannot save the dump"))
		return -1;
	t->mounted = 1;
	return 0;
}

/* Steps 1 to 4 of kdump-config.8: KC_OK when the dump is saved. */
static int save(const struct mk_kdump_conf *c, const struct kc_opts *o, struct target *t)
{
	struct save s;
	struct scan sc;
	char final[sizeof(s.partial)], mem[40], dmesg_note[300];
	double start = now();
	time_t when = time(NULL);
	uint32_t i;
	int rc = KC_INPUT;

	memset(&s, 0, sizeof(s));
	memset(&sc, 0, sizeof(sc));
	s.c = c;
	s.o = o;
	s.comp = c->compress;
	s.vmcore = o->vmcore ? o->vmcore : "/proc/vmcore";
	s.fd = -1;
	if (!kc_can_compress(s.comp)) {
		kc_err("KDUMP_COMPRESS=%s: this kdump-config was built without %s: saving the dump uncompressed",
		       mk_kdump_compress_name(s.comp), kc_compress_lib(s.comp));
		s.comp = MK_KDUMP_COMPRESS_NONE;
	}
	s.fd = open(s.vmcore, O_RDONLY | O_CLOEXEC);
	if (s.fd < 0) {
		kc_err("cannot save the dump: %s: cannot open: %s", s.vmcore, strerror(errno));
		return KC_INPUT;
	}
	if (read_headers(&s))
		goto out;
	if (!s.have_headers)
		kc_err("%s: %s: saving it whole", s.vmcore, s.why_raw);
	if (!s.vmcore_size) {
		kc_err("cannot save the dump: %s is empty", s.vmcore);
		goto out;
	}
	if (open_target(c, o, t))
		goto out;
	if ((size_t)snprintf(s.base, sizeof(s.base), "%s%s%s", t->dir,
			     c->coredir[0] == '/' ? "" : "/", c->coredir) >= sizeof(s.base) ||
	    kc_mkdirs(s.base, 0755)) {
		kc_err("cannot save the dump: cannot create %s: %s", s.base, strerror(errno));
		goto out;
	}
	if (pick_name(&s, when)) {
		kc_err("cannot save the dump: %s: no free name for %s", s.base, s.ts);
		goto out;
	}
	snprintf(s.where, sizeof(s.where), "%s:%s%s%s%s", t->spec, c->coredir[0] == '/' ? "" : "/",
		 c->coredir, c->coredir[0] && c->coredir[strlen(c->coredir) - 1] == '/' ? "" : "/",
		 s.ts);
	if (mkdir(s.partial, 0700) < 0) {
		kc_err("cannot save the dump to %s: cannot create %s: %s", s.where, s.partial,
		       strerror(errno));
		goto out;
	}
	s.memory = 0;
	for (i = 0; s.have_headers && i < in.phnum; i++)
		if (in.ph[i].type == PT_LOAD)
			s.memory += in.ph[i].memsz;
	mem_text(s.have_headers ? s.memory : s.vmcore_size, mem, sizeof(mem));
	kc_say("saving %s of the crashed kernel's memory to %s", mem, s.where);
	if (write_dump(&s))
		goto fail;
	close(s.fd);
	s.fd = -1;
	if (write_dmesg(&s, &sc, dmesg_note, sizeof(dmesg_note)) ||
	    write_summary(&s, &sc, dmesg_note, when, start))
		goto fail;
	fsync_dir(s.partial);
	snprintf(final, sizeof(final), "%s/%s", s.base, s.ts);
	if (rename(s.partial, final) < 0) {
		kc_err("cannot save the dump to %s: cannot rename %s: %s", s.where, s.partial,
		       strerror(errno));
		goto fail;
	}
	fsync_dir(s.base);
	sync();
	if (s.comp == MK_KDUMP_COMPRESS_NONE)
		kc_say("saved %" PRIu64 " bytes to %s in %.1f s", s.dump_file, s.where, now() - start);
	else
		kc_say("saved %" PRIu64 " bytes (%s of %" PRIu64 ") to %s in %.1f s", s.dump_file,
		       mk_kdump_compress_name(s.comp), s.dump_size, s.where, now() - start);
	rc = KC_OK;
	goto out;
fail:
	remove_dir(s.partial);
out:
	if (s.fd >= 0)
		close(s.fd);
	free(s.hbuf);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The way back                                                         */

static void do_reboot(const struct kc_opts *o, int cmd, const char *what)
{
	kc_say("%s", what);
	sync();
	reboot(cmd);
	kc_err("%s failed: %s", cmd == RB_POWER_OFF ? "poweroff" : "reboot", strerror(errno));
	if (o->pid1)
		for (;;)
			pause();
}

static int same_device(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) || stat(b, &sb))
		return 0;
	if (S_ISBLK(sa.st_mode) && S_ISBLK(sb.st_mode))
		return sa.st_rdev == sb.st_rdev;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * Load the normal kernel again from the root filesystem and boot it.
 * Returns only when that failed (after one line saying why).
 */
static void back_by_kexec(const struct mk_kdump_conf *c, const struct kc_opts *o, struct target *t)
{
	static char line[CMDLINE_FILE_MAX], newline[MK_CMDLINE_SIZE];
	static char kpath[PATH_MAX + MK_KDUMP_PATH_SIZE], ipath[PATH_MAX + MK_KDUMP_PATH_SIZE];
	static char iarg[PATH_MAX + 300], barg[PATH_MAX + 20], carg[MK_CMDLINE_SIZE + 20];
	const char *cf = cmdline_file(o);
	const char *bi = o->bootinfo_file ? o->bootinfo_file : "/etc/bootinfo";
	const char *kernel = c->return_kernel[0] ? c->return_kernel : c->kernel;
	struct mk_cmdline_opts co;
	struct mk_diag d = { 0, "" };
	char spec[MK_KDUMP_PATH_SIZE], fstype[32] = "", dev[PATH_MAX], root[PATH_MAX + 8];
	char kexec[PATH_MAX];
	char *argv[8];
	int n = 0, rc, root_mounted = 0;

	if (kc_read_text(cf, line, sizeof(line), &d)) {
		kc_err("the way back: %s", d.msg);
		return;
	}
	if (mk_cmdline_value(line, "root", spec, sizeof(spec)) != 1) {
		kc_err("the way back: %s has no root=", cf);
		return;
	}
	if (!kernel[0]) {
		kc_err("the way back: no kernel to boot (KDUMP_RETURN_KERNEL and KDUMP_KERNEL are empty)");
		return;
	}
	memset(&co, 0, sizeof(co));
	co.command_line = line;
	if (c->return_append[0])
		co.append[co.nappend++] = c->return_append;
	if (mk_cmdline_compose(&co, newline, sizeof(newline), &d)) {
		kc_err("the way back: %s", d.msg);
		return;
	}
	if (access(bi, R_OK)) {
		kc_err("the way back: %s: %s (the normal kernel's bootinfo)", bi, strerror(errno));
		return;
	}
	if (o->init && !o->kexec)
		snprintf(kexec, sizeof(kexec), "/sbin/kexec");
	else if (kc_find_kexec(o, kexec, sizeof(kexec)))
		return;
	if (find_device(spec, o->device_timeout, dev, sizeof(dev), "the way back"))
		return;
	if (t->mounted && same_device(t->dev, dev)) {
		snprintf(root, sizeof(root), "%s", t->dir);
	} else {
		release(t);
		snprintf(root, sizeof(root), "%s/root", mount_dir(o));
		mk_cmdline_value(line, "rootfstype", fstype, sizeof(fstype));
		if (mount_dev(dev, root, fstype, MS_RDONLY, "the way back"))
			return;
		root_mounted = 1;
	}
	if ((size_t)snprintf(kpath, sizeof(kpath), "%s%s%s", root, kernel[0] == '/' ? "" : "/",
			     kernel) >= sizeof(kpath))
		kpath[0] = '\0';
	argv[n++] = kexec;
	argv[n++] = "-l";
	argv[n++] = kpath;
	if (c->return_initrd[0]) {
		if ((size_t)snprintf(ipath, sizeof(ipath), "%s%s%s", root,
				     c->return_initrd[0] == '/' ? "" : "/",
				     c->return_initrd) < sizeof(ipath) && access(ipath, R_OK) == 0) {
			snprintf(iarg, sizeof(iarg), "--initrd=%s", ipath);
			argv[n++] = iarg;
		} else {
			kc_say("the way back: no %s on %s: booting without an initrd", c->return_initrd, spec);
		}
	} else {
		kc_say("the way back: KDUMP_RETURN_INITRD is empty: booting without an initrd");
	}
	snprintf(barg, sizeof(barg), "--bootinfo=%s", bi);
	argv[n++] = barg;
	snprintf(carg, sizeof(carg), "--command-line=%s", newline);
	argv[n++] = carg;
	argv[n] = NULL;
	kc_say("booting the normal kernel again: %s from %s", kernel, spec);
	rc = kc_run(argv);
	if (root_mounted && umount(root) < 0)
		kc_err("cannot unmount %s: %s", root, strerror(errno));
	release(t);
	if (rc != 0) {
		kc_err("the way back: %s -l %s failed (exit status %d)", kexec, kpath, rc);
		return;
	}
	{
		char *ex[] = { kexec, "-e", NULL };

		rc = kc_run(ex);
		kc_err("the way back: %s -e failed (exit status %d)", kexec, rc);
	}
}

static void way_back(const struct mk_kdump_conf *c, const struct kc_opts *o, struct target *t)
{
	switch (c->after) {
	case MK_KDUMP_AFTER_KEXEC:
		back_by_kexec(c, o, t);
		release(t);
		do_reboot(o, RB_AUTOBOOT, "rebooting");
		break;
	case MK_KDUMP_AFTER_REBOOT:
		release(t);
		do_reboot(o, RB_AUTOBOOT, "rebooting");
		break;
	case MK_KDUMP_AFTER_POWEROFF:
		release(t);
		do_reboot(o, RB_POWER_OFF, "powering off");
		break;
	}
}

/* ------------------------------------------------------------------ */

void kc_init_setup(void)
{
	static const struct {
		const char *src, *dir, *type;
	} fs[] = {
		{ "proc", "/proc", "proc" },
		{ "sysfs", "/sys", "sysfs" },
		{ "devtmpfs", "/dev", "devtmpfs" },
	};
	size_t i;

	for (i = 0; i < sizeof(fs) / sizeof(fs[0]); i++) {
		mkdir(fs[i].dir, 0755);
		if (mount(fs[i].src, fs[i].dir, fs[i].type, 0, NULL) < 0 && errno != EBUSY)
			kc_err("cannot mount %s on %s: %s", fs[i].type, fs[i].dir, strerror(errno));
	}
	if (fcntl(1, F_GETFD) < 0 || fcntl(2, F_GETFD) < 0) {
		int fd = open("/dev/console", O_RDWR);

		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	setenv("PATH", "/sbin:/usr/sbin:/bin:/usr/bin", 1);
}

int kc_savecore(const struct mk_kdump_conf *c, const struct kc_opts *o)
{
	struct target t;
	int rc;

	memset(&t, 0, sizeof(t));
	rc = save(c, o, &t);
	/* Reboot only a capture kernel, never a machine running a test. */
	if (!o->no_return && !o->pid1 && access("/proc/vmcore", F_OK) != 0) {
		kc_err("no /proc/vmcore: this is not a capture kernel; not going back (--no-return)");
		release(&t);
		return rc;
	}
	if (o->no_return) {
		release(&t);
		return rc;
	}
	way_back(c, o, &t);
	return rc;
}
