// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The decompression front end: the input becomes a file (a memfd, named
 * through /proc/self/fd) and goes through mk_file_open(),
 * mk_file_decode_need() and mk_file_decode() (mk_file_load()) with a small
 * limit, so gzip, xz, lzma and zstd bombs and damaged streams are all
 * exercised.  What is kept must stay inside the limit, and so must the
 * tail decoded past an ELF's extent; a plain file must come back as its
 * own bytes; what is kept and the tail make the whole file; nothing may
 * stay mapped or allocated.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "sys.h"

#define LIMIT	(64u * 1024u)

static int fd = -1;
static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mk_file f;
	struct mk_diag d = { 0, "" };
	uint64_t i, sum = 0;
	int ret;

	if (fd < 0) {
		fd = memfd_create("fuzz-file", MFD_CLOEXEC);
		FUZZ_CHECK(fd >= 0, "memfd_create");
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	FUZZ_CHECK(ftruncate(fd, 0) == 0 && pwrite(fd, data, size, 0) == (ssize_t)size, "write");
	/* In the CLI's two steps, with the decode-need estimate between:
	 * it parses the stream's own records (gzip's ISIZE, zstd's frame
	 * header, xz's footer, index and block header). */
	ret = mk_file_open(path, &f, &d);
	if (ret == 0) {
		uint64_t need = mk_file_decode_need(&f, LIMIT);

		FUZZ_CHECK(f.anon == NULL && f.len == size, "open decoded something");
		FUZZ_CHECK(need <= 2ull * LIMIT, "need %llu over twice the limit", (unsigned long long)need);
		FUZZ_CHECK(f.comp != MK_COMP_NONE || need == 0, "a plain file needs %llu", (unsigned long long)need);
		FUZZ_CHECK(mk_file_decode_need(&f, LIMIT) == need, "need changed");
		ret = mk_file_decode(&f, LIMIT, &d);
	}
	if (ret) {
		FUZZ_CHECK(ret == -1 && d.msg[0] && d.code != 0, "failure without a message");
		FUZZ_CHECK(strstr(d.msg, path) != NULL, "message does not name the file: %s", d.msg);
		FUZZ_CHECK(f.map == NULL && f.anon == NULL, "failure left memory mapped");
		if (size == 0)
			FUZZ_CHECK(strstr(d.msg, "empty") != NULL, "empty file: %s", d.msg);
		return 0;
	}
	FUZZ_CHECK(size > 0, "empty file accepted");
	FUZZ_CHECK(f.file_len == size, "file_len");
	FUZZ_CHECK(f.comp == mk_detect_compression(data, size), "compression");
	if (f.tail) {
		/* Only an ELF's extent is kept, and exactly that. */
		uint64_t end = 0;

		FUZZ_CHECK(mk_elf_extent(f.data, (size_t)f.len, &end) == 1 && end == f.len,
			   "%llu bytes kept, %llu tail, but the extent is %llu",
			   (unsigned long long)f.len, (unsigned long long)f.tail, (unsigned long long)end);
	}
	if (f.comp == MK_COMP_NONE) {
		FUZZ_CHECK(f.len + f.tail == size && memcmp(f.data, data, (size_t)f.len) == 0,
			   "plain file changed");
		FUZZ_CHECK(mk_file_anon_bytes(&f) == 0, "plain file copied");
	} else {
		FUZZ_CHECK(f.len <= LIMIT, "%llu bytes kept, the limit is %u", (unsigned long long)f.len, LIMIT);
		FUZZ_CHECK(f.tail <= LIMIT, "%llu bytes of tail, the limit is %u", (unsigned long long)f.tail, LIMIT);
		FUZZ_CHECK(f.data == f.anon && f.map == NULL, "compressed bytes still mapped");
		FUZZ_CHECK(mk_file_anon_bytes(&f) == f.len, "anon bytes");
	}
	for (i = 0; i < f.len; i += 512)	/* every page is there */
		sum += f.data[i];
	if (f.len)
		sum += f.data[f.len - 1];
	(void)sum;
	mk_file_close(&f);
	FUZZ_CHECK(f.map == NULL && f.anon == NULL && f.data == NULL, "close");
	return 0;
}
