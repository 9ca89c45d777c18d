// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Training tree learners on the most frequent columns of a wide sparse block. XGBoost's hist
// method builds, for every node, a histogram over every feature: with 2^18 hashed text n-grams
// one boosting round on 3,900 e-mails took ~40 s (spam_assassin). The trees are trained on the
// sparse columns present in most training rows, then their split features are mapped back to
// the full matrix, so the saved model reads the same features as every other learner.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "ml/matrix.h"

namespace lathe::ml::internal {

// The `k` sparse columns (indices within the sparse block) with a value in the most rows of
// `x`, ties to the lower index, ascending; every column with a value when there are at most k.
std::vector<uint32_t> MostFrequentSparseColumns(const Matrix& x, size_t k);

// `x` with its sparse block cut to `kept` (ascending, from MostFrequentSparseColumns): column
// kept[j] becomes sparse column j. The dense block is copied; `text` is left out.
Matrix KeepSparseColumns(const Matrix& x, const std::vector<uint32_t>& kept);

// An XGBoost JSON model trained on KeepSparseColumns(x, kept) rewritten to read `x` itself:
// split features dense_cols + j become dense_cols + kept[j], and the model's feature count is
// set to `total_cols`. DataLoss for JSON that is not an XGBoost tree model.
Result<std::string> MapModelToFullColumns(std::string_view model_json, size_t dense_cols,
                                          const std::vector<uint32_t>& kept, size_t total_cols);

}  // namespace lathe::ml::internal
