// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec for Linux/m68k: the command line of kexec-tools, with its m68k
 * quirks fixed.  main() reads as the steps of a kexec: options, the
 * machine's bootinfo, the command line, the files, the plan, the checks,
 * the load, the reboot.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "m68kexec.h"
#include "print.h"
#include "sys.h"

#ifndef MK_VERSION
#define MK_VERSION "0.1"
#endif

#define BOOTINFO_FILE_MAX	(64u * 1024u)

/* Exit codes (documented in kexec.8 and the README). */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,		/* bad or unreadable input; -S: not loaded */
	EXIT_USAGE = 2,
	EXIT_NOFIT = 3,		/* the plan does not fit the machine */
	EXIT_KERNEL = 4,	/* the kernel refused (or not permitted) */
	EXIT_UNSUPPORTED = 5,	/* not possible on this host or kernel */
};

enum action {
	ACT_DEFAULT,	/* load, then shutdown -r now */
	ACT_LOAD,
	ACT_EXEC,
	ACT_FORCE,	/* load and exec at once */
	ACT_UNLOAD,
	ACT_STATUS,
};

struct options {
	enum action action;
	int panic;
	int debug;
	int dry_run;
	int json;
	int no_ifdown;
	int no_sync;
	int no_mem_check;
	const char *kernel;
	const char *initrd;
	const char *bootinfo;
	struct mk_cmdline_opts cmd;
	uint32_t mem_min, mem_max;
	int have_entry;
	uint32_t entry;
	int have_crash_region;		/* --crash-region */
	uint32_t crash_start, crash_size;
};

static const char *prog = "kexec";

static void usage(FILE *fp)
{
	fprintf(fp,
"Usage: kexec [-l|-p|-e|-f|-u|-S] [options] [KERNEL]\n"
"Load a Linux/m68k kernel (ELF vmlinux, also gzip/xz/lzma/zstd compressed)\n"
"and boot it without firmware.\n"
"\n"
"Actions:\n"
"  -l, --load             load KERNEL (the default action also runs\n"
"                         'shutdown -r now' after loading)\n"
"  -e, --exec             boot the loaded kernel now\n"
"  -f, --force            load KERNEL and boot it at once, without shutdown\n"
"  -u, --unload           unload the loaded kernel\n"
"  -S, --status           exit 0 if a kernel is loaded, 1 if not\n"
"  -p, --load-panic       load KERNEL as the crash (capture) kernel, run on a\n"
"                         panic from the crashkernel= region; with -u: unload\n"
"                         it, with -S: is one loaded?\n"
"Options:\n"
"      --command-line=S   the new kernel's command line\n"
"      --reuse-cmdline    start from the running kernel's command line\n"
"                         (BOOT_IMAGE= words are dropped)\n"
"      --append=S         add S to the command line (repeatable)\n"
"      --initrd=FILE, --ramdisk=FILE  an initramfs, image or block device\n"
"      --bootinfo=FILE    bootinfo to start from (default /proc/bootinfo)\n"
"      --dry-run          do everything but load; print the plan\n"
"      --json             with --dry-run: the plan as JSON\n"
"      --mem-min=ADDR, --mem-max=ADDR  keep segments inside this window\n"
"      --entry=ADDR       physical entry point (default: the kernel's)\n"
"      --no-mem-check     load even when MemAvailable looks too small\n"
"      --crash-region=SIZE@ADDR  -p --dry-run: this region, not /proc/iomem's\n"
"  -d, --debug            print the plan before loading\n"
"  -x, --no-ifdown        -e/-f: leave network interfaces up\n"
"  -y, --no-sync          -e/-f: do not sync filesystems\n"
"  -t, --type=elf-m68k    the only kernel type there is\n"
"  -c, --kexec-syscall    use kexec_load (the only one on m68k)\n"
"  -a, --kexec-syscall-auto  same as -c on m68k\n"
"  -s, --kexec-file-syscall  not available on m68k\n"
"  -v, --version, -h, --help\n"
MK_NUMBER_SYNTAX "\n"
"Exit status: 0 success, 1 bad input (with -S: no kernel loaded), 2 usage,\n"
"3 does not fit this machine, 4 refused by the kernel, 5 not supported here.\n");
}

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "%s: %s%s%s\nTry '%s --help'.\n", prog, arg ? arg : "",
		arg ? ": " : "", what, prog);
	return EXIT_USAGE;
}

/* -p --dry-run: SIZE@ADDR, as crashkernel= (SIZE may end in K, M or G). */
static int parse_crash_region(const char *s, uint32_t *start, uint32_t *size)
{
	char num[32];
	const char *at = strchr(s, '@');
	size_t n = at ? (size_t)(at - s) : 0;

	if (!at || n == 0 || n >= sizeof(num) || mk_parse_u32(at + 1, 0, start))
		return -1;
	memcpy(num, s, n);
	num[n] = '\0';
	return mk_parse_u32(num, 1, size) || *size == 0 ? -1 : 0;
}

enum {
	OPT_COMMAND_LINE = 256, OPT_APPEND, OPT_REUSE, OPT_INITRD, OPT_BOOTINFO,
	OPT_DRY_RUN, OPT_JSON, OPT_MEM_MIN, OPT_MEM_MAX, OPT_ENTRY, OPT_NO_MEM_CHECK,
	OPT_CRASH_REGION,
};

static const struct option long_opts[] = {
	{ "load", no_argument, NULL, 'l' },
	{ "exec", no_argument, NULL, 'e' },
	{ "force", no_argument, NULL, 'f' },
	{ "unload", no_argument, NULL, 'u' },
	{ "status", no_argument, NULL, 'S' },
	{ "load-panic", no_argument, NULL, 'p' },
	{ "debug", no_argument, NULL, 'd' },
	{ "no-ifdown", no_argument, NULL, 'x' },
	{ "no-sync", no_argument, NULL, 'y' },
	{ "type", required_argument, NULL, 't' },
	{ "kexec-syscall", no_argument, NULL, 'c' },
	{ "kexec-syscall-auto", no_argument, NULL, 'a' },
	{ "kexec-file-syscall", no_argument, NULL, 's' },
	{ "version", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "command-line", required_argument, NULL, OPT_COMMAND_LINE },
	{ "append", required_argument, NULL, OPT_APPEND },
	{ "reuse-cmdline", no_argument, NULL, OPT_REUSE },
	{ "initrd", required_argument, NULL, OPT_INITRD },
	{ "ramdisk", required_argument, NULL, OPT_INITRD },
	{ "bootinfo", required_argument, NULL, OPT_BOOTINFO },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "mem-min", required_argument, NULL, OPT_MEM_MIN },
	{ "mem-max", required_argument, NULL, OPT_MEM_MAX },
	{ "entry", required_argument, NULL, OPT_ENTRY },
	{ "no-mem-check", no_argument, NULL, OPT_NO_MEM_CHECK },
	{ "crash-region", required_argument, NULL, OPT_CRASH_REGION },
	{ NULL, 0, NULL, 0 },
};

static int set_action(struct options *o, enum action a)
{
	/* -S asks about the state whatever else is given (kexec-tools users
	 * type "kexec -l -S"); other actions exclude each other. */
	if (o->action == ACT_STATUS || a == ACT_STATUS) {
		o->action = ACT_STATUS;
		return 0;
	}
	if (o->action != ACT_DEFAULT && o->action != a)
		return -1;
	o->action = a;
	return 0;
}

/* Returns -1 to go on, or an exit code. */
static int parse_options(int argc, char **argv, struct options *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->bootinfo = "/proc/bootinfo";
	while ((c = getopt_long(argc, argv, "lefuSpdxyt:casvh", long_opts, NULL)) != -1) {
		int bad = 0;

		switch (c) {
		case 'l':
			bad = set_action(o, ACT_LOAD);
			break;
		case 'e':
			bad = set_action(o, ACT_EXEC);
			break;
		case 'f':
			bad = set_action(o, ACT_FORCE);
			break;
		case 'u':
			bad = set_action(o, ACT_UNLOAD);
			break;
		case 'S':
			bad = set_action(o, ACT_STATUS);
			break;
		case 'p':
			o->panic = 1;
			break;
		case 'd':
			o->debug = 1;
			break;
		case 'x':
			o->no_ifdown = 1;
			break;
		case 'y':
			o->no_sync = 1;
			break;
		case 't':
			if (strcmp(optarg, "elf-m68k") != 0)
				return usage_error("unknown kernel type: m68k kernels are elf-m68k", optarg);
			break;
		case 'c':
		case 'a':
			break;
		case 's':
			fprintf(stderr, "%s: -s: there is no kexec_file_load on m68k; use -c (kexec_load, the default)\n", prog);
			return EXIT_UNSUPPORTED;
		case 'v':
			printf("kexec (m68k-kexec) %s\n", MK_VERSION);
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case OPT_COMMAND_LINE:
			o->cmd.command_line = optarg;
			break;
		case OPT_APPEND:
			if (o->cmd.nappend == sizeof(o->cmd.append) / sizeof(o->cmd.append[0]))
				return usage_error("too many --append options", optarg);
			o->cmd.append[o->cmd.nappend++] = optarg;
			break;
		case OPT_REUSE:
			o->cmd.reuse = 1;
			break;
		case OPT_INITRD:
			o->initrd = optarg;
			break;
		case OPT_BOOTINFO:
			o->bootinfo = optarg;
			break;
		case OPT_DRY_RUN:
			o->dry_run = 1;
			break;
		case OPT_JSON:
			o->json = 1;
			break;
		case OPT_NO_MEM_CHECK:
			o->no_mem_check = 1;
			break;
		case OPT_MEM_MIN:
			if (mk_parse_u32(optarg, 0, &o->mem_min))
				return usage_error("--mem-min wants a 32-bit address", optarg);
			break;
		case OPT_MEM_MAX:
			if (mk_parse_u32(optarg, 0, &o->mem_max))
				return usage_error("--mem-max wants a 32-bit address", optarg);
			break;
		case OPT_ENTRY:
			if (mk_parse_u32(optarg, 0, &o->entry))
				return usage_error("--entry wants a 32-bit address", optarg);
			o->have_entry = 1;
			break;
		case OPT_CRASH_REGION:
			if (parse_crash_region(optarg, &o->crash_start, &o->crash_size))
				return usage_error("--crash-region wants SIZE@ADDR (SIZE may end in K, M or G)", optarg);
			o->have_crash_region = 1;
			break;
		default:
			fprintf(stderr, "Try '%s --help'.\n", prog);
			return EXIT_USAGE;
		}
		if (bad)
			return usage_error("give only one of -l, -e, -f, -u", NULL);
	}
	if (optind < argc)
		o->kernel = argv[optind++];
	if (optind < argc)
		return usage_error("unexpected argument", argv[optind]);
	if (o->cmd.command_line && o->cmd.reuse)
		return usage_error("--command-line and --reuse-cmdline both set the base command line: use one, and --append to add words", NULL);
	if (o->json && !o->dry_run)
		return usage_error("--json goes with --dry-run", NULL);
	if (o->have_crash_region && !(o->panic && o->dry_run))
		return usage_error("--crash-region goes with -p --dry-run", NULL);
	return -1;
}

/*
 * Exit code for a failure reported by the core or the system layer, by
 * the class the core gives it (no case is left out: a new class is a
 * compiler warning here).  The system layer reports a file it cannot
 * read by its errno, which is no code of the core's: unreadable input.
 * An internal error has no status of its own.
 */
static int exit_for(int code)
{
	switch (mk_error_class(code)) {
	case MK_CLASS_OK:
		return EXIT_OK;
	case MK_CLASS_NOFIT:
		return EXIT_NOFIT;
	case MK_CLASS_INPUT:
	case MK_CLASS_UNKNOWN:
	case MK_CLASS_INTERNAL:
		break;
	}
	return EXIT_INPUT;
}

static int fail(const struct mk_diag *d, int code)
{
	fprintf(stderr, "%s: %s\n", prog, d->msg);
	return code;
}

/* The machine as the running kernel sees it. */
struct machine {
	uint8_t bibuf[BOOTINFO_FILE_MAX];
	size_t bilen;
	struct mk_bootinfo bi;
	char cmdline[4096];
	uint64_t mem_total, mem_available;
	uint32_t boost;		/* boost_reserve(), read once */
	unsigned nchunks;
	struct mk_memchunk chunk[MK_MAX_CHUNKS];
};

/*
 * The page allocator's watermark boost (vm.watermark_boost_factor, on by
 * default) may raise the zone's watermarks by a whole pageblock (4 MiB on
 * m68k) in the middle of the copy, in zones of at least four pageblocks;
 * MemAvailable does not show it, and the OOM killer then takes kexec
 * with MiBs free (measured in bench/RESULTS.md).  Keep that much free.
 */
#define BOOST_PAGEBLOCK		(4u << 20)

static uint32_t boost_reserve(const struct machine *m)
{
	char buf[32];
	size_t len = 0;
	uint32_t factor;

	if (m->mem_total < 4ull * BOOST_PAGEBLOCK)
		return 0;
	if (mk_read_small("/proc/sys/vm/watermark_boost_factor", (uint8_t *)buf,
			  sizeof(buf) - 1, &len, NULL))
		return 0;	/* kernels before 5.0 have no boost */
	buf[len] = '\0';
	buf[strcspn(buf, " \t\n")] = '\0';
	return mk_parse_u32(buf, 0, &factor) == MK_OK && factor ? BOOST_PAGEBLOCK : 0;
}

static int read_machine(const struct options *o, struct machine *m)
{
	struct mk_diag d = { 0, "" };
	size_t len = 0;
	int err;

	if (mk_read_small(o->bootinfo, m->bibuf, sizeof(m->bibuf), &m->bilen, &d)) {
		if (d.code == ENOENT && strcmp(o->bootinfo, "/proc/bootinfo") == 0)
			fprintf(stderr, "%s: /proc/bootinfo does not exist: the running kernel lacks CONFIG_BOOTINFO_PROC; enable it, or pass --bootinfo=FILE\n", prog);
		else
			fail(&d, 0);
		return d.code == ENOENT && strcmp(o->bootinfo, "/proc/bootinfo") == 0 ?
			EXIT_UNSUPPORTED : EXIT_INPUT;
	}
	err = mk_bi_parse(m->bibuf, m->bilen, &m->bi, &d);
	if (!err)
		err = mk_bi_memchunks(&m->bi, m->chunk, MK_MAX_CHUNKS, &m->nchunks, &d);
	if (err) {
		fprintf(stderr, "%s: %s: %s\n", prog, o->bootinfo, d.msg);
		return EXIT_INPUT;
	}
	/* --reuse-cmdline: the running kernel's line, as kexec-tools does;
	 * on a host that is not m68k (a dry run) /proc/cmdline belongs to
	 * another kernel, so the given bootinfo's line stands for it. */
	if (o->cmd.reuse && mk_host_is_m68k()) {
		if (mk_read_small("/proc/cmdline", (uint8_t *)m->cmdline, sizeof(m->cmdline) - 1, &len, &d))
			return fail(&d, EXIT_INPUT);
		m->cmdline[len] = '\0';
	} else if (o->cmd.reuse) {
		int i = mk_bi_find(&m->bi, BI_COMMAND_LINE, 0);

		if (i >= 0) {
			len = strnlen((const char *)m->bi.rec[i].data, m->bi.rec[i].size);
			if (len >= sizeof(m->cmdline))
				len = sizeof(m->cmdline) - 1;
			memcpy(m->cmdline, m->bi.rec[i].data, len);
			m->cmdline[len] = '\0';
		}
	}
	/* The half-of-RAM rule and the copy are the running kernel's: only
	 * its meminfo counts, and only when it is an m68k kernel. */
	if (mk_host_is_m68k()) {
		mk_meminfo(&m->mem_total, &m->mem_available);
		m->boost = boost_reserve(m);
	}
	return EXIT_OK;
}

/*
 * Would taking need more bytes leave the machine short, counting the
 * boost reserve?  Never with --no-mem-check, or without the running
 * kernel's meminfo (not an m68k host).
 */
static int short_of_memory(const struct options *o, const struct machine *m, uint64_t need)
{
	return !o->no_mem_check && m->mem_available && need + m->boost > m->mem_available;
}

static uint64_t segment_limit(const struct machine *m)
{
	uint64_t ram = m->mem_total;
	unsigned i;

	if (!ram)
		for (i = 0; i < m->nchunks; i++)
			ram += m->chunk[i].size;
	return ram / 2 ? ram / 2 : 1;
}

static void print_plan_text(FILE *fp, const struct options *o, const struct mk_plan *p,
			    const struct mk_file *kf, const struct mk_file *rf,
			    const struct machine *m)
{
	uint32_t mach = mk_bi_machine(&p->bi);
	const char *mname = mk_machine_name(mach);
	unsigned i;

	fprintf(fp, "kernel:    %s (%s%s, %" PRIu64 " bytes", o->kernel,
		kf->comp == MK_COMP_NONE ? "ELF" : mk_compression_name(kf->comp),
		kf->comp == MK_COMP_NONE ? "" : "-compressed ELF", kf->len + kf->tail);
	if (kf->tail)
		fprintf(fp, "; the load reads %" PRIu64 ", the %" PRIu64 " after (symbols, section headers) are not kept",
			kf->len, kf->tail);
	fputs(")\n", fp);
	fprintf(fp, "bootinfo:  %s (machine %s)\n", o->bootinfo, mname ? mname : "unknown");
	for (i = 0; i < p->nchunks; i++)
		fprintf(fp, "memory:    chunk %u 0x%08x..0x%08llx (%u KiB)%s\n", i, p->chunk[i].addr,
			(unsigned long long)p->chunk[i].addr + p->chunk[i].size, p->chunk[i].size >> 10,
			i == 0 ? " kernel chunk" : "");
	fprintf(fp, "offset:    physical = virtual + 0x%08x; initial mapping %u MiB\n",
		p->memoffset, p->map_size >> 20);
	fprintf(fp, "entry:     0x%08x\n", p->entry);
	for (i = 0; i < p->nseg; i++) {
		const struct mk_segment *s = &p->seg[i];
		const char *src = s->role == MK_SEG_KERNEL ? o->kernel :
				  s->role == MK_SEG_RAMDISK ? rf->path : "(built)";

		fprintf(fp, "segment %u: %-8s 0x%08x..0x%08llx memsz 0x%08x bufsz 0x%08x from %s\n",
			i, mk_seg_role_name(s->role), s->mem,
			(unsigned long long)s->mem + s->memsz, s->memsz, s->bufsz, src);
	}
	fprintf(fp, "bootinfo:  at 0x%08x (_end), %u bytes; early page tables 0x%08x..0x%08x\n",
		p->bootinfo_addr, p->bootinfo_size,
		mk_page_down(p->bootinfo_addr + p->bootinfo_size + MK_PAGE_SIZE - 1),
		mk_page_down(p->bootinfo_addr + p->bootinfo_size + MK_PAGE_SIZE - 1) + MK_EARLY_TABLES);
	if (p->ramdisk_size)
		fprintf(fp, "ramdisk:   0x%08x, %u bytes\n", p->ramdisk_addr, p->ramdisk_size);
	else
		fprintf(fp, "ramdisk:   none\n");
	fprintf(fp, "cmdline:   \"%s\"%s\n", (const char *)p->cmdline_rec,
		p->cmdline_rec[0] ? "" : " (empty: no --command-line, --reuse-cmdline or --append was given)");
	fprintf(fp, "copy:      the kernel copies %" PRIu64 " KiB", mk_plan_copy_bytes(p) >> 10);
	if (m->mem_available)
		fprintf(fp, "; MemAvailable %" PRIu64 " KiB", m->mem_available >> 10);
	fprintf(fp, "; half of RAM is %" PRIu64 " KiB\n", p->ram_total / 2 >> 10);
	fprintf(fp, "new bootinfo:\n");
	mk_print_bootinfo_ex(fp, &p->bi, "  ", MK_PRINT_DECODE);
}

static void print_plan_json(FILE *fp, const struct options *o, const struct mk_plan *p,
			    const struct mk_file *kf, const struct mk_file *rf,
			    const struct machine *m)
{
	unsigned i;

	fputs("{\"kernel\":", fp);
	mk_json_string(fp, o->kernel, -1);
	fprintf(fp, ",\"compression\":\"%s\",\"kernel_size\":%" PRIu64 ",\"kernel_read\":%" PRIu64,
		mk_compression_name(kf->comp), kf->len + kf->tail, kf->len);
	fputs(",\"bootinfo_file\":", fp);
	mk_json_string(fp, o->bootinfo, -1);
	fprintf(fp, ",\"machine\":%u,\"entry\":%u,\"memoffset\":%u,\"map_size\":%u",
		mk_bi_machine(&p->bi), p->entry, p->memoffset, p->map_size);
	fputs(",\"chunks\":[", fp);
	for (i = 0; i < p->nchunks; i++)
		fprintf(fp, "%s{\"addr\":%u,\"size\":%u}", i ? "," : "", p->chunk[i].addr, p->chunk[i].size);
	fputs("],\"segments\":[", fp);
	for (i = 0; i < p->nseg; i++) {
		const struct mk_segment *s = &p->seg[i];

		fprintf(fp, "%s{\"role\":\"%s\",\"mem\":%u,\"memsz\":%u,\"bufsz\":%u,\"source\":", i ? "," : "",
			mk_seg_role_name(s->role), s->mem, s->memsz, s->bufsz);
		mk_json_string(fp, s->role == MK_SEG_KERNEL ? o->kernel :
				   s->role == MK_SEG_RAMDISK ? rf->path : "bootinfo", -1);
		fputc('}', fp);
	}
	fprintf(fp, "],\"kernel_start\":%u,\"kernel_end\":%u,\"bootinfo_addr\":%u,\"bootinfo_size\":%u",
		p->kernel_start, p->kernel_end, p->bootinfo_addr, p->bootinfo_size);
	if (p->ramdisk_size)
		fprintf(fp, ",\"ramdisk\":{\"addr\":%u,\"size\":%u}", p->ramdisk_addr, p->ramdisk_size);
	else
		fputs(",\"ramdisk\":null", fp);
	fputs(",\"cmdline\":", fp);
	mk_json_string(fp, (const char *)p->cmdline_rec, -1);
	fprintf(fp, ",\"copy_bytes\":%" PRIu64 ",\"ram_total\":%" PRIu64 ",\"mem_available\":%" PRIu64,
		mk_plan_copy_bytes(p), p->ram_total, m->mem_available);
	fprintf(fp, ",\"warnings\":{\"bootversion\":%s,\"no_bootversion\":%s}",
		p->warnings & MK_WARN_BOOTVERSION ? "true" : "false",
		p->warnings & MK_WARN_NO_BOOTVERSION ? "true" : "false");
	fputs(",\"bootinfo\":", fp);
	mk_print_bootinfo_json_ex(fp, &p->bi, MK_PRINT_DECODE);
	fputs("}\n", fp);
}

static void warn_plan(const struct mk_plan *p)
{
	uint32_t mach = mk_bi_machine(&p->bi);
	const char *name = mk_machine_name(mach);

	if (p->warnings & MK_WARN_BOOTVERSION)
		fprintf(stderr, "%s: warning: the kernel's bootversion table does not list machine %s (%u): it may not support this machine\n",
			prog, name ? name : "unknown", mach);
	if (p->warnings & MK_WARN_NO_BOOTVERSION)
		fprintf(stderr, "%s: warning: the kernel has no bootversion table: is it a Linux/m68k kernel?\n", prog);
}

/*
 * The inputs of a load, normal or crash: the composed command line, the
 * kernel (decompressed once), the ramdisk (mapped) and a fresh seed.
 * On failure the files opened so far are left for the caller to close.
 */
static int read_inputs(const struct options *o, struct machine *m, uint64_t limit,
		       char *cmdline, size_t cmdsz, struct mk_file *kf,
		       struct mk_file *rf, uint8_t *seed)
{
	struct mk_cmdline_opts co = o->cmd;
	struct mk_diag d = { 0, "" };
	uint64_t need;
	int weak = 0;

	m->cmdline[strcspn(m->cmdline, "\n")] = '\0';
	co.current = m->cmdline;
	if (mk_cmdline_compose(&co, cmdline, cmdsz, &d))
		return fail(&d, EXIT_INPUT);
	if (mk_file_open(o->kernel, kf, &d))
		return fail(&d, exit_for(d.code));
	/* Decoding takes anonymous memory before any check after it can
	 * run: when the stream says how much, it must be there first. */
	need = mk_file_decode_need(kf, limit);
	if (need && short_of_memory(o, m, need)) {
		fprintf(stderr, "%s: %s: not enough memory to decompress: decoding takes %" PRIu64 " KiB%s%s, but MemAvailable is %" PRIu64 " KiB; free memory, use a gzip or uncompressed kernel, or --no-mem-check to try anyway\n",
			prog, o->kernel, need >> 10,
			kf->comp == MK_COMP_XZ ? " (the kernel and liblzma's dictionary)" : "",
			m->boost ? " and 4096 KiB must stay free for the kernel's watermark boost" : "",
			m->mem_available >> 10);
		return EXIT_NOFIT;
	}
	if (mk_file_decode(kf, limit, &d))
		return fail(&d, exit_for(d.code));
	if (o->initrd && mk_file_map(o->initrd, limit, rf, &d))
		return fail(&d, exit_for(d.code));
	if (mk_random_seed(seed, MK_RNG_SEED_LEN, &weak, &d))
		return fail(&d, EXIT_INPUT);
	if (weak && (o->debug || o->dry_run))
		fprintf(stderr, "%s: note: the kernel's random pool is not initialised yet: the new kernel's RNG seed is not cryptographically strong\n", prog);
	return EXIT_OK;
}

/* Kernel, ramdisk, plan: everything before the syscall. */
static int load(const struct options *o, struct machine *m)
{
	static struct mk_plan plan;
	struct mk_file kf, rf;
	struct mk_plan_input in;
	struct mk_diag d = { 0, "" };
	char cmdline[MK_CMDLINE_SIZE];
	uint8_t seed[MK_RNG_SEED_LEN];
	uint64_t limit = segment_limit(m);
	int ret = EXIT_OK, err;

	memset(&kf, 0, sizeof(kf));
	memset(&rf, 0, sizeof(rf));
	ret = read_inputs(o, m, limit, cmdline, sizeof(cmdline), &kf, &rf, seed);
	if (ret != EXIT_OK)
		goto out;
	/* A compressed kernel now sits in anonymous memory taken since the
	 * machine was read: the memory check must see what is left. */
	if (mk_host_is_m68k() && mk_file_anon_bytes(&kf)) {
		uint64_t total;

		mk_meminfo(&total, &m->mem_available);
	}
	memset(&in, 0, sizeof(in));
	in.kernel = kf.data;
	in.kernel_len = (size_t)kf.len;
	in.bootinfo = &m->bi;
	in.cmdline = cmdline;
	in.ramdisk = o->initrd ? rf.data : NULL;
	in.ramdisk_len = o->initrd ? rf.len : 0;
	in.seed = seed;
	in.mem_min = o->mem_min;
	in.mem_max = o->mem_max;
	in.have_entry = o->have_entry;
	in.entry = o->entry;
	in.ram_total = m->mem_total;
	err = mk_plan_build(&in, &plan, &d);
	if (err) {
		/* Name the file the fault is in. */
		const char *what = err >= MK_ERR_ELF_NOLOAD && err <= MK_ERR_ELF_TRUNCATED ? o->kernel :
				   err == MK_ERR_ENTRY && !o->have_entry ? o->kernel :
				   err >= MK_ERR_BI_TOO_MANY && err <= MK_ERR_BI_RECORD ? o->bootinfo : NULL;

		if (what)
			fprintf(stderr, "%s: %s: %s\n", prog, what, d.msg);
		else
			fprintf(stderr, "%s: %s\n", prog, d.msg);
		ret = exit_for(err);
		goto out;
	}
	warn_plan(&plan);
	if (o->dry_run && o->json)
		print_plan_json(stdout, o, &plan, &kf, &rf, m);
	else if (o->dry_run || o->debug)
		print_plan_text(o->dry_run ? stdout : stderr, o, &plan, &kf, &rf, m);
	if (o->dry_run)
		goto out;

	if (!mk_host_is_m68k()) {
		fprintf(stderr, "%s: this host is not m68k: loading would hand an m68k kernel to another architecture; use --dry-run here\n", prog);
		ret = EXIT_UNSUPPORTED;
		goto out;
	}
	/*
	 * The kernel copies every segment into fresh pages inside the
	 * syscall; running out there means the OOM killer, not a message.
	 * MemAvailable must cover the copy.  No margin on top: MemAvailable
	 * already keeps the watermark reserve out, which the copy may use,
	 * and the kernel's own bookkeeping is a few pages; measured, loads
	 * work with MemAvailable 300 KiB and more below the copy, and a
	 * margin of 128 KiB refused a load that works at -m 16M
	 * (bench/RESULTS.md).  The watermark boost is another matter.
	 */
	if (short_of_memory(o, m, mk_plan_copy_bytes(&plan))) {
		fprintf(stderr, "%s: not enough memory: the kernel must copy %" PRIu64 " KiB%s, but MemAvailable is %" PRIu64 " KiB; free memory, use a smaller kernel or ramdisk, or --no-mem-check to try anyway\n",
			prog, mk_plan_copy_bytes(&plan) >> 10,
			m->boost ? " and keep 4096 KiB free for its watermark boost (sysctl vm.watermark_boost_factor=0 frees them)" : "",
			m->mem_available >> 10);
		ret = EXIT_NOFIT;
		goto out;
	}
	if (mk_sys_kexec_load(plan.entry, plan.seg, plan.nseg, MK_KEXEC_ARCH_68K, &d))
		ret = fail(&d, d.code == ENOSYS ? EXIT_UNSUPPORTED : EXIT_KERNEL);
	else if (o->debug)
		fprintf(stderr, "%s: loaded %u segments, entry 0x%08x\n", prog, plan.nseg, plan.entry);
out:
	mk_file_close(&rf);
	mk_file_close(&kf);
	return ret;
}

/* Unload the normal image, or the crash image with MK_KEXEC_ON_CRASH. */
static int unload(const struct options *o, unsigned long flags)
{
	struct mk_diag d = { 0, "" };

	if (o->dry_run)
		return EXIT_OK;
	if (!mk_host_is_m68k()) {
		fprintf(stderr, "%s: this host is not m68k: refusing to unload another architecture's image\n", prog);
		return EXIT_UNSUPPORTED;
	}
	if (mk_sys_kexec_load(0, NULL, 0, flags | MK_KEXEC_ARCH_68K, &d))
		return fail(&d, d.code == ENOSYS ? EXIT_UNSUPPORTED : EXIT_KERNEL);
	return EXIT_OK;
}

static int exec_loaded(const struct options *o)
{
	struct mk_diag d = { 0, "" };

	/* On another architecture the loaded image (if any) is not ours,
	 * and ifdown would take the host's network down. */
	if (!mk_host_is_m68k()) {
		fprintf(stderr, "%s: this host is not m68k: refusing to boot another architecture's image\n", prog);
		return EXIT_UNSUPPORTED;
	}
	if (mk_kexec_loaded(0) == 0) {
		fprintf(stderr, "%s: no kernel is loaded: load one first with 'kexec -l KERNEL'\n", prog);
		return EXIT_INPUT;
	}
	if (o->dry_run)
		return EXIT_OK;
	if (!o->no_sync)
		sync();
	if (!o->no_ifdown)
		mk_ifdown();
	mk_sys_reboot_kexec(&d);
	return fail(&d, d.code == EINVAL ? EXIT_INPUT : EXIT_KERNEL);
}

static int run_shutdown(void)
{
	pid_t pid = fork();
	int status;

	if (pid < 0) {
		fprintf(stderr, "%s: cannot start shutdown: %s\n", prog, strerror(errno));
		return EXIT_KERNEL;
	}
	if (pid == 0) {
		execlp("shutdown", "shutdown", "-r", "now", (char *)NULL);
		fprintf(stderr, "%s: cannot run 'shutdown -r now': %s (the kernel is loaded; boot it with 'kexec -e')\n",
			prog, strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return EXIT_KERNEL;
	return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* kexec -p: the crash (capture) kernel                                */

/* Where the crash region comes from, and why there is none. */
static int crash_env(const struct options *o, struct mk_crash_env *env)
{
	struct mk_diag d = { 0, "" };

	memset(env, 0, sizeof(*env));
	if (mk_host_is_m68k() && mk_crash_read_env(env, &d))
		return fail(&d, EXIT_INPUT);
	if (o->have_crash_region) {
		env->have_region = 1;
		env->region_start = o->crash_start;
		env->region_size = o->crash_size;
		return EXIT_OK;
	}
	if (!mk_host_is_m68k()) {
		fprintf(stderr, "%s: -p: this host is not m68k, so it has no crash region to read; give --crash-region=SIZE@ADDR with --dry-run to see a crash plan\n", prog);
		return EXIT_UNSUPPORTED;
	}
	if (!env->have_crash_dump) {
		fprintf(stderr, "%s: -p: the running kernel has no crash dump support: it was built without CONFIG_CRASH_DUMP (on m68k that needs the patches in kernel/patches/ of m68k-kexec)\n", prog);
		return EXIT_UNSUPPORTED;
	}
	if (!env->have_region && !env->cmdline_has_crashkernel) {
		fprintf(stderr, "%s: -p: no memory is reserved for a crash kernel: boot the running kernel with crashkernel=SIZE (for example crashkernel=32M)\n", prog);
		return EXIT_UNSUPPORTED;
	}
	if (!env->have_region) {
		fprintf(stderr, "%s: -p: %s: the kernel was booted with crashkernel= but reserved nothing (see 'dmesg | grep -i crashkernel')\n",
			prog, env->region_error);
		return EXIT_UNSUPPORTED;
	}
	return EXIT_OK;
}

static void print_crash_text(FILE *fp, const struct mk_crash_plan *c)
{
	unsigned i;

	fprintf(fp, "crash region: 0x%08x..0x%08llx (%u KiB)\n", c->region_start,
		(unsigned long long)c->region_start + c->region_size, c->region_size >> 10);
	fprintf(fp, "capture RAM:  0x%08x..0x%08llx (%u KiB)%s\n", c->capture.addr,
		(unsigned long long)c->capture.addr + c->capture.size, c->capture.size >> 10,
		c->stram ? "; then the ST-RAM chunk, not used as RAM" : "");
	fprintf(fp, "core header:  0x%08x, %u bytes (%u used): %u CPU note%s, %s, %u old RAM range%s\n",
		c->header_addr, c->header_size, c->header_len, c->ncpus, c->ncpus == 1 ? "" : "s",
		c->vmcoreinfo.size ? "vmcoreinfo" : "no vmcoreinfo", c->nranges,
		c->nranges == 1 ? "" : "s");
	for (i = 0; i < c->ncpus; i++)
		fprintf(fp, "  PT_NOTE cpu%u crash notes 0x%08x, %u bytes\n", i,
			c->cpu_note[i].addr, c->cpu_note[i].size);
	if (c->vmcoreinfo.size)
		fprintf(fp, "  PT_NOTE vmcoreinfo       0x%08x, %u bytes\n", c->vmcoreinfo.addr,
			c->vmcoreinfo.size);
	for (i = 0; i < c->nranges; i++)
		fprintf(fp, "  PT_LOAD 0x%08x..0x%08llx (%u KiB) virtual 0x%08x\n", c->range[i].addr,
			(unsigned long long)c->range[i].addr + c->range[i].size, c->range[i].size >> 10,
			c->range[i].addr - c->vmemoffset);
	if (c->ncpus == 0)
		fprintf(fp, "  (no CPU crash notes: the dump will hold no registers)\n");
	fprintf(fp, "capture kernel (its segments, then the core header's):\n");
}

static void print_crash_tail(FILE *fp, const struct mk_crash_plan *c)
{
	fprintf(fp, "segment %u: %-8s 0x%08x..0x%08llx memsz 0x%08x bufsz 0x%08x from (built)\n",
		c->plan.nseg, "elfcorehdr", c->header.mem,
		(unsigned long long)c->header.mem + c->header.memsz, c->header.memsz, c->header.bufsz);
}

static void print_crash_json(FILE *fp, const struct mk_crash_plan *c)
{
	unsigned i;

	fprintf(fp, "{\"crash\":{\"region\":{\"addr\":%u,\"size\":%u},\"capture\":{\"addr\":%u,\"size\":%u}",
		c->region_start, c->region_size, c->capture.addr, c->capture.size);
	if (c->stram)
		fprintf(fp, ",\"stram\":{\"addr\":%u,\"size\":%u}", c->stram_chunk.addr, c->stram_chunk.size);
	fprintf(fp, ",\"header\":{\"addr\":%u,\"size\":%u,\"used\":%u},\"notes\":[",
		c->header_addr, c->header_size, c->header_len);
	for (i = 0; i < c->ncpus; i++)
		fprintf(fp, "%s{\"cpu\":%u,\"addr\":%u,\"size\":%u}", i ? "," : "", i,
			c->cpu_note[i].addr, c->cpu_note[i].size);
	fputs("],\"vmcoreinfo\":", fp);
	if (c->vmcoreinfo.size)
		fprintf(fp, "{\"addr\":%u,\"size\":%u}", c->vmcoreinfo.addr, c->vmcoreinfo.size);
	else
		fputs("null", fp);
	fputs(",\"ranges\":[", fp);
	for (i = 0; i < c->nranges; i++)
		fprintf(fp, "%s{\"addr\":%u,\"size\":%u,\"vaddr\":%u}", i ? "," : "", c->range[i].addr,
			c->range[i].size, c->range[i].addr - c->vmemoffset);
	fputs("]},\"plan\":", fp);
}

/* kexec -p KERNEL: plan the capture kernel inside the region and load it. */
static int load_crash(const struct options *o, struct machine *m)
{
	static struct mk_crash_plan crash;
	static struct mk_crash_env env;
	struct mk_segment seg[MK_MAX_SEGMENTS];
	struct mk_crash_input in;
	struct mk_file kf, rf;
	struct mk_diag d = { 0, "" };
	char cmdline[MK_CMDLINE_SIZE];
	uint8_t seed[MK_RNG_SEED_LEN];
	uint64_t limit = segment_limit(m);
	unsigned nseg;
	int ret, err;

	ret = crash_env(o, &env);
	if (ret != EXIT_OK)
		return ret;
	memset(&kf, 0, sizeof(kf));
	memset(&rf, 0, sizeof(rf));
	ret = read_inputs(o, m, limit, cmdline, sizeof(cmdline), &kf, &rf, seed);
	if (ret != EXIT_OK)
		goto out;
	memset(&in, 0, sizeof(in));
	in.base.kernel = kf.data;
	in.base.kernel_len = (size_t)kf.len;
	in.base.bootinfo = &m->bi;
	in.base.cmdline = cmdline;
	in.base.ramdisk = o->initrd ? rf.data : NULL;
	in.base.ramdisk_len = o->initrd ? rf.len : 0;
	in.base.seed = seed;
	in.base.mem_min = o->mem_min;
	in.base.mem_max = o->mem_max;
	in.base.have_entry = o->have_entry;
	in.base.entry = o->entry;
	in.base.ram_total = m->mem_total;
	in.region_start = env.region_start;
	in.region_size = env.region_size;
	in.ncpus = env.ncpus;
	memcpy(in.cpu_note, env.cpu_note, sizeof(in.cpu_note));
	in.vmcoreinfo = env.vmcoreinfo;
	err = mk_crash_plan_build(&in, &crash, &d);
	if (err) {
		const char *what = err >= MK_ERR_ELF_NOLOAD && err <= MK_ERR_ELF_TRUNCATED ? o->kernel : NULL;

		if (what)
			fprintf(stderr, "%s: %s: %s\n", prog, what, d.msg);
		else
			fprintf(stderr, "%s: -p: %s\n", prog, d.msg);
		ret = exit_for(err);
		goto out;
	}
	warn_plan(&crash.plan);
	if (o->dry_run && o->json) {
		print_crash_json(stdout, &crash);
		print_plan_json(stdout, o, &crash.plan, &kf, &rf, m);
		fputs("}\n", stdout);
	} else if (o->dry_run || o->debug) {
		print_crash_text(o->dry_run ? stdout : stderr, &crash);
		print_plan_text(o->dry_run ? stdout : stderr, o, &crash.plan, &kf, &rf, m);
		print_crash_tail(o->dry_run ? stdout : stderr, &crash);
	}
	if (o->dry_run)
		goto out;
	/* A crash load copies into the reserved region: no MemAvailable check. */
	nseg = mk_crash_segments(&crash, seg, MK_MAX_SEGMENTS);
	if (mk_sys_kexec_load(crash.plan.entry, seg, nseg, MK_KEXEC_ON_CRASH | MK_KEXEC_ARCH_68K, &d))
		ret = fail(&d, d.code == ENOSYS ? EXIT_UNSUPPORTED : EXIT_KERNEL);
	else if (o->debug)
		fprintf(stderr, "%s: crash kernel loaded: %u segments, entry 0x%08x\n", prog, nseg,
			crash.plan.entry);
out:
	mk_file_close(&rf);
	mk_file_close(&kf);
	return ret;
}

/* -p with each action: load (the default), -u, -S; never -e or -f. */
static int crash_main(const struct options *o, struct machine *m)
{
	int ret;

	switch (o->action) {
	case ACT_STATUS:
		return mk_kexec_loaded(1) == 1 ? EXIT_OK : EXIT_INPUT;
	case ACT_UNLOAD:
		return unload(o, MK_KEXEC_ON_CRASH);
	case ACT_EXEC:
	case ACT_FORCE:
		return usage_error("-p loads a kernel that runs only on a panic; -e and -f boot the one loaded with -l", NULL);
	case ACT_LOAD:
	case ACT_DEFAULT:
		break;
	}
	if (!o->kernel) {
		fprintf(stderr, "%s: no kernel given. Try '%s --help'.\n", prog, prog);
		return EXIT_USAGE;
	}
	ret = read_machine(o, m);
	return ret == EXIT_OK ? load_crash(o, m) : ret;
}

int main(int argc, char **argv)
{
	static struct machine machine;
	struct options o;
	int ret;

	ret = parse_options(argc, argv, &o);
	if (ret >= 0)
		return ret;
	if (o.panic)
		return crash_main(&o, &machine);
	switch (o.action) {
	case ACT_STATUS:
		return mk_kexec_loaded(0) == 1 ? EXIT_OK : EXIT_INPUT;
	case ACT_UNLOAD:
		return unload(&o, 0);
	case ACT_EXEC:
		return exec_loaded(&o);
	case ACT_LOAD:
	case ACT_FORCE:
	case ACT_DEFAULT:
		break;
	}
	if (!o.kernel) {
		fprintf(stderr, "%s: no kernel given. Try '%s --help'.\n", prog, prog);
		return EXIT_USAGE;
	}
	ret = read_machine(&o, &machine);
	if (ret == EXIT_OK)
		ret = load(&o, &machine);
	if (ret != EXIT_OK || o.dry_run)
		return ret;
	if (o.action == ACT_FORCE)
		return exec_loaded(&o);
	if (o.action == ACT_DEFAULT)
		return run_shutdown();
	return EXIT_OK;
}
