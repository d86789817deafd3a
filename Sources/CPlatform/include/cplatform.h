#ifndef CPLATFORM_H
#define CPLATFORM_H
// Small platform facilities Swift does not expose. All `static inline`, so they compile into the caller.

#if defined(__linux__)
#include <malloc.h>
#endif

/// A hint that `address` will be read soon: the cache line is fetched while other work goes on, so
/// independent hash-table probes overlap their memory latency instead of paying it one after another.
static inline void pipeq_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// glibc malloc: serve blocks up to `mmap_threshold` bytes from the heap (so freed ones are reused)
/// and keep up to `trim_threshold` free bytes at the heap's top instead of returning them to the kernel.
static inline void pipeq_tune_allocator(int mmap_threshold, int trim_threshold) {
#if defined(__linux__) && defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, mmap_threshold);
    mallopt(M_TRIM_THRESHOLD, trim_threshold);
#endif
}
#endif
