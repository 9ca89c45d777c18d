// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Typed access to query parameters with errors that name the parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "api/http_types.h"

namespace lathe::api {

// The integer query parameter `name`, `fallback` when absent. InvalidArgument naming the
// parameter when it is not an integer in [min, max].
Result<int64_t> IntParam(const HttpRequest& request, const std::string& name, int64_t fallback,
                         int64_t min, int64_t max);
// Like IntParam, but nullopt when absent.
Result<std::optional<int64_t>> OptionalIntParam(const HttpRequest& request,
                                                const std::string& name, int64_t min,
                                                int64_t max);
// The optional `?version=N` of a versioned resource (N >= 1), nullopt when absent.
Result<std::optional<int>> VersionParam(const HttpRequest& request);

}  // namespace lathe::api
