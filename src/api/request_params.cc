// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/request_params.h"

#include <charconv>

namespace lathe::api {

Result<std::optional<int64_t>> OptionalIntParam(const HttpRequest& request,
                                                const std::string& name, int64_t min,
                                                int64_t max) {
  auto text = request.Query(name);
  if (!text) return std::optional<int64_t>();
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size() || value < min || value > max) {
    return InvalidArgumentError("query parameter '" + name + "' must be an integer from " +
                                std::to_string(min) + " to " + std::to_string(max) + ", got '" +
                                std::string(*text) + "'")
        .WithDetail("field", name);
  }
  return std::optional<int64_t>(value);
}

Result<int64_t> IntParam(const HttpRequest& request, const std::string& name, int64_t fallback,
                         int64_t min, int64_t max) {
  LATHE_ASSIGN_OR_RETURN(std::optional<int64_t> value, OptionalIntParam(request, name, min, max));
  return value.value_or(fallback);
}

Result<std::optional<int>> VersionParam(const HttpRequest& request) {
  LATHE_ASSIGN_OR_RETURN(auto v, OptionalIntParam(request, "version", 1, 1'000'000'000));
  if (!v) return std::optional<int>();
  return std::optional<int>(static_cast<int>(*v));
}

}  // namespace lathe::api
