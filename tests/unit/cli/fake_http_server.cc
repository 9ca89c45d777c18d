// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "unit/cli/fake_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace lathe::cli::testing {
namespace {

size_t ContentLength(const std::string& head) {
  std::string lower(head);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const size_t pos = lower.find("\r\ncontent-length:");
  if (pos == std::string::npos) return 0;
  return std::stoul(lower.substr(pos + 17));
}

void WriteAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

}  // namespace

FakeHttpServer::FakeHttpServer(std::vector<CannedResponse> responses)
    : responses_(std::move(responses)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("FakeHttpServer: cannot listen on 127.0.0.1");
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

FakeHttpServer::~FakeHttpServer() {
  stop_ = true;
  thread_.join();
  ::close(listen_fd_);
}

std::vector<RecordedRequest> FakeHttpServer::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

void FakeHttpServer::Serve() {
  while (!stop_) {
    pollfd entry{listen_fd_, POLLIN, 0};
    if (::poll(&entry, 1, 50) <= 0) continue;
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    HandleConnection(fd);
    ::close(fd);
  }
}

void FakeHttpServer::HandleConnection(int fd) {
  std::string data;
  char buffer[65536];
  size_t head_end = std::string::npos;
  while (head_end == std::string::npos) {
    const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) return;
    data.append(buffer, static_cast<size_t>(n));
    head_end = data.find("\r\n\r\n");
  }
  RecordedRequest request;
  request.head = data.substr(0, head_end + 2);
  const size_t body_size = ContentLength(request.head);
  while (data.size() < head_end + 4 + body_size) {
    const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<size_t>(n));
  }
  request.body = data.substr(head_end + 4);
  const size_t first_space = request.head.find(' ');
  request.method = request.head.substr(0, first_space);
  request.target = request.head.substr(first_space + 1,
                                       request.head.find(' ', first_space + 1) - first_space - 1);
  size_t index = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(request);
    index = std::min(requests_.size(), responses_.size()) - 1;
  }
  const CannedResponse& response = responses_.at(index);
  std::string reply = "HTTP/1.1 " + std::to_string(response.status) + " X\r\n";
  if (!response.content_type.empty()) reply += "Content-Type: " + response.content_type + "\r\n";
  for (const auto& header : response.headers) reply += header + "\r\n";
  reply += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  reply += "Connection: close\r\n\r\n" + response.body;
  WriteAll(fd, reply);
}

}  // namespace lathe::cli::testing
