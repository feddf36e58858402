#define _GNU_SOURCE
#include <string.h>
#include <immintrin.h>
#include "byte_search.h"

/* Occurrences starting at text + p, in literal order; returns the new count, or capacity + 1 when
   they did not all fit (nothing of position p is then kept). */
static size_t emit_at(const unsigned char *text, size_t length, size_t p, const logtrace_literal *literals, size_t count,
                      unsigned int mask_of_literals, unsigned int *offsets, unsigned char *which, size_t found, size_t capacity) {
    for (size_t i = 0; i < count; i++) {
        if (!(mask_of_literals & (1u << i))) continue;
        const logtrace_literal *l = &literals[i];
        if (p + l->length <= length && memcmp(text + p, l->bytes, l->length) == 0) {
            if (found == capacity) return capacity + 1;
            offsets[found] = (unsigned int)p;
            which[found] = (unsigned char)i;
            found++;
        }
    }
    return found;
}

#define LOGTRACE_FIND_ALL_MAX 16

__attribute__((target("avx2")))
static size_t find_all_avx2(const unsigned char *text, size_t length, size_t *position, const logtrace_literal *literals,
                            size_t count, unsigned int *offsets, unsigned char *which, size_t capacity) {
    __m256i a[LOGTRACE_FIND_ALL_MAX], b[LOGTRACE_FIND_ALL_MAX];
    size_t reach = 0;
    for (size_t i = 0; i < count; i++) {
        a[i] = _mm256_set1_epi8((char)literals[i].bytes[literals[i].first]);
        b[i] = _mm256_set1_epi8((char)literals[i].bytes[literals[i].second]);
        size_t hi = literals[i].first > literals[i].second ? literals[i].first : literals[i].second;
        if (hi > reach) reach = hi;
    }
    size_t p = *position, found = 0;
    size_t firsts[LOGTRACE_FIND_ALL_MAX], seconds[LOGTRACE_FIND_ALL_MAX];
    for (size_t i = 0; i < count; i++) {
        firsts[i] = literals[i].first;
        seconds[i] = literals[i].second;
    }
    while (p + reach + 32 <= length) {
        /* One movemask for all literals; each literal's own mask only when something matched. */
        __m256i all = _mm256_setzero_si256();
        for (size_t i = 0; i < count; i++) {
            __m256i x = _mm256_loadu_si256((const __m256i *)(text + p + firsts[i]));
            __m256i y = _mm256_loadu_si256((const __m256i *)(text + p + seconds[i]));
            all = _mm256_or_si256(all, _mm256_and_si256(_mm256_cmpeq_epi8(x, a[i]), _mm256_cmpeq_epi8(y, b[i])));
        }
        unsigned int any = (unsigned int)_mm256_movemask_epi8(all);
        if (any) {
            unsigned int masks[LOGTRACE_FIND_ALL_MAX];
            for (size_t i = 0; i < count; i++) {
                __m256i x = _mm256_loadu_si256((const __m256i *)(text + p + firsts[i]));
                __m256i y = _mm256_loadu_si256((const __m256i *)(text + p + seconds[i]));
                masks[i] = (unsigned int)_mm256_movemask_epi8(_mm256_and_si256(_mm256_cmpeq_epi8(x, a[i]), _mm256_cmpeq_epi8(y, b[i])));
            }
            size_t before = found;
            while (any) {
                unsigned int bit = (unsigned int)__builtin_ctz(any);
                unsigned int which_literals = 0;
                for (size_t i = 0; i < count; i++) which_literals |= ((masks[i] >> bit) & 1u) << i;
                size_t next = emit_at(text, length, p + bit, literals, count, which_literals, offsets, which, found, capacity);
                if (next > capacity) {
                    /* Full: resume at this stretch next time, dropping what it already wrote. */
                    *position = p;
                    return before;
                }
                found = next;
                any &= any - 1;
            }
        }
        p += 32;
    }
    for (; p < length; p++) {
        size_t next = emit_at(text, length, p, literals, count, (1u << count) - 1, offsets, which, found, capacity);
        if (next > capacity) {
            *position = p;
            return found;
        }
        found = next;
    }
    *position = length;
    return found;
}

static size_t find_all_scalar(const unsigned char *text, size_t length, size_t *position, const logtrace_literal *literals,
                              size_t count, unsigned int *offsets, unsigned char *which, size_t capacity) {
    size_t p = *position, found = 0;
    for (; p < length; p++) {
        unsigned int candidates = 0;
        for (size_t i = 0; i < count; i++) {
            const logtrace_literal *l = &literals[i];
            if (p + l->length <= length && text[p + l->first] == l->bytes[l->first] && text[p + l->second] == l->bytes[l->second])
                candidates |= 1u << i;
        }
        if (!candidates) continue;
        size_t next = emit_at(text, length, p, literals, count, candidates, offsets, which, found, capacity);
        if (next > capacity) {
            *position = p;
            return found;
        }
        found = next;
    }
    *position = length;
    return found;
}

size_t logtrace_find_all(const unsigned char *text, size_t length, size_t *position,
                         const logtrace_literal *literals, size_t count,
                         unsigned int *offsets, unsigned char *which, size_t capacity) {
    if (count == 0 || count > LOGTRACE_FIND_ALL_MAX) {
        *position = length;
        return 0;
    }
    return __builtin_cpu_supports("avx2") ? find_all_avx2(text, length, position, literals, count, offsets, which, capacity)
                                          : find_all_scalar(text, length, position, literals, count, offsets, which, capacity);
}

__attribute__((target("avx2")))
static size_t count_avx2(const unsigned char *text, size_t length, unsigned char byte) {
    const __m256i b = _mm256_set1_epi8((char)byte);
    size_t p = 0, total = 0;
    /* Per-lane counters (0 - matches) are summed every 255 rounds, before a byte lane can overflow. */
    while (p + 32 <= length) {
        __m256i sum = _mm256_setzero_si256();
        size_t rounds = 0;
        for (; rounds < 255 && p + 32 <= length; rounds++, p += 32) {
            sum = _mm256_sub_epi8(sum, _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(text + p)), b));
        }
        __m256i wide = _mm256_sad_epu8(sum, _mm256_setzero_si256());
        total += (size_t)_mm256_extract_epi64(wide, 0) + (size_t)_mm256_extract_epi64(wide, 1)
               + (size_t)_mm256_extract_epi64(wide, 2) + (size_t)_mm256_extract_epi64(wide, 3);
    }
    for (; p < length; p++) total += text[p] == byte;
    return total;
}

static size_t count_sse2(const unsigned char *text, size_t length, unsigned char byte) {
    const __m128i b = _mm_set1_epi8((char)byte);
    size_t p = 0, total = 0;
    while (p + 16 <= length) {
        __m128i sum = _mm_setzero_si128();
        size_t rounds = 0;
        for (; rounds < 255 && p + 16 <= length; rounds++, p += 16) {
            sum = _mm_sub_epi8(sum, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(text + p)), b));
        }
        __m128i wide = _mm_sad_epu8(sum, _mm_setzero_si128());
        total += (size_t)_mm_cvtsi128_si64(wide) + (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(wide, wide));
    }
    for (; p < length; p++) total += text[p] == byte;
    return total;
}

size_t logtrace_count_byte(const unsigned char *text, size_t length, unsigned char byte) {
    return __builtin_cpu_supports("avx2") ? count_avx2(text, length, byte) : count_sse2(text, length, byte);
}

static const unsigned long long newlines8 = 0x0A0A0A0A0A0A0A0AULL;

size_t logtrace_blank_lines(const unsigned char *text, size_t length, size_t *lines) {
    size_t i = 0, n = 0;
    for (;;) {
        unsigned long long word;
        while (i + 8 <= length && (memcpy(&word, text + i, 8), word == newlines8)) {
            i += 8;
            n += 8;
        }
        if (i < length && text[i] == '\n') {
            i += 1;
        } else if (i + 1 < length && text[i] == '\r' && text[i + 1] == '\n') {
            i += 2;
        } else {
            break;
        }
        n += 1;
    }
    *lines = n;
    return i;
}

size_t logtrace_blank_lines_before(const unsigned char *text, size_t start, size_t end) {
    size_t p = end;
    for (;;) {
        unsigned long long word;
        /* Eight `\n` with one before them: eight lines, each empty. */
        while (p >= start + 9 && (memcpy(&word, text + p - 8, 8), word == newlines8) && text[p - 9] == '\n') p -= 8;
        if (p >= start + 1 && text[p - 1] == '\n' && (p == start + 1 || text[p - 2] == '\n')) {
            p -= 1;
        } else if (p >= start + 2 && text[p - 1] == '\n' && text[p - 2] == '\r' && (p == start + 2 || text[p - 3] == '\n')) {
            p -= 2;
        } else {
            return p;
        }
    }
}

void *logtrace_memmem(const void *haystack, size_t haystack_len, const void *needle, size_t needle_len) {
    return memmem(haystack, haystack_len, needle, needle_len);
}

void *logtrace_memrchr(const void *s, int c, size_t n) {
    return memrchr(s, c, n);
}

static size_t logtrace_hash4_scalar(const unsigned char *text, size_t length, size_t *position,
                                    const unsigned long long *set, unsigned int *out, size_t capacity);

/* Eight positions at a time: their 4-byte windows are formed with one shuffle, hashed with one multiply,
   and their bits in the set fetched with one gather. */
__attribute__((target("avx2")))
static size_t hash4_avx2(const unsigned char *text, size_t length, size_t *position, const unsigned long long *set,
                         unsigned int *out, size_t capacity) {
    const int *words = (const int *)set; /* bit k of the set is bit k % 32 of 32-bit word k / 32 (little-endian) */
    const __m256i multiplier = _mm256_set1_epi32((int)2654435761u);
    /* Windows at even offsets 0, 2, 4, 6 of each 16-byte lane (the lanes start 8 bytes apart). */
    const __m256i windows = _mm256_setr_epi8(0, 1, 2, 3, 2, 3, 4, 5, 4, 5, 6, 7, 6, 7, 8, 9,
                                             0, 1, 2, 3, 2, 3, 4, 5, 4, 5, 6, 7, 6, 7, 8, 9);
    const __m256i low5 = _mm256_set1_epi32(31);
    size_t p = *position, found = 0;
    while (p + 24 <= length && found + 8 <= capacity) {
        __m256i bytes = _mm256_set_m128i(_mm_loadu_si128((const __m128i *)(text + p + 8)), _mm_loadu_si128((const __m128i *)(text + p)));
        __m256i key = _mm256_srli_epi32(_mm256_mullo_epi32(_mm256_shuffle_epi8(bytes, windows), multiplier), 16);
        __m256i word = _mm256_i32gather_epi32(words, _mm256_srli_epi32(key, 5), 4);
        __m256i bit = _mm256_slli_epi32(_mm256_srlv_epi32(word, _mm256_and_si256(key, low5)), 31);
        unsigned int mask = (unsigned int)_mm256_movemask_ps(_mm256_castsi256_ps(bit));
        while (mask) {
            out[found++] = (unsigned int)(p + 2 * (size_t)__builtin_ctz(mask));
            mask &= mask - 1;
        }
        p += 16;
    }
    *position = p;
    return found;
}

size_t logtrace_hash4_candidates(const unsigned char *text, size_t length, size_t *position,
                                 const unsigned long long *set, unsigned int *out, size_t capacity) {
    if (length >= 4 && __builtin_cpu_supports("avx2")) {
        size_t found = hash4_avx2(text, length, position, set, out, capacity);
        if (found + 8 > capacity) return found;
        size_t rest = logtrace_hash4_scalar(text, length, position, set, out + found, capacity - found);
        return found + rest;
    }
    return logtrace_hash4_scalar(text, length, position, set, out, capacity);
}

static size_t logtrace_hash4_scalar(const unsigned char *text, size_t length, size_t *position,
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
        p += 2;
    }
    *position = p > last ? length : p;
    return found;
}
