// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Row-set operations: sample, sort, limit. None is row-wise (each output row depends on the
// whole input), and none learns state. (filter lives in derive.cc with the formula language.)
#include <algorithm>
#include <cmath>
#include <numeric>

#include "data/take.h"
#include "prep/internal/op_support.h"
#include "prep/internal/row_order.h"
#include "prep/internal/take_or_null.h"
#include "prep/internal/value_ids.h"
#include "prep/operation.h"
#include "prep/params.h"

namespace lathe::prep {
namespace {

using internal::OpBase;
using internal::Param;

// SplitMix64: small, fast and the same on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n), unbiased (Lemire's multiply-and-reject).
  uint64_t Below(uint64_t n) {
    while (true) {
      const unsigned __int128 m = static_cast<unsigned __int128>(Next()) * n;
      const uint64_t low = static_cast<uint64_t>(m);
      if (low >= n || low >= (0 - n) % n) return static_cast<uint64_t>(m >> 64);
    }
  }

 private:
  uint64_t state_;
};

// Appends `k` of `rows` to *out. Without replacement: selection sampling (Knuth's algorithm S),
// which keeps the input order; with replacement: k uniform draws, sorted.
void SampleFrom(const std::vector<uint32_t>& rows, size_t k, bool replace, Rng& rng,
                std::vector<uint32_t>* out) {
  const size_t m = rows.size();
  if (m == 0 || k == 0) return;
  if (replace) {
    const size_t start = out->size();
    for (size_t i = 0; i < k; ++i) out->push_back(rows[rng.Below(m)]);
    std::sort(out->begin() + static_cast<std::ptrdiff_t>(start), out->end());
    return;
  }
  size_t chosen = 0;
  for (size_t i = 0; i < m && chosen < k; ++i) {
    if (static_cast<double>(m - i) * rng.Uniform() < static_cast<double>(k - chosen)) {
      out->push_back(rows[i]);
      ++chosen;
    }
  }
}

// Per-class sample sizes for a total of `k` rows: proportional, largest remainders first (ties
// to the earlier class), then every present class gets at least one row, taken from the largest
// quota while the total exceeds k.
std::vector<size_t> Allocate(const std::vector<size_t>& counts, size_t total, size_t k) {
  const size_t classes = counts.size();
  std::vector<size_t> quota(classes);
  std::vector<double> remainder(classes);
  size_t given = 0;
  for (size_t c = 0; c < classes; ++c) {
    const double exact = static_cast<double>(k) * static_cast<double>(counts[c]) /
                         static_cast<double>(total);
    quota[c] = static_cast<size_t>(std::floor(exact));
    remainder[c] = exact - static_cast<double>(quota[c]);
    given += quota[c];
  }
  std::vector<size_t> order(classes);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainder[a] > remainder[b]; });
  for (size_t i = 0; given < k && i < classes; ++i, ++given) ++quota[order[i]];
  for (size_t c = 0; c < classes; ++c) {
    if (quota[c] > 0) continue;
    quota[c] = 1;
    ++given;
    auto largest = std::max_element(quota.begin(), quota.end());
    if (given > k && *largest > 1) {
      --*largest;
      --given;
    }
  }
  return quota;
}

class SampleOp : public OpBase {
 public:
  SampleOp(std::string path, std::optional<int64_t> n, std::optional<double> fraction,
           std::string stratify_by, std::optional<uint64_t> seed, bool replace)
      : OpBase("sample", std::move(path), false),
        n_(n),
        fraction_(fraction),
        stratify_by_(std::move(stratify_by)),
        seed_(seed),
        replace_(replace) {}

  Result<data::Table> Apply(data::Table input, const ApplyContext& ctx,
                            nlohmann::json& /*state*/) const override {
    const size_t total = input.num_rows();
    Rng rng(seed_.value_or(ctx.seed));
    std::vector<uint32_t> picked;
    if (stratify_by_.empty()) {
      std::vector<uint32_t> all(total);
      std::iota(all.begin(), all.end(), 0u);
      SampleFrom(all, Size(total), replace_, rng, &picked);
      return internal::TakeOrNull(input, picked);
    }
    LATHE_ASSIGN_OR_RETURN(size_t col, RequireColumn(input, stratify_by_, Field("stratify_by")));
    // Classes in first-seen order; null is a class of its own.
    internal::ValueInterner interner;
    std::vector<uint32_t> ids(total);
    internal::AssignValueIds(input.column(col), internal::NullIds::kOwnId, &interner, ids.data());
    std::vector<std::vector<uint32_t>> members(interner.size());
    for (uint32_t row = 0; row < total; ++row) members[ids[row]].push_back(row);
    std::vector<size_t> counts;
    for (const auto& m : members) counts.push_back(m.size());
    std::vector<size_t> quota;
    if (fraction_) {
      for (size_t c : counts) {
        size_t q = static_cast<size_t>(std::llround(*fraction_ * static_cast<double>(c)));
        quota.push_back(std::max<size_t>(q, c > 0 ? 1 : 0));
      }
    } else {
      quota = Allocate(counts, total, Size(total));
    }
    for (size_t c = 0; c < members.size(); ++c) {
      const size_t q = replace_ ? quota[c] : std::min(quota[c], counts[c]);
      SampleFrom(members[c], q, replace_, rng, &picked);
    }
    std::sort(picked.begin(), picked.end());  // output keeps the input order
    return internal::TakeOrNull(input, picked);
  }

 private:
  // Rows to draw from `total`: n, or fraction * total rounded; without replacement at most total.
  size_t Size(size_t total) const {
    size_t k = n_ ? static_cast<size_t>(*n_)
                  : static_cast<size_t>(std::llround(*fraction_ * static_cast<double>(total)));
    return replace_ ? k : std::min(k, total);
  }

  std::optional<int64_t> n_;
  std::optional<double> fraction_;
  std::string stratify_by_;
  std::optional<uint64_t> seed_;
  bool replace_;
};

Result<std::unique_ptr<Operation>> MakeSample(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  LATHE_ASSIGN_OR_RETURN(bool replace, p.Bool("replace", false));
  std::optional<int64_t> n;
  std::optional<double> fraction;
  if (p.Has("n") && p.Has("fraction")) {
    return ParamError(p.Field("fraction"), "give either n or fraction, not both");
  }
  if (p.Has("fraction")) {
    LATHE_ASSIGN_OR_RETURN(double f, p.Number("fraction"));
    if (f < 0 || (!replace && f > 1)) {
      return ParamError(p.Field("fraction"),
                        "must be between 0 and 1" +
                            std::string(replace ? "" : " (above 1 needs replace: true)") +
                            ", got " + nlohmann::json(f).dump());
    }
    fraction = f;
  } else {
    if (!p.Has("n")) return ParamError(p.Field("n"), "required (or give fraction)");
    LATHE_ASSIGN_OR_RETURN(int64_t v, p.Integer("n"));
    if (v < 0) return ParamError(p.Field("n"), "must be >= 0, got " + std::to_string(v));
    n = v;
  }
  LATHE_ASSIGN_OR_RETURN(std::string stratify_by, p.String("stratify_by", ""));
  std::optional<uint64_t> seed;
  if (p.Has("seed")) {
    LATHE_ASSIGN_OR_RETURN(int64_t s, p.Integer("seed"));
    seed = static_cast<uint64_t>(s);
  } else {
    (void)p.Value("seed", false);
  }
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(
      new SampleOp(std::move(path), n, fraction, std::move(stratify_by), seed, replace));
}

class SortOp : public OpBase {
 public:
  SortOp(std::string path, std::vector<std::string> columns, std::vector<bool> descending,
         bool nulls_first)
      : OpBase("sort", std::move(path), false),
        columns_(std::move(columns)),
        descending_(std::move(descending)),
        nulls_first_(nulls_first) {}

  Result<data::Table> Apply(data::Table input, const ApplyContext& ctx,
                            nlohmann::json& /*state*/) const override {
    LATHE_ASSIGN_OR_RETURN(std::vector<size_t> cols,
                           RequireColumns(input, columns_, Field("columns")));
    std::vector<internal::SortKey> keys;
    for (size_t i = 0; i < cols.size(); ++i) {
      keys.push_back({.column = cols[i], .descending = descending_[i],
                      .nulls_first = nulls_first_});
    }
    std::vector<uint32_t> rows(input.num_rows());
    std::iota(rows.begin(), rows.end(), 0u);
    internal::SortRows(input, keys, &rows);
    data::PermuteRows(&input, rows, ctx.threads);
    return input;
  }

 private:
  std::vector<std::string> columns_;
  std::vector<bool> descending_;
  bool nulls_first_;
};

Result<std::unique_ptr<Operation>> MakeSort(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> columns, p.Strings("columns"));
  LATHE_ASSIGN_OR_RETURN(nlohmann::json desc, p.Value("descending", false));
  std::vector<bool> descending(columns.size(), false);
  if (desc.is_boolean()) {
    descending.assign(columns.size(), desc.get<bool>());
  } else if (desc.is_array()) {
    if (desc.size() != columns.size()) {
      return ParamError(p.Field("descending"),
                        "has " + std::to_string(desc.size()) + " entries for " +
                            std::to_string(columns.size()) + " columns");
    }
    for (size_t i = 0; i < desc.size(); ++i) {
      if (!desc[i].is_boolean()) {
        return ParamError(p.Field("descending") + "[" + std::to_string(i) + "]",
                          "expected true or false, got " + desc[i].dump());
      }
      descending[i] = desc[i].get<bool>();
    }
  } else if (!desc.is_null()) {
    return ParamError(p.Field("descending"),
                      "expected true, false or an array of them (one per column), got " +
                          desc.dump());
  }
  LATHE_ASSIGN_OR_RETURN(std::string nulls, p.Enum("nulls", {"last", "first"}, "last"));
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(
      new SortOp(std::move(path), std::move(columns), std::move(descending), nulls == "first"));
}

class LimitOp : public OpBase {
 public:
  LimitOp(std::string path, int64_t n, int64_t offset)
      : OpBase("limit", std::move(path), false), n_(n), offset_(offset) {}

  Result<data::Table> Apply(data::Table input, const ApplyContext& /*ctx*/,
                            nlohmann::json& /*state*/) const override {
    return data::SliceRows(input, static_cast<size_t>(offset_), static_cast<size_t>(n_));
  }

 private:
  int64_t n_;
  int64_t offset_;
};

Result<std::unique_ptr<Operation>> MakeLimit(const nlohmann::json& step, std::string path) {
  Params p(step, path);
  LATHE_ASSIGN_OR_RETURN(int64_t n, p.Integer("n"));
  if (n < 0) return ParamError(p.Field("n"), "must be >= 0, got " + std::to_string(n));
  LATHE_ASSIGN_OR_RETURN(int64_t offset, p.Integer("offset", 0));
  if (offset < 0) {
    return ParamError(p.Field("offset"), "must be >= 0, got " + std::to_string(offset));
  }
  LATHE_RETURN_IF_ERROR(p.Finish());
  return std::unique_ptr<Operation>(new LimitOp(std::move(path), n, offset));
}

OperationSpec SampleSpec() {
  return {{"sample", "rows",
           "Keep a random subset of rows (optionally stratified by a column); same seed, same "
           "rows, kept in input order",
           false,
           nlohmann::json::array(
               {Param("n", "integer", false, nullptr,
                      "number of rows to keep (give n or fraction); without replacement at most "
                      "all rows"),
                Param("fraction", "number", false, nullptr,
                      "share of rows to keep, 0..1 (above 1 only with replace)"),
                Param("stratify_by", "column", false, nullptr,
                      "keep each class of this column in proportion (every present class keeps "
                      "at least one row; null is a class)"),
                Param("seed", "integer", false, nullptr,
                      "random seed (default: the run's seed)"),
                Param("replace", "boolean", false, false, "draw with replacement")})},
          MakeSample};
}

OperationSpec SortSpec() {
  return {{"sort", "rows",
           "Order rows by one or more columns (stable: ties keep their order; text bytewise, "
           "dates chronologically)",
           false,
           nlohmann::json::array(
               {Param("columns", "columns", true, nullptr, "sort keys, most significant first"),
                Param("descending", "boolean|boolean[]", false, false,
                      "descending order: one flag for all keys or one per key"),
                Param("nulls", "enum", false, "last",
                      "where nulls (and NaN) go, whatever the direction", {"last", "first"})})},
          MakeSort};
}

OperationSpec LimitSpec() {
  return {{"limit", "rows", "Keep at most n rows, after skipping offset rows", false,
           nlohmann::json::array(
               {Param("n", "integer", true, nullptr, "maximum number of rows to keep"),
                Param("offset", "integer", false, 0, "rows to skip first")})},
          MakeLimit};
}

}  // namespace

std::vector<OperationSpec> RowOperations() { return {SampleSpec(), SortSpec(), LimitSpec()}; }

}  // namespace lathe::prep
