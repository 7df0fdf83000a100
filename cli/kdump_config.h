/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kdump-config: what its commands (cli/kdump-config.c) and the capture
 * step (cli/kdump_save.c) share.
 */
#ifndef MK_KDUMP_CONFIG_H
#define MK_KDUMP_CONFIG_H

#include <stddef.h>
#include <sys/types.h>

#include "m68kexec_kdump.h"
#include "print.h"

/* Exit statuses (kdump-config.8, EXIT STATUS; print.h). */
enum {
	KC_OK = MK_EXIT_OK,
	KC_INPUT = MK_EXIT_INPUT,	/* bad input or configuration; dump not saved */
	KC_USAGE = MK_EXIT_USAGE,
	KC_NOT_READY = 3,		/* status: no capture kernel to run (LSB) */
	KC_KERNEL = MK_EXIT_KERNEL,	/* kexec refused (its status relayed) */
	KC_UNSUPPORTED = MK_EXIT_UNSUPPORTED,	/* no crash support, not m68k */
};

/* Everything the command line can set (kdump-config.8, OPTIONS). */
struct kc_opts {
	const char *config;		/* --config */
	const char *state_dir;		/* --state-dir */
	const char *vmcore;		/* --vmcore */
	const char *target;		/* --target */
	int no_return;			/* --no-return */
	/* test options */
	const char *self;		/* --self: this program */
	const char *kexec;		/* --kexec: the kexec to run and copy */
	const char *bootinfo_file;	/* --bootinfo-file */
	const char *cmdline_file;	/* --cmdline-file */
	const char *mount_dir;		/* --mount-dir (default /mnt) */
	int device_timeout;		/* --device-timeout (default 10 s) */
	int init;			/* running as the capture kernel's /init */
	int pid1;			/* ... as process 1 */
};

/* Message prefix: "kdump-config", or "kdump" for the capture step. */
extern const char *kc_prog;

void kc_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kc_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Run argv[0] (a path) with argv, wait, and return its exit status; its
 * output goes where ours goes.  -1 (after one line) when it cannot be
 * started or dies of a signal.
 */
int kc_run(char *const argv[]);

/* The kexec this program runs: --kexec, next to us, or in $PATH. */
int kc_find_kexec(const struct kc_opts *o, char *out, size_t cap);

/* Is this build able to write KDUMP_COMPRESS=c? */
int kc_can_compress(enum mk_kdump_compress c);
/* The library c needs ("zlib", "libzstd"). */
const char *kc_compress_lib(enum mk_kdump_compress c);

/* A whole small text file, NUL-terminated, trailing blanks removed. */
int kc_read_text(const char *path, char *buf, size_t cap, struct mk_diag *d);

/* mkdir -p: the missing directories 0755, the last one with mode; -1 with errno. */
int kc_mkdirs(const char *path, mode_t mode);

/* Process 1 of the capture kernel: /proc, /sys, /dev, a console. */
void kc_init_setup(void);

/*
 * The capture step (cli/kdump_save.c): save the dump, its log and a
 * summary, then (unless --no-return) the way back.  Returns KC_OK when
 * saved, KC_INPUT when not (one line said why); as process 1 it never
 * returns.
 */
int kc_savecore(const struct mk_kdump_conf *c, const struct kc_opts *o);

#endif
