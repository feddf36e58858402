#ifndef LOGTRACE_BYTE_SEARCH_H
#define LOGTRACE_BYTE_SEARCH_H
/* glibc declares memmem only under _GNU_SOURCE, which Swift's Glibc module does not set. */
#include <stddef.h>

void *logtrace_memmem(const void *haystack, size_t haystack_len, const void *needle, size_t needle_len);
void *logtrace_memrchr(const void *s, int c, size_t n);

/* Multi-literal prefilter: the 4-byte window starting at each *even* position is hashed into a
   65,536-bit set built from two consecutive windows of every literal (one of them always starts at an
   even position, so half the positions suffice). Writes the positions whose window is in the set
   (candidates, to be verified) to `out`, at most `capacity` of them, scanning from `*position` (even)
   and leaving it where it stopped; returns how many were written. */
size_t logtrace_hash4_candidates(const unsigned char *text, size_t length, size_t *position,
                                 const unsigned long long *set, unsigned int *out, size_t capacity);

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

static inline unsigned int logtrace_hash4(unsigned int window) {
    return (window * 2654435761u) >> 16;
}
#endif
