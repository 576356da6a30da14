/* Bit tricks and unaligned loads shared by the compile step and every scan kernel. */
#ifndef CW_BITS_H
#define CW_BITS_H

#include <stdint.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define CW_INLINE static inline __attribute__((always_inline))
static inline unsigned cw_ctz32(uint32_t x) { return (unsigned)__builtin_ctz(x); }
static inline unsigned cw_high32(uint32_t x) { return 31u - (unsigned)__builtin_clz(x); }
static inline unsigned cw_popcount32(uint32_t x) { return (unsigned)__builtin_popcount(x); }
static inline unsigned cw_ctz64(uint64_t x) { return (unsigned)__builtin_ctzll(x); }
#else
/* Other compilers only build the scalar kernel, where these run once per candidate. */
#define CW_INLINE static inline
static inline unsigned cw_ctz32(uint32_t x) {
  unsigned n = 0;
  while (!(x & 1u)) x >>= 1, n++;
  return n;
}
static inline unsigned cw_high32(uint32_t x) {
  unsigned n = 0;
  while (x >>= 1) n++;
  return n;
}
static inline unsigned cw_popcount32(uint32_t x) {
  unsigned n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
static inline unsigned cw_ctz64(uint64_t x) {
  unsigned n = 0;
  while (!(x & 1u)) x >>= 1, n++;
  return n;
}
#endif

/* memcpy is how C spells an unaligned load without undefined behaviour; compilers emit one mov. */
static inline uint64_t cw_load64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}
static inline uint32_t cw_load32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
static inline uint16_t cw_load16(const uint8_t *p) {
  uint16_t v;
  memcpy(&v, p, 2);
  return v;
}

#endif
