/*
 * Teddy (the packed multi-literal filter of Hyperscan and Rust's aho-corasick): per window
 * position, two pshufb lookups on the low and high nibble of each input byte give the buckets
 * that accept it (the tables absorb the case fold); AND-ing the four positions leaves, per
 * byte, the buckets whose 4-byte fingerprint starts there. The cost per block is fixed whatever
 * the number of needles. pshufb needs SSSE3, so a CPU with only x86-64's SSE2 baseline gets the
 * scalar kernel; SSSE3 and AVX2 are chosen at run time.
 */
#include "confirm.h"
#include "kernels.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CW_X86 1
#include <immintrin.h>

#define SSSE3_FN __attribute__((target("ssse3"), always_inline)) static inline
#define AVX2_FN __attribute__((target("avx2,popcnt,bmi"), always_inline)) static inline

typedef struct {
  __m128i lo[NS_WINDOW], hi[NS_WINDOW];
} ssse3_ctx;

SSSE3_FN void ssse3_init(ssse3_ctx *c, const ns_teddy *t) {
  for (int k = 0; k < NS_WINDOW; k++) {
    c->lo[k] = _mm_loadu_si128((const __m128i *)t->lo[k]);
    c->hi[k] = _mm_loadu_si128((const __m128i *)t->hi[k]);
  }
}

SSSE3_FN uint32_t ssse3_filter(const ssse3_ctx *c, const uint8_t *p, uint32_t *newlines,
                               uint8_t *buckets, uint32_t keep) {
  const __m128i nibble = _mm_set1_epi8(0x0F);
  __m128i acc = _mm_set1_epi8((char)keep);
  for (int k = 0; k < NS_WINDOW; k++) {
    __m128i x = _mm_loadu_si128((const __m128i *)(p + k));
    __m128i lo = _mm_shuffle_epi8(c->lo[k], _mm_and_si128(x, nibble));
    __m128i hi = _mm_shuffle_epi8(c->hi[k], _mm_and_si128(_mm_srli_epi16(x, 4), nibble));
    acc = _mm_and_si128(acc, _mm_and_si128(lo, hi));
  }
  __m128i raw = _mm_loadu_si128((const __m128i *)p);
  *newlines = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(raw, _mm_set1_epi8('\n')));
  uint32_t cand = ~(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(acc, _mm_setzero_si128())) & 0xFFFF;
  if (cand) _mm_storeu_si128((__m128i *)buckets, acc);
  return cand;
}

#define TEDDY_NAME scan_ssse3
#define TEDDY_MASK mask_ssse3
#define TEDDY_BODY body_ssse3
#define TEDDY_WIDTH 16
#define TEDDY_TARGET __attribute__((target("ssse3")))
#define TEDDY_CTX ssse3_ctx
#define TEDDY_INIT ssse3_init
#define TEDDY_FILTER ssse3_filter
#include "scan_teddy.h"
#undef TEDDY_NAME
#undef TEDDY_MASK
#undef TEDDY_BODY
#undef TEDDY_BLOCK
#undef TEDDY_WIDTH
#undef TEDDY_TARGET
#undef TEDDY_CTX
#undef TEDDY_INIT
#undef TEDDY_FILTER

typedef struct {
  __m256i lo[NS_WINDOW], hi[NS_WINDOW];
} avx2_ctx;

/* vpshufb looks up within each 128-bit lane, so both lanes get the same 16-entry table. */
AVX2_FN void avx2_init(avx2_ctx *c, const ns_teddy *t) {
  for (int k = 0; k < NS_WINDOW; k++) {
    c->lo[k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t->lo[k]));
    c->hi[k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t->hi[k]));
  }
}

AVX2_FN uint32_t avx2_filter(const avx2_ctx *c, const uint8_t *p, uint32_t *newlines,
                             uint8_t *buckets, uint32_t keep) {
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  __m256i acc = _mm256_set1_epi8((char)keep);
  for (int k = 0; k < NS_WINDOW; k++) {
    __m256i x = _mm256_loadu_si256((const __m256i *)(p + k));
    __m256i lo = _mm256_shuffle_epi8(c->lo[k], _mm256_and_si256(x, nibble));
    __m256i hi =
        _mm256_shuffle_epi8(c->hi[k], _mm256_and_si256(_mm256_srli_epi16(x, 4), nibble));
    acc = _mm256_and_si256(acc, _mm256_and_si256(lo, hi));
  }
  __m256i raw = _mm256_loadu_si256((const __m256i *)p);
  *newlines = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(raw, _mm256_set1_epi8('\n')));
  uint32_t cand = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(acc, _mm256_setzero_si256()));
  if (cand) _mm256_storeu_si256((__m256i *)buckets, acc);
  return cand;
}

#define TEDDY_NAME scan_avx2
#define TEDDY_MASK mask_avx2
#define TEDDY_BODY body_avx2
#define TEDDY_WIDTH 32
#define TEDDY_TARGET __attribute__((target("avx2,popcnt,bmi")))
#define TEDDY_CTX avx2_ctx
#define TEDDY_INIT avx2_init
#define TEDDY_FILTER avx2_filter
#include "scan_teddy.h"
#endif

ns_kernel_fn ns_pick_kernel(int ceiling, const char **name) {
#ifdef CW_X86
  __builtin_cpu_init();
  if (ceiling >= NS_KERNEL_AVX2 && __builtin_cpu_supports("avx2") &&
      __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("bmi")) {
    *name = "avx2";
    return scan_avx2;
  }
  if (ceiling >= NS_KERNEL_SSSE3 && __builtin_cpu_supports("ssse3")) {
    *name = "ssse3";
    return scan_ssse3;
  }
#else
  (void)ceiling;
#endif
  *name = "scalar";
  return ns_scan_scalar;
}
