// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "auth/rate_limiter.h"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace lathe::auth {
namespace {

constexpr int64_t kSecond = 1000000000;

TEST(RateLimiterTest, AdmitsTheBurstThenRefusesWithTheWaitForOneToken) {
  RateLimiter limiter(10, 5);  // a token every 100 ms
  const int64_t t0 = 50 * kSecond;
  for (int idx = 0; idx < 5; ++idx) EXPECT_EQ(limiter.TryAcquire(t0), 0) << idx;
  const int64_t wait = limiter.TryAcquire(t0);
  EXPECT_EQ(wait, kSecond / 10);
  EXPECT_GT(limiter.TryAcquire(t0 + wait - 1), 0);
  EXPECT_EQ(limiter.TryAcquire(t0 + wait), 0);
  EXPECT_GT(limiter.TryAcquire(t0 + wait), 0);
}

TEST(RateLimiterTest, RefillsAtTheRateAndCapsAtTheBurst) {
  RateLimiter limiter(2, 3);  // a token every 500 ms, at most 3 saved
  int64_t t = 7 * kSecond;
  for (int idx = 0; idx < 3; ++idx) ASSERT_EQ(limiter.TryAcquire(t), 0);
  ASSERT_GT(limiter.TryAcquire(t), 0);
  t += 100 * kSecond;  // a long pause saves up only `burst` tokens
  int admitted = 0;
  while (limiter.TryAcquire(t) == 0) ++admitted;
  EXPECT_EQ(admitted, 3);
  // Over 10 s of steady traffic, 2 per second get through.
  admitted = 0;
  for (int step = 1; step <= 100; ++step) {
    if (limiter.TryAcquire(t + step * kSecond / 10) == 0) ++admitted;
  }
  EXPECT_EQ(admitted, 20);
}

TEST(RateLimiterTest, ConcurrentCallersGetExactlyTheBurst) {
  RateLimiter limiter(0.001, 100);  // no refill during the test
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int idx = 0; idx < 1000; ++idx) {
        if (limiter.TryAcquire(kSecond) == 0) admitted.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(admitted.load(), 100);
}

}  // namespace
}  // namespace lathe::auth
