// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// FlatForest: an XGBoost gbtree booster compiled once into flat node arrays and walked by Lathe
// itself, for small batches where the XGBoost 1.7 C API's fixed cost per call (JSON config
// parsing, cgroup reads, a proxy DMatrix: 30-50 us) dwarfs the tree walk (~1-3 us a row for
// 100 depth-6 trees). It reproduces XGBoost's prediction exactly: float sums of the leaf values
// in tree order starting from the base score in margin space, `value < threshold` goes left,
// missing (NaN or absent from the sparse block) follows the default direction, then the
// objective's transform. Immutable after Build; Predict may be called from many threads.
//
//   LATHE_ASSIGN_OR_RETURN(std::unique_ptr<FlatForest> forest, FlatForest::FromBooster(handle));
//   std::vector<float> out(x.rows * forest->num_outputs());
//   forest->Predict(x, out.data());   // what XGBoosterPredictFromDense "type":0 returns
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/status.h"
#include "ml/estimator.h"
#include "ml/matrix.h"

namespace lathe::ml::internal {

// Deepest tree FlatForest lays out as a perfect tree for the vectorised walk.
inline constexpr int kMaxPerfectDepth = 10;

// Largest batch the XGBoost learner predicts with a FlatForest that is not vectorised(); bigger
// batches go through the C API (which may also use several threads). Per row and
// single-threaded, the pointer walk costs the same as the C API's, whose fixed cost per call
// (~33 us) decides: the two cross between 256 and 512 rows (bench/serving/direct_predict
// --sweep, docs/benchmarks.md). A vectorised forest predicts every batch: 2-4x faster per row
// than the C API on one thread (10,000-row batches of 100 depth-6 trees; letter_recognition's
// 17,160-tree ensemble).
inline constexpr size_t kFlatForestMaxRows = 256;

class FlatForest {
 public:
  // Saves `booster` (an XGBoost BoosterHandle) as UBJSON and compiles it (FromUbjson).
  static Result<std::unique_ptr<FlatForest>> FromBooster(void* booster);
  // Compiles a model as XGBoosterSaveModelToBuffer writes it with {"format":"ubj"}.
  // Unimplemented (naming what) for what the walker does not reproduce: gblinear, dart,
  // categorical splits, vector leaves, objectives other than binary:logistic, reg:logistic,
  // multi:softprob, reg:squarederror, count:poisson. DataLoss when the model is malformed
  // (naming the tree and field).
  static Result<std::unique_ptr<FlatForest>> FromUbjson(std::string_view bytes);

  // Values per row: num_class for multi:softprob, else 1.
  size_t num_outputs() const { return num_outputs_; }
  size_t num_trees() const { return roots_.size(); }
  // One more than the highest feature index any split reads.
  size_t min_features() const { return min_features_; }
  const std::string& objective() const { return objective_; }
  // Whether batches of 8 rows or more walk most trees eight rows at a time (AVX2 on this CPU
  // and at least half the trees shallow enough: perfect_tree_walk.h).
  bool vectorised() const;
  // Trees shallow enough for the vectorised walk (depth <= kMaxPerfectDepth).
  size_t num_perfect_trees() const { return num_perfect_; }

  // Transformed predictions of every row of `x` (dense block and sparse block, NaN or absent =
  // missing) into out[rows * num_outputs()], row-major. x.cols() must be >= min_features().
  void Predict(const Matrix& x, float* out) const;
  // The same before the objective's transform (the margin).
  void PredictMargin(const Matrix& x, float* out) const;

  FlatForest(const FlatForest&) = delete;
  FlatForest& operator=(const FlatForest&) = delete;

 private:
  // A node: children of an inner node are at `left` and `left + 1`; a leaf has left == 0 (no
  // node's child is node 0, the first tree's root). 12 bytes, so a depth-6 tree is ~1.5 KiB.
  struct Node {
    uint32_t slot_and_default;  // feature slot (low 31 bits), bit 31 set = missing goes left
    float value;                // threshold (inner node) or leaf value
    uint32_t left;
  };
  static constexpr uint32_t kDefaultLeft = 0x80000000u;
  enum class Transform { kIdentity, kSigmoid, kSoftmax, kExp };

  FlatForest() = default;
  // Reads the objective, output count and base score from the learner object.
  Status SetObjective(const nlohmann::json& learner);
  // Appends one tree's nodes breadth-first (children adjacent); `split_features` gets the
  // feature of every appended node (0 for leaves) until AssignSlots maps them.
  Status AddTree(const nlohmann::json& tree, size_t tree_idx,
                 std::vector<uint32_t>* split_features);
  void AssignSlots(const std::vector<uint32_t>& split_features);
  // Lays the trees of depth <= kMaxPerfectDepth out again as perfect trees (perfect_tree_walk.h).
  void BuildPerfectTrees();
  // Heap-order copy of the subtree at nodes_[idx] into perfect tree `tree` at position `pos`.
  void FillPerfect(uint32_t idx, size_t pos, int level, size_t tree);
  // Gathers the features the splits read for rows [begin, end) into features[(end - begin) x
  // slots] (NaN where missing).
  void Gather(const Matrix& x, size_t begin, size_t end, float* features) const;
  float Walk(uint32_t root, const float* features) const;
  // PredictMargin for batches of at least 8 rows on a CPU with AVX2: perfect trees eight rows
  // at a time, the others by Walk.
  void PredictMarginVectorised(const Matrix& x, float* out) const;

  std::vector<Node> nodes_;
  std::vector<uint32_t> roots_;   // per tree
  std::vector<uint32_t> groups_;  // per tree: output column it adds to
  // Per tree, its perfect layout (depth < 0: deeper than kMaxPerfectDepth, walked by Walk).
  struct PerfectTree {
    size_t inner_offset;  // into perfect_split_ and perfect_threshold_
    size_t leaf_offset;   // into perfect_leaf_
    int depth;
  };
  std::vector<PerfectTree> perfect_;
  std::vector<uint32_t> perfect_split_;
  std::vector<float> perfect_threshold_;
  std::vector<float> perfect_leaf_;
  size_t num_perfect_ = 0;
  // Feature index per slot, ascending: slots are the distinct features the splits read, so a
  // row is gathered into a short vector however wide (hashed text) the matrix is.
  std::vector<uint32_t> slot_features_;
  // Slot of each feature from the first sparse-range one the splits read (kNoSlot when no split
  // reads it): a sparse row's non-zeros find their slots in one lookup each. Empty when the
  // splits read few features (Gather searches slot_features_ then).
  std::vector<uint32_t> sparse_slot_of_;
  // One bit per entry of sparse_slot_of_, set where a slot is: 32 KiB for 2^18 features, in L1,
  // where most of a text row's non-zeros (no split reads them) stop.
  std::vector<uint64_t> sparse_has_slot_;
  uint32_t sparse_slot_base_ = 0;  // feature index of sparse_slot_of_[0]
  size_t num_outputs_ = 1;
  size_t min_features_ = 0;
  float base_margin_ = 0;
  Transform transform_ = Transform::kIdentity;
  std::string objective_;
};

// Whether `model` is an XGBoost learner (xgboost_estimator.cc) that predicts small batches with
// compiled trees; false for other learners and for boosters the walker refused.
bool TEST_HasCompiledTrees(const Model& model);

}  // namespace lathe::ml::internal
