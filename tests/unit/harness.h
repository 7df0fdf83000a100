/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * harness.h - the unit tests' few macros (after dtc's tests/tests.h).
 *
 * A test program runs cases; each case is opened with BEGIN(name, ...),
 * checked with CHECK*() (every failed check is counted, the first one
 * is reported) and closed with END(), which prints "PASS name" or
 * "FAIL name: why".  DONE() prints "N passed, M failed" and gives the
 * exit status: non-zero when any case failed.
 */
#ifndef MK_HARNESS_H
#define MK_HARNESS_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m68kexec.h"

struct h_state {
	char name[160];
	char why[400];
	int open;
	int failed;
	unsigned passed;
	unsigned nfailed;
};

static struct h_state h_st;

static inline void h_begin(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void h_begin(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h_st.name, sizeof(h_st.name), fmt, ap);
	va_end(ap);
	h_st.open = 1;
	h_st.failed = 0;
	h_st.why[0] = '\0';
}

static inline int h_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline int h_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (h_st.failed++)
		return 0;
	n = snprintf(h_st.why, sizeof(h_st.why), "%s:%d: ", file, line);
	if (n < 0 || (size_t)n >= sizeof(h_st.why))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(h_st.why + n, sizeof(h_st.why) - (size_t)n, fmt, ap);
	va_end(ap);
	return 0;
}

static inline void h_end(void)
{
	if (!h_st.open)
		return;
	h_st.open = 0;
	if (h_st.failed) {
		h_st.nfailed++;
		printf("FAIL %s: %s", h_st.name, h_st.why);
		if (h_st.failed > 1)
			printf(" (and %d more)", h_st.failed - 1);
		printf("\n");
	} else {
		h_st.passed++;
		printf("PASS %s\n", h_st.name);
	}
	fflush(stdout);
}

/* A case that cannot run here (no decoder in this build, ...). */
static inline void h_skip(const char *why)
{
	h_st.open = 0;
	printf("SKIP %s: %s\n", h_st.name, why);
	fflush(stdout);
}

static inline int h_done(void)
{
	h_end();
	printf("%u passed, %u failed\n", h_st.passed, h_st.nfailed);
	fflush(stdout);
	return h_st.nfailed ? 1 : 0;
}

#define BEGIN(...)	h_begin(__VA_ARGS__)
#define END()		h_end()
#define SKIP(why)	h_skip(why)
#define DONE()		h_done()

/* Each CHECK is an expression: 1 when it held, so a case can stop early. */
#define CHECK(c) \
	((c) ? 1 : h_fail(__FILE__, __LINE__, "%s", #c))

#define CHECK_EQ(a, b) __extension__ ({ \
	unsigned long long h_a_ = (unsigned long long)(a), h_b_ = (unsigned long long)(b); \
	h_a_ == h_b_ ? 1 : h_fail(__FILE__, __LINE__, "%s == 0x%llx (%llu), expected %s == 0x%llx", \
				   #a, h_a_, h_a_, #b, h_b_); })

/* An MK_ERR_* code, printed with its name. */
#define CHECK_ERR(got, want) __extension__ ({ \
	int h_g_ = (got), h_w_ = (want); \
	h_g_ == h_w_ ? 1 : h_fail(__FILE__, __LINE__, "%s gave %d (%s), expected %d (%s)", \
				   #got, h_g_, mk_strerror(h_g_), h_w_, mk_strerror(h_w_)); })

#define CHECK_STR(got, want) __extension__ ({ \
	const char *h_g_ = (got), *h_w_ = (want); \
	(h_g_ && h_w_ && strcmp(h_g_, h_w_) == 0) || (!h_g_ && !h_w_) ? 1 : \
		h_fail(__FILE__, __LINE__, "%s is \"%s\", expected \"%s\"", #got, \
		       h_g_ ? h_g_ : "(null)", h_w_ ? h_w_ : "(null)"); })

#define CHECK_CONTAINS(hay, needle) __extension__ ({ \
	const char *h_h_ = (hay), *h_n_ = (needle); \
	h_h_ && strstr(h_h_, h_n_) ? 1 : \
		h_fail(__FILE__, __LINE__, "%s (\"%.200s\") does not contain \"%s\"", #hay, \
		       h_h_ ? h_h_ : "(null)", h_n_); })

#define CHECK_MEM(a, b, n) __extension__ ({ \
	const uint8_t *h_a_ = (const uint8_t *)(a), *h_b_ = (const uint8_t *)(b); \
	size_t h_n_ = (n), h_i_ = 0; \
	while (h_i_ < h_n_ && h_a_[h_i_] == h_b_[h_i_]) \
		h_i_++; \
	h_i_ == h_n_ ? 1 : h_fail(__FILE__, __LINE__, "%s and %s differ at byte %zu of %zu " \
				   "(0x%02x vs 0x%02x)", #a, #b, h_i_, h_n_, h_a_[h_i_], h_b_[h_i_]); })

#endif
