// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The held-out test split of a training job: rows the AutoML search never sees, used only for
// the model's evaluation report. Stratified by class for classification (each class keeps its
// share in both parts), a seeded shuffle for regression; rows without a target value go to
// neither part. Pure functions, thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(std::vector<float> y, ml::EncodeTarget(table, problem));
//   LATHE_ASSIGN_OR_RETURN(TestSplit split, SplitTrainTest(y, problem.type, 0.2, 42));
//   data::Table train = data::TakeRows(table, split.train);
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "ml/problem.h"

namespace lathe::jobs {

// Fewer labelled rows than this cannot give both a search and a test set.
inline constexpr size_t kMinTrainingRows = 10;

struct TestSplit {
  std::vector<uint32_t> train;  // row indices, ascending
  std::vector<uint32_t> test;   // row indices, ascending
  size_t unlabelled = 0;        // rows left out (no target value)
};

// `y` is ml::EncodeTarget output (class ids or values; NaN = no target). For classification a
// class with n rows gives round(n * fraction) test rows, but always leaves at least one row in
// training (a class with one row is training-only). InvalidArgument naming `test_fraction` when
// it is outside [0.05, 0.5], naming `target` when fewer than kMinTrainingRows rows have a value
// or the split would leave an empty test set.
Result<TestSplit> SplitTrainTest(const std::vector<float>& y, ml::ProblemType type, double fraction,
                                 uint64_t seed);

}  // namespace lathe::jobs
