// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/prep_handlers.h"

#include <chrono>

#include "api/datasets_handlers.h"
#include "api/json_body.h"
#include "api/request_params.h"
#include "api/table_json.h"
#include "core/ids.h"
#include "data/take.h"
#include "prep/params.h"
#include "prep/recipe.h"

namespace lathe::api {
namespace {

constexpr std::string_view kRecipeKind = "recipe";
constexpr std::string_view kRecipeIdPrefix = "rcp";
constexpr int64_t kMaxPreviewInputRows = 100000;

// Joins resolve other datasets by id or name (latest version).
prep::ApplyContext ContextFor(App& app, uint64_t seed) {
  prep::ApplyContext ctx;
  ctx.seed = seed;
  ctx.threads = prep::DefaultApplyThreads();
  ctx.load_dataset = [&app](std::string_view id_or_name)
      -> Result<std::shared_ptr<const data::Table>> {
    LATHE_ASSIGN_OR_RETURN(store::DatasetRecord record, app.datasets->Get(id_or_name));
    return app.datasets->LoadTable(record);
  };
  return ctx;
}

Result<store::DatasetRecord> DatasetFromBody(App& app, prep::Params& p) {
  LATHE_ASSIGN_OR_RETURN(std::string id, p.String("dataset"));
  LATHE_ASSIGN_OR_RETURN(nlohmann::json version, p.Value("version", false));
  std::optional<int> v;
  if (!version.is_null()) {
    if (!version.is_number_integer() || version.get<int64_t>() < 1) {
      return prep::ParamError("version", "expected an integer >= 1");
    }
    v = version.get<int>();
  }
  return app.datasets->Get(id, v);
}

// The recipe of a request: inline {"recipe": {...}} or a saved one {"recipe_id": "..."}.
Result<prep::Recipe> RecipeFromBody(App& app, prep::Params& p) {
  LATHE_ASSIGN_OR_RETURN(nlohmann::json inline_recipe, p.Value("recipe", false));
  LATHE_ASSIGN_OR_RETURN(nlohmann::json recipe_id, p.Value("recipe_id", false));
  if (inline_recipe.is_null() == recipe_id.is_null()) {
    return prep::ParamError("recipe", "give exactly one of recipe (the steps) or recipe_id");
  }
  if (!inline_recipe.is_null()) return prep::ParseRecipe(inline_recipe);
  if (!recipe_id.is_string()) return prep::ParamError("recipe_id", "expected a string");
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord saved,
                         app.stores.metadata->GetResource(kRecipeKind, recipe_id.get<std::string>()));
  nlohmann::json body = nlohmann::json::parse(saved.body_json, nullptr, false);
  if (body.is_discarded() || !body.contains("recipe")) {
    return DataLossError("stored recipe '" + saved.id + "' is unreadable");
  }
  return prep::ParseRecipe(body["recipe"]);
}

nlohmann::json StepsJson(const std::vector<prep::StepRun>& steps) {
  nlohmann::json out = nlohmann::json::array();
  for (const prep::StepRun& s : steps) {
    out.push_back({{"op", s.op},
                   {"rows_in", s.rows_in},
                   {"rows_out", s.rows_out},
                   {"columns_out", s.columns_out},
                   {"millis", s.millis}});
  }
  return out;
}

nlohmann::json RowWiseJson(const prep::Recipe& recipe) {
  return {{"row_wise", recipe.row_wise()}, {"row_set_steps", recipe.RowSetSteps()}};
}

nlohmann::json RecipeResourceJson(const store::ResourceRecord& r) {
  nlohmann::json body = nlohmann::json::parse(r.body_json, nullptr, false);
  if (body.is_discarded()) body = nlohmann::json::object();
  nlohmann::json out = {{"id", r.id},
                        {"name", r.name},
                        {"version", r.version},
                        {"created_at", r.created_at}};
  for (const char* key : {"description", "recipe", "sha256", "row_wise", "row_set_steps"}) {
    if (body.contains(key)) out[key] = body[key];
  }
  return out;
}

double Elapsed(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

Result<HttpResponse> ListPrepOperations(App&, HttpRequest&, RequestContext&) {
  nlohmann::json ops = nlohmann::json::array();
  for (const prep::OperationInfo& info : prep::ListOperations()) {
    ops.push_back({{"name", info.name},
                   {"group", info.group},
                   {"summary", info.summary},
                   {"row_wise", info.row_wise},
                   {"params", info.params}});
  }
  return HttpResponse::Json(200, {{"operations", ops}});
}

Result<HttpResponse> PreviewRecipe(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObjectBody(request));
  prep::Params p(body, "");
  LATHE_ASSIGN_OR_RETURN(store::DatasetRecord record, DatasetFromBody(app, p));
  LATHE_ASSIGN_OR_RETURN(prep::Recipe recipe, RecipeFromBody(app, p));
  LATHE_ASSIGN_OR_RETURN(int64_t rows, p.Integer("rows", 1000));
  LATHE_ASSIGN_OR_RETURN(int64_t limit, p.Integer("limit", 100));
  LATHE_ASSIGN_OR_RETURN(bool sample, p.Bool("sample", false));
  LATHE_ASSIGN_OR_RETURN(int64_t seed, p.Integer("seed", 42));
  LATHE_RETURN_IF_ERROR(p.Finish());
  if (rows < 1 || rows > kMaxPreviewInputRows) {
    return prep::ParamError("rows", "must be between 1 and " + std::to_string(kMaxPreviewInputRows));
  }
  if (limit < 0 || limit > 10000) return prep::ParamError("limit", "must be between 0 and 10000");

  auto start = std::chrono::steady_clock::now();
  LATHE_ASSIGN_OR_RETURN(auto table, app.datasets->LoadTable(record));
  data::Table input;
  if (sample && static_cast<size_t>(rows) < table->num_rows()) {
    // An evenly spaced sample: deterministic, spread over the whole file, no RNG needed.
    std::vector<uint32_t> picks;
    double step = static_cast<double>(table->num_rows()) / static_cast<double>(rows);
    for (int64_t i = 0; i < rows; ++i) picks.push_back(static_cast<uint32_t>(i * step));
    input = data::TakeRows(*table, picks);
  } else {
    input = data::SliceRows(*table, 0, static_cast<size_t>(rows));
  }
  const size_t input_rows = input.num_rows();
  LATHE_ASSIGN_OR_RETURN(prep::RecipeRun run,
                         prep::ApplyRecipe(recipe, std::move(input),
                                           ContextFor(app, static_cast<uint64_t>(seed))));
  nlohmann::json out = TableJson(run.table, 0, static_cast<size_t>(limit));
  out["dataset_id"] = record.id;
  out["input_rows"] = input_rows;
  out["total_rows"] = run.table.num_rows();
  out["steps"] = StepsJson(run.steps);
  out.update(RowWiseJson(recipe));
  out["millis"] = Elapsed(start);
  return HttpResponse::Json(200, out);
}

Result<HttpResponse> TransformDataset(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObjectBody(request));
  prep::Params p(body, "");
  LATHE_ASSIGN_OR_RETURN(prep::Recipe recipe, RecipeFromBody(app, p));
  LATHE_ASSIGN_OR_RETURN(std::string name, p.String("name", ""));
  LATHE_ASSIGN_OR_RETURN(int64_t seed, p.Integer("seed", 42));
  LATHE_RETURN_IF_ERROR(p.Finish());
  LATHE_ASSIGN_OR_RETURN(std::optional<int> version, VersionParam(request));
  LATHE_ASSIGN_OR_RETURN(store::DatasetRecord parent,
                         app.datasets->Get(request.path_params.at("id"), version));
  if (name.empty()) name = parent.name;  // by default: the next version of the same dataset

  auto start = std::chrono::steady_clock::now();
  LATHE_ASSIGN_OR_RETURN(auto table, app.datasets->LoadTable(parent));
  LATHE_ASSIGN_OR_RETURN(prep::RecipeRun run,
                         prep::ApplyRecipe(recipe, *table, ContextFor(app, static_cast<uint64_t>(seed))));
  if (run.table.num_rows() == 0) {
    return InvalidArgumentError("the recipe leaves no rows; nothing was saved (preview it to see "
                                "which step removes them)");
  }
  nlohmann::json lineage = {
      {"kind", "recipe"},
      {"parent", {{"id", parent.id}, {"name", parent.name}, {"version", parent.version}}},
      {"recipe_sha256", recipe.Hash()},
      {"recipe", run.fitted.ToJson(/*with_state=*/true)},
      {"seed", seed}};
  nlohmann::json steps = StepsJson(run.steps);
  LATHE_ASSIGN_OR_RETURN(store::DatasetRecord stored,
                         app.datasets->CreateFromTable(name, std::move(run.table), lineage));
  nlohmann::json out = DatasetJson(stored);
  out["steps"] = steps;
  out.update(RowWiseJson(recipe));
  out["millis"] = Elapsed(start);
  HttpResponse response = HttpResponse::Json(201, out);
  response.headers.Set("Location", "/api/v1/datasets/" + stored.id);
  return response;
}

Result<HttpResponse> CreateRecipe(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObjectBody(request));
  prep::Params p(body, "");
  LATHE_ASSIGN_OR_RETURN(std::string name, p.String("name"));
  LATHE_ASSIGN_OR_RETURN(std::string description, p.String("description", ""));
  LATHE_ASSIGN_OR_RETURN(nlohmann::json recipe_json, p.Value("recipe", true));
  LATHE_RETURN_IF_ERROR(p.Finish());
  LATHE_ASSIGN_OR_RETURN(prep::Recipe recipe, prep::ParseRecipe(recipe_json));
  store::ResourceRecord r;
  r.kind = std::string(kRecipeKind);
  r.name = name;
  nlohmann::json doc = {{"description", description},
                        {"recipe", recipe.ToJson(false)},
                        {"sha256", recipe.Hash()}};
  doc.update(RowWiseJson(recipe));
  r.body_json = doc.dump();
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord stored,
                         app.stores.metadata->CreateResource(std::move(r), kRecipeIdPrefix));
  HttpResponse response = HttpResponse::Json(201, RecipeResourceJson(stored));
  response.headers.Set("Location", "/api/v1/recipes/" + stored.id);
  return response;
}

Result<HttpResponse> ListRecipes(App& app, HttpRequest& request, RequestContext&) {
  store::ResourceListOptions o;
  LATHE_ASSIGN_OR_RETURN(int64_t limit, IntParam(request, "limit", 100, 1, 1000));
  LATHE_ASSIGN_OR_RETURN(int64_t offset, IntParam(request, "offset", 0, 0, INT32_MAX));
  o.limit = static_cast<int>(limit);
  o.offset = static_cast<int>(offset);
  if (auto n = request.Query("name")) o.name = std::string(*n);
  LATHE_ASSIGN_OR_RETURN(auto list, app.stores.metadata->ListResources(kRecipeKind, o));
  LATHE_ASSIGN_OR_RETURN(int64_t total, app.stores.metadata->CountResources(kRecipeKind, o));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : list) items.push_back(RecipeResourceJson(r));
  return HttpResponse::Json(200, {{"recipes", items}, {"total", total}});
}

Result<HttpResponse> GetRecipe(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(auto r, app.stores.metadata->GetResource(kRecipeKind,
                                                                 request.path_params.at("id")));
  return HttpResponse::Json(200, RecipeResourceJson(r));
}

Result<HttpResponse> DeleteRecipe(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(auto r, app.stores.metadata->GetResource(kRecipeKind,
                                                                 request.path_params.at("id")));
  LATHE_RETURN_IF_ERROR(app.stores.metadata->DeleteResource(kRecipeKind, r.id));
  return HttpResponse::NoContent();
}

}  // namespace lathe::api
