// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Shape operations: group_by (aggregate rows per key) and join (hash join with another
// dataset). Neither is row-wise; neither learns state. Keys are hashed on their typed values
// through internal/value_ids.h, so no per-row strings are built.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "data/take.h"
#include "prep/internal/op_support.h"
#include "prep/internal/row_order.h"
#include "prep/internal/take_or_null.h"
#include "prep/internal/value_ids.h"
#include "prep/operation.h"
#include "prep/params.h"

namespace lathe::prep {
namespace {

using data::Column;
using data::DataType;
using internal::kNoId;
using internal::OpBase;
using internal::Param;

// ---------------------------------------------------------------------------------------------
// group_by

enum class Func { kCount, kSum, kMean, kMin, kMax, kMedian, kNunique, kStd, kFirst, kLast };
const std::vector<std::string>& FuncNames() {
  static const std::vector<std::string> kNames = {"count",  "sum",     "mean", "min",   "max",
                                                  "median", "nunique", "std",  "first", "last"};
  return kNames;
}

struct Aggregation {
  std::string column;  // "*" only with count
  Func func;
  std::string as;      // output name
  std::string field;   // "steps[1].aggregations[0]"
};

bool IsMissing(const Column& c, size_t row) {
  return !c.valid[row] || (c.type == DataType::kFloat64 && std::isnan(c.doubles[row]));
}

// Per-group aggregation over `gid` (group of each row), `groups` groups. Returns the output
// column indexed by group id.
class Aggregator {
 public:
  Aggregator(const std::vector<uint32_t>& gid, uint32_t groups) : gid_(gid), groups_(groups) {}

  Column Count(const Column* c, const std::string& name) const {
    Column out = IntColumn(name);
    for (size_t row = 0; row < gid_.size(); ++row) {
      if (c == nullptr || !IsMissing(*c, row)) ++out.ints[gid_[row]];
    }
    return out;
  }

  Column Sum(const Column& c, const std::string& name) const {
    if (c.type == DataType::kFloat64) {
      Column out = Column::Make(name, DataType::kFloat64);
      out.valid.assign(groups_, 1);
      out.doubles.assign(groups_, 0.0);
      for (size_t row = 0; row < gid_.size(); ++row) {
        if (!IsMissing(c, row)) out.doubles[gid_[row]] += c.doubles[row];
      }
      return out;
    }
    Column out = IntColumn(name);
    for (size_t row = 0; row < gid_.size(); ++row) {
      if (c.valid[row]) out.ints[gid_[row]] += c.ints[row];
    }
    return out;
  }

  // mean (ddof unused) or sample standard deviation (two passes); null below the minimum count.
  Column Moment(const Column& c, const std::string& name, bool std_dev) const {
    std::vector<double> sum(groups_, 0.0), sq(groups_, 0.0);
    std::vector<int64_t> n(groups_, 0);
    for (size_t row = 0; row < gid_.size(); ++row) {
      if (IsMissing(c, row)) continue;
      sum[gid_[row]] += c.NumericAt(row);
      ++n[gid_[row]];
    }
    if (std_dev) {
      for (size_t row = 0; row < gid_.size(); ++row) {
        if (IsMissing(c, row)) continue;
        const uint32_t g = gid_[row];
        const double d = c.NumericAt(row) - sum[g] / static_cast<double>(n[g]);
        sq[g] += d * d;
      }
    }
    Column out = Column::Make(name, DataType::kFloat64);
    out.Reserve(groups_);
    for (uint32_t g = 0; g < groups_; ++g) {
      if (n[g] < (std_dev ? 2 : 1)) {
        out.AppendNull();
      } else {
        out.AppendDouble(std_dev ? std::sqrt(sq[g] / static_cast<double>(n[g] - 1))
                                 : sum[g] / static_cast<double>(n[g]));
      }
    }
    return out;
  }

  Column Median(const Column& c, const std::string& name) const {
    // Counting sort of the present values by group, then nth_element within each group.
    std::vector<size_t> start(groups_ + 1, 0);
    for (size_t row = 0; row < gid_.size(); ++row) {
      if (!IsMissing(c, row)) ++start[gid_[row] + 1];
    }
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<double> values(start[groups_]);
    std::vector<size_t> fill(start.begin(), start.end() - 1);
    for (size_t row = 0; row < gid_.size(); ++row) {
      if (!IsMissing(c, row)) values[fill[gid_[row]]++] = c.NumericAt(row);
    }
    Column out = Column::Make(name, DataType::kFloat64);
    out.Reserve(groups_);
    for (uint32_t g = 0; g < groups_; ++g) {
      const size_t n = start[g + 1] - start[g];
      if (n == 0) {
        out.AppendNull();
        continue;
      }
      auto begin = values.begin() + static_cast<std::ptrdiff_t>(start[g]);
      auto mid = begin + static_cast<std::ptrdiff_t>(n / 2);
      std::nth_element(begin, mid, begin + static_cast<std::ptrdiff_t>(n));
      double m = *mid;
      if (n % 2 == 0) m = (m + *std::max_element(begin, mid)) / 2;
      out.AppendDouble(m);
    }
    return out;
  }

  Column Nunique(const Column& c, const std::string& name) const {
    internal::ValueInterner interner;
    std::vector<uint32_t> vid(c.size());
    internal::AssignValueIds(c, internal::NullIds::kNoId, &interner, vid.data());
    internal::U64Map seen(1024);
    Column out = IntColumn(name);
    for (size_t row = 0; row < gid_.size(); ++row) {
      if (vid[row] == kNoId) continue;
      const size_t before = seen.size();
      seen.FindOrInsert((static_cast<uint64_t>(gid_[row]) << 32) | vid[row], 0);
      if (seen.size() != before) ++out.ints[gid_[row]];
    }
    return out;
  }

  // The row chosen per group by `better(candidate, current)` among present rows, as a column
  // of `c`'s type (null where a group has no present value).
  template <typename Better>
  Column Pick(const Column& c, const std::string& name, Better&& better) const {
    std::vector<uint32_t> best(groups_, kNoId);
    for (size_t row = 0; row < gid_.size(); ++row) {
      if (IsMissing(c, row)) continue;
      uint32_t& b = best[gid_[row]];
      if (b == kNoId || better(static_cast<uint32_t>(row), b)) b = static_cast<uint32_t>(row);
    }
    Column out = internal::TakeOrNull(c, best);
    out.name = name;
    return out;
  }

 private:
  Column IntColumn(const std::string& name) const {
    Column out = Column::Make(name, DataType::kInt64);
    out.valid.assign(groups_, 1);
    out.ints.assign(groups_, 0);
    return out;
  }

  const std::vector<uint32_t>& gid_;
  uint32_t groups_;
};

// <0, 0, >0 comparing two present rows of one column by value.
int CompareRows(const Column& c, uint32_t a, uint32_t b) {
  switch (c.type) {
    case DataType::kFloat64: return (c.doubles[a] > c.doubles[b]) - (c.doubles[a] < c.doubles[b]);
    case DataType::kText:
    case DataType::kCategorical: {
      const int r = c.StringAt(a).compare(c.StringAt(b));
      return (r > 0) - (r < 0);
    }
    default: return (c.ints[a] > c.ints[b]) - (c.ints[a] < c.ints[b]);
  }
}

bool NeedsNumber(Func f) {
  return f == Func::kSum || f == Func::kMean || f == Func::kMedian || f == Func::kStd;
}

class GroupByOp : public OpBase {
 public:
  GroupByOp(std::string path, std::vector<std::string> keys, std::vector<Aggregation> aggs)
      : OpBase("group_by", std::move(path), false),
        keys_(std::move(keys)),
        aggs_(std::move(aggs)) {}

  Result<data::Table> Apply(data::Table input, const ApplyContext& /*ctx*/,
                            nlohmann::json& /*state*/) const override {
    LATHE_ASSIGN_OR_RETURN(std::vector<size_t> key_cols,
                           RequireColumns(input, keys_, Field("keys")));
    std::vector<const Column*> agg_cols;
    for (const Aggregation& a : aggs_) {
      if (a.column == "*") {
        agg_cols.push_back(nullptr);
        continue;
      }
      LATHE_ASSIGN_OR_RETURN(size_t col, RequireColumn(input, a.column, a.field + ".column"));
      const Column& c = input.column(col);
      if (NeedsNumber(a.func) && !data::IsNumeric(c.type)) {
        return internal::ColumnTypeError(a.field + ".column", c,
                                         FuncNames()[static_cast<size_t>(a.func)],
                                         "a numeric (int64, float64 or bool) column");
      }
      agg_cols.push_back(&c);
    }

    // Group id per row; nulls form a group of their own.
    const size_t n = input.num_rows();
    std::vector<uint32_t> gid(n);
    uint32_t groups = 0;
    for (size_t k = 0; k < key_cols.size(); ++k) {
      internal::ValueInterner interner;
      std::vector<uint32_t> ids(n);
      internal::AssignValueIds(input.column(key_cols[k]), internal::NullIds::kOwnId, &interner,
                               ids.data());
      if (k == 0) {
        gid = std::move(ids);
        groups = interner.size();
      } else {
        groups = internal::CombineIds(&gid, ids);
      }
    }
    // First row of each group; ids are assigned in first-seen order, so rows ascend.
    std::vector<uint32_t> first_row(groups, kNoId);
    for (size_t row = 0; row < n; ++row) {
      if (first_row[gid[row]] == kNoId) first_row[gid[row]] = static_cast<uint32_t>(row);
    }
    // Output order: groups sorted by their key values (ascending, nulls last).
    data::Table key_table;
    for (size_t col : key_cols) (void)key_table.AddColumn(data::TakeRows(input.column(col), first_row));
    std::vector<internal::SortKey> sort_keys;
    for (size_t k = 0; k < key_cols.size(); ++k) sort_keys.push_back({.column = k});
    std::vector<uint32_t> order(groups);
    std::iota(order.begin(), order.end(), 0u);
    internal::SortRows(key_table, sort_keys, &order);

    data::Table out;
    for (size_t k = 0; k < key_cols.size(); ++k) {
      (void)out.AddColumn(data::TakeRows(key_table.column(k), order));
    }
    Aggregator agg(gid, groups);
    for (size_t j = 0; j < aggs_.size(); ++j) {
      Column result = Compute(agg, aggs_[j], agg_cols[j]);
      (void)out.AddColumn(data::TakeRows(result, order));
    }
    return out;
  }

 private:
  static Column Compute(const Aggregator& agg, const Aggregation& a, const Column* c) {
    switch (a.func) {
      case Func::kCount: return agg.Count(c, a.as);
      case Func::kSum: return agg.Sum(*c, a.as);
      case Func::kMean: return agg.Moment(*c, a.as, false);
      case Func::kStd: return agg.Moment(*c, a.as, true);
      case Func::kMedian: return agg.Median(*c, a.as);
      case Func::kNunique: return agg.Nunique(*c, a.as);
      case Func::kMin:
        return agg.Pick(*c, a.as, [c](uint32_t x, uint32_t b) { return CompareRows(*c, x, b) < 0; });
      case Func::kMax:
        return agg.Pick(*c, a.as, [c](uint32_t x, uint32_t b) { return CompareRows(*c, x, b) > 0; });
      case Func::kFirst: return agg.Pick(*c, a.as, [](uint32_t, uint32_t) { return false; });
      case Func::kLast: return agg.Pick(*c, a.as, [](uint32_t, uint32_t) { return true; });
    }
    return Column();
  }

  std::vector<std::string> keys_;
  std::vector<Aggregation> aggs_;
};

Result<Aggregation> ParseAggregation(const nlohmann::json& item, const std::string& field) {
  if (!item.is_object()) {
    return ParamError(field, "expected an object {\"column\", \"func\", \"as\"?}, got " +
                                 item.dump());
  }
  Params p(item, field);
  Aggregation a;
  a.field = field;
  LATHE_ASSIGN_OR_RETURN(a.column, p.String("column"));
  LATHE_ASSIGN_OR_RETURN(std::string func, p.Enum("func", FuncNames()));
  a.func = static_cast<Func>(std::find(FuncNames().begin(), FuncNames().end(), func) -
                             FuncNames().begin());
  if (a.column == "*" && a.func != Func::kCount) {
    return ParamError(p.Field("column"), "'*' (all rows) only works with func count");
  }
  const std::string fallback = a.column == "*" ? "count" : func + "_" + a.column;
  LATHE_ASSIGN_OR_RETURN(a.as, p.String("as", fallback));
  if (a.as.empty()) return ParamError(p.Field("as"), "must not be empty");
  // Finish() would accept "op"; an aggregation has no op.
  if (item.contains("op")) return ParamError(p.Field("op"), "unknown property");
  LATHE_RETURN_IF_ERROR(p.Finish());
  return a;
}

Result<std::unique_ptr<Operation>> MakeGroupBy(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> keys, p.Strings("keys"));
  LATHE_ASSIGN_OR_RETURN(nlohmann::json list, p.Value("aggregations", true));
  LATHE_RETURN_IF_ERROR(p.Finish());
  if (!list.is_array() || list.empty()) {
    return ParamError(p.Field("aggregations"),
                      "expected a non-empty array of {\"column\", \"func\", \"as\"?}");
  }
  std::set<std::string> names;
  for (size_t k = 0; k < keys.size(); ++k) {
    if (!names.insert(keys[k]).second) {
      return ParamError(p.Field("keys") + "[" + std::to_string(k) + "]",
                        "key '" + keys[k] + "' is repeated");
    }
  }
  std::vector<Aggregation> aggs;
  for (size_t j = 0; j < list.size(); ++j) {
    const std::string field = p.Field("aggregations") + "[" + std::to_string(j) + "]";
    LATHE_ASSIGN_OR_RETURN(Aggregation a, ParseAggregation(list[j], field));
    if (!names.insert(a.as).second) {
      return ParamError(field + ".as", "output column '" + a.as +
                                           "' is already used (by a key or an earlier "
                                           "aggregation); set \"as\" to another name");
    }
    aggs.push_back(std::move(a));
  }
  return std::unique_ptr<Operation>(new GroupByOp(std::move(path), std::move(keys), std::move(aggs)));
}

// ---------------------------------------------------------------------------------------------
// join

enum class How { kInner, kLeft, kRight, kOuter };

// Types whose values can be equal: int64 and float64 compare numerically; text and
// categorical by bytes; the others only with themselves.
int KeyFamily(DataType type) {
  switch (type) {
    case DataType::kInt64:
    case DataType::kFloat64: return 0;
    case DataType::kText:
    case DataType::kCategorical: return 1;
    case DataType::kBool: return 2;
    case DataType::kDate: return 3;
    case DataType::kDateTime: return 4;
  }
  return -1;
}

// Appends row `row` of `src` (or a null for kNoId) to `out`, converting int64 to float64 and
// any string type to out's string type.
void AppendFrom(Column* out, const Column& src, uint32_t row) {
  if (row == kNoId || IsMissing(src, row)) {
    out->AppendNull();
  } else if (out->type == DataType::kFloat64) {
    out->AppendDouble(src.NumericAt(row));
  } else if (internal::IsStringType(out->type)) {
    out->AppendString(src.StringAt(row));
  } else {
    out->AppendInt(src.ints[row]);
  }
}

// The `on` key column of a right or outer join: the left value, or the right one where the row
// has no left side.
Column CoalesceKey(const Column& left, const std::vector<uint32_t>& lrows, const Column& right,
                   const std::vector<uint32_t>& rrows) {
  DataType type = left.type;
  if (left.type != right.type) {
    type = KeyFamily(left.type) == 0 ? DataType::kFloat64 : DataType::kText;
  }
  Column out = Column::Make(left.name, type);
  out.Reserve(lrows.size());
  for (size_t i = 0; i < lrows.size(); ++i) {
    if (lrows[i] != kNoId) {
      AppendFrom(&out, left, lrows[i]);
    } else {
      AppendFrom(&out, right, rrows[i]);
    }
  }
  return out;
}

class JoinOp : public OpBase {
 public:
  JoinOp(std::string path, std::string dataset, How how, std::vector<std::string> left_on,
         std::vector<std::string> right_on, bool same_keys, std::vector<std::string> suffixes)
      : OpBase("join", std::move(path), false),
        dataset_(std::move(dataset)),
        how_(how),
        left_on_(std::move(left_on)),
        right_on_(std::move(right_on)),
        same_keys_(same_keys),
        suffixes_(std::move(suffixes)) {}

  Result<data::Table> Apply(data::Table left, const ApplyContext& ctx,
                            nlohmann::json& /*state*/) const override {
    if (!ctx.load_dataset) {
      return FailedPreconditionError(Field("dataset") +
                                     ": joins need other datasets, and none can be loaded here")
          .WithDetail("field", Field("dataset"));
    }
    auto loaded = ctx.load_dataset(dataset_);
    if (!loaded.ok()) {
      return Status(loaded.status().Annotate(Field("dataset")))
          .WithDetail("field", Field("dataset"));
    }
    const data::Table& right = **loaded;
    const std::string lfield = Field(same_keys_ ? "on" : "left_on");
    const std::string rfield = Field(same_keys_ ? "on" : "right_on");
    LATHE_ASSIGN_OR_RETURN(std::vector<size_t> lkeys, RequireColumns(left, left_on_, lfield));
    LATHE_ASSIGN_OR_RETURN(std::vector<size_t> rkeys, RequireColumns(right, right_on_, rfield));
    for (size_t k = 0; k < lkeys.size(); ++k) {
      const Column& l = left.column(lkeys[k]);
      const Column& r = right.column(rkeys[k]);
      if (KeyFamily(l.type) != KeyFamily(r.type)) {
        const std::string lt(data::DataTypeName(l.type)), rt(data::DataTypeName(r.type));
        return ParamError(lfield + "[" + std::to_string(k) + "]",
                          "key columns have different types: left '" + l.name + "' is " + lt +
                              ", right '" + r.name + "' is " + rt)
            .WithDetail("left_column", l.name)
            .WithDetail("left_type", lt)
            .WithDetail("right_column", r.name)
            .WithDetail("right_type", rt);
      }
    }
    std::vector<uint32_t> lrows, rrows;
    LATHE_RETURN_IF_ERROR(Match(left, lkeys, right, rkeys, &lrows, &rrows));
    return Assemble(left, lkeys, right, rkeys, lrows, rrows);
  }

 private:
  // Key ids shared by both sides (left rows first, then right rows); kNoId where a key is null.
  static std::vector<uint32_t> KeyIds(const data::Table& left, const std::vector<size_t>& lkeys,
                                      const data::Table& right, const std::vector<size_t>& rkeys,
                                      uint32_t* count) {
    const size_t nl = left.num_rows(), nr = right.num_rows();
    std::vector<uint32_t> acc;
    for (size_t k = 0; k < lkeys.size(); ++k) {
      internal::ValueInterner interner;
      std::vector<uint32_t> ids(nl + nr);
      internal::AssignValueIds(left.column(lkeys[k]), internal::NullIds::kNoId, &interner,
                               ids.data());
      internal::AssignValueIds(right.column(rkeys[k]), internal::NullIds::kNoId, &interner,
                               ids.data() + nl);
      if (k == 0) {
        acc = std::move(ids);
        *count = interner.size();
      } else {
        *count = internal::CombineIds(&acc, ids);
      }
    }
    return acc;
  }

  // The output row pairs: matches in left order (each left row's matches in right order),
  // unmatched left rows for left/outer, then unmatched right rows for right/outer.
  Status Match(const data::Table& left, const std::vector<size_t>& lkeys,
               const data::Table& right, const std::vector<size_t>& rkeys,
               std::vector<uint32_t>* lrows, std::vector<uint32_t>* rrows) const {
    const size_t nl = left.num_rows(), nr = right.num_rows();
    uint32_t count = 0;
    std::vector<uint32_t> ids = KeyIds(left, lkeys, right, rkeys, &count);
    // Right rows bucketed by key id, in right order.
    std::vector<uint32_t> start(static_cast<size_t>(count) + 1, 0);
    for (size_t r = 0; r < nr; ++r) {
      if (ids[nl + r] != kNoId) ++start[ids[nl + r] + 1];
    }
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<uint32_t> bucket(start[count]);
    {
      std::vector<uint32_t> fill(start.begin(), start.end() - 1);
      for (size_t r = 0; r < nr; ++r) {
        if (ids[nl + r] != kNoId) bucket[fill[ids[nl + r]]++] = static_cast<uint32_t>(r);
      }
    }
    const bool keep_left = how_ == How::kLeft || how_ == How::kOuter;
    const bool keep_right = how_ == How::kRight || how_ == How::kOuter;
    std::vector<uint8_t> right_matched(keep_right ? nr : 0, 0);
    constexpr size_t kMaxRows = 0xFFFFFFF0u;
    lrows->reserve(nl);
    rrows->reserve(nl);
    for (size_t l = 0; l < nl; ++l) {
      const uint32_t id = ids[l];
      const uint32_t b = id == kNoId ? 0 : start[id], e = id == kNoId ? 0 : start[id + 1];
      if (b == e && keep_left) {
        lrows->push_back(static_cast<uint32_t>(l));
        rrows->push_back(kNoId);
      }
      for (uint32_t i = b; i < e; ++i) {
        lrows->push_back(static_cast<uint32_t>(l));
        rrows->push_back(bucket[i]);
        if (keep_right) right_matched[bucket[i]] = 1;
      }
      if (lrows->size() > kMaxRows) {
        return ResourceExhaustedError(Field("on") + ": the join would produce more than " +
                                      std::to_string(kMaxRows) +
                                      " rows (many rows share a key on both sides)");
      }
    }
    for (size_t r = 0; r < right_matched.size(); ++r) {
      if (right_matched[r]) continue;
      lrows->push_back(kNoId);
      rrows->push_back(static_cast<uint32_t>(r));
    }
    return Status::Ok();
  }

  Result<data::Table> Assemble(const data::Table& left, const std::vector<size_t>& lkeys,
                               const data::Table& right, const std::vector<size_t>& rkeys,
                               const std::vector<uint32_t>& lrows,
                               const std::vector<uint32_t>& rrows) const {
    auto is_key = [](const std::vector<size_t>& keys, size_t col) {
      return std::find(keys.begin(), keys.end(), col) != keys.end();
    };
    // With `on`, the right key columns are dropped (the left ones hold the value).
    std::vector<size_t> right_cols;
    for (size_t c = 0; c < right.num_columns(); ++c) {
      if (!(same_keys_ && is_key(rkeys, c))) right_cols.push_back(c);
    }
    std::set<std::string> left_names, right_names;
    for (const Column& c : left.columns()) left_names.insert(c.name);
    for (size_t c : right_cols) right_names.insert(right.column(c).name);
    auto out_name = [&](const std::string& name, bool is_left, bool shared_key) {
      if (shared_key) return name;
      const bool clash = is_left ? right_names.count(name) > 0 : left_names.count(name) > 0;
      return clash ? name + suffixes_[is_left ? 0 : 1] : name;
    };

    data::Table out;
    std::set<std::string> used;
    auto add = [&](Column c) -> Status {
      if (!used.insert(c.name).second) {
        return ParamError(Field("suffixes"), "the result would have two columns named '" +
                                                 c.name + "'; choose other suffixes")
            .WithDetail("column", c.name);
      }
      return out.AddColumn(std::move(c));
    };
    const bool coalesce = same_keys_ && (how_ == How::kRight || how_ == How::kOuter);
    for (size_t c = 0; c < left.num_columns(); ++c) {
      const bool key = same_keys_ && is_key(lkeys, c);
      Column col;
      if (key && coalesce) {
        const size_t k = static_cast<size_t>(std::find(lkeys.begin(), lkeys.end(), c) -
                                             lkeys.begin());
        col = CoalesceKey(left.column(c), lrows, right.column(rkeys[k]), rrows);
      } else {
        col = internal::TakeOrNull(left.column(c), lrows);
      }
      col.name = out_name(left.column(c).name, true, key);
      LATHE_RETURN_IF_ERROR(add(std::move(col)));
    }
    for (size_t c : right_cols) {
      Column col = internal::TakeOrNull(right.column(c), rrows);
      col.name = out_name(right.column(c).name, false, false);
      LATHE_RETURN_IF_ERROR(add(std::move(col)));
    }
    return out;
  }

  std::string dataset_;
  How how_;
  std::vector<std::string> left_on_;
  std::vector<std::string> right_on_;
  bool same_keys_;
  std::vector<std::string> suffixes_;
};

Result<std::unique_ptr<Operation>> MakeJoin(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  LATHE_ASSIGN_OR_RETURN(std::string dataset, p.String("dataset"));
  if (dataset.empty()) return ParamError(p.Field("dataset"), "must not be empty");
  LATHE_ASSIGN_OR_RETURN(std::string how_name,
                         p.Enum("how", {"inner", "left", "right", "outer"}, "inner"));
  const How how = how_name == "inner"  ? How::kInner
                  : how_name == "left" ? How::kLeft
                  : how_name == "right" ? How::kRight
                                        : How::kOuter;
  std::vector<std::string> left_on, right_on;
  const bool same_keys = p.Has("on");
  if (same_keys) {
    if (p.Has("left_on") || p.Has("right_on")) {
      return ParamError(p.Field(p.Has("left_on") ? "left_on" : "right_on"),
                        "give either on or left_on + right_on, not both");
    }
    LATHE_ASSIGN_OR_RETURN(left_on, p.Strings("on"));
    right_on = left_on;
  } else {
    if (!p.Has("left_on") && !p.Has("right_on")) {
      return ParamError(p.Field("on"), "required (or give left_on and right_on)");
    }
    LATHE_ASSIGN_OR_RETURN(left_on, p.Strings("left_on"));
    LATHE_ASSIGN_OR_RETURN(right_on, p.Strings("right_on"));
    if (left_on.size() != right_on.size()) {
      return ParamError(p.Field("right_on"), "names " + std::to_string(right_on.size()) +
                                                 " columns but left_on names " +
                                                 std::to_string(left_on.size()));
    }
  }
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> suffixes,
                         p.Strings("suffixes", std::vector<std::string>{"_x", "_y"}));
  if (suffixes.size() != 2 || suffixes[0] == suffixes[1]) {
    return ParamError(p.Field("suffixes"),
                      "expected two different suffixes [left, right], e.g. [\"_x\", \"_y\"]");
  }
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(new JoinOp(std::move(path), std::move(dataset), how,
                                               std::move(left_on), std::move(right_on), same_keys,
                                               std::move(suffixes)));
}

}  // namespace

std::vector<OperationSpec> ShapeOperations() {
  std::vector<OperationSpec> specs;
  specs.push_back(
      {{"group_by", "shape",
        "Aggregate rows per key: one row per distinct key combination, sorted by the keys "
        "(nulls last; a null key is a group)",
        false,
        nlohmann::json::array(
            {Param("keys", "columns", true, nullptr, "the grouping columns"),
             Param("aggregations", "array", true, nullptr,
                   "[{column, func, as?}]: func one of count, sum, mean, min, max, median, "
                   "nunique, std (sample), first, last; nulls are ignored; column \"*\" with "
                   "count counts rows; the result is named as, or <func>_<column> (\"count\" "
                   "for \"*\")",
                   FuncNames())})},
       MakeGroupBy});
  specs.push_back(
      {{"join", "shape",
        "Join with another dataset on key columns (hash join; rows in left order, then "
        "unmatched right rows)",
        false,
        nlohmann::json::array(
            {Param("dataset", "dataset", true, nullptr, "id or name of the other dataset"),
             Param("how", "enum", false, "inner",
                   "inner: matches only; left/right/outer also keep unmatched rows of that side",
                   {"inner", "left", "right", "outer"}),
             Param("on", "columns", false, nullptr,
                   "key columns with the same names on both sides (kept once)"),
             Param("left_on", "columns", false, nullptr, "key columns of this dataset"),
             Param("right_on", "columns", false, nullptr,
                   "key columns of the other dataset, pairwise with left_on"),
             Param("suffixes", "string[]", false, nlohmann::json::array({"_x", "_y"}),
                   "added to non-key column names present on both sides")})},
       MakeJoin});
  return specs;
}

}  // namespace lathe::prep
