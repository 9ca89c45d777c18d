// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Memory hints for the readers' big buffers. Thread-safe.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lathe::data::internal {

// Asks the kernel to back the 2 MiB-aligned interior of [p, p + bytes) with transparent huge
// pages (a hint; ignored where THP is off). Filling a large column then costs a few hundred page
// faults instead of hundreds of thousands, which matters most on virtual machines.
inline void HugePageHint(const void* p, size_t bytes) {
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  if (bytes < 2 * kHuge) return;
  uintptr_t b = (reinterpret_cast<uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
  uintptr_t e = (reinterpret_cast<uintptr_t>(p) + bytes) & ~(kHuge - 1);
  if (e > b) madvise(reinterpret_cast<void*>(b), e - b, MADV_HUGEPAGE);
}

// Reserves `n` elements and applies HugePageHint to the new buffer.
template <typename V>
void ReserveHuge(V* v, size_t n) {
  if (n <= v->capacity()) return;
  v->reserve(n);
  HugePageHint(v->data(), v->capacity() * sizeof(typename V::value_type));
}

}  // namespace lathe::data::internal
