/* The scan kernels and the choice between them. */
#ifndef CW_KERNELS_H
#define CW_KERNELS_H

#include "needle_set.h"

/* Ordered by speed; a request names the fastest kernel a caller will accept. */
enum ns_kernel_level { NS_KERNEL_SCALAR = 1, NS_KERNEL_SSSE3 = 2, NS_KERNEL_AVX2 = 3 };

/* The fastest kernel this CPU runs that is no faster than `ceiling`. */
ns_kernel_fn ns_pick_kernel(int ceiling, const char **name);

size_t ns_scan_scalar(const ns_set *set, const uint8_t *buf, size_t buflen, size_t from, size_t to,
                      uint32_t *out, size_t cap, ns_progress *progress);

#endif
