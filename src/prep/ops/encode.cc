// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Encoding operations: one_hot and ordinal_encode. Both learn the categories at fit (kept in the
// step state as their text form) so that replay on new data yields the same columns and codes;
// values not seen at fit are handled as documented on each operation. Both are row-wise.
#include <algorithm>
#include <map>
#include <set>

#include "core/parallel_for.h"
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

bool Encodable(const Column& c) {
  return c.type == DataType::kCategorical || c.type == DataType::kText ||
         c.type == DataType::kBool || c.type == DataType::kInt64 || c.type == DataType::kDate;
}
constexpr std::string_view kEncodableTypes = "a categorical, text, bool, int64 or date column";

struct Counted {
  std::string text;
  size_t count = 0;
  double number = 0;  // int64/date value for natural ordering
};

// Distinct present values with counts, in natural order (numbers numerically, else bytewise).
std::vector<Counted> CountValues(const Column& col) {
  std::map<std::string, Counted> counts;
  if (col.type == DataType::kCategorical) {  // count codes, then one entry per used code
    std::vector<size_t> per_code(col.dictionary.size(), 0);
    for (size_t row = 0; row < col.size(); ++row) {
      if (col.valid[row]) ++per_code[col.codes[row]];  // a null's code may not index anything
    }
    for (size_t code = 0; code < per_code.size(); ++code) {
      if (per_code[code] == 0) continue;
      Counted& c = counts[col.dictionary[code]];
      c.text = col.dictionary[code];
      c.count += per_code[code];
    }
  }
  for (size_t row = 0; row < col.size() && col.type != DataType::kCategorical; ++row) {
    if (col.IsNull(row)) continue;
    std::string text = col.ToString(row);
    Counted& c = counts[text];
    if (c.count++ == 0) {
      c.text = std::move(text);
      c.number = col.NumericAt(row);
    }
  }
  std::vector<Counted> out;
  for (auto& [text, c] : counts) out.push_back(std::move(c));
  const bool numeric = col.type == DataType::kInt64 || col.type == DataType::kDate;
  if (numeric) {
    std::stable_sort(out.begin(), out.end(),
                     [](const Counted& a, const Counted& b) { return a.number < b.number; });
  }
  return out;
}

// The values by descending count; ties keep natural order.
std::vector<Counted> ByFrequency(std::vector<Counted> values) {
  std::stable_sort(values.begin(), values.end(),
                   [](const Counted& a, const Counted& b) { return a.count > b.count; });
  return values;
}

Result<std::vector<std::string>> StringList(const nlohmann::json& v, const std::string& path,
                                            const std::string& what) {
  if (!v.is_array()) return internal::BadState(path, what + " must be an array");
  std::vector<std::string> out;
  for (const auto& s : v) {
    if (!s.is_string()) return internal::BadState(path, what + " must hold strings");
    out.push_back(s.get<std::string>());
  }
  return out;
}

// --- one_hot ---

class OneHotOp : public internal::StepOperation {
 public:
  OneHotOp(std::string path, std::string key, std::vector<std::string> columns,
           int64_t max_categories, bool drop_original, std::string prefix)
      : StepOperation("one_hot", std::move(path), true),
        key_(std::move(key)),
        columns_(std::move(columns)),
        max_categories_(max_categories),
        drop_original_(drop_original),
        prefix_(std::move(prefix)) {}

  Result<Table> Apply(Table input, const ApplyContext& ctx,
                      nlohmann::json& state) const override {
    LATHE_ASSIGN_OR_RETURN(std::vector<size_t> indices,
                           RequireColumns(input, columns_, Field(key_)));
    const bool fitting = state.is_null();
    if (!fitting && !state.contains("columns")) {
      return internal::BadState(path(), "expected {\"columns\": {name: {categories, other}}}");
    }
    nlohmann::json learned = fitting ? nlohmann::json::object() : state["columns"];
    std::map<size_t, std::vector<Column>> added;  // source index -> indicator columns
    std::set<std::string> names;
    for (const Column& c : input.columns()) names.insert(c.name);
    for (size_t i = 0; i < indices.size(); ++i) {
      const Column& in = input.column(indices[i]);
      const std::string field = IndexedField(Field(key_), key_, i);
      if (!Encodable(in)) return internal::WrongTypeError(field, in, "one_hot", kEncodableTypes);
      if (fitting) learned[in.name] = Learn(in);
      if (!learned.contains(in.name) || !learned[in.name].is_object()) {
        return internal::BadState(path(), "no categories for column '" + in.name + "'");
      }
      const nlohmann::json& entry = learned[in.name];
      LATHE_ASSIGN_OR_RETURN(
          std::vector<std::string> categories,
          StringList(entry.value("categories", nlohmann::json()), path(), "categories"));
      const bool other = entry.value("other", false);
      if (drop_original_) names.erase(in.name);
      LATHE_ASSIGN_OR_RETURN(added[indices[i]],
                             Indicators(in, categories, other, field, &names, ctx.threads));
    }
    if (fitting) state = {{"columns", std::move(learned)}};
    Table out;
    for (size_t col_idx = 0; col_idx < input.num_columns(); ++col_idx) {
      auto it = added.find(col_idx);
      if (it == added.end() || !drop_original_) {
        (void)out.AddColumn(std::move(input.mutable_column(col_idx)));
      }
      if (it == added.end()) continue;
      for (Column& c : it->second) (void)out.AddColumn(std::move(c));
    }
    return out;
  }

 private:
  // The kept categories (the max_categories most frequent, ties in natural order), listed in
  // natural order, and whether others exist.
  nlohmann::json Learn(const Column& in) const {
    std::vector<Counted> values = CountValues(in);
    std::set<std::string> kept;
    std::vector<Counted> by_freq = ByFrequency(values);
    for (size_t k = 0; k < by_freq.size() && k < static_cast<size_t>(max_categories_); ++k) {
      kept.insert(by_freq[k].text);
    }
    nlohmann::json categories = nlohmann::json::array();
    for (const Counted& c : values) {
      if (kept.contains(c.text)) categories.push_back(c.text);
    }
    return {{"categories", categories}, {"other", values.size() > kept.size()}};
  }

  std::string PrefixFor(const Column& in) const {
    return prefix_.empty() ? in.name + "_" : prefix_;
  }

  // One int64 0/1 column per category (+ "<prefix>other"). Missing: all zeros; a value not in
  // `categories`: the other column if there is one, else all zeros.
  Result<std::vector<Column>> Indicators(const Column& in, const std::vector<std::string>& cats,
                                         bool other, const std::string& field,
                                         std::set<std::string>* names, int threads) const {
    std::vector<Column> cols;
    std::map<std::string, size_t> slot;
    const std::string prefix = PrefixFor(in);
    for (size_t k = 0; k <= cats.size(); ++k) {
      if (k == cats.size() && !other) break;
      std::string name = prefix + (k < cats.size() ? cats[k] : "other");
      if (!names->insert(name).second) {
        return ParamError(field, "one_hot of column '" + in.name + "' would create column '" +
                                     name + "', which already exists (set prefix)")
            .WithDetail("column", in.name);
      }
      if (k < cats.size()) slot[cats[k]] = k;
      cols.push_back(Column::Make(name, DataType::kInt64));
    }
    // The indicator column of each row (kNone: none). For categoricals, one lookup per
    // dictionary entry instead of a string conversion and a map lookup per row (the hot path on
    // millions of rows).
    constexpr uint32_t kNone = UINT32_MAX;
    const uint32_t other_slot = other ? static_cast<uint32_t>(cols.size() - 1) : kNone;
    const size_t n = in.size();
    std::vector<uint32_t> code_slot;  // categorical: per dictionary code
    std::vector<uint32_t> row_slot;   // other types: per row
    if (in.type == DataType::kCategorical) {
      code_slot.assign(in.dictionary.size(), other_slot);
      for (size_t code = 0; code < in.dictionary.size(); ++code) {
        auto it = slot.find(in.dictionary[code]);
        if (it != slot.end()) code_slot[code] = static_cast<uint32_t>(it->second);
      }
    } else {
      row_slot.assign(n, kNone);
      for (size_t row = 0; row < n; ++row) {
        if (in.IsNull(row)) continue;
        auto it = slot.find(in.ToString(row));
        row_slot[row] = it != slot.end() ? static_cast<uint32_t>(it->second) : other_slot;
      }
    }
    // Each indicator column is written once, front to back (no zero fill first); the columns
    // are independent, so threads share them out.
    ParallelFor(cols.size(), threads, [&](size_t k) {
      Column& c = cols[k];
      c.valid.assign(n, 1);
      c.ints.resize(n);
      int64_t* out = c.ints.data();
      if (!code_slot.empty()) {
        for (size_t row = 0; row < n; ++row) {
          out[row] = in.valid[row] != 0 && code_slot[in.codes[row]] == k;
        }
      } else {
        for (size_t row = 0; row < n; ++row) out[row] = row_slot[row] == k;
      }
    });
    return cols;
  }

  std::string key_;
  std::vector<std::string> columns_;
  int64_t max_categories_;
  bool drop_original_;
  std::string prefix_;
};

Result<std::unique_ptr<Operation>> MakeOneHot(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  std::string key;
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> columns, internal::ColumnsParam(p, true, &key));
  LATHE_ASSIGN_OR_RETURN(int64_t max_categories, p.Integer("max_categories", 20));
  if (max_categories < 1 || max_categories > 1000) {
    return ParamError(p.Field("max_categories"), "must be 1 to 1000");
  }
  LATHE_ASSIGN_OR_RETURN(bool drop_original, p.Bool("drop_original", true));
  LATHE_ASSIGN_OR_RETURN(std::string prefix, p.String("prefix", ""));
  if (!prefix.empty() && columns.size() > 1) {
    return ParamError(p.Field("prefix"), "only with a single column (each column's default "
                                         "prefix is its name and '_')");
  }
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(new OneHotOp(std::move(path), key, std::move(columns),
                                                 max_categories, drop_original,
                                                 std::move(prefix)));
}

// --- ordinal_encode ---

enum class OrdinalBy { kFrequency, kAlphabetical, kOrder };

class OrdinalOp : public internal::StepOperation {
 public:
  OrdinalOp(std::string path, std::string key, std::vector<std::string> columns, OrdinalBy by,
            std::vector<std::string> order, bool unknown_minus_one)
      : StepOperation("ordinal_encode", std::move(path), true),
        key_(std::move(key)),
        columns_(std::move(columns)),
        by_(by),
        order_(std::move(order)),
        unknown_minus_one_(unknown_minus_one) {}

  Result<Table> Apply(Table input, const ApplyContext&,
                      nlohmann::json& state) const override {
    LATHE_ASSIGN_OR_RETURN(std::vector<size_t> indices,
                           RequireColumns(input, columns_, Field(key_)));
    const bool learns = by_ != OrdinalBy::kOrder;
    const bool fitting = state.is_null();
    if (learns && !fitting && !state.contains("columns")) {
      return internal::BadState(path(), "expected {\"columns\": {name: [values...]}}");
    }
    nlohmann::json learned = learns && !fitting ? state["columns"] : nlohmann::json::object();
    std::map<size_t, Column> replaced;
    for (size_t i = 0; i < indices.size(); ++i) {
      const Column& in = input.column(indices[i]);
      const std::string field = IndexedField(Field(key_), key_, i);
      if (!Encodable(in)) {
        return internal::WrongTypeError(field, in, "ordinal_encode", kEncodableTypes);
      }
      std::vector<std::string> values = order_;
      if (learns) {
        if (fitting) {
          nlohmann::json list = nlohmann::json::array();
          std::vector<Counted> counted = CountValues(in);
          if (by_ == OrdinalBy::kFrequency) counted = ByFrequency(std::move(counted));
          for (const Counted& c : counted) list.push_back(c.text);
          learned[in.name] = list;
        }
        if (!learned.contains(in.name)) {
          return internal::BadState(path(), "no values for column '" + in.name + "'");
        }
        LATHE_ASSIGN_OR_RETURN(values, StringList(learned[in.name], path(), "values"));
      }
      std::map<std::string, int64_t> code;
      for (size_t k = 0; k < values.size(); ++k) code.emplace(values[k], static_cast<int64_t>(k));
      Column encoded = Column::Make(in.name, DataType::kInt64);
      encoded.Reserve(in.size());
      for (size_t row = 0; row < in.size(); ++row) {
        auto it = in.IsNull(row) ? code.end() : code.find(in.ToString(row));
        if (it != code.end()) {
          encoded.AppendInt(it->second);
        } else if (!in.IsNull(row) && unknown_minus_one_) {
          encoded.AppendInt(-1);
        } else {
          encoded.AppendNull();
        }
      }
      replaced[indices[i]] = std::move(encoded);
    }
    if (learns && fitting) state = {{"columns", std::move(learned)}};
    return internal::ReplaceColumns(std::move(input), std::move(replaced));
  }

 private:
  std::string key_;
  std::vector<std::string> columns_;
  OrdinalBy by_;
  std::vector<std::string> order_;
  bool unknown_minus_one_;
};

Result<std::unique_ptr<Operation>> MakeOrdinal(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  std::string key;
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> columns, internal::ColumnsParam(p, true, &key));
  std::vector<std::string> order;
  if (p.Has("order")) {
    LATHE_ASSIGN_OR_RETURN(order, p.Strings("order"));
    std::set<std::string> seen;
    for (size_t k = 0; k < order.size(); ++k) {
      if (!seen.insert(order[k]).second) {
        return ParamError(p.Field("order") + "[" + std::to_string(k) + "]",
                          "'" + order[k] + "' is listed twice");
      }
    }
  }
  LATHE_ASSIGN_OR_RETURN(std::string by, p.Enum("by", {"frequency", "alphabetical", "order"},
                                                order.empty() ? "alphabetical" : "order"));
  if (by == "order" && order.empty()) {
    return ParamError(p.Field("order"), "required with by: order");
  }
  if (by != "order" && !order.empty()) {
    return ParamError(p.Field("order"), "only used with by: order");
  }
  bool minus_one = false;
  LATHE_ASSIGN_OR_RETURN(nlohmann::json unknown, p.Value("unknown", false));
  if (unknown == -1 || unknown == "-1") {
    minus_one = true;
  } else if (!unknown.is_null() && unknown != "null") {
    return ParamError(p.Field("unknown"), unknown.dump() + " is not one of null, -1");
  }
  LATHE_RETURN_IF_ERROR(p.Finish());
  OrdinalBy b = by == "frequency"      ? OrdinalBy::kFrequency
                : by == "alphabetical" ? OrdinalBy::kAlphabetical
                                       : OrdinalBy::kOrder;
  return std::unique_ptr<Operation>(
      new OrdinalOp(std::move(path), key, std::move(columns), b, std::move(order), minus_one));
}

}  // namespace

std::vector<OperationSpec> EncodeOperations() {
  using nlohmann::json;
  std::vector<OperationSpec> specs;
  specs.push_back(
      {{"one_hot", "encode",
        "One 0/1 column per category learned at fit; rare categories share an 'other' column.",
        true,
        json::array(
            {ParamDoc("columns", "columns", true, nullptr,
                      std::string(kEncodableTypes.substr(2)) + "s to encode"),
             ParamDoc("max_categories", "integer", false, 20,
                      "keep the most frequent categories (ties in natural order); the rest go to "
                      "a <prefix>other column"),
             ParamDoc("drop_original", "boolean", false, true,
                      "remove the source column (the indicators take its place)"),
             ParamDoc("prefix", "string", false, nullptr,
                      "indicator name prefix (single column only; default \"<column>_\"). "
                      "Indicators are int64 0/1 in natural category order; a missing value gives "
                      "all zeros; a value unseen at fit goes to the other column if the fit had "
                      "one, else all zeros")})},
       MakeOneHot});
  specs.push_back(
      {{"ordinal_encode", "encode", "Replace categories by integer codes 0, 1, 2, ...", true,
        json::array(
            {ParamDoc("columns", "columns", true, nullptr,
                      std::string(kEncodableTypes.substr(2)) + "s; they become int64"),
             ParamDoc("by", "enum", false, "alphabetical",
                      "code order: alphabetical (natural order, numbers numerically), frequency "
                      "(most frequent is 0), order (the given list); default order when `order` "
                      "is given; learned at fit",
                      {"frequency", "alphabetical", "order"}),
             ParamDoc("order", "string[]", false, nullptr,
                      "the values in code order (by: order), as text"),
             ParamDoc("unknown", "enum", false, "null",
                      "code of a value not seen at fit (or not in `order`): null or -1; missing "
                      "stays missing",
                      {"null", "-1"})})},
       MakeOrdinal});
  return specs;
}

}  // namespace lathe::prep
