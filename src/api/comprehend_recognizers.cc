// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/comprehend_recognizers.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/aws_json_input.h"
#include "api/comprehend_common.h"
#include "core/clock.h"
#include "datasets/dataset_service.h"
#include "jobs/job_runner.h"
#include "services/text/custom_entities.h"
#include "services/text/text_limits.h"

namespace lathe::api::comprehend {
namespace {

using nlohmann::json;
namespace text = services::text;

// Comprehend's ModelStatus values, kept as the record's state.
constexpr std::string_view kSubmitted = "SUBMITTED";
constexpr std::string_view kTraining = "TRAINING";
constexpr std::string_view kStopRequested = "STOP_REQUESTED";
constexpr std::string_view kStopped = "STOPPED";
constexpr std::string_view kInError = "IN_ERROR";
constexpr std::string_view kTrained = "TRAINED";

constexpr std::string_view kLanguages[] = {"en", "es", "fr", "de", "it", "pt"};

// Comprehend reports a recognizer's precision, recall and F1 in percent.
json MetricsJson(const text::EntityMetrics& m) {
  return {{"Precision", 100 * m.precision}, {"Recall", 100 * m.recall}, {"F1Score", 100 * m.f1}};
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The column of `table` named `name` (ASCII case-insensitive), else InvalidArgument listing the
// columns there are.
Result<const data::Column*> NamedColumn(const data::Table& table, std::string_view name,
                                        const std::string& what) {
  std::string names;
  for (const data::Column& c : table.columns()) {
    if (Lower(c.name) == Lower(name)) return &c;
    names += (names.empty() ? "" : ", ") + c.name;
  }
  return InvalidArgumentError(what + ": no column '" + std::string(name) + "' (columns: " + names +
                              ")");
}

Result<int64_t> IntegerCell(const data::Column& column, size_t row, const std::string& what) {
  const std::string where = what + " row " + std::to_string(row + 1) + ", " + column.name;
  if (column.IsNull(row)) return InvalidArgumentError(where + ": empty, expected an integer");
  const std::string cell = column.ToString(row);
  try {
    size_t used = 0;
    const long long value = std::stoll(cell, &used);
    if (used == cell.size()) return static_cast<int64_t>(value);
  } catch (const std::exception&) {
  }
  return InvalidArgumentError(where + ": '" + cell + "' is not an integer");
}

// One document per row: column "text" if there is one, else the first column.
std::vector<std::string> DocumentsOf(const data::Table& table) {
  int index = table.FindColumn("text");
  if (index < 0) index = 0;
  std::vector<std::string> documents;
  if (table.num_columns() == 0) return documents;
  const data::Column& column = table.column(index);
  for (size_t row = 0; row < column.size(); ++row) documents.push_back(column.ToString(row));
  return documents;
}

Result<std::vector<text::EntityAnnotation>> AnnotationsOf(const data::Table& table,
                                                          const std::string& what) {
  LATHE_ASSIGN_OR_RETURN(const data::Column* line, NamedColumn(table, "Line", what));
  LATHE_ASSIGN_OR_RETURN(const data::Column* begin, NamedColumn(table, "Begin Offset", what));
  LATHE_ASSIGN_OR_RETURN(const data::Column* end, NamedColumn(table, "End Offset", what));
  LATHE_ASSIGN_OR_RETURN(const data::Column* type, NamedColumn(table, "Type", what));
  std::vector<text::EntityAnnotation> out;
  for (size_t row = 0; row < table.num_rows(); ++row) {
    text::EntityAnnotation a;
    LATHE_ASSIGN_OR_RETURN(a.line, IntegerCell(*line, row, what));
    LATHE_ASSIGN_OR_RETURN(a.begin, IntegerCell(*begin, row, what));
    LATHE_ASSIGN_OR_RETURN(a.end, IntegerCell(*end, row, what));
    a.type = type->ToString(row);
    a.source_row = static_cast<int64_t>(row + 1);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<text::EntityListItem>> EntityListOf(const data::Table& table,
                                                       const std::string& what) {
  LATHE_ASSIGN_OR_RETURN(const data::Column* phrase, NamedColumn(table, "Text", what));
  LATHE_ASSIGN_OR_RETURN(const data::Column* type, NamedColumn(table, "Type", what));
  std::vector<text::EntityListItem> out;
  for (size_t row = 0; row < table.num_rows(); ++row) {
    out.push_back({phrase->ToString(row), type->ToString(row), static_cast<int64_t>(row + 1)});
  }
  return out;
}

class Recognizers {
 public:
  explicit Recognizers(App& app) : app_(app), runner_(1) { Recover(); }
  ~Recognizers() {
    shutting_down_ = true;
    runner_.Shutdown();
  }

  Result<json> Create(const json& input) {
    LATHE_ASSIGN_OR_RETURN(std::string name, ComprehendName(input, "RecognizerName"));
    LATHE_RETURN_IF_ERROR(AwsRequiredString(input, "DataAccessRoleArn", kInvalidRequest).status());
    LATHE_ASSIGN_OR_RETURN(std::string_view language,
                           AwsRequiredString(input, "LanguageCode", kInvalidRequest));
    if (std::find(std::begin(kLanguages), std::end(kLanguages), language) == std::end(kLanguages)) {
      return AwsException("UnsupportedLanguageException",
                          "LanguageCode '" + std::string(language) +
                              "' is not supported by custom entity recognition; supported: en, "
                              "es, fr, de, it, pt");
    }
    LATHE_ASSIGN_OR_RETURN(json datasets, ResolveInput(input));
    if (app_.stores.metadata->GetResource(kRecognizerKind, name).ok()) {
      return AwsException(kInUse, "RecognizerName: a recognizer named '" + name +
                                      "' already exists");
    }
    store::ResourceRecord record;
    record.kind = std::string(kRecognizerKind);
    record.name = name;
    record.state = std::string(kSubmitted);
    record.body_json = json{{"language_code", language},
                            {"input_data_config", input["InputDataConfig"]},
                            {"data_access_role_arn", input["DataAccessRoleArn"]},
                            {"version_name", input.value("VersionName", "")},
                            {"datasets", datasets}}
                           .dump();
    Result<store::ResourceRecord> stored = app_.stores.metadata->CreateResource(record, "cer");
    if (!stored.ok()) return AsAws(stored.status(), "recognizer '" + name + "'");
    const std::string id = stored->id;
    Status queued = runner_.Submit(
        id, [this, id](const std::atomic<bool>& cancel) { Train(id, cancel); });
    if (!queued.ok()) {
      (void)SetState(id, kInError, {std::string(kSubmitted)},
                     {{"message", "not queued: " + queued.message()}});
      return AwsException("InternalServerException", "the training queue refused the job: " +
                                                         queued.message());
    }
    return json{{"EntityRecognizerArn", Arn(kRecognizerType, name)}};
  }

  Result<json> Describe(const json& input) {
    LATHE_ASSIGN_OR_RETURN(std::string name,
                           NameFromArn(input, "EntityRecognizerArn", kRecognizerType));
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, Find(name));
    return json{{"EntityRecognizerProperties", Properties(record)}};
  }

  Result<json> List(const json& input) {
    const json filter = input.value("Filter", json::object());
    const std::string status = filter.is_object() ? filter.value("Status", "") : "";
    const std::string name = filter.is_object() ? filter.value("RecognizerName", "") : "";
    size_t offset = 0;
    if (input.contains("NextToken") && input["NextToken"].is_string()) {
      try {
        offset = std::stoul(input["NextToken"].get<std::string>());
      } catch (const std::exception&) {
        return AwsException("InvalidFilterException", "NextToken: not a token this server gave");
      }
    }
    const int64_t max_results = input.value("MaxResults", 100);
    if (max_results < 1 || max_results > 500) {
      return AwsException(kInvalidRequest, "MaxResults: " + std::to_string(max_results) +
                                               " is outside 1..500");
    }
    LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> records,
                           app_.stores.metadata->ListResources(kRecognizerKind, AllOfKind()));
    json list = json::array();
    size_t matched = 0;
    for (const store::ResourceRecord& r : records) {
      if ((!status.empty() && r.state != status) || (!name.empty() && r.name != name)) continue;
      if (matched++ < offset) continue;
      if (list.size() == static_cast<size_t>(max_results)) {
        return json{{"EntityRecognizerPropertiesList", list},
                    {"NextToken", std::to_string(offset + list.size())}};
      }
      list.push_back(Properties(r));
    }
    return json{{"EntityRecognizerPropertiesList", list}};
  }

  Result<json> Stop(const json& input) {
    LATHE_ASSIGN_OR_RETURN(std::string name,
                           NameFromArn(input, "EntityRecognizerArn", kRecognizerType));
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, Find(name));
    if (record.state == kSubmitted &&
        runner_.Cancel(record.id) == jobs::CancelOutcome::kDequeued) {
      (void)SetState(record.id, kStopped, {std::string(kSubmitted)}, {});
    } else if (record.state == kTraining || record.state == kSubmitted) {
      (void)SetState(record.id, kStopRequested,
                     {std::string(kTraining), std::string(kSubmitted)}, {});
      (void)runner_.Cancel(record.id);
    }  // a recognizer that has finished stays as it is, as Comprehend does
    return json::object();
  }

  Result<json> Delete(const json& input) {
    LATHE_ASSIGN_OR_RETURN(std::string name,
                           NameFromArn(input, "EntityRecognizerArn", kRecognizerType));
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, Find(name));
    LATHE_ASSIGN_OR_RETURN(std::string endpoint,
                           EndpointServing(app_, Arn(kRecognizerType, name)));
    if (!endpoint.empty()) {
      return AwsException(kInUse, "recognizer '" + name + "' is served by endpoint '" + endpoint +
                                      "'; delete the endpoint first");
    }
    (void)runner_.Cancel(record.id);  // a running job stops; its last write finds no record
    LATHE_RETURN_IF_ERROR(app_.stores.metadata->DeleteResource(kRecognizerKind, record.id));
    return json::object();
  }

  // DetectEntities with an EndpointArn.
  Result<json> Detect(const json& input) {
    LATHE_ASSIGN_OR_RETURN(std::string endpoint,
                           NameFromArn(input, "EndpointArn", kRecognizerEndpointType));
    if (input.contains("Bytes") && !input["Bytes"].is_null()) {
      return AwsException(kInvalidRequest,
                          "Bytes: semi-structured documents are not supported; send Text");
    }
    LATHE_ASSIGN_OR_RETURN(std::string_view value,
                           AwsRequiredString(input, "Text", kInvalidRequest));
    Status size = text::CheckDocument(value, text::kMaxSyncDocumentBytes, "Text");
    if (!size.ok()) {
      return AwsException(
          size.code() == StatusCode::kResourceExhausted ? kTextSize : kInvalidRequest,
          size.message());
    }
    Result<store::ResourceRecord> link = app_.stores.metadata->GetResource(kEndpointKind, endpoint);
    if (!link.ok()) {  // DetectEntities has no ResourceNotFoundException in the model
      return AwsException(kUnavailable, "EndpointArn: endpoint '" + endpoint + "' was not found");
    }
    Result<std::string> name = NameFromArn(Body(*link), "model_arn", kRecognizerType);
    Result<store::ResourceRecord> record =
        name.ok() ? app_.stores.metadata->GetResource(kRecognizerKind, *name)
                  : Result<store::ResourceRecord>(name.status());
    if (!record.ok() || record->state != kTrained) {
      return AwsException(kUnavailable, "EndpointArn: endpoint '" + endpoint +
                                            "' has no trained entity recognizer to serve");
    }
    LATHE_ASSIGN_OR_RETURN(std::shared_ptr<const text::CustomEntityRecognizer> model,
                           Model(*record));
    json entities = json::array();
    for (const text::CustomEntity& e : model->Detect(value)) {
      entities.push_back({{"Score", static_cast<double>(static_cast<float>(e.score))},
                          {"Type", e.type},
                          {"Text", e.text},
                          {"BeginOffset", e.begin_offset},
                          {"EndOffset", e.end_offset}});
    }
    return json{{"Entities", entities}};
  }

 private:
  Result<store::ResourceRecord> Find(const std::string& name) {
    Result<store::ResourceRecord> r = app_.stores.metadata->GetResource(kRecognizerKind, name);
    if (!r.ok()) return AsAws(r.status(), "entity recognizer '" + name + "'");
    return r;
  }

  // Checks InputDataConfig and names the Lathe datasets it points at:
  // {"entity_types", "documents", "annotations" | "entity_list", "test_documents"?, ...}.
  Result<json> ResolveInput(const json& input) {
    const json config = input.value("InputDataConfig", json());
    if (!config.is_object()) {
      return AwsException(kInvalidRequest, "InputDataConfig: a required member is missing");
    }
    if (config.value("DataFormat", "COMPREHEND_CSV") != "COMPREHEND_CSV") {
      return AwsException(kInvalidRequest,
                          "InputDataConfig.DataFormat: only COMPREHEND_CSV is supported");
    }
    json out = {{"entity_types", json::array()}};
    const json types = config.value("EntityTypes", json());
    if (!types.is_array() || types.empty()) {
      return AwsException(kInvalidRequest,
                          "InputDataConfig.EntityTypes: a required list of 1 to 25 {\"Type\": "
                          "...} items is missing or empty");
    }
    for (size_t i = 0; i < types.size(); ++i) {
      if (!types[i].is_object() || !types[i].value("Type", json()).is_string()) {
        return AwsException(kInvalidRequest, "InputDataConfig.EntityTypes[" + std::to_string(i) +
                                                 "].Type: a required string is missing");
      }
      out["entity_types"].push_back(types[i]["Type"]);
    }
    const json documents = config.value("Documents", json());
    if (!documents.is_object()) {
      return AwsException(kInvalidRequest, "InputDataConfig.Documents: a required member is "
                                           "missing (the documents, one per line)");
    }
    if (documents.value("InputFormat", "ONE_DOC_PER_LINE") != "ONE_DOC_PER_LINE") {
      return AwsException(kInvalidRequest, "InputDataConfig.Documents.InputFormat: only "
                                           "ONE_DOC_PER_LINE is supported");
    }
    LATHE_ASSIGN_OR_RETURN(store::DatasetRecord docs,
                           DatasetForS3Uri(app_, documents, "InputDataConfig.Documents", "S3Uri"));
    out["documents"] = docs.id;
    const bool annotations = config.contains("Annotations") && !config["Annotations"].is_null();
    const bool entity_list = config.contains("EntityList") && !config["EntityList"].is_null();
    if (annotations == entity_list) {
      return AwsException(kInvalidRequest, "InputDataConfig: give exactly one of Annotations and "
                                           "EntityList");
    }
    if (annotations) {
      const json& a = config["Annotations"];
      LATHE_ASSIGN_OR_RETURN(store::DatasetRecord d,
                             DatasetForS3Uri(app_, a, "InputDataConfig.Annotations", "S3Uri"));
      out["annotations"] = d.id;
      if (a.value("TestS3Uri", json()).is_string() ||
          documents.value("TestS3Uri", json()).is_string()) {
        LATHE_ASSIGN_OR_RETURN(
            store::DatasetRecord test_annotations,
            DatasetForS3Uri(app_, a, "InputDataConfig.Annotations", "TestS3Uri"));
        LATHE_ASSIGN_OR_RETURN(
            store::DatasetRecord test_documents,
            DatasetForS3Uri(app_, documents, "InputDataConfig.Documents", "TestS3Uri"));
        out["test_annotations"] = test_annotations.id;
        out["test_documents"] = test_documents.id;
      }
    } else {
      LATHE_ASSIGN_OR_RETURN(store::DatasetRecord d,
                             DatasetForS3Uri(app_, config["EntityList"],
                                             "InputDataConfig.EntityList", "S3Uri"));
      out["entity_list"] = d.id;
    }
    return out;
  }

  Result<std::shared_ptr<const data::Table>> Table(const json& datasets, const char* key) {
    LATHE_ASSIGN_OR_RETURN(store::DatasetRecord record,
                           app_.datasets->Get(datasets.value(key, "")));
    return app_.datasets->LoadTable(record);
  }

  Result<text::CustomEntityTrainingData> LoadData(const json& datasets) {
    text::CustomEntityTrainingData data;
    for (const json& t : datasets["entity_types"]) data.entity_types.push_back(t.get<std::string>());
    LATHE_ASSIGN_OR_RETURN(auto documents, Table(datasets, "documents"));
    data.documents = DocumentsOf(*documents);
    if (datasets.contains("annotations")) {
      LATHE_ASSIGN_OR_RETURN(auto annotations, Table(datasets, "annotations"));
      LATHE_ASSIGN_OR_RETURN(data.annotations, AnnotationsOf(*annotations, "Annotations"));
    } else {
      LATHE_ASSIGN_OR_RETURN(auto list, Table(datasets, "entity_list"));
      LATHE_ASSIGN_OR_RETURN(data.entity_list, EntityListOf(*list, "EntityList"));
    }
    if (datasets.contains("test_documents")) {
      LATHE_ASSIGN_OR_RETURN(auto test_documents, Table(datasets, "test_documents"));
      data.test_documents = DocumentsOf(*test_documents);
      LATHE_ASSIGN_OR_RETURN(auto test_annotations, Table(datasets, "test_annotations"));
      LATHE_ASSIGN_OR_RETURN(data.test_annotations,
                             AnnotationsOf(*test_annotations, "Annotations (test)"));
    }
    return data;
  }

  // The worker: SUBMITTED -> TRAINING -> TRAINED | IN_ERROR | STOPPED.
  void Train(const std::string& id, const std::atomic<bool>& cancel) {
    Result<store::ResourceRecord> started =
        SetState(id, kTraining, {std::string(kSubmitted)}, {{"training_start", NowRfc3339()}});
    if (!started.ok()) return;  // stopped or deleted while queued
    const json body = Body(*started);
    Result<text::CustomEntityTrainingData> data = LoadData(body["datasets"]);
    Result<text::TrainedEntityRecognizer> trained =
        data.ok() ? text::TrainCustomEntityRecognizer(*data, {.test_fraction = 0.2,
                                                              .seed = 42,
                                                              .epochs = 12,
                                                              .cancel = &cancel})
                  : Result<text::TrainedEntityRecognizer>(data.status());
    const std::vector<std::string> running = {std::string(kTraining)};
    const std::vector<std::string> stopping = {std::string(kStopRequested)};
    const json ended = {{"training_end", NowRfc3339()}};
    if (!trained.ok()) {
      if (shutting_down_) {
        (void)SetState(id, kInError, {std::string(kTraining), std::string(kStopRequested)},
                       {{"message", "interrupted by a server shutdown"}});
      } else if (trained.status().code() == StatusCode::kCancelled) {
        (void)SetState(id, kStopped, {std::string(kTraining), std::string(kStopRequested)}, ended);
      } else {
        json why = ended;
        why["message"] = trained.status().message();
        (void)SetState(id, kInError, running, why);
      }
      return;
    }
    Result<std::string> sha = app_.stores.artifacts->Put(trained->model);
    if (!sha.ok()) {
      (void)SetState(id, kInError, running,
                     {{"message", "the model could not be stored: " + sha.status().message()}});
      return;
    }
    json metadata = {{"NumberOfTrainedDocuments", trained->train_documents},
                     {"NumberOfTestDocuments", trained->test_documents},
                     {"EvaluationMetrics", MetricsJson(trained->overall)},
                     {"EntityTypes", json::array()}};
    for (const auto& [type, metrics] : trained->per_type) {
      metadata["EntityTypes"].push_back({{"Type", type},
                                         {"EvaluationMetrics", MetricsJson(metrics)},
                                         {"NumberOfTrainMentions", trained->train_mentions[type]}});
    }
    json done = ended;
    done["metadata"] = metadata;
    done["model_sha256"] = *sha;
    if (!SetState(id, kTrained, running, done, std::vector<std::string>{*sha}).ok()) {
      (void)SetState(id, kStopped, stopping, ended);  // Stop arrived as training finished
    }
  }

  // CAS of the state from one of `expected`, merging `fields` into the body.
  Result<store::ResourceRecord> SetState(const std::string& id, std::string_view state,
                                         std::vector<std::string> expected, const json& fields,
                                         std::optional<std::vector<std::string>> artifacts = {}) {
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record,
                           app_.stores.metadata->GetResource(kRecognizerKind, id));
    json body = Body(record);
    for (const auto& [key, value] : fields.items()) body[key] = value;
    store::ResourceUpdate update;
    update.state = std::string(state);
    update.body_json = body.dump();
    update.artifacts = std::move(artifacts);
    update.expected_states = std::move(expected);
    return app_.stores.metadata->UpdateResource(kRecognizerKind, id, update);
  }

  // Recognizers a dead process left SUBMITTED or TRAINING are IN_ERROR; STOP_REQUESTED STOPPED.
  void Recover() {
    Result<std::vector<store::ResourceRecord>> records =
        app_.stores.metadata->ListResources(kRecognizerKind, AllOfKind());
    if (!records.ok()) return;
    for (const store::ResourceRecord& r : *records) {
      if (r.state == kSubmitted || r.state == kTraining) {
        (void)SetState(r.id, kInError, {r.state},
                       {{"message", "interrupted by a server restart"}});
      } else if (r.state == kStopRequested) {
        (void)SetState(r.id, kStopped, {r.state}, {});
      }
    }
  }

  json Properties(const store::ResourceRecord& record) {
    const json body = Body(record);
    json p = {{"EntityRecognizerArn", Arn(kRecognizerType, record.name)},
              {"LanguageCode", body.value("language_code", "en")},
              {"Status", record.state},
              {"InputDataConfig", body.value("input_data_config", json::object())},
              {"DataAccessRoleArn", body.value("data_access_role_arn", "")},
              {"SubmitTime", EpochSeconds(record.created_at)}};
    if (!body.value("version_name", "").empty()) p["VersionName"] = body["version_name"];
    if (body.value("message", json()).is_string()) p["Message"] = body["message"];
    if (body.value("training_start", json()).is_string()) {
      p["TrainingStartTime"] = EpochSeconds(body["training_start"]);
    }
    if (body.value("training_end", json()).is_string()) {
      p["TrainingEndTime"] = EpochSeconds(body["training_end"]);
    }
    if (record.state == kTrained || record.state == kInError || record.state == kStopped) {
      p["EndTime"] = EpochSeconds(record.updated_at);
    }
    if (body.contains("metadata")) p["RecognizerMetadata"] = body["metadata"];
    return p;
  }

  Result<std::shared_ptr<const text::CustomEntityRecognizer>> Model(
      const store::ResourceRecord& record) {
    const std::string sha = Body(record).value("model_sha256", "");
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = models_.find(sha);
      if (it != models_.end()) return it->second;
    }
    LATHE_ASSIGN_OR_RETURN(std::string bytes, app_.stores.artifacts->Get(sha));
    LATHE_ASSIGN_OR_RETURN(text::CustomEntityRecognizer model,
                           text::CustomEntityRecognizer::Load(bytes));
    auto shared = std::make_shared<const text::CustomEntityRecognizer>(std::move(model));
    std::lock_guard<std::mutex> lock(mu_);
    if (models_.size() >= 16) models_.clear();  // a small cache; models reload in milliseconds
    models_[sha] = shared;
    return shared;
  }

  App& app_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const text::CustomEntityRecognizer>> models_;  // by sha
  std::atomic<bool> shutting_down_{false};
  jobs::JobRunner runner_;  // last: its thread stops before the members it uses go away
};

}  // namespace

Result<json> CreateRecognizerEndpoint(App& app, const std::string& endpoint,
                                      const std::string& recognizer, int64_t units) {
  Result<store::ResourceRecord> record =
      app.stores.metadata->GetResource(kRecognizerKind, recognizer);
  if (!record.ok()) return AsAws(record.status(), "entity recognizer '" + recognizer + "'");
  if (record->state != kTrained) {
    return AwsException(kUnavailable, "ModelArn: entity recognizer '" + recognizer + "' is " +
                                          record->state +
                                          ", not TRAINED; wait for training to finish");
  }
  if (app.stores.metadata->GetResource(kEndpointKind, endpoint).ok()) {
    return AwsException(kInUse, "EndpointName: an endpoint named '" + endpoint +
                                    "' already exists");
  }
  store::ResourceRecord link;
  link.kind = std::string(kEndpointKind);
  link.name = endpoint;
  link.body_json =
      json{{"model_arn", Arn(kRecognizerType, recognizer)}, {"desired_inference_units", units}}
          .dump();
  LATHE_RETURN_IF_ERROR(app.stores.metadata->CreateResource(link, "ce").status());
  return json{{"EndpointArn", Arn(kRecognizerEndpointType, endpoint)},
              {"ModelArn", Arn(kRecognizerType, recognizer)}};
}

json RecognizerEndpointStatus(App& app, const std::string& model_arn) {
  Result<std::string> name = NameFromArn(json{{"m", model_arn}}, "m", kRecognizerType);
  Result<store::ResourceRecord> record =
      name.ok() ? app.stores.metadata->GetResource(kRecognizerKind, *name)
                : Result<store::ResourceRecord>(name.status());
  if (!record.ok()) {
    return {{"Status", "FAILED"}, {"Message", "its entity recognizer no longer exists"}};
  }
  if (record->state != kTrained) {
    return {{"Status", "FAILED"}, {"Message", "its entity recognizer is " + record->state}};
  }
  return {{"Status", "IN_SERVICE"}};
}

}  // namespace lathe::api::comprehend

namespace lathe::api {

void AddEntityRecognizerOperations(AwsJsonService& service, App& app) {
  using comprehend::Recognizers;
  auto r = std::make_shared<Recognizers>(app);
  auto op = [r](Result<nlohmann::json> (Recognizers::*fn)(const nlohmann::json&))
      -> AwsJsonOperation {
    return [r, fn](const nlohmann::json& input, RequestContext&) { return ((*r).*fn)(input); };
  };
  service.operations["CreateEntityRecognizer"] = op(&Recognizers::Create);
  service.operations["DescribeEntityRecognizer"] = op(&Recognizers::Describe);
  service.operations["ListEntityRecognizers"] = op(&Recognizers::List);
  service.operations["StopTrainingEntityRecognizer"] = op(&Recognizers::Stop);
  service.operations["DeleteEntityRecognizer"] = op(&Recognizers::Delete);
  AwsJsonOperation builtin = service.operations["DetectEntities"];
  service.operations["DetectEntities"] = [r, builtin](const nlohmann::json& input,
                                                      RequestContext& context) {
    if (input.contains("EndpointArn") && !input["EndpointArn"].is_null()) return r->Detect(input);
    return builtin(input, context);
  };
}

}  // namespace lathe::api
