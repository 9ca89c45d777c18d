// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/algorithms/knn/nearest_points.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define LATHE_KNN_AVX2 1
#endif

namespace lathe::ml::internal {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// Whether (d, i) comes before the neighbour `n` in the order nearest first, lower index first.
inline bool Before(float d, uint32_t i, const Neighbour& n) {
  return d < n.squared_distance || (d == n.squared_distance && i < n.point);
}

// Offers point i at distance d to a query's k best so far (best[0, k), sorted). Points arrive
// in increasing index, so on a tie the one already kept stays first.
inline void Offer(float d, uint32_t i, Neighbour* best, size_t k) {
  if (d != d) d = kInf;
  if (!Before(d, i, best[k - 1])) return;
  size_t pos = k - 1;
  while (pos > 0 && Before(d, i, best[pos - 1])) {
    best[pos] = best[pos - 1];
    --pos;
  }
  best[pos] = {d, i};
}

// Four floats in one SSE register (GCC vector extension; the baseline x86-64 target has SSE2).
using Float4 = float __attribute__((vector_size(16)));

// Up to 4 queries (rows of `queries`) against every point.
void Block4(const float* points, size_t n, size_t width, const float* queries, size_t block,
            size_t k, Neighbour* out) {
  for (size_t i = 0; i < n; ++i) {
    const float* p = points + i * width;
    Float4 acc[4] = {};
    for (size_t c = 0; c < width; c += 4) {
      Float4 pv;
      std::memcpy(&pv, p + c, sizeof pv);
      for (size_t q = 0; q < block; ++q) {
        Float4 qv;
        std::memcpy(&qv, queries + q * width + c, sizeof qv);
        const Float4 diff = pv - qv;
        acc[q] += diff * diff;
      }
    }
    for (size_t q = 0; q < block; ++q) {
      const float d = (acc[q][0] + acc[q][1]) + (acc[q][2] + acc[q][3]);
      Offer(d, static_cast<uint32_t>(i), out + q * k, k);
    }
  }
}

#ifdef LATHE_KNN_AVX2

// 8 queries against every point: register j holds queries 2j (low half) and 2j+1 (high half),
// four columns each, so `pairs` interleaves them: pair j's columns [c, c + 4) of query 2j then of
// query 2j+1 start at pairs[j * 2 * width + 2 * c]. No FMA (target "avx2" only), so each lane
// rounds like Block4's.
__attribute__((target("avx2"))) void Block8(const float* points, size_t n, size_t width,
                                            const float* pairs, size_t block, size_t k,
                                            Neighbour* out) {
  // Lane l of the final horizontal sums holds query kLaneQuery[l].
  static constexpr uint32_t kLaneQuery[8] = {0, 2, 4, 6, 1, 3, 5, 7};
  alignas(32) float worst[8];
  for (size_t l = 0; l < 8; ++l) {
    worst[l] = kLaneQuery[l] < block ? out[kLaneQuery[l] * k + k - 1].squared_distance : -kInf;
  }
  const size_t stride = 2 * width;
  for (size_t i = 0; i < n; ++i) {
    const float* p = points + i * width;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = acc0, acc2 = acc0, acc3 = acc0;
    for (size_t c = 0; c < width; c += 4) {
      const __m256 pv = _mm256_broadcast_ps(reinterpret_cast<const __m128*>(p + c));
      const float* q = pairs + 2 * c;
      const __m256 d0 = _mm256_sub_ps(pv, _mm256_loadu_ps(q));
      const __m256 d1 = _mm256_sub_ps(pv, _mm256_loadu_ps(q + stride));
      const __m256 d2 = _mm256_sub_ps(pv, _mm256_loadu_ps(q + 2 * stride));
      const __m256 d3 = _mm256_sub_ps(pv, _mm256_loadu_ps(q + 3 * stride));
      acc0 = _mm256_add_ps(acc0, _mm256_mul_ps(d0, d0));
      acc1 = _mm256_add_ps(acc1, _mm256_mul_ps(d1, d1));
      acc2 = _mm256_add_ps(acc2, _mm256_mul_ps(d2, d2));
      acc3 = _mm256_add_ps(acc3, _mm256_mul_ps(d3, d3));
    }
    // hadd twice gives each query (s0 + s1) + (s2 + s3), in lanes {q0 q2 q4 q6 | q1 q3 q5 q7}.
    const __m256 sums = _mm256_hadd_ps(_mm256_hadd_ps(acc0, acc1), _mm256_hadd_ps(acc2, acc3));
    // Only queries whose k-th best this point may beat (or a NaN) go through Offer.
    const __m256 worth = _mm256_cmp_ps(sums, _mm256_load_ps(worst), _CMP_NGT_UQ);
    unsigned mask = static_cast<unsigned>(_mm256_movemask_ps(worth));
    if (mask == 0) continue;
    alignas(32) float d[8];
    _mm256_store_ps(d, sums);
    while (mask != 0) {
      const unsigned lane = static_cast<unsigned>(__builtin_ctz(mask));
      mask &= mask - 1;
      const uint32_t q = kLaneQuery[lane];
      if (q >= block) continue;
      Neighbour* best = out + q * k;
      Offer(d[lane], static_cast<uint32_t>(i), best, k);
      worst[lane] = best[k - 1].squared_distance;
    }
  }
}

#endif  // LATHE_KNN_AVX2

}  // namespace

bool NearestPointsUseAvx2() {
#ifdef LATHE_KNN_AVX2
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
#else
  return false;
#endif
}

void NearestPoints(const float* points, size_t n, size_t width, const float* queries, size_t rows,
                   size_t k, Neighbour* out, bool allow_avx2) {
  std::fill(out, out + rows * k, Neighbour{kInf, std::numeric_limits<uint32_t>::max()});
#ifdef LATHE_KNN_AVX2
  if (allow_avx2 && NearestPointsUseAvx2()) {
    std::vector<float> pairs(8 * width, 0.f);
    for (size_t first = 0; first < rows; first += 8) {
      const size_t block = std::min<size_t>(8, rows - first);
      std::fill(pairs.begin(), pairs.end(), 0.f);
      for (size_t q = 0; q < block; ++q) {
        const float* row = queries + (first + q) * width;
        float* pair = pairs.data() + (q / 2) * 2 * width + (q % 2) * 4;
        for (size_t c = 0; c < width; c += 4) std::copy_n(row + c, 4, pair + 2 * c);
      }
      Block8(points, n, width, pairs.data(), block, k, out + first * k);
    }
    return;
  }
#endif
  for (size_t first = 0; first < rows; first += 4) {
    const size_t block = std::min<size_t>(4, rows - first);
    Block4(points, n, width, queries + first * width, block, k, out + first * k);
  }
}

}  // namespace lathe::ml::internal
