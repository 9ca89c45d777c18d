// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/model_service.h"

#include <algorithm>

#include "jobs/training_service.h"

namespace lathe::jobs {

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
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> referenced, metadata_.ReferencedArtifacts());
  for (const std::string& sha : model.artifacts) {
    if (std::binary_search(referenced.begin(), referenced.end(), sha)) continue;
    Status removed = artifacts_.Remove(sha);
    if (!removed.ok() && removed.code() != StatusCode::kNotFound) return removed;
  }
  return Status::Ok();
}

}  // namespace lathe::jobs
