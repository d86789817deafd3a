#ifndef CPREFETCH_H
#define CPREFETCH_H
/// A hint that `address` will be read soon: the cache line is fetched while other work goes on, so
/// independent hash-table probes overlap their memory latency instead of paying it one after another.
/// (Swift has no prefetch intrinsic; being `static inline`, this compiles into the caller.)
static inline void pipeq_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}
#endif
