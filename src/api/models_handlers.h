// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// HTTP handlers for trained models (docs/api/training.md, "Models"): list, get (manifest summary,
// evaluation report, input schema), predict and explain JSON rows, download the bundle, delete;
// and the registry (docs/api/deploy.md, "Registry"): model groups, upload of a model file,
// description and tags, approve / reject. The work is jobs::ModelService's; JSON rows become a
// data::Table here.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/http_types.h"
#include "data/table.h"

namespace lathe::api {

Result<HttpResponse> ListModels(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> GetModel(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> PredictModel(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> ExplainModel(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> DownloadModel(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> DeleteModel(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> ListModelGroups(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> UploadModel(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> PatchModel(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> ApproveModel(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> RejectModel(App& app, HttpRequest& request, RequestContext& context);

// Turns {"rows": [[v, ...], ...]} (values in `columns` order) or [{"col": v}, ...] into a table.
// `types` maps a column to its training type name ("int64", "categorical"...) where known.
// InvalidArgument naming "rows[i]" / "rows[i].col" for a row of the wrong length or a value
// that is not a number, string, boolean or null.
Result<data::Table> RowsToTable(const nlohmann::json& rows, const std::vector<std::string>& columns,
                                const nlohmann::json& types);

}  // namespace lathe::api
