// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The kNN learner's search: by brute force, the k training points nearest (squared Euclidean
// distance) to each query row. Distances are computed for a block of queries at once, so each
// point is read once per block, and each query keeps its k best while the points stream by
// (a bounded insertion: after the first few hundred points almost every point is rejected by
// one comparison). With AVX2 a block is 8 queries, two per register; otherwise 4.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lathe::ml::internal {

// Rows of points and queries are zero-padded to a multiple of this many floats.
inline constexpr size_t kNearestPointsAlign = 4;

struct Neighbour {
  float squared_distance;
  uint32_t point;  // row of `points`
};

// For each of the `rows` query rows, its k nearest points, nearest first, ties to the lower point
// index: out[q * k, q * k + k). `points` is n rows and `queries` `rows` rows of `width`
// floats (width a multiple of kNearestPointsAlign); requires 1 <= k <= n. A distance is the float
// sum of squared differences in one fixed order on every CPU (four partial sums over columns
// c mod 4, added as (s0 + s1) + (s2 + s3)), so the result never depends on the SIMD path; a NaN
// distance counts as +inf. `allow_avx2` false takes the portable path (for tests).
void NearestPoints(const float* points, size_t n, size_t width, const float* queries, size_t rows,
                   size_t k, Neighbour* out, bool allow_avx2 = true);

// Whether NearestPoints takes the AVX2 path on this CPU.
bool NearestPointsUseAvx2();

}  // namespace lathe::ml::internal
