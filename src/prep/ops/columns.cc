// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Column operations: select_columns, drop_columns, rename_columns, reorder_columns and cast.
// All are row-wise. cast with on_error=drop_row drops rows, but each row is kept or dropped on
// its own value, so the step stays row-wise (it can run on single rows at serving time).
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "data/type_inference.h"
#include "prep/internal/column_ops.h"
#include "prep/internal/date_format.h"
#include "prep/operation.h"
#include "prep/params.h"

namespace lathe::prep {
namespace {

using data::Column;
using data::DataType;
using data::Table;
using internal::ParamDoc;

// --- select_columns / drop_columns / reorder_columns ---

enum class ListMode { kSelect, kDrop, kReorder };

class ColumnListOp : public internal::StepOperation {
 public:
  ColumnListOp(std::string_view name, std::string path, ListMode mode,
               std::vector<std::string> columns)
      : StepOperation(name, std::move(path), true), mode_(mode), columns_(std::move(columns)) {}

  Result<Table> Apply(Table input, const ApplyContext&, nlohmann::json&) const override {
    LATHE_ASSIGN_OR_RETURN(std::vector<size_t> picked,
                           RequireColumns(input, columns_, Field("columns")));
    std::vector<size_t> order;
    std::set<size_t> listed(picked.begin(), picked.end());
    if (mode_ != ListMode::kDrop) order = picked;
    if (mode_ != ListMode::kSelect) {
      for (size_t col_idx = 0; col_idx < input.num_columns(); ++col_idx) {
        if (!listed.contains(col_idx)) order.push_back(col_idx);
      }
    }
    Table out;
    // A column listed twice is copied; its last use takes it.
    std::vector<size_t> uses(input.num_columns(), 0);
    for (size_t col_idx : order) ++uses[col_idx];
    for (size_t col_idx : order) {
      (void)out.AddColumn(--uses[col_idx] == 0 ? std::move(input.mutable_column(col_idx))
                                                : input.column(col_idx));
    }
    if (out.num_columns() == 0) {
      return ParamError(Field("columns"), "dropping every column leaves an empty table");
    }
    return out;
  }

 private:
  ListMode mode_;
  std::vector<std::string> columns_;
};

OperationFactory ColumnListFactory(std::string_view name, ListMode mode) {
  return [name, mode](const nlohmann::json& step,
                      std::string path) -> Result<std::unique_ptr<Operation>> {
    Params p(step, path);
    LATHE_ASSIGN_OR_RETURN(std::vector<std::string> columns, p.Strings("columns"));
    LATHE_RETURN_IF_ERROR(internal::RequireUnique(columns, p.Field("columns")));
    LATHE_RETURN_IF_ERROR(p.Finish());
    return std::unique_ptr<Operation>(
        new ColumnListOp(name, std::move(path), mode, std::move(columns)));
  };
}

// --- rename_columns ---

class RenameOp : public internal::StepOperation {
 public:
  RenameOp(std::string path, std::vector<std::pair<std::string, std::string>> mapping)
      : StepOperation("rename_columns", std::move(path), true), mapping_(std::move(mapping)) {}

  Result<Table> Apply(Table input, const ApplyContext&, nlohmann::json&) const override {
    std::vector<std::string> names;
    for (const Column& c : input.columns()) names.push_back(c.name);
    for (const auto& [from, to] : mapping_) {
      LATHE_ASSIGN_OR_RETURN(size_t idx, RequireColumn(input, from, Field("mapping." + from)));
      names[idx] = to;
    }
    std::map<std::string, size_t> seen;
    for (size_t col_idx = 0; col_idx < names.size(); ++col_idx) {
      auto [it, inserted] = seen.emplace(names[col_idx], col_idx);
      if (inserted) continue;
      // Report against the renamed entry that caused the clash.
      for (const auto& [from, to] : mapping_) {
        if (to == names[col_idx]) {
          return ParamError(Field("mapping." + from),
                            "new name '" + to + "' clashes with another column of that name")
              .WithDetail("column", to);
        }
      }
    }
    Table out;
    for (size_t col_idx = 0; col_idx < names.size(); ++col_idx) {
      Column column = std::move(input.mutable_column(col_idx));
      column.name = names[col_idx];
      (void)out.AddColumn(std::move(column));
    }
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>> mapping_;
};

Result<std::unique_ptr<Operation>> MakeRename(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  LATHE_ASSIGN_OR_RETURN(nlohmann::json mapping, p.Value("mapping", true));
  if (!mapping.is_object() || mapping.empty()) {
    return ParamError(p.Field("mapping"), "expected a non-empty object {\"old\": \"new\", ...}");
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& [from, to] : mapping.items()) {
    if (!to.is_string() || to.get<std::string>().empty()) {
      return ParamError(p.Field("mapping." + from), "expected a non-empty string (the new name)");
    }
    pairs.emplace_back(from, to.get<std::string>());
  }
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(new RenameOp(std::move(path), std::move(pairs)));
}

// --- cast ---

enum class OnError { kFail, kNull, kDropRow };

bool CastAllowed(DataType from, DataType to) {
  switch (to) {
    case DataType::kText:
    case DataType::kCategorical: return true;
    case DataType::kInt64:
    case DataType::kFloat64:
    case DataType::kBool:
      return from != DataType::kDate && from != DataType::kDateTime;
    case DataType::kDate:
    case DataType::kDateTime:
      return from == DataType::kDate || from == DataType::kDateTime ||
             from == DataType::kCategorical || from == DataType::kText;
  }
  return false;
}

constexpr int64_t kMicrosPerDay = 86400LL * 1000000LL;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Converts a present, non-NaN cell; false if the value has no `to` form.
bool ConvertNumber(double v, DataType to, Column* out) {
  switch (to) {
    case DataType::kInt64:
      if (v != std::floor(v) || std::fabs(v) >= 9.2e18) return false;
      out->AppendInt(static_cast<int64_t>(v));
      return true;
    case DataType::kFloat64: out->AppendDouble(v); return true;
    case DataType::kBool:
      if (v != 0 && v != 1) return false;
      out->AppendInt(v == 1);
      return true;
    default: return false;
  }
}

bool ConvertText(std::string_view raw, DataType to, const internal::DateFormat* format,
                 Column* out) {
  std::string_view s = data::TrimSpaces(raw);
  int64_t i;
  double d;
  bool b;
  switch (to) {
    case DataType::kInt64:
      if (data::ParseInt64(s, &i)) return out->AppendInt(i), true;
      return data::ParseFloat64(s, &d) && std::isfinite(d) && ConvertNumber(d, to, out);
    case DataType::kFloat64:
      if (data::ParseFloat64(s, &d)) return out->AppendDouble(d), true;
      if (data::ParseInt64(s, &i)) return out->AppendDouble(static_cast<double>(i)), true;
      return false;
    case DataType::kBool:
      if (data::ParseBool(s, &b)) return out->AppendInt(b), true;
      if (s == "0" || s == "1") return out->AppendInt(s == "1"), true;
      return false;
    case DataType::kDate:
    case DataType::kDateTime: {
      int64_t micros;
      if (format != nullptr) {
        internal::ParsedDateTime parsed;
        std::string why;
        if (!format->Parse(s, &parsed, &why)) return false;
        micros = parsed.UtcMicros();
      } else if (to == DataType::kDate && data::ParseDate(s, &i)) {
        micros = i * kMicrosPerDay;
      } else if (!data::ParseDateTime(s, &micros)) {
        return false;
      }
      out->AppendInt(to == DataType::kDate ? FloorDiv(micros, kMicrosPerDay) : micros);
      return true;
    }
    default: out->AppendString(raw); return true;
  }
}

// Appends row `row` of `in` converted to out->type; false if it cannot be converted.
bool ConvertCell(const Column& in, size_t row, const internal::DateFormat* format, Column* out) {
  const DataType to = out->type;
  if (internal::IsMissing(in, row)) return out->AppendNull(), true;
  if (to == DataType::kText || to == DataType::kCategorical) {
    out->AppendString(in.ToString(row));
    return true;
  }
  switch (in.type) {
    case DataType::kInt64:
    case DataType::kBool:
    case DataType::kFloat64: return ConvertNumber(in.NumericAt(row), to, out);
    case DataType::kDate:
      out->AppendInt(to == DataType::kDate ? in.ints[row] : in.ints[row] * kMicrosPerDay);
      return true;
    case DataType::kDateTime:
      out->AppendInt(to == DataType::kDate ? FloorDiv(in.ints[row], kMicrosPerDay)
                                           : in.ints[row]);
      return true;
    case DataType::kCategorical:
    case DataType::kText: {
      std::string_view s = in.StringAt(row);
      if (data::IsMissingMarker(s)) return out->AppendNull(), true;
      return ConvertText(s, to, format, out);
    }
  }
  return false;
}

class CastOp : public internal::StepOperation {
 public:
  CastOp(std::string path, std::string key, std::vector<std::string> columns, DataType to,
         OnError on_error, std::string format, std::optional<internal::DateFormat> compiled)
      : StepOperation("cast", std::move(path), true),
        key_(std::move(key)),
        columns_(std::move(columns)),
        to_(to),
        on_error_(on_error),
        format_(std::move(format)),
        compiled_(std::move(compiled)) {}

  Result<Table> Apply(Table input, const ApplyContext&, nlohmann::json&) const override {
    LATHE_ASSIGN_OR_RETURN(std::vector<size_t> indices,
                           RequireColumns(input, columns_, Field(key_)));
    std::map<size_t, Column> replaced;
    std::vector<uint8_t> keep(input.num_rows(), 1);
    for (size_t i = 0; i < indices.size(); ++i) {
      const Column& in = input.column(indices[i]);
      std::string field = Field(key_) + (key_ == "columns" ? "[" + std::to_string(i) + "]" : "");
      if (!CastAllowed(in.type, to_)) {
        return internal::WrongTypeError(field, in, "cast to " + std::string(DataTypeName(to_)),
                                        "a column of a convertible type");
      }
      Column converted = Column::Make(in.name, to_);
      converted.Reserve(in.size());
      for (size_t row = 0; row < in.size(); ++row) {
        if (ConvertCell(in, row, compiled_ ? &*compiled_ : nullptr, &converted)) continue;
        if (on_error_ == OnError::kFail) {
          return ParamError(field, "column '" + in.name + "' row " + std::to_string(row + 1) +
                                       ": '" + in.ToString(row) + "' is not " + Article() +
                                       std::string(DataTypeName(to_)) +
                                       (format_.empty() ? "" : " in format '" + format_ + "'") +
                                       " (on_error: null or drop_row to skip such values)")
              .WithDetail("column", in.name)
              .WithDetail("row", row + 1);
        }
        converted.AppendNull();
        if (on_error_ == OnError::kDropRow) keep[row] = 0;
      }
      replaced[indices[i]] = std::move(converted);
    }
    Table out = internal::ReplaceColumns(std::move(input), std::move(replaced));
    if (on_error_ == OnError::kDropRow) return internal::KeepRows(std::move(out), keep);
    return out;
  }

 private:
  std::string Article() const { return to_ == DataType::kInt64 ? "an " : "a "; }

  std::string key_;
  std::vector<std::string> columns_;
  DataType to_;
  OnError on_error_;
  std::string format_;
  std::optional<internal::DateFormat> compiled_;
};

Result<std::unique_ptr<Operation>> MakeCast(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  std::string key;
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> columns, internal::ColumnsParam(p, true, &key));
  LATHE_ASSIGN_OR_RETURN(std::string to_name,
                         p.Enum("to", {"int64", "float64", "bool", "date", "datetime",
                                       "categorical", "text"}));
  LATHE_ASSIGN_OR_RETURN(std::string on_error, p.Enum("on_error", {"fail", "null", "drop_row"},
                                                      "fail"));
  LATHE_ASSIGN_OR_RETURN(std::string format, p.String("format", ""));
  LATHE_ASSIGN_OR_RETURN(DataType to, data::ParseDataType(to_name));
  if (!format.empty() && to != DataType::kDate && to != DataType::kDateTime) {
    return ParamError(p.Field("format"), "only used when casting to date or datetime");
  }
  std::optional<internal::DateFormat> compiled;
  if (!format.empty()) {
    Result<internal::DateFormat> f = internal::DateFormat::Compile(format);
    if (!f.ok()) return ParamError(p.Field("format"), f.status().message());
    compiled = std::move(*f);
  }
  LATHE_RETURN_IF_ERROR(p.Finish());
  OnError mode = on_error == "fail"   ? OnError::kFail
                 : on_error == "null" ? OnError::kNull
                                      : OnError::kDropRow;
  return std::unique_ptr<Operation>(
      new CastOp(std::move(path), key, std::move(columns), to, mode, std::move(format),
                 std::move(compiled)));
}

}  // namespace

std::vector<OperationSpec> ColumnOperations() {
  const nlohmann::json columns_doc =
      ParamDoc("columns", "columns", true, nullptr, "the columns, in the order wanted");
  std::vector<OperationSpec> specs;
  specs.push_back({{"select_columns", "columns", "Keep only these columns, in this order.", true,
                    nlohmann::json::array({columns_doc})},
                   ColumnListFactory("select_columns", ListMode::kSelect)});
  specs.push_back(
      {{"drop_columns", "columns", "Remove these columns.", true,
        nlohmann::json::array(
            {ParamDoc("columns", "columns", true, nullptr, "the columns to remove")})},
       ColumnListFactory("drop_columns", ListMode::kDrop)});
  specs.push_back(
      {{"rename_columns", "columns",
        "Rename columns; a new name may not clash with another column.", true,
        nlohmann::json::array({ParamDoc("mapping", "object", true, nullptr,
                                        "{\"old name\": \"new name\", ...}")})},
       MakeRename});
  specs.push_back(
      {{"reorder_columns", "columns", "Move these columns first, then the rest in their order.",
        true,
        nlohmann::json::array(
            {ParamDoc("columns", "columns", true, nullptr, "the columns to put first")})},
       ColumnListFactory("reorder_columns", ListMode::kReorder)});
  specs.push_back(
      {{"cast", "columns",
        "Convert columns to another type; bad values fail, become null or drop their row.", true,
        nlohmann::json::array(
            {ParamDoc("columns", "columns", true, nullptr,
                      "the columns to convert (\"column\": one name is accepted too)"),
             ParamDoc("to", "enum", true, nullptr,
                      "target type; text values are trimmed, empty/NA markers become null, "
                      "bool accepts true/false/yes/no/t/f/0/1, int64 accepts whole floats",
                      {"int64", "float64", "bool", "date", "datetime", "categorical", "text"}),
             ParamDoc("on_error", "enum", false, "fail",
                      "a value that does not convert: fail (error naming the 1-based row), null "
                      "(becomes missing) or drop_row (the row is removed; still row-wise, each "
                      "row is tested on its own)",
                      {"fail", "null", "drop_row"}),
             ParamDoc("format", "string", false, nullptr,
                      "date/datetime text format, strftime-style: %Y %y %m %d %H %M %S %f %j %I "
                      "%p %b %B %z %%, e.g. \"%d/%m/%Y\" (default: ISO 8601)")})},
       MakeCast});
  return specs;
}

}  // namespace lathe::prep
