// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Step types for executor tests: "Source" makes a dataset artifact, "Work" takes one and makes
// another (optionally sleeping, failing its first attempts, or failing always), "Join" takes
// two. Every attempt is recorded with its start and end times.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pipelines/steps/builtin_steps.h"
#include "pipelines/step_type.h"

namespace lathe::pipelines::testing {

struct Attempt {
  std::string step;
  std::chrono::steady_clock::time_point start, end;
};

struct Recorder {
  std::mutex mu;
  std::vector<Attempt> attempts;
  std::map<std::string, int> failures_left;  // step -> attempts that still fail

  int Count(const std::string& step) {
    std::lock_guard lock(mu);
    int n = 0;
    for (const Attempt& a : attempts) n += a.step == step;
    return n;
  }
  const Attempt* Find(const std::string& step) {
    std::lock_guard lock(mu);
    for (const Attempt& a : attempts) {
      if (a.step == step) return &a;
    }
    return nullptr;
  }
};

inline PropertyInfo P(std::string name, std::string type, nlohmann::json def = nullptr) {
  PropertyInfo p;
  p.name = std::move(name);
  p.type = std::move(type);
  p.default_value = std::move(def);
  return p;
}

inline Result<nlohmann::json> Perform(Recorder& rec, StepContext& ctx) {
  Attempt a{ctx.step_id(), std::chrono::steady_clock::now(), {}};
  const int sleep_ms = ctx.properties().value("sleep_ms", 0);
  for (int waited = 0; waited < sleep_ms; waited += 10) {
    if (ctx.cancelled()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  a.end = std::chrono::steady_clock::now();
  bool fail = ctx.properties().value("fail", false);
  {
    std::lock_guard lock(rec.mu);
    rec.attempts.push_back(a);
    int& left = rec.failures_left[ctx.step_id()];
    if (left > 0) {
      --left;
      fail = true;
    }
  }
  if (ctx.cancelled()) return CancelledError("cancelled");
  ctx.Log("did " + ctx.step_id());
  if (fail) return InternalError("step " + ctx.step_id() + " broke on purpose");
  // Like a real artifact id, it changes when any input does.
  std::string id = "ds_" + ctx.step_id() + "_" + ctx.properties().value("tag", std::string("x"));
  for (const auto& [name, artifact] : ctx.inputs()) id += "+" + artifact.value("id", std::string("?"));
  return nlohmann::json{{"data", {{"type", "dataset"}, {"id", id}, {"score", ctx.properties().value("score", 0.5)}}}};
}

inline void RegisterTestSteps(StepRegistry& registry, Recorder& rec) {
  StepType source;
  source.info.type = "Source";
  source.info.outputs = {{"data", "dataset", true}};
  source.info.properties = {P("sleep_ms", "integer", 0), P("fail", "boolean", false),
                            P("tag", "string", "x"), P("score", "number", 0.5)};
  source.info.cacheable = true;
  source.run = [&rec](StepContext& ctx) { return Perform(rec, ctx); };
  (void)registry.Register(source);

  StepType work = source;
  work.info.type = "Work";
  work.info.inputs = {{"data", "dataset", true}};
  work.info.outputs = {{"data", "dataset", true}, {"model", "model", true}};
  (void)registry.Register(work);

  StepType join = source;
  join.info.type = "Join";
  join.info.inputs = {{"left", "dataset", true}, {"right", "dataset", true}};
  (void)registry.Register(join);

  (void)RegisterControlSteps(registry);
}

}  // namespace lathe::pipelines::testing
