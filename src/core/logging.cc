// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "core/logging.h"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

#include "core/clock.h"

namespace lathe {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
std::mutex g_write_mu;

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "DEBUG";
    case LogLevel::kInfo: return "INFO";
    case LogLevel::kWarn: return "WARN";
    case LogLevel::kError: return "ERROR";
  }
  return "INFO";
}

}  // namespace

void SetLogLevel(LogLevel level) { g_level = static_cast<int>(level); }
LogLevel GetLogLevel() { return static_cast<LogLevel>(g_level.load()); }

bool ParseLogLevel(std::string_view text, LogLevel* level) {
  if (text == "debug") *level = LogLevel::kDebug;
  else if (text == "info") *level = LogLevel::kInfo;
  else if (text == "warn") *level = LogLevel::kWarn;
  else if (text == "error") *level = LogLevel::kError;
  else return false;
  return true;
}

void Log(LogLevel level, std::string_view request_id, std::string_view message) {
  if (static_cast<int>(level) < g_level.load(std::memory_order_relaxed)) return;
  std::string stamp = NowRfc3339();
  std::string line;
  line.reserve(64 + message.size());
  line.append(stamp).append(" ").append(LevelName(level)).append(" ");
  if (!request_id.empty()) line.append("req=").append(request_id).append(" ");
  line.append(message).append("\n");
  std::lock_guard<std::mutex> lock(g_write_mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace lathe
