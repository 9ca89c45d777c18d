// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/prep_handlers.h"

#include "api/request_params.h"
#include "prep/insights.h"

namespace lathe::api {

Result<HttpResponse> GetDatasetInsights(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::optional<int> version, VersionParam(request));
  LATHE_ASSIGN_OR_RETURN(store::DatasetRecord record,
                         app.datasets->Get(request.path_params.at("id"), version));
  prep::InsightsOptions options;
  if (auto t = request.Query("target"); t && !t->empty()) options.target = std::string(*t);
  if (auto pt = request.Query("problem_type"); pt && !pt->empty()) {
    if (*pt != "auto" && *pt != "classification" && *pt != "regression") {
      return InvalidArgumentError("problem_type must be auto, classification or regression")
          .WithDetail("field", "problem_type");
    }
    options.problem_type = std::string(*pt);
  }
  LATHE_ASSIGN_OR_RETURN(auto table, app.datasets->LoadTable(record));
  LATHE_ASSIGN_OR_RETURN(nlohmann::json report, prep::ComputeInsights(*table, options));
  report["dataset"] = {{"id", record.id}, {"name", record.name}, {"version", record.version}};
  return HttpResponse::Json(200, report);
}

}  // namespace lathe::api
