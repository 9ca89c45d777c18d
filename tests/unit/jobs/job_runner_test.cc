// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/job_runner.h"

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

namespace lathe::jobs {
namespace {

using namespace std::chrono_literals;

// Waits until `pred` holds (2 s at most).
template <typename Pred>
bool Eventually(Pred pred) {
  for (int i = 0; i < 200; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

TEST(JobRunnerTest, RunsJobsInOrderOnOneThread) {
  std::vector<int> order;
  std::mutex mu;
  {
    JobRunner runner(1);
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(runner
                      .Submit("j" + std::to_string(i),
                              [&, i](const std::atomic<bool>&) {
                                std::lock_guard<std::mutex> lock(mu);
                                order.push_back(i);
                              })
                      .ok());
    }
    ASSERT_TRUE(Eventually([&] {
      std::lock_guard<std::mutex> lock(mu);
      return order.size() == 5;
    }));
  }
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(JobRunnerTest, QueuedJobWaitsAndCanBeDequeued) {
  JobRunner runner(1);
  std::atomic<bool> release{false};
  std::atomic<bool> second_ran{false};
  ASSERT_TRUE(runner
                  .Submit("long",
                          [&](const std::atomic<bool>&) {
                            while (!release) std::this_thread::sleep_for(1ms);
                          })
                  .ok());
  ASSERT_TRUE(runner.Submit("next", [&](const std::atomic<bool>&) { second_ran = true; }).ok());
  ASSERT_TRUE(Eventually([&] { return runner.running() == 1; }));
  EXPECT_EQ(runner.queued(), 1u);
  EXPECT_EQ(runner.QueuePosition("next"), 0);
  EXPECT_EQ(runner.Submit("next", [](const std::atomic<bool>&) {}).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(runner.Cancel("next"), CancelOutcome::kDequeued);
  EXPECT_EQ(runner.Cancel("next"), CancelOutcome::kUnknown);
  release = true;
  ASSERT_TRUE(Eventually([&] { return runner.running() == 0; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(second_ran);
}

TEST(JobRunnerTest, CancelRaisesTheRunningJobsFlag) {
  JobRunner runner(1);
  std::atomic<bool> saw_cancel{false};
  ASSERT_TRUE(runner
                  .Submit("j",
                          [&](const std::atomic<bool>& cancel) {
                            while (!cancel) std::this_thread::sleep_for(1ms);
                            saw_cancel = true;
                          })
                  .ok());
  ASSERT_TRUE(Eventually([&] { return runner.running() == 1; }));
  EXPECT_EQ(runner.Cancel("j"), CancelOutcome::kSignalled);
  EXPECT_TRUE(Eventually([&] { return saw_cancel.load(); }));
}

TEST(JobRunnerTest, ShutdownCancelsRunningAndDropsQueuedJobs) {
  JobRunner runner(1);
  std::atomic<bool> queued_ran{false};
  ASSERT_TRUE(runner
                  .Submit("a",
                          [](const std::atomic<bool>& cancel) {
                            while (!cancel) std::this_thread::sleep_for(1ms);
                          })
                  .ok());
  ASSERT_TRUE(runner.Submit("b", [&](const std::atomic<bool>&) { queued_ran = true; }).ok());
  ASSERT_TRUE(Eventually([&] { return runner.running() == 1; }));
  const auto start = std::chrono::steady_clock::now();
  runner.Shutdown();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_FALSE(queued_ran);
  EXPECT_EQ(runner.Submit("c", [](const std::atomic<bool>&) {}).code(), StatusCode::kUnavailable);
  runner.Shutdown();  // idempotent
}

}  // namespace
}  // namespace lathe::jobs
