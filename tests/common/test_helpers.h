// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Small helpers shared by unit and integration tests (header-only).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace lathe::testing_util {

// A loopback port with nothing listening on it (bound, then closed).
inline int UnusedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// True for "YYYY-MM-DDTHH:MM:SS.mmmZ" (no <regex>: it trips a g++ 12 warning under ASan).
inline bool IsRfc3339Millis(const std::string& s) {
  const std::string shape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (s.size() != shape.size()) return false;
  for (size_t idx = 0; idx < s.size(); ++idx) {
    bool ok = shape[idx] == 'd' ? (s[idx] >= '0' && s[idx] <= '9') : s[idx] == shape[idx];
    if (!ok) return false;
  }
  return true;
}

}  // namespace lathe::testing_util
