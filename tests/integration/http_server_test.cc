// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
// The HTTP layer of `lathe serve` against the real server: routing errors, limits, keep-alive,
// concurrency, metrics, request ids and graceful shutdown.
#include <sys/wait.h>

#include <atomic>
#include <csignal>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "integration/raw_http.h"
#include "integration/server_fixture.h"

namespace lathe::testing {
namespace {

class HttpServerTest : public ServerTest {
 protected:
  ServerOptions ServerOptionsForTest() override {
    ServerOptions o;
    o.extra_args = {"--max-upload-bytes", "100000", "--log-level", "debug"};  // debug: shutdown steps in the log
    return o;
  }
};

TEST_F(HttpServerTest, HealthzAnswersWithRequestId) {
  HttpResult r = Get(server().url("/healthz"));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.Json()["status"], "ok");
  EXPECT_EQ(r.Header("x-request-id").substr(0, 4), "req_");
  EXPECT_EQ(Get(server().url("/readyz")).Json()["status"], "ready");
}

TEST_F(HttpServerTest, EchoesAClientRequestId) {
  HttpResult r = Send("GET", server().url("/healthz"), "", "", {"X-Request-Id: trace-42"});
  EXPECT_EQ(r.Header("x-request-id"), "trace-42");
}

TEST_F(HttpServerTest, UnknownRouteIs404WithErrorShape) {
  HttpResult r = Get(server().url("/api/v1/nothing-here"));
  ASSERT_EQ(r.status, 404) << r;
  nlohmann::json j = r.Json();
  EXPECT_EQ(j["error"]["code"], "NotFound");
  EXPECT_NE(j["error"]["message"].get<std::string>().find("/api/v1/nothing-here"),
            std::string::npos);
  EXPECT_TRUE(j["error"]["request_id"].is_string());
}

TEST_F(HttpServerTest, WrongMethodIs405WithAllowHeader) {
  HttpResult r = Send("PUT", server().url("/api/v1/datasets"));
  ASSERT_EQ(r.status, 405) << r;
  EXPECT_EQ(r.Json()["error"]["code"], "MethodNotAllowed");
  EXPECT_EQ(r.Header("allow"), "GET, POST");
}

TEST_F(HttpServerTest, MalformedJsonIs400WithByteOffset) {
  HttpResult up = Post(server().url("/api/v1/datasets?name=t"), "a,b\n1,2\n", "text/csv");
  ASSERT_EQ(up.status, 201) << up;
  HttpResult r = Post(server().url("/api/v1/datasets/t/profile"), R"({"target": tru})",
                      "application/json");
  ASSERT_EQ(r.status, 400) << r;
  EXPECT_EQ(r.Json()["error"]["code"], "ValidationError");
  EXPECT_EQ(r.Json()["error"]["details"]["offset"], 14);  // where "tru" turns out wrong
  HttpResult unknown = Post(server().url("/api/v1/datasets/t/profile"), R"({"taget": "a"})",
                            "application/json");
  EXPECT_EQ(unknown.status, 400) << unknown;
  EXPECT_EQ(unknown.Json()["error"]["details"]["field"], "taget");
}

TEST_F(HttpServerTest, BodyOverTheRouteLimitIs413AndServerStaysUp) {
  std::string big = "a,b\n";
  while (big.size() < 200000) big += "1,2\n";
  HttpResult r = Post(server().url("/api/v1/datasets?name=big"), big, "text/csv");
  ASSERT_EQ(r.status, 413) << r;
  EXPECT_EQ(r.Json()["error"]["code"], "PayloadTooLarge");
  EXPECT_EQ(r.Json()["error"]["details"]["limit_bytes"], 100000);
  EXPECT_EQ(Get(server().url("/healthz")).status, 200);
  EXPECT_EQ(Get(server().url("/api/v1/datasets")).Json()["total"], 0);
}

TEST_F(HttpServerTest, ChunkedBodyOverTheLimitIs413) {
  RawConnection c(server().port());
  ASSERT_TRUE(c.connected());
  std::string chunk(60000, 'x');
  char size_line[32];
  std::snprintf(size_line, sizeof(size_line), "%zx\r\n", chunk.size());
  ASSERT_TRUE(c.Send("POST /api/v1/datasets?name=c HTTP/1.1\r\nHost: x\r\n"
                     "Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n"));
  c.Send(std::string(size_line) + chunk + "\r\n");
  c.Send(std::string(size_line) + chunk + "\r\n");
  std::string response = c.ReadResponse();
  EXPECT_EQ(StatusOf(response), 413) << response;
}

TEST_F(HttpServerTest, HugeHeaderIs431) {
  RawConnection c(server().port());
  ASSERT_TRUE(c.connected());
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  std::string response = c.ReadResponse();
  EXPECT_EQ(StatusOf(response), 431) << response.substr(0, 200);
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  RawConnection c(server().port());
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string response = c.ReadResponse();
    ASSERT_EQ(StatusOf(response), 200) << "request " << i << ": " << response;
  }
  // Pipelined: two requests in one write, two responses in order.
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                     "GET /api/v1/nope HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(StatusOf(c.ReadResponse()), 200);
  EXPECT_EQ(StatusOf(c.ReadResponse()), 404);
}

// Small bodies that arrive with their header, pipelined after another request, or after the
// header in a later packet; and the response head the server writes by hand.
TEST_F(HttpServerTest, SmallBodiesPipelinedOrSplitAndTheResponseHead) {
  RawConnection c(server().port());
  ASSERT_TRUE(c.connected());
  const std::string invoke =
      "POST /endpoints/nope/invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
      "Content-Length: 7\r\n\r\n1,2,3.5";
  ASSERT_TRUE(c.Send(invoke + invoke + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  for (int i = 0; i < 2; ++i) {
    std::string response = c.ReadResponse();
    ASSERT_EQ(StatusOf(response), 400) << "request " << i << ": " << response;
    EXPECT_EQ(response.rfind("HTTP/1.1 400 Bad Request\r\nServer: lathe\r\n", 0), 0u) << response;
    EXPECT_NE(response.find("\r\nx-amzn-errortype: ValidationError\r\n"), std::string::npos);
    EXPECT_NE(response.find("\r\nx-request-id: req_"), std::string::npos) << response;
    EXPECT_EQ(response.find("Connection: close"), std::string::npos) << response;
    const size_t body_at = response.find("\r\n\r\n") + 4;
    EXPECT_NE(response.find("\r\nContent-Length: " + std::to_string(response.size() - body_at) +
                            "\r\n"),
              std::string::npos)
        << response;
    EXPECT_NE(response.find("Endpoint nope not found."), std::string::npos) << response;
  }
  EXPECT_EQ(StatusOf(c.ReadResponse()), 200);
  // The body in a later packet than the header.
  ASSERT_TRUE(c.Send(invoke.substr(0, invoke.size() - 5)));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(c.Send(invoke.substr(invoke.size() - 5)));
  EXPECT_EQ(StatusOf(c.ReadResponse()), 400);
  // A client that asks to close gets "Connection: close", then the close.
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  std::string last = c.ReadResponse();
  EXPECT_EQ(StatusOf(last), 200) << last;
  EXPECT_NE(last.find("\r\nConnection: close\r\n"), std::string::npos) << last;
  EXPECT_TRUE(c.WaitForClose(std::chrono::seconds(5)));
}

TEST_F(HttpServerTest, GarbageRequestLineIs400AndConnectionCloses) {
  RawConnection c(server().port());
  ASSERT_TRUE(c.connected());
  c.Send("THIS IS NOT HTTP\r\n\r\n");
  std::string response = c.ReadResponse();
  EXPECT_EQ(StatusOf(response), 400) << response;
  EXPECT_TRUE(c.WaitForClose(std::chrono::seconds(5)));
  EXPECT_EQ(Get(server().url("/healthz")).status, 200);
}

TEST_F(HttpServerTest, ManyConcurrentConnections) {
  constexpr int kThreads = 32;
  constexpr int kRequestsEach = 20;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      RawConnection c(server().port());
      for (int i = 0; i < kRequestsEach && c.connected(); ++i) {
        c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        if (StatusOf(c.ReadResponse()) == 200) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kThreads * kRequestsEach);
}

TEST_F(HttpServerTest, MetricsCountRequestsPerRouteAndStatus) {
  Get(server().url("/healthz"));
  Get(server().url("/api/v1/datasets/missing"));
  HttpResult m = Get(server().url("/metrics"));
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.body.find(R"(lathe_http_requests_total{method="GET",route="/healthz",status="200"})"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find(R"(route="/api/v1/datasets/{id}",status="404")"), std::string::npos);
  // Labels are sorted, with the bucket bound last.
  EXPECT_NE(m.body.find(R"(lathe_http_request_duration_seconds_bucket{method="GET",)"
                        R"(route="/healthz",status="200",le="+Inf"})"),
            std::string::npos);
}

TEST_F(HttpServerTest, StudioIsServedToClientsWithAndWithoutGzip) {
  RawConnection c(server().port());
  ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string plain = c.ReadResponse();
  ASSERT_EQ(StatusOf(plain), 200) << plain.substr(0, 300);
  std::string lower = plain;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_EQ(lower.find("content-encoding: gzip"), std::string::npos);
  EXPECT_NE(lower.find("<!doctype html"), std::string::npos);
  // A client route of the single-page app gets the same page.
  ASSERT_TRUE(c.Send("GET /datasets/ds_x HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"));
  EXPECT_EQ(StatusOf(c.ReadResponse()), 200);
}

TEST_F(HttpServerTest, OpenApiListsTheRoutes) {
  HttpResult r = Get(server().url("/api/openapi.json"));
  ASSERT_EQ(r.status, 200);
  nlohmann::json doc = r.Json();
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_TRUE(doc["paths"]["/api/v1/datasets"].contains("post"));
  EXPECT_TRUE(doc["paths"]["/api/v1/datasets/{id}/rows"].contains("get"));
}

TEST_F(HttpServerTest, SigtermFinishesTheRequestInFlight) {
  // Half an upload is on the wire when SIGTERM arrives; the server must finish it, answer, and
  // only then exit cleanly. An idle keep-alive connection must not hold the shutdown up.
  RawConnection idle(server().port());
  ASSERT_TRUE(idle.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_EQ(StatusOf(idle.ReadResponse()), 200);

  std::string body = "x,y\n";
  for (int i = 0; i < 2000; ++i) body += std::to_string(i) + "," + std::to_string(i * 2) + "\n";
  RawConnection c(server().port());
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.Send("POST /api/v1/datasets?name=inflight HTTP/1.1\r\nHost: x\r\n"
                     "Content-Type: text/csv\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, body.size() / 2)));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(::kill(server().pid(), SIGTERM), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(c.Send(body.substr(body.size() / 2)));
  std::string response = c.ReadResponse();
  EXPECT_EQ(StatusOf(response), 201) << response;
  EXPECT_NE(response.find("\"rows\":2000"), std::string::npos) << response;
  int status = server().Kill(0);  // signal 0: just wait for the exit
  ASSERT_TRUE(WIFEXITED(status)) << "status " << status << "\n" << server().LogTail();
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_TRUE(idle.WaitForClose(std::chrono::seconds(1)));
}

}  // namespace
}  // namespace lathe::testing
