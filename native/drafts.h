/*
 * Drafting the patterns of a needle set: each literal or escape the scan looks for, with the
 * fingerprint of its window. needle_set.c groups the drafts into buckets and lays them out.
 */
#ifndef CW_DRAFTS_H
#define CW_DRAFTS_H

#include "fingerprint.h"

typedef struct {
  ns_pattern pattern;
  ns_print print;
  /* The folded bytes at window positions 0 and 1, for the scalar kernel's pair table: every
   * window starts with two literal bytes, needles being at least 2 bytes long. */
  uint8_t first[2];
} ns_draft;

/* Folds each needle into `text` (one after the other) and drafts it with the window the model
 * finds rarest. Returns the bytes of `text` used. */
uint32_t ns_draft_needles(const ns_model *model, const ns_text *needles, size_t n, uint8_t *text,
                          ns_draft *out);

/* Two ways to fingerprint \u escapes of ASCII code points; see drafts.c. */
enum ns_escape_windows { NS_ESCAPES_BY_ROW, NS_ESCAPES_BY_HIGH_DIGIT };

/* At most this many mark drafts: 4 rows of escapes, 1 for the other escapes, and KELVIN SIGN
 * and CAPITAL I WITH DOT, each escaped and raw. */
#define NS_MAX_MARK_DRAFTS 9

/* The drafts of what marks a line: \u escapes of the folded code points `escaped` flags, and
 * (when asked) KELVIN SIGN and CAPITAL I WITH DOT, raw or escaped, whose UTF-8 goes to text[at]
 * on. Returns how many it wrote to `out`. */
size_t ns_draft_marks(const uint8_t *escaped, int kelvin, int dotted_i,
                      enum ns_escape_windows windows, uint8_t *text, uint32_t at, ns_draft *out);

/* Room ns_draft_marks needs in `text`. */
#define NS_MARK_TEXT 5

#endif
