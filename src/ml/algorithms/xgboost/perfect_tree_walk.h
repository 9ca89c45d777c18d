// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The vectorised walk of FlatForest's shallow trees. A tree of depth d is laid out as a perfect
// binary tree in heap order (node i has children 2i+1 and 2i+2; a leaf shallower than d is
// repeated over the whole subtree below it), so eight rows descend it together with AVX2
// gathers and no branch: at each level a row's next node is 2i+1 when it goes left, else 2i+2.
// Per tree and row this costs a fraction of a pointer-chasing walk, whose branch mispredictions
// dominate on big batches (~28 ns per depth-6 tree and row in XGBoost's CPU predictor).
#pragma once

#include <cstddef>
#include <cstdint>

namespace lathe::ml::internal {

// One perfect tree: 2^depth - 1 inner nodes then 2^depth leaves.
// The arrays are read 8 entries at a time on the first levels: at least 8 readable entries
// must follow the last inner node (pad the storage).
struct PerfectTreeView {
  // Per inner node: the feature slot in the low 31 bits, bit 31 set = a missing value goes left.
  const uint32_t* split;
  const float* threshold;  // per inner node: value < threshold goes left
  const float* leaf;       // per leaf
  int depth;               // 0: a single leaf
};

// WalkPerfectTree takes rows in multiples of this (pad a block with rows of NaN).
inline constexpr size_t kPerfectTreeRowMultiple = 32;

// Whether this CPU runs WalkPerfectTree (AVX2); checked once.
bool PerfectTreeWalkSupported();

// leaf_out[r] = the leaf `tree` sends row r to, for r < rows, where row r's features are
// features[r * slots, (r + 1) * slots) (NaN = missing). `rows` must be a multiple of
// kPerfectTreeRowMultiple; every slot a split reads must be < slots. Requires PerfectTreeWalkSupported().
void WalkPerfectTree(const PerfectTreeView& tree, const float* features, size_t slots,
                     size_t rows, float* leaf_out);

}  // namespace lathe::ml::internal
