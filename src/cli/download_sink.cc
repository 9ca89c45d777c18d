// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/download_sink.h"

#include <cerrno>
#include <cstdlib>
#include <system_error>

namespace lathe::cli {
namespace {

std::string ErrnoText() { return std::generic_category().message(errno); }

// Decodes %XX escapes (RFC 5987 values).
std::string PercentDecode(std::string_view text) {
  std::string decoded;
  for (size_t idx = 0; idx < text.size(); ++idx) {
    if (text[idx] == '%' && idx + 2 < text.size()) {
      const std::string hex(text.substr(idx + 1, 2));
      char* end = nullptr;
      const long value = std::strtol(hex.c_str(), &end, 16);
      if (end == hex.c_str() + 2) {
        decoded.push_back(static_cast<char>(value));
        idx += 2;
        continue;
      }
    }
    decoded.push_back(text[idx]);
  }
  return decoded;
}

// The value of `key=` in a header parameter list, unquoted; "" when absent.
std::string Parameter(std::string_view header, std::string_view key) {
  size_t pos = 0;
  while ((pos = header.find(key, pos)) != std::string_view::npos) {
    const bool at_start = pos == 0 || header[pos - 1] == ';' || header[pos - 1] == ' ';
    const size_t value_start = pos + key.size();
    if (!at_start || value_start >= header.size() || header[value_start] != '=') {
      pos = value_start;
      continue;
    }
    std::string_view value = header.substr(value_start + 1);
    if (!value.empty() && value.front() == '"') {
      value.remove_prefix(1);
      return std::string(value.substr(0, value.find('"')));
    }
    return std::string(value.substr(0, value.find(';')));
  }
  return "";
}

}  // namespace

std::string FileNameFromContentDisposition(std::string_view header) {
  std::string name;
  if (std::string extended = Parameter(header, "filename*"); !extended.empty()) {
    const size_t quote = extended.find("''");  // charset''value
    name = PercentDecode(quote == std::string::npos ? extended : extended.substr(quote + 2));
  } else {
    name = Parameter(header, "filename");
  }
  // Keep only the last path component; refuse names that would be hidden or special.
  if (const size_t slash = name.find_last_of("/\\"); slash != std::string::npos) {
    name = name.substr(slash + 1);
  }
  while (!name.empty() && (name.back() == ' ' || name.back() == '\r')) name.pop_back();
  if (name.empty() || name.front() == '.' || name.find('\0') != std::string::npos) return "";
  return name;
}

DownloadSink::DownloadSink(std::string output, std::string fallback_name, std::ostream& stream)
    : output_(std::move(output)), fallback_name_(std::move(fallback_name)), stream_(stream) {}

DownloadSink::~DownloadSink() {
  if (file_ != nullptr) file_.reset();
  if (!committed_ && !temp_path_.empty()) {
    std::error_code ignored;
    std::filesystem::remove(temp_path_, ignored);
  }
}

Status DownloadSink::Begin(const HttpResponse& head) {
  if (to_stdout()) return Status::Ok();
  if (!output_.empty()) {
    path_ = output_;
  } else {
    std::string name = FileNameFromContentDisposition(head.Header("content-disposition"));
    path_ =
        name.empty() ? std::filesystem::path(fallback_name_).filename().string() + ".csv" : name;
  }
  temp_path_ = path_;
  temp_path_ += ".part";
  file_.reset(std::fopen(temp_path_.c_str(), "wb"));
  if (file_ == nullptr) {
    return FailedPreconditionError("cannot write " + temp_path_.string() + ": " + ErrnoText());
  }
  return Status::Ok();
}

Status DownloadSink::Write(std::string_view chunk) {
  if (to_stdout()) {
    stream_.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    if (!stream_) return DataLossError("cannot write to stdout");
  } else if (std::fwrite(chunk.data(), 1, chunk.size(), file_.get()) != chunk.size()) {
    return DataLossError("cannot write " + temp_path_.string() + ": " + ErrnoText());
  }
  bytes_written_ += static_cast<int64_t>(chunk.size());
  return Status::Ok();
}

Status DownloadSink::Commit() {
  if (to_stdout()) {
    stream_.flush();
    return stream_ ? Status::Ok() : DataLossError("cannot write to stdout");
  }
  if (file_ == nullptr) return InternalError("download finished before it started");
  if (std::fflush(file_.get()) != 0 || std::fclose(file_.release()) != 0) {
    return DataLossError("cannot write " + temp_path_.string() + ": " + ErrnoText());
  }
  std::error_code error;
  std::filesystem::rename(temp_path_, path_, error);
  if (error) {
    return FailedPreconditionError("cannot rename " + temp_path_.string() + " to " +
                                   path_.string() + ": " + error.message());
  }
  committed_ = true;
  return Status::Ok();
}

}  // namespace lathe::cli
