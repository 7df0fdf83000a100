// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec's printers: the plan as text and JSON (--dry-run, -d), the crash
 * plan's parts, the warnings about a plan.
 */
#include <inttypes.h>
#include <stdio.h>

#include "kexec_opts.h"
#include "print.h"

/* Why the new command line is empty: asked for, or nothing given. */
static const char *empty_cmdline_why(const struct mk_cmdline_opts *c)
{
	if (c->command_line)
		return " (empty, as --command-line= asked)";
	if (c->reuse)
		return " (empty: the reused command line is empty)";
	if (c->nappend)
		return " (empty: --append added only blanks)";
	return " (empty: no --command-line, --reuse-cmdline or --append was given)";
}

void print_plan_text(FILE *fp, const struct options *o, const struct mk_plan *p,
		     const struct mk_file *kf, const struct mk_file *rf,
		     uint64_t mem_available)
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
		p->cmdline_rec[0] ? "" : empty_cmdline_why(&o->cmd));
	fprintf(fp, "copy:      the kernel copies %" PRIu64 " KiB", mk_plan_copy_bytes(p) >> 10);
	if (mem_available)
		fprintf(fp, "; MemAvailable %" PRIu64 " KiB", mem_available >> 10);
	fprintf(fp, "; half of RAM is %" PRIu64 " KiB\n", p->ram_total / 2 >> 10);
	fprintf(fp, "new bootinfo:\n");
	mk_print_bootinfo_ex(fp, &p->bi, "  ", MK_PRINT_DECODE);
}

void print_plan_json(FILE *fp, const struct options *o, const struct mk_plan *p,
		     const struct mk_file *kf, const struct mk_file *rf,
		     uint64_t mem_available)
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
		mk_plan_copy_bytes(p), p->ram_total, mem_available);
	fprintf(fp, ",\"warnings\":{\"bootversion\":%s,\"no_bootversion\":%s}",
		p->warnings & MK_WARN_BOOTVERSION ? "true" : "false",
		p->warnings & MK_WARN_NO_BOOTVERSION ? "true" : "false");
	fputs(",\"bootinfo\":", fp);
	mk_print_bootinfo_json_ex(fp, &p->bi, MK_PRINT_DECODE);
	fputs("}\n", fp);
}

void warn_plan(const struct mk_plan *p)
{
	uint32_t mach = mk_bi_machine(&p->bi);
	const char *name = mk_machine_name(mach);

	if (p->warnings & MK_WARN_BOOTVERSION)
		fprintf(stderr, "%s: warning: the kernel's bootversion table does not list machine %s (%u): it may not support this machine\n",
			prog, name ? name : "unknown", mach);
	if (p->warnings & MK_WARN_NO_BOOTVERSION)
		fprintf(stderr, "%s: warning: the kernel has no bootversion table: is it a Linux/m68k kernel?\n", prog);
}

void print_crash_text(FILE *fp, const struct mk_crash_plan *c)
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

void print_crash_tail(FILE *fp, const struct mk_crash_plan *c)
{
	fprintf(fp, "segment %u: %-8s 0x%08x..0x%08llx memsz 0x%08x bufsz 0x%08x from (built)\n",
		c->plan.nseg, "elfcorehdr", c->header.mem,
		(unsigned long long)c->header.mem + c->header.memsz, c->header.memsz, c->header.bufsz);
}

void print_crash_json(FILE *fp, const struct mk_crash_plan *c)
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
