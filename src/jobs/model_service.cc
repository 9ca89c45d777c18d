// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/model_service.h"

#include <algorithm>

#include "core/clock.h"
#include "core/ids.h"
#include "jobs/training_service.h"
#include "prep/params.h"

namespace lathe::jobs {
namespace {

using nlohmann::json;

constexpr size_t kMaxApprovalHistory = 100;  // older entries are dropped
constexpr size_t kMaxFileNameBytes = 255;
constexpr int kScanPage = 1000;

// Every model matching `options`' name filter, newest first (paging ignored).
Result<std::vector<store::ResourceRecord>> ScanAll(store::MetadataStore& metadata,
                                                   const store::ResourceListOptions& options) {
  std::vector<store::ResourceRecord> out;
  store::ResourceListOptions page = options;
  page.limit = kScanPage;
  page.offset = 0;
  while (true) {
    LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> part,
                           metadata.ListResources(kModelKind, page));
    const size_t got = part.size();
    for (store::ResourceRecord& r : part) out.push_back(std::move(r));
    if (got < static_cast<size_t>(kScanPage)) return out;
    page.offset += kScanPage;
  }
}

// The file name as stored: its last path component, which must be valid for a JSON document.
Result<std::string> CleanFileName(std::string_view file_name) {
  const size_t slash = file_name.find_last_of("/\\");
  std::string name(slash == std::string_view::npos ? file_name : file_name.substr(slash + 1));
  if (name.empty()) name = "model.lathe-model";
  if (name.size() > kMaxFileNameBytes) {
    return prep::ParamError("file_name", "is " + std::to_string(name.size()) +
                                             " bytes long; the limit is " +
                                             std::to_string(kMaxFileNameBytes));
  }
  ModelInfoUpdate probe;  // reuses the UTF-8 check of descriptions
  probe.description = name;
  if (!ValidateModelInfo(probe).ok()) {
    return prep::ParamError("file_name", "is not valid UTF-8");
  }
  return name;
}

}  // namespace

ModelService::ModelService(store::MetadataStore& metadata, store::ArtifactStore& artifacts,
                           size_t cached_models)
    : metadata_(metadata),
      artifacts_(artifacts),
      cached_models_(std::max<size_t>(cached_models, 1)) {}

Result<store::ResourceRecord> ModelService::Get(std::string_view id_or_name,
                                                std::optional<int> version) {
  return metadata_.GetResource(kModelKind, id_or_name, version);
}

Result<std::vector<store::ResourceRecord>> ModelService::List(
    const store::ResourceListOptions& options) {
  return metadata_.ListResources(kModelKind, options);
}

Result<int64_t> ModelService::Count(const store::ResourceListOptions& options) {
  return metadata_.CountResources(kModelKind, options);
}

Result<std::vector<store::ResourceRecord>> ModelService::List(
    const store::ResourceListOptions& options, std::string_view approval_status) {
  if (approval_status.empty()) return List(options);
  LATHE_RETURN_IF_ERROR(CheckApprovalStatus(approval_status, "approval_status"));
  if (options.limit < 1 || options.limit > 1000 || options.offset < 0) {
    return InvalidArgumentError("limit must be in 1..1000 and offset >= 0");
  }
  LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> all, ScanAll(metadata_, options));
  std::vector<store::ResourceRecord> out;
  int skipped = 0;
  for (store::ResourceRecord& r : all) {
    if (ApprovalStatusOf(r) != approval_status) continue;
    if (skipped++ < options.offset) continue;
    if (out.size() >= static_cast<size_t>(options.limit)) break;
    out.push_back(std::move(r));
  }
  return out;
}

Result<int64_t> ModelService::Count(const store::ResourceListOptions& options,
                                    std::string_view approval_status) {
  if (approval_status.empty()) return Count(options);
  LATHE_RETURN_IF_ERROR(CheckApprovalStatus(approval_status, "approval_status"));
  LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> all, ScanAll(metadata_, options));
  return static_cast<int64_t>(std::count_if(all.begin(), all.end(), [&](const auto& r) {
    return ApprovalStatusOf(r) == approval_status;
  }));
}

Result<std::vector<ModelGroup>> ModelService::ListGroups() {
  LATHE_ASSIGN_OR_RETURN(std::vector<store::ResourceRecord> all, ScanAll(metadata_, {}));
  return GroupModels(all);
}

Result<store::ResourceRecord> ModelService::ChangeBody(
    const store::ResourceRecord& model, const std::function<void(json&)>& change) {
  std::lock_guard<std::mutex> lock(registry_mu_);
  // Re-read: `model` may be stale (another request changed it since the caller read it).
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord current,
                         metadata_.GetResource(kModelKind, model.id));
  json body = RegistryDefaults(ParseModelBody(current));
  change(body);
  store::ResourceUpdate update;
  update.body_json = body.dump();
  update.expected_states = std::vector<std::string>{current.state};
  return metadata_.UpdateResource(kModelKind, current.id, update);
}

Result<store::ResourceRecord> ModelService::SetApproval(const store::ResourceRecord& model,
                                                        std::string_view status,
                                                        std::string_view reason) {
  LATHE_RETURN_IF_ERROR(ValidateReason(reason));
  const std::string at = NowRfc3339();
  return ChangeBody(model, [&](json& body) {
    json& history = body["approval_history"];
    if (!history.is_array()) history = json::array();
    history.push_back({{"status", status},
                       {"previous_status", body.value("approval_status", json())},
                       {"reason", reason},
                       {"at", at}});
    while (history.size() > kMaxApprovalHistory) history.erase(history.begin());
    body["approval_status"] = status;
  });
}

Result<store::ResourceRecord> ModelService::Approve(const store::ResourceRecord& model,
                                                    std::string_view reason) {
  return SetApproval(model, kApprovalApproved, reason);
}

Result<store::ResourceRecord> ModelService::Reject(const store::ResourceRecord& model,
                                                   std::string_view reason) {
  return SetApproval(model, kApprovalRejected, reason);
}

Result<store::ResourceRecord> ModelService::UpdateInfo(const store::ResourceRecord& model,
                                                       const ModelInfoUpdate& update) {
  LATHE_RETURN_IF_ERROR(ValidateModelInfo(update));
  return ChangeBody(model, [&](json& body) {
    if (update.description.has_value()) body["description"] = *update.description;
    if (update.tags.has_value()) body["tags"] = *update.tags;
  });
}

Result<store::ResourceRecord> ModelService::Upload(std::string_view name, std::string_view bundle,
                                                   std::string_view file_name) {
  const std::string name_text(name);
  if (!store::IsValidDatasetName(name_text)) {
    const std::string shown = name_text.size() <= 128
                                  ? "'" + name_text + "'"
                                  : "a name of " + std::to_string(name_text.size()) + " bytes";
    return prep::ParamError("name", "must match [A-Za-z0-9._-]{1,128}, got " + shown);
  }
  LATHE_ASSIGN_OR_RETURN(std::string clean_name, CleanFileName(file_name));
  if (bundle.empty()) {
    return InvalidArgumentError(clean_name + ": the body is empty; expected a Lathe model file")
        .WithDetail("file_name", clean_name);
  }
  // Loading every learner proves the file serves; the manifest gives the body's fields.
  Result<std::shared_ptr<const ServableModel>> servable = ServableModel::FromBundleBytes(bundle);
  Result<json> manifest =
      servable.ok() ? ml::ReadBundleManifest(bundle) : Result<json>(servable.status());
  if (!manifest.ok()) {
    return InvalidArgumentError(clean_name + ": not a usable Lathe model file: " +
                                manifest.status().message())
        .WithDetail("file_name", clean_name);
  }
  LATHE_ASSIGN_OR_RETURN(std::string sha, artifacts_.Put(bundle));
  store::ResourceRecord record;
  record.kind = std::string(kModelKind);
  record.name = name_text;
  record.state = std::string(kModelStateReady);
  record.body_json = UploadedModelBody(*manifest, clean_name, sha, bundle.size()).dump();
  record.artifacts = {sha};
  Result<store::ResourceRecord> stored =
      metadata_.CreateResource(std::move(record), kModelIdPrefix);
  if (!stored.ok()) {
    (void)RemoveIfUnreferenced(sha);
    return stored.status();
  }
  return stored;
}

Status ModelService::RemoveIfUnreferenced(const std::string& sha) {
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> referenced, metadata_.ReferencedArtifacts());
  if (std::binary_search(referenced.begin(), referenced.end(), sha)) return Status::Ok();
  Status removed = artifacts_.Remove(sha);
  if (!removed.ok() && removed.code() != StatusCode::kNotFound) return removed;
  return Status::Ok();
}

Result<std::string> ModelService::BundleSha(const store::ResourceRecord& model) {
  if (model.artifacts.empty()) {
    return DataLossError("model " + model.id + " has no bundle artifact");
  }
  return model.artifacts.front();
}

Result<std::string> ModelService::BundlePath(const store::ResourceRecord& model) {
  LATHE_ASSIGN_OR_RETURN(std::string sha, BundleSha(model));
  return artifacts_.LocalPath(sha);
}

Result<nlohmann::json> ModelService::Manifest(const store::ResourceRecord& model) {
  LATHE_ASSIGN_OR_RETURN(std::string sha, BundleSha(model));
  LATHE_ASSIGN_OR_RETURN(std::string bytes, artifacts_.Get(sha));
  return ml::ReadBundleManifest(bytes);
}

Result<std::shared_ptr<const ServableModel>> ModelService::Acquire(
    const store::ResourceRecord& model) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = cache_.begin(); it != cache_.end(); ++it) {
      if (it->first != model.id) continue;
      cache_.splice(cache_.begin(), cache_, it);
      return cache_.front().second;
    }
  }
  // Loaded outside the lock: two first requests may both load; the second copy is dropped.
  LATHE_ASSIGN_OR_RETURN(std::string sha, BundleSha(model));
  LATHE_ASSIGN_OR_RETURN(std::string bytes, artifacts_.Get(sha));
  LATHE_ASSIGN_OR_RETURN(std::shared_ptr<const ServableModel> entry,
                         ServableModel::FromBundleBytes(bytes));
  std::lock_guard<std::mutex> lock(mu_);
  cache_.emplace_front(model.id, entry);
  while (cache_.size() > cached_models_) cache_.pop_back();
  return entry;
}

Result<std::shared_ptr<const ml::LoadedModel>> ModelService::Load(
    const store::ResourceRecord& model) {
  LATHE_ASSIGN_OR_RETURN(std::shared_ptr<const ServableModel> entry, Acquire(model));
  // Aliasing constructor: shares ownership of the servable, points at its model.
  return std::shared_ptr<const ml::LoadedModel>(entry, &entry->model());
}

Result<ml::PredictionBatch> ModelService::Predict(const store::ResourceRecord& model,
                                                  const data::Table& rows) {
  LATHE_ASSIGN_OR_RETURN(std::shared_ptr<const ServableModel> entry, Acquire(model));
  return entry->Predict(rows);
}

Result<ml::Explanation> ModelService::Explain(const store::ResourceRecord& model,
                                              const data::Table& rows) {
  LATHE_ASSIGN_OR_RETURN(std::shared_ptr<const ServableModel> entry, Acquire(model));
  return entry->Explain(rows);
}

Status ModelService::Delete(const store::ResourceRecord& model) {
  LATHE_RETURN_IF_ERROR(metadata_.DeleteResource(kModelKind, model.id));
  {
    std::lock_guard<std::mutex> lock(mu_);
    cache_.remove_if([&](const auto& e) { return e.first == model.id; });
  }
  for (const std::string& sha : model.artifacts) LATHE_RETURN_IF_ERROR(RemoveIfUnreferenced(sha));
  return Status::Ok();
}

}  // namespace lathe::jobs
