// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// "extra_trees": a forest of extremely randomised trees (random_tree.h) over the dense features
// (the sparse text block is not used), averaging the trees' class proportions or values. Each
// tree has its own generator seeded from the fit's seed and the tree's index, so a fit is the
// same for any number of threads. Missing values go right at every split. Immutable and
// thread-safe once fitted. Prediction walks every tree for every row: ~3-5 ns per level.
// Contributions are path attributions (Saabas), not SHAP values.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "ml/algorithms/extra_trees/random_tree.h"
#include "ml/internal/learner_util.h"
#include "ml/internal/learners.h"
#include "ml/internal/params.h"

namespace lathe::ml::internal {
namespace {

constexpr uint32_t kMagic = 0x31525458;  // "XTR1"

struct ForestState {
  uint32_t num_classes = 0;  // 0 = regression
  uint64_t dense_cols = 0, sparse_cols = 0;
  std::vector<int32_t> roots;      // each tree's root in nodes
  std::vector<TreeNode> nodes;     // every tree; child and leaf offsets are forest-wide
  std::vector<float> cover;        // per node: weight of the training rows that reached it
  std::vector<float> leaf_values;  // every tree's
  std::vector<float> importance;   // per column (dense, then sparse at 0), summing to 1
};

class ExtraTreesModel final : public Model {
 public:
  ExtraTreesModel(ForestState s, nlohmann::json params)
      : s_(std::move(s)), params_(std::move(params)) {}
  std::string_view learner() const override { return "extra_trees"; }

  Result<std::vector<float>> Predict(const Matrix& x) const override {
    LATHE_RETURN_IF_ERROR(CheckShape(x));
    const size_t k = s_.num_classes, width = std::max<size_t>(k, 1), d = s_.dense_cols;
    std::vector<float> out(x.rows * width, 0.f);
    // Trees outer and rows inner within a block, so that a tree stays in cache for its rows.
    constexpr size_t kBlock = 1024;
    for (size_t first = 0; first < x.rows; first += kBlock) {
      const size_t last = std::min(x.rows, first + kBlock);
      for (size_t t = 0; t < s_.roots.size(); ++t) {
        const size_t size = TreeEnd(t) - static_cast<size_t>(s_.roots[t]);
        const TreeNode* root = s_.nodes.data() + s_.roots[t];
        for (size_t row = first; row < last;) {
          const size_t lanes = size > kSmallTree ? std::min(kLanes, last - row) : 1;
          Walk(root, x.dense.data() + row * d, lanes, out.data() + row * width);
          row += lanes;
        }
      }
    }
    const float scale = 1.f / static_cast<float>(s_.roots.size());
    for (float& v : out) v *= scale;
    return out;
  }

  // Path attributions (Saabas): along a row's path in each tree, each split adds to its
  // column the change it makes in the explained class's share (the value, to regress); the
  // bias is the root's. Per row, bias + contributions = the forest's prediction for the class
  // explained, its most likely one. A node's share is its leaves' shares weighted by cover.
  Result<std::vector<float>> Contributions(const Matrix& x) const override {
    LATHE_RETURN_IF_ERROR(CheckShape(x));
    const size_t k = s_.num_classes, outputs = std::max<size_t>(k, 1);
    const size_t cols = s_.dense_cols + s_.sparse_cols, width = cols + 1, d = s_.dense_cols;
    std::vector<float> out(x.rows * width, 0.f);
    std::vector<size_t> explained(x.rows, 0);
    if (k > 0) {
      LATHE_ASSIGN_OR_RETURN(std::vector<float> proba, Predict(x));
      for (size_t row = 0; row < x.rows; ++row) {
        const float* p = proba.data() + row * k;
        explained[row] = static_cast<size_t>(std::max_element(p, p + k) - p);
      }
    }
    std::vector<float> value;  // per node of one tree: its outputs
    for (size_t t = 0; t < s_.roots.size(); ++t) {
      const size_t begin = static_cast<size_t>(s_.roots[t]);
      const size_t end = TreeEnd(t);
      value.assign((end - begin) * outputs, 0.f);
      for (size_t i = end; i-- > begin;) {  // children come after their parent
        const TreeNode& n = s_.nodes[i];
        float* v = value.data() + (i - begin) * outputs;
        if (n.feature < 0) {
          if (k > 0 && n.left >= 0) {
            v[n.left] = 1.f;
          } else {
            std::copy_n(s_.leaf_values.data() + n.right, outputs, v);
          }
          continue;
        }
        const float* l = value.data() + (n.left - begin) * outputs;
        const float* r = value.data() + (n.right - begin) * outputs;
        const double cl = s_.cover[n.left], cr = s_.cover[n.right];
        const double wl = cl + cr > 0 ? cl / (cl + cr) : 0.5;
        for (size_t o = 0; o < outputs; ++o) {
          v[o] = static_cast<float>(wl * l[o] + (1 - wl) * r[o]);
        }
      }
      for (size_t row = 0; row < x.rows; ++row) {
        const float* features = x.dense.data() + row * d;
        float* o = out.data() + row * width;
        const size_t c = explained[row];
        size_t at = begin;
        o[cols] += value[c];
        while (s_.nodes[at].feature >= 0) {
          const TreeNode& n = s_.nodes[at];
          const size_t next = static_cast<size_t>(
              features[n.feature] <= n.threshold ? n.left : n.right);
          o[n.feature] += value[(next - begin) * outputs + c] - value[(at - begin) * outputs + c];
          at = next;
        }
      }
    }
    const float scale = 1.f / static_cast<float>(s_.roots.size());
    for (float& v : out) v *= scale;
    return out;
  }

  std::vector<float> Importance() const override { return s_.importance; }

  Result<std::string> Save() const override {
    ByteWriter w;
    w.U32(kMagic);
    w.U32(s_.num_classes);
    w.U64(s_.dense_cols);
    w.U64(s_.sparse_cols);
    w.Ints(s_.roots);
    std::vector<int32_t> features, lefts, rights;
    std::vector<float> thresholds;
    for (const TreeNode& n : s_.nodes) {
      features.push_back(n.feature);
      thresholds.push_back(n.threshold);
      lefts.push_back(n.left);
      rights.push_back(n.right);
    }
    w.Ints(features);
    w.Floats(thresholds);
    w.Ints(lefts);
    w.Ints(rights);
    w.Floats(s_.cover);
    w.Floats(s_.leaf_values);
    w.Floats(s_.importance);
    return w.Take();
  }
  nlohmann::json Params() const override { return params_; }

 private:
  Status CheckShape(const Matrix& x) const {
    if (x.dense_cols == s_.dense_cols && x.sparse_cols == s_.sparse_cols) return Status::Ok();
    return InvalidArgumentError("extra_trees: the model expects " +
                                std::to_string(s_.dense_cols + s_.sparse_cols) +
                                " features, got " + std::to_string(x.cols()));
  }

  // One past tree t's last node.
  size_t TreeEnd(size_t t) const {
    return t + 1 < s_.roots.size() ? static_cast<size_t>(s_.roots[t + 1]) : s_.nodes.size();
  }

  // Trees of more nodes than this leave the L1 cache: their rows walk kLanes at a time in
  // lockstep, so that cache misses overlap (a fully grown tree on letter_recognition's 12,800
  // holdout-training rows has ~7,800 nodes: 1,000 rows in 64-70 ms instead of 113). Small trees walk one row at a
  // time: lockstep lanes of uneven depth cost more than they save (glass: 22 ms against 12).
  static constexpr size_t kSmallTree = 2048, kLanes = 8;

  // Walks `lanes` consecutive rows (features: their first value) down the tree at `root` and
  // adds each leaf's class vote or values to the rows' outputs.
  void Walk(const TreeNode* root, const float* features, size_t lanes, float* out) const {
    const TreeNode* nodes = s_.nodes.data();
    const size_t d = s_.dense_cols, k = s_.num_classes, width = std::max<size_t>(k, 1);
    const TreeNode* at[kLanes];
    for (size_t l = 0; l < lanes; ++l) at[l] = root;
    for (bool moving = true; moving;) {
      moving = false;
      for (size_t l = 0; l < lanes; ++l) {
        const TreeNode* n = at[l];
        if (n->feature < 0) continue;
        at[l] = nodes + (features[l * d + n->feature] <= n->threshold ? n->left : n->right);
        moving = true;
      }
    }
    for (size_t l = 0; l < lanes; ++l) {
      float* o = out + l * width;
      if (k > 0 && at[l]->left >= 0) {
        o[at[l]->left] += 1.f;
      } else {
        const float* v = s_.leaf_values.data() + at[l]->right;
        for (size_t c = 0; c < width; ++c) o[c] += v[c];
      }
    }
  }

  ForestState s_;
  nlohmann::json params_;
};

// Tree t's generator: the fit's seed and t mixed (SplitMix64), so trees differ and a fit does
// not depend on which thread grew which tree.
uint64_t TreeSeed(uint64_t seed, size_t tree) {
  uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (tree + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Appends `tree` to the forest, moving its child and leaf offsets to forest-wide ones.
void Append(RandomTree tree, ForestState& s) {
  const auto node_base = static_cast<int32_t>(s.nodes.size());
  const auto leaf_base = static_cast<int32_t>(s.leaf_values.size());
  s.roots.push_back(node_base);
  for (TreeNode n : tree.nodes) {
    if (n.feature >= 0) {
      n.left += node_base;
      n.right += node_base;
    } else if (n.right >= 0) {
      n.right += leaf_base;
    }
    s.nodes.push_back(n);
  }
  s.cover.insert(s.cover.end(), tree.cover.begin(), tree.cover.end());
  s.leaf_values.insert(s.leaf_values.end(), tree.leaf_values.begin(), tree.leaf_values.end());
}

class ExtraTreesEstimator final : public Estimator {
 public:
  ExtraTreesEstimator(int trees, double max_features, RandomTreeParams tree_params,
                      nlohmann::json params, ProblemInfo problem)
      : trees_(trees),
        max_features_(max_features),
        tree_params_(tree_params),
        params_(std::move(params)),
        problem_(std::move(problem)) {}
  std::string_view learner() const override { return "extra_trees"; }

  Result<std::unique_ptr<Model>> Fit(const LabeledData& train, const LabeledData*,
                                     const FitOptions& options) const override {
    LATHE_RETURN_IF_ERROR(CheckLabels(train, problem_, "extra_trees"));
    if (train.x.dense_cols == 0) {
      return InvalidArgumentError("extra_trees: needs dense features (text-only data has none)");
    }
    if (train.x.rows == 0) return InvalidArgumentError("extra_trees: no training rows");
    const size_t k = NumClasses(problem_), d = train.x.dense_cols;
    // Columns tried per node: sqrt(d) to classify and all of them to regress (as scikit-learn's
    // ExtraTrees), unless max_features gives a share.
    const double share =
        max_features_ > 0 ? max_features_ : (k > 0 ? 1.0 / std::sqrt(static_cast<double>(d)) : 1.0);
    RandomTreeParams tree_params = tree_params_;
    tree_params.max_features =
        static_cast<int>(std::clamp<double>(std::round(share * d), 1, static_cast<double>(d)));
    const ColumnMajor columns = ColumnMajor::From(train.x);

    std::vector<RandomTree> grown(static_cast<size_t>(trees_));
    std::atomic<size_t> next{0};
    std::atomic<bool> stop{false};
    auto work = [&](bool polls) {
      for (size_t t = next++; t < grown.size() && !stop; t = next++) {
        if (polls && IsCancelled(options)) {
          stop = true;
          break;
        }
        std::mt19937_64 rng(TreeSeed(options.seed, t));
        grown[t] = GrowRandomTree(columns, train.y, train.weights, k, tree_params, rng);
        if (polls && options.progress) {
          FitProgress progress;
          progress.iteration = static_cast<int>(std::min(next.load(), grown.size()));
          progress.total_iterations = trees_;
          options.progress(progress);
        }
      }
    };
    // The calling thread polls for cancellation and reports progress; helpers only grow trees.
    std::vector<std::thread> helpers;
    const int threads = std::clamp(options.threads, 1, std::max(1, trees_));
    for (int i = 1; i < threads; ++i) helpers.emplace_back(work, false);
    work(true);
    for (std::thread& h : helpers) h.join();
    if (stop) return CancelledError("extra_trees: fit cancelled");

    ForestState s;
    s.num_classes = static_cast<uint32_t>(k);
    s.dense_cols = d;
    s.sparse_cols = train.x.sparse_cols;
    std::vector<double> gain(d, 0.0);
    for (RandomTree& tree : grown) {
      for (size_t c = 0; c < d; ++c) gain[c] += tree.gain[c];
      Append(std::move(tree), s);
    }
    double total = 0;
    for (double g : gain) total += g;
    s.importance.assign(d + train.x.sparse_cols, 0.f);
    for (size_t c = 0; c < d && total > 0; ++c) s.importance[c] = static_cast<float>(gain[c] / total);
    nlohmann::json params = params_;
    params["max_features_per_node"] = tree_params.max_features;
    return std::unique_ptr<Model>(
        std::make_unique<ExtraTreesModel>(std::move(s), std::move(params)));
  }

 private:
  int trees_;
  double max_features_;
  RandomTreeParams tree_params_;
  nlohmann::json params_;
  ProblemInfo problem_;
};

// Every offset in range and every child after its parent, so that any walk ends at a leaf.
Status CheckForest(const ForestState& s) {
  const size_t width = std::max<size_t>(s.num_classes, 1);
  const auto n = static_cast<int64_t>(s.nodes.size());
  for (int32_t root : s.roots) {
    if (root < 0 || root >= n) return DataLossError("extra_trees: a tree root is out of range");
  }
  for (int64_t i = 0; i < n; ++i) {
    const TreeNode& node = s.nodes[static_cast<size_t>(i)];
    if (node.feature >= 0) {
      if (static_cast<uint64_t>(node.feature) >= s.dense_cols || node.left <= i ||
          node.right <= i || node.left >= n || node.right >= n) {
        return DataLossError("extra_trees: node " + std::to_string(i) + " is malformed");
      }
    } else if (s.num_classes > 0 && node.left >= 0) {
      if (static_cast<uint32_t>(node.left) >= s.num_classes) {
        return DataLossError("extra_trees: leaf " + std::to_string(i) + " names no class");
      }
    } else if (node.right < 0 || static_cast<size_t>(node.right) + width > s.leaf_values.size()) {
      return DataLossError("extra_trees: leaf " + std::to_string(i) + " has no values");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Estimator>> MakeExtraTreesEstimator(std::string_view,
                                                           const nlohmann::json& params,
                                                           const ProblemInfo& problem) {
  ParamReader r("extra_trees", params);
  const int trees = r.Int("n_estimators", 300, 1, 5000);
  // A share of the dense columns; 0 = sqrt(columns) to classify, all of them to regress.
  const double max_features = r.Double("max_features", 0, 0, 1);
  RandomTreeParams tp;
  tp.min_samples_split = r.Int("min_samples_split", 2, 2, 1000000);
  tp.min_samples_leaf = r.Int("min_samples_leaf", 1, 1, 1000000);
  tp.max_depth = r.Int("max_depth", 0, 0, 1000);
  tp.bootstrap = r.Bool("bootstrap", false);
  LATHE_RETURN_IF_ERROR(r.Finish());
  return std::unique_ptr<Estimator>(std::make_unique<ExtraTreesEstimator>(
      trees, max_features, tp, r.effective(), problem));
}

Result<std::unique_ptr<Model>> LoadExtraTreesModel(std::string_view, const std::string& bytes,
                                                   const nlohmann::json& params,
                                                   const ProblemInfo& problem) {
  ByteReader r(bytes, "extra_trees model");
  LATHE_ASSIGN_OR_RETURN(uint32_t magic, r.U32());
  if (magic != kMagic) return DataLossError("extra_trees: not an extra-trees model");
  ForestState s;
  LATHE_ASSIGN_OR_RETURN(s.num_classes, r.U32());
  LATHE_ASSIGN_OR_RETURN(s.dense_cols, r.U64());
  LATHE_ASSIGN_OR_RETURN(s.sparse_cols, r.U64());
  LATHE_ASSIGN_OR_RETURN(s.roots, r.Ints());
  LATHE_ASSIGN_OR_RETURN(std::vector<int32_t> features, r.Ints());
  LATHE_ASSIGN_OR_RETURN(std::vector<float> thresholds, r.Floats());
  LATHE_ASSIGN_OR_RETURN(std::vector<int32_t> lefts, r.Ints());
  LATHE_ASSIGN_OR_RETURN(std::vector<int32_t> rights, r.Ints());
  LATHE_ASSIGN_OR_RETURN(s.cover, r.Floats());
  LATHE_ASSIGN_OR_RETURN(s.leaf_values, r.Floats());
  LATHE_ASSIGN_OR_RETURN(s.importance, r.Floats());
  LATHE_RETURN_IF_ERROR(r.Done());
  if (s.num_classes != NumClasses(problem) || s.roots.empty() ||
      thresholds.size() != features.size() || lefts.size() != features.size() ||
      rights.size() != features.size() || s.cover.size() != features.size()) {
    return DataLossError("extra_trees: model sizes do not match");
  }
  for (size_t i = 0; i < features.size(); ++i) {
    s.nodes.push_back({features[i], thresholds[i], lefts[i], rights[i]});
  }
  LATHE_RETURN_IF_ERROR(CheckForest(s));
  return std::unique_ptr<Model>(std::make_unique<ExtraTreesModel>(std::move(s), params));
}

}  // namespace lathe::ml::internal
