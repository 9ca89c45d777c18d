// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "pipelines/step_type.h"

namespace lathe::pipelines {
namespace {

template <typename T>
const T* FindByName(const std::vector<T>& items, std::string_view name) {
  for (const T& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

nlohmann::json PortsToJson(const std::vector<PortInfo>& ports) {
  nlohmann::json out = nlohmann::json::array();
  for (const PortInfo& p : ports) {
    out.push_back({{"name", p.name}, {"type", p.type}, {"required", p.required}});
  }
  return out;
}

}  // namespace

const PortInfo* StepTypeInfo::FindInput(std::string_view name) const {
  return FindByName(inputs, name);
}
const PortInfo* StepTypeInfo::FindOutput(std::string_view name) const {
  return FindByName(outputs, name);
}
const PropertyInfo* StepTypeInfo::FindProperty(std::string_view name) const {
  return FindByName(properties, name);
}

nlohmann::json StepTypeInfoToJson(const StepTypeInfo& info) {
  nlohmann::json props = nlohmann::json::array();
  for (const PropertyInfo& p : info.properties) {
    nlohmann::json j = {{"name", p.name}, {"type", p.type}, {"required", p.required}};
    if (!p.default_value.is_null()) j["default"] = p.default_value;
    if (!p.enum_values.empty()) j["enum"] = p.enum_values;
    if (p.minimum) j["minimum"] = *p.minimum;
    if (p.maximum) j["maximum"] = *p.maximum;
    if (!p.description.empty()) j["description"] = p.description;
    props.push_back(std::move(j));
  }
  nlohmann::json out = {{"type", info.type},
                        {"category", info.category},
                        {"description", info.description},
                        {"inputs", PortsToJson(info.inputs)},
                        {"outputs", PortsToJson(info.outputs)},
                        {"properties", std::move(props)},
                        {"cacheable", info.cacheable}};
  if (!info.variadic_input_type.empty()) out["variadic_input_type"] = info.variadic_input_type;
  return out;
}

Status StepRegistry::Register(StepType type) {
  std::string name = type.info.type;
  if (types_.count(name) != 0) return AlreadyExistsError("step type '" + name + "' exists");
  types_.emplace(name, std::make_shared<const StepType>(std::move(type)));
  order_.push_back(std::move(name));
  return Status::Ok();
}

const StepType* StepRegistry::Find(std::string_view type) const {
  auto it = types_.find(type);
  return it == types_.end() ? nullptr : it->second.get();
}

std::vector<std::string> StepRegistry::Names() const { return order_; }

nlohmann::json StepRegistry::ToJson() const {
  nlohmann::json list = nlohmann::json::array();
  for (const std::string& name : order_) list.push_back(StepTypeInfoToJson(types_.at(name)->info));
  return {{"step_types", std::move(list)}};
}

}  // namespace lathe::pipelines
