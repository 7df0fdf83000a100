/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For the tests that run one of our programs (test_bootinfo_tool.c,
 * test_vmcore_dmesg.c, test_kdump_config.c: $MK_KDUMP_CONFIG or
 * kdump-config): where the program is, and the scratch directory.
 */
#ifndef MK_TESTS_TOOL_H
#define MK_TESTS_TOOL_H

#include <dirent.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The program NAME: $ENV if set, else next to $MK_KEXEC (tests/unit/run.sh
 * sets it to the kexec under test), else build/host/NAME. 1 when it is
 * there and executable.
 */
static inline int tool_find(char *tool, size_t n, const char *env, const char *name)
{
	const char *t = getenv(env), *k = getenv("MK_KEXEC");

	if (t && *t) {
		snprintf(tool, n, "%s", t);
	} else if (k && *k) {
		char copy[4000];

		snprintf(copy, sizeof(copy), "%s", k);
		snprintf(tool, n, "%s/%s", dirname(copy), name);
	} else {
		snprintf(tool, n, "build/host/%s", name);
	}
	return access(tool, X_OK) == 0;
}

/* Remove the scratch directory and the files in it. */
static inline void tool_remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

#endif
