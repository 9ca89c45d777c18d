// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/json_body.h"

namespace lathe::api {

Result<nlohmann::json> ParseJsonObjectBody(const HttpRequest& request) {
  if (request.body.empty()) return nlohmann::json::object();
  try {
    nlohmann::json value = nlohmann::json::parse(request.body);
    if (!value.is_object()) {
      return InvalidArgumentError("request body must be a JSON object").WithDetail("offset", 0);
    }
    return value;
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based: the position of the offending byte.
    size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    return InvalidArgumentError("malformed JSON at byte offset " + std::to_string(offset) + ": " +
                                e.what())
        .WithDetail("offset", offset);
  }
}

}  // namespace lathe::api
