#include <stdio.h>
#include <wchar.h>
#include <readline/readline.h>
#include <readline/history.h>

/* wcwidth is declared by <wchar.h> only under _XOPEN_SOURCE; the line highlighter needs it to lay out the
   line as readline does (glibc has it either way). */
extern int wcwidth(wchar_t c);

/* The number of terminal cells a Unicode scalar takes in the current locale (-1: not printable). */
static inline int pipeq_wcwidth(unsigned int scalar) { return wcwidth((wchar_t)scalar); }

