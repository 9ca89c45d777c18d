// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/table.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>

namespace lathe::data {

std::string_view DataTypeName(DataType type) {
  switch (type) {
    case DataType::kInt64: return "int64";
    case DataType::kFloat64: return "float64";
    case DataType::kBool: return "bool";
    case DataType::kDate: return "date";
    case DataType::kDateTime: return "datetime";
    case DataType::kCategorical: return "categorical";
    case DataType::kText: return "text";
  }
  return "text";
}

Result<DataType> ParseDataType(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(DataType::kText); ++i) {
    auto type = static_cast<DataType>(i);
    if (DataTypeName(type) == name) return type;
  }
  return InvalidArgumentError("unknown data type '" + std::string(name) +
                              "' (expected int64, float64, bool, date, datetime, categorical "
                              "or text)");
}

bool IsNumeric(DataType type) {
  return type == DataType::kInt64 || type == DataType::kFloat64 || type == DataType::kBool;
}

Column Column::Make(std::string name, DataType type) {
  Column c;
  c.name = std::move(name);
  c.type = type;
  return c;
}

size_t Column::NullCount() const {
  size_t n = 0;
  for (uint8_t v : valid) n += (v == 0);
  return n;
}

std::string_view Column::StringAt(size_t row) const {
  if (valid[row] == 0) return {};
  if (type == DataType::kCategorical) return dictionary[codes[row]];
  if (type == DataType::kText) {
    return std::string_view(chars).substr(offsets[row], offsets[row + 1] - offsets[row]);
  }
  return {};
}

double Column::NumericAt(size_t row) const {
  if (valid[row] == 0) return std::numeric_limits<double>::quiet_NaN();
  switch (type) {
    case DataType::kFloat64: return doubles[row];
    case DataType::kInt64:
    case DataType::kBool:
    case DataType::kDate:
    case DataType::kDateTime: return static_cast<double>(ints[row]);
    default: return std::numeric_limits<double>::quiet_NaN();
  }
}

namespace {

std::string FormatDouble(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, res.ptr);
}

// Civil date from days since epoch (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

std::string FormatDate(int64_t days) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string FormatDateTime(int64_t micros) {
  int64_t secs = micros >= 0 ? micros / 1000000 : -((-micros + 999999) / 1000000);
  int64_t frac = micros - secs * 1000000;
  int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  int64_t sod = secs - days * 86400;
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%sT%02lld:%02lld:%02lld", FormatDate(days).c_str(),
                static_cast<long long>(sod / 3600), static_cast<long long>(sod / 60 % 60),
                static_cast<long long>(sod % 60));
  std::string out = buf;
  if (frac != 0) {
    std::snprintf(buf, sizeof(buf), ".%06lld", static_cast<long long>(frac));
    out += buf;
  }
  return out;
}

}  // namespace

std::string Column::ToString(size_t row) const {
  if (valid[row] == 0) return {};
  switch (type) {
    case DataType::kInt64: return std::to_string(ints[row]);
    case DataType::kFloat64: return FormatDouble(doubles[row]);
    case DataType::kBool: return ints[row] ? "true" : "false";
    case DataType::kDate: return FormatDate(ints[row]);
    case DataType::kDateTime: return FormatDateTime(ints[row]);
    case DataType::kCategorical:
    case DataType::kText: return std::string(StringAt(row));
  }
  return {};
}

void Column::AppendNull() {
  valid.push_back(0);
  switch (type) {
    case DataType::kFloat64: doubles.push_back(std::numeric_limits<double>::quiet_NaN()); break;
    case DataType::kCategorical: codes.push_back(0); break;
    case DataType::kText: offsets.push_back(chars.size()); break;
    default: ints.push_back(0); break;
  }
}

void Column::AppendInt(int64_t v) {
  LATHE_DCHECK(type == DataType::kInt64 || type == DataType::kBool || type == DataType::kDate ||
               type == DataType::kDateTime);
  valid.push_back(1);
  ints.push_back(v);
}

void Column::AppendDouble(double v) {
  LATHE_DCHECK(type == DataType::kFloat64);
  valid.push_back(1);
  doubles.push_back(v);
}

void Column::AppendString(std::string_view v) {
  valid.push_back(1);
  if (type == DataType::kText) {
    chars.append(v);
    offsets.push_back(chars.size());
    return;
  }
  LATHE_DCHECK(type == DataType::kCategorical);
  if (dictionary_index.size() != dictionary.size()) {
    dictionary_index.clear();
    for (uint32_t i = 0; i < dictionary.size(); ++i) dictionary_index.emplace(dictionary[i], i);
  }
  auto [it, inserted] =
      dictionary_index.emplace(std::string(v), static_cast<uint32_t>(dictionary.size()));
  if (inserted) dictionary.emplace_back(v);
  codes.push_back(it->second);
}

void Column::Reserve(size_t rows) {
  valid.reserve(rows);
  switch (type) {
    case DataType::kFloat64: doubles.reserve(rows); break;
    case DataType::kCategorical: codes.reserve(rows); break;
    case DataType::kText: offsets.reserve(rows + 1); break;
    default: ints.reserve(rows); break;
  }
}

size_t Column::MemoryBytes() const {
  size_t n = valid.capacity() + ints.capacity() * 8 + doubles.capacity() * 8 +
             codes.capacity() * 4 + offsets.capacity() * 8 + chars.capacity();
  for (const auto& s : dictionary) n += s.capacity() + sizeof(std::string);
  return n;
}

int Table::FindColumn(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Status Table::AddColumn(Column column) {
  if (!columns_.empty() && column.size() != num_rows()) {
    return InvalidArgumentError("column '" + column.name + "' has " +
                                std::to_string(column.size()) + " rows, table has " +
                                std::to_string(num_rows()));
  }
  columns_.push_back(std::move(column));
  return Status::Ok();
}

size_t Table::MemoryBytes() const {
  size_t n = 0;
  for (const auto& c : columns_) n += c.MemoryBytes();
  return n;
}

}  // namespace lathe::data
