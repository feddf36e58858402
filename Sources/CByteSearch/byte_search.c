#define _GNU_SOURCE
#include <string.h>
#include "byte_search.h"

void *logtrace_memmem(const void *haystack, size_t haystack_len, const void *needle, size_t needle_len) {
    return memmem(haystack, haystack_len, needle, needle_len);
}

void *logtrace_memrchr(const void *s, int c, size_t n) {
    return memrchr(s, c, n);
}

size_t logtrace_hash4_candidates(const unsigned char *text, size_t length, size_t *position,
                                 const unsigned long long *set, unsigned int *out, size_t capacity) {
    size_t p = *position, found = 0;
    if (length < 4) {
        *position = length;
        return 0;
    }
    const size_t last = length - 4;
    while (p <= last && found < capacity) {
        unsigned int window;
        memcpy(&window, text + p, 4);
        unsigned int key = logtrace_hash4(window);
        if (set[key >> 6] & (1ull << (key & 63))) out[found++] = (unsigned int)p;
        p++;
    }
    *position = p > last ? length : p;
    return found;
}
