// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/snapshot.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace lathe::data {
namespace {

std::string TempPath(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("lathe_snapshot_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void Spit(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

// One column of every type, each with a null in row 1.
Table EveryType() {
  Table t;
  Column i = Column::Make("i", DataType::kInt64);
  i.AppendInt(-5); i.AppendNull(); i.AppendInt(int64_t{1} << 62);
  Column f = Column::Make("f", DataType::kFloat64);
  f.AppendDouble(0.1); f.AppendNull(); f.AppendDouble(-INFINITY);
  Column b = Column::Make("b", DataType::kBool);
  b.AppendInt(1); b.AppendNull(); b.AppendInt(0);
  Column d = Column::Make("d", DataType::kDate);
  d.AppendInt(19723); d.AppendNull(); d.AppendInt(-1);
  Column dt = Column::Make("dt", DataType::kDateTime);
  dt.AppendInt(1700000000123456); dt.AppendNull(); dt.AppendInt(0);
  Column c = Column::Make("c", DataType::kCategorical);
  c.AppendString("red"); c.AppendNull(); c.AppendString("blue");
  Column x = Column::Make("x", DataType::kText);
  x.AppendString(""); x.AppendNull(); x.AppendString("héllo\nworld");
  for (Column* col : {&i, &f, &b, &d, &dt, &c, &x}) EXPECT_TRUE(t.AddColumn(std::move(*col)).ok());
  return t;
}

TEST(SnapshotTest, RoundTripsEveryTypeWithNulls) {
  std::string path = TempPath("every.snap");
  Table t = EveryType();
  ASSERT_TRUE(WriteSnapshot(t, path).ok());
  Result<Table> r = ReadSnapshot(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->num_columns(), t.num_columns());
  ASSERT_EQ(r->num_rows(), 3u);
  for (size_t col = 0; col < t.num_columns(); ++col) {
    const Column& a = t.column(col);
    const Column& b = r->column(col);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.type, b.type);
    EXPECT_TRUE(b.IsNull(1)) << a.name;
    for (size_t row : {size_t{0}, size_t{2}}) {
      EXPECT_FALSE(b.IsNull(row));
      EXPECT_EQ(a.ToString(row), b.ToString(row)) << a.name << " row " << row;
    }
  }
  EXPECT_EQ(r->column(0).IntAt(2), int64_t{1} << 62);
  EXPECT_TRUE(std::isinf(r->column(1).DoubleAt(2)));
  EXPECT_EQ(r->column(5).dictionary, (std::vector<std::string>{"red", "blue"}));
}

TEST(SnapshotTest, KeepsEmptyStringDistinctFromNull) {
  std::string path = TempPath("empty.snap");
  ASSERT_TRUE(WriteSnapshot(EveryType(), path).ok());
  Result<Table> r = ReadSnapshot(path);
  ASSERT_TRUE(r.ok());
  const Column& x = r->column(6);
  EXPECT_FALSE(x.IsNull(0));
  EXPECT_EQ(x.StringAt(0), "");
  EXPECT_TRUE(x.IsNull(1));
}

TEST(SnapshotTest, OverwritesAtomicallyAndLeavesNoTempFiles) {
  std::string path = TempPath("atomic.snap");
  ASSERT_TRUE(WriteSnapshot(EveryType(), path).ok());
  ASSERT_TRUE(WriteSnapshot(Table(), path).ok());
  Result<Table> r = ReadSnapshot(path);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->num_columns(), 0u);
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path())) {
    EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos) << e.path();
  }
}

TEST(SnapshotTest, CorruptedPayloadIsDataLossNamingTheBlock) {
  std::string path = TempPath("corrupt.snap");
  ASSERT_TRUE(WriteSnapshot(EveryType(), path).ok());
  std::string data = Slurp(path);
  size_t pos = data.find("héllo");
  ASSERT_NE(pos, std::string::npos);
  data[pos] = 'H';
  Spit(path, data);
  Result<Table> r = ReadSnapshot(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("column block 7 ('x')"), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("checksum"), std::string::npos);
}

TEST(SnapshotTest, BadMagicVersionAndTruncationAreDataLoss) {
  std::string path = TempPath("bad.snap");
  ASSERT_TRUE(WriteSnapshot(EveryType(), path).ok());
  std::string good = Slurp(path);

  std::string bad_magic = good;
  bad_magic[0] = 'X';
  Spit(path, bad_magic);
  Result<Table> r = ReadSnapshot(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("bad magic"), std::string::npos);

  std::string bad_version = good;
  bad_version[8] = 9;  // version field; the header checksum catches it first
  Spit(path, bad_version);
  r = ReadSnapshot(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("header"), std::string::npos);

  Spit(path, good.substr(0, good.size() - 20));
  r = ReadSnapshot(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
}

TEST(SnapshotTest, MissingFileIsNotFound) {
  Result<Table> r = ReadSnapshot(TempPath("does-not-exist.snap"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace lathe::data
