// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/internal/params.h"

#include <cmath>

namespace lathe::ml::internal {

ParamReader::ParamReader(std::string learner, const nlohmann::json& params)
    : learner_(std::move(learner)), params_(params) {
  if (!params_.is_null() && !params_.is_object()) {
    Fail("", "parameters must be a JSON object");
    params_ = nlohmann::json::object();
  }
}

const nlohmann::json* ParamReader::Find(const std::string& name) {
  known_.insert(name);
  if (params_.is_null()) return nullptr;
  auto it = params_.find(name);
  if (it == params_.end() || it->is_null()) return nullptr;
  return &*it;
}

void ParamReader::Fail(const std::string& name, const std::string& what) {
  if (!error_.empty()) return;
  error_param_ = name;
  error_ = name.empty() ? learner_ + ": " + what
                        : "parameter '" + name + "' of " + learner_ + " " + what;
}

int ParamReader::Int(const std::string& name, int fallback, int min, int max) {
  int value = fallback;
  if (const nlohmann::json* v = Find(name)) {
    const bool integral = v->is_number_integer() ||
                          (v->is_number_float() && std::floor(v->get<double>()) == v->get<double>());
    if (!integral) {
      Fail(name, "must be an integer, got " + v->dump());
    } else {
      const double d = v->get<double>();
      if (d < min || d > max) {
        Fail(name, "must be in [" + std::to_string(min) + ", " + std::to_string(max) + "], got " +
                       v->dump());
      } else {
        value = static_cast<int>(d);
      }
    }
  }
  effective_[name] = value;
  return value;
}

double ParamReader::Double(const std::string& name, double fallback, double min, double max) {
  double value = fallback;
  if (const nlohmann::json* v = Find(name)) {
    if (!v->is_number()) {
      Fail(name, "must be a number, got " + v->dump());
    } else if (v->get<double>() < min || v->get<double>() > max || std::isnan(v->get<double>())) {
      Fail(name, "must be in [" + nlohmann::json(min).dump() + ", " + nlohmann::json(max).dump() +
                     "], got " + v->dump());
    } else {
      value = v->get<double>();
    }
  }
  effective_[name] = value;
  return value;
}

std::string ParamReader::String(const std::string& name, const std::string& fallback,
                                const std::vector<std::string>& allowed) {
  std::string value = fallback;
  if (const nlohmann::json* v = Find(name)) {
    bool ok = v->is_string();
    if (ok) {
      ok = false;
      for (const std::string& a : allowed) ok = ok || a == v->get<std::string>();
    }
    if (!ok) {
      std::string list;
      for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
      Fail(name, "must be one of " + list + ", got " + v->dump());
    } else {
      value = v->get<std::string>();
    }
  }
  effective_[name] = value;
  return value;
}

bool ParamReader::Bool(const std::string& name, bool fallback) {
  bool value = fallback;
  if (const nlohmann::json* v = Find(name)) {
    if (!v->is_boolean()) {
      Fail(name, "must be true or false, got " + v->dump());
    } else {
      value = v->get<bool>();
    }
  }
  effective_[name] = value;
  return value;
}

Status ParamReader::Finish() const {
  if (!error_.empty()) {
    return InvalidArgumentError(error_).WithDetail("field", "params." + error_param_);
  }
  if (params_.is_object()) {
    for (const auto& [name, value] : params_.items()) {
      if (known_.count(name)) continue;
      std::string list;
      for (const std::string& k : known_) list += (list.empty() ? "" : ", ") + k;
      return InvalidArgumentError("unknown parameter '" + name + "' for " + learner_ +
                                  " (known: " + list + ")")
          .WithDetail("field", "params." + name);
    }
  }
  return Status::Ok();
}

}  // namespace lathe::ml::internal
