// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// HTTP handlers for training jobs (docs/api/training.md): submit (202 + Location), list, get,
// the live event stream (Server-Sent Events), the leaderboard, and stop (DELETE). The request
// JSON is parsed here into a jobs::TrainingRequest; the work is jobs::TrainingService's.
#pragma once

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/http_types.h"
#include "store/metadata_store.h"

namespace lathe::api {

Result<HttpResponse> CreateTrainingJob(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> ListTrainingJobs(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> GetTrainingJob(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> GetTrainingJobEvents(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> GetTrainingJobLeaderboard(App& app, HttpRequest& request,
                                               RequestContext& context);
Result<HttpResponse> StopTrainingJob(App& app, HttpRequest& request, RequestContext& context);

// The API form of a stored job: {"id", "state", "created_at", "updated_at", ...its body}.
nlohmann::json TrainingJobJson(const store::ResourceRecord& record);

}  // namespace lathe::api
