// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/model_service.h"

#include <algorithm>

#include "jobs/training_service.h"
#include "ml/model_bundle.h"

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

Result<std::shared_ptr<const ModelService::Loaded>> ModelService::LoadEntry(
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
  LATHE_ASSIGN_OR_RETURN(ml::ModelBundle bundle, ml::ParseBundle(bytes));
  auto entry = std::make_shared<Loaded>();
  if (!bundle.recipe.is_null()) {
    LATHE_ASSIGN_OR_RETURN(prep::Recipe recipe, prep::ParseRecipe(bundle.recipe));
    entry->recipe = std::move(recipe);
  }
  LATHE_ASSIGN_OR_RETURN(std::unique_ptr<ml::LoadedModel> loaded,
                         ml::LoadedModel::FromBundle(bundle));
  entry->model = std::move(loaded);
  std::lock_guard<std::mutex> lock(mu_);
  cache_.emplace_front(model.id, entry);
  while (cache_.size() > cached_models_) cache_.pop_back();
  return std::shared_ptr<const Loaded>(entry);
}

Result<std::shared_ptr<const ml::LoadedModel>> ModelService::Load(
    const store::ResourceRecord& model) {
  LATHE_ASSIGN_OR_RETURN(std::shared_ptr<const Loaded> entry, LoadEntry(model));
  return entry->model;
}

Result<data::Table> ModelService::Prepare(const Loaded& loaded, const data::Table& rows) {
  if (!loaded.recipe.has_value()) return rows;
  prep::ApplyContext ctx;  // no dataset lookups at prediction time: joins are refused
  auto run = prep::ApplyRecipe(*loaded.recipe, rows, ctx);
  if (!run.ok()) return run.status().Annotate("the model's recipe");
  if (run->table.num_rows() != rows.num_rows()) {
    return InvalidArgumentError(
        "the model's recipe changed the number of rows (" + std::to_string(rows.num_rows()) +
        " -> " + std::to_string(run->table.num_rows()) + "): predictions need a row-wise recipe");
  }
  return std::move(run->table);
}

Result<ml::PredictionBatch> ModelService::Predict(const store::ResourceRecord& model,
                                                  const data::Table& rows) {
  LATHE_ASSIGN_OR_RETURN(std::shared_ptr<const Loaded> entry, LoadEntry(model));
  LATHE_ASSIGN_OR_RETURN(data::Table prepared, Prepare(*entry, rows));
  return entry->model->Predict(prepared);
}

Result<ml::Explanation> ModelService::Explain(const store::ResourceRecord& model,
                                              const data::Table& rows) {
  LATHE_ASSIGN_OR_RETURN(std::shared_ptr<const Loaded> entry, LoadEntry(model));
  LATHE_ASSIGN_OR_RETURN(data::Table prepared, Prepare(*entry, rows));
  return entry->model->Explain(prepared);
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
