// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// DataCapture: SageMaker-style data capture for one endpoint. A sampled fraction of invocations
// (request and response) is queued and written by one background thread to hourly JSON Lines
// files `<dir>/<YYYY>/<MM>/<DD>/<HH>.jsonl` (UTC). Each line is one record:
//   {"time": "2026-05-01T10:00:00.123Z", "request_id", "endpoint", "variant", "status": 200,
//    "request":  {"content_type", "encoding": "text" | "base64", "data"},
//    "response": {"content_type", "encoding", "data"}}
// Bodies that are not valid UTF-8 are base64. Each batch of records is written with one
// append-mode write() as soon as the writer wakes (at least once a second), so two captures
// of the same endpoint (an update's old and new) never interleave within a line.
//
// Thread-safety: Offer may be called from any number of threads and never waits for I/O; when
// the queue is full the record is dropped and counted. The destructor writes what is queued and
// joins the writer.
//
//   DataCapture capture(data_dir + "/capture/iris", 20.0);  // 20 % of requests
//   capture.Offer("iris", "AllTraffic", "text/csv", body, "application/json", out, 200, id);
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace lathe::serving {

// One hourly capture file.
struct CaptureFile {
  std::string hour;    // the hour it covers, "2026-05-01T10:00:00Z"
  std::string path;    // relative to the capture directory, "2026/05/01/10.jsonl"
  uint64_t bytes = 0;
  uint64_t records = 0;  // lines
};

struct DataCaptureStats {
  uint64_t offered = 0;       // Offer calls
  uint64_t sampled = 0;       // chosen by the sampling draw
  uint64_t dropped = 0;       // sampled but the queue was full
  uint64_t written = 0;       // records written to files
  uint64_t write_errors = 0;  // records lost to a failed write
};

struct DataCaptureOptions {
  // Queue bounds; a sampled record that would exceed either is dropped.
  size_t max_queue_records = 10000;
  size_t max_queue_bytes = size_t{64} << 20;
  // Microseconds since the epoch for record times and file hours (null: the system clock).
  std::function<int64_t()> clock_micros;
};

class DataCapture {
 public:
  // Captures into `dir` (created on first write) with probability sampling_percentage / 100
  // (clamped to 0..100). Starts the writer thread.
  DataCapture(std::string dir, double sampling_percentage, DataCaptureOptions options = {});
  ~DataCapture();
  DataCapture(const DataCapture&) = delete;
  DataCapture& operator=(const DataCapture&) = delete;

  // Draws the sample (a thread-local generator) and, if chosen, copies the record into the
  // queue. Never blocks on I/O.
  void Offer(std::string_view endpoint, std::string_view variant,
             std::string_view request_content_type, std::string_view request_body,
             std::string_view response_content_type, std::string_view response_body, int status,
             std::string_view request_id);

  // The capture files in `dir` (also those of earlier runs), oldest hour first. Records are
  // counted by reading the files, so the call costs a pass over them.
  std::vector<CaptureFile> Files() const;

  // Waits until every record queued before the call has been written (tests, shutdown).
  void Flush();

  DataCaptureStats stats() const;
  double sampling_percentage() const { return percentage_; }
  const std::string& dir() const { return dir_; }

 private:
  struct Record {
    int64_t micros = 0;
    int status = 0;
    std::string endpoint, variant, request_id;
    std::string request_content_type, request_body;
    std::string response_content_type, response_body;
  };

  void Run();
  void WriteBatch(std::vector<Record>& batch);
  int64_t NowMicros() const;

  const std::string dir_;
  const double percentage_;
  const uint64_t threshold_;  // sample when a uniform 64-bit draw is below it
  const bool sample_all_;
  const DataCaptureOptions options_;

  mutable std::mutex mu_;
  std::condition_variable wake_;      // the writer: records queued or stopping
  std::condition_variable progress_;  // Flush: a batch was written
  std::vector<Record> queue_;         // GUARDED_BY(mu_)
  size_t queued_bytes_ = 0;           // GUARDED_BY(mu_)
  uint64_t enqueued_seq_ = 0;         // GUARDED_BY(mu_): records ever queued
  uint64_t written_seq_ = 0;          // GUARDED_BY(mu_): records handled by the writer
  bool stop_ = false;                 // GUARDED_BY(mu_)
  uint64_t dropped_ = 0;              // GUARDED_BY(mu_)
  uint64_t written_ = 0;              // GUARDED_BY(mu_)
  uint64_t write_errors_ = 0;         // GUARDED_BY(mu_)
  std::atomic<uint64_t> offered_{0};
  std::atomic<uint64_t> sampled_{0};
  std::thread writer_;
};

}  // namespace lathe::serving
