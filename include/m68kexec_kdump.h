/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * m68kexec_kdump.h - kdump as a service: the configuration file, the
 * capture initramfs and the saved dump (kdump-config(8)).
 *
 * Like the rest of the core, nothing here opens, prints, allocates or
 * asks the host anything: the caller gives buffers and gets values,
 * plans or bytes back.  Every failure is an MK_ERR_ code with one line in
 * struct mk_diag naming the line, record or limit.
 */
#ifndef M68KEXEC_KDUMP_H
#define M68KEXEC_KDUMP_H

#include <stddef.h>
#include <stdint.h>

#include "m68kexec.h"

/* ------------------------------------------------------------------ */
/* The configuration (lib/kdumpconf.c)                                  */

/*
 * /etc/default/kdump-tools, in the vocabulary of Debian's kdump-tools.
 * The file is read, not run by a shell: each line is empty, a comment
 * (first non-blank is '#'), or NAME=VALUE with an optional "export "
 * before NAME.  VALUE is bare (up to the first blank; a '#' after a blank
 * starts a comment), "double quoted" or 'single quoted'; inside double
 * quotes \" \\ \$ and \` stand for the character (any other backslash
 * stays, as in sh).  Anything a shell would expand ($, `, a glob * ? [
 * or a leading ~ in a bare word) is refused with the line number: the
 * file is the same for the boot service and the capture kernel, where no
 * shell runs.  A quote or backslash inside a bare word, ; & | < > ( ) in
 * one, text after the closing quote or after the value (other than a
 * comment) are refused too: each line is one assignment.  Unknown names
 * are ignored (kdump-tools' own variables such as MAKEDUMP_ARGS may be in
 * the same file; their value need only be well quoted, $ and globs
 * allowed); a known name with a bad value is an error.  Yes/no variables
 * take 1 or 0, yes or no, true or false (lower case).  A later line
 * wins.  A line may end in CR LF.
 */
#define MK_KDUMP_PATH_SIZE	256u	/* paths, with the NUL */
#define MK_KDUMP_CONF_MAX	(64u * 1024u)	/* longest file read */

enum mk_kdump_after {		/* KDUMP_RETURN: after the capture */
	MK_KDUMP_AFTER_KEXEC = 0,	/* "kexec": the normal kernel again */
	MK_KDUMP_AFTER_REBOOT,		/* "reboot": through the firmware */
	MK_KDUMP_AFTER_POWEROFF,	/* "poweroff" */
};

enum mk_kdump_compress {	/* KDUMP_COMPRESS */
	MK_KDUMP_COMPRESS_NONE = 0,	/* "none": an ELF core gdb opens */
	MK_KDUMP_COMPRESS_GZIP,		/* "gzip": dump.TS.gz */
	MK_KDUMP_COMPRESS_ZSTD,		/* "zstd": dump.TS.zst */
};

struct mk_kdump_conf {
	int use_kdump;			/* USE_KDUMP: 1 or 0 (default 0) */
	char kernel[MK_KDUMP_PATH_SIZE];	/* KDUMP_KERNEL ("": the running one) */
	char initrd[MK_KDUMP_PATH_SIZE];	/* KDUMP_INITRD ("": ours, built) */
	char coredir[MK_KDUMP_PATH_SIZE];	/* KDUMP_COREDIR (default /var/crash) */
	char cmdline[MK_CMDLINE_SIZE];		/* KDUMP_CMDLINE ("": the running one) */
	char cmdline_append[MK_CMDLINE_SIZE];	/* KDUMP_CMDLINE_APPEND (default "panic=10") */
	int dump_dmesg;			/* KDUMP_DUMP_DMESG: 1 or 0 (default 1) */
	char device[MK_KDUMP_PATH_SIZE];	/* KDUMP_DEVICE: /dev/..., UUID=..., LABEL=...
					 * ("": the root filesystem, root= of the
					 * running kernel's command line) */
	char fstype[32];		/* KDUMP_FSTYPE ("": try what the kernel has) */
	int skip_zero;			/* KDUMP_SKIP_ZERO: 1 or 0 (default 1) */
	enum mk_kdump_compress compress;	/* KDUMP_COMPRESS (default none) */
	enum mk_kdump_after after;	/* KDUMP_RETURN (default kexec) */
	char return_kernel[MK_KDUMP_PATH_SIZE];	/* KDUMP_RETURN_KERNEL ("": KDUMP_KERNEL) */
	char return_initrd[MK_KDUMP_PATH_SIZE];	/* KDUMP_RETURN_INITRD (default /initrd.img;
					 * "" or missing: none) */
	char return_append[MK_CMDLINE_SIZE];	/* KDUMP_RETURN_CMDLINE_APPEND ("") */
};

/* The defaults above. */
void mk_kdump_conf_default(struct mk_kdump_conf *c);

/*
 * Read a configuration file's text (len bytes, no NUL needed) over *c,
 * which holds the defaults or an earlier file.  Errors: MK_ERR_CONFIG
 * with "line N: ..." (a line that is not NAME=VALUE, an unterminated
 * quote, shell syntax, a value too long for its field: names the limit,
 * a bad value for a yes/no or a choice: names the choices), MK_ERR_PARAM
 * for len > MK_KDUMP_CONF_MAX.  On error *c is left as it was.
 */
int mk_kdump_conf_parse(struct mk_kdump_conf *c, const char *text, size_t len,
			struct mk_diag *d);

/*
 * Write *c as a configuration file that mk_kdump_conf_parse() reads back
 * to the same values: every known variable, one per line, double-quoted
 * with the escapes above.  Returns the length written (without the NUL;
 * out is always NUL-terminated when cap > 0), or the length needed when
 * it does not fit in cap.  The first line is a comment; yes/no values
 * are written "1" and "0".  A newline in a value (the parser never gives
 * one) is written as a blank.
 */
size_t mk_kdump_conf_write(const struct mk_kdump_conf *c, char *out, size_t cap);

/* The name of a value, as the file spells it ("kexec", "gzip");
 * "unknown" for a value out of range. */
const char *mk_kdump_after_name(enum mk_kdump_after a);
const char *mk_kdump_compress_name(enum mk_kdump_compress c);

/*
 * One word of a kernel command line: the value of the last "key=" word
 * (key without the '='), copied into out (cap bytes, NUL-terminated).
 * Returns 1 when found, 0 when absent, -1 when the value does not fit.
 * Words are split at blanks, quotes keeping blanks; as the kernel does,
 * a '"' starting the word or its value is dropped with a '"' ending it
 * (root="LABEL=a b" gives LABEL=a b), and words after "--" (init's) are
 * not looked at.  out is "" unless 1 is returned (when cap > 0).
 */
int mk_cmdline_value(const char *line, const char *key, char *out, size_t cap);

/* ------------------------------------------------------------------ */
/* A dump without its zero pages (lib/dumpfilter.c)                     */

/*
 * /proc/vmcore is an ELF32 m68k core: notes, then one PT_LOAD per range
 * of the old kernel's memory.  A saved dump may leave out the pages that
 * are all zero and stay an ELF core a debugger opens: each PT_LOAD is
 * split into runs, and a run of zero pages becomes a PT_LOAD with
 * p_filesz 0 (its memory reads as zeros).  Runs of fewer than
 * MK_DUMP_MIN_ZERO_RUN zero pages stay in the file, and at most
 * MK_DUMP_MAX_PHDRS program headers are written: when the zero runs
 * would need more, the shortest ones are kept as data (among runs of the
 * same length, the first in page order; a run that is a whole PT_LOAD
 * saves no header and stays left out), which may leave one header less
 * than the cap.
 *
 * The caller reads /proc/vmcore (pread: the capture kernel has not the
 * memory to hold it) and asks, page by page, whether it is zero; the core
 * says where everything goes.
 */
#define MK_DUMP_MIN_ZERO_RUN	4u
#define MK_DUMP_MAX_PHDRS	1024u

/* One program header of a dump, in host order. */
struct mk_dump_phdr {
	uint32_t type, flags;
	uint64_t offset;		/* in the input (the plan: in the output) */
	uint32_t vaddr, paddr, filesz, memsz, align;
};

/* The input dump: what mk_dump_read_headers() found. */
struct mk_dump_in {
	uint32_t phnum;
	struct mk_dump_phdr ph[MK_DUMP_MAX_PHDRS];
	uint64_t headers_end;	/* end of the ELF header, program headers
				 * and notes in the input */
	uint64_t size;		/* end of the last segment's file bytes */
};

/*
 * Read the ELF header and program headers of a dump from its first len
 * bytes (buf; the caller reads enough: 52 bytes, then e_phoff + e_phnum
 * * 32).  Returns 1 with *in filled, 0 when len is too short, with *need
 * the number of bytes to read first (and d filled with MK_ERR_ELF_TRUNCATED
 * and its message, for a caller whose file has fewer), or an error: the
 * ELF header checks of mk_vmcore_info() (MK_ERR_ELF_*), MK_ERR_ELF_PHDR
 * for more than MK_DUMP_MAX_PHDRS headers, a type other than PT_NOTE and
 * PT_LOAD, a PT_NOTE after a PT_LOAD, segments out of order, overlapping
 * in the file or with the headers, or ending past 4 GiB, a PT_LOAD whose
 * p_filesz is not its p_memsz, or not whole pages.  Only the headers are
 * read: the segments' bytes need not be in buf.  *in is not to be used
 * after an error.
 */
int mk_dump_read_headers(const uint8_t *buf, size_t len, struct mk_dump_in *in,
			 uint64_t *need, struct mk_diag *d);

/*
 * The zero pages of the input: bit i of zero[] (LSB first in each byte)
 * says whether page i of all PT_LOADs, counted in program header order,
 * is all zero.  The caller sizes zero[] for mk_dump_pages(in) bits.
 */
uint64_t mk_dump_pages(const struct mk_dump_in *in);

/* What to write: the output's headers, then each copy in order. */
struct mk_dump_copy {
	uint64_t in_off, out_off, len;	/* bytes of the input to copy */
};

struct mk_dump_plan {
	uint32_t phnum;
	struct mk_dump_phdr ph[MK_DUMP_MAX_PHDRS];	/* output offsets */
	uint32_t ncopies;
	struct mk_dump_copy copies[MK_DUMP_MAX_PHDRS + 1];	/* [0]: the notes */
	uint64_t headers_len;	/* ELF header + program headers */
	uint64_t out_size;	/* the whole output file */
	uint64_t zero_pages;	/* pages left out */
};

/*
 * Plan the output: the notes are copied as they are (after the new
 * program header table), every PT_LOAD becomes one or more, each data
 * run copied, each zero run (when skip_zero) a header only.  zero may be
 * NULL (nothing is zero).  Errors: MK_ERR_PARAM (in inconsistent, or an
 * output past 4 GiB).
 *
 * The output: the ELF header and p->phnum program headers
 * (p->headers_len bytes, mk_dump_headers()), at once the notes
 * (copies[0], len 0 when there are none), then the data, which starts
 * at the next multiple of 4: the bytes between (at most 3) are zeros.
 * copies[1..ncopies-1] follow in out_off order without gaps; out_size is
 * the end of the last (or of the padding).  Each data run is a PT_LOAD
 * with p_filesz == p_memsz, each zero run one with p_filesz 0 and
 * p_offset where the next data would go; vaddr and paddr move with the
 * run, type, flags and align are the input's.  skip_zero 0 or zero NULL:
 * one PT_LOAD for each of the input.
 */
int mk_dump_plan_build(const struct mk_dump_in *in, const uint8_t *zero,
		       int skip_zero, struct mk_dump_plan *p, struct mk_diag *d);

/*
 * The output's ELF header and program header table, p->headers_len bytes,
 * into out (cap bytes).  Returns the length, or 0 when cap is too small.
 * The ELF header is the input's (ident, type, machine, flags) with the
 * new e_phnum; the notes keep their bytes, at their new offset.
 */
size_t mk_dump_headers(const struct mk_dump_plan *p, const uint8_t *in_ehdr,
		       uint8_t *out, size_t cap);

/* ------------------------------------------------------------------ */
/* A newc cpio archive (lib/cpio.c), for the capture initramfs         */

#define MK_CPIO_HEADER	110u	/* the fixed part of a newc header */
#define MK_CPIO_TRAILER	"TRAILER!!!"	/* the last entry's name */

/*
 * The header of one entry: name (a path without a leading '/'), mode
 * (with the S_IF type bits: 0100000 file, 040000 directory, 0120000
 * symlink), size of the data that follows; ino is the entry's number in
 * the archive.  Writes the header, the name with its NUL and the padding
 * to 4 bytes into out; returns the length, or 0 when cap is too small or
 * the name is empty or over 255 bytes.  The data follows, padded to 4
 * bytes with NULs (mk_cpio_pad() says how many).  The archive ends with
 * the entry "TRAILER!!!" (mode 0, size 0).  mtime, uid and gid are 0, so
 * that the same inputs make the same bytes; c_nlink is 2 for a directory,
 * 1 otherwise; the hex digits are upper case.
 */
size_t mk_cpio_header(uint8_t *out, size_t cap, const char *name, uint32_t mode,
		      uint32_t size, uint32_t ino);
uint32_t mk_cpio_pad(uint64_t len);

/* ------------------------------------------------------------------ */
/* Which filesystem a device holds (lib/blkid.c)                        */

/*
 * KDUMP_DEVICE and root= name a filesystem by UUID= or LABEL=: the
 * capture kernel has no udev, so kdump-config reads the superblock of
 * each block device itself.  ext2, ext3 and ext4 share it: at byte
 * MK_EXT_SB_OFFSET of the device, the magic 0xEF53 (little-endian) at
 * +56, the UUID (16 bytes) at +104, the volume label (16 bytes, NUL
 * padded) at +120.
 */
#define MK_EXT_SB_OFFSET	1024u
#define MK_EXT_SB_LEN		136u	/* bytes of the superblock read */

struct mk_fs_id {
	char uuid[37];		/* 8-4-4-4-12 lowercase hex */
	char label[17];		/* as stored, NUL-terminated */
};

/*
 * The UUID and label of an ext2/3/4 superblock (sb: len bytes from
 * MK_EXT_SB_OFFSET).  Returns 1 when it is one, 0 when not (or len is
 * short).
 */
int mk_ext_superblock(const uint8_t *sb, size_t len, struct mk_fs_id *id);

/*
 * Does spec ("UUID=..." in any case of hex, or "LABEL=...") name this
 * filesystem?  1 yes, 0 no; -1 when spec is neither form.
 */
int mk_fs_id_match(const struct mk_fs_id *id, const char *spec);

#endif
