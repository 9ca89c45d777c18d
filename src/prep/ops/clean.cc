// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Cleaning operations: fill_missing, drop_missing, dedupe, outliers and replace_values. A float
// NaN counts as missing everywhere here. Statistics (fill values, outlier bounds) are learned into
// the step's state on the first apply and replayed from it afterwards.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_set>

#include "data/type_inference.h"
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

// --- typed values from JSON (fill constants, replace_values) ---

// A cell value in the storage form of a column type.
struct Cell {
  bool null = true;
  int64_t i = 0;
  double d = 0;
  std::string s;
};

// Converts a JSON parameter value to a cell of `type`; InvalidArgument naming `field`.
Result<Cell> CellFromJson(const nlohmann::json& v, const Column& column, const std::string& field) {
  Cell cell;
  if (v.is_null()) return cell;
  cell.null = false;
  auto bad = [&](const std::string& want) {
    return ParamError(field, v.dump() + " is not " + want + " (column '" + column.name + "' is " +
                                 std::string(data::DataTypeName(column.type)) + ")")
        .WithDetail("column", column.name);
  };
  switch (column.type) {
    case DataType::kInt64:
      if (v.is_number_integer()) return cell.i = v.get<int64_t>(), cell;
      if (v.is_number() && v.get<double>() == std::floor(v.get<double>())) {
        return cell.i = static_cast<int64_t>(v.get<double>()), cell;
      }
      return bad("an integer");
    case DataType::kFloat64:
      if (v.is_number()) return cell.d = v.get<double>(), cell;
      return bad("a number");
    case DataType::kBool:
      if (v.is_boolean()) return cell.i = v.get<bool>(), cell;
      return bad("true or false");
    case DataType::kDate:
      if (v.is_string() && data::ParseDate(v.get<std::string>(), &cell.i)) return cell;
      return bad("a date (YYYY-MM-DD)");
    case DataType::kDateTime:
      if (v.is_string() && data::ParseDateTime(v.get<std::string>(), &cell.i)) return cell;
      return bad("a datetime (ISO 8601)");
    case DataType::kCategorical:
    case DataType::kText:
      if (v.is_string()) return cell.s = v.get<std::string>(), cell;
      if (v.is_number() || v.is_boolean()) return cell.s = v.dump(), cell;
      return bad("a string");
  }
  return bad("a value");
}

// JSON of a present cell of `column` (the inverse of CellFromJson).
nlohmann::json CellJson(const Column& column, size_t row) {
  switch (column.type) {
    case DataType::kInt64: return column.ints[row];
    case DataType::kFloat64: return internal::NumberJson(column.doubles[row]);
    case DataType::kBool: return column.ints[row] != 0;
    case DataType::kDate:
    case DataType::kDateTime:
    case DataType::kCategorical:
    case DataType::kText: return column.ToString(row);
  }
  return nullptr;
}

void AppendCell(const Cell& cell, Column* out) {
  if (cell.null) return out->AppendNull();
  switch (out->type) {
    case DataType::kFloat64: return out->AppendDouble(cell.d);
    case DataType::kCategorical:
    case DataType::kText: return out->AppendString(cell.s);
    default: return out->AppendInt(cell.i);
  }
}

void AppendFrom(const Column& in, size_t row, Column* out) {
  if (in.IsNull(row)) return out->AppendNull();
  switch (in.type) {
    case DataType::kFloat64: return out->AppendDouble(in.doubles[row]);
    case DataType::kCategorical:
    case DataType::kText: return out->AppendString(in.StringAt(row));
    default: return out->AppendInt(in.ints[row]);
  }
}

// An empty column of the same name and type (a categorical gets a fresh dictionary).
Column Fresh(const Column& in, DataType type) {
  Column out = Column::Make(in.name, type);
  out.Reserve(in.size());
  return out;
}

// --- fill_missing ---

enum class FillStrategy { kConstant, kMean, kMedian, kMode, kFfill, kBfill };

// The learned fill value of one column: mode is the most frequent value (ties: the one seen
// first); mean and median need int64/float64. Null if the column has no values.
Result<nlohmann::json> LearnFill(const Column& col, FillStrategy strategy,
                                 const std::string& field) {
  if (strategy == FillStrategy::kMode) {
    std::map<std::string, std::pair<size_t, size_t>> counts;  // text -> (count, first row)
    for (size_t row = 0; row < col.size(); ++row) {
      if (internal::IsMissing(col, row)) continue;
      auto [it, inserted] = counts.emplace(col.ToString(row), std::make_pair(0, row));
      ++it->second.first;
    }
    const std::pair<size_t, size_t>* best = nullptr;
    for (const auto& [text, entry] : counts) {
      if (!best || entry.first > best->first ||
          (entry.first == best->first && entry.second < best->second)) {
        best = &entry;
      }
    }
    return best ? CellJson(col, best->second) : nlohmann::json();
  }
  if (!internal::IsNumberColumn(col)) {
    return internal::WrongTypeError(field, col,
                                    strategy == FillStrategy::kMean ? "fill_missing with mean"
                                                                    : "fill_missing with median",
                                    "an int64 or float64 column");
  }
  std::vector<double> values = internal::PresentNumbers(col);
  if (values.empty()) return nlohmann::json();
  if (strategy == FillStrategy::kMean) {
    double sum = 0;
    for (double v : values) sum += v;
    return internal::NumberJson(sum / static_cast<double>(values.size()));
  }
  return internal::NumberJson(internal::Quantile(&values, 0.5));
}

// Fills the missing cells of `in` with `value` (JSON null: left missing). mean and median turn
// an int64 column into float64 (the statistic need not be whole).
Result<Column> FillConstant(const Column& in, const nlohmann::json& value, bool to_float,
                            const std::string& field) {
  DataType type = to_float ? DataType::kFloat64 : in.type;
  Column out = Fresh(in, type);
  Column probe = Column::Make(in.name, type);
  LATHE_ASSIGN_OR_RETURN(Cell fill, CellFromJson(value, probe, field));
  for (size_t row = 0; row < in.size(); ++row) {
    if (internal::IsMissing(in, row)) {
      AppendCell(fill, &out);
    } else if (to_float) {
      out.AppendDouble(in.NumericAt(row));
    } else {
      AppendFrom(in, row, &out);
    }
  }
  return out;
}

Column FillAdjacent(const Column& in, bool forward) {
  std::vector<uint32_t> source(in.size());
  const size_t n = in.size();
  int64_t last = -1;
  for (size_t k = 0; k < n; ++k) {
    size_t row = forward ? k : n - 1 - k;
    if (!internal::IsMissing(in, row)) last = static_cast<int64_t>(row);
    source[row] = last < 0 ? static_cast<uint32_t>(row) : static_cast<uint32_t>(last);
  }
  Column out = Fresh(in, in.type);
  for (size_t row = 0; row < n; ++row) {
    if (internal::IsMissing(in, source[row])) {
      out.AppendNull();
    } else {
      AppendFrom(in, source[row], &out);
    }
  }
  return out;
}

class FillMissingOp : public internal::StepOperation {
 public:
  FillMissingOp(std::string path, std::string key, std::vector<std::string> columns,
                FillStrategy strategy, nlohmann::json value)
      : StepOperation("fill_missing", std::move(path),
                      strategy != FillStrategy::kFfill && strategy != FillStrategy::kBfill),
        key_(std::move(key)),
        columns_(std::move(columns)),
        strategy_(strategy),
        value_(std::move(value)) {}

  Result<Table> Apply(Table input, const ApplyContext&,
                      nlohmann::json& state) const override {
    LATHE_ASSIGN_OR_RETURN(std::vector<size_t> indices,
                           RequireColumns(input, columns_, Field(key_)));
    const bool learns = strategy_ == FillStrategy::kMean || strategy_ == FillStrategy::kMedian ||
                        strategy_ == FillStrategy::kMode;
    const bool fitting = state.is_null();
    if (learns && !fitting && !state.contains("values")) {
      return internal::BadState(path(), "expected {\"values\": {column: value}}");
    }
    nlohmann::json learned = nlohmann::json::object();
    std::map<size_t, Column> replaced;
    for (size_t i = 0; i < indices.size(); ++i) {
      const Column& in = input.column(indices[i]);
      const std::string field = IndexedField(Field(key_), key_, i);
      Column filled;
      if (strategy_ == FillStrategy::kFfill || strategy_ == FillStrategy::kBfill) {
        filled = FillAdjacent(in, strategy_ == FillStrategy::kFfill);
      } else if (strategy_ == FillStrategy::kConstant) {
        LATHE_ASSIGN_OR_RETURN(filled, FillConstant(in, value_, false, Field("value")));
      } else {
        nlohmann::json value;
        if (fitting) {
          LATHE_ASSIGN_OR_RETURN(value, LearnFill(in, strategy_, field));
        } else {
          if (!state["values"].contains(in.name)) {
            return internal::BadState(path(), "no value for column '" + in.name + "'");
          }
          value = state["values"][in.name];
        }
        learned[in.name] = value;
        const bool to_float = strategy_ != FillStrategy::kMode;
        if (to_float && !internal::IsNumberColumn(in)) {
          return internal::WrongTypeError(field, in, "fill_missing with mean or median",
                                          "an int64 or float64 column");
        }
        LATHE_ASSIGN_OR_RETURN(filled,
                               FillConstant(in, value, to_float, path() + ".state.values"));
      }
      replaced[indices[i]] = std::move(filled);
    }
    if (learns && fitting) state = {{"values", std::move(learned)}};
    return internal::ReplaceColumns(std::move(input), std::move(replaced));
  }

 private:
  std::string key_;
  std::vector<std::string> columns_;
  FillStrategy strategy_;
  nlohmann::json value_;
};

Result<std::unique_ptr<Operation>> MakeFillMissing(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  std::string key;
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> columns, internal::ColumnsParam(p, true, &key));
  LATHE_ASSIGN_OR_RETURN(std::string name,
                         p.Enum("strategy", {"constant", "mean", "median", "mode", "ffill",
                                             "bfill"}));
  FillStrategy strategy = name == "constant" ? FillStrategy::kConstant
                          : name == "mean"   ? FillStrategy::kMean
                          : name == "median" ? FillStrategy::kMedian
                          : name == "mode"   ? FillStrategy::kMode
                          : name == "ffill"  ? FillStrategy::kFfill
                                             : FillStrategy::kBfill;
  nlohmann::json value;
  if (strategy == FillStrategy::kConstant) {
    LATHE_ASSIGN_OR_RETURN(value, p.Value("value", true));
    if (!value.is_primitive()) {
      return ParamError(p.Field("value"), "expected a number, string or boolean");
    }
  } else if (p.Has("value")) {
    return ParamError(p.Field("value"), "only used with strategy constant");
  }
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(
      new FillMissingOp(std::move(path), key, std::move(columns), strategy, std::move(value)));
}

// --- drop_missing ---

class DropMissingOp : public internal::StepOperation {
 public:
  DropMissingOp(std::string path, std::string key, std::vector<std::string> columns, bool all)
      : StepOperation("drop_missing", std::move(path), true),
        key_(std::move(key)),
        columns_(std::move(columns)),
        all_(all) {}

  Result<Table> Apply(Table input, const ApplyContext&, nlohmann::json&) const override {
    std::vector<size_t> indices;
    if (columns_.empty()) {
      for (size_t col_idx = 0; col_idx < input.num_columns(); ++col_idx) indices.push_back(col_idx);
    } else {
      LATHE_ASSIGN_OR_RETURN(indices, RequireColumns(input, columns_, Field(key_)));
    }
    std::vector<uint8_t> keep(input.num_rows(), 1);
    for (size_t row = 0; row < input.num_rows(); ++row) {
      size_t missing = 0;
      for (size_t col_idx : indices) missing += internal::IsMissing(input.column(col_idx), row);
      keep[row] = all_ ? missing < indices.size() || indices.empty() : missing == 0;
    }
    return internal::KeepRows(std::move(input), keep);
  }

 private:
  std::string key_;
  std::vector<std::string> columns_;
  bool all_;
};

Result<std::unique_ptr<Operation>> MakeDropMissing(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  std::string key;
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> columns,
                         internal::ColumnsParam(p, false, &key));
  LATHE_ASSIGN_OR_RETURN(std::string how, p.Enum("how", {"any", "all"}, "any"));
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(
      new DropMissingOp(std::move(path), key, std::move(columns), how == "all"));
}

// --- dedupe ---

class DedupeOp : public internal::StepOperation {
 public:
  DedupeOp(std::string path, std::string key, std::vector<std::string> columns, bool keep_last)
      : StepOperation("dedupe", std::move(path), false),
        key_(std::move(key)),
        columns_(std::move(columns)),
        keep_last_(keep_last) {}

  Result<Table> Apply(Table input, const ApplyContext&, nlohmann::json&) const override {
    std::vector<size_t> indices;
    if (columns_.empty()) {
      for (size_t col_idx = 0; col_idx < input.num_columns(); ++col_idx) indices.push_back(col_idx);
    } else {
      LATHE_ASSIGN_OR_RETURN(indices, RequireColumns(input, columns_, Field(key_)));
    }
    const size_t n = input.num_rows();
    std::vector<uint8_t> keep(n, 0);
    std::unordered_set<std::string> seen;
    for (size_t k = 0; k < n; ++k) {
      size_t row = keep_last_ ? n - 1 - k : k;
      // Key: each value's canonical text, length-prefixed, with a marker for null.
      std::string key;
      for (size_t col_idx : indices) {
        const Column& c = input.column(col_idx);
        if (c.IsNull(row)) {
          key += "N;";
          continue;
        }
        std::string text = c.ToString(row);
        key += std::to_string(text.size()) + ":" + text + ";";
      }
      keep[row] = seen.insert(std::move(key)).second;
    }
    return internal::KeepRows(std::move(input), keep);
  }

 private:
  std::string key_;
  std::vector<std::string> columns_;
  bool keep_last_;
};

Result<std::unique_ptr<Operation>> MakeDedupe(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  std::string key;
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> columns,
                         internal::ColumnsParam(p, false, &key));
  LATHE_ASSIGN_OR_RETURN(std::string keep, p.Enum("keep", {"first", "last"}, "first"));
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(
      new DedupeOp(std::move(path), key, std::move(columns), keep == "last"));
}

// --- outliers ---

enum class OutlierMethod { kIqr, kZscore, kQuantile };

struct OutlierSpec {
  OutlierMethod method = OutlierMethod::kIqr;
  double factor = 1.5;
  double lower_q = 0.01;
  double upper_q = 0.99;
  bool remove = false;
};

// [lower, upper] from the present values; nullopt if there are none.
std::optional<std::pair<double, double>> LearnBounds(const Column& col,
                                                     const OutlierSpec& spec) {
  std::vector<double> values = internal::PresentNumbers(col);
  if (values.empty()) return std::nullopt;
  switch (spec.method) {
    case OutlierMethod::kIqr: {
      double q1 = internal::Quantile(&values, 0.25);
      double q3 = internal::Quantile(&values, 0.75);
      return std::make_pair(q1 - spec.factor * (q3 - q1), q3 + spec.factor * (q3 - q1));
    }
    case OutlierMethod::kZscore: {
      double mean = 0;
      for (double v : values) mean += v;
      mean /= static_cast<double>(values.size());
      double ss = 0;
      for (double v : values) ss += (v - mean) * (v - mean);
      // Sample standard deviation (n - 1); a single value has none.
      double sd = values.size() > 1 ? std::sqrt(ss / static_cast<double>(values.size() - 1)) : 0;
      return std::make_pair(mean - spec.factor * sd, mean + spec.factor * sd);
    }
    case OutlierMethod::kQuantile:
      return std::make_pair(internal::Quantile(&values, spec.lower_q),
                            internal::Quantile(&values, spec.upper_q));
  }
  return std::nullopt;
}

class OutliersOp : public internal::StepOperation {
 public:
  OutliersOp(std::string path, std::string key, std::vector<std::string> columns,
             OutlierSpec spec)
      : StepOperation("outliers", std::move(path), true),
        key_(std::move(key)),
        columns_(std::move(columns)),
        spec_(spec) {}

  Result<Table> Apply(Table input, const ApplyContext&,
                      nlohmann::json& state) const override {
    LATHE_ASSIGN_OR_RETURN(std::vector<size_t> indices,
                           RequireColumns(input, columns_, Field(key_)));
    const bool fitting = state.is_null();
    if (!fitting && !state.contains("bounds")) {
      return internal::BadState(path(), "expected {\"bounds\": {column: [lower, upper]}}");
    }
    nlohmann::json bounds = fitting ? nlohmann::json::object() : state["bounds"];
    std::map<size_t, Column> replaced;
    std::vector<uint8_t> keep(input.num_rows(), 1);
    for (size_t i = 0; i < indices.size(); ++i) {
      const Column& in = input.column(indices[i]);
      if (!internal::IsNumberColumn(in)) {
        return internal::WrongTypeError(IndexedField(Field(key_), key_, i), in, "outliers",
                                        "an int64 or float64 column");
      }
      if (fitting) {
        auto learned = LearnBounds(in, spec_);
        bounds[in.name] = learned ? nlohmann::json::array({internal::NumberJson(learned->first),
                                                           internal::NumberJson(learned->second)})
                                  : nlohmann::json();
      }
      if (!bounds.contains(in.name)) {
        return internal::BadState(path(), "no bounds for column '" + in.name + "'");
      }
      const nlohmann::json& b = bounds[in.name];
      if (b.is_null()) continue;  // no values at fit time: nothing to bound
      if (!b.is_array() || b.size() != 2 || !b[0].is_number() || !b[1].is_number()) {
        return internal::BadState(path(), "bounds of '" + in.name + "'");
      }
      const double lo = b[0].get<double>();
      const double hi = b[1].get<double>();
      if (spec_.remove) {
        for (size_t row = 0; row < in.size(); ++row) {
          if (internal::IsMissing(in, row)) continue;
          double v = in.NumericAt(row);
          if (v < lo || v > hi) keep[row] = 0;
        }
      } else {
        replaced[indices[i]] = Clip(in, lo, hi);
      }
    }
    if (fitting) state = {{"bounds", std::move(bounds)}};
    if (spec_.remove) return internal::KeepRows(std::move(input), keep);
    return internal::ReplaceColumns(std::move(input), std::move(replaced));
  }

 private:
  // int64 columns stay int64: they are clipped to the nearest whole numbers inside the bounds.
  static Column Clip(const Column& in, double lo, double hi) {
    Column out = in;
    for (size_t row = 0; row < in.size(); ++row) {
      if (internal::IsMissing(in, row)) continue;
      if (in.type == DataType::kFloat64) {
        out.doubles[row] = std::clamp(in.doubles[row], lo, hi);
      } else {
        double v = static_cast<double>(in.ints[row]);
        if (v < lo) out.ints[row] = static_cast<int64_t>(std::ceil(lo));
        if (v > hi) out.ints[row] = static_cast<int64_t>(std::floor(hi));
      }
    }
    return out;
  }

  std::string key_;
  std::vector<std::string> columns_;
  OutlierSpec spec_;
};

Result<std::unique_ptr<Operation>> MakeOutliers(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  std::string key;
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> columns, internal::ColumnsParam(p, true, &key));
  LATHE_ASSIGN_OR_RETURN(std::string method, p.Enum("method", {"iqr", "zscore", "quantile"},
                                                    "iqr"));
  LATHE_ASSIGN_OR_RETURN(std::string action, p.Enum("action", {"clip", "remove"}, "clip"));
  OutlierSpec spec;
  spec.method = method == "iqr"      ? OutlierMethod::kIqr
                : method == "zscore" ? OutlierMethod::kZscore
                                     : OutlierMethod::kQuantile;
  spec.remove = action == "remove";
  if (spec.method == OutlierMethod::kQuantile) {
    if (p.Has("factor")) return ParamError(p.Field("factor"), "not used with method quantile");
    LATHE_ASSIGN_OR_RETURN(spec.lower_q, p.Number("lower_quantile", 0.01));
    LATHE_ASSIGN_OR_RETURN(spec.upper_q, p.Number("upper_quantile", 0.99));
    if (spec.lower_q < 0 || spec.lower_q > 1) {
      return ParamError(p.Field("lower_quantile"), "must be between 0 and 1");
    }
    if (spec.upper_q < spec.lower_q || spec.upper_q > 1) {
      return ParamError(p.Field("upper_quantile"), "must be between lower_quantile and 1");
    }
  } else {
    for (const char* q : {"lower_quantile", "upper_quantile"}) {
      if (p.Has(q)) return ParamError(p.Field(q), "only used with method quantile");
    }
    LATHE_ASSIGN_OR_RETURN(spec.factor,
                           p.Number("factor", spec.method == OutlierMethod::kIqr ? 1.5 : 3.0));
    if (spec.factor < 0) return ParamError(p.Field("factor"), "must not be negative");
  }
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(
      new OutliersOp(std::move(path), key, std::move(columns), spec));
}

// --- replace_values ---

class ReplaceValuesOp : public internal::StepOperation {
 public:
  // Each pair is (value to find, replacement); JSON null replacement means missing.
  ReplaceValuesOp(std::string path, std::string key, std::vector<std::string> columns,
                  std::vector<std::pair<nlohmann::json, nlohmann::json>> pairs,
                  std::vector<std::string> pair_fields)
      : StepOperation("replace_values", std::move(path), true),
        key_(std::move(key)),
        columns_(std::move(columns)),
        pairs_(std::move(pairs)),
        pair_fields_(std::move(pair_fields)) {}

  Result<Table> Apply(Table input, const ApplyContext&, nlohmann::json&) const override {
    LATHE_ASSIGN_OR_RETURN(std::vector<size_t> indices,
                           RequireColumns(input, columns_, Field(key_)));
    std::map<size_t, Column> replaced;
    for (size_t col_idx : indices) {
      const Column& in = input.column(col_idx);
      // Compare in canonical text form: a typed cell of `from` printed like the column prints.
      std::map<std::string, Cell> lookup;
      Column probe = Column::Make(in.name, in.type);
      for (size_t k = 0; k < pairs_.size(); ++k) {
        const auto& [from, to] = pairs_[k];
        nlohmann::json find = from;
        if (from.is_string() && (data::IsNumeric(in.type))) {
          // A mapping key ("0", "true") against an int64, float64 or bool column.
          nlohmann::json parsed = nlohmann::json::parse(from.get<std::string>(), nullptr, false);
          if (!parsed.is_discarded() && parsed.is_primitive()) find = parsed;
        }
        LATHE_ASSIGN_OR_RETURN(Cell from_cell, CellFromJson(find, probe, pair_fields_[k]));
        LATHE_ASSIGN_OR_RETURN(Cell to_cell, CellFromJson(to, probe, pair_fields_[k]));
        Column one = Column::Make(in.name, in.type);
        AppendCell(from_cell, &one);
        lookup.emplace(one.ToString(0), to_cell);
      }
      Column changed = Fresh(in, in.type);
      for (size_t row = 0; row < in.size(); ++row) {
        auto it = in.IsNull(row) ? lookup.end() : lookup.find(in.ToString(row));
        if (it != lookup.end()) {
          AppendCell(it->second, &changed);
        } else {
          AppendFrom(in, row, &changed);
        }
      }
      replaced[col_idx] = std::move(changed);
    }
    return internal::ReplaceColumns(std::move(input), std::move(replaced));
  }

 private:
  std::string key_;
  std::vector<std::string> columns_;
  std::vector<std::pair<nlohmann::json, nlohmann::json>> pairs_;
  std::vector<std::string> pair_fields_;
};

Result<std::unique_ptr<Operation>> MakeReplaceValues(const nlohmann::json& step,
                                                     std::string path) {
  Params p(step, path);
  std::string key;
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> columns, internal::ColumnsParam(p, true, &key));
  std::vector<std::pair<nlohmann::json, nlohmann::json>> pairs;
  std::vector<std::string> fields;
  if (p.Has("mapping")) {
    if (p.Has("values") || p.Has("with")) {
      return ParamError(p.Field("mapping"), "give either mapping or values + with, not both");
    }
    LATHE_ASSIGN_OR_RETURN(nlohmann::json mapping, p.Value("mapping", true));
    if (!mapping.is_object() || mapping.empty()) {
      return ParamError(p.Field("mapping"), "expected a non-empty object {\"old\": new, ...}");
    }
    for (const auto& [from, to] : mapping.items()) {
      if (!to.is_primitive()) {
        return ParamError(p.Field("mapping." + from), "expected a number, string, bool or null");
      }
      // Keys are strings in JSON; Apply reads them as numbers/bools for such columns.
      pairs.emplace_back(from, to);
      fields.push_back(p.Field("mapping." + from));
    }
  } else {
    LATHE_ASSIGN_OR_RETURN(nlohmann::json values, p.Value("values", true));
    if (!values.is_array() || values.empty()) {
      return ParamError(p.Field("values"), "expected a non-empty array of values to replace");
    }
    LATHE_ASSIGN_OR_RETURN(nlohmann::json with, p.Value("with", false));
    if (!with.is_primitive()) {
      return ParamError(p.Field("with"), "expected a number, string, bool or null");
    }
    for (size_t i = 0; i < values.size(); ++i) {
      std::string field = p.Field("values") + "[" + std::to_string(i) + "]";
      if (!values[i].is_primitive() || values[i].is_null()) {
        return ParamError(field, "expected a number, string or bool");
      }
      pairs.emplace_back(values[i], with);
      fields.push_back(field);
    }
  }
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(new ReplaceValuesOp(std::move(path), key, std::move(columns),
                                                        std::move(pairs), std::move(fields)));
}

}  // namespace

std::vector<OperationSpec> CleanOperations() {
  using nlohmann::json;
  std::vector<OperationSpec> specs;
  specs.push_back(
      {{"fill_missing", "clean",
        "Fill missing values (null or NaN) with a constant, a learned statistic or a neighbour.",
        true,
        json::array(
            {ParamDoc("columns", "columns", true, nullptr, "the columns to fill"),
             ParamDoc("strategy", "enum", true, nullptr,
                      "constant: `value`; mean/median (int64/float64 columns, which become "
                      "float64) and mode (most frequent, ties: first seen) are learned at fit "
                      "and replayed; ffill/bfill copy the previous/next value (not row-wise; "
                      "leading/trailing gaps stay missing). A column with no values stays missing.",
                      {"constant", "mean", "median", "mode", "ffill", "bfill"}),
             ParamDoc("value", "any", false, nullptr,
                      "the constant (strategy constant): a number, string, bool or ISO date of "
                      "the column's type")})},
       MakeFillMissing});
  specs.push_back(
      {{"drop_missing", "clean", "Remove rows with missing values (null or NaN).", true,
        json::array({ParamDoc("columns", "columns", false, nullptr,
                              "the columns to look at (default: all)"),
                     ParamDoc("how", "enum", false, "any",
                              "any: drop a row missing any of them; all: only if all are missing",
                              {"any", "all"})})},
       MakeDropMissing});
  specs.push_back(
      {{"dedupe", "clean", "Remove duplicate rows (equal on the key columns).", false,
        json::array({ParamDoc("columns", "columns", false, nullptr,
                              "the key columns (default: all); nulls equal nulls"),
                     ParamDoc("keep", "enum", false, "first",
                              "which of the duplicates to keep (order is preserved)",
                              {"first", "last"})})},
       MakeDedupe});
  specs.push_back(
      {{"outliers", "clean",
        "Clip or remove values outside bounds learned at fit (IQR, z-score or quantiles).", true,
        json::array(
            {ParamDoc("columns", "columns", true, nullptr, "int64 or float64 columns"),
             ParamDoc("method", "enum", false, "iqr",
                      "iqr: [q1 - f*iqr, q3 + f*iqr]; zscore: mean +- f*sample sd; quantile: "
                      "[lower_quantile, upper_quantile] (linear interpolation)",
                      {"iqr", "zscore", "quantile"}),
             ParamDoc("factor", "number", false, nullptr,
                      "f: 1.5 for iqr, 3 for zscore (not used with quantile)"),
             ParamDoc("lower_quantile", "number", false, 0.01, "method quantile: lower bound"),
             ParamDoc("upper_quantile", "number", false, 0.99, "method quantile: upper bound"),
             ParamDoc("action", "enum", false, "clip",
                      "clip: values move to the bound (int64 columns to the nearest whole number "
                      "inside); remove: rows outside are dropped (still row-wise: each row is "
                      "tested on its own against the learned bounds). Missing values are kept.",
                      {"clip", "remove"})})},
       MakeOutliers});
  specs.push_back(
      {{"replace_values", "clean",
        "Replace given values, e.g. zeros that mean 'not measured' by null.", true,
        json::array(
            {ParamDoc("columns", "columns", true, nullptr, "the columns to change"),
             ParamDoc("values", "array", false, nullptr,
                      "the values to replace (typed like the column; dates as YYYY-MM-DD)"),
             ParamDoc("with", "any", false, nullptr,
                      "the replacement for `values`; null (default) makes them missing"),
             ParamDoc("mapping", "object", false, nullptr,
                      "instead of values + with: {\"old\": new, ...}; numeric keys match "
                      "numbers")})},
       MakeReplaceValues});
  return specs;
}

}  // namespace lathe::prep
