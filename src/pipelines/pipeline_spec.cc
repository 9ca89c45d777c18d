// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "pipelines/pipeline_spec.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>

#include "pipelines/references.h"

namespace lathe::pipelines {
namespace {

using nlohmann::json;

constexpr int kMaxSteps = 200;

bool IsStepId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  if (!std::isalpha(static_cast<unsigned char>(id[0]))) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

bool IsIdentifier(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0])) && s[0] != '_') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string TypeName(const json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return "integer";
  if (v.is_number()) return "number";
  return v.type_name();
}

bool IsWhole(const json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return true;
  if (!v.is_number_float()) return false;
  const double d = v.get<double>();
  return std::isfinite(d) && d == std::floor(d);
}

}  // namespace

bool FitsPropertyType(const json& v, std::string_view type) {
  if (type == "string") return v.is_string();
  if (type == "number") return v.is_number();
  if (type == "integer") return IsWhole(v);
  if (type == "boolean") return v.is_boolean();
  if (type == "string_list" || type == "step_list") {
    return v.is_array() && std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_string(); });
  }
  if (type == "object") return v.is_object();
  if (type == "value") return v.is_primitive() && !v.is_null();
  return false;
}

namespace {

// A string that is exactly one "${...}" reference: typed at run time.
bool IsWholeReference(const json& v) {
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  return s.size() > 3 && s.rfind("${", 0) == 0 && s.back() == '}' &&
         s.find("${", 2) == std::string::npos;
}

class Validator {
 public:
  Validator(const json& doc, const StepRegistry& registry, bool require_name)
      : doc_(doc), registry_(registry), require_name_(require_name) {}

  ValidationResult Run() {
    ValidationResult result;
    if (!doc_.is_object()) {
      Error("", "a pipeline is a JSON or YAML object, got " + std::string(doc_.type_name()));
      result.errors = std::move(errors_);
      return result;
    }
    for (const auto& [key, value] : doc_.items()) {
      static const std::set<std::string> kKnown = {"name", "description", "parameters", "steps",
                                                   "layout"};
      if (kKnown.count(key) == 0) {
        Error(key, "unknown field (known: name, description, parameters, steps, layout)");
      }
    }
    Header();
    Parameters();
    Steps();
    Wiring();  // also with property errors, so every problem is reported at once
    if (errors_.empty()) Order();
    result.errors = std::move(errors_);
    if (result.errors.empty()) result.pipeline = std::move(out_);
    return result;
  }

 private:
  void Error(std::string path, std::string message) {
    errors_.push_back({std::move(path), std::move(message)});
  }

  void Header() {
    if (doc_.contains("name")) {
      const json& n = doc_["name"];
      if (!n.is_string() || !IsValidPipelineName(n.get<std::string>())) {
        Error("name", "must be 1-128 characters of letters, digits, '.', '_' or '-'");
      } else {
        out_.spec.name = n.get<std::string>();
      }
    } else if (require_name_) {
      Error("name", "required: the pipeline's name");
    }
    if (doc_.contains("description")) {
      if (!doc_["description"].is_string()) Error("description", "must be a string");
      else out_.spec.description = doc_["description"].get<std::string>();
    }
  }

  void Parameters() {
    if (!doc_.contains("parameters")) return;
    const json& params = doc_["parameters"];
    if (!params.is_object()) {
      Error("parameters", "must be an object: name -> {type, default}");
      return;
    }
    for (const auto& [name, p] : params.items()) {
      const std::string path = "parameters." + name;
      if (!IsIdentifier(name)) {
        Error(path, "a parameter name is letters, digits and '_', starting with a letter");
        continue;
      }
      if (!p.is_object()) {
        Error(path, "must be an object {type, default, description}");
        continue;
      }
      ParameterSpec spec;
      spec.name = name;
      for (const auto& [key, value] : p.items()) {
        if (key != "type" && key != "default" && key != "description") {
          Error(path + "." + key, "unknown field (known: type, default, description)");
        }
      }
      spec.type = p.value("type", "string");
      if (spec.type != "string" && spec.type != "number" && spec.type != "integer" &&
          spec.type != "boolean") {
        Error(path + ".type", "must be string, number, integer or boolean, got '" + spec.type + "'");
        continue;
      }
      if (p.contains("default") && !p["default"].is_null()) {
        if (!FitsPropertyType(p["default"], spec.type)) {
          Error(path + ".default", "must be a " + spec.type + ", got " + TypeName(p["default"]));
        }
        spec.default_value = p["default"];
      }
      if (p.contains("description") && p["description"].is_string()) {
        spec.description = p["description"].get<std::string>();
      }
      params_.insert(name);
      out_.spec.parameters.push_back(std::move(spec));
    }
  }

  void Steps() {
    if (!doc_.contains("steps")) {
      Error("steps", "required: a list of steps");
      return;
    }
    const json& steps = doc_["steps"];
    if (!steps.is_array() || steps.empty()) {
      Error("steps", "must be a non-empty list of steps");
      return;
    }
    if (steps.size() > kMaxSteps) {
      Error("steps", "at most " + std::to_string(kMaxSteps) + " steps, got " +
                         std::to_string(steps.size()));
      return;
    }
    for (size_t i = 0; i < steps.size(); ++i) Step(steps[i], "steps[" + std::to_string(i) + "]");
  }

  void Step(const json& s, const std::string& path) {
    if (!s.is_object()) {
      Error(path, "a step is an object {id, type, inputs, properties}");
      return;
    }
    static const std::set<std::string> kKnown = {"id",         "type",  "display_name", "inputs",
                                                 "properties", "depends_on", "retry", "cache"};
    for (const auto& [key, value] : s.items()) {
      if (kKnown.count(key) == 0) {
        Error(path + "." + key,
              "unknown field (known: id, type, display_name, inputs, properties, depends_on, "
              "retry, cache)");
      }
    }
    StepSpec step;
    if (!s.contains("id") || !s["id"].is_string() || !IsStepId(s["id"].get<std::string>())) {
      Error(path + ".id",
            "required: 1-64 letters, digits, '_' or '-', starting with a letter");
      return;
    }
    step.id = s["id"].get<std::string>();
    if (paths_.count(step.id) != 0) {
      Error(path + ".id", "duplicate step id '" + step.id + "' (also " + paths_[step.id] + ")");
      return;
    }
    paths_[step.id] = path;
    const std::string type = s.contains("type") && s["type"].is_string() ? s["type"].get<std::string>() : "";
    const StepType* st = registry_.Find(type);
    if (st == nullptr) {
      std::string known;
      for (const std::string& n : registry_.Names()) known += (known.empty() ? "" : ", ") + n;
      Error(path + ".type", (type.empty() ? std::string("required") : "unknown step type '" + type + "'") +
                                " (known: " + known + ")");
    }
    step.type = type;
    if (s.contains("display_name")) {
      if (!s["display_name"].is_string()) Error(path + ".display_name", "must be a string");
      else step.display_name = s["display_name"].get<std::string>();
    }
    if (s.contains("inputs")) {
      if (!s["inputs"].is_object()) {
        Error(path + ".inputs", "must be an object: input name -> \"<step id>.<output>\"");
      } else {
        for (const auto& [name, src] : s["inputs"].items()) {
          if (!src.is_string()) {
            Error(path + ".inputs." + name, "must be a string \"<step id>.<output>\"");
            continue;
          }
          step.inputs[name] = src.get<std::string>();
        }
      }
    }
    if (s.contains("properties")) {
      if (!s["properties"].is_object()) Error(path + ".properties", "must be an object");
      else step.properties = s["properties"];
    }
    if (s.contains("depends_on")) {
      if (!FitsPropertyType(s["depends_on"], "string_list")) {
        Error(path + ".depends_on", "must be a list of step ids");
      } else {
        step.depends_on = s["depends_on"].get<std::vector<std::string>>();
      }
    }
    if (s.contains("retry")) Retry(s["retry"], path + ".retry", step);
    if (s.contains("cache")) {
      if (!s["cache"].is_boolean()) Error(path + ".cache", "must be true or false");
      else step.cache = s["cache"].get<bool>();
    }
    if (st != nullptr) Properties(*st, step, path);
    out_.spec.steps.push_back(std::move(step));
  }

  void Retry(const json& r, const std::string& path, StepSpec& step) {
    if (!r.is_object()) {
      Error(path, "must be an object {max_attempts, backoff_seconds}");
      return;
    }
    for (const auto& [key, value] : r.items()) {
      if (key == "max_attempts") {
        if (!IsWhole(value) || value.get<double>() < 1 || value.get<double>() > 10) {
          Error(path + ".max_attempts", "must be an integer from 1 to 10");
        } else {
          step.max_attempts = value.get<int>();
        }
      } else if (key == "backoff_seconds") {
        if (!value.is_number() || value.get<double>() < 0 || value.get<double>() > 600) {
          Error(path + ".backoff_seconds", "must be a number of seconds from 0 to 600");
        } else {
          step.backoff_seconds = value.get<double>();
        }
      } else {
        Error(path + "." + key, "unknown field (known: max_attempts, backoff_seconds)");
      }
    }
  }

  void Properties(const StepType& st, StepSpec& step, const std::string& path) {
    const std::string base = path + ".properties";
    for (const auto& [name, value] : step.properties.items()) {
      const PropertyInfo* info = st.info.FindProperty(name);
      if (info == nullptr) {
        std::string known;
        for (const PropertyInfo& p : st.info.properties) known += (known.empty() ? "" : ", ") + p.name;
        Error(base + "." + name, "unknown property of " + st.info.type + " (known: " +
                                     (known.empty() ? "none" : known) + ")");
        continue;
      }
      if (IsWholeReference(value) || value.is_null()) continue;  // typed when the run resolves it
      if (!FitsPropertyType(value, info->type)) {
        Error(base + "." + name, "must be " + (info->type == "string_list" || info->type == "step_list"
                                                  ? std::string("a list of strings")
                                                  : "a " + info->type) +
                                     ", got " + TypeName(value));
        continue;
      }
      if (!info->enum_values.empty() && value.is_string() &&
          value.get<std::string>().find("${") == std::string::npos &&
          std::find(info->enum_values.begin(), info->enum_values.end(), value.get<std::string>()) ==
              info->enum_values.end()) {
        std::string allowed;
        for (const std::string& e : info->enum_values) allowed += (allowed.empty() ? "" : ", ") + e;
        Error(base + "." + name, "'" + value.get<std::string>() + "' is not one of: " + allowed);
      }
      if (value.is_number()) {
        const double d = value.get<double>();
        if ((info->minimum && d < *info->minimum) || (info->maximum && d > *info->maximum)) {
          Error(base + "." + name, "must be within [" +
                                       (info->minimum ? json(*info->minimum).dump() : "-inf") + ", " +
                                       (info->maximum ? json(*info->maximum).dump() : "inf") +
                                       "], got " + value.dump());
        }
      }
    }
    for (const PropertyInfo& p : st.info.properties) {
      if (p.required && (!step.properties.contains(p.name) || step.properties[p.name].is_null())) {
        Error(base + "." + p.name, "required by " + st.info.type + (p.description.empty() ? "" : ": " + p.description));
      }
    }
  }

  // Inputs, references, depends_on and condition branches -> upstream sets.
  void Wiring() {
    std::map<std::string, const StepSpec*> by_id;
    for (const StepSpec& s : out_.spec.steps) by_id[s.id] = &s;
    for (const StepSpec& s : out_.spec.steps) {
      const std::string& path = paths_[s.id];
      if (registry_.Find(s.type) == nullptr) continue;  // reported already
      const StepType& st = *registry_.Find(s.type);
      std::set<std::string>& up = out_.upstream[s.id];
      for (const auto& [name, src] : s.inputs) {
        const std::string ipath = path + ".inputs." + name;
        const PortInfo* port = st.info.FindInput(name);
        std::string want_type;
        if (port != nullptr) {
          want_type = port->type;
        } else if (!st.info.variadic_input_type.empty() && IsIdentifier(name)) {
          want_type = st.info.variadic_input_type;
        } else {
          std::string known;
          for (const PortInfo& p : st.info.inputs) known += (known.empty() ? "" : ", ") + p.name;
          Error(ipath, "unknown input of " + s.type + " (known: " + (known.empty() ? "none" : known) + ")");
          continue;
        }
        const size_t dot = src.find('.');
        const std::string from = src.substr(0, dot);
        auto it = by_id.find(from);
        if (dot == std::string::npos || it == by_id.end()) {
          Error(ipath, "'" + src + "' must name \"<step id>.<output>\" of an existing step");
          continue;
        }
        const std::string output = src.substr(dot + 1);
        if (registry_.Find(it->second->type) == nullptr) continue;  // its type is unknown
        const StepType& from_type = *registry_.Find(it->second->type);
        const PortInfo* out_port = from_type.info.FindOutput(output);
        if (out_port == nullptr) {
          std::string has;
          for (const PortInfo& p : from_type.info.outputs) has += (has.empty() ? "" : ", ") + p.name;
          Error(ipath, "step '" + from + "' has no output '" + output + "' (it has: " +
                           (has.empty() ? "none" : has) + ")");
          continue;
        }
        if (out_port->type != want_type) {
          Error(ipath, "type mismatch: '" + src + "' is a " + out_port->type + ", input '" + name +
                           "' of " + s.type + " takes a " + want_type);
          continue;
        }
        if (from == s.id) {
          Error(ipath, "a step cannot take its own output");
          continue;
        }
        up.insert(from);
      }
      for (const PortInfo& p : st.info.inputs) {
        if (p.required && s.inputs.count(p.name) == 0) {
          Error(path + ".inputs." + p.name, "required input of " + s.type + " (a " + p.type + ")");
        }
      }
      if (!st.info.variadic_input_type.empty() && st.info.inputs.empty() && s.inputs.empty()) {
        Error(path + ".inputs", s.type + " needs at least one " + st.info.variadic_input_type + " input");
      }
      for (size_t i = 0; i < s.depends_on.size(); ++i) {
        const std::string& d = s.depends_on[i];
        if (by_id.count(d) == 0 || d == s.id) {
          Error(path + ".depends_on[" + std::to_string(i) + "]", "'" + d + "' is not another step's id");
        } else {
          up.insert(d);
        }
      }
      References(s, path, by_id, up);
      if (s.type == "Condition") Branches(s, path, by_id);
    }
  }

  void References(const StepSpec& s, const std::string& path,
                  const std::map<std::string, const StepSpec*>& by_id, std::set<std::string>& up) {
    for (const auto& [name, value] : s.properties.items()) {
      const std::string ppath = path + ".properties." + name;
      auto refs = FindReferences(value);
      if (!refs.ok()) {
        Error(ppath, refs.status().message());
        continue;
      }
      for (const Reference& r : *refs) {
        if (r.kind == Reference::Kind::kParameter) {
          if (params_.count(r.name) == 0) {
            Error(ppath, "${parameters." + r.name + "}: no parameter '" + r.name + "' is defined");
          }
        } else if (by_id.count(r.name) == 0 || r.name == s.id) {
          Error(ppath, "${steps." + r.name + "." + r.path + "}: '" + r.name + "' is not another step");
        } else {
          up.insert(r.name);
        }
      }
    }
  }

  void Branches(const StepSpec& s, const std::string& path,
                const std::map<std::string, const StepSpec*>& by_id) {
    for (const char* key : {"then", "else"}) {
      if (!s.properties.contains(key) || !s.properties[key].is_array()) continue;
      const json& list = s.properties[key];
      for (size_t i = 0; i < list.size(); ++i) {
        const std::string bpath = path + ".properties." + key + "[" + std::to_string(i) + "]";
        const std::string id = list[i].get<std::string>();
        if (by_id.count(id) == 0 || id == s.id) {
          Error(bpath, "'" + id + "' is not another step's id");
          continue;
        }
        auto [it, inserted] = out_.branch.emplace(id, std::make_pair(s.id, std::string(key) == "then"));
        if (!inserted) {
          Error(bpath, "step '" + id + "' is already in the " +
                           (it->second.second ? "then" : "else") + " branch of '" +
                           it->second.first + "'");
          continue;
        }
        out_.upstream[id].insert(s.id);
      }
    }
  }

  // Kahn's algorithm in document order; a leftover means a cycle, which is named.
  void Order() {
    std::map<std::string, int> pending;
    std::map<std::string, std::vector<std::string>> down;
    for (const StepSpec& s : out_.spec.steps) {
      pending[s.id] = static_cast<int>(out_.upstream[s.id].size());
      for (const std::string& u : out_.upstream[s.id]) down[u].push_back(s.id);
    }
    std::set<std::string> done;
    bool progress = true;
    while (progress) {
      progress = false;
      for (const StepSpec& s : out_.spec.steps) {
        if (done.count(s.id) != 0 || pending[s.id] != 0) continue;
        done.insert(s.id);
        out_.order.push_back(s.id);
        for (const std::string& d : down[s.id]) --pending[d];
        progress = true;
      }
    }
    if (out_.order.size() == out_.spec.steps.size()) return;
    // Walk upstream edges among the leftovers until a step repeats.
    std::string at;
    for (const StepSpec& s : out_.spec.steps) {
      if (done.count(s.id) == 0) {
        at = s.id;
        break;
      }
    }
    std::vector<std::string> trail;
    std::map<std::string, size_t> seen;
    while (seen.count(at) == 0) {
      seen[at] = trail.size();
      trail.push_back(at);
      for (const std::string& u : out_.upstream[at]) {
        if (done.count(u) == 0) {
          at = u;
          break;
        }
      }
    }
    std::vector<std::string> cycle(trail.begin() + static_cast<std::ptrdiff_t>(seen[at]), trail.end());
    std::reverse(cycle.begin(), cycle.end());
    std::string text;
    for (const std::string& id : cycle) text += id + " -> ";
    text += cycle.front();
    Error(paths_[cycle.front()], "cycle: " + text);
  }

  const json& doc_;
  const StepRegistry& registry_;
  bool require_name_;
  std::vector<SpecError> errors_;
  std::set<std::string> params_;
  std::map<std::string, std::string> paths_;  // step id -> "steps[i]"
  ValidatedPipeline out_;
};

Result<json> ConvertParameter(const ParameterSpec& p, const json& value) {
  if (FitsPropertyType(value, p.type)) return p.type == "integer" ? json(value.get<int64_t>()) : value;
  if (value.is_string()) {  // from a command line: --param k=v
    const std::string s = value.get<std::string>();
    if (p.type == "boolean" && (s == "true" || s == "false")) return json(s == "true");
    if (p.type == "number" || p.type == "integer") {
      char* end = nullptr;
      const double d = std::strtod(s.c_str(), &end);
      if (!s.empty() && end == s.c_str() + s.size() && std::isfinite(d)) {
        if (p.type == "number") return json(d);
        if (d == std::floor(d)) return json(static_cast<int64_t>(d));
      }
    }
  }
  return InvalidArgumentError("parameters." + p.name + ": must be a " + p.type + ", got " +
                              (value.is_string() ? "'" + value.get<std::string>() + "'" : value.dump()))
      .WithDetail("field", "parameters." + p.name);
}

}  // namespace

const StepSpec* ValidatedPipeline::Find(const std::string& id) const {
  for (const StepSpec& s : spec.steps) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

bool IsValidPipelineName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

ValidationResult ValidatePipeline(const json& document, const StepRegistry& registry,
                                  bool require_name) {
  return Validator(document, registry, require_name).Run();
}

json ErrorsToJson(const std::vector<SpecError>& errors) {
  json out = json::array();
  for (const SpecError& e : errors) out.push_back({{"path", e.path}, {"message", e.message}});
  return out;
}

Status ValidationStatus(const std::vector<SpecError>& errors) {
  if (errors.empty()) return Status::Ok();
  const SpecError& first = errors.front();
  std::string message = first.path.empty() ? first.message : first.path + ": " + first.message;
  if (errors.size() > 1) message += " (and " + std::to_string(errors.size() - 1) + " more)";
  return InvalidArgumentError(message).WithDetail("errors", ErrorsToJson(errors));
}

Result<json> BindParameters(const PipelineSpec& spec, const json& given) {
  if (!given.is_null() && !given.is_object()) {
    return InvalidArgumentError("parameters: must be an object name -> value")
        .WithDetail("field", "parameters");
  }
  json out = json::object();
  for (const ParameterSpec& p : spec.parameters) {
    if (given.is_object() && given.contains(p.name)) {
      LATHE_ASSIGN_OR_RETURN(out[p.name], ConvertParameter(p, given[p.name]));
    } else if (!p.default_value.is_null()) {
      out[p.name] = p.default_value;
    } else {
      return InvalidArgumentError("parameters." + p.name + ": required (it has no default)")
          .WithDetail("field", "parameters." + p.name);
    }
  }
  if (given.is_object()) {
    for (const auto& [name, value] : given.items()) {
      if (!out.contains(name)) {
        std::string known;
        for (const ParameterSpec& p : spec.parameters) known += (known.empty() ? "" : ", ") + p.name;
        return InvalidArgumentError("parameters." + name + ": the pipeline has no such parameter (it has: " +
                                    (known.empty() ? "none" : known) + ")")
            .WithDetail("field", "parameters." + name);
      }
    }
  }
  return out;
}

}  // namespace lathe::pipelines
