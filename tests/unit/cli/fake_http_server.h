// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// FakeHttpServer: a loopback HTTP/1.1 server for CLI unit tests. It answers every request with
// the next canned response (or the last one again), records what it received, and closes each
// connection after one exchange. Runs one thread; the recorded requests are read after the
// client call returns, so no locking is needed beyond the mutex below.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lathe::cli::testing {

struct CannedResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::string> headers;  // Extra "Name: value" lines.
};

struct RecordedRequest {
  std::string method;
  std::string target;  // Path and query, e.g. "/api/v1/datasets?name=iris".
  std::string head;    // Request line and headers, as sent.
  std::string body;
};

class FakeHttpServer {
 public:
  explicit FakeHttpServer(std::vector<CannedResponse> responses);
  ~FakeHttpServer();

  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<RecordedRequest> requests() const;

 private:
  void Serve();
  void HandleConnection(int fd);

  std::vector<CannedResponse> responses_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<RecordedRequest> requests_;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace lathe::cli::testing
