// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// HTTP handlers for data preparation (docs/api/prep.md): the operation catalogue, recipe
// previews, applying a recipe to make a new dataset version, saved recipes, SQL queries over
// datasets and the insights report.
#pragma once

#include "api/app.h"
#include "api/http_types.h"

namespace lathe::api {

Result<HttpResponse> ListPrepOperations(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> PreviewRecipe(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> TransformDataset(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> CreateRecipe(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> ListRecipes(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> GetRecipe(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> DeleteRecipe(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> RunQuery(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> GetDatasetInsights(App& app, HttpRequest& request, RequestContext& context);

}  // namespace lathe::api
