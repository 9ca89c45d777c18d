// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/profile.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <new>
#include <system_error>
#include <thread>

#include "data/hyperloglog.h"

namespace lathe::data {
namespace {

constexpr uint64_t kSignBit = uint64_t{1} << 63;
constexpr std::array<double, 9> kQuantileLevels = {0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1};
constexpr size_t kMaxBinsOrTop = 10000;
// Numeric columns count keys in a hash table only while it stays cache-resident; past this many
// distinct values one radix sort of a copy is faster, and still exact.
constexpr size_t kNumericCounterCap = 4096;
// Text columns past the exact limit keep counting (exactly) only this many of the most frequent
// values seen so far, as top-value candidates; a small table stays in cache.
constexpr size_t kMinTextCandidates = 1024;

// Order-preserving maps from values to unsigned keys: key order == value order.
inline uint64_t KeyFromDouble(double v) {
  const uint64_t bits = std::bit_cast<uint64_t>(v == 0 ? 0.0 : v);  // -0 and +0 are one value
  return (bits & kSignBit) ? ~bits : bits | kSignBit;
}
inline double DoubleFromKey(uint64_t k) {
  return std::bit_cast<double>((k & kSignBit) ? k ^ kSignBit : ~k);
}
inline uint64_t KeyFromInt(int64_t v) { return static_cast<uint64_t>(v) ^ kSignBit; }
inline int64_t IntFromKey(uint64_t k) { return static_cast<int64_t>(k ^ kSignBit); }

inline double ValueFromKey(DataType type, uint64_t k) {
  return type == DataType::kFloat64 ? DoubleFromKey(k) : static_cast<double>(IntFromKey(k));
}

std::string FormatKey(DataType type, uint64_t key) {
  Column tmp = Column::Make("", type);
  if (type == DataType::kFloat64) {
    tmp.AppendDouble(DoubleFromKey(key));
  } else {
    tmp.AppendInt(IntFromKey(key));
  }
  return tmp.ToString(0);
}

// Equal-width bins. Real-valued data: `bins` bins over [min, max], the last one closed.
// Integer-valued data: bins of a whole width w = ceil((max - min + 1) / bins) starting at min, so
// bin [low, high) holds exactly the integers low..high-1 (the last high may pass max).
class Binner {
 public:
  Binner(double min, double max, size_t bins, bool integer_valued) : min_(min), max_(max) {
    if (bins == 0 || !std::isfinite(max - min)) return;
    if (integer_valued) {
      width_ = std::ceil((max - min + 1) / static_cast<double>(bins));
      bins = static_cast<size_t>(std::ceil((max - min + 1) / width_));
      max_ = min + width_ * static_cast<double>(bins);
    } else if (max == min) {
      bins = 1;
    } else {
      width_ = (max - min) / static_cast<double>(bins);
    }
    counts_.assign(bins, 0);
    scale_ = width_ > 0 ? 1.0 / width_ : 0.0;
  }
  bool enabled() const { return !counts_.empty(); }
  void Add(double v, size_t count) {
    const double pos = (v - min_) * scale_;
    const size_t idx = pos <= 0 ? 0 : static_cast<size_t>(pos);
    counts_[std::min(idx, counts_.size() - 1)] += count;
  }
  std::vector<HistogramBin> Bins() const {
    std::vector<HistogramBin> out(counts_.size());
    for (size_t i = 0; i < counts_.size(); ++i) {
      out[i].low = min_ + width_ * static_cast<double>(i);
      out[i].high = i + 1 == counts_.size() ? max_ : min_ + width_ * static_cast<double>(i + 1);
      out[i].count = counts_[i];
    }
    return out;
  }

 private:
  double min_, max_, width_ = 0, scale_ = 0;
  std::vector<size_t> counts_;
};

// Keeps the k best (key, count) pairs: higher count first, then lower key.
class TopK {
 public:
  explicit TopK(size_t k) : k_(k) {}
  void Offer(uint64_t key, size_t count) {
    if (k_ == 0) return;
    if (heap_.size() < k_) {
      heap_.push_back({count, key});
      std::push_heap(heap_.begin(), heap_.end(), Better);
    } else if (Better({count, key}, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), Better);
      heap_.back() = {count, key};
      std::push_heap(heap_.begin(), heap_.end(), Better);
    }
  }
  // Best first.
  std::vector<std::pair<size_t, uint64_t>> Sorted() {
    std::sort(heap_.begin(), heap_.end(), Better);
    return heap_;
  }

 private:
  // Heap ordered by Better keeps the worst element at the front.
  static bool Better(const std::pair<size_t, uint64_t>& a, const std::pair<size_t, uint64_t>& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  }
  size_t k_;
  std::vector<std::pair<size_t, uint64_t>> heap_;
};

// Everything computed from the sorted (key, count) runs of a numeric-like column in one walk.
struct RunSummary {
  size_t distinct = 0;
  std::array<double, 9> quantiles{};
  double m2 = 0;  // sum of squared deviations from the mean
};

// `for_each_run(f)` must call f(key, count) for each distinct key in ascending key order.
template <typename ForEachRun>
RunSummary SummarizeRuns(DataType type, size_t n, double mean, Binner* binner, TopK* top,
                         ForEachRun&& for_each_run) {
  // Ranks needed for linear interpolation: floor(h) and floor(h) + 1 for h = (n - 1) * p.
  std::array<size_t, 9> lo{};
  std::array<double, 9> frac{};
  for (size_t i = 0; i < kQuantileLevels.size(); ++i) {
    double h = static_cast<double>(n - 1) * kQuantileLevels[i];
    if (std::abs(h - std::round(h)) < 1e-9) h = std::round(h);
    lo[i] = static_cast<size_t>(h);
    frac[i] = h - static_cast<double>(lo[i]);
  }
  std::array<double, 9> at_lo{}, at_hi{};
  size_t next_lo = 0, next_hi = 0;  // first quantile whose rank lo (lo + 1) is not reached yet
  RunSummary s;
  size_t seen = 0;  // values before this run
  const bool want_moments = type != DataType::kDate && type != DataType::kDateTime;
  for_each_run([&](uint64_t key, size_t count) {
    const double v = ValueFromKey(type, key);
    ++s.distinct;
    const size_t end = seen + count;  // this run covers ranks [seen, end); lo[] is ascending
    while (next_lo < lo.size() && lo[next_lo] < end) at_lo[next_lo++] = v;
    while (next_hi < lo.size() && lo[next_hi] + 1 < end) at_hi[next_hi++] = v;
    seen = end;
    if (want_moments) s.m2 += static_cast<double>(count) * (v - mean) * (v - mean);
    if (binner->enabled()) binner->Add(v, count);
    top->Offer(key, count);
  });
  for (size_t i = 0; i < lo.size(); ++i) {
    s.quantiles[i] = at_lo[i];
    if (frac[i] > 0 && i < next_hi) s.quantiles[i] += frac[i] * (at_hi[i] - at_lo[i]);
  }
  return s;
}

struct NumericScan {
  // Sums are taken of v - shift (the first finite value): a constant column then has exactly
  // its value as mean and 0 as deviation, and large offsets lose less precision.
  double shift = 0;
  bool shift_set = false;
  size_t count = 0;
  size_t nan = 0;
  size_t zeros = 0;
  size_t negatives = 0;
  double sum = 0;
  uint64_t min_key = ~uint64_t{0};
  uint64_t max_key = 0;
  bool overflow = false;         // more distinct keys than the exact limit
  internal::KeyCounter counter;  // while !overflow
  std::vector<uint64_t> keys;    // once overflow: every non-missing key
};

template <bool kFloat>
inline bool KeyAt(const Column& c, size_t row, uint64_t* key, double* v) {
  if constexpr (kFloat) {
    *v = c.doubles[row];
    if (std::isnan(*v)) return false;
    *key = KeyFromDouble(*v);
  } else {
    *v = static_cast<double>(c.ints[row]);
    *key = KeyFromInt(c.ints[row]);
  }
  return true;
}

// Single pass: moments, zeros, extremes and exact key counts until the exact limit; past it,
// the column's keys are copied for one radix sort instead.
template <bool kFloat>
void ScanNumeric(const Column& c, size_t exact_limit, NumericScan* s) {
  const size_t n = c.size();
  for (size_t row = 0; row < n; ++row) {
    if (!c.valid[row]) continue;
    uint64_t key;
    double v;
    if (!KeyAt<kFloat>(c, row, &key, &v)) {
      ++s->nan;
      continue;
    }
    if (!s->shift_set) {
      s->shift_set = true;
      if (std::isfinite(v)) s->shift = v;
    }
    ++s->count;
    s->sum += v - s->shift;
    s->zeros += (v == 0);
    s->negatives += (v < 0);
    s->min_key = std::min(s->min_key, key);
    s->max_key = std::max(s->max_key, key);
    if (s->overflow) {
      s->keys.push_back(key);
      continue;
    }
    s->counter.Add(key, row);
    if (s->counter.size() > exact_limit) {
      s->overflow = true;
      s->counter.Release();
      s->keys.reserve(n - row + s->count);
      for (size_t r = 0; r <= row; ++r) {
        if (c.valid[r] && KeyAt<kFloat>(c, r, &key, &v)) s->keys.push_back(key);
      }
    }
  }
}

void ProfileNumeric(const Column& c, const ProfileOptions& options, ColumnProfile* p) {
  NumericScan s;
  const size_t counter_cap = std::min(options.exact_distinct_limit, kNumericCounterCap);
  if (c.type == DataType::kFloat64) {
    ScanNumeric<true>(c, counter_cap, &s);
  } else {
    ScanNumeric<false>(c, counter_cap, &s);
  }
  p->missing += s.nan;
  const bool is_date = c.type == DataType::kDate || c.type == DataType::kDateTime;
  if (!is_date) {
    p->zeros = s.zeros;
    p->negatives = s.negatives;
  }
  if (c.type == DataType::kBool) {
    p->false_count = s.zeros;
    p->true_count = s.count - s.zeros;
  }
  if (s.count == 0) return;
  const double min = ValueFromKey(c.type, s.min_key);
  const double max = ValueFromKey(c.type, s.max_key);
  const double mean = s.shift + s.sum / static_cast<double>(s.count);
  p->min = min;
  p->max = max;
  Binner binner(min, max, options.histogram_bins, c.type != DataType::kFloat64);
  TopK top(options.top_values);
  RunSummary sum;
  if (s.overflow) {
    internal::RadixSort64(&s.keys);
    sum = SummarizeRuns(c.type, s.count, mean, &binner, &top, [&](auto&& f) {
      const std::vector<uint64_t>& k = s.keys;
      for (size_t i = 0; i < k.size();) {
        size_t j = i + 1;
        while (j < k.size() && k[j] == k[i]) ++j;
        f(k[i], j - i);
        i = j;
      }
    });
  } else {
    std::vector<internal::KeyCounter::Entry> entries = s.counter.Entries();
    s.counter.Release();
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.key < b.key; });
    sum = SummarizeRuns(c.type, s.count, mean, &binner, &top, [&](auto&& f) {
      for (const auto& e : entries) f(e.key, e.count);
    });
  }
  p->distinct = sum.distinct;
  Quantiles& q = p->quantiles.emplace();
  double* out[] = {&q.p0, &q.p1, &q.p5, &q.p25, &q.p50, &q.p75, &q.p95, &q.p99, &q.p100};
  for (size_t i = 0; i < kQuantileLevels.size(); ++i) *out[i] = sum.quantiles[i];
  if (!is_date) {
    p->mean = mean;
    if (s.count > 1) p->std = std::sqrt(sum.m2 / static_cast<double>(s.count - 1));
  }
  if (binner.enabled()) p->histogram = binner.Bins();
  for (const auto& [count, key] : top.Sorted())
    p->top_values.push_back({FormatKey(c.type, key), count});
}

// Best `k` of (count, string) by count descending, then string ascending.
template <typename GetString>
std::vector<ValueCount> TopStrings(std::vector<std::pair<size_t, size_t>> count_and_id, size_t k,
                                   GetString&& get) {
  auto better = [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : get(a.second) < get(b.second);
  };
  k = std::min(k, count_and_id.size());
  std::partial_sort(count_and_id.begin(), count_and_id.begin() + k, count_and_id.end(), better);
  std::vector<ValueCount> out;
  for (size_t i = 0; i < k; ++i) {
    out.push_back({std::string(get(count_and_id[i].second)), count_and_id[i].first});
  }
  return out;
}

void ProfileCategorical(const Column& c, const ProfileOptions& options, ColumnProfile* p) {
  std::vector<size_t> counts(c.dictionary.size(), 0);
  for (size_t row = 0; row < c.size(); ++row) {
    if (c.valid[row]) ++counts[c.codes[row]];
  }
  std::vector<std::pair<size_t, size_t>> used;
  LengthStats len{std::numeric_limits<size_t>::max(), 0, 0, {}};
  double total_len = 0;
  size_t present = 0;
  for (size_t code = 0; code < counts.size(); ++code) {
    if (counts[code] == 0) continue;
    used.emplace_back(counts[code], code);
    const size_t l = c.dictionary[code].size();
    len.min = std::min(len.min, l);
    len.max = std::max(len.max, l);
    total_len += static_cast<double>(l) * static_cast<double>(counts[code]);
    present += counts[code];
  }
  p->distinct = used.size();
  if (present == 0) return;
  len.mean = total_len / static_cast<double>(present);
  p->length = std::move(len);
  p->top_values = TopStrings(std::move(used), options.top_values,
                             [&](size_t code) -> std::string_view { return c.dictionary[code]; });
}

// Keeps the `k` entries with the highest counts (ties: earlier first row).
void KeepMostFrequent(size_t k, std::vector<internal::KeyCounter::Entry>* entries) {
  if (entries->size() <= k) return;
  std::nth_element(entries->begin(), entries->begin() + k, entries->end(),
                   [](const auto& a, const auto& b) {
                     return a.count != b.count ? a.count > b.count : a.first_row < b.first_row;
                   });
  entries->resize(k);
}

void ProfileText(const Column& c, const ProfileOptions& options, ColumnProfile* p) {
  internal::KeyCounter counter;
  std::optional<HyperLogLog> hll;
  size_t exact_seen = 0;  // distinct values counted exactly before switching to the sketch
  LengthStats len{std::numeric_limits<size_t>::max(), 0, 0, {}};
  double total_len = 0;
  size_t present = 0;
  const char* chars = c.chars.data();
  for (size_t row = 0; row < c.size(); ++row) {
    if (!c.valid[row]) continue;
    const size_t l = c.offsets[row + 1] - c.offsets[row];
    ++present;
    total_len += static_cast<double>(l);
    len.min = std::min(len.min, l);
    len.max = std::max(len.max, l);
    // Distinct strings are told apart by a 64-bit hash (collision odds ~ n^2 / 2^65).
    const uint64_t h = HashBytes(chars + c.offsets[row], l);
    if (hll) {
      hll->Add(h);
      counter.IncrementIfPresent(h);
      continue;
    }
    counter.Add(h, row);
    if (counter.size() > options.exact_distinct_limit) {
      exact_seen = counter.size();
      hll.emplace();
      std::vector<internal::KeyCounter::Entry> entries = counter.Entries();
      for (const auto& e : entries) hll->Add(e.key);
      KeepMostFrequent(std::max(kMinTextCandidates, 4 * options.top_values), &entries);
      counter.Release();
      for (const auto& e : entries) counter.Insert(e);
    }
  }
  std::vector<internal::KeyCounter::Entry> entries = counter.Entries();
  counter.Release();
  p->distinct = entries.size();
  if (hll) {
    p->distinct_approximate = true;
    const double estimate = std::round(hll->Estimate());
    p->distinct = std::clamp(static_cast<size_t>(estimate), exact_seen, present);
  }
  if (present == 0) return;
  len.mean = total_len / static_cast<double>(present);
  Binner binner(static_cast<double>(len.min), static_cast<double>(len.max), options.histogram_bins,
                true);
  if (binner.enabled()) {
    for (size_t row = 0; row < c.size(); ++row) {
      if (c.valid[row]) binner.Add(static_cast<double>(c.offsets[row + 1] - c.offsets[row]), 1);
    }
    len.histogram = binner.Bins();
  }
  p->length = std::move(len);
  std::vector<std::pair<size_t, size_t>> count_and_row;
  count_and_row.reserve(entries.size());
  for (const auto& e : entries) count_and_row.emplace_back(e.count, e.first_row);
  p->top_values = TopStrings(std::move(count_and_row), options.top_values,
                             [&](size_t row) { return c.StringAt(row); });
}

// Runs task(i) for i in [0, n) on up to `threads` threads (the caller's thread included).
void RunParallel(size_t n, int threads, const std::function<void(size_t)>& task) {
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < n; i = next++) task(i);
  };
  std::vector<std::thread> pool;
  const size_t extra = std::min(n, static_cast<size_t>(std::max(threads, 1))) - (n > 0 ? 1 : 0);
  for (size_t t = 0; t < extra; ++t) {
    try {
      pool.emplace_back(worker);
    } catch (const std::system_error&) {
      break;  // no more threads available: the remaining workers do the work
    }
  }
  worker();
  for (auto& th : pool) th.join();
}

Status ValidateOptions(const Table& table, const ProfileOptions& options) {
  if (options.top_values > kMaxBinsOrTop) {
    return InvalidArgumentError("top_values must be at most " + std::to_string(kMaxBinsOrTop));
  }
  if (options.histogram_bins > kMaxBinsOrTop) {
    return InvalidArgumentError("histogram_bins must be at most " + std::to_string(kMaxBinsOrTop));
  }
  if (!options.target.empty() && table.FindColumn(options.target) < 0) {
    return NotFoundError("target column '" + options.target + "' not found")
        .WithDetail("column", options.target);
  }
  return Status::Ok();
}

}  // namespace

std::string FormatValue(DataType type, double value) {
  if (!std::isfinite(value)) return FormatKey(DataType::kFloat64, KeyFromDouble(value));
  switch (type) {
    case DataType::kDate:
    case DataType::kDateTime:
    case DataType::kBool:
      return FormatKey(type, KeyFromInt(static_cast<int64_t>(std::llround(value))));
    case DataType::kInt64:
      if (value == std::trunc(value) && std::abs(value) < 9.2e18) {
        return FormatKey(type, KeyFromInt(static_cast<int64_t>(value)));
      }
      [[fallthrough]];
    default:
      return FormatKey(DataType::kFloat64, KeyFromDouble(value));
  }
}

ColumnProfile ProfileColumn(const Column& column, const ProfileOptions& options) {
  ColumnProfile p;
  p.name = column.name;
  p.type = column.type;
  p.rows = column.size();
  p.missing = column.NullCount();
  switch (column.type) {
    case DataType::kCategorical:
      ProfileCategorical(column, options, &p);
      break;
    case DataType::kText:
      ProfileText(column, options, &p);
      break;
    default:
      ProfileNumeric(column, options, &p);
      break;
  }
  p.missing_fraction = p.rows ? static_cast<double>(p.missing) / static_cast<double>(p.rows) : 0;
  return p;
}

Result<TableProfile> ProfileTable(const Table& table, const ProfileOptions& options) {
  LATHE_RETURN_IF_ERROR(ValidateOptions(table, options));
  TableProfile profile;
  profile.rows = table.num_rows();
  profile.columns.resize(table.num_columns());
  size_t duplicate_rows = 0;
  std::atomic<bool> out_of_memory{false};
  // Task 0 (duplicate rows) touches every column, so it starts first.
  RunParallel(table.num_columns() + 1, options.num_threads, [&](size_t task) {
    try {
      if (task == 0) {
        duplicate_rows = CountDuplicateRows(table);
      } else {
        profile.columns[task - 1] = ProfileColumn(table.column(task - 1), options);
      }
    } catch (const std::bad_alloc&) {
      out_of_memory = true;  // the copies for sorting need 16 bytes per row and column
    }
  });
  if (out_of_memory) {
    return ResourceExhaustedError("not enough memory to profile a table of " +
                                  std::to_string(table.num_rows()) + " rows");
  }
  std::optional<ClassBalance> balance;
  if (!options.target.empty()) {
    Result<ClassBalance> b =
        ComputeClassBalance(table, options.target, options.quality.max_classes);
    if (b.ok()) balance = std::move(b).value();  // else: not a classification target
  }
  profile.quality = BuildQualityReport(profile.columns, profile.rows, duplicate_rows,
                                       std::move(balance), options.quality);
  return profile;
}

}  // namespace lathe::data
