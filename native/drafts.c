#include "drafts.h"

static void print_byte(ns_print *p, int k, uint8_t folded) {
  p->lo[k] |= (uint16_t)(1u << (folded & 15));
  p->hi[k] |= (uint16_t)(1u << (folded >> 4));
}

/* Window position k accepts no byte yet: print_byte adds them. */
static void print_none(ns_print *p, int k) {
  p->lo[k] = p->hi[k] = 0;
}

/* Prints `bytes` (len <= NS_WINDOW) from window position 0; wildcards after it. */
static void print_literal(ns_draft *d, const uint8_t *bytes, size_t len) {
  ns_print_literal(&d->print, bytes, len);
  d->first[0] = bytes[0] | NS_FOLD;
  d->first[1] = bytes[1] | NS_FOLD;
}

uint32_t ns_draft_needles(const ns_model *model, const ns_text *needles, size_t n, uint8_t *text,
                          ns_draft *out) {
  uint32_t used = 0;
  for (size_t i = 0; i < n; i++) {
    uint8_t *folded = text + used;
    for (size_t j = 0; j < needles[i].len; j++) folded[j] = needles[i].bytes[j] | NS_FOLD;
    ns_pattern *pt = &out[i].pattern;
    memset(pt, 0, sizeof *pt);
    pt->kind = NS_NEEDLE;
    pt->len = (uint32_t)needles[i].len;
    pt->text = used;
    pt->needle = (uint32_t)i;
    pt->star = memchr(folded, '*', pt->len) != NULL;
    pt->d = (uint32_t)ns_pick_window(model, folded, pt->len);
    size_t rest = pt->len - pt->d;
    print_literal(&out[i], folded + pt->d, rest < NS_WINDOW ? rest : NS_WINDOW);
    used += pt->len;
  }
  return used;
}

/* An escape pattern whose window starts `offset` bytes after the backslash with the `len`
 * bytes of `window`; the confirm step checks the whole escape whatever the window. */
static void escape_draft(ns_draft *d, const char *window, size_t len, uint32_t offset) {
  memset(&d->pattern, 0, sizeof d->pattern);
  d->pattern.kind = NS_ESCAPE;
  d->pattern.len = 6;
  d->pattern.d = offset;
  print_literal(d, (const uint8_t *)window, len);
}

static const char HEX[] = "0123456789abcdef";

/* One draft with the window "u00" + high hex digit for every marked code point, but those of
 * rows 0x20 and 0x30 when `skip_rows` (row_drafts has them); returns 0 when there are none. */
static size_t high_digit_draft(ns_draft *d, const uint8_t *escaped, int skip_rows) {
  int any = 0;
  for (unsigned cp = 0; cp < 0x80; cp++) {
    if ((skip_rows && (cp >> 4 == 2 || cp >> 4 == 3)) || !escaped[cp | NS_FOLD]) continue;
    if (!any) {
      escape_draft(d, "u00", 3, 1);
      print_none(&d->print, 3);
      any = 1;
    }
    print_byte(&d->print, 3, (uint8_t)HEX[cp >> 4]);
  }
  return any;
}

/*
 * Rows 0x20 and 0x30 hold the escapes JSON encoders write all the time (Go's \u0026, \u003c,
 * \u003e in every query string), so NS_ESCAPES_BY_ROW gives them windows that skip the 'u' to
 * take in the low digit, "00" + high + low: marking '-' (\u002d) then no longer lets every
 * \u0026 through the filter (12% of the scan time on Metadata-level logs). The tables accept
 * nibbles, not bytes, so low digits 0-9 and a-f take separate drafts (else '0' and 'f' would
 * accept '6'), as do the two rows. The other rows keep "u00" + high digit, which keeps digit
 * runs such as ".000000Z" out.
 */
static size_t row_drafts(ns_draft *d, const uint8_t *escaped) {
  size_t n = 0;
  for (unsigned draft = 0; draft < 4; draft++) {
    unsigned hi = 2 + draft / 2, first = draft % 2 ? 10 : 0, last = draft % 2 ? 16 : 10;
    int any = 0;
    for (unsigned lo = first; lo < last; lo++) {
      if (!escaped[(hi << 4 | lo) | NS_FOLD]) continue;
      if (!any) {
        escape_draft(&d[n], "00", 2, 2);
        print_none(&d[n].print, 2);
        print_none(&d[n].print, 3);
        any = 1;
      }
      print_byte(&d[n].print, 2, (uint8_t)HEX[hi]);
      print_byte(&d[n].print, 3, (uint8_t)HEX[lo]);
    }
    n += any;
  }
  return n + high_digit_draft(&d[n], escaped, 1);
}

static void raw_draft(ns_draft *d, const uint8_t *bytes, size_t len, uint32_t text) {
  memset(&d->pattern, 0, sizeof d->pattern);
  d->pattern.kind = NS_RAW;
  d->pattern.len = (uint32_t)len;
  d->pattern.text = text;
  print_literal(d, bytes, len);
}

static const uint8_t KELVIN_UTF8[] = {0xE2, 0x84, 0xAA};
static const uint8_t DOTTED_I_UTF8[] = {0xC4, 0xB0};
_Static_assert(sizeof KELVIN_UTF8 + sizeof DOTTED_I_UTF8 == NS_MARK_TEXT, "mark text");

size_t ns_draft_marks(const uint8_t *escaped, int kelvin, int dotted_i,
                      enum ns_escape_windows windows, uint8_t *text, uint32_t at, ns_draft *out) {
  size_t n = windows == NS_ESCAPES_BY_ROW ? row_drafts(out, escaped)
                                          : high_digit_draft(out, escaped, 0);
  if (kelvin) {
    escape_draft(&out[n++], "u212", 4, 1);
    memcpy(text + at, KELVIN_UTF8, sizeof KELVIN_UTF8);
    raw_draft(&out[n++], KELVIN_UTF8, sizeof KELVIN_UTF8, at);
    at += sizeof KELVIN_UTF8;
  }
  if (dotted_i) {
    escape_draft(&out[n++], "u013", 4, 1);
    memcpy(text + at, DOTTED_I_UTF8, sizeof DOTTED_I_UTF8);
    raw_draft(&out[n++], DOTTED_I_UTF8, sizeof DOTTED_I_UTF8, at);
  }
  return n;
}
