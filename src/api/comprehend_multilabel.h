// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// MULTI_LABEL document classifiers (Comprehend's Mode MULTI_LABEL) on Lathe's AutoML: the label
// column holds label sets joined by LabelDelimiter ("|" by default, "news|sports"); Lathe holds out
// a seeded 20% of the documents, then trains one binary model per label (a derived dataset
// "<classifier>.label-<k>" of the training documents with target "yes"/"no", one training job
// each, sharing the budget). The classifier's endpoint is one Lathe endpoint with a variant per
// label ("label-<k>"); ClassifyDocument asks every variant for P(yes). Describe's metrics are
// computed once on the held-out documents, a label counting as predicted at P >= 0.5: Accuracy
// (exact set match), Precision/Recall/F1Score (macro over labels), Micro*, HammingLoss.
// Used by comprehend_classifiers.cc. Thread-safe (state lives in the stores).
//
//   LATHE_ASSIGN_OR_RETURN(json jobs, SubmitMultiLabel(app, request));  // at Create
//   std::string status = MultiLabelStatus(app, body, &message);          // at Describe
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "core/status.h"
#include "serving/endpoint_service.h"

namespace lathe::api::comprehend {

struct MultiLabelRequest {
  std::string classifier;  // its name; derived datasets are "<classifier>.label-<k>"
  store::DatasetRecord dataset;
  std::string label_column, text_column;
  char delimiter = '|';
  double budget_seconds = 60;  // shared by the per-label jobs
};

// Splits the labels, holds out the test documents, creates the per-label datasets and submits
// their jobs. Returns {"labels": [{"name", "job_id"}...], "test_rows": [...]} for the record.
// InvalidRequestException for fewer than 2 distinct labels, a label on every document or on
// none of the training documents, or a job the training service refuses (naming the label).
Result<nlohmann::json> SubmitMultiLabel(App& app, const MultiLabelRequest& request);

// Comprehend's ModelStatus of the per-label jobs in `body` (all TRAINED for TRAINED; a failed
// one makes IN_ERROR, with *message naming its label).
std::string MultiLabelStatus(App& app, const nlohmann::json& body, std::string* message);

// ClassifierEvaluationMetrics on the held-out documents (see above); computed from the models.
Result<nlohmann::json> MultiLabelMetrics(App& app, const nlohmann::json& body);

// Scores of gold vs predicted label sets (label indices per document) over `num_labels` labels.
nlohmann::json MultiLabelScores(const std::vector<std::vector<int>>& gold,
                                const std::vector<std::vector<int>>& predicted, int num_labels);

// The model id of every label's job (in label order); FailedPrecondition if one has none yet.
Result<std::vector<std::string>> MultiLabelModels(App& app, const nlohmann::json& body);

// The endpoint variant serving label `label` (0-based, in the order of body["labels"]).
std::string MultiLabelVariant(size_t label);

// ClassifyDocument's "Labels" for `text` from endpoint `endpoint`'s per-label variants.
Result<nlohmann::json> ClassifyMultiLabel(const serving::LiveEndpoint& endpoint,
                                          const nlohmann::json& body, std::string_view text);

}  // namespace lathe::api::comprehend
