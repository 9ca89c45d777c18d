// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// YAML <-> JSON for pipeline documents: the same schema in either syntax. Plain YAML scalars
// become JSON booleans, null, integers or numbers when they read as one (YAML 1.2 core schema);
// quoted scalars stay strings. The YAML written back quotes every string that would otherwise
// read as something else, so ParseYaml(ToYaml(j)) == j. Pure functions, thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(nlohmann::json doc, ParseYaml(text, "pipeline.yaml"));
//   std::string yaml = ToYaml(doc);
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace lathe::pipelines {

// InvalidArgument naming `source`, the line and the column for a syntax error (details: line,
// column), or for YAML that JSON cannot hold (a non-scalar mapping key, an alias cycle).
Result<nlohmann::json> ParseYaml(std::string_view text, std::string_view source = "yaml");
std::string ToYaml(const nlohmann::json& value);

}  // namespace lathe::pipelines
