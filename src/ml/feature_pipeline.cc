// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/feature_pipeline.h"

#include <algorithm>
#include <numeric>
#include <optional>
#include <random>
#include <unordered_set>

#include "ml/internal/column_encoders.h"
#include "ml/internal/text_features.h"

namespace lathe::ml {

using data::Column;
using data::DataType;
using internal::ColumnEncoder;
using internal::TextFeatures;

struct FeaturePipeline::Impl {
  struct Entry {
    int input = 0;
    std::unique_ptr<ColumnEncoder> encoder;
  };
  std::vector<Entry> encoders;
  std::vector<int> text_inputs;
  std::optional<TextFeatures> text;
};

namespace {

constexpr size_t kMinRowsForIdLike = 20;

// Index of input column `name` (input number `input`) in `rows`, -1 if absent. The serving codec
// and batch transform build tables in input-schema order, so position `input` is tried before
// the linear search (a 57-column row otherwise costs ~1,600 name comparisons per transform).
int FindInput(const data::Table& rows, const std::string& name, int input) {
  if (input >= 0 && static_cast<size_t>(input) < rows.num_columns() &&
      rows.column(input).name == name) {
    return input;
  }
  return rows.FindColumn(name);
}

size_t CountWords(std::string_view s) {
  size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// Decides how a column is used, or why it is dropped.
std::optional<FeatureKind> Classify(const Column& c, std::string* drop) {
  const size_t rows = c.size();
  switch (c.type) {
    case DataType::kBool:
      return FeatureKind::kBoolean;
    case DataType::kFloat64:
      return FeatureKind::kNumeric;
    case DataType::kDate:
    case DataType::kDateTime:
      return FeatureKind::kDateTime;
    case DataType::kInt64: {
      if (rows < kMinRowsForIdLike || c.NullCount() > 0) return FeatureKind::kNumeric;
      std::unordered_set<int64_t> seen;
      int64_t lo = INT64_MAX, hi = INT64_MIN;
      for (size_t row = 0; row < rows; ++row) {
        if (!seen.insert(c.IntAt(row)).second) return FeatureKind::kNumeric;
        lo = std::min(lo, c.IntAt(row));
        hi = std::max(hi, c.IntAt(row));
      }
      // Unique per row and (nearly) a consecutive run: a row number.
      if (static_cast<double>(hi) - lo + 1 <= 1.1 * rows) {
        *drop = "ID-like (unique per row)";
        return std::nullopt;
      }
      return FeatureKind::kNumeric;
    }
    case DataType::kCategorical:
    case DataType::kText: {
      std::unordered_set<std::string_view> seen;
      size_t non_null = 0, words = 0;
      for (size_t row = 0; row < rows; ++row) {
        if (c.IsNull(row)) continue;
        ++non_null;
        seen.insert(c.StringAt(row));
        words += CountWords(c.StringAt(row));
      }
      if (non_null == 0) {
        *drop = "all missing";
        return std::nullopt;
      }
      if (seen.size() <= 1 && non_null == rows) {
        *drop = "constant";
        return std::nullopt;
      }
      const bool short_values = static_cast<double>(words) / non_null <= 1.5;
      if (short_values && seen.size() == rows && rows >= kMinRowsForIdLike) {
        *drop = "ID-like (unique per row)";
        return std::nullopt;
      }
      if (c.type == DataType::kText && !short_values) return FeatureKind::kText;
      return FeatureKind::kCategorical;
    }
  }
  return std::nullopt;
}

std::vector<uint8_t> Folds(size_t rows, int k, uint64_t seed) {
  std::vector<uint32_t> order(rows);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<uint8_t> folds(rows);
  for (size_t i = 0; i < rows; ++i) folds[order[i]] = static_cast<uint8_t>(i % k);
  return folds;
}

nlohmann::json InputJson(const InputColumn& c) {
  nlohmann::json j = {{"name", c.name},
                      {"type", data::DataTypeName(c.type)},
                      {"kind", FeatureKindName(c.kind)},
                      {"had_missing", c.had_missing}};
  if (c.kind == FeatureKind::kCategorical) j["categories"] = c.categories;
  if (c.kind == FeatureKind::kNumeric || c.kind == FeatureKind::kBoolean ||
      c.kind == FeatureKind::kDateTime) {
    j["median"] = c.median;
    j["min"] = c.min;
    j["max"] = c.max;
  }
  return j;
}

Result<FeatureKind> ParseKind(const std::string& s) {
  for (FeatureKind k : {FeatureKind::kNumeric, FeatureKind::kBoolean, FeatureKind::kCategorical,
                        FeatureKind::kDateTime, FeatureKind::kText}) {
    if (FeatureKindName(k) == s) return k;
  }
  return DataLossError("pipeline: unknown feature kind '" + s + "'");
}

Result<InputColumn> InputFromJson(const nlohmann::json& j) {
  InputColumn c;
  c.name = j.at("name").get<std::string>();
  auto type = data::ParseDataType(j.at("type").get<std::string>());
  if (!type.ok()) return DataLossError("pipeline: " + type.status().message());
  c.type = *type;
  LATHE_ASSIGN_OR_RETURN(c.kind, ParseKind(j.at("kind").get<std::string>()));
  c.had_missing = j.at("had_missing").get<bool>();
  if (j.contains("categories")) c.categories = j["categories"].get<std::vector<std::string>>();
  if (j.contains("median")) {
    c.median = j["median"].get<double>();
    c.min = j.at("min").get<double>();
    c.max = j.at("max").get<double>();
  }
  return c;
}

}  // namespace

std::string_view FeatureKindName(FeatureKind kind) {
  switch (kind) {
    case FeatureKind::kNumeric:
      return "numeric";
    case FeatureKind::kBoolean:
      return "boolean";
    case FeatureKind::kCategorical:
      return "categorical";
    case FeatureKind::kDateTime:
      return "datetime";
    case FeatureKind::kText:
      return "text";
  }
  return "numeric";
}

FeaturePipeline::FeaturePipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FeaturePipeline::~FeaturePipeline() = default;

void FeaturePipeline::RebuildNames() {
  dense_names_.clear();
  dense_source_.clear();
  for (const Impl::Entry& e : impl_->encoders) {
    e.encoder->Names(inputs_[e.input].name, &dense_names_);
    dense_source_.resize(dense_names_.size(), e.input);
  }
}

size_t FeaturePipeline::sparse_cols() const {
  return impl_->text ? impl_->text->buckets() : 0;
}

std::string FeaturePipeline::FeatureName(size_t col) const {
  if (col < dense_names_.size()) return dense_names_[col];
  std::string text;
  for (int input : impl_->text_inputs) text += (text.empty() ? "" : "+") + inputs_[input].name;
  return text + "#" + std::to_string(col - dense_names_.size());
}

int FeaturePipeline::FeatureSource(size_t col) const {
  if (col < dense_source_.size()) return dense_source_[col];
  return impl_->text_inputs.empty() ? -1 : impl_->text_inputs[0];
}

nlohmann::json FeaturePipeline::InputSchemaJson() const {
  nlohmann::json out = nlohmann::json::array();
  for (const InputColumn& c : inputs_) out.push_back(InputJson(c));
  return out;
}

Result<PipelineFit> FeaturePipeline::Fit(const data::Table& train, const ProblemInfo& problem,
                                         std::span<const float> y,
                                         const FeaturePipelineOptions& options) {
  if (y.size() != train.num_rows()) {
    return InvalidArgumentError("feature pipeline: " + std::to_string(y.size()) + " labels for " +
                                std::to_string(train.num_rows()) + " rows");
  }
  if (options.target_encoding_folds < 2 || options.target_encoding_folds > 255 ||
      options.text_hash_bits < 4 || options.text_hash_bits > 24) {
    return InvalidArgumentError("feature pipeline: target_encoding_folds must be in [2, 255] "
                                "and text_hash_bits in [4, 24]");
  }
  const size_t rows = train.num_rows();
  auto pipeline = std::unique_ptr<FeaturePipeline>(new FeaturePipeline(std::make_unique<Impl>()));
  Impl& impl = *pipeline->impl_;
  internal::TargetView target;
  target.y = y;
  target.multiclass = problem.type == ProblemType::kMulticlass;
  target.outputs = target.multiclass ? problem.classes.size() : 1;
  const std::vector<uint8_t> folds = Folds(rows, options.target_encoding_folds, options.seed);
  TextFeatures::Columns text_columns;
  for (const Column& col : train.columns()) {
    if (col.name == problem.target) continue;
    if (std::find(options.exclude.begin(), options.exclude.end(), col.name) !=
        options.exclude.end()) {
      pipeline->dropped_.push_back({col.name, "excluded"});
      continue;
    }
    std::string drop;
    std::optional<FeatureKind> kind = Classify(col, &drop);
    InputColumn info;
    info.name = col.name;
    info.type = col.type;
    if (kind == FeatureKind::kText) {
      info.kind = FeatureKind::kText;
      info.had_missing = col.NullCount() > 0;
      impl.text_inputs.push_back(static_cast<int>(pipeline->inputs_.size()));
      pipeline->inputs_.push_back(std::move(info));
      text_columns.push_back(&col);
      continue;
    }
    std::unique_ptr<ColumnEncoder> encoder;
    if (kind) {
      info.kind = *kind;
      LATHE_ASSIGN_OR_RETURN(encoder, internal::FitColumnEncoder(col, target, folds, options,
                                                                 &info, &drop));
    }
    if (!encoder) {
      pipeline->dropped_.push_back({col.name, drop});
      continue;
    }
    impl.encoders.push_back({static_cast<int>(pipeline->inputs_.size()), std::move(encoder)});
    pipeline->inputs_.push_back(std::move(info));
  }
  if (!text_columns.empty()) {
    impl.text = TextFeatures::Fit(text_columns, rows, options.text_hash_bits);
  }
  if (pipeline->inputs_.empty()) {
    return InvalidArgumentError("feature pipeline: no usable feature column (all dropped: " +
                                std::to_string(pipeline->dropped_.size()) + ")");
  }
  pipeline->RebuildNames();
  // The training matrix: Transform, but with out-of-fold target encoding.
  LATHE_ASSIGN_OR_RETURN(Matrix m, pipeline->Transform(train));
  size_t offset = 0;
  for (const Impl::Entry& e : impl.encoders) {
    const Column& col = train.column(train.FindColumn(pipeline->inputs_[e.input].name));
    LATHE_RETURN_IF_ERROR(e.encoder->EncodeTraining(col, m.dense.data() + offset, m.dense_cols));
    offset += e.encoder->width();
  }
  return PipelineFit{std::move(pipeline), std::move(m)};
}

Result<Matrix> FeaturePipeline::Transform(const data::Table& rows) const {
  return TransformRows(rows, /*with_names=*/true);
}

Result<Matrix> FeaturePipeline::TransformForPrediction(const data::Table& rows) const {
  return TransformRows(rows, /*with_names=*/false);
}

Result<Matrix> FeaturePipeline::TransformRows(const data::Table& rows, bool with_names) const {
  Matrix m;
  m.rows = rows.num_rows();
  m.dense_cols = dense_names_.size();
  m.dense.resize(m.rows * m.dense_cols);
  if (with_names) m.feature_names = dense_names_;
  // Rows go in blocks so that a block's slice of the row-major matrix stays in cache while each
  // encoder writes its columns into it (whole-matrix passes would touch every cache line of a
  // 10,000-row matrix once per encoder).
  constexpr size_t kBlockRows = 256;
  for (size_t begin = 0; begin < m.rows; begin += kBlockRows) {
    const size_t end = std::min(m.rows, begin + kBlockRows);
    float* block = m.dense.data() + begin * m.dense_cols;
    size_t offset = 0;
    for (const Impl::Entry& e : impl_->encoders) {
      const int index = FindInput(rows, inputs_[e.input].name, e.input);
      const Column* col = index >= 0 ? &rows.column(index) : nullptr;
      LATHE_RETURN_IF_ERROR(e.encoder->Encode(col, begin, end, block + offset, m.dense_cols));
      offset += e.encoder->width();
    }
  }
  if (impl_->text) {
    TextFeatures::Columns cols;
    for (int input : impl_->text_inputs) {
      const int index = FindInput(rows, inputs_[input].name, input);
      cols.push_back(index >= 0 ? &rows.column(index) : nullptr);
    }
    m.sparse_cols = impl_->text->buckets();
    m.sparse_indptr.reserve(m.rows + 1);
    m.sparse_indptr.push_back(0);
    impl_->text->Transform(cols, m.rows, &m.sparse_indptr, &m.sparse_indices, &m.sparse_values);
    m.text.resize(m.rows);
    for (size_t row = 0; row < m.rows; ++row) {
      for (const Column* col : cols) {
        if (col == nullptr || col->IsNull(row)) continue;
        if (!m.text[row].empty()) m.text[row] += ' ';
        m.text[row] += col->ToString(row);
      }
    }
  }
  return m;
}

nlohmann::json FeaturePipeline::ToJson() const {
  nlohmann::json encoders = nlohmann::json::array();
  for (const Impl::Entry& e : impl_->encoders) {
    nlohmann::json j = e.encoder->ToJson();
    j["input"] = e.input;
    encoders.push_back(std::move(j));
  }
  nlohmann::json dropped = nlohmann::json::array();
  for (const DroppedColumn& d : dropped_) dropped.push_back({{"name", d.name}, {"reason", d.reason}});
  nlohmann::json text = nullptr;
  if (impl_->text) {
    text = impl_->text->ToJson();
    text["inputs"] = impl_->text_inputs;
  }
  return {{"format", "lathe-feature-pipeline"}, {"version", 1},
          {"inputs", InputSchemaJson()},        {"dropped", dropped},
          {"encoders", encoders},               {"text", text}};
}

Result<std::unique_ptr<FeaturePipeline>> FeaturePipeline::FromJson(const nlohmann::json& json) {
  try {
    if (json.at("format") != "lathe-feature-pipeline" || json.at("version") != 1) {
      return DataLossError("pipeline: not a lathe-feature-pipeline version 1");
    }
    auto pipeline = std::unique_ptr<FeaturePipeline>(new FeaturePipeline(std::make_unique<Impl>()));
    for (const auto& j : json.at("inputs")) {
      LATHE_ASSIGN_OR_RETURN(InputColumn c, InputFromJson(j));
      pipeline->inputs_.push_back(std::move(c));
    }
    for (const auto& j : json.at("dropped")) {
      pipeline->dropped_.push_back({j.at("name").get<std::string>(), j.at("reason").get<std::string>()});
    }
    const int n_inputs = static_cast<int>(pipeline->inputs_.size());
    for (const auto& j : json.at("encoders")) {
      const int input = j.at("input").get<int>();
      if (input < 0 || input >= n_inputs) return DataLossError("pipeline: encoder input out of range");
      LATHE_ASSIGN_OR_RETURN(auto enc,
                             internal::ColumnEncoderFromJson(j, pipeline->inputs_[input]));
      pipeline->impl_->encoders.push_back({input, std::move(enc)});
    }
    if (!json.at("text").is_null()) {
      LATHE_ASSIGN_OR_RETURN(TextFeatures t, TextFeatures::FromJson(json["text"]));
      pipeline->impl_->text = std::move(t);
      pipeline->impl_->text_inputs = json["text"].at("inputs").get<std::vector<int>>();
      for (int input : pipeline->impl_->text_inputs) {
        if (input < 0 || input >= n_inputs) return DataLossError("pipeline: text input out of range");
      }
    }
    pipeline->RebuildNames();
    return pipeline;
  } catch (const nlohmann::json::exception& e) {
    return DataLossError(std::string("pipeline: malformed JSON: ") + e.what());
  }
}

}  // namespace lathe::ml
