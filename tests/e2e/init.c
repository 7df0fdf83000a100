// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The guest's /init for the end-to-end tests (static, m68k).
 *
 * It reports what this kernel was booted with, runs the commands of the
 * current stage, and powers off. Every line for the host starts with "E2E "
 * and is written to the console with one write(), so the host can find it
 * even when kernel messages land around it:
 *
 *   E2E origin builtin|initrd   which copy of this program runs
 *   E2E stage N                 from "e2e_stage=N" on the command line (0)
 *   E2E cmdline TEXT            /proc/cmdline
 *   E2E bootinfo HEX|none       /proc/bootinfo, as hex
 *   E2E meminfo NAME KB         MemTotal and MemAvailable
 *   E2E kexec_loaded 0|1        /sys/kernel/kexec_loaded
 *   E2E payload crc32=X expect=Y size=N ok|bad   when /payload exists
 *   E2E begin argv=A B C        a command of the stage starts
 *   E2E out LINE / E2E err LINE its standard output / error, line by line
 *                               (a long line comes as "out+ PIECE"s first)
 *   E2E run rc=N argv=A B C     it ended with exit status N (128+sig)
 *   E2E note TEXT               anything else worth reading
 *   E2E done                    about to power off
 *
 * The stage's commands come from /e2e/stage<N>, written by the host into
 * the external initramfs; a kernel booted without one (e.g. kexec'ed with
 * no --initrd) only has the built-in copy of this program and no stage
 * file: it reports and powers off. One command a line, words split on
 * blanks, "double quotes" group words (no escapes), '#' starts a comment:
 *
 *   run PROGRAM ARG...      fork/exec, report output and exit status
 *   loaded                  report /sys/kernel/kexec_loaded again
 *   mkcpio OUT PATH...      write a newc cpio of PATHs (directories
 *                           recursively) to OUT: lets a stage hand the same
 *                           files to the next kernel as its initrd
 *
 * With "e2e_disk=DEV" on the command line the files come from an ext4 disk
 * instead (ARAnyM with 14 MiB of ST-RAM has no room for an initrd holding a
 * kernel): DEV is mounted on /disk, each of its top-level entries gets a
 * symlink in /, and its /e2e/stage<N> runs only once: a marker file
 * stage<N>.ran on the disk keeps a kexec'ed kernel with the same command
 * line from running it again.
 *
 * PID 1 must never exit (the kernel would panic): after power-off fails it
 * sleeps forever.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef E2E_ORIGIN
#define E2E_ORIGIN "builtin"
#endif

#define LINE_MAX_E2E 8192
#define MAX_ARGS 64

static int console = 1;

/* emit: one "E2E ..." line, written whole. Long lines are cut. */
static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...)
{
	char line[LINE_MAX_E2E + 16];
	va_list ap;
	int n;

	memcpy(line, "E2E ", 4);
	va_start(ap, fmt);
	n = vsnprintf(line + 4, LINE_MAX_E2E, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n >= LINE_MAX_E2E)
		n = LINE_MAX_E2E - 1;
	n += 4;
	line[n++] = '\n';
	for (int off = 0; off < n;) {
		ssize_t w = write(console, line + off, n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		off += w;
	}
}

/* read_file: up to cap-1 bytes of a file, NUL-terminated; -1 on error. */
static ssize_t read_file(const char *path, char *buf, size_t cap)
{
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (len < cap - 1) {
		ssize_t r = read(fd, buf + len, cap - 1 - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		len += r;
	}
	close(fd);
	buf[len] = '\0';
	return len;
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static void mount_fs(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) != 0 && errno != EBUSY)
		emit("note mount %s on %s failed: %s", type, dir, strerror(errno));
}

static char cmdline[LINE_MAX_E2E];

static void report_cmdline(void)
{
	if (read_file("/proc/cmdline", cmdline, sizeof(cmdline)) < 0) {
		emit("note cannot read /proc/cmdline: %s", strerror(errno));
		cmdline[0] = '\0';
		return;
	}
	chomp(cmdline);
	emit("cmdline %s", cmdline);
}

static void report_bootinfo(void)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char buf[2048];
	char out[2 * sizeof(buf) + 1];
	ssize_t len = read_file("/proc/bootinfo", (char *)buf, sizeof(buf));

	if (len < 0) {
		emit("bootinfo none");
		return;
	}
	for (ssize_t i = 0; i < len; i++) {
		out[2 * i] = hex[buf[i] >> 4];
		out[2 * i + 1] = hex[buf[i] & 15];
	}
	out[2 * len] = '\0';
	emit("bootinfo %s", out);
}

static void report_meminfo(void)
{
	char buf[4096];

	if (read_file("/proc/meminfo", buf, sizeof(buf)) < 0)
		return;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		unsigned long kb;
		char name[64];

		if (sscanf(line, "%63[^:]: %lu", name, &kb) != 2)
			continue;
		if (!strcmp(name, "MemTotal") || !strcmp(name, "MemAvailable") ||
		    !strcmp(name, "MemFree"))
			emit("meminfo %s %lu", name, kb);
	}
}

static void report_loaded(void)
{
	char buf[32];

	if (read_file("/sys/kernel/kexec_loaded", buf, sizeof(buf)) < 0) {
		emit("kexec_loaded none");
		return;
	}
	chomp(buf);
	emit("kexec_loaded %s", buf);
}

/* crc32: the zlib/IEEE CRC-32 (reflected 0xEDB88320), as python's zlib.crc32. */
static uint32_t crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
	}
	return ~crc;
}

static void report_payload(void)
{
	unsigned char buf[65536];
	char expect[64];
	uint32_t crc = 0;
	unsigned long size = 0;
	int fd = open("/payload", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		crc = crc32_update(crc, buf, r);
		size += r;
	}
	close(fd);
	if (read_file("/payload.crc", expect, sizeof(expect)) < 0)
		strcpy(expect, "missing");
	chomp(expect);
	char got[16];

	snprintf(got, sizeof(got), "%08x", (unsigned)crc);
	emit("payload crc32=%s expect=%s size=%lu %s", got, expect, size,
	     strcmp(got, expect) ? "bad" : "ok");
}

/* stage_number: the N of "e2e_stage=N" on the command line, else 0. */
static int stage_number(void)
{
	for (char *p = cmdline; (p = strstr(p, "e2e_stage=")) != NULL; p++) {
		if (p == cmdline || p[-1] == ' ')
			return atoi(p + strlen("e2e_stage="));
	}
	return 0;
}

/* split: words of a stage line into argv; returns argc, -1 if too many. */
static int split(char *s, char **argv)
{
	int argc = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || *s == '#')
			break;
		if (argc == MAX_ARGS)
			return -1;
		char *w = s, *o = s;
		int quoted = 0;

		argv[argc++] = w;
		for (; *s; s++) {
			if (*s == '"') {
				quoted = !quoted;
				continue;
			}
			if (!quoted && (*s == ' ' || *s == '\t'))
				break;
			*o++ = *s;
		}
		int end = *s == '\0';

		*o = '\0';
		if (end)
			break;
		s++;
	}
	argv[argc] = NULL;
	return argc;
}

static void join(char *out, size_t cap, char **argv)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; argv[i] && len < cap; i++)
		len += snprintf(out + len, cap - len, "%s%s", i ? " " : "", argv[i]);
}

/* Line-splitting reader of one child pipe. */
struct stream {
	int fd;
	const char *tag;
	char buf[LINE_MAX_E2E / 2 - 32];
	size_t len;
};

static void stream_flush(struct stream *s, int all)
{
	size_t start = 0;

	for (size_t i = 0; i < s->len; i++) {
		if (s->buf[i] == '\n') {
			s->buf[i] = '\0';
			if (i > start && s->buf[i - 1] == '\r')
				s->buf[i - 1] = '\0';
			emit("%s %s", s->tag, s->buf + start);
			start = i + 1;
		}
	}
	if (start == 0 && s->len == sizeof(s->buf)) {
		/* A line longer than the buffer: "out+" pieces, then "out". */
		emit("%s+ %.*s", s->tag, (int)s->len, s->buf);
		start = s->len;
	} else if (all && start < s->len) {
		emit("%s %.*s", s->tag, (int)(s->len - start), s->buf + start);
		start = s->len;
	}
	memmove(s->buf, s->buf + start, s->len - start);
	s->len -= start;
}

static void cmd_run(char **argv)
{
	char joined[LINE_MAX_E2E / 2];
	int out[2], err[2];

	join(joined, sizeof(joined), argv);
	emit("begin argv=%s", joined);
	if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) {
		emit("run rc=-1 argv=%s (pipe: %s)", joined, strerror(errno));
		return;
	}
	pid_t pid = fork();

	if (pid < 0) {
		emit("run rc=-1 argv=%s (fork: %s)", joined, strerror(errno));
		return;
	}
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		execv(argv[0], argv);
		dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(err[1]);

	struct stream s[2] = { { .fd = out[0], .tag = "out" },
			       { .fd = err[0], .tag = "err" } };
	int open_streams = 2;

	while (open_streams) {
		struct pollfd p[2];
		int which[2], n = 0;

		for (int i = 0; i < 2; i++) {
			if (s[i].fd >= 0) {
				p[n].fd = s[i].fd;
				p[n].events = POLLIN;
				which[n++] = i;
			}
		}
		if (poll(p, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int k = 0; k < n; k++) {
			struct stream *st = &s[which[k]];

			if (!p[k].revents)
				continue;
			ssize_t r = read(st->fd, st->buf + st->len,
					 sizeof(st->buf) - st->len);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				stream_flush(st, 1);
				close(st->fd);
				st->fd = -1;
				open_streams--;
				continue;
			}
			st->len += r;
			stream_flush(st, 0);
		}
	}

	int status;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);

	emit("run rc=%d argv=%s", rc, joined);
}

/* newc cpio writer for mkcpio */
static int cpio_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= w;
	}
	return 0;
}

static unsigned long cpio_off;
static unsigned cpio_ino = 1;

static int cpio_header(int fd, const char *name, unsigned mode, unsigned long size)
{
	char hdr[111];
	size_t namesize = strlen(name) + 1;
	static const char zeros[4];

	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08lX%08X%08X%08X%08X%08lX%08X",
		 cpio_ino++, mode, 0, 0, S_ISDIR(mode) ? 2 : 1, 0, size, 0, 0, 0,
		 0, (unsigned long)namesize, 0);
	if (cpio_write_all(fd, hdr, 110) || cpio_write_all(fd, name, namesize))
		return -1;
	cpio_off += 110 + namesize;
	size_t pad = (4 - cpio_off % 4) % 4;

	cpio_off += pad;
	return cpio_write_all(fd, zeros, pad);
}

static int cpio_pad(int fd)
{
	static const char zeros[4];
	size_t pad = (4 - cpio_off % 4) % 4;

	cpio_off += pad;
	return cpio_write_all(fd, zeros, pad);
}

static int cpio_add(int fd, const char *path)
{
	struct stat st;
	const char *name = path;

	while (*name == '/')
		name++;
	if (lstat(path, &st) != 0) {
		emit("note mkcpio: %s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (cpio_header(fd, name, S_IFDIR | 0755, 0))
			return -1;
		DIR *d = opendir(path);

		if (!d)
			return -1;
		struct dirent *e;
		int rc = 0;

		while (rc == 0 && (e = readdir(d)) != NULL) {
			char sub[1024];

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			rc = cpio_add(fd, sub);
		}
		closedir(d);
		return rc;
	}
	if (!S_ISREG(st.st_mode))
		return 0;
	int in = open(path, O_RDONLY | O_CLOEXEC);

	if (in < 0)
		return -1;
	if (cpio_header(fd, name, S_IFREG | (st.st_mode & 07777), st.st_size)) {
		close(in);
		return -1;
	}
	static char buf[65536];
	unsigned long left = st.st_size;

	while (left) {
		ssize_t r = read(in, buf, sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || cpio_write_all(fd, buf, r)) {
			close(in);
			return -1;
		}
		left -= r;
		cpio_off += r;
	}
	close(in);
	return cpio_pad(fd);
}

static void cmd_mkcpio(char **argv)
{
	int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc = fd < 0;

	cpio_off = 0;
	for (int i = 2; !rc && argv[i]; i++)
		rc = cpio_add(fd, argv[i]);
	if (!rc)
		rc = cpio_header(fd, "TRAILER!!!", 0, 0);
	if (fd >= 0)
		close(fd);
	emit("mkcpio %s rc=%d size=%lu", argv[1], rc, cpio_off);
}

/* cmdline_value: the value of "KEY=" on the command line, or NULL. */
static const char *cmdline_value(const char *key, char *out, size_t cap)
{
	size_t klen = strlen(key);

	for (char *p = cmdline; (p = strstr(p, key)) != NULL; p++) {
		if ((p == cmdline || p[-1] == ' ') && p[klen] == '=') {
			size_t n = strcspn(p + klen + 1, " ");

			if (n >= cap)
				n = cap - 1;
			memcpy(out, p + klen + 1, n);
			out[n] = '\0';
			return out;
		}
	}
	return NULL;
}

/* use_disk: mount the e2e_disk and link its entries into /. */
static int use_disk(void)
{
	char dev[64];

	if (!cmdline_value("e2e_disk", dev, sizeof(dev)))
		return 0;
	mkdir("/disk", 0755);
	if (mount(dev, "/disk", "ext4", 0, NULL) != 0) {
		emit("note mount %s on /disk failed: %s", dev, strerror(errno));
		return 0;
	}
	DIR *d = opendir("/disk");
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		char from[300], to[300];

		if (e->d_name[0] == '.' || !strcmp(e->d_name, "lost+found"))
			continue;
		snprintf(from, sizeof(from), "/disk/%s", e->d_name);
		snprintf(to, sizeof(to), "/%s", e->d_name);
		if (symlink(from, to) != 0 && errno != EEXIST)
			emit("note symlink %s: %s", to, strerror(errno));
	}
	if (d)
		closedir(d);
	emit("disk %s", dev);
	return 1;
}

static void run_stage(int stage, int disk)
{
	char path[64], *script, *line, *next;
	static char buf[16384];

	snprintf(path, sizeof(path), "/e2e/stage%d", stage);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return;
	if (disk) {
		char ran[80];
		int fd;

		snprintf(ran, sizeof(ran), "/disk/e2e/stage%d.ran", stage);
		fd = open(ran, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0) {
			emit("note stage %d already ran", stage);
			return;
		}
		close(fd);
		sync();
	}
	script = buf;
	for (line = script; line && *line; line = next) {
		char *argv[MAX_ARGS + 1];

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		int argc = split(line, argv);

		if (argc < 0) {
			emit("note too many words in a stage line");
			continue;
		}
		if (argc == 0)
			continue;
		if (!strcmp(argv[0], "run") && argc > 1)
			cmd_run(argv + 1);
		else if (!strcmp(argv[0], "loaded"))
			report_loaded();
		else if (!strcmp(argv[0], "mkcpio") && argc > 2)
			cmd_mkcpio(argv);
		else
			emit("note unknown stage command: %s", argv[0]);
	}
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	mount_fs("proc", "/proc", "proc");
	mount_fs("sysfs", "/sys", "sysfs");
	mount_fs("devtmpfs", "/dev", "devtmpfs");
	/* The kernel opened /dev/console as fds 0-2 if it could; make sure. */
	if (fcntl(1, F_GETFD) < 0) {
		int fd = open("/dev/console", O_RDWR);

		if (fd >= 0)
			console = fd;
	}

	emit("origin %s", E2E_ORIGIN);
	report_cmdline();
	int stage = stage_number();

	emit("stage %d", stage);
	report_bootinfo();
	report_meminfo();
	report_loaded();
	report_payload();
	run_stage(stage, use_disk());
	emit("done");
	sync();
	reboot(RB_POWER_OFF);
	emit("note power-off failed: %s", strerror(errno));
	for (;;)
		pause();
}
