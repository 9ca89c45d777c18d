// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "pipelines/pipeline_spec.h"

#include <gtest/gtest.h>

#include "test_steps.h"

namespace lathe::pipelines {
namespace {

using nlohmann::json;

class SpecTest : public ::testing::Test {
 protected:
  SpecTest() { testing::RegisterTestSteps(registry_, rec_); }

  std::vector<SpecError> Errors(const json& doc) { return ValidatePipeline(doc, registry_).errors; }
  bool HasError(const json& doc, const std::string& path, const std::string& fragment) {
    for (const SpecError& e : Errors(doc)) {
      if (e.path == path && e.message.find(fragment) != std::string::npos) return true;
    }
    ADD_FAILURE() << "no error at " << path << " containing '" << fragment << "'; got "
                  << ErrorsToJson(Errors(doc)).dump();
    return false;
  }

  testing::Recorder rec_;
  StepRegistry registry_;
};

json Chain() {
  return json::parse(R"({
    "name": "chain",
    "parameters": {"tag": {"type": "string", "default": "a"}, "limit": {"type": "number", "default": 0.5}},
    "steps": [
      {"id": "c", "type": "Work", "inputs": {"data": "b.data"}},
      {"id": "a", "type": "Source", "properties": {"tag": "${parameters.tag}"}},
      {"id": "b", "type": "Work", "inputs": {"data": "a.data"}},
      {"id": "check", "type": "Condition", "properties": {"left": "${steps.c.score}", "operator": ">=",
                                                         "right": "${parameters.limit}", "then": ["ok"], "else": ["no"]}},
      {"id": "ok", "type": "Source"},
      {"id": "no", "type": "Fail", "properties": {"message": "too low"}}
    ]})");
}

TEST_F(SpecTest, ValidDocumentGivesATopologicalOrderAndBranches) {
  ValidationResult v = ValidatePipeline(Chain(), registry_);
  ASSERT_TRUE(v.ok()) << ErrorsToJson(v.errors).dump();
  const auto& order = v.pipeline->order;
  auto pos = [&](const std::string& id) { return std::find(order.begin(), order.end(), id) - order.begin(); };
  EXPECT_LT(pos("a"), pos("b"));
  EXPECT_LT(pos("b"), pos("c"));
  EXPECT_LT(pos("c"), pos("check"));  // a step reference is a dependency
  EXPECT_LT(pos("check"), pos("ok"));
  EXPECT_LT(pos("check"), pos("no"));
  EXPECT_EQ(v.pipeline->branch.at("ok"), std::make_pair(std::string("check"), true));
  EXPECT_EQ(v.pipeline->branch.at("no"), std::make_pair(std::string("check"), false));
}

TEST_F(SpecTest, CycleIsNamedWithItsSteps) {
  json doc = Chain();
  doc["steps"][1]["type"] = "Work";
  doc["steps"][1]["inputs"] = {{"data", "c.data"}};  // a <- c <- b <- a
  auto errors = Errors(doc);
  ASSERT_EQ(errors.size(), 1u) << ErrorsToJson(errors).dump();
  EXPECT_NE(errors[0].message.find("cycle: "), std::string::npos);
  for (const char* id : {"a", "b", "c"}) EXPECT_NE(errors[0].message.find(id), std::string::npos);
}

TEST_F(SpecTest, WiringErrorsNameTheirPath) {
  json doc = Chain();
  doc["steps"][2]["inputs"]["data"] = "a.model";
  HasError(doc, "steps[2].inputs.data", "step 'a' has no output 'model' (it has: data)");
  doc = Chain();
  doc["steps"][0]["inputs"]["data"] = "b.model";
  HasError(doc, "steps[0].inputs.data", "type mismatch");
  doc = Chain();
  doc["steps"][2].erase("inputs");
  HasError(doc, "steps[2].inputs.data", "required input of Work");
  doc = Chain();
  doc["steps"][2]["inputs"]["data"] = "nowhere.data";
  HasError(doc, "steps[2].inputs.data", "existing step");
}

TEST_F(SpecTest, PropertyAndReferenceErrors) {
  json doc = Chain();
  doc["steps"][1]["properties"]["colour"] = "red";
  HasError(doc, "steps[1].properties.colour", "unknown property of Source");
  doc = Chain();
  doc["steps"][1]["properties"]["sleep_ms"] = "soon";
  HasError(doc, "steps[1].properties.sleep_ms", "must be a integer, got string");
  doc = Chain();
  doc["steps"][1]["properties"]["tag"] = "${parameters.nope}";
  HasError(doc, "steps[1].properties.tag", "no parameter 'nope'");
  doc = Chain();
  doc["steps"][5]["properties"].erase("message");
  HasError(doc, "steps[5].properties.message", "required by Fail");
  doc = Chain();
  doc["steps"][3]["properties"]["else"] = json::array({"ok"});
  HasError(doc, "steps[3].properties.else[0]", "already in the then branch");
  doc = Chain();
  doc["steps"][4]["id"] = "a";
  HasError(doc, "steps[4].id", "duplicate step id 'a'");
  doc = Chain();
  doc["steps"][4]["type"] = "Teleport";
  HasError(doc, "steps[4].type", "unknown step type 'Teleport'");
  doc = Chain();
  doc["parameters"]["limit"]["default"] = "high";
  HasError(doc, "parameters.limit.default", "must be a number");
  doc = Chain();
  doc["extra"] = 1;
  HasError(doc, "extra", "unknown field");
}

TEST_F(SpecTest, BindParametersConvertsCommandLineStrings) {
  ValidationResult v = ValidatePipeline(Chain(), registry_);
  ASSERT_TRUE(v.ok());
  auto bound = BindParameters(v.pipeline->spec, {{"limit", "0.9"}});
  ASSERT_TRUE(bound.ok()) << bound.status().ToString();
  EXPECT_DOUBLE_EQ((*bound)["limit"].get<double>(), 0.9);
  EXPECT_EQ((*bound)["tag"], "a");
  auto bad = BindParameters(v.pipeline->spec, {{"limit", "lots"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("parameters.limit: must be a number"), std::string::npos);
  auto unknown = BindParameters(v.pipeline->spec, {{"speed", 3}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("no such parameter"), std::string::npos);
}

}  // namespace
}  // namespace lathe::pipelines
