// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Condition and Fail: steps that decide what runs and how the run ends.
#include "pipelines/steps/builtin_steps.h"
#include "pipelines/steps/step_util.h"

namespace lathe::pipelines {
namespace {

using nlohmann::json;

Result<bool> Compare(const json& left, const std::string& op, const json& right) {
  auto describe = [](const json& v) { return v.dump(); };
  if (left.is_number() && right.is_number()) {
    const double a = left.get<double>(), b = right.get<double>();
    if (op == "==") return a == b;
    if (op == "!=") return a != b;
    if (op == "<") return a < b;
    if (op == "<=") return a <= b;
    if (op == ">") return a > b;
    if (op == ">=") return a >= b;
  } else if (op == "==" || op == "!=") {
    const bool equal = left == right;
    return op == "==" ? equal : !equal;
  } else if (left.is_string() && right.is_string()) {
    const int c = left.get<std::string>().compare(right.get<std::string>());
    if (op == "<") return c < 0;
    if (op == "<=") return c <= 0;
    if (op == ">") return c > 0;
    if (op == ">=") return c >= 0;
  } else {
    return InvalidArgumentError("cannot compare " + describe(left) + " " + op + " " +
                                describe(right) + ": both sides must be numbers (or strings)");
  }
  return InvalidArgumentError("operator: unknown '" + op + "'");
}

StepType ConditionStep() {
  StepType t;
  t.info.type = "Condition";
  t.info.category = "control";
  t.info.description = "Compare a metric or parameter; run the then-steps if true, the else-steps if false";
  PropertyInfo left = Prop("left", "value", "a value or reference, e.g. ${steps.evaluate.metrics.accuracy}", true);
  PropertyInfo op = Prop("operator", "string", "comparison", true, ">=");
  op.enum_values = {"==", "!=", "<", "<=", ">", ">="};
  PropertyInfo right = Prop("right", "value", "a value or reference, e.g. ${parameters.min_accuracy}", true);
  t.info.properties = {left, op, right,
                       Prop("then", "step_list", "steps that run when the comparison holds"),
                       Prop("else", "step_list", "steps that run when it does not")};
  t.run = [](StepContext& ctx) -> Result<json> {
    const json& p = ctx.properties();
    json l = p.value("left", json());
    json r = p.value("right", json());
    // Numbers written as text ("0.8" from a form) compare as numbers.
    for (json* side : {&l, &r}) {
      if (side->is_string()) {
        const std::string s = side->get<std::string>();
        char* end = nullptr;
        const double d = std::strtod(s.c_str(), &end);
        if (!s.empty() && end == s.c_str() + s.size()) *side = d;
      }
    }
    const std::string op = p.value("operator", ">=");
    LATHE_ASSIGN_OR_RETURN(bool result, Compare(l, op, r));
    ctx.Log(l.dump() + " " + op + " " + r.dump() + " is " + (result ? "true" : "false"));
    return json{{"result", result}, {"left", l}, {"right", r}};
  };
  return t;
}

StepType FailStep() {
  StepType t;
  t.info.type = "Fail";
  t.info.category = "control";
  t.info.description = "End the run as Failed with a message";
  t.info.properties = {Prop("message", "string", "why the run fails (references are filled in)", true)};
  t.run = [](StepContext& ctx) -> Result<json> {
    return FailedPreconditionError(StringProp(ctx, "message"));
  };
  return t;
}

}  // namespace

Status RegisterControlSteps(StepRegistry& registry) {
  LATHE_RETURN_IF_ERROR(registry.Register(ConditionStep()));
  return registry.Register(FailStep());
}

}  // namespace lathe::pipelines
