// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/comprehend_multilabel.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <set>

#include "api/aws_json_dispatch.h"
#include "api/comprehend_common.h"
#include "data/table.h"
#include "jobs/training_service.h"
#include "serving/invocation_codec.h"

namespace lathe::api::comprehend {
namespace {

using nlohmann::json;

constexpr double kTestFraction = 0.2;
constexpr uint64_t kSplitSeed = 42;
constexpr double kMinJobSeconds = 2;

std::vector<std::string> SplitSet(std::string_view cell, char delimiter) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t end = cell.find(delimiter, start);
    if (end == std::string_view::npos) end = cell.size();
    std::string label(cell.substr(start, end - start));
    label.erase(0, label.find_first_not_of(' '));
    label.erase(label.find_last_not_of(' ') + 1);
    if (!label.empty()) out.push_back(std::move(label));
    start = end + 1;
  }
  return out;
}

// P(label) of the rows of `rows` by the binary model behind `predictions`: the "yes" column.
std::vector<double> YesProbabilities(const ml::PredictionBatch& predictions) {
  std::vector<double> out(predictions.rows, 0);
  const auto yes = std::find(predictions.classes.begin(), predictions.classes.end(), "yes");
  if (yes == predictions.classes.end()) return out;
  const size_t column = yes - predictions.classes.begin(), width = predictions.classes.size();
  for (size_t row = 0; row < predictions.rows; ++row) {
    out[row] = predictions.probabilities[row * width + column];
  }
  return out;
}

double F1(double tp, double fp, double fn) {
  return tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
}

}  // namespace

std::string MultiLabelVariant(size_t label) { return "label-" + std::to_string(label); }

Result<json> SubmitMultiLabel(App& app, const MultiLabelRequest& request) {
  LATHE_ASSIGN_OR_RETURN(std::shared_ptr<const data::Table> table,
                         app.datasets->LoadTable(request.dataset));
  const int label_index = table->FindColumn(request.label_column);
  const int text_index = table->FindColumn(request.text_column);
  if (label_index < 0 || text_index < 0) {
    return AwsException(kInvalidRequest, "InputDataConfig.S3Uri: the dataset lacks its label or "
                                         "text column");
  }
  const data::Column& labels = table->column(label_index);
  const data::Column& texts = table->column(text_index);
  std::vector<std::set<std::string>> sets(table->num_rows());
  std::set<std::string> distinct;
  for (size_t row = 0; row < sets.size(); ++row) {
    for (std::string& l : SplitSet(labels.ToString(row), request.delimiter)) {
      distinct.insert(l);
      sets[row].insert(std::move(l));
    }
  }
  if (distinct.size() < 2) {
    return AwsException(kInvalidRequest,
                        "InputDataConfig.S3Uri: the column '" + request.label_column + "' has " +
                            std::to_string(distinct.size()) + " distinct label(s) when split at '" +
                            std::string(1, request.delimiter) + "'; MULTI_LABEL needs at least 2");
  }
  std::vector<size_t> order(sets.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(kSplitSeed);
  std::shuffle(order.begin(), order.end(), rng);
  const auto held = static_cast<size_t>(kTestFraction * order.size() + 0.5);
  std::vector<size_t> test(order.begin(), order.begin() + held);
  std::vector<size_t> train(order.begin() + held, order.end());
  std::sort(test.begin(), test.end());
  std::sort(train.begin(), train.end());

  json out = {{"labels", json::array()}, {"test_rows", test}};
  const double budget = std::max(kMinJobSeconds, request.budget_seconds / distinct.size());
  size_t k = 0;
  for (const std::string& label : distinct) {
    data::Table derived;
    data::Column text = data::Column::Make(request.text_column, data::DataType::kText);
    data::Column target = data::Column::Make("target", data::DataType::kCategorical);
    for (size_t row : train) {
      text.AppendString(texts.ToString(row));
      target.AppendString(sets[row].contains(label) ? "yes" : "no");
    }
    LATHE_RETURN_IF_ERROR(derived.AddColumn(std::move(text)));
    LATHE_RETURN_IF_ERROR(derived.AddColumn(std::move(target)));
    const std::string name = request.classifier + ".label-" + std::to_string(k);
    Result<store::DatasetRecord> dataset = app.datasets->CreateFromTable(
        name, std::move(derived),
        json{{"comprehend_multi_label", {{"source", request.dataset.id}, {"label", label}}}});
    if (!dataset.ok()) return AsAws(dataset.status(), "dataset '" + name + "'");
    jobs::TrainingRequest job;
    job.dataset = dataset->id;
    job.target = "target";
    job.problem_type = "binary";
    job.model_name = name;
    job.budget_seconds = budget;
    job.test_fraction = 0.1;
    Result<store::ResourceRecord> submitted = app.training->Submit(job);
    if (!submitted.ok()) {
      for (const json& done : out["labels"]) (void)app.training->Stop(done.value("job_id", ""));
      return AwsException(kInvalidRequest, "InputDataConfig.S3Uri: label '" + label +
                                               "' cannot be learned from the training documents: " +
                                               submitted.status().message());
    }
    out["labels"].push_back({{"name", label}, {"job_id", submitted->id}});
    ++k;
  }
  return out;
}

std::string MultiLabelStatus(App& app, const json& body, std::string* message) {
  size_t completed = 0, pending = 0;
  bool stopping = false, stopped = false;
  const json labels = body.value("labels", json::array());
  for (const json& label : labels) {
    Result<store::ResourceRecord> job = app.training->Get(label.value("job_id", ""));
    if (!job.ok()) {
      *message = "the training job of label '" + label.value("name", "") + "' no longer exists";
      return "IN_ERROR";
    }
    if (job->state == jobs::kStateFailed) {
      *message = "label '" + label.value("name", "") + "': " +
                 Body(*job).value("failure_reason", std::string("training failed"));
      return "IN_ERROR";
    }
    completed += job->state == jobs::kStateCompleted;
    pending += job->state == jobs::kStatePending;
    stopping |= job->state == jobs::kStateStopping;
    stopped |= job->state == jobs::kStateStopped;
  }
  if (stopping) return "STOP_REQUESTED";
  if (stopped) return "STOPPED";
  if (completed == labels.size()) return "TRAINED";
  return pending == labels.size() ? "SUBMITTED" : "TRAINING";
}

Result<std::vector<std::string>> MultiLabelModels(App& app, const json& body) {
  std::vector<std::string> models;
  for (const json& label : body.value("labels", json::array())) {
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord job, app.training->Get(label.value("job_id", "")));
    const json jb = Body(job);
    if (job.state != jobs::kStateCompleted || !jb.value("model_id", json()).is_string()) {
      return FailedPreconditionError("label '" + label.value("name", "") +
                                     "' has no trained model yet");
    }
    models.push_back(jb["model_id"].get<std::string>());
  }
  return models;
}

json MultiLabelScores(const std::vector<std::vector<int>>& gold,
                      const std::vector<std::vector<int>>& predicted, int num_labels) {
  std::vector<double> tp(num_labels, 0), fp(num_labels, 0), fn(num_labels, 0);
  double exact = 0, wrong = 0;
  for (size_t doc = 0; doc < gold.size(); ++doc) {
    const std::set<int> g(gold[doc].begin(), gold[doc].end());
    const std::set<int> p(predicted[doc].begin(), predicted[doc].end());
    exact += g == p;
    for (int label = 0; label < num_labels; ++label) {
      const bool in_g = g.contains(label), in_p = p.contains(label);
      tp[label] += in_g && in_p;
      fp[label] += !in_g && in_p;
      fn[label] += in_g && !in_p;
      wrong += in_g != in_p;
    }
  }
  double precision = 0, recall = 0, f1 = 0;
  for (int label = 0; label < num_labels; ++label) {
    precision += tp[label] + fp[label] == 0 ? 0 : tp[label] / (tp[label] + fp[label]);
    recall += tp[label] + fn[label] == 0 ? 0 : tp[label] / (tp[label] + fn[label]);
    f1 += F1(tp[label], fp[label], fn[label]);
  }
  const double all_tp = std::accumulate(tp.begin(), tp.end(), 0.0);
  const double all_fp = std::accumulate(fp.begin(), fp.end(), 0.0);
  const double all_fn = std::accumulate(fn.begin(), fn.end(), 0.0);
  const double docs = std::max<double>(1, gold.size());
  return {{"Accuracy", exact / docs},
          {"Precision", precision / num_labels},
          {"Recall", recall / num_labels},
          {"F1Score", f1 / num_labels},
          {"MicroPrecision", all_tp + all_fp == 0 ? 0 : all_tp / (all_tp + all_fp)},
          {"MicroRecall", all_tp + all_fn == 0 ? 0 : all_tp / (all_tp + all_fn)},
          {"MicroF1Score", F1(all_tp, all_fp, all_fn)},
          {"HammingLoss", wrong / (docs * num_labels)}};
}

Result<json> MultiLabelMetrics(App& app, const json& body) {
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> models, MultiLabelModels(app, body));
  LATHE_ASSIGN_OR_RETURN(store::DatasetRecord dataset,
                         app.datasets->Get(body.value("dataset_id", "")));
  LATHE_ASSIGN_OR_RETURN(std::shared_ptr<const data::Table> table,
                         app.datasets->LoadTable(dataset));
  const int label_index = table->FindColumn(body.value("label_column", ""));
  const int text_index = table->FindColumn(body.value("text_column", ""));
  if (label_index < 0 || text_index < 0) {
    return FailedPreconditionError("the training dataset has lost its columns");
  }
  const char delimiter = body.value("label_delimiter", std::string("|"))[0];
  std::map<std::string, int> index;
  for (const json& label : body["labels"]) {
    const int next = static_cast<int>(index.size());
    index[label.value("name", "")] = next;
  }
  data::Table rows;
  data::Column text = data::Column::Make(body.value("text_column", "text"), data::DataType::kText);
  std::vector<std::vector<int>> gold;
  for (const json& row : body.value("test_rows", json::array())) {
    const size_t r = row.get<size_t>();
    if (r >= table->num_rows()) continue;
    text.AppendString(table->column(text_index).ToString(r));
    std::vector<int>& labels = gold.emplace_back();
    for (const std::string& l : SplitSet(table->column(label_index).ToString(r), delimiter)) {
      if (index.contains(l)) labels.push_back(index[l]);
    }
  }
  LATHE_RETURN_IF_ERROR(rows.AddColumn(std::move(text)));
  std::vector<std::vector<int>> predicted(gold.size());
  for (size_t k = 0; k < models.size() && !gold.empty(); ++k) {
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord model, app.models->Get(models[k]));
    LATHE_ASSIGN_OR_RETURN(ml::PredictionBatch batch, app.models->Predict(model, rows));
    const std::vector<double> p = YesProbabilities(batch);
    for (size_t doc = 0; doc < p.size() && doc < predicted.size(); ++doc) {
      if (p[doc] >= 0.5) predicted[doc].push_back(static_cast<int>(k));
    }
  }
  json metrics = MultiLabelScores(gold, predicted, static_cast<int>(models.size()));
  metrics["NumberOfTestDocuments"] = gold.size();
  return metrics;
}

Result<json> ClassifyMultiLabel(const serving::LiveEndpoint& endpoint, const json& body,
                                std::string_view text) {
  const json row = {{"instances", {{{body.value("text_column", "text"), text}}}}};
  json labels = json::array();
  const json names = body.value("labels", json::array());
  for (size_t k = 0; k < names.size(); ++k) {
    const serving::LiveVariant* variant = endpoint.Pick(MultiLabelVariant(k));
    if (variant == nullptr) {
      return AwsException(kUnavailable, "EndpointArn: the endpoint has no model for label '" +
                                            names[k].value("name", "") + "'");
    }
    LATHE_ASSIGN_OR_RETURN(data::Table rows, serving::DecodeRows(serving::WireFormat::kJson,
                                                                 row.dump(), variant->schema, 1));
    LATHE_ASSIGN_OR_RETURN(ml::PredictionBatch batch, variant->servable->Predict(rows));
    labels.push_back({{"Name", names[k]["name"]},
                      {"Score", static_cast<double>(static_cast<float>(
                                    YesProbabilities(batch).at(0)))}});
  }
  std::stable_sort(labels.begin(), labels.end(), [](const json& a, const json& b) {
    return a["Score"].get<double>() > b["Score"].get<double>();
  });
  return labels;
}

}  // namespace lathe::api::comprehend
