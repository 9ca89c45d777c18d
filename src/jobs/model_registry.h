// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The model registry's document rules (docs/api/deploy.md, "Registry"): approval statuses, the
// limits on description and tags, the registry fields every model body carries, the body of an
// uploaded bundle (built from its manifest) and model groups (one per model name). Pure
// functions over JSON and records; thread-safe. ModelService applies them to stored models.
//
//   LATHE_RETURN_IF_ERROR(ValidateModelInfo(update));            // "tags.env: value is ..."
//   json body = RegistryDefaults(ParseModelBody(record));        // old models get the fields
//   std::vector<ModelGroup> groups = GroupModels(all_versions);
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "store/metadata_store.h"

namespace lathe::jobs {

// The state column of every stored model (approval lives in the body).
inline constexpr std::string_view kModelStateReady = "Ready";

inline constexpr std::string_view kApprovalPending = "PendingManualApproval";
inline constexpr std::string_view kApprovalApproved = "Approved";
inline constexpr std::string_view kApprovalRejected = "Rejected";

inline constexpr size_t kMaxDescriptionBytes = 4096;
inline constexpr size_t kMaxTags = 50;
inline constexpr size_t kMaxTagKeyChars = 128;
inline constexpr size_t kMaxTagValueChars = 256;
inline constexpr size_t kMaxReasonBytes = 1024;

// True for PendingManualApproval, Approved, Rejected.
bool IsApprovalStatus(std::string_view status);
// InvalidArgument naming `field` and listing the statuses unless IsApprovalStatus.
Status CheckApprovalStatus(std::string_view status, const std::string& field);

// A change to a model's descriptive fields. Unset fields are left as they are; `tags` replaces
// the whole tag set.
struct ModelInfoUpdate {
  std::optional<std::string> description;
  std::optional<std::map<std::string, std::string>> tags;
};

// InvalidArgument naming the field ("description", "tags", "tags.<key>") for a description over
// kMaxDescriptionBytes, more than kMaxTags tags, an empty key, a key or value over its limit (in
// UTF-8 characters), or text that is not valid UTF-8.
Status ValidateModelInfo(const ModelInfoUpdate& update);
// InvalidArgument naming "reason" for a reason over kMaxReasonBytes or not valid UTF-8.
Status ValidateReason(std::string_view reason);

// The record's body as an object ({} if it is not one).
nlohmann::json ParseModelBody(const store::ResourceRecord& record);
// `body` with the registry fields a model created before the registry lacks: approval_status
// PendingManualApproval, approval_history [], description "", tags {}, and source / lineage
// derived from job_id / dataset when those exist.
nlohmann::json RegistryDefaults(nlohmann::json body);
// The approval status of a stored model (PendingManualApproval when the body has none).
std::string ApprovalStatusOf(const store::ResourceRecord& record);

// The registry fields of a model produced by training job `job_id` on `dataset`
// ({id,name,version}) with the request `parameters`; merged into the trained model's body.
nlohmann::json TrainedModelRegistryFields(const std::string& job_id, const nlohmann::json& dataset,
                                          bool has_recipe, nlohmann::json parameters);

// The body of a model uploaded as `file_name`, from the bundle's manifest: the same fields a
// trained model has (problem_type, classes, target, input_columns, metric, test_metrics,
// members, has_recipe, rows), the bundle's hash and size, and the registry fields with source
// {"kind": "upload", "file_name"} and lineage from the manifest's training_info.
nlohmann::json UploadedModelBody(const nlohmann::json& manifest, std::string_view file_name,
                                 const std::string& bundle_sha, size_t bundle_bytes);

// One model name and its versions.
struct ModelGroup {
  std::string name;
  int versions = 0;                         // versions stored
  int latest_version = 0;
  std::string latest_id;
  std::optional<int> approved_version;      // highest Approved version, if any
  std::optional<std::string> approved_id;
  std::string updated_at;                   // newest updated_at of its versions
};

// Groups `models` (any order) by name; groups sorted by name. Unnamed models are skipped.
std::vector<ModelGroup> GroupModels(const std::vector<store::ResourceRecord>& models);
nlohmann::json ModelGroupToJson(const ModelGroup& group);

}  // namespace lathe::jobs
