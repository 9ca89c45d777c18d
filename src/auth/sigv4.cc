// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "auth/sigv4.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>

#include "auth/crypto.h"

namespace lathe::auth {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return InvalidArgumentError("malformed percent escape at position " + std::to_string(i) +
                                  " of the query string");
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

bool IsLowerHex(std::string_view s, size_t length) {
  return s.size() == length && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(sep, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

Status ParseCredential(std::string_view value, SigV4Authorization* out) {
  std::vector<std::string_view> parts = Split(value, '/');
  if (parts.size() != 5 || parts[4] != "aws4_request") {
    return InvalidArgumentError("Credential must be '<access_key_id>/<YYYYMMDD>/<region>/<service>"
                                "/aws4_request', got '" + std::string(value) + "'");
  }
  if (parts[1].size() != 8 || !AllDigits(parts[1])) {
    return InvalidArgumentError("the Credential date must be YYYYMMDD, got '" +
                                std::string(parts[1]) + "'");
  }
  if (parts[0].empty() || parts[2].empty() || parts[3].empty()) {
    return InvalidArgumentError("the Credential has an empty access key id, region or service");
  }
  out->access_key_id = parts[0];
  out->date = parts[1];
  out->region = parts[2];
  out->service = parts[3];
  return Status::Ok();
}

// First value of a header, or "".
std::string_view HeaderValue(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

bool HasHeader(const HeaderList& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& kv) { return kv.first == name; });
}

std::string FormatAmzDate(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// Quotes a multi-line text for an error message: newlines shown as "\n".
std::string Quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

}  // namespace

std::string SigV4Authorization::CredentialScope() const {
  return date + "/" + region + "/" + service + "/aws4_request";
}

Result<SigV4Authorization> ParseSigV4Authorization(std::string_view header) {
  header = Trim(header);
  if (!header.starts_with(kSigV4Algorithm) ||
      (header.size() > kSigV4Algorithm.size() && header[kSigV4Algorithm.size()] != ' ')) {
    return InvalidArgumentError("the Authorization header must start with AWS4-HMAC-SHA256");
  }
  SigV4Authorization out;
  bool have_credential = false;
  bool have_signed_headers = false;
  bool have_signature = false;
  for (std::string_view part : Split(header.substr(kSigV4Algorithm.size()), ',')) {
    part = Trim(part);
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return InvalidArgumentError("Authorization component '" + std::string(part) +
                                  "' is not Name=Value");
    }
    std::string_view name = part.substr(0, eq);
    std::string_view value = part.substr(eq + 1);
    if (name == "Credential") {
      LATHE_RETURN_IF_ERROR(ParseCredential(value, &out));
      have_credential = true;
    } else if (name == "SignedHeaders") {
      if (value.empty()) return InvalidArgumentError("SignedHeaders is empty");
      out.signed_headers = value;
      for (std::string_view h : Split(value, ';')) {
        if (h.empty()) return InvalidArgumentError("SignedHeaders has an empty name");
        std::string lower(h);
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        out.signed_header_names.push_back(std::move(lower));
      }
      have_signed_headers = true;
    } else if (name == "Signature") {
      if (!IsLowerHex(value, 64)) {
        return InvalidArgumentError("Signature must be 64 lowercase hex digits");
      }
      out.signature = value;
      have_signature = true;
    }
  }
  if (!have_credential) return InvalidArgumentError("the Authorization header has no Credential");
  if (!have_signed_headers) {
    return InvalidArgumentError("the Authorization header has no SignedHeaders");
  }
  if (!have_signature) return InvalidArgumentError("the Authorization header has no Signature");
  return out;
}

std::string UriEncode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

std::string CanonicalUri(std::string_view raw_path) {
  if (raw_path.empty()) return "/";
  std::vector<std::string_view> kept;
  for (std::string_view segment : Split(raw_path, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
      continue;
    }
    kept.push_back(segment);
  }
  std::string path = raw_path.front() == '/' ? "/" : "";
  for (size_t idx = 0; idx < kept.size(); ++idx) {
    if (idx > 0) path += '/';
    path += kept[idx];
  }
  if (raw_path.back() == '/' && !kept.empty()) path += '/';
  return UriEncode(path, /*keep_slash=*/true);
}

Result<std::string> CanonicalQueryString(std::string_view raw_query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::string_view item : Split(raw_query, '&')) {
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    LATHE_ASSIGN_OR_RETURN(std::string name, PercentDecode(item.substr(0, eq)));
    std::string value;
    if (eq != std::string_view::npos) {
      LATHE_ASSIGN_OR_RETURN(value, PercentDecode(item.substr(eq + 1)));
    }
    pairs.emplace_back(UriEncode(name, false), UriEncode(value, false));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

Result<std::string> CanonicalHeaders(const HeaderList& headers,
                                     const std::vector<std::string>& signed_header_names) {
  std::string out;
  for (const std::string& name : signed_header_names) {
    std::string joined;
    bool found = false;
    for (const auto& [key, value] : headers) {
      if (key != name) continue;
      std::string collapsed;
      for (char c : Trim(value)) {
        if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
        collapsed.push_back(c);
      }
      if (found) joined += ',';
      joined += collapsed;
      found = true;
    }
    if (!found) {
      return InvalidArgumentError("signed header '" + name + "' is not in the request");
    }
    out += name + ":" + joined + "\n";
  }
  return out;
}

Result<std::string> CanonicalRequest(const SigV4Request& request,
                                     const SigV4Authorization& authorization) {
  const size_t q = request.target.find('?');
  std::string_view raw_path = request.target.substr(0, q);
  std::string_view raw_query =
      q == std::string_view::npos ? std::string_view() : request.target.substr(q + 1);
  LATHE_ASSIGN_OR_RETURN(std::string query, CanonicalQueryString(raw_query));
  LATHE_ASSIGN_OR_RETURN(std::string headers,
                         CanonicalHeaders(*request.headers, authorization.signed_header_names));
  std::string out;
  out.reserve(256 + headers.size());
  out.append(request.method).append("\n");
  out.append(CanonicalUri(raw_path)).append("\n");
  out.append(query).append("\n");
  out.append(headers).append("\n");
  out.append(authorization.signed_headers).append("\n");
  out.append(request.payload_sha256);
  return out;
}

std::string StringToSign(std::string_view amz_date, std::string_view credential_scope,
                         std::string_view canonical_request) {
  std::string out(kSigV4Algorithm);
  out.append("\n").append(amz_date).append("\n").append(credential_scope).append("\n");
  out.append(HexEncode(Sha256Raw(canonical_request)));
  return out;
}

std::string DeriveSigningKey(std::string_view secret, std::string_view date,
                             std::string_view region, std::string_view service) {
  std::string key = HmacSha256("AWS4" + std::string(secret), date);
  key = HmacSha256(key, region);
  key = HmacSha256(key, service);
  return HmacSha256(key, "aws4_request");
}

Result<int64_t> ParseAmzDate(std::string_view amz_date) {
  if (amz_date.size() != 16 || amz_date[8] != 'T' || amz_date[15] != 'Z' ||
      !AllDigits(amz_date.substr(0, 8)) || !AllDigits(amz_date.substr(9, 6))) {
    return InvalidArgumentError("X-Amz-Date must be YYYYMMDDTHHMMSSZ, got '" +
                                std::string(amz_date.substr(0, 40)) + "'");
  }
  auto num = [&](size_t pos, size_t len) {
    return std::atoi(std::string(amz_date.substr(pos, len)).c_str());
  };
  std::tm tm{};
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(4, 2) - 1;
  tm.tm_mday = num(6, 2);
  tm.tm_hour = num(9, 2);
  tm.tm_min = num(11, 2);
  tm.tm_sec = num(13, 2);
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 60) {
    return InvalidArgumentError("X-Amz-Date '" + std::string(amz_date) + "' is not a valid time");
  }
  return static_cast<int64_t>(timegm(&tm));
}

Status VerifySigV4(const SigV4Request& request, const SigV4Authorization& authorization,
                   std::string_view secret, int64_t now_unix, int64_t max_skew_seconds) {
  const HeaderList& headers = *request.headers;
  if (!HasHeader(headers, "x-amz-date")) {
    return PermissionDeniedError("the request has no X-Amz-Date header (required to sign)");
  }
  const std::string_view amz_date = HeaderValue(headers, "x-amz-date");
  Result<int64_t> signed_at = ParseAmzDate(amz_date);
  if (!signed_at.ok()) return PermissionDeniedError(signed_at.status().message());
  if (amz_date.substr(0, 8) != authorization.date) {
    return PermissionDeniedError("the Credential date " + authorization.date +
                                 " does not match X-Amz-Date " + std::string(amz_date));
  }
  if (std::llabs(now_unix - *signed_at) > max_skew_seconds) {
    return PermissionDeniedError(
        "Signature expired: X-Amz-Date " + std::string(amz_date) + " is more than " +
        std::to_string(max_skew_seconds / 60) + " minutes from the server time " +
        FormatAmzDate(now_unix) + " (check the client's clock)");
  }
  if (std::find(authorization.signed_header_names.begin(),
                authorization.signed_header_names.end(),
                "host") == authorization.signed_header_names.end()) {
    return PermissionDeniedError("SignedHeaders must include host, got '" +
                                 authorization.signed_headers + "'");
  }
  if (HasHeader(headers, "x-amz-content-sha256")) {
    std::string_view declared = HeaderValue(headers, "x-amz-content-sha256");
    if (declared != request.payload_sha256) {
      return PermissionDeniedError(
          "x-amz-content-sha256 '" + std::string(declared.substr(0, 80)) +
          "' does not match the SHA-256 of the body " + request.payload_sha256 +
          " (unsigned and streaming payloads are not supported)");
    }
  }
  Result<std::string> canonical = CanonicalRequest(request, authorization);
  if (!canonical.ok()) return PermissionDeniedError(canonical.status().message());
  const std::string string_to_sign =
      StringToSign(amz_date, authorization.CredentialScope(), *canonical);
  const std::string key = DeriveSigningKey(secret, authorization.date, authorization.region,
                                           authorization.service);
  const std::string expected = HexEncode(HmacSha256(key, string_to_sign));
  if (!ConstantTimeEquals(expected, authorization.signature)) {
    return PermissionDeniedError(
        "The request signature we calculated does not match the signature you provided for "
        "access key " + authorization.access_key_id +
        ". Check the secret access key and the signing method. The canonical request was " +
        Quote(*canonical) + " and the string to sign was " + Quote(string_to_sign));
  }
  return Status::Ok();
}

}  // namespace lathe::auth
