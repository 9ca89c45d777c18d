// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/keys_handlers.h"

#include <cmath>

#include "api/json_body.h"
#include "auth/key_service.h"

namespace lathe::api {
namespace {

using nlohmann::json;

json KeyJson(const auth::KeyInfo& info) {
  return {{"access_key_id", info.access_key_id},
          {"scope", auth::ScopeName(info.scope)},
          {"rate_per_second", info.rate_per_second},
          {"burst", info.burst},
          {"description", info.description},
          {"created_at", info.created_at}};
}

Status FieldError(const std::string& field, const std::string& what) {
  return InvalidArgumentError(field + ": " + what).WithDetail("field", field);
}

Result<auth::KeyOptions> ParseKeyOptions(const json& body) {
  auth::KeyOptions options;
  for (auto it = body.begin(); it != body.end(); ++it) {
    const std::string& name = it.key();
    const json& value = it.value();
    if (name == "scope") {
      std::optional<auth::Scope> scope =
          value.is_string() ? auth::ParseScope(value.get<std::string>()) : std::nullopt;
      if (!scope || *scope == auth::Scope::kPublic) {
        return FieldError("scope", "must be \"admin\" or \"invoke\", got " + value.dump());
      }
      options.scope = *scope;
    } else if (name == "rate_per_second") {
      if (!value.is_number()) return FieldError(name, "must be a number, got " + value.dump());
      options.rate_per_second = value.get<double>();
    } else if (name == "burst") {
      if (!value.is_number_integer() && !value.is_number_unsigned()) {
        return FieldError(name, "must be an integer, got " + value.dump());
      }
      options.burst = value.get<int64_t>();
    } else if (name == "description") {
      if (!value.is_string()) return FieldError(name, "must be a string, got " + value.dump());
      options.description = value.get<std::string>();
    } else {
      return FieldError(name, "unknown field; expected scope, rate_per_second, burst, "
                              "description");
    }
  }
  return options;
}

}  // namespace

Result<HttpResponse> CreateKey(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(json body, ParseJsonObjectBody(request));
  LATHE_ASSIGN_OR_RETURN(auth::KeyOptions options, ParseKeyOptions(body));
  LATHE_ASSIGN_OR_RETURN(auth::CreatedKey key, app.keys->Create(options));
  json out = KeyJson(key.info);
  out["secret_access_key"] = key.secret_access_key;
  out["token"] = key.token;
  HttpResponse response = HttpResponse::Json(201, out);
  response.headers.Set("Location", "/api/v1/keys/" + key.info.access_key_id);
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

Result<HttpResponse> ListKeys(App& app, HttpRequest&, RequestContext&) {
  json items = json::array();
  for (const auth::KeyInfo& info : app.keys->List()) items.push_back(KeyJson(info));
  const size_t total = items.size();
  return HttpResponse::Json(200, {{"keys", std::move(items)}, {"total", total}});
}

Result<HttpResponse> DeleteKey(App& app, HttpRequest& request, RequestContext&) {
  LATHE_RETURN_IF_ERROR(app.keys->Delete(request.path_params.at("access_key_id")));
  return HttpResponse::NoContent();
}

}  // namespace lathe::api
