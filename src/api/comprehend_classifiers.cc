// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/comprehend_classifiers.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "api/aws_json_input.h"
#include "api/comprehend_common.h"
#include "api/comprehend_multilabel.h"
#include "api/comprehend_recognizers.h"
#include "core/clock.h"
#include "datasets/dataset_service.h"
#include "jobs/training_service.h"
#include "serving/endpoint_service.h"
#include "serving/invocation_codec.h"
#include "services/text/text_limits.h"
#include "store/metadata_store.h"

namespace lathe::api::comprehend {
namespace {

using nlohmann::json;

constexpr double kDefaultBudgetSeconds = 60;
constexpr std::string_view kBudgetTag = "lathe:budget-seconds";

std::string ClassifierArn(std::string_view name) { return Arn(kClassifierType, name); }

std::string ClassifierStatus(std::string_view job_state) {
  if (job_state == jobs::kStatePending) return "SUBMITTED";
  if (job_state == jobs::kStateInProgress) return "TRAINING";
  if (job_state == jobs::kStateStopping) return "STOP_REQUESTED";
  if (job_state == jobs::kStateStopped) return "STOPPED";
  if (job_state == jobs::kStateCompleted) return "TRAINED";
  return "IN_ERROR";
}

class Classifiers {
 public:
  explicit Classifiers(App& app) : app_(app) {}

  Result<json> Create(const json& input) {
    LATHE_ASSIGN_OR_RETURN(std::string name, ComprehendName(input, "DocumentClassifierName"));
    LATHE_RETURN_IF_ERROR(AwsRequiredString(input, "DataAccessRoleArn", kInvalidRequest).status());
    LATHE_ASSIGN_OR_RETURN(std::string_view language,
                           AwsRequiredString(input, "LanguageCode", kInvalidRequest));
    static constexpr std::string_view kLanguages[] = {"en", "es", "fr", "de", "it", "pt"};
    if (std::find(std::begin(kLanguages), std::end(kLanguages), language) == std::end(kLanguages)) {
      return AwsException("UnsupportedLanguageException",
                          "LanguageCode '" + std::string(language) +
                              "' is not supported by custom classification; supported: en, es, "
                              "fr, de, it, pt");
    }
    const std::string mode = input.value("Mode", "MULTI_CLASS");
    if (mode != "MULTI_CLASS" && mode != "MULTI_LABEL") {
      return AwsException(kInvalidRequest, "Mode: '" + mode + "' is not MULTI_CLASS or MULTI_LABEL");
    }
    const json config = input.value("InputDataConfig", json());
    if (!config.is_object()) {
      return AwsException(kInvalidRequest, "InputDataConfig: a required member is missing");
    }
    if (config.value("DataFormat", "COMPREHEND_CSV") != "COMPREHEND_CSV") {
      return AwsException(kInvalidRequest,
                          "InputDataConfig.DataFormat: only COMPREHEND_CSV (label, text) is "
                          "supported");
    }
    const std::string delimiter = config.value("LabelDelimiter", std::string("|"));
    if (delimiter.size() != 1 || delimiter == "," || delimiter == "\n" || delimiter == "\"") {
      return AwsException(kInvalidRequest, "InputDataConfig.LabelDelimiter: '" + delimiter +
                                               "' must be one character other than a comma, "
                                               "quote or newline");
    }
    LATHE_ASSIGN_OR_RETURN(store::DatasetRecord dataset,
                           DatasetForS3Uri(app_, config, "InputDataConfig", "S3Uri"));
    const std::string& dataset_name = dataset.name;
    LATHE_ASSIGN_OR_RETURN(auto columns, PickColumns(dataset));
    const auto& [label_column, text_column] = columns;

    if (app_.stores.metadata->GetResource(kClassifierKind, name).ok()) {
      return AwsException(kInUse, "DocumentClassifierName: a classifier named '" + name +
                                      "' already exists");
    }
    json body = {{"language_code", language},
                 {"mode", mode},
                 {"input_data_config", config},
                 {"data_access_role_arn", input["DataAccessRoleArn"]},
                 {"version_name", input.value("VersionName", "")},
                 {"dataset_id", dataset.id},
                 {"label_column", label_column},
                 {"text_column", text_column}};
    if (mode == "MULTI_LABEL") {
      LATHE_ASSIGN_OR_RETURN(json jobs, SubmitMultiLabel(app_, {.classifier = name,
                                                                .dataset = dataset,
                                                                .label_column = label_column,
                                                                .text_column = text_column,
                                                                .delimiter = delimiter[0],
                                                                .budget_seconds =
                                                                    BudgetFromTags(input)}));
      body["labels"] = jobs["labels"];
      body["test_rows"] = jobs["test_rows"];
      body["label_delimiter"] = delimiter;
      return Store(name, body);
    }
    jobs::TrainingRequest request;
    request.dataset = dataset.id;
    request.target = label_column;
    request.model_name = name;
    request.budget_seconds = BudgetFromTags(input);
    const json schema = json::parse(dataset.schema_json, nullptr, false);
    for (const json& column : schema.is_array() ? schema : json::array()) {
      const std::string column_name = column.value("name", "");
      if (column_name != label_column && column_name != text_column) {
        request.exclude_columns.push_back(column_name);
      }
    }
    Result<store::ResourceRecord> job = app_.training->Submit(request);
    if (!job.ok()) {
      return AwsException(kInvalidRequest, "InputDataConfig.S3Uri: the dataset '" +
                                               dataset_name +
                                               "' cannot train a classifier: " +
                                               job.status().message());
    }
    body["job_id"] = job->id;
    return Store(name, body);
  }

  // Records classifier `name` with `body`; on failure its jobs are stopped.
  Result<json> Store(const std::string& name, const json& body) {
    store::ResourceRecord record;
    record.kind = std::string(kClassifierKind);
    record.name = name;
    record.body_json = body.dump();
    Result<store::ResourceRecord> stored = app_.stores.metadata->CreateResource(record, "cc");
    if (!stored.ok()) {
      for (const std::string& job : JobIds(body)) (void)app_.training->Stop(job);
      return AsAws(stored.status(), "classifier '" + name + "'");
    }
    return json{{"DocumentClassifierArn", ClassifierArn(name)}};
  }

  // The training jobs of a classifier: one, or one per label (MULTI_LABEL).
  static std::vector<std::string> JobIds(const json& body) {
    std::vector<std::string> ids;
    if (body.value("job_id", json()).is_string()) ids.push_back(body["job_id"].get<std::string>());
    for (const json& label : body.value("labels", json::array())) {
      ids.push_back(label.value("job_id", ""));
    }
    return ids;
  }

  Result<json> Describe(const json& input) {
    LATHE_ASSIGN_OR_RETURN(std::string name,
                           NameFromArn(input, "DocumentClassifierArn", kClassifierType));
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, Find(name));
    LATHE_ASSIGN_OR_RETURN(json properties, Properties(record));
    return json{{"DocumentClassifierProperties", properties}};
  }

  Result<json> List(const json&) {
    LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> records,
                           app_.stores.metadata->ListResources(kClassifierKind, AllOfKind()));
    json list = json::array();
    for (const store::ResourceRecord& r : records) {
      LATHE_ASSIGN_OR_RETURN(json properties, Properties(r));
      list.push_back(std::move(properties));
    }
    return json{{"DocumentClassifierPropertiesList", list}};
  }

  Result<json> Stop(const json& input) {
    LATHE_ASSIGN_OR_RETURN(std::string name,
                           NameFromArn(input, "DocumentClassifierArn", kClassifierType));
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, Find(name));
    for (const std::string& job : JobIds(Body(record))) {
      Result<store::ResourceRecord> stopped = app_.training->Stop(job);
      if (!stopped.ok() && stopped.status().code() != StatusCode::kFailedPrecondition) {
        return AsAws(stopped.status(), "classifier '" + name + "'");
      }
    }
    return json::object();
  }

  // Removes the classifier's record (the trained model stays in the registry, as any model).
  Result<json> Delete(const json& input) {
    LATHE_ASSIGN_OR_RETURN(std::string name,
                           NameFromArn(input, "DocumentClassifierArn", kClassifierType));
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, Find(name));
    LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> endpoints,
                           app_.stores.metadata->ListResources(kEndpointKind, AllOfKind()));
    for (const store::ResourceRecord& e : endpoints) {
      if (Body(e).value("model_arn", "") == ClassifierArn(name)) {
        return AwsException(kInUse, "classifier '" + name + "' is served by endpoint '" + e.name +
                                        "'; delete the endpoint first");
      }
    }
    for (const std::string& job : JobIds(Body(record))) {
      (void)app_.training->Stop(job);  // a running job is stopped, not orphaned
    }
    LATHE_RETURN_IF_ERROR(app_.stores.metadata->DeleteResource(kClassifierKind, record.id));
    return json::object();
  }

  Result<json> CreateEndpoint(const json& input) {
    LATHE_ASSIGN_OR_RETURN(std::string name, ComprehendName(input, "EndpointName"));
    auto units = input.find("DesiredInferenceUnits");
    if (units == input.end() || !units->is_number_integer() || units->get<int64_t>() < 1) {
      return AwsException(kInvalidRequest,
                          "DesiredInferenceUnits: a required integer of at least 1");
    }
    if (input.value("ModelArn", json()).is_string() &&
        input["ModelArn"].get<std::string>().find(":" + std::string(kRecognizerType)) !=
            std::string::npos) {
      LATHE_ASSIGN_OR_RETURN(std::string recognizer,
                             NameFromArn(input, "ModelArn", kRecognizerType));
      return CreateRecognizerEndpoint(app_, name, recognizer, units->get<int64_t>());
    }
    LATHE_ASSIGN_OR_RETURN(std::string classifier,
                           NameFromArn(input, "ModelArn", kClassifierType));
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, Find(classifier));
    serving::EndpointSpec spec;
    spec.name = name;
    const json body = Body(record);
    if (body.value("mode", "") == "MULTI_LABEL") {  // a variant per label
      Result<std::vector<std::string>> models = MultiLabelModels(app_, body);
      if (!models.ok()) {
        return AwsException(kUnavailable, "ModelArn: classifier '" + classifier +
                                              "' is not TRAINED: " + models.status().message());
      }
      for (size_t k = 0; k < models->size(); ++k) {
        spec.variants.push_back(
            {.name = MultiLabelVariant(k), .model_ref = (*models)[k], .weight = 1.0});
      }
    } else {
      LATHE_ASSIGN_OR_RETURN(store::ResourceRecord job,
                             app_.training->Get(body.value("job_id", "")));
      const json job_body = Body(job);
      if (job.state != jobs::kStateCompleted || !job_body.contains("model_id")) {
        return AwsException(kUnavailable, "ModelArn: classifier '" + classifier + "' is " +
                                              ClassifierStatus(job.state) +
                                              ", not TRAINED; wait for training to finish");
      }
      spec.variants = {{.name = "AllTraffic",
                        .model_ref = job_body["model_id"].get<std::string>(),
                        .weight = 1.0}};
    }
    if (app_.stores.metadata->GetResource(kEndpointKind, name).ok()) {
      return AwsException(kInUse, "EndpointName: an endpoint named '" + name + "' already exists");
    }
    Result<store::ResourceRecord> endpoint = app_.endpoints->Create(spec);
    if (!endpoint.ok()) return AsAws(endpoint.status(), "endpoint '" + name + "'");
    store::ResourceRecord link;
    link.kind = std::string(kEndpointKind);
    link.name = name;
    link.body_json = json{{"model_arn", ClassifierArn(classifier)},
                          {"desired_inference_units", units->get<int64_t>()}}
                         .dump();
    LATHE_RETURN_IF_ERROR(app_.stores.metadata->CreateResource(link, "ce").status());
    return json{{"EndpointArn", Arn(kClassifierEndpointType, name)},
                {"ModelArn", ClassifierArn(classifier)}};
  }

  Result<json> DescribeEndpoint(const json& input) {
    LATHE_ASSIGN_OR_RETURN(std::string name, EndpointNameFromArn(input, "EndpointArn"));
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord link, FindEndpoint(name));
    LATHE_ASSIGN_OR_RETURN(json properties, EndpointProperties(link));
    return json{{"EndpointProperties", properties}};
  }

  Result<json> ListEndpoints(const json&) {
    LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> links,
                           app_.stores.metadata->ListResources(kEndpointKind, AllOfKind()));
    json list = json::array();
    for (const store::ResourceRecord& link : links) {
      LATHE_ASSIGN_OR_RETURN(json properties, EndpointProperties(link));
      list.push_back(std::move(properties));
    }
    return json{{"EndpointPropertiesList", list}};
  }

  Result<json> DeleteEndpoint(const json& input) {
    LATHE_ASSIGN_OR_RETURN(std::string name, EndpointNameFromArn(input, "EndpointArn"));
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord link, FindEndpoint(name));
    if (!ServesRecognizer(link)) {  // a recognizer endpoint has no Lathe endpoint behind it
      Status deleted = app_.endpoints->Delete(name);
      if (!deleted.ok() && deleted.code() != StatusCode::kNotFound) {
        return AsAws(deleted, "endpoint '" + name + "'");
      }
    }
    LATHE_RETURN_IF_ERROR(app_.stores.metadata->DeleteResource(kEndpointKind, link.id));
    return json::object();
  }

  Result<json> Classify(const json& input) {
    LATHE_ASSIGN_OR_RETURN(std::string name, NameFromArn(input, "EndpointArn", kClassifierEndpointType));
    if (input.contains("Bytes")) {
      return AwsException(kInvalidRequest,
                          "Bytes: semi-structured documents are not supported; send Text");
    }
    LATHE_ASSIGN_OR_RETURN(std::string_view text,
                           AwsRequiredString(input, "Text", kInvalidRequest));
    Status size = services::text::CheckDocument(text, services::text::kMaxSyncDocumentBytes, "Text");
    if (!size.ok()) {
      return AwsException(size.code() == StatusCode::kResourceExhausted
                              ? "TextSizeLimitExceededException"
                              : kInvalidRequest,
                          size.message());
    }
    const serving::LiveEndpoint* endpoint = app_.endpoints->Find(name);
    Result<store::ResourceRecord> link = app_.stores.metadata->GetResource(kEndpointKind, name);
    if (endpoint == nullptr || !link.ok()) {
      return AwsException(kUnavailable, "EndpointArn: endpoint '" + name + "' is not in service");
    }
    Result<std::string> classifier = NameFromArn(Body(*link), "model_arn", kClassifierType);
    Result<store::ResourceRecord> record =
        classifier.ok() ? Find(*classifier) : Result<store::ResourceRecord>(classifier.status());
    if (!record.ok()) {
      return AwsException(kUnavailable, "EndpointArn: the classifier of endpoint '" + name +
                                            "' no longer exists");
    }
    if (Body(*record).value("mode", "") == "MULTI_LABEL") {
      LATHE_ASSIGN_OR_RETURN(json labels, ClassifyMultiLabel(*endpoint, Body(*record), text));
      return json{{"Labels", labels}};
    }
    const serving::LiveVariant* variant = endpoint->Pick("");
    if (variant == nullptr) {
      return AwsException(kUnavailable, "EndpointArn: endpoint '" + name + "' has no variant");
    }
    const json row = {{"instances", {{{Body(*record).value("text_column", "text"), text}}}}};
    LATHE_ASSIGN_OR_RETURN(data::Table rows, serving::DecodeRows(serving::WireFormat::kJson,
                                                                 row.dump(), variant->schema, 1));
    LATHE_ASSIGN_OR_RETURN(ml::PredictionBatch predictions, variant->servable->Predict(rows));
    json classes = json::array();
    std::vector<size_t> order(predictions.classes.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return predictions.probabilities[a] > predictions.probabilities[b];
    });
    for (size_t i : order) {
      classes.push_back({{"Name", predictions.classes[i]},
                         {"Score", static_cast<double>(predictions.probabilities[i])}});
    }
    return json{{"Classes", classes}};
  }

 private:
  Result<store::ResourceRecord> Find(const std::string& name) {
    Result<store::ResourceRecord> r = app_.stores.metadata->GetResource(kClassifierKind, name);
    if (!r.ok()) return AsAws(r.status(), "classifier '" + name + "'");
    return r;
  }

  Result<store::ResourceRecord> FindEndpoint(const std::string& name) {
    Result<store::ResourceRecord> r = app_.stores.metadata->GetResource(kEndpointKind, name);
    if (!r.ok()) return AsAws(r.status(), "endpoint '" + name + "'");
    return r;
  }

  // (label column, text column): `label` and `text` by name, else the first two columns.
  Result<std::pair<std::string, std::string>> PickColumns(const store::DatasetRecord& dataset) {
    const json schema = json::parse(dataset.schema_json, nullptr, false);
    std::vector<std::string> names;
    for (const json& c : schema.is_array() ? schema : json::array()) {
      names.push_back(c.value("name", ""));
    }
    auto has = [&](const char* n) { return std::find(names.begin(), names.end(), n) != names.end(); };
    if (has("label") && has("text")) return std::make_pair(std::string("label"), std::string("text"));
    if (names.size() < 2) {
      return AwsException(kInvalidRequest, "InputDataConfig.S3Uri: the dataset '" + dataset.name +
                                               "' needs a label column and a text column");
    }
    return std::make_pair(names[0], names[1]);
  }

  double BudgetFromTags(const json& input) {
    for (const json& tag : input.value("Tags", json::array())) {
      if (tag.value("Key", "") == kBudgetTag) {
        try {
          return std::clamp(std::stod(tag.value("Value", "")), 1.0, 3600.0);
        } catch (const std::exception&) {
        }
      }
    }
    return kDefaultBudgetSeconds;
  }

  Result<json> Properties(const store::ResourceRecord& record) {
    const json body = Body(record);
    json p = {{"DocumentClassifierArn", ClassifierArn(record.name)},
              {"LanguageCode", body.value("language_code", "en")},
              {"Mode", body.value("mode", "MULTI_CLASS")},
              {"InputDataConfig", body.value("input_data_config", json::object())},
              {"DataAccessRoleArn", body.value("data_access_role_arn", "")},
              {"SubmitTime", EpochSeconds(record.created_at)}};
    if (!body.value("version_name", "").empty()) p["VersionName"] = body["version_name"];
    if (body.value("mode", "") == "MULTI_LABEL") return MultiLabelProperties(record, p);
    Result<store::ResourceRecord> job = app_.training->Get(body.value("job_id", ""));
    if (!job.ok()) {
      p["Status"] = "IN_ERROR";
      p["Message"] = "its training job " + body.value("job_id", "") + " no longer exists";
      return p;
    }
    const json jb = Body(*job);
    p["Status"] = ClassifierStatus(job->state);
    if (jb.value("failure_reason", json()).is_string()) p["Message"] = jb["failure_reason"];
    if (job->state != jobs::kStatePending) p["TrainingStartTime"] = EpochSeconds(job->created_at);
    if (jobs::IsTerminalState(job->state)) {
      p["TrainingEndTime"] = EpochSeconds(job->updated_at);
      p["EndTime"] = EpochSeconds(job->updated_at);
    }
    if (job->state == jobs::kStateCompleted) {
      const json metrics = jb.value("test_metrics", json::object());
      const json rows = jb.value("rows", json::object());
      json evaluation = json::object();
      // Single-label classes: micro precision, recall and F1 all equal the accuracy.
      if (metrics.contains("accuracy") && metrics["accuracy"].is_number()) {
        const double accuracy = metrics["accuracy"];
        evaluation["Accuracy"] = accuracy;
        evaluation["MicroPrecision"] = accuracy;
        evaluation["MicroRecall"] = accuracy;
        evaluation["MicroF1Score"] = accuracy;
      }
      if (metrics.contains("f1_macro") && metrics["f1_macro"].is_number()) {
        evaluation["F1Score"] = metrics["f1_macro"];
      }
      json metadata = {{"NumberOfTrainedDocuments", rows.value("train", 0)},
                       {"NumberOfTestDocuments", rows.value("test", 0)},
                       {"EvaluationMetrics", evaluation}};
      Result<store::ResourceRecord> model =
          app_.stores.metadata->GetResource(jobs::kModelKind, jb.value("model_id", ""));
      if (model.ok()) {
        metadata["NumberOfLabels"] = Body(*model).value("classes", json::array()).size();
      }
      p["ClassifierMetadata"] = metadata;
    }
    return p;
  }

  static bool ServesRecognizer(const store::ResourceRecord& link) {
    return Body(link).value("model_arn", "").find(":" + std::string(kRecognizerType)) !=
           std::string::npos;
  }

  // Status from the per-label jobs; metrics computed on the held-out documents once, then kept
  // in the record.
  Result<json> MultiLabelProperties(const store::ResourceRecord& record, json p) {
    json body = Body(record);
    std::string message;
    p["Status"] = MultiLabelStatus(app_, body, &message);
    if (!message.empty()) p["Message"] = message;
    if (p["Status"] != "SUBMITTED") p["TrainingStartTime"] = EpochSeconds(record.created_at);
    if (p["Status"] != "TRAINED") return p;
    if (!body.contains("metrics")) {
      Result<json> metrics = MultiLabelMetrics(app_, body);
      if (!metrics.ok()) {
        p["Status"] = "IN_ERROR";
        p["Message"] = "the held-out evaluation failed: " + metrics.status().message();
        return p;
      }
      body["metrics"] = *metrics;
      body["trained_at"] = NowRfc3339();
      store::ResourceUpdate update;
      update.body_json = body.dump();
      (void)app_.stores.metadata->UpdateResource(kClassifierKind, record.id, update);
    }
    json evaluation = body["metrics"];
    const int64_t tests = evaluation.value("NumberOfTestDocuments", 0);
    evaluation.erase("NumberOfTestDocuments");
    Result<store::DatasetRecord> dataset = app_.datasets->Get(body.value("dataset_id", ""));
    p["ClassifierMetadata"] = {
        {"NumberOfLabels", body["labels"].size()},
        {"NumberOfTrainedDocuments", (dataset.ok() ? dataset->rows : tests) - tests},
        {"NumberOfTestDocuments", tests},
        {"EvaluationMetrics", evaluation}};
    p["TrainingEndTime"] = EpochSeconds(body.value("trained_at", record.updated_at));
    p["EndTime"] = p["TrainingEndTime"];
    return p;
  }

  Result<json> EndpointProperties(const store::ResourceRecord& link) {
    const json body = Body(link);
    const bool recognizer = ServesRecognizer(link);
    json p = {{"EndpointArn",
               Arn(recognizer ? kRecognizerEndpointType : kClassifierEndpointType, link.name)},
              {"ModelArn", body.value("model_arn", "")},
              {"DesiredModelArn", body.value("model_arn", "")},
              {"DesiredInferenceUnits", body.value("desired_inference_units", 1)},
              {"CurrentInferenceUnits", body.value("desired_inference_units", 1)},
              {"CreationTime", EpochSeconds(link.created_at)},
              {"LastModifiedTime", EpochSeconds(link.updated_at)}};
    if (recognizer) {
      p.update(RecognizerEndpointStatus(app_, body.value("model_arn", "")));
      return p;
    }
    Result<store::ResourceRecord> endpoint = app_.endpoints->Get(link.name);
    if (!endpoint.ok()) {
      p["Status"] = "FAILED";
      p["Message"] = "the Lathe endpoint '" + link.name + "' no longer exists";
      return p;
    }
    const std::string& state = endpoint->state;
    p["Status"] = state == "InService" ? "IN_SERVICE"
                  : state == "Creating" ? "CREATING"
                  : state == "Updating" ? "UPDATING"
                                        : "FAILED";
    const json eb = Body(*endpoint);
    if (p["Status"] == "FAILED" && eb.value("failure_reason", json()).is_string()) {
      p["Message"] = eb["failure_reason"];
    }
    p["LastModifiedTime"] = EpochSeconds(endpoint->updated_at);
    return p;
  }

  App& app_;
};

}  // namespace
}  // namespace lathe::api::comprehend

namespace lathe::api {

Result<HttpResponse> GetClassifierTraining(App& app, HttpRequest& request, RequestContext&) {
  using nlohmann::json;
  const std::string& name = request.path_params.at("name");
  Result<store::ResourceRecord> record =
      app.stores.metadata->GetResource(comprehend::kClassifierKind, name);
  if (!record.ok()) {
    if (record.status().code() != StatusCode::kNotFound) return record.status();
    return NotFoundError("no document classifier named '" + name + "'")
        .WithDetail("field", "name");
  }
  const json body = comprehend::Body(*record);
  // (label or null, job id) for each training job of the classifier.
  std::vector<std::pair<json, std::string>> ids;
  if (body.value("job_id", json()).is_string()) ids.emplace_back(json(), body["job_id"]);
  for (const json& label : body.value("labels", json::array())) {
    ids.emplace_back(label.value("name", ""), label.value("job_id", ""));
  }
  json jobs = json::array();
  for (const auto& [label, id] : ids) {
    json entry = {{"label", label}, {"job_id", id}, {"state", nullptr}, {"model_id", nullptr}};
    if (Result<store::ResourceRecord> job = app.training->Get(id); job.ok()) {
      entry["state"] = job->state;
      entry["model_id"] = comprehend::Body(*job).value("model_id", json());
    }
    jobs.push_back(std::move(entry));
  }
  return HttpResponse::Json(
      200, {{"name", record->name},
            {"arn", comprehend::Arn(comprehend::kClassifierType, record->name)},
            {"mode", body.value("mode", "MULTI_CLASS")},
            {"dataset_id", body.value("dataset_id", "")},
            {"training_jobs", std::move(jobs)}});
}

void AddDocumentClassifierOperations(AwsJsonService& service, App& app) {
  auto c = std::make_shared<comprehend::Classifiers>(app);
  using nlohmann::json;
  auto op = [c](Result<json> (comprehend::Classifiers::*fn)(const json&)) -> AwsJsonOperation {
    return [c, fn](const json& input, RequestContext&) { return ((*c).*fn)(input); };
  };
  service.operations["CreateDocumentClassifier"] = op(&comprehend::Classifiers::Create);
  service.operations["DescribeDocumentClassifier"] = op(&comprehend::Classifiers::Describe);
  service.operations["ListDocumentClassifiers"] = op(&comprehend::Classifiers::List);
  service.operations["StopTrainingDocumentClassifier"] = op(&comprehend::Classifiers::Stop);
  service.operations["DeleteDocumentClassifier"] = op(&comprehend::Classifiers::Delete);
  service.operations["CreateEndpoint"] = op(&comprehend::Classifiers::CreateEndpoint);
  service.operations["DescribeEndpoint"] = op(&comprehend::Classifiers::DescribeEndpoint);
  service.operations["ListEndpoints"] = op(&comprehend::Classifiers::ListEndpoints);
  service.operations["DeleteEndpoint"] = op(&comprehend::Classifiers::DeleteEndpoint);
  service.operations["ClassifyDocument"] = op(&comprehend::Classifiers::Classify);
  AddEntityRecognizerOperations(service, app);  // they share the endpoint operations above
}

}  // namespace lathe::api
