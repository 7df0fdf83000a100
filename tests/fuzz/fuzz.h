/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the libFuzzer targets: a failed invariant prints where and
 * why, then aborts, so libFuzzer keeps the input as a crash.
 */
#ifndef MK_FUZZ_H
#define MK_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "m68kexec.h"

#define FUZZ_CHECK(cond, ...)                                               \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: invariant broken: %s: ",   \
				__FILE__, __LINE__, #cond);                 \
			fprintf(stderr, __VA_ARGS__);                       \
			fputc('\n', stderr);                                \
			abort();                                            \
		}                                                           \
	} while (0)

/* Every failure fills the diagnostic with its own code and a message. */
#define FUZZ_CHECK_DIAG(err, d)                                             \
	FUZZ_CHECK((d)->code == (err) && (d)->msg[0] != '\0',              \
		   "error %d (%s) but diag code %d msg \"%s\"", (err),     \
		   mk_strerror(err), (d)->code, (d)->msg)

/* A cursor over the fuzzer's bytes; reads past the end give zeros. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t fuzz_u8(struct fuzz_in *in)
{
	uint8_t v = 0;

	if (in->n) {
		v = in->p[0];
		in->p++;
		in->n--;
	}
	return v;
}

static inline uint16_t fuzz_be16(struct fuzz_in *in)
{
	uint16_t v = fuzz_u8(in);

	return (uint16_t)(v << 8 | fuzz_u8(in));
}

static inline uint32_t fuzz_be32(struct fuzz_in *in)
{
	uint32_t v = fuzz_be16(in);

	return v << 16 | fuzz_be16(in);
}

static inline uint64_t fuzz_be64(struct fuzz_in *in)
{
	uint64_t v = fuzz_be32(in);

	return v << 32 | fuzz_be32(in);
}

/* Up to n bytes (fewer when the input runs out). */
static inline const uint8_t *fuzz_bytes(struct fuzz_in *in, size_t n, size_t *got)
{
	const uint8_t *p = in->p;

	if (n > in->n)
		n = in->n;
	in->p += n;
	in->n -= n;
	*got = n;
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
