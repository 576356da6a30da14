/*
 * The Teddy kernel's driver, instantiated once per instruction set by scan_x86.c (so each copy
 * is compiled for its target). The includer defines:
 *   TEDDY_NAME    the kernel's name
 *   TEDDY_MASK    the name of its per-line mask pass
 *   TEDDY_BODY    the name of the scan loop both variants of the kernel are made of
 *   TEDDY_WIDTH   input bytes per block (16 or 32)
 *   TEDDY_TARGET  the function attribute selecting the instruction set
 *   TEDDY_CTX     a struct type holding the lookup tables in registers
 *   TEDDY_INIT(ctx, teddy)
 *   TEDDY_FILTER(ctx, block, &newline_mask, buckets, keep)  -> candidate mask; reads
 *                 TEDDY_WIDTH + 3 bytes; bit q of a mask is block[q]; only buckets in `keep`
 *                 count; when candidates exist it stores each position's bucket bits in buckets[]
 *
 * One pass finds lines and candidates together: the newline mask of each block keeps the
 * current line's start and the newline count, and a confirmed hit jumps to the end of its line,
 * since a line is reported once however many needles it holds. Its mask, when wanted, comes
 * from a second pass over just that line with the filter of every needle.
 */

#ifndef PREFETCH_AHEAD
#define PREFETCH_AHEAD 2048
#endif

/* The block at pos, or a zero-padded copy in `tail` when the filter's reads would run past the
 * buffer; the padding can only meet wildcard window positions, and every hit is confirmed in
 * buf. */
#define TEDDY_BLOCK(buf, buflen, pos, tail)                                       \
  ((buflen) - (pos) < sizeof(tail)                                                \
       ? (memset(tail, 0, sizeof(tail)), memcpy(tail, (buf) + (pos), (buflen) - (pos)), \
          (const uint8_t *)(tail))                                                \
       : (buf) + (pos))

/*
 * Every needle inside the line [start, end), as mask bits. Kept out of line: inlined, its own
 * tables crowd the scan loop's out of registers, and it runs only for reported lines.
 */
TEDDY_TARGET __attribute__((noinline)) static uint64_t TEDDY_MASK(const ns_set *set,
                                                                  const uint8_t *buf,
                                                                  size_t buflen, size_t start,
                                                                  size_t end) {
  uint64_t found = 0;
  /* Buckets that still hold a needle not found: the filter ignores the others, so once the
   * frequent needles of a bucket have shown up, their further occurrences cost nothing. */
  uint32_t pending = set->all.live;
  if (!pending) return 0;
  TEDDY_CTX ctx;
  TEDDY_INIT(&ctx, &set->all);
  uint8_t tail[TEDDY_WIDTH + NS_WINDOW - 1];
  uint8_t buckets[TEDDY_WIDTH];
  for (size_t pos = start; pos < end && pending; pos += TEDDY_WIDTH) {
    const uint8_t *block = TEDDY_BLOCK(buf, buflen, pos, tail);
    uint32_t newlines;
    uint32_t cand = TEDDY_FILTER(&ctx, block, &newlines, buckets, pending);
    if (end - pos < TEDDY_WIDTH) cand &= (1u << (end - pos)) - 1;
    int more = 0;
    while (cand) {
      unsigned q = cw_ctz32(cand);
      cand &= cand - 1;
      more |= ns_collect(set, buf, start, end, pos + q, &found);
    }
    if (more) pending = ns_pending(set, found);
  }
  return found;
}

/* `irregular` is a constant in each instantiation, so the plain kernel keeps its tight loop. */
TEDDY_TARGET static inline __attribute__((always_inline)) size_t TEDDY_BODY(
    const ns_set *set, const uint8_t *buf, size_t buflen, size_t from, size_t to, uint32_t *out,
    size_t cap, ns_progress *progress, const int irregular) {
  TEDDY_CTX ctx;
  TEDDY_INIT(&ctx, &set->report);
  uint8_t tail[TEDDY_WIDTH + NS_WINDOW - 1];
  uint8_t buckets[TEDDY_WIDTH];
  size_t pos = from, line_start = from, n = 0;
  uint32_t nl = 0; /* '\n' bytes in [from, pos), all of them before line_start */
  int full = 0;

  while (pos < to) {
    /* The hardware prefetcher alone leaves this loop waiting on memory once the input is
     * larger than the caches (4.4 -> 6.5 GB/s over 200 MB, measured). A prefetch past the end
     * of the buffer is harmless: it never faults. */
    __builtin_prefetch((const void *)((uintptr_t)(buf + pos) + PREFETCH_AHEAD));
    const uint8_t *block = TEDDY_BLOCK(buf, buflen, pos, tail);
    uint32_t newlines;
    uint32_t cand = TEDDY_FILTER(&ctx, block, &newlines, buckets, 0xFF);
    if (to - pos < TEDDY_WIDTH) {
      uint32_t inside = (1u << (to - pos)) - 1;
      cand &= inside;
      newlines &= inside;
    }
    /* Irregular lines are only known at their end, so each line end must be taken in order
     * with the candidates: a report for a later line must not come first. */
    uint32_t ends = irregular ? newlines : 0;
    if (!(cand | ends)) {
      if (newlines) {
        nl += cw_popcount32(newlines);
        line_start = pos + cw_high32(newlines) + 1;
      }
      pos += TEDDY_WIDTH;
      continue;
    }

    int jumped = 0;
    while (cand | ends) {
      if (ends && (!cand || cw_ctz32(ends) < cw_ctz32(cand))) {
        uint32_t bit = ends & (0u - ends);
        ends ^= bit;
        newlines ^= bit;
        size_t end = pos + cw_ctz32(bit);
        if (ns_irregular(buf, line_start, end)) {
          uint64_t mask = set->masks ? TEDDY_MASK(set, buf, buflen, line_start, end) : 0;
          ns_record(set, out, n++, line_start, end, nl, mask);
        }
        nl++;
        line_start = end + 1;
        if (n == cap) {
          pos = line_start;
          full = 1;
          break;
        }
        continue;
      }
      unsigned q = cw_ctz32(cand);
      cand &= cand - 1;
      uint32_t before = newlines & ((1u << q) - 1);
      size_t start = before ? pos + cw_high32(before) + 1 : line_start;
      if (!ns_confirm(set, buf, start, to, pos + q, buckets[q])) continue;
      uint32_t nl_start = nl + (before ? cw_popcount32(before) : 0);
      const uint8_t *newline = memchr(buf + pos + q, '\n', to - pos - q);
      size_t end = newline ? (size_t)(newline - buf) : to;
      uint64_t mask = set->masks ? TEDDY_MASK(set, buf, buflen, start, end) : 0;
      ns_record(set, out, n++, start, end, nl_start, mask);
      nl = nl_start + (newline != NULL);
      pos = line_start = newline ? end + 1 : to;
      jumped = 1;
      full = n == cap;
      break;
    }
    if (full) break;
    if (jumped) continue;
    if (newlines) {
      nl += cw_popcount32(newlines);
      line_start = pos + cw_high32(newlines) + 1;
    }
    pos += TEDDY_WIDTH;
  }
  /* The last line has no '\n' to be tested at. */
  if (irregular && !full && ns_irregular(buf, line_start, to)) {
    uint64_t mask = set->masks ? TEDDY_MASK(set, buf, buflen, line_start, to) : 0;
    ns_record(set, out, n++, line_start, to, nl, mask);
  }
  progress->resume = full ? pos : to;
  progress->newlines = nl;
  return n;
}

TEDDY_TARGET size_t TEDDY_NAME(const ns_set *set, const uint8_t *buf, size_t buflen, size_t from,
                               size_t to, uint32_t *out, size_t cap, ns_progress *progress) {
  if (set->irregular) return TEDDY_BODY(set, buf, buflen, from, to, out, cap, progress, 1);
  return TEDDY_BODY(set, buf, buflen, from, to, out, cap, progress, 0);
}
