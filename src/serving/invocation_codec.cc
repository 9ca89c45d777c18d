// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "serving/invocation_codec.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>

#include <nlohmann/json.hpp>  // error offsets only (slow path)
#include <simdjson.h>

#include "data/type_inference.h"

namespace lathe::serving {
namespace {

using data::Column;
using data::DataType;

constexpr std::string_view kSupportedTypes = "text/csv, application/json, application/jsonlines";
// Bodies above this size get a parser of their own, so worker threads do not keep the memory.
constexpr size_t kThreadParserMaxBytes = size_t{1} << 20;

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The media type of a header element, without parameters.
std::string_view MediaType(std::string_view element) {
  return Trim(element.substr(0, element.find(';')));
}

std::optional<WireFormat> FormatOf(std::string_view media_type) {
  if (EqualsIgnoreCase(media_type, "text/csv")) return WireFormat::kCsv;
  if (EqualsIgnoreCase(media_type, "application/json")) return WireFormat::kJson;
  for (std::string_view alias : {"application/jsonlines", "application/x-jsonlines",
                                 "application/jsonl", "application/x-ndjson"}) {
    if (EqualsIgnoreCase(media_type, alias)) return WireFormat::kJsonLines;
  }
  return std::nullopt;
}

// Shortens a value quoted in an error message.
std::string Quoted(std::string_view value) {
  constexpr size_t kMax = 40;
  if (value.size() <= kMax) return "'" + std::string(value) + "'";
  return "'" + std::string(value.substr(0, kMax)) + "...'";
}

std::string ColumnList(const std::vector<std::string>& columns) {
  constexpr size_t kShown = 5;
  std::string out;
  for (size_t i = 0; i < columns.size() && i < kShown; ++i) {
    if (i > 0) out += ", ";
    out += columns[i];
  }
  if (columns.size() > kShown) out += ", ...";
  return out;
}

Status RowError(size_t row, std::string message) {
  return InvalidArgumentError("row " + std::to_string(row + 1) + ": " + message)
      .WithDetail("row", row + 1);
}

Status WrongCount(size_t row, const InputSchema& schema, size_t got) {
  return RowError(row, "expected " + std::to_string(schema.columns.size()) + " values (" +
                           ColumnList(schema.columns) + "), got " + std::to_string(got))
      .WithDetail("expected", schema.columns.size())
      .WithDetail("got", got);
}

Status TooManyRows(size_t max_rows) {
  return InvalidArgumentError("more than " + std::to_string(max_rows) +
                              " rows (the limit per request)")
      .WithDetail("max_rows", max_rows);
}

// details.empty_body lets the caller answer 400 (ValidationError) rather than a row error.
Status EmptyBody() {
  return InvalidArgumentError("the request body is empty").WithDetail("empty_body", true);
}

bool IsAllWhitespace(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

void AppendNumberText(double v, std::string* out) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, res.ptr);
}

// Empties `c` and gives it `type`, keeping the capacity of its vectors (so a table decoded again
// with the same columns allocates nothing). Every storage member of data::Column is reset here.
void ResetColumn(Column& c, DataType type) {
  c.type = type;
  c.valid.clear();
  c.ints.clear();
  c.doubles.clear();
  c.codes.clear();
  c.dictionary.clear();
  c.dictionary_index.clear();
  c.offsets.assign(1, 0);
  c.chars.clear();
}

// Builds one output column of a given (or inferred) type, one cell at a time, into `column`
// (a column of the output table, emptied by the caller).
class ColumnBuilder {
 public:
  // `inferred`: the type comes from the cells (`type` is ignored).
  ColumnBuilder(const std::string& name, size_t index, bool inferred, Column& column)
      : name_(name), index_(index), inferred_(inferred), column_(column) {}

  void Reserve(size_t rows) {
    if (inferred_) {
      kinds_.reserve(rows);
    } else {
      column_.Reserve(rows);
    }
  }

  void Null() {
    if (inferred_) {
      AddInferred(Kind::kNull, {});
    } else {
      column_.AppendNull();
    }
  }

  // A text cell (CSV field or JSON string). Parsed after trimming spaces; missing markers are
  // null; strings are kept as given.
  Status Text(std::string_view raw, size_t row) {
    std::string_view s = Trim(raw);
    if (data::IsMissingMarker(s)) {
      Null();
      return Status::Ok();
    }
    if (inferred_) {
      int64_t i;
      double d;
      Kind kind = data::ParseInt64(s, &i)     ? Kind::kInt
                  : data::ParseFloat64(s, &d) ? Kind::kFloat
                                              : Kind::kText;
      AddInferred(kind, kind == Kind::kText ? raw : s);
      return Status::Ok();
    }
    switch (column_.type) {
      case DataType::kInt64: {
        int64_t i;
        if (data::ParseInt64(s, &i)) {
          column_.AppendInt(i);
          return Status::Ok();
        }
        double d;
        if (data::ParseFloat64(s, &d)) return Double(d, row);
        return WrongType(row, "a number", Quoted(s));
      }
      case DataType::kFloat64: {
        double d;
        if (!data::ParseFloat64(s, &d)) return WrongType(row, "a number", Quoted(s));
        column_.AppendDouble(d);
        return Status::Ok();
      }
      case DataType::kBool: {
        bool b;
        if (s == "1" || s == "0") {
          column_.AppendInt(s == "1" ? 1 : 0);
        } else if (data::ParseBool(s, &b)) {
          column_.AppendInt(b ? 1 : 0);
        } else {
          return WrongType(row, "true or false", Quoted(s));
        }
        return Status::Ok();
      }
      case DataType::kDate: {
        int64_t days;
        if (!data::ParseDate(s, &days)) return WrongType(row, "a date (YYYY-MM-DD)", Quoted(s));
        column_.AppendInt(days);
        return Status::Ok();
      }
      case DataType::kDateTime: {
        int64_t micros;
        if (!data::ParseDateTime(s, &micros)) {
          return WrongType(row, "a date-time (YYYY-MM-DDTHH:MM:SS)", Quoted(s));
        }
        column_.AppendInt(micros);
        return Status::Ok();
      }
      case DataType::kCategorical:
      case DataType::kText:
        column_.AppendString(raw);  // untrimmed, as the CSV reader stores strings
        return Status::Ok();
    }
    return Status::Ok();
  }

  // A JSON integer.
  Status Int(int64_t v, size_t row) {
    if (inferred_) return InferredNumber(Kind::kInt, static_cast<double>(v), &v);
    switch (column_.type) {
      case DataType::kInt64: column_.AppendInt(v); return Status::Ok();
      case DataType::kFloat64: column_.AppendDouble(static_cast<double>(v)); return Status::Ok();
      case DataType::kBool:
        if (v != 0 && v != 1) return WrongType(row, "true or false", std::to_string(v));
        column_.AppendInt(v);
        return Status::Ok();
      case DataType::kCategorical:
      case DataType::kText: {
        char buf[24];
        auto res = std::to_chars(buf, buf + sizeof(buf), v);
        column_.AppendString(std::string_view(buf, res.ptr - buf));
        return Status::Ok();
      }
      default: return WrongDateType(row, std::to_string(v));
    }
  }

  // A JSON number with a fraction or exponent (or a CSV fraction in an int64 column).
  Status Double(double v, size_t row) {
    if (inferred_) return InferredNumber(Kind::kFloat, v, nullptr);
    switch (column_.type) {
      case DataType::kInt64:
        if (std::nearbyint(v) == v && std::fabs(v) < 9.0e18) {
          column_.AppendInt(static_cast<int64_t>(v));
        } else {
          WidenToFloat();
          column_.AppendDouble(v);
        }
        return Status::Ok();
      case DataType::kFloat64: column_.AppendDouble(v); return Status::Ok();
      case DataType::kBool:
        if (v != 0.0 && v != 1.0) return WrongType(row, "true or false", NumberText(v));
        column_.AppendInt(v == 1.0 ? 1 : 0);
        return Status::Ok();
      case DataType::kCategorical:
      case DataType::kText: column_.AppendString(NumberText(v)); return Status::Ok();
      default: return WrongDateType(row, NumberText(v));
    }
  }

  // A JSON boolean.
  Status Bool(bool b, size_t row) {
    if (inferred_) {
      AddInferred(Kind::kBool, b ? "true" : "false");
      return Status::Ok();
    }
    switch (column_.type) {
      case DataType::kInt64:
      case DataType::kBool: column_.AppendInt(b ? 1 : 0); return Status::Ok();
      case DataType::kFloat64: column_.AppendDouble(b ? 1.0 : 0.0); return Status::Ok();
      case DataType::kCategorical:
      case DataType::kText: column_.AppendString(b ? "true" : "false"); return Status::Ok();
      default: return WrongDateType(row, b ? "true" : "false");
    }
  }

  // A JSON array or object where a value belongs.
  Status Nested(size_t row, bool is_array) {
    return WrongType(row, "a single value", is_array ? "an array" : "an object");
  }

  // Finishes the column (inferred columns are typed and parsed here).
  void Finish() {
    if (inferred_) column_ = BuildInferred();
  }

 private:
  enum class Kind : uint8_t { kNull, kInt, kFloat, kBool, kText };

  Status WrongType(size_t row, std::string_view expected, std::string_view got) const {
    return InvalidArgumentError("row " + std::to_string(row + 1) + ", column '" + name_ + "' (" +
                                std::to_string(index_ + 1) + "): expected " +
                                std::string(expected) + ", got " + std::string(got))
        .WithDetail("row", row + 1)
        .WithDetail("column", name_)
        .WithDetail("column_index", index_ + 1);
  }
  Status WrongDateType(size_t row, std::string_view got) const {
    return WrongType(row,
                     column_.type == DataType::kDate ? "a date (YYYY-MM-DD) as text"
                                                     : "a date-time (YYYY-MM-DDTHH:MM:SS) as text",
                     got);
  }

  static std::string NumberText(double v) {
    std::string s;
    AppendNumberText(v, &s);
    return s;
  }

  void WidenToFloat() {
    column_.type = DataType::kFloat64;
    column_.doubles.resize(column_.ints.size());
    for (size_t r = 0; r < column_.ints.size(); ++r) {
      column_.doubles[r] = column_.valid[r] ? static_cast<double>(column_.ints[r]) : std::nan("");
    }
    column_.ints = {};
  }

  void AddInferred(Kind kind, std::string_view text) {
    kinds_.push_back(kind);
    offsets_.push_back(static_cast<uint32_t>(text_.size()));
    text_.append(text);
    lengths_.push_back(static_cast<uint32_t>(text.size()));
  }

  Status InferredNumber(Kind kind, double v, const int64_t* as_int) {
    if (as_int != nullptr) {
      char buf[24];
      auto res = std::to_chars(buf, buf + sizeof(buf), *as_int);
      AddInferred(kind, std::string_view(buf, res.ptr - buf));
    } else {
      AddInferred(kind, NumberText(v));
    }
    return Status::Ok();
  }

  Column BuildInferred() {
    bool all_int = true, all_number = true, all_bool = true;
    bool long_text = false;
    for (size_t r = 0; r < kinds_.size(); ++r) {
      const Kind k = kinds_[r];
      if (k == Kind::kNull) continue;
      all_int &= k == Kind::kInt;
      all_number &= k == Kind::kInt || k == Kind::kFloat;
      all_bool &= k == Kind::kBool;
      long_text |= lengths_[r] > data::kShortValueBytes;
    }
    DataType type = all_int      ? DataType::kInt64
                    : all_number ? DataType::kFloat64
                    : all_bool   ? DataType::kBool
                    : long_text  ? DataType::kText
                                 : DataType::kCategorical;
    bool any = std::any_of(kinds_.begin(), kinds_.end(), [](Kind k) { return k != Kind::kNull; });
    if (!any) type = DataType::kText;  // no values at all: text, as the readers do
    Column c = Column::Make(name_, type);
    c.Reserve(kinds_.size());
    for (size_t r = 0; r < kinds_.size(); ++r) {
      if (kinds_[r] == Kind::kNull) {
        c.AppendNull();
        continue;
      }
      std::string_view s(text_.data() + offsets_[r], lengths_[r]);
      int64_t i = 0;
      double d = 0;
      switch (type) {
        case DataType::kInt64: data::ParseInt64(s, &i); c.AppendInt(i); break;
        case DataType::kFloat64: data::ParseFloat64(s, &d); c.AppendDouble(d); break;
        case DataType::kBool: c.AppendInt(s == "true" ? 1 : 0); break;
        default: c.AppendString(s); break;
      }
    }
    return c;
  }

  const std::string& name_;
  size_t index_;
  bool inferred_;
  Column& column_;
  // Inferred columns: the cells as text with their kind, typed in Finish().
  std::vector<Kind> kinds_;
  std::vector<uint32_t> offsets_, lengths_;
  std::string text_;
};

// The builders for one request, one per schema column, writing into `*table`: its columns are
// reused when they are the schema's (same names, in order), otherwise it is rebuilt. The builder
// list is the thread's (one TableBuilder at a time per thread), so a request allocates none.
class TableBuilder {
 public:
  TableBuilder(const InputSchema& schema, size_t expected_rows, data::Table* table)
      : builders_(ThreadBuilders()) {
    LATHE_DCHECK(builders_.empty());  // one TableBuilder at a time per thread
    builders_.clear();
    const size_t ncols = schema.columns.size();
    bool reuse = table->num_columns() == ncols;
    for (size_t i = 0; reuse && i < ncols; ++i) reuse = table->column(i).name == schema.columns[i];
    if (!reuse) {
      *table = data::Table();
      for (size_t i = 0; i < ncols; ++i) {
        Status added = table->AddColumn(Column::Make(schema.columns[i], DataType::kText));
        LATHE_DCHECK(added.ok());  // empty columns always fit
      }
    }
    builders_.reserve(ncols);
    for (size_t i = 0; i < ncols; ++i) {
      // (A plain type and flag, not a std::optional copy: g++ 12 -O2 warns maybe-uninitialized.)
      const bool inferred = i >= schema.types.size() || !schema.types[i].has_value();
      const DataType type = inferred ? DataType::kText : schema.types[i].value();
      Column& column = table->mutable_column(i);
      ResetColumn(column, type);
      builders_.emplace_back(schema.columns[i], i, inferred, column);
      builders_.back().Reserve(expected_rows);
    }
  }
  ColumnBuilder& operator[](size_t i) { return builders_[i]; }
  size_t size() const { return builders_.size(); }

  ~TableBuilder() { builders_.clear(); }  // (keeps the list's capacity for the next request)
  TableBuilder(const TableBuilder&) = delete;
  TableBuilder& operator=(const TableBuilder&) = delete;

  void Finish() {
    for (ColumnBuilder& b : builders_) b.Finish();
  }

 private:
  static std::vector<ColumnBuilder>& ThreadBuilders() {
    thread_local std::vector<ColumnBuilder> builders;
    return builders;
  }

  std::vector<ColumnBuilder>& builders_;
};

// ---- CSV ----

struct CsvField {
  size_t begin;      // offset into the body, or into scratch when unescaped
  size_t size;
  bool in_scratch;
};

// Parses the record starting at `pos` into `fields`; `*pos` moves past its line end.
Status ReadCsvRecord(std::string_view body, size_t* pos, size_t row, std::vector<CsvField>* fields,
                     std::string* scratch) {
  fields->clear();
  scratch->clear();
  const char* data = body.data();
  const size_t n = body.size();
  size_t p = *pos;
  while (true) {
    if (p < n && data[p] == '"') {
      const size_t quote_at = p;
      ++p;
      size_t start = p;
      bool escaped = false;
      size_t scratch_begin = scratch->size();
      while (true) {
        const void* q = std::memchr(data + p, '"', n - p);
        if (q == nullptr) {
          return RowError(row, "unterminated quoted field starting at byte " +
                                   std::to_string(quote_at + 1))
              .WithDetail("byte", quote_at + 1);
        }
        size_t qp = static_cast<const char*>(q) - data;
        if (qp + 1 < n && data[qp + 1] == '"') {  // "" is an escaped quote
          scratch->append(data + start, qp + 1 - start);
          escaped = true;
          p = qp + 2;
          start = p;
          continue;
        }
        if (escaped) {
          scratch->append(data + start, qp - start);
          fields->push_back({scratch_begin, scratch->size() - scratch_begin, true});
        } else {
          fields->push_back({start, qp - start, false});
        }
        p = qp + 1;
        break;
      }
      if (p < n && data[p] == '\r') ++p;
      if (p < n && data[p] != ',' && data[p] != '\n') {
        return RowError(row, "unexpected text after the closing quote of value " +
                                 std::to_string(fields->size()) + " (byte " +
                                 std::to_string(p + 1) + ")")
            .WithDetail("byte", p + 1);
      }
    } else {
      const size_t start = p;
      while (p < n && data[p] != ',' && data[p] != '\n') ++p;
      size_t end = p;
      if (end > start && data[end - 1] == '\r') --end;
      fields->push_back({start, end - start, false});
    }
    if (p >= n || data[p] == '\n') {
      *pos = p + 1;
      return Status::Ok();
    }
    ++p;  // the comma
  }
}

bool IsBlankLine(std::string_view body, size_t pos, size_t* next) {
  size_t p = pos;
  while (p < body.size() && (body[p] == ' ' || body[p] == '\t' || body[p] == '\r')) ++p;
  if (p < body.size() && body[p] != '\n') return false;
  *next = p + 1;
  return true;
}

Status DecodeCsv(std::string_view body, const InputSchema& schema, size_t max_rows,
                 data::Table* table) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  if (IsAllWhitespace(body)) return EmptyBody();
  const size_t lines = static_cast<size_t>(std::count(body.begin(), body.end(), '\n')) + 1;
  TableBuilder builder(schema, std::min(lines, max_rows), table);
  const size_t ncols = schema.columns.size();
  thread_local std::vector<CsvField> fields;  // scratch (a few bytes per column), kept per thread
  fields.reserve(ncols + 1);
  std::string scratch;
  size_t pos = 0;
  size_t row = 0;
  while (pos < body.size()) {
    size_t next;
    if (ncols != 1 && IsBlankLine(body, pos, &next)) {  // blank lines are skipped (not a row)
      pos = next;
      continue;
    }
    if (row >= max_rows) return TooManyRows(max_rows);
    LATHE_RETURN_IF_ERROR(ReadCsvRecord(body, &pos, row, &fields, &scratch));
    if (fields.size() != ncols) return WrongCount(row, schema, fields.size());
    for (size_t col = 0; col < ncols; ++col) {
      const CsvField& f = fields[col];
      std::string_view v(f.in_scratch ? scratch.data() + f.begin : body.data() + f.begin, f.size);
      LATHE_RETURN_IF_ERROR(builder[col].Text(v, row));
    }
    ++row;
  }
  if (row == 0) return EmptyBody();
  builder.Finish();
  return Status::Ok();
}

// ---- JSON and JSON Lines ----

// Byte offset and message of the first syntax error, from nlohmann (error path only).
Status MalformedJson(std::string_view text, simdjson::error_code code, std::string_view where) {
  std::string prefix = where.empty() ? "" : std::string(where) + ", ";
  try {
    nlohmann::json parsed = nlohmann::json::parse(text);  // throws at the first error
    (void)parsed;
  } catch (const nlohmann::json::parse_error& e) {
    return InvalidArgumentError(prefix + "malformed JSON at byte " + std::to_string(e.byte) +
                                ": " + e.what())
        .WithDetail("byte", e.byte);
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgumentError(prefix + "malformed JSON: " + e.what());
  }
  return InvalidArgumentError(prefix + "malformed JSON: " + simdjson::error_message(code));
}

std::string_view JsonTypeName(simdjson::dom::element_type t) {
  using T = simdjson::dom::element_type;
  switch (t) {
    case T::ARRAY: return "an array";
    case T::OBJECT: return "an object";
    case T::STRING: return "a string";
    case T::BOOL: return "a boolean";
    case T::NULL_VALUE: return "null";
    default: return "a number";
  }
}

Status AppendValue(simdjson::dom::element v, size_t row, ColumnBuilder& b) {
  using T = simdjson::dom::element_type;
  switch (v.type()) {
    case T::NULL_VALUE: b.Null(); return Status::Ok();
    case T::STRING: return b.Text(std::string_view(v.get_string().value_unsafe()), row);
    case T::INT64: return b.Int(v.get_int64().value_unsafe(), row);
    case T::UINT64: return b.Double(static_cast<double>(v.get_uint64().value_unsafe()), row);
    case T::DOUBLE: return b.Double(v.get_double().value_unsafe(), row);
    case T::BOOL: return b.Bool(v.get_bool().value_unsafe(), row);
    case T::ARRAY: return b.Nested(row, true);
    case T::OBJECT: return b.Nested(row, false);
  }
  return Status::Ok();
}

// Finds a column by name; a linear scan for narrow schemas.
class ColumnIndex {
 public:
  explicit ColumnIndex(const InputSchema& schema) : schema_(schema) {
    if (schema.columns.size() > kLinearMax) {
      for (size_t i = 0; i < schema.columns.size(); ++i) map_.emplace(schema.columns[i], i);
    }
  }
  int Find(std::string_view name) const {
    if (schema_.columns.size() > kLinearMax) {
      auto it = map_.find(name);
      return it == map_.end() ? -1 : static_cast<int>(it->second);
    }
    for (size_t i = 0; i < schema_.columns.size(); ++i) {
      if (schema_.columns[i] == name) return static_cast<int>(i);
    }
    return -1;
  }

 private:
  static constexpr size_t kLinearMax = 16;
  const InputSchema& schema_;
  std::unordered_map<std::string_view, size_t> map_;
};

struct JsonRowContext {
  const InputSchema& schema;
  const ColumnIndex& index;
  TableBuilder& builder;
  std::vector<uint8_t>& seen;  // scratch, one flag per column
};

Status AppendRow(simdjson::dom::element row_value, size_t row, JsonRowContext& ctx) {
  const size_t ncols = ctx.schema.columns.size();
  simdjson::dom::array arr;
  if (row_value.get_array().get(arr) == simdjson::SUCCESS) {
    const size_t got = arr.size();
    if (got != ncols) return WrongCount(row, ctx.schema, got);
    size_t col = 0;
    for (simdjson::dom::element v : arr) {
      LATHE_RETURN_IF_ERROR(AppendValue(v, row, ctx.builder[col++]));
    }
    return Status::Ok();
  }
  simdjson::dom::object obj;
  if (row_value.get_object().get(obj) != simdjson::SUCCESS) {
    return RowError(row, "expected an array of values or an object by column name, got " +
                             std::string(JsonTypeName(row_value.type())) +
                             " (send one row as {\"features\": [...]} or [[...]])");
  }
  std::fill(ctx.seen.begin(), ctx.seen.end(), 0);
  for (simdjson::dom::key_value_pair field : obj) {
    const std::string_view key(field.key);
    const int col = ctx.index.Find(key);
    if (col < 0) {
      return RowError(row, "unknown column " + Quoted(key) + " (the model takes " +
                               ColumnList(ctx.schema.columns) + ")")
          .WithDetail("column", std::string(key));
    }
    if (ctx.seen[col]) {
      return RowError(row, "column " + Quoted(key) + " appears twice")
          .WithDetail("column", std::string(key));
    }
    ctx.seen[col] = 1;
    LATHE_RETURN_IF_ERROR(AppendValue(field.value, row, ctx.builder[col]));
  }
  for (size_t col = 0; col < ncols; ++col) {
    if (!ctx.seen[col]) ctx.builder[col].Null();
  }
  return Status::Ok();
}

// A parser per worker thread for ordinary bodies; big ones get their own (freed after).
simdjson::dom::parser& ParserFor(size_t bytes, std::unique_ptr<simdjson::dom::parser>* own) {
  if (bytes > kThreadParserMaxBytes) {
    *own = std::make_unique<simdjson::dom::parser>();
    return **own;
  }
  thread_local simdjson::dom::parser parser;
  return parser;
}

Status DecodeJson(std::string_view body, const InputSchema& schema, size_t max_rows,
                  data::Table* table) {
  if (IsAllWhitespace(body)) return EmptyBody();
  std::unique_ptr<simdjson::dom::parser> own;
  simdjson::dom::parser& parser = ParserFor(body.size(), &own);
  simdjson::dom::element doc;
  if (auto err = parser.parse(body.data(), body.size()).get(doc); err != simdjson::SUCCESS) {
    return MalformedJson(body, err, "");
  }
  simdjson::dom::array rows;
  bool single = false;
  if (doc.is_object()) {
    simdjson::dom::element inner;
    if (doc["instances"].get(inner) == simdjson::SUCCESS) {
      if (inner.get_array().get(rows) != simdjson::SUCCESS) {
        return InvalidArgumentError("\"instances\" must be an array of rows, got " +
                                    std::string(JsonTypeName(inner.type())));
      }
    } else if (doc["features"].get(inner) == simdjson::SUCCESS) {
      single = true;
    } else {
      return InvalidArgumentError(
          "expected {\"instances\": [rows]}, {\"features\": [values]} or an array of rows");
    }
    if (single) {
      TableBuilder builder(schema, 1, table);
      ColumnIndex index(schema);
      std::vector<uint8_t> seen(schema.columns.size());
      JsonRowContext ctx{schema, index, builder, seen};
      LATHE_RETURN_IF_ERROR(AppendRow(inner, 0, ctx));
      builder.Finish();
      return Status::Ok();
    }
  } else if (doc.get_array().get(rows) != simdjson::SUCCESS) {
    return InvalidArgumentError("expected {\"instances\": [rows]}, {\"features\": [values]} or "
                                "an array of rows, got " +
                                std::string(JsonTypeName(doc.type())));
  }
  const size_t count = rows.size();
  if (count == 0) return EmptyBody();
  if (count > max_rows) return TooManyRows(max_rows);
  TableBuilder builder(schema, count, table);
  ColumnIndex index(schema);
  std::vector<uint8_t> seen(schema.columns.size());
  JsonRowContext ctx{schema, index, builder, seen};
  size_t row = 0;
  for (simdjson::dom::element r : rows) LATHE_RETURN_IF_ERROR(AppendRow(r, row++, ctx));
  builder.Finish();
  return Status::Ok();
}

Status DecodeJsonLines(std::string_view body, const InputSchema& schema, size_t max_rows,
                       data::Table* table) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  const size_t lines = static_cast<size_t>(std::count(body.begin(), body.end(), '\n')) + 1;
  TableBuilder builder(schema, std::min(lines, max_rows), table);
  ColumnIndex index(schema);
  std::vector<uint8_t> seen(schema.columns.size());
  JsonRowContext ctx{schema, index, builder, seen};
  std::unique_ptr<simdjson::dom::parser> own;
  simdjson::dom::parser& parser = ParserFor(body.size(), &own);
  size_t pos = 0, row = 0, line_no = 0;
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) nl = body.size();
    std::string_view line = body.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (Trim(line).empty() || line == "\r") continue;
    if (row >= max_rows) return TooManyRows(max_rows);
    simdjson::dom::element doc;
    if (auto err = parser.parse(line.data(), line.size()).get(doc); err != simdjson::SUCCESS) {
      return MalformedJson(line, err, "line " + std::to_string(line_no))
          .WithDetail("line", line_no);
    }
    LATHE_RETURN_IF_ERROR(AppendRow(doc, row++, ctx));
  }
  if (row == 0) return EmptyBody();
  builder.Finish();
  return Status::Ok();
}

// ---- encoding ----

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default: {
        const char esc[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out->append(esc, sizeof(esc));
      }
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

// Shortest text that reads back as the same float; `null_text` for NaN and infinities.
void AppendFloat(float v, std::string_view null_text, std::string* out) {
  if (!std::isfinite(v)) {
    out->append(null_text);
    return;
  }
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, res.ptr);
}

void AppendCsvText(std::string_view s, std::string* out) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(s);
    return;
  }
  out->push_back('"');
  for (char c : s) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

// The probability of row's predicted label (its class column), or the row's maximum.
float LabelProbability(const ml::PredictionBatch& p, size_t row) {
  const size_t k = p.classes.size();
  const float* probs = p.probabilities.data() + row * k;
  if (row < p.labels.size()) {
    for (size_t c = 0; c < k; ++c) {
      if (p.classes[c] == p.labels[row]) return probs[c];
    }
  }
  return k == 0 ? std::nanf("") : *std::max_element(probs, probs + k);
}

bool IsClassification(const ml::PredictionBatch& p) {
  return !p.classes.empty() && p.probabilities.size() >= p.rows * p.classes.size() &&
         p.labels.size() >= p.rows;
}

void AppendPredictionObject(const ml::PredictionBatch& p, const ml::Explanation* x, size_t row,
                            std::string* out) {
  if (IsClassification(p)) {
    out->append("{\"predicted_label\":");
    AppendJsonString(p.labels[row], out);
    out->append(",\"probabilities\":{");
    const size_t k = p.classes.size();
    for (size_t c = 0; c < k; ++c) {
      if (c > 0) out->push_back(',');
      AppendJsonString(p.classes[c], out);
      out->push_back(':');
      AppendFloat(p.probabilities[row * k + c], "null", out);
    }
    out->append("},\"probability\":");
    AppendFloat(LabelProbability(p, row), "null", out);
  } else {
    out->append("{\"score\":");
    AppendFloat(row < p.values.size() ? p.values[row] : std::nanf(""), "null", out);
  }
  if (x != nullptr && row < x->bias.size()) {
    out->append(",\"explanation\":{\"bias\":");
    AppendFloat(x->bias[row], "null", out);
    out->append(",\"contributions\":{");
    const size_t m = x->columns.size();
    for (size_t c = 0; c < m; ++c) {
      if (c > 0) out->push_back(',');
      AppendJsonString(x->columns[c], out);
      out->push_back(':');
      AppendFloat(x->contributions[row * m + c], "null", out);
    }
    out->append("}}");
  }
  out->push_back('}');
}

void AppendCsvRow(const ml::PredictionBatch& p, const ml::Explanation* x, size_t row,
                  std::string* out) {
  if (IsClassification(p)) {
    AppendCsvText(p.labels[row], out);
    const size_t k = p.classes.size();
    for (size_t c = 0; c < k; ++c) {
      out->push_back(',');
      AppendFloat(p.probabilities[row * k + c], "", out);
    }
  } else {
    AppendFloat(row < p.values.size() ? p.values[row] : std::nanf(""), "", out);
  }
  if (x != nullptr && row < x->bias.size()) {
    out->push_back(',');
    AppendFloat(x->bias[row], "", out);
    const size_t m = x->columns.size();
    for (size_t c = 0; c < m; ++c) {
      out->push_back(',');
      AppendFloat(x->contributions[row * m + c], "", out);
    }
  }
  out->push_back('\n');
}

}  // namespace

std::string_view WireFormatContentType(WireFormat format) {
  switch (format) {
    case WireFormat::kCsv: return "text/csv";
    case WireFormat::kJson: return "application/json";
    case WireFormat::kJsonLines: return "application/jsonlines";
  }
  return "application/json";
}

Result<WireFormat> ParseContentType(std::string_view content_type) {
  std::string_view media = MediaType(content_type);
  if (std::optional<WireFormat> f = FormatOf(media)) return *f;
  std::string shown = media.empty() ? "(none)" : "'" + std::string(media) + "'";
  return InvalidArgumentError("unsupported Content-Type " + shown + "; supported: " +
                              std::string(kSupportedTypes))
      .WithDetail("content_type", std::string(content_type));
}

Result<WireFormat> ResponseFormat(std::optional<std::string_view> accept,
                                  WireFormat request_format) {
  const WireFormat json_flavour =
      request_format == WireFormat::kCsv ? WireFormat::kJson : request_format;
  if (!accept.has_value() || Trim(*accept).empty()) return json_flavour;
  std::optional<WireFormat> best;
  double best_q = 0;
  std::string_view rest = *accept;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view element = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const std::string_view media = MediaType(element);
    if (media.empty()) continue;
    double q = 1.0;
    for (size_t semi = element.find(';'); semi != std::string_view::npos;) {
      const size_t next = element.find(';', semi + 1);
      std::string_view param = Trim(element.substr(semi + 1, next - semi - 1));
      if (param.size() > 2 && Lower(param[0]) == 'q' && param[1] == '=') {
        std::string_view qs = param.substr(2);
        double parsed = 1.0;
        auto res = std::from_chars(qs.data(), qs.data() + qs.size(), parsed);
        if (res.ec == std::errc()) q = parsed;
      }
      semi = next;
    }
    std::optional<WireFormat> f;
    if (media == "*/*" || EqualsIgnoreCase(media, "application/*")) {
      f = json_flavour;
    } else if (EqualsIgnoreCase(media, "text/*")) {
      f = WireFormat::kCsv;
    } else {
      f = FormatOf(media);
    }
    if (f.has_value() && q > 0 && q > best_q) {
      best = f;
      best_q = q;
    }
  }
  if (best.has_value()) return *best;
  return InvalidArgumentError("unsupported Accept '" + std::string(*accept) + "'; supported: " +
                              std::string(kSupportedTypes))
      .WithDetail("accept", std::string(*accept));
}

Status DecodeRowsInto(WireFormat format, std::string_view body, const InputSchema& schema,
                      size_t max_rows, data::Table* table) {
  if (body.empty()) return EmptyBody();
  switch (format) {
    case WireFormat::kCsv: return DecodeCsv(body, schema, max_rows, table);
    case WireFormat::kJson: return DecodeJson(body, schema, max_rows, table);
    case WireFormat::kJsonLines: return DecodeJsonLines(body, schema, max_rows, table);
  }
  return InvalidArgumentError("unknown wire format");
}

Result<data::Table> DecodeRows(WireFormat format, std::string_view body, const InputSchema& schema,
                               size_t max_rows) {
  data::Table table;
  LATHE_RETURN_IF_ERROR(DecodeRowsInto(format, body, schema, max_rows, &table));
  return table;
}

std::string EncodePredictions(WireFormat format, const ml::PredictionBatch& predictions,
                              const ml::Explanation* explanation, std::string* content_type) {
  *content_type = std::string(WireFormatContentType(format));
  std::string out;
  const size_t per_row = 32 + 24 * (predictions.classes.size() + 1);
  out.reserve(16 + predictions.rows * per_row);
  switch (format) {
    case WireFormat::kJson:
      out.append("{\"predictions\":[");
      for (size_t row = 0; row < predictions.rows; ++row) {
        if (row > 0) out.push_back(',');
        AppendPredictionObject(predictions, explanation, row, &out);
      }
      out.append("]}");
      break;
    case WireFormat::kJsonLines:
      for (size_t row = 0; row < predictions.rows; ++row) {
        AppendPredictionObject(predictions, explanation, row, &out);
        out.push_back('\n');
      }
      break;
    case WireFormat::kCsv:
      for (size_t row = 0; row < predictions.rows; ++row) {
        AppendCsvRow(predictions, explanation, row, &out);
      }
      break;
  }
  return out;
}

}  // namespace lathe::serving
