/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For the tests that run one of our programs (test_bootinfo_tool.c,
 * test_vmcore_dmesg.c, test_kdump_config.c: $MK_KDUMP_CONFIG or
 * kdump-config; test_cli.c: kexec): where the program is, running it
 * with its output captured, reading a file whole, and the scratch
 * directory.
 */
#ifndef MK_TESTS_TOOL_H
#define MK_TESTS_TOOL_H

#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * The program NAME: $ENV if set, else next to $MK_KEXEC (tests/unit/run.sh
 * sets it to the kexec under test), else build/host/NAME. 1 when it is
 * there and executable.
 */
static inline int tool_find(char *tool, size_t n, const char *env, const char *name)
{
	const char *t = getenv(env), *k = getenv("MK_KEXEC");

	if (t && *t) {
		snprintf(tool, n, "%s", t);
	} else if (k && *k) {
		char copy[4000];

		snprintf(copy, sizeof(copy), "%s", k);
		snprintf(tool, n, "%s/%s", dirname(copy), name);
	} else {
		snprintf(tool, n, "build/host/%s", name);
	}
	return access(tool, X_OK) == 0;
}

/* dir/name; the last eight stay valid. */
static inline const char *tool_path(const char *dir, const char *name)
{
	static char buf[8][256];
	static unsigned k;

	k = (k + 1) % 8;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

/*
 * The file at path, whole and NUL-terminated (malloc'ed; "" when it cannot
 * be opened). *len, when len is not NULL: its size.
 */
static inline char *tool_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *b = NULL;
	size_t cap = 0, n = 0, k;

	if (fp) {
		do {
			if (n + 65536 + 1 > cap) {
				cap = (n + 65536 + 1) * 2;
				b = realloc(b, cap);
				if (!b)
					abort();
			}
			k = fread(b + n, 1, cap - n - 1, fp);
			n += k;
		} while (k);
		fclose(fp);
	}
	if (!b)
		b = calloc(1, 1);
	b[n] = '\0';
	if (len)
		*len = n;
	return b;
}

/* One run of the program: what tool_run() saw. Free with tool_run_free(). */
struct tool_run {
	int status;		/* exit status, or 128 + signal */
	char *out;		/* stdout (malloc'ed, NUL-terminated) */
	size_t out_len;
	char *err;		/* stderr (malloc'ed, NUL-terminated) */
};

/* How to run it; NULL or all zero: stdin inherited, stdout captured. */
struct tool_opts {
	const char *out_path;		/* stdout to this file (r->out is "") */
	int null_stdin;			/* stdin from /dev/null */
	const char *path_env;		/* $PATH for the program */
	unsigned long fsize_limit;	/* RLIMIT_FSIZE for the program; 0: none */
};

/* In the child: stdin, stdout, stderr and limits as o says, then exec. */
static inline void tool_exec(const char *tool, const char *const *argv,
			     const struct tool_opts *o, const char *outp, const char *errp)
{
	int out = open(o->out_path ? o->out_path : outp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int err = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int in = o->null_stdin ? open("/dev/null", O_RDONLY) : 0;

	if (out < 0 || err < 0 || in < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 ||
	    (o->null_stdin && dup2(in, 0) < 0))
		_exit(126);
	if (o->path_env && setenv("PATH", o->path_env, 1))
		_exit(126);
	if (o->fsize_limit) {
		struct rlimit rl = { o->fsize_limit, o->fsize_limit };

		signal(SIGXFSZ, SIG_IGN);	/* write() fails with EFBIG */
		if (setrlimit(RLIMIT_FSIZE, &rl))
			_exit(126);
	}
	execv(tool, (char *const *)(uintptr_t)argv);
	_exit(127);
}

/*
 * Run tool with args (NULL-terminated, at most 62) as o says (NULL: the
 * defaults); stdout and stderr go through dir/.stdout and dir/.stderr,
 * removed after.
 */
static inline void tool_run(struct tool_run *r, const char *tool, const char *dir,
			    const struct tool_opts *o, const char *const *args)
{
	static const struct tool_opts defaults;
	char outp[512], errp[512];
	const char *argv[64];
	int st = 0;
	size_t i;
	pid_t pid;

	snprintf(outp, sizeof(outp), "%s/.stdout", dir);
	snprintf(errp, sizeof(errp), "%s/.stderr", dir);
	argv[0] = tool;
	for (i = 0; args[i] && i < 62; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		tool_exec(tool, argv, o ? o : &defaults, outp, errp);
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		st = 0xff00;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r->out = tool_slurp(outp, &r->out_len);
	r->err = tool_slurp(errp, NULL);
	unlink(outp);
	unlink(errp);
}

/* Run the program with the arguments after r, as o says. */
#define TOOL_RUN(r, tool, dir, o, ...) \
	tool_run((r), (tool), (dir), (o), (const char *const[]){ __VA_ARGS__, NULL })

static inline void tool_run_free(struct tool_run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* Remove the scratch directory and the files in it. */
static inline void tool_remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

#endif
