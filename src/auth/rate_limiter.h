// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// RateLimiter: one API key's token bucket (`rate_per_second` tokens a second, at most `burst`
// saved up), kept as a single atomic "theoretical arrival time" (the generic cell rate
// algorithm, which admits exactly what a token bucket admits). Lock-free: requests of the same
// key on several threads never wait for each other. Thread-safe.
//
//   RateLimiter limiter(100, 20);            // 100/s, bursts of 20
//   int64_t wait_ns = limiter.TryAcquire(NowNanos());
//   if (wait_ns > 0) return 429 with Retry-After = ceil(wait_ns / 1e9);
#pragma once

#include <atomic>
#include <cstdint>

namespace lathe::auth {

class RateLimiter {
 public:
  // `rate_per_second` > 0; `burst` >= 1 (smaller values are raised to 1).
  RateLimiter(double rate_per_second, int64_t burst);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes one token at time `now_ns` (any monotonic clock, in nanoseconds). Returns 0 when the
  // request may go ahead, else how many nanoseconds until a token will be there (> 0).
  int64_t TryAcquire(int64_t now_ns);

  double rate_per_second() const { return rate_per_second_; }
  int64_t burst() const { return burst_; }

 private:
  double rate_per_second_;
  int64_t burst_;
  int64_t interval_ns_;   // time one token takes to come back
  int64_t tolerance_ns_;  // (burst - 1) intervals: how far ahead of now the schedule may run
  std::atomic<int64_t> tat_ns_{INT64_MIN};  // when the bucket is next full-minus-one-token
};

// Steady-clock nanoseconds, the clock the server passes to TryAcquire.
int64_t SteadyNowNanos();

}  // namespace lathe::auth
