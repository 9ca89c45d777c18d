// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/insights_feature_target.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "data/table.h"
#include "prep/internal/insights_issue.h"
#include "prep/internal/stats_association.h"
#include "prep/internal/stats_correlation.h"
#include "prep/internal/stats_distribution.h"

namespace lathe::prep::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Discrete {
  std::vector<int32_t> codes;  // -1 = missing
  int32_t levels = 0;
};

Discrete Quantized(const std::vector<double>& values) {
  std::vector<double> present;
  for (double v : values) {
    if (!std::isnan(v)) present.push_back(v);
  }
  const std::vector<double> edges = QuantileEdges(present, kMutualInformationBins);
  Discrete d;
  d.levels = static_cast<int32_t>(edges.size()) + 1;
  d.codes.resize(values.size());
  for (size_t row = 0; row < values.size(); ++row) {
    d.codes[row] = std::isnan(values[row]) ? -1 : BinIndex(edges, values[row]);
  }
  return d;
}

Discrete FeatureCodes(const Feature& f) {
  if (f.kind == FeatureKind::kCategorical) {
    return {f.codes, static_cast<int32_t>(f.levels.size())};
  }
  if (f.type == data::DataType::kBool) {
    Discrete d{std::vector<int32_t>(f.values.size(), -1), 2};
    for (size_t row = 0; row < f.values.size(); ++row) {
      if (!std::isnan(f.values[row])) d.codes[row] = f.values[row] != 0 ? 1 : 0;
    }
    return d;
  }
  return Quantized(f.values);
}

// Codes of the exact feature values (at most `limit` distinct), or empty if there are more.
std::vector<int32_t> ExactValueCodes(const Feature& f, size_t limit, int32_t* levels) {
  if (f.kind == FeatureKind::kCategorical) {
    if (f.has_other_level) return {};
    *levels = static_cast<int32_t>(f.levels.size());
    return f.codes;
  }
  std::unordered_map<double, int32_t> index;
  std::vector<int32_t> codes(f.values.size(), -1);
  for (size_t row = 0; row < f.values.size(); ++row) {
    if (std::isnan(f.values[row])) continue;
    auto [it, added] = index.emplace(f.values[row], static_cast<int32_t>(index.size()));
    if (added && index.size() > limit) return {};
    codes[row] = it->second;
  }
  *levels = static_cast<int32_t>(index.size());
  return codes;
}

// True when the non-empty cells of `t` pair each row level with exactly one column level and
// back, with at least two levels (a relabelling).
bool IsBijection(const Contingency& t) {
  std::vector<int> per_row(t.rows, 0), per_col(t.cols, 0);
  for (size_t a = 0; a < t.rows; ++a) {
    for (size_t b = 0; b < t.cols; ++b) {
      if (t.at(a, b) > 0) {
        ++per_row[a];
        ++per_col[b];
      }
    }
  }
  const auto at_most_one = [](const std::vector<int>& v) {
    return std::all_of(v.begin(), v.end(), [](int n) { return n <= 1; });
  };
  const size_t used = static_cast<size_t>(std::count(per_col.begin(), per_col.end(), 1));
  return t.total > 0 && used >= 2 && at_most_one(per_row) && at_most_one(per_col);
}

bool Identical(const Feature& f, const Target& t) {
  if (f.kind != FeatureKind::kNumeric || t.classification) return false;
  size_t both = 0;
  for (size_t row = 0; row < f.values.size(); ++row) {
    if (std::isnan(f.values[row]) || std::isnan(t.values[row])) continue;
    if (f.values[row] != t.values[row]) return false;
    ++both;
  }
  return both > 0;
}

FeatureAssociation Associate(const Feature& f, const Target& t, const Discrete& target_codes,
                             const HoldOut& split) {
  FeatureAssociation a;
  a.column = f.name;
  a.type = std::string(data::DataTypeName(f.type));
  a.pearson = a.spearman = a.correlation_ratio = a.cramers_v = kNaN;
  a.mutual_information = a.normalized_mutual_information = kNaN;
  a.power.value = a.power.accuracy = kNaN;
  if (f.kind == FeatureKind::kText) {
    a.skipped = "text column";
    return a;
  }
  const Discrete fc = FeatureCodes(f);
  const Contingency table =
      Contingency::Build(fc.codes, fc.levels, target_codes.codes, target_codes.levels);
  if (table.total == 0) {
    a.skipped = "no row has both the feature and the target";
    return a;
  }
  a.mutual_information = MutualInformation(table);
  a.normalized_mutual_information = NormalizedMutualInformation(table);
  const bool discrete = f.kind == FeatureKind::kCategorical || f.type == data::DataType::kBool;
  if (t.classification) {
    if (discrete) a.cramers_v = CramersV(table);
    if (f.kind == FeatureKind::kNumeric) {
      a.correlation_ratio =
          CorrelationRatio(t.classes, static_cast<int32_t>(t.labels.size()), f.values);
    }
    int32_t levels = 0;
    const std::vector<int32_t> exact = ExactValueCodes(f, t.labels.size(), &levels);
    if (!exact.empty()) {
      a.one_to_one = IsBijection(Contingency::Build(exact, levels, t.classes,
                                                    static_cast<int32_t>(t.labels.size())));
    }
  } else if (f.kind == FeatureKind::kNumeric) {
    a.pearson = Pearson(f.values, t.values);
    a.spearman = Spearman(f.values, t.values);
    a.identical = Identical(f, t);
  } else {
    a.correlation_ratio = CorrelationRatio(f.codes, static_cast<int32_t>(f.levels.size()), t.values);
  }
  a.power = OneFeaturePower(f, t, split);
  return a;
}

}  // namespace

std::vector<FeatureAssociation> AssociateFeatures(const std::vector<Feature>& features,
                                                  const Target& target, const HoldOut& split) {
  const Discrete target_codes =
      target.classification
          ? Discrete{target.classes, static_cast<int32_t>(target.labels.size())}
          : Quantized(target.values);
  std::vector<FeatureAssociation> out;
  for (const Feature& f : features) out.push_back(Associate(f, target, target_codes, split));
  std::stable_sort(out.begin(), out.end(), [](const FeatureAssociation& a,
                                              const FeatureAssociation& b) {
    const double pa = std::isnan(a.power.value) ? -std::numeric_limits<double>::infinity()
                                                : a.power.value;
    const double pb = std::isnan(b.power.value) ? -std::numeric_limits<double>::infinity()
                                                : b.power.value;
    return pa != pb ? pa > pb : a.column < b.column;
  });
  return out;
}

nlohmann::json FeatureTargetToJson(const std::vector<FeatureAssociation>& associations) {
  nlohmann::json out = nlohmann::json::array();
  for (const FeatureAssociation& a : associations) {
    nlohmann::json j = {{"column", a.column}, {"type", a.type}};
    if (!a.skipped.empty()) {
      j["skipped"] = a.skipped;
      out.push_back(std::move(j));
      continue;
    }
    j["pearson"] = JsonNumber(a.pearson);
    j["spearman"] = JsonNumber(a.spearman);
    j["correlation_ratio"] = JsonNumber(a.correlation_ratio);
    j["cramers_v"] = JsonNumber(a.cramers_v);
    j["mutual_information"] = JsonNumber(a.mutual_information);
    j["normalized_mutual_information"] = JsonNumber(a.normalized_mutual_information);
    j["prediction_power"] = {{"metric", a.power.metric}, {"value", JsonNumber(a.power.value)}};
    if (a.power.metric == "balanced_accuracy") {
      j["prediction_power"]["accuracy"] = JsonNumber(a.power.accuracy);
    }
    j["identical_to_target"] = a.identical;
    j["one_to_one_with_target"] = a.one_to_one;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace lathe::prep::internal
