/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Files (sys/file.c): what is refused before anything is read, each
 * with its own code (MK_ERR_FILE_*) and the errno's words in the
 * message: a missing file, a directory, a FIFO (at once, never waiting
 * for a writer), a device, an empty file, a file the caller may not
 * read, a ramdisk over the half-of-RAM limit, a kernel file over 1 GiB.
 * mk_read_file() reads pipes and procfs files to EOF.
 */
#include <grp.h>
#include <sys/wait.h>

#include "sys_util.h"

/* mk_file_load, then the code, the exact message, nothing left mapped. */
static void expect_refused(const char *path, int code, const char *msg)
{
	struct mk_file f;
	struct mk_diag d = { 0, "" };

	CHECK_EQ(mk_file_load(path, 1u << 20, &f, &d), -1);
	CHECK_ERR(d.code, code);
	CHECK_STR(d.msg, msg);
	CHECK(f.map == NULL && f.anon == NULL);
}

/*
 * Run fn in a child that has dropped root (the tests run as root, who
 * reads every file): uid and gid nobody, no groups.  Its diag comes back
 * through a pipe.  Not root: fn runs here.
 */
static int as_nobody(int (*fn)(const char *, struct mk_diag *), const char *path,
		     struct mk_diag *d)
{
	int fds[2], status;
	pid_t pid;

	if (geteuid() != 0)
		return fn(path, d);
	if (pipe(fds))
		return -2;
	pid = fork();
	if (pid == 0) {
		int r;

		close(fds[0]);
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(2);
		r = fn(path, d);
		if (write(fds[1], d, sizeof(*d)) != (ssize_t)sizeof(*d))
			_exit(2);
		_exit(r ? 1 : 0);
	}
	close(fds[1]);
	if (pid < 0 || read(fds[0], d, sizeof(*d)) != (ssize_t)sizeof(*d)) {
		close(fds[0]);
		if (pid > 0)
			waitpid(pid, NULL, 0);
		return -2;
	}
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) > 1)
		return -2;
	return WEXITSTATUS(status) ? -1 : 0;
}

static int load_it(const char *path, struct mk_diag *d)
{
	struct mk_file f;
	int r = mk_file_load(path, 100, &f, d);

	if (r == 0)
		mk_file_close(&f);
	return r;
}

static int read_it(const char *path, struct mk_diag *d)
{
	uint8_t buf[16];
	size_t len;

	return mk_read_file(path, buf, sizeof(buf), &len, d);
}

static void test_file_errors(void)
{
	struct mk_file f;
	struct mk_diag d;
	struct buf t = payload_text(10000);
	char want[400];

	BEGIN("sys/missing-file");
	snprintf(want, sizeof(want), "%s: cannot open: %s", tpath("nonexistent"), strerror(ENOENT));
	expect_refused(tpath("nonexistent"), MK_ERR_FILE_NOT_FOUND, want);
	END();

	BEGIN("sys/directory");
	snprintf(want, sizeof(want), "%s: is a directory, not a file", tmpdir);
	expect_refused(tmpdir, MK_ERR_FILE_TYPE, want);
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_file_map(tmpdir, 1u << 20, &f, &d), -1);
	CHECK_ERR(d.code, MK_ERR_FILE_TYPE);
	END();

	BEGIN("sys/char-device-refused");
	expect_refused("/dev/null", MK_ERR_FILE_TYPE, "/dev/null: not a regular file or block device");
	END();

	/* A FIFO with no writer: refused at once, not waited on. */
	BEGIN("sys/fifo-refused");
	if (CHECK(mkfifo(tpath("fifo"), 0600) == 0)) {
		snprintf(want, sizeof(want), "%s: not a regular file or block device", tpath("fifo"));
		expect_refused(tpath("fifo"), MK_ERR_FILE_TYPE, want);
		memset(&d, 0, sizeof(d));
		CHECK_EQ(mk_file_map(tpath("fifo"), 1u << 20, &f, &d), -1);
		CHECK_ERR(d.code, MK_ERR_FILE_TYPE);
	}
	END();

	BEGIN("sys/empty-file-refused");
	write_file(tpath("empty"), "", 0);
	snprintf(want, sizeof(want), "%s: file is empty", tpath("empty"));
	expect_refused(tpath("empty"), MK_ERR_FILE_EMPTY, want);
	END();

	/* A ramdisk is one segment: refused from its size, unread. */
	BEGIN("sys/plain-file-over-limit");
	write_file(tpath("plain"), t.p, t.len);
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_file_map(tpath("plain"), t.len - 1, &f, &d), -1);
	CHECK_ERR(d.code, MK_ERR_HALF_RAM);
	snprintf(want, sizeof(want),
		 "%s: 10000 bytes, more than the 9999 bytes a kexec segment may take here (half of RAM)",
		 tpath("plain"));
	CHECK_STR(d.msg, want);
	END();

	/* A kernel file is mapped up to 1 GiB: a sparse 4 GiB one is
	 * refused from its size, its own code, not the half-of-RAM rule. */
	BEGIN("sys/kernel-file-over-1g");
	{
		int fd = open(tpath("sparse"), O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (CHECK(fd >= 0)) {
			CHECK(ftruncate(fd, (off_t)4 << 30) == 0);
			close(fd);
			snprintf(want, sizeof(want),
				 "%s: 4294967296 bytes, more than the 1073741824 bytes kexec maps of a kernel file",
				 tpath("sparse"));
			expect_refused(tpath("sparse"), MK_ERR_FILE_TOO_BIG, want);
			unlink(tpath("sparse"));
		}
	}
	END();

	BEGIN("sys/plain-file-mapped");
	expect_load(tpath("plain"), t.len, &t, MK_COMP_NONE, t.len);
	memset(&d, 0, sizeof(d));
	if (CHECK_EQ(mk_file_map(tpath("plain"), t.len, &f, &d), 0)) {
		CHECK(f.data == f.map);
		CHECK_EQ(f.len, t.len);
		CHECK_EQ(f.blockdev, 0);
		mk_file_close(&f);
	}
	END();

	/* Run as nobody: root would read it. */
	BEGIN("sys/unreadable-file");
	write_file(tpath("secret"), "x", 1);
	chmod(tpath("secret"), 0);
	chmod(tmpdir, 0711);		/* nobody may reach the file */
	memset(&d, 0, sizeof(d));
	CHECK_EQ(as_nobody(load_it, tpath("secret"), &d), -1);
	CHECK_ERR(d.code, MK_ERR_FILE_READ);
	snprintf(want, sizeof(want), "%s: cannot open: %s", tpath("secret"), strerror(EACCES));
	CHECK_STR(d.msg, want);
	memset(&d, 0, sizeof(d));
	CHECK_EQ(as_nobody(read_it, tpath("secret"), &d), -1);
	CHECK_ERR(d.code, MK_ERR_FILE_READ);
	CHECK_STR(d.msg, want);
	chmod(tmpdir, 0700);
	END();
	free(t.p);
}

/* ------------------------------------------------------------------ */
/* Small files                                                          */

static void test_read_file(void)
{
	static uint8_t buf[1 << 20], want[1 << 20];
	struct mk_diag d;
	size_t len;
	int fds[2];
	pid_t pid;
	size_t i;

	/* A pipe holding more than its buffer: a writer feeds it. */
	BEGIN("sys/read-small-pipe-to-eof");
	for (i = 0; i < 300000; i++)
		want[i] = (uint8_t)(i * 7 + (i >> 10));
	if (CHECK(pipe(fds) == 0)) {
		pid = fork();
		if (pid == 0) {
			size_t off = 0;

			close(fds[0]);
			while (off < 300000) {
				ssize_t w = write(fds[1], want + off, 300000 - off > 4096 ? 4096 : 300000 - off);

				if (w <= 0)
					_exit(1);
				off += (size_t)w;
			}
			_exit(0);
		}
		close(fds[1]);
		{
			char path[64];

			snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
			memset(&d, 0, sizeof(d));
			if (CHECK_EQ(mk_read_file(path, buf, sizeof(buf), &len, &d), 0)) {
				CHECK_EQ(len, 300000);
				CHECK_MEM(buf, want, 300000);
			}
		}
		close(fds[0]);
		waitpid(pid, NULL, 0);
	}
	END();

	/* procfs files report size 0: read them to EOF. */
	BEGIN("sys/read-small-procfs");
	{
		FILE *fp = fopen("/proc/self/mounts", "r");
		size_t n = fp ? fread(want, 1, sizeof(want), fp) : 0;

		if (fp)
			fclose(fp);
		memset(&d, 0, sizeof(d));
		if (CHECK(n > 0) && CHECK_EQ(mk_read_file("/proc/self/mounts", buf, sizeof(buf), &len, &d), 0)) {
			CHECK_EQ(len, n);
			CHECK_MEM(buf, want, n);
		}
	}
	END();

	BEGIN("sys/read-small-exact-cap");
	write_file(tpath("small"), "0123456789", 10);
	memset(buf, 0xee, 16);
	CHECK_EQ(mk_read_file(tpath("small"), buf, 10, &len, &d), 0);
	CHECK_EQ(len, 10);
	CHECK_MEM(buf, "0123456789", 10);
	CHECK_EQ(buf[10], 0xee);
	END();

	BEGIN("sys/read-small-over-cap");
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_read_file(tpath("small"), buf, 9, &len, &d), -1);
	CHECK_ERR(d.code, MK_ERR_FILE_CAP);
	CHECK_CONTAINS(d.msg, "larger than the 9 bytes accepted");
	END();

	BEGIN("sys/read-small-empty-file");
	write_file(tpath("empty"), "", 0);
	CHECK_EQ(mk_read_file(tpath("empty"), buf, 10, &len, &d), 0);
	CHECK_EQ(len, 0);
	END();

	BEGIN("sys/read-small-missing");
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_read_file(tpath("nonexistent"), buf, 10, &len, &d), -1);
	CHECK_ERR(d.code, MK_ERR_FILE_NOT_FOUND);
	CHECK_CONTAINS(d.msg, strerror(ENOENT));
	END();

	BEGIN("sys/read-small-directory");
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_read_file(tmpdir, buf, 10, &len, &d), -1);
	CHECK_ERR(d.code, MK_ERR_FILE_TYPE);
	CHECK_CONTAINS(d.msg, "is a directory, not a file");
	END();

	/* What kexec, bootinfo and kdump-config test: the code says why. */
	BEGIN("sys/read-file-codes");
	memset(&d, 0, sizeof(d));
	CHECK_EQ(mk_read_file(tpath("small"), buf, 10, &len, &d), 0);
	CHECK_EQ(len, 10);
	CHECK_EQ(mk_read_file(tpath("nonexistent"), buf, 10, &len, &d), -1);
	CHECK_ERR(d.code, MK_ERR_FILE_NOT_FOUND);
	CHECK_EQ(mk_read_file(tpath("small"), buf, 9, &len, &d), -1);
	CHECK_ERR(d.code, MK_ERR_FILE_CAP);
	CHECK_CONTAINS(d.msg, "9 bytes");
	CHECK_EQ(mk_read_file(tpath("small"), buf, 9, &len, NULL), -1);
	END();
}

int main(void)
{
	if (setup("sys-file"))
		return 1;
	test_file_errors();
	test_read_file();
	cleanup();
	return DONE();
}
