// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/model_registry.h"

#include <algorithm>

#include "jobs/training_run.h"
#include "prep/params.h"

namespace lathe::jobs {
namespace {

using nlohmann::json;

// Number of UTF-8 characters in `text`, or nullopt if it is not valid UTF-8 (overlong forms,
// surrogates and code points past U+10FFFF included).
std::optional<size_t> Utf8Length(std::string_view text) {
  size_t chars = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    size_t extra = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the first continuation byte
    if (lead < 0x80) {
      extra = 0;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2;
      if (lead == 0xE0) lo = 0xA0;
      if (lead == 0xED) hi = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
      if (lead == 0xF0) lo = 0x90;
      if (lead == 0xF4) hi = 0x8F;
    } else {
      return std::nullopt;
    }
    if (extra >= text.size() - pos) return std::nullopt;
    for (size_t k = 1; k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(text[pos + k]);
      if (k == 1 ? (c < lo || c > hi) : (c & 0xC0) != 0x80) return std::nullopt;
    }
    pos += extra + 1;
    ++chars;
  }
  return chars;
}

// The first bytes of valid UTF-8 `text` (at most `bytes`), cut at a character boundary.
std::string Prefix(std::string_view text, size_t bytes) {
  if (text.size() <= bytes) return std::string(text);
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return std::string(text.substr(0, bytes));
}

// Checks one text field: valid UTF-8 and at most `max_chars` characters (bytes if `bytes`).
Status CheckText(std::string_view text, const std::string& field, size_t max, bool bytes,
                 std::string_view what) {
  const std::optional<size_t> chars = Utf8Length(text);
  if (!chars.has_value()) return prep::ParamError(field, std::string(what) + " is not valid UTF-8");
  const size_t size = bytes ? text.size() : *chars;
  if (size > max) {
    return prep::ParamError(field, std::string(what) + " is " + std::to_string(size) +
                                       (bytes ? " bytes" : " characters") + " long; the limit is " +
                                       std::to_string(max));
  }
  return Status::Ok();
}

json StringArray(const json& value) {
  json out = json::array();
  if (!value.is_array()) return out;
  for (const json& v : value) {
    if (v.is_string()) out.push_back(v);
  }
  return out;
}

// Prediction columns of an uploaded bundle: training_info.input_columns when present, else the
// pipeline's input schema without the target.
json InputColumnsOf(const json& manifest, const std::string& target) {
  const json info = manifest.value("training_info", json::object());
  if (info.is_object() && info.contains("input_columns") && info["input_columns"].is_array()) {
    return StringArray(info["input_columns"]);
  }
  json out = json::array();
  for (const json& c : manifest.value("input_schema", json::array())) {
    if (!c.is_object() || !c.contains("name") || !c["name"].is_string()) continue;
    if (c["name"] != target) out.push_back(c["name"]);
  }
  return out;
}

// [{"learner", "weight"}] from the manifest's members and ensemble weights (normalised).
json MembersOf(const json& manifest) {
  const json members = manifest.value("members", json::array());
  json ensemble = manifest.value("ensemble", json::array());
  if (!ensemble.is_array() || ensemble.empty()) ensemble = json::array({{{"member", 0}, {"weight", 1.0}}});
  double total = 0;
  for (const json& e : ensemble) total += e.value("weight", 0.0);
  json out = json::array();
  for (const json& e : ensemble) {
    const size_t idx = e.value("member", size_t{0});
    if (!members.is_array() || idx >= members.size()) continue;
    out.push_back({{"learner", members[idx].value("learner", "")},
                   {"weight", total > 0 ? e.value("weight", 0.0) / total : 0.0}});
  }
  return out;
}

}  // namespace

bool IsApprovalStatus(std::string_view status) {
  return status == kApprovalPending || status == kApprovalApproved || status == kApprovalRejected;
}

Status CheckApprovalStatus(std::string_view status, const std::string& field) {
  if (IsApprovalStatus(status)) return Status::Ok();
  return prep::ParamError(field, "unknown approval status '" + std::string(status) +
                                     "'; expected PendingManualApproval, Approved or Rejected");
}

Status ValidateModelInfo(const ModelInfoUpdate& update) {
  if (update.description.has_value()) {
    LATHE_RETURN_IF_ERROR(
        CheckText(*update.description, "description", kMaxDescriptionBytes, true, "the text"));
  }
  if (!update.tags.has_value()) return Status::Ok();
  if (update.tags->size() > kMaxTags) {
    return prep::ParamError("tags", std::to_string(update.tags->size()) +
                                        " tags; at most " + std::to_string(kMaxTags) + " allowed");
  }
  for (const auto& [key, value] : *update.tags) {
    if (key.empty()) return prep::ParamError("tags", "a tag key is empty");
    const std::optional<size_t> key_chars = Utf8Length(key);
    if (!key_chars.has_value()) return prep::ParamError("tags", "a tag key is not valid UTF-8");
    if (*key_chars > kMaxTagKeyChars) {
      return prep::ParamError("tags", "the key '" + Prefix(key, 32) + "...' is " +
                                          std::to_string(*key_chars) +
                                          " characters long; the limit is " +
                                          std::to_string(kMaxTagKeyChars));
    }
    LATHE_RETURN_IF_ERROR(CheckText(value, "tags." + key, kMaxTagValueChars, false, "the value"));
  }
  return Status::Ok();
}

Status ValidateReason(std::string_view reason) {
  return CheckText(reason, "reason", kMaxReasonBytes, true, "the reason");
}

json ParseModelBody(const store::ResourceRecord& record) {
  json body = json::parse(record.body_json, nullptr, false);
  return body.is_object() ? body : json::object();
}

json RegistryDefaults(json body) {
  if (!body.is_object()) body = json::object();
  if (!body.contains("approval_status")) body["approval_status"] = kApprovalPending;
  if (!body.contains("approval_history")) body["approval_history"] = json::array();
  if (!body.contains("description")) body["description"] = "";
  if (!body.contains("tags")) body["tags"] = json::object();
  const json job_id = body.contains("job_id") ? body["job_id"] : json();
  if (!body.contains("source")) {
    body["source"] = job_id.is_string()
                         ? json{{"kind", "training_job"}, {"job_id", job_id}}
                         : json{{"kind", "unknown"}};
  }
  if (!body.contains("lineage")) {
    body["lineage"] = {{"dataset", body.value("dataset", json())},
                       {"recipe", body.value("has_recipe", false)},
                       {"job_id", job_id},
                       {"parameters", json::object()}};
  }
  return body;
}

std::string ApprovalStatusOf(const store::ResourceRecord& record) {
  const json body = ParseModelBody(record);
  const json status = body.value("approval_status", json());
  return status.is_string() ? status.get<std::string>() : std::string(kApprovalPending);
}

json TrainedModelRegistryFields(const std::string& job_id, const json& dataset, bool has_recipe,
                                json parameters) {
  if (parameters.is_object()) parameters.erase("recipe");  // the fitted recipe is in the bundle
  return {{"approval_status", kApprovalPending},
          {"approval_history", json::array()},
          {"description", ""},
          {"tags", json::object()},
          {"source", {{"kind", "training_job"}, {"job_id", job_id}}},
          {"lineage",
           {{"dataset", dataset},
            {"recipe", has_recipe},
            {"job_id", job_id},
            {"parameters", std::move(parameters)}}}};
}

json UploadedModelBody(const json& manifest, std::string_view file_name,
                       const std::string& bundle_sha, size_t bundle_bytes) {
  const json problem = manifest.value("problem", json::object());
  const std::string target = problem.value("target", "");
  const json evaluation = manifest.value("evaluation", json());
  const json info = manifest.value("training_info", json::object());
  const bool has_recipe = !manifest.value("recipe", json()).is_null();
  json metric = json();
  if (evaluation.is_object() && evaluation.contains("primary_metric")) {
    metric = evaluation["primary_metric"].value("name", json());
  }
  json parameters = json::object();
  for (const char* key : {"seed", "test_fraction", "excluded_columns"}) {
    if (info.is_object() && info.contains(key)) parameters[key] = info[key];
  }
  const json dataset = info.is_object() ? info.value("dataset", json()) : json();
  json body = {
      {"target", target},
      {"problem_type", problem.value("type", "")},
      {"classes", StringArray(problem.value("classes", json::array()))},
      {"metric", metric},
      {"test_metrics", evaluation.is_object() ? TestMetricsSummary(evaluation) : json::object()},
      {"train_rows", info.is_object() ? info.value("train_rows", json()) : json()},
      {"test_rows", info.is_object() ? info.value("test_rows", json()) : json()},
      {"members", MembersOf(manifest)},
      {"input_columns", InputColumnsOf(manifest, target)},
      {"has_recipe", has_recipe},
      {"bundle_sha256", bundle_sha},
      {"bundle_bytes", bundle_bytes},
      {"bundle_created_at", manifest.value("created_at", "")},
      {"approval_status", kApprovalPending},
      {"approval_history", json::array()},
      {"description", ""},
      {"tags", json::object()},
      {"source", {{"kind", "upload"}, {"file_name", file_name}}},
      {"lineage",
       {{"dataset", dataset},
        {"recipe", has_recipe},
        {"job_id", json()},
        {"parameters", parameters}}}};
  return body;
}

std::vector<ModelGroup> GroupModels(const std::vector<store::ResourceRecord>& models) {
  std::map<std::string, ModelGroup> groups;
  for (const store::ResourceRecord& m : models) {
    if (m.name.empty()) continue;
    ModelGroup& g = groups[m.name];
    g.name = m.name;
    ++g.versions;
    if (m.version > g.latest_version) {
      g.latest_version = m.version;
      g.latest_id = m.id;
    }
    if (m.updated_at > g.updated_at) g.updated_at = m.updated_at;
    if (ApprovalStatusOf(m) == kApprovalApproved &&
        (!g.approved_version.has_value() || m.version > *g.approved_version)) {
      g.approved_version = m.version;
      g.approved_id = m.id;
    }
  }
  std::vector<ModelGroup> out;
  out.reserve(groups.size());
  for (auto& [name, group] : groups) out.push_back(std::move(group));
  return out;
}

json ModelGroupToJson(const ModelGroup& g) {
  return {{"name", g.name},
          {"versions", g.versions},
          {"latest_version", g.latest_version},
          {"latest_id", g.latest_id},
          {"approved_version", g.approved_version.has_value() ? json(*g.approved_version) : json()},
          {"approved_id", g.approved_id.has_value() ? json(*g.approved_id) : json()},
          {"updated_at", g.updated_at}};
}

}  // namespace lathe::jobs
