// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers shared by the learners written in Lathe (linear, naive Bayes, kNN): a little-endian
// byte writer/reader for model files (the reader bounds-checks and reports DataLoss), a
// standardiser for dense columns, balanced class weights, cancellation polling. All plain
// values; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ml/estimator.h"
#include "ml/matrix.h"

namespace lathe::ml::internal {

class ByteWriter {
 public:
  void U32(uint32_t v);
  void U64(uint64_t v);
  void F64(double v);
  void Floats(const std::vector<float>& v);    // u64 count + values
  void Doubles(const std::vector<double>& v);  // u64 count + values
  void Ints(const std::vector<int32_t>& v);    // u64 count + values
  void Str(std::string_view s);                // u64 length + bytes
  std::string Take() { return std::move(out_); }

 private:
  template <typename T>
  void Array(const std::vector<T>& v);
  std::string out_;
};

class ByteReader {
 public:
  ByteReader(std::string_view bytes, std::string what) : in_(bytes), what_(std::move(what)) {}
  Result<uint32_t> U32();
  Result<uint64_t> U64();
  Result<double> F64();
  Result<std::vector<float>> Floats();
  Result<std::vector<double>> Doubles();
  Result<std::vector<int32_t>> Ints();
  Result<std::string> Str();
  // DataLoss unless every byte was consumed.
  Status Done() const;

 private:
  Status Need(size_t n) const;
  template <typename T>
  Result<std::vector<T>> Array();
  std::string_view in_;
  size_t pos_ = 0;
  std::string what_;
};

// Per dense column mean and 1/std over non-missing values (std 0 -> scale 1).
struct Scaler {
  std::vector<double> mean;
  std::vector<double> inv_std;
  static Scaler Fit(const Matrix& x);
  // Standardised value of column `col`; missing (NaN) -> 0.
  float Apply(size_t col, float v) const {
    return v != v ? 0.f : static_cast<float>((v - mean[col]) * inv_std[col]);
  }
  void Write(ByteWriter& w) const;
  static Result<Scaler> Read(ByteReader& r);
};

// "balanced": weight n / (k * n_c) for class c; multiplied into `data.weights` (or 1).
std::vector<float> SampleWeights(const LabeledData& data, size_t num_classes, bool balanced);
bool IsCancelled(const FitOptions& options);
size_t NumClasses(const ProblemInfo& problem);
// Checks the labels match the problem (class ids in range, finite values).
Status CheckLabels(const LabeledData& data, const ProblemInfo& problem, std::string_view learner);

}  // namespace lathe::ml::internal
