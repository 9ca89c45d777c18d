// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// What Comprehend's custom models share in Lathe (document classifiers, entity recognizers and
// their endpoints): Comprehend's exception names, ARNs in AWS's shape for Lathe's one account and
// region, resource names, timestamps, the record kinds that link Comprehend names to Lathe
// resources, and S3Uri -> Lathe dataset (Lathe has no S3: the URI's last path segment names a
// dataset, "s3://bucket/tickets.csv" is the dataset "tickets"). Stateless; thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(std::string name, ComprehendName(input, "RecognizerName"));
//   LATHE_ASSIGN_OR_RETURN(store::DatasetRecord d,
//                          DatasetForS3Uri(app, config, "InputDataConfig.Documents", "S3Uri"));
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "core/status.h"
#include "store/metadata_store.h"

namespace lathe::api::comprehend {

inline constexpr std::string_view kInvalidRequest = "InvalidRequestException";
inline constexpr std::string_view kNotFound = "ResourceNotFoundException";
inline constexpr std::string_view kInUse = "ResourceInUseException";
inline constexpr std::string_view kUnavailable = "ResourceUnavailableException";
inline constexpr std::string_view kTextSize = "TextSizeLimitExceededException";

// Lathe's records linking Comprehend names to its own resources.
inline constexpr std::string_view kClassifierKind = "comprehend_classifier";
inline constexpr std::string_view kRecognizerKind = "comprehend_recognizer";
inline constexpr std::string_view kEndpointKind = "comprehend_endpoint";

// ARN resource types, with their trailing slash.
inline constexpr std::string_view kClassifierType = "document-classifier/";
inline constexpr std::string_view kRecognizerType = "entity-recognizer/";
inline constexpr std::string_view kClassifierEndpointType = "document-classifier-endpoint/";
inline constexpr std::string_view kRecognizerEndpointType = "entity-recognizer-endpoint/";

// "arn:aws:comprehend:us-east-1:000000000000:<type><name>".
std::string Arn(std::string_view type, std::string_view name);

// input[field] as a Comprehend resource name ([a-zA-Z0-9](-*[a-zA-Z0-9])*, at most 63), else
// InvalidRequestException naming the field.
Result<std::string> ComprehendName(const nlohmann::json& input, std::string_view field);

// The name inside ARN input[field] of resource `type`; a version suffix is dropped.
// InvalidRequestException naming the field when it is not such an ARN.
Result<std::string> NameFromArn(const nlohmann::json& input, std::string_view field,
                                std::string_view type);
// As NameFromArn for an endpoint ARN of either type (classifier or recognizer endpoint).
Result<std::string> EndpointNameFromArn(const nlohmann::json& input, std::string_view field);

// Seconds since the epoch of an RFC 3339 UTC time ("2026-11-29T22:03:49.123Z"); 0 if unreadable.
double EpochSeconds(const std::string& rfc3339);

// A record's body as JSON (discarded, i.e. not an object, when it is not JSON).
nlohmann::json Body(const store::ResourceRecord& record);

// A store or service failure as Comprehend's exception for the resource called `what`.
Status AsAws(const Status& status, const std::string& what);

// List options that take every record of a kind (up to 1000).
store::ResourceListOptions AllOfKind();

// The Lathe dataset that config[field] (an S3 URI) names, by its last path segment with a
// ".csv" / ".jsonl" / ".txt" extension dropped. InvalidRequestException naming
// `path`.`field` when the member is missing or the dataset does not exist.
Result<store::DatasetRecord> DatasetForS3Uri(App& app, const nlohmann::json& config,
                                             std::string_view path, std::string_view field);

// Whether some Comprehend endpoint serves the model `model_arn`; the endpoint's name if so.
Result<std::string> EndpointServing(App& app, const std::string& model_arn);

}  // namespace lathe::api::comprehend
