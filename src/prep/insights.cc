// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/insights.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "data/profile.h"
#include "data/take.h"
#include "prep/internal/insights_columns.h"
#include "prep/internal/insights_correlations.h"
#include "prep/internal/insights_duplicates.h"
#include "prep/internal/insights_feature_target.h"
#include "prep/internal/insights_features.h"
#include "prep/internal/insights_issue.h"
#include "prep/internal/insights_leakage.h"
#include "prep/internal/insights_quick_model.h"
#include "prep/internal/insights_split.h"
#include "prep/internal/insights_target.h"

namespace lathe::prep {
namespace {

using internal::Issue;
using internal::Severity;

constexpr size_t kMaxFeatureLevels = 200;  // rarer categories are grouped as "(other)"
constexpr double kTrainFraction = 0.7;
constexpr uint64_t kSplitStream = 0x5851f42d4c957f2dULL;  // split RNG = seed ^ this

nlohmann::json BuildSummary(const data::Table& table, const data::TableProfile& profile,
                            std::vector<Issue>* issues) {
  std::map<std::string, size_t> types;
  size_t missing = 0;
  for (const data::ColumnProfile& c : profile.columns) {
    ++types[std::string(data::DataTypeName(c.type))];
    missing += c.missing;
  }
  const size_t rows = table.num_rows();
  const double cells = static_cast<double>(rows) * static_cast<double>(table.num_columns());
  const size_t duplicates = internal::CountDuplicateRowsExact(table);
  const double dup_fraction = rows ? static_cast<double>(duplicates) / static_cast<double>(rows) : 0;
  if (duplicates > 0) {
    issues->push_back({"", "duplicate_rows", dup_fraction >= 0.01 ? Severity::kMedium : Severity::kLow,
                       std::to_string(duplicates) + (duplicates == 1 ? " row (" : " rows (") +
                           internal::FormatPercent(dup_fraction) +
                           ") repeat an earlier row exactly; they inflate hold-out scores when "
                           "copies land on both sides of a split"});
  }
  return {{"rows", rows},
          {"columns", table.num_columns()},
          {"column_types", types},
          {"missing_cells", missing},
          {"missing_cells_fraction", cells > 0 ? static_cast<double>(missing) / cells : 0.0},
          {"duplicate_rows", duplicates},
          {"duplicate_rows_fraction", dup_fraction},
          {"memory_bytes", table.MemoryBytes()}};
}

// Columns the quick model leaves out before looking at them: leaks, identifiers, constants.
internal::Exclusions ModelExclusions(const std::vector<internal::Leak>& leaks,
                                     const data::QualityReport& quality) {
  internal::Exclusions out;
  for (const internal::Leak& leak : leaks) out.emplace_back(leak.column, "possible target leakage");
  for (const std::string& c : quality.id_like_columns) out.emplace_back(c, "id-like");
  for (const std::string& c : quality.constant_columns) out.emplace_back(c, "constant");
  return out;
}

struct TargetSections {
  nlohmann::json feature_target = nlohmann::json::array();
  nlohmann::json leakage = nlohmann::json::array();
  nlohmann::json quick_model;
};

TargetSections AnalyzeAgainstTarget(const std::vector<internal::Feature>& features,
                                    const internal::Target& target,
                                    const data::QualityReport& quality, uint64_t seed,
                                    std::vector<Issue>* issues) {
  std::vector<uint32_t> labelled;
  std::vector<int32_t> strata;
  for (size_t row = 0; row < (target.classification ? target.classes.size() : target.values.size());
       ++row) {
    const bool present = target.classification ? target.classes[row] >= 0
                                               : !std::isnan(target.values[row]);
    if (!present) continue;
    labelled.push_back(static_cast<uint32_t>(row));
    if (target.classification) strata.push_back(target.classes[row]);
  }
  internal::Rng rng(seed ^ kSplitStream);
  const internal::HoldOut split = SplitTrainTest(labelled, strata, kTrainFraction, &rng);
  TargetSections out;
  const std::vector<internal::FeatureAssociation> associations =
      internal::AssociateFeatures(features, target, split);
  out.feature_target = internal::FeatureTargetToJson(associations);
  const std::vector<internal::Leak> leaks =
      internal::FindLeakage(associations, split.test.size(), labelled.size());
  for (const internal::Leak& leak : leaks) issues->push_back(leak.issue);
  out.leakage = internal::LeakageToJson(leaks);
  out.quick_model =
      internal::BuildQuickModel(features, target, split, ModelExclusions(leaks, quality));
  return out;
}

nlohmann::json WarningsJson(std::vector<Issue> issues, nlohmann::json* counts) {
  std::stable_sort(issues.begin(), issues.end(),
                   [](const Issue& a, const Issue& b) { return a.severity < b.severity; });
  nlohmann::json out = nlohmann::json::array();
  std::map<std::string, size_t> by_severity = {{"high", 0}, {"medium", 0}, {"low", 0}};
  for (const Issue& issue : issues) {
    ++by_severity[std::string(internal::SeverityName(issue.severity))];
    out.push_back(internal::IssueToJson(issue, true));
  }
  *counts = by_severity;
  return out;
}

}  // namespace

Result<nlohmann::json> ComputeInsights(const data::Table& table, const InsightsOptions& options) {
  if (options.max_rows < 1) {
    return InvalidArgumentError("max_rows must be at least 1, got " +
                                std::to_string(options.max_rows))
        .WithDetail("field", "max_rows");
  }
  int target_index = -1;
  if (options.target) {
    target_index = table.FindColumn(*options.target);
    if (target_index < 0) {
      return NotFoundError("target column '" + *options.target + "' not found")
          .WithDetail("column", *options.target);
    }
  }
  data::ProfileOptions profile_options;
  profile_options.histogram_bins = 0;
  LATHE_ASSIGN_OR_RETURN(const data::TableProfile profile,
                         data::ProfileTable(table, profile_options));
  std::optional<internal::TargetAnalysis> target;
  if (target_index >= 0) {
    LATHE_ASSIGN_OR_RETURN(target, internal::AnalyzeTarget(table.column(target_index),
                                                            options.problem_type));
  }
  std::vector<Issue> issues;
  nlohmann::json report = nlohmann::json::object();
  report["summary"] = BuildSummary(table, profile, &issues);
  report["columns"] = internal::BuildColumnsSection(table, profile, &issues);

  // The costly parts run on a seeded sample of at most max_rows rows.
  const size_t rows = table.num_rows();
  const size_t max_rows = static_cast<size_t>(options.max_rows);
  const bool sampled = rows > max_rows;
  internal::Rng sample_rng(options.seed);
  const std::vector<uint32_t> sample = internal::SampleRows(rows, max_rows, &sample_rng);
  const data::Table sample_table = sampled ? data::TakeRows(table, sample) : data::Table();
  const data::Table& analysis = sampled ? sample_table : table;
  report["sampling"] = {
      {"sampled", sampled},   {"rows_total", rows},
      {"rows_used", analysis.num_rows()}, {"max_rows", options.max_rows},
      {"seed", options.seed},
      {"applies_to", {"feature_target", "leakage", "correlations", "quick_model"}}};

  std::vector<internal::Feature> features;
  for (size_t col_idx = 0; col_idx < analysis.num_columns(); ++col_idx) {
    if (static_cast<int>(col_idx) == target_index) continue;
    features.push_back(internal::EncodeFeature(analysis.column(col_idx), kMaxFeatureLevels));
  }
  report["correlations"] = internal::BuildCorrelations(features, &issues);

  report["target"] = nullptr;
  report["feature_target"] = nullptr;
  report["leakage"] = nlohmann::json::array();
  report["quick_model"] = nullptr;
  if (target) {
    issues.insert(issues.end(), target->issues.begin(), target->issues.end());
    report["target"] = target->json;
    if (target->usable) {
      const internal::Target t =
          sampled ? internal::GatherTarget(target->target, sample) : target->target;
      TargetSections s = AnalyzeAgainstTarget(features, t, profile.quality, options.seed, &issues);
      report["feature_target"] = std::move(s.feature_target);
      report["leakage"] = std::move(s.leakage);
      report["quick_model"] = std::move(s.quick_model);
    } else {
      report["feature_target"] = nlohmann::json::array();
      report["quick_model"] = {{"status", "skipped"},
                               {"reason", "the target has nothing to predict (see target)"}};
    }
  }
  nlohmann::json counts;
  report["warnings"] = WarningsJson(std::move(issues), &counts);
  report["summary"]["warnings"] = std::move(counts);
  return report;
}

}  // namespace lathe::prep
