// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/algorithms/extra_trees/random_tree.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace lathe::ml::internal {

ColumnMajor ColumnMajor::From(const Matrix& x) {
  ColumnMajor out;
  out.rows = x.rows;
  out.cols = x.dense_cols;
  out.values.resize(x.rows * x.dense_cols);
  for (size_t row = 0; row < x.rows; ++row) {
    const float* src = x.dense.data() + row * x.dense_cols;
    for (size_t col = 0; col < x.dense_cols; ++col) out.values[col * x.rows + row] = src[col];
  }
  return out;
}

namespace {

// Rows rows_[begin, end) of the node `node` at `depth`, still to be split or made a leaf.
struct Pending {
  size_t begin, end;
  int depth;
  int32_t node;
};

// What a node's rows hold: weighted class totals (or sums of y to regress), row count and
// whether one class / one value is all there is.
struct NodeStats {
  double weight = 0, sum = 0;  // sum of w*y (regression)
  std::vector<double> classes;
  size_t rows = 0;
  bool uniform = false;  // one class, or one value
};

struct Split {
  bool found = false;
  int32_t feature = -1;
  float threshold = 0;
  double score = -std::numeric_limits<double>::infinity();
};

class Grower {
 public:
  Grower(const ColumnMajor& x, const std::vector<float>& y, const std::vector<float>& w,
         size_t k, const RandomTreeParams& p, std::mt19937_64& rng)
      : x_(x), y_(y), w_(w), k_(k), p_(p), rng_(rng), features_(x.cols) {
    std::iota(features_.begin(), features_.end(), 0);
    left_.resize(std::max<size_t>(k, 1));
    counts_.resize(2 * std::max<size_t>(k, 1));
  }

  RandomTree Grow() {
    rows_.resize(x_.rows);
    if (p_.bootstrap) {
      std::uniform_int_distribution<uint32_t> pick(0, static_cast<uint32_t>(x_.rows - 1));
      for (uint32_t& r : rows_) r = pick(rng_);
    } else {
      std::iota(rows_.begin(), rows_.end(), 0);
    }
    tree_.gain.assign(x_.cols, 0.0);
    tree_.nodes.emplace_back();
    tree_.cover.push_back(0);
    std::vector<Pending> stack = {{0, rows_.size(), 0, 0}};
    while (!stack.empty()) {
      const Pending at = stack.back();
      stack.pop_back();
      const NodeStats stats = Stats(at);
      tree_.cover[at.node] = static_cast<float>(stats.weight);
      const bool too_small = stats.rows < static_cast<size_t>(p_.min_samples_split) ||
                             stats.rows < 2 * static_cast<size_t>(p_.min_samples_leaf);
      const bool too_deep = p_.max_depth > 0 && at.depth >= p_.max_depth;
      Split split;
      if (!stats.uniform && !too_small && !too_deep) split = FindSplit(at, stats);
      if (!split.found) {
        MakeLeaf(at.node, stats);
        continue;
      }
      const float* col = x_.column(static_cast<size_t>(split.feature));
      const float threshold = split.threshold;
      auto mid = std::partition(rows_.begin() + at.begin, rows_.begin() + at.end,
                                [&](uint32_t r) { return col[r] <= threshold; });
      const size_t middle = static_cast<size_t>(mid - rows_.begin());
      const auto left = static_cast<int32_t>(tree_.nodes.size());
      tree_.nodes.emplace_back();
      tree_.nodes.emplace_back();
      tree_.cover.resize(tree_.nodes.size(), 0.f);
      tree_.nodes[at.node] = {split.feature, threshold, left, left + 1};
      tree_.gain[split.feature] += split.score - ParentScore(stats);
      // The left child is popped first, so a node's left subtree follows it in memory.
      stack.push_back({middle, at.end, at.depth + 1, left + 1});
      stack.push_back({at.begin, middle, at.depth + 1, left});
    }
    return std::move(tree_);
  }

 private:
  float Weight(uint32_t r) const { return w_.empty() ? 1.f : w_[r]; }

  // Also gathers the node's labels and weights into labels_ / weights_ for FindSplit.
  NodeStats Stats(const Pending& at) {
    NodeStats s;
    s.rows = at.end - at.begin;
    labels_.resize(s.rows);
    weights_.resize(s.rows);
    for (size_t i = at.begin; i < at.end; ++i) {
      const uint32_t r = rows_[i];
      labels_[i - at.begin] = y_[r];
      weights_[i - at.begin] = Weight(r);
    }
    if (k_ > 0) {
      s.classes.assign(k_, 0.0);
      for (size_t t = 0; t < s.rows; ++t) s.classes[static_cast<size_t>(labels_[t])] += weights_[t];
      size_t present = 0;
      for (double c : s.classes) {
        s.weight += c;
        present += c > 0;
      }
      s.uniform = present <= 1;
      return s;
    }
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (size_t t = 0; t < s.rows; ++t) {
      s.weight += weights_[t];
      s.sum += static_cast<double>(weights_[t]) * labels_[t];
      lo = std::min(lo, labels_[t]);
      hi = std::max(hi, labels_[t]);
    }
    s.uniform = !(hi > lo);
    return s;
  }

  // The split score before splitting (Gini: sum of squared class weights over the weight;
  // squared error: squared sum over the weight). A split's decrease in weighted impurity is its
  // score less this.
  double ParentScore(const NodeStats& s) const {
    if (s.weight <= 0) return 0;
    if (k_ == 0) return s.sum * s.sum / s.weight;
    double sq = 0;
    for (double c : s.classes) sq += c * c;
    return sq / s.weight;
  }

  // Up to max_features non-constant columns in random order (constant ones do not count, as in
  // scikit-learn), one uniform threshold each; the best score wins.
  Split FindSplit(const Pending& at, const NodeStats& stats) {
    Split best;
    const size_t n = at.end - at.begin;
    values_.resize(n);
    int tried = 0;
    for (size_t i = 0; i < features_.size() && tried < p_.max_features; ++i) {
      const size_t j = std::uniform_int_distribution<size_t>(i, features_.size() - 1)(rng_);
      std::swap(features_[i], features_[j]);
      const uint32_t f = features_[i];
      const float* col = x_.column(f);
      float lo = std::numeric_limits<float>::infinity(), hi = -lo;
      bool missing = false;
      for (size_t t = 0; t < n; ++t) {
        const float v = col[rows_[at.begin + t]];
        values_[t] = v;
        if (v != v) {
          missing = true;
          continue;
        }
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      // Constant, unless missing values can go right of the one value there is.
      if (!(hi > lo) && !(missing && hi == lo)) continue;
      ++tried;
      float threshold = lo;
      if (hi > lo) {
        const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
        threshold = static_cast<float>(lo + u * (static_cast<double>(hi) - lo));
        if (!(threshold < hi)) threshold = lo;  // rounding: keep the largest value right
      }
      const double score = Score(at, stats, threshold);
      if (score > best.score) best = {true, static_cast<int32_t>(f), threshold, score};
    }
    return best;
  }

  // The split's score over values_ (the candidate column at this node's rows), or -inf when a
  // side keeps fewer than min_samples_leaf rows or no weight.
  double Score(const Pending& at, const NodeStats& stats, float threshold) {
    const size_t n = at.end - at.begin;
    size_t left_rows = 0;
    double left_weight = 0, left_sum = 0;
    // Branch-free: which side a row goes is a coin toss the branch predictor would lose.
    if (k_ > 0 && w_.empty()) {
      // Unweighted: integer counts in two interleaved histograms, so that runs of one class
      // do not wait on each other's stores.
      std::fill(counts_.begin(), counts_.end(), 0u);
      uint32_t* even = counts_.data();
      uint32_t* odd = counts_.data() + k_;
      size_t t = 0;
      for (; t + 1 < n; t += 2) {
        even[static_cast<size_t>(labels_[t])] += values_[t] <= threshold;
        odd[static_cast<size_t>(labels_[t + 1])] += values_[t + 1] <= threshold;
      }
      if (t < n) even[static_cast<size_t>(labels_[t])] += values_[t] <= threshold;
      for (size_t c = 0; c < k_; ++c) {
        left_[c] = static_cast<double>(even[c] + odd[c]);
        left_weight += left_[c];
      }
      left_rows = static_cast<size_t>(left_weight);
    } else if (k_ > 0) {
      std::fill(left_.begin(), left_.end(), 0.0);
      for (size_t t = 0; t < n; ++t) {
        const bool left = values_[t] <= threshold;
        left_rows += left;
        left_[static_cast<size_t>(labels_[t])] += left ? weights_[t] : 0.f;
      }
      for (size_t c = 0; c < k_; ++c) left_weight += left_[c];
    } else {
      for (size_t t = 0; t < n; ++t) {
        const bool left = values_[t] <= threshold;
        const float w = left ? weights_[t] : 0.f;
        left_rows += left;
        left_weight += w;
        left_sum += static_cast<double>(w) * labels_[t];
      }
    }
    const size_t min_leaf = static_cast<size_t>(p_.min_samples_leaf);
    const double right_weight = stats.weight - left_weight;
    if (left_rows < min_leaf || n - left_rows < min_leaf || !(left_weight > 0) ||
        !(right_weight > 1e-12 * stats.weight)) {
      return -std::numeric_limits<double>::infinity();
    }
    if (k_ == 0) {
      const double right_sum = stats.sum - left_sum;
      return left_sum * left_sum / left_weight + right_sum * right_sum / right_weight;
    }
    double left_sq = 0, right_sq = 0;
    for (size_t c = 0; c < k_; ++c) {
      const double right = stats.classes[c] - left_[c];
      left_sq += left_[c] * left_[c];
      right_sq += right * right;
    }
    return left_sq / left_weight + right_sq / right_weight;
  }

  void MakeLeaf(int32_t node, const NodeStats& s) {
    TreeNode leaf;
    if (k_ > 0 && s.uniform && s.weight > 0) {
      leaf.left = static_cast<int32_t>(
          std::max_element(s.classes.begin(), s.classes.end()) - s.classes.begin());
    } else {
      leaf.right = static_cast<int32_t>(tree_.leaf_values.size());
      if (k_ == 0) {
        tree_.leaf_values.push_back(s.weight > 0 ? static_cast<float>(s.sum / s.weight) : 0.f);
      } else {
        for (double c : s.classes) {
          tree_.leaf_values.push_back(
              s.weight > 0 ? static_cast<float>(c / s.weight) : 1.f / static_cast<float>(k_));
        }
      }
    }
    tree_.nodes[node] = leaf;
  }

  const ColumnMajor& x_;
  const std::vector<float>& y_;
  const std::vector<float>& w_;
  const size_t k_;
  const RandomTreeParams& p_;
  std::mt19937_64& rng_;
  std::vector<uint32_t> features_;
  std::vector<uint32_t> rows_;
  std::vector<float> values_;   // the candidate column at the node's rows
  std::vector<float> labels_;   // the node's labels and weights, gathered by Stats
  std::vector<float> weights_;
  std::vector<double> left_;     // the candidate split's left class weights
  std::vector<uint32_t> counts_;  // two interleaved histograms of left class counts (unweighted)
  RandomTree tree_;
};

}  // namespace

RandomTree GrowRandomTree(const ColumnMajor& x, const std::vector<float>& y,
                          const std::vector<float>& weights, size_t num_classes,
                          const RandomTreeParams& params, std::mt19937_64& rng) {
  return Grower(x, y, weights, num_classes, params, rng).Grow();
}

}  // namespace lathe::ml::internal
