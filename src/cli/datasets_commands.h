// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// `lathe datasets ...`: upload, list, show, profile, head, download and rm, each one call to the
// datasets API (docs/api/datasets.md). Every command prints a table, or with --json the API's JSON
// unchanged, and returns a non-OK Status for API errors (details from the error JSON), transport
// failures (IsConnectionError) and local I/O problems. Stateless; safe to call concurrently with
// distinct contexts.
#pragma once

#include <optional>
#include <string>

#include "cli/command_context.h"
#include "core/status.h"

namespace lathe::cli {

struct UploadOptions {
  std::string file;       // Path of the CSV / JSON Lines file to send.
  std::string name;       // Dataset name; empty = the file name without extension.
  std::string format;     // "csv" | "jsonl"; empty = from the file extension / server sniffing.
  std::string delimiter;  // "," ";" "tab" "|"...; empty = sniffed by the server.
  std::string header;     // "true" | "false"; empty = detected by the server.
};

struct ListOptions {
  std::string name;  // Only versions of this name; empty = all datasets.
  int limit = 100;   // Page size sent to the API.
};

struct ShowOptions {
  std::string dataset;         // Id or name.
  std::optional<int> version;  // A version of a name; unset = latest.
};

struct ProfileOptions {
  std::string dataset;  // Id or name.
  std::string target;   // Column whose class balance is reported; empty = none.
};

struct HeadOptions {
  std::string dataset;  // Id or name.
  int rows = 10;        // Rows to print, 1..10000.
};

struct DownloadOptions {
  std::string dataset;  // Id or name.
  std::string output;   // File to write; "-" = stdout; empty = the server's file name.
};

struct RemoveOptions {
  std::string dataset;  // Id or name (a name removes its latest version).
};

Status UploadDataset(const CommandContext& context, const UploadOptions& options);
Status ListDatasets(const CommandContext& context, const ListOptions& options);
Status ShowDataset(const CommandContext& context, const ShowOptions& options);
Status ProfileDataset(const CommandContext& context, const ProfileOptions& options);
Status HeadDataset(const CommandContext& context, const HeadOptions& options);
Status DownloadDataset(const CommandContext& context, const DownloadOptions& options);
Status RemoveDataset(const CommandContext& context, const RemoveOptions& options);

// Returns the Content-Type for uploading `file`: "application/x-ndjson" for format "jsonl" or a
// .jsonl / .ndjson / .json file, else "text/csv".
std::string UploadContentType(const std::string& file, const std::string& format);

// Returns the upload path with its query: /api/v1/datasets?name=...&format=...&delimiter=...
std::string UploadPath(const UploadOptions& options);

}  // namespace lathe::cli
