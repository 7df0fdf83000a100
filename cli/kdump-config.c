// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kdump-config: kdump as a service, in the words of Debian's kdump-tools.
 * The boot service runs 'kdump-config load': it reads
 * /etc/default/kdump-tools, builds the capture initramfs (this very
 * program as its /init, our kexec, the configuration, the machine's
 * bootinfo and command line) and loads the capture kernel with kexec -p.
 * In the capture kernel the same program, as /init, saves the dump
 * (cli/kdump_save.c) and brings the machine back.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kdump_config.h"
#include "sys.h"

#ifndef MK_VERSION
#define MK_VERSION "0.1"
#endif

#define DEFAULT_CONFIG		"/etc/default/kdump-tools"
#define INITRD_CONFIG		"/etc/kdump.conf"	/* in the capture initramfs */
#define DEFAULT_STATE_DIR	"/var/lib/kdump"
#define BOOTINFO_FILE_MAX	(64u * 1024u)
#define CMDLINE_FILE_MAX	4096u

const char *kc_prog = "kdump-config";

static void vsay(FILE *fp, const char *fmt, va_list ap)
{
	fprintf(fp, "%s: ", kc_prog);
	vfprintf(fp, fmt, ap);
	fputc('\n', fp);
	fflush(fp);
}

void kc_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(stderr, fmt, ap);
	va_end(ap);
}

void kc_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(stdout, fmt, ap);
	va_end(ap);
}

static void usage(FILE *fp)
{
	fprintf(fp,
"Usage: kdump-config [options] COMMAND\n"
"kdump for Linux/m68k: load a capture kernel that saves the crashed\n"
"kernel's memory, its log and a summary, then boots the normal kernel again.\n"
"\n"
"Commands:\n"
"  show              the configuration as read, and the state\n"
"  status            one line: ready to kdump, or why not (exit 3)\n"
"  load              build the capture initramfs and load the capture kernel\n"
"  unload            unload the capture kernel\n"
"  mkinitrd OUT      build the capture initramfs into OUT\n"
"  savecore          save the dump (what /init does in the capture kernel)\n"
"\n"
"Options:\n"
"  --config FILE     the configuration (default " DEFAULT_CONFIG ")\n"
"  --state-dir DIR   where load builds initrd.img (default " DEFAULT_STATE_DIR ")\n"
"  --vmcore FILE     savecore: the dump to save (default /proc/vmcore)\n"
"  --target DIR      savecore: save under DIR, a filesystem already mounted\n"
"  --no-return       savecore: stop after saving (no kexec, no reboot)\n"
"  -h, --help        this text\n"
"  -V, --version     the version\n"
"\n"
"Exit status: 0 ok, 1 bad input or configuration (or the dump not saved),\n"
"2 usage, 3 not ready (status), 4 kexec refused, 5 not supported here;\n"
"load and unload relay kexec's own status.\n");
}

static int usage_error(const char *what, const char *arg)
{
	return mk_usage_error(kc_prog, what, arg);
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */

int kc_read_text(const char *path, char *buf, size_t cap, struct mk_diag *d)
{
	size_t len = 0;

	if (mk_read_file(path, (uint8_t *)buf, cap - 1, &len, d))
		return -1;
	if (memchr(buf, '\0', len)) {
		d->code = MK_ERR_PARAM;
		snprintf(d->msg, sizeof(d->msg), "%s: a NUL byte in a text file", path);
		return -1;
	}
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' ' ||
		       buf[len - 1] == '\t' || buf[len - 1] == '\r'))
		len--;
	buf[len] = '\0';
	return 0;
}

int kc_mkdirs(const char *path, mode_t mode)
{
	char p[PATH_MAX];
	size_t i;

	if ((size_t)snprintf(p, sizeof(p), "%s", path) >= sizeof(p)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (i = 1; p[i]; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			return -1;
		p[i] = '/';
	}
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

int kc_run(char *const argv[])
{
	int st;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		kc_err("cannot start %s: %s", argv[0], strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execv(argv[0], argv);
		kc_err("cannot run %s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			kc_err("cannot wait for %s: %s", argv[0], strerror(errno));
			return -1;
		}
	}
	if (WIFSIGNALED(st)) {
		kc_err("%s died of signal %d", argv[0], WTERMSIG(st));
		return -1;
	}
	if (WEXITSTATUS(st) == 127)
		return -1;
	return WEXITSTATUS(st);
}

/* The directory of this program's own executable. */
static int self_dir(char *out, size_t cap)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	snprintf(out, cap, "%s", dirname(buf));
	return 0;
}

static int executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int kc_find_kexec(const struct kc_opts *o, char *out, size_t cap)
{
	char dir[PATH_MAX];
	const char *path = getenv("PATH"), *p;

	if (o->kexec) {
		snprintf(out, cap, "%s", o->kexec);
		return 0;
	}
	if (self_dir(dir, sizeof(dir)) == 0 && (size_t)snprintf(out, cap, "%s/kexec", dir) < cap &&
	    executable(out))
		return 0;
	for (p = path ? path : "/usr/sbin:/usr/bin:/sbin:/bin"; *p; ) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);

		if (n && (size_t)snprintf(out, cap, "%.*s/kexec", (int)n, p) < cap && executable(out))
			return 0;
		p += n + (colon ? 1 : 0);
	}
	kc_err("no kexec program: none next to this kdump-config (%s) nor in $PATH", dir);
	return -1;
}

int kc_can_compress(enum mk_kdump_compress c)
{
	switch (c) {
	case MK_KDUMP_COMPRESS_NONE:
		return 1;
	case MK_KDUMP_COMPRESS_GZIP:
#ifdef HAVE_ZLIB
		return 1;
#else
		return 0;
#endif
	case MK_KDUMP_COMPRESS_ZSTD:
#ifdef HAVE_ZSTD
		return 1;
#else
		return 0;
#endif
	}
	return 0;
}

const char *kc_compress_lib(enum mk_kdump_compress c)
{
	return c == MK_KDUMP_COMPRESS_ZSTD ? "libzstd" : "zlib";
}

/* "32 MiB", "640 KiB", "1000 bytes". */
static void size_text(uint64_t v, char *out, size_t cap)
{
	if (v && v % (1024 * 1024) == 0)
		snprintf(out, cap, "%" PRIu64 " MiB", v >> 20);
	else if (v && v % 1024 == 0)
		snprintf(out, cap, "%" PRIu64 " KiB", v >> 10);
	else
		snprintf(out, cap, "%" PRIu64 " bytes", v);
}

/* ------------------------------------------------------------------ */
/* The configuration                                                    */

/*
 * Read the configuration file over the defaults.  A missing default
 * file means the defaults (kdump off); a file named with --config must
 * exist.
 */
static int read_config(const char *path, int must_exist, struct mk_kdump_conf *c)
{
	static char text[MK_KDUMP_CONF_MAX];
	struct mk_diag d = { 0, "" };
	size_t len = 0;

	mk_kdump_conf_default(c);
	if (mk_read_file(path, (uint8_t *)text, sizeof(text), &len, &d)) {
		if (d.code == MK_ERR_FILE_NOT_FOUND && !must_exist)
			return KC_OK;
		kc_err("%s", d.msg);
		return KC_INPUT;
	}
	if (mk_kdump_conf_parse(c, text, len, &d)) {
		kc_err("%s: %s", path, d.msg);
		return KC_INPUT;
	}
	return KC_OK;
}

static int check_compress(const struct mk_kdump_conf *c, const char *config)
{
	if (kc_can_compress(c->compress))
		return KC_OK;
	kc_err("%s: KDUMP_COMPRESS=%s: this kdump-config was built without %s; set KDUMP_COMPRESS=none or build with %s",
	       config, mk_kdump_compress_name(c->compress), kc_compress_lib(c->compress),
	       kc_compress_lib(c->compress));
	return KC_UNSUPPORTED;
}

/*
 * KDUMP_KERNEL "": /boot/vmlinux-RELEASE, else /boot/vmlinuz-RELEASE of
 * the running kernel.  Leaves it "" and returns -1 when neither exists.
 */
static int resolve_kernel(struct mk_kdump_conf *c, char *tried, size_t cap)
{
	struct utsname u;
	char p[2][MK_KDUMP_PATH_SIZE];
	int i;

	if (c->kernel[0])
		return 0;
	if (uname(&u) < 0)
		return -1;
	snprintf(p[0], sizeof(p[0]), "/boot/vmlinux-%s", u.release);
	snprintf(p[1], sizeof(p[1]), "/boot/vmlinuz-%s", u.release);
	snprintf(tried, cap, "%s nor %s", p[0], p[1]);
	for (i = 0; i < 2; i++) {
		if (access(p[i], F_OK) == 0) {
			snprintf(c->kernel, sizeof(c->kernel), "%s", p[i]);
			return 0;
		}
	}
	return -1;
}

static const char *state_dir(const struct kc_opts *o)
{
	return o->state_dir ? o->state_dir : DEFAULT_STATE_DIR;
}

/* KDUMP_INITRD "": the one load builds.  -1 when the path is too long. */
static int resolve_initrd(struct mk_kdump_conf *c, const struct kc_opts *o, int *build)
{
	*build = !c->initrd[0];
	if (*build && (size_t)snprintf(c->initrd, sizeof(c->initrd), "%s/initrd.img",
				       state_dir(o)) >= sizeof(c->initrd)) {
		kc_err("--state-dir %s: longer than the %u bytes of a path", state_dir(o),
		       MK_KDUMP_PATH_SIZE - 12);
		return -1;
	}
	return 0;
}

static const char *config_path(const struct kc_opts *o)
{
	return o->config ? o->config : o->init ? INITRD_CONFIG : DEFAULT_CONFIG;
}

/* ------------------------------------------------------------------ */
/* status                                                               */

/* The line of 'status' (and of 'show'), and its exit status. */
static int status_line(char *out, size_t cap)
{
	static char iomem[256 * 1024];
	struct mk_diag d = { 0, "" };
	char buf[64], region[80], sz[32];
	uint32_t start, size;
	uint64_t reserved;
	size_t len = 0;
	int loaded;

	if (!mk_host_is_m68k()) {
		snprintf(out, cap, "not ready: this host is not m68k");
		return KC_NOT_READY;
	}
	loaded = mk_kexec_loaded(1);
	if (loaded < 0) {
		snprintf(out, cap, "not ready: the running kernel has no crash dump support (CONFIG_CRASH_DUMP, with the m68k kdump patches)");
		return KC_NOT_READY;
	}
	if (kc_read_text("/sys/kernel/kexec_crash_size", buf, sizeof(buf), &d) ||
	    (reserved = strtoull(buf, NULL, 10)) == 0) {
		snprintf(out, cap, "not ready: the kernel reserved no memory for a capture kernel (boot it with crashkernel=32M)");
		return KC_NOT_READY;
	}
	size_text(reserved, sz, sizeof(sz));
	if (mk_read_file("/proc/iomem", (uint8_t *)iomem, sizeof(iomem), &len, &d) == 0 &&
	    memmem(iomem, len, "Crash kernel", 12) &&
	    mk_crash_parse_iomem(iomem, len, &start, &size, &d) == 0)
		snprintf(region, sizeof(region), "%s reserved at 0x%08" PRIx32, sz, start);
	else
		snprintf(region, sizeof(region), "%s reserved", sz);
	if (loaded == 0) {
		snprintf(out, cap, "not ready: no capture kernel loaded (%s)", region);
		return KC_NOT_READY;
	}
	snprintf(out, cap, "ready to kdump (capture kernel loaded, %s)", region);
	return KC_OK;
}

static int cmd_status(void)
{
	char line[300];
	int rc = status_line(line, sizeof(line));

	kc_say("%s", line);
	return rc;
}

/* ------------------------------------------------------------------ */
/* show                                                                 */

static int print_conf(const struct mk_kdump_conf *c)
{
	size_t need = mk_kdump_conf_write(c, NULL, 0);
	char *text = malloc(need + 1);

	if (!text) {
		kc_err("out of memory");
		return KC_INPUT;
	}
	mk_kdump_conf_write(c, text, need + 1);
	fputs(text, stdout);
	free(text);
	return KC_OK;
}

static int cmd_show(const struct kc_opts *o)
{
	struct mk_kdump_conf c;
	char tried[600];
	int build, rc = read_config(config_path(o), o->config != NULL, &c);

	if (rc)
		return rc;
	resolve_kernel(&c, tried, sizeof(tried));
	if (resolve_initrd(&c, o, &build))
		return KC_INPUT;
	if (print_conf(&c))
		return KC_INPUT;
	printf("\n");
	cmd_status();
	return KC_OK;
}

/* ------------------------------------------------------------------ */
/* The capture initramfs                                                */

/* Is the ELF program at path static (no PT_INTERP)?  One line if not. */
static int check_static(const char *path, const char *name)
{
	uint8_t eh[64], ph[56];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int is64, be;
	uint64_t phoff;
	unsigned phentsize, phnum, i;

	if (fd < 0) {
		kc_err("%s: cannot open: %s", name, strerror(errno));
		return KC_INPUT;
	}
	if (pread(fd, eh, sizeof(eh), 0) < 52 || memcmp(eh, "\177ELF", 4) ||
	    (eh[4] != 1 && eh[4] != 2) || (eh[5] != 1 && eh[5] != 2)) {
		close(fd);
		kc_err("%s: not an ELF program; the capture initramfs needs static programs", name);
		return KC_INPUT;
	}
	is64 = eh[4] == 2;
	be = eh[5] == 2;
	phoff = 0;
	for (i = 0; i < (is64 ? 8u : 4u); i++) {
		unsigned at = (is64 ? 32u : 28u) + (be ? i : (is64 ? 7u : 3u) - i);

		phoff = (phoff << 8) | eh[at];
	}
	{
		unsigned a = is64 ? 54u : 42u, b = is64 ? 56u : 44u;

		phentsize = be ? (unsigned)(eh[a] << 8 | eh[a + 1]) : (unsigned)(eh[a + 1] << 8 | eh[a]);
		phnum = be ? (unsigned)(eh[b] << 8 | eh[b + 1]) : (unsigned)(eh[b + 1] << 8 | eh[b]);
	}
	for (i = 0; i < phnum; i++) {
		uint32_t type;

		if (phentsize < 8 || phentsize > sizeof(ph) ||
		    pread(fd, ph, phentsize, (off_t)(phoff + (uint64_t)i * phentsize)) != (ssize_t)phentsize) {
			close(fd);
			kc_err("%s: bad ELF program header table", name);
			return KC_INPUT;
		}
		type = be ? mk_be32(ph) :
		       (uint32_t)ph[0] | (uint32_t)ph[1] << 8 | (uint32_t)ph[2] << 16 | (uint32_t)ph[3] << 24;
		if (type == 3) {	/* PT_INTERP */
			close(fd);
			kc_err("%s is dynamically linked; the capture initramfs needs static programs (make STATIC=1)",
			       name);
			return KC_UNSUPPORTED;
		}
	}
	close(fd);
	return KC_OK;
}

struct cpio_out {
	int fd;
	const char *path;
	uint32_t ino;
	int err;
};

static int out_write(struct cpio_out *w, const void *buf, size_t len)
{
	if (!w->err)
		mk_write_full(w->fd, buf, len, &w->err);
	return w->err ? -1 : 0;
}

static int put_header(struct cpio_out *w, const char *name, uint32_t mode, uint32_t size)
{
	uint8_t h[MK_CPIO_HEADER + 260];
	size_t n = mk_cpio_header(h, sizeof(h), name, mode, size, ++w->ino);

	if (!n) {
		w->err = ENAMETOOLONG;
		return -1;
	}
	return out_write(w, h, n);
}

static int put_pad(struct cpio_out *w, uint64_t len)
{
	static const uint8_t zero[4];

	return out_write(w, zero, mk_cpio_pad(len));
}

static int put_data(struct cpio_out *w, const char *name, uint32_t mode, const void *data,
		    size_t len)
{
	if (put_header(w, name, mode, (uint32_t)len) || out_write(w, data, len))
		return -1;
	return put_pad(w, len);
}

/* A file's bytes as an entry; src names it in a message. */
static int put_file(struct cpio_out *w, const char *name, uint32_t mode, const char *path,
		    const char *src)
{
	static uint8_t buf[64 * 1024];
	struct stat st;
	uint64_t left;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0) {
		kc_err("%s: cannot open: %s", src, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > UINT32_MAX) {
		kc_err("%s: not a regular file of at most 4 GiB", src);
		close(fd);
		return -1;
	}
	if (put_header(w, name, mode, (uint32_t)st.st_size))
		goto werr;
	for (left = (uint64_t)st.st_size; left; ) {
		ssize_t n = read(fd, buf, left < sizeof(buf) ? (size_t)left : sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			kc_err("%s: cannot read: %s", src, n ? strerror(errno) : "shorter than its size");
			close(fd);
			return -1;
		}
		if (out_write(w, buf, (size_t)n))
			goto werr;
		left -= (uint64_t)n;
	}
	close(fd);
	return put_pad(w, (uint64_t)st.st_size);
werr:
	close(fd);
	return -1;
}

/* The name of this program's executable, for messages. */
static void self_name(const struct kc_opts *o, char *out, size_t cap)
{
	ssize_t n;

	if (o->self) {
		snprintf(out, cap, "%s", o->self);
		return;
	}
	n = readlink("/proc/self/exe", out, cap - 1);
	if (n <= 0)
		snprintf(out, cap, "/proc/self/exe");
	else
		out[n] = '\0';
}

/*
 * Build the capture initramfs into out (out.tmp, then renamed): the
 * directories, /init (this program), /sbin/kexec, /etc/kdump.conf (c),
 * /etc/bootinfo and /etc/cmdline (the running kernel's).
 */
static int mkinitrd(const struct mk_kdump_conf *c, const struct kc_opts *o, const char *out)
{
	static const char *const dirs[] = { "dev", "proc", "sys", "mnt", "mnt/root", "sbin", "etc" };
	static uint8_t bootinfo[BOOTINFO_FILE_MAX];
	static char cmdline[CMDLINE_FILE_MAX];
	const char *bi_path = o->bootinfo_file ? o->bootinfo_file : "/proc/bootinfo";
	const char *cl_path = o->cmdline_file ? o->cmdline_file : "/proc/cmdline";
	struct cpio_out w = { -1, NULL, 0, 0 };
	struct mk_diag d = { 0, "" };
	char self[PATH_MAX], kexec[PATH_MAX], tmp[PATH_MAX + 8];
	size_t bilen = 0, need, i;
	char *conf = NULL;
	int rc;

	self_name(o, self, sizeof(self));
	if (kc_find_kexec(o, kexec, sizeof(kexec)))
		return KC_UNSUPPORTED;
	rc = check_static(o->self ? o->self : "/proc/self/exe", self);
	if (rc == KC_OK)
		rc = check_static(kexec, kexec);
	if (rc)
		return rc;
	if (mk_read_file(bi_path, bootinfo, sizeof(bootinfo), &bilen, &d) ||
	    kc_read_text(cl_path, cmdline, sizeof(cmdline) - 1, &d)) {
		kc_err("%s", d.msg);
		return KC_INPUT;
	}
	strcat(cmdline, "\n");
	need = mk_kdump_conf_write(c, NULL, 0);
	conf = malloc(need + 1);
	if (!conf) {
		kc_err("out of memory");
		return KC_INPUT;
	}
	mk_kdump_conf_write(c, conf, need + 1);

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", out) >= sizeof(tmp)) {
		free(conf);
		kc_err("%s: path too long", out);
		return KC_INPUT;
	}
	w.path = tmp;
	w.fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (w.fd < 0) {
		kc_err("%s: cannot create: %s", tmp, strerror(errno));
		free(conf);
		return KC_INPUT;
	}
	rc = KC_INPUT;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (put_header(&w, dirs[i], 040755, 0))
			goto werr;
	if (put_file(&w, "init", 0100755, o->self ? o->self : "/proc/self/exe", self) ||
	    put_file(&w, "sbin/kexec", 0100755, kexec, kexec))
		goto fail;
	if (put_data(&w, "etc/kdump.conf", 0100644, conf, need) ||
	    put_data(&w, "etc/bootinfo", 0100644, bootinfo, bilen) ||
	    put_data(&w, "etc/cmdline", 0100644, cmdline, strlen(cmdline)) ||
	    put_header(&w, "TRAILER!!!", 0, 0))
		goto werr;
	if (fsync(w.fd) < 0)
		w.err = errno;
	if (close(w.fd) < 0 && !w.err)
		w.err = errno;
	w.fd = -1;
	if (w.err)
		goto werr;
	if (rename(tmp, out) < 0) {
		kc_err("%s: cannot rename to %s: %s", tmp, out, strerror(errno));
		goto fail;
	}
	free(conf);
	return KC_OK;
werr:
	kc_err("%s: cannot write: %s", tmp, strerror(w.err ? w.err : EIO));
fail:
	if (w.fd >= 0)
		close(w.fd);
	unlink(tmp);
	free(conf);
	return rc;
}


static int cmd_mkinitrd(const struct kc_opts *o, const char *out)
{
	struct mk_kdump_conf c;
	char tried[600];
	int build, rc = read_config(config_path(o), o->config != NULL, &c);

	if (rc)
		return rc;
	if ((rc = check_compress(&c, config_path(o))) != KC_OK)
		return rc;
	resolve_kernel(&c, tried, sizeof(tried));
	if (resolve_initrd(&c, o, &build))
		return KC_INPUT;
	rc = mkinitrd(&c, o, out);
	if (rc == KC_OK)
		kc_say("wrote the capture initramfs %s", out);
	return rc;
}

/* ------------------------------------------------------------------ */
/* load, unload                                                         */

/* Run kexec with args and relay its status. */
static int run_kexec(const char *kexec, char **argv)
{
	int rc;

	argv[0] = (char *)kexec;
	rc = kc_run(argv);
	return rc < 0 ? KC_UNSUPPORTED : rc;
}

static int cmd_load(const struct kc_opts *o)
{
	static char cl[MK_CMDLINE_SIZE + 32], app[MK_CMDLINE_SIZE + 32], ird[MK_KDUMP_PATH_SIZE + 16];
	struct mk_kdump_conf c;
	char kexec[PATH_MAX], tried[600];
	char *argv[8];
	int build, n = 0, rc = read_config(config_path(o), o->config != NULL, &c);

	if (rc)
		return rc;
	if (!c.use_kdump) {
		kc_say("kdump is off: USE_KDUMP is not 1 in %s; nothing loaded", config_path(o));
		return KC_OK;
	}
	if ((rc = check_compress(&c, config_path(o))) != KC_OK)
		return rc;
	if (resolve_kernel(&c, tried, sizeof(tried))) {
		kc_err("no capture kernel: neither %s exists; set KDUMP_KERNEL in %s", tried,
		       config_path(o));
		return KC_INPUT;
	}
	if (resolve_initrd(&c, o, &build) || kc_find_kexec(o, kexec, sizeof(kexec)))
		return KC_INPUT;
	if (build) {
		if (kc_mkdirs(state_dir(o), 0700)) {
			kc_err("%s: cannot create: %s", state_dir(o), strerror(errno));
			return KC_INPUT;
		}
		rc = mkinitrd(&c, o, c.initrd);
		if (rc)
			return rc;
	}
	argv[n++] = NULL;
	argv[n++] = "-p";
	argv[n++] = c.kernel;
	snprintf(ird, sizeof(ird), "--initrd=%s", c.initrd);
	argv[n++] = ird;
	if (c.cmdline[0]) {
		snprintf(cl, sizeof(cl), "--command-line=%s", c.cmdline);
		argv[n++] = cl;
	} else {
		argv[n++] = "--reuse-cmdline";
	}
	if (c.cmdline_append[0]) {
		snprintf(app, sizeof(app), "--append=%s", c.cmdline_append);
		argv[n++] = app;
	}
	argv[n] = NULL;
	rc = run_kexec(kexec, argv);
	if (rc == KC_OK)
		kc_say("loaded the capture kernel %s with %s", c.kernel, c.initrd);
	return rc;
}

static int cmd_unload(const struct kc_opts *o)
{
	char kexec[PATH_MAX];
	char *argv[] = { NULL, "-p", "-u", NULL };

	if (kc_find_kexec(o, kexec, sizeof(kexec)))
		return KC_UNSUPPORTED;
	return run_kexec(kexec, argv);
}

/* ------------------------------------------------------------------ */
/* savecore, and the capture kernel's /init                             */

static int cmd_savecore(const struct kc_opts *o)
{
	struct mk_kdump_conf c;
	int rc;

	kc_prog = "kdump";
	if (o->pid1)
		kc_init_setup();
	rc = read_config(config_path(o), o->config != NULL, &c);
	if (rc && !o->init)
		return rc;
	if (rc)		/* as /init: save with the defaults anyway */
		mk_kdump_conf_default(&c);
	return kc_savecore(&c, o);
}

/* ------------------------------------------------------------------ */

enum {
	OPT_CONFIG = 256, OPT_STATE_DIR, OPT_VMCORE, OPT_TARGET, OPT_NO_RETURN,
	OPT_SELF, OPT_KEXEC, OPT_BOOTINFO_FILE, OPT_CMDLINE_FILE, OPT_MOUNT_DIR,
	OPT_DEVICE_TIMEOUT,
};

static const struct option longopts[] = {
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
	{ "vmcore", required_argument, NULL, OPT_VMCORE },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "no-return", no_argument, NULL, OPT_NO_RETURN },
	{ "self", required_argument, NULL, OPT_SELF },
	{ "kexec", required_argument, NULL, OPT_KEXEC },
	{ "bootinfo-file", required_argument, NULL, OPT_BOOTINFO_FILE },
	{ "cmdline-file", required_argument, NULL, OPT_CMDLINE_FILE },
	{ "mount-dir", required_argument, NULL, OPT_MOUNT_DIR },
	{ "device-timeout", required_argument, NULL, OPT_DEVICE_TIMEOUT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	struct kc_opts o;
	const char *cmd, *base = strrchr(argv[0] ? argv[0] : "", '/');
	int c;

	memset(&o, 0, sizeof(o));
	o.device_timeout = 10;
	base = base ? base + 1 : argv[0] ? argv[0] : "";
	o.pid1 = getpid() == 1;
	o.init = o.pid1 || strcmp(base, "init") == 0;
	/* As process 1 the arguments are the kernel's leftover words. */
	if (o.pid1)
		return cmd_savecore(&o);

	opterr = 0;
	while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CONFIG:
			o.config = optarg;
			break;
		case OPT_STATE_DIR:
			o.state_dir = optarg;
			break;
		case OPT_VMCORE:
			o.vmcore = optarg;
			break;
		case OPT_TARGET:
			o.target = optarg;
			break;
		case OPT_NO_RETURN:
			o.no_return = 1;
			break;
		case OPT_SELF:
			o.self = optarg;
			break;
		case OPT_KEXEC:
			o.kexec = optarg;
			break;
		case OPT_BOOTINFO_FILE:
			o.bootinfo_file = optarg;
			break;
		case OPT_CMDLINE_FILE:
			o.cmdline_file = optarg;
			break;
		case OPT_MOUNT_DIR:
			o.mount_dir = optarg;
			break;
		case OPT_DEVICE_TIMEOUT: {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*end || end == optarg || v < 0 || v > 3600)
				return usage_error("--device-timeout wants seconds, 0 to 3600", optarg);
			o.device_timeout = (int)v;
			break;
		}
		case 'h':
			usage(stdout);
			return KC_OK;
		case 'V':
			printf("kdump-config (m68k-kexec) %s\n", MK_VERSION);
			printf("KDUMP_COMPRESS: none%s%s\n",
			       kc_can_compress(MK_KDUMP_COMPRESS_GZIP) ? " gzip" : "",
			       kc_can_compress(MK_KDUMP_COMPRESS_ZSTD) ? " zstd" : "");
			return KC_OK;
		default:
			return usage_error(optopt ? "an option that wants a value" : "unknown option",
					   argv[optind - 1]);
		}
	}
	if (o.init)
		return cmd_savecore(&o);
	if (optind >= argc)
		return usage_error("no command (show, status, load, unload, mkinitrd OUT, savecore)",
				   NULL);
	cmd = argv[optind++];
	if (strcmp(cmd, "mkinitrd") == 0) {
		if (optind != argc - 1)
			return usage_error("mkinitrd wants one argument, the file to write", NULL);
		return cmd_mkinitrd(&o, argv[optind]);
	}
	if (optind < argc)
		return usage_error("unexpected argument", argv[optind]);
	if (strcmp(cmd, "show") == 0)
		return cmd_show(&o);
	if (strcmp(cmd, "status") == 0)
		return cmd_status();
	if (strcmp(cmd, "load") == 0)
		return cmd_load(&o);
	if (strcmp(cmd, "unload") == 0)
		return cmd_unload(&o);
	if (strcmp(cmd, "savecore") == 0)
		return cmd_savecore(&o);
	return usage_error("unknown command (show, status, load, unload, mkinitrd OUT, savecore)", cmd);
}
