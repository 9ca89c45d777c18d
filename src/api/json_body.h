// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Parsing of JSON request bodies at the API edge. Errors name the byte offset.
#pragma once

#include "api/http_types.h"

namespace lathe::api {

// Parses the body as a JSON object. An empty body gives an empty object. InvalidArgument with
// details {"offset": N} for malformed JSON, or when the top level is not an object.
Result<nlohmann::json> ParseJsonObjectBody(const HttpRequest& request);

}  // namespace lathe::api
