// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/internal/learner_util.h"

#include <cmath>
#include <cstring>

namespace lathe::ml::internal {
namespace {

template <typename T>
void PutRaw(std::string& out, T v) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));  // Lathe targets little-endian x86-64 / arm64
  out.append(buf, sizeof(T));
}

}  // namespace

void ByteWriter::U32(uint32_t v) { PutRaw(out_, v); }
void ByteWriter::U64(uint64_t v) { PutRaw(out_, v); }
void ByteWriter::F64(double v) { PutRaw(out_, v); }
template <typename T>
void ByteWriter::Array(const std::vector<T>& v) {
  U64(v.size());
  out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}
void ByteWriter::Floats(const std::vector<float>& v) { Array(v); }
void ByteWriter::Doubles(const std::vector<double>& v) { Array(v); }
void ByteWriter::Ints(const std::vector<int32_t>& v) { Array(v); }
void ByteWriter::Str(std::string_view s) {
  U64(s.size());
  out_.append(s);
}

Status ByteReader::Need(size_t n) const {
  if (in_.size() - pos_ < n) {
    return DataLossError(what_ + ": truncated at byte " + std::to_string(pos_) + " (needs " +
                         std::to_string(n) + " more)");
  }
  return Status::Ok();
}

Result<uint32_t> ByteReader::U32() {
  LATHE_RETURN_IF_ERROR(Need(4));
  uint32_t v;
  std::memcpy(&v, in_.data() + pos_, 4);
  pos_ += 4;
  return v;
}
Result<uint64_t> ByteReader::U64() {
  LATHE_RETURN_IF_ERROR(Need(8));
  uint64_t v;
  std::memcpy(&v, in_.data() + pos_, 8);
  pos_ += 8;
  return v;
}
Result<double> ByteReader::F64() {
  LATHE_RETURN_IF_ERROR(Need(8));
  double v;
  std::memcpy(&v, in_.data() + pos_, 8);
  pos_ += 8;
  return v;
}
template <typename T>
Result<std::vector<T>> ByteReader::Array() {
  LATHE_ASSIGN_OR_RETURN(uint64_t n, U64());
  if (n > (in_.size() - pos_) / sizeof(T)) return Need(in_.size());
  std::vector<T> v(n);
  std::memcpy(v.data(), in_.data() + pos_, n * sizeof(T));
  pos_ += n * sizeof(T);
  return v;
}
Result<std::vector<float>> ByteReader::Floats() { return Array<float>(); }
Result<std::vector<double>> ByteReader::Doubles() { return Array<double>(); }
Result<std::vector<int32_t>> ByteReader::Ints() { return Array<int32_t>(); }
Result<std::string> ByteReader::Str() {
  LATHE_ASSIGN_OR_RETURN(uint64_t n, U64());
  LATHE_RETURN_IF_ERROR(Need(n));
  std::string s(in_.substr(pos_, n));
  pos_ += n;
  return s;
}
Status ByteReader::Done() const {
  if (pos_ != in_.size()) {
    return DataLossError(what_ + ": " + std::to_string(in_.size() - pos_) +
                         " unexpected trailing bytes");
  }
  return Status::Ok();
}

Scaler Scaler::Fit(const Matrix& x) {
  Scaler s;
  const size_t d = x.dense_cols;
  std::vector<double> sum(d, 0), sum2(d, 0), n(d, 0);
  for (size_t row = 0; row < x.rows; ++row) {
    const float* p = x.dense.data() + row * d;
    for (size_t col = 0; col < d; ++col) {
      if (std::isnan(p[col])) continue;
      sum[col] += p[col];
      sum2[col] += static_cast<double>(p[col]) * p[col];
      n[col] += 1;
    }
  }
  s.mean.resize(d);
  s.inv_std.resize(d);
  for (size_t col = 0; col < d; ++col) {
    const double mean = n[col] > 0 ? sum[col] / n[col] : 0;
    const double var = n[col] > 0 ? std::max(0.0, sum2[col] / n[col] - mean * mean) : 0;
    s.mean[col] = mean;
    s.inv_std[col] = var > 1e-24 ? 1.0 / std::sqrt(var) : 1.0;
  }
  return s;
}

void Scaler::Write(ByteWriter& w) const {
  w.Doubles(mean);
  w.Doubles(inv_std);
}

Result<Scaler> Scaler::Read(ByteReader& r) {
  Scaler s;
  LATHE_ASSIGN_OR_RETURN(s.mean, r.Doubles());
  LATHE_ASSIGN_OR_RETURN(s.inv_std, r.Doubles());
  if (s.mean.size() != s.inv_std.size()) return DataLossError("scaler: size mismatch");
  return s;
}

std::vector<float> SampleWeights(const LabeledData& data, size_t num_classes, bool balanced) {
  std::vector<float> w = data.weights;
  if (w.empty()) w.assign(data.y.size(), 1.0f);
  if (!balanced || num_classes == 0) return w;
  std::vector<double> count(num_classes, 0);
  for (float label : data.y) count[static_cast<size_t>(label)] += 1;
  for (size_t row = 0; row < w.size(); ++row) {
    const double c = count[static_cast<size_t>(data.y[row])];
    w[row] *= static_cast<float>(data.y.size() / (num_classes * c));
  }
  return w;
}

bool IsCancelled(const FitOptions& options) { return options.cancelled && options.cancelled(); }

size_t NumClasses(const ProblemInfo& problem) {
  return problem.type == ProblemType::kRegression ? 0 : problem.classes.size();
}

Status CheckLabels(const LabeledData& data, const ProblemInfo& problem, std::string_view learner) {
  const std::string who(learner);
  if (data.y.size() != data.x.rows) {
    return InvalidArgumentError(who + ": " + std::to_string(data.y.size()) + " labels for " +
                                std::to_string(data.x.rows) + " rows");
  }
  if (data.x.rows == 0) return InvalidArgumentError(who + ": no training rows");
  if (!data.weights.empty() && data.weights.size() != data.x.rows) {
    return InvalidArgumentError(who + ": weights size does not match the rows");
  }
  const size_t k = NumClasses(problem);
  for (size_t row = 0; row < data.y.size(); ++row) {
    const float y = data.y[row];
    const bool bad = !std::isfinite(y) || (k > 0 && (y < 0 || y >= k || y != std::floor(y)));
    if (bad) {
      return InvalidArgumentError(who + ": label of training row " + std::to_string(row) +
                                  " is " + std::to_string(y) +
                                  (k > 0 ? ", expected a class id below " + std::to_string(k)
                                         : ", expected a finite number"));
    }
  }
  return Status::Ok();
}

}  // namespace lathe::ml::internal
