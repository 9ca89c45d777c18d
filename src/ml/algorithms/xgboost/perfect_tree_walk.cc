// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/algorithms/xgboost/perfect_tree_walk.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define LATHE_PERFECT_TREE_WALK 1
#endif

namespace lathe::ml::internal {

#ifdef LATHE_PERFECT_TREE_WALK
namespace {

// Rows descending together: four independent groups of eight, so the gathers of one group
// overlap the latency of another's (one group alone waits on each level's three dependent
// gathers).
constexpr size_t kGroups = kPerfectTreeRowMultiple / 8;

// One level down for eight rows at heap nodes `node` whose packed splits and thresholds are
// given: 2i + 1 when a row goes left, else 2i + 2.
__attribute__((target("avx2"))) inline __m256i Descend(__m256i node, __m256i packed,
                                                       __m256 threshold, const float* features,
                                                       __m256i row_offset) {
  const __m256i slot = _mm256_and_si256(packed, _mm256_set1_epi32(0x7fffffff));
  const __m256 value = _mm256_i32gather_ps(features, _mm256_add_epi32(row_offset, slot), 4);
  // Left when value < threshold, or when missing and the default direction is left.
  const __m256 less = _mm256_cmp_ps(value, threshold, _CMP_LT_OQ);
  const __m256 missing = _mm256_cmp_ps(value, value, _CMP_UNORD_Q);
  const __m256 default_left = _mm256_castsi256_ps(_mm256_srai_epi32(packed, 31));
  const __m256i left =
      _mm256_castps_si256(_mm256_or_ps(less, _mm256_and_ps(missing, default_left)));
  // 2i + 2 - 1 when left (the mask is -1), else 2i + 2.
  return _mm256_add_epi32(_mm256_add_epi32(node, node),
                          _mm256_add_epi32(_mm256_set1_epi32(2), left));
}

__attribute__((target("avx2"))) void WalkGroups(const PerfectTreeView& tree,
                                                const float* features, size_t slots,
                                                size_t first_row, float* leaf_out) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i stride = _mm256_set1_epi32(static_cast<int>(slots));
  const auto* split = reinterpret_cast<const int*>(tree.split);
  __m256i row_offset[kGroups], node[kGroups];
  for (size_t g = 0; g < kGroups; ++g) {
    const __m256i rows = _mm256_add_epi32(
        lanes, _mm256_set1_epi32(static_cast<int>(first_row + 8 * g)));
    row_offset[g] = _mm256_mullo_epi32(rows, stride);
    node[g] = _mm256_setzero_si256();
  }
  for (int level = 0; level < tree.depth; ++level) {
    const int level_begin = (1 << level) - 1;
    if (level < 4) {
      // At most 8 nodes on this level: a register holds them all and each lane picks its own
      // with a permute, where a gather would cost several times more.
      const __m256i level_split =
          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(split + level_begin));
      const __m256 level_threshold = _mm256_loadu_ps(tree.threshold + level_begin);
      const __m256i begin = _mm256_set1_epi32(level_begin);
#pragma GCC unroll 4
      for (size_t g = 0; g < kGroups; ++g) {
        const __m256i within = _mm256_sub_epi32(node[g], begin);
        node[g] = Descend(node[g], _mm256_permutevar8x32_epi32(level_split, within),
                          _mm256_permutevar8x32_ps(level_threshold, within), features,
                          row_offset[g]);
      }
      continue;
    }
#pragma GCC unroll 4
    for (size_t g = 0; g < kGroups; ++g) {
      node[g] = Descend(node[g], _mm256_i32gather_epi32(split, node[g], 4),
                        _mm256_i32gather_ps(tree.threshold, node[g], 4), features, row_offset[g]);
    }
  }
  const __m256i first_leaf = _mm256_set1_epi32((1 << tree.depth) - 1);
  for (size_t g = 0; g < kGroups; ++g) {
    const __m256 leaf = _mm256_i32gather_ps(tree.leaf, _mm256_sub_epi32(node[g], first_leaf), 4);
    _mm256_storeu_ps(leaf_out + first_row + 8 * g, leaf);
  }
}

}  // namespace

bool PerfectTreeWalkSupported() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}

void WalkPerfectTree(const PerfectTreeView& tree, const float* features, size_t slots,
                     size_t rows, float* leaf_out) {
  for (size_t row = 0; row < rows; row += kPerfectTreeRowMultiple) {
    WalkGroups(tree, features, slots, row, leaf_out);
  }
}

#else  // not x86: FlatForest keeps its pointer walk

bool PerfectTreeWalkSupported() { return false; }

void WalkPerfectTree(const PerfectTreeView&, const float*, size_t, size_t, float*) {}

#endif

}  // namespace lathe::ml::internal
