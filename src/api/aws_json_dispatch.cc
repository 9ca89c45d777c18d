// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/aws_json_dispatch.h"

#include <exception>

namespace lathe::api {
namespace {

using nlohmann::json;

constexpr std::string_view kContentType = "application/x-amz-json-1.1";
constexpr std::string_view kTypeDetail = "aws_type";

HttpResponse AwsJsonAnswer(int status, const json& body, std::string_view request_id) {
  HttpResponse response;
  response.status = status;
  response.headers.Set("Content-Type", std::string(kContentType));
  response.headers.Set("x-amzn-RequestId", std::string(request_id));
  response.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return response;
}

HttpResponse ErrorFromStatus(const AwsJsonService& service, const Status& status,
                             std::string_view request_id) {
  if (status.details().contains(kTypeDetail) && status.details()[kTypeDetail].is_string()) {
    return AwsJsonError(400, status.details()[kTypeDetail].get<std::string>(), status.message(),
                        request_id);
  }
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
    case StatusCode::kResourceExhausted:
    case StatusCode::kFailedPrecondition:
      return AwsJsonError(400, service.invalid_input_exception, status.message(), request_id);
    case StatusCode::kNotFound:
      return AwsJsonError(400, "ResourceNotFoundException", status.message(), request_id);
    case StatusCode::kUnavailable:
      return AwsJsonError(503, "ServiceUnavailableException", status.message(), request_id);
    default:
      return AwsJsonError(500, service.internal_exception, status.message(), request_id);
  }
}

}  // namespace

Status AwsException(std::string_view type, std::string message) {
  return InvalidArgumentError(std::move(message)).WithDetail(std::string(kTypeDetail),
                                                             std::string(type));
}

HttpResponse AwsJsonError(int status, std::string_view type, std::string_view message,
                          std::string_view request_id) {
  return AwsJsonAnswer(status,
                       json{{"__type", std::string(type)},
                            {"message", std::string(message)},
                            {"Message", std::string(message)}},
                       request_id);
}

void AwsJsonDispatcher::Register(AwsJsonService service) {
  std::string prefix = service.target_prefix;
  services_[prefix] = std::move(service);
}

Result<HttpResponse> AwsJsonDispatcher::Handle(HttpRequest& request,
                                               RequestContext& context) const {
  const std::string_view id = context.request_id;
  std::optional<std::string_view> target = request.headers.Get("x-amz-target");
  if (!target || target->empty()) {
    return AwsJsonError(400, "UnknownOperationException",
                        "POST / is the AWS JSON protocol endpoint: the X-Amz-Target header is "
                        "missing (e.g. X-Amz-Target: Comprehend_20171127.DetectDominantLanguage). "
                        "The studio is at GET /.",
                        id);
  }
  const size_t dot = target->rfind('.');
  const std::string_view prefix = target->substr(0, dot == std::string_view::npos ? 0 : dot);
  const std::string_view operation =
      dot == std::string_view::npos ? std::string_view() : target->substr(dot + 1);
  auto service = services_.find(prefix);
  if (service == services_.end()) {
    return AwsJsonError(400, "UnknownOperationException",
                        "X-Amz-Target '" + std::string(*target) +
                            "': no service with that target prefix is served here",
                        id);
  }
  auto op = service->second.operations.find(operation);
  if (op == service->second.operations.end()) {
    return AwsJsonError(400, "UnknownOperationException",
                        "X-Amz-Target '" + std::string(*target) + "': " +
                            std::string(service->first) + " has no operation '" +
                            std::string(operation) + "' here",
                        id);
  }
  json input = json::object();
  if (!request.body.empty()) {
    input = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (input.is_discarded()) {
      return AwsJsonError(400, "SerializationException",
                          "the request body is not valid JSON (or not UTF-8)", id);
    }
    if (!input.is_object()) {
      return AwsJsonError(400, "SerializationException", "the request body must be a JSON object",
                          id);
    }
  }
  context.host = std::string(request.headers.Get("Host").value_or(""));
  try {
    Result<json> output = op->second(input, context);
    if (!output.ok()) return ErrorFromStatus(service->second, output.status(), id);
    return AwsJsonAnswer(200, *output, id);
  } catch (const std::exception& e) {  // a library below threw: still an AWS-shaped answer
    return AwsJsonError(500, service->second.internal_exception,
                        std::string("internal error: ") + e.what(), id);
  }
}

}  // namespace lathe::api
