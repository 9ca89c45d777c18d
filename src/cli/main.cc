// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The `lathe` executable: the CLI (src/cli/app.h) with `lathe serve` wired to the server.
#include "api/serve.h"
#include "cli/app.h"

int main(int argc, char** argv) { return lathe::cli::Main(argc, argv, &lathe::api::RunServe); }
