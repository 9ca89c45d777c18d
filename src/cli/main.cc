// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The `lathe` executable: the CLI (src/cli/app.h) with `lathe serve` wired to the server.
#include "cli/app.h"

#if __has_include("api/serve.h") && defined(LATHE_HAVE_SERVE)
#include "api/serve.h"
#define LATHE_SERVE_FN (&lathe::api::RunServe)
#else
#define LATHE_SERVE_FN nullptr  // Server not built yet: `lathe serve` says so.
#endif

int main(int argc, char** argv) { return lathe::cli::Main(argc, argv, LATHE_SERVE_FN); }
