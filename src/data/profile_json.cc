// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/profile_json.h"

#include <cmath>

namespace lathe::data {
namespace {

using nlohmann::json;

json Number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

bool IsTemporal(DataType type) { return type == DataType::kDate || type == DataType::kDateTime; }

// A numeric-like value: an ISO string for dates and datetimes, a number (or null) otherwise.
json Value(DataType type, double v) {
  if (IsTemporal(type)) return std::isfinite(v) ? json(FormatValue(type, v)) : json(nullptr);
  return Number(v);
}

json Histogram(const std::vector<HistogramBin>& bins, DataType type) {
  json out = json::array();
  for (const HistogramBin& b : bins) {
    out.push_back({{"low", Value(type, b.low)}, {"high", Value(type, b.high)}, {"count", b.count}});
  }
  return out;
}

json TopValues(const std::vector<ValueCount>& values) {
  json out = json::array();
  for (const ValueCount& v : values) out.push_back({{"value", v.value}, {"count", v.count}});
  return out;
}

void AddNumeric(const ColumnProfile& c, json* out) {
  json& j = *out;
  if (c.min) j["min"] = Value(c.type, *c.min);
  if (c.max) j["max"] = Value(c.type, *c.max);
  if (c.mean) j["mean"] = Number(*c.mean);
  if (c.std) j["std"] = Number(*c.std);
  if (c.zeros) j["zeros"] = *c.zeros;
  if (c.negatives) j["negatives"] = *c.negatives;
  if (c.true_count) j["true_count"] = *c.true_count;
  if (c.false_count) j["false_count"] = *c.false_count;
  if (c.quantiles) {
    const Quantiles& q = *c.quantiles;
    j["quantiles"] = {{"p0", Value(c.type, q.p0)},    {"p1", Value(c.type, q.p1)},
                      {"p5", Value(c.type, q.p5)},    {"p25", Value(c.type, q.p25)},
                      {"p50", Value(c.type, q.p50)},  {"p75", Value(c.type, q.p75)},
                      {"p95", Value(c.type, q.p95)},  {"p99", Value(c.type, q.p99)},
                      {"p100", Value(c.type, q.p100)}};
  }
  if (c.min) j["histogram"] = Histogram(c.histogram, c.type);
}

}  // namespace

json ToJson(const ColumnProfile& c) {
  json j = {{"name", c.name},         {"type", std::string(DataTypeName(c.type))},
            {"missing", c.missing},   {"missing_fraction", Number(c.missing_fraction)},
            {"distinct", c.distinct}, {"distinct_approximate", c.distinct_approximate}};
  if (c.type != DataType::kCategorical && c.type != DataType::kText) AddNumeric(c, &j);
  j["top_values"] = TopValues(c.top_values);
  if (c.length) {
    j["length"] = {
        {"min", c.length->min}, {"max", c.length->max}, {"mean", Number(c.length->mean)}};
    if (c.type == DataType::kText) {
      j["length"]["histogram"] = Histogram(c.length->histogram, DataType::kInt64);
    }
  }
  return j;
}

json ToJson(const ClassBalance& b) {
  json classes = json::array();
  for (const ClassCount& c : b.classes) {
    classes.push_back({{"value", c.value}, {"count", c.count}, {"fraction", Number(c.fraction)}});
  }
  return {{"target", b.target},
          {"classes", std::move(classes)},
          {"missing", b.missing},
          {"imbalance_ratio", Number(b.imbalance_ratio)}};
}

json ToJson(const QualityReport& r) {
  json warnings = json::array();
  for (const QualityWarning& w : r.warnings) {
    warnings.push_back({{"column", w.column}, {"kind", w.kind}, {"message", w.message}});
  }
  return {{"duplicate_rows", r.duplicate_rows},
          {"constant_columns", r.constant_columns},
          {"id_like_columns", r.id_like_columns},
          {"high_cardinality_columns", r.high_cardinality_columns},
          {"warnings", std::move(warnings)},
          {"class_balance", r.class_balance ? ToJson(*r.class_balance) : json(nullptr)}};
}

json ToJson(const TableProfile& p) {
  json columns = json::array();
  for (const ColumnProfile& c : p.columns) columns.push_back(ToJson(c));
  return {{"rows", p.rows}, {"columns", std::move(columns)}, {"quality", ToJson(p.quality)}};
}

}  // namespace lathe::data
