// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/table.h"

#include <gtest/gtest.h>

namespace lathe::data {
namespace {

TEST(TableTest, CategoricalInternsValues) {
  Column c = Column::Make("species", DataType::kCategorical);
  c.AppendString("setosa");
  c.AppendString("virginica");
  c.AppendNull();
  c.AppendString("setosa");
  EXPECT_EQ(c.dictionary.size(), 2u);
  EXPECT_EQ(c.codes[3], c.codes[0]);
  EXPECT_EQ(c.StringAt(1), "virginica");
  EXPECT_TRUE(c.IsNull(2));
  EXPECT_EQ(c.NullCount(), 1u);
}

TEST(TableTest, ToStringFormatsDatesAndFloats) {
  Column d = Column::Make("d", DataType::kDate);
  d.AppendInt(19723);  // 2024-01-01
  EXPECT_EQ(d.ToString(0), "2024-01-01");
  Column t = Column::Make("t", DataType::kDateTime);
  t.AppendInt(int64_t{19723} * 86400 * 1000000 + 3723000000);
  EXPECT_EQ(t.ToString(0), "2024-01-01T01:02:03");
  Column f = Column::Make("f", DataType::kFloat64);
  f.AppendDouble(0.1);
  EXPECT_EQ(f.ToString(0), "0.1");
}

TEST(TableTest, AddColumnRejectsLengthMismatch) {
  Table t;
  Column a = Column::Make("a", DataType::kInt64);
  a.AppendInt(1);
  Column b = Column::Make("b", DataType::kInt64);
  ASSERT_TRUE(t.AddColumn(std::move(a)).ok());
  Status s = t.AddColumn(std::move(b));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(t.FindColumn("a"), 0);
  EXPECT_EQ(t.FindColumn("zz"), -1);
}

}  // namespace
}  // namespace lathe::data
