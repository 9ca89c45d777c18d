// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/datasets_commands.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/api_call.h"
#include "cli/api_error.h"
#include "cli/datasets_views.h"
#include "cli/download_sink.h"
#include "cli/format.h"
#include "cli/progress_bar.h"

namespace lathe::cli {
namespace {

using nlohmann::json;

constexpr int64_t kProgressMinBytes = 1024 * 1024;  // Smaller uploads finish before a bar helps.
constexpr char kDatasetsPath[] = "/api/v1/datasets";

std::string DatasetPath(const std::string& dataset) {
  return std::string(kDatasetsPath) + "/" + UrlEncode(dataset);
}

std::string Lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The API spells a tab delimiter "tab"; accept what people type for it.
std::string DelimiterParam(const std::string& delimiter) {
  if (delimiter == "\t" || delimiter == "\\t" || Lowercase(delimiter) == "tab") return "tab";
  return delimiter;
}

}  // namespace

std::string UploadContentType(const std::string& file, const std::string& format) {
  if (format == "jsonl") return "application/x-ndjson";
  if (format == "csv") return "text/csv";
  const std::string extension = Lowercase(std::filesystem::path(file).extension().string());
  if (extension == ".jsonl" || extension == ".ndjson" || extension == ".json") {
    return "application/x-ndjson";
  }
  return "text/csv";
}

std::string UploadPath(const UploadOptions& options) {
  std::string name = options.name;
  if (name.empty()) name = std::filesystem::path(options.file).stem().string();
  std::string path = std::string(kDatasetsPath) + "?name=" + UrlEncode(name);
  if (!options.format.empty()) path += "&format=" + UrlEncode(options.format);
  if (!options.delimiter.empty())
    path += "&delimiter=" + UrlEncode(DelimiterParam(options.delimiter));
  if (!options.header.empty()) path += "&header=" + UrlEncode(options.header);
  return path;
}

Status UploadDataset(const CommandContext& context, const UploadOptions& options) {
  std::error_code error;
  const auto status = std::filesystem::status(options.file, error);
  if (error || !std::filesystem::exists(status)) {
    return NotFoundError("cannot read " + options.file + ": no such file");
  }
  if (std::filesystem::is_directory(status)) {
    return InvalidArgumentError("cannot upload " + options.file + ": it is a directory");
  }
  const auto size = static_cast<int64_t>(std::filesystem::file_size(options.file, error));
  std::unique_ptr<ProgressBar> bar;
  ProgressFn progress;
  if (context.err_is_tty && size > kProgressMinBytes) {
    bar = std::make_unique<ProgressBar>(context.err,
                                        std::filesystem::path(options.file).filename().string());
    progress = [&bar](int64_t sent, int64_t total) { bar->Update(sent, total); };
  }
  auto response = context.http.PostFile(UploadPath(options), options.file,
                                        UploadContentType(options.file, options.format), progress);
  if (bar != nullptr) bar->Finish();
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(std::move(response)));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
  } else {
    PrintDataset(answer.value, Style(context), context.out);
  }
  return Status::Ok();
}

Status ListDatasets(const CommandContext& context, const ListOptions& options) {
  std::string path = std::string(kDatasetsPath) + "?limit=" + std::to_string(options.limit);
  if (!options.name.empty()) path += "&name=" + UrlEncode(options.name);
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Get(path)));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  const json& datasets = answer.value.contains("datasets") ? answer.value["datasets"] : json();
  if (!datasets.is_array() || datasets.empty()) {
    context.err << (options.name.empty()
                        ? std::string("No datasets yet. Add one with `lathe datasets upload FILE`.")
                        : "No dataset named " + options.name + ".")
                << "\n";
    return Status::Ok();
  }
  PrintDatasetList(answer.value, Style(context), context.out);
  const int64_t total = answer.value.value("total", static_cast<int64_t>(datasets.size()));
  if (total > static_cast<int64_t>(datasets.size())) {
    context.err << "(showing " << datasets.size() << " of " << total << "; use --limit for more)\n";
  }
  return Status::Ok();
}

Status ShowDataset(const CommandContext& context, const ShowOptions& options) {
  std::string path = DatasetPath(options.dataset);
  if (options.version.has_value()) path += "?version=" + std::to_string(*options.version);
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Get(path)));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
  } else {
    PrintDataset(answer.value, Style(context), context.out);
  }
  return Status::Ok();
}

Status ProfileDataset(const CommandContext& context, const ProfileOptions& options) {
  std::string path = DatasetPath(options.dataset) + "/profile";
  if (!options.target.empty()) path += "?target=" + UrlEncode(options.target);
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Get(path)));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
  } else {
    PrintProfile(answer.value, Style(context), context.out);
  }
  return Status::Ok();
}

Status HeadDataset(const CommandContext& context, const HeadOptions& options) {
  const std::string path =
      DatasetPath(options.dataset) + "/rows?offset=0&limit=" + std::to_string(options.rows);
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Get(path)));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  PrintRows(answer.value, Style(context), context.out);
  const json& rows = answer.value.contains("rows") ? answer.value["rows"] : json::array();
  const json& total = answer.value.contains("total_rows") ? answer.value["total_rows"] : json();
  if (total.is_number() && total.get<int64_t>() > static_cast<int64_t>(rows.size())) {
    context.err << "(" << rows.size() << " of " << total.get<int64_t>() << " rows)\n";
  }
  return Status::Ok();
}

Status DownloadDataset(const CommandContext& context, const DownloadOptions& options) {
  DownloadSink sink(options.output, options.dataset, context.out);
  auto response = context.http.GetToSink(DatasetPath(options.dataset) + "/download", sink);
  if (!response.ok()) return response.status();
  if (response->status >= 400) return StatusFromHttpError(response->status, response->body);
  LATHE_RETURN_IF_ERROR(sink.Commit());
  if (!sink.to_stdout()) {
    context.err << "saved " << sink.path().string() << " (" << FormatBytes(sink.bytes_written())
                << ")\n";
  }
  return Status::Ok();
}

Status RemoveDataset(const CommandContext& context, const RemoveOptions& options) {
  auto response = context.http.Delete(DatasetPath(options.dataset));
  if (!response.ok()) return response.status();
  if (response->status >= 400) return StatusFromHttpError(response->status, response->body);
  if (context.global.json) {
    if (!response->body.empty()) PrintRawJson(context, response->body);
  } else {
    context.out << "deleted " << options.dataset << "\n";
  }
  return Status::Ok();
}

}  // namespace lathe::cli
