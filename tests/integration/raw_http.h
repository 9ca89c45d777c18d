// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// A raw TCP connection to the test server, for what a normal HTTP client hides: several requests
// on one keep-alive connection, a request cut off halfway, a body sent in pieces.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace lathe::testing {

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; connected() says whether it worked.
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Writes all bytes; false on error.
  bool Send(std::string_view bytes);
  // Reads one HTTP response (header + Content-Length body). Empty on EOF/timeout.
  std::string ReadResponse(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // True when the peer closed the connection (EOF) within `timeout`.
  bool WaitForClose(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  std::string buffer_;
};

// The status code of a raw response ("HTTP/1.1 200 OK..." -> 200), or 0.
int StatusOf(std::string_view response);

}  // namespace lathe::testing
