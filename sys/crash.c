// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a crash load needs from the running kernel: its crash support, the
 * reserved region (/proc/iomem), the CPUs' crash notes and the vmcoreinfo
 * note (sysfs).  The files are read here; lib/crash.c parses the text.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "sys.h"

#define IOMEM_MAX	(256u * 1024u)

static int read_text(const char *path, char *buf, size_t cap, size_t *len,
		     struct mk_diag *d)
{
	if (mk_read_file(path, (uint8_t *)buf, cap - 1, len, d))
		return -1;
	buf[*len] = '\0';
	return 0;
}

/* Does a word of the command line start with crashkernel=? */
static int has_crashkernel(const char *line)
{
	const char *p = line;

	while ((p = strstr(p, "crashkernel=")) != NULL) {
		if (p == line || p[-1] == ' ' || p[-1] == '\t')
			return 1;
		p++;
	}
	return 0;
}

static int read_notes(struct mk_crash_env *e, struct mk_diag *d)
{
	unsigned cpu;

	for (cpu = 0; cpu < MK_CRASH_MAX_CPUS; cpu++) {
		char path[96], a[64], s[64];
		size_t alen, slen;

		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/crash_notes", cpu);
		if (access(path, F_OK) != 0)
			break;
		if (read_text(path, a, sizeof(a), &alen, d))
			return -1;
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/crash_notes_size", cpu);
		if (read_text(path, s, sizeof(s), &slen, d))
			return -1;
		if (mk_crash_parse_note(a, alen, s, slen, &e->cpu_note[cpu], d))
			return -1;
	}
	e->ncpus = cpu;
	return 0;
}

int mk_crash_read_env(struct mk_crash_env *e, struct mk_diag *d)
{
	static char iomem[IOMEM_MAX];
	char line[4096], info[96];
	size_t len;

	memset(e, 0, sizeof(*e));
	/* kexec_crash_loaded exists only with CONFIG_CRASH_DUMP. */
	e->have_crash_dump = access("/sys/kernel/kexec_crash_loaded", F_OK) == 0;
	if (read_text("/proc/cmdline", line, sizeof(line), &len, NULL) == 0)
		e->cmdline_has_crashkernel = has_crashkernel(line);
	if (read_text("/proc/iomem", iomem, sizeof(iomem), &len, d))
		return -1;
	if (mk_crash_parse_iomem(iomem, len, &e->region_start, &e->region_size, d) == 0)
		e->have_region = 1;
	else
		snprintf(e->region_error, sizeof(e->region_error), "%s", d ? d->msg : "");
	if (!e->have_crash_dump)
		return 0;
	if (read_notes(e, d))
		return -1;
	if (access("/sys/kernel/vmcoreinfo", F_OK) == 0) {
		if (read_text("/sys/kernel/vmcoreinfo", info, sizeof(info), &len, d) ||
		    mk_crash_parse_vmcoreinfo(info, len, &e->vmcoreinfo, d))
			return -1;
	}
	return 0;
}
