#include "needle_set.h"

#include <stdlib.h>

#include "drafts.h"

/* Fills a Teddy filter with the drafts, in the given buckets, and its pair table when asked;
 * with `confirms`, lays out the patterns by bucket for ns_confirm. 0 when memory runs out. */
static int lay_out(ns_teddy *t, const ns_draft *drafts, size_t n, const uint8_t *bucket_of,
                   int want_pairs, int confirms) {
  if (confirms && !(t->patterns = malloc((n ? n : 1) * sizeof *t->patterns))) return 0;
  if (want_pairs && !(t->pairs = calloc(65536, 1))) return 0;
  uint32_t count[NS_BUCKETS] = {0};
  for (size_t i = 0; i < n; i++) count[bucket_of[i]]++;
  for (int b = 0; b < NS_BUCKETS; b++) t->bucket_start[b + 1] = t->bucket_start[b] + count[b];
  uint32_t fill[NS_BUCKETS];
  memcpy(fill, t->bucket_start, sizeof fill);
  for (size_t i = 0; i < n; i++) {
    unsigned b = bucket_of[i];
    const ns_pattern *pt = &drafts[i].pattern;
    if (t->patterns) t->patterns[fill[b]++] = *pt;
    t->live |= 1u << b;
    if (pt->kind == NS_NEEDLE && pt->needle < NS_MAX_MASKED)
      t->bucket_needles[b] |= 1ull << pt->needle;
    for (int k = 0; k < NS_WINDOW; k++)
      for (int nib = 0; nib < 16; nib++) {
        if (drafts[i].print.lo[k] >> nib & 1) t->lo[k][nib] |= (uint8_t)(1u << b);
        if (drafts[i].print.hi[k] >> nib & 1) t->hi[k][nib] |= (uint8_t)(1u << b);
      }
    if (t->pairs) t->pairs[drafts[i].first[0] | drafts[i].first[1] << 8] |= (uint8_t)(1u << b);
  }
  t->npatterns = (uint32_t)n;
  /* Folding sets bit 1 of the high nibble and leaves the low one alone, so giving each high
   * nibble the entry of its folded twin lets the SIMD kernels look up unfolded bytes. */
  for (int k = 0; k < NS_WINDOW; k++)
    for (int nib = 0; nib < 16; nib++) t->hi[k][nib] = t->hi[k][nib | 2];
  return 1;
}

/* Buckets for the drafts, and the confirm work the model expects of them; < 0 when memory runs
 * out. */
static double assign(const ns_model *model, const ns_draft *drafts, size_t n,
                     uint8_t *bucket_of) {
  ns_print *prints = malloc((n ? n : 1) * sizeof *prints);
  if (!prints) return -1;
  for (size_t i = 0; i < n; i++) prints[i] = drafts[i].print;
  double cost;
  int ok = ns_pick_buckets(model, prints, n, bucket_of, &cost);
  free(prints);
  return ok ? cost : -1;
}

/* The reporting needles, then the marks drafted with the given escape windows; the count. */
static size_t report_drafts(const ns_set *set, const ns_spec *spec, const ns_draft *needles,
                            enum ns_escape_windows windows, uint8_t *text, uint32_t at,
                            ns_draft *out) {
  size_t n = 0;
  for (size_t i = 0; i < spec->nneedles; i++)
    if (spec->report[i]) out[n++] = needles[i];
  return n + ns_draft_marks(set->escaped, set->kelvin, set->dotted_i, windows, text, at, out + n);
}

/*
 * The report filter. Which escape windows serve best depends on how they share buckets with
 * the needles (the bucket tables accept any mix of their members' bytes), so both are bucketed
 * and the model's cheaper one is kept: the row windows are 10-20% faster on most sets, and lose
 * to the one "u00" window only when many rows are marked at once, e.g. space and every digit.
 */
static int report_filter(ns_set *set, const ns_model *model, const ns_spec *spec,
                         const ns_draft *needles, uint32_t at, int want_pairs) {
  size_t room = spec->nneedles + NS_MAX_MARK_DRAFTS;
  ns_draft *drafts[2] = {calloc(room, sizeof(ns_draft)), calloc(room, sizeof(ns_draft))};
  uint8_t *bucket_of[2] = {malloc(room), malloc(room)};
  size_t n[2];
  double cost[2] = {-1, -1};
  const enum ns_escape_windows windows[2] = {NS_ESCAPES_BY_ROW, NS_ESCAPES_BY_HIGH_DIGIT};
  if (drafts[0] && drafts[1] && bucket_of[0] && bucket_of[1])
    for (int w = 0; w < 2; w++) {
      n[w] = report_drafts(set, spec, needles, windows[w], set->text, at, drafts[w]);
      cost[w] = assign(model, drafts[w], n[w], bucket_of[w]);
    }
  int ok = cost[0] >= 0 && cost[1] >= 0;
  if (ok) {
    int w = cost[1] < cost[0];
    ok = lay_out(&set->report, drafts[w], n[w], bucket_of[w], want_pairs, 1);
  }
  for (int w = 0; w < 2; w++) free(drafts[w]), free(bucket_of[w]);
  return ok;
}

/* The mask pass's filter of every needle, and its direct route from a window's first two bytes
 * to the needles that may start there. */
static int mask_filter(ns_set *set, const ns_model *model, const ns_draft *needles, size_t n,
                       int want_pairs) {
  uint8_t *bucket_of = malloc(n ? n : 1);
  int ok = bucket_of && assign(model, needles, n, bucket_of) >= 0 &&
           lay_out(&set->all, needles, n, bucket_of, want_pairs, 0);
  free(bucket_of);
  if (!ok || !(set->by_pair = calloc((size_t)1 << NS_PAIR_BITS, sizeof *set->by_pair))) return 0;
  for (size_t i = 0; i < n; i++) {
    set->masked[i] = needles[i].pattern;
    set->by_pair[ns_pair_slot(needles[i].first[0], needles[i].first[1])] |= 1ull << i;
  }
  return 1;
}

ns_set *ns_compile(const ns_spec *spec, int want_pairs) {
  if (spec->masks && spec->nneedles > NS_MAX_MASKED) return NULL;
  size_t text_len = NS_MARK_TEXT;
  for (size_t i = 0; i < spec->nneedles; i++) text_len += spec->needles[i].len;

  ns_set *set = calloc(1, sizeof *set);
  ns_draft *needles = calloc(spec->nneedles ? spec->nneedles : 1, sizeof *needles);
  ns_model *model = ns_model_new();
  if (set) set->text = malloc(text_len);
  int ok = set && needles && model && set->text;
  if (ok) {
    set->kelvin = spec->kelvin != 0;
    set->dotted_i = spec->dotted_i != 0;
    set->masks = spec->masks != 0;
    set->irregular = spec->irregular != 0;
    for (size_t i = 0; i < spec->nescaped; i++)
      if (spec->escaped[i] < 128) set->escaped[spec->escaped[i] | NS_FOLD] = 1;
    uint32_t at = ns_draft_needles(model, spec->needles, spec->nneedles, set->text, needles);
    ok = report_filter(set, model, spec, needles, at, want_pairs);
    if (ok && set->masks) ok = mask_filter(set, model, needles, spec->nneedles, want_pairs);
  }
  free(needles);
  ns_model_free(model);
  if (!ok) {
    ns_free(set);
    return NULL;
  }
  return set;
}

static void teddy_free(ns_teddy *t) {
  free(t->patterns);
  free(t->pairs);
}

void ns_free(ns_set *set) {
  if (!set) return;
  teddy_free(&set->report);
  teddy_free(&set->all);
  free(set->by_pair);
  free(set->text);
  free(set);
}
