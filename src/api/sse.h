// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Server-Sent Events over a job's EventLog (text/event-stream). Each event goes out as
//   id: <seq>\nevent: <type>\ndata: <the event JSON on one line>\n\n
// with a ": keep-alive" comment after 15 s of silence, and the stream ends once the log is
// closed and every event was sent. A client resumes with the Last-Event-ID header (events after
// it) or ?from=N (events from seq N on). The stream is polled by the server's I/O thread; Poll
// never blocks. One stream per response; the log may be shared.
//
//   LATHE_ASSIGN_OR_RETURN(int64_t after, SseResumeAfter(request));
//   return SseResponse(std::make_shared<EventLogStream>(log, after));
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "api/http_types.h"
#include "jobs/event_log.h"

namespace lathe::api {

inline constexpr std::chrono::seconds kSseKeepAlive{15};

// One SSE frame. `data` must not contain a newline (a JSON dump has none).
std::string FormatSseEvent(int64_t id, std::string_view type, std::string_view data);

// The last sequence number the client already has: Last-Event-ID, else ?from=N minus one, else
// 0. InvalidArgument naming the header / parameter when it is not a non-negative integer.
Result<int64_t> SseResumeAfter(const HttpRequest& request);

// 200 with Content-Type text/event-stream, Cache-Control no-cache, and `stream` as the body.
HttpResponse SseResponse(std::shared_ptr<BodyStream> stream);

class EventLogStream : public BodyStream {
 public:
  EventLogStream(std::shared_ptr<const jobs::EventLog> log, int64_t after_seq,
                 std::chrono::milliseconds keep_alive = kSseKeepAlive);
  bool Poll(std::string* out) override;

 private:
  std::shared_ptr<const jobs::EventLog> log_;
  int64_t sent_seq_;
  std::chrono::milliseconds keep_alive_;
  std::chrono::steady_clock::time_point last_write_;
  bool started_ = false;
};

}  // namespace lathe::api
