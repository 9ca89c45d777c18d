// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The per-column encoders behind FeaturePipeline (numeric / boolean imputation, categorical
// one-hot or frequency + target encoding with rare grouping, datetime parts). Each encoder
// writes width() dense floats per row and serialises to JSON. Immutable once fitted; Encode is
// thread-safe.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "data/table.h"
#include "ml/feature_pipeline.h"

namespace lathe::ml::internal {

inline constexpr std::string_view kRareLevel = "__rare__";
inline constexpr std::string_view kMissingLevel = "__missing__";

// How target encoding sees the labels: outputs = 1 (binary, regression) or k (multiclass).
struct TargetView {
  std::span<const float> y;  // encoded target per training row, NaN = unknown
  size_t outputs = 1;
  bool multiclass = false;
  // Value of output `o` for label `label` (one-hot for multiclass, the label otherwise).
  float Value(float label, size_t o) const {
    return multiclass ? (static_cast<size_t>(label) == o ? 1.f : 0.f) : label;
  }
};

class ColumnEncoder {
 public:
  virtual ~ColumnEncoder() = default;
  virtual size_t width() const = 0;
  // Appends width() names for the input column `name`.
  virtual void Names(const std::string& name, std::vector<std::string>* out) const = 0;
  // Writes width() values for each row in [begin, end) to out[(row - begin) * stride + 0 ..
  // width()). `column` null = the column is absent (all missing). InvalidArgument naming row and
  // column for a wrong type.
  virtual Status Encode(const data::Column* column, size_t begin, size_t end, float* out,
                        size_t stride) const = 0;
  // The training rows' encoding; differs from Encode only for target encoding (out-of-fold).
  virtual Status EncodeTraining(const data::Column& column, float* out, size_t stride) const {
    return Encode(&column, 0, column.size(), out, stride);
  }
  virtual nlohmann::json ToJson() const = 0;
};

// Fits the encoder for `column` of kind `info->kind`, completing `info` (median, categories...).
// Returns null with `*drop_reason` set when the column carries nothing usable.
Result<std::unique_ptr<ColumnEncoder>> FitColumnEncoder(const data::Column& column,
                                                        const TargetView& target,
                                                        std::span<const uint8_t> folds,
                                                        const FeaturePipelineOptions& options,
                                                        InputColumn* info,
                                                        std::string* drop_reason);
// Reloads ToJson output. DataLoss when malformed.
Result<std::unique_ptr<ColumnEncoder>> ColumnEncoderFromJson(const nlohmann::json& json,
                                                             const InputColumn& info);

// Value helpers (shared with the text encoder): "row R, column 'c': ..." errors.
Status WrongType(const data::Column& column, size_t row, std::string_view expected);

}  // namespace lathe::ml::internal
