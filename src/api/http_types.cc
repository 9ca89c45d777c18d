// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/http_types.h"

#include <algorithm>
#include <cctype>

namespace lathe::api {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void Headers::Set(std::string_view name, std::string value) {
  std::string key = Lower(name);
  std::erase_if(entries_, [&](const auto& e) { return e.first == key; });
  entries_.emplace_back(std::move(key), std::move(value));
}

void Headers::Add(std::string_view name, std::string value) {
  entries_.emplace_back(Lower(name), std::move(value));
}

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  for (const auto& [k, v] : entries_) {  // k is lower-case
    if (k.size() != name.size()) continue;
    size_t i = 0;
    while (i < k.size() && k[i] == std::tolower(static_cast<unsigned char>(name[i]))) ++i;
    if (i == k.size()) return std::string_view(v);
  }
  return std::nullopt;
}

void HttpRequest::Reset() {
  method.clear();
  target.clear();
  path.clear();
  query.clear();
  path_params.clear();
  headers.Clear();
  if (body.capacity() > 64 * 1024) {
    std::string().swap(body);  // (move-assigning an empty string keeps the buffer)
  } else {
    body.clear();
  }
  body_file.clear();
  body_bytes = 0;
}

std::optional<std::string_view> HttpRequest::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return std::string_view(it->second);
}

HttpResponse HttpResponse::Json(int status, const nlohmann::json& value) {
  HttpResponse r;
  r.status = status;
  r.headers.Set("Content-Type", "application/json");
  // Invalid UTF-8 in user data is replaced rather than throwing.
  r.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

HttpResponse HttpResponse::Text(int status, std::string body, std::string content_type) {
  HttpResponse r;
  r.status = status;
  r.headers.Set("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

HttpResponse HttpResponse::NoContent() {
  HttpResponse r;
  r.status = 204;
  return r;
}

std::string AbsoluteUrl(std::string_view host, std::string_view path) {
  // Letters, digits, '.', '-', '_', ':' and an IPv6 literal's brackets; nothing that would end
  // the authority ('/', '?', '#', '@', spaces).
  bool plain = !host.empty() && host.size() <= 255;
  for (char c : host) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '_' || c == ':' || c == '[' || c == ']');
  }
  if (!plain) return std::string(path);
  return "http://" + std::string(host) + std::string(path);
}

Result<std::string> PercentDecode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) {
        return InvalidArgumentError("malformed percent-escape at offset " + std::to_string(i));
      }
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi < 0 || lo < 0) {
        return InvalidArgumentError("malformed percent-escape at offset " + std::to_string(i));
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<std::map<std::string, std::string>> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= query.size() && !query.empty()) {
    size_t amp = query.find('&', pos);
    std::string_view pair = query.substr(pos, amp == std::string_view::npos ? amp : amp - pos);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      LATHE_ASSIGN_OR_RETURN(std::string key, PercentDecode(pair.substr(0, eq), true));
      std::string value;
      if (eq != std::string_view::npos) {
        LATHE_ASSIGN_OR_RETURN(value, PercentDecode(pair.substr(eq + 1), true));
      }
      out[std::move(key)] = std::move(value);
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return out;
}

}  // namespace lathe::api
