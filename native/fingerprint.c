#include "fingerprint.h"

#include <stdlib.h>
#include <string.h>

#include "audit_sample.h"

/*
 * How often each folded byte occurs in audit-log JSON, per 10,000 bytes, measured on
 * test/fixtures/audit/cluster-sample.jsonl (plus one, so nothing looks impossible). Bytes
 * without bit 5 never appear after folding; non-ASCII bytes are rare in audit logs.
 * Fingerprints too rare to occur in AUDIT_SAMPLE are compared by these.
 */
static const uint16_t ascii_weight[2][32] = {
    /* 0x20-0x3F: space ! " # $ % & ' ( ) * + , - . / 0-9 : ; < = > ? */
    {80, 1, 1029, 1, 1, 1, 7, 1, 8, 8, 14, 1, 237, 245, 168, 120,
     187, 204, 158, 91, 95, 68, 89, 63, 100, 68, 376, 1, 1, 12, 3, 4},
    /* 0x60-0x7F: ` a-z { | } ~ DEL */
    {2, 518, 162, 319, 242, 881, 84, 76, 71, 425, 24, 97, 203, 210, 382, 435,
     198, 19, 387, 512, 560, 292, 118, 29, 19, 63, 36, 112, 35, 112, 1, 1},
};

static double weight(unsigned byte) {
  if (!(byte & NS_FOLD)) return 0;
  if (byte >= 0x80) return 1;
  return ascii_weight[byte >= 0x60][byte & 31];
}

/* Chance that a folded input byte has one of the accepted low and high nibbles. */
static double chance(uint16_t lo, uint16_t hi) {
  double sum = 0;
  for (uint32_t hs = hi; hs; hs &= hs - 1)
    for (uint32_t ls = lo; ls; ls &= ls - 1) sum += weight(cw_ctz32(hs) << 4 | cw_ctz32(ls));
  return sum >= 10000 ? 1 : sum / 10000;
}

static int accepts(const ns_print *p, int k, uint8_t byte) {
  byte |= NS_FOLD;
  return (p->lo[k] >> (byte & 15)) & (p->hi[k] >> (byte >> 4)) & 1;
}

#define SAMPLE_LEN (sizeof AUDIT_SAMPLE - 1)
_Static_assert(SAMPLE_LEN < 65536, "sample offsets are 16-bit");

/* The sample's window starts grouped by folded first byte, so that counting a fingerprint's
 * hits visits only the starts its first position accepts. */
struct ns_model {
  uint16_t start[257];
  uint16_t at[SAMPLE_LEN];
};

ns_model *ns_model_new(void) {
  ns_model *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  const uint8_t *s = (const uint8_t *)AUDIT_SAMPLE;
  const size_t starts = SAMPLE_LEN - NS_WINDOW + 1;
  for (size_t i = 0; i < starts; i++) m->start[(s[i] | NS_FOLD) + 1]++;
  for (int v = 0; v < 256; v++) m->start[v + 1] += m->start[v];
  uint16_t fill[256];
  memcpy(fill, m->start, sizeof fill);
  for (size_t i = 0; i < starts; i++) m->at[fill[s[i] | NS_FOLD]++] = (uint16_t)i;
  return m;
}

void ns_model_free(ns_model *m) {
  free(m);
}

/*
 * Expected fingerprint hits per input byte: its hits in AUDIT_SAMPLE, plus what the byte
 * frequencies predict, which decides between fingerprints too rare to show up in the sample.
 */
static double rate(const ns_model *m, const ns_print *p) {
  const uint8_t *s = (const uint8_t *)AUDIT_SAMPLE;
  size_t hits = 0;
  for (int v = NS_FOLD; v < 256; v = (v + 1) | NS_FOLD) {
    if (!accepts(p, 0, (uint8_t)v)) continue;
    for (uint16_t j = m->start[v]; j < m->start[v + 1]; j++) {
      const uint8_t *w = s + m->at[j];
      hits += accepts(p, 1, w[1]) && accepts(p, 2, w[2]) && accepts(p, 3, w[3]);
    }
  }
  double predicted = 1;
  for (int k = 0; k < NS_WINDOW; k++) predicted *= chance(p->lo[k], p->hi[k]);
  return hits / (double)SAMPLE_LEN + predicted;
}

void ns_print_literal(ns_print *p, const uint8_t *bytes, size_t len) {
  for (int k = 0; k < NS_WINDOW; k++) {
    if ((size_t)k < len) {
      uint8_t b = bytes[k] | NS_FOLD;
      p->lo[k] = (uint16_t)(1u << (b & 15));
      p->hi[k] = (uint16_t)(1u << (b >> 4));
    } else {
      p->lo[k] = p->hi[k] = 0xFFFF;
    }
  }
}

size_t ns_pick_window(const ns_model *m, const uint8_t *folded, size_t len) {
  size_t best = 0;
  double best_rate = 2;
  for (size_t d = 0; d == 0 || d + NS_WINDOW <= len; d++) {
    ns_print p;
    ns_print_literal(&p, folded + d, len - d < NS_WINDOW ? len - d : NS_WINDOW);
    double r = rate(m, &p);
    if (r < best_rate) best_rate = r, best = d;
  }
  return best;
}

typedef struct {
  ns_print print; /* union of its members' nibbles */
  uint32_t members;
  double cost;
} group;

/* Each candidate costs a fixed amount to pick out plus one confirm per member pattern; this is
 * the fixed part in confirm units. */
#define CANDIDATE_OVERHEAD 3.0

static double cost_of(const ns_model *m, const ns_print *p, uint32_t members) {
  return rate(m, p) * (CANDIDATE_OVERHEAD + members);
}

static group merged(const ns_model *m, const group *a, const group *b) {
  group g;
  for (int k = 0; k < NS_WINDOW; k++) {
    g.print.lo[k] = a->print.lo[k] | b->print.lo[k];
    g.print.hi[k] = a->print.hi[k] | b->print.hi[k];
  }
  g.members = a->members + b->members;
  g.cost = cost_of(m, &g.print, g.members);
  return g;
}

static double merge_delta(const ns_model *m, const group *a, const group *b) {
  return merged(m, a, b).cost - a->cost - b->cost;
}

/* Pairwise merging takes quadratic memory and cubic time; fingerprints past this many join
 * the finished buckets one at a time instead. */
#define AGGLOMERATE_MAX 40

int ns_pick_buckets(const ns_model *m, const ns_print *prints, size_t n, uint8_t *bucket_of,
                    double *cost) {
  *cost = 0;
  if (n <= NS_BUCKETS) {
    for (size_t i = 0; i < n; i++) bucket_of[i] = (uint8_t)i, *cost += cost_of(m, &prints[i], 1);
    return 1;
  }
  size_t a = n < AGGLOMERATE_MAX ? n : AGGLOMERATE_MAX;
  group *groups = malloc(a * sizeof *groups);
  double *delta = malloc(a * a * sizeof *delta);
  size_t *group_of = malloc(a * sizeof *group_of);
  uint8_t *alive = malloc(a);
  if (!groups || !delta || !group_of || !alive) {
    free(groups), free(delta), free(group_of), free(alive);
    return 0;
  }
  for (size_t i = 0; i < a; i++) {
    groups[i].print = prints[i];
    groups[i].members = 1;
    groups[i].cost = cost_of(m, &prints[i], 1);
    group_of[i] = i;
    alive[i] = 1;
  }
  for (size_t i = 0; i < a; i++)
    for (size_t j = i + 1; j < a; j++) delta[i * a + j] = merge_delta(m, &groups[i], &groups[j]);

  for (size_t count = a; count > NS_BUCKETS; count--) {
    size_t bi = 0, bj = 0;
    double best = 0;
    int found = 0;
    for (size_t i = 0; i < a; i++) {
      if (!alive[i]) continue;
      for (size_t j = i + 1; j < a; j++) {
        if (!alive[j] || (found && delta[i * a + j] >= best)) continue;
        best = delta[i * a + j];
        bi = i, bj = j, found = 1;
      }
    }
    groups[bi] = merged(m, &groups[bi], &groups[bj]);
    alive[bj] = 0;
    for (size_t p = 0; p < a; p++)
      if (group_of[p] == bj) group_of[p] = bi;
    for (size_t k = 0; k < a; k++) {
      if (!alive[k] || k == bi) continue;
      double d = merge_delta(m, &groups[bi], &groups[k]);
      if (k < bi) delta[k * a + bi] = d;
      else delta[bi * a + k] = d;
    }
  }

  /* Renumber the surviving groups 0..NS_BUCKETS-1, compacting them to the front. */
  size_t number[AGGLOMERATE_MAX];
  size_t next = 0;
  for (size_t i = 0; i < a; i++)
    if (alive[i]) number[i] = next, groups[next++] = groups[i];
  for (size_t p = 0; p < a; p++) bucket_of[p] = (uint8_t)number[group_of[p]];

  for (size_t p = a; p < n; p++) {
    group single = {prints[p], 1, cost_of(m, &prints[p], 1)};
    size_t best_b = 0;
    double best = 0;
    for (size_t b = 0; b < NS_BUCKETS; b++) {
      double d = merge_delta(m, &groups[b], &single);
      if (b == 0 || d < best) best = d, best_b = b;
    }
    groups[best_b] = merged(m, &groups[best_b], &single);
    bucket_of[p] = (uint8_t)best_b;
  }
  for (size_t b = 0; b < NS_BUCKETS; b++) *cost += groups[b].cost;
  free(groups), free(delta), free(group_of), free(alive);
  return 1;
}
