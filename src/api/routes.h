// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The route table of `lathe serve`: every HTTP route in one place (api/routes.cc).
#pragma once

#include "api/app.h"
#include "api/router.h"

namespace lathe::api {

// Registers every route on `router`; handlers keep references to `app` and `router`.
void RegisterRoutes(App& app, Router& router);

}  // namespace lathe::api
