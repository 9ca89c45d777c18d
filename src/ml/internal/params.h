// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// ParamReader: reads a learner's hyper-parameters from a JSON object with defaults and ranges,
// and reports the first problem (unknown name, wrong type, out of range) naming the parameter.
// Thread-compatible; one reader per MakeEstimator call.
//
//   ParamReader r("xgboost", params);
//   int depth = r.Int("max_depth", 6, 1, 20);
//   LATHE_RETURN_IF_ERROR(r.Finish());  // InvalidArgument for "max_dpeth"
#pragma once

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace lathe::ml::internal {

class ParamReader {
 public:
  ParamReader(std::string learner, const nlohmann::json& params);

  int Int(const std::string& name, int fallback, int min, int max);
  double Double(const std::string& name, double fallback, double min, double max);
  std::string String(const std::string& name, const std::string& fallback,
                     const std::vector<std::string>& allowed);
  bool Bool(const std::string& name, bool fallback);

  // OK, or InvalidArgument for the first bad value, else for a name no getter asked for.
  Status Finish() const;
  // Every parameter with its effective value (what Model::Params reports).
  const nlohmann::json& effective() const { return effective_; }

 private:
  const nlohmann::json* Find(const std::string& name);
  void Fail(const std::string& name, const std::string& what);

  std::string learner_;
  nlohmann::json params_;
  nlohmann::json effective_ = nlohmann::json::object();
  std::set<std::string> known_;
  std::string error_;
  std::string error_param_;
};

}  // namespace lathe::ml::internal
