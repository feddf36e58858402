#ifndef LOGTRACE_CPCRE2_SHIM_H
#define LOGTRACE_CPCRE2_SHIM_H
/* Swift cannot expand PCRE2's generic macros (pcre2_compile -> pcre2_compile_8),
   so the 8-bit library is selected here and the _8 functions are called directly. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif
