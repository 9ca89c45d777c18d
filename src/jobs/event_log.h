// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// EventLog: the append-only log of one job's JSON events. Append stamps each event with a
// sequence number ("seq", 1, 2, ...), the wall-clock "time" (RFC 3339) and the "elapsed" seconds
// since the log was created; readers (an SSE stream, a poller) ask for the events after the last
// sequence number they saw. Close() marks the end of the job: nothing is appended after it.
// Thread-safe: one writer and any number of readers at once.
//
//   EventLog log;
//   log.Append({{"type", "trial_finished"}, {"trial_id", 1}});
//   for (const nlohmann::json& e : log.Since(0)) std::cout << e["seq"] << "\n";  // 1
//   log.Close();
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace lathe::jobs {

class EventLog {
 public:
  EventLog();
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Appends `event` (a JSON object; its "seq", "time" and "elapsed" are overwritten) and returns
  // its sequence number, or 0 when the log is already closed (the event is dropped).
  int64_t Append(nlohmann::json event);
  // Events with seq > `after_seq`, oldest first, at most `max_events`.
  std::vector<nlohmann::json> Since(int64_t after_seq,
                                    size_t max_events = std::numeric_limits<size_t>::max()) const;
  // No more events: readers that have seen everything can stop. Idempotent.
  void Close();
  bool closed() const;
  // Sequence number of the newest event (0 when empty).
  int64_t last_seq() const;
  size_t size() const;

  // The events as JSON Lines (one object per line), for the job's event artifact.
  std::string ToJsonLines() const;
  // A closed log holding the events of ToJsonLines output. DataLoss naming the line for a line
  // that is not a JSON object with an integer "seq".
  static Result<std::unique_ptr<EventLog>> FromJsonLines(std::string_view text);

 private:
  mutable std::mutex mu_;
  std::vector<nlohmann::json> events_;  // GUARDED_BY(mu_); events_[i]["seq"] == i + 1
  bool closed_ = false;                 // GUARDED_BY(mu_)
  std::chrono::steady_clock::time_point start_;
};

}  // namespace lathe::jobs
