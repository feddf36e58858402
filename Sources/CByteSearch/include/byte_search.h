#ifndef LOGTRACE_BYTE_SEARCH_H
#define LOGTRACE_BYTE_SEARCH_H
/* glibc declares memmem only under _GNU_SOURCE, which Swift's Glibc module does not set. */
#include <stddef.h>

void *logtrace_memmem(const void *haystack, size_t haystack_len, const void *needle, size_t needle_len);
void *logtrace_memrchr(const void *s, int c, size_t n);
#endif
