// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Factory entry points of the learner families (algorithms/*), collected by estimator.cc into
// the name-keyed table behind MakeEstimator / LoadModel. Stateless; thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "ml/estimator.h"

namespace lathe::ml::internal {

using MakeFn = Result<std::unique_ptr<Estimator>> (*)(std::string_view learner,
                                                       const nlohmann::json& params,
                                                       const ProblemInfo& problem);
using LoadFn = Result<std::unique_ptr<Model>> (*)(std::string_view learner,
                                                   const std::string& bytes,
                                                   const nlohmann::json& params,
                                                   const ProblemInfo& problem);

// "xgboost" or "random_forest" (algorithms/xgboost).
Result<std::unique_ptr<Estimator>> MakeXgboostEstimator(std::string_view learner,
                                                        const nlohmann::json& params,
                                                        const ProblemInfo& problem);
Result<std::unique_ptr<Model>> LoadXgboostModel(std::string_view learner,
                                                const std::string& bytes,
                                                const nlohmann::json& params,
                                                const ProblemInfo& problem);
// "logistic_regression", "linear_svm", "linear_regression" (algorithms/linear, liblinear).
Result<std::unique_ptr<Estimator>> MakeLinearEstimator(std::string_view learner,
                                                       const nlohmann::json& params,
                                                       const ProblemInfo& problem);
Result<std::unique_ptr<Model>> LoadLinearModel(std::string_view learner, const std::string& bytes,
                                               const nlohmann::json& params,
                                               const ProblemInfo& problem);
// "fasttext" (algorithms/fasttext).
Result<std::unique_ptr<Estimator>> MakeFastTextEstimator(std::string_view learner,
                                                         const nlohmann::json& params,
                                                         const ProblemInfo& problem);
Result<std::unique_ptr<Model>> LoadFastTextModel(std::string_view learner,
                                                 const std::string& bytes,
                                                 const nlohmann::json& params,
                                                 const ProblemInfo& problem);
// "naive_bayes" (algorithms/naive_bayes).
Result<std::unique_ptr<Estimator>> MakeNaiveBayesEstimator(std::string_view learner,
                                                           const nlohmann::json& params,
                                                           const ProblemInfo& problem);
Result<std::unique_ptr<Model>> LoadNaiveBayesModel(std::string_view learner,
                                                   const std::string& bytes,
                                                   const nlohmann::json& params,
                                                   const ProblemInfo& problem);
// "knn" (algorithms/knn).
Result<std::unique_ptr<Estimator>> MakeKnnEstimator(std::string_view learner,
                                                    const nlohmann::json& params,
                                                    const ProblemInfo& problem);
Result<std::unique_ptr<Model>> LoadKnnModel(std::string_view learner, const std::string& bytes,
                                            const nlohmann::json& params,
                                            const ProblemInfo& problem);

// "extra_trees" (algorithms/extra_trees).
Result<std::unique_ptr<Estimator>> MakeExtraTreesEstimator(std::string_view learner,
                                                           const nlohmann::json& params,
                                                           const ProblemInfo& problem);
Result<std::unique_ptr<Model>> LoadExtraTreesModel(std::string_view learner,
                                                   const std::string& bytes,
                                                   const nlohmann::json& params,
                                                   const ProblemInfo& problem);

}  // namespace lathe::ml::internal
