// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// HttpServer: asynchronous HTTP/1.1 on Boost.Beast + Asio, hidden behind a pimpl so no Beast type
// leaks out. Keep-alive, many connections on a few I/O threads, handlers on a separate worker pool
// (an upload being parsed never stalls /healthz), per-route body limits, header and timeout
// limits, bodies of spooling routes streamed to files, graceful Stop() that lets in-flight
// requests finish. Start/Stop/Wait are called from one controlling thread.
//
//   Router router; router.Add("GET", "/healthz", Healthz, {.inline_handler = true});
//   HttpServer server(options, router);
//   LATHE_RETURN_IF_ERROR(server.Start());   // listening once this returns
//   ...; server.Stop();
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "api/router.h"
#include "core/status.h"

namespace lathe::api {

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // address to bind
  uint16_t port = 8080;            // 0 picks a free port (see HttpServer::port())
  int io_threads = 1;              // threads running the sockets
  int worker_threads = 2;          // threads running non-inline handlers
  uint32_t max_header_bytes = 16 * 1024;  // larger request headers get 431
  std::chrono::seconds read_timeout{60};  // longest silence while reading a request
  std::chrono::seconds write_timeout{60};  // longest silence while writing a response
  std::chrono::seconds idle_timeout{60};   // keep-alive connection with no request
  std::chrono::seconds drain_timeout{30};  // Stop() waits this long for in-flight requests
  std::string spool_dir;                   // where spooling routes write bodies (must exist)
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, const Router& router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving. Unavailable if the address cannot be bound.
  Status Start();
  // The bound port (useful after binding port 0).
  uint16_t port() const;
  // Stops accepting, finishes in-flight requests (up to drain_timeout), closes idle connections,
  // and joins all threads. Idempotent.
  void Stop();

  class Impl;  // defined in http_server.cc; public only so its connection type can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace lathe::api
