// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/insights_quick_model.h"

#include <linear.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>

#include "prep/internal/insights_issue.h"
#include "prep/internal/insights_prediction_power.h"
#include "prep/internal/stats_distribution.h"

namespace lathe::prep::internal {
namespace {

constexpr size_t kMinLabelledRows = 20;

struct ModelDeleter {
  void operator()(model* m) const { free_and_destroy_model(&m); }
};
using ModelPtr = std::unique_ptr<model, ModelDeleter>;

void SilenceLiblinear() {
  static std::once_flag once;
  std::call_once(once, [] { set_print_string_function([](const char*) {}); });
}

// One input of the linear model.
struct DesignColumn {
  std::string label;  // "age" or "color=red"
  std::string column;
  const Feature* feature = nullptr;
  int32_t level = -1;  // one-hot level, or -1 for a numeric column
  double fill = 0, mean = 0, scale = 1;

  double Value(size_t row) const {
    if (level >= 0) return feature->codes[row] == level ? 1.0 : 0.0;
    const double v = std::isnan(feature->values[row]) ? fill : feature->values[row];
    return (v - mean) * scale;
  }
};

bool NumericColumn(const Feature& f, const HoldOut& split, DesignColumn* out) {
  std::vector<double> train;
  for (uint32_t row : split.train) {
    if (!std::isnan(f.values[row])) train.push_back(f.values[row]);
  }
  if (train.size() < 2) return false;
  out->fill = Median(train);
  double sum = 0, ss = 0;
  for (uint32_t row : split.train) {
    sum += std::isnan(f.values[row]) ? out->fill : f.values[row];
  }
  out->mean = sum / static_cast<double>(split.train.size());
  for (uint32_t row : split.train) {
    const double v = std::isnan(f.values[row]) ? out->fill : f.values[row];
    ss += (v - out->mean) * (v - out->mean);
  }
  const double sd = std::sqrt(ss / static_cast<double>(split.train.size()));
  if (!(sd > 0)) return false;
  out->scale = 1 / sd;
  return true;
}

std::vector<DesignColumn> BuildDesign(const std::vector<Feature>& features, const HoldOut& split,
                                      Exclusions* excluded) {
  std::vector<DesignColumn> design;
  for (const Feature& f : features) {
    const bool skip = std::any_of(excluded->begin(), excluded->end(),
                                  [&](const auto& e) { return e.first == f.name; });
    if (skip) continue;
    if (f.kind == FeatureKind::kText) {
      excluded->emplace_back(f.name, "text column");
    } else if (f.kind == FeatureKind::kCategorical && f.levels.size() > kMaxOneHotLevels) {
      excluded->emplace_back(f.name, "more than " + std::to_string(kMaxOneHotLevels) + " levels");
    } else if (f.kind == FeatureKind::kCategorical) {
      std::vector<size_t> seen(f.levels.size(), 0);
      for (uint32_t row : split.train) {
        if (f.codes[row] >= 0) ++seen[static_cast<size_t>(f.codes[row])];
      }
      for (size_t level = 0; level < f.levels.size(); ++level) {
        if (seen[level] == 0 || seen[level] == split.train.size()) continue;
        design.push_back({f.name + "=" + f.levels[level], f.name, &f,
                          static_cast<int32_t>(level)});
      }
    } else {
      DesignColumn c{f.name, f.name, &f};
      if (NumericColumn(f, split, &c)) {
        design.push_back(std::move(c));
      } else {
        excluded->emplace_back(f.name, "constant or missing in the training rows");
      }
    }
  }
  return design;
}

// liblinear's sparse rows: zeros are left out, a bias node of value 1 ends every row.
struct SparseRows {
  std::vector<feature_node> space;
  std::vector<feature_node*> rows;
};

SparseRows Encode(const std::vector<DesignColumn>& design, const std::vector<uint32_t>& rows) {
  SparseRows out;
  out.space.reserve(rows.size() * (design.size() + 2));
  std::vector<size_t> starts;
  const int bias_index = static_cast<int>(design.size()) + 1;
  for (uint32_t row : rows) {
    starts.push_back(out.space.size());
    for (size_t col = 0; col < design.size(); ++col) {
      const double v = design[col].Value(row);
      if (v != 0) out.space.push_back({static_cast<int>(col) + 1, v});
    }
    out.space.push_back({bias_index, 1.0});
    out.space.push_back({-1, 0.0});
  }
  for (size_t start : starts) out.rows.push_back(out.space.data() + start);
  return out;
}

nlohmann::json Skipped(std::string reason) {
  return {{"status", "skipped"}, {"reason", std::move(reason)}};
}

nlohmann::json TopCoefficients(const model& m, const std::vector<DesignColumn>& design) {
  const int classes = m.nr_class;
  const bool single = m.param.solver_type == L2R_L2LOSS_SVR || classes == 2;
  std::vector<std::pair<double, size_t>> ranked;
  for (size_t col = 0; col < design.size(); ++col) {
    double w = 0;
    if (single) {
      w = get_decfun_coef(&m, static_cast<int>(col) + 1, 0);
    } else {
      for (int cls = 0; cls < classes; ++cls) {
        w = std::max(w, std::fabs(get_decfun_coef(&m, static_cast<int>(col) + 1, cls)));
      }
    }
    ranked.emplace_back(w, col);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return std::fabs(a.first) > std::fabs(b.first);
  });
  nlohmann::json out = nlohmann::json::array();
  for (size_t idx = 0; idx < ranked.size() && idx < kTopCoefficients; ++idx) {
    const DesignColumn& c = design[ranked[idx].second];
    out.push_back({{"feature", c.label},
                   {"column", c.column},
                   {single ? "coefficient" : "max_abs_coefficient", ranked[idx].first}});
  }
  return out;
}

ModelPtr Train(const SparseRows& x, std::vector<double>* y, int features, bool classification,
               std::string* error) {
  problem prob{};
  prob.l = static_cast<int>(y->size());
  prob.n = features + 1;
  prob.y = y->data();
  prob.x = const_cast<feature_node**>(x.rows.data());
  prob.bias = 1;
  parameter param{};
  param.solver_type = classification ? L2R_LR : L2R_L2LOSS_SVR;
  param.C = 1;
  param.eps = classification ? 0.01 : 0.001;
  param.p = 0;
  if (const char* message = check_parameter(&prob, &param)) {
    *error = message;
    return nullptr;
  }
  SilenceLiblinear();
  return ModelPtr(train(&prob, &param));
}

nlohmann::json Classify(const std::vector<DesignColumn>& design, const Target& t,
                        const HoldOut& split, nlohmann::json out) {
  const SparseRows train_x = Encode(design, split.train), test_x = Encode(design, split.test);
  std::vector<double> y;
  std::vector<size_t> counts(t.labels.size(), 0);
  for (uint32_t row : split.train) {
    y.push_back(t.classes[row]);
    ++counts[static_cast<size_t>(t.classes[row])];
  }
  std::string error;
  ModelPtr m = Train(train_x, &y, static_cast<int>(design.size()), true, &error);
  if (!m) return Skipped("liblinear refused the problem: " + error);
  const int32_t majority =
      static_cast<int32_t>(std::max_element(counts.begin(), counts.end()) - counts.begin());
  std::vector<int32_t> actual, predicted, baseline(split.test.size(), majority);
  for (size_t idx = 0; idx < split.test.size(); ++idx) {
    actual.push_back(t.classes[split.test[idx]]);
    predicted.push_back(static_cast<int32_t>(predict(m.get(), test_x.rows[idx])));
  }
  const auto accuracy = [&](const std::vector<int32_t>& p) {
    size_t hit = 0;
    for (size_t idx = 0; idx < actual.size(); ++idx) hit += actual[idx] == p[idx];
    return static_cast<double>(hit) / static_cast<double>(actual.size());
  };
  out["algorithm"] = "logistic_regression (liblinear L2R_LR, C=1, one-vs-rest)";
  out["metric"] = "balanced_accuracy";
  out["value"] = JsonNumber(BalancedAccuracy(actual, predicted));
  out["baseline"] = JsonNumber(BalancedAccuracy(actual, baseline));
  out["baseline_name"] = "majority class '" + t.labels[static_cast<size_t>(majority)] + "'";
  out["metrics"] = {{"accuracy", accuracy(predicted)},
                    {"balanced_accuracy", out["value"]}};
  out["baseline_metrics"] = {{"accuracy", accuracy(baseline)},
                             {"balanced_accuracy", out["baseline"]}};
  out["top_features"] = TopCoefficients(*m, design);
  return out;
}

nlohmann::json Regress(const std::vector<DesignColumn>& design, const Target& t,
                       const HoldOut& split, nlohmann::json out) {
  const SparseRows train_x = Encode(design, split.train), test_x = Encode(design, split.test);
  double sum = 0, ss = 0;
  for (uint32_t row : split.train) sum += t.values[row];
  const double mean = sum / static_cast<double>(split.train.size());
  for (uint32_t row : split.train) ss += (t.values[row] - mean) * (t.values[row] - mean);
  const double sd = std::sqrt(ss / static_cast<double>(split.train.size()));
  if (!(sd > 0)) return Skipped("the target is constant in the training rows");
  std::vector<double> y;
  for (uint32_t row : split.train) y.push_back((t.values[row] - mean) / sd);
  std::string error;
  ModelPtr m = Train(train_x, &y, static_cast<int>(design.size()), false, &error);
  if (!m) return Skipped("liblinear refused the problem: " + error);
  std::vector<double> actual, predicted, baseline(split.test.size(), mean);
  for (size_t idx = 0; idx < split.test.size(); ++idx) {
    actual.push_back(t.values[split.test[idx]]);
    predicted.push_back(mean + sd * predict(m.get(), test_x.rows[idx]));
  }
  const auto rmse = [&](const std::vector<double>& p) {
    double se = 0;
    for (size_t idx = 0; idx < actual.size(); ++idx) se += (actual[idx] - p[idx]) * (actual[idx] - p[idx]);
    return std::sqrt(se / static_cast<double>(actual.size()));
  };
  out["algorithm"] = "ridge regression (liblinear L2R_L2LOSS_SVR, C=1, epsilon 0)";
  out["metric"] = "r2";
  out["value"] = JsonNumber(RSquared(actual, predicted));
  out["baseline"] = JsonNumber(RSquared(actual, baseline));
  out["baseline_name"] = "training mean " + FormatNumber(mean, 6);
  out["metrics"] = {{"r2", out["value"]}, {"rmse", JsonNumber(rmse(predicted))}};
  out["baseline_metrics"] = {{"r2", out["baseline"]}, {"rmse", JsonNumber(rmse(baseline))}};
  out["top_features"] = TopCoefficients(*m, design);
  return out;
}

}  // namespace

nlohmann::json BuildQuickModel(const std::vector<Feature>& features, const Target& target,
                               const HoldOut& split, Exclusions excluded) {
  const size_t labelled = split.train.size() + split.test.size();
  if (labelled < kMinLabelledRows || split.test.empty()) {
    return Skipped("fewer than " + std::to_string(kMinLabelledRows) + " rows with a target");
  }
  if (target.classification && target.labels.size() > kMaxQuickModelClasses) {
    return Skipped("more than " + std::to_string(kMaxQuickModelClasses) + " classes");
  }
  const std::vector<DesignColumn> design = BuildDesign(features, split, &excluded);
  nlohmann::json out = {{"status", "ok"},
                        {"train_rows", split.train.size()},
                        {"test_rows", split.test.size()},
                        {"model_features", design.size()}};
  nlohmann::json excluded_json = nlohmann::json::array();
  for (const auto& [column, reason] : excluded) {
    excluded_json.push_back({{"column", column}, {"reason", reason}});
  }
  out["excluded_columns"] = std::move(excluded_json);
  if (design.empty()) {
    nlohmann::json skipped = Skipped("no usable feature");
    skipped["excluded_columns"] = out["excluded_columns"];
    return skipped;
  }
  return target.classification ? Classify(design, target, split, std::move(out))
                               : Regress(design, target, split, std::move(out));
}

}  // namespace lathe::prep::internal
