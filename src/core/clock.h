// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Clock helpers. All timestamps Lathe stores or returns are RFC 3339 in UTC with
// millisecond precision, e.g. "2026-11-29T11:22:33.456Z" (they sort as strings). Thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace lathe {

// Microseconds since the Unix epoch (system clock).
int64_t NowMicros();

// The current time as "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC).
std::string NowRfc3339();

// Formats `micros` since the epoch as "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC, truncated to ms).
std::string FormatRfc3339(int64_t micros);

// CPU time the calling thread has used, in seconds: steadier than wall time on a shared machine
// for timing single-threaded work.
double ThreadCpuSeconds();

}  // namespace lathe
