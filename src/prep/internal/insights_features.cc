// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/insights_features.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "data/profile.h"  // for FormatValue

namespace lathe::prep::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool IsNumericLike(data::DataType type) {
  return data::IsNumeric(type) || type == data::DataType::kDate ||
         type == data::DataType::kDateTime;
}

double FiniteOrNaN(const data::Column& column, size_t row) {
  const double v = column.NumericAt(row);
  return std::isfinite(v) ? v : kNaN;
}

// Dense codes for a categorical column, most frequent level first (ties by label).
void EncodeCategorical(const data::Column& column, size_t max_levels, Feature* out) {
  std::vector<size_t> counts(column.dictionary.size(), 0);
  for (size_t row = 0; row < column.size(); ++row) {
    if (!column.IsNull(row)) ++counts[column.codes[row]];
  }
  std::vector<uint32_t> order;
  for (uint32_t code = 0; code < counts.size(); ++code) {
    if (counts[code] > 0) order.push_back(code);
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (counts[a] != counts[b]) return counts[a] > counts[b];
    return column.dictionary[a] < column.dictionary[b];
  });
  const size_t keep = max_levels >= 2 && order.size() > max_levels ? max_levels - 1 : order.size();
  std::vector<int32_t> remap(column.dictionary.size(), static_cast<int32_t>(keep));
  for (size_t idx = 0; idx < keep; ++idx) {
    remap[order[idx]] = static_cast<int32_t>(idx);
    out->levels.push_back(column.dictionary[order[idx]]);
  }
  if (keep < order.size()) {
    out->levels.push_back("(other)");
    out->has_other_level = true;
  }
  out->codes.assign(column.size(), -1);
  for (size_t row = 0; row < column.size(); ++row) {
    if (!column.IsNull(row)) out->codes[row] = remap[column.codes[row]];
  }
}

}  // namespace

Feature EncodeFeature(const data::Column& column, size_t max_levels) {
  Feature f;
  f.name = column.name;
  f.type = column.type;
  if (IsNumericLike(column.type)) {
    f.kind = FeatureKind::kNumeric;
    f.values.resize(column.size());
    for (size_t row = 0; row < column.size(); ++row) f.values[row] = FiniteOrNaN(column, row);
  } else if (column.type == data::DataType::kCategorical) {
    f.kind = FeatureKind::kCategorical;
    EncodeCategorical(column, max_levels, &f);
  } else {
    f.kind = FeatureKind::kText;
  }
  return f;
}

Target EncodeClassTarget(const data::Column& column) {
  Target t;
  t.name = column.name;
  t.type = column.type;
  t.classification = true;
  t.classes.assign(column.size(), -1);
  if (IsNumericLike(column.type)) {
    std::map<double, int32_t> index;
    for (size_t row = 0; row < column.size(); ++row) {
      const double v = FiniteOrNaN(column, row);
      if (!std::isnan(v)) index.emplace(v, 0);
    }
    int32_t next = 0;
    for (auto& [value, code] : index) {
      code = next++;
      t.labels.push_back(data::FormatValue(column.type, value));
    }
    for (size_t row = 0; row < column.size(); ++row) {
      const double v = FiniteOrNaN(column, row);
      if (!std::isnan(v)) t.classes[row] = index.at(v);
    }
    return t;
  }
  std::map<std::string_view, int32_t> index;
  for (size_t row = 0; row < column.size(); ++row) {
    if (!column.IsNull(row)) index.emplace(column.StringAt(row), 0);
  }
  int32_t next = 0;
  for (auto& [label, code] : index) {
    code = next++;
    t.labels.emplace_back(label);
  }
  for (size_t row = 0; row < column.size(); ++row) {
    if (!column.IsNull(row)) t.classes[row] = index.at(column.StringAt(row));
  }
  return t;
}

Target EncodeRegressionTarget(const data::Column& column) {
  Target t;
  t.name = column.name;
  t.type = column.type;
  t.values.resize(column.size());
  for (size_t row = 0; row < column.size(); ++row) t.values[row] = FiniteOrNaN(column, row);
  return t;
}

size_t CountDistinctUpTo(const data::Column& column, size_t limit) {
  if (column.type == data::DataType::kCategorical) {
    std::vector<uint8_t> seen(column.dictionary.size(), 0);
    size_t distinct = 0;
    for (size_t row = 0; row < column.size() && distinct <= limit; ++row) {
      if (column.IsNull(row) || seen[column.codes[row]]) continue;
      seen[column.codes[row]] = 1;
      ++distinct;
    }
    return std::min(distinct, limit + 1);
  }
  if (IsNumericLike(column.type)) {
    std::set<double> seen;
    for (size_t row = 0; row < column.size() && seen.size() <= limit; ++row) {
      const double v = FiniteOrNaN(column, row);
      if (!std::isnan(v)) seen.insert(v);
    }
    return std::min(seen.size(), limit + 1);
  }
  std::set<std::string_view> seen;
  for (size_t row = 0; row < column.size() && seen.size() <= limit; ++row) {
    if (!column.IsNull(row)) seen.insert(column.StringAt(row));
  }
  return std::min(seen.size(), limit + 1);
}

bool AllIntegral(const data::Column& column) {
  if (column.type != data::DataType::kFloat64) return true;
  for (size_t row = 0; row < column.size(); ++row) {
    if (column.IsNull(row)) continue;
    const double v = column.doubles[row];
    if (std::isfinite(v) && v != std::floor(v)) return false;
  }
  return true;
}

}  // namespace lathe::prep::internal

namespace lathe::prep::internal {

Target GatherTarget(const Target& target, std::span<const uint32_t> rows) {
  Target out;
  out.name = target.name;
  out.type = target.type;
  out.classification = target.classification;
  out.labels = target.labels;
  if (target.classification) {
    out.classes.reserve(rows.size());
    for (uint32_t row : rows) out.classes.push_back(target.classes[row]);
  } else {
    out.values.reserve(rows.size());
    for (uint32_t row : rows) out.values.push_back(target.values[row]);
  }
  return out;
}

}  // namespace lathe::prep::internal
