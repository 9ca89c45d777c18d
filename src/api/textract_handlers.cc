// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/textract_handlers.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/aws_json_input.h"
#include "api/errors.h"
#include "api/multipart.h"
#include "core/logging.h"
#include "services/documents/document_analyzer.h"
#include "services/documents/document_jobs.h"
#include "services/documents/textract_blocks.h"

namespace lathe::api {
namespace {

using nlohmann::json;
namespace docs = services::documents;

constexpr std::string_view kInvalidParameter = "InvalidParameterException";
constexpr std::string_view kUnsupportedDocument = "UnsupportedDocumentException";
constexpr std::string_view kBadDocument = "BadDocumentException";
constexpr std::string_view kTooLarge = "DocumentTooLargeException";
constexpr std::string_view kInvalidS3Object = "InvalidS3ObjectException";
constexpr std::string_view kInvalidJobId = "InvalidJobIdException";
constexpr std::string_view kIdempotentMismatch = "IdempotentParameterMismatchException";
constexpr int kMaxResults = 1000;  // Textract's default and maximum blocks per Get page
constexpr size_t kMaxDocumentBytes = 10485760;  // the model's ImageBlob max (10 MiB)
constexpr int kMaxNativePages = 50;
constexpr const char* kDefaultLanguages = "eng+vie";

// Tesseract languages for the AWS operations (which have no language member):
// LATHE_TEXTRACT_LANGUAGES, else English plus Vietnamese.
std::string AwsLanguages() {
  const char* env = std::getenv("LATHE_TEXTRACT_LANGUAGES");
  return env != nullptr && *env != '\0' ? env : kDefaultLanguages;
}

// Six decimals are plenty for page shares and percentages, and keep the JSON short.
double Round(float value) { return std::round(double(value) * 1e6) / 1e6; }

json BoxJson(const docs::BoundingBox& b) {
  return {{"Width", Round(b.width)},
          {"Height", Round(b.height)},
          {"Left", Round(b.left)},
          {"Top", Round(b.top)}};
}

json BlockJson(const docs::Block& block) {
  json polygon = json::array();
  for (const docs::Point& p : block.polygon)
    polygon.push_back({{"X", Round(p.x)}, {"Y", Round(p.y)}});
  json out = {{"BlockType", block.block_type}};
  if (block.confidence) out["Confidence"] = Round(*block.confidence);
  if (block.text) out["Text"] = *block.text;
  if (block.text_type) out["TextType"] = *block.text_type;
  if (block.row_index) out["RowIndex"] = *block.row_index;
  if (block.column_index) out["ColumnIndex"] = *block.column_index;
  if (block.row_span) out["RowSpan"] = *block.row_span;
  if (block.column_span) out["ColumnSpan"] = *block.column_span;
  out["Geometry"] = {{"BoundingBox", BoxJson(block.bounding_box)}, {"Polygon", polygon}};
  out["Id"] = block.id;
  if (!block.relationships.empty()) {
    json relationships = json::array();
    for (const docs::Relationship& r : block.relationships) {
      relationships.push_back({{"Type", r.type}, {"Ids", r.ids}});
    }
    out["Relationships"] = relationships;
  }
  if (!block.entity_types.empty()) out["EntityTypes"] = block.entity_types;
  if (block.selection_status) out["SelectionStatus"] = *block.selection_status;
  out["Page"] = block.page;
  return out;
}

json BlocksJson(const std::vector<docs::Block>& blocks) {
  json out = json::array();
  for (const docs::Block& b : blocks) out.push_back(BlockJson(b));
  return out;
}

// A services/documents status as the model's exception.
Status AsTextractException(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      return AwsException(kInvalidParameter, "Document.Bytes: " + status.message());
    case StatusCode::kUnimplemented:
    case StatusCode::kOutOfRange:
      return AwsException(kUnsupportedDocument, "Document.Bytes: " + status.message());
    case StatusCode::kDataLoss:
    case StatusCode::kDeadlineExceeded:  // a page of noise rather than text
      return AwsException(kBadDocument, "Document.Bytes: " + status.message());
    case StatusCode::kResourceExhausted:
      return AwsException(kTooLarge, "Document.Bytes: " + status.message());
    default:
      return status;  // InternalServerError
  }
}

// Document.Bytes, decoded and checked against the model's limits.
Result<std::string> DocumentBytes(const json& input) {
  auto doc = input.find("Document");
  if (doc != input.end() && doc->is_object() && doc->contains("S3Object")) {
    return AwsException(kInvalidParameter,
                        "Document.S3Object: Lathe reads no S3 bucket; send the file as "
                        "Document.Bytes (aws textract ... --document Bytes=fileb://page.png)");
  }
  LATHE_ASSIGN_OR_RETURN(std::string decoded,
                         AwsRequiredBlob(input, "Document", "Bytes", kInvalidParameter));
  if (decoded.size() > kMaxDocumentBytes) {
    return AwsException(kTooLarge, "Document.Bytes: " + std::to_string(decoded.size()) +
                                       " bytes; the limit is " + std::to_string(kMaxDocumentBytes) +
                                       " bytes");
  }
  return decoded;
}

Status ParseFeatureTypes(const json& input, docs::AnalyzeOptions* options) {
  auto it = input.find("FeatureTypes");
  if (it == input.end() || it->is_null()) {
    return AwsException(kInvalidParameter,
                        "FeatureTypes: a required member is missing (TABLES and/or FORMS)");
  }
  if (!it->is_array() || it->empty()) {
    return AwsException(kInvalidParameter,
                        "FeatureTypes: expected a non-empty list of TABLES, FORMS");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const json& f = (*it)[i];
    const std::string field = "FeatureTypes[" + std::to_string(i) + "]";
    if (!f.is_string()) return AwsException(kInvalidParameter, field + ": expected a string");
    const std::string& name = f.get_ref<const std::string&>();
    if (name == "TABLES") {
      options->tables = true;
    } else if (name == "FORMS") {
      options->forms = true;
    } else if (name == "QUERIES" || name == "SIGNATURES" || name == "LAYOUT") {
      return AwsException(kInvalidParameter,
                          field + ": '" + name + "' is not available in Lathe (TABLES, FORMS are)");
    } else {
      return AwsException(kInvalidParameter,
                          field + ": '" + name + "' is not a feature type (TABLES, FORMS)");
    }
  }
  for (const char* unsupported : {"HumanLoopConfig", "QueriesConfig", "AdaptersConfig"}) {
    if (input.contains(unsupported) && !input[unsupported].is_null()) {
      return AwsException(kInvalidParameter, std::string(unsupported) +
                                                 ": not available in Lathe (no human review, "
                                                 "queries or adapters)");
    }
  }
  return Status::Ok();
}

Result<json> RunTextract(const json& input, docs::AnalyzeOptions options, const char* version_key) {
  LATHE_ASSIGN_OR_RETURN(std::string bytes, DocumentBytes(input));
  options.languages = AwsLanguages();
  options.max_pages = 1;  // synchronous operations take single-page documents
  Result<docs::AnalyzedDocument> doc = docs::AnalyzeDocument(bytes, options);
  if (!doc.ok()) return AsTextractException(doc.status());
  return json{{"DocumentMetadata", {{"Pages", doc->pages.size()}}},
              {"Blocks", BlocksJson(docs::BuildTextractBlocks(*doc))},
              {version_key, "1.0"}};
}

Result<json> DetectDocumentText(const json& input, RequestContext&) {
  return RunTextract(input, docs::AnalyzeOptions{}, "DetectDocumentTextModelVersion");
}

Result<json> AnalyzeDocumentOp(const json& input, RequestContext&) {
  docs::AnalyzeOptions options;
  LATHE_RETURN_IF_ERROR(ParseFeatureTypes(input, &options));
  return RunTextract(input, options, "AnalyzeDocumentModelVersion");
}

// ---- asynchronous operations ---------------------------------------------------------------

using docs::DocumentJobType;
using JobService = std::shared_ptr<docs::DocumentJobService>;

// `field` when present: a string of 1 to `max` characters of `allowed` (the model's pattern).
Result<std::string> OptionalToken(const json& input, std::string_view field, size_t max,
                                  std::string_view allowed_punctuation) {
  LATHE_ASSIGN_OR_RETURN(std::optional<std::string_view> value,
                         AwsOptionalString(input, field, kInvalidParameter));
  if (!value) return std::string();
  const bool ok = !value->empty() && value->size() <= max &&
                  std::all_of(value->begin(), value->end(), [&](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) ||
                           allowed_punctuation.find(c) != std::string_view::npos;
                  });
  if (!ok) {
    return AwsException(kInvalidParameter,
                        std::string(field) + ": must be 1-" + std::to_string(max) +
                            " letters, digits or '" + std::string(allowed_punctuation) + "'");
  }
  return std::string(*value);
}

Result<docs::DocumentJobRequest> ParseStart(const json& input, DocumentJobType type) {
  docs::DocumentJobRequest request;
  request.type = type;
  auto location = input.find("DocumentLocation");
  if (location == input.end() || !location->is_object()) {
    return AwsException(kInvalidParameter, "DocumentLocation: a required structure is missing");
  }
  auto object = location->find("S3Object");
  if (object == location->end() || !object->is_object()) {
    return AwsException(kInvalidParameter,
                        "DocumentLocation.S3Object: a required structure is missing");
  }
  for (const char* member : {"Bucket", "Name"}) {
    auto it = object->find(member);
    if (it == object->end() || !it->is_string()) {
      return AwsException(kInvalidParameter, std::string("DocumentLocation.S3Object.") + member +
                                                 ": a required string is missing");
    }
  }
  request.bucket = (*object)["Bucket"].get<std::string>();
  request.name = (*object)["Name"].get<std::string>();
  if (object->contains("Version") && !(*object)["Version"].is_null()) {
    return AwsException(kInvalidParameter,
                        "DocumentLocation.S3Object.Version: Lathe's import folder keeps no "
                        "object versions; leave it out");
  }
  for (const char* unsupported : {"NotificationChannel", "OutputConfig", "KMSKeyId"}) {
    if (input.contains(unsupported) && !input[unsupported].is_null()) {
      return AwsException(kInvalidParameter,
                          std::string(unsupported) +
                              ": not available in Lathe (no SNS, S3 output or KMS); poll the Get "
                              "operation for the result");
    }
  }
  LATHE_ASSIGN_OR_RETURN(request.client_request_token,
                         OptionalToken(input, "ClientRequestToken", 64, "-_"));
  LATHE_ASSIGN_OR_RETURN(request.job_tag, OptionalToken(input, "JobTag", 64, "_.-:"));
  if (type == DocumentJobType::kAnalysis) {
    docs::AnalyzeOptions options;
    LATHE_RETURN_IF_ERROR(ParseFeatureTypes(input, &options));
    request.tables = options.tables;
    request.forms = options.forms;
  }
  return request;
}

Result<json> StartJob(docs::DocumentJobService& jobs, const json& input, DocumentJobType type) {
  LATHE_ASSIGN_OR_RETURN(docs::DocumentJobRequest request, ParseStart(input, type));
  Result<std::string> id = jobs.Start(request);
  if (id.ok()) return json{{"JobId", *id}};
  const Status& s = id.status();
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
      return AwsException(kInvalidParameter, s.message());
    case StatusCode::kPermissionDenied:
    case StatusCode::kNotFound:
      return AwsException(kInvalidS3Object, s.message());
    case StatusCode::kUnimplemented:
      return AwsException(kUnsupportedDocument, s.message());
    case StatusCode::kResourceExhausted:
      return AwsException(kTooLarge, s.message());
    case StatusCode::kAlreadyExists:
      return AwsException(kIdempotentMismatch, s.message());
    default:
      return s;
  }
}

// NextToken is the index of the next block, as decimal text.
Result<size_t> PageStart(const json& input, size_t total) {
  LATHE_ASSIGN_OR_RETURN(std::optional<std::string_view> token,
                         AwsOptionalString(input, "NextToken", kInvalidParameter));
  if (!token) return size_t{0};
  size_t start = 0;
  const bool digits = !token->empty() && token->size() <= 12 &&
                      std::all_of(token->begin(), token->end(), [](char c) {
                        return c >= '0' && c <= '9';
                      });
  if (digits) start = std::stoull(std::string(*token));
  if (!digits || start == 0 || start >= total) {
    return AwsException(kInvalidParameter, "NextToken: '" + std::string(token->substr(0, 64)) +
                                               "' is not a token this job's results gave");
  }
  return start;
}

Result<json> GetJob(docs::DocumentJobService& jobs, const json& input, DocumentJobType type,
                    const char* version_key) {
  LATHE_ASSIGN_OR_RETURN(std::string_view id,
                         AwsRequiredString(input, "JobId", kInvalidParameter));
  int max_results = kMaxResults;
  if (auto it = input.find("MaxResults"); it != input.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 1) {
      return AwsException(kInvalidParameter, "MaxResults: must be a whole number of at least 1");
    }
    max_results = int(std::min<int64_t>(it->get<int64_t>(), kMaxResults));
  }
  Result<docs::DocumentJob> job = jobs.Get(id, type);
  if (!job.ok()) {
    if (job.status().code() == StatusCode::kNotFound) {
      return AwsException(kInvalidJobId, job.status().message());
    }
    return job.status();
  }
  json out = {{"JobStatus", job->status}};
  if (job->status == docs::kJobFailed) out["StatusMessage"] = job->status_message;
  if (job->status != docs::kJobSucceeded) return out;
  json result = json::parse(job->result, nullptr, false);
  if (!result.is_object() || !result["Blocks"].is_array()) {
    return InternalError("the stored result of job " + job->id + " is corrupt");
  }
  const json& blocks = result["Blocks"];
  LATHE_ASSIGN_OR_RETURN(size_t start, PageStart(input, blocks.size()));
  const size_t end = std::min(blocks.size(), start + size_t(max_results));
  out["DocumentMetadata"] = {{"Pages", result.value("Pages", 0)}};
  out["Blocks"] = json(blocks.begin() + std::ptrdiff_t(start), blocks.begin() + std::ptrdiff_t(end));
  if (end < blocks.size()) out["NextToken"] = std::to_string(end);
  out[version_key] = "1.0";
  return out;
}

// ---- native route --------------------------------------------------------------------------

json PixelBoxJson(const docs::PixelBox& b, const docs::OcrPage& page) {
  const double w = std::max(page.width, 1), h = std::max(page.height, 1);
  return {{"left", Round(b.left / w)},
          {"top", Round(b.top / h)},
          {"width", Round(b.width / w)},
          {"height", Round(b.height / h)}};
}

std::string WordsText(const docs::OcrPage& page, const std::vector<docs::WordRef>& refs) {
  std::string out;
  for (const docs::WordRef& r : refs) {
    if (!out.empty()) out += ' ';
    out += page.lines[r.line].words[r.word].text;
  }
  return out;
}

// The studio's view of one page: lines, tables as rows of cell texts, key-value pairs.
json PageView(const docs::AnalyzedPage& page, int number) {
  json lines = json::array(), tables = json::array(), pairs = json::array();
  for (const docs::OcrLine& line : page.text.lines) {
    lines.push_back({{"text", line.text},
                     {"confidence", Round(line.confidence)},
                     {"bounding_box", PixelBoxJson(line.box, page.text)}});
  }
  for (const docs::Table& table : page.tables) {
    json rows = json::array();
    for (int r = 0; r < table.rows; ++r) {
      json row = json::array();
      for (int c = 0; c < table.columns; ++c) {
        row.push_back(WordsText(page.text, table.cells[r * table.columns + c].words));
      }
      rows.push_back(row);
    }
    json merged = json::array();
    for (const docs::TableCell& m : table.merged_cells) {
      merged.push_back({{"row", m.row},
                        {"column", m.column},
                        {"row_span", m.row_span},
                        {"column_span", m.column_span},
                        {"text", WordsText(page.text, m.words)}});
    }
    tables.push_back({{"rows", rows},
                      {"merged_cells", merged},
                      {"confidence", Round(table.confidence)},
                      {"bounding_box", PixelBoxJson(table.box, page.text)}});
  }
  for (const docs::KeyValue& kv : page.key_values) {
    std::string key = WordsText(page.text, kv.key);
    if (!key.empty() && key.back() == ':') key.pop_back();
    json pair = {{"key", key},
                 {"value", WordsText(page.text, kv.value)},
                 {"confidence", Round(kv.confidence)},
                 {"key_box", PixelBoxJson(kv.key_box, page.text)},
                 {"value_box", PixelBoxJson(kv.value_box, page.text)}};
    if (!kv.selections.empty()) {  // a check box: its state is the value
      const bool selected = page.selections[kv.selections[0]].selected;
      pair["value"] = selected ? "SELECTED" : "NOT_SELECTED";
      pair["selected"] = selected;
    }
    pairs.push_back(std::move(pair));
  }
  json boxes = json::array();
  for (const docs::SelectionElement& e : page.selections) {
    boxes.push_back({{"selected", e.selected},
                     {"shape", e.round ? "round" : "square"},
                     {"confidence", Round(e.confidence)},
                     {"bounding_box", PixelBoxJson(e.box, page.text)}});
  }
  return {{"page", number},
          {"width", page.text.width},
          {"height", page.text.height},
          {"text_source", page.from_text_layer ? "text_layer" : "ocr"},
          {"skew_degrees", Round(float(page.skew_degrees))},
          {"lines", lines},
          {"selection_elements", boxes},
          {"tables", tables},
          {"key_values", pairs}};
}

Status ParseNativeOptions(const HttpRequest& request, docs::AnalyzeOptions* options) {
  options->languages = kDefaultLanguages;
  options->max_pages = kMaxNativePages;
  if (auto features = request.Query("features"); features && !features->empty()) {
    size_t start = 0;
    while (start <= features->size()) {
      const size_t comma = features->find(',', start);
      const std::string_view f = features->substr(start, comma - start);
      if (f == "tables" || f == "TABLES") {
        options->tables = true;
      } else if (f == "forms" || f == "FORMS") {
        options->forms = true;
      } else {
        return InvalidArgumentError("features: '" + std::string(f) +
                                    "' is not a feature; give tables, forms or both")
            .WithDetail("field", "features");
      }
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  if (auto languages = request.Query("languages"); languages && !languages->empty()) {
    // "eng+vie" arrives as "eng vie" when '+' is decoded as a space; commas work too.
    options->languages = std::string(*languages);
    for (char& c : options->languages) {
      if (c == ' ' || c == ',') c = '+';
    }
    Status ok = docs::CheckLanguages(options->languages);
    if (!ok.ok()) return InvalidArgumentError(ok.message()).WithDetail("field", "languages");
  }
  if (auto pages = request.Query("max_pages"); pages && !pages->empty()) {
    char* end = nullptr;
    const long n = std::strtol(std::string(*pages).c_str(), &end, 10);
    if (end == nullptr || *end != '\0' || n < 1 || n > kMaxNativePages) {
      return InvalidArgumentError("max_pages: '" + std::string(*pages) +
                                  "' must be a whole number from 1 to " +
                                  std::to_string(kMaxNativePages))
          .WithDetail("field", "max_pages");
    }
    options->max_pages = static_cast<int>(n);
  }
  return Status::Ok();
}

// The uploaded document: the raw body, or a multipart body's file part.
Result<std::string> UploadedBytes(const HttpRequest& request) {
  const std::string content_type(request.headers.Get("content-type").value_or(""));
  std::string path = request.body_file;
  std::string extracted;
  if (content_type.rfind("multipart/form-data", 0) == 0 && !path.empty()) {
    LATHE_ASSIGN_OR_RETURN(std::string boundary, MultipartBoundary(content_type));
    extracted = path + ".part0";
    LATHE_ASSIGN_OR_RETURN(MultipartFile part, ExtractMultipartFile(path, boundary, extracted));
    (void)part;
    path = extracted;
  }
  std::string bytes;
  if (path.empty()) {
    bytes = request.body;
  } else {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (!extracted.empty()) {
    std::error_code ec;
    std::filesystem::remove(extracted, ec);
  }
  return bytes;
}

}  // namespace

AwsJsonService TextractService(App& app) {
  docs::DocumentJobOptions options;
  options.import_dir = app.config.data_dir + "/imports";
  options.languages = AwsLanguages();
  options.retention_seconds = app.config.task_retention_seconds;
  auto encoder = [](const docs::AnalyzedDocument& doc) {
    return json{{"Pages", doc.pages.size()}, {"Blocks", BlocksJson(docs::BuildTextractBlocks(doc))}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
  };
  auto jobs = std::make_shared<docs::DocumentJobService>(
      *app.stores.metadata, *app.stores.artifacts, encoder, std::move(options));
  Result<size_t> failed = jobs->Recover();
  if (!failed.ok()) {
    LogWarn("", "textract jobs: recovery failed: " + failed.status().ToString());
  } else if (*failed > 0) {
    LogWarn("", std::to_string(*failed) + " textract job(s) were interrupted by a restart: FAILED");
  }
  AwsJsonService service;
  service.target_prefix = "Textract";
  service.operations = {
      {"DetectDocumentText", DetectDocumentText},
      {"AnalyzeDocument", AnalyzeDocumentOp},
      {"StartDocumentTextDetection",
       [jobs](const json& in, RequestContext&) {
         return StartJob(*jobs, in, DocumentJobType::kText);
       }},
      {"StartDocumentAnalysis",
       [jobs](const json& in, RequestContext&) {
         return StartJob(*jobs, in, DocumentJobType::kAnalysis);
       }},
      {"GetDocumentTextDetection",
       [jobs](const json& in, RequestContext&) {
         return GetJob(*jobs, in, DocumentJobType::kText, "DetectDocumentTextModelVersion");
       }},
      {"GetDocumentAnalysis",
       [jobs](const json& in, RequestContext&) {
         return GetJob(*jobs, in, DocumentJobType::kAnalysis, "AnalyzeDocumentModelVersion");
       }},
  };
  service.invalid_input_exception = std::string(kInvalidParameter);
  service.internal_exception = "InternalServerError";
  return service;
}

Result<HttpResponse> AnalyzeDocumentUpload(HttpRequest& request, RequestContext& context) {
  docs::AnalyzeOptions options;
  LATHE_RETURN_IF_ERROR(ParseNativeOptions(request, &options));
  LATHE_ASSIGN_OR_RETURN(std::string bytes, UploadedBytes(request));
  Result<docs::AnalyzedDocument> doc = docs::AnalyzeDocument(bytes, options);
  if (!doc.ok()) {
    const Status& s = doc.status();
    if (s.code() == StatusCode::kUnimplemented) {
      return ErrorResponseWith({415, "UnsupportedDocument"}, s, context.request_id);
    }
    if (s.code() == StatusCode::kDataLoss || s.code() == StatusCode::kDeadlineExceeded) {
      return ErrorResponseWith({400, "BadDocument"}, s, context.request_id);
    }
    return s;
  }
  json pages = json::array();
  for (size_t p = 0; p < doc->pages.size(); ++p) {
    pages.push_back(PageView(doc->pages[p], static_cast<int>(p + 1)));
  }
  return HttpResponse::Json(200, {{"document_metadata", {{"pages", doc->pages.size()}}},
                                  {"format", std::string(docs::FormatName(doc->format))},
                                  {"pages", pages},
                                  {"blocks", BlocksJson(docs::BuildTextractBlocks(*doc))}});
}

}  // namespace lathe::api
