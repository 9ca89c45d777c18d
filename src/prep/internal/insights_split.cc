// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/insights_split.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace lathe::prep::internal {

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Rng::Below(uint64_t bound) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * bound) >> 64);
}

void Shuffle(std::vector<uint32_t>* items, Rng* rng) {
  for (size_t idx = items->size(); idx > 1; --idx) {
    std::swap((*items)[idx - 1], (*items)[rng->Below(idx)]);
  }
}

std::vector<uint32_t> SampleRows(size_t rows, size_t count, Rng* rng) {
  std::vector<uint32_t> all(rows);
  for (size_t row = 0; row < rows; ++row) all[row] = static_cast<uint32_t>(row);
  if (count >= rows) return all;
  // Partial Fisher-Yates: the first `count` slots become a uniform sample.
  for (size_t idx = 0; idx < count; ++idx) {
    std::swap(all[idx], all[idx + rng->Below(rows - idx)]);
  }
  all.resize(count);
  std::sort(all.begin(), all.end());
  return all;
}

namespace {

void SplitGroup(std::vector<uint32_t> group, double train_fraction, Rng* rng, HoldOut* out) {
  Shuffle(&group, rng);
  size_t train = static_cast<size_t>(std::llround(train_fraction * static_cast<double>(group.size())));
  if (group.size() >= 2) train = std::clamp<size_t>(train, 1, group.size() - 1);
  out->train.insert(out->train.end(), group.begin(), group.begin() + static_cast<std::ptrdiff_t>(train));
  out->test.insert(out->test.end(), group.begin() + static_cast<std::ptrdiff_t>(train), group.end());
}

}  // namespace

HoldOut SplitTrainTest(std::span<const uint32_t> rows, std::span<const int32_t> strata,
                       double train_fraction, Rng* rng) {
  HoldOut out;
  if (strata.empty()) {
    SplitGroup(std::vector<uint32_t>(rows.begin(), rows.end()), train_fraction, rng, &out);
  } else {
    std::map<int32_t, std::vector<uint32_t>> groups;  // ordered: deterministic
    for (size_t idx = 0; idx < rows.size(); ++idx) groups[strata[idx]].push_back(rows[idx]);
    for (auto& [code, group] : groups) SplitGroup(std::move(group), train_fraction, rng, &out);
  }
  std::sort(out.train.begin(), out.train.end());
  std::sort(out.test.begin(), out.test.end());
  return out;
}

}  // namespace lathe::prep::internal
