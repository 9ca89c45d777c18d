// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/endpoints_handlers.h"

#include <chrono>

#include "api/json_body.h"
#include "api/request_params.h"
#include "serving/endpoint_service.h"

namespace lathe::api {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kEndpointsPath = "/api/v1/endpoints/";
constexpr size_t kMaxRowsPerInvocation = 100000;

json EndpointJson(const store::ResourceRecord& record) {
  json out = {{"id", record.id},
              {"name", record.name},
              {"state", record.state},
              {"created_at", record.created_at},
              {"updated_at", record.updated_at},
              {"invocation_url", "/endpoints/" + record.name + "/invocations"}};
  json body = json::parse(record.body_json, nullptr, false);
  if (body.is_object()) {
    for (auto it = body.begin(); it != body.end(); ++it) out[it.key()] = it.value();
  }
  for (json& v : out["variants"]) v["state"] = record.state == "Failed" ? "Failed" : "InService";
  if (record.state == "Creating") {
    for (json& v : out["variants"]) v["state"] = "Creating";
  }
  return out;
}

HttpResponse EndpointAnswer(int status, const store::ResourceRecord& record) {
  HttpResponse response = HttpResponse::Json(status, EndpointJson(record));
  if (status == 201 || status == 202) {
    response.headers.Set("Location", std::string(kEndpointsPath) + record.name);
  }
  return response;
}

bool Truthy(std::optional<std::string_view> v) {
  return v.has_value() && (*v == "true" || *v == "1" || *v == "yes" || *v == "True");
}

uint32_t Micros(Clock::duration d) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  return static_cast<uint32_t>(std::clamp<int64_t>(us, 0, UINT32_MAX));
}

// Why an endpoint that is not live cannot answer (metadata lookup: off the fast path).
std::string NotServingMessage(App& app, const std::string& name) {
  auto record = app.endpoints->Get(name);
  if (!record.ok()) return "Endpoint " + name + " not found.";
  std::string message = "Endpoint " + name + " is in state " + record->state + ", not InService.";
  json body = json::parse(record->body_json, nullptr, false);
  if (body.is_object() && body.contains("failure_reason") && body["failure_reason"].is_string()) {
    message += " Failure reason: " + body["failure_reason"].get<std::string>();
  }
  return message;
}

// This thread's decoded request rows: the next request with the same columns refills them in
// place (serving::DecodeRowsInto), so a one-row invocation does not build a table. A big table is
// dropped after its request rather than kept per thread.
constexpr size_t kKeepRowsTableMaxRows = 1024;

struct ThreadRows {
  ThreadRows() : table(Storage()) {}
  ~ThreadRows() {
    if (table.num_rows() > kKeepRowsTableMaxRows) table = data::Table();
  }
  static data::Table& Storage() {
    thread_local data::Table t;
    return t;
  }
  data::Table& table;
};

}  // namespace

HttpResponse AwsErrorResponse(int status, std::string_view code, std::string_view message) {
  HttpResponse response = HttpResponse::Json(
      status, json{{"message", std::string(message)}, {"Message", std::string(message)}});
  response.headers.Set("X-Amzn-ErrorType", std::string(code));
  return response;
}

Result<HttpResponse> CreateEndpoint(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(json body, ParseJsonObjectBody(request));
  LATHE_ASSIGN_OR_RETURN(serving::EndpointSpec spec, serving::ParseEndpointSpec(body, true));
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, app.endpoints->Create(spec));
  return EndpointAnswer(202, record);
}

Result<HttpResponse> ListEndpoints(App& app, HttpRequest& request, RequestContext&) {
  store::ResourceListOptions options;
  LATHE_ASSIGN_OR_RETURN(options.limit, IntParam(request, "limit", 100, 1, 1000));
  LATHE_ASSIGN_OR_RETURN(options.offset, IntParam(request, "offset", 0, 0, 1 << 30));
  if (auto state = request.Query("state")) options.state = std::string(*state);
  LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> records, app.endpoints->List(options));
  json list = json::array();
  for (const store::ResourceRecord& r : records) list.push_back(EndpointJson(r));
  return HttpResponse::Json(200, {{"endpoints", list}});
}

Result<HttpResponse> GetEndpoint(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record,
                         app.endpoints->Get(request.path_params.at("name")));
  return EndpointAnswer(200, record);
}

Result<HttpResponse> UpdateEndpoint(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(json body, ParseJsonObjectBody(request));
  LATHE_ASSIGN_OR_RETURN(serving::EndpointSpec spec, serving::ParseEndpointSpec(body, false));
  const std::string& name = request.path_params.at("name");
  if (!spec.name.empty() && spec.name != name) {
    return InvalidArgumentError("name: the body names '" + spec.name + "' but the path names '" +
                                name + "'; an endpoint cannot be renamed");
  }
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, app.endpoints->Update(name, spec));
  return EndpointAnswer(202, record);
}

Result<HttpResponse> DeleteEndpoint(App& app, HttpRequest& request, RequestContext&) {
  LATHE_RETURN_IF_ERROR(app.endpoints->Delete(request.path_params.at("name")));
  return HttpResponse::NoContent();
}

Result<HttpResponse> GetEndpointMetrics(App& app, HttpRequest& request, RequestContext&) {
  const std::string& name = request.path_params.at("name");
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, app.endpoints->Get(name));
  LATHE_ASSIGN_OR_RETURN(int64_t seconds, IntParam(request, "seconds", 300, 1, 3600));
  std::shared_ptr<serving::EndpointMetrics> metrics = app.endpoints->Metrics(record.name);
  if (!metrics) {  // not served since this process started: an empty series
    metrics = std::make_shared<serving::EndpointMetrics>(record.name, std::vector<std::string>{},
                                                         nullptr);
  }
  return HttpResponse::Json(200, metrics->JsonLast(seconds));
}

Result<HttpResponse> GetEndpointCapture(App& app, HttpRequest& request, RequestContext&) {
  const std::string& name = request.path_params.at("name");
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, app.endpoints->Get(name));
  json files = json::array();
  if (const serving::LiveEndpoint* live = app.endpoints->Find(record.name);
      live != nullptr && live->capture) {
    for (const serving::CaptureFile& f : live->capture->Files()) {
      files.push_back({{"hour", f.hour},
                       {"path", live->capture->dir() + "/" + f.path},
                       {"bytes", f.bytes},
                       {"records", f.records}});
    }
  }
  return HttpResponse::Json(200, {{"endpoint", record.name}, {"files", files}});
}

Result<HttpResponse> InvokeEndpoint(App& app, HttpRequest& request, RequestContext& context) {
  const Clock::time_point start = Clock::now();
  const std::string& name = request.path_params.at("name");
  const serving::LiveEndpoint* endpoint = app.endpoints->Find(name);
  if (endpoint == nullptr) {
    return AwsErrorResponse(400, "ValidationError", NotServingMessage(app, name));
  }
  const std::string_view target =
      request.headers.Get("x-amzn-sagemaker-target-variant").value_or(std::string_view());
  const serving::LiveVariant* variant = endpoint->Pick(target);
  if (variant == nullptr) {
    std::string names;
    for (const auto& v : endpoint->variants) names += (names.empty() ? "" : ", ") + v.name;
    return AwsErrorResponse(400, "ValidationError",
                            "Variant " + std::string(target) + " not found for endpoint " + name +
                                " (variants: " + names + ").");
  }

  // Every answer from here on is counted against the variant.
  Clock::duration model_time{};
  auto finish = [&](HttpResponse response) {
    response.headers.Set("X-Amzn-Invoked-Production-Variant", variant->name);
    const uint32_t total = Micros(Clock::now() - start);
    const uint32_t model = Micros(model_time);
    variant->metrics->Record(response.status, model, total > model ? total - model : 0);
    if (endpoint->capture) {
      endpoint->capture->Offer(endpoint->name, variant->name,
                               request.headers.Get("content-type").value_or(""), request.body,
                               response.headers.Get("content-type").value_or(""), response.body,
                               response.status, context.request_id);
    }
    return response;
  };
  auto validation = [&](const Status& s) {
    return finish(AwsErrorResponse(400, "ValidationError", s.message()));
  };

  if (request.body.empty()) return validation(InvalidArgumentError("The request body is empty."));
  auto format = serving::ParseContentType(request.headers.Get("content-type").value_or("text/csv"));
  if (!format.ok()) return validation(format.status());
  auto answer_format = serving::ResponseFormat(request.headers.Get("accept"), *format);
  if (!answer_format.ok()) return validation(answer_format.status());

  ThreadRows thread_rows;
  const data::Table& rows = thread_rows.table;
  const Status decoded = serving::DecodeRowsInto(*format, request.body, variant->schema,
                                                 kMaxRowsPerInvocation, &thread_rows.table);
  auto model_error = [&](const Status& s) {
    // SageMaker reports a container's 4xx as ModelError (424) carrying the original status.
    HttpResponse response = AwsErrorResponse(424, "ModelError",
                                             "Received client error (400) from " + variant->name +
                                                 " with message \"" + s.message() + "\".");
    json body = json::parse(response.body);
    body["OriginalStatusCode"] = 400;
    body["OriginalMessage"] = s.message();
    response.body = body.dump();
    return finish(std::move(response));
  };
  if (!decoded.ok()) {
    if (decoded.details().value("empty_body", false)) return validation(decoded);
    return model_error(decoded);
  }

  const bool explain = Truthy(request.Query("explain")) ||
                       Truthy(request.headers.Get("x-lathe-explain")) ||
                       Truthy(request.headers.Get("x-amzn-sagemaker-enable-explanations"));
  const Clock::time_point model_start = Clock::now();
  auto predictions = variant->servable->Predict(rows);
  std::optional<ml::Explanation> explanation;
  if (predictions.ok() && explain) {
    auto e = variant->servable->Explain(rows);
    if (!e.ok()) {
      model_time = Clock::now() - model_start;
      return model_error(e.status());
    }
    explanation = std::move(e).value();
  }
  model_time = Clock::now() - model_start;
  if (!predictions.ok()) {
    if (predictions.status().code() == StatusCode::kInvalidArgument) {
      return model_error(predictions.status());
    }
    return finish(AwsErrorResponse(500, "InternalFailure", predictions.status().message()));
  }

  HttpResponse response;
  std::string content_type;
  response.body = serving::EncodePredictions(*answer_format, *predictions,
                                             explanation ? &*explanation : nullptr, &content_type);
  response.headers.Set("Content-Type", content_type);
  return finish(std::move(response));
}

}  // namespace lathe::api
