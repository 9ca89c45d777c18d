// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// ModelService: the trained models ("model" resources whose bundle bytes live in the
// ArtifactStore): list, get, the bundle's manifest, predictions and explanations through a
// small LRU cache of loaded models (ml::LoadedModel by id), delete. When the bundle carries a
// prep recipe, prediction rows are the dataset's raw rows and the fitted recipe is replayed on
// them first. It is also the model registry (docs/api/deploy.md, "Registry"): model groups
// (one per name), approval (append-only history), description and tags, and uploads of model
// files as new versions. Thread-safe; registry changes to one model are serialised in this
// process (one server owns a data dir), so concurrent approvals are all recorded.
//
//   ModelService models(*stores.metadata, *stores.artifacts);
//   LATHE_ASSIGN_OR_RETURN(store::ResourceRecord m, models.Get("iris-species"));
//   LATHE_ASSIGN_OR_RETURN(ml::PredictionBatch p, models.Predict(m, rows));
//   LATHE_ASSIGN_OR_RETURN(m, models.Approve(m, "beats v1 on the holdout"));
#pragma once

#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "data/table.h"
#include "ml/loaded_model.h"
#include "jobs/model_registry.h"
#include "jobs/servable_model.h"
#include "store/artifact_store.h"
#include "store/metadata_store.h"

namespace lathe::jobs {

class ModelService {
 public:
  // Keeps up to `cached_models` loaded models in memory.
  ModelService(store::MetadataStore& metadata, store::ArtifactStore& artifacts,
               size_t cached_models = 8);
  ModelService(const ModelService&) = delete;
  ModelService& operator=(const ModelService&) = delete;

  // By id ("mdl_..."), or by name (latest version unless `version`). NotFound otherwise.
  Result<store::ResourceRecord> Get(std::string_view id_or_name,
                                    std::optional<int> version = std::nullopt);
  Result<std::vector<store::ResourceRecord>> List(const store::ResourceListOptions& options);
  Result<int64_t> Count(const store::ResourceListOptions& options);
  // The same, keeping only models whose approval status is `approval_status` (all when empty;
  // InvalidArgument naming "approval_status" for an unknown status).
  Result<std::vector<store::ResourceRecord>> List(const store::ResourceListOptions& options,
                                                  std::string_view approval_status);
  Result<int64_t> Count(const store::ResourceListOptions& options,
                        std::string_view approval_status);
  // Every model name with its version count, latest and highest approved version; by name.
  Result<std::vector<ModelGroup>> ListGroups();

  // Sets the approval status to Approved / Rejected and appends {"status", "previous_status",
  // "reason", "at"} to approval_history (approving an approved model is allowed and recorded).
  // Returns the stored model. InvalidArgument naming "reason" for a reason over 1 KiB.
  Result<store::ResourceRecord> Approve(const store::ResourceRecord& model,
                                        std::string_view reason);
  Result<store::ResourceRecord> Reject(const store::ResourceRecord& model,
                                       std::string_view reason);
  // Changes description and / or tags (ValidateModelInfo's limits, errors naming the field).
  Result<store::ResourceRecord> UpdateInfo(const store::ResourceRecord& model,
                                           const ModelInfoUpdate& update);
  // Stores a model file (docs/formats/model.md) as a new version of `name`, after loading it
  // completely: InvalidArgument naming the file and the broken part ("iris.lathe-model: model
  // file: blob 1 ... checksum mismatch") for a corrupt or unsupported file, and then nothing is
  // stored. The model's body has the fields of a trained one (UploadedModelBody).
  Result<store::ResourceRecord> Upload(std::string_view name, std::string_view bundle,
                                       std::string_view file_name);

  // The bundle's SHA-256 (its artifact) and the path of its bytes (read-only).
  Result<std::string> BundleSha(const store::ResourceRecord& model);
  Result<std::string> BundlePath(const store::ResourceRecord& model);
  // The manifest (problem, input_schema, evaluation, training_info...) without learner bytes.
  Result<nlohmann::json> Manifest(const store::ResourceRecord& model);

  // The loaded model (with its recipe), from the cache or the artifact store. DataLoss for a
  // corrupt bundle. Callers on a hot path keep the pointer instead of asking per request.
  Result<std::shared_ptr<const ServableModel>> Acquire(const store::ResourceRecord& model);
  Result<std::shared_ptr<const ml::LoadedModel>> Load(const store::ResourceRecord& model);
  // Predicts / explains raw rows (the recipe, if any, replayed first). InvalidArgument naming
  // row and column for values of the wrong type.
  Result<ml::PredictionBatch> Predict(const store::ResourceRecord& model, const data::Table& rows);
  Result<ml::Explanation> Explain(const store::ResourceRecord& model, const data::Table& rows);

  // Deletes the model and its bundle bytes (unless another resource references them).
  Status Delete(const store::ResourceRecord& model);

 private:
  Result<store::ResourceRecord> SetApproval(const store::ResourceRecord& model,
                                            std::string_view status, std::string_view reason);
  // Re-reads the model and applies `change` to its body under registry_mu_.
  Result<store::ResourceRecord> ChangeBody(const store::ResourceRecord& model,
                                           const std::function<void(nlohmann::json&)>& change);
  // Removes artifact `sha` unless a resource or dataset still references it.
  Status RemoveIfUnreferenced(const std::string& sha);

  store::MetadataStore& metadata_;
  store::ArtifactStore& artifacts_;
  size_t cached_models_;
  std::mutex mu_;
  std::list<std::pair<std::string, std::shared_ptr<const ServableModel>>> cache_;  // GUARDED_BY(mu_)
  std::mutex registry_mu_;  // serialises read-modify-write of model bodies
};

}  // namespace lathe::jobs
