// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// HttpServer in process, with 1-second timeouts, driven over raw loopback sockets: idle,
// silent and slow-loris connections are closed by the deadline sweep, a stalled body and an
// unread response too, while a slow handler or a trickled body within the timeout is not;
// pipelined requests are answered in order; chunked and 100-continue bodies (Beast's path).
#include "api/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/router.h"

namespace lathe::api {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~Client() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0; }

  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // One response (head + Content-Length body), or "" on EOF / 5 s without it.
  std::string ReadResponse() {
    const auto until = Clock::now() + std::chrono::seconds(5);
    while (true) {
      size_t head_end = buffer_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        size_t length = 0;
        size_t cl = buffer_.find("Content-Length: ");
        if (cl != std::string::npos && cl < head_end) length = std::stoul(buffer_.substr(cl + 16));
        if (buffer_.size() >= head_end + 4 + length) {
          std::string out = buffer_.substr(0, head_end + 4 + length);
          buffer_.erase(0, out.size());
          return out;
        }
      }
      if (Clock::now() > until || ReadSome(milliseconds(100)) == 0) {
        if (Clock::now() > until || closed_) return "";
      }
    }
  }

  // Milliseconds until the server closes the connection (EOF or reset), or -1 past `limit`.
  // Discards whatever else arrives.
  int64_t MillisUntilClosed(milliseconds limit) {
    const auto start = Clock::now();
    while (Clock::now() - start < limit) {
      ReadSome(milliseconds(20));
      if (closed_) {
        return std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
      }
    }
    return -1;
  }

  bool closed() const { return closed_; }
  size_t received() const { return received_; }

 private:
  // Reads what arrives within `wait`; returns bytes read (0 also on close, see closed_).
  size_t ReadSome(milliseconds wait) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return 0;
    char chunk[65536];
    ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) {
      closed_ = true;
      return 0;
    }
    received_ += static_cast<size_t>(n);
    if (buffer_.size() < (1 << 20)) buffer_.append(chunk, static_cast<size_t>(n));
    return static_cast<size_t>(n);
  }

  int fd_ = -1;
  std::string buffer_;
  bool closed_ = false;
  size_t received_ = 0;
};

std::string BodyOf(const std::string& response) {
  size_t at = response.find("\r\n\r\n");
  return at == std::string::npos ? "" : response.substr(at + 4);
}

class HttpServerTimeoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RouteOptions inline_route;
    inline_route.inline_handler = true;
    router_.Add(
        "GET", "/ping",
        [](HttpRequest&, RequestContext&) -> Result<HttpResponse> {
          return HttpResponse::Text(200, "pong");
        },
        inline_route);
    router_.Add("POST", "/echo", [](HttpRequest& r, RequestContext&) -> Result<HttpResponse> {
      return HttpResponse::Text(200, r.method + " " + r.path + " " + r.body);
    });
    router_.Add("GET", "/slow", [](HttpRequest&, RequestContext&) -> Result<HttpResponse> {
      std::this_thread::sleep_for(milliseconds(1800));
      return HttpResponse::Text(200, "slow");
    });
    router_.Add("GET", "/big", [](HttpRequest&, RequestContext&) -> Result<HttpResponse> {
      return HttpResponse::Text(200, std::string(size_t{64} << 20, 'x'));
    });
    HttpServerOptions options;
    options.port = 0;
    options.read_timeout = std::chrono::seconds(1);
    options.write_timeout = std::chrono::seconds(1);
    options.idle_timeout = std::chrono::seconds(1);
    options.drain_timeout = std::chrono::seconds(5);
    server_ = std::make_unique<HttpServer>(options, router_);
    ASSERT_TRUE(server_->Start().ok());
  }
  void TearDown() override { server_->Stop(); }

  uint16_t port() const { return server_->port(); }

  Router router_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTimeoutTest, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  Client c(port());
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c.Send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(BodyOf(c.ReadResponse()), "pong");
  const int64_t ms = c.MillisUntilClosed(milliseconds(4000));
  EXPECT_GE(ms, 700) << "closed before the 1 s idle timeout";
  EXPECT_LE(ms, 2500) << "not closed within 2.5 s of a 1 s idle timeout (-1: never)";
}

TEST_F(HttpServerTimeoutTest, ConnectionThatNeverSendsIsClosed) {
  Client c(port());
  ASSERT_TRUE(c.ok());
  const int64_t ms = c.MillisUntilClosed(milliseconds(4000));
  EXPECT_GE(ms, 700);
  EXPECT_LE(ms, 2500);
}

// A head trickled a line every 200 ms never goes silent, but must be complete within the idle
// timeout: the connection is closed although bytes keep coming.
TEST_F(HttpServerTimeoutTest, SlowLorisHeadIsClosed) {
  Client c(port());
  ASSERT_TRUE(c.ok());
  const auto start = Clock::now();
  ASSERT_TRUE(c.Send("GET /ping HTTP/1.1\r\n"));
  bool send_failed = false;
  while (Clock::now() - start < std::chrono::seconds(4) && !c.closed()) {
    if (!c.Send("X-Slow: a\r\n")) {
      send_failed = true;
      break;
    }
    c.MillisUntilClosed(milliseconds(200));
  }
  const auto ms = std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
  EXPECT_TRUE(c.closed() || send_failed) << "slow-loris connection still open after 4 s";
  EXPECT_LE(ms, 2600);
  EXPECT_GE(ms, 700);
}

TEST_F(HttpServerTimeoutTest, StalledBodyIsClosedButATrickledOneIsServed) {
  {
    Client c(port());
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE(c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"));
    const int64_t ms = c.MillisUntilClosed(milliseconds(4000));
    EXPECT_GE(ms, 700);
    EXPECT_LE(ms, 2500);
  }
  // 10 pieces 300 ms apart: 2.7 s in all, longer than the 1 s read timeout, but never silent
  // for a whole second.
  Client c(port());
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n"));
  for (int i = 0; i < 10; ++i) {
    std::this_thread::sleep_for(milliseconds(300));
    ASSERT_TRUE(c.Send(std::to_string(i))) << "piece " << i;
  }
  EXPECT_EQ(BodyOf(c.ReadResponse()), "POST /echo 0123456789");
}

// The handler takes longer than every timeout: the client is waiting, not stalled.
TEST_F(HttpServerTimeoutTest, SlowHandlerIsAnswered) {
  Client c(port());
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c.Send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(BodyOf(c.ReadResponse()), "slow");
  // And the connection is still usable.
  ASSERT_TRUE(c.Send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(BodyOf(c.ReadResponse()), "pong");
}

// A client that stops reading a 64 MB response is cut off once the write stalls.
TEST_F(HttpServerTimeoutTest, UnreadResponseIsCutOffByTheWriteTimeout) {
  Client c(port());
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c.Send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(milliseconds(3000));
  const int64_t ms = c.MillisUntilClosed(milliseconds(5000));
  EXPECT_GE(ms, 0) << "connection still open";
  EXPECT_LT(c.received(), size_t{64} << 20);
}

TEST_F(HttpServerTimeoutTest, PipelinedRequestsAreAnsweredInOrder) {
  Client c(port());
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(
      c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na"
             "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"
             "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nbb"
             "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
             "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nccc"));
  EXPECT_EQ(BodyOf(c.ReadResponse()), "POST /echo a");
  EXPECT_EQ(BodyOf(c.ReadResponse()), "pong");
  EXPECT_EQ(BodyOf(c.ReadResponse()), "POST /echo bb");
  std::string not_found = c.ReadResponse();
  EXPECT_EQ(not_found.rfind("HTTP/1.1 404 ", 0), 0u) << not_found;
  EXPECT_EQ(BodyOf(c.ReadResponse()), "POST /echo ccc");
}

// After an answer the next read is queued behind the other connections' work: many keep-alive
// connections taking turns, some requests split across two sends with a pause between (the
// server must then wait for the rest), each get their own answers, in order.
TEST_F(HttpServerTimeoutTest, ManyKeepAliveConnectionsTakingTurnsGetTheirOwnAnswers) {
  constexpr int kClients = 24;
  constexpr int kRounds = 30;
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<Client>(port()));
    ASSERT_TRUE(clients.back()->ok());
  }
  for (int round = 0; round < kRounds; ++round) {
    for (int i = 0; i < kClients; ++i) {
      const std::string body = std::to_string(i) + ":" + std::to_string(round);
      const std::string request = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                  std::to_string(body.size()) + "\r\n\r\n" + body;
      if ((round + i) % 7 == 0) {  // head and body in two sends, 20 ms apart
        const size_t split = request.find("\r\n\r\n") + 2;
        ASSERT_TRUE(clients[i]->Send(request.substr(0, split)));
        std::this_thread::sleep_for(milliseconds(20));
        ASSERT_TRUE(clients[i]->Send(request.substr(split)));
      } else {
        ASSERT_TRUE(clients[i]->Send(request));
      }
    }
    for (int i = 0; i < kClients; ++i) {
      const std::string expected =
          "POST /echo " + std::to_string(i) + ":" + std::to_string(round);
      ASSERT_EQ(BodyOf(clients[i]->ReadResponse()), expected) << "client " << i;
    }
  }
}

// Chunked bodies go through Beast's parser, fed the head the server already parsed.
TEST_F(HttpServerTimeoutTest, ChunkedAndContinueBodies) {
  Client c(port());
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(
      c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
             "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
             "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(BodyOf(c.ReadResponse()), "POST /echo abcde");
  EXPECT_EQ(BodyOf(c.ReadResponse()), "pong");
  ASSERT_TRUE(
      c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
             "Expect: 100-continue\r\n\r\n"));
  std::string interim = c.ReadResponse();
  EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(c.Send("wxyz"));
  EXPECT_EQ(BodyOf(c.ReadResponse()), "POST /echo wxyz");
}

// HTTP/1.0 without keep-alive: answered, then closed; a malformed head: 400, then closed.
TEST_F(HttpServerTimeoutTest, CloseAfterHttp10AndAfterA400) {
  {
    Client c(port());
    ASSERT_TRUE(c.Send("GET /ping HTTP/1.0\r\n\r\n"));
    std::string r = c.ReadResponse();
    EXPECT_EQ(BodyOf(r), "pong");
    EXPECT_NE(r.find("\r\nConnection: close\r\n"), std::string::npos) << r;
    EXPECT_GE(c.MillisUntilClosed(milliseconds(500)), 0);
  }
  Client c(port());
  ASSERT_TRUE(c.Send("GET /ping HTTP/1.1\r\nBad Header: x\r\n\r\n"));
  std::string r = c.ReadResponse();
  EXPECT_EQ(r.rfind("HTTP/1.1 400 ", 0), 0u) << r;
  EXPECT_NE(r.find("bad header field name"), std::string::npos) << r;
  EXPECT_GE(c.MillisUntilClosed(milliseconds(500)), 0);
}

}  // namespace
}  // namespace lathe::api
