// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The filter and derive operations through the operation registry: documentation, parameter
// validation at build time, and their effect on tables.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/csv_reader.h"
#include "data/table.h"
#include "prep/operation.h"

namespace lathe::prep {
namespace {

data::Table Csv(const std::string& text) {
  data::CsvOptions options;
  options.header = data::CsvOptions::Header::kPresent;
  options.num_threads = 1;
  auto t = data::ReadCsvBuffer(text, options);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return std::move(t).value();
}

Result<data::Table> ApplyStep(const nlohmann::json& step, const data::Table& input) {
  LATHE_ASSIGN_OR_RETURN(auto op, MakeOperation(step, "steps[0]"));
  nlohmann::json state;
  return op->Apply(input, ApplyContext{}, state);
}

TEST(DeriveOpsTest, RegisteredWithDocumentation) {
  int found = 0;
  for (const OperationInfo& info : ListOperations()) {
    if (info.name != "filter" && info.name != "derive") continue;
    ++found;
    EXPECT_TRUE(info.row_wise);
    EXPECT_FALSE(info.summary.empty());
    ASSERT_TRUE(info.params.is_array());
    for (const auto& p : info.params) {
      EXPECT_TRUE(p.contains("name") && p.contains("type") && p.contains("required") &&
                  p.contains("default") && p.contains("description"))
          << p.dump();
      EXPECT_TRUE(p["required"].get<bool>());
    }
    if (info.name == "filter") {
      EXPECT_EQ(info.group, "rows");
      ASSERT_EQ(info.params.size(), 1u);
      EXPECT_EQ(info.params[0]["name"], "condition");
    } else {
      EXPECT_EQ(info.group, "columns");
      ASSERT_EQ(info.params.size(), 2u);
      EXPECT_EQ(info.params[0]["name"], "column");
      EXPECT_EQ(info.params[1]["name"], "expression");
    }
  }
  EXPECT_EQ(found, 2);
}

TEST(DeriveOpsTest, SyntaxErrorsFailAtBuildTimeNamingTheField) {
  auto op = MakeOperation({{"op", "filter"}, {"condition", "(a > 1"}}, "steps[3]");
  ASSERT_FALSE(op.ok());
  EXPECT_EQ(op.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(op.status().message(), "steps[3].condition: expected ')' at position 6");
  EXPECT_EQ(op.status().details()["field"], "steps[3].condition");
  EXPECT_EQ(op.status().details()["position"], 6);

  op = MakeOperation({{"op", "derive"}, {"column", "y"}, {"expression", "log(1, 2)"}}, "steps[0]");
  ASSERT_FALSE(op.ok());
  EXPECT_NE(op.status().message().find("steps[0].expression: log() takes"), std::string::npos);

  op = MakeOperation({{"op", "derive"}, {"expression", "1"}}, "steps[0]");
  ASSERT_FALSE(op.ok());
  EXPECT_NE(op.status().message().find("steps[0].column: required"), std::string::npos);

  op = MakeOperation({{"op", "filter"}, {"condition", "a > 1"}, {"conditon", "x"}}, "steps[0]");
  ASSERT_FALSE(op.ok());
  EXPECT_NE(op.status().message().find("steps[0].conditon: unknown property"), std::string::npos);

  op = MakeOperation({{"op", "filter"}, {"condition", 3}}, "steps[0]");
  ASSERT_FALSE(op.ok());
  EXPECT_NE(op.status().message().find("expected a string"), std::string::npos);
}

TEST(DeriveOpsTest, FilterKeepsTrueRowsAndDropsNulls) {
  data::Table t = Csv("a,b\n1,x\n5,y\n,z\n7,w\n");
  auto out = ApplyStep({{"op", "filter"}, {"condition", "a > 2"}}, t);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->num_rows(), 2u);
  EXPECT_EQ(out->column(0).IntAt(0), 5);
  EXPECT_EQ(out->column(1).ToString(1), "w");
  EXPECT_EQ(out->num_columns(), 2u);

  out = ApplyStep({{"op", "filter"}, {"condition", "a is null or b = 'x'"}}, t);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->num_rows(), 2u);
  EXPECT_EQ(out->column(1).ToString(0), "x");
  EXPECT_EQ(out->column(1).ToString(1), "z");
}

TEST(DeriveOpsTest, ApplyErrorsNameFieldAndPosition) {
  data::Table t = Csv("a,b\n1,x\n");
  auto out = ApplyStep({{"op", "filter"}, {"condition", "a > 1 and c < 2"}}, t);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("steps[0].condition: unknown column 'c' at position 10"),
            std::string::npos)
      << out.status().message();
  EXPECT_EQ(out.status().details()["column"], "c");
  EXPECT_EQ(out.status().details()["position"], 10);
  out = ApplyStep({{"op", "derive"}, {"column", "y"}, {"expression", "b + 1"}}, t);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("steps[0].expression: operator '+' expects numbers"),
            std::string::npos);
  out = ApplyStep({{"op", "filter"}, {"condition", "a + 1"}}, t);
  ASSERT_FALSE(out.ok());
}

TEST(DeriveOpsTest, DeriveAppendsOrOverwritesInPlace) {
  data::Table t = Csv("price,qty,name\n2.5,4,a\n1.0,3,b\n");
  auto out = ApplyStep({{"op", "derive"}, {"column", "total"}, {"expression", "price * qty"}}, t);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->num_columns(), 4u);
  EXPECT_EQ(out->column(3).name, "total");
  EXPECT_EQ(out->column(3).type, data::DataType::kFloat64);
  EXPECT_DOUBLE_EQ(out->column(3).DoubleAt(0), 10.0);
  EXPECT_DOUBLE_EQ(out->column(3).DoubleAt(1), 3.0);

  out = ApplyStep({{"op", "derive"}, {"column", "qty"}, {"expression", "qty * 10"}}, t);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->num_columns(), 3u);
  EXPECT_EQ(out->column(1).name, "qty");
  EXPECT_EQ(out->column(1).type, data::DataType::kInt64);
  EXPECT_EQ(out->column(1).IntAt(0), 40);
  EXPECT_EQ(out->column(2).name, "name");
}

}  // namespace
}  // namespace lathe::prep
