// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Comprehend's custom entity recognizers on Lathe: CreateEntityRecognizer, DescribeEntityRecognizer,
// ListEntityRecognizers, StopTrainingEntityRecognizer, DeleteEntityRecognizer, and DetectEntities
// with the EndpointArn of an endpoint made by CreateEndpoint from a recognizer ARN. A recognizer
// is a `comprehend_recognizer` resource whose state is Comprehend's ModelStatus; training (a
// services/text SequenceLabeller over the documents and annotations or entity list datasets named
// by the S3Uris, see comprehend_common.h) runs on a background worker, the model is an artifact
// the record keeps alive, and a recognizer left SUBMITTED or TRAINING by a dead process is
// IN_ERROR at the next start. The endpoint operations themselves live with the classifiers'
// (comprehend_classifiers.cc), which call the two functions below for recognizer endpoints.
// See docs/api/text.md, "Custom entity recognition". Thread-safe.
//
//   AwsJsonService comprehend = ComprehendService();
//   AddEntityRecognizerOperations(comprehend, app);  // after ComprehendService's DetectEntities
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/aws_json_dispatch.h"

namespace lathe::api {

// Adds the operations above to `service` (Comprehend's) and wraps its DetectEntities: a request
// with EndpointArn goes to the custom model, one without to the built-in entity types. Marks
// recognizers a previous process left unfinished as IN_ERROR. `app` must outlive the service.
void AddEntityRecognizerOperations(AwsJsonService& service, App& app);

namespace comprehend {

// CreateEndpoint for ModelArn = an entity recognizer: checks that `recognizer` is TRAINED and
// records the endpoint `endpoint` (the model is loaded on its first DetectEntities). Returns
// CreateEndpoint's response.
Result<nlohmann::json> CreateRecognizerEndpoint(App& app, const std::string& endpoint,
                                                const std::string& recognizer, int64_t units);

// {"Status": "IN_SERVICE"} while the endpoint's recognizer exists and is TRAINED, else
// {"Status": "FAILED", "Message": why}.
nlohmann::json RecognizerEndpointStatus(App& app, const std::string& model_arn);

}  // namespace comprehend
}  // namespace lathe::api
