/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The system layer: files (mapped, or decompressed once), procfs and
 * sysfs, and the kexec syscalls.  Every function that can fail returns 0
 * or -1 and, on failure, writes one line into a struct mk_diag that names
 * the file and the cause; d->code is then a negative MK_ERR_* code (the
 * MK_ERR_FILE_*, decode and kernel rows of MK_ERRORS, or a core code
 * such as MK_ERR_HALF_RAM where the core's rule is what failed), never
 * an errno: an errno is given in words in d->msg.
 */
#ifndef MK_SYS_H
#define MK_SYS_H

#include <stddef.h>
#include <stdint.h>

#include "m68kexec.h"

/* The formats a kernel may come in; sys/decode.c has one row for each. */
enum mk_compression {
	MK_COMP_NONE,
	MK_COMP_GZIP,
	MK_COMP_XZ,
	MK_COMP_LZMA,
	MK_COMP_ZSTD,
	MK_COMP_BZIP2,		/* known, so that it is named; never decoded */
};

const char *mk_compression_name(enum mk_compression c);
/* Which compression do these first bytes announce? */
enum mk_compression mk_detect_compression(const uint8_t *p, size_t len);
/* Was this build linked with a decoder for c? */
int mk_can_decompress(enum mk_compression c);
/*
 * The formats this build decodes, for messages and usage texts: their
 * names joined by sep, the last two by last ("gzip, xz, lzma or zstd"
 * with ", " and " or ").  Returns buf.
 */
const char *mk_compression_names(char *buf, size_t n, const char *sep, const char *last);

/*
 * How far a decompression has got, for a progress line: called from the
 * decoder with the compressed bytes read so far and the file's size, at
 * least every 1 MiB of output (zstd, decoded in one call: never), and
 * once more with end set when it stops, done or failed, so that the
 * line is gone before the caller prints anything.
 */
typedef void mk_progress_fn(void *arg, uint64_t done, uint64_t total, int end);

struct mk_file {
	const char *path;
	const uint8_t *data;	/* the bytes to use */
	uint64_t len;
	enum mk_compression comp;	/* of the file on disk */
	uint64_t file_len;	/* size on disk */
	int blockdev;
	/* what to release */
	void *map;
	size_t map_len;
	void *anon;		/* decompression buffer (anonymous memory) */
	size_t anon_len;
	/* Kernels: bytes of the ELF file past what a load reads (symbols,
	 * debug sections), not kept; len + tail is the whole ELF file. */
	uint64_t tail;
	/* Set between mk_file_open and mk_file_decode (may stay NULL). */
	mk_progress_fn *progress;
	void *progress_arg;
};

/*
 * Map a file (or block device) read-only.  Files larger than limit are
 * refused before anything is read.
 * Errors: MK_ERR_FILE_NOT_FOUND, MK_ERR_FILE_READ (cannot open, stat or
 * map), MK_ERR_FILE_TYPE (a directory, FIFO or character device),
 * MK_ERR_FILE_EMPTY, MK_ERR_HALF_RAM (more than limit).
 */
int mk_file_map(const char *path, uint64_t limit, struct mk_file *f,
		struct mk_diag *d);

/*
 * Read a kernel: map the file and, when compressed (gzip, xz, lzma, zstd),
 * decompress it once into anonymous memory.  Only what a load reads is
 * kept: the ELF header, program headers and PT_LOAD bytes (data, len);
 * the rest of the ELF file (symbols, debug sections: tail) is never
 * faulted in from a plain file, and from a compressed one is decoded
 * (its checksum verified) without being kept.  What is kept, or any
 * output when the file is not an ELF, beyond limit stops the decoder with
 * an error, as does a tail beyond limit: a decompression bomb is never
 * allocated, nor decoded for long.  A plain kernel file may exceed limit
 * (the plan checks its segments); it is mapped up to 1 GiB.
 * Errors: those of mk_file_map; MK_ERR_FILE_TOO_BIG (a kernel file over
 * 1 GiB, a tail past limit); MK_ERR_NO_DECODER (bzip2, or a format this
 * build has no decoder for); MK_ERR_DECODE (a corrupt or truncated
 * stream); MK_ERR_HALF_RAM (the output, or the part a load reads, over
 * limit); MK_ERR_NO_MEMORY (no memory for the output or the decoder).
 */
int mk_file_load(const char *path, uint64_t limit, struct mk_file *f,
		 struct mk_diag *d);

/* mk_file_load in two steps: map and detect (nothing decoded yet), then
 * decode.  Between them, mk_file_decode_need says what decoding will take
 * in anonymous memory, from the stream's own records (gzip's ISIZE,
 * zstd's frame content size, xz's index and dictionary size), at most
 * limit for the output: 0 when plain or when the stream does not say. */
int mk_file_open(const char *path, struct mk_file *f, struct mk_diag *d);
uint64_t mk_file_decode_need(const struct mk_file *f, uint64_t limit);
int mk_file_decode(struct mk_file *f, uint64_t limit, struct mk_diag *d);

/* Anonymous bytes this file holds (decompressed data), for the budget. */
uint64_t mk_file_anon_bytes(const struct mk_file *f);

void mk_file_close(struct mk_file *f);

/*
 * Read a whole file (procfs files report size 0: read to EOF).
 * Errors: MK_ERR_FILE_NOT_FOUND, MK_ERR_FILE_READ, MK_ERR_FILE_TYPE (a
 * directory), MK_ERR_FILE_CAP (more than cap bytes).
 */
int mk_read_file(const char *path, uint8_t *buf, size_t cap, size_t *len,
		 struct mk_diag *d);


/* /proc/meminfo fields in bytes; 0 when absent. */
int mk_meminfo(uint64_t *total, uint64_t *available);

/* 1 loaded, 0 not, -1 unknown (no sysfs). */
int mk_kexec_loaded(int crash);

/*
 * Fill a fresh RNG seed without blocking; *weak is set when the kernel's
 * pool was not initialised yet (the bytes are then not cryptographically
 * strong, but still better than none).  Errors: MK_ERR_RANDOM.
 */
int mk_random_seed(uint8_t *seed, size_t len, int *weak, struct mk_diag *d);

/*
 * kexec_load(2).  Errors: MK_ERR_NOT_M68K (this host: nothing is
 * called), MK_ERR_NO_KEXEC (ENOSYS), MK_ERR_KEXEC_REFUSED (any other
 * errno, named with mk_kexec_errno_hint), MK_ERR_TOO_MANY_SEGMENTS.
 */
int mk_sys_kexec_load(uint32_t entry, const struct mk_segment *seg,
		      unsigned nseg, unsigned long flags, struct mk_diag *d);

/* Words explaining a kexec_load errno. */
const char *mk_kexec_errno_hint(int err);

/* Take network interfaces down (quietly does nothing without networking). */
void mk_ifdown(void);

/*
 * reboot(LINUX_REBOOT_CMD_KEXEC).  Returns only on failure:
 * MK_ERR_NOT_LOADED (EINVAL) or MK_ERR_KEXEC_REFUSED.
 */
int mk_sys_reboot_kexec(struct mk_diag *d);

/* Is the kexec syscall for this host's architecture the m68k one? */
int mk_host_is_m68k(void);

/* ------------------------------------------------------------------ */
/* Crash kernel (sys/crash.c)                                          */

struct mk_crash_env {
	int have_crash_dump;		/* CONFIG_CRASH_DUMP: kexec_crash_loaded exists */
	int cmdline_has_crashkernel;	/* crashkernel= in /proc/cmdline */
	int have_region;		/* "Crash kernel" in /proc/iomem */
	uint32_t region_start, region_size;
	char region_error[200];		/* why not, when have_region is 0 */
	unsigned ncpus;
	struct mk_crash_note cpu_note[MK_CRASH_MAX_CPUS];
	struct mk_crash_note vmcoreinfo;	/* size 0: no /sys/kernel/vmcoreinfo */
};

/*
 * Read the running kernel's crash support, region, crash notes and
 * vmcoreinfo.  A missing region or CONFIG_CRASH_DUMP is not an error
 * (the flags say so); unreadable or malformed files are: the errors
 * of mk_read_file, and of the parsers in lib/crash.c.
 */
int mk_crash_read_env(struct mk_crash_env *e, struct mk_diag *d);

#endif
