// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "core/text_lines.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lathe {
namespace {

struct Seen {
  size_t number;
  std::vector<std::string> fields;
};

std::vector<Seen> Collect(std::string_view text) {
  std::vector<Seen> out;
  ForEachDataLine(text, [&](const DataLine& line) {
    out.push_back({line.number, std::vector<std::string>(line.fields.begin(), line.fields.end())});
  });
  return out;
}

TEST(TextLinesTest, SkipsEmptyAndCommentLinesAndSplitsAtTabs) {
  const std::vector<Seen> seen =
      Collect("# header\tignored\n\ngood\t1.5\n  #not a comment\nthree\tfields\there\n");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].number, 3u);
  EXPECT_EQ(seen[0].fields, (std::vector<std::string>{"good", "1.5"}));
  EXPECT_EQ(seen[1].number, 4u);  // only a '#' in the first column starts a comment
  EXPECT_EQ(seen[1].fields, (std::vector<std::string>{"  #not a comment"}));
  EXPECT_EQ(seen[2].fields, (std::vector<std::string>{"three", "fields", "here"}));
}

TEST(TextLinesTest, LastLineWithoutNewlineCarriageReturnsAndEmptyFields) {
  const std::vector<Seen> seen = Collect("a\t\tb\r\n\r\nlast\t");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].fields, (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(seen[1].number, 3u);
  EXPECT_EQ(seen[1].fields, (std::vector<std::string>{"last", ""}));
  EXPECT_TRUE(Collect("").empty());
  EXPECT_TRUE(Collect("\n\n#\n").empty());
}

TEST(TextLinesTest, TextIsTheWholeLineAndViewsPointIntoTheInput) {
  const std::string text = "k\tv\n";
  ForEachDataLine(text, [&](const DataLine& line) {
    EXPECT_EQ(line.text, "k\tv");
    EXPECT_EQ(line.text.data(), text.data());
    EXPECT_EQ(line.fields[1].data(), text.data() + 2);
  });
}

TEST(TextLinesTest, StatusFunctionStopsAtTheFirstError) {
  std::vector<size_t> visited;
  const Status status = ForEachDataLine("x\t1\ny\tbad\nz\t3\n", [&](const DataLine& line) -> Status {
    visited.push_back(line.number);
    if (line.fields[1] == "bad") {
      return InvalidArgumentError("line " + std::to_string(line.number) + ": bad weight");
    }
    return Status::Ok();
  });
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "line 2: bad weight");
  EXPECT_EQ(visited, (std::vector<size_t>{1, 2}));
  EXPECT_TRUE(ForEachDataLine("a\n", [](const DataLine&) { return Status::Ok(); }).ok());
}

}  // namespace
}  // namespace lathe
