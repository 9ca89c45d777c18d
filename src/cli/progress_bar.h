// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// ProgressBar: a one-line upload progress display for terminals, redrawn in place with "\r"
//   iris.csv  [##########----------]  52%  1.9 MB / 3.7 MB  12.4 MB/s
// Redraws at most ten times a second. Not thread-safe; libcurl calls it from the transfer thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace lathe::cli {

class ProgressBar {
 public:
  ProgressBar(std::ostream& out, std::string label);
  ~ProgressBar();

  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Records progress; redraws when enough time has passed or the transfer is complete.
  void Update(int64_t done, int64_t total);
  // Clears the line (also done by the destructor). Safe to call twice.
  void Finish();

  // Returns the bar text for `done` of `total` bytes at `bytes_per_second` (for tests).
  static std::string Render(const std::string& label, int64_t done, int64_t total,
                            double bytes_per_second, int width = 24);

 private:
  std::ostream& out_;
  std::string label_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
  bool finished_ = false;
  bool waiting_shown_ = false;
};

}  // namespace lathe::cli
