// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "pipelines/yaml_json.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace lathe::pipelines {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 64;

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// [-+]?[0-9]+
bool IsInteger(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return IsDigits(s);
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool IsFloat(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  const size_t e = s.find_first_of("eE");
  std::string_view mantissa = s.substr(0, e);
  if (e != std::string_view::npos && !IsInteger(s.substr(e + 1))) return false;
  const size_t dot = mantissa.find('.');
  if (dot == std::string_view::npos) return IsDigits(mantissa);
  const std::string_view whole = mantissa.substr(0, dot), frac = mantissa.substr(dot + 1);
  if (whole.empty()) return IsDigits(frac);
  return IsDigits(whole) && (frac.empty() || IsDigits(frac));
}

// A plain scalar as the YAML 1.2 core schema reads it.
json PlainScalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (IsInteger(s)) {
    errno = 0;
    const long long v = std::strtoll(s.c_str(), nullptr, 10);
    if (errno == 0) return v;
  }
  if (IsFloat(s)) return std::strtod(s.c_str(), nullptr);
  return s;
}

Result<json> ToJson(const YAML::Node& node, int depth) {
  if (depth > kMaxDepth) return InvalidArgumentError("nested deeper than 64 levels");
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return json(nullptr);
    case YAML::NodeType::Scalar:
      // "!" is the tag of a quoted scalar: always a string.
      if (node.Tag() == "!") return json(node.Scalar());
      return PlainScalar(node.Scalar());
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const YAML::Node& item : node) {
        LATHE_ASSIGN_OR_RETURN(json v, ToJson(item, depth + 1));
        out.push_back(std::move(v));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) {
          return InvalidArgumentError("line " + std::to_string(kv.first.Mark().line + 1) +
                                      ": a mapping key must be a plain value");
        }
        LATHE_ASSIGN_OR_RETURN(out[kv.first.Scalar()], ToJson(kv.second, depth + 1));
      }
      return out;
    }
  }
  return json(nullptr);
}

bool NeedsQuotes(const std::string& s) {
  if (!PlainScalar(s).is_string()) return true;  // would read back as a number, bool or null
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return true;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos) return true;
  return s.find(": ") != std::string::npos || s.find(" #") != std::string::npos ||
         s.find('\n') != std::string::npos || s.back() == ':';
}

// Keys of a pipeline document in the order people write them (JSON objects keep none): the
// known ones first, the rest alphabetically.
std::vector<std::string> KeyOrder(const json& object) {
  static const std::vector<std::string> kFirst = {
      "name", "id", "type", "display_name", "description", "default", "parameters", "inputs",
      "properties", "depends_on", "retry", "cache", "steps", "layout"};
  std::vector<std::string> keys;
  for (const std::string& k : kFirst) {
    if (object.contains(k)) keys.push_back(k);
  }
  for (const auto& [k, item] : object.items()) {
    if (std::find(kFirst.begin(), kFirst.end(), k) == kFirst.end()) keys.push_back(k);
  }
  return keys;
}

void Emit(YAML::Emitter& out, const json& v) {
  if (v.is_object()) {
    out << YAML::BeginMap;
    for (const std::string& k : KeyOrder(v)) {
      out << YAML::Key;
      if (NeedsQuotes(k)) out << YAML::DoubleQuoted;
      out << k << YAML::Value;
      Emit(out, v[k]);
    }
    out << YAML::EndMap;
  } else if (v.is_array()) {
    // Short lists of scalars read best on one line.
    const bool flow = v.size() <= 8 && std::all_of(v.begin(), v.end(), [](const json& e) {
                        return e.is_primitive() && (!e.is_string() || e.get<std::string>().size() < 40);
                      });
    out << (flow ? YAML::Flow : YAML::Block) << YAML::BeginSeq;
    for (const json& item : v) Emit(out, item);
    out << YAML::EndSeq;
  } else if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (NeedsQuotes(s)) out << YAML::DoubleQuoted;
    out << s;
  } else if (v.is_null()) {
    out << YAML::Null;
  } else if (v.is_boolean()) {
    out << (v.get<bool>() ? "true" : "false");
  } else {
    out << v.dump();
  }
}

}  // namespace

Result<json> ParseYaml(std::string_view text, std::string_view source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return InvalidArgumentError(std::string(source) + ":" + std::to_string(e.mark.line + 1) + ":" +
                                std::to_string(e.mark.column + 1) + ": " + e.msg)
        .WithDetail("line", e.mark.line + 1)
        .WithDetail("column", e.mark.column + 1);
  }
  try {
    auto out = ToJson(root, 0);
    if (!out.ok()) return Status(out.status()).Annotate(source);
    return out;
  } catch (const YAML::Exception& e) {
    return InvalidArgumentError(std::string(source) + ": " + e.msg);
  }
}

std::string ToYaml(const json& value) {
  YAML::Emitter out;
  out.SetIndent(2);
  Emit(out, value);
  return std::string(out.c_str()) + "\n";
}

}  // namespace lathe::pipelines
