// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "pipelines/references.h"
#include "pipelines/yaml_json.h"

namespace lathe::pipelines {
namespace {

using nlohmann::json;

TEST(ReferencesTest, WholeReferenceKeepsTypeAndInterpolationMakesText) {
  json params = {{"n", 3}, {"name", "iris"}};
  std::map<std::string, json> outputs = {
      {"eval", {{"report", {{"metrics", {{"accuracy", 0.95}}}}}}},
      {"train", {{"model", {{"id", "mdl_1"}}}}}};
  ResolveScope scope{.parameters = &params, .step_outputs = &outputs};
  EXPECT_EQ(*Resolve(json("${parameters.n}"), scope), json(3));
  EXPECT_EQ(*Resolve(json("${steps.eval.metrics.accuracy}"), scope), json(0.95));
  EXPECT_EQ(*Resolve(json("${steps.train.model.id}"), scope), json("mdl_1"));
  EXPECT_EQ(*Resolve(json("${parameters.name}-v${parameters.n}"), scope), json("iris-v3"));
  EXPECT_EQ(*Resolve(json({{"a", {"x ${parameters.n}"}}}), scope), json({{"a", {"x 3"}}}));
  auto missing = Resolve(json("${steps.eval.metrics.f1}"), scope);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no output field 'metrics.f1'"), std::string::npos);
  EXPECT_FALSE(FindReferences(json("${params.x}")).ok());
  EXPECT_FALSE(FindReferences(json("${parameters.x")).ok());
}

TEST(YamlTest, ScalarsFollowTheCoreSchemaAndRoundTrip) {
  auto doc = ParseYaml(R"(
name: p
n: 12
x: 0.25
e: 1e3
on: true
none: ~
quoted: "12"
text: hello world
list: [1, two, "3"]
nested:
  - id: a
    properties: {left: "${steps.e.metrics.accuracy}", operator: ">="}
)");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ((*doc)["n"], json(12));
  EXPECT_EQ((*doc)["x"], json(0.25));
  EXPECT_EQ((*doc)["e"], json(1000.0));
  EXPECT_EQ((*doc)["on"], json(true));
  EXPECT_TRUE((*doc)["none"].is_null());
  EXPECT_EQ((*doc)["quoted"], json("12"));
  EXPECT_EQ((*doc)["list"], json({1, "two", "3"}));
  EXPECT_EQ((*doc)["nested"][0]["properties"]["operator"], json(">="));
  auto again = ParseYaml(ToYaml(*doc));
  ASSERT_TRUE(again.ok()) << again.status().ToString() << "\n" << ToYaml(*doc);
  EXPECT_EQ(*again, *doc) << ToYaml(*doc);
}

TEST(YamlTest, SyntaxErrorNamesLineAndColumn) {
  auto bad = ParseYaml("name: p\nsteps: [a, b\n", "p.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("p.yaml:"), std::string::npos) << bad.status().message();
  EXPECT_TRUE(bad.status().details().contains("line"));
}

}  // namespace
}  // namespace lathe::pipelines
