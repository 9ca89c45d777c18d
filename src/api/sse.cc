// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/sse.h"

#include <charconv>

namespace lathe::api {
namespace {

constexpr size_t kEventsPerPoll = 256;  // bounds one chunk; the rest follows 50 ms later

Result<int64_t> ParseCount(std::string_view text, const std::string& what) {
  int64_t value = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return InvalidArgumentError(what + " must be a non-negative integer, got '" +
                                std::string(text) + "'")
        .WithDetail("field", what);
  }
  return value;
}

}  // namespace

std::string FormatSseEvent(int64_t id, std::string_view type, std::string_view data) {
  std::string out = "id: " + std::to_string(id) + "\nevent: ";
  out += type;
  out += "\ndata: ";
  out += data;
  out += "\n\n";
  return out;
}

Result<int64_t> SseResumeAfter(const HttpRequest& request) {
  if (auto last = request.headers.Get("last-event-id"); last.has_value() && !last->empty()) {
    return ParseCount(*last, "Last-Event-ID");
  }
  if (auto from = request.Query("from")) {
    LATHE_ASSIGN_OR_RETURN(int64_t first, ParseCount(*from, "from"));
    return first > 0 ? first - 1 : 0;
  }
  return 0;
}

HttpResponse SseResponse(std::shared_ptr<BodyStream> stream) {
  HttpResponse response;
  response.status = 200;
  response.headers.Set("Content-Type", "text/event-stream");
  response.headers.Set("Cache-Control", "no-cache");
  response.headers.Set("X-Accel-Buffering", "no");  // proxies: do not hold the events back
  response.stream = std::move(stream);
  return response;
}

EventLogStream::EventLogStream(std::shared_ptr<const jobs::EventLog> log, int64_t after_seq,
                               std::chrono::milliseconds keep_alive)
    : log_(std::move(log)),
      sent_seq_(after_seq),
      keep_alive_(keep_alive),
      last_write_(std::chrono::steady_clock::now()) {}

bool EventLogStream::Poll(std::string* out) {
  const auto now = std::chrono::steady_clock::now();
  if (!started_) {
    started_ = true;
    *out += "retry: 3000\n\n";  // reconnect delay for EventSource clients
    last_write_ = now;
  }
  // Read `closed` first: events appended before Close() are then certainly in Since().
  const bool closed = log_->closed();
  for (const nlohmann::json& e : log_->Since(sent_seq_, kEventsPerPoll)) {
    sent_seq_ = e.value("seq", sent_seq_ + 1);
    *out += FormatSseEvent(sent_seq_, e.value("type", "message"),
                           e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    last_write_ = now;
  }
  if (closed && sent_seq_ >= log_->last_seq()) return false;
  if (now - last_write_ >= keep_alive_) {
    *out += ": keep-alive\n\n";
    last_write_ = now;
  }
  return true;
}

}  // namespace lathe::api
