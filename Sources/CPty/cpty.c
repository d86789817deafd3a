#include "cpty.h"
#include <pty.h>
#include <stddef.h>

int cpty_open(int *master, int *slave, unsigned short rows, unsigned short cols) {
    struct winsize ws = { .ws_row = rows, .ws_col = cols, .ws_xpixel = 0, .ws_ypixel = 0 };
    return openpty(master, slave, NULL, NULL, &ws);
}
