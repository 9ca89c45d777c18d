// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/progress_bar.h"

#include <algorithm>

#include "cli/format.h"

namespace lathe::cli {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
constexpr char kClearLine[] = "\r\x1b[K";

}  // namespace

ProgressBar::ProgressBar(std::ostream& out, std::string label)
    : out_(out), label_(std::move(label)), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { Finish(); }

std::string ProgressBar::Render(const std::string& label, int64_t done, int64_t total,
                                double bytes_per_second, int width) {
  const double fraction =
      total > 0 ? std::clamp(static_cast<double>(done) / static_cast<double>(total), 0.0, 1.0)
                : 0.0;
  const int filled = static_cast<int>(fraction * width);
  std::string text = label + "  [" + std::string(filled, '#') + std::string(width - filled, '-') +
                     "]  " + std::to_string(static_cast<int>(fraction * 100)) + "%  " +
                     FormatBytes(done) + " / " + FormatBytes(total);
  if (bytes_per_second > 0) {
    text += "  " + FormatBytes(static_cast<int64_t>(bytes_per_second)) + "/s";
  }
  return text;
}

void ProgressBar::Update(int64_t done, int64_t total) {
  if (finished_) return;
  const auto now = std::chrono::steady_clock::now();
  const bool complete = total > 0 && done >= total;
  if (complete && waiting_shown_) return;
  if (!complete && drawn_ && now - last_draw_ < kRedrawInterval) return;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0.2 ? static_cast<double>(done) / seconds : 0.0;
  out_ << kClearLine << Render(label_, done, total, rate);
  if (complete) {
    out_ << "  (server is reading the file)";
    waiting_shown_ = true;
  }
  out_.flush();
  drawn_ = true;
  last_draw_ = now;
}

void ProgressBar::Finish() {
  if (finished_) return;
  finished_ = true;
  if (drawn_) out_ << kClearLine << std::flush;
}

}  // namespace lathe::cli
