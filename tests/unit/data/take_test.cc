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

// Every cell of every column as text, row by row: equal tables give equal strings.
std::vector<std::string> Cells(const Table& t) {
  std::vector<std::string> out;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    std::string row;
    for (const Column& c : t.columns()) row += (c.IsNull(r) ? "<null>" : c.ToString(r)) + "|";
    out.push_back(row);
  }
  return out;
}

TEST(TakeRowsTest, CompactRowsInPlaceEqualsTakeRows) {
  const std::vector<std::vector<uint32_t>> cases = {{0, 2}, {1}, {}, {0, 1, 2}, {2}};
  for (const auto& rows : cases) {
    Table expected = TakeRows(Sample(), rows);
    for (int threads : {1, 2}) {
      Table t = Sample();
      CompactRows(&t, rows, threads);
      EXPECT_EQ(Cells(t), Cells(expected)) << rows.size();
      EXPECT_EQ(t.column(2).offsets.size(), rows.size() + 1);
    }
  }
}

TEST(TakeRowsTest, PermuteRowsInPlaceEqualsTakeRows) {
  const std::vector<std::vector<uint32_t>> cases = {{2, 0, 1}, {0, 1, 2}, {1, 2, 0}, {2, 1, 0}};
  for (const auto& perm : cases) {
    Table expected = TakeRows(Sample(), perm);
    for (int threads : {1, 3, 8}) {  // 8 > the 4 columns: clamped
      Table t = Sample();
      PermuteRows(&t, perm, threads);
      EXPECT_EQ(Cells(t), Cells(expected));
    }
  }
  // A longer text column, so that bytes really move between rows of different lengths.
  Table big;
  Column text = Column::Make("t", DataType::kText);
  std::vector<uint32_t> perm;
  for (uint32_t i = 0; i < 1000; ++i) {
    text.AppendString(std::string(i % 7, static_cast<char>('a' + i % 26)));
    perm.push_back((i * 379) % 1000);  // 379 is coprime with 1000: a permutation
  }
  ASSERT_TRUE(big.AddColumn(std::move(text)).ok());
  Table expected = TakeRows(big, perm);
  PermuteRows(&big, perm);
  EXPECT_EQ(Cells(big), Cells(expected));
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
