// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The codec's tables against a real fitted FeaturePipeline: rows sent as CSV, JSON arrays or JSON
// objects must transform exactly like the same rows of the training table.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "data/csv_reader.h"
#include "data/take.h"
#include "ml/feature_pipeline.h"
#include "ml/problem.h"
#include "serving/invocation_codec.h"

namespace lathe::serving {
namespace {

// 60 rows: age (int64), bmi (float64 with gaps), smoker (bool), city (categorical), visit (date),
// label (the target).
std::string TrainingCsv() {
  const char* cities[] = {"Hanoi", "Hue", "Da Nang", "Saigon"};
  std::string csv = "age,bmi,smoker,city,visit,label\n";
  for (int r = 0; r < 60; ++r) {
    csv += std::to_string(20 + (r * 7) % 50) + ",";
    csv += (r % 9 == 4 ? "" : std::to_string(18 + (r * 13) % 20) + "." + std::to_string(r % 10));
    csv += std::string(",") + (r % 3 == 0 ? "true" : "false") + ",";
    csv += std::string(cities[r % 4]) + ",";
    csv += "2024-0" + std::to_string(1 + r % 9) + "-1" + std::to_string(r % 10) + ",";
    csv += (r % 2 ? "yes" : "no");
    csv += "\n";
  }
  return csv;
}

class CodecPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data::CsvOptions options;
    Result<data::Table> t = data::ReadCsvBuffer(TrainingCsv(), options);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    train_ = std::move(t).value();
    Result<ml::ProblemInfo> problem = ml::DetectProblem(train_, "label");
    ASSERT_TRUE(problem.ok()) << problem.status().ToString();
    Result<std::vector<float>> y = ml::EncodeTarget(train_, *problem);
    ASSERT_TRUE(y.ok());
    Result<ml::PipelineFit> fit = ml::FeaturePipeline::Fit(train_, *problem, *y);
    ASSERT_TRUE(fit.ok()) << fit.status().ToString();
    pipeline_ = std::move(fit->pipeline);
    for (const ml::InputColumn& c : pipeline_->input_schema()) {
      schema_.columns.push_back(c.name);
      schema_.types.push_back(c.type);
    }
  }

  // The first `rows` training rows' input columns as text cells.
  std::string Cell(size_t row, const std::string& column) const {
    return train_.column(train_.FindColumn(column)).ToString(row);
  }

  void ExpectSameFeatures(const data::Table& decoded, size_t rows) const {
    Result<ml::Matrix> got = pipeline_->Transform(decoded);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    Result<ml::Matrix> want = pipeline_->Transform(data::SliceRows(train_, 0, rows));
    ASSERT_TRUE(want.ok());
    ASSERT_EQ(got->rows, rows);
    ASSERT_EQ(got->dense.size(), want->dense.size());
    for (size_t i = 0; i < got->dense.size(); ++i) {
      const float a = got->dense[i], b = want->dense[i];
      EXPECT_TRUE(a == b || (std::isnan(a) && std::isnan(b)))
          << "feature " << pipeline_->FeatureName(i % got->dense_cols) << " row "
          << i / got->dense_cols << ": " << a << " vs " << b;
    }
  }

  data::Table train_;
  std::unique_ptr<ml::FeaturePipeline> pipeline_;
  InputSchema schema_;
};

TEST_F(CodecPipelineTest, SchemaKeepsTheTrainingTypes) {
  ASSERT_EQ(schema_.columns.size(), 5u);
  for (size_t i = 0; i < schema_.columns.size(); ++i) {
    EXPECT_EQ(*schema_.types[i], train_.column(train_.FindColumn(schema_.columns[i])).type)
        << schema_.columns[i];
  }
}

TEST_F(CodecPipelineTest, CsvRowsTransformLikeTheTrainingRows) {
  constexpr size_t kRows = 12;
  std::string body;
  for (size_t r = 0; r < kRows; ++r) {
    for (size_t c = 0; c < schema_.columns.size(); ++c) {
      body += (c ? "," : "") + Cell(r, schema_.columns[c]);
    }
    body += "\r\n";
  }
  Result<data::Table> t = DecodeRows(WireFormat::kCsv, body, schema_, 100);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  for (size_t c = 0; c < schema_.columns.size(); ++c) {
    EXPECT_EQ(t->column(c).type, *schema_.types[c]) << schema_.columns[c];
  }
  ExpectSameFeatures(*t, kRows);
}

TEST_F(CodecPipelineTest, JsonObjectRowsTransformLikeTheTrainingRows) {
  constexpr size_t kRows = 12;
  std::string body = "{\"instances\": [";
  for (size_t r = 0; r < kRows; ++r) {
    body += r ? ",{" : "{";
    bool first = true;
    for (const std::string& name : schema_.columns) {
      const data::Column& col = train_.column(train_.FindColumn(name));
      if (col.IsNull(r)) continue;  // a missing key is a missing value
      body += (first ? "\"" : ",\"") + name + "\":";
      first = false;
      const bool quoted = col.type == data::DataType::kCategorical ||
                          col.type == data::DataType::kDate ||
                          col.type == data::DataType::kText;
      body += quoted ? "\"" + col.ToString(r) + "\"" : col.ToString(r);
    }
    body += "}";
  }
  body += "]}";
  Result<data::Table> t = DecodeRows(WireFormat::kJson, body, schema_, 100);
  ASSERT_TRUE(t.ok()) << t.status().ToString() << "\n" << body;
  ExpectSameFeatures(*t, kRows);
}

}  // namespace
}  // namespace lathe::serving
