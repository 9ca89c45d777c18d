// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// `lathe serve`: parses flags (and LATHE_* environment variables), opens the embedded stores,
// starts the HTTP server and blocks until SIGINT or SIGTERM, then shuts down gracefully.
#pragma once

namespace lathe::api {

// argv[0] is "serve" (or the program name). Returns the process exit code.
int RunServe(int argc, char** argv);

}  // namespace lathe::api
