/*
 * The portable kernel, for CPUs without SSSE3 and for other architectures: memchr (vectorised
 * by every libc) finds each line, then a table of folded byte pairs picks candidate windows.
 */
#include "confirm.h"
#include "kernels.h"

static int line_hits(const ns_set *set, const uint8_t *buf, size_t start, size_t end) {
  const uint8_t *pairs = set->report.pairs;
  /* Windows begin with two real pattern bytes, so none starts on the line's last byte. */
  for (size_t q = start; q + 1 < end; q++) {
    uint32_t buckets = pairs[(buf[q] | NS_FOLD) | (buf[q + 1] | NS_FOLD) << 8];
    if (buckets && ns_confirm(set, buf, start, end, q, buckets)) return 1;
  }
  return 0;
}

static uint64_t line_mask(const ns_set *set, const uint8_t *buf, size_t start, size_t end) {
  const uint8_t *pairs = set->all.pairs;
  uint64_t found = 0;
  uint32_t pending = set->all.live;
  for (size_t q = start; pending && q + 1 < end; q++) {
    uint32_t buckets = pairs[(buf[q] | NS_FOLD) | (buf[q + 1] | NS_FOLD) << 8] & pending;
    if (buckets && ns_collect(set, buf, start, end, q, &found)) pending = ns_pending(set, found);
  }
  return found;
}

size_t ns_scan_scalar(const ns_set *set, const uint8_t *buf, size_t buflen, size_t from, size_t to,
                      uint32_t *out, size_t cap, ns_progress *progress) {
  (void)buflen;
  size_t pos = from, n = 0;
  uint32_t nl = 0;
  while (pos < to) {
    const uint8_t *newline = memchr(buf + pos, '\n', to - pos);
    size_t end = newline ? (size_t)(newline - buf) : to;
    if (line_hits(set, buf, pos, end) || (set->irregular && ns_irregular(buf, pos, end))) {
      uint64_t mask = set->masks ? line_mask(set, buf, pos, end) : 0;
      ns_record(set, out, n++, pos, end, nl, mask);
    }
    if (!newline) {
      pos = to;
      break;
    }
    pos = end + 1;
    nl++;
    if (n == cap) break;
  }
  progress->resume = pos;
  progress->newlines = nl;
  return n;
}
