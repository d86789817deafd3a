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

/// The `count` (1…8) bytes at `p` as a little-endian word, the other bytes zero. When the 8 bytes at `p`
/// lie in one page it reads them in one load (it cannot fault: memory is mapped a page at a time) and
/// masks; only near a page's end does it read byte by byte. The bytes past `count` may be outside the
/// object `p` points into, which AddressSanitizer would report, so it is not instrumented (and, having a
/// different sanitizer attribute, is then called rather than inlined).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PIPEQ_NO_ASAN __attribute__((no_sanitize("address")))
#endif
#endif
#ifndef PIPEQ_NO_ASAN
#define PIPEQ_NO_ASAN
#endif
#include <stdint.h>
#include <string.h>
PIPEQ_NO_ASAN static inline uint64_t pipeq_load_tail(const void *p, long count) {
    const unsigned char *b = (const unsigned char *)p;
    if (((uintptr_t)b & 4095) <= 4096 - 8) {
        uint64_t w;
        __builtin_memcpy(&w, b, 8);
        return w & (~(uint64_t)0 >> (64 - 8 * count));
    }
    uint64_t w = 0;
    for (long k = 0; k < count; k++) w |= (uint64_t)b[k] << (8 * k);
    return w;
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
