// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec's command line: kexec-tools' options, one action per call, and
 * the usage text.  Parsing only: nothing is read or loaded here.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kexec_opts.h"

#ifndef MK_VERSION
#define MK_VERSION "0.1"
#endif

const char prog[] = "kexec";

static void usage(FILE *fp)
{
	char formats[64];

	/* The formats this build decodes (sys/decode.c's table). */
	mk_compression_names(formats, sizeof(formats), "/", "/");
	fprintf(fp,
"Usage: kexec [-l|-p|-f] [options] KERNEL\n"
"       kexec -e|-u|-S|--print-ckr-size [options]\n"
"Load a Linux/m68k kernel (ELF vmlinux%s%s%s)\n"
"and boot it without firmware.\n"
"\n", formats[0] ? ", also " : "", formats, formats[0] ? " compressed" : "");
	fprintf(fp,
"Actions:\n"
"  -l, --load             load KERNEL (the default action also runs\n"
"                         'shutdown -r now' after loading)\n"
"  -e, --exec             boot the loaded kernel now\n"
"  -f, --force            load KERNEL and boot it at once, without shutdown\n"
"  -u, --unload           unload the loaded kernel\n"
"  -S, --status           exit 0 if a kernel is loaded, 1 if not\n"
"      --print-ckr-size   print the size of the crash kernel region (0: none)\n"
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
"  -i, --no-checks        the same (the kernel's rules are always checked)\n"
"      --crash-region=SIZE@ADDR  -p --dry-run: this region, not /proc/iomem's\n"
"  -d, --debug            print the plan before loading\n"
"  -x, --no-ifdown        -e/-f: leave network interfaces up\n"
"  -y, --no-sync          -e/-f: do not sync filesystems\n"
"  -t, --type=elf-m68k    the only kernel type there is\n"
"  -c, --kexec-syscall    use kexec_load (the only one on m68k)\n"
"  -a, --kexec-syscall-auto  same as -c on m68k\n"
"  -s, --kexec-file-syscall  not available on m68k\n"
"  -v, --version          print the version\n"
"  -h, --help, -?         print this help\n"
"One action per call; -e, -u, -S and --print-ckr-size take no KERNEL.\n"
"--reuseinitrd, --load-preserve-context, --load-jump-back-helper,\n"
"--load-live-update, --exec-live-update and --hotplug: not supported on m68k.\n"
MK_NUMBER_SYNTAX "\n"
"Exit status: 0 success, 1 bad input (with -S: no kernel loaded), 2 usage,\n"
"3 does not fit this machine, 4 refused by the kernel, 5 not supported here.\n");
}

int usage_error(const char *what, const char *arg)
{
	return mk_usage_error(prog, what, arg);
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
	OPT_CRASH_REGION, OPT_PRINT_CKR_SIZE, OPT_NOT_ON_M68K,
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
	{ "no-checks", no_argument, NULL, 'i' },
	{ "print-ckr-size", no_argument, NULL, OPT_PRINT_CKR_SIZE },
	/* kexec-tools options that nothing on m68k can honour: refused by
	 * name (exit 5), not as unknown. */
	{ "reuseinitrd", optional_argument, NULL, OPT_NOT_ON_M68K },
	{ "load-preserve-context", optional_argument, NULL, OPT_NOT_ON_M68K },
	{ "load-jump-back-helper", optional_argument, NULL, OPT_NOT_ON_M68K },
	{ "load-live-update", optional_argument, NULL, OPT_NOT_ON_M68K },
	{ "exec-live-update", optional_argument, NULL, OPT_NOT_ON_M68K },
	{ "hotplug", optional_argument, NULL, OPT_NOT_ON_M68K },
	{ NULL, 0, NULL, 0 },
};

/* One action per call: a second, different one is a usage error. */
static int set_action(struct options *o, enum action a)
{
	if (o->action != ACT_DEFAULT && o->action != a)
		return -1;
	o->action = a;
	return 0;
}

#define MAX_APPEND	((unsigned)(sizeof(((struct mk_cmdline_opts *)0)->append) / sizeof(const char *)))

/* -l, -f and the default load KERNEL; the other actions take none. */
static int action_takes_kernel(enum action a)
{
	return a == ACT_DEFAULT || a == ACT_LOAD || a == ACT_FORCE;
}

static const char *action_name(enum action a)
{
	switch (a) {
	case ACT_EXEC:
		return "-e";
	case ACT_UNLOAD:
		return "-u";
	case ACT_STATUS:
		return "-S";
	case ACT_PRINT_CKR_SIZE:
		return "--print-ckr-size";
	case ACT_LOAD:
		return "-l";
	case ACT_FORCE:
		return "-f";
	case ACT_DEFAULT:
		break;
	}
	return "kexec";
}

int parse_options(int argc, char **argv, struct options *o)
{
	int c, li;

	memset(o, 0, sizeof(*o));
	o->bootinfo = "/proc/bootinfo";
	for (;;) {
		int bad = 0;

		/* "-?" is help, as in kexec-tools.  getopt returns '?' for it
		 * and for an option it does not know: an unknown short one
		 * sets optopt, an unknown long one was the last word read. */
		optopt = 0;
		li = -1;
		c = getopt_long(argc, argv, "lefuSpdxyt:casvhi?", long_opts, &li);
		if (c == -1)
			break;
		if (c == '?' && optopt == 0 && strncmp(argv[optind - 1], "--", 2) != 0)
			c = 'h';

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
		case OPT_PRINT_CKR_SIZE:
			bad = set_action(o, ACT_PRINT_CKR_SIZE);
			break;
		case OPT_NOT_ON_M68K:
			fprintf(stderr, "%s: --%s: not supported on m68k\n", prog, long_opts[li].name);
			return EXIT_UNSUPPORTED;
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
			if (o->cmd.nappend == MAX_APPEND) {
				fprintf(stderr, "%s: --append=%s: at most %u --append options may be given\nTry '%s --help'.\n",
					prog, optarg, MAX_APPEND, prog);
				return EXIT_USAGE;
			}
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
		case 'i':		/* kexec-tools' "no checks": the ones that may be skipped */
		case OPT_NO_MEM_CHECK:
			o->no_mem_check = 1;
			break;
		case OPT_MEM_MIN:
			if (mk_parse_u32(optarg, 0, &o->mem_min))
				return usage_error("--mem-min wants a 32-bit address", optarg);
			o->have_mem_min = 1;
			break;
		case OPT_MEM_MAX:
			if (mk_parse_u32(optarg, 0, &o->mem_max))
				return usage_error("--mem-max wants a 32-bit address", optarg);
			o->have_mem_max = 1;
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
			return usage_error("give only one action: -l, -e, -f, -u, -S or --print-ckr-size", NULL);
	}
	if (optind < argc)
		o->kernel = argv[optind++];
	if (optind < argc)
		return usage_error("unexpected argument", argv[optind]);
	if (o->kernel && !action_takes_kernel(o->action)) {
		char what[80];

		snprintf(what, sizeof(what), "%s takes no kernel", action_name(o->action));
		return usage_error(what, o->kernel);
	}
	if (o->panic && (o->action == ACT_EXEC || o->action == ACT_FORCE || o->action == ACT_PRINT_CKR_SIZE))
		return usage_error("-p loads a kernel that runs only on a panic; -e and -f boot the one loaded with -l", NULL);
	if (o->have_mem_min && o->have_mem_max && o->mem_min > o->mem_max) {
		fprintf(stderr, "%s: --mem-min 0x%08x is above --mem-max 0x%08x\nTry '%s --help'.\n",
			prog, o->mem_min, o->mem_max, prog);
		return EXIT_USAGE;
	}
	if (o->cmd.command_line && o->cmd.reuse)
		return usage_error("--command-line and --reuse-cmdline both set the base command line: use one, and --append to add words", NULL);
	if (o->json && !o->dry_run)
		return usage_error("--json goes with --dry-run", NULL);
	if (o->have_crash_region && !(o->panic && o->dry_run))
		return usage_error("--crash-region goes with -p --dry-run", NULL);
	return -1;
}
