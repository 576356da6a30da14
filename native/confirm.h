/*
 * The exact checks behind the filters, inlined into every kernel: confirming a fingerprint hit
 * (does the line report?), collecting a reported line's needles (its mask), and the shape test
 * for irregular lines.
 */
#ifndef CW_CONFIRM_H
#define CW_CONFIRM_H

#include "needle_set.h"

CW_INLINE int ns_folded_eq(const uint8_t *in, const uint8_t *folded, size_t n) {
  /* Overlapping head and tail loads cover any n >= 2 without a byte loop. */
  if (n >= 8) {
    const uint64_t f = 0x2020202020202020ull;
    for (size_t i = 0; i + 8 < n; i += 8)
      if ((cw_load64(in + i) | f) != cw_load64(folded + i)) return 0;
    return (cw_load64(in + n - 8) | f) == cw_load64(folded + n - 8);
  }
  if (n >= 4)
    return (cw_load32(in) | 0x20202020u) == cw_load32(folded) &&
           (cw_load32(in + n - 4) | 0x20202020u) == cw_load32(folded + n - 4);
  return (uint16_t)(cw_load16(in) | 0x2020u) == cw_load16(folded) &&
         (uint16_t)(cw_load16(in + n - 2) | 0x2020u) == cw_load16(folded + n - 2);
}

CW_INLINE int ns_hex(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= NS_FOLD;
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* `at` points at a backslash with 6 bytes available. */
CW_INLINE int ns_escape_marks(const ns_set *set, const uint8_t *at) {
  if (at[0] != '\\' || at[1] != 'u') return 0;
  int32_t cp = 0;
  for (int i = 2; i < 6; i++) {
    int h = ns_hex(at[i]);
    if (h < 0) return 0;
    cp = cp << 4 | h;
  }
  if (cp < 128) return set->escaped[cp | NS_FOLD];
  return (cp == 0x212A && set->kelvin) || (cp == 0x130 && set->dotted_i);
}

/*
 * Whether some reporting pattern of the given buckets occurs with its window at p, entirely
 * inside [line_start, limit). The caller does not know yet where the line ends, so a hit that
 * crosses a '\n' after p must be ruled out here: the folded compare does it ('\n' folds to
 * '*'), except for needles holding a '*', which look for a '\n'.
 */
CW_INLINE int ns_confirm(const ns_set *set, const uint8_t *buf, size_t line_start, size_t limit,
                         size_t p, uint32_t buckets) {
  const ns_teddy *t = &set->report;
  while (buckets) {
    unsigned b = cw_ctz32(buckets);
    buckets &= buckets - 1;
    for (uint32_t i = t->bucket_start[b]; i < t->bucket_start[b + 1]; i++) {
      const ns_pattern *pt = &t->patterns[i];
      if (p - line_start < pt->d) continue;
      size_t start = p - pt->d;
      if (pt->len > limit - start) continue;
      const uint8_t *at = buf + start;
      switch (pt->kind) {
        case NS_NEEDLE:
          if (ns_folded_eq(at, set->text + pt->text, pt->len) &&
              !(pt->star && memchr(at, '\n', pt->len)))
            return 1;
          break;
        case NS_ESCAPE:
          if (ns_escape_marks(set, at)) return 1;
          break;
        default:
          if (memcmp(at, set->text + pt->text, pt->len) == 0) return 1;
      }
    }
  }
  return 0;
}

/*
 * Adds to *found the needles that occur with their window at p, inside the line
 * [line_start, line_end) (which holds no '\n', so no star check). Returns whether it found one.
 */
CW_INLINE int ns_collect(const ns_set *set, const uint8_t *buf, size_t line_start,
                         size_t line_end, size_t p, uint64_t *found) {
  /* Every window holds 2 bytes or more: this also keeps the pair read inside the line. */
  if (line_end - p < 2) return 0;
  uint64_t maybe = set->by_pair[ns_pair_slot(buf[p] | NS_FOLD, buf[p + 1] | NS_FOLD)] & ~*found;
  int any = 0;
  while (maybe) {
    unsigned i = cw_ctz64(maybe);
    maybe &= maybe - 1;
    const ns_pattern *pt = &set->masked[i];
    if (p - line_start < pt->d) continue;
    size_t start = p - pt->d;
    if (pt->len > line_end - start) continue;
    if (ns_folded_eq(buf + start, set->text + pt->text, pt->len)) *found |= 1ull << i, any = 1;
  }
  return any;
}

/* The buckets of set->all holding a needle not in `found`. */
CW_INLINE uint32_t ns_pending(const ns_set *set, uint64_t found) {
  uint32_t pending = 0;
  for (int b = 0; b < NS_BUCKETS; b++)
    if (set->all.bucket_needles[b] & ~found) pending |= 1u << b;
  return pending;
}

/* A line that is not empty and not `{...}` (one trailing '\r' aside): a truncated or garbage
 * line the parser must see, to report it, even when no needle picks it. */
CW_INLINE int ns_irregular(const uint8_t *buf, size_t start, size_t end) {
  if (end > start && buf[end - 1] == '\r') end--;
  return end > start && (buf[start] != '{' || buf[end - 1] != '}');
}

/* Writes record n; `mask` is ignored without masks. */
CW_INLINE void ns_record(const ns_set *set, uint32_t *out, size_t n, size_t start, size_t end,
                         uint32_t newlines_before, uint64_t mask) {
  uint32_t *r = out + n * ns_stride(set);
  r[0] = (uint32_t)start;
  r[1] = (uint32_t)end;
  r[2] = newlines_before;
  if (set->masks) {
    r[3] = (uint32_t)mask;
    r[4] = (uint32_t)(mask >> 32);
  }
}

#endif
