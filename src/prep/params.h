// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Params: typed, path-aware reading of an operation's JSON parameters. Every getter names the
// field in its error ("steps[2].columns: expected an array of strings, got number"), and Finish()
// refuses properties that no getter asked for (a typo must not be silently ignored).
//
//   Params p(step, "steps[2]");
//   LATHE_ASSIGN_OR_RETURN(auto cols, p.Strings("columns"));
//   LATHE_ASSIGN_OR_RETURN(double lo, p.Number("lower", 0.0));
//   LATHE_RETURN_IF_ERROR(p.Finish());
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "data/table.h"

namespace lathe::prep {

class Params {
 public:
  // `step` must be an object; "op" is always accepted.
  Params(const nlohmann::json& step, std::string path);

  const std::string& path() const { return path_; }
  // "steps[2].columns"
  std::string Field(std::string_view key) const;
  bool Has(std::string_view key) const;

  Result<std::string> String(std::string_view key);  // required
  Result<std::string> String(std::string_view key, std::string fallback);
  // Required string that must be one of `allowed`.
  Result<std::string> Enum(std::string_view key, const std::vector<std::string>& allowed);
  Result<std::string> Enum(std::string_view key, const std::vector<std::string>& allowed,
                           std::string fallback);
  Result<std::vector<std::string>> Strings(std::string_view key);  // required, non-empty
  Result<std::vector<std::string>> Strings(std::string_view key, std::vector<std::string> fallback);
  Result<double> Number(std::string_view key);
  Result<double> Number(std::string_view key, double fallback);
  Result<std::optional<double>> OptionalNumber(std::string_view key);
  Result<int64_t> Integer(std::string_view key);
  Result<int64_t> Integer(std::string_view key, int64_t fallback);
  Result<bool> Bool(std::string_view key, bool fallback);
  // Any JSON value (null if absent and not required).
  Result<nlohmann::json> Value(std::string_view key, bool required);

  // InvalidArgument naming the first property no getter consumed.
  Status Finish() const;

 private:
  const nlohmann::json& step_;
  std::string path_;
  std::set<std::string, std::less<>> consumed_;
};

// InvalidArgument "<field>: <message>" with details {"field": field}.
Status ParamError(const std::string& field, const std::string& message);

// Index of `name` in `table`, or InvalidArgument naming the field and listing the columns.
Result<size_t> RequireColumn(const data::Table& table, std::string_view name,
                             const std::string& field);
// Every name in `names` (InvalidArgument for the first unknown one).
Result<std::vector<size_t>> RequireColumns(const data::Table& table,
                                           const std::vector<std::string>& names,
                                           const std::string& field);

}  // namespace lathe::prep
