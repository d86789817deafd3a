// CRC-32C (Castagnoli), the checksum of snapshot files: with the SSE4.2 `crc32` instruction where the CPU has
// it (checked once at run time, so the binary still runs on any x86-64), the ARMv8 CRC instructions where the
// compiler may use them, else a byte table. All arithmetic is in the reflected bit order of the instruction:
// bit 31 holds the coefficient of x^0, and the polynomial is 0x82F63B78.
#include "cplatform.h"
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define POLY 0x82F63B78u

/// a(x)·b(x) mod P, by shift-and-add over the bits of a (x^0 first).
static uint32_t multiply(uint32_t a, uint32_t b) {
    uint32_t product = 0;
    for (uint32_t bit = 1u << 31; bit != 0; bit >>= 1) {
        if (a & bit) product ^= b;
        b = (b & 1) ? (b >> 1) ^ POLY : b >> 1;  // b·x
    }
    return product;
}

/// x^(8·n) mod P: the factor that moves a CRC past n zero bytes. Squares x^(2^k) as it goes, so any n costs
/// at most 64 squarings and 64 products (microseconds; called once per super-block, not per byte).
static uint32_t power_of_x_for_bytes(uint64_t n) {
    uint32_t result = 1u << 31;            // x^0
    uint32_t square = 1u << (31 - 8);      // x^8: one byte
    while (n != 0) {
        if (n & 1) result = multiply(result, square);
        square = multiply(square, square);
        n >>= 1;
    }
    return result;
}

uint32_t pipeq_crc32c_shift(uint32_t crc, uint64_t bytes) {
    return multiply(crc, power_of_x_for_bytes(bytes));
}

// --- portable: one table lookup a byte ---------------------------------------------------------------------

static uint32_t byte_table[256];
static pthread_once_t byte_table_once = PTHREAD_ONCE_INIT;

static void build_byte_table(void) {
    for (uint32_t v = 0; v < 256; v++) {
        uint32_t c = v;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ POLY : c >> 1;
        byte_table[v] = c;
    }
}

uint32_t pipeq_crc32c_portable(uint32_t crc, const void *data, size_t n) {
    pthread_once(&byte_table_once, build_byte_table);
    const unsigned char *p = (const unsigned char *)data;
    for (size_t i = 0; i < n; i++) crc = byte_table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return crc;
}

// --- hardware: three streams at once -----------------------------------------------------------------------
// The instruction takes 3 cycles but can start every cycle, so one chain of it runs at a third of the
// possible speed. Each round runs three independent CRCs over three adjacent stripes and joins them
// (crc(A‖B) = crc(A)·x^(8|B|) ⊕ crc(B)); the two joins cost about 2% of a round at this stripe size.
#define STRIPE 32768

#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>

__attribute__((target("sse4.2")))
static uint32_t crc32c_sse42(uint32_t crc, const unsigned char *p, size_t n, uint32_t factor) {
    while (n >= 3 * STRIPE) {
        uint64_t a = crc, b = 0, c = 0;
        for (size_t i = 0; i < STRIPE; i += 8) {
            uint64_t wa, wb, wc;
            memcpy(&wa, p + i, 8);
            memcpy(&wb, p + STRIPE + i, 8);
            memcpy(&wc, p + 2 * STRIPE + i, 8);
            a = _mm_crc32_u64(a, wa);
            b = _mm_crc32_u64(b, wb);
            c = _mm_crc32_u64(c, wc);
        }
        crc = multiply(multiply((uint32_t)a, factor) ^ (uint32_t)b, factor) ^ (uint32_t)c;
        p += 3 * STRIPE;
        n -= 3 * STRIPE;
    }
    uint64_t wide = crc;
    for (; n >= 8; n -= 8, p += 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        wide = _mm_crc32_u64(wide, w);
    }
    crc = (uint32_t)wide;
    for (; n > 0; n--, p++) crc = _mm_crc32_u8(crc, *p);
    return crc;
}

static int cpu_has_crc(void) {
    unsigned int eax, ebx, ecx, edx;
    return __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_SSE4_2) != 0;
}
#define HARDWARE crc32c_sse42
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>

static uint32_t crc32c_arm(uint32_t crc, const unsigned char *p, size_t n, uint32_t factor) {
    while (n >= 3 * STRIPE) {
        uint32_t a = crc, b = 0, c = 0;
        for (size_t i = 0; i < STRIPE; i += 8) {
            uint64_t wa, wb, wc;
            memcpy(&wa, p + i, 8);
            memcpy(&wb, p + STRIPE + i, 8);
            memcpy(&wc, p + 2 * STRIPE + i, 8);
            a = __crc32cd(a, wa);
            b = __crc32cd(b, wb);
            c = __crc32cd(c, wc);
        }
        crc = multiply(multiply(a, factor) ^ b, factor) ^ c;
        p += 3 * STRIPE;
        n -= 3 * STRIPE;
    }
    for (; n >= 8; n -= 8, p += 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        crc = __crc32cd(crc, w);
    }
    for (; n > 0; n--, p++) crc = __crc32cb(crc, *p);
    return crc;
}

static int cpu_has_crc(void) { return 1; }
#define HARDWARE crc32c_arm
#endif

static int use_hardware;
static uint32_t stripe_factor;
static pthread_once_t setup_once = PTHREAD_ONCE_INIT;

static void setup(void) {
#if defined(HARDWARE)
    use_hardware = cpu_has_crc();
#endif
    stripe_factor = power_of_x_for_bytes(STRIPE);
}

uint32_t pipeq_crc32c_extend(uint32_t crc, const void *data, size_t n) {
    pthread_once(&setup_once, setup);
#if defined(HARDWARE)
    if (use_hardware) return HARDWARE(crc, (const unsigned char *)data, n, stripe_factor);
#endif
    return pipeq_crc32c_portable(crc, data, n);
}
