// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "auth/scope.h"

namespace lathe::auth {

std::string_view ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kPublic: return "public";
    case Scope::kInvoke: return "invoke";
    case Scope::kAdmin: return "admin";
  }
  return "admin";
}

std::optional<Scope> ParseScope(std::string_view name) {
  if (name == "public") return Scope::kPublic;
  if (name == "invoke") return Scope::kInvoke;
  if (name == "admin") return Scope::kAdmin;
  return std::nullopt;
}

}  // namespace lathe::auth
