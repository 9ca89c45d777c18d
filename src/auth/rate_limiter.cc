// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "auth/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace lathe::auth {

RateLimiter::RateLimiter(double rate_per_second, int64_t burst)
    : rate_per_second_(rate_per_second), burst_(std::max<int64_t>(1, burst)) {
  const double interval = 1e9 / std::max(rate_per_second, 1e-9);
  interval_ns_ = static_cast<int64_t>(std::min(interval, 1e18));
  interval_ns_ = std::max<int64_t>(1, interval_ns_);
  tolerance_ns_ = interval_ns_ * (burst_ - 1);
}

int64_t RateLimiter::TryAcquire(int64_t now_ns) {
  int64_t tat = tat_ns_.load(std::memory_order_relaxed);
  while (true) {
    const int64_t start = std::max(tat, now_ns);
    const int64_t ahead = start - now_ns;
    if (ahead > tolerance_ns_) return ahead - tolerance_ns_;
    if (tat_ns_.compare_exchange_weak(tat, start + interval_ns_, std::memory_order_relaxed)) {
      return 0;
    }
  }
}

int64_t SteadyNowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace lathe::auth
