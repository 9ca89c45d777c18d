// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// One extremely randomised tree (Geurts, Ernst & Wehenkel 2006): at each node a few random
// columns each get one threshold drawn uniformly between the node's smallest and largest value,
// and the best of those splits (Gini impurity to classify, squared error to regress) is kept.
// Trees grow until a leaf is pure, holds fewer than min_samples_split rows, or cannot be split.
// Cost per tree: O(rows x log(rows) x max_features) with a small constant (no sorting).
//
//   ColumnMajor cols = ColumnMajor::From(train.x);   // once, shared by every tree
//   RandomTree tree = GrowRandomTree(cols, train.y, weights, num_classes, params, rng);
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "ml/matrix.h"

namespace lathe::ml::internal {

// A node of a grown tree. Internal: rows with x[feature] <= threshold go left, the others
// (missing values included, as NaN compares false) right. Leaf (feature < 0): a pure class leaf
// has `left` = the class; otherwise `right` is the offset of its value(s) in the tree's
// leaf_values (k class probabilities, or one value to regress).
struct TreeNode {
  int32_t feature = -1;
  float threshold = 0;
  int32_t left = -1;
  int32_t right = -1;
};

// The dense block transposed, so that a node reads each candidate column contiguously.
struct ColumnMajor {
  size_t rows = 0, cols = 0;
  std::vector<float> values;  // cols x rows
  const float* column(size_t c) const { return values.data() + c * rows; }
  static ColumnMajor From(const Matrix& x);
};

struct RandomTreeParams {
  int max_features = 1;       // columns tried per node (>= 1)
  int min_samples_split = 2;  // a node with fewer rows is a leaf
  int min_samples_leaf = 1;   // a split leaving fewer rows on one side is not taken
  int max_depth = 0;          // 0 = unlimited
  bool bootstrap = false;     // each tree sees a bootstrap sample instead of every row
};

struct RandomTree {
  std::vector<TreeNode> nodes;     // nodes[0] is the root
  std::vector<float> cover;        // per node: the weight of the training rows that reach it
  std::vector<float> leaf_values;  // see TreeNode
  std::vector<double> gain;        // per column: weighted impurity decrease of its splits
};

// `y`: class ids (num_classes > 0) or values (num_classes == 0); `weights` empty = all 1.
// x.rows must be at least 1 (the estimator refuses an empty training set).
RandomTree GrowRandomTree(const ColumnMajor& x, const std::vector<float>& y,
                          const std::vector<float>& weights, size_t num_classes,
                          const RandomTreeParams& params, std::mt19937_64& rng);

}  // namespace lathe::ml::internal
