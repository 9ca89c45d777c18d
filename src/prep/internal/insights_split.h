// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Seeded row selection for the insights report: a small portable random generator (SplitMix64,
// so results are the same on every platform and standard library), a sample of rows without
// replacement, and a (stratified) train / test split. Same seed, same input -> same rows.
//
//   Rng rng(options.seed);
//   HoldOut split = SplitTrainTest(labelled_rows, class_codes, 0.7, &rng);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace lathe::prep::internal {

// SplitMix64 (Steele, Lea, Flood 2014). Not thread-safe; one per task.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform integer in [0, bound) (bound > 0), by Lemire's multiply-shift (tiny bias, fine here).
  uint64_t Below(uint64_t bound);

 private:
  uint64_t state_;
};

// Fisher-Yates shuffle of `items`.
void Shuffle(std::vector<uint32_t>* items, Rng* rng);

// `count` distinct row indices of [0, rows), ascending (all rows when count >= rows).
std::vector<uint32_t> SampleRows(size_t rows, size_t count, Rng* rng);

struct HoldOut {
  std::vector<uint32_t> train;  // ascending row indices
  std::vector<uint32_t> test;   // ascending row indices
};

// Splits `rows` into train (about train_fraction) and test. When `strata` is non-empty it holds
// one class code per entry of `rows` and every class is split on its own (a class of two or more
// rows keeps at least one row on each side).
HoldOut SplitTrainTest(std::span<const uint32_t> rows, std::span<const int32_t> strata,
                       double train_fraction, Rng* rng);

}  // namespace lathe::prep::internal
