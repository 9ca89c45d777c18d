// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The AWS JSON 1.1 protocol, shared by the AWS services Lathe speaks (Comprehend; Textract and
// Rekognition next): every call is `POST /` with `X-Amz-Target: <TargetPrefix>.<Operation>` and a
// JSON body; answers are JSON with Content-Type application/x-amz-json-1.1, errors are 4xx/5xx
// with {"__type": "<ExceptionName>", "message": "..."}, as botocore parses them. A service
// registers its target prefix and operations; operations are plain functions from the input JSON
// to the output JSON and never see HTTP. Register everything before serving; Handle is then
// const and thread-safe.
//
//   AwsJsonDispatcher aws;
//   aws.Register({.target_prefix = "Comprehend_20171127",
//                 .operations = {{"DetectDominantLanguage", DetectDominantLanguageOp}}});
//   router.Add("POST", "/", [&aws](HttpRequest& q, RequestContext& c) { return aws.Handle(q, c); });
//   // An operation refuses input with a modeled exception:
//   return AwsException("TextSizeLimitExceededException", "Text: 120000 bytes; the limit is ...");
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "api/http_types.h"

namespace lathe::api {

// One operation: the request's JSON object in, the response's JSON object out. A failing Status
// becomes an AWS error (see AwsException; other codes map through the service's defaults).
using AwsJsonOperation =
    std::function<Result<nlohmann::json>(const nlohmann::json& input, RequestContext& context)>;

struct AwsJsonService {
  std::string target_prefix;  // the service model's metadata.targetPrefix, "Comprehend_20171127"
  std::map<std::string, AwsJsonOperation, std::less<>> operations;  // by operation name
  // The exception for an InvalidArgument status that names none (the model's validation error).
  std::string invalid_input_exception = "InvalidRequestException";
  // The exception for Internal / Unknown statuses (HTTP 500).
  std::string internal_exception = "InternalServerException";
};

// A status that the dispatcher answers as the modeled exception `type` (HTTP 400).
Status AwsException(std::string_view type, std::string message);

class AwsJsonDispatcher {
 public:
  // Adds a service; a second service with the same prefix replaces the first.
  void Register(AwsJsonService service);

  // Answers one `POST /`. Never returns an error Status: every failure is an AWS JSON error
  // (a missing or unknown X-Amz-Target is UnknownOperationException, malformed JSON is
  // SerializationException), so the aws CLI names it.
  Result<HttpResponse> Handle(HttpRequest& request, RequestContext& context) const;

 private:
  std::map<std::string, AwsJsonService, std::less<>> services_;
};

// An AWS JSON 1.1 error response: {"__type", "message", "Message"} plus x-amzn-RequestId.
HttpResponse AwsJsonError(int status, std::string_view type, std::string_view message,
                          std::string_view request_id);

}  // namespace lathe::api
