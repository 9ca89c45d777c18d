// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The studio's static files (web/dist), embedded into the lathe binary at build time by
// cmake/EmbedWeb.cmake. Thread-safe: the table is constant.
#pragma once

#include <string_view>

namespace lathe::api {

struct WebAsset {
  std::string_view path;          // "/index.html", "/assets/index-3f2a.js"
  std::string_view content_type;  // "text/html; charset=utf-8"
  std::string_view body;          // gzip-compressed bytes when gzipped is true
  bool gzipped = false;
};

// Returns the embedded asset at `path` (leading '/'), or nullptr. Never allocates.
const WebAsset* FindWebAsset(std::string_view path);
// True when the build embedded a studio (web/dist existed at build time).
bool HaveWebAssets();

}  // namespace lathe::api
