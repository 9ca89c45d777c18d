// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/event_log.h"

#include <thread>

#include <gtest/gtest.h>

namespace lathe::jobs {
namespace {

using nlohmann::json;

TEST(EventLogTest, NumbersEventsFromOneAndStampsTime) {
  EventLog log;
  EXPECT_EQ(log.Append({{"type", "a"}}), 1);
  EXPECT_EQ(log.Append({{"type", "b"}, {"seq", 99}}), 2);  // a caller's seq is overwritten
  std::vector<json> all = log.Since(0);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["seq"], 1);
  EXPECT_EQ(all[1]["seq"], 2);
  EXPECT_EQ(all[1]["type"], "b");
  EXPECT_TRUE(all[0]["time"].is_string());
  EXPECT_GE(all[1]["elapsed"].get<double>(), all[0]["elapsed"].get<double>());
  EXPECT_EQ(log.last_seq(), 2);
}

TEST(EventLogTest, SinceReturnsOnlyNewerEventsAndHonoursTheCap) {
  EventLog log;
  for (int i = 0; i < 10; ++i) log.Append({{"type", "t"}, {"i", i}});
  std::vector<json> tail = log.Since(7);
  ASSERT_EQ(tail.size(), 3u);
  EXPECT_EQ(tail[0]["seq"], 8);
  EXPECT_EQ(log.Since(2, 4).size(), 4u);
  EXPECT_EQ(log.Since(2, 4).back()["seq"], 6);
  EXPECT_TRUE(log.Since(10).empty());
  EXPECT_TRUE(log.Since(50).empty());
  EXPECT_EQ(log.Since(-3).size(), 10u);
}

TEST(EventLogTest, CloseDropsLaterEvents) {
  EventLog log;
  log.Append({{"type", "x"}});
  EXPECT_FALSE(log.closed());
  log.Close();
  log.Close();  // idempotent
  EXPECT_TRUE(log.closed());
  EXPECT_EQ(log.Append({{"type", "late"}}), 0);
  EXPECT_EQ(log.size(), 1u);
}

TEST(EventLogTest, JsonLinesRoundTripGivesAClosedLog) {
  EventLog log;
  log.Append({{"type", "job_started"}, {"metric", "accuracy"}});
  log.Append({{"type", "trial_finished"}, {"score", 0.5}});
  const std::string text = log.ToJsonLines();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  auto back = EventLog::FromJsonLines(text);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE((*back)->closed());
  EXPECT_EQ((*back)->Since(0), log.Since(0));
}

TEST(EventLogTest, FromJsonLinesNamesTheBadLine) {
  auto bad = EventLog::FromJsonLines("{\"seq\":1}\n{\"seq\":3}\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos) << bad.status().message();
  EXPECT_FALSE(EventLog::FromJsonLines("not json\n").ok());
}

TEST(EventLogTest, ReadersSeeEveryEventWhileAWriterAppends) {
  EventLog log;
  constexpr int kEvents = 2000;
  std::thread writer([&] {
    for (int i = 0; i < kEvents; ++i) log.Append({{"type", "t"}, {"i", i}});
    log.Close();
  });
  int64_t seen = 0;
  int next_i = 0;
  while (true) {
    const bool closed = log.closed();
    for (const json& e : log.Since(seen)) {
      ASSERT_EQ(e["seq"].get<int64_t>(), seen + 1);
      ASSERT_EQ(e["i"].get<int>(), next_i++);
      seen = e["seq"];
    }
    if (closed && seen == log.last_seq()) break;
  }
  writer.join();
  EXPECT_EQ(seen, kEvents);
}

}  // namespace
}  // namespace lathe::jobs
