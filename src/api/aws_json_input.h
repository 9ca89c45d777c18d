// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Reading members of an AWS JSON 1.1 request: required and optional strings, and blobs (base64 in
// the JSON protocol). Every failure is the service's validation exception, naming the member's
// path ("Image.Bytes: expected a string, got number"), so the aws CLI shows what is wrong.
//
//   LATHE_ASSIGN_OR_RETURN(std::string_view text, AwsRequiredString(input, "Text", kInvalid));
//   LATHE_ASSIGN_OR_RETURN(std::string bytes, AwsRequiredBlob(input, "Image", "Bytes", kInvalid));
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace lathe::api {

// input[field] as a string; missing, null or another type is `exception`.
Result<std::string_view> AwsRequiredString(const nlohmann::json& input, std::string_view field,
                                           std::string_view exception);

// input[field] as a string when present and not null.
Result<std::optional<std::string_view>> AwsOptionalString(const nlohmann::json& input,
                                                          std::string_view field,
                                                          std::string_view exception);

// The decoded bytes of blob input[parent][field] (base64), e.g. Image.Bytes or Document.Bytes;
// a missing parent or field, a non-string or bad base64 is `exception`, an empty blob too.
Result<std::string> AwsRequiredBlob(const nlohmann::json& input, std::string_view parent,
                                    std::string_view field, std::string_view exception);

}  // namespace lathe::api
