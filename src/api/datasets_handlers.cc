// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/datasets_handlers.h"

#include <filesystem>

#include "api/json_body.h"
#include "api/multipart.h"
#include "api/request_params.h"
#include "api/table_json.h"

namespace lathe::api {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "iris.csv" -> "iris"; characters a dataset name cannot hold become '_'.
std::string NameFromFileName(std::string_view file_name) {
  std::string_view base = file_name.substr(file_name.find_last_of("/\\") + 1);
  base = base.substr(0, base.find_last_of('.'));
  std::string out;
  for (char c : base.substr(0, 128)) {
    out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'
                      ? c
                      : '_');
  }
  return out;
}

// csv or jsonl, from the explicit parameter, else the content type, else the file name.
Result<std::string> UploadFormat(const HttpRequest& request, std::string_view content_type,
                                 std::string_view file_name) {
  if (auto f = request.Query("format")) {
    if (*f == "csv" || *f == "jsonl") return std::string(*f);
    return InvalidArgumentError("query parameter 'format' must be csv or jsonl, got '" +
                                std::string(*f) + "'")
        .WithDetail("field", "format");
  }
  if (StartsWith(content_type, "application/x-ndjson") ||
      StartsWith(content_type, "application/jsonl") ||
      StartsWith(content_type, "application/jsonlines") ||
      StartsWith(content_type, "application/json-lines") || EndsWith(file_name, ".jsonl") ||
      EndsWith(file_name, ".ndjson")) {
    return std::string("jsonl");
  }
  if (StartsWith(content_type, "application/json")) {
    return Status(StatusCode::kInvalidArgument,
                  "a JSON document is not a dataset: upload CSV (text/csv) or JSON Lines "
                  "(application/x-ndjson)")
        .WithDetail("field", "Content-Type");
  }
  return std::string("csv");
}

Result<char> UploadDelimiter(const HttpRequest& request) {
  auto d = request.Query("delimiter");
  if (!d) return char{0};
  if (*d == "," || *d == "comma") return ',';
  if (*d == ";" || *d == "semicolon") return ';';
  if (*d == "\t" || *d == "tab") return '\t';
  if (*d == "|" || *d == "pipe") return '|';
  return InvalidArgumentError("query parameter 'delimiter' must be one of , ; tab |, got '" +
                              std::string(*d) + "'")
      .WithDetail("field", "delimiter");
}

Result<data::CsvOptions::Header> UploadHeader(const HttpRequest& request) {
  auto h = request.Query("header");
  if (!h || *h == "auto") return data::CsvOptions::Header::kAuto;
  if (*h == "true") return data::CsvOptions::Header::kPresent;
  if (*h == "false") return data::CsvOptions::Header::kAbsent;
  return InvalidArgumentError("query parameter 'header' must be true, false or auto")
      .WithDetail("field", "header");
}

Result<store::DatasetRecord> LookUp(App& app, const HttpRequest& request) {
  LATHE_ASSIGN_OR_RETURN(std::optional<int> version, VersionParam(request));
  return app.datasets->Get(request.path_params.at("id"), version);
}

}  // namespace

nlohmann::json DatasetJson(const store::DatasetRecord& r) {
  nlohmann::json source = nlohmann::json::parse(r.parse_json, nullptr, false);
  if (source.is_discarded()) source = nlohmann::json::object();
  nlohmann::json columns = nlohmann::json::parse(r.schema_json, nullptr, false);
  if (columns.is_discarded()) columns = nlohmann::json::array();
  return {{"id", r.id},         {"name", r.name},          {"version", r.version},
          {"rows", r.rows},     {"bytes", r.bytes},        {"created_at", r.created_at},
          {"format", r.format}, {"source", source},        {"sha256", r.source_sha256},
          {"columns", columns},
          {"lineage", r.lineage_json.empty()
                          ? nlohmann::json(nullptr)
                          : nlohmann::json::parse(r.lineage_json, nullptr, false)}};
}

Result<HttpResponse> UploadDataset(App& app, HttpRequest& request, RequestContext&) {
  datasets::IngestRequest ingest;
  std::string content_type(request.headers.Get("content-type").value_or(""));
  std::string file_name(request.headers.Get("x-file-name").value_or(""));
  if (request.body_file.empty() || request.body_bytes == 0) {
    return InvalidArgumentError("the uploaded file is empty (0 bytes)").WithDetail("file", file_name);
  }
  ingest.source_path = request.body_file;
  std::string extracted;  // a multipart body's file part, extracted next to the spool file
  if (StartsWith(content_type, "multipart/form-data")) {
    LATHE_ASSIGN_OR_RETURN(std::string boundary, MultipartBoundary(content_type));
    extracted = request.body_file + ".part0";
    LATHE_ASSIGN_OR_RETURN(MultipartFile part,
                           ExtractMultipartFile(request.body_file, boundary, extracted));
    ingest.source_path = extracted;
    file_name = part.file_name;
    content_type = part.content_type;
  }
  auto cleanup = [&] {
    if (!extracted.empty()) std::filesystem::remove(extracted);
  };
  std::string name(request.Query("name").value_or(""));
  if (name.empty()) name = NameFromFileName(file_name);
  if (name.empty()) {
    cleanup();
    return InvalidArgumentError("query parameter 'name' is required (the dataset's name)")
        .WithDetail("field", "name");
  }
  ingest.name = name;
  ingest.source_name = file_name.empty() ? name : file_name;
  Result<std::string> format = UploadFormat(request, content_type, file_name);
  Result<char> delimiter = UploadDelimiter(request);
  Result<data::CsvOptions::Header> header = UploadHeader(request);
  for (const Status* s : {&format.status(), &delimiter.status(), &header.status()}) {
    if (!s->ok()) {
      cleanup();
      return *s;
    }
  }
  ingest.format = *format;
  ingest.delimiter = *delimiter;
  ingest.header = *header;
  Result<store::DatasetRecord> record = app.datasets->Ingest(ingest);
  cleanup();
  if (!record.ok()) return record.status();
  HttpResponse response = HttpResponse::Json(201, DatasetJson(*record));
  response.headers.Set("Location", "/api/v1/datasets/" + record->id);
  return response;
}

Result<HttpResponse> ListDatasets(App& app, HttpRequest& request, RequestContext&) {
  store::ListOptions options;
  options.name = std::string(request.Query("name").value_or(""));
  options.name_filter = std::string(request.Query("q").value_or(""));
  LATHE_ASSIGN_OR_RETURN(int64_t limit, IntParam(request, "limit", 100, 1, 1000));
  LATHE_ASSIGN_OR_RETURN(int64_t offset, IntParam(request, "offset", 0, 0, 1'000'000'000));
  options.limit = static_cast<int>(limit);
  options.offset = static_cast<int>(offset);
  LATHE_ASSIGN_OR_RETURN(auto records, app.datasets->List(options));
  LATHE_ASSIGN_OR_RETURN(int64_t total, app.datasets->Count(options));
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : records) list.push_back(DatasetJson(r));
  return HttpResponse::Json(
      200, {{"datasets", list}, {"total", total}, {"limit", limit}, {"offset", offset}});
}

Result<HttpResponse> GetDataset(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::DatasetRecord record, LookUp(app, request));
  return HttpResponse::Json(200, DatasetJson(record));
}

Result<HttpResponse> GetDatasetRows(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::DatasetRecord record, LookUp(app, request));
  LATHE_ASSIGN_OR_RETURN(int64_t offset, IntParam(request, "offset", 0, 0, INT64_MAX));
  LATHE_ASSIGN_OR_RETURN(int64_t limit, IntParam(request, "limit", 100, 1, 10000));
  LATHE_ASSIGN_OR_RETURN(auto table, app.datasets->LoadTable(record));
  nlohmann::json out = TableJson(*table, static_cast<size_t>(offset), static_cast<size_t>(limit));
  out["offset"] = offset;
  out["limit"] = limit;
  out["total_rows"] = table->num_rows();
  return HttpResponse::Json(200, out);
}

Result<HttpResponse> GetDatasetProfile(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::DatasetRecord record, LookUp(app, request));
  std::optional<std::string> target;
  if (auto t = request.Query("target"); t && !t->empty()) target = std::string(*t);
  LATHE_ASSIGN_OR_RETURN(nlohmann::json profile, app.datasets->Profile(record, target));
  profile["dataset_id"] = record.id;
  return HttpResponse::Json(200, profile);
}

Result<HttpResponse> PostDatasetProfile(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObjectBody(request));
  LATHE_ASSIGN_OR_RETURN(store::DatasetRecord record, LookUp(app, request));
  std::optional<std::string> target;
  for (const auto& [key, value] : body.items()) {
    if (key != "target") {
      return InvalidArgumentError("unknown field '" + key + "' (expected: target)")
          .WithDetail("field", key);
    }
    if (!value.is_string()) {
      return InvalidArgumentError("field 'target' must be a string").WithDetail("field", key);
    }
    target = value.get<std::string>();
  }
  LATHE_ASSIGN_OR_RETURN(nlohmann::json profile, app.datasets->Profile(record, target));
  profile["dataset_id"] = record.id;
  return HttpResponse::Json(200, profile);
}

Result<HttpResponse> DownloadDataset(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::DatasetRecord record, LookUp(app, request));
  LATHE_ASSIGN_OR_RETURN(std::string path, app.datasets->SourcePath(record));
  HttpResponse response;
  response.status = 200;
  response.body_file = path;
  bool jsonl = record.format == "jsonl";
  response.headers.Set("Content-Type", jsonl ? "application/x-ndjson" : "text/csv");
  response.headers.Set("Content-Disposition", "attachment; filename=\"" + record.name + "-v" +
                                                  std::to_string(record.version) +
                                                  (jsonl ? ".jsonl\"" : ".csv\""));
  return response;
}

Result<HttpResponse> DeleteDataset(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::optional<int> version, VersionParam(request));
  LATHE_RETURN_IF_ERROR(app.datasets->Delete(request.path_params.at("id"), version));
  return HttpResponse::NoContent();
}

}  // namespace lathe::api
