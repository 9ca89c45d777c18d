// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/http_request_head.h"

#include <gtest/gtest.h>

#include <string>

namespace lathe::api {
namespace {

HeadParse Parse(std::string_view bytes, HttpRequest* request, RequestHead* head,
                size_t max_bytes = 16 * 1024) {
  return ParseRequestHead(bytes, max_bytes, request, head);
}

TEST(HttpRequestHeadTest, ParsesRequestLineHeadersPathAndQuery) {
  const std::string head_text =
      "POST /endpoints/my%20model/invocations?explain=true&x=a%2Bb HTTP/1.1\r\n"
      "Host: 127.0.0.1:8080\r\n"
      "Content-Type:  text/csv \r\n"
      "Content-Length: 7\r\n"
      "X-Amzn-SageMaker-Target-Variant: blue\r\n"
      "\r\n";
  const std::string bytes = head_text + "1,2,3.5";
  HttpRequest r;
  RequestHead h;
  ASSERT_EQ(Parse(bytes, &r, &h), HeadParse::kDone) << h.error;
  EXPECT_EQ(h.head_bytes, head_text.size());
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/endpoints/my%20model/invocations?explain=true&x=a%2Bb");
  EXPECT_EQ(r.path, "/endpoints/my model/invocations");
  EXPECT_EQ(r.query.at("explain"), "true");
  EXPECT_EQ(r.query.at("x"), "a+b");
  EXPECT_EQ(r.headers.Get("content-type").value_or("?"), "text/csv");  // blanks trimmed
  EXPECT_EQ(r.headers.Get("X-AMZN-SAGEMAKER-TARGET-VARIANT").value_or("?"), "blue");
  EXPECT_EQ(r.headers.Get("host").value_or("?"), "127.0.0.1:8080");
  ASSERT_TRUE(h.content_length.has_value());
  EXPECT_EQ(*h.content_length, 7u);
  EXPECT_TRUE(h.keep_alive);
  EXPECT_FALSE(h.has_transfer_encoding);
  EXPECT_FALSE(h.expect_continue);
  EXPECT_EQ(h.version_minor, 1);
}

// Every prefix of a head is incomplete (or, once the request line is in, still incomplete):
// never kDone early and never an error on a valid head cut anywhere.
TEST(HttpRequestHeadTest, EveryPrefixIsIncompleteThenTheWholeHeadIsDone) {
  const std::string bytes = "GET /healthz HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n";
  for (size_t n = 0; n < bytes.size(); ++n) {
    HttpRequest r;
    RequestHead h;
    EXPECT_EQ(Parse(bytes.substr(0, n), &r, &h), HeadParse::kIncomplete) << "prefix " << n;
  }
  HttpRequest r;
  RequestHead h;
  ASSERT_EQ(Parse(bytes, &r, &h), HeadParse::kDone);
  EXPECT_EQ(r.path, "/healthz");
  EXPECT_FALSE(h.content_length.has_value());
}

TEST(HttpRequestHeadTest, PipelinedHeadsParseOneAtATime) {
  const std::string first = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string second = "GET /b?q=1 HTTP/1.1\r\nHost: y\r\n\r\n";
  const std::string all = first + second;
  std::string_view bytes = all;
  HttpRequest r;
  RequestHead h;
  ASSERT_EQ(Parse(bytes, &r, &h), HeadParse::kDone);
  EXPECT_EQ(r.path, "/a");
  bytes.remove_prefix(h.head_bytes);
  r.Reset();
  ASSERT_EQ(Parse(bytes, &r, &h), HeadParse::kDone);
  EXPECT_EQ(r.path, "/b");
  EXPECT_EQ(r.query.at("q"), "1");
  EXPECT_EQ(r.headers.Get("host").value_or("?"), "y");
  EXPECT_EQ(h.head_bytes, second.size());
}

TEST(HttpRequestHeadTest, KeepAliveFollowsVersionAndConnectionTokens) {
  struct Case {
    std::string head;
    bool keep_alive;
  } cases[] = {
      {"GET / HTTP/1.1\r\n\r\n", true},
      {"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false},
      {"GET / HTTP/1.1\r\nConnection: Upgrade, CLOSE\r\n\r\n", false},
      {"GET / HTTP/1.0\r\n\r\n", false},
      {"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true},
      {"GET / HTTP/1.0\r\nconnection: keep-alive, close\r\n\r\n", false},
  };
  for (const Case& c : cases) {
    HttpRequest r;
    RequestHead h;
    ASSERT_EQ(Parse(c.head, &r, &h), HeadParse::kDone) << c.head << h.error;
    EXPECT_EQ(h.keep_alive, c.keep_alive) << c.head;
  }
}

TEST(HttpRequestHeadTest, TransferEncodingAndExpectAreReported) {
  HttpRequest r;
  RequestHead h;
  ASSERT_EQ(Parse("POST /u HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-Continue\r\n\r\n",
                  &r, &h),
            HeadParse::kDone);
  EXPECT_TRUE(h.has_transfer_encoding);
  EXPECT_TRUE(h.expect_continue);
  EXPECT_FALSE(h.content_length.has_value());
}

TEST(HttpRequestHeadTest, HeadOverTheLimitIsTooLarge) {
  const std::string bytes = "GET / HTTP/1.1\r\nX-Big: " + std::string(200, 'a') + "\r\n\r\n";
  HttpRequest r;
  RequestHead h;
  EXPECT_EQ(Parse(bytes, &r, &h, 100), HeadParse::kTooLarge);
  EXPECT_EQ(Parse(bytes.substr(0, 150), &r, &h, 100), HeadParse::kTooLarge);
  EXPECT_EQ(Parse(bytes.substr(0, 90), &r, &h, 100), HeadParse::kIncomplete);
  EXPECT_EQ(Parse(bytes, &r, &h, bytes.size()), HeadParse::kDone);
}

TEST(HttpRequestHeadTest, MalformedHeadsSayWhatAndWhere) {
  struct Case {
    std::string bytes;
    std::string error;  // a part of the expected message
  } cases[] = {
      {"THIS IS NOT HTTP\r\n\r\n", "bad version"},
      {"GET /x HTTP/2.0\r\n\r\n", "bad version (byte 8"},
      {"G(T / HTTP/1.1\r\n\r\n", "bad method (byte 2"},
      {" GET / HTTP/1.1\r\n\r\n", "bad method (byte 1"},
      {"GET  HTTP/1.1\r\n\r\n", "bad target"},
      {"GET /a\x01 HTTP/1.1\r\n\r\n", "bad target (byte 7"},
      {"GET x HTTP/1.1\r\n\r\n", "must start with '/'"},
      {"GET /a%zz HTTP/1.1\r\n\r\n", "malformed request target"},
      {"GET / HTTP/1.1\r\nHost x\r\n\r\n", "bad header field name (byte 21"},
      {"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", "bad header field name"},
      {"GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", "folded header line (byte 23"},
      {"GET / HTTP/1.1\r\nA: b\x01\r\n\r\n", "bad character in header value (byte 21"},
      {"POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", "bad Content-Length"},
      {"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", "bad Content-Length"},
      {"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", "bad Content-Length"},
      {"POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", "conflicting"},
  };
  for (const Case& c : cases) {
    HttpRequest r;
    RequestHead h;
    EXPECT_EQ(Parse(c.bytes, &r, &h), HeadParse::kMalformed) << c.bytes;
    EXPECT_NE(h.error.find(c.error), std::string::npos) << c.bytes << " -> " << h.error;
  }
  // The same Content-Length twice is accepted.
  HttpRequest r;
  RequestHead h;
  EXPECT_EQ(Parse("POST / HTTP/1.1\r\nContent-Length: 3\r\ncontent-length: 3\r\n\r\n", &r, &h),
            HeadParse::kDone);
  EXPECT_EQ(h.content_length.value_or(0), 3u);
}

// A bad request line is refused as soon as it is in, without waiting for the end of the head.
TEST(HttpRequestHeadTest, BadRequestLineIsRefusedBeforeTheHeadEnds) {
  HttpRequest r;
  RequestHead h;
  EXPECT_EQ(Parse("NOT HTTP AT ALL\r\nHost: x\r\n", &r, &h), HeadParse::kMalformed);
  EXPECT_EQ(Parse("GET / HTTP/1.1\r\nHost: x\r\n", &r, &h), HeadParse::kIncomplete);
}

}  // namespace
}  // namespace lathe::api
