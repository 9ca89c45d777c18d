// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// AWS Signature Version 4 (header form, "AWS4-HMAC-SHA256"): parsing the Authorization header,
// the canonical request (method, URI-encoded path as AWS does for services other than S3, sorted
// canonical query string, canonical headers from SignedHeaders, payload hash), the string to sign,
// the derived signing key and the verification of a request against a secret, with a clock-skew
// limit. Any region and service are accepted. Pure functions; thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(SigV4Authorization a, ParseSigV4Authorization(header));
//   SigV4Request r{.method = "POST", .target = "/endpoints/x/invocations", .headers = &headers,
//                  .payload_sha256 = Sha256Hex(body)};
//   Status s = VerifySigV4(r, a, secret, time(nullptr));   // PermissionDenied with the reason
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace lathe::auth {

using HeaderList = std::vector<std::pair<std::string, std::string>>;  // names lower-case

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";

// The parts of "AWS4-HMAC-SHA256 Credential=<id>/<date>/<region>/<service>/aws4_request,
// SignedHeaders=a;b;c, Signature=<64 hex>".
struct SigV4Authorization {
  std::string access_key_id;
  std::string date;     // YYYYMMDD, from the credential scope
  std::string region;   // e.g. "us-east-1"
  std::string service;  // e.g. "sagemaker"
  std::string signed_headers;  // "host;x-amz-date" as sent (lower-case, sorted)
  std::vector<std::string> signed_header_names;
  std::string signature;  // 64 lowercase hex

  // "<date>/<region>/<service>/aws4_request".
  std::string CredentialScope() const;
};

// Parses an Authorization header value. InvalidArgument saying which part is missing or
// malformed (these become IncompleteSignatureException).
Result<SigV4Authorization> ParseSigV4Authorization(std::string_view header);

// The request as signed: method, the raw request target (path and query exactly as sent), the
// headers, and the hex SHA-256 of the body.
struct SigV4Request {
  std::string_view method;
  std::string_view target;
  const HeaderList* headers = nullptr;
  std::string payload_sha256;  // 64 lowercase hex
};

// URI-encodes `text` as SigV4 does: every byte except A-Z a-z 0-9 - _ . ~ becomes %XX (upper
// hex); '/' is kept when `keep_slash`.
std::string UriEncode(std::string_view text, bool keep_slash);
// The canonical URI of a raw (still percent-encoded) path for services other than S3: dot
// segments and repeated slashes removed, then URI-encoded once more ("/a b" sent as "/a%20b"
// becomes "/a%2520b"). An empty path is "/".
std::string CanonicalUri(std::string_view raw_path);
// The canonical query string of a raw query (without '?'): each name and value percent-decoded
// then URI-encoded, pairs sorted by name then value, joined with '&'. InvalidArgument for a
// malformed escape.
Result<std::string> CanonicalQueryString(std::string_view raw_query);
// "name:value\n" for each signed header in order; several values of one header are joined with
// ',', each value trimmed with inner runs of spaces collapsed. InvalidArgument naming a signed
// header that the request does not carry.
Result<std::string> CanonicalHeaders(const HeaderList& headers,
                                     const std::vector<std::string>& signed_header_names);
// The whole canonical request.
Result<std::string> CanonicalRequest(const SigV4Request& request,
                                     const SigV4Authorization& authorization);
// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256 of canonical request>".
std::string StringToSign(std::string_view amz_date, std::string_view credential_scope,
                         std::string_view canonical_request);
// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"),
// 32 raw bytes.
std::string DeriveSigningKey(std::string_view secret, std::string_view date,
                             std::string_view region, std::string_view service);
// Unix seconds of an X-Amz-Date value ("20150830T123600Z"). InvalidArgument if malformed.
Result<int64_t> ParseAmzDate(std::string_view amz_date);

// Verifies the signature of `request` with `secret`. Checks that X-Amz-Date is present, matches
// the credential date and lies within `max_skew_seconds` of `now_unix`, that "host" is signed,
// and that an x-amz-content-sha256 header (if any) equals the body's hash. PermissionDenied with
// a message naming what differs; for a signature mismatch it quotes the canonical request and
// string to sign the server computed (never the expected signature or the secret).
Status VerifySigV4(const SigV4Request& request, const SigV4Authorization& authorization,
                   std::string_view secret, int64_t now_unix, int64_t max_skew_seconds = 900);

}  // namespace lathe::auth
