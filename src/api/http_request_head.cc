// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/http_request_head.h"

#include <cstring>

namespace lathe::api {
namespace {

// RFC 9110 tchar: the characters of a method or a field name.
bool IsTokenChar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

// Field-value characters: visible ASCII, obs-text, space and tab (no other control character).
bool IsValueChar(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); }

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != lower[i]) return false;
  }
  return true;
}

std::string_view TrimBlanks(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

HeadParse Malformed(RequestHead* head, std::string what, size_t at) {
  head->error = what + " (byte " + std::to_string(at + 1) + " of the request head)";
  return HeadParse::kMalformed;
}

// "METHOD SP target SP HTTP/1.x" (without its CRLF). Fills method, target and the version.
HeadParse ParseRequestLine(std::string_view line, HttpRequest* request, RequestHead* head) {
  size_t p = 0;
  while (p < line.size() && IsTokenChar(static_cast<unsigned char>(line[p]))) ++p;
  if (p == 0 || p >= line.size() || line[p] != ' ') {
    return Malformed(head, "malformed HTTP request: bad method", p);
  }
  request->method.assign(line.data(), p);
  const size_t target_at = ++p;
  while (p < line.size() && line[p] != ' ') {
    const auto c = static_cast<unsigned char>(line[p]);
    if (c < 0x21 || c == 0x7f) return Malformed(head, "malformed HTTP request: bad target", p);
    ++p;
  }
  if (p == target_at || p >= line.size()) {
    return Malformed(head, "malformed HTTP request: bad target", p);
  }
  request->target.assign(line.data() + target_at, p - target_at);
  std::string_view version = line.substr(p + 1);
  if (version.size() != 8 || version.substr(0, 7) != "HTTP/1." || version[7] < '0' ||
      version[7] > '9') {
    return Malformed(head, "malformed HTTP request: bad version", p + 1);
  }
  head->version_minor = version[7] - '0';
  return HeadParse::kDone;
}

HeadParse ParseContentLength(std::string_view value, size_t at, RequestHead* head) {
  if (value.empty() || value.size() > 19) {
    return Malformed(head, "malformed HTTP request: bad Content-Length", at);
  }
  uint64_t n = 0;
  for (char c : value) {
    if (c < '0' || c > '9')
      return Malformed(head, "malformed HTTP request: bad Content-Length", at);
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  if (head->content_length && *head->content_length != n) {
    return Malformed(head, "malformed HTTP request: conflicting Content-Length values", at);
  }
  head->content_length = n;
  return HeadParse::kDone;
}

// Connection: a comma-separated list of tokens; sets *close / *keep_alive when named.
void ReadConnectionTokens(std::string_view value, bool* close, bool* keep_alive) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view token = TrimBlanks(value.substr(0, comma));
    if (EqualsLower(token, "close")) *close = true;
    if (EqualsLower(token, "keep-alive")) *keep_alive = true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
}

// Splits the target into the decoded path and the query.
HeadParse FillPath(HttpRequest* request, RequestHead* head) {
  std::string_view target = request->target;
  const size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  if (raw_path.find('%') == std::string_view::npos) {
    request->path.assign(raw_path.data(), raw_path.size());  // reuses the string's capacity
  } else {
    Result<std::string> decoded = PercentDecode(raw_path, false);
    if (!decoded.ok()) {
      head->error = "malformed request target: " + decoded.status().message();
      return HeadParse::kMalformed;
    }
    request->path = std::move(decoded).value();
  }
  if (request->path.empty() || request->path[0] != '/') {
    head->error = "request target must start with '/': " + request->target;
    return HeadParse::kMalformed;
  }
  if (q != std::string_view::npos) {
    Result<std::map<std::string, std::string>> query = ParseQuery(target.substr(q + 1));
    if (!query.ok()) {
      head->error = "malformed request query: " + query.status().message();
      return HeadParse::kMalformed;
    }
    request->query = std::move(query).value();
  }
  return HeadParse::kDone;
}

}  // namespace

HeadParse ParseRequestHead(std::string_view bytes, size_t max_bytes, HttpRequest* request,
                           RequestHead* head) {
  *head = RequestHead{};
  const std::string_view window = bytes.substr(0, max_bytes);
  const size_t end = window.find("\r\n\r\n");
  const size_t first_eol = window.find("\r\n");
  if (end == std::string_view::npos) {
    // Refuse a bad request line without waiting for the rest of the head.
    if (first_eol != std::string_view::npos) {
      HttpRequest scratch;
      RequestHead line_head;
      if (ParseRequestLine(window.substr(0, first_eol), &scratch, &line_head) != HeadParse::kDone) {
        head->error = std::move(line_head.error);
        return HeadParse::kMalformed;
      }
    }
    return bytes.size() >= max_bytes ? HeadParse::kTooLarge : HeadParse::kIncomplete;
  }
  head->head_bytes = end + 4;
  if (HeadParse r = ParseRequestLine(window.substr(0, first_eol), request, head);
      r != HeadParse::kDone) {
    return r;
  }
  bool close = false, keep_alive_token = false;
  size_t pos = first_eol + 2;
  while (pos < end + 2) {
    const size_t eol = window.find("\r\n", pos);  // found: the head ends with CRLF CRLF
    std::string_view line = window.substr(pos, eol - pos);
    const auto first = static_cast<unsigned char>(line.empty() ? '\0' : line[0]);
    if (first == ' ' || first == '\t') {
      return Malformed(head, "malformed HTTP request: folded header line", pos);
    }
    size_t colon = 0;
    while (colon < line.size() && IsTokenChar(static_cast<unsigned char>(line[colon]))) ++colon;
    if (colon == 0 || colon >= line.size() || line[colon] != ':') {
      return Malformed(head, "malformed HTTP request: bad header field name", pos + colon);
    }
    for (size_t i = colon + 1; i < line.size(); ++i) {
      if (!IsValueChar(static_cast<unsigned char>(line[i]))) {
        return Malformed(head, "malformed HTTP request: bad character in header value", pos + i);
      }
    }
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = TrimBlanks(line.substr(colon + 1));
    if (EqualsLower(name, "content-length")) {
      if (HeadParse r = ParseContentLength(value, pos + colon + 1, head); r != HeadParse::kDone) {
        return r;
      }
    } else if (EqualsLower(name, "transfer-encoding")) {
      head->has_transfer_encoding = true;
    } else if (EqualsLower(name, "connection")) {
      ReadConnectionTokens(value, &close, &keep_alive_token);
    } else if (EqualsLower(name, "expect")) {
      head->expect_continue = EqualsLower(value, "100-continue");
    }
    request->headers.Add(name, std::string(value));
    pos = eol + 2;
  }
  head->keep_alive = !close && (head->version_minor >= 1 || keep_alive_token);
  return FillPath(request, head);
}

}  // namespace lathe::api
