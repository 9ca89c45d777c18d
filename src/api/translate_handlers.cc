// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/translate_handlers.h"

#include <ctime>
#include <string>
#include <vector>

#include "api/aws_json_input.h"
#include "api/json_body.h"
#include "auth/crypto.h"  // Base64Encode for blobs in AWS JSON
#include "services/text/text_limits.h"
#include "services/translate/language_codes.h"

namespace lathe::api {
namespace {

using nlohmann::json;
namespace tr = services::translate;

constexpr std::string_view kInvalidRequest = "InvalidRequestException";
constexpr std::string_view kInvalidParameter = "InvalidParameterValueException";
constexpr std::string_view kTextSize = "TextSizeLimitExceededException";
constexpr std::string_view kUnsupportedPair = "UnsupportedLanguagePairException";
constexpr std::string_view kLowConfidence = "DetectedLanguageLowConfidenceException";
constexpr std::string_view kNotFound = "ResourceNotFoundException";

using BackendPtr = std::shared_ptr<TranslateBackend>;

Status Ready(const TranslateBackend& backend) {
  if (backend.translator == nullptr) return backend.unavailable;
  return Status::Ok();
}

// A service status as the AWS exception the model names for it. `invalid` is the operation's
// validation exception (InvalidRequestException or InvalidParameterValueException).
Status ToAws(const Status& status, std::string_view invalid) {
  const std::string reason = status.details().value("reason", "");
  if (reason == tr::kReasonUnsupportedPair) return AwsException(kUnsupportedPair, status.message());
  if (reason == tr::kReasonLowConfidence) return AwsException(kLowConfidence, status.message());
  switch (status.code()) {
    case StatusCode::kNotFound:
      return AwsException(kNotFound, status.message());
    case StatusCode::kResourceExhausted:
      return AwsException(kTextSize, status.message());
    case StatusCode::kInvalidArgument:
      return AwsException(invalid, status.message());
    case StatusCode::kDeadlineExceeded:  // a hung stage: answered as 503, the client may retry
      return UnavailableError(status.message());
    default:
      return status;
  }
}

// RFC 3339 ("2026-11-29T22:05:37.123Z") to epoch seconds, as the JSON protocol sends timestamps.
double EpochSeconds(const std::string& rfc3339) {
  std::tm tm{};
  int millis = 0;
  if (std::sscanf(rfc3339.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &millis) < 6) {
    return 0;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<double>(timegm(&tm)) + millis / 1000.0;
}

std::vector<std::string> TargetLanguages(const tr::TermTable& table) {
  return std::vector<std::string>(table.languages.begin() + 1, table.languages.end());
}

json AwsTerminologyProperties(const tr::TerminologyRecord& r) {
  return {{"Name", r.table.name},
          {"Description", r.description},
          {"Arn", "arn:aws:translate:local:000000000000:terminology/" + r.table.name + "/LATEST"},
          {"SourceLanguageCode", r.table.languages.front()},
          {"TargetLanguageCodes", TargetLanguages(r.table)},
          {"SizeBytes", r.size_bytes},
          {"TermCount", static_cast<int64_t>(r.table.rows.size())},
          {"SkippedTermCount", r.table.skipped_rows},
          {"CreatedAt", EpochSeconds(r.created_at)},
          {"LastUpdatedAt", EpochSeconds(r.updated_at)},
          {"Directionality", r.table.directionality},
          {"Format", r.format}};
}

json NativeTerminologyProperties(const tr::TerminologyRecord& r) {
  return {{"name", r.table.name},
          {"description", r.description},
          {"source_language", r.table.languages.front()},
          {"target_languages", TargetLanguages(r.table)},
          {"languages", r.table.languages},
          {"directionality", r.table.directionality},
          {"format", r.format},
          {"size_bytes", r.size_bytes},
          {"term_count", r.table.rows.size()},
          {"skipped_term_count", r.table.skipped_rows},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

// TerminologyNames resolved to their tables (kept alive in `records`).
Result<std::vector<const tr::TermTable*>> ResolveTerminologies(
    TranslateBackend& backend, const std::vector<std::string>& names, const std::string& field,
    std::vector<tr::TerminologyRecord>* records) {
  records->reserve(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    Result<tr::TerminologyRecord> r = backend.terminologies->Get(names[i]);
    if (!r.ok()) return r.status().Annotate(field + "[" + std::to_string(i) + "]");
    records->push_back(std::move(*r));
  }
  std::vector<const tr::TermTable*> tables;
  for (const tr::TerminologyRecord& r : *records) tables.push_back(&r.table);
  return tables;
}

Result<std::vector<std::string>> AwsStringList(const json& input, const char* field) {
  std::vector<std::string> out;
  auto it = input.find(field);
  if (it == input.end() || it->is_null()) return out;
  if (!it->is_array()) {
    return AwsException(kInvalidRequest,
                        std::string(field) + ": expected a list, got " + it->type_name());
  }
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) {
      return AwsException(kInvalidRequest,
                          std::string(field) + "[" + std::to_string(i) + "]: expected a string");
    }
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

// Settings: Formality and Profanity are checked against the model's enums. Profanity MASK is
// applied for target languages with a profanity list. Apertium has no formality register, so
// Formality is ignored as the model says Amazon does for a target language without formality
// support, and AppliedSettings never carries it.
Status ReadSettings(const json& input, tr::TranslationRequest* request) {
  auto it = input.find("Settings");
  if (it == input.end() || it->is_null()) return Status::Ok();
  if (!it->is_object()) return AwsException(kInvalidRequest, "Settings: expected an object");
  if (auto f = it->find("Formality"); f != it->end() && !f->is_null()) {
    if (!f->is_string() || (*f != "FORMAL" && *f != "INFORMAL")) {
      return AwsException(kInvalidRequest, "Settings.Formality: expected FORMAL or INFORMAL");
    }
  }
  if (auto p = it->find("Profanity"); p != it->end() && !p->is_null()) {
    if (!p->is_string() || *p != "MASK") {
      return AwsException(kInvalidRequest, "Settings.Profanity: expected MASK");
    }
    request->mask_profanity = true;
  }
  return Status::Ok();
}

json AppliedTerminologies(const std::vector<std::string>& names,
                          const std::vector<tr::TermMatch>& matches) {
  json out = json::array();
  for (const std::string& name : names) {
    json terms = json::array();
    for (const tr::TermMatch& m : matches) {
      if (m.terminology == name) {
        terms.push_back({{"SourceText", m.source_text}, {"TargetText", m.target_text}});
      }
    }
    out.push_back({{"Name", name}, {"Terms", terms}});
  }
  return out;
}

// The response members every translation shares: AppliedTerminologies when terminologies were
// named, AppliedSettings when a setting was applied (only Profanity can be).
void AddApplied(const std::vector<std::string>& terminology_names, const tr::TranslationResult& r,
                json* out) {
  if (!terminology_names.empty()) {
    (*out)["AppliedTerminologies"] = AppliedTerminologies(terminology_names, r.applied_terms);
  }
  if (r.profanity_masked) (*out)["AppliedSettings"] = {{"Profanity", "MASK"}};
}

struct AwsTranslateInput {
  tr::TranslationRequest request;
  std::vector<std::string> terminology_names;
  std::vector<tr::TerminologyRecord> records;  // owns the tables request.terminologies points to
};

Result<AwsTranslateInput> ReadCommon(TranslateBackend& backend, const json& input) {
  AwsTranslateInput in;
  LATHE_ASSIGN_OR_RETURN(std::string_view source,
                         AwsRequiredString(input, "SourceLanguageCode", kInvalidRequest));
  LATHE_ASSIGN_OR_RETURN(std::string_view target,
                         AwsRequiredString(input, "TargetLanguageCode", kInvalidRequest));
  in.request.source = std::string(source);
  in.request.target = std::string(target);
  if (target == "auto") {
    return AwsException(kInvalidRequest, "TargetLanguageCode: 'auto' is only for the source");
  }
  LATHE_RETURN_IF_ERROR(ReadSettings(input, &in.request));
  LATHE_ASSIGN_OR_RETURN(in.terminology_names, AwsStringList(input, "TerminologyNames"));
  Result<std::vector<const tr::TermTable*>> tables =
      ResolveTerminologies(backend, in.terminology_names, "TerminologyNames", &in.records);
  if (!tables.ok()) return ToAws(tables.status(), kInvalidRequest);
  in.request.terminologies = std::move(*tables);
  return in;
}

Result<json> AwsTranslateText(TranslateBackend& backend, const json& input) {
  LATHE_RETURN_IF_ERROR(Ready(backend));
  LATHE_ASSIGN_OR_RETURN(std::string_view text, AwsRequiredString(input, "Text", kInvalidRequest));
  Status size = services::text::CheckDocument(text, tr::kMaxTextBytes, "Text");
  if (!size.ok()) return ToAws(size, kInvalidRequest);
  LATHE_ASSIGN_OR_RETURN(AwsTranslateInput in, ReadCommon(backend, input));
  in.request.text = std::string(text);
  Result<tr::TranslationResult> r = backend.translator->Translate(in.request);
  if (!r.ok()) return ToAws(r.status(), kInvalidRequest);
  json out = {{"TranslatedText", r->text},
              {"SourceLanguageCode", r->source},
              {"TargetLanguageCode", r->target}};
  AddApplied(in.terminology_names, *r, &out);
  return out;
}

Result<json> AwsTranslateDocument(TranslateBackend& backend, const json& input) {
  LATHE_RETURN_IF_ERROR(Ready(backend));
  LATHE_ASSIGN_OR_RETURN(std::string content,
                         AwsRequiredBlob(input, "Document", "Content", kInvalidRequest));
  const json& document = input["Document"];
  auto type = document.find("ContentType");
  if (type == document.end() || !type->is_string()) {
    return AwsException(kInvalidRequest, "Document.ContentType: required, text/plain or text/html");
  }
  tr::TextFormat format = tr::TextFormat::kPlain;
  if (*type == "text/html") {
    format = tr::TextFormat::kHtml;
  } else if (*type != "text/plain") {
    return AwsException(kInvalidRequest, "Document.ContentType: '" + type->get<std::string>() +
                                             "' is not supported; use text/plain or text/html");
  }
  Status size = services::text::CheckDocument(content, tr::kMaxDocumentBytes, "Document.Content");
  if (!size.ok()) return ToAws(size, kInvalidRequest);
  LATHE_ASSIGN_OR_RETURN(AwsTranslateInput in, ReadCommon(backend, input));
  in.request.text = std::move(content);
  in.request.format = format;
  Result<tr::TranslationResult> r = backend.translator->Translate(in.request);
  if (!r.ok()) return ToAws(r.status(), kInvalidRequest);
  json out = {{"TranslatedDocument", {{"Content", auth::Base64Encode(r->text)}}},
              {"SourceLanguageCode", r->source},
              {"TargetLanguageCode", r->target}};
  AddApplied(in.terminology_names, *r, &out);
  return out;
}

// NextToken is the decimal offset into the list; MaxResults 1..500.
Result<std::pair<size_t, size_t>> Page(const json& input, size_t total) {
  size_t offset = 0;
  size_t limit = 500;
  if (auto m = input.find("MaxResults"); m != input.end() && !m->is_null()) {
    if (!m->is_number_integer() || *m < 1 || *m > 500) {
      return AwsException(kInvalidParameter, "MaxResults: expected an integer from 1 to 500");
    }
    limit = m->get<size_t>();
  }
  if (auto t = input.find("NextToken"); t != input.end() && !t->is_null()) {
    const std::string token = t->is_string() ? t->get<std::string>() : "";
    if (token.empty() || token.find_first_not_of("0123456789") != std::string::npos ||
        token.size() > 9 || std::stoul(token) > total) {
      return AwsException(kInvalidParameter, "NextToken: not a token this server gave");
    }
    offset = std::stoul(token);
  }
  return std::make_pair(offset, std::min(total, offset + limit));
}

Result<json> AwsListLanguages(TranslateBackend& backend, const json& input) {
  LATHE_RETURN_IF_ERROR(Ready(backend));
  LATHE_ASSIGN_OR_RETURN(std::optional<std::string_view> display,
                         AwsOptionalString(input, "DisplayLanguageCode", kInvalidParameter));
  if (display && *display != "en") {
    return AwsException("UnsupportedDisplayLanguageCodeException",
                        "DisplayLanguageCode: '" + std::string(*display) +
                            "'; Lathe has language names in English (en) only");
  }
  const std::vector<std::string> codes = backend.translator->Languages();
  LATHE_ASSIGN_OR_RETURN(auto page, Page(input, codes.size()));
  json languages = json::array();
  for (size_t i = page.first; i < page.second; ++i) {
    languages.push_back({{"LanguageName", tr::LanguageName(codes[i])}, {"LanguageCode", codes[i]}});
  }
  json out = {{"Languages", languages}, {"DisplayLanguageCode", "en"}};
  if (page.second < codes.size()) out["NextToken"] = std::to_string(page.second);
  return out;
}

Result<json> AwsImportTerminology(TranslateBackend& backend, const json& input) {
  LATHE_ASSIGN_OR_RETURN(std::string_view name,
                         AwsRequiredString(input, "Name", kInvalidParameter));
  LATHE_ASSIGN_OR_RETURN(std::string_view merge,
                         AwsRequiredString(input, "MergeStrategy", kInvalidParameter));
  if (merge != "OVERWRITE") {
    return AwsException(kInvalidParameter, "MergeStrategy: '" + std::string(merge) +
                                               "'; the only strategy is OVERWRITE");
  }
  LATHE_ASSIGN_OR_RETURN(std::optional<std::string_view> description,
                         AwsOptionalString(input, "Description", kInvalidParameter));
  LATHE_ASSIGN_OR_RETURN(std::string file,
                         AwsRequiredBlob(input, "TerminologyData", "File", kInvalidParameter));
  const json& data = input["TerminologyData"];
  LATHE_ASSIGN_OR_RETURN(std::string_view format,
                         AwsRequiredString(data, "Format", kInvalidParameter));
  LATHE_ASSIGN_OR_RETURN(std::optional<std::string_view> directionality,
                         AwsOptionalString(data, "Directionality", kInvalidParameter));
  if (input.contains("EncryptionKey") && !input["EncryptionKey"].is_null()) {
    return AwsException(kInvalidParameter,
                        "EncryptionKey: Lathe has no KMS; terminologies are stored unencrypted "
                        "in the server's data directory (leave EncryptionKey out)");
  }
  Result<tr::TerminologyRecord> r = backend.terminologies->Import(
      {.name = std::string(name),
       .description = std::string(description.value_or("")),
       .file = std::move(file),
       .format = std::string(format),
       .directionality = std::string(directionality.value_or("UNI"))});
  if (!r.ok()) return ToAws(r.status(), kInvalidParameter);
  return json{{"TerminologyProperties", AwsTerminologyProperties(*r)}};
}

// The data location is the native download route as an absolute URL on the host the client
// called (AWS gives a presigned S3 URL; names match [A-Za-z0-9-_], so need no escaping).
Result<json> AwsGetTerminology(TranslateBackend& backend, const json& input,
                               RequestContext& context) {
  LATHE_ASSIGN_OR_RETURN(std::string_view name,
                         AwsRequiredString(input, "Name", kInvalidParameter));
  LATHE_ASSIGN_OR_RETURN(std::optional<std::string_view> format,
                         AwsOptionalString(input, "TerminologyDataFormat", kInvalidParameter));
  if (format && *format != "CSV") {
    return AwsException(kInvalidParameter, "TerminologyDataFormat: '" + std::string(*format) +
                                               "'; Lathe gives terminology data as CSV");
  }
  Result<tr::TerminologyRecord> r = backend.terminologies->Get(name);
  if (!r.ok()) return ToAws(r.status(), kInvalidParameter);
  return json{{"TerminologyProperties", AwsTerminologyProperties(*r)},
              {"TerminologyDataLocation",
               {{"RepositoryType", "HTTP"},
                {"Location", AbsoluteUrl(context.host, "/api/v1/translate/terminologies/" +
                                                           std::string(name) + "/data")}}}};
}

Result<json> AwsListTerminologies(TranslateBackend& backend, const json& input) {
  Result<std::vector<tr::TerminologyRecord>> all = backend.terminologies->List();
  if (!all.ok()) return ToAws(all.status(), kInvalidParameter);
  LATHE_ASSIGN_OR_RETURN(auto page, Page(input, all->size()));
  json list = json::array();
  for (size_t i = page.first; i < page.second; ++i) {
    list.push_back(AwsTerminologyProperties((*all)[i]));
  }
  json out = {{"TerminologyPropertiesList", list}};
  if (page.second < all->size()) out["NextToken"] = std::to_string(page.second);
  return out;
}

Result<json> AwsDeleteTerminology(TranslateBackend& backend, const json& input) {
  LATHE_ASSIGN_OR_RETURN(std::string_view name,
                         AwsRequiredString(input, "Name", kInvalidParameter));
  Status s = backend.terminologies->Delete(name);
  if (!s.ok()) return ToAws(s, kInvalidParameter);
  return json::object();
}

// --- native REST ---

Result<std::string> OptionalField(const json& body, const char* field, std::string fallback) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_string()) {
    return InvalidArgumentError(std::string(field) + ": expected a string, got " + it->type_name())
        .WithDetail("field", field);
  }
  return it->get<std::string>();
}

Result<HttpResponse> NativeTranslate(TranslateBackend& backend, HttpRequest& request) {
  LATHE_RETURN_IF_ERROR(Ready(backend));
  LATHE_ASSIGN_OR_RETURN(json body, ParseJsonObjectBody(request));
  auto text = body.find("text");
  if (text == body.end() || !text->is_string()) {
    return InvalidArgumentError("text: required, a string of UTF-8 text")
        .WithDetail("field", "text");
  }
  tr::TranslationRequest req;
  req.text = text->get<std::string>();
  LATHE_ASSIGN_OR_RETURN(std::string format, OptionalField(body, "format", "text"));
  if (format != "text" && format != "html") {
    return InvalidArgumentError("format: '" + format + "'; use text or html")
        .WithDetail("field", "format");
  }
  req.format = format == "html" ? tr::TextFormat::kHtml : tr::TextFormat::kPlain;
  const size_t limit = format == "html" ? tr::kMaxDocumentBytes : tr::kMaxTextBytes;
  LATHE_RETURN_IF_ERROR(services::text::CheckDocument(req.text, limit, "text"));
  LATHE_ASSIGN_OR_RETURN(req.source, OptionalField(body, "source", "auto"));
  LATHE_ASSIGN_OR_RETURN(req.target, OptionalField(body, "target", ""));
  if (req.target.empty() || req.target == "auto") {
    return InvalidArgumentError("target: required, a language code such as \"es\"")
        .WithDetail("field", "target");
  }
  if (auto p = body.find("profanity"); p != body.end() && !p->is_null()) {
    if (!p->is_string() || (*p != "mask" && *p != "keep")) {
      return InvalidArgumentError("profanity: expected \"mask\" or \"keep\"")
          .WithDetail("field", "profanity");
    }
    req.mask_profanity = *p == "mask";
  }
  std::vector<std::string> names;
  if (auto t = body.find("terminologies"); t != body.end() && !t->is_null()) {
    if (!t->is_array()) {
      return InvalidArgumentError("terminologies: expected a list of names")
          .WithDetail("field", "terminologies");
    }
    for (size_t i = 0; i < t->size(); ++i) {
      if (!(*t)[i].is_string()) {
        return InvalidArgumentError("terminologies[" + std::to_string(i) + "]: expected a name")
            .WithDetail("field", "terminologies[" + std::to_string(i) + "]");
      }
      names.push_back((*t)[i].get<std::string>());
    }
  }
  std::vector<tr::TerminologyRecord> records;
  LATHE_ASSIGN_OR_RETURN(req.terminologies,
                         ResolveTerminologies(backend, names, "terminologies", &records));
  LATHE_ASSIGN_OR_RETURN(tr::TranslationResult r, backend.translator->Translate(req));
  json terms = json::array();
  for (const tr::TermMatch& m : r.applied_terms) {
    terms.push_back({{"terminology", m.terminology},
                     {"source_text", m.source_text},
                     {"target_text", m.target_text}});
  }
  json out = {{"translated_text", r.text},
              {"source", r.source},
              {"target", r.target},
              {"modes", r.modes},
              {"applied_terms", terms}};
  if (!r.pivot.empty()) out["pivot"] = r.pivot;
  if (req.mask_profanity) out["profanity_masked"] = r.profanity_masked;
  return HttpResponse::Json(200, out);
}

Result<HttpResponse> NativeLanguages(TranslateBackend& backend) {
  LATHE_RETURN_IF_ERROR(Ready(backend));
  json languages = json::array();
  for (const std::string& code : backend.translator->Languages()) {
    languages.push_back({{"code", code}, {"name", tr::LanguageName(code)}});
  }
  json pairs = json::array();
  for (const tr::ApertiumMode& m : backend.translator->modes()) {
    pairs.push_back({{"source", m.source}, {"target", m.target}, {"mode", m.name}});
  }
  return HttpResponse::Json(200, {{"languages", languages}, {"pairs", pairs}});
}

Result<HttpResponse> NativeImportTerminology(TranslateBackend& backend, HttpRequest& request) {
  const std::string name(request.Query("name").value_or(""));
  if (name.empty()) {
    return InvalidArgumentError("name: required query parameter (?name=brands)")
        .WithDetail("field", "name");
  }
  LATHE_ASSIGN_OR_RETURN(
      tr::TerminologyRecord r,
      backend.terminologies->Import(
          {.name = name,
           .description = std::string(request.Query("description").value_or("")),
           .file = request.body,
           .format = std::string(request.Query("format").value_or("CSV")),
           .directionality = std::string(request.Query("directionality").value_or("UNI"))}));
  return HttpResponse::Json(201, NativeTerminologyProperties(r));
}

Handler Bind(BackendPtr backend,
             Result<HttpResponse> (*fn)(TranslateBackend&, HttpRequest&, RequestContext&)) {
  return [backend, fn](HttpRequest& q, RequestContext& c) { return fn(*backend, q, c); };
}

}  // namespace

std::shared_ptr<TranslateBackend> OpenTranslateBackend(App& app) {
  auto backend = std::make_shared<TranslateBackend>();
  backend->terminologies =
      std::make_unique<services::translate::TerminologyStore>(*app.stores.metadata);
  Result<std::unique_ptr<tr::Translator>> translator = tr::Translator::Create({});
  if (translator.ok()) {
    backend->translator = std::move(*translator);
  } else {
    backend->unavailable =
        UnavailableError("translation is unavailable: Apertium is not " +
                         std::string("installed (") + translator.status().message() + ")");
  }
  return backend;
}

AwsJsonService TranslateService(BackendPtr backend) {
  AwsJsonService service;
  service.target_prefix = "AWSShineFrontendService_20170701";
  auto op = [backend](Result<json> (*fn)(TranslateBackend&, const json&)) -> AwsJsonOperation {
    return [backend, fn](const json& input, RequestContext&) { return fn(*backend, input); };
  };
  service.operations = {
      {"TranslateText", op(AwsTranslateText)},
      {"TranslateDocument", op(AwsTranslateDocument)},
      {"ListLanguages", op(AwsListLanguages)},
      {"ImportTerminology", op(AwsImportTerminology)},
      {"GetTerminology",
       [backend](const json& input, RequestContext& context) {
         return AwsGetTerminology(*backend, input, context);
       }},
      {"ListTerminologies", op(AwsListTerminologies)},
      {"DeleteTerminology", op(AwsDeleteTerminology)},
  };
  service.invalid_input_exception = std::string(kInvalidRequest);
  service.internal_exception = "InternalServerException";
  return service;
}

Handler TranslateTextHandler(BackendPtr backend) {
  return Bind(std::move(backend), [](TranslateBackend& b, HttpRequest& q, RequestContext&) {
    return NativeTranslate(b, q);
  });
}

Handler TranslateLanguagesHandler(BackendPtr backend) {
  return Bind(std::move(backend), [](TranslateBackend& b, HttpRequest&, RequestContext&) {
    return NativeLanguages(b);
  });
}

Handler ImportTerminologyHandler(BackendPtr backend) {
  return Bind(std::move(backend), [](TranslateBackend& b, HttpRequest& q, RequestContext&) {
    return NativeImportTerminology(b, q);
  });
}

Handler ListTerminologiesHandler(BackendPtr backend) {
  return Bind(std::move(backend),
              [](TranslateBackend& b, HttpRequest&, RequestContext&) -> Result<HttpResponse> {
                LATHE_ASSIGN_OR_RETURN(std::vector<tr::TerminologyRecord> all,
                                       b.terminologies->List());
                json list = json::array();
                for (const tr::TerminologyRecord& r : all) {
                  list.push_back(NativeTerminologyProperties(r));
                }
                return HttpResponse::Json(200, {{"terminologies", list}});
              });
}

Handler GetTerminologyHandler(BackendPtr backend) {
  return Bind(std::move(backend),
              [](TranslateBackend& b, HttpRequest& q, RequestContext&) -> Result<HttpResponse> {
                LATHE_ASSIGN_OR_RETURN(tr::TerminologyRecord r,
                                       b.terminologies->Get(q.path_params["name"]));
                json out = NativeTerminologyProperties(r);
                out["terms"] = r.table.rows;
                return HttpResponse::Json(200, out);
              });
}

Handler GetTerminologyDataHandler(BackendPtr backend) {
  return Bind(std::move(backend),
              [](TranslateBackend& b, HttpRequest& q, RequestContext&) -> Result<HttpResponse> {
                LATHE_ASSIGN_OR_RETURN(tr::TerminologyRecord r,
                                       b.terminologies->Get(q.path_params["name"]));
                HttpResponse response;
                response.status = 200;
                response.headers.Set("Content-Type", "text/csv; charset=utf-8");
                response.body = tr::TermTableToCsv(r.table);
                return response;
              });
}

Handler DeleteTerminologyHandler(BackendPtr backend) {
  return Bind(std::move(backend),
              [](TranslateBackend& b, HttpRequest& q, RequestContext&) -> Result<HttpResponse> {
                LATHE_RETURN_IF_ERROR(b.terminologies->Delete(q.path_params["name"]));
                return HttpResponse::NoContent();
              });
}

}  // namespace lathe::api
