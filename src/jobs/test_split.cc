// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/test_split.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>

namespace lathe::jobs {
namespace {

Status FieldError(const std::string& field, const std::string& message) {
  return InvalidArgumentError(field + ": " + message).WithDetail("field", field);
}

// Moves round(rows * fraction) of `rows` (shuffled) to test, keeping `keep_in_train` in train.
void Deal(std::vector<uint32_t> rows, double fraction, size_t keep_in_train, std::mt19937_64& rng,
          TestSplit& out) {
  std::shuffle(rows.begin(), rows.end(), rng);
  size_t n_test = static_cast<size_t>(std::llround(static_cast<double>(rows.size()) * fraction));
  n_test = std::min(n_test, rows.size() > keep_in_train ? rows.size() - keep_in_train : 0);
  out.test.insert(out.test.end(), rows.begin(), rows.begin() + static_cast<ptrdiff_t>(n_test));
  out.train.insert(out.train.end(), rows.begin() + static_cast<ptrdiff_t>(n_test), rows.end());
}

}  // namespace

Result<TestSplit> SplitTrainTest(const std::vector<float>& y, ml::ProblemType type, double fraction,
                                 uint64_t seed) {
  if (!(fraction >= 0.05 && fraction <= 0.5)) {
    return FieldError("test_fraction",
                      "must be between 0.05 and 0.5, got " + std::to_string(fraction));
  }
  TestSplit out;
  std::mt19937_64 rng(seed);
  std::map<int64_t, std::vector<uint32_t>> by_class;  // ordered: deterministic dealing order
  std::vector<uint32_t> labelled;
  for (uint32_t row = 0; row < y.size(); ++row) {
    if (!std::isfinite(y[row])) {
      ++out.unlabelled;
      continue;
    }
    labelled.push_back(row);
    if (type != ml::ProblemType::kRegression) by_class[std::llround(y[row])].push_back(row);
  }
  if (labelled.size() < kMinTrainingRows) {
    return FieldError("target", "needs at least " + std::to_string(kMinTrainingRows) +
                                    " rows with a target value, found " +
                                    std::to_string(labelled.size()));
  }
  if (type == ml::ProblemType::kRegression) {
    Deal(std::move(labelled), fraction, 2, rng, out);
  } else {
    for (auto& [label, rows] : by_class) Deal(std::move(rows), fraction, 1, rng, out);
  }
  if (out.test.empty()) {
    return FieldError("test_fraction", "leaves no test rows out of " +
                                           std::to_string(labelled.size()) + " labelled rows");
  }
  std::sort(out.train.begin(), out.train.end());
  std::sort(out.test.begin(), out.test.end());
  return out;
}

}  // namespace lathe::jobs
