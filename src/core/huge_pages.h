// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Transparent-huge-page hints for big buffers. On the virtual machines Lathe is measured on,
// the first write to a fresh 4 KiB page costs 10-50 us (the host backs it lazily), so filling a
// 40 MB column page by page costs ~0.5 s; backed by 2 MiB pages, which the guest recycles, it
// costs a few ms. Every executable links huge_page_new.cc, which applies HugePageHint to each
// allocation of kHugePageAllocationBytes or more; ReserveHuge remains for buffers that grow.
// Thread-safe.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lathe {

// Allocations at least this big get HugePageHint from the global operator new.
inline constexpr size_t kHugePageAllocationBytes = size_t{4} << 20;

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

}  // namespace lathe
