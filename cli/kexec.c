// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec for Linux/m68k: the command line of kexec-tools, with its m68k
 * quirks fixed.  main() reads as the steps of a kexec: options, the
 * machine's bootinfo, the command line, the files, the plan, the checks,
 * the load, the reboot.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kexec_opts.h"

#define BOOTINFO_FILE_MAX	(64u * 1024u)

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
	if (mk_read_file("/proc/sys/vm/watermark_boost_factor", (uint8_t *)buf,
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

	if (mk_read_file(o->bootinfo, m->bibuf, sizeof(m->bibuf), &m->bilen, &d)) {
		int missing = d.code == MK_ERR_FILE_NOT_FOUND && strcmp(o->bootinfo, "/proc/bootinfo") == 0;

		if (missing)
			fprintf(stderr, "%s: /proc/bootinfo does not exist: the running kernel lacks CONFIG_BOOTINFO_PROC; enable it, or pass --bootinfo=FILE\n", prog);
		else
			fail(&d, 0);
		return missing ? EXIT_UNSUPPORTED : EXIT_INPUT;
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
		if (mk_read_file("/proc/cmdline", (uint8_t *)m->cmdline, sizeof(m->cmdline) - 1, &len, &d))
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

/*
 * A progress line for a long decompression (seconds on a 68030): on a
 * terminal only, after two seconds, at most once a second,
 * and erased when decoding stops, so that what follows starts a clean
 * line.  Spaces erase it: no escape sequences a console may not know.
 */
#define PROGRESS_AFTER_NS	2000000000LL
#define PROGRESS_EVERY_NS	1000000000LL

struct progress {
	struct timespec start, last;
	const char *path;
	int width;		/* of the line shown; 0 none */
};

static long long elapsed_ns(const struct timespec *from, const struct timespec *to)
{
	return (long long)(to->tv_sec - from->tv_sec) * 1000000000LL + (to->tv_nsec - from->tv_nsec);
}

static void show_progress(void *arg, uint64_t done, uint64_t total, int end)
{
	struct progress *p = arg;
	struct timespec now;
	int n;

	if (end) {
		if (p->width)
			fprintf(stderr, "\r%*s\r", p->width, "");
		p->width = 0;
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (elapsed_ns(&p->start, &now) < PROGRESS_AFTER_NS ||
	    (p->width && elapsed_ns(&p->last, &now) < PROGRESS_EVERY_NS))
		return;
	p->last = now;
	n = fprintf(stderr, "\r%s: decompressing %s: %3u%%", prog, p->path,
		    (unsigned)(total ? done * 100 / total : 0));
	if (n > p->width)
		p->width = n - 1;	/* the \r takes no column */
	fflush(stderr);
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
	struct progress pr = { .path = NULL };
	uint64_t need;
	int weak = 0;

	m->cmdline[strcspn(m->cmdline, "\n")] = '\0';
	co.current = m->cmdline;
	if (mk_cmdline_compose(&co, cmdline, cmdsz, &d))
		return fail(&d, EXIT_INPUT);
	if (mk_file_open(o->kernel, kf, &d))
		return fail(&d, mk_exit_for(d.code));
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
	if (isatty(STDERR_FILENO)) {
		kf->progress = show_progress;
		kf->progress_arg = &pr;
		clock_gettime(CLOCK_MONOTONIC, &pr.start);
		pr.path = o->kernel;
	}
	if (mk_file_decode(kf, limit, &d))
		return fail(&d, mk_exit_for(d.code));
	if (o->initrd && mk_file_map(o->initrd, limit, rf, &d))
		return fail(&d, mk_exit_for(d.code));
	if (mk_random_seed(seed, MK_RNG_SEED_LEN, &weak, &d))
		return fail(&d, EXIT_INPUT);
	if (weak && (o->debug || o->dry_run))
		fprintf(stderr, "%s: note: the kernel's random pool is not initialised yet: the new kernel's RNG seed is not cryptographically strong\n", prog);
	return EXIT_OK;
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
		return fail(&d, mk_exit_for(d.code));
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
	return fail(&d, mk_exit_for(d.code));
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

/*
 * The one load pipeline.  A normal and a crash load differ only in what
 * this table says; both read the inputs, build a plan, name the file an
 * error is in, print the plan, check memory and call kexec_load alike.
 */
struct load_kind {
	unsigned long flags;		/* kexec_load flags besides the arch */
	const char *where;		/* prefix of an error in no one file */
	int check_memory;		/* the copy must fit in MemAvailable */
	const char *loaded;		/* -d: what was loaded */
};

static const struct load_kind normal_load = { 0, "", 1, "loaded" };
/* A crash load copies into the reserved region: no MemAvailable check. */
static const struct load_kind crash_load = { MK_KEXEC_ON_CRASH, "-p: ", 0, "crash kernel loaded:" };

/* The plan either kind builds: the normal one, or the crash one's. */
struct any_plan {
	struct mk_plan plan;
	struct mk_crash_plan crash;
	struct mk_crash_env env;
};

/* The file an error of the core is in, by the subject of its code. */
static const char *error_file(const struct options *o, int err)
{
	switch (mk_error_subject(err)) {
	case MK_SUBJECT_KERNEL:
		return o->kernel;
	case MK_SUBJECT_BOOTINFO:
		return o->bootinfo;
	case MK_SUBJECT_ENTRY:
		return o->have_entry ? NULL : o->kernel;
	case MK_SUBJECT_NONE:
		break;
	}
	return NULL;
}

static int build_plan(const struct options *o, const struct load_kind *k, struct machine *m,
		      const struct mk_file *kf, const struct mk_file *rf, const char *cmdline,
		      const uint8_t *seed, struct any_plan *ap)
{
	struct mk_crash_input in;
	struct mk_diag d = { 0, "" };
	const char *what;
	int err;

	memset(&in, 0, sizeof(in));
	in.base.kernel = kf->data;
	in.base.kernel_len = (size_t)kf->len;
	in.base.bootinfo = &m->bi;
	in.base.cmdline = cmdline;
	in.base.ramdisk = o->initrd ? rf->data : NULL;
	in.base.ramdisk_len = o->initrd ? rf->len : 0;
	in.base.seed = seed;
	in.base.mem_min = o->mem_min;
	in.base.mem_max = o->mem_max;
	in.base.have_entry = o->have_entry;
	in.base.entry = o->entry;
	in.base.ram_total = m->mem_total;
	if (k->flags & MK_KEXEC_ON_CRASH) {
		in.region_start = ap->env.region_start;
		in.region_size = ap->env.region_size;
		in.ncpus = ap->env.ncpus;
		memcpy(in.cpu_note, ap->env.cpu_note, sizeof(in.cpu_note));
		in.vmcoreinfo = ap->env.vmcoreinfo;
		err = mk_crash_plan_build(&in, &ap->crash, &d);
	} else {
		err = mk_plan_build(&in.base, &ap->plan, &d);
	}
	if (!err)
		return EXIT_OK;
	what = error_file(o, err);
	if (what)
		fprintf(stderr, "%s: %s: %s\n", prog, what, d.msg);
	else
		fprintf(stderr, "%s: %s%s\n", prog, k->where, d.msg);
	return mk_exit_for(err);
}

static void print_plan(FILE *fp, const struct options *o, const struct load_kind *k,
		       const struct any_plan *ap, const struct mk_file *kf,
		       const struct mk_file *rf, const struct machine *m)
{
	int crash = (k->flags & MK_KEXEC_ON_CRASH) != 0;
	const struct mk_plan *p = crash ? &ap->crash.plan : &ap->plan;

	if (o->json) {
		if (crash)
			print_crash_json(fp, &ap->crash);
		print_plan_json(fp, o, p, kf, rf, m->mem_available);
		if (crash)
			fputs("}\n", fp);
		return;
	}
	if (crash)
		print_crash_text(fp, &ap->crash);
	print_plan_text(fp, o, p, kf, rf, m->mem_available);
	if (crash)
		print_crash_tail(fp, &ap->crash);
}

/* Kernel, ramdisk, plan, checks, kexec_load: a load of either kind. */
static int load(const struct options *o, const struct load_kind *k, struct machine *m)
{
	static struct any_plan ap;
	struct mk_segment seg[MK_MAX_SEGMENTS];
	const struct mk_plan *p;
	struct mk_file kf, rf;
	struct mk_diag d = { 0, "" };
	char cmdline[MK_CMDLINE_SIZE];
	uint8_t seed[MK_RNG_SEED_LEN];
	uint64_t limit = segment_limit(m);
	unsigned nseg;
	int ret;

	if (k->flags & MK_KEXEC_ON_CRASH) {
		ret = crash_env(o, &ap.env);
		if (ret != EXIT_OK)
			return ret;
	}
	memset(&kf, 0, sizeof(kf));
	memset(&rf, 0, sizeof(rf));
	ret = read_inputs(o, m, limit, cmdline, sizeof(cmdline), &kf, &rf, seed);
	if (ret != EXIT_OK)
		goto out;
	/* A compressed kernel now sits in anonymous memory taken since the
	 * machine was read: the memory check must see what is left. */
	if (k->check_memory && mk_host_is_m68k() && mk_file_anon_bytes(&kf)) {
		uint64_t total;

		mk_meminfo(&total, &m->mem_available);
	}
	ret = build_plan(o, k, m, &kf, &rf, cmdline, seed, &ap);
	if (ret != EXIT_OK)
		goto out;
	p = k->flags & MK_KEXEC_ON_CRASH ? &ap.crash.plan : &ap.plan;
	warn_plan(p);
	if (o->dry_run || o->debug)
		print_plan(o->dry_run ? stdout : stderr, o, k, &ap, &kf, &rf, m);
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
	if (k->check_memory && short_of_memory(o, m, mk_plan_copy_bytes(p))) {
		fprintf(stderr, "%s: not enough memory: the kernel must copy %" PRIu64 " KiB%s, but MemAvailable is %" PRIu64 " KiB; free memory, use a smaller kernel or ramdisk, or --no-mem-check to try anyway\n",
			prog, mk_plan_copy_bytes(p) >> 10,
			m->boost ? " and keep 4096 KiB free for its watermark boost (sysctl vm.watermark_boost_factor=0 frees them)" : "",
			m->mem_available >> 10);
		ret = EXIT_NOFIT;
		goto out;
	}
	if (k->flags & MK_KEXEC_ON_CRASH) {
		nseg = mk_crash_segments(&ap.crash, seg, MK_MAX_SEGMENTS);
	} else {
		nseg = p->nseg;
		memcpy(seg, p->seg, nseg * sizeof(seg[0]));
	}
	if (mk_sys_kexec_load(p->entry, seg, nseg, k->flags | MK_KEXEC_ARCH_68K, &d))
		ret = fail(&d, mk_exit_for(d.code));
	else if (o->debug)
		fprintf(stderr, "%s: %s %u segments, entry 0x%08x\n", prog, k->loaded, nseg, p->entry);
out:
	mk_file_close(&rf);
	mk_file_close(&kf);
	return ret;
}

/*
 * --print-ckr-size: the size of the running kernel's crash region in
 * bytes, as kexec-tools prints it; 0 when there is none.
 */
static int print_ckr_size(void)
{
	static char iomem[256 * 1024];
	struct mk_diag d = { 0, "" };
	uint32_t start, size;
	size_t len = 0;

	if (mk_read_file("/proc/iomem", (uint8_t *)iomem, sizeof(iomem), &len, &d))
		return fail(&d, EXIT_INPUT);
	if (!memmem(iomem, len, "Crash kernel", 12)) {
		puts("0");
		return EXIT_OK;
	}
	if (mk_crash_parse_iomem(iomem, len, &start, &size, &d))
		return fail(&d, EXIT_INPUT);
	printf("%u\n", size);
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
	/* -p goes with a load, -u and -S only (parse_options saw to it). */
	switch (o.action) {
	case ACT_STATUS:
		return mk_kexec_loaded(o.panic) == 1 ? EXIT_OK : EXIT_INPUT;
	case ACT_UNLOAD:
		return unload(&o, o.panic ? MK_KEXEC_ON_CRASH : 0);
	case ACT_EXEC:
		return exec_loaded(&o);
	case ACT_PRINT_CKR_SIZE:
		return print_ckr_size();
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
		ret = load(&o, o.panic ? &crash_load : &normal_load, &machine);
	if (ret != EXIT_OK || o.dry_run || o.panic)
		return ret;
	if (o.action == ACT_FORCE)
		return exec_loaded(&o);
	if (o.action == ACT_DEFAULT)
		return run_shutdown();
	return EXIT_OK;
}
