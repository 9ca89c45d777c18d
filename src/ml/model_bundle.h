// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// ModelBundle: the self-contained model artifact ("lathe-model", format version 1): a JSON
// manifest (problem, input schema, feature pipeline, optional prep recipe, learners with their
// params, ensemble weights, evaluation report, training info) plus one binary blob per learner,
// each protected by a CRC32C. The byte layout is in docs/formats/model.md. A ModelBundle is a
// plain value; the functions are thread-safe.
//
//   ModelBundle b;
//   b.problem = problem; b.pipeline = fit.pipeline->ToJson();
//   b.members.push_back({"xgboost", model->Params(), *model->Save()});
//   LATHE_ASSIGN_OR_RETURN(std::string bytes, SerializeBundle(b));
//   LATHE_ASSIGN_OR_RETURN(ModelBundle back, ParseBundle(bytes));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "ml/problem.h"

namespace lathe::ml {

inline constexpr std::string_view kModelFormatName = "lathe-model";
inline constexpr int kModelFormatVersion = 1;

struct BundleMember {
  std::string learner;    // MakeEstimator name, e.g. "xgboost"
  nlohmann::json params;  // Model::Params()
  std::string bytes;      // Model::Save()
};

struct EnsembleWeight {
  size_t member = 0;  // index into members
  double weight = 1;
};

struct ModelBundle {
  std::string created_at;     // RFC 3339; SerializeBundle fills it when empty
  std::string lathe_version;  // SerializeBundle fills it when empty
  ProblemInfo problem;
  nlohmann::json pipeline;                 // FeaturePipeline::ToJson()
  nlohmann::json recipe;                   // prep recipe JSON, or null
  std::vector<BundleMember> members;       // at least one
  std::vector<EnsembleWeight> ensemble;    // empty = member 0 alone
  nlohmann::json evaluation;               // evaluation report (opaque), or null
  nlohmann::json training_info;            // free-form (dataset, time, rows...), or null
};

// Encodes the bundle. InvalidArgument if it has no member, an ensemble index out of range, or a
// negative / all-zero weight.
Result<std::string> SerializeBundle(const ModelBundle& bundle);
// Decodes and verifies every checksum. DataLoss (with the byte offset) for a truncated or
// corrupted file, FailedPrecondition for another format name or a newer format version.
Result<ModelBundle> ParseBundle(std::string_view bytes);
// Only the manifest (checksums of the header and manifest verified), without learner bytes:
// cheap listing for the registry and the studio.
Result<nlohmann::json> ReadBundleManifest(std::string_view bytes);

}  // namespace lathe::ml
