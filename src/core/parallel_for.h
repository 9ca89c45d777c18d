// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// ParallelFor: runs fn(i) for i in [0, n) on up to `threads` std::threads (the caller's thread is
// one of them), handing out indices in increasing order. Blocks until all calls returned.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace lathe {

template <class Fn>
void ParallelFor(size_t n, int threads, const Fn& fn) {
  size_t workers = std::min<size_t>(n, static_cast<size_t>(std::max(1, threads)));
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto loop = [&] {
    for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) fn(i);
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(loop);
  loop();
  for (auto& t : pool) t.join();
}

}  // namespace lathe
