// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/take.h"

#include <gtest/gtest.h>

namespace lathe::data {
namespace {

Table Sample() {
  Table t;
  Column a = Column::Make("a", DataType::kInt64);
  Column b = Column::Make("b", DataType::kCategorical);
  Column c = Column::Make("c", DataType::kText);
  Column d = Column::Make("d", DataType::kFloat64);
  const char* cats[] = {"x", "y", "x"};
  const char* texts[] = {"one", "", "three"};
  for (int i = 0; i < 3; ++i) {
    a.AppendInt(i * 10);
    b.AppendString(cats[i]);
    if (i == 1) c.AppendNull(); else c.AppendString(texts[i]);
    d.AppendDouble(i + 0.5);
  }
  EXPECT_TRUE(t.AddColumn(std::move(a)).ok());
  EXPECT_TRUE(t.AddColumn(std::move(b)).ok());
  EXPECT_TRUE(t.AddColumn(std::move(c)).ok());
  EXPECT_TRUE(t.AddColumn(std::move(d)).ok());
  return t;
}

TEST(TakeRowsTest, GathersInOrderWithRepeats) {
  Table t = Sample();
  std::vector<uint32_t> rows = {2, 0, 2, 1};
  Table out = TakeRows(t, rows);
  ASSERT_EQ(out.num_rows(), 4u);
  EXPECT_EQ(out.column(0).IntAt(0), 20);
  EXPECT_EQ(out.column(0).IntAt(1), 0);
  EXPECT_EQ(out.column(1).StringAt(0), "x");
  EXPECT_EQ(out.column(1).StringAt(3), "y");
  EXPECT_EQ(out.column(2).StringAt(0), "three");
  EXPECT_EQ(out.column(2).StringAt(1), "one");
  EXPECT_TRUE(out.column(2).IsNull(3));
  EXPECT_DOUBLE_EQ(out.column(3).DoubleAt(2), 2.5);
  // The dictionary is kept whole, so codes stay comparable with the source.
  EXPECT_EQ(out.column(1).dictionary, t.column(1).dictionary);
}

TEST(TakeRowsTest, SliceClipsToTheTable) {
  Table t = Sample();
  EXPECT_EQ(SliceRows(t, 1, 10).num_rows(), 2u);
  EXPECT_EQ(SliceRows(t, 5, 10).num_rows(), 0u);
  EXPECT_EQ(SliceRows(t, 0, 2).column(0).IntAt(1), 10);
}

TEST(TakeRowsTest, EmptyLikeKeepsInterning) {
  Table t = Sample();
  Column e = EmptyLike(t.column(1));
  e.AppendString("y");
  EXPECT_EQ(e.codes[0], 1u);
  EXPECT_EQ(e.dictionary.size(), 2u);
}

}  // namespace
}  // namespace lathe::data
