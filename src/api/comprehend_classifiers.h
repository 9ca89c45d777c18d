// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Comprehend's custom classification on Lathe's own machinery: a document classifier is a
// training job (AutoML over the text column: fastText, TF-IDF linear models and boosted trees
// compete) and its model; a Comprehend endpoint is a Lathe endpoint serving that model. So a
// classifier made with `aws comprehend create-document-classifier` shows up in the studio's
// Build, Models and Endpoints pages, and one made in the studio can be served to the aws CLI.
//
// Operations: CreateDocumentClassifier, DescribeDocumentClassifier, ListDocumentClassifiers,
// StopTrainingDocumentClassifier, DeleteDocumentClassifier, CreateEndpoint, DescribeEndpoint,
// ListEndpoints, DeleteEndpoint, ClassifyDocument. Lathe has no S3: InputDataConfig.S3Uri's last
// path segment names a Lathe dataset ("s3://any-bucket/support-tickets" is the dataset
// "support-tickets"), whose columns `label` and `text` (else its first two columns, Comprehend's
// CSV order) are used. See docs/api/text.md, "Custom classification".
//
//   AwsJsonService comprehend = ComprehendService();
//   AddDocumentClassifierOperations(comprehend, app);
#pragma once

#include "api/app.h"
#include "api/aws_json_dispatch.h"

namespace lathe::api {

// Adds the operations above to `service` (Comprehend's), and the custom entity recognizers'
// (comprehend_recognizers.h), whose endpoints these endpoint operations also manage. They use
// `app`'s datasets, training, models and endpoints, which must outlive the service.
void AddDocumentClassifierOperations(AwsJsonService& service, App& app);

// GET /api/v1/text/classifiers/{name}: what Comprehend's shapes cannot carry, the Lathe training
// jobs behind a classifier (one, or one per label for MULTI_LABEL), for the studio's links:
// {"name", "arn", "mode", "dataset_id", "training_jobs": [{"label" (null for MULTI_CLASS),
// "job_id", "state", "model_id"}]} (state and model_id null when the job is gone). NotFound for
// an unknown name.
Result<HttpResponse> GetClassifierTraining(App& app, HttpRequest& request, RequestContext& ctx);

}  // namespace lathe::api
