// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/algorithms/xgboost/sparse_columns.h"

#include <algorithm>
#include <numeric>

#include <nlohmann/json.hpp>

namespace lathe::ml::internal {

std::vector<uint32_t> MostFrequentSparseColumns(const Matrix& x, size_t k) {
  std::vector<uint32_t> rows_with(x.sparse_cols, 0);
  for (uint32_t col : x.sparse_indices) ++rows_with[col];
  std::vector<uint32_t> used;
  for (uint32_t col = 0; col < rows_with.size(); ++col) {
    if (rows_with[col] > 0) used.push_back(col);
  }
  if (used.size() > k) {
    std::stable_sort(used.begin(), used.end(),
                     [&](uint32_t a, uint32_t b) { return rows_with[a] > rows_with[b]; });
    used.resize(k);
    std::sort(used.begin(), used.end());
  }
  return used;
}

Matrix KeepSparseColumns(const Matrix& x, const std::vector<uint32_t>& kept) {
  constexpr uint32_t kDropped = UINT32_MAX;
  std::vector<uint32_t> new_index(x.sparse_cols, kDropped);
  for (size_t j = 0; j < kept.size(); ++j) new_index[kept[j]] = static_cast<uint32_t>(j);
  Matrix out;
  out.rows = x.rows;
  out.dense_cols = x.dense_cols;
  out.dense = x.dense;
  out.feature_names = x.feature_names;
  out.sparse_cols = kept.size();
  out.sparse_indptr.reserve(x.rows + 1);
  out.sparse_indptr.push_back(0);
  for (size_t row = 0; row < x.rows; ++row) {
    // Indices stay ascending: new_index is increasing over the kept columns.
    for (uint64_t k = x.sparse_indptr[row]; k < x.sparse_indptr[row + 1]; ++k) {
      const uint32_t col = new_index[x.sparse_indices[k]];
      if (col == kDropped) continue;
      out.sparse_indices.push_back(col);
      out.sparse_values.push_back(x.sparse_values[k]);
    }
    out.sparse_indptr.push_back(out.sparse_indices.size());
  }
  return out;
}

Result<std::string> MapModelToFullColumns(std::string_view model_json, size_t dense_cols,
                                          const std::vector<uint32_t>& kept, size_t total_cols) {
  using nlohmann::json;
  json model = json::parse(model_json, nullptr, /*allow_exceptions=*/false);
  if (model.is_discarded()) return DataLossError("xgboost: the model is not JSON");
  try {
    json& learner = model.at("learner");
    const std::string num_feature = std::to_string(total_cols);
    learner.at("learner_model_param")["num_feature"] = num_feature;
    for (json& tree : learner.at("gradient_booster").at("model").at("trees")) {
      const json& left = tree.at("left_children");
      json& split = tree.at("split_indices");
      for (size_t node = 0; node < split.size(); ++node) {
        if (left.at(node).get<int64_t>() < 0) continue;  // a leaf: no split feature
        const auto feature = split[node].get<uint64_t>();
        if (feature < dense_cols) continue;
        if (feature - dense_cols >= kept.size()) {
          return DataLossError("xgboost: split feature " + std::to_string(feature) +
                               " is past the kept columns");
        }
        split[node] = dense_cols + kept[feature - dense_cols];
      }
      tree.at("tree_param")["num_feature"] = num_feature;
    }
  } catch (const json::exception& e) {
    return DataLossError(std::string("xgboost: unexpected model JSON: ") + e.what());
  }
  return model.dump();
}

}  // namespace lathe::ml::internal
