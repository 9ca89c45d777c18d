// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Gunzip: inflates a gzip member (the studio's embedded assets are stored compressed; clients that
// do not accept gzip, such as plain curl, get them inflated).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace lathe::api {

// The inflated bytes of `gzipped`; DataLoss if it is not valid gzip data.
Result<std::string> Gunzip(std::string_view gzipped);

}  // namespace lathe::api
