// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// ParseRequestHead: an HTTP/1.x request head (request line and header fields, RFC 9112) parsed
// straight from the connection's buffer into the handler-facing HttpRequest, with no field
// container in between. The server's fast path: requests with no body or a Content-Length body.
// Chunked bodies and spooled uploads still go through Boost.Beast's parser (the server feeds it
// the same head bytes). A pure function, safe to call from any thread.
//
//   RequestHead head;
//   switch (ParseRequestHead(buffer, 16 * 1024, &request, &head)) {
//     case HeadParse::kIncomplete: /* read more, call again with the longer buffer */ break;
//     case HeadParse::kDone: buffer.remove_prefix(head.head_bytes); break;
//     case HeadParse::kTooLarge: /* 431 */ break;
//     case HeadParse::kMalformed: /* 400 with head.error */ break;
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/http_types.h"

namespace lathe::api {

enum class HeadParse {
  kDone,        // a whole head was parsed; RequestHead says how many bytes it took
  kIncomplete,  // no blank line yet (and under the limit): read more
  kTooLarge,    // no complete head within max_bytes
  kMalformed,   // not a valid HTTP/1.x request head (RequestHead::error says what and where)
};

struct RequestHead {
  size_t head_bytes = 0;                     // bytes of the head, blank line included
  int version_minor = 1;                     // HTTP/1.<version_minor>
  bool keep_alive = true;                    // per the version and the Connection header
  std::optional<uint64_t> content_length{};  // from Content-Length
  bool has_transfer_encoding = false;        // Transfer-Encoding present (chunked bodies)
  bool expect_continue = false;              // "Expect: 100-continue"
  std::string error{};                       // kMalformed: what is wrong and at which byte
};

// Parses the head at the start of `bytes` into `request` (method, target, decoded path and
// query, headers; the request is expected to be empty, e.g. after HttpRequest::Reset) and
// `head`. A bad percent-escape in the target is kMalformed. Nothing in `request` is meaningful
// unless kDone is returned.
HeadParse ParseRequestHead(std::string_view bytes, size_t max_bytes, HttpRequest* request,
                           RequestHead* head);

}  // namespace lathe::api
