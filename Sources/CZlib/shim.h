#ifndef LOGTRACE_CZLIB_SHIM_H
#define LOGTRACE_CZLIB_SHIM_H
#include <zlib.h>
/* inflateInit2 is a function-like macro that Swift cannot call. */
static inline int logtrace_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
/* deflateInit2 likewise, for writing gzip partial results. */
static inline int logtrace_deflateInit2(z_streamp strm, int level, int windowBits) {
    return deflateInit2(strm, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
#endif
