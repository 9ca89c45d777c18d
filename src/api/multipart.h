// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// multipart/form-data uploads from browsers: pulls the first file part out of a spooled body
// into its own file without loading the body into memory (the body is memory-mapped).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace lathe::api {

struct MultipartFile {
  std::string field_name;    // form field name
  std::string file_name;     // filename="..." of the part ("" if none)
  std::string content_type;  // the part's Content-Type ("" if none)
};

// Boundary from a "multipart/form-data; boundary=..." header value; InvalidArgument if absent.
Result<std::string> MultipartBoundary(std::string_view content_type);

// Copies the first part that carries a filename (else the first part) of the body at
// `body_path` to `out_path`. InvalidArgument naming the byte offset when the body is malformed.
Result<MultipartFile> ExtractMultipartFile(const std::string& body_path,
                                           std::string_view boundary,
                                           const std::string& out_path);

}  // namespace lathe::api
