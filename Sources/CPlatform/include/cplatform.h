#ifndef CPLATFORM_H
#define CPLATFORM_H
// Small platform facilities Swift does not expose. All `static inline`, so they compile into the caller,
// except the CRC-32C functions (crc32c.c), which keep state set up once.

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

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
/// Bit `i` is set when `p[i]` is `a` or `b`, for the 64 bytes at `p` (all must be readable). A CSV reader
/// classifies a block once and then finds each field's end with a bit scan, instead of testing every byte.
static inline uint64_t pipeq_match_mask64(const uint8_t *p, uint8_t a, uint8_t b) {
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b);
    uint64_t mask = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb));
        mask |= (uint64_t)(uint16_t)_mm_movemask_epi8(hit) << (16 * k);
    }
    return mask;
#else
    uint64_t mask = 0;
    for (int k = 0; k < 64; k++) mask |= (uint64_t)(p[k] == a || p[k] == b) << k;
    return mask;
#endif
}

/// How many leading bytes of the `n` at `p` are, in whole 64-byte blocks, ASCII and not NUL: the text
/// check skips those blocks and looks closer only at the first block with anything else in it.
static inline long pipeq_plain_ascii_blocks(const uint8_t *p, long n) {
    long i = 0;
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    while (i + 64 <= n) {
        __m128i a = _mm_loadu_si128((const __m128i *)(p + i)), b = _mm_loadu_si128((const __m128i *)(p + i + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(p + i + 32)), d = _mm_loadu_si128((const __m128i *)(p + i + 48));
        __m128i high = _mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d));
        __m128i least = _mm_min_epu8(_mm_min_epu8(a, b), _mm_min_epu8(c, d));
        if (_mm_movemask_epi8(_mm_or_si128(high, _mm_cmpeq_epi8(least, zero))) != 0) break;
        i += 64;
    }
#endif
    return i;
}

/// 10^e for 0 <= e <= 22, the powers a double holds exactly (a C table needs no lazy initialisation, unlike
/// a Swift `static let`, whose every read is a `swift_once` call).
static inline double pipeq_exact_power_of_ten(int e) {
    static const double powers[23] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    return powers[e];
}

/// glibc malloc: serve blocks up to `mmap_threshold` bytes from the heap (so freed ones are reused)
/// and keep up to `trim_threshold` free bytes at the heap's top instead of returning them to the kernel.
static inline void pipeq_tune_allocator(int mmap_threshold, int trim_threshold) {
#if defined(__linux__) && defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, mmap_threshold);
    mallopt(M_TRIM_THRESHOLD, trim_threshold);
#endif
}

#include <stddef.h>
/// CRC-32C (Castagnoli) over `n` bytes, continuing from `crc` (no inversion here: the caller starts from
/// 0xFFFFFFFF and inverts the result for the standard value). Hardware instructions where the CPU has them.
uint32_t pipeq_crc32c_extend(uint32_t crc, const void *data, size_t n);
/// The same with a byte table only, for tests of the hardware path.
uint32_t pipeq_crc32c_portable(uint32_t crc, const void *data, size_t n);
/// `crc` moved past `bytes` zero bytes: crc(A‖B) = shift(crc(A), |B|) ⊕ crc(B) for CRCs started from 0,
/// so CRCs of pieces computed in parallel join into the CRC of the whole.
uint32_t pipeq_crc32c_shift(uint32_t crc, uint64_t bytes);
#endif
