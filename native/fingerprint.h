/* Choosing fingerprint windows and grouping fingerprints into buckets (fingerprint.c). */
#ifndef CW_FINGERPRINT_H
#define CW_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "needle_set.h"

/* A fingerprint as the Teddy tables see it: per window position, the low and high nibbles of
 * the folded bytes it accepts (0xFFFF for both: any byte). */
typedef struct {
  uint16_t lo[NS_WINDOW];
  uint16_t hi[NS_WINDOW];
} ns_print;

/* What the choices below measure fingerprints against: a sample of audit-log text. */
typedef struct ns_model ns_model;
ns_model *ns_model_new(void); /* NULL when memory runs out */
void ns_model_free(ns_model *m);

/* The fingerprint of `len` (at most NS_WINDOW) literal bytes, any byte after them. */
void ns_print_literal(ns_print *p, const uint8_t *bytes, size_t len);

/* Offset of the window, within a folded needle, least likely to occur in audit-log JSON. */
size_t ns_pick_window(const ns_model *m, const uint8_t *folded, size_t len);

/* Gives each of n fingerprints a bucket, keeping the expected confirm work low, and sets *cost
 * to that work as the model reckons it. 0 when memory runs out. */
int ns_pick_buckets(const ns_model *m, const ns_print *prints, size_t n, uint8_t *bucket_of,
                    double *cost);

#endif
