// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Numeric operations: scale (standard, minmax, robust), bucketize (equal-width, quantile or
// explicit edges) and log_transform. All are row-wise; scale and bucketize learn their
// statistics (centre/scale, bin edges) into the step state at fit and replay them.
#include <algorithm>
#include <cmath>
#include <map>
#include <cstdio>

#include "prep/internal/column_ops.h"
#include "prep/operation.h"
#include "prep/params.h"

namespace lathe::prep {
namespace {

using data::Column;
using data::DataType;
using data::Table;
using internal::IndexedField;
using internal::ParamDoc;

// --- scale ---

enum class ScaleMethod { kStandard, kMinMax, kRobust };

// (centre, scale) with the output (x - centre) / scale. A zero spread gives scale 1, so a
// constant column becomes 0 rather than NaN; a column without values gives (0, 1).
std::pair<double, double> LearnScale(const Column& col, ScaleMethod method) {
  std::vector<double> values = internal::PresentNumbers(col);
  if (values.empty()) return {0.0, 1.0};
  double center = 0, spread = 0;
  if (method == ScaleMethod::kStandard) {
    for (double v : values) center += v;
    center /= static_cast<double>(values.size());
    double ss = 0;
    for (double v : values) ss += (v - center) * (v - center);
    spread = std::sqrt(ss / static_cast<double>(values.size()));  // population sd
  } else {
    if (method == ScaleMethod::kMinMax) {
      const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
      center = *lo;
      spread = *hi - *lo;
    } else {
      center = internal::Quantile(&values, 0.5);
      const double q1 = internal::Quantile(&values, 0.25);
      spread = internal::Quantile(&values, 0.75) - q1;
    }
  }
  if (!(spread > 0) || !std::isfinite(spread)) spread = 1.0;
  return {center, spread};
}

class ScaleOp : public internal::StepOperation {
 public:
  ScaleOp(std::string path, std::string key, std::vector<std::string> columns, ScaleMethod method)
      : StepOperation("scale", std::move(path), true),
        key_(std::move(key)),
        columns_(std::move(columns)),
        method_(method) {}

  Result<Table> Apply(Table input, const ApplyContext&,
                      nlohmann::json& state) const override {
    LATHE_ASSIGN_OR_RETURN(std::vector<size_t> indices,
                           RequireColumns(input, columns_, Field(key_)));
    const bool fitting = state.is_null();
    if (!fitting && !state.contains("columns")) {
      return internal::BadState(path(), "expected {\"columns\": {name: {center, scale}}}");
    }
    nlohmann::json learned = fitting ? nlohmann::json::object() : state["columns"];
    std::map<size_t, Column> replaced;
    for (size_t i = 0; i < indices.size(); ++i) {
      const Column& in = input.column(indices[i]);
      if (!internal::IsNumberColumn(in)) {
        return internal::WrongTypeError(IndexedField(Field(key_), key_, i), in, "scale",
                                        "an int64 or float64 column");
      }
      if (fitting) {
        auto [center, scale] = LearnScale(in, method_);
        learned[in.name] = {{"center", center}, {"scale", scale}};
      }
      const nlohmann::json entry = learned.value(in.name, nlohmann::json());
      if (!entry.is_object() || !entry.value("center", nlohmann::json()).is_number() ||
          !entry.value("scale", nlohmann::json()).is_number() || entry["scale"] == 0) {
        return internal::BadState(path(), "no center/scale for column '" + in.name + "'");
      }
      const double center = entry["center"].get<double>();
      const double scale = entry["scale"].get<double>();
      Column scaled = Column::Make(in.name, DataType::kFloat64);
      scaled.Reserve(in.size());
      for (size_t row = 0; row < in.size(); ++row) {
        if (internal::IsMissing(in, row)) {
          scaled.AppendNull();
        } else {
          scaled.AppendDouble((in.NumericAt(row) - center) / scale);
        }
      }
      replaced[indices[i]] = std::move(scaled);
    }
    if (fitting) state = {{"columns", std::move(learned)}};
    return internal::ReplaceColumns(std::move(input), std::move(replaced));
  }

 private:
  std::string key_;
  std::vector<std::string> columns_;
  ScaleMethod method_;
};

Result<std::unique_ptr<Operation>> MakeScale(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  std::string key;
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> columns, internal::ColumnsParam(p, true, &key));
  LATHE_ASSIGN_OR_RETURN(std::string method,
                         p.Enum("method", {"standard", "minmax", "robust"}, "standard"));
  LATHE_RETURN_IF_ERROR(p.Finish());
  ScaleMethod m = method == "standard" ? ScaleMethod::kStandard
                  : method == "minmax" ? ScaleMethod::kMinMax
                                       : ScaleMethod::kRobust;
  return std::unique_ptr<Operation>(new ScaleOp(std::move(path), key, std::move(columns), m));
}

// --- bucketize ---

enum class BucketMethod { kEqualWidth, kQuantile, kEdges };

std::string FormatEdge(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g", v);
  return buf;
}

// Learned edges e0 < e1 < ... < ek (k >= 1 bins); duplicate quantile edges are merged. Empty
// if the column has no values.
std::vector<double> LearnEdges(const Column& col, BucketMethod method, int64_t bins) {
  std::vector<double> values = internal::PresentNumbers(col);
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  std::vector<double> edges;
  double lo = values.front(), hi = values.back();
  if (method == BucketMethod::kEqualWidth) {
    if (lo == hi) {  // widen a constant column so that it still gets `bins` bins
      double pad = lo == 0 ? 0.5 : std::fabs(lo) * 0.001;
      lo -= pad;
      hi += pad;
    }
    for (int64_t b = 0; b <= bins; ++b) {
      edges.push_back(b == bins ? hi : lo + (hi - lo) * static_cast<double>(b) /
                                                static_cast<double>(bins));
    }
    return edges;
  }
  for (int64_t b = 0; b <= bins; ++b) {
    double e = internal::SortedQuantile(values, static_cast<double>(b) / static_cast<double>(bins));
    if (edges.empty() || e > edges.back()) edges.push_back(e);
  }
  if (edges.size() == 1) edges.push_back(edges[0]);  // one distinct value: one bin
  return edges;
}

class BucketizeOp : public internal::StepOperation {
 public:
  BucketizeOp(std::string path, std::string column, BucketMethod method, int64_t bins,
              std::vector<double> edges, nlohmann::json labels, std::string output)
      : StepOperation("bucketize", std::move(path), true),
        column_(std::move(column)),
        method_(method),
        bins_(bins),
        edges_(std::move(edges)),
        labels_(std::move(labels)),
        output_(std::move(output)) {}

  Result<Table> Apply(Table input, const ApplyContext&,
                      nlohmann::json& state) const override {
    LATHE_ASSIGN_OR_RETURN(size_t index, RequireColumn(input, column_, Field("column")));
    const Column& in = input.column(index);
    if (!internal::IsNumberColumn(in)) {
      return internal::WrongTypeError(Field("column"), in, "bucketize",
                                      "an int64 or float64 column");
    }
    if (!output_.empty() && input.FindColumn(output_) >= 0) {
      return ParamError(Field("output"), "a column named '" + output_ + "' already exists");
    }
    std::vector<double> edges = edges_;
    if (method_ != BucketMethod::kEdges) {
      if (state.is_null()) {
        edges = LearnEdges(in, method_, bins_);
        nlohmann::json saved = nlohmann::json::array();
        for (double e : edges) saved.push_back(internal::NumberJson(e));
        state = {{"edges", saved}};
      } else {
        edges.clear();
        const nlohmann::json& saved = state.value("edges", nlohmann::json());
        if (!saved.is_array()) return internal::BadState(path(), "expected {\"edges\": [...]}");
        for (const auto& e : saved) {
          if (!e.is_number()) return internal::BadState(path(), "edges must be numbers");
          edges.push_back(e.get<double>());
        }
      }
    }
    size_t num_bins = edges.size() < 2 ? 0 : edges.size() - 1;
    if (labels_.is_array() && num_bins != 0 && labels_.size() != num_bins) {
      return ParamError(Field("labels"), std::to_string(labels_.size()) + " labels for " +
                                             std::to_string(num_bins) +
                                             " bins (equal quantile edges were merged)");
    }
    const bool index_labels = labels_.is_string();  // "index": the bin number as int64
    Column out = Column::Make(output_.empty() ? in.name : output_,
                              index_labels ? DataType::kInt64 : DataType::kCategorical);
    out.Reserve(in.size());
    for (size_t row = 0; row < in.size(); ++row) {
      int64_t bin = internal::IsMissing(in, row) ? -1 : BinOf(in.NumericAt(row), edges);
      if (bin < 0) {
        out.AppendNull();
      } else if (index_labels) {
        out.AppendInt(bin);
      } else {
        out.AppendString(Label(bin, edges));
      }
    }
    Table result;
    for (size_t col_idx = 0; col_idx < input.num_columns(); ++col_idx) {
      if (col_idx == index && output_.empty()) {
        (void)result.AddColumn(std::move(out));
        continue;
      }
      (void)result.AddColumn(std::move(input.mutable_column(col_idx)));
      if (col_idx == index) (void)result.AddColumn(std::move(out));
    }
    return result;
  }

 private:
  // Bin i holds [e_i, e_{i+1}), the last bin also e_k. Learned edges are open at both ends (a
  // new value outside the fitted range goes to the first or last bin); explicit edges are not
  // (such a value becomes null). -1 for no bin.
  int64_t BinOf(double v, const std::vector<double>& edges) const {
    if (edges.size() < 2) return -1;
    const int64_t last = static_cast<int64_t>(edges.size()) - 2;
    if (v < edges.front() || v > edges.back()) {
      if (method_ == BucketMethod::kEdges) return -1;
      return v < edges.front() ? 0 : last;
    }
    auto it = std::upper_bound(edges.begin(), edges.end(), v);
    return std::min<int64_t>(last, (it - edges.begin()) - 1);
  }

  std::string Label(int64_t bin, const std::vector<double>& edges) const {
    if (labels_.is_array()) return labels_[bin].get<std::string>();
    const bool last = bin + 2 == static_cast<int64_t>(edges.size());
    return "[" + FormatEdge(edges[bin]) + ", " + FormatEdge(edges[bin + 1]) + (last ? "]" : ")");
  }

  std::string column_;
  BucketMethod method_;
  int64_t bins_;
  std::vector<double> edges_;
  nlohmann::json labels_;
  std::string output_;
};

Result<std::unique_ptr<Operation>> MakeBucketize(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  LATHE_ASSIGN_OR_RETURN(std::string column, p.String("column"));
  LATHE_ASSIGN_OR_RETURN(std::string method_name,
                         p.Enum("method", {"equal_width", "quantile", "edges"},
                                p.Has("edges") ? "edges" : "equal_width"));
  BucketMethod method = method_name == "equal_width" ? BucketMethod::kEqualWidth
                        : method_name == "quantile"  ? BucketMethod::kQuantile
                                                     : BucketMethod::kEdges;
  int64_t bins = 0;
  std::vector<double> edges;
  if (method == BucketMethod::kEdges) {
    if (p.Has("bins")) return ParamError(p.Field("bins"), "not used with method edges");
    LATHE_ASSIGN_OR_RETURN(nlohmann::json e, p.Value("edges", true));
    if (!e.is_array() || e.size() < 2) {
      return ParamError(p.Field("edges"), "expected an array of at least two numbers");
    }
    for (size_t i = 0; i < e.size(); ++i) {
      std::string field = p.Field("edges") + "[" + std::to_string(i) + "]";
      if (!e[i].is_number()) return ParamError(field, "expected a number");
      if (!edges.empty() && e[i].get<double>() <= edges.back()) {
        return ParamError(field, "edges must be strictly increasing");
      }
      edges.push_back(e[i].get<double>());
    }
    bins = static_cast<int64_t>(edges.size()) - 1;
  } else {
    if (p.Has("edges")) return ParamError(p.Field("edges"), "only used with method edges");
    LATHE_ASSIGN_OR_RETURN(bins, p.Integer("bins", 5));
    if (bins < 1 || bins > 1000) return ParamError(p.Field("bins"), "must be 1 to 1000");
  }
  LATHE_ASSIGN_OR_RETURN(nlohmann::json labels, p.Value("labels", false));
  if (labels.is_string() && labels.get<std::string>() != "index") {
    return ParamError(p.Field("labels"), "expected an array of strings or \"index\"");
  }
  if (labels.is_array()) {
    if (static_cast<int64_t>(labels.size()) != bins) {
      return ParamError(p.Field("labels"), std::to_string(labels.size()) + " labels for " +
                                               std::to_string(bins) + " bins");
    }
    for (size_t i = 0; i < labels.size(); ++i) {
      if (!labels[i].is_string()) {
        return ParamError(p.Field("labels") + "[" + std::to_string(i) + "]", "expected a string");
      }
    }
  } else if (!labels.is_null() && !labels.is_string()) {
    return ParamError(p.Field("labels"), "expected an array of strings or \"index\"");
  }
  LATHE_ASSIGN_OR_RETURN(std::string output, p.String("output", ""));
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(new BucketizeOp(std::move(path), std::move(column), method,
                                                    bins, std::move(edges), std::move(labels),
                                                    std::move(output)));
}

// --- log_transform ---

class LogOp : public internal::StepOperation {
 public:
  LogOp(std::string path, std::string key, std::vector<std::string> columns, double base,
        double offset)
      : StepOperation("log_transform", std::move(path), true),
        key_(std::move(key)),
        columns_(std::move(columns)),
        base_(base),
        offset_(offset) {}

  Result<Table> Apply(Table input, const ApplyContext&, nlohmann::json&) const override {
    LATHE_ASSIGN_OR_RETURN(std::vector<size_t> indices,
                           RequireColumns(input, columns_, Field(key_)));
    std::map<size_t, Column> replaced;
    for (size_t i = 0; i < indices.size(); ++i) {
      const Column& in = input.column(indices[i]);
      std::string field = IndexedField(Field(key_), key_, i);
      if (!internal::IsNumberColumn(in)) {
        return internal::WrongTypeError(field, in, "log_transform", "an int64 or float64 column");
      }
      Column logged = Column::Make(in.name, DataType::kFloat64);
      logged.Reserve(in.size());
      for (size_t row = 0; row < in.size(); ++row) {
        if (internal::IsMissing(in, row)) {
          logged.AppendNull();
          continue;
        }
        double x = in.NumericAt(row) + offset_;
        if (!(x > 0)) {
          return ParamError(field, "column '" + in.name + "' row " + std::to_string(row + 1) +
                                       ": log of " + in.ToString(row) + " + offset " +
                                       FormatEdge(offset_) +
                                       " is undefined (raise offset so every value is > 0)")
              .WithDetail("column", in.name)
              .WithDetail("row", row + 1);
        }
        logged.AppendDouble(std::log(x) / std::log(base_));
      }
      replaced[indices[i]] = std::move(logged);
    }
    return internal::ReplaceColumns(std::move(input), std::move(replaced));
  }

 private:
  std::string key_;
  std::vector<std::string> columns_;
  double base_;
  double offset_;
};

Result<std::unique_ptr<Operation>> MakeLog(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  std::string key;
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> columns, internal::ColumnsParam(p, true, &key));
  LATHE_ASSIGN_OR_RETURN(std::string base, p.Enum("base", {"e", "2", "10"}, "e"));
  LATHE_ASSIGN_OR_RETURN(double offset, p.Number("offset", 0.0));
  LATHE_RETURN_IF_ERROR(p.Finish());
  double b = base == "e" ? std::exp(1.0) : base == "2" ? 2.0 : 10.0;
  return std::unique_ptr<Operation>(
      new LogOp(std::move(path), key, std::move(columns), b, offset));
}

}  // namespace

std::vector<OperationSpec> NumericOperations() {
  using nlohmann::json;
  std::vector<OperationSpec> specs;
  specs.push_back(
      {{"scale", "numeric",
        "Standardize, min-max or robust-scale numeric columns (statistics learned at fit).", true,
        json::array(
            {ParamDoc("columns", "columns", true, nullptr,
                      "int64 or float64 columns; they become float64, missing stays missing"),
             ParamDoc("method", "enum", false, "standard",
                      "standard: (x - mean) / population sd; minmax: (x - min) / (max - min); "
                      "robust: (x - median) / IQR. A zero spread divides by 1 (a constant column "
                      "becomes 0)",
                      {"standard", "minmax", "robust"})})},
       MakeScale});
  specs.push_back(
      {{"bucketize", "numeric", "Bin a numeric column into intervals (categorical labels).", true,
        json::array(
            {ParamDoc("column", "column", true, nullptr, "an int64 or float64 column"),
             ParamDoc("method", "enum", false, "equal_width",
                      "equal_width / quantile: edges learned at fit (values outside the fitted "
                      "range go to the first or last bin; equal quantile edges are merged); "
                      "edges: the given edges (values outside become null). Default: edges if "
                      "`edges` is given",
                      {"equal_width", "quantile", "edges"}),
             ParamDoc("bins", "integer", false, 5, "number of bins (equal_width, quantile)"),
             ParamDoc("edges", "array", false, nullptr,
                      "strictly increasing numbers (method edges); bin i is [e_i, e_i+1), the "
                      "last bin includes its upper edge"),
             ParamDoc("labels", "any", false, nullptr,
                      "one string per bin, or \"index\" for the bin number (int64); default "
                      "interval labels such as \"[0, 10)\""),
             ParamDoc("output", "string", false, nullptr,
                      "name of a new column placed after the source (default: replace it)")})},
       MakeBucketize});
  specs.push_back(
      {{"log_transform", "numeric", "Logarithm of numeric columns: log(x + offset).", true,
        json::array({ParamDoc("columns", "columns", true, nullptr,
                              "int64 or float64 columns; they become float64"),
                     ParamDoc("base", "enum", false, "e", "the logarithm's base", {"e", "2", "10"}),
                     ParamDoc("offset", "number", false, 0,
                              "added before the log (1 for log1p); x + offset <= 0 is an error "
                              "naming the row")})},
       MakeLog});
  return specs;
}

}  // namespace lathe::prep
