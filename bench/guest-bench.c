// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The benchmark inside the guest (static, m68k).  The e2e init runs it
 * from the bench initrd's /e2e/stage0 (see bench/run.sh):
 *
 *   guest-bench mount DEV DIR
 *       mount DEV (ext4, read-only) on DIR: the files to load live on a
 *       disk, as on a real machine, so their pages are reclaimable page
 *       cache and not initramfs pages that can never be freed.
 *   guest-bench case NAME RUNS KEXEC ARG...
 *       RUNS cold loads (page cache dropped before each), then RUNS warm
 *       ones, of the command "KEXEC ARG..." (a kexec -l), each timed with
 *       CLOCK_MONOTONIC around fork/exec/wait, with the child's peak RSS
 *       from wait4() (which also counts this program, forked, before
 *       the exec: it is smaller); "KEXEC -u" unloads after each, untimed.
 *       Then one run under ptrace reads the child's /proc/PID/status at
 *       every syscall entry and exit and at exit: anonymous memory only
 *       shrinks in a syscall (munmap, brk, exit), so the largest RssAnon
 *       seen is the peak of the loader's own anonymous memory.
 *   guest-bench load KEXEC ARG...
 *       load once with "KEXEC ARG..." and report.
 *   guest-bench boot KEXEC ARG...
 *       the same, then boot the loaded kernel with "KEXEC -e".
 *   guest-bench write FILE TEXT
 *       write TEXT to FILE (a sysctl under /proc/sys, say).
 *   guest-bench squeeze KB KEXEC ARG...
 *       hold anonymous memory until MemAvailable is about KB, then load
 *       (pass --no-mem-check to see what the kernel itself does), unload
 *       and let the memory go: how much must be available for a load of
 *       a given size (bench/run.sh).  This program is kept out of the
 *       OOM killer's choice; the loader is not.
 *
 * Lines for the host go straight to the console, one write() each, so
 * that nothing is lost when the machine reboots into the loaded kernel:
 *
 *   BENCH meminfo total_kb=N free_kb=N available_kb=N
 *   BENCH run case=NAME cache=cold|warm i=N rc=N us=N maxrss_kb=N
 *   BENCH mem case=NAME rc=N anon_kb=N file_kb=N rss_kb=N hwm_kb=N maxrss_kb=N
 *   BENCH err case=NAME TEXT      the loader's output, when it fails
 *   BENCH load rc=N maxrss_kb=N   (load, boot) the load's exit status
 *   BENCH squeeze target_kb=N available_kb=N held_kb=N
 *   BENCH note TEXT
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OUT_FILE "/tmp/bench.out"

static int console = -1;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	if (console < 0) {
		console = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (console < 0)
			console = 1;
	}
	memcpy(line, "BENCH ", 6);
	va_start(ap, fmt);
	n = vsnprintf(line + 6, sizeof(line) - 7, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(line) - 8)
		n = (int)sizeof(line) - 8;
	n += 6;
	line[n++] = '\n';
	if (write(console, line, (size_t)n) < 0)
		return;
}

/* A "Name:  123 kB" field of a /proc file, in kB; -1 when absent. */
static long field_kb(const char *text, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		if (strncmp(p, name, len) == 0 && p[len] == ':')
			return strtol(p + len + 1, NULL, 10);
	}
	return -1;
}

static int read_text(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0;
	ssize_t r;

	if (fd < 0)
		return -1;
	while (n < cap - 1 && (r = read(fd, buf + n, cap - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	return 0;
}

static void report_meminfo(void)
{
	char buf[4096];

	if (read_text("/proc/meminfo", buf, sizeof(buf)))
		return;
	say("meminfo total_kb=%ld free_kb=%ld available_kb=%ld",
	    field_kb(buf, "MemTotal"), field_kb(buf, "MemFree"),
	    field_kb(buf, "MemAvailable"));
}

static void drop_caches(void)
{
	int fd;

	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "3\n", 2) != 2)
		say("note cannot drop caches: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
}

static long mem_available_kb(void)
{
	char buf[4096];

	return read_text("/proc/meminfo", buf, sizeof(buf)) ? -1 : field_kb(buf, "MemAvailable");
}

static void set_oom_score_adj(const char *v)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, v, strlen(v)) < 0)
		say("note cannot set oom_score_adj: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* In the child: output to OUT_FILE, optionally traced, then exec. */
static void child_exec(char **argv, int traced)
{
	int fd = open(OUT_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
	set_oom_score_adj("0");
	if (traced && ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		_exit(126);
	execv(argv[0], argv);
	dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static int exit_code(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Run argv, wait; returns its exit code (-1: no fork). */
static int run(char **argv, struct rusage *ru)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		child_exec(argv, 0);
	while (wait4(pid, &status, 0, ru) < 0)
		if (errno != EINTR)
			return -1;
	return exit_code(status);
}

/* The loader's output (OUT_FILE), line by line, after a failure. */
static void report_output(const char *name)
{
	char buf[2048];

	if (read_text(OUT_FILE, buf, sizeof(buf)))
		return;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		say("err case=%s %s", name, line);
}

static int unload(const char *kexec)
{
	char *argv[] = { (char *)kexec, (char *)"-u", NULL };
	struct rusage ru;

	return run(argv, &ru);
}

struct peak {
	long anon, file, rss, hwm;
};

static void sample(pid_t pid, struct peak *pk)
{
	char path[64], buf[4096];
	long v;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (read_text(path, buf, sizeof(buf)))
		return;
	if ((v = field_kb(buf, "RssAnon")) > pk->anon)
		pk->anon = v;
	if ((v = field_kb(buf, "RssFile")) > pk->file)
		pk->file = v;
	if ((v = field_kb(buf, "VmRSS")) > pk->rss)
		pk->rss = v;
	if ((v = field_kb(buf, "VmHWM")) > pk->hwm)
		pk->hwm = v;
}

/* One load under ptrace, stopping at every syscall entry and exit. */
static int traced_run(char **argv, struct peak *pk, struct rusage *ru)
{
	int status, sig = 0;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		child_exec(argv, 1);
	/* Stopped with SIGTRAP right after the exec. */
	if (waitpid(pid, &status, 0) < 0 || !WIFSTOPPED(status))
		return WIFEXITED(status) ? exit_code(status) : -1;
	ptrace(PTRACE_SETOPTIONS, pid, NULL,
	       (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL));
	sample(pid, pk);
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(long)sig) < 0)
			break;
		sig = 0;
		if (wait4(pid, &status, 0, ru) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (!WIFSTOPPED(status))
			return exit_code(status);
		if (WSTOPSIG(status) == (SIGTRAP | 0x80) ||
		    status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXIT << 8)))
			sample(pid, pk);
		else if (WSTOPSIG(status) != SIGTRAP)
			sig = WSTOPSIG(status);
	}
	while (wait4(pid, &status, 0, ru) < 0)
		if (errno != EINTR)
			return -1;
	return exit_code(status);
}

static int cmd_mount(char **argv)
{
	mkdir(argv[1], 0755);
	if (mount(argv[0], argv[1], "ext4", MS_RDONLY, NULL) != 0) {
		say("note mount %s on %s failed: %s", argv[0], argv[1], strerror(errno));
		return 1;
	}
	say("note mounted %s on %s", argv[0], argv[1]);
	return 0;
}

static int cmd_case(const char *name, int runs, char **argv)
{
	static const char *const cache[2] = { "cold", "warm" };
	struct rusage ru;
	struct peak pk = { 0, 0, 0, 0 };
	int rc;

	report_meminfo();
	for (int c = 0; c < 2; c++) {
		for (int i = 0; i < runs; i++) {
			long long t0, t1;

			if (c == 0)
				drop_caches();
			t0 = now_us();
			rc = run(argv, &ru);
			t1 = now_us();
			say("run case=%s cache=%s i=%d rc=%d us=%lld maxrss_kb=%ld",
			    name, cache[c], i, rc, t1 - t0, ru.ru_maxrss);
			if (rc != 0) {
				report_output(name);
				return 1;
			}
			unload(argv[0]);
		}
	}
	memset(&ru, 0, sizeof(ru));
	rc = traced_run(argv, &pk, &ru);
	say("mem case=%s rc=%d anon_kb=%ld file_kb=%ld rss_kb=%ld hwm_kb=%ld maxrss_kb=%ld",
	    name, rc, pk.anon, pk.file, pk.rss, pk.hwm, ru.ru_maxrss);
	if (rc != 0)
		report_output(name);
	unload(argv[0]);
	return rc != 0;
}

static int cmd_load(char **argv, int boot)
{
	char *exec_argv[] = { argv[0], (char *)"-e", NULL };
	struct rusage ru;
	int rc;

	report_meminfo();
	rc = run(argv, &ru);
	say("load rc=%d maxrss_kb=%ld", rc, ru.ru_maxrss);
	if (rc != 0) {
		report_output("boot");
		return 1;
	}
	report_meminfo();
	if (!boot)
		return 0;
	rc = run(exec_argv, &ru);
	say("exec rc=%d", rc);
	report_output("boot");
	return 1;
}

static int cmd_write(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);

	say("note write %s %s: %s", path, text, ok ? "ok" : strerror(errno));
	if (fd >= 0)
		close(fd);
	return !ok;
}

static int cmd_squeeze(long target_kb, char **argv)
{
	enum { STEP = 64 };	/* KiB held per round */
	size_t cap = 0, held = 0;
	char *mem = NULL;
	struct rusage ru;
	long avail;
	int rc;

	set_oom_score_adj("-1000");
	/* Reserve address space once, touch it STEP KiB at a time. */
	avail = mem_available_kb();
	if (avail > target_kb) {
		cap = (size_t)(avail - target_kb + 4096) << 10;
		mem = mmap(NULL, cap, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (mem == MAP_FAILED) {
			say("note squeeze: mmap: %s", strerror(errno));
			return 1;
		}
	}
	while ((avail = mem_available_kb()) > target_kb && held + (STEP << 10) <= cap) {
		size_t n = (size_t)(avail - target_kb < STEP ? avail - target_kb : STEP) << 10;

		memset(mem + held, 0x5a, n);
		held += n;
	}
	say("squeeze target_kb=%ld available_kb=%ld held_kb=%zu", target_kb, avail, held >> 10);
	rc = run(argv, &ru);
	say("load rc=%d maxrss_kb=%ld", rc, ru.ru_maxrss);
	if (rc != 0)
		report_output("squeeze");
	unload(argv[0]);
	if (mem)
		munmap(mem, cap);
	set_oom_score_adj("0");
	return rc != 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "mount") == 0)
		return cmd_mount(argv + 2);
	if (argc >= 5 && strcmp(argv[1], "case") == 0)
		return cmd_case(argv[2], atoi(argv[3]), argv + 4);
	if (argc == 4 && strcmp(argv[1], "write") == 0)
		return cmd_write(argv[2], argv[3]);
	if (argc >= 4 && strcmp(argv[1], "squeeze") == 0)
		return cmd_squeeze(atol(argv[2]), argv + 3);
	if (argc >= 3 && strcmp(argv[1], "load") == 0)
		return cmd_load(argv + 2, 0);
	if (argc >= 3 && strcmp(argv[1], "boot") == 0)
		return cmd_load(argv + 2, 1);
	say("note usage: guest-bench mount DEV DIR | case NAME RUNS KEXEC ARG... | load|boot KEXEC ARG... | write FILE TEXT | squeeze KB KEXEC ARG...");
	return 2;
}
