/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * m68kexec.h - the core of the m68k kexec loader.
 *
 * The core takes buffers and returns plans or error codes.  It never opens
 * files, prints, exits, allocates or asks the host anything, so every rule
 * below can be tested on any host, with crafted bytes.
 *
 * Target types are explicit: m68k physical addresses and sizes are
 * uint32_t; big-endian fields are decoded with mk_be16()/mk_be32().
 */
#ifndef M68KEXEC_H
#define M68KEXEC_H

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ */
/* Target constants (Linux/m68k, classic 680x0 with MMU)               */

#define MK_PAGE_SIZE		4096u	/* the kernel's page, not the host's */
#define MK_MAX_SEGMENTS		16u	/* KEXEC_SEGMENT_MAX */
#define MK_BI_MAX_SIZE		1536u	/* save_bootinfo() keeps this much */
#define MK_CMDLINE_SIZE		256u	/* COMMAND_LINE_SIZE incl. the NUL */
#define MK_CMDLINE_MAX		(MK_CMDLINE_SIZE - 1)
#define MK_RNG_SEED_LEN		32u
#define MK_MAX_CHUNKS		16u	/* NUM_MEMINFO in the kernel is 4; be generous */
#define MK_BI_MAX_RECORDS	512u
/* Room left free after the bootinfo for the new kernel's early page tables. */
#define MK_EARLY_TABLES		(64u * 1024u)

/* Bootinfo tags (arch/m68k/include/uapi/asm/bootinfo.h). */
#define BI_LAST			0x0000
#define BI_MACHTYPE		0x0001
#define BI_CPUTYPE		0x0002
#define BI_FPUTYPE		0x0003
#define BI_MMUTYPE		0x0004
#define BI_MEMCHUNK		0x0005
#define BI_RAMDISK		0x0006
#define BI_COMMAND_LINE		0x0007
#define BI_RNG_SEED		0x0008
#define BI_MACH_FIRST		0x8000	/* machine-specific tags start here */

/* Machine ids (BI_MACHTYPE). */
#define MACH_AMIGA		1
#define MACH_ATARI		2
#define MACH_MAC		3
#define MACH_APOLLO		4
#define MACH_SUN3		5
#define MACH_MVME147		6
#define MACH_MVME16x		7
#define MACH_BVME6000		8
#define MACH_HP300		9
#define MACH_Q40		10
#define MACH_SUN3X		11
#define MACH_M54XX		12
#define MACH_M5441X		13
#define MACH_VIRT		14

/* kexec_load flags. */
#define MK_KEXEC_ON_CRASH	0x00000001u
#define MK_KEXEC_ARCH_68K	(4u << 16)

/* ------------------------------------------------------------------ */
/* Errors: negative codes from one list, grouped by cause.             */

/*
 * What kind of failure a code is: the tools map a class to an exit
 * status (kexec.8, EXIT STATUS), never a code or a range of codes.
 */
enum mk_error_class {
	MK_CLASS_UNKNOWN = 0,	/* not a code of the list below */
	MK_CLASS_OK,		/* MK_OK */
	MK_CLASS_INPUT,		/* bad input: the kernel, the bootinfo, a value given */
	MK_CLASS_NOFIT,		/* the plan does not fit the machine */
	MK_CLASS_INTERNAL,	/* the loader's own fault */
	MK_CLASS_REFUSED,	/* the running kernel refused (permission, kernel error) */
	MK_CLASS_UNSUPPORTED,	/* not possible on this host or kernel */
};

/* Which input an error is in: the tools name that file in the message. */
enum mk_error_subject {
	MK_SUBJECT_NONE = 0,	/* no one input (a value given, the plan, unknown) */
	MK_SUBJECT_KERNEL,	/* the kernel image */
	MK_SUBJECT_BOOTINFO,	/* the bootinfo list read */
	MK_SUBJECT_ENTRY,	/* the entry point: the kernel's, or one given */
};

/*
 * Every error code, one row each: name, value, class (MK_CLASS_ without
 * the prefix), subject (MK_SUBJECT_ without the prefix: which input the
 * fault is in, for the tools to name its file) and the generic text of
 * mk_strerror().  enum mk_error and the table in lib/error.c are both
 * made from this list, so a code cannot exist without its class, its
 * subject and its text.
 */
#define MK_ERRORS(X) \
	X(MK_OK,			0, OK,		NONE,	"success") \
	/* Bad input: the kernel image. */ \
	X(MK_ERR_ELF_TRUNCATED,		-1, INPUT,	KERNEL,	"ELF image truncated") \
	X(MK_ERR_ELF_MAGIC,		-2, INPUT,	KERNEL,	"not an ELF image") \
	X(MK_ERR_ELF_CLASS,		-3, INPUT,	KERNEL,	"not a 32-bit big-endian ELF image") \
	X(MK_ERR_ELF_MACHINE,		-4, INPUT,	KERNEL,	"not an m68k executable") /* or not ET_EXEC */ \
	X(MK_ERR_ELF_PHDR,		-5, INPUT,	KERNEL,	"bad ELF program header table") \
	X(MK_ERR_ELF_SEGMENT,		-6, INPUT,	KERNEL,	"bad ELF loadable segment") \
	X(MK_ERR_ELF_NOLOAD,		-7, INPUT,	KERNEL,	"ELF image has nothing to load") \
	/* Bad input: the bootinfo list. */ \
	X(MK_ERR_BI_RECORD,		-10, INPUT,	BOOTINFO,	"bad bootinfo record") /* impossible size */ \
	X(MK_ERR_BI_UNTERMINATED,	-11, INPUT,	BOOTINFO,	"bootinfo list has no BI_LAST") \
	X(MK_ERR_BI_TRAILING,		-12, INPUT,	BOOTINFO,	"bytes after the bootinfo's BI_LAST") \
	X(MK_ERR_BI_MISSING,		-13, INPUT,	BOOTINFO,	"mandatory bootinfo record missing") \
	X(MK_ERR_BI_VALUE,		-14, INPUT,	BOOTINFO,	"bad bootinfo value") \
	X(MK_ERR_BI_TOO_MANY,		-15, INPUT,	BOOTINFO,	"too many bootinfo records") \
	/* Bad parameter from the caller or the user. */ \
	X(MK_ERR_CMDLINE_TOO_LONG,	-20, INPUT,	NONE,	"command line too long") \
	X(MK_ERR_BI_TOO_LARGE,		-21, INPUT,	NONE,	"bootinfo too large") /* over 1536 bytes */ \
	X(MK_ERR_PARAM,			-22, INPUT,	NONE,	"invalid argument") \
	/* The plan does not fit the machine. */ \
	X(MK_ERR_NO_SPACE,		-30, NOFIT,	NONE,	"no room in memory") \
	X(MK_ERR_OUTSIDE_RAM,		-31, NOFIT,	NONE,	"segment outside RAM") \
	X(MK_ERR_OVERLAP,		-32, NOFIT,	NONE,	"segments overlap") \
	X(MK_ERR_TOO_MANY_SEGMENTS,	-33, NOFIT,	NONE,	"too many segments") \
	X(MK_ERR_HALF_RAM,		-34, NOFIT,	NONE,	"more than half of RAM") \
	X(MK_ERR_INITIAL_MAP,		-35, NOFIT,	NONE,	"outside the kernel's initial mapping") \
	X(MK_ERR_ALIGN,			-36, NOFIT,	NONE,	"segment not page aligned") \
	X(MK_ERR_KERNEL_CHUNK,		-37, NOFIT,	NONE,	"kernel not inside the first memory chunk") \
	X(MK_ERR_MEM_WINDOW,		-38, NOFIT,	NONE,	"outside --mem-min/--mem-max") \
	/* Bad input: the entry point (the kernel's, or --entry) is not */ \
	/* inside the kernel; no placement would make it fit. */ \
	X(MK_ERR_ENTRY,			-39, INPUT,	ENTRY,	"entry point outside the kernel") \
	/* The crash kernel (kdump). */ \
	X(MK_ERR_CRASH_REGION,		-40, INPUT,	NONE,	"no usable crash kernel region") \
	X(MK_ERR_CRASH_VALUE,		-41, INPUT,	NONE,	"bad crash note or vmcoreinfo value") \
	/* kdump as a service: /etc/default/kdump-tools (kdump-config). */ \
	X(MK_ERR_CONFIG,		-45, INPUT,	NONE,	"bad kdump configuration line") \
	/* Internal. */ \
	X(MK_ERR_INTERNAL,		-50, INTERNAL,	NONE,	"internal error") \
	/* The system layer (sys/): files, their decoding, the running */ \
	/* kernel.  Its messages name the file themselves (subject NONE) */ \
	/* and carry the errno's words when there is one. */ \
	X(MK_ERR_FILE_NOT_FOUND,	-60, INPUT,	NONE,	"no such file") \
	X(MK_ERR_FILE_READ,		-61, INPUT,	NONE,	"cannot read the file") /* permission, I/O */ \
	X(MK_ERR_FILE_TYPE,		-62, INPUT,	NONE,	"not a regular file or block device") /* directory, FIFO, device */ \
	X(MK_ERR_FILE_EMPTY,		-63, INPUT,	NONE,	"file is empty") \
	X(MK_ERR_FILE_CAP,		-64, INPUT,	NONE,	"file larger than accepted") /* a small file's fixed cap */ \
	X(MK_ERR_FILE_TOO_BIG,		-65, NOFIT,	NONE,	"file too large for this machine") /* to map, or to decode */ \
	X(MK_ERR_NO_MEMORY,		-66, NOFIT,	NONE,	"not enough memory to decode") \
	X(MK_ERR_DECODE,		-67, INPUT,	NONE,	"corrupt compressed data") \
	/* A format kexec knows but this build cannot decode: bad input */ \
	/* for this kexec (exit 1), as a bzip2 kernel is for every build. */ \
	X(MK_ERR_NO_DECODER,		-68, INPUT,	NONE,	"compression format not supported by this build") \
	/* The running kernel (sys/kexec.c).  No class means "refused" or */ \
	/* "not supported here": kexec maps these three to its exit */ \
	/* statuses 5, 5 and 4 by code (cli/kexec.c). */ \
	X(MK_ERR_NOT_M68K,		-70, UNSUPPORTED,	NONE,	"this host is not m68k") \
	X(MK_ERR_NO_KEXEC,		-71, UNSUPPORTED,	NONE,	"the running kernel has no kexec") \
	X(MK_ERR_KEXEC_REFUSED,		-72, REFUSED,	NONE,	"the kernel refused") /* kexec_load or reboot */ \
	X(MK_ERR_NOT_LOADED,		-73, INPUT,	NONE,	"no kernel is loaded") \
	X(MK_ERR_RANDOM,		-74, INPUT,	NONE,	"no random bytes for the RNG seed")

#define MK_ERROR_ENUM(name, value, cls, subject, text)	name = value,
enum mk_error {
	MK_ERRORS(MK_ERROR_ENUM)
};
#undef MK_ERROR_ENUM

/* A short generic text for an error code (never NULL). */
const char *mk_strerror(int err);
/* The class of an error code; MK_CLASS_UNKNOWN for a number not listed. */
enum mk_error_class mk_error_class(int err);
/* The subject of an error code; MK_SUBJECT_NONE for a number not listed. */
enum mk_error_subject mk_error_subject(int err);

/*
 * Where an error was found, in words: every core function that can fail
 * takes a struct mk_diag * (may be NULL) and, on failure, writes one line
 * naming the record, segment, offset, address range or limit involved.
 * code is 0 or a code of MK_ERRORS, never an errno: the system layer
 * (sys/) gives a failed call's errno in words, in msg.
 */
struct mk_diag {
	int code;
	char msg[200];
};

/* ------------------------------------------------------------------ */
/* Big-endian helpers                                                  */

static inline uint16_t mk_be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t mk_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static inline void mk_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void mk_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint32_t mk_page_down(uint32_t v)
{
	return v & ~(MK_PAGE_SIZE - 1);
}

/* ------------------------------------------------------------------ */
/* Numbers (lib/number.c)                                              */

/*
 * A 32-bit number as both tools take it (kexec --mem-min, --entry,
 * --crash-region; bootinfo --set, --memchunk, ...): decimal, or hex after
 * 0x or 0X; a leading 0 is decimal, never octal.  With suffix set (where
 * a size is allowed) it may end in K, M or G (times 1024, 1024^2,
 * 1024^3).  No sign, no blanks, nothing after it.
 * Errors: MK_ERR_PARAM (empty, not a number, junk after it, or over 32
 * bits, the suffix's product included).
 */
int mk_parse_u32(const char *s, int suffix, uint32_t *v);
/* The syntax above in one line, for the tools' usage texts. */
#define MK_NUMBER_SYNTAX	"Numbers are decimal or 0x hex; sizes may end in K, M or G."

/* ------------------------------------------------------------------ */
/* ELF32 layout: what the reader reads and the core header writer      */
/* writes (System V ABI), as byte offsets into a big-endian file.      */

#define MK_ELF_MAGIC		"\177ELF"	/* e_ident[0..3] */
#define MK_ELF_MAGIC_LEN	4u
/* ELF header: e_ident bytes, then be16 and be32 fields. */
#define MK_ELF_EI_CLASS		4	/* u8 */
#define MK_ELF_EI_DATA		5	/* u8 */
#define MK_ELF_EI_VERSION	6	/* u8 */
#define MK_ELF_E_TYPE		16	/* be16 */
#define MK_ELF_E_MACHINE	18	/* be16 */
#define MK_ELF_E_VERSION	20	/* be32 */
#define MK_ELF_E_ENTRY		24	/* be32 */
#define MK_ELF_E_PHOFF		28	/* be32 */
#define MK_ELF_E_SHOFF		32	/* be32 */
#define MK_ELF_E_FLAGS		36	/* be32 */
#define MK_ELF_E_EHSIZE		40	/* be16 */
#define MK_ELF_E_PHENTSIZE	42	/* be16 */
#define MK_ELF_E_PHNUM		44	/* be16 */
#define MK_ELF_E_SHENTSIZE	46	/* be16 */
#define MK_ELF_E_SHNUM		48	/* be16 */
#define MK_ELF_E_SHSTRNDX	50	/* be16 */
#define MK_ELF32_EHDR_SIZE	52u
/* Program header: every field a be32. */
#define MK_ELF_P_TYPE		0
#define MK_ELF_P_OFFSET		4
#define MK_ELF_P_VADDR		8
#define MK_ELF_P_PADDR		12
#define MK_ELF_P_FILESZ		16
#define MK_ELF_P_MEMSZ		20
#define MK_ELF_P_FLAGS		24
#define MK_ELF_P_ALIGN		28
#define MK_ELF32_PHDR_SIZE	32u
/* Field values. */
#define MK_ELF_CLASS32		1u	/* e_ident[EI_CLASS] */
#define MK_ELF_DATA2MSB		2u	/* e_ident[EI_DATA]: big-endian */
#define MK_ELF_EV_CURRENT	1u	/* e_ident[EI_VERSION], e_version */
#define MK_ELF_ET_EXEC		2u	/* e_type */
#define MK_ELF_ET_CORE		4u
#define MK_ELF_EM_68K		4u	/* e_machine */
#define MK_ELF_PT_LOAD		1u	/* p_type */
#define MK_ELF_PT_NOTE		4u
#define MK_ELF_PF_X		1u	/* p_flags */
#define MK_ELF_PF_W		2u
#define MK_ELF_PF_R		4u

/* ------------------------------------------------------------------ */
/* ELF reader (lib/elf.c)                                              */

#define MK_MAX_BOOTVERSIONS	32u
/*
 * The bootversion table at _stext (arch/m68k/kernel/head.S): be16 branch,
 * be32 magic, then {be32 machtype, be32 version} pairs ending with 0.
 */
#define MK_BOOTINFOV_MAGIC	0x4249561Au

struct mk_elf_load {
	uint32_t offset;	/* file offset of the first byte to load */
	uint32_t filesz;
	uint32_t memsz;
	uint32_t vaddr;		/* kernel virtual = offset from RAM start */
};

struct mk_kernel {
	uint32_t entry;		/* e_entry, virtual */
	unsigned nloads;
	struct mk_elf_load load[MK_MAX_SEGMENTS];
	uint32_t start;		/* lowest loaded virtual address */
	uint32_t end;		/* _end: end of the last memory image */
	int dropped_header;	/* first page (ELF headers) was dropped */
	/* The bootversion table at _stext, if present. */
	int has_bootversion;
	unsigned nbootversions;
	struct {
		uint32_t machtype;
		uint32_t version;
	} bootversion[MK_MAX_BOOTVERSIONS];
};

/*
 * Parse an m68k vmlinux image in buf[0..len).  Checks the ELF header,
 * every program header and PT_LOAD against the buffer, drops the first
 * page of a PT_LOAD at file offset 0 (it holds only headers) and reads
 * the bootversion table.  Errors: MK_ERR_ELF_*.
 */
int mk_elf_parse(const uint8_t *buf, size_t len, struct mk_kernel *k,
		 struct mk_diag *d);

/*
 * How much of an ELF file a load reads: the ELF header, the program
 * headers and the file bytes of every PT_LOAD that takes memory.  What
 * lies past them (symbols, debug sections, section headers) is never
 * used.  Given the first len bytes of a file: returns 1 with the extent
 * in *end; 0 when len is too short to tell, with *end the number of bytes
 * to have first; -1 when the bytes are not a 32-bit big-endian ELF header
 * whose extent can be read (mk_elf_parse says what is wrong).
 */
int mk_elf_extent(const uint8_t *buf, size_t len, uint64_t *end);

/* Does the kernel's bootversion table list this machine? */
int mk_kernel_supports_machine(const struct mk_kernel *k, uint32_t machtype);

/* ------------------------------------------------------------------ */
/* Bootinfo codec (lib/bootinfo.c)                                     */

struct mk_bi_record {
	uint16_t tag;
	uint16_t size;		/* data bytes (record size minus 4) */
	const uint8_t *data;	/* points into a caller's buffer */
};

struct mk_bootinfo {
	unsigned nrec;
	struct mk_bi_record rec[MK_BI_MAX_RECORDS];
	int short_last;		/* input ended with the 2-byte BI_LAST form */
	size_t length;		/* bytes parsed, BI_LAST included */
};

/*
 * Parse a bootinfo list.  Every record is checked against the buffer
 * (size >= 4, multiple of 4, inside the buffer); the list must end with
 * BI_LAST (2- or 4-byte form) and nothing but zeros may follow it.
 * Record data stays in buf: keep buf alive while bi is used.
 * Errors: MK_ERR_BI_RECORD, _UNTERMINATED, _TRAILING, _TOO_MANY.
 */
int mk_bi_parse(const uint8_t *buf, size_t len, struct mk_bootinfo *bi,
		struct mk_diag *d);

/* Serialised size of the list, with a 4-byte BI_LAST. */
size_t mk_bi_size(const struct mk_bootinfo *bi);

/*
 * Write the list to out (4-byte BI_LAST; record data padded with zeros
 * to a multiple of 4).  Errors: MK_ERR_BI_TOO_LARGE when cap is short.
 */
int mk_bi_serialize(const struct mk_bootinfo *bi, uint8_t *out, size_t cap,
		    size_t *outlen, struct mk_diag *d);

/* First record with tag at or after index from; -1 if none. */
int mk_bi_find(const struct mk_bootinfo *bi, uint16_t tag, unsigned from);
/* Remove every record with this tag; returns how many were removed. */
unsigned mk_bi_remove(struct mk_bootinfo *bi, uint16_t tag);
/* Remove record i. */
void mk_bi_remove_at(struct mk_bootinfo *bi, unsigned i);
/* Append a record (data not copied).  Errors: MK_ERR_BI_TOO_MANY, _PARAM. */
int mk_bi_append(struct mk_bootinfo *bi, uint16_t tag, const uint8_t *data,
		 uint16_t size);
/* Replace the first record with tag, or append it. */
int mk_bi_set(struct mk_bootinfo *bi, uint16_t tag, const uint8_t *data,
	      uint16_t size);
/* be32 value of the first record with tag; MK_ERR_BI_MISSING / _VALUE. */
int mk_bi_get_u32(const struct mk_bootinfo *bi, uint16_t tag, uint32_t *v);

/* The machine type, or 0 when the list has none. */
uint32_t mk_bi_machine(const struct mk_bootinfo *bi);

/*
 * Collect the BI_MEMCHUNK records in list order.  Errors: MK_ERR_BI_MISSING
 * (none), MK_ERR_BI_VALUE (bad size or a chunk that wraps), _TOO_MANY.
 */
struct mk_memchunk {
	uint32_t addr;
	uint32_t size;
};
int mk_bi_memchunks(const struct mk_bootinfo *bi, struct mk_memchunk *c,
		    unsigned cap, unsigned *n, struct mk_diag *d);

/*
 * Names, from the table of machines and records (mk_bi_row() below):
 * "BI_MACHTYPE", "BI_MAC_MODEL", ...; NULL for an unknown tag.
 */
const char *mk_bi_tag_name(uint32_t machtype, uint16_t tag);
/* Tag for a name (case-insensitive, with or without the BI_ prefix). */
int mk_bi_tag_by_name(uint32_t machtype, const char *name, uint16_t *tag);
/* "virt", "amiga", ...; NULL for an unknown id. */
const char *mk_machine_name(uint32_t machtype);
int mk_machine_by_name(const char *name, uint32_t *machtype);

/*
 * A record's value in words, by its row's layout: "virt (14)", "68040",
 * "0x00000000 + 0x08000000 (128 MiB)", "\"console=ttyGF0\"", "32 bytes",
 * "Quadra 800 (35)", "50 Hz", "0xff008000, irq 39"; a record of no known
 * layout, or shorter than its layout, as "0x%08x" when it has 4 bytes,
 * else in hex bytes.  Writes at most n bytes (NUL included) and returns
 * the length it wanted.
 */
size_t mk_bi_describe(uint32_t machtype, const struct mk_bi_record *r,
		      char *out, size_t n);
/* "68020|68030" for a CPU, FPU or MMU bitmask record; "bit5" for a bit
 * the kernel does not know. */
size_t mk_bi_describe_mask(uint16_t tag, uint32_t mask, char *out, size_t n);

/* ------------------------------------------------------------------ */
/* Command-line composer (lib/cmdline.c)                               */

struct mk_cmdline_opts {
	const char *command_line;	/* --command-line: the base line */
	int reuse;			/* --reuse-cmdline */
	const char *current;		/* the running kernel's line */
	const char *append[8];		/* --append, in order */
	unsigned nappend;
};

/*
 * Compose the new kernel's command line into out (MK_CMDLINE_SIZE bytes):
 * base = --command-line, or the current line with BOOT_IMAGE= words
 * dropped when reusing, or empty; each --append is added after a single
 * space.  Whitespace runs outside quotes become one space, and leading
 * and trailing blanks go.  Errors: MK_ERR_CMDLINE_TOO_LONG (names the
 * length and the limit), MK_ERR_PARAM (--command-line with --reuse-cmdline).
 */
int mk_cmdline_compose(const struct mk_cmdline_opts *o, char *out,
		       size_t outsz, struct mk_diag *d);

/* ------------------------------------------------------------------ */
/* The plan (lib/plan.c)                                               */

enum mk_seg_role {
	MK_SEG_KERNEL,
	MK_SEG_BOOTINFO,
	MK_SEG_RAMDISK,
	MK_SEG_OTHER,
};

const char *mk_seg_role_name(enum mk_seg_role r);

struct mk_segment {
	const void *buf;
	uint32_t bufsz;
	uint32_t mem;		/* physical, page aligned */
	uint32_t memsz;		/* page aligned */
	enum mk_seg_role role;
};

struct mk_plan_input {
	const uint8_t *kernel;		/* the (decompressed) vmlinux */
	size_t kernel_len;
	const struct mk_bootinfo *bootinfo;	/* the running machine's */
	const char *cmdline;		/* the composed line, "" for none */
	const uint8_t *ramdisk;		/* NULL: no ramdisk */
	uint64_t ramdisk_len;
	const uint8_t *seed;		/* MK_RNG_SEED_LEN bytes, or NULL */
	uint32_t mem_min;		/* placement window, inclusive */
	uint32_t mem_max;		/* 0: no upper limit */
	int have_entry;			/* --entry given */
	uint32_t entry;
	uint64_t ram_total;		/* MemTotal; 0: sum of the chunks */
};

#define MK_WARN_BOOTVERSION	0x1	/* kernel does not list the machine */
#define MK_WARN_NO_BOOTVERSION	0x2	/* kernel has no bootversion table */

struct mk_plan {
	uint32_t entry;			/* physical */
	uint32_t memoffset;		/* physical - virtual */
	unsigned nseg;
	struct mk_segment seg[MK_MAX_SEGMENTS];
	unsigned nchunks;
	struct mk_memchunk chunk[MK_MAX_CHUNKS];
	uint64_t ram_total;		/* what the half-of-RAM rule uses */
	uint32_t mem_min, mem_max;	/* placement window (mem_max 0: none) */
	uint32_t map_size;		/* head.S's initial mapping */
	uint32_t kernel_start, kernel_end;	/* physical */
	uint32_t bootinfo_addr;		/* physical _end */
	uint32_t bootinfo_size;		/* serialised list */
	uint32_t ramdisk_addr, ramdisk_size;	/* 0,0: none */
	unsigned warnings;
	struct mk_kernel kernel;
	struct mk_bootinfo bi;		/* the new list (points into below) */
	uint8_t cmdline_rec[MK_CMDLINE_SIZE];
	uint8_t ramdisk_rec[8];
	uint8_t seed_rec[2 + MK_RNG_SEED_LEN + 2];
	/* The bootinfo segment: zeros up to _end, then the list. */
	uint8_t bootinfo_buf[MK_PAGE_SIZE + MK_BI_MAX_SIZE];
};

/*
 * Build the whole plan: parse the kernel, compute physical addresses from
 * the first memory chunk, build the new bootinfo (inherited records, new
 * command line, ramdisk and RNG seed), place the ramdisk and run
 * mk_plan_check().  Pure: the same input gives the same plan.
 * Errors: any MK_ERR_*; d names the file part, record or limit.
 */
int mk_plan_build(const struct mk_plan_input *in, struct mk_plan *p,
		  struct mk_diag *d);

/*
 * The single checker of the kernel's rules for a load (doc/load-rules.md):
 * page alignment, bufsz <= memsz, segment count, inside RAM, no overlap,
 * half of RAM per segment and in total, kernel in the first chunk, kernel
 * plus bootinfo plus early tables inside the initial mapping, bootinfo at
 * _end, entry inside the kernel.  Run on every plan before it is loaded.
 */
int mk_plan_check(const struct mk_plan *p, struct mk_diag *d);

/* Bytes the kernel must allocate to copy the plan's segments. */
uint64_t mk_plan_copy_bytes(const struct mk_plan *p);

/* head.S's initial mapping for a first chunk of this size. */
uint32_t mk_initial_map_size(uint32_t first_chunk_size);

/* ------------------------------------------------------------------ */
/* Crash kernel (kdump) plans (lib/crash.c)                            */
/*                                                                    */
/* A crash load (kexec -p) puts a capture kernel into the region the   */
/* running kernel reserved with crashkernel= ("Crash kernel" in        */
/* /proc/iomem).  The kernel copies its segments there at load time    */
/* and jumps to it on a panic; the capture kernel runs from the region */
/* alone and reads the old memory through /proc/vmcore, described by   */
/* an ELF core header that the loader builds and passes with           */
/* elfcorehdr=SIZE@ADDR.                                               */

#define MK_CRASH_MAX_CPUS	8u	/* m68k is uniprocessor; be generous */
#define MK_CRASH_MAX_RANGES	(2u * MK_MAX_CHUNKS)	/* old RAM, region cut out */
#define MK_CRASH_MAX_PHDRS	(MK_CRASH_MAX_CPUS + 1u + MK_CRASH_MAX_RANGES)
/*
 * Capture memory chunks start and end on 256 KiB: the kernel maps
 * 68020/030 memory with 256 KiB early-termination descriptors, and
 * ARAnyM rounds its chunks the same way.  The core header gets the top
 * page of the region, outside the capture kernel's chunk.
 */
#define MK_CRASH_CHUNK_ALIGN	(256u * 1024u)

/* A note buffer in the old kernel's memory (physical address, bytes). */
struct mk_crash_note {
	uint32_t addr;
	uint32_t size;
};

struct mk_crash_input {
	/*
	 * As for a normal load: the kernel, the running machine's bootinfo,
	 * the composed command line (crashkernel= and elfcorehdr= words are
	 * dropped from it), ramdisk, seed, --mem-min/--mem-max, --entry and
	 * MemTotal.
	 */
	struct mk_plan_input base;
	uint32_t region_start;		/* the "Crash kernel" range */
	uint32_t region_size;
	unsigned ncpus;			/* crash_notes of cpu0 .. cpuN-1 */
	struct mk_crash_note cpu_note[MK_CRASH_MAX_CPUS];
	struct mk_crash_note vmcoreinfo;	/* size 0: none */
};

struct mk_crash_plan {
	/*
	 * The capture kernel's plan, made by mk_plan_build() from the capture
	 * bootinfo: kernel at the region's start, bootinfo at its _end,
	 * ramdisk at the top of the capture chunk.  It does not hold the
	 * core header's segment (below), which lies outside that chunk.
	 */
	struct mk_plan plan;
	struct mk_segment header;	/* the core header's segment */
	uint32_t region_start, region_size;
	struct mk_memchunk capture;	/* the capture kernel's RAM */
	int stram;			/* Atari: ST-RAM chunk passed after it */
	struct mk_memchunk stram_chunk;
	uint32_t header_addr;		/* elfcorehdr= address */
	uint32_t header_size;		/* elfcorehdr= size (the segment's) */
	uint32_t header_len;		/* bytes of ELF header and phdrs */
	unsigned nranges;		/* old RAM in the dump, in list order */
	struct mk_memchunk range[MK_CRASH_MAX_RANGES];
	uint32_t vmemoffset;		/* the old kernel's physical - virtual */
	unsigned ncpus;
	struct mk_crash_note cpu_note[MK_CRASH_MAX_CPUS];
	struct mk_crash_note vmcoreinfo;
	char cmdline[MK_CMDLINE_SIZE];	/* the capture kernel's line */
	struct mk_bootinfo bi;		/* the capture list given to the plan */
	uint8_t chunk_rec[2][8];
	uint8_t header_buf[MK_PAGE_SIZE];
};

/*
 * Build a crash plan: check the region (its start on a
 * MK_CRASH_CHUNK_ALIGN (256 KiB) boundary, its size whole pages, inside
 * one memory chunk, not in Atari ST-RAM), the notes (inside old RAM,
 * outside the region), then make the capture command line
 * (mk_crash_cmdline), the capture bootinfo (the memory chunks replaced
 * by the capture chunk: the region less its top page, rounded down to
 * 256 KiB; then the ST-RAM chunk at 0 on Atari),
 * the capture kernel's plan inside that chunk, and the ELF core header
 * in the region's top page; then run mk_crash_check().
 * Errors: MK_ERR_CRASH_REGION (region unusable), MK_ERR_CRASH_VALUE (a
 * note), MK_ERR_PARAM, and any error of mk_plan_build().
 */
int mk_crash_plan_build(const struct mk_crash_input *in,
			struct mk_crash_plan *c, struct mk_diag *d);

/*
 * The rules of a crash load on top of mk_plan_check(): every segment,
 * the core header's included, and the entry inside the region; at most
 * MK_MAX_SEGMENTS in all; no overlap; half of RAM in total; the header
 * outside the capture chunk and inside --mem-min/--mem-max.
 * Errors: MK_ERR_OUTSIDE_RAM, _OVERLAP, _ALIGN, _TOO_MANY_SEGMENTS,
 * _HALF_RAM, _ENTRY, _MEM_WINDOW.
 */
int mk_crash_check(const struct mk_crash_plan *c, struct mk_diag *d);

/* The segments to load: the plan's, then the core header. */
unsigned mk_crash_segments(const struct mk_crash_plan *c,
			   struct mk_segment *seg, unsigned cap);

/*
 * The capture kernel's command line: line without its crashkernel= and
 * elfcorehdr= words, then "elfcorehdr=SIZEK@0xADDR" (the kernel's
 * memparse() reads both).  Errors: MK_ERR_CMDLINE_TOO_LONG.
 */
int mk_crash_cmdline(const char *line, uint32_t header_addr,
		     uint32_t header_size, char *out, size_t outsz,
		     struct mk_diag *d);

/*
 * Write the ELF32 big-endian ET_CORE EM_68K header into out: one PT_NOTE
 * per CPU, one for vmcoreinfo (when its size is not 0), one PT_LOAD per
 * old RAM range (p_offset = p_paddr = physical address, p_vaddr = the
 * old kernel's virtual address, physical - vmemoffset).  Returns the
 * bytes written, 0 when cap is too small or a count is over its limit.
 */
size_t mk_crash_core_header(const struct mk_crash_note *cpu_note,
			    unsigned ncpus,
			    const struct mk_crash_note *vmcoreinfo,
			    const struct mk_memchunk *range, unsigned nranges,
			    uint32_t vmemoffset, uint8_t *out, size_t cap);

/*
 * Parsers for what the running kernel reports (text, not NUL-terminated):
 * the "Crash kernel" line of /proc/iomem ("START-END : Crash kernel",
 * hex; errors MK_ERR_CRASH_REGION: none, 0-0 (hidden from non-root),
 * over 32 bits, empty); a cpuN/crash_notes address (hex) with
 * crash_notes_size (decimal); /sys/kernel/vmcoreinfo ("ADDR SIZE", hex).
 * Errors: MK_ERR_CRASH_VALUE naming the text.
 */
int mk_crash_parse_iomem(const char *text, size_t len, uint32_t *start,
			 uint32_t *size, struct mk_diag *d);
int mk_crash_parse_note(const char *addr_text, size_t addr_len,
			const char *size_text, size_t size_len,
			struct mk_crash_note *n, struct mk_diag *d);
int mk_crash_parse_vmcoreinfo(const char *text, size_t len,
			      struct mk_crash_note *n, struct mk_diag *d);

/* ------------------------------------------------------------------ */
/* The machines and their records (lib/bootinfo.c), values in words    */
/* and from words (lib/describe.c) and the bootinfo checker            */
/* (lib/bicheck.c), for the bootinfo tool.                             */

/* How a record's data is laid out, checked, shown and parsed. */
enum mk_bi_type {
	MK_BI_BYTES,		/* unknown layout: hex bytes */
	MK_BI_HEX32,		/* be32 shown in hex (addresses, ids) */
	MK_BI_DEC32,		/* be32 shown in decimal */
	MK_BI_S32,		/* signed be32 */
	MK_BI_SIZE32,		/* be32 size in bytes */
	MK_BI_MIB32,		/* be32 size in MiB */
	MK_BI_MACHINE,		/* be32 machine id (BI_MACHTYPE) */
	MK_BI_MASK,		/* be32 CPU, FPU or MMU bitmask */
	MK_BI_MODEL,		/* be32 value with a table of model names */
	MK_BI_MEMINFO,		/* be32 address, be32 size */
	MK_BI_STRING,		/* NUL-terminated text */
	MK_BI_SEED,		/* be16 length, then that many bytes */
	MK_BI_U8,		/* one byte at the start of the data */
	MK_BI_U16,		/* be16 at the start of the data */
	MK_BI_MMIO_IRQ,		/* be32 MMIO base, be32 first IRQ (virt) */
	MK_BI_QEMU_VERSION,	/* be32 major<<24 | minor<<16 | micro<<8 */
	MK_BI_VDIM,		/* be32 height<<16 | width (Mac video) */
	MK_BI_ATARI_COOKIE,	/* be32 _MCH cookie: machine in the upper half */
	MK_BI_CONFIGDEV,	/* AmigaOS struct ConfigDev (68 bytes) */
	MK_BI_VME_BRDINFO,	/* VMEbug board id (32 bytes) */
};

/*
 * A name for a value of a record: a model ("Q800", "Quadra 800") or a
 * bit of a CPU, FPU or MMU bitmask ("68040").
 */
struct mk_bi_value_name {
	uint32_t value;		/* the model number; for a bitmask, the bit */
	const char *id;		/* the kernel's short name (AMI_4000 is "4000") */
	const char *name;	/* in words ("A4000"); NULL: the same as id */
};

/* A machine id's bit in a row's set of machines. */
#define MK_MACH_BIT(m)		((m) < 32u ? 1u << (m) : 0u)

#define MK_BI_MANDATORY		0x1u	/* the kernel needs one */
#define MK_BI_SINGLE		0x2u	/* the kernel reads one: a second is a mistake */

/*
 * One row per record (arch/m68k/include/uapi/asm/bootinfo*.h): whose it
 * is, its tag and name, its layout (how the checker sizes it, how it is
 * shown and parsed), the unit of its number, the rules of its count and
 * the names of its values.  Show, check, --set, the presets and the JSON
 * all read these rows; a record or a machine is added here and nowhere
 * else.
 */
struct mk_bi_row {
	uint32_t machines;	/* MK_MACH_BIT()s of its machines; 0: every machine */
	uint16_t tag;
	const char *name;	/* "BI_MAC_MODEL" */
	enum mk_bi_type type;
	const char *unit;	/* what a number counts ("Hz"), or "" */
	unsigned flags;		/* MK_BI_MANDATORY, MK_BI_SINGLE */
	unsigned hex;		/* a model number in hex with this many digits; 0: decimal */
	const struct mk_bi_value_name *names;	/* models or bits, up to a NULL id; or NULL */
};

/* Is the row's record one of this machine's? */
static inline int mk_bi_row_has(const struct mk_bi_row *r, uint32_t machtype)
{
	return r->machines == 0 || (r->machines & MK_MACH_BIT(machtype)) != 0;
}

/* The row of a record of this machine; NULL when the tag has none. */
const struct mk_bi_row *mk_bi_row(uint32_t machtype, uint16_t tag);
/* Row i of the table, in its order (generic records first); NULL past the end. */
const struct mk_bi_row *mk_bi_row_at(unsigned i);

/*
 * One row per machine (BI_MACHTYPE): its id, its name and what "bootinfo
 * new --machine NAME" starts a list with (bootinfo.8, NEW LISTS): the
 * CPU, FPU and MMU, one memory chunk and the records a kernel of that
 * machine cannot do without where they are the same on every such
 * machine, all as text for mk_bi_encode().
 */
struct mk_machine {
	uint32_t id;			/* MACH_* */
	const char *name;		/* "virt" */
	const char *cpu, *fpu, *mmu;	/* names for mk_bi_mask_by_names() */
	const char *memchunk;		/* ADDR:SIZE */
	const char *set[6];		/* NAME=VALUE, as bootinfo --set takes them */
};

/* The row of a machine; NULL for an unknown id. */
const struct mk_machine *mk_machine(uint32_t machtype);
/* Machine i of the table, by id; NULL past the end. */
const struct mk_machine *mk_machine_at(unsigned i);

/* The same as mk_bi_describe() (it decodes every layout now). */
size_t mk_bi_describe_full(uint32_t machtype, const struct mk_bi_record *r,
			   char *out, size_t n);

/* The layout of a record of this machine; MK_BI_BYTES when unknown. */
enum mk_bi_type mk_bi_type(uint32_t machtype, uint16_t tag);
/* The unit a number of this record is counted in ("Hz"), or "". */
const char *mk_bi_unit(uint32_t machtype, uint16_t tag);
/* Fewest data bytes a record of this type needs (0 for MK_BI_BYTES). */
unsigned mk_bi_type_min(enum mk_bi_type t);

/*
 * Model names from the kernel's bootinfo-*.h: Amiga models and chipsets,
 * Atari _MCH machines (the cookie's upper half) and machine types, Mac
 * Gestalt ids, Apollo and HP300 models, VME board types.  Returns the
 * name ("Quadra 800") or NULL when the record has no table or the value
 * is not in it.
 */
const char *mk_bi_model_name(uint32_t machtype, uint16_t tag, uint32_t value);
/*
 * The value for a model, by name or by the kernel's short id ("Q800",
 * "Quadra 800", "A4000", "Falcon"; case-insensitive).  For the Atari
 * _MCH cookie it is the whole cookie (machine << 16).
 * Errors: MK_ERR_PARAM (no such model for this record).
 */
int mk_bi_model_by_name(uint32_t machtype, uint16_t tag, const char *name,
			uint32_t *value);

/* The bits the kernel knows in a CPU, FPU or MMU record (0x1f, 0x3f,
 * 0x7f); 0 for any other tag. */
uint32_t mk_bi_mask_known(uint16_t tag);

/*
 * A CPU, FPU or MMU bitmask from names joined by '|', ',' or '+'
 * ("68040", "68030|68882", "none").  Errors: MK_ERR_PARAM.
 */
int mk_bi_mask_by_names(uint16_t tag, const char *names, uint32_t *mask);

/*
 * A record's data from the words a user typed (the syntax of bootinfo
 * --set, documented in bootinfo.8): "hex:0011ff" raw bytes, "str:TEXT"
 * or TEXT in double quotes a NUL-terminated string, "u8:N", "u16:N",
 * "u32:N[,N...]"
 * numbers of that width; otherwise by the record's type: names for
 * machines, bitmasks and models, ADDR:SIZE for memory, WxH, a.b.c, ...,
 * and be32 numbers (comma-separated) for a record of unknown layout.
 * Writes at most cap bytes to out and their count to *len.
 * Errors: MK_ERR_PARAM (d names what was expected), MK_ERR_BI_TOO_LARGE.
 */
int mk_bi_encode(uint32_t machtype, uint16_t tag, const char *text,
		 uint8_t *out, size_t cap, size_t *len, struct mk_diag *d);

#define MK_NUM_MEMINFO		4u	/* memory chunks the kernel uses */
#define MK_BI_MAX_PROBLEMS	32u

/* One problem found by mk_bi_check(). */
struct mk_bi_problem {
	int code;		/* MK_ERR_* */
	int record;		/* record index, -1 for the list as a whole */
	uint32_t offset;	/* the record's byte offset in the list */
	char msg[200];		/* one line naming record, offset and limit */
};

struct mk_bi_report {
	unsigned nproblems;	/* all found; the first MK_BI_MAX_PROBLEMS kept */
	unsigned nrec;		/* records walked */
	size_t length;		/* bytes up to and including BI_LAST */
	struct mk_bi_problem problem[MK_BI_MAX_PROBLEMS];
};

/*
 * Check a bootinfo list in buf[0..len) against what the kernel reads:
 * record sizes and bounds, BI_LAST and what follows it, the record count,
 * the 1536 bytes /proc/bootinfo keeps, the mandatory records (BI_MACHTYPE,
 * BI_CPUTYPE, BI_FPUTYPE, BI_MMUTYPE, BI_MEMCHUNK) and duplicates of
 * single ones, the data size of every known record, the machine and the
 * CPU/FPU/MMU bits, memory chunks (empty, wrapping, not page aligned,
 * overlapping, more than the kernel's 4), the ramdisk (aligned, inside a
 * chunk), the command line (NUL-terminated, at most 255 characters) and
 * the RNG seed's length.  Every problem is reported, in list order, then
 * the list-wide ones; a record whose size is impossible ends the walk.
 * Returns MK_OK, or the code of the first problem.
 */
int mk_bi_check(const uint8_t *buf, size_t len, struct mk_bi_report *rep);

#endif /* M68KEXEC_H */
