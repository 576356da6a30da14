/*
 * A compiled needle set: every literal the scan looks for, reduced to 4-byte fingerprints
 * ("windows") grouped in 8 buckets, plus the exact checks that confirm a fingerprint hit.
 * Shared by the compile step (needle_set.c), the kernels (scan_*.c) and the N-API glue.
 */
#ifndef CW_NEEDLE_SET_H
#define CW_NEEDLE_SET_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bits.h"

/* Four bytes per fingerprint keeps a random 4-gram hitting a bucket rare even with 2-3 needles
 * per bucket, while the SIMD filter stays at four shuffled lookups per input block. */
#define NS_WINDOW 4
/* One bit per bucket in a byte: the width of a pshufb lookup result. */
#define NS_BUCKETS 8
/* Input bytes are compared after OR-ing in this bit, on both sides, so one search serves
 * case-insensitive needles; the caller re-checks exact case. */
#define NS_FOLD 0x20
/* Needle i owns bit i of a line's mask, which the output holds as two uint32. */
#define NS_MAX_MASKED 64

enum ns_kind {
  NS_NEEDLE, /* folded compare of `text` */
  NS_ESCAPE, /* a JSON \uXXXX escape whose code point is in the set's escape table */
  NS_RAW     /* exact compare of `text`: the UTF-8 of KELVIN SIGN or CAPITAL I WITH DOT */
};

typedef struct {
  uint32_t len;    /* bytes the pattern spans in the input */
  uint32_t text;   /* offset of its bytes in ns_set.text */
  uint32_t d;      /* where its fingerprint window starts, from the pattern's first byte */
  uint32_t needle; /* NS_NEEDLE: its index in the spec, so its bit in a line's mask */
  uint8_t kind;
  uint8_t star;    /* a folded '*' in the needle: '\n' folds to '*' too, so a hit may span lines */
} ns_pattern;

/* One Teddy filter and, for the report filter, the patterns its buckets confirm. */
typedef struct {
  /* Bit b of lo[k][n] (hi[k][n]) says bucket b accepts, at window position k, a folded byte
   * whose low (high) nibble is n: the two pshufb tables of the Teddy filter. */
  uint8_t lo[NS_WINDOW][16];
  uint8_t hi[NS_WINDOW][16];
  uint32_t bucket_start[NS_BUCKETS + 1]; /* patterns are sorted by bucket */
  uint32_t npatterns;
  ns_pattern *patterns; /* NULL for the mask filter, which confirms through ns_set.by_pair */
  /* For the scalar kernel only (NULL otherwise): buckets whose windows start with the folded
   * byte pair indexed low byte first. */
  uint8_t *pairs;
  uint32_t live; /* buckets holding a pattern */
  /* The mask bits of each bucket's needles (needles below NS_MAX_MASKED): once a line has
   * shown them all, the mask pass stops looking at the bucket. */
  uint64_t bucket_needles[NS_BUCKETS];
} ns_teddy;

typedef struct {
  size_t resume;     /* offset where the next call should start */
  uint32_t newlines; /* '\n' bytes in [from, resume) */
} ns_progress;

typedef struct ns_set ns_set;

/* Scans buf[from, to), writing up to `cap` records of ns_stride(set) values. */
typedef size_t (*ns_kernel_fn)(const ns_set *set, const uint8_t *buf, size_t buflen, size_t from,
                               size_t to, uint32_t *out, size_t cap, ns_progress *progress);

struct ns_set {
  /* What makes a line reported: the reporting needles, the marking escapes and characters.
   * Only these pass the filter on the hot path, so frequent needles that only feed masks
   * cost nothing on lines that are not reported. */
  ns_teddy report;
  /* With masks: every needle, searched only inside reported lines. */
  ns_teddy all;
  /* With masks, what confirms a candidate of `all`: by_pair[ns_pair_slot(a, b)] has bit i when
   * needle i's window starts with the folded bytes a, b, and masked[i] is needle i. Most
   * candidates in a reported line are further occurrences of needles already found, which
   * this drops with one AND where the bucket's pattern list cost a compare each. */
  uint64_t *by_pair;
  ns_pattern masked[NS_MAX_MASKED];
  uint8_t *text;        /* pattern bytes, needles folded */
  uint8_t escaped[128]; /* folded code points whose \u escape marks a line */
  uint8_t kelvin;
  uint8_t dotted_i;
  uint8_t masks;     /* records carry the line's needle mask */
  uint8_t irregular; /* also report non-empty lines not shaped like one JSON object */
  ns_kernel_fn kernel;
};

/* A multiplicative hash of a byte pair into 1024 slots: 8 KB stays in L1 where a table of every
 * pair (512 KB) would not; a collision costs one more compare. */
#define NS_PAIR_BITS 10
static inline uint32_t ns_pair_slot(uint8_t a, uint8_t b) {
  return (uint32_t)((a | b << 8) * 0x9E3779B1u) >> (32 - NS_PAIR_BITS);
}

/* uint32 values per reported line: start, end, newlines before, and the mask's two halves. */
static inline size_t ns_stride(const ns_set *set) {
  return set->masks ? 5 : 3;
}

typedef struct {
  const uint8_t *bytes;
  size_t len;
} ns_text;

typedef struct {
  const ns_text *needles; /* printable ASCII, at least 2 bytes each */
  size_t nneedles;        /* at most NS_MAX_MASKED with masks */
  const uint8_t *report;  /* per needle: nonzero when holding it reports a line */
  const uint8_t *escaped; /* code points whose \u escape marks a line; >= 128 ignored */
  size_t nescaped;
  int kelvin, dotted_i, masks, irregular;
} ns_spec;

/* NULL when memory runs out or the spec asks for more masked needles than a mask holds. */
ns_set *ns_compile(const ns_spec *spec, int want_pairs);
void ns_free(ns_set *set);

#endif
