// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Minimal structured line logger: one line per event on stderr, written atomically under a
// mutex so lines from many threads never interleave. Thread-safe.
//
//   LogInfo("req_12ab", "GET /healthz 200 0.1ms");
//   LogWarn("", "spool file left behind: /x");
#pragma once

#include <string_view>

namespace lathe {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Messages below `level` are dropped. Default kInfo; LATHE_LOG_LEVEL=debug|info|warn|error.
void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
// Parses "debug", "info", "warn", "error"; returns false for anything else.
bool ParseLogLevel(std::string_view text, LogLevel* level);

// Writes "<UTC time> <LEVEL> [req=<request_id>] <message>".
void Log(LogLevel level, std::string_view request_id, std::string_view message);
inline void LogInfo(std::string_view request_id, std::string_view message) {
  Log(LogLevel::kInfo, request_id, message);
}
inline void LogWarn(std::string_view request_id, std::string_view message) {
  Log(LogLevel::kWarn, request_id, message);
}
inline void LogError(std::string_view request_id, std::string_view message) {
  Log(LogLevel::kError, request_id, message);
}
inline void LogDebug(std::string_view request_id, std::string_view message) {
  Log(LogLevel::kDebug, request_id, message);
}

}  // namespace lathe
