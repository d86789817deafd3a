#ifndef CPTY_H
#define CPTY_H
/// Opens a pseudo-terminal pair; returns 0 on success and fills master/slave fds.
int cpty_open(int *master, int *slave, unsigned short rows, unsigned short cols);
#endif
