#ifndef LOGTRACE_BYTE_SEARCH_H
#define LOGTRACE_BYTE_SEARCH_H
/* glibc declares memmem only under _GNU_SOURCE, which Swift's Glibc module does not set. */
#include <stddef.h>

void *logtrace_memmem(const void *haystack, size_t haystack_len, const void *needle, size_t needle_len);
void *logtrace_memrchr(const void *s, int c, size_t n);

/* One literal of a multi-literal search, with two of its byte offsets (rare bytes) to test first. */
typedef struct {
    const unsigned char *bytes;
    size_t length;
    size_t first, second;
} logtrace_literal;

/* Every occurrence of every literal in text[0..<length], in one pass: each 32-byte
   stretch is tested for all literals' two rare bytes at once, and only positions where a literal's two
   bytes match are compared in full. Writes occurrences in order of offset (then literal) to
   `offsets`/`which`, at most `capacity`, scanning from `*position` and leaving it where it stopped
   (at `length` when done); returns how many were written. At most 16 literals; `capacity` must be at
   least 32 * count. */
size_t logtrace_find_all(const unsigned char *text, size_t length, size_t *position,
                         const logtrace_literal *literals, size_t count,
                         unsigned int *offsets, unsigned char *which, size_t capacity);

/* How many bytes of text[0..<length] equal `byte` (newlines, to number lines in skipped stretches). */
size_t logtrace_count_byte(const unsigned char *text, size_t length, unsigned char byte);

/* Blank lines (`\n` or `\r\n`, nothing else) at the start of text[0..<length]: returns how many bytes
   they take, and sets *lines to how many there are. Eight bytes at a time through a run of `\n`. */
size_t logtrace_blank_lines(const unsigned char *text, size_t length, size_t *lines);

/* Where the blank lines that end at text[end] begin: the smallest line start p >= start such that
   text[p..<end] holds only blank lines. `start` and `end` are line starts (text[end - 1] is `\n`). */
size_t logtrace_blank_lines_before(const unsigned char *text, size_t start, size_t end);

/* One fingerprint of a literal for the many-literal filter below: the literal's window of 8 bytes (or 4,
   zero-extended) that starts `offset` bytes into it. */
typedef struct {
    unsigned long long window;
    unsigned int literal;
    unsigned int offset;
} logtrace_fingerprint;

/* The fingerprints of one window width: a set of 2^bits bits (bits 15...21), a blocked Bloom filter of
   the hashed windows (two bits of one 32-bit word per window: see logtrace_fingerprint_word), and the
   fingerprints by bucket (a hash's top 12 bits): entries[start[b]..<start[b + 1]]. `set` is NULL when
   no literal has a window of this width. */
typedef struct {
    const unsigned int *set;
    unsigned int bits;
    const unsigned int *start;
    const logtrace_fingerprint *entries;
} logtrace_fingerprint_table;

/* The many-literal filter (FDR-like, one pass whatever the number of literals): only every fourth
   position of the text is looked at, and the window there, of 8 bytes (`wide`, for literals of 11 bytes
   or more) and of 4 bytes (`narrow`, for literals of 7 to 10), is hashed and looked up in a Bloom filter.
   Each literal enters four consecutive windows, so one of them starts at a multiple of four wherever
   the literal sits. A window in the set is checked against the fingerprints of its bucket, and a
   fingerprint that equals it against its whole literal. `bytes[i]` and `lengths[i]` are literal i. */
typedef struct {
    logtrace_fingerprint_table wide, narrow;
    const unsigned char *const *bytes;
    const size_t *lengths;
} logtrace_fingerprints;

/* Every occurrence in text[0..<length] of the literals of `f`: writes their offsets and literal indices,
   in the order found (not sorted), at most `capacity`, scanning from `*position` (a multiple of four) and
   leaving it where it stopped (`length` when done); returns how many were written. Returns 0 with
   `*position` unchanged when the occurrences of one 32-byte stretch do not fit in `capacity`. */
size_t logtrace_fingerprint_hits(const logtrace_fingerprints *f, const unsigned char *text, size_t length, size_t *position,
                                 unsigned int *offsets, unsigned int *which, size_t capacity);

/* The hashes of the filter above: of an 8-byte window, and of a 4-byte window. */
static inline unsigned int logtrace_hash_wide(unsigned long long window) {
    return ((unsigned int)window * 0x9E3779B1u) ^ ((unsigned int)(window >> 32) * 0x85EBCA77u);
}

static inline unsigned int logtrace_hash_narrow(unsigned int window) {
    return window * 0xC2B2AE3Du;
}

/* Where hash `h` goes in a table's set of 2^bits bits: the 32-bit word (the hash's top bits), and the
   two bits of it (from another multiply), both set for a window in the table. */
static inline unsigned int logtrace_fingerprint_word(unsigned int h, unsigned int bits) {
    return h >> (37 - bits);
}

static inline unsigned int logtrace_fingerprint_bits(unsigned int h) {
    unsigned int g = h * 0x2545F491u;
    return (1u << (g >> 27)) | (1u << ((g >> 22) & 31));
}

#endif
