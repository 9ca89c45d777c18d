// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/event_log.h"

#include <algorithm>
#include <cmath>

#include "core/clock.h"

namespace lathe::jobs {

EventLog::EventLog() : start_(std::chrono::steady_clock::now()) {}

int64_t EventLog::Append(nlohmann::json event) {
  if (!event.is_object()) event = {{"type", "message"}, {"value", std::move(event)}};
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) return 0;
  const int64_t seq = static_cast<int64_t>(events_.size()) + 1;
  event["seq"] = seq;
  event["time"] = NowRfc3339();
  event["elapsed"] = std::round(elapsed * 1000.0) / 1000.0;  // milliseconds are enough
  events_.push_back(std::move(event));
  return seq;
}

std::vector<nlohmann::json> EventLog::Since(int64_t after_seq, size_t max_events) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<nlohmann::json> out;
  const size_t first = static_cast<size_t>(std::max<int64_t>(after_seq, 0));
  for (size_t idx = first; idx < events_.size() && out.size() < max_events; ++idx) {
    out.push_back(events_[idx]);
  }
  return out;
}

void EventLog::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
}

bool EventLog::closed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return closed_;
}

int64_t EventLog::last_seq() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(events_.size());
}

size_t EventLog::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return events_.size();
}

std::string EventLog::ToJsonLines() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const nlohmann::json& e : events_) {
    out += e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += '\n';
  }
  return out;
}

Result<std::unique_ptr<EventLog>> EventLog::FromJsonLines(std::string_view text) {
  auto log = std::make_unique<EventLog>();
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_no;
    if (line.empty()) continue;
    nlohmann::json e = nlohmann::json::parse(line, nullptr, false);
    const int64_t expected = static_cast<int64_t>(log->events_.size()) + 1;
    if (e.is_discarded() || !e.is_object() || !e.contains("seq") || !e["seq"].is_number_integer() ||
        e["seq"].get<int64_t>() != expected) {
      return DataLossError("event log line " + std::to_string(line_no) +
                           ": expected a JSON object with \"seq\": " + std::to_string(expected));
    }
    log->events_.push_back(std::move(e));
  }
  log->closed_ = true;
  return log;
}

}  // namespace lathe::jobs
