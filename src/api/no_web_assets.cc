// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
// Used when the build has no studio bundle target at all: the API still works.
#include "api/web_assets.h"

namespace lathe::api {

const WebAsset* FindWebAsset(std::string_view) { return nullptr; }
bool HaveWebAssets() { return false; }

}  // namespace lathe::api
