// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/algorithms/xgboost/flat_forest.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include <xgboost/c_api.h>
#include <nlohmann/json.hpp>

#include "ml/algorithms/xgboost/perfect_tree_walk.h"

namespace lathe::ml::internal {
namespace {

using nlohmann::json;

// Largest saved model compiled (about 1.5 M nodes at ~34 bytes each, e.g. 550 rounds of 26
// classes at depth 6): the parsed JSON document costs about 5 bytes per byte of it while
// compiling, for a moment at fit or load.
constexpr size_t kMaxModelBytes = 48u << 20;
// Gather looks a sparse non-zero's slot up in a table from this many slots on, and searches
// slot_features_ below it.
constexpr size_t kSlotTableMinSlots = 64;
constexpr uint32_t kNoSlot = UINT32_MAX;  // sparse_slot_of_ where no split reads the feature

// A member of `obj` or null (nlohmann's operator[] on a const object asserts when absent).
const json& Member(const json& obj, const char* key) {
  static const json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

// XGBoost writes dmlc parameters as strings ("5E-1"); accept numbers too.
Result<double> ParamNumber(const json& obj, const char* key, double absent) {
  const json& v = Member(obj, key);
  if (v.is_null()) return absent;
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (end != s.c_str() && *end == '\0') return d;
  }
  return DataLossError(std::string("xgboost model: parameter '") + key +
                       "' is not a number: " + v.dump());
}

// One tree's arrays, checked for length.
struct TreeArrays {
  const json* left = nullptr;
  const json* right = nullptr;
  const json* feature = nullptr;
  const json* condition = nullptr;
  const json* default_left = nullptr;
  size_t num_nodes = 0;
};

Result<TreeArrays> ReadTreeArrays(const json& tree, size_t tree_idx) {
  const std::string where = "xgboost model: tree " + std::to_string(tree_idx);
  LATHE_ASSIGN_OR_RETURN(double leaf_vector,
                         ParamNumber(Member(tree, "tree_param"), "size_leaf_vector", 0));
  if (leaf_vector > 1) return UnimplementedError(where + " has vector leaves");
  const json& split_type = Member(tree, "split_type");
  if (split_type.is_array()) {
    for (const json& t : split_type) {
      if (!t.is_number() || t.get<int>() != 0) {
        return UnimplementedError(where + " has categorical splits");
      }
    }
  }
  const json& cat_nodes = Member(tree, "categories_nodes");
  if (cat_nodes.is_array() && !cat_nodes.empty()) {
    return UnimplementedError(where + " has categorical splits");
  }
  TreeArrays a;
  const std::pair<const json**, const char*> fields[] = {{&a.left, "left_children"},
                                                         {&a.right, "right_children"},
                                                         {&a.feature, "split_indices"},
                                                         {&a.condition, "split_conditions"},
                                                         {&a.default_left, "default_left"}};
  for (const auto& [dst, key] : fields) {
    const json& v = Member(tree, key);
    if (!v.is_array()) return DataLossError(where + ": '" + key + "' is missing or not an array");
    *dst = &v;
  }
  a.num_nodes = a.left->size();
  if (a.num_nodes == 0) return DataLossError(where + " has no nodes");
  for (const auto& [dst, key] : fields) {
    if ((*dst)->size() != a.num_nodes) {
      return DataLossError(where + ": '" + key + "' has " + std::to_string((*dst)->size()) +
                           " entries, 'left_children' " + std::to_string(a.num_nodes));
    }
  }
  return a;
}

bool DefaultLeft(const json& v) {
  return v.is_boolean() ? v.get<bool>() : (v.is_number() && v.get<double>() != 0);
}

}  // namespace

Result<std::unique_ptr<FlatForest>> FlatForest::FromBooster(void* booster) {
  bst_ulong len = 0;
  const char* data = nullptr;
  if (XGBoosterSaveModelToBuffer(booster, "{\"format\":\"ubj\"}", &len, &data) != 0) {
    return InternalError(std::string("xgboost save for the tree walker: ") + XGBGetLastError());
  }
  if (len > kMaxModelBytes) {
    return UnimplementedError("xgboost model of " + std::to_string(len) +
                              " bytes: larger than the tree walker compiles");
  }
  return FromUbjson(std::string_view(data, len));
}

Result<std::unique_ptr<FlatForest>> FlatForest::FromUbjson(std::string_view bytes) {
  json root;
  try {
    root = json::from_ubjson(bytes.begin(), bytes.end());
  } catch (const json::exception& e) {
    return DataLossError(std::string("xgboost model: not UBJSON: ") + e.what());
  }
  const json& learner = Member(root, "learner");
  const json& booster = Member(learner, "gradient_booster");
  const json& booster_name = Member(booster, "name");
  if (!booster_name.is_string()) return DataLossError("xgboost model: no gradient_booster.name");
  if (booster_name.get<std::string>() != "gbtree") {
    return UnimplementedError("xgboost model: booster '" + booster_name.get<std::string>() +
                              "' (only gbtree is compiled)");
  }
  auto forest = std::unique_ptr<FlatForest>(new FlatForest());
  LATHE_RETURN_IF_ERROR(forest->SetObjective(learner));

  const json& model = Member(booster, "model");
  const json& trees = Member(model, "trees");
  const json& tree_info = Member(model, "tree_info");
  if (!trees.is_array() || !tree_info.is_array() || trees.size() != tree_info.size()) {
    return DataLossError("xgboost model: 'trees' and 'tree_info' missing or of different lengths");
  }
  std::vector<uint32_t> split_features;
  for (size_t tree_idx = 0; tree_idx < trees.size(); ++tree_idx) {
    const json& group = tree_info[tree_idx];
    if (!group.is_number() || group.get<double>() < 0 ||
        group.get<double>() >= static_cast<double>(forest->num_outputs_)) {
      return DataLossError("xgboost model: tree " + std::to_string(tree_idx) + ": output group " +
                           group.dump() + " out of range");
    }
    forest->groups_.push_back(group.get<uint32_t>());
    LATHE_RETURN_IF_ERROR(forest->AddTree(trees[tree_idx], tree_idx, &split_features));
  }
  forest->AssignSlots(split_features);
  forest->BuildPerfectTrees();
  return forest;
}

Status FlatForest::SetObjective(const json& learner) {
  const json& objective = Member(Member(learner, "objective"), "name");
  if (!objective.is_string()) return DataLossError("xgboost model: no objective.name");
  objective_ = objective.get<std::string>();
  const json& params = Member(learner, "learner_model_param");
  LATHE_ASSIGN_OR_RETURN(double num_class, ParamNumber(params, "num_class", 0));
  LATHE_ASSIGN_OR_RETURN(double num_target, ParamNumber(params, "num_target", 1));
  LATHE_ASSIGN_OR_RETURN(double base_score, ParamNumber(params, "base_score", 0.5));
  // Several targets (one tree per target and round, tree_info naming the target): what a
  // classification forest on class proportions is. Squared error only: no transform applies.
  if (num_target > 1 && (num_target >= 1e6 || num_class > 1)) {
    return DataLossError("xgboost model: num_target " + std::to_string(num_target));
  }
  if (num_target > 1 && objective_ != "reg:squarederror") {
    return UnimplementedError("xgboost model: multi-target model with objective " + objective_);
  }
  // The saved base_score is in output space; XGBoost starts every output from the objective's
  // ProbToMargin of it, computed in float as here.
  const float base = static_cast<float>(base_score);
  if (objective_ == "binary:logistic" || objective_ == "reg:logistic") {
    if (!(base > 0.f && base < 1.f)) {
      return DataLossError("xgboost model: base_score " + std::to_string(base) +
                           " is outside (0, 1) for " + objective_);
    }
    transform_ = Transform::kSigmoid;
    base_margin_ = -logf(1.0f / base - 1.0f);
  } else if (objective_ == "multi:softprob") {
    transform_ = Transform::kSoftmax;
    base_margin_ = base;
  } else if (objective_ == "reg:squarederror") {
    transform_ = Transform::kIdentity;
    base_margin_ = base;
  } else if (objective_ == "count:poisson") {
    if (!(base > 0.f)) {
      return DataLossError("xgboost model: base_score " + std::to_string(base) +
                           " is not positive for count:poisson");
    }
    transform_ = Transform::kExp;
    base_margin_ = logf(base);
  } else {
    return UnimplementedError("xgboost model: objective '" + objective_ + "' is not compiled");
  }
  const bool multi = transform_ == Transform::kSoftmax;
  if ((multi && !(num_class >= 2 && num_class < 1e6)) || (!multi && num_class > 1)) {
    return DataLossError("xgboost model: num_class " + std::to_string(num_class) + " for " +
                         objective_);
  }
  num_outputs_ = multi ? static_cast<size_t>(num_class) : static_cast<size_t>(num_target);
  return Status::Ok();
}

Status FlatForest::AddTree(const json& tree, size_t tree_idx,
                           std::vector<uint32_t>* split_features) {
  const std::string where = "xgboost model: tree " + std::to_string(tree_idx);
  LATHE_ASSIGN_OR_RETURN(TreeArrays a, ReadTreeArrays(tree, tree_idx));
  const size_t base_idx = nodes_.size();
  if (base_idx + a.num_nodes >= kDefaultLeft) return UnimplementedError(where + ": too many nodes");
  roots_.push_back(static_cast<uint32_t>(base_idx));
  // Breadth-first: order[i] is the XGBoost id of the node placed at base_idx + i; a parent
  // places its two children next to each other at the end.
  std::vector<uint32_t> order = {0};
  std::vector<bool> seen(a.num_nodes, false);
  seen[0] = true;
  nodes_.push_back({0, 0.f, 0});
  split_features->push_back(0);
  for (size_t i = 0; i < order.size(); ++i) {
    const uint32_t old = order[i];
    const size_t self = base_idx + i;
    const json &left = (*a.left)[old], &right = (*a.right)[old], &cond = (*a.condition)[old],
               &feature = (*a.feature)[old];
    if (!left.is_number() || !right.is_number() || !cond.is_number() || !feature.is_number()) {
      return DataLossError(where + ", node " + std::to_string(old) + ": a non-numeric field");
    }
    nodes_[self].value = cond.get<float>();
    if (left.get<int64_t>() < 0) continue;  // a leaf: value is its output
    const int64_t l = left.get<int64_t>(), r = right.get<int64_t>(), f = feature.get<int64_t>();
    const auto n = static_cast<int64_t>(a.num_nodes);
    if (l >= n || r < 0 || r >= n || seen[l] || seen[r] || f < 0 || f >= kDefaultLeft) {
      return DataLossError(where + ", node " + std::to_string(old) +
                           ": bad children or split feature (" + std::to_string(l) + ", " +
                           std::to_string(r) + ", feature " + std::to_string(f) + ")");
    }
    seen[l] = seen[r] = true;
    order.push_back(static_cast<uint32_t>(l));
    order.push_back(static_cast<uint32_t>(r));
    nodes_[self].left = static_cast<uint32_t>(nodes_.size());
    nodes_[self].slot_and_default = DefaultLeft((*a.default_left)[old]) ? kDefaultLeft : 0;
    (*split_features)[self] = static_cast<uint32_t>(f);
    nodes_.push_back({0, 0.f, 0});
    nodes_.push_back({0, 0.f, 0});
    split_features->push_back(0);
    split_features->push_back(0);
  }
  return Status::Ok();
}

void FlatForest::AssignSlots(const std::vector<uint32_t>& split_features) {
  slot_features_.clear();
  for (size_t idx = 0; idx < nodes_.size(); ++idx) {
    if (nodes_[idx].left != 0) slot_features_.push_back(split_features[idx]);
  }
  std::sort(slot_features_.begin(), slot_features_.end());
  slot_features_.erase(std::unique(slot_features_.begin(), slot_features_.end()),
                       slot_features_.end());
  min_features_ = slot_features_.empty() ? 0 : slot_features_.back() + 1;
  sparse_slot_of_.clear();
  if (slot_features_.size() >= kSlotTableMinSlots) {
    // Features from the first slot on: with hashed n-grams the split features spread over the
    // whole sparse block, and the table (4 bytes per feature) stays below ~1 MiB at 2^18.
    sparse_slot_base_ = slot_features_.front();
    sparse_slot_of_.assign(min_features_ - sparse_slot_base_, kNoSlot);
    sparse_has_slot_.assign((sparse_slot_of_.size() + 63) / 64, 0);
    for (size_t slot = 0; slot < slot_features_.size(); ++slot) {
      const size_t at = slot_features_[slot] - sparse_slot_base_;
      sparse_slot_of_[at] = static_cast<uint32_t>(slot);
      sparse_has_slot_[at / 64] |= uint64_t{1} << (at % 64);
    }
  }
  for (size_t idx = 0; idx < nodes_.size(); ++idx) {
    if (nodes_[idx].left == 0) continue;
    const auto slot =
        std::lower_bound(slot_features_.begin(), slot_features_.end(), split_features[idx]) -
        slot_features_.begin();
    nodes_[idx].slot_and_default |= static_cast<uint32_t>(slot);
  }
}

void FlatForest::BuildPerfectTrees() {
  perfect_.assign(roots_.size(), PerfectTree{0, 0, -1});
  num_perfect_ = 0;
  for (size_t tree = 0; tree < roots_.size(); ++tree) {
    // Depth by a breadth-first sweep of this tree's nodes (children follow their parents).
    const uint32_t begin = roots_[tree];
    const uint32_t end = tree + 1 < roots_.size() ? roots_[tree + 1] : nodes_.size();
    std::vector<int> level(end - begin, 0);
    int depth = 0;
    for (uint32_t idx = begin; idx < end; ++idx) {
      const Node& n = nodes_[idx];
      if (n.left == 0) continue;
      level[n.left - begin] = level[n.left + 1 - begin] = level[idx - begin] + 1;
      depth = std::max(depth, level[idx - begin] + 1);
    }
    // Padding a deep, sparse tree multiplies its size; past ~4 M entries (~48 MB) the rest
    // stay pointer-walked.
    constexpr size_t kMaxPerfectEntries = size_t{4} << 20;
    if (depth > kMaxPerfectDepth ||
        perfect_leaf_.size() + (size_t{2} << depth) > kMaxPerfectEntries) {
      continue;
    }
    perfect_[tree] = {perfect_split_.size(), perfect_leaf_.size(), depth};
    perfect_split_.resize(perfect_split_.size() + (size_t{1} << depth) - 1, 0);
    perfect_threshold_.resize(perfect_split_.size(), 0.f);
    perfect_leaf_.resize(perfect_leaf_.size() + (size_t{1} << depth), 0.f);
    FillPerfect(begin, 0, 0, tree);
    ++num_perfect_;
  }
  // The walk reads a level of up to 8 inner nodes with one load (perfect_tree_walk.h).
  perfect_split_.resize(perfect_split_.size() + 8, 0);
  perfect_threshold_.resize(perfect_split_.size(), 0.f);
}

void FlatForest::FillPerfect(uint32_t idx, size_t pos, int level, size_t tree) {
  const PerfectTree& t = perfect_[tree];
  const Node& n = nodes_[idx];
  if (level == t.depth) {  // n is a leaf here (depth is the deepest leaf's level)
    perfect_leaf_[t.leaf_offset + pos - ((size_t{1} << t.depth) - 1)] = n.value;
    return;
  }
  if (n.left == 0) {
    // A shallower leaf: a node reading slot 0 whose both subtrees end in this leaf's value.
    FillPerfect(idx, 2 * pos + 1, level + 1, tree);
    FillPerfect(idx, 2 * pos + 2, level + 1, tree);
    return;
  }
  perfect_split_[t.inner_offset + pos] = n.slot_and_default;
  perfect_threshold_[t.inner_offset + pos] = n.value;
  FillPerfect(n.left, 2 * pos + 1, level + 1, tree);
  FillPerfect(n.left + 1, 2 * pos + 2, level + 1, tree);
}

void FlatForest::Gather(const Matrix& x, size_t begin, size_t end, float* features) const {
  const size_t slots = slot_features_.size();
  std::fill(features, features + (end - begin) * slots, std::numeric_limits<float>::quiet_NaN());
  // Slots whose feature lies in the dense block come first (features ascend).
  const size_t dense_slots =
      std::lower_bound(slot_features_.begin(), slot_features_.end(), x.dense_cols) -
      slot_features_.begin();
  for (size_t row = begin; row < end; ++row) {
    float* dst = features + (row - begin) * slots;
    const float* src = x.dense.data() + row * x.dense_cols;
    for (size_t slot = 0; slot < dense_slots; ++slot) dst[slot] = src[slot_features_[slot]];
    if (!x.has_sparse() || dense_slots == slots) continue;
    if (!sparse_slot_of_.empty()) {
      for (uint64_t k = x.sparse_indptr[row]; k < x.sparse_indptr[row + 1]; ++k) {
        const uint64_t at = x.dense_cols + x.sparse_indices[k] - sparse_slot_base_;
        if (at >= sparse_slot_of_.size()) continue;  // before the first slot or past the last
        if ((sparse_has_slot_[at / 64] >> (at % 64) & 1) == 0) continue;
        dst[sparse_slot_of_[at]] = x.sparse_values[k];
      }
      continue;
    }
    for (uint64_t k = x.sparse_indptr[row]; k < x.sparse_indptr[row + 1]; ++k) {
      const uint64_t col = x.dense_cols + x.sparse_indices[k];
      auto it = std::lower_bound(slot_features_.begin() + dense_slots, slot_features_.end(), col);
      if (it != slot_features_.end() && *it == col) {
        dst[it - slot_features_.begin()] = x.sparse_values[k];
      }
    }
  }
}

float FlatForest::Walk(uint32_t idx, const float* features) const {
  const Node* nodes = nodes_.data();
  while (nodes[idx].left != 0) {
    const Node& n = nodes[idx];
    const float v = features[n.slot_and_default & ~kDefaultLeft];
    const bool right = std::isnan(v) ? (n.slot_and_default & kDefaultLeft) == 0 : !(v < n.value);
    idx = n.left + static_cast<uint32_t>(right);
  }
  return nodes[idx].value;
}

void FlatForest::PredictMarginVectorised(const Matrix& x, float* out) const {
  const size_t slots = slot_features_.size(), width = num_outputs_;
  std::fill(out, out + x.rows * width, base_margin_);
  // Blocks of up to 64 rows, padded with missing rows to the walk's multiple; 32 rows when a
  // row gathers so many features that 64 would not stay in the L2 cache.
  constexpr size_t kBlockFloats = 64 * 1024;
  const size_t block = slots * 64 <= kBlockFloats ? 64 : kPerfectTreeRowMultiple;
  std::vector<float> features(block * std::max<size_t>(slots, 1));
  alignas(32) float leaves[64];
  for (size_t begin = 0; begin < x.rows; begin += block) {
    const size_t end = std::min(x.rows, begin + block);
    const size_t padded = (end - begin + kPerfectTreeRowMultiple - 1) /
                          kPerfectTreeRowMultiple * kPerfectTreeRowMultiple;
    Gather(x, begin, end, features.data());
    std::fill(features.begin() + (end - begin) * slots, features.begin() + padded * slots,
              std::numeric_limits<float>::quiet_NaN());
    for (size_t tree = 0; tree < roots_.size(); ++tree) {
      float* dst = out + groups_[tree];
      const PerfectTree& t = perfect_[tree];
      if (t.depth >= 0) {
        const PerfectTreeView view{perfect_split_.data() + t.inner_offset,
                                   perfect_threshold_.data() + t.inner_offset,
                                   perfect_leaf_.data() + t.leaf_offset, t.depth};
        WalkPerfectTree(view, features.data(), slots, padded, leaves);
        for (size_t row = begin; row < end; ++row) dst[row * width] += leaves[row - begin];
      } else {
        for (size_t row = begin; row < end; ++row) {
          dst[row * width] += Walk(roots_[tree], features.data() + (row - begin) * slots);
        }
      }
    }
  }
}

bool FlatForest::vectorised() const {
  return 2 * num_perfect_ >= roots_.size() && PerfectTreeWalkSupported();
}

void FlatForest::PredictMargin(const Matrix& x, float* out) const {
  if (x.rows >= 8 && vectorised()) {
    PredictMarginVectorised(x, out);
    return;
  }
  const size_t slots = slot_features_.size(), width = num_outputs_;
  std::fill(out, out + x.rows * width, base_margin_);
  // Rows go through the trees in blocks whose gathered features fit a 16 KiB stack buffer (a
  // single row of a model reading more features than that uses the heap): no allocation, and
  // one tree's nodes stay in cache across a block. Each row still sums its leaves in tree
  // order, as XGBoost does.
  constexpr size_t kStackFloats = 4096, kMaxBlock = 64;
  float stack_buffer[kStackFloats];
  std::vector<float> heap_buffer;
  float* features = stack_buffer;
  if (slots > kStackFloats) {
    heap_buffer.resize(slots);
    features = heap_buffer.data();
  }
  const size_t block =
      std::clamp<size_t>(slots == 0 ? kMaxBlock : kStackFloats / slots, 1, kMaxBlock);
  for (size_t begin = 0; begin < x.rows; begin += block) {
    const size_t end = std::min(x.rows, begin + block);
    Gather(x, begin, end, features);
    for (size_t tree = 0; tree < roots_.size(); ++tree) {
      const uint32_t root = roots_[tree];
      float* dst = out + groups_[tree];
      for (size_t row = begin; row < end; ++row) {
        dst[row * width] += Walk(root, features + (row - begin) * slots);
      }
    }
  }
}

void FlatForest::Predict(const Matrix& x, float* out) const {
  PredictMargin(x, out);
  const size_t n = x.rows * num_outputs_;
  switch (transform_) {
    case Transform::kIdentity:
      return;
    case Transform::kSigmoid:
      for (size_t i = 0; i < n; ++i) out[i] = 1.0f / (1.0f + expf(-out[i]));
      return;
    case Transform::kExp:
      for (size_t i = 0; i < n; ++i) out[i] = expf(out[i]);
      return;
    case Transform::kSoftmax:
      for (size_t row = 0; row < x.rows; ++row) {
        float* p = out + row * num_outputs_;
        float top = p[0];
        for (size_t c = 1; c < num_outputs_; ++c) top = fmaxf(p[c], top);
        double sum = 0;
        for (size_t c = 0; c < num_outputs_; ++c) {
          p[c] = expf(p[c] - top);
          sum += p[c];
        }
        for (size_t c = 0; c < num_outputs_; ++c) p[c] /= static_cast<float>(sum);
      }
      return;
  }
}

}  // namespace lathe::ml::internal
