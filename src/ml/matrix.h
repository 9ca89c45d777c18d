// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Matrix: what learners consume. Dense float32, row-major, NaN = missing, optionally followed by
// a sparse block in CSR form (hashed text n-grams with TF-IDF weights) whose columns come after
// the dense ones. Learners that cannot use sparse input (kNN) use the dense block only. `text`
// carries the raw text of the text feature(s) for learners that read words themselves (fastText).
// A Matrix is a plain value: thread-compatible, and safe to read from many threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lathe::ml {

struct Matrix {
  size_t rows = 0;
  size_t dense_cols = 0;
  std::vector<float> dense;  // rows * dense_cols, row-major

  size_t sparse_cols = 0;                 // 0 = no sparse block
  std::vector<uint64_t> sparse_indptr;    // rows + 1 entries when sparse_cols > 0
  std::vector<uint32_t> sparse_indices;   // column index within the sparse block
  std::vector<float> sparse_values;

  // Names of the dense columns (may be empty). Sparse columns are hashed buckets; see
  // FeaturePipeline::FeatureName for a printable name of any column.
  std::vector<std::string> feature_names;
  // Raw text per row (the pipeline's text columns joined by a space), or empty when the data
  // has no text column.
  std::vector<std::string> text;

  size_t cols() const { return dense_cols + sparse_cols; }
  float at(size_t r, size_t c) const { return dense[r * dense_cols + c]; }
  bool has_sparse() const { return sparse_cols > 0; }
};

// A labelled training set. Labels: class id (0..k-1) as float for classification, the value for
// regression. Weights empty = all 1.
struct LabeledData {
  Matrix x;
  std::vector<float> y;
  std::vector<float> weights;
};

// Selects rows (for folds and splits), sparse block and text included, in the order given.
Matrix TakeRows(const Matrix& m, const std::vector<uint32_t>& rows);
LabeledData TakeRows(const LabeledData& d, const std::vector<uint32_t>& rows);

}  // namespace lathe::ml
