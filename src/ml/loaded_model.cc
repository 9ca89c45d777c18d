// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/loaded_model.h"

#include <algorithm>

namespace lathe::ml {
namespace {

// Rows per Contributions call: a text model has 2^18 + 1 contributions per row.
constexpr size_t kExplainChunk = 32;

bool IsTreeLearner(std::string_view learner) {
  return learner == "xgboost" || learner == "random_forest" || learner == "extra_trees";
}

}  // namespace

Result<std::unique_ptr<LoadedModel>> LoadedModel::Load(std::string_view bundle_bytes) {
  LATHE_ASSIGN_OR_RETURN(ModelBundle bundle, ParseBundle(bundle_bytes));
  LATHE_ASSIGN_OR_RETURN(auto model, FromBundle(bundle));
  LATHE_ASSIGN_OR_RETURN(model->manifest_, ReadBundleManifest(bundle_bytes));
  model->manifest_.erase("pipeline");  // large (text IDF); available through pipeline()
  return model;
}

Result<std::unique_ptr<LoadedModel>> LoadedModel::FromBundle(const ModelBundle& bundle) {
  auto model = std::unique_ptr<LoadedModel>(new LoadedModel());
  model->problem_ = bundle.problem;
  LATHE_ASSIGN_OR_RETURN(model->pipeline_, FeaturePipeline::FromJson(bundle.pipeline));
  for (const BundleMember& m : bundle.members) {
    auto loaded = LoadModel(m.learner, m.bytes, m.params, bundle.problem);
    if (!loaded.ok()) return loaded.status().Annotate("model member '" + m.learner + "'");
    model->members_.push_back(std::move(*loaded));
  }
  std::vector<EnsembleWeight> weights = bundle.ensemble;
  if (weights.empty()) weights.push_back({0, 1.0});
  double total = 0;
  for (const EnsembleWeight& w : weights) {
    if (w.member >= model->members_.size() || !(w.weight >= 0)) {
      return DataLossError("model: bad ensemble weight for member " + std::to_string(w.member));
    }
    total += w.weight;
  }
  if (total <= 0) return DataLossError("model: ensemble weights sum to 0");
  for (const EnsembleWeight& w : weights) {
    if (w.weight > 0) model->weights_.push_back({w.member, w.weight / total});
  }
  model->manifest_ = {{"format", kModelFormatName},
                      {"format_version", kModelFormatVersion},
                      {"created_at", bundle.created_at},
                      {"problem", ProblemToJson(bundle.problem)},
                      {"input_schema", model->pipeline_->InputSchemaJson()},
                      {"evaluation", bundle.evaluation},
                      {"training_info", bundle.training_info}};
  return model;
}

Result<std::vector<float>> LoadedModel::Combine(const Matrix& x) const {
  const size_t width =
      problem_.type == ProblemType::kRegression ? 1 : problem_.classes.size();
  if (weights_.size() == 1 && weights_[0].weight == 1.0) {
    // One member: its output is the answer (0 + 1 * p == p), without a second buffer.
    const Model& member = *members_[weights_[0].member];
    LATHE_ASSIGN_OR_RETURN(std::vector<float> p, member.Predict(x));
    if (p.size() != x.rows * width) {
      return InternalError("model member '" + std::string(member.learner()) + "' returned " +
                           std::to_string(p.size()) + " values, expected " +
                           std::to_string(x.rows * width));
    }
    return p;
  }
  std::vector<float> out(x.rows * width, 0.f);
  for (const EnsembleWeight& w : weights_) {
    LATHE_ASSIGN_OR_RETURN(std::vector<float> p, members_[w.member]->Predict(x));
    if (p.size() != out.size()) {
      return InternalError("model member '" + std::string(members_[w.member]->learner()) +
                           "' returned " + std::to_string(p.size()) + " values, expected " +
                           std::to_string(out.size()));
    }
    for (size_t i = 0; i < out.size(); ++i) out[i] += static_cast<float>(w.weight) * p[i];
  }
  return out;
}

Result<PredictionBatch> LoadedModel::Predict(const data::Table& rows) const {
  LATHE_ASSIGN_OR_RETURN(Matrix x, pipeline_->TransformForPrediction(rows));
  LATHE_ASSIGN_OR_RETURN(std::vector<float> combined, Combine(x));
  PredictionBatch out;
  out.rows = x.rows;
  if (problem_.type == ProblemType::kRegression) {
    out.values = std::move(combined);
    return out;
  }
  const size_t k = problem_.classes.size();
  out.classes = problem_.classes;
  out.labels.reserve(x.rows);
  for (size_t row = 0; row < x.rows; ++row) {
    const float* p = combined.data() + row * k;
    out.labels.push_back(problem_.classes[std::max_element(p, p + k) - p]);
  }
  out.probabilities = std::move(combined);
  return out;
}

Result<Explanation> LoadedModel::Explain(const data::Table& rows) const {
  const EnsembleWeight* best = nullptr;
  for (const EnsembleWeight& w : weights_) {
    if (IsTreeLearner(members_[w.member]->learner()) && (best == nullptr || w.weight > best->weight)) {
      best = &w;
    }
  }
  if (best == nullptr) {
    return UnimplementedError(
        "explanations need an XGBoost, random-forest or extra-trees member in the model");
  }
  const Model& member = *members_[best->member];
  LATHE_ASSIGN_OR_RETURN(Matrix x, pipeline_->TransformForPrediction(rows));
  Explanation out;
  out.member_learner = std::string(member.learner());
  // XGBoost explains log-odds (raw values to regress); extra trees, class shares.
  const bool shares = member.learner() == "extra_trees" && problem_.type != ProblemType::kRegression;
  out.space = shares ? "probability" : "margin";
  for (const InputColumn& c : pipeline_->input_schema()) out.columns.push_back(c.name);
  const size_t n_inputs = out.columns.size(), width = x.cols() + 1;
  out.contributions.assign(x.rows * n_inputs, 0.f);
  out.bias.assign(x.rows, 0.f);
  std::vector<int> source(x.cols());
  for (size_t col = 0; col < x.cols(); ++col) source[col] = pipeline_->FeatureSource(col);
  for (size_t begin = 0; begin < x.rows; begin += kExplainChunk) {
    std::vector<uint32_t> idx;
    for (size_t row = begin; row < std::min(x.rows, begin + kExplainChunk); ++row) {
      idx.push_back(static_cast<uint32_t>(row));
    }
    LATHE_ASSIGN_OR_RETURN(std::vector<float> c, member.Contributions(TakeRows(x, idx)));
    for (size_t i = 0; i < idx.size(); ++i) {
      const float* src = c.data() + i * width;
      float* dst = out.contributions.data() + idx[i] * n_inputs;
      for (size_t col = 0; col < x.cols(); ++col) {
        if (src[col] != 0 && source[col] >= 0) dst[source[col]] += src[col];
      }
      out.bias[idx[i]] = src[width - 1];
    }
  }
  return out;
}

}  // namespace lathe::ml
