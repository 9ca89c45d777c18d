// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The global operator new of Lathe's executables: malloc, plus a transparent-huge-page hint for
// big blocks (core/huge_pages.h says why). Linked as an object library into each executable
// (`lathe_huge_page_new`), never into a static library, where the linker could leave it out.
// Pairs with the default operator delete, which calls free.
#include <cstdlib>
#include <new>

#include "core/huge_pages.h"

void* operator new(std::size_t bytes) {
  void* p = std::malloc(bytes == 0 ? 1 : bytes);
  if (p == nullptr) throw std::bad_alloc();
  if (bytes >= lathe::kHugePageAllocationBytes) lathe::HugePageHint(p, bytes);
  return p;
}

void* operator new[](std::size_t bytes) { return ::operator new(bytes); }
