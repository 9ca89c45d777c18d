// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/prep_handlers.h"

#include <chrono>

#include "api/datasets_handlers.h"
#include "api/json_body.h"
#include "api/request_params.h"
#include "api/table_json.h"
#include "prep/params.h"
#include "prep/sql_query.h"

namespace lathe::api {

Result<HttpResponse> RunQuery(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObjectBody(request));
  prep::Params p(body, "");
  prep::SqlQuery query;
  LATHE_ASSIGN_OR_RETURN(query.sql, p.String("sql"));
  LATHE_ASSIGN_OR_RETURN(nlohmann::json datasets, p.Value("datasets", false));
  LATHE_ASSIGN_OR_RETURN(int64_t max_rows, p.Integer("max_rows", 100000));
  LATHE_ASSIGN_OR_RETURN(int64_t timeout_ms, p.Integer("timeout_ms", 10000));
  LATHE_ASSIGN_OR_RETURN(int64_t limit, p.Integer("limit", 1000));
  LATHE_ASSIGN_OR_RETURN(std::string save_as, p.String("save_as", ""));
  LATHE_RETURN_IF_ERROR(p.Finish());
  if (max_rows < 1 || max_rows > 10000000) {
    return prep::ParamError("max_rows", "must be between 1 and 10000000");
  }
  if (timeout_ms < 1 || timeout_ms > 300000) {
    return prep::ParamError("timeout_ms", "must be between 1 and 300000 (5 minutes)");
  }
  if (limit < 0 || limit > 10000) return prep::ParamError("limit", "must be between 0 and 10000");
  query.max_rows = max_rows;
  query.timeout = std::chrono::milliseconds(timeout_ms);
  nlohmann::json sources = nlohmann::json::object();
  if (!datasets.is_null()) {
    if (!datasets.is_object()) {
      return prep::ParamError("datasets", "expected an object {alias: dataset id or name}");
    }
    for (const auto& [alias, ref] : datasets.items()) {
      if (!ref.is_string()) {
        return prep::ParamError("datasets." + alias, "expected a dataset id or name");
      }
      Result<store::DatasetRecord> record = app.datasets->Get(ref.get<std::string>());
      if (!record.ok()) {
        Status st = record.status();
        return std::move(st).WithDetail("field", "datasets." + alias);
      }
      LATHE_ASSIGN_OR_RETURN(query.tables[alias], app.datasets->LoadTable(*record));
      sources[alias] = {{"id", record->id}, {"name", record->name}, {"version", record->version}};
    }
  }
  LATHE_ASSIGN_OR_RETURN(prep::SqlResult result, prep::RunSql(query));
  nlohmann::json out = TableJson(result.table, 0, static_cast<size_t>(limit));
  out["row_count"] = result.table.num_rows();
  out["truncated"] = result.truncated;
  out["millis"] = result.millis;
  if (!save_as.empty()) {
    if (result.truncated) {
      return FailedPreconditionError("the result has more than max_rows=" +
                                     std::to_string(max_rows) +
                                     " rows; raise max_rows to save it whole")
          .WithDetail("field", "max_rows");
    }
    nlohmann::json lineage = {{"kind", "query"},
                              {"query", {{"sql", query.sql}, {"datasets", sources}}}};
    LATHE_ASSIGN_OR_RETURN(store::DatasetRecord stored,
                           app.datasets->CreateFromTable(save_as, std::move(result.table), lineage));
    out["dataset"] = DatasetJson(stored);
  }
  return HttpResponse::Json(save_as.empty() ? 200 : 201, out);
}

}  // namespace lathe::api
