// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/estimator.h"

#include <array>

#include "ml/internal/learners.h"

namespace lathe::ml {
namespace {

struct LearnerEntry {
  std::string_view name;
  bool classification;
  bool regression;
  bool needs_text;  // fits only with a text feature
  internal::MakeFn make;
  internal::LoadFn load;
};

// In the order AutoML should try them (strong and cheap first).
constexpr std::array<LearnerEntry, 9> kLearners = {{
    {"xgboost", true, true, false, internal::MakeXgboostEstimator, internal::LoadXgboostModel},
    {"logistic_regression", true, false, false, internal::MakeLinearEstimator,
     internal::LoadLinearModel},
    {"linear_regression", false, true, false, internal::MakeLinearEstimator,
     internal::LoadLinearModel},
    {"random_forest", true, true, false, internal::MakeXgboostEstimator,
     internal::LoadXgboostModel},
    {"extra_trees", true, true, false, internal::MakeExtraTreesEstimator,
     internal::LoadExtraTreesModel},
    {"fasttext", true, false, true, internal::MakeFastTextEstimator, internal::LoadFastTextModel},
    {"naive_bayes", true, false, false, internal::MakeNaiveBayesEstimator,
     internal::LoadNaiveBayesModel},
    {"linear_svm", true, false, false, internal::MakeLinearEstimator, internal::LoadLinearModel},
    {"knn", true, true, false, internal::MakeKnnEstimator, internal::LoadKnnModel},
}};

bool IsClassification(const ProblemInfo& p) { return p.type != ProblemType::kRegression; }

Result<const LearnerEntry*> Find(std::string_view learner, const ProblemInfo& problem) {
  for (const LearnerEntry& e : kLearners) {
    if (e.name != learner) continue;
    if (IsClassification(problem) ? !e.classification : !e.regression) {
      return InvalidArgumentError("learner '" + std::string(learner) + "' does not fit a " +
                                  std::string(ProblemTypeName(problem.type)) + " problem");
    }
    if (e.needs_text && !problem.text_feature) {
      return InvalidArgumentError("learner '" + std::string(learner) +
                                  "' needs a text feature column");
    }
    return &e;
  }
  std::string names;
  for (const LearnerEntry& e : kLearners) names += (names.empty() ? "" : ", ") + std::string(e.name);
  return InvalidArgumentError("unknown learner '" + std::string(learner) + "' (known: " + names +
                              ")");
}

}  // namespace

Result<std::vector<float>> Model::Contributions(const Matrix&) const {
  return UnimplementedError("learner '" + std::string(learner()) +
                            "' does not compute feature contributions");
}

Result<std::unique_ptr<Estimator>> MakeEstimator(std::string_view learner,
                                                 const nlohmann::json& params,
                                                 const ProblemInfo& problem) {
  LATHE_ASSIGN_OR_RETURN(const LearnerEntry* entry, Find(learner, problem));
  return entry->make(learner, params, problem);
}

std::vector<std::string> LearnersFor(const ProblemInfo& problem) {
  std::vector<std::string> out;
  for (const LearnerEntry& e : kLearners) {
    if (Find(e.name, problem).ok()) out.emplace_back(e.name);
  }
  return out;
}

Result<std::unique_ptr<Model>> LoadModel(std::string_view learner, const std::string& bytes,
                                         const nlohmann::json& params,
                                         const ProblemInfo& problem) {
  LATHE_ASSIGN_OR_RETURN(const LearnerEntry* entry, Find(learner, problem));
  return entry->load(learner, bytes, params, problem);
}

}  // namespace lathe::ml
