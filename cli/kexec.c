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
/* What the kernel needs besides the segments' pages while it copies. */
#define LOAD_MARGIN		(512u * 1024u)

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
};

static const char *prog = "kexec";

static void usage(FILE *fp)
{
	fprintf(fp,
"Usage: kexec [-l|-e|-f|-u|-S] [options] [KERNEL]\n"
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
"  -p, --load-panic       load a crash kernel (not supported on m68k yet)\n"
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
"  -d, --debug            print the plan before loading\n"
"  -x, --no-ifdown        -e/-f: leave network interfaces up\n"
"  -y, --no-sync          -e/-f: do not sync filesystems\n"
"  -t, --type=elf-m68k    the only kernel type there is\n"
"  -c, --kexec-syscall    use kexec_load (the only one on m68k)\n"
"  -a, --kexec-syscall-auto  same as -c on m68k\n"
"  -s, --kexec-file-syscall  not available on m68k\n"
"  -v, --version, -h, --help\n"
"Exit status: 0 success, 1 bad input (with -S: no kernel loaded), 2 usage,\n"
"3 does not fit this machine, 4 refused by the kernel, 5 not supported here.\n");
}

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "%s: %s%s%s\nTry '%s --help'.\n", prog, arg ? arg : "",
		arg ? ": " : "", what, prog);
	return EXIT_USAGE;
}

static int parse_addr(const char *s, uint32_t *v)
{
	char *end;
	unsigned long long x;

	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || end == s || *end || x > 0xffffffffull || s[0] == '-')
		return -1;
	*v = (uint32_t)x;
	return 0;
}

enum {
	OPT_COMMAND_LINE = 256, OPT_APPEND, OPT_REUSE, OPT_INITRD, OPT_BOOTINFO,
	OPT_DRY_RUN, OPT_JSON, OPT_MEM_MIN, OPT_MEM_MAX, OPT_ENTRY, OPT_NO_MEM_CHECK,
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
			if (parse_addr(optarg, &o->mem_min))
				return usage_error("--mem-min wants a 32-bit address", optarg);
			break;
		case OPT_MEM_MAX:
			if (parse_addr(optarg, &o->mem_max))
				return usage_error("--mem-max wants a 32-bit address", optarg);
			break;
		case OPT_ENTRY:
			if (parse_addr(optarg, &o->entry))
				return usage_error("--entry wants a 32-bit address", optarg);
			o->have_entry = 1;
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
	if (o->json && !o->dry_run)
		return usage_error("--json goes with --dry-run", NULL);
	return -1;
}

/* Exit code for a failure reported by the core or the system layer. */
static int exit_for(int code)
{
	if (code >= MK_ERR_NO_SPACE - 9 && code <= MK_ERR_NO_SPACE)
		return EXIT_NOFIT;
	if (code == MK_ERR_HALF_RAM)
		return EXIT_NOFIT;
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
	unsigned nchunks;
	struct mk_memchunk chunk[MK_MAX_CHUNKS];
};

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
	if (mk_host_is_m68k())
		mk_meminfo(&m->mem_total, &m->mem_available);
	return EXIT_OK;
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

	fprintf(fp, "kernel:    %s (%s%s, %" PRIu64 " bytes)\n", o->kernel,
		kf->comp == MK_COMP_NONE ? "ELF" : mk_compression_name(kf->comp),
		kf->comp == MK_COMP_NONE ? "" : "-compressed ELF", kf->len);
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
	mk_print_bootinfo(fp, &p->bi, "  ");
}

static void print_plan_json(FILE *fp, const struct options *o, const struct mk_plan *p,
			    const struct mk_file *kf, const struct mk_file *rf,
			    const struct machine *m)
{
	unsigned i;

	fputs("{\"kernel\":", fp);
	mk_json_string(fp, o->kernel, -1);
	fprintf(fp, ",\"compression\":\"%s\",\"kernel_size\":%" PRIu64, mk_compression_name(kf->comp), kf->len);
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
	mk_print_bootinfo_json(fp, &p->bi);
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
	m->cmdline[strcspn(m->cmdline, "\n")] = '\0';
	{
		struct mk_cmdline_opts co = o->cmd;

		co.current = m->cmdline;
		if (mk_cmdline_compose(&co, cmdline, sizeof(cmdline), &d))
			return fail(&d, EXIT_INPUT);
	}
	if (mk_file_load(o->kernel, limit, &kf, &d))
		return fail(&d, exit_for(d.code));
	if (o->initrd && mk_file_map(o->initrd, limit, &rf, &d)) {
		ret = fail(&d, exit_for(d.code));
		goto out;
	}
	if (mk_random_seed(seed, sizeof(seed), &d)) {
		ret = fail(&d, EXIT_INPUT);
		goto out;
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
	/* The kernel copies every segment into fresh pages inside the
	 * syscall; running out there means the OOM killer, not a message. */
	if (!o->no_mem_check && m->mem_available &&
	    mk_plan_copy_bytes(&plan) + LOAD_MARGIN > m->mem_available) {
		fprintf(stderr, "%s: not enough memory: the kernel must copy %" PRIu64 " KiB (plus %u KiB to work), but MemAvailable is %" PRIu64 " KiB; free memory, use a smaller kernel or ramdisk, or --no-mem-check to try anyway\n",
			prog, mk_plan_copy_bytes(&plan) >> 10, LOAD_MARGIN >> 10, m->mem_available >> 10);
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

static int unload(const struct options *o)
{
	struct mk_diag d = { 0, "" };

	if (o->dry_run)
		return EXIT_OK;
	if (!mk_host_is_m68k()) {
		fprintf(stderr, "%s: this host is not m68k: refusing to unload another architecture's image\n", prog);
		return EXIT_UNSUPPORTED;
	}
	if (mk_sys_kexec_load(0, NULL, 0, MK_KEXEC_ARCH_68K, &d))
		return fail(&d, d.code == ENOSYS ? EXIT_UNSUPPORTED : EXIT_KERNEL);
	return EXIT_OK;
}

static int exec_loaded(const struct options *o)
{
	struct mk_diag d = { 0, "" };

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

int main(int argc, char **argv)
{
	static struct machine machine;
	struct options o;
	int ret;

	ret = parse_options(argc, argv, &o);
	if (ret >= 0)
		return ret;
	if (o.panic) {
		fprintf(stderr, "%s: -p: Linux/m68k has no crash kernel (kdump) support yet\n", prog);
		return EXIT_UNSUPPORTED;
	}
	switch (o.action) {
	case ACT_STATUS:
		return mk_kexec_loaded(0) == 1 ? EXIT_OK : EXIT_INPUT;
	case ACT_UNLOAD:
		return unload(&o);
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
