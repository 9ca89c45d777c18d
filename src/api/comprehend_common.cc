// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/comprehend_common.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

#include "api/aws_json_dispatch.h"
#include "api/aws_json_input.h"
#include "datasets/dataset_service.h"

namespace lathe::api::comprehend {
namespace {

using nlohmann::json;

// Lathe has one account and one region; ARNs keep AWS's shape so clients can parse them.
constexpr std::string_view kArnPrefix = "arn:aws:comprehend:us-east-1:000000000000:";

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 63 || name.front() == '-' || name.back() == '-') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
}

}  // namespace

std::string Arn(std::string_view type, std::string_view name) {
  return std::string(kArnPrefix) + std::string(type) + std::string(name);
}

Result<std::string> ComprehendName(const json& input, std::string_view field) {
  LATHE_ASSIGN_OR_RETURN(std::string_view name, AwsRequiredString(input, field, kInvalidRequest));
  if (!ValidName(name)) {
    return AwsException(kInvalidRequest, std::string(field) + ": '" + std::string(name) +
                                             "' must be 1-63 letters, digits and inner hyphens");
  }
  return std::string(name);
}

Result<std::string> NameFromArn(const json& input, std::string_view field, std::string_view type) {
  LATHE_ASSIGN_OR_RETURN(std::string_view arn, AwsRequiredString(input, field, kInvalidRequest));
  const size_t at = arn.find(type);
  // "document-classifier/" is also inside "...:document-classifier-endpoint/": check the colon.
  if (!arn.starts_with("arn:") || at == std::string_view::npos || at == 0 || arn[at - 1] != ':') {
    return AwsException(kInvalidRequest, std::string(field) + ": '" + std::string(arn) +
                                             "' is not a " +
                                             std::string(type.substr(0, type.size() - 1)) +
                                             " ARN (" + Arn(type, "NAME") + ")");
  }
  std::string_view name = arn.substr(at + type.size());
  name = name.substr(0, name.find('/'));
  return std::string(name);
}

Result<std::string> EndpointNameFromArn(const json& input, std::string_view field) {
  const std::string arn = input.value(std::string(field), json()).is_string()
                              ? input[std::string(field)].get<std::string>()
                              : std::string();
  if (arn.find(":" + std::string(kRecognizerEndpointType)) != std::string::npos) {
    return NameFromArn(input, field, kRecognizerEndpointType);
  }
  return NameFromArn(input, field, kClassifierEndpointType);
}

double EpochSeconds(const std::string& rfc3339) {
  std::tm tm{};
  double seconds = 0;
  if (std::sscanf(rfc3339.c_str(), "%d-%d-%dT%d:%d:%lf", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &seconds) != 6) {
    return 0;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_sec = 0;
  return static_cast<double>(timegm(&tm)) + seconds;
}

json Body(const store::ResourceRecord& record) {
  return json::parse(record.body_json, nullptr, false);
}

Status AsAws(const Status& status, const std::string& what) {
  switch (status.code()) {
    case StatusCode::kNotFound:
      return AwsException(kNotFound, what + " was not found");
    case StatusCode::kAlreadyExists:
      return AwsException(kInUse, what + " already exists");
    case StatusCode::kInvalidArgument:
      return AwsException(kInvalidRequest, status.message());
    case StatusCode::kFailedPrecondition:
      return AwsException(kInUse, status.message());
    default:
      return status;
  }
}

store::ResourceListOptions AllOfKind() {
  store::ResourceListOptions options;
  options.limit = 1000;
  return options;
}

Result<store::DatasetRecord> DatasetForS3Uri(App& app, const json& config, std::string_view path,
                                             std::string_view field) {
  const std::string member = std::string(path) + "." + std::string(field);
  auto it = config.find(std::string(field));
  if (it == config.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return AwsException(kInvalidRequest, member + ": a required S3 URI is missing");
  }
  const std::string& uri = it->get_ref<const std::string&>();
  std::string name = uri.substr(uri.find_last_of('/') + 1);
  for (std::string_view extension : {".csv", ".jsonl", ".txt"}) {
    if (name.ends_with(extension)) name.resize(name.size() - extension.size());
  }
  Result<store::DatasetRecord> dataset = app.datasets->Get(name);
  if (!dataset.ok()) {
    return AwsException(kInvalidRequest, member + ": '" + uri + "' names the Lathe dataset '" +
                                             name +
                                             "', which does not exist (upload it first: lathe "
                                             "datasets upload)");
  }
  return dataset;
}

Result<std::string> EndpointServing(App& app, const std::string& model_arn) {
  LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> endpoints,
                         app.stores.metadata->ListResources(kEndpointKind, AllOfKind()));
  for (const store::ResourceRecord& e : endpoints) {
    if (Body(e).value("model_arn", "") == model_arn) return e.name;
  }
  return std::string();
}

}  // namespace lathe::api::comprehend
