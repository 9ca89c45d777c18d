// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Scope: what a route requires and what an API key grants. kPublic routes need nothing; kInvoke
// keys reach invocation routes (and GET of endpoints); kAdmin keys reach everything.
#pragma once

#include <optional>
#include <string_view>

namespace lathe::auth {

enum class Scope { kPublic, kInvoke, kAdmin };

// "public" | "invoke" | "admin".
std::string_view ScopeName(Scope scope);
// The inverse of ScopeName; nullopt for anything else.
std::optional<Scope> ParseScope(std::string_view name);

}  // namespace lathe::auth
