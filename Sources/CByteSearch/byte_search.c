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

/* The occurrences that the window at text + p (of value `window`, hash `h` in `t`) stands for: each
   fingerprint of its bucket equal to it, whose literal is all there. Returns the new count, or
   capacity + 1 when they did not all fit. */
static inline size_t fingerprint_verify(const logtrace_fingerprints *f, const logtrace_fingerprint_table *t,
                                        unsigned long long window, unsigned int h, const unsigned char *text, size_t length,
                                        size_t p, unsigned int *offsets, unsigned int *which, size_t found, size_t capacity) {
    unsigned int bucket = h >> 20;
    for (unsigned int e = t->start[bucket]; e < t->start[bucket + 1]; e++) {
        const logtrace_fingerprint *fp = &t->entries[e];
        if (fp->window != window || fp->offset > p) continue;
        size_t start = p - fp->offset, n = f->lengths[fp->literal];
        if (start + n > length || memcmp(text + start, f->bytes[fp->literal], n) != 0) continue;
        if (found == capacity) return capacity + 1;
        offsets[found] = (unsigned int)start;
        which[found] = fp->literal;
        found++;
    }
    return found;
}

static inline int fingerprint_in(const logtrace_fingerprint_table *t, unsigned int h) {
    unsigned int want = logtrace_fingerprint_bits(h);
    return (t->set[logtrace_fingerprint_word(h, t->bits)] & want) == want;
}

/* The positions p, p + 4, ... (a multiple of four) up to `length`, one at a time. */
static size_t fingerprint_scalar(const logtrace_fingerprints *f, const unsigned char *text, size_t length, size_t *position,
                                 unsigned int *offsets, unsigned int *which, size_t found, size_t capacity) {
    size_t p = *position;
    for (; p + 4 <= length; p += 4) {
        size_t next = found;
        unsigned int narrow;
        memcpy(&narrow, text + p, 4);
        if (f->narrow.set) {
            unsigned int h = logtrace_hash_narrow(narrow);
            if (fingerprint_in(&f->narrow, h))
                next = fingerprint_verify(f, &f->narrow, narrow, h, text, length, p, offsets, which, next, capacity);
        }
        if (f->wide.set && p + 8 <= length && next <= capacity) {
            unsigned long long wide;
            memcpy(&wide, text + p, 8);
            unsigned int h = logtrace_hash_wide(wide);
            if (fingerprint_in(&f->wide, h))
                next = fingerprint_verify(f, &f->wide, wide, h, text, length, p, offsets, which, next, capacity);
        }
        if (next > capacity) {
            *position = p;
            return found;
        }
        found = next;
    }
    *position = length;
    return found;
}

/* Which of the eight hashes in `h` are in the table (bit k: hash k): one gather of their words, and
   both bits of each tested. */
__attribute__((target("avx2")))
static inline unsigned int fingerprint_lookup8(const logtrace_fingerprint_table *t, __m128i word_shift, __m256i h) {
    const __m256i g = _mm256_mullo_epi32(h, _mm256_set1_epi32((int)0x2545F491u));
    const __m256i first = _mm256_srli_epi32(g, 27), second = _mm256_and_si256(_mm256_srli_epi32(g, 22), _mm256_set1_epi32(31));
    const __m256i word = _mm256_i32gather_epi32((const int *)t->set, _mm256_srl_epi32(h, word_shift), 4);
    const __m256i both = _mm256_and_si256(_mm256_srlv_epi32(word, first), _mm256_srlv_epi32(word, second));
    return (unsigned int)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_slli_epi32(both, 31)));
}

/* Eight positions (32 bytes) a step: their 4-byte words are one load, the words after them another, so
   the eight 8-byte windows' hashes are two multiplies and an xor away. */
__attribute__((target("avx2")))
static size_t fingerprint_avx2(const logtrace_fingerprints *f, const unsigned char *text, size_t length, size_t *position,
                               unsigned int *offsets, unsigned int *which, size_t capacity) {
    const __m256i a = _mm256_set1_epi32((int)0x9E3779B1u), b = _mm256_set1_epi32((int)0x85EBCA77u);
    const __m256i c = _mm256_set1_epi32((int)0xC2B2AE3Du);
    const __m128i wide_shift = _mm_cvtsi32_si128((int)(37 - f->wide.bits));
    const __m128i narrow_shift = _mm_cvtsi32_si128((int)(37 - f->narrow.bits));
    const int wide = f->wide.set != NULL, narrow = f->narrow.set != NULL;
    size_t p = *position, found = 0;
    while (p + 36 <= length) {
        __m256i lo = _mm256_loadu_si256((const __m256i *)(text + p));
        unsigned int wide_mask = 0, narrow_mask = 0;
        if (wide) {
            __m256i hi = _mm256_loadu_si256((const __m256i *)(text + p + 4));
            wide_mask = fingerprint_lookup8(&f->wide, wide_shift, _mm256_xor_si256(_mm256_mullo_epi32(lo, a), _mm256_mullo_epi32(hi, b)));
        }
        if (narrow) narrow_mask = fingerprint_lookup8(&f->narrow, narrow_shift, _mm256_mullo_epi32(lo, c));
        if (wide_mask | narrow_mask) {
            size_t next = found;
            while (narrow_mask && next <= capacity) {
                size_t q = p + 4 * (size_t)__builtin_ctz(narrow_mask);
                unsigned int window;
                memcpy(&window, text + q, 4);
                next = fingerprint_verify(f, &f->narrow, window, logtrace_hash_narrow(window), text, length, q, offsets, which, next, capacity);
                narrow_mask &= narrow_mask - 1;
            }
            while (wide_mask && next <= capacity) {
                size_t q = p + 4 * (size_t)__builtin_ctz(wide_mask);
                unsigned long long window;
                memcpy(&window, text + q, 8);
                next = fingerprint_verify(f, &f->wide, window, logtrace_hash_wide(window), text, length, q, offsets, which, next, capacity);
                wide_mask &= wide_mask - 1;
            }
            if (next > capacity) {
                /* Full: resume at this stretch next time, dropping what it already wrote. */
                *position = p;
                return found;
            }
            found = next;
        }
        p += 32;
    }
    *position = p;
    return fingerprint_scalar(f, text, length, position, offsets, which, found, capacity);
}

size_t logtrace_fingerprint_hits(const logtrace_fingerprints *f, const unsigned char *text, size_t length, size_t *position,
                                 unsigned int *offsets, unsigned int *which, size_t capacity) {
    if (!f->wide.set && !f->narrow.set) {
        *position = length;
        return 0;
    }
    if (__builtin_cpu_supports("avx2")) return fingerprint_avx2(f, text, length, position, offsets, which, capacity);
    return fingerprint_scalar(f, text, length, position, offsets, which, 0, capacity);
}
