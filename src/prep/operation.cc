// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/operation.h"

#include <algorithm>
#include <map>
#include <thread>

namespace lathe::prep {
namespace {

struct Registry {
  std::vector<OperationInfo> infos;
  std::map<std::string, OperationFactory, std::less<>> factories;
};

const Registry& GetRegistry() {
  static const Registry* registry = [] {
    auto* r = new Registry;
    for (auto group : {ColumnOperations, CleanOperations, RowOperations, NumericOperations,
                       EncodeOperations, TextOperations, DateTimeOperations, DeriveOperations,
                       ShapeOperations}) {
      for (OperationSpec& spec : group()) {
        r->factories[spec.info.name] = std::move(spec.make);
        r->infos.push_back(std::move(spec.info));
      }
    }
    return r;
  }();
  return *registry;
}

}  // namespace

Result<std::unique_ptr<Operation>> MakeOperation(const nlohmann::json& step, std::string path) {
  if (!step.is_object()) {
    return InvalidArgumentError(path + ": a step must be a JSON object with an \"op\"")
        .WithDetail("field", path);
  }
  auto op = step.find("op");
  if (op == step.end() || !op->is_string()) {
    return InvalidArgumentError(path + ".op: required (the operation name)")
        .WithDetail("field", path + ".op");
  }
  const Registry& registry = GetRegistry();
  auto it = registry.factories.find(op->get<std::string>());
  if (it == registry.factories.end()) {
    std::string known;
    for (const auto& info : registry.infos) known += (known.empty() ? "" : ", ") + info.name;
    return InvalidArgumentError(path + ".op: unknown operation '" + op->get<std::string>() +
                                "' (known: " + known + ")")
        .WithDetail("field", path + ".op");
  }
  return it->second(step, std::move(path));
}

const std::vector<OperationInfo>& ListOperations() { return GetRegistry().infos; }

int DefaultApplyThreads() {
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
}

}  // namespace lathe::prep
