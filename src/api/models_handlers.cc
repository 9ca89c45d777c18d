// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/models_handlers.h"

#include <chrono>
#include <cmath>
#include <map>

#include "api/json_body.h"
#include "api/request_params.h"
#include "jobs/model_registry.h"
#include "jobs/model_service.h"
#include "prep/params.h"

namespace lathe::api {
namespace {

using nlohmann::json;

constexpr size_t kMaxPredictRows = 10000;

json ParseBody(const store::ResourceRecord& record) {
  json body = json::parse(record.body_json, nullptr, false);
  return body.is_object() ? body : json::object();
}

json ModelJson(const store::ResourceRecord& record) {
  json out = {{"id", record.id},
              {"name", record.name},
              {"version", record.version},
              {"state", record.state},
              {"created_at", record.created_at},
              {"updated_at", record.updated_at}};
  const json body = jobs::RegistryDefaults(ParseBody(record));
  for (auto it = body.begin(); it != body.end(); ++it) out[it.key()] = it.value();
  return out;
}

Result<store::ResourceRecord> LookUp(App& app, const HttpRequest& request) {
  LATHE_ASSIGN_OR_RETURN(std::optional<int> version, VersionParam(request));
  return app.models->Get(request.path_params.at("id"), version);
}

// Column name -> training type name, from the manifest's input schema (without a recipe: with
// one, the schema describes the recipe's output, not the rows a client sends).
json InputTypes(App& app, const store::ResourceRecord& model) {
  json types = json::object();
  if (ParseBody(model).value("has_recipe", false)) return types;
  auto manifest = app.models->Manifest(model);
  if (!manifest.ok()) return types;
  for (const json& c : manifest->value("input_schema", json::array())) {
    if (c.contains("name") && c.contains("type")) types[c["name"].get<std::string>()] = c["type"];
  }
  return types;
}

std::vector<std::string> InputColumns(const store::ResourceRecord& model) {
  std::vector<std::string> out;
  for (const json& c : ParseBody(model).value("input_columns", json::array())) {
    if (c.is_string()) out.push_back(c.get<std::string>());
  }
  return out;
}

// The rows of a predict / explain body, as a table.
Result<data::Table> RowsFromRequest(App& app, const HttpRequest& request,
                                    const store::ResourceRecord& model) {
  LATHE_ASSIGN_OR_RETURN(json body, ParseJsonObjectBody(request));
  prep::Params p(body, "");
  LATHE_ASSIGN_OR_RETURN(json rows, p.Value("rows", true));
  LATHE_RETURN_IF_ERROR(p.Finish());
  if (!rows.is_array() || rows.empty()) {
    return prep::ParamError("rows", "expected a non-empty array of rows (arrays or objects)");
  }
  if (rows.size() > kMaxPredictRows) {
    return prep::ParamError("rows", "at most " + std::to_string(kMaxPredictRows) +
                                        " rows per request, got " + std::to_string(rows.size()));
  }
  return RowsToTable(rows, InputColumns(model), InputTypes(app, model));
}

json PredictionsJson(const ml::PredictionBatch& batch) {
  json out = json::array();
  for (size_t row = 0; row < batch.rows; ++row) {
    if (batch.classes.empty()) {
      const float v = row < batch.values.size() ? batch.values[row] : NAN;
      out.push_back({{"value", std::isfinite(v) ? json(v) : json(nullptr)}});
      continue;
    }
    json probabilities = json::object();
    for (size_t k = 0; k < batch.classes.size(); ++k) {
      probabilities[batch.classes[k]] = batch.probabilities[row * batch.classes.size() + k];
    }
    out.push_back({{"label", batch.labels[row]}, {"probabilities", probabilities}});
  }
  return out;
}

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// --- JSON rows to columns ---

enum class Shape { kNull, kBool, kInteger, kNumber, kString };

Shape ShapeOf(const json& v) {
  if (v.is_null()) return Shape::kNull;
  if (v.is_boolean()) return Shape::kBool;
  if (v.is_number_integer()) return Shape::kInteger;
  if (v.is_number()) return Shape::kNumber;
  return Shape::kString;
}

std::string AsText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

// Picks the column type from its values (and the training type when known), then fills it.
data::Column MakeColumn(const std::string& name, const std::vector<const json*>& values,
                        const std::string& trained_type) {
  bool all_bool = true, all_int = true, all_number = true;
  for (const json* v : values) {
    const Shape s = ShapeOf(*v);
    if (s == Shape::kNull) continue;
    all_bool = all_bool && s == Shape::kBool;
    all_int = all_int && s == Shape::kInteger;
    all_number = all_number && (s == Shape::kInteger || s == Shape::kNumber);
  }
  data::DataType type = data::DataType::kCategorical;
  if (all_bool && trained_type != "categorical" && trained_type != "text") {
    type = data::DataType::kBool;
  } else if (all_int && trained_type == "int64") {
    type = data::DataType::kInt64;
  } else if (all_number && trained_type != "categorical" && trained_type != "text") {
    type = data::DataType::kFloat64;
  } else if (trained_type == "text") {
    type = data::DataType::kText;
  }
  data::Column c = data::Column::Make(name, type);
  for (const json* v : values) {
    if (v->is_null()) {
      c.AppendNull();
    } else if (type == data::DataType::kBool) {
      c.AppendInt(v->get<bool>() ? 1 : 0);
    } else if (type == data::DataType::kInt64) {
      c.AppendInt(v->get<int64_t>());
    } else if (type == data::DataType::kFloat64) {
      c.AppendDouble(v->get<double>());
    } else {
      c.AppendString(AsText(*v));
    }
  }
  return c;
}

}  // namespace

Result<data::Table> RowsToTable(const json& rows, const std::vector<std::string>& columns,
                                const json& types) {
  std::vector<std::string> names = columns;
  // Object rows may name columns the model does not know (ignored by it) or leave some out.
  for (const json& row : rows) {
    if (!row.is_object()) continue;
    for (auto it = row.begin(); it != row.end(); ++it) {
      if (std::find(names.begin(), names.end(), it.key()) == names.end()) names.push_back(it.key());
    }
  }
  static const json kNull;
  std::vector<std::vector<const json*>> cells(names.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    const json& row = rows[r];
    const std::string where = "rows[" + std::to_string(r) + "]";
    if (row.is_array()) {
      if (row.size() != columns.size()) {
        std::string list;
        for (const std::string& c : columns) list += (list.empty() ? "" : ", ") + c;
        return prep::ParamError(where, "expected " + std::to_string(columns.size()) + " values (" +
                                           list + "), got " + std::to_string(row.size()));
      }
    } else if (!row.is_object()) {
      return prep::ParamError(where, "expected an array of values or an object of columns");
    }
    for (size_t c = 0; c < names.size(); ++c) {
      const json* v = &kNull;
      if (row.is_array() && c < columns.size()) v = &row[c];
      if (row.is_object() && row.contains(names[c])) v = &row[names[c]];
      if (v->is_array() || v->is_object()) {
        return prep::ParamError(where + "." + names[c],
                                "expected a number, string, boolean or null");
      }
      cells[c].push_back(v);
    }
  }
  data::Table table;
  for (size_t c = 0; c < names.size(); ++c) {
    const std::string trained = types.is_object() ? types.value(names[c], "") : "";
    LATHE_RETURN_IF_ERROR(table.AddColumn(MakeColumn(names[c], cells[c], trained)));
  }
  return table;
}

Result<HttpResponse> ListModels(App& app, HttpRequest& request, RequestContext&) {
  store::ResourceListOptions o;
  LATHE_ASSIGN_OR_RETURN(int64_t limit, IntParam(request, "limit", 100, 1, 1000));
  LATHE_ASSIGN_OR_RETURN(int64_t offset, IntParam(request, "offset", 0, 0, INT32_MAX));
  o.limit = static_cast<int>(limit);
  o.offset = static_cast<int>(offset);
  if (auto name = request.Query("name")) o.name = std::string(*name);
  const std::string approval(request.Query("approval_status").value_or(""));
  LATHE_ASSIGN_OR_RETURN(auto list, app.models->List(o, approval));
  LATHE_ASSIGN_OR_RETURN(int64_t total, app.models->Count(o, approval));
  json items = json::array();
  for (const store::ResourceRecord& r : list) items.push_back(ModelJson(r));
  return HttpResponse::Json(
      200, {{"models", items}, {"total", total}, {"limit", limit}, {"offset", offset}});
}

Result<HttpResponse> GetModel(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord model, LookUp(app, request));
  LATHE_ASSIGN_OR_RETURN(json manifest, app.models->Manifest(model));
  json out = ModelJson(model);
  json members = json::array();
  for (const json& m : manifest.value("members", json::array())) {
    members.push_back({{"learner", m.value("learner", "")},
                       {"params", m.value("params", json::object())},
                       {"bytes", m.value("bytes", 0)}});
  }
  json training = manifest.value("training_info", json::object());
  if (training.is_object()) training.erase("leaderboard");  // see the job's leaderboard
  out["manifest"] = {{"format", manifest.value("format", "")},
                     {"format_version", manifest.value("format_version", 0)},
                     {"created_at", manifest.value("created_at", "")},
                     {"lathe_version", manifest.value("lathe_version", "")},
                     {"problem", manifest.value("problem", json::object())},
                     {"members", members},
                     {"ensemble", manifest.value("ensemble", json::array())},
                     {"recipe", manifest.value("recipe", json())},
                     {"training_info", training}};
  out["input_schema"] = manifest.value("input_schema", json::array());
  out["evaluation"] = manifest.value("evaluation", json());
  out["links"] = {{"predict", "/api/v1/models/" + model.id + "/predict"},
                  {"explain", "/api/v1/models/" + model.id + "/explain"},
                  {"download", "/api/v1/models/" + model.id + "/download"}};
  return HttpResponse::Json(200, out);
}

Result<HttpResponse> PredictModel(App& app, HttpRequest& request, RequestContext&) {
  const auto start = std::chrono::steady_clock::now();
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord model, LookUp(app, request));
  LATHE_ASSIGN_OR_RETURN(data::Table rows, RowsFromRequest(app, request, model));
  LATHE_ASSIGN_OR_RETURN(ml::PredictionBatch batch, app.models->Predict(model, rows));
  json out = {{"model_id", model.id}, {"predictions", PredictionsJson(batch)}};
  if (!batch.classes.empty()) out["classes"] = batch.classes;
  out["millis"] = MillisSince(start);
  return HttpResponse::Json(200, out);
}

Result<HttpResponse> ExplainModel(App& app, HttpRequest& request, RequestContext&) {
  const auto start = std::chrono::steady_clock::now();
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord model, LookUp(app, request));
  LATHE_ASSIGN_OR_RETURN(data::Table rows, RowsFromRequest(app, request, model));
  LATHE_ASSIGN_OR_RETURN(ml::Explanation e, app.models->Explain(model, rows));
  LATHE_ASSIGN_OR_RETURN(ml::PredictionBatch batch, app.models->Predict(model, rows));
  json explanations = json::array();
  const size_t width = e.columns.size();
  for (size_t row = 0; row < e.bias.size(); ++row) {
    json contributions = json::object();
    for (size_t c = 0; c < width; ++c)
      contributions[e.columns[c]] = e.contributions[row * width + c];
    explanations.push_back({{"bias", e.bias[row]}, {"contributions", contributions}});
  }
  return HttpResponse::Json(200, {{"model_id", model.id},
                                  {"member_learner", e.member_learner},
                                  {"space", e.space},
                                  {"columns", e.columns},
                                  {"predictions", PredictionsJson(batch)},
                                  {"explanations", explanations},
                                  {"millis", MillisSince(start)}});
}

Result<HttpResponse> DownloadModel(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord model, LookUp(app, request));
  LATHE_ASSIGN_OR_RETURN(std::string path, app.models->BundlePath(model));
  HttpResponse response;
  response.status = 200;
  response.body_file = path;
  response.headers.Set("Content-Type", "application/octet-stream");
  response.headers.Set("Content-Disposition", "attachment; filename=\"" + model.name + "-v" +
                                                  std::to_string(model.version) + ".lathe-model\"");
  return response;
}

Result<HttpResponse> DeleteModel(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord model, LookUp(app, request));
  LATHE_RETURN_IF_ERROR(app.models->Delete(model));
  return HttpResponse::NoContent();
}

// --- registry ---

Result<HttpResponse> ListModelGroups(App& app, HttpRequest&, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::vector<jobs::ModelGroup> groups, app.models->ListGroups());
  json items = json::array();
  for (const jobs::ModelGroup& g : groups) items.push_back(jobs::ModelGroupToJson(g));
  return HttpResponse::Json(200, {{"model_groups", items}, {"total", groups.size()}});
}

Result<HttpResponse> UploadModel(App& app, HttpRequest& request, RequestContext&) {
  const std::optional<std::string_view> name = request.Query("name");
  if (!name.has_value() || name->empty()) {
    return prep::ParamError("name", "the query parameter ?name= (the model group) is required");
  }
  const std::string file_name(
      request.Query("file_name").value_or(std::string(*name) + ".lathe-model"));
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord model,
                         app.models->Upload(*name, request.body, file_name));
  HttpResponse response = HttpResponse::Json(201, ModelJson(model));
  response.headers.Set("Location", "/api/v1/models/" + model.id);
  return response;
}

Result<HttpResponse> PatchModel(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord model, LookUp(app, request));
  LATHE_ASSIGN_OR_RETURN(json body, ParseJsonObjectBody(request));
  prep::Params p(body, "");
  jobs::ModelInfoUpdate update;
  // null means "not given", like an absent field.
  LATHE_ASSIGN_OR_RETURN(json description, p.Value("description", false));
  if (!description.is_null()) {
    if (!description.is_string()) {
      return prep::ParamError("description",
                              "expected a string, got " + std::string(description.type_name()));
    }
    update.description = description.get<std::string>();
  }
  LATHE_ASSIGN_OR_RETURN(json tags, p.Value("tags", false));
  if (!tags.is_null()) {
    if (!tags.is_object()) {
      return prep::ParamError("tags", "expected an object of string values, got " +
                                          std::string(tags.type_name()));
    }
    std::map<std::string, std::string> parsed;
    for (auto it = tags.begin(); it != tags.end(); ++it) {
      if (!it.value().is_string()) {
        return prep::ParamError("tags." + it.key(), "expected a string, got " +
                                                        std::string(it.value().type_name()));
      }
      parsed[it.key()] = it.value().get<std::string>();
    }
    update.tags = std::move(parsed);
  }
  LATHE_RETURN_IF_ERROR(p.Finish());
  if (!update.description.has_value() && !update.tags.has_value()) {
    return InvalidArgumentError("nothing to change: give \"description\" and / or \"tags\"");
  }
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord updated, app.models->UpdateInfo(model, update));
  return HttpResponse::Json(200, ModelJson(updated));
}

namespace {

// Approve / reject: the optional {"reason"} body, then the change.
Result<HttpResponse> Decide(App& app, HttpRequest& request, bool approve) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord model, LookUp(app, request));
  LATHE_ASSIGN_OR_RETURN(json body, ParseJsonObjectBody(request));
  prep::Params p(body, "");
  LATHE_ASSIGN_OR_RETURN(std::string reason, p.String("reason", ""));
  LATHE_RETURN_IF_ERROR(p.Finish());
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord updated,
                         approve ? app.models->Approve(model, reason)
                                 : app.models->Reject(model, reason));
  return HttpResponse::Json(200, ModelJson(updated));
}

}  // namespace

Result<HttpResponse> ApproveModel(App& app, HttpRequest& request, RequestContext&) {
  return Decide(app, request, true);
}

Result<HttpResponse> RejectModel(App& app, HttpRequest& request, RequestContext&) {
  return Decide(app, request, false);
}

}  // namespace lathe::api
