// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/progress_bar.h"

#include <sstream>

#include <gtest/gtest.h>

namespace lathe::cli {
namespace {

TEST(ProgressBarTest, RendersFractionSizesAndRate) {
  EXPECT_EQ(ProgressBar::Render("big.csv", 512 * 1024, 2 * 1024 * 1024, 1024 * 1024, 8),
            "big.csv  [##------]  25%  512.0 KB / 2.0 MB  1.0 MB/s");
  EXPECT_EQ(ProgressBar::Render("x", 0, 0, 0, 4), "x  [----]  0%  0 B / 0 B");
  EXPECT_EQ(ProgressBar::Render("x", 10, 10, 0, 4), "x  [####]  100%  10 B / 10 B");
}

TEST(ProgressBarTest, ClearsTheLineWhenFinished) {
  std::ostringstream out;
  {
    ProgressBar bar(out, "f");
    bar.Update(5, 10);
    bar.Update(10, 10);
  }
  const std::string text = out.str();
  EXPECT_NE(text.find("50%"), std::string::npos) << text;
  EXPECT_NE(text.find("(server is reading the file)"), std::string::npos) << text;
  EXPECT_EQ(text.substr(text.size() - 4), "\r\x1b[K");
}

TEST(ProgressBarTest, DrawsNothingWhenNeverUpdated) {
  std::ostringstream out;
  { ProgressBar bar(out, "f"); }
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace lathe::cli
