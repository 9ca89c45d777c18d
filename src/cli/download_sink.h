// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// DownloadSink: where `lathe datasets download` writes the bytes. To a file, it writes
// "<file>.part" and renames it on Commit(), so an interrupted download never leaves a truncated
// file under the final name; "-" streams to the given stream (stdout). Not thread-safe.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "cli/http_client.h"

namespace lathe::cli {

class DownloadSink : public BodySink {
 public:
  // `output`: target file, "-" for `stream`, or "" for the server's file name (Content-
  // Disposition) in the current directory, else "<fallback_name>.csv".
  DownloadSink(std::string output, std::string fallback_name, std::ostream& stream);
  ~DownloadSink() override;  // Removes the ".part" file unless committed.

  DownloadSink(const DownloadSink&) = delete;
  DownloadSink& operator=(const DownloadSink&) = delete;

  Status Begin(const HttpResponse& head) override;
  Status Write(std::string_view chunk) override;

  // Flushes and moves the finished file into place. Call once after a successful transfer.
  Status Commit();

  bool to_stdout() const { return output_ == "-"; }
  const std::filesystem::path& path() const { return path_; }
  int64_t bytes_written() const { return bytes_written_; }

 private:
  struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };

  std::string output_;
  std::string fallback_name_;
  std::ostream& stream_;
  std::filesystem::path path_;       // Final file.
  std::filesystem::path temp_path_;  // "<path>.part" while writing.
  std::unique_ptr<std::FILE, FileCloser> file_;
  int64_t bytes_written_ = 0;
  bool committed_ = false;
};

// Returns the file name of a Content-Disposition header value (filename="x.csv" or
// filename*=UTF-8''x.csv), reduced to a safe base name; "" when absent or unusable.
std::string FileNameFromContentDisposition(std::string_view header);

}  // namespace lathe::cli
