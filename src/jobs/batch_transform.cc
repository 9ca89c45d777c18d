// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/batch_transform.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <utility>

#include "core/file_util.h"
#include "data/csv_writer.h"
#include "data/take.h"

namespace lathe::jobs {
namespace {

using nlohmann::json;

std::vector<std::string> StringList(const json& value) {
  std::vector<std::string> out;
  if (!value.is_array()) return out;
  for (const json& v : value) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

bool IsRegression(const ServableModel& model) {
  return model.model().problem().type == ml::ProblemType::kRegression;
}

std::vector<std::string> PredictionColumns(const ServableModel& model) {
  if (IsRegression(model)) return {kPredictionColumn};
  std::vector<std::string> out = {kPredictedLabelColumn};
  for (const std::string& label : model.model().problem().classes) {
    out.push_back(kProbabilityPrefix + label);
  }
  return out;
}

// An O_APPEND file written chunk by chunk; closed (and removed if not kept) by the destructor.
class CsvOutput {
 public:
  explicit CsvOutput(std::string path) : path_(std::move(path)) {}
  ~CsvOutput() {
    if (fd_ >= 0) ::close(fd_);
  }
  CsvOutput(const CsvOutput&) = delete;
  CsvOutput& operator=(const CsvOutput&) = delete;

  Status Open() {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) return ErrnoStatus("open", path_, errno);
    return Status::Ok();
  }
  Status Write(std::string_view text) {
    while (!text.empty()) {
      const ssize_t n = ::write(fd_, text.data(), text.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return ErrnoStatus("write", path_, errno);
      bytes_ += static_cast<uint64_t>(n);
      text.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }
  Status Close() {
    const int fd = std::exchange(fd_, -1);
    if (::fsync(fd) != 0) {
      const int err = errno;
      ::close(fd);
      return ErrnoStatus("fsync", path_, err);
    }
    if (::close(fd) != 0) return ErrnoStatus("close", path_, errno);
    return Status::Ok();
  }
  uint64_t bytes() const { return bytes_; }

 private:
  std::string path_;
  int fd_ = -1;
  uint64_t bytes_ = 0;
};

// The output table of one chunk: its input columns (if asked) then the prediction columns.
Result<data::Table> ChunkOutput(const ServableModel& model, data::Table chunk,
                                const ml::PredictionBatch& batch, bool include_input) {
  data::Table out;
  if (include_input) out = std::move(chunk);
  const size_t rows = batch.rows;
  if (IsRegression(model)) {
    data::Column value = data::Column::Make(kPredictionColumn, data::DataType::kFloat64);
    value.Reserve(rows);
    for (size_t row = 0; row < rows; ++row) {
      const double v = row < batch.values.size() ? batch.values[row] : NAN;
      if (std::isfinite(v)) {
        value.AppendDouble(v);
      } else {
        value.AppendNull();
      }
    }
    LATHE_RETURN_IF_ERROR(out.AddColumn(std::move(value)));
    return out;
  }
  const std::vector<std::string>& classes = model.model().problem().classes;
  if (batch.classes != classes || batch.labels.size() != rows ||
      batch.probabilities.size() != rows * classes.size()) {
    return InternalError("the model answered a batch in an unexpected shape (" +
                         std::to_string(batch.classes.size()) + " classes, " +
                         std::to_string(batch.labels.size()) + " labels for " +
                         std::to_string(rows) + " rows)");
  }
  data::Column label = data::Column::Make(kPredictedLabelColumn, data::DataType::kCategorical);
  label.Reserve(rows);
  for (const std::string& l : batch.labels) label.AppendString(l);
  LATHE_RETURN_IF_ERROR(out.AddColumn(std::move(label)));
  for (size_t k = 0; k < classes.size(); ++k) {
    data::Column p =
        data::Column::Make(kProbabilityPrefix + classes[k], data::DataType::kFloat64);
    p.Reserve(rows);
    for (size_t row = 0; row < rows; ++row) {
      p.AppendDouble(batch.probabilities[row * classes.size() + k]);
    }
    LATHE_RETURN_IF_ERROR(out.AddColumn(std::move(p)));
  }
  return out;
}

// The CSV header line for `columns` (as data::WriteCsv writes it).
std::string HeaderLine(const std::vector<std::string>& columns) {
  std::string out;
  for (size_t idx = 0; idx < columns.size(); ++idx) {
    if (idx > 0) out.push_back(',');
    data::AppendCsvField(columns[idx], ',', &out);
  }
  out.push_back('\n');
  return out;
}

}  // namespace

std::vector<std::string> RequiredInputColumns(const ServableModel& model,
                                              const json& model_body) {
  if (model_body.is_object()) {
    std::vector<std::string> listed = StringList(model_body.value("input_columns", json()));
    if (!listed.empty()) return listed;
  }
  const json& manifest = model.model().manifest();
  if (manifest.is_object() && manifest.contains("training_info") &&
      manifest["training_info"].is_object()) {
    std::vector<std::string> listed =
        StringList(manifest["training_info"].value("input_columns", json()));
    if (!listed.empty()) return listed;
  }
  std::vector<std::string> out;
  for (const ml::InputColumn& c : model.model().pipeline().input_schema()) out.push_back(c.name);
  return out;
}

std::vector<std::string> ColumnNames(const data::Table& table) {
  std::vector<std::string> out;
  out.reserve(table.num_columns());
  for (const data::Column& c : table.columns()) out.push_back(c.name);
  return out;
}

Status CheckInputColumns(const std::vector<std::string>& required,
                         const std::vector<std::string>& available) {
  for (const std::string& name : required) {
    if (std::find(available.begin(), available.end(), name) == available.end()) {
      return InvalidArgumentError("the dataset has no column '" + name +
                                  "', which the model needs as input")
          .WithDetail("column", name);
    }
  }
  return Status::Ok();
}

Result<std::vector<std::string>> TransformOutputColumns(
    const ServableModel& model, const std::vector<std::string>& input_columns, bool include_input) {
  std::vector<std::string> predicted = PredictionColumns(model);
  if (!include_input) return predicted;
  std::vector<std::string> out = input_columns;
  for (const std::string& name : predicted) {
    if (std::find(input_columns.begin(), input_columns.end(), name) != input_columns.end()) {
      return InvalidArgumentError("include_input: the dataset already has a column '" + name +
                                  "', the name of a prediction column; rename it first")
          .WithDetail("field", "include_input")
          .WithDetail("column", name);
    }
    out.push_back(name);
  }
  return out;
}

Result<BatchTransformResult> RunBatchTransform(const ServableModel& model,
                                               const data::Table& input,
                                               const BatchTransformOptions& options,
                                               const std::string& csv_path,
                                               const std::atomic<bool>* cancel,
                                               const ChunkProgressFn& progress) {
  if (options.batch_rows == 0) {
    return InvalidArgumentError("batch_rows must be at least 1").WithDetail("field", "batch_rows");
  }
  if (input.num_rows() == 0) return InvalidArgumentError("the dataset has no rows");
  BatchTransformResult result;
  LATHE_ASSIGN_OR_RETURN(result.columns,
                         TransformOutputColumns(model, ColumnNames(input), options.include_input));
  const std::string header = HeaderLine(result.columns);
  CsvOutput file(csv_path);
  LATHE_RETURN_IF_ERROR(file.Open());
  LATHE_RETURN_IF_ERROR(file.Write(header));
  std::string text;
  const size_t total = input.num_rows();
  for (size_t offset = 0; offset < total; offset += options.batch_rows) {
    if (cancel != nullptr && cancel->load()) return CancelledError("batch transform stopped");
    data::Table chunk = data::SliceRows(input, offset, options.batch_rows);
    const size_t rows = chunk.num_rows();
    Result<ml::PredictionBatch> batch = model.Predict(chunk);
    if (!batch.ok()) {
      return batch.status().Annotate("rows " + std::to_string(offset + 1) + "-" +
                                     std::to_string(offset + rows) + " of the dataset");
    }
    LATHE_ASSIGN_OR_RETURN(data::Table out,
                           ChunkOutput(model, std::move(chunk), *batch, options.include_input));
    text.clear();
    data::WriteCsv(out, &text);
    if (text.compare(0, header.size(), header) != 0) {
      return InternalError("CSV header of a chunk differs from the file's header");
    }
    LATHE_RETURN_IF_ERROR(file.Write(std::string_view(text).substr(header.size())));
    result.rows += rows;
    ++result.chunks;
    if (progress) progress(result.rows);
  }
  LATHE_RETURN_IF_ERROR(file.Close());
  result.bytes = file.bytes();
  return result;
}

}  // namespace lathe::jobs
