// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/internal/column_encoders.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <numeric>

namespace lathe::ml::internal {
namespace {

using data::Column;
using data::DataType;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr int64_t kMicrosPerDay = 86400LL * 1000000LL;

bool IsStringType(DataType t) { return t == DataType::kText || t == DataType::kCategorical; }

// The value as a number; NaN for null / NaN / ±inf; error for text that is not a number.
Result<double> NumberAt(const Column& c, size_t row) {
  if (c.IsNull(row)) return std::nan("");
  if (IsStringType(c.type)) {
    std::string_view s = c.StringAt(row);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (s.empty()) return std::nan("");
    const std::string copy(s);
    char* end = nullptr;
    const double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size()) return WrongType(c, row, "a number");
    return std::isfinite(v) ? v : std::nan("");
  }
  const double v = c.NumericAt(row);
  return std::isfinite(v) ? v : std::nan("");
}

Result<double> BoolAt(const Column& c, size_t row) {
  if (c.IsNull(row)) return std::nan("");
  if (IsStringType(c.type)) {
    std::string s(c.StringAt(row));
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (s == "true" || s == "1" || s == "yes" || s == "t" || s == "y") return 1.0;
    if (s == "false" || s == "0" || s == "no" || s == "f" || s == "n") return 0.0;
    if (s.empty()) return std::nan("");
    return WrongType(c, row, "true or false");
  }
  return NumberAt(c, row);
}

std::string LevelAt(const Column& c, size_t row) {
  if (c.IsNull(row)) return std::string(kMissingLevel);
  if (c.type == DataType::kFloat64 && !std::isfinite(c.DoubleAt(row))) {
    return std::string(kMissingLevel);
  }
  return c.ToString(row);
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

// "YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z]" as microseconds since the epoch.
bool ParseIsoMicros(std::string_view s, int64_t* micros) {
  auto num = [&](size_t pos, size_t len, int* out) {
    if (pos + len > s.size()) return false;
    return std::from_chars(s.data() + pos, s.data() + pos + len, *out).ec == std::errc();
  };
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-' || !num(0, 4, &y) || !num(5, 2, &mo) ||
      !num(8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31) {
    return false;
  }
  if (s.size() > 10) {
    if ((s[10] != 'T' && s[10] != ' ') || !num(11, 2, &h) || s.size() < 16 || s[13] != ':' ||
        !num(14, 2, &mi)) {
      return false;
    }
    if (s.size() >= 19 && s[16] == ':' && !num(17, 2, &sec)) return false;
  }
  *micros = DaysFromCivil(y, mo, d) * kMicrosPerDay +
            (static_cast<int64_t>(h) * 3600 + mi * 60 + sec) * 1000000LL;
  return true;
}

// Microseconds since the epoch, or nullopt for null.
Result<std::optional<int64_t>> MicrosAt(const Column& c, size_t row) {
  if (c.IsNull(row)) return std::optional<int64_t>();
  switch (c.type) {
    case DataType::kDate:
      return std::optional<int64_t>(c.IntAt(row) * kMicrosPerDay);
    case DataType::kDateTime:
      return std::optional<int64_t>(c.IntAt(row));
    case DataType::kText:
    case DataType::kCategorical: {
      int64_t micros = 0;
      if (c.StringAt(row).empty()) return std::optional<int64_t>();
      if (!ParseIsoMicros(c.StringAt(row), &micros)) {
        return WrongType(c, row, "a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM:SS)");
      }
      return std::optional<int64_t>(micros);
    }
    default:
      return WrongType(c, row, "a date or date-time");
  }
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  const size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + mid, v.end());
  double m = v[mid];
  if (v.size() % 2 == 0) m = (m + *std::max_element(v.begin(), v.begin() + mid)) / 2;
  return m;
}

// ---- numeric and boolean: value (median-imputed) [+ missing indicator] ----
class NumericEncoder final : public ColumnEncoder {
 public:
  NumericEncoder(bool boolean, double median, bool indicator)
      : boolean_(boolean), median_(median), indicator_(indicator) {}
  size_t width() const override { return indicator_ ? 2 : 1; }
  void Names(const std::string& name, std::vector<std::string>* out) const override {
    out->push_back(name);
    if (indicator_) out->push_back(name + "__missing");
  }
  Status Encode(const Column* c, size_t begin, size_t end, float* out,
                size_t stride) const override {
    // A numeric column needs no parsing and cannot fail: read it without a Result per cell
    // (what NumberAt and BoolAt do for such a column, minus a Status construction each).
    const bool numeric = c != nullptr && !IsStringType(c->type);
    for (size_t row = begin; row < end; ++row) {
      double v = std::nan("");
      if (numeric) {
        v = c->NumericAt(row);
        if (!std::isfinite(v)) v = std::nan("");
      } else if (c != nullptr) {
        LATHE_ASSIGN_OR_RETURN(v, boolean_ ? BoolAt(*c, row) : NumberAt(*c, row));
      }
      const bool missing = std::isnan(v);
      float* dst = out + (row - begin) * stride;
      dst[0] = static_cast<float>(missing ? median_ : v);
      if (indicator_) dst[1] = missing ? 1.f : 0.f;
    }
    return Status::Ok();
  }
  nlohmann::json ToJson() const override {
    return {{"kind", boolean_ ? "boolean" : "numeric"},
            {"median", median_},
            {"indicator", indicator_}};
  }

 private:
  bool boolean_;
  double median_;
  bool indicator_;
};

// ---- datetime parts, each median-imputed, [+ missing indicator] ----
constexpr const char* kDateParts[] = {"year", "month", "day", "weekday", "hour", "epoch_days"};

void DateParts(int64_t micros, double* parts) {
  const int64_t days = micros >= 0 ? micros / kMicrosPerDay : -((-micros - 1) / kMicrosPerDay) - 1;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  parts[0] = static_cast<double>(y);
  parts[1] = m;
  parts[2] = d;
  parts[3] = static_cast<double>(((days % 7) + 7 + 3) % 7);  // Monday = 0
  parts[4] = static_cast<double>((micros - days * kMicrosPerDay) / 3600000000LL);
  parts[5] = static_cast<double>(micros) / kMicrosPerDay;
}

class DateTimeEncoder final : public ColumnEncoder {
 public:
  DateTimeEncoder(bool hour, std::vector<double> medians, bool indicator)
      : hour_(hour), medians_(std::move(medians)), indicator_(indicator) {}
  size_t width() const override { return (hour_ ? 6 : 5) + (indicator_ ? 1 : 0); }
  void Names(const std::string& name, std::vector<std::string>* out) const override {
    for (int p = 0; p < 6; ++p) {
      if (p != 4 || hour_) out->push_back(name + "__" + kDateParts[p]);
    }
    if (indicator_) out->push_back(name + "__missing");
  }
  Status Encode(const Column* c, size_t begin, size_t end, float* out,
                size_t stride) const override {
    double parts[6];
    for (size_t row = begin; row < end; ++row) {
      std::optional<int64_t> micros;
      if (c != nullptr) {
        LATHE_ASSIGN_OR_RETURN(micros, MicrosAt(*c, row));
      }
      if (micros) {
        DateParts(*micros, parts);
      } else {
        std::copy(medians_.begin(), medians_.end(), parts);
      }
      float* dst = out + (row - begin) * stride;
      for (int p = 0; p < 6; ++p) {
        if (p != 4 || hour_) *dst++ = static_cast<float>(parts[p]);
      }
      if (indicator_) *dst = micros ? 0.f : 1.f;
    }
    return Status::Ok();
  }
  nlohmann::json ToJson() const override {
    return {{"kind", "datetime"}, {"hour", hour_}, {"medians", medians_}, {"indicator", indicator_}};
  }

 private:
  bool hour_;
  std::vector<double> medians_;  // 6 parts
  bool indicator_;
};

// ---- categorical: levels (most frequent first) + optional rare bucket ----
struct Levels {
  std::vector<std::string> kept;
  bool has_rare = false;
  std::unordered_map<std::string, uint32_t> index;  // level -> position in kept

  void BuildIndex() {
    index.clear();
    for (uint32_t i = 0; i < kept.size(); ++i) index.emplace(kept[i], i);
  }
  // Slot of a value: its level, else the rare bucket (kept.size()), else -1.
  int Slot(const std::string& level) const {
    auto it = index.find(level);
    if (it != index.end()) return static_cast<int>(it->second);
    return has_rare ? static_cast<int>(kept.size()) : -1;
  }
  size_t slots() const { return kept.size() + (has_rare ? 1 : 0); }
};

class OneHotEncoder final : public ColumnEncoder {
 public:
  explicit OneHotEncoder(Levels levels) : levels_(std::move(levels)) {}
  size_t width() const override { return levels_.slots(); }
  void Names(const std::string& name, std::vector<std::string>* out) const override {
    for (const std::string& level : levels_.kept) out->push_back(name + "=" + level);
    if (levels_.has_rare) out->push_back(name + "=" + std::string(kRareLevel));
  }
  Status Encode(const Column* c, size_t begin, size_t end, float* out,
                size_t stride) const override {
    const std::string missing(kMissingLevel);
    for (size_t row = begin; row < end; ++row) {
      float* dst = out + (row - begin) * stride;
      std::fill(dst, dst + width(), 0.f);
      const int slot = levels_.Slot(c == nullptr ? missing : LevelAt(*c, row));
      if (slot >= 0) dst[slot] = 1.f;
    }
    return Status::Ok();
  }
  nlohmann::json ToJson() const override {
    return {{"kind", "onehot"}, {"levels", levels_.kept}, {"rare", levels_.has_rare}};
  }

 private:
  Levels levels_;
};

// Frequency + target encoding. `te` holds slots x outputs smoothed means (full data); the
// training rows use `oof` (rows x outputs) computed out of fold.
class HighCardinalityEncoder final : public ColumnEncoder {
 public:
  HighCardinalityEncoder(Levels levels, std::vector<float> freq, std::vector<float> te,
                         std::vector<float> prior, std::vector<std::string> output_names)
      : levels_(std::move(levels)),
        freq_(std::move(freq)),
        te_(std::move(te)),
        prior_(std::move(prior)),
        output_names_(std::move(output_names)) {}
  size_t width() const override { return 1 + prior_.size(); }
  void Names(const std::string& name, std::vector<std::string>* out) const override {
    out->push_back(name + "__freq");
    for (const std::string& o : output_names_) out->push_back(name + "__te" + o);
  }
  Status Encode(const Column* c, size_t begin, size_t end, float* out,
                size_t stride) const override {
    const std::string missing(kMissingLevel);
    const size_t k = prior_.size();
    for (size_t row = begin; row < end; ++row) {
      float* dst = out + (row - begin) * stride;
      const int slot = levels_.Slot(c == nullptr ? missing : LevelAt(*c, row));
      dst[0] = slot >= 0 ? freq_[slot] : 0.f;
      for (size_t o = 0; o < k; ++o) dst[1 + o] = slot >= 0 ? te_[slot * k + o] : prior_[o];
    }
    return Status::Ok();
  }
  Status EncodeTraining(const Column& c, float* out, size_t stride) const override {
    LATHE_RETURN_IF_ERROR(Encode(&c, 0, c.size(), out, stride));
    const size_t k = prior_.size();
    for (size_t row = 0; row < c.size() && !oof_.empty(); ++row) {
      for (size_t o = 0; o < k; ++o) out[row * stride + 1 + o] = oof_[row * k + o];
    }
    return Status::Ok();
  }
  nlohmann::json ToJson() const override {
    return {{"kind", "high_cardinality"}, {"levels", levels_.kept}, {"rare", levels_.has_rare},
            {"freq", freq_},  {"te", te_},  {"prior", prior_}, {"outputs", output_names_}};
  }
  void set_oof(std::vector<float> oof) { oof_ = std::move(oof); }

 private:
  Levels levels_;
  std::vector<float> freq_;  // per slot: share of training rows
  std::vector<float> te_;
  std::vector<float> prior_;
  std::vector<std::string> output_names_;
  std::vector<float> oof_;  // training only, never serialised
};

// Smoothed means per slot from the rows where `use(row)` holds.
template <typename Use>
void TargetMeans(const std::vector<int>& slot_of_row, size_t slots, const TargetView& t,
                 double m, Use use, std::vector<float>* means, std::vector<float>* prior) {
  const size_t k = t.outputs;
  std::vector<double> sum(slots * k, 0), count(slots, 0), total(k, 0);
  double n = 0;
  for (size_t row = 0; row < slot_of_row.size(); ++row) {
    if (!use(row) || std::isnan(t.y[row])) continue;
    n += 1;
    for (size_t o = 0; o < k; ++o) total[o] += t.Value(t.y[row], o);
    const int slot = slot_of_row[row];
    if (slot < 0) continue;
    count[slot] += 1;
    for (size_t o = 0; o < k; ++o) sum[slot * k + o] += t.Value(t.y[row], o);
  }
  prior->assign(k, 0.f);
  for (size_t o = 0; o < k; ++o) (*prior)[o] = static_cast<float>(n > 0 ? total[o] / n : 0);
  means->assign(slots * k, 0.f);
  for (size_t s = 0; s < slots; ++s) {
    for (size_t o = 0; o < k; ++o) {
      (*means)[s * k + o] =
          static_cast<float>((sum[s * k + o] + m * (*prior)[o]) / (count[s] + m));
    }
  }
}

Result<std::unique_ptr<ColumnEncoder>> FitCategorical(const Column& c, const TargetView& t,
                                                      std::span<const uint8_t> folds,
                                                      const FeaturePipelineOptions& opt,
                                                      InputColumn* info, std::string* drop) {
  std::unordered_map<std::string, size_t> counts;
  std::vector<std::string> row_level(c.size());
  for (size_t row = 0; row < c.size(); ++row) ++counts[row_level[row] = LevelAt(c, row)];
  const double n = static_cast<double>(c.size());
  std::vector<std::pair<size_t, std::string>> order;
  Levels levels;
  for (auto& [level, count] : counts) {
    if (count < opt.rare_min_rows || count < opt.rare_fraction * n) {
      levels.has_rare = true;
    } else {
      order.emplace_back(count, level);
    }
  }
  if (order.empty()) {
    *drop = "every level is rare (fewer than " + std::to_string(opt.rare_min_rows) + " rows)";
    return std::unique_ptr<ColumnEncoder>();
  }
  std::sort(order.begin(), order.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first
                                                                         : a.second < b.second; });
  for (auto& [count, level] : order) levels.kept.push_back(level);
  levels.BuildIndex();
  info->kind = FeatureKind::kCategorical;
  info->categories = levels.kept;
  info->had_missing = counts.count(std::string(kMissingLevel)) > 0;
  if (levels.slots() <= opt.max_onehot_levels) {
    return std::unique_ptr<ColumnEncoder>(std::make_unique<OneHotEncoder>(std::move(levels)));
  }
  std::vector<int> slot_of_row(c.size());
  std::vector<float> freq(levels.slots(), 0.f);
  for (size_t row = 0; row < c.size(); ++row) {
    slot_of_row[row] = levels.Slot(row_level[row]);
    if (slot_of_row[row] >= 0) freq[slot_of_row[row]] += 1.f / static_cast<float>(n);
  }
  std::vector<float> te, prior;
  const size_t slots = levels.slots();
  TargetMeans(slot_of_row, slots, t, opt.target_smoothing, [](size_t) { return true; }, &te,
              &prior);
  std::vector<float> oof(c.size() * t.outputs);
  for (int fold = 0; fold < opt.target_encoding_folds; ++fold) {
    std::vector<float> means, fold_prior;
    TargetMeans(slot_of_row, slots, t, opt.target_smoothing,
                [&](size_t row) { return folds[row] != fold; }, &means, &fold_prior);
    for (size_t row = 0; row < c.size(); ++row) {
      if (folds[row] != fold) continue;
      for (size_t o = 0; o < t.outputs; ++o) {
        oof[row * t.outputs + o] = slot_of_row[row] >= 0 ? means[slot_of_row[row] * t.outputs + o]
                                                         : fold_prior[o];
      }
    }
  }
  std::vector<std::string> output_names;
  if (t.multiclass) {
    for (size_t o = 0; o < t.outputs; ++o) output_names.push_back("[" + std::to_string(o) + "]");
  } else {
    output_names.push_back("");
  }
  auto enc = std::make_unique<HighCardinalityEncoder>(std::move(levels), std::move(freq),
                                                      std::move(te), std::move(prior),
                                                      std::move(output_names));
  enc->set_oof(std::move(oof));
  return std::unique_ptr<ColumnEncoder>(std::move(enc));
}

Result<std::unique_ptr<ColumnEncoder>> FitNumeric(const Column& c, bool boolean,
                                                  InputColumn* info, std::string* drop) {
  std::vector<double> values;
  values.reserve(c.size());
  for (size_t row = 0; row < c.size(); ++row) {
    LATHE_ASSIGN_OR_RETURN(double v, boolean ? BoolAt(c, row) : NumberAt(c, row));
    if (!std::isnan(v)) values.push_back(v);
  }
  if (values.empty()) {
    *drop = "all missing";
    return std::unique_ptr<ColumnEncoder>();
  }
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  info->min = *lo;
  info->max = *hi;
  info->had_missing = values.size() < c.size();
  if (*lo == *hi && !info->had_missing) {
    *drop = "constant";
    return std::unique_ptr<ColumnEncoder>();
  }
  info->kind = boolean ? FeatureKind::kBoolean : FeatureKind::kNumeric;
  info->median = Median(std::move(values));
  return std::unique_ptr<ColumnEncoder>(
      std::make_unique<NumericEncoder>(boolean, info->median, info->had_missing));
}

Result<std::unique_ptr<ColumnEncoder>> FitDateTime(const Column& c, InputColumn* info,
                                                   std::string* drop) {
  std::vector<std::vector<double>> parts(6);
  bool any_time = false, missing = false;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  double p[6];
  for (size_t row = 0; row < c.size(); ++row) {
    LATHE_ASSIGN_OR_RETURN(std::optional<int64_t> micros, MicrosAt(c, row));
    if (!micros) {
      missing = true;
      continue;
    }
    lo = std::min(lo, *micros);
    hi = std::max(hi, *micros);
    any_time = any_time || (*micros % kMicrosPerDay) != 0;
    DateParts(*micros, p);
    for (int i = 0; i < 6; ++i) parts[i].push_back(p[i]);
  }
  if (parts[0].empty()) {
    *drop = "all missing";
    return std::unique_ptr<ColumnEncoder>();
  }
  if (lo == hi && !missing) {
    *drop = "constant";
    return std::unique_ptr<ColumnEncoder>();
  }
  std::vector<double> medians;
  for (auto& v : parts) medians.push_back(Median(std::move(v)));
  info->kind = FeatureKind::kDateTime;
  info->had_missing = missing;
  info->min = static_cast<double>(lo) / kMicrosPerDay;
  info->max = static_cast<double>(hi) / kMicrosPerDay;
  info->median = medians[5];
  return std::unique_ptr<ColumnEncoder>(
      std::make_unique<DateTimeEncoder>(any_time, std::move(medians), missing));
}

Result<Levels> LevelsFromJson(const nlohmann::json& j) {
  Levels levels;
  levels.kept = j.at("levels").get<std::vector<std::string>>();
  levels.has_rare = j.at("rare").get<bool>();
  levels.BuildIndex();
  return levels;
}

}  // namespace

Status WrongType(const data::Column& column, size_t row, std::string_view expected) {
  std::string got = column.ToString(row);
  if (got.size() > 40) got = got.substr(0, 40) + "...";
  return InvalidArgumentError("row " + std::to_string(row) + ", column '" + column.name +
                              "': expected " + std::string(expected) + ", got '" + got + "'")
      .WithDetail("row", row)
      .WithDetail("column", column.name);
}

Result<std::unique_ptr<ColumnEncoder>> FitColumnEncoder(const data::Column& column,
                                                        const TargetView& target,
                                                        std::span<const uint8_t> folds,
                                                        const FeaturePipelineOptions& options,
                                                        InputColumn* info,
                                                        std::string* drop_reason) {
  switch (info->kind) {
    case FeatureKind::kNumeric:
      return FitNumeric(column, false, info, drop_reason);
    case FeatureKind::kBoolean:
      return FitNumeric(column, true, info, drop_reason);
    case FeatureKind::kDateTime:
      return FitDateTime(column, info, drop_reason);
    case FeatureKind::kCategorical:
      return FitCategorical(column, target, folds, options, info, drop_reason);
    case FeatureKind::kText:
      break;
  }
  return InternalError("FitColumnEncoder: text columns go to the text encoder");
}

Result<std::unique_ptr<ColumnEncoder>> ColumnEncoderFromJson(const nlohmann::json& j,
                                                             const InputColumn&) {
  try {
    const std::string kind = j.at("kind").get<std::string>();
    if (kind == "numeric" || kind == "boolean") {
      return std::unique_ptr<ColumnEncoder>(std::make_unique<NumericEncoder>(
          kind == "boolean", j.at("median").get<double>(), j.at("indicator").get<bool>()));
    }
    if (kind == "datetime") {
      auto medians = j.at("medians").get<std::vector<double>>();
      if (medians.size() != 6) return DataLossError("pipeline: datetime needs 6 medians");
      return std::unique_ptr<ColumnEncoder>(std::make_unique<DateTimeEncoder>(
          j.at("hour").get<bool>(), std::move(medians), j.at("indicator").get<bool>()));
    }
    LATHE_ASSIGN_OR_RETURN(Levels levels, LevelsFromJson(j));
    if (kind == "onehot") {
      return std::unique_ptr<ColumnEncoder>(std::make_unique<OneHotEncoder>(std::move(levels)));
    }
    if (kind == "high_cardinality") {
      auto freq = j.at("freq").get<std::vector<float>>();
      auto te = j.at("te").get<std::vector<float>>();
      auto prior = j.at("prior").get<std::vector<float>>();
      auto outputs = j.at("outputs").get<std::vector<std::string>>();
      if (freq.size() != levels.slots() || te.size() != levels.slots() * prior.size() ||
          outputs.size() != prior.size()) {
        return DataLossError("pipeline: target encoding sizes do not match");
      }
      return std::unique_ptr<ColumnEncoder>(std::make_unique<HighCardinalityEncoder>(
          std::move(levels), std::move(freq), std::move(te), std::move(prior),
          std::move(outputs)));
    }
    return DataLossError("pipeline: unknown encoder kind '" + kind + "'");
  } catch (const nlohmann::json::exception& e) {
    return DataLossError(std::string("pipeline: malformed encoder: ") + e.what());
  }
}

}  // namespace lathe::ml::internal
